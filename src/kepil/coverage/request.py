"""Validation of a coverage request (shared/contracts/coverage.md and its amendments of December 2026).

The request is defined once, by the models of `kepil.coverage.model`; this module runs them and turns the
first thing wrong into an `InvalidInput` naming the dotted field path, with its message in kk, ru and en
(`kepil.coverage.messages`). Which error is first is fixed: a field the request does not define
(amendment 1: it may be a misspelling of the field whose absence would be reported next), then the fields in
the models' order, then the checks that read two fields at once. The single and the batch path report the
same first error for the same request.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from kepil.coverage import messages as M
from kepil.coverage.model import (
    BOOL,
    CODE,
    CODES,
    DATE,
    FIELD_BY_PATH,
    FIELDS,
    ICD10,
    IIN,
    INTEGER,
    OBJECTS,
    TEXT,
    CoverageRequestModel,
    FieldInfo,
    Person,
    allowed_words,
    not_one_of,
)
from kepil.coverage.vocabulary import (
    ACTIVITY_KINDS,
    FORMS,
    KINDS,
    KINDS_WITHOUT_FORM,
    POLICIES,
    RESIDENCIES,
    SEXES,
    STATE_PAID_CATEGORIES,
    STAY_PURPOSES,
)
from kepil.errors import InvalidInput
from kepil.i18n import Text
from kepil.reference.iin import parse_iin

__all__ = [
    "FORMS",
    "KINDS",
    "KINDS_WITHOUT_FORM",
    "POLICIES",
    "RESIDENCIES",
    "SEXES",
    "STATE_PAID_CATEGORIES",
    "STAY_PURPOSES",
    "CoverageRequest",
    "parse_request",
    "request_id",
]

# The fields of each kind, by their name inside `person` / `service` (the coverage page lays out its form
# with them).
PERSON_BOOLS = tuple(f.path[7:] for f in FIELDS if f.path.startswith("person.") and f.spec.kind == BOOL
                     and f.spec.absent is False)  # fmt: skip
PERSON_NULLABLE_BOOLS = tuple(f.path[7:] for f in FIELDS if f.path.startswith("person.")
                              and f.spec.kind == BOOL and f.spec.absent is None)  # fmt: skip
SERVICE_NULLABLE_BOOLS = tuple(
    f.path[8:] for f in FIELDS if f.path.startswith("service.") and f.spec.kind == BOOL
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
    urgency_category: int | None
    on_dental_emergency_list: bool | None = None
    custody: str | None = None
    on_inpatient_list: bool | None = None
    on_day_hospital_list: bool | None = None
    on_rehabilitation_list: bool | None = None
    on_custody_rehabilitation_list: bool | None = None
    on_outpatient_drug_list: bool | None = None
    on_treatment_abroad_list: bool | None = None
    on_emergency_admission_list: bool | None = None
    on_dynamic_observation_list: bool | None = None
    screening_target_group: bool | None = None
    first_contact: bool | None = None
    within_completed_case: bool | None = None
    activity: str | None = None
    within_stay_of: str | None = None
    id: str | None = None


def request_id(raw: Any) -> str | None:
    """The caller's `id` of a decoded request when it is a valid one (amendment 2: echoed in every answer,
    the error object's too); None otherwise."""
    if isinstance(raw, dict):
        value = raw.get("id")
        if isinstance(value, str) and len(value) <= 200:
            return value
    return None


def anniversary(birth: dt.date, years: int) -> dt.date:
    """The day a person born on `birth` turns `years`; 29 February falls on 28 February in other years."""
    try:
        return birth.replace(year=birth.year + years)
    except ValueError:
        return dt.date(birth.year + years, 2, 28)


def is_child(birth: dt.date, on: dt.date) -> bool:
    """Under 18 (`phc-attachment-rules` 2.3: "он сегіз жасқа толмаған"): the 18th birthday ends it."""
    return on < anniversary(birth, 18)


# program-2026-2028 55: the categories of women ("жүкті әйелдер", "көп балалы аналар").
WOMEN_ONLY = ("pregnant_unemployed", "large_family_mother")
# phc-attachment-rules 2.6: an EAEU labour migrant works lawfully in a member state "өзі азаматы болып
# табылмайтын және тұрақты тұрмайтын" — of which they are not a citizen and where they do not reside
# permanently. A citizen or a permanent resident who is one is a contradiction. (A family member may be a
# citizen — a spouse — and kandas, refugees and asylum seekers are not citizens: not refused.)
EAEU_WORKER_NOT = ("citizen", "permanent_resident")
# program-2026-2028 55.8 ("қылмыстық-атқару (пенитенциарлық) жүйесі мекемелерінде ... жазасын өтеп
# жүрген") and 55.9 ("тергеу изоляторларында ұсталатын ..., сондай-ақ үй қамағына алу"): where each
# category is held.
CATEGORY_CUSTODIES = {"convict": ("penitentiary",), "detainee": ("pretrial_detention", "house_arrest")}
_CUSTODY_CONTRADICTION = {"convict": M.CONVICT_NOT_IN_PENITENTIARY, "detainee": M.DETAINEE_IN_PENITENTIARY}


def _contradiction(p: Person, birth_date: dt.date, date: dt.date) -> None:
    """A request that says two things that cannot both be true is refused, never decided on one of them
    (issue 14): the category `child` (55.1, under 18) of a person 18 or older on `date`; a pregnancy, a
    birth or a women's category (55) of a person whose given `sex` is male (an IIN's digits are not proof
    of sex: only the field given is held against them); an EAEU labour migrant who is a citizen or a
    permanent resident (phc-attachment-rules 2.6); the category of unemployed pregnant women (55.2) with
    `pregnant` false, of unemployed kandas (55.10) for another residency, of convicts (55.8) or detainees
    (55.9) held elsewhere than their category says."""
    if p.state_paid_category == "child" and not is_child(birth_date, date):
        raise InvalidInput("person.state_paid_category", M.fill(M.CHILD_NOT_UNDER_18, birth_date=birth_date))
    if p.sex == "male":
        for name in ("pregnant", "postpartum"):
            if getattr(p, name) is True:
                raise InvalidInput(f"person.{name}", M.WOMEN_ONLY_FOR_MALE)
        if p.state_paid_category in WOMEN_ONLY:
            raise InvalidInput("person.state_paid_category", M.WOMEN_ONLY_FOR_MALE)
    if p.eaeu_worker is True and p.residency in EAEU_WORKER_NOT:
        raise InvalidInput("person.eaeu_worker", M.fill(M.EAEU_WORKER_RESIDENT, residency=p.residency))
    # 55.2, 55.10, 55.8–55.9: a category whose words contradict another field given.
    category = p.state_paid_category
    if category == "pregnant_unemployed" and p.pregnant is False:
        raise InvalidInput("person.state_paid_category", M.PREGNANT_CATEGORY_NOT_PREGNANT)
    if category == "kandas_unemployed" and p.residency != "kandas":
        text = M.fill(M.KANDAS_CATEGORY_NOT_KANDAS, residency=p.residency)
        raise InvalidInput("person.state_paid_category", text)
    held = CATEGORY_CUSTODIES.get(category or "")
    if held is not None and p.custody is not None and p.custody not in held:
        text = _CUSTODY_CONTRADICTION[category or ""]
        raise InvalidInput("person.state_paid_category", M.fill(text, custody=p.custody))


def parse_request(raw: Any) -> CoverageRequest:
    """Validate one decoded JSON request; the first error raises `InvalidInput` with the dotted field."""
    try:
        m = CoverageRequestModel.model_validate(raw)
    except ValidationError as e:
        raise first_error(e.errors(include_url=False, include_input=True)) from None
    p, s = m.person, m.service

    iin_birth: dt.date | None = None
    iin_sex: str | None = None
    if p.iin is not None:
        info = parse_iin(p.iin)
        iin_birth, iin_sex = info.birth_date, info.sex
    # coverage.md: birth_date/sex given win over the IIN's digits, which are not proof of a birth date.
    if p.birth_date is not None:
        birth_date = p.birth_date
    elif iin_birth is not None:
        birth_date = iin_birth
    elif p.iin is not None:
        raise InvalidInput("person.birth_date", M.BIRTH_DATE_NOT_IN_IIN)
    else:
        raise InvalidInput("person.birth_date", M.BIRTH_DATE_REQUIRED)
    if birth_date > m.date:
        raise InvalidInput(
            "person.birth_date", M.fill(M.BIRTH_AFTER_CARE, birth_date=birth_date, date=m.date)
        )
    _contradiction(p, birth_date, m.date)
    if p.stay_purpose is not None and p.residency != "temporary_resident":
        raise InvalidInput("person.stay_purpose", M.fill(M.STAY_PURPOSE_NOT_TEMPORARY, residency=p.residency))
    if s.form is None and s.kind not in KINDS_WITHOUT_FORM:
        spec = FIELD_BY_PATH["service.form"].spec
        raise InvalidInput("service.form", M.fill(M.FORM_REQUIRED, kind=s.kind, allowed=allowed_words(spec)))
    for name, value in (("urgency_category", s.urgency_category), ("activity", s.activity),
                        ("within_stay_of", s.within_stay_of)):  # fmt: skip
        kinds = kinds_of(name, value)
        if value is not None and s.kind not in kinds:
            raise InvalidInput(
                f"service.{name}",
                M.fill(M.NOT_FOR_KIND, value=value, kinds=", ".join(sorted(kinds)), kind=s.kind),
            )

    return CoverageRequest(
        date=m.date,
        residency=p.residency,
        birth_date=birth_date,
        sex=p.sex or iin_sex,
        iin=p.iin,
        stay_purpose=p.stay_purpose,
        eaeu_worker=p.eaeu_worker is True,
        eaeu_family=p.eaeu_family is True,
        insured=p.insured,
        state_paid_category=p.state_paid_category,
        pregnant=p.pregnant is True,
        postpartum=p.postpartum is True,
        policies=frozenset(p.policies or ()),
        attached=p.attached,
        kind=s.kind,
        form=s.form,
        icd10=s.icd10,
        referral=s.referral,
        life_threatening=s.life_threatening,
        socially_significant=s.socially_significant,
        dangerous_to_others=s.dangerous_to_others,
        contact_isolation=s.contact_isolation,
        admission_department=s.admission_department,
        rehabilitation_stage=s.rehabilitation_stage,
        urgency_category=s.urgency_category,
        on_dental_emergency_list=p.on_dental_emergency_list,
        custody=p.custody,
        on_inpatient_list=s.on_inpatient_list,
        on_day_hospital_list=s.on_day_hospital_list,
        on_rehabilitation_list=s.on_rehabilitation_list,
        on_custody_rehabilitation_list=s.on_custody_rehabilitation_list,
        on_outpatient_drug_list=s.on_outpatient_drug_list,
        on_treatment_abroad_list=s.on_treatment_abroad_list,
        on_emergency_admission_list=s.on_emergency_admission_list,
        on_dynamic_observation_list=s.on_dynamic_observation_list,
        screening_target_group=s.screening_target_group,
        first_contact=s.first_contact,
        within_completed_case=s.within_completed_case,
        activity=s.activity,
        within_stay_of=s.within_stay_of,
        id=m.id,
    )


# The service fields valid for some kinds of care only: field -> value -> kinds (a value given with
# another kind is refused, never ignored). urgency_category: ambulance calls (4) and the category-4 calls
# PHC teams serve (18.4); within_stay_of: blood and pathology, which follow the stay's package (46, 63.3,
# 63.5).
KINDS_OF_FIELD: dict[str, frozenset[str]] = {
    "urgency_category": frozenset({"ambulance", "phc"}),
    "within_stay_of": frozenset({"blood", "pathology"}),
}


def kinds_of(field: str, value: Any) -> frozenset[str]:
    """The kinds of care `service.<field>` = `value` may be given with."""
    if field == "activity":
        return ACTIVITY_KINDS.get(value, frozenset())
    return KINDS_OF_FIELD[field]


# --------------------------------------------------------------------------- pydantic's errors, kepil's words

_ORDER = {f.path: i for i, f in enumerate(FIELDS)}
_OBJECT_ORDER = {"": -3, "person": -2, "service": -1}


def _path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out = f"{out}.{part}" if out else str(part)
    return out


def _rank(err: dict[str, Any]) -> tuple[int, int, int]:
    """Unknown fields first (amendment 1), then the models' order of fields."""
    loc = tuple(p for p in err["loc"] if isinstance(p, str))
    path = ".".join(loc)
    unknown = err["type"] == "extra_forbidden"
    return (0 if unknown else 1, _ORDER.get(path, _OBJECT_ORDER.get(path, len(_ORDER))), len(loc))


def first_error(errors: list[Any]) -> InvalidInput:
    """The error to report of those pydantic found, in kepil's words."""
    err = min(errors, key=_rank)
    loc: tuple[int | str, ...] = tuple(err["loc"])
    kind, value = err["type"], err.get("input")
    path = _path(loc)
    if kind == "extra_forbidden":
        return InvalidInput(path, unknown_field_text(path))
    if kind in ("kepil", "kepil_item"):
        ctx = err["ctx"]
        if kind == "kepil_item":
            path = f"{path}[{ctx['index']}]"
        text: Text = ctx["text"]
        return InvalidInput(path, text)
    field = FIELD_BY_PATH.get(path)
    if field is None:  # the request, person or service is not an object, or is missing
        if kind == "missing":
            return InvalidInput(path, M.REQUIRED)
        return InvalidInput(path or "request", M.fill(M.EXPECTED_OBJECT, value=M.shown(value)))
    return InvalidInput(path, _type_error(field, kind, value))


def _type_error(field: FieldInfo, kind: str, value: Any) -> Text:
    """A value of the wrong type, or a required field missing or null."""
    spec = field.spec
    missing = kind == "missing" or (value is None and field.required)
    if missing:
        if spec.kind in (CODE, INTEGER):
            return M.fill(M.REQUIRED_ONE_OF, allowed=allowed_words(spec))
        return M.REQUIRED
    if spec.kind in (CODE, INTEGER):
        return not_one_of(spec, value)
    if spec.kind == BOOL:
        return M.fill(M.EXPECTED_BOOL_OR_NULL, value=M.shown(value))
    if spec.kind == DATE:
        return M.fill(M.EXPECTED_DATE, value=M.shown(value))
    if spec.kind == IIN:
        return M.fill(M.NOT_AN_IIN, value=M.shown(value))
    if spec.kind == ICD10:
        return M.fill(M.EXPECTED_ICD10_STRING, value=M.shown(value))
    if spec.kind == CODES:
        return M.fill(M.EXPECTED_LIST, allowed=allowed_words(spec), value=M.shown(value))
    if spec.kind == TEXT:
        return M.fill(M.EXPECTED_STRING, value=M.shown(value))
    raise AssertionError(f"no message for {spec.kind}")  # pragma: no cover - every kind is above


def unknown_field_text(path: str) -> Text:
    """Amendment 1's message for a field the request does not define, naming the known field it resembles."""
    known = similar_field(path)
    return M.UNKNOWN_FIELD if known is None else M.fill(M.UNKNOWN_FIELD_LIKE, known=known)


def similar_field(path: str) -> str | None:
    """The known field an unknown dotted `path` most resembles — a close name in its own object, or the same
    name in another object (`person.kind` → `service.kind`); None when none is close."""
    parent, _, name = path.rpartition(".")
    close = difflib.get_close_matches(name, sorted(OBJECTS.get(parent, ())), n=1, cutoff=0.6)
    if close:
        return f"{parent}.{close[0]}" if parent else close[0]
    for other, names in OBJECTS.items():
        if other != parent and name in names:
            return f"{other}.{name}" if other else name
    return None
