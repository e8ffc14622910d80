"""The Kazakh text of a cited clause, from the vendored seeds (kepil.law.texts, data/acts_text/SOURCES.md)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from kepil.coverage.rulebook import rulebook
from kepil.data import data_path
from kepil.law.monitoring_rules.classifier import classifier
from kepil.law.parameters import parameters
from kepil.law.program_2026_2028.payment_methods import directions
from kepil.law.texts import SECTIONS, clause_text, clause_texts, normalise, paragraph_numbers

SEEDS = Path("/work/shared/seeds")


def test_program_79_4_is_the_gp_panel_sub_point() -> None:
    # program-2026-2028 79.4): "жалпы практика дәрігерінің бір лауазымына ... 1700 - 2000 адамынан аспайды"
    found = clause_text("program-2026-2028", "79.4")
    assert found is not None and found.exact and found.found == "79.4"
    assert found.text.startswith("4) жалпы практика дәрігерінің бір лауазымына шаққанда")
    assert "1700 - 2000 адамынан аспайды" in found.text
    assert "5) тиісті контингентті" not in found.text  # ends where sub-point 5) begins


def test_a_paragraph_runs_to_the_next_and_keeps_its_sub_points_on_lines() -> None:
    # program-2026-2028 33: the four cases of inpatient care; 34 (from 1 January 2027) starts a new one.
    found = clause_text("program-2026-2028", "33")
    assert found is not None and found.text.startswith("33. Стационарлық жағдайларда")
    assert "\n4) міндетті әлеуметтік медициналық сақтандыру" in found.text
    assert "2027 жылғы 1 қаңтардан" not in found.text
    p34 = clause_text("program-2026-2028", "34")
    assert p34 is not None and p34.text.startswith("34. 2027 жылғы 1 қаңтардан бастап")


def test_a_paragraph_whose_dot_the_seed_lost_is_found() -> None:
    # The seed writes "8  МСАК шұғыл ..." and "29  Стационарды ..." without the dot.
    assert paragraph_numbers("program-2026-2028") == [str(n) for n in range(1, 82)]
    p8 = clause_text("program-2026-2028", "8")
    assert p8 is not None and "МСАК шұғыл, кезек күттірмейтін және жоспарлы нысанда" in p8.text


def test_amended_in_paragraphs_of_an_amending_order() -> None:
    # monitoring-rules 53-1 (added by order No. 19): refunds within six months.
    found = clause_text("monitoring-rules", "53-1")
    assert found is not None and found.exact
    assert "6 (алты) айдан кешіктірілмейтін мерзімде" in found.text
    assert paragraph_numbers("monitoring-rules") == ["2", "10", "13", "21", "26", "53", "53-1", "53-2"]
    # The order's own items (2. the department ..., 4. entry into force) are not the act's paragraphs.
    assert "қолданысқа енгізіледі" not in clause_texts("monitoring-rules", "53-2")[0].text


def test_one_seed_three_acts_each_its_own_item() -> None:
    # Order No. 141: item 1 migrant-care-rules, item 2 phc-attachment-rules, item 3 phc-rules.
    ground = clause_text("phc-attachment-rules", "10.1")
    assert (
        ground is not None and ground.exact and ground.text.startswith("1) бір әкімшілік-аумақтық бірліктің")
    )
    assert clause_text("phc-attachment-rules", "3-1") is not None
    assert clause_text("migrant-care-rules", "3-1") is None
    assert paragraph_numbers("phc-rules") == ["2", "3"]
    assert clause_text("phc-rules", "3.2") is not None


def test_a_number_twice_in_an_act_gives_both_places() -> None:
    # drug-rules: the order amends the provision rules and the need methodology, both with a paragraph 22.
    both = clause_texts("drug-rules", "22")
    assert len(both) == 2 and both[0].line < both[1].line
    assert "есірткі құралдары" in both[1].text


def test_a_sub_point_not_in_the_text_falls_back_to_its_paragraph() -> None:
    found = clause_text("program-2026-2028", "26.9")
    assert found is not None and not found.exact and found.found == "26"
    assert found.text.startswith("26. ")


@pytest.mark.parametrize("clause", ["app1", "app.1", "app1.11"])
def test_appendices_by_their_heading(clause: str) -> None:
    found = clause_text("program-2026-2028", clause)
    assert found is not None and found.found == "app1"
    assert "1-қосымша" in found.text and "тәулік бойы стационардың шекті көлемі" in found.text
    assert found.exact == (clause != "app1.11")  # a row: the appendix's heading, said to be inexact


@pytest.mark.parametrize(
    ("act", "clause"),
    [("program-2026-2028", "82"), ("program-2026-2028", "app3"), ("nope", "1"), ("monitoring-rules", "1"),
     ("program-2026-2028", "x.1"), ("program-2026-2028", "")],
)  # fmt: skip
def test_unknown_clauses_are_none(act: str, clause: str) -> None:
    assert clause_texts(act, clause) == []


def test_normalise() -> None:
    assert normalise(" app.2 ") == "app2"
    assert normalise("79.4)") == "79.4"


def test_every_clause_kepil_cites_has_its_text() -> None:
    """The rules, parameters, classifier rows and payment directions all cite clauses the pages can show."""
    cited = {(c.act, c.clause) for r in rulebook().rules for c in r.basis}
    cited |= {(c.act, c.clause) for p in parameters(None) for c in p.citations}
    cited |= {(c.act, c.clause) for e in classifier().entries for c in e.citations}
    cited |= {(d.citation.act, d.citation.clause) for d in directions(include_unnumbered=True)}
    missing = sorted(ac for ac in cited if not clause_texts(*ac))
    assert missing == []
    # Every numbered clause (not an appendix row) is found exactly.
    inexact = sorted(ac for ac in cited if not ac[1].startswith("app") and not clause_texts(*ac)[0].exact)
    assert inexact == []


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared/seeds not on this machine")
def test_the_vendored_texts_are_the_seeds() -> None:
    files = {s.file for s in SECTIONS.values()}
    vendored = {hashlib.sha256(data_path("acts_text", f).read_bytes()).hexdigest() for f in files}
    seeds = {hashlib.sha256(p.read_bytes()).hexdigest() for p in SEEDS.glob("*.txt")}
    assert vendored == seeds
