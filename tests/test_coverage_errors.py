"""Bad input to `decide()` (contract coverage.md, "Codes"): an `invalid_input` error naming the exact dotted
field, never an exception; and the kinds that need no `service.form`."""

from __future__ import annotations

from typing import Any

import pytest

from kepil.coverage.decision import decide
from kepil.reference.iin import check_digit
from test_coverage_rules import req, svc

AMBULANCE = svc("ambulance", "emergency")


def _iin_without_a_date() -> str:
    """Valid check digit, but the digits YYMMDD = 851332 are no date."""
    for serial in range(10_000):
        first11 = f"8513323{serial:04d}"
        check = check_digit(first11)
        if check is not None:
            return first11 + str(check)
    raise AssertionError("unreachable")


def _without(d: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k not in keys}


def _service(kind: str, form: str | None = None, **kw: Any) -> dict[str, Any]:
    return req(service=svc(kind, form, **kw))


def _person(**kw: Any) -> dict[str, Any]:
    return req(service=AMBULANCE, **kw)


BASE = req(service=AMBULANCE)

ERRORS: list[tuple[str, Any, str]] = [
    # (what, request, field)
    ("request not an object", ["date"], "request"),
    ("date missing", _without(BASE, "date"), "date"),
    ("date unparsable", {**BASE, "date": "2026-13-01"}, "date"),
    ("date not a string", {**BASE, "date": 20260601}, "date"),
    ("date in another format", {**BASE, "date": "01.06.2026"}, "date"),
    ("person missing", _without(BASE, "person"), "person"),
    ("person not an object", {**BASE, "person": "citizen"}, "person"),
    ("service missing", _without(BASE, "service"), "service"),
    ("residency missing", {**BASE, "person": _without(BASE["person"], "residency")}, "person.residency"),
    ("residency unknown", _person(residency="resident"), "person.residency"),
    ("IIN of 11 digits", _person(iin="85041231234"), "person.iin"),
    ("IIN with letters", _person(iin="85041231234X"), "person.iin"),
    ("IIN as a number", _person(iin=850412312347), "person.iin"),
    ("IIN whose check digit fails", _person(iin="850412312348"), "person.iin"),
    ("IIN without a date and no birth_date",
     {**BASE, "person": {"residency": "citizen", "iin": _iin_without_a_date()}}, "person.birth_date"),
    ("no IIN and no birth_date", {**BASE, "person": {"residency": "citizen"}}, "person.birth_date"),
    ("birth_date unparsable", _person(birth_date="1985-02-30"), "person.birth_date"),
    ("birth_date after the date of care", _person(birth_date="2026-06-02"), "person.birth_date"),
    ("sex unknown", _person(sex="m"), "person.sex"),
    ("stay_purpose for a citizen", _person(stay_purpose="labour"), "person.stay_purpose"),
    ("stay_purpose unknown", _person(residency="temporary_resident",
                                     stay_purpose="tourism"), "person.stay_purpose"),
    ("state_paid_category unknown", _person(state_paid_category="veteran"), "person.state_paid_category"),
    ("insured not a boolean", _person(insured="yes"), "person.insured"),
    ("attached not a boolean", _person(attached=1), "person.attached"),
    ("eaeu_worker not a boolean", _person(eaeu_worker="true"), "person.eaeu_worker"),
    ("eaeu_family not a boolean", _person(eaeu_family=0), "person.eaeu_family"),
    ("pregnant not a boolean", _person(pregnant="no"), "person.pregnant"),
    ("postpartum not a boolean", _person(postpartum=[]), "person.postpartum"),
    ("policies not a list", _person(policies="omi"), "person.policies"),
    ("policies: an unknown policy", _person(policies=["omi", "cshi"]), "person.policies[1]"),
    ("policies: not a string", _person(policies=[1]), "person.policies[0]"),
    ("policies: the same twice", _person(policies=["vhi", "vhi"]), "person.policies"),
    ("kind missing", req(service={"form": "planned"}), "service.kind"),
    ("kind unknown", _service("surgery", "planned"), "service.kind"),
    ("form unknown", _service("inpatient", "scheduled"), "service.form"),
    ("icd10 that does not exist (Z99.99)", _service("inpatient", "planned", icd10="Z99.99"), "service.icd10"),
    ("icd10 that is no code (XYZ)", _service("inpatient", "planned", icd10="XYZ"), "service.icd10"),
    ("icd10 not a string", _service("inpatient", "planned", icd10=80.1), "service.icd10"),
    ("referral not a boolean", _service("inpatient", "planned", referral="yes"), "service.referral"),
    ("life_threatening not a boolean", _service("inpatient", "emergency", life_threatening=1),
     "service.life_threatening"),
    ("socially_significant not a boolean", _service("day_hospital", "planned", socially_significant="1"),
     "service.socially_significant"),
    ("dangerous_to_others not a boolean", _service("phc", "planned", dangerous_to_others="no"),
     "service.dangerous_to_others"),
    ("contact_isolation not a boolean", _service("inpatient", "planned", contact_isolation=0),
     "service.contact_isolation"),
    ("admission_department not a boolean", _service("inpatient", "emergency", admission_department="y"),
     "service.admission_department"),
    ("rehabilitation_stage out of 1–3", _service("rehabilitation", "planned", rehabilitation_stage=4),
     "service.rehabilitation_stage"),
    ("rehabilitation_stage a boolean", _service("rehabilitation", "planned", rehabilitation_stage=True),
     "service.rehabilitation_stage"),
    # kepil's extensions: refused, never ignored, where they decide nothing (issue 13).
    ("urgency_category for an admission (4: ambulance and PHC only)",
     _service("inpatient", "emergency", urgency_category=1), "service.urgency_category"),
    ("urgency_category out of 1–4", _service("ambulance", "emergency", urgency_category=5),
     "service.urgency_category"),
    ("activity of another kind (a vaccination at the dentist)",
     _service("dental", "planned", activity="immunisation"), "service.activity"),
    ("activity unknown", _service("phc", "planned", activity="massage"), "service.activity"),
    ("within_stay_of for PHC (blood and pathology only)", _service("phc", "planned", within_stay_of="cshi"),
     "service.within_stay_of"),
    ("custody unknown", _person(custody="prison"), "person.custody"),
    ("a list fact not a boolean", _service("inpatient", "planned", on_inpatient_list="yes"),
     "service.on_inpatient_list"),
    ("first_contact not a boolean", _service("phc", "planned", first_contact=1), "service.first_contact"),
]  # fmt: skip


@pytest.mark.parametrize(("what", "request_", "field"), ERRORS, ids=[e[0] for e in ERRORS])
def test_invalid_input_names_the_field(what: str, request_: Any, field: str) -> None:
    """coverage.md: `invalid_input` with the dotted path of the field and a message."""
    out = decide(request_)
    assert set(out) == {"error"}, out
    assert out["error"]["code"] == "invalid_input"
    assert out["error"]["field"] == field, out["error"]
    assert out["error"]["message"]


FORM_REQUIRED = ["ambulance", "air_ambulance", "phc", "outpatient_specialized", "dental", "screening",
                 "day_hospital", "inpatient", "rehabilitation", "palliative"]  # fmt: skip
FORM_OPTIONAL = ["pathology", "blood", "organ_donation", "outpatient_drugs", "treatment_abroad"]


@pytest.mark.parametrize("kind", FORM_REQUIRED)
def test_form_required(kind: str) -> None:
    """coverage.md: `service.form` is required for every kind but five."""
    out = decide(req(service={"kind": kind}))
    assert out["error"]["field"] == "service.form"


@pytest.mark.parametrize("kind", FORM_OPTIONAL)
def test_form_not_required(kind: str) -> None:
    """coverage.md: pathology, blood, organ_donation, outpatient_drugs, treatment_abroad need no form."""
    out = decide(req(service={"kind": kind}))
    assert "error" not in out and out["basis"]


def test_nulls_are_unknown_not_errors() -> None:
    """Nullable fields given as null are accepted (unknown), not rejected."""
    person = {"insured": None, "attached": None, "state_paid_category": None, "policies": None, "sex": None}
    service = svc("inpatient", "planned", icd10=None, referral=None, life_threatening=None,
                  socially_significant=None, dangerous_to_others=None, contact_isolation=None)  # fmt: skip
    assert "error" not in decide(req(service=service, **person))


def test_lowercase_icd10_is_accepted() -> None:
    """An ICD-10 code written in lower case or without its dot is still that code (29: C50.9)."""
    for code in ("c50.9", "C509"):
        out = decide(req(service=svc("day_hospital", "planned", icd10=code)))
        assert out["rule"] == "day_hospital.gvfmc_socially_significant", out


def test_a_newborn_on_the_day_of_birth_is_decided() -> None:
    """Only a birth date *after* the day of care is refused: a newborn's care on the day it is born is
    decided (a child, 55.1), and the day after the care is the first refused."""
    newborn = svc("inpatient", "emergency", icd10="P07.3")
    out = decide(req("2026-06-01", service=newborn, birth_date="2026-06-01"))
    assert "error" not in out and out["covered"] is True, out
    late = decide(req("2026-06-01", service=AMBULANCE, birth_date="2026-06-02"))
    assert late["error"]["field"] == "person.birth_date", late


def test_law_not_in_force_is_checked_after_validation() -> None:
    """A request that is both out of term and invalid reports the invalid field first."""
    out = decide({**req("2025-12-31", service=AMBULANCE), "person": {"residency": "alien"}})
    assert out["error"]["code"] == "invalid_input" and out["error"]["field"] == "person.residency"


def test_a_value_for_another_kind_names_the_kinds_in_each_language() -> None:
    """The message says which kinds the value is for (kk, ru, en), not only that it is wrong."""
    for lang in ("kk", "ru", "en"):
        out = decide(_service("dental", "planned", activity="immunisation"), lang=lang)
        assert "phc" in out["error"]["message"] and "dental" in out["error"]["message"]
