"""`kepil db upgrade | current`: the database's schema (Alembic migrations)."""

from __future__ import annotations

import typer
from sqlalchemy.engine import make_url

from kepil.cli.common import console, handle_errors
from kepil.store.db import database_url, make_engine
from kepil.store.migrate import current, head, upgrade

db_app = typer.Typer(help="The database: apply migrations, show the schema revision.", no_args_is_help=True)
UrlOption = typer.Option(
    None, "--database-url", help="SQLAlchemy URL; default KEPIL_DATABASE_URL, else sqlite:///kepil.db here."
)


def shown_url(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


@db_app.command("upgrade")
@handle_errors
def upgrade_command(database_url_option: str | None = UrlOption) -> None:
    """Create or migrate the database to the code's schema (safe to run again)."""
    url = database_url(database_url_option)
    before, after = upgrade(url)
    if before == after:
        console.print(f"{shown_url(url)}: already at revision {after}", highlight=False)
    else:
        console.print(f"{shown_url(url)}: {before or 'empty'} → {after}", highlight=False)


@db_app.command("current")
@handle_errors
def current_command(database_url_option: str | None = UrlOption) -> None:
    """Print the database's revision and the code's; exit 1 when they differ."""
    url = database_url(database_url_option)
    rev = current(make_engine(url))
    console.print(f"{shown_url(url)}: revision {rev or 'none'}; code needs {head()}", highlight=False)
    if rev != head():
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")
