"""A what-if's result kept in the store (`kepil.store.reports`, kinds `whatif_coverage` and `whatif_claims`)
for the analysts' page and the API: the summary as the report's rows; the reform, the totals and the first
changed cases (for drill-down) in its meta. One per (kind, reform, source): stored again, replaced."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

import polars as pl

from kepil.whatif.reform import Reform

if TYPE_CHECKING:
    from sqlalchemy import Engine

CASES_KEPT = 2000  # changed cases stored for drill-down; the whole difference is the --out file


def scope_of(reform: Reform, source: str) -> str:
    """`<digest>:<source>`, at most 64 characters (the store's scope)."""
    stem = re.sub(r"[^A-Za-z0-9_.-]", "_", source)[:40]
    return f"{reform.digest[:20]}:{stem}"


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def save(
    engine: Engine,
    kind: str,
    reform: Reform,
    source: str,
    summary: pl.DataFrame,
    cases: pl.DataFrame,
    totals: dict[str, Any],
    extra: dict[str, Any] | None = None,
) -> str:
    """Store the result; returns its scope."""
    from kepil.store.reports import save_report

    scope = scope_of(reform, source)
    kept = cases.head(CASES_KEPT)
    meta = {
        "reform": reform.as_dict(),
        "warnings": [w.as_dict() for w in reform.warnings],
        "totals": totals,
        "cases_columns": kept.columns,
        "cases": [[_plain(v) for v in row] for row in kept.iter_rows()],
        "cases_total": cases.height,
        **(extra or {}),
    }
    rows = [[_plain(v) for v in row] for row in summary.iter_rows()]
    save_report(engine, kind, scope, source, summary.columns, rows, meta)
    return scope
