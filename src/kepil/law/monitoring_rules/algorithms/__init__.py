"""The automated algorithms of `monitoring-rules` 13: each finds the cases of one classifier code (10,
app1) over the claims of a period; `ALGORITHMS` is the registry `find_defects` runs and the store records
(id → version). A changed algorithm gets a new version (13: its earlier defects are re-evaluated)."""

from __future__ import annotations

from kepil.errors import InvalidInput
from kepil.i18n import Text
from kepil.law.monitoring_rules.algorithms.base import MonitoringRule
from kepil.law.monitoring_rules.algorithms.charges import CHARGED_FOR_COVERED, CHARGED_FOR_OWN_MEDICINES
from kepil.law.monitoring_rules.algorithms.confirmation import (
    DUPLICATE_CASE,
    SERVICE_AFTER_DEATH,
    UNKNOWN_PERSON,
)
from kepil.law.monitoring_rules.algorithms.contract import NO_LICENCE, OUTSIDE_CONTRACT
from kepil.law.monitoring_rules.algorithms.deaths import DEATH_NOT_PAYABLE
from kepil.law.monitoring_rules.algorithms.diagnosis import DIAGNOSIS_MISMATCH
from kepil.law.monitoring_rules.algorithms.inpatient import READMISSION, ROUND_THE_CLOCK
from kepil.law.monitoring_rules.algorithms.load import PRACTITIONER_DAILY_LOAD, PRACTITIONER_MONTHLY_LOAD
from kepil.law.monitoring_rules.algorithms.records import (
    REFERRAL_AFTER_ADMISSION,
    REFERRAL_AFTER_START,
)
from kepil.law.monitoring_rules.algorithms.stays import OVERLAPPING_STAYS, STAY_PAST_DEATH
from kepil.law.monitoring_rules.algorithms.volume import REPEATED_VISITS
from kepil.law.monitoring_rules.algorithms.waiting import WAITING

ALGORITHMS: tuple[MonitoringRule, ...] = (
    READMISSION,
    ROUND_THE_CLOCK,
    SERVICE_AFTER_DEATH,
    DUPLICATE_CASE,
    UNKNOWN_PERSON,
    WAITING,
    DEATH_NOT_PAYABLE,
    OUTSIDE_CONTRACT,
    CHARGED_FOR_COVERED,
    CHARGED_FOR_OWN_MEDICINES,
    NO_LICENCE,
    # issue 15: the rest of what the claims can show
    OVERLAPPING_STAYS,
    STAY_PAST_DEATH,
    PRACTITIONER_DAILY_LOAD,
    PRACTITIONER_MONTHLY_LOAD,
    REPEATED_VISITS,
    REFERRAL_AFTER_START,
    REFERRAL_AFTER_ADMISSION,
    DIAGNOSIS_MISMATCH,
)
BY_ID: dict[str, MonitoringRule] = {a.id: a for a in ALGORITHMS}

UNKNOWN_RULE = Text(
    "белгісіз алгоритм {value!r}; күтілетіні: {known}",
    "неизвестный алгоритм {value!r}; ожидается: {known}",
    "unknown algorithm {value!r}; expected one of {known}",
)


def algorithm(rule_id: str) -> MonitoringRule:
    found = BY_ID.get(rule_id)
    if found is None:
        raise InvalidInput("rules", UNKNOWN_RULE.format(value=rule_id, known=", ".join(BY_ID)))
    return found


__all__ = ["ALGORITHMS", "BY_ID", "MonitoringRule", "algorithm"]
