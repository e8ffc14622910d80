"""Whole-column checks of the batch inputs on numpy: IIN check digits and birth dates, repeated keys.

The IIN rule is read straight from the Arrow bytes of the column (`kepil.reference.iin_arrays`): ~10 x
faster than deciding each distinct value with the coverage batch's `_iin_table` (which also reads birth
dates), which matters at 10 M claims.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from kepil.reference.iin import CENTURY
from kepil.reference.iin_arrays import checked


def iin_valid(values: pl.Series) -> np.ndarray:
    """Per row: the value is a valid IIN; null rows count as valid (the required-value check names them)."""
    ok, nulls, _ = _checked(values, 0)
    return ok | nulls


def iin_birth(values: pl.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per row: (the value is a valid IIN or null, as `iin_valid`; its birth date as days since 1970-01-01;
    whether it has one — a valid IIN whose digits 1–6 and 7 are a date of `kepil.reference.iin.CENTURY`)."""
    ok, nulls, digits = _checked(values, 7)
    n = len(ok)
    if not ok.any():
        return ok | nulls, np.zeros(n, dtype=np.int32), np.zeros(n, dtype=bool)
    d = [x.astype(np.int32) for x in digits[:7]]
    century = _CENTURY[np.clip(d[6], 0, 9)]
    year = century + d[0] * 10 + d[1]
    month = d[2] * 10 + d[3]
    day = d[4] * 10 + d[5]
    born = ok & (century >= 0) & (month >= 1) & (month <= 12)
    month = np.where(born, month, 1)
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    born &= (day >= 1) & (day <= _MONTH_DAYS[month] + ((month == 2) & leap))
    return ok | nulls, np.where(born, _days(year, month, day), 0).astype(np.int32), born


_CENTURY = np.full(10, -1, dtype=np.int32)
_CENTURY[list(CENTURY)] = list(CENTURY.values())
_MONTH_DAYS = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int32)


def _days(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Days since 1970-01-01 of each proleptic Gregorian date (years ≥ 0; H. Hinnant's days_from_civil)."""
    y = year - (month <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * np.where(month > 2, month - 3, month + 9) + 2) // 5 + day - 1
    return era * 146097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 719468


def _checked(values: pl.Series, kept: int) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    return checked(values.cast(pl.Utf8).to_arrow(), kept)


def first_repeat(values: pl.Series) -> tuple[int, int] | None:
    """(index of the first row whose value occurred before, index of that earlier row), 0-based; None
    when no non-null value repeats. 64-bit hashes sorted, then the few equal hashes compared exactly."""
    h = values.hash(seed=20260101).to_numpy()
    live = ~values.is_null().to_numpy()
    hs = np.sort(h[live])
    same = hs[1:] == hs[:-1]
    if not same.any():
        return None
    rows = np.flatnonzero(live & np.isin(h, np.unique(hs[1:][same])))
    sub = pl.DataFrame({"row": rows, "value": values.gather(rows)})
    repeats = sub.filter(~pl.col("value").is_first_distinct())
    if repeats.height == 0:  # only hash collisions
        return None
    row, value = repeats.row(0)
    first = sub.filter(pl.col("value") == value)["row"][0]
    return int(row), int(first)
