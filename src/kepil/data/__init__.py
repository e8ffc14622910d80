"""Data files shipped with kepil: tables extracted from the seeds and reference lists, with provenance."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def data_path(*parts: str) -> Path:
    """Path of a packaged data file, e.g. `data_path("program_2026_2028", "inpatient_caps.csv")`."""
    return Path(str(files("kepil.data").joinpath(*parts)))
