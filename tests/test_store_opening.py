"""Opening the store (issue 14): the embedded SQLite default is created and migrated on first use by every
command that stores; PostgreSQL stays explicit (`kepil db upgrade`, `--create` for a missing database); a
store behind the code is refused with the fix; a server that cannot be reached is one line in the user's
language naming the URL with its password masked — never a traceback."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kepil.cli.main import app
from kepil.store.migrate import current, head, upgrade

PG_URL = os.environ.get("KEPIL_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
runner = CliRunner(env={"COLUMNS": "300"})
DOWN = "postgresql://kepil:s3cret@127.0.0.1:1/kepil"  # nothing listens on port 1


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder as the working directory, no KEPIL_DATABASE_URL: a new user's first commands."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KEPIL_DATABASE_URL", raising=False)
    return tmp_path


def test_the_first_command_that_stores_makes_the_sqlite_store(fresh: Path) -> None:
    r = runner.invoke(app, ["keys", "create", "--role", "admin"])
    assert r.exit_code == 0, r.output
    from kepil.store.db import make_engine

    engine = make_engine("sqlite:///kepil.db")
    assert current(engine) == head()
    engine.dispose()
    assert runner.invoke(app, ["keys", "list"]).exit_code == 0


def test_monitoring_lists_on_a_new_folder_answer_instead_of_failing(fresh: Path) -> None:
    r = runner.invoke(app, ["monitor", "deadlines", "--on", "2026-04-01", "--json"])
    assert r.exit_code == 0, r.output
    assert r.stdout.strip() == "[]"


def test_a_sqlite_store_behind_the_code_is_refused_and_left_as_it_was(fresh: Path) -> None:
    upgrade("sqlite:///kepil.db", "0002")
    r = runner.invoke(app, ["keys", "create", "--role", "admin"])
    assert r.exit_code == 2
    assert "kepil db upgrade" in r.output and "0002" in r.output and "Traceback" not in r.output
    from kepil.store.db import make_engine

    engine = make_engine("sqlite:///kepil.db")
    assert current(engine) == "0002"
    engine.dispose()


@pytest.mark.parametrize(
    "args",
    [
        ["db", "upgrade"],
        ["db", "current"],
        ["monitor", "defects"],
        ["keys", "list"],
        ["serve"],
    ],
)
def test_an_unreachable_server_is_one_line_naming_the_url_masked(args: list[str]) -> None:
    r = runner.invoke(app, [*args, "--database-url", DOWN])
    assert r.exit_code == 2, r.output
    lines = [line for line in r.output.splitlines() if line.strip()]
    assert len(lines) == 1, r.output
    assert "postgresql://kepil:***@127.0.0.1:1/kepil" in lines[0] and "s3cret" not in r.output
    assert "start the server" in lines[0] and "Traceback" not in r.output


def test_the_message_is_in_the_users_language(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "ru_RU.UTF-8")
    r = runner.invoke(app, ["db", "current", "--database-url", DOWN])
    assert r.exit_code == 2 and "не удалось подключиться" in r.output
    monkeypatch.setenv("KEPIL_LANG", "kk")
    r = runner.invoke(app, ["keys", "list", "--database-url", DOWN])
    assert r.exit_code == 2 and "қосылу мүмкін болмады" in r.output


def test_a_sqlite_file_that_cannot_be_opened_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    r = runner.invoke(app, ["keys", "list", "--database-url", f"sqlite:///{blocker / 'kepil.db'}"])
    assert r.exit_code == 2 and "cannot open the SQLite file" in r.output and "Traceback" not in r.output


@pytest.mark.postgres
def test_a_missing_postgresql_database_is_named_and_db_upgrade_create_makes_it() -> None:
    """PostgreSQL is never created or migrated behind the operator's back: a command names the fix."""
    tag = os.environ.get("KEPIL_TEST_DB_TAG", "")
    name = f"kepil_test_{tag}missing_{uuid.uuid4().hex[:8]}"
    url = PG_URL.rsplit("/", 1)[0] + f"/{name}"

    def bare(output: str) -> str:  # Rich wraps (or folds) the lines where the URL's length puts them
        return "".join(output.split())

    r = runner.invoke(app, ["keys", "create", "--role", "admin", "--database-url", url])
    assert r.exit_code == 2 and "kepildbupgrade--create" in bare(r.output) and name in bare(r.output)
    r = runner.invoke(app, ["db", "upgrade", "--database-url", url])
    assert r.exit_code == 2 and "kepildbupgrade--create" in bare(r.output)
    try:
        r = runner.invoke(app, ["db", "upgrade", "--create", "--database-url", url])
        assert r.exit_code == 0 and ":created" in bare(r.output) and head() in bare(r.output), r.output
        r = runner.invoke(app, ["db", "upgrade", "--create", "--database-url", url])
        said = " ".join(r.output.split())  # Rich wraps the line where the URL's length puts it
        assert r.exit_code == 0 and ": created" not in said and "already at revision" in said
        assert runner.invoke(app, ["keys", "create", "--role", "admin", "--database-url", url]).exit_code == 0
    finally:
        from sqlalchemy import create_engine, text

        admin = create_engine(
            PG_URL.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT"
        )
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.mark.postgres
def test_a_postgresql_database_without_the_schema_is_not_migrated_by_a_command() -> None:
    from sqlalchemy import create_engine, text

    tag = os.environ.get("KEPIL_TEST_DB_TAG", "")
    name = f"kepil_test_{tag}bare_{uuid.uuid4().hex[:8]}"
    url = PG_URL.rsplit("/", 1)[0] + f"/{name}"
    admin = create_engine(
        PG_URL.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        r = runner.invoke(app, ["keys", "create", "--role", "admin", "--database-url", url])
        assert r.exit_code == 2 and "kepil db upgrade" in r.output and "none" in r.output
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.mark.parametrize(
    ("path", "ignored"),
    [
        ("kepil.db", True),
        ("kepil.db-wal", True),
        ("kepil.db-shm", True),
        ("demo/kepil.db", True),
        ("month/claims.parquet", True),
        ("run/defects.parquet", True),
        ("src/kepil/demo/dataset.py", False),  # the demo package itself is source
    ],
)
def test_what_the_commands_make_by_default_is_git_ignored(path: str, ignored: bool) -> None:
    import subprocess

    repo = Path(__file__).resolve().parent.parent
    if not (repo / ".git").exists():
        pytest.skip("not a git checkout")
    r = subprocess.run(["git", "check-ignore", "-q", path], cwd=repo, check=False)
    assert (r.returncode == 0) is ignored


# ------------------------------------------------------------------ kepil providers import
HEADER = "id,name,region,atu,phc,palliative,licence_valid_until,border_neighbour_atus,events\n"


def test_providers_are_imported_from_csv_then_keys_made_for_them(fresh: Path) -> None:
    (fresh / "p.csv").write_text(
        HEADER
        + "PHC-1,Polyclinic 1,astana,astana-esil,true,,2030-12-31,astana-almaty;astana-saryarka,\n"
        + "PHC-2,Polyclinic 2,Абай облысы,semey,1,no,,,privatisation:2026-03-01\n",
        encoding="utf-8",
    )
    r = runner.invoke(app, ["providers", "import", "p.csv"])
    assert r.exit_code == 0, r.output
    assert "2 organisations registered (2 new, 0 replaced)" in r.output
    assert (
        runner.invoke(app, ["keys", "create", "--role", "registrar", "--organisation", "PHC-2"]).exit_code
        == 0
    )
    from kepil.store.db import make_engine
    from kepil.store.providers import get_provider

    engine = make_engine("sqlite:///kepil.db")
    one, two = get_provider(engine, "PHC-1"), get_provider(engine, "PHC-2")
    engine.dispose()
    assert one["border_neighbour_atus"] == ["astana-almaty", "astana-saryarka"]
    assert one["licence_valid_until"] == "2030-12-31" and one["palliative"] is False
    assert two["region"] == "abai" and two["phc"] is True
    assert two["events"] == [{"code": "privatisation", "date": "2026-03-01"}]
    again = runner.invoke(app, ["providers", "import", "p.csv"])
    assert "2 organisations registered (0 new, 2 replaced)" in again.output


def test_providers_are_imported_from_json(fresh: Path) -> None:
    import json

    body = [{"id": "PHC-9", "name": "N", "region": "astana", "atu": "astana-esil", "phc": True}]
    (fresh / "p.json").write_text(json.dumps(body), encoding="utf-8")
    assert runner.invoke(app, ["providers", "import", "p.json"]).exit_code == 0


@pytest.mark.parametrize(
    ("content", "suffix", "words"),
    [
        (HEADER, ".csv", "registers no organisation"),
        ("[]", ".json", "registers no organisation"),
        (HEADER.replace("events", "evnts"), ".csv", "`evnts` is not a provider field"),
        (HEADER + "PHC-1,N,astana,a,yes,,2030-13-01,,\n", ".csv", "row 1, column `licence_valid_until`"),
        (HEADER + "PHC-1,N,astana,a,maybe,,,,\n", ".csv", "row 1, column `phc`: expected true or false"),
        (HEADER + "PHC-1,N,nowhere,a,,,,,\n", ".csv", "row 1, column `region`"),
        (HEADER + "PHC-1,N,astana,a,,,,,oops\n", ".csv", "'oops' is not an event"),
        (HEADER + "P,N,astana,a,,,,,\nP,M,astana,a,,,,,\n", ".csv", "row 2, column `id`: 'P' is repeated"),
        ("[" * 1000 + "]" * 1000, ".json", "nested too deep"),
        ('{"id": "x"}', ".json", "an array of provider objects"),
    ],
)
def test_a_bad_providers_file_is_one_line_naming_row_and_column_and_stores_nothing(
    fresh: Path, content: str, suffix: str, words: str
) -> None:
    (fresh / f"p{suffix}").write_text(content, encoding="utf-8")
    r = runner.invoke(app, ["providers", "import", f"p{suffix}"])
    assert r.exit_code == 2 and words in r.output and "Traceback" not in r.output, r.output
    assert "PHC-1" not in runner.invoke(app, ["providers", "list"]).output


@pytest.mark.parametrize(
    ("content", "suffix", "words"),
    [
        (HEADER + "PHC-1,N,astana,a,,,,,,extra\n", ".csv",
         "p.csv, строка 1: число ячеек в строке не равно числу столбцов заголовка"),
        (HEADER + "PHC-1," + "N" * 5000 + ",astana,a,,,,,\n", ".csv",
         "p.csv, строка 1: ячейка слишком длинная: не более 4000 символов"),
        ('[{"id": "P", "name": "N", "region": "astana", "atu": "a", '
          '"gp_positions": 99999999999999999999999}]',
         ".json", "p.json, строка 1, столбец «gp_positions»: слишком велико"),
    ],
)  # fmt: skip
def test_a_bad_providers_file_is_said_in_the_chosen_language(
    fresh: Path, content: str, suffix: str, words: str
) -> None:
    """Found by the sweep: a row with a cell too many said `файл не читается: cells`, a cell over the limit
    `column «None»` and the csv module's English, an integer past any of pydantic's its English words."""
    (fresh / f"p{suffix}").write_text(content, encoding="utf-8")
    r = runner.invoke(app, ["providers", "import", f"p{suffix}", "--lang", "ru"])
    assert r.exit_code == 2 and words in " ".join(r.output.split()), r.output
