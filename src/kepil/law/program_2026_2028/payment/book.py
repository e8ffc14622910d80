"""The tariff book as small memtables to join with the claims."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from kepil.law.program_2026_2028.tariffs import (
    COMPLEX_TARIFF_DIRECTIONS,
    PRICE_SECTIONS,
    TariffBook,
    weight_micro,
)


def _arrays(columns: Mapping[str, tuple[pa.DataType, list[Any]]]) -> ir.Table:
    return ibis.memtable(pa.table({k: pa.array(v, t) for k, (t, v) in columns.items()}))


def book_tables(book: TariffBook) -> dict[str, ir.Table]:
    """The tariff book as small memtables to join: cost groups, prices by tariff code, blocks, regions."""
    s, i = pa.string(), pa.int64()
    groups = book.clinical_cost_groups
    codes = sorted({c for sec in PRICE_SECTIONS for c in book.prices.get(sec, {})})
    blocks = book.paediatric_oncology_blocks
    regs = sorted(book.regions)
    region_columns: dict[str, tuple[pa.DataType, list[Any]]] = {
        "_reg": (s, regs),
        "_pcn": (i, [book.regions[r].per_capita_norm_tiyn for r in regs]),
        "_cpcn": (i, [book.regions[r].comprehensive_per_capita_norm_tiyn for r in regs]),
    }
    for d in COMPLEX_TARIFF_DIRECTIONS:
        region_columns[f"_ct_{d}"] = (i, [book.regions[r].complex_tariffs_tiyn.get(d) for r in regs])
    return {
        "ccg": _arrays(
            {
                "_ccg": (s, list(groups)),
                "_w": (i, [weight_micro(w) for w in groups.values()]),
                "_wtxt": (s, [str(w) for w in groups.values()]),
            }
        ),
        "prices": _arrays(
            {"_code": (s, codes)}
            | {sec: (i, [book.prices.get(sec, {}).get(c) for c in codes]) for sec in PRICE_SECTIONS}
        ),
        "blocks": _arrays(
            {
                "_block": (s, list(blocks)),
                "_term": (i, [b.term_days for b in blocks.values()]),
                "_block_tiyn": (i, [b.amount_tiyn for b in blocks.values()]),
            }
        ),
        "regions": _arrays(region_columns),
    }
