"""Pydantic errors that carry kk/ru/en messages, for the store's input models."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from kepil.errors import InvalidInput
from kepil.i18n import Text

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
