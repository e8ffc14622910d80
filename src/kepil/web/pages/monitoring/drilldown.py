"""The drill-down pages: `/monitoring/defects?period&region&provider&code&page` (one code's defects, 50 a
page), `/monitoring/claims/{claim_id}` (a claim's defects with the inputs that decided, `details`) and
`/monitoring/defect/{id}` (one defect; contract-level defects, `monitoring-rules` 10, have no claim)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from kepil.errors import InvalidInput
from kepil.i18n import LANGS, Lang, Text
from kepil.law.monitoring_rules.algorithms import algorithm
from kepil.law.monitoring_rules.detail_words import (
    CLAIM_KEYS,
    MONEY_KEYS,
    PROVIDER_KEYS,
    key_text,
    parse_details,
)
from kepil.law.monitoring_rules.detail_words import value_text as detail_value
from kepil.law.program_2026_2028.inpatient_caps import profile as bed_profile
from kepil.monitoring import dashboard as db
from kepil.store.keys import Principal
from kepil.store.providers import organisation_names
from kepil.web import format as fmt
from kepil.web import params
from kepil.web.pages.monitoring import workflow
from kepil.web.pages.monitoring.columns import COLUMNS, defect_columns, overdue_class
from kepil.web.pages.monitoring.filters import (
    BadFilters,
    page_number,
    pager,
    parse_filters,
    query,
    viewer_of_monitoring,
)
from kepil.web.pages.monitoring.texts import ACT, TEXTS, code_clause, code_name, code_short, region_name
from kepil.web.render import lang_of, page
from kepil.web.session import PageForbidden, organisation_scope
from kepil.web.tables import Column, Table

router = APIRouter(include_in_schema=False)


# ------------------------------------------------------------------ drill-down
@router.get("/monitoring/defects")
def defects(request: Request, who: Principal = Depends(viewer_of_monitoring)) -> Response:
    engine = request.app.state.engine
    lang = lang_of(request)
    code = (request.query_params.get("code") or "").strip()
    number = page_number(request.query_params.get("page") or "", lang)
    extra: dict[str, str] = {}
    if not re.fullmatch(r"[0-9A-Za-z.:]{1,16}", code):
        extra["code"] = TEXTS["bad_code"].format(value=code[:40])[lang]
    if isinstance(number, str):
        extra["page"] = number
    try:
        f, errors, _ = parse_filters(request, who, engine)
    except BadFilters as e:
        f, errors = None, e.errors
    errors = {**errors, **extra}
    texts = _titled("defects_title", {"code": code or "?"})

    def without_list(status: int, errors: dict[str, str], message: str | None) -> Response:
        """The page with the errors (or the message) and no list."""
        return page(request, "monitoring_defects.html", texts, who, "title", status=status, errors=errors,
                    f=None, pager=None, message=message)  # fmt: skip

    if errors or f is None:
        return without_list(422 if errors else 200, errors, None if errors else TEXTS["no_runs"][lang])
    assert isinstance(number, int)
    total, rows = db.defects_page(engine, f, code, number)
    link = lambda n: f"/monitoring/defects?{query(f, code=code, page=n)}"  # noqa: E731
    pages = pager(number, total, db.PAGE_SIZE, link, lang)
    if pages["error"]:  # a page beyond the last: 404 naming the field, not an empty list
        return without_list(404, {"page": pages["error"]}, None)
    for r in rows:
        r["region_name"] = region_name(r["region"], lang)
        r["status_text"] = TEXTS[f"st_{r['status']}"]
    t = TEXTS
    table = Table(
        "defects",
        t["t_defects"],
        defect_columns(
            "claim_id",
            "contract_id",
            "provider_id",
            "region_name",
            "rule",
            "rule_version",
            "is_significant",
            "penalty",
            "status_text",
            "detected_on",
            "objection_deadline",
            "hidden",
        ),
        rows,
        total=total,
    )
    return page(
        request,
        "monitoring_defects.html",
        texts,
        who,
        "title",
        tables=[table],
        errors={},
        f=f,
        pager=pages,
        code=code,
        name=code_name(code, lang),
        clause=code_clause(code),
        region_label=region_name(f.region, lang),
        provider_label=organisation_names(engine, [f.provider]).get(f.provider, f.provider)
        if f.provider
        else None,
        back=f"/monitoring?{query(f)}",
    )


def _titled(key: str, values: dict[str, str]) -> dict[str, Text]:
    return {**TEXTS, "title": TEXTS[key].format(**values)}


# ------------------------------------------------------------------ a claim, a defect
@router.get("/monitoring/claims/{claim_id}")
def claim(request: Request, claim_id: str, who: Principal = Depends(viewer_of_monitoring)) -> Response:
    engine = request.app.state.engine
    rows = db.claim_defects(engine, claim_id)
    return _defects_page(request, who, rows, _titled("claim_title", {"claim": claim_id}), claim_id=claim_id)


# The claim as the run read it (monitoring_claims), field by field: (column, its name, how it is written).
CLAIM_FACTS: tuple[tuple[str, Text], ...] = (
    ("iin", key_text("iin")),
    ("provider_id", TEXTS["h_provider"]),
    ("contract_id", TEXTS["h_contract"]),
    ("region", TEXTS["h_region"]),
    ("care_kind", key_text("care_kind")),
    ("form", key_text("form")),
    ("icd10", key_text("icd10")),
    ("profile", TEXTS["h_profile"]),
    ("start_date", key_text("start_date")),
    ("end_date", key_text("end_date")),
    ("outcome", key_text("outcome")),
    ("amount", key_text("amount")),
    ("paid_by_patient", key_text("paid_by_patient")),
)


def _fact_text(key: str, value: Any, lang: Lang, names: dict[str, str]) -> str:
    """One fact of a claim as a person reads it: an organisation by name, a region and a bed profile by
    name, dates DD.MM.YYYY, money in tenge, codes of care by name (detail_words)."""
    if value is None or value == "":
        return "—"
    if key == "provider_id":
        return names.get(value) or str(value)
    if key == "region":
        return region_name(value, lang)
    if key == "profile":
        try:
            return bed_profile(value).name[lang]
        except (KeyError, InvalidInput):
            return str(value)
    if isinstance(value, dt.date):
        return fmt.date(value)
    return detail_value(key, value, lang)


def _claim_card(
    engine: Any, claim_id: str, rows: list[dict[str, Any]], own: str | None, lang: Lang
) -> dict[str, Any] | None:
    """The claim itself and the claims its defects' findings name (the previous stay, the duplicate, the
    other stay), each with its facts; None when the run did not store the claim (runs before 0008). A
    provider sees the facts of its own claims only: another's is named by its id."""
    named: list[tuple[str, str]] = []  # (detail key, claim id) in the order found
    for r in rows:
        for k, v in parse_details(r.get("details")).items():
            if k in CLAIM_KEYS and v and (k, str(v)) not in named and str(v) != claim_id:
                named.append((k, str(v)))
    records = db.claim_records(engine, [claim_id, *(c for _, c in named)])
    me = records.get(claim_id)
    if me is None:
        return None
    names = organisation_names(engine, {r["provider_id"] for r in records.values() if r["provider_id"]})

    def facts(record: dict[str, Any]) -> list[tuple[str, str]]:
        return [(label[lang], _fact_text(k, record.get(k), lang, names)) for k, label in CLAIM_FACTS]

    related = []
    for key, other in named:
        record = records.get(other)
        mine = record is not None and (own is None or record["provider_id"] == own)
        related.append(
            {
                "label": key_text(key)[lang],
                "id": other,
                "href": f"/monitoring/claims/{quote(other, safe='')}" if own is None or mine else None,
                "facts": facts(record) if record is not None and mine else [],
            }
        )
    return {"id": claim_id, "facts": facts(me), "provider_id": me["provider_id"], "related": related}


@router.get("/monitoring/defect/{defect_id}")
async def one_defect(
    request: Request, defect_id: str, who: Principal = Depends(viewer_of_monitoring)
) -> Response:
    return await defect_page(request, defect_id, who)


async def defect_page(
    request: Request,
    defect_id: str,
    who: Principal,
    status: int = 200,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> Response:
    """One defect's page with its workflow (a step's refused value shown beside its field)."""
    engine = request.app.state.engine
    found = await run_in_threadpool(db.defect, engine, defect_id)
    if found is None:
        texts = _titled("defect_title", {"id": defect_id})
    elif found.get("claim_id"):
        texts = _titled("defect_of_claim", {"code": found["code"], "claim": found["claim_id"]})
    else:
        texts = _titled(
            "defect_of_contract", {"code": found["code"], "contract": found.get("contract_id") or "—"}
        )
    return await run_in_threadpool(
        _defects_page, request, who, [found] if found else [], texts, status, errors or {}, values or {},
        found.get("claim_id") if found else None,
    )  # fmt: skip


def _defects_page(
    request: Request,
    who: Principal,
    rows: list[dict[str, Any]],
    texts: dict[str, Text],
    status: int = 200,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    claim_id: str | None = None,
) -> Response:
    lang = lang_of(request)
    # the day deadlines count from, as on the dashboard (default today)
    on = params.day_or(request.query_params.get("on"), dt.date.today())
    own = organisation_scope(who)
    engine = request.app.state.engine
    card = _claim_card(engine, claim_id, rows, own, lang) if claim_id else None
    if own is not None:
        mine = [r for r in rows if r["provider_id"] == own]
        if (rows and not mine) or (not rows and card is not None and card["provider_id"] != own):
            raise PageForbidden()
        rows = mine
    if not rows:
        # a claim the run kept without a defect of its own (the previous stay a finding names): the claim
        return page(
            request,
            "monitoring_claim.html",
            texts,
            who,
            "title",
            status=200 if card is not None else 404,
            details=[],
            claim=card,
            claim_page=claim_id is not None,
            message=TEXTS["no_defects_claim"][lang],
        )
    t = TEXTS
    details: list[Table] = []
    histories: list[Table] = []
    for i, r in enumerate(rows, 1):
        r.update(db.overdue_flags(r, on))
        r["name"] = code_name(r["code"], lang)
        r["short"] = code_short(r["code"], lang)
        r["status_text"] = t[f"st_{r['status']}"]
        r["region_name"] = region_name(r["region"], lang)
        r["source_text"] = t[f"src_{r.get('source') or 'algorithm'}"]
        r["wf"] = workflow.card(r, who, dt.date.today(), lang, engine)
        r["rule_text"] = _rule_text(r["rule"])
        details.append(
            Table(
                f"details_{i}",
                t["t_details"].format(code=r["code"], rule=r["name"]),
                [Column("key", t["h_key"]), Column("value", t["h_value"], href=_detail_href)],
                _details(r.get("details"), engine),
            )
        )
        histories.append(workflow.history_table(i, r["wf"]["history"]))
    # the claim's own facts (period, region, contract, provider) are in its card when it is kept; a column
    # empty in every row (no objection, no notice yet) is left out, so the table fits the screen (issue 18)
    names = [n for n in CLAIM_DEFECT_COLUMNS if not (card and n in CARD_HAS)]
    names = [n for n in names if n in ALWAYS or any(r.get(COLUMNS[n].key) is not None for r in rows)]
    main = Table(
        "claim_defects", t["t_claim_defects"], defect_columns(*names), rows, cell_class=overdue_class
    )
    done = request.query_params.get("done")
    message = t[f"done_{done}"][lang] if done in (*workflow.STEPS, "finding") else None
    return page(
        request,
        "monitoring_claim.html",
        texts,
        who,
        "title",
        tables=[main, *details, *histories],
        status=status,
        details=list(zip(rows, details, histories, strict=True)),
        claim=card,
        claim_page=claim_id is not None,
        act=ACT,
        errors=errors or {},
        values=values or {},
        message=message,
    )


CLAIM_DEFECT_COLUMNS = (
    "code", "short", "rule", "rule_version", "clause", "is_significant", "penalty", "period", "region_name",
    "contract_id", "provider_id", "status_text", "detected_on", "objection_deadline", "objected_on",
    "objection_reason", "resolved_on", "resolution_reason", "hidden", "notice_deadline", "notified_on",
    "refund_amount", "refund_deadline", "refunded_on", "source_text", "id",
)  # fmt: skip
CARD_HAS = frozenset({"period", "region_name", "contract_id", "provider_id"})  # the claim's card shows them
ALWAYS = frozenset({"code", "short", "clause", "penalty", "status_text", "detected_on", "objection_deadline"})


def _rule_text(rule: str) -> Text | None:
    """What the algorithm that found a defect checks, in words (its description), or None."""
    try:
        return algorithm(rule).description
    except (KeyError, InvalidInput):
        return None


NUMBER_WORDED = MONEY_KEYS | {"percent"}  # numbers the page writes with their unit (₸, %)


def _detail_href(row: dict[str, Any]) -> str | None:
    """A claim a finding names (the previous claim, the duplicate, the other stay) links to its page."""
    claim = row.get("claim")
    return f"/monitoring/claims/{quote(str(claim), safe='')}" if claim else None


def _details(raw: str | None, engine: Any) -> list[dict[str, Any]]:
    """The inputs that decided a defect (its `details`) as rows of a name and a value in words
    (kepil.law.monitoring_rules.detail_words); organisations by name, claims linked."""
    data = parse_details(raw)
    providers = {str(data[k]) for k in PROVIDER_KEYS if data.get(k)}
    names = organisation_names(engine, providers) if providers else {}
    expert = str(data.get("expert") or "")
    experts = (
        {x: workflow.actor_names(engine, [expert], x).get(expert, expert) for x in LANGS} if expert else {}
    )
    rows = []
    for k, v in data.items():
        value: Any
        if k in PROVIDER_KEYS and v:
            value = Text(*(names.get(str(v)) or str(v) for _ in LANGS))
        elif k == "expert" and v:
            value = Text(*(experts[x] for x in LANGS))
        elif isinstance(v, int | float) and not isinstance(v, bool) and k not in NUMBER_WORDED:
            value = v  # a number stays a number (the files: a numeric cell)
        else:
            value = Text(*(detail_value(k, v, lang) for lang in LANGS))
        rows.append({"key": key_text(k), "value": value, "claim": v if k in CLAIM_KEYS and v else None})
    return rows
