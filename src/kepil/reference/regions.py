"""The 17 oblasts and 3 cities of republican significance (the regions of `program-2026-2028` app1).

Codes are stable English slugs; `iso_3166_2` is kept beside them. Names in kk are spelled as in the seed.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from typing import Literal

from kepil.data import data_path
from kepil.errors import InvalidInput
from kepil.i18n import Text
from kepil.limits import quoted
from kepil.reference.messages import UNKNOWN_REGION


@dataclass(frozen=True, slots=True)
class Region:
    code: str
    iso_3166_2: str
    kind: Literal["oblast", "city"]
    name: Text

    @property
    def is_city(self) -> bool:
        return self.kind == "city"


@cache
def regions() -> tuple[Region, ...]:
    """All 20 regions, oblasts first, in the order of the seed's appendix 1."""
    with data_path("reference", "regions.csv").open(encoding="utf-8") as f:
        return tuple(
            Region(r["code"], r["iso_3166_2"], r["kind"], Text(r["name_kk"], r["name_ru"], r["name_en"]))  # type: ignore[arg-type]
            for r in csv.DictReader(f)
        )


@cache
def _index() -> dict[str, Region]:
    idx: dict[str, Region] = {}
    for r in regions():
        for key in (r.code, r.iso_3166_2, r.name.kk):
            idx[key.casefold()] = r
    return idx


@cache
def region_codes() -> dict[str, str]:
    """Every spelling `region` accepts (code, ISO 3166-2 code, Kazakh name; case-folded) → the region code:
    the look-up table of the set-based readers (claims, payment, access and medicines files)."""
    return {key: r.code for key, r in _index().items()}


def region(value: str, field: str = "region") -> Region:
    """The region named by its code, ISO 3166-2 code or Kazakh name as in the seed (case-insensitive)."""
    found = _index().get(value.strip().casefold())
    if found is None:
        codes = ", ".join(r.code for r in regions())
        shown = quoted(value)  # a long value is quoted by its first characters (issue 14)
        raise InvalidInput(field, UNKNOWN_REGION.format(value=shown, codes=codes))
    return found
