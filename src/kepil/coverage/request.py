"""Validation of a coverage request (shared/contracts/coverage.md, coverage-request.schema.json).

Every failure is an `InvalidInput` naming the dotted field path; the checks run in a fixed order so that
one request always reports the same first error, on the single and on the batch path alike. Messages are
`Text` in kk, ru and en from `kepil.coverage.messages` (issue 4); the field checks the attachment
application shares are `kepil.validation`'s.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from kepil.coverage import messages as M
from kepil.errors import InvalidInput
from kepil.law.care import CARE_FORMS, CARE_KINDS
from kepil.reference import icd10 as icd
from kepil.validation import codes, enum, iso_date, json_object, nullable_bool, nullable_enum, valid_iin

RESIDENCIES = ("citizen", "kandas", "refugee", "permanent_resident", "temporary_resident", "asylum_seeker")
STAY_PURPOSES = (
    "historic_homeland",
    "family_reunification",
    "education",
    "labour",
    "humanitarian",
    "political",
)
STATE_PAID_CATEGORIES = (
    "child",
    "pregnant_unemployed",
    "parent_of_child_under_3",
    "parental_leave",
    "parent_of_disabled_child",
    "carer_of_group1_disabled",
    "pension_recipient",
    "convict",
    "detainee",
    "kandas_unemployed",
    "large_family_mother",
    "disabled",
    "full_time_student",
    "targeted_social_assistance",
    "registered_unemployed",
    "crisis_social_wellbeing",
)
POLICIES = ("omi", "vhi")
SEXES = ("male", "female")
KINDS = CARE_KINDS
FORMS = CARE_FORMS
# service.form is required for every kind but these (coverage.md).
KINDS_WITHOUT_FORM = frozenset(
    {"pathology", "blood", "organ_donation", "outpatient_drugs", "treatment_abroad"}
)

PERSON_BOOLS = ("eaeu_worker", "eaeu_family", "pregnant", "postpartum")
PERSON_NULLABLE_BOOLS = ("insured", "attached")
SERVICE_NULLABLE_BOOLS = (
    "referral",
    "life_threatening",
    "socially_significant",
    "dangerous_to_others",
    "contact_isolation",
    "admission_department",
)


@dataclass(frozen=True, slots=True)
class CoverageRequest:
    """A request that passed validation; `birth_date` and `sex` already reconciled with the IIN."""

    date: dt.date
    residency: str
    birth_date: dt.date
    sex: str | None
    iin: str | None
    stay_purpose: str | None
    eaeu_worker: bool
    eaeu_family: bool
    insured: bool | None
    state_paid_category: str | None
    pregnant: bool
    postpartum: bool
    policies: frozenset[str]
    attached: bool | None
    kind: str
    form: str | None
    icd10: str | None
    referral: bool | None
    life_threatening: bool | None
    socially_significant: bool | None
    dangerous_to_others: bool | None
    contact_isolation: bool | None
    admission_department: bool | None
    rehabilitation_stage: int | None


def parse_request(raw: Any) -> CoverageRequest:
    """Validate one decoded JSON request; the first error raises `InvalidInput` with the dotted field."""
    req = json_object(raw, "request")
    if "date" not in req:
        raise InvalidInput("date", M.REQUIRED)
    date = iso_date(req["date"], "date")
    if "person" not in req:
        raise InvalidInput("person", M.REQUIRED)
    person = json_object(req["person"], "person")
    if "service" not in req:
        raise InvalidInput("service", M.REQUIRED)
    service = json_object(req["service"], "service")

    if person.get("residency") is None:
        raise InvalidInput("person.residency", M.fill(M.REQUIRED_ONE_OF, allowed=", ".join(RESIDENCIES)))
    residency = enum(person["residency"], "person.residency", RESIDENCIES)

    iin_value = person.get("iin")
    iin_birth: dt.date | None = None
    iin_sex: str | None = None
    if iin_value is not None:
        info = valid_iin(iin_value, "person.iin")
        iin_birth, iin_sex = info.birth_date, info.sex

    # coverage.md: birth_date/sex given win over the IIN's digits, which are not proof of a birth date.
    raw_birth = person.get("birth_date")
    if raw_birth is not None:
        birth_date = iso_date(raw_birth, "person.birth_date")
    elif iin_birth is not None:
        birth_date = iin_birth
    elif iin_value is not None:
        raise InvalidInput("person.birth_date", M.BIRTH_DATE_NOT_IN_IIN)
    else:
        raise InvalidInput("person.birth_date", M.BIRTH_DATE_REQUIRED)
    if birth_date > date:
        raise InvalidInput("person.birth_date", M.fill(M.BIRTH_AFTER_CARE, birth_date=birth_date, date=date))
    sex = nullable_enum(person.get("sex"), "person.sex", SEXES) or iin_sex

    stay_purpose = nullable_enum(person.get("stay_purpose"), "person.stay_purpose", STAY_PURPOSES)
    if stay_purpose is not None and residency != "temporary_resident":
        raise InvalidInput("person.stay_purpose", M.fill(M.STAY_PURPOSE_NOT_TEMPORARY, residency=residency))
    flags = {f: bool(nullable_bool(person.get(f, False), f"person.{f}")) for f in PERSON_BOOLS}
    nullable = {f: nullable_bool(person.get(f), f"person.{f}") for f in PERSON_NULLABLE_BOOLS}
    category = nullable_enum(
        person.get("state_paid_category"), "person.state_paid_category", STATE_PAID_CATEGORIES
    )

    policies_raw = codes(person.get("policies"), "person.policies", POLICIES)
    if len(set(policies_raw)) != len(policies_raw):
        raise InvalidInput("person.policies", M.POLICY_TWICE)

    if service.get("kind") is None:
        raise InvalidInput("service.kind", M.fill(M.REQUIRED_ONE_OF, allowed=", ".join(KINDS)))
    kind = enum(service["kind"], "service.kind", KINDS)
    form = nullable_enum(service.get("form"), "service.form", FORMS)
    if form is None and kind not in KINDS_WITHOUT_FORM:
        raise InvalidInput("service.form", M.fill(M.FORM_REQUIRED, kind=kind, allowed=", ".join(FORMS)))

    code = service.get("icd10")
    icd10: str | None = None
    if code is not None:
        if not isinstance(code, str):
            raise InvalidInput("service.icd10", M.fill(M.EXPECTED_ICD10_STRING, value=M.shown(code)))
        # The check of icd.check_icd10 (which the batch path uses), here with the message in three languages.
        if not icd.is_valid(code):
            raise InvalidInput("service.icd10", M.fill(M.NOT_ICD10, value=repr(code)))
        icd10 = icd.normalize(code)
    sflags = {f: nullable_bool(service.get(f), f"service.{f}") for f in SERVICE_NULLABLE_BOOLS}
    stage = service.get("rehabilitation_stage")
    if stage is not None and (isinstance(stage, bool) or stage not in (1, 2, 3)):
        raise InvalidInput(
            "service.rehabilitation_stage", M.fill(M.NOT_ONE_OF, value=M.shown(stage), allowed="1, 2, 3")
        )

    return CoverageRequest(
        date=date,
        residency=residency,
        birth_date=birth_date,
        sex=sex,
        iin=iin_value,
        stay_purpose=stay_purpose,
        eaeu_worker=flags["eaeu_worker"],
        eaeu_family=flags["eaeu_family"],
        insured=nullable["insured"],
        state_paid_category=category,
        pregnant=flags["pregnant"],
        postpartum=flags["postpartum"],
        policies=frozenset(policies_raw),
        attached=nullable["attached"],
        kind=kind,
        form=form,
        icd10=icd10,
        referral=sflags["referral"],
        life_threatening=sflags["life_threatening"],
        socially_significant=sflags["socially_significant"],
        dangerous_to_others=sflags["dangerous_to_others"],
        contact_isolation=sflags["contact_isolation"],
        admission_department=sflags["admission_department"],
        rehabilitation_stage=stage,
    )
