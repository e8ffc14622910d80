"""What synthetic claims look like, per kind of care: diagnoses, forms, stays, amounts, providers.

Illustrative, not statistics: shares and tenge amounts are plausible orders of magnitude for Kazakhstan,
chosen so that every kind of care of `kepil.law.care.CARE_KINDS` occurs. Every ICD-10 code is a WHO 2019
category or subcategory (checked by the tests).
"""

from __future__ import annotations

from dataclasses import dataclass

from kepil.law.care import CARE_FORMS, CARE_KINDS

# Provider types and the kinds of care their purchase contract buys.
PROVIDER_TYPES: tuple[str, ...] = (
    "polyclinic",
    "hospital",
    "ambulance_station",
    "palliative_centre",
    "national",
)
CONTRACT_KINDS: dict[str, tuple[str, ...]] = {
    "polyclinic": (
        "phc",
        "outpatient_specialized",
        "dental",
        "screening",
        "day_hospital",
        "outpatient_drugs",
    ),
    "hospital": (
        "inpatient",
        "day_hospital",
        "outpatient_specialized",
        "rehabilitation",
        "blood",
        "pathology",
    ),
    "ambulance_station": ("ambulance", "air_ambulance"),
    "palliative_centre": ("palliative", "inpatient"),
    "national": ("inpatient", "organ_donation", "treatment_abroad", "outpatient_specialized"),
}


@dataclass(frozen=True, slots=True)
class KindSpec:
    kind: str
    share: float  # of the general (non-inpatient) claims; inpatient claims are made apart
    icd10: tuple[str, ...]
    forms: dict[str | None, float]  # form -> probability (None: no form, allowed for 5 kinds)
    stay: tuple[int, int]  # end_date - start_date, inclusive range in days
    tenge: tuple[int, int]  # amount range in tenge (log-uniform)
    providers: dict[str, float]  # provider type -> probability
    funding_cshi: float  # share billed to CSHI (the rest GVFMC)


KINDS: tuple[KindSpec, ...] = (
    KindSpec("phc", 0.44, ("J06.9", "J20.9", "I10", "E11.9", "K29.7", "M54.5", "N39.0", "Z00.0", "J02.9",
             "R51", "I11.9", "L30.9", "H10.9", "B34.9", "K59.0", "Z34.9"),
             {"planned": 0.8, "urgent": 0.2}, (0, 0), (1_500, 8_000), {"polyclinic": 1.0}, 0.0),
    KindSpec("outpatient_specialized", 0.20, ("H52.1", "H40.1", "E04.9", "M17.9", "I25.1", "N40", "K21.9",
             "G43.9", "L20.9", "J45.9", "M42.1", "E66.9", "C50.9", "B20", "F32.9"),
             {"planned": 0.9, "urgent": 0.1}, (0, 0), (3_000, 40_000),
             {"polyclinic": 0.7, "hospital": 0.3}, 0.7),
    KindSpec("dental", 0.03, ("K02.1", "K04.0", "K05.1", "K08.1", "K01.1", "K07.6"),
             {"planned": 0.7, "urgent": 0.3}, (0, 0), (5_000, 30_000), {"polyclinic": 1.0}, 0.3),
    KindSpec("screening", 0.05, ("Z12.3", "Z12.1", "Z13.6", "Z12.4", "Z13.1"),
             {"planned": 1.0}, (0, 0), (2_000, 15_000), {"polyclinic": 1.0}, 0.0),
    KindSpec("ambulance", 0.07, ("I10", "R07.4", "J18.9", "S06.0", "R50.9", "I21.9", "K35.8", "T78.4",
             "R10.4"), {"emergency": 0.55, "urgent": 0.45}, (0, 0), (12_000, 40_000),
             {"ambulance_station": 1.0}, 0.0),
    KindSpec("air_ambulance", 0.0005, ("I21.0", "I63.9", "S06.5", "T31.3"), {"emergency": 1.0}, (0, 1),
             (500_000, 3_000_000), {"ambulance_station": 1.0}, 0.0),
    KindSpec("day_hospital", 0.05, ("E11.9", "I11.9", "M51.1", "K80.2", "H25.9", "N40", "J44.9", "G35"),
             {"planned": 1.0}, (3, 10), (40_000, 200_000), {"polyclinic": 0.5, "hospital": 0.5}, 0.6),
    KindSpec("rehabilitation", 0.015, ("I69.3", "G80.9", "M16.9", "S32.0", "I63.9"), {"planned": 1.0},
             (10, 21), (200_000, 800_000), {"hospital": 1.0}, 0.8),
    KindSpec("palliative", 0.005, ("C34.9", "C16.9", "C50.9", "C18.9", "G12.2", "B20"),
             {"planned": 0.8, "urgent": 0.2}, (5, 30), (100_000, 600_000), {"palliative_centre": 1.0}, 0.0),
    KindSpec("blood", 0.01, ("D50.9", "D61.9", "D69.6", "C91.0"), {None: 1.0}, (0, 0), (10_000, 150_000),
             {"hospital": 1.0}, 0.0),
    KindSpec("pathology", 0.02, ("C50.9", "C16.9", "D48.9", "K80.1", "C61"), {None: 1.0}, (0, 0),
             (5_000, 60_000), {"hospital": 1.0}, 0.5),
    KindSpec("organ_donation", 0.0002, ("N18.5", "K74.6", "I42.0"), {None: 1.0}, (1, 5),
             (3_000_000, 15_000_000), {"national": 1.0}, 0.0),
    KindSpec("outpatient_drugs", 0.05, ("E11.9", "I10", "J45.9", "E10.9", "G40.9", "I25.1", "B18.2",
             "C50.9"), {None: 1.0}, (0, 0), (2_000, 80_000), {"polyclinic": 1.0}, 0.5),
    KindSpec("treatment_abroad", 0.0001, ("C92.0", "Q21.0", "C71.9"), {None: 1.0}, (10, 60),
             (10_000_000, 60_000_000), {"national": 1.0}, 0.0),
)  # fmt: skip

# Inpatient (round-the-clock) cases: (bed profile of program-2026-2028 app1, diagnoses).
INPATIENT: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("therapy", ("J18.9", "I11.9", "E11.9", "J44.1")),
    ("cardiology", ("I21.0", "I20.0", "I50.0")),
    ("stroke", ("I63.9", "I61.9")),
    ("surgery", ("K35.8", "K80.1", "K40.9", "K42.9", "K43.9", "K60.3", "K64.9", "D17.9", "L72.1")),
    ("traumatology", ("S72.0", "S82.2", "S06.0", "M23.2")),
    ("gynecology", ("N83.2", "D25.9", "N81.2", "N97.9", "O03.9")),
    ("gastroenterology", ("K25.9", "K85.9")),
    ("urology", ("N20.0", "N40", "N47")),
    ("neurology", ("G40.9", "G35")),
    ("pediatrics", ("J21.9", "A09.9")),
    ("ophthalmology", ("H25.9", "H26.9", "H40.1")),
    ("otorhinolaryngology", ("H66.9", "J35.0", "J34.2")),
    ("vascular_surgery", ("I83.9",)),
)
INPATIENT_FORMS: dict[str, float] = {"emergency": 0.35, "urgent": 0.10, "planned": 0.55}
INPATIENT_TENGE = (150_000, 1_500_000)

KIND_INDEX = {k: i for i, k in enumerate(CARE_KINDS)}
FORM_INDEX = {f: i for i, f in enumerate(CARE_FORMS)}
TYPE_INDEX = {t: i for i, t in enumerate(PROVIDER_TYPES)}


def inpatient_codes() -> tuple[tuple[str, str], ...]:
    """(profile, icd10) pairs of the inpatient catalogue."""
    return tuple((p, c) for p, codes in INPATIENT for c in codes)


# Who lies on which bed (issue 18, the demo tells the truth): a child (under 18 on admission, the caps'
# age group) on the beds app1 plans for children, with a child's diagnosis; paediatric beds about half of
# children's stays as in app1's plan; an adult never on a paediatric bed.
CHILD_INPATIENT: tuple[tuple[str, str], ...] = (
    *(("pediatrics", code) for code in ("J21.9", "A09.9") * 4),
    ("surgery", "K35.8"), ("surgery", "K40.9"), ("traumatology", "S72.0"), ("traumatology", "S06.0"),
    ("otorhinolaryngology", "H66.9"), ("otorhinolaryngology", "J35.0"), ("urology", "N47"),
    ("neurology", "G40.9"),
)  # fmt: skip


def adult_inpatient_codes() -> tuple[tuple[str, str], ...]:
    """The (profile, icd10) pairs an adult's stay is drawn from: every profile but the paediatric."""
    return tuple(pair for pair in inpatient_codes() if pair[0] != "pediatrics")


def all_codes() -> tuple[str, ...]:
    """Every diagnosis the synthetic data can use, in a fixed order (the icd index of the generator)."""
    seen: dict[str, None] = {}
    for spec in KINDS:
        seen.update(dict.fromkeys(spec.icd10))
    for _, c in inpatient_codes():
        seen[c] = None
    return tuple(seen)
