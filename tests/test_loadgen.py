"""The service benchmark's load generator (benchmarks/loadgen.py) against a tiny asyncio HTTP server:
it counts answers and non-2xx statuses, keeps connections alive, stops by count or by time, and reads
Content-Length and chunked bodies. (Not a clause of the acts: the figures of issue 4 rest on it.)"""

from __future__ import annotations

import asyncio
import importlib.util
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from serving import run_coroutine

_PATH = Path(__file__).resolve().parent.parent / "benchmarks" / "loadgen.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("kepil_bench_loadgen", _PATH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve the module by name
    spec.loader.exec_module(module)
    return module


loadgen = _load()


class TinyServer:
    """HTTP/1.1 keep-alive: /ok → 200, /missing → 404, /chunked → chunked 200, /close → 200 and close."""

    def __init__(self) -> None:
        self.connections = 0
        self.requests = 0
        self.bodies: list[bytes] = []
        self.server: asyncio.Server | None = None

    async def start(self) -> int:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        port: int = self.server.sockets[0].getsockname()[1]
        return port

    async def stop(self) -> None:
        assert self.server is not None
        self.server.close()
        await self.server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except asyncio.IncompleteReadError:
                    return
                lines = head.decode("latin-1").split("\r\n")
                path = lines[0].split(" ")[1]
                length = 0
                for line in lines[1:]:
                    if line.lower().startswith("content-length:"):
                        length = int(line.split(":", 1)[1])
                body = await reader.readexactly(length)
                self.requests += 1
                self.bodies.append(body)
                if path == "/chunked":
                    writer.write(
                        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                        b"3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"
                    )
                elif path == "/missing":
                    writer.write(b"HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nnot found")
                elif path == "/close":
                    writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
                    await writer.drain()
                    writer.close()
                    return
                else:
                    writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
                await writer.drain()
        except ConnectionError:
            return
        finally:
            writer.close()


def _go(coro_fn: Any) -> Any:
    return run_coroutine(coro_fn)


def test_counts_every_answer_and_non_2xx_by_status_over_kept_alive_connections() -> None:
    async def scenario() -> tuple[Any, TinyServer]:
        server = TinyServer()
        port = await server.start()
        reqs = [
            loadgen.build_request("POST", "/ok", "127.0.0.1", b'{"a": 1}'),
            loadgen.build_request("GET", "/missing", "127.0.0.1"),
        ]
        result = await loadgen.run("127.0.0.1", port, reqs, concurrency=4, duration_s=None, total=200)
        await server.stop()
        return result, server

    result, server = _go(scenario)
    assert result.count == 200 and result.failures == 0
    assert result.errors == {404: 100} and result.ok == 100
    assert result.error_samples[404] == b"not found"
    assert server.requests == 200
    assert server.connections == 4  # keep-alive: one connection per client, reused
    assert b'{"a": 1}' in server.bodies
    assert len(result.latencies_ms) == 200
    assert 0 < result.p50 <= result.p90 <= result.p99 <= result.max
    assert result.throughput == pytest.approx(200 / result.elapsed)


def test_stops_by_time_and_reads_chunked_bodies() -> None:
    async def scenario() -> Any:
        server = TinyServer()
        port = await server.start()
        reqs = [loadgen.build_request("GET", "/chunked", "127.0.0.1")]
        t0 = time.perf_counter()
        result = await loadgen.run("127.0.0.1", port, reqs, concurrency=2, duration_s=0.3, total=None)
        wall = time.perf_counter() - t0
        await server.stop()
        return result, wall

    result, wall = _go(scenario)
    assert 0.3 <= wall < 1.0
    assert result.count > 10 and result.errors == {} and result.failures == 0


def test_reconnects_when_the_server_closes_and_counts_refused_connections() -> None:
    async def scenario() -> tuple[Any, Any, TinyServer]:
        server = TinyServer()
        port = await server.start()
        reqs = [loadgen.build_request("GET", "/close", "127.0.0.1")]
        closing = await loadgen.run("127.0.0.1", port, reqs, concurrency=2, total=20)
        await server.stop()
        refused = await loadgen.run("127.0.0.1", port, reqs, concurrency=1, duration_s=0.05)
        return closing, refused, server

    closing, refused, server = _go(scenario)
    assert closing.count == 20 and closing.failures == 0 and server.connections == 20
    assert refused.count == 0 and refused.failures >= 1


def test_ramp_opens_the_connections_one_after_another() -> None:
    async def scenario() -> tuple[Any, list[float]]:
        server = TinyServer()
        opened: list[float] = []
        serve = server._serve

        async def stamped(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            opened.append(time.perf_counter())
            await serve(reader, writer)

        server._serve = stamped  # type: ignore[method-assign]
        port = await server.start()
        reqs = [loadgen.build_request("GET", "/ok", "127.0.0.1")]
        result = await loadgen.run("127.0.0.1", port, reqs, concurrency=4, duration_s=0.4, ramp_s=0.3)
        await server.stop()
        return result, opened

    result, opened = _go(scenario)
    assert len(opened) == 4 and result.failures == 0
    assert opened[-1] - opened[0] >= 0.2  # the 4th client connects 3/4 of the ramp after the first


def test_a_run_must_stop_by_itself() -> None:
    with pytest.raises(ValueError):
        _go(lambda: loadgen.run("127.0.0.1", 1, [b"x"], concurrency=1))


def test_percentiles_are_nearest_rank() -> None:
    r = loadgen.Result(
        count=100, errors={}, failures=0, elapsed=1.0, latencies_ms=[float(i) for i in range(1, 101)]
    )
    assert (r.p50, r.p90, r.p99, r.max) == (50.0, 90.0, 99.0, 100.0)
