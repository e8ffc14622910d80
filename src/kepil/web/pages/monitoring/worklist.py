"""`/monitoring/worklist?period&region&provider&share&min_amount&deviation&reason`: the period's review
worklist (`monitoring-rules` 13; the classifier rows marked for review), narrowed by the parameters (never
widened beyond what `kepil monitor worklist` stored), and the Fund's form to record an expert's finding on a
claim (`POST /monitoring/worklist/finding`): a classifier code with the expert's note, stored as a defect
(kepil.monitoring.findings). The Fund's staff and analysts read it; only the Fund records findings."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from kepil.api.threads import in_store_thread
from kepil.coverage.vocabulary import KIND_NAMES
from kepil.errors import InvalidInput
from kepil.i18n import LANGS, Lang, Text
from kepil.law.monitoring_rules.classifier import classifier
from kepil.monitoring import findings
from kepil.monitoring import worklist as wl
from kepil.store.keys import Principal
from kepil.web import format as fmt
from kepil.web import params
from kepil.web.pages.monitoring.filters import named_options, page_number, pager, stored_periods
from kepil.web.pages.monitoring.texts import TEXTS, region_name
from kepil.web.render import lang_of, page
from kepil.web.session import page_access
from kepil.web.tables import Column, Table
from kepil.web.texts import COMMON

router = APIRouter(include_in_schema=False)
READ = page_access("fund", "analyst")
WRITE = page_access("fund")
PAGE = 100
FIELDS = ("period", "region", "provider", "share", "min_amount", "deviation")


def _number(value: str, field: str, whole: bool = False) -> float | int | None:
    if not value:
        return None
    try:
        number: float | int = int(value) if whole else float(value)
    except ValueError:
        raise InvalidInput(field, wl.EXPECTED[field]) from None
    if not math.isfinite(number) or number < 0 or number > wl.MAX_MONEY:
        raise InvalidInput(field, wl.EXPECTED[field])
    return number


def code_options(lang: Lang) -> list[tuple[str, str]]:
    """Every classifier row an expert may assign: its code (or row:N where it was lost) and its name."""
    return [
        (e.key, code_label(e.key, lang) + (f" — {e.name[lang]}" if e.name else ""))
        for e in classifier().entries
    ]


def code_label(key: str, lang: Lang) -> str:
    """A classifier row's key as a person reads it: its code ("3.4"), or "row 13 (code lost)" for `row:13`."""
    if key.startswith("row:"):
        return TEXTS["row_lost"].format(row=key[4:])[lang]
    return key


def params_text(p: dict[str, Any], lang: Lang) -> str:
    """The worklist's selection parameters in words ("random share 0,05, ..."); a parameter kepil does not
    name is left out of the sentence (the API and the file keep them all)."""
    parts = []
    for key, value in p.items():
        text = TEXTS.get(f"wl_p_{key}")
        if text is None or value is None:
            continue
        if isinstance(value, bool):
            shown = COMMON["yes" if value else "no"][lang]
        elif key == "min_amount":
            shown = fmt.money(value)
        elif isinstance(value, float):
            shown = fmt.number(value, 2)
        else:
            shown = str(value)
        parts.append(text.format(value=shown)[lang])
    return ", ".join(parts)


def _render(
    request: Request,
    who: Principal,
    status: int = 200,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> Response:
    engine = request.app.state.engine
    lang = lang_of(request)
    raw = params.texts(request.query_params, *FIELDS)
    errs: dict[str, str] = {}  # the filters' errors (a finding's form errors come in `errors`)
    period = params.collect(errs, lang, params.period, raw["period"], "period")
    region = params.collect(errs, lang, params.region, raw["region"], "region")
    reasons = tuple(r for r in request.query_params.getlist("reason") if r)
    context: dict[str, Any] = {
        "raw": raw,
        "reasons": reasons,
        "periods": list(reversed(stored_periods(request, engine))),
        "codes": code_options(lang),
        "values": values or {},
        "head": None,
        "can_record": who.role in ("fund", "admin"),
        "pager": None,
    }
    try:
        n = wl.Narrowing(
            _number(raw["share"], "share"),
            _number(raw["min_amount"], "min_amount", whole=True),  # type: ignore[arg-type]
            _number(raw["deviation"], "deviation"),
            reasons,
            raw["provider"] or None,
        )
    except InvalidInput as e:
        errs[str(e.field)] = e.text(lang)
        n = wl.Narrowing()

    def show(code: int, **extra: Any) -> Response:
        return page(
            request, "monitoring_worklist.html", TEXTS, who, "worklist", status=code, **context, **extra
        )

    if not period:
        stored = stored_periods(request, engine)
        period = stored[-1] if stored else None
    if errs or period is None:
        return show(422 if errs else status, errors=errs)
    raw["period"] = period
    context["provider_options"] = named_options(engine, wl.providers(engine, period))
    number = page_number(request.query_params.get("page") or "", lang)
    if isinstance(number, str):
        return show(422, errors=errs | {"page": number})
    try:
        head, total, rows = wl.items(engine, period, region, n, PAGE, (number - 1) * PAGE)
    except InvalidInput as e:
        if e.field == "period":  # no worklist stored for the period: a message, not an error
            return show(status, errors=errs, message=TEXTS["wl_none"][lang])
        return show(422, errors=errs | {str(e.field): e.text(lang)})
    kept = [(k, v) for k, v in request.query_params.multi_items() if k != "page"]
    pages = pager(number, total, PAGE, lambda k: f"/monitoring/worklist?{urlencode([*kept, ('page', k)])}",
                  lang)  # fmt: skip
    if pages["error"]:
        return show(404, errors=errs | {"page": pages["error"]})
    context["pager"] = pages
    for r in rows:
        r["region_name"] = region_name(r["claim_region"], lang)
        name = KIND_NAMES.get(r["care_kind"])
        r["kind_name"] = name[lang] if name else r["care_kind"]
        r["why"] = ", ".join(TEXTS[f"r_{x}"][lang] for x in r["reasons_now"])
        r["deviation_shown"] = f"{r['deviation']:.2f}"
    t = TEXTS
    table = Table(
        "worklist",
        t["t_worklist"],
        [
            Column(
                "claim_id", t["h_claim"], href=lambda r: f"/monitoring/claims/{quote(r['claim_id'], safe='')}"
            ),
            Column("provider_name", t["h_provider"]),
            Column("provider_id", t["h_provider_id"], on_page=False),
            Column("region_name", t["h_region"]),
            Column("kind_name", t["h_kind"]),
            Column("icd10", t["h_icd10"]),
            Column("amount", t["h_amount"], "money"),
            Column("group_mean", t["h_group_mean"], "money"),
            Column("deviation_shown", t["h_deviation"]),
            Column("why", t["wl_reasons"]),
        ],
        rows,
        total=total,
    )
    counts = {"claims": fmt.number(head["claims"]), "selected": fmt.number(head["selected"])}
    made = Text(*(t["wl_made"].format(**counts, params=params_text(head["params"], x))[x] for x in LANGS))
    context["head"] = head
    return show(status, tables=[table], errors=errs | (errors or {}), made=made)


@router.get("/monitoring/worklist")
def worklist(request: Request, who: Principal = Depends(READ)) -> Response:
    return _render(request, who)


@router.post("/monitoring/worklist/finding")
async def finding(request: Request, who: Principal = Depends(WRITE)) -> Response:
    form = await request.form()
    values = {k: str(form.get(k) or "").strip() for k in ("period", "claim_id", "code", "note")}
    lang = lang_of(request)
    try:
        period = params.period(values["period"], "period") if values["period"] else None
        if period is None:
            raise InvalidInput("period", TEXTS["wl_none"])
        row = await in_store_thread(
            findings.record_finding,
            request.app.state.engine,
            period,
            values["claim_id"],
            values["code"],
            values["note"],
            dt.date.today(),
            actor=who.actor,
        )
    except InvalidInput as e:
        field = {"claim_id": "code"}.get(str(e.field), str(e.field))
        return _render(request, who, 422, {f"finding-{values['claim_id']}-{field}": e.text(lang)}, values)
    return RedirectResponse(f"/monitoring/defect/{quote(row['id'], safe='')}?done=finding", status_code=303)
