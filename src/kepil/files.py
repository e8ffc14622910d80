"""Output files written whole or not at all.

Each file is written under a temporary name beside its target (same directory, so the rename is atomic)
and renamed over the target only when every file of the set is complete: a failed or killed write leaves
the previous files as they were, and no half-written one under the target's name. `write_table` writes a
table so, in the format its suffix names."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq


def temp_beside(target: Path, suffix: str = "") -> Path:
    """A new empty file `.{name}.XXXX{suffix}` in `target`'s directory (hidden, unique per writer)."""
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=suffix, dir=target.parent)
    os.close(fd)
    return Path(name)


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
