"""FHIR `create` of CoverageEligibilityRequests, one or a Bundle's worth at once (docs/fhir.md "The server").

`answer_requests` takes the decoded request bodies (one for `POST /fhir/CoverageEligibilityRequest`, each
entry's for a `batch` or `transaction` Bundle) and answers each as FHIR's create does: a server-assigned id
(the client's `id`, if any, is ignored, R4 http.html#create), the CoverageEligibilityResponse that answers
it (status 201), or an OperationOutcome naming the FHIR path at fault (422; 409 when no act is in force on
the date). The work is set-based across the entries: the attachment registry is read once for all the
people whose facts the requests leave out (`attachments.person_facts_many`), and the coverage requests of
every entry are decided together by the columnar batch path (`decide_json_array`), whose answers are the
single path's (tests/test_fhir_server.py checks both agree).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import orjson
from fhir.resources.R4B.coverageeligibilityrequest import CoverageEligibilityRequest

from kepil.api.fhir.common import FhirInvalid
from kepil.api.fhir.eligibility import (
    RegistryFacts,
    decision_outcome,
    parse_request,
    to_coverage_requests,
    to_response,
)
from kepil.api.fhir.eligibility_request import shared_dumps
from kepil.api.fhir.outcome import outcome
from kepil.coverage.arrays import decide_json_array
from kepil.coverage.decision import decide
from kepil.errors import InvalidInput
from kepil.limits import check_lengths

REQUEST = "CoverageEligibilityRequest"
RESPONSE = "CoverageEligibilityResponse"
VERSION = "1"  # an exchange is written once and never updated
SINGLE_PATH_AT_MOST = 16  # fewer coverage questions than this: `decide` one by one is quicker than a frame

# (IIN, day) -> the registry's facts, for many pairs at once
ManyLookup = Callable[[set[tuple[str, dt.date]]], dict[tuple[str, dt.date], tuple[bool, str]]]


@dataclass
class Answer:
    """One request's answer: the HTTP status, the resource to send, and the exchange to keep (201 only)."""

    status: int
    resource: dict[str, Any]
    row: dict[str, Any] | None = None

    @property
    def id(self) -> str | None:
        return None if self.row is None else str(self.row["id"])


@dataclass
class _Pending:
    index: int
    body: dict[str, Any]
    resource: CoverageEligibilityRequest
    requests: list[dict[str, Any]]


def new_id() -> str:
    """A server-assigned logical id (R4 `id`: [A-Za-z0-9-.]{1,64})."""
    return uuid.uuid4().hex


def _invalid(e: FhirInvalid | InvalidInput, lang: str) -> Answer:
    code = e.code if isinstance(e, FhirInvalid) else "invalid_input"
    return Answer(422, outcome(422, code, e.field, e.texts[lang], lang))


def _map_all(
    pending: list[tuple[int, dict[str, Any], CoverageEligibilityRequest]], lookup_many: ManyLookup
) -> tuple[list[_Pending], dict[int, FhirInvalid]]:
    """Each resource's coverage requests, the registry read once for all of them: a first pass records
    which (IIN, day) pairs the mapping asks the registry about, one read answers them all, and only the
    resources that asked are mapped again with the answers."""
    asked: dict[int, set[tuple[str, dt.date]]] = {}

    def recorder(index: int) -> Callable[[str, dt.date], RegistryFacts | None]:
        def lookup(iin: str, on: dt.date) -> RegistryFacts | None:
            asked.setdefault(index, set()).add((iin, on))
            return None

        return lookup

    mapped: list[_Pending] = []
    failed: dict[int, FhirInvalid] = {}
    for index, body, resource in pending:
        try:
            mapped.append(_Pending(index, body, resource, to_coverage_requests(resource, recorder(index))))
        except FhirInvalid as e:
            failed[index] = e
    if asked:
        facts = lookup_many(set().union(*asked.values()))

        def known(iin: str, on: dt.date) -> RegistryFacts | None:
            found = facts.get((iin, on))
            return None if found is None else RegistryFacts(attached=found[0], residency=found[1])

        for p in mapped:
            if p.index in asked:
                p.requests = to_coverage_requests(p.resource, known)
    return mapped, failed


def _decide_all(requests: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    if len(requests) < SINGLE_PATH_AT_MOST:
        return [decide(r, lang=lang) for r in requests]
    answers: list[dict[str, Any]] = orjson.loads(decide_json_array(orjson.dumps(requests), lang=lang))
    return answers


def answer_requests(
    bodies: list[tuple[Any, str]],
    *,
    lang: str,
    lookup_many: ManyLookup,
    created_by: str,
    organisation_id: str | None,
    now: dt.datetime,
) -> list[Answer]:
    """The answers to `bodies` (each a decoded JSON body and the FHIR path it sits at, `CoverageEligibility
    Request` or `Bundle.entry[i].resource`), in order. Nothing is stored here: the route keeps the rows."""
    with shared_dumps():
        return _answer_requests(bodies, lang, lookup_many, created_by, organisation_id, now)


def _answer_requests(
    bodies: list[tuple[Any, str]],
    lang: str,
    lookup_many: ManyLookup,
    created_by: str,
    organisation_id: str | None,
    now: dt.datetime,
) -> list[Answer]:
    answers: dict[int, Answer] = {}
    pending: list[tuple[int, dict[str, Any], CoverageEligibilityRequest]] = []
    for index, (body, where) in enumerate(bodies):
        try:
            check_lengths(body, where)
            resource = parse_request(body)
        except (FhirInvalid, InvalidInput) as e:
            answers[index] = _invalid(e, lang)
            continue
        exchange_id = new_id()
        # create ignores the client's id (R4 http.html#create); the stored request carries the server's
        pending.append((index, {**body, "id": exchange_id}, resource.model_copy(update={"id": exchange_id})))
    mapped, failed = _map_all(pending, lookup_many)
    for index, problem in failed.items():
        answers[index] = _invalid(problem, lang)
    flat = [r for p in mapped for r in p.requests]
    decisions = _decide_all(flat, lang)
    meta = {"versionId": VERSION, "lastUpdated": now.isoformat()}
    start = 0
    for p in mapped:
        mine = decisions[start : start + len(p.requests)]
        start += len(p.requests)
        codes = {d["error"]["code"] for d in mine if "error" in d}
        if codes:
            status = 422 if "invalid_input" in codes else 409
            answers[p.index] = Answer(status, decision_outcome(p.resource, mine, lang))
            continue
        answered = to_response(p.resource, mine, lang, created=now)
        response = {"resourceType": RESPONSE, "id": p.body["id"], "meta": meta} | answered
        stored = p.body | {"meta": {**(p.body.get("meta") or {}), **meta}}
        row = {
            "id": p.body["id"],
            "created_at": now,
            "created_by": created_by,
            "organisation_id": organisation_id,
            "request": stored,
            "response": response,
        }
        answers[p.index] = Answer(201, response, row)
    return [answers[i] for i in range(len(bodies))]


def location(resource_type: str, exchange_id: str) -> str:
    """The relative URL of one version of a stored resource (R4 create's `Location`)."""
    return f"{resource_type}/{exchange_id}/_history/{VERSION}"
