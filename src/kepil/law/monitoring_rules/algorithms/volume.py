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
    c = src.claims
    # every region's claims of the period: a provider's case is ranked whole, then cut to the region
    month = c.filter(c.care_kind.isin(REPEAT_KINDS), c.end_date.between(w.first, w.last))
    month = month.select(*FOUND, *(k for k in CASE_KEYS if k not in FOUND), "start_date")
    keys = [month[k] for k in CASE_KEYS]
    ranked = month.mutate(
        day_rank=ibis.dense_rank().over(group_by=keys, order_by=month.start_date),
        first_day=month.start_date.min().over(group_by=keys),
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
