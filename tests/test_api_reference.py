"""The acts' reference data over HTTP (/v1/acts, parameters, caps, classifier, payment-methods).

The answers are the views the CLI's `--json` prints (kepil.law.views): the figures checked here are those
of the seeds (program-2026-2028 79.4, 51, app1, app2; monitoring-rules app1), as in the CLI's own tests.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from kepil.cli.main import app as cli
from kepil.law.parameters import parameters

runner = CliRunner()


def _ok(response: Any) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


def _error(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()["error"]
    return body


def _cli_json(*args: str) -> Any:
    result = runner.invoke(cli, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# --- acts -----------------------------------------------------------------------------------------------


def test_acts_in_force_on_a_day_program_from_2026(api: Any) -> None:
    """program-2026-2028 is in force from 1 January 2026 (its title: "2026–2028 жылдарға арналған")."""
    client = api.as_("analyst")
    before = _ok(client.get("/v1/acts", params={"date": "2025-12-31"}))
    after = _ok(client.get("/v1/acts", params={"date": "2026-01-01"}))
    assert before["date"] == "2025-12-31" and "program-2026-2028" not in [a["id"] for a in before["acts"]]
    program = next(a for a in after["acts"] if a["id"] == "program-2026-2028")
    assert (program["in_force_from"], program["in_force_until"]) == ("2026-01-01", "2028-12-31")
    assert program["in_force"] is True


def test_all_acts_with_the_repeal_of_mvd_paid_services(api: Any) -> None:
    """mvd-paid-services is repealed (order 393): listed with all=true, with the reason, on any day."""
    rows = _ok(api.as_("analyst").get("/v1/acts", params={"date": "2026-01-01", "all": "true"}))["acts"]
    assert len(rows) == 7
    mvd = next(a for a in rows if a["id"] == "mvd-paid-services")
    assert mvd["in_force"] is False and mvd["in_force_until"] == "2025-06-09" and "393" in mvd["reason"]


def test_one_act_and_its_title_in_russian(api: Any) -> None:
    body = _ok(api.as_("analyst", lang="ru").get("/v1/acts/program-2026-2028", params={"date": "2027-01-01"}))
    assert body["id"] == "program-2026-2028" and body["short_title"].startswith("Программа гарантий")
    assert body["titles"]["kk"] and body["in_force"] is True


def test_unknown_act_in_the_path_is_404(api: Any) -> None:
    body = _error(api.as_("analyst").get("/v1/acts/no-such-act"), 404)
    assert body["code"] == "not_found" and "no-such-act" in body["message"]


def test_the_http_answer_is_the_cli_json(api: Any) -> None:
    """One view builds both: `kepil acts --json` and GET /v1/acts answer the same JSON."""
    http = _ok(api.as_("analyst", lang="kk").get("/v1/acts", params={"date": "2026-06-01", "all": "true"}))
    assert http == _cli_json("acts", "--date", "2026-06-01", "--all", "--lang", "kk")
    http = _ok(api.as_("analyst", lang="ru").get("/v1/payment-methods"))
    assert http == _cli_json("payment-methods", "--lang", "ru")


# --- dates ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["2026-02-30", "tomorrow", "01.01.2026"])
def test_a_date_that_does_not_parse_is_422_naming_date(api: Any, bad: str) -> None:
    body = _error(api.as_("analyst").get("/v1/parameters", params={"date": bad}), 422)
    assert (body["code"], body["field"]) == ("invalid_input", "date") and bad in body["message"]


def test_the_date_message_follows_accept_language(api: Any) -> None:
    body = _error(api.as_("analyst", lang="kk").get("/v1/acts", params={"date": "x"}), 422)
    assert "күн емес" in body["message"]


# --- parameters -----------------------------------------------------------------------------------------


def test_parameters_of_a_group_on_a_day(api: Any) -> None:
    body = _ok(
        api.as_("analyst").get("/v1/parameters", params={"date": "2026-06-01", "group": "changes_2027"})
    )
    assert body["date"] == "2026-06-01" and body["parameters"]
    assert {p["group"] for p in body["parameters"]} == {"changes_2027"}
    everything = _ok(api.as_("analyst").get("/v1/parameters", params={"date": "2026-06-01"}))
    assert len(everything["parameters"]) == len(parameters())


def test_unknown_group_is_422_naming_group(api: Any) -> None:
    body = _error(api.as_("analyst", lang="ru").get("/v1/parameters", params={"group": "nope"}), 422)
    assert body["field"] == "group" and "неизвестная группа" in body["message"]


def test_gp_panel_size_program_79_4(api: Any) -> None:
    """program-2026-2028 79.4: 1,700–2,000 attached people per GP position (rural organisations excepted)."""
    body = _ok(api.as_("analyst").get("/v1/parameters/access_gp_panel_size", params={"date": "2026-06-01"}))
    assert body["value"] == {"min": 1700, "max": 2000, "excludes": "rural_medical_organisations"}
    assert body["citations"] == [{"act": "program-2026-2028", "clause": "79.4"}] and body["reason"] is None


def test_post_mortem_donation_moves_to_cshi_on_1_january_2027(api: Any) -> None:
    """program-2026-2028 51: the post-mortem donation package is GVFMC in 2026 and CSHI from 2027-01-01."""
    client = api.as_("analyst")
    path = "/v1/parameters/post_mortem_donation_package"
    assert _ok(client.get(path, params={"date": "2026-12-31"}))["value"] == "gvfmc"
    body = _ok(client.get(path, params={"date": "2027-01-01"}))
    assert body["value"] == "cshi" and body["date"] == "2027-01-01"
    assert [v["from"] for v in body["values"]] == ["2026-01-01", "2027-01-01"]


def test_no_value_on_the_day_is_null_with_the_reason(api: Any) -> None:
    """Before the Program (2025-12-31) the law gives no value: 200, value null, the reason in ru."""
    path = "/v1/parameters/ambulance_arrival_limit_minutes"
    body = _ok(api.as_("analyst", lang="ru").get(path, params={"date": "2025-12-31"}))
    assert body["value"] is None and "ещё не введён в действие" in body["reason"]
    later = _ok(api.as_("analyst").get(path, params={"date": "2026-03-01"}))
    assert later["value"] == {"1": 10, "2": 15, "3": 30}  # urgency category -> minutes, keys as JSON text


def test_parameter_description_in_kazakh(api: Any) -> None:
    body = _ok(api.as_("analyst", lang="kk").get("/v1/parameters/post_mortem_donation_package"))
    assert "2027" in body["description"] and body["description"] != body["quote_kk"]
    en = _ok(api.as_("analyst").get("/v1/parameters/post_mortem_donation_package"))
    assert body["description"] != en["description"]


def test_unknown_parameter_in_the_path_is_404(api: Any) -> None:
    assert _error(api.as_("analyst").get("/v1/parameters/no_such_parameter"), 404)["code"] == "not_found"


# --- inpatient caps (program-2026-2028 app1) ------------------------------------------------------------


def test_caps_of_every_region_all_profiles(api: Any) -> None:
    """app1, "Барлық бейіндер бойынша" rows: Abai 85,472 planned cases (seed line 957); cities no rural."""
    rows = _ok(api.as_("analyst").get("/v1/caps"))
    assert len(rows) == 20 and {r["profile"] for r in rows} == {"all"}
    abai = next(r for r in rows if r["region"] == "abai")
    assert (abai["total"], abai["children"], abai["adults"]) == (85472, 18552, 66920)
    astana = next(r for r in rows if r["region"] == "astana")
    assert (astana["total"], astana["rural_total"]) == (193775, None)


def test_one_cap_by_path_in_russian(api: Any) -> None:
    """app1 `*`: Abai has no transplantology bed fund (footnote of app1)."""
    body = _ok(api.as_("analyst", lang="ru").get("/v1/caps/abai/transplantology"))
    assert body["status"] == "no_bed_fund" and body["total"] is None
    assert body["region_name"] == "Абайская область" and body["note"].startswith("Коечный фонд")
    assert body["citations"] == [
        {"act": "program-2026-2028", "clause": "app1"},
        {"act": "program-2026-2028", "clause": "73"},
    ]


def test_caps_by_region_and_by_profile_query(api: Any) -> None:
    client = api.as_("analyst")
    region_rows = _ok(client.get("/v1/caps", params={"region": "astana"}))
    assert len(region_rows) == 36 and {r["region"] for r in region_rows} == {"astana"}
    one = _ok(client.get("/v1/caps", params={"region": "Абай облысы", "profile": "all"}))
    assert len(one) == 1 and one[0]["total"] == 85472


def test_unknown_region_is_422_naming_region(api: Any) -> None:
    body = _error(api.as_("analyst").get("/v1/caps", params={"region": "atlantis"}), 422)
    assert body["field"] == "region" and "atlantis" in body["message"]
    ru = _error(api.as_("analyst", lang="ru").get("/v1/caps", params={"profile": "x"}), 422)
    assert ru["field"] == "profile" and ru["message"].startswith("неизвестный профиль коек 'x'")


def test_unknown_region_in_the_path_is_404(api: Any) -> None:
    _error(api.as_("analyst").get("/v1/caps/atlantis/all"), 404)
    _error(api.as_("analyst").get("/v1/caps/abai/no-such-profile"), 404)


# --- the unified classifier of defects (monitoring-rules app1) ------------------------------------------


def test_classifier_lists_the_28_rows(api: Any) -> None:
    rows = _ok(api.as_("analyst").get("/v1/classifier"))
    assert [r["row"] for r in rows] == list(range(1, 29))
    assert [r["code"] for r in rows if not r["significant"]] == ["2.0", "7.0"]  # monitoring-rules 2.14


def test_classifier_code_lookup(api: Any) -> None:
    """monitoring-rules app1 code 3.4: significant, 60 % of the inpatient case's cost (L4)."""
    body = _ok(api.as_("analyst", lang="ru").get("/v1/classifier/3.4"))
    assert body["code"] == "3.4" and body["significant"] is True and body["name"].startswith("Повышение")
    inpatient = next(c for c in body["cells"] if c["column"] == "inpatient")
    assert (inpatient["raw"], inpatient["kind"], inpatient["value"]) == ("60%", "percent_of_cost", "60")
    lost = _ok(api.as_("analyst").get("/v1/classifier/row:13"))
    assert lost["code"] is None and lost["inferred_code"] == "5.2"


def test_unknown_classifier_code_is_404(api: Any) -> None:
    _error(api.as_("analyst").get("/v1/classifier/9.9"), 404)


# --- payment methods (program-2026-2028 app2) -----------------------------------------------------------


def test_payment_methods_directions_and_one_by_row(api: Any) -> None:
    """app2: 14 numbered directions and the unnumbered one (foreign specialists, actual cost)."""
    rows = _ok(api.as_("analyst").get("/v1/payment-methods"))
    assert [r["row"] for r in rows] == [*range(1, 15), None] and rows[-1]["code"] == "foreign_specialists"
    kk = _ok(api.as_("analyst", lang="kk").get("/v1/payment-methods/1"))
    assert kk["code"] == "ambulance" and kk["name"] == "Жедел медициналық жәрдем көрсету"
    assert kk["citation"] == {"act": "program-2026-2028", "clause": "app2.1"}
    ru = _ok(api.as_("analyst", lang="ru").get("/v1/payment-methods/ambulance"))
    assert ru["name"] == "Оказание скорой медицинской помощи"


def test_unknown_direction_is_404(api: Any) -> None:
    _error(api.as_("analyst").get("/v1/payment-methods/astrology"), 404)


# --- keys -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/v1/acts", "/v1/parameters/access_gp_panel_size", "/v1/caps", "/v1/classifier/3.4"]
)
def test_without_a_key_401(api: Any, path: str) -> None:
    assert _error(api.client.get(path), 401)["code"] == "unauthorized"


def test_every_role_reads_the_reference(api: Any) -> None:
    from kepil.store.providers import ProviderIn, put_provider

    put_provider(
        api.engine, ProviderIn(id="ORG1", name="Emhana", region="abai", atu="Semey", phc=True), "test"
    )
    for client in (api.as_("admin"), api.as_("registrar", organisation="ORG1"), api.as_("provider", "ORG1")):
        assert client.get("/v1/caps/abai/all").json()["total"] == 85472
