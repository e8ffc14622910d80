"""The OpenAPI document says every status each operation answers, with its body (issue 14).

FastAPI documents the success and a 422 of its own shape; kepil answers every failure with the contract's
error object `{"error": {"code", "field", "message"}}`. This walks the routes once, when /openapi.json is
first asked for, and documents for each operation what its declaration implies: 401 and 403 for a route
behind a key (and 503 when the store is down), 404 for a path naming a record, 422 for any parameter or
body, 413 for a body, 409 (`law_not_in_force`) where the law is read for a date — each with the error
object; on /fhir each with FHIR's OperationOutcome (`application/fhir+json`), and 406 (no XML) and 415 (a
body not JSON) besides."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute, iter_route_contexts

FHIR_JSON = "application/fhir+json"
ERROR_REF = {"$ref": "#/components/schemas/Error"}
ERROR_SCHEMA: dict[str, Any] = {
    "title": "Error",
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string", "description": "invalid_input, not_found, law_not_in_force, …"},
                "field": {"type": "string", "description": "the field, parameter or file place it names"},
                "message": {"type": "string", "description": "in the request's language (Accept-Language)"},
            },
        }
    },
}
FHIR_RESOURCE: dict[str, Any] = {
    "type": "object",
    "required": ["resourceType"],
    "properties": {"resourceType": {"type": "string"}},
    "description": "a FHIR R4 resource (CoverageEligibilityResponse, OperationOutcome, Bundle, CodeSystem)",
}
OPERATION_OUTCOME: dict[str, Any] = {
    "type": "object",
    "required": ["resourceType", "issue"],
    "properties": {
        "resourceType": {"const": "OperationOutcome"},
        "issue": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["severity", "code"],
                "properties": {
                    "severity": {"type": "string"},
                    "code": {
                        "type": "string",
                        "description": "an R4 issue type: invalid, login, not-found, …",
                    },
                    "details": {"type": "object"},
                    "diagnostics": {"type": "string"},
                    "expression": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
    },
    "description": "a FHIR R4 OperationOutcome: every failure on /fhir",
}
DESCRIPTIONS = {
    401: "No valid API key (`Authorization: Bearer KEY`)",
    403: "The key's role or organisation does not allow this",
    404: "The path names no record",
    406: "FHIR: only application/fhir+json (or application/json) is answered; XML is not",
    409: "law_not_in_force: no act in force covers the date",
    413: "The body is too large",
    415: "FHIR: the body is not JSON (application/fhir+json or application/json)",
    422: "A value is not understood: `field` names it",
    503: "The database is unavailable or behind the code's schema",
}


def _roles(dependant: Dependant) -> bool:
    """Whether the route depends on an API key (kepil.api.auth.allow marks its dependencies)."""
    return any(getattr(d.call, "kepil_roles", None) is not None or _roles(d) for d in dependant.dependencies)


def answers(route: Any, operation: dict[str, Any]) -> list[int]:
    """The failure statuses an operation answers, from its declaration."""
    params = operation.get("parameters", [])
    has_body = getattr(route, "body_field", None) is not None or "requestBody" in operation
    codes: set[int] = set()
    if _roles(route.dependant):
        codes |= {401, 403, 503}
    if any(p.get("in") == "path" for p in params):
        codes |= {404, 422}
    if params:
        codes.add(422)
    if has_body:
        codes |= {413, 422}
    dated = any(p.get("name") == "date" and p.get("in") == "query" for p in params)
    fhir = _is_fhir(route.path_format)
    if dated or route.path.startswith("/v1/coverage") or (fhir and has_body):
        codes.add(409)
    if fhir:  # FHIR's content negotiation: no XML (406); a body that is not JSON (415)
        codes.add(406)
        if has_body:
            codes.add(415)
    return sorted(codes)


def _is_fhir(path: str) -> bool:
    return path == "/fhir" or path.startswith("/fhir/")


def _content(route: Any, code: int) -> dict[str, Any]:
    if _is_fhir(route.path_format):  # every failure on /fhir is an OperationOutcome (kepil.api.errors)
        return {FHIR_JSON: {"schema": OPERATION_OUTCOME}}
    return {"application/json": {"schema": ERROR_REF}}


def document(app: FastAPI) -> dict[str, Any]:
    schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for route in iter_route_contexts(app.routes):  # the routes of included routers, with their prefixes
        if not isinstance(route.original_route, APIRoute) or not route.include_in_schema:
            continue
        path = str(route.path_format)
        for method in route.methods or ():
            operation = schema["paths"][path][method.lower()]
            responses = operation.setdefault("responses", {})
            for status in answers(route, operation):
                entry = responses.setdefault(str(status), {"description": DESCRIPTIONS[status]})
                if entry.get("description") == "Validation Error":  # FastAPI's own
                    entry["description"] = DESCRIPTIONS[status]
                entry["content"] = _content(route, status)  # replaces FastAPI's own 422 shape
            for code, entry in responses.items():  # failures a route declared itself, without a body
                if code[0] in "45" and "content" not in entry:
                    entry["content"] = _content(route, int(code))
            if path.startswith("/fhir"):  # FHIR's answers are application/fhir+json
                for code in ("200", "201"):
                    if code in responses:
                        responses[code]["content"] = {FHIR_JSON: {"schema": FHIR_RESOURCE}}
    components = schema["components"]["schemas"]
    for unused in ("HTTPValidationError", "ValidationError"):
        components.pop(unused, None)
    return schema


def install(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = document(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
