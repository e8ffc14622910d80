"""`kepil caps`: the caps on round-the-clock inpatient cases (`program-2026-2028` app1, bound by 73)."""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from kepil.cli.common import (
    JsonOption,
    LangOption,
    console,
    err_console,
    handle_errors,
    parse_lang,
    print_json,
)
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


caps_app = typer.Typer(
    help="Caps on round-the-clock inpatient cases (program-2026-2028 app1) and their utilisation.",
    no_args_is_help=False,
)


@caps_app.callback(invoke_without_command=True)
@handle_errors
def caps_command(
    ctx: typer.Context,
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
    if ctx.invoked_subcommand is not None:
        return
    language = parse_lang(lang)
    rows = select_caps(region, profile, "--region", "--profile")
    if as_json:
        one = region is not None and profile is not None
        print_json(cap_json(rows[0], language) if one else caps_view(rows, language))
    else:
        console.print(caps_table(rows, language))


# --- kepil caps utilisation -----------------------------------------------------------------------

U: dict[str, Text] = {
    "title": Text(
        "Тәулік бойы стационардың шекті көлемін пайдалану: ≥ 90 % және одан асқандар",
        "Использование предельных объемов круглосуточного стационара: ≥ 90 % и превышения",
        "Utilisation of the inpatient caps: at or over 90 %",
    ),
    "title_all": Text(
        "Тәулік бойы стационардың шекті көлемін пайдалану",
        "Использование предельных объемов круглосуточного стационара",
        "Utilisation of the inpatient caps",
    ),
    "year": Text("Жыл", "Год", "Year"),
    "population": Text("Халық", "Население", "Population"),
    "age_group": Text("Жас тобы", "Возрастная группа", "Age group"),
    "planned": Text("Жоспар", "План", "Planned"),
    "actual": Text("Нақты", "Факт", "Actual"),
    "pct": Text("%", "%", "%"),
    "status": Text("Күйі", "Статус", "Status"),
    "counts": Text(
        "{rows} жол: {warning} ескерту (≥ 90 %), {over} асып кету, {no_bed_fund} төсек қорынсыз; "
        "2026–2028 жылдарынан тыс аяқталған жағдайлар: {excluded}",
        "{rows} {rows|строка|строки|строк}: {warning} "
        "{warning|предупреждение|предупреждения|предупреждений} (≥ 90 %), "
        "{over} {over|превышение|превышения|превышений}, "
        "{no_bed_fund} без коечного фонда; случаев, завершённых вне 2026–2028: {excluded}",
        "{rows} {rows|row|rows}: {warning} {warning|warning|warnings} (≥ 90 %), {over} over the cap, "
        "{no_bed_fund} without a bed fund; "
        "cases ending outside 2026-2028: {excluded}",
    ),
    "out": Text(
        ".parquet немесе .csv файлы керек",
        "ожидается файл .parquet или .csv",
        "expected a .parquet or .csv file",
    ),
}
POP: dict[str, Text] = {
    "all": Text("барлығы", "всё", "all"),
    "rural": Text("ауыл", "село", "rural"),
    "urban": Text("қала", "город", "urban"),
}
AGE: dict[str, Text] = {
    "all": Text("барлығы", "все", "all"),
    "children": Text("балалар", "дети", "children"),
    "adults": Text("ересектер", "взрослые", "adults"),
}


def _utilisation_table(rows: list[dict[str, Any]], lang: Lang, flagged_only: bool) -> Table:
    from kepil.law.program_2026_2028.inpatient_caps import profile as profile_of
    from kepil.law.program_2026_2028.volume_caps import STATUS_TEXT
    from kepil.reference.regions import region as region_of

    title = U["title" if flagged_only else "title_all"][lang]
    table = Table(title=title, caption=", ".join(str(c) for c in CITATIONS), caption_justify="left")
    for key in ("year", "region", "profile", "population", "age_group"):
        table.add_column((U.get(key) or HEADINGS[key])[lang])
    for key in ("planned", "actual", "pct"):
        table.add_column(U[key][lang], justify="right")
    table.add_column(U["status"][lang])
    for r in rows:
        planned = "*" if r["no_bed_fund"] else ("—" if r["planned"] is None else str(r["planned"]))
        table.add_row(
            str(r["year"]),
            region_of(r["region"]).name[lang],
            profile_of(r["profile"]).name[lang],
            POP[r["population"]][lang],
            AGE[r["age_group"]][lang],
            planned,
            str(r["actual"]),
            "—" if r["utilisation_pct"] is None else f"{r['utilisation_pct']:.1f}",
            STATUS_TEXT[r["status"]][lang],
        )
    return table


@handle_errors
def utilisation_command(
    claims: Path = typer.Option(..., "--claims", help="Claims (Parquet or CSV), shared/contracts/claims.md."),
    persons: Path = typer.Option(..., "--persons", help="Persons (Parquet or CSV): iin, birth_date."),
    providers: Path | None = typer.Option(
        None, "--providers", help="Providers (provider_id, rural): rural/urban when claims have no `rural`."
    ),
    year: int | None = typer.Option(None, "--year", help="Only this year (2026-2028)."),
    region: str | None = typer.Option(None, "--region", help="Only this region (code or Kazakh name)."),
    out: Path | None = typer.Option(None, "--out", help="Write every row to this .parquet or .csv file."),
    show_all: bool = typer.Option(False, "--all", help="Show every row, not only those at or over 90 %."),
    as_json: bool = JsonOption,
    lang: str = LangOption,
    store: bool = typer.Option(False, "--store", help="Also keep every row in the database (/caps)."),
    database_url: str | None = typer.Option(
        None, "--database-url", help="With --store: SQLAlchemy URL; default KEPIL_DATABASE_URL."
    ),
) -> None:
    """Planned (app1) vs actual inpatient cases per region, profile, age group and rural/urban."""

    from kepil.errors import InvalidInput
    from kepil.files import write_table
    from kepil.law.program_2026_2028.volume_caps import utilisation, warnings_of
    from kepil.reference.regions import region as region_of

    language = parse_lang(lang)
    if out is not None and out.suffix.lower() not in (".parquet", ".csv"):
        raise InvalidInput("--out", U["out"])
    code = None if region is None else region_of(region, "--region").code
    show = err_console.is_terminal and not as_json
    with err_console.status("kepil caps utilisation", spinner="dots") if show else nullcontext():
        table, excluded = utilisation(claims, persons, providers=providers, year=year, region=code)
    if out is not None:
        write_table(table, out)
    if store:
        from kepil.reports import open_store
        from kepil.reports.caps import months_covered, save_utilisation

        source = f"{claims.name} + {persons.name}" + (f" + {providers.name}" if providers else "")
        # the months the claims cover, for the page's annualised projection (docs/pages-reports.md)
        months = months_covered(claims, year)
        scope = save_utilisation(open_store(database_url), table, excluded, source, year, months)
        err_console.print(f"→ caps_utilisation {scope}", highlight=False)
    rows = (table if show_all else warnings_of(table)).to_pylist()
    if as_json:
        print_json({"excluded": excluded, "rows": rows})
        return
    console.print(_utilisation_table(rows, language, not show_all))
    statuses = table.column("status").to_pylist()
    actual = table.column("actual").to_pylist()
    err_console.print(
        U["counts"].format(
            rows=len(statuses),
            warning=statuses.count("warning"),
            over=statuses.count("over"),
            no_bed_fund=sum(1 for s, a in zip(statuses, actual, strict=True) if s == "no_bed_fund" and a),
            excluded=excluded,
        )[language]
    )


def register(app: typer.Typer) -> None:
    """Add `kepil caps` (and `kepil caps utilisation`) to the main app."""
    caps_app.command("utilisation")(utilisation_command)
    app.add_typer(caps_app, name="caps")
