"""The coverage rule book, proven to decide every request exactly once (issue 13, part 4).

The space of the proof is not typed in: it is *measured* from the request path itself. For each interval
between consecutive days on which a rule, a reference list or a parameter changes, a probe sends requests
through `parse_request` and `facts_of` — the base request (only the required fields), every field set to
each of its candidate values, and every pair of fields set together — and learns:

- which facts each field feeds (a fact no field changes is a constant of the interval);
- which fields interact (feed one fact, or are valid only together, or change each other's effect): those
  form one *component*, whose rows are the joint facts of all their combinations, each with its cheapest
  request (the fewest fields);
- which candidate values are interchangeable (the same facts alone and beside every other field's values):
  one stands for all.

The space of a kind is then the product of the components, cut to the facts its rules read: exactly the
facts requests can produce, None included wherever a request can leave a fact unknown. `kepil.engine.proof`
proves it, point by point or with Z3, and a counter-example comes back as the request that hits it.

The fields and their values come from the request's model (`kepil.coverage.model.FIELDS`), so a new field is
probed without a change here; a fact the rules read that no probed field changes stops the proof with an
error naming it (it would otherwise be a constant the proof would not vary).
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from kepil.coverage.facts import facts_of
from kepil.coverage.model import BOOL, CODE, CODES, DATE, FIELDS, ICD10, INTEGER
from kepil.coverage.request import parse_request
from kepil.coverage.rulebook import rulebook
from kepil.engine.proof import Component, Finding, KindProof, ProofError, Space, date_changes, prove
from kepil.engine.rules import RuleBook
from kepil.errors import InvalidInput
from kepil.law import acts
from kepil.law import parameters as params
from kepil.law.program_2026_2028.coverage.icd_groups import ICD_GROUPS, group_ranges
from kepil.reference import disease_lists
from kepil.reference.icd10 import CodeRanges, all_diagnoses

PROGRAM = "program-2026-2028"


class _Absent:
    """A field left out of the request."""

    def __repr__(self) -> str:
        return "ABSENT"


ABSENT: Any = _Absent()


# --- the dates -------------------------------------------------------------------------------------------


def change_dates(book: RuleBook) -> list[dt.date]:
    """Every day inside the Program's term on which something the answer reads may change: a rule's
    dates (or any date condition), a version of a reference list, a parameter's step."""
    program = acts.act(PROGRAM)
    assert program.end is not None
    days = date_changes(book)
    for v in disease_lists.lists():
        days.add(v.effective_from)
        if v.effective_to is not None:
            days.add(v.effective_to + dt.timedelta(days=1))
    days |= {s.start for p in params.parameters() for s in p.steps}
    return sorted({program.start, *(d for d in days if program.start < d <= program.end)})


def intervals(book: RuleBook) -> list[tuple[dt.date, dt.date]]:
    """The intervals (first day, last day) between consecutive change days, covering the Program's term."""
    program = acts.act(PROGRAM)
    assert program.end is not None
    starts = change_dates(book)
    ends = [d - dt.timedelta(days=1) for d in starts[1:]] + [program.end]
    return list(zip(starts, ends, strict=True))


# --- the request fields and their candidate values ------------------------------------------------------


def years_before(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year - years)
    except ValueError:  # 29 February
        return d.replace(year=d.year - years, day=28)


# Ages probed (in years, on the day of care; the first is the base request's): every age-based fact of the
# acts is a threshold (under 3, under 18, past 65 …), so one age on each plateau is enough and the probe
# keeps one of each set of ages that give the same facts.
# Representatives come first: an adult of 30, a child of 10, a person of 70.
AGES = (
    30, 10, 70, 0, 1, 2, 3, 5, 6, 13, 14, 15, 16, 17, 18, 19, 20, 25, 45, 55, 58, 60, 63, 64, 65, 66, 80, 100,
)  # fmt: skip
DAYS_OLD = (7, 28, 29, 180)  # newborns (the neonatal period is 28 days)


@cache
def icd_representatives() -> tuple[str, ...]:
    """One ICD-10 code for each set of code ranges a code can belong to, over every reference list
    version and every diagnosis group the facts are derived from (in code order)."""
    sets: list[CodeRanges] = [v.ranges for v in disease_lists.lists()]
    sets += [group_ranges(g) for g in ICD_GROUPS]
    first: dict[tuple[bool, ...], str] = {}
    for code in all_diagnoses():
        first.setdefault(tuple(s.contains(code) for s in sets), code)
    return tuple(first.values())


@dataclass(frozen=True, slots=True)
class Field:
    """A request field (dotted path) and the values the probe tries; `ABSENT` and null come first."""

    path: str
    values: tuple[Any, ...]


# Fields not probed: the day of care (the interval fixes it), the caller's id (echoed, never read) and the
# IIN (it only supplies a birth date and a sex where those are absent, and they are probed directly).
NOT_PROBED = frozenset({"date", "id", "person.iin"})


def fields(on: dt.date) -> tuple[Field, ...]:
    """Every field of the request (`kepil.coverage.model.FIELDS`) but `NOT_PROBED`, with the values the probe
    tries: the field's allowed values; true and false; every set of codes; for a date, the ages of `AGES`
    and `DAYS_OLD` on `on`; for a diagnosis, `icd_representatives()` — each after absent and null."""
    out = []
    for f in FIELDS:
        kind = f.spec.kind
        if f.path in NOT_PROBED:
            continue
        values: Sequence[Any]
        if kind == BOOL:
            values = (True, False)
        elif kind in (CODE, INTEGER):
            values = f.spec.values
        elif kind == CODES:
            values = [
                list(c)
                for n in range(len(f.spec.values) + 1)
                for c in itertools.combinations(f.spec.values, n)
            ]
        elif kind == DATE:
            births = (*(years_before(on, y) for y in AGES), *(on - dt.timedelta(days=n) for n in DAYS_OLD))
            values = [d.isoformat() for d in births]
        elif kind == ICD10:
            values = icd_representatives()
        else:
            raise ProofError(f"the probe has no values for {f.path} (a field of kind {kind}): teach fields()")
        out.append(Field(f.path, (ABSENT, None, *values)))
    return tuple(out)


def with_values(request: Mapping[str, Any], values: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of `request` with each dotted path set (or removed, for `ABSENT`); values are shared."""
    out = _copy(request)
    for path, value in values.items():
        *parents, leaf = path.split(".")
        node = out
        for p in parents:
            node = node.setdefault(p, {})
        if value is ABSENT:
            node.pop(leaf, None)
        else:
            node[leaf] = value
    return out


def _copy(node: Any) -> Any:
    return {k: _copy(v) for k, v in node.items()} if isinstance(node, dict) else node


def facts_of_request(request: Mapping[str, Any]) -> dict[str, Any] | None:
    """The facts the rules read for a request, or None when the request is refused."""
    try:
        return facts_of(parse_request(request))
    except InvalidInput:
        return None


# --- the probe -------------------------------------------------------------------------------------------

_Row = tuple[Any, ...] | None  # a request's facts in the base request's order of facts; None: refused


def _base(on: dt.date, by_path: Mapping[str, Field]) -> dict[str, Any]:
    """The smallest valid request on `on`: each required field at its first candidate."""
    request: dict[str, Any] = {"date": on.isoformat(), "person": {}, "service": {}}
    for _ in range(len(by_path) + 1):
        try:
            parse_request(request)
            return request
        except InvalidInput as e:
            f = by_path.get(e.field or "")
            if f is None or _get(request, f.path) is not ABSENT:
                raise ProofError(f"the base request is refused at {e.field}: {e}") from None
            request = with_values(request, {f.path: next(v for v in f.values if v not in (ABSENT, None))})
    raise ProofError("no valid base request")


def _get(request: Mapping[str, Any], path: str) -> Any:
    node: Any = request
    for p in path.split("."):
        if not isinstance(node, dict) or p not in node:
            return ABSENT
        node = node[p]
    return node


class _Union:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        self.parent[self.find(i)] = self.find(j)


@dataclass(frozen=True, slots=True)
class Probe:
    """What requests can make of the facts on one day: the constant facts, the components (each row with
    the field values of its cheapest request) and the base request they are written over."""

    date: dt.date
    base: dict[str, Any]
    constants: dict[str, Any]
    components: tuple[Component, ...]
    requests: tuple[tuple[dict[str, Any], ...], ...]  # per component, per row: field path -> value
    fields: tuple[tuple[str, ...], ...]  # per component: the fields it varies
    requests_sent: int
    base_facts: dict[str, Any]  # the facts of the base request

    def component_of(self, fact: str) -> int | None:
        return next((i for i, c in enumerate(self.components) if fact in c.facts), None)

    def domains(self) -> dict[str, tuple[Any, ...]]:
        """Every fact and the values requests give it on this day."""
        out = {k: (v,) for k, v in self.constants.items()}
        for c in self.components:
            out |= {f: c.domain(f) for f in c.facts}
        return out


class _Sender:
    """Sends requests over the base request; facts come back as rows in the base's order of facts."""

    def __init__(self, base: dict[str, Any]) -> None:
        self.base = base
        self.sent = 0
        facts = facts_of_request(base)
        assert facts is not None
        self.names = tuple(facts)
        self.base_row: tuple[Any, ...] = tuple(facts.values())

    def __call__(self, values: Mapping[str, Any]) -> _Row:
        self.sent += 1
        facts = facts_of_request(with_values(self.base, values))
        if facts is None:
            return None
        if tuple(facts) != self.names:
            raise ProofError(f"facts_of gave the facts {sorted(facts)}, not {sorted(self.names)}")
        return tuple(facts.values())

    def changed(self, row: _Row) -> frozenset[int]:
        """Positions of the facts that differ from the base request's."""
        if row is None:
            return frozenset()
        return frozenset(k for k, (a, b) in enumerate(zip(row, self.base_row, strict=True)) if a != b)


def _probe_uncached(on: dt.date) -> Probe:
    all_fields = fields(on)
    base = _base(on, {f.path: f for f in all_fields})
    send = _Sender(base)
    base_value = [_get(base, f.path) for f in all_fields]
    n = len(all_fields)
    # Each field alone at each value, then every pair of fields at every pair of values.
    single: dict[tuple[int, int], _Row] = {}
    for i, f in enumerate(all_fields):
        for a, v in enumerate(f.values):
            single[i, a] = send.base_row if _is_base(v, base_value[i]) else send({f.path: v})
    moved = {key: send.changed(row) for key, row in single.items()}
    # Values giving the same facts alone are tried in pairs once (e.g. one age of each plateau); a value
    # refused alone is always tried, for it may be valid beside another field (a stay purpose).
    tried: list[list[int]] = []
    for i, f in enumerate(all_fields):
        alike: dict[_Row, int] = {}
        tried.append(
            [
                a
                for a in range(len(f.values))
                if single[i, a] is None or alike.setdefault(single[i, a], a) == a
            ]
        )
    pair: dict[tuple[int, int, int, int], _Row] = {}
    for i, j in itertools.combinations(range(n), 2):
        fi, fj = all_fields[i], all_fields[j]
        for a in tried[i]:
            if _is_base(fi.values[a], base_value[i]):
                continue
            for b in tried[j]:
                if not _is_base(fj.values[b], base_value[j]):
                    pair[i, a, j, b] = send({fi.path: fi.values[a], fj.path: fj.values[b]})

    # Which facts each field feeds; fields interact when together they give other facts than the two
    # changes apart (or are valid only together), or feed one fact: those make one component.
    feeds = [set().union(*(moved[i, a] for a in range(len(f.values)))) for i, f in enumerate(all_fields)]
    union = _Union(n)
    for (i, a, j, b), both in pair.items():
        one, other = single[i, a], single[j, b]
        merged: _Row = None
        if one is not None and other is not None:
            merged = tuple(
                one[k] if k in moved[i, a] else other[k] if k in moved[j, b] else v
                for k, v in enumerate(send.base_row)
            )
        if both != merged:
            union.join(i, j)
            feeds[i] |= send.changed(both)
            feeds[j] |= send.changed(both)
    owner: dict[int, int] = {}
    for i in range(n):
        for fact in feeds[i]:
            if fact in owner:
                union.join(i, owner[fact])
            owner[fact] = i

    def together(i: int, a: int, j: int, b: int) -> _Row:
        if _is_base(all_fields[i].values[a], base_value[i]):
            return single[j, b]
        if _is_base(all_fields[j].values[b], base_value[j]):
            return single[i, a]
        return pair[(i, a, j, b) if i < j else (j, b, i, a)]

    # Interchangeable values of a field: the same facts alone and beside every value of every other field.
    kept: list[list[int]] = []
    for i in range(n):
        signatures: dict[tuple[_Row, ...], int] = {}
        for a in tried[i]:
            others = (together(i, a, j, b) for j in range(n) if j != i for b in tried[j])
            signatures.setdefault((single[i, a], *others), a)
        kept.append(sorted(signatures.values()))

    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(union.find(i), []).append(i)
    fed = set().union(*feeds)
    constants = {
        name: v for k, (name, v) in enumerate(zip(send.names, send.base_row, strict=True)) if k not in fed
    }
    components: list[Component] = []
    requests: list[tuple[dict[str, Any], ...]] = []
    field_paths: list[tuple[str, ...]] = []
    for members in groups.values():
        positions = sorted(set().union(*(feeds[i] for i in members)))
        if not positions:
            continue
        best: dict[tuple[Any, ...], tuple[int, dict[str, Any]]] = {}
        for combo in itertools.product(*(kept[i] for i in members)):
            values = {
                all_fields[i].path: all_fields[i].values[a] for i, a in zip(members, combo, strict=True)
            }
            got = send(values)
            if got is None:
                continue
            stray = send.changed(got) - set(positions)
            if stray:
                raise ProofError(
                    f"fields {sorted(values)} change {sorted(send.names[k] for k in stray)} together, "
                    "which no pair of them showed"
                )
            row = tuple(got[k] for k in positions)
            # The smallest request: fewest fields, then fewest values other than the base request's, then
            # fewest facts other than the base request's (a component has fewer than 8 facts).
            cost = sum(
                16 * (all_fields[i].values[a] is not ABSENT)
                + 8 * (not _is_base(all_fields[i].values[a], base_value[i]))
                for i, a in zip(members, combo, strict=True)
            ) + sum(got[k] != send.base_row[k] for k in positions)
            if row not in best or cost < best[row][0]:
                best[row] = (cost, values)
        names = [send.names[k] for k in positions]
        components.append(Component.of(names, list(best), [c for c, _ in best.values()]))
        requests.append(tuple(v for _, v in best.values()))
        field_paths.append(tuple(all_fields[i].path for i in members))
    base_facts = dict(zip(send.names, send.base_row, strict=True))
    return Probe(
        on, base, constants, tuple(components), tuple(requests), tuple(field_paths), send.sent, base_facts
    )


def _is_base(value: Any, base_value: Any) -> bool:
    return value is base_value or (value is not ABSENT and base_value is not ABSENT and value == base_value)


@cache
def probe(on: dt.date) -> Probe:
    """The probe of `on` (cached: it sends some tens of thousands of requests)."""
    return _probe_uncached(on)


# --- the space of a kind and the proof ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class KindSpace:
    """The space of one kind on one interval, and how to write each of its points as a request."""

    kind: str
    interval: tuple[dt.date, dt.date]
    space: Space
    parents: tuple[int, ...]  # the probe's component each component of `space` was cut from
    probe: Probe

    def request(self, choice: Sequence[int]) -> dict[str, Any]:
        """The smallest request found whose facts are the point `choice`."""
        values: dict[str, Any] = {}
        for comp, parent, i in zip(self.space.components, self.parents, choice, strict=True):
            values.update(self.probe.requests[parent][comp.origin[i]])
        return with_values(self.probe.base, values)


def kind_space(book: RuleBook, kind: str, interval: tuple[dt.date, dt.date]) -> KindSpace:
    """Every combination of the facts the rules of `kind` read that a request can produce in `interval`."""
    pr = probe(interval[0])
    read = book.tree_facts(kind)
    at = pr.component_of("kind")
    if at is None:
        raise ProofError("no probed field changes the fact 'kind'")
    fed = {f for c in pr.components for f in c.facts}
    unfed = sorted(read & set(pr.constants) - {"date"})
    if unfed:
        raise ProofError(
            f"the rules of {kind} read {unfed}, which no probed request field changes: add the field that "
            "feeds it to kepil.coverage.proof.fields()"
        )
    unknown = sorted(read - set(pr.constants) - fed)
    if unknown:
        raise ProofError(f"the rules of {kind} read {unknown}, which facts_of does not produce")
    components: list[Component] = []
    parents: list[int] = []
    for i, c in enumerate(pr.components):
        cut = c.where("kind", kind).project(read | {"kind"}) if i == at else c.project(read)
        if cut is not None:
            components.append(cut)
            parents.append(i)
    fixed = {k: v for k, v in pr.constants.items() if k in read}
    return KindSpace(kind, interval, Space(fixed, tuple(components)), tuple(parents), pr)


@dataclass(frozen=True, slots=True)
class Result:
    """The proof of one kind on one interval."""

    space: KindSpace
    proof: KindProof


def request_json(request: Mapping[str, Any]) -> str:
    return json.dumps(request, ensure_ascii=False)


@dataclass(frozen=True, slots=True)
class CoverageProof:
    """The proof of the whole coverage rule book: every kind on every interval."""

    results: tuple[Result, ...]
    never_decide: tuple[str, ...]  # rules that are the deepest match nowhere
    never_pay: tuple[str, ...]  # paying rules that decide somewhere but whose answer is `covered` nowhere
    probe_seconds: float
    proof_seconds: float
    requests_sent: int

    def findings(self) -> list[tuple[Result, Finding]]:
        return [(r, f) for r in self.results for f in r.proof.findings]

    def holds(self) -> bool:
        return not self.findings() and not self.never_decide and not self.never_pay

    def counter_examples(self) -> str:
        """Each finding with the smallest request that hits it (JSON as the contract writes it)."""
        lines = []
        for r, f in self.findings():
            start, end = r.space.interval
            request = r.space.request(f.choice)
            lines.append(f"- {f.describe()}, {start}..{end}:\n    {request_json(request)}")
            base = r.space.probe.base_facts
            read = [k for k in r.proof.facts if k != "date"]
            differ = {k: f.facts[k] for k in read if f.facts[k] != base.get(k)}
            lines.append(f"    facts that differ from the base request's: {differ}")
            again = facts_of_request(request)
            if again is None or any(again.get(k) != f.facts.get(k) for k in read):
                lines.append("    (this request does not reproduce the point: the probe is wrong)")
        for rid in self.never_decide:
            lines.append(f"- rule {rid} decides no request of any kind on any day (it is always shadowed)")
        for rid in self.never_pay:
            lines.append(f"- rule {rid} pays but no request gets `covered` from it (a condition never holds)")
        return "\n".join(lines)

    def report(self) -> str:
        """The proof's size and time, one line per kind and interval."""
        lines = [
            f"{'kind':<24}{'interval':<24}{'facts':>6}{'points':>14}  {'method':<12}{'work':>7}{'ms':>8}"
            "  findings"
        ]
        for r in self.results:
            p, (start, end) = r.proof, r.space.interval
            lines.append(
                f"{p.kind:<24}{f'{start}..{end}':<24}{len(p.facts):>6}{p.size:>14,}  {p.method:<12}"
                f"{p.work:>7}{p.seconds * 1000:>8.0f}  {len(p.findings)}"
            )
        by = {m: sum(r.proof.method == m for r in self.results) for m in ("enumeration", "smt")}
        total = sum(r.proof.size for r in self.results)
        kinds = len({r.proof.kind for r in self.results})
        spans = len({r.space.interval for r in self.results})
        lines.append(
            f"{kinds} kinds x {spans} intervals = {len(self.results)} spaces, {total:,} points in all; "
            f"{by['enumeration']} enumerated, {by['smt']} solved with Z3; probe {self.probe_seconds:.1f} s "
            f"({self.requests_sent:,} requests), proof {self.proof_seconds:.1f} s"
        )
        return "\n".join(lines)


def prove_book(
    book: RuleBook | None = None, method: str | None = None, kinds: Sequence[str] | None = None
) -> CoverageProof:
    """Prove `book` (default: the coverage rule book) on every kind (or those of `kinds`) and every
    interval of the Program's term; `method` forces "enumeration" or "smt" (default: by the space's size)."""
    book = book or rulebook()
    spans = intervals(book)
    t0 = time.perf_counter()
    probes = [probe(start) for start, _ in spans]
    t1 = time.perf_counter()
    results = []
    for span, pr in zip(spans, probes, strict=True):
        at = pr.component_of("kind")
        if at is None:
            raise ProofError("no probed field changes the fact 'kind'")
        # Every kind a request can name, not only those with rules: a kind without rules is one gap.
        for kind in sorted(pr.components[at].domain("kind")):
            if kinds is not None and kind not in kinds:
                continue
            ks = kind_space(book, kind, span)
            results.append(Result(ks, prove(book, kind, ks.space, method)))
    t2 = time.perf_counter()
    decides = set().union(*(r.proof.decides for r in results))
    pays = set().union(*(r.proof.pays for r in results))
    proven = [r for r in book.rules if kinds is None or r.kinds & set(kinds)]
    return CoverageProof(
        tuple(results),
        tuple(r.id for r in proven if r.id not in decides),
        tuple(r.id for r in proven if r.funding != "none" and r.id in decides and r.id not in pays),
        t1 - t0,
        t2 - t1,
        sum(p.requests_sent for p in probes),
    )
