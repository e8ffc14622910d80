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
QUANTITY_IN = pl.Decimal(12, 3)  # a quantity as given: at most 9 digits, a point and 3 decimals

Kind = Literal["text", "region", "icd10", "int", "quantity", "bool", "date", "enum", "months"]

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

NOT_MONTHS = Text(
    "{value} айлар тізімі емес: 1-ден 12-ге дейінгі әртүрлі сандар, «;», «,» немесе бос орынмен бөлінген"
    " (мысалы 1;4;7;10)",
    "{value} не список месяцев: разные числа от 1 до 12 через «;», «,» или пробел (например 1;4;7;10)",
    "{value} is not a list of months: distinct numbers 1 to 12 separated by ';', ',' or spaces"
    " (e.g. 1;4;7;10)",
)
MONTHS_PATTERN = r"^\s*(1[0-2]|[1-9])(\s*[;,\s]\s*(1[0-2]|[1-9]))*\s*$"

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
    values: tuple[str, ...] = ()  # kind "enum": the allowed values (compared lower-case)


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
    "enum": pl.Utf8(),
    "months": pl.Int64(),  # a bit mask: bit m-1 set for month m
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
        raise InputFileError(problem(file, None, None, M.cannot_read(e))) from None
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
        # a well-formed quantity read as a decimal of 3 places, whose unscaled integer is its thousandths
        # (exact; one parse instead of the whole and fractional parts' two regular expressions)
        thousandths = s.cast(QUANTITY_IN, strict=False).reinterpret(dtype=pl.Int128).cast(pl.Int64)
        norm = pl.when(given & ok).then(thousandths)
        checks.append((given & ~ok, NOT_QUANTITY))
        if col.positive:
            checks.append((given & ok & (norm == 0), NOT_POSITIVE))
    elif col.kind == "enum":
        low = s.str.to_lowercase()
        norm = pl.when(given & low.is_in(list(col.values))).then(low)
        allowed = ", ".join(col.values)
        checks.append(
            (given & ~low.is_in(list(col.values)), M.NOT_ONE_OF.format(value="{value}", allowed=allowed))
        )
    elif col.kind == "months":
        ok = s.str.contains(MONTHS_PATTERN)
        months = s.str.extract_all(r"\d+").list.eval(pl.element().cast(pl.Int64))
        mask = months.list.unique().list.eval(pl.lit(2, pl.Int64).pow(pl.element() - 1)).list.sum()
        norm = pl.when(given & ok).then(mask)
        repeated = months.list.unique().list.len() != months.list.len()
        checks.append((given & (~ok | repeated), NOT_MONTHS))
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

# drug-rules files repeat a few values down a column (1,000,000 prescriptions hold a few dozen doses, units,
# months, dates): a column with at most this share of distinct values is parsed and checked once per
# distinct value and mapped back to its rows by position; a column of many distinct values (patient ids,
# last year's volumes) is parsed row by row. Both evaluate the same `_column` expressions. The share is
# first counted in the first `SAMPLE_ROWS` rows, so a column of many values is not counted over the whole
# file (0.16 s CPU for the patient ids of 1,000,000 prescriptions) only to be parsed row by row.
DISTINCT_SHARE = 0.1
SAMPLE_ROWS = 65_536


def _first_rows(frame: pl.DataFrame, masks: list[pl.Expr]) -> list[int | None]:
    """The lowest 1-based row of `frame` where each mask holds (None: nowhere), in one pass."""
    if not masks:
        return []
    first = [m.fill_null(False).arg_true().first().alias(f"m{i}") for i, m in enumerate(masks)]
    return [None if v is None else int(v) + 1 for v in frame.lazy().select(first).collect().row(0)]


def _rows_of(column: str, values: pl.Series) -> pl.Expr:
    """The rows whose raw `column` is one of `values` (a null among them included)."""
    mask = pl.col(column).is_in(values.drop_nulls().implode())
    return mask | pl.col(column).is_null() if values.null_count() else mask


def _mapped(column: str, judged: pl.DataFrame) -> pl.Expr:
    """`column` typed from its distinct values typed (`judged`: the values, null last, and `__typed`):
    each row takes the typed value at its value's position (the code of an Enum of the values)."""
    keys, typed = judged[column][:-1], judged["__typed"]
    if typed[-1] is None and typed.dtype == keys.dtype and typed[:-1].equals(keys, check_names=False):
        return pl.col(column)  # every value is already its typed value (text given without spaces)
    of_null = pl.lit(typed[-1], dtype=typed.dtype)
    if len(keys) == 0:  # no value given in the whole column
        return of_null.alias(column)
    out = pl.lit(typed[:-1]).gather(pl.col(column).cast(pl.Enum(keys)).to_physical())
    if typed[-1] is not None:
        out = pl.when(pl.col(column).is_null()).then(of_null).otherwise(out)
    return out.alias(column)


def read_table(
    path: Path,
    spec: TableSpec,
    extra: tuple[tuple[str, pl.Expr, Text], ...] = (),
    allow_empty: bool = False,
) -> pl.DataFrame:
    """The file validated and typed by `spec` (quantities int64 thousandths). Every check is one boolean
    expression over a column — over its distinct values when it has few (`DISTINCT_SHARE`), then only a
    failing value is looked for among the rows — and one pass finds each failing check's lowest row.
    Raises InputFileError (file, row, column, kk/ru/en) naming the lowest bad row; `.problems` holds the
    first problem of every check. `extra` are (column, bad expression over the typed columns, message)
    checks across columns."""
    path = Path(path)
    file = str(path)
    lf = _scan(path)
    try:
        raw = lf.collect()  # parsed once into memory: every step below reads it
        check_columns(file, (c.name for c in spec.columns if c.required), raw.columns)
        check_rows(raw.lazy(), file, allow_empty)
        present = [c for c in spec.columns if c.name in raw.columns]
        sampled = raw.head(SAMPLE_ROWS)
        in_sample = sampled.select(pl.col(c.name).n_unique() for c in present).row(0) if present else ()
        few = [
            c
            for c, n in zip(present, in_sample, strict=True)
            if c.kind in ("region", "icd10") or n <= DISTINCT_SHARE * sampled.height
        ]
        # in memory: the frame is in memory and these queries are small (the streaming engine's group-by
        # cost 0.03-0.07 s CPU more on 1,000,000 prescriptions)
        counted = [raw.lazy().select(pl.col(c.name).unique()) for c in few]
        uniques = pl.collect_all(counted, engine="in-memory")
        distinct = {c.name: u.to_series() for c, u in zip(few, uniques, strict=True)}
        given = {c.name for c in present}
        row_exprs: list[pl.Expr] = []  # typed columns parsed row by row, and absent columns' defaults
        judged: list[tuple[str, pl.LazyFrame, int]] = []  # (column, its distinct values judged, first check)
        checks: list[tuple[str, Text, pl.Expr | None]] = []  # (column, message, bad rows; None: by value)
        for c in spec.columns:
            values = distinct.get(c.name)
            norm, col_checks = _column(c, c.name in given, None if values is None else values.drop_nulls())
            by_value = values is not None and (
                c.kind in ("region", "icd10") or len(values) <= DISTINCT_SHARE * raw.height
            )
            if by_value and values is not None:
                bads = [bad.alias(f"b{i}") for i, (bad, _) in enumerate(col_checks)]
                keys = values.drop_nulls().append(pl.Series([None], dtype=pl.Utf8))  # the null last
                frame = pl.DataFrame({c.name: keys}).lazy().select(c.name, norm.alias("__typed"), *bads)
                judged.append((c.name, frame, len(checks)))
                checks += [(c.name, msg, None) for _, msg in col_checks]
            else:
                row_exprs.append(norm)
                checks += [(c.name, msg, bad) for bad, msg in col_checks]
        masks = {i: bad for i, (_, _, bad) in enumerate(checks) if bad is not None}
        for (name, _, start), values_judged in zip(
            judged, pl.collect_all([f for _, f, _ in judged], engine="in-memory"), strict=True
        ):
            for i in range(values_judged.width - 2):
                bad_values = values_judged.filter(pl.col(f"b{i}"))[name]
                if len(bad_values):  # a failing value: its rows are looked for
                    masks[start + i] = _rows_of(name, bad_values)
            row_exprs.append(_mapped(name, values_judged))
        typed = (
            raw.lazy().select(pl.int_range(pl.len()).alias("__row"), *row_exprs).select(spec.names).collect()
        )
        order = sorted(masks)
        rows = dict(zip(order, _first_rows(raw, [masks[i] for i in order]), strict=True))
        extra_rows = _first_rows(typed, [bad for _, bad, _ in extra])
        found: list[tuple[int, int, str, Text]] = []
        for i, (name, msg, _) in enumerate(checks):
            r = rows.get(i)
            if r is not None:
                found.append((r, spec.names.index(name), name, msg))
        for (name, _, msg), r in zip(extra, extra_rows, strict=True):
            if r is not None:
                found.append((r, spec.names.index(name), name, msg))
        if found:
            found.sort(key=lambda f: (f[0], f[1]))
            problems = []
            for r, _, name, msg in found:
                shown = raw[name][r - 1] if name in raw.columns else None
                problems.append(
                    problem(file, r, name, msg.format(value=_shown(shown)) if "{value}" in msg.en else msg)
                )
            raise InputFileError(problems[0], problems)
        return typed
    except pl.exceptions.PolarsError as e:
        raise InputFileError(problem(file, None, None, M.cannot_read(e))) from None


DECIMAL_OUT = pl.Decimal(38, 3)


def decimal_out(df: pl.DataFrame | pl.LazyFrame, quantities: list[str]) -> Any:
    """Quantities from int64 thousandths to exact Decimal(38, 3) (the thousandths are its unscaled value)."""
    present = [q for q in quantities if q in df.collect_schema().names()]
    # an integer of thousandths is the unscaled value of Decimal(38, 3): widened to 128 bits and read as
    # the decimal (no arithmetic; the product with a Decimal 0.001 it replaces cost 0.1–0.2 s CPU on the need
    # of 1,000,000 prescriptions; tests/test_medicines.py checks the written types)
    return df.with_columns(pl.col(q).cast(pl.Int128).reinterpret(dtype=DECIMAL_OUT) for q in present)


MONTHS = [f"m{m:02d}" for m in range(1, 13)]

# drug-rules 11, 18 (and app. 1, 22): what a line provides — a medicine (named by INN, 26), a medical device
# (named by its characteristics, 11 and 18) or a special therapeutic product (app. 1, 3.2 and 22).
MEDICINE, DEVICE, SPECIAL = "medicine", "medical_device", "special_product"
ITEM_TYPES: tuple[str, ...] = (MEDICINE, DEVICE, SPECIAL)

# drug-rules 22: what the figure of a narcotic/psychotropic line is. Every other line is clause 20's need.
BASIS_20 = "drug_rules_20"  # the need of 19–20
BASIS_32_NOT_COMPUTED = "order_32_not_computed"  # 22: clause 20's product is shown, the need is not computed
BASIS_32_FROM_FILE = "order_32_method_file"  # 22: the method of order No. 32 as given in a file (method.py)
NEED_BASES: tuple[str, ...] = (BASIS_20, BASIS_32_NOT_COMPUTED, BASIS_32_FROM_FILE)

# drug-rules 19–20 and 11, 22, 26: one row per patient × medicine × diagnosis (a prescription line).
PATIENTS = TableSpec(
    "patients",
    (
        Col("patient_id", "text"),
        Col("region", "region"),
        Col("icd10", "icd10"),
        Col("inn", "text"),  # international non-proprietary name (26); a device's characteristics (11, 18)
        Col("dosage_form", "text", required=False),  # required for a medicine (a cross-column check)
        Col("dose_unit", "text"),  # the unit of single_dose and of every quantity of the row
        Col("single_dose", "quantity", positive=True),
        Col("doses_per_day", "int", lo=1, hi=24),
        Col("intake_days_per_month", "int", lo=1, hi=31),
        Col("courses_per_year", "int", required=False, lo=1, hi=12),  # or given by `months`
        Col("first_month", "int", required=False, lo=1, hi=12),
        Col("months", "months", required=False),  # an irregular schedule: the months of intake
        Col("prescribed_prev_year", "quantity", required=False),
        Col("dispensed_prev_year", "quantity", required=False),
        Col("trade_name", "text", required=False),
        Col("intolerance", "bool", required=False, default=False),
        Col("narcotic_psychotropic", "bool", required=False, default=False),
        Col("agreed_on", "date", required=False),
        Col("item_type", "enum", required=False, default=MEDICINE, values=ITEM_TYPES),
        Col("vital_indications", "bool", required=False, default=False),  # app. 1, 22 (third part)
        Col("orphan", "bool", required=False, default=False),  # app. 1, 22 (third part)
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

DOSAGE_FORM_NEEDED = Text(
    "дәрілік заттың дәрілік нысаны керек (item_type = medicine; drug-rules 11)",
    "для лекарственного средства нужна лекарственная форма (item_type = medicine; drug-rules 11)",
    "a medicine needs its dosage form (item_type = medicine; drug-rules 11)",
)
COURSES_NEEDED = Text(
    "courses_per_year немесе months керек (drug-rules 19–20: жылына қабылдау ұзақтығы)",
    "нужен courses_per_year или months (drug-rules 19–20: продолжительность приёма в год)",
    "courses_per_year or months is needed (drug-rules 19–20: the duration of intake a year)",
)
MONTHS_NOT_COURSES = Text(
    "{value}: айлар саны courses_per_year-ге тең емес (drug-rules 20: бір курс — бір ай)",
    "{value}: число месяцев не равно courses_per_year (drug-rules 20: один курс — один месяц)",
    "{value}: the number of months is not courses_per_year (drug-rules 20: a course is one month)",
)
MONTHS_AND_FIRST = Text(
    "{value}: months берілгенде first_month берілмейді (кесте екі рет берілген)",
    "{value}: при months не указывается first_month (график задан дважды)",
    "{value}: first_month is not given with months (the schedule would be given twice)",
)
NEGATIVE_BALANCE = Text(
    "{value}: шығыс жыл басындағы қалдық пен кірістен көп — болжамды қалдық теріс болады, бұл мүмкін емес"
    " (drug-rules 21); жол қабылданбады",
    "{value}: расход больше остатка на начало года и поступления — прогнозный остаток отрицателен, что"
    " невозможно (drug-rules 21); строка отклонена",
    "{value}: the expenditure exceeds the start balance plus receipts — a negative forecast balance is"
    " impossible (drug-rules 21); the row is refused",
)


def _popcount(mask: pl.Expr) -> pl.Expr:
    """The number of months set in a schedule mask (bit m-1 for month m)."""
    return mask.bitwise_count_ones().cast(pl.Int64).fill_null(0)  # no schedule: no month


def load_patients(path: Path, allow_empty: bool = False) -> pl.DataFrame:
    """The patients file validated (`PATIENTS`), with the checks across columns: the courses fit in the
    year (drug-rules 20, reading in `outpatient_need`); an irregular schedule (`months`) has as many months
    as `courses_per_year` when both are given and is not given with `first_month`; a trade name only with
    intolerance (drug-rules 26); a medicine has a dosage form (11)."""
    courses, first, months = pl.col("courses_per_year"), pl.col("first_month"), pl.col("months")
    extra = (
        (
            "dosage_form",
            (pl.col("item_type") == MEDICINE) & pl.col("dosage_form").is_null(),
            DOSAGE_FORM_NEEDED,
        ),
        ("courses_per_year", courses.is_null() & months.is_null(), COURSES_NEEDED),
        (
            "courses_per_year",
            months.is_null() & (first.fill_null(1) + courses - 1 > 12),
            PAST_DECEMBER,
        ),
        (
            "months",
            months.is_not_null() & courses.is_not_null() & (_popcount(months) != courses),
            MONTHS_NOT_COURSES,
        ),
        ("months", months.is_not_null() & first.is_not_null(), MONTHS_AND_FIRST),
        ("trade_name", pl.col("trade_name").is_not_null() & ~pl.col("intolerance"), TRADE_NAME),
    )
    return read_table(path, PATIENTS, extra, allow_empty)


def load_inpatient(path: Path, allow_empty: bool = False) -> pl.DataFrame:
    """The inpatient / day-hospital file validated (`INPATIENT`, drug-rules 21). A row whose expenditure
    exceeds the start balance plus receipts is refused (its forecast balance would be negative)."""
    impossible = pl.col("expenditure") > pl.col("year_start_balance") + pl.col("receipts")
    return read_table(path, INPATIENT, (("expenditure", impossible, NEGATIVE_BALANCE),), allow_empty)


def schedule(lf: pl.LazyFrame) -> pl.LazyFrame:
    """`schedule_mask` (bit m-1 for each month of intake) and `courses` of each validated line: `months`
    when given (an irregular schedule), else `courses_per_year` consecutive months from `first_month`
    (default January)."""
    first = pl.col("first_month").fill_null(1)
    last = first + pl.col("courses_per_year") - 1
    consecutive = pl.lit(2, pl.Int64).pow(last) - pl.lit(2, pl.Int64).pow(first - 1)
    mask = pl.coalesce(pl.col("months"), consecutive.cast(pl.Int64))
    return lf.with_columns(mask.alias("schedule_mask")).with_columns(
        _popcount(pl.col("schedule_mask")).alias("courses")
    )


# every schedule's months as text (4,095 masks), built once: the text is looked up, never made per row
_SCHEDULE_TEXT = {m: ";".join(str(k + 1) for k in range(12) if m >> k & 1) for m in range(1, 4096)}


def _schedule_text(mask: pl.Expr) -> pl.Expr:
    """The months of a mask as text, e.g. `1;4;7;10`."""
    return mask.replace_strict(_SCHEDULE_TEXT, default=None, return_dtype=pl.Utf8)


def outpatient_need(lf: pl.LazyFrame, on: dt.date, method: Any = None) -> pl.LazyFrame:
    """drug-rules 19–20: the personalised annual need of each prescription line, split by month, formed on
    `on` (LawNotInForce when the formula of 20 is not in force that day).

    Input: validated `PATIENTS` columns (quantities as int64 thousandths). Output quantities stay int64
    thousandths; `decimal_out` turns them into Decimal(38, 3).

    Reading (19–20): a course lasts one month ("course duration = days of intake a month"), so the courses
    a year are the months with intake: `months` lists them (an irregular schedule), or `courses_per_year`
    consecutive months from `first_month` (default January; rejected past December).
    Reading (11): the previous year's prescribed and dispensed volumes are data the need is collected
    "taking into account" — the act gives no formula with them, and 19–20 give the formula of the figure;
    kepil does not change the figure, it carries both volumes with `need_minus_prescribed` and
    `need_minus_dispensed`, and `above_prev_dispensed` marks a line whose need exceeds what was dispensed
    (the reviewer's question of 11). A line without last year's volumes is not judged (null).
    Drug-rules 22: a narcotic/psychotropic line's need follows MoHSD order No. 32 of 2015, whose method the
    seeds do not hold: `need_basis` says what the figure is — clause 20's product only
    (`order_32_not_computed`), or the method given in a file (`method`, kepil.law.drug_rules.method).
    """
    value("outpatient_need_formula", on)  # drug-rules 20 in force on `on`; its formula is written below
    daily = pl.col("single_dose") * pl.col("doses_per_day")
    monthly = daily * pl.col("intake_days_per_month")
    mask = pl.col("schedule_mask")
    months = [
        pl.when((mask & (1 << (m - 1))) != 0).then(monthly).otherwise(0).alias(name)
        for m, name in enumerate(MONTHS, start=1)
    ]
    narcotic = pl.col("narcotic_psychotropic")
    covered = method.covers() if method is not None else pl.lit(False)
    basis = (
        pl.when(~narcotic)
        .then(pl.lit(BASIS_20))
        .when(covered)
        .then(pl.lit(BASIS_32_FROM_FILE))
        .otherwise(pl.lit(BASIS_32_NOT_COMPUTED))
    )
    return (
        schedule(lf)
        .with_columns(
            daily.alias("daily_dose"),
            (monthly * pl.col("courses")).alias("annual_need"),
            _schedule_text(mask).alias("schedule"),
            *months,
        )
        .with_columns(
            pl.col("courses").alias("courses_per_year"),
            (pl.col("annual_need") - pl.col("prescribed_prev_year")).alias("need_minus_prescribed"),
            (pl.col("annual_need") - pl.col("dispensed_prev_year")).alias("need_minus_dispensed"),
            (pl.col("annual_need") > pl.col("dispensed_prev_year")).alias("above_prev_dispensed"),
            pl.col("trade_name").is_not_null().alias("by_trade_name"),
            basis.alias("need_basis"),
        )
    )


NEED_COLUMNS = [
    "patient_id",
    "region",
    "icd10",
    "item_type",
    "inn",
    "dosage_form",
    "dose_unit",
    "trade_name",
    "narcotic_psychotropic",
    "need_basis",
    "formulary",
    "single_dose",
    "doses_per_day",
    "daily_dose",
    "intake_days_per_month",
    "courses_per_year",
    "schedule",
    "annual_need",
    *MONTHS,
    "prescribed_prev_year",
    "dispensed_prev_year",
    "need_minus_prescribed",
    "need_minus_dispensed",
    "above_prev_dispensed",
    "vital_indications",
    "orphan",
    "agreed_on",
]
NEED_QUANTITIES = [
    "single_dose",
    "daily_dose",
    "annual_need",
    *MONTHS,
    "prescribed_prev_year",
    "dispensed_prev_year",
    "need_minus_prescribed",
    "need_minus_dispensed",
]


def need_plan(patients: pl.DataFrame, on: dt.date, lists: Any = None, method: Any = None) -> pl.LazyFrame:
    """`outpatient_need` of a validated prescriptions frame (`load_patients`), as `NEED_COLUMNS`, with
    `formulary` (app. 1, 22) from the reference lists `lists` (kepil.law.drug_rules.formulary.Lists; None:
    read from KEPIL_REFERENCE_DIR) and the method of order No. 32 `method` (None: read from there too),
    as a lazy plan: a caller that writes it streams it into the file (`kepil.files.write_table`), one that
    needs a few columns computes only those."""
    from kepil.law.drug_rules import formulary
    from kepil.law.drug_rules import method as order32

    lists = formulary.reference_lists() if lists is None else lists
    method = order32.reference_method() if method is None else method
    lf = outpatient_need(patients.lazy(), on, method or None)
    return formulary.check(lf, lists).select(NEED_COLUMNS)


def personalised_need(
    patients: pl.DataFrame, on: dt.date, lists: Any = None, method: Any = None
) -> pl.DataFrame:
    """`need_plan` computed."""
    return need_plan(patients, on, lists, method).collect()


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
    "need_with_min_stock",
    "need_with_max_stock",
]


def inpatient_need(lf: pl.LazyFrame, on: dt.date) -> pl.LazyFrame:
    """drug-rules 21: need = previous year's consumption − (start balance + receipts − expenditure), and
    the stock of 1–6 months (app. 1, 4) applied to it.

    Reading (21): a forecast balance above the previous year's consumption gives a negative difference; a
    negative quantity cannot be bought, so `need` is max(0, difference) and `surplus` shows the excess. A
    negative forecast balance (expenditure above start balance plus receipts) is impossible and refused
    by `load_inpatient`.
    Reading (4): the stock rule is checked on the forecast balance measured in months of the previous
    year's consumption (consumption / 12 a month): `stock_below_minimum` when it covers less than 1 month,
    `stock_above_maximum` when more than 6 (compared exactly: balance × 12 against consumption × months).
    Reading (app. 1, 4 applied to the need): clause 21's need leaves nothing at the end of the planned year
    (balance + need − a year's consumption = 0), while clause 4 says the stock "is formed" for at least one
    and at most six months. The need that keeps that stock is therefore clause 21's need plus one to six
    months of consumption: `need_with_min_stock` (rounded up to a thousandth: at least one month) and
    `need_with_max_stock` (rounded down: at most six). `need` stays clause 21's figure; the two bounds are
    what clause 4 allows the purchase to be.
    """
    lo, hi = stock_months(on)
    consumption = pl.col("previous_year_consumption")
    balance = pl.col("year_start_balance") + pl.col("receipts") - pl.col("expenditure")
    diff = consumption - pl.col("forecast_balance")
    low_stock = (consumption * lo + 11) // 12  # ceil(consumption × lo / 12), in thousandths
    high_stock = (consumption * hi) // 12  # floor(consumption × hi / 12)
    return (
        lf.with_columns(balance.alias("forecast_balance"))
        .with_columns(
            pl.max_horizontal(diff, pl.lit(0)).alias("need"),
            pl.max_horizontal(-diff, pl.lit(0)).alias("surplus"),
            pl.max_horizontal(diff + low_stock, pl.lit(0)).alias("need_with_min_stock"),
            pl.max_horizontal(diff + high_stock, pl.lit(0)).alias("need_with_max_stock"),
            (pl.col("forecast_balance") * 12 < consumption * lo).alias("stock_below_minimum"),
            (pl.col("forecast_balance") * 12 > consumption * hi).alias("stock_above_maximum"),
            pl.when(pl.col("narcotic_psychotropic"))
            .then(pl.lit(BASIS_32_NOT_COMPUTED))
            .otherwise(pl.lit("drug_rules_21"))
            .alias("need_basis"),
        )
        .select(
            "organisation",
            "region",
            "inn",
            "dosage_form",
            "unit",
            "narcotic_psychotropic",
            "need_basis",
            *INPATIENT_QUANTITIES,
            "stock_below_minimum",
            "stock_above_maximum",
        )
    )
