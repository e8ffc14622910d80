"""Reading a FHIR R4 (R4B models) CoverageEligibilityRequest: validating the body, locating its elements.

`parse_request` checks the resource; `_Doc` finds the patient, the care date, the Coverages, the items and
their codings, diagnoses and referrals, each with its FHIR path; `field_path` names the element that carries
one of the coverage contract's fields (shared/contracts/coverage.md). docs/fhir.md has the mapping table.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.coverageeligibilityrequest import CoverageEligibilityRequest
from fhir.resources.R4B.resource import Resource
from pydantic import ValidationError

from kepil.api.fhir.codesystems import (
    CARE_FORM,
    CARE_KIND,
    EXTENSION_BY_FIELD,
    ICD10_SYSTEM,
    IIN_SYSTEM,
    extension,
    system,
)
from kepil.api.fhir.common import FhirInvalid, loc_path, pydantic_text
from kepil.i18n import Text

__all__ = ["REQUEST", "VALIDATION_SERVICE", "field_path", "parse_request"]

REQUEST = "CoverageEligibilityRequest"
# FHIR R4 value sets with a required binding that fhir.resources does not check.
PURPOSES = ("auth-requirements", "benefits", "discovery", "validation")
STATUSES = ("active", "cancelled", "draft", "entered-in-error")
# reading: `validation` without items asks whether the person's coverage is valid on the date. What kepil
# can check of that from its own sources (the registry: attachment, residency) is the entry to every
# guarantee: planned primary health care (program-2026-2028 6, 7, 22; phc-attachment-rules 3-1) — GVFMC
# for an attached resident, OMI for a temporary resident with a policy, otherwise what is missing.
VALIDATION_SERVICE: dict[str, Any] = {"kind": "phc", "form": "planned"}
_FULL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ITEM_EXTENSIONS = (
    "referral",
    "life-threatening",
    "socially-significant",
    "dangerous-to-others",
    "contact-isolation",
    "admission-department",
    "rehabilitation-stage",
    "urgency-category",
    "on-inpatient-list",
    "on-day-hospital-list",
    "on-rehabilitation-list",
    "on-custody-rehabilitation-list",
    "on-outpatient-drug-list",
    "on-treatment-abroad-list",
    "on-emergency-admission-list",
    "on-dynamic-observation-list",
    "screening-target-group",
    "first-contact",
    "within-completed-case",
    "activity",
    "within-stay-of",
)


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


# id(resource) -> (resource, its JSON), while `shared_dumps` is active (the resource is held, so its id
# cannot be reused by another object before the block ends).
_DUMPS: ContextVar[dict[int, tuple[Any, dict[str, Any]]] | None] = ContextVar("fhir_dumps", default=None)


@contextmanager
def shared_dumps() -> Iterator[None]:
    """Within the block a resource is turned into JSON once, however many mappings read it (reading it and
    answering it each need its JSON; fhir.resources' dump costs more than its validation). A batch of many
    requests uses it; the JSON must then be read, never changed."""
    token = _DUMPS.set({})
    try:
        yield
    finally:
        _DUMPS.reset(token)


def _json_of(resource: CoverageEligibilityRequest) -> dict[str, Any]:
    cache = _DUMPS.get()
    if cache is None:
        return resource.model_dump(mode="json")
    hit = cache.get(id(resource))
    if hit is not None and hit[0] is resource:
        return hit[1]
    data: dict[str, Any] = resource.model_dump(mode="json")
    cache[id(resource)] = (resource, data)
    return data


class _Doc:
    """The request as FHIR JSON, with its contained resources by id. Locators never raise; `strict`
    readers do, with the FHIR path of the element at fault."""

    def __init__(self, resource: CoverageEligibilityRequest) -> None:
        self.data: dict[str, Any] = _json_of(resource)
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
