"""Shared pieces of the coverage rules: the facts' names as conditions, dates, the rule constructor."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace
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


# List-membership facts (coverage.md amendment 5): None when neither the request nor kepil's lists say.
ON_INPATIENT_LIST = true("on_inpatient_list")  # 62, ҚР ДСМ-258/2020
OFF_INPATIENT_LIST = false("on_inpatient_list")
ON_DAY_HOSPITAL_LIST = true("on_day_hospital_list")  # 61, order No. 106 app. 3
OFF_DAY_HOSPITAL_LIST = false("on_day_hospital_list")
ON_REHABILITATION_LIST = true("on_rehabilitation_list")  # 64, ҚР ДСМ-116/2020
OFF_REHABILITATION_LIST = false("on_rehabilitation_list")
ON_DRUG_LIST = true("on_outpatient_drug_list")  # 21, 52.3, 70, ҚР ДСМ-75
OFF_DRUG_LIST = false("on_outpatient_drug_list")
ON_ABROAD_LIST = true("on_treatment_abroad_list")  # 53, ҚР ДСМ-45
OFF_ABROAD_LIST = false("on_treatment_abroad_list")
ON_EMERGENCY_LIST = true("on_emergency_admission_list")  # 34
ON_DYNAMIC_LIST = true("on_dynamic_observation_list")  # 59.6, ҚР ДСМ-149/2020
ON_DENTAL_LIST = true("on_dental_emergency_list")  # 58.4, ҚР ДСМ-106/2020
TARGET_GROUP = true("screening_target_group")  # 13, 24.3, 58.1
NOT_TARGET_GROUP = false("screening_target_group")
FIRST_CONTACT = true("first_contact")  # 22
WITHIN_CASE = true("within_completed_case")  # 59.6
CRANIOFACIAL = true("congenital_craniofacial")  # 56.3, 58.4
NEWBORN = true("newborn")  # 71
# 39, 71: held in pre-trial detention or a penal institution (not under house arrest, 55.9).
HELD = one_of("custody", {"pretrial_detention", "penitentiary"})
# Known not to be held (conditions are two-valued: `~HELD` would be true of an unknown custody).
NOT_HELD = one_of("custody", {"none", "house_arrest"})
STAGE_1 = eq("rehabilitation_stage", "1")
STAGES_2_3 = one_of("rehabilitation_stage", {"2", "3"})
# 59.6: no referral within one completed case, or for a chronic disease of the ҚР ДСМ-149/2020 list.
REFERRAL_OR_WAIVED = REFERRAL | WITHIN_CASE | ON_DYNAMIC_LIST


def activity(*values: str) -> Expr:
    """service.activity is one of `values`."""
    return one_of("activity", values)


def in_precedence(*rules: Rule) -> list[Rule]:
    """Exceptions of one level, each applying only where none listed before it applies (the first listed
    wins): the precedence is the text's, written once, instead of negating every sibling by hand."""
    out: list[Rule] = []
    earlier: list[Expr] = []
    for r in rules:
        when = r.when
        for e in earlier:
            when = when & ~e
        out.append(replace(r, when=when))
        earlier.append(r.scope)
    return out
