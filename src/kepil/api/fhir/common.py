"""Pieces shared by kepil's FHIR mappings: the mapping error, FHIR paths, translations."""

from __future__ import annotations

import re
from typing import Any

from kepil.i18n import Text

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class FhirInvalid(Exception):
    """A resource that cannot be mapped: `field` is the FHIR path of the element, `texts` kk/ru/en.

    `code` is one of the coverage-error CodeSystem's codes: `invalid_input` (the resource is wrong) or
    `not_supported` (a valid resource asking what kepil does not answer, e.g. purpose `discovery`).
    """

    def __init__(self, field: str, message: str | Text, code: str = "invalid_input") -> None:
        self.field = field
        self.texts = message if isinstance(message, Text) else Text(message, message, message)
        self.code = code
        self.message = self.texts.en
        super().__init__(f"{field}: {self.message}")

    def text(self, lang: str = "en") -> str:
        return self.texts[lang]


def loc_path(root: str, loc: tuple[Any, ...]) -> str:
    """A pydantic error location as a FHIR path: ("item", 0, "diagnosis") -> "Root.item[0].diagnosis"."""
    path = root
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif isinstance(part, str) and _NAME.fullmatch(part):
            if part == "resource_type":
                part = "resourceType"
            # fhir.resources: `x__ext` holds the JSON `_x`; `class_fhir` is the JSON `class`.
            path += "." + part.removesuffix("__ext").removesuffix("_fhir")
    return path


_PYDANTIC: dict[str, Text] = {
    "missing": Text("міндетті элемент", "обязательный элемент", "is required"),
    "extra_forbidden": Text(
        "ресурста мұндай элемент жоқ", "в ресурсе нет такого элемента", "is not an element of this resource"
    ),
    "string_type": Text("мәтін күтілді", "ожидается строка", "expected a string"),
    "bool_type": Text("true немесе false күтілді", "ожидается true или false", "expected true or false"),
    "list_type": Text("тізім (JSON массиві) күтілді", "ожидается массив", "expected a list (a JSON array)"),
    "model_type": Text("объект күтілді", "ожидается объект", "expected an object"),
    "dict_type": Text("объект күтілді", "ожидается объект", "expected an object"),
}
# A FHIR date or dateTime that is no day of the calendar (2026-02-30) or not in FHIR's form (31.12.2026):
# pydantic's and fhir.resources' English were shown after kk/ru words.
_DATE = Text(
    "күн күтілді: ЖЖЖЖ-АА-КК (немесе FHIR dateTime)",
    "ожидается дата: ГГГГ-ММ-ДД (или FHIR dateTime)",
    "expected a date: YYYY-MM-DD (or a FHIR dateTime)",
)
_DATE_KINDS = ("date_parsing", "datetime_parsing", "date_from_datetime_parsing", "datetime_from_date_parsing")


def pydantic_text(error: dict[str, Any]) -> Text:
    """A pydantic validation error in kk/ru/en; pydantic's English detail where kepil has no words."""
    kind = str(error.get("type", "")).rsplit(".", 1)[-1]
    if kind in _PYDANTIC:
        return _PYDANTIC[kind]
    detail = str(error.get("msg", "")).removeprefix("Value error, ").strip()
    if kind in _DATE_KINDS or detail.endswith("value string does not match spec regex."):
        return _DATE
    return Text(f"жарамсыз мән: {detail}", f"недопустимое значение: {detail}", f"invalid value: {detail}")
