"""Every clause accounted for (issue 13, part 4): each clause of `program-2026-2028` chapters 2–3 and of
`migrant-care-rules` 2–5 and 9 is cited by a coverage rule or listed in coverage_clause_map.yaml with the
reason it decides nothing about coverage."""

from __future__ import annotations

from collections import Counter

import pytest

from kepil.coverage import clause_map as C
from kepil.coverage.rulebook import rulebook
from kepil.engine.rules import RuleBook
from kepil.errors import InvalidInput


def test_every_clause_is_cited_by_a_rule_or_listed_with_its_reason() -> None:
    """program-2026-2028 3–71 and migrant-care-rules 2–5, 9: no clause is neither cited nor explained, none
    explained is cited after all, and every rule an explanation names exists."""
    found = C.problems()
    assert not found, "\n".join(found)
    listed = C.entries()
    cited = C.cited(rulebook())
    n = sum(len(C.clauses(act)) for act in C.SCOPE)
    reasons = Counter(e.why for e in listed)
    print(f"\n{n} clauses: {n - sum(reasons.values()) + reasons['not_in_seed']} cited, {dict(reasons)}")
    assert sum(1 for act in C.SCOPE for c in C.clauses(act) if (act, c) in cited) >= 50


def test_the_clauses_are_read_from_the_seed_text() -> None:
    """Chapters 2–3 of the Program run from paragraph 3 to 71, with the sub-points the text numbers (24.1,
    33.4, 55.16, 58.2 …); the migrants' rules hold paragraphs 2, 3, 5 and 9 (order No. 141, item 1)."""
    program = C.clauses("program-2026-2028")
    assert program[0] == "3" and program[-1] == "71"
    assert {"24.1", "33.4", "55.16", "58.2", "59.6", "63.5"} <= set(program)
    assert not {"2", "72", "33.5", "62.1"} & set(program)
    assert sum("." not in c for c in program) == 69
    migrants = C.clauses("migrant-care-rules")
    assert [c for c in migrants if "." not in c] == ["2", "3", "5", "9"]
    assert {f"2.{i}" for i in range(1, 9)} | {f"3.{i}" for i in range(1, 7)} <= set(migrants)


def test_a_clause_without_a_reason_is_named() -> None:
    """Dropping a clause's entry fails with the clause's number and what to write."""
    listed = [e for e in C.entries() if (e.act, e.clause) != ("program-2026-2028", "57.3")]
    found = C.problems(listed=listed)
    assert len(found) == 1 and found[0].startswith("program-2026-2028 57.3 is neither cited"), found
    assert "coverage_clause_map.yaml" in found[0]


def test_a_clause_a_rule_no_longer_cites_is_named() -> None:
    """Without the blood rules (46) the clause is neither cited nor explained; without the rules an entry
    names, the entry is reported too."""
    book = RuleBook(r for r in rulebook().rules if "blood.gvfmc" not in (r.id, r.exception_of))
    found = C.problems(book)
    assert any(p.startswith("program-2026-2028 46 is neither cited") for p in found), found
    assert any("names rule blood.gvfmc" in p for p in found), found


def test_a_listed_clause_that_a_rule_cites_is_stale() -> None:
    """An entry for a clause a rule cites (33.4) is reported, naming the rules, to be deleted."""
    listed = [*C.entries(), C.Entry("program-2026-2028", "33.4", "definition", "x", ())]
    found = C.problems(listed=listed)
    assert len(found) == 1 and "33.4 is cited by " in found[0], found
    assert "inpatient.gvfmc_emergency_uninsured," in found[0], found
    assert "delete its entry" in found[0]


def test_a_listed_clause_the_text_does_not_have_is_reported() -> None:
    """An entry for a clause outside chapters 2–3 (72) or a sub-point the text does not number (62.1)."""
    listed = [
        *C.entries(),
        C.Entry("program-2026-2028", "72", "purchasing", "x", ()),
        C.Entry("program-2026-2028", "62.1", "definition", "x", ()),
    ]
    found = C.problems(listed=listed)
    assert len(found) == 2 and all("is no clause" in p for p in found), found


def test_a_clause_not_in_the_seeds_must_say_so() -> None:
    """migrant-care-rules 4 is named by the issue but not amended by order No. 141: it must be listed as not
    in the seeds; a clause the text holds cannot be."""
    listed = [e for e in C.entries() if (e.act, e.clause) != ("migrant-care-rules", "4")]
    assert C.problems(listed=listed) == [
        "migrant-care-rules 4 is not in the seeds: list it in src/kepil/data/program_2026_2028/"
        "coverage_clause_map.yaml with why: not_in_seed"
    ]
    wrong = [*C.entries(), C.Entry("migrant-care-rules", "2.1", "not_in_seed", "x", ())]
    assert any("in the seed text after all" in p for p in C.problems(listed=wrong))


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"why": "because", "note": "x"}, "why"),
        ({"why": "definition", "note": " "}, "note"),
        ({"why": "decided_by", "note": "x"}, "rules"),
        ({"why": "definition", "note": "x", "rules": "phc.gvfmc"}, "rules"),
        ({"why": "definition", "note": "x", "reason": "y"}, "57.reason"),
    ],
)
def test_a_malformed_entry_is_refused_naming_it(body: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidInput) as e:
        C._entry("program-2026-2028", "57", body, "coverage_clause_map.yaml:program-2026-2028:57")
    assert (e.value.field or "").endswith(field)
