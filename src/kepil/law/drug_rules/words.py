"""The words a person reads for the dosage forms and dose units of a prescriptions file (drug-rules 19-20:
the file gives them as codes, `tablet`, `mg`), in kk, ru and en. A form or unit with no name here is shown
as the file gives it (the file's own words)."""

from __future__ import annotations

from kepil.i18n import Text

DOSAGE_FORM_NAMES: dict[str, Text] = {
    "tablet": Text("таблетка", "таблетка", "tablet"),
    "capsule": Text("капсула", "капсула", "capsule"),
    "solution": Text("ерітінді", "раствор", "solution"),
    "injection": Text("инъекцияға арналған ерітінді", "раствор для инъекций", "solution for injection"),
    "inhaler": Text("ингалятор", "ингалятор", "inhaler"),
    "suspension": Text("суспензия", "суспензия", "suspension"),
    "syrup": Text("шәрбат", "сироп", "syrup"),
    "powder": Text("ұнтақ", "порошок", "powder"),
    "ointment": Text("жақпамай", "мазь", "ointment"),
    "drops": Text("тамшы", "капли", "drops"),
    "patch": Text("пластырь", "пластырь", "patch"),
}
DOSE_UNIT_NAMES: dict[str, Text] = {
    "mg": Text("мг", "мг", "mg"),
    "mcg": Text("мкг", "мкг", "mcg"),
    "g": Text("г", "г", "g"),
    "ml": Text("мл", "мл", "ml"),
    "IU": Text("ХБ", "МЕ", "IU"),
    "dose": Text("доза", "доза", "dose"),
    "unit": Text("бірлік", "единица", "unit"),
    "drop": Text("тамшы", "капля", "drop"),
}


def form_name(value: str | None) -> Text | str | None:
    """A dosage form's name in the three languages, or the file's own word."""
    return DOSAGE_FORM_NAMES.get(value or "", value)


def unit_name(value: str | None) -> Text | str | None:
    """A dose unit's name in the three languages, or the file's own word."""
    return DOSE_UNIT_NAMES.get(value or "", value)


# drug-rules 11, 18, app. 1 (22): what a line provides; 20, 22: what its figure is; app. 1, 22: its
# registration and formulary check (kepil.law.drug_rules.need, formulary).
ITEM_TYPE_NAMES: dict[str, Text] = {
    "medicine": Text("дәрілік зат", "лекарственное средство", "medicine"),
    "medical_device": Text("медициналық бұйым", "медицинское изделие", "medical device"),
    "special_product": Text(
        "арнайы емдік өнім", "специализированный лечебный продукт", "special therapeutic product"
    ),
}
NEED_BASIS_NAMES: dict[str, Text] = {
    "drug_rules_20": Text(
        "19–20-тармақтар бойынша қажеттілік", "потребность по пп. 19–20", "need by cl. 19–20"
    ),
    "order_32_not_computed": Text(
        "№ 32 бұйрықтың әдісі берілмеген: есептелмеді",
        "метод приказа № 32 не дан: не рассчитана",
        "order No. 32's method not given: not computed",
    ),
    "order_32_method_file": Text(
        "№ 32 бұйрықтың әдісі (файлдан)",
        "по методу приказа № 32 (из файла)",
        "by order No. 32's method (from a file)",
    ),
}
FORMULARY_NAMES: dict[str, Text] = {
    "exception_vital_indications": Text(
        "өмірлік көрсетілім бойынша ерекшелік",
        "исключение по жизненным показаниям",
        "exception: vital indications",
    ),
    "exception_orphan": Text(
        "орфандық ауру бойынша ерекшелік", "исключение: орфанное заболевание", "exception: orphan disease"
    ),
    "not_checked": Text(
        "тексерілмеді (тізім берілмеген)", "не проверено (перечень не дан)", "not checked (no list given)"
    ),
    "not_registered": Text("тіркелмеген", "не зарегистрирован", "not registered"),
    "not_in_formulary": Text("формулярда жоқ", "нет в формуляре", "not in the formulary"),
    "local_decision": Text("жергілікті шешіммен", "по местному решению", "by a local decision"),
    "registered_in_formulary": Text(
        "тіркелген, формулярда бар", "зарегистрирован, в формуляре", "registered, in the formulary"
    ),
    "registered": Text("тіркелген", "зарегистрирован", "registered"),
}
