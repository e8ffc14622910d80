"""Query parameters the pages share: a period, a region, a date, each parsed by the parser the rest of
kepil already uses (`kepil.monitoring.run.parse_period`, `kepil.reference.regions.region`,
`kepil.validation.iso_date`), a bad value an `InvalidInput` naming its field in kk/ru/en; `collect` turns
those into the page's {field: message} (shown beside the field, 422), and `region_name` shows a stored
region code in the viewer's language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from functools import cache
from typing import TypeVar

from kepil.errors import InvalidInput
from kepil.i18n import Lang, Text
from kepil.monitoring.run import parse_period
from kepil.reference.regions import region as find_region
from kepil.reference.regions import regions
from kepil.validation import iso_date

T = TypeVar("T")

BAD_REGION = Text("{value!r} белгісіз өңір", "{value!r} — неизвестный регион", "{value!r} is not a region")


def texts(source: Mapping[str, str | None], *names: str) -> dict[str, str]:
    """The named query parameters as typed, stripped ("" when absent)."""
    return {name: (source.get(name) or "").strip() for name in names}


def period(value: str, field: str = "period") -> str:
    """A calendar month YYYY-MM (the monitoring runs' periods, `monitoring-rules` 13)."""
    return parse_period(value, field)


def region(value: str, field: str = "region") -> str:
    """The code of the region a code, ISO 3166-2 code or Kazakh name names (`program-2026-2028` app1)."""
    try:
        return find_region(value, field).code
    except InvalidInput:
        raise InvalidInput(field, BAD_REGION.format(value=value)) from None


def day(value: str, field: str) -> dt.date:
    """A date YYYY-MM-DD."""
    return iso_date(value, field)


def day_or(value: str | None, default: dt.date) -> dt.date:
    """A date YYYY-MM-DD, or `default` when there is none or it is not a date (links that carry it on)."""
    try:
        return dt.date.fromisoformat(value or "")
    except ValueError:
        return default


def collect(
    errors: dict[str, str], lang: Lang, parse: Callable[[str, str], T], value: str, field: str
) -> T | None:
    """`parse(value, field)` for a value given (None for ""), a bad one's message put in `errors` under the
    field the error names, in `lang`."""
    if not value:
        return None
    try:
        return parse(value, field)
    except InvalidInput as e:
        errors[e.field] = e.text(lang)
        return None


@cache
def _region_names() -> dict[str, Text]:
    return {r.code: r.name for r in regions()}


def region_name(code: str) -> Text:
    """A stored region code's name; a code the registry no longer knows is shown as it is."""
    return _region_names().get(code) or Text(code, code, code)
