"""kepil.files: output files are replaced whole or not at all — the guarantee behind every writer's
"nothing half-written" (monitoring runs, coverage files, synthetic months, medicines and MVD reports)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kepil.files import written_together, written_whole


def test_a_completed_set_replaces_every_target_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    a, b = tmp_path / "a.csv", tmp_path / "sub" / "b.json"
    a.write_text("old")
    with written_together(a, b, suffix=".part") as (ta, tb):
        assert ta.parent == a.parent and ta.name.startswith(".a.csv.") and ta.suffix == ".part"
        ta.write_text("new a")
        tb.write_text("new b")
        assert a.read_text() == "old"  # not before the block ends
    assert (a.read_text(), b.read_text()) == ("new a", "new b")
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["a.csv", "b.json"]


def test_a_failure_part_way_leaves_the_previous_files_whole(tmp_path: Path) -> None:
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text("old a")
    with pytest.raises(RuntimeError), written_together(a, b) as (ta, _tb):
        ta.write_text("half")
        raise RuntimeError("killed")
    assert a.read_text() == "old a" and not b.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["a.csv"]


def test_one_file(tmp_path: Path) -> None:
    target = tmp_path / "out.parquet"
    with written_whole(target) as tmp:
        tmp.write_bytes(b"x")
    assert target.read_bytes() == b"x" and list(tmp_path.iterdir()) == [target]
