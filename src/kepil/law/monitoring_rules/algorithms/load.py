"""The load no practitioner can carry (`monitoring-rules` app1 row 5, code 3.0 — unjustified inflation of
the volume of care, 2.16 — found under 13), from the optional claims column `practitioner_id`
(contracts/claims.md, amendments of December 2026). Without the column the rules are reported as not run.

The national audit found one doctor recording 1,442 patients in a day against an average of up to 24. The
act sets no limit; kepil's readings (docs/monitoring-algorithms.md), the rules' parameters:
- a day: more than 96 visits recorded by one practitioner on one start date (4 × the audited average of
  24; 96 visits in an 8-hour day are one every 5 minutes);
- a month: more than 1,056 visits starting in the period (2 × 24 a day × 22 working days), on days not
  already over the daily limit.
A visit is a claim of the kinds a practitioner sees patients in one by one (`VISIT_KINDS`); the count is of
claims, every region of the input. Every judged claim of an overloaded day (or month) is the defect: which
of them were given cannot be told from the data, and the provider shows it by objecting (26).
"""

from __future__ import annotations

from collections.abc import Mapping

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from kepil.i18n import Text
from kepil.law.monitoring_rules.algorithms.base import FOUND, MonitoringRule, Sources, Window

PRACTITIONER = "practitioner_id"
VISIT_KINDS = ("phc", "outpatient_specialized", "dental", "screening")
DAILY_LIMIT, MONTHLY_LIMIT = 96, 1_056
LOADS_SCHEMA = pa.schema(
    [("l__who", pa.string()), ("l__day", pa.date32()), ("l__visits", pa.int64()), ("l__kind", pa.string())]
)


def _visits(c: ir.Table) -> ir.Table:
    return c.filter(c[PRACTITIONER].notnull() & c.care_kind.isin(VISIT_KINDS))


def overloaded(src: Sources, w: Window) -> ir.Table:
    """The side table both load rules join (one aggregate over the claims, computed once a run): the
    practitioner-days up to the window's last with more than DAILY_LIMIT visits (`l__kind` day), and the
    practitioners with more than MONTHLY_LIMIT visits starting in the window (`l__kind` month, no day).
    Every claim of the input counts, whatever its region."""
    v = _visits(src.claims)
    v = v.filter(v.start_date <= w.last)
    days = v.group_by(l__who=v[PRACTITIONER], l__day=v.start_date).agg(l__visits=v.count())
    busy_days = days.filter(days.l__visits > DAILY_LIMIT).mutate(l__kind=ibis.literal("day"))
    month = days.filter(days.l__day >= w.first)
    months = month.group_by("l__who").agg(l__visits=month.l__visits.sum())
    busy_months = months.filter(months.l__visits > MONTHLY_LIMIT).mutate(
        l__day=ibis.null().cast("date"), l__kind=ibis.literal("month")
    )
    cols = ["l__who", "l__day", "l__visits", "l__kind"]
    return busy_days.select(*cols).union(busy_months.select(*cols), distinct=False)


def _loads(src: Sources, kind: str) -> ir.Table:
    assert src.loads is not None  # built by find_defects for the rules that need "loads"
    t = src.loads
    return t.filter(t.l__kind == kind)


def _daily(src: Sources, w: Window, p: Mapping[str, int]) -> ir.Table:
    c = src.claims
    judged = _visits(c).filter(w.judged(c))
    over = _loads(src, "day")
    j = judged.join(over, (judged[PRACTITIONER] == over.l__who) & (judged.start_date == over.l__day))
    return j.select(
        *FOUND, practitioner_id=j[PRACTITIONER], day=j.start_date, visits_that_day=j.l__visits.cast("int64")
    )


PRACTITIONER_DAILY_LOAD = MonitoringRule(
    id="practitioner_daily_load",
    version=1,
    code="3.0",
    clause="app1.5",
    description=Text(
        "Көмек көлемін негізсіз асыру: бір маман бір күнде көтере алмайтын қабылдау саны (күніне 96-дан "
        "астам қабылдау) тіркелген.",
        "Необоснованное завышение объёма помощи: один специалист записал за день больше приёмов, чем можно "
        "провести (более 96 приёмов в день).",
        "Unjustified inflation of the volume of care: one practitioner recorded more visits in a day than "
        "one can give (more than 96 visits a day).",
    ),
    params={"daily_limit": DAILY_LIMIT},
    needs=frozenset({"loads"}),
    relation=_daily,
    requires_columns=(PRACTITIONER,),
)


def _monthly(src: Sources, w: Window, p: Mapping[str, int]) -> ir.Table:
    c = src.claims
    judged = _visits(c).filter(w.judged(c))
    months, days = _loads(src, "month"), _loads(src, "day")
    j = judged.join(months, judged[PRACTITIONER] == months.l__who)
    # the days over the daily limit are the daily rule's: not counted twice
    j = j.anti_join(days, (j[PRACTITIONER] == days.l__who) & (j.start_date == days.l__day))
    return j.select(*FOUND, practitioner_id=j[PRACTITIONER], visits_in_period=j.l__visits.cast("int64"))


PRACTITIONER_MONTHLY_LOAD = MonitoringRule(
    id="practitioner_monthly_load",
    version=1,
    code="3.0",
    clause="app1.5",
    description=Text(
        "Көмек көлемін негізсіз асыру: бір маман бір айда көтере алмайтын қабылдау саны (айына 1 056-дан "
        "астам қабылдау) тіркелген.",
        "Необоснованное завышение объёма помощи: один специалист записал за месяц больше приёмов, чем можно "
        "провести (более 1 056 приёмов в месяц).",
        "Unjustified inflation of the volume of care: one practitioner recorded more visits in a month than "
        "one can give (more than 1,056 visits a month).",
    ),
    params={"daily_limit": DAILY_LIMIT, "monthly_limit": MONTHLY_LIMIT},
    needs=frozenset({"loads"}),
    relation=_monthly,
    requires_columns=(PRACTITIONER,),
)

__all__ = [
    "LOADS_SCHEMA",
    "PRACTITIONER",
    "PRACTITIONER_DAILY_LOAD",
    "PRACTITIONER_MONTHLY_LOAD",
    "VISIT_KINDS",
    "overloaded",
]
