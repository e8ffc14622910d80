"""ICD-10 (WHO 2019) codes and the range expressions of the acts (program-2026-2028 app2 row 10)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kepil.errors import InvalidInput
from kepil.reference.icd10 import CodeRanges, ancestors, check_icd10, description, is_valid, normalize

# program-2026-2028 app2 row 10, as published (with a Cyrillic "С" in "С97").
SOLID_TUMOURS = "C00-C80, С97, D00-D09,\nD37-D44, D48"
HAEMATOLOGICAL = "C81-C96, D45-D47"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("K801", "K80.1"), (" k80.1 ", "K80.1"), ("K80", "K80"), ("С97", "C97"), ("A17.0†", "A17.0"),
     ("G01*", "G01"), ("u071", "U07.1"), ("hello", "HELLO")],
)  # fmt: skip
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@pytest.mark.parametrize("code", ["K80", "K80.1", "K801", "C50.9", "A15.0", "U07.1", "Z21", "I21.0"])
def test_valid_codes(code: str) -> None:
    assert is_valid(code)


@pytest.mark.parametrize("code", ["K80.9.1", "K99.9", "XI", "K80-K87", "A15-A19", "Q", "", "123", "K80.A"])
def test_invalid_codes_chapters_and_blocks_are_not_diagnoses(code: str) -> None:
    assert not is_valid(code)


def test_check_icd10_names_field_and_value() -> None:
    assert check_icd10("k801") == "K80.1"
    with pytest.raises(InvalidInput) as e:
        check_icd10("K99.9")
    assert e.value.field == "service.icd10"
    assert "'K99.9'" in e.value.message


def test_ancestors_and_description() -> None:
    assert ancestors("K80.1") == ["K80", "K80-K87", "XI"]
    assert "gallbladder" in description("K80.1").lower()
    with pytest.raises(InvalidInput):
        ancestors("K80-K87")


def test_app2_row10_solid_tumour_ranges_as_published() -> None:
    r = CodeRanges.parse(SOLID_TUMOURS)
    assert str(r) == "C00-C80, C97, D00-D09, D37-D44, D48"
    for inside in ["C00", "C50.9", "C80.9", "C97", "D05.1", "D37.0", "D44.9", "D44", "D48.1"]:
        assert r.contains(inside), inside
    for outside in ["C81", "C92.0", "C96.9", "D10", "D36.9", "D45", "D47.1", "D49", "B99"]:
        assert not r.contains(outside), outside


def test_haematological_ranges_complement_solid_tumours() -> None:
    solid, haem = CodeRanges.parse(SOLID_TUMOURS), CodeRanges.parse(HAEMATOLOGICAL)
    assert haem.contains("C92.0") and not solid.contains("C92.0")
    assert haem.contains("D46.9") and not solid.contains("D46.9")


def test_en_dash_em_dash_and_spaces() -> None:
    assert CodeRanges.parse("C00 – C80; D37—D44") == CodeRanges.parse("C00-C80, D37-D44")


def test_subcategory_endpoints() -> None:
    r = CodeRanges.parse("A15.0-A15.3")
    assert r.contains("A15.0") and r.contains("A15.3") and r.contains("A152")
    assert not r.contains("A15.4") and not r.contains("A15") and not r.contains("A14.9")


@pytest.mark.parametrize("word", ["except", "кроме", "қоспағанда"])
def test_except_list(word: str) -> None:
    r = CodeRanges.parse(f"C00-C97 {word} C81-C96, C50.1")
    assert r.exclude is not None and str(r.exclude) == "C81-C96, C50.1"
    assert r.contains("C50.9") and not r.contains("C50.1") and not r.contains("C85.1") and r.contains("C97")


@pytest.mark.parametrize(
    ("expr", "problem"),
    [("C80-C00", "backwards"), ("C00-K99.9", "not an ICD-10"), ("C00-C10-C20", "two codes"),
     ("", "no ICD-10 code"), ("A90", "not an ICD-10")],
)  # fmt: skip
def test_bad_range_expressions(expr: str, problem: str) -> None:
    with pytest.raises(InvalidInput, match=problem):
        CodeRanges.parse(expr, field="x")


def test_codes_matching() -> None:
    r = CodeRanges.parse("C00-C80")
    assert r.codes_matching(["C50.9", "K80.1", "C509", "C81"]) == {"C50.9", "C509"}


def test_contains_is_fast() -> None:
    r = CodeRanges.parse(SOLID_TUMOURS)
    codes = [f"C{i:02d}.{j}" for i in range(100) for j in range(10)]
    start = time.perf_counter()
    for _ in range(20):
        for c in codes:
            r.contains(c)
    per_call = (time.perf_counter() - start) / (20 * len(codes))
    assert per_call < 5e-6, f"{per_call * 1e6:.2f} µs per contains"


def test_seed_app2_row10_text(seeds_dir: Path) -> None:
    """The expression parsed above is the one printed in program-2026-2028 app2 (seed 003)."""
    text = (seeds_dir / "003_818f68c881cbfe56.txt").read_text(encoding="utf-8")
    assert "C00-C80, С97, D00-D09,\nD37-D44, D48" in text
    assert "C81-C96, D45-D47" in text
