"""The CoverageEligibilityResponse for kepil's answers, and the answer to a request it cannot map.

`to_response` turns the answers of `kepil.coverage.decision.decide` to the requests `to_coverage_requests`
made back into a CoverageEligibilityResponse; `error_response` answers a body that cannot be mapped with an
OperationOutcome or a CoverageEligibilityResponse with outcome `error`. docs/fhir.md has the readings.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fhir.resources.R4B.coverageeligibilityrequest import CoverageEligibilityRequest
from fhir.resources.R4B.coverageeligibilityresponse import CoverageEligibilityResponse
from fhir.resources.R4B.operationoutcome import OperationOutcome

from kepil.api.fhir.codesystems import (
    ACT,
    CARE_FORM,
    CARE_KIND,
    COVERAGE_ERROR,
    FUNDING,
    FUNDING_ID_SYSTEM,
    FUNDING_NAMES,
    REQUIREMENT,
    coding,
    display,
    extension,
    translations,
)
from kepil.api.fhir.eligibility_request import _FULL_DATE, REQUEST, _Doc, _field_path, _t
from kepil.i18n import LANGS, Text
from kepil.law import acts

__all__ = ["decision_outcome", "error_response", "to_response"]

PROGRAM = "program-2026-2028"


# --- the response --------------------------------------------------------------------------------------


def _carry(doc: _Doc, ref: dict[str, Any] | None, contained: list[dict[str, Any]]) -> dict[str, Any] | None:
    """A reference for the response: a local reference brings its contained resource along."""
    if not ref:
        return None
    found = doc.local(ref)
    if found is not None:
        if all(c.get("id") != found[1].get("id") for c in contained):
            contained.append(found[1])
        return dict(ref)
    target = ref.get("reference")
    if isinstance(target, str) and not target.startswith(("http://", "https://")):
        # reading: a reference in kepil's answer resolves by GET or is not made (issue 18). A relative
        # reference ("Patient/123") would be read against kepil's base, which holds no such resource, and
        # an unresolved local one ("#x") or a bundle's "urn:uuid:" points at nothing in the answer: the
        # identifier and display are kept, the literal reference is not. An absolute URL points at the
        # client's own server and is kept as given.
        return {k: v for k, v in ref.items() if k != "reference"} or {"display": target}
    return dict(ref)


def _request_reference(doc: _Doc) -> dict[str, Any]:
    identifiers = doc.data.get("identifier") or []
    if isinstance(doc.data.get("id"), str):
        # the route gives the stored request its server id, so this resolves by GET (docs/fhir.md)
        ref = {"type": REQUEST, "reference": f"{REQUEST}/{doc.data['id']}"}
        return ref | ({"identifier": identifiers[0]} if identifiers else {})
    if identifiers:
        return {"type": REQUEST, "identifier": identifiers[0]}
    return {"type": REQUEST, "display": f"{REQUEST} {doc.data.get('created', '')}".strip()}


def _skeleton(doc: _Doc, lang: str, created: dt.datetime | None, outcome: str) -> dict[str, Any]:
    contained: list[dict[str, Any]] = []
    when = created or dt.datetime.now(dt.UTC).replace(microsecond=0)
    out: dict[str, Any] = {
        "resourceType": "CoverageEligibilityResponse",
        "language": lang,
        "status": "active",
        "purpose": list(doc.data.get("purpose") or ["validation"]),
        "patient": _carry(doc, doc.data.get("patient"), contained) or {"display": "patient"},
        "created": when.isoformat().replace("+00:00", "Z"),  # as fhir.resources writes a UTC dateTime
        "request": _request_reference(doc),
        "outcome": outcome,
        "insurer": _carry(doc, doc.data.get("insurer"), contained) or {"display": "insurer"},
    }
    if "servicedDate" in doc.data:
        out["servicedDate"] = doc.data["servicedDate"]
    elif "servicedPeriod" in doc.data:
        out["servicedPeriod"] = doc.data["servicedPeriod"]
    else:
        day = doc.care_date_text()
        if day is not None and _FULL_DATE.fullmatch(day):
            out["servicedDate"] = day  # the day the answer is for (from `created`), said explicitly
    requestor = _carry(doc, doc.data.get("provider"), contained)
    if requestor is not None:
        out["requestor"] = requestor
    if contained:
        out["contained"] = contained
    return out


def _funding_reference(package: str, lang: str) -> dict[str, Any]:
    """insurance.coverage: a logical reference to the package (GVFMC and CSHI are no policy a person holds,
    so there is no Coverage instance to point at); `none` is the person paying."""
    return {
        "type": "Coverage",
        "identifier": {"system": FUNDING_ID_SYSTEM, "value": package},
        "display": FUNDING_NAMES[package][lang],
    }


def _basis_extension(citation: dict[str, str], lang: str) -> dict[str, Any]:
    return {
        "url": extension("basis"),
        "extension": [
            {"url": "act", "valueCoding": coding(ACT, citation["act"], lang)},
            {"url": "clause", "valueString": citation["clause"]},
        ],
    }


def _answer_item(doc: _Doc, index: int | None, decision: dict[str, Any], lang: str) -> dict[str, Any]:
    kind, form = doc.kind_form(index)
    requires: list[str] = list(decision.get("requires") or [])
    exts: list[dict[str, Any]] = []
    if index is not None:
        exts.append({"url": extension("request-item"), "valueUnsignedInt": index})
    exts.append({"url": extension("funding"), "valueCoding": coding(FUNDING, decision["funding"], lang)})
    exts += [{"url": extension("requires"), "valueCoding": coding(REQUIREMENT, r, lang)} for r in requires]
    exts += [_basis_extension(c, lang) for c in decision.get("basis") or []]
    if decision.get("rule"):
        exts.append({"url": extension("rule"), "valueString": decision["rule"]})
    exts += [
        {"url": extension("unknown"), "valueString": _field_path(doc, index, f)}
        for f in decision.get("unknown") or []
    ]
    item: dict[str, Any] = {"extension": exts}
    if kind is not None:
        # ces-1: a response item has a category or a productOrService, never both — the kind goes in category.
        item["category"] = {"coding": [coding(CARE_KIND, kind, lang)]}
        item["name"] = display(CARE_KIND, kind, lang)
    if form is not None:
        item["modifier"] = [{"coding": [coding(CARE_FORM, form, lang)]}]
    explanation = decision.get("explanation") or {}
    if all(isinstance(explanation.get(x), str) for x in LANGS):
        item["description"] = explanation[lang]
        item["_description"] = translations(Text(**{x: explanation[x] for x in LANGS}), lang)
    item["excluded"] = not decision["covered"]
    # reading: a referral is FHIR's "authorization" for planned specialised care (program-2026-2028 58.2,
    # 59, 62): required when the answer names it missing; when held, nothing more is required.
    item["authorizationRequired"] = "referral" in requires
    if "referral" in requires:
        item["authorizationSupporting"] = [{"coding": [coding(REQUIREMENT, "referral", lang)]}]
    return item


def _error_text(doc: _Doc, code: str, path: str, message: str) -> Text:
    if code == "law_not_in_force":
        day = doc.care_date_text()
        if day is not None and _FULL_DATE.fullmatch(day):
            reason = acts.not_in_force_reason(PROGRAM, dt.date.fromisoformat(day))
            if reason is not None:
                return reason
    return _t(f"{path}: {message}", f"{path}: {message}", f"{path}: {message}")


def _error_entry(code: str, path: str, text: Text, lang: str) -> dict[str, Any]:
    return {
        "extension": [{"url": extension("error-expression"), "valueString": path}],
        "code": {"coding": [coding(COVERAGE_ERROR, code, lang)], "text": text[lang]},
    }


def _summary(doc: _Doc, index: int | None, decision: dict[str, Any], lang: str) -> str:
    if "error" in decision:
        err = decision["error"]
        path = _field_path(doc, index, err.get("field") or "")
        return _error_text(doc, err["code"], path, err.get("message", ""))[lang]
    explanation = decision.get("explanation") or {}
    return str(explanation.get(lang, ""))


def _disposition(doc: _Doc, questions: list[int | None], decisions: list[dict[str, Any]], lang: str) -> str:
    if len(decisions) == 1:
        return _summary(doc, questions[0], decisions[0], lang)
    lines = []
    for index, decision in zip(questions, decisions, strict=True):
        kind, _ = doc.kind_form(index)
        label = display(CARE_KIND, kind, lang) if kind else ""
        lines.append(f"item[{index}] {label}: {_summary(doc, index, decision, lang)}")
    return "\n".join(lines)


def to_response(
    resource: CoverageEligibilityRequest,
    decisions: list[dict[str, Any]],
    lang: str = "en",
    *,
    created: dt.datetime | None = None,
) -> dict[str, Any]:
    """The CoverageEligibilityResponse (FHIR JSON, validated as R4B) for the answers of `decide` to the
    requests `to_coverage_requests` made, in the same order.

    `insurance[k]` answers one question (the k-th item that got a decision): `coverage` the package paying
    (or `none`), `inforce` covered; its one item carries the care kind and form, `excluded` (not covered),
    `authorizationRequired` (a referral missing) and kepil's extensions (funding, requires, basis, rule,
    unknown). Items whose answer is an error object are in `error[]` with the FHIR path instead.
    """
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}")
    doc = _Doc(resource)
    questions = doc.questions()
    if len(questions) != len(decisions):
        raise ValueError(f"{len(decisions)} decisions for {len(questions)} questions of the request")
    failed = any("error" in d for d in decisions)
    out = _skeleton(doc, lang, created, "error" if failed else "complete")
    out["disposition"] = _disposition(doc, questions, decisions, lang)
    others = {x: _disposition(doc, questions, decisions, x) for x in LANGS}
    out["_disposition"] = translations(Text(**others), lang)
    insurance: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    for index, decision in zip(questions, decisions, strict=True):
        if "error" in decision:
            err = decision["error"]
            path = _field_path(doc, index, err.get("field") or "")
            text = _error_text(doc, err["code"], path, err.get("message", ""))
            errors.append(_error_entry(err["code"], path, text, lang))
            continue
        covered = bool(decision["covered"])
        package = decision["funding"] if covered else "none"
        insurance.append(
            {
                "coverage": _funding_reference(package, lang),
                "inforce": covered,
                "item": [_answer_item(doc, index, decision, lang)],
            }
        )
    if insurance:
        out["insurance"] = insurance
    if errors:
        out["error"] = errors
    # Validated as R4B, and returned as built: fhir.resources' dump of the validated model is the same JSON
    # (tests/test_fhir_server.py checks it for every public case) and costs twice the validation, which a
    # batch of many requests pays per entry.
    CoverageEligibilityResponse.model_validate(out)
    return out


_ISSUE_TYPES = {
    "invalid_input": "invalid",
    "law_not_in_force": "business-rule",
    "not_supported": "not-supported",
}


def error_response(
    resource_or_none: CoverageEligibilityRequest | None,
    field: str,
    code: str,
    message: str | Text,
    *,
    lang: str = "en",
    created: dt.datetime | None = None,
) -> dict[str, Any]:
    """The answer to a request kepil cannot map (the route sends it with 422; `law_not_in_force` 409).

    reading: a body that is not a CoverageEligibilityRequest gets an OperationOutcome (FHIR's answer to a
    resource it cannot accept); a valid CoverageEligibilityRequest that cannot be answered gets a
    CoverageEligibilityResponse with outcome `error`, so the eligibility exchange keeps its pair of
    resources. Either way the code comes from kepil's coverage-error CodeSystem and `field` is the FHIR path.
    """
    text = message if isinstance(message, Text) else Text(message, message, message)
    # A plain string is in a language the caller knows; `language` is said only for a Text.
    said: dict[str, Any] = {"language": lang} if isinstance(message, Text) else {}
    if resource_or_none is None:
        outcome = {
            "resourceType": "OperationOutcome",
            **said,
            "issue": [
                {
                    "severity": "error",
                    "code": _ISSUE_TYPES.get(code, "processing"),
                    "details": {"coding": [coding(COVERAGE_ERROR, code, lang)], "text": text[lang]},
                    "diagnostics": f"{field}: {text[lang]}",
                    "expression": [field],
                }
            ],
        }
        return OperationOutcome.model_validate(outcome).model_dump(mode="json")
    doc = _Doc(resource_or_none)
    out = _skeleton(doc, lang, created, "error")
    if not said:
        del out["language"]
    out["disposition"] = text[lang]
    if said:
        out["_disposition"] = translations(text, lang)
    out["error"] = [_error_entry(code, field, _t(*(f"{field}: {text[x]}" for x in LANGS)), lang)]
    return CoverageEligibilityResponse.model_validate(out).model_dump(mode="json")


def decision_outcome(
    resource: CoverageEligibilityRequest, decisions: list[dict[str, Any]], lang: str = "en"
) -> dict[str, Any]:
    """The OperationOutcome for a request some of whose answers are error objects (the route answers it
    with 422 for `invalid_input`, else 409 for `law_not_in_force`): one issue per failed item, its code from
    the coverage-error CodeSystem, its `expression` the FHIR path of the field (as in `error[]`)."""
    doc = _Doc(resource)
    issues = []
    for index, decision in zip(doc.questions(), decisions, strict=True):
        if "error" not in decision:
            continue
        err = decision["error"]
        path = _field_path(doc, index, err.get("field") or "")
        text = _error_text(doc, err["code"], path, err.get("message", ""))
        issues.append(
            {
                "severity": "error",
                "code": _ISSUE_TYPES.get(err["code"], "processing"),
                "details": {"coding": [coding(COVERAGE_ERROR, err["code"], lang)], "text": text[lang]},
                "diagnostics": text[lang],
                "expression": [path],
            }
        )
    outcome = {"resourceType": "OperationOutcome", "language": lang, "issue": issues}
    return OperationOutcome.model_validate(outcome).model_dump(mode="json")
