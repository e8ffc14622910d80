"""Storing a monitoring run: one transaction per (period, region) that replaces the scope's defects.

What a run does to the stored defects of its scope (`monitoring-rules` 13, 53):
- regions whose period is not paid: the defects found now replace the stored ones (a changed algorithm
  corrects what it assigned before, 13); a defect found again keeps its workflow state (detection day,
  objection, deadlines) because its id is derived from what identifies it, not from the run;
- regions whose period is paid (on or before the day of detection): the stored defects stay as they are
  (13 corrects only unpaid periods); a defect found now that was not stored is hidden (53), with notice
  (53) and refund (53-1) deadlines.

The new rows are bulk-loaded into a temporary table (PostgreSQL: COPY of a CSV rendered by Arrow;
SQLite: the driver's executemany), merged with set-based statements, and the scope's rows replaced —
all in one transaction, so a run that fails or is killed half-way leaves the previous state whole.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
from sqlalchemy import Connection, Engine, select, text
from sqlalchemy.orm import Session

from kepil.law.monitoring_rules import deadlines as dl
from kepil.store.db import transaction
from kepil.store.models import MONITORING_ALL_REGIONS, MonitoringPeriodPaid, MonitoringRun

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
# What the run hands over: the contract's columns with the defect's id and region.
SCOPED_COLUMNS = ("id", *CONTRACT_COLUMNS, "region")
_RUN_COLUMNS = ("period", "run_id", "detected_on", "status", "objection_deadline", "hidden")
_WORKFLOW = (
    "detected_on",
    "status",
    "objection_deadline",
    "objected_on",
    "objection_reason",
    "resolved_on",
    "hidden",
    "notice_deadline",
    "notified_on",
    "refund_deadline",
    "refunded_on",
)
STAGE_COLUMNS = (
    *SCOPED_COLUMNS,
    "period",
    "run_id",
    *_WORKFLOW,
)
_STAGE_TYPES = {
    "rule_version": "INTEGER",
    "run_id": "INTEGER",
    "penalty": "BIGINT",
    "significant": "BOOLEAN",
    "hidden": "BOOLEAN",
    **{c: "DATE" for c in _WORKFLOW if c.endswith(("_on", "_deadline"))},
}
STAGE = "monitoring_stage"


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


def paid_on(session: Session, period: str, region: str) -> dt.date | None:
    """The day the period was paid for the region (a payment for all regions counts), or None."""
    days = session.scalars(
        select(MonitoringPeriodPaid.paid_on).where(
            MonitoringPeriodPaid.period == period,
            MonitoringPeriodPaid.region.in_([region, MONITORING_ALL_REGIONS]),
        )
    ).all()
    return min(days) if days else None


def _paid(conn: Connection, period: str, on: dt.date) -> tuple[bool, tuple[str, ...]]:
    """(every region paid, the regions paid) for the period as of `on` (53: paid on or before it)."""
    rows = conn.execute(
        select(MonitoringPeriodPaid.region).where(
            MonitoringPeriodPaid.period == period, MonitoringPeriodPaid.paid_on <= on
        )
    ).scalars()
    regions = set(rows)
    return MONITORING_ALL_REGIONS in regions, tuple(sorted(regions - {MONITORING_ALL_REGIONS}))


def _stage_rows(
    defects: pa.Table, scope: Scope, run_id: int, detected_on: dt.date, paid: pa.Array
) -> pa.Table:
    """The new rows with the run's columns and their deadlines (26; 53, 53-1 for the hidden ones)."""
    n = defects.num_rows
    hidden = paid
    due = dl.deadlines(detected_on, hidden=True)
    date = pa.date32()

    def const(value: object, type_: pa.DataType) -> pa.Array:
        return pa.array([value] * n, type_)

    def when_hidden(day: dt.date | None) -> pa.Array:
        return pc.if_else(hidden, const(day, date), const(None, date))

    columns: dict[str, pa.Array | pa.ChunkedArray] = {c: defects.column(c) for c in SCOPED_COLUMNS}
    columns |= {
        "period": const(scope.period, pa.string()),
        "run_id": const(run_id, pa.int64()),
        "detected_on": const(detected_on, date),
        "status": const("detected", pa.string()),
        "objection_deadline": const(due.objection, date),
        "objected_on": const(None, date),
        "objection_reason": const(None, pa.string()),
        "resolved_on": const(None, date),
        "hidden": hidden,
        "notice_deadline": when_hidden(due.notice),
        "notified_on": const(None, date),
        "refund_deadline": when_hidden(due.refund),
        "refunded_on": const(None, date),
    }
    return pa.table({c: columns[c] for c in STAGE_COLUMNS})


def _create_stage(conn: Connection) -> None:
    cols = ", ".join(f"{c} {_STAGE_TYPES.get(c, 'TEXT')}" for c in STAGE_COLUMNS)
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"CREATE TEMP TABLE {STAGE} ({cols}) ON COMMIT DROP")
    else:
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS temp.{STAGE}")
        conn.exec_driver_sql(f"CREATE TEMP TABLE {STAGE} ({cols})")


def bulk_load(conn: Connection, table: pa.Table) -> None:
    """Load `table` into the stage: COPY of Arrow's CSV on PostgreSQL, executemany on SQLite."""
    if table.num_rows == 0:
        return
    names = ", ".join(table.column_names)
    if conn.dialect.name == "postgresql":
        buf = io.BytesIO()
        pacsv.write_csv(table, buf, pacsv.WriteOptions(include_header=False))
        raw = conn.connection.driver_connection
        assert raw is not None
        with raw.cursor() as cur, cur.copy(f"COPY {STAGE} ({names}) FROM STDIN WITH (FORMAT csv)") as copy:
            copy.write(buf.getvalue())
        return
    # SQLite: dates as ISO text, as SQLAlchemy stores them there.
    cols = [c.cast(pa.string()) if pa.types.is_date(c.type) else c for c in table.columns]
    rows = list(zip(*(c.to_pylist() for c in cols), strict=True))
    marks = ", ".join("?" for _ in table.column_names)
    conn.exec_driver_sql(f"INSERT INTO {STAGE} ({names}) VALUES ({marks})", rows)


@contextmanager
def _period_lock(conn: Connection, period: str) -> Iterator[None]:
    """Runs of one period queue (PostgreSQL: a transaction-level advisory lock; SQLite: BEGIN IMMEDIATE)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(hashtext(:k))"), {"k": f"kepil.monitoring.{period}"})
    yield


def save_run(engine: Engine, scope: Scope, defects: pa.Table, record: RunRecord) -> StoreResult:
    """Replace the scope's defects by `defects` (SCOPED_COLUMNS) in one transaction (see the module)."""
    with transaction(engine) as session:
        conn = session.connection()
        with _period_lock(conn, scope.period):
            return _save(session, conn, scope, defects, record)


def _save(
    session: Session, conn: Connection, scope: Scope, defects: pa.Table, record: RunRecord
) -> StoreResult:
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
    )
    session.add(run)
    session.flush()

    in_paid = (
        pa.array([all_paid] * defects.num_rows, pa.bool_())
        if all_paid or not paid_regions
        else pc.is_in(defects.column("region"), value_set=pa.array(paid_regions, pa.string()))
    )
    if isinstance(in_paid, pa.ChunkedArray):
        in_paid = in_paid.combine_chunks()
    _create_stage(conn)
    bulk_load(conn, _stage_rows(defects, scope, run.id, record.detected_on, in_paid))

    where = "period = :period" + ("" if scope.region is None else " AND region = :region")
    if all_paid:
        paid_sql, unpaid_sql = "TRUE", "FALSE"
    elif paid_regions:
        inlist = ", ".join(f":p{i}" for i in range(len(paid_regions)))
        paid_sql, unpaid_sql = f"region IN ({inlist})", f"region NOT IN ({inlist})"
    else:
        paid_sql, unpaid_sql = "FALSE", "TRUE"
    params: dict[str, object] = {"period": scope.period, "region": scope.region}
    params |= {f"p{i}": r for i, r in enumerate(paid_regions)}
    d = "monitoring_defects"

    def one(sql: str) -> int:
        return int(conn.execute(text(sql), params).scalar_one())

    versions_before: dict[str, set[int]] = {}
    for rule, version in conn.execute(
        text(f"SELECT DISTINCT rule, rule_version FROM {d} WHERE {where} AND {unpaid_sql}"), params
    ):
        versions_before.setdefault(rule, set()).add(version)
    # Paid regions: what is stored stays (13); only ids not stored are new, and hidden (53).
    conn.execute(text(f"DELETE FROM {STAGE} WHERE {paid_sql} AND id IN (SELECT id FROM {d})"), params)
    kept_paid = one(f"SELECT count(*) FROM {d} WHERE {where} AND {paid_sql}")
    hidden = one(f"SELECT count(*) FROM {STAGE} WHERE {paid_sql}")
    # Unpaid regions: a defect found again keeps its workflow state (the id names the same defect).
    sets = ", ".join(f"{c} = old.{c}" for c in _WORKFLOW)
    conn.execute(text(f"UPDATE {STAGE} SET {sets} FROM {d} AS old WHERE old.id = {STAGE}.id"), params)
    added = one(f"SELECT count(*) FROM {STAGE} WHERE id NOT IN (SELECT id FROM {d})")
    removed = one(
        f"SELECT count(*) FROM {d} WHERE {where} AND {unpaid_sql} AND id NOT IN (SELECT id FROM {STAGE})"
    )
    conn.execute(text(f"DELETE FROM {d} WHERE {where} AND {unpaid_sql}"), params)
    cols = ", ".join(STAGE_COLUMNS)
    conn.execute(text(f"INSERT INTO {d} ({cols}) SELECT {cols} FROM {STAGE}"), params)
    stored = one(f"SELECT count(*) FROM {d} WHERE {where}")
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(f"DROP TABLE temp.{STAGE}")

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
    )
