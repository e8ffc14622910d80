"""`kepil keys create | list | revoke`: API keys and their roles."""

from __future__ import annotations

import typer
from rich.table import Table

from kepil.cli.common import console, err_console, handle_errors
from kepil.cli.db import UrlOption
from kepil.store.keys import ROLES, create_key, list_keys, revoke
from kepil.store.migrate import open_store

keys_app = typer.Typer(help="API keys: create (printed once), list, revoke.", no_args_is_help=True)


@keys_app.command("create")
@handle_errors
def create_command(
    role: str = typer.Option(..., "--role", help=f"One of: {', '.join(ROLES)}."),
    organisation: str | None = typer.Option(
        None, "--organisation", help="The organisation a registrar or provider key acts for."
    ),
    label: str | None = typer.Option(None, "--label", help="A note: who holds the key."),
    database_url_option: str | None = UrlOption,
) -> None:
    """Create a key and print it once; only its hash is stored."""
    engine = open_store(database_url_option)
    key_id, key = create_key(engine, role, organisation, label)
    err_console.print(f"key {key_id} ({role}{' of ' + organisation if organisation else ''}); keep it safe:")
    typer.echo(key)


@keys_app.command("list")
@handle_errors
def list_command(database_url_option: str | None = UrlOption) -> None:
    """The keys (never their secrets)."""
    table = Table("id", "role", "organisation", "label", "created", "revoked")
    for k in list_keys(open_store(database_url_option)):
        table.add_row(
            k.id,
            k.role,
            k.organisation_id or "",
            k.label or "",
            k.created_at.isoformat(timespec="seconds"),
            k.revoked_at.isoformat(timespec="seconds") if k.revoked_at else "",
        )
    console.print(table)


@keys_app.command("revoke")
@handle_errors
def revoke_command(
    key_id: str = typer.Argument(..., help="The key's id (see `kepil keys list`)."),
    database_url_option: str | None = UrlOption,
) -> None:
    """Revoke a key; running services stop accepting it within 30 seconds."""
    revoke(open_store(database_url_option), key_id)
    console.print(f"key {key_id} revoked")


def register(app: typer.Typer) -> None:
    app.add_typer(keys_app, name="keys")
