"""The OpenAPI document is the truth about the API (issue 14): a bounded schemathesis run — every check,
three examples per operation, against SQLite — finds no 500, no undocumented status or content type, no
schema-violating request accepted, no 405 without `Allow`. Each operation's documented failures carry the
contract's error object (FHIR: OperationOutcome as application/fhir+json)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from serving import serving

SCHEMATHESIS = str(Path(sys.executable).with_name("schemathesis"))
# Every check is on (schemathesis enables all by default); two settings, each with its reason:
CONFIG = """
[checks]
# A request valid by the JSON Schema may still be refused by the law's own checks the schema cannot say: an
# IIN's check digit, an organisation not in the registry, a region name. That refusal is the contract's 422.
positive_data_acceptance.expected-statuses = ["2xx", "401", "403", "404", "409", "422"]

[[operations]]
# The batch answers 200 with an error object in the place of each request it cannot decide (coverage
# contract); an invalid item inside the array is not a rejected HTTP request.
include-path-regex = "decisions:batch$"
checks.negative_data_rejection.enabled = false
"""


@pytest.mark.slow
def test_schemathesis_finds_nothing(tmp_path: Path) -> None:
    config = tmp_path / "schemathesis.toml"
    config.write_text(CONFIG)
    with serving(tmp_path) as server:
        r = subprocess.run(
            [
                SCHEMATHESIS,
                "--config-file",
                str(config),
                "run",
                f"{server.url}/openapi.json",
                "--max-examples",
                "3",
                "--generation-deterministic",
                "--header",
                f"Authorization: Bearer {server.key}",
            ],
            capture_output=True,
            text=True,
            timeout=300,
            cwd=tmp_path,
            check=False,
        )
        log = server.log.read_text()
    assert r.returncode == 0, r.stdout[-8000:]
    assert "Traceback" not in log, log[-4000:]
