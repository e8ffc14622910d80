"""Every failure on `/fhir` as an R4 OperationOutcome (issue 18; docs/fhir.md "Errors").

The JSON API answers the contract's error object `{"error": {"code", "field", "message"}}`; a FHIR client
(fhirclient, fhirpy) reads an OperationOutcome. The same code, field and message go into it: `code` as the
issue's `code` (the R4 issue type the HTTP status means: login, forbidden, not-found, ...) and, for the codes
of kepil's published `coverage-error` CodeSystem (invalid_input, law_not_in_force, not_supported), a
`details` coding; `field` as its `expression`; the message (in the request's language) as `details.text`
and `diagnostics`.
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.responses import Response

from kepil.api.fhir.codesystems import COVERAGE_ERROR, coding

FHIR_JSON = "application/fhir+json"
FHIR_PREFIX = "/fhir"
PUBLISHED_CODES = frozenset({"invalid_input", "law_not_in_force", "not_supported"})  # coverage-error

# HTTP status -> the R4 issue-type (http://hl7.org/fhir/issue-type) that says it best.
ISSUE_TYPES = {
    400: "structure",
    401: "login",
    403: "forbidden",
    404: "not-found",
    405: "not-supported",
    406: "not-supported",
    409: "business-rule",
    413: "too-costly",
    415: "not-supported",
    422: "invalid",
    500: "exception",
    503: "transient",
}


def is_fhir(path: str) -> bool:
    return path == FHIR_PREFIX or path.startswith(FHIR_PREFIX + "/")


def outcome(status: int, code: str, field: str | None, message: str, lang: str = "en") -> dict[str, Any]:
    """The OperationOutcome of one failure (R4: issue severity, code, details, diagnostics, expression)."""
    issue: dict[str, Any] = {
        "severity": "fatal" if status >= 500 else "error",
        "code": ISSUE_TYPES.get(status, "processing"),
        "details": {"text": message},
        "diagnostics": message if field is None else f"{field}: {message}",
    }
    if code in PUBLISHED_CODES:
        issue["details"]["coding"] = [coding(COVERAGE_ERROR, code, lang)]
    if field is not None:
        issue["expression"] = [field]
    return {"resourceType": "OperationOutcome", "language": lang, "issue": [issue]}


def fhir_response(content: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(orjson.dumps(content), status, headers=headers, media_type=FHIR_JSON)


def outcome_response(
    status: int,
    code: str,
    field: str | None,
    message: str,
    lang: str = "en",
    headers: dict[str, str] | None = None,
) -> Response:
    return fhir_response(outcome(status, code, field, message, lang), status, headers)
