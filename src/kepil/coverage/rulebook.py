"""The coverage rule book: every rule of the acts that decides who gets which care from which package."""

from __future__ import annotations

from functools import cache

from kepil.engine.rules import RuleBook
from kepil.law.migrant_care_rules import coverage as migrants
from kepil.law.program_2026_2028.coverage import hospital, other, outpatient, primary


@cache
def rulebook() -> RuleBook:
    return RuleBook(
        [*primary.rules(), *outpatient.rules(), *hospital.rules(), *other.rules(), *migrants.rules()]
    )
