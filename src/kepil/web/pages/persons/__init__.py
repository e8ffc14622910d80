"""A person's pages (issue 7): search by IIN, the attachment history, the attachment application and the
detachment, over the PHC attachment registry (`phc-attachment-rules`; docs/pages-persons.md).

The pages call what the API calls (`kepil.api.routes.attachments`): `parse_application` validates the
application built from the form exactly as it validates the JSON body of POST /v1/attachments, and
`kepil.store.attachments.attach` / `detach` / `history` / `attached_on` do the rest, so the registry
decides the grounds (10), the documents (app.8.1, 9-1) and the organisation (4, 8) the same way for both.

Roles as the API's: a registrar writes and reads for its own organisation; an analyst reads everything;
an admin does everything. reading (the API's rule for GET /v1/persons/{iin}/attachment answers 403 when the
attachment in force belongs to another organisation): a registrar sees the history rows of its own
organisation only, and of a current attachment elsewhere only that there is one — never the organisation,
the ground or the dates. The 403 already tells a registrar that much (a person not attached gets 404).

Modules: `texts` (the words and the codes' names), `application` (the form's fields and their parsing),
`view` (search and the person), `attach` and `detach` (the two POSTs).
"""

from __future__ import annotations

from fastapi import APIRouter

from kepil.web.pages.persons import attach, detach, view

router = APIRouter(include_in_schema=False)
router.include_router(view.router)
router.include_router(attach.router)
router.include_router(detach.router)
