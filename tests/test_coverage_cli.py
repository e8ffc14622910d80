"""`kepil coverage decide` as coverage.md says: JSON (Lines) in, one answer a line out, exit 0 / 1 / 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from kepil.cli.main import app

runner = CliRunner()
AMBULANCE = {"date": "2026-05-10", "person": {"residency": "citizen", "birth_date": "1985-04-12"},
             "service": {"kind": "ambulance", "form": "emergency"}}  # fmt: skip


def test_public_cases_pass_through_the_cli(shared_dir: Path) -> None:
    """Every public case, run by shared/tools/check_coverage_cases.py against the installed command."""
    kepil = Path(sys.executable).with_name("kepil")
    tool = shared_dir / "tools" / "check_coverage_cases.py"
    cases = shared_dir / "cases" / "coverage"
    r = subprocess.run([sys.executable, str(tool), "--kepil", str(kepil), str(cases)],
                       capture_output=True, text=True, timeout=120)  # fmt: skip
    assert r.returncode == 0, r.stdout + r.stderr
    n = len(list(cases.glob("*.json")))
    assert n >= 17 and f"{n} passed, 0 failed" in r.stdout


def test_one_request_exit_0() -> None:
    r = runner.invoke(app, ["coverage", "decide"], input=json.dumps(AMBULANCE))
    assert r.exit_code == 0
    answer = json.loads(r.stdout)
    assert answer["funding"] == "gvfmc" and {"act": "program-2026-2028", "clause": "4"} in answer["basis"]


def test_an_error_object_exits_1() -> None:
    bad = {**AMBULANCE, "date": "2026-13-40"}
    r = runner.invoke(
        app, ["coverage", "decide"], input=json.dumps(AMBULANCE) + "\n" + json.dumps(bad) + "\n"
    )
    assert r.exit_code == 1
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    assert lines[1]["error"] == {"code": "invalid_input", "field": "date",
                                 "message": "'2026-13-40' is not a date; expected YYYY-MM-DD"}  # fmt: skip


def test_unreadable_input_exits_2() -> None:
    assert runner.invoke(app, ["coverage", "decide"], input="").exit_code == 2
    assert runner.invoke(app, ["coverage", "decide"], input="this is not json").exit_code == 2


def test_explain_gives_the_trace() -> None:
    """--explain: the rules tried in order, the facts each read, whether it applied (issue 3)."""
    r = runner.invoke(app, ["coverage", "decide", "--explain"], input=json.dumps(AMBULANCE))
    trace = json.loads(r.stdout)["trace"]
    assert trace[0]["rule"] == "ambulance.gvfmc" and trace[0]["applies"] is True
    assert "residency" in trace[0]["facts"]


def test_text_format_speaks_the_chosen_language() -> None:
    r = runner.invoke(
        app, ["coverage", "decide", "--format", "text", "--lang", "ru"], input=json.dumps(AMBULANCE)
    )
    assert r.exit_code == 0 and "ГОБМП" in r.stdout


def test_batch_needs_both_paths(tmp_path: Path) -> None:
    r = runner.invoke(app, ["coverage", "decide", "--input", str(tmp_path / "x.jsonl")])
    assert r.exit_code == 2
