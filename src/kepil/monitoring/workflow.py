"""The workflow of a stored defect (`monitoring-rules` 26, 53, 53-1, 53-2) and of paid periods (13, 53).

    detected ──object within 26's window──▶ objected ──resolve──▶ upheld | withdrawn

- `object_defect`: the provider objects, with its reasons, within 5 working days after the day of
  detection (26); an objection after the window is refused, naming the deadline.
- `resolve_objection`: the Fund's answer: the defect is upheld, or withdrawn.
- `record_paid`: a period paid (for a region or all): from then on its defects are not corrected when an
  algorithm changes (13) and a defect found later is hidden (53).
- `record_notice`, `record_refund`: the Fund notified the provider of a hidden defect (53), the provider
  refunded (53-1). Neither stops current payments (53-2): nothing here blocks anything.
- `due`: what is due on a day — open objection windows, notices and refunds, overdue ones flagged;
  grouped by deadline, period and region in SQL (there may be hundreds of thousands of defects).

Every change is written to the audit log in its own transaction, and the dashboards' summary
(`monitoring_summary`) of the defect's (period, region) is rewritten in that same transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from sqlalchemy import Engine, and_, case, func, select
from sqlalchemy.orm import Session

from kepil.errors import InvalidInput
from kepil.i18n import Text
from kepil.law.monitoring_rules import deadlines as dl
from kepil.monitoring.run import parse_period
from kepil.monitoring.store import refresh_summary
from kepil.reference.regions import region as find_region
from kepil.store import audit
from kepil.store.db import reading, transaction
from kepil.store.models import MONITORING_ALL_REGIONS, MonitoringDefect, MonitoringPeriodPaid

STATUSES = ("detected", "objected", "upheld", "withdrawn")
Outcome = Literal["upheld", "withdrawn"]
ACTOR = "cli"

UNKNOWN_DEFECT = Text(
    "{id} ақауы табылмады",
    "дефект {id} не найден",
    "no defect {id}",
)
LATE_OBJECTION = Text(
    "қарсылық қабылданбайды: {detected} анықталған ақауға қарсылық мерзімі {deadline} аяқталды "
    "(анықталған күннен кейін 5 жұмыс күні, monitoring-rules 26)",
    "возражение не принимается: срок возражения по дефекту, выявленному {detected}, истёк {deadline} "
    "(5 рабочих дней после дня выявления, monitoring-rules 26)",
    "objection refused: the window to object to the defect found on {detected} closed on {deadline} "
    "(5 working days after the day of detection, monitoring-rules 26)",
)
BEFORE_DETECTION = Text(
    "{on} күні ақау әлі анықталмаған ({detected} анықталды)",
    "{on} дефект ещё не был выявлен (выявлен {detected})",
    "on {on} the defect had not been found yet (found on {detected})",
)
WRONG_STATUS = Text(
    "ақаудың күйі «{status}»; бұл әрекет «{expected}» күйінде ғана мүмкін",
    "статус дефекта «{status}»; действие возможно только в статусе «{expected}»",
    "the defect is {status}; this is possible only when it is {expected}",
)
NOT_HIDDEN = Text(
    "ақау жасырын емес (төлемге дейін анықталған): хабарлау және қайтару мерзімдері (53, 53-1) жоқ",
    "дефект не скрытый (выявлен до оплаты): сроков уведомления и возврата (53, 53-1) нет",
    "the defect is not hidden (found before payment): no notice or refund deadlines (53, 53-1)",
)
ALREADY = Text(
    "бұрын тіркелген: {on}",
    "уже записано: {on}",
    "already recorded: {on}",
)
PAID_ALREADY = Text(
    "{period} кезеңі ({region}) {on} төленген деп бұрын тіркелген",
    "период {period} ({region}) уже записан оплаченным {on}",
    "period {period} ({region}) is already recorded as paid on {on}",
)
BAD_STATUS = Text(
    "{value!r} күй емес; {statuses} күтіледі",
    "{value!r} — не статус; ожидается {statuses}",
    "{value!r} is not a status; expected {statuses}",
)


def _iso(d: dt.date | None) -> str | None:
    return None if d is None else d.isoformat()


def view(d: MonitoringDefect) -> dict[str, Any]:
    """A stored defect as JSON values (dates ISO); `details` stays the JSON text of the contract."""
    out: dict[str, Any] = {}
    for c in MonitoringDefect.__table__.columns:
        v = getattr(d, c.key)
        out[c.key] = _iso(v) if isinstance(v, dt.date) else v
    return out


def _get(session: Session, defect_id: str) -> MonitoringDefect:
    found = session.get(MonitoringDefect, defect_id, with_for_update=True)
    if found is None:
        raise InvalidInput("DEFECT_ID", UNKNOWN_DEFECT.format(id=defect_id))
    return found


def _need_status(d: MonitoringDefect, expected: str) -> None:
    if d.status != expected:
        raise InvalidInput("DEFECT_ID", WRONG_STATUS.format(status=d.status, expected=expected))


def _change(engine: Engine, defect_id: str, action: str, apply: Any) -> dict[str, Any]:
    with transaction(engine) as session:
        d = _get(session, defect_id)
        before = audit.snapshot(d)
        apply(d)
        audit.record(session, ACTOR, action, "monitoring_defect", d.id, before, audit.snapshot(d))
        session.flush()
        refresh_summary(session.connection(), d.period, d.region)  # the dashboards', same transaction
        return view(d)


def get_defect(engine: Engine, defect_id: str) -> dict[str, Any]:
    with reading(engine) as session:
        found = session.get(MonitoringDefect, defect_id)
        if found is None:
            raise InvalidInput("DEFECT_ID", UNKNOWN_DEFECT.format(id=defect_id))
        return view(found)


def object_defect(engine: Engine, defect_id: str, on: dt.date, reason: str | None = None) -> dict[str, Any]:
    """The provider's objection made on `on` (26): refused before detection or after the window."""

    def apply(d: MonitoringDefect) -> None:
        _need_status(d, "detected")
        if on < d.detected_on:
            raise InvalidInput("--date", BEFORE_DETECTION.format(on=on, detected=d.detected_on))
        if on > d.objection_deadline:
            raise InvalidInput(
                "--date", LATE_OBJECTION.format(detected=d.detected_on, deadline=d.objection_deadline)
            )
        d.status, d.objected_on, d.objection_reason = "objected", on, reason

    return _change(engine, defect_id, "object", apply)


def resolve_objection(engine: Engine, defect_id: str, on: dt.date, outcome: Outcome) -> dict[str, Any]:
    """The Fund's answer to an objection: the defect is upheld, or withdrawn."""

    def apply(d: MonitoringDefect) -> None:
        _need_status(d, "objected")
        assert d.objected_on is not None
        if on < d.objected_on:
            raise InvalidInput("--date", BEFORE_DETECTION.format(on=on, detected=d.objected_on))
        d.status, d.resolved_on = outcome, on

    return _change(engine, defect_id, outcome, apply)


def _hidden_date(field: str, on: dt.date) -> Any:
    def apply(d: MonitoringDefect) -> None:
        if not d.hidden:
            raise InvalidInput("DEFECT_ID", NOT_HIDDEN)
        if getattr(d, field) is not None:
            raise InvalidInput("DEFECT_ID", ALREADY.format(on=getattr(d, field)))
        if on < d.detected_on:
            raise InvalidInput("--on", BEFORE_DETECTION.format(on=on, detected=d.detected_on))
        setattr(d, field, on)

    return apply


def record_notice(engine: Engine, defect_id: str, on: dt.date) -> dict[str, Any]:
    """The Fund notified the provider of a hidden defect on `on` (53)."""
    return _change(engine, defect_id, "notify", _hidden_date("notified_on", on))


def record_refund(engine: Engine, defect_id: str, on: dt.date) -> dict[str, Any]:
    """The provider refunded for a hidden defect on `on` (53-1)."""
    return _change(engine, defect_id, "refund", _hidden_date("refunded_on", on))


def record_paid(engine: Engine, period: str, region: str | None, paid_on: dt.date) -> dict[str, Any]:
    """Record that `period` was paid on `paid_on` for `region` (a code or Kazakh name; None: all regions).
    Recording the same payment again changes nothing; a different day for it is refused."""
    period = parse_period(period, "PERIOD")
    key = find_region(region, "--region").code if region is not None else MONITORING_ALL_REGIONS
    with transaction(engine) as session:
        found = session.get(MonitoringPeriodPaid, (period, key), with_for_update=True)
        if found is not None and found.paid_on != paid_on:
            raise InvalidInput("--on", PAID_ALREADY.format(period=period, region=key, on=found.paid_on))
        if found is None:
            found = MonitoringPeriodPaid(period=period, region=key, paid_on=paid_on)
            session.add(found)
            session.flush()
            # no summary refresh: paying a period changes no defect row (monitoring_summary's keys)
            audit.record(
                session, ACTOR, "paid", "monitoring_period", f"{period}/{key}", None, audit.snapshot(found)
            )
        return {"period": period, "region": key, "paid_on": paid_on.isoformat()}


def list_paid(engine: Engine) -> list[dict[str, Any]]:
    with reading(engine) as session:
        rows = session.scalars(
            select(MonitoringPeriodPaid).order_by(MonitoringPeriodPaid.period, MonitoringPeriodPaid.region)
        )
        return [{"period": p.period, "region": p.region, "paid_on": p.paid_on.isoformat()} for p in rows]


def list_defects(
    engine: Engine,
    *,
    period: str | None = None,
    region: str | None = None,
    rule: str | None = None,
    code: str | None = None,
    status: str | None = None,
    hidden: bool | None = None,
    claim_id: str | None = None,
    limit: int = 100,
) -> tuple[int, list[dict[str, Any]]]:
    """(how many stored defects match, the first `limit` in (period, region, rule, claim_id) order)."""
    conds = []
    if period is not None:
        conds.append(MonitoringDefect.period == parse_period(period))
    if region is not None:
        conds.append(MonitoringDefect.region == find_region(region, "--region").code)
    if rule is not None:
        conds.append(MonitoringDefect.rule == rule)
    if code is not None:
        conds.append(MonitoringDefect.code == code)
    if status is not None:
        if status not in STATUSES:
            raise InvalidInput("--status", BAD_STATUS.format(value=status, statuses=", ".join(STATUSES)))
        conds.append(MonitoringDefect.status == status)
    if hidden is not None:
        conds.append(MonitoringDefect.hidden.is_(hidden))
    if claim_id is not None:
        conds.append(MonitoringDefect.claim_id == claim_id)
    where = and_(True, *conds)
    order = (
        MonitoringDefect.period,
        MonitoringDefect.region,
        MonitoringDefect.rule,
        MonitoringDefect.claim_id,
    )
    with reading(engine) as session:
        total = session.scalar(select(func.count()).select_from(MonitoringDefect).where(where)) or 0
        rows = session.scalars(select(MonitoringDefect).where(where).order_by(*order).limit(limit))
        return int(total), [view(d) for d in rows]


def due(engine: Engine, on: dt.date) -> list[dict[str, Any]]:
    """What is due on `on`, grouped by (kind, deadline, period, region) with counts and penalty sums:
    `objection` windows still open (26), `notice` (53) and `refund` (53-1) of hidden defects not done
    (withdrawn ones excepted), with `overdue` when the deadline has passed. Each group names its clause;
    a refund due never stops current payments (53-2)."""
    d = MonitoringDefect
    kinds = (
        (
            "objection",
            d.objection_deadline,
            and_(d.status == "detected", d.objection_deadline >= on),
            dl.OBJECTION,
        ),
        (
            "notice",
            d.notice_deadline,
            and_(d.hidden.is_(True), d.notified_on.is_(None), d.status != "withdrawn"),
            dl.NOTICE,
        ),
        (
            "refund",
            d.refund_deadline,
            and_(d.hidden.is_(True), d.refunded_on.is_(None), d.status != "withdrawn"),
            dl.REFUND,
        ),
    )
    out: list[dict[str, Any]] = []
    with reading(engine) as session:
        for kind, deadline, cond, basis in kinds:
            q = (
                select(
                    deadline,
                    d.period,
                    d.region,
                    func.count(),
                    func.coalesce(func.sum(d.penalty), 0),
                    func.sum(case((d.penalty.is_(None), 1), else_=0)),
                )
                .where(cond)
                .group_by(deadline, d.period, d.region)
                .order_by(deadline, d.period, d.region)
            )
            for day, period, region, n, penalty, unknown in session.execute(q):
                row: dict[str, Any] = {
                    "kind": kind,
                    "deadline": day.isoformat(),
                    "overdue": day < on,
                    "period": period,
                    "region": region,
                    "defects": int(n),
                    "penalty": int(penalty),
                    "penalty_unknown": int(unknown or 0),
                    "basis": basis.as_dict(),
                }
                if kind == "refund":
                    row["current_payments_continue"] = True  # 53-2
                out.append(row)
    out.sort(key=lambda r: (r["deadline"], r["kind"], r["period"], r["region"]))
    return out
