"""A YAML file a person gives — a tariff book, a reform, the what-if's tariffs — nested past JSON's bound
(`kepil.limits.MAX_JSON_DEPTH`) by brackets is refused as "nested too deep" naming the file (by
indentation, libyaml's own limit refuses it with its line), never a RecursionError
(`kepil.data.load_bounded_yaml`, their one reader); one at the bound is read."""

from __future__ import annotations

from pathlib import Path

import pytest

from kepil.data import TooDeep, load_bounded_yaml
from kepil.errors import InvalidInput
from kepil.law.program_2026_2028.tariffs import TariffBookError, load_tariffs
from kepil.limits import MAX_JSON_DEPTH
from kepil.whatif.reform import reform_from_text

BRACKETS = "a: " + "[" * 5_000 + "]" * 5_000 + "\n"
INDENTED = "".join(f"{' ' * i}k{i}:\n" for i in range(5_000)) + " " * 5_000 + "x: 1\n"


def test_too_deep_is_refused_not_a_recursion() -> None:
    with pytest.raises(TooDeep):
        load_bounded_yaml(BRACKETS)


def test_at_the_bound_it_is_read() -> None:
    depth = MAX_JSON_DEPTH - 1  # the mapping itself is one level
    assert load_bounded_yaml("a: " + "[" * depth + "]" * depth + "\n") is not None
    with pytest.raises(TooDeep):
        load_bounded_yaml("a: " + "[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1) + "\n")


@pytest.mark.parametrize("text", [BRACKETS, INDENTED], ids=["brackets", "indentation"])
def test_a_tariff_book_nested_too_deep_names_the_file(tmp_path: Path, text: str) -> None:
    path = tmp_path / "book.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TariffBookError) as e:
        load_tariffs(path)
    said = e.value.text("en")  # libyaml stops a deep indentation itself: a YAML error with its line
    assert e.value.field == "book.yaml" and ("nested too deep" in said or "line 1000" in said), said


def test_a_reform_nested_too_deep_names_it() -> None:
    with pytest.raises(InvalidInput) as e:
        reform_from_text(BRACKETS, "reform")
    assert e.value.field == "reform" and "nested too deep" in e.value.text("en")
