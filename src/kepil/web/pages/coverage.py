"""The coverage check page: the contract's request as a form, the decision in large type (issue 7).

The page builds the coverage request (shared/contracts/coverage.md) from the form and calls the SAME
decision function as `POST /v1/coverage/decisions` (`kepil.coverage.decision.decide`); no rule is decided
here. An invalid field (an IIN whose check digit fails, an unknown ICD-10 code, a date outside the
Program's term, `program-2026-2028` 2026-01-01..2028-12-31) re-shows the form with the API's message next
to that field, status 422. `GET /coverage?kind=...` decides too: it is the answer's permalink, and lets the
trace table be downloaded (CSV, XLSX).
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.datastructures import FormData, ImmutableMultiDict, QueryParams

from kepil.api.fhir.codesystems import (
    CARE_FORM,
    CARE_KIND,
    FUNDING_NAMES,
    REQUIREMENT,
    RESIDENCY,
    STATE_PAID_CATEGORY,
    STAY_PURPOSE,
    display,
)
from kepil.coverage.decision import decide, unknown_words
from kepil.coverage.readings import reading_text
from kepil.coverage.request import (
    FORMS,
    KINDS,
    KINDS_WITHOUT_FORM,
    PERSON_BOOLS,
    PERSON_NULLABLE_BOOLS,
    POLICIES,
    RESIDENCIES,
    SERVICE_NULLABLE_BOOLS,
    SEXES,
    STATE_PAID_CATEGORIES,
    STAY_PURPOSES,
)
from kepil.coverage.rulebook import rulebook
from kepil.coverage.vocabulary import (
    ACTIVITIES,
    ACTIVITY_NAMES,
    CUSTODIES,
    CUSTODY_NAMES,
    STAY_PACKAGE_NAMES,
    STAY_PACKAGES,
)
from kepil.coverage.wording import described
from kepil.i18n import LANGS, Text
from kepil.law.citation import citation_label
from kepil.reference.iin import parse_iin
from kepil.store.keys import Principal
from kepil.web.render import lang_of, page
from kepil.web.session import page_access
from kepil.web.tables import Column, Table

router = APIRouter(include_in_schema=False)

# The request's facts (kepil.coverage.request): PERSON_BOOLS are checkboxes (absent means false), the
# *_NULLABLE_BOOLS selects of yes / no / not known.
# Form field -> where it goes in the request; an error's dotted field maps back by its last part.
PERSON_FIELDS = (
    "iin", "birth_date", "sex", "residency", "stay_purpose", "state_paid_category", "policies", "custody",
)  # fmt: skip
SERVICE_FIELDS = (
    "kind",
    "form",
    "icd10",
    "rehabilitation_stage",
    "urgency_category",
    "activity",
    "within_stay_of",
)
# The whole numbers among them (sent to the request as integers).
INTEGER_FIELDS = ("rehabilitation_stage", "urgency_category")
ALL_FIELDS = (
    "date",
    *PERSON_FIELDS,
    *PERSON_BOOLS,
    *PERSON_NULLABLE_BOOLS,
    *SERVICE_FIELDS,
    *SERVICE_NULLABLE_BOOLS,
)

TEXTS: dict[str, Text] = {
    "title": Text("Қамтуды тексеру", "Проверка покрытия", "Coverage check"),
    "intro": Text(
        "Бұл адамға осы күні осы көмек тегін бе, қай пакет бойынша және заңның қай тармағы бойынша? "
        "Жауапты API-мен бірдей ереже береді.",
        "Оплачивается ли эта помощь этому человеку в этот день, каким пакетом и по какому пункту закона? "
        "Отвечает то же правило, что и API.",
        "Is this care paid for this person on this day, by which package, under which clause of the law? "
        "The same rules as the API answer.",
    ),
    "person": Text("Адам", "Человек", "The person"),
    "service": Text("Көмек", "Помощь", "The care"),
    "iin": Text("ЖСН", "ИИН", "IIN"),
    "iin_help": Text(
        "12 цифр; туған күні мен жынысы ЖСН-нан толтырылады",
        "12 цифр; дата рождения и пол заполняются из ИИН",
        "12 digits; the birth date and sex are filled in from it",
    ),
    "birth_date": Text("Туған күні", "Дата рождения", "Date of birth"),
    "sex": Text("Жынысы", "Пол", "Sex"),
    "sex_male": Text("ер", "мужской", "male"),
    "sex_female": Text("әйел", "женский", "female"),
    "residency": Text("Мәртебесі", "Статус", "Residency"),
    "stay_purpose": Text("Болу мақсаты (уақытша болатындар)", "Цель пребывания (временно пребывающие)",
                         "Purpose of stay (temporary residents)"),
    "state_paid_category": Text("Мемлекет жарна төлейтін санат (55-т.)", "Категория, за которую платит "
                                "государство (п. 55)", "Category the state pays for (55)"),
    "policies": Text("Сақтандыру шарттары", "Договоры страхования", "Insurance contracts"),
    "policy_omi": Text("ЖМС (көшіп келушілер)", "ОМС мигрантов", "OMI (migrants)"),
    "policy_vhi": Text("ЕМС", "ДМС", "VHI"),
    "insured": Text("МӘМС-ке қатысушы", "Участник ОСМС", "CSHI participant"),
    "attached": Text("МСАК ұйымына бекітілген", "Прикреплён к организации ПМСП",
                     "Attached to a PHC organisation"),
    "eaeu_worker": Text("ЕАЭО еңбекші көшіп келуші", "Трудящийся-мигрант ЕАЭС", "EAEU labour migrant"),
    "eaeu_family": Text("ЕАЭО еңбекші көшіп келушінің отбасы мүшесі", "Член семьи трудящегося-мигранта ЕАЭС",
                        "Family member of an EAEU labour migrant"),
    "pregnant": Text("Жүкті", "Беременность", "Pregnant"),
    "postpartum": Text("Босанғаннан кейінгі кезең", "Послеродовой период", "Postpartum"),
    "flags": Text("Белгілер", "Отметки", "Flags"),
    "kind": Text("Көмек түрі", "Вид помощи", "Kind of care"),
    "form": Text("Нысаны", "Форма", "Form"),
    "icd10": Text("Диагноз (АХЖ-10)", "Диагноз (МКБ-10)", "Diagnosis (ICD-10)"),
    "icd10_help": Text("мысалы, K80.1", "например, K80.1", "e.g. K80.1"),
    "referral": Text("Жолдама бар", "Есть направление", "Referral held"),
    "life_threatening": Text("Өмірге қауіп төндіреді", "Угрожает жизни", "Life-threatening"),
    "socially_significant": Text("Әлеуметтік мәні бар ауру", "Социально значимое заболевание",
                                 "Socially significant disease"),
    "dangerous_to_others": Text("Айналадағыларға қауіпті ауру", "Заболевание, опасное для окружающих",
                                "Dangerous to others"),
    "contact_isolation": Text("Байланыстағыны оқшаулау", "Изоляция контактного", "Isolation of a contact"),
    "admission_department": Text("Қабылдау бөлімшесі", "Приёмное отделение", "Admission department"),
    "rehabilitation_stage": Text("Оңалту кезеңі", "Этап реабилитации", "Rehabilitation stage"),
    "urgency_category": Text("Шақырту жеделдігінің санаты", "Категория срочности вызова",
                             "Urgency category of the call"),
    "activity": Text("Не жасалады", "Что делается", "What is done"),
    "within_stay_of": Text("Қай емдеу кезінде (қан, патология)",
                           "В ходе какого лечения (кровь, патоморфология)",
                           "Within which stay (blood, pathology)"),
    "custody": Text("Ұстау түрі", "Вид содержания под стражей", "Custody"),
    "on_dental_emergency_list": Text("Шұғыл стоматологиялық көмек санатында (ҚР ДСМ-106/2020)",
                                     "В категориях экстренной стоматологической помощи (ҚР ДСМ-106/2020)",
                                     "In a category for emergency dental care (ҚР ДСМ-106/2020)"),
    "on_inpatient_list": Text("Тәулік бойғы стационар тізбесінде (ҚР ДСМ-258/2020)",
                              "В перечне круглосуточного стационара (ҚР ДСМ-258/2020)",
                              "On the round-the-clock inpatient list (ҚР ДСМ-258/2020)"),
    "on_day_hospital_list": Text("Күндізгі стационар тізбесінде (№ 106 бұйрық)",
                                 "В перечне дневного стационара (приказ № 106)",
                                 "On the day-hospital list (order No. 106)"),
    "on_rehabilitation_list": Text("Оңалту тізбесінде (ҚР ДСМ-116/2020)",
                                   "В перечне реабилитации (ҚР ДСМ-116/2020)",
                                   "On the rehabilitation list (ҚР ДСМ-116/2020)"),
    "on_custody_rehabilitation_list": Text("Ұсталатындарды оңалту тізбесінде (ҚР ДСМ-47)",
                                           "В перечне реабилитации содержащихся под стражей (ҚР ДСМ-47)",
                                           "On the custody rehabilitation list (ҚР ДСМ-47)"),
    "on_outpatient_drug_list": Text("Амбулаториялық дәрі тізбесінде (ҚР ДСМ-75)",
                                    "В перечне амбулаторного лекарственного обеспечения (ҚР ДСМ-75)",
                                    "On the outpatient medicines list (ҚР ДСМ-75)"),
    "on_treatment_abroad_list": Text("Шетелде емдеу тізбелерінде (ҚР ДСМ-45)",
                                     "В перечнях лечения за рубежом (ҚР ДСМ-45)",
                                     "On the treatment-abroad lists (ҚР ДСМ-45)"),
    "on_emergency_admission_list": Text("Шұғыл емдеуге жатқызу тізбесінде (34-т.)",
                                        "В перечне для экстренной госпитализации (п. 34)",
                                        "On the emergency admission list (34)"),
    "on_dynamic_observation_list": Text("Динамикалық байқау тізбесінде (ҚР ДСМ-149/2020)",
                                        "В перечне динамического наблюдения (ҚР ДСМ-149/2020)",
                                        "On the dynamic observation list (ҚР ДСМ-149/2020)"),
    "screening_target_group": Text("Скринингтің нысаналы тобында", "В целевой группе скрининга",
                                   "In the screening's target group"),
    "first_contact": Text("Алғашқы жүгіну (2027 жылдан)", "Первичное обращение (с 2027 года)",
                          "First contact (from 2027)"),
    "within_completed_case": Text("Бір аяқталған жағдай шеңберінде", "В рамках одного законченного случая",
                                  "Within one completed case"),
    "date": Text("Көмек көрсетілетін күн", "Дата оказания помощи", "Date of care"),
    "date_help": Text("Осы күні күшінде болған заң шешеді", "Решает закон, действующий в этот день",
                      "The law in force on that day decides"),
    "unknown": Text("белгісіз", "неизвестно", "not known"),
    "none_chosen": Text("— таңдалмаған —", "— не выбрано —", "— not chosen —"),
    "decide": Text("Тексеру", "Проверить", "Check"),
    "covered": Text("Иә, тегін", "Да, оплачивается", "Yes, covered"),
    "not_covered": Text("Жоқ, тегін емес", "Нет, не оплачивается", "No, not covered"),
    "package": Text("Пакет", "Пакет", "Package"),
    "missing": Text("Жетіспейді", "Не хватает", "Missing"),
    "unknown_facts": Text("Белгісіз деректер (жауапты өзгертуі мүмкін)",
                          "Неизвестные сведения (могут изменить ответ)",
                          "Facts not known (they may change the answer)"),
    "basis": Text("Негіз", "Основание", "Basis"),
    "why": Text("Неге", "Почему", "Why"),
    "trace": Text("Шешім жолы (ережелер)", "Ход решения (правила)", "How it was decided (the rules)"),
    "trace_table": Text("Тексерілген ережелер", "Проверенные правила", "Rules checked"),
    "rule": Text("Ереже", "Правило", "Rule"),
    "condition": Text("Шарт", "Условие", "Condition"),
    "applies": Text("Қолданылады", "Применяется", "Applies"),
    "clauses": Text("Тармақтар", "Пункты", "Clauses"),
    "valid_from": Text("Бастап", "С", "From"),
    "valid_to": Text("Дейін", "По", "Until"),
    "reading": Text("Оқылуы", "Толкование", "Reading"),
    "permalink": Text("Осы жауаптың сілтемесі", "Ссылка на этот ответ", "Link to this answer"),
    "form_errors": Text("Форманы тексеріңіз: {n} қате", "Проверьте форму: ошибок — {n}",
                        "Please check the form: {n} error(s)"),
    "filled_from_iin": Text("ЖСН-нан толтырылды", "Заполнено из ИИН", "Filled in from the IIN"),
    # the form's rarely needed facts, folded under one summary (the usual case: IIN, status, kind, form,
    # diagnosis, date)
    "more_facts": Text("Қосымша деректер (сирек қажет)", "Дополнительные сведения (нужны редко)",
                       "More facts (rarely needed)"),
    "more_facts_help": Text(
        "Шетелдіктің болу мақсаты, сақтандыру шарттары, жүктілік, аурудың ерекшеліктері. Білмесеңіз, бос "
        "қалдырыңыз: жауап не жетіспейтінін айтады.",
        "Цель пребывания иностранца, договоры страхования, беременность, особенности заболевания. Если не "
        "знаете, оставьте пустым: ответ скажет, чего не хватает.",
        "A foreigner's purpose of stay, insurance contracts, pregnancy, the disease's particulars. Leave "
        "them empty if not known: the answer says what is missing.",
    ),
    "asked": Text("Сұрақ", "Вопрос", "Asked"),
}  # fmt: skip


def _options(codes: tuple[str, ...], cs_id: str, lang: str) -> list[tuple[str, str]]:
    return [(c, display(cs_id, c, lang)) for c in codes]


def _choices(lang: str) -> dict[str, list[tuple[str, str]]]:
    """The selects' options in the viewer's language (the labels are the FHIR CodeSystems' displays)."""
    return {
        "sex": [(s, TEXTS[f"sex_{s}"][lang]) for s in SEXES],
        "residency": _options(RESIDENCIES, RESIDENCY, lang),
        "stay_purpose": _options(STAY_PURPOSES, STAY_PURPOSE, lang),
        "state_paid_category": _options(STATE_PAID_CATEGORIES, STATE_PAID_CATEGORY, lang),
        "kind": _options(KINDS, CARE_KIND, lang),
        "form": _options(FORMS, CARE_FORM, lang),
        "policies": [(p, TEXTS[f"policy_{p}"][lang]) for p in POLICIES],
        "rehabilitation_stage": [(s, s) for s in ("1", "2", "3")],
        "urgency_category": [(s, s) for s in ("1", "2", "3", "4")],
        "activity": [(a, ACTIVITY_NAMES[a][lang]) for a in ACTIVITIES],
        "within_stay_of": [(w, STAY_PACKAGE_NAMES[w][lang]) for w in STAY_PACKAGES],
        "custody": [(c, CUSTODY_NAMES[c][lang]) for c in CUSTODIES],
    }


# What the page's URL and form may carry besides the request's fields (render.py reads them).
PAGE_PARAMS = frozenset({"lang", "export", "format"})
UNKNOWN_PARAM = Text(
    "«{name}» — сұраныстың өрісі емес{like}; ол ескерілмейді, сондықтан жауап берілмеді.",
    "«{name}» — не поле запроса{like}; оно не учитывается, поэтому ответа нет.",
    "“{name}” is not a field of the request{like}; it would be ignored, so there is no answer.",
)
UNKNOWN_PARAM_LIKE = Text(
    " («{known}» болуы мүмкін бе?)", " (возможно, «{known}»?)", " (did you mean “{known}”?)"
)


def _values(data: FormData | QueryParams | ImmutableMultiDict[str, Any]) -> dict[str, Any]:
    """What the person typed, as strings (policies: a list), for the request and to fill the form again;
    under "unknown" the names sent that are no field of the form (amendment 1: refused, not ignored)."""
    values: dict[str, Any] = {f: str(data.get(f) or "").strip() for f in ALL_FIELDS if f != "policies"}
    values["policies"] = [str(p) for p in data.getlist("policies") if str(p)]
    values["unknown"] = sorted({k for k in data if k not in ALL_FIELDS and k not in PAGE_PARAMS})
    return values


def _unknown_message(name: str, lang: str) -> str:
    close = difflib.get_close_matches(name, ALL_FIELDS, n=1, cutoff=0.6)
    like = UNKNOWN_PARAM_LIKE[lang].format(known=close[0]) if close else ""
    return UNKNOWN_PARAM[lang].format(name=name[:80], like=like)


def _tristate(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def fill_from_iin(values: dict[str, Any]) -> list[str]:
    """Birth date and sex from a valid IIN where left empty (as kepil.js does in the browser); the fields
    filled. coverage.md: given values win over the IIN's digits."""
    info = parse_iin(values["iin"]) if values["iin"] else None
    if info is None or not info.valid:
        return []
    filled = []
    if not values["birth_date"] and info.birth_date is not None:
        values["birth_date"] = info.birth_date.isoformat()
        filled.append("birth_date")
    if not values["sex"] and info.sex is not None:
        values["sex"] = info.sex
        filled.append("sex")
    return filled


def _digits(value: str) -> bool:
    """ASCII digits only: "²".isdigit() is true but int() refuses it (a 500, not the field's 422)."""
    return value.isascii() and value.isdigit() and len(value) <= 9


def request_of(values: Mapping[str, Any]) -> dict[str, Any]:
    """The contract's JSON request from the form's values; empty fields are left out (null), so that the
    validation of kepil.coverage.request decides what is missing — with the API's messages."""
    person: dict[str, Any] = {}
    for f in PERSON_FIELDS:
        if f == "policies":
            person[f] = list(values[f])
        elif values[f]:
            person[f] = values[f]
    for f in PERSON_BOOLS:
        person[f] = values[f] in ("on", "true", "1", "yes")
    for f in PERSON_NULLABLE_BOOLS:
        person[f] = _tristate(values[f])
    service: dict[str, Any] = {}
    for f in SERVICE_FIELDS:
        if values[f]:
            service[f] = int(values[f]) if f in INTEGER_FIELDS and _digits(values[f]) else values[f]
    for f in SERVICE_NULLABLE_BOOLS:
        service[f] = _tristate(values[f])
    raw: dict[str, Any] = {"person": person, "service": service}
    if values["date"]:
        raw["date"] = values["date"]
    return raw


def form_field(error_field: str | None) -> str:
    """The form's input an error names: "person.iin" -> "iin"; "date" -> "date"."""
    if not error_field:
        return "form"
    last = error_field.split(".")[-1]
    return last if last in ALL_FIELDS else "form"


def _condition(rule_id: str, fallback: str) -> Text | str:
    """A rule's condition as a sentence in the three languages (kepil.coverage.wording), or as written."""
    rule = rulebook().by_id.get(rule_id)
    return described(rule.when) if rule is not None else fallback


def trace_table(trace: list[dict[str, Any]], lang: str = "en") -> Table:
    rows = [
        {
            "rule": s["rule"],
            "condition": _condition(s["rule"], s["condition"]),
            "applies": s["applies"],
            "clauses": Text(
                *("; ".join(citation_label(c["act"], c["clause"], x) for c in s["basis"]) for x in LANGS)
            ),
            "valid_from": s["in_force"][0],
            "valid_to": None if s["in_force"][1] in ("None", None) else s["in_force"][1],
            "reading": reading_text(s["rule"], s.get("reading")),
        }
        for s in trace
    ]
    cols = [
        Column("rule", TEXTS["rule"], on_page=False),  # the rule's code: in the files
        Column("condition", TEXTS["condition"]),
        Column("applies", TEXTS["applies"], "bool"),
        Column("clauses", TEXTS["clauses"]),
        Column("valid_from", TEXTS["valid_from"], "date"),
        Column("valid_to", TEXTS["valid_to"], "date"),
        # the reading in the viewer's language (kepil.coverage.readings)
        Column("reading", TEXTS["reading"]),
    ]
    return Table("trace", TEXTS["trace_table"], cols, rows)


def _blank() -> dict[str, Any]:
    values: dict[str, Any] = dict.fromkeys(ALL_FIELDS, "")
    values["policies"] = []
    values["unknown"] = []
    values["date"] = dt.date.today().isoformat()
    return values


async def _render(request: Request, who: Principal, values: dict[str, Any] | None) -> Response:
    lang = lang_of(request)
    ctx: dict[str, Any] = {
        "choices": _choices(lang),
        "errors": {},
        "answer": None,
        "filled": [],
        "permalink": None,
        "kinds_without_form": sorted(KINDS_WITHOUT_FORM),
        "nullable_bools": PERSON_NULLABLE_BOOLS + SERVICE_NULLABLE_BOOLS,
        "flags": PERSON_BOOLS,
    }
    if values is None:
        ctx["values"] = _blank()
        return page(request, "coverage.html", TEXTS, who, "title", **ctx)
    ctx["filled"] = fill_from_iin(values)
    ctx["values"] = values
    if values.get("unknown"):
        ctx["errors"] = {"form": _unknown_message(values["unknown"][0], lang)}
        return page(request, "coverage.html", TEXTS, who, "title", status=422, **ctx)
    answer = decide(request_of(values), explain=True, lang=lang)
    tables: list[Table] = []
    status = 200
    if "error" in answer:
        err = answer["error"]
        ctx["errors"] = {form_field(err.get("field")): err["message"]}
        status = 422  # an invalid field, or law_not_in_force for the date: the form again, never a 500
    else:
        ctx["answer"] = {
            **answer,
            "package": FUNDING_NAMES[answer["funding"]][lang],
            "requires_text": [display(REQUIREMENT, r, lang) for r in answer["requires"]],
            "why": answer["explanation"][lang],
            "unknown_text": [unknown_words(f)[lang] for f in answer["unknown"]],
        }
        tables.append(trace_table(answer["trace"], lang))
        query = urlencode(
            [(k, v) for k, v in values.items() if k not in ("policies", "unknown") and v]
            + [("policies", p) for p in values["policies"]]
        )
        permalink = f"/coverage?{query}"
        ctx["permalink"] = permalink
        # The trace's downloads go through the permalink (a GET), which decides again and exports.
        ctx["trace_export_url"] = lambda name, file_format: f"{permalink}&export={name}&format={file_format}"
    return page(request, "coverage.html", TEXTS, who, "title", tables=tables, status=status, **ctx)


@router.get("/coverage")
async def coverage_form(
    request: Request, who: Principal = Depends(page_access("registrar", "provider", "analyst"))
) -> Response:
    """The empty form (today's date); with the form's fields in the query, the answer too."""
    asked = "kind" in request.query_params or "residency" in request.query_params
    return await _render(request, who, _values(request.query_params) if asked else None)


@router.post("/coverage")
async def coverage_check(
    request: Request, who: Principal = Depends(page_access("registrar", "provider", "analyst"))
) -> Response:
    return await _render(request, who, _values(await request.form()))
