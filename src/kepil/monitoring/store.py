"""Storing a monitoring run: one transaction per (period, region) that replaces the scope's defects.

Nothing a person acted on is lost: a run replaces only the algorithms' defects (`source` algorithm, never an
expert's finding), and a defect it no longer finds that a person acted on (an objection and the Fund's
answer, a notice, an unscheduled monitoring's refund amount, a refund) is kept, marked `not_found_since`
the run. A run that judges fewer than half the claims of the scope's last run is refused (a truncated
input), unless asked for.

What a run does to the stored defects of its scope (`monitoring-rules` 13, 53):
- regions whose period is not paid: the defects found now replace the stored ones (a changed algorithm
  corrects what it assigned before, 13); a defect found again keeps its workflow state (detection day,
  objection, deadlines) because its id is derived from what identifies it, not from the run; a defect a
  person acted on (objected, upheld, withdrawn) is never removed by a run, found again or not — what a
  person recorded outlives any input (issue 14; kepil.monitoring.run refuses a run over no claims);
- regions whose period is paid (on or before the day of detection): the stored defects stay as they are
  (13 corrects only unpaid periods); a defect found now that was not stored is hidden (53), with notice
  (53) and refund (53-1) deadlines.

The new rows are bulk-loaded into a temporary table (PostgreSQL: COPY of a CSV rendered by Arrow;
SQLite: the driver's executemany) and merged with set-based statements: rows no longer found are
deleted, new ones inserted with the run's deadlines, changed ones updated in place (their workflow
columns untouched), unchanged ones not written at all — all in one transaction, so a run that fails or
is killed half-way leaves the previous state whole. `run_id` names the run that last wrote a row.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
from sqlalchemy import Connection, Engine, select, text
from sqlalchemy.orm import Session

from kepil.errors import InvalidInput
from kepil.i18n import Text
from kepil.law.monitoring_rules import deadlines as dl
from kepil.store.db import transaction
from kepil.store.models import MONITORING_ALL_REGIONS, MonitoringPeriodPaid, MonitoringRun

# The dashboards' aggregate (kepil.store.models.MonitoringSummary): counts and penalty sums of the stored
# defects by these keys. Rewritten for a (period[, region]) in every transaction that changes its defects.
SUMMARY_KEYS = ("period", "region", "provider_id", "code", "significant", "status", "hidden")

# The contract's defect columns (contracts/claims.md), then what the store adds per defect.
CONTRACT_COLUMNS = (
    "claim_id",
    "contract_id",
    "code",
    "rule",
    "rule_version",
    "act",
    "clause",
    "significant",
    "penalty",
    "details",
)
# What the run hands over: the contract's columns with the defect's id, region and the contract's provider
# (contracts.provider_id of the claims contract, joined by contract_id in kepil.monitoring.run.scoped).
SCOPED_COLUMNS = ("id", *CONTRACT_COLUMNS, "region", "provider_id")
_STAGE_TYPES = {"rule_version": "INTEGER", "penalty": "BIGINT", "significant": "BOOLEAN"}
STAGE = "monitoring_stage"
# The claims a run's defects touch (kepil.store.models.MonitoringClaim), as read from the claims file:
# {column: its DuckDB type} (kepil.monitoring.run.claim_facts; a column the file lacks is null).
CLAIM_RECORD_SOURCE = {
    "claim_id": "VARCHAR",
    "iin": "VARCHAR",
    "provider_id": "VARCHAR",
    "contract_id": "VARCHAR",
    "region": "VARCHAR",
    "care_kind": "VARCHAR",
    "form": "VARCHAR",
    "icd10": "VARCHAR",
    "profile": "VARCHAR",
    "start_date": "DATE",
    "end_date": "DATE",
    "outcome": "VARCHAR",
    "amount": "BIGINT",
    "paid_by_patient": "BIGINT",
}
_SQL_TYPES = {"VARCHAR": "TEXT", "DATE": "DATE", "BIGINT": "BIGINT"}
CLAIM_STAGE = "monitoring_claims_stage"
JUDGED_COLUMNS = ("region", "provider_id", "claims")  # kepil.store.models.MonitoringJudged, by the run


@dataclass(frozen=True, slots=True)
class Scope:
    """A period `YYYY-MM` and one region code, or None for every region."""

    period: str
    region: str | None = None

    @property
    def region_key(self) -> str:
        return self.region or MONITORING_ALL_REGIONS


@dataclass(frozen=True, slots=True)
class RunRecord:
    engine: str
    rule_versions: dict[str, int]
    detected_on: dt.date
    started_at: dt.datetime
    claims: int
    kind: str = "current"  # or "unscheduled" (2.6, 53)
    checks: dict[str, Any] | None = None  # kepil.monitoring.checks.run_checks
    allow_fewer: bool = False  # a run judging fewer than half the claims of the scope's last run is allowed


@dataclass(frozen=True, slots=True)
class StoreResult:
    """What the run changed: `added` new ids, `removed` ids of unpaid regions not found again, `hidden`
    new defects of paid regions (53), `kept_paid` stored defects of paid regions left as they were (13),
    `reevaluated` rules whose stored version differs from this run's: {rule: [old versions, new]}."""

    run_id: int
    stored: int
    added: int
    removed: int
    hidden: int
    kept_paid: int
    paid_regions: tuple[str, ...]
    reevaluated: dict[str, tuple[list[int], int]] = field(default_factory=dict)
    kept_acted: int = 0  # defects not found again but kept: a person acted on them (marked not_found_since)
    facts_known: int = 0  # per-fact defects (10) already stored from an earlier period: not added again
    refunds_set: int = 0  # unscheduled run: hidden defects whose refund amount it set (53)


def _paid(conn: Connection, period: str, on: dt.date) -> tuple[bool, tuple[str, ...]]:
    """(every region paid, the regions paid) for the period as of `on` (53: paid on or before it)."""
    rows = conn.execute(
        select(MonitoringPeriodPaid.region).where(
            MonitoringPeriodPaid.period == period, MonitoringPeriodPaid.paid_on <= on
        )
    ).scalars()
    regions = set(rows)
    return MONITORING_ALL_REGIONS in regions, tuple(sorted(regions - {MONITORING_ALL_REGIONS}))


def _create_stage(conn: Connection) -> None:
    cols = ", ".join(f"{c} {_STAGE_TYPES.get(c, 'TEXT')}" for c in SCOPED_COLUMNS) + ", PRIMARY KEY (id)"
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"CREATE TEMP TABLE {STAGE} ({cols}) ON COMMIT DROP")
    else:
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS temp.{STAGE}")
        conn.exec_driver_sql(f"CREATE TEMP TABLE {STAGE} ({cols})")


def bulk_load(conn: Connection, table: pa.Table, into: str = STAGE) -> None:
    """Load `table` (default SCOPED_COLUMNS into the stage) into the table `into`: COPY of Arrow's CSV on
    PostgreSQL, one executemany on SQLite (dates as ISO text, as SQLAlchemy stores them there)."""
    if table.num_rows == 0:
        return
    names = ", ".join(table.column_names)
    if conn.dialect.name == "postgresql":
        buf = io.BytesIO()
        pacsv.write_csv(table, buf, pacsv.WriteOptions(include_header=False))
        raw = conn.connection.driver_connection
        assert raw is not None
        with raw.cursor() as cur, cur.copy(f"COPY {into} ({names}) FROM STDIN WITH (FORMAT csv)") as copy:
            copy.write(buf.getvalue())
        return
    columns = [c.cast(pa.string()) if pa.types.is_date(c.type) else c for c in table.columns]
    rows = list(zip(*(c.to_pylist() for c in columns), strict=True))
    marks = ", ".join("?" for _ in table.column_names)
    conn.exec_driver_sql(f"INSERT INTO {into} ({names}) VALUES ({marks})", rows)


def _save_claims(conn: Connection, scope: Scope, run_id: int, records: pa.Table, judged: pa.Table) -> None:
    """Keep the claims the run's defects touch (a claim read again is rewritten: the file is the record;
    the defects' workflow is in monitoring_defects, untouched here) and replace the claims judged of the
    run's (period, region): a stage loaded in bulk, one DELETE and one INSERT … SELECT each."""
    cols = list(CLAIM_RECORD_SOURCE)
    ddl = ", ".join(f"{c} {_SQL_TYPES[t]}" for c, t in CLAIM_RECORD_SOURCE.items())
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"CREATE TEMP TABLE {CLAIM_STAGE} ({ddl}) ON COMMIT DROP")
    else:
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS temp.{CLAIM_STAGE}")
        conn.exec_driver_sql(f"CREATE TEMP TABLE {CLAIM_STAGE} ({ddl})")
    bulk_load(conn, records.select(cols), CLAIM_STAGE)
    names = ", ".join(cols)
    conn.exec_driver_sql(
        f"DELETE FROM monitoring_claims WHERE claim_id IN (SELECT claim_id FROM {CLAIM_STAGE})"
    )
    conn.execute(
        text(f"INSERT INTO monitoring_claims ({names}, period, run_id) "
             f"SELECT {names}, :period, :run_id FROM {CLAIM_STAGE}"),
        {"period": scope.period, "run_id": run_id},
    )  # fmt: skip
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(f"DROP TABLE temp.{CLAIM_STAGE}")
    where = "period = :period" + ("" if scope.region is None else " AND region = :region")
    conn.execute(text(f"DELETE FROM monitoring_judged WHERE {where}"), {"period": scope.period,
                                                                       "region": scope.region})  # fmt: skip
    n = judged.num_rows
    rows = (
        judged.select(list(JUDGED_COLUMNS))
        .append_column("period", pa.array([scope.period] * n, pa.string()))
        .append_column("run_id", pa.array([run_id] * n, pa.int64()))
    )
    bulk_load(conn, rows, "monitoring_judged")


@contextmanager
def _period_lock(conn: Connection, period: str) -> Iterator[None]:
    """Runs of one period queue (PostgreSQL: a transaction-level advisory lock; SQLite: BEGIN IMMEDIATE)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(hashtext(:k))"), {"k": f"kepil.monitoring.{period}"})
    yield


def save_run(
    engine: Engine,
    scope: Scope,
    defects: pa.Table,
    record: RunRecord,
    claims: pa.Table | None = None,
    judged: pa.Table | None = None,
) -> StoreResult:
    """Replace the scope's defects by `defects` (SCOPED_COLUMNS) in one transaction (see the module); with
    `claims` (CLAIM_RECORD_SOURCE: the claims the defects touch) and `judged` (JUDGED_COLUMNS: the claims
    judged by region and provider), those too (kepil.monitoring.run.claim_facts)."""
    with transaction(engine) as session:
        conn = session.connection()
        with _period_lock(conn, scope.period):
            result = _save(session, conn, scope, defects, record)
            if claims is not None and judged is not None:
                _save_claims(conn, scope, result.run_id, claims, judged)
    analyze(engine)
    return result


def analyze(engine: Engine) -> None:
    """PostgreSQL: fresh planner statistics for the dashboards' list queries after a run changed many rows
    (until autovacuum gets to it, the planner has none and walks a wider index: ~10 ms instead of ~1 ms a
    list, docs/pages-monitoring.md). A sample, not a scan: well under a second at 10 M claims."""
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("ANALYZE monitoring_defects, monitoring_summary"))


# A defect a person acted on (26, 53, 53-1): never removed by a run.
ACTED_ON = (
    "(status <> 'detected' OR notified_on IS NOT NULL OR unscheduled_on IS NOT NULL "
    "OR refunded_on IS NOT NULL)"
)
FEWER = Text(
    "бұл іске қосу {period} ({region}) кезеңінің {claims} жағдайын бағалайды, соңғысы {before} бағалаған "
    "(жартысынан аз): кіріс толық емес болуы мүмкін, ештеңе сақталмады; әдейі болса, --allow-fewer беріңіз",
    "этот запуск оценивает {claims} {claims|случай|случая|случаев} периода {period} ({region}), "
    "предыдущий оценил {before} (меньше "
    "половины): данные могут быть неполными, ничего не сохранено; если так и задумано, укажите --allow-fewer",
    "this run judges {claims} {claims|claim|claims} of {period} ({region}) where the last one judged "
    "{before} (fewer than "
    "half): the input may be truncated, nothing was stored; give --allow-fewer if this is intended",
)


def _check_not_truncated(conn: Connection, scope: Scope, record: RunRecord) -> None:
    if record.allow_fewer:
        return
    before = conn.execute(
        select(MonitoringRun.claims)
        .where(MonitoringRun.period == scope.period, MonitoringRun.region == scope.region_key)
        .order_by(MonitoringRun.id.desc())
        .limit(1)
    ).scalar()
    if before is not None and record.claims * 2 < before:
        raise InvalidInput(
            "--claims",
            FEWER.format(period=scope.period, region=scope.region_key, claims=record.claims, before=before),
        )


def _save(
    session: Session, conn: Connection, scope: Scope, defects: pa.Table, record: RunRecord
) -> StoreResult:
    _check_not_truncated(conn, scope, record)
    all_paid, paid_regions = _paid(conn, scope.period, record.detected_on)
    if scope.region is not None:
        all_paid = all_paid or scope.region in paid_regions
        paid_regions = (scope.region,) if all_paid else ()
    run = MonitoringRun(
        period=scope.period,
        region=scope.region_key,
        engine=record.engine,
        rule_versions=record.rule_versions,
        detected_on=record.detected_on,
        started_at=record.started_at,
        finished_at=record.started_at,
        claims=record.claims,
        defects=defects.num_rows,
        added=0,
        removed=0,
        hidden=0,
        penalty_total=int(pc.sum(defects.column("penalty")).as_py() or 0),
        kind=record.kind,
        checks=record.checks,
    )
    session.add(run)
    session.flush()
    _create_stage(conn)
    bulk_load(conn, defects.select(list(SCOPED_COLUMNS)))

    if all_paid:
        paid_sql, unpaid_sql = "TRUE", "FALSE"
    elif paid_regions:
        inlist = ", ".join(f":p{i}" for i in range(len(paid_regions)))
        paid_sql, unpaid_sql = f"region IN ({inlist})", f"region NOT IN ({inlist})"
    else:
        paid_sql, unpaid_sql = "FALSE", "TRUE"
    due = dl.deadlines(record.detected_on, hidden=True)
    params: dict[str, object] = {
        "period": scope.period,
        "region": scope.region,
        "run_id": run.id,
        "detected_on": record.detected_on,
        "objection_deadline": due.objection,
        "notice_deadline": due.notice,
        "refund_deadline": due.refund,
    }
    params |= {f"p{i}": r for i, r in enumerate(paid_regions)}
    if conn.dialect.name == "sqlite":  # dates as ISO text, as SQLAlchemy stores them there
        params = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in params.items()}
    d, st = "monitoring_defects", STAGE
    where = "period = :period" + ("" if scope.region is None else " AND region = :region")
    stored_already = f"EXISTS (SELECT 1 FROM {d} AS o WHERE o.id = {st}.id)"  # semi-joins on the keys
    found_now = f"EXISTS (SELECT 1 FROM {st} AS n WHERE n.id = {d}.id)"

    def one(sql: str) -> int:
        return int(conn.execute(text(sql), params).scalar_one())

    conn.exec_driver_sql(f"ANALYZE {st}")  # the planner's sizes for the joins below
    # A per-fact defect (10) already stored from another period stands as it is: not added again.
    facts_known = conn.execute(
        text(f"DELETE FROM {st} WHERE EXISTS (SELECT 1 FROM {d} AS o WHERE o.id = {st}.id "
             "AND o.period <> :period)"),
        params,
    ).rowcount  # fmt: skip
    algorithm = "source = 'algorithm'"  # runs replace the algorithms' defects, never an expert's finding
    versions_before: dict[str, set[int]] = {}
    for rule, version in conn.execute(
        text(f"SELECT DISTINCT rule, rule_version FROM {d} WHERE {where} AND {unpaid_sql} AND {algorithm}"),
        params,
    ):
        versions_before.setdefault(rule, set()).add(version)

    def set_refunds() -> int:
        """An unscheduled run (2.6, 53) sets the amount to refund of each hidden defect it finds: the
        penalty (the classifier's measure), where known and not set before."""
        if record.kind != "unscheduled":
            return 0
        return int(conn.execute(
            text(f"UPDATE {d} SET refund_amount = penalty, unscheduled_on = :detected_on "
                 f"WHERE {where} AND hidden AND {found_now} AND refund_amount IS NULL "
                 "AND penalty IS NOT NULL AND status <> 'withdrawn'"),
            params,
        ).rowcount)  # fmt: skip

    refunds_set = set_refunds()  # the hidden defects stored before and found again
    # Paid regions: what is stored stays (13); only defects not stored are new, and hidden (53).
    conn.execute(text(f"DELETE FROM {st} WHERE {paid_sql} AND {stored_already}"), params)
    kept_paid = one(f"SELECT count(*) FROM {d} WHERE {where} AND {paid_sql}")
    hidden = one(f"SELECT count(*) FROM {st} WHERE {paid_sql}")
    added = one(f"SELECT count(*) FROM {st} WHERE NOT {stored_already}")
    # Unpaid regions: what is no longer found goes (13), unless a person acted on it: then it stays,
    # marked as no longer found by this run ...
    gone = f"{where} AND {unpaid_sql} AND {algorithm} AND NOT {found_now}"
    kept_acted = conn.execute(
        text(f"UPDATE {d} SET not_found_since = :run_id WHERE {gone} AND {ACTED_ON} "
             "AND not_found_since IS NULL"),
        params,
    ).rowcount  # fmt: skip
    removed = conn.execute(text(f"DELETE FROM {d} WHERE {gone} AND NOT {ACTED_ON}"), params).rowcount
    conn.execute(
        text(f"UPDATE {d} SET not_found_since = NULL WHERE {where} AND not_found_since IS NOT NULL "
             f"AND {found_now}"),
        params,
    )  # fmt: skip
    # ... a defect found again keeps its workflow columns and is rewritten only when what the algorithm
    # says of it changed; new defects come in with the run's deadlines (26; 53, 53-1 when hidden).
    contract = [c for c in SCOPED_COLUMNS if c != "id"]
    hidden_sql = f"CASE WHEN {paid_sql} THEN TRUE ELSE FALSE END"
    values = {
        **{c: c for c in SCOPED_COLUMNS},
        "period": ":period",
        "run_id": ":run_id",
        "detected_on": ":detected_on",
        "status": "'detected'",
        "objection_deadline": ":objection_deadline",
        "hidden": hidden_sql,
        "notice_deadline": f"CASE WHEN {paid_sql} THEN :notice_deadline END",
        "refund_deadline": f"CASE WHEN {paid_sql} THEN :refund_deadline END",
    }
    distinct = "IS NOT" if conn.dialect.name == "sqlite" else "IS DISTINCT FROM"
    changed = " OR ".join(f"{d}.{c} {distinct} n.{c}" for c in contract)
    updates = ", ".join(f"{c} = n.{c}" for c in contract)
    conn.execute(
        text(
            f"UPDATE {d} SET {updates}, run_id = :run_id FROM {st} AS n WHERE n.id = {d}.id AND ({changed})"
        ),
        params,
    )
    conn.execute(
        text(
            f"INSERT INTO {d} ({', '.join(values)}) SELECT {', '.join(values.values())} FROM {st} "
            f"WHERE NOT {stored_already}"
        ),
        params,
    )
    refunds_set += set_refunds()  # the hidden defects this run inserted
    refresh_summary(conn, scope.period, scope.region)  # the dashboards' aggregate, in this transaction
    # the scope's stored defects, from the summary just written (not a second scan of the defects)
    stored = one(f"SELECT coalesce(sum(defects), 0) FROM monitoring_summary WHERE {where}")
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(f"DROP TABLE temp.{st}")

    run.added, run.removed, run.hidden = added, removed, hidden
    run.finished_at = dt.datetime.now(dt.UTC)
    reevaluated = {
        rule: (sorted(old), record.rule_versions[rule])
        for rule, old in versions_before.items()
        if rule in record.rule_versions and old != {record.rule_versions[rule]}
    }
    return StoreResult(
        run_id=run.id,
        stored=stored,
        added=added,
        removed=removed,
        hidden=hidden,
        kept_paid=kept_paid,
        paid_regions=(MONITORING_ALL_REGIONS,) if all_paid else paid_regions,
        reevaluated=reevaluated,
        kept_acted=kept_acted,
        facts_known=facts_known,
        refunds_set=refunds_set,
    )


# ------------------------------------------------------------------ the dashboards' summary
def refresh_summary(conn: Connection, period: str | None, region: str | None = None) -> None:
    """Rewrite `monitoring_summary` for `period` (None: every period) and `region` (None: every region) from
    the stored defects: one DELETE and one INSERT … SELECT … GROUP BY, in the caller's transaction."""
    conds, params = [], {}
    if period is not None:
        conds.append("period = :period")
        params["period"] = period
    if region is not None and region != MONITORING_ALL_REGIONS:
        conds.append("region = :region")
        params["region"] = region
    where = f" WHERE {' AND '.join(conds)}" if conds else ""
    keys = ", ".join(SUMMARY_KEYS)
    conn.execute(text(f"DELETE FROM monitoring_summary{where}"), params)
    conn.execute(
        text(
            f"INSERT INTO monitoring_summary ({keys}, defects, penalty) "
            f"SELECT {keys}, count(*), coalesce(sum(penalty), 0) FROM monitoring_defects{where} "
            f"GROUP BY {keys}"
        ),
        params,
    )


def rebuild_summary(engine: Engine, period: str | None = None) -> int:
    """Rewrite the summary of `period` (None: all) in one transaction — for defects stored before
    migration 0003 (`kepil monitor summarize`). Returns the number of summary rows of that scope."""
    with transaction(engine) as session:
        conn = session.connection()
        refresh_summary(conn, period)
        where, params = ("WHERE period = :period", {"period": period}) if period else ("", {})
        count = conn.execute(text(f"SELECT count(*) FROM monitoring_summary {where}"), params)
        return int(count.scalar_one())
