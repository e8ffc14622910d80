"""The attachment application as a form: its fields (each input named after the API body's field path, so
an `InvalidInput` names the input), the body of POST /v1/attachments the form's values make, the grounds of
`phc-attachment-rules` 10, the documents' clauses (app.8.1, 9-1) and the checklist of what an application
needs."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from starlette.datastructures import FormData, QueryParams

from kepil.errors import LawNotInForce
from kepil.i18n import Text
from kepil.law import parameters
from kepil.law.phc_attachment_rules.application import (
    GROUNDS,
    INSURANCE_FIELDS,
    MOVE_FIELDS,
    AttachmentApplication,
)
from kepil.law.phc_attachment_rules.documents import DOCUMENTS, ROW_DOCUMENTS, requirements
from kepil.store.keys import ORGANISATION_ROLES, Principal
from kepil.web.session import PageForbidden

# The form's fields: each input's name is the API body's field path, so an `InvalidInput` names the input.
TEXT_FIELDS: tuple[str, ...] = (
    "ground",
    "date",
    "person_category",
    "birth_date",
    "applicant",
    "channel",
    "application_language",
    "residence_atu",
    "legal_representative_iin",
    "representative_kind",
)
FLAG_FIELDS: tuple[str, ...] = ("border_area", "family_member_consent")
LIST_FIELDS: tuple[str, ...] = ("documents", "categories")
FORM_FIELDS: frozenset[str] = frozenset(
    (
        "organisation_id",
        *TEXT_FIELDS,
        *FLAG_FIELDS,
        *LIST_FIELDS,
        *(f"insurance.{f}" for f in INSURANCE_FIELDS),
        *(f"residence_change.{f}" for f in MOVE_FIELDS),
    )
)
# Errors of these fields are shown beside them; any other (e.g. `body`) above the form.
ON_FORM: frozenset[str] = FORM_FIELDS | {"iin"}
_INDEX = re.compile(r"\[\d+\]$")


def document_clauses() -> dict[str, list[str]]:
    """Each document code with the clauses that ask for it: app.8.1.1 (identity), app.8.1.2–10 (the
    contingents, ROW_DOCUMENTS), 9-1 (the VHI/OMI contract; a child's representative's identity document),
    app.8.1.4 (an adult's guardian's identity document)."""
    out: dict[str, list[str]] = {code: [] for code in DOCUMENTS}
    out["identity_document"].append("app.8.1.1")
    out["digital_document"].append("app.8.1.1")
    for n, reqs in ROW_DOCUMENTS.items():
        for codes in reqs:
            for code in codes:
                out[code].append(f"app.8.1.{n}")
    out["vhi_omi_contract"].append("9-1")
    for code in ("representative_identity_document", "representative_digital_document"):
        out[code] += ["9-1", "app.8.1.4"]
    return out


DOCUMENT_CLAUSES = document_clauses()


def ground_names(on: dt.date) -> dict[str, tuple[str, Text]]:
    """The grounds of clause 10 on `on` (parameter attachment_grounds): code → (clause, kk/ru/en wording);
    the codes alone, clauses in order, when the law gives no value that day."""
    try:
        rows = parameters.value("attachment_grounds", on)
    except LawNotInForce:
        return {g: (f"10.{i + 1}", Text(g, g, g)) for i, g in enumerate(GROUNDS)}
    return {str(r["code"]): (str(r["clause"]), Text(r["kk"], r["ru"], r["en"])) for r in rows}


def field_of(path: str) -> str:
    """The form input an error's field path names (`documents[2]` → `documents`)."""
    return _INDEX.sub("", path)


def application_body(values: Mapping[str, Any], iin: str, organisation_id: str | None) -> dict[str, Any]:
    """The JSON body of POST /v1/attachments the form's values make: empty inputs are left out (the Rules'
    defaults apply, as for a body without them); only the form's own fields are taken."""
    raw: dict[str, Any] = {"iin": iin}
    if organisation_id:
        raw["organisation_id"] = organisation_id
    for name in TEXT_FIELDS:
        value = str(values.get(name) or "").strip()
        if value:
            raw[name] = value
    for name in FLAG_FIELDS:
        if values.get(name):
            raw[name] = True
    for name in LIST_FIELDS:
        chosen = list(values.get(name) or [])
        if chosen:
            raw[name] = chosen
    insurance = {f: str(values.get(f"insurance.{f}") or "").strip() for f in INSURANCE_FIELDS}
    if any(insurance.values()):
        if not insurance["organisation_id"] and organisation_id:
            insurance["organisation_id"] = organisation_id
        raw["insurance"] = {k: v for k, v in insurance.items() if v}
    move = {f: str(values.get(f"residence_change.{f}") or "").strip() for f in MOVE_FIELDS}
    if any(move.values()):
        raw["residence_change"] = {k: v for k, v in move.items() if v}
    return raw


def form_values(source: FormData | QueryParams) -> dict[str, Any]:
    """The form's fields as sent (lists for the checkboxes), to fill the form in again."""
    out: dict[str, Any] = {}
    for name in FORM_FIELDS:
        if name in LIST_FIELDS:
            out[name] = [str(v) for v in source.getlist(name)]
        elif name in source:
            out[name] = str(source.get(name) or "")
    return out


def requirements_of(app: AttachmentApplication) -> list[dict[str, Any]]:
    """The documents the application needs (app.8.1, 9-1; none on egov, app.8.2), for the checklist."""
    return [{"codes": r.codes, "clause": r.citation.clause, "name": r.name} for r in requirements(app)]


def organisation_of(who: Principal, form: FormData) -> str | None:
    """A registrar attaches to its own organisation only; another one in the form is forged: 403 (the API's
    own_organisation). An admin chooses."""
    given = str(form.get("organisation_id") or "").strip()
    if who.role in ORGANISATION_ROLES:
        if given and given != who.organisation_id:
            raise PageForbidden()
        return who.organisation_id
    return given or None
