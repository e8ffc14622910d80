"""Coverage decisions over HTTP: the contract's request and answer (shared/contracts/coverage.md)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from typing import Any

import orjson
from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kepil.api.auth import ANY_ROLE, ANY_ROLE_NAMES, bearer_key, cached_principal
from kepil.api.errors import error_body, header_lang, json_response, request_lang
from kepil.api.routing import known_query
from kepil.coverage.arrays import (
    ARROW_STREAM,
    MAX_ITEMS,
    TooManyItems,
    decide_arrow_stream,
    decide_json_array,
)
from kepil.coverage.decision import decide
from kepil.coverage.model import request_schema
from kepil.data import data_path
from kepil.errors import InvalidInput
from kepil.i18n import Lang
from kepil.store.keys import Principal
from kepil.validation import BODY_NOT_JSON

router = APIRouter(prefix="/v1/coverage", tags=["coverage"], dependencies=[Depends(known_query)])


@cache
def _schema(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(data_path("contracts", f"coverage-{name}.schema.json").read_text())
    schema.pop("$schema", None)
    schema.pop("$id", None)
    return schema


def _status(answer: dict[str, Any]) -> int:
    err = answer.get("error")
    if err is None:
        return 200
    return 409 if err["code"] == "law_not_in_force" else 422


def _openapi_one() -> dict[str, Any]:
    return {
        "requestBody": {"required": True, "content": {"application/json": {"schema": request_schema()}}},
        "responses": {
            "200": {
                "description": "The decision",
                "content": {"application/json": {"schema": _schema("response")}},
            },
            "422": {"description": "Invalid input: the error object names the field"},
            "409": {"description": "law_not_in_force: no act covers the date"},
        },
    }


@router.post(
    "/decisions",
    summary="Decide one coverage request",
    openapi_extra=_openapi_one(),
    response_class=Response,
)
async def decision(request: Request, explain: bool = False, who: Principal = Depends(ANY_ROLE)) -> Response:
    content, status = _decided(await request.body(), explain, request_lang(request))
    return Response(content, status, media_type=JSON)


JSON = "application/json"


def _decided(body: bytes, explain: bool, lang: Lang) -> tuple[bytes, int]:
    """The answer to one request's body and its status: the decision (200) or the contract's error object
    (422, 409) — what `json_response` and `error_response` would send."""
    try:
        raw = orjson.loads(body)
    except orjson.JSONDecodeError:
        return orjson.dumps(error_body("invalid_input", "body", BODY_NOT_JSON[lang])), 422
    answer = decide(raw, explain=explain, lang=lang)
    return orjson.dumps(answer), _status(answer)


DECISIONS = "/v1/coverage/decisions"
FAST_DECISIONS = "fast_decisions"  # the app's state flag: `kepil.api.protocol` may answer one decision itself
_JSON_TYPE = (b"content-type", JSON.encode())


class DecisionFastPath:
    """A pure ASGI wrapper around the whole application (issue 17): `POST /v1/coverage/decisions` answered
    without Starlette's middleware stack, FastAPI's routing and dependency resolution (three quarters of
    the app's own CPU per decision) when nothing else is asked — no query parameters, a Content-Length body
    within `limit` (the body limit's), a bearer key this worker verified within KEY_CACHE_SECONDS
    (`kepil.api.auth`) with a role the route allows. The answer is the route's own (`_decided`) with the
    stack's `headers` appended (the version header); any other request — and one whose decision raised, or
    whose client left while it was read — goes the stack's way to the same route (401 or 403, 413, `explain`,
    the key read from the store and remembered, the server error's answer)."""

    def __init__(self, app: ASGIApp, headers: list[tuple[bytes, bytes]], limit: int) -> None:
        self.app = app
        self.headers = headers
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope["path"] == DECISIONS
            and scope["method"] == "POST"
            and not scope.get("query_string")
        ):
            lang = fast_lang(scope["headers"], self.limit)
            if lang is not None:
                messages, body = await _body(receive)
                if body is not None:
                    answer = fast_answer(body, lang)
                    if answer is not None:
                        content, status = answer
                        # the headers Starlette's `Response(content, status, media_type=JSON)` sends, in
                        # its order, then the stack's; without building that object (issue 17)
                        headers = [(b"content-length", b"%d" % len(content)), _JSON_TYPE, *self.headers]
                        await send({"type": "http.response.start", "status": status, "headers": headers})
                        await send({"type": "http.response.body", "body": content})
                        return
                receive = _replayed(messages, receive)
        await self.app(scope, receive, send)


def fast_lang(headers: Iterable[tuple[bytes, bytes]], limit: int, proxied: bool = False) -> Lang | None:
    """The language of a decision request that may be answered without the stack — its bearer key verified
    by this worker within KEY_CACHE_SECONDS with a role the route allows, a Content-Length body within
    `limit` — else None. The first of each header counts, as Starlette's `Request.headers.get` reads it, in
    one pass over the raw list (a `Request` and its `Headers` cost ~10 µs a decision; issue 17). `proxied`:
    the headers are those uvicorn's proxy-headers middleware has not read yet — one with X-Forwarded-For
    goes the stack's way, where the logged client is rewritten."""
    authorization = languages = length = None
    for name, value in headers:
        if name == b"authorization":
            if authorization is None:
                authorization = value
        elif name == b"content-length":
            if length is None:
                length = value
        elif name == b"accept-language":
            if languages is None:
                languages = value
        elif proxied and name == b"x-forwarded-for":
            return None
    if authorization is None or length is None or not length.isdigit() or int(length) > limit:
        return None
    key = bearer_key(authorization.decode("latin-1"))
    who = cached_principal(key) if key is not None else None
    if who is None or who.role not in ANY_ROLE_NAMES:
        return None
    return header_lang(languages.decode("latin-1") if languages is not None else "")


def fast_answer(body: bytes, lang: Lang) -> tuple[bytes, int] | None:
    """The route's answer to a decision request's body (`_decided`, without explain); None when deciding
    raised — the stack then answers it as any other failure (and logs it)."""
    try:
        return _decided(body, False, lang)
    except Exception:
        return None


async def _body(receive: Receive) -> tuple[list[Message], bytes | None]:
    """The messages read and the request's body, as Starlette's `Request.body` reads it; None when the
    client left first (`http.disconnect`)."""
    messages: list[Message] = []
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] == "http.request":
            if not message.get("more_body", False):
                if len(messages) == 1:
                    return messages, message.get("body", b"")
                return messages, b"".join(m.get("body", b"") for m in messages)
        elif message["type"] == "http.disconnect":
            return messages, None


def _replayed(messages: list[Message], receive: Receive) -> Receive:
    """`receive` giving `messages` again first (the stack reads the request as it came)."""
    pending = list(messages)

    async def again() -> Message:
        return pending.pop(0) if pending else await receive()

    return again


_BINARY = {"type": "string", "format": "binary"}


@router.post(
    "/decisions:batch",
    summary=f"Decide a JSON array of requests (at most {MAX_ITEMS:,}); answers in order",
    description=(
        "A JSON array of requests, answered by a JSON array of answers in the same order (an invalid "
        "request's answer is its error object, in place). Bulk integrations may send an Arrow IPC stream "
        f"instead (`Content-Type: {ARROW_STREAM}`): a column per field's dotted path (`person.iin`, "
        "`service.kind`), read as a Parquet batch file is; the answers come back as an Arrow IPC stream of "
        "the answer's columns (id, covered, funding, requires, basis, explanation, rule, unknown, error), "
        "or as the JSON array when `Accept` asks for `application/json` and not Arrow."
    ),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": {"type": "array", "items": request_schema()}},
                ARROW_STREAM: {"schema": _BINARY},
            },
        },
        "responses": {
            "200": {
                "description": "One answer per request, in order: a decision or an error object",
                "content": {
                    "application/json": {"schema": {"type": "array", "items": _schema("response")}},
                    ARROW_STREAM: {"schema": _BINARY},
                },
            }
        },
    },
    response_class=Response,
)
async def batch(request: Request, who: Principal = Depends(ANY_ROLE)) -> Response:
    lang = request_lang(request)
    body = await request.body()
    arrow = _media(request.headers.get("content-type", "")) == ARROW_STREAM
    answer = ARROW_STREAM if arrow and _wants_arrow(request.headers.get("accept", "")) else JSON
    try:
        # Off the event loop: single decisions on this worker are answered while an array is decided.
        if arrow:
            out = await run_in_threadpool(decide_arrow_stream, body, lang=lang, answer=answer)
        else:
            out = await run_in_threadpool(decide_json_array, body, lang=lang)
    except InvalidInput as e:
        status = 413 if isinstance(e, TooManyItems) else 422
        return json_response(error_body("invalid_input", e.field, e.text(lang)), status)
    return Response(out, media_type=answer)


def _media(header: str) -> str:
    return header.split(";", 1)[0].strip().lower()


def _wants_arrow(accept: str) -> bool:
    """An Arrow stream's answer is an Arrow stream unless `Accept` names JSON and not Arrow."""
    asked = {_media(part) for part in accept.split(",") if part.strip()}
    return ARROW_STREAM in asked or JSON not in asked
