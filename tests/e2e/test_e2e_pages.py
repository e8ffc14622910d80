"""The pages as a person uses them, in headless Chromium on the demonstration data (`kepil demo`): signing in
by the demo buttons, the coverage check (program-2026-2028), an attachment application
(phc-attachment-rules 10.2), the monitoring dashboard and drill-down (monitoring-rules app1, 26, 53), the
caps heatmap (app. 1), the access scorecard (79), medicines (drug-rules 18-22), the law and a clause; the
languages, the keyboard, a phone's width and a role refused."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from kepil.web.texts import COMMON

IIN = "850412312347"  # born 1985-04-12, male (the public coverage cases' person)
ROLE_ORG = {"admin": False, "analyst": False, "registrar": True, "provider": True}


@pytest.mark.parametrize("role", ["admin", "analyst", "registrar", "provider"])
def test_sign_in_through_the_demo_button_of_each_role(
    page: Any, sign_in: Callable[..., Any], about: dict[str, Any], role: str
) -> None:
    sign_in(role)
    who = page.locator("header .who")
    expect(who).to_contain_text(COMMON[f"role_{role}"]["kk"])  # Kazakh is the default language
    if role == "registrar":
        expect(who).to_contain_text(about["attachments"]["registrar"])
    if role == "provider":
        expect(who).to_contain_text(about["monitoring"]["provider"])
    page.locator("header form[action='/logout'] button").click()
    expect(page.locator("header .who")).to_have_count(0)


def test_coverage_covered_with_its_package_clauses_and_trace_program_4(
    page: Any, sign_in: Callable[..., Any], fill: Callable[..., None]
) -> None:
    # the public case 01: a citizen's ambulance call is covered by the GVFMC (program-2026-2028 4)
    sign_in("analyst", "/coverage")
    expect(page).to_have_url(re.compile(r"/coverage$"))
    fill(page.locator("#coverage-form"), iin=IIN, residency="citizen", insured="no", attached="yes",
         kind="ambulance", form="emergency", icd10="I21.0", date="2026-05-10")  # fmt: skip
    page.locator("#coverage-form button[type='submit']").click()
    answer = page.locator("div.answer")
    expect(answer).to_have_attribute("data-covered", "true")
    expect(answer).to_have_class(re.compile(r"\byes\b"))
    expect(answer).to_have_attribute("data-package", "gvfmc")
    expect(page.locator("a.cite").first).to_be_visible()
    trace = page.locator("details#trace")
    trace.locator("summary").click()
    expect(trace).to_have_attribute("open", "")
    # the clause link opens the clause's text
    page.locator("#answer a.cite, div.answer a.cite, a.cite").first.click()
    expect(page.locator("blockquote.clause")).to_be_visible()


def test_coverage_not_covered_day_hospital_without_insurance(
    page: Any, sign_in: Callable[..., Any], fill: Callable[..., None]
) -> None:
    # the public case 07: planned day-hospital care for M17.1 needs CSHI participation
    sign_in("registrar", "/coverage")
    fill(page.locator("#coverage-form"), iin=IIN, residency="citizen", insured="no", attached="yes",
         kind="day_hospital", form="planned", icd10="M17.1", date="2026-03-02")  # fmt: skip
    page.locator("#coverage-form button[type='submit']").click()
    answer = page.locator("div.answer")
    expect(answer).to_have_attribute("data-covered", "false")
    expect(answer).to_have_class(re.compile(r"\bno\b"))


def test_coverage_invalid_iin_is_named_beside_the_field(
    page: Any, sign_in: Callable[..., Any], fill: Callable[..., None]
) -> None:
    sign_in("provider", "/coverage")
    fill(
        page.locator("#coverage-form"),
        iin="850412312348",
        residency="citizen",
        kind="ambulance",
        date="2026-05-10",
    )
    page.locator("#coverage-form button[type='submit']").click()
    iin = page.locator("#coverage-form [name='iin']")
    expect(iin).to_have_attribute("aria-invalid", "true")
    described = iin.get_attribute("aria-describedby") or ""
    errors = [page.locator(f"[id='{i}']") for i in described.split()]
    alerts = [e for e in errors if e.get_attribute("role") == "alert"]
    assert alerts, f"the IIN's error is not tied to the field: {described!r}"
    expect(alerts[0]).to_be_visible()
    expect(page.locator("div.answer")).to_have_count(0)


def test_the_iin_fills_birth_date_and_sex(page: Any, sign_in: Callable[..., Any]) -> None:
    sign_in("analyst", "/coverage")
    iin = page.locator("#coverage-form [name='iin']")
    iin.fill(IIN)
    iin.press("Tab")  # the change event
    expect(page.locator("#coverage-form [name='birth_date']")).to_have_value("1985-04-12")
    expect(page.locator("#coverage-form [name='sex']")).to_have_value("male")


def test_registrar_submits_an_attachment_and_sees_it_in_the_history_10_2(
    page: Any, sign_in: Callable[..., Any], about: dict[str, Any], snap: Callable[[Any, str], None]
) -> None:
    a = about["attachments"]
    sign_in("registrar", "/persons")
    page.locator("#person-search [name='iin']").fill(a["free_iin"])
    page.locator("#person-search [type='submit']").click()
    expect(page).to_have_url(re.compile(rf"/persons/{a['free_iin']}"))
    snap(page, "person-before")
    form = page.locator("#attach-form")
    form.locator("[name='ground']").select_option("free_choice")
    form.locator("[name='date']").fill("2026-07-01")
    for name, value in (("person_category", "citizen"), ("residence_atu", a["registrar_atu"])):
        field = form.locator(f"[name='{name}']")
        if field.count():
            if field.evaluate("e => e.tagName") == "SELECT":
                field.select_option(value)
            else:
                field.fill(value)
    for name in ("channel", "applicant"):  # keep the form's defaults, but they must be there
        expect(form.locator(f"[name='{name}']")).to_have_count(1)
    for box in form.locator("li.pp-needed input[name='documents']").all():
        box.check()
    form.locator("button[type='submit']:not([formmethod])").click()
    expect(page.locator("p#attached[role='status']")).to_be_visible()
    history = page.locator("#table-history")
    expect(history).to_contain_text(a["registrar_name"])
    expect(history).to_contain_text("01.07.2026")


def test_monitoring_national_then_a_code_then_a_claim(
    page: Any, sign_in: Callable[..., Any], snap: Callable[[Any, str], None]
) -> None:
    sign_in("analyst", "/monitoring")
    expect(page.locator("form#monitoring-filters")).to_be_visible()
    by_code = page.locator("#table-by_code")
    expect(by_code.locator("tbody tr").first).to_be_visible()
    assert page.locator("svg.chart").count() >= 1
    expect(page.locator("svg.chart title").first).not_to_be_empty()
    snap(page, "national")
    by_code.locator("tbody tr a").first.click()
    expect(page).to_have_url(re.compile(r"/monitoring/defects\?"))
    snap(page, "drill-down")
    page.locator("a[href^='/monitoring/claims/']").first.click()
    expect(page).to_have_url(re.compile(r"/monitoring/claims/"))
    expect(page.locator("#table-claim_defects tbody tr").first).to_be_visible()


def test_provider_sees_its_own_claim_defects(
    page: Any, sign_in: Callable[..., Any], about: dict[str, Any]
) -> None:
    m = about["monitoring"]
    sign_in("provider", f"/monitoring/claims/{m['claim_id']}")
    expect(page.locator("#table-claim_defects tbody tr").first).to_be_visible()


def test_caps_heatmap_app1(page: Any, sign_in: Callable[..., Any]) -> None:
    sign_in("analyst", "/caps")
    heatmap = page.locator("table#heatmap")
    expect(heatmap).to_be_visible()
    assert heatmap.locator("tbody tr").count() >= 1
    expect(heatmap.locator("th[scope='row']").first).to_be_visible()
    expect(page.locator("a.cite").first).to_be_visible()


def test_access_scorecard_79(page: Any, sign_in: Callable[..., Any]) -> None:
    sign_in("analyst", "/access")
    scorecard = page.locator("table#scorecard")
    expect(scorecard).to_be_visible()
    assert scorecard.locator("tbody tr").count() >= 1
    expect(page.locator("a.cite").first).to_be_visible()


def test_medicines_need_and_request_drug_rules_18_22(page: Any, sign_in: Callable[..., Any]) -> None:
    sign_in("admin", "/medicines")
    expect(page.locator("#table-need tbody tr").first).to_be_visible()
    expect(page.locator("#table-request tbody tr").first).to_be_visible()


def test_the_law_an_act_and_a_clause_without_signing_in(page: Any) -> None:
    page.goto("/law")
    acts = page.locator("#table-acts")
    expect(acts.locator("a[href='/law/program-2026-2028']")).to_have_count(1)  # by its short title
    acts.locator("a[href='/law/program-2026-2028']").first.click()
    expect(page).to_have_url(re.compile(r"/law/program-2026-2028$"))
    page.goto("/law/program-2026-2028/clause/79.4")
    quote = page.locator("blockquote.clause")
    expect(quote).to_be_visible()
    expect(quote).to_have_attribute("lang", "kk")
    assert re.search(r"[әіңғүұқөһ]", quote.inner_text().lower()), "the clause is shown in Kazakh"


def test_switching_the_language_to_ru_and_en_and_back(page: Any, sign_in: Callable[..., Any]) -> None:
    sign_in("analyst", "/monitoring")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "kk")
    expect(page.locator("a.skip")).to_have_text(COMMON["skip"]["kk"])
    for lang in ("ru", "en", "kk"):
        page.locator(f"nav.langs a[hreflang='{lang}']").click()
        expect(html).to_have_attribute("lang", lang)
        expect(page.locator("a.skip")).to_have_text(COMMON["skip"][lang])
        expect(page).to_have_url(re.compile(r"/monitoring"))
    page.goto("/coverage")  # the choice is remembered
    expect(html).to_have_attribute("lang", "kk")


def test_keyboard_reaches_the_skip_link_and_the_form_fields(page: Any, sign_in: Callable[..., Any]) -> None:
    sign_in("analyst", "/coverage")
    page.goto("/coverage")
    page.keyboard.press("Tab")
    expect(page.locator("a.skip")).to_be_focused()
    page.keyboard.press("Enter")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.name") == "iin":
            break
    expect(page.locator("#coverage-form [name='iin']")).to_be_focused()
    page.keyboard.type(IIN)
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.name") == "kind":
            break
    expect(page.locator("#coverage-form [name='kind']")).to_be_focused()


@pytest.mark.parametrize(
    ("role", "path"),
    [
        (None, "/"),
        (None, "/law"),
        ("analyst", "/coverage"),
        ("analyst", "/monitoring"),
        ("analyst", "/caps"),
        ("analyst", "/access"),
        ("analyst", "/medicines"),
        ("registrar", "/persons"),
    ],
)
def test_phone_width_has_no_horizontal_page_scroll(
    page: Any, sign_in: Callable[..., Any], role: str | None, path: str
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    if role:
        sign_in(role, path)
    else:
        page.goto(path)
    expect(page.locator("main h1")).to_be_visible()
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{path} is {width[0]} px wide on a 390 px phone"


@pytest.mark.parametrize("path", ["/caps", "/access", "/medicines"])
def test_a_long_source_path_wraps_instead_of_widening_the_phone_page(
    page: Any, sign_in: Callable[..., Any], path: str
) -> None:
    """The stored-report line names its source file, whose path is as long as the server's directories
    (a CI checkout's was 11 px too wide for a 390 px phone): it must wrap."""
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in("analyst", path)
    line = page.locator("main p.muted").first
    expect(line).to_be_visible()
    line.evaluate("(p, tail) => { p.textContent = p.textContent + ' /check/work/main/' + tail; }", "x" * 120)
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{path} is {width[0]} px wide on a 390 px phone"


def test_registrar_opening_caps_gets_the_403_page(page: Any, sign_in: Callable[..., Any]) -> None:
    sign_in("registrar")
    response = page.goto("/caps")
    assert response is not None and response.status == 403
    expect(page.locator("main h1")).to_have_text(COMMON["forbidden"]["kk"])
