"""Repeated services beyond what a case allows (`monitoring-rules` app1 row 6, code 3.1 — unjustified increase
in the number of treatment and diagnostic services — found under 13).

Reading (the act gives no number; docs/monitoring-algorithms.md): the visits of one person to one provider
for one diagnosis and kind of care in one period (claims ending in it) are one case; more than 4 visits on
different days is beyond what such a case allows. The visits are ranked by day; the claims of the 5th and
later days are the defect (the first four stand). Several claims of one day are the duplicate rule's
(5.1), not counted again here. Kinds: the outpatient visits (`VISIT_KINDS` less screening, which is a
programme of its own, app1 3.1 "+" only in the outpatient columns L1-L3).
"""

from __future__ import annotations

from collections.abc import Mapping

import ibis
import ibis.expr.types as ir

from kepil.i18n import Text
from kepil.law.monitoring_rules.algorithms.base import FOUND, MonitoringRule, Sources, Window

REPEAT_KINDS = ("phc", "outpatient_specialized", "dental")
CASE_KEYS = ("iin", "provider_id", "care_kind", "icd10")


def _repeated(src: Sources, w: Window, p: Mapping[str, int]) -> ir.Table:
    """The visits of each case from its (max_visits + 1)-th day on. A case needs more than max_visits
    claims to have that many days: a hash of the case's keys counted first (one aggregate on an integer
    column) leaves the few candidate cases, and only their claims are ranked by day. A hash collision only
    adds candidates, so the engines' different hashes give the same rows (as duplicate_case)."""
    c = src.claims

    def key(t: ir.Table) -> ir.IntegerValue:
        return ibis.struct({k: t[k] for k in CASE_KEYS}).hash()

    # every region's claims of the period: a provider's case is ranked whole, then cut to the region. The
    # two sides are shaped differently on purpose (equal subexpressions become one materialised CTE).
    hashes = c.filter(c.end_date >= w.first, c.end_date <= w.last, c.care_kind.isin(REPEAT_KINDS))
    hashes = hashes.select(g__key=key(hashes))
    groups = hashes.group_by("g__key").agg(g__n=hashes.count())
    groups = groups.filter(groups.g__n > p["max_visits"]).select("g__key")
    month = c.filter(c.care_kind.isin(REPEAT_KINDS), c.end_date.between(w.first, w.last))
    month = month.select(*FOUND, *(k for k in CASE_KEYS if k not in FOUND), "start_date", h__key=key(month))
    cand = month.semi_join(groups, month.h__key == groups.g__key)
    keys = [cand[k] for k in CASE_KEYS]
    ranked = cand.mutate(
        day_rank=ibis.dense_rank().over(group_by=keys, order_by=cand.start_date),
        first_day=cand.start_date.min().over(group_by=keys),
    )
    # dense_rank counts from 0 on both engines (Ibis): the 5th day has rank 4
    t = ranked.filter(ranked.day_rank >= p["max_visits"])
    if w.region is not None:
        t = t.filter(t.region == w.region)
    return t.select(
        *FOUND,
        icd10=t.icd10,
        visit_day=t.start_date,
        visit_number=(t.day_rank + 1).cast("int64"),
        first_visit_day=t.first_day,
    )


REPEATED_VISITS = MonitoringRule(
    id="repeated_visits",
    version=1,
    code="3.1",
    clause="app1.6",
    description=Text(
        "Емдеу-диагностикалық қызметтер санын негізсіз ұлғайту: бір кезеңде сол адамның сол өнім берушіге "
        "сол диагнозбен 4-тен астам күні келуі (5-ші және одан кейінгі күндер).",
        "Необоснованное увеличение числа лечебно-диагностических услуг: за период более 4 дней посещений "
        "одного лица у одного поставщика с одним диагнозом (посещения с 5-го дня).",
        "Unjustified increase in the number of treatment and diagnostic services: more than 4 days of visits "
        "by one person to one provider for one diagnosis in a period (the visits from the 5th day on).",
    ),
    params={"max_visits": 4},
    relation=_repeated,
)

__all__ = ["CASE_KEYS", "REPEATED_VISITS", "REPEAT_KINDS"]
