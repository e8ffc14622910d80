"""The medicines need at its edges (drug-rules 4, 19–22; order No. 32's method file): each figure computed
by hand from the act's formula on a small input, each boundary on both sides. These tests were written
against the mutants `scripts/mutate.py` let live in kepil.law.drug_rules.need and .method (a boundary
moved by one, a comparison flipped, a `not` dropped): each one here fails when such a change is made.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from kepil.claims import messages as M
from kepil.claims.inputs import InputFileError
from kepil.law.drug_rules import formulary as F
from kepil.law.drug_rules import method as order32
from kepil.law.drug_rules import need as N
from kepil.law.drug_rules import request as R

ON = dt.date(2026, 3, 2)  # drug-rules 20 in force
PATIENTS = "patient_id,region,icd10,inn,dosage_form,dose_unit,single_dose,doses_per_day,intake_days_per_month"
INPATIENT = (
    "organisation,region,inn,dosage_form,unit,previous_year_consumption,year_start_balance,receipts,"
    "expenditure"
)


def _file(tmp_path: Path, head: str, *rows: str, name: str = "p.csv") -> Path:
    path = tmp_path / name
    path.write_text(head + "\n" + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


# ------------------------------------------------------------------------------ an empty file


@pytest.mark.parametrize(("load", "head"), [(N.load_patients, PATIENTS), (N.load_inpatient, INPATIENT)])
def test_a_file_without_rows_is_refused_unless_an_empty_input_is_allowed(
    tmp_path: Path, load: Any, head: str
) -> None:
    """drug-rules 19–21: a need is formed from the lines of a file; a file with its header alone is refused
    (an empty need would read as "nothing is needed"), unless the caller says an empty input is expected."""
    path = _file(tmp_path, head)
    with pytest.raises(InputFileError) as e:
        load(path)
    assert e.value.row is None and M.NO_ROWS.en in e.value.text("en")
    assert load(path, allow_empty=True).height == 0


# ------------------------------------------------------------- order No. 32's method file (drug-rules 22)


def _method(tmp_path: Path, text: str) -> order32.Method:
    path = tmp_path / order32.FILE
    path.write_text(text, encoding="utf-8")
    return order32.load(path)


@pytest.mark.parametrize(
    ("text", "inns"),
    [
        ("source: s\nmethod: clause_20\n", None),  # no `inn`: every narcotic/psychotropic line
        (
            "source: s\nmethod: clause_20\ninn: [Morphine, ' Trimeperidine ']\n",
            ("Morphine", " Trimeperidine "),
        ),
        (f"source: {'x' * 1000}\nmethod: clause_20\n", None),  # the longest source: 1,000 characters
    ],
)
def test_drug_rules_22_a_method_file_as_documented_is_read(
    tmp_path: Path, text: str, inns: tuple[str, ...] | None
) -> None:
    """drug-rules 22 sends the narcotic need to order No. 32; a file naming the order's text (`source`,
    1–1000 characters), `method: clause_20` and optionally the INNs it covers is read as given."""
    m = _method(tmp_path, text)
    assert (m.method, m.inns) == ("clause_20", inns) and 1 <= len(m.source) <= 1000


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("- source\n", "source"),  # not a mapping
        ("source: 5\nmethod: clause_20\n", "source"),  # not text
        ("source: ''\nmethod: clause_20\n", "source"),
        ("source: '   '\nmethod: clause_20\n", "source"),  # blank: names no text of the order
        (f"source: {'x' * 1001}\nmethod: clause_20\n", "source"),  # one character over the limit
        ("source: s\nmethod: norms\n", "method"),
        ("source: s\nmethod: clause_20\ninn: Morphine\n", "inn"),  # one name, not a list
        ("source: s\nmethod: clause_20\ninn: []\n", "inn"),
        ("source: s\nmethod: clause_20\ninn: [Morphine, 5]\n", "inn"),  # a number is no INN
        ("source: s\nmethod: clause_20\ninn: [Morphine, ' ']\n", "inn"),  # a blank is no INN
        ("source: s\nmethod: clause_20\nnotes: x\nauthor: y\n", "author"),  # the first unknown key
    ],
)
def test_drug_rules_22_a_method_file_not_as_documented_is_refused_naming_the_field(
    tmp_path: Path, text: str, field: str
) -> None:
    """kepil computes no method it was not given (drug-rules 22): a method file that is not as documented
    is refused, naming the file and the field (the first unknown key in alphabetical order)."""
    with pytest.raises(InputFileError) as e:
        _method(tmp_path, text)
    assert e.value.column == field and order32.FILE in e.value.file


def test_drug_rules_22_the_method_file_is_looked_for_in_kepil_reference_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The method file is read from the folder KEPIL_REFERENCE_DIR names; without that variable, or
    without the file there, there is no method (the narcotic lines are `order_32_not_computed`)."""
    monkeypatch.delenv("KEPIL_REFERENCE_DIR", raising=False)
    assert order32.reference_method() is None
    monkeypatch.setenv("KEPIL_REFERENCE_DIR", str(tmp_path))
    assert order32.reference_method() is None  # the folder holds no method file
    _method(tmp_path, "source: order No. 32\nmethod: clause_20\n")
    found = order32.reference_method()
    assert found is not None and found.source == "order No. 32"


# ------------------------------------------------------------- the stock of 1–6 months (app. 1, 4; 21)


def test_drug_rules_21_and_app1_4_the_need_is_exact_thousandths_as_documented(tmp_path: Path) -> None:
    """Quantities stay int64 thousandths (the module's contract, so the written Decimal(38, 3) is exact):
    drug-rules 21's need and app. 1, 4's stock bounds of 1,200 units a year, balance 100 + 50 − 30 = 120:
    need 1,080; with 1 month (100) 1,180; with 6 months (600) 1,680 — integers, never floats."""
    path = _file(tmp_path, INPATIENT, "H1,astana,Heparin,solution,IU,1200,100,50,30")
    out = N.inpatient_need(N.load_inpatient(path).lazy(), dt.date(2026, 6, 1)).collect()
    assert out.select(N.INPATIENT_QUANTITIES).row(0) == (
        1_200_000, 100_000, 50_000, 30_000, 120_000, 1_080_000, 0, 1_180_000, 1_680_000
    )  # fmt: skip
    assert {c: out.schema[c] for c in N.INPATIENT_QUANTITIES} == dict.fromkeys(
        N.INPATIENT_QUANTITIES, pl.Int64
    )


# ------------------------------------------------------------- the need file of the budget request (18)


def test_drug_rules_18_a_need_file_of_the_required_columns_alone_is_read_with_the_defaults(
    tmp_path: Path,
) -> None:
    """The need file may be any file with the six required columns (docs/medicines.md): the optional ones
    take their documented defaults — not narcotic (22), a medicine (11, 18), the formulary not checked
    (app. 1), and so the need of clause 20."""
    path = _file(
        tmp_path, "patient_id,region,icd10,inn,dose_unit,annual_need", "P1,astana,E11.9,Metformin,mg,360"
    )
    row = R.load_need(path).row(0, named=True)
    assert row["narcotic_psychotropic"] is False
    assert (row["item_type"], row["formulary"]) == (N.MEDICINE, F.NOT_CHECKED)
    assert row["need_basis"] == N.BASIS_20 and row["dosage_form"] is None and row["trade_name"] is None
    with pytest.raises(InputFileError) as e:  # a header alone: refused unless asked for
        R.load_need(_file(tmp_path, "patient_id,region,icd10,inn,dose_unit,annual_need", name="e.csv"))
    assert e.value.row is None
    assert R.load_need(tmp_path / "e.csv", allow_empty=True).height == 0


def test_drug_rules_18_the_request_lists_a_line_without_form_after_those_with_one(tmp_path: Path) -> None:
    """The request's lines are in the order of its keys (region, nosology, item, INN, form, …), a line
    whose form is not given after the given forms of the same medicine — as a reader scans the request."""
    path = _file(
        tmp_path,
        "patient_id,region,icd10,inn,dosage_form,dose_unit,annual_need",
        "P1,astana,E11.9,Metformin,,mg,100",
        "P2,astana,E11.9,Metformin,tablet,mg,200",
    )
    req = R.budget_request(R.load_need(path).lazy(), 2026).collect()
    assert req["dosage_form"].to_list() == ["tablet", None]
