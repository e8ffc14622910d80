"""Migrations: `kepil db upgrade` brings a database to the code's schema; the service refuses a stale one."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from kepil.store.db import StoreNotReady, make_engine

MIGRATIONS = Path(__file__).with_name("migrations")


def _config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return cfg


def head() -> str:
    head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    assert head is not None
    return head


def current(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(url_or_engine: str | Engine | None = None, revision: str = "head") -> tuple[str | None, str]:
    """Apply the migrations; returns (revision before, revision after)."""
    own = not isinstance(url_or_engine, Engine)
    engine = url_or_engine if isinstance(url_or_engine, Engine) else make_engine(url_or_engine)
    try:
        before = current(engine)
        cfg = _config(engine)
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
        return before, current(engine) or ""
    finally:
        if own:
            engine.dispose()  # SQLite: the last connection's close folds the WAL into the file


def ensure_current(engine: Engine) -> None:
    """Raise StoreNotReady unless the database is at the head revision."""
    rev = current(engine)
    if rev != head():
        raise StoreNotReady(
            f"the database is at revision {rev or 'none'}, the code needs {head()}: run `kepil db upgrade`"
        )
