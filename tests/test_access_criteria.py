"""Access criteria of program-2026-2028 79 and the ambulance rules of 4 (kepil access report)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
import typer
from typer.testing import CliRunner

from kepil.cli.access import read_tables, register
from kepil.data import data_path
from kepil.law.program_2026_2028.access_criteria import (
    CRITERIA,
    PHC_PARAMEDIC,
    STATION_PARAMEDIC,
    STATION_SPECIALISED,
    access_report,
    category4_team,
    criterion_words,
)
from kepil.reference.calendar import add_working_days, is_working_day

ON = dt.date(2026, 3, 31)
EXAMPLE = data_path("access_example")


@pytest.fixture(scope="module")
def example() -> dict[str, pl.DataFrame]:
    return read_tables(EXAMPLE)


def _met(report: pl.DataFrame, region: str) -> dict[str, bool | None]:
    rows = report.filter(pl.col("region") == region)
    return dict(zip(rows["criterion"], rows["met"], strict=True))


def _with(example: dict[str, pl.DataFrame], name: str, df: pl.DataFrame) -> dict[str, pl.DataFrame]:
    return {**example, name: df.cast(example[name].schema)}


def test_example_astana_meets_every_criterion_and_abai_none(example: dict[str, pl.DataFrame]) -> None:
    """program-2026-2028 79.1-79.9 and 4: each criterion met (astana) and not met (abai)."""
    report = access_report(example, ON)
    assert report.height == 2 * 14
    assert set(_met(report, "astana").values()) == {True}
    abai = _met(report, "abai")
    assert abai.pop("arrival_category_3") is True and abai.pop("arrival_category_2") is None
    assert set(abai.values()) == {False}
    row = report.filter((pl.col("region") == "abai") & (pl.col("criterion") == "doctor_teams_share")).row(
        0, named=True
    )
    assert (row["clause"], row["value"]) == ("program-2026-2028 79.3", 20.0)
    assert criterion_words(ON)["doctor_teams_share"].threshold.en == "≥ 25 %"  # 79.3: at least 25 %


def test_region_filter(example: dict[str, pl.DataFrame]) -> None:
    assert set(access_report(example, ON, "astana")["region"]) == {"astana"}


def _calls(rows: list[tuple[int, str, str, str]]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "region": ["astana"] * len(rows),
            "call_id": [str(i) for i in range(len(rows))],
            "category": [r[0] for r in rows],
            "received_at": [dt.datetime.fromisoformat(r[1]) for r in rows],
            "arrived_at": [dt.datetime.fromisoformat(r[2]) for r in rows],
            "team_kind": [r[3] for r in rows],
        }
    )


@pytest.mark.parametrize(
    ("arrived", "met"),
    [("2026-03-20 10:10:00", True), ("2026-03-20 10:10:01", False), ("2026-03-20 10:11:00", False)],
)
def test_category1_arrival_at_most_10_minutes(
    example: dict[str, pl.DataFrame], arrived: str, met: bool
) -> None:
    """program-2026-2028 4: category 1 arrival "10 минуттан аспауға тиіс" — 10 minutes met, 11 not."""
    calls = _calls([(1, "2026-03-20 10:00:00", arrived, "ambulance_station_specialised")])
    assert _met(access_report(_with(example, "calls", calls), ON), "astana")["arrival_category_1"] is met


@pytest.mark.parametrize(("category", "minutes"), [(2, 15), (3, 30)])
def test_category2_and_3_limits(example: dict[str, pl.DataFrame], category: int, minutes: int) -> None:
    """program-2026-2028 4: 15 minutes for category 2, 30 for category 3; one minute more is late."""
    start = dt.datetime(2026, 3, 20, 10)
    calls = _calls(
        [
            (category, str(start), str(start + dt.timedelta(minutes=minutes)), STATION_PARAMEDIC),
            (category, str(start), str(start + dt.timedelta(minutes=minutes + 1)), STATION_PARAMEDIC),
        ]
    )
    row = access_report(_with(example, "calls", calls), ON).filter(
        (pl.col("region") == "astana") & (pl.col("criterion") == f"arrival_category_{category}")
    )
    assert row["value"].to_list() == [50.0] and row["met"].to_list() == [False]


@pytest.mark.parametrize(
    ("received", "team"),
    [
        ("2026-03-20 07:59:00", STATION_PARAMEDIC),  # a working day (Friday), before PHC hours
        ("2026-03-20 08:00:00", PHC_PARAMEDIC),
        ("2026-03-20 19:59:00", PHC_PARAMEDIC),
        ("2026-03-20 20:00:00", STATION_PARAMEDIC),
        ("2026-03-23 10:00:00", STATION_PARAMEDIC),  # Nauryz (Monday)
        ("2026-03-25 10:00:00", STATION_PARAMEDIC),  # Nauryz carried over from the weekend
        ("2026-03-21 10:00:00", STATION_PARAMEDIC),  # Saturday
        ("2027-01-01 10:00:00", STATION_PARAMEDIC),  # New Year
        ("2026-03-26 10:00:00", PHC_PARAMEDIC),  # the first working day after Nauryz
    ],
)
def test_category4_team_by_phc_working_time(received: str, team: str) -> None:
    """program-2026-2028 4: category 4 — PHC paramedic teams 08:00-20:00 on working days, ambulance-station
    paramedic teams from 20:00 to 08:00 and on days off and holidays (kepil.reference.calendar)."""
    calls = _calls([(4, received, received, team), (1, received, received, STATION_PARAMEDIC)])
    assert category4_team(calls, ON).to_list() == [team, None]


def test_category4_routing_criterion(example: dict[str, pl.DataFrame]) -> None:
    """program-2026-2028 4: a PHC team on Nauryz is not the team of the clause."""
    assert not is_working_day(dt.date(2026, 3, 23))
    calls = _calls([(4, "2026-03-23 10:00:00", "2026-03-23 11:00:00", PHC_PARAMEDIC)])
    assert _met(access_report(_with(example, "calls", calls), ON), "astana")["category4_routing"] is False


def _gp(people: int) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "region": ["astana", "astana"],
            "organisation": ["city", "village"],
            "rural": [False, True],
            "gp_positions": [1.0, 1.0],
            "attached_population": [people, 9000],
        }
    )


@pytest.mark.parametrize(("people", "met"), [(2000, True), (1700, True), (2001, False)])
def test_gp_panel_excludes_rural(example: dict[str, pl.DataFrame], people: int, met: bool) -> None:
    """program-2026-2028 79.4: at most 2,000 attached people per GP position, rural organisations excluded."""
    assert _met(access_report(_with(example, "gp", _gp(people)), ON), "astana")["gp_panel_size"] is met


@pytest.mark.parametrize(("days", "met"), [(30, True), (31, False)])
def test_treatment_start_30_calendar_days(example: dict[str, pl.DataFrame], days: int, met: bool) -> None:
    """program-2026-2028 79.6: specialised treatment within 30 calendar days of the first diagnosis."""
    d = dt.date(2026, 1, 5)
    diag = pl.DataFrame(
        {
            "region": ["astana", "astana"],
            "patient_id": ["1", "2"],
            "diagnosed_on": [d, ON - dt.timedelta(days=30)],  # the second still pending: not counted
            "treatment_started_on": [d + dt.timedelta(days=days), None],
        }
    )
    row = access_report(_with(example, "diagnoses", diag), ON).filter(
        (pl.col("region") == "astana") & (pl.col("criterion") == "treatment_start")
    )
    assert row["met"].to_list() == [met] and row["cases"].to_list() == [1]


@pytest.mark.parametrize(("working_days", "met"), [(18, True), (19, False)])
def test_green_corridor_18_working_days_over_nauryz(
    example: dict[str, pl.DataFrame], working_days: int, met: bool
) -> None:
    """program-2026-2028 79.9: the green-corridor examination takes at most 18 working days; Nauryz
    (21-25 March 2026) is not counted."""
    start = dt.date(2026, 3, 10)
    end = add_working_days(start, working_days)
    assert (end - start).days > working_days + 5
    corridor = pl.DataFrame(
        {"region": ["astana"], "patient_id": ["1"], "referred_on": [start], "completed_on": [end]}
    )
    on = end + dt.timedelta(days=1)
    assert (
        _met(access_report(_with(example, "green_corridor", corridor), on), "astana")["green_corridor"] is met
    )


def test_open_green_corridor_case_late_after_18_working_days(example: dict[str, pl.DataFrame]) -> None:
    start = dt.date(2026, 3, 10)
    corridor = pl.DataFrame(
        {"region": ["astana"], "patient_id": ["1"], "referred_on": [start], "completed_on": [None]}
    )
    t = _with(example, "green_corridor", corridor)
    assert _met(access_report(t, add_working_days(start, 18)), "astana")["green_corridor"] is None
    assert _met(access_report(t, add_working_days(start, 19)), "astana")["green_corridor"] is False


# ---------------------------------------------------------------- the command
def _run(*args: str) -> tuple[int, str]:
    app = typer.Typer()
    register(app)
    result = CliRunner().invoke(app, ["access", "report", *args])
    return result.exit_code, result.output


def _copy(tmp_path: Path) -> Path:
    for f in EXAMPLE.glob("*.csv"):
        (tmp_path / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_cli_writes_the_report(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"report{suffix}"
    code, output = _run(
        "--data", str(EXAMPLE), "--date", "2026-03-31", "--region", "astana", "--out", str(out)
    )
    assert code == 0, output
    assert "79.9" in output and out.is_file()
    if suffix == ".csv":
        written = pl.read_csv(out)
        assert written["met"].to_list() == [True] * 14
        assert written.columns == [
            "region",
            "criterion",
            "clause",
            "value",
            "unit",
            "threshold",
            "met",
            "cases",
        ]
        row = written.filter(pl.col("criterion") == "doctor_teams_share").row(0, named=True)
        assert (row["unit"], row["threshold"]) == ("% of ambulance-station teams", "≥ 25 %")


@pytest.mark.parametrize(
    ("lang", "unit", "threshold"),
    [
        ("kk", "10 000 тұрғынға бригада", "100 %: 18 жұмыс күні ішінде"),
        ("ru", "бригад на 10 000 жителей", "100 %: в течение 18 рабочих дней"),
        ("en", "teams per 10 000 residents", "100 % within 18 working days"),
    ],
)
def test_cli_units_and_thresholds_in_the_chosen_language(
    tmp_path: Path, lang: str, unit: str, threshold: str
) -> None:
    """program-2026-2028 79.1 (teams per 10,000 residents) and 79.9 (18 working days) in --lang, in the
    printed table and in the file written."""
    out = tmp_path / "report.csv"
    code, output = _run("--data", str(EXAMPLE), "--date", "2026-03-31", "--out", str(out), "--lang", lang)
    assert code == 0, output
    written = pl.read_csv(out)
    by_code = {r["criterion"]: r for r in written.iter_rows(named=True)}
    assert by_code["ambulance_teams"]["unit"] == unit
    assert by_code["green_corridor"]["threshold"] == threshold
    assert threshold.split()[-1] in output  # the printed table (Rich may wrap a long cell)


def test_every_criterion_has_its_unit_and_threshold_in_kk_ru_en() -> None:
    """Each criterion of 79 and 4 has words in the three languages, built from the parameters in force."""
    words = criterion_words(ON)
    assert list(words) == [code for code, _, _ in CRITERIA]
    for code, w in words.items():
        for text in (w.unit, w.threshold):
            assert text.kk and text.ru and text.en, code
        assert w.unit.kk != w.unit.en and w.unit.ru != w.unit.en, code  # translated, not copied
    # 79.4: "1700 - 2000 адамынан аспайды", met up to the upper bound
    assert words["gp_panel_size"].threshold.ru == "≤ 2 000 (в акте: 1 700–2 000)"
    assert words["arrival_category_2"].threshold.kk == "100 %: 15 минуттан аспай"  # 4: category 2


def test_cli_reads_parquet(tmp_path: Path) -> None:
    data = _copy(tmp_path)
    calls = data / "calls.csv"
    pl.read_csv(calls, try_parse_dates=True).write_parquet(data / "calls.parquet")
    calls.unlink()
    assert _run("--data", str(data), "--date", "2026-03-31")[0] == 0


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", "calls.csv, row 2, column `category`: '5' is not one of"),
        ("ru", "calls.csv, строка 2, столбец «category»"),
        ("kk", "calls.csv, 2-жол, «category» бағаны"),
    ],
)
def test_cli_bad_row_named_by_file_row_column(tmp_path: Path, lang: str, words: str) -> None:
    data = _copy(tmp_path)
    calls = data / "calls.csv"
    lines = calls.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace(",2,", ",5,")
    calls.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "report.csv"
    code, output = _run("--data", str(data), "--out", str(out), "--lang", lang)
    assert code == 2 and words in output.replace("\n", " ")
    assert not out.exists()


def test_cli_reports_each_files_problems(tmp_path: Path) -> None:
    data = _copy(tmp_path)
    (data / "teams.csv").unlink()
    diag = data / "diagnoses.csv"
    diag.write_text(diag.read_text(encoding="utf-8").replace("2026-03-03", "2026-01-03"), encoding="utf-8")
    code, output = _run("--data", str(data))
    text = output.replace("\n", " ")
    assert code == 2
    assert "teams.csv: the file does not exist" in text
    assert "diagnoses.csv, row 1, column `treatment_started_on`: '2026-01-03' is before" in text


# --- issue 19: clause 4 (categories 1-3), 79.1's display, 80-81 -------------------------------------


@pytest.mark.parametrize(
    ("category", "team", "met"),
    [
        (1, "ambulance_station_specialised", True),
        (2, STATION_PARAMEDIC, True),
        (3, PHC_PARAMEDIC, False),  # a category 3 call served by a PHC team
        (1, PHC_PARAMEDIC, False),
    ],
)
def test_clause_4_categories_1_to_3_served_by_station_teams(
    example: dict[str, pl.DataFrame], category: int, team: str, met: bool
) -> None:
    """program-2026-2028 4: "Бірінші, екінші, үшінші жеделдік санатындағы шақыртуларға ЖМЖС фельдшерлік
    және мамандандырылған (дәрігерлік) бригадалары қызмет көрсетеді" — a PHC team is not met."""
    calls = _calls([(category, "2026-03-20 10:00:00", "2026-03-20 10:05:00", team)])
    row = access_report(_with(example, "calls", calls), ON).filter(
        (pl.col("region") == "astana") & (pl.col("criterion") == "category123_teams")
    )
    assert row["met"].to_list() == [met] and row["clause"].to_list() == ["program-2026-2028 4"]


def test_clause_4_category_4_calls_are_not_judged_as_categories_1_to_3(
    example: dict[str, pl.DataFrame],
) -> None:
    calls = _calls([(4, "2026-03-20 10:00:00", "2026-03-20 10:30:00", PHC_PARAMEDIC)])
    row = access_report(_with(example, "calls", calls), ON).filter(
        (pl.col("region") == "astana") & (pl.col("criterion") == "category123_teams")
    )
    assert row["met"].to_list() == [None] and row["cases"].to_list() == [None]


def test_79_1_value_shown_with_the_digits_that_show_why(example: dict[str, pl.DataFrame]) -> None:
    """program-2026-2028 79.1: 4 teams for 40 001 residents is 0.99998 per 10 000 — not met, and never
    shown as 1.0 against "≥ 1"; a met value keeps two decimals."""
    pop = example["population"].with_columns(
        population=pl.when(pl.col("region") == "astana").then(40_001).otherwise(pl.col("population"))
    )
    report = access_report(_with(example, "population", pop), ON)
    row = report.filter((pl.col("region") == "astana") & (pl.col("criterion") == "ambulance_teams")).row(
        0, named=True
    )
    assert row["met"] is False and row["value"] == 0.99998 and row["value"] < 1
    from kepil.law.program_2026_2028.access_criteria import value_decimals

    assert (
        value_decimals(row["value"]) == 5 and f"{row['value']:.{value_decimals(row['value'])}f}" == "0.99998"
    )
    abai = report.filter((pl.col("region") == "abai") & (pl.col("criterion") == "doctor_teams_share"))
    assert abai["value"].to_list() == [20.0]


def test_79_4_value_above_2000_not_shown_as_2000(example: dict[str, pl.DataFrame]) -> None:
    """79.4 ("аспайды"): 2 000.0005 people per position is not met and shown so."""
    gp = pl.DataFrame(
        {
            "region": ["astana"],
            "organisation": ["O"],
            "rural": [False],
            "gp_positions": [2000.0],
            "attached_population": [4_000_001],
        }
    )
    report = access_report(_with(example, "gp", gp), ON)
    row = report.filter((pl.col("region") == "astana") & (pl.col("criterion") == "gp_panel_size")).row(
        0, named=True
    )
    assert row["met"] is False and row["value"] == 2000.0005


@pytest.mark.parametrize(
    ("year", "deadline", "working", "submit_by"),
    [
        (2026, dt.date(2027, 4, 1), True, dt.date(2027, 4, 1)),  # a Thursday
        (2027, dt.date(2028, 4, 1), False, dt.date(2028, 3, 31)),  # a Saturday
        (2028, dt.date(2029, 4, 1), False, dt.date(2029, 3, 30)),  # a Sunday
    ],
)
def test_81_annual_report_due_by_1_april_on_the_calendar(
    year: int, deadline: dt.date, working: bool, submit_by: dt.date
) -> None:
    """program-2026-2028 81: the annual report by 1 April of the year after the reporting period."""
    from kepil.law.program_2026_2028.access_criteria import annual_report_deadline

    due = annual_report_deadline(year)
    assert (due.deadline, due.working, due.submit_by) == (deadline, working, submit_by)
    assert is_working_day(due.submit_by)


def test_80_81_annual_report_from_the_same_data_with_agreement_targets(
    example: dict[str, pl.DataFrame], tmp_path: Path
) -> None:
    """80: the agreement's target indicators (a file); 81: the year's criteria from the same tables."""
    from kepil.law.program_2026_2028.access_criteria import annual_report

    data = _copy(tmp_path)
    (data / "agreement_targets.csv").write_text(
        "region,criterion,target\nastana,vaccination,97\nabai,vaccination,90\n", encoding="utf-8"
    )
    tables = read_tables(data)
    report = annual_report(tables, 2026)
    vacc = report.filter(pl.col("criterion") == "vaccination").sort("region")
    assert vacc["target_met"].to_list() == [True, False]  # abai 90 % ≥ 90; astana 96 % < 97
    assert set(report["year"]) == {2026}
    assert report.filter(pl.col("criterion") == "arrival_category_1")["cases"].drop_nulls().to_list() == [
        1,
        1,
    ]
    assert annual_report(tables, 2027).filter(pl.col("criterion") == "arrival_category_1")[
        "cases"
    ].to_list() == [
        None,
        None,
    ]  # no calls received in 2027


def test_80_bad_agreement_target_named_by_file_row_column(tmp_path: Path) -> None:
    data = _copy(tmp_path)
    (data / "agreement_targets.csv").write_text("region,criterion,target\nastana,speed,1\n", encoding="utf-8")
    app = typer.Typer()
    register(app)
    out = tmp_path / "annual.csv"
    result = CliRunner().invoke(
        app,
        ["access", "annual-report", "--data", str(data), "--year", "2026", "--out", str(out), "--lang", "ru"],
    )
    assert result.exit_code == 2 and "agreement_targets.csv" in result.output and "criterion" in result.output
    assert not out.exists()


def test_81_cli_prints_the_deadline_and_writes_the_report(tmp_path: Path) -> None:
    app = typer.Typer()
    register(app)
    out = tmp_path / "annual.csv"
    args = [
        "access",
        "annual-report",
        "--data",
        str(EXAMPLE),
        "--year",
        "2027",
        "--out",
        str(out),
        "--lang",
        "kk",
    ]
    result = CliRunner().invoke(app, [*args, "--date", "2028-04-02"])
    assert result.exit_code == 0, result.output
    assert "01.04.2028" in result.output and "31.03.2028" in result.output and "81" in result.output
    assert pl.read_csv(out)["deadline"].unique().to_list() == ["2028-04-01"]


def _population(**row: int) -> pl.DataFrame:
    base = {"population": 40000, "palliative_beds": 4, "vaccination_eligible": 1000, "vaccinated": 960}
    return pl.DataFrame(
        [{"region": "astana", **base, "observation_eligible": 200, "under_observation": 200} | row]
    )


def _teams(station_paramedic: int, specialised: int, phc: int) -> pl.DataFrame:
    kinds = (
        [STATION_PARAMEDIC] * station_paramedic + [STATION_SPECIALISED] * specialised + [PHC_PARAMEDIC] * phc
    )
    return pl.DataFrame(
        {"region": ["astana"] * len(kinds), "team_id": [f"T{i}" for i in range(len(kinds))], "kind": kinds}
    )


@pytest.mark.parametrize(
    ("population", "teams", "criterion", "met"),
    [
        # 79.1 "10 000 тұрғынға шаққанда 1 бригада": 4 station teams serve 40 000, not 40 001
        ({"population": 40000}, (3, 1, 2), "ambulance_teams", True),
        ({"population": 40001}, (3, 1, 2), "ambulance_teams", False),
        # 79.2 "25000 тұрғынға шаққанда 1 бригада" at PHC organisations: 2 teams serve 50 000, not 50 001
        ({"population": 50000}, (4, 1, 2), "category4_teams", True),
        ({"population": 50001}, (4, 1, 2), "category4_teams", False),
        # 79.3 "дәрігерлік бригадалардың үлес салмағы – кемінде 25 %": 1 of 4 is 25 %, 1 of 5 is 20 %
        ({}, (3, 1, 0), "doctor_teams_share", True),
        ({}, (4, 1, 0), "doctor_teams_share", False),
        ({}, (76, 25, 0), "doctor_teams_share", False),  # 25 of 101 is 24.75 %
        ({}, (0, 1, 0), "doctor_teams_share", True),  # the one station team is a doctor team
        # 79.5 "вакцинациямен қамту – кемінде 95 %": 950 of 1000 met, 949 not
        ({"vaccinated": 950}, (3, 1, 2), "vaccination", True),
        ({"vaccinated": 949}, (3, 1, 2), "vaccination", False),
        # 79.7 "100 000 тұрғынға шаққанда 10 төсек": 4 beds for 40 000 met, for 40 001 not
        ({"population": 40000, "palliative_beds": 4}, (5, 1, 2), "palliative_beds", True),
        ({"population": 40001, "palliative_beds": 4}, (5, 1, 2), "palliative_beds", False),
        # 79.8 "тиісті контингенттің жалпы санының 100 %": 199 of 200 is not met
        ({"under_observation": 199}, (3, 1, 2), "dynamic_observation", False),
    ],
)
def test_79_thresholds_are_met_exactly_on_the_figure_of_the_act(
    example: dict[str, pl.DataFrame],
    population: dict[str, int],
    teams: tuple[int, int, int],
    criterion: str,
    met: bool,
) -> None:
    """program-2026-2028 79.1-79.3, 79.5, 79.7, 79.8: a region exactly on the act's figure meets it, one
    resident, team or person short does not."""
    t = _with(_with(example, "population", _population(**population)), "teams", _teams(*teams))
    assert _met(access_report(t, ON, "astana"), "astana")[criterion] is met


def test_79_a_region_without_teams_fails_and_one_without_residents_has_no_data(
    example: dict[str, pl.DataFrame],
) -> None:
    """program-2026-2028 79.1, 79.2, 79.7 are per resident: a region with residents and no team at all has
    0 teams (not met), even with a single resident; a region with no residents has nothing to judge (met
    null, no value), never met."""
    pop = pl.concat(
        [
            _population(),
            _population(population=0, palliative_beds=0).with_columns(region=pl.lit("abai")),
            _population(population=1, palliative_beds=0).with_columns(region=pl.lit("jambyl")),
        ]
    )
    report = access_report(_with(_with(example, "population", pop), "teams", _teams(3, 1, 0)), ON)
    astana = report.filter((pl.col("region") == "astana") & (pl.col("criterion") == "category4_teams"))
    assert astana.select("value", "met", "cases").row(0) == (0.0, False, 0)
    abai = _met(report, "abai")
    assert (abai["ambulance_teams"], abai["category4_teams"], abai["palliative_beds"]) == (None, None, None)
    jambyl = report.filter(pl.col("region") == "jambyl").select("criterion", "value", "met", "cases")
    per_resident = ("ambulance_teams", "category4_teams", "palliative_beds")
    got = {r[0]: r[1:] for r in jambyl.rows() if r[0] in per_resident}
    assert got == dict.fromkeys(per_resident, (0.0, False, 0))
    assert _met(report, "jambyl")["doctor_teams_share"] is None  # 79.3: no station team, no share


def test_79_4_people_per_gp_position_and_a_region_without_positions(example: dict[str, pl.DataFrame]) -> None:
    """program-2026-2028 79.4 "жалпы практика дәрігерінің бір лауазымына шаққанда тіркелген халықтың саны":
    1 position with 2,000 people shows 2,000 and is met; 0.5 of a position with 1,000 people is 2,000 per
    position too; a region whose urban organisations have no GP position has no figure (null), never met."""
    gp = pl.DataFrame(
        {
            "region": ["astana", "abai", "abai"],
            "organisation": ["city", "town", "village"],
            "rural": [False, False, True],
            "gp_positions": [1.0, 0.0, 2.0],
            "attached_population": [2000, 1500, 3000],
        }
    )
    report = access_report(_with(example, "gp", gp), ON).filter(pl.col("criterion") == "gp_panel_size")
    rows = {r["region"]: (r["value"], r["met"]) for r in report.iter_rows(named=True)}
    assert rows == {"astana": (2000.0, True), "abai": (None, None)}
    half = gp.with_columns(
        gp_positions=pl.Series([0.5, 0.0, 2.0]), attached_population=pl.Series([1000, 1500, 3000])
    )
    report = access_report(_with(example, "gp", half), ON, "astana")
    assert report.filter(pl.col("criterion") == "gp_panel_size")["value"].to_list() == [2000.0]


def test_79_5_79_8_coverage_of_one_eligible_and_of_none(example: dict[str, pl.DataFrame]) -> None:
    """program-2026-2028 79.5 and 79.8 are shares of "тиісті контингент": one eligible person vaccinated or
    observed is 100 % (met); a region with no one eligible has no share (met null), never met."""
    one = _population(vaccination_eligible=1, vaccinated=1, observation_eligible=1, under_observation=1)
    met = _met(access_report(_with(example, "population", one), ON, "astana"), "astana")
    assert (met["vaccination"], met["dynamic_observation"]) == (True, True)
    none = _population(vaccination_eligible=0, vaccinated=0, observation_eligible=0, under_observation=0)
    met = _met(access_report(_with(example, "population", none), ON, "astana"), "astana")
    assert (met["vaccination"], met["dynamic_observation"]) == (None, None)


# ------------------------------------------------- the shown value keeps the verdict's side (79, 4)
@pytest.mark.parametrize(
    ("population", "teams", "criterion", "shown", "met"),
    [
        # 79.2 "25000 тұрғынға шаққанда 1 бригада": 2 PHC teams for 30 000 are 1.666… per 25 000, met
        ({"population": 30000, "palliative_beds": 3}, (3, 1, 2), "category4_teams", 1.67, True),
        # 79.3 "кемінде 25 %": 1 doctor team of 3 is 33.333… %, met
        ({}, (2, 1, 0), "doctor_teams_share", 33.33, True),
        # 79.5 "кемінде 95 %": 2 900 of 3 000 is 96.666… %, met
        ({"vaccination_eligible": 3000, "vaccinated": 2900}, (3, 1, 2), "vaccination", 96.67, True),
        # 79.7 "100 000 тұрғынға шаққанда 10 төсек": 4 beds for 30 000 are 13.333… per 100 000, met
        ({"population": 30000}, (3, 1, 2), "palliative_beds", 13.33, True),
        # 79.8 "100 %": 299 of 300 is 99.666… %, not met
        (
            {"observation_eligible": 300, "under_observation": 299},
            (3, 1, 2),
            "dynamic_observation",
            99.67,
            False,
        ),
    ],
)
def test_79_value_shown_with_two_decimals_when_they_stand_on_the_verdicts_side(
    example: dict[str, pl.DataFrame],
    population: dict[str, int],
    teams: tuple[int, int, int],
    criterion: str,
    shown: float,
    met: bool,
) -> None:
    """program-2026-2028 79.2, 79.3, 79.5, 79.7, 79.8 ("кемінде" — at least the figure): a value whose two
    decimals already stand on the side of the verdict is shown with two decimals, neither more nor fewer."""
    t = _with(_with(example, "population", _population(**population)), "teams", _teams(*teams))
    row = access_report(t, ON, "astana").filter(pl.col("criterion") == criterion).row(0, named=True)
    assert (row["value"], row["met"]) == (shown, met)
    assert access_report(t, ON, "astana", rounded=False).filter(pl.col("criterion") == criterion)[
        "value"
    ].item() != pytest.approx(shown, abs=1e-9)


def test_79_4_value_at_most_2000_shown_with_two_decimals(example: dict[str, pl.DataFrame]) -> None:
    """program-2026-2028 79.4 "2000 адамынан аспайды" (at most): 5 998 people for 3 positions are
    1 999.333… per position, met, shown 1999.33; 6 000 001 for 3 000 are 2 000.000333…, not met, shown
    2000.0003 (the fewest decimals that stay above 2 000), never 2000.0."""
    for people, positions, shown, met in ((5998, 3.0, 1999.33, True), (6_000_001, 3000.0, 2000.0003, False)):
        gp = pl.DataFrame(
            {
                "region": ["astana"],
                "organisation": ["O"],
                "rural": [False],
                "gp_positions": [positions],
                "attached_population": [people],
            }
        )
        report = access_report(_with(example, "gp", gp), ON, "astana")
        row = report.filter(pl.col("criterion") == "gp_panel_size").row(0, named=True)
        assert (row["value"], row["met"]) == (shown, met)


def test_4_arrival_share_shown_with_two_decimals(example: dict[str, pl.DataFrame]) -> None:
    """program-2026-2028 4: category 1 "10 минуттан аспауға тиіс" — 2 of 3 calls within 10 minutes are
    66.67 %, not met (every call must be within)."""
    calls = _calls(
        [
            (1, "2026-03-20 10:00:00", "2026-03-20 10:10:00", STATION_SPECIALISED),
            (1, "2026-03-20 11:00:00", "2026-03-20 11:05:00", STATION_SPECIALISED),
            (1, "2026-03-20 12:00:00", "2026-03-20 12:11:00", STATION_SPECIALISED),
        ]
    )
    report = access_report(_with(example, "calls", calls), ON, "astana")
    row = report.filter(pl.col("criterion") == "arrival_category_1").row(0, named=True)
    assert (row["value"], row["met"], row["cases"]) == (66.67, False, 3)


def test_79_1_value_shown_with_up_to_nine_decimals(example: dict[str, pl.DataFrame]) -> None:
    """program-2026-2028 79.1 "10 000 тұрғынға шаққанда 1 бригада": 30 000 teams for 300 000 001 residents
    are 0.99999999666… per 10 000, not met; eight decimals would show 1.0, so nine are shown."""
    t = _with(
        _with(example, "population", _population(population=300_000_001)), "teams", _teams(29_999, 1, 0)
    )
    row = access_report(t, ON, "astana").filter(pl.col("criterion") == "ambulance_teams").row(0, named=True)
    assert (row["value"], row["met"]) == (0.999999997, False)


@pytest.mark.parametrize(
    ("value", "decimals"),
    [(20.0, 0), (0.5, 2), (33.33, 2), (0.99998, 5), (0.999999997, 9), (0.123456789123, 9), (1e-10, 9)],
)
def test_value_decimals_whole_two_or_up_to_nine(value: float, decimals: int) -> None:
    """A shown value is printed whole, with two decimals, or with as many as it needs up to nine."""
    from kepil.law.program_2026_2028.access_criteria import value_decimals

    assert value_decimals(value) == decimals


def test_81_the_deadline_cannot_be_moved_after_it_is_computed() -> None:
    """program-2026-2028 81: "1 сәуіріне дейінгі мерзімде" — the computed deadline is a fact, not a
    setting a caller may shift later."""
    import dataclasses

    from kepil.law.program_2026_2028.access_criteria import annual_report_deadline

    due = annual_report_deadline(2027)
    with pytest.raises(dataclasses.FrozenInstanceError):
        due.submit_by = dt.date(2028, 4, 3)  # type: ignore[misc]
    assert due.submit_by == dt.date(2028, 3, 31)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["annual-report", "--year", "2025", "--lang", "ru"], "ещё не введён в действие"),
        (["report", "--region", "nowhere", "--lang", "kk"], "'nowhere' деген өңір жоқ"),
        (["annual-report", "--year", "99999999999999999999999", "--lang", "kk"], "күнтізбелік жыл емес"),
        (["annual-report", "--year", "0", "--lang", "ru"], "0 — не календарный год; ожидается год 1–9998"),
    ],
)
def test_cli_refusals_speak_the_chosen_language_and_a_year_past_the_calendar_is_one(
    args: list[str], words: str
) -> None:
    """Found by the sweep: the access commands' --lang never reached the error handler (an option named
    `lang_option`), so refusals were English on a kk/ru path; a year past datetime's was a traceback."""
    app = typer.Typer()
    register(app)
    result = CliRunner().invoke(app, ["access", *args, "--data", str(EXAMPLE)])
    assert result.exit_code == 2 and words in result.output, result.output
