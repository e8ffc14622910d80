"""Deadlines of the monitoring workflow (`monitoring-rules` 13, 26, 53, 53-1, 53-2), on the Kazakhstan
working-day calendar of kepil.reference.calendar. Pure functions of dates; the values (5 working days,
1 month, 6 months) are the parameters `objection_deadline`, `hidden_defect_notice_deadline` and
`refund_deadline` of parameters.yaml, read on the day of detection.

Readings (the text does not say more; docs/monitoring.md repeats them):
- 26 "олар анықталған күннен кейін, бес жұмыс күні ішінде": the day of detection is not counted; the
  window closes at the end of the 5th working day after it (kepil.reference.calendar.add_working_days).
  A detection on a day off (21: current monitoring runs on working days, but a run may be repeated on
  any day) starts the count on the next working day all the same.
- 53 "анықталған күннен бастап бір айдың ішінде", 53-1 "анықталған күннен бастап 6 (алты) айдан
  кешіктірілмейтін мерзімде": terms in months run from the day after detection and end on the same
  day-of-month of the last month; when that month has no such day (31 January + 1 month), on its last
  day (28/29 February). When the last day is a day off, the term ends on the next working day. This is
  the general Kazakh rule on computing terms (Civil Code; the Law "On administrative procedures"
  art. 12-1 said the same); the acts do not depart from it.
- 53-2: a refund obligation does not stop or limit current payments under the contract in force:
  recorded as an explanation beside every hidden defect; nothing is blocked.
- 13: a defect assigned by an algorithm is corrected when the algorithm changes only while the
  reporting period is not paid; once paid, it stays, and a defect found afterwards is hidden (53).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kepil.i18n import Text
from kepil.law.citation import Citation
from kepil.law.parameters import value
from kepil.reference.calendar import add_months as calendar_add_months
from kepil.reference.calendar import add_working_days, is_working_day

ACT = "monitoring-rules"
OBJECTION = Citation(ACT, "26")
NOTICE = Citation(ACT, "53")
REFUND = Citation(ACT, "53-1")
PAYMENTS_CONTINUE = Citation(ACT, "53-2")
REEVALUATION = Citation(ACT, "13")

PAYMENTS_CONTINUE_TEXT = Text(
    "Қаражатты қайтару міндеттемесі қолданыстағы шарт бойынша ағымдағы төлемдерді тоқтатпайды және "
    "шектемейді (53-2).",
    "Обязательство по возврату средств не приостанавливает и не ограничивает текущие платежи по "
    "действующему договору (53-2).",
    "The obligation to refund does not stop or limit current payments under the contract in force (53-2).",
)


def add_months(d: dt.date, months: int) -> dt.date:
    """`kepil.reference.calendar.add_months` for a term forward only (53, 53-1):
    `add_months(31 Jan 2026, 1) == 28 Feb 2026`; `add_months(31 Aug 2026, 6) == 28 Feb 2027`."""
    if months < 0:
        raise ValueError(f"{months} is negative; expected a number of months ≥ 0")
    return calendar_add_months(d, months)


def next_working_day_from(d: dt.date) -> dt.date:
    """`d` when it is a working day, else the first working day after it (the last day of a term)."""
    while not is_working_day(d):
        d += dt.timedelta(days=1)
    return d


def objection_deadline(detected_on: dt.date) -> dt.date:
    """The last day the provider may object (26): the 5th working day after the day of detection."""
    return add_working_days(detected_on, int(value("objection_deadline", detected_on)))


def objection_in_time(detected_on: dt.date, on: dt.date) -> bool:
    """An objection made on `on` is within 26's window (not before the detection, not after the deadline)."""
    return detected_on <= on <= objection_deadline(detected_on)


def notice_deadline(detected_on: dt.date) -> dt.date:
    """The last day the Fund notifies the provider of a hidden defect (53): one month after detection."""
    months = int(value("hidden_defect_notice_deadline", detected_on))
    return next_working_day_from(add_months(detected_on, months))


def refund_deadline(detected_on: dt.date) -> dt.date:
    """The last day the provider refunds for a hidden defect (53-1): six months after detection."""
    months = int(value("refund_deadline", detected_on))
    return next_working_day_from(add_months(detected_on, months))


def is_hidden(paid_on: dt.date | None, detected_on: dt.date) -> bool:
    """A defect found on or after the day its period was paid is hidden (53)."""
    return paid_on is not None and paid_on <= detected_on


def may_reevaluate(paid_on: dt.date | None, on: dt.date) -> bool:
    """A defect of a period may be corrected (a changed algorithm re-run, 13) only while it is unpaid."""
    return paid_on is None or paid_on > on


@dataclass(frozen=True, slots=True)
class Deadlines:
    """The deadlines of one defect found on `detected_on`; the hidden ones (53) carry 53/53-1/53-2."""

    detected_on: dt.date
    objection: dt.date
    hidden: bool
    notice: dt.date | None
    refund: dt.date | None
    current_payments_continue: bool  # 53-2: always true; nothing is blocked

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "detected_on": self.detected_on.isoformat(),
            "objection_deadline": self.objection.isoformat(),
            "objection_basis": OBJECTION.as_dict(),
            "hidden": self.hidden,
        }
        if self.hidden:
            assert self.notice is not None and self.refund is not None
            out |= {
                "notice_deadline": self.notice.isoformat(),
                "notice_basis": NOTICE.as_dict(),
                "refund_deadline": self.refund.isoformat(),
                "refund_basis": REFUND.as_dict(),
                "current_payments_continue": self.current_payments_continue,
                "current_payments_basis": PAYMENTS_CONTINUE.as_dict(),
                "current_payments_explanation": PAYMENTS_CONTINUE_TEXT.as_dict(),
            }
        return out


def deadlines(detected_on: dt.date, *, hidden: bool) -> Deadlines:
    """All deadlines of a defect found on `detected_on` (26; and 53, 53-1, 53-2 when hidden)."""
    return Deadlines(
        detected_on=detected_on,
        objection=objection_deadline(detected_on),
        hidden=hidden,
        notice=notice_deadline(detected_on) if hidden else None,
        refund=refund_deadline(detected_on) if hidden else None,
        current_payments_continue=True,
    )
