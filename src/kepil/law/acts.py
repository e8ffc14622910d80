"""The registry of the seven acts (GLOSSARY.md): numbers, dates, amendments, repeal, the interval in force.

Two intervals per act (docs/acts-and-parameters.md):
- `in_force`: the act itself is law on the day (from its entry into force to its expiry or repeal);
- `text_in_force`: the consolidated text kepil holds (the seed: the act *as amended*) applies on the day,
  i.e. from the entry into force of the latest amendment in the seed. Before that day the act may be law,
  but kepil has no text of it, so no rule or parameter of it is answered.

Dates the texts do not give (the day of first official publication; the base acts' own entry into force)
are assumptions, marked `assumption=True` with their reasoning, and can be overridden in acts.yaml.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal, get_args

import yaml

from kepil.data import data_path, load_yaml
from kepil.errors import InvalidInput
from kepil.i18n import Lang, Text
from kepil.law.citation import ACT_IDS
from kepil.reference import messages as M
from kepil.validation import EXPECTED_BOOL, NOT_A_DATE, NOT_ONE_OF, fill, shown

EntryRule = Literal["program_period", "ten_days_after_publication", "signing_date_lower_bound", "stated"]
ENTRY_RULES: tuple[str, ...] = get_args(EntryRule)

# "алғашқы ресми жарияланған күнінен кейін күнтізбелік он күн өткен соң": the day of publication is not
# counted, ten calendar days run out, and the act applies from the next day, i.e. publication + 11 days.
TEN_DAYS_AFTER_PUBLICATION = dt.timedelta(days=11)


@dataclass(frozen=True, slots=True)
class EntryIntoForce:
    """A date in force and where it comes from; `assumption` marks a date the text does not give."""

    date: dt.date
    rule: EntryRule
    assumption: bool
    note: Text | None
    quote_kk: str | None
    published: dt.date | None = None
    clause: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "date": self.date,
            "rule": self.rule,
            "assumption": self.assumption,
            "published": self.published,
            "clause": self.clause,
            "quote_kk": self.quote_kk,
            "note": self.note.as_dict() if self.note else None,
        }


@dataclass(frozen=True, slots=True)
class Registration:
    """State registration with the Ministry of Justice (нормативтік құқықтық актілерді мемлекеттік тіркеу)."""

    number: str
    date: dt.date | None
    quote_kk: str

    def as_dict(self) -> dict[str, Any]:
        return {"number": self.number, "date": self.date, "quote_kk": self.quote_kk}


@dataclass(frozen=True, slots=True)
class OrderRef:
    """An order that amends or repeals an act, and when it takes effect."""

    issuer: Text
    number: str
    signed: dt.date
    registration: Registration | None
    items: str | None  # the item(s) of the amending order that concern this act
    label: Text
    entry_into_force: EntryIntoForce
    quote_kk: str | None = None

    @property
    def effective(self) -> dt.date:
        return self.entry_into_force.date

    def as_dict(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer.as_dict(),
            "number": self.number,
            "signed": self.signed,
            "registration": self.registration.as_dict() if self.registration else None,
            "items": self.items,
            "label": self.label.as_dict(),
            "effective": self.effective,
            "entry_into_force": self.entry_into_force.as_dict(),
            "quote_kk": self.quote_kk,
        }


@dataclass(frozen=True, slots=True)
class Act:
    """One act of GLOSSARY.md as the seed gives it."""

    id: str
    seed: str
    kind: Literal["decree", "order"]
    issuer: Text
    number: str
    signed: dt.date
    signed_quote_kk: str
    registration: Registration | None
    title: Text
    short_title: Text
    in_force_from: EntryIntoForce
    in_force_until: EntryIntoForce | None  # last day in force by the act's own terms (inclusive)
    amended_by: tuple[OrderRef, ...]
    repealed_by: OrderRef | None

    # Derived once (in_force is on the coverage engine's hot path).
    start: dt.date = field(init=False)  # first day in force
    end: dt.date | None = field(init=False)  # last day in force: own term, or the day before the repeal
    text_from: dt.date = field(init=False)  # first day the text kepil holds (as amended) applies

    def __post_init__(self) -> None:
        ends = [self.in_force_until.date] if self.in_force_until else []
        if self.repealed_by:
            ends.append(self.repealed_by.effective - dt.timedelta(days=1))
        object.__setattr__(self, "start", self.in_force_from.date)
        object.__setattr__(self, "end", min(ends) if ends else None)
        object.__setattr__(self, "text_from", max([self.start, *(a.effective for a in self.amended_by)]))

    @property
    def text_amendment(self) -> OrderRef | None:
        """The amendment whose entry into force starts the text kepil holds (None: the text as adopted)."""
        return max(self.amended_by, key=lambda a: a.effective, default=None)

    def in_force(self, on: dt.date) -> bool:
        return self.start <= on and (self.end is None or on <= self.end)

    def status(self, on: dt.date) -> Literal["in_force", "not_yet", "repealed", "expired"]:
        """Law on `on`, or why not: before its start, after its repeal, after its end."""
        if self.in_force(on):
            return "in_force"
        if on < self.start:
            return "not_yet"
        if self.repealed_by is not None and on >= self.repealed_by.effective:
            return "repealed"
        return "expired"

    def text_in_force(self, on: dt.date) -> bool:
        return self.text_from <= on and (self.end is None or on <= self.end)

    def assumptions(self) -> dict[str, EntryIntoForce]:
        """The dates of this act that the text does not give, by field."""
        found = {"in_force_from": self.in_force_from}
        if self.in_force_until:
            found["in_force_until"] = self.in_force_until
        for a in self.amended_by:
            found[f"amended_by[{a.number}]"] = a.entry_into_force
        if self.repealed_by:
            found["repealed_by"] = self.repealed_by.entry_into_force
        return {k: v for k, v in found.items() if v.assumption}

    def start_is_assumed(self) -> bool:
        return self.in_force_from.assumption

    def end_is_assumed(self) -> bool:
        if self.repealed_by and self.end == self.repealed_by.effective - dt.timedelta(days=1):
            return self.repealed_by.entry_into_force.assumption
        return bool(self.in_force_until and self.in_force_until.assumption)

    def text_from_is_assumed(self) -> bool:
        a = self.text_amendment
        return a.entry_into_force.assumption if a else self.start_is_assumed()


# --- loading acts.yaml ------------------------------------------------------------------------------


@cache
def _packaged_file() -> Path:
    return data_path("acts.yaml")


def acts_file() -> Path:
    """acts.yaml in the package, or the file named by KEPIL_ACTS_YAML (to override the assumptions)."""
    override = os.environ.get("KEPIL_ACTS_YAML")
    return Path(override) if override else _packaged_file()


class _Reader:
    """Typed access to the YAML tree with errors naming `file:path`."""

    def __init__(self, file: Path) -> None:
        self.file = file

    def fail(self, where: str, message: Text) -> InvalidInput:
        return InvalidInput(f"{self.file.name}:{where}", message)

    def listed(self, node: Any, where: str) -> list[Any]:
        """A list (a mapping or a number in its place was a traceback: refused)."""
        if not isinstance(node, list):
            raise self.fail(where, M.EXPECTED_LIST.format(extra=""))
        return node

    def get(self, node: Any, key: str, where: str) -> Any:
        if not isinstance(node, dict):
            raise self.fail(where, M.EXPECTED_OBJECT)
        if key not in node:
            raise self.fail(f"{where}.{key}", M.REQUIRED)
        return node[key]

    def date(self, node: Any, key: str, where: str, optional: bool = False) -> dt.date | None:
        value = node.get(key) if isinstance(node, dict) else None
        if value is None and optional:
            return None
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        raise self.fail(f"{where}.{key}", fill(NOT_A_DATE, value=shown(value)))

    def text(self, node: Any, where: str) -> Text:
        if not isinstance(node, dict) or any(not isinstance(node.get(k), str) for k in ("kk", "ru", "en")):
            raise self.fail(where, M.EXPECTED_LANGS)
        return Text(node["kk"], node["ru"], node["en"])

    def entry(self, node: Any, where: str, signed: dt.date | None = None) -> EntryIntoForce:
        rule = self.get(node, "rule", where)
        if rule not in ENTRY_RULES:
            raise self.fail(
                f"{where}.rule", fill(NOT_ONE_OF, value=shown(rule), allowed=", ".join(ENTRY_RULES))
            )
        published = self.date(node, "published", where, optional=True)
        date = self.date(node, "date", where, optional=True)
        if date is None and rule == "ten_days_after_publication" and published is not None:
            date = published + TEN_DAYS_AFTER_PUBLICATION
        if date is None and rule == "signing_date_lower_bound":
            date = signed
        if date is None:
            raise self.fail(f"{where}.date", M.DATE_FOR_RULE.format(rule=rule))
        assumption = node.get("assumption")
        if not isinstance(assumption, bool):
            raise self.fail(f"{where}.assumption", fill(EXPECTED_BOOL, value=shown(assumption)))
        note = self.text(node["note"], f"{where}.note") if node.get("note") else None
        if assumption and note is None:
            raise self.fail(f"{where}.note", M.ASSUMPTION_NEEDS_NOTE)
        clause = node.get("clause")
        return EntryIntoForce(date, rule, assumption, note, node.get("quote_kk"), published, clause)

    def registration(self, node: Any, where: str) -> Registration | None:
        if node is None:
            return None
        return Registration(
            str(self.get(node, "number", where)),
            self.date(node, "date", where, optional=True),
            str(self.get(node, "quote_kk", where)),
        )

    def order(self, node: Any, where: str) -> OrderRef:
        return OrderRef(
            issuer=self.text(self.get(node, "issuer", where), f"{where}.issuer"),
            number=str(self.get(node, "number", where)),
            signed=self._date(node, "signed", where),
            registration=self.registration(node.get("registration"), f"{where}.registration"),
            items=None if node.get("items") is None else str(node["items"]),
            label=self.text(self.get(node, "label", where), f"{where}.label"),
            entry_into_force=self.entry(
                self.get(node, "entry_into_force", where), f"{where}.entry_into_force"
            ),
            quote_kk=node.get("quote_kk"),
        )

    def _date(self, node: Any, key: str, where: str) -> dt.date:
        value = self.date(node, key, where)
        assert value is not None
        return value

    def act(self, node: Any, where: str) -> Act:
        act_id = self.get(node, "id", where)
        if act_id not in ACT_IDS:
            raise self.fail(f"{where}.id", fill(NOT_ONE_OF, value=shown(act_id), allowed=", ".join(ACT_IDS)))
        where = f"acts[{act_id}]"
        signed = self._date(node, "signed", where)
        until = node.get("in_force_until")
        repealed = node.get("repealed_by")
        kind = self.get(node, "kind", where)
        if kind not in ("decree", "order"):
            raise self.fail(f"{where}.kind", fill(NOT_ONE_OF, value=shown(kind), allowed="decree, order"))
        return Act(
            id=act_id,
            seed=str(self.get(node, "seed", where)),
            kind=kind,
            issuer=self.text(self.get(node, "issuer", where), f"{where}.issuer"),
            number=str(self.get(node, "number", where)),
            signed=signed,
            signed_quote_kk=str(self.get(node, "signed_quote_kk", where)),
            registration=self.registration(node.get("registration"), f"{where}.registration"),
            title=self.text(self.get(node, "title", where), f"{where}.title"),
            short_title=self.text(self.get(node, "short_title", where), f"{where}.short_title"),
            in_force_from=self.entry(
                self.get(node, "in_force_from", where), f"{where}.in_force_from", signed
            ),
            in_force_until=None if until is None else self.entry(until, f"{where}.in_force_until", signed),
            amended_by=tuple(
                self.order(a, f"{where}.amended_by[{i}]")
                for i, a in enumerate(self.listed(node.get("amended_by") or [], f"{where}.amended_by"))
            ),
            repealed_by=None if repealed is None else self.order(repealed, f"{where}.repealed_by"),
        )


@cache
def _load(file: Path) -> tuple[Act, ...]:
    reader = _Reader(file)
    try:
        tree = load_yaml(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:  # not UTF-8 was a traceback: refused
        raise InvalidInput(str(file), M.unreadable(e)) from None
    nodes = reader.listed(reader.get(tree, "acts", ""), "acts")
    loaded = tuple(reader.act(n, f"acts[{i}]") for i, n in enumerate(nodes))
    ids = [a.id for a in loaded]
    if sorted(ids) != sorted(ACT_IDS):
        raise reader.fail("acts", M.EACH_ACT_ONCE.format(expected=", ".join(ACT_IDS), got=", ".join(ids)))
    return loaded


# --- the public functions ---------------------------------------------------------------------------


@cache
def _index(file: Path) -> dict[str, Act]:
    return {a.id: a for a in _load(file)}


def acts() -> tuple[Act, ...]:
    """The seven acts, in the order of acts.yaml."""
    return _load(acts_file())


def act(act_id: str, field: str = "act") -> Act:
    found = _index(acts_file()).get(act_id)
    if found is None:
        raise InvalidInput(field, fill(NOT_ONE_OF, value=shown(act_id), allowed=", ".join(ACT_IDS)))
    return found


def in_force(act_id: str, on: dt.date) -> bool:
    """Whether the act is law on `on` (its interval in force; see the module docstring)."""
    return act(act_id).in_force(on)


def text_in_force(act_id: str, on: dt.date) -> bool:
    """Whether the text kepil holds of the act (as amended) applies on `on`."""
    return act(act_id).text_in_force(on)


def acts_in_force(on: dt.date) -> list[Act]:
    return [a for a in acts() if a.in_force(on)]


_ASSUMED = Text(" (болжам)", " (допущение)", " (assumed)")
_NOT_YET = Text(
    "{on} күні әлі қолданысқа енгізілмеген: {start}{mark} бастап қолданылады",
    "на {on} ещё не введён в действие: действует с {start}{mark}",
    "not yet in force on {on}: in force from {start}{mark}",
)
_REPEALED = Text(
    "күші жойылған: {label}; {effective}{mark} бастап қолданылмайды",
    "утратил силу: {label}; не действует с {effective}{mark}",
    "repealed by the {label}; not in force from {effective}{mark}",
)
_EXPIRED = Text(
    "қолданылу мерзімі аяқталған: соңғы күні {end}",
    "срок действия истёк: последний день {end}",
    "expired: its last day in force was {end}",
)
_NO_TEXT = Text(
    "kepil актінің тек мына бұйрықпен өзгертулер енгізілген мәтінін ұстайды: {label}; "
    "ол {start}{mark} бастап қолданылады",
    "kepil содержит только текст акта с изменениями, внесёнными: {label}; он применяется с {start}{mark}",
    "kepil holds only the text as amended by the {label}, applied from {start}{mark}",
)
_MONTHS_EN = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)


def format_date(d: dt.date, lang: Lang) -> str:
    """29 May 2025 (en); 29.05.2025 (kk, ru)."""
    return f"{d.day} {_MONTHS_EN[d.month - 1]} {d.year}" if lang == "en" else d.strftime("%d.%m.%Y")


def _localised(template: Text, marked: bool, **dates_and_texts: dt.date | Text) -> Text:
    parts = {}
    for lang in ("kk", "ru", "en"):
        values = {
            k: format_date(v, lang) if isinstance(v, dt.date) else v[lang] for k, v in dates_and_texts.items()
        }
        parts[lang] = template[lang].format(mark=_ASSUMED[lang] if marked else "", **values)
    return Text(parts["kk"], parts["ru"], parts["en"])


def not_in_force_reason(act_id: str, on: dt.date) -> Text | None:
    """Why the act is not law on `on` (not yet in force, repealed, expired), or None when it is."""
    a = act(act_id)
    status = a.status(on)
    if status == "in_force":
        return None
    if status == "not_yet":
        return _localised(_NOT_YET, a.start_is_assumed(), on=on, start=a.start)
    if status == "repealed":
        r = a.repealed_by
        assert r is not None
        return _localised(_REPEALED, r.entry_into_force.assumption, label=r.label, effective=r.effective)
    assert a.end is not None
    return _localised(_EXPIRED, a.end_is_assumed(), end=a.end)


def text_not_in_force_reason(act_id: str, on: dt.date) -> Text | None:
    """Why kepil has no text of the act for `on` (the act is not law, or the amended text is not yet
    applicable), or None when the text it holds applies."""
    a = act(act_id)
    reason = not_in_force_reason(act_id, on)
    if reason is not None or a.text_in_force(on):
        return reason
    amendment = a.text_amendment
    assert amendment is not None  # text_from > start only through an amendment
    return _localised(_NO_TEXT, a.text_from_is_assumed(), label=amendment.label, start=a.text_from)
