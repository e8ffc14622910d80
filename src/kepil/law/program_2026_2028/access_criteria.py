"""Access criteria of medical care (program-2026-2028 clause 79) and the ambulance rules of clause 4:
each criterion per region as value, threshold, met or not, and clause, computed set-based with Polars
from the operational tables described in `TABLES` (docs/access-criteria.md).

Thresholds are read from kepil.law.parameters (group `access_criteria` and `ambulance`) for the report
day; nothing here retypes a value of the act.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import polars as pl

from kepil.i18n import Text
from kepil.law.parameters import value as param
from kepil.reference import calendar

ACT = "program-2026-2028"
# Team kinds: the codes of parameter `ambulance_category_teams` (program 4).
STATION_PARAMEDIC = "ambulance_station_paramedic"
STATION_SPECIALISED = "ambulance_station_specialised"  # the "дәрігерлік" (doctor) teams of 79.3
PHC_PARAMEDIC = "phc_paramedic"
TEAM_KINDS: tuple[str, ...] = (STATION_PARAMEDIC, STATION_SPECIALISED, PHC_PARAMEDIC)


@dataclass(frozen=True, slots=True)
class Col:
    name: str
    kind: str  # region | text | count | number | category | team_kind | bool | date | datetime
    required: bool = True


# The operational tables read from a directory (<name>.csv or <name>.parquet); docs/access-criteria.md.
TABLES: dict[str, tuple[Col, ...]] = {
    "population": (
        Col("region", "region"),
        Col("population", "count"),
        Col("palliative_beds", "count"),
        Col("vaccination_eligible", "count"),
        Col("vaccinated", "count"),
        Col("observation_eligible", "count"),
        Col("under_observation", "count"),
    ),
    "teams": (Col("region", "region"), Col("team_id", "text"), Col("kind", "team_kind")),
    "gp": (
        Col("region", "region"),
        Col("organisation", "text"),
        Col("rural", "bool"),
        Col("gp_positions", "number"),
        Col("attached_population", "count"),
    ),
    "calls": (
        Col("region", "region"),
        Col("call_id", "text"),
        Col("category", "category"),
        Col("received_at", "datetime"),
        Col("arrived_at", "datetime"),
        Col("team_kind", "team_kind"),
    ),
    "diagnoses": (
        Col("region", "region"),
        Col("patient_id", "text"),
        Col("diagnosed_on", "date"),
        Col("treatment_started_on", "date", required=False),
    ),
    "green_corridor": (
        Col("region", "region"),
        Col("patient_id", "text"),
        Col("referred_on", "date"),
        Col("completed_on", "date", required=False),
    ),
    # 80: the target indicators of the agreement on the Program's implementation (its model form is
    # approved by the authorised body and is not in the seeds): optional, one row per region × criterion.
    "agreement_targets": (
        Col("region", "region"),
        Col("criterion", "criterion"),
        Col("target", "number"),
    ),
}
OPTIONAL_TABLES: frozenset[str] = frozenset({"agreement_targets"})

# Names of the report's rows, in the report's order: (code, clause, name).
CRITERIA: tuple[tuple[str, str, Text], ...] = (
    ("ambulance_teams", "79.1", Text("Жедел жәрдем бригадалары", "Бригады скорой помощи", "Ambulance teams")),
    (
        "category4_teams",
        "79.2",
        Text("4-санатқа МСАК бригадалары", "Бригады ПМСП для 4-й категории", "PHC teams for category 4"),
    ),
    (
        "doctor_teams_share",
        "79.3",
        Text("Дәрігерлік бригадалар үлесі", "Доля врачебных бригад", "Doctor teams"),
    ),
    ("gp_panel_size", "79.4", Text("ЖПД-ға тіркелген халық", "Население на должность ВОП", "People per GP")),
    ("vaccination", "79.5", Text("Вакцинациямен қамту", "Охват вакцинацией", "Vaccination coverage")),
    (
        "treatment_start",
        "79.6",
        Text("Емдеу 30 күн ішінде басталды", "Лечение начато за 30 дней", "Treatment started in 30 days"),
    ),
    ("palliative_beds", "79.7", Text("Паллиативтік төсектер", "Паллиативные койки", "Palliative beds")),
    (
        "dynamic_observation",
        "79.8",
        Text("Динамикалық байқаумен қамту", "Охват динамическим наблюдением", "Dynamic observation"),
    ),
    ("green_corridor", "79.9", Text("«Жасыл» дәліз", "«Зелёный» коридор", "Green corridor")),
    ("arrival_category_1", "4", Text("1-санат: жету", "Категория 1: доезд", "Category 1: arrival")),
    ("arrival_category_2", "4", Text("2-санат: жету", "Категория 2: доезд", "Category 2: arrival")),
    ("arrival_category_3", "4", Text("3-санат: жету", "Категория 3: доезд", "Category 3: arrival")),
    (
        "category123_teams",
        "4",
        Text("1–3-санат бригадасы", "Бригада для категорий 1–3", "Categories 1–3: team"),
    ),
    (
        "category4_routing",
        "4",
        Text("4-санат бригадасы", "Бригада для 4-й категории", "Category 4: team"),
    ),
)
CLAUSE_OF = {code: clause for code, clause, _ in CRITERIA}  # each criterion's clause, cited on its rows
ORDER = {code: i for i, (code, _, _) in enumerate(CRITERIA)}  # the order of the report and its words
REPORT_SCHEMA: dict[str, Any] = {
    "region": pl.Utf8,
    "criterion": pl.Utf8,
    "clause": pl.Utf8,
    "value": pl.Float64,
    "met": pl.Boolean,
    "cases": pl.Int64,
}


@dataclass(frozen=True, slots=True)
class Words:
    """A criterion's unit (of its `value`) and threshold, in kk/ru/en, for the report day."""

    unit: Text
    threshold: Text


def _n(value: int) -> str:
    """A whole number with its thousands grouped by a space (10 000), as all three languages write it."""
    return f"{value:,}".replace(",", " ")


def criterion_words(on: dt.date) -> dict[str, Words]:
    """Each criterion's unit and threshold (kk/ru/en), keyed by the code of CRITERIA, with the figures of
    kepil.law.parameters in force on `on` (the same parameters `access_report` compares with)."""
    teams = {k: param(f"access_{k}_teams_per_population", on) for k in ("ambulance", "category4")}
    beds = param("access_palliative_beds_per_population", on)
    gp = param("access_gp_panel_size", on)
    days = int(param("access_specialised_treatment_start_max_days", on))
    working = int(param("access_oncology_green_corridor_max_working_days", on))
    minutes = {int(k): int(v) for k, v in param("ambulance_arrival_limit_minutes", on).items()}

    def at_least(n: int, unit: str = "") -> Text:
        return Text(*(f"≥ {_n(n)}{unit}",) * 3)

    def per(what: Text, residents: int) -> Text:
        return what.format(n=_n(residents))

    patients = Text("пациенттердің %", "% пациентов", "% of patients")
    calls = Text("шақырулардың %", "% вызовов", "% of calls")
    eligible = Text("қамтылуға тиістілердің %", "% подлежащих охвату", "% of those eligible")
    out: dict[str, Words] = {
        # 79.1, 79.2: teams per so many residents, at least `teams`
        "ambulance_teams": Words(
            per(Text("{n} тұрғынға бригада", "бригад на {n} жителей", "teams per {n} residents"),
                int(teams["ambulance"]["residents"])),
            at_least(int(teams["ambulance"]["teams"])),
        ),
        "category4_teams": Words(
            per(Text("{n} тұрғынға бригада", "бригад на {n} жителей", "teams per {n} residents"),
                int(teams["category4"]["residents"])),
            at_least(int(teams["category4"]["teams"])),
        ),
        # 79.3: doctor teams among the ambulance-station teams
        "doctor_teams_share": Words(
            Text("жедел жәрдем станциясы бригадаларының %", "% бригад станций скорой помощи",
                 "% of ambulance-station teams"),
            at_least(int(param("access_doctor_teams_share_min", on)), " %"),
        ),
        # 79.4: "1700 - 2000 адамынан аспайды", read as at most the upper bound
        "gp_panel_size": Words(
            Text("ЖПД лауазымына бекітілген адам", "прикреплённых на должность ВОП",
                 "attached people per GP position"),
            Text(f"≤ {_n(int(gp['max']))} (актіде: {_n(int(gp['min']))}–{_n(int(gp['max']))})",
                 f"≤ {_n(int(gp['max']))} (в акте: {_n(int(gp['min']))}–{_n(int(gp['max']))})",
                 f"≤ {_n(int(gp['max']))} (the act: {_n(int(gp['min']))}–{_n(int(gp['max']))})"),
        ),
        "vaccination": Words(eligible, at_least(int(param("access_vaccination_coverage_min", on)), " %")),
        "treatment_start": Words(
            patients,
            Text(f"100 %: {days} күнтізбелік күн ішінде", f"100 %: в течение {days} календарных дней",
                 f"100 % within {days} calendar days"),
        ),
        "palliative_beds": Words(
            per(Text("{n} тұрғынға төсек", "коек на {n} жителей", "beds per {n} residents"),
                int(beds["residents"])),
            at_least(int(beds["beds"])),
        ),
        "dynamic_observation": Words(
            eligible, at_least(int(param("access_dynamic_observation_coverage", on)), " %")
        ),
        "green_corridor": Words(
            patients,
            Text(f"100 %: {working} жұмыс күні ішінде", f"100 %: в течение {working} рабочих дней",
                 f"100 % within {working} working days"),
        ),
        # 4: calls of categories 1-3 are served by the station's paramedic and specialised (doctor) teams
        "category123_teams": Words(
            calls,
            Text("100 %: ЖМЖС фельдшерлік және мамандандырылған (дәрігерлік) бригадалары",
                 "100 %: фельдшерскими и специализированными (врачебными) бригадами ССМП",
                 "100 % by ambulance-station paramedic and specialised (doctor) teams"),
        ),
        "category4_routing": Words(
            calls,
            Text("100 %: 4-тармақ белгілеген бригада", "100 %: бригадой, определённой пунктом 4",
                 "100 % by the team clause 4 assigns"),
        ),
    }  # fmt: skip
    for cat, limit in minutes.items():
        # 4: arrival "must not exceed" the limit (to the second)
        out[f"arrival_category_{cat}"] = Words(
            calls,
            Text(f"100 %: {limit} минуттан аспай", f"100 %: не более {limit} минут",
                 f"100 % within {limit} minutes"),
        )  # fmt: skip
    return dict(sorted(out.items(), key=lambda kv: ORDER.get(kv[0], len(ORDER))))


def _row(regions: pl.DataFrame, code: str, df: pl.DataFrame) -> pl.DataFrame:
    """One report row per region: `df` has region, value, met, cases; a region absent from it has no data.
    The row cites the criterion's clause (CRITERIA)."""
    return (
        regions.join(df, on="region", how="left")
        .with_columns(criterion=pl.lit(code), clause=pl.lit(f"{ACT} {CLAUSE_OF[code]}"))
        .select(pl.col(name).cast(dtype) for name, dtype in REPORT_SCHEMA.items())
    )


def _per(num: pl.Expr, den: pl.Expr, scale: int) -> pl.Expr:
    """num × scale / den, unrounded: `access_report` rounds it for display (`shown_value`)."""
    return pl.when(den > 0).then(num.cast(pl.Float64) * scale / den).otherwise(None)


def working_day_index(days: pl.Series) -> pl.DataFrame:
    """(day, working, wd) for every day from the first to the last of `days`: whether it is a working
    day and a running count of working days, so that the working days after d1 up to and including d2
    are wd(d2) - wd(d1) (the convention of kepil.reference.calendar.working_days_between). The calendar
    is asked once per calendar day of the span, never per row."""
    days = days.drop_nulls()
    if days.is_empty():
        return pl.DataFrame(schema={"day": pl.Date, "working": pl.Boolean, "wd": pl.Int64})
    span, working, counts = calendar.working_day_index(days.min(), days.max())  # type: ignore[arg-type]
    return pl.DataFrame(
        {"day": span, "working": working, "wd": counts},
        schema={"day": pl.Date, "working": pl.Boolean, "wd": pl.Int64},
    )


def _teams(regions: pl.DataFrame, pop: pl.DataFrame, teams: pl.DataFrame, on: dt.date) -> list[pl.DataFrame]:
    counts = (
        teams.group_by("region")
        .agg(
            station=pl.col("kind").is_in([STATION_PARAMEDIC, STATION_SPECIALISED]).sum(),
            doctor=(pl.col("kind") == STATION_SPECIALISED).sum(),
            phc=(pl.col("kind") == PHC_PARAMEDIC).sum(),
        )
        .join(pop.select("region", "population"), on="region", how="right")
        .with_columns(pl.col("station", "doctor", "phc").fill_null(0))
    )
    out = []
    # 79.1, 79.2: at least `teams` per `residents` (integer comparison: teams·residents ≥ population·1).
    for code, col, name in (
        ("ambulance_teams", "station", "access_ambulance_teams_per_population"),  # 79.1
        ("category4_teams", "phc", "access_category4_teams_per_population"),  # 79.2
    ):
        norm = param(name, on)
        per, need = int(norm["residents"]), int(norm["teams"])
        df = counts.select(
            "region",
            value=_per(pl.col(col), pl.col("population"), per),
            met=pl.when(pl.col("population") > 0).then(pl.col(col) * per >= pl.col("population") * need),
            cases=pl.col(col),
        )
        out.append(_row(regions, code, df))
    share = int(param("access_doctor_teams_share_min", on))
    # Reading (79.3): "бригадалардың жалпы саны" is the ambulance-station teams that 79.1 counts; the
    # category-4 teams at PHC organisations (79.2) are a provision of their own.
    df = counts.select(
        "region",
        value=_per(pl.col("doctor"), pl.col("station"), 100),
        met=pl.when(pl.col("station") > 0).then(pl.col("doctor") * 100 >= pl.col("station") * share),
        cases=pl.col("station"),
    )
    out.append(_row(regions, "doctor_teams_share", df))
    return out


def _gp(regions: pl.DataFrame, gp: pl.DataFrame, on: dt.date) -> pl.DataFrame:
    norm = param("access_gp_panel_size", on)
    high = int(norm["max"])
    # Reading (79.4): rural medical organisations are excluded; "1700 - 2000 адамынан аспайды" (does not
    # exceed 1,700–2,000) is met when the attached people per position do not exceed the upper 2,000.
    df = (
        gp.filter(~pl.col("rural"))
        .group_by("region")
        .agg(pos=pl.col("gp_positions").sum(), people=pl.col("attached_population").sum(), cases=pl.len())
        .select(
            "region",
            value=pl.when(pl.col("pos") > 0).then(pl.col("people") / pl.col("pos")),
            met=pl.when(pl.col("pos") > 0).then(pl.col("people") <= pl.col("pos") * high),
            cases=pl.col("cases").cast(pl.Int64),
        )
    )
    return _row(regions, "gp_panel_size", df)


def _population(regions: pl.DataFrame, pop: pl.DataFrame, on: dt.date) -> list[pl.DataFrame]:
    out = []
    for code, num, den, name in (
        ("vaccination", "vaccinated", "vaccination_eligible", "access_vaccination_coverage_min"),  # 79.5
        (
            "dynamic_observation",  # 79.8
            "under_observation",
            "observation_eligible",
            "access_dynamic_observation_coverage",
        ),
    ):
        need = int(param(name, on))
        df = pop.select(
            "region",
            value=_per(pl.col(num), pl.col(den), 100),
            met=pl.when(pl.col(den) > 0).then(pl.col(num) * 100 >= pl.col(den) * need),
            cases=pl.col(den),
        )
        out.append(_row(regions, code, df))
    norm = param("access_palliative_beds_per_population", on)
    per, beds = int(norm["residents"]), int(norm["beds"])
    df = pop.select(
        "region",
        value=_per(pl.col("palliative_beds"), pl.col("population"), per),
        met=pl.when(pl.col("population") > 0).then(
            pl.col("palliative_beds") * per >= pl.col("population") * beds
        ),
        cases=pl.col("palliative_beds"),
    )
    out.append(_row(regions, "palliative_beds", df))
    return out


def _share_within(cases: pl.LazyFrame | pl.DataFrame) -> pl.DataFrame:
    """From region, decided (bool), within (bool): % within of the decided cases; met when all are."""
    return (
        cases.lazy()
        .filter(pl.col("decided"))
        .group_by("region")
        .agg(ok=pl.col("within").sum(), cases=pl.len().cast(pl.Int64))
        .select(
            "region",
            value=_per(pl.col("ok"), pl.col("cases"), 100),
            met=pl.col("ok") == pl.col("cases"),
            cases="cases",
        )
        .collect()
    )


def _deadlines(
    regions: pl.DataFrame, diag: pl.DataFrame, corridor: pl.DataFrame, on: dt.date
) -> list[pl.DataFrame]:
    # 79.6: calendar days from the diagnosis to the start of specialised treatment. Reading: a patient
    # whose treatment has not started is late once more than 30 days have passed by the report day, and
    # not yet decided before that (left out of the share).
    days = int(param("access_specialised_treatment_start_max_days", on))
    end = pl.coalesce(pl.col("treatment_started_on"), pl.lit(on))
    elapsed = (end - pl.col("diagnosed_on")).dt.total_days()
    treat = diag.select(
        "region",
        decided=pl.col("treatment_started_on").is_not_null() | (elapsed > days),
        within=elapsed <= days,
    )
    out = [_row(regions, "treatment_start", _share_within(treat))]
    # 79.9: working days (kepil.reference.calendar; the referral day not counted) from the referral to the
    # end of the green-corridor examination; an open case is late once 18 working days have passed.
    limit = int(param("access_oncology_green_corridor_max_working_days", on))
    c = corridor.with_columns(end=pl.coalesce(pl.col("completed_on"), pl.lit(on)))
    index = working_day_index(pl.concat([c["referred_on"], c["end"]]))
    c = (
        c.join(index.select(referred_on="day", wd_start="wd"), on="referred_on", how="left")
        .join(index.select(end="day", wd_end="wd"), on="end", how="left")
        .with_columns(elapsed=pl.col("wd_end") - pl.col("wd_start"))
        .select(
            "region",
            decided=pl.col("completed_on").is_not_null() | (pl.col("elapsed") > limit),
            within=pl.col("elapsed") <= limit,
        )
    )
    out.append(_row(regions, "green_corridor", _share_within(c)))
    return out


def category4_team(calls: pl.DataFrame, on: dt.date) -> pl.Series:
    """The team program 4 assigns to each call of category 4 by its `received_at`: PHC paramedic teams in
    PHC working time (a working day of kepil.reference.calendar, 08:00 <= time < 20:00), ambulance-station
    paramedic teams from 20:00 to 08:00 and on days off and holidays. Null for categories 1-3.

    Reading: the call's time of receipt decides; 08:00 itself is PHC time and 20:00 itself is not
    ("8.00-ден 20.00-ға дейін", "кешкі 20.00-ден таңғы 08.00-ге дейін")."""
    rule = param("ambulance_category_teams", on)[4]
    hours = rule["phc_hours"]
    start, stop = (dt.time.fromisoformat(hours[k]) for k in ("from", "to"))
    index = working_day_index(calls["received_at"].dt.date())
    t = pl.col("received_at").dt.time()
    return (
        calls.select("category", "received_at", day=pl.col("received_at").dt.date())
        .join(index, on="day", how="left", maintain_order="left")
        .select(
            team=pl.when(pl.col("category") != 4)
            .then(None)
            .when(pl.col("working") & (t >= start) & (t < stop))
            .then(pl.lit(hours["team"]))
            .otherwise(pl.lit(rule["otherwise"]["team"]))
        )
        .to_series()
    )


def _calls(regions: pl.DataFrame, calls: pl.DataFrame, on: dt.date) -> list[pl.DataFrame]:
    limits = {int(k): int(v) for k, v in param("ambulance_arrival_limit_minutes", on).items()}
    # Reading (4): "10 минуттан аспауға тиіс" — arrival at most the limit, to the second: 10:00 is met,
    # 10:01 is not. Categories 1-3 only; the act sets no limit for category 4.
    seconds = (pl.col("arrived_at") - pl.col("received_at")).dt.total_seconds()
    out = []
    for cat, minutes in sorted(limits.items()):
        df = _share_within(
            calls.filter(pl.col("category") == cat).select(
                "region", decided=pl.lit(True), within=seconds <= minutes * 60
            )
        )
        out.append(_row(regions, f"arrival_category_{cat}", df))
    # 4: "Бірінші, екінші, үшінші жеделдік санатындағы шақыртуларға ЖМЖС фельдшерлік және мамандандырылған
    # (дәрігерлік) бригадалары қызмет көрсетеді" — a category 1-3 call served by another team (a PHC team)
    # is not met. The teams are the parameter `ambulance_category_teams` of the report day.
    teams = param("ambulance_category_teams", on)
    allowed = pl.lit(None, pl.Boolean)
    for cat in (1, 2, 3):
        allowed = (
            pl.when(pl.col("category") == cat)
            .then(pl.col("team_kind").is_in(list(teams[cat])))
            .otherwise(allowed)
        )
    df = _share_within(
        calls.filter(pl.col("category").is_in([1, 2, 3])).select(
            "region", decided=pl.lit(True), within=allowed
        )
    )
    out.append(_row(regions, "category123_teams", df))
    routed = calls.with_columns(expected=category4_team(calls, on)).filter(pl.col("category") == 4)
    df = _share_within(
        routed.select("region", decided=pl.lit(True), within=pl.col("team_kind") == pl.col("expected"))
    )
    out.append(_row(regions, "category4_routing", df))
    return out


def access_report(
    tables: Mapping[str, pl.DataFrame], on: dt.date, region: str | None = None, rounded: bool = True
) -> pl.DataFrame:
    """Every criterion of program 79 and the ambulance rules of program 4 for each region of the
    `population` table (or only `region`): REPORT_SCHEMA, in the order of CRITERIA. `tables` holds the
    validated tables of TABLES (types as the CLI's reader gives). `met` is null when a region has no
    data for a criterion (no population, no cases yet)."""
    t = {name: tables[name] for name in TABLES if name not in OPTIONAL_TABLES}
    if region is not None:
        t = {name: df.filter(pl.col("region") == region) for name, df in t.items()}
    pop = t["population"]
    regions = pop.select("region").unique(maintain_order=True)
    parts = [
        *_teams(regions, pop, t["teams"], on),
        _gp(regions, t["gp"], on),
        *_population(regions, pop, on),
        *_deadlines(regions, t["diagnoses"], t["green_corridor"], on),
        *_calls(regions, t["calls"], on),
    ]
    return (
        pl.concat(parts)
        .with_columns(_o=pl.col("criterion").replace_strict(ORDER, return_dtype=pl.Int64))
        .sort("region", "_o", maintain_order=True)
        .drop("_o")
        .with_columns(value=shown_value(on) if rounded else pl.col("value"))
    )


# The figure each criterion's value is compared with, in the value's unit, and whether the value must be at
# least (True) or at most (False) it: what `shown_value` keeps on the right side when it rounds.
def _bounds(on: dt.date) -> dict[str, tuple[float, bool]]:
    teams = {k: param(f"access_{k}_teams_per_population", on) for k in ("ambulance", "category4")}
    beds = param("access_palliative_beds_per_population", on)
    out = {
        "ambulance_teams": (float(teams["ambulance"]["teams"]), True),
        "category4_teams": (float(teams["category4"]["teams"]), True),
        "doctor_teams_share": (float(param("access_doctor_teams_share_min", on)), True),
        "gp_panel_size": (float(param("access_gp_panel_size", on)["max"]), False),
        "vaccination": (float(param("access_vaccination_coverage_min", on)), True),
        "palliative_beds": (float(beds["beds"]), True),
        "dynamic_observation": (float(param("access_dynamic_observation_coverage", on)), True),
    }
    return {code: out.get(code, (100.0, True)) for code in CLAUSE_OF}  # the rest: 100 % of cases


DIGITS = range(2, 10)  # decimals tried: two, and more only when two would hide why


def shown_value(on: dt.date) -> pl.Expr:
    """The value rounded to 2 decimals — or to as many more (up to 9) as it takes for the shown figure to
    stand on the same side of the threshold as the verdict: 0.99996 teams per 10,000 against `≥ 1`, not
    met, is shown 0.99996, never 1.0 (the verdict itself is decided on integers, never on the shown
    value)."""
    bounds = _bounds(on)
    threshold = pl.col("criterion").replace_strict(
        {k: v[0] for k, v in bounds.items()}, return_dtype=pl.Float64
    )
    at_least = pl.col("criterion").replace_strict(
        {k: v[1] for k, v in bounds.items()}, return_dtype=pl.Boolean
    )
    v, met = pl.col("value"), pl.col("met")
    chosen: pl.Expr = v
    for d in reversed(DIGITS):
        r = v.round(d)
        agrees = pl.when(at_least).then((r >= threshold) == met).otherwise((r <= threshold) == met)
        chosen = pl.when(met.is_null() | agrees).then(r).otherwise(chosen)
    return chosen


def value_decimals(value: float) -> int:
    """How many decimals a shown value (`shown_value`) needs: 0 for a whole number, else 2 to 9."""
    if float(value).is_integer():
        return 0
    text = repr(float(value))
    if "e" in text:
        return DIGITS[-1]
    return max(2, min(len(text.split(".")[1]), DIGITS[-1]))


# --- 80-81: the annual report on the Program's implementation ----------------------------------------


@dataclass(frozen=True, slots=True)
class AnnualDeadline:
    """81: the annual report of `year` is submitted to the Government by 1 April of the next year."""

    year: int
    deadline: dt.date  # 1 April of year + 1 (parameter `program_annual_report_deadline`)
    working: bool  # whether the deadline is a working day (kepil.reference.calendar)
    submit_by: dt.date  # the last working day on or before the deadline


def annual_report_deadline(year: int) -> AnnualDeadline:
    """The deadline of 81 for the report of `year`, on the working-day calendar.

    Reading (81): "есепті кезеңнен кейінгі жылдың 1 сәуіріне дейінгі мерзімде" — by 1 April of the next
    year, the day itself included (as kepil reads "20 наурызына дейінгі мерзімде" of drug-rules 12). The act
    does not move the day off a weekend or holiday and nothing lets the report come later; a report is
    submitted on a working day, so when 1 April is a day off the last working day before it is the day to
    submit by (`submit_by`). The parameter is read on the last day of the reporting period (the duty arises
    from it; the report of 2028 falls due after the Program's last day)."""
    month, day = str(param("program_annual_report_deadline", dt.date(year, 12, 31))).split("-")
    deadline = dt.date(year + 1, int(month), int(day))
    submit_by = deadline
    while not calendar.is_working_day(submit_by):  # at most a few days back
        submit_by -= dt.timedelta(days=1)
    return AnnualDeadline(year, deadline, calendar.is_working_day(deadline), submit_by)


def annual_report(tables: Mapping[str, pl.DataFrame], year: int, region: str | None = None) -> pl.DataFrame:
    """80-81: the criteria of 79 and 4 for the reporting year `year` from the same tables as the report,
    judged on 31 December of that year: the calls received, the diagnoses made and the patients referred
    in the year (the stock tables — population, teams, GP positions — as they are), with `year`, and, when
    the optional `agreement_targets` table holds a target for the region and criterion (80), `target` and
    `target_met` (the value at least the target; for 79.4, at most)."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    t = dict(tables)
    t["calls"] = t["calls"].filter(pl.col("received_at").dt.date().is_between(first, last))
    t["diagnoses"] = t["diagnoses"].filter(pl.col("diagnosed_on").is_between(first, last))
    t["green_corridor"] = t["green_corridor"].filter(pl.col("referred_on").is_between(first, last))
    raw = access_report(t, last, region, rounded=False)
    shown = raw.with_columns(value=shown_value(last))
    targets = tables.get("agreement_targets")
    if targets is None:
        targets = pl.DataFrame(schema={"region": pl.Utf8, "criterion": pl.Utf8, "target": pl.Float64})
    at_least = pl.col("criterion") != "gp_panel_size"
    judged = raw.join(
        targets.select("region", "criterion", "target"),
        on=["region", "criterion"],
        how="left",
        maintain_order="left",
    )
    target_met = (
        pl.when(pl.col("target").is_null() | pl.col("value").is_null())
        .then(None)
        .when(at_least)
        .then(pl.col("value") >= pl.col("target"))
        .otherwise(pl.col("value") <= pl.col("target"))
    )
    return shown.with_columns(
        year=pl.lit(year, pl.Int64),
        target=judged["target"],
        target_met=judged.select(target_met).to_series(),
    ).select("year", *REPORT_SCHEMA, "target", "target_met")
