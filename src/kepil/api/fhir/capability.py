"""The R4 CapabilityStatement served at `GET /fhir/metadata` (FHIR R4 http.html#capabilities).

What it states is what the routes in `kepil.api.routes.fhir` serve — tests/test_fhir_server.py checks each
declared interaction answers and nothing else is declared. fhirclient's `prepare()` reads it first.
"""

from __future__ import annotations

from typing import Any

import kepil
from kepil.api.fhir.codesystems import translations
from kepil.i18n import Text

FHIR_VERSION = "4.0.1"
FORMATS = ["application/fhir+json", "json"]

DESCRIPTION = Text(
    "kepil: ТМККК / МӘМС кепілдіктері бойынша көмекке құқықты тексеру (CoverageEligibilityRequest → "
    "CoverageEligibilityResponse), әр шешім актінің тармағына сілтейді.",
    "kepil: проверка права на помощь в рамках ГОБМП / ОСМС (CoverageEligibilityRequest → "
    "CoverageEligibilityResponse), каждое решение ссылается на пункт акта.",
    "kepil: eligibility for care within the GVFMC / CSHI guarantees (CoverageEligibilityRequest → "
    "CoverageEligibilityResponse), each decision citing the clause of its act.",
)
SECURITY = Text(
    "Әр ресурс API кілтін талап етеді: Authorization: Bearer KEY (kepil keys create). metadata мен "
    "CodeSystem кілтсіз ашық.",
    "Каждый ресурс требует ключа API: Authorization: Bearer KEY (kepil keys create). metadata и "
    "CodeSystem открыты без ключа.",
    "Every resource needs an API key: Authorization: Bearer KEY (kepil keys create). metadata and "
    "CodeSystem are open without one.",
)
BATCH = Text(
    "batch және transaction Bundle: әр жазба — POST CoverageEligibilityRequest немесе осы сервер оқитын "
    "ресурстың GET сұрауы.",
    "Bundle типа batch и transaction: каждая запись — POST CoverageEligibilityRequest или GET ресурса, "
    "который читает этот сервер.",
    "batch and transaction Bundles: each entry a POST of a CoverageEligibilityRequest or a GET of a resource "
    "this server reads.",
)


CREATE = Text(
    "create CoverageEligibilityResponse-ті қайтарады (201, Location — жауаптың адресі)",
    "create возвращает CoverageEligibilityResponse (201, Location — адрес ответа)",
    "create answers the CoverageEligibilityResponse (201, Location of the response)",
)


def _resource(kind: str, interactions: list[str], documentation: Text | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": kind,
        "interaction": [{"code": code} for code in interactions],
        "versioning": "versioned" if "vread" in interactions else "no-version",
        "readHistory": False,
        "updateCreate": False,
    }
    if documentation:
        out["documentation"] = documentation.en
        out["_documentation"] = translations(documentation, "en")
    return out


def capability_statement(base_url: str, date: str) -> dict[str, Any]:
    """The CapabilityStatement of this server at `base_url` (its `/fhir` URL); `date` when it started."""
    return {
        "resourceType": "CapabilityStatement",
        "id": "kepil",
        "url": f"{base_url}/metadata",
        "version": kepil.__version__,
        "name": "Kepil",
        "title": "kepil FHIR R4 server",
        "status": "active",
        "experimental": False,
        "date": date,
        "publisher": "kepil",
        "description": DESCRIPTION.en,
        "_description": translations(DESCRIPTION, "en"),
        "kind": "instance",
        "software": {"name": "kepil", "version": kepil.__version__},
        "implementation": {"description": "kepil", "url": base_url},
        "fhirVersion": FHIR_VERSION,
        "format": FORMATS,
        "rest": [
            {
                "mode": "server",
                "security": {
                    "cors": False,
                    "description": SECURITY.en,
                    "_description": translations(SECURITY, "en"),
                },
                "resource": [
                    _resource("CoverageEligibilityRequest", ["create", "read", "vread"], CREATE),
                    _resource("CoverageEligibilityResponse", ["read", "vread"]),
                    _resource("CodeSystem", ["read", "search-type"]),
                ],
                "interaction": [
                    {"code": code, "documentation": BATCH.en, "_documentation": translations(BATCH, "en")}
                    for code in ("batch", "transaction")
                ],
            }
        ],
    }
