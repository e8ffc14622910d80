"""End-to-end: the pages in a real headless Chromium (Playwright's sync API, the system's /usr/bin/chromium,
never a downloaded browser) against the real service on a small demonstration dataset (`kepil.demo`).

- `demo`: the dataset, built once per run (xdist workers share it: the first builds it under a lock, the
  others reuse it by its stamp);
- `server`: the service on it (`kepil serve --demo` in a process of this worker, on a free port), with
  the demo keys offered on the sign-in page (KEPIL_DEMO_KEYS);
- `browser`: one Chromium per worker; `page`: a fresh context (cookies) per test, whose full-page
  screenshot is saved to test-artifacts/screenshots/ when the test ends, passed or failed; `snap(name)`
  saves one of a page on the way.

Without /usr/bin/chromium the tests fail with the reason (CI must not skip them silently), unless
KEPIL_SKIP_E2E=1 asks to skip them.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from serving import free_port, started

CHROMIUM = Path(os.environ.get("KEPIL_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
E2E_CLAIMS = 20_000
SEED = 7
REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.e2e)


_STARTED = time.time()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Where this run's screenshots are (xdist: the workers saved them, the controller prints this)."""
    if SCREENSHOTS.is_dir() and any(p.stat().st_mtime >= _STARTED for p in SCREENSHOTS.glob("*.png")):
        terminalreporter.write_line(f"e2e screenshots: {SCREENSHOTS}")


@pytest.fixture(scope="session")
def chromium() -> Path:
    if os.environ.get("KEPIL_SKIP_E2E") == "1":
        pytest.skip("KEPIL_SKIP_E2E=1: the end-to-end tests are skipped")
    if not CHROMIUM.is_file():
        pytest.fail(
            f"{CHROMIUM} is missing: the end-to-end tests need the system's Chromium "
            "(`apt-get install chromium`, as root; `./dev test` does it). Set KEPIL_SKIP_E2E=1 to skip them."
        )
    return CHROMIUM


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory, worker_id: str, chromium: Path) -> Any:
    """The small demonstration dataset, built by the first worker and reused by the others."""
    from kepil.demo import build

    root = tmp_path_factory.getbasetemp()
    shared = root if worker_id == "master" else root.parent  # xdist: the run's directory, shared
    directory = shared / "e2e-demo"
    with (shared / "e2e-demo.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            return build(directory, E2E_CLAIMS, SEED)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def server(demo: Any) -> Iterator[str]:
    """The real service (the API and the pages) on the demonstration store, as `kepil serve --demo` runs
    it, in a process of its own (KEPIL_DEMO_KEYS stays out of this process's other tests); its base URL."""
    port = free_port()
    log = demo.dir.parent / f"e2e-server-{port}.log"
    command = [sys.executable, "-m", "kepil", "serve", "--demo", "--demo-dir", str(demo.dir),
               "--host", "127.0.0.1", "--port", str(port), "--no-access-log"]  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    with started(command, base, log, cwd=demo.dir.parent):
        yield base


@pytest.fixture(scope="session")
def browser(chromium: Path) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


def _name(nodeid: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid.split("::", 1)[-1]).strip("_")[:120]


@pytest.fixture
def page(browser: Any, server: str, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A page in a fresh browser context (no cookies) at desktop width, its base URL the service's; its
    full-page screenshot is saved when the test ends, whatever the outcome."""
    context = browser.new_context(base_url=server, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    p = context.new_page()
    try:
        yield p
    finally:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        try:
            p.screenshot(path=str(SCREENSHOTS / f"{_name(request.node.nodeid)}.png"), full_page=True)
        finally:
            context.close()


@pytest.fixture
def snap(request: pytest.FixtureRequest) -> Callable[[Any, str], None]:
    """snap(page, name): a full-page screenshot of the page as it is now."""

    def save(p: Any, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        p.screenshot(path=str(SCREENSHOTS / f"{_name(request.node.nodeid)}--{name}.png"), full_page=True)

    return save


@pytest.fixture
def sign_in(page: Any) -> Callable[[str], Any]:
    """sign_in(role): through the sign-in page's demonstration button of that role; returns the page."""

    def go(role: str, next_path: str = "/") -> Any:
        page.goto(f"/login?next={next_path}")
        page.click(f"button[data-role='{role}']")
        page.wait_for_load_state()
        return page

    return go


def _fill(where: Any, **values: str) -> None:
    for name, value in values.items():
        field = where.locator(f"[name='{name}']")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)


@pytest.fixture
def fill() -> Callable[..., None]:
    """fill(form_locator, name=value, ...): types each value into the form's input of that name (or chooses
    it in a <select>)."""
    return _fill


@pytest.fixture(scope="session")
def about(demo: Any) -> dict[str, Any]:
    """What the dataset holds to try the pages with (an attached IIN, a free one, a claim, ...)."""
    data: dict[str, Any] = json.loads((demo.dir / "about.json").read_text(encoding="utf-8"))
    return data


@pytest.fixture
def analyst_page(browser: Any, server: str) -> Iterator[Callable[..., Any]]:
    """analyst_page(width=1366, height=900, next="/"): a page signed in as the Fund's analyst at that size,
    opened at `next` (a fresh browser context each call, closed after the test)."""
    contexts: list[Any] = []

    def open_page(width: int = 1366, height: int = 900, next: str = "/") -> Any:
        context = browser.new_context(base_url=server, viewport={"width": width, "height": height})
        context.set_default_timeout(10_000)
        contexts.append(context)
        p = context.new_page()
        p.goto(f"/login?next={next}")
        p.click("button[data-role='analyst']")
        p.wait_for_load_state()
        return p

    yield open_page
    for c in contexts:
        c.close()
