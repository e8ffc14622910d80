"""JSON Lines batch files, streamed (issue 17): read a chunk at a time, each chunk's well-shaped lines decided
in columns and any other line by the single path — every line's answer the single path's, in order, its row
the line's (blank lines not counted), whatever the mix of lines and wherever the chunks' edges fall."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kepil.coverage.files as F
from kepil.coverage import columns as C
from kepil.coverage.decision import decide, parse_line
from kepil.coverage.synthetic import requests
from kepil.errors import InvalidInput

GOOD = {
    "id": "a-1",
    "date": "2027-01-01",
    "person": {"residency": "citizen", "birth_date": "1985-04-12", "insured": True},
    "service": {"kind": "ambulance", "form": "emergency"},
}
UNINSURED = {**GOOD, "id": 7, "person": {**GOOD["person"], "insured": False}}
MISSPELT = {**GOOD, "servise": {"kind": "phc"}}  # amendment 1: a field the request does not define
TEXT_BOOL = {**GOOD, "person": {**GOOD["person"], "insured": "yes"}}  # JSON text where a boolean is meant
HUGE = {**GOOD, "service": {**GOOD["service"], "urgency_category": 2**70}}

LINES: list[bytes] = [
    json.dumps(GOOD).encode(),
    json.dumps(UNINSURED, ensure_ascii=False).encode(),
    json.dumps(MISSPELT).encode(),
    json.dumps(TEXT_BOOL).encode(),
    json.dumps(HUGE).encode(),
    b"{not json",
    b"null",
    b"[1, 2]",
    json.dumps(GOOD).encode() + b"," + json.dumps(GOOD).encode(),  # two objects on one line
    json.dumps(GOOD).encode() + b" " + json.dumps(GOOD).encode(),
    b'{"date": "2027-01-01", "person": {"residency": "citizen", "birth_date": "\xff"}}',  # not UTF-8
    b"  " + json.dumps({**GOOD, "id": "\u049b\u0430\u0437"}, ensure_ascii=False).encode() + b"  \r",
]
NOT_UTF8_BYTE = bytes([0xFF])
BLANK = [b"", b"   ", b"\t", "\u00a0".encode(), "\u2003 ".encode()]  # skipped, not counted as rows


def _single(lines: list[bytes]) -> list[dict[str, Any]]:
    """What the single path answers each non-blank line, with its 1-based row (the contract's row errors)."""
    out = []
    for n, line in enumerate(lines):
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError as e:
            err: dict[str, Any] | None = {
                "code": "invalid_input",
                "message": f"is not UTF-8 text (byte {e.start + 1})",
                "field": f"line {n + 1}",
            }
            out.append({"error": {**err, "row": n + 1}})
            continue
        raw, err = parse_line(n + 1, text)
        answer = err if err is not None else decide(raw)
        if "error" in answer:
            answer = {**answer, "error": {**answer["error"], "row": n + 1}}
        out.append(answer)
    return out


def _run(tmp_path: Path, body: bytes, suffix: str = ".jsonl") -> list[dict[str, Any]]:
    src, dst = tmp_path / "in.jsonl", tmp_path / f"out{suffix}"
    src.write_bytes(body)
    F.decide_file(src, dst)
    return [json.loads(x) for x in dst.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(F, "JSONL_CHUNK", 3)
    monkeypatch.setattr(F, "FIRST", 2)


def test_every_kind_of_line_gets_the_single_paths_answer(tmp_path: Path, small_chunks: None) -> None:
    """Each line of the mix, in chunks of 2 then 3 lines, answers as the single path answers it."""
    got = _run(tmp_path, b"\n".join(LINES) + b"\n")
    assert got == _single(LINES)
    assert got[0]["funding"] == "gvfmc" and got[0]["id"] == "a-1"
    assert got[2]["error"]["field"] == "servise"  # named, not ignored
    assert got[3]["error"]["field"] == "person.insured"  # "yes" in JSON is text, not true
    assert got[8]["error"]["field"] == "line 9" and got[9]["error"]["field"] == "line 10"  # one row a line
    assert got[10]["error"]["field"] == "line 11" and "UTF-8" in got[10]["error"]["message"]


def test_a_line_that_is_not_utf8_is_its_rows_error(tmp_path: Path) -> None:
    """Before, one such byte anywhere stopped the whole file with a traceback."""
    got = _run(tmp_path, json.dumps(GOOD).encode() + b"\n" + LINES[10] + b"\n" + json.dumps(GOOD).encode())
    assert [a.get("funding") for a in got] == ["gvfmc", None, "gvfmc"]
    assert got[1]["error"] == {
        "code": "invalid_input",
        "message": f"is not UTF-8 text (byte {LINES[10].index(NOT_UTF8_BYTE) + 1})",
        "field": "line 2",
        "row": 2,
    }


def test_blank_lines_are_skipped_and_not_counted(tmp_path: Path) -> None:
    body = b"\n".join([BLANK[0], LINES[5], *BLANK[1:], LINES[0], b""])
    got = _run(tmp_path, body)
    assert len(got) == 2 and got[0]["error"]["row"] == 1 and got[1]["id"] == "a-1"


def test_only_blank_lines_is_no_requests(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(b"\n".join(BLANK) + b"\n")
    with pytest.raises(InvalidInput, match="holds no requests"):
        F.decide_file(src, tmp_path / "out.jsonl")
    assert not (tmp_path / "out.jsonl").exists()


@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_the_same_answers_in_every_output_format(tmp_path: Path, small_chunks: None, suffix: str) -> None:
    """The streamed reader's rows reach a Parquet or CSV output in order, one row per line."""
    import polars as pl

    src = tmp_path / "in.jsonl"
    src.write_bytes(b"\n".join(LINES))
    F.decide_file(src, tmp_path / f"out{suffix}")
    out = (
        pl.read_parquet(tmp_path / "out.parquet")
        if suffix == ".parquet"
        else pl.read_csv(tmp_path / "out.csv")
    )
    expected = _single(LINES)
    assert out.height == len(LINES)
    assert out["covered"].to_list() == [a.get("covered") for a in expected]


def test_a_clean_file_is_read_whole_in_columns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of well-shaped lines are read whole, not line by line (the single path is ~40 µs a line), and
    their invalid rows (a bad IIN, a date out of range, …) still get the single path's answers."""
    calls: list[int] = []
    monkeypatch.setattr(F, "_decoded", lambda line: calls.append(1))
    monkeypatch.setattr(F, "FIRST", 7)
    monkeypatch.setattr(F, "JSONL_CHUNK", 40)
    rows = requests(200, seed=3, invalid_share=0.3).to_dicts()
    lines = [json.dumps(C.raw_request(r)).encode() for r in rows]
    got = _run(tmp_path, b"\n".join(lines))
    assert not calls
    assert got == _single(lines)
    assert sum("error" in a for a in got) > 20


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    picks=st.lists(st.integers(0, len(LINES) + len(BLANK) - 1), min_size=1, max_size=14),
    chunk=st.integers(1, 5),
    first=st.integers(1, 5),
)
def test_any_mix_any_chunking_is_the_single_path(
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    picks: list[int],
    chunk: int,
    first: int,
) -> None:
    monkeypatch.setattr(F, "JSONL_CHUNK", chunk)
    monkeypatch.setattr(F, "FIRST", first)
    pool = LINES + BLANK
    lines = [pool[i] for i in picks]
    counted = [x for x in lines if x not in BLANK]
    tmp = tmp_path_factory.mktemp("mix")
    if not counted:
        src = tmp / "in.jsonl"
        src.write_bytes(b"\n".join(lines))
        with pytest.raises(InvalidInput):
            F.decide_file(src, tmp / "out.jsonl")
        return
    assert _run(tmp, b"\n".join(lines)) == _single(counted)
