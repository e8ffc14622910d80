"""Tariff books (`program-2026-2028` 74, 77, app2): loading, validation with field paths, clause 77."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
import yaml

from kepil.data import data_path
from kepil.errors import InvalidInput
from kepil.law.program_2026_2028.tariffs import (
    PENALTY_BASES,
    Exception77,
    TariffBookError,
    approval_deadline,
    ccg_amount_tiyn,
    load_tariffs,
    parse_tariffs,
    weight_micro,
)
from kepil.reference.regions import regions

EXAMPLE = data_path("program_2026_2028", "tariffs_example_2026.yaml")


def _book(**changes: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "year": 2026,
        "approved_on": dt.date(2025, 3, 20),
        "base_rate_tiyn": 18_500_000,
        "clinical_cost_groups": {"ST-001": 0.8473},
        "regions": {"abai": {"per_capita_norm_tiyn": 84_200}},
    }
    doc.update(changes)
    return doc


def _error(doc: Any) -> TariffBookError:
    with pytest.raises(TariffBookError) as e:
        parse_tariffs(doc, "t.yaml")
    return e.value


# --- the example book ------------------------------------------------------------------------------


def test_example_book_is_marked_illustrative_and_loads() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert text.startswith("# ILLUSTRATIVE TARIFF BOOK — NOT OFFICIAL FIGURES.")
    book = load_tariffs(EXAMPLE)
    assert book.illustrative and book.year == 2026 and book.exception is None
    assert book.approved_on <= book.deadline == dt.date(2025, 3, 31)
    assert set(book.regions) == {r.code for r in regions()}
    assert book.prices["dialysis_session_tiyn"]["haemodialysis"] == 3_180_000
    assert book.paediatric_oncology_blocks["ALL-IND"].term_days == 36


def test_penalty_bases_one_row_per_region_base_and_column() -> None:
    """monitoring-rules app1 multiples: ЖБН, КЖН and the complex tariff of each of app2 rows 11-13."""
    t = load_tariffs(EXAMPLE).penalty_bases()
    assert t.schema == pa.schema(
        [("region", pa.string()), ("base", pa.string()), ("value", pa.int64()), ("column", pa.string())]
    )
    rows = t.to_pylist()
    assert len(rows) == 20 * 5
    assert {r["base"] for r in rows} == set(PENALTY_BASES)
    keys = [(r["region"], r["base"], r["column"]) for r in rows]
    assert len(set(keys)) == len(keys)
    abai = {(r["base"], r["column"]): r["value"] for r in rows if r["region"] == "abai"}
    assert abai == {
        ("per_capita_norm", None): 84_200,
        ("comprehensive_per_capita_norm", None): 243_000,
        ("complex_tariff", "tuberculosis"): 9_882_000,
        ("complex_tariff", "hiv"): 2_678_400,
        ("complex_tariff", "mental_health"): 4_168_800,
    }


def test_penalty_bases_leave_out_what_the_book_does_not_give() -> None:
    book = parse_tariffs(_book(regions={"Абай облысы": {"comprehensive_per_capita_norm_tiyn": 1}}), "t.yaml")
    assert book.penalty_bases().to_pylist() == [
        {"region": "abai", "base": "comprehensive_per_capita_norm", "value": 1, "column": None}
    ]


def test_json_book_is_read_like_yaml(tmp_path: Path) -> None:
    doc = _book(approved_on="2025-03-31")
    path = tmp_path / "t.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    book = load_tariffs(path)
    assert book.approved_on == dt.date(2025, 3, 31)
    assert book.clinical_cost_groups["ST-001"] == Decimal("0.8473")


# --- clause 77: until 31 March of the year before, except the listed cases ----------------------------


@pytest.mark.parametrize("year", [2026, 2027, 2028])
def test_clause_77_book_approved_on_31_march_of_the_year_before_is_accepted(year: int) -> None:
    book = parse_tariffs(_book(year=year, approved_on=dt.date(year - 1, 3, 31)), "t.yaml")
    assert book.deadline == approval_deadline(year) == dt.date(year - 1, 3, 31)


@pytest.mark.parametrize("year", [2026, 2027, 2028])
def test_clause_77_book_approved_on_1_april_without_exception_is_rejected(year: int) -> None:
    e = _error(_book(year=year, approved_on=dt.date(year - 1, 4, 1)))
    assert e.field == "t.yaml:approved_on" and e.path == "approved_on" and e.file == "t.yaml"
    assert f"{year - 1}-03-31" in e.text("en") and "77" in e.text("en")
    assert f"{year - 1}-03-31" in e.text("kk") and "77-тармақ" in e.text("kk") and "п. 77" in e.text("ru")
    for case in Exception77:
        assert case.value in e.text("en")


@pytest.mark.parametrize("case", list(Exception77))
def test_clause_77_book_approved_on_1_april_naming_an_exception_is_accepted(case: Exception77) -> None:
    book = parse_tariffs(_book(approved_on=dt.date(2025, 4, 1), exception=case.value), "t.yaml")
    assert book.exception is case
    assert case.text.kk and case.text.ru and case.text.en


def test_clause_77_lists_exactly_three_cases() -> None:
    """77: additional republican-budget funds for medical services, for new medical technologies, or for
    tariff changes decided by the Government."""
    assert [e.value for e in Exception77] == [
        "additional_funds_medical_services",
        "additional_funds_new_technologies",
        "additional_funds_government_decision",
    ]


def test_clause_77_a_book_during_its_own_year_is_late_too() -> None:
    e = _error(_book(approved_on=dt.date(2026, 1, 15)))
    assert e.path == "approved_on"


def test_clause_77_unknown_exception_names_the_field() -> None:
    e = _error(_book(approved_on=dt.date(2025, 4, 1), exception="minister_asked"))
    assert e.path == "exception" and "additional_funds_new_technologies" in e.text("en")


def test_clause_77_check_can_be_skipped_for_reading_history() -> None:
    book = parse_tariffs(_book(approved_on=dt.date(2025, 6, 1)), "t.yaml", check_deadline=False)
    assert book.approved_on == dt.date(2025, 6, 1)


# --- clinical cost groups: base rate × weight in whole tiyn ----------------------------------------


def test_ccg_amount_is_exact_in_tiyn_and_rounds_half_up() -> None:
    """app2.4 item 1: base rate × cost weight; 18 500 000 × 0.8473 = 15 675 050 tiyn exactly."""
    book = parse_tariffs(_book(), "t.yaml")
    assert book.ccg_amount("ST-001") == 15_675_050
    assert ccg_amount_tiyn(333, weight_micro(Decimal("0.5"))) == 167  # 166.5 → 167 (half up)
    assert ccg_amount_tiyn(333, weight_micro(Decimal("0.499999"))) == 166  # 166.499667
    assert ccg_amount_tiyn(10**9, weight_micro(Decimal("99.999999"))) == 99_999_999_000
    assert weight_micro(Decimal("1.0")) == 1_000_000


# --- errors name the field path ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("doc", "path"),
    [
        (_book(regions={"abai": {"per_capita_norm_tiyn": 842.5}}), "regions.abai.per_capita_norm_tiyn"),
        (_book(regions={"abai": {"per_capita_norm_tiyn": "84200"}}), "regions.abai.per_capita_norm_tiyn"),
        (_book(regions={"abai": {"per_capita_norm_tiyn": True}}), "regions.abai.per_capita_norm_tiyn"),
        (_book(regions={"abai": {"per_capita_norm_tiyn": -1}}), "regions.abai.per_capita_norm_tiyn"),
        (
            _book(regions={"abai": {"complex_tariffs_tiyn": {"hiv": 1.5}}}),
            "regions.abai.complex_tariffs_tiyn.hiv",
        ),
        (
            _book(regions={"abai": {"complex_tariffs_tiyn": {"cancer": 1}}}),
            "regions.abai.complex_tariffs_tiyn.cancer",
        ),
        (_book(regions={"abai": {"per_capita": 1}}), "regions.abai.per_capita"),
        (_book(regions={"nowhere": {}}), "regions.nowhere"),
        (_book(regions={"abai": {}, "Абай облысы": {}}), "regions.Абай облысы"),
        (_book(clinical_cost_groups={"ST-001": 0.12345678}), "clinical_cost_groups.ST-001"),
        (_book(clinical_cost_groups={"ST-001": 0}), "clinical_cost_groups.ST-001"),
        (_book(clinical_cost_groups={"ST-001": 101}), "clinical_cost_groups.ST-001"),
        (_book(clinical_cost_groups={"ST-001": "heavy"}), "clinical_cost_groups.ST-001"),
        (_book(clinical_cost_groups={101: 1.0}), "clinical_cost_groups.101"),
        (_book(base_rate_tiyn=None), "base_rate_tiyn"),
        (_book(base_rate_tiyn=10**9 + 1), "base_rate_tiyn"),
        (_book(bed_day_tiyn={"psychiatry": 18700.5}), "bed_day_tiyn.psychiatry"),
        (
            _book(bed_day_tiyn={'psy"chiatry': 1}),
            'bed_day_tiyn.psy"chiatry',
        ),  # codes go into JSON as they are
        (
            _book(paediatric_oncology_blocks={"B1": {"amount_tiyn": 1}}),
            "paediatric_oncology_blocks.B1.term_days",
        ),
        (
            _book(paediatric_oncology_blocks={"B1": {"term_days": 0, "amount_tiyn": 1}}),
            "paediatric_oncology_blocks.B1.term_days",
        ),
        (_book(clinical_cost_group={}), "clinical_cost_group"),
        (_book(year=2025), "year"),
        (_book(year="2026"), "year"),
        (_book(approved_on="20.03.2025"), "approved_on"),
        (_book(illustrative="yes"), "illustrative"),
        ({"approved_on": dt.date(2025, 3, 1)}, "year"),
        ({"year": 2026}, "approved_on"),
    ],
)
def test_errors_name_the_field_path(doc: dict[str, Any], path: str) -> None:
    e = _error(doc)
    assert isinstance(e, InvalidInput)
    assert e.path == path and e.field == f"t.yaml:{path}"
    assert len({e.text("kk"), e.text("ru"), e.text("en")}) == 3


def test_a_document_that_is_not_a_mapping_is_an_error() -> None:
    assert _error(["year", 2026]).path == ""


def test_load_errors_name_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "broken.yaml"
    bad.write_text("year: [2026\n", encoding="utf-8")
    with pytest.raises(TariffBookError) as e:
        load_tariffs(bad)
    assert e.value.file == "broken.yaml"
    with pytest.raises(TariffBookError) as e:
        load_tariffs(tmp_path / "book.txt")
    assert e.value.file == "book.txt" and ".json" in e.value.text("en")
    missing = tmp_path / "missing.yaml"
    with pytest.raises(TariffBookError) as e:
        load_tariffs(missing)
    assert e.value.file == "missing.yaml"
    # in the reader's language, not the system's English ("[Errno 2] No such file or directory")
    assert (e.value.text("ru"), e.value.text("kk")) == ("файл не найден", "файл жоқ")
    twice = tmp_path / "twice.yaml"
    twice.write_text("year: 2026\nyear: 2027\n", encoding="utf-8")
    with pytest.raises(TariffBookError) as e:
        load_tariffs(twice)
    assert "2" in e.value.text("ru") and "указан дважды" in e.value.text("ru")


def test_yaml_round_trip_of_the_example_keeps_money_exact(tmp_path: Path) -> None:
    doc = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    doc["approved_on"] = doc["approved_on"].isoformat()
    path = tmp_path / "copy.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert load_tariffs(path) == load_tariffs(EXAMPLE)
