"""What every API route shares (issue 14): JSON bodies read by the bounded loader (`kepil.limits`), and
bounded integer parameters — a path or query integer outside its range is 422 naming it, never a 500 from
the database (PostgreSQL's ids are 32-bit; SQLite's and Python's integers are not the same size either)."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from email.message import Message as MimeHeader
from typing import Annotated, Any

from fastapi import HTTPException, Path, Query, Request
from fastapi.routing import APIRoute
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kepil.errors import InvalidInput
from kepil.i18n import Text
from kepil.limits import load_json

INT32_MAX = 2**31 - 1  # PostgreSQL `integer`: the ids of attachments and contracts
MAX_PAGE = 10_000  # rows one list answers at most

RowId = Annotated[int, Path(ge=1, le=INT32_MAX, description="a record's id (1 … 2147483647)")]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"at most this many rows (1 … {MAX_PAGE})")]
Offset = Annotated[int, Query(ge=0, le=INT32_MAX, description="rows to skip (0 … 2147483647)")]


def _is_json(content_type: str | None) -> bool:
    """What FastAPI parses as JSON: no Content-Type, application/json or application/*+json."""
    if not content_type:
        return True
    message = MimeHeader()
    message["content-type"] = content_type
    subtype = message.get_content_subtype()
    return message.get_content_maintype() == "application" and (
        subtype == "json" or subtype.endswith("+json")
    )


class BoundedRoute(APIRoute):
    """An APIRoute whose JSON body (for a route with a declared body model) is parsed by `load_json`:
    too large, too deep or not JSON is the contract's 422 naming `body`, before FastAPI reads it. Routes
    that read their body themselves call `load_json` (or their own bounded reader) directly."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        if self.body_field is None:
            return handler

        async def bounded(request: Request) -> Response:
            if _is_json(request.headers.get("content-type")):
                body = await request.body()
                if body:
                    request._json = load_json(body)  # FastAPI's request.json() returns this
            return await handler(request)

        return bounded


class BodyLimit:
    """A pure ASGI middleware: a request body past `limit` bytes is 413 with the contract's error object
    (`too_large`) — at once when Content-Length says so, else when the bytes received pass it."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        from kepil.api.errors import too_large_response

        declared = dict(scope.get("headers") or []).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.limit:
            await too_large_response(Request(scope))(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise HTTPException(413)  # the exception handlers answer it (kepil.api.errors)
            return message

        await self.app(scope, counted, send)


UNKNOWN_QUERY = Text(
    "операция мұндай сұраныс параметрін анықтамайды: {name}{close}; бары: {known}",
    "операция не определяет такой параметр запроса: {name}{close}; допустимы: {known}",
    "the operation defines no such query parameter: {name}{close}; it has: {known}",
)
_QUERY_NAMES: dict[int, tuple[str, ...]] = {}


def _query_names(route: APIRoute) -> tuple[str, ...]:
    """The query parameters `route` defines (their names as sent: aliases), its dependencies' included."""
    names = _QUERY_NAMES.get(id(route))
    if names is None:
        found: set[str] = set()
        stack = [route.dependant]
        while stack:
            dependant = stack.pop()
            found |= {p.alias for p in dependant.query_params}
            stack += dependant.dependencies
        names = _QUERY_NAMES[id(route)] = tuple(sorted(found))
    return names


async def known_query(request: Request) -> None:
    """A query parameter the operation does not define is 422 naming it, with the one it most resembles
    (issue 14's "never ignored"): a misspelt `?dat=2026-01-01` must not leave the answer for today. FHIR's
    routes do not take this: a FHIR server ignores a search parameter it does not know unless the client
    asks for strict handling (FHIR R4 3.1.1.4)."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    known = _query_names(route)
    for name in request.query_params:
        if name not in known:
            import difflib

            close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
            text = UNKNOWN_QUERY.format(
                name=name, close=f" (→ {close[0]}?)" if close else "", known=", ".join(known) or "—"
            )
            raise InvalidInput(name, text)
