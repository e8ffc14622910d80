"""The README's service commands work in a fresh folder in the order written (issue 14): the organisation
is registered from a file, then a registrar key is made for it; no `kepil db upgrade` is needed first."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
KEPIL = str(Path(sys.executable).with_name("kepil"))


def service_block() -> str:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## The service") :]
    match = re.search(r"```bash\n(.*?)```", section, re.S)
    assert match is not None
    return match.group(1)


def test_the_readme_service_sequence_runs_in_a_fresh_folder(tmp_path: Path) -> None:
    lines = [line for line in service_block().splitlines() if " serve " not in line]  # serve blocks
    script = "set -euo pipefail\n" + "\n".join(lines).replace(".venv/bin/kepil", KEPIL) + "\n"
    env = {k: v for k, v in os.environ.items() if k != "KEPIL_DATABASE_URL"}
    r = subprocess.run(
        ["bash", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, check=False
    )
    assert r.returncode == 0, r.stderr
    keys = [line for line in r.stdout.splitlines() if line.startswith("kepil_")]
    assert len(keys) == 2  # the admin's and the registrar's of PHC-1
    assert "registrar of PHC-1" in r.stderr
    assert (tmp_path / "kepil.db").is_file()
