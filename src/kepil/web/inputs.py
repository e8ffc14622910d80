"""What every page's input must be before a page reads it: text without a NUL character.

PostgreSQL's text cannot hold NUL (0x00), so a NUL in any query parameter, path segment or form field that
reaches a query would be a database error (500) instead of an answer. No field of kepil's (an IIN, a code,
a date, a reason) has one: the page answers 422 naming the field."""

from __future__ import annotations

from fastapi import Request

from kepil.i18n import Text

TEXTS: dict[str, Text] = {
    "bad_character": Text("Жарамсыз таңба", "Недопустимый символ", "A character not allowed"),
    "nul_in_field": Text(
        "«{field}» өрісінде NUL таңбасы (0x00) бар: оны алып тастап, қайта жіберіңіз.",
        "Поле «{field}» содержит символ NUL (0x00): уберите его и отправьте ещё раз.",
        "The field “{field}” holds a NUL character (0x00): remove it and send again.",
    ),
}  # fmt: skip


class NulInField(Exception):
    """A NUL character in a page's input: 422 naming the field."""

    def __init__(self, field: str) -> None:
        super().__init__(field)
        self.field = field


def _first_with_nul(items: list[tuple[str, object]]) -> str | None:
    for name, value in items:
        if "\x00" in name:
            return "?"
        if isinstance(value, str) and "\x00" in value:
            return name
    return None


async def no_nul(request: Request) -> None:
    """A dependency of every page route: refuses a NUL in the path, the query or a posted form."""
    if "\x00" in request.url.path:
        raise NulInField("path")
    field = _first_with_nul(list(request.path_params.items())) or _first_with_nul(
        list(request.query_params.multi_items())
    )
    if field is None and request.method == "POST":
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()  # Starlette keeps it: the page's own request.form() reads the same
            field = _first_with_nul(list(form.multi_items()))
    if field is not None:
        raise NulInField(field)
