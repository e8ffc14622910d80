"""The stored-report pages (issue 7): /caps (program-2026-2028 app1, 73), /access (79, 4) and /medicines
(drug-rules 18–22) for analysts in kk/ru/en; other roles 403; exports; the empty state; bad filters 422."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from kepil.law.drug_rules import need as N
from kepil.law.program_2026_2028.access_criteria import access_report
from kepil.law.program_2026_2028.volume_caps import utilisation
from kepil.reports.access import read_tables, save_access
from kepil.reports.caps import months_covered, save_utilisation, store_utilisation
from kepil.reports.medicines import save_need_and_request
from test_reports import ACCESS, _claims, _patients

ACCESS_ON, NEED_ON = dt.date(2026, 3, 31), dt.date(2026, 4, 10)


@pytest.fixture(scope="module")
def computed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The three reports computed once for the module, exactly as `store_utilisation`, `store_access` and
    `store_medicines` compute them (same inputs, same sources); `stored` saves them in each test's fresh
    store. The computation is the slow part and is deterministic; the stored rows are what the pages read."""
    tmp = tmp_path_factory.mktemp("web-reports")
    f = _claims(tmp)
    table, excluded = utilisation(f["claims"], f["persons"], providers=f["providers"])
    patients = _patients(tmp)
    return {
        "caps": (table, excluded, f"{f['claims'].name} + {f['persons'].name}", None,
                 months_covered(f["claims"])),
        "access": (access_report(read_tables(ACCESS), ACCESS_ON, None), ACCESS_ON, str(ACCESS)),
        "medicines": (N.personalised_need(N.load_patients(patients), NEED_ON), 2026, NEED_ON, patients.name),
    }  # fmt: skip


@pytest.fixture
def stored(api, computed: dict[str, Any]):  # type: ignore[no-untyped-def]
    """The service with one report of each kind and a PHC organisation ORG1 for a registrar key."""
    save_utilisation(api.engine, *computed["caps"])
    save_access(api.engine, *computed["access"])
    save_need_and_request(api.engine, *computed["medicines"])
    body = {"id": "ORG1", "name": "ORG1", "region": "astana", "atu": "astana-esil", "phc": True}
    assert api.as_("admin").put("/v1/providers/ORG1", json=body).status_code == 201
    return api


@pytest.mark.parametrize(
    ("lang", "words"),
    [("kk", "өткен айлар жоспарынан асты"), ("ru", "выше плана прошедших месяцев"),
     ("en", "above the plan for the months elapsed")],
)  # fmt: skip
def test_caps_heatmap_flags_the_cell_over_app1s_cap(stored, lang: str, words: str) -> None:  # type: ignore[no-untyped-def]
    html = stored.page_client("analyst", lang=lang).get("/caps?rural=rural&group=adults").text
    assert '<table id="heatmap"' in html and 'href="/law/program-2026-2028/clause/app1"' in html
    # Abai, endocrinology, rural adults: 10 cases on app1's 9 (line 1114) a year, 1,5 for the two months the
    # claims cover (issue 18: like with like)
    assert 'data-status="over"' in html and "10 / 1,5" in html and words in html
    assert 'id="table-utilisation"' in html and "heat-5" in html


def test_caps_filters_the_age_group_and_refuses_a_bad_one(stored) -> None:  # type: ignore[no-untyped-def]
    c = stored.page_client("analyst", lang="en")
    children = c.get("/caps?group=children").text
    assert "<small>1 / " in children  # the Astana child
    bad = c.get("/caps?group=elderly&scope=1999")
    assert bad.status_code == 422
    assert 'id="group-error"' in bad.text and 'aria-invalid="true"' in bad.text and "1999" in bad.text


def test_caps_export_csv_and_xlsx_carry_the_long_table(stored) -> None:  # type: ignore[no-untyped-def]
    c = stored.page_client("analyst", lang="ru")
    csv = c.get("/caps?rural=rural&group=adults&export=utilisation&format=csv")
    assert csv.status_code == 200 and "Абай" in csv.text and csv.text.lstrip("\ufeff").startswith("Регион,")
    xlsx = c.get("/caps?export=utilisation&format=xlsx")
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    assert ws is not None and [c.value for c in next(ws.iter_rows())][:2] == ["Регион", "Профиль"]


@pytest.mark.parametrize("path", ["/caps", "/access", "/medicines"])
def test_the_report_pages_are_for_analysts_only(stored, path: str) -> None:  # type: ignore[no-untyped-def]
    assert stored.page_client("registrar", "ORG1", lang="en").get(path).status_code == 403
    assert stored.page_client().get(path).status_code == 303  # not signed in: to /login
    assert stored.page_client("admin").get(path).status_code == 200


@pytest.mark.parametrize(
    ("path", "command"),
    [
        ("/caps", "kepil caps utilisation"),
        ("/access", "kepil access report"),
        ("/medicines", "kepil medicines need"),
    ],
)
def test_empty_state_names_the_command_that_stores_a_report(api, path: str, command: str) -> None:  # type: ignore[no-untyped-def]
    r = api.page_client("analyst", lang="kk").get(path)
    assert (
        r.status_code == 200
        and command in r.text
        and "--store" in r.text
        and "Сақталған есеп әлі жоқ" in r.text
    )


MARKS = [("kk", "орындалды", "орындалмады"), ("ru", "выполнен", "не выполнен"), ("en", "met", "not met")]


@pytest.mark.parametrize(("lang", "met", "unmet"), MARKS)
def test_access_scorecard_marks_met_and_not_met_in_words(stored, lang: str, met: str, unmet: str) -> None:  # type: ignore[no-untyped-def]
    html = stored.page_client("analyst", lang=lang).get("/access").text
    assert '<table id="scorecard"' in html and 'svg class="chart"' in html
    assert f"✓</span> {met}" in html and f"✗</span> {unmet}" in html
    assert (
        'href="/law/program-2026-2028/clause/79.9"' in html
        and 'href="/law/program-2026-2028/clause/4"' in html
    )
    # ranked by criteria met: Astana (14 of 14) before Abai (1)
    assert html.index('data-met="met"') < html.index('data-met="unmet"')


def test_access_exports_and_a_bad_scope(stored) -> None:  # type: ignore[no-untyped-def]
    c = stored.page_client("analyst", lang="en")
    csv = c.get("/access?scope=2026-03-31&export=criteria&format=csv").text
    assert "Green corridor" in csv and "program-2026-2028 79.9" in csv
    assert c.get("/access?export=ranking&format=xlsx").status_code == 200
    bad = c.get("/access?scope=2020-01-01")
    assert bad.status_code == 422 and 'id="scope-error"' in bad.text


@pytest.mark.parametrize(("lang", "title"), [("kk", "Бюджеттік өтінім"), ("ru", "Бюджетная заявка"),
                                             ("en", "Budget request")])  # fmt: skip
def test_medicines_need_and_request_with_their_clauses(stored, lang: str, title: str) -> None:  # type: ignore[no-untyped-def]
    html = stored.page_client("analyst", lang=lang).get("/medicines?year=2026").text
    assert 'id="table-need"' in html and 'id="table-request"' in html and title in html
    assert 'href="/law/drug-rules/clause/18"' in html and 'href="/law/drug-rules/clause/12"' in html
    assert "360\u00a0005,25" in html  # Metformin in Astana: 360 005.25 mg a year (drug-rules 19-20)
    assert "20.03.2026" in html and "15.04.2026" in html  # the deadlines of 12 and 18


def test_medicines_request_shows_need_basis_and_formulary(stored) -> None:  # type: ignore[no-untyped-def]
    """drug-rules 22 and app. 1, 22: the request's rows say what their figure is and the formulary check
    (never "lawful"); 26: the trade name column."""
    csv = stored.page_client("analyst", lang="en").get("/medicines?export=request&format=csv").text
    header = csv.splitlines()[0]
    assert "Need basis (20, 22)" in header and "Registration and formulary (app. 1, 22)" in header
    assert "Trade name (26)" in header and "drug_rules_20" in csv and "not_checked" in csv
    assert "lawful" not in csv


def test_medicines_export_and_a_bad_year(stored) -> None:  # type: ignore[no-untyped-def]
    c = stored.page_client("analyst", lang="en")
    csv = c.get("/medicines?export=request&format=csv").text
    assert "Need 2027" in csv and "360005.25" in csv
    xlsx = c.get("/medicines?export=need&format=xlsx")
    assert xlsx.status_code == 200 and load_workbook(io.BytesIO(xlsx.content)).active is not None
    for year in ("1999", "next"):
        bad = c.get(f"/medicines?year={year}")
        assert bad.status_code == 422 and 'id="year-error"' in bad.text and 'role="alert"' in bad.text


@pytest.mark.parametrize(
    ("lang", "unit", "threshold"),
    [
        ("kk", "10 000 тұрғынға бригада", "100 %: 18 жұмыс күні ішінде"),
        ("ru", "бригад на 10 000 жителей", "100 %: в течение 18 рабочих дней"),
        ("en", "teams per 10 000 residents", "100 % within 18 working days"),
    ],
)
def test_access_units_and_thresholds_in_the_viewers_language(
    stored, lang: str, unit: str, threshold: str
) -> None:  # type: ignore[no-untyped-def]
    """program-2026-2028 79.1 (teams per 10,000 residents) and 79.9 (18 working days): the words the law
    layer gives, kept in the report, in the page and in its export."""
    c = stored.page_client("analyst", lang=lang)
    html = c.get("/access").text
    assert unit in html and threshold in html
    csv = c.get("/access?export=criteria&format=csv").text
    assert unit in csv and threshold in csv
    if lang != "en":
        assert "teams per" not in csv and "within" not in csv


def test_access_report_stored_before_the_words_shows_its_own(api) -> None:  # type: ignore[no-untyped-def]
    """A report stored with the English words in its rows (before meta["words"]) is shown as it is."""
    from kepil.store.reports import save_report

    columns = ["region", "criterion", "clause", "value", "unit", "threshold", "met", "cases"]
    row = ["astana", "doctor_teams_share", "program-2026-2028 79.3", 20.0, "%", ">= 25", False, 5]
    meta = {"act": "program-2026-2028", "on": "2026-03-31", "criteria": ["doctor_teams_share"]}
    save_report(api.engine, "access_criteria", "2026-03-31", "old", columns, [row], meta)
    r = api.page_client("analyst", lang="kk").get("/access")
    assert r.status_code == 200 and "&gt;= 25" in r.text and "орындалмады" in r.text


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "kk",
            "Астана қаласы: дербестендірілген қажеттілік 21.03.2026 келісілген (1 жол), 20.03.2026 мерзімнен",
        ),
        (
            "ru",
            "город Астана: персонифицированная потребность согласована 21.03.2026 (1 строка), позже срока",
        ),
        (
            "en",
            "Astana (city): the personalised need was agreed on 21.03.2026 (1 row), after the deadline",
        ),
    ],
)
def test_medicines_warnings_name_the_region_and_write_dates_dd_mm_yyyy(stored, lang: str, words: str) -> None:  # type: ignore[no-untyped-def]
    """drug-rules 12: the need of Astana agreed on 21 March (Nauryz), after the 20 March deadline — the
    region's name in the viewer's language and the dates as DD.MM.YYYY; the stored words are the CLI's."""
    html = stored.page_client("analyst", lang=lang).get("/medicines?year=2026").text
    warnings = html[html.index('id="warnings"') :]
    warnings = warnings[: warnings.index("</ul>")]
    assert words in warnings and "2026-03-2" not in warnings and "astana" not in warnings.replace("/law/", "")


def test_medicines_warnings_of_a_report_stored_before_the_values(stored) -> None:  # type: ignore[no-untyped-def]
    """An old request whose warnings kept only the CLI's text: the page still names the region and writes
    DD.MM.YYYY (drug-rules 12, 18)."""
    from kepil.store.reports import load_report, save_report

    req = load_report(stored.engine, "medicines_request", "2026")
    assert req is not None
    meta = dict(req.meta)
    meta["warnings"] = [{k: v for k, v in w.items() if k != "values"} for w in meta["warnings"]]
    meta["warnings"].append(
        {"clause": "drug-rules 18", "region": None,
         "text": {"kk": "x 2026-04-16 / 2026-04-15", "ru": "x 2026-04-16 / 2026-04-15",
                  "en": "the budget request is dated 2026-04-16, after the deadline 2026-04-15"}}
    )  # fmt: skip
    save_report(stored.engine, "medicines_request", "2026", req.source, req.columns, req.rows, meta)
    html = stored.page_client("analyst", lang="ru").get("/medicines?year=2026").text
    assert "город Астана: персонифицированная потребность согласована 21.03.2026" in html
    assert "16.04.2026, after the deadline 15.04.2026" not in html  # ru is shown, not en
    assert "x 16.04.2026 / 15.04.2026" in html


# ------------------------------------------------------------------------- /caps: to date or annualised
def _one_month(tmp: Path) -> dict[str, Path]:
    """5 Abai endocrinology cases at the rural R1, all discharged in May 2026: 5 of app1's 9 rural adults
    to date (56 %), ≈60 of 9 annualised over the one month the claims cover."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    n = 5
    claims = tmp / "claims.parquet"
    pq.write_table(
        pa.table({
            "claim_id": [f"e{i}" for i in range(n)], "provider_id": ["R1"] * n, "region": ["abai"] * n,
            "iin": ["adult"] * n, "care_kind": ["inpatient"] * n, "profile": ["endocrinology"] * n,
            "start_date": pa.array([dt.date(2026, 5, 4)] * n, pa.date32()),
            "end_date": pa.array([dt.date(2026, 5, 8)] * n, pa.date32()),
        }),
        claims,
    )  # fmt: skip
    persons = tmp / "persons.parquet"
    pq.write_table(
        pa.table({"iin": ["adult"], "birth_date": pa.array([dt.date(1980, 1, 1)], pa.date32())}), persons
    )
    providers = tmp / "providers.csv"
    providers.write_text("provider_id,rural\nR1,true\n", encoding="utf-8")
    return {"claims": claims, "persons": persons, "providers": providers}


@pytest.fixture
def one_month(api, tmp_path: Path):  # type: ignore[no-untyped-def]
    f = _one_month(tmp_path)
    store_utilisation(api.engine, f["claims"], f["persons"], providers=f["providers"])
    return api


ABAI_ENDO = "/caps?rural=rural&group=adults"


def test_caps_to_date_is_the_default_and_names_the_months_covered(one_month) -> None:  # type: ignore[no-untyped-def]
    """program-2026-2028 app1, like with like (issue 18): 5 cases to date against the plan for the one month
    the claims cover (May), 9 × 1 / 12 = 0,75 — ahead of it; the year's cap of 9 itself is not passed, which
    the long table's status against the year's cap says."""
    html = one_month.page_client("analyst", lang="en").get(ABAI_ENDO).text
    title = "Abai Region, Endocrinology: 5 of 0,8 (666,7 %) — above the plan for the months elapsed"
    assert f'title="{title}"' in html
    assert "Cases to date (from the claims)" in html
    assert "the year&#39;s plan × 1 / 12 (the months the claims cover: May)" in html
    row = html.split('id="table-utilisation"', 1)[1].split("Endocrinology", 1)[1].split("</tr>", 1)[0]
    assert ">0,75<" in row and "within the cap" in row  # the plan for May; the year's cap not passed


@pytest.mark.parametrize(
    ("lang", "label", "projection"),
    [
        ("kk", "Жылдық болжам (kepil есебі, актінің көрсеткіші емес)", "kepil есептейді"),
        ("ru", "Годовой прогноз (расчёт kepil, не показатель акта)", "не является показателем приложения 1"),
        ("en", "Annualised projection (kepil&#39;s, not a figure of the act)", "not a figure of appendix 1"),
    ],
)
def test_caps_annualised_projects_the_year_and_flags_over_the_cap(  # type: ignore[no-untyped-def]
    one_month, lang: str, label: str, projection: str
) -> None:
    """kepil's projection: 5 cases × 12 / 1 month ≈ 60 on app1's 9 — over the cap on the measure shown,
    labelled in kk/ru/en as a projection by kepil, not a figure of the act."""
    r = one_month.page_client("analyst", lang=lang).get(ABAI_ENDO + "&measure=annualised")
    assert r.status_code == 200
    assert label in r.text and projection in r.text and 'id="measure-note"' in r.text
    assert 'data-status="over"' in r.text and "≈60 / 9" in r.text and "heat-5" in r.text
    assert '<option value="annualised" selected>' in r.text


def test_caps_export_carries_both_measures(one_month) -> None:  # type: ignore[no-untyped-def]
    c = one_month.page_client("analyst", lang="en")
    for measure in ("to_date", "annualised"):
        csv = c.get(f"{ABAI_ENDO}&measure={measure}&export=utilisation&format=csv").text.lstrip("\ufeff")
        header = csv.splitlines()[0]
        assert (
            "Actual (to date)" in header and "Annualised (kepil)" in header and "Status, annualised" in header
        )
        abai = next(line for line in csv.splitlines() if line.startswith("Abai Region,Endocrinology"))
        assert ",5," in abai and ",60" in abai and "over the cap" in abai and "within the cap" in abai
    xlsx = c.get(f"{ABAI_ENDO}&measure=annualised&export=utilisation&format=xlsx")
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    assert ws is not None and "Annualised (kepil)" in [c.value for c in next(ws.iter_rows())]


def test_caps_old_report_without_months_cannot_be_annualised(api) -> None:  # type: ignore[no-untyped-def]
    """A report stored before the months were kept: to date as before, with a note; annualised 422."""
    from kepil.reports.caps import COLUMNS
    from kepil.store.reports import save_report

    row = [2026, "abai", "endocrinology", "all", "all", 100, 5, 5.0, "ok", False]
    meta = {"act": "program-2026-2028", "clauses": ["app1", "73"], "valid_from": "2026-01-01",
            "valid_to": "2028-12-31", "years": [2026], "rural_known": False}  # fmt: skip
    save_report(api.engine, "caps_utilisation", "2026", "old", COLUMNS, [row], meta)
    c = api.page_client("analyst", lang="en")
    ok = c.get("/caps")
    assert ok.status_code == 200 and 'id="measure-help"' in ok.text and "stored without the months" in ok.text
    assert '<option value="annualised"' not in ok.text
    bad = c.get("/caps?measure=annualised")
    assert bad.status_code == 422 and 'id="measure-error"' in bad.text and 'role="alert"' in bad.text
    assert "kepil caps utilisation --store" in bad.text and 'aria-invalid="true"' in bad.text
    csv = c.get("/caps?export=utilisation&format=csv").text
    assert "Annualised" not in csv  # nothing to project from


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_caps_refuses_an_unknown_measure(one_month, lang: str) -> None:  # type: ignore[no-untyped-def]
    bad = one_month.page_client("analyst", lang=lang).get("/caps?measure=forecast")
    assert bad.status_code == 422 and 'id="measure-error"' in bad.text and "to_date, annualised" in bad.text
