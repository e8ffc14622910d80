"""`POST /persons/{iin}/attach`: the attachment application through the API's `parse_application` and
`kepil.store.attachments.attach`, so the registry decides the grounds (`phc-attachment-rules` 10), the
documents (app.8.1, 9-1) and the organisation (4, 8) as for POST /v1/attachments."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from kepil.api.threads import in_store_thread
from kepil.errors import InvalidInput, LawNotInForce
from kepil.law.phc_attachment_rules.application import AttachmentApplication, parse_application
from kepil.store import attachments as registry
from kepil.store.keys import ORGANISATION_ROLES, Principal
from kepil.web.pages.persons.application import (
    application_body,
    field_of,
    form_values,
    organisation_of,
    requirements_of,
)
from kepil.web.pages.persons.view import WRITE_ACCESS, iin_error, person_page, search_page
from kepil.web.render import lang_of
from kepil.web.session import PageForbidden

router = APIRouter(include_in_schema=False)


@router.post("/persons/{iin}/attach")
async def attach(request: Request, iin: str, who: Principal = Depends(WRITE_ACCESS)) -> Response:
    """The application: the same validation and store call as POST /v1/attachments; on an error the form
    again with the error beside the field it names (422); on success back to the person (303)."""
    error = iin_error(iin)
    if error is not None:
        return search_page(request, who, iin, error)
    form = await request.form()
    organisation_id = organisation_of(who, form)
    # As the API: only the health department (an admin key) records a regional commission's decision (10.5).
    by_commission = bool(form.get("by_regional_commission"))
    if by_commission and who.role != "admin":
        raise PageForbidden()
    values = form_values(form)
    raw = application_body(values, iin, organisation_id)
    app: AttachmentApplication | None = None
    try:
        app = parse_application(raw)
        if who.role in ORGANISATION_ROLES and app.organisation_id != who.organisation_id:
            raise PageForbidden()
        out = await in_store_thread(
            registry.attach, request.app.state.engine, app, raw, who.actor, by_commission
        )
    except (InvalidInput, LawNotInForce) as e:
        errors = {field_of(e.field): e.text(lang_of(request))}
        values["by_regional_commission"] = "on" if by_commission else ""
        needed: list[dict[str, Any]] | None = None
        if app is not None:  # the checklist of what this application needs, when the form is well formed
            try:
                needed = requirements_of(app)
            except (InvalidInput, LawNotInForce):
                needed = None
        return await person_page(
            request, iin, who, status=422, values=values, errors=errors, checked_requirements=needed
        )
    return RedirectResponse(f"/persons/{iin}?attached={out['id']}#attached", status_code=303)
