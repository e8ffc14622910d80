"""`kepil serve`'s HTTP protocol (issue 17, `kepil.api.protocol.DecisionProtocol`): a single decision is
answered in the parser's callback, and every exchange — that one and every other — is byte for byte what
uvicorn's own httptools protocol sends, with the same access log line. Both protocols are driven here with
the same bytes over an in-memory transport."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import orjson
import pytest
from uvicorn.config import Config
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.server import ServerState

from decision_bodies import BODIES, REQUEST
from kepil.api import auth
from kepil.api.protocol import DecisionProtocol
from serving import run_coroutine

# the store only holds the key: one kind of store is enough
SQLITE = pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)

PATH = "/v1/coverage/decisions"
DATE = b"Mon, 07 Dec 2026 15:00:00 GMT"


@dataclass
class Transport:
    """What the protocol wrote, and whether it closed the connection."""

    written: list[bytes] = field(default_factory=list)
    closed: bool = False

    def write(self, data: bytes) -> None:
        self.written.append(data)

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return {"sockname": ("127.0.0.1", 8000), "peername": ("127.0.0.1", 50123)}.get(name, default)

    def is_closing(self) -> bool:
        return self.closed

    def close(self) -> None:
        self.closed = True

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass


@dataclass
class Exchange:
    output: bytes
    closed: bool
    log: list[str]
    tasks: int  # requests uvicorn's way (an ASGI task each)


class Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter("%(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


def exchange(
    app: Any,
    protocol: type[HttpToolsProtocol],
    chunks: list[bytes],
    answers: int,
    between: Callable[[HttpToolsProtocol], None] | None = None,
) -> Exchange:
    """Feed `chunks` to a new connection of `protocol` until `answers` responses are complete; `between`
    runs after the first chunk."""
    access = logging.getLogger("uvicorn.access")
    lines = Lines()
    saved = access.handlers[:], access.propagate, access.level
    access.handlers[:], access.propagate = [lines], False
    access.setLevel(logging.INFO)

    async def run() -> Exchange:
        config = Config(app, http=protocol, lifespan="off", log_config=None, timeout_keep_alive=5)
        config.load()
        state = ServerState()
        state.default_headers = [(b"date", DATE), *config.encoded_headers]
        started: list[int] = []
        proto = protocol(config, state, {}, _loop=asyncio.get_running_loop())
        start = proto._start_asgi_task

        def counted(*args: Any) -> None:
            started.append(1)
            start(*args)

        proto._start_asgi_task = counted  # type: ignore[method-assign,assignment]
        transport = Transport()
        proto.connection_made(transport)  # type: ignore[arg-type]
        for i, chunk in enumerate(chunks):
            proto.data_received(chunk)
            if i == 0 and between is not None:
                between(proto)
            await asyncio.sleep(0)
        for _ in range(2000):
            if state.total_requests >= answers and not state.tasks:
                break
            await asyncio.sleep(0.005)
        proto._unset_keepalive_if_required()
        return Exchange(b"".join(transport.written), transport.closed, lines.lines, len(started))

    try:
        return run_coroutine(run)
    finally:
        access.handlers[:], access.propagate = saved[0], saved[1]
        access.setLevel(saved[2])


def post(body: bytes, key: str, *, path: str = PATH, version: str = "1.1", extra: bytes = b"") -> bytes:
    head = f"POST {path} HTTP/{version}\r\nHost: kepil\r\nContent-Type: application/json\r\n"
    head += f"Authorization: Bearer {key}\r\nContent-Length: {len(body)}\r\n"
    return head.encode() + extra + b"\r\n" + body


def both(
    api: Any,
    chunks: list[bytes],
    answers: int = 1,
    between: Callable[[HttpToolsProtocol], None] | None = None,
) -> tuple[Exchange, Exchange]:
    """The exchange through uvicorn's protocol and through kepil's, each with the key verified before."""
    key = api.key("analyst")
    warm = [post(orjson.dumps(REQUEST), key)]
    out = []
    for protocol in (HttpToolsProtocol, DecisionProtocol):
        auth.forget_keys()
        exchange(api.app, HttpToolsProtocol, warm, 1)  # the stack reads the key and remembers it
        out.append(exchange(api.app, protocol, chunks, answers, between))
    assert out[0].tasks == answers  # uvicorn's protocol: each request an ASGI task
    return out[0], out[1]


@SQLITE
@pytest.mark.parametrize(
    "lang", [b"", b"Accept-Language: ru\r\n", b"Accept-Language: kk;q=0.9, en;q=0.1\r\n"]
)
@pytest.mark.parametrize("body", BODIES, ids=range(len(BODIES)))
def test_a_decision_is_answered_in_the_parser_with_uvicorns_bytes(api, body: bytes, lang: bytes) -> None:  # type: ignore[no-untyped-def]
    uvicorn_s, kepil_s = both(api, [post(body, api.key("analyst"), extra=lang)])
    assert kepil_s.tasks == 0  # no ASGI task: answered as parsed
    assert kepil_s.output == uvicorn_s.output
    assert kepil_s.output.count(b"HTTP/1.1 ") == 1 and b"x-kepil-version: " in kepil_s.output
    assert kepil_s.log == uvicorn_s.log == [f'127.0.0.1:50123 - "POST {PATH} HTTP/1.1" {status(kepil_s)}']
    assert not kepil_s.closed


def status(e: Exchange) -> int:
    return int(e.output.split(b" ", 2)[1])


@SQLITE
def test_a_body_in_pieces_and_pipelined_requests(api) -> None:  # type: ignore[no-untyped-def]
    key = api.key("analyst")
    first, second = post(BODIES[0], key), post(BODIES[1], key, extra=b"Accept-Language: kk\r\n")
    chunks = [first[:40], first[40:-10], first[-10:] + second + first]  # the body split; three pipelined
    uvicorn_s, kepil_s = both(api, chunks, answers=3)
    assert kepil_s.tasks == 0
    assert kepil_s.output == uvicorn_s.output and kepil_s.log == uvicorn_s.log
    assert re.findall(rb"HTTP/1.1 (\d+)", kepil_s.output) == [b"200", b"422", b"200"]


@SQLITE
def test_every_other_request_goes_uvicorns_way_with_the_same_bytes(api) -> None:  # type: ignore[no-untyped-def]
    key = api.key("analyst")
    body = BODIES[0]
    big = b" " * 70_000 + body  # past one flow-control window
    chunked = (
        (
            f"POST {PATH} HTTP/1.1\r\nHost: kepil\r\nAuthorization: Bearer {key}\r\n"
            f"Transfer-Encoding: chunked\r\n\r\n{len(body):x}\r\n"
        ).encode()
        + body
        + b"\r\n0\r\n\r\n"
    )
    cases = {
        "explain": [post(body, key, path=PATH + "?explain=true")],
        "another key": [post(body, "kepil_x.y")],
        "no key": [post(body, key).replace(b"Authorization", b"X-Authorization")],
        "HTTP/1.0": [post(body, key, version="1.0")],
        "close": [post(body, key, extra=b"Connection: close\r\n")],
        "forwarded": [post(body, key, extra=b"X-Forwarded-For: 10.1.2.3\r\n")],
        "continue": [post(body, key, extra=b"Expect: 100-continue\r\n")],
        "chunked": [chunked],
        "big": [post(big, key)],
        "get": [f"GET {PATH} HTTP/1.1\r\nHost: kepil\r\nAuthorization: Bearer {key}\r\n\r\n".encode()],
        "other path": [post(body, key, path="/v1/coverage/decisions/")],
    }
    for name, chunks in cases.items():
        uvicorn_s, kepil_s = both(api, chunks)
        assert kepil_s.tasks == 1, name
        assert kepil_s.output == uvicorn_s.output, name
        assert kepil_s.log == uvicorn_s.log, name
        assert kepil_s.closed == uvicorn_s.closed, name
    assert b"10.1.2.3" not in kepil_s.output  # (the forwarded client is logged, checked through uvicorn's)


@SQLITE
def test_a_request_behind_one_in_flight_waits_its_turn(api) -> None:  # type: ignore[no-untyped-def]
    """A decision pipelined behind a request uvicorn still serves is queued as uvicorn queues it; no idle
    timer runs while a request is in flight."""
    key = api.key("analyst")
    slow = post(BODIES[0], key, path=PATH + "?explain=true")
    timers: list[object] = []
    uvicorn_s, kepil_s = both(
        api,
        [post(BODIES[0], key) + slow + post(BODIES[2], key)],
        answers=3,
        between=lambda p: timers.append(p.timeout_keep_alive_task),
    )
    assert kepil_s.tasks == 2  # the explained one, and the one queued behind it
    assert kepil_s.output == uvicorn_s.output and kepil_s.log == uvicorn_s.log
    assert timers == [None, None]  # in both: the slow request in flight, no keep-alive timer armed


@SQLITE
def test_a_failing_decision_is_the_stacks_500(api, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from kepil.api.routes import coverage

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("broken")

    monkeypatch.setattr(coverage, "decide", broken)
    uvicorn_s, kepil_s = both(api, [post(BODIES[0], api.key("analyst"))])
    assert status(kepil_s) == 500 and kepil_s.tasks == 1
    assert kepil_s.output == uvicorn_s.output and kepil_s.log == uvicorn_s.log


@SQLITE
def test_a_shutdown_while_the_body_is_read_answers_then_closes(api) -> None:  # type: ignore[no-untyped-def]
    request = post(BODIES[0], api.key("analyst"))
    uvicorn_s, kepil_s = both(api, [request[:-20], request[-20:]], between=lambda p: p.shutdown())
    assert kepil_s.tasks == 0
    assert b"connection: close\r\n" in kepil_s.output and kepil_s.closed
    assert kepil_s.output == uvicorn_s.output and kepil_s.closed == uvicorn_s.closed


@SQLITE
def test_a_key_revoked_here_is_refused_at_once(api) -> None:  # type: ignore[no-untyped-def]
    from kepil.store.keys import revoke

    key = api.key("analyst")
    auth.forget_keys()
    exchange(api.app, HttpToolsProtocol, [post(BODIES[0], key)], 1)
    revoke(api.engine, next(iter(auth._cache.values()))[1].key_id)
    refused = exchange(api.app, DecisionProtocol, [post(BODIES[0], key)], 1)
    assert status(refused) == 401 and refused.tasks == 1


def test_kepil_serve_runs_this_protocol() -> None:
    from kepil.cli.serve import HTTP_PROTOCOL

    module, _, name = HTTP_PROTOCOL.partition(":")
    assert getattr(__import__(module, fromlist=[name]), name) is DecisionProtocol


@SQLITE
def test_with_opentelemetry_configured_a_decision_goes_through_fastapis_span(api, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """FastAPI's native telemetry, when a deployment configured a provider, traces every request: then a
    decision is not answered in the parser but the app's way (inside its span)."""
    monkeypatch.setattr(type(api.app._native_telemetry), "enabled", lambda self: True)
    uvicorn_s, kepil_s = both(api, [post(BODIES[0], api.key("analyst"))])
    assert kepil_s.tasks == 1 and status(kepil_s) == 200
    assert kepil_s.output == uvicorn_s.output


@SQLITE
def test_another_application_is_served_as_uvicorn_serves_it(api) -> None:  # type: ignore[no-untyped-def]
    from fastapi import FastAPI

    from kepil.api.protocol import kepil_app

    assert kepil_app(FastAPI()) is None and kepil_app(object()) is None
    assert kepil_app(api.app) is api.app
    key = api.key("analyst")
    auth.forget_keys()
    exchange(api.app, HttpToolsProtocol, [post(BODIES[0], key)], 1)  # the key remembered
    other = FastAPI()
    served = exchange(other, DecisionProtocol, [post(BODIES[0], key)], 1)
    assert served.tasks == 1 and status(served) == 404
