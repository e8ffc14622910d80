"""Bounds on what enters kepil, shared by every reader (issue 14): the size and nesting depth of JSON, the
length of a text value, and how much of a bad value an error message quotes.

A value past a bound is refused with an `InvalidInput` naming where it came from, in kk/ru/en — never a
RecursionError, never a 5 MB value echoed back whole. `load_json` is the one bounded JSON loader (HTTP
bodies, JSON and JSON Lines files, the CLI's JSON arguments); `check_text` and `quoted` serve readers of
typed values. Nothing here imports more than orjson (numpy only for a body that could be deep).
"""

from __future__ import annotations

from typing import Any

import orjson

from kepil.errors import InvalidInput
from kepil.i18n import Text

# Nesting of arrays and objects: a coverage request or a FHIR resource is a handful of levels deep; 64
# leaves room for any honest document and keeps every recursive walk far from Python's 1000 frames.
MAX_JSON_DEPTH = 64
# One JSON document (an HTTP body, a JSON file): the coverage batch's 100,000 requests are ~40 MB.
MAX_JSON_BYTES = 64 * 1024 * 1024
# One line of a JSON Lines file: one request or record.
MAX_JSON_LINE_BYTES = 1024 * 1024
# Text values: identifiers (claim, contract, provider, patient ids) and free text (names, reasons, details).
MAX_ID_CHARS = 64
MAX_TEXT_CHARS = 1000
# How much of a bad value an error message quotes.
QUOTED_CHARS = 60

TOO_DEEP = Text(
    "құжат тым терең: {limit} деңгейден артық кірістірілген массивтер/объектілер",
    "документ слишком глубок: массивы/объекты вложены глубже {limit} уровней",
    "the document is nested too deep: arrays/objects more than {limit} levels deep",
)
TOO_LARGE = Text(
    "JSON тым үлкен: {size} байт, шегі {limit} байт",
    "JSON слишком велик: {size} байт, предел {limit} байт",
    "the JSON is too large: {size} bytes, the limit is {limit} bytes",
)
NOT_JSON = Text("JSON емес: {reason}", "не JSON: {reason}", "not valid JSON: {reason}")
TOO_LONG = Text(
    "{value} тым ұзын: {length} таңба, ең көбі {limit}",
    "{value} слишком длинное: {length} символов, не более {limit}",
    "{value} is too long: {length} characters, at most {limit}",
)


def quoted(value: object, limit: int = QUOTED_CHARS) -> str:
    """A value as an error message quotes it: repr of its text, cut to `limit` characters with '...'."""
    text = "" if value is None else str(value)
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")


def too_long(value: str, limit: int) -> Text:
    """The message for a text longer than `limit` characters (quoting a short prefix)."""
    return TOO_LONG.format(value=quoted(value), length=len(value), limit=limit)


def check_text(value: str, field: str, limit: int = MAX_TEXT_CHARS) -> str:
    """`value` when at most `limit` characters, else InvalidInput naming `field`."""
    if len(value) > limit:
        raise InvalidInput(field, too_long(value, limit))
    return value


def json_depth(data: bytes) -> int:
    """The deepest nesting of arrays and objects in JSON text (brackets inside strings not counted).

    Vectorised (numpy): the unescaped quotes split the text into strings and the rest; the brackets
    outside strings are +1/-1 and the running sum's maximum is the depth. Malformed text gives some
    number; the parser then refuses it."""
    if b"[" not in data and b"{" not in data:
        return 0
    import numpy as np

    arr = np.frombuffer(data, dtype=np.uint8)
    quotes = np.flatnonzero(arr == 34)  # '"'
    if quotes.size:
        # a quote is escaped when an odd number of backslashes precede it: count the run backwards,
        # one vectorised step per backslash (runs are short)
        run = np.zeros(quotes.size, dtype=np.int64)
        alive = np.ones(quotes.size, dtype=bool)
        while True:
            pos = quotes - run - 1
            alive &= pos >= 0
            alive[alive] = arr[pos[alive]] == 92
            if not alive.any():
                break
            run += alive
        quotes = quotes[run % 2 == 0]
    step = _STEP[arr]  # [ { → 1, ] } → -1, else 0 (one pass over the text)
    brackets = np.flatnonzero(step)
    brackets = brackets[np.searchsorted(quotes, brackets) % 2 == 0]  # an even number of quotes before
    if brackets.size == 0:
        return 0
    return int(np.cumsum(step[brackets], dtype=np.int64).max())


def _step_table() -> Any:
    import numpy as np

    table = np.zeros(256, dtype=np.int8)
    table[[ord("["), ord("{")]] = 1
    table[[ord("]"), ord("}")]] = -1
    return table


class _LazyStep:
    """The bracket table, made on first use (numpy is imported only for a body that could be deep)."""

    table: Any = None

    def __getitem__(self, arr: Any) -> Any:
        if self.table is None:
            self.table = _step_table()
        return self.table[arr]


_STEP = _LazyStep()


def check_json_bounds(
    raw: bytes, field: str = "body", *, max_bytes: int = MAX_JSON_BYTES, max_depth: int = MAX_JSON_DEPTH
) -> None:
    """InvalidInput naming `field` when JSON text is larger or nests deeper than the limits — checked
    before any parser recurses into it (for readers that must keep the standard library's parser, which
    holds integers past 64 bits as the contract's row errors need)."""
    if len(raw) > max_bytes:
        raise InvalidInput(field, TOO_LARGE.format(size=len(raw), limit=max_bytes))
    opens = raw.count(b"[") + raw.count(b"{")  # fewer brackets than the limit cannot nest past it
    if opens > max_depth and json_depth(raw) > max_depth:
        raise InvalidInput(field, TOO_DEEP.format(limit=max_depth))


BOM = b"\xef\xbb\xbf"
"""UTF-8's byte order mark: Windows editors start a saved file with it, and RFC 8259 §8.1 lets a JSON parser
ignore it (`without_bom`); anywhere but a file's first bytes it is not JSON."""


def without_bom(raw: bytes) -> bytes:
    """A file's bytes without the byte order mark it may start with."""
    return raw.removeprefix(BOM)


def load_json(
    data: bytes | str,
    field: str = "body",
    *,
    max_bytes: int = MAX_JSON_BYTES,
    max_depth: int = MAX_JSON_DEPTH,
) -> Any:
    """Parse JSON text bounded in size and depth; anything else is InvalidInput naming `field` (HTTP: 422
    with the contract's error object; CLI: one line, exit 2)."""
    raw = data.encode() if isinstance(data, str) else data
    check_json_bounds(raw, field, max_bytes=max_bytes, max_depth=max_depth)
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as e:
        raise InvalidInput(field, NOT_JSON.format(reason=quoted(str(e), 120).strip("'\""))) from None


def check_lengths(value: Any, field: str = "body", limit: int = MAX_TEXT_CHARS) -> None:
    """Every text inside a parsed JSON value at most `limit` characters, else InvalidInput naming its
    dotted path (`body.documents[0]`): a body's readers then never quote a megabyte back. Iterative (the
    value is already bounded in depth by `load_json`)."""
    stack: list[tuple[str, Any]] = [(field, value)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, str):
            if len(item) > limit:
                raise InvalidInput(path, too_long(item, limit))
        elif isinstance(item, dict):
            for key, inner in item.items():
                check_text(str(key), path, limit)
                stack.append((f"{path}.{key}" if path else str(key), inner))
        elif isinstance(item, list):
            stack.extend((f"{path}[{i}]", inner) for i, inner in enumerate(item))
