"""The words a person reads for what decided a defect: each key of a finding's `details` (the values the
algorithm found and the thresholds it compared them with, `monitoring-rules` 13) and the codes those values
carry, in kk, ru and en; `detail_rows()` writes a finding's details as rows of a name and a value in one
language (the pages; the API and the files keep the JSON).

`unnamed_keys()` lists the detail keys of the algorithms' findings that have no name here; the tests want
none, so that a new algorithm cannot bring an identifier onto a Kazakh or Russian page.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from kepil.coverage.vocabulary import FORM_NAMES, KIND_NAMES
from kepil.i18n import Text
from kepil.law.citation import citation_label

DETAIL_NAMES: dict[str, Text] = {
    "paid_by_patient": Text("Пациент төлеген", "Оплачено пациентом", "Paid by the patient"),
    "paid_by_patient_medicines": Text(
        "Пациент дәрілер үшін төлеген", "Оплачено пациентом за лекарства", "Paid by the patient for medicines"
    ),
    "start_date": Text("Басталған күні", "Дата начала", "Start date"),
    "end_date": Text("Аяқталған күні", "Дата окончания", "End date"),
    "funding": Text("Қаржыландыру", "Финансирование", "Funding"),
    "coverage_basis": Text("Тегін көмектің негізі", "Основание бесплатной помощи", "Basis of free care"),
    "outcome": Text("Нәтижесі", "Исход", "Outcome"),
    "care_kind": Text("Көмек түрі", "Вид помощи", "Kind of care"),
    "clinical_icd10": Text(
        "Клиникалық диагноз (АХЖ-10)", "Клинический диагноз (МКБ-10)", "Clinical diagnosis (ICD-10)"
    ),
    "pathology_claim_id": Text(
        "Патологиялық зерттеу жағдайы", "Случай патологоанатомического исследования", "The pathology claim"
    ),
    "pathology_icd10": Text(
        "Патологиялық диагноз (АХЖ-10)",
        "Патологоанатомический диагноз (МКБ-10)",
        "Pathology diagnosis (ICD-10)",
    ),
    "pathology_date": Text("Зерттеу күні", "Дата исследования", "Pathology date"),
    "max_days_after": Text("Ең көп күн өткен соң", "Не позднее, дней", "At most days after"),
    "duplicate_of": Text("Қайталанатын жағдай", "Дублирует случай", "Duplicate of the claim"),
    "licensed": Text("Лицензия бар", "Лицензия есть", "Licensed"),
    "contract_sum": Text("Шарт сомасы", "Сумма договора", "Contract sum"),
    "claims_in_period": Text("Кезеңдегі жағдайлар", "Случаев за период", "Claims in the period"),
    "percent": Text("Айыппұл, шарт сомасының %", "Штраф, % суммы договора", "Penalty, % of the contract sum"),
    "reasons": Text("Себептер", "Причины", "Reasons"),
    "contract_provider_id": Text("Шарттағы ұйым", "Организация по договору", "The contract's organisation"),
    "contract_start_date": Text("Шарттың басталуы", "Начало договора", "Contract start"),
    "contract_end_date": Text("Шарттың аяқталуы", "Окончание договора", "Contract end"),
    "contract_care_kinds": Text(
        "Шарттағы көмек түрлері", "Виды помощи по договору", "The contract's kinds of care"
    ),
    "other_claim_id": Text("Басқа жағдай", "Другой случай", "The other claim"),
    "other_provider_id": Text("Басқа ұйым", "Другая организация", "The other organisation"),
    "same_provider": Text("Сол ұйым", "Та же организация", "The same organisation"),
    "other_start_date": Text("Басқа жағдайдың басталуы", "Начало другого случая", "The other claim's start"),
    "other_end_date": Text("Басқа жағдайдың аяқталуы", "Окончание другого случая", "The other claim's end"),
    "shared_nights": Text("Ортақ түндер", "Общих ночей", "Shared nights"),
    "practitioner_id": Text("Маман", "Специалист", "Practitioner"),
    "day": Text("Күні", "День", "Day"),
    "visits_that_day": Text("Сол күнгі қабылдау", "Приёмов за день", "Visits that day"),
    "daily_limit": Text("Күндік шек", "Предел в день", "Daily limit"),
    "visits_in_period": Text("Кезеңдегі қабылдау", "Приёмов за период", "Visits in the period"),
    "monthly_limit": Text("Айлық шек", "Предел в месяц", "Monthly limit"),
    "previous_claim_id": Text("Алдыңғы жағдай", "Предыдущий случай", "The previous claim"),
    "previous_end_date": Text(
        "Алдыңғы жағдайдың аяқталуы", "Окончание предыдущего случая", "The previous claim's end"
    ),
    "days": Text("Өткен күндер", "Прошло дней", "Days between"),
    "threshold": Text("Шек", "Порог", "Threshold"),
    "referral_date": Text("Жолдама күні", "Дата направления", "Referral date"),
    "days_late": Text("Кешіккен күндер", "Дней опоздания", "Days late"),
    "icd10": Text("Диагноз (АХЖ-10)", "Диагноз (МКБ-10)", "Diagnosis (ICD-10)"),
    "visit_day": Text("Қабылдау күні", "День приёма", "Visit day"),
    "visit_number": Text("Қабылдаудың реттік нөмірі", "Порядковый номер приёма", "Visit number"),
    "first_visit_day": Text("Бірінші қабылдау күні", "День первого приёма", "First visit day"),
    "max_visits": Text("Ең көп қабылдау", "Не более приёмов", "At most visits"),
    "form": Text("Көмек нысаны", "Форма помощи", "Form of care"),
    "stay_days": Text("Емдеу күндері", "Дней лечения", "Days of stay"),
    "max_stay_days": Text("Ең көп күн", "Не более дней", "At most days"),
    "death_date": Text("Қайтыс болған күні", "Дата смерти", "Date of death"),
    "days_after_death": Text("Қайтыс болғаннан кейінгі күндер", "Дней после смерти", "Days after death"),
    "claim_amount": Text("Жағдай сомасы", "Сумма случая", "Claim amount"),
    "iin": Text("ЖСН", "ИИН", "IIN"),
    "working_days": Text("Жұмыс күндері", "Рабочих дней", "Working days"),
    # an expert's finding (monitoring-rules 13: the review of a worklist's claim)
    "note": Text("Сарапшының жазбасы", "Заключение эксперта", "The expert's note"),
    "expert": Text("Сарапшы", "Эксперт", "Expert"),
    "worklist_reasons": Text("Тізімге алыну себептері", "Причины отбора", "Why the claim was chosen"),
    "amount": Text("Жағдай сомасы", "Сумма случая", "Claim amount"),
}

VALUE_NAMES: dict[str, Text] = {
    "gvfmc": Text("ТМККК", "ГОБМП", "GVFMC"),
    "cshi": Text("МӘМС", "ОСМС", "CSHI"),
    "died": Text("қайтыс болды", "смерть", "died"),
    "completed": Text("аяқталды", "завершён", "completed"),
    "transferred": Text("ауыстырылды", "переведён", "transferred"),
    "contract_not_found": Text("шарт табылмады", "договор не найден", "no contract found"),
    "other_provider": Text(
        "шарт басқа ұйыммен", "договор с другой организацией", "the contract is another's"
    ),
    "care_kind_not_in_contract": Text(
        "көмек түрі шартта жоқ", "вида помощи нет в договоре", "the kind of care is not in the contract"
    ),
    "before_term": Text("шарт мерзімінен бұрын", "до срока договора", "before the contract's term"),
    "after_term": Text("шарт мерзімінен кейін", "после срока договора", "after the contract's term"),
    "random": Text("кездейсоқ", "случайно", "random"),
    "value": Text("сома", "сумма", "value"),
    "deviation": Text("ауытқу", "отклонение", "deviation"),
    "death": Text("өлім", "смерть", "death"),
    **KIND_NAMES,
    **FORM_NAMES,
}

# Values in tiyn (money), claim ids (linked to the claim's page), organisations (named by the page).
MONEY_KEYS = frozenset(
    {"paid_by_patient", "paid_by_patient_medicines", "contract_sum", "claim_amount", "amount"}
)
CLAIM_KEYS = frozenset({"pathology_claim_id", "duplicate_of", "other_claim_id", "previous_claim_id"})
PROVIDER_KEYS = frozenset({"contract_provider_id", "other_provider_id"})
_DATE = re.compile(r"\d{4}-\d\d-\d\d")
_CITATION = re.compile(r"([a-z0-9-]+) (\S+)")
_YES_NO = {True: Text("иә", "да", "yes"), False: Text("жоқ", "нет", "no")}


def _money(tiyn: int) -> str:
    sign = "−" if tiyn < 0 else ""
    tenge, rest = divmod(abs(tiyn), 100)
    return f"{sign}{tenge:,}".replace(",", "\u00a0") + f",{rest:02d}\u00a0₸"


def value_text(key: str, value: Any, lang: str) -> str:
    """One detail's value in `lang`: dates DD.MM.YYYY, money in tenge, yes/no, codes by name, citations as
    the act's short title and clause."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return _YES_NO[value][lang]
    if key in MONEY_KEYS and isinstance(value, int):
        return _money(value)
    if key == "percent" and isinstance(value, int | float):
        return f"{value}\u00a0%"
    if isinstance(value, list):
        return ", ".join(value_text(key, v, lang) for v in value)
    if isinstance(value, str):
        if _DATE.fullmatch(value):
            d = dt.date.fromisoformat(value)
            return f"{d.day:02d}.{d.month:02d}.{d.year}"
        if key == "coverage_basis" and (m := _CITATION.fullmatch(value)):
            try:
                return citation_label(m.group(1), m.group(2), lang)
            except Exception:
                return value
        if value in VALUE_NAMES:
            return VALUE_NAMES[value][lang]
        return value
    if isinstance(value, int) and abs(value) >= 10_000:
        return f"{value:,}".replace(",", "\u00a0")
    return str(value)


def key_text(key: str) -> Text:
    return DETAIL_NAMES.get(key) or Text(key, key, key)


def parse_details(raw: str | None) -> dict[str, Any]:
    """A finding's `details` JSON as a mapping ({} when empty; {"details": raw} when not an object)."""
    if not raw:
        return {}
    try:
        data = json.loads(raw)
    except ValueError:
        return {"details": raw}
    return data if isinstance(data, dict) else {"details": json.dumps(data, ensure_ascii=False)}


def unnamed_keys(keys: set[str]) -> set[str]:
    return {k for k in keys if k not in DETAIL_NAMES}
