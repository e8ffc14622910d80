"""`kepil access report`: the access criteria of program-2026-2028 79 (and the ambulance rules of 4) per
region from a directory of operational tables (docs/access-criteria.md).

Reading is set-based (Polars): every check is one boolean expression over a file, and one aggregation
per file gives the first bad row of each check. When any file has a problem, every file's first
problems are printed (file, row, column; kk/ru/en by --lang), the exit status is 2 and nothing is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import typer
from rich.table import Table

from kepil.claims import messages as M
from kepil.claims.inputs import InputFileError, Problem, problem
from kepil.cli.common import console, err_console, handle_errors, parse_date, parse_lang
from kepil.errors import InvalidInput
from kepil.i18n import Lang, Text
from kepil.law.program_2026_2028.access_criteria import CRITERIA, TABLES, TEAM_KINDS, Col, access_report
from kepil.reference.regions import region as find_region
from kepil.reference.regions import regions

NOT_COUNT = Text(
    "{value} теріс емес бүтін сан емес",
    "{value} не целое неотрицательное число",
    "{value} is not a whole number of 0 or more",
)
NOT_NUMBER = Text(
    "{value} теріс емес сан емес",
    "{value} не неотрицательное число",
    "{value} is not a number of 0 or more",
)
NOT_DATETIME = Text(
    "{value} уақыт емес; күтілетіні ЖЖЖЖ-АА-КК СС:ММ[:СС]",
    "{value} не дата и время; ожидается ГГГГ-ММ-ДД ЧЧ:ММ[:СС]",
    "{value} is not a date and time; expected YYYY-MM-DD HH:MM[:SS]",
)
BEFORE = Text(
    "{value} «{earlier}» мәнінен бұрын",
    "{value} раньше значения столбца «{earlier}»",
    "{value} is before the value of `{earlier}`",
)
ORDER = {"calls": ("received_at", "arrived_at"), "diagnoses": ("diagnosed_on", "treatment_started_on"),
         "green_corridor": ("referred_on", "completed_on")}  # fmt: skip
ROW = "__row"


def _region_codes() -> dict[str, str]:
    return {k.casefold(): r.code for r in regions() for k in (r.code, r.iso_3166_2, r.name.kk)}


def _parse(col: Col, s: pl.Expr) -> tuple[pl.Expr, Text]:
    """(the typed value, or null when the text does not parse; the message for a value that does not)."""
    t = s.str.strip_chars()
    if col.kind == "region":
        return t.str.to_lowercase().replace_strict(
            _region_codes(), default=None, return_dtype=pl.Utf8
        ), M.UNKNOWN_REGION
    if col.kind == "count":
        n = t.str.to_integer(strict=False)
        return pl.when(n >= 0).then(n), NOT_COUNT
    if col.kind == "number":
        x = t.cast(pl.Float64, strict=False)
        return pl.when(x >= 0).then(x), NOT_NUMBER
    if col.kind == "category":
        n = t.str.to_integer(strict=False)
        return pl.when(n.is_between(1, 4)).then(n), M.NOT_ONE_OF.format(value="{value}", allowed="1, 2, 3, 4")
    if col.kind == "team_kind":
        return pl.when(t.is_in(TEAM_KINDS)).then(t), M.NOT_ONE_OF.format(
            value="{value}", allowed=", ".join(TEAM_KINDS)
        )
    if col.kind == "bool":
        low = t.str.to_lowercase()
        flags = {"true": True, "1": True, "false": False, "0": False}
        return low.replace_strict(flags, default=None, return_dtype=pl.Boolean), M.NOT_BOOL
    if col.kind == "date":
        return t.str.to_date("%Y-%m-%d", strict=False), M.NOT_DATE
    if col.kind == "datetime":
        u = t.str.replace("T", " ")
        return pl.coalesce(
            u.str.to_datetime("%Y-%m-%d %H:%M:%S", strict=False, time_unit="us"),
            u.str.to_datetime("%Y-%m-%d %H:%M", strict=False, time_unit="us"),
        ), NOT_DATETIME
    return t, M.REQUIRED_VALUE


def _read(path: Path) -> pl.DataFrame:
    if path.suffix == ".parquet":
        df = pl.read_parquet(path)
        return df.with_columns(
            pl.col(c).dt.strftime("%Y-%m-%d %H:%M:%S")
            if df.schema[c] == pl.Datetime
            else pl.col(c).cast(pl.Utf8)
            for c in df.columns
        )
    return pl.read_csv(path, infer_schema=False, encoding="utf8")


def _table(directory: Path, name: str) -> tuple[pl.DataFrame | None, list[Problem]]:
    found = [p for p in (directory / f"{name}.csv", directory / f"{name}.parquet") if p.is_file()]
    file = found[0].name if found else f"{name}.csv"
    if not found:
        return None, [problem(file, None, None, M.NOT_FOUND)]
    try:
        raw = _read(found[0])
    except Exception as e:  # polars raises many kinds for a malformed file
        return None, [problem(file, None, None, M.CANNOT_READ.format(reason=str(e).splitlines()[0]))]
    cols = TABLES[name]
    missing = [c.name for c in cols if c.required and c.name not in raw.columns]
    if missing:
        present = ", ".join(raw.columns)
        return None, [
            problem(file, None, c, M.MISSING_COLUMN.format(column=c, present=present)) for c in missing
        ]
    raw = raw.with_columns(pl.lit(None, pl.Utf8).alias(c.name) for c in cols if c.name not in raw.columns)
    raw = raw.with_row_index(ROW, offset=1)
    typed: dict[str, pl.Expr] = {}
    checks: list[tuple[str, pl.Expr, Text]] = []
    for c in cols:
        src = pl.col(c.name)
        blank = src.is_null() | (src.str.strip_chars() == "")
        value, message = _parse(c, src)
        typed[c.name] = pl.when(blank).then(None).otherwise(value)
        if c.required:
            checks.append((c.name, blank, M.REQUIRED_VALUE))
        checks.append((c.name, ~blank & value.is_null(), message))
    if name in ORDER:
        a, b = ORDER[name]
        checks.append((b, typed[b] < typed[a], BEFORE.format(value="{value}", earlier=a)))
    firsts = raw.select(
        pl.col(ROW).filter(bad.fill_null(False)).first().alias(str(i)) for i, (_, bad, _) in enumerate(checks)
    ).row(0)
    problems = []
    for (column, _, message), row in zip(checks, firsts, strict=True):
        if row is not None:
            shown = raw[column][row - 1]
            text = message.format(value=repr(shown)) if "{value}" in message.en else message
            problems.append(problem(file, row, column, text))
    problems.sort(key=lambda p: p.row or 0)
    return raw.select(**typed), problems


def read_tables(directory: Path) -> dict[str, pl.DataFrame]:
    """The tables of TABLES from `directory`, typed; InputFileError with every file's first problems."""
    if not directory.is_dir():
        raise InvalidInput("--data", f"{directory} is not a directory")
    tables: dict[str, pl.DataFrame] = {}
    problems: list[Problem] = []
    for name in TABLES:
        df, found = _table(directory, name)
        problems += found
        if df is not None:
            tables[name] = df
    if problems:
        raise InputFileError(problems[0], problems)
    return tables


def _write(report: pl.DataFrame, out: Path) -> None:
    if out.suffix == ".csv":
        report.write_csv(out)
    elif out.suffix == ".xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        assert ws is not None
        ws.append(report.columns)
        for row in report.iter_rows():
            ws.append(list(row))
        wb.save(out)
    else:
        raise InvalidInput("--out", f"{out.name}: expected a .csv or .xlsx file")


def _show(report: pl.DataFrame, lang: Lang) -> None:
    names = {code: name[lang] for code, _, name in CRITERIA}
    table = Table("region", "criterion", "clause", "value", "unit", "threshold", "met", "cases")
    mark: dict[Any, str] = {True: "[green]yes[/]", False: "[red]no[/]", None: "-"}
    for r in report.iter_rows(named=True):
        value = "-" if r["value"] is None else f"{r['value']:g}"
        table.add_row(r["region"], names[r["criterion"]], r["clause"], value, r["unit"], r["threshold"],
                      mark[r["met"]], str(r["cases"] or 0))  # fmt: skip
    console.print(table)


access_app = typer.Typer(
    help="Access criteria of medical care (program-2026-2028 79 and 4).", no_args_is_help=True
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
    lang_option: str = typer.Option("en", "--lang", help="Language of names and messages: kk, ru or en."),
) -> None:
    """Each criterion per region: value, threshold, met or not, clause."""
    lang = parse_lang(lang_option)
    on = parse_date(date)
    code = find_region(region_option, "--region").code if region_option else None
    if out is not None and out.suffix not in (".csv", ".xlsx"):
        raise InvalidInput("--out", f"{out.name}: expected a .csv or .xlsx file")
    try:
        tables = read_tables(data)
    except InputFileError as e:
        for p in e.problems:
            err_console.print(f"[bold red]error:[/] {p.text[lang]}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
    report = access_report(tables, on, code)
    _show(report, lang)
    if out is not None:
        _write(report, out)


def register(app: typer.Typer) -> None:
    app.add_typer(access_app, name="access")
