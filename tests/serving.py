"""A real `kepil serve` for the tests that need one (schemathesis, start-up under load): a free port, a
temporary SQLite store with an admin key, the process stopped and waited for at the end."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
KEPIL = str(Path(sys.executable).with_name("kepil"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Served:
    url: str
    key: str
    process: subprocess.Popen[bytes]
    log: Path


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=2) as r:
            return bool(r.status == 200)
    except OSError:
        return False


@contextmanager
def started(
    command: list[str],
    url: str,
    log: Path,
    *,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    ready_within: float = 60.0,
) -> Iterator[subprocess.Popen[bytes]]:
    """`command` (a server) running, its output in `log`; yields once `url`/health answers (else fails after
    `ready_within` seconds); stopped and waited for at the end."""
    with open(log, "wb") as out:
        process = subprocess.Popen(command, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + ready_within
        while not healthy(url):
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"the server did not become ready:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def serving(tmp: Path, *args: str, ready_within: float = 60.0) -> Iterator[Served]:
    """`kepil serve ARGS` (default `--no-access-log`) on a new store in `tmp`, with an admin key."""
    db = f"sqlite:///{tmp / 'kepil.db'}"
    env = {**os.environ, "KEPIL_DATABASE_URL": db}
    key = subprocess.run(
        [KEPIL, "keys", "create", "--role", "admin"], env=env, capture_output=True, text=True, check=True
    ).stdout.strip()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [KEPIL, "serve", "--port", str(port), *(args or ("--no-access-log",))]
    log = tmp / "serve.log"
    with started(command, url, log, env=env, ready_within=ready_within) as process:
        yield Served(url, key, process, log)


def run_coroutine(make: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """`asyncio.run(make())` in a thread of its own: a test run earlier in the same worker (the pages'
    Playwright session) may keep an event loop running in the main thread, where asyncio.run() refuses
    to start."""
    import asyncio
    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(make())).result()
