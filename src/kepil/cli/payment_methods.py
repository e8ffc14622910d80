"""`kepil payment-methods`: payment methods by direction of care (`program-2026-2028` app2, paragraph 77)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from kepil.cli.common import JsonOption, LangOption, console, handle_errors, parse_lang, print_json
from kepil.i18n import Lang, Text
from kepil.law.program_2026_2028.payment_methods import Direction, direction, directions
from kepil.law.views import direction_view, payment_methods_view

TITLE = Text(
    "ТМККК және МӘМС шеңберіндегі медициналық қызметтерге ақы төлеу әдістері",
    "Методы оплаты медицинских услуг в рамках ГОБМП и ОСМС",
    "Payment methods for medical services within the GVFMC and the CSHI",
)
HEADINGS: dict[str, Text] = {
    "row": Text("Р/с №", "№ п/п", "Row"),
    "direction": Text("Бағыт", "Направление", "Direction"),
    "methods": Text(
        "Төлем әдістері мен тариф түрлері", "Методы оплаты и виды тарифов", "Methods and tariff kinds"
    ),
    "kinds": Text("Түрі", "Вид", "Kind"),
}
UNNUMBERED = Text("нөмірсіз", "без номера", "unnumbered")


def _table(rows: tuple[Direction, ...], lang: Lang) -> Table:
    table = Table(title=TITLE[lang], caption="program-2026-2028 app2 (77)", caption_justify="left")
    table.add_column(HEADINGS["row"][lang], justify="right")
    table.add_column(HEADINGS["direction"][lang])
    table.add_column(HEADINGS["methods"][lang])
    for d in rows:
        methods = "\n".join(f"{m.item}. {m.name[lang]} [{', '.join(m.kinds)}]" for m in d.methods)
        row = str(d.row) if d.row is not None else UNNUMBERED[lang]
        table.add_row(row, f"{d.name[lang]}\n({d.code})", methods, end_section=True)
    return table


@handle_errors
def payment_methods_command(
    direction_key: str | None = typer.Argument(
        None, metavar="[DIRECTION]", help="Direction code (e.g. oncology) or row number 1-14; default: all."
    ),
    tariffs: Path | None = typer.Option(
        None, "--tariffs", help="A tariff book: say for each item whether it gives every input it needs."
    ),
    as_json: bool = JsonOption,
    lang: str = LangOption,
) -> None:
    """Payment methods and tariff kinds by direction of care (program-2026-2028 appendix 2), and how kepil
    computes each (`payment`: computed, or the input it lacks)."""
    language = parse_lang(lang)
    book = None
    if tariffs is not None:
        from kepil.law.program_2026_2028.tariffs import load_tariffs

        book = load_tariffs(tariffs, check_deadline=False)
    if as_json:
        print_json(
            direction_view(direction_key, language, book)
            if direction_key
            else payment_methods_view(language, book)
        )
        return
    rows = (direction(direction_key),) if direction_key else directions(include_unnumbered=True)
    console.print(_table(rows, language))


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command("payment-methods")(payment_methods_command)
