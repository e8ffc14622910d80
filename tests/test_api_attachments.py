"""The PHC attachment registry through the API, on SQLite and PostgreSQL (`phc-attachment-rules` 4, 8, 10,
11, 9-1): one current attachment per IIN, history with dates, roles, errors, the audit log, concurrency."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from kepil.law.phc_attachment_rules.application import parse_application
from kepil.reference.iin import make_iin
from kepil.store import attachments as registry
from kepil.store.db import reading, transaction
from kepil.store.models import Attachment, AuditEntry

IIN = "850412312347"
CONTRACT = {
    "number": "PHC-2026",
    "start": "2026-01-01",
    "end": "2028-12-31",
    "care_kinds": ["phc"],
    "sum_tiyn": 10**12,
}


def org(pid: str, atu: str = "astana-esil", **kw: Any) -> dict[str, Any]:
    return {"id": pid, "name": pid, "region": "astana", "atu": atu, "phc": True, "gp_positions": 1, **kw}


@pytest.fixture
def reg(api):  # type: ignore[no-untyped-def]
    admin = api.as_("admin")
    for body in (org("A"), org("B"), org("NEW", newly_commissioned=True), org("C", atu="astana-almaty")):
        assert admin.put(f"/v1/providers/{body['id']}", json=body).status_code == 201
        assert admin.post(f"/v1/providers/{body['id']}/contracts", json=CONTRACT).status_code == 201
    return api


def body(
    org_id: str = "A", ground: str = "free_choice", date: str = "2026-05-04", **kw: Any
) -> dict[str, Any]:
    return {
        "iin": IIN,
        "organisation_id": org_id,
        "ground": ground,
        "date": date,
        "person_category": "citizen",
        "residence_atu": "astana-esil",
        **kw,
    }


def current_rows(api, iin: str = IIN) -> int:  # type: ignore[no-untyped-def]
    with reading(api.engine) as s:
        return int(
            s.scalar(select(func.count()).where(Attachment.iin == iin, Attachment.ended_on.is_(None))) or 0
        )


def test_attach_then_reattach_detaches_automatically_rule_4(reg) -> None:  # type: ignore[no-untyped-def]
    r = reg.as_("registrar", "A").post("/v1/attachments", json=body())
    assert r.status_code == 201, r.text
    first = r.json()
    assert first["current"] and first["start"] == "2026-05-04"
    assert {"act": "phc-attachment-rules", "clause": "10.2"} in first["basis"]
    r = reg.as_("registrar", "B").post("/v1/attachments", json=body("B", date="2026-09-20"))
    assert r.status_code == 201, r.text
    history = reg.as_("analyst").get(f"/v1/persons/{IIN}/attachments").json()
    assert [(h["organisation_id"], h["start"], h["ended_on"], h["current"]) for h in history] == [
        ("B", "2026-09-20", None, True),
        ("A", "2026-05-04", "2026-09-20", False),
    ]
    assert current_rows(reg) == 1
    on = reg.as_("analyst").get(f"/v1/persons/{IIN}/attachment", params={"date": "2026-09-19"}).json()
    assert on["organisation_id"] == "A"


def test_campaign_ground_only_from_15_september_to_15_november_rule_10_3(reg) -> None:  # type: ignore[no-untyped-def]
    client = reg.as_("registrar", "A", lang="ru")
    r = client.post("/v1/attachments", json=body(ground="attachment_campaign", date="2026-11-16"))
    assert r.status_code == 422 and r.json()["error"]["field"] == "date"
    assert any("а" <= ch <= "я" for ch in r.json()["error"]["message"])
    assert current_rows(reg) == 0
    assert (
        client.post("/v1/attachments", json=body(ground="attachment_campaign", date="2026-11-15")).status_code
        == 201
    )


def test_free_choice_outside_the_unit_is_refused_rule_8(reg) -> None:  # type: ignore[no-untyped-def]
    r = reg.as_("registrar", "C").post("/v1/attachments", json=body("C"))
    assert r.status_code == 422 and r.json()["error"]["field"] in ("organisation_id", "residence_atu")


def test_temporary_resident_only_by_vhi_omi_contract_for_its_term_rules_9_1_11(reg) -> None:  # type: ignore[no-untyped-def]
    client = reg.as_("registrar", "A")
    r = client.post("/v1/attachments", json=body(person_category="temporary_resident"))
    assert r.status_code == 422 and r.json()["error"]["field"] == "ground"
    omi = {"kind": "omi", "number": "OMI-7", "insurer": "Kaz Insurance"}
    omi |= {"start": "2026-03-01", "end": "2026-08-31", "organisation_id": "A"}
    r = client.post(
        "/v1/attachments",
        json=body(
            ground="vhi_omi_contract",
            person_category="temporary_resident",
            insurance=omi,
            documents=["identity_document", "vhi_omi_contract"],
            application_language="ru",
        ),
    )
    assert r.status_code == 201, r.text
    assert r.json()["valid_until"] == "2026-08-31"
    assert (
        reg.as_("analyst").get(f"/v1/persons/{IIN}/attachment", params={"date": "2026-09-01"}).status_code
        == 404
    )


def test_missing_documents_are_named_app_8(reg) -> None:  # type: ignore[no-untyped-def]
    r = reg.as_("registrar", "A").post(
        "/v1/attachments",
        json=body(channel="written_application", categories=["pensioner"], documents=["identity_document"]),
    )
    assert r.status_code == 422 and r.json()["error"]["field"] == "documents"


@pytest.mark.parametrize(
    ("change", "field"),
    [({"iin": "850412312348"}, "iin"), ({"ground": "whim"}, "ground"), ({"date": "2026-02-30"}, "date")],
)
def test_bad_bodies_are_422_with_the_field(reg, change: dict[str, Any], field: str) -> None:  # type: ignore[no-untyped-def]
    r = reg.as_("registrar", "A").post("/v1/attachments", json={**body(), **change})
    assert r.status_code == 422 and r.json()["error"]["field"] == field


def test_unknown_organisation_is_422(reg) -> None:  # type: ignore[no-untyped-def]
    r = reg.as_("admin").post("/v1/attachments", json=body("NOPE"))
    assert r.status_code == 422 and r.json()["error"]["field"] == "organisation_id"


def test_roles_registrar_acts_for_its_own_organisation_only(reg) -> None:  # type: ignore[no-untyped-def]
    for role, organisation in (("registrar", "B"), ("analyst", None), ("provider", "A")):
        reg.key(role, organisation)
    with reading(reg.engine) as s:
        before = s.scalar(select(func.count()).select_from(AuditEntry))
    assert reg.as_("registrar", "B").post("/v1/attachments", json=body("A")).status_code == 403
    assert reg.as_("analyst").post("/v1/attachments", json=body("A")).status_code == 403
    assert reg.as_("provider", "A").post("/v1/attachments", json=body("A")).status_code == 403
    with reading(reg.engine) as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == before
    assert current_rows(reg) == 0
    made = reg.as_("registrar", "A").post("/v1/attachments", json=body()).json()
    assert reg.as_("registrar", "B").get(f"/v1/persons/{IIN}/attachments").json() == []
    assert len(reg.as_("registrar", "A").get(f"/v1/persons/{IIN}/attachments").json()) == 1
    assert (
        reg.as_("registrar", "B")
        .post(f"/v1/attachments/{made['id']}/detach", json={"date": "2026-06-01", "reason": "x"})
        .status_code
        == 403
    )
    assert reg.as_("registrar", "B").get(f"/v1/attachments/{made['id']}").status_code == 403


def test_detach_and_the_audit_log(reg) -> None:  # type: ignore[no-untyped-def]
    client = reg.as_("registrar", "A")
    made = client.post("/v1/attachments", json=body()).json()
    r = client.post(
        f"/v1/attachments/{made['id']}/detach", json={"date": "2026-07-01", "reason": "moved abroad"}
    )
    assert r.status_code == 200 and r.json()["ended_on"] == "2026-07-01" and not r.json()["current"]
    again = client.post(f"/v1/attachments/{made['id']}/detach", json={"date": "2026-07-02", "reason": "x"})
    assert again.status_code == 422
    early = reg.as_("registrar", "A").post("/v1/attachments", json=body(date="2026-07-05")).json()
    r = client.post(f"/v1/attachments/{early['id']}/detach", json={"date": "2026-07-01", "reason": "x"})
    assert r.status_code == 422 and r.json()["error"]["field"] == "date"
    with reading(reg.engine) as s:
        log = s.scalars(
            select(AuditEntry).where(AuditEntry.entity == "attachment").order_by(AuditEntry.id)
        ).all()
    assert [e.action for e in log] == ["create", "detach", "create"]
    assert log[1].before["ended_on"] is None and log[1].after["ended_on"] == "2026-07-01"
    assert all(e.actor.startswith("key:") for e in log)


def test_regional_commission_then_disagreement_rule_10_5(reg) -> None:  # type: ignore[no-untyped-def]
    flagged = {**body(), "by_regional_commission": True}
    assert reg.as_("registrar", "A").post("/v1/attachments", json=flagged).status_code == 403
    assert reg.as_("admin").post("/v1/attachments", json=flagged).status_code == 201
    r = reg.as_("registrar", "B").post(
        "/v1/attachments", json=body("B", ground="regional_commission_disagreement", date="2026-06-01")
    )
    assert r.status_code == 201, r.text


def test_organisation_events_and_new_facilities_rules_10_6_10_8(reg) -> None:  # type: ignore[no-untyped-def]
    client = reg.as_("registrar", "A")
    assert client.post("/v1/attachments", json=body()).status_code == 201
    moved = body("B", ground="volume_not_placed", date="2026-06-01")
    assert reg.as_("registrar", "B").post("/v1/attachments", json=moved).status_code == 422
    event = org("A", events=[{"code": "volume_not_placed", "date": "2026-05-20"}])
    assert reg.as_("provider", "A").put("/v1/providers/A", json=event).status_code == 403  # regulated
    assert reg.as_("admin").put("/v1/providers/A", json=event).status_code == 200
    assert reg.as_("registrar", "B").post("/v1/attachments", json=moved).status_code == 201
    new = body("NEW", ground="new_facility", date="2026-06-10")
    assert reg.as_("registrar", "NEW").post("/v1/attachments", json=new).status_code == 201
    assert (
        reg.as_("registrar", "A")
        .post("/v1/attachments", json=body("A", ground="new_facility", date="2026-06-11"))
        .status_code
        == 422
    )


def test_panel_size_per_organisation_program_79_4(reg) -> None:  # type: ignore[no-untyped-def]
    reg.as_("registrar", "A").post("/v1/attachments", json=body())
    got = reg.as_("registrar", "A").get("/v1/organisations/A", params={"date": "2026-05-04"}).json()
    assert (
        got["panel"]["attached"] == 1 and got["panel"]["status"] == "under" and got["panel"]["meets"] is True
    )
    listed = reg.as_("analyst").get("/v1/organisations", params={"date": "2026-05-03"}).json()
    assert {o["id"]: o["panel"]["attached"] for o in listed}["A"] == 0
    assert reg.as_("registrar", "B").get("/v1/organisations/A").status_code == 403


def test_the_database_allows_one_current_attachment_per_iin(api) -> None:  # type: ignore[no-untyped-def]
    api.as_("admin").put("/v1/providers/A", json=org("A"))
    row: dict[str, Any] = {"iin": IIN, "organisation_id": "A", "ground": "free_choice", "channel": "egov"}
    row |= {"person_category": "citizen", "applicant": "self", "start": dt.date(2026, 1, 5)}
    row |= {"basis": [], "application": {}, "created_by": "t"}
    with transaction(api.engine) as s:
        s.add(Attachment(**row))
    with pytest.raises(IntegrityError), transaction(api.engine) as s:
        s.add(Attachment(**row))


def test_concurrent_attachments_of_one_person_leave_exactly_one_current(reg) -> None:  # type: ignore[no-untyped-def]
    orgs = ["A", "B", "NEW"]
    errors: list[BaseException] = []
    barrier = threading.Barrier(6)

    def worker(i: int) -> None:
        org_id = orgs[i % 3]
        raw = body(org_id, ground="new_facility" if org_id == "NEW" else "free_choice")
        try:
            barrier.wait()
            registry.attach(reg.engine, parse_application(raw), raw, f"t{i}")
        except BaseException as e:  # collected: a failure of one thread fails the test below
            errors.append(e)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # Re-attaching to the organisation one is already attached to is refused (rule 4); nothing else fails.
    assert all(type(e).__name__ == "InvalidInput" for e in errors), errors
    assert current_rows(reg) == 1
    with reading(reg.engine) as s:
        rows = s.scalars(select(Attachment).where(Attachment.iin == IIN).order_by(Attachment.id)).all()
    assert len(rows) + len(errors) == 6
    assert [r.ended_on for r in rows[:-1]] == [dt.date(2026, 5, 4)] * (len(rows) - 1)


def test_many_people_attach_and_history_is_per_person(reg) -> None:  # type: ignore[no-untyped-def]
    client = reg.as_("registrar", "A")
    iins = [make_iin(dt.date(1990, 1, 1) + dt.timedelta(days=i), "female", 1000 + i) for i in range(5)]
    for iin in iins:
        assert client.post("/v1/attachments", json={**body(), "iin": iin}).status_code == 201
    assert all(len(client.get(f"/v1/persons/{iin}/attachments").json()) == 1 for iin in iins)
    assert client.get("/v1/persons/123/attachments").status_code == 422
