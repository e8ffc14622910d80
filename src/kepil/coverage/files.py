"""Batch files of coverage requests: JSON Lines, CSV or Parquet in; JSON Lines, CSV or Parquet out.

Every answer carries the request's `id` (amendment 2) and a row error names its row (1-based, the data rows
of the file) and column. Nothing is written unless the whole input was read; the output is written to a
temporary file beside the target and moved into place, so a failed run leaves no half-written file.
"""

from __future__ import annotations

import importlib
import itertools
import json
import threading
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import polars as pl

from kepil.coverage import columns as C
from kepil.coverage.batch import (
    DECISION_KEYS,
    OUTPUT_SCHEMA,
    Prepared,
    answers_frame,
    decide_frame,
    prepare,
    warm,
)
from kepil.coverage.decision import check_lang, decide, error, parse_line
from kepil.coverage.messages import NO_FILE, NO_REQUESTS
from kepil.errors import InvalidInput
from kepil.files import WIDE_PARQUET, ahead, formula_safe, in_threads, written_whole
from kepil.i18n import Text
from kepil.limits import MAX_JSON_BYTES, without_bom
from kepil.reference.messages import NOT_UTF8

SUFFIXES = (".jsonl", ".csv", ".parquet")
CHUNK = 250_000
FIRST = 25_000  # the first chunk's rows (`_decide_table`)
JSONL_CHUNK = 100_000  # JSON Lines: a line is ~5× a Parquet row's bytes in memory while its chunk is read
CARRIED = "__carried"  # JSON Lines output: the carried columns of a row, under "carried"


def _suffix(path: Path, field: str) -> str:
    suffix = path.suffix.lower()
    if suffix == ".ndjson":
        suffix = ".jsonl"
    if suffix not in SUFFIXES:
        raise InvalidInput(
            field,
            Text(
                f"{path} .jsonl, .csv немесе .parquet болып аяқталуы керек",
                f"{path} должен оканчиваться на .jsonl, .csv или .parquet",
                f"{path} must end in .jsonl, .csv or .parquet",
            ),
        )
    return suffix


def decide_file(
    source: Path,
    target: Path,
    progress: Callable[[int, int], None] | None = None,
    lang: str = "en",
    carry_unknown: bool = False,
) -> tuple[int, int]:
    """Decide every request of `source` into `target`; returns (requests, error answers). `lang` (kk, ru,
    en) is the language of the error rows' messages. Columns of a CSV or Parquet file that are not fields of
    the request are an error listing them, unless `carry_unknown` carries them to the output unchanged."""
    check_lang(lang)
    kind_in, kind_out = _suffix(source, "--input"), _suffix(target, "--output")
    if not source.is_file():
        raise InvalidInput("--input", NO_FILE.format(path=source))
    if kind_in != ".jsonl":
        return _decide_table(source, target, kind_out, progress, lang, carry_unknown)
    return _decide_jsonl(source, target, kind_out, progress, lang)


def _decide_table(
    source: Path,
    target: Path,
    kind_out: str,
    progress: Callable[[int, int], None] | None,
    lang: str,
    carry_unknown: bool,
) -> tuple[int, int]:
    """A CSV or Parquet file, streamed `CHUNK` rows at a time (`_stream`); the first chunk is `FIRST` rows
    read alone, so that deciding starts while the rest is read."""
    importer = _importing()
    dtypes, batches = C.table_batches(source, CHUNK, FIRST)
    try:
        carried = C.check_columns(pl.DataFrame(schema=dtypes), str(source), carry_unknown)
    except InvalidInput:
        # Refused whole, but an empty file is named as such first: read until a row is found.
        if next((b for b in batches if b.height), None) is None:
            raise InvalidInput("--input", NO_REQUESTS.format(path=source)) from None
        raise

    def prepared() -> Iterator[Chunk]:
        offset = 0
        for batch in (b for b in batches if b.height):
            importer.join()
            t = C.typed(batch, C.TABLE, carry=carried, offset=offset)
            yield Chunk(t, prepare(t), dtypes=dtypes)
            offset += batch.height

    schema = {**OUTPUT_SCHEMA, **{c: dtypes[c] for c in carried}}
    return _stream(prepared(), importer, source, target, kind_out, progress, lang, schema, carried)


@dataclass(frozen=True, slots=True)
class Chunk:
    """One chunk of a batch file, read and typed: its requests in `t` decided in columns (`prepared` is
    `batch.prepare(t)`; `raw(row)` the original of a row the single path answers; `dtypes` the table's column
    types, as `decide_frame` takes them), and `singles` already answered one by one (JSON Lines that the
    columns cannot hold: `answers_frame`'s rows)."""

    t: pl.DataFrame | None
    prepared: Prepared | None = None
    raw: Callable[[int], Any] | None = None
    dtypes: dict[str, pl.DataType] | None = None
    singles: pl.DataFrame | None = None


def _importing() -> threading.Thread:
    """numpy and pyarrow, for the IIN check, imported in a thread while Polars (without the GIL) reads the
    first rows: ~0.1 s of start-up off the critical path. The other threads join it before they run Python
    code (which may import lazily, Polars' own code included): no two threads ever import at once."""
    importer = threading.Thread(target=importlib.import_module, args=("kepil.claims.columns",), daemon=True)
    importer.start()
    return importer


def _stream(
    chunks: Iterator[Chunk],
    importer: threading.Thread,
    source: Path,
    target: Path,
    kind_out: str,
    progress: Callable[[int, int], None] | None,
    lang: str,
    schema: dict[str, Any],
    carried: list[str],
) -> tuple[int, int]:
    """Decide the `chunks` of `source` into `target`, memory flat in the file's length (issue 17); the
    output is moved into place only once every row is. On both cores: one thread reads, types, validates and
    derives the facts of the next chunk (`files.ahead`) while two decide the chunks before it
    (`files.in_threads`; deciding is the slower stage) and the one before those is encoded into the file;
    the rule book's plans are built while the first chunk is read (`batch.warm`)."""
    done = [0, 0]  # requests, error answers
    ready = ahead(chunks)  # the first chunk is read now, in its thread
    importer.join()
    warm()  # the rule book's plans, while the first chunk is prepared
    total = _rows(source)
    first = next(ready, None)
    if first is None:
        ready.close()
        raise InvalidInput("--input", NO_REQUESTS.format(path=source))

    def decide_chunk(c: Chunk) -> tuple[Chunk, pl.DataFrame]:
        parts = [] if c.t is None else [decide_frame(c.t, c.raw, lang, c.dtypes, c.prepared)]
        if c.singles is not None:
            parts.append(c.singles)
        return c, parts[0] if len(parts) == 1 else pl.concat(parts).sort(C.ROW)

    def decided() -> Generator[pl.DataFrame, None, None]:
        for c, frame in in_threads(decide_chunk, itertools.chain([first], ready)):
            if carried:
                assert c.t is not None
                frame = frame.hstack(c.t.select(carried))
            done[0] += frame.height
            done[1] += int(frame["error"].is_not_null().sum())
            if progress:
                progress(done[0], max(total, done[0]))
            yield frame

    answers = decided()
    try:
        with written_whole(target, suffix=".part") as tmp:
            _write(answers, schema, tmp, kind_out, carried)
    finally:
        answers.close()
        ready.close()
    return done[0], done[1]


def _rows(source: Path) -> int:
    """The rows of a Parquet file from its footer (0 for a CSV: not known before it is read)."""
    if source.suffix.lower() != ".parquet":
        return 0
    try:
        return int(pl.scan_parquet(source).select(pl.len()).collect().item())
    except (pl.exceptions.PolarsError, OSError):
        return 0


def _decide_jsonl(
    source: Path,
    target: Path,
    kind_out: str,
    progress: Callable[[int, int], None] | None,
    lang: str,
) -> tuple[int, int]:
    """A JSON Lines file, streamed as CSV and Parquet are: `CHUNK` lines at a time (blank lines skipped; a
    row is a non-blank line, counted from 1). A chunk whose every line is an object of the request's fields,
    each of its column's JSON type, is read by Arrow's JSON reader (`arrays._columns`, the HTTP batch's) and
    decided in columns whole; in any other chunk each such line is still decided in columns and every other
    line — not JSON, not UTF-8, a misspelt field (amendment 1), a value of another type — by the single path,
    which names its line or field. Before, the whole file was read into memory and one bad line sent every
    line to the single path (~40 µs each)."""
    importer = _importing()

    def chunks() -> Iterator[Chunk]:
        offset = 0
        for lines in _line_chunks(source, JSONL_CHUNK, FIRST):
            importer.join()
            yield _jsonl_chunk(lines, offset, lang)
            offset += len(lines)

    return _stream(chunks(), importer, source, target, kind_out, progress, lang, OUTPUT_SCHEMA, [])


def _line_chunks(source: Path, size: int, first: int) -> Iterator[list[bytes]]:
    """The non-blank lines of `source`, `first` then `size` at a time, as bytes without their line end (the
    first chunk small, so that deciding starts while the rest is read)."""
    chunk: list[bytes] = []
    with source.open("rb") as f:
        for n, line in enumerate(f):
            if n == 0:
                line = without_bom(line)
            if _blank(line):
                continue
            chunk.append(line.rstrip(b"\r\n"))
            if len(chunk) == first:
                yield chunk
                chunk, first = [], size
    if chunk:
        yield chunk


def _blank(line: bytes) -> bool:
    """Nothing but white space, Unicode's included (as `str.strip` sees it; the file was read as text)."""
    if not line.strip():
        return True
    if line.isascii():
        return False
    try:
        return not line.decode("utf-8").strip()
    except UnicodeDecodeError:
        return False


def _jsonl_chunk(lines: list[bytes], offset: int, lang: str) -> Chunk:
    """`lines` (rows `offset`, `offset` + 1, …) read into columns whole when they can, else line by line."""
    from kepil.coverage.arrays import _columns, _readable  # arrays imports this module

    body = _Body(lines, offset)
    if max(map(len, lines)) <= MAX_JSON_BYTES:
        table = _columns(body.array)
        if table is not None and table.height == len(lines):  # a line holding two objects is not one row
            whole = C.typed(table, C.JSON, offset=offset)
            return Chunk(whole, prepare(whole), raw=body.original)
    readable: list[int] = []
    objects: list[Any] = []
    singles: list[tuple[int, dict[str, Any]]] = []
    for n, line in enumerate(lines, offset):
        obj = _decoded(line)
        if obj is not None and _readable(obj):
            readable.append(n)
            objects.append(obj)
            continue
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError as e:
            message = NOT_UTF8.format(position=e.start + 1)[lang]  # checked by decide_file
            singles.append((n, error("invalid_input", f"line {n + 1}", message)))
            continue
        request, err = parse_line(n + 1, text, lang)
        singles.append((n, err if err is not None else decide(request, lang=lang)))
    table = _columns(orjson.dumps(objects)) if objects else None
    t: pl.DataFrame | None = None
    if table is not None:
        t = C.typed(table, C.JSON).with_columns(pl.Series(C.ROW, readable, pl.UInt32))
    elif objects:  # not expected: `_readable` is `_columns`' own condition
        singles = sorted([*singles, *((n, decide(body.original(n), lang=lang)) for n in readable)])
    return Chunk(t, prepare(t) if t is not None else None, raw=body.original, singles=answers_frame(singles))


class _Body:
    """A chunk's lines as one JSON array (`array`, what `arrays._columns` reads) and where each line sits in
    it: a row's original is sliced from it when the single path needs one (~1 % of rows) rather than every
    line being kept as an object of its own."""

    def __init__(self, lines: list[bytes], offset: int) -> None:
        self.array = b"".join((b"[", b",".join(lines), b"]"))
        self.offset = offset
        self.ends = list(itertools.accumulate((len(x) + 1 for x in lines), initial=1))

    def original(self, row: int) -> Any:
        i = row - self.offset
        return json.loads(self.array[self.ends[i] : self.ends[i + 1] - 1])


def _decoded(line: bytes) -> Any:
    """The JSON value of a line within the size limit, or None (not JSON, too large, or null itself)."""
    if len(line) > MAX_JSON_BYTES:
        return None
    try:
        return orjson.loads(line)
    except orjson.JSONDecodeError:
        return None


def to_jsonl(frame: pl.DataFrame, rows: bool = False, carried: list[str] | None = None) -> pl.Series:
    """Each row as the single path's JSON object: a decision, or `{"error": …}`, with the request's `id` when
    it had one. `rows` adds the 1-based row to error objects (files); `carried` columns go under
    "carried"."""
    error = pl.col("error")
    if rows:
        error = pl.struct(
            error.struct.field("code"),
            error.struct.field("message"),
            error.struct.field("field"),
            (pl.col(C.ROW).cast(pl.Int64) + 1).alias("row"),
        )
    extra = [pl.struct(carried).alias("carried")] if carried else []
    decision = pl.struct(*DECISION_KEYS, *extra)
    failure = pl.struct(error.alias("error"), *extra)
    with_id = pl.struct(pl.col("id"), *DECISION_KEYS, *extra)
    failure_id = pl.struct(pl.col("id"), error.alias("error"), *extra)
    has_id = pl.col("id").is_not_null()
    ok = pl.col("error").is_null()
    return frame.select(
        pl.when(ok & has_id)
        .then(with_id.struct.json_encode())
        .when(ok)
        .then(decision.struct.json_encode())
        .when(has_id)
        .then(failure_id.struct.json_encode())
        .otherwise(failure.struct.json_encode())
    ).to_series()


def texts_ending(texts: pl.Series, end: str) -> memoryview:
    """The UTF-8 bytes of `texts` (none null), each followed by `end`, read from their Arrow buffer: one
    copy, where joining them as Python strings cost ~4.5 µs a row (issue 17)."""
    ended = (texts + end).to_arrow(compat_level=pl.CompatLevel.oldest())  # large_string, one chunk
    _, offsets, data = ended.buffers()
    if data is None:  # no texts
        return memoryview(b"")
    at = memoryview(offsets).cast("q")
    return memoryview(data)[at[ended.offset] : at[ended.offset + len(ended)]]


def _write(
    frames: Iterator[pl.DataFrame], schema: dict[str, Any], tmp: Path, kind: str, carried: list[str]
) -> None:
    """The answers in the target's format, written as `frames` come (Polars streams a CSV or Parquet sink
    from them, so a batch is encoded while the next is decided)."""
    if kind == ".jsonl":
        with open(tmp, "wb") as f:
            for frame in frames:
                for part in frame.iter_slices(50_000):  # smaller buffers: fewer page faults than one chunk's
                    f.write(texts_ending(to_jsonl(part, rows=True, carried=carried), "\n"))
        return
    from polars.io.plugins import register_io_source

    def source(
        with_columns: list[str] | None, predicate: Any, n_rows: int | None, batch_size: int | None
    ) -> Iterator[pl.DataFrame]:
        for frame in frames:
            yield frame if with_columns is None else frame.select(with_columns)

    answers = register_io_source(source, schema=schema)
    error_row = pl.when(pl.col("error").is_not_null()).then(pl.col(C.ROW).cast(pl.Int64) + 1)
    if kind == ".parquet":
        answers.with_columns(
            pl.struct(
                pl.col("error").struct.field("code"),
                pl.col("error").struct.field("message"),
                pl.col("error").struct.field("field"),
                error_row.alias("row"),
            ).alias("error")
        ).drop(C.ROW).sink_parquet(tmp, **WIDE_PARQUET)
        return
    answers.select(
        "id",
        "covered",
        "funding",
        pl.col("requires").list.join(";"),
        pl.col("basis")
        .list.eval(pl.format("{} {}", pl.element().struct.field("act"), pl.element().struct.field("clause")))
        .list.join("; "),
        *(
            pl.col("explanation").struct.field(lang).alias(f"explanation_{lang}")
            for lang in ("kk", "ru", "en")
        ),
        "rule",
        pl.col("unknown").list.join(";"),
        *(pl.col("error").struct.field(k).alias(f"error_{k}") for k in ("code", "field", "message")),
        error_row.alias("error_row"),
        *carried,
    ).pipe(formula_safe).sink_csv(tmp)  # an id or carried cell "=..." is text, not a formula
