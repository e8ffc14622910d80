"""The need for medicines (drug-rules, methodology of forming the need, as amended by order No. 19 of 2025).

- Outpatient personalised annual need (drug-rules 19–20): daily dose = single dose × times a day; course =
  days of intake a month; need a year = daily dose × course × courses a year; split by month, per patient,
  medicine (INN and dosage form) and diagnosis, beside the previous year's prescribed and dispensed volumes
  (drug-rules 11).
- Inpatient and day-hospital need (drug-rules 21): need = previous year's actual consumption − forecast
  balance at year end; forecast balance = balance at the start of the year + receipts − expenditure; the
  forecast balance is checked against the stock of 1–6 months (drug-rules 4).
- Narcotic and psychotropic medicines are flagged: their need follows MoHSD order No. 32 of 2015
  (drug-rules 22).
- Prescribing by INN; a trade name only for the patient's individual intolerance (drug-rules 26).

Units: quantities are in the unit of the row's `dose_unit` (`unit` for inpatient rows), given with at most
3 decimals; arithmetic is exact on integers of thousandths of that unit (int64), output as Decimal(38, 3).
No rounding happens: products and sums of exact thousandths stay exact.
All arithmetic is set-based (Polars expressions over the whole file).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import polars as pl

from kepil.claims import messages as M
from kepil.claims.inputs import (
    InputFileError,
    check_columns,
    check_rows,
    icd_map,
    max_chars,
    problem,
    region_map,
)
from kepil.i18n import Text
from kepil.law.parameters import value
from kepil.limits import quoted

MILLI = 1000  # quantities are held as int64 thousandths of their unit

Kind = Literal["text", "region", "icd10", "int", "quantity", "bool", "date"]

NOT_WHOLE = Text(
    "{value} {lo}-ден {hi}-ге дейінгі бүтін сан емес",
    "{value} не целое число от {lo} до {hi}",
    "{value} is not a whole number from {lo} to {hi}",
)
NOT_QUANTITY = Text(
    "{value} мөлшер емес: 0 немесе одан көп сан, үтірден кейін 3 таңбадан аспайды (нүктемен),"
    " 999999999-дан аспайды",
    "{value} не количество: число не меньше 0, не более 3 знаков после точки, не более 999999999",
    "{value} is not a quantity: a number ≥ 0 with at most 3 decimals (a point) and at most 999999999",
)
NOT_POSITIVE = Text(
    "{value} 0-ден үлкен болуы керек", "{value} должно быть больше 0", "{value} must be above 0"
)
PAST_DECEMBER = Text(
    "{value}: курстар first_month-тан бастап желтоқсаннан асып кетеді (drug-rules 20)",
    "{value}: курсы с first_month выходят за декабрь (drug-rules 20)",
    "{value}: the courses from first_month run past December (drug-rules 20)",
)
TRADE_NAME = Text(
    "{value}: саудалық атау тек пациенттің жеке көтере алмауында жазылады (intolerance = true)"
    " (drug-rules 26)",
    "{value}: торговое наименование допускается только при индивидуальной непереносимости"
    " (intolerance = true) (drug-rules 26)",
    "{value}: a trade name is allowed only for the patient's individual intolerance (intolerance = true)"
    " (drug-rules 26)",
)

_TRUE = ["true", "1", "yes", "t", "y"]
_FALSE = ["false", "0", "no", "f", "n"]


@dataclass(frozen=True, slots=True)
class Col:
    name: str
    kind: Kind
    required: bool = True
    lo: int | None = None
    hi: int | None = None
    positive: bool = False
    default: Any = None


@dataclass(frozen=True, slots=True)
class TableSpec:
    name: str
    columns: tuple[Col, ...]

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


_DTYPE: dict[str, pl.DataType] = {
    "text": pl.Utf8(),
    "region": pl.Utf8(),
    "icd10": pl.Utf8(),
    "int": pl.Int64(),
    "quantity": pl.Int64(),
    "bool": pl.Boolean(),
    "date": pl.Date(),
}


def _scan(path: Path) -> pl.LazyFrame:
    """The file with every column as text (a Parquet file's typed columns are cast to text)."""
    file = str(path)
    if not path.is_file():
        raise InputFileError(problem(file, None, None, M.NOT_FOUND))
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            lf = pl.scan_csv(path, infer_schema=False, encoding="utf8")
        elif suffix == ".parquet":
            lf = pl.scan_parquet(path)
            lf = lf.with_columns(pl.all().cast(pl.Utf8))
        else:
            raise InputFileError(problem(file, None, None, M.BAD_SUFFIX))
        lf.collect_schema()
    except (pl.exceptions.PolarsError, OSError) as e:
        reason = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise InputFileError(problem(file, None, None, M.CANNOT_READ.format(reason=reason))) from None
    return lf


def _column(
    col: Col, present: bool, distinct: pl.Series | None
) -> tuple[pl.Expr, list[tuple[pl.Expr, Text]]]:
    """The column's typed expression and its (bad, message) checks, all over the whole column."""
    if not present:
        return pl.lit(col.default, dtype=_DTYPE[col.kind]).alias(col.name), []
    s = pl.col(col.name).str.strip_chars()
    blank = s.is_null() | (s.str.len_chars() == 0)
    checks: list[tuple[pl.Expr, Text]] = []
    if col.required:
        checks.append((blank, M.REQUIRED_VALUE))
    given = ~blank
    norm: pl.Expr
    if col.kind == "text":
        norm = pl.when(given).then(s)
        limit = max_chars(col.name)
        checks.append((s.str.len_chars() > limit, M.TOO_LONG.format(value="{value}", limit=limit)))
    elif col.kind in ("region", "icd10"):
        values = (distinct if distinct is not None else pl.Series([], dtype=pl.Utf8)).to_list()
        mapping = (region_map if col.kind == "region" else icd_map)(values)  # each distinct value once
        norm = pl.col(col.name).replace_strict(mapping, default=None, return_dtype=pl.Utf8)
        checks.append((given & norm.is_null(), M.UNKNOWN_REGION if col.kind == "region" else M.NOT_ICD10))
    elif col.kind == "int":
        ok = s.str.contains(r"^\d{1,6}$")
        norm = pl.when(given & ok).then(s.cast(pl.Int64, strict=False))
        out = ~ok | (norm < (col.lo or 0)) | (norm > (col.hi if col.hi is not None else 999999))
        checks.append((given & out, NOT_WHOLE.format(value="{value}", lo=col.lo, hi=col.hi)))
    elif col.kind == "quantity":
        ok = s.str.contains(r"^\d{1,9}(\.\d{1,3})?$")
        whole = s.str.extract(r"^(\d+)", 1).cast(pl.Int64, strict=False)
        frac = s.str.extract(r"\.(\d+)$", 1).fill_null("").str.pad_end(3, "0").cast(pl.Int64, strict=False)
        norm = pl.when(given & ok).then(whole * MILLI + frac)
        checks.append((given & ~ok, NOT_QUANTITY))
        if col.positive:
            checks.append((given & ok & (norm == 0), NOT_POSITIVE))
    elif col.kind == "bool":
        low = s.str.to_lowercase()
        norm = pl.when(low.is_in(_TRUE)).then(True).when(low.is_in(_FALSE)).then(False)
        checks.append((given & norm.is_null(), M.NOT_BOOL))
    else:
        norm = s.str.to_date("%Y-%m-%d", strict=False)
        checks.append((given & norm.is_null(), M.NOT_DATE))
    if col.default is not None:
        norm = norm.fill_null(pl.lit(col.default, dtype=_DTYPE[col.kind]))
    return norm.cast(_DTYPE[col.kind]).alias(col.name), [(b.fill_null(False), m) for b, m in checks]


_shown = quoted


def read_table(
    path: Path,
    spec: TableSpec,
    extra: tuple[tuple[str, pl.Expr, Text], ...] = (),
    allow_empty: bool = False,
) -> pl.DataFrame:
    """The file validated and typed by `spec` (quantities int64 thousandths). Every check is one boolean
    expression; one aggregation finds each failing check's lowest row. Raises InputFileError (file, row,
    column, kk/ru/en) naming the lowest bad row; `.problems` holds the first problem of every check.
    `extra` are (column, bad expression over the typed columns, message) checks across columns."""
    path = Path(path)
    file = str(path)
    lf = _scan(path)
    try:
        # parsed once into memory: the distinct values, the checks and the typed columns all read it
        lf = lf.collect().lazy()
        schema = lf.collect_schema()
        check_columns(file, (c.name for c in spec.columns if c.required), schema.names())
        check_rows(lf, file, allow_empty)
        mapped = [c for c in spec.columns if c.kind in ("region", "icd10") and c.name in schema]
        frames = pl.collect_all([lf.select(pl.col(c.name).drop_nulls().unique()) for c in mapped])
        distinct = {c.name: f.to_series() for c, f in zip(mapped, frames, strict=True)}
        norms: list[pl.Expr] = []
        checks: list[tuple[str, pl.Expr, Text]] = []
        for c in spec.columns:
            norm, col_checks = _column(c, c.name in schema, distinct.get(c.name))
            norms.append(norm)
            checks += [(c.name, bad, msg) for bad, msg in col_checks]
        typed = lf.with_row_index("__row", offset=1).select("__row", *norms).collect().lazy()  # typed once
        checks += [(name, bad.fill_null(False), msg) for name, bad, msg in extra]
        row = pl.col("__row")
        # The cross-column checks read the typed columns: one pass over `typed` carrying the raw checks too.
        raw = lf.with_row_index("__row", offset=1).select(
            "__row", *[bad.alias(f"r{i}") for i, (_, bad, _) in enumerate(checks[: len(checks) - len(extra)])]
        )
        aggs = [row.filter(pl.col(f"r{i}")).min().alias(f"c{i}") for i in range(len(checks) - len(extra))]
        first = raw.select(aggs or [pl.lit(0)])
        n = len(checks) - len(extra)
        second = typed.select(
            [row.filter(bad).min().alias(f"c{n + i}") for i, (_, bad, _) in enumerate(extra)] or [pl.lit(0)]
        )
        a, b = pl.collect_all([first, second])
        found: list[tuple[int, int, str, Text]] = []
        for i, (name, _, msg) in enumerate(checks):
            frame = a if i < n else b
            r = frame[f"c{i}"][0] if f"c{i}" in frame.columns else None
            if r is not None:
                found.append((int(r), spec.names.index(name), name, msg))
        if found:
            found.sort(key=lambda f: (f[0], f[1]))
            problems = []
            for r, _, name, msg in found:
                shown = lf.slice(r - 1, 1).select(name).collect()[name][0] if name in schema else None
                problems.append(
                    problem(file, r, name, msg.format(value=_shown(shown)) if "{value}" in msg.en else msg)
                )
            raise InputFileError(problems[0], problems)
        return typed.drop("__row").collect()
    except pl.exceptions.PolarsError as e:
        reason = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise InputFileError(problem(file, None, None, M.CANNOT_READ.format(reason=reason))) from None


def decimal_out(df: pl.DataFrame | pl.LazyFrame, quantities: list[str]) -> Any:
    """Quantities from int64 thousandths to exact Decimal(38, 3) (no rounding: the division is by 10³)."""
    present = [q for q in quantities if q in df.collect_schema().names()]
    thousandth = pl.lit(Decimal("0.001"), dtype=pl.Decimal(38, 3))
    return df.with_columns(
        [(pl.col(q).cast(pl.Decimal(38, 0)) * thousandth).cast(pl.Decimal(38, 3)) for q in present]
    )


MONTHS = [f"m{m:02d}" for m in range(1, 13)]

# drug-rules 19–20 and 11, 22, 26: one row per patient × medicine × diagnosis (a prescription line).
PATIENTS = TableSpec(
    "patients",
    (
        Col("patient_id", "text"),
        Col("region", "region"),
        Col("icd10", "icd10"),
        Col("inn", "text"),  # international non-proprietary name (drug-rules 26)
        Col("dosage_form", "text"),
        Col("dose_unit", "text"),  # the unit of single_dose and of every quantity of the row
        Col("single_dose", "quantity", positive=True),
        Col("doses_per_day", "int", lo=1, hi=24),
        Col("intake_days_per_month", "int", lo=1, hi=31),
        Col("courses_per_year", "int", lo=1, hi=12),
        Col("first_month", "int", required=False, lo=1, hi=12, default=1),
        Col("prescribed_prev_year", "quantity", required=False),
        Col("dispensed_prev_year", "quantity", required=False),
        Col("trade_name", "text", required=False),
        Col("intolerance", "bool", required=False, default=False),
        Col("narcotic_psychotropic", "bool", required=False, default=False),
        Col("agreed_on", "date", required=False),
    ),
)

# drug-rules 21: one row per organisation × medicine.
INPATIENT = TableSpec(
    "inpatient",
    (
        Col("organisation", "text"),
        Col("region", "region"),
        Col("inn", "text"),
        Col("dosage_form", "text"),
        Col("unit", "text"),
        Col("previous_year_consumption", "quantity"),
        Col("year_start_balance", "quantity"),
        Col("receipts", "quantity"),
        Col("expenditure", "quantity"),
        Col("narcotic_psychotropic", "bool", required=False, default=False),
    ),
)


def load_patients(path: Path, allow_empty: bool = False) -> pl.DataFrame:
    """The patients file validated (`PATIENTS`), with the checks across columns: the courses fit in the
    year (drug-rules 20, reading in `outpatient_need`); a trade name only with intolerance (drug-rules
    26)."""
    extra = (
        ("courses_per_year", pl.col("first_month") + pl.col("courses_per_year") - 1 > 12, PAST_DECEMBER),
        ("trade_name", pl.col("trade_name").is_not_null() & ~pl.col("intolerance"), TRADE_NAME),
    )
    return read_table(path, PATIENTS, extra, allow_empty)


def load_inpatient(path: Path, allow_empty: bool = False) -> pl.DataFrame:
    """The inpatient / day-hospital file validated (`INPATIENT`, drug-rules 21)."""
    return read_table(path, INPATIENT, allow_empty=allow_empty)


def outpatient_need(lf: pl.LazyFrame, on: dt.date) -> pl.LazyFrame:
    """drug-rules 19–20: the personalised annual need of each prescription line, split by month, formed on
    `on` (LawNotInForce when the formula of 20 is not in force that day).

    Input: validated `PATIENTS` columns (quantities as int64 thousandths). Output quantities stay int64
    thousandths; `decimal_out` turns them into Decimal(38, 3).

    Reading (19–20, 11): a course lasts one month ("course duration = days of intake a month"), so
    `courses_per_year` is the number of months with intake; they are taken as consecutive months from
    `first_month` (default January; the row is rejected when they would run past December). The act gives
    no formula for the previous year's volumes (11 says the need is formed "taking them into account"):
    they are carried beside the need with `need_minus_dispensed` for the reviewer; the need is not changed.
    """
    value("outpatient_need_formula", on)  # drug-rules 20 in force on `on`; its formula is written below
    daily = pl.col("single_dose") * pl.col("doses_per_day")
    monthly = daily * pl.col("intake_days_per_month")
    first, last = pl.col("first_month"), pl.col("first_month") + pl.col("courses_per_year") - 1
    months = [
        pl.when((first <= m) & (last >= m)).then(monthly).otherwise(0).alias(name)
        for m, name in enumerate(MONTHS, start=1)
    ]
    return lf.with_columns(
        daily.alias("daily_dose"),
        (monthly * pl.col("courses_per_year")).alias("annual_need"),
        *months,
    ).with_columns(
        (pl.col("annual_need") - pl.col("dispensed_prev_year")).alias("need_minus_dispensed"),
        pl.col("trade_name").is_not_null().alias("by_trade_name"),
    )


NEED_COLUMNS = [
    "patient_id",
    "region",
    "icd10",
    "inn",
    "dosage_form",
    "dose_unit",
    "trade_name",
    "narcotic_psychotropic",
    "single_dose",
    "doses_per_day",
    "daily_dose",
    "intake_days_per_month",
    "courses_per_year",
    "first_month",
    "annual_need",
    *MONTHS,
    "prescribed_prev_year",
    "dispensed_prev_year",
    "need_minus_dispensed",
    "agreed_on",
]
NEED_QUANTITIES = [
    "single_dose",
    "daily_dose",
    "annual_need",
    *MONTHS,
    "prescribed_prev_year",
    "dispensed_prev_year",
    "need_minus_dispensed",
]


def personalised_need(patients: pl.DataFrame, on: dt.date) -> pl.DataFrame:
    """`outpatient_need` of a validated prescriptions frame (`load_patients`), as `NEED_COLUMNS`."""
    return outpatient_need(patients.lazy(), on).select(NEED_COLUMNS).collect()


def stock_months(on: dt.date) -> tuple[int, int]:
    """drug-rules 4: the stock is formed for not less than `min` and not more than `max` months."""
    v = value("medicine_stock_months", on)
    return int(v["min"]), int(v["max"])


# drug-rules 21: the quantities of an inpatient need row (thousandths of a unit)
INPATIENT_QUANTITIES = [
    "previous_year_consumption",
    "year_start_balance",
    "receipts",
    "expenditure",
    "forecast_balance",
    "need",
    "surplus",
]


def inpatient_need(lf: pl.LazyFrame, on: dt.date) -> pl.LazyFrame:
    """drug-rules 21: need = previous year's consumption − (start balance + receipts − expenditure).

    Reading (21): a forecast balance above the previous year's consumption gives a negative difference; a
    negative quantity cannot be bought, so `need` is max(0, difference) and `surplus` shows the excess.
    Reading (4): the stock rule is checked on the forecast balance measured in months of the previous
    year's consumption (consumption / 12 a month): `stock_below_minimum` when it covers less than 1 month,
    `stock_above_maximum` when more than 6 (compared exactly: balance × 12 against consumption × months).
    """
    lo, hi = stock_months(on)
    consumption = pl.col("previous_year_consumption")
    balance = pl.col("year_start_balance") + pl.col("receipts") - pl.col("expenditure")
    diff = consumption - pl.col("forecast_balance")
    return (
        lf.with_columns(balance.alias("forecast_balance"))
        .with_columns(
            pl.max_horizontal(diff, pl.lit(0)).alias("need"),
            pl.max_horizontal(-diff, pl.lit(0)).alias("surplus"),
            (pl.col("forecast_balance") * 12 < consumption * lo).alias("stock_below_minimum"),
            (pl.col("forecast_balance") * 12 > consumption * hi).alias("stock_above_maximum"),
        )
        .select(
            "organisation",
            "region",
            "inn",
            "dosage_form",
            "unit",
            "narcotic_psychotropic",
            *INPATIENT_QUANTITIES,
            "stock_below_minimum",
            "stock_above_maximum",
        )
    )
