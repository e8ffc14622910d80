"""Shared fixtures: where the seeds and the public cases are."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# Hypothesis' default 200 ms deadline per example measures the machine, not kepil: under a loaded 2-core
# run (two xdist workers, Chromium, Spark, a CPU-hog test) an example of test_i18n_plural took longer and
# failed the suite with DeadlineExceeded. The examples and their number stay each test's own.
settings.register_profile("kepil", deadline=None)
settings.load_profile("kepil")

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("KEPIL_SHARED", REPO.parent / "shared"))
SEEDS = Path(os.environ.get("KEPIL_SEEDS", SHARED / "seeds"))


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"seeds not found at {SEEDS}")
    return SEEDS


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"shared/ not found at {SHARED}")
    return SHARED


# ---------------------------------------------------------------- the store: SQLite and PostgreSQL
PG_URL = os.environ.get("KEPIL_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
STORE_KINDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from kepil.store.migrate import upgrade

    path = tmp_path_factory.mktemp("store") / "template.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def _pg_database(worker_id: str) -> str:
    """A database of this test worker's own on the PostgreSQL server, migrated once; tests empty it."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import OperationalError

    from kepil.store.migrate import upgrade

    # KEPIL_TEST_DB_TAG keeps the databases of test runs started side by side apart.
    name = f"kepil_test_{os.environ.get('KEPIL_TEST_DB_TAG', '')}{worker_id}"
    admin = create_engine(
        PG_URL.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT"
    )
    try:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            c.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as e:
        pytest.fail(
            f"PostgreSQL at {PG_URL} is not reachable ({e.orig}); the store tests need it. Start it with "
            "`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` "
            "or set KEPIL_TEST_PG_URL."
        )
    finally:
        admin.dispose()
    url = PG_URL.rsplit("/", 1)[0] + f"/{name}"
    upgrade(url)
    return url


@pytest.fixture(params=STORE_KINDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A migrated, empty database: a fresh SQLite file, or this worker's PostgreSQL database emptied."""
    if request.param == "sqlite":
        import shutil

        path = tmp_path / "kepil.db"
        shutil.copy(request.getfixturevalue("_sqlite_template"), path)
        return f"sqlite:///{path}"
    from sqlalchemy import text

    from kepil.store.db import make_engine

    url: str = request.getfixturevalue("_pg_database")
    engine = make_engine(url)
    with engine.begin() as c:
        c.execute(
            text(
                "TRUNCATE audit_log, api_keys, attachments, purchase_contracts, providers, "
                "monitoring_defects, monitoring_runs, monitoring_periods_paid, monitoring_summary, "
                "monitoring_worklists, monitoring_worklist_items, stored_reports, fhir_exchanges, "
                "monitoring_claims, monitoring_judged "
                "RESTART IDENTITY CASCADE"
            )
        )
    engine.dispose()
    return url


@pytest.fixture
def store(store_url: str):  # type: ignore[no-untyped-def]
    from kepil.store.db import make_engine

    engine = make_engine(store_url)
    yield engine
    engine.dispose()


class Api:
    """A TestClient of the service on a fresh store, with keys made on demand: `api.as_("admin").get(...)`."""

    def __init__(self, engine) -> None:  # type: ignore[no-untyped-def]
        from fastapi.testclient import TestClient

        from kepil.api.app import create_app
        from kepil.api.auth import forget_keys

        forget_keys()
        self.engine = engine
        self.app = create_app(engine=engine)
        self.client = TestClient(self.app, raise_server_exceptions=False)
        self._keys: dict[tuple[str, str | None], str] = {}

    def key(self, role: str, organisation: str | None = None) -> str:
        from kepil.store.keys import create_key

        if (role, organisation) not in self._keys:
            self._keys[(role, organisation)] = create_key(self.engine, role, organisation)[1]
        return self._keys[(role, organisation)]

    def as_(self, role: str, organisation: str | None = None, lang: str | None = None):  # type: ignore[no-untyped-def]
        from fastapi.testclient import TestClient

        headers = {"Authorization": f"Bearer {self.key(role, organisation)}"}
        if lang:
            headers["Accept-Language"] = lang
        return TestClient(self.app, headers=headers, raise_server_exceptions=False)

    def page_client(self, role: str | None = None, organisation: str | None = None, lang: str | None = None):  # type: ignore[no-untyped-def]
        """A browser-like client of the pages: signed in with a key of `role` (cookie), or not at all."""
        from fastapi.testclient import TestClient

        cookies = {"kepil_key": self.key(role, organisation)} if role else {}
        if lang:
            cookies["kepil_lang"] = lang
        return TestClient(self.app, cookies=cookies, raise_server_exceptions=False, follow_redirects=False)


@pytest.fixture
def api(store) -> Api:  # type: ignore[no-untyped-def]
    return Api(store)


# ---------------------------------------------------------------- the order the files are handed out in
# `--dist loadfile` hands each xdist worker a whole file at a time. With xdist's default order (files with
# the most tests first) the files of one or two long tests (a real server under a CPU hog, Spark, the
# schemathesis run, the FHIR clients) came last, and one worker ran them while the other sat idle. The
# longest files (measured with --durations) go first; a file not listed follows in the default order.
# The order changes no test: each file still runs whole, in its own order, on one worker
# (pyproject: --no-loadscope-reorder keeps this order).
LONGEST_FIRST = (
    "e2e/test_accessibility.py",
    "test_coverage_proof.py",
    "e2e/test_e2e_words.py",
    "test_demo.py",
    "e2e/test_e2e_pages.py",
    "e2e/test_e2e_monitoring_pages.py",
    "test_serve_load.py",
    "e2e/test_e2e_analyst.py",
    "test_payment.py",
    "test_readers_fuzz.py",
    "test_monitoring_engines.py",
    "test_fhir_clients.py",
    "test_web_security.py",
    "test_monitoring_runs.py",
    "test_api_schemathesis.py",
    "test_service_cli.py",
    "test_coverage_batch.py",
    "test_monitoring_summary.py",
    "e2e/test_e2e_monitoring_workflow.py",
    "test_monitoring_rerun.py",
    "test_whatif_cli.py",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).resolve().parent
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    count: dict[str, int] = {}
    names = []
    for item in items:
        path = Path(str(item.fspath)).resolve()
        name = path.relative_to(here).as_posix() if here in path.parents else path.as_posix()
        names.append(name)
        count[name] = count.get(name, 0) + 1
    order = {id(item): (rank.get(n, len(rank)), -count[n], n) for item, n in zip(items, names, strict=True)}
    items.sort(key=lambda item: order[id(item)])  # stable: a file's own order is kept
