"""The PHC attachment registry: one current attachment per IIN, the history kept with its dates.

The law (which grounds, documents and organisations are allowed) is `kepil.law.phc_attachment_rules`;
this module loads the facts it needs, applies its decision and writes it in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, cast

from sqlalchemy import Connection, Date, Engine, String, Table, and_, bindparam, func, insert, select, update

from kepil.errors import InvalidInput
from kepil.i18n import Text
from kepil.law.phc_attachment_rules.application import (
    AttachmentApplication,
    CurrentAttachment,
    OrganisationFacts,
    admit,
)
from kepil.store import audit
from kepil.store.db import core_transaction, reading, retrying, transaction
from kepil.store.models import (
    Attachment,
    AuditEntry,
    Provider,
    PurchaseContract,
    attachment_in_force,
    utcnow,
)
from kepil.store.providers import NotFound, event_codes, unknown_provider


def attachment_out(a: Attachment) -> dict[str, Any]:
    out = audit.snapshot(a)
    out["current"] = a.ended_on is None
    return out


_A = cast(Table, Attachment.__table__)
_P = cast(Table, Provider.__table__)
_HELD = _P.alias("held")
_C = cast(Table, PurchaseContract.__table__)
_AUDIT = cast(Table, AuditEntry.__table__)

# The write path is SQLAlchemy Core, not ORM units of work: an attachment is the registry's hot write
# (the service benchmark), and two reads plus two inserts in one transaction spare most of its cost.
_ORGANISATION = (
    select(
        _P.c.id,
        _P.c.phc,
        _P.c.atu,
        _P.c.border_neighbour_atus,
        _P.c.mis_integrated,
        _P.c.newly_commissioned,
        _C.c.care_kinds,
    )
    .select_from(
        _P.outerjoin(
            _C,
            and_(
                _C.c.provider_id == _P.c.id,
                _C.c.start <= bindparam("on", type_=Date),
                _C.c.end >= bindparam("on", type_=Date),
            ),
        )
    )
    .where(_P.c.id == bindparam("org"))
)
_ORGANISATION_LOCKING = _ORGANISATION.add_columns(
    func.pg_advisory_xact_lock(func.hashtext(bindparam("iin", type_=String)))
)
_CURRENT = (
    select(_A, _HELD.c.events.label("held_events"))
    .select_from(_A.outerjoin(_HELD, _HELD.c.id == _A.c.organisation_id))
    .where(_A.c.iin == bindparam("iin"), _A.c.ended_on.is_(None))
)
_END = (
    update(_A)
    .where(_A.c.id == bindparam("row_id"))
    .values(ended_on=bindparam("ended_on"), end_reason=bindparam("end_reason"))
)
_INSERT = insert(_A).returning(_A.c.id)


def _lock_person(conn: Connection, iin: str) -> None:
    """PostgreSQL: one write of an IIN's attachments at a time (a transaction-scoped advisory lock), so
    concurrent requests queue instead of racing for the unique index, and the current row read next cannot
    change under us. SQLite already serialises writers (BEGIN IMMEDIATE). The index stays the guarantee;
    the lock only spares the retries."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SELECT pg_advisory_xact_lock(hashtext(%(iin)s))", {"iin": iin})


def _organisation(conn: Connection, org_id: str, on: dt.date, lock: str) -> OrganisationFacts:
    """The organisation's facts and whether a purchase contract in force on `on` buys PHC, in one query
    that on PostgreSQL also takes the lock of IIN `lock` (`_lock_person`): the attachments are read by the
    next statement, after the lock is held."""
    postgres = conn.dialect.name == "postgresql"
    q = _ORGANISATION_LOCKING if postgres else _ORGANISATION
    rows = conn.execute(q, {"org": org_id, "on": on, "iin": lock}).all()
    if not rows:
        raise unknown_provider(org_id)
    o = rows[0]
    return OrganisationFacts(
        id=o.id,
        phc=o.phc,
        atu=o.atu,
        border_neighbour_atus=frozenset(o.border_neighbour_atus or ()),
        has_purchase_contract=any("phc" in (r.care_kinds or ()) for r in rows),
        mis_integrated=o.mis_integrated,
        newly_commissioned=o.newly_commissioned,
    )


def _json_row(values: Mapping[Any, Any]) -> dict[str, Any]:
    """An attachments row as JSON values, in column order (what `audit.snapshot` gives for an ORM row)."""
    out: dict[str, Any] = {}
    for c in _A.columns:
        v = values.get(c.key)
        out[c.key] = v.isoformat() if isinstance(v, dt.date | dt.datetime) else v
    return out


def attach(
    engine: Engine,
    app: AttachmentApplication,
    raw: dict[str, Any],
    actor: str,
    by_regional_commission: bool = False,
) -> dict[str, Any]:
    """Attach the person; the current attachment, if any, ends the day the new one starts
    (`phc-attachment-rules` 4). Two concurrent attachments of one IIN: the partial unique index lets one
    win, the other runs again on the state the winner left (`retrying`)."""

    def work(conn: Connection) -> dict[str, Any]:
        org = _organisation(conn, app.organisation_id, app.date, lock=app.iin)
        row = conn.execute(_CURRENT, {"iin": app.iin}).mappings().first()
        current = None
        if row is not None:
            current = CurrentAttachment(
                row["organisation_id"],
                row["ground"],
                row["start"],
                row["valid_until"],
                by_regional_commission=row["by_regional_commission"],
                organisation_events=event_codes(row["held_events"], app.date),
            )
        admission = admit(app, org, current)
        now = utcnow()
        audits: list[dict[str, Any]] = []
        if row is not None:
            if admission.start < row["start"]:
                raise InvalidInput(
                    "date",
                    Text(
                        f"ағымдағы бекіту {row['start']} басталды; жаңасы одан ерте бола алмайды",
                        f"текущее прикрепление началось {row['start']}; новое не может начаться раньше",
                        f"the current attachment started on {row['start']}; a new one cannot start earlier",
                    ),
                )
            reason = f"attached to {org.id} ({app.ground})"
            conn.execute(_END, {"row_id": row["id"], "ended_on": admission.start, "end_reason": reason})
            before = _json_row(row)
            after = {**before, "ended_on": admission.start.isoformat(), "end_reason": reason}
            audits.append(_audit(actor, "detach", row["id"], before, after, now))
        values: dict[str, Any] = {
            "iin": app.iin,
            "organisation_id": org.id,
            "ground": app.ground,
            "person_category": app.person_category,
            "channel": app.channel,
            "applicant": app.applicant,
            "start": admission.start,
            "valid_until": admission.valid_until,
            "ended_on": None,
            "by_regional_commission": by_regional_commission,
            "end_reason": None,
            "basis": [c.as_dict() for c in admission.basis],
            "application": raw,
            "created_at": now,
            "created_by": actor,
        }
        values["id"] = conn.execute(_INSERT, values).scalar_one()
        out = _json_row(values)
        audits.append(_audit(actor, "create", values["id"], None, out, now))
        conn.execute(insert(_AUDIT), audits)
        out["current"] = True
        return out

    return retrying(engine, work, unit=core_transaction)


def _audit(
    actor: str,
    action: str,
    entity_id: int,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    at: dt.datetime,
) -> dict[str, Any]:
    return {
        "at": at,
        "actor": actor,
        "action": action,
        "entity": "attachment",
        "entity_id": str(entity_id),
        "before": before,
        "after": after,
    }


def get_attachment(engine: Engine, attachment_id: int) -> dict[str, Any]:
    with reading(engine) as s:
        row = s.get(Attachment, attachment_id)
        if row is None:
            raise NotFound(str(attachment_id))
        return attachment_out(row)


def detach(engine: Engine, attachment_id: int, on: dt.date, reason: str, actor: str) -> dict[str, Any]:
    """End a current attachment on `on` (the first day the person is no longer attached there)."""
    with transaction(engine) as s:
        row = s.get(Attachment, attachment_id)
        if row is None:
            raise NotFound(str(attachment_id))
        _lock_person(s.connection(), row.iin)  # an attachment of the same IIN may be ending it now
        s.refresh(row)
        if row.ended_on is not None:
            raise InvalidInput(
                "id",
                Text(
                    f"бекіту {row.ended_on} күні аяқталған",
                    f"прикрепление уже прекращено {row.ended_on}",
                    f"the attachment already ended on {row.ended_on}",
                ),
            )
        if on < row.start:
            raise InvalidInput(
                "date",
                Text(
                    f"бекіту {row.start} басталды; {on} одан ерте",
                    f"прикрепление началось {row.start}; {on} раньше",
                    f"the attachment started on {row.start}; {on} is earlier",
                ),
            )
        before = audit.snapshot(row)
        row.ended_on = on
        row.end_reason = reason
        s.flush()
        out = attachment_out(row)
        audit.record(s, actor, "detach", "attachment", row.id, before, audit.snapshot(row))
        return out


def history(engine: Engine, iin: str, organisation_id: str | None = None) -> list[dict[str, Any]]:
    """The person's attachments, newest first; only those of `organisation_id` when given."""
    q = (
        select(Attachment)
        .where(Attachment.iin == iin)
        .order_by(Attachment.start.desc(), Attachment.id.desc())
    )
    if organisation_id is not None:
        q = q.where(Attachment.organisation_id == organisation_id)
    with reading(engine) as s:
        return [attachment_out(a) for a in s.scalars(q)]


def attached_on(engine: Engine, iin: str, on: dt.date) -> Attachment | None:
    """The attachment in force for the person on `on` (within its contract term, for VHI/OMI), if any."""
    q = (
        select(Attachment)
        .where(Attachment.iin == iin, attachment_in_force(on))
        .order_by(Attachment.start.desc())
    )
    with reading(engine) as s:
        return s.scalars(q).first()


def person_facts(engine: Engine, iin: str, on: dt.date) -> tuple[bool, str] | None:
    """(attached on `on`, the person category of the latest record), or None for a person never seen."""
    latest = select(Attachment.person_category).where(Attachment.iin == iin)
    latest = latest.order_by(Attachment.start.desc(), Attachment.id.desc()).limit(1)
    with reading(engine) as s:
        category = s.scalar(latest)
        if category is None:
            return None
        attached = s.scalar(
            select(Attachment.id).where(Attachment.iin == iin, attachment_in_force(on)).limit(1)
        )
        return attached is not None, category


def _chunks(values: list[str], size: int = 5000) -> list[list[str]]:
    """Bound the parameters of one IN list (SQLite allows 32,766 per statement)."""
    return [values[i : i + size] for i in range(0, len(values), size)]


def person_facts_many(
    engine: Engine, pairs: set[tuple[str, dt.date]]
) -> dict[tuple[str, dt.date], tuple[bool, str]]:
    """`person_facts` for many (IIN, day) pairs at once (a FHIR batch): one query for the people's latest
    categories and one per distinct day for who is attached then; pairs of people never seen are absent."""
    if not pairs:
        return {}
    iins = sorted({iin for iin, _ in pairs})
    latest: dict[str, tuple[dt.date, int, str]] = {}
    attached: set[tuple[str, dt.date]] = set()
    with reading(engine) as s:
        for part in _chunks(iins):
            rows = s.execute(
                select(Attachment.iin, Attachment.start, Attachment.id, Attachment.person_category).where(
                    Attachment.iin.in_(part)
                )
            )
            for iin, start, row_id, category in rows:
                if iin not in latest or (start, row_id) > latest[iin][:2]:
                    latest[iin] = (start, row_id, category)
        for day in sorted({on for _, on in pairs}):
            for part in _chunks(sorted({iin for iin, on in pairs if on == day and iin in latest})):
                held = select(Attachment.iin).where(Attachment.iin.in_(part), attachment_in_force(day))
                attached |= {(iin, day) for iin in s.scalars(held.distinct())}
    return {(iin, on): ((iin, on) in attached, latest[iin][2]) for iin, on in pairs if iin in latest}
