"""Pydantic errors that carry kk/ru/en messages, for the store's input models."""

from __future__ import annotations

from pydantic_core import PydanticCustomError

from kepil.errors import InvalidInput
from kepil.i18n import Text

TEXT_ERROR = "kepil_text"


def text_error(text: Text) -> PydanticCustomError:
    """A validation error whose message the API shows in the request's language (ctx holds all three)."""
    return PydanticCustomError(TEXT_ERROR, "{en}", {"kk": text.kk, "ru": text.ru, "en": text.en})


def reraise(e: InvalidInput) -> PydanticCustomError:
    return text_error(e.texts)
