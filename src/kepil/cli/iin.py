"""`kepil iin NUMBER [--json]`: is an IIN valid, and the birth date and sex its digits give."""

from __future__ import annotations

import typer

from kepil.cli.common import JsonOption, console, err_console, handle_errors, print_json
from kepil.reference.iin import invalid_reason, parse_iin


@handle_errors
def iin_command(
    number: str = typer.Argument(..., help="The 12-digit IIN (ЖСН / ИИН)."),
    as_json: bool = JsonOption,
) -> None:
    """Check an IIN's check digit and read its birth date and sex. Exit 1 when it is not valid."""
    info = parse_iin(number)
    reason = invalid_reason(number)
    if as_json:
        print_json({"valid": info.valid, "birth_date": info.birth_date, "sex": info.sex})
        if reason:
            err_console.print(reason, highlight=False, soft_wrap=True)
    elif info.valid:
        born = info.birth_date.isoformat() if info.birth_date else "unknown (its date digits are not a date)"
        console.print(f"valid IIN; birth date {born}; sex {info.sex or 'unknown'}", highlight=False)
    else:
        console.print(f"not valid: {reason}", highlight=False, soft_wrap=True)
    if not info.valid:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add `kepil iin` to the main app."""
    app.command("iin")(iin_command)
