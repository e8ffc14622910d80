"""An MIS plays against a running `kepil serve` with two standard FHIR clients, unmodified (issue 18):
fhirclient 4.4 (SMART on FHIR's) and fhirpy 2.3 (beda.software's). Each does what an MIS does: discovery
(`metadata`), one eligibility request, a batch of them, and an error; docs/fhir.md "With fhirclient" and
"With fhirpy" show the same calls."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from serving import Served, serving
from test_fhir_eligibility import all_cases, case, fhir_of
from test_fhir_server import assert_r4, without_id

REQ = "CoverageEligibilityRequest"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with serving(tmp_path_factory.mktemp("fhir-serve")) as s:
        yield s


def _bodies(shared_dir: Path) -> list[dict[str, Any]]:
    return [without_id(fhir_of(c["request"])) for c in all_cases(shared_dir)]


def test_fhirclient_discovers_asks_batches_and_reads_an_error(served: Served, shared_dir: Path) -> None:
    import requests
    from fhirclient import client
    from fhirclient.models.bundle import Bundle
    from fhirclient.models.coverageeligibilityrequest import CoverageEligibilityRequest
    from fhirclient.models.coverageeligibilityresponse import CoverageEligibilityResponse

    smart = client.FHIRClient(settings={"app_id": "mis", "api_base": f"{served.url}/fhir/"})
    smart.server.session.headers["Authorization"] = f"Bearer {served.key}"
    # discovery: prepare() reads /metadata into fhirclient's R4 CapabilityStatement model (strict)
    assert smart.prepare() is True
    capability = smart.server.capabilityStatement
    assert capability.fhirVersion == "4.0.1"
    assert {r.type for r in capability.rest[0].resource} >= {REQ, "CoverageEligibilityResponse"}
    # one request: `create` of fhirclient's R4 model answers the CoverageEligibilityResponse
    body = without_id(fhir_of(case(shared_dir, "planned-inpatient-insured")["request"]))
    answer = CoverageEligibilityRequest(body, strict=True).create(smart.server)
    assert answer["resourceType"] == "CoverageEligibilityResponse" and answer["outcome"] == "complete"
    assert answer["insurance"][0]["inforce"] is True
    assert_r4(answer)
    read = CoverageEligibilityResponse.read(answer["id"], smart.server)  # what Location names resolves
    assert read.id == answer["id"] and read.request.reference == f"{REQ}/{answer['id']}"
    assert CoverageEligibilityRequest.read(answer["id"], smart.server).id == answer["id"]
    # a batch: fhirclient posts a batch Bundle to the base
    entries = [{"request": {"method": "POST", "url": REQ}, "resource": b} for b in _bodies(shared_dir)]
    batch = Bundle({"resourceType": "Bundle", "type": "batch", "entry": entries}).create(smart.server)
    assert batch["type"] == "batch-response" and len(batch["entry"]) == len(entries)
    Bundle(batch, strict=True)
    assert sum(e["response"]["status"] == "201 Created" for e in batch["entry"]) >= len(entries) - 3
    # an error: HTTP 422 carrying an OperationOutcome fhirclient's model reads
    bad = CoverageEligibilityRequest(
        {
            "resourceType": REQ,
            "status": "active",
            "purpose": ["benefits"],
            "created": "2026-05-10",
            "patient": {"display": "someone"},
            "insurer": {"display": "Fund"},
        }
    )
    with pytest.raises(requests.HTTPError) as failed:
        bad.create(smart.server)
    assert failed.value.response.status_code == 422
    from fhirclient.models.operationoutcome import OperationOutcome

    outcome = OperationOutcome(failed.value.response.json(), strict=True)
    assert outcome.issue[0].code == "invalid" and outcome.issue[0].expression == [f"{REQ}.item"]


def test_fhirpy_discovers_asks_batches_and_reads_an_error(served: Served, shared_dir: Path) -> None:
    from fhirpy import SyncFHIRClient
    from fhirpy.base.exceptions import AuthorizationError, OperationOutcome, ResourceNotFound

    mis = SyncFHIRClient(f"{served.url}/fhir", authorization=f"Bearer {served.key}")
    # discovery
    metadata = mis.execute("metadata", method="get")
    assert metadata["resourceType"] == "CapabilityStatement" and metadata["fhirVersion"] == "4.0.1"
    # one request: fhirpy's save() is FHIR create; the server's id is given back, and the answer read by it
    body = without_id(fhir_of(case(shared_dir, "ambulance-citizen")["request"]))
    request = mis.resource(REQ, **body)
    request.save()
    assert request.id
    answer = mis.reference("CoverageEligibilityResponse", request.id).to_resource()
    assert answer["outcome"] == "complete" and answer["insurance"][0]["inforce"] is True
    assert mis.reference(REQ, request.id).to_resource()["status"] == "active"
    # the same without a client-side resource object: the response as the create's answer
    direct = mis.execute(REQ, method="post", data=body)
    assert direct["resourceType"] == "CoverageEligibilityResponse" and direct["outcome"] == "complete"
    # a batch
    entries = [{"request": {"method": "POST", "url": REQ}, "resource": b} for b in _bodies(shared_dir)[:10]]
    batch = mis.execute("", method="post", data={"resourceType": "Bundle", "type": "batch", "entry": entries})
    assert batch["type"] == "batch-response" and len(batch["entry"]) == 10
    for entry in batch["entry"]:
        if entry["response"]["status"] == "201 Created":
            assert (
                mis.get("CoverageEligibilityResponse", entry["resource"]["id"])["id"]
                == entry["resource"]["id"]
            )
    # errors: fhirpy raises its OperationOutcome from the server's, and its own errors for 401 and 404
    with pytest.raises(OperationOutcome) as failed:
        mis.resource(REQ, status="active", purpose=["benefits"]).save()
    assert failed.value.resource["issue"][0]["code"] == "invalid"
    with pytest.raises(ResourceNotFound):
        mis.get("CoverageEligibilityResponse", "nothere")
    with pytest.raises(AuthorizationError):
        SyncFHIRClient(f"{served.url}/fhir").execute(REQ, method="post", data=body)
