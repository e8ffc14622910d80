"""Shared fixtures: where the seeds and the public cases are."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

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
