"""JSON views of the acts' reference data, shared by the CLI's `--json` and the HTTP API (/v1 reference).

Every builder returns plain dicts and lists; dates stay `datetime.date` (the CLI's `print_json` and the
service's orjson both write them as ISO strings). Names and descriptions are in the language asked for;
the Kazakh words of the seed are kept beside them where the data has them (`quote_kk`, `name_kk`,
`text_kk`). The answers of the HTTP API are exactly these views (docs/service-reference.md).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kepil.errors import InvalidInput
from kepil.i18n import Lang
from kepil.law.acts import Act, acts, acts_in_force, not_in_force_reason, text_not_in_force_reason
from kepil.law.monitoring_rules.classifier import DefectCode, Penalty, PenaltyCell, classifier
from kepil.law.monitoring_rules.rows import RowCheck, row_checks
from kepil.law.parameters import GROUPS, Parameter, lookup, parameters
from kepil.law.program_2026_2028.inpatient_caps import ALL_PROFILES, InpatientCap, cap, caps
from kepil.law.program_2026_2028.inpatient_caps import profile as profile_of
from kepil.law.program_2026_2028.payment_methods import Direction, PaymentMethod, direction, directions
from kepil.reference import messages as M
from kepil.reference.regions import region as region_of
from kepil.validation import fill, shown

if TYPE_CHECKING:
    from kepil.law.program_2026_2028.tariffs import TariffBook

# --- acts (acts.yaml) -------------------------------------------------------------------------------


def act_json(a: Act, on: dt.date, lang: Lang) -> dict[str, Any]:
    """The act as JSON, with its status on `on` and every assumed date marked."""
    reason = not_in_force_reason(a.id, on)
    text_reason = text_not_in_force_reason(a.id, on)
    return {
        "id": a.id,
        "title": a.title[lang],
        "short_title": a.short_title[lang],
        "titles": a.title.as_dict(),
        "kind": a.kind,
        "issuer": a.issuer[lang],
        "number": a.number,
        "signed": a.signed,
        "registration": a.registration.as_dict() if a.registration else None,
        "seed": a.seed,
        "in_force_from": a.start,
        "in_force_from_assumed": a.start_is_assumed(),
        "in_force_until": a.end,
        "in_force_until_assumed": a.end_is_assumed(),
        "text_from": a.text_from,
        "text_from_assumed": a.text_from_is_assumed(),
        "in_force": reason is None,
        "text_in_force": text_reason is None,
        "reason": None if reason is None else reason[lang],
        "text_reason": None if text_reason is None else text_reason[lang],
        "amended_by": [o.as_dict() for o in a.amended_by],
        "repealed_by": a.repealed_by.as_dict() if a.repealed_by else None,
        "assumptions": {k: v.as_dict() for k, v in a.assumptions().items()},
    }


def acts_view(on: dt.date, lang: Lang, show_all: bool = False) -> dict[str, Any]:
    """The acts in force on `on` (all seven with their status when `show_all`): `kepil acts --json`."""
    rows = list(acts()) if show_all else acts_in_force(on)
    return {"date": on, "lang": lang, "acts": [act_json(a, on, lang) for a in rows]}


# --- parameters (parameters.yaml) -------------------------------------------------------------------


def _keys_as_text(value: Any) -> Any:
    """A YAML value with its mapping keys as JSON writes them (`1` -> "1"): orjson takes text keys only."""
    if isinstance(value, dict):
        return {k if isinstance(k, str) else json.dumps(k): _keys_as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_keys_as_text(v) for v in value]
    return value


def parameter_json(p: Parameter, on: dt.date, lang: Lang) -> dict[str, Any]:
    """The parameter on `on`: its value, or `value` None and the `reason` the law gives none that day."""
    found, reason = lookup(p, on)
    return {
        "name": p.name,
        "group": p.group,
        "description": p.description[lang],
        "unit": p.unit,
        "date": on,
        "value": _keys_as_text(found),
        "reason": None if reason is None else reason[lang],
        "citations": [c.as_dict() for c in p.citations],
        "quote_kk": p.quote_kk,
        "values": [
            {"from": start, "until": end, "value": _keys_as_text(v)} for start, end, v in p.intervals()
        ],
    }


def parameters_view(
    on: dt.date, lang: Lang, group: str | None = None, group_field: str = "group"
) -> dict[str, Any]:
    """All parameters (or one group's) on `on`: `kepil params --json`."""
    if group is not None and group not in GROUPS:
        raise InvalidInput(group_field, fill(M.UNKNOWN_GROUP, group=shown(group), groups=", ".join(GROUPS)))
    return {"date": on, "parameters": [parameter_json(p, on, lang) for p in parameters(group)]}


# --- inpatient caps (program-2026-2028 app1, bound by 73) -------------------------------------------


def select_caps(
    region: str | None,
    profile: str | None,
    region_field: str = "region",
    profile_field: str = "profile",
) -> list[InpatientCap]:
    """The rows `kepil caps` shows: both given, that one row; a region only, all its profiles; no region,
    every region's "all profiles" row (or the given profile in every region)."""
    r = None if region is None else region_of(region, region_field)
    p = None if profile is None else profile_of(profile, profile_field)
    if r is not None and p is not None:
        return [cap(r, p)]
    return caps(r, p if p is not None else (ALL_PROFILES if r is None else None))


def cap_json(c: InpatientCap, lang: Lang) -> dict[str, Any]:
    return c.as_dict(lang)


def caps_view(rows: list[InpatientCap], lang: Lang) -> list[dict[str, Any]]:
    return [cap_json(c, lang) for c in rows]


# --- the unified classifier of defects (monitoring-rules app1, 10) ----------------------------------


def penalty_json(p: Penalty) -> dict[str, Any]:
    return {"kind": p.kind, "base": p.base, "value": None if p.value is None else str(p.value)}


def cell_json(c: PenaltyCell) -> dict[str, Any]:
    out: dict[str, Any] = {
        "position": c.position,
        "column": c.column,
        "raw": c.raw,
        **penalty_json(c.penalty),
    }
    out["alternative"] = penalty_json(c.alternative) if c.alternative else None
    return out


def check_json(check: RowCheck, lang: Lang) -> dict[str, Any]:
    """What checks a row (monitoring-rules 13): `automated_by` its algorithms, each with its version;
    `review` the reason a person must judge the row (or the part of it the algorithms leave), or None."""
    return {
        "automated_by": [
            {"rule": r.id, "version": r.version, "code": r.code, "description": r.description[lang]}
            for r in check.automated_by
        ],
        "review": None
        if check.review is None
        else {"reason": check.review[lang], "reason_kk": check.review.kk},
    }


def defect_json(e: DefectCode, lang: Lang, check: RowCheck | None = None) -> dict[str, Any]:
    """A row of the classifier; `name` None where the seed lost it (`inferred_code`: the likely code);
    with `check`, the algorithms that check it and why a person must judge it."""
    return {
        "row": e.row,
        "code": e.code,
        "inferred_code": e.inferred_code,
        "name": e.name[lang] if e.name else None,
        "name_kk": e.name.kk if e.name else None,
        "name_complete": e.name_complete,
        "significant": e.significant,
        "footnotes": list(e.footnotes),
        "citations": [c.as_dict() for c in e.citations],
        "cells": [cell_json(c) for c in e.cells],
        **(check_json(check, lang) if check is not None else {}),
    }


def classifier_view(lang: Lang, columns_file: str | Path | None = None) -> list[dict[str, Any]]:
    """All 28 rows in published order, each `automated_by` its algorithms or marked for `review`:
    `kepil classifier --json`."""
    checks = {c.row: c for c in row_checks()}
    return [defect_json(e, lang, checks[e.row]) for e in classifier(columns_file).entries]


def defect_view(code: str, lang: Lang, columns_file: str | Path | None = None) -> dict[str, Any]:
    """One row by its code (`3.4`) or `row:N`; an unknown code is InvalidInput (field `code`)."""
    e = classifier(columns_file).defect(code)
    return defect_json(e, lang, next(c for c in row_checks() if c.row == e.row))


# --- payment methods (program-2026-2028 app2, 77) ---------------------------------------------------


def method_json(
    m: PaymentMethod, lang: Lang, d: Direction | None = None, book: TariffBook | None = None
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "code": m.code,
        "item": m.item,
        "kinds": list(m.kinds),
        "name": m.name[lang],
        "text_kk": m.name.kk,
        "care_kinds": list(m.care_kinds),
    }
    if m.includes_kk:
        out["includes_kk"] = list(m.includes_kk)
    if m.condition:
        c = m.condition
        out["condition"] = {"measure": c.measure, "comparison": c.comparison, "percent": str(c.percent)}
    for key in ("withheld_percent", "percent_of_base_salary"):
        value = getattr(m, key)
        if value is not None:
            out[key] = str(value)
    for key in ("urgency_category", "icd10_include", "icd10_exclude", "placement"):
        if getattr(m, key) is not None:
            out[key] = getattr(m, key)
    if d is not None:  # how kepil pays it (payment/items.py): computed, or the input it lacks
        from kepil.law.program_2026_2028.payment.items import item_key, item_status

        out["payment"] = item_status(item_key(d, m), book)
    return out


def direction_json(d: Direction, lang: Lang, book: TariffBook | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "row": d.row,
        "code": d.code,
        "name": d.name[lang],
        "care_kinds": list(d.care_kinds),
        "citation": d.citation.as_dict(),
        "methods": [method_json(m, lang, d, book) for m in d.methods],
    }
    if d.note:
        out["note"] = d.note
    return out


def payment_methods_view(lang: Lang, book: TariffBook | None = None) -> list[dict[str, Any]]:
    """The 14 numbered directions and the unnumbered 15th: `kepil payment-methods --json`; each method's
    `payment` says how kepil computes it (with `book`: whether the book gives every input it needs)."""
    return [direction_json(d, lang, book) for d in directions(include_unnumbered=True)]


def direction_view(key: str, lang: Lang, book: TariffBook | None = None) -> dict[str, Any]:
    """One direction by its code (`oncology`) or row 1-14; unknown: InvalidInput (field `direction`)."""
    return direction_json(direction(key), lang, book)
