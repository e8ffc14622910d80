"""`POST /persons/{iin}/detach`: end the current attachment on a date with a reason
(`kepil.store.attachments.detach`, as POST /v1/attachments/{id}/detach)."""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from kepil.api.threads import in_store_thread
from kepil.errors import InvalidInput
from kepil.store import attachments as registry
from kepil.store.keys import ORGANISATION_ROLES, Principal
from kepil.store.models import END_REASON_MAX
from kepil.store.providers import NotFound
from kepil.validation import REQUIRED, iso_date
from kepil.web.pages.persons.application import field_of
from kepil.web.pages.persons.texts import TEXTS
from kepil.web.pages.persons.view import WRITE_ACCESS, iin_error, person_page, search_page
from kepil.web.render import lang_of, page
from kepil.web.session import PageForbidden
from kepil.web.texts import COMMON

router = APIRouter(include_in_schema=False)


@router.post("/persons/{iin}/detach")
async def detach(request: Request, iin: str, who: Principal = Depends(WRITE_ACCESS)) -> Response:
    """End the current attachment on a date with a reason (kepil.store.attachments.detach, as POST
    /v1/attachments/{id}/detach); only the registrar of its organisation (or an admin)."""
    error = iin_error(iin)
    if error is not None:
        return search_page(request, who, iin, error)
    form = await request.form()
    lang = lang_of(request)
    engine = request.app.state.engine
    values = {k: str(form.get(k) or "").strip() for k in ("attachment_id", "date", "reason")}
    try:
        # an id the store can hold (ASCII digits, within a 32-bit integer): else SQLite's and PostgreSQL's
        # integer overflow would be a 500
        if not re.fullmatch(r"[0-9]{1,9}", values["attachment_id"]):
            raise ValueError(values["attachment_id"])
        attachment_id = int(values["attachment_id"])
        row = await run_in_threadpool(registry.get_attachment, engine, attachment_id)
    except (ValueError, NotFound):
        return page(request, "message.html", TEXTS, who, "persons", status=404, message=_not_found(lang))
    if row["iin"] != iin:
        return page(request, "message.html", TEXTS, who, "persons", status=404, message=_not_found(lang))
    if who.role in ORGANISATION_ROLES and row["organisation_id"] != who.organisation_id:
        raise PageForbidden()
    try:
        on = iso_date(values["date"], "date") if values["date"] else _required("date")
        reason = values["reason"] or _required("reason")
        if len(reason) > END_REASON_MAX:
            raise InvalidInput("reason", TEXTS["reason_too_long"])
        await in_store_thread(registry.detach, engine, attachment_id, on, reason, who.actor)
    except InvalidInput as e:
        errors = {field_of(e.field): e.text(lang)}
        return await person_page(request, iin, who, status=422, detach_values=values, detach_errors=errors)
    return RedirectResponse(f"/persons/{iin}?detached={attachment_id}#detached", status_code=303)


def _required(field: str) -> Any:
    raise InvalidInput(field, REQUIRED)


def _not_found(lang: str) -> str:
    return COMMON["not_found"][lang]
