"""kepil.files: output files are replaced whole or not at all — the guarantee behind every writer's
"nothing half-written" (monitoring runs, coverage files, synthetic months, medicines and MVD reports)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from kepil.files import ahead, in_threads, write_table, written_together, written_whole


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


def test_a_table_is_written_in_the_format_its_suffix_names(tmp_path: Path) -> None:
    """kepil pay / caps / access / medicines --out: CSV, Parquet or XLSX, from Polars or Arrow alike."""
    import polars as pl
    from openpyxl import load_workbook

    frame = pl.DataFrame({"region": ["abai", "astana"], "cases": [3, 4]})
    for table in (frame, frame.to_arrow()):
        write_table(table, tmp_path / "t.csv")
        assert pl.read_csv(tmp_path / "t.csv").equals(frame)
        write_table(table, tmp_path / "t.parquet")
        assert pl.read_parquet(tmp_path / "t.parquet").equals(frame)
        write_table(table, tmp_path / "t.xlsx")
        rows = list(load_workbook(tmp_path / "t.xlsx").active.iter_rows(values_only=True))  # type: ignore[union-attr]
        assert rows == [("region", "cases"), ("abai", 3), ("astana", 4)]
    with pytest.raises(ValueError, match="no writer"):
        write_table(frame, tmp_path / "t.txt")
    assert not (tmp_path / "t.txt").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.csv", "t.parquet", "t.xlsx"]


def test_ahead_yields_every_item_in_order_and_raises_the_error_where_it_came() -> None:
    def items() -> Iterator[int]:
        yield from range(5)
        raise ValueError("bad chunk")

    got: list[int] = []
    with pytest.raises(ValueError, match="bad chunk"):
        for item in ahead(items()):
            got.append(item)
    assert got == [0, 1, 2, 3, 4]


def test_ahead_closed_early_stops_its_thread() -> None:
    made: list[int] = []

    def items() -> Iterator[int]:
        for i in range(1000):
            made.append(i)
            yield i

    it = ahead(items())
    assert next(it) == 0
    it.close()  # joins the thread: it stops at its next item, not after all of them
    assert len(made) < 5
    assert not any(t.name == "kepil-ahead" for t in threading.enumerate())


def test_ahead_makes_its_first_item_before_it_is_asked_for() -> None:
    """The coverage batch reads its first chunk while it plans the rule book: the thread starts with
    `ahead`, not at the first `next`."""
    made = threading.Event()

    def items() -> Iterator[int]:
        made.set()
        yield 1

    it = ahead(items())
    assert made.wait(5)
    assert list(it) == [1]


def test_in_threads_computes_two_at_once_and_keeps_the_order() -> None:
    both = threading.Barrier(2, timeout=5)  # broken (an error) unless two calls run at the same time

    def work(i: int) -> int:
        if i < 2:
            both.wait()
        return i * 10

    assert list(in_threads(work, iter(range(5)))) == [0, 10, 20, 30, 40]

    def bad(i: int) -> int:
        if i == 3:
            raise ValueError("bad chunk")
        return i

    got: list[int] = []
    with pytest.raises(ValueError, match="bad chunk"):
        for x in in_threads(bad, iter(range(6))):
            got.append(x)
    assert got == [0, 1, 2]


def test_a_lazy_frame_is_written_as_the_frame_it_computes(tmp_path: Path) -> None:
    """write_table streams a lazy frame into Parquet (and computes it first for CSV): the same columns,
    types and values as the computed frame's file."""
    import polars as pl

    from kepil.files import WIDE_PARQUET

    frame = pl.DataFrame({"a": list(range(1000)), "b": [f"=x{i}" for i in range(1000)]})
    lazy = frame.lazy().with_columns(pl.col("a").cast(pl.Int128).reinterpret(dtype=pl.Decimal(38, 3)))
    lazy_pq, eager_pq = tmp_path / "lazy.parquet", tmp_path / "eager.parquet"
    write_table(lazy, lazy_pq, WIDE_PARQUET)
    write_table(lazy.collect(), eager_pq, WIDE_PARQUET)
    assert pl.read_parquet(lazy_pq).equals(pl.read_parquet(eager_pq))
    assert pl.read_parquet(lazy_pq).schema == {"a": pl.Decimal(38, 3), "b": pl.Utf8}
    write_table(lazy, tmp_path / "lazy.csv")
    write_table(lazy.collect(), tmp_path / "eager.csv")
    assert (tmp_path / "lazy.csv").read_bytes() == (tmp_path / "eager.csv").read_bytes()
