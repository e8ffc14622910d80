"""Utilisation of the caps on round-the-clock inpatient cases (`program-2026-2028` app1, bound by 73).

Planned cases (app1, `inpatient_caps`) against actual ones — the `inpatient` claims — per year, region,
bed profile, age group and rural/urban, with utilisation in per cent and warnings at ≥ 90 % and over
100 %. The claims are counted set-based on the engine (Ibis on DuckDB); the small count table is then
rolled up to the "all" rows in Polars.

Readings (docs/volume-caps.md):
- A case counts in the year of its `end_date` (discharge): app1 plans cases per year of the Program
  (2026-2028); cases ending in other years are left out and counted in `excluded`.
- Children are under 18 on the admission date (`start_date`): a patient is an adult from the 18th
  birthday on. Born on 29 February, the 18th birthday in a common year is 28 February (the term ends on
  the last day of the month that lacks the date — the date arithmetic of DuckDB and Spark agrees).
- "ауылдағы жағдайлар" (cases in rural areas) are read as cases treated by a rural organisation: the
  claim's own `rural` column when given, else the `rural` flag of its provider from a providers file.
  Without either, only the all-population rows are counted; cases whose rurality is unknown count in
  "all" only. Urban planned = total - rural (in the three cities, which have no rural columns, = total).
- A claim with no `profile` counts in its region's "all profiles" row only.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import ibis
import ibis.expr.types as ir
import polars as pl
import pyarrow as pa

from kepil.errors import InvalidInput
from kepil.i18n import Text
from kepil.law.program_2026_2028.inpatient_caps import (
    ALL_PROFILES,
    VALID_FROM,
    VALID_TO,
    caps_frame,
    profiles,
)
from kepil.law.program_2026_2028.payment import (
    Col,
    batch_session,
    first_bad,
    normalise_region,
    read_input,
)
from kepil.reference.regions import regions

ACT = "program-2026-2028"
CLAUSE = "app1"
BINDING_CLAUSE = "73"
WARNING_PERCENT = 90
ADULT_AGE = 18
POPULATIONS = ("all", "rural", "urban")
AGE_GROUPS = ("all", "children", "adults")
STATUSES = ("ok", "warning", "over", "no_bed_fund", "not_planned")
YEARS = tuple(range(VALID_FROM.year, VALID_TO.year + 1))

STATUS_TEXT: dict[str, Text] = {
    "ok": Text("қалыпты", "в пределах", "within the cap"),
    "warning": Text("≥ 90 %: ескерту", "≥ 90 %: предупреждение", "≥ 90 %: warning"),
    "over": Text("шектен асты", "превышение", "over the cap"),
    "no_bed_fund": Text("төсек-орын қоры жоқ (*)", "коечного фонда нет (*)", "no bed fund (*)"),
    "not_planned": Text("жоспарланбаған", "не запланировано", "not planned"),
}

CLAIM_COLUMNS = (
    Col("claim_id"),
    Col("provider_id"),
    Col("region"),
    Col("iin"),
    Col("care_kind"),
    Col("profile", nullable=True),
    Col("start_date", "date"),
    Col("end_date", "date"),
    Col("rural", "bool", required=False, nullable=True),
)
PERSON_COLUMNS = (Col("iin"), Col("birth_date", "date", nullable=True))
PROVIDER_COLUMNS = (Col("provider_id"), Col("rural", "bool"))

_M = {
    "region": Text("белгісіз өңір: {value}", "неизвестный регион: {value}", "unknown region: {value}"),
    "profile": Text(
        "1-қосымшада мұндай төсек бейіні жоқ: {value}",
        "такого профиля коек нет в приложении 1: {value}",
        "no such bed profile in app1: {value}",
    ),
    "year": Text(
        "{value}: 1-қосымша тек {first}–{last} жылдардың жағдайларын жоспарлайды",
        "{value}: приложение 1 планирует случаи только на {first}–{last} годы",
        "{value}: app1 plans the cases of {first}–{last} only",
    ),
    "twice": Text(
        "кілт екі рет берілген: {value}", "ключ указан дважды: {value}", "the key is given twice: {value}"
    ),
}


def _profiles_table() -> ir.Table:
    keys: dict[str, str] = {}
    for p in profiles():
        for key in (p.code, p.name.kk, p.name.ru, p.name.en):
            keys[" ".join(key.split()).casefold()] = p.code
    return ibis.memtable({"_pkey": list(keys), "_pcode": list(keys.values())})


def _unique(t: ir.Table, key: str, file: str) -> None:
    first_bad(t, [], file, unique=(key, _M["twice"]))  # a window query only when a key repeats


def count_cases(
    con: ibis.BaseBackend, claims: Path, persons: Path, providers: Path | None, workdir: Path
) -> tuple[ir.Table, bool]:
    """Inpatient cases counted by (year, region, profile, child, rural); and whether rurality is known."""
    c = read_input(con, claims, CLAIM_COLUMNS, workdir)
    c = normalise_region(c)
    pt = _profiles_table()
    key = c.profile.lower().re_replace(r"\s+", " ")
    c = c.left_join(pt, key == pt._pkey)
    first_bad(
        c,
        [
            ("region", c.region.isnull(), _M["region"]),
            ("profile", c.profile.notnull() & c._pcode.isnull(), _M["profile"]),
        ],
        claims.name,
    )
    p = read_input(con, persons, PERSON_COLUMNS, workdir)
    _unique(p, "iin", persons.name)
    p = p.select(_iin=p.iin, _birth=p.birth_date)
    c = c.filter(c.care_kind == "inpatient")
    c = c.left_join(p, c.iin == p._iin)
    rural: ir.BooleanValue = c.rural
    rural_known = "rural" in _columns(con, claims, workdir)
    if providers is not None:
        v = read_input(con, providers, PROVIDER_COLUMNS, workdir)
        _unique(v, "provider_id", providers.name)
        v = v.select(_pid=v.provider_id, _prural=v.rural)
        c = c.left_join(v, c.provider_id == v._pid)
        rural = c.rural.coalesce(c._prural)
        rural_known = True
    child = ibis.ifelse(
        c._birth.isnull(), ibis.null("boolean"), c.start_date < c._birth + ibis.interval(years=ADULT_AGE)
    )
    counted = c.group_by(
        year=c.end_date.year().cast("int64"),
        region=c.region,
        profile=c._pcode,
        child=child,
        rural=rural,
    ).aggregate(cases=c.count().cast("int64"))
    return counted, rural_known


def _columns(con: ibis.BaseBackend, path: Path, workdir: Path) -> set[str]:
    if path.suffix.lower() == ".parquet":
        return set(con.read_parquet(path).columns)
    return set(pl.scan_csv(path, infer_schema=False).collect_schema().names())


def planned_long() -> pl.DataFrame:
    """app1 as (region, profile, population, age_group, planned, no_bed_fund); urban = total - rural."""
    f = caps_frame()
    urban = {
        "total": pl.col("total") - pl.col("rural_total").fill_null(0),
        "children": pl.col("children") - pl.col("rural_children").fill_null(0),
        "adults": pl.col("adults") - pl.col("rural_adults").fill_null(0),
    }
    parts = []
    for population, age, expr in (
        ("all", "all", pl.col("total")),
        ("all", "children", pl.col("children")),
        ("all", "adults", pl.col("adults")),
        ("rural", "all", pl.col("rural_total")),
        ("rural", "children", pl.col("rural_children")),
        ("rural", "adults", pl.col("rural_adults")),
        ("urban", "all", urban["total"]),
        ("urban", "children", urban["children"]),
        ("urban", "adults", urban["adults"]),
    ):
        parts.append(
            f.select(
                "region",
                "profile",
                population=pl.lit(population),
                age_group=pl.lit(age),
                planned=expr.cast(pl.Int64),
                no_bed_fund="no_bed_fund",
            )
        )
    return pl.concat(parts)


def rollup(counted: pl.DataFrame, rural_known: bool) -> pl.DataFrame:
    """Counts per (year, region, profile|all, population, age_group) from the base counts."""
    df = counted.with_columns(
        profile=pl.concat_list(pl.col("profile"), pl.lit(ALL_PROFILES)).list.drop_nulls(),
        age_group=pl.concat_list(
            pl.when(pl.col("child")).then(pl.lit("children")).when(~pl.col("child")).then(pl.lit("adults")),
            pl.lit("all"),
        ).list.drop_nulls(),
        population=pl.concat_list(
            pl.when(pl.col("rural")).then(pl.lit("rural")).when(~pl.col("rural")).then(pl.lit("urban")),
            pl.lit("all"),
        ).list.drop_nulls(),
    )
    df = df.explode("profile").explode("age_group").explode("population")
    if not rural_known:
        df = df.filter(pl.col("population") == "all")
    return df.group_by("year", "region", "profile", "population", "age_group").agg(
        actual=pl.col("cases").sum()
    )


def judge(planned: pl.Expr, actual: pl.Expr, no_bed_fund: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """(utilisation %, rounded to 0.1; status). Thresholds compared exactly in integers: over when
    actual > planned (so any case on a plan of 0); warning when actual × 100 ≥ planned × 90; no case: ok."""
    pct = pl.when(planned > 0).then((actual * 100 / planned).round(1))
    status = (
        pl.when(planned.is_null() & no_bed_fund)
        .then(pl.lit("no_bed_fund"))
        .when(planned.is_null())
        .then(pl.lit("not_planned"))
        .when(actual == 0)
        .then(pl.lit("ok"))
        .when(actual > planned)
        .then(pl.lit("over"))
        .when(actual * 100 >= planned * WARNING_PERCENT)
        .then(pl.lit("warning"))
        .otherwise(pl.lit("ok"))
    )
    return pct, status


def utilisation(
    claims: Path,
    persons: Path,
    *,
    providers: Path | None = None,
    year: int | None = None,
    region: str | None = None,
    con: ibis.BaseBackend | None = None,
    workdir: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> tuple[pa.Table, int]:
    """Planned vs actual inpatient cases (app1): one row per year of the Program present in the claims
    (or `year`), region (or `region`), profile, population and age group. Returns (table, excluded),
    `excluded` the inpatient cases ending outside 2026-2028 (or outside `year`)."""
    say = progress or (lambda _m: None)
    if year is not None and year not in YEARS:  # app1's plan is no plan of another year (it was shown)
        raise InvalidInput("--year", _M["year"].format(value=year, first=YEARS[0], last=YEARS[-1]))
    with batch_session(con, workdir) as (backend, wd):
        say(f"counting inpatient cases in {claims.name}")
        counted_expr, rural_known = count_cases(backend, claims, persons, providers, wd)
        counted = pl.from_arrow(backend.to_pyarrow(counted_expr))
    assert isinstance(counted, pl.DataFrame)
    years = [y for y in YEARS if year in (None, y)]
    excluded = int(counted.filter(~pl.col("year").is_in(years))["cases"].sum())
    counted = counted.filter(pl.col("year").is_in(years))
    if region is not None:
        counted = counted.filter(pl.col("region") == region)
    say("comparing with app1")
    actual = rollup(counted, rural_known)
    present = sorted(set(actual["year"].to_list())) or ([year] if year is not None else [])
    plan = planned_long()
    if not rural_known:
        plan = plan.filter(pl.col("population") == "all")
    if region is not None:
        plan = plan.filter(pl.col("region") == region)
    grid = pl.DataFrame({"year": present}, schema={"year": pl.Int64}).join(plan, how="cross")
    out = grid.join(
        actual, on=["year", "region", "profile", "population", "age_group"], how="left"
    ).with_columns(actual=pl.col("actual").fill_null(0).cast(pl.Int64))
    pct, status = judge(pl.col("planned"), pl.col("actual"), pl.col("no_bed_fund"))
    out = out.with_columns(utilisation_pct=pct, status=status, act=pl.lit(ACT), clause=pl.lit(CLAUSE))
    order = {
        "region": {r.code: i for i, r in enumerate(regions())},
        "profile": {p.code: i for i, p in enumerate(profiles())},
        "population": {v: i for i, v in enumerate(POPULATIONS)},
        "age_group": {v: i for i, v in enumerate(AGE_GROUPS)},
    }
    keys = [pl.col(k).replace_strict(m, return_dtype=pl.Int64).alias(f"_o_{k}") for k, m in order.items()]
    out = out.with_columns(keys).sort("year", *(f"_o_{k}" for k in order)).drop(f"_o_{k}" for k in order)
    columns = [
        "year", "region", "profile", "population", "age_group", "planned", "actual", "utilisation_pct",
        "status", "no_bed_fund", "act", "clause",
    ]  # fmt: skip
    return out.select(columns).to_arrow(), excluded


def warnings_of(table: pa.Table) -> pa.Table:
    """The rows at or over 90 % of their cap, and cases on profiles without a bed fund (`*`)."""
    df = pl.from_arrow(table)
    assert isinstance(df, pl.DataFrame)
    flagged = pl.col("status").is_in(["warning", "over"]) | (
        (pl.col("status") == "no_bed_fund") & (pl.col("actual") > 0)
    )
    return df.filter(flagged).to_arrow()
