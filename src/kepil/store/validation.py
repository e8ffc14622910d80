"""Pydantic errors that carry kk/ru/en messages, for the store's input models."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from kepil.errors import InvalidInput
from kepil.i18n import Lang, Text

TEXT_ERROR = "kepil_text"


def text_error(text: Text) -> PydanticCustomError:
    """A validation error whose message the API shows in the request's language (ctx holds all three)."""
    return PydanticCustomError(TEXT_ERROR, "{en}", {"kk": text.kk, "ru": text.ru, "en": text.en})


def reraise(e: InvalidInput) -> PydanticCustomError:
    return text_error(e.texts)


# A date is the text YYYY-MM-DD (JSON Schema `date`) or a date object, nothing else: pydantic's lax mode
# would read the number 0, or the text "0", as 1970-01-01 and a datetime at midnight as its day (issue 14:
# a value is understood exactly as documented or refused).
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
EXPECTED_DATE = Text("ЖЖЖЖ-АА-КК күні күтілді", "ожидается дата ГГГГ-ММ-ДД", "expected a date YYYY-MM-DD")


def _iso_date(value: Any) -> Any:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return value  # pydantic then refuses a day the calendar does not have (2026-02-30)
    raise text_error(EXPECTED_DATE)


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]


EXPECTED_ONE_OF = Text("мыналардың бірі күтілді: {expected}", "ожидается одно из: {expected}",
                       "expected one of {expected}")  # fmt: skip
# Pydantic's own error types, in kk/ru/en; anything else falls back to pydantic's English.
_PYDANTIC: dict[str, Text] = {
    "missing": Text("міндетті өріс", "обязательное поле", "is required"),
    "extra_forbidden": Text("мұндай өріс жоқ", "такого поля нет", "is not a field of this object"),
    "string_type": Text("мәтін күтілді", "ожидается строка", "expected a string"),
    "int_type": Text("бүтін сан күтілді", "ожидается целое число", "expected an integer"),
    "int_parsing": Text("бүтін сан күтілді", "ожидается целое число", "expected an integer"),
    "int_parsing_size": Text("тым үлкен", "слишком велико", "is too large"),
    "int_from_float": Text("бүтін сан күтілді", "ожидается целое число", "expected an integer"),
    "bool_type": Text("true немесе false күтілді", "ожидается true или false", "expected true or false"),
    "bool_parsing": Text("true немесе false күтілді", "ожидается true или false", "expected true or false"),
    "date_type": Text("ЖЖЖЖ-АА-КК күні күтілді", "ожидается дата ГГГГ-ММ-ДД", "expected a date YYYY-MM-DD"),
    "date_parsing": Text(
        "ЖЖЖЖ-АА-КК күні күтілді", "ожидается дата ГГГГ-ММ-ДД", "expected a date YYYY-MM-DD"
    ),
    "date_from_datetime_parsing": Text(
        "ЖЖЖЖ-АА-КК күні күтілді", "ожидается дата ГГГГ-ММ-ДД", "expected a date YYYY-MM-DD"
    ),
    "list_type": Text("тізім күтілді", "ожидается список", "expected a list"),
    "dict_type": Text("объект күтілді", "ожидается объект", "expected an object"),
    "model_attributes_type": Text("объект күтілді", "ожидается объект", "expected an object"),
    "json_invalid": Text("JSON емес", "не JSON", "is not valid JSON"),
    "string_too_short": Text("тым қысқа", "слишком коротко", "is too short"),
    "string_too_long": Text("тым ұзын", "слишком длинно", "is too long"),
    "string_pattern_mismatch": Text("пішімі дұрыс емес", "неверный формат", "has the wrong format"),
    "too_short": Text("тым қысқа", "слишком короткий", "is too short"),
    "greater_than_equal": Text("тым кіші", "слишком мало", "is too small"),
    "less_than_equal": Text("тым үлкен", "слишком велико", "is too large"),
    "less_than": Text("тым үлкен", "слишком велико", "is too large"),
}


def validation_message(err: dict[str, Any], lang: Lang) -> str:
    ctx = err.get("ctx") or {}
    if err.get("type") == TEXT_ERROR:
        return str(ctx[lang])
    if err.get("type") == "literal_error" and "expected" in ctx:  # a closed set; no English "or"
        return EXPECTED_ONE_OF.format(expected=str(ctx["expected"]).replace(" or ", ", "))[lang]
    text = _PYDANTIC.get(err.get("type", ""))
    return text[lang] if text else str(err.get("msg", "invalid"))
