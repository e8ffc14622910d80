"""Payment by the methods of `program-2026-2028` appendix 2 (clause 77), set-based on DuckDB."""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from kepil.cli.main import app
from kepil.data import data_path
from kepil.errors import InvalidInput
from kepil.law.program_2026_2028.payment import (
    METHODS,
    OUTPUT_COLUMNS,
    BatchInputError,
    oncology_ranges,
    output_schema,
    pay,
    pay_to_files,
    summarise,
)
from kepil.law.program_2026_2028.payment import run as payment_run
from kepil.law.program_2026_2028.tariffs import (
    TariffBook,
    ccg_amount_tiyn,
    load_tariffs,
    parse_tariffs,
    weight_micro,
)
from kepil.reference.iin import make_iin

EXAMPLE = data_path("program_2026_2028", "tariffs_example_2026.yaml")
D = dt.date
COLUMNS = (
    "claim_id", "provider_id", "region", "iin", "care_kind", "icd10", "start_date", "end_date", "amount",
    "ccg", "tariff_code", "block", "bed_days", "sessions", "complex_tariff", "method",
)  # fmt: skip
TYPES = {"start_date": pa.date32(), "end_date": pa.date32(), "amount": pa.int64()}
TYPES |= {"bed_days": pa.int64(), "sessions": pa.int64()}
runner = CliRunner()


@pytest.fixture(scope="module")
def book() -> TariffBook:
    return load_tariffs(EXAMPLE)


# valid IINs of five people (a complex tariff pays per person and an attachment per capita: both by IIN)
P1, P2, P3, P4, P5 = (make_iin(D(1980, 1, 1), "male", serial=10 * i) for i in range(1, 6))


def claim(claim_id: str, **given: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "claim_id": claim_id,
        "provider_id": "P1",
        "region": "abai",
        "iin": "900101300017",
        "care_kind": "inpatient",
        "icd10": "J18.9",
        "start_date": D(2026, 3, 2),
        "end_date": D(2026, 3, 9),
        "amount": 1_000_000,
    }
    return row | given


def write_claims(path: Path, rows: list[dict[str, Any]], columns: tuple[str, ...] = COLUMNS) -> Path:
    table = pa.table({c: pa.array([r.get(c) for r in rows], TYPES.get(c, pa.string())) for c in columns})
    pq.write_table(table, path)
    return path


def priced(tmp_path: Path, book: TariffBook, claims: list[dict[str, Any]], **kw: Any) -> dict[str, Any]:
    out = pay(write_claims(tmp_path / "claims.parquet", claims), book, **kw)
    return {r["claim_id"]: r for r in out.to_pylist() if r["claim_id"] is not None}


ONCOLOGY_EDGES = [
    ("C00.0", True),
    ("C80", True),
    ("C80.9", True),
    ("C81", False),  # lymphoid and haematopoietic tissue: excluded, C81-C96
    ("C81.0", False),
    ("C96.9", False),
    ("C97", True),
    ("С97", True),  # the Cyrillic С of the published text
    ("D00.1", True),
    ("D09.9", True),
    ("D10.0", False),
    ("D37.0", True),
    ("D44.9", True),
    ("D45", False),  # excluded, D45-D47
    ("D46.9", False),
    ("D47.9", False),
    ("D48.9", True),
    ("B99", False),
]
BLOCK_CASES = [
    ("ALL-IND", 18, 372_000_000),  # term 36: 18 bed-days = 50 % → 30 % of 1 240 000 000 withheld
    ("ALL-IND", 19, 0),  # 52.8 %
    ("ALL-IND", 1, 372_000_000),
    ("NB-CHEMO", 10, 154_500_000),  # term 21: 47.6 %
    ("NB-CHEMO", 11, 0),  # 52.4 %
    ("WILMS-SURG", 7, 120_750_000),  # term 14: exactly 50 %
    ("WILMS-SURG", 14, 0),
]
TB = {"care_kind": "outpatient_specialized", "icd10": "A15.0", "complex_tariff": "tuberculosis"}


def batch_claims() -> list[dict[str, Any]]:
    """Every positive case of this module in one claims file, priced once (the engine is set-based)."""
    rows = [claim("ccg-a", ccg="ST-002"), claim("ccg-b", ccg="ST-003"), claim("ccg-c", ccg="DS-001")]
    rows += [claim(f"onc-{c}", icd10=c, ccg="ST-004", tariff_code="surgery") for c, _o in ONCOLOGY_EDGES]
    rows += [claim(f"blk-{b}-{n}", icd10="C91.0", block=b, bed_days=n) for b, n, _w in BLOCK_CASES]
    rows += [
        claim("blk-dates-7", block="WILMS-SURG", start_date=D(2026, 3, 1), end_date=D(2026, 3, 8)),
        claim("blk-dates-8", block="WILMS-SURG", start_date=D(2026, 3, 1), end_date=D(2026, 3, 9)),
        claim("blk-dates-0", block="WILMS-SURG", start_date=D(2026, 3, 1), end_date=D(2026, 3, 1)),
        claim("onc-no-tariff", icd10="C50.9"),
        claim("onc-outpatient", care_kind="outpatient_specialized", icd10="C50.9"),
        claim("bed", icd10="F20.0", tariff_code="psychiatry", bed_days=30),
        claim("dh", care_kind="day_hospital", tariff_code="day_hospital", bed_days=6),
        claim("avg", tariff_code="republican_psychiatry"),
        claim("adm", tariff_code="examination"),
        claim("hd", care_kind="day_hospital", icd10="N18.5", tariff_code="haemodialysis", sessions=13),
        claim("pd", icd10="N18.5", ccg="HD-001", tariff_code="peritoneal", sessions=4),
        claim("abroad", care_kind="treatment_abroad", amount=987_654_321),
        claim("list", method="per_case_actual_cost", amount=5_000_001),
        claim("dental", care_kind="dental", icd10="K02.1"),
        claim("bare"),
        claim("tb-1", iin=P1, start_date=D(2026, 3, 2), end_date=D(2026, 3, 2), **TB),
        claim("tb-2", iin=P1, start_date=D(2026, 3, 20), end_date=D(2026, 3, 20), **TB),
        claim("tb-3", iin=P2, start_date=D(2026, 3, 20), end_date=D(2026, 3, 20), **TB),
        claim("tb-4", iin=P2, start_date=D(2026, 4, 1), end_date=D(2026, 4, 1), **TB),
        claim("hiv", iin=P3, care_kind="outpatient_specialized", icd10="B20", complex_tariff="hiv"),
        claim("astana", ccg="ST-003", region="astana"),
    ]
    return rows


@pytest.fixture(scope="module")
def batch(book: TariffBook, tmp_path_factory: pytest.TempPathFactory) -> pa.Table:
    return pay(write_claims(tmp_path_factory.mktemp("pay") / "claims.parquet", batch_claims()), book)


@pytest.fixture(scope="module")
def rows(batch: pa.Table) -> dict[str, dict[str, Any]]:
    return {r["claim_id"]: r for r in batch.to_pylist() if r["claim_id"] is not None}


# --- output shape ---------------------------------------------------------------------------------


def test_output_has_the_documented_columns_and_cites_app2(batch: pa.Table, rows: dict[str, Any]) -> None:
    assert batch.schema == output_schema() and tuple(batch.column_names) == OUTPUT_COLUMNS
    row = rows["ccg-a"]
    assert (row["act"], row["clause"], row["item"]) == ("program-2026-2028", "app2.4", 1)
    assert json.loads(row["inputs"]) == {
        "ccg": "ST-002",
        "cost_weight": "0.8473",
        "base_rate_tiyn": 18_500_000,
    }
    assert all(isinstance(json.loads(x), dict) for x in batch.column("inputs").to_pylist())
    ids = [r for r in batch.column("claim_id").to_pylist() if r is not None]
    assert ids == [c["claim_id"] for c in batch_claims()]  # the claims in file order, then organisation rows
    assert batch.column("claim_id").to_pylist()[len(ids) :] == [None] * (batch.num_rows - len(ids))


def test_every_method_is_anchored_in_app2_and_pays_only_its_care_kinds() -> None:
    for m in METHODS.values():
        act, clause, item = m.citation
        assert act == "program-2026-2028" and clause.startswith("app2") and item >= 1
        assert m.care_kinds, m.code
    # rehabilitation and palliative care in hospital conditions: a reading (Program 38, 64; docs/payment.md)
    assert METHODS["per_case_ccg"].care_kinds == ("day_hospital", "inpatient", "rehabilitation", "palliative")
    assert METHODS["comprehensive_per_capita_norm"].care_kinds == ("phc",)
    assert METHODS["dialysis_session"].care_kinds == ("day_hospital",)


# --- clinical cost groups: base rate × weight in tiyn (app2.4 item 1) ----------------------------


def test_app2_4_ccg_amount_is_base_rate_times_weight_in_tiyn(rows: dict[str, Any]) -> None:
    assert rows["ccg-a"]["amount_tiyn"] == 15_675_050  # 18 500 000 × 0.8473
    assert rows["ccg-b"]["amount_tiyn"] == 18_500_000  # × 1.0
    assert rows["ccg-c"]["amount_tiyn"] == 3_468_750  # × 0.1875
    assert rows["ccg-a"]["method"] == "per_case_ccg" and rows["ccg-a"]["withheld_tiyn"] == 0


@pytest.mark.parametrize("base", [333, 1_000_000_000])
def test_app2_4_ccg_set_based_rounding_equals_exact_python(tmp_path: Path, base: int) -> None:
    """Half up to the tiyn, exact even at the bounds (base 10⁹ tiyn, weight 99.999999)."""
    rnd = random.Random(base)
    weights = {f"G{i}": Decimal(rnd.randint(1, 100_000_000)) / 1_000_000 for i in range(200)}
    weights |= {"HALF": Decimal("0.5"), "MAX": Decimal("99.999999"), "TINY": Decimal("0.000001")}
    doc = {"year": 2026, "approved_on": "2025-03-01", "base_rate_tiyn": base, "clinical_cost_groups": weights}
    book = parse_tariffs(doc, "t.yaml")
    got = priced(tmp_path, book, [claim(code, ccg=code) for code in weights])
    for code, w in weights.items():
        assert got[code]["amount_tiyn"] == ccg_amount_tiyn(base, weight_micro(w)), code
    if base == 333:
        assert got["HALF"]["amount_tiyn"] == 167  # 166.5 → 167


# --- children's oncology: 30 % withheld at ≤ 50 % of the block's term (app2.6) ---------------------


@pytest.mark.parametrize(("block", "bed_days", "withheld"), BLOCK_CASES)
def test_app2_6_withholding_at_half_the_block_term(
    rows: dict[str, Any], book: TariffBook, block: str, bed_days: int, withheld: int
) -> None:
    cost = book.paediatric_oncology_blocks[block].amount_tiyn
    row = rows[f"blk-{block}-{bed_days}"]
    assert row["method"] == "medical_economic_tariff" and row["clause"] == "app2.6"
    assert row["withheld_tiyn"] == withheld and row["amount_tiyn"] == cost - withheld
    inputs = json.loads(row["inputs"])
    assert inputs["block_term_days"] == book.paediatric_oncology_blocks[block].term_days
    assert ("withheld_percent" in inputs) == (withheld > 0)


def test_app2_6_withheld_30_percent_rounds_half_up_to_the_tiyn(tmp_path: Path) -> None:
    blocks = {"B": {"term_days": 10, "amount_tiyn": 1_000_005}}
    book = parse_tariffs(
        {"year": 2026, "approved_on": "2025-03-01", "paediatric_oncology_blocks": blocks}, "t"
    )
    row = priced(tmp_path, book, [claim("a", block="B", bed_days=5)])["a"]
    assert row["withheld_tiyn"] == 300_002  # 300 001.5 → 300 002
    assert row["amount_tiyn"] == 700_003


def test_app2_6_bed_days_from_the_dates_when_not_given(rows: dict[str, Any]) -> None:
    """Reading: bed-days = end_date - start_date (at least 1) when the claim has no `bed_days`."""
    assert rows["blk-dates-7"]["withheld_tiyn"] > 0  # 7 of 14
    assert rows["blk-dates-8"]["withheld_tiyn"] == 0  # 8 of 14
    assert json.loads(rows["blk-dates-0"]["inputs"])["bed_days"] == 1


# --- oncology ranges (app2.10 item 1) ----------------------------------------------------------------


@pytest.mark.parametrize(("icd10", "oncology"), ONCOLOGY_EDGES)
def test_app2_10_oncology_ranges_edges(
    rows: dict[str, Any], book: TariffBook, icd10: str, oncology: bool
) -> None:
    row = rows[f"onc-{icd10}"]
    assert row["method"] == ("oncology" if oncology else "per_case_ccg")
    assert row["clause"] == ("app2.10" if oncology else "app2.4")
    assert row["amount_tiyn"] == (138_000_000 if oncology else book.ccg_amount("ST-004"))
    assert oncology_ranges().contains(icd10) is oncology


def test_app2_10_oncology_case_without_its_tariff_is_unpriced_with_a_reason(rows: dict[str, Any]) -> None:
    row = rows["onc-no-tariff"]
    assert row["method"] == "oncology" and row["amount_tiyn"] is None and row["withheld_tiyn"] is None
    assert json.loads(row["inputs"])["reason"] == "missing_tariff_input"


def test_app2_10_outpatient_oncology_is_not_the_hospital_range_method(rows: dict[str, Any]) -> None:
    """app2.10 item 2 (outpatient oncology) is paid by service tariffs: without a service code, unpriced
    naming the missing input."""
    row = rows["onc-outpatient"]
    assert (row["method"], row["clause"], row["item"], row["amount_tiyn"]) == (
        "item_tariff",
        "app2.10",
        2,
        None,
    )
    assert json.loads(row["inputs"]) == {"reason": "missing_tariff_input", "missing": "service_code"}


# --- the other per-case methods ----------------------------------------------------------------------


def test_app2_4_5_7_8_bed_day_average_cost_admission_dialysis(rows: dict[str, Any], book: TariffBook) -> None:
    def got(key: str) -> tuple[Any, ...]:
        r = rows[key]
        return r["method"], r["amount_tiyn"], r["clause"], r["item"]

    assert got("bed") == ("per_bed_day", 30 * 1_870_000, "app2.4", 3)
    assert got("dh") == ("per_bed_day", 6 * 980_000, "app2.5", 11)
    assert got("avg") == ("per_case_average_cost", 48_500_000, "app2.4", 4)
    assert got("adm") == ("admission_department", 1_250_000, "app2.4", 5)
    assert got("hd") == ("dialysis_session", 13 * 3_180_000, "app2.7", 1)
    assert got("pd") == ("ccg_plus_sessions", book.ccg_amount("HD-001") + 4 * 2_240_000, "app2.8", 1)


def test_actual_cost_pays_the_presented_amount(rows: dict[str, Any]) -> None:
    assert (rows["abroad"]["method"], rows["abroad"]["amount_tiyn"]) == ("actual_cost", 987_654_321)
    assert (rows["list"]["method"], rows["list"]["amount_tiyn"]) == ("per_case_actual_cost", 5_000_001)
    assert (rows["list"]["clause"], rows["list"]["item"]) == ("app2.4", 2)


def test_a_claim_without_its_tariff_input_is_unpriced_naming_it(rows: dict[str, Any]) -> None:
    """Dental care is specialised outpatient care (Program 58.4): app2.3 item 1, per service; an inpatient
    case is paid by its cost group (app2.4 item 1). Without the input: a null amount and what is missing."""
    dental, bare = rows["dental"], rows["bare"]
    assert (dental["method"], dental["clause"], dental["item"]) == ("item_tariff", "app2.3", 1)
    assert dental["amount_tiyn"] is None and json.loads(dental["inputs"])["missing"] == "service_code"
    assert (bare["method"], bare["clause"], bare["item"]) == ("per_case_ccg", "app2.4", 1)
    assert bare["amount_tiyn"] is None and json.loads(bare["inputs"])["missing"] == "ccg"


# --- per capita and per patient ----------------------------------------------------------------------


def test_app2_1_and_2_2_per_capita_norm_times_attached_people(tmp_path: Path, book: TariffBook) -> None:
    attached = pa.table(
        {
            "provider_id": ["P1", "AMB", "P9"],
            "region": ["Абай облысы", "abai", "astana"],
            "attached": [12_345, 200_000, 0],
            "base": [None, "per_capita_norm", None],
        }
    )
    claims = [claim("p", care_kind="phc", icd10="J06.9"), claim("a", care_kind="ambulance", icd10="R07.4")]
    out = pay(
        write_claims(tmp_path / "c.parquet", claims), book, period="2026-03", attached=attached
    ).to_pylist()
    per_claim = {r["claim_id"]: r for r in out if r["claim_id"]}
    assert per_claim["p"]["amount_tiyn"] == 0
    assert json.loads(per_claim["p"]["inputs"])["reason"] == "paid_per_capita"
    assert per_claim["a"]["method"] == "per_capita_norm"
    capita = {(r["provider_id"], r["method"]): r for r in out if r["claim_id"] is None}
    phc = capita["P1", "comprehensive_per_capita_norm"]
    assert (phc["amount_tiyn"], phc["clause"], phc["care_kind"]) == (12_345 * 243_000, "app2.2", "phc")
    assert json.loads(phc["inputs"]) == {
        "base": "comprehensive_per_capita_norm", "attached": 12_345, "norm_tiyn": 243_000,
        "rural": "unknown", "month": "2026-03",
    }  # fmt: skip
    amb = capita["AMB", "per_capita_norm"]
    assert (amb["amount_tiyn"], amb["clause"], amb["care_kind"]) == (200_000 * 84_200, "app2.1", "ambulance")
    assert capita["P9", "comprehensive_per_capita_norm"]["amount_tiyn"] == 0


def test_per_capita_needs_a_period(tmp_path: Path, book: TariffBook) -> None:
    attached = pa.table({"provider_id": ["P1"], "region": ["abai"], "attached": [1]})
    with pytest.raises(InvalidInput) as e:
        pay(write_claims(tmp_path / "c.parquet", [claim("a")]), book, attached=attached)
    assert e.value.field == "--attached"


def test_app2_11_12_complex_tariff_per_distinct_patient_per_month(
    batch: pa.Table, rows: dict[str, Any]
) -> None:
    complex_rows = [r for r in batch.to_pylist() if r["method"] == "complex_tariff" and r["claim_id"] is None]
    agg = {(r["clause"], json.loads(r["inputs"])["month"]): r for r in complex_rows}
    assert agg["app2.11", "2026-03"]["amount_tiyn"] == 2 * 9_882_000  # patients 1 and 2 in March
    assert agg["app2.11", "2026-04"]["amount_tiyn"] == 9_882_000
    assert agg["app2.12", "2026-03"]["amount_tiyn"] == 2_678_400
    assert json.loads(agg["app2.11", "2026-03"]["inputs"])["patients"] == 2
    assert all(rows[k]["amount_tiyn"] == 0 for k in ("tb-1", "tb-2", "tb-3", "tb-4", "hiv"))


def test_period_prices_only_claims_ending_in_the_month(tmp_path: Path, book: TariffBook) -> None:
    claims = [
        claim("feb", ccg="ST-001", start_date=D(2026, 2, 20), end_date=D(2026, 2, 28)),
        claim("mar", ccg="ST-001"),
    ]
    assert set(priced(tmp_path, book, claims, period="2026-03")) == {"mar"}


def test_summary_by_method_and_region(batch: pa.Table) -> None:
    s = {(r["method"], r["region"]): r for r in summarise(batch).to_pylist()}
    assert (
        s["per_case_ccg", "astana"]["amount_tiyn"] == 18_500_000
        and s["per_case_ccg", "astana"]["claims"] == 1
    )
    onc = s["oncology", "abai"]
    assert onc["unpriced"] == 1 and onc["amount_tiyn"] == 138_000_000 * sum(o for _c, o in ONCOLOGY_EDGES)
    assert sum(r["rows"] for r in s.values()) == batch.num_rows


# --- bad input names file, row and column --------------------------------------------------------


@pytest.mark.parametrize(
    ("bad", "column"),
    [
        ({"ccg": "ST-999"}, "ccg"),
        ({"tariff_code": "nope"}, "tariff_code"),
        ({"block": "XX"}, "block"),
        ({"region": "Atlantis"}, "region"),
        ({"care_kind": "magic"}, "care_kind"),
        ({"method": "barter"}, "method"),
        ({"method": "per_case_ccg", "care_kind": "phc"}, "method"),  # not a method of PHC (app2.2)
        ({"complex_tariff": "hiv", "care_kind": "inpatient"}, "complex_tariff"),  # app2.12: outpatient only
        ({"end_date": D(2027, 1, 5)}, "end_date"),  # outside the book's year
        ({"end_date": D(2026, 3, 1)}, "end_date"),  # before start_date
        ({"amount": -1}, "amount"),
        ({"bed_days": -3}, "bed_days"),
        ({"claim_id": "a"}, "claim_id"),  # repeated
        # not ICD-10 (WHO 2019) codes: the diagnosis decides app2 rows 10-13, so none is read as "not those"
        ({"icd10": "C50.99"}, "icd10"),  # no such subcategory; lexically inside C00-C80
        ({"icd10": "CANCER"}, "icd10"),
        ({"icd10": "C50-C52"}, "icd10"),  # a range is not a diagnosis
        ({"icd10": "x" * 5_000_000}, "icd10"),  # a 5 MB cell
    ],
)
def test_bad_claims_name_file_row_and_column(
    tmp_path: Path, book: TariffBook, bad: dict[str, Any], column: str
) -> None:
    claims = [claim("a", ccg="ST-001"), claim("b") | bad, claim("c") | bad]
    with pytest.raises(BatchInputError) as e:
        pay(write_claims(tmp_path / "claims.parquet", claims), book)
    assert (e.value.file, e.value.row, e.value.column) == ("claims.parquet", 2, column)
    assert e.value.field == f"claims.parquet:2:{column}"
    assert len({e.value.text(x) for x in ("kk", "ru", "en")}) == 3


@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_a_bad_claim_after_rows_already_written_leaves_no_file(
    tmp_path: Path, book: TariffBook, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    """The claims stream to the output as they are priced (docs/payment.md, "Speed"): a bad claim in a
    later batch stops the run with its row, and the half-written file is removed."""
    monkeypatch.setattr(payment_run, "BATCH_ROWS", 2)
    claims = [claim(f"c{i}", ccg="ST-001") for i in range(7)] + [claim("bad", ccg="ZZ"), claim("z")]
    out = tmp_path / f"amounts{suffix}"
    with pytest.raises(BatchInputError) as e:
        pay_to_files(write_claims(tmp_path / "claims.parquet", claims), book, out)
    assert e.value.field == "claims.parquet:8:ccg"
    assert not out.exists() and not list(tmp_path.glob("*.parquet.*"))


def test_a_failed_write_stops_the_pricing_thread_and_leaves_no_file(
    tmp_path: Path, book: TariffBook, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The engine prices the next batches in a thread while one is written (docs/payment.md, "Speed"): an
    error of the writer is raised as it is, the pricing thread is stopped, and no file is left."""
    import threading

    monkeypatch.setattr(payment_run, "BATCH_ROWS", 2)
    written: list[int] = []

    class Failing(pq.ParquetWriter):  # type: ignore[misc]
        def write_batch(self, batch: pa.RecordBatch, *args: Any, **kwargs: Any) -> None:
            if written:
                raise OSError("disk full")
            written.append(batch.num_rows)
            super().write_batch(batch, *args, **kwargs)

    monkeypatch.setattr(payment_run.pq, "ParquetWriter", Failing)
    claims = [claim(f"c{i}", ccg="ST-001") for i in range(9)]
    out = tmp_path / "amounts.parquet"
    with pytest.raises(OSError, match="disk full"):
        pay_to_files(write_claims(tmp_path / "claims.parquet", claims), book, out)
    assert written == [2] and not out.exists()
    assert not [t for t in threading.enumerate() if t.name == "kepil-ahead"]


@pytest.mark.parametrize("code", ["c50.9", " C50.9 ", "С50.9", "C509", "A17.0†"])
def test_a_code_written_otherwise_is_read_not_refused(tmp_path: Path, book: TariffBook, code: str) -> None:
    """Lower case, spaces, the Cyrillic С of published texts, no dot, a dagger: ICD-10 codes all the same
    (`kepil.reference.icd10.normalize`), priced as their code is — C50.9 by app2.10 (oncology)."""
    claims = [claim("a", icd10=code, ccg="ST-004", tariff_code="surgery"), claim("b", ccg="ST-001")]
    rows = {
        r["claim_id"]: r for r in pay(write_claims(tmp_path / "claims.parquet", claims), book).to_pylist()
    }
    assert rows["b"]["clause"] == "app2.4"
    if code != "A17.0†":
        assert (rows["a"]["method"], rows["a"]["clause"]) == ("oncology", "app2.10")


@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_a_complex_tariff_claim_without_a_valid_iin_is_refused(
    tmp_path: Path, book: TariffBook, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    """Complex tariffs are paid per person, by the distinct IINs of their claims (app2 11-13 item 1): an IIN
    with a wrong check digit would be paid as a person of its own. It is found after the claims streamed:
    the row is named and the file written so far is removed. Another claim's IIN decides no amount."""
    monkeypatch.setattr(payment_run, "BATCH_ROWS", 2)
    typo = P1[:-1] + str((int(P1[-1]) + 1) % 10)
    claims = [claim(f"c{i}", ccg="ST-001", iin="12") for i in range(5)]  # per case: the IIN decides nothing
    claims += [claim("tb-a", iin=P1, **TB), claim("tb-b", iin=typo, **TB)]
    out = tmp_path / f"amounts{suffix}"
    with pytest.raises(BatchInputError) as e:
        pay_to_files(write_claims(tmp_path / "claims.parquet", claims), book, out)
    assert (e.value.field, e.value.column) == ("claims.parquet:7:iin", "iin")
    assert typo in e.value.text("en") and len({e.value.text(x) for x in ("kk", "ru", "en")}) == 3
    assert not out.exists()
    rows = pay(write_claims(tmp_path / "ok.parquet", claims[:6]), book).to_pylist()
    assert [r["method"] for r in rows[:5]] == ["per_case_ccg"] * 5


def test_the_first_bad_claim_is_named_when_a_later_claim_id_is_repeated(
    tmp_path: Path, book: TariffBook
) -> None:
    claims = [claim("a"), claim("b", amount=-5), claim("c"), claim("a")]
    with pytest.raises(BatchInputError) as e:
        pay(write_claims(tmp_path / "claims.parquet", claims), book)
    assert e.value.field == "claims.parquet:2:amount"
    with pytest.raises(BatchInputError) as e:
        pay(write_claims(tmp_path / "claims.parquet", [claim("a"), claim("a"), claim("b", amount=-5)]), book)
    assert e.value.field == "claims.parquet:2:claim_id"


def test_missing_column_and_bad_csv_value(tmp_path: Path, book: TariffBook) -> None:
    no_icd = write_claims(tmp_path / "c.parquet", [claim("a")], tuple(c for c in COLUMNS if c != "icd10"))
    with pytest.raises(BatchInputError) as e:
        pay(no_icd, book)
    assert (e.value.row, e.value.column, e.value.field) == (None, "icd10", "c.parquet:icd10")
    csv_path = tmp_path / "claims.csv"
    csv_path.write_text(
        "claim_id,provider_id,region,iin,care_kind,icd10,start_date,end_date,amount,ccg\n"
        "a,P1,abai,1,inpatient,J18.9,2026-03-01,2026-03-05,100,ST-001\n"
        "b,P1,Абай облысы,1,inpatient,J18.9,2026-03-01,2026-03-05,100,ST-001\n"
        "c,P1,abai,1,inpatient,J18.9,01.03.2026,2026-03-05,100,ST-001\n",
        encoding="utf-8",
    )
    with pytest.raises(BatchInputError) as e:
        pay(csv_path, book)
    assert e.value.field == "claims.csv:3:start_date" and "01.03.2026" in e.value.text("en")


# --- the command --------------------------------------------------------------------------------------


def test_cli_pay_writes_amounts_and_summary(tmp_path: Path) -> None:
    claims = write_claims(
        tmp_path / "claims.parquet", [claim("a", ccg="ST-002"), claim("p", care_kind="phc")]
    )
    attached = tmp_path / "attached.csv"
    attached.write_text("provider_id,region,attached\nP1,abai,100\n", encoding="utf-8")
    out = tmp_path / "out" / "amounts.parquet"
    args = ["pay", "--claims", str(claims), "--tariffs", str(EXAMPLE), "--out", str(out)]
    result = runner.invoke(app, [*args, "--period", "2026-03", "--attached", str(attached), "--json"])
    assert result.exit_code == 0, result.output
    amounts = pq.read_table(out)
    # two claims; P1's attached people: КЖН (2.1), incentive component (2.2), urgent care (2.3)
    assert amounts.num_rows == 5 and tuple(amounts.column_names) == OUTPUT_COLUMNS
    summary = pq.read_table(out.with_name("amounts.summary.parquet")).to_pylist()
    by = {(r["method"], r["region"]): r for r in summary}
    assert by["per_case_ccg", "abai"]["amount_tiyn"] == 15_675_050
    assert by["comprehensive_per_capita_norm", "abai"]["amount_tiyn"] == 100 * 243_000
    assert json.loads(result.stdout) == summary


def test_cli_pay_says_the_share_priced_and_each_unpriced_reason(tmp_path: Path) -> None:
    """Issue 16: a claim no appendix-2 item prices is counted with its reason, never silently zero."""
    claims = write_claims(
        tmp_path / "claims.parquet",
        [claim("a", ccg="ST-002"), claim("d", care_kind="outpatient_drugs"), claim("e", ccg="ST-002")],
    )
    out = tmp_path / "amounts.csv"
    args = ["pay", "--claims", str(claims), "--tariffs", str(EXAMPLE), "--out", str(out)]
    said = " ".join(runner.invoke(app, args).output.split())
    assert "2 of 3 claims priced with an appendix-2 item (66.7 %); unpriced: outside appendix 2 1" in said
    said = " ".join(runner.invoke(app, [*args, "--lang", "ru"]).output.split())
    assert "Из 3 случаев оценено 2 (66.7 %)" in said and "вне приложения 2 1" in said


def test_cli_pay_bad_input_exits_2_naming_the_row_and_writes_nothing(tmp_path: Path) -> None:
    claims = write_claims(tmp_path / "claims.parquet", [claim("a", ccg="ST-002"), claim("b", ccg="ZZ")])
    out = tmp_path / "amounts.csv"
    args = ["pay", "--claims", str(claims), "--tariffs", str(EXAMPLE), "--out", str(out), "--lang", "kk"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert (
        "claims.parquet:2:ccg" in result.output
        and "КШТ" in result.output
        and "Traceback" not in result.output
    )
    assert list(tmp_path.iterdir()) == [claims]


def test_cli_pay_rejects_a_late_tariff_book(tmp_path: Path) -> None:
    """77: a book for 2026 approved on 1 April 2025 without an exception is not used."""
    late = tmp_path / "late.yaml"
    text = EXAMPLE.read_text(encoding="utf-8").replace("approved_on: 2025-03-20", "approved_on: 2025-04-01")
    late.write_text(text, encoding="utf-8")
    claims = write_claims(tmp_path / "claims.parquet", [claim("a", ccg="ST-002")])
    out = tmp_path / "a.parquet"
    result = runner.invoke(app, ["pay", "--claims", str(claims), "--tariffs", str(late), "--out", str(out)])
    assert result.exit_code == 2 and "late.yaml:approved_on" in result.output and not out.exists()


def test_app2_2_attached_people_from_the_attachment_registry(tmp_path: Path, _sqlite_template: Path) -> None:
    """PHC's КЖН × the people attached, counted by day over the month (app2.2 item 1): person-days ÷ days
    of the month, rounded half up to the tiyn; who was paid for whom on which days beside the amounts."""
    import shutil

    from kepil.law.program_2026_2028.payment import attached_from_store
    from kepil.store.db import make_engine, transaction
    from kepil.store.models import Attachment, Provider

    db = tmp_path / "kepil.db"
    shutil.copy(_sqlite_template, db)
    url = f"sqlite:///{db}"
    engine = make_engine(url)
    common = {"ground": "free_choice", "person_category": "citizen", "channel": "egov", "applicant": "self"}
    common |= {"basis": [], "application": {}, "created_by": "test"}
    with transaction(engine) as s:
        s.add(Provider(id="PHC1", name="PHC 1", region="abai", atu="Semey", phc=True))
        s.add(Provider(id="PHC2", name="PHC 2", region="astana", atu="Astana", phc=True))
        s.flush()
        s.add(Attachment(iin=P1, organisation_id="PHC1", start=D(2025, 1, 1), **common))
        s.add(Attachment(iin=P2, organisation_id="PHC1", start=D(2026, 3, 1), **common))
        s.add(Attachment(iin=P3, organisation_id="PHC1", start=D(2026, 3, 2), **common))  # not yet on 1 March
        s.add(
            Attachment(iin=P4, organisation_id="PHC2", start=D(2025, 1, 1), ended_on=D(2026, 3, 1), **common)
        )
        s.add(Attachment(iin=P5, organisation_id="PHC2", start=D(2025, 1, 1), **common))
    engine.dispose()
    table = attached_from_store(url, D(2026, 3, 1))
    assert [(r["provider_id"], r["iin"]) for r in table.to_pylist()] == [
        ("PHC1", P1),
        ("PHC1", P2),
        ("PHC1", P3),
        ("PHC2", P5),
    ]  # 4 ended on 1 March: not attached on any day of it
    claims = write_claims(tmp_path / "c.parquet", [claim("p", care_kind="phc", provider_id="PHC1")])
    out = tmp_path / "amounts.csv"
    args = [
        "pay",
        "--claims",
        str(claims),
        "--tariffs",
        str(EXAMPLE),
        "--out",
        str(out),
        "--period",
        "2026-03",
    ]
    result = runner.invoke(app, [*args, "--database-url", url, "--json"])
    assert result.exit_code == 0, result.output
    by = {(r["method"], r["region"]): r for r in json.loads(result.stdout)}
    # 31 + 31 + 30 person-days: 243 000 × 92 / 31 = 721 161.29… → 721 161
    assert by["comprehensive_per_capita_norm", "abai"]["amount_tiyn"] == 721_161
    with out.open(encoding="utf-8") as f:  # CSV, as the suffix says
        lines = list(csv.reader(f))
    assert lines[0] == list(OUTPUT_COLUMNS) and lines[1][:4] == ["p", "PHC1", "abai", "phc"]
    with out.with_name("amounts.summary.csv").open(encoding="utf-8") as f:
        assert next(csv.reader(f))[:3] == ["method", "region", "rows"]
    assert by["comprehensive_per_capita_norm", "astana"]["amount_tiyn"] == 1 * 234_000
    with out.with_name("amounts.attachments.csv").open(encoding="utf-8") as f:
        recon = list(csv.DictReader(f))
    assert [(r["provider_id"], r["iin"], r["from_date"], r["to_date"], r["days"]) for r in recon] == [
        ("PHC1", P1, "2026-03-01", "2026-03-31", "31"),
        ("PHC1", P2, "2026-03-01", "2026-03-31", "31"),
        ("PHC1", P3, "2026-03-02", "2026-03-31", "30"),
        ("PHC2", P5, "2026-03-01", "2026-03-31", "31"),
    ]


def test_per_patient_rows_take_exactly_the_claims_priced_by_complex_tariff(batch: pa.Table) -> None:
    """The per-patient rows count the distinct IINs of the claims the same run priced by complex tariff
    (one expression decides both)."""
    rows = batch.to_pylist()
    claims = [r for r in rows if r["claim_id"] is not None and r["method"] == "complex_tariff"]
    org = [r for r in rows if r["claim_id"] is None and r["method"] == "complex_tariff"]
    by_claims = {(r["provider_id"], json.loads(r["inputs"]).get("complex_tariff")) for r in claims}
    assert {(r["provider_id"], json.loads(r["inputs"])["complex_tariff"]) for r in org} == by_claims


def test_inputs_json_is_the_same_text_when_every_field_is_given_or_not() -> None:
    """`json_object(optional=...)` takes a shorter way when the fields before the optional ones are all
    given (docs/payment.md, "Speed"): the same text as without it, for every mix of nulls."""
    import itertools

    import ibis

    from kepil.law.program_2026_2028.payment.expr import json_object

    values = {"code": ["A-1", None], "n": [7, None], "reason": ["why", None], "missing": ["x", None]}
    rows = list(itertools.product(*values.values()))
    t = ibis.memtable(pa.table({k: [r[i] for r in rows] for i, k in enumerate(values)}))
    fields = {"code": t.code, "n": t.n, "base": ibis.literal(5), "reason": t.reason, "missing": t.missing}
    out = t.select(
        plain=json_object(fields), short=json_object(fields, optional=("reason", "missing"))
    ).to_pyarrow()
    assert out.column("short").to_pylist() == out.column("plain").to_pylist()
    for row, text in zip(rows, out.column("short").to_pylist(), strict=True):
        given = dict(zip(values, row, strict=True)) | {"base": 5}
        assert json.loads(text) == {k: v for k, v in given.items() if v is not None}
        assert text == json.dumps(json.loads(text), separators=(",", ":"), ensure_ascii=False)


def test_inputs_json_of_constant_fields_is_the_same_text() -> None:
    """`json_object` writes a constant field into its text and takes a field of a few constants (a CASE
    of constants) as one text per constant (docs/payment.md, "Speed"): the same compact JSON, in the same
    key order, as the values joined per row."""
    import itertools

    import ibis

    from kepil.law.program_2026_2028.payment.expr import json_object

    values = {"flag": [True, False, None], "n": [7, None]}
    rows = list(itertools.product(*values.values()))
    t = ibis.memtable(pa.table({k: [r[i] for r in rows] for i, k in enumerate(values)}))
    kind = ibis.cases((t.flag, "yes"), (~t.flag, "no"), else_="unknown")
    null = ibis.literal(None, type="string")
    for optional in ((), ("reason", "missing")):
        fields = {"kind": kind, "n": t.n, "reason": ibis.literal("why"), "missing": null}
        texts = t.select(j=json_object(fields, optional=optional)).to_pyarrow().column("j").to_pylist()
        for (flag, n), text in zip(rows, texts, strict=True):
            want = {"kind": {True: "yes", False: "no", None: "unknown"}[flag], "n": n, "reason": "why"}
            assert text == json.dumps({k: v for k, v in want.items() if v is not None}, separators=(",", ":"))
