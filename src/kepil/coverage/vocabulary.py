"""The coverage contract's enumerations and the name of every value in kk, ru and en.

One place for the codes a request may carry (shared/contracts/coverage.md) and the words a person reads for
them: the request model (`kepil.coverage.model`) takes its allowed values from here, error messages name the
allowed values with these words, and the FHIR CodeSystems (`kepil.api.fhir.codesystems`) and the pages
display them. Terms follow shared/GLOSSARY.md.
"""

from __future__ import annotations

from kepil.engine.rules import FUNDINGS, REQUIREMENTS
from kepil.i18n import Text
from kepil.law.care import CARE_FORMS, CARE_KINDS

RESIDENCIES = ("citizen", "kandas", "refugee", "permanent_resident", "temporary_resident", "asylum_seeker")
STAY_PURPOSES = (
    "historic_homeland",
    "family_reunification",
    "education",
    "labour",
    "humanitarian",
    "political",
)
# program-2026-2028 55.1–55.16, in the order of the clause.
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

KIND_NAMES: dict[str, Text] = {
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
FORM_NAMES: dict[str, Text] = {
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
REQUIREMENT_NAMES: dict[str, Text] = {
    "referral": Text("Жолдама", "Направление", "A referral"),
    "attachment": Text(
        "МСАК ұйымына бекітілу", "Прикрепление к организации ПМСП", "Attachment to a PHC organisation"
    ),
    "insurance": Text("МӘМС-ке қатысу", "Участие в ОСМС", "CSHI participation"),
    "policy": Text("ЖМС немесе ЕМС шарты", "Договор ОМС мигрантов или ДМС", "An OMI or VHI contract"),
}
RESIDENCY_NAMES: dict[str, Text] = {
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
STAY_PURPOSE_NAMES: dict[str, Text] = {
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
CATEGORY_NAMES: dict[str, Text] = {
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
SEX_NAMES: dict[str, Text] = {
    "male": Text("ер", "мужской", "male"),
    "female": Text("әйел", "женский", "female"),
}
POLICY_NAMES: dict[str, Text] = {
    "omi": Text("ЖМС (көшіп келушілерді жүктелген сақтандыру)", "ОМС мигрантов", "OMI (migrants' insurance)"),
    "vhi": Text("ЕМС (ерікті сақтандыру)", "ДМС", "VHI (voluntary insurance)"),
}


def _complete() -> None:
    """Every value has its words and no name is left over (checked at import: a value without words would
    reach a person as a raw code)."""
    for values, names in (
        (RESIDENCIES, RESIDENCY_NAMES),
        (STAY_PURPOSES, STAY_PURPOSE_NAMES),
        (STATE_PAID_CATEGORIES, CATEGORY_NAMES),
        (SEXES, SEX_NAMES),
        (POLICIES, POLICY_NAMES),
        (KINDS, KIND_NAMES),
        (FORMS, FORM_NAMES),
        (FUNDINGS, FUNDING_NAMES),
        (REQUIREMENTS, REQUIREMENT_NAMES),
    ):
        if set(values) != set(names):
            raise AssertionError(f"names {sorted(set(names) ^ set(values))} do not match the values")


_complete()
