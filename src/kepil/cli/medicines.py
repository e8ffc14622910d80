"""`kepil medicines`: the need for medicines (drug-rules 19–22, 26, 4, 11) and the Fund's budget request
(drug-rules 18, 12).

Bad input rows are reported with file, row and column in the chosen language (exit 2); then nothing is
written. Outputs are CSV, XLSX or Parquet by the suffix of `--out`, written to a temporary name first.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, NoReturn

import polars as pl
import typer
from rich.table import Table

from kepil.claims.inputs import InputFileError
from kepil.cli.common import (
    DateOption,
    LangOption,
    console,
    err_console,
    fail,
    handle_errors,
    parse_date,
    parse_lang,
)
from kepil.errors import InvalidInput
from kepil.files import WIDE_PARQUET, write_table
from kepil.i18n import Lang, Text
from kepil.law.drug_rules import need as N
from kepil.law.drug_rules import request as R
from kepil.validation import year as calendar_year

medicines_app = typer.Typer(help="Medicines: personalised need (drug-rules 19–22) and budget request (18).")

OUT_SUFFIXES = (".csv", ".xlsx", ".parquet")
BAD_OUT = Text(
    "шығыс файл .csv, .xlsx немесе .parquet болуы керек",
    "выходной файл должен быть .csv, .xlsx или .parquet",
    "the output file must be .csv, .xlsx or .parquet",
)
NEED_INPUT = Text(
    "--patients немесе --inpatient файлын беріңіз",
    "укажите файл --patients или --inpatient",
    "give a --patients or an --inpatient file",
)
NARCOTIC_NOTE = Text(
    "{n} жолда есірткі/психотроптық заттар бар дәрілер: олардың қажеттілігі ДСӘДМ 2015 жылғы № 32 бұйрығы"
    " бойынша есептеледі (drug-rules 22), ал ол бұйрықтың әдісі берілмеген — қажеттілік есептелмеді;"
    " annual_need бағанында тек 20-тармақтың көбейтіндісі (need_basis = order_32_not_computed), бұл жолдар"
    " жиындарға кірмейді",
    "{n} {n|строка|строки|строк} с наркотическими/психотропными средствами: их потребность "
    "рассчитывается по приказу МЗСР"
    " № 32 от 2015 года (drug-rules 22), метод которого не задан — потребность не рассчитана; в annual_need"
    " лишь произведение пункта 20 (need_basis = order_32_not_computed), в итоги эти строки не входят",
    "{n} {n|row|rows} of narcotic/psychotropic medicines: their need follows MoHSD order No. 32 of 2015"
    " (drug-rules 22), whose method is not given — the need is not computed; annual_need holds only clause"
    " 20's product (need_basis = order_32_not_computed), and these rows are left out of the totals",
)
REQUEST_NOT_COMPUTED = Text(
    "өтінімнің {n} жолында есірткі/психотроптық заттардың қажеттілігі есептелмеген (ДСӘДМ № 32 бұйрығының"
    " әдісі берілмеген, drug-rules 22): жылдар бойынша сан жоқ, жиындарға кірмейді",
    "в {n} строках заявки потребность в наркотических/психотропных средствах не рассчитана (метод приказа"
    " МЗСР № 32 не задан, drug-rules 22): по годам цифр нет, в итоги не входят",
    "{n} request rows of narcotic/psychotropic medicines have no computed need (the method of MoHSD order"
    " No. 32 is not given, drug-rules 22): no figure for the years, left out of the totals",
)
NARCOTIC_FROM_FILE = Text(
    "{n} есірткі/психотроптық жол № 32 бұйрықтың файлда берілген әдісімен есептелді: {source}",
    "{n} наркотических/психотропных строк рассчитаны методом приказа № 32 из файла: {source}",
    "{n} narcotic/psychotropic rows computed by the method of order No. 32 given in a file: {source}",
)
FORMULARY_NOTE = Text(
    "Тіркеу және формуляр (қосымша 1, 22-тармақ):",
    "Регистрация и формуляр (приложение 1, пункт 22):",
    "Registration and formulary (app. 1, clause 22):",
)
SHIPMENT_NOTE = Text(
    "{rows} жөнелтім: {below} қор 1 айдан аз, {above} 6 айдан көп, {none} тұтынусыз (қосымша 1, 23.1; 4)",
    "{rows} {rows|отгрузка|отгрузки|отгрузок}: у {below} запас меньше 1 месяца, у {above} больше 6, "
    "{none} без потребления"
    " (приложение 1, 23.1; 4)",
    "{rows} {rows|shipment|shipments}: {below} leave a stock under 1 month, {above} over 6 months, "
    "{none} without consumption"
    " (app. 1, 23.1; 4)",
)
STORE_NEEDS = Text(
    "--store үшін --patients файлы мен --year (қажеттілік жасалатын қаржы жылы) керек",
    "для --store нужны файл --patients и --year (финансовый год формирования потребности)",
    "--store needs a --patients file and --year (the financial year the need is formed in)",
)
AllowEmptyOption = typer.Option(
    False, "--allow-empty", help="Accept input files without rows (else refused: an empty need is a mistake)."
)
StoreUrlOption = typer.Option(
    None, "--database-url", help="With --store: SQLAlchemy URL; default KEPIL_DATABASE_URL."
)
STOCK_NOTE = Text(
    "{below} жолда болжамды қалдық 1 айдан аз, {above} жолда 6 айдан көп (drug-rules 4)",
    "в {below} {below|строке|строках|строках} прогнозный остаток меньше 1 месяца, в {above} больше 6 месяцев"
    " (drug-rules 4)",
    "{below} {below|row has|rows have} a forecast balance under 1 month and {above} over 6 months"
    " (drug-rules 4)",
)


def register(app: typer.Typer) -> None:
    app.add_typer(medicines_app, name="medicines")


def _check_out(path: Path | None, field: str, lang: Lang) -> None:
    if path is not None and path.suffix.lower() not in OUT_SUFFIXES:
        fail(f"{field}: {BAD_OUT[lang]}")


def _unread(files: Iterable[tuple[Iterable[str], Path | None]], lang: Lang) -> None:
    """A note naming the input columns the readers do not read, each with the column it resembles: a
    misspelt optional column (`intolerence`) would else be read as absent, its flag as false."""
    from kepil.claims.unread import unread_notes

    for note in unread_notes([(known, path) for known, path in files if path is not None], carried=False):
        err_console.print(f"[yellow]{note[lang]}[/]", markup=True, highlight=False)


def _input_failed(e: InputFileError, lang: Lang) -> NoReturn:
    """The first problem as the error line, then the first problem of every other failing check; exit 2."""
    err_console.print(f"[bold red]error:[/] {e.problems[0].text[lang]}", highlight=False, soft_wrap=True)
    for p in e.problems[1:]:
        err_console.print(f"  {p.text[lang]}", highlight=False, soft_wrap=True)
    raise typer.Exit(2)


def _summary(df: pl.DataFrame, title: str, columns: list[tuple[str, Any]]) -> None:
    table = Table(title=title)
    for name, _ in columns:
        table.add_column(name, justify="right" if name != "region" else "left")
    summary = df.group_by("region").agg([expr.alias(name) for name, expr in columns[1:]]).sort("region")
    for row in summary.iter_rows():  # one row per region (≤ 20)
        table.add_row(*[str(v) for v in row])
    console.print(table)


def _write_need(need: pl.DataFrame | pl.LazyFrame, out: Path) -> None:
    write_table(N.decimal_out(need, N.NEED_QUANTITIES), out, WIDE_PARQUET)


# the need's columns the console's summary reads (`_need_summary`)
SUMMARY_COLUMNS = ["region", "patient_id", "inn", "dosage_form", "trade_name", "need_basis", "formulary"]


def _need_summary(need: pl.DataFrame, method: Any, language: Lang) -> None:
    """The need by region, the narcotic/psychotropic rows (drug-rules 22) and the formulary codes (app. 1,
    22) on the console."""
    from kepil.law.drug_rules import formulary as F

    _summary(
        need,
        "drug-rules 19–20",
        [
            ("region", None),
            ("rows", pl.len()),
            ("patients", pl.col("patient_id").n_unique()),
            ("medicines", pl.struct("inn", "dosage_form").n_unique()),
            ("by_trade_name (26)", pl.col("trade_name").is_not_null().sum()),
        ],
    )
    basis = need["need_basis"]
    not_computed = int((basis == N.BASIS_32_NOT_COMPUTED).sum())
    if not_computed:
        console.print(NARCOTIC_NOTE.format(n=not_computed)[language], highlight=False)
    from_file = int((basis == N.BASIS_32_FROM_FILE).sum())
    if from_file and method:
        console.print(NARCOTIC_FROM_FILE.format(n=from_file, source=method.source)[language], highlight=False)
    console.print(FORMULARY_NOTE[language], highlight=False)
    for code, count in need["formulary"].value_counts().sort("formulary").iter_rows():  # ≤ 8 codes
        console.print(f"  {code}: {count} — {F.WORDS[code][language]}", highlight=False)


@medicines_app.command("need")
@handle_errors
def need_command(
    patients: Path | None = typer.Option(None, "--patients", help="Outpatient prescriptions (CSV/Parquet)."),
    inpatient: Path | None = typer.Option(None, "--inpatient", help="Inpatient/day-hospital balances."),
    out: Path | None = typer.Option(None, "--out", help="Personalised need: .csv, .xlsx or .parquet."),
    inpatient_out: Path | None = typer.Option(None, "--inpatient-out", help="Inpatient need file."),
    date: str | None = DateOption,
    lang: str = LangOption,
    store: bool = typer.Option(
        False, "--store", help="Keep the regional need and the request in the database (/medicines)."
    ),
    year: int | None = typer.Option(None, "--year", help="With --store: the financial year of the need."),
    database_url: str | None = StoreUrlOption,
    allow_empty: bool = AllowEmptyOption,
) -> None:
    """Personalised annual need by patient, medicine and diagnosis, split by month (drug-rules 19–20)."""
    language = parse_lang(lang)
    on = parse_date(date)
    if patients is None and inpatient is None:
        raise InvalidInput("--patients", NEED_INPUT)
    _check_out(out, "--out", language)
    _check_out(inpatient_out, "--inpatient-out", language)
    if year is not None:
        year = calendar_year(year, "--year", ahead=3)
    if store and (patients is None or year is None):
        raise InvalidInput("--year" if patients is not None else "--patients", STORE_NEEDS)
    try:  # every input is validated before anything is written
        outp = N.load_patients(patients, allow_empty) if patients is not None else None
        inp = N.load_inpatient(inpatient, allow_empty) if inpatient is not None else None
    except InputFileError as e:
        _input_failed(e, language)
    _unread(((N.PATIENTS.names, patients), (N.INPATIENT.names, inpatient)), language)
    if outp is not None:
        from kepil.law.drug_rules import formulary as F
        from kepil.law.drug_rules import method as order32

        try:  # the reference lists and order No. 32's method (KEPIL_REFERENCE_DIR), validated like the input
            lists, method = F.reference_lists(), order32.reference_method()
        except InputFileError as e:
            _input_failed(e, language)
        plan = N.need_plan(outp, on, lists, method or False)
        # --store keeps the whole need; else the file is streamed from the plan (never whole in memory)
        # and the summary computes only its columns
        need = plan.collect() if store else None
        with ThreadPoolExecutor(max_workers=1) as pool:  # the file is written while the summary is counted
            writing = (
                pool.submit(_write_need, plan if need is None else need, out) if out is not None else None
            )
            _need_summary(plan.select(SUMMARY_COLUMNS).collect() if need is None else need, method, language)
            if writing is not None:
                writing.result()
                err_console.print(f"→ {out}")
        if need is not None and year is not None and patients is not None:
            from kepil.reports import open_store
            from kepil.reports.medicines import save_need_and_request

            scope, _ = save_need_and_request(open_store(database_url), need, year, on, patients.name)
            err_console.print(f"→ medicines_need {scope}, medicines_request {scope}", highlight=False)
    if inp is not None:
        result = N.inpatient_need(inp.lazy(), on).collect()
        below, above = int(result["stock_below_minimum"].sum()), int(result["stock_above_maximum"].sum())
        _summary(
            N.decimal_out(result, N.INPATIENT_QUANTITIES),
            "drug-rules 21",
            [("region", None), ("rows", pl.len()), ("organisations", pl.col("organisation").n_unique())],
        )
        if below or above:
            console.print(STOCK_NOTE.format(below=below, above=above)[language], highlight=False)
        if inpatient_out is not None:
            write_table(N.decimal_out(result, N.INPATIENT_QUANTITIES), inpatient_out)
            err_console.print(f"→ {inpatient_out}")


@medicines_app.command("request")
@handle_errors
def request_command(
    need: Path = typer.Option(..., "--need", help="The need file (`kepil medicines need --out`)."),
    year: int = typer.Option(..., "--year", help="Current financial year; the request covers the next 3."),
    dated: str | None = typer.Option(None, "--dated", help="The request's date (YYYY-MM-DD); default today."),
    out: Path | None = typer.Option(None, "--out", help="Budget request: .csv, .xlsx or .parquet."),
    lang: str = LangOption,
    store: bool = typer.Option(False, "--store", help="Also keep the request in the database (/medicines)."),
    database_url: str | None = StoreUrlOption,
    allow_empty: bool = AllowEmptyOption,
) -> None:
    """The Fund's three-year budget request by region, nosology, medicine and patients (drug-rules 18)."""
    language = parse_lang(lang)
    year = calendar_year(year, "--year", ahead=3)
    sent_on = parse_date(dated, "--dated")
    _check_out(out, "--out", language)
    try:
        df = R.load_need(need, allow_empty)
    except InputFileError as e:
        _input_failed(e, language)
    warnings = R.deadline_warnings(df.lazy(), year, sent_on)
    request = R.budget_request(df.lazy(), year).collect()
    _summary(
        request,
        f"drug-rules 18: {year + 1}–{year + 3}",
        [
            ("region", None),
            ("rows", pl.len()),
            ("nosologies", pl.col("icd10").n_unique()),
            ("medicines", pl.struct("inn", "dosage_form").n_unique()),
            ("patients", pl.col("patients").sum()),
        ],
    )
    not_computed = int(request.filter(~R.computed()).height)
    if not_computed:  # drug-rules 22: no figure for the years, out of the totals
        console.print(REQUEST_NOT_COMPUTED.format(n=not_computed)[language], highlight=False)
    for w in warnings:
        err_console.print(f"[yellow]warning:[/] {w.text[language]}", highlight=False, soft_wrap=True)
    if out is not None:
        write_table(N.decimal_out(request, ["annual_need", *R.request_years(year)]), out)
        err_console.print(f"→ {out}")
    if store:
        from kepil.reports import open_store
        from kepil.reports.medicines import save_request

        scope = save_request(open_store(database_url), df, year, sent_on, need.name, request, warnings)
        err_console.print(f"→ medicines_request {scope}", highlight=False)


@medicines_app.command("shipments")
@handle_errors
def shipments_command(
    shipments: Path = typer.Option(
        ..., "--shipments", help="The single distributor's shipments (CSV/Parquet)."
    ),
    out: Path | None = typer.Option(None, "--out", help="Checked shipments: .csv, .xlsx or .parquet."),
    lang: str = LangOption,
    allow_empty: bool = AllowEmptyOption,
) -> None:
    """The distributor's shipments against consumption and the 1–6 months' stock (app. 1, 23.1 and 4)."""
    from kepil.law.drug_rules import shipments as S

    language = parse_lang(lang)
    _check_out(out, "--out", language)
    try:
        df = S.load_shipments(shipments, allow_empty)
    except InputFileError as e:
        _input_failed(e, language)
    _unread(((S.SHIPMENTS.names, shipments),), language)
    result = S.check_shipments(df)
    finding = result["finding"]
    console.print(
        SHIPMENT_NOTE.format(
            rows=result.height,
            below=int((finding == "below_minimum").sum()),
            above=int((finding == "above_maximum").sum()),
            none=int((finding == "no_consumption").sum()),
        )[language],
        highlight=False,
    )
    if out is not None:
        write_table(N.decimal_out(result, S.QUANTITIES), out)
        err_console.print(f"→ {out}")


__all__ = ["register"]
