"""The rule book on columns: every rule's condition becomes a Polars expression, the winning rule a
`when/then` chain over the forest — the same definitions as `RuleBook.evaluate`, set-based.

Rows are split by service kind first, so each part evaluates only its own kind's rules.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

import polars as pl

from kepil.engine.expr import ALWAYS, NOT_SHARED, All, Any_, Expr, Not, Shared
from kepil.engine.memo import HASH, HIT, KEY, MEMO
from kepil.engine.rules import REQUIREMENTS, NoRuleApplies, Rule, RuleBook, RuleConflict

RULE = "__rule"  # index of the winning rule in `book.rules`
_I = "__i"
_ROWS = "__rows"  # the rows (`_I`) of one distinct combination of a kind's facts


def _m(book: RuleBook, r: Rule) -> str:
    return f"__m{book.index[r.id]}"


def _winner(book: RuleBook, rule: Rule) -> pl.Expr:
    """Index of the deepest matching rule below `rule` (which is known to match)."""
    expr: pl.Expr = pl.lit(book.index[rule.id], pl.Int32)
    for kid in reversed(book.children[rule.id]):
        expr = pl.when(pl.col(_m(book, kid))).then(_winner(book, kid)).otherwise(expr)
    return expr


@dataclass(frozen=True, slots=True)
class _KindPlan:
    """A kind's rule forest as Polars expressions, built once per rule book (building them costs more
    than evaluating them on a few thousand rows — the HTTP batch's usual size)."""

    scopes: Stages  # the shared subconditions (`_shared`), then each rule's scope
    conflict: pl.Expr
    none: pl.Expr
    winner: pl.Expr


Stages = tuple[tuple[pl.Expr, ...], ...]
"""Expressions applied one `with_columns` after another (a later one reads the columns of an earlier one)."""


def staged(lf: pl.LazyFrame, stages: Stages) -> pl.LazyFrame:
    for exprs in stages:
        lf = lf.with_columns(exprs)
    return lf


def _parts(e: Expr) -> tuple[Expr, ...]:
    if isinstance(e, All | Any_):
        return e.parts
    return (e.part,) if isinstance(e, Not) else ()


@cache
def _shared(book: RuleBook, kind: str) -> tuple[Shared, Stages]:
    """The subconditions (and, or, not) that occur more than once in `kind`'s scopes, conditions and needs —
    a rule's scope holds the negation of its preceding siblings', so a kind's scopes repeat each other —
    each named by a column, and the stages computing those columns, innermost first: every rule reads
    them instead of converting and evaluating its own copy (the plans' fixed cost is most of an HTTP
    batch's; Polars' own elimination of common subexpressions must first find them in the whole tree)."""
    exprs = [e for r in book.tree(kind) for e in (r.scope, r.needs, *(c for _, c in r.conditions))]
    seen: Counter[Expr] = Counter()

    def walk(e: Expr) -> None:
        if not _parts(e):
            return
        seen[e] += 1
        if seen[e] == 1:  # the parts of a repeated subcondition: counted once, read from its column
            for p in _parts(e):
                walk(p)

    for e in exprs:
        walk(e)
    shared = {e: f"__s{i}" for i, e in enumerate(e for e, n in seen.items() if n > 1)}
    levels: dict[Expr, int] = {}

    def level(e: Expr, top: bool) -> int:
        """1 + the deepest shared subcondition's level inside `e` (0 when none)."""
        if not top and e in shared:
            if e not in levels:
                levels[e] = 1 + max((level(p, False) for p in _parts(e)), default=0)
            return levels[e]
        return max((level(p, False) for p in _parts(e)), default=0)

    for e in shared:
        level(e, False)
    stages = [
        tuple(
            e.polars({k: v for k, v in shared.items() if k != e}).alias(shared[e])
            for e in shared
            if levels[e] == n
        )
        for n in range(1, max(levels.values(), default=0) + 1)
    ]
    return shared, tuple(stages)


@cache
def _kind_plan(book: RuleBook, kind: str) -> _KindPlan:
    rules = book.tree(kind)
    shared, stages = _shared(book, kind)
    bases = book.bases.get(kind, [])
    groups = [(pl.lit(True), bases)] + [
        (pl.col(_m(book, r)), kids) for r in rules if (kids := book.children[r.id])
    ]
    counts = [
        when & (pl.sum_horizontal([pl.col(_m(book, k)).cast(pl.Int8) for k in group]) > 1)
        for when, group in groups
    ]
    none = (
        pl.sum_horizontal([pl.col(_m(book, b)).cast(pl.Int8) for b in bases]) == 0 if bases else pl.lit(True)
    )
    winner: pl.Expr = pl.lit(-1, pl.Int32)
    for base in reversed(bases):
        winner = pl.when(pl.col(_m(book, base))).then(_winner(book, base)).otherwise(winner)
    return _KindPlan(
        (*stages, tuple(r.scope.polars(shared).alias(_m(book, r)) for r in rules)),
        pl.any_horizontal(counts),
        none,
        winner.alias(RULE),
    )


Unknowns = tuple[tuple[str, int, tuple[Any, ...]], ...]
"""(fact, bit, the values it is tried with): the facts that may be unknown (null), the bit of the answer's
`__unknown` mask each sets when one of its values would change the outcome."""

UNKNOWN = "__unknown"
_OUTCOME = ("covered", "funding", "__mask")


def _kind_winners(book: RuleBook, kind: str, part: pl.DataFrame, check: bool) -> pl.DataFrame:
    plan = _kind_plan(book, kind)
    m = staged(part.lazy(), plan.scopes).collect(engine="in-memory")
    if check:
        found = m.select(plan.conflict.alias("c"), plan.none.alias("n"), pl.col(_I))
        if found["c"].any():
            rows = found.filter("c")[_I].head(5).to_list()
            raise RuleConflict(f"two rules of one level apply to rows {rows} (0-based), kind {kind}")
        if found["n"].any():
            rows = found.filter("n")[_I].head(5).to_list()
            raise NoRuleApplies(f"no rule applies to rows {rows} (0-based), kind {kind}")
    return m.select(pl.col(_I), plan.winner)


def winners(book: RuleBook, df: pl.DataFrame, check: bool = True) -> pl.Series:
    """The winning rule of each row; raises `NoRuleApplies` / `RuleConflict` like the single path."""
    indexed = df.with_row_index(_I)
    parts = [
        _kind_winners(book, str(kind), part, check)
        for (kind,), part in indexed.partition_by("kind", as_dict=True).items()
    ]
    if not parts:
        return pl.Series(RULE, [], dtype=pl.Int32)
    return pl.concat(parts).sort(_I)[RULE]


_FUNDING_OF_RULE, _UNNEEDED = "__funding_of_rule", "__unneeded"


@cache
def _outcome_exprs(book: RuleBook) -> Stages:
    """covered, funding and the requires bitmask (`__mask`) over the RULE column, built once per rule book —
    `Rule.outcome` on columns: covered = package ≠ none, every condition met and the rule's `needs`
    holding."""
    return _outcome_exprs_of(book, book.rules)


def _outcome_exprs_of(book: RuleBook, rules: tuple[Rule, ...], shared: Shared = NOT_SHARED) -> Stages:
    """`_outcome_exprs` for rows whose winner is one of `rules` (a kind's tree: its part reads only its own
    rules' conditions). In stages, so that the mask and the rule's funding are each one expression the
    planner converts and evaluates once rather than three subtrees that it must find equal (the plans'
    fixed cost is most of an HTTP batch's; issue 17)."""
    unmet: dict[str, pl.Expr] = {req: pl.lit(False) for req in REQUIREMENTS}
    unneeded: pl.Expr = pl.lit(False)
    for r in rules:
        here = pl.col(RULE) == book.index[r.id]
        for req, cond in r.conditions:
            unmet[req] = unmet[req] | (here & ~cond.polars(shared))
        for req in r.missing:
            unmet[req] = unmet[req] | here
        if r.needs != ALWAYS:
            unneeded = unneeded | (here & ~r.needs.polars(shared))
    mask = pl.sum_horizontal([unmet[req].cast(pl.Int8) * (1 << b) for b, req in enumerate(REQUIREMENTS)])
    rule_funding = pl.col(RULE).replace_strict(
        [book.index[r.id] for r in rules], [r.funding for r in rules], default="none", return_dtype=pl.Utf8
    )
    covered = (pl.col(_FUNDING_OF_RULE) != "none") & (pl.col("__mask") == 0) & ~pl.col(_UNNEEDED)
    return (
        (mask.cast(pl.Int8).alias("__mask"), rule_funding.alias(_FUNDING_OF_RULE), unneeded.alias(_UNNEEDED)),
        (covered.alias("covered"),),
        (pl.when("covered").then(pl.col(_FUNDING_OF_RULE)).otherwise(pl.lit("none")).alias("funding"),),
    )


@cache
def _kind_outcomes(book: RuleBook, kind: str) -> Stages:
    return _outcome_exprs_of(book, book.tree(kind), _shared(book, kind)[0])  # after the kind's scopes


@cache
def _matters(book: RuleBook, kind: str, fact: str) -> list[int]:
    """The winners of `kind` whose evaluation `fact` can change (`RuleBook.facts_that_matter`, as the single
    path's `decision.unknown_facts` asks)."""
    return [book.index[r.id] for r in book.tree(kind) if fact in book.facts_that_matter(kind, r)]


@cache
def _tried(book: RuleBook, kind: str, fact: str, values: tuple[Any, ...]) -> tuple[Any, ...]:
    """The values of an unknown `fact` worth trying on `kind`'s rows: not those with which every rule of the
    kind evaluates as with the fact unknown (`Expr.same_as_unknown`; e.g. false, for a fact the rules read
    only as "is true") — their outcome is the row's own."""
    exprs = [e for r in book.tree(kind) for e in (r.scope, r.needs, *(c for _, c in r.conditions))]
    return tuple(v for v in values if not all(e.same_as_unknown(fact, v) for e in exprs))


@cache
def _tries(book: RuleBook, kind: str, unknowns: Unknowns) -> tuple[tuple[pl.Expr, pl.Expr, pl.Expr], ...]:
    """(which rows, the fact at one value, its bit) for each unknown fact and value `_variants` tries on
    `kind`, built once per rule book (a what-if reform's book is another object, with its own)."""
    return tuple(
        (
            pl.col(fact).is_null() & pl.col(RULE).is_in(matter),
            pl.lit(value).alias(fact),
            pl.lit(bit, pl.Int64).alias(UNKNOWN),
        )
        for fact, bit, values in unknowns
        if (matter := _matters(book, kind, fact))
        for value in _tried(book, kind, fact, values)
    )


def _variants(book: RuleBook, kind: str, part: pl.DataFrame, unknowns: Unknowns) -> pl.LazyFrame:
    """(`_I`, `UNKNOWN`) of the rows of `part` (one kind, decided) where some unknown fact would change the
    outcome: those rows only, decided again with the fact at each value tried, all in one pass."""
    plan = _kind_plan(book, kind)
    facts, _ = _read(book, kind)
    read = part.lazy().select(_I, RULE, *facts, *(pl.col(c).alias(f"__was_{c}") for c in _OUTCOME))
    tried = [read.filter(rows).with_columns(value, bit) for rows, value, bit in _tries(book, kind, unknowns)]
    if not tried:
        return pl.LazyFrame(schema={_I: pl.UInt32, UNKNOWN: pl.Int64})
    changed = pl.any_horizontal(pl.col(c) != pl.col(f"__was_{c}") for c in _OUTCOME)
    return (
        pl.concat(tried, how="vertical_relaxed")
        .pipe(staged, plan.scopes)
        .with_columns(plan.winner)
        .pipe(staged, _kind_outcomes(book, kind))
        .filter(changed)
        .group_by(_I)
        .agg(pl.col(UNKNOWN).unique().sum())
    )


@cache
def _date_cuts(book: RuleBook, kind: str) -> tuple[dt.date, ...] | None:
    """The dates where some rule of `kind` can change its evaluation (`Expr.breakpoints`), sorted; None when
    a rule reads the date otherwise."""
    cuts: set[dt.date] = set()
    for r in book.tree(kind):
        for e in (r.scope, r.needs, *(c for _, c in r.conditions)):
            found = e.breakpoints("date")
            if found is None:
                return None
            cuts |= found
    return tuple(sorted(cuts))


@cache
def _read(book: RuleBook, kind: str) -> tuple[list[str], list[pl.Expr]]:
    """The facts `kind`'s rules read, sorted, and the expressions reading them (the date by its class)."""
    facts = sorted(book.tree_facts(kind) - {"kind"})
    cuts = _date_cuts(book, kind) if "date" in facts else None
    return facts, [_date_class(cuts) if f == "date" and cuts is not None else pl.col(f) for f in facts]


def _date_class(cuts: tuple[dt.date, ...]) -> pl.Expr:
    """Each date as the first day of its interval between `cuts` (the rules cannot tell two dates of one
    interval apart), so that the rows of a kind differ only where the rules can tell them apart."""
    date = pl.col("date")
    expr: pl.Expr = pl.lit(dt.date.min)
    for cut in cuts:
        expr = pl.when(date >= cut).then(pl.lit(cut)).otherwise(expr)
    return pl.when(date.is_not_null()).then(expr).alias("date")


def plan(book: RuleBook, kinds: Iterable[str], unknowns: Unknowns = ()) -> None:
    """Build `evaluate`'s expressions for `kinds` now (they are cached per book): a caller with a moment to
    spare — a batch file while its first chunk is read — takes their cost off its first chunk."""
    for kind in kinds:
        _kind_plan(book, kind)
        _kind_outcomes(book, kind)
        _read(book, kind)
        if unknowns:
            _tries(book, kind, unknowns)
            _stack(book, kind, unknowns)


def _combos(book: RuleBook, kind: str, lf: pl.LazyFrame, keyed: bool = False) -> pl.LazyFrame:
    """The distinct combinations of the facts `kind`'s rules read among its rows of `lf` (indexed by `_I`),
    each with its rows (`_ROWS`); with `keyed`, also the combination's `engine.memo.KEY` (its kind and
    columns as JSON text)."""
    facts, read = _read(book, kind)
    out = (
        lf.filter(pl.col("kind") == kind)
        .select(_I, *read)
        .group_by(facts or [pl.lit(0).alias("__all")])
        .agg(pl.col(_I).alias(_ROWS))
    )
    if not keyed:
        return out
    text = pl.struct(pl.lit(kind).alias("kind"), *facts).struct.json_encode()
    return out.with_columns(text.alias(KEY)).with_columns(pl.col(KEY).hash().alias(HASH))


def _decided(book: RuleBook, kind: str, lf: pl.LazyFrame, check: bool) -> pl.LazyFrame:
    """`lf`'s rows decided by `kind`'s rules: `RULE`, the outcome and (with `check`) the error flags."""
    plan = _kind_plan(book, kind)
    checks = (plan.conflict.alias("__conflict"), plan.none.alias("__none")) if check else ()
    return (
        lf.pipe(staged, plan.scopes)
        .with_columns(plan.winner, *checks)
        .pipe(staged, _kind_outcomes(book, kind))
    )


STACKED_ROWS = 50_000
"""Up to this many rows `evaluate` decides a kind's combinations and their unknown-fact variants in one
plan (`_stacked`); above it in two rounds (`_variants`), which try only the rows whose winner the fact can
change (fewer rows: cheaper once the rows, not the planning, are most of the cost)."""

_SMALL = pl.QueryOptFlags.none()
"""Polars' optimiser passes cost more than they save on the stacked plans of an HTTP-sized batch (issue
17: `evaluate` on 15 rows 38 → 27 ms CPU, on 10,000 rows 56 → 51 ms; each pass alone gains less)."""

_OF, _FACT = "__of", "__fact"


@dataclass(frozen=True, slots=True)
class _Stack:
    """A kind's unknown-fact tries for `_stacked`, built once per rule book: for each fact and value worth
    trying, (the fact, its column at that value and the try's `_FACT` and bit); and the try's result."""

    tries: tuple[tuple[str, tuple[pl.Expr, ...]], ...]
    hit: pl.Expr


@cache
def _stack(book: RuleBook, kind: str, unknowns: Unknowns) -> _Stack | None:
    tries = [
        (fact, value, bit, matter)
        for fact, bit, values in unknowns
        if (matter := _matters(book, kind, fact))
        for value in _tried(book, kind, fact, values)
    ]
    if not tries:
        return None
    own = {c: pl.col(c).gather(_OF) for c in (RULE, *_OUTCOME)}  # the combinations come first, in order
    changed = pl.any_horizontal(pl.col(c) != own[c] for c in _OUTCOME)
    matters = pl.any_horizontal((pl.col(_FACT) == i) & own[RULE].is_in(m) for i, (*_, m) in enumerate(tries))
    return _Stack(
        tuple(
            (
                fact,
                (
                    pl.lit(value).alias(fact),
                    pl.lit(i, pl.Int32).alias(_FACT),
                    pl.lit(bit, pl.Int64).alias(UNKNOWN),
                ),
            )
            for i, (fact, value, bit, _) in enumerate(tries)
        ),
        pl.when(changed & matters).then(pl.col(UNKNOWN)).otherwise(0).alias(UNKNOWN),
    )


_BASE = (pl.col(_I).alias(_OF), pl.lit(-1, pl.Int32).alias(_FACT), pl.lit(0, pl.Int64).alias(UNKNOWN))


def _stacked(
    book: RuleBook, kind: str, combos: pl.DataFrame, unknowns: Unknowns, check: bool
) -> pl.LazyFrame:
    """`combos` (one kind's distinct combinations) decided, with `UNKNOWN` as `_variants` finds it, in one
    plan: under the combinations, each combination where an unknown fact is null again with the fact at each
    value tried (`_FACT` its index, `_OF` the combination's row); a try counts where its combination's winner
    is one the fact can change and its outcome differs from the combination's. The kind's rules are planned
    once instead of twice — the planning, not the rows, is most of a small batch's cost — at the price of
    trying combinations whose winner the fact cannot change."""
    base = combos.lazy().with_row_index(_I).with_columns(_BASE)
    stack = _stack(book, kind, unknowns)
    if stack is None:
        return _decided(book, kind, base, check)
    facts, _ = _read(book, kind)
    read = base.select(*facts, _OF)
    tried = [read.filter(pl.col(fact).is_null()).with_columns(exprs) for fact, exprs in stack.tries]
    return (
        _decided(book, kind, pl.concat([base, *tried], how="diagonal_relaxed"), check)
        .with_columns(stack.hit)
        .with_columns(pl.col(UNKNOWN).bitwise_or().over(_OF))
        .filter(pl.col(_FACT) == -1)
    )


def _remembered(
    book: RuleBook,
    kinds: list[str],
    found: list[pl.DataFrame],
    key: Hashable,
    unknowns: Unknowns,
    check: bool,
    outcome: list[str],
) -> list[pl.DataFrame]:
    """(`_ROWS`, `outcome`) of the distinct combinations `found` of each kind (with their `KEY`): those
    decided by an earlier call read from the memo (`engine.memo`), the others decided by `_stacked` — only
    the kinds that have any plan — and remembered. A combination's `KEY` is its kind and columns (the date
    by its class, `_read`) as JSON text; the memo's `key` holds the rest of what the outcome reads (the
    unknowns, `check`, the columns' types) and the memo is the book's own."""
    table = MEMO.table(book, key)
    hit: pl.DataFrame | None = None
    new = list(enumerate(found))
    if table is not None:
        looked = (
            pl.concat([c.select(HASH, KEY, _ROWS) for c in found])
            .join(table, on=HASH, how="left", suffix=_THEIRS, maintain_order="left")
            .with_columns((pl.col(HIT) & (pl.col(KEY) == pl.col(KEY + _THEIRS))).fill_null(False).alias(HIT))
        )
        hit = looked.filter(HIT).select(_ROWS, *outcome)
        missed = looked[HIT].not_()
        new, start = [], 0
        for i, c in enumerate(found):
            if (here := missed.slice(start, c.height)).any():
                new.append((i, c.filter(here)))
            start += c.height
    decided = pl.collect_all(
        (_stacked(book, kinds[i], c, unknowns, check) for i, c in new),
        engine="in-memory",
        optimizations=_SMALL,
    )
    parts = [] if hit is None else [hit]
    for d in decided:
        parts.append(d.select(_ROWS, *outcome))
    if decided:
        MEMO.add(book, key, pl.concat([d.select(HASH, KEY, *outcome) for d in decided]))
    return parts


_THEIRS = "__memo_"


def evaluate(book: RuleBook, df: pl.DataFrame, check: bool = True, unknowns: Unknowns = ()) -> pl.DataFrame:
    """`RULE`, covered, funding and the `requires` bitmask of each row, in row order: `winners` and
    `outcomes` in one lazy plan per kind of care, each reading only the facts its own rules read; Polars runs
    the kinds' plans in parallel and no table is copied per kind (`partition_by` copied every column).
    The rules read nothing but those facts, so each kind decides each distinct combination of them once
    (dates by the intervals the rules tell apart, `_date_class`) and the answers go back to its rows.

    With `unknowns`, also `UNKNOWN`, the bits of the facts left unknown whose value would change the
    outcome (`decision.unknown_facts` on columns, `_variants`): a kind's decided rows where a fact is null
    and can change their winner's evaluation are decided again with the fact at each value tried — only
    those rows, only that kind's rules, one pass for all facts and values — and compared with their own
    outcome. Up to `STACKED_ROWS` rows, the variants are decided in the same plan as the combinations
    (`_stacked`), and only for the combinations no earlier call decided (`_remembered`, `engine.memo`).
    All kinds' plans run together on Polars' in-memory engine (the streaming engine's start-up cost more
    than the work on a batch of a few hundred thousand rows)."""
    kinds = df["kind"].unique().drop_nulls().to_list()
    if not kinds:
        schema = {RULE: pl.Int32, "covered": pl.Boolean, "funding": pl.Utf8, "__mask": pl.Int8}
        return pl.DataFrame(schema={**schema, **({UNKNOWN: pl.Int64} if unknowns else {})})
    lf = df.lazy().with_row_index(_I)
    extra = ["__conflict", "__none"] if check else []
    if unknowns and df.height <= STACKED_ROWS:
        extra.append(UNKNOWN)
        found = pl.collect_all((_combos(book, kind, lf, keyed=True) for kind in kinds), engine="in-memory")
        key = (unknowns, check, tuple(df.schema.items()))
        parts = _remembered(book, kinds, found, key, unknowns, check, [RULE, *_OUTCOME, *extra])
    else:
        parts = pl.collect_all(
            (
                _decided(book, kind, c.with_row_index(_I), check)
                for kind, c in zip(kinds, (_combos(book, kind, lf) for kind in kinds), strict=True)
            ),
            engine="in-memory",
        )
        if unknowns:
            variants = pl.collect_all(
                (_variants(book, kind, part, unknowns) for kind, part in zip(kinds, parts, strict=True)),
                engine="in-memory",
            )
            parts = [
                p.join(u, on=_I, how="left").with_columns(pl.col(UNKNOWN).fill_null(0))
                for p, u in zip(parts, variants, strict=True)
            ]
            extra.append(UNKNOWN)
    out = (
        pl.concat([p.select(_ROWS, RULE, *_OUTCOME, *extra) for p in parts])
        .explode(_ROWS)
        .rename({_ROWS: _I})
        .sort(_I)
    )
    if out.height != df.height:  # rows without a kind: no rule of the book can apply to them
        raise NoRuleApplies(f"no rule applies to {df.height - out.height} rows without a kind of care")
    if check:
        for flag, error, what in (
            ("__conflict", RuleConflict, "two rules of one level apply to"),
            ("__none", NoRuleApplies, "no rule applies to"),
        ):
            if out[flag].any():
                bad = out.filter(flag).head(5)
                kind = df["kind"][int(bad[_I][0])]
                raise error(f"{what} rows {bad[_I].to_list()} (0-based), kind {kind}")
        out = out.drop("__conflict", "__none")
    return out.drop(_I)


def outcomes(book: RuleBook, df: pl.DataFrame, rule: pl.Series) -> pl.DataFrame:
    """covered, funding and the bitmask of `requires` (bit i = REQUIREMENTS[i]) of each row."""
    decided = staged(df.lazy().with_columns(rule.alias(RULE)), _outcome_exprs(book))
    return decided.select(RULE, "covered", "funding", "__mask").collect(engine="in-memory")
