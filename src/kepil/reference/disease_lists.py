"""Lists of diseases that the acts point to but do not contain, as dated ICD-10 code sets.

- `socially_significant` — order ҚР ДСМ-108/2020 (`program-2026-2028` 19, 24.1, 26, 29);
- `dangerous_to_others` — order ҚР ДСМ-121/2020 (`migrant-care-rules` 5, `phc-attachment-rules` 3-1);
- `infectious_inpatient_gvfmc` — order ҚР ДСМ-162/2020 (`program-2026-2028` 33.2);
- `inpatient_round_the_clock` — order ҚР ДСМ-258/2020 (`program-2026-2028` 62), partial;
- `rehabilitation` — order ҚР ДСМ-116/2020 (`program-2026-2028` 64), partial;
- `outpatient_drugs` — order ҚР ДСМ-75 (`program-2026-2028` 21, 52.3, 70), partial;
- `treatment_abroad` — order ҚР ДСМ-45, appendix 3 (`program-2026-2028` 53), partial;
- `dynamic_observation` — order ҚР ДСМ-149/2020 (`program-2026-2028` 19, 27, 58.3, 59.6), partial.

The packaged files (src/kepil/data/reference/disease_lists/*.yaml) are reconstructions, not official
texts: each version and entry carries a certainty note. Each version says how complete it is: `complete`
(a code it does not hold is not on the act's list) or `partial` (it holds only codes certainly or very
probably on the act's list: a code it does not hold is *unknown*, never "not on it"). A list the acts
point to and kepil holds no version of (e.g. the ICD-10 list of order No. 106 for day hospitals) decides
nothing: `membership` answers None. A user replaces a list with the official one by
pointing the environment variable KEPIL_REFERENCE_DIR at a folder of YAML files in the same format; a
file there replaces the packaged list with the same `id` (all its versions). See docs/reference.md.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import yaml

from kepil.claims.messages import DATE_ORDER
from kepil.data import data_path
from kepil.data.yaml_loader import SafeLoader
from kepil.errors import InvalidInput
from kepil.i18n import Text
from kepil.reference import messages as M
from kepil.reference.icd10 import CodeRanges, all_diagnoses, check_icd10
from kepil.validation import EXPECTED_STRING, NOT_A_DATE, NOT_ONE_OF, fill, shown

REFERENCE_DIR_ENV = "KEPIL_REFERENCE_DIR"
COMPLETE = "complete"  # a code absent from the version is not on the act's list
PARTIAL = "partial"  # a code absent from the version is not known to be on it or off it
COMPLETENESS = (COMPLETE, PARTIAL)


@dataclass(frozen=True, slots=True)
class DiseaseEntry:
    name: Text
    icd10: CodeRanges
    certainty: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class DiseaseList:
    """One version of a list: the codes in force from `effective_from` to `effective_to` (inclusive)."""

    id: str
    name: Text
    source: str
    effective_from: dt.date
    effective_to: dt.date | None
    certainty: str
    ranges: CodeRanges
    entries: tuple[DiseaseEntry, ...]
    file: str = ""
    completeness: str = COMPLETE

    def in_force(self, on: dt.date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)

    def contains(self, icd10: str) -> bool:
        return self.ranges.contains(icd10)

    def member(self, icd10: str) -> bool | None:
        """On the list (True); off it (False) — or, for a partial version, not known (None)."""
        if self.ranges.contains(icd10):
            return True
        return False if self.completeness == COMPLETE else None


def _text(obj: Any, where: str) -> Text:
    if not isinstance(obj, dict) or not all(isinstance(obj.get(k), str) for k in ("kk", "ru", "en")):
        raise InvalidInput(where, M.EXPECTED_LANGS)
    return Text(obj["kk"], obj["ru"], obj["en"])


def reference_date(obj: Any, where: str, optional: bool = False) -> dt.date | None:
    """A date of a reference data file (YYYY-MM-DD), null being None when `optional`; else InvalidInput."""
    if obj is None and optional:
        return None
    if isinstance(obj, dt.date):
        return obj
    try:
        return dt.date.fromisoformat(str(obj))
    except ValueError:
        raise InvalidInput(where, fill(NOT_A_DATE, value=shown(obj))) from None


def _str(obj: Any, where: str) -> str:
    if not isinstance(obj, str) or not obj.strip():
        raise InvalidInput(where, fill(EXPECTED_STRING, value=shown(obj)))
    return obj


def _version(list_id: str, name: Text, v: Any, where: str, file: str) -> DiseaseList:
    if not isinstance(v, dict):
        raise InvalidInput(where, M.EXPECTED_KEYS.format(keys="source, effective_from, certainty, entries"))
    raw_entries = v.get("entries")
    if not isinstance(raw_entries, list) or not raw_entries:
        raise InvalidInput(f"{where}.entries", M.NON_EMPTY_LIST)
    entries = []
    for j, e in enumerate(raw_entries):
        at = f"{where}.entries[{j}]"
        if not isinstance(e, dict):
            raise InvalidInput(at, M.EXPECTED_KEYS.format(keys="name, icd10, certainty"))
        codes = _str(e.get("icd10"), f"{at}.icd10")
        label = e.get("name", {}).get("en", "") if isinstance(e.get("name"), dict) else ""
        ranges = CodeRanges.parse(codes, field=f"{at}.icd10 ({label})")
        entries.append(
            DiseaseEntry(
                _text(e.get("name"), f"{at}.name"),
                ranges,
                str(e.get("certainty", "")),
                str(e.get("note", "")).strip(),
            )
        )
    start = reference_date(v.get("effective_from"), f"{where}.effective_from")
    end = reference_date(v.get("effective_to"), f"{where}.effective_to", optional=True)
    assert start is not None
    if end is not None and end < start:
        raise InvalidInput(
            f"{where}.effective_to",
            DATE_ORDER.format(value=end, earlier="effective_from", earlier_value=start),
        )
    union = CodeRanges([item for e in entries for item in _flatten(e.icd10)])
    completeness = v.get("completeness", COMPLETE)
    if completeness not in COMPLETENESS:
        allowed = ", ".join(COMPLETENESS)
        raise InvalidInput(
            f"{where}.completeness", fill(NOT_ONE_OF, value=shown(completeness), allowed=allowed)
        )
    return DiseaseList(
        list_id,
        name,
        _str(v.get("source"), f"{where}.source").strip(),
        start,
        end,
        _str(v.get("certainty"), f"{where}.certainty").strip(),
        union,
        tuple(entries),
        file,
        completeness,
    )


def _flatten(r: CodeRanges) -> list[tuple[str, str]]:
    """Intervals of `r`; an entry with an `except` part is expanded into its remaining codes' ranges."""
    if r.exclude is None:
        return list(r.items)
    # Rare: enumerate the valid codes of the included ranges that are not excluded.
    return [(c, c) for c in all_diagnoses() if r.contains(c)]


class _TextDatesLoader(SafeLoader):  # kepil's safe loader (libyaml's parser; a key given twice refused)
    """A safe loader that keeps dates as text, so a bad date is reported with its field, not by YAML."""


_TextDatesLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_reference_yaml(path: Path) -> Any:
    """A reference data file (UTF-8 YAML); an unreadable file is InvalidInput naming it."""
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_TextDatesLoader)  # a SafeLoader
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:  # not UTF-8 was a traceback: refused
        raise InvalidInput(path.name, M.unreadable(e)) from None


def load_file(path: Path) -> list[DiseaseList]:
    """All versions of the list in one YAML file; any defect is InvalidInput naming the file and entry."""
    where = path.name
    doc = read_reference_yaml(path)
    if not isinstance(doc, dict):
        raise InvalidInput(where, M.EXPECTED_KEYS.format(keys="id, name, versions"))
    list_id = _str(doc.get("id"), f"{where}:id").strip()
    name = _text(doc.get("name"), f"{where}:name")
    versions = doc.get("versions")
    if not isinstance(versions, list) or not versions:
        raise InvalidInput(f"{where}:versions", M.NON_EMPTY_LIST)
    out = [_version(list_id, name, v, f"{where}:versions[{i}]", str(path)) for i, v in enumerate(versions)]
    out.sort(key=lambda d: d.effective_from)
    for a, b in pairwise(out):
        if a.effective_to is None or a.effective_to >= b.effective_from:
            raise InvalidInput(
                where, M.VERSIONS_OVERLAP.format(first=a.effective_from, second=b.effective_from)
            )
    return out


@lru_cache(maxsize=4)
def _load(override_dir: str | None) -> dict[str, tuple[DiseaseList, ...]]:
    by_id: dict[str, tuple[DiseaseList, ...]] = {}
    for path in sorted(data_path("reference", "disease_lists").glob("*.yaml")):
        versions = load_file(path)
        by_id[versions[0].id] = tuple(versions)
    if override_dir:
        folder = Path(override_dir)
        if not folder.is_dir():
            raise InvalidInput(REFERENCE_DIR_ENV, fill(M.NOT_A_FOLDER, path=shown(override_dir)))
        for path in sorted(folder.glob("*.yaml")):
            if path.name == "kz_working_day_transfers.yaml":  # the calendar's own override file
                continue
            versions = load_file(path)
            by_id[versions[0].id] = tuple(versions)
    return by_id


# A what-if (`kepil.whatif`) replaces lists in its own context only: every list by id, as `_load` gives them.
_REPLACED: ContextVar[Mapping[str, tuple[DiseaseList, ...]] | None] = ContextVar(
    "kepil_disease_lists", default=None
)


@contextmanager
def replaced(by_id: Mapping[str, tuple[DiseaseList, ...]]) -> Iterator[None]:
    """Inside the block (this context only) the lists are `by_id` — every list, with all its versions."""
    token = _REPLACED.set(by_id)
    try:
        yield
    finally:
        _REPLACED.reset(token)


def _lists_by_id() -> Mapping[str, tuple[DiseaseList, ...]]:
    active = _REPLACED.get()
    return active if active is not None else _load(os.environ.get(REFERENCE_DIR_ENV) or None)


def lists() -> tuple[DiseaseList, ...]:
    """Every version of every list, by id then date."""
    return tuple(v for _, versions in sorted(_lists_by_id().items()) for v in versions)


def list_ids() -> tuple[str, ...]:
    return tuple(sorted(_lists_by_id()))


def list_in_force(list_id: str, on: dt.date) -> DiseaseList | None:
    """The version of `list_id` in force on `on`, or None when none is."""
    versions = _lists_by_id().get(list_id)
    if versions is None:
        allowed = ", ".join(list_ids())
        raise InvalidInput("list_id", fill(M.UNKNOWN_LIST, name=shown(list_id), allowed=allowed))
    for v in versions:
        if v.in_force(on):
            return v
    return None


def contains(list_id: str, icd10: str, on: dt.date, field: str = "service.icd10") -> bool | None:
    """Whether the diagnosis is on the list in force on `on`; None when no version is in force then, or
    when the version is partial and does not hold the code."""
    found = list_in_force(list_id, on)
    if found is None:
        return None
    return found.member(check_icd10(icd10, field))


def membership(list_id: str, icd10: str, on: dt.date) -> bool | None:
    """`contains` for a list the acts point to that kepil may hold no file of at all: then None (unknown).
    `icd10` must already be a valid, normalised code (the request's)."""
    found = in_force_on(on).get(list_id)
    return None if found is None else found.member(icd10)


def in_force_on(on: dt.date) -> dict[str, DiseaseList]:
    """Every list's version in force on `on`, by id (lists with none in force are absent)."""
    active = _REPLACED.get()
    if active is not None:
        return {i: v for i, versions in active.items() for v in versions if v.in_force(on)}
    return _in_force_on(os.environ.get(REFERENCE_DIR_ENV) or None, on)


@lru_cache(maxsize=4096)
def _in_force_on(override_dir: str | None, on: dt.date) -> dict[str, DiseaseList]:
    out: dict[str, DiseaseList] = {}
    for list_id, versions in _load(override_dir).items():
        for v in versions:
            if v.in_force(on):
                out[list_id] = v
    return out
