"""What the stored-report pages (/caps, /access, /medicines) share: reading a stored report off the event
loop, the scope selector's words and the empty state. The pages read stored reports only; the commands
(`--store`) compute them."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from kepil.api.threads import in_store_thread
from kepil.i18n import Text
from kepil.store.reports import Report, load_report, report_scopes

TEXTS: dict[str, Text] = {
    "scope": Text("Кезең", "Период", "Scope"),
    "apply": Text("Көрсету", "Показать", "Show"),
    "stored_at": Text("Есеп {created} сақталған, көзі: {source}",
                      "Отчёт сохранён {created}, источник: {source}",
                      "Report stored {created} from {source}"),
    "empty": Text("Сақталған есеп әлі жоқ. Оны мына команда сақтайды:",
                  "Сохранённого отчёта ещё нет. Его сохраняет команда:",
                  "No report is stored yet. This command stores one:"),
    "bad_scope": Text("{value}: мұндай кезеңнің есебі сақталмаған (барлары: {known})",
                      "{value}: отчёта за такой период нет (есть: {known})",
                      "{value}: no report is stored for this scope (stored: {known})"),
    "bad_value": Text("{value}: рұқсат етілген мәндер: {allowed}", "{value}: допустимые значения: {allowed}",
                      "{value}: allowed values: {allowed}"),
    "law": Text("Құқықтық негіз", "Правовое основание", "The law"),
    "totals": Text("Қорытынды", "Итоги", "Totals"),
    "filters": Text("Сүзгілер", "Фильтры", "Filters"),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class FieldError:
    """A bad query value: the field it names and the message (in the viewer's language, on the page)."""

    field: str
    text: Text


async def stored(request: Request, kind: str, scope: str | None) -> tuple[Report | None, list[str]]:
    """The report of `kind` for `scope` (the newest when None) and every stored scope, newest first."""
    engine = request.app.state.engine
    scopes = await in_store_thread(report_scopes, engine, kind)
    if scope is not None and scope not in scopes:
        return None, scopes
    return await in_store_thread(load_report, engine, kind, scope), scopes


def bad_scope(value: str, scopes: list[str]) -> FieldError:
    return FieldError("scope", TEXTS["bad_scope"].format(value=repr(value), known=", ".join(scopes) or "—"))


def bad_value(field: str, value: str, allowed: tuple[str, ...] | list[str]) -> FieldError:
    return FieldError(field, TEXTS["bad_value"].format(value=repr(value), allowed=", ".join(allowed)))
