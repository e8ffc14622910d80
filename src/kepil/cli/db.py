"""`kepil db upgrade | current`: the database's schema (Alembic migrations)."""

from __future__ import annotations

from pathlib import Path

import typer
from sqlalchemy.engine import make_url

from kepil.cli.common import console, handle_errors
from kepil.store.db import database_url, make_engine
from kepil.store.migrate import create_database, current, head, shown_url, upgrade

db_app = typer.Typer(help="The database: apply migrations, show the schema revision.", no_args_is_help=True)
UrlOption = typer.Option(
    None, "--database-url", help="SQLAlchemy URL; default KEPIL_DATABASE_URL, else sqlite:///kepil.db here."
)

__all__ = ["UrlOption", "db_app", "register", "shown_url"]


@db_app.command("upgrade")
@handle_errors
def upgrade_command(
    database_url_option: str | None = UrlOption,
    create: bool = typer.Option(
        False, "--create", help="PostgreSQL: create the database first when the server does not have it."
    ),
) -> None:
    """Create or migrate the database to the code's schema (safe to run again)."""
    url = database_url(database_url_option)
    if create and create_database(url):
        console.print(f"{shown_url(url)}: created", highlight=False)
    before, after = upgrade(url)
    if before == after:
        console.print(f"{shown_url(url)}: already at revision {after}", highlight=False)
    else:
        console.print(f"{shown_url(url)}: {before or 'empty'} → {after}", highlight=False)


def _sqlite_file(url: str) -> Path | None:
    """The file of an SQLite URL (None for another database or an in-memory one)."""
    parsed = make_url(url)
    if not parsed.drivername.startswith("sqlite") or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


@db_app.command("current")
@handle_errors
def current_command(database_url_option: str | None = UrlOption) -> None:
    """Print the database's revision and the code's; exit 1 when they differ."""
    url = database_url(database_url_option)
    file = _sqlite_file(url)
    if file is not None and not file.exists():
        rev = None  # looking does not create the file
    else:
        engine = make_engine(url)
        try:
            rev = current(engine)
        finally:
            engine.dispose()
    console.print(f"{shown_url(url)}: revision {rev or 'none'}; code needs {head()}", highlight=False)
    if rev != head():
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")
