"""The coverage rule book: every rule of the acts that decides who gets which care from which package.

`rulebook()` is the law's book, unless a what-if (`kepil.whatif`) is evaluating a reform: then, inside
`using(book)` and only in that context (a `ContextVar`: one thread or task, never the others), every
decision — single and batch — reads the reform's book."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache

from kepil.engine.rules import RuleBook
from kepil.law.migrant_care_rules import coverage as migrants
from kepil.law.program_2026_2028.coverage import hospital, other, outpatient, primary

_ACTIVE: ContextVar[RuleBook | None] = ContextVar("kepil_rulebook", default=None)


@cache
def law_rulebook() -> RuleBook:
    """The rule book of the law as kepil holds it."""
    return RuleBook(
        [*primary.rules(), *outpatient.rules(), *hospital.rules(), *other.rules(), *migrants.rules()]
    )


def rulebook() -> RuleBook:
    """The book decisions read: the law's, or a reform's inside `using`."""
    active = _ACTIVE.get()
    return law_rulebook() if active is None else active


@contextmanager
def using(book: RuleBook) -> Iterator[RuleBook]:
    """Decide with `book` instead of the law's inside the block (this context only)."""
    token = _ACTIVE.set(book)
    try:
        yield book
    finally:
        _ACTIVE.reset(token)
