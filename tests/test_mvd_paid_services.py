"""`mvd-paid-services` 5, 9, 14 and its repeal by order No. 393: the ledger check and `kepil mvd`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
import typer
from typer.testing import CliRunner

from kepil.claims.inputs import InputFileError
from kepil.cli.mvd import register
from kepil.law import acts
from kepil.law.mvd_paid_services import ledger as L
from kepil.law.mvd_paid_services import rules as R

HEADER = "line_id,date,kind,amount,condition,payer,tariff_amount,purpose,purchase,procurement_ref"
IN_FORCE = "2024-05-02"


def _csv(tmp_path: Path, *lines: str, name: str = "ledger.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


FULL = HEADER + ",contract_ref,gvfmc_cshi,basis_ref,item_kind,item,procurement_method"


def _full(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "full.csv"
    path.write_text("\n".join([FULL, *lines]) + "\n", encoding="utf-8")
    return path


def _register(tmp_path: Path, rows: str = "GZ-2024-1,2024-01-10,100000,open_tender") -> Path:
    path = tmp_path / "procurements.csv"
    path.write_text("procurement_ref,contract_date,amount,method\n" + rows + "\n", encoding="utf-8")
    return path


def _lists(tmp_path: Path) -> Path:
    folder = tmp_path / "ref"
    folder.mkdir(exist_ok=True)
    (folder / "distributor_list.csv").write_text("name,year\nmetformin,2024\n", encoding="utf-8")
    return folder


def _check(tmp_path: Path, *lines: str) -> pl.DataFrame:
    return L.check_ledger_file(_csv(tmp_path, *lines))


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


# --- the act's dates ----------------------------------------------------------------------------------


def test_repeal_by_order_393_dates() -> None:
    """Order No. 393 of 29 May 2025 (published 30 May 2025, an assumption) applies ten calendar days after
    publication: 9 June 2025 is the last day the act is in force, 10 June 2025 the first it is not."""
    act = acts.act(R.ACT)
    assert act.repealed_by is not None and act.repealed_by.number == "393"
    assert act.end == dt.date(2025, 6, 9)
    assert L.repeal_day() == dt.date(2025, 6, 10)


def test_repeal_boundary_last_day_in_force_vs_next_day(tmp_path: Path) -> None:
    """A Fund payment on 9 June 2025 is checked against 5 and 9; on 10 June 2025 the act is not in force and
    the answer names the repealing order No. 393 (kk, ru, en)."""
    r = _check(
        tmp_path,
        "a,2025-06-09,income,1000,inpatient,fund,1000,,,",
        "b,2025-06-10,income,1000,inpatient,fund,1000,,,",
        "c,2025-06-10,expense,1000,,,,casino,,",
    )
    # the ledger has no contract_ref column: 3 is not checked, so the line in force is `incomplete`
    assert r["status"].to_list() == ["incomplete", "not_in_force", "not_in_force"]
    assert r["violation"].to_list() == [None, "law_not_in_force", "law_not_in_force"]
    assert "No. 393" in r["message_en"][1] and "repealed" in r["message_en"][1]
    assert "№ 393" in r["message_kk"][1] and "№ 393" in r["message_ru"][1]


def test_before_amendment_191_no_text(tmp_path: Path) -> None:
    """Before order No. 191 applies (19 March 2023) kepil holds no text of the rules: not in force."""
    r = _check(
        tmp_path,
        "a,2023-03-18,income,1000,inpatient,fund,1000,,,",
        "b,2023-03-19,income,1000,inpatient,fund,1000,,,",
    )
    assert r["status"].to_list() == ["not_in_force", "incomplete"]
    assert "No. 191" in r["message_en"][0]


# --- 5 and 9: income --------------------------------------------------------------------------------


@pytest.mark.parametrize("condition", R.CONDITION_CODES)
def test_clause_5_conditions_allowed(tmp_path: Path, condition: str) -> None:
    """5.1–5.3: outpatient (admission departments included), inpatient, day hospital."""
    r = L.check_ledger_file(_full(tmp_path, f"a,{IN_FORCE},income,1000,{condition},fund,1000,,,,PC-1,,,,,"))
    assert r["status"][0] == "valid" and r["unchecked"][0] is None


def test_clause_5_other_condition_is_violation(tmp_path: Path) -> None:
    r = _check(
        tmp_path, f"a,{IN_FORCE},income,1000,home_visit,fund,1000,,,", f"b,{IN_FORCE},income,1,,fund,1,,,"
    )
    assert r["violation"].to_list() == ["condition_not_allowed"] * 2
    assert r["clause"].to_list() == ["5", "5"]
    assert "home_visit" in r["message_en"][0]


def test_clause_9_payer_is_the_fund(tmp_path: Path) -> None:
    r = _check(tmp_path, f"a,{IN_FORCE},income,1000,outpatient,patient,1000,,,")
    assert (r["violation"][0], r["clause"][0]) == ("payer_not_fund", "9")
    assert "patient" in r["message_ru"][0]


def test_clause_9_amount_at_tariffs(tmp_path: Path) -> None:
    r = _check(
        tmp_path,
        f"a,{IN_FORCE},income,1200,outpatient,fund,1000,,,",
        f"b,{IN_FORCE},income,1200,outpatient,fund,,,,",
    )
    assert r["violation"].to_list() == ["not_at_tariff", "not_at_tariff"]
    assert r["clause"].to_list() == ["9", "9"]


def test_clause_order_5_before_9(tmp_path: Path) -> None:
    """A line breaking 5 and 9 is reported with the first clause, 5."""
    r = _check(tmp_path, f"a,{IN_FORCE},income,1,home,patient,2,,,")
    assert r["clause"][0] == "5"


# --- 14: expenses ----------------------------------------------------------------------------------


@pytest.mark.parametrize("purpose", R.PURPOSES, ids=lambda p: f"{p.clause}-{p.code}")
def test_clause_14_each_purpose_allowed(tmp_path: Path, purpose: R.Purpose) -> None:
    """14.1–14.7: each of the seven purposes, with its condition's document, linked to GVFMC/CSHI care and
    bought under the public procurement law (a contract of the register), is valid."""
    kind = "fuel" if purpose.code == "other_costs" else ""
    line = f"a,{IN_FORCE},expense,500,,,,{purpose.code},,GZ-2024-1,,true,DOC-1,{kind},Metformin,open_tender"
    r = L.check_ledger_file(
        _full(tmp_path, line), procurements=_register(tmp_path), reference=_lists(tmp_path)
    )
    assert r["status"][0] == "valid", r["message_en"][0]


def test_clause_14_seven_purposes() -> None:
    assert [p.clause for p in R.PURPOSES] == [f"14.{i}" for i in range(1, 8)]
    assert tuple(p.code for p in R.PURPOSES if p.code != "staff_bonus") == R.PURCHASE_PURPOSES


def test_clause_14_other_purpose_is_violation(tmp_path: Path) -> None:
    r = _check(
        tmp_path, f"a,{IN_FORCE},expense,500,,,,entertainment,,GZ-1", f"b,{IN_FORCE},expense,5,,,,,,GZ"
    )
    assert r["violation"].to_list() == ["purpose_not_allowed"] * 2
    assert r["clause"].to_list() == ["14", "14"]
    assert "entertainment" in r["message_kk"][0]


def test_clause_14_non_procured_purchase(tmp_path: Path) -> None:
    """14, last part: goods bought with the money go through public procurement; 14.7 pay is no purchase,
    and an explicit `purchase` overrides the purpose's default."""
    r = _check(
        tmp_path,
        f"a,{IN_FORCE},expense,500,,,,medicines,,",
        f"b,{IN_FORCE},expense,500,,,,fixed_assets,,  ",
        f"c,{IN_FORCE},expense,500,,,,staff_bonus,,",
        f"d,{IN_FORCE},expense,500,,,,staff_bonus,true,",
        f"e,{IN_FORCE},expense,500,,,,other_costs,false,",
    )
    assert r["violation"].to_list() == ["not_procured", "not_procured", None, "not_procured", None]
    assert "procurement" in r["message_en"][0]


# --- bad input --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "column"),
    [
        (f"a,{IN_FORCE},income,12.5,outpatient,fund,1000,,,", "amount"),
        ("a,2024-13-01,income,1000,outpatient,fund,1000,,,", "date"),
        (f"a,{IN_FORCE},refund,1000,outpatient,fund,1000,,,", "kind"),
        (f"a,{IN_FORCE},expense,1000,,,,medicines,maybe,GZ", "purchase"),
        (f"a,{IN_FORCE},income,1000,outpatient,fund,ten,,,", "tariff_amount"),
    ],
)
def test_bad_input_names_file_row_column(tmp_path: Path, line: str, column: str) -> None:
    path = _csv(tmp_path, f"ok,{IN_FORCE},income,1,outpatient,fund,1,,,", line)
    with pytest.raises(InputFileError) as e:
        L.check_ledger_file(path)
    assert (e.value.file, e.value.row, e.value.column) == (str(path), 2, column)
    assert e.value.text("kk") and e.value.text("ru") != e.value.text("en")


def test_missing_column_and_duplicate_id(tmp_path: Path) -> None:
    path = tmp_path / "l.csv"
    path.write_text("line_id,date,kind\na,2024-01-01,income\n", encoding="utf-8")
    with pytest.raises(InputFileError) as e:
        L.read_ledger(path)
    assert e.value.column == "amount"
    dup = _csv(
        tmp_path, f"a,{IN_FORCE},income,1,outpatient,fund,1,,,", f"a,{IN_FORCE},income,1,outpatient,fund,1,,,"
    )
    with pytest.raises(InputFileError) as e:
        L.read_ledger(dup)
    assert (e.value.row, e.value.column) == (2, "line_id")


def test_parquet_ledger(tmp_path: Path) -> None:
    frame = pl.DataFrame(
        {
            "line_id": ["a"],
            "date": [dt.date(2024, 1, 5)],
            "kind": ["expense"],
            "amount": [100],
            "purpose": ["utilities"],
            "procurement_ref": ["GZ-7"],
        }
    )
    frame.write_parquet(tmp_path / "l.parquet")
    assert L.check_ledger_file(tmp_path / "l.parquet")["status"].to_list() == ["incomplete"]


# --- the CLI ----------------------------------------------------------------------------------------


def test_cli_check_ledger_writes_every_line(tmp_path: Path) -> None:
    path = _csv(
        tmp_path, f"a,{IN_FORCE},expense,500,,,,utilities,,", "b,2025-06-10,income,1,inpatient,fund,1,,,"
    )
    out = tmp_path / "out" / "result.csv"
    res = CliRunner().invoke(_app(), ["mvd", "check-ledger", str(path), "--out", str(out)])
    assert res.exit_code == 0, res.output
    written = pl.read_csv(out, infer_schema=False)
    assert written["status"].to_list() == ["violation", "not_in_force"]
    assert written["clause"].to_list() == ["14", None]
    assert "not_procured" in res.output


def test_cli_bad_input_exit_2_nothing_written(tmp_path: Path) -> None:
    path = _csv(tmp_path, f"a,{IN_FORCE},income,abc,outpatient,fund,1,,,")
    out = tmp_path / "result.csv"
    res = CliRunner().invoke(_app(), ["mvd", "check-ledger", str(path), "--out", str(out), "--lang", "ru"])
    assert res.exit_code == 2
    assert "строка 1" in res.output and "amount" in res.output
    assert not out.exists() and list(tmp_path.iterdir()) == [path]
    # found by the sweep: the line began with the field `ledger.csv:1:amount:` before the same place in
    # --lang's words (file, row, column said twice, once in English form)
    said = " ".join(res.output.split())
    assert said.startswith(f"error: {path}, строка 1, столбец «amount»:") and said.count(str(path)) == 1


def test_cli_rules_and_not_in_force_date() -> None:
    """`kepil mvd rules` lists 5, 9, 14.1–14.7; for a date after the repeal it names order No. 393."""
    res = CliRunner().invoke(_app(), ["mvd", "rules"], terminal_width=200)
    assert res.exit_code == 0, res.output
    for clause in ("5.1", "5.3", "9", "14.1", "14.7", "No. 393"):
        assert clause in res.output
    ok = CliRunner().invoke(_app(), ["mvd", "rules", "--date", "2025-06-09"])
    assert ok.exit_code == 0
    res = CliRunner().invoke(_app(), ["mvd", "rules", "--date", "2025-06-10"], terminal_width=200)
    assert res.exit_code == 2 and "393" in res.output


# --- issue 19: 3, the preamble of 14, 14.1/14.2/14.5-14.7, procurement, 9 reconciliation, assumed dates ----


def test_clause_3_income_without_the_purchase_contract(tmp_path: Path) -> None:
    """3: paid services rest on a purchase contract between the Fund and the institution."""
    r = L.check_ledger_file(
        _full(
            tmp_path,
            f"a,{IN_FORCE},income,1000,inpatient,fund,1000,,,,,,,,,",
            f"b,{IN_FORCE},income,1000,inpatient,fund,1000,,,,PC-7,,,,,",
        )
    )
    assert r["violation"].to_list() == ["no_purchase_contract", None]
    assert r["clause"].to_list() == ["3", None] and "contract" in r["message_en"][0]


def test_clause_9_paid_below_the_tariff_is_a_reconciliation_item(tmp_path: Path) -> None:
    """9 (reading): the Fund paying less than the tariff sum is a reconciliation item (the Payment Rules
    allow deductions), not the institution's violation; above the tariff sum is a violation."""
    r = L.check_ledger_file(
        _full(
            tmp_path,
            f"a,{IN_FORCE},income,900,inpatient,fund,1000,,,,PC-1,,,,,",
            f"b,{IN_FORCE},income,1001,inpatient,fund,1000,,,,PC-1,,,,,",
            f"c,{IN_FORCE},income,1000,inpatient,fund,1000,,,,PC-1,,,,,",
        )
    )
    assert r["status"].to_list() == ["reconciliation", "violation", "valid"]
    assert r["violation"].to_list() == ["paid_below_tariff", "not_at_tariff", None]
    assert "100" in r["message_en"][0] and "reconciliation" in r["message_en"][0]


def test_clause_14_preamble_spending_linked_to_gvfmc_cshi_care(tmp_path: Path) -> None:
    """14, preamble: the money is spent on costs connected with GVFMC/CSHI care; unknown is not false."""
    line = f"{{}},{IN_FORCE},expense,500,,,,utilities,,GZ-2024-1,,{{}},,,,open_tender"
    r = L.check_ledger_file(
        _full(tmp_path, line.format("a", "false"), line.format("b", ""), line.format("c", "true")),
        procurements=_register(tmp_path),
    )
    assert r["violation"].to_list() == ["not_gvfmc_cshi_care", None, None]
    assert r["status"].to_list() == ["violation", "incomplete", "valid"]
    assert r["unchecked"][1] == "14"


CONDITIONS = [("medicines", "14.1"), ("food_and_soft_inventory", "14.2"), ("fixed_assets", "14.6"),
              ("staff_bonus", "14.7")]  # fmt: skip


@pytest.mark.parametrize(("purpose", "clause"), CONDITIONS)
def test_clause_14_conditions_need_their_document(tmp_path: Path, purpose: str, clause: str) -> None:
    """14.1 (clinical protocols), 14.2 (the norms of decree No. 128), 14.6 (the tariff work plan), 14.7 (the
    bonus rules): a line without the document its purpose rests on breaks the subparagraph."""
    line = f"a,{IN_FORCE},expense,500,,,,{purpose},,GZ-2024-1,,true,,,Metformin,open_tender"
    r = L.check_ledger_file(
        _full(tmp_path, line), procurements=_register(tmp_path), reference=_lists(tmp_path)
    )
    assert (r["violation"][0], r["clause"][0]) == ("no_basis", clause)
    assert clause in r["message_ru"][0]


def test_clause_14_5_items_of_other_costs(tmp_path: Path) -> None:
    """14.5: the kinds of other costs the text names (closed up to its "other goods and services")."""
    line = f"{{}},{IN_FORCE},expense,500,,,,other_costs,,GZ-2024-1,,true,,{{}},,open_tender"
    r = L.check_ledger_file(
        _full(tmp_path, line.format("a", "banquet"), line.format("b", "bank_services")),
        procurements=_register(tmp_path),
    )
    assert r["violation"].to_list() == ["item_not_listed", None] and r["clause"][0] == "14.5"


def test_clause_14_1_distributor_list_for_the_year(tmp_path: Path) -> None:
    """14.1: medicines on the single distributor's list for the year (a list file); without it, unchecked."""
    line = "{},{},expense,500,,,,medicines,,GZ-2024-1,,true,CP-1,,{},open_tender"
    path = _full(tmp_path, line.format("a", IN_FORCE, "Metformin"), line.format("b", IN_FORCE, "Insulin"),
                 line.format("c", "2025-02-03", "Metformin"))  # fmt: skip
    register = _register(tmp_path)
    r = L.check_ledger_file(path, procurements=register, reference=_lists(tmp_path))
    assert r["violation"].to_list() == [None, "not_on_distributor_list", "not_on_distributor_list"]
    r = L.check_ledger_file(path, procurements=register, reference=tmp_path / "nothing")
    assert r["status"].to_list() == ["incomplete"] * 3 and r["unchecked"][0] == "14.1"


def test_clause_14_procurement_checked_against_the_register(tmp_path: Path) -> None:
    """14, last part: the reference is a contract of the register, spent on or after its date and within
    its amount, by a method of the public procurement law."""
    line = "{},{},expense,{},,,,utilities,,{},,true,,,,{}"
    path = _full(
        tmp_path,
        line.format("a", "2024-01-10", 60000, "GZ-2024-1", "open_tender"),  # the contract's day: fine
        line.format("b", "2024-01-09", 10, "GZ-2024-1", "open_tender"),  # before the contract
        line.format("c", IN_FORCE, 40000, "GZ-2024-1", "open_tender"),  # 100 010 > 100 000 in all
        line.format("d", IN_FORCE, 5, "GZ-9", "open_tender"),  # not in the register
        line.format("e", IN_FORCE, 5, "GZ-2024-1", "friendship"),  # no such method
    )
    r = L.check_ledger_file(path, procurements=_register(tmp_path))
    expected = ["over_contract", "before_contract", "over_contract", "procurement_not_found"]
    assert r["violation"].to_list() == [*expected, "procurement_method_unknown"]
    ok = L.check_ledger_file(path, procurements=_register(tmp_path, "GZ-2024-1,2024-01-01,100015,auction"))
    assert ok["violation"].to_list()[:3] == [None, None, None]


def test_procurement_register_bad_row_named(tmp_path: Path) -> None:
    path = _full(tmp_path, f"a,{IN_FORCE},expense,500,,,,utilities,,GZ-2024-1,,true,,,,open_tender")
    bad = _register(tmp_path, "GZ-2024-1,2024-02-30,100,auction")
    res = CliRunner().invoke(
        _app(), ["mvd", "check-ledger", str(path), "--procurements", str(bad), "--lang", "kk"]
    )
    assert res.exit_code == 2 and "procurements.csv" in res.output and "contract_date" in res.output


def test_cli_rules_marks_assumed_dates() -> None:
    """`kepil mvd rules` marks the dates the text does not give (entry into force of No. 191's text, the
    repeal's publication) as assumed, as `kepil acts` does."""
    res = CliRunner().invoke(_app(), ["mvd", "rules"], terminal_width=200)
    assert res.exit_code == 0
    assert "19 March 2023*" in res.output and "9 June 2025*" in res.output and "10 June 2025*" in res.output
    assert "assumed" in res.output and "contract_ref" in res.output and "basis_ref" in res.output
    kk = CliRunner().invoke(_app(), ["mvd", "rules", "--lang", "kk"], terminal_width=200)
    assert "болжам" in kk.output


def test_distributor_list_bad_year_named(tmp_path: Path) -> None:
    folder = tmp_path / "ref"
    folder.mkdir()
    (folder / "distributor_list.csv").write_text("name,year\nmetformin,2024\ninsulin,24\n", encoding="utf-8")
    with pytest.raises(InputFileError) as e:
        L.distributor_list(folder)
    assert (e.value.row, e.value.column) == (2, "year") and "distributor_list.csv" in e.value.text("ru")
