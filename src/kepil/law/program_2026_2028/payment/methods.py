"""The payment methods kepil computes (`METHODS`), each anchored to the `program-2026-2028` appendix 2
items it applies, and the kinds of care each pays for (through `payment_methods.by_care_kind`)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

from kepil.i18n import Text
from kepil.law.care import CARE_KINDS
from kepil.law.program_2026_2028 import payment_methods as pm
from kepil.law.program_2026_2028.tariffs import COMPLEX_TARIFF_DIRECTIONS

ACT = "program-2026-2028"
HOSPITAL_KINDS = ("inpatient", "day_hospital")


Basis = Literal["case", "per_capita", "per_patient"]


@dataclass(frozen=True, slots=True)
class Method:
    """A payment method kepil computes, anchored to the app2 items it applies (direction, method code)."""

    code: str
    anchors: tuple[tuple[str, str], ...]
    basis: Basis
    name: Text

    @property
    def citation(self) -> tuple[str, str, int]:
        """(act, clause, item) of the first anchor, e.g. ("program-2026-2028", "app2.4", 1)."""
        d = pm.direction(self.anchors[0][0])
        return ACT, d.citation.clause, d.method(self.anchors[0][1]).item

    @property
    def care_kinds(self) -> tuple[str, ...]:
        """Kinds of care this method pays for: those whose app2 directions (by_care_kind) list an anchor."""
        return anchor_kinds(self.anchors)


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
            (("foreign_specialists", "actual_cost"),),
            "case",
            Text("Іс жүзіндегі шығыстар", "Фактические расходы", "Actual costs"),
        ),
    )
}


# The app2 direction of each complex-tariff direction key.
COMPLEX_CLAUSES = {"tuberculosis": ("app2.11", 1), "hiv": ("app2.12", 1), "mental_health": ("app2.13", 1)}


@cache
def complex_kinds() -> dict[str, tuple[str, ...]]:
    """Kinds of care each complex-tariff direction pays for (app2 rows 11-13 through by_care_kind)."""
    anchors = zip(COMPLEX_TARIFF_DIRECTIONS, METHODS["complex_tariff"].anchors, strict=True)
    return {key: anchor_kinds((anchor,)) for key, anchor in anchors}
