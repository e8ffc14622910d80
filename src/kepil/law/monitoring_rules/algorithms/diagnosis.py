"""The clinical diagnosis that the pathological one does not confirm (`monitoring-rules` app1 row 22, code
10.0, found under 13).

Reading (docs/monitoring-algorithms.md): for a case that ended in the patient's death (outcome `died`), the
pathological-anatomical diagnosis is the main ICD-10 code of the person's pathology claim (an autopsy)
starting from the day the case ended up to 30 days later (the nearest one). The diagnoses do not match when
their three-character ICD-10 categories differ (I21.0 and I21.9 match, I21.9 and C34.9 do not): a fourth
character refines a diagnosis, another category is another disease. A morphological diagnosis of a living
patient (a biopsy) cannot be tied to the case it belongs to from the claims: those stay with the experts.
"""

from __future__ import annotations

from collections.abc import Mapping

import ibis
import ibis.expr.types as ir

from kepil.i18n import Text
from kepil.law.monitoring_rules.algorithms.base import FOUND, MonitoringRule, Sources, Window


def _category(icd10: ir.StringValue) -> ir.StringValue:
    return icd10.substr(0, 3)


def _mismatch(src: Sources, w: Window, p: Mapping[str, int]) -> ir.Table:
    c = src.claims
    died = c.filter(w.judged(c), c.outcome == "died", c.care_kind != "pathology")
    died = died.select(*FOUND, "iin", "icd10", "end_date")
    path = c.filter(c.care_kind == "pathology")
    path = path.select(x_id=path.claim_id, x_iin=path.iin, x_icd10=path.icd10, x_start=path.start_date)
    j = died.join(path, died.iin == path.x_iin)
    gap = j.x_start.delta(j.end_date, unit="day")
    j = j.filter(gap.between(0, p["max_days_after"]))
    j = j.mutate(rank=ibis.row_number().over(group_by=j.claim_id, order_by=[j.x_start, j.x_id]))
    j = j.filter((j["rank"] == 0) & (_category(j.icd10) != _category(j.x_icd10)))
    return j.select(
        *FOUND,
        clinical_icd10=j.icd10,
        pathology_claim_id=j.x_id,
        pathology_icd10=j.x_icd10,
        pathology_date=j.x_start,
    )


DIAGNOSIS_MISMATCH = MonitoringRule(
    id="diagnosis_not_confirmed_by_pathology",
    version=1,
    code="10.0",
    clause="app1.22",
    description=Text(
        "Клиникалық диагноздың патологиялық-анатомиялық диагнозбен сәйкес келмеуі: қайтыс болумен аяқталған "
        "жағдайдың негізгі диагнозы мен одан кейінгі 30 күн ішіндегі патологиялық зерттеудің диагнозы "
        "АХЖ-10-ның әртүрлі үш таңбалы санаттарында.",
        "Расхождение клинического и патологоанатомического диагнозов: основной диагноз случая, "
        "закончившегося смертью, и диагноз патологоанатомического исследования в течение 30 дней после "
        "него в разных трёхзначных рубриках МКБ-10.",
        "Clinical diagnosis not matching the pathological one: the main diagnosis of a case that ended in "
        "death and that of the pathology claim within 30 days after it are in different three-character "
        "ICD-10 categories.",
    ),
    params={"max_days_after": 30},
    relation=_mismatch,
)

__all__ = ["DIAGNOSIS_MISMATCH"]
