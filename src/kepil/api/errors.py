"""Every failure answers the contract's error object `{"error": {"code", "field", "message"}}`, the message
in the request's language (Accept-Language kk, ru or en)."""

from __future__ import annotations

import logging
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from kepil.errors import InvalidInput, LawNotInForce
from kepil.i18n import LANGS, Lang, Text
from kepil.store.db import StoreNotReady, StoreUnavailable, is_unavailable
from kepil.store.providers import NotFound, RegulatedFact
from kepil.store.validation import validation_message
from kepil.validation import BODY_NOT_JSON

log = logging.getLogger("kepil.api")

STATUS_TEXT: dict[int, Text] = {
    401: Text(
        "API кілті жоқ немесе жарамсыз (Authorization: Bearer KEY)",
        "Нет действительного ключа API (Authorization: Bearer KEY)",
        "A valid API key is required (Authorization: Bearer KEY)",
    ),
    403: Text(
        "Бұл әрекетке кілттің рөлі жетпейді",
        "Роль ключа не позволяет это действие",
        "The key's role does not allow this",
    ),
    404: Text("Табылмады", "Не найдено", "Not found"),
    405: Text("Әдіс рұқсат етілмеген", "Метод не разрешён", "Method not allowed"),
    500: Text(
        "Ішкі қате; ол журналға жазылды",
        "Внутренняя ошибка; она записана в журнал",
        "Internal error; it has been logged",
    ),
    413: Text("Сұраныс тым үлкен", "Запрос слишком велик", "The request is too large"),
    400: Text("Сұраныс оқылмады", "Запрос не прочитан", "The request could not be read"),
    406: Text(
        "Жауап тек application/fhir+json (немесе application/json) түрінде беріледі",
        "Ответ возможен только в application/fhir+json (или application/json)",
        "The answer can only be application/fhir+json (or application/json)",
    ),
    415: Text(
        "Сұраныс денесі JSON болуы керек (application/fhir+json немесе application/json)",
        "Тело запроса должно быть JSON (application/fhir+json или application/json)",
        "The body must be JSON (application/fhir+json or application/json)",
    ),
}
_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_input",
}


def request_lang(request: Request) -> Lang:
    """The first of kk, ru, en in Accept-Language (by q, then order); en when none is named."""
    return header_lang(request.headers.get("accept-language", ""))


def header_lang(header: str) -> Lang:
    """`request_lang` of an Accept-Language header's text."""
    best: tuple[float, int, Lang] | None = None
    for i, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        lang = tag.strip().lower()[:2]
        if lang not in LANGS:
            continue
        q = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                q = float(params[2:])
            except ValueError:
                q = 0.0
        if q > 0 and (best is None or (-q, i) < (-best[0], best[1])):
            best = (q, i, lang)
    return best[2] if best else "en"


def error_body(code: str, field: str | None, message: str) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "message": message}
    if field is not None:
        body["field"] = field
    return {"error": body}


def json_response(content: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(orjson.dumps(content), status, headers=headers, media_type="application/json")


def error_response(
    status: int, code: str, field: str | None, message: str, headers: dict[str, str] | None = None
) -> Response:
    """The contract's error object; 401 says how to authenticate, 405 keeps the `Allow` it is given."""
    headers = dict(headers or {})
    if status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    return json_response(error_body(code, field, message), status, headers or None)


def _loc_path(loc: tuple[Any, ...]) -> str:
    parts = list(loc[1:] if loc and loc[0] in ("body", "query", "path", "header") else loc)
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out or (str(loc[0]) if loc else "body")


_NUL_TEXT = Text(
    "Мәнде NUL таңбасы (0x00) бар: оны алып тастаңыз",
    "Значение содержит символ NUL (0x00): уберите его",
    "A value holds a NUL character (0x00): remove it",
)


def _is_nul(e: Exception) -> bool:
    """PostgreSQL refusing a NUL (0x00) in a text value, whichever query met it first."""
    return isinstance(e, DataError) and "NUL (0x00)" in str(e.orig)


_API_PATHS = ("/v1", "/fhir", "/docs", "/openapi", "/redoc", "/health")


async def _as_page(request: Request, status: int, message: Text) -> Response | None:
    """A browser asking for a page (not the API) gets the error as an HTML page (kepil.web sets
    `app.state.html_error`); API clients keep the JSON body."""
    render = getattr(request.app.state, "html_error", None)
    if render is None or request.url.path.startswith(_API_PATHS):
        return None
    if "text/html" not in request.headers.get("accept", ""):
        return None
    response: Response = await render(request, status, message)
    return response


def answer(
    request: Request,
    status: int,
    code: str,
    field: str | None,
    message: str,
    headers: dict[str, str] | None = None,
) -> Response:
    """The failure as the path's clients read it: the contract's error object, or on `/fhir` an R4
    OperationOutcome (application/fhir+json) with the same code, field and message (docs/fhir.md)."""
    from kepil.api.fhir.outcome import is_fhir, outcome_response

    if not is_fhir(request.url.path):
        return error_response(status, code, field, message, headers)
    headers = dict(headers or {})
    if status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    return outcome_response(status, code, field, message, request_lang(request), headers or None)


def too_large_response(request: Request) -> Response:
    return answer(request, 413, "too_large", "body", STATUS_TEXT[413][request_lang(request)])


def allowed_methods(request: Request) -> str:
    """Every method some route answers on the request's path (Starlette's 405 names only the first route's;
    a path with GET and PUT in two routes must say both)."""
    from starlette.routing import Match

    found = []
    for method in ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"):
        scope = {**request.scope, "method": method}
        if any(route.matches(scope)[0] == Match.FULL for route in request.app.router.routes):
            found.append(method)
    return ", ".join(found)


def install(app: FastAPI) -> None:
    @app.exception_handler(InvalidInput)
    async def _invalid(request: Request, e: InvalidInput) -> Response:
        return answer(request, 422, "invalid_input", e.field, e.text(request_lang(request)))

    @app.exception_handler(LawNotInForce)
    async def _not_in_force(request: Request, e: LawNotInForce) -> Response:
        return answer(request, 409, "law_not_in_force", e.field, e.text(request_lang(request)))

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, e: RequestValidationError) -> Response:
        err = e.errors()[0]
        if err.get("type") == "json_invalid":  # its loc is a character offset, not a field
            return answer(request, 422, "invalid_input", "body", BODY_NOT_JSON[request_lang(request)])
        return answer(
            request,
            422,
            "invalid_input",
            _loc_path(tuple(err.get("loc", ()))),
            validation_message(err, request_lang(request)),
        )

    @app.exception_handler(NotFound)
    async def _not_found(request: Request, e: NotFound) -> Response:
        lang = request_lang(request)
        return answer(request, 404, "not_found", None, f"{STATUS_TEXT[404][lang]}: {e}")

    @app.exception_handler(RegulatedFact)
    async def _regulated(request: Request, e: RegulatedFact) -> Response:
        return answer(request, 403, "forbidden", e.field, e.text(request_lang(request)))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, e: StarletteHTTPException) -> Response:
        lang = request_lang(request)
        text = STATUS_TEXT.get(e.status_code)
        message = text[lang] if text else str(e.detail)
        html = await _as_page(request, e.status_code, text or Text(message, message, message))
        if html is not None:
            for name, value in (getattr(e, "headers", None) or {}).items():
                html.headers[name] = value  # 405's Allow on a page too
            return html
        if e.status_code == 400:  # FastAPI could not read the body (bytes that are not JSON text)
            return answer(request, 422, "invalid_input", "body", BODY_NOT_JSON[lang])
        code = _CODES.get(e.status_code, f"http_{e.status_code}")  # never the bare "error"
        headers = dict(getattr(e, "headers", None) or {})
        if e.status_code == 405:
            headers["Allow"] = allowed_methods(request) or headers.get("Allow", "")
        return answer(request, e.status_code, code, None, message, headers)

    @app.exception_handler(StoreUnavailable)
    async def _unavailable(request: Request, e: StoreUnavailable) -> Response:
        log.warning("database unavailable: %s", e.detail)
        message = e.texts[request_lang(request)]
        return answer(request, 503, "store_unavailable", None, message, {"Retry-After": "5"})

    @app.exception_handler(StoreNotReady)
    async def _not_ready(request: Request, e: StoreNotReady) -> Response:
        return answer(request, 503, "store_not_ready", None, e.text(request_lang(request)))

    @app.exception_handler(Exception)
    async def _other(request: Request, e: Exception) -> Response:
        if _is_nul(e):  # PostgreSQL's text holds no NUL: the client's value, not the server, is wrong
            return answer(request, 422, "invalid_input", None, _NUL_TEXT[request_lang(request)])
        if is_unavailable(e):
            return await _unavailable(request, StoreUnavailable(type(e).__name__))
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        html = await _as_page(request, 500, STATUS_TEXT[500])
        if html is not None:
            return html
        return answer(request, 500, "internal_error", None, STATUS_TEXT[500][request_lang(request)])
