"""What the JSON body parsers share: the common messages in kk, ru and en and the typed field checks.

Used by the coverage request (`kepil.coverage.request`, whose catalogue is `kepil.coverage.messages`) and by
the attachment application (`kepil.law.phc_attachment_rules.application`, catalogue
`kepil.law.phc_attachment_rules.messages`), and by the HTTP routes for a body that is not JSON (issue 4:
HTTP 422 in the request's language). Each check raises `InvalidInput(field, Text)` naming the dotted field
path it was given; the message templates are `Text` with `{placeholders}` that `fill` puts values in.
Field names, codes and the values a person sent stay as they are in every language; terms follow
shared/GLOSSARY.md (ЖСН / ИИН / IIN).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from kepil.errors import InvalidInput
from kepil.i18n import LANGS, Text
from kepil.reference.iin import IinInfo, parse_iin

# --------------------------------------------------------------------------- messages

BODY_NOT_JSON = Text("Сұраныс денесі JSON емес", "Тело запроса — не JSON", "The request body is not JSON")
# What `got {value}` says when the value is JSON null.
NOTHING = Text("бос мән (null)", "пустое значение (null)", "nothing")
REQUIRED = Text("міндетті өріс", "обязательное поле", "is required")
REQUIRED_ONE_OF = Text(
    "міндетті өріс; рұқсат етілген мәндер: {allowed}",
    "обязательное поле; допустимые значения: {allowed}",
    "is required; one of: {allowed}",
)
EXPECTED_OBJECT = Text(
    "объект күтілді, берілгені: {value}",
    "ожидался объект, получено: {value}",
    "expected an object, got {value}",
)
EXPECTED_STRING = Text(
    "бос емес жол күтілді, берілгені: {value}",
    "ожидалась непустая строка, получено: {value}",
    "expected a non-empty string, got {value}",
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
NOT_A_YEAR = Text(
    "{value} күнтізбелік жыл емес; {first}–{last} жылдардың бірі күтіледі",
    "{value} — не календарный год; ожидается год {first}–{last}",
    "{value} is not a calendar year; expected a year {first}–{last}",
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
EXPECTED_LIST = Text(
    "{allowed} мәндерінің тізімі күтілді, берілгені: {value}",
    "ожидался список из значений {allowed}, получено: {value}",
    "expected a list of {allowed}, got {value}",
)
LISTED_TWICE = Text(
    "{value} екі рет көрсетілген",
    "{value} указано дважды",
    "lists {value} twice",
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


def fill(template: Text, **values: Any) -> Text:
    """`template` with `values` put in; a value that is itself a `Text` goes in in each language.

    Dates go in as `str(date)`, ISO 8601, as the request wrote them (unlike `kepil.law.acts`, whose reasons
    spell dates out per language).
    """
    out = {
        lang: template[lang].format(**{k: v[lang] if isinstance(v, Text) else v for k, v in values.items()})
        for lang in LANGS
    }
    return Text(**out)


def same(value: str) -> Text:
    """A code or a value that reads the same in every language."""
    return Text(value, value, value)


SHOWN_MAX = 80  # an error quotes at most this many characters of a value sent (a 5 MB cell is not echoed)


def shown(value: Any) -> Text:
    """A value the person sent, as the messages quote it: its Python repr (cut to SHOWN_MAX characters), or
    NOTHING for null."""
    if value is None:
        return NOTHING
    text = repr(value) if not isinstance(value, str) or len(value) <= SHOWN_MAX else repr(value[:SHOWN_MAX])
    if len(text) > SHOWN_MAX + 2:
        text = text[: SHOWN_MAX - 1] + "…"
    elif isinstance(value, str) and len(value) > SHOWN_MAX:
        text = text[:-1] + "…" + text[-1]
    return same(text)


# --------------------------------------------------------------------------- checks
# Each is one call deep: `decide` runs them per field on its hot path (benchmarks/coverage.py).


def json_object(value: Any, field: str) -> dict[str, Any]:
    """A JSON object."""
    if not isinstance(value, dict):
        raise InvalidInput(field, fill(EXPECTED_OBJECT, value=shown(value)))
    return value


def iso_date(value: Any, field: str) -> dt.date:
    """A date as a YYYY-MM-DD string."""
    if not isinstance(value, str):
        raise InvalidInput(field, fill(EXPECTED_DATE, value=shown(value)))
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(field, fill(NOT_A_DATE, value=repr(value))) from None


def year(value: int, field: str, ahead: int = 0) -> int:
    """`value` when it and the `ahead` years after it are calendar years (1-9999, `datetime.date`'s);
    else InvalidInput naming `field` (a year past any integer of C was an OverflowError, a traceback)."""
    last = dt.MAXYEAR - ahead
    if not dt.MINYEAR <= value <= last:
        raise InvalidInput(field, fill(NOT_A_YEAR, value=shown(value), first=dt.MINYEAR, last=last))
    return value


def enum(value: Any, field: str, allowed: tuple[str, ...]) -> str:
    """One of `allowed`; null is refused like any other value."""
    if not isinstance(value, str) or value not in allowed:
        raise InvalidInput(field, fill(NOT_ONE_OF, value=shown(value), allowed=", ".join(allowed)))
    return value


def nullable_enum(value: Any, field: str, allowed: tuple[str, ...]) -> str | None:
    """One of `allowed`, or None for null."""
    if value is None:
        return None
    if not isinstance(value, str) or value not in allowed:
        raise InvalidInput(field, fill(NOT_ONE_OF, value=shown(value), allowed=", ".join(allowed)))
    return value


def flag(value: Any, field: str) -> bool:
    """true or false; null is false."""
    if value is None:
        return False
    if not isinstance(value, bool):
        raise InvalidInput(field, fill(EXPECTED_BOOL, value=shown(value)))
    return value


def nullable_bool(value: Any, field: str) -> bool | None:
    """true, false, or None for null (not known)."""
    if value is None:
        return None
    if not isinstance(value, bool):
        raise InvalidInput(field, fill(EXPECTED_BOOL_OR_NULL, value=shown(value)))
    return value


def string(value: Any, field: str) -> str:
    """A string with something besides white space, stripped."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(field, fill(EXPECTED_STRING, value=shown(value)))
    return value.strip()


def codes(value: Any, field: str, allowed: tuple[str, ...], once: bool = False) -> list[str]:
    """A list of codes out of `allowed`, each checked at `field[i]` in order; null is the empty list.
    With `once`, a code listed again is refused at its own index."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise InvalidInput(field, fill(EXPECTED_LIST, allowed=", ".join(allowed), value=shown(value)))
    seen: set[str] = set()
    for i, code in enumerate(value):
        enum(code, f"{field}[{i}]", allowed)
        if once:
            if code in seen:
                raise InvalidInput(f"{field}[{i}]", fill(LISTED_TWICE, value=repr(code)))
            seen.add(code)
    return value


def valid_iin(value: Any, field: str) -> IinInfo:
    """A valid IIN: 12 digits whose check digit matches; its birth date and sex as the digits encode them."""
    if not isinstance(value, str) or len(value) != 12 or not value.isdigit():
        raise InvalidInput(field, fill(NOT_AN_IIN, value=shown(value)))
    info = parse_iin(value)
    if not info.valid:
        raise InvalidInput(field, fill(IIN_CHECK_DIGIT, value=value))
    return info
