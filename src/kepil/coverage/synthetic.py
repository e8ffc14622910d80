"""Varied synthetic coverage requests (flat dotted columns), for the equivalence tests and the benchmark.

Synthetic people: valid IINs made from random birth dates; every enumeration of the contract is drawn,
with a small share of deliberately invalid values so that the error path is exercised too.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from kepil.coverage.request import FORMS, KINDS, RESIDENCIES, STATE_PAID_CATEGORIES, STAY_PURPOSES
from kepil.coverage.vocabulary import ACTIVITY_KINDS, CUSTODIES, STAY_PACKAGES
from kepil.reference.iin import make_iin

ICD_CODES = (
    "K80.1",
    "K35.8",
    "I21.0",
    "C50.9",
    "A15.0",
    "J06.9",
    "S52.5",
    "M54.5",
    "L40.0",
    "N76.0",
    "O80",
    "R10.4",
    "G40.9",
    "E11.9",
    "B20",
    "F20.0",
    "A09",
    "I63.9",
)


def requests(n: int, seed: int = 2026, invalid_share: float = 0.01) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    people = min(n, 20_000)
    births = [dt.date(1930, 1, 1) + dt.timedelta(days=int(d)) for d in rng.integers(0, 35_000, people)]
    sexes = rng.choice(["male", "female"], people)
    iins = [
        make_iin(b, s, int(k)) for b, s, k in zip(births, sexes, rng.integers(0, 9000, people), strict=True)
    ]
    who = rng.integers(0, people, n)

    def pick(values: tuple[object, ...] | list[object], p: list[float] | None = None) -> np.ndarray:
        return rng.choice(np.array(values, dtype=object), n, p=p)

    def maybe(mask: np.ndarray, values: np.ndarray) -> np.ndarray:
        """`values` where `mask`, else None."""
        return np.where(mask, values, np.array(None, dtype=object))

    def tri(p_null: float = 0.3) -> list[bool | None]:
        r = rng.random(n)
        return [None if x < p_null else bool(x < p_null + (1 - p_null) / 2) for x in r]

    days = rng.integers(0, 3 * 365, n)
    residency = pick(RESIDENCIES, [0.6, 0.05, 0.03, 0.07, 0.2, 0.05])
    temporary = residency == "temporary_resident"
    purposes = maybe(temporary, pick((*STAY_PURPOSES, None)))
    # `child` is a minor's by age (55.1): named for an adult it is a contradiction the request refuses
    categories = maybe(rng.random(n) < 0.3, pick(tuple(c for c in STATE_PAID_CATEGORIES if c != "child")))
    # ... and unemployed kandas (55.10) are kandas; the unemployed pregnant women of 55.2 are pregnant
    categories = maybe(~((categories == "kandas_unemployed") & (residency != "kandas")), categories)
    pregnant = (rng.random(n) < 0.05) | (categories == "pregnant_unemployed")
    policy_sets = pick(([], ["omi"], ["vhi"], ["omi", "vhi"]), [0.7, 0.15, 0.1, 0.05])
    kinds = pick(KINDS)
    forms = pick(FORMS)
    icd = maybe(rng.random(n) < 0.85, pick(ICD_CODES))
    iin_col = np.array(iins, dtype=object)[who]
    # kepil's extensions (docs/coverage.md), each only with the kinds it is valid for.
    urgency = maybe(np.isin(kinds, ["ambulance", "phc"]) & (rng.random(n) < 0.3), pick((1, 2, 3, 4)))
    activity_of = {k: [a for a, kinds_ in ACTIVITY_KINDS.items() if k in kinds_] for k in KINDS}
    activity = [
        activity_of[k][int(r * 100) % len(activity_of[k])] if activity_of[k] and r < 0.3 else None
        for k, r in zip(kinds, rng.random(n), strict=True)
    ]
    stay = maybe(np.isin(kinds, ["blood", "pathology"]) & (rng.random(n) < 0.6), pick(STAY_PACKAGES))
    custody = maybe((categories == "detainee") & (rng.random(n) < 0.6), pick(CUSTODIES[::2]))
    list_facts = {
        f"service.{f}": tri(0.8)
        for f in ("on_inpatient_list", "on_day_hospital_list", "on_rehabilitation_list",
                  "on_custody_rehabilitation_list", "on_outpatient_drug_list", "on_treatment_abroad_list",
                  "on_emergency_admission_list", "on_dynamic_observation_list")
    }  # fmt: skip
    has_iin = rng.random(n) < 0.7
    frame = pl.DataFrame(
        {
            "date": [(dt.date(2026, 1, 1) + dt.timedelta(days=int(d))).isoformat() for d in days],
            "person.iin": maybe(has_iin, iin_col).tolist(),
            "person.birth_date": [
                None if h and rng.random() < 0.5 else births[w].isoformat()
                for h, w in zip(has_iin, who, strict=True)
            ],
            "person.residency": residency.tolist(),
            "person.stay_purpose": purposes.tolist(),
            "person.eaeu_worker": (temporary & (rng.random(n) < 0.3)).tolist(),
            "person.eaeu_family": (temporary & (rng.random(n) < 0.1)).tolist(),
            "person.insured": tri(0.2),
            "person.state_paid_category": categories.tolist(),
            "person.pregnant": pregnant.tolist(),
            "person.postpartum": (rng.random(n) < 0.03).tolist(),
            "person.policies": policy_sets.tolist(),
            "person.attached": tri(0.2),
            "service.kind": kinds.tolist(),
            "service.form": forms.tolist(),
            "service.icd10": icd.tolist(),
            "service.referral": tri(0.3),
            "service.life_threatening": tri(0.5),
            "service.socially_significant": tri(0.6),
            "service.dangerous_to_others": tri(0.6),
            "service.contact_isolation": (rng.random(n) < 0.03).tolist(),
            "service.urgency_category": urgency.tolist(),
            "service.activity": activity,
            "service.within_stay_of": stay.tolist(),
            "service.first_contact": tri(0.6),
            "service.screening_target_group": tri(0.5),
            "service.within_completed_case": (rng.random(n) < 0.1).tolist(),
            "person.custody": custody.tolist(),
            "person.on_dental_emergency_list": tri(0.8),
            **list_facts,
        },
        schema_overrides={
            "person.policies": pl.List(pl.Utf8),
            "service.urgency_category": pl.Int64,
            "service.activity": pl.Utf8,
            "service.within_stay_of": pl.Utf8,
            "person.custody": pl.Utf8,
        },
    )
    if invalid_share > 0:
        bad = rng.random(n) < invalid_share
        # Half of them before the Program (law_not_in_force), half with a code that is not ICD-10.
        early = pl.Series(bad & (rng.random(n) < 0.5))
        frame = frame.with_columns(
            pl.when(early).then(pl.lit("2025-12-31")).otherwise(pl.col("date")).alias("date"),
            pl.when(pl.Series(bad) & ~early)
            .then(pl.lit("Z99.99"))
            .otherwise(pl.col("service.icd10"))
            .alias("service.icd10"),
        )
    return frame
