"""`decide()` clause by clause: `program-2026-2028` chapters 2 (GVFMC, 3–53) and 3 (CSHI, 54–71).

Each row of CASES names the clause it checks, a request (an adult citizen, uninsured and attached, on
2026-06-01, unless the row says otherwise) and the answer expected: the winning rule, `funding` and
`requires`. `test_coverage_book.py` checks that these rows and those of `test_coverage_migrants.py`
together make every rule of the book win at least once.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

import pytest

from kepil.coverage.decision import decide

ADULT = "1985-04-12"
CHILD = "2015-03-01"
OLD = "1950-01-01"


def req(date: str = "2026-06-01", service: dict[str, Any] | None = None, **person: Any) -> dict[str, Any]:
    """A request; the person defaults to an adult citizen, uninsured, attached, without policies."""
    p: dict[str, Any] = {"residency": "citizen", "birth_date": ADULT, "insured": False, "attached": True}
    p.update(person)
    return {"date": date, "person": p, "service": service or {}}


class Case(NamedTuple):
    clause: str  # what the row checks, clause first
    request: dict[str, Any]
    rule: str
    funding: str  # "none" when not covered
    requires: tuple[str, ...] = ()


def svc(kind: str, form: str | None = None, **kw: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": kind, **kw}
    if form is not None:
        out["form"] = form
    return out


INSURED = {"insured": True}

CASES: list[Case] = [
    # --- 4–5: ambulance and air ambulance.
    Case("4 ambulance emergency, uninsured",
         req(service=svc("ambulance", "emergency")), "ambulance.gvfmc", "gvfmc"),
    Case("4 ambulance urgent", req(service=svc("ambulance", "urgent")), "ambulance.gvfmc", "gvfmc"),
    Case("4 ambulance is never planned",
         req(service=svc("ambulance", "planned")), "ambulance.not_planned", "none"),
    Case("3, 4 kandas",
         req(residency="kandas", service=svc("ambulance", "emergency")), "ambulance.gvfmc", "gvfmc"),
    Case("5 air ambulance", req(service=svc("air_ambulance", "emergency")), "air_ambulance.gvfmc", "gvfmc"),
    # --- 6–7, 16, 18: PHC on attachment; phc-attachment-rules 3-1, phc-rules 3.
    Case("7 PHC attached", req(service=svc("phc", "planned")), "phc.gvfmc", "gvfmc"),
    Case("7 PHC unattached needs attachment", req(attached=False, service=svc("phc", "planned")),
         "phc.gvfmc", "none", ("attachment",)),
    Case("7 PHC urgent still needs attachment", req(attached=False, service=svc("phc", "urgent")),
         "phc.gvfmc", "none", ("attachment",)),
    Case("7 PHC emergency without attachment", req(attached=False, service=svc("phc", "emergency")),
         "phc.emergency", "gvfmc"),
    Case("16.3 postpartum home visit without attachment",
         req(attached=False, sex="female", postpartum=True, service=svc("phc", "planned")),
         "phc.postpartum_home_visit", "gvfmc"),
    Case("16.4, 18.5 infection dangerous to others, unattached",
         req(attached=False, service=svc("phc", "urgent", icd10="A15.0")), "phc.infection_outbreak", "gvfmc"),
    Case("16.4 contact of an infection, unattached",
         req(attached=False, service=svc("phc", "planned", contact_isolation=True)),
         "phc.infection_outbreak", "gvfmc"),
    Case("3 refugee PHC", req(residency="refugee", service=svc("phc", "planned")), "phc.gvfmc", "gvfmc"),
    # --- 13, 24.3, 58.1: screening.
    Case("13, 24.3 adult screening attached",
         req(service=svc("screening", "planned")), "screening.gvfmc", "gvfmc"),
    Case("13, 7 adult screening unattached", req(attached=False, service=svc("screening", "planned")),
         "screening.gvfmc", "none", ("attachment",)),
    Case("58.1, 55.1 child screening in CSHI (state-paid child)",
         req(birth_date=CHILD, service=svc("screening", "planned")), "screening.children_cshi", "cshi"),
    # --- 24–25, 56.1, 58.2, 59: specialised outpatient care.
    Case("58.2 planned with referral, insured",
         req(**INSURED, service=svc("outpatient_specialized", "planned", icd10="M54.5", referral=True)),
         "outpatient.cshi", "cshi"),
    Case("58.2, 59 planned without referral, insured",
         req(**INSURED, service=svc("outpatient_specialized", "planned", icd10="M54.5", referral=False)),
         "outpatient.cshi", "none", ("referral",)),
    Case("56.1 planned, referral, uninsured",
         req(service=svc("outpatient_specialized", "planned", icd10="M54.5", referral=True)),
         "outpatient.cshi", "none", ("insurance",)),
    Case("24.2, 25 trauma without referral, uninsured",
         req(service=svc("outpatient_specialized", "planned", icd10="S52.5", referral=False)),
         "outpatient.gvfmc_urgent_or_trauma", "gvfmc"),
    Case("24.2, 25 urgent without referral, uninsured",
         req(service=svc("outpatient_specialized", "urgent", icd10="M54.5")),
         "outpatient.gvfmc_urgent_or_trauma", "gvfmc"),
    Case("24.1 socially significant with referral, uninsured",
         req(service=svc("outpatient_specialized", "planned", icd10="C50.9", referral=True)),
         "outpatient.gvfmc_socially_significant", "gvfmc"),
    Case("24.1, 25 socially significant without referral",
         req(service=svc("outpatient_specialized", "planned", icd10="C50.9", referral=False)),
         "outpatient.gvfmc_socially_significant", "none", ("referral",)),
    Case("24.2 disease worsening the epidemic situation, outside CSHI (mobile team)",
         req(service=svc("outpatient_specialized", "planned", dangerous_to_others=True,
                         socially_significant=False)),
         "outpatient.gvfmc_epidemic", "gvfmc"),
    Case("59.3 dermatovenereologist without referral, insured",
         req(**INSURED, service=svc("outpatient_specialized", "planned", icd10="L40.0", referral=False)),
         "outpatient.cshi_dermatovenereology", "cshi"),
    Case("59.3 dermatovenereologist, uninsured",
         req(service=svc("outpatient_specialized", "planned", icd10="L40.0")),
         "outpatient.cshi_dermatovenereology", "none", ("insurance",)),
    Case("59.4 obstetrician-gynaecologist without referral, insured",
         req(**INSURED, sex="female", service=svc("outpatient_specialized", "planned", icd10="N80.0")),
         "outpatient.cshi_obgyn", "cshi"),
    Case("58.2, 59.4 registering a pregnancy (Z34) is excepted: referral needed",
         req(**INSURED, sex="female", service=svc("outpatient_specialized", "planned", icd10="Z34.0")),
         "outpatient.cshi", "none", ("referral",)),
    # --- 58.4, 59.2: dental care.
    Case("58.4 planned dental for an adult is not in CSHI",
         req(**INSURED, service=svc("dental", "planned")), "dental.not_covered", "none"),
    Case("58.4, 59.2 planned dental for a child (state-paid)",
         req(birth_date=CHILD, service=svc("dental", "planned")), "dental.planned_children_pregnant", "cshi"),
    Case("58.4, 59.2 planned dental for a pregnant woman, insured",
         req(**INSURED, sex="female", pregnant=True, service=svc("dental", "planned")),
         "dental.planned_children_pregnant", "cshi"),
    Case("58.4 emergency dental for a category (disabled)",
         req(state_paid_category="disabled", service=svc("dental", "emergency")),
         "dental.emergency_categories", "cshi"),
    Case("58.4 emergency dental for a pregnant woman, uninsured",
         req(sex="female", pregnant=True, service=svc("dental", "emergency")),
         "dental.emergency_categories", "none", ("insurance",)),
    Case("58.4 emergency dental for an adult outside the categories",
         req(**INSURED, service=svc("dental", "emergency")), "dental.not_covered", "none"),
    # --- 28–31, 56.2, 61: day hospital.
    Case("56.2, 61 day hospital insured",
         req(**INSURED, service=svc("day_hospital", "planned", icd10="M17.1")),
         "day_hospital.cshi", "cshi"),
    Case("56.2, 61 day hospital uninsured", req(service=svc("day_hospital", "planned", icd10="M17.1")),
         "day_hospital.cshi", "none", ("insurance",)),
    Case("29 day hospital for socially significant (C50.9 from the list), uninsured",
         req(service=svc("day_hospital", "planned", icd10="C50.9")),
         "day_hospital.gvfmc_socially_significant", "gvfmc"),
    Case("31 day hospital is planned only (emergency)",
         req(**INSURED, service=svc("day_hospital", "emergency")),
         "day_hospital.planned_only", "none"),
    Case("31 day hospital is planned only (urgent, socially significant)",
         req(service=svc("day_hospital", "urgent", icd10="C50.9")), "day_hospital.planned_only", "none"),
    # --- 32–36, 56.3–56.4, 62: inpatient care.
    Case("33.1 isolation of a contact", req(service=svc("inpatient", "planned", contact_isolation=True)),
         "inpatient.gvfmc_isolation", "gvfmc"),
    Case("33.2 infectious disease (A15.0 tuberculosis), insured, no referral",
         req(**INSURED, service=svc("inpatient", "planned", icd10="A15.0", referral=False)),
         "inpatient.gvfmc_infectious", "gvfmc"),
    Case("33.2 infectious-list disease (J10.1 influenza), emergency",
         req(service=svc("inpatient", "emergency", icd10="J10.1")), "inpatient.gvfmc_infectious", "gvfmc"),
    Case("56.3, 62 planned with referral, insured",
         req(**INSURED, service=svc("inpatient", "planned", icd10="K80.1", referral=True)),
         "inpatient.cshi_planned", "cshi"),
    Case("56.3, 20 planned without referral, uninsured",
         req(service=svc("inpatient", "planned", icd10="K80.1", referral=False)),
         "inpatient.cshi_planned", "none", ("referral", "insurance")),
    Case("33.3 planned socially significant with referral, uninsured",
         req(service=svc("inpatient", "planned", icd10="C50.9", referral=True)),
         "inpatient.gvfmc_planned", "gvfmc"),
    Case("33.3 planned socially significant without referral",
         req(**INSURED, service=svc("inpatient", "planned", icd10="C50.9", referral=False)),
         "inpatient.gvfmc_planned", "none", ("referral",)),
    Case("56.4, 62 emergency, insured adult",
         req(**INSURED, service=svc("inpatient", "emergency", icd10="K35.8")),
         "inpatient.cshi_emergency", "cshi"),
    Case("33, 62 emergency for a socially significant disease, insured",
         req(**INSURED, service=svc("inpatient", "emergency", icd10="C50.9")),
         "inpatient.gvfmc_emergency_socially_significant", "gvfmc"),
    Case("62 emergency for a child (state-paid)",
         req(birth_date=CHILD, service=svc("inpatient", "emergency")),
         "inpatient.cshi_emergency_priority_groups", "cshi"),
    Case("62 emergency for a pregnant woman, insured",
         req(**INSURED, sex="female", pregnant=True, service=svc("inpatient", "emergency", icd10="O14.1")),
         "inpatient.cshi_emergency_priority_groups", "cshi"),
    Case("62 emergency for a postpartum woman, insured",
         req(**INSURED, sex="female", postpartum=True, service=svc("inpatient", "emergency", icd10="O72.0")),
         "inpatient.cshi_emergency_priority_groups", "cshi"),
    Case("62 emergency for a person over 65, pension recipient",
         req(birth_date=OLD, state_paid_category="pension_recipient", service=svc("inpatient", "emergency")),
         "inpatient.cshi_emergency_priority_groups", "cshi"),
    Case("33.4 emergency outside CSHI in 2026",
         req(service=svc("inpatient", "emergency", icd10="K35.8", life_threatening=False)),
         "inpatient.gvfmc_emergency_uninsured", "gvfmc"),
    Case("33.4 urgent admission read as emergency, outside CSHI in 2026",
         req(service=svc("inpatient", "urgent", icd10="K35.8")),
         "inpatient.gvfmc_emergency_uninsured", "gvfmc"),
    Case("34 from 2027 outside CSHI, life-threatening",
         req("2027-06-01", service=svc("inpatient", "emergency", icd10="K35.8", life_threatening=True)),
         "inpatient.gvfmc_emergency_uninsured_life_threatening", "gvfmc"),
    Case("34 from 2027 outside CSHI, not life-threatening",
         req("2027-06-01", service=svc("inpatient", "emergency", icd10="K35.8", life_threatening=False)),
         "inpatient.emergency_uninsured_not_life_threatening", "none", ("insurance",)),
    Case("33.4, 35 admission department until a diagnosis, outside CSHI (2027)",
         req("2027-06-01", service=svc("inpatient", "emergency", admission_department=True)),
         "inpatient.admission_department_gvfmc", "gvfmc"),
    Case("56.4, 62 admission department, insured",
         req(**INSURED, service=svc("inpatient", "emergency", admission_department=True)),
         "inpatient.admission_department_cshi", "cshi"),
    # --- 37–39, 56.5, 64–65: rehabilitation.
    Case("56.5, 64 rehabilitation stage II–III, insured",
         req(**INSURED, service=svc("rehabilitation", "planned", rehabilitation_stage=2)),
         "rehabilitation.cshi", "cshi"),
    Case("56.5, 64 rehabilitation (stage not given), uninsured",
         req(service=svc("rehabilitation", "planned")), "rehabilitation.cshi", "none", ("insurance",)),
    Case("37, 38 rehabilitation stage I within treatment, uninsured",
         req(service=svc("rehabilitation", "planned", rehabilitation_stage=1)),
         "rehabilitation.gvfmc_main_treatment", "gvfmc"),
    Case("39 rehabilitation of a detainee",
         req(state_paid_category="detainee",
             service=svc("rehabilitation", "planned", rehabilitation_stage=3)),
         "rehabilitation.gvfmc_penitentiary", "gvfmc"),
    Case("39 rehabilitation of a convict",
         req(state_paid_category="convict", service=svc("rehabilitation", "planned")),
         "rehabilitation.gvfmc_penitentiary", "gvfmc"),
    # --- 41–46: palliative care, blood.
    Case("41, 42 palliative", req(service=svc("palliative", "planned")), "palliative.gvfmc", "gvfmc"),
    Case("46 blood, no form needed", req(service=svc("blood")), "blood.gvfmc", "gvfmc"),
    # --- 47–49, 56.6, 66–67: pathology follows the person's package.
    Case("47 pathology outside CSHI", req(service=svc("pathology")), "pathology.gvfmc", "gvfmc"),
    Case("56.6 pathology for a CSHI participant", req(**INSURED, service=svc("pathology", icd10="K80.1")),
         "pathology.cshi", "cshi"),
    Case("47 pathology for a GVFMC disease of a CSHI participant",
         req(**INSURED, service=svc("pathology", icd10="C50.9")), "pathology.gvfmc", "gvfmc"),
    # --- 50–51, 56.7, 69: post-mortem donation and transplantation.
    Case("50 organ donation in 2026", req(service=svc("organ_donation")), "organ_donation.gvfmc", "gvfmc"),
    Case("51, 56.7 organ donation from 2027, insured",
         req("2027-06-01", **INSURED, service=svc("organ_donation")),
         "organ_donation.cshi", "cshi"),
    Case("51 organ donation from 2027, uninsured", req("2027-06-01", service=svc("organ_donation")),
         "organ_donation.cshi", "none", ("insurance",)),
    # --- 52, 70–71: outpatient medicines.
    Case("70 outpatient medicines, insured", req(**INSURED, service=svc("outpatient_drugs", icd10="I10")),
         "outpatient_drugs.cshi", "cshi"),
    Case("70 outpatient medicines, uninsured", req(service=svc("outpatient_drugs", icd10="I10")),
         "outpatient_drugs.cshi", "none", ("insurance",)),
    Case("21, 52.3 outpatient medicines for a socially significant disease",
         req(service=svc("outpatient_drugs", icd10="C50.9")), "outpatient_drugs.gvfmc", "gvfmc"),
    # --- 53: treatment abroad, citizens only.
    Case("53 treatment abroad, citizen", req(service=svc("treatment_abroad", icd10="C92.0")),
         "treatment_abroad.gvfmc", "gvfmc"),
    Case("53 treatment abroad, kandas is not a citizen",
         req(residency="kandas", service=svc("treatment_abroad")),
         "treatment_abroad.not_citizen", "none"),
    Case("53 treatment abroad, permanent resident",
         req(residency="permanent_resident", **INSURED, service=svc("treatment_abroad")),
         "treatment_abroad.not_citizen", "none"),
]  # fmt: skip


def check(case: Case) -> dict[str, Any]:
    out = decide(case.request)
    assert "error" not in out, out
    assert (out["rule"], out["funding"], tuple(out["requires"])) == (case.rule, case.funding, case.requires)
    assert out["covered"] is (case.funding != "none")
    rule_clauses = {b["clause"] for b in out["basis"]}
    assert rule_clauses, "every decision cites a clause"
    return out


@pytest.mark.parametrize("case", CASES, ids=[c.clause for c in CASES])
def test_program_clause(case: Case) -> None:
    check(case)


def test_basis_cites_the_clause_of_the_row() -> None:
    """One of the clauses a row names (its leading numbers) is among the clauses the answer cites."""
    for case in CASES:
        named = re.match(r"[\d.,\s]+", case.clause)
        assert named is not None, case.clause
        clauses = {c.strip() for c in named.group().split(",") if c.strip()}
        basis = {b["clause"] for b in decide(case.request)["basis"]}
        assert any(b == c or b.startswith(c + ".") for b in basis for c in clauses), (case.clause, basis)
