"""The coverage check page (issue 7): the contract's request as a form, the API's decision in large type,
errors next to their field (shared/contracts/coverage.md; program-2026-2028)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from kepil.web.pages.coverage import form_field, request_of

CASES = Path("/work/shared/cases/coverage")


def form_of(request: dict[str, Any]) -> dict[str, Any]:
    """A contract request as the page's form would post it."""
    person, service = request["person"], request["service"]
    data: dict[str, Any] = {"date": request["date"]}
    for key in ("iin", "birth_date", "sex", "residency", "stay_purpose", "state_paid_category"):
        if person.get(key) is not None:
            data[key] = person[key]
    for key in ("eaeu_worker", "eaeu_family", "pregnant", "postpartum"):
        if person.get(key):
            data[key] = "on"
    for key in ("insured", "attached"):
        if person.get(key) is not None:
            data[key] = "yes" if person[key] else "no"
    if person.get("policies"):
        data["policies"] = person["policies"]
    for key in ("kind", "form", "icd10", "rehabilitation_stage"):
        if service.get(key) is not None:
            data[key] = str(service[key])
    for key in ("referral", "life_threatening", "socially_significant", "dangerous_to_others",
                "contact_isolation", "admission_department"):  # fmt: skip
        if service.get(key) is not None:
            data[key] = "yes" if service[key] else "no"
    return data


def answer_div(html: str) -> re.Match[str]:
    m = re.search(r'<div class="answer (yes|no)" data-covered="(true|false)" data-package="(\w+)"', html)
    assert m is not None, html
    return m


ADULT: dict[str, Any] = {"residency": "citizen", "birth_date": "1985-04-12", "sex": "male",
                         "insured": "no", "attached": "yes"}  # fmt: skip


def test_signed_out_goes_to_sign_in(api) -> None:  # type: ignore[no-untyped-def]
    r = api.page_client().get("/coverage")
    assert r.status_code == 303 and r.headers["location"].startswith("/login?next=/coverage")


def test_the_empty_form_has_todays_date_labels_and_the_iin_helper(api) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    html = api.page_client("analyst").get("/coverage").text
    assert '<form id="coverage-form" method="post" action="/coverage"' in html
    assert f'name="date" type="date" value="{dt.date.today().isoformat()}"' in html
    assert 'data-iin-fill="1"' in html
    # every input and select has its <label for=...>
    for field_id in re.findall(r'<(?:input|select) id="(f-[a-z0-9_]+)"', html):
        assert f'<label for="{field_id}">' in html
    assert "<legend>Адам</legend>" in html and "Көмек түрі" in html  # Kazakh by default
    assert 'class="answer' not in html


@pytest.mark.parametrize(
    "case",
    sorted(p.name for p in CASES.glob("*.json") if "error" not in json.loads(p.read_text())["expect"]),
)
def test_the_public_cases_answer_as_the_contract_expects(api, case: str) -> None:  # type: ignore[no-untyped-def]
    spec = json.loads((CASES / case).read_text())
    r = api.page_client("analyst", lang="en").post("/coverage", data=form_of(spec["request"]))
    assert r.status_code == 200, r.text
    m = answer_div(r.text)
    expect = spec["expect"]
    assert m.group(2) == ("true" if expect["covered"] else "false")
    assert m.group(3) == expect["funding"]
    # at least one of the expected clauses is cited, linked to its text on the law pages
    cited = set(re.findall(r'<a class="cite" href="/law/([a-z0-9-]+)/clause/([^"]+)"', r.text))
    assert cited & {(a, c) for a, c in expect["basis_any"]}
    assert '<details id="trace">' in r.text


@pytest.mark.parametrize(
    ("lang", "yes_word", "package"),
    [("kk", "Иә, тегін", "ТМККК"), ("ru", "Да, оплачивается", "ГОБМП"), ("en", "Yes, covered", "GVFMC")],
)
def test_the_answer_is_in_the_viewers_language(api, lang: str, yes_word: str, package: str) -> None:  # type: ignore[no-untyped-def]
    # program-2026-2028 4: ambulance care is GVFMC for everyone
    data = {**ADULT, "date": "2026-05-10", "kind": "ambulance", "form": "emergency", "icd10": "I21.0"}
    html = api.page_client("analyst", lang=lang).post("/coverage", data=data).text
    assert answer_div(html).group(3) == "gvfmc"
    assert yes_word in html and package in html
    assert f'<html lang="{lang}">' in html


def test_not_covered_says_what_is_missing(api) -> None:  # type: ignore[no-untyped-def]
    # program-2026-2028 56.2 / 61: the day hospital for a non-participant of the CSHI
    data = {**ADULT, "date": "2026-03-02", "kind": "day_hospital", "form": "planned", "icd10": "M17.1",
            "socially_significant": "no", "dangerous_to_others": "no"}  # fmt: skip
    html = api.page_client("analyst", lang="ru").post("/coverage", data=data).text
    m = answer_div(html)
    assert (m.group(1), m.group(3)) == ("no", "none")
    assert "Не хватает:</strong> Участие в ОСМС" in html


def test_the_18th_birthday_ends_the_childs_state_paid_cshi(api) -> None:  # type: ignore[no-untyped-def]
    # program-2026-2028 55 (children are a state-paid category) and 56.2 / 61 (the day hospital in CSHI):
    # the day before the 18th birthday covered by the CSHI, on the birthday the adult pays.
    data = {"residency": "citizen", "birth_date": "2008-06-01", "insured": "no", "attached": "yes",
            "kind": "day_hospital", "form": "planned", "icd10": "M17.1",
            "socially_significant": "no", "dangerous_to_others": "no"}  # fmt: skip
    c = api.page_client("analyst", lang="en")
    before = answer_div(c.post("/coverage", data={**data, "date": "2026-05-31"}).text)
    on = answer_div(c.post("/coverage", data={**data, "date": "2026-06-01"}).text)
    assert (before.group(2), before.group(3)) == ("true", "cshi")
    assert (on.group(2), on.group(3)) == ("false", "none")


def test_1_january_2027_ends_emergency_inpatient_care_for_the_uninsured(api) -> None:  # type: ignore[no-untyped-def]
    # program-2026-2028 33.4 until 31 Dec 2026; from 1 Jan 2027, 34: only when life-threatening.
    data = {**ADULT, "kind": "inpatient", "form": "emergency", "icd10": "K35.8", "life_threatening": "no",
            "socially_significant": "no", "dangerous_to_others": "no"}  # fmt: skip
    c = api.page_client("analyst", lang="en")
    last = c.post("/coverage", data={**data, "date": "2026-12-31"}).text
    first = c.post("/coverage", data={**data, "date": "2027-01-01"}).text
    assert answer_div(last).group(3) == "gvfmc" and "/law/program-2026-2028/clause/33.4" in last
    assert answer_div(first).group(2) == "false" and "/law/program-2026-2028/clause/34" in first
    saved = c.post("/coverage", data={**data, "date": "2027-01-01", "life_threatening": "yes"}).text
    assert answer_div(saved).group(3) == "gvfmc"


def field_error(html: str, field: str) -> str:
    """The error tied to `field`: the input is aria-invalid and described by a role=alert paragraph."""
    tag = re.search(rf'<(?:input|select) id="f-{field}"[^>]*>', html)
    assert tag is not None and 'aria-invalid="true"' in tag.group(0), html
    assert f"err-{field}" in tag.group(0)
    m = re.search(rf'<p id="err-{field}" class="error" role="alert">([^<]+)</p>', html)
    assert m is not None
    return m.group(1)


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"iin": "850412312348"}, "iin", "check digit"),
        ({"icd10": "Z99.99.9"}, "icd10", "is not an ICD-10"),
        ({"date": "2025-12-31"}, "date", "not yet in force on 31 December 2025"),
        ({"date": "2029-01-01"}, "date", "expired"),
        ({"date": ""}, "date", "required"),
        ({"residency": ""}, "residency", "citizen"),
        ({"kind": ""}, "kind", "ambulance"),
        ({"birth_date": "2030-01-01"}, "birth_date", "is after the date of care"),
        ({"stay_purpose": "education"}, "stay_purpose", "temporary_resident"),
        ({"kind": "inpatient", "form": ""}, "form", "is required for inpatient"),
    ],
)
def test_bad_input_reshows_the_form_with_the_error_at_its_field(api, change, field, words) -> None:  # type: ignore[no-untyped-def]
    data = {**ADULT, "date": "2026-05-10", "kind": "ambulance", "form": "emergency", **change}
    r = api.page_client("analyst", lang="en").post("/coverage", data=data)
    assert r.status_code == 422
    assert words in field_error(r.text, field)
    assert 'class="answer' not in r.text
    # the form keeps what was typed
    if change.get(field):
        assert f'value="{change[field]}"' in r.text


def test_errors_come_in_the_viewers_language(api) -> None:  # type: ignore[no-untyped-def]
    data = {**ADULT, "date": "2026-05-10", "kind": "ambulance", "form": "emergency", "iin": "850412312348"}
    kk = api.page_client("analyst").post("/coverage", data=data)
    ru = api.page_client("analyst", lang="ru").post("/coverage", data=data)
    assert kk.status_code == ru.status_code == 422
    assert field_error(kk.text, "iin") != field_error(ru.text, "iin")
    body = {"date": "2026-05-10", "person": {"residency": "citizen", "iin": "850412312348"},
            "service": {"kind": "ambulance", "form": "emergency"}}  # fmt: skip
    api_message = (
        api.as_("analyst", lang="ru").post("/v1/coverage/decisions", json=body).json()["error"]["message"]
    )
    assert field_error(ru.text, "iin") == api_message  # the API's own message, same language


def test_the_server_fills_birth_date_and_sex_from_the_iin(api) -> None:  # type: ignore[no-untyped-def]
    # coverage.md: birth date and sex come from the IIN when not given (works without the script)
    data = {"iin": "850412312347", "residency": "citizen", "date": "2026-05-10", "kind": "ambulance",
            "form": "emergency"}  # fmt: skip
    html = api.page_client("analyst", lang="en").post("/coverage", data=data).text
    assert 'name="birth_date" type="date" value="1985-04-12"' in html
    assert re.search(r'<option value="male" selected>', html)
    assert answer_div(html).group(3) == "gvfmc"


def test_the_iin_helper_the_script_calls(api) -> None:  # type: ignore[no-untyped-def]
    c = api.page_client("analyst")
    assert c.get("/ui/iin/850412312347").json() == {"birth_date": "1985-04-12", "sex": "male"}
    assert c.get("/ui/iin/850412312348").status_code == 422


def test_the_answer_has_a_permalink_and_its_trace_downloads(api) -> None:  # type: ignore[no-untyped-def]
    data = {**ADULT, "date": "2026-05-10", "kind": "ambulance", "form": "emergency", "policies": ["vhi"]}
    c = api.page_client("analyst", lang="en")
    html = c.post("/coverage", data=data).text
    link = re.search(r'<a href="(/coverage\?[^"]+)" rel="bookmark">', html)
    assert link is not None
    permalink = link.group(1).replace("&amp;", "&")
    assert "policies=vhi" in permalink
    again = c.get(permalink)
    assert again.status_code == 200 and answer_div(again.text).group(3) == "gvfmc"
    assert f'href="{link.group(1)}&amp;export=trace&amp;format=csv"' in html
    rows = list(csv.reader(io.StringIO(c.get(permalink + "&export=trace&format=csv").text.lstrip("\ufeff"))))
    assert rows[0][:3] == ["Rule", "Condition", "Applies"] and len(rows) > 1
    xlsx = c.get(permalink + "&export=trace&format=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None and sheet.cell(1, 1).value == "Rule"


@pytest.mark.parametrize("role", ["registrar", "provider", "analyst", "admin"])
def test_every_signed_in_role_may_check(api, role: str) -> None:  # type: ignore[no-untyped-def]
    org = "ORG1" if role in ("registrar", "provider") else None
    if org:
        body = {"id": "ORG1", "name": "ORG1", "region": "astana", "atu": "astana-esil", "phc": True}
        api.as_("admin").put("/v1/providers/ORG1", json=body)
    assert api.page_client(role, org).get("/coverage").status_code == 200


def test_form_fields_of_error_paths() -> None:
    assert form_field("person.iin") == "iin"
    assert form_field("service.icd10") == "icd10"
    assert form_field("date") == "date"
    assert form_field("person") == "form" and form_field(None) == "form"


def test_empty_fields_stay_out_of_the_request() -> None:
    """An empty select is not a value: the contract's validation decides what is missing, not the page."""
    from kepil.web.pages.coverage import ALL_FIELDS

    values = {
        **dict.fromkeys(ALL_FIELDS, ""),
        "policies": [],
        "kind": "phc",
        "insured": "yes",
        "pregnant": "on",
    }
    raw = request_of(values)
    assert "date" not in raw and raw["service"] == {
        "kind": "phc", "referral": None, "life_threatening": None, "socially_significant": None,
        "dangerous_to_others": None, "contact_isolation": None, "admission_department": None,
    }  # fmt: skip
    assert raw["person"]["insured"] is True and raw["person"]["attached"] is None
    assert raw["person"]["pregnant"] is True and raw["person"]["policies"] == []


@pytest.mark.parametrize(("lang", "words"), [("en", "did you mean “insured”"), ("ru", "возможно, «insured»")])
def test_a_field_the_form_does_not_have_is_refused_not_ignored(api, lang: str, words: str) -> None:  # type: ignore[no-untyped-def]
    """Amendment 1 on the page: a permalink or a post with `insurd=yes` answers 422 naming it, never a
    decision as if the person were uninsured."""
    data = {**ADULT, "date": "2026-05-10", "kind": "inpatient", "form": "planned", "insurd": "yes"}
    r = api.page_client("analyst", lang=lang).post("/coverage", data=data)
    assert r.status_code == 422 and words in r.text and 'class="answer' not in r.text
    r = api.page_client("analyst", lang=lang).get("/coverage", params=data)
    assert r.status_code == 422 and "insurd" in r.text
