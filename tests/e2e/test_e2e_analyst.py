"""Charts and tables an analyst can read (issue 18), in headless Chromium on the demonstration data at 1366
and 390 px, in kk, ru and en:

- /caps compares like with like (program-2026-2028 app1): the cases to date against the plan for the months
  the claims cover, labelled, its cells written with the thousands' spaces; its 720 rows paged, not cut;
- /medicines draws the need by month and region for a chosen medicine (drug-rules 19), keeps the first
  columns in view while the months scroll, and totals the request by medicine (18);
- /access counts the same 20 regions in its chart and its tables (79);
- no table of these pages is clipped at 1366 px, and a long one pages;
- the coverage rules' readings, on the coverage trace and the law's clause page, in the page's language."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from kepil.coverage.readings import reading_text
from kepil.coverage.rulebook import rulebook
from kepil.store.db import make_engine
from kepil.store.reports import load_report, report_scopes
from kepil.web.pages.caps import TEXTS as CAPS
from kepil.web.pages.law import TEXTS as LAW
from kepil.web.pages.medicines import TEXTS as MEDICINES
from kepil.web.texts import COMMON

LANGS = ["kk", "ru", "en"]
NBSP = "\u00a0"


@pytest.fixture
def analyst(analyst_page: Callable[..., Any]) -> Callable[..., Any]:
    """analyst(width=1366): a page signed in as the analyst at that width (a fresh context each call)."""
    return analyst_page


def _number(text: str) -> float:
    return float(text.replace(NBSP, "").replace(" ", "").replace(",", ".").strip("≈ %"))


def _not_clipped(p: Any, table: str) -> None:
    box = p.locator(table).locator("xpath=..")
    sizes = box.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert sizes[0] <= sizes[1] + 1, f"{table} is clipped: {sizes}"


# ------------------------------------------------------------------ caps
@pytest.mark.parametrize("lang", LANGS)
def test_caps_cases_to_date_against_the_plan_for_the_months_elapsed_app1(
    analyst: Callable[..., Any], lang: str, snap: Callable[[Any, str], None]
) -> None:
    p = analyst()
    p.goto(f"/caps?lang={lang}")
    note = p.locator("#measure-note")
    months = int(p.locator(".kpi", has_text=CAPS["months_kpi"][lang]).locator("b").inner_text())
    assert 1 <= months <= 12
    # the note and the legend say what is compared, in the page's language
    expect(note).to_contain_text(CAPS["to_date_note"][lang].split("{")[0].strip())
    expect(p.locator(".legend")).to_contain_text(CAPS["heat_5_to_date"][lang])
    table = p.locator("#table-utilisation")
    heads = table.locator("thead th").all_inner_texts()
    planned_to_date = CAPS["planned_to_date"].format(months=months)[lang]
    assert [h.replace("\n", " ") for h in heads][2:6] == [
        CAPS["planned"][lang], planned_to_date, CAPS["actual"][lang], CAPS["pct_to_date"][lang]
    ]  # fmt: skip
    # like with like: the plan to date is the year's plan × months / 12, the share actual / that plan
    first = table.locator("tbody tr").first.locator("td").all_inner_texts()
    year_plan, plan_to_date, actual, share = (_number(x) for x in first[2:6])
    assert plan_to_date == pytest.approx(year_plan * months / 12, abs=0.5)
    assert share == pytest.approx(100 * actual / (year_plan * months / 12), abs=0.06)
    # the heatmap's cells: the share, then cases / the plan for the months, with the thousands' spaces
    cell = p.locator("#heatmap tbody tr").first.locator("td").first
    assert re.fullmatch(rf"\d+,\d %\s*[\d{NBSP}]+ / [\d{NBSP}]+", cell.inner_text().strip()), (
        cell.inner_text()
    )
    assert NBSP in cell.inner_text()  # "14 245", not "14245"
    _not_clipped(p, "#table-utilisation")
    snap(p, f"caps-{lang}")


@pytest.mark.parametrize("lang", LANGS)
def test_caps_720_rows_page_instead_of_being_cut(analyst: Callable[..., Any], lang: str) -> None:
    p = analyst()
    p.goto(f"/caps?lang={lang}")
    rows = p.locator("#table-utilisation tbody tr")
    pager = p.locator("#pager-utilisation")
    expect(rows).to_have_count(50)
    expect(pager).to_contain_text(COMMON["table_page_of"].format(page=1, pages=15)[lang])
    first_region = rows.first.locator("td").first.inner_text()
    pager.locator("a[rel='next']").click()
    expect(pager).to_contain_text(COMMON["table_page_of"].format(page=2, pages=15)[lang])
    expect(pager).to_contain_text("51–100")
    pager.get_by_text("15", exact=True).click()  # the last page
    expect(rows).to_have_count(720 - 14 * 50)
    expect(pager).to_contain_text("701–720")
    assert rows.last.locator("td").first.inner_text() != first_region  # the last region, not the first
    # the filters are kept while paging
    p.goto(f"/caps?lang={lang}&group=children&utilisation_page=2")
    p.locator("#pager-utilisation a[rel='prev']").click()
    assert "group=children" in p.url and "utilisation_page=1" in p.url


# ------------------------------------------------------------------ medicines
@pytest.mark.parametrize("lang", LANGS)
def test_medicines_the_need_by_month_and_region_19(
    analyst: Callable[..., Any], lang: str, snap: Callable[[Any, str], None]
) -> None:
    p = analyst()
    p.goto(f"/medicines?lang={lang}")
    chart = p.locator("#need-chart")
    choose = p.locator("select#medicine")
    options = choose.locator("option").all_inner_texts()
    assert len(options) == 6 and all("," in o for o in options)  # INN, form, unit in words
    assert not options[0].startswith("Морфин")  # a narcotic's need is not computed (22): not the first shown
    expect(chart.locator("svg.chart")).to_have_count(1)
    expect(chart.locator("svg.chart title")).to_have_text(chart.locator("h2").inner_text())
    expect(chart.locator("#need-grid tbody tr")).to_have_count(20)  # every region, by month
    expect(chart.locator("#need-grid thead th")).to_have_count(14)  # region, 12 months, the year
    # another medicine: the chart and the grid are its own
    choose.select_option(label=options[2])
    p.locator("#medicines-filters button[type='submit']").click()
    expect(chart.locator("h2")).to_contain_text(options[2].split(",")[0])
    assert "medicine=" in p.url
    # the year's column is the sum of the months
    row = chart.locator("#need-grid tbody tr").first.locator("td").all_inner_texts()
    assert _number(row[-1]) == pytest.approx(sum(_number(x) for x in row[:-1]), abs=12)
    snap(p, f"medicines-{lang}")


@pytest.mark.parametrize("width", [1366, 390])
def test_medicines_months_scroll_under_the_first_columns(analyst: Callable[..., Any], width: int) -> None:
    p = analyst(width)
    p.goto("/medicines?lang=ru")
    table = p.locator("#table-need")
    box = table.locator("xpath=..")
    assert box.evaluate("e => e.scrollWidth > e.clientWidth")  # the months do not fit: they scroll
    region = table.locator("tbody tr").first.locator("td").nth(0)
    inn = table.locator("tbody tr").first.locator("td").nth(1)
    left = box.bounding_box()["x"]
    box.evaluate("e => e.scrollLeft = e.scrollWidth")
    p.wait_for_timeout(100)
    assert region.bounding_box()["x"] == pytest.approx(left, abs=2)  # still in view, at the left
    assert inn.bounding_box()["x"] == pytest.approx(left + region.bounding_box()["width"], abs=3)
    december = table.locator("thead th").last
    assert (
        december.bounding_box()["x"] + december.bounding_box()["width"]
        <= left + box.bounding_box()["width"] + 2
    )


@pytest.mark.parametrize("lang", LANGS)
def test_medicines_the_requests_totals_by_medicine_18(
    analyst: Callable[..., Any], demo: Any, lang: str
) -> None:
    p = analyst()
    p.goto(f"/medicines?lang={lang}")
    table = p.locator("#table-request_totals")
    expect(p.locator("#tt-request_totals")).to_have_text(MEDICINES["request_totals"][lang])
    heads = table.locator("thead th").all_inner_texts()
    years = [h for h in heads if re.search(r"20\d\d", h)]
    assert len(years) == 3
    # the totals are the request's rows summed by medicine (the stored report, in its unit)
    engine = make_engine(demo.database_url)
    try:
        report = load_report(engine, "medicines_request", report_scopes(engine, "medicines_request")[0])
    finally:
        engine.dispose()
    assert report is not None
    cols, data, scale = report.columns, report.rows, int(report.meta.get("quantity_scale", 1000))
    inn, year = "Амлодипин", re.search(r"20\d\d", years[0]).group(0)  # type: ignore[union-attr]
    want = sum(r[cols.index(f"need_{year}")] or 0 for r in data if r[cols.index("inn")] == inn) / scale
    line = table.locator("tbody tr", has_text=inn).first.locator("td").all_inner_texts()
    assert _number(line[heads.index(years[0])]) == pytest.approx(want, abs=1)
    _not_clipped(p, "#table-request_totals")


# ------------------------------------------------------------------ access
def test_access_chart_and_tables_count_the_same_20_regions_79(analyst: Callable[..., Any]) -> None:
    p = analyst()
    p.goto("/access?lang=kk")
    bars = p.locator("#tt-ranking-chart + .chart-box svg rect")
    expect(bars).to_have_count(20)
    expect(p.locator("table#scorecard tbody tr")).to_have_count(20)
    expect(p.locator("#table-ranking tbody tr")).to_have_count(20)
    # the long table: 20 regions × its criteria, paged
    expect(p.locator("#table-criteria tbody tr")).to_have_count(50)
    expect(p.locator("#pager-criteria")).to_be_visible()
    # the scorecard's regions stay in view while its criteria scroll
    box = p.locator("table#scorecard").locator("xpath=..")
    head = p.locator("table#scorecard tbody th").first
    left = box.bounding_box()["x"]
    box.evaluate("e => e.scrollLeft = e.scrollWidth")
    p.wait_for_timeout(100)
    assert head.bounding_box()["x"] == pytest.approx(left, abs=2)


# ------------------------------------------------------------------ tables use the screen
@pytest.mark.parametrize("lang", LANGS)
def test_no_table_is_clipped_at_1366_px_and_long_ones_page(
    analyst: Callable[..., Any], about: dict[str, Any], lang: str
) -> None:
    """Every data table of the analyst pages (and a person's history, the law's tables) fits a 1366 px
    screen unless it keeps its first columns in view while it scrolls; no page shows more than 50 rows of
    one table."""
    p = analyst()
    person = f"/persons/{about['attachments']['attached_iin']}"
    for path in ("/caps", "/medicines", "/access", "/payments", person, "/law", "/law/program-2026-2028"):
        p.goto(f"{path}?lang={lang}")
        assert p.evaluate("document.documentElement.scrollWidth") <= 1366, path
        for table in p.locator(".table-block table").all():
            name = table.get_attribute("id")
            if "sticky-cols" not in (table.get_attribute("class") or ""):
                _not_clipped(p, f"#{name}")
            assert table.locator("tbody tr").count() <= 50, f"{path} #{name}"


# ------------------------------------------------------------------ the readings in the page's language
@pytest.mark.parametrize("lang", LANGS)
def test_the_rules_readings_in_the_pages_language(
    page: Any, lang: str, snap: Callable[[Any, str], None]
) -> None:
    rules = [r for r in rulebook().by_id.values() if any(b.clause == "33.4" for b in r.basis) and r.reading]
    page.goto(f"/law/program-2026-2028/clause/33.4?lang={lang}")
    section = page.locator("#rules-here")
    expect(section.locator("h2")).to_have_text(LAW["rules_here"][lang])
    for rule in rules:
        text = reading_text(rule.id, rule.reading)
        assert text is not None
        expect(section).to_contain_text(text[lang][:60])
        if lang != "en":
            expect(section).not_to_contain_text(rule.reading[:40])
    snap(page, f"law-33.4-{lang}")


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_coverage_trace_reads_the_rules_in_kazakh_or_russian(
    page: Any, sign_in: Callable[..., Any], fill: Callable[..., None], lang: str
) -> None:
    sign_in("analyst", f"/coverage?lang={lang}")
    fill(page.locator("#coverage-form"), iin="850412312347", residency="citizen", insured="no",
         attached="yes", kind="ambulance", form="emergency", icd10="I21.0", date="2026-05-10")  # fmt: skip
    page.locator("#coverage-form button[type='submit']").click()
    page.locator("details#trace summary").click()
    rule = rulebook().by_id["ambulance.gvfmc"]
    text = reading_text(rule.id, rule.reading)
    assert text is not None and rule.reading is not None
    trace = page.locator("#table-trace")
    expect(trace).to_contain_text(text[lang][:50])
    expect(trace).not_to_contain_text(rule.reading[:40])
    # on a phone the answer's citations by the act's whole name wrap: the page does not scroll sideways
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
