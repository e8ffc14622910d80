"""Death at a level where it is not to be paid (`monitoring-rules` app1 row 21, code 9.0, under 13)."""

from __future__ import annotations

from collections.abc import Mapping

import ibis.expr.types as ir

from kepil.i18n import Text
from kepil.law.monitoring_rules.algorithms.base import MonitoringRule

# Reading: row 21 names death "at the outpatient-polyclinic (АЕК) / ambulance level"; the care kinds of
# that level are PHC, specialised outpatient care, dental care, screening and the ambulance (issue 5).
# Which of them the classifier charges is its own matter: a "-" cell (e.g. consultative-diagnostic
# services) gives no defect.
OUTPATIENT_AND_AMBULANCE = ("phc", "outpatient_specialized", "dental", "screening", "ambulance")


def _death(t: ir.Table, p: Mapping[str, int]) -> ir.BooleanValue:
    return (t.outcome == "died") & t.care_kind.isin(OUTPATIENT_AND_AMBULANCE)


def _death_details(t: ir.Table, p: Mapping[str, int]) -> dict[str, ir.Value]:
    return {"outcome": t.outcome, "care_kind": t.care_kind}


DEATH_NOT_PAYABLE = MonitoringRule(
    id="death_not_payable",
    version=1,
    code="9.0",
    clause="app1.21",
    description=Text(
        "Төлеуге жатпайтын өлім: амбулаториялық-емханалық көмек немесе жедел жәрдем деңгейіндегі өлім.",
        "Смерть, не подлежащая оплате: смерть на уровне амбулаторно-поликлинической помощи или скорой "
        "помощи.",
        "Death not to be paid: a death at the outpatient-polyclinic or ambulance level.",
    ),
    condition=_death,
    details=_death_details,
)
