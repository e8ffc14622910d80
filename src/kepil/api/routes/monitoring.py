"""The Fund's monitoring over HTTP (`monitoring-rules` 10, 13, 26, 53, 53-1, 53-2; docs/monitoring.md):
the stored defects, the provider's objection, the Fund's answer, hidden defects' notice, unscheduled
monitoring and refund, the review worklist and the experts' findings.

Roles: a `provider` key sees and objects to its own defects only (another provider's is 403); the `fund`
key (the Fund's monitoring staff) sees every defect and answers, notifies, records unscheduled monitoring,
refunds, worklists and findings; an `analyst` reads; `admin` does everything. Every change is audited with
the key (`key:<id>`); `GET …/history` gives a defect's steps.

Dates: an objection is dated by the server (today, Kazakhstan's working-day calendar decides the window of
26): a provider cannot date it back. The Fund's records take an optional `date` (default today), never
after today and never before the defect was found.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Literal, TypeVar

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr
from starlette.responses import Response

from kepil.api.auth import allow
from kepil.api.errors import json_response, request_lang
from kepil.api.routing import known_query
from kepil.api.threads import in_store_thread
from kepil.errors import InvalidInput
from kepil.i18n import Text
from kepil.monitoring import findings, workflow
from kepil.monitoring import worklist as wl
from kepil.monitoring.run import parse_period
from kepil.reference.regions import region as find_region
from kepil.store.keys import ORGANISATION_ROLES, Principal

router = APIRouter(prefix="/v1/monitoring", tags=["monitoring"], dependencies=[Depends(known_query)])
READERS = allow("provider", "analyst", "fund")
PROVIDERS = allow("provider")
FUND = allow("fund")
FUND_OR_ANALYST = allow("fund", "analyst")
T = TypeVar("T")

FUTURE = Text(
    "{date} — болашақ күн: жазба бүгінгі немесе өткен күнмен жасалады",
    "{date} — будущая дата: запись делается сегодняшним или прошедшим днём",
    "{date} is in the future: a record is dated today or before",
)


def _own(who: Principal) -> str | None:
    """The provider a key is bound to (it sees only its own defects); None for the Fund's keys."""
    return who.organisation_id if who.role in ORGANISATION_ROLES else None


async def _call(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """A store call in a store thread: an unknown defect is 404, another provider's 403."""
    try:
        return await in_store_thread(fn, *args, **kwargs)
    except workflow.UnknownDefect:
        raise HTTPException(404) from None
    except workflow.NotYours:
        raise HTTPException(403) from None


def _day(value: dt.date | None) -> dt.date:
    today = dt.date.today()
    if value is None:
        return today
    if value > today:
        raise InvalidInput("date", FUTURE.format(date=value.isoformat()))
    return value


# ------------------------------------------------------------------ reading
@router.get("/defects", summary="Stored defects (a provider key sees its own), newest period first")
async def defects(
    request: Request,
    period: str | None = Query(None, description="YYYY-MM"),
    region: str | None = Query(None, description="region code or Kazakh name"),
    provider: str | None = Query(None, max_length=64),
    code: str | None = Query(None, max_length=16),
    status: str | None = Query(None, description="detected, objected, upheld or withdrawn"),
    hidden: bool | None = None,
    claim_id: str | None = Query(None, max_length=64),
    pending: Literal["notice", "unscheduled", "refund"] | None = Query(
        None, description="a hidden defect's step still to do (53, 2.6, 53-1)"
    ),
    objection_open: bool = Query(
        False, description="only defects whose objection window (26) is still open today"
    ),
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0, le=10**9),
    who: Principal = Depends(READERS),
) -> Response:
    own = _own(who)
    if own is not None and provider not in (None, own):
        raise HTTPException(403)
    total, rows = await _call(
        workflow.list_defects, request.app.state.engine, period=period, region=region, code=code,
        status=status, hidden=hidden, claim_id=claim_id, provider=own or provider, pending=pending,
        open_on=dt.date.today() if objection_open else None, limit=limit, offset=offset, options=False,
    )  # fmt: skip
    return json_response({"total": total, "limit": limit, "offset": offset, "defects": rows})


@router.get("/defects/{defect_id}", summary="One defect, with its deadlines and the clauses of its workflow")
async def defect(request: Request, defect_id: str, who: Principal = Depends(READERS)) -> Response:
    row = await _call(workflow.get_defect, request.app.state.engine, defect_id, _own(who))
    return json_response(row | {"workflow": workflow.next_steps(row, dt.date.today(), request_lang(request))})


@router.get("/defects/{defect_id}/history", summary="Who did what to the defect, and when (the audit log)")
async def history(request: Request, defect_id: str, who: Principal = Depends(READERS)) -> Response:
    return json_response(await _call(workflow.history, request.app.state.engine, defect_id, _own(who)))


# ------------------------------------------------------------------ the provider's objection (26)
class Objection(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: StrictStr = Field(
        description="the provider's reasoned justification (26)", max_length=workflow.REASON_MAX
    )


@router.post(
    "/defects/{defect_id}/objection",
    summary="The provider objects, with its reasons, within 5 working days after detection (26)",
)
async def objection(
    request: Request, defect_id: str, body: Objection, who: Principal = Depends(PROVIDERS)
) -> Response:
    row = await _call(
        workflow.object_defect, request.app.state.engine, defect_id, dt.date.today(), body.reason,
        actor=who.actor, provider=_own(who),
    )  # fmt: skip
    return json_response(row)


# ------------------------------------------------------------------ the Fund's steps
class Decision(BaseModel):
    model_config = ConfigDict(extra="forbid")

    outcome: Literal["upheld", "withdrawn"] = Field(
        description="upheld: the defect stands; withdrawn: it goes"
    )
    reason: StrictStr = Field(description="the Fund's reasons", max_length=workflow.REASON_MAX)
    date: dt.date | None = Field(None, description="the day of the answer; default today")


class Dated(BaseModel):
    model_config = ConfigDict(extra="forbid")

    date: dt.date | None = Field(None, description="the day it was done; default today")


class Unscheduled(Dated):
    amount: StrictInt | None = Field(
        None, ge=0, le=workflow.MAX_AMOUNT, description="tiyn to refund; default the defect's penalty"
    )


@router.post("/defects/{defect_id}/decision", summary="The Fund's answer to an objection, with reasons (26)")
async def decision(
    request: Request, defect_id: str, body: Decision, who: Principal = Depends(FUND)
) -> Response:
    row = await _call(
        workflow.resolve_objection, request.app.state.engine, defect_id, _day(body.date), body.outcome,
        body.reason, actor=who.actor,
    )  # fmt: skip
    return json_response(row)


@router.post("/defects/{defect_id}/notice", summary="The Fund notified the provider of a hidden defect (53)")
async def notice(request: Request, defect_id: str, body: Dated, who: Principal = Depends(FUND)) -> Response:
    row = await _call(
        workflow.record_notice, request.app.state.engine, defect_id, _day(body.date), actor=who.actor
    )
    return json_response(row)


@router.post(
    "/defects/{defect_id}/unscheduled",
    summary="The unscheduled monitoring of a hidden defect: the amount to refund (2.6, 53)",
)
async def unscheduled(
    request: Request, defect_id: str, body: Unscheduled, who: Principal = Depends(FUND)
) -> Response:
    row = await _call(
        workflow.record_unscheduled, request.app.state.engine, defect_id, _day(body.date), body.amount,
        actor=who.actor,
    )  # fmt: skip
    return json_response(row)


@router.post(
    "/defects/{defect_id}/refund",
    summary="The provider refunded the amount set (53-1); current payments were never stopped (53-2)",
)
async def refund(request: Request, defect_id: str, body: Dated, who: Principal = Depends(FUND)) -> Response:
    row = await _call(
        workflow.record_refund, request.app.state.engine, defect_id, _day(body.date), actor=who.actor
    )
    return json_response(row)


# ------------------------------------------------------------------ the review worklist and findings
@router.get("/worklist", summary="The period's review worklist, narrowed by the parameters given")
async def worklist(
    request: Request,
    period: str = Query(..., description="YYYY-MM"),
    region: str | None = Query(None, description="the worklist's region; default the all-regions one"),
    share: float | None = Query(None, ge=0, le=1),
    min_amount: int | None = Query(None, ge=1, le=wl.MAX_MONEY),
    deviation: float | None = Query(None, ge=1, le=1e6),
    reason: list[str] = Query([], description="random, value, deviation, death"),
    provider: str | None = Query(None, max_length=64),
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0, le=10**9),
    who: Principal = Depends(FUND_OR_ANALYST),
) -> Response:
    chosen = parse_period(period, "period")
    code = find_region(region, "region").code if region else None
    n = wl.Narrowing(share, min_amount, deviation, tuple(reason), provider)
    head, total, rows = await _call(wl.items, request.app.state.engine, chosen, code, n, limit, offset)
    return json_response(head | {"total": total, "limit": limit, "offset": offset, "claims_chosen": rows})


class Finding(BaseModel):
    model_config = ConfigDict(extra="forbid")

    period: StrictStr = Field(description="YYYY-MM of the worklist", max_length=7)
    claim_id: StrictStr = Field(description="a claim of the period's worklist", max_length=64)
    code: StrictStr = Field(description="classifier code (e.g. 3.3) or row:N of a lost row", max_length=16)
    note: StrictStr = Field(description="the expert's reasons", max_length=workflow.REASON_MAX)
    date: dt.date | None = Field(None, description="the day of the finding; default today")


@router.post("/findings", status_code=201, summary="An expert's finding on a worklist claim: a defect")
async def finding(request: Request, body: Finding, who: Principal = Depends(FUND)) -> Response:
    row = await _call(
        findings.record_finding, request.app.state.engine, parse_period(body.period, "period"), body.claim_id,
        body.code, body.note, _day(body.date), actor=who.actor,
    )  # fmt: skip
    return json_response(row, 201)
