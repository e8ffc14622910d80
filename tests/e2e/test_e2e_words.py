"""Kazakh and Russian all the way down (issue 18): every page, in its main states, read in headless
Chromium in kk and ru, holds no identifier-shaped word — no snake_case or dotted code, no English unit
(`count`, `mg`), no dict/JSON/tuple print, no backtick, no file path, no raw enumeration value. What a
person reads is the page's visible text (`innerText`); a command to type (`.command`) is not words.

And the fixes it asks for, as a person meets them, at 1366 and 390 px: the attachment form chooses the
region and the unit from lists and shows only the sections its ground needs (phc-attachment-rules 8, 10),
the person page names the organisations, the analyst pages name providers, the demo's access page
counts all 20 regions (program-2026-2028 79)."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from kepil.reference.iin import make_iin
from kepil.reference.regions import regions

# A word with a lowercase Latin letter (a code, an English word, a path) that is not the product's name;
# `{`, `}`, `[`, `]`, a backtick; Python's None/True/False. Codes of data in capitals and digits (ICD-10
# codes, claim and contract numbers, YYYY-MM-DD) are data, not identifiers, and pass.
LATIN = re.compile(r"[A-Za-z0-9_./\\-]*[a-z][A-Za-z0-9_./\\-]*")
ALLOWED = {"kepil"}
MARKS = re.compile(r"[`{}\[\]]|\b(?:None|True|False)\b")
WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}


def identifiers(text: str) -> list[str]:
    # one letter is no identifier (a Latin "i" typed for "і" in a published act's Kazakh text); "kepil-дегі"
    words = [w for w in LATIN.findall(text) if w.rstrip("-") not in ALLOWED and len(w) > 1]
    return words + MARKS.findall(text)


def test_the_scan_finds_what_it_must() -> None:
    """The scan itself: each class of issue 18's examples is found, a Kazakh or Russian sentence is not."""
    for bad in ("ambulance_urgency_categories", "count", "{'share': 0.05}", "residency in {citizen}",
                "program-2026-2028 56.3", "`kepil keys`", "/work/data/access_example", "tablet", "mcg",
                "app1.5", "None"):  # fmt: skip
        assert identifiers(f"Бағдарлама: {bad}."), bad
    for good in ("Программа гарантий ГОБМП и ОСМС на 2026–2028 годы, п. 56.3", "I21.0 · 10.05.2026",
                 "C0000000017", "K2026-000017", "kepil 0.1.0", "ожидается YYYY-MM-DD"):  # fmt: skip
        assert not identifiers(good), good


def visible_text(page: Any) -> str:
    return str(
        page.evaluate(
            """() => {
                const body = document.body.cloneNode(true);
                body.querySelectorAll('.command, script, style').forEach(e => e.remove());
                document.body.appendChild(body); body.style.position = 'absolute';
                const text = body.innerText; body.remove();
                const options = [...document.querySelectorAll('select option')].map(o => o.textContent);
                return text + '\\n' + options.join('\\n');
            }"""
        )
    )


def _one_defect_per_rule(demo: Any) -> list[str]:
    with sqlite3.connect(demo.dir / "kepil.db") as db:
        return [
            r[0] for r in db.execute("SELECT min(id) FROM monitoring_defects GROUP BY rule ORDER BY rule")
        ]


def _readmission(demo: Any) -> list[str]:
    """A readmission's claim (app1 4.0) and the previous claim its finding names (kept by the run)."""
    with sqlite3.connect(demo.dir / "kepil.db") as db:
        claim, previous = db.execute(
            "SELECT claim_id, json_extract(details, '$.previous_claim_id') FROM monitoring_defects "
            "WHERE code = '4.0' ORDER BY claim_id LIMIT 1"
        ).fetchone()
    return [f"/monitoring/claims/{claim}", f"/monitoring/claims/{previous}"]


def _pages(about: dict[str, Any], demo: Any) -> list[str]:
    a, m = about["attachments"], about["monitoring"]
    pages = [
        "/", "/coverage", "/persons", f"/persons/{a['attached_iin']}", f"/persons/{a['free_iin']}",
        "/monitoring", "/monitoring?period=2026-03&region=astana",
        "/monitoring/defects?period=2026-03&code=3.0",
        f"/monitoring/claims/{m['claim_id']}", "/monitoring/worklist", "/monitoring/inbox",
        "/caps", "/access", "/medicines", "/payments", "/whatif",
        "/law", "/law/program-2026-2028/clause/79.4",
        "/law/monitoring-rules/clause/app1.5", "/law/phc-attachment-rules/clause/10.2",
    ]  # fmt: skip
    from kepil.law.acts import acts

    pages += [f"/law/{act.id}" for act in acts()]
    pages += [f"/monitoring/defect/{d}" for d in _one_defect_per_rule(demo)]
    pages += [*_readmission(demo), f"/monitoring?period=2026-03&region=astana&provider={m['provider']}"]
    return pages


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_no_identifier_on_any_page_in_kazakh_or_russian(
    page: Any,
    sign_in: Callable[..., Any],
    fill: Callable[..., None],
    about: dict[str, Any],
    demo: Any,
    lang: str,
) -> None:
    sign_in("admin", f"/?lang={lang}")
    found: dict[str, list[str]] = {}
    for path in _pages(about, demo):
        page.goto(path)
        expect(page.locator("html")).to_have_attribute("lang", lang)
        words = identifiers(visible_text(page))
        if words:
            found[path] = sorted(set(words))[:15]
    # the states a form makes: a decision with its trace (covered, not covered), an attachment checklist
    cases = ({"kind": "ambulance", "form": "emergency", "icd10": "I21.0", "date": "2026-05-10"},
             {"kind": "day_hospital", "form": "planned", "icd10": "M17.1", "date": "2026-03-02"})  # fmt: skip
    for case in cases:
        page.goto("/coverage")
        fill(page.locator("#coverage-form"), iin="850412312347", residency="citizen", insured="no",
             attached="yes", **case)  # fmt: skip
        page.locator("#coverage-form button[type='submit']").click()
        page.locator("details#trace summary").click()
        words = identifiers(visible_text(page))
        if words:
            found[f"POST /coverage {case['kind']}"] = sorted(set(words))[:15]
    page.goto(f"/persons/{about['attachments']['free_iin']}")
    page.locator("#attach-form [name='ground']").select_option("residence_change")
    page.locator("#attach-form button[formmethod='get']").click()
    words = identifiers(visible_text(page))
    if words:
        found["the attachment's checklist"] = sorted(set(words))[:15]
    assert not found, f"identifier-shaped words on {lang} pages: {found}"


# ------------------------------------------------------------------ forms a registrar can fill
@pytest.mark.parametrize("width", ["desktop", "phone"])
@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_a_registrar_attaches_by_choosing_region_and_unit_10_2(
    browser: Any, server: str, about: dict[str, Any], lang: str, width: str, snap: Callable[[Any, str], None]
) -> None:
    """phc-attachment-rules 8 (the residence's administrative-territorial unit) and 10.2 (free choice): the
    unit is chosen from the region's list, searchable by the serving organisation's name; the sections of
    other grounds (10.1's move, 10.4's contract) are not shown."""
    a = about["attachments"]
    w, h = WIDTHS[width]
    # a person of this case's own (the cases run in parallel on one dataset; one attachment a person a day)
    case = ["kk", "ru", "en"].index(lang) * 2 + (width == "phone")
    iin = make_iin(dt.date(1977, 3, 1 + case), "female", serial=9000 + case)
    context = browser.new_context(base_url=server, viewport={"width": w, "height": h})
    context.set_default_timeout(10_000)
    p = context.new_page()
    try:
        p.goto("/login?next=/persons")
        p.click("button[data-role='registrar']")
        p.goto(f"/persons/{iin}?lang={lang}")
        form = p.locator("#attach-form")
        # no ground yet: the move (10.1) and the contract (10.4) sections are hidden
        expect(form.locator("fieldset[data-grounds='residence_change']")).to_be_hidden()
        expect(form.locator("fieldset[data-grounds='vhi_omi_contract']")).to_be_hidden()
        form.locator("[name='ground']").select_option("residence_change")
        expect(form.locator("fieldset[data-grounds='residence_change']")).to_be_visible()
        form.locator("[name='ground']").select_option("free_choice")
        expect(form.locator("fieldset[data-grounds='residence_change']")).to_be_hidden()
        form.locator("[name='date']").fill("2026-07-01")
        form.locator("[name='person_category']").select_option("citizen")
        box = form.locator("[data-atu-choice]").first
        region = box.locator("[data-atu-region]")
        region.select_option("astana")  # by the region's code in the value, its name on the screen
        expect(region.locator("option:checked")).to_have_text(
            next(r.name for r in regions() if r.code == "astana")[lang]
        )
        unit = box.locator("[data-atu-unit]")
        shown = unit.locator("option:not([hidden])")
        assert shown.count() >= 2  # "choose" and Astana's units; no other region's
        for i in range(1, shown.count()):
            assert shown.nth(i).get_attribute("data-region") == "astana"
        box.locator("[data-atu-search]").fill(a["registrar_name"])  # by the organisation's name
        expect(unit).to_have_value(a["registrar_atu"])  # the one unit left is chosen
        snap(p, f"attach-{lang}-{width}")
        for check in form.locator("li.pp-needed input[name='documents']").all():
            check.check()
        p.locator("#attach-form button[type='submit']:not([formmethod])").click()
        expect(p.locator("p#attached[role='status']")).to_contain_text(a["registrar_name"])
        # the person page names the organisation, not its code
        expect(p.locator("#current-attachment")).to_contain_text(a["registrar_name"])
        assert p.evaluate("document.documentElement.scrollWidth") <= w + 1, "the page scrolls sideways"
        snap(p, f"attached-{lang}-{width}")
    finally:
        context.close()


# ------------------------------------------------------------------ analyst pages, demo data
def test_providers_by_name_and_a_defect_read_in_words(
    page: Any, sign_in: Callable[..., Any], about: dict[str, Any], snap: Callable[[Any, str], None]
) -> None:
    """monitoring-rules app1 (3.0) and 13: the claim page's defect names its provider, says what the
    algorithm checked and lists the inputs by name."""
    m = about["monitoring"]
    sign_in("analyst", f"/monitoring/claims/{m['claim_id']}?lang=ru")
    table = page.locator("#table-claim_defects")
    expect(table).not_to_contain_text(m["provider"])  # the code only in the files
    expect(page.locator("#table-details_1")).to_contain_text("Специалист")
    expect(page.locator(".rule-text").first).to_be_visible()
    snap(page, "claim-ru")


def test_access_counts_all_20_regions_in_chart_and_table_79(page: Any, sign_in: Callable[..., Any]) -> None:
    sign_in("analyst", "/access?lang=ru")
    expect(page.locator("table#scorecard tbody tr")).to_have_count(20)
    expect(page.locator("#table-ranking tbody tr")).to_have_count(20)
    text = page.locator("main").inner_text()
    assert "access_example" not in text and "/" not in re.sub(
        r"\d+/\d+|https?://\S+", "", text.split("\n")[0]
    )


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_law_page_parameters_in_words(page: Any, lang: str, snap: Callable[[Any, str], None]) -> None:
    page.goto(f"/law/program-2026-2028?lang={lang}")
    table = page.locator("#table-parameters")
    expect(table).to_be_visible()
    text = table.inner_text()
    assert "ambulance_urgency_categories" not in text and "count" not in text.split()
    snap(page, f"law-{lang}")


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
@pytest.mark.parametrize("role", ["analyst", "provider"])
def test_the_payments_page_shows_the_demo_month_in_words_77(
    page: Any,
    sign_in: Callable[..., Any],
    about: dict[str, Any],
    role: str,
    lang: str,
    snap: Callable[[Any, str], None],
) -> None:
    """program-2026-2028 77, app2 (issue 16): the demonstration stores its latest month's payment; the
    Fund's analyst sees every organisation, a provider only its own — methods by name, items as the act
    numbers them, organisations by name, no code of kepil's on the page in any language."""
    paid = about["payment"]
    assert paid["priced"] > 0
    sign_in(role, f"/payments?lang={lang}")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("main")).to_contain_text(paid["period"])
    due = page.locator(".kpi b").first.inner_text()
    assert re.search(r"[1-9]", due), due  # an amount due, not the empty page
    for name in ("by_method", "by_region", "by_provider", "rows"):
        expect(page.locator(f"#table-{name} tbody tr").first).to_be_visible()
    providers = page.locator("#table-by_provider tbody tr")
    if role == "provider":
        expect(providers).to_have_count(1)
        expect(providers).to_contain_text(about["monitoring"]["provider"])
    else:
        assert providers.count() > 1
    # the cited item links to its text in the act
    expect(page.locator("#table-rows a[href*='/law/program-2026-2028/clause/app2.']").first).to_be_visible()
    words = identifiers(visible_text(page))
    if lang == "en":  # English words are words here; kepil's codes are not
        words = [w for w in words if "_" in w or w.lower().startswith("app2")]
    assert not words, sorted(set(words))[:15]
    snap(page, f"payments-{role}-{lang}")
