"""FHIR R4 (R4B models) CoverageEligibilityRequest -> kepil coverage requests -> CoverageEligibilityResponse.

The mapping is pure: it reads the resource (and, for what the resource does not say, the attachment registry
through `lookup`), builds the coverage contract's JSON requests (shared/contracts/coverage.md), and turns the
answers of `kepil.coverage.decision.decide` back into a CoverageEligibilityResponse. It decides nothing
itself: every answer is the JSON API's answer. docs/fhir.md has the mapping table and the readings.

This module re-exports the public names of `eligibility_request` (parse_request, field_path: reading the
resource), `eligibility_facts` (to_coverage_requests: the contract's requests) and `eligibility_response`
(to_response, error_response).
"""

from __future__ import annotations

from kepil.api.fhir.codesystems import BASE, IIN_SYSTEM
from kepil.api.fhir.common import FhirInvalid
from kepil.api.fhir.eligibility_facts import PersonLookup, RegistryFacts, to_coverage_requests
from kepil.api.fhir.eligibility_request import field_path, parse_request
from kepil.api.fhir.eligibility_response import decision_outcome, error_response, to_response

__all__ = [
    "BASE",
    "IIN_SYSTEM",
    "FhirInvalid",
    "PersonLookup",
    "RegistryFacts",
    "decision_outcome",
    "error_response",
    "field_path",
    "parse_request",
    "to_coverage_requests",
    "to_response",
]
