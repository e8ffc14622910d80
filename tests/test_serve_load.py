"""`kepil serve --workers 2` starts on a busy machine (issue 14): under a CPU hog of several busy processes
per core, each worker's start (a spawned interpreter importing the command and the application) takes far
longer than uvicorn's 5-second health check; kepil gives the workers WORKER_STARTUP_SECONDS, so both come
up and the server answers, and no worker is killed and restarted for being slow."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from serving import serving

HOG = "while True: pass"


def test_several_workers_start_as_uvicorns_own_command_with_a_long_health_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a worker imports before it can answer the health check is uvicorn's main module (the process
    becomes `python -m uvicorn`), and the check waits WORKER_STARTUP_SECONDS, not uvicorn's 5."""
    from kepil.cli import serve as serve_mod

    called: list[list[str]] = []

    def execv(path: str, argv: list[str]) -> None:
        called.append(argv)
        raise SystemExit(0)

    for name, value in (("KEPIL_DATABASE_URL", ""), ("POLARS_MAX_THREADS", "2"), ("KEPIL_DEMO_KEYS", "")):
        monkeypatch.setenv(name, value)  # serve() sets them for the server it starts: restored after
    monkeypatch.setattr(serve_mod.os, "execv", execv)
    monkeypatch.setattr(serve_mod, "check_port", lambda host, port: None)
    with pytest.raises(SystemExit):
        serve_mod.serve(f"sqlite:///{tmp_path / 'k.db'}", workers=2)
    argv = called[0]
    assert argv[1:4] == ["-m", "uvicorn", "kepil.api.asgi:app"]
    assert f"--timeout-worker-healthcheck={serve_mod.WORKER_STARTUP_SECONDS}" in argv
    assert serve_mod.WORKER_STARTUP_SECONDS >= 60 and argv[argv.index("--workers") + 1] == "2"


@pytest.mark.slow
def test_two_workers_start_under_a_cpu_hog(tmp_path: Path) -> None:
    hogs = [subprocess.Popen([sys.executable, "-c", HOG]) for _ in range(2 * (os.cpu_count() or 2))]
    try:
        with serving(tmp_path, "--workers", "2", "--no-access-log", ready_within=300) as server:
            deadline = time.monotonic() + 300
            while server.log.read_text().count("Application startup complete") < 2:  # both workers
                assert "died" not in server.log.read_text(), server.log.read_text()[-3000:]
                assert time.monotonic() < deadline, server.log.read_text()[-3000:]
                time.sleep(0.5)
            log = server.log.read_text()
    finally:
        for hog in hogs:
            hog.kill()
        for hog in hogs:
            hog.wait()
    assert "died" not in log and "Terminated child" not in log, log[-3000:]
    assert log.count("Started server process") == 2, log[-3000:]
