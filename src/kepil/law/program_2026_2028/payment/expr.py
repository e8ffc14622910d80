"""Small Ibis expression helpers: typed literals, a JSON object built in the engine, and a look-up in a
small table that keeps the order of the rows (`lookup`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypeAlias

import ibis
import ibis.expr.datatypes as dt
import ibis.expr.types as ir
import pyarrow as pa


def _str(value: str | None) -> ir.StringValue:
    return ibis.literal(value, type="string")


def _int(value: int | None) -> ir.IntegerValue:
    return ibis.literal(value, type="int64")


def json_object(fields: Mapping[str, ir.Value]) -> ir.StringValue:
    """A compact JSON object of the fields that are not null, built in the engine (set-based).

    No escaping is done: values are numbers, or strings that cannot hold `"`, `\\` or control characters
    (codes of the tariff book, which `tariffs.py` forbids them in and the claim's value is joined equal
    to; enumerations; dates; ICD-10 codes stripped to letters, digits and dots).
    """
    # a null value makes its `"key":value` null, and CONCAT_WS skips nulls: one call per row, not a
    # concatenation and a test per field
    pieces = [
        f'"{key}":"' + value + '"' if value.type().is_string() else f'"{key}":' + value.cast("string")
        for key, value in fields.items()
    ]
    return "{" + ibis.literal(",").join(pieces) + "}"


Lookup: TypeAlias = tuple[pa.Table, ir.StringValue, str, Sequence[str] | None]


def lookup(
    t: ir.Table,
    small: pa.Table,
    key: ir.StringValue,
    *,
    position: str,
    columns: Sequence[str] | None = None,
) -> ir.Table:
    """`t` LEFT JOIN `small` ON `key` = `small`'s first column (its keys unique), as a projection: each of
    `small`'s columns (`columns`: only those; default all) picked from a list literal at the key's
    position among the keys (`position`, a column of `t` then, null when absent, as a join's unmatched
    row). A hash join does not keep the order of `t`'s rows, a projection does: a run needs no sort to
    keep the claims in file order (docs/payment.md, "Speed"). Meant for the tariff book's small tables:
    the position is found by a linear search of the keys (DuckDB's `list_position`; 5 000 keys ≈ 0.14 s
    of CPU per million rows)."""
    return lookups(t, [(small, key, position, columns)])


def lookups(t: ir.Table, tables: Sequence[Lookup]) -> ir.Table:
    """Several `lookup`s at once — (small, key, position, columns) each, keys over `t`'s columns — in two
    projections whatever their number (nested projections cost Ibis's compiler time, not the engine)."""
    found: dict[str, ir.Value] = {}
    for small, key, position, _columns in tables:
        # a null sentinel after the keys and the values: typed lists even when the table is empty
        at = ibis.literal([*small.column(0).to_pylist(), None], type="array<string>").index(key)
        found[position] = ibis.ifelse(at >= 0, at, ibis.null("int64"))
    t = t.mutate(**found)
    values: dict[str, ir.Value] = {}
    for small, _key, position, columns in tables:
        for name, column in zip(small.column_names, small.columns, strict=True):
            if columns is not None and name not in columns:
                continue
            dtype = dt.DataType.from_pyarrow(column.type)
            values[name] = ibis.literal([*column.to_pylist(), None], type=dt.Array(dtype))[t[position]]
    return t.mutate(**values)
