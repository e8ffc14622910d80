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
from pathlib import Path
from typing import Any

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
from kepil.coverage.decision import check_lang, decide, parse_line
from kepil.coverage.messages import NO_FILE, NO_REQUESTS
from kepil.errors import InvalidInput
from kepil.files import WIDE_PARQUET, ahead, formula_safe, in_threads, written_whole
from kepil.i18n import Text

SUFFIXES = (".jsonl", ".csv", ".parquet")
CHUNK = 250_000
FIRST = 25_000  # the first chunk's rows (`_decide_table`)
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


def _jsonl_lines(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as f:
        return [line for line in f if line.strip()]


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
    frame = _decide_jsonl(source, progress, lang)
    with written_whole(target, suffix=".part") as tmp:
        _write(iter([frame]), OUTPUT_SCHEMA, tmp, kind_out, [])
    errors = int(frame["error"].is_not_null().sum())
    return frame.height, errors


def _decide_table(
    source: Path,
    target: Path,
    kind_out: str,
    progress: Callable[[int, int], None] | None,
    lang: str,
    carry_unknown: bool,
) -> tuple[int, int]:
    """A CSV or Parquet file, streamed: `CHUNK` rows are read, decided and written at a time, so memory
    does not grow with the file (issue 17); the output is moved into place only once every row is.

    On both cores: one thread reads, types, validates and derives the facts of the next chunk (`files.ahead`)
    while two decide the chunks before it (`files.in_threads`; deciding is the slower stage) and Polars
    encodes the one before those into the file. The first chunk is `FIRST` rows read alone, so that deciding
    starts while the rest is read; the rule book's plans are built meanwhile (`batch.warm`)."""
    # numpy and pyarrow, for the IIN check, are imported while Polars (without the GIL) reads the first rows:
    # ~0.1 s of start-up off the critical path. The other threads wait for it before they run Python code
    # (which may import lazily, Polars' own code included): no two threads ever import at once.
    importer = threading.Thread(target=importlib.import_module, args=("kepil.claims.columns",), daemon=True)
    importer.start()
    dtypes, batches = C.table_batches(source, CHUNK, FIRST)
    try:
        carried = C.check_columns(pl.DataFrame(schema=dtypes), str(source), carry_unknown)
    except InvalidInput:
        # Refused whole, but an empty file is named as such first: read until a row is found.
        if next((b for b in batches if b.height), None) is None:
            raise InvalidInput("--input", NO_REQUESTS.format(path=source)) from None
        raise
    done = [0, 0]  # requests, error answers

    def prepared() -> Iterator[tuple[pl.DataFrame, Prepared]]:
        offset = 0
        for batch in (b for b in batches if b.height):
            importer.join()
            t = C.typed(batch, C.TABLE, carry=carried, offset=offset)
            yield t, prepare(t)
            offset += batch.height

    ready = ahead(prepared())  # the first chunk is read now, in its thread
    importer.join()
    warm()  # the rule book's plans, while the first chunk is prepared
    total = _rows(source)
    first = next(ready, None)
    if first is None:
        ready.close()
        raise InvalidInput("--input", NO_REQUESTS.format(path=source))

    def decide_chunk(item: tuple[pl.DataFrame, Prepared]) -> tuple[pl.DataFrame, pl.DataFrame]:
        return item[0], decide_frame(item[0], None, lang, dtypes, item[1])

    def decided() -> Generator[pl.DataFrame, None, None]:
        for t, frame in in_threads(decide_chunk, itertools.chain([first], ready)):
            if carried:
                frame = frame.hstack(t.select(carried))
            done[0] += frame.height
            done[1] += int(frame["error"].is_not_null().sum())
            if progress:
                progress(done[0], max(total, done[0]))
            yield frame

    schema = {**OUTPUT_SCHEMA, **{c: dtypes[c] for c in carried}}
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


def _decide_chunks(
    t: pl.DataFrame,
    raw: Callable[[int], Any] | None,
    progress: Callable[[int, int], None] | None,
    lang: str = "en",
    dtypes: dict[str, pl.DataType] | None = None,
) -> pl.DataFrame:
    parts = []
    for start in range(0, t.height, CHUNK):
        parts.append(decide_frame(t.slice(start, CHUNK), raw_of_row=raw, lang=lang, table_dtypes=dtypes))
        if progress:
            progress(min(start + CHUNK, t.height), t.height)
    return pl.concat(parts) if parts else pl.DataFrame(schema=OUTPUT_SCHEMA)


def _decide_jsonl(
    source: Path, progress: Callable[[int, int], None] | None, lang: str = "en"
) -> pl.DataFrame:
    try:
        table = C.flatten(pl.read_ndjson(source, infer_schema_length=None))
    except (pl.exceptions.PolarsError, ValueError):
        return _decide_lines(_jsonl_lines(source), progress, lang)
    if C.unknown_columns(table):
        # A field the request does not define, in some line: only that line knows whether it holds the key
        # (a column cannot tell absent from null), so each line is answered by the single path.
        return _decide_lines(_jsonl_lines(source), progress, lang)
    t = C.typed(table, C.JSON)
    if t.height == 0:
        raise InvalidInput("--input", NO_REQUESTS.format(path=source))
    lines: list[str] = []

    def raw(row: int) -> Any:
        if not lines:
            lines.extend(_jsonl_lines(source))
        return json.loads(lines[row])

    return _decide_chunks(t, raw, progress, lang)


def _decide_lines(
    lines: list[str], progress: Callable[[int, int], None] | None, lang: str = "en"
) -> pl.DataFrame:
    """A file that is not clean JSON Lines: each line on its own (the single path), errors in place."""
    if not lines:
        raise InvalidInput("--input", Text("ішінде сұраныс жоқ", "не содержит запросов", "holds no requests"))
    answers = []
    for n, line in enumerate(lines):
        raw, err = parse_line(n + 1, line, lang)
        answers.append((n, err if err is not None else decide(raw, lang=lang)))
        if progress and (n + 1) % 10_000 == 0:
            progress(n + 1, len(lines))
    if progress:
        progress(len(lines), len(lines))
    return answers_frame(answers)


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


def _write(
    frames: Iterator[pl.DataFrame], schema: dict[str, Any], tmp: Path, kind: str, carried: list[str]
) -> None:
    """The answers in the target's format, written as `frames` come (Polars streams a CSV or Parquet sink
    from them, so a batch is encoded while the next is decided)."""
    if kind == ".jsonl":
        with open(tmp, "wb") as f:
            for frame in frames:
                lines = to_jsonl(frame, rows=True, carried=carried)
                if lines.len():
                    f.write(("\n".join(lines.to_list()) + "\n").encode("utf-8"))
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
