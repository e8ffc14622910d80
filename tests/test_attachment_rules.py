"""phc-attachment-rules: admit() on every ground, its exceptions, the organisation (4), the place (8), the
applicant (2.3, 2.4, 9-1), the channel (11) and the documents (appendix row 8, 9-1). Pure functions, fast."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from kepil.errors import InvalidInput, LawNotInForce
from kepil.i18n import LANGS
from kepil.law import parameters
from kepil.law.citation import Citation
from kepil.law.phc_attachment_rules.application import (
    GROUNDS,
    PERSON_CATEGORIES,
    Admission,
    AttachmentApplication,
    CurrentAttachment,
    InsuranceContract,
    OrganisationFacts,
    ResidenceChange,
    admit,
    parse_application,
)
from kepil.reference.iin import make_iin

ACT = "phc-attachment-rules"
DAY = dt.date(2026, 3, 10)
ADULT = make_iin(dt.date(1990, 5, 1), "male")
PARENT = make_iin(dt.date(1985, 1, 2), "female")
ORG = OrganisationFacts(
    id="P1",
    phc=True,
    atu="ALMATY-BOSTANDYK",
    border_neighbour_atus=frozenset({"ALMATY-REGION-KARASAI"}),
    has_purchase_contract=True,
    mis_integrated=False,
)
CONTRACT = InsuranceContract("omi", "OMI-1", "Insurer JSC", dt.date(2026, 1, 1), dt.date(2026, 12, 31), "P1")


def c(clause: str) -> Citation:
    return Citation(ACT, clause)


def application(**changes: Any) -> AttachmentApplication:
    """A valid free-choice application of an adult citizen on egov, with `changes`."""
    base = AttachmentApplication(
        iin=ADULT,
        organisation_id="P1",
        ground="free_choice",
        date=DAY,
        person_category="citizen",
        channel="egov",
        applicant="self",
        residence_atu="ALMATY-BOSTANDYK",
    )
    return dataclasses.replace(base, **changes)


def vhi(**changes: Any) -> AttachmentApplication:
    """A valid OMI application of a temporary resident, in writing, with the contract and the passport."""
    values: dict[str, Any] = {
        "ground": "vhi_omi_contract",
        "person_category": "temporary_resident",
        "channel": "written_application",
        "residence_atu": None,
        "insurance": CONTRACT,
        "documents": frozenset({"identity_document", "vhi_omi_contract"}),
    }
    values.update(changes)
    return application(**values)


def rejected(app: AttachmentApplication, org: OrganisationFacts = ORG, current: Any = None) -> InvalidInput:
    with pytest.raises(InvalidInput) as e:
        admit(app, org, current)
    for lang in LANGS:  # every refusal speaks kk, ru and en
        assert e.value.text(lang).strip()
    assert e.value.texts.kk != e.value.texts.en and e.value.texts.ru != e.value.texts.en
    return e.value


# --------------------------------------------------------------------------- 10: the grounds


def test_grounds_are_those_of_clause_10_in_order() -> None:
    """10.1–10.9: GROUNDS is the parameter attachment_grounds, in the clause's order."""
    p = parameters.parameter("attachment_grounds")
    for step in p.steps:
        assert tuple(g["code"] for g in step.value) == GROUNDS
        assert [g["clause"] for g in step.value] == [f"10.{i}" for i in range(1, 10)]
    assert PERSON_CATEGORIES == (
        "citizen",
        "kandas",
        "refugee",
        "permanent_resident",
        "temporary_resident",
        "asylum_seeker",
    )


def test_10_2_free_choice_admitted_with_its_clauses() -> None:
    """10.2 with 3-1, 4, 8 and 11: a citizen's egov application to an organisation of the same unit."""
    a = admit(application(), ORG, None)
    assert a == Admission(start=DAY, valid_until=None, basis=a.basis, detached_from=None)
    assert a.basis[0] == c("10.2")
    assert {c("10.2"), c("8"), c("3-1"), c("4"), c("11"), c("app.8.2")} <= set(a.basis)
    assert len(set(a.basis)) == len(a.basis)


@pytest.mark.parametrize("category", ["citizen", "kandas", "refugee", "permanent_resident"])
def test_3_1_gvfmc_categories_use_free_choice(category: str) -> None:
    """3-1 first paragraph, 11: citizens, kandases, refugees, permanent residents attach on 10.2."""
    assert admit(application(person_category=category), ORG, None).basis[0] == c("10.2")


@pytest.mark.parametrize("category", ["temporary_resident", "asylum_seeker"])
def test_3_1_11_temporary_residents_rejected_on_free_choice(category: str) -> None:
    """3-1 second paragraph, 9-1, 11: temporary residents and asylum seekers only under VHI/OMI (10.4)."""
    e = rejected(application(person_category=category))
    assert e.field == "ground"
    assert "vhi_omi_contract" in e.message and category in e.message


def test_4_automatic_detachment_from_the_previous_organisation() -> None:
    """4, third paragraph: the previous attachment ends automatically; the admission names it."""
    current = CurrentAttachment("P0", "free_choice", dt.date(2024, 1, 1), None)
    assert admit(application(), ORG, current).detached_from == "P0"


def test_4_reattaching_to_the_same_organisation_is_refused_clearly() -> None:
    """4: one organisation per person; attaching again to it is refused, naming it and since when."""
    current = CurrentAttachment("P1", "free_choice", dt.date(2024, 1, 1), None)
    e = rejected(application(), current=current)
    assert e.field == "organisation_id"
    assert "already attached to P1 since 2024-01-01" in e.message
    assert "уже прикреплено к P1" in e.texts.ru and "P1 ұйымына бекітілген" in e.texts.kk


# 10.1 residence change


def move(previous: str, moved_on: dt.date, until: dt.date | None = None) -> ResidenceChange:
    return ResidenceChange(previous, moved_on, until)


def test_10_1_permanent_move_from_another_unit_admitted() -> None:
    """10.1: a permanent move beyond the unit (no last day) is a ground; the organisation in the new unit."""
    app = application(ground="residence_change", residence_change=move("SHYMKENT", dt.date(2026, 3, 1)))
    assert admit(app, ORG, None).basis[:2] == (c("10.1"), c("8"))


def test_10_1_temporary_move_beyond_the_unit_for_one_month_or_less_rejected() -> None:
    """10.1: beyond the unit only for more than one month; the month from 1 Mar ends on 1 Apr."""
    short = application(
        ground="residence_change", residence_change=move("SHYMKENT", dt.date(2026, 3, 1), dt.date(2026, 4, 1))
    )
    e = rejected(short)
    assert e.field == "residence_change.moved_until" and "more than one month" in e.message
    longer = application(
        ground="residence_change", residence_change=move("SHYMKENT", dt.date(2026, 3, 1), dt.date(2026, 4, 2))
    )
    assert admit(longer, ORG, None).basis[0] == c("10.1")


def test_10_1_month_of_a_31st_ends_on_the_last_day_of_a_shorter_month() -> None:
    """10.1: the month from 31 Jan 2026 ends on 28 Feb; 28 Feb is not more than a month, 1 Mar is."""

    def app(until: dt.date) -> AttachmentApplication:
        return application(
            ground="residence_change",
            date=dt.date(2026, 2, 10),
            residence_change=move("SHYMKENT", dt.date(2026, 1, 31), until),
        )

    assert rejected(app(dt.date(2026, 2, 28))).field == "residence_change.moved_until"
    assert admit(app(dt.date(2026, 3, 1)), ORG, None).start == dt.date(2026, 2, 10)


def test_10_1_short_move_within_the_unit_admitted() -> None:
    """10.1: a change of residence within the unit has no term."""
    app = application(
        ground="residence_change",
        residence_change=move("ALMATY-BOSTANDYK", dt.date(2026, 3, 1), dt.date(2026, 3, 20)),
    )
    assert admit(app, ORG, None).basis[0] == c("10.1")


def test_10_1_needs_the_move_and_a_move_in_the_past() -> None:
    """10.1: the ground needs residence_change; a move after the application date has not happened."""
    assert rejected(application(ground="residence_change")).field == "residence_change"
    future = application(ground="residence_change", residence_change=move("SHYMKENT", dt.date(2026, 3, 11)))
    assert rejected(future).field == "residence_change.moved_on"
    ended = application(
        ground="residence_change",
        residence_change=move("ALMATY-BOSTANDYK", dt.date(2026, 1, 1), dt.date(2026, 3, 9)),
    )
    assert rejected(ended).field == "residence_change.moved_until"


# 10.3 the campaign


@pytest.mark.parametrize(
    ("day", "admitted"),
    [
        (dt.date(2026, 9, 14), False),
        (dt.date(2026, 9, 15), True),
        (dt.date(2026, 11, 15), True),
        (dt.date(2026, 11, 16), False),
    ],
)
def test_10_3_campaign_runs_15_september_to_15_november_inclusive(day: dt.date, admitted: bool) -> None:
    """10.3 (parameter attachment_campaign): 14 Sep and 16 Nov are outside, 15 Sep and 15 Nov inside."""
    app = application(ground="attachment_campaign", date=day)
    if admitted:
        assert admit(app, ORG, None).basis[0] == c("10.3")
    else:
        e = rejected(app)
        assert e.field == "date"
        assert "2026-09-15" in e.message and "2026-11-15" in e.message


# 10.4 VHI / OMI


def test_10_4_omi_contract_admitted_for_the_contract_term() -> None:
    """10.4, 9-1, 13: attachment to the contract's organisation for its term; valid_until = contract end."""
    a = admit(vhi(), ORG, None)
    assert a.start == DAY and a.valid_until == dt.date(2026, 12, 31)
    assert {c("10.4"), c("9-1"), c("13"), c("8"), c("11"), c("app.8.1.1")} <= set(a.basis)


@pytest.mark.parametrize("category", ["asylum_seeker", "temporary_resident"])
@pytest.mark.parametrize("kind", ["vhi", "omi"])
def test_10_4_both_kinds_for_both_categories(category: str, kind: str) -> None:
    """3-1 second paragraph, 10.4: VHI and OMI, temporary residents and asylum seekers."""
    contract = dataclasses.replace(CONTRACT, kind=kind)
    assert admit(vhi(person_category=category, insurance=contract), ORG, None).valid_until == CONTRACT.end


@pytest.mark.parametrize("category", ["citizen", "kandas", "refugee", "permanent_resident"])
def test_10_4_rejected_for_citizens_and_permanent_residents(category: str) -> None:
    """3-1, 9-1, 11: ground 10.4 is for temporary residents and asylum seekers only."""
    e = rejected(vhi(person_category=category))
    assert e.field == "ground" and "vhi_omi_contract" in e.message


@pytest.mark.parametrize(
    ("contract", "field"),
    [
        (dataclasses.replace(CONTRACT, start=dt.date(2026, 3, 11)), "insurance.start"),
        (dataclasses.replace(CONTRACT, start=dt.date(2025, 1, 1), end=dt.date(2026, 3, 9)), "insurance.end"),
        (dataclasses.replace(CONTRACT, organisation_id="P2"), "insurance.organisation_id"),
    ],
)
def test_10_4_contract_not_in_force_or_of_another_organisation_rejected(
    contract: InsuranceContract, field: str
) -> None:
    """9-1: the contract in force on the date; 8 third paragraph, 13: the organisation it names."""
    assert rejected(vhi(insurance=contract)).field == field


def test_10_4_contract_in_force_on_its_first_and_last_day() -> None:
    """9-1: the term includes its first and its last day."""
    assert admit(vhi(date=CONTRACT.start), ORG, None).valid_until == CONTRACT.end
    assert admit(vhi(date=CONTRACT.end), ORG, None).valid_until == CONTRACT.end


def test_10_4_needs_the_contract_and_the_contract_is_only_for_10_4() -> None:
    """9-1, 10.4: no contract, no attachment on 10.4; a contract on another ground is refused (3-1)."""
    assert rejected(vhi(insurance=None)).field == "insurance"
    assert rejected(application(insurance=CONTRACT)).field == "insurance"


def test_10_4_on_egov_rejected() -> None:
    """9-1, 11: a free-form written application of the person or the insurer, not egov."""
    e = rejected(vhi(channel="egov"))
    assert e.field == "channel" and "written" in e.message


def test_9_1_insurer_applies_for_the_insured() -> None:
    """9-1 third paragraph, 11: the insurer that concluded the contract may apply."""
    assert admit(vhi(applicant="insurer"), ORG, None).valid_until == CONTRACT.end


def test_9_1_insurer_cannot_apply_on_other_grounds() -> None:
    """9-1, 11: the insurer's application is a ground-10.4 way only."""
    app = application(applicant="insurer", channel="written_application", categories=frozenset({"pensioner"}))
    assert rejected(app).field == "applicant"


def test_9_1_family_member_needs_written_consent() -> None:
    """9-1 fourth paragraph: family members are attached with the written consent of one of them."""
    e = rejected(vhi(applicant="family_member"))
    assert e.field == "family_member_consent" and "consent" in e.message
    a = admit(vhi(applicant="family_member", family_member_consent=True), ORG, None)
    assert c("9-1") in a.basis


def test_9_1_new_contract_with_the_same_organisation_renews_the_attachment() -> None:
    """9-1 (reading): a later contract with the same organisation extends the term; the same one is not."""
    current = CurrentAttachment("P1", "vhi_omi_contract", dt.date(2025, 3, 1), dt.date(2026, 6, 30))
    assert admit(vhi(), ORG, current).valid_until == dt.date(2026, 12, 31)
    same = CurrentAttachment("P1", "vhi_omi_contract", dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert rejected(vhi(), current=same).field == "organisation_id"


def test_9_1_an_expired_attachment_is_not_current() -> None:
    """9-1: an attachment whose contract term is over does not block a new one with the same organisation."""
    lapsed = CurrentAttachment("P1", "vhi_omi_contract", dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert admit(vhi(), ORG, lapsed).valid_until == CONTRACT.end


# 10.5 regional commission


def test_10_5_disagreement_with_the_regional_commission() -> None:
    """10.5: only against an attachment the regional commission decided."""
    by_commission = CurrentAttachment(
        "P0", "new_facility", dt.date(2025, 1, 1), None, by_regional_commission=True
    )
    assert admit(application(ground="regional_commission_disagreement"), ORG, by_commission).basis[0] == c(
        "10.5"
    )
    chosen = CurrentAttachment("P0", "free_choice", dt.date(2025, 1, 1), None)
    e = rejected(application(ground="regional_commission_disagreement"), current=chosen)
    assert e.field == "ground" and "regional commission" in e.message
    assert rejected(application(ground="regional_commission_disagreement")).field == "ground"


# 10.6, 10.7, 10.9: events of the current organisation


@pytest.mark.parametrize(
    ("ground", "clause"),
    [("phc_refusal_or_reorganisation", "10.6"), ("volume_not_placed", "10.7"), ("privatisation", "10.9")],
)
def test_10_6_10_7_10_9_need_the_event_of_the_current_organisation(ground: str, clause: str) -> None:
    """10.6, 10.7, 10.9: the person's organisation stopped PHC / got no volume / was privatised."""
    event = CurrentAttachment(
        "P0", "free_choice", dt.date(2025, 1, 1), None, organisation_events=frozenset({ground})
    )
    a = admit(application(ground=ground), ORG, event)
    assert a.basis[0] == c(clause) and a.detached_from == "P0"
    plain = CurrentAttachment("P0", "free_choice", dt.date(2025, 1, 1), None)
    e = rejected(application(ground=ground), current=plain)
    assert e.field == "ground" and "P0" in e.message
    assert rejected(application(ground=ground)).field == "ground"


@pytest.mark.parametrize("ground", ["phc_refusal_or_reorganisation", "new_facility"])
def test_11_grounds_without_a_named_way_accept_both_channels(ground: str) -> None:
    """11 names egov for 10.1, 10.2, 10.3, 10.5 only: on 10.6–10.9 a plain written application is admitted."""
    current = CurrentAttachment(
        "P0", "free_choice", dt.date(2025, 1, 1), None, organisation_events=frozenset({ground})
    )
    org = dataclasses.replace(ORG, newly_commissioned=True)
    app = application(
        ground=ground, channel="written_application", documents=frozenset({"identity_document"})
    )
    assert admit(app, org, current).basis[0].clause in ("10.6", "10.8")


# 10.8 new facility


def test_10_8_new_facility() -> None:
    """10.8, 2.8: to a newly commissioned PHC facility; to another organisation the ground does not apply."""
    new = dataclasses.replace(ORG, newly_commissioned=True)
    assert admit(application(ground="new_facility"), new, None).basis[:2] == (c("10.8"), c("2.8"))
    e = rejected(application(ground="new_facility"))
    assert e.field == "organisation_id" and "newly commissioned" in e.message


# --------------------------------------------------------------------------- 4: the organisation


def test_4_organisation_must_provide_phc() -> None:
    e = rejected(application(), org=dataclasses.replace(ORG, phc=False))
    assert e.field == "organisation_id" and "primary health care" in e.message


def test_4_contract_or_integrated_mis_either_suffices() -> None:
    """4 second paragraph, "and (or)": a purchase contract or an integrated MIS; neither is refused."""
    mis_only = dataclasses.replace(ORG, has_purchase_contract=False, mis_integrated=True)
    assert c("4") in admit(application(), mis_only, None).basis
    neither = dataclasses.replace(ORG, has_purchase_contract=False)
    e = rejected(application(), org=neither)
    assert e.field == "organisation_id" and "purchase contract" in e.message


def test_facts_of_another_organisation_are_refused() -> None:
    assert rejected(application(), org=dataclasses.replace(ORG, id="P9")).field == "organisation_id"


# --------------------------------------------------------------------------- 8: the place


def test_8_organisation_outside_the_unit_rejected() -> None:
    """8: within one administrative-territorial unit."""
    e = rejected(application(residence_atu="ALMATY-REGION-KARASAI"))
    assert e.field == "organisation_id" and "ALMATY-BOSTANDYK" in e.message


def test_8_border_area_exception() -> None:
    """8: a border-area resident may attach to an organisation of a nearby unit that takes that unit."""
    border = application(residence_atu="ALMATY-REGION-KARASAI", border_area=True)
    assert c("8") in admit(border, ORG, None).basis
    far = application(residence_atu="ZHAMBYL", border_area=True)
    e = rejected(far)
    assert e.field == "organisation_id" and "border area" in e.message


def test_8_residence_required_on_gvfmc_grounds_not_on_10_4() -> None:
    """8: attachment within the GVFMC is by residence; on 10.4 the contract names the organisation."""
    assert rejected(application(residence_atu=None)).field == "residence_atu"
    assert admit(vhi(residence_atu=None), ORG, None).valid_until == CONTRACT.end


# --------------------------------------------------------------------------- 2.3, 9-1: minors

BIRTH = dt.date(2008, 3, 10)
CHILD = make_iin(BIRTH, "female")


def test_2_3_day_before_the_18th_birthday_needs_a_representative() -> None:
    """2.3, 9-1 last paragraph: under 18 on the date, the person cannot apply alone."""
    e = rejected(application(iin=CHILD, date=dt.date(2026, 3, 9)))
    assert e.field == "applicant" and "under 18" in e.message
    with_rep = application(
        iin=CHILD, date=dt.date(2026, 3, 9), applicant="legal_representative", legal_representative_iin=PARENT
    )
    assert {c("2.3"), c("2.4")} <= set(admit(with_rep, ORG, None).basis)


def test_2_3_on_the_18th_birthday_the_person_applies_alone() -> None:
    """2.3: on the 18th birthday the person is of age."""
    a = admit(application(iin=CHILD, date=dt.date(2026, 3, 10)), ORG, None)
    assert c("2.3") not in a.basis


def test_9_1_representative_iin_required() -> None:
    app = application(iin=CHILD, date=dt.date(2026, 3, 9), applicant="legal_representative")
    assert rejected(app).field == "legal_representative_iin"


def test_9_1_minor_on_paper_needs_the_representatives_identity_document() -> None:
    """9-1 last paragraph: the child's and the representative's identity documents."""
    app = vhi(
        iin=CHILD, date=dt.date(2026, 3, 9), applicant="legal_representative", legal_representative_iin=PARENT
    )
    e = rejected(app)
    assert e.field == "documents" and "identity document of the legal representative" in e.message
    full = dataclasses.replace(app, documents=app.documents | {"representative_identity_document"})
    assert admit(full, ORG, None).valid_until == CONTRACT.end
    digital = dataclasses.replace(app, documents=app.documents | {"representative_digital_document"})
    assert admit(digital, ORG, None).valid_until == CONTRACT.end


@pytest.mark.parametrize("applicant", ["self", "proxy", "family_member"])
def test_2_3_minor_cannot_apply_alone_or_by_proxy(applicant: str) -> None:
    app = vhi(iin=CHILD, date=dt.date(2026, 3, 9), applicant=applicant, family_member_consent=True)
    assert rejected(app).field == "applicant"


def test_9_1_insurer_for_a_minor_still_names_the_representative() -> None:
    """9-1: the insurer may apply; for a child the representative's identity is still needed."""
    app = vhi(iin=CHILD, date=dt.date(2026, 3, 9), applicant="insurer")
    assert rejected(app).field == "legal_representative_iin"
    named = dataclasses.replace(
        app,
        legal_representative_iin=PARENT,
        documents=app.documents | {"representative_identity_document"},
    )
    assert admit(named, ORG, None).valid_until == CONTRACT.end


# --------------------------------------------------------------------------- 11: the channel


def test_11_egov_grounds_on_paper_only_for_the_contingents_of_the_appendix() -> None:
    """11, app.8.1: a plain adult applies on egov on 10.2; a pensioner may apply at the organisation."""
    plain = application(channel="written_application", documents=frozenset({"identity_document"}))
    e = rejected(plain)
    assert e.field == "channel" and "e-government portal" in e.message
    assert f"{ACT} 10.2" in e.message  # the refusal names the ground's own sub-clause
    campaign = rejected(dataclasses.replace(plain, ground="attachment_campaign", date=dt.date(2026, 10, 1)))
    assert campaign.field == "channel" and f"{ACT} 10.3" in campaign.message
    pensioner = dataclasses.replace(
        plain,
        categories=frozenset({"pensioner"}),
        documents=frozenset({"identity_document", "pension_certificate"}),
    )
    assert c("app.8.1.2") in admit(pensioner, ORG, None).basis


@pytest.mark.parametrize("applicant", ["proxy", "institution"])
def test_11_egov_is_the_persons_own_application(applicant: str) -> None:
    """11, app.8.2: on egov the person or a representative applies; a proxy or an institution in writing."""
    app = application(applicant=applicant, categories=frozenset({"convict"}))
    assert rejected(app).field == "channel"


def test_institution_applies_only_for_its_contingents() -> None:
    """app.8.1.5–7, 9: an institution applies for convicts, conscripts, students, care-home residents."""
    app = application(
        applicant="institution", channel="written_application", documents=frozenset({"identity_document"})
    )
    assert rejected(app).field == "applicant"
    convict = dataclasses.replace(
        app,
        categories=frozenset({"convict"}),
        documents=frozenset({"identity_document", "commission_protocol"}),
    )
    assert c("app.8.1.5") in admit(convict, ORG, None).basis


def test_care_home_child_attached_by_the_institution() -> None:
    """2.3, app.8.1.9: a child in a care home, applied for by the institution on the authority's decision."""
    app = application(
        iin=make_iin(dt.date(2015, 6, 1), "male"),
        applicant="institution",
        channel="written_application",
        categories=frozenset({"care_home_resident"}),
        documents=frozenset({"identity_document", "local_authority_decision"}),
    )
    assert c("app.8.1.9") in admit(app, ORG, None).basis


# --------------------------------------------------------------------------- documents per contingent


def written(categories: set[str], documents: set[str], **changes: Any) -> AttachmentApplication:
    return application(
        channel="written_application",
        categories=frozenset(categories),
        documents=frozenset({"identity_document", *documents}),
        **changes,
    )


@pytest.mark.parametrize(
    ("category", "needed", "row"),
    [
        ("pensioner", {"pension_certificate"}, "app.8.1.2"),
        ("disabled", {"mse_extract"}, "app.8.1.3"),
        ("convict", {"commission_protocol"}, "app.8.1.5"),
        ("conscript", {"unit_order_extract"}, "app.8.1.6"),
        ("student", {"rector_request", "school_commission_protocol"}, "app.8.1.7"),
        ("care_home_resident", {"local_authority_decision"}, "app.8.1.9"),
    ],
)
def test_app_8_1_documents_missing_per_category(category: str, needed: set[str], row: str) -> None:
    """Appendix row 8, item 1: each contingent's documents; missing ones named in kk, ru and en."""
    e = rejected(written({category}, set()))
    assert e.field == "documents" and row in e.message
    assert row in e.texts.kk and row in e.texts.ru
    assert c(row) in admit(written({category}, needed), ORG, None).basis


def test_app_8_1_3_disabled_pension_certificate_is_an_alternative() -> None:
    """app.8.1.3: a pension certificate or the extract of the medical and social examination."""
    assert c("app.8.1.3") in admit(written({"disabled"}, {"pension_certificate"}), ORG, None).basis


def test_app_8_1_8_born_abroad_child() -> None:
    """app.8.1.8: a child born abroad — the document confirming the birth abroad, through the parent."""
    child = make_iin(dt.date(2020, 1, 1), "male")
    base = dict(iin=child, applicant="legal_representative", legal_representative_iin=PARENT)
    docs = {"representative_identity_document"}
    e = rejected(written({"born_abroad"}, docs, **base))
    assert e.field == "documents" and "birth in a foreign state" in e.message
    assert (
        c("app.8.1.8")
        in admit(written({"born_abroad"}, docs | {"foreign_birth_document"}, **base), ORG, None).basis
    )


def test_app_8_1_8_born_abroad_is_a_category_of_children() -> None:
    """2.3, app.8.1.8: an adult is not a "child born abroad"."""
    e = rejected(written({"born_abroad"}, {"foreign_birth_document"}))
    assert e.field == "categories" and "under 18" in e.message


def test_app_8_1_10_proxy_needs_the_power_of_attorney() -> None:
    """app.8.1.10: attachment by power of attorney, also under a VHI/OMI contract."""
    e = rejected(
        application(
            applicant="proxy", channel="written_application", documents=frozenset({"identity_document"})
        )
    )
    assert e.field == "documents" and "power of attorney" in e.message
    ok = application(
        applicant="proxy",
        channel="written_application",
        documents=frozenset({"identity_document", "power_of_attorney"}),
    )
    assert c("app.8.1.10") in admit(ok, ORG, None).basis
    assert rejected(vhi(applicant="proxy")).field == "documents"


def test_app_8_1_4_guardian_needs_the_guardianship_document() -> None:
    """app.8.1.4: a guardian (not a parent) proves guardianship; a parent of a child disabled since
    childhood too."""
    child = make_iin(dt.date(2016, 1, 1), "female")
    base = dict(iin=child, applicant="legal_representative", legal_representative_iin=PARENT)
    rep_id = {"representative_identity_document"}
    guardian = written(set(), rep_id, representative_kind="guardian", **base)
    assert rejected(guardian).field == "documents"
    ok = written(set(), rep_id | {"guardianship_document"}, representative_kind="guardian", **base)
    assert c("app.8.1.4") in admit(ok, ORG, None).basis
    disabled = written({"child_disabled_since_childhood"}, rep_id, **base)
    assert "court decision" in rejected(disabled).message


def test_app_8_1_1_identity_document_or_digital_document() -> None:
    """app.8.1.1: the identity document or the electronic document of the digital documents service."""
    app = written({"pensioner"}, {"pension_certificate"})
    no_id = dataclasses.replace(app, documents=frozenset({"pension_certificate"}))
    e = rejected(no_id)
    assert e.field == "documents" and "identity document" in e.message
    assert "жеке басын куәландыратын құжат" in e.texts.kk and "удостоверяющий личность" in e.texts.ru
    digital = dataclasses.replace(app, documents=frozenset({"pension_certificate", "digital_document"}))
    assert c("app.8.1.1") in admit(digital, ORG, None).basis


def test_app_8_2_egov_needs_no_paper() -> None:
    """app.8.2: on egov the request is electronic; a pensioner on egov presents nothing."""
    assert c("app.8.2") in admit(application(categories=frozenset({"pensioner"})), ORG, None).basis


# --------------------------------------------------------------------------- the law in force


def test_law_not_in_force_before_the_amended_text() -> None:
    """kepil holds the text as amended by order No. 141; before it applies, no answer."""
    with pytest.raises(LawNotInForce) as e:
        admit(application(date=dt.date(2023, 1, 10)), ORG, None)
    assert e.value.field == "date"
    assert all(e.value.text(lang).startswith("phc-attachment-rules: ") for lang in LANGS)


# --------------------------------------------------------------------------- the body goes through


def test_parsed_body_is_admitted() -> None:
    """A JSON body of POST /v1/attachments, parsed and admitted (10.4 in writing, defaults filled)."""
    body = {
        "iin": ADULT,
        "organisation_id": "P1",
        "ground": "vhi_omi_contract",
        "date": "2026-03-10",
        "person_category": "temporary_resident",
        "documents": ["identity_document", "vhi_omi_contract"],
        "insurance": {
            "kind": "omi",
            "number": "OMI-1",
            "insurer": "Insurer JSC",
            "start": "2026-01-01",
            "end": "2026-12-31",
            "organisation_id": "P1",
        },
    }
    app = parse_application(body)
    assert (app.channel, app.applicant) == ("written_application", "self")
    assert admit(app, ORG, None).valid_until == dt.date(2026, 12, 31)


def test_2_3_born_on_29_february_is_of_age_on_28_february() -> None:
    """2.3, as the coverage decision counts it: born 29 Feb 2008, of age on 28 Feb 2026, a child on 27 Feb."""
    leap = make_iin(dt.date(2008, 2, 29), "male")
    assert rejected(application(iin=leap, date=dt.date(2026, 2, 27))).field == "applicant"
    assert admit(application(iin=leap, date=dt.date(2026, 2, 28)), ORG, None).start == dt.date(2026, 2, 28)


def test_10_1_a_move_on_the_day_of_the_application_and_a_residence_ending_that_day_are_admitted() -> None:
    """10.1 "тұрақты немесе уақытша тұратын жерін өзгерту": a person who moved in on the date of the
    application has changed residence, and a temporary residence whose last day is that date is still the
    residence on it (8) — both admitted; a move the next day and a residence that ended the day before are
    not (the boundaries of `test_10_1_needs_the_move_and_a_move_in_the_past`)."""
    today = application(ground="residence_change", residence_change=move("SHYMKENT", DAY))
    assert admit(today, ORG, None).basis[0] == c("10.1")
    last_day = application(
        ground="residence_change",
        residence_change=move("ALMATY-BOSTANDYK", dt.date(2026, 1, 1), DAY),
    )
    assert admit(last_day, ORG, None).basis[0] == c("10.1")


def test_10_2_free_choice_has_no_once_a_year_limit_in_the_amended_text() -> None:
    """10.2 as amended by order No. 141 ("МСАК ұйымдарын бір әкімшілік-аумақтық бірлік шегінде еркін
    таңдауын жүзеге асыру") sets no yearly limit: a person who chose P0 a week ago may choose P1 now, and
    the attachment to P0 ends (4, third paragraph)."""
    current = CurrentAttachment("P0", "free_choice", DAY - dt.timedelta(days=7), None)
    admitted = admit(application(), ORG, current)
    assert admitted.basis[0] == c("10.2") and admitted.detached_from == "P0"


def test_2_3_at_18_the_day_before_the_19th_birthday_the_person_applies_alone() -> None:
    """2.3 "он сегіз жасқа (кәмелетке) толмаған адам" is a child: a person aged 18, the day before the 19th
    birthday, is of age and applies alone; a category of children (app.8.1.8) is refused with
    the age, 18."""
    nineteen_tomorrow = make_iin(dt.date(2007, 3, 11), "female")
    app = application(iin=nineteen_tomorrow, date=DAY)
    assert c("2.3") not in admit(app, ORG, None).basis
    e = rejected(application(iin=nineteen_tomorrow, categories=frozenset({"born_abroad"})))
    assert e.field == "categories" and "the person is 18 on 2026-03-10" in e.message


def test_9_1_on_the_last_day_of_its_contract_the_person_is_still_attached() -> None:
    """9-1: the attachment lasts for the term of the VHI/OMI contract, its last day included: on that day a
    new application to the same organisation under a contract ending the same day is an attachment again
    (4), refused; the next day the term is over and the person may attach."""
    ends_today = dataclasses.replace(CONTRACT, end=DAY)
    current = CurrentAttachment("P1", "vhi_omi_contract", dt.date(2026, 1, 1), DAY)
    assert rejected(vhi(insurance=ends_today), current=current).field == "organisation_id"
    lapsed = dataclasses.replace(current, valid_until=DAY - dt.timedelta(days=1))
    assert admit(vhi(insurance=ends_today), ORG, lapsed).valid_until == DAY
