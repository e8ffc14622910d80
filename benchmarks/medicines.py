"""Medicines benchmark (issue 6): one command, prints its figures.

    .venv/bin/python benchmarks/medicines.py [--rows 1000000]

N synthetic outpatient prescriptions (drug-rules 19–20) in a Parquet file (text columns, as a CSV would
give them) go through the whole path: validation (`load_patients`), the personalised need by month, and
the aggregation by region, nosology and medicine into the budget request (drug-rules 18).
Target: 1,000,000 rows in ≤ 10 s end to end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path

from kepil.law.drug_rules import need as N
from kepil.law.drug_rules import request as R
from kepil.reports.medicines import synthetic_patients


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "patients.parquet"
        t0 = time.perf_counter()
        synthetic_patients(args.rows).write_parquet(path)
        print(f"synthetic {args.rows:,} prescriptions written in {time.perf_counter() - t0:.2f} s")

        t0 = time.perf_counter()
        patients = N.load_patients(path)
        t1 = time.perf_counter()
        need = N.personalised_need(patients, dt.date(2026, 3, 2))
        t2 = time.perf_counter()
        request = R.budget_request(need.lazy(), 2026).collect()
        t3 = time.perf_counter()
        warnings = R.deadline_warnings(need.lazy(), 2026, dt.date(2026, 4, 15))
        t4 = time.perf_counter()
    total = t4 - t0
    print(f"validation (load_patients):     {t1 - t0:6.2f} s")
    print(f"need by month (19–20):          {t2 - t1:6.2f} s")
    print(f"request by region (18):         {t3 - t2:6.2f} s  ({request.height} rows)")
    print(f"deadline warnings (12, 18):     {t4 - t3:6.2f} s  ({len(warnings)} warnings)")
    verdict = "met" if total <= 10 else "MISSED"
    print(f"total for {args.rows:,} rows:     {total:6.2f} s  (target ≤ 10 s: {verdict})")
    print(f"annual need total (thousandths): {int(need['annual_need'].sum()):,}")


if __name__ == "__main__":
    main()
