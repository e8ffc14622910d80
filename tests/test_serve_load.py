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


@pytest.mark.slow
def test_two_workers_start_under_a_cpu_hog(tmp_path: Path) -> None:
    hogs = [subprocess.Popen([sys.executable, "-c", HOG]) for _ in range(3 * (os.cpu_count() or 2))]
    try:
        with serving(tmp_path, "--workers", "2", "--no-access-log", ready_within=240) as server:
            deadline = time.monotonic() + 240
            while server.log.read_text().count("Application startup complete") < 2:  # both workers
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
