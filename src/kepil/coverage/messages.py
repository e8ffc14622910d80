"""The coverage request's validation messages in kk, ru and en (issue 4: HTTP 422 in the request's language).

Each template is a `Text` with `{placeholders}`; `fill` puts the values in. Field names, enumeration
values and the values a person sent stay as they are in every language (they are what the request holds);
terms follow shared/GLOSSARY.md (ЖСН / ИИН / IIN, АХЖ-10 / МКБ-10 / ICD-10). The English is the text the
coverage contract's examples and the existing tests show, word for word.
"""

from __future__ import annotations

from typing import Any

from kepil.i18n import LANGS, Text

# What `got {value}` says when the value is JSON null.
NOTHING = Text("бос мән (null)", "пустое значение (null)", "nothing")

REQUIRED = Text("міндетті өріс", "обязательное поле", "is required")
REQUIRED_ONE_OF = Text(
    "міндетті өріс; рұқсат етілген мәндер: {allowed}",
    "обязательное поле; допустимые значения: {allowed}",
    "is required; one of: {allowed}",
)
FORM_REQUIRED = Text(
    "{kind} үшін міндетті өріс; рұқсат етілген мәндер: {allowed}",
    "обязательное поле для {kind}; допустимые значения: {allowed}",
    "is required for {kind}; one of: {allowed}",
)
EXPECTED_OBJECT = Text(
    "объект күтілді, берілгені: {value}",
    "ожидался объект, получено: {value}",
    "expected an object, got {value}",
)
# reading: YYYY-MM-DD is the request's machine format (JSON Schema `date`), not a local spelling of a
# date, so it stays as it is in kk and ru, like field names do.
EXPECTED_DATE = Text(
    "YYYY-MM-DD түріндегі жол ретінде күн күтілді, берілгені: {value}",
    "ожидалась дата строкой вида YYYY-MM-DD, получено: {value}",
    "expected a date as a string YYYY-MM-DD, got {value}",
)
NOT_A_DATE = Text(
    "{value} жарамды күн емес; YYYY-MM-DD түрі күтіледі",
    "{value} — не дата; ожидается YYYY-MM-DD",
    "{value} is not a date; expected YYYY-MM-DD",
)
NOT_ONE_OF = Text(
    "{value} рұқсат етілген мәндердің бірі емес: {allowed}",
    "{value} не входит в допустимые значения: {allowed}",
    "{value} is not one of: {allowed}",
)
EXPECTED_BOOL = Text(
    "true немесе false күтілді, берілгені: {value}",
    "ожидалось true или false, получено: {value}",
    "expected true or false, got {value}",
)
EXPECTED_BOOL_OR_NULL = Text(
    "true, false немесе null күтілді, берілгені: {value}",
    "ожидалось true, false или null, получено: {value}",
    "expected true or false or null, got {value}",
)
NOT_AN_IIN = Text(
    "{value} ЖСН емес; 12 цифр күтіледі",
    "{value} — не ИИН; ожидается 12 цифр",
    "{value} is not an IIN; expected 12 digits",
)
IIN_CHECK_DIGIT = Text(
    "{value} жарамды ЖСН емес: бақылау цифры сәйкес келмейді",
    "{value} — недействительный ИИН: контрольная цифра не совпадает",
    "{value} is not a valid IIN: its check digit does not match",
)
BIRTH_DATE_NOT_IN_IIN = Text(
    "міндетті өріс: ЖСН цифрларынан жарамды туған күн шықпайды",
    "обязательное поле: цифры ИИН не дают действительной даты рождения",
    "is required: the IIN's digits give no valid birth date",
)
BIRTH_DATE_REQUIRED = Text(
    "person.iin берілмесе, міндетті өріс",
    "обязательное поле, если не указан person.iin",
    "is required when there is no person.iin",
)
BIRTH_AFTER_CARE = Text(
    "{birth_date} көмек көрсетілетін {date} күнінен кейін",
    "{birth_date} позже даты оказания помощи {date}",
    "{birth_date} is after the date of care {date}",
)
STAY_PURPOSE_NOT_TEMPORARY = Text(
    "тек temporary_resident үшін қолданылады, {residency} үшін емес",
    "применяется только к temporary_resident, а не к {residency}",
    "applies to temporary_resident only, not to {residency}",
)
EXPECTED_POLICY_LIST = Text(
    "{allowed} мәндерінің тізімі күтілді, берілгені: {value}",
    "ожидался список из значений {allowed}, получено: {value}",
    "expected a list of {allowed}, got {value}",
)
POLICY_TWICE = Text(
    "бір полис екі рет көрсетілген",
    "один и тот же полис указан дважды",
    "lists a policy twice",
)
EXPECTED_ICD10_STRING = Text(
    "АХЖ-10 коды жол ретінде күтілді, берілгені: {value}",
    "ожидался код МКБ-10 строкой, получено: {value}",
    "expected an ICD-10 code as a string, got {value}",
)
# The English of kepil.reference.icd10.check_icd10, which the batch path uses for the same check.
NOT_ICD10 = Text(
    "{value} АХЖ-10 (ДДСҰ 2019) диагноз коды емес; мысалы, K80 немесе K80.1 күтіледі",
    "{value} — не код диагноза МКБ-10 (ВОЗ 2019); ожидается, например, K80 или K80.1",
    "{value} is not an ICD-10 (WHO 2019) diagnosis code; expected e.g. K80 or K80.1",
)
# Used only when kepil.law.acts gives no reason of its own.
LAW_NOT_IN_FORCE = Text(
    "{act} {date} күні күшінде емес",
    "{act} не действует на {date}",
    "{act} is not in force on {date}",
)
# reading: `detail` is the JSON decoder's own (English) words; they point at the fault and are kept as
# they are rather than guessed at in other languages.
NOT_JSON = Text(
    "JSON емес: {detail}, {column}-позиция",
    "не JSON: {detail}, позиция {column}",
    "not JSON: {detail} at column {column}",
)


def fill(template: Text, **values: Any) -> Text:
    """`template` with `values` put in; a value that is itself a `Text` goes in in each language."""
    out = {
        lang: template[lang].format(**{k: v[lang] if isinstance(v, Text) else v for k, v in values.items()})
        for lang in LANGS
    }
    return Text(**out)


def shown(value: Any) -> Text:
    """A value the person sent, as the messages quote it: its Python repr, or NOTHING for null."""
    return NOTHING if value is None else Text(repr(value), repr(value), repr(value))
