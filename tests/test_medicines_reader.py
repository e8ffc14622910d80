"""The medicines reader checks a column once per distinct value when values repeat (issue 17): the answer,
typed frame or every problem (file, row, column, kk/ru/en), must be the one the row-by-row checks give."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from kepil.claims.inputs import InputFileError
from kepil.law.drug_rules import need as N

# Good and bad spellings of each column: blanks, spaces, out of range, wrong type, too long, repeated.
VALUES: dict[str, list[str | None]] = {
    "patient_id": ["P1", "P2", " P3 ", "", "x" * 70, None],
    "region": ["astana", "Almaty", " astana", "mars", "", None],
    "icd10": ["E11.9", "e119", "I10", "Z99.99", "", None],
    "inn": ["Metformin", " ", "", None, "a" * 300],
    "dosage_form": ["tablet", "", None],
    "dose_unit": ["mg", " mg", "", None],
    "single_dose": ["500", "2.5", "0.125", "0", "1.2345", "-1", "abc", "", " 3 ", "1000000000", None],
    "doses_per_day": ["1", "24", "25", "0", "x", "", None, " 2"],
    "intake_days_per_month": ["30", "31", "32", "", None],
    "courses_per_year": ["1", "3", "12", "13", "", None, "1234567"],
    "first_month": ["1", "10", "12", "0", "", None],
    "months": ["1;4;7;10", "1,2", "1 1", "13", "", None, " 3 ", "1;;2"],
    "dispensed_prev_year": ["100", "1.5", "", "x", None],
    "trade_name": ["Norvasc", "", None],
    "intolerance": ["true", "no", "Y", "maybe", "", None],
    "narcotic_psychotropic": ["true", "false", "T", "2", None],
    "agreed_on": ["2026-03-20", "2026-02-30", "20.03.2026", "", None],
    "item_type": ["medicine", "Medical_Device", "drug", "", None],
}
GOOD = {
    "patient_id": "P1",
    "region": "astana",
    "icd10": "E11.9",
    "inn": "Metformin",
    "dosage_form": "tablet",
    "dose_unit": "mg",
    "single_dose": "500",
    "doses_per_day": "2",
    "intake_days_per_month": "30",
    "courses_per_year": "3",
}


@st.composite
def tables(draw: st.DrawFn) -> pl.DataFrame:
    optional = [c for c in VALUES if c not in GOOD]
    columns = list(GOOD) + draw(st.lists(st.sampled_from(optional), unique=True))
    n = draw(st.integers(1, 12))
    bad = draw(st.sampled_from([0.0, 0.1, 0.5]))
    data: dict[str, list[Any]] = {}
    for c in columns:
        picks = draw(st.lists(st.sampled_from(VALUES[c]), min_size=n, max_size=n))
        odds = draw(st.lists(st.floats(0, 1), min_size=n, max_size=n))
        data[c] = [p if c not in GOOD or o < bad else GOOD[c] for p, o in zip(picks, odds, strict=True)]
    return pl.DataFrame(data, schema=dict.fromkeys(columns, pl.Utf8))


def _read(path: Path) -> Any:
    try:
        return N.load_patients(path, allow_empty=True)
    except InputFileError as e:
        return [(p.row, p.column, p.text.kk, p.text.ru, p.text.en) for p in e.problems]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(table=tables(), suffix=st.sampled_from([".csv", ".parquet"]))
def test_checks_by_distinct_value_equal_checks_by_row(
    table: pl.DataFrame, suffix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"patients{suffix}"
        table.write_csv(path) if suffix == ".csv" else table.write_parquet(path)
        monkeypatch.setattr(N, "DISTINCT_SHARE", 1.0)  # every column by its distinct values
        by_value = _read(path)
        monkeypatch.setattr(N, "DISTINCT_SHARE", 0.0)  # every column row by row (regions, codes: by value)
        by_row = _read(path)
    assert type(by_value) is type(by_row)
    if isinstance(by_row, pl.DataFrame):
        assert_frame_equal(by_value, by_row)
    else:
        assert by_value == by_row


def test_a_repeated_bad_value_is_reported_at_its_first_row(tmp_path: Path) -> None:
    """Checked once per distinct value, a bad dose is still named at the lowest row that holds it."""
    rows = [dict(GOOD) for _ in range(40)]
    rows[17]["single_dose"] = rows[30]["single_dose"] = "1.2345"
    rows[25]["doses_per_day"] = "25"
    path = tmp_path / "p.csv"
    pl.DataFrame(rows).write_csv(path)
    with pytest.raises(InputFileError) as e:
        N.load_patients(path)
    assert [(p.row, p.column) for p in e.value.problems] == [(18, "single_dose"), (26, "doses_per_day")]
    assert "1.2345" in e.value.problems[0].text.en


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    quantities=st.lists(
        st.tuples(st.integers(0, 999_999_999), st.text("0123456789", max_size=3), st.booleans()),
        min_size=1,
        max_size=30,
    ),
    share=st.sampled_from([0.0, 1.0]),
)
def test_a_quantity_is_its_exact_thousandths(
    quantities: list[tuple[int, str, bool]], share: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A quantity of at most 9 digits and 3 decimals is read as its exact thousandths (leading zeros kept or
    not), parsed by distinct value or row by row."""
    monkeypatch.setattr(N, "DISTINCT_SHARE", share)
    spelt = [(f"{whole:09d}" if pad else str(whole), frac) for whole, frac, pad in quantities]
    given_as = [whole + (f".{frac}" if frac else "") for whole, frac in spelt]
    expected = [whole * 1000 + int(frac.ljust(3, "0") or 0) for whole, frac, _ in quantities]
    rows = [{**GOOD, "single_dose": "1", "dispensed_prev_year": q} for q in given_as]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "p.csv"
        pl.DataFrame(rows).write_csv(path)
        typed = N.load_patients(path)
    assert typed["dispensed_prev_year"].to_list() == expected
