"""Reference lists the acts cite without containing them: ҚР ДСМ-108/2020 (program-2026-2028 19, 24.1,
26, 29), ҚР ДСМ-121/2020 (migrant-care-rules 5), ҚР ДСМ-162/2020 (program-2026-2028 33.2)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kepil.errors import InvalidInput
from kepil.reference import disease_lists as dl

D = dt.date
EVE, NEW = D(2025, 12, 31), D(2026, 1, 1)


def test_lists_present() -> None:
    """The three complete lists and the partial reconstructions of issue 13 (62, 64, 21/52.3/70, 53, 59.6)."""
    assert dl.list_ids() == (
        "dangerous_to_others", "dynamic_observation", "infectious_inpatient_gvfmc",
        "inpatient_round_the_clock", "outpatient_drugs", "rehabilitation", "socially_significant",
        "treatment_abroad",
    )  # fmt: skip
    complete = {"dangerous_to_others", "infectious_inpatient_gvfmc", "socially_significant"}
    for v in dl.lists():
        assert v.source and v.certainty and v.entries
        assert "reconstruct" in v.certainty.lower()  # not the official text, and it says so
        assert v.completeness == (dl.COMPLETE if v.id in complete else dl.PARTIAL), v.id
        assert all(e.certainty in {"high", "medium", "low"} for e in v.entries)


def test_socially_significant_diabetes_leaves_on_2026_01_01() -> None:
    """ҚР ДСМ-108/2020 amended in force from 2026-01-01: diabetes E10–E14 removed."""
    assert dl.contains("socially_significant", "E11.9", EVE) is True
    assert dl.contains("socially_significant", "E11.9", NEW) is False


def test_socially_significant_epilepsy_enters_on_2026_01_01() -> None:
    """ҚР ДСМ-108/2020 amended in force from 2026-01-01: epilepsy G40 added."""
    assert dl.contains("socially_significant", "G40", EVE) is False
    assert dl.contains("socially_significant", "G40.9", NEW) is True


@pytest.mark.parametrize(("code", "before", "after"), [
    ("G80.0", True, False),  # cerebral palsy removed
    ("I05.0", True, False),  # rheumatism removed
    ("M32.1", True, False),  # systemic connective tissue removed
    ("I63.9", False, True),  # cerebrovascular added
    ("A15.0", True, True), ("C50.9", True, True), ("F20.0", True, True), ("B20", True, True),
    ("K80.1", False, False), ("M54.5", False, False), ("S52.5", False, False),
])  # fmt: skip
def test_socially_significant_versions(code: str, before: bool, after: bool) -> None:
    assert dl.contains("socially_significant", code, EVE) is before
    assert dl.contains("socially_significant", code, NEW) is after


def test_versions_switch_exactly_at_midnight() -> None:
    old, new = dl.list_in_force("socially_significant", EVE), dl.list_in_force("socially_significant", NEW)
    assert old is not None and new is not None
    assert old.effective_to == EVE and new.effective_from == NEW and new.effective_to is None


def test_no_list_in_force_before_the_order() -> None:
    assert dl.list_in_force("socially_significant", D(2019, 1, 1)) is None
    assert dl.contains("socially_significant", "A15.0", D(2019, 1, 1)) is None


@pytest.mark.parametrize(("code", "expected"), [
    ("A15.0", True), ("B20", True), ("A00.9", True), ("U07.1", True), ("A98.4", True), ("B05.9", True),
    ("K35.8", False), ("J06.9", False), ("E11.9", False),
])  # fmt: skip
def test_dangerous_to_others(code: str, expected: bool) -> None:
    """migrant-care-rules 5: GVFMC for temporary residents by the list of ҚР ДСМ-121/2020."""
    assert dl.contains("dangerous_to_others", code, D(2026, 5, 10)) is expected


@pytest.mark.parametrize(("code", "expected"), [
    ("A09.9", True), ("B01.9", True), ("U07.1", True), ("J10.1", True),
    ("B90.9", False), ("B95.0", False), ("K35.8", False), ("J18.9", False),
])  # fmt: skip
def test_infectious_inpatient_gvfmc(code: str, expected: bool) -> None:
    """program-2026-2028 33.2: inpatient GVFMC for the ICD-10 list of ҚР ДСМ-162/2020."""
    assert dl.contains("infectious_inpatient_gvfmc", code, D(2026, 5, 10)) is expected


def test_unknown_list_and_bad_code() -> None:
    with pytest.raises(InvalidInput, match="unknown list 'nope'"):
        dl.list_in_force("nope", NEW)
    with pytest.raises(InvalidInput) as e:
        dl.contains("socially_significant", "K99.9", NEW)
    assert e.value.field == "service.icd10"


def test_sources_cite_the_orders_the_seeds_cite(seeds_dir: Path) -> None:
    seeds = " ".join(p.read_text(encoding="utf-8") for p in seeds_dir.glob("*.txt"))
    seeds = " ".join(seeds.split())
    for list_id, order, reg in [("socially_significant", "ДСМ-108/2020", "21263"),
                                ("dangerous_to_others", "ДСМ-121/", "21407"),
                                ("infectious_inpatient_gvfmc", "ДСМ-162/2020", "21537")]:  # fmt: skip
        v = dl.list_in_force(list_id, NEW)
        assert v is not None and order.rstrip("/") in v.source and reg in v.source
        assert order in seeds and reg in seeds


OFFICIAL = """
id: socially_significant
name: {kk: Ә, ru: С, en: S}
versions:
  - source: official text
    effective_from: 2026-01-01
    certainty: official
    entries:
      - name: {kk: Қант диабеті, ru: Сахарный диабет, en: Diabetes}
        icd10: E10–E14
        certainty: high
"""


@pytest.fixture
def override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(dl.REFERENCE_DIR_ENV, str(tmp_path))
    return tmp_path


def test_override_dir_replaces_a_list(override: Path) -> None:
    (override / "ssd.yaml").write_text(OFFICIAL, encoding="utf-8")
    assert dl.contains("socially_significant", "E11.9", NEW) is True
    assert dl.contains("socially_significant", "G40", NEW) is False
    assert dl.list_in_force("socially_significant", EVE) is None  # the whole list was replaced
    assert dl.contains("dangerous_to_others", "A15.0", NEW) is True  # the others stay


def test_override_unknown_code_names_file_and_entry(override: Path) -> None:
    (override / "ssd.yaml").write_text(OFFICIAL.replace("E10–E14", "E10-E99"), encoding="utf-8")
    with pytest.raises(InvalidInput) as e:
        dl.lists()
    assert e.value.field.startswith("ssd.yaml:versions[0].entries[0].icd10")
    assert "'E99'" in e.value.message


@pytest.mark.parametrize(("old", "new", "where"), [
    ("effective_from: 2026-01-01", "effective_from: 2026-02-30", "effective_from"),
    ("source: official text", "source: ''", "source"),
    ("{kk: Қант диабеті, ru: Сахарный диабет, en: Diabetes}", "{kk: Қант диабеті}", "name"),
])  # fmt: skip
def test_override_bad_fields(override: Path, old: str, new: str, where: str) -> None:
    (override / "ssd.yaml").write_text(OFFICIAL.replace(old, new), encoding="utf-8")
    with pytest.raises(InvalidInput) as e:
        dl.lists()
    assert e.value.field.startswith("ssd.yaml") and where in e.value.field


def test_override_dir_missing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(dl.REFERENCE_DIR_ENV, str(tmp_path / "absent"))
    with pytest.raises(InvalidInput, match="not a folder"):
        dl.lists()
