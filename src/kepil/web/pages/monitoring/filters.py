"""The monitoring pages' filters (`?period&region&provider&on`): parsing them with each error named by its
field, the provider a provider's key is bound to, the query string of a scope and the form's choices."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from fastapi import Request

from kepil.i18n import Lang
from kepil.monitoring import dashboard as db
from kepil.reference.regions import regions
from kepil.store.keys import Principal
from kepil.store.providers import organisation_names
from kepil.web import params
from kepil.web.pages.monitoring.texts import TEXTS
from kepil.web.render import lang_of
from kepil.web.session import PageForbidden, organisation_scope, page_access

FIELDS = ("period", "region", "provider", "on")
viewer_of_monitoring = page_access("provider", "analyst", "fund")


class BadFilters(Exception):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors)
        self.errors = errors


def _forced_provider(who: Principal, asked: str | None) -> str | None:
    """A provider sees only its own provider_id: forced; asking for another one is refused (403)."""
    own = organisation_scope(who)
    if own is None:
        return asked
    if asked not in (None, own):
        raise PageForbidden()
    return own


def stored_periods(request: Request, engine: Any) -> list[str]:
    """The stored periods (oldest first), read once per request: the filters' default period and the
    form's choices both need them."""
    cached: list[str] | None = getattr(request.state, "monitoring_periods", None)
    if cached is None:
        cached = request.state.monitoring_periods = db.stored_periods(engine)
    return cached


def typed(request: Request) -> dict[str, str]:
    """The filters as typed (stripped; "" when absent)."""
    return params.texts(request.query_params, *FIELDS)


def parse_filters(
    request: Request, who: Principal, engine: Any
) -> tuple[db.Filters | None, dict[str, str], dict[str, str]]:
    """(the filters, or None when no period is stored; errors by field; the values as typed)."""
    lang = lang_of(request)
    raw = typed(request)
    errors: dict[str, str] = {}
    period = params.collect(errors, lang, params.period, raw["period"], "period")
    region = params.collect(errors, lang, params.region, raw["region"], "region")
    on = params.collect(errors, lang, params.day, raw["on"], "on") or dt.date.today()
    provider = _forced_provider(who, raw["provider"] or None)
    if errors:
        raise BadFilters(errors) from None
    if not period:
        stored = stored_periods(request, engine)
        if not stored:
            return None, errors, raw
        period = stored[-1]
    raw["period"] = period
    return db.Filters(period, region, provider, on), errors, raw


def query(f: db.Filters, **extra: Any) -> str:
    params = {
        "period": f.period,
        "region": f.region or "",
        "provider": f.provider or "",
        "on": f.on.isoformat(),
        **extra,
    }
    return urlencode({k: v for k, v in params.items() if v not in ("", None)})


def page_number(raw: str, lang: Lang) -> int | str:
    """A list's page asked (`?page=`, default 1), or the error naming the value. ASCII digits only
    ("²".isdigit() is true but int() refuses it), few enough for the offset to fit a 64-bit integer."""
    raw = (raw or "1").strip()
    if re.fullmatch(r"[0-9]{1,9}", raw) and int(raw) >= 1:
        return int(raw)
    return TEXTS["bad_page"].format(value=raw[:40])[lang]


def pager(number: int, total: int, size: int, link: Callable[[int], str], lang: Lang) -> dict[str, Any]:
    """A list's pager: its page and pages, the links to the previous and next; `error` (the text naming
    the page) when `number` is beyond the last (the page answers 404, not an empty list)."""
    pages = max(1, -(-total // size))
    beyond = TEXTS["page_beyond"].format(value=str(number), pages=str(pages))[lang]
    return {
        "page": number,
        "pages": pages,
        "prev": link(number - 1) if 1 < number <= pages else None,
        "next": link(number + 1) if number < pages else None,
        "error": beyond if number > pages else None,
    }


def named_options(engine: Any, ids: list[str]) -> list[tuple[str, str]]:
    """A provider filter's choices: (id, the registry's name, else the id), by name."""
    named = organisation_names(engine, ids)
    return sorted(((p, named.get(p) or p) for p in ids), key=lambda o: (o[1], o[0]))


def form_context(
    request: Request, who: Principal, engine: Any, raw: dict[str, str], lang: Lang
) -> dict[str, Any]:
    periods = stored_periods(request, engine)
    chosen = params.collect({}, lang, params.period, raw.get("period", ""), "period")
    if chosen is not None and chosen not in periods:
        periods = sorted({*periods, chosen})  # a period typed that has no run yet stays chosen
    locked = organisation_scope(who)
    return {
        "periods": list(reversed(periods)),
        "region_options": [(r.code, r.name[lang]) for r in regions()],
        "raw": raw,
        "provider_locked": locked,
        "provider_locked_name": organisation_names(engine, [locked]).get(locked) if locked else None,
    }
