"""The request's fields as typed columns: reading JSON Lines, CSV or Parquet into one flat frame.

Columns are named by the request's dotted paths (`person.iin`, `service.kind`). A value that does not fit
its column's type is not guessed at: the row is marked `__typed_ok = false` and decided by the single path,
which names the field exactly as it would for one request.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl

from kepil.errors import InvalidInput

STRINGS = (
    "date",
    "person.iin",
    "person.birth_date",
    "person.sex",
    "person.residency",
    "person.stay_purpose",
    "person.state_paid_category",
    "service.kind",
    "service.form",
    "service.icd10",
)
BOOLS = (
    "person.eaeu_worker",
    "person.eaeu_family",
    "person.insured",
    "person.pregnant",
    "person.postpartum",
    "person.attached",
    "service.referral",
    "service.life_threatening",
    "service.socially_significant",
    "service.dangerous_to_others",
    "service.contact_isolation",
    "service.admission_department",
)
LISTS = ("person.policies",)
INTS = ("service.rehabilitation_stage",)
FIELDS = (*STRINGS, *BOOLS, *LISTS, *INTS)
TYPED_OK = "__typed_ok"
ROW = "__row"


def flatten(df: pl.DataFrame) -> pl.DataFrame:
    """Nested `person` / `service` structs become dotted columns."""
    for top in ("person", "service"):
        if top in df.columns and isinstance(df.schema[top], pl.Struct):
            inner = df.select(pl.col(top).struct.unnest())
            df = df.drop(top).hstack(inner.rename({c: f"{top}.{c}" for c in inner.columns}))
    return df


def _bool_from_text(col: pl.Expr) -> pl.Expr:
    low = col.str.strip_chars().str.to_lowercase()
    return pl.when(low == "true").then(True).when(low == "false").then(False).otherwise(None)


def typed(df: pl.DataFrame) -> pl.DataFrame:
    """Every field in its column type, a row index, and whether every present value fitted its type."""
    df = flatten(df)
    cols: list[pl.Expr] = []
    fits: list[pl.Expr] = []
    for name in FIELDS:
        if name not in df.columns:
            cols.append(pl.lit(None).cast(_dtype(name)).alias(name))
            continue
        src, dtype = pl.col(name), df.schema[name]
        if name in STRINGS:
            if dtype in (pl.Utf8, pl.Null):
                val = src.cast(pl.Utf8)
            elif dtype == pl.Date:
                val = src.dt.strftime("%Y-%m-%d")
            else:
                val = pl.lit(None, pl.Utf8)
                fits.append(src.is_null())
        elif name in BOOLS:
            if dtype in (pl.Boolean, pl.Null):
                val = src.cast(pl.Boolean)
            elif dtype == pl.Utf8:
                val = _bool_from_text(src)
                fits.append(src.is_null() | (src.str.strip_chars() == "") | val.is_not_null())
            else:
                val = pl.lit(None, pl.Boolean)
                fits.append(src.is_null())
        elif name in LISTS:
            if dtype == pl.List(pl.Utf8) or dtype == pl.Null or dtype == pl.List(pl.Null):
                val = src.cast(pl.List(pl.Utf8))
            elif dtype == pl.Utf8:
                val = (
                    pl.when(src.str.strip_chars() == "")
                    .then(pl.lit([], pl.List(pl.Utf8)))
                    .otherwise(src.str.split(";").list.eval(pl.element().str.strip_chars()))
                )
            else:
                val = pl.lit(None, pl.List(pl.Utf8))
                fits.append(src.is_null())
        else:
            if dtype.is_integer() or dtype == pl.Null:
                val = src.cast(pl.Int64)
            elif dtype == pl.Utf8:
                val = src.str.strip_chars().cast(pl.Int64, strict=False)
                fits.append(src.is_null() | (src.str.strip_chars() == "") | val.is_not_null())
            else:
                val = pl.lit(None, pl.Int64)
                fits.append(src.is_null())
        cols.append(val.alias(name))
    ok = pl.all_horizontal(fits) if fits else pl.lit(True)
    return df.with_row_index(ROW).select(pl.col(ROW), *cols, ok.alias(TYPED_OK))


def _dtype(name: str) -> pl.DataType:
    if name in BOOLS:
        return pl.Boolean()
    if name in LISTS:
        return pl.List(pl.Utf8)
    if name in INTS:
        return pl.Int64()
    return pl.Utf8()


def raw_request(original: dict[str, Any]) -> dict[str, Any]:
    """A nested request dict from one row of dotted columns (null = absent), for the single path."""
    out: dict[str, Any] = {}
    for key, value in original.items():
        if key.startswith("__") or value is None:
            continue
        top, _, leaf = key.partition(".")
        if leaf:
            out.setdefault(top, {})[leaf] = value
        else:
            out[top] = value
    for top in ("person", "service"):
        out.setdefault(top, {})
    return out


def read_table(path: Path) -> pl.DataFrame:
    """A CSV (text columns, parsed by `typed`) or Parquet file of requests."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".parquet":
            return pl.read_parquet(path)
        if suffix == ".csv":
            return pl.read_csv(path, infer_schema=False)
    except (pl.exceptions.PolarsError, OSError) as e:
        raise InvalidInput(str(path), f"cannot be read: {e}") from None
    raise InvalidInput(str(path), "expected a .jsonl, .csv or .parquet file")
