"""Penalties of the defects found (`monitoring-rules` 10 and app1): the classifier cell of the code in the
column of the claim's kind of care; "-" cells give no defect, "+" cells the parent row's amount; percent of
the claim's amount or multiples of a base of the tariff book; ROUND_HALF_UP to the tiyn."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import polars as pl
import pyarrow as pa
import pytest

from kepil.data import data_path
from kepil.law.care import CARE_KINDS
from kepil.law.monitoring_rules.classifier import classifier
from kepil.law.monitoring_rules.defects import find_defects
from kepil.law.monitoring_rules.penalties import (
    cell_table,
    claim_penalties,
    column_of,
    contract_penalties,
    half_up,
    resolve_cell,
)

BASES = pa.table(
    {
        "region": ["abai", "abai", "akmola", "abai"],
        "base": ["per_capita_norm", "comprehensive_per_capita_norm", "per_capita_norm", "complex_tariff"],
        "value": [842_00, 2_430_00, 900_00, 98_820_00],
        "column": [None, None, None, "tuberculosis"],
    }
)


def penalties(rows: list[tuple[str, str, str, int]], bases: pa.Table | None = BASES) -> list[int | None]:
    found = pl.DataFrame(rows, schema=["code", "care_kind", "region", "amount"], orient="row")
    return claim_penalties(found, bases)["penalty"].to_list()


def test_each_kind_of_care_has_its_column() -> None:
    """The form-of-care columns; R13-R16 price payment directions a claim does not carry."""
    got = {k: (c.id if (c := column_of(k)) else None) for k in CARE_KINDS}
    assert got["phc"] == "phc" and got["inpatient"] == "inpatient" and got["ambulance"] == "ambulance"
    assert (
        got["outpatient_specialized"] == "consultative_diagnostic" and got["screening"] == "outpatient_other"
    )
    assert got["pathology"] == "pathology" and got["blood"] == "blood"
    assert got["day_hospital"] is None and got["dental"] is None and got["rehabilitation"] is None


def test_plus_cells_take_the_parent_rows_amount() -> None:
    """app1 legend: "+" — the code and its sub-codes apply; 5.1 → 5.0, 12.1 → 12.0."""
    clf = classifier()
    assert clf.penalty_cell("5.1", "inpatient").raw == "+"
    assert resolve_cell(clf, "5.1", "inpatient").raw == "300%"
    assert resolve_cell(clf, "12.1", "phc").raw == "50 КЖН /ЖБН"
    assert resolve_cell(clf, "4.0", "inpatient").raw == "100%"  # not a "+": itself


def test_dash_cells_drop_the_defect_and_unknown_columns_keep_it() -> None:
    """app1 legend: "-" — the code does not apply to that form of care: no defect row."""
    cells = cell_table(["9.0", "3.4"])
    by = {(r["code"], r["care_kind"]): r for r in cells.to_dicts()}
    assert by[("9.0", "outpatient_specialized")]["applies"] is False  # L2 "-"
    assert by[("9.0", "phc")]["applies"] is True
    assert by[("9.0", "dental")]["applies"] is True and by[("9.0", "dental")]["kind"] == "unknown"
    found = pl.DataFrame(
        {"code": ["9.0", "9.0", "9.0"], "care_kind": ["outpatient_specialized", "dental", "ambulance"],
         "region": ["abai"] * 3, "amount": [1, 1, 1]}
    )  # fmt: skip
    out = claim_penalties(found, BASES)
    assert out["care_kind"].to_list() == ["dental", "ambulance"]
    assert out["penalty"].to_list() == [None, 100 * 842_00]  # 100 ЖБН of the region


def test_percent_of_the_amount_rounds_half_up() -> None:
    """12.0 inpatient 50 %: 12 345 tiyn → 6 172.5 → 6 173; 3.4 60 %: 11 tiyn → 6.6 → 7; 4.0 100 %."""
    assert penalties([("12.0", "inpatient", "abai", 12_345), ("3.4", "inpatient", "abai", 11),
                      ("4.0", "inpatient", "x", 12_345), ("5.0", "inpatient", "abai", 1)]) == [
        6_173, 7, 12_345, 3,
    ]  # fmt: skip


def test_half_up_matches_decimal_round_half_up() -> None:
    values = [-7, -5, -1, 0, 1, 5, 7, 12_345, 10**15 + 5]
    got = pl.DataFrame({"n": values}).select(half_up(pl.col("n"), 10))["n"].to_list()
    want = [int((Decimal(v) / 10).quantize(Decimal(1), rounding=ROUND_HALF_UP)) for v in values]
    assert got == want


def test_multiples_of_a_base_by_region_with_the_alternative() -> None:
    """5.0 PHC "100 КЖН/ЖБН": КЖН of the region; its ЖБН where the book has no КЖН; null without."""
    rows = [("5.0", "phc", "abai", 1), ("5.0", "phc", "akmola", 1), ("5.0", "phc", "astana", 1)]
    assert penalties(rows) == [100 * 2_430_00, 100 * 900_00, None]
    assert penalties(rows, bases=None) == [None, None, None]


def test_zero_cells_are_zero() -> None:
    """7.0 (waiting) is "0" in every column but blood."""
    assert penalties([("7.0", "phc", "abai", 5), ("7.0", "ambulance", "nowhere", 5)]) == [0, 0]


def test_contract_penalty_is_a_percent_of_the_sum() -> None:
    out = contract_penalties(pl.DataFrame({"amount": [1_234_567_05, 10, 15]}), 10)
    assert out["penalty"].to_list() == [12_345_671, 1, 2] and out["significant"].all()


def test_tariff_book_bases_reach_the_defects(tmp_path: Path) -> None:
    """find_defects with the example tariff book's penalty bases (program-2026-2028 tariffs, PAY)."""
    from test_monitoring_algorithms import Claims  # the fixtures of the algorithms' tests

    tariffs = pytest.importorskip("kepil.law.program_2026_2028.tariffs")
    bases = tariffs.load_tariffs(data_path("program_2026_2028", "tariffs_example_2026.yaml")).penalty_bases()
    c = Claims().claim("died", care_kind="ambulance", outcome="died")
    t = find_defects(c.write(tmp_path / "in"), "2026-03", rules=["death_not_payable"], bases=bases,
                     workdir=tmp_path / "w")  # fmt: skip
    book = {(r["region"], r["base"]): r["value"] for r in bases.to_pylist()}
    assert t.column("penalty").to_pylist() == [100 * book[("abai", "per_capita_norm")]]
