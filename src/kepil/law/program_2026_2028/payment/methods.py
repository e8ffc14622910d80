"""The payment methods kepil computes (`METHODS`), each anchored to the `program-2026-2028` appendix 2
items it applies, and the kinds of care each pays for (through `payment_methods.by_care_kind`)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

from kepil.i18n import Text
from kepil.law.care import CARE_KINDS
from kepil.law.program_2026_2028 import payment_methods as pm
from kepil.law.program_2026_2028.tariffs import (
    PER_PERSON_KEYS,
    PER_PERSON_TARIFFS,
    SERVICE_ITEMS,
)

ACT = "program-2026-2028"
HOSPITAL_KINDS = ("inpatient", "day_hospital")

# The (direction, method) of each item priced by a service tariff (tariffs.SERVICE_ITEMS), and 9.4.
SERVICE_ANCHORS: tuple[tuple[str, str], ...] = tuple(
    (
        pm.by_row(int(key.split(".")[0])).code,
        pm.by_row(int(key.split(".")[0])).methods[int(key.split(".")[1]) - 1].code,
    )
    for key in (*SERVICE_ITEMS, "9.4")
)


Basis = Literal["case", "per_capita", "per_patient"]


@dataclass(frozen=True, slots=True)
class Method:
    """A payment method kepil computes, anchored to the app2 items it applies (direction, method code)."""

    code: str
    anchors: tuple[tuple[str, str], ...]
    basis: Basis
    name: Text
    # Kinds of care the method also pays for by a reading of the Program (docs/payment.md, "Which
    # method"): dental care is specialised outpatient care (58.4), pathology a diagnostic service
    # (56.6, 58.5), rehabilitation and palliative care are given in the conditions rows 3-4 pay for.
    extra_kinds: tuple[str, ...] = ()

    @property
    def citation(self) -> tuple[str, str, int]:
        """(act, clause, item) of the first anchor, e.g. ("program-2026-2028", "app2.4", 1)."""
        d = pm.direction(self.anchors[0][0])
        return ACT, d.citation.clause, d.method(self.anchors[0][1]).item

    @property
    def care_kinds(self) -> tuple[str, ...]:
        """Kinds of care this method pays for: those whose app2 directions (by_care_kind) list an anchor."""
        base = anchor_kinds(self.anchors)
        return base + tuple(k for k in self.extra_kinds if k not in base)


@cache
def anchor_kinds(anchors: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    """The kinds of care (CARE_KINDS order) whose app2 directions (`by_care_kind`) hold one of `anchors`."""
    return tuple(
        k
        for k in CARE_KINDS
        if any(
            (d.code, m.code) in anchors for d in pm.by_care_kind(k) for m in d.methods if k in m.care_kinds
        )
    )


METHODS: dict[str, Method] = {
    m.code: m
    for m in (
        Method(
            "per_capita_norm",
            (("ambulance", "per_capita_norm"),),
            "per_capita",
            Text("Жан басына шаққандағы норматив", "Подушевой норматив", "Per-capita norm"),
            ("air_ambulance",),  # Program 52: ambulance care, including with medical aviation
        ),
        Method(
            "comprehensive_per_capita_norm",
            (("phc", "comprehensive_per_capita_norm"),),
            "per_capita",
            Text(
                "Жан басына шаққандағы кешенді норматив",
                "Комплексный подушевой норматив",
                "Comprehensive per-capita norm",
            ),
        ),
        Method(
            "per_case_ccg",
            (("specialized_hospital_care", "per_case_ccg"),),
            "case",
            Text("КШТ бойынша бір емделіп шығу", "Пролеченный случай по КЗГ", "Case by clinical cost group"),
            ("rehabilitation", "palliative"),
        ),
        Method(
            "ccg_plus_additional",
            (("specialized_hospital_care", "per_case_with_additional_costs"),),
            "case",
            Text(
                "КШТ бойынша жағдай және қосымша шығыстар",
                "Случай по КЗГ с оплатой дополнительных затрат",
                "Case by cost group plus additional costs",
            ),
        ),
        Method(
            "item_tariff",
            SERVICE_ANCHORS,
            "case",
            Text(
                "Көрсетілген қызмет тарифі бойынша",
                "По тарифу оказанной услуги",
                "By the tariff of the service rendered",
            ),
            ("phc", "dental", "pathology", "rehabilitation", "outpatient_drugs"),
        ),
        Method(
            "per_case_actual_cost",
            (
                ("specialized_hospital_care", "per_case_actual_cost_list"),
                ("specialized_hospital_care", "inpatient_per_case_actual_cost"),
            ),
            "case",
            Text("Нақты шығыстар бойынша", "По фактическим затратам", "Case at actual cost"),
        ),
        Method(
            "per_bed_day",
            (
                ("specialized_hospital_care", "per_bed_day"),
                ("additional_costs", "day_hospital_bed_day"),
                ("mental_health", "per_bed_day"),
            ),
            "case",
            Text("Бір төсек-күн үшін", "За койко-день", "Per bed-day"),
        ),
        Method(
            "per_case_average_cost",
            (
                ("specialized_hospital_care", "per_case_average_cost"),
                ("mental_health", "republican_per_case_average_cost"),
            ),
            "case",
            Text("Есептік орташа құны бойынша", "По расчётной средней стоимости", "Case at the average cost"),
        ),
        Method(
            "admission_department",
            (("specialized_hospital_care", "admission_department"),),
            "case",
            Text(
                "Қабылдау бөлімшесінің қызметтері",
                "Услуги приёмного отделения",
                "Admission-department services",
            ),
        ),
        Method(
            "medical_economic_tariff",
            (("paediatric_oncology", "medical_economic_tariff"),),
            "case",
            Text(
                "Медициналық-экономикалық тариф (емдеу блогы)",
                "Медико-экономический тариф (блок лечения)",
                "Medical-economic tariff by treatment block",
            ),
        ),
        Method(
            "oncology",
            (("oncology", "neoplasm_hospital_care"),),
            "case",
            Text("Онкологиялық науқастарға тариф", "Тариф онкологическим больным", "Oncology tariff"),
        ),
        Method(
            "dialysis_session",
            (("day_hospital_haemodialysis", "per_service"),),
            "case",
            Text("Гемодиализ сеанстары", "Сеансы гемодиализа", "Dialysis sessions"),
        ),
        Method(
            "ccg_plus_sessions",
            (("peritoneal_dialysis", "ccg_plus_sessions"),),
            "case",
            Text("КШТ және диализ сеанстары", "КЗГ и сеансы диализа", "Cost group plus dialysis sessions"),
        ),
        Method(
            "complex_tariff",
            (
                ("tuberculosis", "complex_tariff"),
                ("hiv", "per_person_tariff"),
                ("mental_health", "complex_tariff"),
                ("outpatient_specialized", "medical_train"),
                ("tuberculosis", "republican_tb_care"),
                ("hiv", "friendly_cabinets"),
                ("mental_health", "monthly_patient_tariff"),
            ),
            "per_patient",
            Text(
                "Бір науқасқа кешенді тариф",
                "Комплексный тариф на одного больного",
                "Complex tariff per patient",
            ),
        ),
        Method(
            "actual_cost",
            (
                ("foreign_specialists", "actual_cost"),
                ("tuberculosis", "tb_drugs"),
                ("hiv", "arv_drugs"),
                ("paediatric_oncology", "outpatient_stage_drugs"),
            ),
            "case",
            Text("Іс жүзіндегі шығыстар", "Фактические расходы", "Actual costs"),
            ("outpatient_drugs",),
        ),
    )
}


# The app2 direction and item of each per-person tariff key (complex tariffs and the others).
COMPLEX_CLAUSES: dict[str, tuple[str, int]] = {
    "tuberculosis": ("app2.11", 1),
    "hiv": ("app2.12", 1),
    "mental_health": ("app2.13", 1),
    **PER_PERSON_TARIFFS,
}


@cache
def complex_kinds() -> dict[str, tuple[str, ...]]:
    """Kinds of care each complex-tariff direction pays for (app2 rows 11-13 through by_care_kind)."""
    anchors = zip(PER_PERSON_KEYS, METHODS["complex_tariff"].anchors, strict=True)
    return {key: anchor_kinds((anchor,)) for key, anchor in anchors}
