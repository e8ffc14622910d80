"""Every clause accounted for: each clause of `program-2026-2028` chapters 2–3 and of `migrant-care-rules`
2–5 and 9 is cited by a coverage rule's basis, or listed in `coverage_clause_map.yaml` with the reason it
decides nothing about who pays (docs/coverage.md).

The clauses are read from the seed texts (`kepil.law.texts`), not typed in: a paragraph and each sub-point
its text numbers ("33", "33.1" … "33.4"), so a clause left out of both cannot hide.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from kepil.coverage.rulebook import rulebook
from kepil.data import data_path, load_yaml
from kepil.engine.rules import RuleBook
from kepil.errors import InvalidInput
from kepil.law import texts
from kepil.reference import messages as M
from kepil.validation import EXPECTED_STRING, NOT_ONE_OF, fill, shown

MAP_FILE = ("program_2026_2028", "coverage_clause_map.yaml")
# The parts of the acts that speak of coverage: act -> chapters of its text (None: every paragraph the
# seeds hold, for an act known only through an amending order's new wordings), and paragraphs that must be
# there (the issue names them) even when the seeds do not hold their text.
SCOPE: dict[str, tuple[tuple[str, ...] | None, tuple[str, ...]]] = {
    "program-2026-2028": (("2", "3"), ()),
    "migrant-care-rules": (None, ("2", "3", "4", "5", "9")),
}
REASONS = {
    "definition": "defines a term, a kind or a form of care; names no payer",
    "heading": "introduces its sub-points, which are accounted for one by one",
    "organisation": "how, where, by whom or by when care is given",
    "purchasing": "how the Fund buys care and pays providers, not who receives it",
    "decided_by": "part of a kind of care whose rules decide who pays",
    "applied": "applied by rules or in the request's facts without being cited",
    "not_modelled": "would decide, but needs a fact or a list kepil does not have",
    "not_in_seed": "the seeds hold no text of it",
}


@dataclass(frozen=True, slots=True)
class Entry:
    act: str
    clause: str
    why: str
    note: str
    rules: tuple[str, ...]


def map_file() -> Path:
    return data_path(*MAP_FILE)


def clauses(act: str) -> list[str]:
    """The clauses of `act` within `SCOPE`, in the order of the text: each paragraph, then its sub-points."""
    chapters, _ = SCOPE[act]
    by_chapter = texts.chapter_paragraphs(act)
    paragraphs = [p for c, ps in by_chapter.items() if chapters is None or c in chapters for p in ps]
    out: list[str] = []
    for p in dict.fromkeys(paragraphs):
        out.append(p)
        out += [f"{p}.{s}" for s in texts.sub_points(act, p)]
    return out


@cache
def entries() -> tuple[Entry, ...]:
    """The map's entries; a malformed one is InvalidInput naming the file and the clause."""
    path = map_file()
    doc = load_yaml(path.read_text(encoding="utf-8"))
    if not isinstance(doc, dict):
        raise InvalidInput(path.name, M.EXPECTED_KEYS.format(keys=", ".join(SCOPE)))
    out: list[Entry] = []
    for act, clauses_ in doc.items():
        if act not in SCOPE:
            raise InvalidInput(
                f"{path.name}:{act}", fill(NOT_ONE_OF, value=shown(act), allowed=", ".join(SCOPE))
            )
        if not isinstance(clauses_, dict):
            raise InvalidInput(f"{path.name}:{act}", M.EXPECTED_OBJECT)
        for clause, body in clauses_.items():
            out.append(_entry(str(act), str(clause), body, f"{path.name}:{act}:{clause}"))
    return tuple(out)


def _entry(act: str, clause: str, body: Any, where: str) -> Entry:
    if not isinstance(body, dict):
        raise InvalidInput(where, M.EXPECTED_KEYS.format(keys="why, note, rules"))
    for key in body:
        if key not in ("why", "note", "rules"):
            raise InvalidInput(
                f"{where}.{key}", fill(M.UNKNOWN_KEY, key=shown(key), allowed="why, note, rules")
            )
    why, note, rules = body.get("why"), body.get("note"), body.get("rules", [])
    if why not in REASONS:
        raise InvalidInput(f"{where}.why", fill(NOT_ONE_OF, value=shown(why), allowed=", ".join(REASONS)))
    if not isinstance(note, str) or not note.strip():
        raise InvalidInput(f"{where}.note", fill(EXPECTED_STRING, value=shown(note)))
    if not isinstance(rules, list) or not all(isinstance(r, str) for r in rules):
        raise InvalidInput(f"{where}.rules", M.EXPECTED_RULE_IDS)
    if why == "decided_by" and not rules:
        raise InvalidInput(f"{where}.rules", M.DECIDED_BY_NEEDS_RULES)
    return Entry(act, clause, why, " ".join(note.split()), tuple(rules))


def cited(book: RuleBook) -> dict[tuple[str, str], list[str]]:
    """(act, clause) -> the rules citing it."""
    out: dict[tuple[str, str], list[str]] = {}
    for r in book.rules:
        for c in r.basis:
            out.setdefault((c.act, c.clause), []).append(r.id)
    return out


def problems(book: RuleBook | None = None, listed: Iterable[Entry] | None = None) -> list[str]:
    """Every clause neither cited nor listed, every listed clause that is cited (stale) or not in the text,
    and every listed rule that does not exist — each a sentence saying what to do."""
    book = book or rulebook()
    listed = tuple(entries() if listed is None else listed)
    where = "/".join(("src/kepil/data", *MAP_FILE))
    by = cited(book)
    known = {(e.act, e.clause): e for e in listed}
    out: list[str] = []
    text = {act: clauses(act) for act in SCOPE}
    for act, (_, required) in SCOPE.items():
        present = text[act]
        for clause in present:
            if (act, clause) not in by and (act, clause) not in known:
                out.append(
                    f"{act} {clause} is neither cited by a coverage rule nor listed in {where}: cite it in "
                    f"a rule's basis, or add under {act}: '\"{clause}\": {{why: …, note: …}}' with the "
                    "reason it decides nothing"
                )
        for clause in required:
            if clause not in present and (act, clause) not in known:
                out.append(f"{act} {clause} is not in the seeds: list it in {where} with why: not_in_seed")
    for (act, clause), e in known.items():
        present = text[act]
        if (act, clause) in by:
            out.append(
                f"{act} {clause} is cited by {', '.join(by[act, clause])}: delete its entry from {where}"
            )
        elif e.why == "not_in_seed":
            if clause in present:
                out.append(
                    f"{act} {clause} is in the seed text after all: give the reason it decides nothing"
                )
        elif clause not in present:
            out.append(f"{act} {clause} (in {where}) is no clause of the parts of the text the map covers")
        for rid in e.rules:
            if rid not in book.by_id:
                out.append(f"{act} {clause} names rule {rid}, which the coverage rule book does not hold")
    return out
