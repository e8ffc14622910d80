"""Pages for people (issue 7): server-rendered, kk/ru/en, served by `kepil serve` beside the API.

`install(app)` mounts the static files and every page router, and turns the pages' sign-in and role
errors into a redirect to /login and an HTML 403 page (the API keeps its JSON errors). Every page route
refuses a form posted from another site (kepil.web.csrf) and a NUL character in its input
(kepil.web.inputs)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from kepil.i18n import Text
from kepil.web import csrf, inputs
from kepil.web.pages import access, caps, coverage, home, law, medicines, monitoring, payments, persons
from kepil.web.render import lang_of, page
from kepil.web.session import LoginRequired, PageForbidden, viewer

STATIC = Path(__file__).parent / "static"
PAGES = (home, coverage, persons, monitoring, payments, caps, access, medicines, law)


def install(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in PAGES:
        app.include_router(module.router, dependencies=[Depends(csrf.same_origin), Depends(inputs.no_nul)])

    @app.exception_handler(LoginRequired)
    async def _login(request: Request, e: LoginRequired) -> Response:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target, safe='/')}", status_code=303)

    async def html_error(request: Request, status: int, message: Text) -> Response:
        who = await viewer(request)
        return page(
            request, "message.html", {}, who, "error", status=status, message=message[lang_of(request)]
        )

    app.state.html_error = html_error  # kepil.api.errors answers browsers with a page

    @app.exception_handler(PageForbidden)
    async def _forbidden(request: Request, e: PageForbidden) -> Response:
        return page(request, "message.html", {}, await viewer(request), "forbidden", status=403)

    @app.exception_handler(csrf.CrossSiteRequest)
    async def _cross_site(request: Request, e: csrf.CrossSiteRequest) -> Response:
        detail = csrf.TEXTS["cross_site_detail"][lang_of(request)]
        who = await viewer(request)
        return page(request, "message.html", csrf.TEXTS, who, "cross_site", status=403, detail=detail)

    @app.exception_handler(inputs.NulInField)
    async def _nul(request: Request, e: inputs.NulInField) -> Response:
        detail = inputs.TEXTS["nul_in_field"].format(field=e.field)[lang_of(request)]
        who = await viewer(request)
        return page(request, "message.html", inputs.TEXTS, who, "bad_character", status=422, detail=detail)
