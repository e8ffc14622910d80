"""The payment view over HTTP (issue 16; `program-2026-2028` 77 and appendix 2): a stored month's amounts
(`kepil pay --store`) by method, region, organisation and cited item, with the monitoring's penalties and
refunds of the month beside the amounts they reduce (`monitoring-rules` 53-2: never stopping the current
payments). The Fund (`fund`, `analyst`) sees every organisation; a `provider` key sees its own only."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from starlette.responses import Response

from kepil.api.auth import allow
from kepil.api.errors import json_response
from kepil.api.routing import known_query
from kepil.api.threads import in_store_thread
from kepil.errors import InvalidInput
from kepil.i18n import Text
from kepil.limits import quoted
from kepil.reports.payment import payment_view
from kepil.store.keys import ORGANISATION_ROLES, Principal

router = APIRouter(prefix="/v1/payments", tags=["payments"], dependencies=[Depends(known_query)])
NOT_STORED = Text(
    "{value}: бұл айдың ақы төлеуі сақталмаған (сақталғандары: {known})",
    "{value}: оплата за этот месяц не сохранена (сохранены: {known})",
    "{value}: no payment is stored for this month (stored: {known})",
)
READERS = allow("provider", "analyst", "fund")


def view_json(view: dict[str, Any]) -> dict[str, Any]:
    """The view as JSON: money in integer tiyn; `stored` null when no payment of the month is stored."""
    report = view["report"]
    if report is None:
        return {"period": view["period"], "periods": view["periods"], "stored": None}
    return {
        "period": view["period"],
        "periods": view["periods"],
        "stored": {"at": report.created_at.isoformat(), "source": report.source, **report.meta},
        "note": "monitoring-rules 53-2: penalties and refunds are shown beside the amounts due; they do not "
        "stop or limit the current payments",
        "by_method": view["by_method"],
        "by_region": view["by_region"],
        "by_provider": view["by_provider"],
        "rows": view["rows"],
    }


@router.get("", summary="A stored month's payment by method, region and organisation (a provider: its own)")
async def payments(
    request: Request,
    period: str | None = Query(None, description="YYYY-MM; default the newest stored", max_length=7),
    provider: str | None = Query(None, max_length=64),
    who: Principal = Depends(READERS),
) -> Response:
    own = who.organisation_id if who.role in ORGANISATION_ROLES else None
    if own is not None and provider not in (None, own):
        raise HTTPException(403)
    view = await in_store_thread(payment_view, request.app.state.engine, period, own or provider)
    if period is not None and view["report"] is None:  # a bad parameter (422), naming the months stored
        raise InvalidInput(
            "period", NOT_STORED.format(value=quoted(period), known=", ".join(view["periods"]) or "—")
        )
    return json_response(view_json(view))
