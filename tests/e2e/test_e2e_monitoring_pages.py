"""The monitoring pages as a Fund analyst reads them (issue 18), in headless Chromium on the demonstration
data, in kk, ru and en at 1366 and 390 px:

- the claim page shows the claim itself (patient, dates, amounts) beside the previous claim its
  readmission (`monitoring-rules` app1 4.0) names, and links it; the previous claim's page shows it;
- claims judged and the defect rate per 1,000 claims judged in a region's view (not "—");
- providers chosen by name; every chart titled, its bars labelled with the defect's short name;
- a clause in brackets written as a clause ("(cl. 2.13)"), not as a count; money on one line; "not
  significant" not in red; no table clipped at 1366 px, no page wider than a 390 px phone.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from kepil.law.citation import clause_label
from kepil.law.monitoring_rules.classifier import short_name
from kepil.law.monitoring_rules.detail_words import key_text
from kepil.monitoring.dashboard import rate
from kepil.store.providers import organisation_names
from kepil.web import format as fmt
from kepil.web.pages.monitoring.texts import TEXTS

LANGS = ("kk", "ru", "en")
WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}


def _db(demo: Any) -> sqlite3.Connection:
    return sqlite3.connect(demo.dir / "kepil.db")


@pytest.fixture(scope="module")
def readmission(demo: Any) -> dict[str, Any]:
    """A readmission (4.0) of the demonstration data: its claim and the previous claim its finding names,
    as the run kept them."""
    import json

    with _db(demo) as db:
        claim_id, details = db.execute(
            "SELECT claim_id, details FROM monitoring_defects WHERE code = '4.0' ORDER BY claim_id LIMIT 1"
        ).fetchone()
        previous = json.loads(details)["previous_claim_id"]
        cols = "claim_id, iin, amount, start_date, end_date, icd10"
        rows = {
            r[0]: dict(zip(cols.split(", "), r, strict=True))
            for r in db.execute(
                f"SELECT {cols} FROM monitoring_claims WHERE claim_id IN (?, ?)", (claim_id, previous)
            )
        }
    return {"claim": rows[claim_id], "previous": rows[previous]}


@pytest.fixture
def opened(analyst_page: Callable[..., Any]) -> Callable[..., Any]:
    """opened(width): a page signed in as the Fund's analyst at that width ("desktop" 1366, "phone" 390)."""
    return lambda width="desktop": analyst_page(*WIDTHS[width], next="/monitoring")


def _day(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{d}.{m}.{y}"


def _fits(p: Any, width: int) -> None:
    """No table box scrolls sideways at 1366 px (nothing clipped); no page wider than its viewport."""
    assert p.evaluate("document.documentElement.scrollWidth") <= width + 1, "the page scrolls sideways"
    if width >= 1366:
        clipped = p.evaluate(
            "() => [...document.querySelectorAll('.scroll')].filter(e => e.scrollWidth > e.clientWidth + 1)"
            ".map(e => e.getAttribute('aria-labelledby'))"
        )
        assert not clipped, f"tables clipped at {width} px: {clipped}"


# ------------------------------------------------------------------ the claim page
@pytest.mark.parametrize("width", ["desktop", "phone"])
@pytest.mark.parametrize("lang", LANGS)
def test_the_claim_page_shows_the_claim_and_links_the_previous_one_app1_4_0(
    opened: Any, readmission: dict[str, Any], lang: str, width: str, snap: Any
) -> None:
    """monitoring-rules app1 4.0 (readmission within 30 days): the claim's patient, dates and amount beside
    the previous stay's, which is linked; its page shows that claim (it has no defect of its own)."""
    me, before = readmission["claim"], readmission["previous"]
    p = opened(width)
    p.goto(f"/monitoring/claims/{me['claim_id']}?lang={lang}")
    card = p.locator("#table-claim")
    expect(card).to_contain_text(me["iin"])
    expect(card).to_contain_text(_day(me["start_date"]))
    expect(card).to_contain_text(_day(me["end_date"]))
    expect(card).to_contain_text(fmt.money(me["amount"]))
    expect(card).to_contain_text(_day(before["end_date"]))
    expect(card).to_contain_text(fmt.money(before["amount"]))
    head = card.locator(f"th[data-claim='{before['claim_id']}']")
    expect(head).to_contain_text(key_text("previous_claim_id")[lang])
    _fits(p, WIDTHS[width][0])
    # the two claims side by side fit even a phone: nothing of the previous claim scrolled out of sight
    assert card.evaluate("t => t.parentElement.scrollWidth <= t.parentElement.clientWidth + 1")
    snap(p, f"claim-{lang}-{width}")
    head.locator("a").click()
    expect(p.locator("h1")).to_contain_text(before["claim_id"])
    expect(p.locator("#table-claim")).to_contain_text(before["icd10"])
    expect(p.locator("#table-claim")).to_contain_text(fmt.money(before["amount"]))
    snap(p, f"previous-{lang}-{width}")


def test_a_provider_does_not_open_another_providers_claim(
    page: Any, sign_in: Any, about: dict[str, Any], demo: Any
) -> None:
    """A provider sees its own claims only (the claim page of another's kept claim is refused, 403)."""
    own = about["monitoring"]["provider"]
    with _db(demo) as db:
        (other,) = db.execute(
            "SELECT claim_id FROM monitoring_claims WHERE provider_id <> ? AND claim_id NOT IN "
            "(SELECT claim_id FROM monitoring_defects WHERE claim_id IS NOT NULL) LIMIT 1",
            (own,),
        ).fetchone()
    sign_in("provider", "/monitoring")
    answer = page.goto(f"/monitoring/claims/{other}")
    assert answer is not None and answer.status == 403


# ------------------------------------------------------------------ the dashboard
@pytest.mark.parametrize("lang", LANGS)
def test_a_regions_view_counts_claims_judged_and_the_rate_per_1000(
    opened: Any, demo: Any, lang: str, snap: Any
) -> None:
    """A region's view (Astana) gives the claims judged of its run (not "—") and the defects per 1,000
    claims judged, on the card and in the table by provider."""
    with _db(demo) as db:
        (claims,) = db.execute(
            "SELECT sum(claims) FROM monitoring_judged WHERE period = '2026-03' AND region = 'astana'"
        ).fetchone()
        (defects,) = db.execute(
            "SELECT sum(defects) FROM monitoring_summary WHERE period = '2026-03' AND region = 'astana'"
        ).fetchone()
    p = opened()
    p.goto(f"/monitoring?period=2026-03&region=astana&lang={lang}")
    expect(p.locator("#kpi-claims b")).to_have_text(fmt.number(claims))
    expect(p.locator("#kpi-rate span")).to_have_text(TEXTS["k_rate"][lang])
    value = rate(defects, claims)
    assert value is not None
    expect(p.locator("#kpi-rate b")).to_have_text(fmt.number(value, 1))
    table = p.locator("#table-by_provider")
    expect(table.locator("thead")).to_contain_text(TEXTS["h_rate"][lang])
    first = table.locator("tbody tr").first
    assert "—" not in first.inner_text()
    _fits(p, 1366)
    snap(p, f"astana-{lang}")


@pytest.mark.parametrize("lang", LANGS)
def test_a_provider_is_chosen_by_name(opened: Any, demo: Any, lang: str, snap: Any) -> None:
    """The provider filter is a list of names (no id to type); choosing one shows its figures, headed by
    its name."""
    with _db(demo) as db:
        (provider,) = db.execute(
            "SELECT provider_id FROM monitoring_summary WHERE period = '2026-03' AND region = 'astana' "
            "GROUP BY provider_id ORDER BY sum(defects) DESC LIMIT 1"
        ).fetchone()
    from kepil.store.db import make_engine

    engine = make_engine(demo.database_url)
    try:
        name = organisation_names(engine, [provider])[provider]
    finally:
        engine.dispose()
    p = opened()
    p.goto(f"/monitoring?period=2026-03&region=astana&lang={lang}")
    chooser = p.locator("select#f-provider")
    expect(chooser).to_be_visible()
    expect(chooser.locator("option").first).to_have_text(TEXTS["all_providers"][lang])
    chooser.select_option(label=name)
    p.locator("#monitoring-filters button[type='submit']").click()
    p.wait_for_url(f"**provider={provider}**")
    expect(p.locator("#kpi-h")).to_contain_text(name)
    expect(p.locator("#kpi-h")).not_to_contain_text(provider)
    expect(p.locator("select#f-provider option:checked")).to_have_text(name)
    snap(p, f"provider-{lang}")


@pytest.mark.parametrize("width", ["desktop", "phone"])
@pytest.mark.parametrize("lang", LANGS)
def test_charts_titled_bars_named_clauses_as_clauses_money_on_one_line(
    opened: Any, lang: str, width: str, snap: Any
) -> None:
    """Every chart has a title on the page; the bars by code read the defect's short name; "Significant
    (2.13)" writes its clause as one ("cl. 2.13"); the penalty total stays on one line; the second series
    ("not significant") is not red; no table is clipped at 1366 px."""
    p = opened(width)
    p.goto(f"/monitoring?period=2026-03&lang={lang}")
    figures = p.locator("figure.monitoring-chart")
    assert figures.count() == 3  # by code, over time, by region
    for i in range(figures.count()):
        caption = figures.nth(i).locator("figcaption")
        expect(caption).to_be_visible()
        assert caption.inner_text().strip()
    by_code = figures.first
    expect(by_code.locator("figcaption")).to_have_text(TEXTS["c_chart"][lang])
    labels = by_code.locator("text.chart-label").all_text_contents()
    top = p.locator("#table-by_code tbody tr td").first.inner_text().strip()
    expected = short_name(top)
    assert expected is not None and any(
        t.startswith(f"{top} · ") and expected[lang][:20] in t for t in labels
    )
    expect(p.locator("#kpi-significant span")).to_contain_text(f"({clause_label('2.13', lang)})")
    money = p.locator("#kpi-penalty b")
    one_line = "e => e.getBoundingClientRect().height < 2 * parseFloat(getComputedStyle(e).fontSize)"
    assert money.evaluate(one_line), "the penalty total wraps"
    legend = p.locator("figure.monitoring-chart").nth(1).locator("rect[width='12']")
    for fill in legend.evaluate_all("rs => rs.map(r => r.getAttribute('fill'))"):
        r, g, b = (int(fill[i : i + 2], 16) for i in (1, 3, 5))
        assert not (r > 150 and g < 100 and b < 100), f"a series in red: {fill}"
    _fits(p, WIDTHS[width][0])
    snap(p, f"national-{lang}-{width}")


@pytest.mark.parametrize("lang", LANGS)
def test_the_drill_down_and_a_claim_fit_1366(opened: Any, about: dict[str, Any], lang: str) -> None:
    """The code's defects (paged, 50 a page) and a claim's defects: no column clipped at 1366 px."""
    p = opened()
    p.goto(f"/monitoring/defects?period=2026-03&code=3.0&lang={lang}")
    expect(p.locator("nav.pager [aria-current='page']")).to_be_visible()
    assert p.locator("#table-defects tbody tr").count() <= 50
    _fits(p, 1366)
    p.goto(f"/monitoring/claims/{about['monitoring']['claim_id']}?lang={lang}")
    expect(p.locator("#table-claim_defects")).to_be_visible()
    _fits(p, 1366)


@pytest.mark.parametrize("lang", LANGS)
def test_the_hidden_defects_list_pages_53(opened: Any, demo: Any, lang: str, snap: Any) -> None:
    """monitoring-rules 53: the hidden defects of a paid period (1,310 in the demonstration's February) are
    read 50 a page, forward and back; a page beyond the last is answered 404 naming it."""
    with _db(demo) as db:
        (total,) = db.execute(
            "SELECT count(*) FROM monitoring_defects WHERE period = '2026-02' AND hidden"
        ).fetchone()
    pages = -(-total // 50)
    assert pages > 2
    p = opened()
    p.goto(f"/monitoring?period=2026-02&lang={lang}")
    pager = p.locator("#pager-hidden")
    expect(pager.locator("[aria-current='page']")).to_have_text(
        TEXTS["page_of"].format(page=1, pages=pages)[lang]
    )
    rows = p.locator("#table-hidden tbody tr")
    assert rows.count() == 50
    first = rows.first.locator("td").first.inner_text()
    pager.locator("a[rel='next']").click()
    expect(p.locator("#pager-hidden [aria-current='page']")).to_have_text(
        TEXTS["page_of"].format(page=2, pages=pages)[lang]
    )
    assert p.locator("#table-hidden tbody tr").first.locator("td").first.inner_text() != first
    snap(p, f"hidden-page-2-{lang}")
    p.locator("#pager-hidden a[rel='prev']").click()
    expect(p.locator("#table-hidden tbody tr").first.locator("td").first).to_have_text(first)
    answer = p.goto(f"/monitoring?period=2026-02&hidden_page={pages + 1}&lang={lang}")
    assert answer is not None and answer.status == 404
    expect(p.locator("[data-field='hidden_page']")).to_have_text(
        TEXTS["page_beyond"].format(value=str(pages + 1), pages=str(pages))[lang]
    )


@pytest.mark.parametrize("lang", LANGS)
def test_the_worklist_pages_and_chooses_its_provider_by_name_13(
    opened: Any, demo: Any, about: dict[str, Any], lang: str, snap: Any
) -> None:
    """monitoring-rules 13: the review worklist (1,000-odd claims) is read 100 a page; its provider is
    chosen by name, and the list then holds that provider's claims only."""
    m = about["monitoring"]
    with _db(demo) as db:
        (total,) = db.execute(
            "SELECT count(*) FROM monitoring_worklist_items WHERE period = ?", (m["worklist_period"],)
        ).fetchone()
    from kepil.store.db import make_engine

    engine = make_engine(demo.database_url)
    try:
        name = organisation_names(engine, [m["provider"]])[m["provider"]]
    finally:
        engine.dispose()
    pages = -(-total // 100)
    p = opened()
    p.goto(f"/monitoring/worklist?period={m['worklist_period']}&lang={lang}")
    pager = p.locator("#pager-worklist")
    expect(pager.locator("[aria-current='page']")).to_have_text(
        TEXTS["page_of"].format(page=1, pages=pages)[lang]
    )
    first = p.locator("#table-worklist tbody tr").first.locator("td").first.inner_text()
    pager.locator("a[rel='next']").click()
    expect(p.locator("#pager-worklist [aria-current='page']")).to_have_text(
        TEXTS["page_of"].format(page=2, pages=pages)[lang]
    )
    assert p.locator("#table-worklist tbody tr").first.locator("td").first.inner_text() != first
    chooser = p.locator("select#w-provider")
    chooser.select_option(label=name)
    p.locator("#worklist-filters button[type='submit']").click()
    p.wait_for_url(f"**provider={m['provider']}**")
    providers = set(p.locator("#table-worklist tbody tr td:nth-child(2)").all_inner_texts())
    assert providers == {name}
    _fits(p, 1366)
    snap(p, f"worklist-{lang}")
