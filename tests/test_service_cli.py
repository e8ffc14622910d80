"""The service's commands: `kepil db upgrade | current`, `kepil keys create | list | revoke`, `kepil serve`
refusing a stale database; and IINs masked in the service's logs."""

from __future__ import annotations

import logging
from pathlib import Path

from typer.testing import CliRunner

from kepil.api.logs import MaskIins, mask_iins
from kepil.cli.main import app
from kepil.store.migrate import head

runner = CliRunner()


def test_db_upgrade_keys_and_revoke(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'k.db'}"
    r = runner.invoke(app, ["db", "current", "--database-url", url])
    assert r.exit_code == 1 and "kepil db upgrade" not in r.output and "none" in r.output
    assert not (tmp_path / "k.db").exists()  # looking does not create the file
    r = runner.invoke(app, ["db", "upgrade", "--database-url", url])
    assert r.exit_code == 0 and f"empty → {head()}" in r.output
    assert "already at revision" in runner.invoke(app, ["db", "upgrade", "--database-url", url]).output
    assert runner.invoke(app, ["db", "current", "--database-url", url]).exit_code == 0
    r = runner.invoke(app, ["keys", "create", "--role", "analyst", "--label", "desk", "--database-url", url])
    assert r.exit_code == 0
    key = r.stdout.strip().splitlines()[-1]
    assert key.startswith("kepil_")
    key_id = key.removeprefix("kepil_").split(".")[0]
    listed = runner.invoke(app, ["keys", "list", "--database-url", url]).output
    assert key_id in listed and key.split(".")[1] not in listed
    assert runner.invoke(app, ["keys", "revoke", key_id, "--database-url", url]).exit_code == 0
    r = runner.invoke(app, ["keys", "create", "--role", "registrar", "--database-url", url])
    assert r.exit_code == 2 and "--organisation" in r.output
    assert runner.invoke(app, ["keys", "revoke", "nope", "--database-url", url]).exit_code == 2


def test_serve_refuses_a_database_behind_the_code(tmp_path: Path) -> None:
    from kepil.store.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'stale.db'}"
    upgrade(url, "0001")
    r = runner.invoke(app, ["serve", "--database-url", url])
    assert r.exit_code == 2 and "kepil db upgrade" in r.output


def test_iins_are_masked_in_log_lines(caplog) -> None:  # type: ignore[no-untyped-def]
    assert mask_iins("GET /v1/persons/850412312347/attachments") == "GET /v1/persons/********2347/attachments"
    assert mask_iins("id 1234567890123") == "id 1234567890123"  # 13 digits: not an IIN
    logger = logging.getLogger("kepil.test.mask")
    logger.addFilter(MaskIins())
    with caplog.at_level(logging.INFO, logger="kepil.test.mask"):
        logger.info('%s - "%s %s"', "127.0.0.1", "GET", "/v1/persons/850412312347/attachment")
    assert "850412312347" not in caplog.text and "********2347" in caplog.text


def test_the_tour_walks_the_registry_on_a_temporary_sqlite_file() -> None:
    r = runner.invoke(app, ["tour", "--lang", "ru"])
    assert r.exit_code == 0, r.output
    assert "Регистр прикрепления" in r.output and "2026-09-15" in r.output and "P 79.4" in r.output
    # the monitoring run of a synthetic month: codes of the classifier and the objection window (26)
    # counted from Monday 6 April 2026
    assert "Автоматизированный мониторинг" in r.output and "4.0" in r.output and "12.0" in r.output
    assert "2026-04-13" in r.output


def test_iins_are_masked_after_percent_decoding() -> None:
    """Issue 14: `/persons/85041231234%37` is served as 850412312347, so the log must mask it too."""
    assert (
        mask_iins("GET /v1/persons/85041231234%37/attachments") == "GET /v1/persons/********2347/attachments"
    )
    assert mask_iins("/v1/persons/%38%35%30412312347?date=x") == "/v1/persons/********2347?date=x"
    assert mask_iins("/p/8504123123%2534%37") == "/p/********2347"  # "%25" is "%": decoded twice
    assert mask_iins("/p/a%0Ab") == "/p/a%0Ab"  # other escapes stay as they are


def test_a_served_path_with_an_encoded_digit_is_logged_masked(tmp_path: Path) -> None:
    import urllib.request

    from serving import serving

    with serving(tmp_path, "--access-log") as server:
        req = urllib.request.Request(
            f"{server.url}/v1/persons/85041231234%37/attachments?iin=85041231234%37",
            headers={"Authorization": f"Bearer {server.key}"},
        )
        with urllib.request.urlopen(req, timeout=10) as r:
            assert r.status == 200
        server.process.terminate()
        server.process.wait(timeout=30)
        log = server.log.read_text()
    assert "/v1/persons/********2347/attachments" in log
    assert "850412312347" not in log and "85041231234%37" not in log
