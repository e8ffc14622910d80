"""Small Ibis expression helpers: typed literals, a JSON object built in the engine, and a look-up in a
small table that keeps the order of the rows (`lookup`)."""

from __future__ import annotations

from collections.abc import Mapping

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


def lookup(t: ir.Table, small: pa.Table, key: ir.StringValue, *, position: str) -> ir.Table:
    """`t` LEFT JOIN `small` ON `key` = `small`'s first column (its keys unique), as a projection: each of
    `small`'s columns picked from a list literal at the key's position among the keys (`position`, a
    column of `t` then, null when absent, as a join's unmatched row). A hash join does not keep the
    order of `t`'s rows, a projection does: a run needs no sort to keep the claims in file order
    (docs/payment.md, "Speed"). Meant for the tariff book's small tables: the position is found by a
    linear search of the keys (DuckDB's `list_position`; 5 000 keys ≈ 0.14 s of CPU per million rows)."""
    keys = small.column(0).to_pylist()
    # a null sentinel after the keys and the values: typed lists even when the table is empty
    found = ibis.literal([*keys, None], type="array<string>").index(key)
    t = t.mutate(**{position: ibis.ifelse(found >= 0, found, ibis.null("int64"))})
    pos = t[position]
    values: dict[str, ir.Value] = {}
    for name, column in zip(small.column_names, small.columns, strict=True):
        dtype = dt.DataType.from_pyarrow(column.type)
        values[name] = ibis.literal([*column.to_pylist(), None], type=dt.Array(dtype))[pos]
    return t.mutate(**values)
