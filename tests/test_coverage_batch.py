"""One definition, two speeds (issue 3): the batch path answers exactly as the single path, row by row."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from kepil.coverage import columns as C
from kepil.coverage.batch import decide_frame
from kepil.coverage.decision import decide
from kepil.coverage.files import decide_file
from kepil.coverage.synthetic import requests
from kepil.errors import InvalidInput
from test_coverage_boundaries import CASES as BOUNDARY_CASES
from test_coverage_migrants import CASES as MIGRANT_CASES
from test_coverage_rules import CASES as PROGRAM_CASES


def _as_single(row: dict[str, Any]) -> dict[str, Any]:
    """A batch output row in the single path's shape (absent keys instead of nulls)."""
    if row.get("error") is not None:
        return {"error": {k: v for k, v in row["error"].items() if v is not None}}
    return {k: v for k, v in row.items() if k not in (C.ROW, "error")}


def _both(raws: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    frame = pl.DataFrame([{"date": r.get("date"), **_flat(r)} for r in raws], infer_schema_length=None)
    out = decide_frame(C.typed(frame), raw_of_row=lambda i: raws[i])
    return [decide(r) for r in raws], [_as_single(r) for r in out.iter_rows(named=True)]


def _flat(raw: dict[str, Any]) -> dict[str, Any]:
    return {f"{top}.{k}": v for top in ("person", "service") for k, v in (raw.get(top) or {}).items()}


def test_every_tabled_case_agrees(shared_dir: Path) -> None:
    """Every clause-by-clause case of the rule tests, and the 16 public cases, through both paths."""
    cases = [c.request for c in (*PROGRAM_CASES, *MIGRANT_CASES, *BOUNDARY_CASES)]
    public = shared_dir / "cases" / "coverage"
    cases += [json.loads(p.read_text())["request"] for p in sorted(public.glob("*.json"))]
    single, batch = _both(cases)
    diffs = [(i, s, b) for i, (s, b) in enumerate(zip(single, batch, strict=True)) if s != b]
    assert not diffs, diffs[:3]


def test_generated_requests_agree() -> None:
    """4,000 varied requests (5 % invalid) give identical answers on both paths, errors included."""
    t = C.typed(requests(4000, seed=7, invalid_share=0.05))
    out = decide_frame(t)
    single = [decide(C.raw_request(r)) for r in t.iter_rows(named=True)]
    batch = [_as_single(r) for r in out.iter_rows(named=True)]
    assert sum("error" in a for a in single) > 100
    assert len({a.get("rule") for a in single}) > 60
    diffs = [(i, s, b) for i, (s, b) in enumerate(zip(single, batch, strict=True)) if s != b]
    assert not diffs, diffs[:3]


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet"])
def test_files_round_trip(tmp_path: Path, suffix: str, shared_dir: Path) -> None:
    """Each input format in, each output format out, answers in input order."""
    public = shared_dir / "cases" / "coverage"
    raws = [json.loads(p.read_text())["request"] for p in sorted(public.glob("*.json"))]
    src = tmp_path / f"in{suffix}"
    if suffix == ".jsonl":
        src.write_text("".join(json.dumps(r) + "\n" for r in raws))
    else:
        frame = pl.DataFrame([{"date": r["date"], **_flat(r)} for r in raws])
        if suffix == ".csv":
            frame = frame.with_columns(pl.col("person.policies").list.join(";"))
            frame.write_csv(src)
        else:
            frame.write_parquet(src)
    for out_suffix in (".jsonl", ".parquet", ".csv"):
        dst = tmp_path / f"out{out_suffix}"
        n, errors = decide_file(src, dst)
        assert (n, errors) == (16, 2)
    answers = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert [a.get("funding") for a in answers] == [decide(r).get("funding") for r in raws]
    assert pl.read_parquet(tmp_path / "out.parquet").height == 16


def test_malformed_lines_answer_in_place(tmp_path: Path) -> None:
    """A line that is not JSON gets its own error object; the other lines are decided (issue 3)."""
    good = {"date": "2026-05-10", "person": {"residency": "citizen", "birth_date": "1985-04-12"},
            "service": {"kind": "ambulance", "form": "emergency"}}  # fmt: skip
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(good) + "\n{not json\n" + json.dumps(good) + "\n")
    n, errors = decide_file(src, tmp_path / "out.jsonl")
    lines = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert (n, errors) == (3, 1)
    assert lines[1]["error"]["field"] == "line 2"
    assert lines[0]["funding"] == lines[2]["funding"] == "gvfmc"


def test_empty_input_is_refused(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text("\n")
    with pytest.raises(InvalidInput):
        decide_file(src, tmp_path / "out.jsonl")
    assert not (tmp_path / "out.jsonl").exists()


def test_unknown_output_format_writes_nothing(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"date": "2026-05-10"}\n')
    with pytest.raises(InvalidInput, match="--output"):
        decide_file(src, tmp_path / "out.xlsx")
