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
    CATEGORY_NAMES,
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
        Spec(ICD10, _t("Негізгі диагноз (АХЖ-10)", "Основной диагноз (МКБ-10)", "Main diagnosis (ICD-10)")),
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
        ),
    ] = None
    urgency_category: Annotated[
        int | None,
        Spec(
            INTEGER,
            _t(
                "Жедел жәрдем шақыртуының жеделдік санаты (1–4)",
                "Категория срочности вызова скорой помощи (1–4)",
                "Urgency category of the ambulance call (1–4)",
            ),
            (1, 2, 3, 4),
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
