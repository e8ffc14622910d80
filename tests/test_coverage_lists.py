"""List membership is a fact (coverage.md amendment 5; issue 13 part 2): a given fact wins; otherwise the
list kepil holds for the date decides — a partial reconstruction only for the codes it holds; otherwise the
fact is unknown, and no answer says "covered" on its strength: it names the fact, in words, in kk/ru/en."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from kepil.coverage import columns as C
from kepil.coverage.batch import as_answer, decide_frame
from kepil.coverage.decision import decide
from kepil.coverage.facts import GIVEN_LIST_FACTS, LIST_FACTS, UNKNOWABLE
from kepil.coverage.model import FIELD_BY_PATH
from kepil.errors import InvalidInput
from kepil.i18n import LANGS
from kepil.reference import disease_lists
from test_coverage_rules import CHILD, INSURED, req, svc

ON = dt.date(2026, 6, 1)


def test_partial_list_holds_or_does_not_know() -> None:
    """A partial reconstruction answers True for a code it holds and None — never False — for the rest."""
    assert disease_lists.membership("inpatient_round_the_clock", "K80.1", ON) is True
    assert disease_lists.membership("inpatient_round_the_clock", "M54.5", ON) is None
    assert disease_lists.membership("outpatient_drugs", "I10", ON) is True
    assert disease_lists.membership("outpatient_drugs", "M54.5", ON) is None


def test_complete_list_says_no() -> None:
    """The three complete lists answer False for a code they do not hold (29, 33.2, migrant-care-rules 5)."""
    assert disease_lists.membership("socially_significant", "M54.5", ON) is False
    assert disease_lists.membership("socially_significant", "C50.9", ON) is True


def test_a_list_kepil_holds_none_of_decides_nothing() -> None:
    """61 (order No. 106, appendix 3) and 34 (the authorised body's list): kepil holds no version."""
    assert disease_lists.membership("day_hospital", "K80.1", ON) is None
    assert disease_lists.membership("emergency_admission", "K35.8", ON) is None


def test_public_cases_rest_on_certain_entries() -> None:
    """Case 02 (K80.1, 62) and case 14 (C92.0, 53) are held by the reconstructions, each with a certainty."""
    for list_id, code in (("inpatient_round_the_clock", "K80.1"), ("treatment_abroad", "C92.0")):
        version = disease_lists.list_in_force(list_id, ON)
        assert version is not None and version.completeness == disease_lists.PARTIAL
        entries = [e for e in version.entries if e.icd10.contains(code)]
        assert entries and all(e.certainty in ("high", "medium") for e in entries), (list_id, code)


def test_every_list_fact_has_a_field_and_words() -> None:
    """Each list fact is a request field (one place: the model) with kk/ru/en words for the explanation."""
    for fact in GIVEN_LIST_FACTS:
        spec = FIELD_BY_PATH[f"service.{fact}"].spec
        assert spec.label is not None and all(spec.label[lang] for lang in LANGS), fact
        assert fact in LIST_FACTS and UNKNOWABLE[fact] == f"service.{fact}"
    for field in set(UNKNOWABLE.values()):
        assert FIELD_BY_PATH[field].spec.label is not None, field


def test_given_fact_wins_over_the_list() -> None:
    """62: K80.1 is on kepil's list, but the caller's false wins."""
    out = decide(req(**INSURED, service=svc("inpatient", "planned", icd10="K80.1", referral=True,
                                            on_inpatient_list=False)))  # fmt: skip
    assert (out["rule"], out["covered"]) == ("inpatient.planned_not_on_list", False)
    assert out["unknown"] == []


def test_unknown_list_is_not_covered_and_named_in_words() -> None:
    """61: an insured adult's day hospital without the list fact: not covered, nothing certainly missing,
    the fact named — by its field in `unknown` and by words in each language's explanation."""
    out = decide(req(**INSURED, service=svc("day_hospital", "planned", icd10="M17.1")))
    assert (out["covered"], out["funding"], out["requires"]) == (False, "none", [])
    assert out["unknown"] == ["service.on_day_hospital_list"]
    label = FIELD_BY_PATH["service.on_day_hospital_list"].spec.label
    assert label is not None
    for lang in LANGS:
        assert label[lang] in out["explanation"][lang]
        assert "service.on_day_hospital_list" not in out["explanation"][lang]


def test_unknown_list_keeps_what_is_certainly_missing() -> None:
    """Public case 07: uninsured, M17.1, no list fact — `requires` still says insurance (56.2, 61)."""
    out = decide(req(service=svc("day_hospital", "planned", icd10="M17.1")))
    assert (out["covered"], out["requires"]) == (False, ["insurance"])
    assert "service.on_day_hospital_list" in out["unknown"]


def test_emergency_list_is_a_second_ground_in_2027() -> None:
    """34: life-threatening OR on the authorised body's list; neither known → not covered, both named."""
    out = decide(req("2027-03-01", service=svc("inpatient", "emergency", icd10="K35.8")))
    assert out["covered"] is False and out["requires"] == ["insurance"]
    assert {"service.life_threatening", "service.on_emergency_admission_list"} <= set(out["unknown"])


def test_rehabilitation_without_stage_is_unknown_not_stages_2_3() -> None:
    """64: stages II–III only; the stage not given is not read as II–III — it is named."""
    out = decide(req(**INSURED, service=svc("rehabilitation", "planned", icd10="I63.9")))
    assert out["covered"] is False and "service.rehabilitation_stage" in out["unknown"]
    assert "the rehabilitation stage" in out["explanation"]["en"]


def test_dental_categories_are_certain_for_children_only_among_these() -> None:
    """58.4: a child is certainly in the categories of order ҚР ДСМ-106/2020; a disabled adult is unknown."""
    child = decide(req(birth_date=CHILD, service=svc("dental", "emergency")))
    assert child["covered"] and child["unknown"] == []
    adult = decide(req(state_paid_category="disabled", service=svc("dental", "emergency")))
    assert adult["covered"] is False and adult["unknown"] == ["person.on_dental_emergency_list"]


def _write_complete_inpatient_list(folder: Path) -> None:
    (folder / "inpatient.yaml").write_text(
        "id: inpatient_round_the_clock\n"
        "name: {kk: Тізбе, ru: Перечень, en: List}\n"
        "versions:\n"
        "  - source: the official text (a test's)\n"
        "    effective_from: 2020-12-14\n"
        "    effective_to: null\n"
        "    completeness: complete\n"
        "    certainty: official text\n"
        "    entries:\n"
        "      - name: {kk: Өт тас ауруы, ru: ЖКБ, en: Cholelithiasis}\n"
        "        icd10: K80\n"
        "        certainty: high\n",
        encoding="utf-8",
    )


def test_an_official_complete_list_through_the_reference_dir(tmp_path: Path, monkeypatch: Any) -> None:
    """KEPIL_REFERENCE_DIR: a complete list replaces the partial one; a code absent is then off the list,
    and both paths (single and batch) say so."""
    _write_complete_inpatient_list(tmp_path)
    monkeypatch.setenv("KEPIL_REFERENCE_DIR", str(tmp_path))
    raws = [
        req(**INSURED, service=svc("inpatient", "planned", icd10="M54.5", referral=True)),
        req(**INSURED, service=svc("inpatient", "planned", icd10="K80.1", referral=True)),
        req(**INSURED, service=svc("inpatient", "emergency", icd10="K85.9")),
    ]
    single = [decide(r) for r in raws]
    assert [a["rule"] for a in single] == [
        "inpatient.planned_not_on_list", "inpatient.cshi_planned", "inpatient.emergency_not_on_list",
    ]  # fmt: skip
    frame = pl.DataFrame([{"date": r["date"], **_flat(r)} for r in raws], infer_schema_length=None)
    batch = [as_answer(row) for row in decide_frame(C.typed(frame)).iter_rows(named=True)]
    assert batch == single


def _flat(raw: dict[str, Any]) -> dict[str, Any]:
    return {f"{top}.{k}": v for top in ("person", "service") for k, v in raw[top].items()}


def test_a_bad_completeness_is_refused_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    _write_complete_inpatient_list(tmp_path)
    (tmp_path / "inpatient.yaml").rename(path)
    path.write_text(path.read_text().replace("completeness: complete", "completeness: mostly"))
    with pytest.raises(InvalidInput) as e:
        disease_lists.load_file(path)
    assert "completeness" in e.value.field and "mostly" in e.value.message
