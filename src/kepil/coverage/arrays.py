"""A JSON array of coverage requests in, a JSON array of answers out (the HTTP batch endpoint).

A clean array goes through the columnar batch path in one piece; an array Polars cannot read as one table
(an element that is not an object, a field of mixed types) is decided element by element — the answers are
the same either way, in input order.
"""

from __future__ import annotations

import io
from typing import Any

import orjson
import polars as pl

from kepil.coverage import columns as C
from kepil.coverage.batch import decide_frame
from kepil.coverage.decision import decide
from kepil.coverage.files import to_jsonl
from kepil.errors import InvalidInput
from kepil.i18n import Text
from kepil.validation import BODY_NOT_JSON

MAX_ITEMS = 100_000


class TooManyItems(InvalidInput):
    """More requests in one array than one call may carry (HTTP 413)."""


def decide_json_array(body: bytes, lang: str = "en") -> bytes:
    try:
        items = orjson.loads(body)
    except orjson.JSONDecodeError:
        raise InvalidInput("body", BODY_NOT_JSON) from None
    if not isinstance(items, list):
        raise InvalidInput(
            "body",
            Text("JSON массиві күтілді", "Ожидается массив JSON", "Expected a JSON array of requests"),
        )
    if len(items) > MAX_ITEMS:
        raise TooManyItems(
            "body",
            Text(
                f"бір сұраныста ең көбі {MAX_ITEMS} элемент",
                f"не более {MAX_ITEMS} элементов в одном запросе",
                f"at most {MAX_ITEMS} requests in one call; got {len(items)}",
            ),
        )
    if not items:
        return b"[]"
    answers = _columnar(body, items, lang)
    if answers is None:
        return orjson.dumps([decide(raw, lang=lang) for raw in items])
    return b"[" + ",".join(answers).encode() + b"]"


def _columnar(body: bytes, items: list[Any], lang: str) -> list[str] | None:
    if not all(isinstance(x, dict) for x in items):
        return None
    try:
        table = pl.read_json(io.BytesIO(body), infer_schema_length=None)
    except (pl.exceptions.PolarsError, ValueError):
        return None
    frame = decide_frame(C.typed(table), raw_of_row=lambda i: items[i], lang=lang)
    answers: list[str] = to_jsonl(frame).to_list()
    return answers
