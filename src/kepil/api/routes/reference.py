"""The acts' reference data over HTTP, read-only: acts, parameters, inpatient caps, the defect classifier and
payment methods (docs/service-reference.md).

Each answer is the view `kepil.law.views` builds for the CLI's `--json` (same shape, same code), in the
language of Accept-Language. A value that names nothing in a query is 422 naming the parameter; in the
path it is 404. Handlers are sync: the data is in memory and cached after the first read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from kepil.api.auth import ANY_ROLE
from kepil.api.errors import json_response, request_lang
from kepil.api.routing import BoundedRoute, known_query
from kepil.errors import InvalidInput
from kepil.i18n import Text
from kepil.law import views
from kepil.law.acts import act
from kepil.law.monitoring_rules.classifier import classifier
from kepil.law.parameters import parameter
from kepil.law.program_2026_2028.inpatient_caps import cap
from kepil.law.program_2026_2028.inpatient_caps import profile as profile_of
from kepil.law.program_2026_2028.payment_methods import direction
from kepil.reference.regions import region as region_of
from kepil.store.keys import Principal
from kepil.store.providers import NotFound

router = APIRouter(
    prefix="/v1", tags=["reference"], route_class=BoundedRoute, dependencies=[Depends(known_query)]
)

_NOT_A_DATE = Text(
    "{value!r} күн емес; ЖЖЖЖ-АА-КК күтілді",
    "{value!r} не дата; ожидается ГГГГ-ММ-ДД",
    "{value!r} is not a date; expected YYYY-MM-DD",
)
_DATE = Query(None, description="The day the law is read for (YYYY-MM-DD); default today.")
_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "No valid API key"},
    404: {"description": "The path names nothing (unknown id or code)"},
    422: {"description": "A query value names nothing or is not a date; `field` names it"},
}


def _day(value: str | None) -> dt.date:
    if value is None or not value.strip():
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput("date", _NOT_A_DATE.format(value=value)) from None


_T = TypeVar("_T")


def _found(lookup: Callable[[str], _T], key: str) -> _T:
    """`lookup(key)`; a key in the path that names nothing is 404 rather than the lookup's 422."""
    try:
        return lookup(key)
    except InvalidInput:
        raise NotFound(key) from None


# --- acts ---------------------------------------------------------------------------------------------


@router.get(
    "/acts", summary="The acts in force on a day (all seven with their status: all=true)", responses=_ERRORS
)
def list_acts(
    request: Request,
    date: str | None = _DATE,
    show_all: bool = Query(False, alias="all", description="All seven acts, each with its status."),
    who: Principal = Depends(ANY_ROLE),
) -> Response:
    return json_response(views.acts_view(_day(date), request_lang(request), show_all))


@router.get(
    "/acts/{act_id}", summary="One act: dates, amendments, repeal, status on a day", responses=_ERRORS
)
def get_act(
    request: Request, act_id: str, date: str | None = _DATE, who: Principal = Depends(ANY_ROLE)
) -> Response:
    on = _day(date)
    return json_response(views.act_json(_found(act, act_id), on, request_lang(request)))


# --- parameters ---------------------------------------------------------------------------------------


@router.get("/parameters", summary="The acts' parameters on a day, with citations", responses=_ERRORS)
def list_parameters(
    request: Request,
    date: str | None = _DATE,
    group: str | None = Query(None, description="Only this group (e.g. access_criteria, changes_2027)."),
    who: Principal = Depends(ANY_ROLE),
) -> Response:
    return json_response(views.parameters_view(_day(date), request_lang(request), group))


@router.get(
    "/parameters/{name}",
    summary="One parameter on a day; value null with the reason when the law gives none that day",
    responses=_ERRORS,
)
def get_parameter(
    request: Request, name: str, date: str | None = _DATE, who: Principal = Depends(ANY_ROLE)
) -> Response:
    # reading: `kepil params NAME` exits 2 when the day has no value; over HTTP the day is a valid question
    # and the parameter exists, so the answer is the parameter with `value` null and the `reason`, exactly
    # as it appears in the list (`kepil params --json`).
    on = _day(date)
    found = _found(lambda n: parameter(n.strip()), name)
    return json_response(views.parameter_json(found, on, request_lang(request)))


# --- inpatient caps (program-2026-2028 app1, bound by 73) --------------------------------------------


@router.get(
    "/caps",
    summary="Caps on round-the-clock inpatient cases (program-2026-2028 app1) by region and bed profile",
    description=(
        "Both region and profile: that row. Region only: every profile of the region. No region: every "
        "region's `all` row, or the given profile in every region. Codes or Kazakh names as in the seed."
    ),
    responses=_ERRORS,
)
def list_caps(
    request: Request,
    region: str | None = Query(None, description="Region code (abai, almaty, ...) or Kazakh name."),
    profile: str | None = Query(
        None, description="Bed profile code (all, transplantology, ...) or Kazakh name."
    ),
    who: Principal = Depends(ANY_ROLE),
) -> Response:
    rows = views.select_caps(region, profile)
    return json_response(views.caps_view(rows, request_lang(request)))


@router.get("/caps/{region}/{profile}", summary="The cap of one region and bed profile", responses=_ERRORS)
def get_cap(request: Request, region: str, profile: str, who: Principal = Depends(ANY_ROLE)) -> Response:
    found = cap(_found(region_of, region), _found(profile_of, profile))
    return json_response(views.cap_json(found, request_lang(request)))


# --- the unified classifier of defects and violations (monitoring-rules app1, 10) ----------------------


@router.get(
    "/classifier",
    summary="The unified classifier of defects and violations (monitoring-rules app1) with penalty cells",
    responses=_ERRORS,
)
def list_defects(request: Request, who: Principal = Depends(ANY_ROLE)) -> Response:
    return json_response(views.classifier_view(request_lang(request)))


@router.get(
    "/classifier/{code}",
    summary="One defect code (e.g. 3.4), or row:N for a row whose code the seed lost",
    responses=_ERRORS,
)
def get_defect(request: Request, code: str, who: Principal = Depends(ANY_ROLE)) -> Response:
    found = _found(classifier().defect, code)
    return json_response(views.defect_view(found.key, request_lang(request)))


# --- payment methods (program-2026-2028 app2, 77) -----------------------------------------------------


@router.get(
    "/payment-methods",
    summary="Payment methods and tariff kinds by direction of care (program-2026-2028 app2)",
    responses=_ERRORS,
)
def list_payment_methods(request: Request, who: Principal = Depends(ANY_ROLE)) -> Response:
    return json_response(views.payment_methods_view(request_lang(request)))


@router.get(
    "/payment-methods/{direction_key}",
    summary="One direction by its code (e.g. oncology) or row 1-14",
    responses=_ERRORS,
)
def get_direction(request: Request, direction_key: str, who: Principal = Depends(ANY_ROLE)) -> Response:
    return json_response(views.direction_json(_found(direction, direction_key), request_lang(request)))
