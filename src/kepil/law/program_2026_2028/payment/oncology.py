"""The oncology ranges of app2 row 10 and a set-based ICD-10 range test."""

from __future__ import annotations

from functools import cache

import ibis
import ibis.expr.types as ir

from kepil.law.program_2026_2028 import payment_methods as pm
from kepil.reference.icd10 import CodeRanges


@cache
def oncology_ranges() -> CodeRanges:
    """app2.10 item 1: C00-C80, C97, D00-D09, D37-D44, D48 except C81-C96, D45-D47 (from the data file)."""
    m = pm.direction("oncology").method("neoplasm_hospital_care")
    assert m.icd10_include is not None and m.icd10_exclude is not None
    return CodeRanges.parse(f"{m.icd10_include} except {m.icd10_exclude}")


# Cyrillic capitals that look like the Latin letters of ICD-10 codes (published texts and data mix them).
HOMOGLYPHS = dict(zip("АВСЕНКМОРТХ", "ABCEHKMOPTX", strict=True))


def icd_key(icd: ir.StringValue, letters: str = "ABCEHKMOPTX") -> ir.StringValue:
    """The code as CodeRanges compares it: upper case, no dot ("c80.1" → "C801"), the Cyrillic look-alikes
    of `letters` made Latin ("С97" → "C97"). Plain `replace`s: `translate` costs ten times more per row."""
    key = icd.upper().replace(".", "").strip()
    for cyr, lat in HOMOGLYPHS.items():
        if lat in letters:
            key = key.replace(cyr, lat)
    return key


def in_ranges(icd: ir.StringValue, ranges: CodeRanges) -> ir.BooleanValue:
    """Set-based `ranges.contains`: an endpoint at category level covers all its subcategories."""
    items = ranges.items + (ranges.exclude.items if ranges.exclude is not None else ())
    return key_in_ranges(icd_key(icd, "".join(sorted({code[0] for pair in items for code in pair}))), ranges)


def key_in_ranges(key: ir.StringValue, ranges: CodeRanges) -> ir.BooleanValue:
    """`in_ranges` over a key `icd_key` already made (one key per claim for several tests)."""

    def any_of(r: CodeRanges) -> ir.BooleanValue:
        out: ir.BooleanValue = ibis.literal(False)
        for lo, hi in r.items:
            lo_k, hi_k = lo.replace(".", ""), hi.replace(".", "")
            out = out | ((key >= lo_k) & ((key <= hi_k) | key.startswith(hi_k)))
        return out

    hit = any_of(ranges)
    return hit & ~any_of(ranges.exclude) if ranges.exclude is not None else hit
