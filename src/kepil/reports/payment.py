"""The payment view (issue 16): a payment run's amounts by organisation, method, region and cited app2
item, stored for the pages and the API (`kepil pay --store`, kind `payment`, scope the month), and read
with the monitoring's penalties and refunds of the same month beside the amounts they reduce.

`monitoring-rules` 53-2: a refund of care paid before "does not stop or limit the current payments" under
the purchase contract — so penalties and refunds are shown beside the amounts due, never subtracted from
them here (`net_of_deductions` is what the month would be if they were, for information).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select

from kepil.store.db import reading
from kepil.store.models import MonitoringDefect, MonitoringSummary
from kepil.store.reports import Report, load_report, report_scopes, save_report

KIND = "payment"
COLUMNS = [
    "provider_id", "region", "method", "clause", "item", "rows", "claims", "presented_tiyn", "amount_tiyn",
    "withheld_tiyn", "unpriced",
]  # fmt: skip


def provider_rows(amounts: Path) -> list[list[Any]]:
    """The amounts file (Parquet or CSV) grouped by organisation, region, method and cited item, on
    DuckDB (one scan; the month's millions of rows are never held in Python)."""
    import duckdb

    reader = "read_csv_auto" if amounts.suffix.lower() == ".csv" else "read_parquet"
    sql = f"""
        SELECT provider_id, region, method, clause, item, count(*) AS rows, count(claim_id) AS claims,
               sum(presented_tiyn)::BIGINT, sum(amount_tiyn)::BIGINT, sum(withheld_tiyn)::BIGINT,
               count(*) FILTER (WHERE amount_tiyn IS NULL) AS unpriced
        FROM {reader}(?)
        GROUP BY ALL ORDER BY provider_id, clause NULLS LAST, item NULLS LAST, method NULLS LAST, region
    """
    with duckdb.connect() as con:
        return [list(r) for r in con.execute(sql, [str(amounts)]).fetchall()]


def store_payment(engine: Engine, period: str, amounts: Path, source: str, book_year: int) -> int:
    """Store the month's payment (replacing a stored one); returns the rows stored."""
    rows = provider_rows(amounts)
    meta = {"act": "program-2026-2028", "clauses": ["77", "app2"], "book_year": book_year}
    save_report(engine, KIND, period, source, COLUMNS, rows, meta)
    return len(rows)


def deductions(engine: Engine, period: str) -> dict[str | None, dict[str, int]]:
    """Per organisation, the monitoring's penalties of the month's defects (not withdrawn) and the refunds
    set by unscheduled monitoring (53, 53-1), in tiyn."""
    pen = (
        select(MonitoringSummary.provider_id, func.sum(MonitoringSummary.penalty))
        .where(MonitoringSummary.period == period, MonitoringSummary.status != "withdrawn")
        .group_by(MonitoringSummary.provider_id)
    )
    ref = (
        select(MonitoringDefect.provider_id, func.sum(MonitoringDefect.refund_amount))
        .where(MonitoringDefect.period == period, MonitoringDefect.refund_amount.is_not(None))
        .group_by(MonitoringDefect.provider_id)
    )
    out: dict[str | None, dict[str, int]] = {}
    with reading(engine) as s:
        for provider, total in s.execute(pen).all():
            out.setdefault(provider, {"penalty_tiyn": 0, "refund_tiyn": 0})["penalty_tiyn"] = int(total or 0)
        for provider, refund in s.execute(ref).all():
            out.setdefault(provider, {"penalty_tiyn": 0, "refund_tiyn": 0})["refund_tiyn"] = int(refund or 0)
    return out


def payment_view(engine: Engine, period: str | None = None, provider: str | None = None) -> dict[str, Any]:
    """The stored payment of `period` (the newest when None), for every organisation or `provider` only:
    rows by organisation and item, totals by method and by region, and per organisation the amount due
    with the monitoring's penalties and refunds beside it (53-2). `report` None: nothing stored."""
    scopes = report_scopes(engine, KIND)
    report: Report | None = (
        load_report(engine, KIND, period) if (period is None or period in scopes) else None
    )
    if report is None:
        return {"period": period, "periods": scopes, "report": None}
    rows = [r for r in report.records() if provider is None or r["provider_id"] == provider]
    ded = deductions(engine, report.scope)

    def totals(key: str) -> list[dict[str, Any]]:
        acc: dict[Any, dict[str, Any]] = {}
        for r in rows:
            k = r[key]
            t = acc.setdefault(k, {key: k, "rows": 0, "claims": 0, "amount_tiyn": 0, "withheld_tiyn": 0,
                                   "unpriced": 0})  # fmt: skip
            for f in ("rows", "claims", "unpriced"):
                t[f] += r[f]
            for f in ("amount_tiyn", "withheld_tiyn"):
                t[f] += r[f] or 0
        return sorted(acc.values(), key=lambda t: (t[key] is None, str(t[key])))

    providers = totals("provider_id")
    for p in providers:
        d = ded.get(p["provider_id"], {"penalty_tiyn": 0, "refund_tiyn": 0})
        p |= d | {"net_of_deductions_tiyn": p["amount_tiyn"] - d["penalty_tiyn"] - d["refund_tiyn"]}
    return {
        "period": report.scope,
        "periods": scopes,
        "report": report,
        "rows": rows,
        "by_method": totals("method"),
        "by_region": totals("region"),
        "by_provider": providers,
    }
