"""The medicine need and the Fund's budget request (`drug-rules` 18–22) as stored reports, and the
synthetic prescriptions the benchmark and the tests use.

- `medicines_need`: the regional need — the personalised need of drug-rules 19–20 summed by region and
  medicine (INN, dosage form, unit; narcotic/psychotropic kept apart, 22) by month, with the number of
  distinct patients.
- `medicines_request`: `kepil.law.drug_rules.request.budget_request` (drug-rules 18) as it is, with the
  deadline warnings of 12 and 18 in `meta`.

Quantities are stored as in the law layer: int64 thousandths of the row's unit (exact; JSON integers);
`meta["quantity_scale"]` = 1000 says so. The scope of both is the financial year the need is formed in.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
from sqlalchemy import Engine

from kepil.law.drug_rules import need as N
from kepil.law.drug_rules import request as R
from kepil.reference.regions import regions
from kepil.store.reports import save_report

ACT = "drug-rules"
NEED_KIND = "medicines_need"
REQUEST_KIND = "medicines_request"
MEDICINE = ["item_type", "inn", "dosage_form", "dose_unit", "narcotic_psychotropic", "need_basis"]
NEED_KEYS = ["region", *MEDICINE]
NEED_CLAUSES = ["19", "20", "11", "22", "26"]
REQUEST_CLAUSES = ["18", "12", "22"]


def regional_need(need: pl.LazyFrame) -> pl.LazyFrame:
    """The personalised need (`outpatient_need`'s rows) summed by region and medicine: distinct patients,
    the annual need and each month's (drug-rules 19–20); narcotic/psychotropic rows apart (22)."""
    return (
        need.group_by(NEED_KEYS)
        .agg(
            pl.col("patient_id").n_unique().alias("patients"),
            pl.col("annual_need").sum(),
            *(pl.col(m).sum() for m in N.MONTHS),
        )
        .sort(NEED_KEYS)
    )


def _rows(df: pl.DataFrame) -> list[list[Any]]:
    return [list(r) for r in df.rows()]


def save_need(engine: Engine, need: pl.DataFrame, year: int, source: str) -> str:
    """Store the regional need of the personalised need `need` (`outpatient_need`'s columns)."""
    df = regional_need(need.lazy()).collect()
    meta: dict[str, Any] = {
        "act": ACT,
        "clauses": NEED_CLAUSES,
        "year": year,
        "quantity_scale": N.MILLI,
        "totals": {
            "rows": df.height,
            "regions": df["region"].n_unique(),
            "medicines": df.select(MEDICINE).n_unique() if df.height else 0,
            "patients": int(need["patient_id"].n_unique()),
            "prescriptions": need.height,
            "narcotic_rows": int(df["narcotic_psychotropic"].sum() or 0),
            # drug-rules 22: lines whose need is not computed (order No. 32's method not given)
            "not_computed_rows": int((need["need_basis"] == N.BASIS_32_NOT_COMPUTED).sum()),
            # app. 1, 22: lines per formulary code (never "lawful": not_checked where no list is given)
            "formulary": {
                str(r["formulary"]): int(r["len"])
                for r in need.group_by("formulary").len().sort("formulary").iter_rows(named=True)
            },
        },
    }
    save_report(engine, NEED_KIND, str(year), source, df.columns, _rows(df), meta)
    return str(year)


def save_request(
    engine: Engine,
    need: pl.DataFrame,
    year: int,
    dated: dt.date,
    source: str,
    request: pl.DataFrame | None = None,
    warnings: list[R.DeadlineWarning] | None = None,
) -> str:
    """Store the budget request (drug-rules 18) formed in `year` from the need file's rows `need`, with
    the deadline warnings of 12 and 18 for a request dated `dated` (`request`, `warnings`: those already
    computed from the same rows, e.g. by the command that shows them)."""
    if warnings is None:
        warnings = R.deadline_warnings(need.lazy(), year, dated)
    df = request if request is not None else R.budget_request(need.lazy(), year).collect()
    years = R.request_years(year)
    meta: dict[str, Any] = {
        "act": ACT,
        "clauses": REQUEST_CLAUSES,
        "year": year,
        "years": [year + 1, year + 2, year + 3],
        "dated": dated.isoformat(),
        "agreement_deadline": R.agreement_deadline(year, dated).isoformat(),
        "request_deadline": R.request_deadline(year, dated).isoformat(),
        "quantity_scale": N.MILLI,
        # the CLI's words (codes, ISO dates) and the figures they were made of, for the page to word again
        "warnings": [
            {"clause": w.clause, "region": w.region, "text": w.text.as_dict(), "values": w.values}
            for w in warnings
        ],
        "totals": {
            "rows": df.height,
            "regions": df["region"].n_unique(),
            "nosologies": df["icd10"].n_unique(),
            "patients": int(need["patient_id"].n_unique()),
            # quantities of different units are never added (docs/medicines.md): one sum per unit
            # drug-rules 22: rows whose need is not computed have no figure for the years (null, not summed)
            "by_unit": {
                r["dose_unit"]: {y: int(r[y]) for y in years}
                for r in df.filter(R.computed())
                .group_by("dose_unit")
                .agg(pl.col(y).sum() for y in years)
                .iter_rows(named=True)
            },
            "not_computed_rows": int(df.filter(~R.computed()).height),
        },
    }
    save_report(engine, REQUEST_KIND, str(year), source, df.columns, _rows(df), meta)
    return str(year)


def store_medicines(
    engine: Engine, patients: Path, year: int, dated: dt.date | None = None, source: str | None = None
) -> tuple[str, str]:
    """From the prescriptions file `patients` (validated; InputFileError names file, row and column): the
    personalised need (19–20), stored as the regional need, and the budget request formed in `year`
    (18), dated `dated` (default today; the need is formed that day too). Returns the scopes (need,
    request)."""
    on = dated or dt.date.today()
    need = N.personalised_need(N.load_patients(patients), on)
    return save_need_and_request(engine, need, year, on, source or patients.name)


def save_need_and_request(
    engine: Engine, need: pl.DataFrame, year: int, dated: dt.date, source: str
) -> tuple[str, str]:
    """The personalised need `need` stored as the regional need (19–20) and the budget request formed
    from it in `year` (18), dated `dated`. Returns the scopes (need, request)."""
    return save_need(engine, need, year, source), save_request(engine, need, year, dated, source)


# --- synthetic prescriptions (benchmarks/medicines.py, the tests) ------------------------------------

# (INN as the Kazakhstan register writes it, dosage form, dose unit, ICD-10, single doses a person takes,
# doses a day): amlodipine 5 or 10 mg once a day, not grams (issue 18: the demo tells the truth).
MEDICINES = [
    ("Метформин", "tablet", "mg", "E11.9", (500, 850, 1000), (1, 3)),
    ("Амлодипин", "tablet", "mg", "I10", (5, 10), (1, 1)),
    ("Сальбутамол", "inhaler", "dose", "J45.9", (1, 2), (1, 4)),
    ("Инсулин гларгин", "solution", "IU", "E10.9", (10, 14, 18, 24, 30, 40), (1, 1)),
    ("Левотироксин", "tablet", "mcg", "E03.9", (25, 50, 75, 100, 125, 150), (1, 1)),
    ("Морфин", "tablet", "mg", "C50.9", (10, 15, 30), (2, 4)),
]


def synthetic_patients(n: int, seed: int = 6) -> pl.DataFrame:
    """`n` synthetic outpatient prescription lines (the `--patients` columns, as text as a CSV gives
    them): six medicines, every region, courses that fit in the year; 1 % agreed on 21 March (late, 12)."""
    rng = np.random.default_rng(seed)
    med = rng.integers(0, len(MEDICINES), n)
    codes = np.array([r.code for r in regions()])
    pick = np.array([m[:4] for m in MEDICINES], dtype=object)[med]
    months = rng.integers(1, 13, n)
    first = rng.integers(1, 14 - months)  # the courses fit in the year
    # a dose of the medicine's usual strengths, taken its usual number of times a day, most days of a month
    widest = max(len(m[4]) for m in MEDICINES)
    strengths = np.array([[*m[4], *[m[4][-1]] * (widest - len(m[4]))] for m in MEDICINES])
    counts = np.array([len(m[4]) for m in MEDICINES])
    single = strengths[med, (rng.random(n) * counts[med]).astype(np.int64)]
    low, high = (np.array([m[5][k] for m in MEDICINES]) for k in (0, 1))
    per_day = rng.integers(low[med], high[med] + 1)
    days = rng.integers(25, 31, n)
    year_use = single * per_day * days * months
    dispensed = (year_use * rng.uniform(0.8, 1.2, n)).astype(np.int64)
    return pl.DataFrame(
        {
            "patient_id": np.char.add("P", (rng.integers(0, n // 2 + 1, n)).astype(str)),
            "region": codes[rng.integers(0, len(codes), n)],
            "icd10": pick[:, 3].astype(str),
            "inn": pick[:, 0].astype(str),
            "dosage_form": pick[:, 1].astype(str),
            "dose_unit": pick[:, 2].astype(str),
            "single_dose": single.astype(str),
            "doses_per_day": per_day.astype(str),
            "intake_days_per_month": days.astype(str),
            "courses_per_year": months.astype(str),
            "first_month": first.astype(str),
            "dispensed_prev_year": dispensed.astype(str),
            "narcotic_psychotropic": np.where(med == 5, "true", "false"),
            "agreed_on": np.where(rng.random(n) < 0.01, "2026-03-21", "2026-03-10"),
        }
    )
