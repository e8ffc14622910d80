"""Reading a batch input (claims, persons, attached counts) from Parquet or CSV: typed columns, the
1-based data row, and `BatchInputError`s naming file, row and column, found in one scan."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from kepil.claims.messages import NO_ROWS_PLAIN, cannot_read
from kepil.errors import InvalidInput
from kepil.i18n import Text
from kepil.law.program_2026_2028.payment.expr import lookup
from kepil.limits import quoted
from kepil.reference.regions import region_codes

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
    con: ibis.BaseBackend,
    path: Path,
    columns: Sequence[Col],
    workdir: Path,
    *,
    check: bool = True,
    allow_empty: bool = False,
) -> ir.Table:
    """A Parquet or CSV file as an Ibis table of `columns` (cast; absent optional ones as typed nulls) and
    `_row` (1-based data row, header not counted). A missing column raises `BatchInputError` at once;
    empty required values and values of the wrong type (`input_checks`) do too, in one scan — or, with
    `check=False`, are left to the caller's own scan (the table then keeps `_raw_<column>`, the text
    given, for each column that needed converting). A file without data rows is refused unless
    `allow_empty` (issue 14: a header-only file must not pass as a result)."""
    name = path.name
    if not path.is_file():
        raise BatchInputError(name, None, None, _NOT_FOUND)
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        raw = con.read_parquet(path, file_row_number=True)
        raw = raw.mutate(_row=raw.file_row_number + 1)
    elif suffix == ".csv":
        import polars as pl  # for CSV only: a Parquet run does without its import (≈ 0.1 s)

        # Row numbers are exact only if assigned by a reader that keeps file order: polars streams the CSV
        # (every value a string) into a Parquet file in `workdir`, with the row index.
        tmp = workdir / f"{path.stem}.{uuid.uuid4().hex}.parquet"
        try:
            pl.scan_csv(path, infer_schema=False).with_row_index("_row", offset=1).sink_parquet(tmp)
        except (pl.exceptions.PolarsError, OSError) as e:
            raise BatchInputError(name, None, None, cannot_read(e)) from None
        raw = con.read_parquet(tmp)
    else:
        raise BatchInputError(name, None, None, _FORMAT)
    present = set(raw.columns)
    for c in columns:
        if c.required and c.name not in present:
            raise BatchInputError(name, None, c.name, _MISSING_COLUMN)
    if not allow_empty and int(raw.count().execute()) == 0:  # Parquet: from the file's metadata
        raise BatchInputError(name, None, None, NO_ROWS_PLAIN)
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
            # empty is judged on the text given (a value that did not convert, or a region the registry
            # does not know, is reported by its own check, never as "empty": issue 14)
            given = t[raw] if raw in t.columns else t[c.name]
            out.append((c.name, given.isnull(), _EMPTY))
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
    then: Sequence[tuple[str, ir.BooleanValue, Text]] = (),
    then_values_of: ir.Table | None = None,
) -> None:
    """One aggregate over `table` finds the first row failing any check; raises naming file, row, column.

    `unique`: (column, message), a column whose values must not repeat. The same aggregate compares its
    count with its distinct count (a hash count, cheaper than a window over every row); only when they
    differ does a window query find the first repeated row. A message may use `{value}`: the offending
    value, read back from `values_of` (default: `table`). `then`: checks reported only when no row fails
    `checks` (as a second call would, their values read from `then_values_of`, default `values_of`), found
    in the same aggregate — one scan, not two.
    """
    if not checks and not then and unique is None:
        return
    measures: dict[str, ir.Value] = {
        f"c{i}": table._row.min(where=bad) for i, (_, bad, _) in enumerate(checks)
    }
    measures |= {f"t{i}": table._row.min(where=bad) for i, (_, bad, _) in enumerate(then)}
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
        if repeated is not None:  # the counts differ by nulls only: the required check names those
            all_checks.append((unique[0], ibis.literal(True), unique[1]))
            hits.append((repeated, len(all_checks) - 1))
    if not hits and then:
        base = len(all_checks)
        all_checks += then
        hits = [(found[f"t{i}"], base + i) for i in range(len(then)) if found[f"t{i}"] is not None]
        values_of = then_values_of if then_values_of is not None else values_of
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
    raise BatchInputError(file, int(row), column, message.format(value=quoted(value)))


def bad_index(checks: Sequence[tuple[str, ir.BooleanValue, Text]]) -> ir.IntegerValue:
    """Per row, the index of the first check it fails (null: none): a run stops at the first claim that
    has one (`run.PricedRun.batches`)."""
    return ibis.cases(*((bad, i) for i, (_, bad, _) in enumerate(checks)), else_=ibis.null("int64"))


def _regions_table() -> pa.Table:
    """Every accepted spelling of a region (code, ISO 3166-2, Kazakh name), lower-cased → code."""
    keys = region_codes()
    return pa.table({"_rkey": list(keys), "_rcode": list(keys.values())}, schema=_REGION_SCHEMA)


_REGION_SCHEMA = pa.schema([("_rkey", pa.string()), ("_rcode", pa.string())])


def normalise_region(t: ir.Table, column: str = "region") -> ir.Table:
    """`column` replaced by the region code (null when unknown); `_raw_region` keeps the value given. A
    look-up (`expr.lookup`), not a join: the rows keep their order."""
    given = t.mutate(_raw_region=t[column])
    joined = lookup(given, _regions_table(), given[column].lower(), position="_p_region", columns=("_rcode",))
    return joined.mutate(**{column: joined._rcode}).drop("_rcode", "_p_region")
