"""The service's commands: `kepil db upgrade | current`, `kepil keys create | list | revoke`, `kepil serve`
refusing a stale database; and IINs masked in the service's logs."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
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
    import urllib.error
    import urllib.request

    from serving import serving

    with serving(tmp_path, "--access-log") as server:
        req = urllib.request.Request(
            f"{server.url}/v1/persons/85041231234%37/attachments?iin=85041231234%37",
            headers={"Authorization": f"Bearer {server.key}"},
        )
        # `iin` is no query parameter of the operation: 422 naming it — and the line masked all the same
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(req, timeout=10)
        assert refused.value.code == 422
        server.process.terminate()
        server.process.wait(timeout=30)
        log = server.log.read_text()
    assert "/v1/persons/********2347/attachments" in log
    assert "850412312347" not in log and "85041231234%37" not in log


@pytest.mark.parametrize(
    "args",
    [
        ("127.0.0.1:5", "GET", "/v1/persons/850412312347/attachments", "1.1", 200),
        ("127.0.0.1:5", "GET", "/v1/persons/85041231234%37", "1.1", 404),
        ("127.0.0.1:5", "POST", "/v1/coverage/decisions", "1.1", 422),
        ("850412312347:5", "POST", "/p?iin=%38%35%30412312347", "1.0", 409),
        ("127.0.0.1:5", "GET", "/id/1234567890123", "1.1", 200),  # 13 digits: not an IIN
    ],
)
def test_the_lean_mask_and_formatter_write_uvicorns_masked_lines(args: tuple[Any, ...]) -> None:
    """Issue 17: the access log's mask and formatter are cheaper, and their lines are the ones uvicorn's
    formatter writes after the full mask (`mask_iins` of every text of the line)."""
    import uvicorn.logging

    from kepil.api.logs import AccessFormatter

    msg = '%s - "%s %s HTTP/%s" %d'
    uvicorns = '%(levelprefix)s %(client_addr)s - "%(request_line)s" %(status_code)s'
    for fmt in (uvicorns, "%(message)s|%(name)s %(levelprefix)s"):
        record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, msg, args, None)
        MaskIins().filter(record)
        full = tuple(mask_iins(a) if isinstance(a, str) else a for a in args)
        expected = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, msg, full, None)
        assert record.args == full and record.msg == msg
        line = AccessFormatter(fmt, use_colors=False).format(record)
        assert line == uvicorn.logging.AccessFormatter(fmt, use_colors=False).format(expected)
        assert "850412312347" not in line and "%37" not in line


def test_the_mask_keeps_mapping_arguments_a_mapping() -> None:
    args = ({"who": "850412312347", "n": 1},)
    record = logging.LogRecord("kepil", logging.INFO, __file__, 1, "%(who)s %(n)d", args, None)
    MaskIins().filter(record)
    assert record.getMessage() == "********2347 1"


def test_serve_formats_uvicorns_access_log_lean() -> None:
    """uvicorn configures its access log handler in each worker; the application, created after it, swaps
    the formatter for the lean one (with uvicorn's format) and leaves any other formatter alone."""
    import uvicorn.logging
    from uvicorn.config import LOGGING_CONFIG

    from kepil.api.logs import AccessFormatter, install_masking

    fmt = LOGGING_CONFIG["formatters"]["access"]["fmt"]
    access = logging.getLogger("uvicorn.access")
    uvicorns, other = logging.StreamHandler(), logging.StreamHandler()
    uvicorns.setFormatter(uvicorn.logging.AccessFormatter(fmt, use_colors=False))
    other.setFormatter(logging.Formatter("%(message)s"))
    saved = access.handlers[:]
    access.handlers[:] = [uvicorns, other]
    try:
        install_masking()
        lean = uvicorns.formatter
        assert type(lean) is AccessFormatter and lean._fmt == fmt and not lean.use_colors
        assert type(other.formatter) is logging.Formatter
    finally:
        access.handlers[:] = saved
