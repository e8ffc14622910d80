"""The law pages (issue 7): the acts, each act's parameters and tables, the Kazakh text of a clause."""

from __future__ import annotations

import csv
import io
import re

import pytest
from openpyxl import load_workbook

from kepil.law.acts import act as act_of
from kepil.law.citation import ACT_IDS
from kepil.law.parameter_words import unnamed_codes, value_text


def rows_of(csv_text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(csv_text.lstrip("\ufeff"))))


def test_the_acts_are_public_with_status_and_dates(api) -> None:  # type: ignore[no-untyped-def]
    r = api.page_client(lang="en").get("/law")  # not signed in
    assert r.status_code == 200
    assert 'id="table-acts"' in r.text
    for act in ACT_IDS:  # each act by its short title, linked (its id only in the files: issue 18)
        assert f'<a href="/law/{act}">{act_of(act).short_title.en}</a>' in r.text
    # mvd-paid-services: repealed by order No. 393 of 29 May 2025
    row = re.search(r'<a href="/law/mvd-paid-services">[^<]*</a>.*?</tr>', r.text, re.S)
    assert row is not None and "repealed" in row.group(0)
    assert "01.01.2026" in r.text and "31.12.2028" in r.text  # program-2026-2028's term


def test_the_acts_table_exports(api) -> None:  # type: ignore[no-untyped-def]
    c = api.page_client(lang="ru")
    rows = rows_of(c.get("/law?export=acts&format=csv").text)
    assert rows[0][0] == "Код" and {r[0] for r in rows[1:]} == set(ACT_IDS)
    program = next(r for r in rows if r[0] == "program-2026-2028")
    assert "2026-01-01" in program and "2028-12-31" in program


def test_an_act_page_has_its_citation_parameters_and_tables(api) -> None:  # type: ignore[no-untyped-def]
    html = api.page_client(lang="en").get("/law/program-2026-2028").text
    assert "№ 840" in html and "09.10.2025" in html
    for name in ("parameters", "caps", "payment_methods", "clauses"):
        assert f'id="table-{name}"' in html
    # program-2026-2028 79.4: the GP panel, 1700-2000 people, cited to its clause
    assert "/law/program-2026-2028/clause/79.4" in html
    assert "rows 1–50 of 720" in html and 'id="pager-caps"' in html  # app1: every region x profile, paged


def test_a_parameter_table_downloads_as_csv_and_xlsx(api) -> None:  # type: ignore[no-untyped-def]
    c = api.page_client(lang="en")
    rows = rows_of(c.get("/law/program-2026-2028?export=parameters&format=csv").text)
    assert rows[0] == ["Name", "Description", "Value", "Unit", "Clause", "From", "Until"]
    by_name = {r[0]: r for r in rows[1:]}
    assert by_name["ambulance_arrival_limit_minutes"][2] == "1: 10; 2: 15; 3: 30"
    assert by_name["ambulance_arrival_limit_minutes"][4] == "4"
    xlsx = c.get("/law/program-2026-2028?export=caps&format=xlsx")
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None and sheet.max_row == 721  # the header and all 720 rows of app1


def test_the_classifier_is_a_table_of_monitoring_rules(api) -> None:  # type: ignore[no-untyped-def]
    c = api.page_client(lang="kk")
    html = c.get("/law/monitoring-rules").text
    assert 'id="table-classifier"' in html and "/law/monitoring-rules/clause/app1.11" in html
    rows = rows_of(c.get("/law/monitoring-rules?export=classifier&format=csv").text)
    assert len(rows) == 29  # the 28 rows of app1
    assert c.get("/law/monitoring-rules?export=nope&format=csv").status_code == 404


def test_a_clause_shows_the_kazakh_paragraph_of_the_seed(api) -> None:  # type: ignore[no-untyped-def]
    r = api.page_client(lang="en").get("/law/program-2026-2028/clause/79.4")
    assert r.status_code == 200
    quote = re.search(r'<blockquote class="clause" lang="kk"[^>]*>([^<]+)</blockquote>', r.text)
    assert quote is not None
    assert "жалпы практика дәрігерінің бір лауазымына шаққанда" in quote.group(1)
    assert "1700 - 2000 адамынан аспайды" in quote.group(1)
    assert "quoted in Kazakh" in r.text and "№ 840" in r.text


def test_an_amended_in_clause_and_an_appendix(api) -> None:  # type: ignore[no-untyped-def]
    c = api.page_client(lang="ru")
    r = c.get("/law/monitoring-rules/clause/53-1")
    assert r.status_code == 200 and "6 (алты) айдан" in r.text
    app = c.get("/law/program-2026-2028/clause/app.1")
    assert app.status_code == 200 and "1-қосымша" in app.text
    row = c.get("/law/monitoring-rules/clause/app1.11")
    assert row.status_code == 200 and "строка приложения" in row.text
    assert "5.0 Неподтверждённый случай" in row.text  # kepil's row 11 of the classifier


def test_a_sub_point_not_in_the_text_shows_the_enclosing_clause_and_says_so(api) -> None:  # type: ignore[no-untyped-def]
    r = api.page_client(lang="en").get("/law/program-2026-2028/clause/26.9")
    assert r.status_code == 200
    assert "cl. 26.9 is not marked separately" in r.text
    assert '<blockquote class="clause" lang="kk"' in r.text


def test_a_number_twice_shows_both(api) -> None:  # type: ignore[no-untyped-def]
    r = api.page_client(lang="en").get("/law/drug-rules/clause/22")
    assert r.text.count('<blockquote class="clause"') == 2 and "occurs 2 times" in r.text


@pytest.mark.parametrize(
    ("path", "lang", "words"),
    [
        ("/law/program-2026-2028/clause/82", "en", "has no clause 82"),
        ("/law/program-2026-2028/clause/app9", "ru", "нет пункта app9"),
        ("/law/monitoring-rules/clause/1", "kk", "1 деген тармақ жоқ"),
        ("/law/no-such-act", "en", "There is no act no-such-act"),
        ("/law/no-such-act/clause/1", "kk", "no-such-act деген акт жоқ"),
    ],
)
def test_unknown_acts_and_clauses_are_404_in_the_viewers_language(api, path, lang, words) -> None:  # type: ignore[no-untyped-def]
    r = api.page_client(lang=lang).get(path)
    assert r.status_code == 404 and words in r.text
    assert f'<html lang="{lang}">' in r.text


def test_every_act_page_renders(api) -> None:  # type: ignore[no-untyped-def]
    c = api.page_client("analyst")
    for act in ACT_IDS:
        r = c.get(f"/law/{act}")
        assert r.status_code == 200 and 'id="tt-parameters"' in r.text and 'id="tt-clauses"' in r.text, act


def test_value_text_writes_codes_keys_and_formulas_in_words() -> None:
    assert value_text({1: 10, 2: [1, 2]}, "ru") == "1: 10; 2: 1, 2"
    assert value_text({"min": 1700, "max": 2000}, "ru") == "не менее: 1700; не более: 2000"
    assert value_text("09-15", "kk") == "15.09"  # phc-attachment-rules 10.3: 15 September
    formula = value_text("single_dose * doses_per_day", "ru")  # drug-rules 19
    assert formula == "разовая доза × приёмов в сутки"
    ground = {"code": "free_choice", "clause": "10.2", "kk": "еркін", "ru": "свободный", "en": "free"}
    assert value_text(ground, "ru") == "свободный (п. 10.2)"


def test_every_parameter_unit_key_and_code_has_a_name() -> None:
    assert unnamed_codes() == set()


def test_the_acts_kazakh_text_is_marked_kazakh_on_a_russian_page(api) -> None:  # type: ignore[no-untyped-def]
    """WCAG 3.1.2: the clauses' beginnings are the seed's Kazakh text, so their cells carry lang="kk" on a
    ru/en page (and nothing extra on a kk page)."""
    ru = api.page_client(lang="ru").get("/law/program-2026-2028").text
    clauses = ru.split('id="table-clauses"', 1)[1]
    assert '<td class="k-text " lang="kk">' in clauses
    kk = api.page_client(lang="kk").get("/law/program-2026-2028").text
    assert 'lang="kk">' not in kk.split('id="table-clauses"', 1)[1]
