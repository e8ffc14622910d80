"""Output files written whole or not at all.

Each file is written under a temporary name beside its target (same directory, so the rename is atomic)
and renamed over the target only when every file of the set is complete: a failed or killed write leaves
the previous files as they were, and no half-written one under the target's name. `write_table` writes a
table so, in the format its suffix names.

Temporary names carry the writing process's id (`.NAME.kepilPID.XXXX`, work folders `.kepil-WHAT-PID-XXXX`):
a process killed while writing leaves them behind, and `remove_leftovers` — called by the next run that
writes into the folder — removes those whose process no longer exists (never a live writer's)."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq


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


def write_frame(frame: pl.DataFrame | pa.Table, path: Path, suffix: str | None = None) -> None:
    """`frame` into `path` as CSV (UTF-8, header), Parquet or XLSX (one sheet) by `suffix` (default: the
    path's own). Arrow tables are written by Arrow, Polars frames by Polars; no renaming (see write_table)."""
    kind = (suffix or path.suffix).lower()
    if isinstance(frame, pa.Table):
        if kind == ".csv":
            pacsv.write_csv(frame, path)
            return
        if kind == ".parquet":
            pq.write_table(frame, path)
            return
        frame = pl.DataFrame(frame)
    if kind == ".csv":
        frame.write_csv(path)
    elif kind == ".parquet":
        frame.write_parquet(path)
    elif kind == ".xlsx":
        from openpyxl import Workbook  # only for this format

        wb = Workbook(write_only=True)
        ws = wb.create_sheet("kepil")
        ws.append(frame.columns)
        for row in frame.iter_rows():  # the file format is row-based; the figures are already computed
            ws.append(list(row))
        wb.save(path)
    else:
        raise ValueError(f"{path}: no writer for {kind!r}")  # the commands check --out's suffix first


def write_table(frame: pl.DataFrame | pa.Table, path: Path) -> None:
    """`write_frame`, whole or not at all."""
    with written_whole(path, suffix=path.suffix) as tmp:
        write_frame(frame, tmp, path.suffix)
