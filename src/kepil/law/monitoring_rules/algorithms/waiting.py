"""Waiting over 15 working days from referral to care (`monitoring-rules` app1 row 19, code 7.0, under 13),
counted on the Kazakhstan working-day calendar set-based: a calendar table with a running index."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import ibis.expr.types as ir
import pyarrow as pa

from kepil.i18n import Text
from kepil.law.monitoring_rules.algorithms.base import WD_REFERRAL, WD_START, MonitoringRule
from kepil.reference.calendar import working_day_index


def calendar_table(first_year: int, last_year: int) -> pa.Table:
    """(date, wd_index) for every day of the years: wd_index counts the working days from 1 January of
    `first_year` up to and including `date`, so `wd_index[d2] - wd_index[d1]` is the number of working
    days after d1 up to and including d2 — `kepil.reference.calendar.working_days_between(d1, d2)`."""
    dates, _working, index = working_day_index(dt.date(first_year, 1, 1), dt.date(last_year, 12, 31))
    return pa.table({"date": pa.array(dates, pa.date32()), "wd_index": pa.array(index, pa.int64())})


def _waiting_days(t: ir.Table) -> ir.IntegerValue:
    return t[WD_START] - t[WD_REFERRAL]


def _waiting(t: ir.Table, p: Mapping[str, int]) -> ir.BooleanValue:
    # Reading: "waiting longer than 15 working days" — the working days after the referral's date up to
    # and including the day care starts; 15 is allowed, 16 is the defect. Planned care only: emergency
    # and urgent care are not waited for.
    return (t.form == "planned") & t.referral_date.notnull() & (_waiting_days(t) > p["threshold"])


def _waiting_details(t: ir.Table, p: Mapping[str, int]) -> dict[str, ir.Value]:
    return {"referral_date": t.referral_date, "start_date": t.start_date, "working_days": _waiting_days(t)}


WAITING = MonitoringRule(
    id="waiting_over_15_working_days",
    version=1,
    code="7.0",
    clause="app1.19",
    description=Text(
        "Қызметтерді күту ұзақтығы жолдама берілген күннен бастап 15 жұмыс күнінен асады (жоспарлы көмек).",
        "Срок ожидания услуг превышает 15 рабочих дней со дня выдачи направления (плановая помощь).",
        "The wait for care exceeds 15 working days from the day the referral was issued (planned care).",
    ),
    params={"threshold": 15},
    needs=frozenset({"calendar"}),
    condition=_waiting,
    details=_waiting_details,
)
