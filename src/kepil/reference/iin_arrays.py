"""IIN check digits over a whole Arrow column, on numpy (no polars): the claims readers', the coverage
batch's and the payment run's one vectorised reading of `kepil.reference.iin`'s rule (12 digits; check digit
= sum(digit_i * i) mod 11 over the first 11 digits, or with the weights 3..11, 1, 2 when that is 10; no
valid IIN when both give 10), read straight from the column's bytes."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from kepil.reference.iin import WEIGHTS_1, WEIGHTS_2


def checked(
    values: pa.Array | pa.ChunkedArray, kept: int = 0
) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """(per row: a valid IIN; null; its first `kept` digits as int16 columns, meaningful where valid — only
    those asked for are kept: 10,000,000 claims' twelve columns would hold 240 MB). `values`: strings."""
    arr = _strings(values)
    n = len(arr)
    if n == 0:
        return np.ones(0, dtype=bool), np.zeros(0, dtype=bool), []
    nulls = np.zeros(n, dtype=bool) if arr.null_count == 0 else np.asarray(arr.is_null())
    offsets = np.frombuffer(arr.buffers()[1], dtype=np.int64)[arr.offset : arr.offset + n + 1]
    data = (
        np.frombuffer(arr.buffers()[2], dtype=np.uint8)
        if arr.buffers()[2] is not None
        else np.zeros(1, np.uint8)
    )
    lengths = np.diff(offsets)
    ok = ~nulls & (lengths == 12)
    first = int(offsets[0])
    if ok.all() and data.shape[0] >= first + 12 * n:
        # every value is 12 bytes: the buffer is an n x 12 matrix of characters (no copy)
        chars = data[first : first + 12 * n].reshape(n, 12)
        column = [chars[:, i] for i in range(12)]
    else:
        start = np.where(ok, offsets[:-1], 0)
        if data.shape[0] < 12:
            return np.zeros(n, dtype=bool), nulls, []
        start = np.minimum(start, data.shape[0] - 12)
        column = [data[start + i] for i in range(12)]
    s1 = np.zeros(n, dtype=np.int16)
    s2 = np.zeros(n, dtype=np.int16)
    digits = []
    for i in range(12):
        digit = column[i].astype(np.int16) - 48
        if i < kept:
            digits.append(digit)
        ok &= (digit >= 0) & (digit <= 9)
        if i < 11:
            s1 += digit * WEIGHTS_1[i]
            s2 += digit * WEIGHTS_2[i]
    s1 %= 11
    s2 %= 11
    check = np.where(s1 != 10, s1, s2)
    ok &= (check != 10) & (check == digit)  # the twelfth digit
    return ok, nulls, digits


INVALID_SHOWN = 1000


def invalid_values(values: pa.Array | pa.ChunkedArray) -> tuple[str, ...]:
    """The distinct values of `values` that are not valid IINs (nulls are not), in the order they first
    appear; at most `INVALID_SHOWN` of them (the first bad row's value is always among them)."""
    arr = _strings(values)
    ok, nulls, _ = checked(arr)
    bad = ~(ok | nulls)
    if not bad.any():
        return ()
    distinct = pc.unique(arr.filter(pa.array(bad)))  # in the order they first appear
    return tuple(distinct.slice(0, INVALID_SHOWN).to_pylist())


def _strings(values: pa.Array | pa.ChunkedArray) -> pa.Array:
    """`values` as one large_string array (offsets and bytes the checks read; string views are not)."""
    arr = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    return arr if arr.type == pa.large_string() else arr.cast(pa.large_string())
