"""Shared pieces of the coverage rules: the facts' names as conditions, dates, the rule constructor."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from kepil.engine.expr import Expr, eq, false, one_of, true
from kepil.engine.rules import Rule
from kepil.i18n import Text
from kepil.law.citation import Citation

ACT = "program-2026-2028"
PROGRAM_START = dt.date(2026, 1, 1)
PROGRAM_END = dt.date(2028, 12, 31)
# 34, 51 (and 22): what changes on 1 January 2027.
CHANGE_2027 = dt.date(2027, 1, 1)
BEFORE_2027 = dt.date(2026, 12, 31)

# 3: GVFMC is for citizens, kandas, refugees and foreigners / stateless persons residing permanently.
GVFMC_RESIDENCIES = frozenset({"citizen", "kandas", "refugee", "permanent_resident"})
RESIDENT = one_of("residency", GVFMC_RESIDENCIES)
NON_RESIDENT = one_of("residency", {"temporary_resident", "asylum_seeker"})
CITIZEN = eq("residency", "citizen")

CSHI = true("cshi")
NO_CSHI = false("cshi")
SS = true("socially_significant")
DANGEROUS = true("dangerous_to_others")
INFECTIOUS = true("infectious")
ISOLATION = true("contact_isolation")
TRAUMA = true("trauma")
LIFE_THREATENING = true("life_threatening")
REFERRAL = true("referral")
ATTACHED = true("attached")
CHILD = true("child")
OVER_65 = true("over_65")
PREGNANT = true("pregnant")
POSTPARTUM = true("postpartum")
ADMISSION = true("admission_department")
EMERGENCY = eq("form", "emergency")
URGENT = eq("form", "urgent")
PLANNED = eq("form", "planned")
NOT_PLANNED = one_of("form", {"emergency", "urgent"})


def p(*clauses: str) -> tuple[Citation, ...]:
    """Citations of `program-2026-2028`."""
    return tuple(Citation(ACT, c) for c in clauses)


def rule(
    id: str,
    kinds: str | Iterable[str],
    basis: tuple[Citation, ...],
    funding: str,
    text: tuple[str, str, str],
    *,
    when: Expr | None = None,
    valid_from: dt.date = PROGRAM_START,
    valid_to: dt.date = PROGRAM_END,
    **kw: Any,
) -> Rule:
    """A rule of the Program; by default in force for the Program's whole term (2026-01-01..2028-12-31)."""
    ks = frozenset((kinds,) if isinstance(kinds, str) else kinds)
    extra: dict[str, Any] = {"when": when} if when is not None else {}
    return Rule(
        id=id,
        kinds=ks,
        basis=basis,
        funding=funding,
        text=Text(*text),
        valid_from=valid_from,
        valid_to=valid_to,
        **extra,
        **kw,
    )
