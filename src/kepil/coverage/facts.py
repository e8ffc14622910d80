"""From a validated request to the facts the rules read (one request; the batch path mirrors it in
`kepil.coverage.batch`). A fact is None when the request leaves it unknown."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kepil.coverage.request import CoverageRequest
from kepil.law.program_2026_2028.coverage.icd_groups import ICD_GROUPS, group_ranges
from kepil.reference import disease_lists

# coverage.md: children under 18 who are citizens, kandas or permanent residents are state-paid `child`.
CHILD_CATEGORY_RESIDENCIES = frozenset({"citizen", "kandas", "permanent_resident"})
# Request fields that feed each derived, possibly unknown, fact (named in `unknown` of an answer).
UNKNOWABLE: dict[str, str] = {
    "socially_significant": "service.socially_significant",
    "dangerous_to_others": "service.dangerous_to_others",
    "infectious": "service.icd10",
    "trauma": "service.icd10",
    "dermatovenereology": "service.icd10",
    "obgyn": "service.icd10",
    "life_threatening": "service.life_threatening",
}
# Which disease list decides each list-based fact when the request does not say.
LIST_FACTS = {
    "socially_significant": "socially_significant",
    "dangerous_to_others": "dangerous_to_others",
    "infectious": "infectious_inpatient_gvfmc",
}


def anniversary(birth: dt.date, years: int) -> dt.date:
    """The day a person born on `birth` turns `years`; 29 February falls on 28 February in other years."""
    try:
        return birth.replace(year=birth.year + years)
    except ValueError:
        return dt.date(birth.year + years, 2, 28)


def is_child(birth: dt.date, on: dt.date) -> bool:
    """Under 18 (`phc-attachment-rules` 2.3: "он сегіз жасқа толмаған"): the 18th birthday ends it."""
    return on < anniversary(birth, 18)


def is_over_65(birth: dt.date, on: dt.date) -> bool:
    """`program-2026-2028` 62: "65 жастан асқан" — past 65, i.e. from the day after the 65th birthday."""
    return on > anniversary(birth, 65)


def from_list(fact: str, given: bool | None, icd10: str | None, on: dt.date) -> bool | None:
    """A given true/false wins (coverage.md); otherwise the reference list in force on `on` decides."""
    if given is not None:
        return given
    if icd10 is None:
        return None
    return disease_lists.contains(LIST_FACTS[fact], icd10, on)


def facts_of(r: CoverageRequest) -> dict[str, Any]:
    child = is_child(r.birth_date, r.date)
    category = r.state_paid_category
    if category is None and child and r.residency in CHILD_CATEGORY_RESIDENCIES:
        category = "child"
    icd_facts = {g: (None if r.icd10 is None else group_ranges(g).contains(r.icd10)) for g in ICD_GROUPS}
    return {
        "date": r.date,
        "kind": r.kind,
        "form": r.form,
        "residency": r.residency,
        "stay_purpose": r.stay_purpose,
        "child": child,
        "over_65": is_over_65(r.birth_date, r.date),
        "eaeu": r.eaeu_worker or r.eaeu_family,
        "state_paid_category": category,
        # coverage.md: a person in a state-paid category is a CSHI participant whatever `insured` says.
        "cshi": r.insured is True or category is not None,
        "pregnant": r.pregnant,
        "postpartum": r.postpartum,
        "omi": "omi" in r.policies,
        "vhi": "vhi" in r.policies,
        "attached": r.attached is True,
        "referral": r.referral is True,
        "life_threatening": r.life_threatening,
        "socially_significant": from_list("socially_significant", r.socially_significant, r.icd10, r.date),
        "dangerous_to_others": from_list("dangerous_to_others", r.dangerous_to_others, r.icd10, r.date),
        "infectious": from_list("infectious", None, r.icd10, r.date),
        "contact_isolation": r.contact_isolation is True,
        "admission_department": r.admission_department is True,
        "rehabilitation_stage": None if r.rehabilitation_stage is None else str(r.rehabilitation_stage),
        **icd_facts,
    }
