"""Data files shipped with kepil: tables extracted from the seeds and reference lists, with provenance."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import IO, Any


def data_path(*parts: str) -> Path:
    """Path of a packaged data file, e.g. `data_path("program_2026_2028", "inpatient_caps.csv")`."""
    return Path(str(files("kepil.data").joinpath(*parts)))


def load_yaml(text: str | IO[str]) -> Any:
    """`yaml.safe_load` through libyaml's C parser when PyYAML has it (5-10x faster: the disease lists alone
    took 0.34 s of a single `kepil coverage decide` in pure Python), else the pure-Python safe loader. Same
    safe constructors, same tags, same `yaml.YAMLError` on a defect — an impossible date (`2026-02-30`)
    included (`kepil.data.yaml_loader.ImpossibleDate`; PyYAML lets it out as a bare ValueError)."""
    import yaml

    from kepil.data.yaml_loader import SafeLoader

    return yaml.load(text, Loader=SafeLoader)


class TooDeep(ValueError):
    """YAML nested deeper than `kepil.limits.MAX_JSON_DEPTH` (`load_bounded_yaml`)."""


def load_bounded_yaml(text: str) -> Any:
    """`load_yaml` for a file a person gives (a tariff book, a reform): its brackets nested no deeper than
    JSON's bound (`kepil.limits.MAX_JSON_DEPTH`), and PyYAML's recursion on nested nodes (indentation too)
    caught — `TooDeep` either way, never a RecursionError (a traceback, an HTTP 500)."""
    from kepil.limits import MAX_JSON_DEPTH, json_depth

    if json_depth(text.encode()) > MAX_JSON_DEPTH:
        raise TooDeep
    try:
        return load_yaml(text)
    except RecursionError:
        raise TooDeep from None
