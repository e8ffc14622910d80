"""Numbers and the nouns after them agree in every language (kepil.i18n: `{n|form|…}` in a template).

The rules are CLDR's cardinal plural rules, written out for the three languages kepil speaks; Babel, which
carries CLDR, is the reference they are checked against.
"""

from __future__ import annotations

import pytest
from babel.core import Locale
from hypothesis import given
from hypothesis import strategies as st

from kepil.i18n import Text, agree, plural_index
from kepil.web.texts import COMMON

CATEGORIES = {"kk": ("one", "other"), "ru": ("one", "few", "many"), "en": ("one", "other")}


@given(st.integers(min_value=0, max_value=10**12))
def test_plural_index_is_cldr(n: int) -> None:
    for lang, order in CATEGORIES.items():
        assert order[plural_index(lang, n)] == Locale.parse(lang).plural_form(n), (lang, n)


@pytest.mark.parametrize(
    ("n", "ru", "en"),
    [(0, "строк", "rows"), (1, "строки", "row"), (2, "строк", "rows"), (11, "строк", "rows"),
     (21, "строки", "rows"), (101, "строки", "rows"), (111, "строк", "rows"), (1_000_001, "строки", "rows")],
)  # fmt: skip
def test_rows_shown_agrees(n: int, ru: str, en: str) -> None:
    text = COMMON["rows_shown"].format(shown=min(n, 50), total=n)
    assert text.ru.endswith(f"из {n} {ru}")
    assert text.en == f"{min(n, 50)} of {n} {en} shown"
    assert text.kk == f"{min(n, 50)} / {n} жол көрсетілді"  # a Kazakh noun after a number stays singular


@pytest.mark.parametrize(
    ("value", "index"),
    [
        ("1,000,001", 0),
        ("1 000 001", 0),
        ("1\u202f000\u00a0002", 1),
        ("12", 2),
        ("1.5", 1),
        ("—", 1),
        (None, 1),
    ],
)
def test_numbers_already_written(value: object, index: int) -> None:
    """Counts are often passed already formatted with thousands separators; a fraction or a word takes
    the form CLDR gives a fraction (ru "few": 1,5 строки)."""
    assert plural_index("ru", value) == index


def test_russian_forms_by_case() -> None:
    """The forms a template lists are its own case: after «из» the genitive (1 строки, 5 строк), in the
    nominative (1 строка, 2 строки, 5 строк)."""
    t = Text("{n} жол", "{n} {n|строка|строки|строк}", "{n} {n|row|rows}")
    assert [t.format(n=k).ru for k in (1, 3, 5, 14, 22)] == ["1 строка", "3 строки", "5 строк", "14 строк",
                                                                 "22 строки"]  # fmt: skip
    assert [t.format(n=k).en for k in (0, 1, 2)] == ["0 rows", "1 row", "2 rows"]
    assert agree("en", 1, "row has|rows have") == "row has"


def test_braces_left_alone() -> None:
    """A template without forms formats as str.format does; a `|` outside braces is text."""
    t = Text("{a} | {b}", "{a} | {b}", "{a} | {b}")
    assert t.format(a=1, b=2).en == "1 | 2"
