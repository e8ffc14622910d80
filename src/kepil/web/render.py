"""Server-rendered pages: one Jinja2 environment, the viewer's language, and `page()` which renders a
template or, when the query asks `?export=TABLE&format=csv|xlsx`, returns that table as a file."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

import kepil
from kepil.i18n import DEFAULT_LANG, LANGS, Lang, Text
from kepil.law.acts import act as act_of
from kepil.law.citation import citation_label, clause_label
from kepil.store.keys import Principal
from kepil.store.providers import organisation_names
from kepil.web import format as fmt
from kepil.web.export import FORMATS, export_response
from kepil.web.nav import clause_href, menu
from kepil.web.tables import Table, shown, table_page
from kepil.web.texts import COMMON

LANG_COOKIE = "kepil_lang"
env = Environment(
    loader=PackageLoader("kepil.web", "templates"),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
# Every page: its own scripts, styles and forms only (no CDN, no inline script), never inside another site's
# frame, and no Referer beyond this site (page addresses carry IINs: /persons/{iin}, /coverage?iin=).
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
env.filters.update(number=fmt.number, money=fmt.money, percent=fmt.percent, date=fmt.date)
env.globals["clause_href"] = clause_href
env.globals["clause_label"] = clause_label
env.globals["citation_label"] = citation_label
env.globals["source_name"] = lambda source, lang: source_name(source)[lang]
env.globals["act_name"] = lambda act, lang: act_of(act).short_title[lang]
env.globals["table_page"] = table_page


DEMO_SOURCE = Text("демонстрациялық деректер", "демонстрационные данные", "the demonstration data")
UPLOADED = Text("жүктелген файл: {name}", "загруженный файл: {name}", "uploaded file: {name}")


def source_name(source: str | None) -> Text:
    """Where a stored report's data came from, as a page says it: never a path on the server (the file's
    own name only); the demonstration's data by that name."""
    text = (source or "").strip()
    if not text or text == "kepil demo":
        return DEMO_SOURCE
    names = " + ".join(
        part.strip().replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] for part in text.split(" + ")
    )
    return UPLOADED.format(name=names)


def lang_of(request: Request) -> Lang:
    """?lang= (remembered in a cookie), else the cookie, else Kazakh (DESIGN.md principle 8)."""
    for value in (request.query_params.get("lang"), request.cookies.get(LANG_COOKIE)):
        if value in LANGS:
            return value
    return DEFAULT_LANG


def translator(texts: Mapping[str, Text], lang: Lang) -> Any:
    def t(key: str, **kwargs: object) -> str:
        text = texts.get(key) or COMMON[key]
        return (text.format(**kwargs) if kwargs else text)[lang]

    return t


def page(
    request: Request,
    template: str,
    texts: Mapping[str, Text],
    who: Principal | None,
    title: str,
    tables: Iterable[Table] = (),
    status: int = 200,
    **context: Any,
) -> Response:
    """The page `template` in the viewer's language; `title` is a key of `texts` (or COMMON)."""
    lang = lang_of(request)
    by_name = {tb.name: tb for tb in tables}
    wanted = request.query_params.get("export")
    # a refusal (401, 403) or a failure (5xx) keeps its status: it has no table and must not read as a 404
    if wanted is not None and status not in (401, 403) and status < 500:
        file_format = request.query_params.get("format", "csv")
        if wanted in by_name and file_format in FORMATS:
            return export_response(by_name[wanted], file_format, lang)
        status = 404
        context.setdefault("message", COMMON["not_found"][lang])
    _name_providers(request, by_name.values())
    t = translator(texts, lang)
    org = who.organisation_id if who is not None else None
    html = env.get_template(template).render(
        request=request,
        lang=lang,
        langs=LANGS,
        t=t,
        who=who,
        who_organisation=getattr(request.state, "organisation_name", None) if org else None,
        menu=menu(who),
        title=t(title),
        tables=by_name,
        shown=shown,
        fmt=fmt,
        version=kepil.__version__,
        lang_url=lambda code: _here(request, lang=code),
        export_url=lambda name, f: _here(request, export=name, format=f),
        here=lambda **params: _here(request, **{k: str(v) for k, v in params.items()}),
        **context,
    )
    response = HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)
    if request.query_params.get("lang") in LANGS:
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, samesite="lax")
    return response


def name_providers(engine: Any, rows: Iterable[dict[str, Any]]) -> None:
    """Sets each row's `provider_name` from the registry (one query; a provider the registry does not know
    keeps its code). Reads the store: call it in a thread, not on the event loop."""
    wanted = [r for r in rows if r.get("provider_name") is None and r.get("provider_id")]
    if not wanted:
        return
    names = organisation_names(engine, {str(r["provider_id"]) for r in wanted})
    for r in wanted:
        r["provider_name"] = names.get(str(r["provider_id"])) or r["provider_id"]


def _name_providers(request: Request, tables: Iterable[Table]) -> None:
    """Providers by name: every table that shows a `provider_name` column gets it filled for the rows that
    lack it. A page rendered on the event loop (an async route) must have named them in a thread already."""
    try:
        asyncio.get_running_loop()
        return  # on the event loop: no store read here
    except RuntimeError:
        pass
    engine = getattr(request.app.state, "engine", None)
    if engine is not None:
        name_providers(engine, [r for tb in tables if any(c.key == "provider_name" for c in tb.columns)
                                for r in tb.rows])  # fmt: skip


def _here(request: Request, **params: str) -> str:
    """This page's path and query with `params` set (a relative link: right behind any proxy)."""
    url = request.url.include_query_params(**params)
    return f"{url.path}?{url.query}"
