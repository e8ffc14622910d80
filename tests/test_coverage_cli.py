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


def test_a_dash_is_standard_input() -> None:
    r = runner.invoke(app, ["coverage", "decide", "-"], input=json.dumps(AMBULANCE))
    assert r.exit_code == 0 and json.loads(r.stdout)["funding"] == "gvfmc"


def test_json_nested_past_the_limit_is_refused_not_a_recursion_error(tmp_path: Path) -> None:
    """Issue 14's bound on every JSON input, for the coverage command: one request or JSON Lines."""
    deep = "[" * 100_000 + "]" * 100_000
    r = runner.invoke(app, ["coverage", "decide"], input=deep)
    assert r.exit_code == 2 and "nested too deep" in r.output and "Traceback" not in r.output
    lines = tmp_path / "requests.jsonl"
    lines.write_text(json.dumps(AMBULANCE) + "\n" + deep + "\n")
    r = runner.invoke(app, ["coverage", "decide", str(lines)])
    assert r.exit_code == 1
    first, second = (json.loads(x) for x in r.stdout.splitlines())
    assert first["funding"] == "gvfmc" and second["error"]["field"] == "line 2"
    out = tmp_path / "answers.jsonl"
    r = runner.invoke(app, ["coverage", "decide", "--input", str(lines), "--output", str(out)])
    assert r.exit_code == 1
    first, second = (json.loads(x) for x in out.read_text().splitlines())
    assert first["funding"] == "gvfmc" and "nested too deep" in second["error"]["message"]


def test_a_batch_csv_output_never_holds_a_live_formula(tmp_path: Path) -> None:
    """An MIS id (or a carried column) starting with = + - @ is written as text (issue 14, OWASP)."""
    import polars as pl

    source = tmp_path / "requests.csv"
    source.write_text(
        "id,date,person.residency,person.birth_date,service.kind,service.form,ward\n"
        '"=HYPERLINK(""http://evil.example"")",2026-05-10,citizen,1985-04-12,ambulance,emergency,@SUM(A1)\n'
        "-7,2026-05-10,citizen,1985-04-12,ambulance,emergency,plain\n"
    )
    out = tmp_path / "answers.csv"
    r = runner.invoke(
        app, ["coverage", "decide", "--input", str(source), "--output", str(out), "--carry-unknown"]
    )
    assert r.exit_code == 0, r.output
    written = pl.read_csv(out, infer_schema_length=0)
    assert written["id"].to_list() == ['\'=HYPERLINK("http://evil.example")', "'-7"]
    assert written["ward"].to_list() == ["'@SUM(A1)", "plain"]
    assert written["funding"].to_list() == ["gvfmc"] * 2


def test_the_batch_program_ends_with_its_exit_status_and_everything_written(tmp_path: Path) -> None:
    """`kepil coverage decide --input --output` as a program of its own leaves without the interpreter's
    teardown (`cli.common.finish`): the exit status (1 with error answers, 0 without), the summary on
    standard error and the whole output file are there all the same."""
    import os

    import polars as pl

    from kepil.coverage.files import decide_file
    from kepil.coverage.synthetic import requests

    src = Path(__file__).resolve().parents[1] / "src"
    env = {**os.environ, "PYTHONPATH": str(src)}
    for name, frame, status in (
        ("mixed", requests(2_000, seed=5, invalid_share=0.05), 1),
        ("clean", requests(50, seed=5, invalid_share=0.0), 0),
    ):
        source, out, expected = (tmp_path / f"{name}{end}.parquet" for end in ("", "-out", "-expected"))
        frame.write_parquet(source)
        n, errors = decide_file(source, expected)
        assert (errors > 0) == (status == 1)
        argv = ["coverage", "decide", "--input", str(source), "--output", str(out)]
        program = [sys.executable, "-m", "kepil", *argv]
        r = subprocess.run(program, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
        assert r.returncode == status, r.stderr
        summary = "".join(r.stderr.split())  # rich folds a long path over lines
        assert "".join(f"{n:,} requests → {out}".split()) in summary, r.stderr
        assert pl.read_parquet(out).equals(pl.read_parquet(expected))


def test_a_byte_order_mark_at_the_start_is_ignored(tmp_path: Path) -> None:
    """A request or JSON Lines file saved by a Windows editor starts with a byte order mark (RFC 8259 §8.1
    lets a parser ignore it): the first request is decided, not refused as "not JSON"; single and batch."""
    lines = tmp_path / "requests.jsonl"
    lines.write_bytes("\ufeff".encode() + (json.dumps(AMBULANCE) + "\n").encode() * 2)
    r = runner.invoke(app, ["coverage", "decide", str(lines)])
    assert r.exit_code == 0, r.output
    assert [json.loads(x)["funding"] for x in r.stdout.splitlines()] == ["gvfmc", "gvfmc"]
    one = tmp_path / "request.json"
    one.write_bytes("\ufeff".encode() + json.dumps(AMBULANCE, indent=2).encode())
    r = runner.invoke(app, ["coverage", "decide", str(one)])
    assert r.exit_code == 0 and json.loads(r.stdout)["funding"] == "gvfmc"
    out = tmp_path / "answers.jsonl"
    r = runner.invoke(app, ["coverage", "decide", "--input", str(lines), "--output", str(out)])
    assert r.exit_code == 0, r.output
    assert [json.loads(x)["funding"] for x in out.read_text().splitlines()] == ["gvfmc", "gvfmc"]


def test_a_byte_order_mark_inside_the_file_is_that_lines_error(tmp_path: Path) -> None:
    """Only the file's first bytes can be a byte order mark; one on a later line is not JSON there."""
    lines = tmp_path / "requests.jsonl"
    text = json.dumps(AMBULANCE) + "\n\ufeff" + json.dumps(AMBULANCE) + "\n"
    lines.write_text(text, encoding="utf-8")
    out = tmp_path / "answers.jsonl"
    r = runner.invoke(app, ["coverage", "decide", "--input", str(lines), "--output", str(out)])
    assert r.exit_code == 1
    first, second = (json.loads(x) for x in out.read_text().splitlines())
    assert first["funding"] == "gvfmc" and second["error"]["field"] == "line 2"
