"""A Hypothesis fuzz of every file reader (issue 14): claims, persons, contracts (monitoring, payment), the
medicines' patients, inpatient balances and need, the access criteria's tables, the MVD ledger, the providers
import and the tariff book. Each starts from a valid file and damages it — a cell replaced by a nasty value
(empty, spaces, 100,000 characters, a formula, a huge or negative number, NaN, a date that does not exist,
a NUL, a line break, another type), a column dropped, renamed or repeated, the rows cut away, the file cut
mid-way, a BOM, CRLF. Whatever comes in, a reader either returns typed rows or raises kepil's InvalidInput
naming the file — never another exception, never a message echoing a long value, never "empty" for a cell
that is not.

A new reader joins by an entry in READERS (a name, a valid file, a function reading it).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kepil.errors import InvalidInput
from kepil.reference.iin import make_iin

EXAMPLES = 40  # per reader; ./dev test runs them all within its time (KEPIL_FUZZ_EXAMPLES=N: more, random)
IIN_A = make_iin(__import__("datetime").date(2005, 6, 2), "female")
IIN_B = make_iin(__import__("datetime").date(1961, 11, 30), "male")


@dataclass(frozen=True)
class Reader:
    name: str
    files: dict[str, str]  # file name → valid CSV text; the first is the one damaged
    read: Callable[[Path, dict[str, Path]], Any]
    examples: int = EXAMPLES


def _claims(main: Path, files: dict[str, Path]) -> Any:
    from kepil.claims.inputs import load_inputs

    paths = {n: files[n] for n in ("claims.csv", "persons.csv", "contracts.csv")}
    return load_inputs(*paths.values(), main.parent / "work")


CLAIMS = "\n".join(
    [
        "claim_id,provider_id,contract_id,region,iin,care_kind,form,funding,icd10,profile,start_date,end_date,"
        "referral_date,outcome,amount,paid_by_patient,referral,life_threatening",
        f"C1,P1,K1,astana,{IIN_A},phc,planned,gvfmc,K80.1,,2026-03-02,2026-03-02,,completed,150000,0,,",
        f"C2,P1,K1,astana,{IIN_B},inpatient,emergency,cshi,J18.9,therapy,2026-03-20,2026-03-24,,completed,"
        "15000000,0,true,false",
    ]
)
PERSONS = "\n".join(
    [
        "iin,birth_date,sex,residency,insured_from,insured_to,state_paid_category,death_date",
        f"{IIN_A},2005-06-02,female,citizen,2022-01-18,,,",
        f"{IIN_B},1961-11-30,male,citizen,2020-01-01,,pension_recipient,",
    ]
)
CONTRACTS = "\n".join(
    [
        "contract_id,provider_id,start_date,end_date,care_kinds,sum,licensed,palliative",
        "K1,P1,2026-01-01,2026-12-31,phc;inpatient,100000000,true,false",
    ]
)
PATIENTS = "\n".join(
    [
        "patient_id,region,icd10,inn,dosage_form,dose_unit,single_dose,doses_per_day,intake_days_per_month,"
        "courses_per_year,first_month,prescribed_prev_year,dispensed_prev_year,trade_name,intolerance,"
        "narcotic_psychotropic,agreed_on",
        "P1,astana,E11.9,Metformin,tablet,mg,500,2,30,12,,400000,360000,,,,2026-03-20",
        "P2,almaty,I10,Amlodipine,tablet,mg,2.5,1,30,3,10,,,Norvasc,true,,2026-03-21",
    ]
)
INPATIENT = "\n".join(
    [
        "organisation,region,inn,dosage_form,unit,previous_year_consumption,year_start_balance,receipts,"
        "expenditure,narcotic_psychotropic",
        "H1,astana,Ceftriaxone,powder,g,1200,100,1000,900,false",
    ]
)
LEDGER = "\n".join(
    [
        "line_id,date,kind,amount,condition,payer,tariff_amount,purpose,purchase,procurement_ref",
        "a,2024-05-02,income,1000,inpatient,fund,1000,,,",
        "b,2024-05-03,expense,500,,,,medicines,,",
    ]
)
PROVIDERS = "\n".join(
    [
        "id,name,region,atu,phc,palliative,licence_valid_until,border_neighbour_atus,events",
        "PHC-1,Polyclinic 1,astana,astana-esil,true,,2030-12-31,astana-almaty,",
        "PHC-2,Polyclinic 2,abai,semey,1,no,,,privatisation:2026-03-01",
    ]
)


def _access(main: Path, files: dict[str, Path]) -> Any:
    from kepil.reports.access import read_tables

    return read_tables(main.parent)


def _access_files() -> dict[str, str]:
    from kepil.data import data_path

    folder = Path(str(data_path("access_example")))
    first = {"calls.csv": (folder / "calls.csv").read_text(encoding="utf-8")}
    rest = {
        p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.csv")) if p.name != "calls.csv"
    }
    return first | rest


def _tariffs_yaml() -> str:
    from kepil.data import data_path

    return Path(str(data_path("program_2026_2028", "tariffs_example_2026.yaml"))).read_text(encoding="utf-8")


def _medicines(kind: str) -> Callable[[Path, dict[str, Path]], Any]:
    def read(main: Path, files: dict[str, Path]) -> Any:
        from kepil.law.drug_rules import need as N
        from kepil.law.drug_rules import request as R

        return {"patients": N.load_patients, "inpatient": N.load_inpatient, "need": R.load_need}[kind](main)

    return read


def _need_csv() -> str:
    """A need file as `kepil medicines need --out` writes it."""
    import tempfile

    from kepil.files import write_table
    from kepil.law.drug_rules import need as N

    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "p.csv"
        p.write_text(PATIENTS + "\n", encoding="utf-8")
        need = N.decimal_out(
            N.personalised_need(N.load_patients(p), __import__("datetime").date(2026, 3, 2)),
            N.NEED_QUANTITIES,
        )
        out = Path(tmp) / "need.csv"
        write_table(need, out)
        return out.read_text(encoding="utf-8")


def _ledger(main: Path, files: dict[str, Path]) -> Any:
    from kepil.law.mvd_paid_services.ledger import check_ledger_file

    return check_ledger_file(main)


def _providers(main: Path, files: dict[str, Path]) -> Any:
    from kepil.store.provider_files import read_providers

    return read_providers(main)


def _tariffs(main: Path, files: dict[str, Path]) -> Any:
    from kepil.law.program_2026_2028.tariffs import load_tariffs

    return load_tariffs(main, check_deadline=False)


COVERAGE = (
    "id,date,person.iin,person.residency,person.insured,service.kind,service.form\n"
    f"r1,2026-03-01,{IIN_A},citizen,true,phc,planned\n"
    f"r2,2027-01-01,{IIN_B},temporary_resident,0,inpatient,emergency\n"
    f"r3,2026-03-22,{IIN_A},kandas,yes,ambulance,emergency\n"
)


def _coverage(main: Path, files: dict[str, Path]) -> Any:
    """The coverage batch (issue 13): a damaged cell is its row's error in the output, naming row and
    column; a damaged file is refused naming it."""
    import polars as pl

    from kepil.coverage.files import decide_file

    out = main.parent / "answers.csv"
    n, errors = decide_file(main, out)
    written = pl.read_csv(out, infer_schema_length=0)
    assert written.height == n and int(written["error_code"].is_not_null().sum()) == errors
    bad = written.filter(pl.col("error_code").is_not_null())
    assert bad["error_field"].is_not_null().all() and bad["error_row"].is_not_null().all()
    return n


def _payment(main: Path, files: dict[str, Path]) -> Any:
    from kepil.data import data_path
    from kepil.law.program_2026_2028.payment.run import pay
    from kepil.law.program_2026_2028.tariffs import load_tariffs

    book = load_tariffs(data_path("program_2026_2028", "tariffs_example_2026.yaml"), check_deadline=False)
    work = main.parent / "work"
    work.mkdir(exist_ok=True)
    return pay(main, book, workdir=work)


READERS = [
    Reader("claims", {"claims.csv": CLAIMS, "persons.csv": PERSONS, "contracts.csv": CONTRACTS}, _claims),
    Reader("persons", {"persons.csv": PERSONS, "claims.csv": CLAIMS, "contracts.csv": CONTRACTS}, _claims),
    Reader("contracts", {"contracts.csv": CONTRACTS, "claims.csv": CLAIMS, "persons.csv": PERSONS}, _claims),
    Reader("payment claims", {"claims.csv": CLAIMS}, _payment, examples=6),  # ~3 s a pricing run
    Reader("medicines patients", {"p.csv": PATIENTS}, _medicines("patients")),
    Reader("medicines inpatient", {"i.csv": INPATIENT}, _medicines("inpatient")),
    Reader("medicines need", {"need.csv": "<need>"}, _medicines("need")),
    Reader("access", {"<access>": ""}, _access),
    Reader("ledger", {"ledger.csv": LEDGER}, _ledger),
    Reader("providers", {"providers.csv": PROVIDERS}, _providers),
    Reader("tariff book", {"tariffs.yaml": "<tariffs>"}, _tariffs),
    Reader("coverage requests", {"requests.csv": COVERAGE}, _coverage),
]

NASTY = [
    "",
    "   ",
    "x" * 100_000,  # (a failing example prints it: run with -q and read the test's own assertion)
    '=HYPERLINK("http://evil.example")',
    "+1",
    "-1",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "0.5",
    "true",
    "yes",
    "2026-02-30",
    "01.03.2026",
    "2026-03-01T00:00:00",
    "a\x00b",
    '"line\nbreak"',
    "Ақтөбе",
    "🙂",
    "null",
    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
]
DAMAGE = [
    "cell",
    "cell",
    "cell",
    "drop_column",
    "rename_column",
    "repeat_column",
    "header_only",
    "cut",
    "bom",
    "crlf",
]


def _materialise(reader: Reader, folder: Path) -> dict[str, Path]:
    files: dict[str, Path] = {}
    for name, text in reader.files.items():
        if name == "<access>":
            for access_name, access_text in _access_files().items():
                files[access_name] = folder / access_name
                files[access_name].write_text(access_text, encoding="utf-8")
            continue
        if text == "<need>":
            text = _need_csv()
        elif text == "<tariffs>":
            text = _tariffs_yaml()
        files[name] = folder / name
        files[name].write_text(text + ("" if text.endswith("\n") else "\n"), encoding="utf-8")
    return files


def _damage(text: str, how: str, data: st.DataObject, yaml: bool) -> str:
    lines = text.splitlines()
    if yaml:
        how = how if how in ("cell", "cut", "bom", "crlf") else "cell"
    if how == "cell":
        i = data.draw(st.integers(0 if yaml else 1, max(len(lines) - 1, 0)))
        value = data.draw(st.sampled_from(NASTY) | st.text(max_size=20))
        if yaml:
            key, sep, _ = lines[i].partition(":")
            lines[i] = f"{key}{sep} {json.dumps(value)}" if sep else value
        else:
            cells = lines[i].split(",")
            j = data.draw(st.integers(0, len(cells) - 1))
            cells[j] = value if "," not in value else f'"{value}"'
            lines[i] = ",".join(cells)
        return "\n".join(lines) + "\n"
    header = lines[0].split(",")
    if how in ("drop_column", "rename_column", "repeat_column"):
        j = data.draw(st.integers(0, len(header) - 1))
        rows = [line.split(",") for line in lines]
        for r in rows:
            if j < len(r):
                if how == "drop_column":
                    del r[j]
                elif how == "repeat_column":
                    r.append(r[j])
        if how == "rename_column":
            rows[0][j] = rows[0][j] + "_x"
        return "\n".join(",".join(r) for r in rows) + "\n"
    if how == "header_only":
        return lines[0] + "\n"
    if how == "cut":
        at = data.draw(st.integers(0, max(len(text) - 1, 0)))
        return text[:at]
    if how == "bom":
        return "\ufeff" + text
    return text.replace("\n", "\r\n")


def _blank_cell(path: Path, e: InvalidInput) -> bool:
    """Whether the cell a 'the value is empty' error names is blank in the file (a CSV reader's file)."""
    import csv

    row, column = getattr(e, "row", None), getattr(e, "column", None)
    if row is None or column is None:
        return True
    with open(path, encoding="utf-8-sig", newline="") as f:
        records = list(csv.DictReader(f))
    if row - 1 >= len(records):
        return True
    return (records[row - 1].get(column) or "").strip() == ""


@pytest.mark.parametrize("reader", READERS, ids=[r.name for r in READERS])
def test_a_damaged_file_is_read_or_refused_as_invalid_input_naming_it(
    reader: Reader, tmp_path_factory
) -> None:  # type: ignore[no-untyped-def]
    @settings(
        max_examples=int(os.environ.get("KEPIL_FUZZ_EXAMPLES", reader.examples)),
        deadline=None,
        derandomize="KEPIL_FUZZ_EXAMPLES" not in os.environ,  # the suite: the same examples every run
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        print_blob=False,
    )
    @given(how=st.sampled_from(DAMAGE), data=st.data())
    def check(how: str, data: st.DataObject) -> None:
        folder = tmp_path_factory.mktemp("fuzz")
        files = _materialise(reader, folder)
        main = next(iter(files.values()))
        original = main.read_text(encoding="utf-8")
        main.write_text(_damage(original, how, data, main.suffix == ".yaml"), encoding="utf-8")
        try:
            reader.read(main, files)
        except InvalidInput as e:
            message = str(e)
            assert len(message) < 2_000, message[:300]  # a long value is quoted by a prefix
            assert main.name in message or str(main) in message or "work" in message, message[:300]
            for lang in ("kk", "ru", "en"):
                assert e.text(lang)
            if "the value is empty" in e.text("en") and main.suffix == ".csv":
                assert _blank_cell(main, e), message[:300]

    check()
