"""A CoverageEligibilityRequest's facts as the coverage contract's requests (shared/contracts/coverage.md).

`to_coverage_requests` reads the care date, the person (the patient, its extensions, the contained Coverages
and, for what the resource does not say, the attachment registry through `lookup`) and one service per item.
It decides nothing itself: `kepil.coverage.decision.decide` answers them. docs/fhir.md has the readings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fhir.resources.R4B.coverageeligibilityrequest import CoverageEligibilityRequest

from kepil.api.fhir.codesystems import (
    BASE,
    CARE_FORM,
    CARE_KIND,
    EXTENSIONS,
    FUNDING,
    ICD10_SYSTEM,
    IIN_SYSTEM,
    RESIDENCY,
    STATE_PAID_CATEGORY,
    STAY_PURPOSE,
    extension,
    system,
)
from kepil.api.fhir.common import FhirInvalid
from kepil.api.fhir.eligibility_request import (
    _FULL_DATE,
    _ITEM_EXTENSIONS,
    REQUEST,
    VALIDATION_SERVICE,
    _Doc,
    _t,
)
from kepil.i18n import Text
from kepil.reference.iin import parse_iin

__all__ = ["PersonLookup", "RegistryFacts", "to_coverage_requests"]

ANSWERED_PURPOSES = ("validation", "benefits")
_PATIENT_EXTENSIONS = (
    "residency",
    "stay-purpose",
    "state-paid-category",
    "eaeu-worker",
    "eaeu-family",
    "pregnant",
    "postpartum",
    "attached",
    "on-dental-emergency-list",
    "custody",
)
_CODED = {"residency": RESIDENCY, "stay-purpose": STAY_PURPOSE, "state-paid-category": STATE_PAID_CATEGORY}
_KNOWN_EXTENSIONS = frozenset(e.url for e in EXTENSIONS)
_CODES = frozenset({"custody", "activity", "within-stay-of"})  # valueCode: codes of kepil's request


@dataclass(frozen=True)
class RegistryFacts:
    """What the attachment registry knows about a person on a date."""

    attached: bool
    residency: str | None


PersonLookup = Callable[[str, dt.date], RegistryFacts | None]


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
    elif name in _CODES:
        if "valueCode" in ext:
            return ext["valueCode"]
        expected = "valueCode"
    elif name in ("rehabilitation-stage", "urgency-category"):
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
