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
