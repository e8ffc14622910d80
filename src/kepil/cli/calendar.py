"""`kepil calendar`: the Kazakhstan working-day calendar (holidays, carry-overs, Government transfers)."""

from __future__ import annotations

import typer

from kepil.cli.common import (
    JsonOption,
    LangOption,
    console,
    handle_errors,
    parse_date,
    parse_lang,
    print_json,
)
from kepil.errors import InvalidInput
from kepil.reference.calendar import add_working_days, holiday_name, is_working_day, working_days_between

calendar_app = typer.Typer(
    help="Kazakhstan working days: five-day week, public holidays, carry-overs and transfers.",
    no_args_is_help=True,
)


@calendar_app.command("add-working-days")
@handle_errors
def add_working_days_command(
    date: str = typer.Argument(..., help="Start day (YYYY-MM-DD); not counted itself."),
    n: str = typer.Argument(..., help="Number of working days to add (≥ 0)."),
    as_json: bool = JsonOption,
) -> None:
    """The N-th working day after DATE, e.g. `kepil calendar add-working-days 2026-03-19 5` → 2026-03-31."""
    start = parse_date(date, "DATE")
    try:
        count = int(n)
    except ValueError:
        raise InvalidInput(
            "N", f"{n!r} is not a whole number; expected a number of working days ≥ 0"
        ) from None
    if count < 0:
        raise InvalidInput("N", f"{count} is negative; expected a number of working days ≥ 0")
    result = add_working_days(start, count)
    if as_json:
        print_json({"date": start, "n": count, "result": result})
    else:
        console.print(result.isoformat())


@calendar_app.command("working-days-between")
@handle_errors
def working_days_between_command(
    d1: str = typer.Argument(..., help="First day (YYYY-MM-DD), not counted."),
    d2: str = typer.Argument(..., help="Last day (YYYY-MM-DD), counted; before D1 gives a negative count."),
    as_json: bool = JsonOption,
) -> None:
    """Working days after D1 up to and including D2."""
    start, end = parse_date(d1, "D1"), parse_date(d2, "D2")
    count = working_days_between(start, end)
    if as_json:
        print_json({"from": start, "to": end, "working_days": count})
    else:
        console.print(str(count))


@calendar_app.command("is-working-day")
@handle_errors
def is_working_day_command(
    date: str = typer.Argument(..., help="The day (YYYY-MM-DD)."),
    lang: str = LangOption,
    as_json: bool = JsonOption,
) -> None:
    """Whether DATE is a working day, and the holiday or transferred day off on it."""
    day = parse_date(date, "DATE")
    language = parse_lang(lang)
    working, name = is_working_day(day), holiday_name(day, language)
    if as_json:
        print_json({"date": day, "working_day": working, "holiday": name})
    else:
        what = "working day" if working else "day off"
        console.print(
            f"{day.isoformat()} ({day:%A}): {what}" + (f" — {name}" if name else ""), highlight=False
        )


def register(app: typer.Typer) -> None:
    """Add `kepil calendar …` to the main app."""
    app.add_typer(calendar_app, name="calendar")
