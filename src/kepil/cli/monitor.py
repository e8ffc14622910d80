"""`kepil monitor`: the Fund's monitoring of purchase contracts (`monitoring-rules` 13, 21, 26, 53–53-2).

run          apply the automated algorithms to a period's claims; defects.parquet, summary.json/.md; stored
defects      list stored defects
object       a provider's objection within 5 working days (26), or the Fund's answer (--uphold/--withdraw)
paid         record a period paid (13: no more corrections; 53: later defects are hidden)
notified     the Fund notified a hidden defect (53)
unscheduled  the unscheduled monitoring set the amount to refund for a hidden defect (2.6, 53)
refunded     the provider refunded that amount (53-1)
worklist     choose a period's claims for expert review (random share, value, deviation, hospital deaths)
finding      an expert's finding: a classifier code on a worklist claim, with the expert's note
deadlines    what is due: open objection windows, notices, refunds (overdue flagged)
summarize    rebuild the dashboards' summary from the stored defects (rows stored before migration 0003)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer
from rich.table import Table
from sqlalchemy import Engine

from kepil.cli.common import (
    JsonOption,
    LangOption,
    console,
    err_console,
    fail,
    handle_errors,
    parse_date,
    parse_lang,
    print_json,
    spinner,
    tenge,
)
from kepil.errors import InvalidInput
from kepil.i18n import Lang, Text
from kepil.law.monitoring_rules.deadlines import PAYMENTS_CONTINUE_TEXT

monitor_app = typer.Typer(
    help="Monitoring of purchase contracts (monitoring-rules): runs, defects, objections, hidden defects.",
    no_args_is_help=True,
)
UrlOption = typer.Option(
    None, "--database-url", help="SQLAlchemy URL; default KEPIL_DATABASE_URL, else sqlite:///kepil.db here."
)

H: dict[str, Text] = {
    "code": Text("Код", "Код", "Code"),
    "rule": Text("Алгоритм", "Алгоритм", "Rule"),
    "region": Text("Өңір", "Регион", "Region"),
    "defects": Text("Ақаулар", "Дефекты", "Defects"),
    "penalty": Text("Айыппұл, ₸", "Неустойка, ₸", "Penalty, ₸"),
    "no_base": Text("Базасыз", "Без базы", "No base"),
    "id": Text("ID", "ID", "ID"),
    "claim": Text("Жағдай", "Случай", "Claim"),
    "status": Text("Күйі", "Статус", "Status"),
    "detected": Text("Анықталды", "Выявлен", "Detected"),
    "objection": Text("Қарсылық мерзімі", "Срок возражения", "Objection by"),
    "hidden": Text("Жасырын", "Скрытый", "Hidden"),
    "kind": Text("Не", "Что", "What"),
    "deadline": Text("Мерзім", "Срок", "Deadline"),
    "period": Text("Кезең", "Период", "Period"),
    "basis": Text("Негіз", "Основание", "Basis"),
}
T: dict[str, Text] = {
    "title": Text(
        "Мониторинг {period}, {region}", "Мониторинг {period}, {region}", "Monitoring {period}, {region}"
    ),
    "all": Text("барлық өңірлер", "все регионы", "all regions"),
    "totals": Text(
        "Жағдайлар: {claims}; ақаулар: {defects}; айыппұл: {penalty} ₸ ({unknown} ақаудың базасы белгісіз)",
        "Случаев: {claims}; дефектов: {defects}; неустойка: {penalty} ₸ "
        "(у {unknown} {unknown|дефекта|дефектов|дефектов} база неизвестна)",
        "Claims: {claims}; defects: {defects}; penalties: {penalty} ₸ ({unknown} "
        "{unknown|defect|defects} with no known base)",
    ),
    "objection": Text(
        "Қарсылық беру мерзімі: {deadline} дейін (анықталған күннен кейін 5 жұмыс күні, 26)",
        "Возражение до {deadline} (5 рабочих дней после дня выявления, 26)",
        "Objections until {deadline} (5 working days after the day of detection, 26)",
    ),
    "hidden": Text(
        "Жасырын ақаулар: {n}; хабарлау {notice} дейін (53), қайтару {refund} дейін (53-1)",
        "Скрытых дефектов: {n}; уведомить до {notice} (53), вернуть до {refund} (53-1)",
        "Hidden defects: {n}; notice by {notice} (53), refund by {refund} (53-1)",
    ),
    "stored": Text(
        "Сақталды (іске қосу {run_id}): аумақта {stored}; қосылды {added}, алынды {removed} (13), "
        "төленген өңірлерде қалды {kept_paid} (13)",
        "Сохранено (запуск {run_id}): в охвате {stored}; добавлено {added}, снято {removed} (13), "
        "оставлено в оплаченных регионах {kept_paid} (13)",
        "Stored (run {run_id}): {stored} in scope; added {added}, removed {removed} (13), "
        "kept in paid regions {kept_paid} (13)",
    ),
    "reevaluated": Text(
        "{rule}: {old} → {new} нұсқасы бойынша қайта бағаланды (13)",
        "{rule}: переоценено по версии {old} → {new} (13)",
        "{rule}: re-evaluated, version {old} → {new} (13)",
    ),
    "files": Text("Файлдар: {files}", "Файлы: {files}", "Files: {files}"),
    "checked": Text(
        "Алгоритмдер тексерген жолдар (13): {rows}",
        "Строки, проверенные алгоритмами (13): {rows}",
        "Rows checked by the algorithms (13): {rows}",
    ),
    "not_checked": Text(
        "Автоматты тексерілмеген жолдар (себебі summary.md-де): {rows} — олардағы «0 ақау» ештеңе "
        "білдірмейді",
        "Строки без автоматической проверки (причины в summary.md): {rows} — «0 дефектов» в них ничего "
        "не значит",
        'Rows not checked automatically (why: summary.md): {rows} — "0 defects" there means nothing',
    ),
    "not_run": Text(
        "Жүргізілмеген алгоритмдер: {rules}",
        "Невыполненные алгоритмы: {rules}",
        "Algorithms not run: {rules}",
    ),
    "kept": Text(
        "Қайта табылмаған, бірақ оған әрекет жасалғандықтан сақталды: {kept_acted}; бұрын анықталған факт "
        "(10): {facts_known}; жоспардан тыс мониторинг қайтару сомасын белгіледі: {refunds_set}",
        "Не найдено снова, но сохранено (по нему были действия): {kept_acted}; факт уже установлен (10): "
        "{facts_known}; внеплановый мониторинг установил суммы возврата: {refunds_set}",
        "Not found again but kept (someone acted on it): {kept_acted}; fact established before (10): "
        "{facts_known}; amounts to refund set by the unscheduled monitoring: {refunds_set}",
    ),
    "not_stored": Text(
        "Дерекқорға сақталмады (--no-store)", "В базу не сохранено (--no-store)", "Not stored (--no-store)"
    ),
    "shown": Text("{total} ішінен {n} көрсетілді", "Показано {n} из {total}", "{n} of {total} shown"),
    "objected": Text("{id}: қарсылық тіркелді", "{id}: возражение записано", "{id}: objection recorded"),
    "resolved": Text("{id}: {status}", "{id}: {status}", "{id}: {status}"),
    "paid": Text(
        "{period} ({region}) {on} төленген (13, 53)",
        "{period} ({region}) оплачен {on} (13, 53)",
        "{period} ({region}) paid on {on} (13, 53)",
    ),
    "recorded": Text("{id}: {what} {on}", "{id}: {what} {on}", "{id}: {what} {on}"),
    "nothing_due": Text("Мерзімі келген ештеңе жоқ", "Ничего не причитается", "Nothing is due"),
    "overdue": Text("мерзімі өтті", "просрочено", "overdue"),
}
KINDS: dict[str, Text] = {
    "objection": Text("қарсылық (26)", "возражение (26)", "objection (26)"),
    "notice": Text("хабарлау (53)", "уведомление (53)", "notice (53)"),
    "refund": Text("қайтару (53-1)", "возврат (53-1)", "refund (53-1)"),
}


@contextmanager
def file_errors(lang: Lang) -> Iterator[None]:
    """An input file's problem (kepil.claims.inputs.InputFileError) already says file, row and column: one
    line in `lang` without a field prefix, exit status 2. Other errors go on to `handle_errors`."""
    try:
        yield
    except InvalidInput as e:
        if getattr(e, "file", None) is None:
            raise
        fail(e.text(lang))


def _engine(url: str | None) -> Engine:
    from kepil.store.migrate import open_store

    return open_store(url)


def summary_table(s: dict[str, Any], lang: Lang) -> Table:
    region = s["region"] or T["all"][lang]
    table = Table(title=T["title"][lang].format(period=s["period"], region=region))
    table.add_column(H["code"][lang])
    table.add_column(H["defects"][lang], justify="right")
    table.add_column(H["penalty"][lang], justify="right")
    table.add_column(H["no_base"][lang], justify="right")
    for g in s["by"]["code"]:
        table.add_row(g["key"], str(g["defects"]), tenge(g["penalty"]), str(g["penalty_unknown"]))
    return table


def _print_summary(s: dict[str, Any], lang: Lang) -> None:
    console.print(summary_table(s, lang))
    table = Table(show_header=True)
    table.add_column(H["rule"][lang])
    table.add_column(H["defects"][lang], justify="right")
    table.add_column(H["penalty"][lang], justify="right")
    for g in s["by"]["rule"]:
        table.add_row(
            f"{g['key']} v{s['rule_versions'].get(g['key'], '?')}", str(g["defects"]), tenge(g["penalty"])
        )
    console.print(table)
    out = [
        T["totals"].format(
            claims=s["claims"],
            defects=s["defects"],
            penalty=tenge(s["penalty"]),
            unknown=s["penalty_unknown"],
        )[lang],
        T["objection"][lang].format(deadline=s["deadlines"]["objection_deadline"]),
    ]
    d = s["deadlines"]
    if d.get("hidden_defects"):
        out.append(
            T["hidden"][lang].format(
                n=d["hidden_defects"], notice=d["notice_deadline"], refund=d["refund_deadline"]
            )
        )
        out.append(PAYMENTS_CONTINUE_TEXT[lang])
    checks = s.get("checks") or {}
    if checks:
        out.append(T["checked"][lang].format(rows=", ".join(str(c["row"]) for c in checks["checked"])))
        out.append(
            T["not_checked"][lang].format(rows=", ".join(str(c["row"]) for c in checks["not_checked"]))
        )
        if checks["not_run"]:
            out.append(T["not_run"][lang].format(rules=", ".join(r["rule"] for r in checks["not_run"])))
    st = s["store"]
    if st is None:
        out.append(T["not_stored"][lang])
    else:
        out.append(T["stored"][lang].format(**st))
        if st.get("kept_acted") or st.get("facts_known") or st.get("refunds_set"):
            out.append(T["kept"][lang].format(**st))
        for rule, (old, new) in st["reevaluated"].items():
            out.append(T["reevaluated"][lang].format(rule=rule, old=", ".join(map(str, old)), new=new))
    out.append(T["files"][lang].format(files=", ".join(s["files"].values())))
    for line in out:
        console.print(line, highlight=False)


@monitor_app.command("run")
@handle_errors
def run_command(
    claims: Path = typer.Option(..., "--claims", help="Claims (Parquet or CSV) as contracts/claims.md."),
    persons: Path = typer.Option(..., "--persons", help="Persons registry (Parquet or CSV)."),
    contracts: Path = typer.Option(..., "--contracts", help="Purchase contracts (Parquet or CSV)."),
    out: Path = typer.Option(..., "--out", help="Folder for defects.parquet, summary.json, summary.md."),
    tariffs: Path | None = typer.Option(None, "--tariffs", help="Tariff book (YAML/JSON): penalty bases."),
    engine: str = typer.Option("duckdb", "--engine", help="duckdb (default) or spark."),
    period: str | None = typer.Option(
        None, "--period", help="YYYY-MM; default the month of the latest end_date."
    ),
    region: str | None = typer.Option(None, "--region", help="Region code or Kazakh name; default all."),
    detected_on: str | None = typer.Option(
        None, "--detected-on", help="Day of detection (deadlines); default today."
    ),
    database_url_option: str | None = UrlOption,
    no_store: bool = typer.Option(False, "--no-store", help="Write the files only; do not store the run."),
    kind: str = typer.Option(
        "current",
        "--kind",
        help="current (21, every working day) or unscheduled (2.6: in a paid period it sets the amounts to "
        "refund for the hidden defects it finds, 53).",
    ),
    allow_empty: bool = typer.Option(
        False,
        "--allow-empty",
        help="Accept input files without rows and a period without claims (else refused: an empty or "
        "truncated file would erase stored defects; defects under objection or decided are kept anyway).",
    ),
    allow_fewer: bool = typer.Option(
        False,
        "--allow-fewer",
        help="Accept judging fewer than half the claims of the scope's last stored run (else refused as "
        "a truncated input).",
    ),
    as_json: bool = JsonOption,
    lang: str = LangOption,
) -> None:
    """Apply the monitoring algorithms (monitoring-rules 13) to the claims of a period; write the defects and
    a summary of what was checked; store the run (idempotent per period and region: a re-run replaces,
    never duplicates, and keeps every defect a person acted on)."""
    from kepil.claims.unread import unread_notes
    from kepil.monitoring.run import run_monitoring
    from kepil.store.db import database_url

    language = parse_lang(lang)
    for note in unread_notes((("claims", claims), ("persons", persons), ("contracts", contracts))):
        err_console.print(f"[yellow]{note[language]}[/]", markup=True, highlight=False)
    with file_errors(language):
        day = parse_date(detected_on, "--detected-on") if detected_on else None
        url = None if no_store else database_url(database_url_option)
        with spinner("kepil monitor run", not as_json) as progress:
            summary = run_monitoring(
                claims,
                persons,
                contracts,
                out,
                period=period,
                region=region,
                engine=engine,
                tariffs=tariffs,
                database_url=url,
                progress=progress,
                detected_on=day,
                kind=kind,
                allow_empty=allow_empty,
                allow_fewer=allow_fewer,
            )
    if as_json:
        print_json(summary.as_dict())
    else:
        _print_summary(summary.as_dict(), language)


@monitor_app.command("defects")
@handle_errors
def defects_command(
    period: str | None = typer.Option(None, "--period", help="YYYY-MM."),
    region: str | None = typer.Option(None, "--region", help="Region code or Kazakh name."),
    rule: str | None = typer.Option(None, "--rule", help="Algorithm id, e.g. readmission_30d."),
    code: str | None = typer.Option(None, "--code", help="Classifier code, e.g. 4.0."),
    status: str | None = typer.Option(None, "--status", help="detected, objected, upheld or withdrawn."),
    hidden: bool | None = typer.Option(None, "--hidden/--not-hidden", help="Only hidden (53) or only not."),
    claim: str | None = typer.Option(None, "--claim", help="One claim's defects."),
    limit: int = typer.Option(50, "--limit", min=1, max=10**9, help="At most this many rows."),
    database_url_option: str | None = UrlOption,
    as_json: bool = JsonOption,
    lang: str = LangOption,
) -> None:
    """List stored defects (filters combine)."""
    from kepil.monitoring.workflow import list_defects

    language = parse_lang(lang)
    total, rows = list_defects(
        _engine(database_url_option),
        period=period,
        region=region,
        rule=rule,
        code=code,
        status=status,
        hidden=hidden,
        claim_id=claim,
        limit=limit,
    )
    if as_json:
        print_json({"total": total, "defects": rows})
        return
    table = Table(caption=T["shown"][language].format(n=len(rows), total=total), caption_justify="left")
    for h in (
        "id",
        "period",
        "region",
        "code",
        "rule",
        "claim",
        "penalty",
        "status",
        "detected",
        "objection",
        "hidden",
    ):
        # ids are what a user copies into `kepil monitor object`: never cut, whatever the terminal width
        ident = h in ("id", "claim")
        table.add_column(
            H[h][language],
            justify="right" if h == "penalty" else "left",
            no_wrap=ident,
            min_width=16 if ident else None,
        )
    for r in rows:
        penalty = tenge(r["penalty"])
        hidden_txt = "✓" if r["hidden"] else ""
        table.add_row(
            r["id"],
            r["period"],
            r["region"],
            r["code"],
            f"{r['rule']} v{r['rule_version']}",
            r["claim_id"] or r["contract_id"] or "",
            penalty,
            r["status"],
            r["detected_on"],
            r["objection_deadline"],
            hidden_txt,
        )
    console.print(table)


@monitor_app.command("object")
@handle_errors
def object_command(
    defect_id: str = typer.Argument(
        ..., metavar="DEFECT_ID", help="The defect's id (kepil monitor defects)."
    ),
    date: str = typer.Option(
        ..., "--date", help="Day of the objection, or of the Fund's answer (YYYY-MM-DD)."
    ),
    reason: str | None = typer.Option(
        None,
        "--reason",
        help="Required: the provider's reasoned justification (26), or the reasons of the Fund's answer.",
    ),
    withdraw: bool = typer.Option(
        False, "--withdraw", help="The Fund accepts the objection: defect withdrawn."
    ),
    uphold: bool = typer.Option(False, "--uphold", help="The Fund rejects the objection: defect upheld."),
    database_url_option: str | None = UrlOption,
    as_json: bool = JsonOption,
    lang: str = LangOption,
) -> None:
    """Record a provider's objection with its reasons, accepted only within 5 working days after the day of
    detection (monitoring-rules 26); with --withdraw or --uphold, the Fund's reasoned answer to it."""
    from kepil.monitoring.workflow import object_defect, resolve_objection

    language = parse_lang(lang)
    if withdraw and uphold:
        raise InvalidInput(
            "--withdraw",
            Text(
                "--withdraw немесе --uphold беріңіз, екеуін бірге емес",
                "укажите --withdraw или --uphold, но не оба",
                "give --withdraw or --uphold, not both",
            ),
        )
    on = parse_date(date, "--date")
    engine = _engine(database_url_option)
    if withdraw or uphold:
        row = resolve_objection(engine, defect_id, on, "withdrawn" if withdraw else "upheld", reason)
        message = T["resolved"][language].format(id=defect_id, status=row["status"])
    else:
        row = object_defect(engine, defect_id, on, reason)
        message = T["objected"][language].format(id=defect_id)
    if as_json:
        print_json(row)
    else:
        console.print(message, highlight=False)


@monitor_app.command("paid")
@handle_errors
def paid_command(
    period: str = typer.Argument(..., metavar="PERIOD", help="YYYY-MM."),
    on: str = typer.Option(..., "--on", help="Day the period was paid (YYYY-MM-DD)."),
    region: str | None = typer.Option(
        None, "--region", help="Region code or Kazakh name; default all regions."
    ),
    database_url_option: str | None = UrlOption,
    lang: str = LangOption,
) -> None:
    """Record a period paid: its defects are no longer corrected (13); later defects are hidden (53)."""
    from kepil.monitoring.workflow import record_paid

    language = parse_lang(lang)
    row = record_paid(_engine(database_url_option), period, region, parse_date(on, "--on"))
    region_txt = T["all"][language] if row["region"] == "all" else row["region"]
    console.print(T["paid"][language].format(period=row["period"], region=region_txt, on=row["paid_on"]))


def _dated(kind: str, what: Text) -> Callable[..., None]:
    @handle_errors
    def command(
        defect_id: str = typer.Argument(..., metavar="DEFECT_ID"),
        on: str = typer.Option(..., "--on", help="YYYY-MM-DD."),
        database_url_option: str | None = UrlOption,
        lang: str = LangOption,
    ) -> None:
        from kepil.monitoring import workflow

        language = parse_lang(lang)
        record = workflow.record_notice if kind == "notified" else workflow.record_refund
        record(_engine(database_url_option), defect_id, parse_date(on, "--on"))
        console.print(
            T["recorded"][language].format(id=defect_id, what=what[language], on=on), highlight=False
        )

    return command


monitor_app.command(
    "notified", help="The Fund notified the provider of a hidden defect (monitoring-rules 53)."
)(_dated("notified", Text("хабарланды", "уведомлён", "notified")))
monitor_app.command(
    "refunded",
    help="The provider refunded the amount the unscheduled monitoring set for a hidden defect "
    "(monitoring-rules 53-1).",
)(_dated("refunded", Text("қайтарылды", "возвращено", "refunded")))


@monitor_app.command("unscheduled")
@handle_errors
def unscheduled_command(
    defect_id: str = typer.Argument(..., metavar="DEFECT_ID", help="A hidden defect's id."),
    on: str = typer.Option(..., "--on", help="Day the unscheduled monitoring concluded (YYYY-MM-DD)."),
    amount: int | None = typer.Option(
        None,
        "--amount",
        min=0,
        max=10**15,
        help="Amount to refund in tiyn; default the defect's penalty (required when it is not known).",
    ),
    database_url_option: str | None = UrlOption,
    as_json: bool = JsonOption,
    lang: str = LangOption,
) -> None:
    """The unscheduled monitoring (monitoring-rules 2.6, 53) of a hidden defect: the amount to refund."""
    from kepil.monitoring.workflow import record_unscheduled

    language = parse_lang(lang)
    row = record_unscheduled(_engine(database_url_option), defect_id, parse_date(on, "--on"), amount)
    if as_json:
        print_json(row)
        return
    what = Text("қайтарылатын сома", "сумма возврата", "amount to refund")[language]
    console.print(
        T["recorded"][language].format(id=defect_id, what=f"{what} {tenge(row['refund_amount'])} ₸", on=on),
        highlight=False,
    )


@monitor_app.command("worklist")
@handle_errors
def worklist_command(
    claims: Path = typer.Option(..., "--claims", help="Claims (Parquet or CSV) as contracts/claims.md."),
    persons: Path = typer.Option(..., "--persons", help="Persons registry (Parquet or CSV)."),
    contracts: Path = typer.Option(..., "--contracts", help="Purchase contracts (Parquet or CSV)."),
    period: str = typer.Option(..., "--period", help="YYYY-MM: the claims whose end_date is in it."),
    region: str | None = typer.Option(None, "--region", help="Region code or Kazakh name; default all."),
    share: float = typer.Option(0.01, "--share", help="Random share of the claims, 0..1 (default 0.01)."),
    min_amount: int | None = typer.Option(
        None, "--min-amount", min=1, max=10**15, help="Every claim of at least this amount (tiyn)."
    ),
    deviation: float | None = typer.Option(
        3.0, "--deviation", help="Every claim of at least this many times its group's average amount."
    ),
    min_group: int = typer.Option(
        5, "--min-group", min=1, help="Claims a group needs for its average to count (default 5)."
    ),
    no_deaths: bool = typer.Option(False, "--no-deaths", help="Leave out hospital deaths (app1 row 21)."),
    seed: int = typer.Option(1, "--seed", min=0, help="Seed of the random draw (same seed, same claims)."),
    tariffs: Path | None = typer.Option(None, "--tariffs", help="Tariff book: the findings' penalty bases."),
    database_url_option: str | None = UrlOption,
    as_json: bool = JsonOption,
    lang: str = LangOption,
) -> None:
    """Choose a period's claims for expert review (monitoring-rules 13; the classifier rows marked for
    review) and store the worklist: replaces the one made before for the period and region."""
    import tempfile

    from kepil.monitoring import worklist as wl
    from kepil.monitoring.run import parse_period
    from kepil.reference.regions import region as find_region

    language = parse_lang(lang)
    chosen_period = parse_period(period)
    code = find_region(region, "--region").code if region is not None else None
    s = wl.Selection(share, min_amount, deviation, min_group, not no_deaths, seed)
    with file_errors(language), tempfile.TemporaryDirectory(prefix="kepil-worklist-") as work:
        out = wl.make(claims, persons, contracts, chosen_period, code, s, _engine(database_url_option),
                      tariffs=tariffs, workdir=Path(work))  # fmt: skip
    if as_json:
        print_json(out)
        return
    console.print(
        WORKLIST.format(period=out["period"], region=out["region"], n=out["selected"],
                                  claims=out["claims"])[language],
        highlight=False,
    )  # fmt: skip


WORKLIST = Text(
    "{period} ({region}) тексеру тізімі: {claims} жағдайдан {n} таңдалды",
    "список экспертизы {period} ({region}): выбрано {n} из {claims} {claims|случая|случаев|случаев}",
    "review worklist {period} ({region}): {n} of {claims} {claims|claim|claims} chosen",
)


@monitor_app.command("finding")
@handle_errors
def finding_command(
    claim_id: str = typer.Argument(..., metavar="CLAIM_ID", help="A claim of the period's review worklist."),
    period: str = typer.Option(..., "--period", help="YYYY-MM of the worklist."),
    code: str = typer.Option(..., "--code", help="Classifier code (e.g. 3.3), or row:N for a lost row."),
    note: str = typer.Option(..., "--note", help="The expert's reasons (required)."),
    on: str | None = typer.Option(None, "--on", help="Day of the finding (YYYY-MM-DD); default today."),
    database_url_option: str | None = UrlOption,
    as_json: bool = JsonOption,
    lang: str = LangOption,
) -> None:
    """An expert's finding on a claim of the review worklist: stored as a defect with its penalty,
    significance and deadlines (monitoring-rules 10, 26, 53), in the same workflow."""
    import datetime as dt

    from kepil.monitoring.findings import record_finding
    from kepil.monitoring.run import parse_period

    language = parse_lang(lang)
    day = parse_date(on, "--on") if on else dt.date.today()
    row = record_finding(_engine(database_url_option), parse_period(period), claim_id, code, note, day)
    if as_json:
        print_json(row)
    else:
        console.print(T["recorded"][language].format(id=row["id"], what=row["code"], on=row["detected_on"]),
                      highlight=False)  # fmt: skip


@monitor_app.command("deadlines")
@handle_errors
def deadlines_command(
    on: str | None = typer.Option(None, "--on", help="The day to look from (YYYY-MM-DD); default today."),
    database_url_option: str | None = UrlOption,
    as_json: bool = JsonOption,
    lang: str = LangOption,
) -> None:
    """What is due: open objection windows (26), notices (53) and refunds (53-1) of hidden defects."""
    from kepil.monitoring.workflow import due

    language = parse_lang(lang)
    rows = due(_engine(database_url_option), parse_date(on, "--on"))
    if as_json:
        print_json(rows)
        return
    if not rows:
        console.print(T["nothing_due"][language])
        return
    table = Table(caption=PAYMENTS_CONTINUE_TEXT[language], caption_justify="left")
    for h in ("deadline", "kind", "period", "region", "defects", "penalty"):
        table.add_column(H[h][language], justify="right" if h in ("defects", "penalty") else "left")
    for r in rows:
        late = f" [red]{T['overdue'][language]}[/]" if r["overdue"] else ""
        table.add_row(
            r["deadline"] + late,
            KINDS[r["kind"]][language],
            r["period"],
            r["region"],
            str(r["defects"]),
            tenge(r["penalty"]),
        )
    console.print(table)


SUMMARIZED = Text(
    "мониторинг жиынтығы қайта құрылды ({period}): {rows} жол",
    "сводка мониторинга пересобрана ({period}): {rows} {rows|строка|строки|строк}",
    "monitoring summary rebuilt ({period}): {rows} {rows|row|rows}",
)
EVERY_PERIOD = Text("барлық кезеңдер", "все периоды", "every period")


@monitor_app.command("summarize")
@handle_errors
def summarize_command(
    period: str | None = typer.Option(None, "--period", help="YYYY-MM; default every stored period."),
    database_url_option: str | None = UrlOption,
    lang: str = LangOption,
) -> None:
    """Rebuild the dashboards' summary (monitoring_summary) from the stored defects, e.g. for defects
    stored before migration 0003. Runs and the workflow keep it current by themselves."""
    from kepil.monitoring.run import parse_period
    from kepil.monitoring.store import rebuild_summary

    language = parse_lang(lang)
    chosen = parse_period(period) if period is not None else None
    rows = rebuild_summary(_engine(database_url_option), chosen)
    shown = chosen or EVERY_PERIOD[language]
    console.print(SUMMARIZED.format(period=shown, rows=rows)[language], highlight=False)


def register(app: typer.Typer) -> None:
    app.add_typer(monitor_app, name="monitor")
