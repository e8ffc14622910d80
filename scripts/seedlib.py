"""Finding and reading the source acts in ../shared/seeds (override with KEPIL_SEEDS)."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# GLOSSARY.md: act id -> seed file
SEED_FILES: dict[str, str] = {
    "mvd-paid-services": "000_aabd2f6082eb4fa1.txt",
    "migrant-care-rules": "001_788b20367dcc5254.txt",
    "phc-attachment-rules": "001_788b20367dcc5254.txt",
    "phc-rules": "001_788b20367dcc5254.txt",
    "monitoring-rules": "002_fde421bc7ef00c9a.txt",
    "program-2026-2028": "003_818f68c881cbfe56.txt",
    "drug-rules": "004_78bf16f635a28b41.txt",
}


def seeds_dir() -> Path:
    return Path(os.environ.get("KEPIL_SEEDS", REPO.parent / "shared" / "seeds"))


def read_seed(act_id: str) -> str:
    path = seeds_dir() / SEED_FILES[act_id]
    if not path.is_file():
        raise SystemExit(f"error: seed {path} not found (set KEPIL_SEEDS to the folder of the seeds)")
    return path.read_text(encoding="utf-8")


PACKAGE_DATA = REPO / "src" / "kepil" / "data"
