"""The load no practitioner can carry (`monitoring-rules` app1 row 5, code 3.0 — unjustified inflation of
the volume of care, 2.16 — found under 13), from the optional claims column `practitioner_id`
(contracts/claims.md, amendments of December 2026). Without the column the rules are reported as not run.

The national audit found one doctor recording 1,442 patients in a day against an average of up to 24. The
act sets no limit; kepil's readings (docs/monitoring-algorithms.md), the rules' parameters:
- a day: more than 96 visits recorded by one practitioner on one start date (4 × the audited average of
  24; 96 visits in an 8-hour day are one every 5 minutes);
- a month: more than 1,056 visits in the period (2 × 24 a day × 22 working days), on days not already over
  the daily limit.
A visit is a claim of the kinds a practitioner sees patients in one by one (`VISIT_KINDS`); the count is of
claims, every region of the input. Every judged claim of an overloaded day (or month) is the defect: which
of them were given cannot be told from the data, and the provider shows it by objecting (26).
"""

from __future__ import annotations

from collections.abc import Mapping

import ibis.expr.types as ir

from kepil.i18n import Text
from kepil.law.monitoring_rules.algorithms.base import FOUND, MonitoringRule, Sources, Window

PRACTITIONER = "practitioner_id"
VISIT_KINDS = ("phc", "outpatient_specialized", "dental", "screening")


def _visits(c: ir.Table) -> ir.Table:
    return c.filter(c[PRACTITIONER].notnull() & c.care_kind.isin(VISIT_KINDS))


def _overloaded_days(c: ir.Table, w: Window, limit: int) -> ir.Table:
    """(practitioner, day, visits) of the days up to the window's last whose visits exceed `limit` (every
    claim of the input counts towards its day, whatever its region or end date)."""
    v = _visits(c)
    v = v.filter(v.start_date <= w.last)
    days = v.group_by(l__who=v[PRACTITIONER], l__day=v.start_date).agg(l__visits=v.count())
    return days.filter(days.l__visits > limit)


def _daily(src: Sources, w: Window, p: Mapping[str, int]) -> ir.Table:
    c = src.claims
    judged = _visits(c).filter(w.judged(c))
    over = _overloaded_days(c, w, p["daily_limit"])
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
    params={"daily_limit": 96},
    relation=_daily,
    requires_columns=(PRACTITIONER,),
)


def _monthly(src: Sources, w: Window, p: Mapping[str, int]) -> ir.Table:
    c = src.claims
    v = _visits(c)
    month = v.filter(v.end_date.between(w.first, w.last))  # every region: the practitioner's month
    counts = month.group_by(m__who=month[PRACTITIONER]).agg(m__visits=month.count())
    counts = counts.filter(counts.m__visits > p["monthly_limit"])
    judged = v.filter(w.judged(v))
    j = judged.join(counts, judged[PRACTITIONER] == counts.m__who)
    over = _overloaded_days(c, w, p["daily_limit"])
    # the days over the daily limit are the daily rule's: not counted twice
    j = j.anti_join(over, (j[PRACTITIONER] == over.l__who) & (j.start_date == over.l__day))
    return j.select(*FOUND, practitioner_id=j[PRACTITIONER], visits_in_period=j.m__visits.cast("int64"))


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
    params={"daily_limit": 96, "monthly_limit": 1_056},
    relation=_monthly,
    requires_columns=(PRACTITIONER,),
)

__all__ = ["PRACTITIONER", "PRACTITIONER_DAILY_LOAD", "PRACTITIONER_MONTHLY_LOAD", "VISIT_KINDS"]
