"""A proof that a rule book decides every case exactly once — over every case, not a sample of them.

For one kind of care on one interval of dates (no rule, list or parameter changes inside it) the facts the
kind's rules read take finitely many values. A `Space` holds them as independent *components*: facts that
vary together (because one request field feeds several of them, or one field is valid only with another)
form one component, whose `rows` are the joint values that really occur. Over the whole space — every
combination of one row per component — `prove` shows, as `RuleBook.evaluate` decides, that:

- exactly one base rule applies (none: a *gap*; two: a *conflict*);
- below the rule chosen, at most one exception of each level applies (two: a *conflict*);
- no rule is chosen for a kind it does not name (a *foreign* rule);

and finds which rules can decide at all and which paying rules can cover. A small space is enumerated point
by point through `RuleBook.evaluate` itself; a large one goes to the Z3 SMT solver, to which `to_z3`
translates the conditions of `kepil.engine.expr`: each fact becomes an integer variable over the indices of
its values, each component a table of allowed rows. A counter-example is the cheapest point that breaks an
obligation (the components' `costs`, e.g. how many request fields it takes).

Z3 (the `z3-solver` package, a development dependency) is imported only when a proof needs it.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import random
import time
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import polars as pl

from kepil.engine.batch import outcomes, winners
from kepil.engine.expr import All, Any_, Const, DateBetween, Expr, In, IsFalse, IsTrue, Not
from kepil.engine.rules import REQUIREMENTS, NoRuleApplies, Rule, RuleBook, RuleConflict

if TYPE_CHECKING:
    import z3

ENUMERATION_LIMIT = 2_000
"""Spaces of at most this many points are enumerated through `RuleBook.evaluate`; larger ones go to Z3."""


class ProofError(Exception):
    """The proof cannot be set up (e.g. a rule reads a fact the space does not hold); not a finding."""


def walk(e: Expr) -> Iterator[Expr]:
    """Every node of a condition, itself first."""
    yield e
    if isinstance(e, All | Any_):
        for p in e.parts:
            yield from walk(p)
    elif isinstance(e, Not):
        yield from walk(e.part)


def rule_exprs(r: Rule) -> Iterator[Expr]:
    """The conditions of a rule: where it applies (`scope`, dates included) and its requirements."""
    yield r.scope
    for _, c in r.conditions:
        yield c


def date_changes(book: RuleBook, fact: str = "date") -> set[dt.date]:
    """The days on which a date condition of some rule changes value: each bound's first day and the day
    after each last day (`valid_from` / `valid_to` are `DateBetween` nodes of every rule's scope)."""
    out: set[dt.date] = set()
    for r in book.rules:
        for e in rule_exprs(r):
            for node in walk(e):
                if isinstance(node, DateBetween) and node.name == fact:
                    if node.start is not None:
                        out.add(node.start)
                    if node.end is not None:
                        out.add(node.end + dt.timedelta(days=1))
    return out


# --- the space -------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Component:
    """Facts that vary together: the joint values that occur (`rows`), each with the cost of its cheapest
    realisation (`costs`) and its index in the component it was cut from (`origin`)."""

    facts: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    costs: tuple[int, ...]
    origin: tuple[int, ...]

    @classmethod
    def of(cls, facts: Sequence[str], rows: Sequence[tuple[Any, ...]], costs: Sequence[int]) -> Component:
        return cls(tuple(facts), tuple(rows), tuple(costs), tuple(range(len(rows))))

    def where(self, fact: str, value: Any) -> Component:
        """The rows in which `fact` has `value`."""
        i = self.facts.index(fact)
        keep = [j for j, row in enumerate(self.rows) if row[i] == value]
        return Component(
            self.facts,
            tuple(self.rows[j] for j in keep),
            tuple(self.costs[j] for j in keep),
            tuple(self.origin[j] for j in keep),
        )

    def project(self, keep: Collection[str]) -> Component | None:
        """The distinct rows over the facts in `keep` (each at its cheapest); None when it keeps none."""
        idx = [i for i, f in enumerate(self.facts) if f in keep]
        if not idx:
            return None
        best: dict[tuple[Any, ...], tuple[int, int]] = {}
        for row, cost, origin in zip(self.rows, self.costs, self.origin, strict=True):
            key = tuple(row[i] for i in idx)
            if key not in best or cost < best[key][0]:
                best[key] = (cost, origin)
        return Component(
            tuple(self.facts[i] for i in idx),
            tuple(best),
            tuple(c for c, _ in best.values()),
            tuple(o for _, o in best.values()),
        )

    def domain(self, fact: str) -> tuple[Any, ...]:
        """The values `fact` takes, in order of first appearance."""
        i = self.facts.index(fact)
        return tuple(dict.fromkeys(row[i] for row in self.rows))


@dataclass(frozen=True, slots=True)
class Space:
    """Every point: the `fixed` facts plus one row of each component."""

    fixed: Mapping[str, Any]
    components: tuple[Component, ...]

    @property
    def size(self) -> int:
        return math.prod(len(c.rows) for c in self.components)

    def facts(self) -> frozenset[str]:
        return frozenset(self.fixed) | {f for c in self.components for f in c.facts}

    def point(self, choice: Sequence[int]) -> dict[str, Any]:
        out = dict(self.fixed)
        for c, i in zip(self.components, choice, strict=True):
            out.update(zip(c.facts, c.rows[i], strict=True))
        return out

    def cost(self, choice: Sequence[int]) -> int:
        return sum(c.costs[i] for c, i in zip(self.components, choice, strict=True))

    def choices(self) -> Iterator[tuple[int, ...]]:
        return itertools.product(*(range(len(c.rows)) for c in self.components))

    def sample(self, n: int, seed: int = 0) -> list[tuple[int, ...]]:
        """`n` points drawn uniformly (with repetition), the same for the same seed."""
        rng = random.Random(seed)
        return [tuple(rng.randrange(len(c.rows)) for c in self.components) for _ in range(n)]

    def domain(self, fact: str) -> tuple[Any, ...]:
        if fact in self.fixed:
            return (self.fixed[fact],)
        for c in self.components:
            if fact in c.facts:
                return c.domain(fact)
        raise ProofError(f"the space holds no fact {fact!r}")


# --- findings and the proof of one kind ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Finding:
    """A point where the rule book does not decide exactly once: `gap` (no base rule), `conflict` (`rules`
    both apply at one level) or `foreign` (`rules[0]` is chosen for a kind it does not name)."""

    problem: str
    kind: str
    rules: tuple[str, ...]
    choice: tuple[int, ...]
    facts: dict[str, Any]
    cost: int

    def key(self) -> tuple[str, tuple[str, ...]]:
        return (self.problem, self.rules)

    def describe(self) -> str:
        if self.problem == "gap":
            return f"no rule applies ({self.kind})"
        if self.problem == "conflict":
            return f"rules {' and '.join(self.rules)} both apply ({self.kind})"
        return f"rule {self.rules[0]}, which is not for {self.kind}, is chosen for it"


@dataclass(frozen=True, slots=True)
class KindProof:
    """The proof for one kind on one space: its method, size and findings, and what the rules can do."""

    kind: str
    method: str  # "enumeration" or "smt"
    size: int
    facts: tuple[str, ...]  # the facts the kind's rules read
    findings: tuple[Finding, ...]
    decides: frozenset[str]  # rules that are the deepest match somewhere
    pays: frozenset[str]  # rules whose answer is `covered` somewhere
    work: int  # points evaluated, or solver checks
    seconds: float


def _conflict_pairs(matched: Sequence[Rule]) -> list[tuple[str, ...]]:
    return [tuple(sorted((a.id, b.id))) for a, b in itertools.combinations(matched, 2)]


def _diagnose(book: RuleBook, kind: str, facts: Mapping[str, Any]) -> list[tuple[str, tuple[str, ...]]]:
    """What `RuleBook.evaluate` stumbled on at this point, as (problem, rules) — the same walk it makes."""
    matched = [r for r in book.bases.get(kind, []) if r.matches(facts)]
    if not matched:
        return [("gap", ())]
    while len(matched) == 1:
        matched = [r for r in book.children[matched[0].id] if r.matches(facts)]
        if not matched:
            return []
    return [("conflict", pair) for pair in _conflict_pairs(matched)]


def _keep(found: dict[tuple[str, tuple[str, ...]], Finding], f: Finding) -> None:
    old = found.get(f.key())
    if old is None or f.cost < old.cost:
        found[f.key()] = f


def _proof(
    book: RuleBook,
    kind: str,
    method: str,
    space: Space,
    found: Mapping[tuple[str, tuple[str, ...]], Finding],
    decides: set[str],
    pays: set[str],
    work: int,
    start: float,
) -> KindProof:
    return KindProof(
        kind,
        method,
        space.size,
        tuple(sorted(book.tree_facts(kind))),
        tuple(sorted(found.values(), key=lambda f: f.key())),
        frozenset(decides),
        frozenset(pays),
        work,
        time.perf_counter() - start,
    )


def enumerate_kind(book: RuleBook, kind: str, space: Space) -> KindProof:
    """The proof by evaluating every point of `space` through `RuleBook.evaluate`."""
    start = time.perf_counter()
    found: dict[tuple[str, tuple[str, ...]], Finding] = {}
    decides: set[str] = set()
    pays: set[str] = set()
    n = 0
    for choice in space.choices():
        facts = space.point(choice)
        n += 1
        try:
            ev = book.evaluate(facts)
        except (NoRuleApplies, RuleConflict):
            for problem, rules in _diagnose(book, kind, facts):
                _keep(found, Finding(problem, kind, rules, choice, facts, space.cost(choice)))
            continue
        decides.add(ev.rule.id)
        if ev.outcome.covered:
            pays.add(ev.rule.id)
        if kind not in ev.rule.kinds:  # kinds narrow down the tree: a foreign ancestor makes it foreign
            _keep(found, Finding("foreign", kind, (ev.rule.id,), choice, facts, space.cost(choice)))
    return _proof(book, kind, "enumeration", space, found, decides, pays, n, start)


# --- Z3 --------------------------------------------------------------------------------------------------


@dataclass
class Encoding:
    """A space as Z3 constraints: an integer per fact (the index of its value in `domains`) and per
    component (the index of its row); `cost` is the cost of the chosen rows."""

    space: Space
    facts: dict[str, z3.ArithRef] = field(default_factory=dict)
    domains: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    rows: list[z3.ArithRef] = field(default_factory=list)
    constraints: list[z3.BoolRef] = field(default_factory=list)
    cost: z3.ArithRef | None = None

    @classmethod
    def of(cls, space: Space) -> Encoding:
        import z3

        enc = cls(space)
        costs = []
        for ci, comp in enumerate(space.components):
            row = z3.Int(f"__row{ci}")
            enc.rows.append(row)
            enc.constraints.append(z3.And(row >= 0, row < len(comp.rows)))
            for f in comp.facts:
                enc.facts[f] = z3.Int(f)
                enc.domains[f] = comp.domain(f)
            for i, values in enumerate(comp.rows):
                same = [
                    enc.facts[f] == enc.domains[f].index(v) for f, v in zip(comp.facts, values, strict=True)
                ]
                enc.constraints.append(z3.Implies(row == i, _and(same)))
            costs += [z3.If(row == i, c, 0) for i, c in enumerate(comp.costs) if c]
        enc.cost = z3.Sum(*costs) if costs else z3.IntVal(0)
        return enc

    def choice(self, model: z3.ModelRef) -> tuple[int, ...]:
        return tuple(model.eval(r, model_completion=True).as_long() for r in self.rows)

    def _values(self, name: str, test: Any) -> z3.BoolRef:
        """The fact's variable is one of the indices whose value passes `test`."""
        import z3

        if name in self.space.fixed:
            return z3.BoolVal(bool(test(self.space.fixed[name])))
        if name not in self.facts:
            raise ProofError(f"a rule reads the fact {name!r}, which the space does not hold")
        var = self.facts[name]
        return _or([var == i for i, v in enumerate(self.domains[name]) if test(v)])

    def expr(self, e: Expr) -> z3.BoolRef:
        """`e` as a Z3 formula over this space (Expr.eval's two-valued reading: unknown is in no set)."""
        import z3

        if isinstance(e, Const):
            return z3.BoolVal(e.value)
        if isinstance(e, All):
            return _and([self.expr(p) for p in e.parts])
        if isinstance(e, Any_):
            return _or([self.expr(p) for p in e.parts])
        if isinstance(e, Not):
            return z3.Not(self.expr(e.part))
        if isinstance(e, IsTrue):
            return self._values(e.name, lambda v: v is True)
        if isinstance(e, IsFalse):
            return self._values(e.name, lambda v: v is False)
        if isinstance(e, In):
            return self._values(e.name, lambda v: v in e.values)
        if isinstance(e, DateBetween):
            return self._values(e.name, lambda v: e.eval({e.name: v}))
        names = e.facts()
        if len(names) != 1:  # any other leaf reads one fact of a finite domain: tabulate it
            raise ProofError(f"cannot translate {type(e).__name__} reading {sorted(names)} to Z3")
        (name,) = names
        return self._values(name, lambda v: e.eval({**self.space.fixed, name: v}))


def _or(parts: Sequence[z3.BoolRef]) -> z3.BoolRef:
    import z3

    return z3.Or(*parts) if parts else z3.BoolVal(False)


def _and(parts: Sequence[z3.BoolRef]) -> z3.BoolRef:
    import z3

    return z3.And(*parts) if parts else z3.BoolVal(True)


def to_z3(e: Expr, space: Space) -> z3.BoolRef:
    """`e` as a Z3 formula over `space`'s variables (see `Encoding`)."""
    return Encoding.of(space).expr(e)


class _Solver:
    """A Z3 solver holding the space; finds (cheapest) points where a formula holds."""

    def __init__(self, enc: Encoding) -> None:
        import z3

        self.enc = enc
        self.s = z3.Solver()
        self.s.add(*enc.constraints)
        self.checks = 0

    def _check(self, *extra: z3.BoolRef) -> z3.ModelRef | None:
        import z3

        self.checks += 1
        self.s.push()
        self.s.add(*extra)
        try:
            return self.s.model() if self.s.check() == z3.sat else None
        finally:
            self.s.pop()

    def satisfiable(self, cond: z3.BoolRef) -> bool:
        return self._check(cond) is not None

    def cheapest(self, cond: z3.BoolRef) -> tuple[int, ...] | None:
        """A point where `cond` holds at the least cost, or None when it holds nowhere."""
        model = self._check(cond)
        if model is None:
            return None
        best = self.enc.choice(model)
        assert self.enc.cost is not None
        while (bound := self.enc.space.cost(best) - 1) >= 0:
            better = self._check(cond, self.enc.cost <= bound)
            if better is None:
                break
            best = self.enc.choice(better)
        return best


def solve_kind(book: RuleBook, kind: str, space: Space) -> KindProof:
    """The proof with Z3: every obligation is a satisfiability check over the whole space."""
    import z3

    start = time.perf_counter()
    enc = Encoding.of(space)
    solver = _Solver(enc)
    scope = {r.id: enc.expr(r.scope) for r in book.tree(kind)}
    found: dict[tuple[str, tuple[str, ...]], Finding] = {}

    def record(problem: str, rules: tuple[str, ...], cond: z3.BoolRef) -> None:
        choice = solver.cheapest(cond)
        if choice is not None:
            _keep(found, Finding(problem, kind, rules, choice, space.point(choice), space.cost(choice)))

    def level(rules: Sequence[Rule], arrive: z3.BoolRef) -> list[tuple[Rule, z3.BoolRef]]:
        """Conflicts among `rules` where evaluation arrives at them; then where each is chosen (it alone
        of its level applies), as `RuleBook.evaluate` chooses."""
        for a, b in itertools.combinations(rules, 2):
            record("conflict", tuple(sorted((a.id, b.id))), z3.And(arrive, scope[a.id], scope[b.id]))
        return [
            (r, z3.And(arrive, scope[r.id], z3.Not(_or([scope[o.id] for o in rules if o is not r]))))
            for r in rules
        ]

    bases = book.bases.get(kind, [])
    record("gap", (), z3.Not(_or([scope[r.id] for r in bases])))
    decides: set[str] = set()
    pays: set[str] = set()
    stack = level(bases, z3.BoolVal(True))
    while stack:
        r, chosen = stack.pop()
        kids = book.children[r.id]
        wins = z3.And(chosen, z3.Not(_or([scope[k.id] for k in kids])))
        if kind not in r.kinds:
            record("foreign", (r.id,), wins)
        if solver.satisfiable(wins):
            decides.add(r.id)
            if r.funding != "none" and not r.missing:
                met = _and([enc.expr(c) for _, c in r.conditions])
                if solver.satisfiable(z3.And(wins, met)):
                    pays.add(r.id)
        stack.extend(level(kids, chosen))
    return _proof(book, kind, "smt", space, found, decides, pays, solver.checks, start)


def prove(book: RuleBook, kind: str, space: Space, method: str | None = None) -> KindProof:
    """The proof for `kind` over `space`: enumerated when it has at most `ENUMERATION_LIMIT` points,
    solved with Z3 otherwise (or as `method` says: "enumeration" or "smt")."""
    missing = book.tree_facts(kind) - space.facts()
    if missing:
        raise ProofError(f"the rules of {kind} read {sorted(missing)}, which the space does not hold")
    if method is None:
        method = "enumeration" if space.size <= ENUMERATION_LIMIT else "smt"
    if method == "enumeration":
        return enumerate_kind(book, kind, space)
    if method == "smt":
        return solve_kind(book, kind, space)
    raise ValueError(f"method must be enumeration or smt, not {method!r}")


# --- the two paths agree ---------------------------------------------------------------------------------

_DTYPES: dict[type, pl.DataType] = {bool: pl.Boolean(), str: pl.Utf8(), int: pl.Int64(), dt.date: pl.Date()}


def _dtype(values: Sequence[Any]) -> pl.DataType:
    types = {type(v) for v in values if v is not None}
    if len(types) > 1:
        raise ProofError(f"a fact mixes values of types {sorted(t.__name__ for t in types)}")
    return _DTYPES[types.pop()] if types else pl.Boolean()


def disagreements(
    book: RuleBook,
    kind: str,
    space: Space,
    choices: Sequence[tuple[int, ...]],
    others: Mapping[str, Sequence[Any]] | None = None,
) -> tuple[int, list[str]]:
    """Compare the single path (`RuleBook.evaluate`, `Expr.eval`) with the batch path (`engine.batch`,
    `Expr.polars`) on these points: (points compared, a description of each point where they differ).
    The batch reads the columns of every rule of the book: `others` gives the values of the facts outside
    the space (the first one is used; all of them give the column's type). Points where the single path
    finds no decision are the proof's findings, not compared here."""
    points = [space.point(c) for c in choices]
    names = sorted(space.facts())
    schema = {n: _dtype(space.domain(n)) for n in names}
    extra = {k: v for k, v in (others or {}).items() if k not in schema}
    schema |= {k: _dtype(v) for k, v in extra.items()}
    rows = [[p[n] for n in names] + [v[0] for v in extra.values()] for p in points]
    frame = pl.DataFrame(rows, schema=schema, orient="row")
    rule = winners(book, frame, check=False)
    got = outcomes(book, frame, rule)
    index = {r.id: i for i, r in enumerate(book.rules)}
    bad: list[str] = []
    compared = 0
    for i, (p, (ri, covered, funding, mask)) in enumerate(zip(points, got.iter_rows(), strict=True)):
        try:
            ev = book.evaluate(p)
        except (NoRuleApplies, RuleConflict):
            continue
        compared += 1
        requires = tuple(r for b, r in enumerate(REQUIREMENTS) if mask & (1 << b))
        single = (index[ev.rule.id], ev.outcome.covered, ev.outcome.funding, ev.outcome.requires)
        batch = (ri, covered, funding, requires)
        if single != batch:
            bad.append(f"point {i} {p}: single {single}, batch {batch}")
    return compared, bad
