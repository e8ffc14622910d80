"""The workflow of a stored defect (`monitoring-rules` 26, 53, 53-1, 53-2) and of paid periods (13, 53).

    detected ──object within 26's window, with reasons──▶ objected ──the Fund's answer, with reasons──▶
        withdrawn (the defect and its penalty go) | upheld (it stands)
    hidden (found after payment, 53) ──notice within a month (53)──▶ unscheduled monitoring sets the amount
        to refund (2.6, 53) ──▶ refunded within six months (53-1); current payments continue (53-2)

- `object_defect`: the provider objects, with its reasoned justification ("дәлелді негіздеме келтіре
  отырып"), within 5 working days after the day of detection (26); after the window it is refused, naming
  the deadline. A provider's key objects to its own defects only.
- `resolve_objection`: the Fund's answer, with its reason: the defect is withdrawn, or upheld.
- `record_paid`: a period paid (for a region or all): from then on its defects are not corrected when an
  algorithm changes (13) and a defect found later is hidden (53).
- `record_notice` (53), `record_unscheduled` (the unscheduled monitoring's amount to refund, 2.6 and 53 —
  the defect's penalty unless the Fund sets another), `record_refund` (53-1: the amount set, refunded).
  None of them stops current payments (53-2): nothing here blocks anything.
- `due`: what is due on a day — open objection windows, notices and refunds, overdue ones flagged;
  grouped by deadline, period and region in SQL (there may be hundreds of thousands of defects).
- `history`: a defect's audit entries (who, when, what changed).

Every change is written to the audit log with its actor (`cli`, or an API key `key:…`) in its own
transaction, and the dashboards' summary (`monitoring_summary`) of the defect's (period, region) is
rewritten in that same transaction.
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
OUTCOMES: tuple[Outcome, ...] = ("upheld", "withdrawn")
ACTOR = "cli"
REASON_MAX = 4000  # characters of an objection's or an answer's reasons (the API, the pages, the CLI)
MAX_AMOUNT = 10**15  # tiyn: an amount to refund beyond it is refused, never stored


class NotYours(Exception):
    """A provider's key asked to act on another provider's defect (the API and the pages answer 403)."""


class UnknownDefect(InvalidInput):
    """No stored defect has the id (the CLI: exit 2; the API and the pages: 404)."""


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
NO_REASON = Text(
    "негіздеме жазылмаған: {what} дәлелді негіздемемен беріледі (monitoring-rules 26)",
    "не указано обоснование: {what} даётся с мотивированным обоснованием (monitoring-rules 26)",
    "no reasons given: {what} must give its reasoned justification (monitoring-rules 26)",
)
LONG_REASON = Text(
    "негіздеме тым ұзын: {n} таңба, {max} дейін",
    "обоснование слишком длинное: {n} символов, не более {max}",
    "the reasons are too long: {n} characters, at most {max}",
)
WITHDRAWN = Text(
    "ақау қарсылық бойынша алынып тасталған: онымен ешқандай әрекет жасалмайды",
    "дефект снят по возражению: действия с ним не выполняются",
    "the defect was withdrawn on the objection: nothing more is done with it",
)
NO_REFUND_AMOUNT = Text(
    "қайтарылатын соманы жоспардан тыс мониторинг белгілейді (2.6, 53): алдымен `kepil monitor "
    "unscheduled` / …/unscheduled",
    "сумму возврата устанавливает внеплановый мониторинг (2.6, 53): сначала `kepil monitor unscheduled` / "
    "…/unscheduled",
    "the amount to refund is set by an unscheduled monitoring (2.6, 53): record it first (`kepil monitor "
    "unscheduled`, …/unscheduled)",
)
NEED_AMOUNT = Text(
    "ақаудың айыппұлы белгісіз (тарифтер кітабында базасы жоқ): қайтарылатын соманы тиынмен беріңіз",
    "неустойка дефекта неизвестна (нет базы в книге тарифов): укажите сумму возврата в тиынах",
    "the defect's penalty is not known (no base in the tariff book): give the amount to refund in tiyn",
)
BAD_AMOUNT = Text(
    "{value!r}: 0-ден {max} дейінгі тиын күтіледі",
    "{value!r}: ожидается сумма в тиынах от 0 до {max}",
    "{value!r}: expected an amount in tiyn from 0 to {max}",
)
BAD_OUTCOME = Text(
    "{value!r}: upheld (ақау қалады) немесе withdrawn (алынып тасталады) күтіледі",
    "{value!r}: ожидается upheld (дефект остаётся) или withdrawn (снимается)",
    "{value!r}: expected upheld (the defect stands) or withdrawn (it is withdrawn)",
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
        raise UnknownDefect("DEFECT_ID", UNKNOWN_DEFECT.format(id=defect_id))
    return found


def _need_status(d: MonitoringDefect, expected: str) -> None:
    if d.status != expected:
        raise InvalidInput("DEFECT_ID", WRONG_STATUS.format(status=d.status, expected=expected))


def _own(d: MonitoringDefect, provider: str | None) -> None:
    """A provider's key acts on its own defects only."""
    if provider is not None and d.provider_id != provider:
        raise NotYours(d.id)


def reasons(value: str | None, what: Text, field: str = "reason") -> str:
    """The reasons as given (stripped): required, at most REASON_MAX characters."""
    text = (value or "").strip()
    if not text:
        raise InvalidInput(field, _what(NO_REASON, what))
    if len(text) > REASON_MAX:
        raise InvalidInput(field, LONG_REASON.format(n=len(text), max=REASON_MAX))
    return text


def _what(message: Text, what: Text) -> Text:
    return Text(*(message[lang].format(what=what[lang]) for lang in ("kk", "ru", "en")))


OBJECTION = Text("қарсылық", "возражение", "an objection")
ANSWER = Text("Қордың жауабы", "ответ Фонда", "the Fund's answer")


def _change(
    engine: Engine, defect_id: str, action: str, apply: Any, actor: str = ACTOR, provider: str | None = None
) -> dict[str, Any]:
    with transaction(engine) as session:
        d = _get(session, defect_id)
        _own(d, provider)
        before = audit.snapshot(d)
        apply(d)
        audit.record(session, actor, action, "monitoring_defect", d.id, before, audit.snapshot(d))
        session.flush()
        refresh_summary(session.connection(), d.period, d.region)  # the dashboards', same transaction
        return view(d)


def get_defect(engine: Engine, defect_id: str, provider: str | None = None) -> dict[str, Any]:
    with reading(engine) as session:
        found = session.get(MonitoringDefect, defect_id)
        if found is None:
            raise UnknownDefect("DEFECT_ID", UNKNOWN_DEFECT.format(id=defect_id))
        _own(found, provider)
        return view(found)


def object_defect(
    engine: Engine,
    defect_id: str,
    on: dt.date,
    reason: str | None,
    *,
    actor: str = ACTOR,
    provider: str | None = None,
) -> dict[str, Any]:
    """The provider's objection made on `on` with its reasons (26): refused before detection or after the
    window. `provider`: the key's provider, which may object to its own defects only."""
    text = reasons(reason, OBJECTION)

    def apply(d: MonitoringDefect) -> None:
        _need_status(d, "detected")
        if on < d.detected_on:
            raise InvalidInput("date", BEFORE_DETECTION.format(on=on, detected=d.detected_on))
        if on > d.objection_deadline:
            raise InvalidInput(
                "date", LATE_OBJECTION.format(detected=d.detected_on, deadline=d.objection_deadline)
            )
        d.status, d.objected_on, d.objection_reason = "objected", on, text

    return _change(engine, defect_id, "object", apply, actor, provider)


def resolve_objection(
    engine: Engine, defect_id: str, on: dt.date, outcome: str, reason: str | None, *, actor: str = ACTOR
) -> dict[str, Any]:
    """The Fund's answer to an objection, with its reasons: the defect is `withdrawn` (its penalty goes
    with it) or `upheld` (it stands)."""
    if outcome not in OUTCOMES:
        raise InvalidInput("outcome", BAD_OUTCOME.format(value=outcome))
    text = reasons(reason, ANSWER)

    def apply(d: MonitoringDefect) -> None:
        _need_status(d, "objected")
        assert d.objected_on is not None
        if on < d.objected_on:
            raise InvalidInput("date", BEFORE_DETECTION.format(on=on, detected=d.objected_on))
        d.status, d.resolved_on, d.resolution_reason = outcome, on, text

    return _change(engine, defect_id, outcome, apply, actor)


def _hidden_step(d: MonitoringDefect, field: str, on: dt.date) -> None:
    if not d.hidden:
        raise InvalidInput("DEFECT_ID", NOT_HIDDEN)
    if d.status == "withdrawn":
        raise InvalidInput("DEFECT_ID", WITHDRAWN)
    if getattr(d, field) is not None:
        raise InvalidInput("DEFECT_ID", ALREADY.format(on=getattr(d, field)))
    if on < d.detected_on:
        raise InvalidInput("date", BEFORE_DETECTION.format(on=on, detected=d.detected_on))


def record_notice(engine: Engine, defect_id: str, on: dt.date, *, actor: str = ACTOR) -> dict[str, Any]:
    """The Fund notified the provider of a hidden defect on `on` (53)."""

    def apply(d: MonitoringDefect) -> None:
        _hidden_step(d, "notified_on", on)
        d.notified_on = on

    return _change(engine, defect_id, "notify", apply, actor)


def record_unscheduled(
    engine: Engine, defect_id: str, on: dt.date, amount: int | None = None, *, actor: str = ACTOR
) -> dict[str, Any]:
    """The unscheduled monitoring (2.6) of a hidden defect concluded on `on`: the amount the provider
    refunds (53) — the defect's penalty (the classifier's measure, 53 first part) unless `amount` (tiyn)
    is given; required when the penalty is not known."""
    if amount is not None and (isinstance(amount, bool) or not isinstance(amount, int)
                               or not 0 <= amount <= MAX_AMOUNT):  # fmt: skip
        raise InvalidInput("amount", BAD_AMOUNT.format(value=amount, max=MAX_AMOUNT))

    def apply(d: MonitoringDefect) -> None:
        _hidden_step(d, "unscheduled_on", on)
        chosen = amount if amount is not None else d.penalty
        if chosen is None:
            raise InvalidInput("amount", NEED_AMOUNT)
        d.unscheduled_on, d.refund_amount = on, chosen

    return _change(engine, defect_id, "unscheduled", apply, actor)


def record_refund(engine: Engine, defect_id: str, on: dt.date, *, actor: str = ACTOR) -> dict[str, Any]:
    """The provider refunded the amount the unscheduled monitoring set, on `on` (53-1)."""

    def apply(d: MonitoringDefect) -> None:
        _hidden_step(d, "refunded_on", on)
        if d.refund_amount is None or d.unscheduled_on is None:
            raise InvalidInput("DEFECT_ID", NO_REFUND_AMOUNT)
        if on < d.unscheduled_on:
            raise InvalidInput("date", BEFORE_DETECTION.format(on=on, detected=d.unscheduled_on))
        d.refunded_on = on

    return _change(engine, defect_id, "refund", apply, actor)


def history(engine: Engine, defect_id: str, provider: str | None = None) -> list[dict[str, Any]]:
    """The defect's audit entries, oldest first: when, who, what, and the columns the step changed."""
    get_defect(engine, defect_id, provider)  # exists, and is the provider's
    with reading(engine) as session:
        rows = audit.entries(session, "monitoring_defect", defect_id, limit=1000)
        out = []
        for e in reversed(rows):
            before, after = e.before or {}, e.after or {}
            changed = {k: after[k] for k in after if before.get(k) != after[k]}
            out.append({"at": e.at.isoformat(), "actor": e.actor, "action": e.action, "changed": changed})
        return out


STEPS: dict[str, Text] = {
    "objection": Text(
        "Өнім беруші қарсылық бере алады: анықталған күннен кейін 5 жұмыс күні ішінде, {deadline} дейін (26)",
        "Поставщик может возразить: в течение 5 рабочих дней после выявления, до {deadline} (26)",
        "The provider may object: within 5 working days after detection, until {deadline} (26)",
    ),
    "objection_closed": Text(
        "Қарсылық мерзімі {deadline} аяқталды (26)",
        "Срок возражения истёк {deadline} (26)",
        "The objection window closed on {deadline} (26)",
    ),
    "decision": Text(
        "Қарсылық Қордың жауабын күтеді (26)",
        "Возражение ждёт ответа Фонда (26)",
        "The objection awaits the Fund's answer (26)",
    ),
    "notice": Text(
        "Қор өнім берушіге {deadline} дейін хабарлайды (53)",
        "Фонд уведомляет поставщика до {deadline} (53)",
        "The Fund notifies the provider by {deadline} (53)",
    ),
    "unscheduled": Text(
        "Жоспардан тыс мониторинг қайтарылатын соманы белгілейді (2.6, 53)",
        "Внеплановый мониторинг устанавливает сумму возврата (2.6, 53)",
        "An unscheduled monitoring sets the amount to refund (2.6, 53)",
    ),
    "refund": Text(
        "Өнім беруші {amount} тиынды {deadline} дейін қайтарады (53-1); ағымдағы төлемдер тоқтамайды (53-2)",
        "Поставщик возвращает {amount} тиын до {deadline} (53-1); текущие платежи не прекращаются (53-2)",
        "The provider refunds {amount} tiyn by {deadline} (53-1); current payments continue (53-2)",
    ),
}


def as_date(value: Any) -> dt.date | None:
    """A date of a defect's row, whether a view (ISO text) or the model's (a date)."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def next_steps(row: dict[str, Any], on: dt.date, lang: str) -> list[dict[str, Any]]:
    """What is still to be done with a defect (a `view`) on `on`: each step, who does it, its deadline
    and whether it is overdue (a deadline is the last day still in time), the clause, in `lang`."""
    out: list[dict[str, Any]] = []

    def step(name: str, who: str, clause: str, deadline: Any = None, **kw: object) -> None:
        day = as_date(deadline)
        late = day is not None and day < on
        iso = None if day is None else day.isoformat()
        text = STEPS[name].format(deadline=iso or "", **kw)[lang]
        out.append({"step": name, "by": who, "deadline": iso, "overdue": late, "clause": clause,
                    "text": text})  # fmt: skip

    if row["status"] == "detected":
        closed = as_date(row["objection_deadline"]) < on  # type: ignore[operator]
        step("objection_closed" if closed else "objection", "provider", "26", row["objection_deadline"])
        out[-1]["overdue"] = False  # a closed window is not a duty overdue
    elif row["status"] == "objected":
        step("decision", "fund", "26")
    if row["hidden"] and row["status"] != "withdrawn":
        if row["notified_on"] is None:
            step("notice", "fund", "53", row["notice_deadline"])
        if row["unscheduled_on"] is None:
            step("unscheduled", "fund", "53")
        elif row["refunded_on"] is None:
            step("refund", "provider", "53-1", row["refund_deadline"], amount=row["refund_amount"])
    return out


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


def known_rule(rule: str, field: str = "--rule") -> str:
    """`rule` when defects can bear it (an algorithm's id, or an expert's finding); else InvalidInput: a
    misspelt filter matches nothing, and "0 defects" would read as none found."""
    from kepil.law.monitoring_rules.algorithms import BY_ID, UNKNOWN_RULE
    from kepil.monitoring.findings import RULE

    known = (*BY_ID, RULE)
    if rule not in known:
        raise InvalidInput(field, UNKNOWN_RULE.format(value=rule, known=", ".join(known)))
    return rule


def known_code(code: str, field: str = "--code") -> str:
    """The stored form of a defect code: an algorithm's code as it stores it, else the classifier's (3.3
    for "3.3.", row:N); an unknown code is InvalidInput (the classifier's words), not an empty list."""
    from kepil.law.monitoring_rules.algorithms import ALGORITHMS
    from kepil.law.monitoring_rules.classifier import defect

    if code in {a.code for a in ALGORITHMS}:
        return code
    try:
        entry = defect(code)
    except InvalidInput as e:
        raise InvalidInput(field, e.texts) from None
    return entry.code or entry.key


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
    provider: str | None = None,
    open_on: dt.date | None = None,
    pending: str | None = None,
    limit: int = 100,
    offset: int = 0,
    options: bool = True,
) -> tuple[int, list[dict[str, Any]]]:
    """(how many stored defects match, the first `limit` in (period, region, rule, claim_id) order). A bad
    filter names the CLI's option (`--status`), or with `options=False` the API's query parameter."""
    conds = []

    def named(name: str) -> str:
        return f"--{name}" if options else name

    if period is not None:
        conds.append(MonitoringDefect.period == parse_period(period, named("period")))
    if region is not None:
        conds.append(MonitoringDefect.region == find_region(region, named("region")).code)
    if rule is not None:
        conds.append(MonitoringDefect.rule == known_rule(rule, named("rule")))
    if code is not None:
        conds.append(MonitoringDefect.code == known_code(code, named("code")))
    if status is not None:
        if status not in STATUSES:
            raise InvalidInput(named("status"), BAD_STATUS.format(value=status, statuses=", ".join(STATUSES)))
        conds.append(MonitoringDefect.status == status)
    if hidden is not None:
        conds.append(MonitoringDefect.hidden.is_(hidden))
    if claim_id is not None:
        conds.append(MonitoringDefect.claim_id == claim_id)
    if provider is not None:
        conds.append(MonitoringDefect.provider_id == provider)
    if open_on is not None:  # the objection window (26) still open on that day
        conds.append(MonitoringDefect.objection_deadline >= open_on)
    if pending is not None:  # a hidden defect's step still to do (53, 2.6, 53-1)
        conds.append(PENDING[pending])
    where = and_(True, *conds)
    order = (
        MonitoringDefect.period,
        MonitoringDefect.region,
        MonitoringDefect.rule,
        MonitoringDefect.claim_id,
    )
    with reading(engine) as session:
        total = session.scalar(select(func.count()).select_from(MonitoringDefect).where(where)) or 0
        rows = session.scalars(
            select(MonitoringDefect).where(where).order_by(*order).limit(limit).offset(offset)
        )
        return int(total), [view(d) for d in rows]


_D = MonitoringDefect
_LIVE_HIDDEN = and_(_D.hidden.is_(True), _D.status != "withdrawn")
PENDING = {
    "notice": and_(_LIVE_HIDDEN, _D.notified_on.is_(None)),
    "unscheduled": and_(_LIVE_HIDDEN, _D.unscheduled_on.is_(None)),
    "refund": and_(_LIVE_HIDDEN, _D.refund_amount.is_not(None), _D.refunded_on.is_(None)),
}


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
