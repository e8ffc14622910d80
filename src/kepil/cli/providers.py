"""`kepil providers import FILE | list`: the registry of health organisations without the HTTP API (issue
14). An organisation must be registered before a registrar or provider key can be made for it
(`kepil keys create --role registrar --organisation ID`)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from kepil.cli.common import LangOption, console, fail, handle_errors, parse_lang
from kepil.cli.db import UrlOption
from kepil.i18n import Text

providers_app = typer.Typer(
    help="Health organisations (providers): register them from a CSV or JSON file, list them.",
    no_args_is_help=True,
)
REGISTERED = Text(
    "{file}: {n} ұйым тіркелді (жаңа {created}, ауыстырылды {replaced})",
    "{file}: зарегистрировано организаций: {n} (новых {created}, заменено {replaced})",
    "{file}: {n} {n|organisation|organisations} registered ({created} new, {replaced} replaced)",
)


@providers_app.command("import")
@handle_errors
def import_command(
    file: Path = typer.Argument(
        ...,
        metavar="FILE",
        help="CSV (a header of provider fields; lists separated by ;) or JSON (an array of providers).",
    ),
    database_url_option: str | None = UrlOption,
    lang: str = LangOption,
) -> None:
    """Register or replace the providers of FILE, all or none (as an admin: the licence, PHC, palliative and
    MIS facts included). Fields: docs/service.md."""
    from kepil.claims.inputs import InputFileError
    from kepil.store.migrate import open_store
    from kepil.store.provider_files import read_providers
    from kepil.store.providers import put_providers

    language = parse_lang(lang)
    try:
        rows = read_providers(file)
    except InputFileError as e:
        fail(e.text(language))
    created, replaced = put_providers(open_store(database_url_option), rows, "cli")
    message = REGISTERED.format(file=file, n=created + replaced, created=created, replaced=replaced)
    console.print(message[language], highlight=False)


@providers_app.command("list")
@handle_errors
def list_command(database_url_option: str | None = UrlOption) -> None:
    """The registered providers: id, name, region, PHC, licence."""
    from kepil.store.migrate import open_store
    from kepil.store.providers import list_providers

    table = Table("id", "name", "region", "phc", "licence until")
    for p in list_providers(open_store(database_url_option), limit=1_000_000):
        table.add_row(
            p["id"], p["name"], p["region"], "✓" if p["phc"] else "", p["licence_valid_until"] or ""
        )
    console.print(table)


def register(app: typer.Typer) -> None:
    app.add_typer(providers_app, name="providers")
