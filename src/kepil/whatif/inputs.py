"""A population for the what-if: the persons table of shared/contracts/claims.md, checked exactly as the
claims' readers check it (file, row and column named in kk/ru/en), with an optional `region` column."""

from __future__ import annotations

import tempfile
from pathlib import Path

import polars as pl

from kepil.claims.inputs import validate_file
from kepil.claims.schema import PERSONS


def read_persons(path: Path) -> pl.DataFrame:
    """The persons of `path` (CSV or Parquet), validated and normalised (dates as dates, booleans read)."""
    with tempfile.TemporaryDirectory(prefix="kepil-whatif-") as tmp:
        stage = Path(tmp) / "persons.text.parquet"
        lf, plan, _conforming = validate_file(PERSONS, Path(path), stage, lambda _msg: None)
        schema = lf.collect_schema()
        return lf.select([plan.norm.get(name, pl.col(name)) for name in schema.names()]).collect()
