"""`kepil params`: the parameters of the acts on a day, each with its citation and the Kazakh words."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import typer
from rich.table import Table

from kepil.cli.common import (
    DateOption,
    JsonOption,
    LangOption,
    console,
    fail,
    handle_errors,
    parse_date,
    parse_lang,
    print_json,
)
from kepil.i18n import Lang, Text
from kepil.law.acts import format_date
from kepil.law.parameters import Parameter, lookup, parameter, parameters
from kepil.law.views import parameter_json, parameters_view
from kepil.reference.messages import NO_VALUE_ON
from kepil.validation import fill

HEADINGS: dict[str, Text] = {
    "name": Text("Атауы", "Параметр", "Parameter"),
    "value": Text("Мәні", "Значение", "Value"),
    "unit": Text("Өлшем бірлігі", "Единица", "Unit"),
    "citation": Text("Дереккөз", "Источник", "Citation"),
    "description": Text("Сипаттамасы", "Описание", "Description"),
    "quote_kk": Text("Мәтіннен (kk)", "Из текста (kk)", "From the text (kk)"),
    "values": Text("Мәндері күндер бойынша", "Значения по датам", "Values by date"),
}
TITLE = Text("{on} күнгі параметрлер", "Параметры на {on}", "Parameters on {on}")
NO_VALUE = "—"
NO_VALUE_NOTE = Text(
    "— : бұл күні мәтін қолданылмайды (--json: reason)",
    "— : на эту дату текст не применяется (--json: reason)",
    "— : the text does not apply on that day (--json: reason)",
)


def show(value: Any) -> str:
    """A value in one line: lists of coded items by their codes, mappings as `key: value`."""
    if isinstance(value, list):
        return ", ".join(str(v["code"]) if isinstance(v, dict) and "code" in v else show(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(
            f"{k}: {json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else v}"
            for k, v in value.items()
        )
    return str(value)


def _list_table(on: dt.date, lang: Lang) -> Table:
    table = Table(
        title=TITLE[lang].format(on=format_date(on, lang)),
        caption=NO_VALUE_NOTE[lang],
        caption_justify="left",
    )
    for key in ("name", "value", "unit", "citation"):
        table.add_column(HEADINGS[key][lang], overflow="fold")
    for p in parameters():
        found, reason = lookup(p, on)
        shown = NO_VALUE if reason is not None else show(found)
        table.add_row(p.name, shown, p.unit, ", ".join(str(c) for c in p.citations))
    return table


def _one_table(p: Parameter, found: Any, lang: Lang) -> Table:
    table = Table(title=p.name, show_header=False)
    table.add_column(style="bold")
    table.add_column(overflow="fold")
    table.add_row(HEADINGS["description"][lang], p.description[lang])
    table.add_row(HEADINGS["value"][lang], show(found))
    table.add_row(HEADINGS["unit"][lang], p.unit)
    table.add_row(HEADINGS["citation"][lang], ", ".join(str(c) for c in p.citations))
    table.add_row(HEADINGS["quote_kk"][lang], f"«{p.quote_kk}»")
    steps = [f"{s.isoformat()} … {e.isoformat() if e else ''}: {show(v)}" for s, e, v in p.intervals()]
    table.add_row(HEADINGS["values"][lang], "\n".join(steps))
    return table


@handle_errors
def params_command(
    name: str | None = typer.Argument(
        None, help="A parameter name (e.g. objection_deadline); none: list them."
    ),
    date: str | None = DateOption,
    as_json: bool = JsonOption,
    lang: str = LangOption,
) -> None:
    """Parameters of the acts on a day (default today), or one of them with its citation and quote.

    A parameter has no value on a day when the text of its act does not apply then (before the amended
    text applies, after a repeal, outside 2026–2028 for the Program): one parameter then exits 2.
    """
    language = parse_lang(lang)
    on = parse_date(date)
    if name is None:
        if as_json:
            print_json(parameters_view(on, language))
        else:
            console.print(_list_table(on, language))
        return
    p = parameter(name.strip(), "NAME")
    found, reason = lookup(p, on)
    if reason is not None:
        fail(fill(NO_VALUE_ON, name=p.name, on=on.isoformat(), act=p.act, reason=reason)[language])
    if as_json:
        print_json(parameter_json(p, on, language))
    else:
        console.print(_one_table(p, found, language))


def register(app: typer.Typer) -> None:
    """Add `kepil params` to the main app."""
    app.command("params")(params_command)
