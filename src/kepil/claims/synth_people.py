"""Synthetic people for `kepil synth`: regions weighted by population, valid IINs made column-wise.

The IIN arithmetic is `kepil.reference.iin.make_iin`'s (birth date YYMMDD, century/sex digit, a 4-digit
registration serial, the check digit with weights 1..11, then 3..11,1,2), on numpy arrays. Each person
gets a distinct (birth date, sex, serial); a serial whose first 11 digits have no check digit is skipped,
as `make_iin` does.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from kepil.coverage.request import STATE_PAID_CATEGORIES
from kepil.reference.iin import WEIGHTS_1, WEIGHTS_2
from kepil.reference.regions import regions

EPOCH = dt.date(1970, 1, 1)

# Resident population by region on 1 January 2026, for weighting only (people). Source: Bureau of National
# Statistics of the ASPR, release of 2 February 2026 as reported by The Astana Times and Kazinform (the
# eight regions it names exactly: Almaty city, Turkistan, Astana, Almaty region, Shymkent, Jambyl,
# Karaganda, Ulytau); the other twelve are the Bureau's 2025 figures rounded to thousands. Illustrative:
# a user's weights may differ by a few percent.
POPULATION: dict[str, int] = {
    "abai": 595_000,
    "akmola": 785_000,
    "aktobe": 950_000,
    "almaty_region": 1_596_331,
    "atyrau": 705_000,
    "west_kazakhstan": 695_000,
    "jambyl": 1_215_373,
    "jetisu": 695_000,
    "karaganda": 1_131_287,
    "kostanay": 825_000,
    "kyzylorda": 845_000,
    "mangystau": 810_000,
    "pavlodar": 750_000,
    "north_kazakhstan": 513_000,
    "turkistan": 2_148_658,
    "ulytau": 218_993,
    "east_kazakhstan": 700_000,
    "almaty": 2_347_924,
    "astana": 1_638_233,
    "shymkent": 1_293_648,
}

_W1 = np.array(WEIGHTS_1, dtype=np.int64)
_W2 = np.array(WEIGHTS_2, dtype=np.int64)
_SERIAL_LIMIT = 9_000  # registry persons use serials below this; "unknown" people 9000-9999


def region_codes() -> list[str]:
    return [r.code for r in regions()]


def region_weights() -> np.ndarray:
    pop = np.array([POPULATION[c] for c in region_codes()], dtype=np.float64)
    return pop / pop.sum()


def days(d: dt.date) -> int:
    """Days since 1970-01-01 (the integer behind a polars/Arrow date32)."""
    return (d - EPOCH).days


def civil(day_numbers: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(year, month, day) arrays from days since 1970-01-01 (proleptic Gregorian), via a table of the
    days spanned (a few tens of thousands) rather than a date conversion per row."""
    if day_numbers.shape[0] == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    lo, hi = int(day_numbers.min()), int(day_numbers.max())
    d = np.arange(lo, hi + 1).astype("datetime64[D]")
    y = d.astype("datetime64[Y]").astype(np.int64) + 1970
    m = (d.astype("datetime64[M]").astype(np.int64) % 12) + 1
    dd = (d - d.astype("datetime64[M]")).astype(np.int64) + 1
    i = day_numbers - lo
    return y[i], m[i], dd[i]


def make_iins(birth_days: np.ndarray, female: np.ndarray, serial_base: int = 0) -> np.ndarray:
    """Distinct valid IINs (int64, 12 digits with leading zeros implied) for births and sexes.

    The n-th person of one (birth date, sex) gets serials from serial_base + 4n; the first of the four
    that has a check digit is used (all four lacking one has probability ~1e-8; it raises).
    """
    n = birth_days.shape[0]
    y, m, d = civil(birth_days)
    century = np.where(y >= 2000, 5, np.where(y >= 1900, 3, 1)) + female.astype(np.int64)
    key = birth_days.astype(np.int64) * 2 + female.astype(np.int64)
    order = np.argsort(key)
    sk = key[order]
    starts = np.r_[0, np.flatnonzero(np.diff(sk)) + 1]
    group_start = np.repeat(starts, np.diff(np.r_[starts, n]))
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n) - group_start
    serial0 = serial_base + 4 * rank
    if n and serial0.max() + 3 > (9_999 if serial_base else _SERIAL_LIMIT - 1):
        raise ValueError("too many people born on one day for the synthetic serial ranges")
    # the weighted digit sums of YYMMDD and the century digit, then of the serial's 4 digits
    yy = y % 100
    head = (yy // 10, yy % 10, m // 10, m % 10, d // 10, d % 10, century)
    h1 = sum(digit * w for digit, w in zip(head, _W1[:7], strict=True))
    h2 = sum(digit * w for digit, w in zip(head, _W2[:7], strict=True))
    first11 = ((yy * 10_000 + m * 100 + d) * 10 + century) * 10_000 + serial0
    out = np.full(n, -1, dtype=np.int64)
    todo = np.arange(n)
    for j in range(4):  # nearly every number succeeds with j = 0; the rest are retried
        serial = serial0[todo] + j
        tail = (serial // 1000, serial // 100 % 10, serial // 10 % 10, serial % 10)
        s1 = (h1[todo] + sum(digit * w for digit, w in zip(tail, _W1[7:], strict=True))) % 11
        s2 = (h2[todo] + sum(digit * w for digit, w in zip(tail, _W2[7:], strict=True))) % 11
        check = np.where(s1 != 10, s1, s2)
        ok = check != 10
        out[todo[ok]] = (first11[todo[ok]] + j) * 10 + check[ok]
        todo = todo[~ok]
        if not todo.size:
            break
    if todo.size:
        raise ValueError("no valid check digit in four consecutive serials")
    return out


def iin_strings(values: np.ndarray) -> pl.Series:
    """12-digit strings with leading zeros (1 followed by the number, less its first character)."""
    return (pl.Series("iin", values + 10**12, dtype=pl.Int64).cast(pl.Utf8)).str.slice(1)


def birth_days(rng: np.random.Generator, n: int, on: dt.date) -> np.ndarray:
    """Birth dates for ages 0-90 on `on`, fewer of the old (a rough pyramid)."""
    age_years = rng.gamma(shape=2.2, scale=15.0, size=n)
    old = age_years >= 90.0
    age_years[old] = rng.uniform(60.0, 90.0, int(old.sum()))
    return days(on) - (age_years * 365.25).astype(np.int64) - 1


def persons(
    rng: np.random.Generator,
    n: int,
    region: np.ndarray,
    on: dt.date,
    *,
    insured_share: float = 0.85,
    lapsed_share: float = 0.10,
) -> dict[str, np.ndarray]:
    """Column arrays of `n` living people of the given region indices (no IIN yet; see `make_iins`).

    Insurance: `insured_share` open intervals from 2020-2025, `lapsed_share` intervals that ended before
    `on`, the rest never insured (both dates null, encoded -1).
    """
    born = birth_days(rng, n, on)
    female = rng.random(n) < 0.52
    residency = rng.choice(6, n, p=[0.955, 0.012, 0.003, 0.015, 0.012, 0.003])  # RESIDENCIES order
    u = rng.random(n)
    start_lo, start_hi = days(dt.date(2020, 1, 1)), days(dt.date(2025, 12, 31))
    ins_from = np.where(u < insured_share + lapsed_share, rng.integers(start_lo, start_hi, n), -1)
    ins_from = np.maximum(ins_from, np.where(ins_from >= 0, born, -1))
    lapsed = (u >= insured_share) & (u < insured_share + lapsed_share)
    ins_to = np.where(lapsed, np.minimum(ins_from + rng.integers(30, 900, n), days(on) - 1), -1)
    ins_from = np.where(lapsed, np.minimum(ins_from, ins_to), ins_from)
    age = (days(on) - born) / 365.25
    cat = np.full(n, -1, dtype=np.int64)
    cats = list(STATE_PAID_CATEGORIES)
    # coverage.md: the state pays for children who are citizens, kandas or permanent residents.
    settled = np.isin(residency, [0, 1, 3])
    cat[settled & (age < 18)] = cats.index("child")
    cat[settled & (age >= 63) & (rng.random(n) < 0.8)] = cats.index("pension_recipient")
    adults = settled & (age >= 18) & (age < 63)
    cat[adults & (rng.random(n) < 0.03)] = cats.index("disabled")
    cat[adults & (rng.random(n) < 0.02)] = cats.index("full_time_student")
    i32 = np.int32
    return {
        "region": region.astype(np.int8),
        "birth": born.astype(i32),
        "female": female,
        "residency": residency.astype(np.int8),
        "insured_from": ins_from.astype(i32),
        "insured_to": ins_to.astype(i32),
        "category": cat.astype(np.int8),
        "death": np.full(n, -1, dtype=i32),
    }
