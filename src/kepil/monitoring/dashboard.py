"""The queries the monitoring pages run (issue 7), over what the runs stored (`monitoring-rules` 10, 13, 26,
53, 53-1).

Aggregates (KPIs, defects by code, over time, by region or provider) read `monitoring_summary` — a few
thousand rows per period however many claims were judged — so a national month of 10 M claims renders in
milliseconds. The lists read `monitoring_defects` through its indexes and are limited to one page; a list
query is skipped when the summary says the scope has no such rows:

- objections (26) by `ix_monitoring_defects_status` (period, status) and hidden defects (53, 53-1) and
  their overdue counts by `ix_monitoring_defects_hidden` (period, hidden), one plain query each, the region
  or provider a filter on those few rows. Until migration 0003 had those indexes the lists walked
  `ix_monitoring_defects_provider` over IN lists of the providers the summary named; measured at 10 M
  claims (146,021 defects, 200 objections, 1,000 hidden; benchmarks/dashboards.py) the plain queries are
  faster on SQLite and PostgreSQL in every scope (national objections 47 → 1.3 ms on SQLite, 31 → 2 ms on
  PostgreSQL; region 30 → 0.9 and 10 → 1.4 ms; EXPLAIN shows the status / hidden index in each) and need
  no merging of per-part results, so they replaced them. PostgreSQL without statistics (autovacuum off,
  right after a run) walks the region index for a region's list instead: about 10 ms, still no slower;
- a code's defects by `ix_monitoring_defects_code` (period, region, code) or
  `ix_monitoring_defects_provider`; a claim's defects by `ix_monitoring_defects_claim`.

Overdue (26, 53, 53-1): a deadline is the last day on which the act may still be done, so the deadline day
itself is not overdue; any later day is (`deadline < on`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Engine, and_, case, func, or_, select
from sqlalchemy.orm import Session

from kepil.store.db import reading
from kepil.store.models import (
    MONITORING_ALL_REGIONS,
    MonitoringClaim,
    MonitoringDefect,
    MonitoringJudged,
    MonitoringRun,
    MonitoringSummary,
)

PAGE_SIZE = 50
OBJECTED = ("objected", "upheld", "withdrawn")  # statuses of a defect objected to (26)
D, S = MonitoringDefect, MonitoringSummary
# The penalty that stands: a defect the Fund withdrew on the provider's objection (26) takes its penalty
# with it.
STANDING_PENALTY = case((S.status == "withdrawn", 0), else_=S.penalty)


@dataclass(frozen=True, slots=True)
class Filters:
    """A dashboard's scope: the period, optionally one region and one provider; `on` is the day against
    which deadlines count as overdue."""

    period: str
    region: str | None = None
    provider: str | None = None
    on: dt.date = dt.date(2026, 1, 1)


def _summary_where(f: Filters, period: bool = True) -> ColumnElement[bool]:
    conds: list[ColumnElement[bool]] = [S.period == f.period] if period else []
    if f.region is not None:
        conds.append(S.region == f.region)
    if f.provider is not None:
        conds.append(S.provider_id == f.provider)
    return and_(True, *conds)


def _defects_where(f: Filters) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = [D.period == f.period]
    if f.region is not None:
        conds.append(D.region == f.region)
    if f.provider is not None:
        conds.append(D.provider_id == f.provider)
    return conds


def stored_periods(engine: Engine) -> list[str]:
    """The periods with a stored run or stored defects, oldest first."""
    with reading(engine) as s:
        runs = set(s.scalars(select(MonitoringRun.period).distinct()))
        summed = set(s.scalars(select(S.period).distinct()))
    return sorted(runs | summed)


def judged_by(engine: Engine, f: Filters, by: str) -> dict[str | None, int] | None:
    """Claims judged in the scope by `region` or `provider_id` (monitoring_judged, stored by the runs since
    migration 0008), or None when no run of the period stored them."""
    J = MonitoringJudged
    key = J.region if by == "region" else J.provider_id
    conds = [J.period == f.period]
    if f.region is not None:
        conds.append(J.region == f.region)
    if f.provider is not None:
        conds.append(J.provider_id == f.provider)
    with reading(engine) as s:
        if s.scalar(select(J.id).where(J.period == f.period).limit(1)) is None:
            return None
        return {k: int(n) for k, n in s.execute(select(key, func.sum(J.claims)).where(*conds).group_by(key))}


def rate(defects: int, claims: int | None) -> float | None:
    """Defects per 1,000 claims judged (None when the claims judged are not known or none)."""
    return None if not claims else 1000 * defects / claims


def claims_judged(engine: Engine, f: Filters) -> int | None:
    """Claims judged in the scope: from monitoring_judged (any region, any provider) when the period's runs
    stored it; else, for runs stored before it, the latest run of the scope (monitoring_runs): the region's
    own run, or for the national view the latest all-regions run (else the sum of each region's latest),
    None when the runs do not tell (a region judged only by an all-regions run, or one provider)."""
    counted = judged_by(engine, f, "region")
    if counted is not None:
        return sum(counted.values())
    if f.provider is not None:
        return None
    r = MonitoringRun
    latest = (
        select(r.region, func.max(r.id).label("id")).where(r.period == f.period).group_by(r.region).subquery()
    )
    q = select(r.region, r.claims).join(latest, r.id == latest.c.id)
    with reading(engine) as s:
        by_region = {region: int(n) for region, n in s.execute(q)}
    if f.region is not None:
        return by_region.get(f.region)
    if MONITORING_ALL_REGIONS in by_region:
        return by_region[MONITORING_ALL_REGIONS]
    return sum(by_region.values()) if by_region else None


def latest_checks(engine: Engine, period: str) -> dict[str, Any] | None:
    """What the period's latest run checked (kepil.monitoring.checks, stored with the run), or None."""
    r = MonitoringRun
    with reading(engine) as s:
        checks = s.scalar(select(r.checks).where(r.period == period).order_by(r.id.desc()).limit(1))
    return dict(checks) if checks else None


def kpis(engine: Engine, f: Filters) -> dict[str, Any]:
    """The cards: claims judged, defects, significant, penalty total, objections open (awaiting the Fund's
    answer, 26), hidden defects (53) and their notices (53) and refunds (53-1) overdue on `f.on`."""
    q = select(
        func.coalesce(func.sum(S.defects), 0),
        func.coalesce(func.sum(case((S.significant.is_(True), S.defects), else_=0)), 0),
        func.coalesce(func.sum(STANDING_PENALTY), 0),
        func.coalesce(func.sum(case((S.status == "objected", S.defects), else_=0)), 0),
        func.coalesce(func.sum(case((S.hidden.is_(True), S.defects), else_=0)), 0),
        func.coalesce(func.sum(case((S.status.in_(OBJECTED), S.defects), else_=0)), 0),
    ).where(_summary_where(f))
    with reading(engine) as s:
        defects, significant, penalty, objected, hidden, objections = (int(v) for v in s.execute(q).one())
    notices = refunds = 0
    if hidden:
        notices, refunds = overdue_counts(engine, f)
    return {
        "claims": claims_judged(engine, f),
        "defects": defects,
        "significant": significant,
        "penalty": penalty,
        "objections_open": objected,
        "objections": objections,
        "hidden": hidden,
        "notices_overdue": notices,
        "refunds_overdue": refunds,
    }


def _pending(done: Any) -> ColumnElement[bool]:
    """A hidden defect whose notice (53) or refund (53-1) is not recorded; withdrawn ones are not due."""
    return and_(D.hidden.is_(True), done.is_(None), D.status != "withdrawn")


def overdue_counts(engine: Engine, f: Filters) -> tuple[int, int]:
    """(notices overdue, refunds overdue) on `f.on` among the scope's hidden defects (53, 53-1)."""
    q = select(
        func.coalesce(
            func.sum(case((and_(_pending(D.notified_on), D.notice_deadline < f.on), 1), else_=0)), 0
        ),
        func.coalesce(
            func.sum(case((and_(_pending(D.refunded_on), D.refund_deadline < f.on), 1), else_=0)), 0
        ),
    ).where(*_defects_where(f), D.hidden.is_(True))  # ix_monitoring_defects_hidden
    with reading(engine) as s:
        notices, refunds = s.execute(q).one()
    return int(notices), int(refunds)


def _grouped(engine: Engine, f: Filters, key: Any, name: str) -> list[dict[str, Any]]:
    """The scope's defects, significant ones and penalty (tiyn) by `key`, each row's key under `name`."""
    q = (
        select(
            key,
            func.sum(S.defects),
            func.sum(case((S.significant.is_(True), S.defects), else_=0)),
            func.sum(STANDING_PENALTY),
        )
        .where(_summary_where(f))
        .group_by(key)
    )
    with reading(engine) as s:
        return [
            {name: k, "defects": int(n), "significant": int(sig), "penalty": int(pen)}
            for k, n, sig, pen in s.execute(q)
        ]


def _summary_total(s: Session, f: Filters, *cond: ColumnElement[bool]) -> int:
    """How many defects of the scope meet `cond` (from the summary)."""
    return int(s.scalar(select(func.coalesce(func.sum(S.defects), 0)).where(_summary_where(f), *cond)) or 0)


def by_code(engine: Engine, f: Filters) -> list[dict[str, Any]]:
    """Defects by classifier code and significance: count, significant count, penalty (tiyn)."""
    rows = _grouped(engine, f, S.code, "code")
    return sorted(rows, key=lambda r: (-r["defects"], _code_order(r["code"])))


def _code_order(code: str) -> tuple[float, str]:
    try:
        return float(code), code
    except ValueError:
        return float("inf"), code


def over_time(engine: Engine, f: Filters) -> list[dict[str, Any]]:
    """Defects of every stored period (region and provider as filtered), significant and not."""
    q = (
        select(
            S.period,
            func.sum(case((S.significant.is_(True), S.defects), else_=0)),
            func.sum(case((S.significant.is_(True), 0), else_=S.defects)),
            func.sum(STANDING_PENALTY),
        )
        .where(_summary_where(f, period=False))
        .group_by(S.period)
        .order_by(S.period)
    )
    with reading(engine) as s:
        return [
            {"period": p, "significant": int(sig), "other": int(other), "defects": int(sig) + int(other),
             "penalty": int(pen)}
            for p, sig, other, pen in s.execute(q)
        ]  # fmt: skip


def ranked(engine: Engine, f: Filters, by: str) -> list[dict[str, Any]]:
    """Defects by `region` (national view) or `provider_id` (a region's view), most first."""
    rows = _grouped(engine, f, S.region if by == "region" else S.provider_id, by)
    return sorted(rows, key=lambda r: (-r["defects"], str(r[by])))


def _row(d: MonitoringDefect) -> dict[str, Any]:
    return {c.key: getattr(d, c.key) for c in MonitoringDefect.__table__.columns}


def objections(
    engine: Engine, f: Filters, limit: int = PAGE_SIZE, total: int | None = None, page: int = 1
) -> tuple[int, list[dict[str, Any]]]:
    """(how many, page `page` of `limit`) defects objected to (26) in the scope: the open ones first, then
    the resolved, each by the day of the objection. `total`: the count when known (kpis' `objections`)."""
    with reading(engine) as s:
        if total is None:
            total = _summary_total(s, f, S.status.in_(OBJECTED))
        if not total:
            return 0, []
        q = (
            select(D)
            .where(*_defects_where(f), D.status.in_(OBJECTED))  # ix_monitoring_defects_status
            .order_by(case((D.status == "objected", 0), else_=1), D.objected_on.desc().nulls_last(), D.id)
            .offset((page - 1) * limit)
            .limit(limit)
        )
        return total, [_row(d) for d in s.scalars(q)]


def hidden(
    engine: Engine, f: Filters, limit: int = PAGE_SIZE, total: int | None = None, page: int = 1
) -> tuple[int, list[dict[str, Any]]]:
    """(how many, page `page` of `limit`) hidden defects (53) of the scope, those with a notice or refund
    still to do first, by the nearest deadline; each with `notice_overdue` / `refund_overdue` on `f.on`.
    `total`: the count when known (kpis' `hidden`)."""
    with reading(engine) as s:
        if total is None:
            total = _summary_total(s, f, S.hidden.is_(True))
        if not total:
            return 0, []
        open_first = case((or_(_pending(D.notified_on), _pending(D.refunded_on)), 0), else_=1)
        q = (
            select(D)
            .where(*_defects_where(f), D.hidden.is_(True))  # ix_monitoring_defects_hidden
            .order_by(open_first, D.notice_deadline.nulls_last(), D.refund_deadline.nulls_last(), D.id)
            .offset((page - 1) * limit)
            .limit(limit)
        )
        rows = [_row(d) for d in s.scalars(q)]
    for r in rows:
        r.update(overdue_flags(r, f.on))
    return total, rows


def overdue_flags(row: dict[str, Any], on: dt.date) -> dict[str, bool]:
    """Whether the notice (53) or refund (53-1) of a hidden defect is overdue on `on`: the deadline day
    itself is in time."""
    live = row.get("status") != "withdrawn"
    notice, refund = row.get("notice_deadline"), row.get("refund_deadline")
    return {
        "notice_overdue": bool(
            row.get("hidden")
            and live
            and row.get("notified_on") is None
            and notice is not None
            and notice < on
        ),
        "refund_overdue": bool(
            row.get("hidden")
            and live
            and row.get("refunded_on") is None
            and refund is not None
            and refund < on
        ),
    }


def defects_page(
    engine: Engine, f: Filters, code: str, page: int, size: int = PAGE_SIZE
) -> tuple[int, list[dict[str, Any]]]:
    """(how many, page `page` (from 1) of) the scope's defects of `code`, by claim then id; the query uses
    ix_monitoring_defects_code (period, region, code) or ix_monitoring_defects_provider."""
    counts = select(S.region, func.sum(S.defects)).where(_summary_where(f), S.code == code).group_by(S.region)
    with reading(engine) as s:
        by_region = {region: int(n) for region, n in s.execute(counts) if n}
        total = sum(by_region.values())
        if not total:
            return 0, []
        where = [*_defects_where(f), D.code == code]
        if f.region is None and f.provider is None:  # national: the regions that have the code, so that
            where.append(D.region.in_(sorted(by_region)))  # ix_..._code (period, region, code) walks the code
        q = select(D).where(*where).order_by(D.claim_id, D.id).offset((page - 1) * size).limit(size)
        return total, [_row(d) for d in s.scalars(q)]


def claim_defects(engine: Engine, claim_id: str) -> list[dict[str, Any]]:
    """Every stored defect of a claim (ix_monitoring_defects_claim), by period, code and rule."""
    q = select(D).where(D.claim_id == claim_id).order_by(D.period, D.code, D.rule, D.id)
    with reading(engine) as s:
        return [_row(d) for d in s.scalars(q)]


def defect(engine: Engine, defect_id: str) -> dict[str, Any] | None:
    """One stored defect by its id (contract-level defects have no claim page)."""
    with reading(engine) as s:
        found = s.get(D, defect_id)
        return None if found is None else _row(found)


CLAIM_FIELDS = tuple(c.key for c in MonitoringClaim.__table__.columns)


def claim_records(engine: Engine, claim_ids: list[str]) -> dict[str, dict[str, Any]]:
    """{claim id: the claim as the run read it (monitoring_claims)} of those stored among `claim_ids`."""
    if not claim_ids:
        return {}
    with reading(engine) as s:
        found = s.scalars(select(MonitoringClaim).where(MonitoringClaim.claim_id.in_(sorted(set(claim_ids)))))
        return {c.claim_id: {k: getattr(c, k) for k in CLAIM_FIELDS} for c in found}


def providers(engine: Engine, f: Filters) -> list[str]:
    """The providers with stored defects or judged claims in the scope (period, region), by id."""
    J = MonitoringJudged
    with reading(engine) as s:
        found = set(s.scalars(select(S.provider_id).where(_summary_where(f)).distinct()))
        conds = [J.period == f.period] + ([J.region == f.region] if f.region is not None else [])
        found |= set(s.scalars(select(J.provider_id).where(*conds).distinct()))
    return sorted(p for p in found if p)
