"""What-if benchmark (issue 20): one command, prints each figure beside its floor and the ratio (medians).

    .venv/bin/python benchmarks/whatif.py [--rows 1000000] [--repeat 3] [--claims-dir DIR | --claims N]

- coverage: N synthetic requests decided once (one batch, `decide_frame` in the what-if's chunks) against the
  same requests under the law and a reform with the difference and its summary (`kepil.whatif.coverage.
  compare`) — for the built-in scenario program-2027 (34, 51: two kinds of care decided again) and for
  `as_of 2027-01-01` (every row decided again, the worst case). Floor: the what-if within 2.5× of one batch.
- claims: one `pay` + monitoring run of a synthetic month against `kepil whatif claims` on it
  (`compare_claims`: both runs, coverage of the claims on both sides, the differences). Floor: within 2.5×.
  The month is `kepil synth --claims N` (default 1,000,000; the issue's 10,000,000 with --claims 10000000
  on a machine that has the memory and time), or an existing directory (--claims-dir).

Runs alternate baseline and what-if; the medians are reported, with CPU seconds beside wall time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

TARIFFS = Path(__file__).resolve().parents[1] / "src/kepil/data/program_2026_2028/tariffs_example_2026.yaml"
FLOOR = 2.5


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def timed(fn: Callable[[], Any]) -> tuple[float, float]:
    w0, c0 = time.perf_counter(), cpu()
    fn()
    return time.perf_counter() - w0, cpu() - c0


def alternate(
    base: Callable[[], Any], other: Callable[[], Any], repeat: int
) -> tuple[float, float, float, float]:
    """Median wall and CPU of `base` and of `other`, run alternately `repeat` times each."""
    b, o = [], []
    for _ in range(repeat):
        b.append(timed(base))
        o.append(timed(other))
    med = statistics.median
    return med(x[0] for x in b), med(x[1] for x in b), med(x[0] for x in o), med(x[1] for x in o)


def line(label: str, base: float, base_cpu: float, figure: float, figure_cpu: float) -> None:
    ratio = figure / base if base else float("inf")
    verdict = "within" if ratio <= FLOOR else "OVER"
    print(
        f"{label:<44} one batch {base:7.2f} s (cpu {base_cpu:6.1f})   what-if {figure:7.2f} s (cpu "
        f"{figure_cpu:6.1f})   floor {FLOOR * base:7.2f} s   ratio {ratio:4.2f}× ({verdict} {FLOOR}×)"
    )


def coverage(rows: int, repeat: int) -> None:
    from kepil.coverage import columns as C
    from kepil.coverage.synthetic import requests
    from kepil.whatif import coverage as W
    from kepil.whatif.reform import apply, as_of_reform, load_reform

    t = C.typed(requests(rows, seed=2026))
    scenario = apply(load_reform("program-2027"))
    as_of = apply(as_of_reform(dt.date(2027, 1, 1)))
    W.compare(t.head(20_000), scenario)  # warm: plans compiled once per book, as a running service has them
    W.compare(t.head(20_000), as_of)
    for label, applied in (
        ("coverage, program-2027 (34, 51)", scenario),
        ("coverage, as_of 2027-01-01", as_of),
    ):
        base, base_cpu, fig, fig_cpu = alternate(
            lambda: W._decide(t, None, "en"), lambda a=applied: W.compare(t, a), repeat
        )
        line(f"{label}, {rows:,} requests", base, base_cpu, fig, fig_cpu)


def claims(month: Path, repeat: int) -> None:
    from kepil.law.program_2026_2028.payment import pay_to_files
    from kepil.law.program_2026_2028.tariffs import load_tariffs
    from kepil.monitoring.run import default_period, find_defects, load_inputs, penalty_bases
    from kepil.whatif.claims import compare_claims
    from kepil.whatif.reform import apply, load_reform

    files = [month / f"{n}.parquet" for n in ("claims", "persons", "contracts")]
    applied = apply(load_reform("program-2027"))

    def one_run() -> None:
        with tempfile.TemporaryDirectory(prefix="kepil-bench-") as tmp:
            work = Path(tmp)
            inputs = load_inputs(*files, work / "inputs", None)
            period = default_period(inputs.claims)
            pay_to_files(inputs.claims, load_tariffs(TARIFFS), work / "amounts.parquet", period=period)
            find_defects(
                inputs, period, region=None, engine="duckdb", bases=penalty_bases(TARIFFS), progress=None
            )

    def whatif() -> None:
        compare_claims(*files, TARIFFS, applied)

    import polars as pl

    n = pl.scan_parquet(files[0]).select(pl.len()).collect().item()
    base, base_cpu, fig, fig_cpu = alternate(one_run, whatif, repeat)
    line(f"claims, program-2027, {n:,} rows", base, base_cpu, fig, fig_cpu)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000, help="coverage requests (default 1,000,000)")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each, alternated; medians reported")
    ap.add_argument("--claims", type=int, default=1_000_000, help="claims of the synthetic month")
    ap.add_argument("--claims-dir", type=Path, default=None, help="an existing `kepil synth` directory")
    ap.add_argument("--skip-claims", action="store_true", help="the coverage figures only")
    ap.add_argument("--skip-coverage", action="store_true", help="the claims figures only")
    args = ap.parse_args()
    if not args.skip_coverage:
        coverage(args.rows, args.repeat)
    if args.skip_claims:
        return
    if args.claims_dir is not None:
        claims(args.claims_dir, args.repeat)
        return
    from kepil.claims.synth import generate

    with tempfile.TemporaryDirectory(prefix="kepil-bench-month-") as tmp:
        generate(args.claims, 7, Path(tmp), "2026-03")
        claims(Path(tmp), args.repeat)


if __name__ == "__main__":
    main()
