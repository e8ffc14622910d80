"""FHIR R4 (R4B models) CoverageEligibilityRequest -> kepil coverage requests -> CoverageEligibilityResponse.

The mapping is pure: it reads the resource (and, for what the resource does not say, the attachment registry
through `lookup`), builds the coverage contract's JSON requests (shared/contracts/coverage.md), and turns the
answers of `kepil.coverage.decision.decide` back into a CoverageEligibilityResponse. It decides nothing
itself: every answer is the JSON API's answer. docs/fhir.md has the mapping table and the readings.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.coverageeligibilityrequest import CoverageEligibilityRequest
from fhir.resources.R4B.coverageeligibilityresponse import CoverageEligibilityResponse
from fhir.resources.R4B.operationoutcome import OperationOutcome
from fhir.resources.R4B.resource import Resource
from pydantic import ValidationError

from kepil.api.fhir.codesystems import (
    ACT,
    BASE,
    CARE_FORM,
    CARE_KIND,
    COVERAGE_ERROR,
    EXTENSION_BY_FIELD,
    EXTENSIONS,
    FUNDING,
    FUNDING_ID_SYSTEM,
    FUNDING_NAMES,
    ICD10_SYSTEM,
    IIN_SYSTEM,
    REQUIREMENT,
    RESIDENCY,
    STATE_PAID_CATEGORY,
    STAY_PURPOSE,
    coding,
    display,
    extension,
    system,
    translations,
)
from kepil.api.fhir.common import FhirInvalid, loc_path, pydantic_text
from kepil.i18n import LANGS, Text
from kepil.law import acts
from kepil.reference.iin import parse_iin

__all__ = [
    "BASE",
    "IIN_SYSTEM",
    "FhirInvalid",
    "PersonLookup",
    "RegistryFacts",
    "error_response",
    "field_path",
    "parse_request",
    "to_coverage_requests",
    "to_response",
]

REQUEST = "CoverageEligibilityRequest"
PROGRAM = "program-2026-2028"
# FHIR R4 value sets with a required binding that fhir.resources does not check.
PURPOSES = ("auth-requirements", "benefits", "discovery", "validation")
STATUSES = ("active", "cancelled", "draft", "entered-in-error")
ANSWERED_PURPOSES = ("validation", "benefits")
# reading: `validation` without items asks whether the person's coverage is valid on the date. What kepil
# can check of that from its own sources (the registry: attachment, residency) is the entry to every
# guarantee: planned primary health care (program-2026-2028 6, 7, 22; phc-attachment-rules 3-1) — GVFMC
# for an attached resident, OMI for a temporary resident with a policy, otherwise what is missing.
VALIDATION_SERVICE: dict[str, Any] = {"kind": "phc", "form": "planned"}
_FULL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_PATIENT_EXTENSIONS = (
    "residency",
    "stay-purpose",
    "state-paid-category",
    "eaeu-worker",
    "eaeu-family",
    "pregnant",
    "postpartum",
    "attached",
)
_CODED = {"residency": RESIDENCY, "stay-purpose": STAY_PURPOSE, "state-paid-category": STATE_PAID_CATEGORY}
_ITEM_EXTENSIONS = (
    "referral",
    "life-threatening",
    "socially-significant",
    "dangerous-to-others",
    "contact-isolation",
    "admission-department",
    "rehabilitation-stage",
)
_KNOWN_EXTENSIONS = frozenset(e.url for e in EXTENSIONS)


@dataclass(frozen=True)
class RegistryFacts:
    """What the attachment registry knows about a person on a date."""

    attached: bool
    residency: str | None


PersonLookup = Callable[[str, dt.date], RegistryFacts | None]


def _t(kk: str, ru: str, en: str) -> Text:
    return Text(kk, ru, en)


# --- parsing -------------------------------------------------------------------------------------------


def _is_resource_type(name: Any) -> bool:
    if not isinstance(name, str):
        return False
    try:
        return issubclass(get_fhir_model_class(name), Resource)
    except (ValueError, AttributeError, KeyError):
        return False


def parse_request(body: Any) -> CoverageEligibilityRequest:
    """Validate a decoded JSON body as an R4B CoverageEligibilityRequest; the first problem raises
    `FhirInvalid` with its FHIR path."""
    if not isinstance(body, dict):
        raise FhirInvalid(
            REQUEST,
            _t("JSON объект күтілді", "ожидается объект JSON", "expected a JSON object (a FHIR resource)"),
        )
    if body.get("resourceType") != REQUEST:
        raise FhirInvalid(
            "resourceType",
            _t(
                f"{REQUEST} ресурсы күтілді, берілгені: {body.get('resourceType')!r}",
                f"ожидается ресурс {REQUEST}, получен {body.get('resourceType')!r}",
                f"expected a {REQUEST}, got {body.get('resourceType')!r}",
            ),
        )
    contained = body.get("contained")
    if isinstance(contained, list):
        # fhir.resources fails with a KeyError, not a validation error, on an unknown resourceType here.
        for i, c in enumerate(contained):
            if not isinstance(c, dict) or not _is_resource_type(c.get("resourceType")):
                raise FhirInvalid(
                    f"{REQUEST}.contained[{i}]",
                    _t(
                        "FHIR R4 ресурсы емес (resourceType жоқ немесе белгісіз)",
                        "не ресурс FHIR R4 (resourceType отсутствует или неизвестен)",
                        "is not a FHIR R4 resource (resourceType missing or unknown)",
                    ),
                )
    try:
        resource = CoverageEligibilityRequest.model_validate(body)
    except ValidationError as e:
        first = e.errors()[0]
        raise FhirInvalid(loc_path(REQUEST, tuple(first["loc"])), pydantic_text(dict(first))) from None
    except (TypeError, ValueError, KeyError, AttributeError) as e:
        raise FhirInvalid(
            REQUEST, _t(f"жарамсыз ресурс: {e}", f"недопустимый ресурс: {e}", f"invalid: {e}")
        ) from None
    if resource.status not in STATUSES:
        raise FhirInvalid(f"{REQUEST}.status", _one_of(resource.status, STATUSES))
    for i, p in enumerate(resource.purpose or []):
        if p not in PURPOSES:
            raise FhirInvalid(f"{REQUEST}.purpose[{i}]", _one_of(p, PURPOSES))
    return resource


def _one_of(value: Any, allowed: tuple[str, ...]) -> Text:
    return _t(
        f"{value!r} мүмкін мәндердің бірі емес: {', '.join(allowed)}",
        f"{value!r} не из допустимых значений: {', '.join(allowed)}",
        f"{value!r} is not one of: {', '.join(allowed)}",
    )


# --- reading the resource ------------------------------------------------------------------------------


class _Doc:
    """The request as FHIR JSON, with its contained resources by id. Locators never raise; `strict`
    readers do, with the FHIR path of the element at fault."""

    def __init__(self, resource: CoverageEligibilityRequest) -> None:
        self.data: dict[str, Any] = resource.model_dump(mode="json")
        self.contained: dict[str, tuple[int, dict[str, Any]]] = {}
        for i, c in enumerate(self.data.get("contained") or []):
            if isinstance(c.get("id"), str):
                self.contained.setdefault(c["id"], (i, c))
        self.items: list[dict[str, Any]] = list(self.data.get("item") or [])

    def local(self, ref: dict[str, Any] | None) -> tuple[int, dict[str, Any]] | None:
        """The contained resource a local reference ("#id") points at."""
        target = (ref or {}).get("reference")
        if isinstance(target, str) and target.startswith("#"):
            return self.contained.get(target[1:])
        return None

    def questions(self) -> list[int | None]:
        """The request items in order, or one question (None) for `validation` without items."""
        return list(range(len(self.items))) if self.items else [None]

    # -- patient

    def patient(self) -> tuple[str, dict[str, Any]] | None:
        """(FHIR path, Patient JSON) of the contained Patient `patient` refers to, if any."""
        found = self.local(self.data.get("patient"))
        if found is None or found[1].get("resourceType") != "Patient":
            return None
        return f"{REQUEST}.contained[{found[0]}]", found[1]

    def patient_base(self) -> str:
        p = self.patient()
        return p[0] if p else f"{REQUEST}.patient"

    def iin(self) -> tuple[str | None, str]:
        """The IIN and its path: a contained Patient's identifier, else the reference's identifier."""
        p = self.patient()
        if p is not None:
            for k, ident in enumerate(p[1].get("identifier") or []):
                if ident.get("system") == IIN_SYSTEM:
                    return ident.get("value"), f"{p[0]}.identifier[{k}]"
        ident = (self.data.get("patient") or {}).get("identifier") or {}
        if ident.get("system") == IIN_SYSTEM:
            return ident.get("value"), f"{REQUEST}.patient.identifier"
        return None, f"{p[0]}.identifier" if p else f"{REQUEST}.patient.identifier"

    # -- date

    def care_date_path(self) -> str:
        if "servicedDate" in self.data:
            return f"{REQUEST}.servicedDate"
        if "servicedPeriod" in self.data:
            return f"{REQUEST}.servicedPeriod.start"
        return f"{REQUEST}.created"

    def care_date_text(self) -> str | None:
        """servicedDate, else servicedPeriod.start, else the date of `created` (as written)."""
        if "servicedDate" in self.data:
            return str(self.data["servicedDate"])
        if "servicedPeriod" in self.data:
            start = self.data["servicedPeriod"].get("start")
            return None if start is None else str(start)[:10]
        created = self.data.get("created")
        return None if created is None else str(created)[:10]

    # -- coverages

    def coverages(self) -> list[tuple[str, dict[str, Any]]]:
        return [
            (f"{REQUEST}.contained[{i}]", c)
            for i, c in enumerate(self.data.get("contained") or [])
            if c.get("resourceType") == "Coverage"
        ]

    # -- items

    def item_path(self, index: int | None) -> str:
        return f"{REQUEST}.purpose" if index is None else f"{REQUEST}.item[{index}]"

    def item_codings(self, index: int) -> list[tuple[dict[str, Any], str]]:
        """Every coding of category, productOrService and modifier, with its path."""
        item, base = self.items[index], self.item_path(index)
        out: list[tuple[dict[str, Any], str]] = []
        for element in ("category", "productOrService"):
            for k, c in enumerate((item.get(element) or {}).get("coding") or []):
                out.append((c, f"{base}.{element}.coding[{k}]"))
        for m, mod in enumerate(item.get("modifier") or []):
            for k, c in enumerate(mod.get("coding") or []):
                out.append((c, f"{base}.modifier[{m}].coding[{k}]"))
        return out

    def coded(self, index: int | None, cs_id: str) -> list[tuple[Any, str]]:
        """(code, path) of the item's codings from one of kepil's CodeSystems."""
        if index is None:
            return []
        return [(c.get("code"), p) for c, p in self.item_codings(index) if c.get("system") == system(cs_id)]

    def kind_form(self, index: int | None) -> tuple[str | None, str | None]:
        """The care kind and form an item asks about (first codings; the validation question's for None)."""
        if index is None:
            return VALIDATION_SERVICE["kind"], VALIDATION_SERVICE["form"]
        kinds, forms = self.coded(index, CARE_KIND), self.coded(index, CARE_FORM)
        kind, form = (kinds[0][0] if kinds else None), (forms[0][0] if forms else None)
        return (kind if isinstance(kind, str) else None), (form if isinstance(form, str) else None)

    def diagnosis(self, index: int) -> tuple[str | None, str] | None:
        """(ICD-10 code, path) of the item's first diagnosis; None when it has no diagnosis.

        reading: the contract takes one main diagnosis; FHIR R4 gives an item's diagnoses no rank, so the
        first is taken as the main one and the others are not read.
        """
        diagnoses = self.items[index].get("diagnosis") or []
        if not diagnoses:
            return None
        d, base = diagnoses[0], f"{self.item_path(index)}.diagnosis[0]"
        if "diagnosisCodeableConcept" in d:
            for k, c in enumerate(d["diagnosisCodeableConcept"].get("coding") or []):
                if c.get("system") == ICD10_SYSTEM:
                    return c.get("code"), f"{base}.diagnosisCodeableConcept.coding[{k}]"
            return None, f"{base}.diagnosisCodeableConcept"
        found = self.local(d.get("diagnosisReference"))
        if found is not None and found[1].get("resourceType") == "Condition":
            for k, c in enumerate((found[1].get("code") or {}).get("coding") or []):
                if c.get("system") == ICD10_SYSTEM:
                    return c.get("code"), f"{REQUEST}.contained[{found[0]}].code.coding[{k}]"
        return None, f"{base}.diagnosisReference"

    def referral_info(self, index: int) -> str | None:
        """Path of a supportingInfo that presents an active contained ServiceRequest for this item.

        reading: FHIR's resource for a referral is a ServiceRequest; one given as supporting information
        (appliesToAll, or listed in the item's supportingInfoSequence) is a referral held (coverage.md
        `service.referral`) unless the item's referral extension says otherwise.
        """
        sequences = set(self.items[index].get("supportingInfoSequence") or [])
        for s, info in enumerate(self.data.get("supportingInfo") or []):
            if not (info.get("appliesToAll") or info.get("sequence") in sequences):
                continue
            found = self.local(info.get("information"))
            held = found is not None and found[1].get("resourceType") == "ServiceRequest"
            if held and found is not None and found[1].get("status") == "active":
                return f"{REQUEST}.supportingInfo[{s}]"
        return None


def _ext_path(base: str, name: str) -> str:
    return f"{base}.extension('{extension(name)}')"


def _extensions(element: dict[str, Any], base: str, names: tuple[str, ...]) -> dict[str, tuple[Any, str]]:
    """kepil's extensions on an element: name -> (value, path). An unknown or repeated kepil extension, or one
    with the wrong value type, raises FhirInvalid."""
    out: dict[str, tuple[Any, str]] = {}
    wanted = {extension(n): n for n in names}
    for k, ext in enumerate(element.get("extension") or []):
        url, path = ext.get("url"), f"{base}.extension[{k}]"
        if not isinstance(url, str) or not url.startswith(BASE + "/"):
            continue  # another publisher's extension: not kepil's to read
        if url not in wanted:
            known = url in _KNOWN_EXTENSIONS
            misplaced = _t(
                f"{url} кеңейтуі бұл элементте қолданылмайды",
                f"расширение {url} не применяется к этому элементу",
                f"extension {url} is not used on this element",
            )
            undefined = _t(
                f"{url} кеңейтуі kepil-де жоқ",
                f"расширение {url} не определено в kepil",
                f"extension {url} is not defined by kepil",
            )
            raise FhirInvalid(path, misplaced if known else undefined)
        name = wanted[url]
        if name in out:
            raise FhirInvalid(path, _t(f"{url} қайталанды", f"{url} повторяется", f"{url} is given twice"))
        out[name] = (_ext_value(ext, name, path), path)
    return out


def _ext_value(ext: dict[str, Any], name: str, path: str) -> Any:
    if name in _CODED:
        if "valueCode" in ext:
            return ext["valueCode"]
        c = ext.get("valueCoding")
        if isinstance(c, dict) and c.get("system", system(_CODED[name])) == system(_CODED[name]):
            return c.get("code")
        expected = f"valueCoding ({system(_CODED[name])}) or valueCode"
    elif name == "rehabilitation-stage":
        for key in ("valueInteger", "valuePositiveInt", "valueUnsignedInt"):
            if key in ext:
                return ext[key]
        expected = "valueInteger"
    else:
        if "valueBoolean" in ext:
            return ext["valueBoolean"]
        expected = "valueBoolean"
    raise FhirInvalid(path, _t(f"{expected} күтілді", f"ожидается {expected}", f"expected {expected}"))


def _full_date(value: str, path: str, what: Text) -> dt.date:
    if not _FULL_DATE.fullmatch(value):
        raise FhirInvalid(
            path,
            _t(
                f"{what.kk}: толық күн (ЖЖЖЖ-АА-КК) керек, берілгені {value!r}",
                f"{what.ru}: нужна полная дата (ГГГГ-ММ-ДД), получено {value!r}",
                f"{what.en}: a full date YYYY-MM-DD is needed, got {value!r}",
            ),
        )
    return dt.date.fromisoformat(value)


def _care_date(doc: _Doc) -> dt.date:
    """reading: the day of care is servicedDate; for a period its start (the first day of care, e.g. the
    admission, decides which law applies); with neither, the day `created` records — FHIR's "currently" for
    a request without service dates, kept in the resource so the answer can be repeated."""
    text, path = doc.care_date_text(), doc.care_date_path()
    if text is None:
        raise FhirInvalid(path, _t("міндетті элемент", "обязательный элемент", "is required"))
    return _full_date(text, path, _t("Көмек күні", "Дата помощи", "The date of care"))


def _person(doc: _Doc, on: dt.date, lookup: PersonLookup | None) -> dict[str, Any]:
    person: dict[str, Any] = {}
    ref = doc.data.get("patient") or {}
    target = ref.get("reference")
    if isinstance(target, str) and target.startswith("#"):
        found = doc.local(ref)
        if found is None or found[1].get("resourceType") != "Patient":
            raise FhirInvalid(
                f"{REQUEST}.patient",
                _t(
                    f"{target} ішкі (contained) Patient ресурсына сілтемейді",
                    f"{target} не указывает на вложенный (contained) ресурс Patient",
                    f"{target} does not refer to a contained Patient",
                ),
            )
    iin, _ = doc.iin()
    patient = doc.patient()
    if iin is not None:
        person["iin"] = iin
    if patient is not None:
        base, p = patient
        birth = p.get("birthDate")
        if isinstance(birth, str):
            if _FULL_DATE.fullmatch(birth):
                person["birth_date"] = birth
            elif iin is None:
                _full_date(birth, f"{base}.birthDate", _t("Туған күні", "Дата рождения", "The birth date"))
            # reading: a partial birthDate (year, year-month) gives no age on a day; with an IIN its
            # digits give the birth date (coverage.md `person.iin`).
        if p.get("gender") in ("male", "female"):
            person["sex"] = p["gender"]  # other / unknown: the contract's sex unknown (null)
        for name, (value, _path) in _extensions(p, base, _PATIENT_EXTENSIONS).items():
            person[name.replace("-", "_")] = value
    elif iin is None:
        raise FhirInvalid(
            f"{REQUEST}.patient",
            _t(
                f"науқастың ЖСН-і ({IIN_SYSTEM}) немесе ішкі Patient ресурсы керек",
                f"нужен ИИН пациента ({IIN_SYSTEM}) или вложенный ресурс Patient",
                f"the patient's IIN (identifier system {IIN_SYSTEM}) or a contained Patient is needed",
            ),
        )
    insured, policies = _coverages(doc, on)
    if insured is not None:
        person["insured"] = insured
    person["policies"] = policies
    # reading: the request's own facts win over the registry's (the desk sees the person and the documents
    # today; the registry may lag); the registry only fills what the request leaves out.
    gaps = person.get("attached") is None or person.get("residency") is None
    if lookup is not None and iin is not None and gaps and parse_iin(iin).valid:
        facts = lookup(iin, on)
        if facts is not None:
            person.setdefault("attached", facts.attached)
            if facts.residency is not None:
                person.setdefault("residency", facts.residency)
    return person


def _coverages(doc: _Doc, on: dt.date) -> tuple[bool | None, list[str]]:
    """CSHI participation and OMI/VHI policies in force on `on`, from the contained Coverage resources.

    reading: a Coverage is in force when its status is active and its period (if any) holds `on`. A CSHI
    Coverage not in force means not a participant; no CSHI Coverage leaves `insured` out, which the contract
    reads as not a participant. A GVFMC Coverage is ignored: GVFMC is no contract, residency decides it.
    """
    for k, ins in enumerate(doc.data.get("insurance") or []):
        target = (ins.get("coverage") or {}).get("reference")
        if isinstance(target, str) and target.startswith("#"):
            found = doc.local(ins.get("coverage"))
            if found is None or found[1].get("resourceType") != "Coverage":
                raise FhirInvalid(
                    f"{REQUEST}.insurance[{k}].coverage",
                    _t(
                        f"{target} ішкі Coverage ресурсына сілтемейді",
                        f"{target} не указывает на вложенный ресурс Coverage",
                        f"{target} does not refer to a contained Coverage",
                    ),
                )
    insured: bool | None = None
    policies: list[str] = []
    patient_ref = (doc.data.get("patient") or {}).get("reference")
    for base, cov in doc.coverages():
        codes = [
            (c.get("code"), f"{base}.type.coding[{k}]")
            for k, c in enumerate((cov.get("type") or {}).get("coding") or [])
            if c.get("system") == system(FUNDING)
        ]
        if not codes or codes[0][0] not in ("gvfmc", "cshi", "omi", "vhi"):
            raise FhirInvalid(
                codes[0][1] if codes else f"{base}.type",
                _t(
                    f"Coverage түрі {system(FUNDING)} жүйесінен cshi, omi немесе vhi болуы керек",
                    f"тип Coverage должен быть cshi, omi или vhi из {system(FUNDING)}",
                    f"a Coverage's type must be cshi, omi or vhi from {system(FUNDING)}",
                ),
            )
        beneficiary = (cov.get("beneficiary") or {}).get("reference")
        if patient_ref is not None and beneficiary is not None and beneficiary != patient_ref:
            raise FhirInvalid(
                f"{base}.beneficiary",
                _t(
                    f"{beneficiary} сұраныстағы науқас ({patient_ref}) емес",
                    f"{beneficiary} — не пациент запроса ({patient_ref})",
                    f"{beneficiary} is not the request's patient ({patient_ref})",
                ),
            )
        package = codes[0][0]
        if package == "gvfmc":
            continue
        in_force = cov.get("status") == "active" and _period_holds(cov.get("period") or {}, on)
        if package == "cshi":
            insured = insured or in_force
        elif in_force and package not in policies:
            policies.append(package)
    return insured, [p for p in ("omi", "vhi") if p in policies]


def _period_holds(period: dict[str, Any], on: dt.date) -> bool:
    """Whether a Period holds the day; a partial bound ("2026", "2026-05") holds its whole year or month."""
    day, start, end = on.isoformat(), period.get("start"), period.get("end")
    if isinstance(start, str) and day[: len(start[:10])] < start[:10]:
        return False
    return not (isinstance(end, str) and day[: len(end[:10])] > end[:10])


def _service(doc: _Doc, index: int) -> dict[str, Any]:
    base = doc.item_path(index)
    service: dict[str, Any] = {}
    kinds = doc.coded(index, CARE_KIND)
    if not kinds:
        raise FhirInvalid(
            f"{base}.category",
            _t(
                f"көмек түрі жоқ: {system(CARE_KIND)} жүйесінен кодтау керек",
                f"нет вида помощи: нужен код из {system(CARE_KIND)}",
                f"no kind of care: a coding from {system(CARE_KIND)} is needed",
            ),
        )
    for what, found, cs_id in (("kind", kinds, CARE_KIND), ("form", doc.coded(index, CARE_FORM), CARE_FORM)):
        if len({code for code, _ in found}) > 1:
            raise FhirInvalid(
                found[1][1],
                _t(
                    f"{system(cs_id)} жүйесінен екі түрлі код берілді",
                    f"даны два разных кода из {system(cs_id)}",
                    f"two different codes from {system(cs_id)}",
                ),
            )
        if found:
            service[what] = found[0][0]
    diagnosis = doc.diagnosis(index)
    if diagnosis is not None:
        code, path = diagnosis
        if code is None:
            raise FhirInvalid(
                path,
                _t(
                    f"бірінші диагнозда АХЖ-10 коды жоқ ({ICD10_SYSTEM})",
                    f"у первого диагноза нет кода МКБ-10 ({ICD10_SYSTEM})",
                    f"the first diagnosis has no ICD-10 coding ({ICD10_SYSTEM})",
                ),
            )
        service["icd10"] = code
    for name, (value, _path) in _extensions(doc.items[index], base, _ITEM_EXTENSIONS).items():
        service[name.replace("-", "_")] = value
    if "referral" not in service and doc.referral_info(index) is not None:
        service["referral"] = True
    return service


def _check_purpose(doc: _Doc) -> None:
    if doc.data.get("status") in ("cancelled", "entered-in-error"):
        raise FhirInvalid(
            f"{REQUEST}.status",
            _t(
                f"{doc.data['status']} сұранысқа жауап берілмейді",
                f"на запрос со статусом {doc.data['status']} ответа нет",
                f"a request that is {doc.data['status']} is not answered",
            ),
        )
    purposes = doc.data.get("purpose") or []
    for i, p in enumerate(purposes):
        if p not in ANSWERED_PURPOSES:
            raise FhirInvalid(
                f"{REQUEST}.purpose[{i}]",
                _t(
                    f"kepil {p!r} мақсатына жауап бермейді; мүмкіндері: validation, benefits",
                    f"kepil не отвечает на цель {p!r}; поддерживаются: validation, benefits",
                    f"kepil does not answer purpose {p!r}; it answers: validation, benefits",
                ),
                code="not_supported",
            )
    if not doc.items and "validation" not in purposes:
        raise FhirInvalid(
            f"{REQUEST}.item",
            _t(
                "benefits мақсаты қызметтер туралы сұрайды: кемінде бір item керек",
                "цель benefits спрашивает об услугах: нужен хотя бы один item",
                "purpose benefits asks about services: give at least one item",
            ),
        )


def to_coverage_requests(
    resource: CoverageEligibilityRequest, lookup: PersonLookup | None = None
) -> list[dict[str, Any]]:
    """One coverage request of the contract per item (or one PHC question for `validation` without items).

    Raises FhirInvalid for what the contract's JSON cannot express (an unresolvable reference, no care-kind
    coding, an extension with the wrong value type, a partial date, an unanswered purpose); the values
    themselves (enumerations, the IIN's check digit, ICD-10 codes, the law in force) are `decide`'s to judge.
    """
    doc = _Doc(resource)
    _check_purpose(doc)
    on = _care_date(doc)
    person = _person(doc, on, lookup)
    services = (
        [dict(VALIDATION_SERVICE)] if not doc.items else [_service(doc, i) for i in range(len(doc.items))]
    )
    return [{"date": on.isoformat(), "person": dict(person), "service": s} for s in services]


# --- paths of the contract's fields --------------------------------------------------------------------


def field_path(resource: CoverageEligibilityRequest, index: int | None, field: str) -> str:
    """The FHIR path that carries the contract's `field` (e.g. "person.iin", "service.form",
    "person.policies[1]") for the question on item `index` (None: the validation question)."""
    return _field_path(_Doc(resource), index, field)


def _field_path(doc: _Doc, index: int | None, field: str) -> str:
    field = re.sub(r"\[\d+\]$", "", field)
    item_base = doc.item_path(index)
    patient = doc.patient()
    if field == "date":
        return doc.care_date_path()
    if field == "person.iin":
        return doc.iin()[1]
    if field in ("person.insured", "person.policies"):
        kinds = {"person.insured": ("cshi",), "person.policies": ("omi", "vhi")}[field]
        for base, cov in doc.coverages():
            codes = {c.get("code") for c in (cov.get("type") or {}).get("coding") or []}
            if codes & set(kinds):
                return base
        return f"{REQUEST}.insurance"
    if field.startswith("person.") or field == "person":
        if patient is None:
            return f"{REQUEST}.patient"
        simple = {"person.birth_date": "birthDate", "person.sex": "gender"}
        if field in simple:
            return f"{patient[0]}.{simple[field]}"
        ext = EXTENSION_BY_FIELD.get(field)
        return _ext_path(patient[0], ext.name) if ext else patient[0]
    if index is None:
        return item_base
    if field in ("service.kind", "service.form"):
        found = doc.coded(index, CARE_KIND if field == "service.kind" else CARE_FORM)
        if found:
            return found[0][1]
        return f"{item_base}.category" if field == "service.kind" else f"{item_base}.modifier"
    if field == "service.icd10":
        diagnosis = doc.diagnosis(index)
        return diagnosis[1] if diagnosis else f"{item_base}.diagnosis"
    if field == "service.referral" and "referral" not in _present(doc, index):
        info = doc.referral_info(index)
        if info is not None:
            return info
    ext = EXTENSION_BY_FIELD.get(field)
    if ext is not None:
        return _ext_path(item_base, ext.name)
    return item_base if field.startswith("service") else REQUEST


def _present(doc: _Doc, index: int) -> set[str]:
    return {
        n
        for n in _ITEM_EXTENSIONS
        for e in doc.items[index].get("extension") or []
        if e.get("url") == extension(n)
    }


# --- the response --------------------------------------------------------------------------------------


def _carry(doc: _Doc, ref: dict[str, Any] | None, contained: list[dict[str, Any]]) -> dict[str, Any] | None:
    """A reference for the response: a local reference brings its contained resource along."""
    if not ref:
        return None
    found = doc.local(ref)
    if found is not None:
        if all(c.get("id") != found[1].get("id") for c in contained):
            contained.append(found[1])
        return dict(ref)
    if isinstance(ref.get("reference"), str) and ref["reference"].startswith("#"):
        return {k: v for k, v in ref.items() if k != "reference"} or {"display": ref["reference"]}
    return dict(ref)


def _request_reference(doc: _Doc) -> dict[str, Any]:
    identifiers = doc.data.get("identifier") or []
    if identifiers:
        return {"type": REQUEST, "identifier": identifiers[0]}
    if isinstance(doc.data.get("id"), str):
        return {"type": REQUEST, "reference": f"{REQUEST}/{doc.data['id']}"}
    return {"type": REQUEST, "display": f"{REQUEST} {doc.data.get('created', '')}".strip()}


def _skeleton(doc: _Doc, lang: str, created: dt.datetime | None, outcome: str) -> dict[str, Any]:
    contained: list[dict[str, Any]] = []
    when = created or dt.datetime.now(dt.UTC).replace(microsecond=0)
    out: dict[str, Any] = {
        "resourceType": "CoverageEligibilityResponse",
        "language": lang,
        "status": "active",
        "purpose": list(doc.data.get("purpose") or ["validation"]),
        "patient": _carry(doc, doc.data.get("patient"), contained) or {"display": "patient"},
        "created": when.isoformat(),
        "request": _request_reference(doc),
        "outcome": outcome,
        "insurer": _carry(doc, doc.data.get("insurer"), contained) or {"display": "insurer"},
    }
    if "servicedDate" in doc.data:
        out["servicedDate"] = doc.data["servicedDate"]
    elif "servicedPeriod" in doc.data:
        out["servicedPeriod"] = doc.data["servicedPeriod"]
    else:
        day = doc.care_date_text()
        if day is not None and _FULL_DATE.fullmatch(day):
            out["servicedDate"] = day  # the day the answer is for (from `created`), said explicitly
    requestor = _carry(doc, doc.data.get("provider"), contained)
    if requestor is not None:
        out["requestor"] = requestor
    if contained:
        out["contained"] = contained
    return out


def _funding_reference(package: str, lang: str) -> dict[str, Any]:
    """insurance.coverage: a logical reference to the package (GVFMC and CSHI are no policy a person holds,
    so there is no Coverage instance to point at); `none` is the person paying."""
    return {
        "type": "Coverage",
        "identifier": {"system": FUNDING_ID_SYSTEM, "value": package},
        "display": FUNDING_NAMES[package][lang],
    }


def _basis_extension(citation: dict[str, str], lang: str) -> dict[str, Any]:
    return {
        "url": extension("basis"),
        "extension": [
            {"url": "act", "valueCoding": coding(ACT, citation["act"], lang)},
            {"url": "clause", "valueString": citation["clause"]},
        ],
    }


def _answer_item(doc: _Doc, index: int | None, decision: dict[str, Any], lang: str) -> dict[str, Any]:
    kind, form = doc.kind_form(index)
    requires: list[str] = list(decision.get("requires") or [])
    exts: list[dict[str, Any]] = []
    if index is not None:
        exts.append({"url": extension("request-item"), "valueUnsignedInt": index})
    exts.append({"url": extension("funding"), "valueCoding": coding(FUNDING, decision["funding"], lang)})
    exts += [{"url": extension("requires"), "valueCoding": coding(REQUIREMENT, r, lang)} for r in requires]
    exts += [_basis_extension(c, lang) for c in decision.get("basis") or []]
    if decision.get("rule"):
        exts.append({"url": extension("rule"), "valueString": decision["rule"]})
    exts += [
        {"url": extension("unknown"), "valueString": _field_path(doc, index, f)}
        for f in decision.get("unknown") or []
    ]
    item: dict[str, Any] = {"extension": exts}
    if kind is not None:
        # ces-1: a response item has a category or a productOrService, never both — the kind goes in category.
        item["category"] = {"coding": [coding(CARE_KIND, kind, lang)]}
        item["name"] = display(CARE_KIND, kind, lang)
    if form is not None:
        item["modifier"] = [{"coding": [coding(CARE_FORM, form, lang)]}]
    explanation = decision.get("explanation") or {}
    if all(isinstance(explanation.get(x), str) for x in LANGS):
        item["description"] = explanation[lang]
        item["_description"] = translations(Text(**{x: explanation[x] for x in LANGS}), lang)
    item["excluded"] = not decision["covered"]
    # reading: a referral is FHIR's "authorization" for planned specialised care (program-2026-2028 58.2,
    # 59, 62): required when the answer names it missing; when held, nothing more is required.
    item["authorizationRequired"] = "referral" in requires
    if "referral" in requires:
        item["authorizationSupporting"] = [{"coding": [coding(REQUIREMENT, "referral", lang)]}]
    return item


def _error_text(doc: _Doc, code: str, path: str, message: str) -> Text:
    if code == "law_not_in_force":
        day = doc.care_date_text()
        if day is not None and _FULL_DATE.fullmatch(day):
            reason = acts.not_in_force_reason(PROGRAM, dt.date.fromisoformat(day))
            if reason is not None:
                return reason
    return _t(f"{path}: {message}", f"{path}: {message}", f"{path}: {message}")


def _error_entry(code: str, path: str, text: Text, lang: str) -> dict[str, Any]:
    return {
        "extension": [{"url": extension("error-expression"), "valueString": path}],
        "code": {"coding": [coding(COVERAGE_ERROR, code, lang)], "text": text[lang]},
    }


def _summary(doc: _Doc, index: int | None, decision: dict[str, Any], lang: str) -> str:
    if "error" in decision:
        err = decision["error"]
        path = _field_path(doc, index, err.get("field") or "")
        return _error_text(doc, err["code"], path, err.get("message", ""))[lang]
    explanation = decision.get("explanation") or {}
    return str(explanation.get(lang, ""))


def _disposition(doc: _Doc, questions: list[int | None], decisions: list[dict[str, Any]], lang: str) -> str:
    if len(decisions) == 1:
        return _summary(doc, questions[0], decisions[0], lang)
    lines = []
    for index, decision in zip(questions, decisions, strict=True):
        kind, _ = doc.kind_form(index)
        label = display(CARE_KIND, kind, lang) if kind else ""
        lines.append(f"item[{index}] {label}: {_summary(doc, index, decision, lang)}")
    return "\n".join(lines)


def to_response(
    resource: CoverageEligibilityRequest,
    decisions: list[dict[str, Any]],
    lang: str = "en",
    *,
    created: dt.datetime | None = None,
) -> dict[str, Any]:
    """The CoverageEligibilityResponse (FHIR JSON, validated as R4B) for the answers of `decide` to the
    requests `to_coverage_requests` made, in the same order.

    `insurance[k]` answers one question (the k-th item that got a decision): `coverage` the package paying
    (or `none`), `inforce` covered; its one item carries the care kind and form, `excluded` (not covered),
    `authorizationRequired` (a referral missing) and kepil's extensions (funding, requires, basis, rule,
    unknown). Items whose answer is an error object are in `error[]` with the FHIR path instead.
    """
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}")
    doc = _Doc(resource)
    questions = doc.questions()
    if len(questions) != len(decisions):
        raise ValueError(f"{len(decisions)} decisions for {len(questions)} questions of the request")
    failed = any("error" in d for d in decisions)
    out = _skeleton(doc, lang, created, "error" if failed else "complete")
    out["disposition"] = _disposition(doc, questions, decisions, lang)
    others = {x: _disposition(doc, questions, decisions, x) for x in LANGS}
    out["_disposition"] = translations(Text(**others), lang)
    insurance: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    for index, decision in zip(questions, decisions, strict=True):
        if "error" in decision:
            err = decision["error"]
            path = _field_path(doc, index, err.get("field") or "")
            text = _error_text(doc, err["code"], path, err.get("message", ""))
            errors.append(_error_entry(err["code"], path, text, lang))
            continue
        covered = bool(decision["covered"])
        package = decision["funding"] if covered else "none"
        insurance.append(
            {
                "coverage": _funding_reference(package, lang),
                "inforce": covered,
                "item": [_answer_item(doc, index, decision, lang)],
            }
        )
    if insurance:
        out["insurance"] = insurance
    if errors:
        out["error"] = errors
    return CoverageEligibilityResponse.model_validate(out).model_dump(mode="json")


_ISSUE_TYPES = {
    "invalid_input": "invalid",
    "law_not_in_force": "business-rule",
    "not_supported": "not-supported",
}


def error_response(
    resource_or_none: CoverageEligibilityRequest | None,
    field: str,
    code: str,
    message: str | Text,
    *,
    lang: str = "en",
    created: dt.datetime | None = None,
) -> dict[str, Any]:
    """The answer to a request kepil cannot map (the route sends it with 422; `law_not_in_force` 409).

    reading: a body that is not a CoverageEligibilityRequest gets an OperationOutcome (FHIR's answer to a
    resource it cannot accept); a valid CoverageEligibilityRequest that cannot be answered gets a
    CoverageEligibilityResponse with outcome `error`, so the eligibility exchange keeps its pair of
    resources. Either way the code comes from kepil's coverage-error CodeSystem and `field` is the FHIR path.
    """
    text = message if isinstance(message, Text) else Text(message, message, message)
    # A plain string is in a language the caller knows; `language` is said only for a Text.
    said: dict[str, Any] = {"language": lang} if isinstance(message, Text) else {}
    if resource_or_none is None:
        outcome = {
            "resourceType": "OperationOutcome",
            **said,
            "issue": [
                {
                    "severity": "error",
                    "code": _ISSUE_TYPES.get(code, "processing"),
                    "details": {"coding": [coding(COVERAGE_ERROR, code, lang)], "text": text[lang]},
                    "diagnostics": f"{field}: {text[lang]}",
                    "expression": [field],
                }
            ],
        }
        return OperationOutcome.model_validate(outcome).model_dump(mode="json")
    doc = _Doc(resource_or_none)
    out = _skeleton(doc, lang, created, "error")
    if not said:
        del out["language"]
    out["disposition"] = text[lang]
    if said:
        out["_disposition"] = translations(text, lang)
    out["error"] = [_error_entry(code, field, _t(*(f"{field}: {text[x]}" for x in LANGS)), lang)]
    return CoverageEligibilityResponse.model_validate(out).model_dump(mode="json")
