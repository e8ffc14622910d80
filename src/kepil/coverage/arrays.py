"""Coverage requests in one call (the HTTP batch endpoint): a JSON array in, a JSON array of answers out, each
the single path's answer to its element, in input order; or an Arrow IPC stream of requests in columns.

Reading the array into columns (issue 17): Arrow's JSON reader (C++) against the request's own schema
(`kepil.coverage.model.FIELDS`) accepts only an array of objects whose every field is one the request
defines, holding the JSON type of its column (a string, `true`/`false`, an integer of 64 bits, a list of
strings) or null — a real batch, read ~2.4× faster than Polars' `read_json`, and decided in columns whole.
Any other array — a misspelt field, a string where a boolean is meant, a huge integer, an element that is not
an object, a key given twice — is decoded once: its elements of that shape are still decided in columns, and
each other element by the single path, which names its field.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import numpy as np
import orjson
import polars as pl
import pyarrow as pa
import pyarrow.json as pa_json
import simdjson

from kepil.coverage import columns as C
from kepil.coverage.batch import ANSWER_KEYS, DECISION_KEYS, OUTPUT_SCHEMA, decide_frame, decided_rows
from kepil.coverage.decision import decide
from kepil.coverage.files import texts_ending, to_jsonl
from kepil.coverage.model import BOOL, CODES, INTEGER
from kepil.coverage.rulebook import rulebook
from kepil.engine.rules import RuleBook
from kepil.errors import InvalidInput
from kepil.i18n import LANGS, Text
from kepil.validation import BODY_NOT_JSON

MAX_ITEMS = 100_000


class TooManyItems(InvalidInput):
    """More requests in one array than one call may carry (HTTP 413)."""


def _size_checked(n: int) -> None:
    if n > MAX_ITEMS:
        raise TooManyItems(
            "body",
            Text(
                f"бір сұраныста ең көбі {MAX_ITEMS} элемент; берілгені {n}",
                f"не более {MAX_ITEMS} элементов в одном запросе; получено {n}",
                f"at most {MAX_ITEMS} requests in one call; got {n}",
            ),
        )


def _arrow_type(kind: str) -> pa.DataType:
    """The column type of a field of `kind` as JSON carries it (`columns.typed`'s types): the rest are
    strings — read as string views, Polars' own layout, so that the frame takes them without a copy."""
    if kind == BOOL:
        return pa.bool_()
    if kind == INTEGER:
        return pa.int64()
    if kind == CODES:
        return pa.list_(pa.string_view())
    return pa.string_view()


# The request's fields by where they sit in its object: top-level (`date`, `id`) and inside `person` /
# `service` — the one split both the reader's schema (`_request_type`) and its pre-filter (`_readable`) use.
_TOP_KIND: dict[str, str] = {name: C.KIND_OF[name] for name in C.NAMES if "." not in name}
_INNER_KIND: dict[str, dict[str, str]] = {}
for _name in C.NAMES:
    if "." in _name:
        _top, _leaf = _name.split(".", 1)
        _INNER_KIND.setdefault(_top, {})[_leaf] = C.KIND_OF[_name]


def _request_type() -> pa.StructType:
    """A request object as an Arrow struct: the top-level fields, then `person` and `service` as structs of
    theirs (in the fields' order)."""
    tops = [pa.field(name, _arrow_type(kind)) for name, kind in _TOP_KIND.items()]
    inner = [
        pa.field(top, pa.struct([pa.field(leaf, _arrow_type(kind)) for leaf, kind in leaves.items()]))
        for top, leaves in _INNER_KIND.items()
    ]
    return pa.struct(tops + inner)


_WRAPPED = "requests"
_SCHEMA = pa.schema([pa.field(_WRAPPED, pa.list_(_request_type()))])
_OPEN = b'{"' + _WRAPPED.encode() + b'":'
_STRICT = pa_json.ParseOptions(explicit_schema=_SCHEMA, unexpected_field_behavior="error")


def _columns(body: bytes) -> pl.DataFrame | None:
    """The array as dotted columns typed as the request defines them, when every element is an object of
    the request's fields each holding its column's JSON type or null; None otherwise (`_table` reads it).

    Arrow's reader takes a sequence of objects, so the array is read as the one member of one object; a
    body that is more than one JSON value makes that more than one row (or a second member, refused by the
    schema), and is left to `_table`. The reader does not check that strings are UTF-8: the body is checked
    first (a body that is not is `_table`'s too)."""
    if not body.isascii() and not _utf8(body):
        return None
    wrapped = b"".join((_OPEN, body, b"}"))  # one copy of the body
    options = pa_json.ReadOptions(use_threads=False, block_size=len(wrapped) + 1)
    try:
        read = pa_json.read_json(pa.py_buffer(wrapped), read_options=options, parse_options=_STRICT)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    lists = read.column(_WRAPPED)
    if read.num_rows != 1 or lists.null_count:
        return None
    elements = lists.chunk(0).flatten()  # the list's StructArray of requests
    if elements.null_count:  # a null element: the single path answers it
        return None
    columns: dict[str, pa.Array] = {}
    for field, values in zip(elements.type, elements.flatten(), strict=True):
        if pa.types.is_struct(field.type):  # `flatten` carries a null `person` into each of its fields
            for leaf, inner in zip(field.type, values.flatten(), strict=True):
                columns[f"{field.name}.{leaf.name}"] = inner
        else:
            columns[field.name] = values
    return pl.DataFrame(columns)


def _utf8(body: bytes) -> bool:
    """The body is UTF-8: Arrow's check of one string over its bytes, without decoding them (a tenth of
    `bytes.decode`'s cost on a body of Cyrillic ids)."""
    offsets = pa.py_buffer(np.array([0, len(body)], dtype=np.int64))
    try:
        pa.Array.from_buffers(pa.large_string(), 1, [None, offsets, pa.py_buffer(body)]).validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True


def _plain(value: Any) -> Any:
    if isinstance(value, simdjson.Object):
        return value.as_dict()
    if isinstance(value, simdjson.Array):
        return value.as_list()
    return value


def _array(answers: pl.Series) -> bytes:
    """The JSON array of `answers` (each a JSON text, none null), from the Arrow buffer of the answers each
    followed by a comma: joining them as Python strings cost 3 µs a decision (issue 17)."""
    return b"".join((b"[", texts_ending(answers, ",")[:-1], b"]"))  # one copy of the texts


class _Originals:
    """The elements of the body as sent, for the single path (an invalid row's error object quotes them).
    The body is indexed by simdjson only when one is asked for, and only those elements become Python
    objects (decoding the whole array with orjson cost about a sixth of a 10,000-request call)."""

    def __init__(self, body: bytes) -> None:
        self.body = body
        self.parsed: Any = None

    def __call__(self, i: int) -> Any:
        if self.parsed is None:
            try:  # a parser per call: not shared by threads
                self.parsed = simdjson.Parser().parse(self.body)
            except RuntimeError:  # an integer past 64 bits: its digits, not orjson's float
                self.parsed = json.loads(self.body)
        return _plain(self.parsed[i])


def _fits(kind: str, value: Any) -> bool:
    """`value` (as orjson decodes it) is of the JSON type `_SCHEMA` reads for a field of `kind`, or null."""
    if value is None:
        return True
    if kind == BOOL:
        return type(value) is bool
    if kind == INTEGER:
        return type(value) is int and -(2**63) <= value < 2**63
    if kind == CODES:
        return type(value) is list and all(x is None or type(x) is str for x in value)
    return type(value) is str


def _readable(element: Any) -> bool:
    """The element is one `_columns` reads: an object of the request's fields, each of its column's type."""
    if type(element) is not dict:
        return False
    for key, value in element.items():
        inner = _INNER_KIND.get(key)
        if inner is None:
            kind = _TOP_KIND.get(key)
            if kind is None or not _fits(kind, value):
                return False
        elif value is not None:
            if type(value) is not dict:
                return False
            for leaf, v in value.items():
                kind = inner.get(leaf)
                if kind is None or not _fits(kind, v):
                    return False
    return True


def _decided(table: pl.DataFrame, originals: Any, lang: str) -> _Pieces:
    """The answers (JSON texts) of the requests of `_columns`'s table, in order: `files.to_jsonl`'s texts,
    but a valid row's written once per distinct answer — its `covered`, `funding` and keys — and prefixed
    with the row's `id` (issue 17: encoding each row's explanation in three languages, its clauses and
    lists cost more than deciding it). The answers are not copied row by row: each row's pieces are the
    bytes of its distinct answer (`_Pieces`), joined once into the response."""
    frame, answers = decided_rows(C.typed(table, C.JSON), raw_of_row=originals, lang=lang)
    if answers is None:
        return _Pieces.of(to_jsonl(_widened(frame)))
    texts, at = _texts(frame, answers)
    pieces = texts.whole[at] if len(texts.whole) else np.empty(len(at), dtype=object)
    ids = frame["id"]
    prefixes = None
    if ids.null_count() < len(ids):  # {"id":…, then the rest of the answer after its "{"
        rests = texts.rests[at] if len(texts.rests) else pieces
        given = ids.is_not_null().to_numpy()
        pieces = np.where(given, rests, pieces)
        prefixes = _objects(frame.select(_ID_PREFIX).to_series().cast(pl.Binary).to_list())
    others = frame.filter(pl.col(ANSWER_KEYS[0]).is_null())
    if others.height:  # errors and the single path's answers (rows are 0, 1, … in order)
        rows = others[C.ROW].to_numpy()
        pieces[rows] = _Pieces.of(to_jsonl(_widened(others))).items
        if prefixes is not None:
            prefixes[rows] = b""
    return _Pieces(pieces, prefixes)


_KEYS = [*ANSWER_KEYS, "covered", "funding"]  # a valid row's answer is a function of these
_T = "__t"
_TAIL = "__tail"
_TAIL_TEXT = (
    pl.struct(pl.col(k).cast(OUTPUT_SCHEMA[k]) for k in DECISION_KEYS).struct.json_encode().alias(_TAIL)
)
_ID_PREFIX = (
    pl.when(pl.col("id").is_null())
    .then(pl.lit(""))
    .otherwise(pl.concat_str(pl.struct("id").struct.json_encode().str.head(-1), pl.lit(",")))
)


@dataclass(frozen=True, slots=True)
class _Texts:
    """The answers of valid rows written so far with `book`, one per distinct `_KEYS` (`keys`: the keys
    and the index of each), as bytes: whole, and after their opening brace (an `id` goes first); each
    followed by a comma. Kept from one call to the next, as `batch._answers` keeps their columns: a batch's
    answers are nearly all those of the one before, and writing them cost a fifth of the columnar work
    (issue 17)."""

    book: RuleBook
    keys: pl.DataFrame
    whole: np.ndarray
    rests: np.ndarray


_WRITTEN: list[_Texts] = []


def _texts(frame: pl.DataFrame, answers: pl.DataFrame) -> tuple[_Texts, np.ndarray]:
    """The `_Texts` holding the answer of every valid row of `frame`, and the index of each row's there
    (0 for another row)."""
    book = rulebook()  # the book `decided_rows` decided with (this context's)
    entry = _WRITTEN[0] if _WRITTEN else None  # read once: another thread may write another
    if entry is not None and entry.book is not book:
        entry = None
    if entry is not None:
        at = frame.select(_KEYS).join(entry.keys, on=_KEYS, how="left", maintain_order="left")[_T]
        if not (at.is_null() & frame[ANSWER_KEYS[0]].is_not_null()).any():
            return entry, at.fill_null(0).to_numpy()
    distinct = frame.select(_KEYS).drop_nulls(ANSWER_KEYS).unique()
    if entry is not None:
        distinct = distinct.join(entry.keys.drop(_T), on=_KEYS, how="anti")
    tails = distinct.join(answers, on=ANSWER_KEYS, how="left").select(*_KEYS, _TAIL_TEXT)
    written = [t.encode() for t in tails[_TAIL].to_list()]
    start = len(entry.whole) if entry is not None else 0
    keys = tails.select(_KEYS).with_row_index(_T, offset=start)
    whole = _objects(text + b"," for text in written)
    rests = _objects(text[1:] + b"," for text in written)
    if entry is not None:
        keys = pl.concat([entry.keys, keys])
        whole, rests = np.concatenate([entry.whole, whole]), np.concatenate([entry.rests, rests])
    entry = _Texts(book, keys, whole, rests)
    _WRITTEN[:] = [entry]
    at = frame.select(_KEYS).join(keys, on=_KEYS, how="left", maintain_order="left")[_T]
    return entry, at.fill_null(0).to_numpy()


def _objects(items: Any) -> np.ndarray:
    """A numpy array of Python objects (bytes): gathered by index without copying them."""
    values = list(items)
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


@dataclass(frozen=True, slots=True)
class _Pieces:
    """Answers as bytes without copying them per row: answer i is `prefixes[i] + items[i]` without the
    comma that ends `items[i]` (no prefixes: none has one)."""

    items: np.ndarray
    prefixes: np.ndarray | None = None

    @classmethod
    def of(cls, texts: pl.Series) -> _Pieces:
        return cls(_objects(text.encode() + b"," for text in texts.to_list()))

    def array(self) -> bytes:
        """The JSON array of the answers: their bytes copied once."""
        if self.prefixes is None:
            items = self.items.tolist()
        else:
            items = [b""] * (2 * len(self.items))
            items[0::2] = self.prefixes.tolist()
            items[1::2] = self.items.tolist()
        items[0] = b"[" + items[0]
        items[-1] = items[-1][:-1] + b"]"
        return b"".join(items)

    def texts(self) -> list[bytes]:
        """Each answer's bytes."""
        prefixes = self.prefixes.tolist() if self.prefixes is not None else [b""] * len(self.items)
        return [p + item[:-1] for p, item in zip(prefixes, self.items.tolist(), strict=True)]


def _widened(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame`'s rows with every output column (`decide_frame`'s; those none of them has null)."""
    return frame.select(
        (pl.col(k) if k in frame.columns else pl.lit(None)).cast(dtype).alias(k)
        for k, dtype in OUTPUT_SCHEMA.items()
    )


def decide_json_array(body: bytes, lang: str = "en") -> bytes:
    """The JSON array of the answers to a JSON array of requests, each the single path's answer to its
    element. An array `_columns` reads is decided in columns whole; any other is decoded, and its elements
    `_columns` would read (nearly all, as a rule) are decided in columns, the rest — a misspelt field
    (amendment 1), a value of another JSON type, an element that is not an object — one by one."""
    table = _columns(body)
    if table is not None:
        _size_checked(table.height)
        return _decided(table, _Originals(body), lang).array() if table.height else b"[]"
    try:
        decoded = orjson.loads(body)
    except orjson.JSONDecodeError:
        raise InvalidInput("body", BODY_NOT_JSON) from None
    if not isinstance(decoded, list):
        raise InvalidInput(
            "body",
            Text("JSON массиві күтілді", "Ожидается массив JSON", "Expected a JSON array of requests"),
        )
    _size_checked(len(decoded))
    originals = _Originals(body)
    readable = [i for i, x in enumerate(decoded) if _readable(x)]
    answers: dict[int, bytes] = {}
    if readable and (table := _columns(orjson.dumps([decoded[i] for i in readable]))) is not None:
        texts = _decided(table, lambda j: originals(readable[j]), lang).texts()
        answers = dict(zip(readable, texts, strict=True))
    return (
        b"["
        + b",".join(
            answers[i] if i in answers else orjson.dumps(decide(originals(i), lang=lang))
            for i in range(len(decoded))
        )
        + b"]"
    )


ARROW_STREAM = "application/vnd.apache.arrow.stream"

NOT_AN_ARROW_STREAM = Text(
    "Сұраныс денесі Arrow IPC ағыны емес: {reason}",
    "Тело запроса — не поток Arrow IPC: {reason}",
    "The request body is not an Arrow IPC stream: {reason}",
)


def decide_arrow_stream(body: bytes, lang: str = "en", answer: str = ARROW_STREAM) -> bytes:
    """An Arrow IPC stream of requests in — a column per field's dotted path (`person.iin`), or `person` and
    `service` as structs, read as a Parquet batch file is (amendments 3 and 4: a value its column cannot
    hold is that row's error naming the column; a column that is not a field is refused, naming it) — and
    the answers out in order: an Arrow IPC stream of the answer's columns (`OUTPUT_SCHEMA` but the row), or,
    when `answer` is JSON, the JSON array the JSON body gets. For medical information systems that keep
    their cases in columns: nothing is parsed or encoded as JSON."""
    try:
        read = pa.ipc.open_stream(pa.py_buffer(body)).read_all()
        read.validate(full=True)  # a stream from outside: its buffers checked before they are read
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError, OSError) as e:
        raise InvalidInput("body", NOT_AN_ARROW_STREAM.format(reason=str(e)[:200])) from None
    table = C.flatten(pl.DataFrame(read))
    _size_checked(table.height)
    C.check_columns(table, "body", carry=False)
    frame = decide_frame(C.typed(table, C.TABLE), None, lang, dict(table.schema)) if table.height else None
    if answer != ARROW_STREAM:
        return _array(to_jsonl(frame)) if frame is not None and frame.height else b"[]"
    out = (frame if frame is not None else pl.DataFrame(schema=OUTPUT_SCHEMA)).drop(C.ROW)
    # the texts as plain strings, not Polars' dictionaries (categoricals), for any Arrow reader
    texts = pl.Struct({language: pl.Utf8 for language in LANGS})
    plain = out.with_columns(pl.col("rule").cast(pl.Utf8), pl.col("explanation").cast(texts))
    arrow = plain.to_arrow(compat_level=pl.CompatLevel.oldest())  # large_string, not views
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, arrow.schema) as writer:
        writer.write_table(arrow)
    return sink.getvalue().to_pybytes()
