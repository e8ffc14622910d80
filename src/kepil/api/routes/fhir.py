"""FHIR R4 server (docs/fhir.md): `GET /fhir/metadata`, `create` of a CoverageEligibilityRequest answered
by the CoverageEligibilityResponse of the same coverage decision as the JSON API, `read`/`vread` of both,
`batch` and `transaction` Bundles at `POST /fhir`, kepil's CodeSystems. Every answer is
application/fhir+json; every failure an OperationOutcome (kepil.api.errors, kepil.api.fhir.outcome)."""

from __future__ import annotations

import datetime as dt
from email.message import Message as MimeHeader
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from kepil.api.auth import ANY_ROLE
from kepil.api.errors import STATUS_TEXT, request_lang
from kepil.api.fhir.bundle import (
    Entry,
    TooManyEntries,
    read_bundle,
    response_bundle,
    status_line,
)
from kepil.api.fhir.capability import capability_statement
from kepil.api.fhir.codesystems import codesystems
from kepil.api.fhir.common import FhirInvalid
from kepil.api.fhir.exchange import REQUEST, RESPONSE, VERSION, Answer, answer_requests, location
from kepil.api.fhir.outcome import FHIR_JSON, fhir_response, outcome, outcome_response
from kepil.api.routing import BoundedRoute
from kepil.errors import InvalidInput
from kepil.limits import check_lengths, load_json, quoted
from kepil.store import attachments as registry
from kepil.store import fhir as exchanges
from kepil.store.keys import ORGANISATION_ROLES, Principal
from kepil.store.providers import NotFound

# The media types a FHIR JSON answer satisfies (R4 http.html#mime-type; application/json+fhir is DSTU2's).
JSON_TYPES = frozenset(
    {"*/*", "application/*", "application/json", "application/fhir+json", "application/json+fhir"}
)
JSON_FORMATS = frozenset({"json", "application/json", "application/fhir+json", "application/json+fhir"})
STARTED = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
FhirId = Annotated[
    str, Path(pattern=r"^[A-Za-z0-9\-.]{1,64}$", description="a logical id (R4: [A-Za-z0-9-.]{1,64})")
]


def _accepted(header: str) -> bool:
    """Whether an Accept header admits FHIR JSON (R4 fhirVersion parameter, if any, 4.0)."""
    if not header.strip():
        return True
    for part in header.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        values = dict(p.partition("=")[::2] for p in params if "=" in p)
        try:
            q = float(values.get("q", "1"))
        except ValueError:
            q = 0.0
        version = values.get("fhirVersion", "4.0").strip('"')
        if media.lower() in JSON_TYPES and q > 0 and version in ("4.0", "4.0.1"):
            return True
    return False


async def fhir_json_only(request: Request) -> None:
    """406 when neither `Accept` nor `_format` admits FHIR JSON (XML and Turtle are not served); 415 for a
    body that is not JSON."""
    fmt = request.query_params.get("_format")
    if fmt is not None and fmt.split(";")[0].strip().lower() not in JSON_FORMATS:
        raise HTTPException(406)
    if fmt is None and not _accepted(request.headers.get("accept", "")):
        raise HTTPException(406)
    content_type = request.headers.get("content-type")
    if request.method in ("POST", "PUT") and content_type:
        message = MimeHeader()
        message["content-type"] = content_type
        subtype = message.get_content_subtype()
        if message.get_content_maintype() != "application" or not (
            subtype == "json" or subtype.endswith("+json")
        ):
            raise HTTPException(415)


router = APIRouter(
    prefix="/fhir", tags=["FHIR R4"], route_class=BoundedRoute, dependencies=[Depends(fhir_json_only)]
)


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/") + "/fhir"


def _lookup_many(request: Request) -> Any:
    engine = request.app.state.engine
    return lambda pairs: registry.person_facts_many(engine, pairs)


def _reader(who: Principal) -> str | None:
    """Whose exchanges a key reads: its organisation's (registrar, provider), or all (analyst, admin)."""
    return who.organisation_id if who.role in ORGANISATION_ROLES else None


def _prefer_minimal(request: Request) -> bool:
    return "return=minimal" in request.headers.get("prefer", "").replace(" ", "")


async def _answers(request: Request, who: Principal, bodies: list[Any]) -> list[Answer]:
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    return await run_in_threadpool(
        answer_requests,
        [(b, REQUEST) for b in bodies],
        lang=request_lang(request),
        lookup_many=_lookup_many(request),
        created_by=who.key_id,
        organisation_id=who.organisation_id,
        now=now,
    )


_BODY = {
    "required": True,
    "content": {
        FHIR_JSON: {
            "schema": {
                "type": "object",
                "required": ["resourceType"],
                "properties": {"resourceType": {"const": REQUEST}},
            }
        }
    },
}


@router.get("/metadata", summary="The server's R4 CapabilityStatement (fhirVersion 4.0.1)")
def metadata(request: Request) -> Response:
    return fhir_response(capability_statement(_base(request), STARTED))


@router.post(
    "/CoverageEligibilityRequest",
    summary="create a CoverageEligibilityRequest: 201, the CoverageEligibilityResponse that answers it",
    response_class=Response,
    status_code=201,
    openapi_extra={"requestBody": _BODY},
)
async def eligibility(request: Request, who: Principal = Depends(ANY_ROLE)) -> Response:
    lang = request_lang(request)
    try:
        body = load_json(await request.body(), REQUEST)  # bounded (kepil.limits)
    except InvalidInput as e:
        return outcome_response(422, "invalid_input", e.field, e.texts[lang], lang)
    (answer,) = await _answers(request, who, [body])
    if answer.row is None:
        return fhir_response(answer.resource, answer.status)
    await run_in_threadpool(exchanges.save_exchanges, request.app.state.engine, [answer.row])
    where = f"{_base(request)}/{location(RESPONSE, str(answer.id))}"
    headers = {
        "Location": where,
        "Content-Location": where,
        "ETag": f'W/"{VERSION}"',
        "Last-Modified": answer.row["created_at"].strftime("%a, %d %b %Y %H:%M:%S GMT"),
    }
    if _prefer_minimal(request):
        return Response(status_code=201, headers=headers)
    return fhir_response(answer.resource, 201, headers)


def _read(engine: Any, who: Principal, url: str) -> dict[str, Any]:
    """The resource at a relative URL this server reads (a batch's GET entry); NotFound otherwise."""
    parts = url.split("?", 1)[0].split("/")
    if parts == ["metadata"]:
        raise NotFound(url)  # answered by the caller, which knows the base URL
    if parts == ["CodeSystem"]:
        return _codesystem_bundle()
    if len(parts) == 2 and parts[0] == "CodeSystem":
        systems = codesystems()
        if parts[1] in systems:
            return systems[parts[1]]
    if parts[0] in (REQUEST, RESPONSE) and (len(parts) == 2 or parts[2:] == ["_history", VERSION]):
        found = exchanges.exchange(engine, parts[1], _reader(who))
        return dict(found.request if parts[0] == REQUEST else found.response)
    raise NotFound(url)


@router.post(
    "",
    summary="A batch or transaction Bundle: each entry a create of a CoverageEligibilityRequest or a GET",
    response_class=Response,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                FHIR_JSON: {
                    "schema": {
                        "type": "object",
                        "required": ["resourceType", "type"],
                        "properties": {
                            "resourceType": {"const": "Bundle"},
                            "type": {"enum": ["batch", "transaction"]},
                        },
                    }
                }
            },
        }
    },
)
async def batch(request: Request, who: Principal = Depends(ANY_ROLE)) -> Response:
    lang = request_lang(request)
    try:
        body = load_json(await request.body(), "Bundle")
        check_lengths(body, "Bundle")  # every text bounded before any is read or quoted back
        kind, entries = read_bundle(body)
    except InvalidInput as e:
        return outcome_response(422, "invalid_input", e.field, e.texts[lang], lang)
    except TooManyEntries as e:
        return outcome_response(413, "too_large", e.field, e.texts[lang], lang)
    except FhirInvalid as e:
        return outcome_response(422, e.code, e.field, e.texts[lang], lang)
    creates = [i for i, e in enumerate(entries) if e.action == "create"]
    created = await _answers(request, who, [entries[i].body for i in creates])
    answers: dict[int, Answer] = dict(zip(creates, created, strict=True))
    engine = request.app.state.engine
    base = _base(request)
    for i, entry in enumerate(entries):
        if entry.action == "read":
            answers[i] = await run_in_threadpool(_read_entry, engine, who, entry, base, lang)
        elif entry.action == "refused":
            message = entry.message[lang] if entry.message else ""
            answers[i] = Answer(entry.status, outcome(entry.status, entry.code, entry.field, message, lang))
    if kind == "transaction":
        failed = next((i for i in range(len(entries)) if answers[i].status >= 400), None)
        if failed is not None:  # all or nothing (R4 http.html#transaction): nothing is kept
            bad = answers[failed]
            for issue in bad.resource.get("issue", []):
                issue["diagnostics"] = f"Bundle.entry[{failed}]: {issue.get('diagnostics', '')}"
            return fhir_response(bad.resource, bad.status)
    rows = [a.row for a in answers.values() if a.row is not None]
    await run_in_threadpool(exchanges.save_exchanges, engine, rows)
    out = []
    for i in range(len(entries)):
        answer = answers[i]
        response: dict[str, Any] = {"status": status_line(answer.status)}
        item: dict[str, Any] = {}
        if answer.status >= 400:
            response["outcome"] = answer.resource
        else:
            item["resource"] = answer.resource
            resource_id = answer.resource.get("id")
            if answer.row is not None:
                item["fullUrl"] = f"{base}/{RESPONSE}/{answer.id}"
                response |= {
                    "location": location(RESPONSE, str(answer.id)),
                    "etag": f'W/"{VERSION}"',
                    "lastModified": answer.row["created_at"].isoformat(),
                }
            elif resource_id is not None:
                item["fullUrl"] = f"{base}/{answer.resource['resourceType']}/{resource_id}"
        out.append(item | {"response": response})
    return fhir_response(response_bundle(kind, out))


def _read_entry(engine: Any, who: Principal, entry: Entry, base: str, lang: str) -> Answer:
    if entry.url.split("?", 1)[0] == "metadata":
        return Answer(200, capability_statement(base, STARTED))
    try:
        return Answer(200, _read(engine, who, entry.url))
    except NotFound:
        message = f"{STATUS_TEXT[404][lang]}: {quoted(entry.url)}"
        return Answer(404, outcome(404, "not_found", None, message, lang))


def _stored(
    request: Request, who: Principal, resource_type: str, exchange_id: str, version: str = VERSION
) -> Response:
    """A kept resource; `version` of a vread: 1 only, as an exchange is never updated."""
    if version != VERSION:
        raise NotFound(f"{exchange_id}/_history/{version}")
    found = exchanges.exchange(request.app.state.engine, exchange_id, _reader(who))
    resource = found.request if resource_type == REQUEST else found.response
    return fhir_response(resource, headers={"ETag": f'W/"{VERSION}"'})


@router.get("/CoverageEligibilityRequest/{exchange_id}", summary="read a CoverageEligibilityRequest kept")
def read_request(request: Request, exchange_id: FhirId, who: Principal = Depends(ANY_ROLE)) -> Response:
    return _stored(request, who, REQUEST, exchange_id)


@router.get(
    "/CoverageEligibilityRequest/{exchange_id}/_history/{version}",
    summary="vread a CoverageEligibilityRequest kept (version 1: an exchange is never updated)",
)
def vread_request(
    request: Request, exchange_id: FhirId, version: FhirId, who: Principal = Depends(ANY_ROLE)
) -> Response:
    return _stored(request, who, REQUEST, exchange_id, version)


@router.get("/CoverageEligibilityResponse/{exchange_id}", summary="read a CoverageEligibilityResponse")
def read_response(request: Request, exchange_id: FhirId, who: Principal = Depends(ANY_ROLE)) -> Response:
    return _stored(request, who, RESPONSE, exchange_id)


@router.get(
    "/CoverageEligibilityResponse/{exchange_id}/_history/{version}",
    summary="vread a CoverageEligibilityResponse (version 1: an exchange is never updated)",
)
def vread_response(
    request: Request, exchange_id: FhirId, version: FhirId, who: Principal = Depends(ANY_ROLE)
) -> Response:
    return _stored(request, who, RESPONSE, exchange_id, version)


def _codesystem_bundle() -> dict[str, Any]:
    systems = codesystems()
    return {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": len(systems),
        "entry": [{"resource": cs, "search": {"mode": "match"}} for cs in systems.values()],
    }


@router.get("/CodeSystem", summary="kepil's published CodeSystems (a searchset Bundle)")
def codesystem_bundle(request: Request) -> Response:
    bundle = _codesystem_bundle()
    base = _base(request)
    for entry in bundle["entry"]:
        entry["fullUrl"] = f"{base}/CodeSystem/{entry['resource']['id']}"
    return fhir_response(bundle)


@router.get("/CodeSystem/{system_id}", summary="One of kepil's CodeSystems")
def codesystem(system_id: str) -> Response:
    systems = codesystems()
    if system_id not in systems:
        raise NotFound(system_id)
    return fhir_response(systems[system_id])
