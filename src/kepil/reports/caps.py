"""The utilisation of the inpatient caps (`program-2026-2028` app1, bound by 73) as a stored report.

The figures are `kepil.law.program_2026_2028.volume_caps.utilisation`'s (one grouped count on DuckDB over
the claims, however many: no Python loop per claim); this module stores them (kind `caps_utilisation`,
scope the year, or `2026-2028` when the claims span several years) with the totals the page shows, and
the months each year's inpatient cases cover (`meta["months"]`), from which the page projects a year.

Reading (the annualised measure; kepil's projection, not a figure of the act): app1 plans cases for a
whole year, while the claims of a report may cover only some of its months. "Annualised" = cases to date
× 12 / months covered, where the months covered are the calendar months of the year in which the claims
have at least one inpatient case ending (the month of discharge, as the year is: docs/volume-caps.md).
Flags on the projection compare exactly in integers: over when actual × 12 > planned × months, warning
when actual × 12 × 100 ≥ planned × months × 90 (`judge_annualised`). It assumes the months not yet in
the claims run at the average of those that are; it is shown labelled as a projection by kepil.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa
from sqlalchemy import Engine

from kepil.law.program_2026_2028.inpatient_caps import VALID_FROM, VALID_TO
from kepil.law.program_2026_2028.payment.inputs import Col, read_input
from kepil.law.program_2026_2028.payment.run import batch_session
from kepil.law.program_2026_2028.volume_caps import (
    ACT,
    BINDING_CLAUSE,
    CLAUSE,
    WARNING_PERCENT,
    YEARS,
    judge,
    utilisation,
)
from kepil.store.reports import save_report

KIND = "caps_utilisation"
COLUMNS = [
    "year", "region", "profile", "population", "age_group", "planned", "actual", "utilisation_pct", "status",
    "no_bed_fund",
]  # fmt: skip


def scope_of(years: list[int]) -> str:
    """`2026` for one year; `2026-2028` (first-last) when the report spans several."""
    if not years:
        return f"{VALID_FROM.year}-{VALID_TO.year}"
    return str(years[0]) if len(set(years)) == 1 else f"{min(years)}-{max(years)}"


def months_covered(claims: Path, year: int | None = None) -> dict[int, list[int]]:
    """For each year of the Program (or `year`): the calendar months (1–12) in which `claims` have at least
    one inpatient case ending — the months the utilisation of that year covers. One grouped query on
    DuckDB over two columns (`care_kind`, `end_date`); run after `utilisation` has validated the file."""
    with batch_session(None, None) as (con, wd):
        t = read_input(con, claims, (Col("care_kind"), Col("end_date", "date")), wd, check=False)
        t = t.filter((t.care_kind == "inpatient") & t.end_date.notnull())
        years = [y for y in YEARS if year in (None, y)]
        t = t.mutate(y=t.end_date.year().cast("int64"), m=t.end_date.month().cast("int64"))
        t = t.filter(t.y.isin(years))
        found = con.to_pyarrow(t.select("y", "m").distinct()).to_pylist()
    out: dict[int, list[int]] = {}
    for r in sorted(found, key=lambda r: (r["y"], r["m"])):
        out.setdefault(int(r["y"]), []).append(int(r["m"]))
    return out


Projection = tuple[float | None, float | None, str]  # (projected cases, utilisation % to 0.1, status)


def annualised(
    planned: list[int | None], actual: list[int], no_bed_fund: list[bool], months: int
) -> list[Projection]:
    """The annualised measure of each row: actual × 12 / months against app1's yearly `planned`, judged by
    `volume_caps.judge` itself on (planned × months, actual × 12) — the same integer thresholds as to date,
    for all rows in one frame."""
    if months <= 0 or months > 12:
        raise ValueError(f"months covered must be 1-12, not {months}")
    frame = pl.DataFrame(
        {"planned": planned, "actual": actual, "no_bed_fund": no_bed_fund},
        schema={"planned": pl.Int64, "actual": pl.Int64, "no_bed_fund": pl.Boolean},
    )
    pct, status = judge(pl.col("planned") * months, pl.col("actual") * 12, pl.col("no_bed_fund"))
    out = frame.select(projected=pl.col("actual") * 12 / months, pct=pct, status=status)
    return list(zip(out["projected"].to_list(), out["pct"].to_list(), out["status"].to_list(), strict=True))


def judge_annualised(planned: int | None, actual: int, months: int, no_bed_fund: bool) -> Projection:
    """`annualised` of one row."""
    return annualised([planned], [actual], [no_bed_fund], months)[0]


def save_utilisation(
    engine: Engine,
    table: pa.Table,
    excluded: int,
    source: str,
    year: int | None = None,
    months: dict[int, list[int]] | None = None,
) -> str:
    """Store what `utilisation` returned, with `months` (`months_covered` of the same claims) when given;
    the scope (the year, or first-last) is returned."""
    df = pl.from_arrow(table)
    assert isinstance(df, pl.DataFrame)
    years = sorted(set(df["year"].to_list())) or ([year] if year is not None else [])
    scope = scope_of(years)
    rural_known = bool(df.filter(pl.col("population") != "all").height)
    whole = df.filter(
        (pl.col("profile") == "all") & (pl.col("population") == "all") & (pl.col("age_group") == "all")
    )
    totals: dict[str, Any] = {
        "rows": df.height,
        "cases": int(whole["actual"].sum() or 0),
        "planned": int(whole["planned"].sum() or 0),
        "warning": int((df["status"] == "warning").sum()),
        "over": int((df["status"] == "over").sum()),
        "no_bed_fund_cases": int(df.filter(pl.col("status") == "no_bed_fund")["actual"].sum() or 0),
        "excluded": int(excluded),
    }
    meta: dict[str, Any] = {
        "act": ACT,
        "clauses": [CLAUSE, BINDING_CLAUSE],
        "valid_from": VALID_FROM.isoformat(),
        "valid_to": VALID_TO.isoformat(),
        "years": years,
        "rural_known": rural_known,
        "warning_percent": WARNING_PERCENT,
        "totals": totals,
    }
    if months is not None:
        # the months each year's inpatient cases cover (JSON keys are text): the annualised measure's base
        meta["months"] = {str(y): sorted(ms) for y, ms in sorted(months.items()) if y in years}
    rows = df.select(COLUMNS).rows()
    save_report(engine, KIND, scope, source, COLUMNS, [list(r) for r in rows], meta)
    return scope


def store_utilisation(
    engine: Engine,
    claims: Path,
    persons: Path,
    source: str | None = None,
    *,
    providers: Path | None = None,
    year: int | None = None,
) -> str:
    """Compute the utilisation of app1's caps from `claims` and `persons` (and `providers` for the rural
    split) and store it; returns the scope (`2026`, or `2026-2028` for several years)."""
    table, excluded = utilisation(claims, persons, providers=providers, year=year)
    months = months_covered(claims, year)
    return save_utilisation(
        engine, table, excluded, source or f"{claims.name} + {persons.name}", year, months
    )
