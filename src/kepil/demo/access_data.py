"""The demonstration's access-criteria tables (program-2026-2028 79, 4) for all 20 regions: the six files
`kepil access report --data` reads (kepil.reports.access TABLES), ILLUSTRATIVE numbers — populations of the
order of each region's, teams, GP positions, beds, vaccination and observation, ambulance calls, diagnoses
and green-corridor referrals of March 2026 — varied so that some regions meet a criterion and some do not.
Built set-wise (NumPy over every region at once), seeded, so a build is reproducible."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import polars as pl

from kepil.reference.calendar import is_working_day
from kepil.reference.regions import regions

# Residents, thousands (rounded, of the order of the regions' 2025 populations; illustrative).
POPULATION_THOUSANDS: dict[str, int] = {
    "abai": 600, "akmola": 780, "aktobe": 930, "almaty_region": 1500, "atyrau": 700,
    "west_kazakhstan": 690, "jambyl": 1220, "jetisu": 700, "karaganda": 1130, "kostanay": 830,
    "kyzylorda": 830, "mangystau": 770, "pavlodar": 750, "north_kazakhstan": 530, "turkistan": 2150,
    "ulytau": 220, "east_kazakhstan": 730, "almaty": 2300, "astana": 1500, "shymkent": 1250,
}  # fmt: skip
CALLS, DIAGNOSES, REFERRALS = 40, 20, 10  # per region
MONTH = dt.date(2026, 3, 2)  # the first Monday of March 2026: every case of the tables is of that month


def _ids(prefix: str, codes: np.ndarray, n: int) -> np.ndarray:
    return np.char.add(np.char.add(f"{prefix}-", codes), np.char.add("-", np.arange(n).astype(str)))


def write_access_data(directory: Path, seed: int = 7) -> Path:
    """The six CSV files in `directory` (created); returns it."""
    rng = np.random.default_rng(seed)
    codes = np.array([r.code for r in regions()])
    k = len(codes)
    pop = np.array([POPULATION_THOUSANDS[c] for c in codes]) * 1000
    good = rng.uniform(0.8, 1.2, k)  # how well a region is provided: some above every norm, some below
    directory.mkdir(parents=True, exist_ok=True)

    # teams (79.1-79.3): station teams about 1 per 10 000, PHC teams for category 4 about 1 per 25 000
    station = np.maximum(1, np.round(pop / 10_000 * good)).astype(np.int64)
    phc = np.maximum(1, np.round(pop / 25_000 * good)).astype(np.int64)
    doctor_share = rng.uniform(0.2, 0.32, k)
    region_of = np.repeat(codes, station + phc)
    index = np.concatenate([np.arange(s + p) for s, p in zip(station, phc, strict=True)])
    limit_station = np.repeat(station, station + phc)
    limit_doctor = np.repeat(np.round(station * doctor_share), station + phc)
    kind = np.where(
        index >= limit_station,
        "phc_paramedic",
        np.where(index < limit_doctor, "ambulance_station_specialised", "ambulance_station_paramedic"),
    )
    team_id = np.char.add(np.char.add(region_of, "-T"), index.astype(str))
    pl.DataFrame({"region": region_of, "team_id": team_id, "kind": kind}).write_csv(directory / "teams.csv")

    # GP positions (79.4): three organisations a region, 1 600-2 300 attached people a position
    orgs = np.repeat(codes, 3)
    attached = np.repeat(pop * 0.3 / 3, 3).astype(np.int64)
    per_gp = rng.uniform(1600, 2300, 3 * k)
    pl.DataFrame({
        "region": orgs,
        "organisation": np.char.add(np.char.add(orgs, " PHC "), np.tile(np.arange(1, 4), k).astype(str)),
        "rural": np.tile(np.array(["false", "false", "true"]), k),
        "gp_positions": np.maximum(1, np.round(attached / per_gp)).astype(np.int64),
        "attached_population": attached,
    }).write_csv(directory / "gp.csv")  # fmt: skip

    # population, palliative beds (79.7), vaccination (79.5), dynamic observation (79.8)
    vaccination = (pop * 0.02).astype(np.int64)
    observation = (pop * 0.01).astype(np.int64)
    pl.DataFrame({
        "region": codes,
        "population": pop,
        "palliative_beds": np.round(pop / 100_000 * 10 * good).astype(np.int64),
        "vaccination_eligible": vaccination,
        "vaccinated": (vaccination * np.clip(rng.uniform(0.9, 1.0, k) * good, 0, 1)).astype(np.int64),
        "observation_eligible": observation,
        "under_observation": (observation * np.clip(rng.uniform(0.95, 1.0, k) * good, 0, 1)).astype(np.int64),
    }).write_csv(directory / "population.csv")  # fmt: skip

    # ambulance calls (4): arrival within the category's limit mostly; category 4 on working-day hours by
    # the PHC paramedic team, otherwise by the station's
    n = CALLS * k
    call_region = np.repeat(codes, CALLS)
    category = rng.integers(1, 5, n)
    offset = rng.integers(0, 26, n)
    working = np.array([is_working_day(MONTH + dt.timedelta(days=i)) for i in range(26)])  # 26 days, not rows
    hour = rng.integers(0, 24, n)
    received = (np.datetime64(MONTH) + offset.astype("timedelta64[D]")).astype("datetime64[s]") + (
        hour * 3600
    ).astype("timedelta64[s]")
    received = received.astype("datetime64[ms]")
    late = rng.random(n) < np.repeat(np.clip(1.15 - good, 0.02, 0.4), CALLS)
    limit = np.array([0, 10, 15, 30, 60])[category]
    minutes = np.where(late, limit + rng.integers(1, 15, n), rng.integers(3, 10, n) + limit // 3)
    phc_hours = working[offset] & (hour >= 8) & (hour < 20)
    team = np.where(
        category == 4,
        np.where(phc_hours, "phc_paramedic", "ambulance_station_paramedic"),
        np.where(category == 1, "ambulance_station_specialised", "ambulance_station_paramedic"),
    )
    pl.DataFrame({
        "region": call_region, "call_id": _ids("C", call_region, n), "category": category,
        "received_at": received, "arrived_at": received + (minutes * 60_000).astype("timedelta64[ms]"),
        "team_kind": team,
    }).with_columns(pl.col("received_at", "arrived_at").dt.strftime("%Y-%m-%d %H:%M:%S")).write_csv(
        directory / "calls.csv"
    )  # fmt: skip

    # specialised treatment within 30 days of the diagnosis (79.6)
    n = DIAGNOSES * k
    d_region = np.repeat(codes, DIAGNOSES)
    diagnosed = np.datetime64(MONTH) + rng.integers(0, 20, n).astype("timedelta64[D]")
    slow = rng.random(n) < np.repeat(np.clip(1.1 - good, 0.0, 0.3), DIAGNOSES)
    started = diagnosed + np.where(slow, rng.integers(31, 45, n), rng.integers(3, 29, n)).astype(
        "timedelta64[D]"
    )
    pl.DataFrame({"region": d_region, "patient_id": _ids("D", d_region, n), "diagnosed_on": diagnosed,
                  "treatment_started_on": started}).write_csv(directory / "diagnoses.csv")  # fmt: skip

    # the oncology green corridor within 18 working days (79.9)
    n = REFERRALS * k
    g_region = np.repeat(codes, REFERRALS)
    referred = np.datetime64(MONTH) + rng.integers(0, 10, n).astype("timedelta64[D]")
    completed = referred + rng.integers(10, 30, n).astype("timedelta64[D]")
    pl.DataFrame({"region": g_region, "patient_id": _ids("G", g_region, n), "referred_on": referred,
                  "completed_on": completed}).write_csv(directory / "green_corridor.csv")  # fmt: skip
    return directory
