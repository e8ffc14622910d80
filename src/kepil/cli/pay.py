"""`kepil pay`: amounts due for claims by the payment methods of `program-2026-2028` appendix 2 (77)."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
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
    spinner,
    tenge,
)
from kepil.errors import InvalidInput
from kepil.files import write_frame, written_together
from kepil.i18n import Lang, Text
from kepil.law.program_2026_2028.payment import attachments_from_store, pay_to_files
from kepil.law.program_2026_2028.tariffs import load_tariffs
from kepil.reference.calendar import month_bounds

T = {
    "title": Text(
        "Төлем әдістері мен өңірлер бойынша сомалар ({period})",
        "Суммы по методам оплаты и регионам ({period})",
        "Amounts by payment method and region ({period})",
    ),
    "all": Text("барлық кезең", "весь период", "whole input"),
    "method": Text("Әдіс", "Метод", "Method"),
    "region": Text("Өңір", "Регион", "Region"),
    "claims": Text("Жағдайлар", "Случаи", "Claims"),
    "amount": Text("Сома, ₸", "Сумма, ₸", "Amount, ₸"),
    "withheld": Text("Ұсталды, ₸", "Удержано, ₸", "Withheld, ₸"),
    "unpriced": Text("Бағасыз", "Без цены", "Unpriced"),
    "none": Text("(әдіс жоқ)", "(нет метода)", "(no method)"),
    "wrote": Text("жазылды", "записано", "wrote"),
    "priced": Text(
        "{n} жағдайдың {priced} бағаланды ({share} %), 2-қосымшаның тармағы көрсетілген; бағасыз: {reasons}",
        "Из {n} {n|случая|случаев|случаев} оценено {priced} ({share} %) с пунктом приложения 2; без "
        "цены: {reasons}",
        "{priced} of {n} {n|claim|claims} priced with an appendix-2 item ({share} %); unpriced: {reasons}",
    ),
    "governed": Text(
        "; 2-қосымша реттейтін {m} жағдайдың {share} % бағаланды (одан тыс: ДСМ-75 тізбесі бойынша "
        "амбулаториялық дәрілік қамтамасыз ету, program-2026-2028 52.3, 70)",
        "; из {m} {m|случая|случаев|случаев}, которые регулирует приложение 2, оценено {share} % "
        "(вне его: амбулаторное "
        "лекарственное обеспечение по перечню ДСМ-75, program-2026-2028 52.3, 70)",
        "; of the {m} {m|claim|claims} appendix 2 governs, {share} % priced (outside it: outpatient "
        "drug provision by "
        "the ДСМ-75 list, program-2026-2028 52.3, 70)",
    ),
    "reason:outside_appendix_2": Text("2-қосымшадан тыс", "вне приложения 2", "outside appendix 2"),
    "reason:missing_tariff_input": Text("тарифтің кірісі жоқ", "нет входа тарифа", "a tariff input missing"),
    "reason:no_method": Text("әдіс анықталмады", "метод не определён", "no method determined"),
    "store": Text(
        "--store үшін --database-url пен --period керек",
        "для --store нужны --database-url и --period",
        "--store needs --database-url and --period",
    ),
    "out": Text(
        ".parquet немесе .csv файлы болуы керек",
        "ожидается файл .parquet или .csv",
        "expected a .parquet or .csv file",
    ),
}


def reconciliation_path(out: Path) -> Path:
    """Who was paid for whom, on which days, beside the amounts: `amounts.attachments.parquet`."""
    return out.with_name(f"{out.stem}.attachments{out.suffix}")


def summary_path(out: Path) -> Path:
    """The summary beside the amounts: `amounts.parquet` → `amounts.summary.parquet`."""
    return out.with_name(f"{out.stem}.summary{out.suffix}")


def _table(summary: pa.Table, period: str | None, lang: Lang) -> Table:
    table = Table(
        title=T["title"][lang].format(period=period or T["all"][lang]),
        caption="program-2026-2028 77, app2",
        caption_justify="left",
    )
    for key, right in (("method", False), ("region", False), ("claims", True), ("amount", True)):
        table.add_column(T[key][lang], justify="right" if right else "left")
    table.add_column(T["withheld"][lang], justify="right")
    table.add_column(T["unpriced"][lang], justify="right")
    for r in summary.to_pylist():
        table.add_row(
            r["method"] or T["none"][lang],
            r["region"] or "—",
            str(r["claims"]),
            tenge(r["amount_tiyn"]),
            tenge(r["withheld_tiyn"]),
            str(r["unpriced"]),
        )
    return table


@handle_errors
def pay_command(
    claims: Path = typer.Option(..., "--claims", help="Claims (Parquet or CSV), shared/contracts/claims.md."),
    tariffs: Path = typer.Option(..., "--tariffs", help="Tariff book of the year (YAML or JSON)."),
    out: Path = typer.Option(
        ..., "--out", help="Amounts file (.parquet or .csv); the summary goes beside it."
    ),
    attached: list[Path] = typer.Option(
        [],
        "--attached",
        help="Population paid per capita (repeatable): person-level attachments (provider_id, region, iin, "
        "start[, ended_on, valid_until, rural]) or counts (provider_id, region, attached[, base, "
        "person_days, rural]).",
    ),
    database_url: str | None = typer.Option(
        None, "--database-url", help="Take the month's attachments from the attachment registry at this URL."
    ),
    period: str | None = typer.Option(
        None, "--period", help="A month YYYY-MM: price claims ending in it; needed for per-capita rows."
    ),
    store: bool = typer.Option(
        False,
        "--store",
        help="Keep the month's payment in the store at --database-url for the pages and API.",
    ),
    as_json: bool = JsonOption,
    lang: str = LangOption,
) -> None:
    """Amounts due for claims by the payment methods of program-2026-2028 appendix 2 (clause 77)."""
    language: Lang = parse_lang(lang)
    if out.suffix.lower() not in (".parquet", ".csv"):
        raise InvalidInput("--out", T["out"])
    if store and (database_url is None or period is None):
        raise InvalidInput("--store", T["store"])
    book = load_tariffs(tariffs)
    from kepil.claims.unread import unread_notes

    for note in unread_notes((("claims", claims),)):
        err_console.print(f"[yellow]{note[language]}[/]", markup=True, highlight=False)
    sources: list[Path | pa.Table] = list(attached)
    if database_url is not None:
        month_bounds(period or "", "--period")
        sources.append(attachments_from_store(database_url, period or ""))
    # Both files are written under temporary names and renamed only when both are complete: a failed
    # run leaves nothing half-written.
    with (
        written_together(out, summary_path(out), reconciliation_path(out), suffix=out.suffix) as (
            tmp_out,
            tmp_summary,
            tmp_recon,
        ),
        spinner("kepil pay") as progress,
    ):
        rows, summary = pay_to_files(
            claims, book, tmp_out, period=period, attached=sources or None, progress=progress,
            reconciliation=tmp_recon,
        )  # fmt: skip
        write_frame(summary, tmp_summary, out.suffix)
        if store and database_url is not None and period is not None:
            from kepil.reports.payment import store_payment
            from kepil.store.migrate import open_store

            store_payment(
                open_store(database_url), period.strip(), tmp_out, f"kepil pay {claims.name}", book.year
            )
    if as_json:
        print_json(summary.to_pylist())
    else:
        console.print(_table(summary, period, language))
        err_console.print(_priced_line(summary, out, language))
        err_console.print(f"{T['wrote'][language]}: {out} ({rows}), {summary_path(out)}")


def _priced_line(summary: pa.Table, out: Path, lang: Lang) -> str:
    """The share of claims priced with a cited item (from the summary's counts), and the unpriced by
    reason (one scan of the amounts just written; issue 16: every unpriced claim carries its reason)."""
    import polars as pl

    n, unpriced = sum(summary.column("claims").to_pylist()), sum(summary.column("unpriced").to_pylist())
    frame = pl.scan_parquet(out) if out.suffix.lower() == ".parquet" else pl.scan_csv(out)
    reasons = (
        frame.filter(pl.col("claim_id").is_not_null() & pl.col("amount_tiyn").is_null())
        .group_by(pl.col("inputs").str.json_path_match("$.reason").fill_null("no_method").alias("reason"))
        .len()
        .sort("len", descending=True)
        .collect()
    )

    def grouped(k: int) -> str:
        return f"{k:,}".replace(",", " ")

    said = ", ".join(
        f"{T.get('reason:' + r, Text(r, r, r))[lang]} {grouped(c)}" for r, c in reasons.iter_rows()
    )
    share = f"{100 * (n - unpriced) / n:.1f}" if n else "—"
    line = T["priced"].format(n=grouped(n), priced=grouped(n - unpriced), share=share, reasons=said or "0")[
        lang
    ]
    # Appendix 2 has no method for outpatient drug provision other than 2.4/9.4, 6.5, 11.2 and 12.4: the
    # Fund pays it under the drug-provision rules (Program 52.3, 70), so the share of the claims the
    # appendix governs is said beside the share of all.
    outside = dict(reasons.iter_rows()).get("outside_appendix_2", 0)
    if outside and n > outside:
        m = n - outside
        line += T["governed"].format(m=grouped(m), share=f"{100 * (n - unpriced) / m:.2f}")[lang]
    return line


def register(app: typer.Typer) -> None:
    """Add `kepil pay` to the main app."""
    app.command("pay")(pay_command)
