"""The PHC attachment registry: one current attachment per IIN, the history kept with its dates.

The law (which grounds, documents and organisations are allowed) is `kepil.law.phc_attachment_rules`;
this module loads the facts it needs, applies its decision and writes it in one transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from kepil.errors import InvalidInput
from kepil.i18n import Text
from kepil.law.phc_attachment_rules.application import (
    AttachmentApplication,
    CurrentAttachment,
    OrganisationFacts,
    admit,
)
from kepil.store import audit
from kepil.store.db import reading, retrying, transaction
from kepil.store.models import Attachment, Provider, attachment_in_force
from kepil.store.providers import NotFound, events_by, has_contract_for, unknown_provider


def attachment_out(a: Attachment) -> dict[str, Any]:
    out = audit.snapshot(a)
    out["current"] = a.ended_on is None
    return out


def organisation_facts(session: Session, org: Provider, on: dt.date) -> OrganisationFacts:
    return OrganisationFacts(
        id=org.id,
        phc=org.phc,
        atu=org.atu,
        border_neighbour_atus=frozenset(org.border_neighbour_atus or ()),
        has_purchase_contract=has_contract_for(session, org.id, "phc", on),
        mis_integrated=org.mis_integrated,
        newly_commissioned=org.newly_commissioned,
    )


def _lock_person(session: Session, iin: str) -> None:
    """PostgreSQL: one attachment of an IIN at a time (a transaction-scoped advisory lock), so concurrent
    requests queue instead of racing for the unique index. SQLite already serialises writers (BEGIN
    IMMEDIATE). The index stays the guarantee; the lock only spares the retries."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:iin))"), {"iin": iin})


def _current(session: Session, iin: str) -> Attachment | None:
    q = select(Attachment).where(Attachment.iin == iin, Attachment.ended_on.is_(None)).with_for_update()
    return session.scalars(q).first()


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

    def work(s: Session) -> dict[str, Any]:
        _lock_person(s, app.iin)
        org = s.get(Provider, app.organisation_id)
        if org is None:
            raise unknown_provider(app.organisation_id)
        row = _current(s, app.iin)
        current = None
        if row is not None:
            held = s.get(Provider, row.organisation_id)
            current = CurrentAttachment(
                row.organisation_id,
                row.ground,
                row.start,
                row.valid_until,
                by_regional_commission=row.by_regional_commission,
                organisation_events=events_by(held, app.date) if held is not None else frozenset(),
            )
        admission = admit(app, organisation_facts(s, org, app.date), current)
        if row is not None:
            if admission.start < row.start:
                raise InvalidInput(
                    "date",
                    Text(
                        f"ағымдағы бекіту {row.start} басталды; жаңасы одан ерте бола алмайды",
                        f"текущее прикрепление началось {row.start}; новое не может начаться раньше",
                        f"the current attachment started on {row.start}; a new one cannot start earlier",
                    ),
                )
            before = audit.snapshot(row)
            row.ended_on = admission.start
            row.end_reason = f"attached to {org.id} ({app.ground})"
            s.flush()
            audit.record(s, actor, "detach", "attachment", row.id, before, audit.snapshot(row))
        new = Attachment(
            iin=app.iin,
            organisation_id=org.id,
            ground=app.ground,
            person_category=app.person_category,
            channel=app.channel,
            applicant=app.applicant,
            start=admission.start,
            valid_until=admission.valid_until,
            by_regional_commission=by_regional_commission,
            basis=[c.as_dict() for c in admission.basis],
            application=raw,
            created_by=actor,
        )
        s.add(new)
        s.flush()
        out = attachment_out(new)
        audit.record(s, actor, "create", "attachment", new.id, None, audit.snapshot(new))
        return out

    return retrying(engine, work)


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
