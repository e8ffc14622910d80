"""FHIR R4: `POST /fhir/CoverageEligibilityRequest` mapped onto the same coverage decision (docs/fhir.md)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import orjson
from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from kepil.api.auth import ANY_ROLE
from kepil.api.errors import request_lang
from kepil.api.fhir.codesystems import codesystems
from kepil.api.fhir.eligibility import (
    FhirInvalid,
    RegistryFacts,
    error_response,
    parse_request,
    to_coverage_requests,
    to_response,
)
from kepil.api.routing import BoundedRoute
from kepil.coverage.decision import decide
from kepil.errors import InvalidInput
from kepil.limits import check_lengths, load_json
from kepil.store import attachments as registry
from kepil.store.keys import Principal
from kepil.store.providers import NotFound

router = APIRouter(prefix="/fhir", tags=["FHIR R4"], route_class=BoundedRoute)
FHIR_JSON = "application/fhir+json"


def _fhir(content: Any, status: int = 200) -> Response:
    return Response(orjson.dumps(content), status, media_type=FHIR_JSON)


def _lookup(request: Request) -> Any:
    """The registry's facts: attached on the day, and the person category of the latest attachment record
    (the registry's categories are the contract's residencies); None for a person it has never seen."""
    engine = request.app.state.engine

    def lookup(iin: str, on: dt.date) -> RegistryFacts | None:
        found = registry.person_facts(engine, iin, on)
        return None if found is None else RegistryFacts(attached=found[0], residency=found[1])

    return lookup


@router.post(
    "/CoverageEligibilityRequest",
    summary="CoverageEligibilityRequest in, CoverageEligibilityResponse out (purposes validation, benefits)",
    response_class=Response,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                FHIR_JSON: {
                    "schema": {
                        "type": "object",
                        "required": ["resourceType"],
                        "properties": {"resourceType": {"const": "CoverageEligibilityRequest"}},
                    }
                }
            },
        }
    },
)
async def eligibility(request: Request, who: Principal = Depends(ANY_ROLE)) -> Response:
    lang = request_lang(request)
    try:
        body = load_json(await request.body(), "CoverageEligibilityRequest")  # bounded (kepil.limits)
        check_lengths(body, "CoverageEligibilityRequest")
    except InvalidInput as e:
        return _fhir(error_response(None, e.field, "invalid_input", e.texts, lang=lang), 422)
    try:
        resource = parse_request(body)
    except FhirInvalid as e:
        return _fhir(error_response(None, e.field, e.code, e.texts, lang=lang), 422)
    try:
        requests = await run_in_threadpool(to_coverage_requests, resource, _lookup(request))
    except FhirInvalid as e:
        return _fhir(error_response(resource, e.field, e.code, e.texts, lang=lang), 422)
    decisions = [decide(r, lang=lang) for r in requests]
    out = to_response(resource, decisions, lang)
    codes = {d["error"]["code"] for d in decisions if "error" in d}
    status = 422 if "invalid_input" in codes else 409 if "law_not_in_force" in codes else 200
    return _fhir(out, status)


@router.get("/CodeSystem", summary="kepil's published CodeSystems (a searchset Bundle)")
def codesystem_bundle() -> Response:
    systems = codesystems()
    return _fhir(
        {
            "resourceType": "Bundle",
            "type": "searchset",
            "total": len(systems),
            "entry": [{"resource": cs} for cs in systems.values()],
        }
    )


@router.get("/CodeSystem/{system_id}", summary="One of kepil's CodeSystems")
def codesystem(system_id: str) -> Response:
    systems = codesystems()
    if system_id not in systems:
        raise NotFound(system_id)
    return _fhir(systems[system_id])
