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
    assert "no computed need" in r.output  # drug-rules 22: the Morphine row
    ws = openpyxl.load_workbook(tmp_path / "r.xlsx").active
    assert ws is not None
    header = [c.value for c in next(ws.iter_rows(max_row=1))]
    assert header[: len(R.KEYS) + 1] == [*R.KEYS, "patients"] and "need_2029" in header


def test_cli_need_parquet_has_the_documented_columns_and_types(cli: typer.Typer, tmp_path: Path) -> None:
    """docs/medicines.md: the need file's columns in order, quantities Decimal(38, 3), the same values as
    the need computed in-process, and `medicines request` reads it back."""
    out = tmp_path / "n.parquet"
    r = CliRunner().invoke(
        cli,
        [
            "medicines",
            "need",
            "--patients",
            str(write(tmp_path, GOOD)),
            "--out",
            str(out),
            "--date",
            FORMED_ON.isoformat(),
        ],
    )
    assert r.exit_code == 0, r.output
    written = pl.read_parquet(out)
    assert written.columns == N.NEED_COLUMNS
    assert all(written.schema[q] == pl.Decimal(38, 3) for q in N.NEED_QUANTITIES)
    assert written.schema["doses_per_day"] == pl.Int64 and written.schema["agreed_on"] == pl.Date
    assert written.schema["above_prev_dispensed"] == pl.Boolean and written.schema["region"] == pl.Utf8
    assert written.equals(N.decimal_out(need(tmp_path), N.NEED_QUANTITIES))
    assert written["annual_need"].to_list()[:3] == [
        Decimal("360000.000"),
        Decimal("225.000"),
        Decimal("5.250"),
    ]
    r = CliRunner().invoke(
        cli, ["medicines", "request", "--need", str(out), "--year", "2026", "--dated", "2026-04-01"]
    )
    assert r.exit_code == 0, r.output


def test_cli_bad_row_exit_2_nothing_written(cli: typer.Typer, tmp_path: Path) -> None:
    p = write(tmp_path, [GOOD[0], "P9,nowhere,E11.9,M,tab,mg,1,2,30,12,,,,,,,"])
    out = tmp_path / "n.csv"
    r = CliRunner().invoke(
        cli, ["medicines", "need", "--patients", str(p), "--out", str(out), "--lang", "ru"]
    )
    assert r.exit_code == 2
    assert "строка 2" in r.output and "«region»" in r.output
    assert not out.exists()


# --- issue 19: what the figures are, the lists, the schedules, stock and shipments -------------------


def test_drug_rules_22_narcotic_rows_say_not_computed_and_stay_out_of_the_years(tmp_path: Path) -> None:
    """drug-rules 22: order No. 32's method is not in the seeds — the narcotic line carries clause 20's
    product labelled `order_32_not_computed` and the request gives it no figure for the years."""
    df = need(tmp_path)
    assert df["need_basis"].to_list() == ["drug_rules_20"] * 3 + ["order_32_not_computed"]
    req = R.budget_request(df.lazy(), 2026).collect()
    morphine = req.filter(pl.col("inn") == "Morphine").row(0, named=True)
    assert morphine["annual_need"] == 10_000 * 4 * 30  # clause 20's product, shown as such
    assert morphine["need_2027"] is None and morphine["need_basis"] == "order_32_not_computed"
    metformin = req.filter(pl.col("inn") == "Metformin").row(0, named=True)
    assert metformin["need_2027"] == metformin["annual_need"]


def test_drug_rules_22_cli_says_what_was_computed(tmp_path: Path, cli: typer.Typer) -> None:
    r = CliRunner().invoke(cli, ["medicines", "need", "--patients", str(write(tmp_path, GOOD))])
    assert r.exit_code == 0, r.output
    assert "not computed" in r.output and "is computed under" not in r.output


def test_drug_rules_22_method_of_order_32_from_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A method file in KEPIL_REFERENCE_DIR makes the covered narcotic lines computed (order No. 32)."""
    from kepil.law.drug_rules import method as M

    ref = tmp_path / "ref"
    ref.mkdir()
    (ref / M.FILE).write_text('source: "order No. 32, clause 9"\nmethod: clause_20\ninn: [Morphine]\n')
    monkeypatch.setenv("KEPIL_REFERENCE_DIR", str(ref))
    df = need(tmp_path)
    assert df["need_basis"].to_list()[-1] == "order_32_method_file"
    req = R.budget_request(df.lazy(), 2026).collect()
    assert req.filter(pl.col("inn") == "Morphine")["need_2027"].to_list() == [1_200_000]
    (ref / M.FILE).write_text('source: "x"\nmethod: norms\n')
    with pytest.raises(InputFileError) as e:
        need(tmp_path)
    assert e.value.column == "method" and M.FILE in e.value.text("kk")


def test_drug_rules_21_negative_forecast_balance_is_refused(tmp_path: Path) -> None:
    """drug-rules 21: expenditure above start balance + receipts gives an impossible negative balance."""
    path = tmp_path / "i.csv"
    path.write_text(
        "organisation,region,inn,dosage_form,unit,previous_year_consumption,year_start_balance,receipts,"
        "expenditure\n"
        "H1,astana,Heparin,solution,IU,1200,100,1000,1100\n"  # balance 0: allowed
        "H1,astana,Saline,solution,ml,1200,100,1000,1100.001\n",  # balance -0.001: refused
        encoding="utf-8",
    )
    with pytest.raises(InputFileError) as e:
        N.load_inpatient(path)
    assert (e.value.row, e.value.column) == (2, "expenditure")
    assert "drug-rules 21" in e.value.text("ru") and "refused" in e.value.text("en")


def test_drug_rules_app1_4_stock_applied_to_the_inpatient_need(tmp_path: Path) -> None:
    """App. 1, 4: the need that keeps a stock of 1–6 months: clause 21's need + 1 (rounded up) to 6
    (rounded down) months of consumption."""
    path = tmp_path / "i.csv"
    path.write_text(
        "organisation,region,inn,dosage_form,unit,previous_year_consumption,year_start_balance,receipts,"
        "expenditure\nH1,astana,Heparin,solution,IU,1200,100,0,0\nH1,astana,X,tab,mg,0.013,0,0,0\n",
        encoding="utf-8",
    )
    out = N.inpatient_need(N.load_inpatient(path).lazy(), dt.date(2026, 6, 1)).collect()
    assert out["need"].to_list() == [1_100_000, 13]
    assert out["need_with_min_stock"].to_list() == [1_200_000, 13 + 2]  # 13/12 = 1.08 → 2 thousandths
    assert out["need_with_max_stock"].to_list() == [1_700_000, 13 + 6]  # 13·6/12 = 6.5 → 6


def test_drug_rules_20_irregular_schedule_in_non_consecutive_months(tmp_path: Path) -> None:
    """drug-rules 20: courses in months 1, 4, 7 and 10 (an irregular schedule) — the need by month."""
    path = tmp_path / "p.csv"
    path.write_text(
        "patient_id,region,icd10,inn,dosage_form,dose_unit,single_dose,doses_per_day,intake_days_per_month,"
        "courses_per_year,months\n"
        'P1,astana,E11.9,Metformin,tablet,mg,1,1,10,4,"1;4;7;10"\n'
        "P2,astana,E11.9,Metformin,tablet,mg,1,1,10,,12 2\n",
        encoding="utf-8",
    )
    df = N.personalised_need(N.load_patients(path), FORMED_ON, lists=None, method=False)
    p1, p2 = df.row(0, named=True), df.row(1, named=True)
    assert [p1[m] for m in N.MONTHS] == [10_000, 0, 0, 10_000, 0, 0, 10_000, 0, 0, 10_000, 0, 0]
    assert p1["annual_need"] == 40_000 and p1["schedule"] == "1;4;7;10"
    assert p2["courses_per_year"] == 2 and p2["schedule"] == "2;12" and p2["annual_need"] == 20_000


@pytest.mark.parametrize(
    ("courses", "months", "column"),
    [
        ("3", '"1;4;7;10"', "months"),
        ("", "1;1", "months"),
        ("", "13", "months"),
        ("", "", "courses_per_year"),
    ],
)
def test_drug_rules_20_bad_schedules_are_refused(
    tmp_path: Path, courses: str, months: str, column: str
) -> None:
    path = tmp_path / "p.csv"
    path.write_text(
        "patient_id,region,icd10,inn,dosage_form,dose_unit,single_dose,doses_per_day,intake_days_per_month,"
        f"courses_per_year,months\nP1,astana,E11.9,M,tablet,mg,1,1,10,{courses},{months}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputFileError) as e:
        N.load_patients(path)
    assert (1, column) in {(p.row, p.column) for p in e.value.problems}
    assert e.value.text("kk") and e.value.text("ru") and e.value.text("en")


def _lists_dir(tmp_path: Path) -> Path:
    ref = tmp_path / "ref"
    ref.mkdir(exist_ok=True)
    (ref / "medicine_register.csv").write_text(
        "name,item_type,dosage_form\nMetformin,medicine,tablet\nAmlodipine,medicine,\nGlucometer strip,"
        "medical_device,\nMorphine,medicine,tablet\n",
        encoding="utf-8",
    )
    (ref / "national_formulary.csv").write_text("inn,dosage_form\nmetformin,\n", encoding="utf-8")
    (ref / "local_decisions.csv").write_text("region,inn,decision\nalmaty,Amlodipine,No. 5/2026\n")
    return ref


FORMULARY_ROWS = [
    "P1,astana,E11.9,Metformin,tablet,mg,1,1,30,12,,,,,,,",  # registered, in the formulary
    "P2,almaty,I10,Amlodipine,tablet,mg,1,1,30,12,,,,,,,",  # registered, local decision (22, first part)
    "P3,astana,I10,Amlodipine,tablet,mg,1,1,30,12,,,,,,,",  # registered, off the formulary, no decision
    "P4,astana,E11.9,Metformin,solution,mg,1,1,30,12,,,,,,,",  # the register holds tablets only
    "P5,astana,C50.9,Morphine,tablet,mg,1,1,30,12,,,,,,true,",  # registered, off the formulary
]


def test_drug_rules_app1_22_registration_and_formulary_from_lists(tmp_path: Path) -> None:
    """App. 1, 22 (second part): registered in Kazakhstan and, for a medicine, in the formulary; the
    local decision (first part) answers the formulary, never registration."""
    from kepil.law.drug_rules import formulary as F

    lists = F.reference_lists(_lists_dir(tmp_path))
    df = N.personalised_need(N.load_patients(write(tmp_path, FORMULARY_ROWS)), FORMED_ON, lists, False)
    assert df["formulary"].to_list() == [
        "registered_in_formulary", "local_decision", "not_in_formulary", "not_registered", "not_in_formulary"
    ]  # fmt: skip


def test_drug_rules_app1_22_exceptions_vital_indications_and_orphan(tmp_path: Path) -> None:
    """App. 1, 22 (third part): unregistered medicines and devices for vital indications or orphan
    diseases; special therapeutic products are not named there."""
    from kepil.law.drug_rules import formulary as F

    path = tmp_path / "p.csv"
    path.write_text(
        "patient_id,region,icd10,inn,dosage_form,dose_unit,single_dose,doses_per_day,intake_days_per_month,"
        "courses_per_year,item_type,vital_indications,orphan\n"
        "P1,astana,E11.9,Newdrug,tablet,mg,1,1,30,12,medicine,true,\n"
        "P2,astana,E75.2,Orphandrug,tablet,mg,1,1,30,12,medicine,,yes\n"
        "P3,astana,E75.2,Formula X,,g,1,1,30,12,special_product,,1\n"
        "P4,astana,E11.9,Glucometer strip,,piece,1,1,30,12,medical_device,,\n",
        encoding="utf-8",
    )
    lists = F.reference_lists(_lists_dir(tmp_path))
    df = N.personalised_need(N.load_patients(path), FORMED_ON, lists, False)
    assert df["formulary"].to_list() == ["exception_vital_indications", "exception_orphan", "not_registered",
                                         "registered"]  # fmt: skip
    assert df["item_type"].to_list() == ["medicine", "medicine", "special_product", "medical_device"]


def test_drug_rules_app1_22_without_lists_not_checked_never_lawful(tmp_path: Path) -> None:
    from kepil.law.drug_rules import formulary as F

    df = N.personalised_need(N.load_patients(write(tmp_path, FORMULARY_ROWS)), FORMED_ON, F.Lists(), False)
    assert set(df["formulary"]) == {"not_checked"}
    only_register = F.Lists(register=F.reference_lists(_lists_dir(tmp_path)).register)
    df = N.personalised_need(
        N.load_patients(write(tmp_path, FORMULARY_ROWS)), FORMED_ON, only_register, False
    )
    assert df["formulary"].to_list()[:4] == ["not_checked", "not_checked", "not_checked", "not_registered"]
    assert not any("lawful" in c for c in F.CODES)


def test_reference_list_with_a_bad_row_names_file_row_column(tmp_path: Path, cli: typer.Typer) -> None:
    from kepil.law.drug_rules import formulary as F

    ref = _lists_dir(tmp_path)
    (ref / "local_decisions.csv").write_text("region,inn,decision\nnowhere,Amlodipine,No. 5\n")
    with pytest.raises(InputFileError) as e:
        F.reference_lists(ref)
    assert (e.value.row, e.value.column) == (1, "region") and "local_decisions.csv" in e.value.text("en")
    out = tmp_path / "n.csv"
    r = CliRunner().invoke(
        cli,
        ["medicines", "need", "--patients", str(write(tmp_path, GOOD)), "--out", str(out), "--lang", "kk"],
        env={"KEPIL_REFERENCE_DIR": str(ref)},
    )
    assert r.exit_code == 2 and "local_decisions.csv" in r.output and not out.exists()


def test_drug_rules_11_18_26_devices_and_trade_names_through_the_request(
    tmp_path: Path, cli: typer.Typer
) -> None:
    """11, 18: medical devices in the need and the request; 26: the trade name kept through the request."""
    path = tmp_path / "p.csv"
    path.write_text(
        "patient_id,region,icd10,inn,dosage_form,dose_unit,single_dose,doses_per_day,intake_days_per_month,"
        "courses_per_year,item_type,trade_name,intolerance\n"
        "P1,astana,E11.9,Glucometer strip,,piece,1,4,30,12,medical_device,,\n"
        "P2,astana,I10,Amlodipine,tablet,mg,5,1,30,12,,Norvasc,true\n"
        "P3,astana,I10,Amlodipine,tablet,mg,5,1,30,12,,,\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    r = runner.invoke(cli, ["medicines", "need", "--patients", str(path), "--out", str(tmp_path / "n.csv")])
    assert r.exit_code == 0, r.output
    r = runner.invoke(cli, ["medicines", "request", "--need", str(tmp_path / "n.csv"), "--year", "2026",
                            "--dated", "2026-04-01", "--out", str(tmp_path / "r.csv")])  # fmt: skip
    assert r.exit_code == 0, r.output
    req = pl.read_csv(tmp_path / "r.csv", infer_schema=False)
    assert req.height == 3
    assert req.filter(pl.col("item_type") == "medical_device")["inn"].to_list() == ["Glucometer strip"]
    assert set(req.filter(pl.col("inn") == "Amlodipine")["trade_name"].to_list()) == {"Norvasc", None}


def test_drug_rules_11_a_medicine_needs_its_dosage_form(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(
        "patient_id,region,icd10,inn,dose_unit,single_dose,doses_per_day,intake_days_per_month,"
        "courses_per_year\nP1,astana,I10,Amlodipine,mg,5,1,30,12\n",
        encoding="utf-8",
    )
    with pytest.raises(InputFileError) as e:
        N.load_patients(path)
    assert (e.value.row, e.value.column) == (1, "dosage_form")


def test_drug_rules_11_previous_year_volumes_beside_the_need(tmp_path: Path) -> None:
    """drug-rules 11 (reading): the volumes do not change the figure; the need above last year's
    dispensed volume is marked for the reviewer."""
    df = need(tmp_path)
    assert df["need_minus_prescribed"].to_list()[0] == 360_000_000 - 400_000_000
    assert df["above_prev_dispensed"].to_list() == [False, None, None, None]
    assert df["annual_need"].to_list()[0] == 360_000_000


SHIP = "shipment_id,recipient,region,inn,unit,shipped_on,quantity,monthly_consumption,stock_before\n"


def test_drug_rules_app1_23_1_shipments_against_consumption_and_stock(
    tmp_path: Path, cli: typer.Typer
) -> None:
    """App. 1, 23.1 with 4: the stock after a shipment covers 1 to 6 months of actual consumption."""
    from kepil.law.drug_rules import shipments as S

    path = tmp_path / "s.csv"
    path.write_text(
        SHIP + "S1,PH1,astana,Metformin,mg,2026-03-20,50,100,49.999\n"  # 99.999 < 100: below
        "S2,PH1,astana,Metformin,mg,2026-03-21,50,100,50\n"  # exactly 1 month: within
        "S3,PH1,astana,Metformin,mg,2026-03-22,100,100,500\n"  # exactly 6 months: within
        "S4,PH1,astana,Metformin,mg,2026-03-23,100.001,100,500\n"  # above 6 months
        "S5,PH2,almaty,Insulin,IU,2026-03-23,1,0,0\n",  # nothing consumed
        encoding="utf-8",
    )
    out = S.check_shipments(S.load_shipments(path))
    assert out["finding"].to_list() == ["below_minimum", None, None, "above_maximum", "no_consumption"]
    assert out["stock_months"].to_list()[:4] == [0.999, 1.0, 6.0, 6.0]  # toward zero: 6.00001 shows 6.0
    r = CliRunner().invoke(cli, ["medicines", "shipments", "--shipments", str(path), "--out",
                                 str(tmp_path / "o.csv")])  # fmt: skip
    assert r.exit_code == 0 and "23.1" in r.output


def test_shipments_bad_row_exit_2_nothing_written(tmp_path: Path, cli: typer.Typer) -> None:
    path = tmp_path / "s.csv"
    path.write_text(SHIP + "S1,PH1,astana,Metformin,mg,2026-02-30,50,=1+1,0\n", encoding="utf-8")
    out = tmp_path / "o.csv"
    r = CliRunner().invoke(cli, ["medicines", "shipments", "--shipments", str(path), "--out", str(out),
                                 "--lang", "ru"])  # fmt: skip
    assert r.exit_code == 2 and "строка 1" in r.output and "shipped_on" in r.output and not out.exists()


@pytest.mark.parametrize("year", ["99999999999999999999999", "9997", "0"])
def test_a_year_whose_request_years_are_no_calendar_years_is_refused(
    cli: typer.Typer, tmp_path: Path, year: str
) -> None:
    """Found by the sweep: --year past datetime's years was an OverflowError/ValueError traceback from
    `request` (and from `need --store`); now the option named in the chosen language."""
    need = tmp_path / "need.csv"
    r = CliRunner().invoke(cli, ["medicines", "need", "--patients", str(write(tmp_path, GOOD)), "--date",
                                 "2026-03-02", "--out", str(need)])  # fmt: skip
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(cli, ["medicines", "request", "--need", str(need), "--year", year, "--lang", "ru"])
    assert r.exit_code == 2 and f"--year: {year} — не календарный год; ожидается год 1–9996" in r.output


def test_a_column_the_readers_do_not_read_is_named_with_the_one_it_resembles(
    tmp_path: Path, cli: typer.Typer
) -> None:
    """Found by the sweep: a misspelt optional column (`intolerence`) was dropped without a word, its true
    read as the default false; now a note names
    it, with the column it resembles, in the chosen language (the pay and monitor commands' note)."""
    path = tmp_path / "p.csv"
    path.write_text(HEADER.rstrip("\n") + ",intolerence\n" + GOOD[0] + ",true\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["medicines", "need", "--patients", str(path), "--date", "2026-03-02",
                                 "--lang", "ru"])  # fmt: skip
    said = " ".join(r.output.split())
    assert r.exit_code == 0 and "p.csv: столбцы, которые kepil не читает" in said
    assert "intolerence (→ intolerance?)" in said
    ship = tmp_path / "s.csv"
    ship.write_text(SHIP.rstrip("\n") + ",note\n" + "S1,PH1,astana,Metformin,mg,2026-03-20,50,100,50,x\n",
                    encoding="utf-8")  # fmt: skip
    r = CliRunner().invoke(cli, ["medicines", "shipments", "--shipments", str(ship)])
    assert r.exit_code == 0 and "s.csv: columns kepil does not read (not used" in " ".join(r.output.split())
    plain = CliRunner().invoke(cli, ["medicines", "need", "--patients", str(write(tmp_path, GOOD)), "--date",
                                     "2026-03-02"])  # fmt: skip
    assert "does not read" not in plain.output
