"""Batch files of coverage requests: JSON Lines, CSV or Parquet in; JSON Lines, CSV or Parquet out.

Nothing is written unless the whole input was read; the output is written to a temporary file beside the
target and moved into place, so a failed run leaves no half-written file.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl

from kepil.coverage import columns as C
from kepil.coverage import messages as M
from kepil.coverage.batch import OUTPUT_SCHEMA, answers_frame, decide_frame
from kepil.coverage.decision import check_lang, decide, error
from kepil.errors import InvalidInput
from kepil.files import written_whole

SUFFIXES = (".jsonl", ".csv", ".parquet")
CHUNK = 250_000


def _suffix(path: Path, field: str) -> str:
    suffix = path.suffix.lower()
    if suffix == ".ndjson":
        suffix = ".jsonl"
    if suffix not in SUFFIXES:
        raise InvalidInput(field, f"{path} must end in .jsonl, .csv or .parquet")
    return suffix


def parse_line(n: int, line: str, lang: str = "en") -> tuple[Any, dict[str, Any] | None]:
    """A decoded request, or the error object (message in `lang`) that answers a line which is not JSON."""
    try:
        return json.loads(line), None
    except json.JSONDecodeError as e:
        message = M.fill(M.NOT_JSON, detail=e.msg, column=e.colno)[lang]
        return None, error("invalid_input", f"line {n}", message)


def _jsonl_lines(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as f:
        return [line for line in f if line.strip()]


def decide_file(
    source: Path, target: Path, progress: Callable[[int, int], None] | None = None, lang: str = "en"
) -> tuple[int, int]:
    """Decide every request of `source` into `target`; returns (requests, error answers). `lang` (kk, ru,
    en) is the language of the error rows' messages."""
    check_lang(lang)
    kind_in, kind_out = _suffix(source, "--input"), _suffix(target, "--output")
    if not source.is_file():
        raise InvalidInput("--input", f"{source} does not exist")
    if kind_in == ".jsonl":
        frame = _decide_jsonl(source, progress, lang)
    else:
        table = C.read_table(source)
        if table.height == 0:
            raise InvalidInput("--input", f"{source} holds no requests")
        frame = _decide_chunks(C.typed(table), None, progress, lang)
    _write(frame, target, kind_out)
    errors = int(frame["error"].is_not_null().sum())
    return frame.height, errors


def _decide_chunks(
    t: pl.DataFrame,
    raw: Callable[[int], Any] | None,
    progress: Callable[[int, int], None] | None,
    lang: str = "en",
) -> pl.DataFrame:
    parts = []
    for start in range(0, t.height, CHUNK):
        parts.append(decide_frame(t.slice(start, CHUNK), raw_of_row=raw, lang=lang))
        if progress:
            progress(min(start + CHUNK, t.height), t.height)
    return pl.concat(parts) if parts else pl.DataFrame(schema=OUTPUT_SCHEMA)


def _decide_jsonl(
    source: Path, progress: Callable[[int, int], None] | None, lang: str = "en"
) -> pl.DataFrame:
    try:
        t = C.typed(pl.read_ndjson(source, infer_schema_length=None))
    except (pl.exceptions.PolarsError, ValueError):
        return _decide_lines(_jsonl_lines(source), progress, lang)
    if t.height == 0:
        raise InvalidInput("--input", f"{source} holds no requests")
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
        raise InvalidInput("--input", "holds no requests")
    answers = []
    for n, line in enumerate(lines):
        raw, err = parse_line(n + 1, line, lang)
        answers.append((n, err if err is not None else decide(raw, lang=lang)))
        if progress and (n + 1) % 10_000 == 0:
            progress(n + 1, len(lines))
    if progress:
        progress(len(lines), len(lines))
    return answers_frame(answers)


def to_jsonl(frame: pl.DataFrame) -> pl.Series:
    """Each row as the single path's JSON object: a decision, or `{"error": …}`."""
    decision = pl.struct("covered", "funding", "requires", "basis", "explanation", "rule", "unknown")
    return frame.select(
        pl.when(pl.col("error").is_null())
        .then(decision.struct.json_encode())
        .otherwise(pl.struct("error").struct.json_encode())
    ).to_series()


def _write(frame: pl.DataFrame, target: Path, kind: str) -> None:
    frame = frame.drop(C.ROW)
    with written_whole(target, suffix=".part") as tmp:
        if kind == ".parquet":
            frame.write_parquet(tmp)
        elif kind == ".jsonl":
            with open(tmp, "w", encoding="utf-8") as f:
                for line in to_jsonl(frame):
                    f.write(line + "\n")
        else:
            frame.select(
                "covered",
                "funding",
                pl.col("requires").list.join(";"),
                pl.col("basis")
                .list.eval(
                    pl.format("{} {}", pl.element().struct.field("act"), pl.element().struct.field("clause"))
                )
                .list.join("; "),
                *(
                    pl.col("explanation").struct.field(lang).alias(f"explanation_{lang}")
                    for lang in ("kk", "ru", "en")
                ),
                "rule",
                pl.col("unknown").list.join(";"),
                *(pl.col("error").struct.field(k).alias(f"error_{k}") for k in ("code", "field", "message")),
            ).write_csv(tmp)
