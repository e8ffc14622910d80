"""One coverage decision: request in, the contract's answer out (shared/contracts/coverage.md)."""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from typing import Any

from kepil.coverage import messages as M
from kepil.coverage.facts import UNKNOWABLE, UNKNOWN_VALUES, facts_of
from kepil.coverage.model import FIELD_BY_PATH
from kepil.coverage.request import CoverageRequest, parse_request, request_id
from kepil.coverage.rulebook import rulebook
from kepil.engine.expr import ALWAYS
from kepil.engine.rules import Evaluation, Outcome, Rule
from kepil.errors import InvalidInput
from kepil.i18n import LANGS, Text
from kepil.law import acts
from kepil.limits import check_json_bounds

PROGRAM = "program-2026-2028"

_REQUIREMENT_WORDS: dict[str, Text] = {
    "referral": Text("жолдама", "направление", "a referral"),
    "attachment": Text(
        "МСАК ұйымына бекітілу", "прикрепление к организации ПМСП", "attachment to a PHC organisation"
    ),
    "insurance": Text("МӘМС-ке қатысу", "участие в ОСМС", "CSHI participation"),
    "policy": Text("ЖМС немесе ЕМС шарты", "договор ОМС мигрантов или ДМС", "an OMI or VHI contract"),
}
_MISSING = Text("Жетіспейді: {items}.", "Не хватает: {items}.", "Missing: {items}.")
_UNKNOWN = Text(
    "Жауап келесі деректерсіз берілді: {items}; олар берілсе, жауап өзгеруі мүмкін.",
    "Ответ дан без следующих сведений: {items}; с ними он может измениться.",
    "The answer was given without: {items}; with them it may change.",
)


def error(code: str, field: str | None, message: str) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "message": message}
    if field is not None:
        body["field"] = field
    return {"error": body}


def check_lang(lang: str) -> str:
    """`lang` when it is one of kk, ru, en; otherwise ValueError (a caller's mistake, not the person's)."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    return lang


def law_not_in_force(r: CoverageRequest, lang: str = "en") -> dict[str, Any] | None:
    """The Program decides every coverage question: outside its term there is no law to apply."""
    return date_not_in_force(r.date, lang)


@cache
def date_not_in_force(date: dt.date, lang: str = "en") -> dict[str, Any] | None:
    """`law_not_in_force` of a valid request dated `date` (the batch answers its rows by distinct date)."""
    if acts.in_force(PROGRAM, date):
        return None
    reason = acts.not_in_force_reason(PROGRAM, date) or M.fill(M.LAW_NOT_IN_FORCE, act=PROGRAM, date=date)
    return error("law_not_in_force", "date", reason[lang])


@cache
def explanation(rule_id: str, requires: tuple[str, ...], unknown: tuple[str, ...]) -> dict[str, str]:
    """The rule's own words, then what is missing and what was not known — in kk, ru and en."""
    rule = rulebook().by_id[rule_id]
    out: dict[str, str] = {}
    for lang in LANGS:
        parts = [rule.text[lang]]
        if requires:
            parts.append(
                _MISSING[lang].format(items=", ".join(_REQUIREMENT_WORDS[r][lang] for r in requires))
            )
        if unknown:
            parts.append(_UNKNOWN[lang].format(items="; ".join(unknown_words(f)[lang] for f in unknown)))
        out[lang] = " ".join(parts)
    return out


def unknown_words(field: str) -> Text:
    """The words naming a request field left unknown (its Spec's label), for the explanation."""
    label = FIELD_BY_PATH[field].spec.label
    return label if label is not None else Text(field, field, field)


def answer(rule: Rule, outcome: Outcome, unknown: tuple[str, ...]) -> dict[str, Any]:
    return {
        "covered": outcome.covered,
        "funding": outcome.funding,
        "requires": list(outcome.requires),
        "basis": [c.as_dict() for c in rule.basis],
        "explanation": explanation(rule.id, outcome.requires, unknown),
        "rule": rule.id,
        "unknown": list(unknown),
    }


def unknown_facts(facts: dict[str, Any], ev: Evaluation) -> tuple[str, ...]:
    """The request fields left unknown whose value, either way, would change the answer."""
    book = rulebook()
    read = book.facts_that_matter(facts["kind"], ev.rule)
    fields: list[str] = []
    for fact, field in UNKNOWABLE.items():
        if facts[fact] is not None or fact not in read or field in fields:
            continue
        for value in UNKNOWN_VALUES.get(fact, (True, False)):
            if book.evaluate({**facts, fact: value}).outcome != ev.outcome:
                fields.append(field)
                break
    return tuple(fields)


def trace_of(ev: Evaluation) -> list[dict[str, Any]]:
    return [
        {
            "rule": s.rule.id,
            "basis": [c.as_dict() for c in s.rule.basis],
            "exception_of": s.rule.exception_of,
            "condition": str(s.rule.when),
            **({"needs": str(s.rule.needs)} if s.rule.needs != ALWAYS else {}),
            "in_force": [str(s.rule.valid_from), str(s.rule.valid_to)],
            "facts": {k: (str(v) if not isinstance(v, bool | int | None) else v) for k, v in s.facts.items()},
            "applies": s.matched,
            **({"reading": s.rule.reading} if s.rule.reading and s.matched else {}),
        }
        for s in ev.trace
    ]


def decide(raw: Any, explain: bool = False, lang: str = "en") -> dict[str, Any]:
    """The answer to one decoded JSON request: a decision or an error object, never an exception.

    `lang` (kk, ru, en) is the language of an error object's `message` (issue 4: the request's
    Accept-Language); a decision carries its explanation in all three whatever `lang` is. Any other `lang`
    is a ValueError. The request's `id`, when it has a valid one, comes back first in either (amendment 2).
    """
    check_lang(lang)
    rid = request_id(raw)
    try:
        req = parse_request(raw)
    except InvalidInput as e:
        return with_id(rid, error("invalid_input", e.field, e.text(lang)))
    not_in_force = law_not_in_force(req, lang)
    if not_in_force is not None:
        return with_id(rid, not_in_force)
    facts = facts_of(req)
    ev = rulebook().evaluate(facts, trace=explain)
    out = with_id(rid, answer(ev.rule, ev.outcome, unknown_facts(facts, ev)))
    if explain:
        out["trace"] = trace_of(ev)
    return out


def with_id(rid: str | None, answer: dict[str, Any]) -> dict[str, Any]:
    return answer if rid is None else {"id": rid, **answer}


def parse_line(n: int, line: str, lang: str = "en") -> tuple[Any, dict[str, Any] | None]:
    """One line of JSON Lines: a decoded request, or the error object (message in `lang`) answering a line
    that is not JSON."""
    try:
        check_json_bounds(line.encode(), f"line {n}")
        return json.loads(line), None
    except InvalidInput as e:
        return None, error("invalid_input", f"line {n}", e.text(lang))
    except json.JSONDecodeError as e:
        message = M.fill(M.NOT_JSON, detail=e.msg, column=e.colno)[lang]
        return None, error("invalid_input", f"line {n}", message)
