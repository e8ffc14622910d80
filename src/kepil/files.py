"""Output files written whole or not at all.

Each file is written under a temporary name beside its target (same directory, so the rename is atomic)
and renamed over the target only when every file of the set is complete: a failed or killed write leaves
the previous files as they were, and no half-written one under the target's name. `write_table` writes a
table so, in the format its suffix names.

Temporary names carry the writing process's id (`.NAME.kepilPID.XXXX`, work folders `.kepil-WHAT-PID-XXXX`):
a process killed while writing leaves them behind, and `remove_leftovers` — called by the next run that
writes into the folder — removes those whose process no longer exists (never a live writer's)."""

from __future__ import annotations

import collections
import os
import queue
import re
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TypeVar

if TYPE_CHECKING:  # imported where a writer needs them: kepil.web imports this module at start
    import polars as pl
    import pyarrow as pa

T = TypeVar("T")
U = TypeVar("U")


def temp_beside(target: Path, suffix: str = "") -> Path:
    """A new empty file `.{name}.kepilPID.XXXX{suffix}` in `target`'s directory (hidden, unique per
    writer, naming the writing process for `remove_leftovers`)."""
    fd, name = tempfile.mkstemp(
        prefix=f".{target.name}.kepil{os.getpid()}.", suffix=suffix, dir=target.parent
    )
    os.close(fd)
    return Path(name)


def work_dir(directory: Path, what: str) -> Path:
    """A new hidden folder `.kepil-{what}-PID-XXXX` in `directory` for a run's intermediate files."""
    return Path(tempfile.mkdtemp(prefix=f".kepil-{what}-{os.getpid()}-", dir=directory))


# `.NAME.kepilPID.XXXX…` (temp_beside) and `.kepil-WHAT-PID-XXXX` (work_dir); `.kepil-monitor-XXXXXXXX`
# without a process id is what runs made before the id was in the name.
_LEFTOVER = re.compile(r"^\.(?:.+\.kepil(?P<file>\d+)\..+|kepil-[a-z]+-(?P<dir>\d+)-.+)$")
_OLD_WORK_DIR = re.compile(r"^\.kepil-monitor-[a-z0-9_]{8}$")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def remove_leftovers(directory: Path) -> list[str]:
    """Remove the temporary files and work folders that killed writers left in `directory` (their process
    is gone); returns their names. A live writer's files, and anything not kepil's, are left alone."""
    removed: list[str] = []
    if not directory.is_dir():
        return removed
    for entry in directory.iterdir():
        match = _LEFTOVER.match(entry.name)
        if match is not None:
            if _alive(int(match.group("file") or match.group("dir"))):
                continue
        elif not _OLD_WORK_DIR.match(entry.name):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
        removed.append(entry.name)
    return removed


@contextmanager
def written_together(*targets: Path, suffix: str = "") -> Iterator[list[Path]]:
    """Temporary paths for `targets`, in order; when the block ends without an error each is renamed over
    its target, else all are removed. `suffix` ends each temporary name (for writers that read it)."""
    temps: list[Path] = []
    try:
        for target in targets:
            target.parent.mkdir(parents=True, exist_ok=True)
            temps.append(temp_beside(target, suffix))
        yield temps
        for tmp, target in zip(temps, targets, strict=True):
            os.replace(tmp, target)
    finally:
        for tmp in temps:
            tmp.unlink(missing_ok=True)


@contextmanager
def written_whole(target: Path, suffix: str = "") -> Iterator[Path]:
    """`written_together` for one file."""
    with written_together(target, suffix=suffix) as (tmp,):
        yield tmp


# ------------------------------------------------------------------ spreadsheets never run a cell
# Cells carry text others typed (a patient id, a medicine's name, a claim's details, a reason), so a file a
# person opens in a spreadsheet must not turn it into a formula (CSV/formula injection, OWASP): a CSV text
# cell starting with = + - @ TAB or CR gets a leading apostrophe, and an XLSX text cell is always a text
# cell (openpyxl would store "=..." as a formula). Numbers stay numbers. Every CSV and XLSX kepil writes —
# the commands' files (write_frame, sink_csv) and the pages' downloads (kepil.web.export) — goes through
# these. Parquet is data for programs, not a spreadsheet: written as it is.
def ahead(items: Iterator[T], depth: int = 1) -> Ahead[T]:
    """`items`, made in a thread of their own from now on (up to `depth` waiting) while the one before is
    used: a batch file's next chunk is read and typed while this one is decided, on the other core (Polars
    lets go of the GIL while it works). An error of `items` is raised where its item would have come;
    `close()` stops the thread at its next item."""
    return Ahead(items, depth)


class Ahead(Iterator[T]):
    """`ahead`'s iterator: the thread starts when it is made, so the first item is on its way before it is
    asked for (the coverage batch reads its first chunk while it warms the rule book). The thread holds
    the queue, not this object: one dropped unfinished is stopped when it is collected."""

    def __init__(self, items: Iterator[T], depth: int) -> None:
        self._box: queue.Queue[Any] = queue.Queue(maxsize=depth)
        self._stop = threading.Event()
        self._finished = False
        self._thread = threading.Thread(
            target=_produce, args=(items, self._box, self._stop), name="kepil-ahead", daemon=True
        )
        self._thread.start()

    def __next__(self) -> T:
        if self._finished:
            raise StopIteration
        item, error = self._box.get()
        if item is _DONE:
            self.close()
            if error is not None:
                raise error
            raise StopIteration
        return item

    def close(self) -> None:
        self._finished = True
        self._stop.set()
        self._thread.join()

    def __del__(self) -> None:
        self._stop.set()


_DONE = object()


def _produce(items: Iterator[Any], box: queue.Queue[Any], stop: threading.Event) -> None:
    """`Ahead`'s thread: each item into `box`, then `_DONE` with the error that ended `items` (or None)."""

    def put(item: Any) -> bool:
        while not stop.is_set():
            try:
                box.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    try:
        for item in items:
            if not put((item, None)):
                return
    except BaseException as e:  # handed to the consumer, raised there
        put((_DONE, e))
        return
    put((_DONE, None))


def in_threads(fn: Callable[[T], U], items: Iterator[T], workers: int = 2) -> Iterator[U]:
    """`fn` of each of `items`, in order, up to `workers` of them computed at once in threads: the coverage
    batch decides two chunks at a time, each on its core, when deciding is the slower stage (Polars lets go
    of the GIL while it works). An error of `fn` or `items` is raised where its result would have come."""
    from concurrent.futures import Future, ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="kepil-work") as pool:
        pending: collections.deque[Future[U]] = collections.deque()
        try:
            for item in items:
                pending.append(pool.submit(fn, item))
                if len(pending) >= workers:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA = r"^[=+\-@\t\r]"


def csv_cell(value: Any) -> Any:
    """A text that a spreadsheet would read as a formula, quoted with an apostrophe (OWASP's advice)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def formula_safe(frame: pl.DataFrame | pl.LazyFrame) -> Any:
    """`frame` with every text column's formula-like cells quoted (`csv_cell`), set-based."""
    import polars as pl

    text = [name for name, dtype in frame.collect_schema().items() if dtype == pl.Utf8]
    return frame.with_columns(
        pl.when(pl.col(c).str.contains(_FORMULA)).then(pl.lit("'") + pl.col(c)).otherwise(pl.col(c)).alias(c)
        for c in text
    )


def write_xlsx(header: list[str], rows: Iterable[Iterable[Any]], target: Path | BinaryIO, title: str) -> None:
    """One sheet `title`. A text starting with "=" is a text cell; control characters XML cannot carry are
    replaced by U+FFFD (openpyxl would refuse the file). openpyxl is imported here, only when needed."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=title)

    def cell(value: Any) -> Any:
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
            if value.startswith("="):
                text_cell = WriteOnlyCell(ws, value=value)
                text_cell.data_type = "s"
                return text_cell
        return value

    ws.append(header)
    for row in rows:  # the file format is row-based; the figures are already computed
        ws.append([cell(v) for v in row])
    wb.save(target)


# A wide Parquet file of a million rows and more (`kepil medicines need`: 38 columns, 20 of them
# Decimal(38, 3), which Parquet stores as 16-byte values): zstd at level 1 rather than Polars' default level,
# and no min/max statistics per page. Measured on the need of 1,000,000 prescriptions: 1.10–1.28 s CPU →
# 0.85–0.96 s, the file 35 → 37 MB; the columns, their types and values are the same
# (tests/test_medicines.py::test_cli_need_parquet_has_the_documented_columns_and_types).
WIDE_PARQUET: dict[str, Any] = {"compression": "zstd", "compression_level": 1, "statistics": False}


def write_frame(
    frame: pl.DataFrame | pl.LazyFrame | pa.Table,
    path: Path,
    suffix: str | None = None,
    parquet: dict[str, Any] | None = None,
) -> None:
    """`frame` into `path` as CSV (UTF-8, header), Parquet or XLSX (one sheet) by `suffix` (default: the
    path's own); CSV and XLSX cells formula-safe. `parquet`: Polars' Parquet writer's options (e.g.
    `WIDE_PARQUET`; default its own). A lazy frame is streamed into a Parquet file (computed in pieces on
    every core as the file is written: same columns, types and values as collecting it first, without the
    whole table in memory), computed first for the other formats. No renaming (see write_table)."""
    import polars as pl

    kind = (suffix or path.suffix).lower()
    if isinstance(frame, pl.LazyFrame):
        if kind == ".parquet":
            frame.sink_parquet(path, **(parquet or {}))
            return
        frame = frame.collect()
    if not isinstance(frame, pl.DataFrame):  # an Arrow table (pyarrow is imported only for one)
        if kind == ".parquet":
            import pyarrow.parquet as pq

            pq.write_table(frame, path)
            return
        frame = pl.DataFrame(frame)
    if kind == ".csv":
        formula_safe(frame).write_csv(path)
    elif kind == ".parquet":
        frame.write_parquet(path, **(parquet or {}))
    elif kind == ".xlsx":
        write_xlsx(frame.columns, frame.iter_rows(), path, "kepil")
    else:
        raise ValueError(f"{path}: no writer for {kind!r}")  # the commands check --out's suffix first


def sink_csv(frame: pl.LazyFrame, path: Path) -> None:
    """A lazy frame streamed into a CSV file, formula-safe (data too large to hold, e.g. `kepil pay`)."""
    formula_safe(frame).sink_csv(path)


def write_table(
    frame: pl.DataFrame | pl.LazyFrame | pa.Table, path: Path, parquet: dict[str, Any] | None = None
) -> None:
    """`write_frame`, whole or not at all."""
    with written_whole(path, suffix=path.suffix) as tmp:
        write_frame(frame, tmp, path.suffix, parquet)
