"""The API refuses what it does not understand with the contract's error object, never a 500 (issue 14):
bounded integers in paths and queries (PostgreSQL ids are 32-bit), bounded JSON (depth and size), strict
dates, 405 with `Allow`, no bare `{"error": {"code": "error"}}`; and a provider's own key cannot assert the
regulated facts monitoring and attachment rely on (licence, PHC, palliative, MIS integration: ground 10.x,
the licence penalty) — an admin sets those; the provider keeps its name and contact data."""

from __future__ import annotations

from typing import Any

import pytest

PROVIDER = {"id": "PHC-1", "name": "Polyclinic 1", "region": "astana", "atu": "astana-esil", "phc": True}
DEEP = b"[" * 100_000 + b"]" * 100_000


@pytest.fixture
def reg(api):  # type: ignore[no-untyped-def]
    assert api.as_("admin").put("/v1/providers/PHC-1", json=PROVIDER).status_code == 201
    return api


def error(r: Any, status: int, code: str, field: str | None = None) -> dict[str, Any]:
    assert r.status_code == status, r.text
    body: dict[str, Any] = r.json()["error"]
    assert body["code"] == code and body["message"]
    if field is not None:
        assert body.get("field") == field, body
    return body


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/v1/providers?offset=99999999999999999999", "offset"),
        ("/v1/providers?offset=-1", "offset"),
        ("/v1/providers?limit=0", "limit"),
        ("/v1/providers?limit=10001", "limit"),
        ("/v1/attachments/2147483648", "attachment_id"),  # past PostgreSQL's integer
        ("/v1/attachments/0", "attachment_id"),
        ("/v1/attachments/99999999999999999999999", "attachment_id"),
    ],
)
def test_integers_in_paths_and_queries_are_bounded(reg, path: str, field: str) -> None:  # type: ignore[no-untyped-def]
    error(reg.as_("admin").get(path), 422, "invalid_input", field)


def test_the_largest_id_postgresql_holds_is_a_404_not_a_500(reg) -> None:  # type: ignore[no-untyped-def]
    error(reg.as_("admin").get("/v1/attachments/2147483647"), 404, "not_found")


@pytest.mark.parametrize("query", ["date=0", "date=20260101", "date=2026-01-01T00:00:00", "date=2026-02-30"])
def test_a_date_is_yyyy_mm_dd_and_nothing_else(reg, query: str) -> None:  # type: ignore[no-untyped-def]
    error(reg.as_("admin").get(f"/v1/contracts?{query}"), 422, "invalid_input", "date")


def test_a_contract_date_given_as_a_number_is_refused(reg) -> None:  # type: ignore[no-untyped-def]
    contract = {"number": "K-1", "start": 0, "end": "2026-12-31", "care_kinds": ["phc"], "sum_tiyn": 1}
    r = reg.as_("admin").post("/v1/providers/PHC-1/contracts", json=contract)
    assert error(r, 422, "invalid_input", "start")["message"] == "expected a date YYYY-MM-DD"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("put", "/v1/providers/PHC-1"),  # a body FastAPI reads into a model
        ("post", "/v1/attachments"),  # a body the route reads itself
        ("post", "/v1/attachments/1/detach"),
    ],
)
def test_a_json_body_nested_100000_deep_is_422_not_a_traceback(reg, method: str, path: str) -> None:  # type: ignore[no-untyped-def]
    client = reg.as_("admin")
    r = getattr(client, method)(path, content=DEEP, headers={"Content-Type": "application/json"})
    assert "too deep" in error(r, 422, "invalid_input", "body")["message"]


@pytest.mark.parametrize("body", [b'\x015T\x1bSdF\xef\xbf\xbd"', b"\xff\xfe{", b"{", b"[1,"])
@pytest.mark.parametrize(
    "path",
    ["/v1/monitoring/defects/x/unscheduled", "/v1/monitoring/defects/x/decision", "/v1/coverage/decisions"],
)
def test_a_body_that_is_not_json_is_422_on_the_body_in_every_language(reg, path: str, body: bytes) -> None:  # type: ignore[no-untyped-def]
    """Found by schemathesis: bytes FastAPI cannot read were a 400 no operation declares, and a JSON
    syntax error named a character offset ("[0]") as the field."""
    said = {}
    for lang in ("kk", "ru", "en"):
        r = reg.as_("admin", lang=lang).post(path, content=body, headers={"Content-Type": "application/json"})
        said[lang] = error(r, 422, "invalid_input", "body")["message"]
    assert said["en"] == "The request body is not JSON" and len(set(said.values())) == 3


def test_the_fhir_endpoint_answers_a_deep_body_with_an_operation_outcome(reg) -> None:  # type: ignore[no-untyped-def]
    r = reg.as_("admin").post(
        "/fhir/CoverageEligibilityRequest", content=DEEP, headers={"Content-Type": "application/fhir+json"}
    )
    assert r.status_code == 422 and r.headers["content-type"].startswith("application/fhir+json")
    assert r.json()["resourceType"] == "OperationOutcome" and "too deep" in r.text


def test_a_body_past_the_size_limit_is_413(reg, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from kepil.api import app as app_module

    monkeypatch.setattr(app_module, "MAX_JSON_BYTES", 1000)  # the real limit is 64 MB: the same path
    app = app_module.create_app(engine=reg.engine)
    client = TestClient(app, raise_server_exceptions=False)
    r = client.put(
        "/v1/providers/PHC-1",
        content=b'{"name": "' + b"x" * 5000 + b'"}',
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {reg.key('admin')}"},
    )
    error(r, 413, "too_large")


def test_405_says_every_method_the_path_allows(reg) -> None:  # type: ignore[no-untyped-def]
    r = reg.as_("admin").delete("/v1/providers/PHC-1")
    error(r, 405, "method_not_allowed")
    assert set(r.headers["allow"].replace(" ", "").split(",")) == {"GET", "PUT"}


def test_no_error_is_the_bare_code_error(reg) -> None:  # type: ignore[no-untyped-def]
    r = reg.as_("admin").put("/v1/providers/PHC-1", json={**PROVIDER, "id": "PHC-2"})
    error(r, 422, "invalid_input", "id")
    r = reg.as_("admin").put(
        "/v1/providers/PHC-1", content=b"\xff\xfe", headers={"Content-Type": "application/json"}
    )
    error(r, 422, "invalid_input", "body")


def test_the_openapi_document_declares_each_operations_failures_with_the_error_object(reg) -> None:  # type: ignore[no-untyped-def]
    doc = reg.client.get("/openapi.json").json()
    assert "HTTPValidationError" not in doc["components"]["schemas"]
    for path, item in doc["paths"].items():
        for method, op in item.items():
            codes = set(op["responses"])
            if any(p["in"] == "path" for p in op.get("parameters", [])):
                assert {"404", "422"} <= codes, (method, path)
            if path.startswith(("/v1", "/fhir/CoverageEligibilityRequest")):
                assert {"401", "403"} <= codes, (method, path)
            for code, response in op["responses"].items():
                if code.startswith("4") and not path.startswith("/fhir"):
                    schema = response["content"]["application/json"]["schema"]
                    assert schema == {"$ref": "#/components/schemas/Error"}, (method, path, code)
                elif path.startswith("/fhir") and code[0] in "45":  # on /fhir: an OperationOutcome (issue 18)
                    assert list(response["content"]) == ["application/fhir+json"], (method, path, code)
    fhir = doc["paths"]["/fhir/CoverageEligibilityRequest"]["post"]
    assert "application/fhir+json" in fhir["requestBody"]["content"]
    for code in ("201", "406", "409", "415", "422"):
        assert list(fhir["responses"][code]["content"]) == ["application/fhir+json"]
    assert list(doc["paths"]["/fhir/CodeSystem"]["get"]["responses"]["200"]["content"]) == [
        "application/fhir+json"
    ]


# ------------------------------------------------------------------ regulated facts of a provider


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("phc", False),
        ("palliative", True),
        ("mis_integrated", True),
        ("licence_valid_until", "2099-12-31"),
        ("licence_number", "SELF-1"),
        ("gp_positions", 99),
        ("rural", True),
        ("region", "abai"),
        ("newly_commissioned", True),
        ("border_neighbour_atus", ["astana-almaty"]),
        ("events", [{"code": "privatisation", "date": "2026-01-01"}]),
    ],
)
def test_a_provider_cannot_assert_its_own_regulated_facts(reg, field: str, value: Any) -> None:  # type: ignore[no-untyped-def]
    r = reg.as_("provider", "PHC-1", lang="ru").put("/v1/providers/PHC-1", json={**PROVIDER, field: value})
    assert "администратор" in error(r, 403, "forbidden", field)["message"]
    assert reg.as_("admin").get("/v1/providers/PHC-1").json()[field] != value  # nothing changed


def test_a_provider_changes_its_name_and_contact_data(reg) -> None:  # type: ignore[no-untyped-def]
    contacts = {"name": "Polyclinic No. 1", "address": "Astana, Abai ave. 1", "phone": "+7 7172 123456"}
    contacts["email"] = "desk@pc1.kz"
    r = reg.as_("provider", "PHC-1").put("/v1/providers/PHC-1", json={**PROVIDER, **contacts})
    assert r.status_code == 200, r.text
    assert {k: r.json()[k] for k in contacts} == contacts


def test_an_admin_sets_the_regulated_facts(reg) -> None:  # type: ignore[no-untyped-def]
    licence = {
        "licence_number": "KZ-1",
        "licence_valid_from": "2020-01-01",
        "licence_valid_until": "2030-12-31",
    }
    r = reg.as_("admin").put("/v1/providers/PHC-1", json={**PROVIDER, **licence, "palliative": True})
    assert r.status_code == 200 and r.json()["palliative"] is True
    # the provider sends the registry's values back unchanged with a new phone: accepted
    r = reg.as_("provider", "PHC-1").put(
        "/v1/providers/PHC-1", json={**PROVIDER, **licence, "palliative": True, "phone": "87172000000"}
    )
    assert r.status_code == 200, r.text


def test_a_provider_key_cannot_register_another_provider(reg) -> None:  # type: ignore[no-untyped-def]
    other = {**PROVIDER, "id": "PHC-9"}
    error(reg.as_("provider", "PHC-1").put("/v1/providers/PHC-9", json=other), 403, "forbidden")


def test_a_long_value_is_quoted_by_a_short_prefix_in_the_error(reg) -> None:  # type: ignore[no-untyped-def]
    r = reg.as_("admin").get("/v1/providers", params={"region_code": "x" * 20_000})
    body = error(r, 422, "invalid_input", "region_code")
    assert len(body["message"]) < 600 and "xxx..." in body["message"]


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        (
            "/v1/attachments",
            {"iin": "850412312347", "organisation_id": "A", "ground": "x", "date": "Z" * 10**6},
            "date",
        ),
        ("/v1/attachments", {"iin": "850412312347", "documents": ["Z" * 10**6]}, "documents[0]"),
    ],
)
def test_a_megabyte_text_in_a_body_is_refused_without_being_echoed(
    reg, path: str, body: Any, field: str
) -> None:  # type: ignore[no-untyped-def]
    r = reg.as_("admin").post(path, json=body)
    assert len(r.text) < 1000
    assert "too long" in error(r, 422, "invalid_input", field)["message"]


def test_the_fhir_endpoint_refuses_a_megabyte_text_without_echoing_it(reg) -> None:  # type: ignore[no-untyped-def]
    r = reg.as_("admin").post("/fhir/CoverageEligibilityRequest", json={"resourceType": "Z" * 10**6})
    assert r.status_code == 422 and len(r.text) < 2000 and "too long" in r.text


@pytest.mark.parametrize(
    ("path", "name", "close"),
    [
        ("/v1/persons/900101300017/attachment?dat=2026-01-01", "dat", "date"),  # answered for today before
        ("/v1/providers?limt=5", "limt", "limit"),
        ("/v1/contracts?dtae=2026-03-01", "dtae", "date"),
        ("/v1/acts?x=1", "x", None),
    ],
)
def test_a_query_parameter_the_operation_does_not_define_is_refused(  # type: ignore[no-untyped-def]
    reg, path: str, name: str, close: str | None
) -> None:
    """Never ignored (issue 14): a misspelt query parameter is 422 naming it and the one it resembles, in
    the request's language — not an answer to a question nobody asked."""
    body = error(reg.as_("admin").get(path), 422, "invalid_input", name)
    assert (f"(→ {close}?)" in body["message"]) == (close is not None)
    ru = reg.as_("admin").get(path, headers={"Accept-Language": "ru"}).json()["error"]["message"]
    assert ru.startswith("операция не определяет") and name in ru


def test_the_parameters_an_operation_defines_are_still_read(reg) -> None:  # type: ignore[no-untyped-def]
    r = reg.as_("admin").get("/v1/providers?limit=5&offset=0")
    assert r.status_code == 200, r.text
    assert reg.as_("admin").get("/v1/acts?all=true").status_code == 200  # an alias (`all`) is its name


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("status=nope", "status"),
        ("code=99.9", "code"),
        ("period=2026-13", "period"),
        ("region=Atlantis", "region"),
    ],
)
def test_a_monitoring_filter_refused_over_http_names_the_query_parameter(  # type: ignore[no-untyped-def]
    api, query: str, field: str
) -> None:
    """The API's `field` is the query parameter the caller sent (`status`), not the CLI's option (`--status`)
    that the same filter names in `kepil monitor defects`."""
    error(api.as_("analyst").get(f"/v1/monitoring/defects?{query}"), 422, "invalid_input", field)
