"""The batch inputs (shared/contracts/claims.md): a missing column or a bad value is reported with file, row
and column, in kk, ru and en, and nothing of that run is written; good files become normalised Parquet."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from kepil.claims.columns import first_repeat, iin_valid
from kepil.claims.inputs import ClaimsInputs, InputFileError, load_inputs
from kepil.errors import InvalidInput
from kepil.reference.iin import is_valid_iin, make_iin

IIN_A = make_iin(dt.date(2005, 6, 2), "female")
IIN_B = make_iin(dt.date(1961, 11, 30), "male")
HEADER = (
    "claim_id,provider_id,contract_id,region,iin,care_kind,form,funding,icd10,profile,start_date,end_date,"
    "referral_date,outcome,amount,paid_by_patient,referral,life_threatening,note"
)
ROWS = [
    f"C1,P1,K1,Астана қаласы,{IIN_A},phc,planned,gvfmc,k80.1,,2026-03-02,2026-03-02,,completed,150000,0,,,"
    "first",
    f"C2,P1,K1,astana,{IIN_B},inpatient,emergency,cshi,J18.9,therapy,2026-03-20,2026-03-24,,completed,"
    "15000000,0,true,false,",
    f"C3,P1,K1,KZ-71,{IIN_B},inpatient,planned,cshi,I21.0,cardiology,2026-03-25,2026-03-31,2026-03-06,died,"
    "9000000,0,TRUE,0,third",
]
PERSONS = [
    "iin,birth_date,sex,residency,insured_from,insured_to,state_paid_category,death_date",
    f"{IIN_A},2005-06-02,female,citizen,2022-01-18,,,",
    f"{IIN_B},1961-11-30,male,citizen,2020-01-01,,pension_recipient,2026-03-31",
]
CONTRACTS = [
    "contract_id,provider_id,start_date,end_date,care_kinds,sum,licensed,palliative",
    "K1,P1,2026-01-01,2026-12-31,phc; inpatient,100000000,true,false",
]


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    return {
        "claims": _write(tmp_path / "claims.csv", [HEADER, *ROWS]),
        "persons": _write(tmp_path / "persons.csv", PERSONS),
        "contracts": _write(tmp_path / "contracts.csv", CONTRACTS),
    }


def _load(files: dict[str, Path], work: Path) -> ClaimsInputs:
    return load_inputs(files["claims"], files["persons"], files["contracts"], work)


def _replace(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def test_csv_is_normalised_names_to_codes_and_extra_columns_carried(files: dict[str, Path], tmp_path: Path):
    """claims.md: region code or Kazakh name; dates date32, money int64 tiyn, booleans; extra columns kept."""
    out = _load(files, tmp_path / "work")
    claims = pl.read_parquet(out.claims)
    assert claims["region"].to_list() == ["astana", "astana", "astana"]  # Kazakh name, code, ISO code
    assert claims["icd10"].to_list() == ["K80.1", "J18.9", "I21.0"]
    assert claims["note"].to_list() == ["first", None, "third"]
    assert claims["referral"].to_list() == [None, True, True]
    assert claims["life_threatening"].to_list() == [None, False, False]
    assert claims.schema["start_date"] == pl.Date and claims.schema["amount"] == pl.Int64
    assert claims["iin"].to_list()[0] == IIN_A  # text: the leading zero of a 2000s birth is kept
    contracts = pl.read_parquet(out.contracts)
    assert contracts["care_kinds"].to_list() == ["phc;inpatient"]
    assert contracts["licensed"].to_list() == [True]
    persons = pl.read_parquet(out.persons)
    assert persons["death_date"].to_list() == [None, dt.date(2026, 3, 31)]
    assert sorted(p.name for p in (tmp_path / "work").iterdir()) == [
        "claims.normalised.parquet", "contracts.normalised.parquet", "persons.normalised.parquet",
    ]  # fmt: skip


def test_conforming_parquet_is_used_as_it_is(files: dict[str, Path], tmp_path: Path):
    first = _load(files, tmp_path / "w1")
    again = load_inputs(first.claims, first.persons, first.contracts, tmp_path / "w2")
    assert again == first
    assert not (tmp_path / "w2").exists() or not any((tmp_path / "w2").iterdir())


def test_parquet_with_a_kazakh_region_name_is_normalised(files: dict[str, Path], tmp_path: Path):
    first = _load(files, tmp_path / "w1")
    src = tmp_path / "claims.parquet"
    pl.read_parquet(first.claims).with_columns(pl.lit("Шымкент қаласы").alias("region")).write_parquet(src)
    out = load_inputs(src, first.persons, first.contracts, tmp_path / "w2")
    assert out.claims != src
    assert pl.read_parquet(out.claims)["region"].unique().to_list() == ["shymkent"]


def _error(files: dict[str, Path], tmp_path: Path) -> InputFileError:
    with pytest.raises(InputFileError) as info:
        _load(files, tmp_path / "work")
    assert not (tmp_path / "work").exists(), "nothing is written on error, not even the folder"
    return info.value


# (file, old text, new text, row, column, words of the English message)
CASES = [
    ("claims", "C2,P1,K1,astana", "C2,P1,K1,Astana city", 2, "region", "not a region"),
    ("claims", f"{IIN_B},inpatient,emergency", f"{IIN_B[:11]}0,inpatient,emergency", 2, "iin", "not an IIN"),
    ("claims", "J18.9", "J18.99", 2, "icd10", "not an ICD-10"),
    ("claims", "2026-03-20,2026-03-24", "2026-03-20,2026-03-19", 2, "end_date", "is before `start_date`"),
    ("claims", "2026-03-20,2026-03-24", "2026-03-20,24.03.2026", 2, "end_date", "not a date"),
    ("claims", "2026-03-20,2026-03-24", "2026-02-30,2026-03-24", 2, "start_date", "not a date"),
    ("claims", "15000000,0,true", "150000.5,0,true", 2, "amount", "not an integer"),
    ("claims", "15000000,0,true", "15000000,-5,true", 2, "paid_by_patient", "negative"),
    ("claims", "inpatient,emergency", "inpatient,acute", 2, "form", "not one of"),
    ("claims", "inpatient,emergency", "hospital,emergency", 2, "care_kind", "not one of"),
    ("claims", ",completed,15000000", ",cured,15000000", 2, "outcome", "not one of"),
    ("claims", "0,true,false,", "0,yes,false,", 2, "referral", "not a boolean"),
    ("claims", "C3,P1", "C1,P1", 3, "claim_id", "row 1 has it already"),
    ("claims", "C2,P1,K1", ",P1,K1", 2, "claim_id", "must be filled"),
    ("persons", "1961-11-30,male", "1961-11-30,man", 2, "sex", "not one of"),
    ("persons", ",pension_recipient,", ",pensioner,", 2, "state_paid_category", "not one of"),
    ("persons", f"{IIN_B},1961", f"{IIN_A},1961", 2, "iin", "row 1 has it already"),
    ("persons", "2020-01-01,,pension", "2020-01-01,2019-01-01,pension", 2, "insured_to", "is before"),
    ("contracts", "phc; inpatient", "phc;surgery", 1, "care_kinds", "not one of"),
    ("contracts", ",true,false", ",yes,false", 1, "licensed", "not a boolean"),
]


@pytest.mark.parametrize(("table", "old", "new", "row", "column", "words"), CASES)
def test_a_bad_value_names_file_row_and_column(
    files: dict[str, Path], tmp_path: Path, table: str, old: str, new: str, row: int, column: str, words: str
):
    """claims.md: a value of the wrong type or outside its enumeration is reported with file, row, column."""
    _replace(files[table], old, new)
    e = _error(files, tmp_path)
    assert (e.file, e.row, e.column) == (str(files[table]), row, column)
    assert words in e.text("en")
    assert e.field == f"{files[table]}:{row}:{column}"
    assert isinstance(e, InvalidInput)
    # the place and the problem in every language
    assert f"{row}-жол" in e.text("kk") and f"строка {row}" in e.text("ru")
    assert e.text("kk") != e.text("en") and e.text("ru") != e.text("en")


def test_a_missing_column_has_no_row(files: dict[str, Path], tmp_path: Path):
    _replace(files["claims"], ",outcome,", ",result,")
    e = _error(files, tmp_path)
    assert (e.row, e.column) == (None, "outcome")
    assert "міндетті" in e.text("kk") and "обязательного" in e.text("ru") and "required" in e.text("en")


def test_the_lowest_row_is_reported_and_each_checks_first_kept(files: dict[str, Path], tmp_path: Path):
    _replace(files["claims"], "C3,P1,K1,KZ-71", "C3,P1,K1,Mars")  # row 3
    _replace(files["claims"], "J18.9", "J99.99")  # row 2
    e = _error(files, tmp_path)
    assert (e.row, e.column) == (2, "icd10")
    assert [(p.row, p.column) for p in e.problems] == [(2, "icd10"), (3, "region")]


def test_nothing_is_written_when_only_the_last_file_is_bad(files: dict[str, Path], tmp_path: Path):
    _replace(files["contracts"], "100000000", "lots")
    e = _error(files, tmp_path)
    assert (e.row, e.column) == (1, "sum")


def test_unreadable_files(files: dict[str, Path], tmp_path: Path):
    files["persons"].write_bytes((PERSONS[0] + "\n").encode() + b"\xff\xfe,1,2,3,4,5,6,7\n")
    e = _error(files, tmp_path)
    assert e.row is None and "cannot be read" in e.text("en")
    files["persons"] = tmp_path / "persons.xlsx"
    files["persons"].write_text("x")
    assert ".csv" in _error(files, tmp_path).text("en")
    files["persons"] = tmp_path / "absent.csv"
    assert "does not exist" in _error(files, tmp_path).text("en")


def test_parquet_types_are_checked(files: dict[str, Path], tmp_path: Path):
    """An IIN stored as a number loses its leading zeros: an error, not a guess. Money as float must be
    whole tiyn."""
    good = _load(files, tmp_path / "w1")
    persons = tmp_path / "persons.parquet"
    pl.read_parquet(good.persons).with_columns(pl.col("iin").cast(pl.Int64)).write_parquet(persons)
    with pytest.raises(InputFileError) as info:
        load_inputs(good.claims, persons, good.contracts, tmp_path / "w2")
    assert (info.value.row, info.value.column) == (1, "iin")
    assert "leading zeros" in info.value.text("en")
    claims = tmp_path / "claims.parquet"
    frame = pl.read_parquet(good.claims).with_columns(pl.col("amount").cast(pl.Float64))
    frame.write_parquet(claims)
    out = load_inputs(claims, good.persons, good.contracts, tmp_path / "w3")  # whole floats are tiyn
    assert pl.read_parquet(out.claims).schema["amount"] == pl.Int64
    frame.with_columns(pl.col("amount") + 0.25).write_parquet(claims)
    with pytest.raises(InputFileError) as info:
        load_inputs(claims, good.persons, good.contracts, tmp_path / "w4")
    assert (info.value.row, info.value.column) == (1, "amount")


def test_categorical_text_in_parquet_is_text(files: dict[str, Path], tmp_path: Path):
    good = _load(files, tmp_path / "w1")
    claims = tmp_path / "claims.parquet"
    pl.read_parquet(good.claims).with_columns(pl.col("care_kind", "iin").cast(pl.Categorical)).write_parquet(
        claims
    )
    out = load_inputs(claims, good.persons, good.contracts, tmp_path / "w2")
    assert pl.read_parquet(out.claims)["care_kind"].dtype == pl.Utf8


def test_column_iin_check_agrees_with_the_reference():
    """kepil.reference.iin decides one number; the column check must agree on every kind of value."""
    values = [
        IIN_A, IIN_B, IIN_A[:11] + str((int(IIN_A[11]) + 1) % 10), "12345", "1234567890123", "12345678901a",
        None, "", " " + IIN_A[1:], "-" + IIN_A[1:], make_iin(dt.date(1999, 12, 31), "male", 57),
    ] + [f"{n:012d}" for n in range(0, 10**12, 7_777_777_777)]  # fmt: skip
    got = iin_valid(pl.Series(values, dtype=pl.Utf8))
    assert list(got) == [v is None or is_valid_iin(v) for v in values]
    same_length = [v for v in values if v and len(v) == 12]
    assert list(iin_valid(pl.Series(same_length))) == [is_valid_iin(v) for v in same_length]


def test_first_repeat():
    assert first_repeat(pl.Series(["a", "b", None, None, "c"])) is None
    assert first_repeat(pl.Series(["a", "b", "c", "b", "a"])) == (3, 1)


@pytest.mark.parametrize("name", ["claims", "persons", "contracts"])
def test_a_header_only_file_is_refused_unless_empty_is_expected(
    files: dict[str, Path], tmp_path: Path, name: str
) -> None:
    """Issue 14: a header-only file used to pass and give an empty result."""
    lines = files[name].read_text(encoding="utf-8").splitlines()[:1]
    _write(files[name], lines)
    with pytest.raises(InputFileError) as e:
        _load(files, tmp_path / "work")
    assert e.value.file == str(files[name]) and e.value.row is None
    assert "no data rows" in e.value.message and "--allow-empty" in e.value.message
    assert "строки данных" in e.value.text("ru")
    out = load_inputs(
        files["claims"], files["persons"], files["contracts"], tmp_path / "w2", allow_empty=True
    )
    assert pl.read_parquet(getattr(out, name)).height == 0


def test_a_5_mb_identifier_is_refused_quoting_a_short_prefix(files: dict[str, Path], tmp_path: Path) -> None:
    huge = "C" * 5_000_000
    _replace(files["claims"], "C2,P1,K1", f"{huge},P1,K1")
    with pytest.raises(InputFileError) as e:
        _load(files, tmp_path / "work")
    assert (e.value.row, e.value.column) == (2, "claim_id")
    assert "too long" in e.value.message and "at most 64" in e.value.message
    assert len(e.value.message) < 300  # the value is quoted by a short prefix, not echoed whole
