"""`kepil.engine.expr`: a condition's compiled form (the single path's speed) decides exactly as its tree —
over every shape of condition and every value a fact can take, None included (Hypothesis)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from kepil.coverage.rulebook import rulebook
from kepil.engine.expr import ALWAYS, All, Any_, Const, DateBetween, Expr, In, IsFalse, IsTrue, Not, compiled

NAMES = ("a", "b", "c")
CODES = ("x", "y", "z")
DAYS = [dt.date(2026, 12, 31), dt.date(2027, 1, 1), dt.date(2028, 2, 29)]

leaves = st.one_of(
    st.builds(Const, st.booleans()),
    st.builds(IsTrue, st.sampled_from(NAMES)),
    st.builds(IsFalse, st.sampled_from(NAMES)),
    st.builds(In, st.sampled_from(NAMES), st.frozensets(st.sampled_from(CODES), max_size=3)),
    st.builds(DateBetween, st.just("date"), st.sampled_from([None, *DAYS]), st.sampled_from([None, *DAYS])),
)
exprs: st.SearchStrategy[Expr] = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.builds(All, st.lists(inner, max_size=3).map(tuple)),
        st.builds(Any_, st.lists(inner, max_size=3).map(tuple)),
        st.builds(Not, inner),
    ),
    max_leaves=12,
)
facts = st.fixed_dictionaries(
    {
        **{n: st.sampled_from([True, False, None, "x", "y"]) for n in NAMES},
        "date": st.sampled_from([*DAYS, dt.date(2026, 1, 1)]),
    }
)


@settings(max_examples=300, deadline=None)
@given(exprs, facts)
def test_compiled_decides_as_eval(e: Expr, f: dict[str, Any]) -> None:
    assert compiled(e)(f) is e.eval(f)


def test_every_rule_compiles() -> None:
    """Each rule of the book compiles its scope, conditions and needs once, on first use (issue 17: not on
    construction, so a single decision compiles only the rules it reads)."""
    for r in rulebook().rules:
        compiled(r.scope)  # what the first `matches` stores
        checks = r._checks if r._checks is not None else r._compile_outcome()
        assert len(checks) == len(r.conditions)
        assert (r._needs is None) == (r.needs == ALWAYS)
        assert r._checks is checks  # kept: compiled once


def test_a_rule_compiles_its_scope_on_first_use() -> None:
    rule = dataclasses.replace(rulebook().rules[0])  # a fresh copy, nothing compiled yet
    assert rule._match == rule._compile_match and rule._checks is None
    rule.matches({"date": dt.date(2026, 5, 10)} | {f: None for f in rule.scope.facts() - {"date"}})
    assert rule._match != rule._compile_match


@settings(max_examples=300, deadline=None)
@given(exprs, facts, st.sampled_from(NAMES), st.sampled_from([True, False, "x", "y", "z"]))
def test_value_same_as_unknown_decides_as_unknown(e: Expr, f: dict[str, Any], name: str, value: Any) -> None:
    """The batch skips trying an unknown fact at a value `same_as_unknown` names (issue 17): the condition
    must then decide with that value exactly as with the fact unknown, whatever the other facts."""
    if e.same_as_unknown(name, value):
        assert e.eval(f | {name: value}) is e.eval(f | {name: None})


@settings(max_examples=300, deadline=None)
@given(exprs, st.dates(dt.date(2025, 12, 1), dt.date(2028, 4, 1)), facts)
def test_dates_between_breakpoints_decide_alike(e: Expr, day: dt.date, f: dict[str, Any]) -> None:
    """The batch decides each date as the first day of its interval between `breakpoints` (issue 17)."""
    cuts = e.breakpoints("date")
    assert cuts is not None  # every condition here reads the date by comparing it with fixed days
    first = max((c for c in cuts if c <= day), default=dt.date.min)
    assert e.eval(f | {"date": day}) is e.eval(f | {"date": first})
