"""`kepil access report`: the access criteria of program-2026-2028 79 (and the ambulance rules of 4) per
region from a directory of operational tables (docs/access-criteria.md).

The tables are read by `kepil.reports.access.read_tables` (set-based, Polars). When any file has a
problem, every file's first problems are printed (file, row, column; kk/ru/en by --lang), the exit status
is 2 and nothing is written. `--store` keeps the report in the database for the /access page.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import polars as pl
import typer
from rich.table import Table

from kepil.claims.inputs import InputFileError
from kepil.cli.common import console, err_console, handle_errors, parse_date, parse_lang
from kepil.errors import InvalidInput
from kepil.files import write_table
from kepil.i18n import Lang, Text
from kepil.law.program_2026_2028.access_criteria import (
    CRITERIA,
    access_report,
    criterion_words,
    value_decimals,
)
from kepil.reference.regions import region as find_region
from kepil.reports.access import read_tables, worded
from kepil.validation import year as calendar_year

__all__ = ["read_tables", "register"]


def _show(report: pl.DataFrame, lang: Lang) -> None:
    names = {code: name[lang] for code, _, name in CRITERIA}
    table = Table(*report.columns)
    mark: dict[Any, str] = {True: "[green]yes[/]", False: "[red]no[/]", None: "-"}
    for r in report.iter_rows(named=True):
        # 79.1 and the rest: as many decimals as the verdict needs (`value_decimals`), never a rounded 1.0
        value = "-" if r["value"] is None else f"{r['value']:.{value_decimals(r['value'])}f}"
        table.add_row(r["region"], names[r["criterion"]], r["clause"], value, r["unit"], r["threshold"],
                      mark[r["met"]], str(r["cases"] or 0))  # fmt: skip
    console.print(table)


access_app = typer.Typer(
    help="Access criteria of medical care (program-2026-2028 79 and 4).", no_args_is_help=True
)


def _check_out(out: Path | None) -> None:
    """--out is a .csv or .xlsx file (kepil.files.write_table writes both)."""
    if out is not None and out.suffix not in (".csv", ".xlsx"):
        raise InvalidInput(
            "--out",
            Text(
                f"{out.name}: .csv немесе .xlsx файлы керек",
                f"{out.name}: нужен файл .csv или .xlsx",
                f"{out.name}: expected a .csv or .xlsx file",
            ),
        )


@access_app.command("report")
@handle_errors
def report_command(
    data: Path = typer.Option(..., "--data", help="Directory of the operational tables (CSV or Parquet)."),
    region_option: str | None = typer.Option(
        None, "--region", help="Only this region (code or Kazakh name)."
    ),
    date: str | None = typer.Option(None, "--date", help="Report day (YYYY-MM-DD); default today."),
    out: Path | None = typer.Option(None, "--out", help="Also write the report: FILE.csv or FILE.xlsx."),
    lang: str = typer.Option("en", "--lang", help="Language of names and messages: kk, ru or en."),
    store: bool = typer.Option(False, "--store", help="Also keep the report in the database (/access)."),
    database_url: str | None = typer.Option(
        None,
        "--database-url",
        help="With --store: SQLAlchemy URL; default KEPIL_DATABASE_URL.",
    ),
    allow_empty: bool = typer.Option(
        False, "--allow-empty", help="Accept tables without rows (else refused: an empty table is a mistake)."
    ),
) -> None:
    """Each criterion per region: value, threshold, met or not, clause."""
    language = parse_lang(lang)
    on = parse_date(date)
    code = find_region(region_option, "--region").code if region_option else None
    _check_out(out)
    try:
        tables = read_tables(data, allow_empty)
    except InputFileError as e:
        for p in e.problems:
            err_console.print(f"[bold red]error:[/] {p.text[language]}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
    report = access_report(tables, on, code)
    # the unit and the threshold of each criterion in --lang (program-2026-2028 79, 4; the law layer's words)
    shown = worded(report, criterion_words(on), language)
    _show(shown, language)
    if out is not None:
        write_table(shown, out)
    if store:
        from kepil.reports import open_store
        from kepil.reports.access import save_access

        scope = save_access(open_store(database_url), report, on, str(data))
        err_console.print(f"→ access_criteria {scope}", highlight=False)


DEADLINE = Text(
    "{year} жылғы есеп Үкіметке {deadline} дейін енгізіледі (program-2026-2028 81){off}",
    "отчёт за {year} год вносится в Правительство до {deadline} (program-2026-2028 81){off}",
    "the report of {year} is submitted to the Government by {deadline} (program-2026-2028 81){off}",
)
DAY_OFF = Text(
    "; {deadline} — демалыс күні, соңғы жұмыс күні {submit_by}",
    "; {deadline} — нерабочий день, последний рабочий день {submit_by}",
    "; {deadline} is a day off, the last working day before it is {submit_by}",
)
LATE = Text(
    "{on} күні мерзім өтіп кетті",
    "на {on} срок истёк",
    "on {on} the deadline has passed",
)


@access_app.command("annual-report")
@handle_errors
def annual_report_command(
    data: Path = typer.Option(..., "--data", help="Directory of the operational tables (CSV or Parquet)."),
    year: int = typer.Option(..., "--year", help="The reporting year (2026–2028)."),
    region_option: str | None = typer.Option(
        None, "--region", help="Only this region (code or Kazakh name)."
    ),
    date: str | None = typer.Option(
        None, "--date", help="Today for the deadline (YYYY-MM-DD); default today."
    ),
    out: Path | None = typer.Option(None, "--out", help="Also write the report: FILE.csv or FILE.xlsx."),
    lang: str = typer.Option("en", "--lang", help="Language of names and messages: kk, ru or en."),
    allow_empty: bool = typer.Option(False, "--allow-empty", help="Accept tables without rows."),
) -> None:
    """80–81: the annual report on the Program's implementation (the criteria of the year, the agreement's
    targets when given) and its deadline, 1 April of the next year, on the working-day calendar."""
    from kepil.law.acts import format_date
    from kepil.law.program_2026_2028.access_criteria import annual_report, annual_report_deadline

    language = parse_lang(lang)
    today = parse_date(date)
    code = find_region(region_option, "--region").code if region_option else None
    _check_out(out)
    due = annual_report_deadline(calendar_year(year, "--year", ahead=1))
    try:
        tables = read_tables(data, allow_empty)
    except InputFileError as e:
        for p in e.problems:
            err_console.print(f"[bold red]error:[/] {p.text[language]}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
    report = annual_report(tables, year, code)
    words = criterion_words(dt.date(year, 12, 31))
    shown = worded(report.drop("year", "target", "target_met"), words, language).with_columns(
        target=report["target"], target_met=report["target_met"]
    )
    _show(shown.drop("target", "target_met"), language)
    off = (
        ""
        if due.working
        else DAY_OFF.format(
            deadline=format_date(due.deadline, language), submit_by=format_date(due.submit_by, language)
        )[language]
    )
    line = DEADLINE.format(year=year, deadline=format_date(due.deadline, language), off=off)[language]
    console.print(line, highlight=False)
    if today > due.deadline:
        console.print(f"[yellow]{LATE.format(on=format_date(today, language))[language]}[/]", highlight=False)
    if out is not None:
        write_table(shown.with_columns(year=pl.lit(year), deadline=pl.lit(due.deadline.isoformat())), out)


def register(app: typer.Typer) -> None:
    app.add_typer(access_app, name="access")
