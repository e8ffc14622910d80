"""Penalties of the defects found (`monitoring-rules` 10 and app1), set-based on Polars.

For a claim-level defect: the classifier cell of its code in the column of the claim's kind of care.

- The column of a kind of care: the first column (in published order) whose inferred care kinds name it
  (`classifier_columns.yaml`), leaving out R13-R16. Reading: those columns price care by its payment
  direction — the rural comprehensive per-capita norm, the complex tariffs of tuberculosis, HIV and
  mental health (program-2026-2028 app2) — which a claim does not carry; the form-of-care columns do.
  So phc → L1, outpatient_specialized → L2, screening → L3, inpatient → L4, ambulance → R12,
  pathology → R17, blood → R18. A kind with no column (e.g. day_hospital, dental: L5-L8 are not
  identified) keeps its defect with an unknown (null) penalty.
- A "-" cell: the code does not apply to that form of care (app1 legend) — no defect row.
- A "+" cell: the code applies with the amount of its parent row (5.1 → 5.0, 12.1 → 12.0).
- `percent_of_cost`: amount × percent / 100; `multiple_of_base`: value × the base of the claim's region
  in the tariff book (ЖБН per_capita_norm, КЖН comprehensive_per_capita_norm, КТ complex_tariff); null
  without a tariff book or when the book lacks the base. A cell with an alternative ("100 КЖН/ЖБН",
  "1 КТ / 100 %"): the first when it can be computed, else the alternative. "0" → 0; a cell lost in the
  seed's text → null.
- Rounding: ROUND_HALF_UP to the tiyn (halves away from zero), in integer arithmetic.

For `no_licence` (10, third paragraph): the rule's percent of the contract sum, rounded likewise.
`significant` is the classifier row's (2.13 / 2.14); the licence breach is significant (a breach of the
licensing law, 2.13).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from functools import cache
from pathlib import Path

import polars as pl
import pyarrow as pa

from kepil.errors import InvalidInput
from kepil.law.care import CARE_KINDS
from kepil.law.monitoring_rules.classifier import Classifier, Column, Penalty, PenaltyCell, classifier

DIRECTION_POSITIONS = ("R13", "R14", "R15", "R16")
SCALE = 100  # cell values are kept in hundredths: "0,5 КТ" → 50, "60%" → 6000
CELLS_SCHEMA = {
    "code": pl.Utf8,
    "care_kind": pl.Utf8,
    "column": pl.Utf8,
    "raw": pl.Utf8,
    "applies": pl.Boolean,
    "significant": pl.Boolean,
    "kind": pl.Utf8,  # percent_of_cost | multiple_of_base | zero | unknown
    "base": pl.Utf8,
    "value": pl.Int64,  # hundredths
    "alt_kind": pl.Utf8,
    "alt_base": pl.Utf8,
    "alt_value": pl.Int64,
}


def column_of(care_kind: str, clf: Classifier | None = None) -> Column | None:
    """The classifier column that prices `care_kind` (see the module's reading), or None."""
    for col in (clf or classifier()).columns:
        if col.position not in DIRECTION_POSITIONS and care_kind in col.care_kinds:
            return col
    return None


def parent_code(code: str) -> str:
    """The row a "+" cell takes its amount from: "5.1" → "5.0"."""
    return f"{code.split('.')[0]}.0"


def resolve_cell(clf: Classifier, code: str, column: str) -> PenaltyCell:
    """The cell of `code` in `column`, a "+" cell replaced by its parent row's cell in the same column
    (kept as "+" with kind `applies` when the parent's cell gives no amount either)."""
    cell = clf.penalty_cell(code, column)
    if cell.kind != "applies" or parent_code(code) == code:
        return cell
    try:
        parent = clf.penalty_cell(parent_code(code), column)
    except InvalidInput:  # the parent's line was lost in the seed (1.2's 1.0): its amount is not known
        return cell
    return parent if parent.kind in ("percent_of_cost", "multiple_of_base", "zero") else cell


def _hundredths(value: Decimal | None) -> int | None:
    if value is None:
        return None
    scaled = value * SCALE
    if scaled != scaled.to_integral_value():
        raise ValueError(f"classifier value {value} has more than two decimals")
    return int(scaled)


def _priced(p: Penalty | None) -> tuple[str | None, str | None, int | None]:
    if p is None:
        return None, None, None
    if p.kind in ("percent_of_cost", "multiple_of_base", "zero"):
        return p.kind, p.base, _hundredths(p.value)
    return "unknown", None, None


@cache
def _cells(columns_file: Path | None, codes: tuple[str, ...]) -> pl.DataFrame:
    clf = classifier(columns_file)
    rows = []
    for code in codes:
        significant = clf.defect(code).significant
        for kind in CARE_KINDS:
            col = column_of(kind, clf)
            try:
                cell = resolve_cell(clf, code, col.id) if col is not None else None
            except InvalidInput:  # the row's cell of this column was lost in the seed (e.g. row:14's L1)
                cell = None
            if col is None or cell is None:
                rows.append({"code": code, "care_kind": kind, "applies": True, "significant": significant,
                             "kind": "unknown"})  # fmt: skip
                continue
            k, base, value = _priced(cell.penalty)
            ak, abase, avalue = _priced(cell.alternative)
            rows.append(
                {
                    "code": code,
                    "care_kind": kind,
                    "column": col.id,
                    "raw": cell.raw,
                    "applies": cell.kind != "not_applicable",
                    "significant": significant,
                    "kind": k,
                    "base": base,
                    "value": value,
                    "alt_kind": ak,
                    "alt_base": abase,
                    "alt_value": avalue,
                }
            )
    return pl.DataFrame(rows, schema=CELLS_SCHEMA)


def cell_table(codes: Iterable[str], columns_file: str | Path | None = None) -> pl.DataFrame:
    """One row per (code, care kind): the resolved cell, built once per column file and codes."""
    path = Path(columns_file).expanduser().resolve() if columns_file is not None else None
    return _cells(path, tuple(sorted(set(codes))))


def half_up(numerator: pl.Expr, denominator: int) -> pl.Expr:
    """numerator / denominator rounded half up (ROUND_HALF_UP: halves away from zero), in Int64."""
    n = numerator.cast(pl.Int64)
    return ((n.abs() * 2 + denominator) // (2 * denominator)) * n.sign()


def _amount(kind: str, base: str, value: str, base_value: str) -> pl.Expr:
    k = pl.col(kind)
    return (
        pl.when(k == "percent_of_cost")
        .then(half_up(pl.col("amount") * pl.col(value), 100 * SCALE))
        .when(k == "multiple_of_base")
        .then(half_up(pl.col(base_value) * pl.col(value), SCALE))
        .when(k == "zero")
        .then(pl.lit(0, pl.Int64))
        .otherwise(pl.lit(None, pl.Int64))
    )


def _bases_frame(bases: pa.Table | None) -> pl.DataFrame:
    """(region, key, value): key is the base, or "complex_tariff:<column>" when the book names the
    classifier column of a complex tariff (one per direction: tuberculosis, hiv, mental_health)."""
    schema = {"region": pl.Utf8, "key": pl.Utf8, "value": pl.Int64}
    if bases is None:
        return pl.DataFrame(schema=schema)
    df = pl.from_arrow(bases)
    assert isinstance(df, pl.DataFrame)
    column = pl.col("column") if "column" in df.columns else pl.lit(None, pl.Utf8)
    key = pl.when(column.is_null()).then(pl.col("base")).otherwise(pl.col("base") + ":" + column)
    out = df.select(
        pl.col("region").cast(pl.Utf8), key.cast(pl.Utf8).alias("key"), pl.col("value").cast(pl.Int64)
    )
    return out.unique(["region", "key"], keep="first", maintain_order=True)


def _base_value(df: pl.DataFrame, b: pl.DataFrame, base: str, out: str) -> pl.DataFrame:
    """The value of the `base` column's base for the row's region: the complex tariff of the cell's own
    column when the book gives one per column, else the base as such."""
    specific = pl.when(pl.col(base) == "complex_tariff").then(pl.col(base) + ":" + pl.col("column"))
    df = df.with_columns(specific.otherwise(pl.col(base)).alias("__key"))
    for key, name in (("__key", "__v1"), (base, "__v2")):
        df = df.join(
            b.rename({"key": key, "value": name}), on=["region", key], how="left", maintain_order="left"
        )
    return df.with_columns(pl.coalesce("__v1", "__v2").alias(out)).drop("__key", "__v1", "__v2")


def claim_penalties(
    found: pl.DataFrame, bases: pa.Table | None, columns_file: str | Path | None = None
) -> pl.DataFrame:
    """`found` (code, care_kind, region, amount, ...) with `significant` and `penalty` added, the rows
    whose cell is "-" dropped. Order kept."""
    cells = cell_table(found["code"].unique().to_list(), columns_file)
    b = _bases_frame(bases)
    df = found.join(cells, on=["code", "care_kind"], how="left", maintain_order="left")
    df = _base_value(df, b, "base", "base_value")
    df = _base_value(df, b, "alt_base", "alt_base_value")
    # A care kind outside CARE_KINDS (input validation should prevent it) has no cell: unknown penalty.
    df = df.with_columns(pl.col("applies").fill_null(True))
    penalty = pl.coalesce(
        _amount("kind", "base", "value", "base_value"),
        _amount("alt_kind", "alt_base", "alt_value", "alt_base_value"),
    )
    return (
        df.filter(pl.col("applies"))
        .with_columns(penalty=penalty)
        .drop(
            [c for c in CELLS_SCHEMA if c not in ("code", "care_kind", "significant")]
            + ["base_value", "alt_base_value"]
        )
    )


def contract_penalties(found: pl.DataFrame, percent: int) -> pl.DataFrame:
    """`found` (amount = the contract sum) with `penalty` = percent % of it and `significant` = true."""
    return found.with_columns(
        penalty=half_up(pl.col("amount") * percent, 100), significant=pl.lit(True, pl.Boolean)
    )


__all__ = [
    "cell_table",
    "claim_penalties",
    "column_of",
    "contract_penalties",
    "half_up",
    "resolve_cell",
]
