"""`kepil synth`: deterministic synthetic national data whose ground truth is exactly the defects the issue-5
algorithms (`monitoring-rules` app1 codes 3.4, 4.0, 5.0, 5.1, 7.0, 9.0, 11.0, 12.0, 12.1 and clause 10)
find — checked here by an independent, plain implementation of each definition."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from kepil.claims.columns import iin_valid
from kepil.claims.inputs import load_inputs
from kepil.claims.schema import OUTPATIENT_LEVEL_KINDS
from kepil.claims.synth import (
    DEFAULT_RATES,
    MIN_PER_RULE,
    RULE_CODES,
    SHAPED_RATES,
    generate,
    parse_period,
)
from kepil.claims.synth_claims import day_hospital_list
from kepil.cli.main import app
from kepil.coverage import columns as C
from kepil.coverage.batch import decide_frame
from kepil.errors import InvalidInput
from kepil.law.care import CARE_KINDS
from kepil.reference import icd10
from kepil.reference.calendar import is_working_day, working_days_between
from kepil.reference.iin import parse_iin
from kepil.reference.regions import regions

N, SEED = 4_000, 11
MARCH = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))
FILES = ("claims.parquet", "persons.parquet", "contracts.parquet", "ground_truth.parquet", "README.txt")


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "a"
    generate(N, SEED, out)
    return out


def _read(d: Path, name: str) -> pl.DataFrame:
    return pl.read_parquet(d / f"{name}.parquet")


def reference_defects(d: Path, first: dt.date, last: dt.date) -> pl.DataFrame:
    """Each rule of the issue-5 design, written plainly over the three tables: (claim_id, contract_id,
    rule) of every defect of the claims whose end_date is in [first, last]."""
    c, p, k = _read(d, "claims"), _read(d, "persons"), _read(d, "contracts")
    per = c.filter(pl.col("end_date").is_between(first, last))
    out: list[pl.DataFrame] = []

    def add(frame: pl.DataFrame, rule: str) -> None:
        out.append(frame.select("claim_id", "contract_id", pl.lit(rule).alias("rule")))

    # 1. readmission_30d (4.0): an earlier completed inpatient stay of the same IIN ended 0..30 days before
    earlier = c.filter((pl.col("care_kind") == "inpatient") & (pl.col("outcome") == "completed")).select(
        "iin", e_id="claim_id", e_start="start_date", e_end="end_date"
    )
    later = per.filter(pl.col("care_kind") == "inpatient").join(
        k.select("contract_id", "palliative"), on="contract_id", how="left"
    )
    is_earlier = (pl.col("e_end") < pl.col("end_date")) | (
        (pl.col("e_end") == pl.col("end_date"))
        & (
            (pl.col("e_start") < pl.col("start_date"))
            | ((pl.col("e_start") == pl.col("start_date")) & (pl.col("e_id") < pl.col("claim_id")))
        )
    )
    gap = (pl.col("start_date") - pl.col("e_end")).dt.total_days()
    readmitted = later.join(earlier, on="iin").filter(
        (pl.col("e_id") != pl.col("claim_id")) & is_earlier & gap.is_between(0, 30)
    )
    add(readmitted.filter(~pl.col("palliative").fill_null(False)).unique("claim_id"), "readmission_30d")
    # 2. round_the_clock_instead_of_day_hospital (3.4): planned, listed diagnosis, stay <= 3 days
    listed = day_hospital_list()
    if listed is not None:
        codes = [x for x in per["icd10"].unique().to_list() if listed.contains(x)]
        stay = (pl.col("end_date") - pl.col("start_date")).dt.total_days()
        short = (pl.col("care_kind") == "inpatient") & (pl.col("form") == "planned") & (stay <= 3)
        add(per.filter(short & pl.col("icd10").is_in(codes)), "round_the_clock_instead_of_day_hospital")
    # 3. service_after_death (5.0; v2: an autopsy excepted), 5. unknown_person (5.0)
    pj = per.join(p, on="iin", how="left")
    add(pj.filter((pl.col("start_date") > pl.col("death_date")) & (pl.col("care_kind") != "pathology")),
        "service_after_death")  # fmt: skip
    add(per.join(p.select("iin"), on="iin", how="anti"), "unknown_person")
    # 4. duplicate_case (5.1): the first by claim_id is kept
    key = ["iin", "provider_id", "care_kind", "icd10", "start_date", "end_date"]
    firsts = c.group_by(key).agg(pl.col("claim_id").min().alias("first"))
    add(per.join(firsts, on=key).filter(pl.col("claim_id") != pl.col("first")), "duplicate_case")
    # 6. waiting_over_15_working_days (7.0), the Kazakhstan calendar one day at a time
    waits = per.filter((pl.col("form") == "planned") & pl.col("referral_date").is_not_null())
    pairs = waits.select("referral_date", "start_date").unique()
    counted = pairs.with_columns(
        pl.Series("wd", [working_days_between(a, b) for a, b in pairs.iter_rows()], dtype=pl.Int64)
    )
    long = waits.join(counted, on=["referral_date", "start_date"]).filter(pl.col("wd") > 15)
    add(long, "waiting_over_15_working_days")
    # 7. death_not_payable (9.0)
    died_outpatient = (pl.col("outcome") == "died") & pl.col("care_kind").is_in(list(OUTPATIENT_LEVEL_KINDS))
    add(per.filter(died_outpatient), "death_not_payable")
    # 8. outside_contract (11.0)
    kj = per.join(
        k.rename({"provider_id": "k_provider", "start_date": "k_start", "end_date": "k_end"}),
        on="contract_id",
        how="left",
    )
    outside = (
        pl.col("care_kinds").is_null()
        | (pl.col("k_provider") != pl.col("provider_id"))
        | ~pl.col("care_kinds").str.split(";").list.contains(pl.col("care_kind"))
        | (pl.col("start_date") < pl.col("k_start"))
        | (pl.col("end_date") > pl.col("k_end"))
    )
    add(kj.filter(outside), "outside_contract")
    # 9. charged_for_covered (12.0) / charged_for_own_medicines (12.1): the coverage engine on start_date
    paid = pj.filter((pl.col("paid_by_patient") > 0) | (pl.col("paid_by_patient_medicines") > 0))
    insured = (pl.col("insured_from") <= pl.col("start_date")) & (
        pl.col("insured_to").is_null() | (pl.col("start_date") <= pl.col("insured_to"))
    )
    request = paid.select(
        pl.col("start_date").dt.strftime("%Y-%m-%d").alias("date"),
        pl.col("birth_date").dt.strftime("%Y-%m-%d").alias("person.birth_date"),
        pl.col("sex").alias("person.sex"),
        pl.col("residency").alias("person.residency"),
        insured.fill_null(False).alias("person.insured"),
        pl.col("state_paid_category").alias("person.state_paid_category"),
        pl.col("care_kind").alias("service.kind"),
        pl.col("form").alias("service.form"),
        pl.col("icd10").alias("service.icd10"),
        pl.col("referral").alias("service.referral"),
        pl.col("life_threatening").alias("service.life_threatening"),
    )
    answer = decide_frame(C.typed(request))
    covered = paid.with_columns(
        (answer["covered"].fill_null(False) & answer["funding"].is_in(["gvfmc", "cshi"])).alias("cov")
    ).filter(pl.col("cov"))
    add(covered.filter(pl.col("paid_by_patient") > 0), "charged_for_covered")
    add(covered.filter(pl.col("paid_by_patient_medicines") > 0), "charged_for_own_medicines")
    # issue 15 --------------------------------------------------------------------------------------
    # overlapping_inpatient_stays (5.0): two stays of one IIN share a night; the same case twice does not
    stays = c.filter(pl.col("care_kind") == "inpatient")
    other = stays.select("iin", o_id="claim_id", o_start="start_date", o_end="end_date", o_key=pl.concat_str(
        "provider_id", "icd10", "start_date", "end_date"))  # fmt: skip
    both = (
        per.filter(pl.col("care_kind") == "inpatient")
        .with_columns(key=pl.concat_str("provider_id", "icd10", "start_date", "end_date"))
        .join(other, on="iin")
        .filter(
            (pl.col("o_id") != pl.col("claim_id")) & (pl.col("o_start") < pl.col("end_date"))
            & (pl.col("start_date") < pl.col("o_end")) & (pl.col("key") != pl.col("o_key"))
        )
    )  # fmt: skip
    add(both.unique("claim_id"), "overlapping_inpatient_stays")
    # stay_past_death (5.0): begun on or before the death, ended after it; an autopsy excepted
    past = (pl.col("start_date") <= pl.col("death_date")) & (pl.col("end_date") > pl.col("death_date"))
    add(pj.filter(past & (pl.col("care_kind") != "pathology")), "stay_past_death")
    # practitioner loads (3.0): more than 96 visits on a start day; more than 1,056 in the period
    visits = c.filter(pl.col("care_kind").is_in(["phc", "outpatient_specialized", "dental", "screening"]))
    days = visits.group_by("practitioner_id", "start_date").len().filter(pl.col("len") > 96)
    judged = per.filter(pl.col("care_kind").is_in(["phc", "outpatient_specialized", "dental", "screening"]))
    add(judged.join(days, on=["practitioner_id", "start_date"]), "practitioner_daily_load")
    started = visits.filter(pl.col("start_date").is_between(first, last))
    months = started.group_by("practitioner_id").len().filter(pl.col("len") > 1_056)
    monthly = judged.join(months, on="practitioner_id").join(days, on=["practitioner_id", "start_date"],
                                                            how="anti")  # fmt: skip
    add(monthly, "practitioner_monthly_load")
    # repeated_visits (3.1): the 5th and later day of visits of one (person, provider, kind, diagnosis)
    case = ["iin", "provider_id", "care_kind", "icd10"]
    repeat = per.filter(pl.col("care_kind").is_in(["phc", "outpatient_specialized", "dental"]))
    nth = repeat.with_columns(day=pl.col("start_date").rank("dense").over(case))
    add(nth.filter(pl.col("day") > 4), "repeated_visits")
    # referral after the start (1.2 outpatient, 2.0 hospital), planned care
    late = (pl.col("form") == "planned") & (pl.col("referral_date") > pl.col("start_date"))
    outpatient = pl.col("care_kind").is_in(["phc", "outpatient_specialized", "screening", "dental"])
    add(per.filter(late & outpatient), "referral_after_start")
    add(per.filter(late & pl.col("care_kind").is_in(["inpatient", "day_hospital", "rehabilitation"])),
        "referral_after_admission")  # fmt: skip
    # diagnosis_not_confirmed_by_pathology (10.0): the nearest autopsy within 30 days, another category
    autopsy = c.filter(pl.col("care_kind") == "pathology").select("iin", x_id="claim_id", x_icd="icd10",
                                                                 x_start="start_date")  # fmt: skip
    deaths = per.filter((pl.col("outcome") == "died") & (pl.col("care_kind") != "pathology")).join(
        autopsy, on="iin"
    )
    deaths = deaths.filter(((pl.col("x_start") - pl.col("end_date")).dt.total_days()).is_between(0, 30))
    nearest = deaths.sort("x_start", "x_id").unique("claim_id", keep="first")
    add(nearest.filter(pl.col("icd10").str.slice(0, 3) != pl.col("x_icd").str.slice(0, 3)),
        "diagnosis_not_confirmed_by_pathology")  # fmt: skip
    # 10. no_licence (clause 10): unlicensed contracts with claims in the period
    used = per.select("contract_id").unique()
    unlicensed = k.filter(~pl.col("licensed")).join(used, on="contract_id")
    out.append(
        unlicensed.select(pl.lit(None, pl.Utf8).alias("claim_id"), "contract_id", rule=pl.lit("no_licence"))
    )
    return _sorted(pl.concat(out))


def _sorted(t: pl.DataFrame) -> pl.DataFrame:
    return t.sort("rule", "claim_id", "contract_id", nulls_last=True)


def test_ground_truth_is_exactly_the_defects_of_the_definitions(data: Path):
    """Every injected defect is one by the rule's definition, and no clean row is (issue 5)."""
    truth = _read(data, "ground_truth")
    assert truth.columns == ["claim_id", "contract_id", "code", "rule"]
    assert truth.select(pl.col("rule").replace_strict(RULE_CODES) == pl.col("code")).to_series().all()
    expected = reference_defects(data, *MARCH)
    got = truth.select("claim_id", "contract_id", "rule").sort(
        "rule", "claim_id", "contract_id", nulls_last=True
    )
    assert got.equals(expected), (
        got.join(expected, on=["claim_id", "contract_id", "rule"], how="anti", nulls_equal=True),
        expected.join(got, on=["claim_id", "contract_id", "rule"], how="anti", nulls_equal=True),
    )
    assert truth.filter(pl.col("rule") != "no_licence")["claim_id"].null_count() == 0


def test_every_rule_is_injected_at_its_rate(data: Path):
    found = dict(_read(data, "ground_truth").group_by("rule").len().iter_rows())
    # an overloaded month needs a month of 20,000 claims (synth_records.MONTHLY_FROM)
    assert set(found) == set(RULE_CODES) - {"practitioner_monthly_load"}
    for rule, rate in DEFAULT_RATES.items():
        if rule not in ("no_licence", *SHAPED_RATES):
            assert found[rule] == max(MIN_PER_RULE, round(N * rate)), rule
    assert found["overlapping_inpatient_stays"] == 2 * max(MIN_PER_RULE, round(N * 0.0002))  # pairs
    assert found["practitioner_daily_load"] >= 2 * 97  # two days of 97..110 visits
    contracts = _read(data, "contracts")
    assert 1 <= contracts.filter(~pl.col("licensed")).height <= max(3, 0.05 * contracts.height)
    readme = (data / "README.txt").read_text(encoding="utf-8")
    assert all(rule in readme for rule in RULE_CODES)


def test_same_seed_same_bytes_other_seed_other_rows(data: Path, tmp_path: Path):
    generate(N, SEED, tmp_path / "b")
    for name in FILES:
        assert (data / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    generate(N, SEED + 1, tmp_path / "c")
    assert not _read(data, "claims").equals(_read(tmp_path / "c", "claims"))


def test_people_have_valid_iins_matching_birth_date_and_sex(data: Path):
    persons = _read(data, "persons")
    assert persons["iin"].is_unique().all()
    assert iin_valid(persons["iin"]).all()
    for iin, born, sex in persons.sample(300, seed=1).select("iin", "birth_date", "sex").iter_rows():
        info = parse_iin(iin)
        assert info.valid and info.birth_date == born and info.sex == sex
    claims = _read(data, "claims")
    assert iin_valid(claims["iin"]).all()  # people unknown to the registry too


def test_claims_cover_every_kind_of_care_region_and_valid_icd10(data: Path):
    claims = _read(data, "claims")
    assert set(claims["care_kind"].unique()) == set(CARE_KINDS)
    assert set(claims["region"].unique()) == {r.code for r in regions()}
    assert all(icd10.is_valid(c) and icd10.normalize(c) == c for c in claims["icd10"].unique())
    inpatient = claims.filter(pl.col("care_kind") == "inpatient")
    assert inpatient["profile"].null_count() == 0
    assert claims["practitioner_id"].null_count() == 0
    assert claims.filter(pl.col("care_kind") != "inpatient")["profile"].null_count() > 0
    # populous regions get more claims (weights by population)
    by_region = dict(claims.group_by("region").len().iter_rows())
    assert (
        by_region["almaty"] > by_region["ulytau"] and by_region["turkistan"] > by_region["north_kazakhstan"]
    )


def test_the_period_and_its_history(data: Path):
    """Default period 2026-03, with 8 March and Nauryz 21-23 March; the previous month is history only."""
    claims = _read(data, "claims")
    per = claims.filter(pl.col("end_date").is_between(*MARCH))
    assert per.height == N
    history = claims.filter(pl.col("end_date") < MARCH[0])
    assert history.height > 0 and history["end_date"].min() >= dt.date(2026, 2, 1)
    assert history["care_kind"].unique().to_list() == ["inpatient"]
    assert claims["end_date"].max() <= MARCH[1]
    holidays = [dt.date(2026, 3, 8), dt.date(2026, 3, 9), dt.date(2026, 3, 23)]
    assert not any(is_working_day(d) for d in holidays)
    # the waits of planned care run across the March holidays (the calendar is exercised)
    waits = per.filter((pl.col("form") == "planned") & pl.col("referral_date").is_not_null())
    across = waits.filter(
        (pl.col("referral_date") < dt.date(2026, 3, 21)) & (pl.col("start_date") > dt.date(2026, 3, 23))
    )
    assert across.height > 0
    clean = waits.join(_read(data, "ground_truth"), on="claim_id", how="anti")
    boundary = [(a, b) for a, b in clean.select("referral_date", "start_date").unique().iter_rows()]
    assert 15 in {working_days_between(a, b) for a, b in boundary}  # the limit itself is clean


def test_period_parsing():
    p = parse_period("2026-02")
    assert (p.start, p.end, p.previous.start, p.previous.end) == (
        dt.date(2026, 2, 1), dt.date(2026, 2, 28), dt.date(2026, 1, 1), dt.date(2026, 1, 31),
    )  # fmt: skip
    assert parse_period("2027-01").previous.start == dt.date(2026, 12, 1)
    for bad in ("2025-12", "2026-13", "March"):
        with pytest.raises(InvalidInput):
            parse_period(bad)


def test_february_and_the_input_check(tmp_path: Path):
    """A 28-day month works; the synthetic files pass load_inputs as they are (conforming Parquet)."""
    generate(2_000, 3, tmp_path / "feb", "2026-02")
    d = tmp_path / "feb"
    truth = _read(d, "ground_truth")
    expected = reference_defects(d, dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    got = truth.select("claim_id", "contract_id", "rule").sort(
        "rule", "claim_id", "contract_id", nulls_last=True
    )
    assert got.equals(expected)
    files = [d / f"{name}.parquet" for name in ("claims", "persons", "contracts")]
    inputs = load_inputs(*files, tmp_path / "w")
    assert inputs.claims == d / "claims.parquet"


def test_too_few_claims_is_an_input_error(tmp_path: Path):
    with pytest.raises(InvalidInput) as info:
        generate(10, 1, tmp_path / "x")
    assert info.value.field == "--claims"
    assert not (tmp_path / "x").exists()


def test_cli(tmp_path: Path):
    result = CliRunner().invoke(
        app, ["synth", "--claims", "1000", "--seed", "5", "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 0, result.output
    assert "readmission_30d" in result.output
    assert all((tmp_path / "o" / f).is_file() for f in FILES)
    bad = CliRunner().invoke(
        app, ["synth", "--claims", "1000", "--out", str(tmp_path), "--period", "2025-12"]
    )
    assert bad.exit_code == 2


def test_clean_long_stays_begin_within_their_contract_term(tmp_path: Path):
    """`monitoring-rules` app1.23 (11.0, the contract's term): in the February month, whose history is
    January, a clean case ending early in January with a long stay (treatment abroad, up to two months)
    must not begin in 2025, before its contract; only injected outside_contract rows may."""
    out = tmp_path / "feb"
    generate(20_000, 5, out, period="2026-02")
    claims, contracts = _read(out, "claims"), _read(out, "contracts")
    truth = _read(out, "ground_truth").filter(pl.col("rule") == "outside_contract")
    clean = claims.join(truth.select("claim_id"), on="claim_id", how="anti")
    terms = clean.join(contracts.select("contract_id", k_start="start_date"), on="contract_id")
    assert terms.height == clean.height
    assert terms.filter(pl.col("start_date") < pl.col("k_start")).height == 0
    assert clean.filter(pl.col("care_kind") == "treatment_abroad").height > 0
