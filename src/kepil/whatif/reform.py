"""A reform: a change of the law written as a file (docs/whatif.md), validated, and applied to the law's
rule book, parameters, reference lists and tariff book — never to the law itself.

A reform file is YAML:

    name: Emergency care for non-participants narrowed a year early
    description: {kk: ..., ru: ..., en: ...}          # optional
    cites:                                           # what it stands for: at least one entry
      - {document: "Draft decree amending Decree No. 840", clause: "34"}
    as_of: 2027-01-01                                # optional: the law in force on that day, on every day
    parameters:                                      # the dated, cited form of parameters.yaml
      - name: emergency_inpatient_outside_cshi_scope
        citations: [{act: program-2026-2028, clause: "34"}]
        values: [{from: 2026-07-01, value: life_threatening_or_listed}]
    rules:                                           # rules switched off / on by id from a date
      - {id: organ_donation.gvfmc, in_force: false, from: 2026-07-01}
    lists:                                           # a reference list replaced from a date
      - {id: emergency_admission, from: 2026-07-01, source: ..., certainty: ..., completeness: complete,
         entries: [{name: {kk: ..., ru: ..., en: ...}, icd10: I21-I22, certainty: high}]}
    tariffs:                                         # tariff-book entries changed (claims what-if)
      - {entry: bed_day_tiyn.round_the_clock, value: 2600000}

Every defect is an `InvalidInput` naming the file and the key (`reform.yaml:rules[2].id`), in kk, ru, en.

How the pieces combine, in this order: `as_of` first (every rule, list version and parameter value in
force on that day is taken as in force on every day of the Program); then the parameters (a reform's steps
replace the law's from the reform's first `from`; a parameter the coverage rules embody re-derives the
dates of its rules — `BINDINGS`); then the rule switches, in the file's order; the lists; the tariffs.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from kepil.data import TooDeep, data_path, load_bounded_yaml
from kepil.engine.expr import All, Any_, Const, DateBetween, Expr, Not
from kepil.engine.rules import Rule, RuleBook
from kepil.errors import InvalidInput
from kepil.i18n import LANGS, Text
from kepil.law.parameters import close_names
from kepil.limits import MAX_JSON_DEPTH, TOO_DEEP, quoted
from kepil.reference.messages import unreadable
from kepil.validation import fill
from kepil.whatif import messages as M

PROGRAM = "program-2026-2028"
MAX_REFORM_BYTES = 1024 * 1024
MAX_NAME_CHARS = 200
MAX_TEXT_CHARS = 2000
TOP_KEYS = ("name", "description", "cites", "as_of", "parameters", "rules", "lists", "tariffs")
CITE_KEYS = ("document", "clause", "url")
PARAMETER_KEYS = ("name", "citations", "values", "quote_kk", "description", "reading")
RULE_KEYS = ("id", "in_force", "from", "to", "reason")
LIST_KEYS = ("id", "name", "from", "to", "source", "certainty", "completeness", "entries")
TARIFF_KEYS = ("entry", "value")
BUILTIN = {"program-2027": "program_2027.yaml"}


# --------------------------------------------------------------------------- parameters the rules embody


@dataclass(frozen=True, slots=True)
class Binding:
    """A parameter whose value decides which coverage rules are in force: `on(value)` is the set of rules
    in force while the parameter has that value (None: a value kepil has no rules for). Every rule in
    `rules` is in force exactly on the days the parameter's value puts it on, within the Program's dates;
    `tests/test_whatif_reform.py` checks that the law's parameters give the law's rule dates."""

    rules: tuple[str, ...]
    allowed: tuple[str, ...]
    on: Callable[[Any], frozenset[str] | None]


def _choice(table: Mapping[str, tuple[str, ...]]) -> Callable[[Any], frozenset[str] | None]:
    def on(value: Any) -> frozenset[str] | None:
        found = table.get(value) if isinstance(value, str) else None
        return None if found is None else frozenset(found)

    return on


def _phc_scope(value: Any) -> frozenset[str] | None:
    known = {"socially_significant_diseases", "screening", "first_contact"}
    if (
        not isinstance(value, list)
        or not set(value) <= known
        or not {"socially_significant_diseases", "screening"} <= set(value)
    ):
        return None
    # 22: from 2027 PHC within the GVFMC is the socially significant diseases, screening and first contact;
    # the rest of PHC is the CSHI's (phc-rules 3.2). Without first contact the 2026 reading applies.
    if "first_contact" in value:
        return frozenset({"phc.gvfmc_socially_significant", "phc.gvfmc_first_contact", "phc.cshi"})
    return frozenset()


_EMERGENCY = {
    "any_emergency": ("inpatient.gvfmc_emergency_uninsured",),
    "life_threatening_or_listed": (
        "inpatient.gvfmc_emergency_uninsured_life_threatening",
        "inpatient.emergency_uninsured_not_life_threatening",
    ),
}
_DONATION = {
    "gvfmc": ("organ_donation.gvfmc",),
    "cshi": ("organ_donation.cshi", "migrant.organ_donation.cshi"),
}
BINDINGS: dict[str, Binding] = {
    # 33.4, 34
    "emergency_inpatient_outside_cshi_scope": Binding(
        tuple(r for rules in _EMERGENCY.values() for r in rules), tuple(_EMERGENCY), _choice(_EMERGENCY)
    ),
    # 50, 51, 56.7, 69
    "post_mortem_donation_package": Binding(
        tuple(r for rules in _DONATION.values() for r in rules), tuple(_DONATION), _choice(_DONATION)
    ),
    # 22
    "phc_gvfmc_scope": Binding(
        ("phc.gvfmc_socially_significant", "phc.gvfmc_first_contact", "phc.cshi"),
        (
            "[socially_significant_diseases, screening]",
            "[socially_significant_diseases, screening, first_contact]",
        ),
        _phc_scope,
    ),
}
# Parameters read by code the claims what-if runs (monitoring deadlines and penalties), besides BINDINGS.
READ_BY_CLAIMS = frozenset({"unlicensed_activity_penalty_rate", "readmission_window", "waiting_time_limit"})


# --------------------------------------------------------------------------- the reform


@dataclass(frozen=True, slots=True)
class Source:
    document: str
    clause: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Switch:
    """Rule `rule` in force (or not) from `start` to `end` (inclusive; None = open)."""

    rule: str
    in_force: bool
    start: dt.date
    end: dt.date | None
    reason: Text | None = None


@dataclass(frozen=True, slots=True)
class TariffChange:
    entry: str
    value: Any


@dataclass(frozen=True)
class Reform:
    name: str
    cites: tuple[Source, ...]
    description: Text | None = None
    as_of: dt.date | None = None
    parameters: tuple[Any, ...] = ()  # kepil.law.parameters.Parameter: the reform's own steps and citations
    switches: tuple[Switch, ...] = ()
    lists: tuple[Any, ...] = ()  # kepil.reference.disease_lists.DiseaseList versions
    tariffs: tuple[TariffChange, ...] = ()
    file: str = "reform"
    digest: str = ""
    warnings: tuple[Text, ...] = field(default=(), compare=False)

    def as_dict(self) -> dict[str, Any]:
        """What a stored result and the API show of the reform."""
        return {
            "name": self.name,
            "description": None if self.description is None else self.description.as_dict(),
            "cites": [{k: v for k, v in vars_of(c).items() if v is not None} for c in self.cites],
            "as_of": None if self.as_of is None else self.as_of.isoformat(),
            "parameters": [
                {
                    "name": p.name,
                    "citations": [c.as_dict() for c in p.citations],
                    "values": [{"from": s.start.isoformat(), "value": s.value} for s in p.steps],
                }
                for p in self.parameters
            ],
            "rules": [
                {
                    "id": s.rule,
                    "in_force": s.in_force,
                    "from": s.start.isoformat(),
                    "to": None if s.end is None else s.end.isoformat(),
                }
                for s in self.switches
            ],
            "lists": [
                {
                    "id": v.id,
                    "from": v.effective_from.isoformat(),
                    "to": None if v.effective_to is None else v.effective_to.isoformat(),
                    "completeness": v.completeness,
                    "source": v.source,
                }
                for v in self.lists
            ],
            "tariffs": [{"entry": t.entry, "value": t.value} for t in self.tariffs],
            "digest": self.digest,
        }


def vars_of(obj: Any) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in obj.__slots__}


def _program() -> tuple[dt.date, dt.date]:
    from kepil.law.acts import act

    a = act(PROGRAM)
    assert a.end is not None
    return a.start, a.end


class _Reader:
    """Reads one reform tree; every error names `file:key` in kk, ru, en."""

    def __init__(self, file: str) -> None:
        self.file = file

    def fail(self, where: str, message: Text) -> InvalidInput:
        return InvalidInput(f"{self.file}:{where}", message)

    def keys(self, node: Any, where: str, allowed: Sequence[str], required: Sequence[str]) -> dict[str, Any]:
        if not isinstance(node, dict):
            raise self.fail(where or "(top)", M.EXPECTED_OBJECT if where else M.NOT_A_MAPPING)
        for key in node:
            if key not in allowed:
                at = f"{where}.{key}" if where else str(key)
                close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
                shown = fill(M.DID_YOU_MEAN, names=close[0]) if close else Text("", "", "")
                key_words = fill(Text("{k} {h}", "{k} {h}", "{k} {h}"), k=quoted(key), h=shown)
                raise self.fail(at, fill(M.UNKNOWN_KEY, key=key_words, allowed=", ".join(allowed)))
        for key in required:
            if node.get(key) is None:
                raise self.fail(f"{where}.{key}" if where else key, M.REQUIRED)
        return node

    def text(self, value: Any, where: str, limit: int = MAX_TEXT_CHARS) -> str:
        if not isinstance(value, str) or not value.strip() or len(value) > limit:
            raise self.fail(where, M.EXPECTED_TEXT.format(limit=limit))
        return value.strip()

    def texts(self, value: Any, where: str) -> Text:
        if not isinstance(value, dict) or set(value) != {"kk", "ru", "en"}:
            raise self.fail(where, M.EXPECTED_LANGS)
        return Text(*(self.text(value[k], f"{where}.{k}") for k in ("kk", "ru", "en")))

    def listed(self, value: Any, where: str, non_empty: bool = True) -> list[Any]:
        if not isinstance(value, list) or (non_empty and not value):
            raise self.fail(where, M.EXPECTED_LIST.format(extra=""))
        return value

    def date(self, value: Any, where: str) -> dt.date:
        out: dt.date | None
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            out = value
        else:
            try:
                out = dt.date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
            except ValueError:
                out = None
            if out is None:
                raise self.fail(where, M.EXPECTED_DATE.format(value=quoted(value)))
        start, end = _program()
        if not start <= out <= end:
            raise self.fail(where, M.OUTSIDE_PROGRAM.format(value=out, start=start, end=end))
        return out

    def flag(self, value: Any, where: str) -> bool:
        if not isinstance(value, bool):
            raise self.fail(where, M.EXPECTED_BOOL.format(value=quoted(value)))
        return value


def _parameter(r: _Reader, node: Any, where: str) -> Any:
    from kepil.law import parameters as P

    node = r.keys(node, where, PARAMETER_KEYS, ("name", "citations", "values"))
    name = node["name"]
    names = [p.name for p in P.parameters()]
    if not isinstance(name, str) or name not in names:
        hint = close_names(str(name), names, "`kepil params`")
        raise r.fail(f"{where}.name", fill(M.UNKNOWN_PARAMETER, name=quoted(name), hint=hint))
    law = P.parameter(name)
    tree = {
        "name": name,
        "group": law.group,
        "unit": law.unit,
        "quote_kk": node.get("quote_kk") or law.quote_kk,
        "description": node.get("description") or law.description.as_dict(),
        "citations": node["citations"],
        "values": node["values"],
    }
    r.listed(node["values"], f"{where}.values")
    r.listed(node["citations"], f"{where}.citations")

    def fail(at: str, message: Text) -> InvalidInput:
        at = at.replace(f"parameters[{name}]", where, 1)
        return r.fail(at, fill(M.IN_PARAMETERS_YAML, error=message))

    parsed = P._parse(tree, where, fail)
    start, end = _program()
    binding = BINDINGS.get(name)
    for i, step in enumerate(parsed.steps):
        at = f"{where}.values[{i}]"
        if step.start > end:
            raise r.fail(f"{at}.from", M.OUTSIDE_PROGRAM.format(value=step.start, start=start, end=end))
        if binding is not None:
            if binding.on(step.value) is None:
                raise r.fail(
                    f"{at}.value",
                    M.BAD_VALUE.format(
                        value=quoted(step.value), name=name, allowed="; ".join(binding.allowed)
                    ),
                )
        elif type(step.value) is not type(law.steps[0].value):
            expected = type(law.steps[0].value).__name__
            raise r.fail(f"{at}.value", M.BAD_SHAPE.format(value=quoted(step.value), expected=expected))
    return parsed


def _switch(r: _Reader, node: Any, where: str, rule_ids: Sequence[str]) -> Switch:
    node = r.keys(node, where, RULE_KEYS, ("id", "in_force", "from"))
    rid = node["id"]
    if not isinstance(rid, str) or rid not in rule_ids:
        hint = close_names(str(rid), rule_ids, "`kepil whatif rules`")
        raise r.fail(f"{where}.id", fill(M.UNKNOWN_RULE, name=quoted(rid), hint=hint))
    start = r.date(node["from"], f"{where}.from")
    end = None if node.get("to") is None else r.date(node["to"], f"{where}.to")
    if end is not None and end < start:
        raise r.fail(f"{where}.to", M.TO_BEFORE_FROM.format(start=start, end=end))
    reason = None if node.get("reason") is None else r.texts(node["reason"], f"{where}.reason")
    return Switch(rid, r.flag(node["in_force"], f"{where}.in_force"), start, end, reason)


def _list(r: _Reader, node: Any, where: str) -> Any:
    from kepil.coverage.facts import LIST_FACTS
    from kepil.reference import disease_lists as D

    node = r.keys(node, where, LIST_KEYS, ("id", "from", "source", "certainty", "entries"))
    allowed = sorted(set(LIST_FACTS.values()))
    lid = node["id"]
    if not isinstance(lid, str) or lid not in allowed:
        raise r.fail(f"{where}.id", M.UNKNOWN_LIST.format(name=quoted(lid), allowed=", ".join(allowed)))
    held = [v for v in D.lists() if v.id == lid]
    if node.get("name") is not None:
        name = r.texts(node["name"], f"{where}.name")
    elif held:
        name = held[0].name
    else:
        raise r.fail(f"{where}.name", M.REQUIRED)
    start = r.date(node["from"], f"{where}.from")
    end = None if node.get("to") is None else r.date(node["to"], f"{where}.to")
    if end is not None and end < start:
        raise r.fail(f"{where}.to", M.TO_BEFORE_FROM.format(start=start, end=end))
    version = {
        "source": node["source"],
        "certainty": node["certainty"],
        "completeness": node.get("completeness", D.COMPLETE),
        "entries": node["entries"],
        "effective_from": start.isoformat(),
        "effective_to": None if end is None else end.isoformat(),
    }
    try:
        return D._version(lid, name, version, where, r.file)
    except InvalidInput as e:
        at = e.field if e.field.startswith(where) else where
        raise r.fail(at, fill(M.IN_LIST, error=e.texts)) from None


def _tariff(r: _Reader, node: Any, where: str) -> TariffChange:
    node = r.keys(node, where, TARIFF_KEYS, ("entry",))
    if "value" not in node:
        raise r.fail(f"{where}.value", M.REQUIRED)
    entry = r.text(node["entry"], f"{where}.entry", 200)
    return TariffChange(entry, node["value"])


def parse_reform(tree: Any, file: str = "reform", digest: str = "") -> Reform:
    """The reform a YAML tree describes, or InvalidInput naming `file:key`."""
    from kepil.coverage.rulebook import law_rulebook

    r = _Reader(file)
    digest = digest or _digest(tree)
    node = r.keys(tree, "", TOP_KEYS, ("name", "cites"))
    name = r.text(node["name"], "name", MAX_NAME_CHARS)
    description = None if node.get("description") is None else r.texts(node["description"], "description")
    cites = []
    for i, c in enumerate(r.listed(node["cites"], "cites") if node["cites"] else []):
        c = r.keys(c, f"cites[{i}]", CITE_KEYS, ("document",))
        cites.append(
            Source(
                r.text(c["document"], f"cites[{i}].document"),
                None if c.get("clause") is None else r.text(str(c["clause"]), f"cites[{i}].clause", 100),
                None if c.get("url") is None else r.text(c["url"], f"cites[{i}].url", 500),
            )
        )
    if not cites:
        raise r.fail("cites", M.CITES_EMPTY)
    as_of = None if node.get("as_of") is None else r.date(node["as_of"], "as_of")
    params = [_parameter(r, p, f"parameters[{i}]") for i, p in enumerate(_opt_list(r, node, "parameters"))]
    seen: set[str] = set()
    for i, p in enumerate(params):
        if p.name in seen:
            raise r.fail(f"parameters[{i}].name", M.PARAMETER_TWICE.format(name=p.name))
        seen.add(p.name)
    rule_ids = [x.id for x in law_rulebook().rules]
    switches = [_switch(r, s, f"rules[{i}]", rule_ids) for i, s in enumerate(_opt_list(r, node, "rules"))]
    lists = [_list(r, x, f"lists[{i}]") for i, x in enumerate(_opt_list(r, node, "lists"))]
    tariffs = [_tariff(r, t, f"tariffs[{i}]") for i, t in enumerate(_opt_list(r, node, "tariffs"))]
    if as_of is None and not (params or switches or lists or tariffs):
        raise r.fail("(top)", M.NOTHING_TO_DO)
    warnings = tuple(
        M.PARAMETER_UNREAD.format(name=p.name)
        for p in params
        if p.name not in BINDINGS and p.name not in READ_BY_CLAIMS
    )
    return Reform(
        name=name,
        cites=tuple(cites),
        description=description,
        as_of=as_of,
        parameters=tuple(params),
        switches=tuple(switches),
        lists=tuple(lists),
        tariffs=tuple(tariffs),
        file=file,
        digest=digest,
        warnings=warnings,
    )


def _opt_list(r: _Reader, node: dict[str, Any], key: str) -> list[Any]:
    value = node.get(key)
    if value is None:
        return []
    return r.listed(value, key, non_empty=False)


def _digest(tree: Any) -> str:
    text = json.dumps(tree, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def load_reform(path: str | Path) -> Reform:
    """A reform file, or a built-in scenario by name (`program-2027`)."""
    if isinstance(path, str) and path in BUILTIN:
        path = data_path("whatif", BUILTIN[path])
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_REFORM_BYTES:
            raise InvalidInput(path.name, M.TOO_BIG.format(size=size, limit=MAX_REFORM_BYTES))
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise InvalidInput(path.name, fill(M.UNREADABLE, error=unreadable(e))) from None
    tree = _tree(text, path.name)
    return parse_reform(tree, path.name, _digest(tree))


def reform_from_text(text: str, file: str = "reform") -> Reform:
    """A reform given as YAML text (the API)."""
    if len(text.encode()) > MAX_REFORM_BYTES:
        raise InvalidInput(file, M.TOO_BIG.format(size=len(text.encode()), limit=MAX_REFORM_BYTES))
    tree = _tree(text, file)
    return parse_reform(tree, file, _digest(tree))


def _tree(text: str, file: str) -> Any:
    """A reform's YAML read (`load_bounded_yaml`), or InvalidInput naming `file`."""
    try:
        return load_bounded_yaml(text)
    except TooDeep:
        raise InvalidInput(file, fill(M.UNREADABLE, error=TOO_DEEP.format(limit=MAX_JSON_DEPTH))) from None
    except yaml.YAMLError as e:
        raise InvalidInput(file, fill(M.UNREADABLE, error=unreadable(e))) from None


def as_of_reform(on: dt.date) -> Reform:
    """`--as-of DATE`: the law in force on `on`, on every day."""
    start, end = _program()
    if not start <= on <= end:
        raise InvalidInput("--as-of", M.OUTSIDE_PROGRAM.format(value=on, start=start, end=end))
    return Reform(
        name=f"as of {on.isoformat()}",
        cites=(Source(f"{PROGRAM} as in force on {on.isoformat()}"),),
        as_of=on,
        file="--as-of",
        digest=f"as-of-{on.isoformat()}",
    )


# --------------------------------------------------------------------------- days as sets of intervals

_MIN, _MAX = dt.date.min.toordinal(), dt.date.max.toordinal()
Days = tuple[tuple[int, int], ...]  # sorted, disjoint, inclusive ordinal intervals


def _days(start: dt.date | None, end: dt.date | None) -> Days:
    a = _MIN if start is None else start.toordinal()
    b = _MAX if end is None else end.toordinal()
    return ((a, b),) if a <= b else ()


def _union(x: Days, y: Days) -> Days:
    out: list[tuple[int, int]] = []
    for a, b in sorted((*x, *y)):
        if out and a <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return tuple(out)


def _minus(x: Days, y: Days) -> Days:
    out: list[tuple[int, int]] = []
    for a, b in x:
        pieces = [(a, b)]
        for c, d in y:
            nxt = []
            for p, q in pieces:
                if d < p or c > q:
                    nxt.append((p, q))
                    continue
                if p < c:
                    nxt.append((p, c - 1))
                if d < q:
                    nxt.append((d + 1, q))
            pieces = nxt
        out.extend(pieces)
    return tuple(sorted(out))


def _contains(x: Days, on: dt.date) -> bool:
    o = on.toordinal()
    return any(a <= o <= b for a, b in x)


def _date(o: int, open_end: int) -> dt.date | None:
    return None if o == open_end else dt.date.fromordinal(o)


def _ruled(rule: Rule, days: Days) -> Rule:
    """`rule` in force on exactly `days` (the same object when they are its own)."""
    if days == _days(rule.valid_from, rule.valid_to):
        return rule
    if not days:
        return replace(rule, when=Const(False))
    if len(days) == 1:
        ((a, b),) = days
        return replace(rule, valid_from=_date(a, _MIN), valid_to=_date(b, _MAX))
    spans = tuple(DateBetween("date", _date(a, _MIN), _date(b, _MAX)) for a, b in days)
    return replace(rule, valid_from=None, valid_to=None, when=rule.when & Any_(spans))


def _peel(rule: Rule, earlier: Sequence[tuple[str, Expr]]) -> tuple[Expr, list[str]]:
    """`rule.when` without the precedence `in_precedence` wrote into it (`… and not <earlier sibling's own
    scope>`, kepil.law.program_2026_2028.coverage.common), and the siblings it was written against, in
    order. `earlier` holds the earlier siblings' own scopes (dates and `when` before precedence). Those
    scopes carry the siblings' dates in force: a reform that moves the dates must write the precedence again,
    or a rule would still give way to a sibling on the sibling's old days."""
    when = rule.when
    if not isinstance(when, All):
        return when, []
    parts = list(when.parts)
    deps: list[str] = []
    while len(parts) > 1 and isinstance(parts[-1], Not):
        last = parts[-1]
        assert isinstance(last, Not)
        found = next((sid for sid, scope in earlier if scope == last.part), None)
        if found is None:
            break
        deps.append(found)
        parts.pop()
    base: Expr = parts[0] if len(parts) == 1 else All(tuple(parts))
    return base, deps[::-1]


# Dates written inside a rule's conditions rather than as its dates in force, and the rule whose days they
# stand for: `migrant.organ_donation` names insurance as missing from 2027 (kepil.law.migrant_care_rules.
# coverage, `cshi_gives`) because `migrant.organ_donation.cshi` pays from then (51). A reform moving that
# rule moves the date in the condition with it.
LINKED_DATES: dict[str, tuple[DateBetween, str]] = {
    "migrant.organ_donation": (DateBetween("date", dt.date(2027, 1, 1), None), "migrant.organ_donation.cshi"),
}


def _substitute(e: Expr, old: Expr, new: Expr) -> Expr:
    if e == old:
        return new
    if isinstance(e, All):
        return All(tuple(_substitute(p, old, new) for p in e.parts))
    if isinstance(e, Any_):
        return Any_(tuple(_substitute(p, old, new) for p in e.parts))
    if isinstance(e, Not):
        return Not(_substitute(e.part, old, new))
    return e


def _span_expr(days: Days) -> Expr:
    if not days:
        return Const(False)
    spans = tuple(DateBetween("date", _date(a, _MIN), _date(b, _MAX)) for a, b in days)
    return spans[0] if len(spans) == 1 else Any_(spans)


def _own_scope(rule: Rule, base: Expr) -> Expr:
    return DateBetween("date", rule.valid_from, rule.valid_to) & base


def _rebuilt(law_book: RuleBook, days: Mapping[str, Days]) -> list[Rule]:
    """The law's rules in force on `days`, precedence written again where a sibling's dates moved."""
    out: dict[str, Rule] = {}
    law_own: dict[str, Expr] = {}
    new_own: dict[str, Expr] = {}
    changed: set[str] = set()
    rules = law_book.rules
    for i, r in enumerate(rules):
        earlier = [(s.id, law_own[s.id]) for s in rules[:i] if s.exception_of == r.exception_of]
        base, deps = _peel(r, earlier)
        law_own[r.id] = _own_scope(r, base)
        link = LINKED_DATES.get(r.id)
        if link is not None:
            other_rule = law_book.by_id[link[1]]
            linked = days[link[1]] != _days(other_rule.valid_from, other_rule.valid_to)
        else:
            linked = False
        if days[r.id] == _days(r.valid_from, r.valid_to) and not changed.intersection(deps) and not linked:
            out[r.id] = r
            new_own[r.id] = law_own[r.id]
            continue
        changed.add(r.id)
        new = _ruled(replace(r, when=base), days[r.id])
        if link is not None and linked:
            old, other = link
            span = _span_expr(days[other])
            new = replace(
                new,
                when=_substitute(new.when, old, span),
                conditions=tuple((req, _substitute(c, old, span)) for req, c in new.conditions),
            )
        new_own[r.id] = _own_scope(new, new.when)
        when = new.when
        for d in deps:
            when = when & ~new_own[d]
        out[r.id] = replace(new, when=when)
    return [out[r.id] for r in rules]


def _steps_days(steps: Sequence[Any], last: dt.date) -> list[tuple[Days, Any]]:
    out = []
    for i, s in enumerate(steps):
        end = steps[i + 1].start - dt.timedelta(days=1) if i + 1 < len(steps) else last
        out.append((_days(s.start, end), s.value))
    return out


def merged_parameter(law: Any, reform: Any | None, as_of: dt.date | None) -> Any:
    """The law's parameter as the reform leaves it: collapsed to its value on `as_of` (when given), then the
    reform's steps from their first `from` (the law's steps before it kept)."""
    from kepil.law.parameters import Step, lookup

    steps = list(law.steps)
    citations = law.citations
    if as_of is not None:
        value, reason = lookup(law, as_of)
        steps = [] if reason is not None else [Step(law.steps[0].start, value)]
    if reform is not None:
        first = reform.steps[0].start
        steps = [s for s in steps if s.start < first] + list(reform.steps)
        citations = tuple(dict.fromkeys((*reform.citations, *law.citations)))
    return replace(law, steps=tuple(steps), citations=citations)


# --------------------------------------------------------------------------- the reform applied


@dataclass(frozen=True)
class Applied:
    """A reform made runnable: the book, lists and parameters decisions read under it."""

    reform: Reform
    book: RuleBook
    changed_rules: tuple[str, ...]
    lists: Mapping[str, tuple[Any, ...]] | None
    parameters: Mapping[str, Any]
    days: Mapping[str, Days] = field(default_factory=dict)  # the days each changed rule is in force

    def spans(self, rule: str) -> list[tuple[dt.date, dt.date]]:
        """The intervals (first day, last day) a changed rule is in force under the reform; [] = never."""
        return [(dt.date.fromordinal(a), dt.date.fromordinal(b)) for a, b in self.days.get(rule, ())]

    @contextmanager
    def active(self) -> Iterator[Applied]:
        """Inside the block (this context only) decisions, payment and monitoring read the reform."""
        from kepil.coverage.rulebook import using
        from kepil.law.parameters import overridden
        from kepil.reference.disease_lists import replaced

        with ExitStack() as stack:
            stack.enter_context(using(self.book))
            if self.lists is not None:
                stack.enter_context(replaced(self.lists))
            if self.parameters:
                stack.enter_context(overridden(self.parameters))
            yield self


def _rule_days(reform: Reform, law_book: RuleBook, law_parameters: Mapping[str, Any]) -> dict[str, Days]:
    """The days each rule is in force under the reform, always within the Program's dates (a rule is never
    in force outside its act: `to` left open means to the Program's last day)."""
    start, end = _program()
    program = _days(start, end)
    days = {r.id: _days(r.valid_from, r.valid_to) for r in law_book.rules}
    if reform.as_of is not None:
        days = {rid: (program if _contains(d, reform.as_of) else ()) for rid, d in days.items()}
    for p in reform.parameters:
        binding = BINDINGS.get(p.name)
        if binding is None:
            continue
        derived: dict[str, Days] = {rid: () for rid in binding.rules}
        for span, value in _steps_days(law_parameters[p.name].steps, end):
            for rid in binding.on(value) or frozenset():
                derived[rid] = _union(derived[rid], span)
        for rid, d in derived.items():
            days[rid] = _minus(d, _minus(_days(None, None), program))
    for s in reform.switches:
        span = _minus(_days(s.start, s.end), _minus(_days(None, None), program))
        days[s.rule] = _union(days[s.rule], span) if s.in_force else _minus(days[s.rule], span)
    return days


def rule_days_of_parameter(name: str) -> dict[str, Days]:
    """The days each rule bound to `name` is in force by the law's own parameter (tests compare them with
    the rules' own dates)."""
    from kepil.law.parameters import parameter

    _start, end = _program()
    binding = BINDINGS[name]
    derived: dict[str, Days] = {rid: () for rid in binding.rules}
    for span, value in _steps_days(parameter(name).steps, end):
        for rid in binding.on(value) or frozenset():
            derived[rid] = _union(derived[rid], span)
    return derived


def _lists(reform: Reform) -> Mapping[str, tuple[Any, ...]] | None:
    from kepil.reference import disease_lists as D

    if reform.as_of is None and not reform.lists:
        return None
    by_id: dict[str, list[Any]] = {}
    for v in D.lists():
        by_id.setdefault(v.id, []).append(v)
    if reform.as_of is not None:
        always = dt.date(1900, 1, 1)
        by_id = {
            i: [replace(v, effective_from=always, effective_to=None) for v in vs if v.in_force(reform.as_of)]
            for i, vs in by_id.items()
        }
    for new in reform.lists:
        cut = _days(new.effective_from, new.effective_to)
        kept = []
        for v in by_id.get(new.id, []):
            for a, b in _minus(_days(v.effective_from, v.effective_to), cut):
                kept.append(replace(v, effective_from=dt.date.fromordinal(a), effective_to=_date(b, _MAX)))
        by_id[new.id] = sorted([*kept, new], key=lambda v: v.effective_from)
    return {i: tuple(vs) for i, vs in by_id.items() if vs}


_APPLIED: dict[str, Applied] = {}
_APPLIED_MAX = 32


def _apply(reform: Reform) -> Applied:
    from kepil.coverage.rulebook import law_rulebook
    from kepil.law.parameters import parameter, parameters

    law_book = law_rulebook()
    own = {p.name: p for p in reform.parameters}
    names = set(own) if reform.as_of is None else {p.name for p in parameters()}
    merged = {n: merged_parameter(parameter(n), own.get(n), reform.as_of) for n in sorted(names)}
    days = _rule_days(reform, law_book, merged)
    rules = _rebuilt(law_book, days)
    changed = tuple(new.id for old, new in zip(law_book.rules, rules, strict=True) if new is not old)
    try:
        book = law_book if not changed else RuleBook(rules)
    except ValueError as e:
        raise InvalidInput(f"{reform.file}:rules", M.REFORM_GAP.format(error=str(e))) from None
    return Applied(reform, book, changed, _lists(reform), merged, {rid: days[rid] for rid in changed})


def apply(reform: Reform) -> Applied:
    """The reform made runnable (cached by the reform's digest: the same reform gives the same book, so the
    batch's plans compiled for it are reused)."""
    found = _APPLIED.get(reform.digest)
    if found is None:
        found = _apply(reform)
        if len(_APPLIED) >= _APPLIED_MAX:
            _APPLIED.pop(next(iter(_APPLIED)))
        _APPLIED[reform.digest] = found
    return found


def affected_kinds(applied: Applied) -> frozenset[str] | None:
    """The kinds of care whose answers the reform can change (None: any kind). A kind whose rules are the
    law's own objects, whose facts read no replaced list, answers as under the law — its rows need not be
    decided twice (the parity tests hold this)."""
    from kepil.coverage.facts import LIST_FACTS

    reform = applied.reform
    if reform.as_of is not None:
        return None
    book = applied.book
    kinds = {k for rid in applied.changed_rules for k in book.by_id[rid].kinds}
    replaced = {v.id for v in reform.lists}
    facts = {f for f, lid in LIST_FACTS.items() if lid in replaced}
    kinds |= {k for k in book.kinds() if book.tree_facts(k) & facts}
    return frozenset(kinds)


def applied_tariffs(reform: Reform, tariffs: Path, workdir: Path) -> Path:
    """The tariff book at `tariffs` with the reform's entries changed, validated, written into `workdir`;
    `tariffs` itself when the reform changes none."""
    from kepil.law.program_2026_2028.tariffs import parse_tariffs

    if not reform.tariffs:
        return tariffs
    try:
        tree = load_bounded_yaml(tariffs.read_text(encoding="utf-8"))
    except TooDeep:
        raise InvalidInput("--tariffs", TOO_DEEP.format(limit=MAX_JSON_DEPTH)) from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        raise InvalidInput("--tariffs", unreadable(e)) from None
    for i, change in enumerate(reform.tariffs):
        node = tree
        parts = change.entry.split(".")
        for part in parts[:-1]:
            node = node.get(part) if isinstance(node, dict) else None
        if not isinstance(node, dict) or (parts[-1] not in node and len(parts) < 2):
            raise InvalidInput(
                f"{reform.file}:tariffs[{i}].entry", M.NO_TARIFF_ENTRY.format(path=change.entry)
            )
        node[parts[-1]] = change.value
    try:
        parse_tariffs(tree, f"{reform.file}:tariffs", check_deadline=False)
    except InvalidInput as e:
        raise InvalidInput(
            f"{reform.file}:tariffs",
            fill(M.IN_TARIFFS, error=Text(*(f"{e.field}: {e.text(lang)}" for lang in LANGS))),
        ) from None
    target = workdir / "tariffs.reform.yaml"
    target.write_text(yaml.safe_dump(tree, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target
