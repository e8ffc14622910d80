"""Small Ibis expression helpers: typed literals, a JSON object built in the engine, and a look-up in a
small table that keeps the order of the rows (`lookup`)."""

from __future__ import annotations

import functools
import operator
from collections.abc import Mapping, Sequence
from typing import TypeAlias

import ibis
import ibis.expr.datatypes as dt
import ibis.expr.operations as ops
import ibis.expr.types as ir
import pyarrow as pa


def _str(value: str | None) -> ir.StringValue:
    return ibis.literal(value, type="string")


def _int(value: int | None) -> ir.IntegerValue:
    return ibis.literal(value, type="int64")


def json_object(fields: Mapping[str, ir.Value], optional: Sequence[str] = ()) -> ir.StringValue:
    """A compact JSON object of the fields that are not null, built in the engine (set-based).

    No escaping is done: values are numbers, or strings that cannot hold `"`, `\\` or control characters
    (codes of the tariff book, which `tariffs.py` forbids them in and the claim's value is joined equal
    to; enumerations; dates; ICD-10 codes stripped to letters, digits and dots).

    `optional`: the last fields, usually null (a reason, a missing input). A row whose other fields are
    all given takes a shorter way to the same text: one concatenation of its pieces (`_all_given`).
    """
    for key, value in fields.items():
        # a field of a few constant values (a CASE of constants): one constant text for each, chosen per
        # row, rather than the text joined per row
        choice = _constant_choice(value)
        if choice is not None:
            whens, default = choice
            return ibis.cases(
                *((when, json_object({**fields, key: v}, optional)) for when, v in whens),
                else_=json_object({**fields, key: default}, optional),
            )
    # a null value makes its `"key":value` null, and CONCAT_WS skips nulls: one call per row, not a
    # concatenation and a test per field
    pieces = [_piece(key, value) for key, value in fields.items()]
    text = "{" + ibis.literal(",").join(pieces) + "}"
    keys = list(fields)
    given = keys[: len(keys) - len(optional)]
    if not given or keys[len(given) :] != list(optional):
        return text
    return _all_given({k: fields[k] for k in given}, {k: fields[k] for k in optional}, text)


def _all_given(
    given: Mapping[str, ir.Value], optional: Mapping[str, ir.Value], otherwise: ir.StringValue
) -> ir.StringValue:
    """`json_object`'s text when every field of `given` is not null: its pieces in one CONCAT_WS with no
    separator (the keys and punctuation as constants between the values, an optional field's piece null
    when it is) — and, when the optional fields are null too (most rows: no reason, nothing missing),
    without their pieces at all; `otherwise` else."""
    parts: list[str | ir.Value] = ["{"]
    for n, (key, value) in enumerate(given.items()):
        sep = "," if n else ""
        const = _constant(value)
        if const is not None:  # given: not null
            parts.append(f'{sep}"{key}":"{const}"' if value.type().is_string() else f'{sep}"{key}":{const}')
        elif value.type().is_string():
            parts += [f'{sep}"{key}":"', value, '"']
        else:
            parts += [f'{sep}"{key}":', value]
    bare = list(parts)
    absent: list[ir.BooleanValue] = []
    for key, value in optional.items():  # a constant piece as text, a null one left out
        const = _constant(value)
        if const is None:
            parts.append(_piece(key, value, ","))
            absent.append(value.isnull())
        elif const is not _NULL:
            text = f',"{key}":"{const}"' if value.type().is_string() else f',"{key}":{const}'
            parts.append(text)
            bare.append(text)
    checks = [v.notnull() for v in given.values() if not _given_literal(v)]
    fast = _concat([*parts, "}"])
    if absent:
        both = functools.reduce(operator.and_, checks + absent)
        given_only = functools.reduce(operator.and_, checks) if checks else ibis.literal(True)
        return ibis.cases((both, _concat([*bare, "}"])), (given_only, fast), else_=otherwise)
    if not checks:
        return fast
    return ibis.ifelse(functools.reduce(operator.and_, checks), fast, otherwise)


def _concat(parts: list[str | ir.Value]) -> ir.StringValue:
    """The parts in one CONCAT_WS with no separator, adjacent constants as one."""
    merged: list[ir.Value] = []
    for part in parts:
        last = merged[-1].op() if merged else None
        if isinstance(part, str) and isinstance(last, ops.Literal) and isinstance(last.value, str):
            merged[-1] = ibis.literal(last.value + part)
        else:
            merged.append(ibis.literal(part) if isinstance(part, str) else part.cast("string"))
    return ibis.literal("").join(merged)


def _piece(key: str, value: ir.Value, sep: str = "") -> ir.StringValue:
    """`"key":value` (a string value quoted), null when the value is."""
    if value.type().is_string():
        return f'{sep}"{key}":"' + value + '"'
    return f'{sep}"{key}":' + value.cast("string")


_NULL = object()


def _constant(value: ir.Value) -> object:
    """A string or integer literal's value (`_NULL` for a null one); None for anything else."""
    op = value.op()
    if not isinstance(op, ops.Literal) or not (value.type().is_string() or value.type().is_integer()):
        return None
    return _NULL if op.value is None else op.value


def _constant_choice(value: ir.Value) -> tuple[list[tuple[ir.BooleanValue, ir.Value]], ir.Value] | None:
    """A CASE whose results and default are all non-null constants: its (condition, result) pairs and
    default; None for anything else."""
    op = value.op()
    if not isinstance(op, ops.SearchedCase):
        return None
    results = [r.to_expr() for r in op.results]
    default = op.default.to_expr()
    if any(_constant(r) in (None, _NULL) for r in (*results, default)):
        return None
    return [(c.to_expr(), r) for c, r in zip(op.cases, results, strict=True)], default


def _given_literal(value: ir.Value) -> bool:
    op = value.op()
    return isinstance(op, ops.Literal) and op.value is not None


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
        found[position] = at.nullif(-1)  # not found: -1 (NULLIF: the keys twice in the SQL, not 4 times)
    t = t.mutate(**found)
    values: dict[str, ir.Value] = {}
    for small, _key, position, columns in tables:
        for name, column in zip(small.column_names, small.columns, strict=True):
            if columns is not None and name not in columns:
                continue
            dtype = dt.DataType.from_pyarrow(column.type)
            values[name] = ibis.literal([*column.to_pylist(), None], type=dt.Array(dtype))[t[position]]
    return t.mutate(**values)
