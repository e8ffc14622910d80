"""/payments: a stored month's payment (`kepil pay --store`; `program-2026-2028` 77 and appendix 2) by
method, region and organisation, with what each method paid and withheld, and the monitoring's penalties
and refunds beside the amounts they reduce (`monitoring-rules` 53-2: they do not stop or limit the current
payments). The Fund's analyst sees every organisation; a provider sees its own. Every table downloads."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from kepil.api.threads import in_store_thread
from kepil.i18n import Lang, Text
from kepil.law.program_2026_2028 import payment_methods as pm
from kepil.law.program_2026_2028.payment.methods import ACT, METHODS
from kepil.reports.payment import payment_view
from kepil.store.keys import ORGANISATION_ROLES, Principal
from kepil.store.providers import organisation_names
from kepil.web.nav import clause_href
from kepil.web.pages.stored import TEXTS as STORED
from kepil.web.pages.stored import FieldError, bad_scope
from kepil.web.params import region_name
from kepil.web.render import lang_of, page
from kepil.web.session import page_access
from kepil.web.tables import Column, Table

router = APIRouter(include_in_schema=False)

TEXTS: dict[str, Text] = STORED | {
    "payments_title": Text("Медициналық қызметтерге ақы төлеу", "Оплата медицинских услуг",
                           "Payment for medical services"),
    "intro": Text("Айдың сомалары 2-қосымшадағы төлем әдістері бойынша (77-тармақ), әр жол 2-қосымшаның "
                  "тармағына сілтейді. Мониторинг айыппұлдары мен қайтарымдар өздері азайтатын сомалардың "
                  "жанында көрсетіледі: олар ағымдағы төлемдерді тоқтатпайды және шектемейді (53-2).",
                  "Суммы месяца по методам оплаты приложения 2 (п. 77), каждая строка ссылается на пункт "
                  "приложения 2. Штрафы мониторинга и возвраты показаны рядом с суммами, которые они "
                  "уменьшают: они не приостанавливают и не ограничивают текущие платежи (53-2).",
                  "The month's amounts by the payment methods of appendix 2 (clause 77), each row citing its "
                  "item. The monitoring's penalties and refunds are shown beside the amounts they reduce: "
                  "they do not stop or limit the current payments (53-2)."),
    "by_method": Text("Әдістер бойынша", "По методам", "By method"),
    "by_region": Text("Өңірлер бойынша", "По регионам", "By region"),
    "by_provider": Text("Ұйымдар бойынша", "По организациям", "By organisation"),
    "rows_table": Text("Ұйымдар, әдістер және 2-қосымшаның тармақтары",
                       "Организации, методы и пункты приложения 2",
                       "Organisations, methods and items of appendix 2"),
    "method": Text("Әдіс", "Метод", "Method"),
    "region": Text("Өңір", "Регион", "Region"),
    "provider": Text("Ұйым", "Организация", "Organisation"),
    "item": Text("2-қосымша тармағы", "Пункт прил. 2", "App. 2 item"),
    "claims": Text("Жағдайлар", "Случаи", "Claims"),
    "amount": Text("Төлеуге, ₸", "К оплате, ₸", "Due, ₸"),
    "withheld": Text("Ұсталды (6.2), ₸", "Удержано (6.2), ₸", "Withheld (6.2), ₸"),
    "unpriced": Text("Бағасыз", "Без цены", "Unpriced"),
    "penalty": Text("Мониторинг айыппұлдары, ₸", "Штрафы мониторинга, ₸", "Monitoring penalties, ₸"),
    "refund": Text("Қайтарымдар (53-1), ₸", "Возвраты (53-1), ₸", "Refunds (53-1), ₸"),
    "net": Text("Шегерімдерден кейін (анықтама), ₸", "За вычетом (справочно), ₸",
                "Net of deductions (for information), ₸"),
    "no_method": Text("(әдіс жоқ)", "(нет метода)", "(no method)"),
    "unnumbered": Text("нөмірсіз жол", "строка без номера", "unnumbered row"),
    "k_due": Text("Төлеуге", "К оплате", "Due"),
    "k_withheld": Text("Ұсталды", "Удержано", "Withheld"),
    "k_unpriced": Text("Бағасыз жолдар", "Строк без цены", "Unpriced rows"),
    "k_penalty": Text("Айыппұлдар мен қайтарымдар", "Штрафы и возвраты", "Penalties and refunds"),
    "no_rows": Text("Ақы төлеу әлі сақталмаған", "Оплата ещё не сохранена", "No payment is stored yet"),
    "command": Text(*(["kepil pay --claims CLAIMS.parquet --tariffs BOOK.yaml --out AMOUNTS.parquet "
                       "--period YYYY-MM --database-url URL --store"] * 3)),
}  # fmt: skip


def _money_columns() -> list[Column]:
    return [
        Column("claims", TEXTS["claims"], "int"),
        Column("amount_tiyn", TEXTS["amount"], "money"),
        Column("withheld_tiyn", TEXTS["withheld"], "money"),
        Column("unpriced", TEXTS["unpriced"], "int"),
    ]


@cache
def _method_names() -> dict[str, Text]:
    """A method's name by its code: kepil's methods (`METHODS`), then the items of appendix 2 (the
    organisations' per-capita rows and supplements are named by their app2 item)."""
    names = {m.code: m.name for d in pm.directions(include_unnumbered=True) for m in d.methods}
    return names | {code: m.name for code, m in METHODS.items()}


def method_text(code: str | None, lang: Lang) -> str:
    """The method as a person reads it (never its code): its name, or "(no method)"."""
    if code is None:
        return TEXTS["no_method"][lang]
    name = _method_names().get(code)
    return name[lang] if name is not None else code


def item_text(clause: str | None, item: int | None, lang: Lang) -> str:
    """The cited item of appendix 2 as the page says it: "4.1" (the column names the appendix)."""
    if not clause:
        return "—"
    row = clause.removeprefix("app2").lstrip(".")
    return f"{row}.{item}" if row and item is not None else TEXTS["unnumbered"][lang]


def _item_href(row: dict[str, Any]) -> str | None:
    """The cited item's text in the act (/law/program-2026-2028/clause/app2.3.1)."""
    if not row["clause"]:
        return None
    return clause_href(ACT, row["clause"] if row["item"] is None else f"{row['clause']}.{row['item']}")


def _provider_text(names: dict[str, str]) -> Callable[[str | None], str]:
    return lambda p: "—" if p is None else (f"{names[p]} ({p})" if p in names else p)


def _tables(view: dict[str, Any], lang: Lang, names: dict[str, str]) -> list[Table]:
    who = _provider_text(names)
    method_rows = [r | {"method_text": method_text(r["method"], lang)} for r in view["by_method"]]
    region_rows = [
        r | {"region_name": region_name(r["region"])[lang] if r["region"] else "—"} for r in view["by_region"]
    ]
    provider_rows = [r | {"provider_text": who(r["provider_id"])} for r in view["by_provider"]]
    detail = [
        r | {"method_text": method_text(r["method"], lang), "provider_text": who(r["provider_id"]),
             "item_text": item_text(r["clause"], r["item"], lang)}
        for r in view["rows"]
    ]  # fmt: skip
    return [
        Table("by_method", TEXTS["by_method"], [Column("method_text", TEXTS["method"]), *_money_columns()],
              method_rows),
        Table("by_region", TEXTS["by_region"], [Column("region_name", TEXTS["region"]), *_money_columns()],
              region_rows),
        Table("by_provider", TEXTS["by_provider"], [
            Column("provider_text", TEXTS["provider"]), *_money_columns(),
            Column("penalty_tiyn", TEXTS["penalty"], "money"),
            Column("refund_tiyn", TEXTS["refund"], "money"),
            Column("net_of_deductions_tiyn", TEXTS["net"], "money"),
        ], provider_rows),
        Table("rows", TEXTS["rows_table"], [
            Column("provider_text", TEXTS["provider"]), Column("method_text", TEXTS["method"]),
            Column("item_text", TEXTS["item"], href=_item_href), *_money_columns(),
        ], detail),
    ]  # fmt: skip


@router.get("/payments")
async def payments_page(
    request: Request,
    scope: str | None = None,
    who: Principal = Depends(page_access("analyst", "fund", "provider")),
) -> Response:
    lang = lang_of(request)
    own = who.organisation_id if who.role in ORGANISATION_ROLES else None
    view = await in_store_thread(payment_view, request.app.state.engine, scope or None, own)
    errors: list[FieldError] = []
    if scope and view["report"] is None:
        errors.append(bad_scope(scope, view["periods"]))
    ctx: dict[str, Any] = {
        "report": view["report"], "scopes": view["periods"], "scope": view["period"], "kpis": None,
        "errors": {e.field: e.text[lang] for e in errors},
    }  # fmt: skip
    if errors or view["report"] is None:
        return page(
            request, "payments.html", TEXTS, who, "payments_title", status=422 if errors else 200, **ctx
        )
    providers = view["by_provider"]
    ctx["kpis"] = {
        "due": sum(p["amount_tiyn"] for p in providers),
        "withheld": sum(p["withheld_tiyn"] for p in providers),
        "unpriced": sum(p["unpriced"] for p in providers),
        "deductions": sum(p["penalty_tiyn"] + p["refund_tiyn"] for p in providers),
    }
    ids = [p["provider_id"] for p in providers if p["provider_id"]]
    names = await in_store_thread(organisation_names, request.app.state.engine, ids)
    tables = _tables(view, lang, names)
    return page(request, "payments.html", TEXTS, who, "payments_title", tables=tables, **ctx)
