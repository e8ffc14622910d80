"""kepil as a FHIR R4 server that standard clients can talk to (issue 18; docs/fhir.md "The server").

`GET /fhir/metadata` is an R4 CapabilityStatement of exactly what is served; `create` of a
CoverageEligibilityRequest answers 201 with the CoverageEligibilityResponse and a `Location` that resolves;
`batch` and `transaction` Bundles answer per entry; every failure is an OperationOutcome; XML is 406. Every
resource kepil produces is validated with fhir.resources' R4B models in strict mode and with fhirclient's
models generated from the R4 (4.0.1) StructureDefinitions (no PyPI package ships the official R4 JSON
schema: docs/fhir.md). The decisions are the coverage contract's (shared/contracts/coverage.md).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B import get_fhir_model_class
from fhirclient.models.fhirelementfactory import FHIRElementFactory

from kepil.api.fhir.codesystems import EXTENSIONS, IIN_SYSTEM, extension
from kepil.coverage.decision import decide
from kepil.coverage.model import Person, Service
from test_api_fhir import IIN, attach, eligibility
from test_fhir_eligibility import all_cases, case, fhir_of

FHIR_JSON = "application/fhir+json"
REQ = "CoverageEligibilityRequest"
RESP = "CoverageEligibilityResponse"


def assert_r4(resource: dict[str, Any]) -> None:
    """Valid as R4: fhir.resources' R4B model (strict: no coercion, no unknown element) and fhirclient's
    model generated from the R4 4.0.1 StructureDefinition (strict: unknown or missing required elements
    raise). Bundles are checked entry by entry by both."""
    kind = resource["resourceType"]
    get_fhir_model_class(kind).model_validate(resource, strict=True)
    FHIRElementFactory.instantiate(kind, copy.deepcopy(resource))


def without_id(body: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in body.items() if k != "id"}


def public_requests(shared_dir: Path) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(contract request, the same as a CoverageEligibilityRequest) for every public case FHIR can carry."""
    return [(c["request"], without_id(fhir_of(c["request"]))) for c in all_cases(shared_dir)]


def outcome_of(r: Any, status: int, issue_code: str) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith(FHIR_JSON)
    out: dict[str, Any] = r.json()
    assert out["resourceType"] == "OperationOutcome", out
    assert_r4(out)
    assert out["issue"][0]["code"] == issue_code, out
    return out


def references(value: Any) -> list[str]:
    """Every literal reference in a resource (Reference.reference), at any depth."""
    found: list[str] = []
    if isinstance(value, dict):
        if isinstance(value.get("reference"), str):
            found.append(value["reference"])
        for inner in value.values():
            found += references(inner)
    elif isinstance(value, list):
        for inner in value:
            found += references(inner)
    return found


def assert_references_resolve(client: Any, resource: dict[str, Any]) -> None:
    """issue 18: each reference in an answer resolves by GET (or, local, to a contained resource)."""
    contained = {c["id"] for c in resource.get("contained", [])}
    for ref in references(resource):
        if ref.startswith("#"):
            assert ref[1:] in contained, ref
        else:
            r = client.get(f"/fhir/{ref}")
            assert r.status_code == 200, (ref, r.text)


# ------------------------------------------------------------------ discovery


def test_metadata_is_an_r4_capability_statement_open_without_a_key(api) -> None:  # type: ignore[no-untyped-def]
    r = api.client.get("/fhir/metadata")
    assert r.status_code == 200 and r.headers["content-type"].startswith(FHIR_JSON)
    cs = r.json()
    assert_r4(cs)
    assert cs["resourceType"] == "CapabilityStatement" and cs["fhirVersion"] == "4.0.1"
    assert cs["kind"] == "instance" and "application/fhir+json" in cs["format"]
    assert cs["implementation"]["url"] == "http://testserver/fhir"
    (rest,) = cs["rest"]
    served = {res["type"]: {i["code"] for i in res["interaction"]} for res in rest["resource"]}
    assert served == {
        REQ: {"create", "read", "vread"},
        RESP: {"read", "vread"},
        "CodeSystem": {"read", "search-type"},
    }
    assert {i["code"] for i in rest["interaction"]} == {"batch", "transaction"}


def test_what_the_capability_statement_declares_answers_and_the_rest_is_405(api) -> None:  # type: ignore[no-untyped-def]
    client = api.as_("analyst")
    assert client.get("/fhir/CodeSystem").json()["type"] == "searchset"  # CodeSystem search-type
    assert client.get("/fhir/CodeSystem/care-kind").json()["id"] == "care-kind"  # CodeSystem read
    for kind in (REQ, RESP):  # read and vread of what is not there: 404, not 405
        outcome_of(client.get(f"/fhir/{kind}/nothere"), 404, "not-found")
        outcome_of(client.get(f"/fhir/{kind}/nothere/_history/1"), 404, "not-found")
    for method, path in (("put", f"/fhir/{REQ}/x"), ("delete", f"/fhir/{REQ}/x"), ("get", f"/fhir/{REQ}")):
        r = client.request(method, path, json={"resourceType": REQ} if method == "put" else None)
        outcome_of(r, 405, "not-supported")
        assert r.headers["allow"]


# ------------------------------------------------------------------ create


@pytest.mark.parametrize("client_id", [None, "mis-42"])
def test_create_answers_201_with_the_response_whose_location_and_references_resolve(
    api, shared_dir: Path, client_id: str | None
) -> None:  # type: ignore[no-untyped-def]
    client = api.as_("analyst")
    body = fhir_of(case(shared_dir, "planned-inpatient-insured")["request"])
    body = without_id(body) | ({"id": client_id} if client_id else {})
    r = client.post(f"/fhir/{REQ}", json=body, headers={"Content-Type": FHIR_JSON, "Accept": FHIR_JSON})
    assert r.status_code == 201 and r.headers["content-type"].startswith(FHIR_JSON)
    out = r.json()
    assert_r4(out)
    assert out["resourceType"] == RESP and out["meta"]["versionId"] == "1" and out["outcome"] == "complete"
    assert out["id"] != client_id  # create ignores the client's id (R4 http.html#create)
    location = r.headers["location"]
    assert (
        location == f"http://testserver/fhir/{RESP}/{out['id']}/_history/1" == r.headers["content-location"]
    )
    assert r.headers["etag"] == 'W/"1"'
    assert client.get(location).json() == out == client.get(f"/fhir/{RESP}/{out['id']}").json()
    assert out["request"]["reference"] == f"{REQ}/{out['id']}"
    stored = client.get(f"/fhir/{REQ}/{out['id']}").json()
    assert_r4(stored)
    assert stored["id"] == out["id"] and stored["meta"]["versionId"] == "1"
    assert {k: v for k, v in stored.items() if k not in ("id", "meta")} == without_id(body)
    assert_references_resolve(client, out)


def test_a_relative_reference_the_server_cannot_resolve_is_not_repeated(api) -> None:  # type: ignore[no-untyped-def]
    attach(api)
    client = api.as_("registrar", "A")
    body = eligibility("2026-05-10") | {"insurer": {"reference": "Organization/fund", "display": "Fund"}}
    body["provider"] = {"reference": "Organization/mis-1"}
    out = client.post(f"/fhir/{REQ}", json=body).json()
    assert out["insurer"] == {"display": "Fund"}  # kept: what the client said of it, not a dead link
    assert out["requestor"] == {"display": "Organization/mis-1"}
    assert_references_resolve(client, out)


def test_prefer_return_minimal_answers_201_without_a_body(api) -> None:  # type: ignore[no-untyped-def]
    attach(api)
    client = api.as_("registrar", "A")
    r = client.post(f"/fhir/{REQ}", json=eligibility("2026-05-10"), headers={"Prefer": "return=minimal"})
    assert r.status_code == 201 and r.content == b""
    assert client.get(r.headers["location"]).json()["outcome"] == "complete"


def test_an_exchange_is_read_by_its_organisation_and_the_analysts_only(api) -> None:  # type: ignore[no-untyped-def]
    attach(api)
    other = {"id": "B", "name": "B", "region": "astana", "atu": "esil", "phc": True, "mis_integrated": True}
    assert api.as_("admin").put("/v1/providers/B", json=other).status_code == 201
    r = api.as_("registrar", "A").post(f"/fhir/{REQ}", json=eligibility("2026-05-10"))
    path = f"/fhir/{RESP}/{r.json()['id']}"
    assert api.as_("registrar", "A").get(path).status_code == 200
    assert api.as_("analyst").get(path).status_code == 200
    # another organisation's key: 404, which says nothing of whether the exchange exists
    outcome_of(api.as_("registrar", "B").get(path), 404, "not-found")
    outcome_of(api.as_("provider", "B").get(path.replace(RESP, REQ)), 404, "not-found")


# ------------------------------------------------------------------ every failure is an OperationOutcome


def test_401_and_403_are_operation_outcomes_in_the_callers_language(api) -> None:  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    plain = TestClient(api.app, raise_server_exceptions=False, headers={"Accept-Language": "kk"})
    r = plain.post(f"/fhir/{REQ}", json=eligibility("2026-05-10"))
    out = outcome_of(r, 401, "login")
    assert r.headers["www-authenticate"] == "Bearer" and out["language"] == "kk"
    assert "API кілті" in out["issue"][0]["diagnostics"]
    out = outcome_of(
        api.as_("fund", lang="ru").post(f"/fhir/{REQ}", json=eligibility("2026-05-10")), 403, "forbidden"
    )
    assert out["language"] == "ru" and "Роль" in out["issue"][0]["details"]["text"]


def test_404_405_and_a_bad_id_are_operation_outcomes(api) -> None:  # type: ignore[no-untyped-def]
    client = api.as_("analyst")
    outcome_of(client.get("/fhir/Patient/1"), 404, "not-found")
    outcome_of(client.get("/fhir/CodeSystem/nope"), 404, "not-found")
    outcome_of(client.patch(f"/fhir/{REQ}/x", json={}), 405, "not-supported")
    out = outcome_of(client.get(f"/fhir/{RESP}/{'x' * 65}"), 422, "invalid")  # R4 ids: at most 64
    assert out["issue"][0]["expression"] == ["exchange_id"]


@pytest.mark.parametrize(
    "headers",
    [
        {"Accept": "application/fhir+xml"},
        {"Accept": "application/xml, text/turtle;q=0.5"},
        {"Accept": "application/fhir+json; fhirVersion=5.0"},
        {"Accept": "application/fhir+json;q=0, application/fhir+xml"},
    ],
)
def test_xml_and_other_fhir_versions_are_406(api, headers: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    client = api.as_("analyst")
    outcome_of(client.get("/fhir/metadata", headers=headers), 406, "not-supported")
    outcome_of(
        client.post(f"/fhir/{REQ}", json=eligibility("2026-05-10"), headers=headers), 406, "not-supported"
    )


def test_format_parameter_and_json_accepts(api) -> None:  # type: ignore[no-untyped-def]
    client = api.as_("analyst")
    outcome_of(client.get("/fhir/metadata?_format=xml"), 406, "not-supported")
    for accept in (
        "application/fhir+json; fhirVersion=4.0",
        "application/json",
        "*/*",
        "text/html, */*;q=0.8",
    ):
        assert client.get("/fhir/metadata", headers={"Accept": accept}).status_code == 200, accept
    assert client.get("/fhir/metadata?_format=json").status_code == 200


def test_a_body_that_is_not_json_is_415(api) -> None:  # type: ignore[no-untyped-def]
    r = api.as_("analyst").post(
        f"/fhir/{REQ}",
        content=b"<CoverageEligibilityRequest/>",
        headers={"Content-Type": "application/fhir+xml"},
    )
    outcome_of(r, 415, "not-supported")


def test_413_past_the_body_limit_is_an_operation_outcome(api, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from kepil.api import app as app_module

    monkeypatch.setattr(app_module, "MAX_JSON_BYTES", 1000)  # the real limit is 64 MB: the same path
    client = TestClient(app_module.create_app(engine=api.engine), raise_server_exceptions=False)
    r = client.post(
        "/fhir",
        content=b'{"resourceType": "Bundle", "id": "' + b"x" * 5000 + b'"}',
        headers={"Content-Type": FHIR_JSON, "Authorization": f"Bearer {api.key('admin')}"},
    )
    assert outcome_of(r, 413, "too-costly")["issue"][0]["expression"] == ["body"]


def test_422_names_the_fhir_path_and_409_gives_the_acts_reason(api) -> None:  # type: ignore[no-untyped-def]
    client = api.as_("analyst", lang="ru")
    bad = eligibility("2026-05-10") | {"status": "unknown-status"}
    out = outcome_of(client.post(f"/fhir/{REQ}", json=bad), 422, "invalid")
    assert out["issue"][0]["expression"] == [f"{REQ}.status"]
    assert out["issue"][0]["details"]["coding"][0]["code"] == "invalid_input"
    attach(api)
    out = outcome_of(client.post(f"/fhir/{REQ}", json=eligibility("2025-12-31")), 409, "business-rule")
    assert out["issue"][0]["details"]["coding"][0]["code"] == "law_not_in_force"


def test_a_500_on_fhir_is_an_operation_outcome(api, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from kepil.api.routes import fhir as route

    def broken(*args: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(route, "capability_statement", broken)
    out = outcome_of(api.as_("analyst").get("/fhir/metadata"), 500, "exception")
    assert "boom" not in json.dumps(out)  # logged, not shown


# ------------------------------------------------------------------ batch and transaction


def _entry(resource: dict[str, Any]) -> dict[str, Any]:
    return {"request": {"method": "POST", "url": REQ}, "resource": resource}


def test_a_batch_of_many_requests_answers_each_as_the_json_api_does(api, shared_dir: Path) -> None:  # type: ignore[no-untyped-def]
    client = api.as_("analyst")
    pairs = public_requests(shared_dir) * 2  # more than SINGLE_PATH_AT_MOST: the columnar path decides
    entries = [_entry(body) for _, body in pairs]
    entries += [
        _entry({"resourceType": "Patient"}),
        {"request": {"method": "GET", "url": "metadata"}},
        {"request": {"method": "GET", "url": "CodeSystem/funding"}},
        {"request": {"method": "DELETE", "url": f"{REQ}/x"}},
        {"request": {"method": "POST", "url": "Patient"}, "resource": {"resourceType": "Patient"}},
        {"resource": {"resourceType": REQ}},
    ]
    r = client.post("/fhir", json={"resourceType": "Bundle", "type": "batch", "entry": entries})
    assert r.status_code == 200 and r.headers["content-type"].startswith(FHIR_JSON)
    bundle = r.json()
    assert bundle["type"] == "batch-response" and len(bundle["entry"]) == len(entries)
    assert_r4(bundle)
    statuses = [e["response"]["status"] for e in bundle["entry"]]
    n = len(pairs)
    assert statuses[n:] == [
        "422 Unprocessable Entity",
        "200 OK",
        "200 OK",
        "405 Method Not Allowed",
        "404 Not Found",
        "422 Unprocessable Entity",
    ]
    assert bundle["entry"][n + 5]["response"]["outcome"]["issue"][0]["expression"] == [
        f"Bundle.entry[{n + 5}].request"
    ]
    for (request, _), entry in zip(pairs, bundle["entry"][:n], strict=True):
        direct = decide(request)
        if "error" in direct:
            assert entry["response"]["status"].startswith(("409", "422"))
            assert entry["response"]["outcome"]["resourceType"] == "OperationOutcome"
            continue
        assert entry["response"]["status"] == "201 Created"
        out = entry["resource"]
        (insurance,) = out["insurance"]
        assert insurance["inforce"] == direct["covered"]
        assert insurance["coverage"]["identifier"]["value"] == (
            direct["funding"] if direct["covered"] else "none"
        )
        assert entry["fullUrl"] == f"http://testserver/fhir/{RESP}/{out['id']}"
        assert client.get(f"/fhir/{entry['response']['location']}").json() == out
        assert_references_resolve(client, out)


def test_a_transaction_is_all_or_nothing(api, shared_dir: Path) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import func, select

    from kepil.store.models import FhirExchange

    client = api.as_("analyst")
    good = [_entry(without_id(fhir_of(case(shared_dir, name)["request"])))
            for name in ("planned-inpatient-insured", "ambulance-citizen")]  # fmt: skip
    bad = _entry({"resourceType": REQ, "status": "active"})
    r = client.post("/fhir", json={"resourceType": "Bundle", "type": "transaction", "entry": [*good, bad]})
    out = outcome_of(r, 422, "invalid")
    assert out["issue"][0]["diagnostics"].startswith("Bundle.entry[2]: ")
    with api.engine.connect() as c:
        assert c.scalar(select(func.count()).select_from(FhirExchange)) == 0  # nothing was kept
    r = client.post("/fhir", json={"resourceType": "Bundle", "type": "transaction", "entry": good})
    bundle = r.json()
    assert r.status_code == 200 and bundle["type"] == "transaction-response"
    assert_r4(bundle)
    assert [e["response"]["status"] for e in bundle["entry"]] == ["201 Created"] * 2


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"resourceType": REQ}, "resourceType"),
        ({"resourceType": "Bundle", "type": "collection"}, "Bundle.type"),
        ({"resourceType": "Bundle", "type": {}}, "Bundle.type"),
        ({"resourceType": "Bundle", "type": ["batch"]}, "Bundle.type"),
        ({"resourceType": "Bundle", "type": "batch", "entry": {}}, "Bundle.entry"),
    ],
)
def test_what_is_not_a_batch_or_transaction_bundle_is_422(api, body: dict[str, Any], field: str) -> None:  # type: ignore[no-untyped-def]
    out = outcome_of(api.as_("analyst").post("/fhir", json=body), 422, "invalid")
    assert out["issue"][0]["expression"] == [field]


def test_bundles_are_bounded_like_every_body(api, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from kepil.api.fhir import bundle as bundle_module

    client = api.as_("analyst")
    deep = b'{"resourceType": "Bundle", "type": "batch", "entry": ' + b"[" * 100 + b"]" * 100 + b"}"
    out = outcome_of(client.post("/fhir", content=deep, headers={"Content-Type": FHIR_JSON}), 422, "invalid")
    assert "too deep" in out["issue"][0]["diagnostics"]
    long_text = {
        "resourceType": "Bundle",
        "type": "batch",
        "entry": [_entry({"resourceType": REQ, "id": "x" * 5000})],
    }
    out = outcome_of(client.post("/fhir", json=long_text), 422, "invalid")
    assert out["issue"][0]["expression"] == ["Bundle.entry[0].resource.id"]
    assert "too long" in out["issue"][0]["diagnostics"] and "x" * 100 not in out["issue"][0]["diagnostics"]
    long_url = {
        "resourceType": "Bundle",
        "type": "batch",
        "entry": [{"request": {"method": "GET", "url": "y" * 999}}],
    }
    entry = client.post("/fhir", json=long_url).json()["entry"][0]
    assert entry["response"]["status"] == "404 Not Found" and "y" * 100 not in json.dumps(entry)
    monkeypatch.setattr(bundle_module, "MAX_ITEMS", 2)
    many = {"resourceType": "Bundle", "type": "batch", "entry": [_entry({"resourceType": REQ})] * 3}
    outcome_of(client.post("/fhir", json=many), 413, "too-costly")


def test_a_batch_reads_the_registry_once_for_all_its_people(api, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from kepil.store import attachments

    attach(api)
    calls: list[int] = []
    many = attachments.person_facts_many

    def counted(engine: Any, pairs: Any) -> Any:
        calls.append(len(pairs))
        return many(engine, pairs)

    monkeypatch.setattr(attachments, "person_facts_many", counted)
    monkeypatch.setattr(attachments, "person_facts", None)  # never one query per person
    entries = [_entry(eligibility(day)) for day in ("2026-05-10", "2026-05-03", "2026-05-10")]
    bundle = api.as_("analyst").post(
        "/fhir", json={"resourceType": "Bundle", "type": "batch", "entry": entries}
    )
    out = [e["resource"]["insurance"][0]["inforce"] for e in bundle.json()["entry"]]
    assert out == [True, False, True]  # attached from 2026-05-04 (phc-attachment-rules 4)
    assert calls == [2]


# ------------------------------------------------------------------ the request's facts as extensions


def test_urgency_and_every_list_membership_travel_as_documented_extensions(api) -> None:  # type: ignore[no-untyped-def]
    """`service.urgency_category` (program-2026-2028 4, 18.4) and every list-membership fact of the request
    (amendment 5: `on_*_list`) has its kepil extension, named in docs/fhir.md, and the server decides with
    it as the JSON API does."""
    docs = (Path(__file__).resolve().parent.parent / "docs" / "fhir.md").read_text()
    by_field = {e.field: e for e in EXTENSIONS}
    facts = [f"service.{f}" for f in Service.model_fields if f == "urgency_category" or f.startswith("on_")]
    facts += [f"person.{f}" for f in Person.model_fields if f.startswith("on_")]
    assert len(facts) >= 10
    for fact in facts:
        assert fact in by_field, fact
        assert f"`{by_field[fact].name}`" in docs, fact
    client = api.as_("analyst")
    ambulance = {"date": "2026-05-31", "person": {"residency": "citizen", "birth_date": "1985-04-12"},
                 "service": {"kind": "ambulance", "form": "urgent", "urgency_category": 4}}  # fmt: skip
    body = without_id(fhir_of({**ambulance, "service": {"kind": "ambulance", "form": "urgent"}}))
    body["item"][0].setdefault("extension", []).append(
        {"url": extension("urgency-category"), "valueInteger": 4}
    )
    out = client.post(f"/fhir/{REQ}", json=body).json()
    assert out["insurance"][0]["inforce"] == decide(ambulance)["covered"]
    day = {"date": "2026-06-01",
           "person": {"residency": "citizen", "birth_date": "1985-04-12", "insured": True},
           "service": {"kind": "day_hospital", "form": "planned", "icd10": "M17.1"}}  # fmt: skip
    for listed in (True, False):
        body = without_id(fhir_of(day))
        body["item"][0].setdefault("extension", []).append(
            {"url": extension("on-day-hospital-list"), "valueBoolean": listed}
        )
        out = client.post(f"/fhir/{REQ}", json=body).json()
        expected = decide({**day, "service": {**day["service"], "on_day_hospital_list": listed}})
        assert out["insurance"][0]["inforce"] == expected["covered"], listed


def test_the_patient_identifier_is_the_iin_system() -> None:
    assert eligibility("2026-05-10")["patient"]["identifier"] == {"system": IIN_SYSTEM, "value": IIN}


def test_a_response_is_returned_as_fhir_resources_would_write_it(shared_dir: Path) -> None:
    """`to_response` validates its answer and returns it as built (not re-serialised, for speed): the same
    JSON as fhir.resources' own dump of the validated model, for every public case and both date forms."""
    import datetime as dt

    from fhir.resources.R4B.coverageeligibilityresponse import CoverageEligibilityResponse

    from kepil.api.fhir.eligibility import parse_request, to_coverage_requests, to_response

    answered = 0
    for request, body in public_requests(shared_dir):
        resource = parse_request(body)
        try:
            requests = to_coverage_requests(resource)
        except Exception:  # a case FHIR cannot carry is test_fhir_eligibility's business
            continue
        decisions = [decide(r) for r in requests]
        for created in (None, dt.datetime(2026, 5, 10, 9, 30, tzinfo=dt.UTC)):
            out = to_response(resource, decisions, "ru", created=created)
            assert CoverageEligibilityResponse.model_validate(out).model_dump(mode="json") == out, request
            answered += 1
    assert answered >= 20
