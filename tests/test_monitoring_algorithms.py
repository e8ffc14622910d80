"""The automated algorithms of `monitoring-rules` 13 (codes of app1, applied under 10) on DuckDB: each rule's
boundaries, exceptions and details; the period and region; the output table of the claims contract.

Fixtures are tiny Parquet files written here (`Claims`); `test_monitoring_engines.py` runs the same
scenario (`scenario()`) through Spark too.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from kepil.errors import InvalidInput
from kepil.law.care import CARE_KINDS
from kepil.law.monitoring_rules.algorithms import ALGORITHMS, BY_ID
from kepil.law.monitoring_rules.algorithms.inpatient import day_hospital_codes, is_day_hospital_indicated
from kepil.law.monitoring_rules.algorithms.waiting import calendar_table
from kepil.law.monitoring_rules.classifier import classifier
from kepil.law.monitoring_rules.defects import OUTPUT_SCHEMA, find_defects
from kepil.reference.calendar import add_working_days, month_bounds, working_days_between
from kepil.reference.iin import make_iin

D = dt.date
S, DATE, I64, B = pa.string(), pa.date32(), pa.int64(), pa.bool_()
CLAIMS = pa.schema(
    [
        ("claim_id", S), ("provider_id", S), ("contract_id", S), ("region", S), ("iin", S),
        ("care_kind", S), ("form", S), ("funding", S), ("icd10", S), ("profile", S),
        ("start_date", DATE), ("end_date", DATE), ("referral_date", DATE), ("outcome", S),
        ("amount", I64), ("paid_by_patient", I64), ("referral", B), ("life_threatening", B),
        ("paid_by_patient_medicines", I64),
    ]
)  # fmt: skip
PERSONS = pa.schema(
    [
        ("iin", S), ("birth_date", DATE), ("sex", S), ("residency", S), ("insured_from", DATE),
        ("insured_to", DATE), ("state_paid_category", S), ("death_date", DATE),
    ]
)  # fmt: skip
CONTRACTS = pa.schema(
    [
        ("contract_id", S), ("provider_id", S), ("start_date", DATE), ("end_date", DATE),
        ("care_kinds", S), ("sum", I64), ("licensed", B), ("palliative", B),
    ]
)  # fmt: skip
ALL_KINDS = ";".join(CARE_KINDS)
IIN_A = make_iin(D(1980, 1, 15), "male", 1)
IIN_B = make_iin(D(1975, 6, 1), "female", 2)


@dataclass(frozen=True)
class Inputs:
    claims: Path
    persons: Path
    contracts: Path


@dataclass
class Claims:
    """A small claims / persons / contracts set; `claim`, `person`, `contract` add rows with defaults
    that draw no defect (a known insured citizen, a licensed contract buying every kind for 2026)."""

    claims: list[dict[str, Any]] = field(default_factory=list)
    persons: list[dict[str, Any]] = field(default_factory=list)
    contracts: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.person(IIN_A)
        self.person(IIN_B, birth_date=D(1975, 6, 1), sex="female")
        self.contract("K1")

    def fresh(self) -> str:
        """A new person of the registry (so that one claim's rules do not meet another's)."""
        iin = make_iin(D(1960, 1, 1) + dt.timedelta(days=len(self.persons)), "female", 5)
        self.person(iin, birth_date=D(1960, 1, 1) + dt.timedelta(days=len(self.persons)), sex="female")
        return iin

    def claim(self, claim_id: str, **kw: Any) -> Claims:
        row = dict(
            claim_id=claim_id, provider_id="P1", contract_id="K1", region="abai", iin=IIN_A,
            care_kind="outpatient_specialized", form="planned", funding="gvfmc", icd10="J06.9",
            profile=None, start_date=D(2026, 3, 10), end_date=D(2026, 3, 10), referral_date=None,
            outcome="completed", amount=100_000_00, paid_by_patient=0, referral=True,
            life_threatening=False, paid_by_patient_medicines=0,
        )  # fmt: skip
        if kw.get("care_kind") == "inpatient":
            row["profile"] = "therapy"  # a round-the-clock case names its bed profile
        row.update(kw)
        self.claims.append(row)
        return self

    def person(self, iin: str, **kw: Any) -> Claims:
        row = dict(
            iin=iin, birth_date=D(1980, 1, 15), sex="male", residency="citizen",
            insured_from=D(2020, 1, 1), insured_to=None, state_paid_category=None, death_date=None,
        )  # fmt: skip
        row.update(kw)
        self.persons = [p for p in self.persons if p["iin"] != iin] + [row]
        return self

    def contract(self, contract_id: str, **kw: Any) -> Claims:
        row = dict(
            contract_id=contract_id, provider_id="P1", start_date=D(2026, 1, 1), end_date=D(2026, 12, 31),
            care_kinds=ALL_KINDS, sum=1_000_000_000_00, licensed=True, palliative=False,
        )  # fmt: skip
        row.update(kw)
        self.contracts = [c for c in self.contracts if c["contract_id"] != contract_id] + [row]
        return self

    def write(self, where: Path, *, medicines: bool = True) -> Inputs:
        """The three Parquet files; claims carry the optional `practitioner_id` when any claim names one."""
        where.mkdir(parents=True, exist_ok=True)
        schema = CLAIMS if medicines else CLAIMS.remove(CLAIMS.get_field_index("paid_by_patient_medicines"))
        if any(r.get("practitioner_id") for r in self.claims):
            schema = schema.append(pa.field("practitioner_id", S))
        rows = [{k: v for k, v in r.items() if k in schema.names} for r in self.claims]
        tables = {
            "claims": pa.Table.from_pylist(rows, schema=schema),
            "persons": pa.Table.from_pylist(self.persons, schema=PERSONS),
            "contracts": pa.Table.from_pylist(self.contracts, schema=CONTRACTS),
        }
        for name, table in tables.items():
            pq.write_table(table, where / f"{name}.parquet")
        return Inputs(where / "claims.parquet", where / "persons.parquet", where / "contracts.parquet")


def run(
    c: Claims, tmp: Path, rule: str | None = None, period: str = "2026-03", **kw: Any
) -> list[dict[str, Any]]:
    medicines = kw.pop("medicines", True)
    table = find_defects(
        c.write(tmp / "in", medicines=medicines), period, rules=None if rule is None else [rule],
        workdir=tmp / "work", **kw,
    )  # fmt: skip
    rows = table.to_pylist()
    for r in rows:
        r["details"] = json.loads(r["details"])
    return rows


def ids(rows: list[dict[str, Any]]) -> list[str | None]:
    return [r["claim_id"] for r in rows]


# ------------------------------------------------------------------ the registry
def test_registry_ids_codes_and_clauses_match_the_classifier() -> None:
    """Each claim-level rule cites the app1 row of its code (monitoring-rules 10, 13); no_licence cites 10."""
    clf = classifier()
    assert len({a.id for a in ALGORITHMS}) == len(ALGORITHMS) == 19
    for a in ALGORITHMS:
        assert a.act == "monitoring-rules" and a.version >= 1 and a.valid_from == D(2026, 1, 1)
        assert a.description.kk and a.description.ru and a.description.en
        if a.level == "claim":
            assert a.clause == f"app1.{clf.defect(a.code).row}"
    assert (BY_ID["no_licence"].code, BY_ID["no_licence"].clause) == ("10", "10")
    assert BY_ID["readmission_30d"].params == {"threshold": 30}
    assert BY_ID["waiting_over_15_working_days"].params == {"threshold": 15}


# ------------------------------------------------------------------ 4.0 readmission within 30 days
def _stay(c: Claims, cid: str, start: dt.date, end: dt.date, **kw: Any) -> None:
    c.claim(cid, care_kind="inpatient", form="emergency", start_date=start, end_date=end, **kw)


def test_readmission_30_days_is_a_defect_31_is_not(tmp_path: Path) -> None:
    """app1 row 10: readmission within 30 calendar days of the end of inpatient treatment (4.0)."""
    c = Claims()
    _stay(c, "h1", D(2026, 2, 1), D(2026, 2, 20))  # history of the previous month
    _stay(c, "r30", D(2026, 3, 22), D(2026, 3, 25))  # 30 days after 20 February
    _stay(c, "h2", D(2026, 2, 1), D(2026, 2, 20), iin=IIN_B)
    _stay(c, "r31", D(2026, 3, 23), D(2026, 3, 26), iin=IIN_B)  # 31 days
    rows = run(c, tmp_path, "readmission_30d")
    assert ids(rows) == ["r30"]
    assert rows[0]["details"] == {
        "previous_claim_id": "h1", "previous_end_date": "2026-02-20", "days": 30, "threshold": 30,
    }  # fmt: skip
    assert (rows[0]["code"], rows[0]["clause"], rows[0]["penalty"]) == ("4.0", "app1.10", 100_000_00)


def test_readmission_same_day_nearest_previous_and_what_does_not_count(tmp_path: Path) -> None:
    c = Claims()
    _stay(c, "a1", D(2026, 2, 1), D(2026, 2, 10))
    _stay(c, "a2", D(2026, 2, 15), D(2026, 3, 5))  # 5 days after a1 ended: itself a readmission
    _stay(c, "a3", D(2026, 3, 5), D(2026, 3, 9))  # admitted the day a2 ended: 0 days
    _stay(c, "b1", D(2026, 2, 1), D(2026, 2, 25), iin=IIN_B, outcome="transferred")
    _stay(c, "b2", D(2026, 3, 1), D(2026, 3, 4), iin=IIN_B)  # after a transfer: not a readmission
    c.claim("b3", iin=IIN_B, start_date=D(2026, 3, 6), end_date=D(2026, 3, 6))  # outpatient: no
    rows = run(c, tmp_path, "readmission_30d")
    assert ids(rows) == ["a2", "a3"]
    assert rows[1]["details"]["previous_claim_id"] == "a2" and rows[1]["details"]["days"] == 0


def test_readmission_not_for_palliative_providers(tmp_path: Path) -> None:
    """app1 row 10 excepts providers of palliative care: the later claim's contract is palliative."""
    c = Claims().contract("KP", palliative=True)
    _stay(c, "h1", D(2026, 2, 1), D(2026, 2, 20))
    _stay(c, "p1", D(2026, 3, 1), D(2026, 3, 4), contract_id="KP")
    assert run(c, tmp_path, "readmission_30d") == []


# ------------------------------------------------------------------ 3.4 round the clock, not day hospital
def test_day_hospital_list_is_read_and_expanded() -> None:
    codes = day_hospital_codes()
    assert "I10" in codes and "H25.1" in codes and "K29.4" in codes and "K29.6" not in codes
    assert is_day_hospital_indicated("H25.9") and not is_day_hospital_indicated("S72.0")


def test_round_the_clock_stay_of_3_days_is_a_defect_4_is_not(tmp_path: Path) -> None:
    """app1 row 9 (3.4): planned round-the-clock stay of <= 3 days for a day-hospital diagnosis."""
    c = Claims()
    c.claim("s3", care_kind="inpatient", icd10="H25.1", start_date=D(2026, 3, 2), end_date=D(2026, 3, 5))
    c.claim("s4", care_kind="inpatient", icd10="H25.1", start_date=D(2026, 3, 2), end_date=D(2026, 3, 6))
    c.claim("em", care_kind="inpatient", icd10="I10", form="emergency", start_date=D(2026, 3, 2))
    c.claim("no", care_kind="inpatient", icd10="S72.0", start_date=D(2026, 3, 2), end_date=D(2026, 3, 3))
    c.claim("dh", care_kind="day_hospital", icd10="I10")
    rows = run(c, tmp_path, "round_the_clock_instead_of_day_hospital")
    assert ids(rows) == ["s3"]
    assert rows[0]["details"] == {"icd10": "H25.1", "form": "planned", "stay_days": 3, "max_stay_days": 3}
    assert rows[0]["penalty"] == 60_000_00  # 60 % of the case (L4)


# ------------------------------------------------------------------ 5.0 / 5.1 unconfirmed cases
def test_service_on_the_day_of_death_is_confirmed_after_it_is_not(tmp_path: Path) -> None:
    """app1 row 11 (5.0): care after the registered death date."""
    c = Claims().person(IIN_B, birth_date=D(1975, 6, 1), sex="female", death_date=D(2026, 3, 10))
    c.claim("same", iin=IIN_B, start_date=D(2026, 3, 10), end_date=D(2026, 3, 10))
    c.claim("after", iin=IIN_B, start_date=D(2026, 3, 11), end_date=D(2026, 3, 11))
    rows = run(c, tmp_path, "service_after_death")
    assert ids(rows) == ["after"]
    assert rows[0]["details"] == {"start_date": "2026-03-11", "death_date": "2026-03-10"}
    assert rows[0]["penalty"] == 300_000_00  # 300 % (L2)


def test_unknown_person(tmp_path: Path) -> None:
    stranger = make_iin(D(1990, 2, 2), "male", 7)
    c = Claims().claim("known").claim("stranger", iin=stranger)
    rows = run(c, tmp_path, "unknown_person")
    assert ids(rows) == ["stranger"] and rows[0]["details"] == {"iin": stranger}
    assert (rows[0]["code"], rows[0]["clause"]) == ("5.0", "app1.11")


def test_duplicates_keep_the_first_by_claim_id(tmp_path: Path) -> None:
    """app1 row 12 (5.1): the same case presented again; string order: "c10" < "c9"."""
    c = Claims().claim("c9").claim("c10").claim("c11", contract_id="K2", amount=5)
    c.claim("other_icd", icd10="J20.9").claim("other_day", end_date=D(2026, 3, 11))
    rows = run(c, tmp_path, "duplicate_case")
    assert ids(rows) == ["c11", "c9"]
    assert {r["details"]["duplicate_of"] for r in rows} == {"c10"}
    assert rows[0]["penalty"] == 15  # "+" cell: the amount of 5.0 (300 %)


# ------------------------------------------------------------------ 7.0 waiting over 15 working days
def test_waiting_15_vs_16_working_days_across_nauryz(tmp_path: Path) -> None:
    """app1 row 19 (7.0): 3 March 2026 → 30 March is 15 working days (9 March and Nauryz 23-25 March
    are days off), 31 March is 16."""
    ref = D(2026, 3, 3)
    assert working_days_between(ref, D(2026, 3, 30)) == 15 and add_working_days(ref, 16) == D(2026, 3, 31)
    c = Claims()
    c.claim("w15", referral_date=ref, start_date=D(2026, 3, 30), end_date=D(2026, 3, 30))
    c.claim("w16", referral_date=ref, start_date=D(2026, 3, 31), end_date=D(2026, 3, 31))
    c.claim("urgent", form="urgent", referral_date=D(2026, 1, 5), start_date=D(2026, 3, 31))
    c.claim("noref", referral_date=None, start_date=D(2026, 3, 31), end_date=D(2026, 3, 31))
    rows = run(c, tmp_path, "waiting_over_15_working_days")
    assert ids(rows) == ["w16"]
    assert rows[0]["details"] == {
        "referral_date": "2026-03-03", "start_date": "2026-03-31", "working_days": 16, "threshold": 15,
    }  # fmt: skip
    assert (rows[0]["significant"], rows[0]["penalty"]) == (False, 0)  # insignificant, "0" cell


def test_waiting_across_new_year_2027(tmp_path: Path) -> None:
    """The calendar table spans the years of the referrals (2026) and the care (January 2027)."""
    ref = D(2026, 12, 18)
    c = Claims().contract("K1", end_date=D(2027, 12, 31))
    for n in (15, 16):
        day = add_working_days(ref, n)
        c.claim(f"w{n}", referral_date=ref, start_date=day, end_date=day)
    assert add_working_days(ref, 15).year == 2027
    rows = run(c, tmp_path, "waiting_over_15_working_days", period="2027-01")
    assert ids(rows) == ["w16"] and rows[0]["details"]["working_days"] == 16


def test_calendar_table_index_counts_working_days() -> None:
    t = calendar_table(2026, 2026).to_pydict()
    index = dict(zip(t["date"], t["wd_index"], strict=True))
    assert len(index) == 365
    for d1, d2 in [
        (D(2026, 3, 3), D(2026, 3, 31)),
        (D(2026, 1, 1), D(2026, 1, 12)),
        (D(2026, 5, 1), D(2026, 5, 11)),
    ]:
        assert index[d2] - index[d1] == working_days_between(d1, d2)


# ------------------------------------------------------------------ 9.0 death not payable
def test_death_at_outpatient_and_ambulance_level(tmp_path: Path) -> None:
    """app1 row 21 (9.0). The classifier's "-" cell for consultative-diagnostic services (L2) means the
    code does not apply there: no defect row; dental has no identified column: penalty unknown."""
    c = Claims()
    for kind in ("phc", "outpatient_specialized", "dental", "ambulance", "inpatient"):
        c.claim(
            f"died_{kind}", care_kind=kind, outcome="died", iin=make_iin(D(1950, 1, 1), "male", len(c.claims))
        )
    c.claim("alive", care_kind="phc")
    rows = run(c, tmp_path, "death_not_payable")
    assert ids(rows) == ["died_ambulance", "died_dental", "died_phc"]
    assert all(r["penalty"] is None for r in rows)  # multiples of ЖБН / КЖН without a tariff book; dental
    assert rows[0]["details"] == {"outcome": "died", "care_kind": "ambulance"}


# ------------------------------------------------------------------ 11.0 outside the contract
def test_outside_contract_reasons_and_term_edges(tmp_path: Path) -> None:
    """app1 row 23 (11.0): no contract, another provider's, a kind it does not buy, outside its term;
    care on the term's first and last days is inside."""
    c = Claims().contract("K2", start_date=D(2026, 3, 5), end_date=D(2026, 3, 20), care_kinds="phc; dental")
    c.claim("first_day", contract_id="K2", care_kind="phc", start_date=D(2026, 3, 5), end_date=D(2026, 3, 5))
    c.claim(
        "last_day", contract_id="K2", care_kind="dental", start_date=D(2026, 3, 20), end_date=D(2026, 3, 20)
    )
    c.claim("before", contract_id="K2", care_kind="phc", start_date=D(2026, 3, 4), end_date=D(2026, 3, 6))
    c.claim("after", contract_id="K2", care_kind="phc", start_date=D(2026, 3, 20), end_date=D(2026, 3, 21))
    c.claim("kind", contract_id="K2", care_kind="inpatient", start_date=D(2026, 3, 6), end_date=D(2026, 3, 9))
    c.claim("provider", contract_id="K2", provider_id="P2", care_kind="phc")
    c.claim("missing", contract_id="K404")
    rows = {r["claim_id"]: r for r in run(c, tmp_path, "outside_contract")}
    assert {k: v["details"]["reasons"] for k, v in rows.items()} == {
        "before": ["before_term"],
        "after": ["after_term"],
        "kind": ["care_kind_not_in_contract"],
        "provider": ["other_provider"],
        "missing": ["contract_not_found"],
    }
    assert rows["kind"]["details"]["contract_care_kinds"] == "phc; dental"
    assert rows["kind"]["penalty"] == 100_000_00 and rows["missing"]["contract_id"] == "K404"


# ------------------------------------------------------------------ 12.0 / 12.1 charged for covered care
def test_charged_for_covered_care_uses_the_coverage_engine(tmp_path: Path) -> None:
    """app1 rows 24-25: paid by the patient although the coverage engine says GVFMC/CSHI pays."""
    tourist = make_iin(D(1985, 5, 5), "male", 3)
    c = Claims().person(tourist, residency="temporary_resident", insured_from=None, birth_date=D(1985, 5, 5))
    # K80.1: on the list of diseases for round-the-clock care (62) kepil holds, so the engine says covered
    c.claim("paid", care_kind="inpatient", icd10="K80.1", paid_by_patient=50_000_00, amount=200_000_01)
    c.claim("meds", care_kind="inpatient", icd10="K80.1", paid_by_patient_medicines=7_000_00, iin=IIN_B)
    c.claim("tourist", care_kind="inpatient", iin=tourist, paid_by_patient=50_000_00)
    c.claim("phc", care_kind="phc", paid_by_patient=1_000_00)  # PHC needs attachment, not in the registry
    rows = run(c, tmp_path)
    got = {(r["rule"], r["claim_id"]) for r in rows}
    assert got == {("charged_for_covered", "paid"), ("charged_for_own_medicines", "meds")}
    paid = next(r for r in rows if r["claim_id"] == "paid")
    assert paid["details"]["paid_by_patient"] == 50_000_00 and paid["details"]["funding"] in ("gvfmc", "cshi")
    assert paid["details"]["coverage_basis"] and paid["code"] == "12.0"
    assert paid["penalty"] == 100_000_01  # 50 % of 200 000.01 tenge, half up to the tiyn
    meds = next(r for r in rows if r["claim_id"] == "meds")
    assert meds["code"] == "12.1" and meds["penalty"] == 50_000_00  # "+": 12.0's 50 %


def test_own_medicines_rule_needs_its_optional_column(tmp_path: Path) -> None:
    c = Claims().claim("paid", care_kind="inpatient", icd10="K80.1", paid_by_patient=50_000_00)
    rows = run(c, tmp_path, medicines=False)
    assert [r["rule"] for r in rows] == ["charged_for_covered"]


# ------------------------------------------------------------------ 10: no licence
def test_no_licence_is_10_percent_of_the_contract_sum(tmp_path: Path) -> None:
    """monitoring-rules 10 (third paragraph): 10 % of the contract sum, rounded half up to the tiyn."""
    c = Claims().contract("K1", licensed=False, sum=1_234_567_05)
    c.contract("K2", licensed=False).contract("K3", licensed=None)
    c.claim("a").claim("b", start_date=D(2026, 3, 11), end_date=D(2026, 3, 11))
    c.claim("c", contract_id="K3").claim(
        "old", contract_id="K2", start_date=D(2026, 2, 1), end_date=D(2026, 2, 1)
    )
    rows = run(c, tmp_path, "no_licence")
    assert len(rows) == 1
    r = rows[0]
    assert (r["claim_id"], r["contract_id"], r["code"], r["clause"]) == (None, "K1", "10", "10")
    assert r["penalty"] == 12_345_671 and r["significant"] is True  # 12 345 670.5 tiyn → up
    assert r["details"] == {
        "licensed": False,
        "contract_sum": 1_234_567_05,
        "claims_in_period": 2,
        "percent": 10,
    }


# ------------------------------------------------------------------ period, region, output
def scenario() -> Claims:
    """One claim for (nearly) every rule, plus clean ones: the engines' parity fixture."""
    c = Claims().contract("KU", licensed=False, sum=500_000_00)
    c.person(IIN_B, birth_date=D(1975, 6, 1), sex="female", death_date=D(2026, 3, 15))
    c.claim("clean").claim("dup").claim(
        "after_death", iin=IIN_B, start_date=D(2026, 3, 20), end_date=D(2026, 3, 20)
    )
    c.claim("unknown", iin=make_iin(D(2001, 1, 1), "female", 9))
    c.claim("wait", referral_date=D(2026, 3, 3), start_date=D(2026, 3, 31), end_date=D(2026, 3, 31))
    c.claim("died", care_kind="ambulance", outcome="died", start_date=D(2026, 3, 12), end_date=D(2026, 3, 12))
    c.claim("outside", contract_id="K404", start_date=D(2026, 3, 13), end_date=D(2026, 3, 13))
    c.claim("unlicensed", contract_id="KU", start_date=D(2026, 3, 14), end_date=D(2026, 3, 14))
    c.claim("h1", care_kind="inpatient", form="emergency", start_date=D(2026, 2, 1), end_date=D(2026, 2, 20))
    c.claim(
        "readmit", care_kind="inpatient", form="emergency", start_date=D(2026, 3, 2), end_date=D(2026, 3, 9)
    )
    c.claim(
        "short",
        care_kind="inpatient",
        icd10="I10",
        iin=c.fresh(),
        start_date=D(2026, 3, 16),
        end_date=D(2026, 3, 17),
    )
    c.claim(
        "paid",
        care_kind="inpatient",
        icd10="K80.1",
        paid_by_patient=10_000_00,
        iin=c.fresh(),
        start_date=D(2026, 3, 18),
        end_date=D(2026, 3, 25),
    )
    c.claim(
        "meds",
        care_kind="inpatient",
        icd10="K80.1",
        paid_by_patient_medicines=1_000_00,
        iin=c.fresh(),
        start_date=D(2026, 3, 19),
        end_date=D(2026, 3, 26),
    )
    c.claim("april", start_date=D(2026, 4, 1), end_date=D(2026, 4, 1), contract_id="K404")
    # issue 15: the rows the claims can show besides
    both = c.fresh()
    c.claim(
        "stay_a",
        care_kind="inpatient",
        form="emergency",
        iin=both,
        start_date=D(2026, 3, 3),
        end_date=D(2026, 3, 8),
        provider_id="P2",
        contract_id="K2",
    )
    c.claim("stay_b", care_kind="inpatient", form="emergency", iin=both, start_date=D(2026, 3, 6),
            end_date=D(2026, 3, 9), amount=90_000_00)  # fmt: skip
    c.contract("K2", provider_id="P2")
    dead = c.fresh()
    c.person(dead, birth_date=D(1950, 1, 1), sex="female", death_date=D(2026, 3, 20))
    c.claim("past_death", care_kind="day_hospital", form="planned", iin=dead, referral_date=D(2026, 3, 1),
            start_date=D(2026, 3, 18), end_date=D(2026, 3, 22), amount=40_000_00)  # fmt: skip
    c.claim("late_ref", iin=c.fresh(), referral_date=D(2026, 3, 12), start_date=D(2026, 3, 11),
            end_date=D(2026, 3, 11))  # fmt: skip
    c.claim("late_adm", care_kind="inpatient", iin=c.fresh(), referral_date=D(2026, 3, 12),
            start_date=D(2026, 3, 10), end_date=D(2026, 3, 16))  # fmt: skip
    often = c.fresh()
    for day in range(2, 7):  # 5 visits on 5 days: the 5th is beyond the case
        c.claim(f"visit{day}", iin=often, icd10="I10", start_date=D(2026, 3, day), end_date=D(2026, 3, day))
    died = c.fresh()
    c.person(died, birth_date=D(1940, 1, 1), death_date=D(2026, 3, 21))
    c.claim("mismatch", care_kind="inpatient", form="emergency", iin=died, icd10="I21.9", outcome="died",
            start_date=D(2026, 3, 15), end_date=D(2026, 3, 21))  # fmt: skip
    c.claim("autopsy", care_kind="pathology", form=None, iin=died, icd10="C34.9",
            start_date=D(2026, 3, 22), end_date=D(2026, 3, 22))  # fmt: skip
    for i in range(97):  # one practitioner, 97 patients in a day
        c.claim(f"load{i:02d}", care_kind="phc", form=None, iin=c.fresh(), practitioner_id="DR-1",
                start_date=D(2026, 3, 24), end_date=D(2026, 3, 24))  # fmt: skip
    return c


# The (rule, claim) pairs scenario() gives.
SCENARIO_FOUND = {
    ("charged_for_covered", "paid"),
    ("charged_for_own_medicines", "meds"),
    ("death_not_payable", "died"),
    ("duplicate_case", "dup"),
    ("no_licence", None),
    ("outside_contract", "outside"),
    ("readmission_30d", "readmit"),
    ("round_the_clock_instead_of_day_hospital", "short"),
    ("service_after_death", "after_death"),
    ("unknown_person", "unknown"),
    ("waiting_over_15_working_days", "wait"),
    ("overlapping_inpatient_stays", "stay_a"),
    ("overlapping_inpatient_stays", "stay_b"),
    ("stay_past_death", "past_death"),
    ("referral_after_start", "late_ref"),
    ("referral_after_admission", "late_adm"),
    ("repeated_visits", "visit6"),
    ("diagnosis_not_confirmed_by_pathology", "mismatch"),
    *(("practitioner_daily_load", f"load{i:02d}") for i in range(97)),
}


def test_scenario_finds_each_rule_once_sorted_in_the_contract_columns(tmp_path: Path) -> None:
    t = find_defects(scenario().write(tmp_path / "in"), "2026-03", workdir=tmp_path / "w")
    assert t.schema == OUTPUT_SCHEMA
    rows = t.to_pylist()
    keys = [(r["rule"], r["claim_id"] or "", r["contract_id"]) for r in rows]
    assert keys == sorted(keys)
    assert {(r["rule"], r["claim_id"]) for r in rows} == SCENARIO_FOUND
    assert len(rows) == len(SCENARIO_FOUND)


def test_region_filter_and_history(tmp_path: Path) -> None:
    """Only the claims of the region are judged (a Kazakh name is accepted); all claims are history."""
    c = Claims()
    _stay(c, "h1", D(2026, 2, 1), D(2026, 2, 20), region="akmola")
    _stay(c, "r1", D(2026, 3, 1), D(2026, 3, 5))
    _stay(c, "r2", D(2026, 3, 10), D(2026, 3, 12), region="akmola")
    assert ids(run(c, tmp_path, "readmission_30d", region="abai")) == ["r1"]
    assert ids(run(c, tmp_path, "readmission_30d", region="Ақмола облысы")) == ["r2"]
    assert run(c, tmp_path, "readmission_30d", period="2026-02") == []


def test_rules_are_not_applied_before_they_are_in_force(tmp_path: Path) -> None:
    c = Claims().claim("dup", start_date=D(2025, 12, 1), end_date=D(2025, 12, 1))
    c.claim("dup2", start_date=D(2025, 12, 1), end_date=D(2025, 12, 1), contract_id="K404")
    assert run(c, tmp_path, period="2025-12") == []


def test_bad_arguments_are_named(tmp_path: Path) -> None:
    inputs = Claims().claim("a").write(tmp_path / "in")
    for kwargs, field_name in [
        ({"period": "2026-13"}, "period"),
        ({"period": "2026-03", "rules": ["nope"]}, "rules"),
        ({"period": "2026-03", "engine": "oracle"}, "engine"),
        ({"period": "2026-03", "region": "atlantis"}, "region"),
    ]:
        with pytest.raises(InvalidInput) as e:
            find_defects(inputs, workdir=tmp_path / "w", **kwargs)  # type: ignore[arg-type]
        assert e.value.field == field_name
        assert e.value.text("kk") and e.value.text("ru")
    assert month_bounds("2028-02") == (D(2028, 2, 1), D(2028, 2, 29))


# ------------------------------------------------------------------ the synthetic national month
def test_synthetic_month_every_injected_defect_found_and_none_elsewhere(tmp_path: Path) -> None:
    """20 000 claims of `kepil synth` (CLAIMS): find_defects gives exactly ground_truth.parquet."""
    import polars as pl

    from kepil.claims.inputs import load_inputs
    from kepil.claims.synth import generate

    out = tmp_path / "synth"
    generate(20_000, 7, out)
    inputs = load_inputs(out / "claims.parquet", out / "persons.parquet", out / "contracts.parquet", tmp_path)
    found = pl.from_arrow(find_defects(inputs, "2026-03", workdir=tmp_path / "w"))
    assert isinstance(found, pl.DataFrame)
    truth = pl.read_parquet(out / "ground_truth.parquet")
    key = ["claim_id", "contract_id", "code", "rule"]
    missed = truth.join(found.select(key), on=key, how="anti", nulls_equal=True)
    extra = found.select(key).join(truth, on=key, how="anti", nulls_equal=True)
    assert missed.is_empty(), missed.head(10)
    assert extra.is_empty(), extra.head(10)
    assert set(truth["rule"]) == {a.id for a in ALGORITHMS}
