"""The monitoring pages (issue 7): /monitoring, its drill-down by code and the claim pages, over what the
runs stored (`monitoring-rules` 10, app1, 13, 26, 53, 53-1) — roles, figures, pagination, the inputs that
decided, overdue deadlines on their boundary day, kk/ru/en, bad filters."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import text

from kepil.monitoring import workflow as wf
from kepil.monitoring.run import run_monitoring
from stored_defects import DETECTED, craft, register, store

ROOT = Path(__file__).resolve().parents[1]
TARIFFS = ROOT / "src/kepil/data/program_2026_2028/tariffs_example_2026.yaml"


@pytest.fixture(scope="module")
def month(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small synthetic national month (2026-03) with the defects of every algorithm injected."""
    from kepil.claims.synth import generate

    out = tmp_path_factory.mktemp("month")
    generate(2500, 7, out)
    return out


def monitor(month: Path, url: str, tmp: Path, **kw: Any) -> Any:
    return run_monitoring(
        month / "claims.parquet", month / "persons.parquet", month / "contracts.parquet", tmp / "run",
        tariffs=TARIFFS, database_url=url, detected_on=DETECTED, **kw,
    )  # fmt: skip


def rows_of(engine: Any, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    with engine.connect() as c:
        return [tuple(r) for r in c.execute(text(sql), params)]


def exported(client: Any, url: str, table: str) -> list[dict[str, str]]:
    sep = "&" if "?" in url else "?"
    r = client.get(f"{url}{sep}export={table}&format=csv")
    assert r.status_code == 200, r.text[:300]
    return list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))


# ------------------------------------------------------------------ roles
def test_the_pages_need_a_monitoring_role(api) -> None:  # type: ignore[no-untyped-def]
    assert api.page_client().get("/monitoring").status_code == 303  # → sign in
    register(api, "ORG1")
    for url in ("/monitoring", "/monitoring/defects?code=4.0", "/monitoring/claims/C1"):
        r = api.page_client("registrar", "ORG1", lang="en").get(url)
        assert r.status_code == 403 and "not open to your role" in r.text


def test_a_provider_sees_only_its_own_figures(api) -> None:  # type: ignore[no-untyped-def]
    register(api, "P1")
    register(api, "P2")
    store(api.engine, [craft("C1", "K1", "P1"), craft("C2", "K1", "P1", code="7.0"), craft("C3", "K2", "P2"),
                       craft("C4", "K2", "P2"), craft("C5", "K2", "P2")])  # fmt: skip
    mine = api.page_client("provider", "P1", lang="en")
    page = mine.get("/monitoring?period=2026-03")
    assert page.status_code == 200
    assert re.search(r'id="kpi-defects"><span>Defects</span><b>2</b>', page.text)
    assert {r["Code"]: r["Defects"] for r in exported(mine, "/monitoring?period=2026-03", "by_code")} == {
        "4.0": "1", "7.0": "1"
    }  # fmt: skip
    assert 'value="P1" readonly' in page.text  # the filter is forced, not offered
    # another provider's figures, drill-down or claim: refused
    assert mine.get("/monitoring?period=2026-03&provider=P2").status_code == 403
    assert mine.get("/monitoring/defects?period=2026-03&provider=P2&code=4.0").status_code == 403
    assert mine.get("/monitoring/claims/C3").status_code == 403
    assert mine.get("/monitoring/claims/C1").status_code == 200
    drill = exported(mine, "/monitoring/defects?period=2026-03&code=4.0", "defects")
    assert [r["Claim"] for r in drill] == ["C1"]
    # an analyst sees both, and may choose one
    analyst = api.page_client("analyst", lang="en")
    assert re.search(r'id="kpi-defects"><span>Defects</span><b>5</b>', analyst.get("/monitoring").text)
    assert re.search(r'id="kpi-defects"><span>Defects</span><b>3</b>',
                     analyst.get("/monitoring?provider=P2").text)  # fmt: skip


def test_providers_are_named_from_the_registry(api) -> None:  # type: ignore[no-untyped-def]
    """The ranking by provider, the chosen provider's heading and the filter's choices give the registry's
    name (the filter chooses by name, its value the id: issue 18); a provider the registry does not know
    keeps its bare id."""
    body = {"id": "P1", "name": "Қалалық емхана №1", "region": "abai", "atu": "abai"}
    assert api.as_("admin").put("/v1/providers/P1", json=body).status_code in (200, 201)
    store(api.engine, [craft("C1", "K1", "P1"), craft("C2", "K2", "PX")])
    c = api.page_client("analyst", lang="en")
    ranked = exported(c, "/monitoring?period=2026-03&region=abai", "by_provider")
    # the provider by name on the page; a provider the registry does not know keeps its code
    assert {r["Provider code"]: r["Provider"] for r in ranked} == {"P1": "Қалалық емхана №1", "PX": "PX"}
    html = c.get("/monitoring?period=2026-03&region=abai").text
    assert '<option value="P1">Қалалық емхана №1</option>' in html
    assert '<option value="PX">PX</option>' in html
    heading = c.get("/monitoring?period=2026-03&provider=P1").text
    assert "· Қалалық емхана №1</h2>" in heading
    assert '<option value="P1" selected>Қалалық емхана №1</option>' in heading
    assert "· PX</h2>" in c.get("/monitoring?period=2026-03&provider=PX").text


# ------------------------------------------------------------------ figures = what was stored
def test_the_figures_are_what_the_run_stored(api, store_url, month, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A synthetic month monitored and stored: KPIs, codes, regions and providers equal the stored rows."""
    s = monitor(month, store_url, tmp_path)
    e, c = api.engine, api.page_client("analyst", lang="en")
    html = c.get("/monitoring").text  # the latest stored period by default
    assert 'option value="2026-03" selected' in html
    assert f'id="kpi-claims"><span>Claims judged</span><b>{s.claims:,}</b>'.replace(",", "\u00a0") in html
    assert re.search(rf'id="kpi-defects"><span>Defects</span><b>{s.defects}</b>', html)
    sql = "SELECT code, count(*), coalesce(sum(penalty), 0) FROM monitoring_defects GROUP BY code"
    by_code = {code: (n, pen) for code, n, pen in rows_of(e, sql)}
    shown = exported(c, "/monitoring", "by_code")
    assert {r["Code"]: (int(r["Defects"]), round(float(r["Penalty"]) * 100)) for r in shown} == by_code
    assert [int(r["Defects"]) for r in shown] == sorted((int(r["Defects"]) for r in shown), reverse=True)
    assert "app1.10" in {r["Clause"] for r in shown}  # 4.0 cites its classifier row
    regions = dict(rows_of(e, "SELECT region, count(*) FROM monitoring_defects GROUP BY region"))
    assert sum(int(r["Defects"]) for r in exported(c, "/monitoring", "by_region")) == sum(regions.values())
    region = max(regions, key=lambda k: regions[k])
    providers = dict(rows_of(e, "SELECT provider_id, count(*) FROM monitoring_defects WHERE region = :r "
                                "GROUP BY provider_id", r=region))  # fmt: skip
    by_provider = exported(c, f"/monitoring?region={region}", "by_provider")
    assert {r["Provider"] or None: int(r["Defects"]) for r in by_provider} == providers
    assert 'svg class="chart"' in html and "<title>" in html


# ------------------------------------------------------------------ drill-down and the claim page
def test_the_drill_down_pages_fifty_at_a_time(api) -> None:  # type: ignore[no-untyped-def]
    store(api.engine, [craft(f"C{i:03d}", "K1", "P1") for i in range(120)]
          + [craft(f"D{i:03d}", "K2", "P2", region="astana") for i in range(3)])  # fmt: skip
    c = api.page_client("analyst", lang="en")
    first = c.get("/monitoring/defects?period=2026-03&code=4.0")
    assert first.status_code == 200 and "Page 1 of 3" in first.text and 'rel="next"' in first.text
    pages = [
        exported(c, f"/monitoring/defects?period=2026-03&code=4.0&page={p}", "defects") for p in (1, 2, 3)
    ]
    assert [len(p) for p in pages] == [50, 50, 23]
    claims = [r["Claim"] for p in pages for r in p]
    assert len(claims) == 123 and claims == sorted(claims) and len(set(claims)) == 123
    last = c.get("/monitoring/defects?period=2026-03&code=4.0&page=3")
    assert "Page 3 of 3" in last.text and 'rel="next"' not in last.text and 'rel="prev"' in last.text
    region = exported(c, "/monitoring/defects?period=2026-03&region=astana&code=4.0", "defects")
    assert [r["Claim"] for r in region] == ["D000", "D001", "D002"]
    # the dashboard's code links lead here
    assert "/monitoring/defects?period=2026-03&amp;region=astana&amp;on=" in c.get(
        "/monitoring?period=2026-03&region=astana").text  # fmt: skip
    assert c.get("/monitoring/defects?period=2026-03&code=4.0&page=0").status_code == 422


def test_a_claim_page_shows_the_inputs_that_decided(api) -> None:  # type: ignore[no-untyped-def]
    licence = craft(None, "K1", "P1", code="10", rule="no_licence", clause="10",
                    details=json.dumps({"licensed": False}))  # fmt: skip
    store(api.engine, [craft("C1", "K1", "P1"), licence])
    c = api.page_client("analyst", lang="en")
    r = c.get("/monitoring/claims/C1")
    assert r.status_code == 200
    assert 'href="/law/monitoring-rules/clause/app1.10"' in r.text  # the clause cited
    assert "Unjustified readmission" in r.text  # the classifier's name (app1 4.0)
    main = exported(c, "/monitoring/claims/C1", "claim_defects")[0]
    assert (main["Rule"], main["Version"], main["Penalty"], main["Objection by (cl. 26)"]) == (
        "readmission_30d", "1", "2500.0", "2026-04-13"
    )  # fmt: skip
    details = {row["Input"]: row["Value"] for row in exported(c, "/monitoring/claims/C1", "details_1")}
    # the inputs by name, their values as a person reads them (issue 18: no `previous_claim_id` on a page)
    assert details == {"The previous claim": "C0", "The previous claim's end": "01.03.2026",
                       "Days between": "12", "Threshold": "30"}  # fmt: skip
    assert 'href="/monitoring/claims/C0"' in r.text  # the previous claim is linked
    assert "readmission_30d" not in r.text and ">Version<" not in r.text  # codes in the files only
    # a contract-level defect (10) has no claim: it has its own page
    lic = c.get("/monitoring/defect/10-K1")
    assert lic.status_code == 200 and "Licensed" in lic.text and "10 % of the contract sum" in lic.text
    assert "Defect 10 of contract K1" in lic.text
    assert c.get("/monitoring/claims/NOPE").status_code == 404


# ------------------------------------------------------------------ the workflow and overdue
def test_overdue_starts_the_working_day_after_the_deadline(api) -> None:  # type: ignore[no-untyped-def]
    """53: notice within a month of detection, 53-1: refund within 6 months. Found Fri 29 May 2026 after the
    period was paid: notice by Mon 29 June (in time that day), overdue on Tue 30 June; refund by Mon 30
    November (29 November is a Sunday), overdue on Tue 1 December."""
    e = api.engine
    store(e, [craft("C1", "K1", "P1")])
    wf.record_paid(e, "2026-03", None, dt.date(2026, 4, 15))
    store(e, [craft("C1", "K1", "P1"), craft("C2", "K1", "P1")], on=dt.date(2026, 5, 29))
    c = api.page_client("analyst", lang="en")

    def flags(on: str) -> tuple[str, str, str, str]:
        html = c.get(f"/monitoring?period=2026-03&on={on}").text
        notices = re.search(r'id="kpi-notices"><span>[^<]*</span><b>(\d+)', html)
        refunds = re.search(r'id="kpi-refunds"><span>[^<]*</span><b>(\d+)', html)
        assert notices and refunds
        row = exported(c, f"/monitoring?period=2026-03&on={on}", "hidden")[0]
        return notices[1], refunds[1], row["Notice overdue"], row["Refund overdue"]

    assert exported(c, "/monitoring?period=2026-03", "hidden")[0]["Notice by (cl. 53)"] == "2026-06-29"
    assert flags("2026-06-29") == ("0", "0", "False", "False")
    assert flags("2026-06-30") == ("1", "0", "True", "False")
    assert flags("2026-11-30") == ("1", "0", "True", "False")
    assert flags("2026-12-01") == ("1", "1", "True", "True")
    hidden_id = rows_of(e, "SELECT id FROM monitoring_defects WHERE hidden")[0][0]
    wf.record_notice(e, hidden_id, dt.date(2026, 6, 30))
    assert flags("2026-12-01") == ("0", "1", "False", "True")
    assert 'class="k-date overdue"' in c.get("/monitoring?period=2026-03&on=2026-12-01").text


def test_objections_are_listed_with_their_deadline(api) -> None:  # type: ignore[no-untyped-def]
    e = api.engine
    store(e, [craft("C1", "K1", "P1"), craft("C2", "K1", "P1"), craft("C3", "K2", "P2", provider_id=None)])
    ids = dict(rows_of(e, "SELECT claim_id, id FROM monitoring_defects"))
    wf.object_defect(e, ids["C1"], dt.date(2026, 4, 13), "transferred, not readmitted")  # the last day (26)
    wf.object_defect(e, ids["C3"], dt.date(2026, 4, 8), "not a readmission")
    wf.resolve_objection(e, ids["C3"], dt.date(2026, 4, 20), "upheld", "the record shows a readmission")
    c = api.page_client("analyst", lang="en")
    html = c.get("/monitoring?period=2026-03").text
    assert re.search(r'id="kpi-objections"><span>[^<]*</span><b>1</b>', html)  # awaiting the Fund's answer
    rows = exported(c, "/monitoring?period=2026-03", "objections")
    assert [(r["Claim"], r["Status"], r["Objected on"], r["Objection by (cl. 26)"]) for r in rows] == [
        ("C1", "objected", "2026-04-13", "2026-04-13"), ("C3", "upheld", "2026-04-08", "2026-04-13")
    ]  # fmt: skip


def test_the_lists_show_the_first_page_of_the_whole_scope(api) -> None:  # type: ignore[no-untyped-def]
    """Hidden defects (53, 53-1) and objections (26) of several providers, two regions and defects without a
    provider (an unknown contract): each list shows the first 50 of the whole scope in the page's order —
    a notice or refund still to do first, then the nearest notice deadline; open objections first, then
    the latest objection — and the counts and overdue cards are the scope's, national or one region."""
    e = api.engine
    providers = ["P1", "P2", None]
    regions = ("abai", "almaty")
    store(e, [craft(f"C{i:02}", f"K{i % 3}", "", region=regions[i % 2], provider_id=providers[i % 3])
              for i in range(60)])  # fmt: skip
    ids = [r[0] for r in rows_of(e, "SELECT id FROM monitoring_defects ORDER BY claim_id")]
    with e.begin() as c:
        for i, defect_id in enumerate(ids):  # deadlines against the ids' order; every 7th fully done
            notice = dt.date(2026, 5, 1) + dt.timedelta(days=(i * 37) % 60)
            done = dt.date(2026, 5, 2) if i % 7 == 0 else None
            c.execute(
                text("UPDATE monitoring_defects SET hidden = :t, notice_deadline = :n, refund_deadline = :r, "
                     "notified_on = :d, refunded_on = :d WHERE id = :id"),
                {"t": True, "n": notice, "r": notice + dt.timedelta(days=180), "d": done, "id": defect_id},
            )  # fmt: skip
    from kepil.monitoring.store import rebuild_summary

    rebuild_summary(e, "2026-03")
    for n, day in enumerate((7, 8, 9, 10, 11, 12, 13)):  # objected on 7..13 April, the first three upheld
        wf.object_defect(e, ids[n * 8], dt.date(2026, 4, day), "transferred")
        if n < 3:
            wf.resolve_objection(e, ids[n * 8], dt.date(2026, 4, 20), "upheld", "a readmission")
    rows = rows_of(e, "SELECT claim_id, region, notice_deadline, notified_on, status, objected_on "
                      "FROM monitoring_defects")  # fmt: skip

    def as_date(v: Any) -> dt.date:
        return v if isinstance(v, dt.date) else dt.date.fromisoformat(v)

    c = api.page_client("analyst", lang="en")
    on = dt.date(2026, 6, 1)
    for region, query in ((None, ""), ("almaty", "&region=almaty")):
        scope = [r for r in rows if region is None or r[1] == region]
        hidden = sorted(scope, key=lambda r: (r[3] is not None, as_date(r[2]), r[0]))
        url = f"/monitoring?period=2026-03&on={on}{query}"
        assert [r["Claim"] for r in exported(c, url, "hidden")] == [r[0] for r in hidden[:50]]
        objected = sorted((r for r in scope if r[5] is not None),
                          key=lambda r: (r[4] != "objected", -as_date(r[5]).toordinal(), r[0]))  # fmt: skip
        assert [r["Claim"] for r in exported(c, url, "objections")] == [r[0] for r in objected]
        html = c.get(url).text
        overdue = sum(1 for r in scope if r[3] is None and as_date(r[2]) < on)
        assert re.search(rf'id="kpi-notices"><span>[^<]*</span><b>{overdue}</b>', html)
    assert len(exported(c, "/monitoring?period=2026-03", "hidden")) == 50  # one page of the 60


# ------------------------------------------------------------------ languages, errors, exports
@pytest.mark.parametrize(
    ("lang", "heading", "kpi"),
    [
        ("kk", "Шарттардың орындалу мониторингі", "Ақаулар коды мен маңыздылығы бойынша"),
        ("ru", "Мониторинг исполнения договоров", "Дефекты по кодам и существенности"),
        ("en", "Monitoring of purchase contracts", "Defects by code and significance"),
    ],
)
def test_headings_in_kazakh_russian_and_english(api, lang, heading, kpi) -> None:  # type: ignore[no-untyped-def]
    store(api.engine, [craft("C1", "K1", "P1")])
    html = api.page_client("analyst", lang=lang).get("/monitoring").text
    assert f'<html lang="{lang}">' in html and f"<h1>{heading}</h1>" in html and kpi in html


def test_kazakh_is_the_default_and_regions_are_named_in_it(api) -> None:  # type: ignore[no-untyped-def]
    store(api.engine, [craft("C1", "K1", "P1")])
    html = api.page_client("analyst").get("/monitoring").text
    assert '<html lang="kk">' in html and "Абай облысы" in html


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("period=2026-13", "period", "is not a period"),
        ("period=March", "period", "is not a period"),
        ("region=atlantis", "region", "is not a region"),
        ("on=2026-02-30", "on", "is not a date"),
    ],
)
def test_bad_filters_are_named_beside_the_field(api, query, field, message) -> None:  # type: ignore[no-untyped-def]
    store(api.engine, [craft("C1", "K1", "P1")])
    r = api.page_client("analyst", lang="en").get(f"/monitoring?{query}")
    assert r.status_code == 422
    assert re.search(rf'id="f-{field}"[^>]*aria-invalid="true"', r.text)
    assert re.search(rf'<p id="e-{field}" class="error" role="alert">[^<]*{message}', r.text)


def test_no_stored_runs_is_said_plainly(api) -> None:  # type: ignore[no-untyped-def]
    r = api.page_client("analyst", lang="en").get("/monitoring")
    assert r.status_code == 200 and "No monitoring results are stored" in r.text


def test_every_table_downloads_as_xlsx(api) -> None:  # type: ignore[no-untyped-def]
    store(api.engine, [craft("C1", "K1", "P1")])
    c = api.page_client("analyst", lang="ru")
    for name in ("by_code", "over_time", "by_region", "objections", "hidden"):
        r = c.get(f"/monitoring?period=2026-03&export={name}&format=xlsx")
        assert r.status_code == 200, name
        ws = load_workbook(io.BytesIO(r.content)).active
        assert ws is not None and ws.max_column > 1
    assert c.get("/monitoring?export=nope&format=csv").status_code == 404
