"""The HTTP API (FastAPI): JSON under /v1, FHIR R4 under /fhir (docs/service.md)."""
