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
