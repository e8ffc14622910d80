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
from kepil.coverage.request import RESIDENCIES, STATE_PAID_CATEGORIES, STAY_PURPOSES
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


_KIND_NAMES: dict[str, Text] = {
    "ambulance": Text("Жедел медициналық жәрдем", "Скорая медицинская помощь", "Ambulance"),
    "air_ambulance": Text(
        "Медициналық авиация нысанындағы медициналық көмек",
        "Медицинская помощь в форме санитарной авиации",
        "Air ambulance",
    ),
    "phc": Text(
        "Медициналық-санитариялық алғашқы көмек", "Первичная медико-санитарная помощь", "Primary health care"
    ),
    "outpatient_specialized": Text(
        "Амбулаториялық жағдайдағы мамандандырылған медициналық көмек",
        "Специализированная медицинская помощь в амбулаторных условиях",
        "Specialised outpatient care",
    ),
    "dental": Text("Стоматологиялық көмек", "Стоматологическая помощь", "Dental care"),
    "screening": Text("Скринингтік зерттеулер", "Скрининговые исследования", "Screening"),
    "day_hospital": Text(
        "Стационарды алмастыратын жағдайлардағы медициналық көмек",
        "Медицинская помощь в стационарозамещающих условиях",
        "Day hospital (inpatient-substituting) care",
    ),
    "inpatient": Text(
        "Стационарлық жағдайлардағы медициналық көмек",
        "Медицинская помощь в стационарных условиях",
        "Inpatient (round-the-clock) care",
    ),
    "rehabilitation": Text("Медициналық оңалту", "Медицинская реабилитация", "Medical rehabilitation"),
    "palliative": Text(
        "Паллиативтік медициналық көмек", "Паллиативная медицинская помощь", "Palliative care"
    ),
    "blood": Text(
        "Қан препараттарымен және оның компоненттерімен қамтамасыз ету",
        "Обеспечение препаратами крови и её компонентами",
        "Blood products and components",
    ),
    "pathology": Text(
        "Патологиялық-анатомиялық диагностика", "Патологоанатомическая диагностика", "Pathology"
    ),
    "organ_donation": Text(
        "Қайтыс болғаннан кейінгі донорды дайындау, ағзаларды алу және транспланттау",
        "Подготовка посмертного донора, изъятие и трансплантация органов",
        "Post-mortem donor preparation, organ retrieval and transplantation",
    ),
    "outpatient_drugs": Text(
        "Амбулаториялық дәрілік қамтамасыз ету",
        "Амбулаторное лекарственное обеспечение",
        "Outpatient medicines",
    ),
    "treatment_abroad": Text("Шетелде емдеу", "Лечение за рубежом", "Treatment abroad"),
}
_FORM_NAMES: dict[str, Text] = {
    "emergency": Text("Шұғыл", "Экстренная", "Emergency"),
    "urgent": Text("Кезек күттірмейтін", "Неотложная", "Urgent"),
    "planned": Text("Жоспарлы", "Плановая", "Planned"),
}
FUNDING_NAMES: dict[str, Text] = {
    "gvfmc": Text(
        "ТМККК — тегін медициналық көмектің кепілдік берілген көлемі",
        "ГОБМП — гарантированный объём бесплатной медицинской помощи",
        "GVFMC — guaranteed volume of free medical care",
    ),
    "cshi": Text(
        "МӘМС — міндетті әлеуметтік медициналық сақтандыру",
        "ОСМС — обязательное социальное медицинское страхование",
        "CSHI — compulsory social health insurance",
    ),
    "omi": Text(
        "ЖМС — көшіп келушілерді жүктелген медициналық сақтандыру",
        "Обязательное медицинское страхование мигрантов",
        "OMI — imposed health insurance of migrants",
    ),
    "vhi": Text(
        "ЕМС — ерікті медициналық сақтандыру",
        "ДМС — добровольное медицинское страхование",
        "VHI — voluntary health insurance",
    ),
    "none": Text(
        "Ешбір пакет төлемейді: адам өзі төлейді",
        "Ни один пакет не оплачивает: платит сам человек",
        "No package pays: the person pays",
    ),
}
_ERROR_NAMES: dict[str, Text] = {
    "invalid_input": Text("Жарамсыз дерек", "Недопустимые данные", "Invalid input"),
    "law_not_in_force": Text(
        "Осы күні қолданыстағы заң жоқ", "На эту дату нет действующего акта", "No law in force on the date"
    ),
    "not_supported": Text("kepil бұған жауап бермейді", "kepil на это не отвечает", "Not answered by kepil"),
}
_REQUIREMENT_NAMES: dict[str, Text] = {
    "referral": Text("Жолдама", "Направление", "A referral"),
    "attachment": Text(
        "МСАК ұйымына бекітілу", "Прикрепление к организации ПМСП", "Attachment to a PHC organisation"
    ),
    "insurance": Text("МӘМС-ке қатысу", "Участие в ОСМС", "CSHI participation"),
    "policy": Text("ЖМС немесе ЕМС шарты", "Договор ОМС мигрантов или ДМС", "An OMI or VHI contract"),
}
_RESIDENCY_NAMES: dict[str, Text] = {
    "citizen": Text("Қазақстан Республикасының азаматы", "Гражданин Республики Казахстан", "Citizen"),
    "kandas": Text("Қандас", "Кандас", "Kandas (ethnic-Kazakh repatriate)"),
    "refugee": Text("Босқын", "Беженец", "Refugee"),
    "permanent_resident": Text(
        "Тұрақты тұратын шетелдік немесе азаматтығы жоқ адам",
        "Постоянно проживающий иностранец или лицо без гражданства",
        "Foreigner or stateless person residing permanently",
    ),
    "temporary_resident": Text(
        "Уақытша болатын шетелдік немесе азаматтығы жоқ адам",
        "Временно пребывающий иностранец или лицо без гражданства",
        "Foreigner or stateless person staying temporarily",
    ),
    "asylum_seeker": Text("Пана іздеген адам", "Лицо, ищущее убежище", "Asylum seeker"),
}
_STAY_PURPOSE_NAMES: dict[str, Text] = {
    "historic_homeland": Text(
        "Тарихи отанға оралу", "Возвращение на историческую родину", "Historic homeland"
    ),
    "family_reunification": Text("Отбасын біріктіру", "Воссоединение семьи", "Family reunification"),
    "education": Text("Оқу", "Обучение", "Education"),
    "labour": Text("Еңбек қызметі", "Трудовая деятельность", "Labour"),
    "humanitarian": Text("Гуманитарлық себептер", "Гуманитарные причины", "Humanitarian"),
    "political": Text("Саяси себептер", "Политические причины", "Political"),
}
# program-2026-2028 55.1–55.16, in the order of the clause.
_CATEGORY_NAMES: dict[str, Text] = {
    "child": Text("Балалар", "Дети", "Children"),
    "pregnant_unemployed": Text(
        "Жұмыс істемейтін жүкті әйелдер", "Неработающие беременные женщины", "Unemployed pregnant women"
    ),
    "parent_of_child_under_3": Text(
        "Үш жасқа толмаған баланы тәрбиелеп отырған жұмыс істемейтін адам",
        "Неработающее лицо, воспитывающее ребёнка до трёх лет",
        "Unemployed parent of a child under 3",
    ),
    "parental_leave": Text(
        "Жүктілігіне, босануына, бала күтіміне байланысты демалыстағы адамдар",
        "Лица в отпуске по беременности, родам, уходу за ребёнком",
        "On maternity, adoption or childcare leave",
    ),
    "parent_of_disabled_child": Text(
        "Мүгедек баланы тәрбиелеп, жәрдемақы алатын жұмыс істемейтін адамдар",
        "Неработающие лица, получающие пособие на воспитание ребёнка с инвалидностью",
        "Unemployed parent receiving the allowance for a disabled child",
    ),
    "carer_of_group1_disabled": Text(
        "Бірінші топтағы мүгедек адамға күтім жасайтын жұмыс істемейтін адамдар",
        "Неработающие лица, ухаживающие за лицом с инвалидностью первой группы",
        "Unemployed carer of a person with group 1 disability",
    ),
    "pension_recipient": Text("Зейнетақы төлемдерін алушылар", "Получатели пенсионных выплат", "Pensioners"),
    "convict": Text(
        "Пенитенциарлық жүйе мекемелерінде жазасын өтеп жүрген адамдар",
        "Лица, отбывающие наказание в учреждениях уголовно-исполнительной системы",
        "Serving a sentence in a penitentiary institution",
    ),
    "detainee": Text(
        "Тергеу изоляторларында ұсталатын адамдар",
        "Лица, содержащиеся в следственных изоляторах",
        "Detainees",
    ),
    "kandas_unemployed": Text("Жұмыс істемейтін қандастар", "Неработающие кандасы", "Unemployed kandas"),
    "large_family_mother": Text(
        "Алқалармен наградталған көпбалалы аналар",
        "Многодетные матери, награждённые подвесками",
        "Mothers of large families with state awards",
    ),
    "disabled": Text("Мүгедектігі бар адамдар", "Лица с инвалидностью", "Persons with disabilities"),
    "full_time_student": Text(
        "Күндізгі оқу нысанында оқитындар", "Обучающиеся по очной форме", "Full-time students"
    ),
    "targeted_social_assistance": Text(
        "Атаулы әлеуметтік көмек алатын жұмыс істемейтін адамдар",
        "Неработающие получатели адресной социальной помощи",
        "Unemployed recipients of targeted social assistance",
    ),
    "registered_unemployed": Text(
        "Жұмыссыз ретінде тіркелген адамдар", "Зарегистрированные безработные", "Registered unemployed"
    ),
    "crisis_social_wellbeing": Text(
        "Әлеуметтік әл-ауқаттың дағдарысты және шұғыл деңгейіндегі жұмыс істемейтін адамдар",
        "Неработающие лица с кризисным и экстренным уровнем социального благополучия",
        "Unemployed persons at the crisis or emergency level of social well-being",
    ),
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
            _same_keys(_KIND_NAMES, CARE_KINDS, CARE_KIND),
        ),
        CARE_FORM: _System(
            "KepilCareForm",
            Text("Медициналық көмек нысандары", "Формы медицинской помощи", "Forms of medical care"),
            Text(
                "Шұғыл, кезек күттірмейтін, жоспарлы (service.form).",
                "Экстренная, неотложная, плановая (service.form).",
                "Emergency, urgent, planned (service.form).",
            ),
            _same_keys(_FORM_NAMES, CARE_FORMS, CARE_FORM),
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
            _same_keys(_REQUIREMENT_NAMES, REQUIREMENTS, REQUIREMENT),
        ),
        RESIDENCY: _System(
            "KepilResidency",
            Text("Мәртебе", "Статус пребывания", "Residency"),
            Text(
                "Адамның Қазақстандағы мәртебесі (person.residency).",
                "Статус лица в Казахстане (person.residency).",
                "The person's status in Kazakhstan (person.residency).",
            ),
            _same_keys(_RESIDENCY_NAMES, RESIDENCIES, RESIDENCY),
        ),
        STAY_PURPOSE: _System(
            "KepilStayPurpose",
            Text("Болу мақсаты", "Цель пребывания", "Purpose of stay"),
            Text(
                "Уақытша болатын адамның болу мақсаты (person.stay_purpose).",
                "Цель пребывания временно пребывающего лица (person.stay_purpose).",
                "Purpose of a temporary resident's stay (person.stay_purpose).",
            ),
            _same_keys(_STAY_PURPOSE_NAMES, STAY_PURPOSES, STAY_PURPOSE),
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
            _same_keys(_CATEGORY_NAMES, STATE_PAID_CATEGORIES, STATE_PAID_CATEGORY),
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
