"""Benchmark: the Fund's automated monitoring over a month of national claims (issue 5).

    .venv/bin/python benchmarks/monitoring.py                      # 1 M and 10 M claims, about 5 min
    .venv/bin/python benchmarks/monitoring.py --sizes 1,2,5,10     # how time grows with the month
    .venv/bin/python benchmarks/monitoring.py --sizes 0.2 --spark  # and the same run on Spark

For each size it writes (once, then reuses) a synthetic month with `kepil synth --claims N --seed S` under
--data-dir, then runs, each in a fresh process so that the peak memory is its own:

- **kepil**: `find_defects` with every algorithm on DuckDB (`kepil.law.monitoring_rules.defects`);
- **hand SQL**: one hand-written DuckDB query doing the same checks (issue 15's too: overlapping stays,
  bed-days after death, practitioners' loads, repeated visits, late referrals, missing profiles, the
  autopsy's diagnosis) over the same Parquet files, given
  the same two prepared tables (the working-day calendar and the coverage engine's answers for the claims
  the patient paid for, which no SQL can decide); penalties and JSON details are kepil's extra work;
- **Python loop**: the same checks claim by claim in plain Python over dicts, on a sample of the judged
  claims, extrapolated linearly to the month (the readmission and duplicate indexes built in Python too;
  issue 15's row checks, not its cross-claim ones: the loop is a floor's order of magnitude);
- **Spark** (with --spark): `find_defects(engine="spark")`, local[2].

It checks that kepil and the hand query find the same (claim, contract, rule) rows and that kepil finds
every defect of the synthetic ground truth and nothing else, and prints a table. Targets (issue 5, this
2-core machine): 10 M claims ≤ 30 s, peak memory ≤ 4 GB, kepil / hand SQL ≤ 1.3. Exit code 0 whatever
the figures (1 when a run could not be made or the answers disagree).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
PERIOD = "2026-03"
FIRST, LAST = "2026-03-01", "2026-03-31"
console = Console(width=170)

# The hand-written query: the checks of kepil.law.monitoring_rules.algorithms, in one statement.
HAND_SQL = """
WITH judged AS (
    SELECT * FROM claims WHERE end_date BETWEEN DATE '{first}' AND DATE '{last}'
),
j AS (
    SELECT c.claim_id, c.contract_id, c.care_kind, c.region, c.amount, c.provider_id, c.form, c.icd10,
           c.start_date, c.end_date, c.referral_date, c.outcome, c.paid_by_patient, {medicines} AS medicines,
           c.profile,
           p.iin IS NOT NULL AS p_found, p.death_date,
           k.contract_id IS NOT NULL AS k_found, k.provider_id AS k_provider, k.start_date AS k_start,
           k.end_date AS k_end, ';' || replace(k.care_kinds, ' ', '') || ';' AS k_kinds,
           s.wd_index - r.wd_index AS working_days, cov.covered, cov.funding
    FROM judged c
    LEFT JOIN persons p ON p.iin = c.iin
    LEFT JOIN contracts k ON k.contract_id = c.contract_id
    LEFT JOIN calendar r ON r.date = c.referral_date
    LEFT JOIN calendar s ON s.date = c.start_date
    LEFT JOIN coverage cov ON cov.claim_id = c.claim_id
),
row_defects AS (
    SELECT claim_id, contract_id, care_kind, region, amount, unnest(list_filter([
        CASE WHEN care_kind = 'inpatient' AND form = 'planned' AND icd10 IN (SELECT icd10 FROM day_hospital)
                  AND end_date - start_date <= 3 THEN 'round_the_clock_instead_of_day_hospital' END,
        CASE WHEN start_date > death_date AND care_kind <> 'pathology' THEN 'service_after_death' END,
        CASE WHEN start_date <= death_date AND end_date > death_date AND care_kind <> 'pathology'
             THEN 'stay_past_death' END,
        CASE WHEN form = 'planned' AND referral_date > start_date
                  AND care_kind IN ('phc', 'outpatient_specialized', 'screening', 'dental')
             THEN 'referral_after_start' END,
        CASE WHEN form = 'planned' AND referral_date > start_date
                  AND care_kind IN ('inpatient', 'day_hospital', 'rehabilitation')
             THEN 'referral_after_admission' END,
        CASE WHEN NOT p_found THEN 'unknown_person' END,
        CASE WHEN form = 'planned' AND referral_date IS NOT NULL AND working_days > 15
             THEN 'waiting_over_15_working_days' END,
        CASE WHEN outcome = 'died' AND care_kind IN ('phc', 'outpatient_specialized', 'dental', 'screening',
             'ambulance') THEN 'death_not_payable' END,
        CASE WHEN NOT k_found OR k_provider <> provider_id OR position(';' || care_kind || ';' IN k_kinds) = 0
                  OR start_date < k_start OR end_date > k_end THEN 'outside_contract' END,
        CASE WHEN paid_by_patient > 0 AND covered AND funding IN ('gvfmc', 'cshi')
             THEN 'charged_for_covered' END,
        CASE WHEN medicines > 0 AND covered AND funding IN ('gvfmc', 'cshi')
             THEN 'charged_for_own_medicines' END
    ], lambda x: x IS NOT NULL)) AS rule
    FROM j
),
inpatient AS (
    SELECT claim_id, contract_id, care_kind, region, amount, iin, start_date, end_date, outcome, provider_id,
           icd10
    FROM claims WHERE care_kind = 'inpatient'
),
stay_overlaps AS (
    SELECT DISTINCT a.claim_id, a.contract_id, a.care_kind, a.region, a.amount,
           'overlapping_inpatient_stays' AS rule
    FROM inpatient a JOIN inpatient b ON b.iin = a.iin AND b.claim_id <> a.claim_id
         AND b.start_date < a.end_date AND a.start_date < b.end_date
         AND NOT (b.provider_id = a.provider_id AND b.icd10 = a.icd10 AND b.start_date = a.start_date
                  AND b.end_date = a.end_date)
    WHERE a.end_date BETWEEN DATE '{first}' AND DATE '{last}'
),
visits AS (
    SELECT claim_id, contract_id, care_kind, region, amount, practitioner_id, start_date, end_date
    FROM claims WHERE practitioner_id IS NOT NULL
      AND care_kind IN ('phc', 'outpatient_specialized', 'dental', 'screening')
),
busy_days AS (
    SELECT practitioner_id, start_date FROM visits WHERE start_date <= DATE '{last}'
    GROUP BY ALL HAVING count(*) > 96
),
daily AS (
    SELECT v.claim_id, v.contract_id, v.care_kind, v.region, v.amount, 'practitioner_daily_load' AS rule
    FROM visits v JOIN busy_days d USING (practitioner_id, start_date)
    WHERE v.end_date BETWEEN DATE '{first}' AND DATE '{last}'
),
busy_months AS (
    SELECT practitioner_id FROM visits WHERE start_date BETWEEN DATE '{first}' AND DATE '{last}'
    GROUP BY ALL HAVING count(*) > 1056
),
monthly AS (
    SELECT v.claim_id, v.contract_id, v.care_kind, v.region, v.amount, 'practitioner_monthly_load' AS rule
    FROM visits v JOIN busy_months m USING (practitioner_id)
    ANTI JOIN busy_days d USING (practitioner_id, start_date)
    WHERE v.end_date BETWEEN DATE '{first}' AND DATE '{last}'
),
repeated_visits AS (
    SELECT claim_id, contract_id, care_kind, region, amount, 'repeated_visits' AS rule FROM (
        SELECT *, dense_rank() OVER (PARTITION BY iin, provider_id, care_kind, icd10 ORDER BY start_date) AS n
        FROM judged WHERE care_kind IN ('phc', 'outpatient_specialized', 'dental'))
    WHERE n > 4
),
mismatch AS (
    SELECT claim_id, contract_id, care_kind, region, amount, 'diagnosis_not_confirmed_by_pathology' AS rule
    FROM (
        SELECT d.*, p.icd10 AS p_icd10
        FROM judged d JOIN claims p ON p.iin = d.iin AND p.care_kind = 'pathology'
             AND p.start_date - d.end_date BETWEEN 0 AND 30
        WHERE d.outcome = 'died' AND d.care_kind <> 'pathology'
        QUALIFY row_number() OVER (PARTITION BY d.claim_id ORDER BY p.start_date, p.claim_id) = 1)
    WHERE substr(icd10, 1, 3) <> substr(p_icd10, 1, 3)
),
readmissions AS (
    SELECT l.claim_id, l.contract_id, l.care_kind, l.region, l.amount, 'readmission_30d' AS rule
    FROM inpatient l
    LEFT JOIN contracts k ON k.contract_id = l.contract_id
    JOIN inpatient e ON e.iin = l.iin AND e.outcome = 'completed' AND e.end_date <= DATE '{last}'
    WHERE l.end_date BETWEEN DATE '{first}' AND DATE '{last}' AND NOT coalesce(k.palliative, false)
      AND e.claim_id <> l.claim_id AND l.start_date - e.end_date BETWEEN 0 AND 30
      AND (e.end_date < l.end_date OR (e.end_date = l.end_date AND (e.start_date < l.start_date
           OR (e.start_date = l.start_date AND e.claim_id < l.claim_id))))
    QUALIFY row_number() OVER (PARTITION BY l.claim_id ORDER BY e.end_date DESC, e.start_date DESC,
                               e.claim_id DESC) = 1
),
repeated AS (
    SELECT iin, provider_id, care_kind, icd10, start_date, end_date, min(claim_id) AS first_id
    FROM judged GROUP BY ALL HAVING count(*) > 1
),
duplicates AS (
    SELECT c.claim_id, c.contract_id, c.care_kind, c.region, c.amount, 'duplicate_case' AS rule
    FROM judged c JOIN repeated d USING (iin, provider_id, care_kind, icd10, start_date, end_date)
    WHERE c.claim_id <> d.first_id
),
unlicensed AS (
    SELECT NULL::VARCHAR AS claim_id, k.contract_id, NULL::VARCHAR AS care_kind, NULL::VARCHAR AS region,
           k.sum AS amount, 'no_licence' AS rule
    FROM contracts k WHERE k.licensed = false
      AND k.contract_id IN (SELECT contract_id FROM judged)
)
SELECT * FROM row_defects UNION ALL SELECT * FROM readmissions UNION ALL SELECT * FROM duplicates
UNION ALL SELECT * FROM unlicensed UNION ALL SELECT * FROM stay_overlaps UNION ALL SELECT * FROM daily
UNION ALL SELECT * FROM monthly UNION ALL SELECT * FROM repeated_visits UNION ALL SELECT * FROM mismatch
"""


def cpu_seconds() -> float:
    """User + system CPU of this process, all its threads: steadier than wall time on a shared machine."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6  # kB on Linux


def _inputs(data: Path) -> Any:
    from kepil.claims.inputs import ClaimsInputs

    return ClaimsInputs(data / "claims.parquet", data / "persons.parquet", data / "contracts.parquet")


# ------------------------------------------------------------------ child processes (one run each)
def child_kepil(data: Path, engine: str, out: Path) -> dict[str, Any]:
    from kepil.law.monitoring_rules.defects import find_defects

    t, c = time.perf_counter(), cpu_seconds()
    found = find_defects(_inputs(data), PERIOD, engine=engine)
    seconds, cpu = time.perf_counter() - t, cpu_seconds() - c
    import pyarrow.parquet as pq

    pq.write_table(found.select(["claim_id", "contract_id", "rule"]), out)
    return {"seconds": seconds, "cpu": cpu, "rows": found.num_rows, "peak_gb": peak_gb()}


def _prepared(con: Any, data: Path) -> None:
    """The two tables no SQL can compute, prepared by kepil's own code: the working-day calendar and the
    coverage engine's answers for the judged claims the patient paid for."""
    import datetime as dt

    import ibis
    import polars as pl

    from kepil.law.monitoring_rules.algorithms.base import Sources, Window
    from kepil.law.monitoring_rules.algorithms.charges import MEDICINES, coverage_requests, decide
    from kepil.law.monitoring_rules.algorithms.inpatient import day_hospital_codes
    from kepil.law.monitoring_rules.algorithms.waiting import calendar_table

    icon = ibis.duckdb.from_connection(con)
    claims, persons, contracts = (icon.table(n) for n in ("claims", "persons", "contracts"))
    src = Sources(claims, persons, contracts, MEDICINES in claims.columns)
    w = Window(dt.date.fromisoformat(FIRST), dt.date.fromisoformat(LAST))
    requests = pl.from_arrow(icon.to_pyarrow(coverage_requests(src, w)))
    assert isinstance(requests, pl.DataFrame)
    coverage = decide(requests)
    calendar = calendar_table(2025, 2026)
    day_hospital = pl.DataFrame({"icd10": list(day_hospital_codes())}).to_arrow()
    con.register("coverage_arrow", coverage)
    con.register("calendar_arrow", calendar)
    con.register("day_hospital_arrow", day_hospital)
    con.execute("CREATE TABLE coverage AS SELECT * FROM coverage_arrow")
    con.execute("CREATE TABLE calendar AS SELECT * FROM calendar_arrow")
    con.execute("CREATE TABLE day_hospital AS SELECT * FROM day_hospital_arrow")


def child_sql(data: Path, out: Path) -> dict[str, Any]:
    import duckdb

    t0, c0 = time.perf_counter(), cpu_seconds()
    con = duckdb.connect()
    for name in ("claims", "persons", "contracts"):
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{data / (name + '.parquet')}')")
    _prepared(con, data)
    t1 = time.perf_counter()
    columns = {r[0] for r in con.execute("DESCRIBE claims").fetchall()}
    medicines = "c.paid_by_patient_medicines" if "paid_by_patient_medicines" in columns else "0"
    sql = HAND_SQL.format(first=FIRST, last=LAST, medicines=medicines)
    found = con.sql(sql).to_arrow_table()
    t2 = time.perf_counter()
    import pyarrow.parquet as pq

    pq.write_table(found.select(["claim_id", "contract_id", "rule"]), out)
    return {"seconds": t2 - t0, "cpu": cpu_seconds() - c0, "query_seconds": t2 - t1, "rows": found.num_rows,
            "peak_gb": peak_gb()}  # fmt: skip


def child_loop(data: Path, sample: int) -> dict[str, Any]:
    """The checks claim by claim in plain Python (dict look-ups), on the first `sample` judged claims."""
    import datetime as dt

    import polars as pl

    from kepil.law.monitoring_rules.algorithms.inpatient import day_hospital_codes
    from kepil.reference.calendar import is_working_day

    first, last = dt.date.fromisoformat(FIRST), dt.date.fromisoformat(LAST)
    claims = pl.read_parquet(data / "claims.parquet")
    month = claims.filter(pl.col("end_date").is_between(first, last))
    # The sample and every claim of its people (what the readmission and duplicate look-ups need): the
    # whole month as Python dicts would not fit in memory at 10 M claims.
    picked = month.head(sample)
    related = claims.filter(pl.col("iin").is_in(picked["iin"].unique().implode()))
    people = pl.read_parquet(data / "persons.parquet").filter(pl.col("iin").is_in(picked["iin"].implode()))
    persons = {r["iin"]: r for r in people.iter_rows(named=True)}
    contract_rows = pl.read_parquet(data / "contracts.parquet").iter_rows(named=True)
    contracts = {r["contract_id"]: r for r in contract_rows}
    day_hospital = set(day_hospital_codes())
    wd: dict[dt.date, int] = {}
    day, n = dt.date(2025, 1, 1), 0
    while day <= dt.date(2026, 12, 31):
        n += is_working_day(day)
        wd[day] = n
        day += dt.timedelta(days=1)
    t = time.perf_counter()
    rows = list(related.iter_rows(named=True))
    inpatient: dict[str, list[tuple[dt.date, dt.date, str]]] = {}
    first_of: dict[tuple[Any, ...], str] = {}
    for c in rows:  # the indexes a loop needs: a person's completed stays, the first of equal cases
        if c["care_kind"] == "inpatient" and c["outcome"] == "completed":
            inpatient.setdefault(c["iin"], []).append((c["end_date"], c["start_date"], c["claim_id"]))
        if first <= c["end_date"] <= last:
            key = (c["iin"], c["provider_id"], c["care_kind"], c["icd10"], c["start_date"], c["end_date"])
            if key not in first_of or c["claim_id"] < first_of[key]:
                first_of[key] = c["claim_id"]
    judged = list(picked.iter_rows(named=True))
    found = 0
    t_checks = time.perf_counter()
    for c in judged:
        p = persons.get(c["iin"])
        k = contracts.get(c["contract_id"])
        found += p is None
        death = p["death_date"] if p is not None else None
        if death is not None and c["care_kind"] != "pathology":
            found += c["start_date"] > death
            found += c["start_date"] <= death < c["end_date"]
        if c["form"] == "planned" and c["referral_date"] is not None and c["referral_date"] > c["start_date"]:
            found += 1  # referral after the start (1.2) or the admission (2.0)
        found += c["care_kind"] == "inpatient" and c["profile"] is None
        found += (
            c["care_kind"] == "inpatient"
            and c["form"] == "planned"
            and c["icd10"] in day_hospital
            and (c["end_date"] - c["start_date"]).days <= 3
        )
        if c["form"] == "planned" and c["referral_date"] is not None:
            found += wd[c["start_date"]] - wd[c["referral_date"]] > 15
        found += c["outcome"] == "died" and c["care_kind"] in (
            "phc",
            "outpatient_specialized",
            "dental",
            "screening",
            "ambulance",
        )
        found += k is None or (
            k["provider_id"] != c["provider_id"]
            or c["care_kind"] not in k["care_kinds"].split(";")
            or c["start_date"] < k["start_date"]
            or c["end_date"] > k["end_date"]
        )
        if c["care_kind"] == "inpatient" and not (k and k["palliative"]):
            found += any(
                0 <= (c["start_date"] - end).days <= 30 and cid != c["claim_id"] and end <= c["end_date"]
                for end, _start, cid in inpatient.get(c["iin"], ())
            )
        key = (c["iin"], c["provider_id"], c["care_kind"], c["icd10"], c["start_date"], c["end_date"])
        found += first_of[key] != c["claim_id"]
    # the indexes scale with the input's claims, the checks with the month's
    per_claim = (time.perf_counter() - t_checks) / max(1, len(judged))
    index_seconds = (t_checks - t) / max(1, len(rows)) * claims.height
    return {
        "per_claim_us": per_claim * 1e6,
        "seconds": index_seconds + per_claim * month.height,
        "sample": len(judged),
        "found_in_sample": found,
        "peak_gb": peak_gb(),
    }


# ------------------------------------------------------------------ the parent
def run_child(args: list[str]) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", *args]
    p = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if p.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{p.stderr[-3000:]}")
    out: dict[str, Any] = json.loads(p.stdout.strip().splitlines()[-1])
    return out


def median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Each figure's median over the runs (the rows and peak memory are those of any run)."""
    import statistics

    out = dict(runs[0])
    for key in ("seconds", "cpu", "query_seconds", "peak_gb"):
        if key in out:
            out[key] = statistics.median(r[key] for r in runs)
    return out


def ensure_data(data_dir: Path, millions: float, seed: int) -> tuple[Path, float | None]:
    n = int(millions * 1_000_000)
    data = data_dir / f"claims-{n}-seed{seed}"
    if (data / "ground_truth.parquet").exists():
        return data, None
    console.print(f"[dim]kepil synth --claims {n:,} --seed {seed} --out {data}[/]")
    t = time.perf_counter()
    kepil = Path(sys.executable).with_name("kepil")
    subprocess.run([str(kepil), "synth", "--claims", str(n), "--seed", str(seed), "--out", str(data)],
                   check=True, stdout=subprocess.DEVNULL)  # fmt: skip
    return data, time.perf_counter() - t


def same_rows(a: Path, b: Path) -> tuple[int, int]:
    """(rows only in a, rows only in b) by (claim_id, contract_id, rule)."""
    import polars as pl

    x, y = pl.read_parquet(a).unique(), pl.read_parquet(b).unique()
    keys = ["claim_id", "contract_id", "rule"]
    return (
        x.join(y, on=keys, how="anti", nulls_equal=True).height,
        y.join(x, on=keys, how="anti", nulls_equal=True).height,
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1,10", help="months to run, in millions of claims (default 1,10)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--data-dir", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "kepil-bench")
    ap.add_argument("--loop-sample", type=int, default=200_000, help="claims the Python loop checks")
    ap.add_argument("--spark", action="store_true", help="also run Spark on each size")
    ap.add_argument("--repeat", type=int, default=1, help="runs of kepil and the SQL, alternated (medians)")
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        kind, data = a.child[0], Path(a.child[1])
        if kind in ("duckdb", "spark"):
            result = child_kepil(data, kind, Path(a.child[2]))
        elif kind == "sql":
            result = child_sql(data, Path(a.child[2]))
        else:
            result = child_loop(data, int(a.child[2]))
        print(json.dumps(result))
        return 0

    table = Table(title=f"kepil monitoring benchmark — period {PERIOD}, DuckDB, {os.cpu_count()} cores")
    for col in ("claims", "kepil s (CPU)", "peak GB", "defects", "hand SQL s (CPU)", "kepil / SQL wall (CPU)",
                "Python loop s", "Spark s", "ground truth"):  # fmt: skip
        table.add_column(col, justify="right")
    status = 0
    for size in (float(s) for s in a.sizes.split(",")):
        data, synth_s = ensure_data(a.data_dir, size, a.seed)
        if synth_s is not None:
            console.print(f"[dim]  synthesised in {synth_s:.1f} s[/]")
        k_out, s_out, p_out = (
            data / "bench-kepil.parquet",
            data / "bench-sql.parquet",
            data / "bench-spark.parquet",
        )
        ks, ss = [], []
        for i in range(a.repeat):  # alternated, so that a change of the machine's load hits both
            console.print(f"[dim]{size:g} M: kepil on DuckDB ({i + 1}/{a.repeat}) …[/]")
            ks.append(run_child(["duckdb", str(data), str(k_out)]))
            console.print(f"[dim]{size:g} M: hand-written SQL ({i + 1}/{a.repeat}) …[/]")
            ss.append(run_child(["sql", str(data), str(s_out)]))
        k, s = median_run(ks), median_run(ss)
        console.print(f"[dim]{size:g} M: Python loop on a sample …[/]")
        loop = run_child(["loop", str(data), str(a.loop_sample)])
        spark = "—"
        if a.spark:
            console.print(f"[dim]{size:g} M: kepil on Spark …[/]")
            sp = run_child(["spark", str(data), str(p_out)])
            only_k, only_p = same_rows(k_out, p_out)
            spark = f"{sp['seconds']:.1f}" + (
                "" if only_k == only_p == 0 else f" (differs {only_k}/{only_p})"
            )
            status |= only_k != 0 or only_p != 0
        only_k, only_s = same_rows(k_out, s_out)
        truth_missed, truth_extra = same_rows(data / "ground_truth.parquet", k_out)
        status |= only_k != 0 or only_s != 0 or truth_missed != 0 or truth_extra != 0
        agree = "" if only_k == only_s == 0 else f" [red](differs: {only_k} kepil-only, {only_s} SQL-only)[/]"
        table.add_row(
            f"{int(size * 1e6):,}",
            f"{k['seconds']:.1f} ({k['cpu']:.1f})",
            f"{k['peak_gb']:.2f}",
            f"{k['rows']:,}",
            f"{s['seconds']:.1f} ({s['cpu']:.1f}; query {s['query_seconds']:.1f})",
            f"{k['seconds'] / s['seconds']:.2f} ({k['cpu'] / s['cpu']:.2f}){agree}",
            f"{loop['seconds']:.0f} ({loop['per_claim_us']:.1f} µs/claim)",
            spark,
            "all found, none extra" if truth_missed == truth_extra == 0
            else f"[red]missed {truth_missed}, extra {truth_extra}[/]",
        )  # fmt: skip
    console.print(table)
    console.print(
        "[dim]targets: 10 M claims ≤ 30 s and ≤ 4 GB on DuckDB; kepil / hand SQL ≤ 1.3 "
        "(hand SQL time includes preparing the calendar and the coverage answers; 'query' is the statement "
        "alone; CPU = user + system seconds of the process, all threads; medians of --repeat runs)[/]"
    )
    return int(status)


if __name__ == "__main__":
    sys.exit(main())
