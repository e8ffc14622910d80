"""What an automated algorithm is (`monitoring-rules` 13) and the tables it runs over.

A rule is one of two shapes, both Ibis expressions written once and run on DuckDB or Spark:

- a *row rule*: a condition (and the detail values) over one judged claim joined with its person, its
  contract, the working-day calendar and the coverage answers (`Joined`, built by `defects.py`); all row
  rules of a run are evaluated in one scan of the claims;
- a *relation rule*: its own query (a self-join, a window, a contract-level aggregate) giving the
  columns of `FOUND` plus its detail columns.

Detail values are computed in the engine; `finish` (Polars, after collection, vectorised) may turn them
into their final shape; the JSON adds the rule's parameters (its thresholds) after them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

import ibis
import ibis.expr.types as ir
import polars as pl

from kepil.i18n import Text

ACT = "monitoring-rules"
# Reading: the rules are in force from the start of the 2026 purchase year (issue 5's design); the
# amending order No. 19 of 27 Feb 2026 re-worded 10, 13, 21 and appendix 1 with effect ten days after
# its publication, so a claim of January-March 2026 is judged by the wording as amended.
RULES_FROM = dt.date(2026, 1, 1)

# Columns every rule's findings carry (FOUND), whatever the shape: the penalty needs care_kind, region
# and amount (for a contract-level rule `amount` is the contract sum).
FOUND: tuple[str, ...] = ("claim_id", "contract_id", "care_kind", "region", "amount")

# Names of the joined columns row rules may use (besides the claim's own columns).
P_FOUND, P_DEATH = "p__found", "p__death_date"
K_FOUND, K_PROVIDER, K_START, K_END, K_KINDS = "k__found", "k__provider_id", "k__start", "k__end", "k__kinds"
K_PALLIATIVE, K_LICENSED, K_SUM = "k__palliative", "k__licensed", "k__sum"
K_HAS_KIND = "k__has_kind"  # the claim's care_kind is among its contract's care_kinds
K_MASK = "k__mask"  # the contract's care_kinds as a bit mask over kepil.law.care.CARE_KINDS
WD_REFERRAL, WD_START = "wd__referral", "wd__start"

Need = Literal["persons", "contracts", "calendar", "coverage", "loads"]


@dataclass(frozen=True, slots=True)
class Window:
    """The judged claims: `end_date` in [first, last] (the period cut to the rule's validity), and of
    `region` when given. All claims of the input are history."""

    first: dt.date
    last: dt.date
    region: str | None = None

    def judged(self, claims: ir.Table) -> ir.BooleanValue:
        cond = claims.end_date.between(ibis.literal(self.first), ibis.literal(self.last))
        if self.region is not None:
            cond = cond & (claims.region == self.region)
        return cond


@dataclass(frozen=True, slots=True)
class Sources:
    """The run's tables on its engine."""

    claims: ir.Table
    persons: ir.Table
    contracts: ir.Table
    has_medicines: bool  # the optional claims column paid_by_patient_medicines is present
    coverage: ir.Table | None = None  # the coverage engine's answers (charges.py), when asked for
    claim_columns: frozenset[str] = frozenset()  # every column of the claims input
    loads: ir.Table | None = None  # the practitioners' overloaded days and months (load.py), when asked for


RowCondition = Callable[[ir.Table, Mapping[str, int]], ir.BooleanValue]
RowAmount = Callable[[ir.Table, Mapping[str, int]], ir.IntegerValue]
RowDetails = Callable[[ir.Table, Mapping[str, int]], dict[str, ir.Value]]
Relation = Callable[[Sources, Window, Mapping[str, int]], ir.Table]
Finish = Callable[[pl.DataFrame], pl.DataFrame]


@dataclass(frozen=True, slots=True)
class MonitoringRule:
    """An automated algorithm: what it finds, under which classifier code and clause, from when."""

    id: str
    version: int
    code: str
    clause: str
    description: Text
    params: Mapping[str, int] = field(default_factory=dict)
    act: str = ACT
    valid_from: dt.date = RULES_FROM
    valid_to: dt.date | None = None
    level: Literal["claim", "contract"] = "claim"
    needs: frozenset[Need] = frozenset()
    condition: RowCondition | None = None  # a row rule
    details: RowDetails | None = None  # a row rule's detail values
    relation: Relation | None = None  # a relation rule
    finish: Finish | None = None
    # Optional claims columns the rule reads (contracts/claims.md amendments): without them the rule is
    # reported as not run, never as "no defect".
    requires_columns: tuple[str, ...] = ()
    # A row rule's amount the penalty's percent applies to, when it is not the whole claim's (e.g. the
    # bed-days after a death only); in tiyn, integer arithmetic in the engine.
    amount: RowAmount | None = None
    # One defect per established fact, not one per period: a later period's run that finds the same fact
    # again adds nothing (e.g. the licence breach of 10, third part: 10 % of the contract sum, once).
    per_fact: bool = False

    def window(self, first: dt.date, last: dt.date, region: str | None) -> Window | None:
        """The period [first, last] cut to the rule's validity, or None when they do not meet."""
        lo = max(first, self.valid_from)
        hi = last if self.valid_to is None else min(last, self.valid_to)
        return Window(lo, hi, region) if lo <= hi else None

    @property
    def is_row_rule(self) -> bool:
        return self.condition is not None

    def missing_columns(self, claim_columns: frozenset[str]) -> tuple[str, ...]:
        """The optional claims columns this rule needs that the input lacks."""
        return tuple(c for c in self.requires_columns if c not in claim_columns)


def flag_name(rule_id: str) -> str:
    return f"f__{rule_id}"


def detail_name(rule_id: str, key: str) -> str:
    return f"d__{rule_id}__{key}"


def amount_name(rule_id: str) -> str:
    return f"a__{rule_id}"


def half_up_div(numerator: ir.IntegerValue, denominator: ir.IntegerValue) -> ir.IntegerValue:
    """numerator / denominator rounded half up, for non-negative integers, in the engine: integer
    floor division (the same on DuckDB and Spark), never floating point."""
    return (numerator * 2 + denominator) // (denominator * 2)
