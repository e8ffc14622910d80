"""The Kazakhstan working-day calendar behind the acts' working-day deadlines (e.g. monitoring-rules:
5 working days to object), and `kepil calendar`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kepil.cli.main import app
from kepil.errors import InvalidInput
from kepil.reference.calendar import add_working_days, holiday_name, is_working_day, working_days_between

D = dt.date
runner = CliRunner()


def test_nauryz_2026_five_working_days_after_thursday_19_march() -> None:
    """Nauryz 21–23 March 2026 (Sat–Mon); Sat/Sun carried over to Tue 24 and Wed 25 March."""
    days_off = [D(2026, 3, d) for d in (21, 22, 23, 24, 25)]
    assert not any(is_working_day(d) for d in days_off)
    assert [is_working_day(D(2026, 3, d)) for d in (20, 26, 27, 30, 31)] == [True] * 5
    assert add_working_days(D(2026, 3, 19), 5) == D(2026, 3, 31)
    assert working_days_between(D(2026, 3, 19), D(2026, 3, 31)) == 5


def test_new_year_and_independence_day() -> None:
    assert not is_working_day(D(2026, 1, 1)) and not is_working_day(D(2026, 1, 2))
    assert is_working_day(D(2026, 1, 5))
    assert not is_working_day(D(2026, 1, 7))  # Orthodox Christmas
    assert not is_working_day(D(2026, 12, 16)) and is_working_day(D(2026, 12, 17))
    assert add_working_days(D(2025, 12, 31), 1) == D(2026, 1, 5)
    assert holiday_name(D(2026, 12, 16)) == "Independence Day"
    assert holiday_name(D(2026, 12, 16), "kk") == "Тәуелсіздік күні"
    assert holiday_name(D(2026, 12, 16), "ru") == "День Независимости"
    assert holiday_name(D(2026, 12, 17)) is None


def test_transfer_2025_day_off_and_working_sunday() -> None:
    """Government transfer of 2025: Fri 3 January a day off, Sun 5 January a working day."""
    assert not is_working_day(D(2025, 1, 3))
    assert is_working_day(D(2025, 1, 5))
    assert holiday_name(D(2025, 1, 3)) == "Day off (transferred from 2025-01-05)"
    assert add_working_days(D(2025, 1, 2), 1) == D(2025, 1, 5)


def test_counting_conventions() -> None:
    assert add_working_days(D(2026, 3, 21), 0) == D(2026, 3, 21)  # n = 0: the day itself
    assert working_days_between(D(2026, 3, 31), D(2026, 3, 19)) == -5
    assert working_days_between(D(2026, 3, 20), D(2026, 3, 20)) == 0
    with pytest.raises(InvalidInput):
        add_working_days(D(2026, 3, 19), -1)


@pytest.mark.parametrize("start", [D(2026, 1, 1) + dt.timedelta(days=k) for k in range(0, 365, 11)])
def test_add_and_between_are_inverse(start: dt.date) -> None:
    for n in (1, 5, 15):
        assert working_days_between(start, add_working_days(start, n)) == n


@pytest.fixture
def override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KEPIL_REFERENCE_DIR", str(tmp_path))
    return tmp_path


def test_user_adds_a_year_of_transfers(override: Path) -> None:
    (override / "kz_working_day_transfers.yaml").write_text(
        "transfers:\n"
        "  - {year: 2027, day_off: 2027-01-04, working_day: 2027-01-09,\n"
        "     source: test decree, certain: true}\n",
        encoding="utf-8",
    )
    assert not is_working_day(D(2027, 1, 4)) and is_working_day(D(2027, 1, 9))
    assert not is_working_day(D(2025, 1, 3))  # packaged years stay


def test_bad_transfer_file_names_the_entry(override: Path) -> None:
    (override / "kz_working_day_transfers.yaml").write_text(
        "transfers:\n  - {year: 2027, day_off: 2027-01-04, working_day: 2027-01-06}\n", encoding="utf-8"
    )
    with pytest.raises(InvalidInput) as e:
        is_working_day(D(2027, 1, 5))
    assert e.value.field == "kz_working_day_transfers.yaml:transfers[0].working_day"


def test_cli_add_working_days() -> None:
    r = runner.invoke(app, ["calendar", "add-working-days", "2026-03-19", "5", "--json"])
    assert r.exit_code == 0
    assert json.loads(r.stdout) == {"date": "2026-03-19", "n": 5, "result": "2026-03-31"}


def test_cli_working_days_between_and_is_working_day() -> None:
    r = runner.invoke(app, ["calendar", "working-days-between", "2026-03-19", "2026-03-31"])
    assert r.exit_code == 0 and r.stdout.strip() == "5"
    r = runner.invoke(app, ["calendar", "is-working-day", "2026-03-24", "--json"])
    assert r.exit_code == 0
    out = json.loads(r.stdout)
    assert (out["date"], out["working_day"], out["holiday"], out["assumed"]) == (
        "2026-03-24", False, "Nauryz (carried over)", False)  # fmt: skip
    assert "Labour Code art. 85" in out["source"]


@pytest.mark.parametrize("args", [
    ["add-working-days", "2026-02-30", "5"], ["add-working-days", "2026-03-19", "x"],
    ["add-working-days", "2026-03-19", "--", "-1"], ["working-days-between", "19.03.2026", "2026-03-31"],
    ["is-working-day", "tomorrow"], ["is-working-day", "2026-03-24", "--lang", "de"], ["add-working-days"],
])  # fmt: skip
def test_cli_bad_input_exits_2(args: list[str]) -> None:
    r = runner.invoke(app, ["calendar", *args])
    assert r.exit_code == 2
    assert "Traceback" not in r.output


def test_add_months_keeps_the_day_or_takes_the_months_last():
    """The "month" terms of phc-attachment-rules 10.1 and monitoring-rules 53/53-1: 31 January + 1 month is
    28 February (29 in a leap year); backwards too."""
    from kepil.reference.calendar import add_months

    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2028, 1, 31), 1) == dt.date(2028, 2, 29)
    assert add_months(dt.date(2026, 12, 15), 1) == dt.date(2027, 1, 15)
    assert add_months(dt.date(2026, 3, 31), -1) == dt.date(2026, 2, 28)


def test_a_period_is_a_calendar_month_with_its_last_day() -> None:
    """The one YYYY-MM reader of monitoring runs (`monitoring-rules` 13), payments and synthetic months."""
    from kepil.reference.calendar import month_bounds

    assert month_bounds("2028-02") == (dt.date(2028, 2, 1), dt.date(2028, 2, 29))  # a leap year
    assert month_bounds(" 2026-12 ") == (dt.date(2026, 12, 1), dt.date(2026, 12, 31))
    for bad in ("2026-13", "2026-3", "2026-03-01", "March", ""):
        with pytest.raises(InvalidInput) as e:
            month_bounds(bad, "--period")
        assert e.value.field == "--period"
        assert "YYYY-MM" in e.value.message and "ГГГГ-ММ" in e.value.text("ru")


def test_the_working_day_index_agrees_with_working_days_between_across_nauryz() -> None:
    """The table the set-based rules join on (monitoring-rules waiting times, program-2026-2028 79.9)."""
    from kepil.reference.calendar import working_day_index

    first, last = dt.date(2026, 3, 16), dt.date(2026, 3, 31)
    days, working, counts = working_day_index(first, last)
    at = dict(zip(days, counts, strict=True))
    assert days[0] == first and days[-1] == last and len(days) == 16
    assert not working[days.index(dt.date(2026, 3, 23))]  # Nauryz holiday
    for d1 in days:
        for d2 in days:
            if d1 <= d2:
                assert at[d2] - at[d1] == working_days_between(d1, d2)


# ------------------------------------------------------------------ 2026 as data, assumed days marked
def test_the_2026_days_off_are_data_and_agree_with_the_holidays_package_but_where_marked() -> None:
    """kz_days_off.yaml holds 2026: each day off with its kind and source; it agrees with the `holidays`
    package (KZ) on every day but none (its one estimated day, Kurban ait, is marked assumed here too)."""
    import holidays

    from kepil.reference.calendar import days_off, years_held

    held = years_held()[2026]
    kz = holidays.country_holidays("KZ", years=[2026])
    day = D(2026, 1, 1)
    while day.year == 2026:
        package_off = day in kz
        assert (day in held.days_off) == package_off, day
        day += dt.timedelta(days=1)
    kinds = {d.date: d.kind for d in held.days_off.values()}
    assert kinds[D(2026, 5, 27)] == "religious" and kinds[D(2026, 3, 25)] == "carry_over"
    listed = {s.date: s for s in days_off(2026)}
    assert listed[D(2026, 5, 27)].assumed and not listed[D(2026, 3, 23)].assumed
    assert listed[D(2026, 8, 31)].working and listed[D(2026, 8, 31)].assumed  # Constitution Day, not in 2026
    assert held.transfers_assumed


def test_objection_window_across_kurban_ait_2026() -> None:
    """monitoring-rules 26 on the 2026 calendar: found Fri 22 May; Wed 27 May (Kurban ait) is not counted,
    the 5th working day after is Mon 1 June."""
    from kepil.law.monitoring_rules.deadlines import objection_deadline

    assert not is_working_day(D(2026, 5, 27))
    assert objection_deadline(D(2026, 5, 22)) == D(2026, 6, 1)
    assert objection_deadline(D(2026, 8, 28)) == D(2026, 9, 4)  # 31 August works in 2026


def test_a_user_replaces_a_year_of_days_off(override: Path) -> None:
    """KEPIL_REFERENCE_DIR's kz_days_off.yaml replaces the years it names (e.g. Kurban ait moved a day)."""
    (override / "kz_days_off.yaml").write_text(
        "years:\n  - year: 2026\n    source: test\n    days_off:\n"
        "      - {date: 2026-05-28, kind: religious,\n"
        "         name: {kk: Құрбан айт, ru: Курбан айт, en: Kurban ait}}\n",
        encoding="utf-8",
    )
    assert is_working_day(D(2026, 5, 27)) and not is_working_day(D(2026, 5, 28))
    assert holiday_name(D(2026, 5, 28), "ru") == "Курбан айт"


def test_a_bad_days_off_file_names_the_entry(override: Path) -> None:
    (override / "kz_days_off.yaml").write_text(
        "years:\n  - year: 2026\n    source: test\n    days_off:\n      - {date: 2026-05-28, kind: feast}\n",
        encoding="utf-8",
    )
    with pytest.raises(InvalidInput) as e:
        is_working_day(D(2026, 6, 1))
    assert e.value.field == "kz_days_off.yaml:years[0].days_off[0].kind"  # the key at fault


def test_cli_days_off_marks_the_assumed_days() -> None:
    r = runner.invoke(app, ["calendar", "days-off", "2026", "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assumed = {d["date"] for d in out["days"] if d["assumed"]}
    assert assumed == {"2026-05-27", "2026-08-31"} and out["transfers_assumed"] is True
    text = runner.invoke(app, ["calendar", "days-off", "2026", "--lang", "en"]).stdout
    assert "2026-05-27 (Wed): day off — The first day of Kurban ait [assumed: not checked" in text
    assert "no Government transfer of days off is known" in text
    later = json.loads(runner.invoke(app, ["calendar", "is-working-day", "2027-05-16", "--json"]).stdout)
    assert later["assumed"] is True  # the package's estimated Eid al-Adha
    assert runner.invoke(app, ["calendar", "days-off", "1200"]).exit_code == 2


# ------------------------------------------------------------------ transfers a user adds (mutation-tested)
def _transfers_file(override: Path, rows: str) -> None:
    (override / "kz_working_day_transfers.yaml").write_text(f"transfers:\n{rows}", encoding="utf-8")


def test_one_sided_transfers_move_the_monitoring_rules_26_window(override: Path) -> None:
    """Labour Code art. 85(3) (kz_working_day_transfers.yaml): a Government decree may add a day off alone.
    `monitoring-rules` 26 (5 working days after detection) follows it: found Mon 4 Jan 2027, the window is
    5, 6, 8, 11, 12 Jan (7 Jan Orthodox Christmas); with Tue 5 Jan made a day off it ends Wed 13 Jan."""
    from kepil.law.monitoring_rules.deadlines import objection_deadline

    _transfers_file(override, "  - {year: 2027, day_off: 2027-01-05, source: test decree, certain: true}\n")
    assert not is_working_day(D(2027, 1, 5))
    assert objection_deadline(D(2027, 1, 4)) == D(2027, 1, 13)


def test_the_26_window_of_4_january_2027_without_a_transfer() -> None:
    """`monitoring-rules` 26 on the 2027 calendar: 1, 2 (Sat), 4 (2 January carried over) and 7 January
    (Orthodox Christmas) are days off; found Mon 4 Jan, the 5th working day after is Tue 12 Jan."""
    from kepil.law.monitoring_rules.deadlines import objection_deadline

    assert objection_deadline(D(2027, 1, 4)) == D(2027, 1, 12)


def test_a_saturday_made_working_alone_counts(override: Path) -> None:
    """Labour Code art. 85(3): a weekend day made working by a transfer counts among the 5 working days of
    `monitoring-rules` 26 — found Fri 8 Jan 2027, the Saturday 9 January made working is the first day."""
    _transfers_file(override, "  - {year: 2027, working_day: 2027-01-09, source: test decree}\n")
    assert is_working_day(D(2027, 1, 9))
    assert add_working_days(D(2027, 1, 8), 5) == D(2027, 1, 14)  # 9, 11, 12, 13, 14


def test_a_transfer_not_marked_certain_is_shown_assumed(override: Path) -> None:
    """A transfer entry without `certain: true` was not checked against its decree: `kepil calendar` shows it
    assumed (the file's own rule), and one marked certain is not."""
    from kepil.reference.calendar import day_status

    _transfers_file(
        override,
        "  - {year: 2027, day_off: 2027-01-05, working_day: 2027-01-09, source: test decree}\n"
        "  - {year: 2027, day_off: 2027-01-06, working_day: 2027-01-10, source: decree, certain: true}\n",
    )
    assert day_status(D(2027, 1, 5)).assumed and day_status(D(2027, 1, 9)).assumed
    assert not day_status(D(2027, 1, 6)).assumed and not day_status(D(2027, 1, 10)).assumed


@pytest.mark.parametrize(
    ("row", "field"),
    [
        ("  - {day_off: 2027-01-05, source: no year}\n", "kz_working_day_transfers.yaml:transfers[0]"),
        ("  - {year: 2027, source: neither day}\n", "kz_working_day_transfers.yaml:transfers[0]"),
        # Friday 8 January 2027 is a working day already: a transfer makes a Saturday or Sunday working
        (
            "  - {year: 2027, day_off: 2027-01-05, working_day: 2027-01-08}\n",
            "kz_working_day_transfers.yaml:transfers[0].working_day",
        ),
    ],
)
def test_a_bad_transfer_is_refused_naming_its_entry(override: Path, row: str, field: str) -> None:
    _transfers_file(override, row)
    with pytest.raises(InvalidInput) as e:
        is_working_day(D(2027, 2, 1))
    assert e.value.field == field


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["is-working-day", "2150-01-01"], "2150-01-01: kepil knows the days off of 1991–2100 only"),
        (["is-working-day", "1990-01-01", "--lang", "ru"], "kepil знает выходные дни только 1991–2100"),
        (["working-days-between", "0001-01-01", "2026-03-31"], "0001-01-01: kepil knows the days off"),
        (["days-off", "1990", "--lang", "kk"], "kepil тек 1991–2100 жылдардың демалыс күндерін біледі"),
        (["add-working-days", "2026-03-19", "99999999999999999999999"], "2101-01-01: kepil knows"),
        (["add-working-days", "2100-12-30", "2"], "2101-01-01: kepil knows"),
    ],
)
def test_a_day_whose_days_off_kepil_does_not_know_is_refused(args: list[str], words: str) -> None:
    """Found by the sweep: outside the `holidays` package's KZ years every weekday read as a working day
    (1 January 2150: "working day"), and a huge N ran past the last date (OverflowError, a traceback)."""
    r = runner.invoke(app, ["calendar", *args])
    assert r.exit_code == 2 and words in r.stderr, r.output
    last = runner.invoke(app, ["calendar", "add-working-days", "2100-12-29", "1"])
    assert last.stdout.strip() == "2100-12-30"
