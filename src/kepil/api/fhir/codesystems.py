"""kepil's published FHIR CodeSystems and extension URLs (docs/fhir.md).

Every code is the coverage contract's own value (shared/contracts/coverage.md), so a FHIR client and a
JSON client read the same words; displays come in kk, ru and en (`designation`s carry kk and ru). The
CodeSystems are served at `GET /fhir/CodeSystem/{id}` and their canonical URL is `{BASE}/CodeSystem/{id}`.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import cache
from typing import Any

from fhir.resources.R4B.codesystem import CodeSystem

import kepil
from kepil.coverage.vocabulary import (
    CATEGORY_NAMES,
    FORM_NAMES,
    FUNDING_NAMES,
    KIND_NAMES,
    REQUIREMENT_NAMES,
    RESIDENCIES,
    RESIDENCY_NAMES,
    STATE_PAID_CATEGORIES,
    STAY_PURPOSE_NAMES,
    STAY_PURPOSES,
)
from kepil.engine.rules import FUNDINGS, REQUIREMENTS
from kepil.i18n import LANGS, Text
from kepil.law import acts
from kepil.law.care import CARE_FORMS, CARE_KINDS
from kepil.law.citation import ACT_IDS

BASE = "https://kepil.kz/fhir"
IIN_SYSTEM = f"{BASE}/sid/iin"  # the individual identification number (ЖСН / ИИН), 12 digits
FUNDING_ID_SYSTEM = f"{BASE}/sid/funding"  # logical identifiers of the packages (insurance.coverage)
ICD10_SYSTEM = "http://hl7.org/fhir/sid/icd-10"  # WHO ICD-10, as the contract's `service.icd10`
TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation"


def system(cs_id: str) -> str:
    """Canonical URL of one of kepil's CodeSystems."""
    return f"{BASE}/CodeSystem/{cs_id}"


def extension(name: str) -> str:
    """Canonical URL of one of kepil's extensions."""
    return f"{BASE}/StructureDefinition/{name}"


CARE_KIND = "care-kind"
CARE_FORM = "care-form"
FUNDING = "funding"
COVERAGE_ERROR = "coverage-error"
REQUIREMENT = "coverage-requirement"
RESIDENCY = "residency"
STAY_PURPOSE = "stay-purpose"
STATE_PAID_CATEGORY = "state-paid-category"
ACT = "act"


@dataclass(frozen=True, slots=True)
class Extension:
    """One of kepil's extensions: where it sits, its value type, the contract field it carries."""

    name: str
    context: str
    value: str
    field: str
    text: str

    @property
    def url(self) -> str:
        return extension(self.name)


# The extensions a request may carry and a response carries (docs/fhir.md lists them with examples).
EXTENSIONS: tuple[Extension, ...] = (
    Extension("residency", "Patient", "valueCoding", "person.residency", "residency (CodeSystem residency)"),
    Extension("stay-purpose", "Patient", "valueCoding", "person.stay_purpose", "purpose of a temporary stay"),
    Extension("eaeu-worker", "Patient", "valueBoolean", "person.eaeu_worker", "an EAEU labour migrant"),
    Extension("eaeu-family", "Patient", "valueBoolean", "person.eaeu_family", "family of an EAEU migrant"),
    Extension(
        "state-paid-category",
        "Patient",
        "valueCoding",
        "person.state_paid_category",
        "a category the state pays CSHI contributions for (program-2026-2028 55)",
    ),
    Extension("pregnant", "Patient", "valueBoolean", "person.pregnant", "pregnant on the date of care"),
    Extension("postpartum", "Patient", "valueBoolean", "person.postpartum", "in the postpartum period"),
    Extension("attached", "Patient", "valueBoolean", "person.attached", "attached to a PHC organisation"),
    Extension(
        "referral", "CoverageEligibilityRequest.item", "valueBoolean", "service.referral", "referral held"
    ),
    Extension(
        "life-threatening",
        "CoverageEligibilityRequest.item",
        "valueBoolean",
        "service.life_threatening",
        "the condition threatens life",
    ),
    Extension(
        "socially-significant",
        "CoverageEligibilityRequest.item",
        "valueBoolean",
        "service.socially_significant",
        "on the list of socially significant diseases (absent: from the ICD-10 code)",
    ),
    Extension(
        "dangerous-to-others",
        "CoverageEligibilityRequest.item",
        "valueBoolean",
        "service.dangerous_to_others",
        "on the list of diseases dangerous to others (absent: from the ICD-10 code)",
    ),
    Extension(
        "contact-isolation",
        "CoverageEligibilityRequest.item",
        "valueBoolean",
        "service.contact_isolation",
        "isolation of a contact or carrier of an infection dangerous to others",
    ),
    Extension(
        "admission-department",
        "CoverageEligibilityRequest.item",
        "valueBoolean",
        "service.admission_department",
        "the admission department's work before a diagnosis",
    ),
    Extension(
        "rehabilitation-stage",
        "CoverageEligibilityRequest.item",
        "valueInteger",
        "service.rehabilitation_stage",
        "rehabilitation stage 1, 2 or 3",
    ),
    Extension(
        "request-item",
        "CoverageEligibilityResponse.insurance.item",
        "valueUnsignedInt",
        "",
        "index (0-based) of the request item this answers; absent for the validation question",
    ),
    Extension(
        "funding",
        "CoverageEligibilityResponse.insurance.item",
        "valueCoding",
        "funding",
        "the package paying",
    ),
    Extension(
        "requires",
        "CoverageEligibilityResponse.insurance.item",
        "valueCoding",
        "requires",
        "what is missing and would make the care covered (repeats)",
    ),
    Extension(
        "basis",
        "CoverageEligibilityResponse.insurance.item",
        "extension (act: valueCoding, clause: valueString)",
        "basis",
        "a clause that decided (repeats)",
    ),
    Extension(
        "rule", "CoverageEligibilityResponse.insurance.item", "valueString", "rule", "id of the deciding rule"
    ),
    Extension(
        "unknown",
        "CoverageEligibilityResponse.insurance.item",
        "valueString",
        "unknown",
        "FHIR path of a fact left out that would change the answer (repeats)",
    ),
    Extension(
        "error-expression",
        "CoverageEligibilityResponse.error",
        "valueString",
        "error.field",
        "FHIR path of the element in error (R5's error.expression)",
    ),
)
EXTENSION_BY_FIELD: dict[str, Extension] = {e.field: e for e in EXTENSIONS if e.field}


@dataclass(frozen=True, slots=True)
class _System:
    name: str
    title: Text
    description: Text
    concepts: tuple[tuple[str, Text], ...]


_ERROR_NAMES: dict[str, Text] = {
    "invalid_input": Text("Жарамсыз дерек", "Недопустимые данные", "Invalid input"),
    "law_not_in_force": Text(
        "Осы күні қолданыстағы заң жоқ", "На эту дату нет действующего акта", "No law in force on the date"
    ),
    "not_supported": Text("kepil бұған жауап бермейді", "kepil на это не отвечает", "Not answered by kepil"),
}


def _act_names() -> dict[str, Text]:
    by_id = {a.id: a.short_title for a in acts.acts()}
    return {a: by_id[a] for a in ACT_IDS}


def _same_keys(names: dict[str, Text], codes: tuple[str, ...], what: str) -> tuple[tuple[str, Text], ...]:
    if tuple(names) != codes:
        raise AssertionError(f"{what}: the displays do not list exactly the contract's codes")
    return tuple(names.items())


@cache
def _systems() -> dict[str, _System]:
    return {
        CARE_KIND: _System(
            "KepilCareKind",
            Text("Медициналық көмек түрлері", "Виды медицинской помощи", "Kinds of medical care"),
            Text(
                "Кепілдіктер бағдарламасының көмек түрлері (service.kind).",
                "Виды помощи Программы гарантий (service.kind).",
                "The kinds of care of the Guarantees Program, program-2026-2028 ch. 2–3 (service.kind).",
            ),
            _same_keys(KIND_NAMES, CARE_KINDS, CARE_KIND),
        ),
        CARE_FORM: _System(
            "KepilCareForm",
            Text("Медициналық көмек нысандары", "Формы медицинской помощи", "Forms of medical care"),
            Text(
                "Шұғыл, кезек күттірмейтін, жоспарлы (service.form).",
                "Экстренная, неотложная, плановая (service.form).",
                "Emergency, urgent, planned (service.form).",
            ),
            _same_keys(FORM_NAMES, CARE_FORMS, CARE_FORM),
        ),
        FUNDING: _System(
            "KepilFunding",
            Text("Қаржыландыру пакеттері", "Пакеты финансирования", "Funding packages"),
            Text(
                "Көмекті төлейтін пакет (funding).",
                "Пакет, оплачивающий помощь (funding).",
                "The package that pays for the care (funding); `none`: the person pays.",
            ),
            _same_keys(FUNDING_NAMES, FUNDINGS, FUNDING),
        ),
        COVERAGE_ERROR: _System(
            "KepilCoverageError",
            Text("Қателер кодтары", "Коды ошибок", "Coverage decision error codes"),
            Text(
                "Шешім орнына берілген қателер: келісімшарттың кодтары және kepil жауап бермейтін FHIR "
                "сұранысы үшін not_supported.",
                "Ошибки вместо решения: коды контракта и not_supported для запроса FHIR, на который kepil не "
                "отвечает.",
                "Errors given instead of a decision: the contract's codes, and not_supported for a valid "
                "FHIR request kepil does not answer (e.g. purpose discovery).",
            ),
            _same_keys(_ERROR_NAMES, ("invalid_input", "law_not_in_force", "not_supported"), COVERAGE_ERROR),
        ),
        REQUIREMENT: _System(
            "KepilCoverageRequirement",
            Text("Жетіспейтін шарттар", "Недостающие условия", "Coverage requirements"),
            Text(
                "Көмекті төленетін ететін жетіспейтін шарт (requires).",
                "Недостающее условие оплаты помощи (requires).",
                "What is missing and would make the care covered (requires).",
            ),
            _same_keys(REQUIREMENT_NAMES, REQUIREMENTS, REQUIREMENT),
        ),
        RESIDENCY: _System(
            "KepilResidency",
            Text("Мәртебе", "Статус пребывания", "Residency"),
            Text(
                "Адамның Қазақстандағы мәртебесі (person.residency).",
                "Статус лица в Казахстане (person.residency).",
                "The person's status in Kazakhstan (person.residency).",
            ),
            _same_keys(RESIDENCY_NAMES, RESIDENCIES, RESIDENCY),
        ),
        STAY_PURPOSE: _System(
            "KepilStayPurpose",
            Text("Болу мақсаты", "Цель пребывания", "Purpose of stay"),
            Text(
                "Уақытша болатын адамның болу мақсаты (person.stay_purpose).",
                "Цель пребывания временно пребывающего лица (person.stay_purpose).",
                "Purpose of a temporary resident's stay (person.stay_purpose).",
            ),
            _same_keys(STAY_PURPOSE_NAMES, STAY_PURPOSES, STAY_PURPOSE),
        ),
        STATE_PAID_CATEGORY: _System(
            "KepilStatePaidCategory",
            Text(
                "Мемлекет МӘМС жарнасын төлейтін санаттар",
                "Категории, за которых государство платит взносы ОСМС",
                "State-paid CSHI categories",
            ),
            Text(
                "Мемлекет МӘМС жарналарын төлейтін санаттар, program-2026-2028 55 "
                "(person.state_paid_category).",
                "Категории, за которых государство платит взносы ОСМС, program-2026-2028 55 "
                "(person.state_paid_category).",
                "The categories the state pays CSHI contributions for, program-2026-2028 55 "
                "(person.state_paid_category).",
            ),
            _same_keys(CATEGORY_NAMES, STATE_PAID_CATEGORIES, STATE_PAID_CATEGORY),
        ),
        ACT: _System(
            "KepilAct",
            Text("Актілер", "Акты", "Acts"),
            Text(
                "Шешімнің негізі болатын актілер (basis.act).",
                "Акты, на которых основано решение (basis.act).",
                "The acts a decision cites (basis.act); ids of GLOSSARY.md.",
            ),
            tuple(_act_names().items()),
        ),
    }


def display(cs_id: str, code: str, lang: str = "en") -> str:
    """The display of `code` in `lang`; the code itself when the CodeSystem does not have it."""
    for c, text in _systems()[cs_id].concepts:
        if c == code:
            return text[lang]
    return code


def translations(text: Text, lang: str) -> dict[str, Any]:
    """The JSON `_element` of a string given in `lang`: the other two languages as translation extensions."""
    return {
        "extension": [
            {
                "url": TRANSLATION,
                "extension": [
                    {"url": "lang", "valueCode": other},
                    {"url": "content", "valueString": text[other]},
                ],
            }
            for other in LANGS
            if other != lang
        ]
    }


def coding(cs_id: str, code: str, lang: str = "en") -> dict[str, Any]:
    return {"system": system(cs_id), "code": code, "display": display(cs_id, code, lang)}


def _codesystem(cs_id: str, s: _System) -> dict[str, Any]:
    return {
        "resourceType": "CodeSystem",
        "id": cs_id,
        "url": system(cs_id),
        "version": kepil.__version__,
        "name": s.name,
        "title": s.title.en,
        "_title": translations(s.title, "en"),
        "status": "active",
        "experimental": False,
        "publisher": "kepil",
        "description": s.description.en,
        "_description": translations(s.description, "en"),
        "caseSensitive": True,
        "content": "complete",
        "count": len(s.concepts),
        "concept": [
            {
                "code": code,
                "display": text.en,
                "designation": [{"language": lang, "value": text[lang]} for lang in LANGS if lang != "en"],
            }
            for code, text in s.concepts
        ],
    }


@cache
def _all() -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for cs_id, s in _systems().items():
        resource = _codesystem(cs_id, s)
        out[cs_id] = CodeSystem.model_validate(resource).model_dump(mode="json")
    return out


def codesystems() -> dict[str, dict[str, Any]]:
    """id -> CodeSystem resource (R4B-valid JSON), for `GET /fhir/CodeSystem/{id}`; a fresh copy each call."""
    return copy.deepcopy(_all())
