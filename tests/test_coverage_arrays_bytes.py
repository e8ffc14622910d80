"""The HTTP batch's answer bytes (issue 17): `decide_json_array` builds the JSON array from the answers'
Arrow buffer instead of joining Python strings; its bytes must be exactly those of the join, on a varied
array (ids with quotes, backslashes and Kazakh letters or none, invalid rows of every kind, dates outside
the Program, codes that are not WHO codes), and each answer the single path's."""

from __future__ import annotations

import json
from typing import Any

import orjson
import polars as pl
import pytest

from kepil.coverage import columns as C
from kepil.coverage.arrays import _array, _columns, decide_json_array
from kepil.coverage.batch import decide_frame
from kepil.coverage.decision import decide
from kepil.coverage.files import to_jsonl
from kepil.coverage.synthetic import requests

IDS = ['a"b', "c\\d", "қазақ-1", "line\nbreak", "", "x" * 40, None]


def _varied() -> list[dict[str, Any]]:
    table = C.typed(requests(600, seed=17, invalid_share=0.05))
    pool = [C.raw_request(r) for r in table.iter_rows(named=True)]
    for i, r in enumerate(pool):
        if (given := IDS[i % len(IDS)]) is not None:
            r["id"] = f"{given}{i}"
        if i % 53 == 0:
            r["date"] = "2019-01-01"  # before the Program: law_not_in_force, set-based
        if i % 61 == 0:
            r["service"]["icd10"] = "Z99.99"  # not a WHO code: one answer per code
        if i % 67 == 0:
            r["person"]["birth_date"] = "12.04.1985"  # not YYYY-MM-DD: the single path names the field
    return pool


def _joined(frame: pl.DataFrame) -> bytes:
    """The rendering before issue 17's change: the answers as Python strings, joined."""
    return b"[" + ",".join(to_jsonl(frame).to_list()).encode() + b"]"


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_array_bytes_are_the_joined_answers(lang: str) -> None:
    pool = _varied()
    body = orjson.dumps(pool)
    table = _columns(body)
    assert table is not None  # the columnar path, not element by element
    frame = decide_frame(C.typed(table, C.JSON), raw_of_row=lambda i: pool[i], lang=lang)
    assert frame["error"].is_not_null().sum() > 20
    got = decide_json_array(body, lang=lang)
    assert got == _joined(frame)
    assert json.loads(got) == [decide(r, lang=lang) for r in pool]


def test_array_of_a_slice_and_of_one_answer() -> None:
    """A sliced series (an Arrow offset not 0) and a single answer read the right bytes."""
    answers = pl.Series(["{}", '{"a":"б"}', '{"b":[1,2]}', '{"c":null}'])
    assert _array(answers) == b'[{},{"a":"\xd0\xb1"},{"b":[1,2]},{"c":null}]'
    assert _array(answers.slice(1, 2)) == '[{"a":"б"},{"b":[1,2]}]'.encode()
    assert _array(pl.Series(['{"x":1}'])) == b'[{"x":1}]'
