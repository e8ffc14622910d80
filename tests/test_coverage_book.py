"""The rule book as a whole: every rule decides some request; every rule speaks kk, ru and en; the public
cases of shared/cases/coverage pass through `decide()`."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

from kepil.coverage.decision import decide
from kepil.coverage.rulebook import rulebook
from kepil.i18n import LANGS
from kepil.law.citation import ACT_IDS
from test_coverage_boundaries import CASES as BOUNDARY_CASES
from test_coverage_migrants import CASES as MIGRANT_CASES
from test_coverage_rules import CASES as PROGRAM_CASES

ALL_CASES = [*PROGRAM_CASES, *MIGRANT_CASES, *BOUNDARY_CASES]


@pytest.fixture(scope="module")
def winners() -> set[str]:
    return {decide(c.request)["rule"] for c in ALL_CASES}


def test_every_rule_wins_somewhere(winners: set[str]) -> None:
    """Each rule of the book (program-2026-2028 ch. 2–3, migrant-care-rules 3, 5, 9) decides at least one
    request of the tables: no rule is dead, and none is untested."""
    missing = [r.id for r in rulebook().rules if r.id not in winners]
    assert not missing, f"rules never chosen by a test request: {missing}"


def test_every_rule_cites_a_known_act() -> None:
    known = set(ACT_IDS)
    for r in rulebook().rules:
        assert r.basis, r.id
        for c in r.basis:
            assert c.act in known, (r.id, c)


@pytest.mark.parametrize("rule_id", [r.id for r in rulebook().rules])
def test_rule_text_in_three_languages(rule_id: str) -> None:
    """Explanations in kk, ru and en: each present, non-empty, and not a copy of another language."""
    text = rulebook().by_id[rule_id].text
    values = {lang: text[lang].strip() for lang in LANGS}
    assert set(values) == {"kk", "ru", "en"}
    assert all(values.values()), values
    assert len(set(values.values())) == 3, f"{rule_id}: two languages say it in the same words"
    assert any("\u0400" <= ch <= "\u04ff" for ch in values["kk"])  # Cyrillic
    assert any(ch in "әғқңөұүһі" for ch in values["kk"].lower()), f"{rule_id}: kk text without Kazakh letters"
    assert any("\u0400" <= ch <= "\u04ff" for ch in values["ru"])
    assert values["en"].isascii() or "ҚР" in values["en"], f"{rule_id}: en text not in English"


def test_answer_explanation_adds_missing_in_each_language() -> None:
    """The answer's explanation starts with the rule's words and names what is missing in each language."""
    out = decide({"date": "2026-06-01", "person": {"residency": "citizen", "birth_date": "1985-04-12"},
                  "service": {"kind": "day_hospital", "form": "planned", "icd10": "M17.1"}})  # fmt: skip
    text = rulebook().by_id[out["rule"]].text
    for lang in LANGS:
        assert out["explanation"][lang].startswith(text[lang])
    assert "МӘМС" in out["explanation"]["kk"] and "ОСМС" in out["explanation"]["ru"]
    assert "CSHI participation" in out["explanation"]["en"]


def _public_cases(shared_dir: Path) -> list[dict[str, Any]]:
    return [json.loads(p.read_text()) for p in sorted((shared_dir / "cases" / "coverage").glob("*.json"))]


def test_public_cases(shared_dir: Path) -> None:
    """The 16 examples of the contract (shared/cases/coverage) through the single path."""
    cases = _public_cases(shared_dir)
    assert len(cases) >= 16
    for case in cases:
        out, expect = decide(case["request"]), case["expect"]
        if "error" in expect:
            assert out["error"]["code"] == expect["error"], case["name"]
            if "field" in expect:
                assert out["error"]["field"] == expect["field"], case["name"]
            continue
        assert out["covered"] == expect["covered"], case["name"]
        assert out["funding"] == expect["funding"], case["name"]
        assert out["requires"] == expect["requires"], case["name"]
        cited = {(b["act"], b["clause"]) for b in out["basis"]}
        assert any(tuple(b) in cited for b in expect["basis_any"]), (case["name"], cited)


def test_docs_table_is_current() -> None:
    """docs/coverage.md carries the table that scripts/rules_table.py prints from the book today."""
    repo = Path(__file__).resolve().parent.parent
    spec = importlib.util.spec_from_file_location("rules_table", repo / "scripts" / "rules_table.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    doc = (repo / "docs" / "coverage.md").read_text()
    assert module.table() in doc, "re-run scripts/rules_table.py and paste its output into docs/coverage.md"
    assert module.readings() in doc
