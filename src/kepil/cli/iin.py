"""`kepil iin NUMBER [--json] [--lang]`: is an IIN valid, and the birth date and sex its digits give."""

from __future__ import annotations

import typer

from kepil.cli.common import (
    JsonOption,
    LangOption,
    console,
    err_console,
    handle_errors,
    parse_lang,
    print_json,
)
from kepil.coverage.vocabulary import SEX_NAMES
from kepil.i18n import Text
from kepil.reference.iin import invalid_reason, parse_iin

VALID = Text(
    "жарамды ЖСН; туған күні {born}; жынысы {sex}",
    "действительный ИИН; дата рождения {born}; пол {sex}",
    "valid IIN; birth date {born}; sex {sex}",
)
NOT_VALID = Text("жарамсыз: {reason}", "недействителен: {reason}", "not valid: {reason}")
DATE_NOT_A_DATE = Text(
    "белгісіз (күн цифрлары күнді бермейді)",
    "неизвестна (цифры даты не дают даты)",
    "unknown (its date digits are not a date)",
)
UNKNOWN = Text("белгісіз", "неизвестен", "unknown")


@handle_errors
def iin_command(
    number: str = typer.Argument(..., help="The 12-digit IIN (ЖСН / ИИН)."),
    as_json: bool = JsonOption,
    lang: str = LangOption,
) -> None:
    """Check an IIN's check digit and read its birth date and sex. Exit 1 when it is not valid."""
    language = parse_lang(lang)
    info = parse_iin(number)
    reason = invalid_reason(number)
    if as_json:
        print_json({"valid": info.valid, "birth_date": info.birth_date, "sex": info.sex})
        if reason:
            err_console.print(reason[language], highlight=False, soft_wrap=True)
    elif info.valid:
        born = info.birth_date.isoformat() if info.birth_date else DATE_NOT_A_DATE[language]
        sex = SEX_NAMES[info.sex][language] if info.sex else UNKNOWN[language]
        console.print(VALID[language].format(born=born, sex=sex), highlight=False)
    elif reason is not None:
        console.print(NOT_VALID[language].format(reason=reason[language]), highlight=False, soft_wrap=True)
    if not info.valid:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add `kepil iin` to the main app."""
    app.command("iin")(iin_command)
