"""The batch inputs of payment and monitoring as data: shared/contracts/claims.md, three tables.

Each column: its name, logical type, whether the column must be present (`required`), whether a value may
be empty (`nullable`), and the allowed values of an enumeration. The contract's minimum is `required`;
the optional columns the algorithms read when given (`paid_by_patient_medicines`, `monitoring-rules`
app1 code 12.1) are listed with `required=False`. Any other column is carried through unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from kepil.coverage.request import RESIDENCIES, SEXES, STATE_PAID_CATEGORIES
from kepil.law.care import CARE_FORMS, CARE_KINDS

ColumnType = Literal["string", "enum", "date", "money", "bool", "iin", "icd10", "region", "care_kinds"]

FUNDINGS: tuple[str, ...] = ("gvfmc", "cshi")
OUTCOMES: tuple[str, ...] = ("completed", "transferred", "died")
# The kinds of care at the outpatient-polyclinic and ambulance levels (`monitoring-rules` app1 code 9.0).
OUTPATIENT_LEVEL_KINDS: tuple[str, ...] = (
    "phc",
    "outpatient_specialized",
    "dental",
    "screening",
    "ambulance",
)


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: ColumnType
    required: bool = True
    nullable: bool = False
    values: tuple[str, ...] = ()  # the enumeration, for type "enum"
    unique: bool = False


@dataclass(frozen=True, slots=True)
class Table:
    name: str  # claims, persons, contracts
    key: str  # the unique id column
    columns: tuple[Column, ...]
    # (earlier, later) date columns where later >= earlier must hold when both are given
    date_order: tuple[tuple[str, str], ...] = ()

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)


CLAIMS = Table(
    "claims",
    "claim_id",
    (
        Column("claim_id", "string", unique=True),
        Column("provider_id", "string"),
        Column("contract_id", "string"),
        Column("region", "region"),
        Column("iin", "iin"),
        Column("care_kind", "enum", values=CARE_KINDS),
        Column("form", "enum", nullable=True, values=CARE_FORMS),
        Column("funding", "enum", values=FUNDINGS),
        Column("icd10", "icd10"),
        Column("profile", "string", nullable=True),
        Column("start_date", "date"),
        Column("end_date", "date"),
        Column("referral_date", "date", nullable=True),
        Column("outcome", "enum", values=OUTCOMES),
        Column("amount", "money"),
        Column("paid_by_patient", "money"),
        Column("referral", "bool", nullable=True),
        Column("life_threatening", "bool", nullable=True),
        Column("paid_by_patient_medicines", "money", required=False, nullable=True),
    ),
    date_order=(("start_date", "end_date"),),
)

PERSONS = Table(
    "persons",
    "iin",
    (
        Column("iin", "iin", unique=True),
        Column("birth_date", "date"),
        Column("sex", "enum", values=SEXES),
        Column("residency", "enum", values=RESIDENCIES),
        Column("insured_from", "date", nullable=True),
        Column("insured_to", "date", nullable=True),
        Column("state_paid_category", "enum", nullable=True, values=STATE_PAID_CATEGORIES),
        Column("death_date", "date", nullable=True),
    ),
    date_order=(("insured_from", "insured_to"), ("birth_date", "death_date")),
)

CONTRACTS = Table(
    "contracts",
    "contract_id",
    (
        Column("contract_id", "string", unique=True),
        Column("provider_id", "string"),
        Column("start_date", "date"),
        Column("end_date", "date"),
        Column("care_kinds", "care_kinds", values=CARE_KINDS),
        Column("sum", "money"),
        Column("licensed", "bool"),
        Column("palliative", "bool"),
    ),
    date_order=(("start_date", "end_date"),),
)

TABLES: dict[str, Table] = {t.name: t for t in (CLAIMS, PERSONS, CONTRACTS)}
