"""Medicines: drug-rules 4, 11, 12, 18–22, 26 (need.py, request.py, `kepil medicines`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
import polars as pl
import pytest
import typer
from typer.testing import CliRunner

from kepil.claims.inputs import InputFileError
from kepil.cli.medicines import register
from kepil.errors import LawNotInForce
from kepil.law.drug_rules import need as N
from kepil.law.drug_rules import request as R

FORMED_ON = dt.date(2026, 3, 2)  # the day the need is formed (drug-rules 20 in force)

HEADER = (
    "patient_id,region,icd10,inn,dosage_form,dose_unit,single_dose,doses_per_day,intake_days_per_month,"
    "courses_per_year,first_month,prescribed_prev_year,dispensed_prev_year,trade_name,intolerance,"
    "narcotic_psychotropic,agreed_on\n"
)
GOOD = [
    "P1,astana,E11.9,Metformin,tablet,mg,500,2,30,12,,400000,360000,,,,2026-03-20",
    "P2,almaty,I10,Amlodipine,tablet,mg,2.5,1,30,3,10,,,Norvasc,true,,2026-03-21",
    "P3,astana,E11.9,Metformin,tablet,mg,0.125,3,7,2,11,,,,,,",
    "P3,astana,C50.9,Morphine,tablet,mg,10,4,30,1,,,,,,true,",
]


def write(tmp_path: Path, rows: list[str], name: str = "p.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def need(tmp_path: Path, rows: list[str] = GOOD) -> pl.DataFrame:
    return N.personalised_need(N.load_patients(write(tmp_path, rows)), FORMED_ON)


def test_drug_rules_20_annual_need_formula_and_monthly_split_exact(tmp_path: Path) -> None:
    """drug-rules 20: daily = single × times a day; annual = daily × days a month × courses a year."""
    df = N.decimal_out(need(tmp_path), N.NEED_QUANTITIES)
    p1, p2, p3 = df.row(0, named=True), df.row(1, named=True), df.row(2, named=True)
    assert p1["daily_dose"] == Decimal("1000.000") and p1["annual_need"] == Decimal("360000.000")
    assert all(p1[m] == Decimal("30000.000") for m in N.MONTHS)
    assert p2["annual_need"] == Decimal("225.000")  # 2.5 × 1 × 30 × 3
    assert [p2[m] for m in N.MONTHS[9:]] == [Decimal("75.000")] * 3 and p2["m09"] == 0
    assert p3["annual_need"] == Decimal("5.250")  # 0.125 × 3 × 7 × 2: exact thousandths, no rounding
    assert p3["m11"] == p3["m12"] == Decimal("2.625") and p3["m10"] == 0
    assert sum(p3[m] for m in N.MONTHS) == p3["annual_need"]


def test_drug_rules_11_previous_year_volumes_carried(tmp_path: Path) -> None:
    """drug-rules 11: prescribed and dispensed volumes of the previous year beside the need."""
    df = N.decimal_out(need(tmp_path), N.NEED_QUANTITIES)
    row = df.row(0, named=True)
    assert row["prescribed_prev_year"] == Decimal("400000.000")
    assert row["dispensed_prev_year"] == Decimal("360000.000")
    assert row["need_minus_dispensed"] == Decimal("0.000")
    assert df.row(1, named=True)["need_minus_dispensed"] is None


def test_drug_rules_22_narcotic_flag_and_26_trade_name_with_intolerance(tmp_path: Path) -> None:
    df = need(tmp_path)
    assert df["narcotic_psychotropic"].to_list() == [False, False, False, True]
    assert df["trade_name"].to_list() == [None, "Norvasc", None, None]


def test_drug_rules_26_trade_name_without_intolerance_is_a_bad_row(tmp_path: Path) -> None:
    rows = [*GOOD[:2], "P4,astana,I10,Amlodipine,tablet,mg,5,1,30,12,,,,Norvasc,false,,"]
    with pytest.raises(InputFileError) as e:
        N.load_patients(write(tmp_path, rows))
    assert (e.value.row, e.value.column) == (3, "trade_name")
    assert "drug-rules 26" in e.value.text("kk") and "непереносимости" in e.value.text("ru")


def test_bad_rows_name_file_row_column_in_three_languages(tmp_path: Path) -> None:
    rows = [GOOD[0], "P9,nowhere,E11.9,M,tab,mg,0.0005,2,32,12,,,,,maybe,,2026-02-30"]
    with pytest.raises(InputFileError) as e:
        N.load_patients(write(tmp_path, rows))
    found = {(p.row, p.column) for p in e.value.problems}
    assert found == {
        (2, c) for c in ("region", "single_dose", "intake_days_per_month", "intolerance", "agreed_on")
    }
    assert e.value.column == "region"  # lowest row, then the schema's column order
    assert (
        "2-жол" in e.value.text("kk") and "строка 2" in e.value.text("ru") and "row 2" in e.value.text("en")
    )


def test_drug_rules_20_courses_past_december_rejected(tmp_path: Path) -> None:
    with pytest.raises(InputFileError) as e:
        N.load_patients(write(tmp_path, ["P1,astana,I10,A,tablet,mg,1,1,30,4,10,,,,,,"]))
    assert e.value.column == "courses_per_year"


def test_missing_required_column(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text("patient_id,region\nP1,astana\n", encoding="utf-8")
    with pytest.raises(InputFileError) as e:
        N.load_patients(path)
    assert e.value.row is None and e.value.column == "icd10"


def test_parquet_input_with_typed_columns(tmp_path: Path) -> None:
    df = pl.read_csv(write(tmp_path, GOOD), infer_schema_length=None)
    df.write_parquet(tmp_path / "p.parquet")
    assert N.load_patients(tmp_path / "p.parquet")["single_dose"].to_list() == [500000, 2500, 125, 10000]


def test_drug_rules_21_inpatient_need_and_4_stock_months(tmp_path: Path) -> None:
    """drug-rules 21: need = consumption − (start + receipts − expenditure); 4: stock of 1–6 months."""
    path = tmp_path / "i.csv"
    path.write_text(
        "organisation,region,inn,dosage_form,unit,previous_year_consumption,year_start_balance,receipts,"
        "expenditure\n"
        "H1,astana,Ceftriaxone,powder,g,1200,100,1000,1050\n"  # balance 50 < 100 (1 month): below
        "H1,astana,Heparin,solution,IU,1200,100,1000,1000\n"  # balance 100 = 1 month: not below
        "H2,almaty,Heparin,solution,IU,1200,700,100,100\n"  # balance 700 > 600 (6 months): above
        "H3,almaty,Saline,solution,ml,1200,1500,0,0\n",  # balance above consumption: need 0, surplus 300
        encoding="utf-8",
    )
    out = N.decimal_out(N.inpatient_need(N.load_inpatient(path).lazy(), dt.date(2026, 6, 1)).collect(), [])
    assert out["forecast_balance"].to_list() == [50_000, 100_000, 700_000, 1_500_000]
    assert out["need"].to_list() == [1_150_000, 1_100_000, 500_000, 0]
    assert out["surplus"].to_list() == [0, 0, 0, 300_000]
    assert out["stock_below_minimum"].to_list() == [True, False, False, False]
    assert out["stock_above_maximum"].to_list() == [False, False, True, True]
    assert N.stock_months(dt.date(2026, 6, 1)) == (1, 6)


def test_drug_rules_18_request_by_region_nosology_medicine_patients(tmp_path: Path) -> None:
    rows = [*GOOD, "P5,astana,E11.9,Metformin,tablet,mg,500,2,30,12,,,,,,,"]
    req = R.budget_request(need(tmp_path, rows).lazy(), 2026).collect()
    met = req.filter((pl.col("region") == "astana") & (pl.col("inn") == "Metformin")).row(0, named=True)
    assert met["patients"] == 3  # P1, P3 and P5
    assert met["annual_need"] == 360_000_000 * 2 + 5_250
    assert req.height == 3  # astana Metformin, astana Morphine (C50.9, narcotic), almaty Amlodipine
    assert req.filter(pl.col("inn") == "Morphine")["narcotic_psychotropic"].to_list() == [True]


def test_drug_rules_18_distinct_patients_counted_once(tmp_path: Path) -> None:
    rows = [GOOD[0], GOOD[0].replace("500,2", "250,2"), GOOD[2]]
    req = R.budget_request(need(tmp_path, rows).lazy(), 2026).collect()
    assert req.height == 1
    row = req.row(0, named=True)
    assert row["patients"] == 2  # P1 twice, P3 once
    assert row["annual_need"] == 360_000_000 + 180_000_000 + 5_250
    assert row["need_2027"] == row["need_2028"] == row["need_2029"] == row["annual_need"]


def test_drug_rules_12_agreed_after_20_march_warns_nauryz(tmp_path: Path) -> None:
    """drug-rules 12: 20 March is on time; 21 March (Nauryz) is late — calendar days, not moved."""
    warnings = R.deadline_warnings(need(tmp_path).lazy(), 2026, dt.date(2026, 4, 15))
    assert [(w.clause, w.region) for w in warnings] == [("drug-rules 12", "almaty")]
    assert "2026-03-21" in warnings[0].text.en and "2026-03-20" in warnings[0].text.ru


def test_drug_rules_18_request_after_15_april_warns(tmp_path: Path) -> None:
    df = need(tmp_path, [GOOD[0]]).lazy()
    assert R.deadline_warnings(df, 2026, dt.date(2026, 4, 15)) == []
    late = R.deadline_warnings(df, 2026, dt.date(2026, 4, 16))
    assert [w.clause for w in late] == ["drug-rules 18"]


def test_deadlines_before_the_text_in_force_raise(tmp_path: Path) -> None:
    with pytest.raises(LawNotInForce):
        R.request_deadline(2025, dt.date(2025, 1, 1))


def test_drug_rules_20_need_formed_before_the_text_in_force_is_refused(
    tmp_path: Path, cli: typer.Typer
) -> None:
    """The outpatient need is dated like the inpatient one: on a day drug-rules 20 is not in force, the
    formula is not applied (LawNotInForce; the command names it and exits non-zero)."""
    patients = N.load_patients(write(tmp_path, GOOD))
    with pytest.raises(LawNotInForce, match="outpatient_need_formula"):
        N.personalised_need(patients, dt.date(2025, 1, 1))
    args = ["medicines", "need", "--patients", str(tmp_path / "p.csv"), "--date", "2025-01-01"]
    r = CliRunner().invoke(cli, args)
    assert r.exit_code != 0 and "outpatient_need_formula" in r.output


@pytest.fixture
def cli() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


def test_cli_need_and_request_write_csv_xlsx(cli: typer.Typer, tmp_path: Path) -> None:
    runner = CliRunner()
    p = write(tmp_path, GOOD)
    r = runner.invoke(cli, ["medicines", "need", "--patients", str(p), "--out", str(tmp_path / "n.csv")])
    assert r.exit_code == 0, r.output
    assert "drug-rules 22" in r.output
    args = ["medicines", "request", "--need", str(tmp_path / "n.csv"), "--year", "2026"]
    r = runner.invoke(cli, [*args, "--dated", "2026-04-16", "--out", str(tmp_path / "r.xlsx")])
    assert r.exit_code == 0, r.output
    assert "drug-rules 18" in r.output and "drug-rules 12" in r.output
    ws = openpyxl.load_workbook(tmp_path / "r.xlsx").active
    assert ws is not None
    header = [c.value for c in next(ws.iter_rows(max_row=1))]
    assert header[: len(R.KEYS) + 1] == [*R.KEYS, "patients"] and "need_2029" in header


def test_cli_bad_row_exit_2_nothing_written(cli: typer.Typer, tmp_path: Path) -> None:
    p = write(tmp_path, [GOOD[0], "P9,nowhere,E11.9,M,tab,mg,1,2,30,12,,,,,,,"])
    out = tmp_path / "n.csv"
    r = CliRunner().invoke(
        cli, ["medicines", "need", "--patients", str(p), "--out", str(out), "--lang", "ru"]
    )
    assert r.exit_code == 2
    assert "строка 2" in r.output and "«region»" in r.output
    assert not out.exists()
