"""Reports computed once by a command and kept in the store (`kepil.store.reports`) for the pages:
the inpatient-cap utilisation (`caps`), the access criteria (`access`) and the medicine need and budget
request (`medicines`). The computations are the law layer's; this package runs them set-based, adds the
totals the pages show and stores the result with its act, clauses and dates in force."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine


def open_store(url: str | None) -> Engine:
    """The store for a command's `--store`: `url`, else KEPIL_DATABASE_URL, else sqlite:///kepil.db
    (created on first use; kepil.store.migrate.open_store)."""
    from kepil.store.migrate import open_store as opened

    return opened(url)
