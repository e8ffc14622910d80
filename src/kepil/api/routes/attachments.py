"""The PHC attachment registry over HTTP (`phc-attachment-rules`; docs/attachment.md)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import Response

from kepil.api.auth import allow, own_organisation
from kepil.api.errors import json_response
from kepil.api.routing import BoundedRoute, RowId, known_query
from kepil.api.threads import in_store_thread
from kepil.law.phc_attachment_rules.application import parse_application
from kepil.limits import check_lengths, load_json
from kepil.store import attachments as registry
from kepil.store.keys import Principal
from kepil.store.models import END_REASON_MAX
from kepil.store.validation import IsoDate
from kepil.validation import valid_iin

router = APIRouter(
    prefix="/v1", tags=["attachments"], route_class=BoundedRoute, dependencies=[Depends(known_query)]
)
WRITERS = allow("registrar")
READERS = allow("registrar", "analyst")


class Detachment(BaseModel):
    model_config = ConfigDict(extra="forbid")

    date: IsoDate = Field(description="the first day the person is no longer attached")
    reason: str = Field(min_length=1, max_length=END_REASON_MAX)


def _checked(iin: str) -> str:
    valid_iin(iin, "iin")
    return iin


@router.post(
    "/attachments",
    status_code=201,
    summary="Attach a person to a PHC organisation (detaches from the previous one, rules 4)",
    response_class=Response,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {"type": "object", "required": ["iin", "organisation_id", "ground", "date"]},
                    "example": {
                        "iin": "850412312347",
                        "organisation_id": "PHC-ASTANA-1",
                        "ground": "free_choice",
                        "date": "2026-05-04",
                        "person_category": "citizen",
                        "residence_atu": "astana-esil",
                        "documents": ["identity_document"],
                    },
                }
            },
        }
    },
)
async def attach(request: Request, who: Principal = Depends(WRITERS)) -> Response:
    raw = load_json(await request.body())  # bounded in size and depth (kepil.limits): else 422 `body`
    check_lengths(raw, "")  # and every text in it: an error never quotes a megabyte back
    # Attachments decided by the regional commission (which a person may later dispute, ground 10.5) are
    # recorded by the health department: an admin key, flag `by_regional_commission`.
    by_commission = isinstance(raw, dict) and raw.pop("by_regional_commission", False) is True
    if by_commission and who.role != "admin":
        raise HTTPException(403)
    app = parse_application(raw)
    own_organisation(who, app.organisation_id)
    out = await in_store_thread(registry.attach, request.app.state.engine, app, raw, who.actor, by_commission)
    return json_response(out, 201)


@router.get("/attachments/{attachment_id}", summary="One attachment")
def get_attachment(
    request: Request, attachment_id: RowId, who: Principal = Depends(READERS)
) -> dict[str, Any]:
    out = registry.get_attachment(request.app.state.engine, attachment_id)
    own_organisation(who, out["organisation_id"])
    return out


@router.post("/attachments/{attachment_id}/detach", summary="End a current attachment on a date")
def detach(
    request: Request, attachment_id: RowId, body: Detachment, who: Principal = Depends(WRITERS)
) -> dict[str, Any]:
    engine = request.app.state.engine
    current = registry.get_attachment(engine, attachment_id)
    own_organisation(who, current["organisation_id"])
    return registry.detach(engine, attachment_id, body.date, body.reason, who.actor)


@router.get(
    "/persons/{iin}/attachments",
    summary="A person's attachments, newest first (a registrar sees those of its organisation)",
)
def person_attachments(request: Request, iin: str, who: Principal = Depends(READERS)) -> list[dict[str, Any]]:
    org = who.organisation_id if who.role == "registrar" else None
    return registry.history(request.app.state.engine, _checked(iin), org)


@router.get("/persons/{iin}/attachment", summary="The attachment in force on a date (default today)")
def person_attachment(
    request: Request, iin: str, date: IsoDate | None = None, who: Principal = Depends(READERS)
) -> dict[str, Any]:
    row = registry.attached_on(request.app.state.engine, _checked(iin), date or dt.date.today())
    if row is None:
        raise HTTPException(404)
    out = registry.attachment_out(row)
    own_organisation(who, out["organisation_id"])
    return out
