"""What if over HTTP (issue 20): the stored results the /whatif page shows, and a coverage what-if on a JSON
array of requests (docs/whatif.md). Analysts (and admin) only."""

from __future__ import annotations

from typing import Any

import orjson
import polars as pl
from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from kepil.api.auth import allow
from kepil.api.errors import error_body, json_response, request_lang
from kepil.api.routing import known_query
from kepil.api.threads import in_store_thread
from kepil.coverage import columns as C
from kepil.coverage.arrays import MAX_ITEMS
from kepil.errors import InvalidInput
from kepil.i18n import Text
from kepil.store.keys import Principal
from kepil.store.reports import load_report, report_scopes
from kepil.validation import BODY_NOT_JSON

router = APIRouter(prefix="/v1/whatif", tags=["whatif"], dependencies=[Depends(known_query)])
ANALYST = allow("analyst")
KINDS = {"coverage": "whatif_coverage", "claims": "whatif_claims"}
BAD_KIND = Text(
    "{value}: coverage не claims күтілді",
    "{value}: ожидается coverage или claims",
    "{value}: expected coverage or claims",
)
NOT_STORED = Text(
    "{value}: мұндай нәтиже сақталмаған",
    "{value}: такой результат не сохранён",
    "{value}: no such stored result",
)
BODY = Text(
    '{"reform": YAML мәтіні не "as_of": күн, "requests": [...]} объектісі күтілді',
    'ожидается объект {"reform": текст YAML или "as_of": дата, "requests": [...]}',
    'expected an object {"reform": YAML text or "as_of": a date, "requests": [...]}',
)
TOO_MANY = Text(
    "бір шақыруда ең көбі {limit} сұраныс",
    "не более {limit} {limit|запроса|запросов|запросов} за вызов",
    "at most {limit} {limit|request|requests} a call",
)
NOT_A_TABLE = Text(
    "сұраныстарды бір кесте ретінде оқу мүмкін емес (әр элемент — бір түрдегі өрістері бар объект)",
    "запросы не читаются как одна таблица (каждый элемент — объект с полями одного типа)",
    "the requests cannot be read as one table (each element an object, each field of one type)",
)


def _kind(kind: str) -> str:
    found = KINDS.get(kind)
    if found is None:
        raise InvalidInput("kind", BAD_KIND.format(value=repr(kind)))
    return found


def _listing(engine: Any, kind: str) -> list[dict[str, Any]]:
    out = []
    for scope in report_scopes(engine, kind):
        r = load_report(engine, kind, scope)
        if r is not None:
            out.append(
                {
                    "scope": scope,
                    "name": r.meta["reform"]["name"],
                    "source": r.source,
                    "created_at": r.created_at.isoformat(),
                    "totals": r.meta.get("totals", {}),
                }
            )
    return out


@router.get(
    "/stored/{kind}", summary="The stored what-if results of a kind (coverage or claims), newest first"
)
async def listing(request: Request, kind: str, who: Principal = Depends(ANALYST)) -> Response:
    lang = request_lang(request)
    try:
        found = _kind(kind)
    except InvalidInput as e:
        return json_response(error_body("invalid_input", e.field, e.text(lang)), 422)
    return json_response(await in_store_thread(_listing, request.app.state.engine, found))


@router.get(
    "/stored/{kind}/{scope}", summary="One stored what-if: the reform, totals, summary rows, changed cases"
)
async def result(request: Request, kind: str, scope: str, who: Principal = Depends(ANALYST)) -> Response:
    lang = request_lang(request)
    try:
        found = _kind(kind)
    except InvalidInput as e:
        return json_response(error_body("invalid_input", e.field, e.text(lang)), 422)
    r = await in_store_thread(load_report, request.app.state.engine, found, scope)
    if r is None:
        return json_response(
            error_body("not_found", "scope", NOT_STORED.format(value=repr(scope[:80]))[lang]), 404
        )
    meta = dict(r.meta)
    columns = meta.pop("cases_columns", [])
    cases = [dict(zip(columns, row, strict=True)) for row in meta.pop("cases", [])]
    return json_response(
        {
            "scope": r.scope,
            "source": r.source,
            "created_at": r.created_at.isoformat(),
            **meta,
            "summary": r.records(),
            "cases": cases,
        }
    )


def _run(body: bytes, lang: str) -> dict[str, Any]:
    from kepil.validation import iso_date
    from kepil.whatif import coverage as W
    from kepil.whatif.reform import apply, as_of_reform, reform_from_text

    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        raise InvalidInput("body", BODY_NOT_JSON) from None
    if not isinstance(data, dict) or set(data) - {"reform", "as_of", "requests"} or "requests" not in data:
        raise InvalidInput("body", BODY)
    if ("reform" in data) == ("as_of" in data):
        raise InvalidInput("body", BODY)
    if "reform" in data:
        if not isinstance(data["reform"], str):
            raise InvalidInput("reform", BODY)
        reform = reform_from_text(data["reform"], "reform")
    else:
        reform = as_of_reform(iso_date(data["as_of"], "as_of"))
    requests = data["requests"]
    if not isinstance(requests, list) or not requests:
        raise InvalidInput("requests", BODY)
    if len(requests) > MAX_ITEMS:
        raise InvalidInput("requests", TOO_MANY.format(limit=MAX_ITEMS))
    try:
        table = C.flatten(pl.DataFrame(requests, infer_schema_length=None))
    except (pl.exceptions.PolarsError, TypeError, ValueError):
        raise InvalidInput("requests", NOT_A_TABLE) from None
    carried = [c for c in W.CARRIED if c in table.columns]
    C.check_columns(table.drop(carried), "requests", carry=False)
    diff = W.compare(C.typed(table, C.JSON, carry=carried), apply(reform), lang=lang)
    return {
        "reform": reform.as_dict(),
        "warnings": [w[lang] for w in reform.warnings],
        "requests": diff.requests,
        "summary": diff.summary.to_dicts(),
        "changes": diff.changes.to_dicts(),
    }


_RUN_BODY: dict[str, Any] = {
    "type": "object",
    "required": ["requests"],
    "additionalProperties": False,
    "properties": {
        "reform": {"type": "string", "description": "a reform file's YAML text (docs/whatif.md)"},
        "as_of": {"type": "string", "format": "date", "description": "instead of a reform: the law of a day"},
        "requests": {"type": "array", "minItems": 1, "maxItems": MAX_ITEMS, "items": {"type": "object"}},
    },
    "oneOf": [{"required": ["reform"]}, {"required": ["as_of"]}],
}


@router.post(
    "/coverage",
    summary=f"Decide requests (at most {MAX_ITEMS:,}) under the law and under a reform; the difference",
    response_class=Response,
    openapi_extra={
        "requestBody": {"required": True, "content": {"application/json": {"schema": _RUN_BODY}}},
        "responses": {"200": {"description": "The reform, the summary and every changed request"}},
    },
)
async def run_coverage(request: Request, who: Principal = Depends(ANALYST)) -> Response:
    lang = request_lang(request)
    body = await request.body()
    try:
        out = await run_in_threadpool(_run, body, lang)
    except InvalidInput as e:
        return json_response(error_body("invalid_input", e.field, e.text(lang)), 422)
    return json_response(out)
