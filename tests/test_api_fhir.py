"""`POST /fhir/CoverageEligibilityRequest` against the registry (docs/fhir.md): the patient's attachment comes
from the attachment registry on the service date (`phc-attachment-rules` 4; `program-2026-2028` 6-7)."""

from __future__ import annotations

from typing import Any

import pytest

from kepil.api.fhir.codesystems import IIN_SYSTEM, system

IIN = "850412312347"


def eligibility(date: str, kind: str = "phc") -> dict[str, Any]:
    return {
        "resourceType": "CoverageEligibilityRequest",
        "status": "active",
        "purpose": ["benefits"],
        "created": date,
        "servicedDate": date,
        "patient": {"identifier": {"system": IIN_SYSTEM, "value": IIN}},
        "insurer": {"display": "Fund"},
        "item": [
            {
                "category": {"coding": [{"system": system("care-kind"), "code": kind}]},
                "modifier": [{"coding": [{"system": system("care-form"), "code": "planned"}]}],
            }
        ],
    }


def attach(api) -> None:  # type: ignore[no-untyped-def]
    admin = api.as_("admin")
    org = {"id": "A", "name": "A", "region": "astana", "atu": "esil", "phc": True, "mis_integrated": True}
    assert admin.put("/v1/providers/A", json=org).status_code == 201
    body = {"iin": IIN, "organisation_id": "A", "ground": "free_choice", "date": "2026-05-04"}
    body |= {"person_category": "citizen", "residence_atu": "esil"}
    r = admin.post("/v1/attachments", json=body)
    assert r.status_code == 201, r.text


def test_the_registry_decides_planned_phc(api) -> None:  # type: ignore[no-untyped-def]
    attach(api)
    client = api.as_("registrar", "A")
    r = client.post("/fhir/CoverageEligibilityRequest", json=eligibility("2026-05-10"))
    assert r.status_code == 201 and r.headers["content-type"].startswith("application/fhir+json")
    out = r.json()
    assert out["resourceType"] == "CoverageEligibilityResponse" and out["outcome"] == "complete"
    assert out["insurance"][0]["inforce"] is True
    before = client.post("/fhir/CoverageEligibilityRequest", json=eligibility("2026-05-03")).json()
    item = before["insurance"][0]["item"][0]
    assert item["excluded"] is True


def test_unknown_person_and_bad_resources_are_422(api) -> None:  # type: ignore[no-untyped-def]
    client = api.as_("analyst", lang="kk")
    r = client.post("/fhir/CoverageEligibilityRequest", json=eligibility("2026-05-10"))
    assert r.status_code == 422 and r.json()["resourceType"] == "OperationOutcome"
    (issue,) = r.json()["issue"]  # the residency the registry could not give, by its FHIR path
    assert issue["expression"] == ["CoverageEligibilityRequest.patient"] and "citizen" in issue["diagnostics"]
    r = client.post("/fhir/CoverageEligibilityRequest", json={"resourceType": "Patient"})
    assert r.status_code == 422 and r.json()["resourceType"] == "OperationOutcome"
    r = client.post(
        "/fhir/CoverageEligibilityRequest", content=b"{", headers={"Content-Type": "application/json"}
    )
    assert r.status_code == 422


def test_law_not_in_force_is_409(api) -> None:  # type: ignore[no-untyped-def]
    attach(api)
    r = api.as_("analyst").post("/fhir/CoverageEligibilityRequest", json=eligibility("2025-12-31"))
    assert r.status_code == 409 and r.json()["issue"][0]["code"] == "business-rule"


def test_codesystems_are_published_without_a_key(api) -> None:  # type: ignore[no-untyped-def]
    bundle = api.client.get("/fhir/CodeSystem").json()
    ids = {e["resource"]["id"] for e in bundle["entry"]}
    assert {"care-kind", "coverage-error", "funding"} <= ids
    assert api.client.get("/fhir/CodeSystem/coverage-error").json()["resourceType"] == "CodeSystem"
    assert api.client.get("/fhir/CodeSystem/nope").status_code == 404


DATES = [("servicedDate", "2026-02-30"), ("servicedDate", "10.05.2026"), ("created", "2026-02-30"),
         ("created", "31.12.2026")]  # fmt: skip


@pytest.mark.parametrize(("element", "value"), DATES)
def test_a_date_not_in_the_calendar_or_not_in_fhirs_form_is_said_in_the_requests_language(
    api, element: str, value: str
) -> None:  # type: ignore[no-untyped-def]
    """Found by the sweep: pydantic's and fhir.resources' English ("day value is outside expected range",
    "Date value string does not match spec regex.") followed the kk/ru words of the OperationOutcome."""
    body = eligibility("2026-05-10") | {element: value}
    r = api.as_("analyst", lang="ru").post("/fhir/CoverageEligibilityRequest", json=body)
    assert r.status_code == 422, r.text
    (issue,) = r.json()["issue"]
    assert issue["details"]["text"] == "ожидается дата: ГГГГ-ММ-ДД (или FHIR dateTime)"
    assert issue["expression"] == [f"CoverageEligibilityRequest.{element}"]
