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

import numpy as np
import polars as pl

from kepil.law.drug_rules import need as N
from kepil.law.drug_rules import request as R
from kepil.reference.regions import regions

MEDICINES = [("Metformin", "tablet", "mg", "E11.9"), ("Amlodipine", "tablet", "mg", "I10")]
MEDICINES += [("Salbutamol", "inhaler", "dose", "J45.9"), ("Insulin glargine", "solution", "IU", "E10.9")]
MEDICINES += [("Levothyroxine", "tablet", "mcg", "E03.9"), ("Morphine", "tablet", "mg", "C50.9")]


def synthetic(n: int, seed: int = 6) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    med = rng.integers(0, len(MEDICINES), n)
    codes = np.array([r.code for r in regions()])
    pick = np.array(MEDICINES, dtype=object)[med]
    months = rng.integers(1, 13, n)
    first = rng.integers(1, 14 - months)  # the courses fit in the year
    doses = rng.integers(1, 20001, n).astype(str)  # thousandths: up to 20.000
    return pl.DataFrame(
        {
            "patient_id": np.char.add("P", (rng.integers(0, n // 2 + 1, n)).astype(str)),
            "region": codes[rng.integers(0, len(codes), n)],
            "icd10": pick[:, 3].astype(str),
            "inn": pick[:, 0].astype(str),
            "dosage_form": pick[:, 1].astype(str),
            "dose_unit": pick[:, 2].astype(str),
            "single_dose": np.char.add(np.char.add(doses, "."), rng.integers(0, 1000, n).astype(str)),
            "doses_per_day": rng.integers(1, 4, n).astype(str),
            "intake_days_per_month": rng.integers(10, 31, n).astype(str),
            "courses_per_year": months.astype(str),
            "first_month": first.astype(str),
            "dispensed_prev_year": rng.integers(0, 100000, n).astype(str),
            "narcotic_psychotropic": np.where(med == 5, "true", "false"),
            "agreed_on": np.where(rng.random(n) < 0.01, "2026-03-21", "2026-03-10"),
        }
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "patients.parquet"
        t0 = time.perf_counter()
        synthetic(args.rows).write_parquet(path)
        print(f"synthetic {args.rows:,} prescriptions written in {time.perf_counter() - t0:.2f} s")

        t0 = time.perf_counter()
        patients = N.load_patients(path)
        t1 = time.perf_counter()
        need = N.outpatient_need(patients.lazy()).select(N.NEED_COLUMNS).collect()
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
