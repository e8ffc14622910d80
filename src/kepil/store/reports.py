"""Stored reports: a command computes a report (caps utilisation, access criteria, medicine need and
request) once and keeps it here, so that a page shows it without recomputing it per view."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, delete, insert, select

from kepil.store.db import core_transaction, reading
from kepil.store.models import StoredReport, utcnow

KINDS = ("caps_utilisation", "access_criteria", "medicines_need", "medicines_request", "payment")


@dataclass(frozen=True, slots=True)
class Report:
    kind: str
    scope: str
    source: str
    created_at: dt.datetime
    meta: dict[str, Any]
    columns: list[str]
    rows: list[list[Any]]

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"unknown report kind {kind!r}; known: {', '.join(KINDS)}")


def save_report(
    engine: Engine,
    kind: str,
    scope: str,
    source: str,
    columns: list[str],
    rows: list[list[Any]],
    meta: dict[str, Any] | None = None,
) -> None:
    """Store (or replace) the report of `kind` for `scope`, in one transaction. Values must be JSON:
    dates as ISO strings, money as integer tiyn."""
    _check_kind(kind)
    if any(len(r) != len(columns) for r in rows):
        raise ValueError("every row must have one value per column")
    with core_transaction(engine) as c:
        c.execute(delete(StoredReport).where(StoredReport.kind == kind, StoredReport.scope == scope))
        c.execute(
            insert(StoredReport).values(
                kind=kind, scope=scope, source=source[:500], created_at=utcnow(), meta=meta or {},
                columns=list(columns), rows=[list(r) for r in rows],
            )
        )  # fmt: skip


def load_report(engine: Engine, kind: str, scope: str | None = None) -> Report | None:
    """The report of `kind` for `scope`, or the newest of that kind when `scope` is None."""
    _check_kind(kind)
    q = select(StoredReport).where(StoredReport.kind == kind)
    q = q.where(StoredReport.scope == scope) if scope is not None else q
    q = q.order_by(StoredReport.created_at.desc(), StoredReport.id.desc()).limit(1)
    with reading(engine) as s:
        row = s.scalars(q).first()
        if row is None:
            return None
        return Report(row.kind, row.scope, row.source, row.created_at, dict(row.meta), list(row.columns),
                      [list(r) for r in row.rows])  # fmt: skip


def report_scopes(engine: Engine, kind: str) -> list[str]:
    """The scopes stored for `kind`, newest first."""
    _check_kind(kind)
    q = select(StoredReport.scope).where(StoredReport.kind == kind).order_by(StoredReport.created_at.desc())
    with reading(engine) as s:
        return list(s.scalars(q))
