"""FHIR exchanges kept so that what kepil's FHIR answers reference resolves by GET (docs/fhir.md)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Engine, insert, select

from kepil.store.db import core_transaction, reading
from kepil.store.models import FhirExchange
from kepil.store.providers import NotFound


def save_exchanges(engine: Engine, rows: list[dict[str, Any]]) -> None:
    """Store exchanges (`id`, `created_at`, `created_by`, `organisation_id`, `request`, `response`) in one
    statement and one transaction: a batch is kept whole or not at all."""
    if rows:
        with core_transaction(engine) as conn:
            conn.execute(insert(FhirExchange), rows)


def exchange(engine: Engine, exchange_id: str, organisation_id: str | None) -> FhirExchange:
    """The exchange `exchange_id` as its reader may see it: an organisation's key reads its organisation's
    exchanges only (another's is NotFound, which says nothing of whether it exists); None reads all."""
    query = select(FhirExchange).where(FhirExchange.id == exchange_id)
    if organisation_id is not None:
        query = query.where(FhirExchange.organisation_id == organisation_id)
    with reading(engine) as s:
        found = s.scalar(query)
    if found is None:
        raise NotFound(exchange_id)
    return found


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)
