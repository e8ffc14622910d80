"""`kepil mvd`: the paid services of internal-affairs medical institutions (`mvd-paid-services`).

- `kepil mvd rules [--date D]`: the conditions (5), the payer (9), the seven purposes (14) and the
  procurement rule (14, last part), with the act's interval in force and its repealing order;
- `kepil mvd check-ledger FILE [--out FILE]`: every line of a spending ledger, valid or the clause it breaks.

Bad input exits 2 with the file, row and column (in `--lang`), and nothing is written.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from kepil.cli.common import LangOption, console, handle_errors, parse_date, parse_lang
from kepil.errors import InvalidInput, LawNotInForce
from kepil.i18n import Text
from kepil.law import acts
from kepil.law.mvd_paid_services import ledger as L
from kepil.law.mvd_paid_services import rules as R

_STATUS_STYLE = {"valid": "green", "incomplete": "cyan", "reconciliation": "blue", "violation": "red",
                 "not_in_force": "yellow"}  # fmt: skip
_ASSUMED = Text(
    "* — болжам: мәтін бермейтін күн (acts.yaml)",
    "* — допущение: дата, которой нет в тексте (acts.yaml)",
    "* — assumed: a date the text does not give (acts.yaml)",
)
_SHOWN = 20  # lines with a finding printed; the whole result goes to --out


@handle_errors
def rules_command(
    date: str | None = typer.Option(
        None, "--date", help="Answer for this day (YYYY-MM-DD): refused when the act is not in force."
    ),
    lang: str = LangOption,
) -> None:
    """The rules of `mvd-paid-services` 5, 9 and 14 as kepil checks them."""
    language = parse_lang(lang)
    act = acts.act(R.ACT)
    if date is not None:
        on = parse_date(date)
        reason = acts.text_not_in_force_reason(R.ACT, on)
        if reason is not None:
            raise LawNotInForce(Text(*(f"{R.ACT}: {reason[x]}" for x in ("kk", "ru", "en"))))
    console.print(f"[bold]{act.short_title[language]}[/] ({R.ACT})")
    # the dates the text does not give are marked assumed, as `kepil acts` marks them
    start = acts.format_date(act.text_from, language) + ("*" if act.text_from_is_assumed() else "")
    end = acts.format_date(act.end, language) + ("*" if act.end_is_assumed() else "") if act.end else "—"
    console.print(f"{start} – {end}", highlight=False)
    if act.repealed_by is not None:
        r = act.repealed_by
        mark = "*" if r.entry_into_force.assumption else ""
        effective = acts.format_date(r.effective, language) + mark
        console.print(f"[yellow]{r.label[language]}: {effective}[/]", highlight=False)
    if act.text_from_is_assumed() or act.end_is_assumed():
        console.print(_ASSUMED[language], highlight=False)
    table = Table("clause", "code", "text", "purchase")
    table.add_row(R.CONTRACT_CLAUSE, "contract_ref", R.CONTRACT_NAME[language], "")
    for c in R.CONDITIONS:
        table.add_row(c.clause, c.code, c.name[language], "")
    table.add_row(R.PAYER_CLAUSE, R.PAYER, R.PAYER_NAME[language], "")
    table.add_row(R.CARE_LINK_CLAUSE, "gvfmc_cshi", R.CARE_LINK_NAME[language], "")
    for p in R.PURPOSES:
        table.add_row(p.clause, p.code, p.name[language], "yes" if p.purchase else "no")
        if p.code in R.CONDITION_OF:
            table.add_row(p.clause, "basis_ref", R.CONDITION_OF[p.code].basis[language], "")
        if p.code == "other_costs":
            table.add_row(p.clause, "item_kind", ", ".join(R.OTHER_COST_ITEMS), "")
    table.add_row(R.PROCUREMENT_CLAUSE, "procurement_ref", R.PROCUREMENT_NAME[language], "")
    table.add_row(R.PROCUREMENT_CLAUSE, "procurement_method", ", ".join(R.PROCUREMENT_METHODS), "")
    console.print(table)


@handle_errors
def check_ledger_command(
    file: Path = typer.Argument(..., help="The ledger, CSV or Parquet (docs/mvd-paid-services.md)."),
    out: Path | None = typer.Option(None, "--out", help="Write every checked line here (.csv or .parquet)."),
    procurements: Path | None = typer.Option(
        None,
        "--procurements",
        help="The register of procurement contracts (procurement_ref, contract_date, amount).",
    ),
    lang: str = LangOption,
    allow_empty: bool = typer.Option(
        False, "--allow-empty", help="Accept a ledger without lines (else refused as a mistake)."
    ),
) -> None:
    """Check an institution's ledger line by line against `mvd-paid-services` 3, 5, 9 and 14."""
    language = parse_lang(lang)
    if out is not None and out.suffix.lower() not in (".csv", ".parquet"):
        raise InvalidInput("--out", L.OUTPUT_SUFFIX)
    result = L.check_ledger_file(file, allow_empty, procurements)
    if out is not None:
        L.write_result(result, out)
    counts = Table("status", "violation", "clause", "lines", "amount, tiyn")
    for row in L.summary(result).iter_rows(named=True):
        style = _STATUS_STYLE[row["status"]]
        counts.add_row(
            f"[{style}]{row['status']}[/]",
            row["violation"] or "",
            row["clause"] or "",
            str(row["lines"]),
            str(row["amount"]),
        )
    console.print(counts)
    found = result.filter(result["status"] != "valid").head(_SHOWN)
    if found.height:
        lines = Table("row", "line_id", "date", "clause", "message")
        for row in found.iter_rows(named=True):
            lines.add_row(
                str(row["row"]),
                row["line_id"],
                row["date"].isoformat(),
                row["clause"] or "",
                row[f"message_{language}"],
            )
        console.print(lines)
    if out is not None:
        console.print(f"{result.height} → {out}")


def register(app: typer.Typer) -> None:
    mvd = typer.Typer(help="Paid services of internal-affairs medical institutions (mvd-paid-services).")
    mvd.command("rules")(rules_command)
    mvd.command("check-ledger")(check_ledger_command)
    app.add_typer(mvd, name="mvd")
