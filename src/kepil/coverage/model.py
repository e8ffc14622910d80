"""The coverage request, defined once (shared/contracts/coverage.md with its amendments of December 2026).

The pydantic models below are the request: every field the contract and kepil's documented extensions
define, its type, its allowed values and its words in kk, ru and en. From them come

- the JSON path: `kepil.coverage.request.parse_request` validates with them (unknown fields are refused,
  amendment 1; JSON booleans are only `true` / `false`, amendment 3);
- the batch columns and their types (`FIELDS`, used by `kepil.coverage.columns`; amendment 4);
- the JSON Schema the API serves (`request_schema`), and `kepil coverage columns`.

A field's `Spec` says what kind of value it holds; the few checks pydantic has no word for (an IIN's check
digit, a WHO ICD-10 code, a date written exactly YYYY-MM-DD) are the `Spec`'s validators, raising errors whose
words are kepil's own, in three languages (`kepil.coverage.messages`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from kepil.coverage import messages as M
from kepil.coverage.vocabulary import (
    ACTIVITIES,
    ACTIVITY_NAMES,
    CATEGORY_NAMES,
    CUSTODIES,
    CUSTODY_NAMES,
    FORM_NAMES,
    FORMS,
    KIND_NAMES,
    KINDS,
    POLICIES,
    POLICY_NAMES,
    RESIDENCIES,
    RESIDENCY_NAMES,
    SEX_NAMES,
    SEXES,
    STATE_PAID_CATEGORIES,
    STAY_PACKAGE_NAMES,
    STAY_PACKAGES,
    STAY_PURPOSE_NAMES,
    STAY_PURPOSES,
)
from kepil.i18n import LANGS, Text
from kepil.reference import icd10 as icd
from kepil.reference.iin import parse_iin

ID_MAX = 200  # amendment 2: the caller's id, a string of at most 200 characters

# What a field holds, and therefore its batch column type (`kepil coverage columns`).
BOOL = "boolean"  # true / false / null; absent is null (not known) or false, as the field says
TEXT = "text"  # free text (the caller's id)
CODE = "code"  # one of a fixed set of codes
DATE = "date"  # YYYY-MM-DD
IIN = "iin"  # 12 digits with a valid check digit
ICD10 = "icd10"  # a WHO ICD-10 code
INTEGER = "integer"  # one of a few whole numbers
CODES = "codes"  # a list of codes, each once


def _kepil_error(text: Text) -> PydanticCustomError:
    """An error pydantic carries to `kepil.coverage.request`, which reads the `Text` back from its context."""
    return PydanticCustomError("kepil", "{en}", {"en": text.en, "text": text})


@dataclass(frozen=True)
class Spec:
    """What one field of the request holds: its kind, its allowed values, its meaning in kk, ru and en.

    Used as `Annotated` metadata on the models' fields; pydantic calls the two hooks below."""

    kind: str
    doc: Text
    values: tuple[Any, ...] = ()
    # For CODE and CODES: each value's words, which errors and `kepil coverage columns` show.
    names: Mapping[str, Text] | None = field(default=None, compare=False)
    # For BOOL: what absence means — None (not known) or False (e.g. `person.pregnant`).
    absent: Any = None
    # A few words naming the fact, for the answer's explanation when it is not known ("unknown").
    label: Text | None = field(default=None, compare=False)

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> Any:
        schema = handler(source)
        check = _CHECKS.get(self.kind)
        if self.kind == DATE:
            return core_schema.no_info_before_validator_function(_iso_date, schema)
        if check is None:
            return schema
        return core_schema.no_info_after_validator_function(lambda v: check(self, v), schema)

    def __get_pydantic_json_schema__(self, schema: Any, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        out: dict[str, Any] = handler(schema)
        out["description"] = self.doc.en
        out["x-description"] = self.doc.as_dict()
        if self.kind in (CODE, INTEGER):
            nullable = any(s.get("type") == "null" for s in out.pop("anyOf", ()))
            out.pop("type", None)
            out["enum"] = [*self.values, None] if nullable else list(self.values)
        elif self.kind == CODES:
            out.pop("anyOf", None)
            out["type"] = "array"
            out["items"] = {"enum": list(self.values)}
            out["uniqueItems"] = True
        elif self.kind == IIN:
            out.pop("anyOf", None)
            out["type"] = ["string", "null"]
            out["pattern"] = "^[0-9]{12}$"
        elif self.kind == TEXT:
            out["maxLength"] = ID_MAX
        return out


# --------------------------------------------------------------------------- the checks pydantic lacks

_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value: Any) -> Any:
    """A date written exactly YYYY-MM-DD (a JSON string); null stays null. A date object (a Parquet date
    column on the batch path) is taken as it is."""
    if value is None or isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise _kepil_error(M.fill(M.EXPECTED_DATE, value=M.shown(value)))
    if _ISO.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise _kepil_error(M.fill(M.NOT_A_DATE, value=M.shown(value)))


def _code(spec: Spec, value: Any) -> Any:
    if value is not None and value not in spec.values:
        raise _kepil_error(not_one_of(spec, value))
    return value


def _codes(spec: Spec, value: Any) -> Any:
    if value is None:
        return value
    for i, code in enumerate(value):
        if code not in spec.values:
            raise PydanticCustomError(
                "kepil_item", "{en}", {"en": "", "text": not_one_of(spec, code), "index": i}
            )
    if len(set(value)) != len(value):
        raise _kepil_error(M.POLICY_TWICE)
    return value


def _iin(spec: Spec, value: Any) -> Any:
    if value is None:
        return value
    if len(value) != 12 or not value.isascii() or not value.isdigit():
        raise _kepil_error(M.fill(M.NOT_AN_IIN, value=M.shown(value)))
    if not parse_iin(value).valid:
        raise _kepil_error(M.fill(M.IIN_CHECK_DIGIT, value=value))
    return value


def _icd10(spec: Spec, value: Any) -> Any:
    if value is None:
        return value
    if not icd.is_valid(value):
        raise _kepil_error(M.fill(M.NOT_ICD10, value=M.shown(value)))
    return icd.normalize(value)


def _text(spec: Spec, value: Any) -> Any:
    if value is not None and len(value) > ID_MAX:
        raise _kepil_error(M.fill(M.TEXT_TOO_LONG, limit=ID_MAX, length=len(value)))
    return value


_CHECKS: dict[str, Callable[[Spec, Any], Any]] = {
    CODE: _code,
    INTEGER: _code,
    CODES: _codes,
    IIN: _iin,
    ICD10: _icd10,
    TEXT: _text,
}


def allowed_words(spec: Spec) -> Text:
    """The allowed values of a field, each with its name in the language: `citizen (азамат), …`."""
    names = spec.names
    if names is None:
        return M.same(", ".join(str(v) for v in spec.values))
    return Text(*(", ".join(f"{v} ({names[v][lang]})" for v in spec.values) for lang in LANGS))


def not_one_of(spec: Spec, value: Any) -> Text:
    return M.fill(M.NOT_ONE_OF, value=M.shown(value), allowed=allowed_words(spec))


# --------------------------------------------------------------------------- the models

_STRICT = ConfigDict(extra="forbid", strict=True)


def _t(kk: str, ru: str, en: str) -> Text:
    return Text(kk, ru, en)


class Person(BaseModel):
    """`person`: who receives the care."""

    model_config = _STRICT

    residency: Annotated[
        str,
        Spec(
            CODE,
            _t(
                "Құқықтық мәртебесі: азамат, қандас, босқын, тұрақты не уақытша тұратын шетелдік, "
                "пана іздеуші",
                "Правовой статус: гражданин, кандас, беженец, постоянно или временно пребывающий иностранец, "
                "лицо, ищущее убежище",
                "Legal status: citizen, kandas, refugee, foreigner residing permanently or staying "
                "temporarily, asylum seeker",
            ),
            RESIDENCIES,
            names=RESIDENCY_NAMES,
        ),
    ]
    iin: Annotated[
        str | None,
        Spec(
            IIN,
            _t(
                "ЖСН: 12 цифр, бақылау цифры дұрыс; туған күні мен жынысы одан алынады",
                "ИИН: 12 цифр с верной контрольной цифрой; дата рождения и пол берутся из него",
                "IIN: 12 digits with a valid check digit; birth date and sex are taken from it",
            ),
        ),
    ] = None
    birth_date: Annotated[
        dt.date | None,
        Spec(
            DATE,
            _t(
                "Туған күні (ЖСН болмаса міндетті); берілсе, ЖСН-нан жоғары тұрады",
                "Дата рождения (обязательна без ИИН); если указана, важнее ИИН",
                "Birth date (required without an IIN); when given it wins over the IIN",
            ),
        ),
    ] = None
    sex: Annotated[
        str | None,
        Spec(CODE, _t("Жынысы", "Пол", "Sex"), SEXES, names=SEX_NAMES),
    ] = None
    stay_purpose: Annotated[
        str | None,
        Spec(
            CODE,
            _t(
                "Уақытша болу мақсаты (тек уақытша болатындар үшін)",
                "Цель временного пребывания (только для временно пребывающих)",
                "Purpose of a temporary stay (temporary residents only)",
            ),
            STAY_PURPOSES,
            names=STAY_PURPOSE_NAMES,
            label=_t(
                "уақытша болу мақсаты (еңбек қызметі болса, ЖМС төлейді)",
                "цель временного пребывания (при трудовой деятельности платит ОМС мигрантов)",
                "the purpose of the temporary stay (for labour, OMI pays)",
            ),
        ),
    ] = None
    eaeu_worker: Annotated[
        bool | None,
        Spec(BOOL, _t("ЕАЭО еңбекші көшіп келушісі", "Трудящийся-мигрант ЕАЭС", "An EAEU labour migrant"),
             absent=False),
    ] = None  # fmt: skip
    eaeu_family: Annotated[
        bool | None,
        Spec(
            BOOL,
            _t(
                "ЕАЭО еңбекші көшіп келушісінің отбасы мүшесі",
                "Член семьи трудящегося-мигранта ЕАЭС",
                "A family member of an EAEU labour migrant",
            ),
            absent=False,
        ),
    ] = None
    pregnant: Annotated[
        bool | None,
        Spec(BOOL, _t("Көмек күні жүкті", "Беременна на дату помощи", "Pregnant on the date of care"),
             absent=False),
    ] = None  # fmt: skip
    postpartum: Annotated[
        bool | None,
        Spec(BOOL, _t("Босанғаннан кейінгі кезеңде", "В послеродовом периоде", "In the postpartum period"),
             absent=False),
    ] = None  # fmt: skip
    insured: Annotated[
        bool | None,
        Spec(
            BOOL,
            _t(
                "МӘМС-ке қатысушы (жарна төленген немесе босатылған); болмаса — қатыспайды",
                "Участник ОСМС (взносы уплачены или освобождён); отсутствие — не участник",
                "A CSHI participant (contributions paid or exempt); absent means not",
            ),
        ),
    ] = None
    attached: Annotated[
        bool | None,
        Spec(
            BOOL,
            _t(
                "МСАК ұйымына бекітілген; болмаса — бекітілмеген",
                "Прикреплён к организации ПМСП; отсутствие — не прикреплён",
                "Attached to a PHC organisation; absent means not",
            ),
        ),
    ] = None
    state_paid_category: Annotated[
        str | None,
        Spec(
            CODE,
            _t(
                "Мемлекет МӘМС жарнасын төлейтін санат (55-т.)",
                "Категория, за которую государство платит взносы ОСМС (п. 55)",
                "A category the state pays CSHI contributions for (55)",
            ),
            STATE_PAID_CATEGORIES,
            names=CATEGORY_NAMES,
        ),
    ] = None
    policies: Annotated[
        list[str] | None,
        Spec(
            CODES,
            _t(
                "Көмек күні күшіндегі сақтандыру шарттары: ЖМС, ЕМС",
                "Договоры страхования, действующие на дату помощи: ОМС мигрантов, ДМС",
                "Insurance contracts in force on the date: OMI, VHI",
            ),
            POLICIES,
            names=POLICY_NAMES,
        ),
    ] = None
    on_dental_emergency_list: Annotated[
        bool | None,
        Spec(
            BOOL,
            _t(
                "Адам ҚР ДСМ-106/2020 бұйрығындағы шұғыл стоматологиялық көмек санаттарының бірінде (58.4); "
                "болмаса — kepil-дің қайта құрылған тізбесінен, ол да білмесе — белгісіз",
                "Человек — в одной из категорий приказа ҚР ДСМ-106/2020 для экстренной стоматологической "
                "помощи "
                "(58.4); отсутствие — по реконструкции kepil, иначе неизвестно",
                "The person is in a category of order ҚР ДСМ-106/2020 for emergency dental care (58.4); "
                "absent: "
                "from kepil's reconstruction, otherwise not known",
            ),
            label=_t(
                "адамның шұғыл стоматологиялық көмек санатында болуы (ҚР ДСМ-106/2020)",
                "относится ли человек к категориям экстренной стоматологической помощи (ҚР ДСМ-106/2020)",
                "whether the person is in a category for emergency dental care (order ҚР ДСМ-106/2020)",
            ),
        ),
    ] = None
    custody: Annotated[
        str | None,
        Spec(
            CODE,
            _t(
                "Ұстау түрі: тергеу изоляторы, қылмыстық-атқару мекемесі, үй қамағы (39, 55.8–55.9, 71)",
                "Вид содержания: следственный изолятор, учреждение УИС, домашний арест (39, 55.8–55.9, 71)",
                "Custody: pre-trial detention, a penal institution, house arrest (39, 55.8–55.9, 71)",
            ),
            CUSTODIES,
            names=CUSTODY_NAMES,
            label=_t(
                "адам қайда ұсталады (тергеу изоляторы, мекеме не үй қамағы)",
                "где содержится человек (СИЗО, учреждение или домашний арест)",
                "where the person is held (pre-trial detention, a penal institution or house arrest)",
            ),
        ),
    ] = None


def _list_fact(kk: str, ru: str, en: str, clauses: str, label: tuple[str, str, str]) -> Spec:
    """A list-membership fact (amendment 5): given, it wins; absent, kepil decides from the list it holds
    for the date; when it holds none, or a partial one without the code, the fact is not known."""
    return Spec(
        BOOL,
        _t(
            f"{kk} ({clauses}); болмаса — kepil-дегі тізбеден, ол білмесе — белгісіз",
            f"{ru} ({clauses}); отсутствие — по перечню, который есть у kepil, иначе неизвестно",
            f"{en} ({clauses}); absent: from the list kepil holds for the date, otherwise not known",
        ),
        label=_t(*label),
    )


class Service(BaseModel):
    """`service`: the care asked about."""

    model_config = _STRICT

    kind: Annotated[
        str,
        Spec(CODE, _t("Көмек түрі", "Вид помощи", "Kind of care"), KINDS, names=KIND_NAMES),
    ]
    form: Annotated[
        str | None,
        Spec(
            CODE,
            _t(
                "Нысаны: шұғыл, кезек күттірмейтін, жоспарлы",
                "Форма: экстренная, неотложная, плановая",
                "Form: emergency, urgent, planned",
            ),
            FORMS,
            names=FORM_NAMES,
        ),
    ] = None
    icd10: Annotated[
        str | None,
        Spec(
            ICD10,
            _t("Негізгі диагноз (АХЖ-10)", "Основной диагноз (МКБ-10)", "Main diagnosis (ICD-10)"),
            label=_t("негізгі диагноз (АХЖ-10)", "основной диагноз (МКБ-10)", "the main diagnosis (ICD-10)"),
        ),
    ] = None
    referral: Annotated[
        bool | None,
        Spec(BOOL, _t("Жолдама бар", "Есть направление", "A referral is held")),
    ] = None
    life_threatening: Annotated[
        bool | None,
        Spec(
            BOOL,
            _t("Жағдай өмірге қауіп төндіреді", "Состояние угрожает жизни", "The condition threatens life"),
            label=_t(
                "жағдайдың өмірге қауіп төндіруі",
                "угрожает ли состояние жизни",
                "whether the condition threatens life",
            ),
        ),
    ] = None
    socially_significant: Annotated[
        bool | None,
        Spec(
            BOOL,
            _t(
                "Диагноз әлеуметтік маңызы бар аурулар тізбесінде; болмаса — АХЖ-10 кодынан",
                "Диагноз в перечне социально значимых заболеваний; отсутствие — по коду МКБ-10",
                "The diagnosis is on the list of socially significant diseases; absent: from the ICD-10 code",
            ),
            label=_t(
                "диагноздың әлеуметтік маңызы бар аурулар тізбесінде болуы",
                "входит ли диагноз в перечень социально значимых заболеваний",
                "whether the diagnosis is on the list of socially significant diseases",
            ),
        ),
    ] = None
    dangerous_to_others: Annotated[
        bool | None,
        Spec(
            BOOL,
            _t(
                "Диагноз айналасындағыларға қауіпті аурулар тізбесінде; болмаса — АХЖ-10 кодынан",
                "Диагноз в перечне заболеваний, опасных для окружающих; отсутствие — по коду МКБ-10",
                "The diagnosis is on the list of diseases dangerous to others; absent: from the ICD-10 code",
            ),
            label=_t(
                "диагноздың айналасындағыларға қауіпті аурулар тізбесінде болуы",
                "входит ли диагноз в перечень заболеваний, опасных для окружающих",
                "whether the diagnosis is on the list of diseases dangerous to others",
            ),
        ),
    ] = None
    contact_isolation: Annotated[
        bool | None,
        Spec(
            BOOL,
            _t(
                "Қауіпті аурумен байланыста болған не таратушыны оқшаулау",
                "Изоляция контактного лица или носителя опасной инфекции",
                "Isolation of a contact or carrier of an infection dangerous to others",
            ),
        ),
    ] = None
    admission_department: Annotated[
        bool | None,
        Spec(
            BOOL,
            _t(
                "Диагноз қойылғанға дейін қабылдау бөлімшесіндегі жұмыс",
                "Работа приёмного отделения до установления диагноза",
                "The admission department's work before a diagnosis",
            ),
        ),
    ] = None
    rehabilitation_stage: Annotated[
        int | None,
        Spec(
            INTEGER,
            _t(
                "Оңалту кезеңі: 1, 2 немесе 3",
                "Этап реабилитации: 1, 2 или 3",
                "Rehabilitation stage: 1, 2 or 3",
            ),
            (1, 2, 3),
            label=_t("оңалту кезеңі", "этап реабилитации", "the rehabilitation stage"),
        ),
    ] = None
    urgency_category: Annotated[
        int | None,
        Spec(
            INTEGER,
            _t(
                "Жедел жәрдем шақыртуының жеделдік санаты (1–4)",
                "Категория срочности вызова скорой помощи (1–4)",
                "Urgency category of the ambulance call (1–4), for ambulance and for PHC teams serving "
                "category 4 calls (4, 18.4)",
            ),
            (1, 2, 3, 4),
        ),
    ] = None
    on_inpatient_list: Annotated[
        bool | None,
        _list_fact(
            "Диагноз тәулік бойғы стационарда емделетін аурулар тізбесінде (ҚР ДСМ-258/2020)",
            "Диагноз в перечне заболеваний для круглосуточного стационара (ҚР ДСМ-258/2020)",
            "The diagnosis is on the list of diseases for round-the-clock inpatient care (ҚР ДСМ-258/2020)",
            "62",
            (
                "диагноздың тәулік бойғы стационар тізбесінде болуы (ҚР ДСМ-258/2020)",
                "входит ли диагноз в перечень круглосуточного стационара (ҚР ДСМ-258/2020)",
                "whether the diagnosis is on the list for round-the-clock inpatient care (ҚР ДСМ-258/2020)",
            ),
        ),
    ] = None
    on_day_hospital_list: Annotated[
        bool | None,
        _list_fact(
            "Диагноз № 106 бұйрықтың 3-қосымшасындағы АХЖ-10 тізбесінде",
            "Диагноз в перечне МКБ-10 приложения 3 приказа № 106",
            "The diagnosis is on the ICD-10 list of appendix 3 of order No. 106",
            "61",
            (
                "диагноздың күндізгі стационар тізбесінде болуы (№ 106 бұйрық, 3-қосымша)",
                "входит ли диагноз в перечень дневного стационара (приказ № 106, приложение 3)",
                "whether the diagnosis is on the day-hospital list (order No. 106, appendix 3)",
            ),
        ),
    ] = None
    on_rehabilitation_list: Annotated[
        bool | None,
        _list_fact(
            "Диагноз II–III кезең оңалту тізбесінде (ҚР ДСМ-116/2020)",
            "Диагноз в перечне для реабилитации II–III этапов (ҚР ДСМ-116/2020)",
            "The diagnosis is on the list for rehabilitation at stages II–III (ҚР ДСМ-116/2020)",
            "64",
            (
                "диагноздың оңалту тізбесінде болуы (ҚР ДСМ-116/2020)",
                "входит ли диагноз в перечень для реабилитации (ҚР ДСМ-116/2020)",
                "whether the diagnosis is on the rehabilitation list (ҚР ДСМ-116/2020)",
            ),
        ),
    ] = None
    on_custody_rehabilitation_list: Annotated[
        bool | None,
        _list_fact(
            "Диагноз ұсталатын адамдарды оңалту тізбесінде (ҚР ДСМ-47)",
            "Диагноз в перечне для реабилитации содержащихся под стражей (ҚР ДСМ-47)",
            "The diagnosis is on the rehabilitation list for persons held in custody (ҚР ДСМ-47)",
            "39",
            (
                "диагноздың ұсталатындарды оңалту тізбесінде болуы (ҚР ДСМ-47)",
                "входит ли диагноз в перечень реабилитации содержащихся под стражей (ҚР ДСМ-47)",
                "whether the diagnosis is on the rehabilitation list for persons held (ҚР ДСМ-47)",
            ),
        ),
    ] = None
    on_outpatient_drug_list: Annotated[
        bool | None,
        _list_fact(
            "Ауру амбулаториялық дәрілік қамтамасыз ету тізбесінде (ҚР ДСМ-75)",
            "Заболевание в перечне амбулаторного лекарственного обеспечения (ҚР ДСМ-75)",
            "The disease is on the list for outpatient medicines (ҚР ДСМ-75)",
            "21, 52.3, 70",
            (
                "аурудың амбулаториялық дәрі тізбесінде болуы (ҚР ДСМ-75)",
                "входит ли заболевание в перечень амбулаторного лекарственного обеспечения (ҚР ДСМ-75)",
                "whether the disease is on the list for outpatient medicines (ҚР ДСМ-75)",
            ),
        ),
    ] = None
    on_treatment_abroad_list: Annotated[
        bool | None,
        _list_fact(
            "Ауру не адам ҚР ДСМ-45 бұйрығының шетелде емдеу тізбелерінде (3-қосымша, санаттар)",
            "Заболевание или человек в перечнях приказа ҚР ДСМ-45 для лечения за рубежом (приложение 3, "
            "категории)",
            "The disease or the person is on order ҚР ДСМ-45's lists for treatment abroad (appendix 3, "
            "categories)",
            "53",
            (
                "шетелде емдеу тізбесінде болуы (ҚР ДСМ-45)",
                "входит ли случай в перечни лечения за рубежом (ҚР ДСМ-45)",
                "whether the case is on the lists for treatment abroad (ҚР ДСМ-45)",
            ),
        ),
    ] = None
    on_emergency_admission_list: Annotated[
        bool | None,
        _list_fact(
            "Диагноз не жағдай уәкілетті органның шұғыл емдеуге жатқызу тізбесінде",
            "Диагноз или состояние в перечне уполномоченного органа для экстренной госпитализации",
            "The diagnosis or condition is on the authorised body's list for emergency admission",
            "34",
            (
                "диагноздың шұғыл емдеуге жатқызу тізбесінде болуы (34-т.)",
                "входит ли диагноз в перечень для экстренной госпитализации (п. 34)",
                "whether the diagnosis is on the list for emergency admission (34)",
            ),
        ),
    ] = None
    on_dynamic_observation_list: Annotated[
        bool | None,
        _list_fact(
            "Ауру динамикалық байқаудағы созылмалы аурулар тізбесінде (ҚР ДСМ-149/2020)",
            "Заболевание в перечне хронических заболеваний под динамическим наблюдением (ҚР ДСМ-149/2020)",
            "The disease is on the list of chronic diseases under dynamic observation (ҚР ДСМ-149/2020)",
            "19, 27, 58.3, 59.6",
            (
                "аурудың динамикалық байқау тізбесінде болуы (ҚР ДСМ-149/2020)",
                "входит ли заболевание в перечень динамического наблюдения (ҚР ДСМ-149/2020)",
                "whether the disease is on the list for dynamic observation (ҚР ДСМ-149/2020)",
            ),
        ),
    ] = None
    screening_target_group: Annotated[
        bool | None,
        Spec(
            BOOL,
            _t(
                "Адам осы скринингтің нысаналы тобында және мерзімі келген (ҚР ДСМ-174/2020, балалар — ҚР "
                "ДСМ-264/2020; 13, 24.3, 58.1); болмаса — белгісіз",
                "Человек в целевой группе этого скрининга и срок подошёл (ҚР ДСМ-174/2020, дети — ҚР "
                "ДСМ-264/2020; 13, 24.3, 58.1); отсутствие — неизвестно",
                "The person is in this screening's target group and due for it (ҚР ДСМ-174/2020; children: "
                "ҚР ДСМ-264/2020; 13, 24.3, 58.1); absent: not known",
            ),
            label=_t(
                "адамның скрининг нысаналы тобында болуы",
                "входит ли человек в целевую группу скрининга",
                "whether the person is in the screening's target group",
            ),
        ),
    ] = None
    first_contact: Annotated[
        bool | None,
        Spec(
            BOOL,
            _t(
                "МСАК-қа медициналық көмек үшін алғаш жүгіну (22-т., 2027 жылдан); болмаса — белгісіз",
                "Первичное обращение за медицинской помощью в ПМСП (п. 22, с 2027 года); отсутствие — "
                "неизвестно",
                "A first contact with primary care for medical help (22, from 2027); absent: not known",
            ),
            label=_t(
                "медициналық көмекке алғаш жүгіну ме",
                "первичное ли это обращение за медицинской помощью",
                "whether this is a first contact for medical help",
            ),
        ),
    ] = None
    within_completed_case: Annotated[
        bool | None,
        Spec(
            BOOL,
            _t(
                "Жүгіну бір аяқталған жағдай шеңберінде (59.6): жолдама талап етілмейді; болмаса — жоқ",
                "Обращение в рамках одного законченного случая (59.6): направление не нужно; отсутствие — "
                "нет",
                "The visit is within one completed case (59.6): no referral is needed; absent means not",
            ),
        ),
    ] = None
    activity: Annotated[
        str | None,
        Spec(
            CODE,
            _t(
                "Көмек түрі ішінде не жасалады: екпе, анықтама (МСАК); зертхана, емшара, жастар денсаулық "
                "орталығы (амбулатория); ортодонтия, ортопедия (стоматология); жаңа туған нәрестенің дәрі "
                "қобдишасы",
                "Что делается в рамках вида помощи: прививка, справка (ПМСП); лаборатория, процедура, "
                "молодёжный центр здоровья (амбулаторно); ортодонтия, ортопедия (стоматология); аптечка "
                "новорождённого",
                "What is done within the kind of care: vaccination, certificate (PHC); laboratory, "
                "procedure, "
                "youth health centre (outpatient); orthodontics, prosthetics (dental); the newborn's kit",
            ),
            ACTIVITIES,
            names=ACTIVITY_NAMES,
        ),
    ] = None
    within_stay_of: Annotated[
        str | None,
        Spec(
            CODE,
            _t(
                "Қан не патология қай пакет бойынша емдеу кезінде берілді: ТМККК, МӘМС, не стационардан тыс "
                "(46, 63.3, 63.5)",
                "В ходе лечения по какому пакету даны кровь или патоморфология: ГОБМП, ОСМС или вне "
                "стационара (46, 63.3, 63.5)",
                "The package of the day-hospital or inpatient stay within which blood or pathology is given, "
                "or none (46, 63.3, 63.5)",
            ),
            STAY_PACKAGES,
            names=STAY_PACKAGE_NAMES,
            label=_t(
                "қай пакет бойынша емдеу кезінде берілгені",
                "в ходе лечения по какому пакету это дано",
                "which package's stay this is given within",
            ),
        ),
    ] = None


class CoverageRequestModel(BaseModel):
    """A coverage request: the day, the person, the care (and the caller's id)."""

    model_config = ConfigDict(extra="forbid", strict=True, title="Coverage decision request")

    id: Annotated[
        str | None,
        Spec(
            TEXT,
            _t(
                "Шақырушының сұраныс идентификаторы; жауапта қайтарылады",
                "Идентификатор запроса у вызывающего; возвращается в ответе",
                "The caller's id of this request; echoed in the answer",
            ),
        ),
    ] = None
    date: Annotated[
        dt.date,
        Spec(
            DATE,
            _t(
                "Көмек көрсетілетін күн: сол күні күшіндегі заң шешеді",
                "День оказания помощи: решает закон, действующий в этот день",
                "The day of care: the law in force on that day decides",
            ),
        ),
    ]
    person: Person
    service: Service


# --------------------------------------------------------------------------- derived: the fields


@dataclass(frozen=True)
class FieldInfo:
    """A leaf field of the request by its dotted path (`person.iin`): its spec, whether it is required."""

    path: str
    spec: Spec
    required: bool


def _leaves() -> tuple[FieldInfo, ...]:
    out: list[FieldInfo] = []
    for top, f in CoverageRequestModel.model_fields.items():
        if f.annotation in (Person, Service):
            model = f.annotation
            for name, g in model.model_fields.items():
                out.append(FieldInfo(f"{top}.{name}", _spec_of(g.metadata), g.is_required()))
        else:
            out.append(FieldInfo(top, _spec_of(f.metadata), f.is_required()))
    return tuple(out)


def _spec_of(metadata: list[Any]) -> Spec:
    for m in metadata:
        if isinstance(m, Spec):
            return m
    raise AssertionError("every field of the request has a Spec")


# Every leaf field, in the order errors are reported (the models' order).
FIELDS: tuple[FieldInfo, ...] = _leaves()
FIELD_BY_PATH: dict[str, FieldInfo] = {f.path: f for f in FIELDS}
OBJECTS: dict[str, frozenset[str]] = {
    "": frozenset(CoverageRequestModel.model_fields),
    "person": frozenset(Person.model_fields),
    "service": frozenset(Service.model_fields),
}


@cache
def request_schema() -> dict[str, Any]:
    """kepil's own JSON Schema of the request, self-contained: the contract's fields and kepil's extensions,
    no others (`additionalProperties: false`, amendment 1). The API serves it in its OpenAPI document."""
    schema: dict[str, Any] = CoverageRequestModel.model_json_schema()
    defs = schema.pop("$defs", {})

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                return inline(defs[ref.removeprefix("#/$defs/")])
            return {k: inline(v) for k, v in node.items()}
        if isinstance(node, list):
            return [inline(v) for v in node]
        return node

    out: dict[str, Any] = inline(schema)
    return out
