"""From a validated request to the facts the rules read (one request; the batch path mirrors it in
`kepil.coverage.batch`). A fact is None when the request leaves it unknown."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from kepil.coverage.request import CoverageRequest, anniversary, is_child
from kepil.coverage.vocabulary import CUSTODIES, STAY_PACKAGES, STAY_PURPOSES
from kepil.law.program_2026_2028.coverage.icd_groups import ICD_GROUPS, group_ranges
from kepil.reference import disease_lists
from kepil.reference.disease_lists import DiseaseList

# Children under 18 in the state-paid category `child` without saying so (program-2026-2028 55.1
# "балалар"). coverage.md names citizens, kandas and permanent residents; refugees are added: they are
# attached "to realise the right to GVFMC and CSHI care" (phc-attachment-rules 3-1) like the others, and
# 55.1 says "children" without a status — see docs/coverage.md, Readings.
CHILD_CATEGORY_RESIDENCIES = frozenset({"citizen", "kandas", "permanent_resident", "refugee"})
# 55.9: "тергеу изоляторларында ұсталатын адамдар" — everyone held in pre-trial detention, without the
# employment condition the same sub-point puts on house arrest ("... жұмыс істемейтін адамдар"): custody
# `pretrial_detention` is the state-paid category `detainee` without saying so. House arrest (unemployed
# only) and a penal institution (55.8 excepts minimum-security ones) do not imply a category.
CUSTODY_CATEGORY = {"pretrial_detention": "detainee"}
# phc-attachment-rules 2.6: an EAEU labour migrant ("еңбекші көшіп-қонушы") is one who "заңды негізде еңбек
# қызметін жүзеге асыратын" — works lawfully: a temporary resident who is one stays for labour
# (migrant-care-rules 3.4), so the labour migrant's OMI (migrant-care-rules 5, 2nd part) is theirs when the
# request does not give the purpose.
EAEU_WORKER_PURPOSE = "labour"
# The purpose of a stay (migrant-care-rules 3) is a temporary resident's: for anyone else the fact is "none"
# (known not to apply), so that a temporary resident's purpose left out is an unknown fact — labour (OMI,
# migrant-care-rules 5, 2nd part) or another changes who pays — and is named when it changes the answer.
NO_STAY_PURPOSE = "none"
# 71: "жаңа туған нәрестелер" — the neonatal period, the first 28 days of life.
NEWBORN_DAYS = 28

# The list-membership facts (amendment 5): fact -> the reference list that decides it when the request does
# not say (`kepil.reference.disease_lists`; a list kepil holds no file of leaves the fact unknown).
LIST_FACTS = {
    "socially_significant": "socially_significant",
    "dangerous_to_others": "dangerous_to_others",
    "infectious": "infectious_inpatient_gvfmc",
    "on_inpatient_list": "inpatient_round_the_clock",  # 62, order ҚР ДСМ-258/2020
    "on_day_hospital_list": "day_hospital",  # 61, order No. 106 app. 3 — kepil holds none
    "on_rehabilitation_list": "rehabilitation",  # 64, order ҚР ДСМ-116/2020
    "on_custody_rehabilitation_list": "custody_rehabilitation",  # 39, order ҚР ДСМ-47 — kepil holds none
    "on_outpatient_drug_list": "outpatient_drugs",  # 21, 52.3, 70, order ҚР ДСМ-75
    "on_treatment_abroad_list": "treatment_abroad",  # 53, order ҚР ДСМ-45 app. 3
    "on_emergency_admission_list": "emergency_admission",  # 34, the authorised body's — kepil holds none
    "on_dynamic_observation_list": "dynamic_observation",  # 59.6, order ҚР ДСМ-149/2020
}
# The list facts a request field gives (the first three keep their contract names; `infectious` has none).
GIVEN_LIST_FACTS = tuple(f for f in LIST_FACTS if f.startswith("on_"))

# Request fields that feed each derived, possibly unknown, fact (named in `unknown` of an answer).
UNKNOWABLE: dict[str, str] = {
    "socially_significant": "service.socially_significant",
    "dangerous_to_others": "service.dangerous_to_others",
    "infectious": "service.icd10",
    "trauma": "service.icd10",
    "dermatovenereology": "service.icd10",
    "obgyn": "service.icd10",
    "congenital_craniofacial": "service.icd10",
    "life_threatening": "service.life_threatening",
    **{f: f"service.{f}" for f in GIVEN_LIST_FACTS},
    "on_dental_emergency_list": "person.on_dental_emergency_list",
    "screening_target_group": "service.screening_target_group",
    "first_contact": "service.first_contact",
    "rehabilitation_stage": "service.rehabilitation_stage",
    "within_stay_of": "service.within_stay_of",
    "custody": "person.custody",
    "stay_purpose": "person.stay_purpose",
}
# The values an unknown fact is tried with (booleans: true and false).
UNKNOWN_VALUES: dict[str, tuple[Any, ...]] = {
    "rehabilitation_stage": ("1", "2", "3"),
    "within_stay_of": STAY_PACKAGES,
    "custody": CUSTODIES,
    "stay_purpose": STAY_PURPOSES,
}

# 58.4: emergency dental care for "certain categories of the population" of order ҚР ДСМ-106/2020, a list
# the seeds do not hold. kepil's partial reconstruction: the groups certainly on it — children and pregnant
# women, to whom 58.4 itself gives planned dental care too (the order's title is "categories for emergency
# AND planned dental care"). Certainty high for both. Any other person: not known (None), unless the request
# says (person.on_dental_emergency_list). The earlier guess (disabled persons, pension recipients, mothers of
# large families, recipients of targeted social assistance) is not kept: nothing in the acts supports it.
DENTAL_EMERGENCY_CATEGORIES = {"child": "high", "pregnant": "high"}


def is_over_65(birth: dt.date, on: dt.date) -> bool:
    """`program-2026-2028` 62: "65 жастан асқан" — past 65, i.e. from the day after the 65th birthday."""
    return on > anniversary(birth, 65)


def is_newborn(birth: dt.date, on: dt.date) -> bool:
    """71: a newborn — in the first 28 days of life (the day of birth is day 1)."""
    return (on - birth).days < NEWBORN_DAYS


def from_list(
    fact: str,
    given: bool | None,
    icd10: str | None,
    on: dt.date,
    lists: Mapping[str, DiseaseList] | None = None,
) -> bool | None:
    """A given true/false wins (coverage.md, amendment 5); otherwise the reference list in force on `on`
    decides — a partial list only for the codes it holds; otherwise None (not known). `lists`: the versions
    in force on `on` (`disease_lists.in_force_on`), when the caller has them already."""
    if given is not None:
        return given
    if icd10 is None:
        return None
    found = (disease_lists.in_force_on(on) if lists is None else lists).get(LIST_FACTS[fact])
    return None if found is None else found.member(icd10)


def dental_emergency(given: bool | None, child: bool, pregnant: bool) -> bool | None:
    """58.4: given wins; a child or a pregnant woman is certainly in the categories; else not known."""
    if given is not None:
        return given
    return True if child or pregnant else None


def custody_of(given: str | None, category: str | None) -> str | None:
    """Where the person is held: given wins; a convict (55.8: serving a sentence in a penal institution) is
    in one; a detainee (55.9) is in pre-trial detention or under house arrest — not known which; anyone
    else is held nowhere ("none")."""
    if given is not None:
        return given
    if category == "convict":
        return "penitentiary"
    if category == "detainee":
        return None
    return "none"


def facts_of(r: CoverageRequest) -> dict[str, Any]:
    child = is_child(r.birth_date, r.date)
    category = r.state_paid_category
    if category is None and child and r.residency in CHILD_CATEGORY_RESIDENCIES:
        category = "child"
    if category is None and r.custody is not None:
        category = CUSTODY_CATEGORY.get(r.custody)
    stay_purpose = r.stay_purpose
    if r.residency != "temporary_resident":
        stay_purpose = NO_STAY_PURPOSE
    elif stay_purpose is None and r.eaeu_worker:
        stay_purpose = EAEU_WORKER_PURPOSE
    pregnant = r.pregnant or category == "pregnant_unemployed"
    icd_facts = {g: (None if r.icd10 is None else group_ranges(g).contains(r.icd10)) for g in ICD_GROUPS}
    in_force = disease_lists.in_force_on(r.date)
    lists = {f: from_list(f, getattr(r, f), r.icd10, r.date, in_force) for f in GIVEN_LIST_FACTS}
    return {
        "date": r.date,
        "kind": r.kind,
        "form": r.form,
        "residency": r.residency,
        "stay_purpose": stay_purpose,
        "child": child,
        "over_65": is_over_65(r.birth_date, r.date),
        "newborn": is_newborn(r.birth_date, r.date),
        "eaeu": r.eaeu_worker or r.eaeu_family,
        "state_paid_category": category,
        # coverage.md: a person in a state-paid category is a CSHI participant whatever `insured` says.
        "cshi": r.insured is True or category is not None,
        "pregnant": pregnant,
        "postpartum": r.postpartum,
        "omi": "omi" in r.policies,
        "vhi": "vhi" in r.policies,
        "attached": r.attached is True,
        "referral": r.referral is True,
        "life_threatening": r.life_threatening,
        "socially_significant": from_list(
            "socially_significant", r.socially_significant, r.icd10, r.date, in_force
        ),
        "dangerous_to_others": from_list(
            "dangerous_to_others", r.dangerous_to_others, r.icd10, r.date, in_force
        ),
        "infectious": from_list("infectious", None, r.icd10, r.date, in_force),
        "contact_isolation": r.contact_isolation is True,
        "admission_department": r.admission_department is True,
        "rehabilitation_stage": None if r.rehabilitation_stage is None else str(r.rehabilitation_stage),
        "urgency_category": None if r.urgency_category is None else str(r.urgency_category),
        "on_dental_emergency_list": dental_emergency(r.on_dental_emergency_list, child, pregnant),
        "custody": custody_of(r.custody, category),
        "screening_target_group": r.screening_target_group,
        "first_contact": r.first_contact,
        "within_completed_case": r.within_completed_case is True,
        "activity": r.activity,
        "within_stay_of": r.within_stay_of,
        **lists,
        **icd_facts,
    }
