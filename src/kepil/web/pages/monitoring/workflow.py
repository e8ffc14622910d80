"""The workflow on the pages (`monitoring-rules` 26, 53, 53-1, 53-2), as the API does it
(kepil.api.routes.monitoring):

- each defect's card (on its claim's page and on `/monitoring/defect/{id}`) shows what is still to be done
  (the steps with their deadlines on the working-day calendar), its history (who, when, what), and the
  forms the viewer may use: the provider's objection with its reasons while the window of 26 is open; the
  Fund's answer, notice (53), unscheduled monitoring's amount (2.6, 53) and refund (53-1);
- `POST /monitoring/defect/{id}/{step}` records a step and goes back to the card (303); a refused value is
  shown beside its field (422);
- `/monitoring/inbox` — the viewer's work queue: a provider's defects still open to objection and the
  Fund's answers; the Fund's objections awaiting an answer, notices, unscheduled monitorings and refunds.

A provider acts on its own defects only (another's is 403); analysts read; the objection is dated by the
server (today), the Fund's records take a date (default today), never a future one.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from kepil.api.threads import in_store_thread
from kepil.errors import InvalidInput
from kepil.i18n import Lang, Text
from kepil.monitoring import workflow as wf
from kepil.store import keys
from kepil.store.keys import Principal
from kepil.store.providers import organisation_names
from kepil.validation import iso_date
from kepil.web import format as fmt
from kepil.web import params
from kepil.web.pages.monitoring.columns import defect_columns
from kepil.web.pages.monitoring.filters import stored_periods, viewer_of_monitoring
from kepil.web.pages.monitoring.texts import TEXTS
from kepil.web.render import lang_of, name_providers, page
from kepil.web.session import PageForbidden, organisation_scope
from kepil.web.tables import Column, Table
from kepil.web.texts import COMMON

router = APIRouter(include_in_schema=False)
FUND_ROLES = ("fund", "admin")
STEPS = ("objection", "decision", "notice", "unscheduled", "refund")
QUEUE_LIMIT = 50
FUTURE = Text("{date} — болашақ күн", "{date} — будущая дата", "{date} is in the future")


def may(who: Principal, step: str) -> bool:
    """Whether the viewer's role takes the step: the provider objects; the Fund does the rest."""
    if step == "objection":
        return who.role in ("provider", "admin")
    return who.role in FUND_ROLES


_ISO_DAY = re.compile(r"\b(\d{4})-(\d\d)-(\d\d)\b")
_TIYN = re.compile(r"\b(\d+) (тиынды|тиын|tiyn)\b")
_CLAUSES = re.compile(r" \((?:\d[\d.\-]*)(?:, \d[\d.\-]*)*\)")


def step_text(text: str) -> str:
    """A step as the API words it, as a page writes it: days DD.MM.YYYY, money in tenge, and no bare clause
    numbers in brackets (the page cites the clause by the act's name beside the step)."""
    text = _ISO_DAY.sub(lambda m: f"{m.group(3)}.{m.group(2)}.{m.group(1)}", text)
    text = _TIYN.sub(lambda m: fmt.money(int(m.group(1))), text)
    return _CLAUSES.sub("", text)


def actor_names(engine: Any, actors: list[str], lang: Lang) -> dict[str, str]:
    """Who did a step, as a person reads it: the key's role and organisation ("аналитик", "поставщик
    (№1 емхана)"), the command line, or "a key no longer stored" — never the key's id."""
    found = keys.actors(engine, actors)
    orgs = organisation_names(engine, [o for _, o in found.values() if o])
    out: dict[str, str] = {}
    for a in actors:
        if a == "cli":
            out[a] = TEXTS["actor_cli"][lang]
        elif a in found:
            role, org = found[a]
            name = COMMON.get(f"role_{role}")
            out[a] = (name[lang] if name else role) + (f" ({orgs.get(org) or org})" if org else "")
        elif a.startswith("key:"):
            out[a] = TEXTS["actor_gone"][lang]
    return out


def card(row: dict[str, Any], who: Principal, today: dt.date, lang: Lang, engine: Any) -> dict[str, Any]:
    """What a defect's card shows of its workflow: steps, history, the forms the viewer may use."""
    steps = [step | {"text": step_text(step["text"])} for step in wf.next_steps(row, today, lang)]
    deadline = wf.as_date(row["objection_deadline"])
    open_window = row["status"] == "detected" and deadline is not None and today <= deadline
    hidden_live = row["hidden"] and row["status"] != "withdrawn"
    forms = {
        "objection": open_window and may(who, "objection"),
        "decision": row["status"] == "objected" and may(who, "decision"),
        "notice": hidden_live and row["notified_on"] is None and may(who, "notice"),
        "unscheduled": hidden_live and row["unscheduled_on"] is None and may(who, "unscheduled"),
        "refund": hidden_live
        and row["refund_amount"] is not None
        and row["refunded_on"] is None
        and may(who, "refund"),
    }
    entries = wf.history(engine, row["id"])
    who_did = actor_names(engine, [h["actor"] for h in entries], lang)
    history = [
        {
            "at": fmt.date(dt.datetime.fromisoformat(h["at"][:19])),
            "actor": who_did.get(h["actor"], h["actor"]),
            "action": (TEXTS.get(f"a_{h['action']}") or Text(h["action"], h["action"], h["action"]))[lang],
            "changed": changed_text(h["changed"], lang),
        }
        for h in entries
    ]
    return {"steps": steps, "forms": forms, "history": history, "today": today.isoformat()}


# The workflow's columns a history line names, with their labels (the rest is the run's or the store's).
SHOWN_CHANGES = {
    "status": "h_status", "objected_on": "h_objected", "objection_reason": "h_reason",
    "resolved_on": "h_resolved", "resolution_reason": "h_resolution", "notified_on": "h_notified",
    "unscheduled_on": "a_unscheduled", "refund_amount": "h_refund_amount", "refunded_on": "h_refunded",
    "code": "h_code", "penalty": "h_penalty",
}  # fmt: skip


def changed_text(changed: dict[str, Any], lang: Lang) -> str:
    """What a step changed, in the viewer's language: each labelled column and its new value (a status
    named, not coded)."""
    parts = []
    for key, label in SHOWN_CHANGES.items():
        if key in changed:
            value = changed[key]
            if key == "status":
                value = TEXTS[f"st_{value}"][lang]
            elif key in ("penalty", "refund_amount") and value is not None:
                value = fmt.money(value)
            elif isinstance(value, str) and _ISO_DAY.fullmatch(value):
                value = fmt.date(value)
            parts.append(f"{TEXTS[label][lang]}: {value}")
    return "; ".join(parts)


def history_table(i: int, rows: list[dict[str, Any]]) -> Table:
    t = TEXTS
    return Table(
        f"history_{i}",
        t["wf_history"],
        [
            Column("at", t["h_at"]),
            Column("actor", t["h_actor"]),
            Column("action", t["h_action"]),
            Column("changed", t["h_changed"]),
        ],
        rows,
    )


# ------------------------------------------------------------------ recording a step
@router.post("/monitoring/defect/{defect_id}/{step}")
async def record_step(
    request: Request, defect_id: str, step: str, who: Principal = Depends(viewer_of_monitoring)
) -> Response:
    from kepil.web.pages.monitoring.drilldown import defect_page

    engine = request.app.state.engine
    lang = lang_of(request)
    if step not in STEPS:
        return await defect_page(request, defect_id, who, status=404)
    if not may(who, step):
        raise PageForbidden()
    form = await request.form()
    values = {k: str(form.get(k) or "").strip() for k in ("reason", "outcome", "date", "amount")}
    today = dt.date.today()
    try:
        current = await in_store_thread(wf.get_defect, engine, defect_id, organisation_scope(who))
    except wf.UnknownDefect:
        return await defect_page(request, defect_id, who, status=404)
    except wf.NotYours:
        raise PageForbidden() from None
    try:
        if step == "objection":
            await in_store_thread(
                wf.object_defect,
                engine,
                defect_id,
                today,
                values["reason"],
                actor=who.actor,
                provider=organisation_scope(who),
            )
        elif step == "decision":
            await in_store_thread(
                wf.resolve_objection,
                engine,
                defect_id,
                _day(values["date"], today),
                values["outcome"],
                values["reason"],
                actor=who.actor,
            )
        elif step == "notice":
            await in_store_thread(
                wf.record_notice, engine, defect_id, _day(values["date"], today), actor=who.actor
            )
        elif step == "unscheduled":
            amount = _amount(values["amount"])
            await in_store_thread(
                wf.record_unscheduled, engine, defect_id, _day(values["date"], today), amount, actor=who.actor
            )
        else:
            await in_store_thread(
                wf.record_refund, engine, defect_id, _day(values["date"], today), actor=who.actor
            )
    except InvalidInput as e:
        errors = {f"{step}-{_field(e.field)}": e.text(lang)}
        return await defect_page(request, defect_id, who, status=422, errors=errors, values=values)
    anchor = quote(current["id"], safe="")
    return RedirectResponse(f"/monitoring/defect/{anchor}?done={step}#workflow-{anchor}", status_code=303)


def _field(name: str | None) -> str:
    return {"DEFECT_ID": "reason", "--date": "date", "--on": "date"}.get(name or "", name or "reason")


def _day(value: str, today: dt.date) -> dt.date:
    if not value:
        return today
    day = iso_date(value, "date")
    if day > today:
        raise InvalidInput("date", FUTURE.format(date=value))
    return day


def _amount(value: str) -> int | None:
    if not value:
        return None
    if not value.isascii() or not value.isdigit() or len(value) > 16:
        raise InvalidInput("amount", wf.BAD_AMOUNT.format(value=value[:40], max=wf.MAX_AMOUNT))
    return int(value)


# ------------------------------------------------------------------ the work queue
@router.get("/monitoring/inbox")
async def inbox(request: Request, who: Principal = Depends(viewer_of_monitoring)) -> Response:
    engine = request.app.state.engine
    lang = lang_of(request)
    errors: dict[str, str] = {}
    raw = params.texts(request.query_params, "period")
    period = params.collect(errors, lang, params.period, raw["period"], "period")
    if errors:
        return page(
            request,
            "monitoring_inbox.html",
            TEXTS,
            who,
            "inbox",
            status=422,
            errors=errors,
            queues=[],
            periods=stored_periods(request, engine),
            period=raw["period"],
        )
    own = organisation_scope(who)
    base: dict[str, Any] = {"period": period, "provider": own, "limit": QUEUE_LIMIT}
    queues: list[tuple[str, dict[str, Any]]]
    hidden = [(f"q_{step}", {"pending": step}) for step in ("notice", "unscheduled", "refund")]
    if own is not None:
        today = dt.date.today()
        queues = [("q_open", {"status": "detected", "open_on": today}), ("q_answered", {"status": "upheld"}),
                  ("q_answered", {"status": "withdrawn"}), *hidden]  # fmt: skip
    else:
        queues = [("q_awaiting", {"status": "objected"}), *hidden]
    tables: list[Table] = []
    by_title: dict[str, list[dict[str, Any]]] = {}
    for title, extra in queues:
        _total, rows = await in_store_thread(wf.list_defects, engine, **base, **extra)
        by_title.setdefault(title, []).extend(rows)
    for i, (title, rows) in enumerate(by_title.items()):
        for r in rows:
            r["status_text"] = TEXTS[f"st_{r['status']}"]
            r["workflow"] = TEXTS["wf_title"][lang]
        tables.append(Table(f"queue_{i}", TEXTS[title], _queue_columns(title), rows, caption=None))
    await in_store_thread(name_providers, engine, [r for tb in tables for r in tb.rows])
    return page(
        request,
        "monitoring_inbox.html",
        TEXTS,
        who,
        "inbox",
        tables=tables,
        errors={},
        queues=[tb.name for tb in tables],
        periods=stored_periods(request, engine),
        period=period or "",
    )


def _queue_columns(title: str) -> list[Column]:
    link = Column(
        "workflow", TEXTS["wf_title"], href=lambda r: f"/monitoring/defect/{quote(r['id'], safe='')}"
    )
    names = ["claim_id", "code", "provider_id", "penalty", "status_text", "detected_on"]
    extra = {
        "q_open": ["objection_deadline"],
        "q_answered": ["objected_on", "resolved_on"],
        "q_awaiting": ["objected_on", "objection_reason"],
        "q_notice": ["notice_deadline"],
        "q_unscheduled": ["notified_on"],
        "q_refund": ["refund_deadline"],
    }[title]
    return [*defect_columns(*names, *extra), link]


def details_text(raw: str | None) -> str:
    """An expert finding's note from its details, for the card."""
    try:
        return str(json.loads(raw or "{}").get("note") or "")
    except (ValueError, AttributeError):
        return ""
