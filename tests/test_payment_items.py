"""Every item of `program-2026-2028` appendix 2 priced (issue 16): one hand-computed claim or organisation
row per item with the illustrative example book, the method derived from the claim's kind, form, funding
and diagnosis, capitation counted by day from attachments, and the named input an item lacks."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from kepil.cli.main import app
from kepil.data import data_path
from kepil.law.program_2026_2028.payment import BatchInputError, pay
from kepil.law.program_2026_2028.payment.items import ITEMS, item_key
from kepil.law.program_2026_2028.payment_methods import directions
from kepil.law.program_2026_2028.tariffs import TariffBook, TariffBookError, load_tariffs, parse_tariffs
from kepil.reference.iin import make_iin

EXAMPLE = data_path("program_2026_2028", "tariffs_example_2026.yaml")
D = dt.date
COLUMNS = (
    "claim_id",
    "provider_id",
    "region",
    "iin",
    "care_kind",
    "form",
    "funding",
    "icd10",
    "start_date",
    "end_date",
    "amount",
    "method",
    "ccg",
    "tariff_code",
    "block",
    "bed_days",
    "sessions",
    "complex_tariff",
    "service_code",
    "quantity",
    "additional",
    "additional_tiyn",
)
INTS = ("amount", "bed_days", "sessions", "quantity", "additional_tiyn")
runner = CliRunner()
BASE = 18_500_000  # the example book's base rate


@pytest.fixture(scope="module")
def book() -> TariffBook:
    return load_tariffs(EXAMPLE)


_IINS: dict[str, str] = {}


def iin(key: str) -> str:
    """A valid IIN of its own for each `key` (a complex tariff pays per person, by IIN)."""
    return _IINS.setdefault(key, make_iin(D(1980, 1, 1), "male", serial=10 * len(_IINS)))


def claim(claim_id: str, **given: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "claim_id": claim_id,
        "provider_id": "P1",
        "region": "abai",
        "iin": iin(claim_id),
        "care_kind": "inpatient",
        "form": "planned",
        "funding": "cshi",
        "icd10": "J18.9",
        "start_date": D(2026, 3, 2),
        "end_date": D(2026, 3, 9),
        "amount": 1_000_000,
    }
    return row | given


def write(path: Path, rows: list[dict[str, Any]]) -> Path:
    def typ(c: str) -> pa.DataType:
        return pa.int64() if c in INTS else pa.date32() if c.endswith("_date") else pa.string()

    pq.write_table(pa.table({c: pa.array([r.get(c) for r in rows], typ(c)) for c in COLUMNS}), path)
    return path


# (claim, method, clause, item, amount in tiyn) — amounts by hand from the example book
CASES: list[tuple[dict[str, Any], str, str, int, int | None]] = [
    # 2.4: low-phenylalanine products, per unit × quantity (E70.0 phenylketonuria)
    (
        claim("pku", care_kind="outpatient_drugs", icd10="E70.0", service_code="PKU-FORMULA", quantity=2),
        "item_tariff",
        "app2.2",
        4,
        2 * 1_450_000,
    ),
    (claim("rscr", care_kind="screening", service_code="RURAL-SCR-HBV"), "item_tariff", "app2.2", 5, 310_000),
    # 3.1: the bulk of outpatient care, per service rendered
    (
        claim("visit", care_kind="outpatient_specialized", service_code="A01.001"),
        "item_tariff",
        "app2.3",
        1,
        420_000,
    ),
    (
        claim("lab", care_kind="outpatient_specialized", service_code="B03.001", quantity=3),
        "item_tariff",
        "app2.3",
        1,
        3 * 185_000,
    ),
    (claim("tooth", care_kind="dental", service_code="C02.001"), "item_tariff", "app2.3", 1, 640_000),
    (
        claim("mob", care_kind="outpatient_specialized", service_code="MOBILE-TEAM-VISIT"),
        "item_tariff",
        "app2.3",
        2,
        1_200_000,
    ),
    (
        claim("veh", care_kind="outpatient_specialized", service_code="MOBILE-COMPLEX-EXAM"),
        "item_tariff",
        "app2.3",
        5,
        780_000,
    ),
    (claim("scr", care_kind="screening", service_code="SCR-CERVIX"), "item_tariff", "app2.3", 6, 540_000),
    (claim("ccg", ccg="ST-002"), "per_case_ccg", "app2.4", 1, 15_675_050),
    (
        claim("act", method="per_case_actual_cost", amount=7_000_000),
        "per_case_actual_cost",
        "app2.4",
        2,
        7_000_000,
    ),
    # 4.7 with row 5's additional cost, at its actual cost: cost group + additional
    (
        claim("no", ccg="ST-002", additional="nitric_oxide", additional_tiyn=2_500_000),
        "ccg_plus_additional",
        "app2.5",
        3,
        15_675_050 + 2_500_000,
    ),
    # 5.1: haemodialysis sessions as the additional cost: 18 500 000 × 0.4215 + 3 × 3 180 000
    (
        claim("hd", ccg="ST-001", additional="1", sessions=3, tariff_code="haemodialysis"),
        "ccg_plus_additional",
        "app2.5",
        1,
        7_797_750 + 3 * 3_180_000,
    ),
    (claim("obst", service_code="SEVERE-OBSTETRIC"), "item_tariff", "app2.4", 8, 248_000_000),
    (claim("home", service_code="HOME-HOSPITAL-CASE"), "item_tariff", "app2.5", 13, 9_800_000),
    # 6.5: outpatient-stage medicines of a children's oncology block, on the waybill: the amount presented
    (
        claim("waybill", care_kind="outpatient_drugs", block="ALL-IND", amount=555_555),
        "actual_cost",
        "app2.6",
        5,
        555_555,
    ),
    # 8.1: HD-001 (1.41) + 2 peritoneal sessions + materials for self-performed dialysis
    (
        claim("pd", ccg="HD-001", sessions=2, tariff_code="peritoneal", additional_tiyn=100_000),
        "ccg_plus_sessions",
        "app2.8",
        1,
        26_085_000 + 2 * 2_240_000 + 100_000,
    ),
    (
        claim(
            "onc2", care_kind="outpatient_specialized", icd10="C50.9", service_code="ONCO-OUTPATIENT-VISIT"
        ),
        "item_tariff",
        "app2.10",
        2,
        980_000,
    ),
    (
        claim("onc3", care_kind="palliative", service_code="ONCO-MOBILE-PALLIATIVE"),
        "item_tariff",
        "app2.10",
        3,
        1_850_000,
    ),
    (claim("onc4", service_code="TELEPATHOLOGY"), "item_tariff", "app2.10", 4, 42_000_000),
    (claim("onc5", service_code="MOLECULAR-GENETIC"), "item_tariff", "app2.10", 5, 36_500_000),
    (claim("onc6", service_code="RADIOTHERAPY-SERVICE"), "item_tariff", "app2.10", 6, 125_000_000),
    (claim("onc7", service_code="HIPEC"), "item_tariff", "app2.10", 7, 412_000_000),
    (claim("onc8", service_code="CNS-TUMOUR-SURGERY"), "item_tariff", "app2.10", 8, 520_000_000),
    (
        claim("onc9", care_kind="palliative", service_code="ONCO-PALLIATIVE-BED-DAY", quantity=7),
        "item_tariff",
        "app2.10",
        9,
        7 * 2_100_000,
    ),
    # 11.2, 12.4: drugs of the formulary, by diagnosis: the amount presented
    (
        claim("tbd", care_kind="outpatient_drugs", icd10="A15.0", amount=123_456),
        "actual_cost",
        "app2.11",
        2,
        123_456,
    ),
    (claim("tbs", service_code="TB-SURGERY"), "item_tariff", "app2.11", 3, 186_000_000),
    (
        claim("hivt", care_kind="outpatient_specialized", service_code="HIV-TEST"),
        "item_tariff",
        "app2.12",
        3,
        145_000,
    ),
    (
        claim("arv", care_kind="outpatient_drugs", icd10="B20.0", amount=98_765),
        "actual_cost",
        "app2.12",
        4,
        98_765,
    ),
    (claim("hla", care_kind="blood", service_code="HLA-TYPING"), "item_tariff", "app2.14", 1, 5_800_000),
    # the kind and form decide the PHC item the claim is paid within (amount 0: the organisation's row)
    (claim("phc", care_kind="phc"), "comprehensive_per_capita_norm", "app2.2", 1, 0),
    (claim("urg", care_kind="phc", form="urgent"), "comprehensive_per_capita_norm", "app2.2", 3, 0),
    (claim("rphc", care_kind="phc", provider_id="R1"), "comprehensive_per_capita_norm", "app2.9", 1, 0),
    (
        claim("rurg", care_kind="phc", form="urgent", provider_id="R1"),
        "comprehensive_per_capita_norm",
        "app2.9",
        3,
        0,
    ),
    (
        claim(
            "rpku",
            care_kind="outpatient_drugs",
            icd10="E70.0",
            service_code="LOW-PROTEIN-FOOD",
            provider_id="R1",
        ),
        "item_tariff",
        "app2.9",
        4,
        620_000,
    ),
    (claim("air", care_kind="air_ambulance"), "per_capita_norm", "app2.1", 1, 0),
    # funding and diagnosis: GVFMC mental-health care is paid by the complex tariff per patient (13.1)
    (
        claim("mh", care_kind="outpatient_specialized", icd10="F20.0", funding="gvfmc"),
        "complex_tariff",
        "app2.13",
        1,
        0,
    ),
    (
        claim("mhc", care_kind="outpatient_specialized", icd10="F20.0", funding="cshi"),
        "item_tariff",
        "app2.3",
        1,
        None,
    ),
    (
        claim("train", care_kind="outpatient_specialized", complex_tariff="medical_train"),
        "complex_tariff",
        "app2.3",
        4,
        0,
    ),
    (
        claim("rtb", complex_tariff="republican_tuberculosis", icd10="A15.0"),
        "complex_tariff",
        "app2.11",
        4,
        0,
    ),
    (
        claim("fc", care_kind="outpatient_specialized", complex_tariff="friendly_cabinet"),
        "complex_tariff",
        "app2.12",
        2,
        0,
    ),
    (
        claim("reg", care_kind="outpatient_specialized", complex_tariff="mental_health_registered"),
        "complex_tariff",
        "app2.13",
        2,
        0,
    ),
]

POPULATION = pa.table(
    {
        "provider_id": ["P1", "R1", "C1", "S1", "AMB", "AMB", "P1"],
        "region": ["abai"] * 7,
        "attached": [1_000, 100, 50, 10, 1_000, 3, 2],
        "base": [
            "comprehensive_per_capita_norm",
            "comprehensive_per_capita_norm",
            "consolidation",
            "school_pupils",
            "per_capita_norm",
            "ambulance_drivers",
            "phc_drivers",
        ],
        "person_days": [30_000, None, None, None, None, None, None],
        "rural": [False, True, None, None, None, None, None],
    }
)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory, book: TariffBook) -> list[dict[str, Any]]:
    tmp = tmp_path_factory.mktemp("items")
    claims = write(tmp / "claims.parquet", [c for c, *_ in CASES])
    return pay(claims, book, period="2026-03", attached=POPULATION).to_pylist()


@pytest.mark.parametrize(
    ("given", "method", "clause", "item", "amount"), CASES, ids=[c["claim_id"] for c, *_ in CASES]
)
def test_app2_item_of_each_claim_priced_by_hand(
    run: list[dict[str, Any]], given: dict[str, Any], method: str, clause: str, item: int, amount: int | None
) -> None:
    row = next(r for r in run if r["claim_id"] == given["claim_id"])
    assert (row["method"], row["clause"], row["item"], row["amount_tiyn"]) == (method, clause, item, amount)


def org_row(run: list[dict[str, Any]], provider: str, clause: str, item: int) -> dict[str, Any]:
    [row] = [
        r
        for r in run
        if r["claim_id"] is None and (r["provider_id"], r["clause"], r["item"]) == (provider, clause, item)
    ]
    return row


@pytest.mark.parametrize(
    ("provider", "clause", "item", "amount"),
    [
        # 2.1 КЖН counted by day: 243 000 × 30 000 person-days / 31 = 235 161 290.32… → half up 235 161 290
        ("P1", "app2.2", 1, 235_161_290),
        ("P1", "app2.2", 2, 18_774_194),  # incentive 19 400 × 30 000 / 31 = 18 774 193.5… → 18 774 194
        ("P1", "app2.2", 3, 14_129_032),  # urgent care 14 600 × 30 000 / 31 = 14 129 032.2…
        ("R1", "app2.9", 1, 100 * 328_000),  # the rural package's КЖН × attached
        ("R1", "app2.9", 2, 100 * 19_400),
        ("R1", "app2.9", 3, 100 * 14_600),
        ("C1", "app2.2", 6, 50 * 12_200),  # consolidation
        ("S1", "app2.3", 3, 10 * 29_200),  # per attached pupil
        ("AMB", "app2.1", 1, 1_000 * 84_200),  # ЖБН × people served
        ("AMB", "app2.1", 2, 3 * 1_769_700 * 2),  # drivers × 200 % of the БЛЖ
        ("P1", "app2.2", 7, 2 * 1_769_700 * 2),
        # per person in the month (the region's tariff × distinct patients)
        ("P1", "app2.13", 1, 4_168_800),
        ("P1", "app2.3", 4, 4_017_600),
        ("P1", "app2.11", 4, 17_787_600),
        ("P1", "app2.12", 2, 535_700),
        ("P1", "app2.13", 2, 2_084_400),
    ],
)
def test_app2_organisation_rows_by_hand(
    run: list[dict[str, Any]], provider: str, clause: str, item: int, amount: int
) -> None:
    assert org_row(run, provider, clause, item)["amount_tiyn"] == amount


def test_rural_organisations_are_paid_by_row_9_not_row_2(run: list[dict[str, Any]]) -> None:
    """app2.9: the rural population's package; the same organisation is never paid by 2.1 too."""
    r1 = {(r["clause"], r["item"]) for r in run if r["claim_id"] is None and r["provider_id"] == "R1"}
    assert r1 == {("app2.9", 1), ("app2.9", 2), ("app2.9", 3)}


def test_every_priced_row_cites_an_item(run: list[dict[str, Any]]) -> None:
    for r in run:
        if r["amount_tiyn"] is not None:
            assert r["act"] == "program-2026-2028" and r["clause"].startswith("app2") and r["item"] >= 1


def test_every_item_of_app2_has_a_calculation_and_the_example_book_gives_its_inputs() -> None:
    from kepil.law.program_2026_2028.payment.items import item_status

    book = load_tariffs(EXAMPLE)
    keys = [item_key(d, m) for d in directions(include_unnumbered=True) for m in d.methods]
    assert len(keys) == 70 and set(keys) == set(ITEMS)
    for key in keys:
        status = item_status(key, book)
        assert status["computed"] is True, (key, status)


def test_payment_methods_json_names_the_input_a_book_lacks(tmp_path: Path) -> None:
    bare = tmp_path / "b.json"
    bare.write_text(
        '{"year": 2026, "approved_on": "2025-01-01", "regions": {"abai": {"per_capita_norm_tiyn": 1}}}'
    )
    result = runner.invoke(app, ["payment-methods", "1", "--json", "--tariffs", str(bare)])
    assert result.exit_code == 0, result.output
    items = {m["item"]: m["payment"] for m in json.loads(result.stdout)["methods"]}
    assert items[1]["computed"] is True
    assert items[2] == items[2] | {"computed": False, "missing": ["base_official_salary_tiyn"]}


def test_a_norm_the_book_lacks_is_a_null_amount_naming_it(tmp_path: Path) -> None:
    doc = {
        "year": 2026,
        "approved_on": "2025-01-01",
        "regions": {"abai": {"comprehensive_per_capita_norm_tiyn": 10}},
    }
    book = parse_tariffs(doc, "t.yaml")
    pop = pa.table({"provider_id": ["P1"], "region": ["abai"], "attached": [5]})
    out = pay(
        write(tmp_path / "c.parquet", [claim("p", care_kind="phc")]), book, period="2026-03", attached=pop
    )
    rows = {(r["clause"], r["item"]): r for r in out.to_pylist() if r["claim_id"] is None}
    assert rows["app2.2", 1]["amount_tiyn"] == 50
    urgent = rows["app2.2", 3]
    assert urgent["amount_tiyn"] is None
    assert json.loads(urgent["inputs"])["missing"] == "regions.abai.urgent_care_per_capita_norm_tiyn"


@pytest.mark.parametrize(("person_days", "amount"), [(14, 1), (13, 0), (28, 1), (42, 2)])
def test_per_capita_by_day_rounds_half_up_to_the_tiyn(tmp_path: Path, person_days: int, amount: int) -> None:
    """February 2026 has 28 days: a norm of 1 tiyn × 14 person-days / 28 = 0.5 → 1 (half up); 13 → 0."""
    doc = {
        "year": 2026,
        "approved_on": "2025-01-01",
        "regions": {"abai": {"comprehensive_per_capita_norm_tiyn": 1}},
    }
    book = parse_tariffs(doc, "t.yaml")
    pop = pa.table({"provider_id": ["P1"], "region": ["abai"], "attached": [2], "person_days": [person_days]})
    claims = write(
        tmp_path / "c.parquet",
        [claim("p", care_kind="phc", start_date=D(2026, 2, 2), end_date=D(2026, 2, 9))],
    )
    out = pay(claims, book, period="2026-02", attached=pop).to_pylist()
    assert [r["amount_tiyn"] for r in out if r["claim_id"] is None and r["item"] == 1] == [amount]


@pytest.mark.parametrize("bad", ["12345678901", "800101300015", "ЖСН", "8001013000１9"])
def test_an_attachment_without_a_valid_iin_is_refused(tmp_path: Path, book: TariffBook, bad: str) -> None:
    """Each attached person is paid for (app2.2 item 1, per capita): an IIN that is not one — 11 digits, a
    wrong check digit, letters, a full-width digit — would be a person of its own. Refused, naming the
    attachments' row and column (the registry stores only valid IINs; a file may hold anything)."""
    att = pa.table(
        {
            "provider_id": ["P1", "P1"],
            "region": ["abai"] * 2,
            "iin": [iin("X"), bad],
            "start": [D(2025, 1, 1), D(2025, 1, 1)],
        }
    )
    path = tmp_path / "att.parquet"
    pq.write_table(att, path)
    claims = write(tmp_path / "c.parquet", [claim("p", care_kind="phc")])
    with pytest.raises(BatchInputError) as e:
        pay(claims, book, period="2026-03", attached=path)
    assert e.value.field == "att.parquet:2:iin"


def test_attachments_counted_by_day_with_a_change_of_attachment(tmp_path: Path, book: TariffBook) -> None:
    """phc-attachment-rules 4 (one organisation at a time): attached to P1 until 10 March (ended_on 11
    March, the first day not attached), to P2 from 11 March; a VHI contract ending 5 March counts 5 days
    (9-1); an attachment from April counts none."""
    att = pa.table(
        {
            "provider_id": ["P1", "P2", "P1", "P1"],
            "region": ["abai"] * 4,
            "iin": [iin("X"), iin("X"), iin("Y"), iin("Z")],
            "start": [D(2025, 1, 1), D(2026, 3, 11), D(2025, 6, 1), D(2026, 4, 1)],
            "ended_on": [D(2026, 3, 11), None, None, None],
            "valid_until": [None, None, D(2026, 3, 5), None],
        }
    )
    claims = write(tmp_path / "c.parquet", [claim("p", care_kind="phc")])
    out = pay(claims, book, period="2026-03", attached=att).to_pylist()
    kzn = {
        r["provider_id"]: r
        for r in out
        if r["claim_id"] is None and (r["clause"], r["item"]) == ("app2.2", 1)
    }
    assert json.loads(kzn["P1"]["inputs"])["person_days"] == 10 + 5
    assert kzn["P1"]["amount_tiyn"] == (243_000 * 15 * 2 + 31) // 62  # 117 580.6… → 117 581
    assert kzn["P2"]["amount_tiyn"] == (243_000 * 21 * 2 + 31) // 62


def test_a_person_attached_twice_in_the_month_is_one_person_paid_by_day(
    tmp_path: Path, book: TariffBook
) -> None:
    """Two attachments of one person to one organisation in the month (ended on 11 March, attached again
    from 20 March): one attached person, the days of both counted (the distinct people are counted per
    person first, then per organisation)."""
    att = pa.table(
        {
            "provider_id": ["P1", "P1", "P1"],
            "region": ["abai"] * 3,
            "iin": [iin("X"), iin("X"), iin("Y")],
            "start": [D(2025, 1, 1), D(2026, 3, 20), D(2025, 6, 1)],
            "ended_on": [D(2026, 3, 11), None, None],
            "valid_until": [None, None, None],
        }
    )
    claims = write(tmp_path / "c.parquet", [claim("p", care_kind="phc")])
    out = pay(claims, book, period="2026-03", attached=att).to_pylist()
    (kzn,) = [r for r in out if r["claim_id"] is None and (r["clause"], r["item"]) == ("app2.2", 1)]
    inputs = json.loads(kzn["inputs"])
    assert (inputs["attached"], inputs["person_days"]) == (2, 10 + 12 + 31)
    assert kzn["amount_tiyn"] == (243_000 * 53 * 2 + 31) // 62


@pytest.mark.parametrize(
    ("bad", "column"),
    [
        ({"service_code": "NOPE"}, "service_code"),
        ({"service_code": "A01.001", "quantity": -1}, "quantity"),
        ({"service_code": "A01.001", "quantity": 100_001}, "quantity"),
        ({"ccg": "ST-001", "additional": "13"}, "additional"),  # row 5 item 13 is a case, not a cost
        ({"additional_tiyn": -5}, "additional_tiyn"),
        ({"form": "soon"}, "form"),
        ({"funding": "vhi"}, "funding"),
        ({"complex_tariff": "medical_train", "care_kind": "inpatient"}, "complex_tariff"),
    ],
)
def test_bad_new_claim_values_name_the_row_and_column(
    tmp_path: Path, book: TariffBook, bad: dict[str, Any], column: str
) -> None:
    claims = write(tmp_path / "c.parquet", [claim("a", ccg="ST-001"), claim("b") | bad])
    with pytest.raises(BatchInputError) as e:
        pay(claims, book)
    assert (e.value.file, e.value.row, e.value.column) == ("c.parquet", 2, column)
    assert len({e.value.text(x) for x in ("kk", "ru", "en")}) == 3


@pytest.mark.parametrize(
    ("services", "path"),
    [
        ({"3.1": {"A": 1}, "14.1": {"A": 2}}, "service_tariffs_tiyn.14.1.A"),  # one code, two items
        ({"3.3": {"A": 1}}, "service_tariffs_tiyn.3.3"),  # 3.3 is per pupil, not per service
        ({"3.1": {"A": 1.5}}, "service_tariffs_tiyn.3.1.A"),  # whole tiyn only
        ({"3.1": {"A": "100"}}, "service_tariffs_tiyn.3.1.A"),
    ],
)
def test_tariff_book_service_errors_name_the_field(services: dict[str, Any], path: str) -> None:
    with pytest.raises(TariffBookError) as e:
        parse_tariffs({"year": 2026, "approved_on": "2025-01-01", "service_tariffs_tiyn": services}, "t.yaml")
    assert (e.value.file, e.value.path) == ("t.yaml", path)


def test_an_unquoted_item_key_is_refused_not_misread() -> None:
    """YAML reads 3.10 as the number 3.1: an item must be a quoted string."""
    with pytest.raises(TariffBookError) as e:
        parse_tariffs(
            {"year": 2026, "approved_on": "2025-01-01", "service_tariffs_tiyn": {3.1: {"A": 1}}}, "t"
        )
    assert e.value.path == "service_tariffs_tiyn.3.1"


def test_synthetic_month_is_priced_with_cited_items(tmp_path: Path) -> None:
    """kepil synth's month with the example book: every claim priced with a cited item except outpatient
    drug provision outside appendix 2 (with its reason); per-capita rows paid from the attachments."""
    from kepil.claims.synth import generate

    generate(2_000, 7, tmp_path, "2026-03")
    out = tmp_path / "amounts.parquet"
    args = ["pay", "--claims", str(tmp_path / "claims.parquet"), "--tariffs", str(EXAMPLE), "--out", str(out)]
    args += ["--period", "2026-03", "--attached", str(tmp_path / "attachments.parquet")]
    args += ["--attached", str(tmp_path / "population.parquet")]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    rows = pq.read_table(out).to_pylist()
    claims = [r for r in rows if r["claim_id"] is not None]
    unpriced = [r for r in claims if r["amount_tiyn"] is None]
    assert {json.loads(r["inputs"])["reason"] for r in unpriced} <= {"outside_appendix_2", "no_method"}
    assert all(r["care_kind"] in ("outpatient_drugs", "organ_donation") for r in unpriced)
    assert len(unpriced) / len(claims) < 0.07
    phc = [
        r
        for r in rows
        if r["claim_id"] is None and (r["clause"], r["item"]) in (("app2.2", 1), ("app2.9", 1))
    ]
    assert phc and all(r["amount_tiyn"] > 0 for r in phc)
    recon = pq.read_table(out.with_name("amounts.attachments.parquet"))
    assert recon.num_rows > 0 and set(recon.column_names) >= {
        "provider_id",
        "iin",
        "from_date",
        "to_date",
        "days",
    }
