"""Providers, PHC organisations (with their panel sizes) and purchase contracts over HTTP."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from kepil.api.auth import allow, own_organisation
from kepil.api.errors import json_response
from kepil.api.routing import BoundedRoute, Limit, Offset, known_query
from kepil.errors import InvalidInput
from kepil.i18n import Text
from kepil.law.phc_attachment_rules.panel import panel_report
from kepil.reference.regions import region
from kepil.store import providers as store
from kepil.store.db import reading
from kepil.store.keys import Principal
from kepil.store.validation import IsoDate

router = APIRouter(
    prefix="/v1",
    tags=["providers and contracts"],
    route_class=BoundedRoute,
    dependencies=[Depends(known_query)],
)
ID_DIFFERS = Text(
    "денедегі id жолдағы id-ден өзгеше",
    "id в теле отличается от id в пути",
    "the body's id differs from the id in the path",
)
ADMIN = allow()
OWN_OR_READER = allow("provider", "registrar", "analyst")


@router.put(
    "/providers/{provider_id}",
    summary="Register or replace a provider (admin); a provider's own key changes its name and contacts",
    description=(
        "Regulated facts (licence, PHC, palliative, MIS integration, region, ATU, rural, GP positions, "
        "border areas, new facility, events) are set by an admin only: a provider's own key that changes "
        "one is 403 naming it. Contracts are registered by an admin (POST …/contracts)."
    ),
)
def put_provider(
    request: Request, provider_id: str, body: store.ProviderIn, who: Principal = Depends(allow("provider"))
) -> Response:
    own_organisation(who, provider_id)
    if body.id != provider_id:
        raise InvalidInput("id", ID_DIFFERS)
    engine = request.app.state.engine
    if who.role != "admin":
        try:
            stored = store.get_provider(engine, provider_id)
        except store.NotFound:
            stored = None
        changed = store.regulated_change(stored, body)
        if changed is not None:
            raise store.RegulatedFact(changed)
    out, created = store.put_provider(engine, body, who.actor)
    return json_response(out, 201 if created else 200)


@router.get("/providers", summary="Providers (a provider or registrar key sees its own)")
def list_providers(
    request: Request,
    region_code: str | None = None,
    phc: bool | None = None,
    limit: Limit = 1000,
    offset: Offset = 0,
    who: Principal = Depends(OWN_OR_READER),
) -> list[dict[str, Any]]:
    engine = request.app.state.engine
    if who.organisation_id is not None and who.role in ("provider", "registrar"):
        return [store.get_provider(engine, who.organisation_id)]
    code = region(region_code, "region_code").code if region_code else None
    return store.list_providers(engine, code, phc, limit, offset)


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
    request: Request, provider_id: str, date: IsoDate | None = None, who: Principal = Depends(OWN_OR_READER)
) -> list[dict[str, Any]]:
    own_organisation(who, provider_id)
    return store.contracts(request.app.state.engine, provider_id, date)


@router.get("/contracts", summary="All purchase contracts, or those in force on a date")
def all_contracts(
    request: Request, date: IsoDate | None = None, who: Principal = Depends(allow("analyst"))
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
    request: Request, date: IsoDate | None = None, who: Principal = Depends(allow("analyst"))
) -> list[dict[str, Any]]:
    on = date or dt.date.today()
    counts = _counts(request, on)
    orgs = store.list_providers(request.app.state.engine, phc=True, limit=1_000_000)
    return [_with_panel(org, counts.get(org["id"], 0), on) for org in orgs]


@router.get("/organisations/{organisation_id}", summary="One PHC organisation with its panel size")
def organisation(
    request: Request,
    organisation_id: str,
    date: IsoDate | None = None,
    who: Principal = Depends(OWN_OR_READER),
) -> dict[str, Any]:
    own_organisation(who, organisation_id)
    org = store.get_provider(request.app.state.engine, organisation_id)
    if not org["phc"]:
        raise store.NotFound(organisation_id)
    on = date or dt.date.today()
    return _with_panel(org, _counts(request, on, organisation_id).get(organisation_id, 0), on)
