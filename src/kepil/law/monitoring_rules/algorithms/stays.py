"""Stays that cannot have happened as presented (`monitoring-rules` app1 row 11, code 5.0, under 13; 2.16:
an unconfirmed case is a violation): the same person in two round-the-clock stays at once, and care that
runs past the person's registered death.

Readings (docs/monitoring-algorithms.md):
- A stay occupies the nights from its start date to the day before its end date. Two inpatient stays of one
  IIN overlap when they share a night (A.start < B.end and B.start < A.end): a transfer or a discharge and a
  new admission on the same day is not an overlap; a same-day stay inside another stay is one. Every judged
  claim of an overlapping pair is the defect — the person cannot be in both, and which one was given is for
  the providers to show by objecting (26). Two claims equal on every key of the duplicate rule are the
  duplicate (5.1), not an overlap.
- "Bed-days after death": a claim that starts on or before the registered death date and ends after it; the
  unconfirmed part is the bed-days after the death, so the penalty's percent applies to that share of the
  amount: amount x (end - death) / (end - start), rounded half up to the tiyn. A service that starts after
  the death is `service_after_death`. Pathological-anatomical diagnosis (an autopsy) is care after death by
  its nature and is excepted from both.
"""

from __future__ import annotations

from collections.abc import Mapping

import ibis
import ibis.expr.types as ir

from kepil.i18n import Text
from kepil.law.monitoring_rules.algorithms.base import (
    FOUND,
    P_DEATH,
    MonitoringRule,
    Sources,
    Window,
    half_up_div,
)
from kepil.law.monitoring_rules.algorithms.confirmation import AFTER_DEATH_BY_NATURE


# ------------------------------------------------------------------ 5.0 two round-the-clock stays at once
def _overlaps(src: Sources, w: Window, p: Mapping[str, int]) -> ir.Table:
    """Judged inpatient claims sharing a night with another inpatient claim of the same IIN (any
    provider, any period of the input); the other claim reported is the one starting first."""
    c = src.claims
    inpatient = c.filter(c.care_kind == "inpatient")
    a = inpatient.filter(w.judged(inpatient)).select(
        *FOUND, "iin", "provider_id", "icd10", "start_date", "end_date"
    )
    b = inpatient.select(
        o_id=inpatient.claim_id,
        o_iin=inpatient.iin,
        o_provider=inpatient.provider_id,
        o_kind=inpatient.care_kind,
        o_icd10=inpatient.icd10,
        o_start=inpatient.start_date,
        o_end=inpatient.end_date,
    )
    j = a.join(b, a.iin == b.o_iin)
    # equal on every key of the duplicate rule (confirmation.DUPLICATE_KEYS): that is 5.1, not this
    same_case = (
        (j.provider_id == j.o_provider)
        & (j.care_kind == j.o_kind)
        & (j.icd10 == j.o_icd10)
        & (j.start_date == j.o_start)
        & (j.end_date == j.o_end)
    )
    j = j.filter((j.claim_id != j.o_id) & (j.o_start < j.end_date) & (j.start_date < j.o_end) & ~same_case)
    last_start = ibis.greatest(j.start_date, j.o_start)
    first_end = ibis.least(j.end_date, j.o_end)
    j = j.mutate(
        nights=first_end.delta(last_start, unit="day"),
        rank=ibis.row_number().over(group_by=j.claim_id, order_by=[j.o_start, j.o_id]),
    )
    j = j.filter(j["rank"] == 0)
    return j.select(
        *FOUND,
        other_claim_id=j.o_id,
        other_provider_id=j.o_provider,
        same_provider=j.provider_id == j.o_provider,
        start_date=j.start_date,
        end_date=j.end_date,
        other_start_date=j.o_start,
        other_end_date=j.o_end,
        shared_nights=j.nights,
    )


OVERLAPPING_STAYS = MonitoringRule(
    id="overlapping_inpatient_stays",
    version=1,
    code="5.0",
    clause="app1.11",
    description=Text(
        "Расталмаған жағдай: сол адам бір мезгілде екі тәулік бойғы стационарда (сол немесе басқа өнім "
        "берушіде) — екі емдеу кезеңінің кем дегенде бір түні ортақ.",
        "Неподтверждённый случай: одно лицо одновременно в двух круглосуточных стационарах (у того же или "
        "другого поставщика) — у двух госпитализаций есть хотя бы одна общая ночь.",
        "Unconfirmed case: the same person in two round-the-clock stays at once (at the same or another "
        "provider) — the two stays share at least one night.",
    ),
    relation=_overlaps,
)


# ------------------------------------------------------------------ 5.0 care running past the death
def _after_days(t: ir.Table) -> ir.IntegerValue:
    return t.end_date.delta(t[P_DEATH], unit="day")


def _stay_days(t: ir.Table) -> ir.IntegerValue:
    return t.end_date.delta(t.start_date, unit="day")


def _past_death(t: ir.Table, p: Mapping[str, int]) -> ir.BooleanValue:
    return (t.start_date <= t[P_DEATH]) & (t.end_date > t[P_DEATH]) & ~t.care_kind.isin(AFTER_DEATH_BY_NATURE)


def _past_death_details(t: ir.Table, p: Mapping[str, int]) -> dict[str, ir.Value]:
    return {
        "start_date": t.start_date,
        "end_date": t.end_date,
        "death_date": t[P_DEATH],
        "days_after_death": _after_days(t),
        "stay_days": _stay_days(t),
        "claim_amount": t.amount,
    }


def _past_death_amount(t: ir.Table, p: Mapping[str, int]) -> ir.IntegerValue:
    """The unconfirmed share of the amount: the bed-days after the death of the stay's bed-days."""
    stay = _stay_days(t).cast("int64").nullif(0)  # never 0 on the rule's rows (start <= death < end)
    return half_up_div(t.amount.cast("int64") * _after_days(t).cast("int64"), stay)


STAY_PAST_DEATH = MonitoringRule(
    id="stay_past_death",
    version=1,
    code="5.0",
    clause="app1.11",
    description=Text(
        "Расталмаған жағдай: көмек пациент қайтыс болғанға дейін басталып, одан кейін аяқталған — "
        "қайтыс болғаннан кейінгі төсек-күндер расталмаған (айыппұл сол үлеске).",
        "Неподтверждённый случай: помощь начата до смерти пациента и окончена после неё — койко-дни после "
        "смерти не подтверждены (неустойка на их долю).",
        "Unconfirmed case: care that began before the patient's death and ends after it — the bed-days "
        "after the death are unconfirmed (the penalty applies to their share).",
    ),
    needs=frozenset({"persons"}),
    condition=_past_death,
    details=_past_death_details,
    amount=_past_death_amount,
)

__all__ = ["OVERLAPPING_STAYS", "STAY_PAST_DEATH"]
