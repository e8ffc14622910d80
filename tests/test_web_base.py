"""The pages' frame (issue 7): languages, sign-in with an API key, roles, exports, KZ number formats."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from kepil.i18n import Text
from kepil.web import format as fmt
from kepil.web.export import export_response
from kepil.web.tables import Column, Table, shown


def test_kazakh_is_the_default_language_and_lang_switch_is_remembered(api) -> None:  # type: ignore[no-untyped-def]
    c = api.page_client()
    assert '<html lang="kk">' in c.get("/").text
    r = c.get("/?lang=ru")
    assert '<html lang="ru">' in r.text and r.cookies.get("kepil_lang") == "ru"
    assert '<html lang="en">' in api.page_client(lang="en").get("/").text


@pytest.fixture
def api(api):  # type: ignore[no-untyped-def]
    """The service with one PHC organisation, ORG1, for registrar keys."""
    body = {"id": "ORG1", "name": "ORG1", "region": "astana", "atu": "astana-esil", "phc": True}
    assert api.as_("admin").put("/v1/providers/ORG1", json=body).status_code == 201
    return api


def _analyst_page(api) -> None:  # type: ignore[no-untyped-def]
    from fastapi import Depends

    from kepil.web.session import page_access

    @api.app.get("/_analysts_only")
    async def only(who=Depends(page_access("analyst"))) -> dict[str, str]:  # type: ignore[no-untyped-def]
        return {"role": who.role}


def test_a_page_for_a_role_redirects_to_sign_in_and_back(api) -> None:  # type: ignore[no-untyped-def]
    _analyst_page(api)
    r = api.page_client().get("/_analysts_only?period=2026-03")
    assert r.status_code == 303 and r.headers["location"] == "/login?next=/_analysts_only%3Fperiod%3D2026-03"


def test_a_role_the_page_does_not_allow_gets_403_in_its_language(api) -> None:  # type: ignore[no-untyped-def]
    _analyst_page(api)
    r = api.page_client("registrar", "ORG1", lang="ru").get("/_analysts_only")
    assert r.status_code == 403 and "недоступна вашей роли" in r.text
    assert api.page_client("admin").get("/_analysts_only").json() == {"role": "admin"}


def test_sign_in_sets_an_httponly_strict_cookie_and_refuses_a_bad_key(api) -> None:  # type: ignore[no-untyped-def]
    c = api.page_client(lang="en")
    bad = c.post("/login", data={"key": "kepil_nope", "next": "/"})
    assert bad.status_code == 401 and "not valid" in bad.text
    ok = c.post("/login", data={"key": api.key("analyst"), "next": "/caps"})
    assert ok.status_code == 303 and ok.headers["location"] == "/caps"
    cookie = ok.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie


def test_sign_in_never_redirects_off_site(api) -> None:  # type: ignore[no-untyped-def]
    r = api.page_client().post("/login", data={"key": api.key("analyst"), "next": "https://evil.example/"})
    assert r.headers["location"] == "/"


def test_menu_follows_the_role(api) -> None:  # type: ignore[no-untyped-def]
    registrar = api.page_client("registrar", "ORG1", lang="en").get("/").text
    assert 'href="/persons"' in registrar and 'href="/caps"' not in registrar
    analyst = api.page_client("analyst", lang="en").get("/").text
    assert 'href="/caps"' in analyst and 'href="/monitoring"' in analyst


def test_iin_helper_reads_birth_date_and_sex(api) -> None:  # type: ignore[no-untyped-def]
    from kepil.reference.iin import make_iin

    iin = make_iin(dt.date(2008, 3, 22), "female")
    assert api.page_client().get(f"/ui/iin/{iin}").json() == {"birth_date": "2008-03-22", "sex": "female"}
    bad = api.page_client(lang="ru").get("/ui/iin/123456789012")
    assert bad.status_code == 422 and bad.json()["field"] == "iin"


@pytest.mark.parametrize(
    ("value", "text"),
    [(1234567, "1\u00a0234\u00a0567"), (0, "0"), (None, "—")],
)
def test_numbers_are_grouped_with_a_no_break_space(value, text) -> None:  # type: ignore[no-untyped-def]
    assert fmt.number(value) == text


def test_money_dates_and_percents_as_kazakhstan_writes_them() -> None:
    assert fmt.money(123456789) == "1\u00a0234\u00a0567,89\u00a0₸"
    assert fmt.money(-5) == "−0,05\u00a0₸"
    assert fmt.date(dt.date(2027, 1, 1)) == "01.01.2027"
    assert fmt.date("2026-03-22") == "22.03.2026"
    assert fmt.percent(0.125) == "12,5\u00a0%"


def _table() -> Table:
    cols = [Column("region", Text("Өңір", "Регион", "Region")), Column("sum", Text("С", "С", "Sum"), "money")]
    return Table("t", Text("Кесте", "Таблица", "Table"), cols, [{"region": "Абай", "sum": 12345}])


def test_csv_export_has_a_bom_headers_in_the_language_and_money_in_tenge() -> None:
    body = export_response(_table(), "csv", "ru").body
    assert body.startswith("\ufeff".encode())
    assert body.decode("utf-8-sig").splitlines() == ["Регион,С", "Абай,123.45"]


def test_xlsx_export_opens_with_the_same_cells() -> None:
    body = export_response(_table(), "xlsx", "kk").body
    ws = load_workbook(io.BytesIO(bytes(body))).active
    assert [[c.value for c in row] for row in ws.iter_rows()] == [["Өңір", "С"], ["Абай", 123.45]]


def test_a_browser_gets_an_html_404_in_its_language_and_the_api_keeps_json(api) -> None:  # type: ignore[no-untyped-def]
    browser = api.page_client(lang="ru").get("/no-such-page", headers={"accept": "text/html"})
    assert browser.status_code == 404 and "Не найдено" in browser.text and "<html" in browser.text
    client = api.page_client().get("/v1/no-such", headers={"accept": "text/html"})
    assert client.status_code == 404 and client.json()["error"]["code"] == "not_found"


def test_home_shows_a_newcomer_every_page_with_the_roles_that_open_it(api) -> None:  # type: ignore[no-untyped-def]
    text = api.page_client(lang="en").get("/").text
    for path in ("/coverage", "/persons", "/monitoring", "/caps", "/access", "/medicines", "/law"):
        assert f'href="{path}"' in text
    assert "Sign in as: analyst" in text and "Open without signing in" in text


def test_a_demonstration_server_offers_a_sign_in_per_role_on_the_home_page(
    api, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    import json

    keys = tmp_path / "keys.json"
    keys.write_text(json.dumps([{"role": "analyst", "organisation": None, "key": api.key("analyst")}]))
    monkeypatch.setenv("KEPIL_DEMO_KEYS", str(keys))
    text = api.page_client(lang="en").get("/").text
    assert 'data-role="analyst"' in text and "demonstration server" in text
    assert 'data-role="analyst"' not in api.page_client("analyst").get("/").text  # signed in: no buttons


def test_a_long_table_shows_its_first_rows_and_says_the_files_hold_all() -> None:
    from kepil.web.render import env, translator

    macro = env.from_string(
        '{% from "macros.html" import data_table %}{{ data_table(tb, "en", t, shown, export_url, limit=2) }}'
    )
    tb = _table()
    tb.rows = [{"region": f"R{i}", "sum": i} for i in range(5)]
    html = macro.render(tb=tb, t=translator({}, "en"), shown=shown, export_url=lambda n, f: f"?{n}.{f}")
    assert html.count("<tr>") == 3  # the header and two rows
    assert "2 of 5 rows shown · all of them in the CSV and XLSX files" in html


def test_the_header_names_a_registrars_organisation(api) -> None:  # type: ignore[no-untyped-def]
    body = {"id": "ORG1", "name": "Емхана №1", "region": "astana", "atu": "astana-esil", "phc": True}
    assert api.as_("admin").put("/v1/providers/ORG1", json=body).status_code == 200
    header = api.page_client("registrar", "ORG1", lang="en").get("/").text.split("</header>", 1)[0]
    assert "registrar · Емхана №1 (ORG1)" in header
