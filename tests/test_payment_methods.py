"""program-2026-2028 appendix 2 (payment methods), referred to by paragraph 77."""

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
from kepil.law.program_2026_2028.payment_methods import by_care_kind, by_row, direction, directions

REPO = Path(__file__).resolve().parent.parent
runner = CliRunner()


def test_extraction_rerun_equals_committed_file(seeds_dir: Path, tmp_path: Path) -> None:
    """app2: re-running the extractor from the seed reproduces the committed data file byte for byte."""
    script = REPO / "scripts" / "extract_payment_methods.py"
    env = {"KEPIL_SEEDS": str(seeds_dir), "PATH": ""}
    subprocess.run(
        [sys.executable, str(script), "--out", str(tmp_path)], check=True, env=env, capture_output=True
    )
    rel = Path("program_2026_2028") / "payment_methods.yaml"
    assert (tmp_path / rel).read_text("utf-8") == (REPO / "src" / "kepil" / "data" / rel).read_text("utf-8")
    check = subprocess.run([sys.executable, str(script), "--check"], env=env, capture_output=True)
    assert check.returncode == 0


def test_app2_has_14_numbered_directions_and_one_unnumbered() -> None:
    """app2 rows 1-14 in order; the foreign-specialists row printed after 14 has no number."""
    assert [d.row for d in directions()] == list(range(1, 15))
    extra = [d for d in directions(include_unnumbered=True) if d.row is None]
    assert [d.code for d in extra] == ["foreign_specialists"]
    assert extra[0].methods[0].kinds == ("actual_cost",)
    assert str(extra[0].citation) == "program-2026-2028 app2"


def test_app2_1_ambulance_per_capita_norm_and_driver_allowance() -> None:
    """app2.1: ambulance paid by the per-capita norm per inhabitant; drivers get 200 % of БЛЖ."""
    d = by_row(1)
    assert d.code == "ambulance" and d.name.kk == "Жедел медициналық жәрдем көрсету"
    assert d.methods[0].kinds == ("per_capita_norm",)
    assert d.methods[0].name.kk == "1 тұрғынға жан басына шаққандағы норматив"
    assert d.methods[1].percent_of_base_salary == Decimal("200")
    assert str(d.citation) == "program-2026-2028 app2.1"


def test_app2_2_phc_comprehensive_norm_and_urgent_category_4() -> None:
    """app2.2: PHC by the comprehensive per-capita norm; urgent calls of category 4 by a per-capita norm."""
    d = direction("phc")
    assert d.methods[0].kinds == ("comprehensive_per_capita_norm",)
    assert d.methods[0].name.kk.endswith("жан басына шаққандағы кешенді норматив")
    urgent = d.method("urgent_care_per_capita_norm")
    assert urgent.urgency_category == 4 and urgent.kinds == ("per_capita_norm",)


def test_app2_4_hospital_methods() -> None:
    """app2.4: CCG with cost weight, actual cost, bed-day, average cost, admission department."""
    kinds = {k for m in by_row(4).methods for k in m.kinds}
    assert {"per_case_ccg", "per_case_actual_cost", "per_bed_day", "per_case_average_cost"} <= kinds
    assert "admission_department" in kinds
    assert by_row(4).method("per_case_ccg").name.kk.startswith("Шығын сыйымдылығының коэффициентін")


def test_app2_6_withholds_30_percent_when_bed_days_at_most_half_the_block() -> None:
    """app2.6: 30 % of the block's cost withheld when bed-days are 50 % or less of the block's term."""
    m = by_row(6).method("short_block_withholding")
    assert m.withheld_percent == Decimal("30")
    assert m.condition is not None
    assert (m.condition.comparison, m.condition.percent) == ("<=", Decimal("50"))
    assert "елу және одан аз пайызын" in m.name.kk and "30 (отыз) пайызы ұсталып" in m.name.kk
    assert by_row(6).method("medical_economic_tariff").kinds == ("medical_economic_tariff",)


def test_app2_10_oncology_icd_ranges() -> None:
    """app2.10: neoplasms C00-C80, C97, D00-D09, D37-D44, D48, except lymphoid ones C81-C96, D45-D47."""
    m = by_row(10).methods[0]
    assert m.icd10_include == "C00-C80, C97, D00-D09, D37-D44, D48"
    assert m.icd10_exclude == "C81-C96, D45-D47"
    assert "(АХЖ-10 кодтары бойынша: C81-C96, D45-D47)" in m.name.kk  # as published


def test_app2_11_to_13_complex_tariffs() -> None:
    """app2.11-13: complex tariffs per patient for tuberculosis, HIV and mental health."""
    tb = by_row(11).methods[0]
    assert tb.kinds == ("complex_tariff",) and len(tb.includes_kk) == 5
    assert "науқасқа арналған кешенді тариф" in tb.name.kk
    assert by_row(12).code == "hiv" and by_row(12).methods[0].kinds == ("complex_tariff",)
    mental = by_row(13).methods[0]
    # Its first line is printed before the row number at a page break; the extractor joins the two parts.
    assert mental.name.kk.startswith("Стационарлық жағдайларда мамандандырылған медициналық көмек көрсететін")
    assert "кешенді тарифі бойынша" in mental.name.kk


def test_app2_5_first_item_read_as_additional_cost() -> None:
    """app2.5: the haemodialysis item printed before the number 5 is read as row 5's first item."""
    assert by_row(5).methods[0].code == "hemodialysis_terminal_ckd"
    assert "hemodialysis_terminal_ckd" not in {m.code for m in by_row(4).methods}


def test_lookup_by_care_kind() -> None:
    """Coverage care kinds map to the app2 rows that pay for them."""
    assert [d.row for d in by_care_kind("ambulance")] == [1]
    assert [d.row for d in by_care_kind("blood")] == [14]
    assert 6 in [d.row for d in by_care_kind("inpatient")]
    assert [d.code for d in by_care_kind("treatment_abroad")] == ["foreign_specialists"]
    assert 3 in [d.row for d in by_care_kind("screening")]


def test_unknown_direction_row_and_care_kind_are_invalid_input() -> None:
    with pytest.raises(InvalidInput):
        direction("surgery")
    with pytest.raises(InvalidInput):
        by_row(15)
    with pytest.raises(InvalidInput):
        by_care_kind("massage")


def test_cli_json_one_direction() -> None:
    """`kepil payment-methods 6 --json` prints row 6 with its withholding rule."""
    result = runner.invoke(app, ["payment-methods", "6", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["row"] == 6 and data["citation"] == {"act": "program-2026-2028", "clause": "app2.6"}
    rule = next(m for m in data["methods"] if m["code"] == "short_block_withholding")
    assert rule["withheld_percent"] == "30"


def test_cli_json_all_and_languages() -> None:
    result = runner.invoke(app, ["payment-methods", "--json", "--lang", "ru"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert len(data) == 15 and data[0]["name"] == "Оказание скорой медицинской помощи"
    table = runner.invoke(app, ["payment-methods", "oncology", "--lang", "kk"])
    assert table.exit_code == 0 and "Онкологиялық" in table.stdout


def test_cli_errors_exit_2() -> None:
    assert runner.invoke(app, ["payment-methods", "surgery"]).exit_code == 2
    assert runner.invoke(app, ["payment-methods", "--lang", "de"]).exit_code == 2
