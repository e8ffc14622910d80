"""Unconfirmed cases (`monitoring-rules` app1 rows 11-12, codes 5.0 and 5.1, found under 13): a service
after the patient's death, a person unknown to the registry, a case presented twice."""

from __future__ import annotations

from collections.abc import Mapping

import ibis
import ibis.expr.types as ir

from kepil.i18n import Text
from kepil.law.monitoring_rules.algorithms.base import (
    FOUND,
    P_DEATH,
    P_FOUND,
    MonitoringRule,
    Sources,
    Window,
)

# ------------------------------------------------------------------ 5.0 service after death
# Care given after a death by its nature: pathological-anatomical diagnosis (an autopsy). Version 2 of the
# rule excepts it (version 1 flagged an autopsy the day after the death as an unconfirmed case).
AFTER_DEATH_BY_NATURE = ("pathology",)


def _after_death(t: ir.Table, p: Mapping[str, int]) -> ir.BooleanValue:
    # Reading: a service on the day of death is confirmed (the person may die during it); only a start
    # after the registered death date is not. A stay begun before the death and ending after it is
    # `stay_past_death` (stays.py).
    return (t.start_date > t[P_DEATH]) & ~t.care_kind.isin(AFTER_DEATH_BY_NATURE)


def _after_death_details(t: ir.Table, p: Mapping[str, int]) -> dict[str, ir.Value]:
    return {"start_date": t.start_date, "death_date": t[P_DEATH]}


SERVICE_AFTER_DEATH = MonitoringRule(
    id="service_after_death",
    version=2,
    code="5.0",
    clause="app1.11",
    description=Text(
        "Расталмаған жағдай: көмек пациент қайтыс болған күннен кейін басталған (патологиялық-анатомиялық "
        "диагностикадан басқа).",
        "Неподтверждённый случай: помощь начата после даты смерти пациента (кроме патологоанатомической "
        "диагностики).",
        "Unconfirmed case: the care started after the patient's date of death (pathological-anatomical "
        "diagnosis excepted).",
    ),
    needs=frozenset({"persons"}),
    condition=_after_death,
    details=_after_death_details,
)


# ------------------------------------------------------------------ 5.0 unknown person
def _unknown(t: ir.Table, p: Mapping[str, int]) -> ir.BooleanValue:
    return ~t[P_FOUND]


def _unknown_details(t: ir.Table, p: Mapping[str, int]) -> dict[str, ir.Value]:
    return {"iin": t.iin}


UNKNOWN_PERSON = MonitoringRule(
    id="unknown_person",
    version=1,
    code="5.0",
    clause="app1.11",
    description=Text(
        "Расталмаған жағдай: пациенттің ЖСН-і тіркелімде жоқ.",
        "Неподтверждённый случай: ИИН пациента отсутствует в регистре.",
        "Unconfirmed case: the patient's IIN is not in the registry.",
    ),
    needs=frozenset({"persons"}),
    condition=_unknown,
    details=_unknown_details,
)


# ------------------------------------------------------------------ 5.1 duplicate case
DUPLICATE_KEYS = ("iin", "provider_id", "care_kind", "icd10", "start_date", "end_date")


def _duplicates(src: Sources, w: Window, p: Mapping[str, int]) -> ir.Table:
    """Claims equal on DUPLICATE_KEYS: the first by claim_id is kept, each later one is the defect.
    Duplicates share end_date, so only claims ending in the window are compared (any region).

    A hash of the keys finds the candidate groups first (one aggregate on a single integer column); the
    exact comparison (a window over the keys) then runs on the candidates only. A hash collision only
    adds candidates, so the engines' different hash functions give the same rows."""
    c = src.claims

    def key(t: ir.Table) -> ir.IntegerValue:
        return ibis.struct({k: t[k] for k in DUPLICATE_KEYS}).hash()

    # The two sides are written with differently shaped (equivalent) filters on purpose: equal Ibis
    # subexpressions become one SQL CTE, which DuckDB materialises whole (all columns of 10 M claims).
    hashes = c.filter(c.end_date >= w.first, c.end_date <= w.last)
    hashes = hashes.select(g__key=key(hashes))
    groups = hashes.group_by("g__key").agg(g__n=hashes.count())
    groups = groups.filter(groups.g__n > 1).select("g__key")
    same_end = c.filter(c.end_date.between(w.first, w.last))
    cols = [*FOUND, *(k for k in DUPLICATE_KEYS if k not in FOUND)]
    keyed = same_end.select(*cols, h__key=key(same_end))
    cand = keyed.semi_join(groups, keyed.h__key == groups.g__key)
    first = cand.claim_id.min().over(group_by=[cand[k] for k in DUPLICATE_KEYS])
    t = cand.mutate(duplicate_of=first)
    t = t.filter(t.claim_id != t.duplicate_of)
    if w.region is not None:
        t = t.filter(t.region == w.region)
    return t.select(*FOUND, "duplicate_of")


DUPLICATE_CASE = MonitoringRule(
    id="duplicate_case",
    version=1,
    code="5.1",
    clause="app1.12",
    description=Text(
        "Төлемге ұсынылған расталмаған жағдай: сол пациентке, сол өнім берушіде, сол көмек түрі, диагноз "
        "және күндермен қайта ұсынылған жағдай (бірінші ұсынылғаны сақталады).",
        "Неподтверждённый случай в счёте-реестре: повторно предъявленный случай того же пациента у того же "
        "поставщика с тем же видом помощи, диагнозом и датами (первый сохраняется).",
        "Unconfirmed case in the invoice register: a case presented again for the same patient, provider, "
        "kind of care, diagnosis and dates (the first one is kept).",
    ),
    relation=_duplicates,
)
