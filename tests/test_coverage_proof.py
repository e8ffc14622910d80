"""The coverage rule book proven, not sampled (issue 13, part 4).

For every kind of care and every interval between days on which a rule, a reference list or a parameter
changes, over every combination of facts a request can produce (unknown included), exactly one base rule
and at most one exception per level apply — `program-2026-2028` ch. 2–3 and `migrant-care-rules` 3, 5, 9 as
the rule book models them. Small spaces are enumerated through `RuleBook.evaluate`, large ones solved with
Z3; a failure prints the smallest request that hits no rule or two.

The rest of the file checks the proof itself: that its space holds every request and only requests, that
Z3 and enumeration agree, that a planted gap or conflict is found, and that the single path and the batch
path agree on the space.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import random
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kepil.coverage import proof as P
from kepil.coverage.model import FIELDS
from kepil.coverage.request import parse_request
from kepil.coverage.rulebook import rulebook
from kepil.engine.expr import All, Any_, Const, DateBetween, Expr, In, IsTrue, Not
from kepil.engine.proof import (
    ENUMERATION_LIMIT,
    Component,
    Encoding,
    ProofError,
    Space,
    disagreements,
    prove,
    rule_exprs,
    walk,
)
from kepil.engine.rules import NoRuleApplies, Rule, RuleBook, RuleConflict
from kepil.errors import InvalidInput
from kepil.law.care import CARE_KINDS
from kepil.reference import disease_lists
from kepil.reference.icd10 import all_diagnoses

AGREEMENT_SAMPLE = 1_500  # points of each large space compared between the single and the batch path


@pytest.fixture(scope="module")
def proof() -> P.CoverageProof:
    return P.prove_book()


def test_the_rule_book_has_no_gap_and_no_conflict(proof: P.CoverageProof) -> None:
    """program-2026-2028 ch. 2–3, migrant-care-rules 3, 5, 9: exactly one base rule and at most one
    exception per level decide every request, on every day of 2026–2028, for every kind of care."""
    print("\n" + proof.report())
    if proof.findings():
        pytest.fail("counter-examples (the smallest requests):\n" + proof.counter_examples(), pytrace=False)


def test_every_rule_decides_some_request_and_every_paying_rule_covers_one(proof: P.CoverageProof) -> None:
    """A rule that never decides is shadowed by others; a paying rule that never covers has a condition that
    never holds where it decides: either is a rule that says nothing."""
    if proof.never_decide or proof.never_pay:
        pytest.fail(proof.counter_examples(), pytrace=False)


def test_every_outcome_is_well_defined() -> None:
    """A rule that pays nothing sets no conditions (its answer is `none` whatever they say); a paying rule
    names nothing as always missing (it would never cover); every rule cites a clause; every exception sits
    under a rule of the same kinds, so it is never chosen for a kind it does not name."""
    book = rulebook()
    for r in book.rules:
        assert r.basis, r.id
        if r.funding == "none":
            assert not r.conditions, r.id
        else:
            assert not r.missing, r.id
        if r.exception_of is not None:
            assert r.kinds <= book.by_id[r.exception_of].kinds, r.id


def test_the_proof_covers_every_kind_and_every_change_of_the_law(proof: P.CoverageProof) -> None:
    """Every kind of the contract is proven on every interval: 1 January 2027 (34, 50–51) and the changes
    of the parameters and reference lists start intervals; the intervals tile 2026-01-01..2028-12-31."""
    spans = sorted({r.space.interval for r in proof.results})
    assert spans[0][0] == dt.date(2026, 1, 1) and spans[-1][1] == dt.date(2028, 12, 31)
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert start == end + dt.timedelta(days=1)
    assert dt.date(2027, 1, 1) in {s for s, _ in spans}
    assert {(r.proof.kind, r.space.interval) for r in proof.results} == set(
        itertools.product(CARE_KINDS, spans)
    )
    methods = {r.proof.method for r in proof.results}
    assert methods == {"enumeration", "smt"}, methods


def test_the_space_reads_unknown_where_a_request_can_leave_it_unknown(proof: P.CoverageProof) -> None:
    """None is a value of every fact a request can leave unknown (life_threatening, the list facts, the
    diagnosis groups, form for the kinds without one) and of none that it cannot."""
    inpatient = next(r for r in proof.results if r.proof.kind == "inpatient").space.space
    for fact in ("life_threatening", "socially_significant", "dangerous_to_others", "infectious"):
        assert None in inpatient.domain(fact), fact
    for fact in ("cshi", "child", "referral", "form", "residency"):
        assert None not in inpatient.domain(fact), fact
    outpatient = next(r for r in proof.results if r.proof.kind == "outpatient_specialized").space.space
    for fact in ("trauma", "dermatovenereology", "obgyn"):
        assert set(outpatient.domain(fact)) == {True, False, None}, fact
    assert set(outpatient.domain("form")) == {"emergency", "urgent", "planned"}
    drugs = P.probe(dt.date(2026, 1, 1))
    kinds = drugs.components[drugs.component_of("kind") or 0].where("kind", "outpatient_drugs")
    assert None in kinds.domain("form")


# --- the proof finds what is there ----------------------------------------------------------------------


def _replaced(
    book: RuleBook, drop: frozenset[str] = frozenset(), whens: dict[str, Expr] | None = None
) -> RuleBook:
    whens = whens or {}
    rules = [r for r in book.rules if r.id not in drop and r.exception_of not in drop]
    return RuleBook(dataclasses.replace(r, when=whens[r.id]) if r.id in whens else r for r in rules)


def _raises(book: RuleBook, request: dict[str, Any], error: type[Exception]) -> bool:
    facts = P.facts_of_request(request)
    assert facts is not None, request
    try:
        book.evaluate(facts)
    except error:
        return True
    return False


def test_a_planted_gap_is_found_with_the_smallest_request() -> None:
    """Without the planned round-the-clock rules (56.3, 62; 33.3) a planned admission gets no rule: Z3 names
    the gap on every interval with the smallest request that falls into it."""
    book = _replaced(rulebook(), drop=frozenset({"inpatient.cshi_planned"}))
    found = P.prove_book(book, kinds=["inpatient"])
    assert {r.proof.method for r in found.results} == {"smt"}
    gaps = [(r, f) for r, f in found.findings() if f.problem == "gap"]
    assert len(gaps) == len(P.intervals(book)), found.counter_examples()
    for r, f in gaps:
        request = r.space.request(f.choice)
        assert request["service"] == {"kind": "inpatient", "form": "planned"}, request
        assert request["person"] == {
            "residency": "citizen",
            "birth_date": P.years_before(r.space.interval[0], 30).isoformat(),
        }
        assert _raises(book, request, NoRuleApplies)
    assert "no rule applies (inpatient)" in found.counter_examples()


@pytest.mark.parametrize("method", ["enumeration", "smt"])
def test_a_planted_conflict_is_found_at_the_level_where_it_is(method: str) -> None:
    """Two exceptions of one level (day hospital 29/31 for a planned socially significant case) and two
    base rules (blood 46 for everyone against the migrants' rule) are conflicts, each with its request."""
    book = _replaced(rulebook(), whens={"day_hospital.planned_only": Const(True), "blood.gvfmc": Const(True)})
    found = P.prove_book(book, method=method, kinds=["day_hospital", "blood"])
    pairs = {f.rules for _, f in found.findings() if f.problem == "conflict"}
    assert pairs == {
        ("day_hospital.gvfmc_socially_significant", "day_hospital.planned_only"),
        ("blood.gvfmc", "migrant.blood"),
    }, found.counter_examples()
    for r, f in found.findings():
        request = r.space.request(f.choice)
        assert _raises(book, request, RuleConflict), request
        if f.rules[0] == "blood.gvfmc":
            assert request["person"]["residency"] in ("temporary_resident", "asylum_seeker"), request
        else:
            assert f.facts["socially_significant"] is True and f.facts["form"] == "planned", request
    # The rules those conflicts shadow decide nothing (29 under 31; the migrants' blood rules).
    assert "day_hospital.cshi" in found.never_decide and "migrant.blood" in found.never_decide


def test_a_paying_rule_whose_condition_never_holds_is_named() -> None:
    """A paying rule that decides but can never cover (its requirement is never met) says nothing: the proof
    names it, and not as a rule that never decides."""
    rules = [
        dataclasses.replace(r, conditions=(("attachment", Const(False)),)) if r.id == "screening.gvfmc" else r
        for r in rulebook().rules
    ]
    found = P.prove_book(RuleBook(rules), kinds=["screening"])
    assert found.never_pay == ("screening.gvfmc",) and not found.never_decide and not found.findings()
    assert "rule screening.gvfmc pays but no request gets `covered`" in found.counter_examples()


def test_a_kind_without_rules_is_one_gap() -> None:
    """A kind of care the request accepts but no rule names is a gap, not a kind the proof skips."""
    book = RuleBook(r for r in rulebook().rules if "palliative" not in r.kinds)
    found = P.prove_book(book, kinds=["palliative"])
    assert {f.problem for _, f in found.findings()} == {"gap"}


def test_a_fact_the_requests_do_not_produce_stops_the_proof() -> None:
    """A rule reading a fact `facts_of` does not produce is an error naming it, not a fact left out."""
    extra = Rule(
        "palliative.test",
        frozenset({"palliative"}),
        rulebook().by_id["palliative.gvfmc"].basis,
        "gvfmc",
        rulebook().by_id["palliative.gvfmc"].text,
        when=IsTrue("hospice_bed"),
        exception_of="palliative.gvfmc",
    )
    with pytest.raises(ProofError, match="hospice_bed"):
        P.prove_book(RuleBook([*rulebook().rules, extra]), kinds=["palliative"])


# --- Z3 and enumeration agree ---------------------------------------------------------------------------


def test_z3_and_enumeration_agree_on_every_small_space(proof: P.CoverageProof) -> None:
    """On each space small enough to enumerate, Z3 finds the same (no) findings, and the same rules that
    decide and pay, as evaluating every point."""
    book = rulebook()
    small = [r for r in proof.results if r.proof.method == "enumeration"]
    assert len(small) >= 10
    for r in small:
        z = prove(book, r.proof.kind, r.space.space, "smt")
        assert (z.findings, z.decides, z.pays) == (r.proof.findings, r.proof.decides, r.proof.pays), (
            r.proof.kind
        )


def test_the_z3_translation_of_every_condition_is_its_eval(proof: P.CoverageProof) -> None:
    """Each leaf condition of a kind's rules, translated to Z3, holds for exactly the values of its fact for
    which Expr.eval holds; whole conditions (All, Any_, Not over leaves) agree with Expr.eval on a sample of
    points of every space of the last interval."""
    import z3

    book = rulebook()
    last = max(r.space.interval for r in proof.results)
    for r in (r for r in proof.results if r.space.interval == last):
        space = r.space.space
        enc = Encoding.of(space)
        exprs = [e for rule in book.tree(r.proof.kind) for e in rule_exprs(rule)]
        leaves = {n for e in exprs for n in walk(e) if not isinstance(n, All | Any_ | Not | Const)}
        for leaf in leaves:
            (name,) = leaf.facts()
            formula = enc.expr(leaf)
            for v in space.domain(name):
                at = [(enc.facts[name], z3.IntVal(enc.domains[name].index(v)))] if name in enc.facts else []
                got = z3.is_true(z3.simplify(z3.substitute(formula, *at)))
                assert got is leaf.eval({**space.fixed, name: v}), (leaf, v)
        formulas = [(e, enc.expr(e)) for e in exprs]
        for choice in space.sample(15, seed=7):
            point = space.point(choice)
            at = [(enc.facts[f], z3.IntVal(enc.domains[f].index(point[f]))) for f in enc.facts]
            for e, formula in formulas:
                assert z3.is_true(z3.simplify(z3.substitute(formula, *at))) is e.eval(point), (e, point)


def test_the_smallest_counter_example_is_the_cheapest_point() -> None:
    """Z3 minimises the request: among the points of a planted gap it returns one of least cost, which
    enumeration confirms."""
    book = _replaced(rulebook(), drop=frozenset({"dental.not_covered"}))
    space = P.kind_space(book, "dental", P.intervals(book)[0]).space
    z = prove(book, "dental", space, "smt")
    e = prove(book, "dental", space, "enumeration")
    assert [f.key() for f in z.findings] == [f.key() for f in e.findings] == [("gap", ())]
    assert z.findings[0].cost == e.findings[0].cost
    assert z.findings[0].facts["residency"] == "citizen" and z.findings[0].facts["kind"] == "dental"


# --- the space is exactly the requests ------------------------------------------------------------------


def _in_space(ks: P.KindSpace, facts: dict[str, Any]) -> bool:
    for k, v in ks.space.fixed.items():
        if facts[k] != v:
            return False
    return all(tuple(facts[f] for f in c.facts) in set(c.rows) for c in ks.space.components)


@pytest.fixture(scope="module")
def spaces(proof: P.CoverageProof) -> dict[tuple[str, dt.date], P.KindSpace]:
    return {(r.proof.kind, r.space.interval[0]): r.space for r in proof.results}


_CODES = (P.ABSENT, None, *all_diagnoses())


def _request(draw: Any, on: dt.date) -> dict[str, Any]:
    """A request with every probed field drawn (any birth date, any ICD-10 code, not only the probe's)."""
    values: dict[str, Any] = {}
    for f in P.fields(on):
        if f.path == "person.birth_date":
            values[f.path] = (on - dt.timedelta(days=draw(st.integers(0, 110 * 366)))).isoformat()
        elif f.path == "service.icd10":
            values[f.path] = _CODES[draw(st.integers(0, len(_CODES) - 1))]
        else:
            values[f.path] = draw(st.sampled_from(f.values))
    request = P.with_values({"date": on.isoformat()}, values)
    # A refused field is dropped (or, when required, set to its first value), as a caller would fix it.
    by_path = {f.path: f for f in P.fields(on)}
    for _ in range(len(by_path)):
        try:
            parse_request(request)
            break
        except InvalidInput as e:
            refused = by_path.get(e.field or "")
            if refused is None:
                break
            now = P.with_values(request, {refused.path: P.ABSENT})
            if now == request:
                now = P.with_values(request, {refused.path: refused.values[2]})
            request = now
    return request


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_request_lands_in_the_space(spaces: dict[tuple[str, dt.date], P.KindSpace], data: Any) -> None:
    """Whatever a valid request holds — all fields at once, any birth date or diagnosis — its facts are a
    point of its kind's space: the probe missed no value and no interaction of fields."""
    spans = sorted({ks.interval for ks in spaces.values()})
    span = data.draw(st.sampled_from(spans))
    on = data.draw(st.sampled_from([span[0], span[1], span[0] + (span[1] - span[0]) // 2]))
    request = _request(data.draw, on)
    facts = P.facts_of_request(request)
    assert facts is not None, request
    ks = spaces[facts["kind"], span[0]]
    facts = {**facts, "date": ks.space.fixed.get("date", facts["date"])}
    assert _in_space(ks, facts), request


def test_every_point_of_the_space_is_a_request(proof: P.CoverageProof) -> None:
    """Each point (every point of the small spaces, a sample of the large) is written as a request whose
    facts are that point: the space holds no combination a request cannot make."""
    for r in proof.results:
        space = r.space.space
        choices = list(space.choices()) if space.size <= ENUMERATION_LIMIT else space.sample(300, seed=3)
        for choice in choices:
            request = r.space.request(choice)
            facts = P.facts_of_request(request)
            assert facts is not None, request
            point = space.point(choice)
            assert {k: facts[k] for k in point} == point, request


def test_the_icd10_representatives_stand_for_every_code(proof: P.CoverageProof) -> None:
    """Every WHO ICD-10 code gives, on each interval, facts that one of the probe's representative codes
    gives: the diagnosis-derived facts (lists in force, diagnosis groups) hold no class the proof misses."""
    in_force = {
        tuple(v.in_force(start) for v in disease_lists.lists()): start for start, _ in P.intervals(rulebook())
    }
    for start in in_force.values():  # one day for each set of list versions in force
        pr = P.probe(start)
        at = pr.component_of("infectious")
        assert at is not None
        comp = pr.components[at]
        rows = set(comp.rows)
        base = pr.base
        for code in all_diagnoses():
            facts = P.facts_of_request(P.with_values(base, {"service.icd10": code}))
            assert facts is not None
            assert tuple(facts[f] for f in comp.facts) in rows, (start, code)


def test_the_facts_do_not_change_inside_an_interval() -> None:
    """Every field at every value gives the same facts (but the date) on the first and on the last day of
    each interval (ages counted back from each day): nothing the facts read changes inside one."""
    for start, end in P.intervals(rulebook()):
        bases = [P.probe(start).base, P.with_values(P.probe(start).base, {"date": end.isoformat()})]
        bases[1]["person"]["birth_date"] = P.years_before(end, 30).isoformat()
        for f, g in zip(P.fields(start), P.fields(end), strict=True):
            for a, b in zip(f.values, g.values, strict=True):
                first = P.facts_of_request(P.with_values(bases[0], {f.path: a}))
                last = P.facts_of_request(P.with_values(bases[1], {g.path: b}))
                if first is not None and last is not None:
                    first["date"] = last["date"]
                assert first == last, (start, end, f.path, a)


def test_every_field_of_the_request_is_probed() -> None:
    """The probe varies each field of the request's model but the day, the caller's id and the IIN (which
    only supplies a birth date and a sex, both probed directly); each probed value is one the request
    accepts somewhere, and the base request is valid."""
    on = dt.date(2026, 1, 1)
    probed = {f.path for f in P.fields(on)}
    assert probed == {f.path for f in FIELDS} - P.NOT_PROBED
    assert {"service.urgency_category", "service.rehabilitation_stage", "person.policies"} <= probed
    parse_request(P.probe(on).base)


# --- the single path and the batch path agree -----------------------------------------------------------


def test_the_single_and_the_batch_path_agree_on_the_space(proof: P.CoverageProof) -> None:
    """RuleBook.evaluate (Expr.eval) and engine.batch (Expr.polars) choose the same rule and give the same
    covered, funding and requires on every point of each small space and a sample of each large one."""
    book = rulebook()
    compared = 0
    for r in proof.results:
        space = r.space.space
        choices = (
            list(space.choices())
            if space.size <= ENUMERATION_LIMIT
            else space.sample(AGREEMENT_SAMPLE, seed=11)
        )
        n, bad = disagreements(book, r.proof.kind, space, choices, r.space.probe.domains())
        assert not bad, bad[:5]
        compared += n
    assert compared > 30_000


def test_every_condition_of_the_rule_book_is_the_same_on_both_paths(proof: P.CoverageProof) -> None:
    """The induction that extends the agreement to every point: each leaf condition of every rule gives the
    same value, never null, on the batch path as on the single path for every value its fact takes (None
    included, every day around a change of the law); All, Any_ and Not then combine equal non-null values
    the same way on both paths."""
    domains: dict[str, set[Any]] = {}
    for r in proof.results:
        for name, values in r.space.probe.domains().items():
            domains.setdefault(name, set()).update(values)
    days = {d + dt.timedelta(days=k) for d in P.change_dates(rulebook()) for k in (-1, 0)}
    domains["date"] = days | {dt.date(2028, 12, 31)}
    ordered: list[Any]
    leaves = {
        node
        for rule in rulebook().rules
        for e in rule_exprs(rule)
        for node in walk(e)
        if not isinstance(node, All | Any_ | Not)
    }
    assert {type(n) for n in leaves} >= {DateBetween, In, IsTrue}
    for leaf in leaves:
        for name in leaf.facts():
            ordered = sorted(domains[name], key=repr)
            frame = pl.DataFrame({name: ordered})
            got = frame.select(leaf.polars().alias("v"))["v"].to_list()
            assert got == [leaf.eval({name: v}) for v in ordered], leaf


def test_spaces_and_components_hold_what_they_say() -> None:
    """A component cut to some facts keeps each distinct row once, at its cheapest; a space's size is the
    product of its components' rows."""
    c = Component.of(("a", "b"), [(1, "x"), (1, "y"), (2, "x")], [3, 1, 2])
    cut = c.project({"a"})
    assert cut is not None and cut.rows == ((1,), (2,)) and cut.costs == (1, 2) and cut.origin == (1, 2)
    assert c.project({"z"}) is None
    space = Space({"kind": "k"}, (c, Component.of(("d",), [(True,), (False,), (None,)], [0, 1, 1])))
    assert space.size == 9 and len(list(space.choices())) == 9
    assert space.point((2, 2)) == {"kind": "k", "a": 2, "b": "x", "d": None} and space.cost((2, 2)) == 3
    assert space.domain("d") == (True, False, None)
    rng = random.Random(0)
    assert all(len(ch) == 2 for ch in space.sample(rng.randrange(1, 20)))
