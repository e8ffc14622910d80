"""`kepil acts`: the acts in force on a day, their intervals and the dates that are assumptions."""

from __future__ import annotations

import datetime as dt

import typer
from rich.table import Table

from kepil.cli.common import (
    DateOption,
    JsonOption,
    LangOption,
    console,
    handle_errors,
    parse_date,
    parse_lang,
    print_json,
)
from kepil.i18n import Lang, Text
from kepil.law.acts import Act, acts, acts_in_force, format_date, not_in_force_reason
from kepil.law.views import acts_view

HEADINGS: dict[str, Text] = {
    "id": Text("Код", "Код", "Id"),
    "act": Text("Акт", "Акт", "Act"),
    "number": Text("Нөмірі", "Номер", "Number"),
    "interval": Text("Қолданылу кезеңі", "Период действия", "In force"),
    "text_from": Text("Мәтін қолданылады", "Текст применяется с", "Text applies from"),
    "status": Text("Мәртебесі", "Статус", "Status"),
}
TITLE = Text("{on} күні қолданыстағы актілер", "Акты, действующие на {on}", "Acts in force on {on}")
TITLE_ALL = Text(
    "Актілер және олардың {on} күнгі мәртебесі", "Акты и их статус на {on}", "Acts and their status on {on}"
)
IN_FORCE = Text("қолданыста", "действует", "in force")
OPEN_END = Text("мерзімсіз", "бессрочно", "open-ended")
ASSUMED_NOTE = Text(
    "* болжам: мәтінде жоқ күн (acts.yaml, --json: note); "
    "мәтін — актінің kepil ұстайтын өзгертулер енгізілген редакциясы",
    "* допущение: даты нет в тексте (acts.yaml, --json: note); "
    "текст — редакция акта с изменениями, которую содержит kepil",
    "* assumed: a date the text does not give (acts.yaml, --json: note); text — the amended text kepil holds",
)


def _date(d: dt.date | None, assumed: bool, lang: Lang) -> str:
    if d is None:
        return OPEN_END[lang]
    return d.isoformat() + ("*" if assumed else "")


def acts_table(rows: list[Act], on: dt.date, lang: Lang, with_status: bool) -> Table:
    title = (TITLE_ALL if with_status else TITLE)[lang].format(on=format_date(on, lang))
    table = Table(title=title, caption=ASSUMED_NOTE[lang], caption_justify="left")
    for key in ("id", "act", "number", "interval", "text_from", *(("status",) if with_status else ())):
        table.add_column(HEADINGS[key][lang], overflow="fold")
    for a in rows:
        interval = f"{_date(a.start, a.start_is_assumed(), lang)} … {_date(a.end, a.end_is_assumed(), lang)}"
        cells = [
            a.id,
            a.short_title[lang],
            a.number,
            interval,
            _date(a.text_from, a.text_from_is_assumed(), lang),
        ]
        if with_status:
            reason = not_in_force_reason(a.id, on)
            cells.append(IN_FORCE[lang] if reason is None else reason[lang])
        table.add_row(*cells)
    return table


@handle_errors
def acts_command(
    date: str | None = DateOption,
    as_json: bool = JsonOption,
    lang: str = LangOption,
    show_all: bool = typer.Option(False, "--all", help="List all seven acts with their status on the day."),
) -> None:
    """The acts in force on a day (default today): id, title, interval in force, and assumed dates (*).

    An act is in force from its entry into force until its expiry or repeal; its text (as amended, the
    text kepil holds) applies from the entry into force of the latest amendment in the seed.
    """
    language = parse_lang(lang)
    on = parse_date(date)
    if as_json:
        print_json(acts_view(on, language, show_all))
    else:
        console.print(acts_table(list(acts()) if show_all else acts_in_force(on), on, language, show_all))


def register(app: typer.Typer) -> None:
    """Add `kepil acts` to the main app."""
    app.command("acts")(acts_command)
