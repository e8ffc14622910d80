"""Migrations: `kepil db upgrade` brings a database to the code's schema; the service refuses a stale one.

`open_store` is how every command opens the store: the embedded default (SQLite) is created and migrated
on first use; PostgreSQL is migrated only by `kepil db upgrade` (an operator's decision); a store at an older
revision is refused with the command that fixes it; a server that cannot be reached, or a database that
does not exist, is one line naming the URL (password masked) and what to do (`StoreUnreachable`)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from kepil.errors import CommandFailed
from kepil.i18n import Text
from kepil.store.db import StoreNotReady, database_url, make_engine

MIGRATIONS = Path(__file__).with_name("migrations")

NOT_READY = Text(
    "{url} дерекқоры {rev} нұсқасында, код {head} нұсқасын керек етеді: `kepil db upgrade` іске қосыңыз",
    "база данных {url} на ревизии {rev}, коду нужна {head}: выполните `kepil db upgrade`",
    "the database {url} is at revision {rev}, the code needs {head}: run `kepil db upgrade`",
)
UNREACHABLE = Text(
    "{url} дерекқорына қосылу мүмкін болмады ({reason}): серверді іске қосыңыз немесе "
    "--database-url / KEPIL_DATABASE_URL ішіндегі хост пен портты тексеріңіз",
    "не удалось подключиться к базе данных {url} ({reason}): запустите сервер или проверьте хост и порт "
    "в --database-url / KEPIL_DATABASE_URL",
    "cannot connect to the database {url} ({reason}): start the server, or check the host and port in "
    "--database-url / KEPIL_DATABASE_URL",
)
NO_DATABASE = Text(
    "{url} серверінде {name} дерекқоры жоқ: оны `kepil db upgrade --create` жасайды",
    "на сервере {url} нет базы данных {name}: её создаст `kepil db upgrade --create`",
    "the database {name} does not exist on the server of {url}: `kepil db upgrade --create` creates it",
)
LOGIN_REFUSED = Text(
    "{url} сервері кіруді қабылдамады ({reason}): URL ішіндегі пайдаланушы мен құпиясөзді тексеріңіз",
    "сервер {url} отказал во входе ({reason}): проверьте пользователя и пароль в URL",
    "the server of {url} refused the login ({reason}): check the user and password in the URL",
)
CANNOT_OPEN = Text(
    "{url} SQLite файлын ашу мүмкін емес ({reason}): папка бар және жазуға болатынын тексеріңіз",
    "не удаётся открыть файл SQLite {url} ({reason}): проверьте, что папка существует и доступна для записи",
    "cannot open the SQLite file {url} ({reason}): check that its folder exists and can be written",
)


class StoreUnreachable(CommandFailed):
    """The store cannot be opened at all: the server is down or unknown, the database does not exist, the
    login is refused, the SQLite file cannot be opened. The message names the URL, password masked."""

    def __init__(self, message: Text, missing_database: bool = False) -> None:
        super().__init__(message)
        self.missing_database = missing_database


def shown_url(url: str) -> str:
    """The URL as a person may see it (as they would write it): the password masked."""
    shown = make_url(url).render_as_string(hide_password=True)
    return shown.replace("postgresql+psycopg://", "postgresql://", 1)


def _reason(e: BaseException) -> str:
    orig = getattr(e, "orig", None) or e
    first = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    return first[:200]


def unreachable(url: str, e: BaseException) -> StoreUnreachable:
    """The one-line error of a store that could not be opened (`e`: the driver's error)."""
    shown, reason = shown_url(url), _reason(e)
    low = str(getattr(e, "orig", None) or e).lower()
    if url.startswith("sqlite"):
        return StoreUnreachable(CANNOT_OPEN.format(url=shown, reason=reason))
    if "does not exist" in low and "database" in low:
        name = make_url(url).database or ""
        return StoreUnreachable(NO_DATABASE.format(url=shown, name=name), missing_database=True)
    if "password" in low or "authentication" in low or "role" in low:
        return StoreUnreachable(LOGIN_REFUSED.format(url=shown, reason=reason))
    return StoreUnreachable(UNREACHABLE.format(url=shown, reason=reason))


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
    """The database's revision (None: no schema). A database that cannot be reached is StoreUnreachable."""
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    except (DBAPIError, OSError) as e:
        raise unreachable(engine.url.render_as_string(hide_password=False), e) from None


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


def create_database(url: str) -> bool:
    """PostgreSQL: create the database `url` names when it does not exist (connecting to the server's
    `postgres` database as the same user). Returns whether it was created. SQLite files need nothing."""
    parsed = make_url(database_url(url))
    if not parsed.drivername.startswith("postgresql"):
        return False
    name = parsed.database or ""
    admin_url = parsed.set(drivername="postgresql+psycopg", database="postgres")
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 5})
    try:
        with admin.connect() as conn:
            if conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}):
                return False
            quoted = conn.dialect.identifier_preparer.quote_identifier(name)
            conn.execute(text(f"CREATE DATABASE {quoted}"))
            return True
    except (DBAPIError, OSError) as e:
        raise unreachable(str(url), e) from None
    finally:
        admin.dispose()


def ensure_current(engine: Engine) -> None:
    """Raise StoreNotReady unless the database is at the head revision."""
    rev = current(engine)
    if rev != head():
        url = shown_url(engine.url.render_as_string(hide_password=False))
        raise StoreNotReady(NOT_READY.format(url=url, rev=rev or "none", head=head()))


def open_store(url: str | None = None) -> Engine:
    """The store a command works on (`url`, else KEPIL_DATABASE_URL, else sqlite:///kepil.db here), at the
    code's revision. The embedded SQLite store is created and migrated on first use (no schema yet);
    PostgreSQL and a store at an older revision are refused with `kepil db upgrade`."""
    chosen = database_url(url)
    try:
        engine = make_engine(chosen)
    except OSError as e:  # the SQLite file's folder cannot be made
        raise unreachable(chosen, e) from None
    if engine.dialect.name == "sqlite" and current(engine) is None:
        upgrade(engine)
    ensure_current(engine)
    return engine
