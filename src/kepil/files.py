"""Output files written whole or not at all.

Each file is written under a temporary name beside its target (same directory, so the rename is atomic)
and renamed over the target only when every file of the set is complete: a failed or killed write leaves
the previous files as they were, and no half-written one under the target's name."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


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
