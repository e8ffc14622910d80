"""phc-attachment-rules: parse_application — the JSON body of POST /v1/attachments, its field paths, fixed
check order and defaults (2.3 and 9-1 for the applicant, 11 for the channel)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kepil.errors import InvalidInput
from kepil.i18n import LANGS
from kepil.law.phc_attachment_rules.application import (
    APPLICANTS,
    CHANNELS,
    GROUNDS,
    InsuranceContract,
    ResidenceChange,
    parse_application,
)
from kepil.law.phc_attachment_rules.documents import CATEGORIES, DOCUMENTS
from kepil.reference.iin import make_iin

ADULT = make_iin(dt.date(1990, 5, 1), "male")
CHILD = make_iin(dt.date(2015, 6, 1), "female")
PARENT = make_iin(dt.date(1985, 1, 2), "female")


def body(**changes: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "iin": ADULT,
        "organisation_id": "P1",
        "ground": "free_choice",
        "date": "2026-03-10",
        "person_category": "citizen",
        "residence_atu": "ALMATY-BOSTANDYK",
    }
    for k, v in changes.items():
        if v is ...:
            out.pop(k, None)
        else:
            out[k] = v
    return out


def error(raw: Any) -> InvalidInput:
    with pytest.raises(InvalidInput) as e:
        parse_application(raw)
    for lang in LANGS:
        assert e.value.text(lang).strip()
    return e.value


def test_minimal_body_and_its_defaults() -> None:
    """11: an adult citizen applies on egov by themself; the birth date comes from the IIN."""
    app = parse_application(body())
    assert (app.iin, app.organisation_id, app.ground, app.date) == (
        ADULT,
        "P1",
        "free_choice",
        dt.date(2026, 3, 10),
    )
    assert (app.person_category, app.channel, app.applicant) == ("citizen", "egov", "self")
    assert app.birth_date == dt.date(1990, 5, 1)
    assert app.documents == frozenset() and app.categories == frozenset()
    assert app.border_area is False and app.family_member_consent is False
    assert app.insurance is None and app.residence_change is None and app.legal_representative_iin is None


def test_body_not_an_object() -> None:
    assert error([1]).field == "body"


@pytest.mark.parametrize("missing", ["iin", "organisation_id", "ground", "date", "person_category"])
def test_required_fields(missing: str) -> None:
    e = error(body(**{missing: ...}))
    assert e.field == missing and "required" in e.message
    assert e.texts.kk.startswith("міндетті өріс") and e.texts.ru.startswith("обязательное поле")


def test_fixed_order_first_error_is_the_iin() -> None:
    """Checks run in a fixed order: with everything wrong the IIN is named first, then the others."""
    raw = {"iin": "1", "organisation_id": 5, "ground": "x", "date": "?", "person_category": "alien"}
    assert error(raw).field == "iin"
    raw["iin"] = ADULT
    assert error(raw).field == "organisation_id"
    raw["organisation_id"] = "P1"
    assert error(raw).field == "ground"
    raw["ground"] = "free_choice"
    assert error(raw).field == "date"
    raw["date"] = "2026-03-10"
    assert error(raw).field == "person_category"


@pytest.mark.parametrize("iin", ["12345", "12345678901a", 900501300001, "9005013000011"])
def test_iin_not_12_digits(iin: Any) -> None:
    e = error(body(iin=iin))
    assert e.field == "iin" and "12 digits" in e.message and "12 цифр" in e.texts.ru


def test_iin_check_digit_fails() -> None:
    bad = ADULT[:11] + str((int(ADULT[11]) + 1) % 10)
    e = error(body(iin=bad))
    assert e.field == "iin" and "check digit" in e.message
    assert "бақылау цифры" in e.texts.kk and "контрольная цифра" in e.texts.ru


def test_representative_iin_checked_too() -> None:
    bad = PARENT[:11] + str((int(PARENT[11]) + 1) % 10)
    assert error(body(legal_representative_iin=bad)).field == "legal_representative_iin"
    e = error(body(legal_representative_iin=ADULT))
    assert e.field == "legal_representative_iin" and "own IIN" in e.message


@pytest.mark.parametrize(
    ("field", "value", "allowed"),
    [
        ("ground", "whim", GROUNDS),
        ("person_category", "tourist", None),
        ("channel", "fax", CHANNELS),
        ("applicant", "neighbour", APPLICANTS),
        ("application_language", "en", ("kk", "ru")),
        ("representative_kind", "uncle", None),
    ],
)
def test_unknown_enumerations_name_the_field(field: str, value: str, allowed: Any) -> None:
    e = error(body(**{field: value}))
    assert e.field == field and repr(value) in e.message
    if allowed:
        assert ", ".join(allowed) in e.message


def test_unknown_document_names_its_index() -> None:
    e = error(body(documents=["identity_document", "pension_certificate", "library_card"]))
    assert e.field == "documents[2]" and "library_card" in e.message


def test_unknown_category_names_its_index() -> None:
    e = error(body(categories=["pensioner", "astronaut"]))
    assert e.field == "categories[1]"


def test_lists_listed_twice_and_of_the_wrong_type() -> None:
    assert error(body(documents=["identity_document", "identity_document"])).field == "documents[1]"
    assert error(body(documents="identity_document")).field == "documents"
    assert error(body(categories={"a": 1})).field == "categories"


@pytest.mark.parametrize("value", ["2026-02-30", "10.03.2026", 20260310])
def test_dates_that_do_not_parse(value: Any) -> None:
    assert error(body(date=value)).field == "date"


def test_booleans() -> None:
    assert error(body(border_area="yes")).field == "border_area"
    assert error(body(family_member_consent=1)).field == "family_member_consent"
    assert parse_application(body(border_area=None)).border_area is False


def test_strings_must_not_be_empty() -> None:
    assert error(body(organisation_id="  ")).field == "organisation_id"
    assert error(body(residence_atu="")).field == "residence_atu"


def test_insurance_object_and_its_paths() -> None:
    """9-1: the contract's fields, each named by its dotted path."""
    contract = {
        "kind": "omi",
        "number": "N-1",
        "insurer": "Ins",
        "start": "2026-01-01",
        "end": "2026-12-31",
        "organisation_id": "P1",
    }
    app = parse_application(body(insurance=contract))
    assert app.insurance == InsuranceContract(
        "omi", "N-1", "Ins", dt.date(2026, 1, 1), dt.date(2026, 12, 31), "P1"
    )
    assert error(body(insurance="N-1")).field == "insurance"
    assert error(body(insurance={**contract, "kind": "life"})).field == "insurance.kind"
    assert error(body(insurance={**contract, "end": "2026-13-01"})).field == "insurance.end"
    e = error(body(insurance={**contract, "end": "2025-12-31"}))
    assert e.field == "insurance.end" and "before it starts" in e.message
    assert (
        error(body(insurance={k: v for k, v in contract.items() if k != "insurer"})).field
        == "insurance.insurer"
    )
    assert error(body(insurance={**contract, "premium": 1})).field == "insurance.premium"


def test_residence_change_object() -> None:
    """10.1: the previous unit, the first day at the new residence and, if temporary, the last."""
    app = parse_application(body(residence_change={"previous_atu": "SHYMKENT", "moved_on": "2026-03-01"}))
    assert app.residence_change == ResidenceChange("SHYMKENT", dt.date(2026, 3, 1), None)
    assert error(body(residence_change={"moved_on": "2026-03-01"})).field == "residence_change.previous_atu"
    bad = {"previous_atu": "S", "moved_on": "2026-03-01", "moved_until": "2026-02-01"}
    assert error(body(residence_change=bad)).field == "residence_change.moved_until"


def test_unknown_field_rejected() -> None:
    e = error(body(legal_represenative_iin=PARENT))
    assert e.field == "legal_represenative_iin" and "unknown field" in e.message


def test_minor_defaults_to_the_legal_representative() -> None:
    """2.3, 9-1: under 18 on the date, the applicant defaults to the legal representative."""
    app = parse_application(body(iin=CHILD, legal_representative_iin=PARENT))
    assert (app.applicant, app.channel) == ("legal_representative", "egov")
    assert parse_application(body(iin=CHILD)).applicant == "legal_representative"


def test_temporary_resident_defaults_to_a_written_application() -> None:
    """9-1, 11: a temporary resident applies in writing (ground 10.4)."""
    app = parse_application(body(person_category="temporary_resident", ground="vhi_omi_contract"))
    assert app.channel == "written_application"


@pytest.mark.parametrize("applicant", ["proxy", "insurer", "family_member", "institution"])
def test_applicants_who_apply_in_writing_default_to_it(applicant: str) -> None:
    assert parse_application(body(applicant=applicant)).channel == "written_application"


def test_birth_date_given_wins_and_must_not_follow_the_date() -> None:
    """As in the coverage request: a birth date given wins over the IIN's digits."""
    assert parse_application(body(birth_date="2010-01-01")).applicant == "legal_representative"
    e = error(body(birth_date="2026-03-11"))
    assert e.field == "birth_date" and "after" in e.message


def test_iin_without_a_birth_date_needs_one() -> None:
    """An IIN whose date digits are no date (valid check digit) needs birth_date."""
    from kepil.reference.iin import check_digit

    first11 = "9913013" + "0001"  # 1999-13-01: no such date
    digit = check_digit(first11)
    assert digit is not None
    iin = first11 + str(digit)
    assert error(body(iin=iin)).field == "birth_date"
    assert parse_application(body(iin=iin, birth_date="1999-01-13")).birth_date == dt.date(1999, 1, 13)


def test_vocabularies() -> None:
    """The codes the body may carry; every document has a name in kk, ru and en."""
    assert CHANNELS == ("egov", "written_application")
    assert APPLICANTS[:5] == ("self", "legal_representative", "insurer", "proxy", "family_member")
    assert set(CATEGORIES) >= {
        "pensioner",
        "disabled",
        "child_disabled_since_childhood",
        "convict",
        "conscript",
        "student",
        "born_abroad",
        "care_home_resident",
    }
    for name in DOCUMENTS.values():
        assert name.kk and name.ru and name.en and len({name.kk, name.ru, name.en}) == 3


def test_9_1_and_10_1_a_term_of_one_day_is_read() -> None:
    """9-1 (attachment "ЕМС және (немесе) ЖМС шарттарының қолданылу мерзіміне") and 10.1 (a temporary
    residence): a term whose last day is its first day is a term of one day, read as given; only a last day
    before the first is refused."""
    contract = {
        "kind": "vhi",
        "number": "N-1",
        "insurer": "Ins",
        "start": "2026-03-10",
        "end": "2026-03-10",
        "organisation_id": "P1",
    }
    app = parse_application(body(insurance=contract))
    assert app.insurance is not None and app.insurance.start == app.insurance.end == dt.date(2026, 3, 10)
    move = {"previous_atu": "S", "moved_on": "2026-03-01", "moved_until": "2026-03-01"}
    got = parse_application(body(residence_change=move)).residence_change
    assert got == ResidenceChange("S", dt.date(2026, 3, 1), dt.date(2026, 3, 1))


def test_2_3_the_default_applicant_turns_self_on_the_18th_birthday_and_a_newborn_is_read() -> None:
    """2.3 "он сегіз жасқа (кәмелетке) толмаған адам" is a child: on the 18th birthday the body without an
    applicant is the person's own; the day before, the legal representative's. A child born on the date of
    the application is read (born that day, not after it)."""
    eighteen = make_iin(dt.date(2008, 3, 10), "male")
    assert parse_application(body(iin=eighteen)).applicant == "self"
    assert parse_application(body(iin=eighteen, date="2026-03-09")).applicant == "legal_representative"
    newborn = make_iin(dt.date(2026, 3, 10), "female")
    app = parse_application(body(iin=newborn, legal_representative_iin=PARENT))
    assert (app.birth_date, app.applicant) == (dt.date(2026, 3, 10), "legal_representative")


def test_11_a_temporary_resident_applies_in_writing_by_default() -> None:
    """11, second paragraph: temporary residents and asylum seekers attach (10.4) by a written application
    in Kazakh or Russian, not on egov: the body without a channel gets the written one, as does the VHI/OMI
    ground for anyone."""
    temp = parse_application(body(person_category="temporary_resident"))
    assert temp.channel == "written_application"
    assert parse_application(body(ground="vhi_omi_contract")).channel == "written_application"
    assert parse_application(body()).channel == "egov"


def test_app_8_1_a_category_given_twice_is_refused_at_its_index() -> None:
    """app.8.1.2-9: each contingent once; the repeat is named by its own index."""
    assert error(body(categories=["born_abroad", "born_abroad"])).field == "categories[1]"
