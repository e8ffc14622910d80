"""FHIR benchmark (issue 18): kepil's FHIR server over HTTP on this machine, loopback only. One command:

    .venv/bin/python benchmarks/fhir.py [--creates 200] [--entries 1000] [--runs 3]

It upgrades a fresh SQLite store, creates an analyst key, starts `kepil serve` (one worker) and measures
(a) `create`: `POST /fhir/CoverageEligibilityRequest` of docs/fhir.md's example, one after another —
    the median latency; floor 50 ms (the JSON API's single-decision p99 target, docs/service-benchmarks.md);
(b) `batch`: `POST /fhir` with a batch Bundle of --entries such requests, --runs times — the median
    entries/s; floor 100/s (a desk's day of 10,000 checks in under two minutes).
Each figure is printed beside its floor and the ratio; the exit code is 0 whatever they are.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from service import console, http, kepil, serving

DOCS = Path(__file__).resolve().parent.parent / "docs" / "fhir.md"


def example_request() -> dict[str, Any]:
    """docs/fhir.md's example CoverageEligibilityRequest (the first JSON block after "## Example")."""
    block = DOCS.read_text().split("## Example", 1)[1].split("```json\n")[1]
    loaded: dict[str, Any] = json.loads(block.split("\n```", 1)[0])
    return loaded


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--creates", type=int, default=200)
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    body = example_request()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'kepil.db'}"
        kepil("db", "upgrade", "--database-url", url)
        key = kepil("keys", "create", "--role", "analyst", "--label", "benchmark", "--database-url", url)
        with serving(url, 1, Path(tmp) / "serve.log") as server:
            latencies = []
            for _ in range(args.creates):
                start = time.perf_counter()
                status, _ = http(server.port, "POST", "/fhir/CoverageEligibilityRequest", key, body)
                latencies.append(time.perf_counter() - start)
                assert status == 201, status
            entry = {"request": {"method": "POST", "url": "CoverageEligibilityRequest"}, "resource": body}
            bundle = {"resourceType": "Bundle", "type": "batch", "entry": [entry] * args.entries}
            rates = []
            for _ in range(args.runs):
                start = time.perf_counter()
                status, out = http(server.port, "POST", "/fhir", key, bundle)
                rates.append(args.entries / (time.perf_counter() - start))
                assert status == 200 and len(out["entry"]) == args.entries, status
    create_ms = statistics.median(latencies) * 1000
    batch_rate = statistics.median(rates)
    console.print(
        f"create, median of {args.creates}: {create_ms:.1f} ms (floor ≤ 50 ms, ratio {50 / create_ms:.2f})"
    )
    console.print(
        f"batch of {args.entries}, median of {args.runs}: {batch_rate:.0f} entries/s "
        f"(floor ≥ 100/s, ratio {batch_rate / 100:.2f})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
