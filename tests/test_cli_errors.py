"""The CLI's one-line errors follow the command's --lang (kk, ru, en), English otherwise."""

from __future__ import annotations

import pytest
import typer

from kepil.cli.common import handle_errors
from kepil.errors import InvalidInput, LawNotInForce
from kepil.i18n import Text

BAD = Text("күні дұрыс емес", "неверная дата", "not a date")


@handle_errors
def _command(lang: str = "en") -> None:
    raise InvalidInput("--date", BAD)


@handle_errors
def _repealed(lang: str = "en") -> None:
    raise LawNotInForce(Text("күшін жойған", "утратил силу", "repealed"))


@pytest.mark.parametrize(("lang", "expected"), [("kk", "күні дұрыс емес"), ("ru", "неверная дата"),
                                                ("en", "not a date"), ("xx", "not a date")])  # fmt: skip
def test_input_errors_are_printed_in_the_commands_language(lang: str, expected: str, capsys) -> None:
    with pytest.raises(typer.Exit) as e:
        _command(lang=lang)
    assert e.value.exit_code == 2
    assert f"--date: {expected}" in capsys.readouterr().err


def test_law_not_in_force_in_the_commands_language(capsys) -> None:
    with pytest.raises(typer.Exit):
        _repealed(lang="ru")
    assert "утратил силу" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "kk", "ru", "en"),
    [
        (["nowhere.json"], "nowhere.json жоқ", "nowhere.json не существует", "nowhere.json does not exist"),
        (["--input", "x.parquet"], "екеуі де керек", "нужны и --input, и --output",
         "needs both --input and --output"),
        (["--input", "nowhere.parquet", "--output", "o.parquet"], "жоқ", "не существует", "does not exist"),
        (["--input", "r.txt", "--output", "o.parquet"], ".jsonl, .csv немесе .parquet",
         "оканчиваться на .jsonl", "must end in .jsonl, .csv or .parquet"),
        (["--format", "xml", "r.json"], "мыналардың бірі емес", "не из: json, text",
         "is not one of: json, text"),
    ],
)  # fmt: skip
def test_coverage_decide_refuses_in_the_commands_language(
    args: list[str], kk: str, ru: str, en: str, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`kepil coverage decide`'s refusals of its files and options in kk, ru and en (--lang), exit 2."""
    from typer.testing import CliRunner

    from kepil.cli.main import app

    monkeypatch.chdir(tmp_path)
    (tmp_path / "r.json").write_text("{}", encoding="utf-8")
    (tmp_path / "r.txt").write_text("x", encoding="utf-8")
    for lang, said in (("kk", kk), ("ru", ru), ("en", en)):
        out = CliRunner().invoke(app, ["coverage", "decide", *args, "--lang", lang])
        assert out.exit_code == 2, out.output
        assert said in " ".join(out.output.split()), (lang, out.output)
