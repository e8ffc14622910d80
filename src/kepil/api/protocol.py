"""uvicorn's httptools protocol with one decision answered as it is parsed (issue 17).

`POST /v1/coverage/decisions` through uvicorn costs, besides the decision, a request-response cycle object,
an asyncio task and event, the ASGI messages, four application layers (uvicorn's proxy headers, FastAPI with
its OpenTelemetry check, Starlette, `DecisionFastPath`) and two writes — as much CPU again as the decision.
`DecisionProtocol` answers such a request in the parser's own callback, with the route's bytes
(`coverage.fast_answer`) and the headers uvicorn would add, in one write, when nothing else is asked: the
conditions of `DecisionFastPath` (a bearer key this worker verified, no query, a Content-Length body) and
those of a plain HTTP/1.1 keep-alive exchange that uvicorn would start at once (no request of the
connection still in flight, no upgrade, no `Expect: 100-continue`, no `X-Forwarded-For` to rewrite the
logged client, a body within one flow-control window, the concurrency limit not reached), for kepil's own
application (`create_app`'s state flag) with no OpenTelemetry provider configured (FastAPI would trace the
request). Anything else — and a decision that raised — is handed to uvicorn's own path unchanged. The
access log line is uvicorn's, masked as every other (`kepil.api.logs`)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from uvicorn.protocols.http.flow_control import HIGH_WATER_LIMIT
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol
from uvicorn.protocols.utils import get_client_addr

from kepil.api.routes.coverage import DECISIONS, FAST_DECISIONS, fast_answer, fast_lang
from kepil.i18n import Lang

_URL = DECISIONS.encode()
_ACCESS = '%s - "%s %s HTTP/%s" %d'  # uvicorn's access log format (RequestResponseCycle.send)


class DecisionProtocol(HttpToolsProtocol):
    """`kepil serve`'s HTTP protocol (`--http kepil.api.protocol:DecisionProtocol`)."""

    _lang: Lang | None = None  # the request being parsed is answered here, in this language
    _parts: list[bytes]
    _closing = False  # the server shuts down: close the connection after the answer in progress

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._kepil = kepil_app(self.app)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._lang = None

    def on_headers_complete(self) -> None:
        lang = self._fast_lang()
        if lang is None:
            self._unset_keepalive_if_required()  # a request in flight: no idle timer may close the connection
            super().on_headers_complete()
            return
        self._lang = lang
        self._parts = []

    def _fast_lang(self) -> Lang | None:
        cycle, parser, app = self.cycle, self.parser, self._kepil
        if (
            self.url != _URL
            or app is None
            # FastAPI's OpenTelemetry, when a deployment configured it: a span per request, the app's way
            or app._native_telemetry.enabled()
            or self.root_path
            or (cycle is not None and not cycle.response_complete)  # (the last of any pipelined)
            or self.expect_100_continue
            or parser.get_method() != b"POST"
            or parser.get_http_version() != "1.1"
            or not parser.should_keep_alive()
            or parser.should_upgrade()
            or (
                self.limit_concurrency is not None
                and max(len(self.connections), len(self.tasks)) >= self.limit_concurrency
            )
        ):
            return None
        return fast_lang(self.headers, HIGH_WATER_LIMIT, proxied=True)

    def on_body(self, body: bytes) -> None:
        if self._lang is None:
            super().on_body(body)
        else:
            self._parts.append(body)

    def on_message_complete(self) -> None:
        lang = self._lang
        if lang is None:
            super().on_message_complete()
            return
        self._lang = None
        body = b"".join(self._parts)
        answer = fast_answer(body, lang)
        if answer is None:  # the decision raised: uvicorn's path answers it as any other request
            self._unset_keepalive_if_required()
            super().on_headers_complete()
            self.cycle.body += body
            super().on_message_complete()
            return
        content, status = answer
        if self.access_log:
            self.access_logger.info(_ACCESS, get_client_addr(self.scope), "POST", DECISIONS, "1.1", status)
        head = [STATUS_LINE[status]]
        for name, value in self.server_state.default_headers:
            head += (name, b": ", value, b"\r\n")
        head += (b"content-length: %d\r\ncontent-type: application/json\r\n" % len(content), _VERSION)
        if self._closing:
            head.append(b"connection: close\r\n")
        head += (b"\r\n", content)
        self.transport.write(b"".join(head))
        if self._closing:
            self.transport.close()
        self.on_response_complete()

    def shutdown(self) -> None:
        if self._lang is not None:  # a request being read: answer it, then close (as uvicorn's cycle does)
            self._closing = True
            return
        super().shutdown()


def kepil_app(app: Any) -> FastAPI | None:
    """kepil's application (`create_app`) inside the wrappers uvicorn put around it (its proxy headers);
    None when the server runs another application, whose decisions this protocol does not answer."""
    for _ in range(8):
        if isinstance(app, FastAPI):
            return app if getattr(app.state, FAST_DECISIONS, False) else None
        app = getattr(app, "app", None)
    return None


def _version_line() -> bytes:
    import kepil

    return b"x-kepil-version: " + kepil.__version__.encode() + b"\r\n"


_VERSION = _version_line()
