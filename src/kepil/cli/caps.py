"""`kepil caps`: the caps on round-the-clock inpatient cases (`program-2026-2028` app1, bound by 73)."""

from __future__ import annotations

import typer
from rich.table import Table

from kepil.cli.common import JsonOption, LangOption, console, handle_errors, parse_lang, print_json
from kepil.i18n import Lang, Text
from kepil.law.program_2026_2028.inpatient_caps import CITATIONS, FIGURES, NO_BED_FUND, InpatientCap
from kepil.law.views import cap_json, caps_view, select_caps

HEADINGS: dict[str, Text] = {
    "region": Text("Өңір", "Регион", "Region"),
    "profile": Text("Бейін", "Профиль", "Profile"),
    "total": Text("Барлығы", "Всего", "Total"),
    "children": Text("Балалар", "Дети", "Children"),
    "adults": Text("Ересектер", "Взрослые", "Adults"),
    "rural_total": Text("Ауыл: барлығы", "Село: всего", "Rural: total"),
    "rural_children": Text("Ауыл: балалар", "Село: дети", "Rural: children"),
    "rural_adults": Text("Ауыл: ересектер", "Село: взрослые", "Rural: adults"),
}
TITLE = Text(
    "Тәулік бойы стационардың шекті көлемі (жоспарланған жағдайлар саны)",
    "Предельные объемы круглосуточного стационара (число планируемых случаев)",
    "Caps on round-the-clock inpatient care (planned cases)",
)
NO_RURAL = Text(
    "— : қалаларда ауыл бағандары жоқ", "— : у городов нет сельских граф", "— : cities have no rural columns"
)


def _cell(c: InpatientCap, figure: str) -> str:
    value = getattr(c, figure)
    if c.no_bed_fund:
        return "*"
    if value is None:  # the cities' rural columns
        return "—"
    return f"{value:,}".replace(",", " ")


def caps_table(rows: list[InpatientCap], lang: Lang) -> Table:
    cites = ", ".join(str(c) for c in CITATIONS)
    captions = [f"{cites}"]
    if any(c.no_bed_fund for c in rows):
        captions.append(f"* {NO_BED_FUND[lang]}")
    if any(c.region.is_city for c in rows):
        captions.append(NO_RURAL[lang])
    table = Table(title=TITLE[lang], caption="\n".join(captions), caption_justify="left")
    table.add_column(HEADINGS["region"][lang])
    table.add_column(HEADINGS["profile"][lang])
    for f in FIGURES:
        table.add_column(HEADINGS[f][lang], justify="right")
    for c in rows:
        table.add_row(c.region.name[lang], c.profile.name[lang], *(_cell(c, f) for f in FIGURES))
    return table


@handle_errors
def caps_command(
    region: str | None = typer.Option(
        None, "--region", help="Region code (e.g. abai, almaty) or Kazakh name as in the seed."
    ),
    profile: str | None = typer.Option(
        None, "--profile", help="Bed profile code (e.g. transplantology, all) or Kazakh name as in the seed."
    ),
    as_json: bool = JsonOption,
    lang: str = LangOption,
) -> None:
    """Caps on round-the-clock inpatient cases by region and bed profile (program-2026-2028 app1).

    Both options: one row. --region only: every profile of the region. No --region: every region's
    "all profiles" row, or the given --profile in every region. `*` (null in JSON): no bed fund.
    """
    language = parse_lang(lang)
    rows = select_caps(region, profile, "--region", "--profile")
    if as_json:
        one = region is not None and profile is not None
        print_json(cap_json(rows[0], language) if one else caps_view(rows, language))
    else:
        console.print(caps_table(rows, language))


def register(app: typer.Typer) -> None:
    """Add `kepil caps` to the main app."""
    app.command("caps")(caps_command)
