"""`/persons` (search by IIN) and `/persons/{iin}`: what the IIN tells, the attachment on a date, the
history, and for a registrar (or an admin) the application and detachment forms."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from kepil.errors import InvalidInput, LawNotInForce
from kepil.i18n import LANGS, Text
from kepil.law.citation import citation_label, clause_label
from kepil.law.phc_attachment_rules.application import (
    APPLICANTS,
    APPLICATION_LANGUAGES,
    CHANNELS,
    INSURANCE_KINDS,
    PERSON_CATEGORIES,
    parse_application,
)
from kepil.law.phc_attachment_rules.documents import (
    CATEGORIES,
    CATEGORY_ROWS,
    DOCUMENTS,
    REPRESENTATIVE_KINDS,
)
from kepil.law.phc_attachment_rules.messages import ACT
from kepil.reference.iin import parse_iin
from kepil.reference.regions import regions
from kepil.store import attachments as registry
from kepil.store.keys import ORGANISATION_ROLES, Principal
from kepil.store.providers import atu_organisations, list_providers, organisation_names
from kepil.validation import valid_iin
from kepil.web import params
from kepil.web.nav import clause_href
from kepil.web.pages.persons.application import (
    DOCUMENT_CLAUSES,
    ON_FORM,
    application_body,
    field_of,
    form_values,
    ground_names,
    requirements_of,
)
from kepil.web.pages.persons.texts import (
    APPLICANT_NAMES,
    CATEGORY_NAMES,
    CHANNEL_NAMES,
    CONTINGENT_NAMES,
    INSURANCE_NAMES,
    LANGUAGE_NAMES,
    REPRESENTATIVE_NAMES,
    TEXTS,
)
from kepil.web.render import lang_of, page
from kepil.web.session import organisation_scope, page_access
from kepil.web.tables import Column, Table

router = APIRouter(include_in_schema=False)
# As the API's attachment routes: READERS = allow("registrar", "analyst"), WRITERS = allow("registrar").
READ_ACCESS = page_access("registrar", "analyst")
WRITE_ACCESS = page_access("registrar")


def _history_table(
    rows: list[dict[str, Any]], grounds: Mapping[str, tuple[str, Text]], names: Mapping[str, str], lang: str
) -> Table:
    def ground_href(row: dict[str, Any]) -> str | None:
        clause = row.get("ground_clause")
        return clause_href(ACT, clause) if clause else None

    shown_rows = []
    for r in rows:
        clause, name = grounds.get(r["ground"], ("", Text(r["ground"], r["ground"], r["ground"])))
        cites = [c for c in r.get("basis") or () if c.get("clause")]
        basis = Text(*(", ".join(_basis_label(c, lang) for c in cites) for lang in LANGS))
        shown_rows.append(
            {
                **r,
                "organisation_name": names.get(r["organisation_id"]),
                "ground_name": name,
                "ground_clause": clause,
                "person_category": CATEGORY_NAMES.get(r["person_category"], r["person_category"]),
                "channel": CHANNEL_NAMES.get(r["channel"], r["channel"]),
                "applicant": APPLICANT_NAMES.get(r["applicant"], r["applicant"]),
                "basis": basis,
            }
        )
    T = TEXTS
    columns = [
        Column("start", T["since"], "date"),
        Column("ended_on", T["ended_on"], "date"),
        Column("organisation_id", T["organisation_id"], on_page=False),
        Column("organisation_name", T["organisation"]),
        Column("ground_name", T["ground"], href=ground_href),
        Column("ground_clause", T["clause"], "clause"),
        Column("valid_until", T["valid_until"], "date"),
        Column("person_category", T["person_category"]),
        Column("channel", T["channel"]),
        Column("applicant", T["applicant"]),
        Column("end_reason", T["end_reason"]),
        # in the downloads, not on the page (issue 18: no clipped column at 1366 px): the current row is the
        # one not ended; the commission's decision and the clauses behind the row are the record's details
        Column("by_regional_commission", T["by_regional_commission"], "bool", on_page=False),
        Column("current", T["is_current"], "bool", on_page=False),
        Column("basis", T["basis"], on_page=False),
        Column("id", T["row_id"], "int"),
    ]
    return Table("history", T["history"], columns, shown_rows)


def _basis_label(c: Mapping[str, Any], lang: str) -> str:
    """A clause of the attachment's basis: the clause alone for the attachment rules (the table's act), the
    act's short title beside it for another act."""
    act = str(c.get("act") or ACT)
    return clause_label(str(c["clause"]), lang) if act == ACT else citation_label(act, str(c["clause"]), lang)


def atu_choices(rows: Iterable[tuple[str, str, str]]) -> list[dict[str, Any]]:
    """The regions (reference order) with their administrative-territorial units, each named by the PHC
    organisations that serve it ("№1 емхана, №2 емхана" — the store keeps no unit names)."""
    by_region: dict[str, dict[str, list[str]]] = {}
    for region_code, atu, name in rows:
        by_region.setdefault(region_code, {}).setdefault(atu, []).append(name)
    out = []
    for r in regions():
        units = by_region.get(r.code, {})
        listed = []
        for atu, names in units.items():
            label = ", ".join(names[:2]) + (f" (+{len(names) - 2})" if len(names) > 2 else "")
            listed.append({"code": atu, "label": Text(label, label, label), "names": " | ".join(names)})
        if listed:
            out.append({"code": r.code, "name": r.name, "units": listed})
    return out


def iin_error(iin: str) -> InvalidInput | None:
    try:
        valid_iin(iin, "iin")
    except InvalidInput as e:
        return e
    return None


def search_page(request: Request, who: Principal, iin: str, error: InvalidInput | None) -> Response:
    lang = lang_of(request)
    message = error.text(lang) if error else None
    status = 422 if error else 200
    return page(request, "persons.html", TEXTS, who, "persons", status=status, iin=iin, error=message)


@router.get("/persons")
async def search(request: Request, iin: str | None = None, who: Principal = Depends(READ_ACCESS)) -> Response:
    """The search form; a valid IIN opens the person's page, a wrong one is named (422)."""
    if iin is None:
        return search_page(request, who, "", None)
    iin = iin.strip()
    error = iin_error(iin)
    if error is not None:
        return search_page(request, who, iin, error)
    return RedirectResponse(f"/persons/{iin}", status_code=303)


async def person_page(
    request: Request,
    iin: str,
    who: Principal,
    *,
    status: int = 200,
    values: Mapping[str, Any] | None = None,
    errors: Mapping[str, str] | None = None,
    detach_values: Mapping[str, str] | None = None,
    detach_errors: Mapping[str, str] | None = None,
    checked_requirements: list[dict[str, Any]] | None = None,
) -> Response:
    engine = request.app.state.engine
    lang = lang_of(request)
    today = dt.date.today()
    on_raw = request.query_params.get("on") or ""
    on_errors: dict[str, str] = {}
    on = params.collect(on_errors, lang, params.day, on_raw, "on") or today
    if on_errors:
        status = 422
    org_scope = organisation_scope(who) if who.role == "registrar" else None
    rows = await run_in_threadpool(registry.history, engine, iin, org_scope)
    found = await run_in_threadpool(registry.attached_on, engine, iin, on)
    current: dict[str, Any] | None = registry.attachment_out(found) if found is not None else None
    elsewhere = False
    if (
        current is not None
        and who.role in ORGANISATION_ROLES
        and current["organisation_id"] != who.organisation_id
    ):
        current, elsewhere = None, True  # the API's own_organisation: 403, nothing of it shown
    grounds = ground_names(on)
    can_write = who.role in ("registrar", "admin")
    organisations: list[dict[str, str]] = []
    if who.role == "admin":
        providers = await run_in_threadpool(list_providers, engine, None, True)
        organisations = [{"id": p["id"], "name": p["name"]} for p in providers]
    atus = atu_choices(await run_in_threadpool(atu_organisations, engine)) if can_write else []
    info = parse_iin(iin)
    notice = _confirmation(request, rows)
    errors = dict(errors or {})
    form_error = next(((f, m) for f, m in errors.items() if f not in ON_FORM), None)
    values = dict(values or {})
    values.setdefault("date", today.isoformat())
    previous = _previous(rows, current)
    org_ids = [r["organisation_id"] for r in rows] + ([current["organisation_id"]] if current else [])
    names = await run_in_threadpool(organisation_names, engine, org_ids)
    table = _history_table(rows, grounds, names, lang)
    return page(
        request,
        "persons_person.html",
        TEXTS,
        who,
        "persons",
        tables=[table],
        status=status,
        iin=iin,
        info=info,
        on=on,
        on_raw=on_raw,
        on_errors=on_errors,
        current=current,
        current_name=names.get(current["organisation_id"]) if current else None,
        previous=previous,
        previous_name=names.get(previous["organisation_id"]) if previous else None,
        notice_name=names.get(notice["row"]["organisation_id"]) if notice else None,
        atus=atus,
        current_ground=grounds.get(current["ground"]) if current else None,
        elsewhere=elsewhere,
        own_only=org_scope is not None,
        can_write=can_write,
        can_detach=bool(current and current["current"] and can_write),
        organisations=organisations,
        grounds=grounds,
        notice=notice,
        values=values,
        errors=errors,
        form_error=form_error,
        detach_values=dict(detach_values or {}),
        detach_errors=dict(detach_errors or {}),
        checked_requirements=checked_requirements,
        names={
            "channel": CHANNEL_NAMES,
            "applicant": APPLICANT_NAMES,
            "person_category": CATEGORY_NAMES,
            "categories": CONTINGENT_NAMES,
            "representative_kind": REPRESENTATIVE_NAMES,
            "insurance.kind": INSURANCE_NAMES,
            "application_language": LANGUAGE_NAMES,
        },
        codes={
            "channel": CHANNELS,
            "applicant": APPLICANTS,
            "person_category": PERSON_CATEGORIES,
            "categories": CATEGORIES,
            "representative_kind": REPRESENTATIVE_KINDS,
            "insurance.kind": INSURANCE_KINDS,
            "application_language": APPLICATION_LANGUAGES,
        },
        category_rows=CATEGORY_ROWS,
        documents=DOCUMENTS,
        document_clauses=DOCUMENT_CLAUSES,
        act=ACT,
    )


def _previous(rows: list[dict[str, Any]], current: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """The attachment before the current one (the history is newest first): the organisation the person
    left, or None."""
    before = [r for r in rows if current is None or r["id"] != current["id"]]
    ended = [r for r in before if r.get("ended_on")]
    return ended[0] if ended else None


def _confirmation(request: Request, rows: Iterable[dict[str, Any]]) -> dict[str, Any] | None:
    """?attached=ID or ?detached=ID after a successful POST: the row it names, if the viewer sees it."""
    for flag in ("attached", "detached"):
        wanted = request.query_params.get(flag)
        for r in rows:
            if wanted is not None and str(r["id"]) == wanted:
                return {"kind": flag, "row": r}
    return None


@router.get("/persons/{iin}")
async def person(request: Request, iin: str, who: Principal = Depends(READ_ACCESS)) -> Response:
    """The person: what the IIN tells, the attachment on a date, the history, and for a registrar (or an
    admin) the application and detachment forms. `?check=1` with the form's fields lists the documents
    that application needs without attaching (the "Show the documents needed" button)."""
    error = iin_error(iin)
    if error is not None:
        return search_page(request, who, iin, error)
    if request.query_params.get("check") and who.role in ("registrar", "admin"):
        values = form_values(request.query_params)
        org = who.organisation_id if who.role == "registrar" else values.get("organisation_id")
        try:
            needed = requirements_of(parse_application(application_body(values, iin, org)))
        except (InvalidInput, LawNotInForce) as e:
            errors = {field_of(e.field): e.text(lang_of(request))}
            return await person_page(request, iin, who, status=422, values=values, errors=errors)
        return await person_page(request, iin, who, values=values, checked_requirements=needed)
    return await person_page(request, iin, who)
