"""What if over HTTP and on the analysts' page (issue 20): the 2027 scenario (program-2026-2028 34, 51)
stored, shown in kk/ru/en with its summary, chart and cases, downloaded as XLSX; the API serves the same and
runs a what-if on a JSON array; analysts only; bad values refused with the field named."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import polars as pl
import pytest
from openpyxl import load_workbook

from kepil.coverage import columns as C
from kepil.whatif import coverage as W
from kepil.whatif.reform import apply, load_reform
from kepil.whatif.store import save

REQUESTS: list[dict[str, Any]] = [
    {
        "date": "2026-05-04",
        "person": {"residency": "citizen", "birth_date": "1980-02-02", "insured": False},
        "service": {"kind": "inpatient", "form": "emergency", "icd10": "K35.8", "life_threatening": False},
        "region": "abai",
    },
    {
        "date": "2026-05-04",
        "person": {"residency": "citizen", "birth_date": "1980-02-02", "insured": True},
        "service": {"kind": "organ_donation", "icd10": "N18.5"},
        "region": "astana",
    },
    {
        "date": "2026-05-04",
        "person": {"residency": "citizen", "birth_date": "1980-02-02", "insured": True},
        "service": {"kind": "phc", "form": "planned", "icd10": "J06.9"},
        "region": "astana",
    },
]


def _frame() -> pl.DataFrame:
    flat = [
        {
            "date": r["date"],
            "region": r["region"],
            **{f"{top}.{k}": v for top in ("person", "service") for k, v in r[top].items()},
        }
        for r in REQUESTS
    ]
    return C.typed(pl.DataFrame(flat, infer_schema_length=None), C.JSON, carry=["region"])


@pytest.fixture
def stored(api):  # type: ignore[no-untyped-def]
    applied = apply(load_reform("program-2027"))
    diff = W.compare(_frame(), applied)
    total = diff.summary.row(0, named=True)
    scope = save(
        api.engine,
        "whatif_coverage",
        applied.reform,
        "requests.json",
        diff.summary,
        diff.changes,
        {
            "requests": diff.requests,
            **{k: total[k] for k in ("changed", "lost", "lost_unknown", "gained", "package", "other")},
        },
    )
    api.scope = scope
    body = {"id": "ORG1", "name": "ORG1", "region": "astana", "atu": "astana-esil", "phc": True}
    assert api.as_("admin").put("/v1/providers/ORG1", json=body).status_code == 201
    return api


@pytest.mark.parametrize(
    ("lang", "words"), [("kk", "Өтеуден айырылады"), ("ru", "Теряют покрытие"), ("en", "Lose coverage")]
)
def test_the_page_shows_the_stored_scenario(stored, lang: str, words: str) -> None:  # type: ignore[no-untyped-def]
    html = stored.page_client("analyst", lang=lang).get("/whatif?dimension=region").text
    assert words in html and "Program 2027 change" in html
    assert 'id="table-summary"' in html and 'id="table-cases"' in html and "<svg" in html
    assert "abai" in html and "inpatient.gvfmc_emergency_uninsured" in html


def test_the_cases_download_as_xlsx(stored) -> None:  # type: ignore[no-untyped-def]
    r = stored.page_client("analyst", lang="ru").get("/whatif?export=cases&format=xlsx")
    assert r.status_code == 200
    ws = load_workbook(io.BytesIO(r.content)).active
    assert ws is not None
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[0][0] == "Запрос" and len(rows) == 3  # header + the two changed requests
    assert any("теряет покрытие" in str(v) for row in rows for v in row)


def test_bad_filters_are_refused_with_the_field(stored) -> None:  # type: ignore[no-untyped-def]
    c = stored.page_client("analyst", lang="en")
    assert c.get("/whatif?dimension=planet").status_code == 422
    bad = c.get("/whatif?scope=nope")
    assert bad.status_code == 422 and 'id="scope-error"' in bad.text
    assert c.get("/whatif?kind=claims").status_code == 200  # nothing stored: the empty state
    assert "kepil whatif" in c.get("/whatif?kind=claims").text


def test_the_page_and_api_are_for_analysts(stored) -> None:  # type: ignore[no-untyped-def]
    assert stored.page_client("registrar", "ORG1", lang="en").get("/whatif").status_code == 403
    assert stored.page_client().get("/whatif").status_code == 303
    assert stored.as_("provider", "ORG1").get("/v1/whatif/stored/coverage").status_code == 403


def test_the_api_serves_the_stored_result(stored) -> None:  # type: ignore[no-untyped-def]
    c = stored.as_("analyst")
    listing = c.get("/v1/whatif/stored/coverage").json()
    assert listing[0]["scope"] == stored.scope and listing[0]["totals"]["lost"] == 1
    one = c.get(f"/v1/whatif/stored/coverage/{stored.scope}").json()
    assert one["reform"]["name"].startswith("Program 2027") and len(one["cases"]) == 2
    assert c.get("/v1/whatif/stored/coverage/nope").status_code == 404
    assert c.get("/v1/whatif/stored/taxes").status_code == 422


def test_the_api_runs_a_what_if_on_requests(stored) -> None:  # type: ignore[no-untyped-def]
    c = stored.as_("analyst", lang="ru")
    r = c.post("/v1/whatif/coverage", json={"as_of": "2027-01-01", "requests": REQUESTS})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["summary"][0]["lost"] == 1 and {"lost", "package"} <= {ch["change"] for ch in body["changes"]}
    bad = c.post(
        "/v1/whatif/coverage",
        json={
            "reform": "name: x\ncites: [{document: d}]\nrules: [{id: phc.gvfmcc, in_force: false, from: "
            "2026-01-01}]\n",
            "requests": REQUESTS,
        },
    )
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "reform:rules[0].id"
    assert "неизвестное правило" in bad.json()["error"]["message"]
    assert "возможно, phc.gvfmc" in bad.json()["error"]["message"]
    assert c.post("/v1/whatif/coverage", json={"requests": REQUESTS}).status_code == 422
    assert c.post("/v1/whatif/coverage", content=b"{").status_code == 422
    assert dt.date(2026, 5, 4).isoformat() == REQUESTS[0]["date"]


@pytest.mark.parametrize(
    ("reform", "words"),
    [
        ("name: x\ncites: [{document: d}]\nrules: [{id: phc.gvfmc, in_force: false, from: 2026-02-30}]\n",
         "'2026-02-30' — не дата"),
        ("name: x\ncites: [{document: d}]\nrules: " + "[" * 5000 + "]" * 5000 + "\n", "слишком глубок"),
    ],
)  # fmt: skip
def test_a_reform_the_parser_cannot_build_is_a_422_not_a_500(stored, reform: str, words: str) -> None:  # type: ignore[no-untyped-def]
    """Found by the sweep: an impossible date (PyYAML's ValueError) or brackets nested past the recursion
    limit in the posted reform's text ended in an HTTP 500; each is the reform's 422 now."""
    c = stored.as_("analyst", lang="ru")
    r = c.post("/v1/whatif/coverage", json={"reform": reform, "requests": REQUESTS})
    assert r.status_code == 422, r.text
    assert r.json()["error"]["field"] == "reform" and words in r.json()["error"]["message"]
