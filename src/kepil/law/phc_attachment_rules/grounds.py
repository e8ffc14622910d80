"""The grounds of attachment (`phc-attachment-rules` 10.1–10.9), one check per ground, and the place of
attachment (8). Each check raises `InvalidInput` naming the field at fault, or returns the clauses that
admitted the application. `admit` (application.py) runs the checks common to all grounds first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from kepil.errors import InvalidInput
from kepil.law import parameters
from kepil.law.citation import Citation
from kepil.law.phc_attachment_rules import messages as M
from kepil.reference.calendar import add_months

if TYPE_CHECKING:
    from kepil.law.phc_attachment_rules.application import (
        AttachmentApplication,
        CurrentAttachment,
        OrganisationFacts,
    )

Check = Callable[
    ["AttachmentApplication", "OrganisationFacts", "CurrentAttachment | None"], tuple[Citation, ...]
]


def place_of_residence(app: AttachmentApplication, org: OrganisationFacts) -> tuple[Citation, ...]:
    """8, first paragraph: within the GVFMC a person is attached by the place of permanent or temporary
    residence, within one administrative-territorial unit; a resident of a border area may attach to an
    organisation of a nearby unit.

    reading: the registry gives each organisation one ATU code and, for the exception, the ATUs whose
    border-area residents it may take (`border_neighbour_atus`); the codes are compared as given, at the level
    the region organises free choice (a city, a district). kepil holds no ATU hierarchy to nest them.
    """
    if app.residence_atu is None:
        raise InvalidInput("residence_atu", M.fill(M.RESIDENCE_ATU_REQUIRED, ground=app.ground))
    if org.atu == app.residence_atu:
        return (M.cite("8"),)
    values = {"org": org.id, "org_atu": org.atu, "atu": app.residence_atu}
    if not app.border_area:
        raise InvalidInput("organisation_id", M.fill(M.OUTSIDE_ATU, **values))
    if app.residence_atu not in org.border_neighbour_atus:
        raise InvalidInput("organisation_id", M.fill(M.OUTSIDE_ATU_BORDER, **values))
    return (M.cite("8"),)


def residence_change(
    app: AttachmentApplication, org: OrganisationFacts, current: CurrentAttachment | None
) -> tuple[Citation, ...]:
    """10.1: permanent or temporary residence changed beyond the unit for more than one month, or within it.

    reading: "бір айдан астам мерзімге" is the term of the new residence, known from its first day
    (`moved_on`) and, for a temporary one, its last day (`moved_until`; none = permanent or open-ended). As
    terms in months run under the Civil Code, the month from `moved_on` ends on the same date of the next
    month; "more than one month" needs a last day after it. A move within the unit has no term. The new
    residence is `residence_atu` (8).
    """
    move = app.residence_change
    if move is None:
        raise InvalidInput("residence_change", M.RESIDENCE_CHANGE_REQUIRED)
    if move.moved_on > app.date:
        raise InvalidInput(
            "residence_change.moved_on", M.fill(M.MOVE_AFTER_DATE, moved_on=move.moved_on, date=app.date)
        )
    if move.moved_until is not None and move.moved_until < app.date:
        raise InvalidInput(
            "residence_change.moved_until", M.fill(M.MOVE_ENDED, until=move.moved_until, date=app.date)
        )
    if move.previous_atu != app.residence_atu and move.moved_until is not None:
        month_end = add_months(move.moved_on, 1)
        if move.moved_until <= month_end:
            raise InvalidInput(
                "residence_change.moved_until",
                M.fill(
                    M.MOVE_TOO_SHORT,
                    previous=move.previous_atu,
                    moved_on=move.moved_on,
                    month_end=month_end,
                    until=move.moved_until,
                ),
            )
    return (M.cite("10.1"), *place_of_residence(app, org))


def free_choice(
    app: AttachmentApplication, org: OrganisationFacts, current: CurrentAttachment | None
) -> tuple[Citation, ...]:
    """10.2: free choice of a PHC organisation within one unit (8). reading: the amended text sets no season
    and no yearly limit on it; the season is the campaign's (10.3)."""
    return (M.cite("10.2"), *place_of_residence(app, org))


def campaign_window(on: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of the campaign of `on`'s year (parameter attachment_campaign, 10.3)."""
    window = parameters.value("attachment_campaign", on)
    start_m, start_d = (int(x) for x in str(window["start"]).split("-"))
    end_m, end_d = (int(x) for x in str(window["end"]).split("-"))
    return dt.date(on.year, start_m, start_d), dt.date(on.year, end_m, end_d)


def attachment_campaign(
    app: AttachmentApplication, org: OrganisationFacts, current: CurrentAttachment | None
) -> tuple[Citation, ...]:
    """10.3: the Fund's attachment campaign, 15 September to 15 November (both days), within one unit."""
    start, end = campaign_window(app.date)
    if not start <= app.date <= end:
        raise InvalidInput("date", M.fill(M.CAMPAIGN_CLOSED, start=start, end=end, date=app.date))
    return (M.cite("10.3"), *place_of_residence(app, org))


def vhi_omi_contract(
    app: AttachmentApplication, org: OrganisationFacts, current: CurrentAttachment | None
) -> tuple[Citation, ...]:
    """10.4 with 8 (third paragraph), 9-1 and 13: attachment to the organisation the VHI or OMI contract
    names, for the contract's term; the contract must be in force on the date.

    reading: "by the place of permanent or temporary residence" (8, third paragraph) does not bind the
    organisation to the residence's unit: the contract names the organisation, and 13 sends the person to
    the one serving the contract. `residence_atu` is not required on this ground.
    """
    contract = app.insurance
    if contract is None:
        raise InvalidInput("insurance", M.INSURANCE_REQUIRED)
    if contract.organisation_id != app.organisation_id:
        raise InvalidInput(
            "insurance.organisation_id",
            M.fill(M.CONTRACT_OTHER_ORGANISATION, named=contract.organisation_id, org=app.organisation_id),
        )
    if contract.start > app.date:
        raise InvalidInput(
            "insurance.start", M.fill(M.CONTRACT_NOT_STARTED, start=contract.start, date=app.date)
        )
    if contract.end < app.date:
        raise InvalidInput("insurance.end", M.fill(M.CONTRACT_ENDED, end=contract.end, date=app.date))
    return (M.cite("10.4"), M.cite("8"), M.cite("9-1"), M.cite("13"))


def regional_commission_disagreement(
    app: AttachmentApplication, org: OrganisationFacts, current: CurrentAttachment | None
) -> tuple[Citation, ...]:
    """10.5: disagreement with the attachment the regional commission decided, within one unit (8)."""
    if current is None:
        raise InvalidInput("ground", M.fill(M.NOT_COMMISSION_ATTACHMENT, current=M.NO_CURRENT_ATTACHMENT))
    if not current.by_regional_commission:
        why = M.fill(M.CURRENT_NOT_BY_COMMISSION, org=current.organisation_id)
        raise InvalidInput("ground", M.fill(M.NOT_COMMISSION_ATTACHMENT, current=why))
    return (M.cite("10.5"), *place_of_residence(app, org))


def _event_of_current(
    app: AttachmentApplication, org: OrganisationFacts, current: CurrentAttachment | None, clause: str
) -> tuple[Citation, ...]:
    """10.6, 10.7, 10.9: an event of the organisation the person is attached to frees them to attach
    elsewhere within the unit (8). reading: the registry records the event among the current attachment's
    `organisation_events` (the ground's code); without it the ground is not shown."""
    values = {"ground": app.ground, "clause": f"{M.ACT} {clause}", "event": M.EVENTS[app.ground]}
    if current is None:
        raise InvalidInput(
            "ground", M.fill(M.ORGANISATION_EVENT_REQUIRED, current=M.NO_CURRENT_ATTACHMENT, **values)
        )
    if app.ground not in current.organisation_events:
        why = M.fill(M.CURRENT_WITHOUT_EVENT, org=current.organisation_id)
        raise InvalidInput("ground", M.fill(M.ORGANISATION_EVENT_REQUIRED, current=why, **values))
    return (M.cite(clause), *place_of_residence(app, org))


def phc_refusal_or_reorganisation(
    app: AttachmentApplication, org: OrganisationFacts, current: CurrentAttachment | None
) -> tuple[Citation, ...]:
    """10.6: the current organisation stops providing PHC (refusal, reorganisation, liquidation)."""
    return _event_of_current(app, org, current, "10.6")


def volume_not_placed(
    app: AttachmentApplication, org: OrganisationFacts, current: CurrentAttachment | None
) -> tuple[Citation, ...]:
    """10.7: no volume of services placed with the current organisation that applied for it."""
    return _event_of_current(app, org, current, "10.7")


def new_facility(
    app: AttachmentApplication, org: OrganisationFacts, current: CurrentAttachment | None
) -> tuple[Citation, ...]:
    """10.8: a newly commissioned PHC facility (2.8) appears; the person may attach to it within the unit."""
    if not org.newly_commissioned:
        raise InvalidInput("organisation_id", M.fill(M.NOT_NEW_FACILITY, org=org.id))
    return (M.cite("10.8"), M.cite("2.8"), *place_of_residence(app, org))


def privatisation(
    app: AttachmentApplication, org: OrganisationFacts, current: CurrentAttachment | None
) -> tuple[Citation, ...]:
    """10.9: the current organisation, a state enterprise, is alienated by privatisation."""
    return _event_of_current(app, org, current, "10.9")


CHECKS: dict[str, Check] = {
    "residence_change": residence_change,
    "free_choice": free_choice,
    "attachment_campaign": attachment_campaign,
    "vhi_omi_contract": vhi_omi_contract,
    "regional_commission_disagreement": regional_commission_disagreement,
    "phc_refusal_or_reorganisation": phc_refusal_or_reorganisation,
    "volume_not_placed": volume_not_placed,
    "new_facility": new_facility,
    "privatisation": privatisation,
}
