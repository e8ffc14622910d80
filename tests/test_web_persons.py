"""A person's pages (issue 7, brief B) on SQLite and PostgreSQL: search by IIN, the attachment history as a
registrar (own organisation only) and as an analyst, the attachment application through the same validation
and store call as POST /v1/attachments (`phc-attachment-rules` 4, 8, 10, 11, 9-1, app.8.1), detachment,
roles, and the CSV export of the history."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from sqlalchemy import func, select

from kepil.store.db import reading
from kepil.store.models import Attachment, AuditEntry

IIN = "850412312347"  # born 1985-04-12, male
BAD_CHECK_DIGIT = "850412312348"
CONTRACT = {
    "number": "PHC-2026",
    "start": "2026-01-01",
    "end": "2028-12-31",
    "care_kinds": ["phc"],
    "sum_tiyn": 10**12,
}


def _org(pid: str, atu: str = "astana-esil") -> dict[str, Any]:
    return {"id": pid, "name": pid, "region": "astana", "atu": atu, "phc": True, "gp_positions": 1}


@pytest.fixture
def reg(api):  # type: ignore[no-untyped-def]
    """Two PHC organisations of one unit (astana-esil), each with a purchase contract covering PHC (4)."""
    admin = api.as_("admin")
    for pid in ("A", "B"):
        assert admin.put(f"/v1/providers/{pid}", json=_org(pid)).status_code == 201
        assert admin.post(f"/v1/providers/{pid}/contracts", json=CONTRACT).status_code == 201
    return api


def form(ground: str = "free_choice", date: str = "2026-05-04", **kw: Any) -> dict[str, Any]:
    return {
        "ground": ground,
        "date": date,
        "person_category": "citizen",
        "residence_atu": "astana-esil",
        **kw,
    }


def attach_via_api(reg, org: str, date: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    body = {"iin": IIN, "organisation_id": org, **form(date=date)}
    r = reg.as_("registrar", org).post("/v1/attachments", json=body)
    assert r.status_code == 201, r.text
    out: dict[str, Any] = r.json()
    return out


def history_ids(html: str) -> list[str]:
    """The record ids of the history table (its last column), in the page's order."""
    table = html.split('id="table-history"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<td class="k-int [^"]*">(\d+)</td>\s*</tr>', table)


def attachments_count() -> Any:
    return select(func.count()).select_from(Attachment)


# ------------------------------------------------------------------ search


def test_search_opens_the_persons_page_for_a_valid_iin(reg) -> None:  # type: ignore[no-untyped-def]
    c = reg.page_client("analyst")
    page = c.get("/persons")
    assert page.status_code == 200 and 'id="person-search"' in page.text and 'for="iin"' in page.text
    r = c.get("/persons", params={"iin": f" {IIN} "})
    assert r.status_code == 303 and r.headers["location"] == f"/persons/{IIN}"


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_wrong_iin_check_digit_is_422_naming_the_iin(reg, lang: str) -> None:  # type: ignore[no-untyped-def]
    c = reg.page_client("registrar", "A", lang=lang)
    r = c.get("/persons", params={"iin": BAD_CHECK_DIGIT})
    label = {"kk": "ЖСН", "ru": "ИИН", "en": "IIN"}[lang]
    assert r.status_code == 422
    assert f'<p id="iin-error" class="error" role="alert">{label}:' in r.text
    assert BAD_CHECK_DIGIT in r.text and 'aria-invalid="true"' in r.text
    # The person's own address with a wrong IIN answers the same, never a 500.
    assert c.get(f"/persons/{BAD_CHECK_DIGIT}").status_code == 422
    assert c.get("/persons/12345").status_code == 422


def test_persons_pages_need_sign_in_and_a_reading_role(reg) -> None:  # type: ignore[no-untyped-def]
    r = reg.page_client().get(f"/persons/{IIN}")
    assert r.status_code == 303 and r.headers["location"].startswith("/login?next=/persons/")
    assert reg.page_client("provider", "A").get("/persons").status_code == 403


# ------------------------------------------------------------------ the person and the history


def test_the_iin_tells_birth_date_and_sex(reg) -> None:  # type: ignore[no-untyped-def]
    text = reg.page_client("analyst", lang="en").get(f"/persons/{IIN}").text
    assert "12.04.1985" in text and "male" in text
    assert "not attached to any PHC organisation" in text


def test_registrar_sees_only_its_organisations_rows_rule_4(reg) -> None:  # type: ignore[no-untyped-def]
    a = attach_via_api(reg, "A", "2026-05-04")
    b = attach_via_api(reg, "B", "2026-09-20")  # detaches from A (phc-attachment-rules 4)
    as_a = reg.page_client("registrar", "A", lang="en").get(f"/persons/{IIN}", params={"on": "2026-10-01"})
    assert as_a.status_code == 200
    assert history_ids(as_a.text) == [str(a["id"])]
    # The current attachment is B's: A's registrar learns only that there is one (the API's 403).
    assert 'data-elsewhere="true"' in as_a.text and "Attached elsewhere" in as_a.text
    current = as_a.text.split('id="current-attachment"', 1)[1].split("</p>", 1)[0]
    assert ">B<" not in current and "free_choice" not in current
    as_b = reg.page_client("registrar", "B", lang="en").get(f"/persons/{IIN}", params={"on": "2026-10-01"})
    assert history_ids(as_b.text) == [str(b["id"])]
    assert 'data-organisation="B"' in as_b.text and 'id="detach-form"' in as_b.text
    # On a date when A held the attachment, A's registrar sees it (and may not detach a row already ended).
    before = reg.page_client("registrar", "A").get(f"/persons/{IIN}", params={"on": "2026-06-01"})
    assert 'data-organisation="A"' in before.text and 'id="detach-form"' not in before.text


def test_analyst_sees_every_row_newest_first_but_has_no_application_form(reg) -> None:  # type: ignore[no-untyped-def]
    a = attach_via_api(reg, "A", "2026-05-04")
    b = attach_via_api(reg, "B", "2026-09-20")
    r = reg.page_client("analyst", lang="ru").get(f"/persons/{IIN}", params={"on": "2026-10-01"})
    assert history_ids(r.text) == [str(b["id"]), str(a["id"])]
    assert 'id="attach-form"' not in r.text and 'id="detach-form"' not in r.text
    assert 'data-organisation="B"' in r.text
    # The ground cell links to its clause (phc-attachment-rules 10.2).
    assert 'href="/law/phc-attachment-rules/clause/10.2"' in r.text
    assert reg.page_client("analyst").post(f"/persons/{IIN}/attach", data=form()).status_code == 403


def test_a_bad_date_for_the_current_attachment_is_named(reg) -> None:  # type: ignore[no-untyped-def]
    r = reg.page_client("analyst", lang="en").get(f"/persons/{IIN}", params={"on": "2026-02-30"})
    assert r.status_code == 422 and 'id="on-error"' in r.text and "2026-02-30" in r.text


def test_history_exports_as_csv_in_the_viewers_language(reg) -> None:  # type: ignore[no-untyped-def]
    a = attach_via_api(reg, "A", "2026-05-04")
    params = {"export": "history", "format": "csv"}
    r = reg.page_client("analyst", lang="en").get(f"/persons/{IIN}", params=params)
    assert r.status_code == 200 and "text/csv" in r.headers["content-type"]
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert len(rows) == 1
    assert rows[0]["Since"] == "2026-05-04" and rows[0]["Organisation"] == "A"
    assert rows[0]["Clause"] == "10.2" and rows[0]["Record"] == str(a["id"])
    xlsx = reg.page_client("analyst").get(f"/persons/{IIN}", params={"export": "history", "format": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    # A registrar's export holds only its own organisation's rows, like its page.
    other = reg.page_client("registrar", "B").get(f"/persons/{IIN}", params={"export": "history"})
    assert len(list(csv.DictReader(io.StringIO(other.content.decode("utf-8-sig"))))) == 0


# ------------------------------------------------------------------ the application


def test_registrar_attaches_and_the_new_row_is_in_the_history_rule_10_2(reg) -> None:  # type: ignore[no-untyped-def]
    c = reg.page_client("registrar", "A", lang="en")
    page = c.get(f"/persons/{IIN}")
    assert 'id="attach-form"' in page.text and 'name="organisation_id"' not in page.text
    for name in ('name="ground"', 'name="date"', 'name="channel"', 'name="applicant"', 'name="documents"'):
        assert name in page.text
    r = c.post(f"/persons/{IIN}/attach", data=form())
    assert r.status_code == 303, r.text
    assert r.headers["location"].startswith(f"/persons/{IIN}?attached=")
    done = c.get(r.headers["location"])
    assert '<p id="attached" role="status"' in done.text and "04.05.2026" in done.text
    assert len(history_ids(done.text)) == 1
    with reading(reg.engine) as s:
        row = s.scalars(select(Attachment)).one()
        assert (row.organisation_id, row.ground) == ("A", "free_choice")
        assert (row.channel, row.applicant) == ("egov", "self")  # the Rules' defaults (11)
        # Stored like the API's: the application body and the clauses that admitted it.
        assert row.application["organisation_id"] == "A" and row.application["ground"] == "free_choice"
        assert {"act": "phc-attachment-rules", "clause": "10.2"} in row.basis
        actor = s.scalar(select(AuditEntry.actor).where(AuditEntry.entity == "attachment"))
        assert actor is not None and actor.startswith("key:")


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("kk", "құжаттар жоқ"),
        ("ru", "не представлены документы"),
        ("en", "documents missing"),
    ],
)
def test_a_missing_document_is_named_beside_the_documents_app_8_1_2(reg, lang: str, words: str) -> None:  # type: ignore[no-untyped-def]
    data = form(channel="written_application", categories="pensioner", documents="identity_document")
    r = reg.page_client("registrar", "A", lang=lang).post(f"/persons/{IIN}/attach", data=data)
    assert r.status_code == 422
    error = r.text.split('<p id="f-documents-error" class="error" role="alert">', 1)[1].split("</p>", 1)[0]
    assert words in error and "app.8.1.2" in error
    tied = 'aria-describedby="f-documents-help f-documents-error" aria-invalid="true"'
    assert f'id="f-documents" {tied}' in r.text
    # The checklist of what this application needs comes with the error (app.8.1.1, 8.1.2).
    assert 'data-codes="pension_certificate"' in r.text and 'class="pp-needed"' in r.text
    # The form comes back as it was sent.
    assert 'value="pensioner" checked' in r.text and 'value="identity_document" checked' in r.text
    with reading(reg.engine) as s:
        assert s.scalar(attachments_count()) == 0


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("kk", "ЕМС немесе ЖМС шарты бойынша"),
        ("ru", "только по договору ДМС или ОМС"),
        ("en", "only under a VHI or OMI contract"),
    ],
)
def test_a_ground_not_allowed_is_named_beside_the_ground_rules_3_1_11(reg, lang: str, words: str) -> None:  # type: ignore[no-untyped-def]
    data = form(person_category="temporary_resident")
    r = reg.page_client("registrar", "A", lang=lang).post(f"/persons/{IIN}/attach", data=data)
    assert r.status_code == 422
    error = r.text.split('<p id="f-ground-error" class="error" role="alert">', 1)[1].split("</p>", 1)[0]
    assert words in error
    tied = 'aria-describedby="f-ground-help f-ground-error" aria-invalid="true"'
    assert f'id="f-ground" name="ground" {tied}' in r.text


def test_campaign_ground_outside_its_window_names_the_date_rule_10_3(reg) -> None:  # type: ignore[no-untyped-def]
    data = form(ground="attachment_campaign", date="2026-11-16")
    r = reg.page_client("registrar", "A", lang="en").post(f"/persons/{IIN}/attach", data=data)
    assert r.status_code == 422 and 'id="f-date-error"' in r.text
    assert "2026-11-15" in r.text.split('id="f-date-error"', 1)[1].split("</p>", 1)[0]


def test_vhi_omi_contract_from_the_form_attaches_for_the_contracts_term_rule_10_4(reg) -> None:  # type: ignore[no-untyped-def]
    data = form(
        ground="vhi_omi_contract",
        person_category="temporary_resident",
        documents=["identity_document", "vhi_omi_contract"],
        **{
            "insurance.kind": "omi",
            "insurance.number": "OMI-7",
            "insurance.insurer": "Kaz Insurance",
            "insurance.start": "2026-03-01",
            "insurance.end": "2026-08-31",
        },
    )
    r = reg.page_client("registrar", "A").post(f"/persons/{IIN}/attach", data=data)
    assert r.status_code == 303, r.text
    with reading(reg.engine) as s:
        row = s.scalars(select(Attachment)).one()
    assert str(row.valid_until) == "2026-08-31" and row.channel == "written_application"
    assert row.application["insurance"]["organisation_id"] == "A"


def test_a_nested_field_error_is_shown_beside_its_input(reg) -> None:  # type: ignore[no-untyped-def]
    data = form(
        ground="vhi_omi_contract",
        person_category="temporary_resident",
        **{"insurance.kind": "omi", "insurance.number": "N", "insurance.insurer": "I"},
        **{"insurance.start": "x"},
    )
    r = reg.page_client("registrar", "A", lang="en").post(f"/persons/{IIN}/attach", data=data)
    assert r.status_code == 422 and 'id="f-insurance-start-error"' in r.text


def test_another_organisations_registrar_gets_403_and_nothing_is_written(reg) -> None:  # type: ignore[no-untyped-def]
    registrar_b = reg.page_client("registrar", "B")
    forged = registrar_b.post(f"/persons/{IIN}/attach", data={**form(), "organisation_id": "A"})
    assert forged.status_code == 403 and "text/html" in forged.headers["content-type"]
    commission = reg.page_client("registrar", "A").post(
        f"/persons/{IIN}/attach", data={**form(), "by_regional_commission": "on"}
    )
    assert commission.status_code == 403
    with reading(reg.engine) as s:
        assert s.scalar(attachments_count()) == 0
    made = attach_via_api(reg, "A", "2026-05-04")
    detach = {"attachment_id": str(made["id"]), "date": "2026-06-01", "reason": "moved"}
    assert reg.page_client("registrar", "B").post(f"/persons/{IIN}/detach", data=detach).status_code == 403
    assert reg.page_client("analyst").post(f"/persons/{IIN}/detach", data=detach).status_code == 403


def test_admin_chooses_the_organisation_and_its_absence_is_named(reg) -> None:  # type: ignore[no-untyped-def]
    c = reg.page_client("admin", lang="en")
    page = c.get(f"/persons/{IIN}")
    assert 'name="organisation_id"' in page.text and '<option value="B">' in page.text
    missing = c.post(f"/persons/{IIN}/attach", data=form())
    assert missing.status_code == 422 and 'id="f-organisation_id-error"' in missing.text
    unknown = c.post(f"/persons/{IIN}/attach", data={**form(), "organisation_id": "NOPE"})
    assert unknown.status_code == 422 and "no organisation NOPE" in unknown.text
    ok = c.post(f"/persons/{IIN}/attach", data={**form(), "organisation_id": "B"})
    assert ok.status_code == 303


def test_attaching_where_already_attached_is_refused_rule_4(reg) -> None:  # type: ignore[no-untyped-def]
    attach_via_api(reg, "A", "2026-05-04")
    c = reg.page_client("registrar", "A", lang="en")
    r = c.post(f"/persons/{IIN}/attach", data=form(date="2026-06-01"))
    assert r.status_code == 422 and 'id="f-organisation_id-error"' in r.text


def test_the_documents_check_lists_what_the_application_needs_app_8_1(reg) -> None:  # type: ignore[no-untyped-def]
    c = reg.page_client("registrar", "A", lang="en")
    params = {**form(channel="written_application", categories="student"), "check": "1"}
    r = c.get(f"/persons/{IIN}", params=params)
    assert r.status_code == 200
    needed = r.text.split('id="required"', 1)[1].split("</div>", 1)[0]
    # app.8.1.1 identity and both documents of app.8.1.7 (students).
    for clause in ("app.8.1.1", "app.8.1.7"):
        assert f'href="/law/phc-attachment-rules/clause/{clause}"' in needed
    assert 'data-codes="rector_request"' in needed and 'data-codes="school_commission_protocol"' in needed
    egov = c.get(f"/persons/{IIN}", params={**form(), "check": "1"})
    assert "needs no documents" in egov.text  # app.8.2
    with reading(reg.engine) as s:
        assert s.scalar(attachments_count()) == 0


def test_every_ground_and_document_cites_its_clause(reg) -> None:  # type: ignore[no-untyped-def]
    text = reg.page_client("registrar", "A").get(f"/persons/{IIN}").text
    for n in range(1, 10):
        assert f'href="/law/phc-attachment-rules/clause/10.{n}"' in text
    for n in range(1, 11):
        assert f'href="/law/phc-attachment-rules/clause/app.8.1.{n}"' in text
    assert 'href="/law/phc-attachment-rules/clause/9-1"' in text


# ------------------------------------------------------------------ detachment


def test_registrar_detaches_its_own_current_attachment(reg) -> None:  # type: ignore[no-untyped-def]
    made = attach_via_api(reg, "A", "2026-05-04")
    c = reg.page_client("registrar", "A", lang="en")
    early = {"attachment_id": str(made["id"]), "date": "2026-05-01", "reason": "moved abroad"}
    bad = c.post(f"/persons/{IIN}/detach", data=early)
    assert bad.status_code == 422 and 'id="d-date-error"' in bad.text and "2026-05-04" in bad.text
    blank = c.post(f"/persons/{IIN}/detach", data={**early, "date": "2026-07-01", "reason": " "})
    assert blank.status_code == 422 and 'id="d-reason-error"' in blank.text
    r = c.post(f"/persons/{IIN}/detach", data={**early, "date": "2026-07-01"})
    assert r.status_code == 303 and r.headers["location"] == f"/persons/{IIN}?detached={made['id']}#detached"
    done = c.get(r.headers["location"])
    assert '<p id="detached" role="status"' in done.text and "01.07.2026" in done.text
    with reading(reg.engine) as s:
        row = s.get(Attachment, made["id"])
        assert row is not None and str(row.ended_on) == "2026-07-01" and row.end_reason == "moved abroad"
    assert c.post(f"/persons/{IIN}/detach", data={**early, "date": "2026-07-02"}).status_code == 422


def test_detaching_an_unknown_record_or_another_persons_is_404(reg) -> None:  # type: ignore[no-untyped-def]
    made = attach_via_api(reg, "A", "2026-05-04")
    c = reg.page_client("registrar", "A")
    data = {"attachment_id": "999999", "date": "2026-07-01", "reason": "x"}
    assert c.post(f"/persons/{IIN}/detach", data=data).status_code == 404
    assert c.post(f"/persons/{IIN}/detach", data={**data, "attachment_id": "abc"}).status_code == 404
    other = "900101300007"
    data["attachment_id"] = str(made["id"])
    assert c.post(f"/persons/{other}/detach", data=data).status_code == 404  # a valid IIN, not its record


def test_a_date_before_the_rules_in_force_is_named_at_the_date(reg) -> None:  # type: ignore[no-untyped-def]
    r = reg.page_client("registrar", "A", lang="ru").post(
        f"/persons/{IIN}/attach", data=form(date="2020-01-01")
    )
    assert r.status_code == 422
    assert "phc-attachment-rules" in r.text.split('<p id="f-date-error" class="error" role="alert">', 1)[1]


def test_kazakh_is_the_pages_default_language(reg) -> None:  # type: ignore[no-untyped-def]
    r = reg.page_client("registrar", "A").get(f"/persons/{IIN}")
    assert '<html lang="kk">' in r.text and "Бекітуге өтініш" in r.text and "ер" in r.text


def test_the_organisation_is_named_as_the_registry_names_it(reg) -> None:  # type: ignore[no-untyped-def]
    """The current attachment and the history show the registry's name of the organisation beside its id."""
    admin = reg.as_("admin")
    assert admin.put("/v1/providers/A", json={**_org("A"), "name": "Емхана №1"}).status_code == 200
    attach_via_api(reg, "A", "2026-05-04")
    text = reg.page_client("registrar", "A").get(f"/persons/{IIN}", params={"on": "2026-06-01"}).text
    assert "Емхана №1 (A)" in text
    csv = reg.page_client("registrar", "A", lang="en").get(
        f"/persons/{IIN}", params={"export": "history", "format": "csv"}
    )
    assert "Емхана №1" in csv.content.decode("utf-8-sig")
