"""Service benchmark (issue 4): kepil over HTTP on this machine, loopback only. One command:

    .venv/bin/python benchmarks/service.py [--workers 2] [--seconds 10] [--concurrency 32]
                                           [--database-url URL] [--pg-url URL] [--only single,batch,attach]

It upgrades a database, creates keys (`kepil db upgrade`, `kepil keys create`), starts `kepil serve` as a
child process and loads it with benchmarks/loadgen.py from this process:

(a) single decisions: `POST /v1/coverage/decisions`, a pool of 10,000 distinct synthetic requests
    (kepil.coverage.synthetic, 1 % deliberately invalid) over --concurrency keep-alive connections for
    --seconds; target ≥ 1,000 decisions/s with p99 ≤ 50 ms at 32 clients;
(b) batch: `POST /v1/coverage/decisions:batch` with arrays of 10,000 requests over --batch-concurrency
    connections; decisions/s = requests decided / elapsed; target ≥ 50,000/s;
(c) attachment writes on PostgreSQL: a fresh database `kepil_bench_<pid>` on --pg-url, 50 PHC organisations
    with a PHC purchase contract, then `POST /v1/attachments` by each organisation's registrar: new IINs
    (free choice within the organisation's ATU) and 10 % re-attachments of an IIN to another organisation
    of the same ATU, over --attach-concurrency connections; target ≥ 300 writes/s. The database is dropped
    afterwards.

(a) and (b) run on --database-url (default: a fresh SQLite file in a temporary directory): neither touches
the database after the key is verified once. The clients connect over --ramp seconds (default 1): all at
once, uvicorn's workers may not share them (docs/service-benchmarks.md). The figures are printed beside
their targets with the CPU each side used; the exit code is 0 whatever they are (1 only when the benchmark
itself could not run). docs/service-benchmarks.md has the figures measured and what they showed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import math
import os
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))

from loadgen import Result, build_request, run

HOST = "127.0.0.1"
DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/postgres"
# One database per run: two runs at once (two people on one machine) must not drop each other's.
BENCH_DB = f"kepil_bench_{os.getpid()}"
BATCH_SIZE = 10_000
# Answers that are decisions of the contract: 200, and the contract's error objects for a request that is
# invalid (422) or dated outside the acts (409). Anything else (401, 500, ...) is an error of the service.
DECIDED = frozenset({200, 409, 422})
console = Console(width=max(Console().width, 150))


# ---------------------------------------------------------------------------------------------- the server
def kepil(*args: str) -> str:
    """Run a kepil command; its stdout (the key, for `keys create`)."""
    r = subprocess.run([sys.executable, "-m", "kepil", *args], capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"kepil {' '.join(args[:2])} failed ({r.returncode}):\n{r.stderr}{r.stdout}")
    return r.stdout.strip()


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Server:
    port: int
    process: subprocess.Popen[bytes]
    log: Path


@contextlib.contextmanager
def serving(
    url: str, workers: int, log: Path, ready_timeout: float = 60.0, env: dict[str, str] | None = None
) -> Iterator[Server]:
    """`kepil serve` in its own process group, until the block ends (normally, on error or on Ctrl-C);
    `env`: variables added to this process's environment for the server."""
    port = free_port()
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "kepil", "serve", "--host", HOST, "--port", str(port),
             "--workers", str(workers), "--database-url", url, "--no-access-log"],
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            env={**os.environ, **(env or {})},
        )  # fmt: skip
    server = Server(port, process, log)
    try:
        wait_healthy(server, ready_timeout)
        yield server
    finally:
        stop(process)


def wait_healthy(server: Server, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise SystemExit(f"kepil serve exited ({server.process.returncode}):\n{tail(server.log)}")
        try:
            with urllib.request.urlopen(f"http://{HOST}:{server.port}/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"kepil serve did not answer /health in {timeout:.0f} s:\n{tail(server.log)}")


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the server's own process group (uvicorn's supervisor and its workers), then SIGKILL."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


def tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def processes_cpu(pgid: int | None = None, name: str | None = None) -> dict[int, float]:
    """CPU seconds (user + system) used so far by each live process of process group `pgid`, or named
    `name` (Linux /proc; nothing elsewhere)."""
    out: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        comm, _, rest = text.partition(" (")[2].rpartition(")")
        fields = rest.split()  # state, ppid, pgrp, ...; utime and stime are fields 11 and 12
        if (pgid is not None and int(fields[2]) == pgid) or (name is not None and comm == name):
            out[int(stat.parent.name)] = (int(fields[11]) + int(fields[12])) / tick
    return out


def machine_cpu() -> float:
    """CPU seconds all processes of the machine used so far (/proc/stat: every state but idle and iowait)."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except OSError:
        return 0.0
    busy = sum(fields) - fields[3] - fields[4] - sum(fields[8:])  # guest time is already in user
    return busy / os.sysconf("SC_CLK_TCK")


def background(seconds: float = 2.0) -> float:
    """Cores the rest of the machine keeps busy while this benchmark waits (before it starts anything)."""
    m0, c0 = machine_cpu(), self_cpu()
    time.sleep(seconds)
    return max(0.0, (machine_cpu() - m0 - (self_cpu() - c0)) / seconds)


def calibrate() -> float:
    """Milliseconds this machine takes for a fixed piece of pure-Python work (best of five): on the shared
    2-core machine the same code ran up to twice as slow at some hours as at others, with no other process
    busy, so each report says how fast the machine was."""
    best = math.inf
    for _ in range(5):
        t0 = time.perf_counter()
        acc = 0
        for i in range(300_000):
            acc = (acc + i * i) % 1_000_003
        best = min(best, time.perf_counter() - t0)
    return best * 1000


def self_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


@dataclass
class Load:
    result: Result
    client_cores: float  # CPU the load generator used, in cores (1.0 = one core busy all the run)
    server_cores: float  # CPU kepil serve (all its processes) used, in cores
    per_process: list[float]  # the same per process, busiest first (uvicorn's supervisor is the idle one)
    postgres_cores: float  # CPU of the processes named postgres (the PostgreSQL server, all databases)
    other_cores: float  # CPU everything else on the machine used meanwhile (other people's work)


def load(port: int, reqs: Sequence[bytes], concurrency: int, seconds: float | None, total: int | None,
         server: int | None = None, ramp: float = 0.0) -> Load:  # fmt: skip
    """Run the load generator (on uvloop when installed); `server`: the server's process group, whose CPU
    is measured; `ramp`: seconds over which the connections open (loadgen.run)."""
    c0, m0 = self_cpu(), machine_cpu()
    s0, p0 = (processes_cpu(server) if server else {}), processes_cpu(name="postgres")
    try:
        import uvloop

        result = uvloop.run(run(HOST, port, list(reqs), concurrency, seconds, total, ramp))
    except ImportError:
        result = asyncio.run(run(HOST, port, list(reqs), concurrency, seconds, total, ramp))
    c1, m1 = self_cpu(), machine_cpu()
    s1, p1 = (processes_cpu(server) if server else {}), processes_cpu(name="postgres")
    wall = max(result.elapsed, 1e-9)
    per = sorted(((t - s0.get(pid, 0.0)) / wall for pid, t in s1.items()), reverse=True)
    pg = sum(t - p0.get(pid, 0.0) for pid, t in p1.items()) / wall
    client, srv = (c1 - c0) / wall, sum(per)
    return Load(result, client, srv, per, pg, max(0.0, (m1 - m0) / wall - client - srv - pg))


def http(port: int, method: str, path: str, key: str, body: Any) -> tuple[int, Any]:
    """One request through the load generator's own reader (for the set-up calls)."""
    req = build_request(method, path, HOST, orjson.dumps(body), {"Authorization": f"Bearer {key}"})

    async def once() -> tuple[int, bytes]:
        from loadgen import read_response

        reader, writer = await asyncio.open_connection(HOST, port)
        writer.write(req)
        status, data, _ = await read_response(reader)
        writer.close()
        return status, data

    status, data = asyncio.run(once())
    return status, orjson.loads(data) if data else None


# ------------------------------------------------------------------------------------------- the requests
def coverage_requests(n: int, seed: int) -> list[dict[str, Any]]:
    """`n` distinct synthetic coverage requests as the contract's nested JSON (as benchmarks/coverage.py)."""
    from kepil.coverage import columns as C
    from kepil.coverage.synthetic import requests

    return [C.raw_request(r) for r in C.typed(requests(n, seed=seed)).iter_rows(named=True)]


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


# ------------------------------------------------------------------------------------------------ figures
@dataclass
class Figure:
    name: str
    value: float
    unit: str
    target: str
    passed: bool
    detail: str
    load: Load | None = None  # the measured run (benchmarks/run.py reads the server's CPU from it)


def decided(result: Result) -> int:
    return sum(c for s, c in result.errors.items() if s in DECIDED) + result.ok


def unexpected(result: Result) -> dict[int, int]:
    return {s: c for s, c in result.errors.items() if s not in DECIDED}


def problems(result: Result, allowed: frozenset[int] = DECIDED) -> str:
    """`; errors: ...` naming the statuses outside `allowed` and requests without answer; empty if none."""
    bad = {s: c for s, c in result.errors.items() if s not in allowed}
    parts = [f"{c:,}× HTTP {s}" for s, c in bad.items()]
    if result.failures:
        parts.append(f"{result.failures:,} without answer")
    if bad:
        first = min(bad)
        parts.append(f"first {first}: {result.error_samples.get(first, b'')[:200]!r}")
    return f"; errors: {'; '.join(parts)}" if parts else ""


def cpu(run: Load, done: float, with_postgres: bool = False) -> str:
    """Where the CPU went, and `done` (decisions, writes) per CPU-second of the server (and PostgreSQL):
    the figure that holds when other work shares the machine."""
    per = f" ({' + '.join(f'{c:.2f}' for c in run.per_process)})" if len(run.per_process) > 1 else ""
    used = (run.server_cores + (run.postgres_cores if with_postgres else 0.0)) * run.result.elapsed
    return (
        f"CPU in cores: server {run.server_cores:.2f}{per}, load generator {run.client_cores:.2f}, "
        f"PostgreSQL {run.postgres_cores:.2f}, other processes {run.other_cores:.2f}; "
        f"{done / used if used else 0:,.0f} per CPU-second of the server"
        + (" and PostgreSQL" if with_postgres else "")
    )


def bench_single(server: Server, key: str, args: argparse.Namespace) -> list[Figure]:
    pool = coverage_requests(10_000, seed=404)
    reqs = [build_request("POST", "/v1/coverage/decisions", HOST, orjson.dumps(r), auth(key)) for r in pool]
    load(server.port, reqs[:2000], args.concurrency, 5.0, 2000)  # warm every worker (key cache, rule caches)
    measured = load(server.port, reqs, args.concurrency, args.seconds, None, server.process.pid, args.ramp)
    r = measured.result
    n = decided(r)
    rate = n / r.elapsed
    shares = ", ".join(f"{s}: {c:,}" for s, c in sorted({200: r.ok, **r.errors}.items()))
    detail = (
        f"{n:,} decided in {r.elapsed:.1f} s at {args.concurrency} clients ({shares}); "
        f"latency p50 {r.p50:.1f} / p90 {r.p90:.1f} / p99 {r.p99:.1f} / max {r.max:.1f} ms; "
        f"{cpu(measured, n)}"
    )
    detail += problems(r)
    return [
        Figure(
            "single decisions/s", rate, "/s", "≥ 1,000", rate >= 1000 and not unexpected(r), detail, measured
        ),
        Figure("single decision p99", r.p99, "ms", "≤ 50 ms", r.p99 <= 50, f"at {args.concurrency} clients"),
    ]


def bench_batch(server: Server, key: str, args: argparse.Namespace, arrow_too: bool = True) -> list[Figure]:
    """The JSON batch (issue 4's figure and issue 17's), then the same requests as Arrow IPC streams (the
    columnar body for bulk integrations; what JSON's parsing and encoding cost beside it). The three arrays
    are sent over and over: from the fourth call on, every fact combination is in the worker's memo
    (`kepil.engine.memo`) — a stream whose facts repeat; a server with `KEPIL_COVERAGE_MEMO_ROWS=0` gives
    the other end, facts never seen before."""
    pool = coverage_requests(3 * BATCH_SIZE, seed=505)
    bodies = [orjson.dumps(pool[i : i + BATCH_SIZE]) for i in range(0, len(pool), BATCH_SIZE)]
    json_figure = _batch_figure(server, key, args, bodies, "application/json", "batch decisions/s")
    if not arrow_too:
        return [json_figure]
    streams = arrow_streams(3 * BATCH_SIZE, BATCH_SIZE, seed=505)  # the same requests
    arrow = _batch_figure(server, key, args, streams, ARROW, "batch decisions/s, Arrow IPC body and answer")
    assert arrow.load is not None
    arrow.target = "— (beside JSON)"
    arrow.passed = arrow.load.result.ok > 0 and not problems(arrow.load.result, frozenset({200}))
    return [json_figure, arrow]


ARROW = "application/vnd.apache.arrow.stream"


def arrow_streams(n: int, size: int, seed: int) -> list[bytes]:
    """`coverage_requests(n, seed)`'s requests, `size` at a time, as Arrow IPC streams of dotted columns."""
    import pyarrow as pa

    from kepil.coverage.synthetic import requests

    out, frame = [], requests(n, seed=seed)
    for start in range(0, n, size):
        table = frame.slice(start, size).to_arrow()
        sink = pa.BufferOutputStream()
        with pa.ipc.new_stream(sink, table.schema) as writer:
            writer.write_table(table)
        out.append(bytes(sink.getvalue().to_pybytes()))
    return out


def _batch_figure(
    server: Server, key: str, args: argparse.Namespace, bodies: list[bytes], media: str, name: str
) -> Figure:
    headers = {**auth(key), "Accept": media}
    path = "/v1/coverage/decisions:batch"
    reqs = [build_request("POST", path, HOST, b, headers, content_type=media) for b in bodies]
    load(server.port, reqs, args.batch_concurrency, None, 2 * args.workers)  # warm
    measured = load(
        server.port, reqs, args.batch_concurrency, args.seconds, None, server.process.pid, args.ramp
    )
    r = measured.result
    rate = r.ok * BATCH_SIZE / r.elapsed
    mb = sum(len(b) for b in bodies) / len(bodies) / 1e6
    detail = (
        f"{r.ok:,} arrays of {BATCH_SIZE:,} ({mb:.1f} MB each) in {r.elapsed:.1f} s over "
        f"{args.batch_concurrency} connections; per array p50 {r.p50:.0f} / p99 {r.p99:.0f} ms; "
        f"server CPU per decision {batch_cpu_us(measured):.1f} µs; {cpu(measured, r.ok * BATCH_SIZE)}"
    )
    detail += problems(r, frozenset({200}))
    return Figure(name, rate, "/s", "≥ 50,000", rate >= 50_000 and r.ok > 0, detail, measured)


def batch_cpu_us(measured: Load) -> float:
    """CPU µs of the server (all its processes) per decision of the batch's measured run (issue 17's
    figure: within 2× of the CLI batch's CPU per decision)."""
    decisions = measured.result.ok * BATCH_SIZE
    return measured.server_cores * measured.result.elapsed / max(decisions, 1) * 1e6


def coverage_phase(args: argparse.Namespace, workdir: Path, parts: set[str]) -> list[Figure]:
    url = args.database_url or f"sqlite:///{workdir / 'kepil.db'}"
    kepil("db", "upgrade", "--database-url", url)
    key = kepil("keys", "create", "--role", "analyst", "--label", "benchmark", "--database-url", url)
    figures: list[Figure] = []
    with serving(url, args.workers, workdir / "serve-coverage.log") as server:
        console.print(f"[dim]coverage: kepil serve on :{server.port}, {args.workers} worker(s), {url}[/]")
        if "single" in parts:
            figures += bench_single(server, key, args)
        if "batch" in parts:
            figures += bench_batch(server, key, args)
    return figures


# ------------------------------------------------------------------------------ attachments (PostgreSQL)
ATUS = ("astana-esil", "astana-almaty", "astana-saryarka", "astana-baikonyr", "astana-nura")
ORGS = 50
FIRST_DATE = dt.date(2026, 5, 4)
MOVE_DATE = dt.date(2026, 6, 1)
REATTACH_EVERY = 10  # one request in ten re-attaches an IIN attached earlier in the run
REATTACH_LAG = 500  # ... attached this many requests earlier (long answered at 16 clients)


def org_id(i: int) -> str:
    return f"PHC-BENCH-{i:02d}"


def provider(i: int) -> dict[str, Any]:
    return {
        "id": org_id(i),
        "name": f"Benchmark polyclinic {i}",
        "region": "astana",
        "atu": ATUS[i % len(ATUS)],
        "rural": False,
        "phc": True,
        "palliative": False,
        "mis_integrated": True,
        "licence_number": f"KZ{i:08d}",
        "gp_positions": 40,
        "border_neighbour_atus": [],
    }


def attachment(iin: str, org: int, on: dt.date) -> dict[str, Any]:
    """A free-choice application within the organisation's ATU (`phc-attachment-rules` 10.2, 8) by the person.
    The channel is left to its default: free choice goes through the e-government portal (11), where no
    paper is presented (appendix row 8, item 2); the identity document is listed all the same."""
    return {
        "iin": iin,
        "organisation_id": org_id(org),
        "ground": "free_choice",
        "date": on.isoformat(),
        "person_category": "citizen",
        "residence_atu": ATUS[org % len(ATUS)],
        "documents": ["identity_document"],
    }


def attachment_requests(n: int, keys: dict[int, str]) -> tuple[list[bytes], int]:
    """`n` requests in sending order: new adult IINs round the organisations, and every REATTACH_EVERY-th
    one re-attaches the IIN first attached REATTACH_LAG requests before to the next organisation of its ATU.
    Returns (requests, how many are re-attachments)."""
    from kepil.reference.iin import make_iin

    out: list[bytes] = []
    firsts: list[tuple[str, int]] = []
    reattached = 0
    born = dt.date(1960, 1, 1)
    serial = 0
    for i in range(n):
        if i % REATTACH_EVERY == REATTACH_EVERY - 1 and len(firsts) > REATTACH_LAG:
            iin, org = firsts[len(firsts) - REATTACH_LAG]
            other = (org + len(ATUS)) % ORGS  # the same ATU: org % len(ATUS) is kept
            body = attachment(iin, other, MOVE_DATE)
            reattached += 1
            key = keys[other]
        else:
            iin = make_iin(born + dt.timedelta(days=serial % 14_000), "male" if serial % 2 else "female",
                           serial // 14_000)  # fmt: skip
            serial += 1
            org = len(firsts) % ORGS
            firsts.append((iin, org))
            body = attachment(iin, org, FIRST_DATE)
            key = keys[org]
        out.append(build_request("POST", "/v1/attachments", HOST, orjson.dumps(body), auth(key)))
    return out, reattached


@contextlib.contextmanager
def fresh_database(pg_url: str) -> Iterator[str]:
    """A new database BENCH_DB on the server of `pg_url`, dropped when the block ends."""
    import psycopg
    from sqlalchemy.engine import make_url

    admin = make_url(pg_url)
    bench = admin.set(database=BENCH_DB).render_as_string(hide_password=False)
    conninfo = admin.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as c:
        c.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        c.execute(f"CREATE DATABASE {BENCH_DB}")
    try:
        yield bench
    finally:
        with psycopg.connect(conninfo, autocommit=True) as c:
            c.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")


def attachment_phase(args: argparse.Namespace, workdir: Path) -> list[Figure]:
    from kepil.store.db import make_engine
    from kepil.store.keys import create_key

    with fresh_database(args.pg_url) as url:
        kepil("db", "upgrade", "--database-url", url)
        admin = kepil("keys", "create", "--role", "admin", "--label", "benchmark", "--database-url", url)
        with serving(url, args.workers, workdir / "serve-pg.log") as server:
            console.print(
                f"[dim]attachments: kepil serve on :{server.port}, {args.workers} worker(s), {url}[/]"
            )
            for i in range(ORGS):
                status, out = http(server.port, "PUT", f"/v1/providers/{org_id(i)}", admin, provider(i))
                if status not in (200, 201):
                    raise SystemExit(f"PUT provider {org_id(i)}: {status} {out}")
                contract = {"number": f"PHC-2026-{i:02d}", "start": "2026-01-01", "end": "2026-12-31",
                            "care_kinds": ["phc"], "sum_tiyn": 250_000_000_000}  # fmt: skip
                status, out = http(
                    server.port, "POST", f"/v1/providers/{org_id(i)}/contracts", admin, contract
                )
                if status != 201:
                    raise SystemExit(f"POST contract of {org_id(i)}: {status} {out}")
            engine = make_engine(url)
            keys = {i: create_key(engine, "registrar", org_id(i), "benchmark")[1] for i in range(ORGS)}
            engine.dispose()
            # enough distinct IINs that the run never wraps round (a repeated first attachment would be a
            # re-attachment dated before the current one: 422)
            n = max(20_000, int(args.seconds * 3000))
            reqs, _ = attachment_requests(n, keys)
            warm = 200 * args.workers
            load(server.port, reqs[:warm], args.attach_concurrency, 10.0, warm)
            measured = load(server.port, reqs[warm:], args.attach_concurrency, args.seconds, None,
                            server.process.pid, args.ramp)  # fmt: skip
            r = measured.result
    rate = r.ok / r.elapsed
    reattached = sum(1 for i in range(warm, warm + r.count) if i % REATTACH_EVERY == REATTACH_EVERY - 1)
    detail = (
        f"{r.ok:,} attachments (≈ {reattached:,} re-attachments) in {r.elapsed:.1f} s at "
        f"{args.attach_concurrency} clients; p50 {r.p50:.1f} / p90 {r.p90:.1f} / p99 {r.p99:.1f} / "
        f"max {r.max:.1f} ms; {cpu(measured, r.ok, True)}"
    )
    detail += problems(r, frozenset({201}))
    ok = rate >= 300 and not r.errors and not r.failures
    return [
        Figure("attachment writes/s (PostgreSQL)", rate, "/s", "≥ 300", ok, detail),
        Figure(
            "attachment write p99", r.p99, "ms", "(reported)", True, f"at {args.attach_concurrency} clients"
        ),
    ]


# ------------------------------------------------------------------------------------------------- report
def report(figures: list[Figure], args: argparse.Namespace, idle: float, speed: float) -> None:
    table = Table(
        title=f"kepil service benchmark — {dt.date.today()}, {os.cpu_count()} cores, loopback, "
        f"kepil serve --workers {args.workers}; other processes busy before the run: {idle:.2f} cores; "
        f"calibration loop {speed:.1f} ms",
        show_lines=True,
    )
    table.add_column("figure")
    table.add_column("measured", justify="right")
    table.add_column("target", justify="right")
    table.add_column("", justify="center")
    table.add_column("how", overflow="fold", max_width=70)
    for f in figures:
        value = f"{f.value:,.0f} {f.unit}" if f.unit == "/s" else f"{f.value:,.1f} {f.unit}"
        verdict = "[green]PASS[/]" if f.passed else "[bold red]FAIL[/]"
        if f.target.startswith("("):
            verdict = ""
        table.add_row(f.name, value, f.target, verdict, f.detail)
    console.print(table)


def _interrupted(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--database-url", help="for the coverage figures (default: a fresh SQLite file)")
    ap.add_argument(
        "--pg-url", default=DEFAULT_PG, help=f"PostgreSQL server for the attachments ({DEFAULT_PG})"
    )
    ap.add_argument(
        "--only", default="single,batch,attach", help="parts to run (default: single,batch,attach)"
    )
    ap.add_argument("--workers", type=int, default=2, help="kepil serve --workers (default 2)")
    ap.add_argument("--seconds", type=float, default=10.0, help="each measured run (default 10)")
    ap.add_argument("--concurrency", type=int, default=32, help="clients for single decisions (default 32)")
    ap.add_argument("--batch-concurrency", type=int, default=4, help="clients for the batch (default 4)")
    ap.add_argument("--attach-concurrency", type=int, default=16, help="clients for attachments (default 16)")
    ramp_help = "seconds over which the clients connect (default 1; 0 = all at once, see the docs)"
    ap.add_argument("--ramp", type=float, default=1.0, help=ramp_help)
    args = ap.parse_args(argv)
    signal.signal(signal.SIGTERM, _interrupted)  # stop the server and drop the database on kill too
    figures: list[Figure] = []
    idle, speed = background(), calibrate()
    console.print(
        f"[dim]before the run, other processes keep {idle:.2f} of {os.cpu_count()} cores busy; "
        f"calibration loop {speed:.1f} ms (lower is faster)[/]"
    )
    if idle > 0.25:
        console.print("[yellow]the machine is not idle: the figures will be lower than on a quiet machine[/]")
    with tempfile.TemporaryDirectory(prefix="kepil-bench-") as d:
        workdir = Path(d)
        try:
            parts = set(args.only.split(","))
            if parts & {"single", "batch"}:
                figures += coverage_phase(args, workdir, parts)
            if "attach" in parts:
                figures += attachment_phase(args, workdir)
        except KeyboardInterrupt:
            console.print("[yellow]interrupted: the server was stopped; figures so far:[/]")
        finally:
            if figures:
                report(figures, args, idle, speed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
