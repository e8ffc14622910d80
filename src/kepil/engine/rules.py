"""Rules as data: a base rule per situation, labelled exceptions beneath it, each citing its clauses.

A rule book is a forest per service kind. For a set of facts exactly one base rule of the kind must match
(none: `NoRuleApplies`; two: `RuleConflict`); below it, at most one exception at each level may match
(two: `RuleConflict`), and the deepest match decides. Both are errors that tests look for, never silent
defaults. The same book is evaluated on one request (here) and on columns (`kepil.engine.batch`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from kepil.engine.expr import ALWAYS, DateBetween, Expr, compiled
from kepil.errors import KepilError
from kepil.i18n import Text
from kepil.law.citation import Citation

FUNDINGS = ("gvfmc", "cshi", "omi", "vhi", "none")
# Canonical order of `requires` in every answer.
REQUIREMENTS = ("referral", "attachment", "insurance", "policy")


class NoRuleApplies(KepilError):
    """A gap in the rule book: no base rule matched the facts."""


class RuleConflict(KepilError):
    """Two rules of one level matched the same facts."""


@dataclass(frozen=True, slots=True)
class Rule:
    """One unit of law: where it applies, which package pays, on which conditions, under which clauses.

    `conditions` are (requirement, condition) pairs: when a condition fails the care is not covered and
    the requirement is named in `requires` (on a rule whose package is `none` they name what would be
    missing besides). `missing` lists requirements named whenever this rule decides (for rules whose
    package is `none`). `needs` is what the care must be for this rule's package to pay it at all — e.g.
    the diagnosis on the list the act points to: covered = package ≠ none, every condition met, and
    `needs` holds. A fact `needs` reads may be unknown (None): the rule then decides "not covered" with
    `requires` naming only what is certainly missing, and the unknown fact is named by the decision
    (`kepil.coverage.decision.unknown_facts`); a known failure is decided by an exception that says so.
    `reading` records how an ambiguous text was read.
    """

    id: str
    kinds: frozenset[str]
    basis: tuple[Citation, ...]
    funding: str
    text: Text
    when: Expr = ALWAYS
    conditions: tuple[tuple[str, Expr], ...] = ()
    missing: tuple[str, ...] = ()
    needs: Expr = ALWAYS
    exception_of: str | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    reading: str | None = None
    scope: Expr = field(init=False, repr=False, compare=False)
    _match: Callable[[Mapping[str, Any]], bool] = field(init=False, repr=False, compare=False)
    _checks: tuple[tuple[str, Callable[[Mapping[str, Any]], bool]], ...] | None = field(
        init=False, repr=False, compare=False
    )
    _needs: Callable[[Mapping[str, Any]], bool] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.funding not in FUNDINGS:
            raise ValueError(f"rule {self.id}: unknown funding {self.funding!r}")
        if not self.basis:
            raise ValueError(f"rule {self.id}: a rule without a clause")
        for req in (*(r for r, _ in self.conditions), *self.missing):
            if req not in REQUIREMENTS:
                raise ValueError(f"rule {self.id}: unknown requirement {req!r}")
        if self.funding == "none" and self.needs != ALWAYS:
            raise ValueError(f"rule {self.id}: a rule that pays nothing needs nothing")
        dated = DateBetween("date", self.valid_from, self.valid_to)
        object.__setattr__(self, "scope", dated & self.when)
        # The same conditions compiled once (`kepil.engine.expr.compiled`): the single path's speed. Compiled
        # on a rule's first use, not on construction: a single decision (a CLI start-up) reads a handful of
        # the ~200 rules, and compiling them all cost it 30-40 ms (issue 17).
        object.__setattr__(self, "_match", self._compile_match)
        object.__setattr__(self, "_checks", None)
        object.__setattr__(self, "_needs", None)

    def _compile_match(self, facts: Mapping[str, Any]) -> bool:
        match = compiled(self.scope)
        object.__setattr__(self, "_match", match)
        return match(facts)

    def _compile_outcome(self) -> tuple[tuple[str, Callable[[Mapping[str, Any]], bool]], ...]:
        checks = tuple((req, compiled(c)) for req, c in self.conditions)
        object.__setattr__(self, "_needs", None if self.needs == ALWAYS else compiled(self.needs))
        object.__setattr__(self, "_checks", checks)
        return checks

    def matches(self, facts: Mapping[str, Any]) -> bool:
        return self._match(facts)

    def outcome(self, facts: Mapping[str, Any]) -> Outcome:
        checks = self._checks if self._checks is not None else self._compile_outcome()
        unmet = {req for req, check in checks if not check(facts)} | set(self.missing)
        requires = tuple(r for r in REQUIREMENTS if r in unmet)
        covered = self.funding != "none" and not requires and (self._needs is None or self._needs(facts))
        return Outcome(covered, self.funding if covered else "none", requires)


@dataclass(frozen=True, slots=True)
class Outcome:
    covered: bool
    funding: str
    requires: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Step:
    """One rule tried: whether it matched and the facts it read (for `--explain`)."""

    rule: Rule
    matched: bool
    facts: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Evaluation:
    rule: Rule
    outcome: Outcome
    trace: tuple[Step, ...]


class RuleBook:
    """All rules, indexed by kind and by parent; validated on construction."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        self.rules: tuple[Rule, ...] = tuple(rules)
        self.by_id: dict[str, Rule] = {}
        for r in self.rules:
            if r.id in self.by_id:
                raise ValueError(f"duplicate rule id {r.id}")
            self.by_id[r.id] = r
        self.children: dict[str, list[Rule]] = {r.id: [] for r in self.rules}
        self.bases: dict[str, list[Rule]] = {}
        for r in self.rules:
            if r.exception_of is None:
                for k in r.kinds:
                    self.bases.setdefault(k, []).append(r)
                continue
            parent = self.by_id.get(r.exception_of)
            if parent is None:
                raise ValueError(f"rule {r.id}: exception of unknown rule {r.exception_of}")
            if not r.kinds <= parent.kinds:
                raise ValueError(f"rule {r.id}: its kinds are not within those of {parent.id}")
            self.children[parent.id].append(r)
        self.index = {r.id: i for i, r in enumerate(self.rules)}
        self._trees: dict[str, tuple[Rule, ...]] = {}
        self._matter: dict[tuple[str, str], frozenset[str]] = {}
        self._tree_facts: dict[str, frozenset[str]] = {}
        for kind, bases in self.bases.items():
            found: list[Rule] = []
            stack = list(bases)
            while stack:
                r = stack.pop()
                found.append(r)
                stack.extend(self.children[r.id])
            self._trees[kind] = tuple(found)
            read = {f for r in found for f in r.scope.facts()}
            read |= {f for r in found for _, c in r.conditions for f in c.facts()}
            read |= {f for r in found for f in r.needs.facts()}
            self._tree_facts[kind] = frozenset(read)

    def kinds(self) -> list[str]:
        return sorted(self.bases)

    def tree(self, kind: str) -> tuple[Rule, ...]:
        """Every rule of `kind`: its base rules and all their exceptions."""
        return self._trees.get(kind, ())

    def tree_facts(self, kind: str) -> frozenset[str]:
        """Every fact read by the rules of `kind` (used to find which unknowns matter)."""
        return self._tree_facts.get(kind, frozenset())

    def facts_that_matter(self, kind: str, winner: Rule) -> frozenset[str]:
        """The facts whose value can change the evaluation that chose `winner`: those read by the rules it
        tried — every base rule of the kind and every child of each rule on the winner's path (their scopes)
        — and by the winner's conditions and `needs`. A fact read only inside a subtree never entered cannot
        change the answer (the subtree's root does not read it, or it would be listed)."""
        key = (kind, winner.id)
        found = self._matter.get(key)
        if found is None:
            read = {f for r in self.bases.get(kind, []) for f in r.scope.facts()}
            node: Rule | None = winner
            while node is not None:
                read |= {f for kid in self.children[node.id] for f in kid.scope.facts()}
                node = self.by_id[node.exception_of] if node.exception_of else None
            read |= {f for _, c in winner.conditions for f in c.facts()} | set(winner.needs.facts())
            found = self._matter[key] = frozenset(read)
        return found

    def evaluate(self, facts: Mapping[str, Any], trace: bool = False) -> Evaluation:
        kind = facts["kind"]
        steps: list[Step] = []
        level = self.bases.get(kind, [])
        chosen = self._pick(level, facts, steps if trace else None, kind, base=True)
        assert chosen is not None
        while True:
            nxt = self._pick(self.children[chosen.id], facts, steps if trace else None, kind, base=False)
            if nxt is None:
                break
            chosen = nxt
        return Evaluation(chosen, chosen.outcome(facts), tuple(steps))

    def _pick(
        self, level: list[Rule], facts: Mapping[str, Any], steps: list[Step] | None, kind: str, base: bool
    ) -> Rule | None:
        matched: list[Rule] = []
        for r in level:
            ok = r.matches(facts)
            if steps is not None:
                steps.append(Step(r, ok, {f: facts[f] for f in sorted(r.scope.facts())}))
            if ok:
                matched.append(r)
        if len(matched) > 1:
            raise RuleConflict(
                f"rules {', '.join(r.id for r in matched)} all apply to the same facts ({kind})"
            )
        if not matched:
            if base:
                raise NoRuleApplies(f"no rule applies to these facts (service kind {kind})")
            return None
        return matched[0]
