"""An application for attachment to a PHC organisation and the law that admits it (`phc-attachment-rules`:
MoH order ҚР ДСМ-194/2020 as amended by order No. 141, item 2; docs/attachment.md).

`parse_application` validates the decoded JSON body of POST /v1/attachments: every failure is an
`InvalidInput` naming the dotted field path, in a fixed order, so one body always reports the same first
error; the field checks it shares with the coverage request are `kepil.validation`'s. `admit` applies the
law on the application's date to the facts the registry holds of the target organisation and of the
person's current attachment: it returns the `Admission` with every clause that admitted it, or raises
`InvalidInput` (the field at fault and why, in kk, ru and en) or `LawNotInForce`.
Pure functions: no database, no HTTP.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from kepil.coverage.request import RESIDENCIES, anniversary
from kepil.errors import InvalidInput, LawNotInForce
from kepil.i18n import Text
from kepil.law import parameters
from kepil.law.acts import text_not_in_force_reason
from kepil.law.citation import Citation
from kepil.law.phc_attachment_rules import grounds as G
from kepil.law.phc_attachment_rules import messages as M
from kepil.law.phc_attachment_rules.documents import (
    CATEGORIES,
    CATEGORY_ROWS,
    CHILD_CATEGORIES,
    DOCUMENTS,
    INSTITUTION_CATEGORIES,
    REPRESENTATIVE_KINDS,
    contingent_rows,
    missing_documents,
    requirements,
)
from kepil.reference.iin import parse_iin
from kepil.validation import codes, enum, flag, iso_date, json_object, nullable_enum, string, valid_iin

ACT = M.ACT

# 10.1–10.9, in the order of the clause (parameter attachment_grounds; a test keeps the two equal).
GROUNDS: tuple[str, ...] = (
    "residence_change",
    "free_choice",
    "attachment_campaign",
    "vhi_omi_contract",
    "regional_commission_disagreement",
    "phc_refusal_or_reorganisation",
    "volume_not_placed",
    "new_facility",
    "privatisation",
)
PERSON_CATEGORIES = RESIDENCIES
# 3-1, first paragraph: attached within the GVFMC and the CSHI (grounds 10.1–10.3, 10.5–10.9).
GVFMC_CATEGORIES: frozenset[str] = frozenset({"citizen", "kandas", "refugee", "permanent_resident"})
# 3-1, second paragraph; 9-1; 11, second paragraph: attached under a VHI or OMI contract (ground 10.4).
TEMPORARY_CATEGORIES: frozenset[str] = frozenset({"temporary_resident", "asylum_seeker"})

# How the application was made. egov: the electronic application on the e-government portal (11, first
# paragraph; app.8.2). written_application: a free-form written application at the PHC organisation, in
# Kazakh or Russian (9-1, 11 second paragraph), with the documents of app.8.1.
CHANNELS: tuple[str, ...] = ("egov", "written_application")
# Who applied. self: the person. legal_representative: a child's legal representative (2.4) or an adult's
# guardian. insurer: the insurer the VHI/OMI contract was concluded with (9-1, 11). family_member: one
# family member for another, with the written consent of one of them (9-1). proxy: by power of attorney
# (app.8.1.10). institution: the institution whose documents app.8.1.5–7, 9 name (penitentiary commission,
# military unit, higher education institution, care home).
APPLICANTS: tuple[str, ...] = (
    "self",
    "legal_representative",
    "insurer",
    "proxy",
    "family_member",
    "institution",
)
APPLICATION_LANGUAGES: tuple[str, ...] = ("kk", "ru")  # 9-1, 11: "қазақ немесе орыс тіліндегі"
INSURANCE_KINDS: tuple[str, ...] = ("vhi", "omi")
ORGANISATION_EVENTS: tuple[str, ...] = ("phc_refusal_or_reorganisation", "volume_not_placed", "privatisation")

_EGOV_APPLICANTS = frozenset({"self", "legal_representative"})
# reading (2.3, 2.4, 9-1 last paragraph, app.8.1.4): a child applies through a legal representative; the
# insurer may apply for an insured child (9-1) and an institution for a child in its care (app.8.1.7, 9),
# the representative's identity document still presented by the insurer.
_MINOR_APPLICANTS = frozenset({"legal_representative", "insurer", "institution"})
ADULT_AGE = 18  # 2.3: "он сегіз жасқа (кәмелетке) толмаған адам" is a child


def age_on(birth_date: dt.date, on: dt.date) -> int:
    """Full years on `on`. As in the coverage decision (kepil.coverage.facts.anniversary), a person born on
    29 February has birthdays on 28 February in common years."""
    years = on.year - birth_date.year
    return years - 1 if on < anniversary(birth_date, years) else years


@dataclass(frozen=True, slots=True)
class InsuranceContract:
    """9-1, 13: the VHI/OMI contract of ground vhi_omi_contract (10.4)."""

    kind: str  # "vhi" | "omi"
    number: str
    insurer: str
    start: dt.date
    end: dt.date  # last day of the contract's term (inclusive)
    organisation_id: str  # the PHC organisation the contract names (8, third paragraph)


@dataclass(frozen=True, slots=True)
class ResidenceChange:
    """10.1: the move. `previous_atu` the unit of the former residence; `moved_on` the first day at the new
    residence (`residence_atu`); `moved_until` its last day for a temporary residence, None when permanent."""

    previous_atu: str
    moved_on: dt.date
    moved_until: dt.date | None = None


@dataclass(frozen=True, slots=True)
class AttachmentApplication:
    iin: str
    organisation_id: str
    ground: str
    date: dt.date
    person_category: str
    channel: str
    applicant: str
    residence_atu: str | None = None  # ATU of permanent or temporary residence (2.1, 8)
    border_area: bool = False  # lives in a border area (8)
    documents: frozenset[str] = frozenset()  # codes of DOCUMENTS presented (app.8.1, 9-1)
    categories: frozenset[str] = frozenset()  # contingents of app.8.1.2–9 (documents.CATEGORIES)
    legal_representative_iin: str | None = None
    family_member_consent: bool = False  # 9-1, fourth paragraph
    insurance: InsuranceContract | None = None
    birth_date: dt.date | None = None  # None: from the IIN
    residence_change: ResidenceChange | None = None  # 10.1
    representative_kind: str | None = None  # documents.REPRESENTATIVE_KINDS; None: parent
    application_language: str | None = None  # kk | ru (9-1, 11)

    def born(self) -> dt.date:
        """The birth date given, else the one the IIN's digits encode."""
        if self.birth_date is not None:
            return self.birth_date
        found = parse_iin(self.iin).birth_date
        if found is None:
            raise InvalidInput("birth_date", M.BIRTH_DATE_NOT_IN_IIN)
        return found

    def age(self) -> int:
        """Full years on the date of the application."""
        return age_on(self.born(), self.date)

    def minor(self) -> bool:
        """Under 18 on the date of the application (2.3): the day before the 18th birthday still a child."""
        return self.age() < ADULT_AGE


@dataclass(frozen=True, slots=True)
class OrganisationFacts:
    """What the registry knows of the target organisation on the date."""

    id: str
    phc: bool  # provides PHC
    atu: str  # its administrative-territorial unit
    border_neighbour_atus: frozenset[str]  # ATUs whose border-area residents may attach here (8)
    has_purchase_contract: bool  # a Fund purchase contract covering PHC in force on the date (4)
    mis_integrated: bool  # MIS integrated with the authorised body's information system (4)
    newly_commissioned: bool = False  # a newly commissioned PHC facility (2.8; ground 10.8)


@dataclass(frozen=True, slots=True)
class CurrentAttachment:
    """The person's current attachment, if any."""

    organisation_id: str
    ground: str
    start: dt.date
    valid_until: dt.date | None
    by_regional_commission: bool = False  # decided by the regional commission (ground 10.5)
    # Events of the current organisation that free the person to attach elsewhere, as ground codes:
    # phc_refusal_or_reorganisation (10.6), volume_not_placed (10.7), privatisation (10.9).
    organisation_events: frozenset[str] = frozenset()

    def in_force(self, on: dt.date) -> bool:
        return self.valid_until is None or on <= self.valid_until


@dataclass(frozen=True, slots=True)
class Admission:
    start: dt.date  # first day of the attachment
    valid_until: dt.date | None  # end of the VHI/OMI contract's term on ground 10.4 (9-1), else None
    basis: tuple[Citation, ...]  # every clause that admitted it
    # 4, third paragraph: the attachment to the previous organisation ends automatically.
    detached_from: str | None = None


# --------------------------------------------------------------------------- parse_application

_FIELDS: tuple[str, ...] = (
    "iin",
    "organisation_id",
    "ground",
    "date",
    "person_category",
    "birth_date",
    "applicant",
    "channel",
    "application_language",
    "residence_atu",
    "border_area",
    "documents",
    "categories",
    "legal_representative_iin",
    "representative_kind",
    "family_member_consent",
    "insurance",
    "residence_change",
)
# the fields of the nested `insurance` and `residence_change` objects (the pages name their inputs so)
INSURANCE_FIELDS = ("kind", "number", "insurer", "start", "end", "organisation_id")
MOVE_FIELDS = ("previous_atu", "moved_on", "moved_until")


def _required(body: dict[str, Any], key: str, field: str, allowed: tuple[str, ...] = ()) -> Any:
    if body.get(key) is None:
        if allowed:
            raise InvalidInput(field, M.fill(M.REQUIRED_ONE_OF, allowed=", ".join(allowed)))
        raise InvalidInput(field, M.REQUIRED)
    return body[key]


def _no_unknown(body: dict[str, Any], known: tuple[str, ...], prefix: str) -> None:
    for key in body:
        if key not in known:
            raise InvalidInput(f"{prefix}{key}", M.fill(M.UNKNOWN_FIELD, allowed=", ".join(known)))


def _insurance(value: Any) -> InsuranceContract | None:
    if value is None:
        return None
    body = json_object(value, "insurance")
    kind = enum(_required(body, "kind", "insurance.kind", INSURANCE_KINDS), "insurance.kind", INSURANCE_KINDS)
    number = string(_required(body, "number", "insurance.number"), "insurance.number")
    insurer = string(_required(body, "insurer", "insurance.insurer"), "insurance.insurer")
    start = iso_date(_required(body, "start", "insurance.start"), "insurance.start")
    end = iso_date(_required(body, "end", "insurance.end"), "insurance.end")
    if end < start:
        raise InvalidInput("insurance.end", M.fill(M.CONTRACT_ENDS_BEFORE_START, end=end, start=start))
    org = string(_required(body, "organisation_id", "insurance.organisation_id"), "insurance.organisation_id")
    _no_unknown(body, INSURANCE_FIELDS, "insurance.")
    return InsuranceContract(kind, number, insurer, start, end, org)


def _residence_change(value: Any) -> ResidenceChange | None:
    if value is None:
        return None
    body = json_object(value, "residence_change")
    previous = string(
        _required(body, "previous_atu", "residence_change.previous_atu"), "residence_change.previous_atu"
    )
    moved_on = iso_date(_required(body, "moved_on", "residence_change.moved_on"), "residence_change.moved_on")
    until_raw = body.get("moved_until")
    moved_until = None if until_raw is None else iso_date(until_raw, "residence_change.moved_until")
    if moved_until is not None and moved_until < moved_on:
        raise InvalidInput(
            "residence_change.moved_until",
            M.fill(M.MOVE_UNTIL_BEFORE_MOVE, until=moved_until, moved_on=moved_on),
        )
    _no_unknown(body, MOVE_FIELDS, "residence_change.")
    return ResidenceChange(previous, moved_on, moved_until)


def default_applicant(minor: bool, legal_representative_iin: str | None) -> str:
    """A child applies through a legal representative (2.3, 9-1); a body naming a representative's IIN is
    the representative's; otherwise the person applies."""
    return "legal_representative" if minor or legal_representative_iin is not None else "self"


def default_channel(ground: str, person_category: str, applicant: str) -> str:
    """Written at the organisation on ground 10.4 and for temporary residents and asylum seekers (9-1, 11),
    and for the applicants who only apply there; the e-government portal otherwise (11)."""
    if (
        ground == "vhi_omi_contract"
        or person_category in TEMPORARY_CATEGORIES
        or applicant not in _EGOV_APPLICANTS
    ):
        return "written_application"
    return "egov"


def parse_application(raw: Any) -> AttachmentApplication:
    """Validate the decoded JSON body of POST /v1/attachments; the first error raises `InvalidInput`.

    Order: body, iin, organisation_id, ground, date, person_category, birth_date, applicant, channel,
    application_language, residence_atu, border_area, documents[i], categories[i], legal_representative_iin,
    representative_kind, family_member_consent, insurance.*, residence_change.*, then unknown fields.
    """
    body = json_object(raw, "body")
    iin: str = _required(body, "iin", "iin")
    iin_info = valid_iin(iin, "iin")
    organisation_id = string(_required(body, "organisation_id", "organisation_id"), "organisation_id")
    ground = enum(_required(body, "ground", "ground", GROUNDS), "ground", GROUNDS)
    date = iso_date(_required(body, "date", "date"), "date")
    category = enum(
        _required(body, "person_category", "person_category", PERSON_CATEGORIES),
        "person_category",
        PERSON_CATEGORIES,
    )

    # As in the coverage request: a birth date given wins over the IIN's digits, which are not proof of it.
    if body.get("birth_date") is not None:
        birth_date = iso_date(body["birth_date"], "birth_date")
    else:
        found = iin_info.birth_date
        if found is None:
            raise InvalidInput("birth_date", M.BIRTH_DATE_NOT_IN_IIN)
        birth_date = found
    if birth_date > date:
        raise InvalidInput("birth_date", M.fill(M.BIRTH_AFTER_DATE, birth_date=birth_date, date=date))
    minor = age_on(birth_date, date) < ADULT_AGE

    rep_raw = body.get("legal_representative_iin")
    applicant = (
        enum(body["applicant"], "applicant", APPLICANTS)
        if body.get("applicant") is not None
        else default_applicant(minor, rep_raw)
    )
    channel = (
        enum(body["channel"], "channel", CHANNELS)
        if body.get("channel") is not None
        else default_channel(ground, category, applicant)
    )
    language = nullable_enum(body.get("application_language"), "application_language", APPLICATION_LANGUAGES)
    atu_raw = body.get("residence_atu")
    residence_atu = None if atu_raw is None else string(atu_raw, "residence_atu")
    border_area = flag(body.get("border_area"), "border_area")
    documents = frozenset(codes(body.get("documents"), "documents", tuple(DOCUMENTS), once=True))
    categories = frozenset(codes(body.get("categories"), "categories", CATEGORIES, once=True))
    rep_iin: str | None = None
    if rep_raw is not None:
        valid_iin(rep_raw, "legal_representative_iin")
        rep_iin = rep_raw
    if rep_iin is not None and rep_iin == iin:
        raise InvalidInput("legal_representative_iin", M.REPRESENTATIVE_IS_PERSON)
    representative_kind = nullable_enum(
        body.get("representative_kind"), "representative_kind", REPRESENTATIVE_KINDS
    )
    consent = flag(body.get("family_member_consent"), "family_member_consent")
    insurance = _insurance(body.get("insurance"))
    move = _residence_change(body.get("residence_change"))
    _no_unknown(body, _FIELDS, "")

    return AttachmentApplication(
        iin=iin,
        organisation_id=organisation_id,
        ground=ground,
        date=date,
        person_category=category,
        channel=channel,
        applicant=applicant,
        residence_atu=residence_atu,
        border_area=border_area,
        documents=documents,
        categories=categories,
        legal_representative_iin=rep_iin,
        family_member_consent=consent,
        insurance=insurance,
        birth_date=birth_date,
        residence_change=move,
        representative_kind=representative_kind,
        application_language=language,
    )


# --------------------------------------------------------------------------- admit


def _law_in_force(on: dt.date) -> None:
    reason = text_not_in_force_reason(ACT, on)
    if reason is not None:
        raise LawNotInForce(M.fill(M.LAW_NOT_IN_FORCE, reason=reason), field="date")


def _ground_on_date(app: AttachmentApplication) -> Citation:
    """10: the ground is one of the clause on the date (parameter attachment_grounds)."""
    for g in parameters.value("attachment_grounds", app.date):
        if g["code"] == app.ground:
            return M.cite(str(g["clause"]))
    raise InvalidInput("ground", M.fill(M.GROUND_NOT_ON_DATE, ground=app.ground, date=app.date))


def _organisation(app: AttachmentApplication, org: OrganisationFacts) -> tuple[Citation, ...]:
    """4, second paragraph: PHC is provided by an organisation with a Fund purchase contract and/or an MIS
    integrated with the authorised body's information system ("және (немесе)": either suffices)."""
    if org.id != app.organisation_id:
        raise InvalidInput(
            "organisation_id", M.fill(M.ORGANISATION_MISMATCH, given=org.id, expected=app.organisation_id)
        )
    if not org.phc:
        raise InvalidInput("organisation_id", M.fill(M.NOT_PHC, org=org.id))
    if not (org.has_purchase_contract or org.mis_integrated):
        raise InvalidInput("organisation_id", M.fill(M.NO_CONTRACT_NOR_MIS, org=org.id, date=app.date))
    return (M.cite("4"),)


def _renews_contract(app: AttachmentApplication, current: CurrentAttachment) -> bool:
    """reading (9-1): a new VHI/OMI contract with the same organisation extends the attachment to the new
    term; it is not an attachment "again" to the same organisation."""
    return (
        app.ground == "vhi_omi_contract"
        and current.ground == "vhi_omi_contract"
        and app.insurance is not None
        and current.valid_until is not None
        and app.insurance.end > current.valid_until
    )


def _not_already_attached(app: AttachmentApplication, current: CurrentAttachment | None) -> None:
    """4: one PHC organisation per person; attaching to the one the person is attached to is refused."""
    if current is None or current.organisation_id != app.organisation_id or not current.in_force(app.date):
        return
    if _renews_contract(app, current):
        return
    raise InvalidInput(
        "organisation_id",
        M.fill(M.ALREADY_ATTACHED, org=current.organisation_id, start=current.start, ground=current.ground),
    )


def _person_and_ground(app: AttachmentApplication) -> tuple[Citation, ...]:
    """3-1, 11: citizens, kandases, refugees and permanent residents on grounds 10.1–10.3 and 10.5–10.9;
    temporary residents and asylum seekers on ground 10.4 only.

    reading: 3-1 also names GVFMC (the list of diseases dangerous to others) and CSHI care among the purposes
    of attaching temporary residents, but 9-1, 11 and 13 give them one procedure, the VHI/OMI contract (10.4).
    """
    if app.ground == "vhi_omi_contract" and app.person_category not in TEMPORARY_CATEGORIES:
        raise InvalidInput("ground", M.fill(M.VHI_OMI_ONLY_FOR_TEMPORARY, category=app.person_category))
    if app.ground != "vhi_omi_contract" and app.person_category in TEMPORARY_CATEGORIES:
        raise InvalidInput(
            "ground", M.fill(M.TEMPORARY_ONLY_VHI_OMI, category=app.person_category, ground=app.ground)
        )
    return (M.cite("3-1"),)


def _categories(app: AttachmentApplication) -> None:
    """app.8.1.4, 8.1.8 are categories of children (2.3)."""
    if app.minor():
        return
    for category in sorted(app.categories & CHILD_CATEGORIES):
        row = M.same(f"{ACT} app.8.1.{CATEGORY_ROWS[category]}")
        raise InvalidInput(
            "categories",
            M.fill(M.CHILD_CATEGORY_ADULT, category=category, row=row, age=app.age(), date=app.date),
        )


def _applicant(app: AttachmentApplication) -> tuple[Citation, ...]:
    """2.3, 2.4, 9-1, 11, app.8.1: who may apply for whom."""
    basis: list[Citation] = []
    if app.minor():
        if app.applicant not in _MINOR_APPLICANTS or (
            app.applicant == "institution" and not app.categories & INSTITUTION_CATEGORIES
        ):
            raise InvalidInput(
                "applicant",
                M.fill(
                    M.MINOR_NEEDS_REPRESENTATIVE,
                    date=app.date,
                    birth_date=app.born(),
                    applicant=app.applicant,
                ),
            )
        basis += [M.cite("2.3"), M.cite("2.4")]
    if app.applicant in ("insurer", "family_member") and app.ground != "vhi_omi_contract":
        raise InvalidInput(
            "applicant", M.fill(M.APPLICANT_ONLY_VHI_OMI, applicant=app.applicant, ground=app.ground)
        )
    if app.applicant == "institution" and (
        app.ground == "vhi_omi_contract" or not app.categories & INSTITUTION_CATEGORIES
    ):
        raise InvalidInput("applicant", M.INSTITUTION_NOT_ALLOWED)
    needs_rep = app.applicant == "legal_representative" or (app.applicant == "insurer" and app.minor())
    if needs_rep and app.legal_representative_iin is None:
        raise InvalidInput("legal_representative_iin", M.REPRESENTATIVE_IIN_REQUIRED)
    if app.applicant in ("insurer", "family_member"):
        basis.append(M.cite("9-1"))
    return tuple(basis)


def _channel(app: AttachmentApplication) -> tuple[Citation, ...]:
    """11 and app.8: the egov application (the person, or a representative) on grounds 10.1, 10.2, 10.3,
    10.5; the written application for 10.4; at the organisation on the egov grounds only the contingents
    of app.8.1.2–10.

    reading: 11 makes the egov application the way on 10.1, 10.2, 10.3 and 10.5, while the state service of
    the appendix is also rendered at the PHC organisation "when a certain contingent applies"; a written
    application on those grounds is therefore admitted for those contingents only. 11 names no way for
    10.6–10.9: both are admitted there.
    """
    egov_grounds = parameters.value("attachment_egov_grounds", app.date)
    if app.ground == "vhi_omi_contract":
        if app.channel != "written_application":
            raise InvalidInput("channel", M.fill(M.VHI_OMI_WRITTEN_ONLY, channel=app.channel))
        return (M.cite("11"),)
    if app.channel == "egov":
        if app.applicant not in _EGOV_APPLICANTS:
            raise InvalidInput("channel", M.fill(M.EGOV_APPLICANT, applicant=app.applicant))
        return (M.cite("11"), M.cite("app.8.2")) if app.ground in egov_grounds else (M.cite("app.8.2"),)
    if app.ground in egov_grounds and not contingent_rows(app):
        clause = next(f"{ACT} 10.{i + 1}" for i, g in enumerate(GROUNDS) if g == app.ground)
        raise InvalidInput("channel", M.fill(M.EGOV_GROUND_WRITTEN, ground=app.ground, clause=clause))
    return ()


def _documents(app: AttachmentApplication) -> tuple[Citation, ...]:
    """app.8.1 and 9-1: the documents of a written application."""
    missing = missing_documents(app)
    if missing:
        items = M.join(
            (
                M.fill(Text("{n} ({c})", "{n} ({c})", "{n} ({c})"), n=r.name, c=str(r.citation))
                for r in missing
            ),
            M.SEMICOLON,
        )
        raise InvalidInput("documents", M.fill(M.DOCUMENTS_MISSING, items=items))
    return tuple(r.citation for r in requirements(app))


def admit(app: AttachmentApplication, org: OrganisationFacts, current: CurrentAttachment | None) -> Admission:
    """Apply `phc-attachment-rules` on `app.date`.

    Order: the text in force (LawNotInForce); the ground on the date (10); the organisation (4); not the
    organisation the person is attached to (4); the person's category and the ground (3-1, 11); categories
    of children (2.3); the applicant (2.3, 2.4, 9-1); the channel (11, app.8); the VHI/OMI contract only on
    10.4; the ground's own check (grounds.py: 10.x, 8, 9-1, 13); the family member's consent (9-1); the
    documents (app.8.1, 9-1).
    """
    _law_in_force(app.date)
    ground = _ground_on_date(app)
    organisation = _organisation(app, org)
    _not_already_attached(app, current)
    person = _person_and_ground(app)
    _categories(app)
    applicant = _applicant(app)
    channel = _channel(app)
    if app.insurance is not None and app.ground != "vhi_omi_contract":
        raise InvalidInput("insurance", M.fill(M.INSURANCE_NOT_FOR_GROUND, ground=app.ground))
    own = G.CHECKS[app.ground](app, org, current)
    family: tuple[Citation, ...] = ()
    if app.applicant == "family_member":
        if not app.family_member_consent:
            raise InvalidInput("family_member_consent", M.FAMILY_CONSENT_REQUIRED)
        family = (M.cite("9-1"),)
    documents = _documents(app)
    # The basis reads as the clause chain: the ground and its own clauses, who, where, how, on what papers.
    basis = (ground, *own, *person, *organisation, *applicant, *family, *channel, *documents)
    valid_until = app.insurance.end if app.ground == "vhi_omi_contract" and app.insurance else None
    return Admission(
        start=app.date,
        valid_until=valid_until,
        basis=tuple(dict.fromkeys(basis)),
        detached_from=current.organisation_id if current is not None else None,
    )
