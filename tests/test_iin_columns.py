"""The IIN rule has one definition, `kepil.reference.iin` (what `kepil iin` answers); the column checks of
the batch readers (`kepil.claims.columns.iin_valid`: the claims of `kepil monitor run`, the coverage
batch's `_iin_table`) must agree with it on any value, 12 digits or not."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from kepil.claims.columns import iin_valid
from kepil.coverage.batch import _iin_table
from kepil.reference.iin import make_iin, parse_iin
from kepil.reference.iin_arrays import checked, invalid_values

DIGITS = st.text(alphabet="0123456789", min_size=12, max_size=12)
MALFORMED = st.one_of(
    st.text(alphabet="0123456789", min_size=0, max_size=14),  # too short, too long
    st.text(alphabet="0123456789 -+.\t٣x", min_size=11, max_size=13),  # signs, spaces, a non-ASCII digit
    st.text(min_size=0, max_size=13),  # anything, multi-byte characters included
    DIGITS.map(lambda d: f" {d}"),  # a valid-looking number with a space: not exactly the file's value
)
VALID = st.builds(
    lambda day, sex, serial: make_iin(day, sex, serial),
    st.dates(dt.date(1900, 1, 1), dt.date(2099, 12, 31)),
    st.sampled_from(["male", "female"]),
    st.integers(0, 9_000),
)
VALUES = st.lists(st.one_of(DIGITS, MALFORMED, VALID, st.none()), min_size=1, max_size=40)


def _single(value: str) -> bool:
    """The reference's answer for the value exactly as a file holds it (`parse_iin` strips a typed-in
    number's surrounding spaces; a file's value is read as it is)."""
    return value == value.strip() and parse_iin(value).valid


@settings(max_examples=300, deadline=None)
@given(values=VALUES)
def test_the_column_check_is_the_single_check(values: list[str | None]) -> None:
    got = iin_valid(pl.Series(values, dtype=pl.Utf8))
    assert list(got) == [v is None or _single(v) for v in values]


@settings(max_examples=200, deadline=None)
@given(values=VALUES)
def test_the_coverage_batch_reads_validity_and_birth_as_the_single_path(values: list[str | None]) -> None:
    table = {r["person.iin"]: r for r in _iin_table(pl.Series(values, dtype=pl.Utf8)).iter_rows(named=True)}
    for v in {v for v in values if v is not None}:
        info = parse_iin(v)
        assert table[v]["__iin_valid"] == _single(v), v
        if _single(v):
            assert table[v]["__iin_birth"] == info.birth_date, v


@settings(max_examples=200, deadline=None)
@given(values=VALUES, chunked=st.booleans(), view=st.booleans())
def test_the_payment_runs_invalid_values_are_those_the_single_check_refuses(
    values: list[str | None], chunked: bool, view: bool
) -> None:
    """`kepil pay` refuses an attachment or a complex-tariff claim by the values `invalid_values` finds
    (polars-free, on the Arrow column DuckDB gives, in any of its string layouts): exactly the values the
    single check refuses, each once, in the order they first appear."""
    arr = pa.array(values, pa.string_view() if view else pa.string())
    column = pa.chunked_array([arr[:1], arr[1:]]) if chunked else arr
    bad = [v for v in values if v is not None and not _single(v)]
    assert invalid_values(column) == tuple(dict.fromkeys(bad))


@settings(max_examples=200, deadline=None)
@given(before=VALUES, values=VALUES, after=VALUES)
def test_a_slice_of_a_column_is_checked_as_its_own_values(
    before: list[str | None], values: list[str | None], after: list[str | None]
) -> None:
    """An Arrow batch is often a slice of a larger column (offset > 0, the buffers shared): `checked`
    reads only the slice's values, each as the single check does, and says which are null."""
    arr = pa.array(before + values + after, pa.large_string()).slice(len(before), len(values))
    ok, nulls, _ = checked(arr)
    assert list(nulls) == [v is None for v in values]
    assert list(ok) == [v is not None and _single(v) for v in values]
