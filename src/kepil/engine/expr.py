"""Predicates over facts, defined once and run two ways: on one dict of facts, or as a Polars expression.

Facts are plain values (bool, str, int, date or None). Conditions are two-valued: a fact that is None
(unknown) never satisfies `is_true` nor `is_false`; which unknown facts would have changed a decision is
found separately (see `kepil.coverage.decision.unknown_facts`), so "unknown" is never silently "false".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # polars is imported by the methods that build its expressions: a single decision
    import polars as pl  # (and the CLI start-up) does not pay for it (issue 17)

Facts = Mapping[str, Any]
Shared = Mapping["Expr", str]
NOT_SHARED: Shared = {}


class Expr:
    """A boolean condition over named facts."""

    def eval(self, facts: Facts) -> bool:
        raise NotImplementedError

    def polars(self, shared: Shared = NOT_SHARED) -> pl.Expr:
        """This condition as a Polars expression; a subcondition in `shared` is read from the column it names
        (computed before, once, by `kepil.engine.batch`: the rule book's scopes repeat their siblings')."""
        raise NotImplementedError

    def facts(self) -> frozenset[str]:
        """The facts this condition reads."""
        raise NotImplementedError

    def py(self) -> str:
        """This condition as Python source over a dict of facts `f` (see `compiled`)."""
        raise NotImplementedError

    def breakpoints(self, name: str) -> frozenset[dt.date] | None:
        """The dates d where this condition can change value as the date fact `name` goes from the day
        before d to d (it is constant on each interval between two of them), or None when it reads `name`
        otherwise. The batch decides dates of one interval once (`kepil.engine.batch.evaluate`)."""
        return None if name in self.facts() else frozenset()

    def same_as_unknown(self, name: str, value: Any) -> bool:
        """Whatever the other facts, this condition has one value with the fact `name` at `value` and with
        it unknown (None): the batch does not try such a value for an unknown fact, its answer being the
        unknown one's (`kepil.engine.batch._variants`)."""
        return name not in self.facts()

    def __and__(self, other: Expr) -> Expr:
        return All((self, other))

    def __or__(self, other: Expr) -> Expr:
        return Any_((self, other))

    def __invert__(self) -> Expr:
        return Not(self)


@dataclass(frozen=True, slots=True)
class Const(Expr):
    value: bool

    def eval(self, facts: Facts) -> bool:
        return self.value

    def polars(self, shared: Shared = NOT_SHARED) -> pl.Expr:
        import polars as pl

        return pl.lit(self.value)

    def facts(self) -> frozenset[str]:
        return frozenset()

    def py(self) -> str:
        return repr(self.value)

    def __str__(self) -> str:
        return str(self.value).lower()


@dataclass(frozen=True, slots=True)
class IsTrue(Expr):
    """The boolean fact is known and true."""

    name: str

    def eval(self, facts: Facts) -> bool:
        return facts[self.name] is True

    def polars(self, shared: Shared = NOT_SHARED) -> pl.Expr:
        import polars as pl

        return pl.col(self.name).fill_null(False)

    def facts(self) -> frozenset[str]:
        return frozenset((self.name,))

    def py(self) -> str:
        return f"(f[{self.name!r}] is True)"

    def same_as_unknown(self, name: str, value: Any) -> bool:
        return name != self.name or value is not True

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True, slots=True)
class IsFalse(Expr):
    """The boolean fact is known and false."""

    name: str

    def eval(self, facts: Facts) -> bool:
        return facts[self.name] is False

    def polars(self, shared: Shared = NOT_SHARED) -> pl.Expr:
        import polars as pl

        return (~pl.col(self.name)).fill_null(False)

    def facts(self) -> frozenset[str]:
        return frozenset((self.name,))

    def py(self) -> str:
        return f"(f[{self.name!r}] is False)"

    def same_as_unknown(self, name: str, value: Any) -> bool:
        return name != self.name or value is not False

    def __str__(self) -> str:
        return f"{self.name} = false"


@dataclass(frozen=True, slots=True)
class In(Expr):
    """The fact's value is one of `values` (an unknown value is in no set)."""

    name: str
    values: frozenset[str]

    def eval(self, facts: Facts) -> bool:
        return facts[self.name] in self.values

    def polars(self, shared: Shared = NOT_SHARED) -> pl.Expr:
        import polars as pl

        return pl.col(self.name).is_in(sorted(self.values)).fill_null(False)

    def facts(self) -> frozenset[str]:
        return frozenset((self.name,))

    def py(self) -> str:
        return f"(f[{self.name!r}] in {set(sorted(self.values))!r})" if self.values else "False"

    def same_as_unknown(self, name: str, value: Any) -> bool:
        return name != self.name or value not in self.values

    def __str__(self) -> str:
        vals = sorted(self.values)
        return f"{self.name} = {vals[0]}" if len(vals) == 1 else f"{self.name} in {{{', '.join(vals)}}}"


@dataclass(frozen=True, slots=True)
class DateBetween(Expr):
    """The date fact lies in [start, end] (both inclusive; None = open)."""

    name: str
    start: dt.date | None
    end: dt.date | None

    def eval(self, facts: Facts) -> bool:
        d: dt.date = facts[self.name]
        return (self.start is None or d >= self.start) and (self.end is None or d <= self.end)

    def polars(self, shared: Shared = NOT_SHARED) -> pl.Expr:
        import polars as pl

        # One node where both ends are given: the rule book repeats such ranges inside most rules, and the
        # batch plans them again for every chunk (issue 17).
        col = pl.col(self.name)
        if self.start is not None and self.end is not None:
            return col.is_between(self.start, self.end)
        if self.start is not None:
            return col >= self.start
        if self.end is not None:
            return col <= self.end
        return pl.lit(True)

    def facts(self) -> frozenset[str]:
        return frozenset((self.name,))

    def py(self) -> str:
        parts = []
        if self.start is not None:
            parts.append(f"f[{self.name!r}] >= {_date(self.start)}")
        if self.end is not None:
            parts.append(f"f[{self.name!r}] <= {_date(self.end)}")
        return f"({' and '.join(parts)})" if parts else "True"

    def breakpoints(self, name: str) -> frozenset[dt.date] | None:
        if name != self.name:
            return frozenset()
        ends = (self.end + dt.timedelta(days=1),) if self.end is not None and self.end < dt.date.max else ()
        return frozenset((*((self.start,) if self.start is not None else ()), *ends))

    def __str__(self) -> str:
        return f"{self.start or '…'} ≤ {self.name} ≤ {self.end or '…'}"


@dataclass(frozen=True, slots=True)
class All(Expr):
    parts: tuple[Expr, ...]

    def eval(self, facts: Facts) -> bool:
        return all(p.eval(facts) for p in self.parts)

    def polars(self, shared: Shared = NOT_SHARED) -> pl.Expr:
        import polars as pl

        if (column := shared.get(self)) is not None:
            return pl.col(column)
        return pl.all_horizontal([p.polars(shared) for p in self.parts])

    def facts(self) -> frozenset[str]:
        return frozenset().union(*(p.facts() for p in self.parts))

    def py(self) -> str:
        return f"({' and '.join(p.py() for p in self.parts)})" if self.parts else "True"

    def breakpoints(self, name: str) -> frozenset[dt.date] | None:
        return _union(p.breakpoints(name) for p in self.parts)

    def same_as_unknown(self, name: str, value: Any) -> bool:
        return all(p.same_as_unknown(name, value) for p in self.parts)

    def __and__(self, other: Expr) -> Expr:
        return All((*self.parts, other))

    def __str__(self) -> str:
        return " and ".join(_wrap(p) for p in self.parts)


@dataclass(frozen=True, slots=True)
class Any_(Expr):
    parts: tuple[Expr, ...]

    def eval(self, facts: Facts) -> bool:
        return any(p.eval(facts) for p in self.parts)

    def polars(self, shared: Shared = NOT_SHARED) -> pl.Expr:
        import polars as pl

        if (column := shared.get(self)) is not None:
            return pl.col(column)
        return pl.any_horizontal([p.polars(shared) for p in self.parts])

    def facts(self) -> frozenset[str]:
        return frozenset().union(*(p.facts() for p in self.parts))

    def py(self) -> str:
        return f"({' or '.join(p.py() for p in self.parts)})" if self.parts else "False"

    def breakpoints(self, name: str) -> frozenset[dt.date] | None:
        return _union(p.breakpoints(name) for p in self.parts)

    def same_as_unknown(self, name: str, value: Any) -> bool:
        return all(p.same_as_unknown(name, value) for p in self.parts)

    def __or__(self, other: Expr) -> Expr:
        return Any_((*self.parts, other))

    def __str__(self) -> str:
        return " or ".join(_wrap(p) for p in self.parts)


@dataclass(frozen=True, slots=True)
class Not(Expr):
    part: Expr

    def eval(self, facts: Facts) -> bool:
        return not self.part.eval(facts)

    def polars(self, shared: Shared = NOT_SHARED) -> pl.Expr:
        if (column := shared.get(self)) is not None:
            import polars as pl

            return pl.col(column)
        return ~self.part.polars(shared)

    def facts(self) -> frozenset[str]:
        return self.part.facts()

    def py(self) -> str:
        return f"(not {self.part.py()})"

    def breakpoints(self, name: str) -> frozenset[dt.date] | None:
        return self.part.breakpoints(name)

    def same_as_unknown(self, name: str, value: Any) -> bool:
        return self.part.same_as_unknown(name, value)

    def __str__(self) -> str:
        return f"not {_wrap(self.part)}"


def _union(sets: Iterable[frozenset[dt.date] | None]) -> frozenset[dt.date] | None:
    out: set[dt.date] = set()
    for found in sets:
        if found is None:
            return None
        out |= found
    return frozenset(out)


def _date(d: dt.date) -> str:
    return f"_date({d.year}, {d.month}, {d.day})"


def compiled(e: Expr) -> Callable[[Facts], bool]:
    """`e.eval` as one compiled Python function — the same condition, without walking the tree on every
    call (the single decision evaluates the rule book several times: once, and once per unknown fact's
    value). `tests/test_engine_expr.py` checks it agrees with `eval`."""
    code = compile(f"lambda f: {e.py()}", "<kepil.engine.expr>", "eval")
    fn: Callable[[Facts], bool] = eval(code, {"_date": dt.date, "__builtins__": {}})
    return fn


def _wrap(e: Expr) -> str:
    return f"({e})" if isinstance(e, All | Any_) else str(e)


# Short constructors used by the rule modules.
def true(name: str) -> Expr:
    return IsTrue(name)


def false(name: str) -> Expr:
    return IsFalse(name)


def eq(name: str, value: str) -> Expr:
    return In(name, frozenset((value,)))


def one_of(name: str, values: Iterable[str]) -> Expr:
    return In(name, frozenset(values))


ALWAYS = Const(True)
