"""What the HTTP batch keeps from one call to the next (issue 17) must never change an answer: each distinct
answer's bytes (`arrays._Texts`, per rule book), each code's list and group membership (`batch._Coded`, per
set of reference lists), `typed`'s expressions (per schema), the rule book's outcomes (`engine.memo`, tested
in tests/test_engine_memo.py); and the IIN's birth date read on numpy
(`claims.columns.iin_birth`) is the reference's on every day and on every malformed date."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

import orjson
import polars as pl
import pytest

from kepil.claims.columns import iin_birth
from kepil.coverage import arrays as A
from kepil.coverage import batch as B
from kepil.coverage import columns as C
from kepil.coverage.decision import decide
from kepil.coverage.rulebook import law_rulebook, using
from kepil.coverage.synthetic import requests
from kepil.engine.memo import MEMO
from kepil.engine.rules import RuleBook
from kepil.reference import disease_lists
from kepil.reference.icd10 import CodeRanges
from kepil.reference.iin import check_digit, make_iin, parse_iin


def _pool(n: int, seed: int, ids: bool) -> list[dict[str, Any]]:
    table = C.typed(requests(n, seed=seed, invalid_share=0.05))
    pool = [C.raw_request(r) for r in table.iter_rows(named=True)]
    if ids:
        for i, r in enumerate(pool):
            if i % 3:
                r["id"] = f"case-{seed}-{i}"
    return pool


def _fresh(body: bytes, lang: str = "en") -> bytes:
    """The answer with nothing kept from an earlier call."""
    A._WRITTEN.clear()
    B._KNOWN.clear()
    B._CODED.clear()
    MEMO.clear()
    return A.decide_json_array(body, lang=lang)


@pytest.mark.parametrize("ids", [False, True])
def test_answers_kept_from_earlier_calls_are_the_answers(ids: bool) -> None:
    first = orjson.dumps(_pool(400, seed=3, ids=ids))
    second = orjson.dumps(_pool(700, seed=4, ids=ids))  # keys the first did not have, and its own
    A._WRITTEN.clear()
    A.decide_json_array(first)
    kept = A._WRITTEN[0].keys.height
    got = A.decide_json_array(second, lang="kk")
    assert A._WRITTEN[0].keys.height > kept  # the second call wrote its new keys' answers
    assert got == _fresh(second, lang="kk")
    assert json.loads(got) == [decide(r, lang="kk") for r in orjson.loads(second)]
    again = A.decide_json_array(first)  # every key known: nothing written
    assert again == _fresh(first)


def test_answers_are_kept_per_rule_book() -> None:
    """Another book (a reform's, `using`) never reads the answers written with the law's."""
    body = orjson.dumps(_pool(300, seed=5, ids=True))
    law = _fresh(body)
    other = RuleBook(law_rulebook().rules)
    with using(other):
        assert A.decide_json_array(body) == law
        assert A._WRITTEN[0].book is other
    assert A.decide_json_array(body) == law
    assert A._WRITTEN[0].book is law_rulebook()


def test_code_memberships_are_kept_per_set_of_lists() -> None:
    """Facts read under replaced lists (a what-if) are those lists', whatever was kept before them."""
    pool = _pool(400, seed=6, ids=False)
    v = B.validate(C.typed(A._columns(orjson.dumps(pool)), C.JSON))
    B._CODED.clear()
    law = B.facts(v)
    by_id = {i: tuple(v for v in disease_lists.lists() if v.id == i) for i in disease_lists.list_ids()}
    everything = CodeRanges.parse("A00-Z99")
    by_id["socially_significant"] = tuple(
        dataclasses.replace(v, ranges=everything) for v in by_id["socially_significant"]
    )
    with disease_lists.replaced(by_id):
        replaced = B.facts(v)
        B._CODED.clear()
        assert replaced.equals(B.facts(v))
    assert not replaced["socially_significant"].equals(law["socially_significant"])
    assert B.facts(v).equals(law)


def test_typed_is_the_same_for_a_schema_seen_before() -> None:
    frame = pl.DataFrame({"date": ["2026-01-05", None], "person.insured": ["true", "no"], "x": [None, 1]})
    first = C.typed(frame, C.TABLE)
    assert C.typed(frame, C.TABLE).equals(first)
    C._typing.cache_clear()
    assert C.typed(frame, C.TABLE).equals(first)
    assert first[C.TYPE_ERROR].to_list() == [None, "x"]


def _with_check_digit(first11: str) -> str | None:
    digit = check_digit(first11)
    return None if digit is None else first11 + str(digit)


def test_iin_birth_is_the_reference_on_every_day() -> None:
    days = (
        dt.date(1800, 1, 1) + dt.timedelta(days=d)
        for d in range(0, (dt.date(2099, 12, 31) - dt.date(1800, 1, 1)).days + 1)
    )
    values = [make_iin(day, "female" if day.day % 2 else "male", day.toordinal() % 9000) for day in days]
    _agrees(values)


def test_iin_birth_is_the_reference_on_malformed_dates() -> None:
    """Months 00-13, days 00-32, every century digit (0, 7-9 have none), leap years and not."""
    values = [
        _with_check_digit(f"{yy:02d}{mm:02d}{dd:02d}{c}0042")
        for yy in (0, 4, 23, 96, 99)
        for mm in range(14)
        for dd in range(33)
        for c in range(10)
    ]
    _agrees([v for v in values if v is not None] + ["12345678901", None, "x" * 12])


def _agrees(values: list[str | None]) -> None:
    valid, days, born = iin_birth(pl.Series(values, dtype=pl.Utf8))
    epoch = dt.date(1970, 1, 1)
    for v, ok, d, b in zip(values, valid, days, born, strict=True):
        if v is None:
            assert ok and not b
            continue
        info = parse_iin(v)
        assert ok == info.valid, v
        expected = info.birth_date if info.valid else None
        assert (epoch + dt.timedelta(days=int(d)) if b else None) == expected, v
