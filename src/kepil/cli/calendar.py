"""`kepil calendar`: the Kazakhstan working-day calendar (holidays, carry-overs, Government transfers)."""

from __future__ import annotations

import datetime as dt

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
from kepil.i18n import Lang, Text
from kepil.reference.calendar import (
    DayStatus,
    add_working_days,
    day_status,
    days_off,
    known_day,
    working_days_between,
    years_held,
)
from kepil.reference.messages import NEGATIVE_WORKING_DAYS, NOT_WORKING_DAYS
from kepil.validation import fill, shown

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
    start = known_day(parse_date(date, "DATE"), "DATE")
    try:
        count = int(n)
    except ValueError:
        raise InvalidInput("N", fill(NOT_WORKING_DAYS, value=shown(n))) from None
    if count < 0:
        raise InvalidInput("N", NEGATIVE_WORKING_DAYS.format(count=count))
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
    start, end = known_day(parse_date(d1, "D1"), "D1"), known_day(parse_date(d2, "D2"), "D2")
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
    """Whether DATE is a working day, the holiday or transferred day off on it, and whether kepil assumed
    it (not checked against the notice that fixes it)."""
    day = known_day(parse_date(date, "DATE"), "DATE")
    language = parse_lang(lang)
    s = day_status(day, language)
    if as_json:
        print_json({"date": day, "working_day": s.working, "holiday": s.name, "assumed": s.assumed,
                    "source": s.source, "note": s.note or None})  # fmt: skip
    else:
        console.print(_line(s, language), highlight=False, markup=False)


WORDS = {
    "working": Text("жұмыс күні", "рабочий день", "working day"),
    "off": Text("демалыс күні", "выходной день", "day off"),
    "assumed": Text("болжам: тексерілмеген", "предположение: не проверено", "assumed: not checked"),
    "transfers": Text(
        "{year}: Үкіметтің демалыс күндерін ауыстыруы белгісіз — жоқ деп есептеледі (болжам)",
        "{year}: перенос выходных Правительством неизвестен — считается, что его нет (предположение)",
        "{year}: no Government transfer of days off is known — none is assumed",
    ),
    "source": Text("Дереккөзі", "Источник", "Source"),
}


def _line(s: DayStatus, lang: Lang) -> str:
    what = WORDS["working" if s.working else "off"][lang]
    out = f"{s.date.isoformat()} ({s.date:%a}): {what}" + (f" — {s.name}" if s.name else "")
    if s.assumed:
        out += f" [{WORDS['assumed'][lang]}{': ' + s.note if s.note else ''}]"
    return out


@calendar_app.command("days-off")
@handle_errors
def days_off_command(
    year: int = typer.Argument(..., min=1990, max=2100, help="The year, e.g. 2026."),
    lang: str = LangOption,
    as_json: bool = JsonOption,
) -> None:
    """The year's days off on weekdays (holidays, religious days, carry-overs, transfers) and the days
    kepil assumed (not checked against the notice that fixes them), each with its source."""
    language = parse_lang(lang)
    known_day(dt.date(year, 1, 1), "YEAR")
    rows = days_off(year, language)
    held = years_held().get(year)
    note = WORDS["transfers"].format(year=year)[language] if held and held.transfers_assumed else None
    if as_json:
        print_json({
            "year": year,
            "source": held.source if held else "holidays (python package), country KZ",
            "transfers_assumed": bool(held and held.transfers_assumed),
            "days": [{"date": s.date, "working_day": s.working, "name": s.name, "assumed": s.assumed,
                      "source": s.source, "note": s.note or None} for s in rows],
        })  # fmt: skip
        return
    for s in rows:
        console.print(_line(s, language), highlight=False, markup=False)
    if note:
        console.print(note, highlight=False)
    console.print(f"{WORDS['source'][language]}: {held.source if held else 'holidays (KZ)'}", highlight=False)


def register(app: typer.Typer) -> None:
    """Add `kepil calendar …` to the main app."""
    app.add_typer(calendar_app, name="calendar")
