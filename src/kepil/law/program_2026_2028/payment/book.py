"""The tariff book as small tables: Arrow tables to look claims up in (`book_arrays`, `expr.lookup`),
or memtables to join."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from kepil.law.program_2026_2028 import payment_methods as pm
from kepil.law.program_2026_2028.tariffs import (
    PER_PERSON_KEYS,
    PRICE_SECTIONS,
    REGION_NORMS,
    TariffBook,
    weight_micro,
)


def additional_items() -> list[tuple[str, int]]:
    """The additional costs of app2 row 5 (items 1-10 and 12) a claim's `additional` names: by item number
    ("3") or by code ("nitric_oxide") → item."""
    d = pm.by_row(5)
    items = [(m.code, m.item) for m in d.methods if "additional_costs" in m.kinds]
    return [(str(i), i) for _c, i in items] + items


def _arrays(columns: Mapping[str, tuple[pa.DataType, list[Any]]]) -> pa.Table:
    return pa.table({k: pa.array(v, t) for k, (t, v) in columns.items()})


def book_tables(book: TariffBook) -> dict[str, ir.Table]:
    """The tariff book as small memtables to join: cost groups, prices by tariff code, blocks, regions."""
    return {name: ibis.memtable(table) for name, table in book_arrays(book).items()}


def book_arrays(book: TariffBook) -> dict[str, pa.Table]:
    """The tariff book as small Arrow tables, each keyed by its first column: cost groups, prices by tariff
    code, blocks, regions, service codes, additional costs."""
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
    for d in PER_PERSON_KEYS:
        region_columns[f"_ct_{d}"] = (i, [book.regions[r].complex_tariffs_tiyn.get(d) for r in regs])
    for f in REGION_NORMS:
        region_columns[f"_n_{f}"] = (i, [book.regions[r].norms_tiyn.get(f) for r in regs])
    services = [
        (item, code, tiyn) for item, codes in book.service_tariffs.items() for code, tiyn in codes.items()
    ]
    adds = additional_items()
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
        "services": _arrays(
            {
                "_svc": (s, [c for _i, c, _t in services]),
                "_svc_clause": (s, ["app2." + i.split(".")[0] for i, _c, _t in services]),
                "_svc_item": (i, [int(it.split(".")[1]) for it, _c, _t in services]),
                "_svc_tiyn": (i, [t for _i, _c, t in services]),
            }
        ),
        "additional": _arrays(
            {"_add_key": (s, [k for k, _i in adds]), "_add_item": (i, [n for _k, n in adds])}
        ),
    }
