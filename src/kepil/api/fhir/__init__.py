"""FHIR R4 mappings of kepil's decisions (R4B models of fhir.resources); docs/fhir.md.

`eligibility`: CoverageEligibilityRequest -> coverage decisions -> CoverageEligibilityResponse.
`codesystems`: the CodeSystems and extension URLs kepil publishes under `BASE`.
"""
