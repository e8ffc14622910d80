"""The home page, signing in and out, and the IIN helper the forms' script calls."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from kepil.api.auth import principal_of_key
from kepil.i18n import Text
from kepil.reference.iin import parse_iin
from kepil.web.nav import NAV, menu
from kepil.web.render import lang_of, page
from kepil.web.session import COOKIE, viewer
from kepil.web.texts import COMMON

router = APIRouter(include_in_schema=False)
DEMO_KEYS_ENV = "KEPIL_DEMO_KEYS"

TEXTS: dict[str, Text] = {
    "home": Text("kepil", "kepil", "kepil"),
    "intro": Text(
        "Тегін медициналық көмектің кепілдік берілген көлемі (ТМККК) мен міндетті әлеуметтік медициналық "
        "сақтандыру (МӘМС) 2026–2028: әр шешім заңның тармағына сілтейді.",
        "Гарантированный объём бесплатной медицинской помощи (ГОБМП) и обязательное социальное медицинское "
        "страхование (ОСМС) на 2026–2028 годы: каждое решение ссылается на пункт закона.",
        "The guaranteed volume of free medical care (GVFMC) and compulsory social health insurance (CSHI) "
        "for 2026–2028: every decision cites its clause of the law.",
    ),
    "nav_coverage_about": Text("Көмек тегін бе, қай пакет бойынша, неге?",
                               "Покрыта ли помощь, каким пакетом, почему?",
                               "Is this care covered, by which package, why?"),
    "nav_persons_about": Text("Тіркелу тарихы және тіркелуге өтініш", "История прикрепления и заявление",
                              "Attachment history and an attachment application"),
    "nav_monitoring_about": Text("Ақаулар, айыппұлдар, қарсылықтар мен қайтарулар",
                                 "Дефекты, штрафы, возражения и возвраты",
                                 "Defects, penalties, objections and refunds"),
    "nav_payments_about": Text("Айдың сомалары 2-қосымшаның әдістері мен тармақтары бойынша",
                               "Суммы месяца по методам и пунктам приложения 2",
                               "The month's amounts by the methods and items of appendix 2"),
    "nav_caps_about": Text("Өңір × бейін бойынша пайдалану", "Использование по регионам и профилям",
                           "Utilisation by region and bed profile"),
    "nav_access_about": Text("Тоғыз өлшемшарт өңірлер бойынша", "Девять критериев по регионам",
                             "The nine criteria by region"),
    "nav_medicines_about": Text("Өңірлік қажеттілік және бюджеттік өтінім",
                                "Региональная потребность и бюджетная заявка",
                                "Regional need and the budget request"),
    "nav_law_about": Text("Актілер, параметрлер, кестелер және тармақтар",
                          "Акты, параметры, таблицы и пункты",
                          "Acts, parameters, tables and clauses"),
    "login": Text("Кіру", "Вход", "Sign in"),
    "needs_role": Text("Кіру қажет: {roles}", "Нужен вход: {roles}", "Sign in as: {roles}"),
    "public": Text("Кірусіз ашық", "Открыто без входа", "Open without signing in"),
    "iin_invalid": Text("ЖСН жарамсыз", "ИИН недействителен", "The IIN is not valid"),
}  # fmt: skip


def demo_keys() -> list[dict[str, Any]]:
    """The demonstration keys `kepil demo` wrote (role, organisation, key), offered on the sign-in page;
    none unless KEPIL_DEMO_KEYS names that file (only a demonstration server sets it)."""
    path = os.environ.get(DEMO_KEYS_ENV)
    if not path or not Path(path).is_file():
        return []
    data: list[dict[str, Any]] = json.loads(Path(path).read_text(encoding="utf-8"))
    return data


def _safe_next(target: str) -> str:
    """Only a path of this site (no scheme, no host): an open redirect would help phishing. A backslash or a
    control character is refused too: browsers read "/\\evil.example" as "//evil.example" and drop tabs."""
    parts = urlsplit(target or "/")
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    if "\\" in target or any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in target):
        return "/"
    return target


@router.get("/")
async def home(request: Request) -> Response:
    """Signed in: the pages of the viewer's role. Not signed in: every page with the roles that open it
    (and, on a demonstration server, a sign-in button per role), so that a newcomer sees the whole system."""
    who = await viewer(request)
    lang = lang_of(request)
    items = menu(who) if who is not None else list(NAV)

    def role_names(roles: tuple[str, ...]) -> str:
        return ", ".join(COMMON[f"role_{r}"][lang] for r in roles)

    keys = demo_keys() if who is None else []
    return page(
        request, "home.html", TEXTS, who, "home", items=items, demo_keys=keys, role_names=role_names, next="/"
    )


@router.get("/login")
async def login_form(request: Request, next: str = "/") -> Response:
    return page(request, "login.html", TEXTS, await viewer(request), "login", next=_safe_next(next),
                error=None, demo_keys=demo_keys())  # fmt: skip


@router.post("/login")
async def login(request: Request, key: str = Form(""), next: str = Form("/")) -> Response:
    key = key.strip()
    who = await principal_of_key(request, key) if key else None
    if who is None:
        return page(request, "login.html", TEXTS, None, "login", status=401, next=_safe_next(next),
                    error=COMMON["bad_key"][lang_of(request)], demo_keys=demo_keys())  # fmt: skip
    response = RedirectResponse(_safe_next(next), status_code=303)
    secure = request.url.scheme == "https"
    response.set_cookie(COOKIE, key, httponly=True, samesite="strict", secure=secure, max_age=12 * 3600)
    return response


@router.post("/logout")
async def logout() -> Response:
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(COOKIE)
    return response


@router.get("/ui/iin/{iin}")
async def iin_facts(request: Request, iin: str) -> Response:
    """What an IIN's digits tell (birth date, sex), for the forms to fill in; 422 when not valid."""
    info = parse_iin(iin)
    if not info.valid:
        return JSONResponse({"field": "iin", "message": TEXTS["iin_invalid"][lang_of(request)]}, 422)
    born = info.birth_date.isoformat() if info.birth_date else None
    return JSONResponse({"birth_date": born, "sex": info.sex})
