"""What the records themselves show (`monitoring-rules` app1 rows 3 and 4, found under 13): planned care
given before its referral was issued (1.2, unjustified provision of clinical-diagnostic services), and
a hospital referral entered late (2.0, defects of medical records and of data entry in the health
information systems: an insignificant violation, penalty 0).

Readings (docs/monitoring-algorithms.md):
- A planned visit needs its referral before it starts; a referral dated after the start means the service
  was given without one: 1.2 for the outpatient kinds the row names (its "+" columns L1-L3:
  PHC, consultative-diagnostic and other outpatient services).
- The same in hospital care (1.2 is "-" in the hospital columns): the admission happened, but the
  referral entered in the system after it is a late entry, 2.0.
- A round-the-clock case without its bed profile is not read as a defect: the claims contract declares
  `profile` nullable, so an export may leave it empty without an error of the provider's record.
"""

from __future__ import annotations

from collections.abc import Mapping

import ibis.expr.types as ir

from kepil.i18n import Text
from kepil.law.monitoring_rules.algorithms.base import MonitoringRule, RowCondition

OUTPATIENT_REFERRAL_KINDS = ("phc", "outpatient_specialized", "screening", "dental")
HOSPITAL_REFERRAL_KINDS = ("inpatient", "day_hospital", "rehabilitation")


def _late(kinds: tuple[str, ...]) -> RowCondition:
    def condition(t: ir.Table, p: Mapping[str, int]) -> ir.BooleanValue:
        return (t.form == "planned") & t.care_kind.isin(kinds) & (t.referral_date > t.start_date)

    return condition


def _late_details(t: ir.Table, p: Mapping[str, int]) -> dict[str, ir.Value]:
    return {
        "referral_date": t.referral_date,
        "start_date": t.start_date,
        "days_late": t.referral_date.delta(t.start_date, unit="day"),
    }


REFERRAL_AFTER_START = MonitoringRule(
    id="referral_after_start",
    version=1,
    code="1.2",
    clause="app1.3",
    description=Text(
        "Клиникалық-диагностикалық қызметтерді негізсіз көрсету: жоспарлы көмек жолдама берілгенге дейін "
        "басталған (жолдама күні көмектің басталған күнінен кейін).",
        "Необоснованное оказание клинико-диагностических услуг: плановая помощь начата до выдачи "
        "направления (дата направления позже даты начала).",
        "Unjustified provision of clinical-diagnostic services: planned care began before its referral was "
        "issued (the referral is dated after the start).",
    ),
    condition=_late(OUTPATIENT_REFERRAL_KINDS),
    details=_late_details,
)

REFERRAL_AFTER_ADMISSION = MonitoringRule(
    id="referral_after_admission",
    version=1,
    code="2.0",
    clause="app1.4",
    description=Text(
        "Деректерді уақтылы емес енгізу: жоспарлы емдеуге жатқызудың жолдамасы түскен күннен кейінгі "
        "күнмен ақпараттық жүйеге енгізілген.",
        "Несвоевременный ввод данных: направление на плановую госпитализацию внесено в систему датой позже "
        "дня поступления.",
        "Late data entry: the referral for a planned admission is entered in the system with a date after "
        "the admission.",
    ),
    condition=_late(HOSPITAL_REFERRAL_KINDS),
    details=_late_details,
)


__all__ = ["REFERRAL_AFTER_ADMISSION", "REFERRAL_AFTER_START"]
