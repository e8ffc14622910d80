"""Small Ibis expression helpers: typed literals and a JSON object built in the engine."""

from __future__ import annotations

from collections.abc import Mapping

import ibis
import ibis.expr.types as ir


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
