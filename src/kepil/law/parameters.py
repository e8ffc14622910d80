"""Parameters of the acts: values as step functions of the effective date, each with its citation and the
Kazakh words it comes from (parameters.yaml; docs/acts-and-parameters.md).

A parameter has no value on a day when the text kepil holds of its act does not apply (before the text's
first day, after a repeal or the end of the Program) or before its first step: `value` then raises
`LawNotInForce` — the day is a valid input, the law simply gives no value for it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from kepil.data import data_path, load_yaml
from kepil.errors import InvalidInput, LawNotInForce
from kepil.i18n import Text
from kepil.law.acts import act, text_not_in_force_reason
from kepil.law.citation import ACT_IDS, Citation
from kepil.reference import messages as M
from kepil.validation import NOT_ONE_OF, fill, shown

GROUPS: tuple[str, ...] = (
    "ambulance",
    "access_criteria",
    "cshi",
    "changes_2027",
    "attachment",
    "monitoring",
    "medicines",
    "program_reporting",
)
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True, slots=True)
class Step:
    """A value and the first day it applies; it runs until the next step (or the act's last day)."""

    start: dt.date
    value: Any


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    group: str
    unit: str
    citations: tuple[Citation, ...]
    quote_kk: str
    description: Text
    steps: tuple[Step, ...]  # in increasing order of `start`

    @property
    def act(self) -> str:
        """The act whose dates bound the values (the first citation's)."""
        return self.citations[0].act

    def intervals(self) -> list[tuple[dt.date, dt.date | None, Any]]:
        """(first day, last day or None when open, value) of each step."""
        ends: list[dt.date | None] = [s.start - dt.timedelta(days=1) for s in self.steps[1:]]
        ends.append(act(self.act).end)
        return [(s.start, end, s.value) for s, end in zip(self.steps, ends, strict=True)]

    def step_on(self, on: dt.date) -> Step | None:
        """The step whose interval holds `on`, ignoring the act's dates (see `value`)."""
        found = None
        for s in self.steps:
            if s.start <= on:
                found = s
        return found


def parameters_file() -> Path:
    """parameters.yaml in the package, or the file named by KEPIL_PARAMETERS_YAML."""
    override = os.environ.get("KEPIL_PARAMETERS_YAML")
    return Path(override) if override else _packaged_file()


@cache
def _packaged_file() -> Path:
    return data_path("parameters.yaml")


def _parse(node: Any, where: str, fail: Any) -> Parameter:
    if not isinstance(node, dict):
        raise fail(where, M.EXPECTED_OBJECT)
    name = node.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        raise fail(f"{where}.name", fill(M.NOT_SNAKE_CASE, name=shown(name)))
    where = f"parameters[{name}]"
    for key in ("group", "unit", "quote_kk"):
        if not isinstance(node.get(key), str) or not node[key].strip():
            raise fail(f"{where}.{key}", M.REQUIRED)
    if node["group"] not in GROUPS:
        raise fail(f"{where}.group", fill(NOT_ONE_OF, value=shown(node["group"]), allowed=", ".join(GROUPS)))
    cites = node.get("citations")
    if not isinstance(cites, list) or not cites:
        raise fail(f"{where}.citations", M.NO_CITATION)
    citations = []
    for i, c in enumerate(cites):
        if not isinstance(c, dict) or "act" not in c or "clause" not in c:
            raise fail(f"{where}.citations[{i}]", M.EXPECTED_CITATION)
        if str(c["act"]) not in ACT_IDS:
            allowed = ", ".join(ACT_IDS)
            raise fail(
                f"{where}.citations[{i}].act", fill(NOT_ONE_OF, value=shown(c["act"]), allowed=allowed)
            )
        citations.append(Citation(str(c["act"]), str(c["clause"])))
    desc = node.get("description")
    if not isinstance(desc, dict) or any(not isinstance(desc.get(k), str) for k in ("kk", "ru", "en")):
        raise fail(f"{where}.description", M.EXPECTED_LANGS)
    the_act = act(citations[0].act)
    steps: list[Step] = []
    values = node.get("values") or []
    if not isinstance(values, list):  # a mapping was read as its keys, a number was a traceback: refused
        raise fail(f"{where}.values", M.EXPECTED_LIST.format(extra=""))
    for i, s in enumerate(values):
        start = s.get("from") if isinstance(s, dict) else None
        if start == "act":
            start = the_act.text_from
        if not isinstance(start, dt.date) or "value" not in s:
            raise fail(f"{where}.values[{i}]", M.EXPECTED_STEP)
        if start < the_act.text_from or (steps and start <= steps[-1].start):
            raise fail(
                f"{where}.values[{i}].from",
                M.STEP_ORDER.format(start=start, act=the_act.id, text_from=the_act.text_from),
            )
        steps.append(Step(start, s["value"]))
    if not steps:
        raise fail(f"{where}.values", M.NON_EMPTY_LIST)
    return Parameter(
        name=name,
        group=node["group"],
        unit=node["unit"],
        citations=tuple(citations),
        quote_kk=node["quote_kk"].strip(),
        description=Text(desc["kk"], desc["ru"], desc["en"]),
        steps=tuple(steps),
    )


@cache
def _load(file: Path) -> tuple[Parameter, ...]:
    def fail(where: str, message: Text) -> InvalidInput:
        return InvalidInput(f"{file.name}:{where}", message)

    try:
        tree = load_yaml(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:  # not UTF-8 was a traceback: refused
        raise InvalidInput(str(file), M.unreadable(e)) from None
    nodes = tree.get("parameters") if isinstance(tree, dict) else None
    if not isinstance(nodes, list):
        raise fail("parameters", M.EXPECTED_LIST.format(extra=""))
    loaded = tuple(_parse(n, f"parameters[{i}]", fail) for i, n in enumerate(nodes))
    seen: set[str] = set()
    for p in loaded:
        if p.name in seen:
            raise fail(f"parameters[{p.name}]", M.DEFINED_TWICE)
        seen.add(p.name)
    return loaded


# A what-if (`kepil.whatif`) overrides parameters in its own context only (a reform's steps merged in).
_OVERRIDDEN: ContextVar[Mapping[str, Parameter] | None] = ContextVar("kepil_parameters", default=None)


@contextmanager
def overridden(by_name: Mapping[str, Parameter]) -> Iterator[None]:
    """Inside the block (this context only) `parameter`, `parameters` and `value` read these parameters in
    place of the law's of the same name."""
    token = _OVERRIDDEN.set(by_name)
    try:
        yield
    finally:
        _OVERRIDDEN.reset(token)


def parameters(group: str | None = None) -> tuple[Parameter, ...]:
    """All parameters in the order of parameters.yaml, or those of one group."""
    if group is not None and group not in GROUPS:
        raise InvalidInput("--group", fill(M.UNKNOWN_GROUP, group=shown(group), groups=", ".join(GROUPS)))
    found = _load(parameters_file())
    active = _OVERRIDDEN.get()
    if active:
        found = tuple(active.get(p.name, p) for p in found)
    return found if group is None else tuple(p for p in found if p.group == group)


@cache
def _index(file: Path) -> dict[str, Parameter]:
    return {p.name: p for p in _load(file)}


def parameter(name: str, field: str = "parameter") -> Parameter:
    active = _OVERRIDDEN.get()
    if active and name in active:
        return active[name]
    found = _index(parameters_file()).get(name)
    if found is not None:
        return found
    hint = close_names(name, [p.name for p in parameters()], "`kepil params`")
    raise InvalidInput(field, fill(M.UNKNOWN_PARAMETER, name=shown(name), hint=hint))


def close_names(name: str, names: Sequence[str], command: str) -> Text:
    """ "did you mean …?" with up to three names like `name`, or which command lists them all."""
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.5)
    if close:
        return M.DID_YOU_MEAN.format(names=", ".join(close))
    return M.SEE_LIST.format(command=command)


_BEFORE_FIRST_STEP = Text("{start} дейін мәні жоқ", "значения нет до {start}", "no value before {start}")


def lookup(p: Parameter, on: dt.date) -> tuple[Any, Text | None]:
    """(value, None) on `on`, or (None, why the law gives no value that day)."""
    reason = text_not_in_force_reason(p.act, on)
    if reason is not None:
        return None, reason
    step = p.step_on(on)
    if step is None:  # a first step that starts after the text of the act
        return None, _BEFORE_FIRST_STEP.format(start=p.steps[0].start.isoformat())
    return step.value, None


def value(name: str, on: dt.date) -> Any:
    """The value of the parameter on `on`; LawNotInForce when the law gives none that day."""
    p = parameter(name)
    found, reason = lookup(p, on)
    if reason is not None:
        raise LawNotInForce(fill(M.NO_VALUE_ON, name=name, on=on.isoformat(), act=p.act, reason=reason))
    return found
