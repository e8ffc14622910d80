"""Inpatient algorithms: unjustified readmission (4.0) and round-the-clock care where a day hospital was
indicated (3.4) — `monitoring-rules` app1 rows 10 and 9, found automatically under 13."""

from __future__ import annotations

import csv
from collections.abc import Mapping
from functools import cache

import ibis
import ibis.expr.types as ir

from kepil.data import data_path
from kepil.i18n import Text
from kepil.law.monitoring_rules.algorithms.base import (
    FOUND,
    K_PALLIATIVE,
    MonitoringRule,
    Sources,
    Window,
)
from kepil.reference.icd10 import CodeRanges, all_diagnoses

DAY_HOSPITAL_FILE = "day_hospital_indicated.csv"


# ------------------------------------------------------------------ 4.0 readmission within 30 days
def _readmissions(src: Sources, w: Window, p: Mapping[str, int]) -> ir.Table:
    """Later claim L (judged, inpatient, contract not palliative); earlier claim E (any inpatient claim of
    the same IIN, outcome completed, before L in the order end_date, start_date, claim_id) with
    0 <= L.start_date - E.end_date <= threshold; the nearest such E is reported."""
    c = src.claims
    inpatient = c.filter(c.care_kind == "inpatient")
    k = src.contracts.select(k__cid=src.contracts.contract_id, **{K_PALLIATIVE: src.contracts.palliative})
    later = inpatient.filter(w.judged(inpatient)).select(*FOUND, "iin", "start_date", "end_date")
    later = later.left_join(k, later.contract_id == k.k__cid)
    # Reading: app1 row 10 excepts "providers of palliative care"; the claim's own contract tells.
    later = later.filter(~later[K_PALLIATIVE].fill_null(False)).drop("k__cid", K_PALLIATIVE)
    earlier = inpatient.filter((inpatient.outcome == "completed") & (inpatient.end_date <= w.last)).select(
        e_id=inpatient.claim_id, e_iin=inpatient.iin, e_start=inpatient.start_date, e_end=inpatient.end_date
    )
    j = later.join(earlier, later.iin == earlier.e_iin)
    days = j.start_date.delta(j.e_end, unit="day")
    before = (j.e_end < j.end_date) | (
        (j.e_end == j.end_date)
        & ((j.e_start < j.start_date) | ((j.e_start == j.start_date) & (j.e_id < j.claim_id)))
    )
    j = j.filter((j.e_id != j.claim_id) & before & days.between(0, p["threshold"])).mutate(days=days)
    nearest = ibis.row_number().over(
        group_by=j.claim_id, order_by=[j.e_end.desc(), j.e_start.desc(), j.e_id.desc()]
    )
    j = j.mutate(rank=nearest).filter(lambda t: t.rank == 0)
    return j.select(*FOUND, previous_claim_id=j.e_id, previous_end_date=j.e_end, days=j.days)


READMISSION = MonitoringRule(
    id="readmission_30d",
    version=1,
    code="4.0",
    clause="app1.10",
    description=Text(
        "Негізсіз қайта емдеуге жатқызу: стационарда емдеу аяқталған күннен бастап күнтізбелік 30 күн "
        "ішінде сол адамның тәулік бойғы стационарға қайта түсуі (паллиативтік көмек көрсететін өнім "
        "берушілерден басқа).",
        "Необоснованная повторная госпитализация: повторное поступление того же лица в круглосуточный "
        "стационар в течение 30 календарных дней со дня окончания стационарного лечения (кроме "
        "поставщиков паллиативной помощи).",
        "Unjustified readmission: the same person admitted to round-the-clock inpatient care again within "
        "30 calendar days of the end of inpatient treatment (except providers of palliative care).",
    ),
    params={"threshold": 30},
    relation=_readmissions,
)


# ------------------------------------------------------------------ 3.4 round the clock, not day hospital
@cache
def day_hospital_ranges() -> CodeRanges:
    """The (illustrative) ICD-10 list of data/monitoring_rules/day_hospital_indicated.csv."""
    with data_path("monitoring_rules", DAY_HOSPITAL_FILE).open(encoding="utf-8") as f:
        items = [row["icd10"] for row in csv.DictReader(f)]
    return CodeRanges.parse(", ".join(items), field=DAY_HOSPITAL_FILE)


@cache
def day_hospital_codes() -> tuple[str, ...]:
    """Every ICD-10 diagnosis (normalised, as claims carry it) on the list, sorted."""
    return tuple(sorted(day_hospital_ranges().codes_matching(all_diagnoses())))


def is_day_hospital_indicated(icd10: str) -> bool:
    return icd10 in day_hospital_ranges()


def _round_the_clock(t: ir.Table, p: Mapping[str, int]) -> ir.BooleanValue:
    stay = t.end_date.delta(t.start_date, unit="day")
    return (
        (t.care_kind == "inpatient")
        & (t.form == "planned")
        & t.icd10.isin(day_hospital_codes())
        & (stay <= p["max_stay_days"])
    )


def _round_the_clock_details(t: ir.Table, p: Mapping[str, int]) -> dict[str, ir.Value]:
    return {"icd10": t.icd10, "form": t.form, "stay_days": t.end_date.delta(t.start_date, unit="day")}


ROUND_THE_CLOCK = MonitoringRule(
    id="round_the_clock_instead_of_day_hospital",
    version=1,
    code="3.4",
    clause="app1.9",
    description=Text(
        "Стационарды алмастыратын жағдайларда емдеу көрсетілген кезде тәулік бойы стационарда емдеу: "
        "жоспарлы түскен, диагнозы күндізгі стационар тізбесінде, төсек-күні 3 күннен аспайтын жағдай.",
        "Лечение в круглосуточном стационаре при показаниях к стационарозамещающей помощи: плановая "
        "госпитализация, диагноз из перечня дневного стационара, пребывание не более 3 дней.",
        "Round-the-clock inpatient care where day-hospital care was indicated: a planned admission, a "
        "diagnosis on the day-hospital list, a stay of at most 3 days.",
    ),
    # Reading: app1 row 9 names the defect but no test of "day-hospital care was indicated"; the act
    # gives no list and no stay limit. The algorithm reads it as a planned stay of at most 3 days for a
    # diagnosis on the illustrative list (data/monitoring_rules/day_hospital_indicated.md): kepil's
    # parameters, not the act's.
    params={"max_stay_days": 3},
    condition=_round_the_clock,
    details=_round_the_clock_details,
)
