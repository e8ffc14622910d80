"""A file of zero bytes (not even a header) is refused in the reader's language by every command that reads
CSV, naming the file — polars says only "empty CSV" in English (claims.messages.cannot_read)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from kepil.cli.main import app
from kepil.data import data_path

BOOK = str(data_path("program_2026_2028", "tariffs_example_2026.yaml"))


@pytest.mark.parametrize(
    "args",
    [
        ["pay", "--claims", "{e}", "--tariffs", BOOK, "--out", "{d}/out.parquet"],
        [
            "monitor",
            "run",
            "--claims",
            "{e}",
            "--persons",
            "{e}",
            "--contracts",
            "{e}",
            "--out",
            "{d}/m",
            "--no-store",
        ],
        ["medicines", "need", "--patients", "{e}", "--out", "{d}/need.csv"],
        ["coverage", "decide", "--input", "{e}", "--output", "{d}/out.parquet"],
    ],
    ids=["pay", "monitor run", "medicines need", "coverage decide"],
)
@pytest.mark.parametrize(
    ("lang", "said"), [("ru", "файл пуст"), ("kk", "файл бос"), ("en", "the file is empty")]
)
def test_an_empty_csv_is_said_empty_in_the_readers_language(
    tmp_path: Path, args: list[str], lang: str, said: str
) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    filled = [a.format(e=empty, d=tmp_path) for a in args]
    out = CliRunner().invoke(app, [*filled, "--lang", lang], terminal_width=200).output
    assert said in out and "empty.csv" in out, out
    assert "empty CSV" not in out
