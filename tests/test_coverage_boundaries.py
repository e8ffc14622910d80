"""Boundary days and derived facts of `decide()`: the Program's term (2026-01-01..2028-12-31), the changes
of 2027-01-01 (34, 51), the 18th birthday (55.1), "65 жастан асқан" (62), 29 February, Nauryz; facts
derived from the IIN and from ICD-10; the `unknown` list."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kepil.coverage.decision import decide
from kepil.reference.iin import make_iin
from test_coverage_rules import INSURED, Case, check, req, svc

EMERGENCY_K35 = svc("inpatient", "emergency", icd10="K35.8", life_threatening=False)
DAY_HOSPITAL = svc("day_hospital", "planned", icd10="M17.1", on_day_hospital_list=True)

CASES: list[Case] = [
    # --- 34: the narrowing of 33.4 on 2027-01-01.
    Case("33.4 last day before the narrowing (2026-12-31)", req("2026-12-31", service=EMERGENCY_K35),
         "inpatient.gvfmc_emergency_uninsured", "gvfmc"),
    Case("34 first day of the narrowing (2027-01-01)", req("2027-01-01", service=EMERGENCY_K35),
         "inpatient.emergency_uninsured_not_life_threatening", "none", ("insurance",)),
    Case("34 life-threatening on 2027-01-01",
         req("2027-01-01", service={**EMERGENCY_K35, "life_threatening": True}),
         "inpatient.gvfmc_emergency_uninsured_life_threatening", "gvfmc"),
    # --- 50 → 51: organ donation moves into CSHI on 2027-01-01.
    Case("50 organ donation on 2026-12-31", req("2026-12-31", service=svc("organ_donation")),
         "organ_donation.gvfmc", "gvfmc"),
    Case("51 organ donation on 2027-01-01, uninsured", req("2027-01-01", service=svc("organ_donation")),
         "organ_donation.cshi", "none", ("insurance",)),
    Case("51 organ donation on 2027-01-01, insured",
         req("2027-01-01", **INSURED, service=svc("organ_donation")),
         "organ_donation.cshi", "cshi"),
    # --- The Program's first and last day.
    Case("4 ambulance on the Program's first day", req("2026-01-01", service=svc("ambulance", "emergency")),
         "ambulance.gvfmc", "gvfmc"),
    Case("34 on the Program's last day", req("2028-12-31", service=EMERGENCY_K35),
         "inpatient.emergency_uninsured_not_life_threatening", "none", ("insurance",)),
    # --- 55.1: a child is state-paid until the 18th birthday (born 2008-06-01).
    Case("55.1 the day before the 18th birthday: state-paid child",
         req("2026-05-31", birth_date="2008-06-01", service=DAY_HOSPITAL), "day_hospital.cshi", "cshi"),
    Case("55.1 on the 18th birthday: no longer a child",
         req("2026-06-01", birth_date="2008-06-01", service=DAY_HOSPITAL),
         "day_hospital.cshi", "none", ("insurance",)),
    Case("62 the day before the 18th birthday: priority group (child)",
         req("2026-05-31", birth_date="2008-06-01", service=EMERGENCY_K35),
         "inpatient.cshi_emergency_priority_groups", "cshi"),
    Case("33.4 on the 18th birthday: an uninsured adult",
         req("2026-06-01", birth_date="2008-06-01", service=EMERGENCY_K35),
         "inpatient.gvfmc_emergency_uninsured", "gvfmc"),
    # --- 62: "65 жастан асқан" — past 65, from the day after the 65th birthday (born 1961-06-01, insured).
    Case("62 on the 65th birthday: not yet past 65",
         req("2026-06-01", birth_date="1961-06-01", **INSURED, service=EMERGENCY_K35),
         "inpatient.cshi_emergency", "cshi"),
    Case("62 the day after the 65th birthday: past 65",
         req("2026-06-02", birth_date="1961-06-01", **INSURED, service=EMERGENCY_K35),
         "inpatient.cshi_emergency_priority_groups", "cshi"),
    # --- 29 February: the 18th birthday of someone born 2008-02-29 falls on 2026-02-28 (no 29th).
    Case("55.1 born 29 February: 2026-02-27 still a child",
         req("2026-02-27", birth_date="2008-02-29", service=DAY_HOSPITAL), "day_hospital.cshi", "cshi"),
    Case("55.1 born 29 February: 18 on 2026-02-28",
         req("2026-02-28", birth_date="2008-02-29", service=DAY_HOSPITAL),
         "day_hospital.cshi", "none", ("insurance",)),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[c.clause for c in CASES])
def test_boundary(case: Case) -> None:
    check(case)


@pytest.mark.parametrize("date", ["2025-12-31", "2029-01-01", "2020-01-01"])
def test_law_not_in_force(date: str) -> None:
    """program-2026-2028 is in force 2026-01-01..2028-12-31: outside it, `law_not_in_force`."""
    out = decide(req(date, service=svc("ambulance", "emergency")))
    assert out["error"]["code"] == "law_not_in_force"
    assert out["error"]["message"]


def test_29_february_birthday_from_the_iin() -> None:
    """coverage.md `person.iin`: the birth date comes from the IIN when not given; 2008-02-29 turns 18 on
    2026-02-28."""
    iin = make_iin(dt.date(2008, 2, 29), "female")
    person: dict[str, Any] = {"residency": "citizen", "iin": iin, "insured": False}
    before = decide({"date": "2026-02-27", "person": person, "service": DAY_HOSPITAL})
    on = decide({"date": "2026-02-28", "person": person, "service": DAY_HOSPITAL})
    assert before["covered"] and not on["covered"]


def test_birth_date_wins_over_the_iin() -> None:
    """coverage.md `person.iin`: when both are given and disagree, `birth_date` wins."""
    adult_iin = "850412312347"
    out = decide(req(iin=adult_iin, birth_date="2015-03-01", service=DAY_HOSPITAL))
    assert out["covered"] and out["funding"] == "cshi"  # the child of birth_date is state-paid
    out = decide(
        {"date": "2026-06-01", "person": {"residency": "citizen", "iin": adult_iin}, "service": DAY_HOSPITAL}
    )
    assert not out["covered"] and out["requires"] == ["insurance"]


NAURYZ = [
    ("2026-03-20", ["2026-03-21", "2026-03-22", "2026-03-23"]),
    ("2027-03-20", ["2027-03-21", "2027-03-22"]),
]


@pytest.mark.parametrize(("ordinary", "holidays"), NAURYZ)
def test_nauryz_changes_nothing_in_coverage(ordinary: str, holidays: list[str]) -> None:
    """Coverage does not depend on working days: the Nauryz holidays answer as the day before."""
    services = [EMERGENCY_K35, DAY_HOSPITAL, svc("phc", "planned"), svc("outpatient_specialized", "planned")]
    for service in services:
        base = {k: v for k, v in decide(req(ordinary, service=service)).items()}
        for day in holidays:
            assert decide(req(day, service=service)) == base, (day, service)


# --- Facts derived from ICD-10 when `socially_significant` / `dangerous_to_others` are not given.


def test_tuberculosis_is_derived_dangerous_for_a_migrant() -> None:
    """migrant-care-rules 5: A15.0 (tuberculosis) is on the list of diseases dangerous to others."""
    out = decide(
        req(
            residency="temporary_resident",
            stay_purpose="education",
            service=svc("phc", "planned", icd10="A15.0"),
        )
    )
    assert out["rule"] == "migrant.phc.gvfmc_dangerous" and out["unknown"] == []


def test_given_flag_wins_over_the_list() -> None:
    """coverage.md: a given `dangerous_to_others: false` wins over the ICD-10 list."""
    service = svc("phc", "planned", icd10="A15.0", dangerous_to_others=False)
    out = decide(req(residency="temporary_resident", stay_purpose="education", service=service))
    assert out["rule"] == "migrant.phc"


def test_breast_cancer_is_derived_socially_significant() -> None:
    """29: C50.9 is on the list of socially significant diseases (ҚР ДСМ-108/2020) → GVFMC day hospital;
    `socially_significant: false` given turns it into CSHI (56.2)."""
    assert decide(req(service=svc("day_hospital", "planned", icd10="C50.9")))["funding"] == "gvfmc"
    given = decide(req(service=svc("day_hospital", "planned", icd10="C50.9", socially_significant=False)))
    assert (given["rule"], given["requires"]) == ("day_hospital.cshi", ["insurance"])


def test_appendicitis_is_on_no_list() -> None:
    """33.4: K35.8 is neither socially significant nor dangerous: emergency care outside CSHI in 2026."""
    out = decide(req(service=svc("inpatient", "emergency", icd10="K35.8")))
    assert out["rule"] == "inpatient.gvfmc_emergency_uninsured" and out["unknown"] == []


# --- `unknown`: facts not given are unknown, not false.


def test_unknown_life_threatening_in_2027() -> None:
    """34: from 2027 an uninsured emergency admission turns on `life_threatening`; absent, it is named."""
    out = decide(req("2027-06-01", service=svc("inpatient", "emergency", icd10="K35.8")))
    assert "service.life_threatening" in out["unknown"]
    assert out["rule"] == "inpatient.emergency_uninsured_not_life_threatening"
    assert "whether the condition threatens life" in out["explanation"]["en"]
    assert (
        "өмірге қауіп" in out["explanation"]["kk"]
        and "угрожает ли состояние жизни" in out["explanation"]["ru"]
    )


def test_life_threatening_does_not_matter_in_2026() -> None:
    """33.4 before 2027 covers every emergency outside CSHI: `life_threatening` is not asked for."""
    out = decide(req("2026-06-01", service=svc("inpatient", "emergency", icd10="K35.8")))
    assert "service.life_threatening" not in out["unknown"]


def test_unknown_diagnosis_is_named() -> None:
    """33.2, 33.3: without icd10 or the flags, a planned admission names the diagnosis facts it lacks."""
    out = decide(req(**INSURED, service=svc("inpatient", "planned", referral=True)))
    assert {"service.icd10", "service.socially_significant", "service.dangerous_to_others"} <= set(
        out["unknown"]
    )


def test_nothing_unknown_when_all_given() -> None:
    service = svc("inpatient", "planned", icd10="K80.1", referral=True, life_threatening=False,
                  socially_significant=False, dangerous_to_others=False, contact_isolation=False)  # fmt: skip
    assert decide(req(**INSURED, service=service))["unknown"] == []


def test_explain_trace_names_the_rules_tried() -> None:
    """--explain: the trace lists the rules tried, their clauses and facts read; the winner applies."""
    out = decide(req("2027-02-01", service=EMERGENCY_K35), explain=True)
    trace = out["trace"]
    assert any(step["rule"] == out["rule"] and step["applies"] is True for step in trace)
    assert any(step["rule"] == "inpatient.cshi_emergency" and step["applies"] for step in trace)
    assert all(step["basis"] and "facts" in step for step in trace)
    assert "trace" not in decide(req("2027-02-01", service=EMERGENCY_K35))


# --- 4: a category-4 call — the hour decides who serves, never whether it is paid (Nauryz included).
CATEGORY_4 = svc("ambulance", "urgent", urgency_category=4)


@pytest.mark.parametrize("day", ["2026-03-20", "2026-03-21", "2026-03-23", "2026-03-24", "2026-03-26"])
def test_category_4_is_paid_on_working_days_and_holidays(day: str) -> None:
    """4: category-4 calls are served by PHC teams 08:00–20:00 on working days, otherwise by the station —
    both within the GVFMC, and the answer says both (the request has no hour)."""
    out = decide(req(day, service=CATEGORY_4))
    assert (out["rule"], out["funding"]) == ("ambulance.category_4", "gvfmc")
    assert "08:00 to 20:00" in out["explanation"]["en"] and "holidays" in out["explanation"]["en"]


def test_newborn_kit_boundary() -> None:
    """71: the newborn's kit within the first 28 days of life (born 2026-05-04: day 28 is 2026-05-31)."""
    kit = svc("outpatient_drugs", activity="newborn_kit")
    assert (
        decide(req("2026-05-31", birth_date="2026-05-04", service=kit))["rule"]
        == "outpatient_drugs.newborn_kit"
    )
    assert decide(req("2026-06-01", birth_date="2026-05-04", service=kit))["rule"] == (
        "outpatient_drugs.newborn_kit_not_newborn"
    )


def test_health_certificate_ends_on_the_18th_birthday() -> None:
    """60: free certificates for children under 18 — the 18th birthday ends it (born 2008-06-01)."""
    cert = svc("phc", "planned", activity="health_certificate")
    before = decide(req("2026-05-31", birth_date="2008-06-01", service=cert))
    on = decide(req("2026-06-01", birth_date="2008-06-01", service=cert))
    assert (before["rule"], before["funding"]) == ("phc.health_certificate_child", "cshi")
    assert (on["rule"], on["funding"]) == ("phc.health_certificate_adult", "none")


def test_22_first_contact_from_1_january_2027() -> None:
    """22: on 2026-12-31 PHC is GVFMC whatever the visit; from 2027-01-01 an uninsured person's repeat visit
    needs CSHI participation, and a visit not said to be a first contact names the fact."""
    visit = svc("phc", "planned", icd10="J06.9")
    before = decide(req("2026-12-31", service=visit))
    after = decide(req("2027-01-01", service=visit))
    assert (before["covered"], before["unknown"]) == (True, [])
    assert (after["covered"], after["requires"], after["unknown"]) == (False, ["insurance"],
                                                                       ["service.first_contact"])  # fmt: skip


def test_refugee_child_is_state_paid() -> None:
    """55.1 "балалар", phc-attachment-rules 3-1: a refugee child is a state-paid CSHI participant; the
    18th birthday ends it."""
    service = svc("day_hospital", "planned", icd10="M17.1", on_day_hospital_list=True)
    child = decide(req("2026-05-31", residency="refugee", birth_date="2008-06-01", service=service))
    adult = decide(req("2026-06-01", residency="refugee", birth_date="2008-06-01", service=service))
    assert (child["funding"], adult["requires"]) == ("cshi", ["insurance"])


def test_detainee_custody_unknown_is_named() -> None:
    """39, 55.9: a detainee may be in pre-trial detention (39: GVFMC) or under house arrest (64: CSHI) — the
    answer names person.custody."""
    out = decide(req(state_paid_category="detainee",
                     service=svc("rehabilitation", "planned", rehabilitation_stage=2, icd10="I63.9",
                                 on_custody_rehabilitation_list=True)))  # fmt: skip
    assert out["funding"] == "cshi" and "person.custody" in out["unknown"]
