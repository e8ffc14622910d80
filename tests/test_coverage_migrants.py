"""`decide()` for foreigners staying temporarily and asylum seekers: `migrant-care-rules` 3, 5, 9,
`phc-attachment-rules` 3-1 and 4, `phc-rules` 3 (with `program-2026-2028` 3 for who gets GVFMC at all)."""

from __future__ import annotations

from typing import Any

import pytest

from kepil.coverage.decision import decide
from test_coverage_rules import Case, check, req, svc

# The kinds of care the migrant rules speak of (treatment abroad is for citizens only, 53).
KINDS = (
    "ambulance", "air_ambulance", "phc", "outpatient_specialized", "dental", "screening", "day_hospital",
    "inpatient", "rehabilitation", "palliative", "blood", "pathology", "organ_donation", "outpatient_drugs",
)  # fmt: skip
FORMLESS = {"blood", "pathology", "organ_donation", "outpatient_drugs"}
# What an uninsured student lacks for planned care of each kind: a policy where OMI's minimum list (the rule
# book's reading of order No. 111) or PHC attachment under OMI would pay; CSHI participation where the CSHI
# would (phc-attachment-rules 3-1) and no contract would — with a referral where the CSHI needs one. Planned
# PHC under a contract also needs the attachment it allows (phc-attachment-rules 9-1, 13): these people are
# not attached, so PHC names both.
MISSING: dict[str, tuple[str, ...]] = {
    "ambulance": ("policy",), "phc": ("attachment", "policy"),
    "outpatient_specialized": ("referral", "insurance"), "day_hospital": ("insurance",),
    "inpatient": ("referral", "insurance"), "rehabilitation": ("insurance",),
    "pathology": ("insurance",), "outpatient_drugs": ("insurance",),
}  # fmt: skip


def temp(purpose: str | None, **person: Any) -> dict[str, Any]:
    return {"residency": "temporary_resident", "stay_purpose": purpose, "attached": False, **person}


def kind_svc(kind: str, form: str = "planned", **kw: Any) -> dict[str, Any]:
    return svc(kind, None if kind in FORMLESS else form, **kw)


def _per_kind() -> list[Case]:
    rows: list[Case] = []
    for kind in KINDS:
        if kind != "organ_donation":
            rows.append(
                Case(f"5 {kind}: tuberculosis (A15.0) of a student (purpose 3.3) is GVFMC",
                     req(**temp("education"), service=kind_svc(kind, icd10="A15.0")),
                     f"migrant.{kind}.gvfmc_dangerous", "gvfmc"))  # fmt: skip
            rows.append(
                Case(f"3-1 {kind}: asylum seeker with a disease dangerous to others is GVFMC",
                     req(residency="asylum_seeker", attached=False,
                         service=kind_svc(kind, dangerous_to_others=True)),
                     f"migrant.{kind}.gvfmc_dangerous_other", "gvfmc"))  # fmt: skip
        missing = MISSING.get(kind, ())
        decided = f"migrant.{kind}"
        rows.append(
            Case(f"3, 5 {kind}: student, nothing dangerous, no insurance: not GVFMC",
                 req(**temp("education"), service=kind_svc(kind, dangerous_to_others=False, icd10="M54.5")),
                 decided, "none", missing))  # fmt: skip
    return rows


INSURED_TEMP = temp("education", insured=True, attached=True)
LABOUR = temp("labour", attached=True)
EAEU = temp("labour", eaeu_worker=True, attached=True)
STUDENT = temp("education", attached=True)
KIT = svc("outpatient_drugs", activity="newborn_kit")  # 71, 2nd part

CASES: list[Case] = [
    *_per_kind(),
    # --- phc-attachment-rules 3-1, phc-rules 3.4: PHC under OMI for any temporary resident or asylum seeker.
    Case("3-1 student holding OMI gets PHC under OMI",
         req(**STUDENT, policies=["omi"], service=svc("phc", "planned")),
         "migrant.phc.omi", "omi"),
    Case("3-1 asylum seeker holding OMI and VHI: OMI pays PHC",
         req(residency="asylum_seeker", policies=["omi", "vhi"], service=svc("phc", "planned")),
         "migrant.phc.omi", "omi"),
    # --- phc-attachment-rules 13, program 7: planned PHC under a contract comes from the organisation of
    # attachment; an emergency needs none.
    Case("13 student holding OMI but not attached: planned PHC needs attachment",
         req(**temp("education"), policies=["omi"], service=svc("phc", "planned")),
         "migrant.phc.omi", "none", ("attachment",)),
    Case("7, 13 student holding VHI, not attached, emergency PHC",
         req(**temp("education"), policies=["vhi"], service=svc("phc", "emergency")),
         "migrant.phc.vhi", "vhi"),
    Case("13 labour migrant with OMI, not attached: planned PHC needs attachment",
         req(**temp("labour"), policies=["omi"], service=svc("phc", "planned")),
         "migrant.phc.omi_labour", "none", ("attachment",)),
    # --- 5, first part: the listed purposes 3.2)–3.5); 3-1 for the others (historic homeland, political).
    Case("5 family reunification, contact isolation is GVFMC",
         req(**temp("family_reunification"), service=svc("inpatient", "planned", contact_isolation=True)),
         "migrant.inpatient.gvfmc_dangerous", "gvfmc"),
    Case("5 humanitarian, dangerous disease",
         req(**temp("humanitarian"), service=svc("phc", "planned", icd10="A15.0")),
         "migrant.phc.gvfmc_dangerous", "gvfmc"),
    Case("3-1 political purpose, dangerous disease",
         req(**temp("political"), service=svc("inpatient", "planned", icd10="A15.0")),
         "migrant.inpatient.gvfmc_dangerous_other", "gvfmc"),
    Case("3-1 historic homeland, dangerous disease",
         req(**temp("historic_homeland"), service=svc("phc", "planned", icd10="B20")),
         "migrant.phc.gvfmc_dangerous_other", "gvfmc"),
    Case("3-1 temporary resident without a stated purpose, dangerous disease",
         req(**temp(None), service=svc("outpatient_specialized", "urgent", icd10="A15.0")),
         "migrant.outpatient_specialized.gvfmc_dangerous_other", "gvfmc"),
    Case("3 socially significant but not dangerous (C50.9) is no GVFMC for a student: CSHI would be",
         req(**temp("education"), service=svc("day_hospital", "planned", icd10="C50.9")),
         "migrant.day_hospital", "none", ("insurance",)),
    # --- 5, second part: labour migrants under OMI by its minimum list (order No. 111).
    Case("5 labour migrant with OMI, PHC", req(**LABOUR, policies=["omi"], service=svc("phc", "planned")),
         "migrant.phc.omi_labour", "omi"),
    Case("5 labour migrant with OMI, ambulance",
         req(**LABOUR, policies=["omi"], service=svc("ambulance", "emergency")),
         "migrant.ambulance.omi_labour", "omi"),
    Case("5 labour migrant with OMI, urgent outpatient care",
         req(**LABOUR, policies=["omi"], service=svc("outpatient_specialized", "urgent", icd10="S52.5")),
         "migrant.outpatient_specialized.omi_labour", "omi"),
    Case("5 labour migrant with OMI, emergency admission",
         req(**LABOUR, policies=["omi"], service=svc("inpatient", "emergency", icd10="K35.8")),
         "migrant.inpatient.omi_labour", "omi"),
    Case("5 labour migrant with OMI, planned admission is outside OMI's minimum list: CSHI would pay it",
         req(**LABOUR, policies=["omi"], service=svc("inpatient", "planned", icd10="K80.1", referral=True)),
         "migrant.inpatient", "none", ("insurance",)),
    Case("5 labour migrant without a policy, PHC", req(**LABOUR, service=svc("phc", "planned")),
         "migrant.phc.omi_labour_no_policy", "none", ("policy",)),
    Case("5 labour migrant without a policy, ambulance", req(**LABOUR, service=svc("ambulance", "emergency")),
         "migrant.ambulance.omi_labour_no_policy", "none", ("policy",)),
    Case("5 labour migrant without a policy, urgent outpatient care",
         req(**LABOUR, service=svc("outpatient_specialized", "urgent")),
         "migrant.outpatient_specialized.omi_labour_no_policy", "none", ("policy",)),
    Case("5 labour migrant without a policy, emergency admission",
         req(**LABOUR, service=svc("inpatient", "emergency")),
         "migrant.inpatient.omi_labour_no_policy", "none", ("policy",)),
    # --- 9: EAEU labour migrants and their families — PHC and emergency inpatient care, OMI / VHI.
    Case("9 EAEU worker with OMI, PHC", req(**EAEU, policies=["omi"], service=svc("phc", "planned")),
         "migrant.phc.eaeu_omi", "omi"),
    Case("9 EAEU family member with VHI, emergency admission",
         req(**temp("family_reunification", eaeu_family=True), policies=["vhi"],
             service=svc("inpatient", "emergency")),
         "migrant.inpatient.eaeu_vhi", "vhi"),
    Case("9 EAEU worker with VHI, PHC", req(**EAEU, policies=["vhi"], service=svc("phc", "planned")),
         "migrant.phc.eaeu_vhi", "vhi"),
    Case("9 EAEU worker with both policies: OMI first, emergency admission",
         req(**EAEU, policies=["omi", "vhi"], service=svc("inpatient", "emergency")),
         "migrant.inpatient.eaeu_omi", "omi"),
    Case("9 EAEU worker without a policy, PHC", req(**EAEU, service=svc("phc", "planned")),
         "migrant.phc.eaeu_no_policy", "none", ("policy",)),
    Case("9 EAEU worker without a policy, emergency admission",
         req(**EAEU, service=svc("inpatient", "emergency")),
         "migrant.inpatient.eaeu_no_policy", "none", ("policy",)),
    # --- phc-attachment-rules 3-1, phc-rules 3.3: PHC under VHI.
    Case("3-1 student with VHI, PHC",
         req(**STUDENT, policies=["vhi"], service=svc("phc", "planned")),
         "migrant.phc.vhi", "vhi"),
    Case("3-1 labour migrant with VHI only, PHC",
         req(**LABOUR, policies=["vhi"], service=svc("phc", "planned")),
         "migrant.phc.vhi", "vhi"),
    Case("3-1 asylum seeker with VHI, PHC",
         req(residency="asylum_seeker", policies=["vhi"], service=svc("phc", "urgent")),
         "migrant.phc.vhi", "vhi"),
    # --- phc-attachment-rules 3-1 (Law on CSHI art. 2 p. 3): temporary residents who are CSHI participants.
    Case("3-1, 3.2 insured temporary resident, PHC", req(**INSURED_TEMP, service=svc("phc", "planned")),
         "migrant.phc.cshi", "cshi"),
    Case("3-1, 58.2 insured temporary resident, outpatient with referral",
         req(**INSURED_TEMP, service=svc("outpatient_specialized", "planned", icd10="M54.5", referral=True)),
         "migrant.outpatient_specialized.cshi", "cshi"),
    Case("3-1, 59 insured temporary resident, planned outpatient without referral",
         req(**INSURED_TEMP, service=svc("outpatient_specialized", "planned", icd10="M54.5", referral=False)),
         "migrant.outpatient_specialized.cshi", "none", ("referral",)),
    Case("3-1, 56.2 insured temporary resident, day hospital on the list",
         req(**INSURED_TEMP,
             service=svc("day_hospital", "planned", icd10="M17.1", on_day_hospital_list=True)),
         "migrant.day_hospital.cshi", "cshi"),
    Case("3-1, 61 insured temporary resident, day hospital, list not known",
         req(**INSURED_TEMP, service=svc("day_hospital", "planned", icd10="M17.1")),
         "migrant.day_hospital.cshi", "none"),
    Case("3-1, 61 insured temporary resident, day hospital off the list",
         req(**INSURED_TEMP,
             service=svc("day_hospital", "planned", icd10="M17.1", on_day_hospital_list=False)),
         "migrant.day_hospital.cshi.not_on_list", "none"),
    Case("3-1, 62 insured temporary resident, planned admission off the list",
         req(**INSURED_TEMP, service=svc("inpatient", "planned", icd10="M54.5", referral=True,
                                         on_inpatient_list=False)),
         "migrant.inpatient.cshi.not_on_list", "none"),
    Case("3-1, 64 insured temporary resident, rehabilitation stage II off the list",
         req(**INSURED_TEMP, service=svc("rehabilitation", "planned", rehabilitation_stage=2,
                                         on_rehabilitation_list=False)),
         "migrant.rehabilitation.cshi.not_on_list", "none"),
    Case("3-1, 70 insured temporary resident, medicines off the list",
         req(**INSURED_TEMP, service=svc("outpatient_drugs", icd10="M54.5", on_outpatient_drug_list=False)),
         "migrant.outpatient_drugs.cshi.not_on_list", "none"),
    Case("3-1, 63.3 insured temporary resident, blood within a CSHI stay",
         req(**INSURED_TEMP, service=svc("blood", within_stay_of="cshi")), "migrant.blood.cshi", "cshi"),
    # --- 58.4, 58.1 with phc-attachment-rules 3-1: the CSHI's dental care and children's screenings.
    Case("3-1, 58.4 insured pregnant temporary resident, planned dental care",
         req(**INSURED_TEMP, sex="female", pregnant=True, service=svc("dental", "planned", icd10="K02.1")),
         "migrant.dental.cshi", "cshi"),
    Case("3-1, 58.4 insured temporary resident adult, planned dental care is not the CSHI's",
         req(**INSURED_TEMP, service=svc("dental", "planned", icd10="K02.1")),
         "migrant.dental.cshi.not_on_list", "none"),
    Case("3-1, 58.4 uninsured pregnant temporary resident, planned dental care: insurance",
         req(**temp("education"), sex="female", pregnant=True,
             service=svc("dental", "planned", icd10="K02.1")),
         "migrant.dental", "none", ("insurance",)),
    Case("3-1, 58.1 insured temporary resident child, screening due",
         req(**INSURED_TEMP, birth_date="2016-01-01",
             service=svc("screening", "planned", icd10="Z00.1", screening_target_group=True)),
         "migrant.screening.cshi", "cshi"),
    Case("3-1, 58.1 insured temporary resident child, screening not due",
         req(**INSURED_TEMP, birth_date="2016-01-01",
             service=svc("screening", "planned", icd10="Z00.1", screening_target_group=False)),
         "migrant.screening.cshi.not_on_list", "none"),
    # --- 71 with phc-attachment-rules 3-1: the newborn's kit needs no list; a foreigner held gets medicines
    # through attachment at the place of serving.
    Case("3-1, 71 insured temporary resident's newborn, the mother-and-baby kit",
         req(**INSURED_TEMP, birth_date="2026-05-30", service=KIT),
         "migrant.outpatient_drugs.cshi", "cshi"),
    Case("3-1, 71 the kit of a temporary resident 29 days old",
         req(**INSURED_TEMP, birth_date="2026-05-03", service=KIT),
         "migrant.outpatient_drugs.cshi.not_on_list", "none"),
    Case("3-1, 71 foreign convict, not attached at the place of serving",
         req(**temp("labour"), state_paid_category="convict", service=svc("outpatient_drugs", icd10="I10")),
         "migrant.outpatient_drugs.cshi", "none", ("attachment",)),
    # --- phc-attachment-rules 2.6: an EAEU labour migrant works lawfully — a labour migrant (5, 2nd part).
    Case("5, PAR 2.6 EAEU worker holding OMI, no stated purpose, ambulance",
         req(**temp(None, eaeu_worker=True), policies=["omi"], service=svc("ambulance", "emergency")),
         "migrant.ambulance.omi_labour", "omi"),
    Case("3-1, 63.3 uninsured temporary resident, blood within a CSHI stay",
         req(**temp("education"), service=svc("blood", within_stay_of="cshi")),
         "migrant.blood", "none", ("insurance",)),
    Case("3-1, 51 uninsured temporary resident, organ donation from 2027",
         req("2027-01-01", **temp("education"), service=svc("organ_donation")),
         "migrant.organ_donation", "none", ("insurance",)),
    Case("3-1, 31 insured temporary resident, day hospital is planned only",
         req(**INSURED_TEMP, service=svc("day_hospital", "urgent", icd10="M17.1")),
         "migrant.day_hospital", "none"),
    Case("3-1, 56.3 insured temporary resident, planned admission without referral",
         req(**INSURED_TEMP, service=svc("inpatient", "planned", icd10="K80.1", referral=False)),
         "migrant.inpatient.cshi", "none", ("referral",)),
    Case("3-1, 56.4 insured temporary resident, emergency admission",
         req(**INSURED_TEMP, service=svc("inpatient", "emergency", icd10="K35.8")),
         "migrant.inpatient.cshi", "cshi"),
    Case("3-1, 56.5 insured temporary resident, rehabilitation stage II after a stroke",
         req(**INSURED_TEMP, service=svc("rehabilitation", "planned", rehabilitation_stage=2, icd10="I63.9")),
         "migrant.rehabilitation.cshi", "cshi"),
    Case("3-1, 56.6 insured temporary resident, pathology",
         req(**INSURED_TEMP, service=svc("pathology", icd10="K80.1")), "migrant.pathology.cshi", "cshi"),
    Case("3-1, 70 insured temporary resident, outpatient medicines",
         req(**INSURED_TEMP, service=svc("outpatient_drugs", icd10="I10")),
         "migrant.outpatient_drugs.cshi", "cshi"),
    Case("3-1, 51 insured temporary resident, organ donation from 2027",
         req("2027-01-01", **INSURED_TEMP, service=svc("organ_donation")),
         "migrant.organ_donation.cshi", "cshi"),
    Case("3-1, 50 insured temporary resident, organ donation in 2026 (GVFMC, residents only)",
         req("2026-12-31", **INSURED_TEMP, service=svc("organ_donation")), "migrant.organ_donation", "none"),
    Case("3-1 insured labour migrant, emergency admission: CSHI before OMI",
         req(**temp("labour", insured=True), policies=["omi"],
             service=svc("inpatient", "emergency", icd10="K35.8")),
         "migrant.inpatient.cshi", "cshi"),
    # --- 53: treatment abroad is for citizens only.
    Case("53 temporary resident, treatment abroad", req(**temp("education"), service=svc("treatment_abroad")),
         "treatment_abroad.not_citizen", "none"),
    Case("53 asylum seeker, treatment abroad",
         req(residency="asylum_seeker", service=svc("treatment_abroad")),
         "treatment_abroad.not_citizen", "none"),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[c.clause for c in CASES])
def test_migrant_clause(case: Case) -> None:
    check(case)


def test_temporary_child_is_not_state_paid() -> None:
    """coverage.md, 55.1: only children who are citizens, kandas or permanent residents are state-paid
    `child`; a temporary resident's child with no insurance gets no CSHI care."""
    out = decide(
        req(**temp("family_reunification"), birth_date="2020-01-01", service=svc("day_hospital", "planned"))
    )
    assert (out["rule"], out["funding"], out["requires"]) == ("migrant.day_hospital", "none",
                                                               ["insurance"])  # fmt: skip


def test_insured_labour_migrant_with_omi_ambulance() -> None:
    """migrant-care-rules 5: OMI pays a labour migrant's ambulance whether or not he is in CSHI too."""
    out = decide(req(**temp("labour", insured=True), policies=["omi"], service=svc("ambulance", "emergency")))
    assert out["funding"] == "omi"
    assert "policy" not in out["requires"]


def test_student_with_omi_gets_phc_under_omi() -> None:
    """phc-attachment-rules 3-1, phc-rules 3.4: PHC under an OMI contract for a temporary resident."""
    out = decide(req(**STUDENT, policies=["omi"], service=svc("phc", "planned")))
    assert out["funding"] == "omi"


@pytest.mark.parametrize("policies", [["omi"], ["vhi"], ["omi", "vhi"]])
def test_a_contract_held_is_not_named_missing(policies: list[str]) -> None:
    """migrant-care-rules 5 and 9 make OMI pay for labour migrants and OMI/VHI for EAEU workers; a student's
    contract is outside them for an ambulance. Not covered — but a contract is held, so `requires` does
    not ask for one (another would change nothing); with none held it does."""
    out = decide(req(**STUDENT, policies=policies, service=svc("ambulance", "emergency")))
    assert (out["covered"], out["funding"], out["requires"]) == (False, "none", [])
    bare = decide(req(**STUDENT, policies=[], service=svc("ambulance", "emergency")))
    assert (bare["covered"], bare["requires"]) == (False, ["policy"])
