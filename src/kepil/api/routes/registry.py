"""Providers, PHC organisations (with their panel sizes) and purchase contracts over HTTP."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from starlette.responses import Response

from kepil.api.auth import allow, own_organisation
from kepil.api.errors import json_response
from kepil.law.phc_attachment_rules.panel import panel_report
from kepil.reference.regions import region
from kepil.store import providers as store
from kepil.store.db import reading
from kepil.store.keys import Principal

router = APIRouter(prefix="/v1", tags=["providers and contracts"])
ADMIN = allow()
OWN_OR_READER = allow("provider", "registrar", "analyst")


@router.put(
    "/providers/{provider_id}", summary="Register or replace a provider (admin, or the provider itself)"
)
def put_provider(
    request: Request, provider_id: str, body: store.ProviderIn, who: Principal = Depends(allow("provider"))
) -> Response:
    own_organisation(who, provider_id)
    if body.id != provider_id:
        raise HTTPException(422, "the body's id differs from the path")
    out, created = store.put_provider(request.app.state.engine, body, who.actor)
    return json_response(out, 201 if created else 200)


@router.get("/providers", summary="Providers (a provider or registrar key sees its own)")
def list_providers(
    request: Request,
    region_code: str | None = None,
    phc: bool | None = None,
    limit: int = 1000,
    offset: int = 0,
    who: Principal = Depends(OWN_OR_READER),
) -> list[dict[str, Any]]:
    engine = request.app.state.engine
    if who.organisation_id is not None and who.role in ("provider", "registrar"):
        return [store.get_provider(engine, who.organisation_id)]
    code = region(region_code, "region_code").code if region_code else None
    return store.list_providers(engine, code, phc, min(max(limit, 1), 10_000), max(offset, 0))


@router.get("/providers/{provider_id}", summary="One provider")
def get_provider(
    request: Request, provider_id: str, who: Principal = Depends(OWN_OR_READER)
) -> dict[str, Any]:
    own_organisation(who, provider_id)
    return store.get_provider(request.app.state.engine, provider_id)


@router.post("/providers/{provider_id}/contracts", status_code=201, summary="Register a purchase contract")
def add_contract(
    request: Request, provider_id: str, body: store.ContractIn, who: Principal = Depends(ADMIN)
) -> dict[str, Any]:
    return store.add_contract(request.app.state.engine, provider_id, body, who.actor)


@router.get("/providers/{provider_id}/contracts", summary="A provider's purchase contracts")
def provider_contracts(
    request: Request, provider_id: str, date: dt.date | None = None, who: Principal = Depends(OWN_OR_READER)
) -> list[dict[str, Any]]:
    own_organisation(who, provider_id)
    return store.contracts(request.app.state.engine, provider_id, date)


@router.get("/contracts", summary="All purchase contracts, or those in force on a date")
def all_contracts(
    request: Request, date: dt.date | None = None, who: Principal = Depends(allow("analyst"))
) -> list[dict[str, Any]]:
    return store.contracts(request.app.state.engine, None, date)


def _with_panel(org: dict[str, Any], attached: int, on: dt.date) -> dict[str, Any]:
    report = panel_report(org["id"], attached, org["gp_positions"], org["rural"], on)
    return {**org, "panel": asdict(report)}


def _counts(request: Request, on: dt.date, organisation_id: str | None = None) -> dict[str, int]:
    with reading(request.app.state.engine) as s:
        return store.attached_counts(s, on, organisation_id)


@router.get(
    "/organisations",
    summary="PHC organisations with the people attached and the GP panel size (program-2026-2028 79.4)",
)
def organisations(
    request: Request, date: dt.date | None = None, who: Principal = Depends(allow("analyst"))
) -> list[dict[str, Any]]:
    on = date or dt.date.today()
    counts = _counts(request, on)
    orgs = store.list_providers(request.app.state.engine, phc=True, limit=1_000_000)
    return [_with_panel(org, counts.get(org["id"], 0), on) for org in orgs]


@router.get("/organisations/{organisation_id}", summary="One PHC organisation with its panel size")
def organisation(
    request: Request,
    organisation_id: str,
    date: dt.date | None = None,
    who: Principal = Depends(OWN_OR_READER),
) -> dict[str, Any]:
    own_organisation(who, organisation_id)
    org = store.get_provider(request.app.state.engine, organisation_id)
    if not org["phc"]:
        raise store.NotFound(organisation_id)
    on = date or dt.date.today()
    return _with_panel(org, _counts(request, on, organisation_id).get(organisation_id, 0), on)
