"""Each value a prescriptions file may hold, read as documented (docs/medicines.md) or refused with the
right message: the oracle for the reader's parsing (kepil.law.drug_rules.need `_column`), whose two ways —
by distinct value and by row — tests/test_medicines_reader.py only compares with each other.

Quantities are int64 thousandths of the row's unit (drug-rules 19–20: single dose; 11: last year's volumes);
counts are whole numbers in the ranges of drug-rules 19–20 (doses a day 1–24, intake days a month 1–31,
courses a year 1–12, the first month 1–12); the schedule `months` is a bit mask (bit m-1 for month m).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from kepil.claims import messages as M
from kepil.claims.inputs import InputFileError
from kepil.i18n import Text
from kepil.law.drug_rules import need as N
from kepil.limits import MAX_ID_CHARS, MAX_TEXT_CHARS
from test_medicines_reader import GOOD  # the required columns, each a good value

OPTIONAL = ("first_month", "months", "prescribed_prev_year", "dispensed_prev_year", "trade_name",
            "intolerance", "narcotic_psychotropic", "agreed_on", "item_type", "vital_indications",
            "orphan")  # fmt: skip


def _read(tmp_path: Path, **values: str) -> Any:
    row = GOOD | values
    if "months" in values and "courses_per_year" not in values:
        row["courses_per_year"] = ""  # a schedule given by its months
    columns = list(GOOD) + [c for c in OPTIONAL if c in values]
    path = tmp_path / "p.csv"
    cell = lambda v: '"' + v.replace('"', '""') + '"'  # noqa: E731
    line = ",".join(cell(row[c]) for c in columns)
    path.write_text(",".join(columns) + "\n" + line + "\n", encoding="utf-8")
    return N.load_patients(path)


class _Said:
    """The problem a file's row 1 has in `column` (a bad value may also fail a check across columns)."""

    def __init__(self, error: InputFileError, column: str) -> None:
        found = [p for p in error.problems if (p.row, p.column) == (1, column)]
        assert found, [(p.row, p.column) for p in error.problems]  # the value's own check comes first
        self.problem = found[0]

    def text(self, lang: str) -> str:
        return self.problem.text[lang]


def _inpatient_need(tmp_path: Path, *rows: str) -> Any:
    """drug-rules 21's need of an inpatient file of `rows` (no narcotic column), formed on 1 June 2026."""
    path = tmp_path / "i.csv"
    head = "organisation,region,inn,dosage_form,unit,previous_year_consumption,year_start_balance,receipts"
    path.write_text(f"{head},expenditure\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return N.inpatient_need(N.load_inpatient(path).lazy(), dt.date(2026, 6, 1)).collect()


def _refused(tmp_path: Path, column: str, raw: str) -> _Said:
    with pytest.raises(InputFileError) as e:
        _read(tmp_path, **{column: raw})
    return _Said(e.value, column)


@pytest.mark.parametrize(
    ("column", "raw", "typed"),
    [
        ("single_dose", "500", 500_000),
        ("single_dose", "2.5", 2_500),
        ("single_dose", "0.125", 125),
        ("single_dose", "0.001", 1),  # the least quantity
        ("single_dose", " 3 ", 3_000),  # spaces around a value are not part of it
        ("single_dose", "999999999.999", 999_999_999_999),  # the greatest
        ("dispensed_prev_year", "0", 0),  # last year's volumes may be 0 (a dose may not)
        ("dispensed_prev_year", "1.05", 1_050),
        ("doses_per_day", "1", 1),
        ("doses_per_day", "24", 24),  # drug-rules 19: the times a day, at most 24
        ("intake_days_per_month", "31", 31),
        ("courses_per_year", "12", 12),
        ("first_month", "1", 1),
        ("first_month", "10", 10),
        ("intolerance", "true", True),
        ("intolerance", "Yes", True),
        ("intolerance", "1", True),
        ("intolerance", "t", True),
        ("intolerance", "N", False),
        ("intolerance", "0", False),
        ("intolerance", "", False),  # not given: no intolerance (the column's default)
        ("narcotic_psychotropic", "FALSE", False),
        ("agreed_on", "2026-03-20", dt.date(2026, 3, 20)),
        ("agreed_on", "2028-02-29", dt.date(2028, 2, 29)),
        ("item_type", "Medical_Device", "medical_device"),
        ("item_type", "", "medicine"),  # not given: a medicine
        ("region", "Astana", "astana"),
        ("icd10", "e119", "E11.9"),
        ("patient_id", " P7 ", "P7"),
        ("patient_id", "x" * MAX_ID_CHARS, "x" * MAX_ID_CHARS),  # an identifier of exactly the limit
        ("inn", "a" * MAX_TEXT_CHARS, "a" * MAX_TEXT_CHARS),
        ("months", "1;4;7;10", 0b1001001001),
        ("months", "12", 1 << 11),
        ("months", " 2, 3 ", 0b110),
    ],
)
def test_a_value_read_as_documented(tmp_path: Path, column: str, raw: str, typed: object) -> None:
    extra = {"trade_name": "Norvasc"} if column == "intolerance" and typed is True else {}
    if column == "months":
        extra["courses_per_year"] = str(bin(int(str(typed))).count("1"))
    assert _read(tmp_path, **{column: raw}, **extra)[column].to_list() == [typed]


WHOLE = {
    "doses_per_day": (1, 24),
    "intake_days_per_month": (1, 31),
    "courses_per_year": (1, 12),
    "first_month": (1, 12),
}


@pytest.mark.parametrize(
    ("column", "raw"),
    [
        (c, v)
        for c, (lo, hi) in WHOLE.items()
        for v in (f"{lo - 1}", f"{hi + 1}", "1.0", "x", "-1", "1234567")
    ],
)
def test_a_count_outside_its_range_is_refused(tmp_path: Path, column: str, raw: str) -> None:
    """drug-rules 19–20: 0 doses a day, a 32nd day, a 13th month are refused, naming the range."""
    lo, hi = WHOLE[column]
    e = _refused(tmp_path, column, raw)
    assert f"is not a whole number from {lo} to {hi}" in e.text("en")
    assert f"не целое число от {lo} до {hi}" in e.text("ru")


@pytest.mark.parametrize(
    ("column", "raw", "message"),
    [
        ("single_dose", "0", N.NOT_POSITIVE),  # a dose of nothing is not a prescription
        ("single_dose", "0.000", N.NOT_POSITIVE),
        ("single_dose", "0.0001", N.NOT_QUANTITY),  # at most 3 decimals
        ("single_dose", "-1", N.NOT_QUANTITY),
        ("single_dose", "1e3", N.NOT_QUANTITY),
        ("single_dose", "1,5", N.NOT_QUANTITY),  # a decimal point, not a comma
        ("single_dose", "1000000000", N.NOT_QUANTITY),  # at most 999999999
        ("single_dose", "", M.REQUIRED_VALUE),
        ("single_dose", "   ", M.REQUIRED_VALUE),  # only spaces is empty
        ("inn", "   ", M.REQUIRED_VALUE),
        ("patient_id", "x" * (MAX_ID_CHARS + 1), M.TOO_LONG),
        ("inn", "a" * (MAX_TEXT_CHARS + 1), M.TOO_LONG),
        ("region", "mars", M.UNKNOWN_REGION),
        ("icd10", "Z99.99", M.NOT_ICD10),
        ("intolerance", "maybe", M.NOT_BOOL),
        ("intolerance", "2", M.NOT_BOOL),
        ("agreed_on", "2026-02-30", M.NOT_DATE),
        ("agreed_on", "20.03.2026", M.NOT_DATE),
        ("item_type", "drug", M.NOT_ONE_OF),
        ("months", "13", N.NOT_MONTHS),
        ("months", "0", N.NOT_MONTHS),
        ("months", "1 1", N.NOT_MONTHS),  # a month given twice
        ("months", "1;;2", N.NOT_MONTHS),
    ],
)
def test_a_bad_value_is_refused_with_its_message(
    tmp_path: Path, column: str, raw: str, message: Text
) -> None:
    e = _refused(tmp_path, column, raw)
    head = message.en.split("{value}")[-1].split("{")[0].strip(" :;")
    assert head in e.text("en"), (e.text("en"), head)
    for lang in ("kk", "ru"):
        assert message[lang].split("{value}")[-1].split("{")[0].strip(" :;")[:20] in e.text(lang)


def test_the_quantities_of_a_row_are_exact_thousandths(tmp_path: Path) -> None:
    """drug-rules 20: daily dose = single dose × times a day; need a year = daily × days × courses —
    0.125 mg × 3 × 7 days × 2 courses = 5.25 mg, in thousandths exactly."""
    rows = _read(tmp_path, single_dose="0.125", doses_per_day="3", intake_days_per_month="7",
                 courses_per_year="2", first_month="11")  # fmt: skip
    out = N.outpatient_need(rows.lazy(), dt.date(2026, 3, 2)).collect()
    assert out["daily_dose"].to_list() == [375]
    assert out["annual_need"].to_list() == [5_250]
    assert [out[m][0] for m in N.MONTHS] == [0] * 10 + [2_625, 2_625]
    assert out["schedule"].to_list() == ["11;12"]


def test_columns_not_in_the_file_take_their_documented_defaults(tmp_path: Path) -> None:
    """A file with only the required columns: no intolerance, not narcotic/psychotropic (so clause 20's need,
    drug-rules 22 does not apply), a medicine, no vital indications, not orphan, no schedule of months."""
    rows = _read(tmp_path)
    defaults = ("intolerance", "narcotic_psychotropic", "item_type", "vital_indications", "orphan", "months")
    assert rows.select(defaults).row(0) == (False, False, "medicine", False, False, None)
    out = N.outpatient_need(rows.lazy(), dt.date(2026, 3, 2)).collect()
    assert out["need_basis"].to_list() == [N.BASIS_20]
    assert out["schedule"].to_list() == ["1;2;3"]  # 3 courses from January


def test_drug_rules_21_and_app1_4_a_surplus_buys_nothing(tmp_path: Path) -> None:
    """drug-rules 21 with app. 1, 4: a forecast balance above the year's consumption plus the stock leaves
    nothing to buy — the need and both bounds are 0, never negative; a balance that would leave less than
    a month's stock after the year still buys up to that month. Consumption 1,200 a year = 100 a month."""
    out = _inpatient_need(
        tmp_path,
        "H1,astana,Heparin,solution,IU,1200,2000,0,0",  # 800 over the year, 200 over the year + 6 months
        "H1,astana,Saline,solution,ml,1200,1250,0,0",  # 50 over the year: half a month of stock
        "H1,astana,Ceftriaxone,powder,g,1200,1800,0,0",  # exactly the year + 6 months
    )
    assert out["need"].to_list() == [0, 0, 0]
    assert out["surplus"].to_list() == [800_000, 50_000, 600_000]
    assert out["need_with_min_stock"].to_list() == [0, 50_000, 0]
    assert out["need_with_max_stock"].to_list() == [0, 550_000, 0]
    assert out["stock_above_maximum"].to_list() == [True, True, True]


@pytest.mark.parametrize(
    ("balance", "below", "above"),
    [("95", True, False), ("100", False, False), ("600", False, False), ("600.001", False, True),
     ("650", False, True)],
)  # fmt: skip
def test_app1_4_stock_of_one_to_six_months_at_its_edges(
    tmp_path: Path, balance: str, below: bool, above: bool
) -> None:
    """App. 1, 4: the stock is formed for not less than 1 and not more than 6 months — a forecast balance
    of exactly 1 or 6 months of last year's consumption (1,200 a year: 100 and 600) is within it."""
    out = _inpatient_need(tmp_path, f"H1,astana,Heparin,solution,IU,1200,{balance},0,0")
    assert out.select("stock_below_minimum", "stock_above_maximum").row(0) == (below, above)


def test_problems_ordered_by_row_then_by_the_files_columns(tmp_path: Path) -> None:
    """The error names the lowest bad row, and within a row the first bad column of the schema; the list
    of problems follows the same order (a person fixes the file from its top)."""
    path = tmp_path / "p.csv"
    head = ",".join(GOOD)
    row = lambda **v: ",".join((GOOD | v)[c] for c in GOOD)  # noqa: E731
    path.write_text(
        f"{head}\n{row(single_dose='x')}\n{row(region='mars', doses_per_day='0')}\n", encoding="utf-8"
    )
    with pytest.raises(InputFileError) as e:
        N.load_patients(path)
    assert [(p.row, p.column) for p in e.value.problems] == [
        (1, "single_dose"), (2, "region"), (2, "doses_per_day")
    ]  # fmt: skip
    assert (e.value.row, e.value.column) == (1, "single_dose")


@pytest.mark.parametrize(
    ("name", "data"), [("p.parquet", b"PAR1 not a parquet file"), ("p.csv", b"a,b\n\xff\xfe,1\n")]
)
def test_an_unreadable_file_is_refused_naming_it(tmp_path: Path, name: str, data: bytes) -> None:
    """A damaged Parquet file or a CSV that is not UTF-8: an error naming the file and the reader's reason
    (its first line), never a traceback."""
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputFileError) as e:
        N.load_patients(path)
    said = e.value.text("en")
    assert name in said and "\n" not in said.strip() and len(said) > len(str(path)) + 10


def test_within_a_row_a_check_across_columns_is_ordered_by_its_column(tmp_path: Path) -> None:
    """A medicine without its dosage form (drug-rules 11, a check across columns) comes before a bad
    `months` value of the same row: the problems follow the file's columns, whatever kind of check."""
    with pytest.raises(InputFileError) as e:
        _read(tmp_path, dosage_form="", months="13", courses_per_year="1")
    assert [p.column for p in e.value.problems][:2] == ["dosage_form", "months"]


@pytest.mark.parametrize(
    ("courses", "first", "schedule"),
    [("1", "", "1"), ("1", "12", "12"), ("12", "", "1;2;3;4;5;6;7;8;9;10;11;12"), ("2", "6", "6;7")],
)
def test_drug_rules_20_the_schedule_as_months(
    tmp_path: Path, courses: str, first: str, schedule: str
) -> None:
    """drug-rules 20: a course is a month; the line's schedule lists its months (January alone, December
    alone, every month of the year)."""
    rows = _read(tmp_path, courses_per_year=courses, first_month=first)
    assert N.outpatient_need(rows.lazy(), dt.date(2026, 3, 2)).collect()["schedule"].to_list() == [schedule]


def test_drug_rules_21_an_inpatient_file_without_the_narcotic_column(tmp_path: Path) -> None:
    """drug-rules 21–22: an inpatient line is clause 21's need unless the file marks it narcotic."""
    out = _inpatient_need(tmp_path, "H1,astana,Heparin,solution,IU,1200,100,0,0")
    assert out.select("narcotic_psychotropic", "need_basis").row(0) == (False, "drug_rules_21")
