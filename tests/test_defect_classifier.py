"""monitoring-rules appendix 1: the unified classifier of defects and violations (applied under 10 and 53)."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kepil.cli.main import app
from kepil.errors import InvalidInput
from kepil.law.monitoring_rules.classifier import ENV_COLUMNS, classifier, defect, defects, penalty_cell

REPO = Path(__file__).resolve().parent.parent
runner = CliRunner()
PUBLISHED = ["1.2", "2.0", "3.0", "3.1", "3.2", "3.3", "3.4", "4.0", "5.0", "5.1",
             "7.0", "8.0", "9.0", "10.0", "11.0", "12.0", "12.1"]  # fmt: skip


def test_extraction_rerun_equals_committed_files(seeds_dir: Path, tmp_path: Path) -> None:
    """app1: re-running the extractor reproduces both committed data files."""
    script = REPO / "scripts" / "extract_defect_classifier.py"
    env = {"KEPIL_SEEDS": str(seeds_dir), "PATH": ""}
    subprocess.run(
        [sys.executable, str(script), "--out", str(tmp_path)], check=True, env=env, capture_output=True
    )
    for name in ("defect_classifier.yaml", "classifier_columns.yaml"):
        rel = Path("monitoring_rules") / name
        assert (tmp_path / rel).read_text("utf-8") == (REPO / "src" / "kepil" / "data" / rel).read_text(
            "utf-8"
        )


def test_every_published_code_and_all_28_rows_present() -> None:
    """app1: the 17 codes printed in the seed, and the 28 numbered rows of the second half."""
    assert [e.code for e in defects() if e.code] == PUBLISHED
    assert [e.row for e in defects()] == list(range(1, 29))
    assert defect("1.2.").row == 3  # published with a trailing dot
    assert defect("row:13").inferred_code == "5.2" and defect("row:13").code is None


def test_code_3_4_fills_only_the_inpatient_column_of_the_left_half() -> None:
    """app1.9, code 3.4: round-the-clock instead of day hospital -> 60 % in one left-half column only."""
    e = defect("3.4")
    left = [c for c in e.cells if c.position.startswith("L")]
    filled = [c for c in left if c.kind != "not_applicable"]
    assert [(c.position, c.column, c.raw) for c in filled] == [("L4", "inpatient", "60%")]
    assert filled[0].penalty.kind == "percent_of_cost" and filled[0].penalty.value == Decimal("60")
    # the right half charges the rural comprehensive norm (R13) too
    assert penalty_cell("3.4", "R13").raw == "10 КЖН"


@pytest.mark.parametrize(
    ("code", "column", "raw", "kind", "base", "value"),
    [
        ("3.0", "phc", "10 КЖН /ЖБН", "multiple_of_base", "comprehensive_per_capita_norm", "10"),
        ("3.0", "L2", "100%", "percent_of_cost", None, "100"),
        ("5.0", "L8", "300%", "percent_of_cost", None, "300"),
        ("5.0", "ambulance", "100 ЖБН", "multiple_of_base", "per_capita_norm", "100"),
        ("9.0", "R14", "6 КТ", "multiple_of_base", "complex_tariff", "6"),
        ("8.0", "R15", "0,5 КТ", "multiple_of_base", "complex_tariff", "0.5"),
        ("row:14", "R15", "0,3 КТ", "multiple_of_base", "complex_tariff", "0.3"),
        ("row:1", "R16", "1 КТ / 100 %", "multiple_of_base", "complex_tariff", "1"),
        ("2.0", "L1", "0", "zero", None, None),
        ("1.2", "L1", "+", "applies", None, None),
        ("3.3", "L1", "-", "not_applicable", None, None),
        ("7.0", "R18", "-", "not_applicable", None, None),
        ("12.1", "L7", "", "missing", None, None),
    ],
)
def test_cells_against_the_seed(
    code: str, column: str, raw: str, kind: str, base: str | None, value: str | None
) -> None:
    """app1 cells as printed in seed lines 126-188, parsed."""
    c = penalty_cell(code, column)
    assert (c.raw, c.kind, c.penalty.base) == (raw, kind, base)
    assert c.penalty.value == (None if value is None else Decimal(value))


def test_alternatives_of_split_cells() -> None:
    """'10 КЖН /ЖБН' -> also 10 × per-capita norm; '1 КТ / 100 %' -> or 100 % of the cost."""
    alt = penalty_cell("3.0", "L1").alternative
    assert alt is not None and (alt.base, alt.value) == ("per_capita_norm", Decimal("10"))
    alt2 = penalty_cell("12.0", "mental_health").alternative
    assert alt2 is not None and (alt2.kind, alt2.value) == ("percent_of_cost", Decimal("100"))


def test_significance_by_column_19() -> None:
    """app1 column 19 (2.13 / 2.14): only 2.0 (records) and 7.0 (waiting) are insignificant."""
    assert [e.code for e in defects() if not e.significant] == ["2.0", "7.0"]
    assert defect("3.4").significant
    clauses = [c.clause for c in defect("2.0").citations]
    assert clauses == ["app1.4", "10", "2.14"]
    assert [c.clause for c in defect("5.0").citations] == ["app1.11", "10", "2.13"]


def test_footnote_marks_codes_3_0_to_5_2() -> None:
    """app1 note: '*' applies to codes 3.0, 3.1, 3.2, 5.0, 5.1, 5.2."""
    marked = [e.code or e.inferred_code for e in defects() if "*" in e.footnotes]
    assert marked == ["3.0", "3.1", "3.2", "5.0", "5.1", "5.2"]
    assert classifier().footnotes["*"].startswith("3.0, 3.1, 3.2, 5.0, 5.1, 5.2")


def test_names_joined_across_lines() -> None:
    """app1 rows 7 and 22: names split over lines are joined; truncated names are flagged."""
    assert defect("3.2").name is not None
    assert defect("3.2").name.kk.startswith("Баламалары болған кезде барынша қымбат")
    assert defect("10.0").name.kk.endswith("сәйкес келмеу жағдайлары")  # type: ignore[union-attr]
    assert not defect("5.1").name_complete and defect("3.0").name_complete


def test_override_file_changes_column_mapping(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A user's column file renames a position; by argument or by KEPIL_CLASSIFIER_COLUMNS."""
    f = tmp_path / "cols.yaml"
    f.write_text(
        "columns:\n- position: L5\n  id: day_hospital\n  care_kinds: [day_hospital]\n"
        "  name: {kk: Күндізгі стационар, ru: Дневной стационар, en: Day hospital}\n",
        encoding="utf-8",
    )
    assert penalty_cell("4.0", "day_hospital", columns_file=f).position == "L5"
    with pytest.raises(InvalidInput):
        penalty_cell("4.0", "day_hospital")  # the default has no such column
    monkeypatch.setenv(ENV_COLUMNS, str(f))
    assert penalty_cell("4.0", "day_hospital").raw == "100%"
    assert penalty_cell("3.4", "inpatient").raw == "60%"  # other positions keep the default


def test_bad_override_file_is_invalid_input(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("columns: 7\n", encoding="utf-8")
    with pytest.raises(InvalidInput):
        classifier(bad)
    with pytest.raises(InvalidInput):
        classifier(tmp_path / "absent.yaml")


def test_unknown_code_and_column() -> None:
    with pytest.raises(InvalidInput, match="unknown defect code"):
        defect("99.1")
    with pytest.raises(InvalidInput, match="row:13"):
        defect("5.2")  # named by the footnote only; its row's code line was lost
    with pytest.raises(InvalidInput, match="unknown column"):
        penalty_cell("3.0", "dentistry")


def test_cli_json_one_code() -> None:
    result = runner.invoke(app, ["classifier", "3.4", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["code"] == "3.4" and data["significant"] is True
    cell = next(c for c in data["cells"] if c["column"] == "inpatient")
    assert (cell["raw"], cell["kind"], cell["value"]) == ("60%", "percent_of_cost", "60")


def test_cli_list_and_override_option(tmp_path: Path) -> None:
    result = runner.invoke(app, ["classifier", "--json", "--lang", "ru"])
    assert result.exit_code == 0 and len(json.loads(result.stdout)) == 28
    f = tmp_path / "cols.yaml"
    f.write_text("columns:\n- position: R17\n  id: dialysis\n", encoding="utf-8")
    out = runner.invoke(app, ["classifier", "5.0", "--json", "--columns", str(f)])
    assert out.exit_code == 0
    assert any(c["column"] == "dialysis" for c in json.loads(out.stdout)["cells"])


def test_cli_unknown_code_exits_2() -> None:
    result = runner.invoke(app, ["classifier", "99.1"])
    assert result.exit_code == 2
    assert runner.invoke(app, ["classifier", "--columns", "/no/such.yaml"]).exit_code == 2
