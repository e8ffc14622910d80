"""The audit log: who changed what and when, written inside the change's own transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from kepil.store.models import AuditEntry, Base


def snapshot(row: Base) -> dict[str, Any]:
    """The row's columns as JSON values (dates as ISO text)."""
    out: dict[str, Any] = {}
    for attr in inspect(row).mapper.column_attrs:
        value = getattr(row, attr.key)
        if isinstance(value, dt.date | dt.datetime):
            value = value.isoformat()
        out[attr.key] = value
    return out


def record(
    session: Session,
    actor: str,
    action: str,
    entity: str,
    entity_id: str | int,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    session.add(
        AuditEntry(
            actor=actor, action=action, entity=entity, entity_id=str(entity_id), before=before, after=after
        )
    )


def entries(
    session: Session, entity: str | None = None, entity_id: str | None = None, limit: int = 100
) -> list[AuditEntry]:
    q = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if entity is not None:
        q = q.where(AuditEntry.entity == entity)
    if entity_id is not None:
        q = q.where(AuditEntry.entity_id == entity_id)
    return list(session.scalars(q))
