"""The purchase contract: care outside the contract (`monitoring-rules` app1 row 23, code 11.0, under 13)
and activity without a licence (10, third paragraph: 10 % of the contract sum)."""

from __future__ import annotations

import functools
import operator
from collections.abc import Mapping

import ibis
import ibis.expr.types as ir
import polars as pl

from kepil.i18n import Text
from kepil.law.care import CARE_KINDS
from kepil.law.monitoring_rules.algorithms.base import (
    FOUND,
    K_END,
    K_FOUND,
    K_HAS_KIND,
    K_KINDS,
    K_PROVIDER,
    K_START,
    MonitoringRule,
    Sources,
    Window,
)

# ------------------------------------------------------------------ 11.0 outside the contract
REASONS = ("contract_not_found", "other_provider", "care_kind_not_in_contract", "before_term", "after_term")


def kinds_mask(care_kinds: ir.StringValue) -> ir.IntegerValue:
    """The `;`-separated kinds of care as a bit mask: bit i = CARE_KINDS[i] is bought (spaces ignored)."""
    padded = ";" + care_kinds.replace(" ", "") + ";"
    bits = [padded.contains(f";{kind};").ifelse(1 << i, 0) for i, kind in enumerate(CARE_KINDS)]
    return functools.reduce(operator.add, bits).cast("int64")


def _reasons(t: ir.Table) -> dict[str, ir.BooleanValue]:
    found = t[K_FOUND]
    return {
        "contract_not_found": ~found,
        "other_provider": found & (t[K_PROVIDER] != t.provider_id).fill_null(False),
        "care_kind_not_in_contract": found & ~t[K_HAS_KIND],
        # Reading: the care must lie within the contract's term: it starts on or after the term's first
        # day and ends on or before its last day.
        "before_term": found & (t.start_date < t[K_START]).fill_null(False),
        "after_term": found & (t.end_date > t[K_END]).fill_null(False),
    }


def _outside(t: ir.Table, p: Mapping[str, int]) -> ir.BooleanValue:
    r = _reasons(t)
    return ibis.or_(*r.values())


def _outside_details(t: ir.Table, p: Mapping[str, int]) -> dict[str, ir.Value]:
    return {
        **{f"is_{k}": v for k, v in _reasons(t).items()},
        "contract_provider_id": t[K_PROVIDER],
        "contract_start_date": t[K_START],
        "contract_end_date": t[K_END],
        "contract_care_kinds": t[K_KINDS],
    }


def _outside_finish(df: pl.DataFrame) -> pl.DataFrame:
    """The reasons as a list of names, in REASONS order."""
    flags = [f"is_{k}" for k in REASONS]
    reasons = pl.concat_list(
        [pl.when(pl.col(f)).then(pl.lit(k)) for f, k in zip(flags, REASONS, strict=True)]
    )
    return (
        df.with_columns(reasons=reasons.list.drop_nulls())
        .drop(flags)
        .select("reasons", *(c for c in df.columns if c not in flags))
    )


OUTSIDE_CONTRACT = MonitoringRule(
    id="outside_contract",
    version=1,
    code="11.0",
    clause="app1.23",
    description=Text(
        "Сатып алу шартына енгізілмеген көмек: шарт жоқ, басқа өнім берушінікі, көмек түрі шартта жоқ "
        "немесе көмек шарттың мерзімінен тыс.",
        "Помощь, не включённая в договор закупа: договора нет, он другого поставщика, вида помощи нет в "
        "договоре или помощь вне срока договора.",
        "Care not included in the purchase contract: no such contract, another provider's contract, a kind "
        "of care the contract does not buy, or care outside the contract's term.",
    ),
    needs=frozenset({"contracts"}),
    condition=_outside,
    details=_outside_details,
    finish=_outside_finish,
)


# ------------------------------------------------------------------ 10: no licence, 10 % of the contract sum
def _unlicensed(src: Sources, w: Window, p: Mapping[str, int]) -> ir.Table:
    """Contracts with licensed = false that have claims judged in the window (contract-level)."""
    c = src.claims
    judged = c.filter(w.judged(c))
    counts = judged.group_by(cid=judged.contract_id).agg(claims_in_period=judged.count())
    k = src.contracts
    # Reading: only a contract known to be unlicensed (licensed = false); an unknown (null) is not a
    # finding.
    k = k.filter(k.licensed == False)  # noqa: E712 (an Ibis expression)
    j = k.join(counts, k.contract_id == counts.cid)
    null = ibis.null().cast("string")
    return j.select(
        claim_id=null,
        contract_id=j.contract_id,
        care_kind=null,
        region=null,
        amount=j["sum"].cast("int64"),
        licensed=j.licensed,
        contract_sum=j["sum"].cast("int64"),
        claims_in_period=j.claims_in_period.cast("int64"),
    )


NO_LICENCE = MonitoringRule(
    id="no_licence",
    version=1,
    # Reading: 10 (third paragraph) sets this penalty itself and the classifier has no row for it; the
    # code is the clause's number.
    code="10",
    clause="10",
    description=Text(
        "Медициналық қызметті рұқсат беру құжаттарынсыз (лицензиясыз, лицензияға қосымшасыз) жүзеге "
        "асыру: шарт сомасының 10 пайызы мөлшерінде тұрақсыздық айыбы.",
        "Осуществление медицинской деятельности без разрешительных документов (лицензии, приложения к "
        "лицензии): неустойка в размере 10 процентов от суммы договора.",
        "Medical activity without the permits (a licence or its annex): a penalty of 10 percent of the "
        "contract sum.",
    ),
    params={"percent": 10},
    level="contract",
    relation=_unlicensed,
    # Reading: 10 (third part) applies the penalty "when facts of activity without a licence are
    # established" — once per fact (a contract found unlicensed), not again in every month it stays so.
    per_fact=True,
)

__all__ = ["FOUND", "NO_LICENCE", "OUTSIDE_CONTRACT", "REASONS"]
