"""Engines, transactions and the one error every caller sees when the database cannot be reached."""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import orjson
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from kepil.errors import CommandFailed, KepilError
from kepil.i18n import Text

DEFAULT_URL = "sqlite:///kepil.db"
T = TypeVar("T")
U = TypeVar("U", Session, Connection)


class StoreUnavailable(KepilError):
    """The database did not answer (down, unreachable, refusing connections)."""

    texts = Text(
        "Дерекқор қолжетімсіз; кейінірек қайталаңыз.",
        "База данных недоступна; повторите позже.",
        "The database is unavailable; try again later.",
    )

    def __init__(self, detail: str) -> None:
        super().__init__(f"{self.texts.en} ({detail})")
        self.detail = detail


class StoreNotReady(CommandFailed):
    """The database is reachable but its schema is not at the code's migration (`kepil db upgrade`); the
    message in kk, ru and en."""


def database_url(url: str | None = None) -> str:
    """The given URL, else KEPIL_DATABASE_URL, else an SQLite file kepil.db in the working directory."""
    return url or os.environ.get("KEPIL_DATABASE_URL") or DEFAULT_URL


def _sqlite_setup(engine: Engine) -> None:
    """WAL, a busy timeout and foreign keys; writes take the lock at BEGIN (IMMEDIATE) so two writers
    queue instead of failing half-way with `database is locked`."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # let SQLAlchemy's "begin" event issue BEGIN itself
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        readonly = conn.get_execution_options().get("kepil_readonly", False)
        conn.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")


def _json_dumps(value: Any) -> str:
    """JSON columns are written with orjson (several times faster than json.dumps on the write paths)."""
    return orjson.dumps(value).decode()


def make_engine(url: str | None = None) -> Engine:
    url = database_url(url)
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 30}, json_serializer=_json_dumps
        )
        _sqlite_setup(engine)
        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return create_engine(
        url,
        pool_pre_ping=True,  # a connection that died with the server is replaced, not reused
        pool_size=int(os.environ.get("KEPIL_DB_POOL", "10")),
        max_overflow=20,
        connect_args={"connect_timeout": 5},
        json_serializer=_json_dumps,
    )


@cache
def _sessions(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@cache
def _read_sessions(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine.execution_options(kepil_readonly=True), expire_on_commit=False)


def is_unavailable(e: BaseException) -> bool:
    """A failure to reach the server, as opposed to a statement the server refused."""
    if isinstance(e, DBAPIError) and e.connection_invalidated:
        return True
    return isinstance(e, OperationalError) and not _is_sqlite_lock(e)


def _is_sqlite_lock(e: OperationalError) -> bool:
    return "database is locked" in str(e.orig)


@contextmanager
def _reachable() -> Iterator[None]:
    """A failure to reach the server surfaces as `StoreUnavailable` (503); anything else as it is."""
    try:
        yield
    except DBAPIError as e:
        if is_unavailable(e):
            raise StoreUnavailable(type(e.orig).__name__ if e.orig else type(e).__name__) from e
        raise


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """One unit of work: committed when the block ends, rolled back whole when it raises."""
    with _reachable(), _sessions(engine).begin() as session:
        yield session


@contextmanager
def core_transaction(engine: Engine) -> Iterator[Connection]:
    """`transaction` for SQLAlchemy Core statements (hot write paths), without an ORM session."""
    with _reachable(), engine.begin() as conn:
        yield conn


@contextmanager
def reading(engine: Engine) -> Iterator[Session]:
    """A read-only session (no audit, no commit)."""
    with _reachable(), _read_sessions(engine)() as session:
        yield session


def retrying(
    engine: Engine,
    work: Callable[[U], T],
    attempts: int = 8,
    unit: Callable[[Engine], AbstractContextManager[U]] = transaction,  # type: ignore[assignment]
) -> T:
    """Run `work` in a transaction (`unit`: an ORM `transaction` or a `core_transaction`); when a
    concurrent writer won a unique constraint (e.g. the one current attachment per IIN), run it again,
    after a short random pause, on the state that writer left."""
    for attempt in range(attempts):
        try:
            with unit(engine) as tx:
                return work(tx)
        except IntegrityError:
            if attempt == attempts - 1:
                raise
            time.sleep(random.uniform(0, 0.005 * (attempt + 1)))
    raise AssertionError("unreachable")
