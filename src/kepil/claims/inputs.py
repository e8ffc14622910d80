"""Reading, validating and normalising the batch inputs (shared/contracts/claims.md): the three tables.

Each file is CSV (UTF-8, a header row) or Parquet. Validation is set-based (Polars, lazily over the file):
every check is one boolean expression, and one aggregation per file gives the lowest bad row of every
check; the problem reported is the lowest row of all (ties: the schema's column order), and every
check's first problem is kept in `InputFileError.problems`. Checks whose answer depends only on the
distinct values (IIN check digit, ICD-10 existence, region names) decide each distinct value once.

Normalised Parquet: strings; dates date32; money int64 tiyn; booleans (nullable); `region` the code of
`kepil.reference.regions` (a Kazakh name, ISO code or any case converted); `icd10` as
`kepil.reference.icd10.normalize` gives; `contracts.care_kinds` the `;`-separated kinds, stripped; any
other column carried unchanged. A Parquet input that already conforms is used as it is. Nothing is
written when any file has a problem: files go to temporary names in `workdir` and are renamed at the end.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from kepil.claims import messages as M
from kepil.errors import InvalidInput
from kepil.files import temp_beside, written_together
from kepil.i18n import Text
from kepil.law.care import CARE_KINDS
from kepil.limits import MAX_ID_CHARS, MAX_TEXT_CHARS, quoted
from kepil.reference import icd10
from kepil.reference.regions import region_codes

if TYPE_CHECKING:  # the schema (and the column checks on numpy) are loaded by the claims readers only:
    # the other readers (medicines, access, providers) import this module for its errors and helpers
    from kepil.claims.schema import Column, Table

ROW = "__row"
TARGET: dict[str, pl.DataType] = {
    "string": pl.Utf8(),
    "enum": pl.Utf8(),
    "iin": pl.Utf8(),
    "icd10": pl.Utf8(),
    "region": pl.Utf8(),
    "care_kinds": pl.Utf8(),
    "date": pl.Date(),
    "money": pl.Int64(),
    "bool": pl.Boolean(),
}


@dataclass(frozen=True, slots=True)
class ClaimsInputs:
    """Validated, normalised Parquet files of the three tables."""

    claims: Path
    persons: Path
    contracts: Path


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    row: int | None  # 1-based data row (the header not counted); None for the file or a missing column
    column: str | None
    text: Text  # the whole message, the place included


class InputFileError(InvalidInput):
    """A problem of an input file: `.file`, `.row` (1-based data row; None for a missing column or an
    unreadable file), `.column`; the message in kk, ru and en (`text(lang)`). `.problems` holds the first
    problem of every failing check, lowest row first."""

    def __init__(self, problem: Problem, problems: Sequence[Problem] = ()) -> None:
        self.file, self.row, self.column = problem.file, problem.row, problem.column
        self.problems: tuple[Problem, ...] = tuple(problems) or (problem,)
        where = [problem.file] + [str(x) for x in (problem.row, problem.column) if x is not None]
        super().__init__(":".join(where), problem.text)


@dataclass(frozen=True, slots=True)
class _Check:
    column: str
    order: int  # the column's position in the schema: ties of rows are reported in this order
    bad: pl.Expr
    message: Text  # with {value} (and the DUPLICATE / DATE_ORDER extras filled later)
    kind: str = "value"  # value | duplicate | order | type


def problem(file: str, row: int | None, column: str | None, message: Text) -> Problem:
    if row is None:
        where = M.WHERE_FILE.format(file=file)
    elif column is None:  # a row's fault no column can be named for (it showed column `None`)
        where = M.WHERE_ROW.format(file=file, row=row)
    else:
        where = M.WHERE.format(file=file, row=row, column=column)
    return Problem(
        file, row, column, Text(where.kk + message.kk, where.ru + message.ru, where.en + message.en)
    )


def check_columns(file: str, required: Iterable[str], present: Sequence[str]) -> None:
    """Raise InputFileError naming every required column the header lacks (first one as the message)."""
    header = ", ".join(present) or "—"
    problems = [
        problem(file, None, c, M.MISSING_COLUMN.format(column=c, present=header))
        for c in required
        if c not in present
    ]
    if problems:
        raise InputFileError(problems[0], problems)


def _shown(value: Any) -> str:
    return quoted(value)


def max_chars(column: str) -> int:
    """The longest text a column may hold: identifiers (`…_id`, the store keeps 64) or free text."""
    return MAX_ID_CHARS if column.endswith("_id") else MAX_TEXT_CHARS


def _blank(src: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    """Null, or (for text) the empty string: a value not given. (Reading: a value of spaces only is a
    value; it fails the type or enumeration checks of typed columns.)"""
    if dtype == pl.Utf8:
        return src.is_null() | (src.str.len_bytes() == 0)
    return src.is_null()


def _scan(path: Path, file: str, stage: Path) -> tuple[pl.LazyFrame, bool]:
    """The file as a lazy frame. A CSV is parsed once (all columns text) into `stage`, a Parquet file the
    checks then scan several times without parsing the text again. Also: whether columns were recast."""
    if not path.is_file():
        raise InputFileError(problem(file, None, None, M.NOT_FOUND))
    suffix = path.suffix.lower()
    recast = False
    try:
        if suffix == ".parquet":
            lf = pl.scan_parquet(path)
            text = [n for n, t in lf.collect_schema().items() if isinstance(t, (pl.Categorical, pl.Enum))]
            if text:  # dictionary-typed text is text
                lf = lf.with_columns(pl.col(text).cast(pl.Utf8))
                recast = True
        elif suffix == ".csv":
            pl.scan_csv(path, infer_schema=False, encoding="utf8").sink_parquet(stage, compression="lz4")
            lf = pl.scan_parquet(stage)
        else:
            raise InputFileError(problem(file, None, None, M.BAD_SUFFIX))
        lf.collect_schema()
    except (pl.exceptions.PolarsError, OSError) as e:
        raise InputFileError(problem(file, None, None, M.cannot_read(e))) from None
    return lf, recast


def region_map(values: Sequence[str]) -> dict[str, str | None]:
    """Each distinct value given → its region code, or None when it names no region."""
    idx = region_codes()
    return {v: idx.get(v.strip().casefold()) for v in values}


def icd_map(values: Sequence[str]) -> dict[str, str | None]:
    """Each distinct value given → its normalised ICD-10 code, or None when it is not one."""
    return {v: icd10.normalize(v) if icd10.is_valid(v) else None for v in values}


@dataclass
class _Plan:
    """Per file: the normalised expression of each column, its checks, and whether it changes the file."""

    table: Table
    norm: dict[str, pl.Expr] = field(default_factory=dict)
    checks: list[_Check] = field(default_factory=list)  # row-wise expressions, one aggregation
    iin_columns: list[tuple[str, int]] = field(default_factory=list)  # checked on the whole column
    changed: list[pl.Expr] = field(default_factory=list)  # any() true: the normalised file differs
    differs: bool = False  # a dtype or a distinct-value mapping differs already


def _distinct(lf: pl.LazyFrame, table: Table, schema: pl.Schema) -> dict[str, pl.Series]:
    """Distinct text values of the columns decided per value (icd10, region): a few thousand at most."""
    cols = [
        c.name
        for c in table.columns
        if c.type in ("icd10", "region") and c.name in schema and schema[c.name] == pl.Utf8
    ]
    frames = pl.collect_all([lf.select(pl.col(c).drop_nulls().unique()) for c in cols])
    return {c: f.to_series() for c, f in zip(cols, frames, strict=True)}


def _plan(table: Table, schema: pl.Schema, distinct: dict[str, pl.Series]) -> _Plan:
    plan = _Plan(table)
    for order, col in enumerate(table.columns):
        if col.name in schema:
            _column(plan, col, order, schema[col.name], distinct.get(col.name))
    for earlier, later in table.date_order:
        if earlier in plan.norm and later in plan.norm:
            bad = (plan.norm[later] < plan.norm[earlier]).fill_null(False)
            plan.checks.append(_Check(later, table.names.index(later), bad, M.DATE_ORDER, "order"))
    return plan


def _column(plan: _Plan, col: Column, order: int, dtype: pl.DataType, values: pl.Series | None) -> None:
    src = pl.col(col.name)
    blank = _blank(src, dtype)
    target = TARGET[col.type]
    if dtype != target:
        plan.differs = True

    def check(bad: pl.Expr, message: Text, kind: str = "value") -> None:
        plan.checks.append(_Check(col.name, order, bad.fill_null(False), message, kind))

    def wrong_type(message: Text | None = None) -> None:
        expected = M.EXPECTED.get(col.type, M.EXPECTED["string"])
        msg = message or M.WRONG_TYPE.format(expected="{expected}", dtype=str(dtype))
        check(src.is_not_null(), Text(*(msg[lang].replace("{expected}", expected[lang]) for lang in
                                        ("kk", "ru", "en"))), "type")  # fmt: skip
        plan.norm[col.name] = pl.lit(None, target)

    if dtype == pl.Null:  # a Parquet column with no values at all
        norm: pl.Expr = pl.lit(None, target)
    elif col.type in ("string", "enum", "iin", "icd10", "region", "care_kinds") and dtype != pl.Utf8:
        if col.type == "string" and dtype.is_integer():
            norm = src.cast(pl.Utf8)
        else:
            wrong_type(M.IIN_AS_NUMBER.format(dtype=str(dtype)) if col.type == "iin" else None)
            return
    elif col.type == "string":
        norm = src
        limit = max_chars(col.name)
        check(src.str.len_chars() > limit, M.TOO_LONG.format(value="{value}", limit=limit))
    elif col.type == "enum":
        norm = pl.when(blank).then(None).otherwise(src)
        allowed = ", ".join(col.values)
        check(~blank & ~src.is_in(list(col.values)), M.NOT_ONE_OF.format(value="{value}", allowed=allowed))
        plan.changed.append(src.is_not_null() & blank)
    elif col.type == "iin":
        norm = src
        plan.iin_columns.append((col.name, order))
    elif col.type in ("icd10", "region"):
        mapping = (icd_map if col.type == "icd10" else region_map)(
            values.to_list() if values is not None else []
        )
        norm = src.replace_strict(mapping, default=None, return_dtype=pl.Utf8) if mapping else src
        if any(v is None for v in mapping.values()):
            check(~blank & norm.is_null(), M.NOT_ICD10 if col.type == "icd10" else M.UNKNOWN_REGION)
        if any(k != v for k, v in mapping.items()):
            plan.differs = True
    elif col.type == "care_kinds":
        items = src.str.split(";").list.eval(pl.element().str.strip_chars())
        norm = items.list.join(";")
        bad_item = items.list.eval(~pl.element().is_in(list(CARE_KINDS))).list.any()
        allowed = ", ".join(CARE_KINDS)
        check(~blank & bad_item, M.NOT_ONE_OF.format(value="{value}", allowed=allowed))
        plan.changed.append(norm.ne_missing(src))
    elif col.type == "date":
        if dtype == pl.Utf8:
            s = src.str.strip_chars()
            norm = s.str.to_date("%Y-%m-%d", strict=False)
            check(~blank & (norm.is_null() | (s.str.len_bytes() != 10)), M.NOT_DATE)
            norm = pl.when(s.str.len_bytes() == 10).then(norm)
        elif dtype == pl.Date:
            norm = src
        elif isinstance(dtype, pl.Datetime):
            norm = src.dt.date()
        else:
            wrong_type()
            return
    elif col.type == "money":
        if dtype == pl.Utf8:
            norm = src.str.strip_chars().cast(pl.Int64, strict=False)
            check(~blank & norm.is_null(), M.NOT_INTEGER)
        elif dtype.is_integer():
            norm = src.cast(pl.Int64, strict=False)
            check(src.is_not_null() & norm.is_null(), M.NOT_INTEGER)
        elif dtype.is_float():
            whole = src.is_finite() & (src == src.floor())
            check(src.is_not_null() & ~whole, M.NOT_INTEGER)
            norm = pl.when(whole).then(src.cast(pl.Int64, strict=False))
        else:
            wrong_type()
            return
        check(norm < 0, M.NEGATIVE)
    else:  # bool
        if dtype == pl.Utf8:
            low = src.str.strip_chars().str.to_lowercase()
            norm = pl.when(low.is_in(["true", "1"])).then(True).when(low.is_in(["false", "0"])).then(False)
            check(~blank & norm.is_null(), M.NOT_BOOL)
        elif dtype == pl.Boolean:
            norm = src
        elif dtype.is_integer():
            norm = pl.when(src == 1).then(True).when(src == 0).then(False)
            check(src.is_not_null() & norm.is_null(), M.NOT_BOOL)
        else:
            wrong_type()
            return
    if col.required and not col.nullable:
        check(blank, M.REQUIRED_VALUE, "required")
    plan.norm[col.name] = norm.alias(col.name)


def _found(lf: pl.LazyFrame, plan: _Plan) -> tuple[list[tuple[int, _Check, dict[str, Any]]], bool]:
    """(row, check, extras) of the lowest bad row of every failing check; whether the file would change.

    One aggregation gives the row-wise checks; the IIN and key columns, collected alongside (Polars runs
    both queries at once), are checked on numpy."""
    row = pl.col(ROW)
    aggs = [row.filter(c.bad).min().alias(f"c{i}") for i, c in enumerate(plan.checks)]
    aggs += [pl.any_horizontal(e.fill_null(False)).any().alias(f"d{i}") for i, e in enumerate(plan.changed)]
    import numpy as np

    from kepil.claims.columns import first_repeat, iin_valid

    key = plan.table.key
    arrays = {name: pl.col(name) for name, _ in plan.iin_columns}
    if key in plan.norm:
        arrays["__key"] = plan.norm[key].alias("__key")
    cols = lf.select(list(arrays.values())).collect()
    with ThreadPoolExecutor(max_workers=1) as pool:  # the aggregation runs while numpy checks the columns
        pending = pool.submit(lf.with_row_index(ROW, offset=1).select(aggs or [pl.lit(0)]).collect)
        found: list[tuple[int, _Check, dict[str, Any]]] = []
        for name, order in plan.iin_columns:
            ok = iin_valid(cols[name])
            if not ok.all():
                found.append((int(np.argmin(ok)) + 1, _Check(name, order, pl.lit(True), M.NOT_IIN), {}))
        if "__key" in cols.columns:
            repeat = first_repeat(cols["__key"])
            if repeat is not None:
                check = _Check(key, plan.table.names.index(key), pl.lit(True), M.DUPLICATE, "duplicate")
                found.append((repeat[0] + 1, check, {"first": repeat[1] + 1}))
        del cols
        agg = pending.result()
    found += [(agg[f"c{i}"][0], c, {}) for i, c in enumerate(plan.checks) if agg[f"c{i}"][0] is not None]
    differs = plan.differs or any(agg[f"d{i}"][0] for i in range(len(plan.changed)))
    return sorted(found, key=lambda f: (f[0], f[1].order)), differs


def _value(lf: pl.LazyFrame, column: str, row: int) -> Any:
    return lf.slice(row - 1, 1).select(column).collect()[column][0]


def _describe(lf: pl.LazyFrame, plan: _Plan, file: str, found: tuple[int, _Check, dict[str, Any]]) -> Problem:
    row, check, extra = found
    message = check.message
    if check.kind != "type" and "{value}" in message.en:
        if check.kind == "order":
            earlier = next(a for a, b in plan.table.date_order if b == check.column)
            extra = {"earlier": earlier, "earlier_value": _shown(_value(lf, earlier, row))}
        message = message.format(value=_shown(_value(lf, check.column, row)), **extra)
    return problem(file, row, check.column, message)


def check_rows(lf: pl.LazyFrame, file: str, allow_empty: bool) -> None:
    """A file without data rows is refused (issue 14), unless the caller says an empty input is expected."""
    if not allow_empty and lf.select(pl.len()).collect().item() == 0:
        raise InputFileError(problem(file, None, None, M.NO_ROWS))


def validate_file(
    table: Table, path: Path, stage: Path, progress: Callable[[str], None], allow_empty: bool = False
) -> tuple[pl.LazyFrame, _Plan, bool]:
    """Check one file; raise InputFileError naming its first problem. Returns the plan to normalise."""
    file = str(path)
    lf, recast = _scan(path, file, stage)
    try:
        schema = lf.collect_schema()
        check_columns(file, table.required, schema.names())
        check_rows(lf, file, allow_empty)
        progress(f"{table.name}: distinct values")
        plan = _plan(table, schema, _distinct(lf, table, schema))
        progress(f"{table.name}: checking")
        found, differs = _found(lf, plan)
        if found:
            problems = [_describe(lf, plan, file, f) for f in found]
            raise InputFileError(problems[0], problems)
    except pl.exceptions.PolarsError as e:
        raise InputFileError(problem(file, None, None, M.cannot_read(e))) from None
    conforming = path.suffix.lower() == ".parquet" and not differs and not recast
    return lf, plan, conforming


def _normalise(lf: pl.LazyFrame, plan: _Plan, schema: pl.Schema, target: Path) -> None:
    """The normalised file: schema columns replaced in place, any other column carried unchanged."""
    cols = [plan.norm.get(name, pl.col(name)) for name in schema.names()]
    lf.select(cols).sink_parquet(target, compression="zstd", statistics=True)


def load_inputs(
    claims: Path,
    persons: Path,
    contracts: Path,
    workdir: Path,
    progress: Callable[[str], None] | None = None,
    allow_empty: bool = False,
) -> ClaimsInputs:
    """Validate the three files and return normalised Parquet files (in `workdir`, or a conforming
    Parquet input as it is). Raises InputFileError for the first problem; then nothing is written. A file
    with no data rows is a problem unless `allow_empty`."""
    from kepil.claims.schema import CLAIMS, CONTRACTS, PERSONS

    say = progress or (lambda _msg: None)
    created = not workdir.exists()
    workdir.mkdir(parents=True, exist_ok=True)
    staged: list[Path] = []
    result: dict[str, Path] = {}
    to_write: list[tuple[str, pl.LazyFrame, _Plan]] = []
    done = False
    try:
        for table, path in ((CLAIMS, Path(claims)), (PERSONS, Path(persons)), (CONTRACTS, Path(contracts))):
            say(f"{table.name}: reading {path.name}")
            staged.append(temp_beside(workdir / f"{table.name}.text", ".parquet"))
            lf, plan, conforming = validate_file(table, path, staged[-1], say, allow_empty)
            if conforming:
                result[table.name] = path
            else:
                to_write.append((table.name, lf, plan))
        # every file valid: the normalised ones are written together (kepil.files), or none of them
        finals = [workdir / f"{name}.normalised.parquet" for name, _, _ in to_write]
        with written_together(*finals, suffix=".parquet") as temps:
            for (name, lf, plan), tmp, final in zip(to_write, temps, finals, strict=True):
                say(f"{name}: writing normalised Parquet")
                _normalise(lf, plan, lf.collect_schema(), tmp)
                result[name] = final
        done = True
    finally:
        for path in staged:
            path.unlink(missing_ok=True)
        if not done and created and not any(workdir.iterdir()):
            workdir.rmdir()  # a failed run leaves not even the folder it made
    return ClaimsInputs(result["claims"], result["persons"], result["contracts"])
