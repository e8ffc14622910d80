"""Caps on round-the-clock inpatient cases by region and bed profile (`program-2026-2028` app1).

Paragraph 73 (second part) makes them binding: inpatient volumes, including high-technology care, are
planned "taking into account the caps of round-the-clock inpatient care under appendix 1". The table
is extracted from the seed by `scripts/extract_inpatient_caps.py`; figures are kept as published and
their inconsistencies are listed in `data/program_2026_2028/inpatient_caps_notes.md`.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import polars as pl

from kepil.data import data_path
from kepil.errors import InvalidInput
from kepil.i18n import Text
from kepil.law.citation import Citation
from kepil.limits import quoted
from kepil.reference.messages import UNKNOWN_PROFILE
from kepil.reference.regions import Region, region, regions

ACT = "program-2026-2028"
# The appendix row and the clause that binds it (73: planning "1-қосымшаға сәйкес ... шекті көлемдерін
# ескере отырып").
CITATIONS: tuple[Citation, ...] = (Citation(ACT, "app1"), Citation(ACT, "73"))
# The Program is "2026–2028 жылдарға арналған": the caps have no other dates of their own.
VALID_FROM = dt.date(2026, 1, 1)
VALID_TO = dt.date(2028, 12, 31)

ALL_PROFILES = "all"
FIGURES = ("total", "children", "adults", "rural_total", "rural_children", "rural_adults")

# The footnote of app1 ("Ескертпе: *"), the meaning of `*`.
NO_BED_FUND = Text(
    kk="Медициналық көмекті басқа терапиялық төсек-орында немесе басқа өңірлерде алу себебінен бейін "
    "бойынша төсек-орын қоры жоқ.",
    ru="Коечный фонд по профилю отсутствует в связи с получением медицинской помощи на других "
    "терапевтических койках или в других регионах.",
    en="No bed fund for this profile: the care is received on other therapeutic beds or in other regions.",
)


@dataclass(frozen=True, slots=True)
class BedProfile:
    code: str
    order: int
    name: Text  # kk exactly as in the seed; ru and en are kepil's translations


@dataclass(frozen=True, slots=True)
class InpatientCap:
    """Planned cases of one region and bed profile; figures are None where the table prints `*`
    (`no_bed_fund`) and, for the three cities, in the rural columns the table does not have."""

    region: Region
    profile: BedProfile
    no_bed_fund: bool
    total: int | None
    children: int | None
    adults: int | None
    rural_total: int | None
    rural_children: int | None
    rural_adults: int | None
    seed_line: int
    citations: tuple[Citation, ...] = CITATIONS

    def as_dict(self, lang: str = "en") -> dict[str, Any]:
        """The JSON shape of `kepil caps --json`: codes first, then names and the legal basis."""
        return {
            "region": self.region.code,
            "profile": self.profile.code,
            **{f: getattr(self, f) for f in FIGURES},
            "status": "no_bed_fund" if self.no_bed_fund else "planned",
            "region_name": self.region.name[lang],
            "profile_name": self.profile.name[lang],
            "note": NO_BED_FUND[lang] if self.no_bed_fund else None,
            "valid_from": VALID_FROM.isoformat(),
            "valid_to": VALID_TO.isoformat(),
            "citations": [c.as_dict() for c in self.citations],
        }


def _int(cell: str) -> int | None:
    return int(cell) if cell else None


@cache
def profiles() -> tuple[BedProfile, ...]:
    """The 36 rows of app1 in the seed's order, "all profiles" (`all`) first."""
    with data_path("program_2026_2028", "bed_profiles.csv").open(encoding="utf-8") as f:
        return tuple(
            BedProfile(r["code"], int(r["order"]), Text(r["name_kk"], r["name_ru"], r["name_en"]))
            for r in csv.DictReader(f)
        )


@cache
def _profile_index() -> dict[str, BedProfile]:
    idx: dict[str, BedProfile] = {}
    for p in profiles():
        for key in (p.code, p.name.kk, p.name.ru, p.name.en):
            idx[" ".join(key.split()).casefold()] = p
    return idx


def profile(value: str, field: str = "profile") -> BedProfile:
    """The bed profile named by its code or its Kazakh name as in the seed (also ru/en; case-insensitive)."""
    found = _profile_index().get(" ".join(value.split()).casefold())
    if found is None:
        codes = ", ".join(p.code for p in profiles())
        raise InvalidInput(field, UNKNOWN_PROFILE.format(value=quoted(value), codes=codes))
    return found


@cache
def _table() -> dict[tuple[str, str], InpatientCap]:
    by_code = {p.code: p for p in profiles()}
    by_region = {r.code: r for r in regions()}
    table: dict[tuple[str, str], InpatientCap] = {}
    with data_path("program_2026_2028", "inpatient_caps.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            figures = {c: _int(row[c]) for c in FIGURES}
            table[row["region"], row["profile"]] = InpatientCap(
                region=by_region[row["region"]],
                profile=by_code[row["profile"]],
                no_bed_fund=row["status"] == "no_bed_fund",
                seed_line=int(row["seed_line"]),
                **figures,  # type: ignore[arg-type]
            )
    return table


def _as_region(value: str | Region) -> Region:
    return value if isinstance(value, Region) else region(value)


def _as_profile(value: str | BedProfile) -> BedProfile:
    return value if isinstance(value, BedProfile) else profile(value)


def cap(region_value: str | Region, profile_value: str | BedProfile = ALL_PROFILES) -> InpatientCap:
    """The cap of one region and profile (codes or Kazakh names; default: the "all profiles" row)."""
    return _table()[_as_region(region_value).code, _as_profile(profile_value).code]


def caps(
    region_value: str | Region | None = None, profile_value: str | BedProfile | None = None
) -> list[InpatientCap]:
    """All caps in the seed's order, optionally of one region and/or one profile."""
    r = None if region_value is None else _as_region(region_value).code
    p = None if profile_value is None else _as_profile(profile_value).code
    return [c for c in _table().values() if r in (None, c.region.code) and p in (None, c.profile.code)]


@cache
def caps_frame() -> pl.DataFrame:
    """The table as a polars DataFrame, one row per region × profile (join keys `region`, `profile`):
    the six figures as nullable Int64 (null for `*` and the cities' rural columns), `no_bed_fund`,
    `seed_line`, and the citation as `act` and `clause` (`app1`; binding clause `binding_clause` 73)."""
    import polars as pl  # only here: `kepil acts` and a single decision do not load it (issue 17)

    rows = list(_table().values())
    return pl.DataFrame(
        {
            "region": [c.region.code for c in rows],
            "profile": [c.profile.code for c in rows],
            "no_bed_fund": [c.no_bed_fund for c in rows],
            **{f: pl.Series(f, [getattr(c, f) for c in rows], dtype=pl.Int64) for f in FIGURES},
            "seed_line": [c.seed_line for c in rows],
            "act": [ACT] * len(rows),
            "clause": [CITATIONS[0].clause] * len(rows),
            "binding_clause": [CITATIONS[1].clause] * len(rows),
        }
    )
