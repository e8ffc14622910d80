"""The single distributor's shipments checked against consumption and stock (drug-rules, app. 1 — the Rules
of provision — clauses 23.1 and 4, as worded by order No. 19 of 2025).

23.1: for outpatient provision "the single distributor ensures the shipment of medicines and medical devices
taking into account the actual consumption and ensuring the presence of a balance in the volume of clause
4"; clause 4: the stock "is formed for not less than one month and not more than six months".

The shipments file (CSV or Parquet; validated like every input: file, row, column, kk/ru/en; nothing
written on a bad file), one row per shipment to a recipient (a medical organisation or a pharmacy):

| column | type | meaning |
|---|---|---|
| `shipment_id` | text | the shipment's id |
| `recipient` | text | the organisation or pharmacy shipped to |
| `region` | region | |
| `inn` | text | INN, or a device's characteristics |
| `dosage_form` | text, optional | |
| `unit` | text | the unit of every quantity of the row |
| `shipped_on` | date | the day of the shipment |
| `quantity` | quantity | shipped |
| `monthly_consumption` | quantity | the recipient's actual consumption a month (23.1 "actual consumption") |
| `stock_before` | quantity | the recipient's balance before the shipment |

Each row gets `stock_after` = stock_before + quantity, `stock_months` (stock_after ÷ monthly consumption,
shown to 3 decimals, rounded toward zero so that a value under a bound never shows as the bound), and
`finding`: `no_consumption` (shipped with no consumption to take into account), `below_minimum` (the stock
after the shipment covers less than 1 month), `above_maximum` (more than 6 months), or null. Comparisons
are exact on integers (stock × 1 against consumption × months); the bounds are the parameter
`medicine_stock_months` in force on the shipment's day.

Reading (23.1 with 4): the stock "formed" after a shipment is the recipient's balance plus what was
shipped; one month's stock is the recipient's actual consumption a month. A stock of exactly 1 or 6 months
is within the bounds ("not less than", "not more than").
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from kepil.law.drug_rules.need import Col, TableSpec, read_table, stock_months

SHIPMENTS = TableSpec(
    "shipments",
    (
        Col("shipment_id", "text"),
        Col("recipient", "text"),
        Col("region", "region"),
        Col("inn", "text"),
        Col("dosage_form", "text", required=False),
        Col("unit", "text"),
        Col("shipped_on", "date"),
        Col("quantity", "quantity", positive=True),
        Col("monthly_consumption", "quantity"),
        Col("stock_before", "quantity"),
    ),
)
FINDINGS: tuple[str, ...] = ("no_consumption", "below_minimum", "above_maximum")
QUANTITIES = ["quantity", "monthly_consumption", "stock_before", "stock_after"]
CLAUSE = "drug-rules app. 1, 23.1; 4"


def load_shipments(path: Path, allow_empty: bool = False) -> pl.DataFrame:
    """The shipments file validated (`SHIPMENTS`)."""
    return read_table(path, SHIPMENTS, allow_empty=allow_empty)


def check_shipments(shipments: pl.DataFrame) -> pl.DataFrame:
    """Every shipment with `stock_after`, `stock_months`, `finding` and `clause` (the module's doc). The
    bounds are read once per distinct shipment day (LawNotInForce on a day app. 1, 4 is not in force)."""
    days = shipments.get_column("shipped_on").unique().sort()
    bounds = pl.DataFrame(
        [(d, *stock_months(d)) for d in days.to_list()],  # one read per distinct day, never per row
        schema={"shipped_on": pl.Date, "lo": pl.Int64, "hi": pl.Int64},
        orient="row",
    )
    after = pl.col("stock_before") + pl.col("quantity")
    consumption = pl.col("monthly_consumption")
    return (
        shipments.lazy()
        .join(bounds.lazy(), on="shipped_on", how="left", maintain_order="left")
        .with_columns(after.alias("stock_after"))
        .with_columns(
            pl.when(consumption > 0)
            .then(((pl.col("stock_after") * 1000) // consumption).cast(pl.Float64) / 1000)
            .alias("stock_months"),
            pl.when(consumption == 0)
            .then(pl.lit("no_consumption"))
            .when(pl.col("stock_after") < consumption * pl.col("lo"))
            .then(pl.lit("below_minimum"))
            .when(pl.col("stock_after") > consumption * pl.col("hi"))
            .then(pl.lit("above_maximum"))
            .alias("finding"),
            pl.lit(CLAUSE).alias("clause"),
        )
        .drop("lo", "hi")
        .collect()
    )
