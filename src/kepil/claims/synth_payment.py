"""The payment side of a synthetic month (`kepil synth`): the tariff inputs a claim carries (docs/payment.md:
`ccg`, `tariff_code`, `service_code`, `quantity`) with codes of the illustrative example tariff book, the
attachment registry's attachments of the month (`attachments.parquet`, person level, with changes of
attachment during the month) and the populations paid per capita that are not attachments
(`population.parquet`: people served by ambulance stations, school pupils, drivers).

Column-wise (Polars); the choices are drawn from a hash of the claim id or IIN, so the generator's random
stream — and every other column of the month — is unchanged.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from kepil.claims import synth_catalog as cat

# Codes of data/program_2026_2028/tariffs_example_2026.yaml (a test checks they are all there).
CCG_BY_KIND: dict[str, tuple[str, ...]] = {
    "inpatient": ("ST-001", "ST-002", "ST-003", "ST-004", "ST-005", "ST-006", "ST-007", "ST-008"),
    "day_hospital": ("DS-001", "DS-002"),
    "rehabilitation": ("RH-001",),
    "palliative": ("PL-001",),
}
SERVICES_BY_KIND: dict[str, tuple[str, ...]] = {
    "outpatient_specialized": ("A01.001", "A01.002", "B03.001", "B06.001", "B07.001"),
    "dental": ("C02.001", "C02.002"),
    "pathology": ("D01.001",),
    "screening": ("SCR-CHILD", "SCR-CERVIX", "SCR-COLON", "SCR-BREAST"),
    "blood": ("BLOOD-COMPONENT-TEST", "HLA-TYPING", "DONOR-COMPONENT"),
}
ONCOLOGY_CODES = ("chemotherapy_course", "radiotherapy_course", "surgery")
# diagnoses paid by a complex tariff when funded by the GVFMC (app2 rows 11-13): no service code
COMPLEX_ICD = r"^(F|A1[5-9]|B2[0-4])"
# app2 row 10 item 1's ranges, as a pattern over the normalised code (C00-C80, C97, D00-D09, D37-D44, D48)
ONCOLOGY_ICD = r"^(C([0-7][0-9]|80|97)|D0[0-9]|D3[7-9]|D4[0-4]|D48)"
RURAL_SHARE = 4  # one polyclinic in four is rural (app2 row 9)
CHANGE_EVERY = 50  # one person in 50 changes attachment during the month


def _pick(key: pl.Expr, values: tuple[str, ...]) -> pl.Expr:
    """values[hash % len] (a string), from an integer hash expression."""
    return pl.lit(pl.Series(values, dtype=pl.Utf8)).gather(key % len(values))


def with_payment_columns(claims: pl.DataFrame) -> pl.DataFrame:
    """`ccg`, `tariff_code`, `service_code`, `quantity` as the care of each claim needs them."""
    h = pl.col("claim_id").hash(seed=16)
    kind, icd = pl.col("care_kind"), pl.col("icd10")
    ccg = pl.lit(None, pl.Utf8)
    for k, codes in CCG_BY_KIND.items():
        ccg = pl.when(kind == k).then(_pick(h, codes)).otherwise(ccg)
    service = pl.lit(None, pl.Utf8)
    complex_care = (pl.col("funding") == "gvfmc") & icd.str.contains(COMPLEX_ICD)
    for k, codes in SERVICES_BY_KIND.items():
        service = pl.when((kind == k) & ~complex_care).then(_pick(h, codes)).otherwise(service)
    onco = kind.is_in(["inpatient", "day_hospital"]) & icd.str.replace(".", "", literal=True).str.contains(
        ONCOLOGY_ICD
    )
    lab = service.is_in(["B03.001", "BLOOD-COMPONENT-TEST"])
    return claims.with_columns(
        ccg=ccg,
        tariff_code=pl.when(onco).then(_pick(h // 7, ONCOLOGY_CODES)).otherwise(None),
        service_code=service,
        quantity=pl.when(service.is_null())
        .then(None)
        .when(lab)
        .then((h // 11 % 3 + 1).cast(pl.Int64))
        .otherwise(pl.lit(1, pl.Int64)),
    )


def provider_frame(provider_ids: list[str], types: np.ndarray, regions: list[str]) -> pl.DataFrame:
    """Providers with their type and region, polyclinics flagged rural one in RURAL_SHARE."""
    t = pl.DataFrame(
        {
            "provider_id": provider_ids,
            "type": [cat.PROVIDER_TYPES[i] for i in types.tolist()],
            "region": regions,
        }
    )
    return t.with_columns(
        rural=(pl.col("type") == "polyclinic") & (pl.col("provider_id").hash(seed=9) % RURAL_SHARE == 0)
    )


def attachments(
    claims: pl.DataFrame, persons: pl.DataFrame, providers: pl.DataFrame, start: dt.date, end: dt.date
) -> pl.DataFrame:
    """Every person of the registry attached to a polyclinic: the one of their PHC claims, else one of the
    region of their first claim; one in CHANGE_EVERY moves to another polyclinic of the region on a day
    of the month; the dead are detached the day after death (`ended_on`: first day no longer attached)."""
    poly = providers.filter(pl.col("type") == "polyclinic").sort("provider_id")
    by_region = poly.group_by("region", maintain_order=True).agg(pl.col("provider_id").alias("orgs"))
    first = (
        claims.lazy()
        .sort("start_date", "claim_id")
        .group_by("iin")
        .agg(
            pl.col("region").first(),
            pl.col("provider_id").filter(pl.col("care_kind") == "phc").first().alias("phc_org"),
        )
        .collect()
    )
    p = (
        persons.select("iin", "birth_date", "death_date")
        .join(first, on="iin", how="inner")
        .join(by_region, on="region", how="inner")
        .with_columns(h=pl.col("iin").hash(seed=3))
    )
    n_orgs = pl.col("orgs").list.len()
    home = pl.col("phc_org").fill_null(pl.col("orgs").list.get(pl.col("h") % n_orgs))
    other = pl.col("orgs").list.get((pl.col("h") // 7 + 1) % n_orgs)
    began = pl.max_horizontal(
        pl.col("birth_date"), pl.lit(dt.date(2025, 1, 1)) - pl.duration(days=pl.col("h") % 2000)
    )
    days = (end - start).days + 1
    moves = (pl.col("h") % CHANGE_EVERY == 0) & (n_orgs > 1) & pl.col("death_date").is_null()
    move_day = pl.lit(start) + pl.duration(days=(pl.col("h") // 13 % (days - 1) + 1))
    died = pl.col("death_date") + pl.duration(days=1)
    p = p.with_columns(home=home, other=other, began=began, moves=moves, move_day=move_day, died=died)
    p = p.filter(pl.col("died").is_null() | (pl.col("died") > pl.col("began")))
    base = p.select(
        provider_id="home",
        iin="iin",
        start="began",
        ended_on=pl.when(pl.col("moves")).then(pl.col("move_day")).otherwise(pl.col("died")),
    )
    moved = p.filter(pl.col("moves") & (pl.col("other") != pl.col("home"))).select(
        provider_id="other", iin="iin", start="move_day", ended_on=pl.lit(None, pl.Date)
    )
    # a move to the same organisation is no move: the first row then stays open
    same = p.filter(pl.col("moves") & (pl.col("other") == pl.col("home"))).select("iin")
    base = base.with_columns(
        ended_on=pl.when(pl.col("iin").is_in(same["iin"].implode())).then(None).otherwise(pl.col("ended_on"))
    )
    out = pl.concat([base, moved]).join(providers.select("provider_id", "region", "rural"), on="provider_id")
    return out.select(
        "provider_id", "region", "iin", "start", "ended_on",
        valid_until=pl.lit(None, pl.Date), rural="rural",
    ).sort("provider_id", "iin", "start")  # fmt: skip


def population(
    providers: pl.DataFrame, attached: pl.DataFrame, persons: pl.DataFrame, start: dt.date
) -> pl.DataFrame:
    """Populations paid per capita that are not PHC attachments: people served by each ambulance station
    (the region's attached people shared among its stations, app2.1 item 1), school pupils (attached
    people aged 6-17, 3.3), drivers of ambulance stations (one per 5,000 served, 1.2) and of polyclinics
    (two each, 2.7)."""
    people_per_region = attached.group_by("region").agg(pl.col("iin").n_unique().alias("people"))
    stations = providers.filter(pl.col("type") == "ambulance_station")
    stations = stations.join(stations.group_by("region").len("n"), on="region").join(
        people_per_region, on="region", how="left"
    )
    served = stations.select(
        "provider_id", "region", base=pl.lit("per_capita_norm"),
        attached=(pl.col("people").fill_null(0) // pl.col("n")).cast(pl.Int64),
    )  # fmt: skip
    drivers = served.select(
        "provider_id", "region", base=pl.lit("ambulance_drivers"),
        attached=(pl.col("attached") // 5_000 + 1).cast(pl.Int64),
    )  # fmt: skip
    ages = attached.join(persons.select("iin", "birth_date"), on="iin").filter(pl.col("ended_on").is_null())
    pupils = (
        ages.filter(
            (pl.col("birth_date") <= pl.lit(start.replace(year=start.year - 6)))
            & (pl.col("birth_date") > pl.lit(start.replace(year=start.year - 18)))
        )
        .group_by("provider_id", "region")
        .agg(attached=pl.col("iin").n_unique().cast(pl.Int64))
        .select("provider_id", "region", base=pl.lit("school_pupils"), attached="attached")
    )
    poly = providers.filter(pl.col("type") == "polyclinic").select(
        "provider_id", "region", base=pl.lit("phc_drivers"), attached=pl.lit(2, pl.Int64)
    )
    return pl.concat([served, drivers, pupils, poly]).sort("base", "provider_id")
