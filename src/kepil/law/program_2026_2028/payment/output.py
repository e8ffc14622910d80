"""The output of a run (`OUTPUT_COLUMNS`, its Arrow schema) and its summary by method and region."""

from __future__ import annotations

import ibis
import ibis.expr.types as ir
import pyarrow as pa

OUTPUT_COLUMNS = (
    "claim_id", "provider_id", "region", "care_kind", "method", "act", "clause", "item",
    "presented_tiyn", "amount_tiyn", "withheld_tiyn", "inputs",
)  # fmt: skip


# Columns the Parquet writer encodes by dictionary: all but the claim's id (one value per row) and the
# presented amount (nearly one per row), where trying a dictionary costs the writer time for nothing.
DICTIONARY_COLUMNS = tuple(c for c in OUTPUT_COLUMNS if c not in ("claim_id", "presented_tiyn"))


def summary_expr(out: ir.Table) -> ir.Table:
    """Totals by method and region: rows, claims, presented, amount and withheld tiyn, unpriced rows."""
    g = out.group_by("method", "region").aggregate(
        rows=out.count(),
        claims=out.claim_id.count(),
        presented_tiyn=out.presented_tiyn.sum(),
        amount_tiyn=out.amount_tiyn.sum(),
        withheld_tiyn=out.withheld_tiyn.sum(),
        unpriced=out.amount_tiyn.isnull().sum(),
    )
    return g.order_by([g.method.isnull(), g.method, g.region.isnull(), g.region])


def summary_schema() -> pa.Schema:
    i = pa.int64()
    cols = ("rows", "claims", "presented_tiyn", "amount_tiyn", "withheld_tiyn", "unpriced")
    return pa.schema([("method", pa.string()), ("region", pa.string()), *((c, i) for c in cols)])


def output_schema() -> pa.Schema:
    s, i = pa.string(), pa.int64()
    types = {"item": i, "presented_tiyn": i, "amount_tiyn": i, "withheld_tiyn": i}
    return pa.schema([(c, types.get(c, s)) for c in OUTPUT_COLUMNS])


def file_schema() -> pa.Schema:
    """`output_schema` as a run writes it: provider_id, region and act never null (a claim and a
    population row must give the first two, checked when read; act is the act)."""
    required = {"provider_id", "region", "act"}
    return pa.schema([f.with_nullable(f.name not in required) for f in output_schema()])


def summarise(amounts: pa.Table) -> pa.Table:
    """`summary_expr` over an Arrow table of amounts (e.g. `pay`'s result)."""
    con = ibis.duckdb.connect()
    return con.to_pyarrow(summary_expr(ibis.memtable(amounts))).cast(summary_schema())
