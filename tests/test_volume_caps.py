"""Utilisation of the inpatient caps (`program-2026-2028` app1, bound by 73): planned vs actual cases."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from kepil.cli.main import app
from kepil.coverage.facts import anniversary
from kepil.law.program_2026_2028.inpatient_caps import cap
from kepil.law.program_2026_2028.payment import BatchInputError
from kepil.law.program_2026_2028.volume_caps import ADULT_AGE, judge, utilisation, warnings_of

D = dt.date
runner = CliRunner()
CLAIM_TYPES = {"start_date": pa.date32(), "end_date": pa.date32(), "rural": pa.bool_()}


def claim(claim_id: str, **given: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "claim_id": claim_id,
        "provider_id": "R1",
        "region": "abai",
        "iin": "adult",
        "care_kind": "inpatient",
        "profile": "endocrinology",
        "start_date": D(2026, 5, 4),
        "end_date": D(2026, 5, 8),
        "rural": None,
    }
    return row | given


def write(path: Path, rows: list[dict[str, Any]], types: dict[str, pa.DataType]) -> Path:
    cols = list(rows[0])
    pq.write_table(
        pa.table({c: pa.array([r.get(c) for r in rows], types.get(c, pa.string())) for c in cols}), path
    )
    return path


def endocrinology(year: int, n: int) -> list[dict[str, Any]]:
    """n adult cases at the rural provider R1 of Abai; its app1 plan: rural adults 9 (line 1114)."""
    return [claim(f"e{year}-{i}", start_date=D(year, 5, 4), end_date=D(year, 5, 8)) for i in range(n)]


def batch_claims() -> list[dict[str, Any]]:
    rows = endocrinology(2026, 9) + endocrinology(2027, 8) + endocrinology(2028, 10)
    born_1 = {"iin": "b0301", "region": "akmola", "profile": "burns", "provider_id": "U1"}
    born_2 = {"iin": "b0229", "region": "akmola", "profile": "Күйік (камбустиология)", "provider_id": "U1"}
    rows += [
        claim("day-before", start_date=D(2026, 2, 28), end_date=D(2026, 3, 3), **born_1),  # 17 years
        claim("birthday", start_date=D(2026, 3, 1), end_date=D(2026, 3, 3), **born_1),  # 18th birthday: adult
        claim("leap-before", start_date=D(2026, 2, 27), end_date=D(2026, 3, 3), **born_2),
        claim("leap-birthday", start_date=D(2026, 2, 28), end_date=D(2026, 3, 3), **born_2),
        claim("no-bed-fund", region="abai", profile="allergology"),
        claim("no-profile", profile=None, provider_id="U1"),
        claim("unknown-person", iin="nobody", profile="burns", region="jambyl"),
        claim("phc", care_kind="phc", profile=None),
        claim("2025", start_date=D(2025, 12, 20), end_date=D(2025, 12, 31)),
        claim("2029", start_date=D(2029, 1, 2), end_date=D(2029, 1, 5)),
        claim("own-flag", region="astana", profile="therapy", rural=False),  # the claim's own flag wins
        claim("city", region="astana", profile="therapy", provider_id="U1"),
    ]
    return rows


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("caps")
    persons = [
        {"iin": "adult", "birth_date": D(1980, 1, 1)},
        {"iin": "b0301", "birth_date": D(2008, 3, 1)},
        {"iin": "b0229", "birth_date": D(2008, 2, 29)},
    ]
    providers = d / "providers.csv"
    providers.write_text("provider_id,rural\nR1,true\nU1,false\n", encoding="utf-8")
    return {
        "claims": write(d / "claims.parquet", batch_claims(), CLAIM_TYPES),
        "persons": write(d / "persons.parquet", persons, {"birth_date": pa.date32()}),
        "providers": providers,
    }


@pytest.fixture(scope="module")
def result(files: dict[str, Path]) -> tuple[pa.Table, int]:
    return utilisation(files["claims"], files["persons"], providers=files["providers"])


def row(table: pa.Table, year: int, region: str, profile: str, population: str, age: str) -> dict[str, Any]:
    df = pl.from_arrow(table)
    assert isinstance(df, pl.DataFrame)
    found = df.filter(
        (pl.col("year") == year)
        & (pl.col("region") == region)
        & (pl.col("profile") == profile)
        & (pl.col("population") == population)
        & (pl.col("age_group") == age)
    ).to_dicts()
    assert len(found) == 1
    return found[0]


def test_app1_warning_at_90_percent_and_over_100(result: tuple[pa.Table, int]) -> None:
    """Plan 9 rural adult cases: 8 (88.9 %) ok, 9 (100 %) warning, 10 (111.1 %) over."""
    table, _ = result
    assert cap("abai", "endocrinology").rural_adults == 9
    got = {y: row(table, y, "abai", "endocrinology", "rural", "adults") for y in (2026, 2027, 2028)}
    assert [(got[y]["actual"], got[y]["utilisation_pct"], got[y]["status"]) for y in (2027, 2026, 2028)] == [
        (8, 88.9, "ok"),
        (9, 100.0, "warning"),
        (10, 111.1, "over"),
    ]
    assert got[2026]["planned"] == 9 and (got[2026]["act"], got[2026]["clause"]) == (
        "program-2026-2028",
        "app1",
    )
    flagged = pl.from_arrow(warnings_of(table))
    assert isinstance(flagged, pl.DataFrame)
    assert set(flagged["status"].unique()) <= {"warning", "over", "no_bed_fund"}


@pytest.mark.parametrize(
    ("planned", "actual", "status", "pct"),
    [
        (10, 8, "ok", 80.0),
        (10, 9, "warning", 90.0),  # exactly 90 %
        (10, 10, "warning", 100.0),  # exactly the cap: not over
        (10, 11, "over", 110.0),
        (0, 0, "ok", None),
        (0, 1, "over", None),
        (1000, 899, "ok", 89.9),
        (1000, 900, "warning", 90.0),
    ],
)
def test_app1_status_thresholds(planned: int, actual: int, status: str, pct: float | None) -> None:
    df = pl.DataFrame({"p": [planned], "a": [actual], "n": [False]})
    p, s = judge(pl.col("p"), pl.col("a"), pl.col("n"))
    out = df.select(pct=p, status=s).to_dicts()[0]
    assert out == {"pct": pct, "status": status}


def test_app1_no_plan_and_no_bed_fund_statuses() -> None:
    df = pl.DataFrame(
        {"p": [None, None], "a": [3, 0], "n": [True, False]},
        schema={"p": pl.Int64, "a": pl.Int64, "n": pl.Boolean},
    )
    _p, s = judge(pl.col("p"), pl.col("a"), pl.col("n"))
    assert df.select(status=s)["status"].to_list() == ["no_bed_fund", "not_planned"]


def test_children_are_under_18_on_admission_the_18th_birthday_is_adult(result: tuple[pa.Table, int]) -> None:
    table, _ = result
    children = row(table, 2026, "akmola", "burns", "all", "children")
    adults = row(table, 2026, "akmola", "burns", "all", "adults")
    assert (children["actual"], adults["actual"]) == (2, 2)  # the day before each 18th birthday / on it
    # the engine's `birth + 18 years` agrees with the shared anniversary rule (29 February → 28 February)
    assert anniversary(D(2008, 3, 1), ADULT_AGE) == D(2026, 3, 1)
    assert anniversary(D(2008, 2, 29), ADULT_AGE) == D(2026, 2, 28)


def test_rural_urban_from_providers_and_the_claims_own_flag(result: tuple[pa.Table, int]) -> None:
    table, _ = result
    assert row(table, 2026, "abai", "endocrinology", "urban", "all")["actual"] == 0
    astana = {p: row(table, 2026, "astana", "therapy", p, "all") for p in ("all", "rural", "urban")}
    assert astana["urban"]["actual"] == 2 and astana["rural"]["actual"] == 0
    # the cities have no rural columns: rural not planned, urban planned = total
    assert astana["rural"]["planned"] is None and astana["rural"]["status"] == "not_planned"
    assert astana["urban"]["planned"] == astana["all"]["planned"] == cap("astana", "therapy").total
    oblast = row(table, 2026, "abai", "all", "urban", "all")
    c = cap("abai", "all")
    assert c.total is not None and c.rural_total is not None
    assert oblast["planned"] == c.total - c.rural_total


def test_profile_all_counts_every_case_and_unknowns_count_in_all_only(result: tuple[pa.Table, int]) -> None:
    table, excluded = result
    abai = row(table, 2026, "abai", "all", "all", "all")
    assert abai["actual"] == 9 + 1 + 1  # endocrinology, allergology (*), no profile; phc not counted
    assert row(table, 2026, "abai", "all", "urban", "all")["actual"] == 1  # the no-profile case at U1
    jambyl = [row(table, 2026, "jambyl", "burns", "all", a)["actual"] for a in ("all", "children", "adults")]
    assert jambyl == [1, 0, 0]  # a person not in the registry: no age group
    assert excluded == 2  # cases ending in 2025 and 2029: outside the Program's years


def test_star_profile_cases_are_flagged_no_bed_fund(result: tuple[pa.Table, int]) -> None:
    table, _ = result
    r = row(table, 2026, "abai", "allergology", "all", "all")
    assert (r["planned"], r["actual"], r["status"], r["no_bed_fund"]) == (None, 1, "no_bed_fund", True)
    flagged = warnings_of(table).to_pylist()
    assert any(f["profile"] == "allergology" and f["region"] == "abai" for f in flagged)


def test_without_rurality_only_population_all(files: dict[str, Path], tmp_path: Path) -> None:
    rows = [{k: v for k, v in r.items() if k != "rural"} for r in endocrinology(2026, 3)]
    claims = write(tmp_path / "c.parquet", rows, CLAIM_TYPES)
    table, _ = utilisation(claims, files["persons"], year=2026, region="abai")
    assert set(table.column("population").to_pylist()) == {"all"}
    assert set(table.column("region").to_pylist()) == {"abai"}
    assert row(table, 2026, "abai", "endocrinology", "all", "adults")["actual"] == 3


@pytest.mark.parametrize(
    ("bad", "column"), [({"profile": "cardiologia"}, "profile"), ({"region": "Atlantis"}, "region")]
)
def test_bad_values_name_file_row_and_column(
    files: dict[str, Path], tmp_path: Path, bad: dict[str, Any], column: str
) -> None:
    claims = write(tmp_path / "claims.parquet", [claim("a"), claim("b") | bad], CLAIM_TYPES)
    with pytest.raises(BatchInputError) as e:
        utilisation(claims, files["persons"])
    assert e.value.field == f"claims.parquet:2:{column}"


def test_cli_caps_utilisation(files: dict[str, Path]) -> None:
    args = ["caps", "utilisation", "--claims", str(files["claims"]), "--persons", str(files["persons"])]
    result = runner.invoke(app, [*args, "--providers", str(files["providers"]), "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["excluded"] == 2
    over = [r for r in out["rows"] if r["status"] == "over" and r["profile"] == "endocrinology"]
    assert {(r["year"], r["population"], r["age_group"]) for r in over} >= {(2028, "rural", "adults")}
    table = runner.invoke(app, [*args, "--providers", str(files["providers"]), "--lang", "kk"])
    assert table.exit_code == 0 and "пайдалану" in table.stdout  # the kk title (cells may be cut when narrow)
    counts = " ".join(table.output.split())  # the counts line, however the terminal wraps it
    assert "асып кету" in counts and "тыс аяқталған жағдайлар: 2" in counts
    bad = runner.invoke(
        app, ["caps", "utilisation", "--claims", str(files["claims"]), "--persons", "nope.csv"]
    )
    assert bad.exit_code == 2 and "nope.csv" in bad.output


def test_cli_caps_keeps_its_own_options() -> None:
    result = runner.invoke(app, ["caps", "--region", "abai", "--profile", "endocrinology", "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["rural_adults"] == 9


def test_a_key_given_twice_names_the_second_row(files: dict[str, Path], tmp_path: Path) -> None:
    """persons.iin and providers.provider_id are keys (app1 counts each person once): the repeat is an
    input error naming the file, the second row and the column."""
    persons = tmp_path / "persons.csv"
    persons.write_text("iin,birth_date\nadult,1980-01-01\nb0301,2008-03-01\nadult,1980-01-01\n", "utf-8")
    with pytest.raises(BatchInputError) as e:
        utilisation(files["claims"], persons)
    assert e.value.field == "persons.csv:3:iin"
    assert e.value.text("en") == "the key is given twice: 'adult'"
    providers = tmp_path / "providers.csv"
    providers.write_text("provider_id,rural\nR1,true\nU1,false\nU1,true\n", encoding="utf-8")
    with pytest.raises(BatchInputError) as e:
        utilisation(files["claims"], files["persons"], providers=providers)
    assert e.value.field == "providers.csv:3:provider_id"


def test_app1_urban_children_and_adults_planned_are_total_less_rural(result: tuple[pa.Table, int]) -> None:
    """app1 plans children and adults with their rural part ("ауылдағы жағдайлар"); the urban plan of an age
    group is its total less its rural part, and in a city (no rural columns) the whole age group."""
    table, _ = result
    c = cap("abai", "all")
    assert c.children and c.rural_children and c.adults and c.rural_adults  # the seed's line 957: all given
    assert row(table, 2026, "abai", "all", "urban", "children")["planned"] == c.children - c.rural_children
    assert row(table, 2026, "abai", "all", "urban", "adults")["planned"] == c.adults - c.rural_adults
    city = cap("astana", "therapy")
    assert city.rural_children is None and city.rural_adults is None
    assert row(table, 2026, "astana", "therapy", "urban", "children")["planned"] == city.children
    assert row(table, 2026, "astana", "therapy", "urban", "adults")["planned"] == city.adults


@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_app1_the_claims_own_rural_column_alone_gives_rural_and_urban(
    files: dict[str, Path], tmp_path: Path, suffix: str
) -> None:
    """app1's rural columns count "ауылдағы жағдайлар": with the claims' own `rural` column and no providers
    file the rural and urban rows are counted (a case at a rural organisation is rural, one at a city's is
    urban), from a Parquet or a CSV claims file alike."""
    rows = [claim("r", rural=True), claim("u", rural=False)]
    if suffix == ".parquet":
        claims = write(tmp_path / "c.parquet", rows, CLAIM_TYPES)
    else:
        claims = tmp_path / "c.csv"
        pl.DataFrame(rows).write_csv(claims)
    table, _ = utilisation(claims, files["persons"], year=2026, region="abai")
    assert set(table.column("population").to_pylist()) == {"all", "rural", "urban"}
    got = [
        row(table, 2026, "abai", "endocrinology", p, "adults")["actual"] for p in ("all", "rural", "urban")
    ]
    assert got == [2, 1, 1]


def test_app1_a_person_without_a_birth_date_counts_in_all_ages_only(
    files: dict[str, Path], tmp_path: Path
) -> None:
    """app1 splits cases into children and adults (under 18 on admission); a registry row with no birth date
    is read, and its case counts in the "all ages" row only, never guessed a child or an adult."""
    persons = tmp_path / "persons.csv"
    persons.write_text("iin,birth_date\nadult,\n", encoding="utf-8")
    claims = write(tmp_path / "c.parquet", [claim("a")], CLAIM_TYPES)
    table, _ = utilisation(claims, persons, year=2026, region="abai")
    got = [
        row(table, 2026, "abai", "endocrinology", "all", a)["actual"] for a in ("all", "children", "adults")
    ]
    assert got == [1, 0, 0]


def test_app1_counts_the_cases_ending_in_2026_to_2028_both_ends_included(
    files: dict[str, Path], tmp_path: Path
) -> None:
    """app1 plans cases per year of the Program "2026 – 2028 жылдарға арналған": a case discharged on
    1 January 2026 or 31 December 2028 counts in its year; one discharged on 31 December 2025 or
    1 January 2029 is outside the Program and only counted as excluded."""
    ends = (D(2025, 12, 31), D(2026, 1, 1), D(2028, 12, 31), D(2029, 1, 1))
    rows = [claim(f"c{i}", start_date=end - dt.timedelta(days=3), end_date=end) for i, end in enumerate(ends)]
    table, excluded = utilisation(write(tmp_path / "c.parquet", rows, CLAIM_TYPES), files["persons"])
    assert excluded == 2
    assert sorted(set(table.column("year").to_pylist())) == [2026, 2028]
    assert [row(table, y, "abai", "endocrinology", "all", "all")["actual"] for y in (2026, 2028)] == [1, 1]


def test_app1_a_plan_of_one_case_shows_its_utilisation() -> None:
    """app1 utilisation in per cent of the plan: a plan of 1 with 1 case is 100 % (a warning, not over);
    no per cent only for a plan of 0."""
    df = pl.DataFrame({"p": [1], "a": [1], "n": [False]})
    p, s = judge(pl.col("p"), pl.col("a"), pl.col("n"))
    assert df.select(pct=p, status=s).to_dicts()[0] == {"pct": 100.0, "status": "warning"}


def test_app1_a_profile_without_a_bed_fund_is_flagged_only_with_cases(result: tuple[pa.Table, int]) -> None:
    """app1's `*` (no bed fund for the profile): a case on it is flagged; the `*` rows without any case are
    not warnings (the report lists what needs attention)."""
    table, _ = result
    flagged = warnings_of(table).to_pylist()
    starred = [f for f in flagged if f["status"] == "no_bed_fund"]
    assert starred and all(f["actual"] > 0 for f in starred)


@pytest.mark.parametrize("year", ["2030", "2025", "99999999999999999999999"])
def test_a_year_app1_does_not_plan_is_refused(files: dict[str, Path], year: str) -> None:
    """Found by the sweep: --year 2030 showed app1's 2026-2028 plan as 2030's (abai: 85,472 planned,
    status ok), and a year past any integer was a traceback; app1 plans 2026-2028 only."""
    args = ["caps", "utilisation", "--claims", str(files["claims"]), "--persons", str(files["persons"])]
    result = runner.invoke(app, [*args, "--year", year, "--json", "--lang", "ru"])
    assert result.exit_code == 2, result.output
    assert f"--year: {year}: приложение 1 планирует случаи только на 2026–2028 годы" in result.stderr
    assert runner.invoke(app, [*args, "--year", "2028", "--json"]).exit_code == 0
