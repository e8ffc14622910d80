"""`kepil whatif`: a change of the law measured before it lands — on coverage requests (or a population) and
on a month of claims, clause by clause (docs/whatif.md)."""

from __future__ import annotations

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
    parse_date,
    parse_lang,
    print_json,
    spinner,
    tenge,
)
from kepil.errors import InvalidInput
from kepil.i18n import Lang, Text

whatif_app = typer.Typer(
    help="What if: a reform (or the law of another day) measured on coverage and on a month of claims.",
    no_args_is_help=True,
)

T = {
    "one_of": Text(
        "--reform не --as-of: тек біреуі",
        "--reform или --as-of: ровно один",
        "give exactly one of --reform and --as-of",
    ),
    "source": Text(
        "--requests не --population: тек біреуі",
        "--requests или --population: ровно один",
        "give exactly one of --requests and --population",
    ),
    "out": Text(
        ".parquet, .csv не .xlsx файлы болуы керек",
        "ожидается файл .parquet, .csv или .xlsx",
        "expected a .parquet, .csv or .xlsx file",
    ),
    "wrote": Text("жазылды", "записано", "wrote"),
    "stored": Text("сақталды", "сохранено", "stored"),
    "left_out": Text(
        "{n} адам {date} дейін қайтыс болған: олар қаралмайды",
        "{n} {n|человек умер|человека умерли|человек умерли} до {date}: не рассматриваются",
        "{n} {n|person|persons} died before {date}: left out",
    ),
    "claims_title": Text(
        "«{name}», {period}: {claims} жағдай; {moved} жағдайдың пакеті не сомасы өзгереді",
        "«{name}», {period}: {claims} {claims|случай|случая|случаев}; у {moved} меняется пакет или сумма",
        "“{name}”, {period}: {claims} {claims|claim|claims}; {moved} {moved|changes|change} package "
        "or amount",
    ),
    "money": Text("Ақша (пакет бойынша), ₸", "Деньги (по пакетам), ₸", "Money by package, ₸"),
    "defects": Text("Ақаулар (код бойынша)", "Дефекты (по кодам)", "Defects by code"),
    "warning": Text("ескерту", "предупреждение", "warning"),
}
SUFFIXES = (".parquet", ".csv", ".xlsx")


def summary_path(out: Path, name: str = "summary") -> Path:
    """`diff.parquet` → `diff.summary.parquet`."""
    return out.with_name(f"{out.stem}.{name}{out.suffix}")


def _reform(reform: str | None, as_of: str | None) -> Any:
    from kepil.whatif.reform import apply, as_of_reform, load_reform

    if (reform is None) == (as_of is None):
        raise InvalidInput("--reform", T["one_of"])
    r = load_reform(reform) if reform is not None else as_of_reform(parse_date(as_of, "--as-of"))
    return apply(r)


def _check_out(out: Path) -> None:
    if out.suffix.lower() not in SUFFIXES:
        raise InvalidInput("--out", T["out"])


def _summary_table(summary: Any, title: str, lang: Lang) -> Table:
    from kepil.whatif import messages as M

    table = Table(title=title, caption="kepil whatif", caption_justify="left")
    for key in ("dimension", "value", "requests", "changed", "lost", "gained", "package", "other"):
        table.add_column(M.COLUMNS[key][lang], justify="left" if key in ("dimension", "value") else "right")
    for r in summary.iter_rows(named=True):
        if r["dimension"] != "total" and r["changed"] == 0:
            continue
        lost = f"{r['lost']:,}" + (f" ({r['lost_unknown']:,}?)" if r["lost_unknown"] else "")
        table.add_row(
            M.DIMENSIONS[r["dimension"]][lang],
            r["value"],
            f"{r['requests']:,}",
            f"{r['changed']:,}",
            lost,
            f"{r['gained']:,}",
            f"{r['package']:,}",
            f"{r['other']:,}",
        )
    return table


def _warn(reform: Any, lang: Lang) -> None:
    for w in reform.warnings:
        err_console.print(f"[yellow]{T['warning'][lang]}:[/] {w[lang]}", highlight=False)


@whatif_app.command("coverage")
@handle_errors
def coverage_command(
    requests: Path | None = typer.Option(
        None, "--requests", help="Coverage requests (.csv or .parquet, the batch columns; optional `region`)."
    ),
    population: Path | None = typer.Option(
        None, "--population", help="Persons (as `kepil synth` writes persons.parquet; optional `region`)."
    ),
    services: Path | None = typer.Option(
        None, "--services", help="With --population: the services asked per person (YAML; default built in)."
    ),
    on: str = typer.Option("2026-07-01", "--date", help="With --population: the day of the requests."),
    reform: str | None = typer.Option(
        None, "--reform", help="A reform file (YAML, docs/whatif.md) or a built-in scenario: program-2027."
    ),
    as_of: str | None = typer.Option(
        None, "--as-of", help="Instead of a reform: the law in force on this day."
    ),
    out: Path = typer.Option(
        ..., "--out", help="The changed requests (.parquet, .csv or .xlsx); summary beside."
    ),
    store: bool = typer.Option(False, "--store", help="Also keep the result in the database (/whatif page)."),
    database_url: str | None = typer.Option(None, "--database-url", help="With --store: SQLAlchemy URL."),
    as_json: bool = JsonOption,
    lang: str = LangOption,
) -> None:
    """Decide the same requests under the law and under the reform; write every changed answer."""
    from kepil.files import write_frame, written_together
    from kepil.whatif import coverage as W
    from kepil.whatif import messages as M

    language: Lang = parse_lang(lang)
    _check_out(out)
    if (requests is None) == (population is None):
        raise InvalidInput("--requests", T["source"])
    applied = _reform(reform, as_of)
    _warn(applied.reform, language)
    with spinner("kepil whatif coverage") as progress:
        if requests is not None:
            if progress:
                progress(f"reading {requests.name}")
            t = W.read_requests(requests)
            source = requests.name
        else:
            assert population is not None
            day = parse_date(on, "--date")
            t, dead = W.population_requests(population, W.load_services(services), day)
            source = population.name
            if dead:
                err_console.print(T["left_out"].format(n=dead, date=day)[language], highlight=False)
        if progress:
            progress("deciding under the law and under the reform")
        diff = W.compare(t, applied, lang=language)
    with written_together(out, summary_path(out), suffix=out.suffix) as (tmp_out, tmp_summary):
        write_frame(diff.changes, tmp_out, out.suffix)
        write_frame(diff.summary, tmp_summary, out.suffix)
    total = diff.summary.row(0, named=True)
    scope = None
    if store:
        from kepil.reports import open_store
        from kepil.whatif.store import save

        scope = save(
            open_store(database_url),
            "whatif_coverage",
            applied.reform,
            source,
            diff.summary,
            diff.changes,
            {
                "requests": diff.requests,
                **{k: total[k] for k in ("changed", "lost", "lost_unknown", "gained", "package", "other")},
            },
        )
    if as_json:
        print_json({"reform": applied.reform.as_dict(), "summary": diff.summary.to_dicts(), "scope": scope})
        return
    title = M.TITLE.format(
        name=applied.reform.name, changed=f"{total['changed']:,}", requests=f"{diff.requests:,}"
    )[language]
    console.print(_summary_table(diff.summary, title, language))
    err_console.print(f"{T['wrote'][language]}: {out} ({diff.changes.height}), {summary_path(out)}")
    if scope:
        err_console.print(f"{T['stored'][language]}: whatif_coverage {scope}")


@whatif_app.command("claims")
@handle_errors
def claims_command(
    claims: Path = typer.Option(..., "--claims", help="Claims (Parquet or CSV), shared/contracts/claims.md."),
    persons: Path = typer.Option(..., "--persons", help="Persons (Parquet or CSV)."),
    contracts: Path = typer.Option(..., "--contracts", help="Contracts (Parquet or CSV)."),
    tariffs: Path = typer.Option(..., "--tariffs", help="The tariff book of the year (YAML)."),
    reform: str | None = typer.Option(None, "--reform", help="A reform file or a built-in scenario."),
    as_of: str | None = typer.Option(
        None, "--as-of", help="Instead of a reform: the law in force on this day."
    ),
    out: Path = typer.Option(
        ...,
        "--out",
        help="Claims whose package or amount changes (.parquet, .csv, .xlsx); money, moves and "
        "defects beside.",
    ),
    period: str | None = typer.Option(None, "--period", help="The month YYYY-MM (default: the latest)."),
    attached: Path | None = typer.Option(None, "--attached", help="Attached people for per-capita rows."),
    engine: str = typer.Option("duckdb", "--engine", help="Monitoring engine: duckdb or spark."),
    store: bool = typer.Option(False, "--store", help="Also keep the result in the database (/whatif page)."),
    database_url: str | None = typer.Option(None, "--database-url", help="With --store: SQLAlchemy URL."),
    as_json: bool = JsonOption,
    lang: str = LangOption,
) -> None:
    """Re-run payment and monitoring of a month under the reform: money moved, defects appearing or not."""
    from kepil.files import write_frame, written_together
    from kepil.monitoring.run import parse_period
    from kepil.whatif.claims import compare_claims

    language: Lang = parse_lang(lang)
    _check_out(out)
    applied = _reform(reform, as_of)
    _warn(applied.reform, language)
    if period is not None:
        period = parse_period(period)
    with spinner("kepil whatif claims") as progress:
        diff = compare_claims(
            claims,
            persons,
            contracts,
            tariffs,
            applied,
            period=period,
            attached=attached,
            engine=engine,
            progress=progress,
        )
    files = {
        out: diff.changed_claims,
        summary_path(out, "money"): diff.money,
        summary_path(out, "moves"): diff.moves,
        summary_path(out, "defects"): diff.defects,
        summary_path(out, "defects_by_code"): diff.defect_summary,
    }
    with written_together(*files, suffix=out.suffix) as temps:
        for frame, tmp in zip(files.values(), temps, strict=True):
            write_frame(frame, tmp, out.suffix)
    scope = None
    if store:
        from kepil.reports import open_store
        from kepil.whatif.store import save

        scope = save(
            open_store(database_url),
            "whatif_claims",
            applied.reform,
            f"{claims.name}-{diff.period}",
            diff.money,
            diff.changed_claims,
            {"claims": diff.claims, "changed": diff.changed_claims.height, "period": diff.period},
            extra={"moves": diff.moves.to_dicts(), "defects_by_code": diff.defect_summary.to_dicts()},
        )
    if as_json:
        print_json(
            {
                "reform": applied.reform.as_dict(),
                "period": diff.period,
                "claims": diff.claims,
                "moves": diff.moves.to_dicts(),
                "money": diff.money.to_dicts(),
                "defects_by_code": diff.defect_summary.to_dicts(),
                "scope": scope,
            }
        )
        return
    console.print(
        T["claims_title"].format(
            name=applied.reform.name,
            period=diff.period,
            claims=f"{diff.claims:,}",
            moved=f"{diff.changed_claims.height:,}",
        )[language],
        highlight=False,
    )
    money = Table(title=T["money"][language])
    for col in ("package", "law", "reform", "moved", "presented law", "presented reform", "presented moved"):
        money.add_column(col, justify="left" if col == "package" else "right")
    for r in diff.money.filter(diff.money["dimension"] == "package").iter_rows(named=True):
        money.add_row(
            r["value"],
            tenge(r["law_tiyn"]),
            tenge(r["reform_tiyn"]),
            tenge(r["moved_tiyn"]),
            tenge(r["law_presented_tiyn"]),
            tenge(r["reform_presented_tiyn"]),
            tenge(r["moved_presented_tiyn"]),
        )
    console.print(money)
    defects = Table(title=T["defects"][language])
    for col in ("code", "appear", "disappear", "penalty changes", "penalty moved, ₸", "clause"):
        defects.add_column(col)
    for r in diff.defect_summary.iter_rows(named=True):
        defects.add_row(
            r["code"],
            str(r["appear"]),
            str(r["disappear"]),
            str(r["penalty_changes"]),
            tenge(r["penalty_moved_tiyn"]),
            r["clause"] or "",
        )
    console.print(defects)
    err_console.print(f"{T['wrote'][language]}: {', '.join(str(p) for p in files)}")
    if scope:
        err_console.print(f"{T['stored'][language]}: whatif_claims {scope}")


@whatif_app.command("rules")
@handle_errors
def rules_command(
    kind: str | None = typer.Argument(None, help="Only the rules of this kind of care."),
    as_json: bool = JsonOption,
) -> None:
    """The coverage rules a reform can switch by id, with their clauses and dates in force."""
    from kepil.coverage.rulebook import law_rulebook
    from kepil.whatif.reform import BINDINGS

    bound = {rid: name for name, b in BINDINGS.items() for rid in b.rules}
    rows: list[dict[str, Any]] = [
        {
            "id": r.id,
            "kinds": sorted(r.kinds),
            "package": r.funding,
            "clauses": [str(c) for c in r.basis],
            "from": r.valid_from,
            "to": r.valid_to,
            "parameter": bound.get(r.id),
        }
        for r in law_rulebook().rules
        if kind is None or kind in r.kinds
    ]
    if as_json:
        print_json(rows)
        return
    table = Table(title="kepil whatif rules")
    for col in ("id", "package", "clauses", "from", "to", "parameter"):
        table.add_column(col)
    for r in rows:
        table.add_row(
            r["id"],
            r["package"],
            ", ".join(r["clauses"]),
            str(r["from"] or "—"),
            str(r["to"] or "—"),
            r["parameter"] or "",
        )
    console.print(table)


@whatif_app.command("check")
@handle_errors
def check_command(
    reform: str = typer.Argument(..., help="A reform file or a built-in scenario."),
    lang: str = LangOption,
    as_json: bool = JsonOption,
) -> None:
    """Validate a reform file and show what it changes (rules and their new dates)."""
    from kepil.whatif.reform import apply, load_reform

    language: Lang = parse_lang(lang)
    applied = apply(load_reform(reform))
    _warn(applied.reform, language)
    changed: list[dict[str, Any]] = [
        {"id": rid, "in_force": [{"from": a, "to": b} for a, b in applied.spans(rid)]}
        for rid in applied.changed_rules
    ]
    if as_json:
        print_json({"reform": applied.reform.as_dict(), "changed_rules": changed})
        return
    console.print(f"{applied.reform.name} ({applied.reform.digest})", highlight=False)
    for c in changed:
        spans = ", ".join(f"{s['from']} … {s['to']}" for s in c["in_force"]) or "—"
        console.print(f"  {c['id']}: {spans}", highlight=False)


def register(app: typer.Typer) -> None:
    """Add `kepil whatif` to the main app."""
    app.add_typer(whatif_app, name="whatif")
