"""`kepil monitor`: run (summary table, files, store), bad input as one line naming file/row/column in
kk/ru/en with exit 2 and nothing written, objections within 5 working days (`monitoring-rules` 26) and
refused after with the deadline named, payments (13, 53), what is due (26, 53, 53-1, 53-2)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kepil.cli.main import app
from kepil.errors import InvalidInput
from kepil.i18n import Text
from kepil.monitoring import run as run_mod
from test_monitoring_runs import Fake, defect, install_fake  # the fake inputs and algorithms

runner = CliRunner(env={"COLUMNS": "220"})


@pytest.fixture
def fake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Fake:
    f = install_fake(tmp_path, monkeypatch)
    f.found = [defect("C1", "K1"), defect("C3", "K2", "duplicate_case", "5.1", penalty=None)]
    return f


@pytest.fixture
def db(tmp_path: Path, _sqlite_template: Path) -> str:
    path = tmp_path / "kepil.db"
    shutil.copy(_sqlite_template, path)
    return f"sqlite:///{path}"


def monitor(*args: str) -> Any:
    return runner.invoke(app, ["monitor", *args])


def run_args(tmp: Path, *extra: str) -> list[str]:
    i = tmp / "in"
    files = ["--claims", str(i / "c"), "--persons", str(i / "p"), "--contracts", str(i / "k")]
    return ["run", *files, "--out", str(tmp / "out"), *extra]


def test_run_prints_a_summary_writes_the_files_and_stores(fake, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    r = monitor(*run_args(tmp_path, "--database-url", db, "--detected-on", "2026-03-20"))
    assert r.exit_code == 0, r.output
    assert "Monitoring 2026-03, all regions" in r.stdout
    assert "4.0" in r.stdout and "5.1" in r.stdout and "1 000.00" in r.stdout
    assert "Objections until 2026-04-01" in r.stdout  # 26, across Nauryz
    assert "added 2" in r.stdout
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "defects.parquet",
        "summary.json",
        "summary.md",
    ]
    again = monitor(*run_args(tmp_path, "--database-url", db, "--json", "--lang", "kk"))
    doc = json.loads(again.stdout)
    assert doc["store"]["added"] == 0 and doc["store"]["stored"] == 2 and doc["period"] == "2026-03"


def test_run_in_kazakh_and_without_a_store(fake, tmp_path) -> None:  # type: ignore[no-untyped-def]
    r = monitor(
        *run_args(tmp_path, "--no-store", "--lang", "kk", "--region", "abai", "--detected-on", "2026-04-06")
    )
    assert r.exit_code == 0, r.output
    assert "Мониторинг 2026-03, abai" in r.stdout and "Дерекқорға сақталмады" in r.stdout
    assert "Қарсылық беру мерзімі: 2026-04-13 дейін" in r.stdout


@pytest.mark.parametrize(
    ("lang", "words"),
    [("en", "bad check digit"), ("ru", "неверная контрольная цифра"), ("kk", "бақылау цифры қате")],
)
def test_bad_input_is_one_line_naming_file_row_column_and_nothing_is_written(  # type: ignore[no-untyped-def]
    fake, tmp_path, monkeypatch, lang, words
) -> None:
    def bad(*_: Any, **__: Any) -> Any:
        raise InvalidInput(
            "claims.csv:3:iin",
            Text("ЖСН бақылау цифры қате", "ИИН: неверная контрольная цифра", "IIN: bad check digit"),
        )

    monkeypatch.setattr(run_mod, "load_inputs", bad)
    r = monitor(*run_args(tmp_path, "--no-store", "--lang", lang))
    assert r.exit_code == 2
    assert "claims.csv:3:iin" in r.stderr and words in r.stderr and "Traceback" not in r.output
    assert not (tmp_path / "out").exists()  # not even the folder is left


def test_bad_options_exit_2(fake, tmp_path) -> None:  # type: ignore[no-untyped-def]
    r = monitor(*run_args(tmp_path, "--no-store", "--period", "2026-3", "--lang", "ru"))
    assert r.exit_code == 2 and "--period" in r.stderr and "не период" in r.stderr
    r = monitor(*run_args(tmp_path, "--no-store", "--engine", "pandas"))
    assert r.exit_code == 2 and "--engine" in r.stderr


def test_a_new_sqlite_store_is_made_on_first_use_and_an_old_one_refused(fake, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The embedded default just works (issue 14); a store behind the code is refused with the fix."""
    from kepil.store.migrate import upgrade

    r = monitor(*run_args(tmp_path, "--database-url", f"sqlite:///{tmp_path / 'new.db'}"))
    assert r.exit_code == 0, r.output
    old = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(old, "0002")
    r = monitor(*run_args(tmp_path, "--database-url", old))
    assert r.exit_code == 2 and "kepil db upgrade" in r.stderr and "0002" in r.stderr


def test_object_within_the_window_and_refused_after_it(fake, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """26: found Fri 20 March 2026; Nauryz 21-25 March not counted; the window closes Wed 1 April."""
    assert monitor(*run_args(tmp_path, "--database-url", db, "--detected-on", "2026-03-20")).exit_code == 0
    listed = json.loads(monitor("defects", "--database-url", db, "--json").stdout)
    assert listed["total"] == 2
    first, second = (d["id"] for d in listed["defects"])
    ok = monitor("object", first, "--date", "2026-04-01", "--reason", "planned", "--database-url", db)
    assert ok.exit_code == 0 and "objection recorded" in ok.stdout
    late = monitor(
        "object", second, "--date", "2026-04-02", "--reason", "x", "--database-url", db, "--lang", "ru"
    )
    assert late.exit_code == 2 and "истёк 2026-04-01" in late.stderr and "26" in late.stderr
    bare = monitor("object", second, "--date", "2026-04-01", "--database-url", db, "--lang", "kk")
    assert bare.exit_code == 2 and "негіздеме" in bare.stderr  # 26: the objection gives its reasons
    answer = monitor("object", first, "--date", "2026-04-03", "--withdraw", "--reason", "agreed",
                     "--database-url", db, "--json")  # fmt: skip
    assert answer.exit_code == 0 and json.loads(answer.stdout)["status"] == "withdrawn"
    table = monitor("defects", "--database-url", db, "--status", "withdrawn")
    assert first in table.stdout and second not in table.stdout and "1 of 1 shown" in table.stdout
    unknown = monitor("object", "nope", "--date", "2026-04-01", "--reason", "x", "--database-url", db)
    assert unknown.exit_code == 2 and "no defect nope" in unknown.stderr


def test_paid_then_hidden_defects_and_what_is_due(fake, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """13, 53, 53-1, 53-2: after payment, a new defect is hidden, with notice and refund deadlines."""
    assert monitor("paid", "2026-03", "--on", "2026-04-15", "--database-url", db).exit_code == 0
    r = monitor(*run_args(tmp_path, "--database-url", db, "--detected-on", "2026-12-01"))
    assert r.exit_code == 0, r.output
    assert "Hidden defects: 2; notice by 2027-01-05 (53), refund by 2027-06-01 (53-1)" in r.stdout
    assert "does not stop or limit current payments" in r.stdout
    # what the run checked (13): "0 defects" of a row nobody checked means nothing
    assert "Rows checked by the algorithms (13): 3, 4, 6," in r.stdout
    assert "Rows not checked automatically" in r.stdout and "practitioner_daily_load" in r.stdout
    due = json.loads(monitor("deadlines", "--on", "2026-12-02", "--database-url", db, "--json").stdout)
    assert [(d["kind"], d["deadline"]) for d in due] == [
        ("objection", "2026-12-08"),
        ("objection", "2026-12-08"),
        ("notice", "2027-01-05"),
        ("notice", "2027-01-05"),
        ("refund", "2027-06-01"),
        ("refund", "2027-06-01"),
    ]  # one row per region (abai, astana)
    shown = monitor("deadlines", "--on", "2027-01-06", "--database-url", db)
    assert "overdue" in shown.stdout and "notice (53)" in shown.stdout
    ids = [
        d["id"]
        for d in json.loads(monitor("defects", "--database-url", db, "--json", "--hidden").stdout)["defects"]
    ]
    assert monitor("notified", ids[0], "--on", "2026-12-10", "--database-url", db).exit_code == 0
    early = monitor("refunded", ids[0], "--on", "2027-02-01", "--database-url", db)
    assert early.exit_code == 2 and "unscheduled monitoring" in early.stderr  # 53 sets the amount first
    set_ = monitor("unscheduled", ids[0], "--on", "2027-01-15", "--amount", "125000", "--database-url", db,
                   "--json")  # fmt: skip
    assert set_.exit_code == 0 and json.loads(set_.stdout)["refund_amount"] == 125000
    assert monitor("refunded", ids[0], "--on", "2027-02-01", "--database-url", db).exit_code == 0
    left = json.loads(monitor("deadlines", "--on", "2027-01-06", "--database-url", db, "--json").stdout)
    assert sum(d["defects"] for d in left if d["kind"] == "refund") == 1
    twice = monitor("paid", "2026-03", "--on", "2026-04-16", "--database-url", db, "--lang", "kk")
    assert twice.exit_code == 2 and "2026-04-15" in twice.stderr


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", "claims.csv, row 3, column `iin`"),
        ("ru", "claims.csv, строка 3, столбец «iin»"),
        ("kk", "3-жол"),
    ],
)
def test_a_bad_iin_in_a_real_csv_names_file_row_and_column(tmp_path, lang, words) -> None:  # type: ignore[no-untyped-def]
    """contracts/claims.md: a bad value is reported with file, row and column; nothing is written."""
    import polars as pl

    from kepil.claims.synth import generate

    synth = tmp_path / "synth"
    generate(1_000, 3, synth)
    claims = pl.read_parquet(synth / "claims.parquet").head(5)
    bad = pl.when(pl.int_range(pl.len()) == 2).then(pl.lit("123456789012")).otherwise(pl.col("iin"))
    claims.with_columns(bad.alias("iin")).write_csv(tmp_path / "claims.csv")
    args = ["run", "--claims", str(tmp_path / "claims.csv"), "--persons", str(synth / "persons.parquet")]
    args += ["--contracts", str(synth / "contracts.parquet"), "--out", str(tmp_path / "out"), "--no-store"]
    r = monitor(*args, "--lang", lang)
    assert r.exit_code == 2, r.output
    assert words in r.stderr and "123456789012" in r.stderr and "Traceback" not in r.output
    assert not (tmp_path / "out").exists()


def test_a_column_kepil_does_not_read_is_named_with_the_one_it_resembles(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """contracts/claims.md, amendments of December 2026: an input column kepil does not know is reported,
    not silently dropped — a misspelt optional column must not leave its claims unchecked unseen."""
    import polars as pl

    from kepil.claims.synth import generate

    synth = tmp_path / "synth"
    generate(1_000, 3, synth)
    claims = pl.read_parquet(synth / "claims.parquet").head(50)
    claims = claims.rename({"practitioner_id": "practitioner_ids"}).with_columns(pl.lit("x").alias("ward"))
    claims.write_csv(tmp_path / "claims.csv")
    args = ["run", "--claims", str(tmp_path / "claims.csv"), "--persons", str(synth / "persons.parquet")]
    args += ["--contracts", str(synth / "contracts.parquet"), "--out", str(tmp_path / "out"), "--no-store"]
    for lang, words in (("en", "columns kepil does not read"), ("ru", "столбцы, которые kepil не читает"),
                        ("kk", "kepil оқымайтын бағандар")):  # fmt: skip
        said = " ".join(monitor(*args, "--lang", lang, "--allow-fewer").stderr.split())
        assert f"claims.csv: {words}" in said and "practitioner_ids (→ practitioner_id?)" in said, said
        assert "ward" in said and "iin" not in said.split(":")[-1]
    clean = pl.read_parquet(synth / "claims.parquet").head(50)
    clean.write_csv(tmp_path / "claims.csv")
    assert "does not read" not in monitor(*args, "--allow-fewer").stderr


def test_a_limit_past_any_integer_of_the_store_exits_2_not_a_traceback(db) -> None:  # type: ignore[no-untyped-def]
    """Found by the sweep: --limit 99999999999999999999999 reached SQLite (OverflowError, a traceback)."""
    r = monitor("defects", "--limit", "99999999999999999999999", "--database-url", db)
    assert r.exit_code == 2 and "--limit" in r.stderr, r.output
