"""The rule book's outcomes remembered across calls (`kepil.engine.memo`, issue 17's HTTP batch) must never
change an answer: a combination found in the memo is answered as if it were decided anew, two dates the
rules tell apart — the Program's change of 1 January 2027 (Program 2026–2028, 22, 33.4, 34, 51; Migrant
care rules, organ donation) — never share an entry, a hash that collides is a miss, and the memo stays
within its bounds."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import orjson
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kepil.coverage import arrays as A
from kepil.coverage import batch as B
from kepil.coverage import columns as C
from kepil.coverage.decision import decide
from kepil.coverage.rulebook import law_rulebook
from kepil.coverage.synthetic import requests
from kepil.engine import batch as E
from kepil.engine import memo as M
from kepil.law.program_2026_2028.coverage.common import CHANGE_2027

BOOK = law_rulebook()


def _facts(n: int, seed: int) -> pl.DataFrame:
    f = B.prepare(C.typed(requests(n, seed=seed)))[1]
    assert f is not None
    return f


def _evaluate(f: pl.DataFrame) -> pl.DataFrame:
    return E.evaluate(BOOK, f, unknowns=B._UNKNOWNS)


def _fresh(f: pl.DataFrame) -> pl.DataFrame:
    """`evaluate` with nothing remembered, and remembering nothing."""
    saved = E.MEMO
    E.MEMO = M.Memo(rows=0)
    try:
        return _evaluate(f)
    finally:
        E.MEMO = saved


@pytest.fixture(autouse=True)
def _own_memo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(E, "MEMO", M.Memo())


def _pool(n: int, seed: int) -> list[dict[str, Any]]:
    return [
        C.raw_request(r) for r in C.typed(requests(n, seed=seed, invalid_share=0.05)).iter_rows(named=True)
    ]


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    st.integers(0, 10_000),
    st.integers(1, 120),
    st.integers(1, 120),
    st.sampled_from(["kk", "ru", "en"]),
    st.randoms(use_true_random=False),
)
def test_an_answer_from_the_memo_is_the_answer_decided_anew(
    seed: int, n1: int, n2: int, lang: str, rnd: Any
) -> None:
    """Two calls: the second array mixes requests of the first (combinations remembered) with new ones
    (misses); every answer equals the one decided with an empty memo, and the single path's."""
    E.MEMO = M.Memo()
    first, others = _pool(n1, seed), _pool(n2, seed + 1)
    second = rnd.sample(first, min(len(first), n2 // 2 + 1)) + others
    rnd.shuffle(second)
    A.decide_json_array(orjson.dumps(first), lang=lang)
    assert E.MEMO.size() > 0
    got = A.decide_json_array(orjson.dumps(second), lang=lang)
    E.MEMO = M.Memo(rows=0)
    assert got == A.decide_json_array(orjson.dumps(second), lang=lang)
    assert orjson.loads(got) == [decide(r, lang=lang) for r in second]


def test_a_remembered_array_plans_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    f = _facts(3_000, seed=11)
    first = _evaluate(f)
    size = E.MEMO.size()
    calls: list[str] = []
    stacked = E._stacked
    monkeypatch.setattr(E, "_stacked", lambda book, kind, *a: calls.append(kind) or stacked(book, kind, *a))
    again = _evaluate(f)
    assert calls == [] and E.MEMO.size() == size
    assert again.equals(first) and again.equals(_fresh(f))
    half = _evaluate(pl.concat([f.head(1_500), _facts(500, seed=12)]))  # only the new combinations planned
    assert calls and half.equals(_fresh(pl.concat([f.head(1_500), _facts(500, seed=12)])))


def _across_2027(f: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """`f` dated the last day before the change of 1 January 2027, and the same rows dated that day."""
    before = f.with_columns(pl.lit(CHANGE_2027 - dt.timedelta(days=1)).alias("date"))
    return before, f.with_columns(pl.lit(CHANGE_2027).alias("date"))


def test_dates_either_side_of_a_change_of_the_law_never_share_an_entry() -> None:
    """Program 2026–2028, 22 (PHC on first contact from 2027) and 33.4 (inpatient GVFMC from 2027 only when
    life-threatening): the same facts before and after 1 January 2027 are two combinations — decided after
    the other was remembered, each is its own answer, and some answers do differ."""
    f = _facts(4_000, seed=21).filter(pl.col("kind").is_in(["phc", "inpatient", "organ_donation"]))
    before, after = _across_2027(f)
    fresh_before, fresh_after = _fresh(before), _fresh(after)
    assert not fresh_before.equals(fresh_after)  # the change decides some of these rows otherwise
    assert _evaluate(before).equals(fresh_before)
    assert _evaluate(after).equals(fresh_after)  # every combination of `before` remembered: none taken
    assert _evaluate(before).equals(fresh_before)
    assert _evaluate(after).equals(fresh_after)


def test_dates_the_rules_cannot_tell_apart_share_an_entry() -> None:
    """Within one interval between the dates where a rule changes (`engine.batch._date_class`), the date
    is not read otherwise: a remembered combination answers another day of the same interval."""
    f = _facts(2_000, seed=22)
    _evaluate(f.with_columns(pl.lit(dt.date(2027, 3, 1)).alias("date")))
    size = E.MEMO.size()
    other = f.with_columns(pl.lit(dt.date(2028, 11, 30)).alias("date"))
    assert _evaluate(other).equals(_fresh(other))
    assert E.MEMO.size() == size


def test_a_hash_that_collides_is_a_miss() -> None:
    """A remembered row whose hash equals a combination's but whose text does not is never its answer."""
    f = _facts(2_000, seed=31)
    _evaluate(f)
    for tables in E.MEMO._tables.values():
        for key, table in tables.items():
            tables[key] = table.with_columns(  # every hash kept, every combination and answer another
                pl.lit("another").alias(M.KEY), (pl.col(E.RULE) + 1).alias(E.RULE), ~pl.col("covered")
            )
    assert _evaluate(f).equals(_fresh(f))
    assert _evaluate(f).equals(_fresh(f))  # the colliding combinations were not added beside them
    for tables in E.MEMO._tables.values():
        for table in tables.values():
            assert table[M.HASH].is_unique().all() and (table[M.KEY] == "another").all()


def test_the_memo_is_bounded() -> None:
    E.MEMO = M.Memo(rows=300, books=1)
    for seed in range(41, 45):
        f = _facts(1_500, seed=seed)
        assert _evaluate(f).equals(_fresh(f))
        assert E.MEMO.size() <= 300
    other = M.Memo(rows=10, books=2)
    row = pl.DataFrame({M.HASH: [1], M.KEY: ["a"]}, schema={M.HASH: pl.UInt64, M.KEY: pl.Utf8})
    books = [law_rulebook(), *(type(BOOK)(BOOK.rules) for _ in range(3))]
    for book in books:
        other.add(book, "k", row)
    assert other.table(books[0], "k") is None and other.table(books[-1], "k") is not None
    assert other.size() == 2


def test_a_memo_of_no_rows_remembers_nothing_and_answers_the_same() -> None:
    """KEPIL_COVERAGE_MEMO_ROWS=0 (the benchmark's worst case: no combination ever seen before)."""
    E.MEMO = M.Memo(rows=M.rows_from_env("0"))
    f = _facts(1_500, seed=61)
    assert _evaluate(f).equals(_fresh(f)) and _evaluate(f).equals(_fresh(f))
    assert E.MEMO.size() == 0


@pytest.mark.parametrize(
    ("value", "rows"), [(None, M.MEMO_ROWS), ("", M.MEMO_ROWS), (" 0 ", 0), ("1200", 1200)]
)
def test_the_memos_size_is_read_from_the_environment(value: str | None, rows: int) -> None:
    assert M.rows_from_env(value) == rows


@pytest.mark.parametrize("value", ["-1", "1e5", "50k", "1.5", "9999999999999999999999"])
def test_a_memo_size_that_is_no_whole_number_is_said_and_the_default_kept(
    value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Said on standard error naming the variable and the value, in kk, ru and en; the default kept (the
    size changes the CPU a batch costs, never an answer: a command must not fail for it)."""
    assert M.rows_from_env(value) == M.MEMO_ROWS
    said = capsys.readouterr().err
    assert "KEPIL_COVERAGE_MEMO_ROWS" in said and repr(value) in said
    assert "бүтін сан емес" in said and "не целое число" in said and "not a whole number" in said


def test_threads_deciding_at_once_remember_each_combination_once() -> None:
    arrays = [_facts(2_000, seed=s) for s in (51, 52, 51, 52)]
    out: list[pl.DataFrame | None] = [None] * len(arrays)

    def run(i: int) -> None:
        out[i] = _evaluate(arrays[i])

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(arrays))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for f, got in zip(arrays, out, strict=True):
        assert got is not None and got.equals(_fresh(f))
    for tables in E.MEMO._tables.values():
        for table in tables.values():
            assert table[M.HASH].is_unique().all()
