"""Deadlines of the monitoring workflow on the Kazakhstan working-day calendar: objection within 5 working
days after detection (`monitoring-rules` 26), notice of a hidden defect within a month (53), refund within
6 months (53-1), current payments not stopped (53-2), correction only of unpaid periods (13)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kepil.errors import LawNotInForce
from kepil.law.monitoring_rules import deadlines as dl
from kepil.reference.calendar import is_working_day, working_days_between

D = dt.date


@pytest.mark.parametrize(
    ("detected", "deadline"),
    [
        (D(2026, 4, 6), D(2026, 4, 13)),  # Monday → next Monday
        (D(2026, 3, 16), D(2026, 3, 26)),  # Mon: 17, 18, 19, 20, [21-25 Nauryz and its carry-over], 26
        (D(2026, 3, 19), D(2026, 3, 31)),  # Thu: 20 Fri, [21-25 Nauryz and its carry-over], 26, 27, 30, 31
        (D(2026, 3, 20), D(2026, 4, 1)),  # Fri before Nauryz: 26 Mar is the first working day counted
        (D(2026, 3, 21), D(2026, 4, 1)),  # found on Nauryz (a day off): counting starts the same
        (D(2026, 3, 23), D(2026, 4, 1)),
        (D(2026, 12, 28), D(2027, 1, 6)),  # 1-2 Jan 2027, 4 Jan (2 Jan's carry-over) are days off
        (D(2026, 12, 31), D(2027, 1, 12)),  # 5, 6, [7 Orthodox Christmas], 8, [9-10], 11, 12
        (D(2026, 3, 6), None),  # before the amended text applies (15 March 2026): no value
    ],
)
def test_objection_window_is_5_working_days_after_the_day_of_detection(
    detected: dt.date, deadline: dt.date | None
) -> None:
    """26: "олар анықталған күннен кейін, бес жұмыс күні ішінде" — the day of detection not counted."""
    if deadline is None:
        with pytest.raises(LawNotInForce, match="objection_deadline"):
            dl.objection_deadline(detected)
        return
    assert dl.objection_deadline(detected) == deadline


def test_objection_in_time_includes_the_last_day_and_not_the_day_after() -> None:
    detected = D(2026, 3, 20)
    assert dl.objection_in_time(detected, D(2026, 3, 20))  # the same day
    assert dl.objection_in_time(detected, D(2026, 4, 1))
    assert not dl.objection_in_time(detected, D(2026, 4, 2))
    assert not dl.objection_in_time(detected, D(2026, 3, 19))  # before the defect was found


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (D(2026, 1, 31), 1, D(2026, 2, 28)),  # no 31 February: the month's last day
        (D(2028, 1, 31), 1, D(2028, 2, 29)),  # a leap year
        (D(2026, 3, 31), 1, D(2026, 4, 30)),
        (D(2026, 8, 31), 6, D(2027, 2, 28)),
        (D(2026, 7, 15), 6, D(2027, 1, 15)),  # across the year
        (D(2026, 12, 1), 1, D(2027, 1, 1)),
        (D(2026, 5, 10), 0, D(2026, 5, 10)),
    ],
)
def test_months_end_on_the_same_day_or_the_months_last_day(start: dt.date, months: int, end: dt.date) -> None:
    assert dl.add_months(start, months) == end


def test_negative_months_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        dl.add_months(D(2026, 5, 1), -1)


@pytest.mark.parametrize(
    ("detected", "notice"),
    [
        (D(2026, 4, 15), D(2026, 5, 15)),  # Friday
        (D(2026, 12, 1), D(2027, 1, 5)),  # 1 Jan 2027 (New Year, Fri) → 2, 3, 4 days off → Tue 5 Jan
        (D(2026, 12, 4), D(2027, 1, 5)),  # Mon 4 Jan 2027 is 2 January's carry-over
        (D(2026, 3, 31), D(2026, 4, 30)),  # 31 March + 1 month: no 31 April
        (D(2026, 4, 30), D(2026, 6, 1)),  # Sat 30 May → Mon 1 June
    ],
)
def test_notice_of_a_hidden_defect_within_one_month(detected: dt.date, notice: dt.date) -> None:
    """53: within one month of the day the hidden defect was found; a last day off moves to a working day."""
    assert dl.notice_deadline(detected) == notice


@pytest.mark.parametrize(
    ("detected", "refund"),
    [
        (D(2026, 9, 21), D(2027, 3, 25)),  # Sun 21 Mar 2027, Nauryz 21-23 and carry-over to 24 → Thu 25
        (D(2026, 7, 1), D(2027, 1, 5)),  # 1 January 2027
        (D(2026, 8, 31), D(2027, 3, 1)),  # no 31 February; Sun 28 Feb 2027 → Mon 1 March
        (D(2026, 6, 1), D(2026, 12, 1)),
    ],
)
def test_refund_within_six_months(detected: dt.date, refund: dt.date) -> None:
    """53-1: not later than 6 months from the day the non-fulfilment was found."""
    assert dl.refund_deadline(detected) == refund


def test_hidden_defects_carry_notice_refund_and_53_2() -> None:
    d = dl.deadlines(D(2026, 12, 1), hidden=True)
    assert (d.objection, d.notice, d.refund) == (D(2026, 12, 8), D(2027, 1, 5), D(2027, 6, 1))
    out = d.as_dict()
    assert out["current_payments_continue"] is True
    assert out["current_payments_basis"] == {"act": "monitoring-rules", "clause": "53-2"}
    assert "53-2" in out["current_payments_explanation"]["kk"]
    plain = dl.deadlines(D(2026, 12, 1), hidden=False)
    assert plain.notice is None and plain.refund is None
    assert "notice_deadline" not in plain.as_dict()


def test_hidden_is_found_on_or_after_the_day_of_payment() -> None:
    """53: a defect not found by monitoring and found after the services were paid."""
    assert not dl.is_hidden(None, D(2026, 5, 1))
    assert not dl.is_hidden(D(2026, 5, 2), D(2026, 5, 1))
    assert dl.is_hidden(D(2026, 5, 1), D(2026, 5, 1))


def test_a_changed_algorithm_corrects_only_unpaid_periods() -> None:
    """13: corrected "if the payment for the reporting period has not been made"."""
    assert dl.may_reevaluate(None, D(2026, 5, 1))
    assert dl.may_reevaluate(D(2026, 5, 2), D(2026, 5, 1))
    assert not dl.may_reevaluate(D(2026, 5, 1), D(2026, 5, 1))


@settings(max_examples=60, deadline=None)
@given(detected=st.dates(min_value=D(2026, 3, 15), max_value=D(2027, 12, 20)))
def test_the_objection_window_holds_exactly_5_working_days_on_any_day(detected: dt.date) -> None:
    """26 "анықталған күннен кейін, бес жұмыс күні ішінде", on any day of detection (days off of 2026 as
    data, 2027 by the calendar): the last day is a working day, exactly 5 working days follow the day of
    detection up to it, and an objection on the next day is late."""
    last = dl.objection_deadline(detected)
    assert is_working_day(last)
    assert working_days_between(detected, last) == 5
    assert working_days_between(detected, last - dt.timedelta(days=1)) == 4
    assert dl.objection_in_time(detected, last) and not dl.objection_in_time(detected, last + dt.timedelta(1))


@settings(max_examples=40, deadline=None)
@given(detected=st.dates(min_value=D(2026, 3, 15), max_value=D(2028, 6, 30)))
def test_the_month_terms_end_on_a_working_day_no_earlier_than_the_calendar_month(detected: dt.date) -> None:
    """53 (one month) and 53-1 (6 months) from the day of detection: never before the same date of the
    month (its last day when it has none), and on the first working day from it."""
    for deadline, months in ((dl.notice_deadline, 1), (dl.refund_deadline, 6)):
        end = dl.add_months(detected, months)
        last = deadline(detected)
        assert last >= end and is_working_day(last)
        assert all(not is_working_day(end + dt.timedelta(k)) for k in range((last - end).days))
