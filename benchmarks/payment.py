"""Benchmark: `kepil pay` over a synthetic national month with the example tariff book (issue 16).

    .venv/bin/python benchmarks/payment.py                    # 1 M and 10 M claims
    .venv/bin/python benchmarks/payment.py --sizes 1,2,5,10   # how time grows with the month

For each size it writes (once, then reuses) a month with `kepil synth --claims N --seed S` under
--data-dir (claims with their tariff inputs, the registry's attachments and the other populations), then
runs, each in a fresh process so that the peak memory is its own:

- **kepil**: `pay_to_files` — every claim validated, its method derived, priced and cited in one scan
  (the book looked up by projections, no hash join: streamed into the output in file order, no sort,
  no work file), the per-person rows from the complex-tariff claims of the stream, the per-capita rows
  (capitation counted by day from the attachments), the summary and the reconciliation of attachments,
  all written to Parquet (DuckDB's share 1400 MB unless KEPIL_DUCKDB_MEMORY_LIMIT);
- **hand SQL**: one hand-written DuckDB query computing the same per-claim amounts (the methods the
  synthetic month uses: cost groups, service tariffs, oncology, per-capita and per-person claims at 0,
  drugs at the amount presented) and the КЖН rows of the PHC organisations from the attachments counted by
  day — two columns written (claim_id, amount_tiyn) in no set order; no validation, no method, citation,
  presented amount, withholding or JSON inputs, no file order, no summary, no reconciliation.

It checks that both give the same amount for every claim and the same КЖН rows, and prints each figure
beside its floor (the hand query) and the ratio. Targets (issue 16, this 2-core machine): kepil within
1.5× of the hand query, ≤ 2 GB, time linear from 1 M to 10 M. Exit code 0 whatever the figures (1 when a
run could not be made or the answers disagree).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
PERIOD = "2026-03"
FIRST, LAST, DAYS = "2026-03-01", "2026-03-31", 31
console = Console(width=160)

HAND_SQL = r"""
COPY (
WITH c AS (
    SELECT * FROM read_parquet('{claims}') WHERE end_date BETWEEN DATE '{first}' AND DATE '{last}'
),
x AS (
    SELECT c.claim_id, c.care_kind AS k, c.amount, c.quantity, g.w, s.tiyn AS svc, o.tiyn AS onco_tiyn,
           c.ccg, c.tariff_code, c.service_code, c.funding,
           regexp_matches(replace(upper(c.icd10), '.', ''),
                          '^(C([0-7][0-9]|80|97)|D0[0-9]|D3[7-9]|D4[0-4]|D48)') AS onco,
           regexp_matches(upper(c.icd10), '^A1[5-9]') AS tb,
           regexp_matches(upper(c.icd10), '^B2[0-4]') AS hiv,
           regexp_matches(upper(c.icd10), '^F') AS mental
    FROM c
    LEFT JOIN ccg g ON c.ccg = g.code
    LEFT JOIN svc s ON c.service_code = s.code
    LEFT JOIN onco o ON c.tariff_code = o.code
)
SELECT claim_id,
    CASE
        WHEN k IN ('ambulance', 'air_ambulance') THEN 0
        WHEN k = 'treatment_abroad' THEN amount
        WHEN funding = 'gvfmc' AND ccg IS NULL AND tariff_code IS NULL AND service_code IS NULL AND (
             (tb AND k IN ('outpatient_specialized', 'inpatient', 'rehabilitation', 'palliative'))
             OR (hiv AND k = 'outpatient_specialized')
             OR (mental AND k IN ('outpatient_specialized', 'inpatient'))) THEN 0
        WHEN service_code IS NOT NULL THEN svc * coalesce(quantity, 1)
        WHEN onco AND k IN ('inpatient', 'day_hospital') THEN onco_tiyn
        WHEN ccg IS NOT NULL AND k IN ('inpatient', 'day_hospital', 'rehabilitation', 'palliative')
            THEN ({base} * w + 500000) // 1000000
        WHEN k = 'phc' THEN 0
        WHEN k = 'outpatient_drugs' AND (tb OR hiv) THEN amount
        ELSE NULL
    END AS amount_tiyn
FROM x
) TO '{out}' (FORMAT parquet);
COPY (
WITH a AS (
    SELECT provider_id, region, coalesce(rural, false) AS rural,
           date_diff('day', greatest(start, DATE '{first}'),
                     least(coalesce(ended_on - 1, DATE '{last}'), coalesce(valid_until, DATE '{last}'),
                           DATE '{last}')) + 1 AS days
    FROM read_parquet('{attachments}')
),
p AS (SELECT provider_id, region, any_value(rural) AS rural, sum(days) AS pd FROM a WHERE days >= 1
      GROUP BY provider_id, region)
SELECT p.provider_id,
       CASE WHEN p.rural THEN n.rural_norm ELSE n.norm END * (pd // {days})
       + (2 * CASE WHEN p.rural THEN n.rural_norm ELSE n.norm END * (pd % {days}) + {days}) // (2 * {days})
       AS amount_tiyn
FROM p JOIN norms n ON p.region = n.region
) TO '{kzn}' (FORMAT parquet);
"""


def cpu_seconds() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    c = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime + c.ru_utime + c.ru_stime


def peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6  # kB on Linux


def child_kepil(data: Path, out: Path) -> dict[str, Any]:
    from kepil.data import data_path
    from kepil.law.program_2026_2028.payment import pay_to_files
    from kepil.law.program_2026_2028.tariffs import load_tariffs

    t0, c0 = time.perf_counter(), cpu_seconds()
    book = load_tariffs(data_path("program_2026_2028", "tariffs_example_2026.yaml"))
    sources = [data / "attachments.parquet", data / "population.parquet"]
    recon = out.with_name("bench-kepil.attachments.parquet")
    rows, summary = pay_to_files(data / "claims.parquet", book, out, period=PERIOD, attached=sources,
                                 reconciliation=recon)  # fmt: skip
    unpriced = sum(r["unpriced"] for r in summary.to_pylist())
    return {"seconds": time.perf_counter() - t0, "cpu": cpu_seconds() - c0, "peak_gb": peak_gb(),
            "rows": rows, "unpriced": unpriced}  # fmt: skip


def child_sql(data: Path, out: Path) -> dict[str, Any]:
    import duckdb
    import pyarrow as pa

    from kepil.data import data_path
    from kepil.law.program_2026_2028.tariffs import load_tariffs, weight_micro

    t0, c0 = time.perf_counter(), cpu_seconds()
    book = load_tariffs(data_path("program_2026_2028", "tariffs_example_2026.yaml"))
    con = duckdb.connect()
    limit = os.environ.get("KEPIL_DUCKDB_MEMORY_LIMIT", "2GB")
    con.execute(f"SET memory_limit = '{limit}'")
    ccg = pa.table({"code": list(book.clinical_cost_groups),
                    "w": [weight_micro(w) for w in book.clinical_cost_groups.values()]})  # fmt: skip
    services = [(c, t) for codes in book.service_tariffs.values() for c, t in codes.items()]
    svc = pa.table({"code": [c for c, _ in services], "tiyn": [t for _, t in services]})
    onco_prices = book.prices["oncology_tiyn"]
    onco = pa.table({"code": list(onco_prices), "tiyn": list(onco_prices.values())})
    regs = sorted(book.regions)
    norms = pa.table({
        "region": regs,
        "norm": [book.regions[r].norms_tiyn["comprehensive_per_capita_norm_tiyn"] for r in regs],
        "rural_norm": [book.regions[r].norms_tiyn["rural_comprehensive_per_capita_norm_tiyn"] for r in regs],
    })  # fmt: skip
    for name, table in (("ccg", ccg), ("svc", svc), ("onco", onco), ("norms", norms)):
        con.register(name, table)
    q0 = time.perf_counter()
    con.execute(HAND_SQL.format(
        claims=data / "claims.parquet", attachments=data / "attachments.parquet", first=FIRST, last=LAST,
        days=DAYS, base=book.base_rate_tiyn, out=out, kzn=out.with_name("bench-sql-kzn.parquet"),
    ))  # fmt: skip
    return {"seconds": time.perf_counter() - t0, "cpu": cpu_seconds() - c0,
            "query_seconds": time.perf_counter() - q0, "peak_gb": peak_gb()}  # fmt: skip


def compare(data: Path) -> tuple[int, int]:
    """(claims whose amounts differ, КЖН rows that differ) between kepil's and the hand query's files."""
    import polars as pl

    k = pl.read_parquet(data / "bench-kepil.parquet")
    s = pl.read_parquet(data / "bench-sql.parquet")
    per_claim = k.filter(pl.col("claim_id").is_not_null()).select("claim_id", "amount_tiyn")
    diff = per_claim.join(s, on="claim_id", how="full", nulls_equal=True, suffix="_sql")
    bad = diff.filter(
        pl.col("claim_id").is_null() | pl.col("claim_id_sql").is_null()
        | (pl.col("amount_tiyn").ne_missing(pl.col("amount_tiyn_sql")))
    ).height  # fmt: skip
    kzn_methods = ["comprehensive_per_capita_norm", "rural_care_package"]
    kzn = k.filter(pl.col("claim_id").is_null() & pl.col("method").is_in(kzn_methods))
    kzn = kzn.select("provider_id", "amount_tiyn").sort("provider_id")
    hand = pl.read_parquet(data / "bench-sql-kzn.parquet").sort("provider_id")
    return bad, int(not kzn.equals(hand))


def run_child(args: list[str]) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    p = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True, cwd=ROOT,
                       env=env)  # fmt: skip
    if p.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{p.stderr[-3000:]}")
    out: dict[str, Any] = json.loads(p.stdout.strip().splitlines()[-1])
    return out


def ensure_data(data_dir: Path, millions: float, seed: int) -> Path:
    n = int(millions * 1_000_000)
    data = data_dir / f"pay-{n}-seed{seed}"
    if not (data / "population.parquet").exists():
        console.print(f"[dim]kepil synth --claims {n:,} --seed {seed} --out {data}[/]")
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        subprocess.run([sys.executable, "-m", "kepil", "synth", "--claims", str(n), "--seed", str(seed),
                        "--out", str(data), "--period", PERIOD], check=True, stdout=subprocess.DEVNULL,
                       env=env)  # fmt: skip
    return data


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1,10", help="months to run, in millions of claims (default 1,10)")
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("--data-dir", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "kepil-bench")
    ap.add_argument("--repeat", type=int, default=1, help="runs of kepil and the SQL, alternated (medians)")
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        kind, data, out = a.child[0], Path(a.child[1]), Path(a.child[2])
        print(json.dumps(child_kepil(data, out) if kind == "kepil" else child_sql(data, out)))
        return 0
    table = Table(title=f"kepil pay benchmark — period {PERIOD}, DuckDB, {os.cpu_count()} cores (medians)")
    for col in ("claims", "kepil s (CPU)", "peak GB (floor 2)", "hand SQL s (CPU)", "kepil / SQL (floor 1.5)",
                "s per M claims", "unpriced", "agree"):  # fmt: skip
        table.add_column(col, justify="right")
    status = 0
    for size in (float(s) for s in a.sizes.split(",")):
        data = ensure_data(a.data_dir, size, a.seed)
        ks, ss = [], []
        for i in range(a.repeat):
            console.print(f"[dim]{size:g} M: kepil ({i + 1}/{a.repeat}) …[/]")
            ks.append(run_child(["kepil", str(data), str(data / "bench-kepil.parquet")]))
            console.print(f"[dim]{size:g} M: hand-written SQL ({i + 1}/{a.repeat}) …[/]")
            ss.append(run_child(["sql", str(data), str(data / "bench-sql.parquet")]))
        k = {key: statistics.median(r[key] for r in ks) for key in ("seconds", "cpu", "peak_gb")} | ks[0]
        s = {key: statistics.median(r[key] for r in ss) for key in ("seconds", "cpu", "query_seconds")}
        bad_claims, bad_kzn = compare(data)
        status |= bad_claims != 0 or bad_kzn != 0
        table.add_row(
            f"{int(size * 1e6):,}",
            f"{k['seconds']:.1f} ({k['cpu']:.1f})",
            f"{k['peak_gb']:.2f} ({k['peak_gb'] / 2:.2f}×)",
            f"{s['seconds']:.1f} ({s['cpu']:.1f}; query {s['query_seconds']:.1f})",
            f"{k['seconds'] / s['seconds']:.2f} ({k['cpu'] / s['cpu']:.2f})",
            f"{k['seconds'] / size:.1f}",
            f"{k['unpriced']:,}",
            "yes" if bad_claims == bad_kzn == 0 else f"[red]{bad_claims} claims, КЖН {bad_kzn}[/]",
        )
    console.print(table)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
