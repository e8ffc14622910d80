"""One definition, two speeds (issue 3): the batch path answers exactly as the single path, row by row."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from kepil.coverage import columns as C
from kepil.coverage.batch import as_answer, decide_frame
from kepil.coverage.decision import decide
from kepil.coverage.files import decide_file
from kepil.coverage.synthetic import requests
from kepil.errors import InvalidInput
from test_coverage_boundaries import CASES as BOUNDARY_CASES
from test_coverage_migrants import CASES as MIGRANT_CASES
from test_coverage_rules import CASES as PROGRAM_CASES

_as_single = as_answer


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


def test_audit_cases_agree() -> None:
    """The audit cases (tests/audit_cases, three passes written from the acts) through both paths."""
    audit = Path(__file__).resolve().parent / "audit_cases"
    cases = [json.loads(p.read_text(encoding="utf-8"))["request"] for p in sorted(audit.glob("*.json"))]
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


def _public(shared_dir: Path) -> list[dict[str, Any]]:
    """The public cases' requests, each with its file's name as its `id` (amendment 2)."""
    public = shared_dir / "cases" / "coverage"
    return [{"id": p.stem, **json.loads(p.read_text())["request"]} for p in sorted(public.glob("*.json"))]


def _table_file(raws: list[dict[str, Any]], src: Path) -> None:
    frame = pl.DataFrame([{"id": r["id"], "date": r["date"], **_flat(r)} for r in raws])
    if src.suffix == ".csv":
        frame.with_columns(pl.col("person.policies").list.join(";")).write_csv(src)
    else:
        frame.write_parquet(src)


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet"])
def test_files_round_trip(tmp_path: Path, suffix: str, shared_dir: Path) -> None:
    """Each input format in, each output format out: the single path's answers, each with its `id`
    (amendment 2). A table holding a column that is not a field is refused whole (amendment 4), so the
    tables carry the cases without the misspelt field."""
    raws = _public(shared_dir)
    if suffix != ".jsonl":
        raws = [r for r in raws if "insurd" not in r["person"]]
    src = tmp_path / f"in{suffix}"
    if suffix == ".jsonl":
        src.write_text("".join(json.dumps(r) + "\n" for r in raws))
    else:
        _table_file(raws, src)
    single = [decide(r) for r in raws]
    for out_suffix in (".jsonl", ".parquet", ".csv"):
        dst = tmp_path / f"out{out_suffix}"
        n, errors = decide_file(src, dst)
        assert (n, errors) == (len(raws), sum("error" in a for a in single))
    answers = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    for got, want in zip(answers, single, strict=True):
        if "error" in got:
            assert got["error"].pop("row") == answers.index(got) + 1
        assert got == want
    assert pl.read_parquet(tmp_path / "out.parquet")["id"].to_list() == [r["id"] for r in raws]
    assert pl.read_csv(tmp_path / "out.csv")["id"].to_list() == [r["id"] for r in raws]


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_unknown_column_is_refused_or_carried(tmp_path: Path, suffix: str, shared_dir: Path) -> None:
    """Amendment 4: a column kepil does not know is an error listing it (with the field it resembles);
    asked to, kepil carries it to the output unchanged instead."""
    raws = _public(shared_dir)
    src = tmp_path / f"in{suffix}"
    _table_file(raws, src)
    with pytest.raises(InvalidInput) as e:
        decide_file(src, tmp_path / "out.jsonl")
    assert "person.insurd (→ person.insured?)" in e.value.message
    assert not (tmp_path / "out.jsonl").exists()
    decide_file(src, tmp_path / "out.csv", carry_unknown=True)
    out = pl.read_csv(tmp_path / "out.csv", infer_schema=False)
    assert out["person.insurd"].to_list() == [("true" if "insurd" in r["person"] else None) for r in raws]
    decide_file(src, tmp_path / "out.jsonl", carry_unknown=True)
    lines = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert lines[-1]["carried"] == {"person.insurd": True if suffix == ".parquet" else "true"}


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


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_errors_answered_set_based_agree(lang: str) -> None:
    """Issue 17: requests dated outside the Program's term (answered once per distinct date) and requests
    valid but for their diagnosis code (answered once per distinct code) get the single path's error object
    word for word, in each language, with their `id`; a row with a second defect besides the code is still
    answered by the single path, which names the field it finds first."""
    base = {
        "person": {"residency": "citizen", "birth_date": "1985-04-12", "sex": "male", "insured": True},
        "service": {"kind": "ambulance", "form": "emergency", "icd10": "I21.0"},
    }
    raws: list[dict[str, Any]] = []
    for i, (date, code, sex) in enumerate(
        [
            ("2025-12-31", "I21.0", "male"),  # the day before the Program's term: law_not_in_force
            ("2029-01-01", "I21.0", "male"),  # after it
            ("2025-12-31", "I21.0", "female"),
            ("2026-05-10", "Z99.99", "male"),  # not a WHO code: invalid_input on service.icd10
            ("2026-05-11", "Z99.99", "female"),
            ("2026-05-10", "K80-K87", "male"),  # a block, not a diagnosis
            ("2025-12-31", "Z99.99", "male"),  # bad code and out of term: the code is the error
            ("2026-05-10", "Z99.99", "robot"),  # bad code and bad sex: the single path's first error
            ("2026-01-01", "I21.0", "male"),  # the first day of the term: a decision
        ]
    ):
        raws.append(
            {
                "id": f"r{i}",
                "date": date,
                "person": {**base["person"], "sex": sex},
                "service": {**base["service"], "icd10": code},
            }
        )
    frame = pl.DataFrame([{"id": r["id"], "date": r["date"], **_flat(r)} for r in raws])
    out = decide_frame(C.typed(frame), raw_of_row=lambda i: raws[i], lang=lang)
    single = [decide(r, lang=lang) for r in raws]
    batch = [_as_single(r) for r in out.iter_rows(named=True)]
    assert [a.get("error", {}).get("code") for a in single][:4] == ["law_not_in_force"] * 3 + [
        "invalid_input"
    ]
    assert "error" not in single[-1]
    assert batch == single


def test_one_plan_per_kind_equals_winners_and_outcomes() -> None:
    """`engine.batch.evaluate` (one lazy plan per kind, run together) gives each row the rule, cover, funding
    and requirements of `winners` + `outcomes` (every rule's conditions on every row), in row order; a row
    without a kind of care is refused, not dropped."""
    from kepil.coverage.batch import facts, validate
    from kepil.coverage.rulebook import rulebook
    from kepil.engine.batch import evaluate, outcomes, winners
    from kepil.engine.rules import NoRuleApplies

    book = rulebook()
    v = validate(C.typed(requests(3000, seed=17)))
    f = facts(v.filter(pl.col("__valid")))
    expected = outcomes(book, f, winners(book, f))
    assert evaluate(book, f).equals(expected)
    with pytest.raises(NoRuleApplies):
        evaluate(
            book,
            f.with_columns(pl.when(pl.int_range(pl.len()) == 5).then(None).otherwise("kind").alias("kind")),
        )


def test_stacked_variants_equal_the_two_rounds(monkeypatch: pytest.MonkeyPatch) -> None:
    """The unknown-fact variants stacked under a kind's combinations in one plan (`_stacked`, an HTTP-sized
    batch) find the same `UNKNOWN` bits — `decision.unknown_facts` on columns — as the two rounds of a large
    chunk (`_variants`), and the same rule, cover, funding and requirements; some rows have bits."""
    from kepil.coverage.batch import _UNKNOWNS, facts, validate
    from kepil.coverage.rulebook import rulebook
    from kepil.engine import batch as engine_batch

    book = rulebook()
    v = validate(C.typed(requests(3000, seed=29)))
    f = facts(v.filter(pl.col("__valid")))
    stacked = engine_batch.evaluate(book, f, unknowns=_UNKNOWNS)
    monkeypatch.setattr(engine_batch, "STACKED_ROWS", 0)
    rounds = engine_batch.evaluate(book, f, unknowns=_UNKNOWNS)
    assert stacked.equals(rounds) and stacked.schema == rounds.schema
    assert stacked[engine_batch.UNKNOWN].n_unique() > 3


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_table_batches_reads_the_first_rows_alone_then_the_rest(tmp_path: Path, suffix: str) -> None:
    """`columns.table_batches(..., first=)`: the first batch is the file's first rows, then `rows` at a time;
    together every row once, in order."""
    from kepil.coverage.columns import table_batches

    frame = pl.DataFrame({"id": [f"r{i}" for i in range(23)], "date": ["2026-05-10"] * 23})
    src = tmp_path / f"in{suffix}"
    if suffix == ".csv":
        frame.write_csv(src)
    else:
        frame.write_parquet(src)
    _, batches = table_batches(src, 7, first=3)
    got = [b for b in batches if b.height]
    assert got[0]["id"].to_list() == ["r0", "r1", "r2"] and all(b.height <= 7 for b in got[1:])
    assert pl.concat(got)["id"].to_list() == frame["id"].to_list()


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_a_file_streamed_in_batches_answers_as_in_one(
    tmp_path: Path, suffix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 17: a CSV or Parquet file is read, decided and written `CHUNK` rows at a time (memory does not
    grow with the file). The answers, their order, and the row each error object names (counted over the
    whole file, not within its batch) are those of the file decided in one batch."""
    from kepil.coverage import files

    # a value the single path refuses (a sex that is none), on rows of several batches
    frame = requests(300, seed=17, invalid_share=0.1).with_columns(
        pl.when(pl.int_range(pl.len()) % 41 == 5).then(pl.lit("x")).alias("person.sex")
    )
    src = tmp_path / f"in{suffix}"
    if suffix == ".csv":
        frame.with_columns(pl.col("person.policies").list.join(";")).write_csv(src)
    else:
        frame.write_parquet(src)
    one = decide_file(src, tmp_path / "one.jsonl")
    monkeypatch.setattr(files, "CHUNK", 7)
    monkeypatch.setattr(files, "FIRST", 5)  # the first chunk read alone, smaller than the others
    many = decide_file(src, tmp_path / "many.jsonl")
    assert one == many and one[1] > 0
    lines = (tmp_path / "one.jsonl").read_text().splitlines()
    assert (tmp_path / "many.jsonl").read_text().splitlines() == lines
    rows = [json.loads(x)["error"]["row"] for x in lines if "error" in x]
    assert max(rows) > 7 and any(json.loads(lines[r - 1])["error"]["field"] == "person.sex" for r in rows)
    decide_file(src, tmp_path / "many.parquet")
    monkeypatch.setattr(files, "CHUNK", 250_000)
    monkeypatch.setattr(files, "FIRST", 25_000)
    decide_file(src, tmp_path / "one.parquet")
    assert pl.read_parquet(tmp_path / "many.parquet").equals(pl.read_parquet(tmp_path / "one.parquet"))
