"""`find_defects`: the automated algorithms of `monitoring-rules` 13 over a period's claims, with the
classifier's codes and penalties (10, app1), on DuckDB or Spark — the contract's defects table.

Plan of a run (few scans, nothing per claim in Python):
1. the inputs become tables of the engine (DuckDB: views over the Parquet files; Spark: temp views);
2. small side tables are built in Python and registered: the working-day calendar of the years the
   waiting rule needs (one bounds query first), the coverage engine's answers for the few claims the
   patient paid for (one query selects them, `decide_frame` decides them);
3. every row rule is evaluated in ONE query over the judged claims joined with persons, contracts, the
   calendar and the answers (only the joins the chosen rules need); each relation rule (readmission,
   duplicates, licence) is one query of its own;
4. the findings are collected (Arrow) and finished on Polars: details as JSON, penalties from the
   classifier cell table and the tariff book's bases, sorted by (rule, claim_id, contract_id).

Results are the same on both engines: the engines only select rows and compute integers, dates and
strings; rounding and JSON happen once, after collection.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol

import ibis
import ibis.expr.types as ir
import polars as pl
import pyarrow as pa
from ibis.backends import BaseBackend

from kepil.engine.backends import connect, is_spark, register_arrow, register_parquet
from kepil.i18n import Text
from kepil.law.care import CARE_KINDS
from kepil.law.monitoring_rules.algorithms import ALGORITHMS, MonitoringRule, algorithm
from kepil.law.monitoring_rules.algorithms.base import (
    FOUND,
    K_END,
    K_FOUND,
    K_HAS_KIND,
    K_KINDS,
    K_LICENSED,
    K_MASK,
    K_PALLIATIVE,
    K_PROVIDER,
    K_START,
    K_SUM,
    P_DEATH,
    P_FOUND,
    WD_REFERRAL,
    WD_START,
    Sources,
    Window,
    amount_name,
    detail_name,
    flag_name,
)
from kepil.law.monitoring_rules.algorithms.charges import MEDICINES, coverage_requests, decide
from kepil.law.monitoring_rules.algorithms.contract import kinds_mask
from kepil.law.monitoring_rules.algorithms.load import LOADS_SCHEMA, overloaded
from kepil.law.monitoring_rules.algorithms.waiting import calendar_table
from kepil.law.monitoring_rules.penalties import claim_penalties, contract_penalties
from kepil.reference.calendar import month_bounds
from kepil.reference.regions import region as find_region

Progress = Callable[[str], None]

OUTPUT_SCHEMA = pa.schema(
    [
        ("claim_id", pa.string()),
        ("contract_id", pa.string()),
        ("code", pa.string()),
        ("rule", pa.string()),
        ("rule_version", pa.int32()),
        ("act", pa.string()),
        ("clause", pa.string()),
        ("significant", pa.bool_()),
        ("penalty", pa.int64()),
        ("details", pa.string()),
    ]
)

__all__ = ["ALGORITHMS", "OUTPUT_SCHEMA", "Plan", "find_defects", "plan"]

NOT_IN_FORCE = Text(
    "{period} кезеңінде күшінде емес (күшінде: {valid_from} бастап)",
    "не действует в периоде {period} (действует с {valid_from})",
    "not in force in {period} (in force from {valid_from})",
)
MISSING_COLUMNS = Text(
    "шағымдарда міндетті емес {columns} бағаны жоқ: тексеру жүргізілмеді (ақаудың жоқтығы емес)",
    "в случаях нет необязательного столбца {columns}: проверка не проводилась (это не отсутствие дефекта)",
    'the claims have no optional column {columns}: not checked (which is not "no defect")',
)


class Inputs(Protocol):
    """`kepil.claims.inputs.ClaimsInputs`: paths of the validated, normalised Parquet files."""

    @property
    def claims(self) -> Path: ...
    @property
    def persons(self) -> Path: ...
    @property
    def contracts(self) -> Path: ...


@dataclass(frozen=True, slots=True)
class _Chosen:
    rule: MonitoringRule
    window: Window


@dataclass(frozen=True, slots=True)
class Plan:
    """What a run checks: the algorithms it runs (each with its version and classifier row), and those it
    does not, each with its reason (not in force in the period; an optional column the input lacks)."""

    run: tuple[MonitoringRule, ...]
    not_run: tuple[tuple[MonitoringRule, Text], ...]


def plan(period: str, claim_columns: frozenset[str], rules: Sequence[str] | None = None) -> Plan:
    """The algorithms `rules` (default all) that run on claims with `claim_columns` in `period`."""
    first, last = month_bounds(period, "period")
    picked = ALGORITHMS if rules is None else tuple(algorithm(r) for r in dict.fromkeys(rules))
    run: list[MonitoringRule] = []
    not_run: list[tuple[MonitoringRule, Text]] = []
    for r in picked:
        missing = r.missing_columns(claim_columns)
        if r.window(first, last, None) is None:
            not_run.append((r, NOT_IN_FORCE.format(period=period, valid_from=r.valid_from.isoformat())))
        elif missing:
            not_run.append((r, MISSING_COLUMNS.format(columns=", ".join(missing))))
        else:
            run.append(r)
    return Plan(tuple(run), tuple(not_run))


def _choose(
    rules: Sequence[str] | None, first: dt.date, last: dt.date, region: str | None, src: Sources
) -> list[_Chosen]:
    period = f"{first.year:04d}-{first.month:02d}"
    out = []
    for r in plan(period, src.claim_columns, rules).run:
        w = r.window(first, last, region)
        assert w is not None
        out.append(_Chosen(r, w))
    return out


def _union(chosen: list[_Chosen]) -> Window:
    first = min(c.window.first for c in chosen)
    last = max(c.window.last for c in chosen)
    return Window(first, last, chosen[0].window.region)


# ------------------------------------------------------------------ the joined claims of the row rules
def _joined(
    con: BaseBackend, src: Sources, chosen: list[_Chosen], token: str, say: Progress
) -> tuple[ir.Table, list[str]]:
    """Judged claims (union of the row rules' windows) with the side tables the rules need."""
    needs = set().union(*(c.rule.needs for c in chosen))
    c = src.claims
    judged = c.filter(_union(chosen).judged(c))
    t = judged
    views: list[str] = []
    if "persons" in needs:
        p = src.persons
        p = p.select(p__iin=p.iin, **{P_FOUND: ibis.literal(True), P_DEATH: p.death_date})
        t = t.left_join(p, t.iin == p.p__iin).drop("p__iin")
        t = t.mutate(**{P_FOUND: t[P_FOUND].fill_null(False)})
    if "contracts" in needs:
        k = src.contracts
        k = k.select(
            k__cid=k.contract_id,
            **{
                K_FOUND: ibis.literal(True),
                K_PROVIDER: k.provider_id,
                K_START: k.start_date,
                K_END: k.end_date,
                K_KINDS: k.care_kinds,
                K_MASK: kinds_mask(k.care_kinds),
                K_PALLIATIVE: k.palliative,
                K_LICENSED: k.licensed,
                K_SUM: k["sum"],
            },
        )
        t = t.left_join(k, t.contract_id == k.k__cid).drop("k__cid")
        # Whether the contract buys the claim's kind of care: the contract's kinds as a bit mask (on the
        # small contracts table), the claim's kind as its bit (a 15-row table): integer work per claim.
        bits = ibis.memtable(
            {"kb__kind": list(CARE_KINDS), "kb__bit": [1 << i for i in range(len(CARE_KINDS))]}
        )
        t = t.left_join(bits, t.care_kind == bits.kb__kind).drop("kb__kind")
        has_kind = (t[K_MASK].fill_null(0) & t.kb__bit.fill_null(0)) != 0
        t = t.mutate(**{K_FOUND: t[K_FOUND].fill_null(False), K_HAS_KIND: has_kind}).drop("kb__bit", K_MASK)
    if "calendar" in needs:
        t = _with_calendar(con, judged, t, token, views, say)
    return t, views


def _with_calendar(
    con: BaseBackend, judged: ir.Table, t: ir.Table, token: str, views: list[str], say: Progress
) -> ir.Table:
    """`t` with the working-day index of its referral and start dates; the calendar spans the years from
    the earliest referral to the latest start of the judged planned claims (one small query)."""
    planned = judged.filter((judged.form == "planned") & judged.referral_date.notnull())
    bounds = con.to_pyarrow(planned.aggregate(lo=planned.referral_date.min(), hi=planned.start_date.max()))
    lo, hi = bounds["lo"][0].as_py(), bounds["hi"][0].as_py()
    if lo is None or hi is None:
        return t.mutate(**{WD_REFERRAL: ibis.null().cast("int64"), WD_START: ibis.null().cast("int64")})
    say(f"working-day calendar {lo.year}-{max(hi.year, lo.year)}")
    name = f"kepil_calendar_{token}"
    calendar = register_arrow(con, name, calendar_table(lo.year, max(hi.year, lo.year)))
    views.append(name)
    r = calendar.select(r__date=calendar.date, **{WD_REFERRAL: calendar.wd_index})
    s = calendar.select(s__date=calendar.date, **{WD_START: calendar.wd_index})
    t = t.left_join(r, t.referral_date == r.r__date).drop("r__date")
    return t.left_join(s, t.start_date == s.s__date).drop("s__date")


def _coverage(
    con: BaseBackend, src: Sources, w: Window, token: str, views: list[str], say: Progress
) -> Sources:
    """The coverage step: the paid claims' facts from the engine, decided on Polars, registered back."""
    requests = pl.from_arrow(con.to_pyarrow(coverage_requests(src, w)))
    assert isinstance(requests, pl.DataFrame)
    say(f"coverage engine: {requests.height} claims the patient paid for")
    answers = decide(requests)
    if answers.num_rows == 0:
        return src
    name = f"kepil_coverage_{token}"
    views.append(name)
    return replace(src, coverage=register_arrow(con, name, answers))


def _loads(con: BaseBackend, src: Sources, w: Window, token: str, views: list[str], say: Progress) -> Sources:
    """The practitioners' overloaded days and months, aggregated once in the engine (a few rows),
    registered back for both load rules to join."""
    over = con.to_pyarrow(overloaded(src, w)).select(LOADS_SCHEMA.names).cast(LOADS_SCHEMA)
    say(f"practitioners' loads: {over.num_rows} overloaded days and months")
    name = f"kepil_loads_{token}"
    views.append(name)
    return replace(src, loads=register_arrow(con, name, over))


def _row_query(t: ir.Table, chosen: list[_Chosen]) -> ir.Table:
    """One scan: a flag per row rule, the rows with any flag, FOUND + flags + every rule's details.
    `t` holds the claims of the rules' union window; a rule with a narrower window adds its own."""
    union = _union(chosen)
    flags: dict[str, ir.Value] = {}
    for c in chosen:
        assert c.rule.condition is not None
        cond = c.rule.condition(t, c.rule.params)
        if c.window != union:
            cond = cond & c.window.judged(t)
        flags[flag_name(c.rule.id)] = cond.fill_null(False)
    t = t.mutate(**flags)
    t = t.filter(ibis.or_(*(t[f] for f in flags)))
    details: dict[str, ir.Value] = {}
    for c in chosen:
        assert c.rule.details is not None
        for key, value in c.rule.details(t, c.rule.params).items():
            details[detail_name(c.rule.id, key)] = value
        if c.rule.amount is not None:  # computed on the rule's own rows only
            own = c.rule.amount(t, c.rule.params).cast("int64")
            details[amount_name(c.rule.id)] = t[flag_name(c.rule.id)].ifelse(own, ibis.null("int64"))
    return t.select(*FOUND, *flags, **details)


# ------------------------------------------------------------------ finishing on Polars
def _normalise(df: pl.DataFrame) -> pl.DataFrame:
    """Same dtypes whatever the engine returned (Spark gives int32 where DuckDB gives int64)."""
    casts = []
    for name, dtype in df.schema.items():
        if dtype.is_integer():
            casts.append(pl.col(name).cast(pl.Int64))
        elif dtype == pl.Datetime or isinstance(dtype, pl.Datetime):
            casts.append(pl.col(name).cast(pl.Date))
    return df.with_columns(casts) if casts else df


def _finish_rule(rule: MonitoringRule, df: pl.DataFrame, detail_cols: dict[str, str]) -> pl.DataFrame:
    """FOUND + the rule's details as JSON (detail values, then the rule's parameters)."""
    d = df.select(pl.col(src).alias(key) for key, src in detail_cols.items())
    if rule.finish is not None:
        d = rule.finish(d)  # row-wise: same rows, same order
    fields = [pl.col(k) for k in d.columns] + [pl.lit(v, pl.Int64).alias(k) for k, v in rule.params.items()]
    details = (
        d.select(pl.struct(fields).struct.json_encode().alias("details"))
        if fields
        else pl.DataFrame({"details": ["{}"] * df.height}, schema={"details": pl.Utf8})
    )
    return (
        df.select(*FOUND)
        .hstack(details)
        .with_columns(
            rule=pl.lit(rule.id),
            code=pl.lit(rule.code),
            rule_version=pl.lit(rule.version, pl.Int32),
            act=pl.lit(rule.act),
            clause=pl.lit(rule.clause),
        )
    )


_FOUND_SCHEMA = {
    "claim_id": pl.Utf8,
    "contract_id": pl.Utf8,
    "care_kind": pl.Utf8,
    "region": pl.Utf8,
    "amount": pl.Int64,
}


def _collect(con: BaseBackend, expr: ir.Table) -> pl.DataFrame:
    df = pl.from_arrow(con.to_pyarrow(expr))
    assert isinstance(df, pl.DataFrame)
    return _normalise(df).with_columns(pl.col(c).cast(t) for c, t in _FOUND_SCHEMA.items())


def _assemble(parts: list[tuple[MonitoringRule, pl.DataFrame]], bases: pa.Table | None) -> pa.Table:
    claims = [df for r, df in parts if r.level == "claim" and df.height]
    contracts = [(r, df) for r, df in parts if r.level == "contract" and df.height]
    frames = []
    if claims:
        frames.append(claim_penalties(pl.concat(claims, how="vertical"), bases))
    for r, df in contracts:
        frames.append(contract_penalties(df, r.params["percent"]))
    cols = [f.name for f in OUTPUT_SCHEMA]
    if not frames:
        return OUTPUT_SCHEMA.empty_table()
    out = pl.concat([f.select(cols) for f in frames], how="vertical")
    out = out.sort(["rule", "claim_id", "contract_id"], nulls_last=False)
    return out.to_arrow().cast(OUTPUT_SCHEMA)


# ------------------------------------------------------------------ the entry point
def find_defects(
    inputs: Inputs,
    period: str,
    *,
    region: str | None = None,
    engine: str = "duckdb",
    bases: pa.Table | None = None,
    rules: Sequence[str] | None = None,
    progress: Progress | None = None,
    workdir: str | Path | None = None,
    load: bool = False,
) -> pa.Table:
    """The defects of the claims whose end_date falls in `period` (YYYY-MM), of `region` when given (a
    code or Kazakh name), by the algorithms `rules` (default: all in force in the period), on `engine`.
    `bases`: the tariff book's penalty bases (region, base, value); without them multiples of a base
    are null. `load`: DuckDB copies the inputs into memory first (default: reads the Parquet files)."""
    say = progress or (lambda _m: None)
    first, last = month_bounds(period, "period")
    region_code = find_region(region).code if region else None
    con = connect(engine, workdir)
    token = uuid.uuid4().hex[:12]
    views: list[str] = []
    try:
        say(f"registering the inputs on {engine}")
        names = {k: f"kepil_{k}_{token}" for k in ("claims", "persons", "contracts")}
        tables = {k: register_parquet(con, names[k], getattr(inputs, k), load=load) for k in names}
        views += names.values()
        columns = frozenset(tables["claims"].columns)
        src = Sources(
            tables["claims"],
            tables["persons"],
            tables["contracts"],
            MEDICINES in columns,
            claim_columns=columns,
        )
        chosen = _choose(rules, first, last, region_code, src)
        paid_rules = [c for c in chosen if "coverage" in c.rule.needs]
        if paid_rules:
            src = _coverage(con, src, _union(paid_rules), token, views, say)
            if src.coverage is None:  # nobody paid: nothing to find
                chosen = [c for c in chosen if c not in paid_rules]
        load_rules = [c for c in chosen if "loads" in c.rule.needs]
        if load_rules:
            src = _loads(con, src, _union(load_rules), token, views, say)
        parts: list[tuple[MonitoringRule, pl.DataFrame]] = []
        row_rules = [c for c in chosen if c.rule.is_row_rule]
        if row_rules:
            t, side = _joined(con, src, row_rules, token, say)
            views += side
            say(f"row rules: {', '.join(c.rule.id for c in row_rules)}")
            found = _collect(con, _row_query(t, row_rules))
            for c in row_rules:
                r = c.rule
                assert r.details is not None
                keys = list(r.details(t, r.params))
                sub = found.filter(pl.col(flag_name(r.id)))
                if r.amount is not None:  # the penalty's base is a share of the claim's amount
                    sub = sub.with_columns(pl.col(amount_name(r.id)).alias("amount"))
                parts.append((r, _finish_rule(r, sub, {k: detail_name(r.id, k) for k in keys})))
        for c in chosen:
            r = c.rule
            if r.relation is None:
                continue
            say(f"rule {r.id}")
            rel = r.relation(src, c.window, r.params)
            df = _collect(con, rel)
            parts.append((r, _finish_rule(r, df, {k: k for k in df.columns if k not in FOUND})))
        say("penalties and details")
        return _assemble(parts, bases)
    finally:
        _release(con, views)


def _release(con: BaseBackend, views: list[str]) -> None:
    """Drop this run's temporary views (Spark's are session-wide); DuckDB's connection just goes."""
    if is_spark(con):
        spark: Any = con._session
        for name in views:
            spark.catalog.dropTempView(name)
    else:
        con.disconnect()
