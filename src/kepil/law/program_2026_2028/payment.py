"""Amounts due for claims by the payment methods of `program-2026-2028` appendix 2 (clause 77), given a
tariff book (`tariffs.py`). Set-based: one Ibis expression over the claims, run on DuckDB.

A claim's method is the one its kind of care is paid by (app2 rows through
`payment_methods.by_care_kind`), chosen per claim from the claim's own columns (contract's columns plus the
optional carried columns below); `method` may also name it outright. Amounts are integer tiyn.

Optional carried claims columns (documented in docs/payment.md):
- `method`: one of `METHODS` (overrides the inference; must be a method of the claim's kind of care);
- `ccg`: clinical cost group code (book's `clinical_cost_groups`);
- `tariff_code`: code of a tariff in the book's bed-day, average-cost, admission-department, dialysis-session
  or oncology section;
- `block`: treatment block of children's oncology (book's `paediatric_oncology_blocks`);
- `bed_days`, `sessions`: whole numbers; without `bed_days`, bed-days are end_date - start_date, at least 1;
- `complex_tariff`: `tuberculosis`, `hiv` or `mental_health`: care paid within a complex tariff per patient.

Per-capita methods (ambulance ЖБН, PHC КЖН) are paid per person per month, not per case: their claims get
amount 0 and the month's payment is one row per organisation (claim_id null) = norm × attached people.
Complex tariffs likewise: one row per organisation, direction and month = tariff × distinct patients.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

import ibis
import ibis.expr.types as ir
import polars as pl
import pyarrow as pa
from ibis import _

from kepil.engine.backends import connect
from kepil.errors import InvalidInput
from kepil.i18n import Text
from kepil.law.care import CARE_KINDS
from kepil.law.program_2026_2028 import payment_methods as pm
from kepil.law.program_2026_2028.tariffs import (
    COMPLEX_TARIFF_DIRECTIONS,
    PRICE_SECTIONS,
    WEIGHT_SCALE,
    TariffBook,
    weight_micro,
)
from kepil.reference.icd10 import CodeRanges
from kepil.reference.regions import regions

ACT = "program-2026-2028"
HOSPITAL_KINDS = ("inpatient", "day_hospital")
WITHHOLD_PERCENT = 30  # app2.6: 30 % of the block's cost withheld ...
WITHHOLD_SHARE_PERCENT = 50  # ... when bed-days are 50 % or less of the block's term
Basis = Literal["case", "per_capita", "per_patient"]


@dataclass(frozen=True, slots=True)
class Method:
    """A payment method kepil computes, anchored to the app2 items it applies (direction, method code)."""

    code: str
    anchors: tuple[tuple[str, str], ...]
    basis: Basis
    name: Text

    @property
    def citation(self) -> tuple[str, str, int]:
        """(act, clause, item) of the first anchor, e.g. ("program-2026-2028", "app2.4", 1)."""
        d = pm.direction(self.anchors[0][0])
        return ACT, d.citation.clause, d.method(self.anchors[0][1]).item

    @property
    def care_kinds(self) -> tuple[str, ...]:
        """Kinds of care this method pays for: those whose app2 directions (by_care_kind) list an anchor."""
        return anchor_kinds(self.anchors)


@cache
def anchor_kinds(anchors: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    """The kinds of care (CARE_KINDS order) whose app2 directions (`by_care_kind`) hold one of `anchors`."""
    return tuple(
        k
        for k in CARE_KINDS
        if any(
            (d.code, m.code) in anchors for d in pm.by_care_kind(k) for m in d.methods if k in m.care_kinds
        )
    )


METHODS: dict[str, Method] = {
    m.code: m
    for m in (
        Method(
            "per_capita_norm",
            (("ambulance", "per_capita_norm"),),
            "per_capita",
            Text("Жан басына шаққандағы норматив", "Подушевой норматив", "Per-capita norm"),
        ),
        Method(
            "comprehensive_per_capita_norm",
            (("phc", "comprehensive_per_capita_norm"),),
            "per_capita",
            Text(
                "Жан басына шаққандағы кешенді норматив",
                "Комплексный подушевой норматив",
                "Comprehensive per-capita norm",
            ),
        ),
        Method(
            "per_case_ccg",
            (("specialized_hospital_care", "per_case_ccg"),),
            "case",
            Text("КШТ бойынша бір емделіп шығу", "Пролеченный случай по КЗГ", "Case by clinical cost group"),
        ),
        Method(
            "per_case_actual_cost",
            (
                ("specialized_hospital_care", "per_case_actual_cost_list"),
                ("specialized_hospital_care", "inpatient_per_case_actual_cost"),
            ),
            "case",
            Text("Нақты шығыстар бойынша", "По фактическим затратам", "Case at actual cost"),
        ),
        Method(
            "per_bed_day",
            (
                ("specialized_hospital_care", "per_bed_day"),
                ("additional_costs", "day_hospital_bed_day"),
                ("mental_health", "per_bed_day"),
            ),
            "case",
            Text("Бір төсек-күн үшін", "За койко-день", "Per bed-day"),
        ),
        Method(
            "per_case_average_cost",
            (
                ("specialized_hospital_care", "per_case_average_cost"),
                ("mental_health", "republican_per_case_average_cost"),
            ),
            "case",
            Text("Есептік орташа құны бойынша", "По расчётной средней стоимости", "Case at the average cost"),
        ),
        Method(
            "admission_department",
            (("specialized_hospital_care", "admission_department"),),
            "case",
            Text(
                "Қабылдау бөлімшесінің қызметтері",
                "Услуги приёмного отделения",
                "Admission-department services",
            ),
        ),
        Method(
            "medical_economic_tariff",
            (("paediatric_oncology", "medical_economic_tariff"),),
            "case",
            Text(
                "Медициналық-экономикалық тариф (емдеу блогы)",
                "Медико-экономический тариф (блок лечения)",
                "Medical-economic tariff by treatment block",
            ),
        ),
        Method(
            "oncology",
            (("oncology", "neoplasm_hospital_care"),),
            "case",
            Text("Онкологиялық науқастарға тариф", "Тариф онкологическим больным", "Oncology tariff"),
        ),
        Method(
            "dialysis_session",
            (("day_hospital_haemodialysis", "per_service"),),
            "case",
            Text("Гемодиализ сеанстары", "Сеансы гемодиализа", "Dialysis sessions"),
        ),
        Method(
            "ccg_plus_sessions",
            (("peritoneal_dialysis", "ccg_plus_sessions"),),
            "case",
            Text("КШТ және диализ сеанстары", "КЗГ и сеансы диализа", "Cost group plus dialysis sessions"),
        ),
        Method(
            "complex_tariff",
            (
                ("tuberculosis", "complex_tariff"),
                ("hiv", "per_person_tariff"),
                ("mental_health", "complex_tariff"),
            ),
            "per_patient",
            Text(
                "Бір науқасқа кешенді тариф",
                "Комплексный тариф на одного больного",
                "Complex tariff per patient",
            ),
        ),
        Method(
            "actual_cost",
            (("foreign_specialists", "actual_cost"),),
            "case",
            Text("Іс жүзіндегі шығыстар", "Фактические расходы", "Actual costs"),
        ),
    )
}
# The app2 direction of each complex-tariff direction key.
COMPLEX_CLAUSES = {"tuberculosis": ("app2.11", 1), "hiv": ("app2.12", 1), "mental_health": ("app2.13", 1)}
OUTPUT_COLUMNS = (
    "claim_id", "provider_id", "region", "care_kind", "method", "act", "clause", "item",
    "presented_tiyn", "amount_tiyn", "withheld_tiyn", "inputs",
)  # fmt: skip


# --- reading a batch input (claims, persons, attached counts) ----------------------------------------

ColumnKind = Literal["string", "date", "int", "bool"]
IBIS_TYPE: dict[ColumnKind, str] = {"string": "string", "date": "date", "int": "int64", "bool": "boolean"}


@dataclass(frozen=True, slots=True)
class Col:
    name: str
    kind: ColumnKind = "string"
    required: bool = True  # the column must be present
    nullable: bool = False  # a value may be empty


class BatchInputError(InvalidInput):
    """A bad batch input: `.file`, `.row` (1-based data row; None for a missing column), `.column`."""

    def __init__(self, file: str, row: int | None, column: str | None, message: Text) -> None:
        self.file, self.row, self.column = file, row, column
        where = ":".join(str(x) for x in (file, row, column) if x is not None)
        super().__init__(where, message)


_MISSING_COLUMN = Text("баған жоқ", "столбец отсутствует", "the column is missing")
_EMPTY = Text("мән бос", "значение пустое", "the value is empty")
_TYPE = {
    "date": Text(
        "ЖЖЖЖ-АА-КК күні болуы керек; берілгені: {value}",
        "ожидается дата ГГГГ-ММ-ДД; дано: {value}",
        "expected a date YYYY-MM-DD; got {value}",
    ),
    "int": Text(
        "бүтін сан болуы керек; берілгені: {value}",
        "ожидается целое число; дано: {value}",
        "expected a whole number; got {value}",
    ),
    "bool": Text(
        "true немесе false болуы керек; берілгені: {value}",
        "ожидается true или false; дано: {value}",
        "expected true or false; got {value}",
    ),
    "string": Text(
        "мәтін болуы керек; берілгені: {value}",
        "ожидается строка; дано: {value}",
        "expected a string; got {value}",
    ),
}
_FORMAT = Text(
    "Parquet (.parquet) немесе CSV (.csv) файлы болуы керек",
    "ожидается файл Parquet (.parquet) или CSV (.csv)",
    "expected a Parquet (.parquet) or CSV (.csv) file",
)
_NOT_FOUND = Text("файл табылмады", "файл не найден", "file not found")


def read_input(
    con: ibis.BaseBackend, path: Path, columns: Sequence[Col], workdir: Path, *, check: bool = True
) -> ir.Table:
    """A Parquet or CSV file as an Ibis table of `columns` (cast; absent optional ones as typed nulls) and
    `_row` (1-based data row, header not counted). A missing column raises `BatchInputError` at once;
    empty required values and values of the wrong type (`input_checks`) do too, in one scan — or, with
    `check=False`, are left to the caller's own scan (the table then keeps `_raw_<column>`, the text
    given, for each column that needed converting)."""
    name = path.name
    if not path.is_file():
        raise BatchInputError(name, None, None, _NOT_FOUND)
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        raw = con.read_parquet(path, file_row_number=True)
        raw = raw.mutate(_row=raw.file_row_number + 1)
    elif suffix == ".csv":
        # Row numbers are exact only if assigned by a reader that keeps file order: polars streams the CSV
        # (every value a string) into a Parquet file in `workdir`, with the row index.
        tmp = workdir / f"{path.stem}.{uuid.uuid4().hex}.parquet"
        try:
            pl.scan_csv(path, infer_schema=False).with_row_index("_row", offset=1).sink_parquet(tmp)
        except (pl.exceptions.PolarsError, OSError) as e:
            raise BatchInputError(name, None, None, Text(str(e), str(e), str(e))) from None
        raw = con.read_parquet(tmp)
    else:
        raise BatchInputError(name, None, None, _FORMAT)
    present = set(raw.columns)
    for c in columns:
        if c.required and c.name not in present:
            raise BatchInputError(name, None, c.name, _MISSING_COLUMN)
    values: dict[str, ir.Value] = {"_row": raw._row.cast("int64")}
    for c in columns:
        if c.name not in present:
            values[c.name] = ibis.null(IBIS_TYPE[c.kind])
            continue
        col = raw[c.name]
        if col.type().is_string():
            # CSV text is trimmed; Parquet is taken as typed (trimming every string costs a scan's time)
            col = (col.strip() if suffix == ".csv" else col).nullif("")
        if c.kind == "string" or _is_kind(col.type(), c.kind):
            values[c.name] = col.cast(IBIS_TYPE[c.kind])  # already of its kind: nothing to convert
        else:
            values[c.name] = col.try_cast(IBIS_TYPE[c.kind])
            values[f"_raw_{c.name}"] = col.cast("string")
    t = raw.select(**values)
    if not check:
        return t
    first_bad(t, input_checks(t, columns), name)
    return t.drop(*(c for c in t.columns if c.startswith("_raw_")))


def input_checks(t: ir.Table, columns: Sequence[Col]) -> list[tuple[str, ir.BooleanValue, Text]]:
    """Values of the wrong type (the text given did not convert) and empty required values."""
    out: list[tuple[str, ir.BooleanValue, Text]] = []
    for c in columns:
        raw = f"_raw_{c.name}"
        if raw in t.columns and c.kind != "string":
            out.append((c.name, t[raw].notnull() & t[c.name].isnull(), _TYPE[c.kind]))
        if not c.nullable:
            out.append((c.name, t[c.name].isnull(), _EMPTY))
    return out


def _is_kind(t: Any, kind: ColumnKind) -> bool:
    return bool(
        (kind == "date" and t.is_date())
        or (kind == "int" and t.is_integer())
        or (kind == "bool" and t.is_boolean())
    )


def first_bad(
    table: ir.Table,
    checks: Sequence[tuple[str, ir.BooleanValue, Text]],
    file: str,
    values_of: ir.Table | None = None,
    *,
    unique: tuple[str, Text] | None = None,
) -> None:
    """One aggregate over `table` finds the first row failing any check; raises naming file, row, column.

    `unique`: (column, message), a column whose values must not repeat. The same aggregate compares its
    count with its distinct count (a hash count, cheaper than a window over every row); only when they
    differ does a window query find the first repeated row. A message may use `{value}`: the offending
    value, read back from `values_of` (default: `table`).
    """
    if not checks and unique is None:
        return
    measures: dict[str, ir.Value] = {
        f"c{i}": table._row.min(where=bad) for i, (_, bad, _) in enumerate(checks)
    }
    if unique is not None:
        measures["_n"] = table.count()
        measures["_d"] = table[unique[0]].nunique()
    found = table.aggregate(**measures).to_pyarrow().to_pylist()[0]
    hits = [(found[f"c{i}"], i) for i in range(len(checks)) if found[f"c{i}"] is not None]
    all_checks = list(checks)
    if unique is not None and found["_n"] != found["_d"]:
        key = table[unique[0]]
        w = table.select(table._row, _k=ibis.row_number().over(group_by=key, order_by=table._row))
        repeated = w.filter(w._k > 0)._row.min().to_pyarrow().as_py()
        all_checks.append((unique[0], ibis.literal(True), unique[1]))
        hits.append((repeated, len(all_checks) - 1))
    if not hits:
        return
    row, i = min(hits)
    column, _, message = all_checks[i]
    value: Any = None
    if "{value}" in message.en:
        src = values_of if values_of is not None else table
        shown = f"_raw_{column}" if f"_raw_{column}" in src.columns else column
        got = src.filter(src._row == row).select(v=src[shown].cast("string")).limit(1).to_pyarrow()
        value = got.column("v")[0].as_py() if got.num_rows else None
    raise BatchInputError(file, int(row), column, message.format(value=repr(value)))


# --- claims ------------------------------------------------------------------------------------------

CLAIM_COLUMNS: tuple[Col, ...] = (
    Col("claim_id"),
    Col("provider_id"),
    Col("region"),
    Col("iin"),
    Col("care_kind"),
    Col("icd10"),
    Col("start_date", "date"),
    Col("end_date", "date"),
    Col("amount", "int"),
    Col("method", required=False, nullable=True),
    Col("ccg", required=False, nullable=True),
    Col("tariff_code", required=False, nullable=True),
    Col("block", required=False, nullable=True),
    Col("complex_tariff", required=False, nullable=True),
    Col("bed_days", "int", required=False, nullable=True),
    Col("sessions", "int", required=False, nullable=True),
)

_M = {
    "region": Text("белгісіз өңір: {value}", "неизвестный регион: {value}", "unknown region: {value}"),
    "care_kind": Text(
        "белгісіз көмек түрі: {value}", "неизвестный вид помощи: {value}", "unknown kind of care: {value}"
    ),
    "negative": Text("теріс сан: {value}", "отрицательное число: {value}", "a negative number: {value}"),
    "dates": Text(
        "end_date start_date-тен ерте", "end_date раньше start_date", "end_date is before start_date"
    ),
    "duplicate": Text(
        "claim_id қайталанады: {value}", "claim_id повторяется: {value}", "claim_id is repeated: {value}"
    ),
    "method": Text(
        "белгісіз төлем әдісі: {value}; мүмкіндері: " + ", ".join(METHODS),
        "неизвестный метод оплаты: {value}; допустимы: " + ", ".join(METHODS),
        "unknown payment method: {value}; expected one of " + ", ".join(METHODS),
    ),
    "method_kind": Text(
        "бұл әдіс бұл көмек түріне қолданылмайды (program-2026-2028 2-қосымша): {value}",
        "этот метод не применяется к этому виду помощи (program-2026-2028 прил. 2): {value}",
        "this method does not pay for this kind of care (program-2026-2028 app2): {value}",
    ),
    "complex": Text(
        "кешенді тариф бағыты болуы керек (" + ", ".join(COMPLEX_TARIFF_DIRECTIONS) + "): {value}",
        "ожидается направление комплексного тарифа (" + ", ".join(COMPLEX_TARIFF_DIRECTIONS) + "): {value}",
        "expected a complex-tariff direction (" + ", ".join(COMPLEX_TARIFF_DIRECTIONS) + "): {value}",
    ),
    "ccg": Text(
        "тарифтер кітабында мұндай КШТ жоқ: {value}",
        "такой КЗГ нет в книге тарифов: {value}",
        "no such clinical cost group in the tariff book: {value}",
    ),
    "block": Text(
        "тарифтер кітабында мұндай емдеу блогы жоқ: {value}",
        "такого блока лечения нет в книге тарифов: {value}",
        "no such treatment block in the tariff book: {value}",
    ),
    "tariff_code": Text(
        "тарифтер кітабында мұндай тариф коды жоқ: {value}",
        "такого кода тарифа нет в книге тарифов: {value}",
        "no such tariff code in the tariff book: {value}",
    ),
    "year": Text(
        "жағдай тарифтер кітабының жылынан тыс аяқталған: {value}",
        "случай завершён вне года книги тарифов: {value}",
        "the case ended outside the tariff book's year: {value}",
    ),
}


def _regions_table() -> ir.Table:
    """Every accepted spelling of a region (code, ISO 3166-2, Kazakh name), lower-cased → code."""
    keys: dict[str, str] = {}
    for r in regions():
        for key in (r.code, r.iso_3166_2, r.name.kk):
            keys[key.casefold()] = r.code
    return ibis.memtable({"_rkey": list(keys), "_rcode": list(keys.values())})


def normalise_region(t: ir.Table, column: str = "region") -> ir.Table:
    """`column` replaced by the region code (null when unknown); `_raw_region` keeps the value given."""
    rt = _regions_table()
    joined = t.mutate(_raw_region=t[column]).left_join(rt, t[column].lower() == rt._rkey)
    return joined.mutate(**{column: joined._rcode}).drop("_rkey", "_rcode")


def read_claims(con: ibis.BaseBackend, path: Path, workdir: Path) -> ir.Table:
    """The claims file with the columns payment reads, typed (`read_input`), region as its code (null when
    unknown), `_row` kept. Its values are checked by `price_claims` (`input_checks` and `claim_checks`,
    in one scan)."""
    return normalise_region(read_input(con, path, CLAIM_COLUMNS, workdir, check=False))


def _method_kinds() -> ir.Table:
    pairs = [(m, k) for m in METHODS for k in METHODS[m].care_kinds]
    return ibis.memtable({"_m": [m for m, _k in pairs], "_k": [k for _m, k in pairs]})


def _complex_kinds() -> ir.Table:
    pairs = [(d, k) for d, kinds in complex_kinds().items() for k in kinds]
    return ibis.memtable({"_cd": [d for d, _k in pairs], "_ck": [k for _d, k in pairs]})


def claim_checks(j: ir.Table, year: int) -> list[tuple[str, ir.BooleanValue, Text]]:
    """What a claim must satisfy, over `j` = claims joined with the book (`price_claims`), the method and
    complex-tariff kinds of care (`_m`, `_cd`). Repeated claim_ids are found by `first_bad(unique=...)`."""
    return [
        ("region", j.region.isnull(), _M["region"]),
        ("care_kind", ~j.care_kind.isin(CARE_KINDS), _M["care_kind"]),
        ("end_date", j.end_date < j.start_date, _M["dates"]),
        ("end_date", j.end_date.year() != year, _M["year"]),
        ("amount", j.amount < 0, _M["negative"]),
        ("bed_days", j.bed_days < 0, _M["negative"]),
        ("sessions", j.sessions < 0, _M["negative"]),
        ("method", j.method.notnull() & ~j.method.isin(tuple(METHODS)), _M["method"]),
        ("method", j.method.isin(tuple(METHODS)) & j._m.isnull(), _M["method_kind"]),
        (
            "complex_tariff",
            j.complex_tariff.notnull() & ~j.complex_tariff.isin(COMPLEX_TARIFF_DIRECTIONS),
            _M["complex"],
        ),
        (
            "complex_tariff",
            j.complex_tariff.isin(COMPLEX_TARIFF_DIRECTIONS) & j._cd.isnull(),
            _M["method_kind"],
        ),
        ("complex_tariff", (j.method == "complex_tariff") & j.complex_tariff.isnull(), _EMPTY),
        ("ccg", j.ccg.notnull() & j._ccg.isnull(), _M["ccg"]),
        ("tariff_code", j.tariff_code.notnull() & j._code.isnull(), _M["tariff_code"]),
        ("block", j.block.notnull() & j._block.isnull(), _M["block"]),
    ]


# --- the oncology ranges of app2 row 10 ----------------------------------------------------------------


@cache
def oncology_ranges() -> CodeRanges:
    """app2.10 item 1: C00-C80, C97, D00-D09, D37-D44, D48 except C81-C96, D45-D47 (from the data file)."""
    m = pm.direction("oncology").method("neoplasm_hospital_care")
    assert m.icd10_include is not None and m.icd10_exclude is not None
    return CodeRanges.parse(f"{m.icd10_include} except {m.icd10_exclude}")


# Cyrillic capitals that look like the Latin letters of ICD-10 codes (published texts and data mix them).
HOMOGLYPHS = dict(zip("АВСЕНКМОРТХ", "ABCEHKMOPTX", strict=True))


def icd_key(icd: ir.StringValue, letters: str = "ABCEHKMOPTX") -> ir.StringValue:
    """The code as CodeRanges compares it: upper case, no dot ("c80.1" → "C801"), the Cyrillic look-alikes
    of `letters` made Latin ("С97" → "C97"). Plain `replace`s: `translate` costs ten times more per row."""
    key = icd.upper().replace(".", "").strip()
    for cyr, lat in HOMOGLYPHS.items():
        if lat in letters:
            key = key.replace(cyr, lat)
    return key


def in_ranges(icd: ir.StringValue, ranges: CodeRanges) -> ir.BooleanValue:
    """Set-based `ranges.contains`: an endpoint at category level covers all its subcategories."""
    items = ranges.items + (ranges.exclude.items if ranges.exclude is not None else ())
    key = icd_key(icd, "".join(sorted({code[0] for pair in items for code in pair})))

    def any_of(r: CodeRanges) -> ir.BooleanValue:
        out: ir.BooleanValue = ibis.literal(False)
        for lo, hi in r.items:
            lo_k, hi_k = lo.replace(".", ""), hi.replace(".", "")
            out = out | ((key >= lo_k) & ((key <= hi_k) | key.startswith(hi_k)))
        return out

    hit = any_of(ranges)
    return hit & ~any_of(ranges.exclude) if ranges.exclude is not None else hit


# --- arithmetic ----------------------------------------------------------------------------------------


def idiv(x: ir.IntegerValue, d: int) -> ir.IntegerValue:
    """Floor division of a non-negative integer below 2**53 by `d`, exact on every engine (engines divide
    integers in floating point; an exact multiple of `d` below 2**53 divides exactly)."""
    return ((x - x % d) / d).cast("int64")


def ccg_amount(base_rate: ir.IntegerValue, weight_millionths: ir.IntegerValue) -> ir.IntegerValue:
    """Base rate × cost weight, rounded half up to the tiyn (app2.4 item 1), in exact integer steps:
    base × whole part + round(base × fractional millionths / 10**6)."""
    whole = idiv(weight_millionths, WEIGHT_SCALE)
    frac = weight_millionths % WEIGHT_SCALE
    return base_rate * whole + idiv(base_rate * frac + WEIGHT_SCALE // 2, WEIGHT_SCALE)


def withheld(cost: ir.IntegerValue) -> ir.IntegerValue:
    """30 % of a block's cost, rounded half up to the tiyn (app2.6)."""
    return idiv(cost * WITHHOLD_PERCENT + 50, 100)


def short_block(bed_days: ir.IntegerValue, term_days: ir.IntegerValue) -> ir.BooleanValue:
    """app2.6: bed-days are 50 % or less of the block's term, compared exactly: bed_days × 100 ≤ term × 50."""
    return bed_days * 100 <= term_days * WITHHOLD_SHARE_PERCENT


# --- the book as tables ------------------------------------------------------------------------------


def _arrays(columns: Mapping[str, tuple[pa.DataType, list[Any]]]) -> ir.Table:
    return ibis.memtable(pa.table({k: pa.array(v, t) for k, (t, v) in columns.items()}))


def book_tables(book: TariffBook) -> dict[str, ir.Table]:
    """The tariff book as small memtables to join: cost groups, prices by tariff code, blocks, regions."""
    s, i = pa.string(), pa.int64()
    groups = book.clinical_cost_groups
    codes = sorted({c for sec in PRICE_SECTIONS for c in book.prices.get(sec, {})})
    blocks = book.paediatric_oncology_blocks
    regs = sorted(book.regions)
    region_columns: dict[str, tuple[pa.DataType, list[Any]]] = {
        "_reg": (s, regs),
        "_pcn": (i, [book.regions[r].per_capita_norm_tiyn for r in regs]),
        "_cpcn": (i, [book.regions[r].comprehensive_per_capita_norm_tiyn for r in regs]),
    }
    for d in COMPLEX_TARIFF_DIRECTIONS:
        region_columns[f"_ct_{d}"] = (i, [book.regions[r].complex_tariffs_tiyn.get(d) for r in regs])
    return {
        "ccg": _arrays(
            {
                "_ccg": (s, list(groups)),
                "_w": (i, [weight_micro(w) for w in groups.values()]),
                "_wtxt": (s, [str(w) for w in groups.values()]),
            }
        ),
        "prices": _arrays(
            {"_code": (s, codes)}
            | {sec: (i, [book.prices.get(sec, {}).get(c) for c in codes]) for sec in PRICE_SECTIONS}
        ),
        "blocks": _arrays(
            {
                "_block": (s, list(blocks)),
                "_term": (i, [b.term_days for b in blocks.values()]),
                "_block_tiyn": (i, [b.amount_tiyn for b in blocks.values()]),
            }
        ),
        "regions": _arrays(region_columns),
    }


@cache
def complex_kinds() -> dict[str, tuple[str, ...]]:
    """Kinds of care each complex-tariff direction pays for (app2 rows 11-13 through by_care_kind)."""
    anchors = zip(COMPLEX_TARIFF_DIRECTIONS, METHODS["complex_tariff"].anchors, strict=True)
    return {key: anchor_kinds((anchor,)) for key, anchor in anchors}


# --- pricing -------------------------------------------------------------------------------------------


def _str(value: str | None) -> ir.StringValue:
    return ibis.literal(value, type="string")


def _int(value: int | None) -> ir.IntegerValue:
    return ibis.literal(value, type="int64")


def price_claims(claims: ir.Table, book: TariffBook, file: str = "claims") -> ir.Table:
    """One row per claim: its method and amount under `book` (`OUTPUT_COLUMNS` and `_row`; `inputs` JSON).

    Codes the book does not know and cases outside the book's year are `BatchInputError`s naming the row;
    a claim whose method cannot be told or whose tariff input is missing gets a null amount and a reason.
    """
    bt = book_tables(book)
    c, p, b, r = bt["ccg"], bt["prices"], bt["blocks"], bt["regions"]
    mk, ck = _method_kinds(), _complex_kinds()
    # The oncology test is computed before the joins: a column there, not an expression the SQL repeats.
    base = claims.mutate(_onco=in_ranges(claims.icd10, oncology_ranges()))

    def joined(t: ir.Table) -> ir.Table:
        return (
            t.left_join(c, t.ccg == c._ccg)
            .left_join(p, t.tariff_code == p._code)
            .left_join(b, t.block == b._block)
            .left_join(r, t.region == r._reg)
            .left_join(mk, (t.method == mk._m) & (t.care_kind == mk._k))
            .left_join(ck, (t.complex_tariff == ck._cd) & (t.care_kind == ck._ck))
        )

    j = joined(base)
    first_bad(
        j,
        input_checks(j, CLAIM_COLUMNS) + claim_checks(j, book.year),
        file,
        unique=("claim_id", _M["duplicate"]),
    )
    kind = j.care_kind
    hosp = kind.isin(HOSPITAL_KINDS)
    bed_days = j.bed_days.coalesce(ibis.greatest(j.end_date.delta(j.start_date, unit="day"), 1))
    onco = hosp & j._onco
    inferred = ibis.cases(
        (kind == "ambulance", "per_capita_norm"),
        (kind == "phc", "comprehensive_per_capita_norm"),
        (kind == "treatment_abroad", "actual_cost"),
        (j.complex_tariff.notnull(), "complex_tariff"),
        (j.block.notnull() & hosp, "medical_economic_tariff"),
        (onco, "oncology"),
        (j.sessions.notnull() & (kind == "day_hospital"), "dialysis_session"),
        (j.sessions.notnull() & j.ccg.notnull() & (kind == "inpatient"), "ccg_plus_sessions"),
        (j.ccg.notnull() & hosp, "per_case_ccg"),
        (j.bed_day_tiyn.notnull() & kind.isin(METHODS["per_bed_day"].care_kinds), "per_bed_day"),
        (
            j.average_case_cost_tiyn.notnull() & kind.isin(METHODS["per_case_average_cost"].care_kinds),
            "per_case_average_cost",
        ),
        (
            j.admission_department_tiyn.notnull() & kind.isin(METHODS["admission_department"].care_kinds),
            "admission_department",
        ),
        else_=_str(None),
    )
    j = j.mutate(_method=j.method.coalesce(inferred), _bed_days=bed_days)
    m = j._method
    base_rate = _int(book.base_rate_tiyn)
    ccg_tiyn = ccg_amount(base_rate, j._w)
    block_withheld = ibis.cases(
        ((m == "medical_economic_tariff") & short_block(j._bed_days, j._term), withheld(j._block_tiyn)),
        else_=_int(0),
    )
    per_capita = m.isin([k for k, v in METHODS.items() if v.basis != "case"])
    amount = ibis.cases(
        (m == "per_case_ccg", ccg_tiyn),
        (m == "ccg_plus_sessions", ccg_tiyn + j.sessions * j.dialysis_session_tiyn),
        (m == "per_bed_day", j._bed_days * j.bed_day_tiyn),
        (m == "per_case_average_cost", j.average_case_cost_tiyn),
        (m == "admission_department", j.admission_department_tiyn),
        (m == "dialysis_session", j.sessions * j.dialysis_session_tiyn),
        (m == "oncology", j.oncology_tiyn),
        (m == "medical_economic_tariff", j._block_tiyn - block_withheld),
        (m.isin(["per_case_actual_cost", "actual_cost"]), j.amount),
        (per_capita, _int(0)),
        else_=_int(None),
    )
    j = j.mutate(_amount=amount, _withheld=block_withheld)
    clause, item = _clause(j)
    uses = {
        "ccg": m.isin(["per_case_ccg", "ccg_plus_sessions"]),
        "tariff": m.isin(
            ["ccg_plus_sessions", "per_bed_day", "per_case_average_cost", "admission_department",
             "dialysis_session", "oncology"]
        ),
        "bed_days": m.isin(["per_bed_day", "medical_economic_tariff"]),
        "sessions": m.isin(["ccg_plus_sessions", "dialysis_session"]),
        "block": m == "medical_economic_tariff",
    }  # fmt: skip
    tariff = ibis.cases(
        (m == "per_bed_day", j.bed_day_tiyn),
        (m == "per_case_average_cost", j.average_case_cost_tiyn),
        (m == "admission_department", j.admission_department_tiyn),
        (m.isin(["dialysis_session", "ccg_plus_sessions"]), j.dialysis_session_tiyn),
        (m == "oncology", j.oncology_tiyn),
        else_=_int(None),
    )
    reason = ibis.cases(
        (m.isnull(), "no_method"),
        (j._amount.isnull(), "missing_tariff_input"),
        (m.isin(["per_capita_norm", "comprehensive_per_capita_norm"]), "paid_per_capita"),
        (m == "complex_tariff", "paid_per_patient"),
        else_=_str(None),
    )
    inputs = json_object(
        {
            "ccg": ibis.ifelse(uses["ccg"], j.ccg, _str(None)),
            "cost_weight": ibis.ifelse(uses["ccg"], j._wtxt, _str(None)),
            "base_rate_tiyn": ibis.ifelse(uses["ccg"], base_rate, _int(None)),
            "tariff_code": ibis.ifelse(uses["tariff"], j.tariff_code, _str(None)),
            "tariff_tiyn": tariff,
            "bed_days": ibis.ifelse(uses["bed_days"], j._bed_days, _int(None)),
            "sessions": ibis.ifelse(uses["sessions"], j.sessions, _int(None)),
            "block": ibis.ifelse(uses["block"], j.block, _str(None)),
            "block_term_days": ibis.ifelse(uses["block"], j._term, _int(None)),
            "block_tiyn": ibis.ifelse(uses["block"], j._block_tiyn, _int(None)),
            "withheld_percent": ibis.ifelse(
                uses["block"] & (j._withheld > 0), _int(WITHHOLD_PERCENT), _int(None)
            ),
            "complex_tariff": ibis.ifelse(m == "complex_tariff", j.complex_tariff, _str(None)),
            "icd10": ibis.ifelse(m == "oncology", j.icd10.re_replace(r"[^0-9A-Za-z.]", ""), _str(None)),
            "reason": reason,
        }
    )
    return j.select(
        claim_id=j.claim_id,
        provider_id=j.provider_id,
        region=j.region,
        care_kind=j.care_kind,
        method=m,
        act=_str(ACT),
        clause=clause,
        item=item,
        presented_tiyn=j.amount,
        amount_tiyn=j._amount,
        withheld_tiyn=ibis.ifelse(j._amount.isnull(), _int(None), j._withheld),
        inputs=inputs,
        _row=j._row,  # the order of the output
    )


def _clause(j: ir.Table) -> tuple[ir.StringValue, ir.IntegerValue]:
    """The app2 row and item each claim's method is cited by (the item the claim's care falls under)."""
    m = j._method
    pairs: list[tuple[ir.BooleanValue, tuple[str, int]]] = [
        ((m == "per_bed_day") & (j.care_kind == "day_hospital"), ("app2.5", 11)),
        ((m == "complex_tariff") & (j.complex_tariff == "hiv"), COMPLEX_CLAUSES["hiv"]),
        ((m == "complex_tariff") & (j.complex_tariff == "mental_health"), COMPLEX_CLAUSES["mental_health"]),
    ]
    pairs += [(m == code, method.citation[1:]) for code, method in METHODS.items()]
    clause = ibis.cases(*((cond, ci[0]) for cond, ci in pairs), else_=_str(None))
    item = ibis.cases(*((cond, ci[1]) for cond, ci in pairs), else_=_int(None))
    return clause, item.cast("int64")


def json_object(fields: Mapping[str, ir.Value]) -> ir.StringValue:
    """A compact JSON object of the fields that are not null, built in the engine (set-based).

    No escaping is done: values are numbers, or strings that cannot hold `"`, `\\` or control characters
    (codes of the tariff book, which `tariffs.py` forbids them in and the claim's value is joined equal
    to; enumerations; dates; ICD-10 codes stripped to letters, digits and dots).
    """
    body: ir.StringValue = ibis.literal("")
    for key, value in fields.items():
        text = '"' + value + '"' if value.type().is_string() else value.cast("string")
        body = body + ibis.ifelse(value.isnull(), "", f',"{key}":' + text)
    return "{" + body.substr(1) + "}"


ATTACHED_COLUMNS: tuple[Col, ...] = (
    Col("provider_id"),
    Col("region"),
    Col("attached", "int"),
    Col("base", required=False, nullable=True),
)
PER_CAPITA_BASES = ("comprehensive_per_capita_norm", "per_capita_norm")
_ATTACHED = {
    "base": Text(
        "base: comprehensive_per_capita_norm (КЖН, МСАК) немесе per_capita_norm (ЖБН) болуы керек: {value}",
        "base: ожидается comprehensive_per_capita_norm (КПН, ПМСП) или per_capita_norm (ПН): {value}",
        "base: expected comprehensive_per_capita_norm (PHC) or per_capita_norm (ambulance): {value}",
    ),
    "twice": Text(
        "ұйым мен база екі рет берілген: {value}",
        "организация и база указаны дважды: {value}",
        "the organisation and base are given twice: {value}",
    ),
}


def read_attached(con: ibis.BaseBackend, source: Path | pa.Table, workdir: Path) -> ir.Table:
    """Attached (or served) people per organisation: `provider_id`, `region`, `attached`, optional `base`
    (default comprehensive_per_capita_norm: PHC's КЖН, app2.2 item 1; per_capita_norm: ambulance's ЖБН,
    app2.1 item 1). From a Parquet/CSV file or an Arrow table (e.g. `attached_from_store`)."""
    if isinstance(source, pa.Table):
        path = workdir / "attached.parquet"
        import pyarrow.parquet as pq

        pq.write_table(source, path)
        name = "attached"
    else:
        path, name = source, source.name
    t = read_input(con, path, ATTACHED_COLUMNS, workdir)
    t = normalise_region(t).mutate(base=_.base.coalesce("comprehensive_per_capita_norm"))
    first_bad(
        t,
        [
            ("region", t.region.isnull(), _M["region"]),
            ("attached", t.attached < 0, _M["negative"]),
            ("base", ~t.base.isin(PER_CAPITA_BASES), _ATTACHED["base"]),
        ],
        name,
    )
    # a small table: a window finds a repeated (organisation, base) directly
    dup = t.mutate(_n=ibis.row_number().over(group_by=[t.provider_id, t.base], order_by=t._row))
    first_bad(dup, [("provider_id", dup._n > 0, _ATTACHED["twice"])], name)
    return t


def per_capita_rows(attached: ir.Table, book: TariffBook, month: str) -> ir.Table:
    """One row per organisation and base for `month`: norm of its region × attached people (app2.1, 2.2)."""
    r = book_tables(book)["regions"]
    j = attached.left_join(r, attached.region == r._reg)
    ambulance = j.base == "per_capita_norm"
    norm = ibis.ifelse(ambulance, j._pcn, j._cpcn)
    amount = norm * j.attached
    return j.select(
        claim_id=_str(None),
        provider_id=j.provider_id,
        region=j.region,
        care_kind=ibis.ifelse(ambulance, "ambulance", "phc"),
        method=j.base,
        act=_str(ACT),
        clause=ibis.ifelse(
            ambulance, METHODS["per_capita_norm"].citation[1], METHODS[PER_CAPITA_BASES[0]].citation[1]
        ),
        item=_int(1),
        presented_tiyn=_int(None),
        amount_tiyn=amount,
        withheld_tiyn=ibis.ifelse(amount.isnull(), _int(None), _int(0)),
        inputs=json_object(
            {
                "attached": j.attached,
                "norm_tiyn": norm,
                "month": _str(month),
                "reason": ibis.ifelse(norm.isnull(), "no_norm_in_book", _str(None)),
            }
        ),
    )


def paid_by_complex_tariff(t: ir.Table) -> ir.BooleanValue:
    """The claims `price_claims` gives the method `complex_tariff`: named in `method`, or no method given,
    a `complex_tariff` named and a kind of care the order does not decide before it (ambulance, PHC and
    treatment abroad come first). Kept equal to that order; a test checks them against each other."""
    earlier = ("ambulance", "phc", "treatment_abroad")
    named = t.method == "complex_tariff"
    inferred = t.method.isnull() & t.complex_tariff.notnull() & ~t.care_kind.isin(earlier)
    return named.fill_null(False) | inferred


def per_patient_rows(claims: ir.Table, book: TariffBook) -> ir.Table:
    """Complex tariffs (app2.11-13): per organisation, direction and month, tariff of the region × the
    distinct patients (IINs) whose claims are paid by that complex tariff and ended in the month."""
    r = book_tables(book)["regions"]
    x = claims.filter(paid_by_complex_tariff(claims))
    g = x.group_by(
        provider_id=x.provider_id,
        region=x.region,
        direction=x.complex_tariff,
        month=x.end_date.strftime("%Y-%m"),
    ).aggregate(patients=x.iin.nunique().cast("int64"))
    j = g.left_join(r, g.region == r._reg)
    tariff = ibis.cases(
        *((j.direction == d, j[f"_ct_{d}"]) for d in COMPLEX_TARIFF_DIRECTIONS), else_=_int(None)
    )
    amount = tariff * j.patients
    return j.select(
        claim_id=_str(None),
        provider_id=j.provider_id,
        region=j.region,
        care_kind=_str(None),
        method=_str("complex_tariff"),
        act=_str(ACT),
        clause=ibis.cases(
            *((j.direction == d, c) for d, (c, _i) in COMPLEX_CLAUSES.items()), else_=_str(None)
        ),
        item=_int(1),
        presented_tiyn=_int(None),
        amount_tiyn=amount,
        withheld_tiyn=ibis.ifelse(amount.isnull(), _int(None), _int(0)),
        inputs=json_object(
            {
                "complex_tariff": j.direction,
                "patients": j.patients,
                "norm_tiyn": tariff,
                "month": j.month,
                "reason": ibis.ifelse(tariff.isnull(), "no_tariff_in_book", _str(None)),
            }
        ),
    )


# --- the whole run -------------------------------------------------------------------------------------


def parse_period(period: str, field: str = "--period") -> tuple[dt.date, dt.date]:
    """`YYYY-MM` → (first day, last day) of that month."""
    try:
        first = dt.date.fromisoformat(f"{period.strip()}-01")
    except ValueError:
        raise InvalidInput(
            field,
            Text(
                f"{period!r}: ЖЖЖЖ-АА айы болуы керек",
                f"{period!r}: ожидается месяц ГГГГ-ММ",
                f"{period!r}: expected a month YYYY-MM",
            ),
        ) from None
    nxt = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first, nxt - dt.timedelta(days=1)


@contextmanager
def batch_session(
    con: ibis.BaseBackend | None, workdir: Path | None
) -> Iterator[tuple[ibis.BaseBackend, Path]]:
    """A backend (default: DuckDB from `kepil.engine.backends.connect`, spilling to the work directory)
    and a work directory (default: a temporary one, removed afterwards)."""
    with tempfile.TemporaryDirectory(prefix="kepil-pay-") as tmp:
        wd = workdir or Path(tmp)
        yield (con if con is not None else connect("duckdb", wd)), wd


def _needs_period(attached: Path | pa.Table | None, period: str | None) -> None:
    if attached is not None and period is None:
        raise InvalidInput(
            "--attached",
            Text(
                "жан басына шаққандағы төлем үшін --period (ай) керек",
                "для подушевой оплаты нужен --period (месяц)",
                "per-capita payment needs --period (a month)",
            ),
        )


@contextmanager
def priced_run(
    claims: Path,
    book: TariffBook,
    *,
    period: str | None = None,
    attached: Path | pa.Table | None = None,
    con: ibis.BaseBackend | None = None,
    workdir: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> Iterator[tuple[ibis.BaseBackend, ir.Table]]:
    """(backend, amounts): the claims validated (one scan) and the expression of every output row
    (`OUTPUT_COLUMNS`): claims in file order, then the per-patient and per-capita rows. Valid inside the
    `with` block; each use of the expression prices the claims afresh (set-based, streamed)."""
    say = progress or (lambda _msg: None)
    _needs_period(attached, period)
    with batch_session(con, workdir) as (backend, wd):
        say(f"reading {claims.name}")
        t = read_claims(backend, claims, wd)
        month: str | None = None
        if period is not None:
            first, last = parse_period(period)
            month = period.strip()
            t = t.filter((t.end_date >= first) & (t.end_date <= last))
        say("pricing claims")
        parts = [
            price_claims(t, book, claims.name).mutate(_k=0),
            per_patient_rows(t, book).mutate(_k=1, _row=_int(None)),
        ]
        if attached is not None and month is not None:
            say("per-capita payments")
            per_capita = per_capita_rows(read_attached(backend, attached, wd), book, month)
            parts.append(per_capita.mutate(_k=2, _row=_int(None)))
        out = ibis.union(*(part.select(*OUTPUT_COLUMNS, "_k", "_row") for part in parts))
        # integer keys: sorting 10 M claim ids as strings costs more than all the pricing
        out = out.order_by(
            [out._k, out._row, out.method, out.provider_id, out.region, out.clause, out.inputs]
        )
        yield backend, out.select(*OUTPUT_COLUMNS)


def pay(
    claims: Path,
    book: TariffBook,
    *,
    period: str | None = None,
    attached: Path | pa.Table | None = None,
    con: ibis.BaseBackend | None = None,
    workdir: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> pa.Table:
    """Amounts due as an Arrow table (`OUTPUT_COLUMNS`; `inputs` a JSON string): the claims in file order,
    then the per-patient and per-capita rows. With `period` (YYYY-MM) only claims whose end_date is in
    that month are priced, and `attached` (needs `period`) adds the month's per-capita payments."""
    kw: dict[str, Any] = {"period": period, "attached": attached, "con": con, "workdir": workdir}
    with priced_run(claims, book, progress=progress, **kw) as (backend, out):
        if progress:
            progress("collecting the amounts")
        return backend.to_pyarrow(out).cast(output_schema())


def pay_to_files(
    claims: Path,
    book: TariffBook,
    amounts: Path,
    *,
    period: str | None = None,
    attached: Path | pa.Table | None = None,
    progress: Callable[[str], None] | None = None,
) -> tuple[int, pa.Table]:
    """Write the amounts to `amounts` (Parquet, or CSV by the suffix) from the engine — they are never held
    in Python — and return (rows written, summary). The file is written whole or not at all: under a
    temporary name in the same directory, renamed at the end (the caller renames, see `kepil pay`)."""
    with priced_run(claims, book, period=period, attached=attached, progress=progress) as (backend, out):
        if progress:
            progress(f"writing {amounts.name}")
        if amounts.suffix.lower() == ".csv":
            backend.to_csv(out, amounts)
        else:
            backend.to_parquet(out, amounts)
        if progress:
            progress("summary")
        # from the file just written: a scan of five columns, not a second pricing
        csv = amounts.suffix.lower() == ".csv"
        written = backend.read_csv(amounts) if csv else backend.read_parquet(amounts)
        summary = backend.to_pyarrow(summary_expr(written))
        n = int(sum(summary.column("rows").to_pylist()))
    return n, summary.cast(summary_schema())


def summary_expr(out: ir.Table) -> ir.Table:
    """Totals by method and region: rows, claims, presented, amount and withheld tiyn, unpriced rows."""
    g = out.group_by("method", "region").aggregate(
        rows=out.count(),
        claims=out.claim_id.count(),
        presented_tiyn=out.presented_tiyn.sum(),
        amount_tiyn=out.amount_tiyn.sum(),
        withheld_tiyn=out.withheld_tiyn.sum(),
        unpriced=out.amount_tiyn.isnull().sum(),
    )
    return g.order_by([g.method.isnull(), g.method, g.region.isnull(), g.region])


def summary_schema() -> pa.Schema:
    i = pa.int64()
    cols = ("rows", "claims", "presented_tiyn", "amount_tiyn", "withheld_tiyn", "unpriced")
    return pa.schema([("method", pa.string()), ("region", pa.string()), *((c, i) for c in cols)])


def output_schema() -> pa.Schema:
    s, i = pa.string(), pa.int64()
    types = {"item": i, "presented_tiyn": i, "amount_tiyn": i, "withheld_tiyn": i}
    return pa.schema([(c, types.get(c, s)) for c in OUTPUT_COLUMNS])


def summarise(amounts: pa.Table) -> pa.Table:
    """`summary_expr` over an Arrow table of amounts (e.g. `pay`'s result)."""
    con = ibis.duckdb.connect()
    return con.to_pyarrow(summary_expr(ibis.memtable(amounts))).cast(summary_schema())


def attached_from_store(database_url: str, on: dt.date) -> pa.Table:
    """People attached to each organisation on `on` (the attachment registry, `attached_counts`) with the
    organisation's region: the КЖН base of PHC payment (app2.2 item 1)."""
    from sqlalchemy import select

    from kepil.store.db import make_engine, reading
    from kepil.store.models import Provider
    from kepil.store.providers import attached_counts

    engine = make_engine(database_url)
    with reading(engine) as s:
        counts = attached_counts(s, on)
        region_of = {str(i): str(r) for i, r in s.execute(select(Provider.id, Provider.region)).all()}
    ids = sorted(counts)
    return pa.table(
        {
            "provider_id": pa.array(ids, pa.string()),
            "region": pa.array([region_of.get(i) for i in ids], pa.string()),
            "attached": pa.array([counts[i] for i in ids], pa.int64()),
            "base": pa.array(["comprehensive_per_capita_norm"] * len(ids), pa.string()),
        }
    )
