"""Coverage benchmark (issue 3): one command, prints its figures.

    .venv/bin/python benchmarks/coverage.py [--rows 1000000] [--single 20000]

- single decision in-process: median and p99 of `decide()` over varied requests (target: median ≤ 100 µs);
- batch Parquet → Parquet of N varied requests through `kepil coverage decide --input --output`, in a child
  process, with its wall time and peak memory (targets for 1,000,000: ≤ 5 s, ≤ 2 GB);
- the ratio against running the single path row by row over the same requests (measured on a sample,
  extrapolated linearly).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kepil.coverage import columns as C
from kepil.coverage.decision import decide
from kepil.coverage.synthetic import requests


def single(n: int) -> tuple[float, float, float]:
    raws = [C.raw_request(r) for r in C.typed(requests(n, seed=11)).iter_rows(named=True)]
    for r in raws[:500]:  # warm the caches (reference lists, explanations) as a running service has them
        decide(r)
    times = []
    for r in raws:
        t0 = time.perf_counter_ns()
        decide(r)
        times.append(time.perf_counter_ns() - t0)
    times.sort()
    return (
        statistics.median(times) / 1000,
        times[int(len(times) * 0.99)] / 1000,
        sum(times) / len(times) / 1000,
    )


def single_cpu(n: int, seed: int = 404, rounds: int = 3) -> float:
    """CPU µs one in-process `decide()` costs: `n` varied requests (the service benchmark's pool, seed 404)
    decided `rounds` times after a warm-up, CPU time of the loop over the decisions (benchmarks/run.py
    compares the CPU of `kepil serve` per decision with it)."""
    raws = [C.raw_request(r) for r in C.typed(requests(n, seed=seed)).iter_rows(named=True)]
    for r in raws[:500]:
        decide(r)
    per: list[float] = []
    for _ in range(rounds):
        t0 = time.process_time()
        for r in raws:
            decide(r)
        per.append((time.process_time() - t0) / n * 1e6)
    return statistics.median(per)


def batch(rows: int, workdir: Path) -> tuple[float, float]:
    src, dst = workdir / "requests.parquet", workdir / "decisions.parquet"
    requests(rows, seed=2026).write_parquet(src)
    kepil = Path(sys.executable).with_name("kepil")
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    r = subprocess.run([str(kepil), "coverage", "decide", "--input", str(src), "--output", str(dst)],
                       capture_output=True, text=True)  # fmt: skip
    wall = time.perf_counter() - t0
    if r.returncode not in (0, 1):
        raise SystemExit(f"batch failed: {r.stderr}")
    peak = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before) / 1024
    return wall, peak


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000, help="batch size (default 1,000,000)")
    ap.add_argument("--single", type=int, default=20_000, help="requests timed one by one (default 20,000)")
    args = ap.parse_args()
    median, p99, mean = single(args.single)
    print(f"single decision, in-process: median {median:.1f} µs, p99 {p99:.1f} µs, mean {mean:.1f} µs "
          f"over {args.single:,} varied requests   (target: median ≤ 100 µs)")  # fmt: skip
    with tempfile.TemporaryDirectory() as d:
        wall, peak = batch(args.rows, Path(d))
    print(f"batch Parquet → Parquet, {args.rows:,} requests: {wall:.2f} s wall (including start-up), "
          f"peak memory {peak:,.0f} MB   (target for 1,000,000: ≤ 5 s, ≤ 2 GB)")  # fmt: skip
    row_by_row = mean * args.rows / 1e6
    print(f"single path row by row over the same {args.rows:,} requests: ≈ {row_by_row:.1f} s "
          f"→ batch is {row_by_row / wall:.1f}× faster")  # fmt: skip


if __name__ == "__main__":
    main()
