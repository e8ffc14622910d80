"""Gaps and conflicts: a grid of several thousand valid requests over the facts that matter. Every one must
get a decision (a gap raises NoRuleApplies, an overlap RuleConflict), valid under
coverage-response.schema.json, with `covered` ⇔ funding ≠ none, nothing required when covered, a clause
cited, and an explanation in kk, ru and en."""

from __future__ import annotations

import itertools
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from kepil.coverage.decision import decide
from kepil.coverage.request import EAEU_WORKER_NOT, WOMEN_ONLY
from kepil.coverage.rulebook import rulebook

# (residency, stay_purpose): every purpose for temporary residents, none otherwise.
PURPOSES = [None, "historic_homeland", "family_reunification", "education", "labour", "humanitarian",
            "political"]  # fmt: skip
RESIDENCIES = [
    *[(r, None) for r in ("citizen", "kandas", "refugee", "permanent_resident", "asylum_seeker")],
    *[("temporary_resident", p) for p in PURPOSES],
]
KINDS = [
    "ambulance", "air_ambulance", "phc", "outpatient_specialized", "dental", "screening", "day_hospital",
    "inpatient", "rehabilitation", "palliative", "blood", "pathology", "organ_donation", "outpatient_drugs",
    "treatment_abroad",
]  # fmt: skip
FORMLESS = {"blood", "pathology", "organ_donation", "outpatient_drugs", "treatment_abroad"}
FORMS = ["emergency", "urgent", "planned"]
DATES = ["2026-06-01", "2027-06-01"]
AGES = {"child": "2015-03-01", "adult": "1985-04-12", "over_65": "1950-01-01"}
# CSHI: (insured, state_paid_category)
CSHI = [(False, None), (True, None), (None, "convict"), (False, "pension_recipient"), (False, "detainee")]
# (socially_significant, dangerous_to_others): given or left to the ICD-10 lists.
LISTS = [(None, None), (True, False), (False, True), (False, False), (True, True)]
ICD = [None, "A15.0", "C50.9", "K35.8", "S52.5", "L40.0", "N80.0", "J10.1", "M54.5", "I10", "Q35.9", "C92.0",
       "I63.9"]  # fmt: skip
TRISTATE = [True, False, None]
POLICIES: list[list[str]] = [[], ["omi"], ["vhi"], ["omi", "vhi"]]

# The secondary facts (cshi, lists, referral, attached, life_threatening, eaeu, policies), rotated through
# the primary grid.
BOOL = [True, False]
SECONDARY = list(itertools.product(CSHI, LISTS, BOOL, BOOL, TRISTATE, BOOL, range(len(POLICIES))))
PER_PRIMARY = 6
# kepil's extensions (list facts, activities, stays, categories, custody), rotated through the grid too.
LIST_FACTS = ("on_inpatient_list", "on_day_hospital_list", "on_rehabilitation_list",
              "on_custody_rehabilitation_list", "on_outpatient_drug_list", "on_treatment_abroad_list",
              "on_emergency_admission_list",
              "on_dynamic_observation_list", "screening_target_group", "first_contact")  # fmt: skip
ACTIVITIES: dict[str, list[str | None]] = {
    "phc": [None, "immunisation", "health_certificate"],
    "outpatient_specialized": [None, "laboratory", "procedure", "youth_health_centre"],
    "dental": [None, "orthodontic", "orthopaedic"],
    "outpatient_drugs": [None, "newborn_kit"],
}
DAY_OFF = "2026-05-31"  # a Sunday: the ambulance's category-4 calls go to the station (4)


def extensions(kind: str, k: int) -> dict[str, Any]:
    """The extension fields of the k-th request of the grid (valid for its kind)."""
    out: dict[str, Any] = {f: TRISTATE[(k // (3 ** (i % 4))) % 3] for i, f in enumerate(LIST_FACTS)}
    out["within_completed_case"] = k % 4 == 0
    activities = ACTIVITIES.get(kind, [None])
    out["activity"] = activities[k % len(activities)]
    if kind in ("ambulance", "phc"):
        out["urgency_category"] = (None, 1, 4, 2)[k % 4]
    if kind in ("blood", "pathology"):
        out["within_stay_of"] = (None, "gvfmc", "cshi", "none")[k % 4]
    return out


def grid() -> Iterator[dict[str, Any]]:
    primary = itertools.product(RESIDENCIES, KINDS, FORMS, DATES, AGES.values())
    for i, ((residency, purpose), kind, form, date, birth) in enumerate(primary):
        if kind in FORMLESS and form != "planned":
            continue
        if date == "2026-06-01" and i % 3 == 0:
            date = DAY_OFF
        for j in range(PER_PRIMARY):
            (insured, category), (ss, dang), referral, attached, lt, eaeu, pol = SECONDARY[
                (i * 7919 + j * 131) % len(SECONDARY)
            ]
            k = i + j
            yield {
                "date": date,
                "person": {
                    "residency": residency, "stay_purpose": purpose, "birth_date": birth, "insured": insured,
                    "state_paid_category": category, "attached": attached,
                    # an EAEU worker is no citizen nor permanent resident (phc-attachment-rules 2.6: refused)
                    "eaeu_worker": eaeu and residency not in EAEU_WORKER_NOT,
                    "eaeu_family": eaeu and k % 2 == 0, "policies": POLICIES[pol],
                    "pregnant": k % 7 == 0, "postpartum": k % 11 == 0,
                    # a man is neither pregnant nor in a women's category (a contradiction is refused)
                    "sex": "female" if k % 3 or not k % 7 or not k % 11 or category in WOMEN_ONLY else "male",
                    "on_dental_emergency_list": TRISTATE[k % 3],
                    "custody": (None, "pretrial_detention", "house_arrest")[k % 3]
                    if category == "detainee" else None,
                },
                "service": {
                    "kind": kind, "form": None if kind in FORMLESS else form, "icd10": ICD[k % len(ICD)],
                    "referral": referral, "life_threatening": lt, "socially_significant": ss,
                    "dangerous_to_others": dang, "contact_isolation": k % 13 == 0,
                    "admission_department": k % 5 == 0 if kind == "inpatient" else None,
                    "rehabilitation_stage": (None, 1, 2, 3)[k % 4] if kind == "rehabilitation" else None,
                    **extensions(kind, k),
                },
            }  # fmt: skip


@pytest.fixture(scope="module")
def validator(shared_dir: Path) -> jsonschema.protocols.Validator:
    schema = json.loads((shared_dir / "contracts" / "coverage-response.schema.json").read_text())
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def test_grid_has_no_gap_or_conflict(validator: jsonschema.protocols.Validator) -> None:
    """Every valid request of the grid gets exactly one rule (program-2026-2028 ch. 2–3, migrant-care-rules
    3, 5, 9), and its answer keeps the contract (coverage.md, Response)."""
    n = 0
    rules: Counter[str] = Counter()
    fundings: Counter[str] = Counter()
    for request in grid():
        out = decide(request)  # NoRuleApplies / RuleConflict would raise here
        assert "error" not in out, (request, out)
        errors = list(validator.iter_errors(out))
        assert not errors, (request, out, errors[0].message)
        assert out["covered"] is (out["funding"] != "none"), out
        if out["covered"]:
            assert out["requires"] == [], out
        assert out["basis"], out
        for lang in ("kk", "ru", "en"):
            assert out["explanation"][lang].strip(), out
        rules[out["rule"]] += 1
        fundings[out["funding"]] += 1
        n += 1
    assert n >= 10_000
    assert set(fundings) == {"gvfmc", "cshi", "omi", "vhi", "none"}
    book = [r.id for r in rulebook().rules]
    assert len(rules) >= 0.9 * len(book), f"the grid misses {sorted(set(book) - set(rules))}"


def test_grid_answers_are_deterministic() -> None:
    """The same request answers the same way twice (the explanation cache changes nothing)."""
    sample = list(itertools.islice(grid(), 0, 3000, 97))
    assert [decide(r) for r in sample] == [decide(r) for r in sample]
