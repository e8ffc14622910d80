"""A small HTTP/1.1 keep-alive load generator on raw asyncio streams (for benchmarks/service.py).

Requests are pre-encoded bytes (`build_request`); each of `concurrency` connections sends one, reads the
status line, the headers and a Content-Length (or chunked) body, records the latency and sends the next —
no HTTP client library on the path, so that one Python process can load a server on the same machine.

    result = await run("127.0.0.1", 8000, [build_request("POST", "/x", "127.0.0.1", b"{}")], 32, 10.0, None)
    print(result.throughput, result.p99)
"""

from __future__ import annotations

import asyncio
import itertools
import math
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field


@dataclass
class Result:
    """What one run did. `count` counts every answered request (2xx or not); `errors` the non-2xx ones by
    status; `failures` the requests that got no answer (connection refused, reset, malformed reply)."""

    count: int
    errors: dict[int, int]
    failures: int
    elapsed: float
    latencies_ms: list[float] = field(repr=False)  # sorted, one per answered request
    error_samples: dict[int, bytes] = field(default_factory=dict, repr=False)  # first body per status

    @property
    def ok(self) -> int:
        return self.count - sum(self.errors.values())

    @property
    def throughput(self) -> float:
        """Answered requests per second."""
        return self.count / self.elapsed if self.elapsed > 0 else 0.0

    def percentile(self, q: float) -> float:
        """The nearest-rank `q`-th percentile latency in ms (0 when nothing was answered)."""
        if not self.latencies_ms:
            return 0.0
        rank = max(1, math.ceil(q / 100 * len(self.latencies_ms)))
        return self.latencies_ms[rank - 1]

    @property
    def p50(self) -> float:
        return self.percentile(50)

    @property
    def p90(self) -> float:
        return self.percentile(90)

    @property
    def p99(self) -> float:
        return self.percentile(99)

    @property
    def max(self) -> float:
        return self.latencies_ms[-1] if self.latencies_ms else 0.0


def build_request(
    method: str,
    path: str,
    host: str,
    body: bytes | None = None,
    headers: Mapping[str, str] | None = None,
    content_type: str = "application/json",
) -> bytes:
    """One complete HTTP/1.1 keep-alive request as bytes."""
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}"]
    for name, value in (headers or {}).items():
        lines.append(f"{name}: {value}")
    if body is not None:
        lines.append(f"Content-Type: {content_type}")
        lines.append(f"Content-Length: {len(body)}")
    head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
    return head + (body or b"")


class BadResponse(Exception):
    """The server's bytes are not an HTTP/1.1 response this generator understands."""


# A request these end gets no answer: counted in `failures`, the connection is opened again.
_NO_ANSWER = (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, BadResponse, ValueError)


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bytes, bool]:
    """(status, body, keep_alive) of one response."""
    head = await reader.readuntil(b"\r\n\r\n")
    status_line, _, header_block = head.partition(b"\r\n")
    parts = status_line.split(b" ", 2)
    if len(parts) < 2 or not parts[0].startswith(b"HTTP/1."):
        raise BadResponse(status_line[:80].decode("latin-1"))
    status = int(parts[1])
    length: int | None = None
    chunked = False
    keep_alive = parts[0] == b"HTTP/1.1"
    for line in header_block.split(b"\r\n"):
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding":
            chunked = b"chunked" in value.lower()
        elif name == b"connection":
            v = value.strip().lower()
            keep_alive = v == b"keep-alive" or (keep_alive and v != b"close")
    if chunked:
        pieces = []
        while True:
            size_line = await reader.readuntil(b"\r\n")
            size = int(size_line.split(b";", 1)[0], 16)
            if size == 0:
                while (await reader.readuntil(b"\r\n")) != b"\r\n":  # trailers
                    pass
                break
            pieces.append(await reader.readexactly(size))
            await reader.readexactly(2)
        return status, b"".join(pieces), keep_alive
    if length is None:
        if status in (204, 304) or 100 <= status < 200:
            return status, b"", keep_alive
        return status, await reader.read(), False  # body until close
    return status, await reader.readexactly(length), keep_alive


async def run(
    host: str,
    port: int,
    requests: Sequence[bytes],
    concurrency: int,
    duration_s: float | None = None,
    total: int | None = None,
    ramp_s: float = 0.0,
) -> Result:
    """Send `requests` round-robin over `concurrency` keep-alive connections until `duration_s` has passed
    or `total` requests were sent (whichever comes first; at least one must be given). With `ramp_s` the
    connections open one after another over that time (clients arriving) instead of all at once; the
    elapsed time and `duration_s` count from the first."""
    if not requests:
        raise ValueError("no requests")
    if duration_s is None and total is None:
        raise ValueError("give duration_s or total: a load run must stop by itself")
    if concurrency < 1:
        raise ValueError("concurrency must be at least 1")
    issued = itertools.count()
    n_requests = len(requests)
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    samples: dict[int, bytes] = {}
    failures = 0
    start = time.perf_counter()
    deadline = start + duration_s if duration_s is not None else math.inf
    limit = total if total is not None else math.inf
    perf = time.perf_counter

    async def worker(k: int) -> None:
        nonlocal failures
        reader: asyncio.StreamReader | None = None
        writer: asyncio.StreamWriter | None = None
        if ramp_s > 0 and k:
            await asyncio.sleep(ramp_s * k / concurrency)
        try:
            while True:
                i = next(issued)
                if i >= limit or perf() >= deadline:
                    return
                if writer is None:
                    try:
                        reader, writer = await asyncio.open_connection(host, port)
                    except OSError:
                        failures += 1
                        await asyncio.sleep(0.01)
                        continue
                assert reader is not None
                t0 = perf()
                try:
                    writer.write(requests[i % n_requests])
                    status, body, keep_alive = await read_response(reader)
                except _NO_ANSWER:
                    failures += 1
                    writer.close()
                    reader = writer = None
                    continue
                latencies.append((perf() - t0) * 1000.0)
                statuses[status] += 1
                if not 200 <= status < 300 and status not in samples:
                    samples[status] = body[:2000]
                if not keep_alive:
                    writer.close()
                    reader = writer = None
        finally:
            if writer is not None:
                writer.close()

    await asyncio.gather(*(worker(k) for k in range(concurrency)))
    elapsed = perf() - start
    latencies.sort()
    errors = {s: c for s, c in sorted(statuses.items()) if not 200 <= s < 300}
    return Result(
        count=len(latencies),
        errors=errors,
        failures=failures,
        elapsed=elapsed,
        latencies_ms=latencies,
        error_samples=samples,
    )
