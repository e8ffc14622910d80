"""Parameters of the acts: values by effective date, citations, and the Kazakh words they come from."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kepil.cli.main import app
from kepil.coverage.request import STATE_PAID_CATEGORIES
from kepil.errors import InvalidInput, LawNotInForce
from kepil.law import parameters as parameters_module
from kepil.law.acts import act
from kepil.law.citation import ACT_IDS
from kepil.law.parameters import GROUPS, parameter, parameters, value

runner = CliRunner()
D = dt.date

# The contract's 16 state-paid categories (coverage.md), in the order of program-2026-2028 55.
CSHI_CATEGORIES = list(STATE_PAID_CATEGORIES)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_every_parameter_cites_a_known_act_and_has_three_languages() -> None:
    for p in parameters():
        assert p.citations and all(c.act in ACT_IDS and c.clause for c in p.citations), p.name
        assert p.quote_kk and p.unit and p.group in GROUPS
        assert all(p.description[lang] for lang in ("kk", "ru", "en"))


def test_every_quote_is_in_the_seed_of_its_act(seeds_dir: Path) -> None:
    """quote_kk is the seed's own words ("..." marks a gap)."""
    for p in parameters():
        text = _norm((seeds_dir / act(p.act).seed).read_text(encoding="utf-8"))
        for part in p.quote_kk.split("..."):
            assert _norm(part) in text, (p.name, part)


# --- program-2026-2028 ------------------------------------------------------------------------------


def test_ambulance_arrival_limits_by_category_clause_4() -> None:
    assert value("ambulance_arrival_limit_minutes", D(2026, 1, 1)) == {1: 10, 2: 15, 3: 30}
    assert value("ambulance_urgency_categories", D(2026, 1, 1)) == 4


def test_category_4_served_by_phc_teams_08_to_20_on_working_days_clause_4() -> None:
    teams = value("ambulance_category_teams", D(2026, 5, 1))
    assert teams[4]["phc_hours"] == {
        "from": "08:00",
        "to": "20:00",
        "days": "working_days",
        "team": "phc_paramedic",
    }
    assert teams[4]["otherwise"]["team"] == "ambulance_station_paramedic"
    assert set(teams[4]["otherwise"]["when"]) == {"night_20_to_08", "weekend", "holiday"}


@pytest.mark.parametrize(
    ("name", "clause", "expected"),
    [
        ("access_ambulance_teams_per_population", "79.1", {"teams": 1, "residents": 10000}),
        ("access_category4_teams_per_population", "79.2", {"teams": 1, "residents": 25000}),
        ("access_doctor_teams_share_min", "79.3", 25),
        (
            "access_gp_panel_size",
            "79.4",
            {"min": 1700, "max": 2000, "excludes": "rural_medical_organisations"},
        ),
        ("access_vaccination_coverage_min", "79.5", 95),
        ("access_specialised_treatment_start_max_days", "79.6", 30),
        ("access_palliative_beds_per_population", "79.7", {"beds": 10, "residents": 100000}),
        ("access_dynamic_observation_coverage", "79.8", 100),
        ("access_oncology_green_corridor_max_working_days", "79.9", 18),
    ],
)
def test_the_nine_access_criteria_clause_79(name: str, clause: str, expected: object) -> None:
    p = parameter(name)
    assert p.group == "access_criteria" and str(p.citations[0]) == f"program-2026-2028 {clause}"
    assert value(name, D(2026, 6, 1)) == expected


def test_exactly_nine_access_criteria() -> None:
    assert sorted(c.clause for p in parameters("access_criteria") for c in p.citations) == [
        f"79.{i}" for i in range(1, 10)
    ]


def test_sixteen_state_paid_cshi_categories_clause_55() -> None:
    categories = value("cshi_state_paid_categories", D(2026, 1, 1))
    assert [c["code"] for c in categories] == CSHI_CATEGORIES
    assert [c["clause"] for c in categories] == [f"55.{i}" for i in range(1, 17)]
    assert all(c["kk"] and c["ru"] and c["en"] for c in categories)
    by_code = {c["code"]: c for c in categories}
    assert by_code["kandas_unemployed"]["kk"] == "жұмыс істемейтін қандастар"  # 55.10
    assert "Алтын алқа" in by_code["large_family_mother"]["kk"]  # 55.11
    assert value("cshi_state_contribution_deadline", D(2026, 1, 1)) == 5  # 55: first five working days


@pytest.mark.parametrize(
    ("name", "before", "after"),
    [
        ("emergency_inpatient_outside_cshi_scope", "any_emergency", "life_threatening_or_listed"),  # 33.4, 34
        ("post_mortem_donation_package", "gvfmc", "cshi"),  # 50, 51
        (
            "phc_gvfmc_scope",
            ["socially_significant_diseases", "screening"],
            ["socially_significant_diseases", "screening", "first_contact"],
        ),  # 22
    ],
)
def test_the_changes_of_2027_01_01_paragraphs_22_34_51(name: str, before: object, after: object) -> None:
    assert value(name, D(2026, 12, 31)) == before
    assert value(name, D(2027, 1, 1)) == after
    assert value(name, D(2028, 12, 31)) == after


@pytest.mark.parametrize("name", ["ambulance_arrival_limit_minutes", "cshi_state_paid_categories"])
def test_program_parameters_have_no_value_outside_2026_2028(name: str) -> None:
    value(name, D(2026, 1, 1))
    value(name, D(2028, 12, 31))
    for outside in (D(2025, 12, 31), D(2029, 1, 1)):
        with pytest.raises(LawNotInForce, match=outside.isoformat()):
            value(name, outside)


def test_intervals_close_at_the_program_end() -> None:
    assert parameter("post_mortem_donation_package").intervals() == [
        (D(2026, 1, 1), D(2026, 12, 31), "gvfmc"),
        (D(2027, 1, 1), D(2028, 12, 31), "cshi"),
    ]


# --- phc-attachment-rules ---------------------------------------------------------------------------


def test_attachment_campaign_15_september_to_15_november_clause_10_3() -> None:
    assert value("attachment_campaign", D(2026, 1, 1)) == {"start": "09-15", "end": "11-15"}
    assert str(parameter("attachment_campaign").citations[0]) == "phc-attachment-rules 10.3"


def test_nine_grounds_of_attachment_clause_10() -> None:
    grounds = value("attachment_grounds", D(2024, 1, 1))
    assert [g["clause"] for g in grounds] == [f"10.{i}" for i in range(1, 10)]
    assert grounds[2]["code"] == "attachment_campaign"
    codes = {g["code"] for g in grounds}
    assert set(value("attachment_egov_grounds", D(2024, 1, 1))) <= codes  # 11: grounds 1, 2, 3, 5


def test_attachment_values_start_with_order_141() -> None:
    """phc-attachment-rules as amended by order No. 141 applies from 2023-08-13 (assumed)."""
    value("attachment_grounds", D(2023, 8, 13))
    with pytest.raises(LawNotInForce, match="141"):
        value("attachment_grounds", D(2023, 8, 12))


# --- monitoring-rules -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "clause", "unit", "expected"),
    [
        ("objection_deadline", "26", "working_days", 5),
        ("hidden_defect_notice_deadline", "53", "months", 1),
        ("refund_deadline", "53-1", "months", 6),
        ("unlicensed_activity_penalty_rate", "10", "percent_of_contract_sum", 10),
        ("current_monitoring_frequency", "21", "code", "every_working_day"),
        ("readmission_window", "app1.4.0", "calendar_days", 30),
        ("waiting_time_limit", "app1.7.0", "working_days", 15),
    ],
)
def test_monitoring_deadlines_and_rates(name: str, clause: str, unit: str, expected: object) -> None:
    p = parameter(name)
    assert str(p.citations[0]) == f"monitoring-rules {clause}" and p.unit == unit
    assert value(name, D(2026, 3, 15)) == expected


def test_monitoring_values_apply_from_order_19_of_2026() -> None:
    """monitoring-rules as amended applies from 2026-03-15 (published, assumed, the day after 2026-03-03)."""
    with pytest.raises(LawNotInForce, match=r"No\. 19 of 27 February 2026"):
        value("objection_deadline", D(2026, 3, 14))


# --- drug-rules -------------------------------------------------------------------------------------


def test_medicine_stock_one_to_six_months_clause_4() -> None:
    assert value("medicine_stock_months", D(2025, 6, 1)) == {"min": 1, "max": 6}


def test_medicine_need_deadlines_clauses_12_and_18() -> None:
    assert value("personalised_need_agreement_deadline", D(2026, 1, 1)) == "03-20"
    assert value("budget_request_deadline", D(2026, 1, 1)) == "04-15"


def test_medicine_need_formulas_clauses_19_to_21() -> None:
    assert value("annual_need_factors", D(2026, 1, 1)) == [
        "daily_dose",
        "course_duration",
        "intake_duration_per_year",
    ]
    outpatient = value("outpatient_need_formula", D(2026, 1, 1))
    assert outpatient["annual_need_per_patient"] == "daily_dose * course_duration * intake_duration_per_year"
    assert outpatient["daily_dose"] == "single_dose * doses_per_day"
    inpatient = value("inpatient_need_formula", D(2026, 1, 1))
    assert inpatient["need"] == "previous_year_actual_consumption - expected_year_end_balance"
    assert inpatient["expected_year_end_balance"] == "year_start_balance + receipts - expenditure"
    with pytest.raises(LawNotInForce):
        value("outpatient_need_formula", D(2025, 3, 25))  # order No. 19 of 2025 applies from 2025-03-26


# --- lookups and validation -------------------------------------------------------------------------


def test_unknown_parameter_suggests_close_names() -> None:
    with pytest.raises(InvalidInput, match="did you mean objection_deadline"):
        parameter("objection_deadlin")


def test_a_parameter_without_a_known_act_is_rejected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = parameters_module.parameters_file().read_text(encoding="utf-8")
    bad = tmp_path / "parameters.yaml"
    bad.write_text(source.replace('{act: monitoring-rules, clause: "26"}', '{act: nowhere, clause: "26"}'))
    monkeypatch.setenv("KEPIL_PARAMETERS_YAML", str(bad))
    with pytest.raises(InvalidInput, match=r"parameters\.yaml:parameters\[objection_deadline\]\.citations"):
        parameters()


def test_a_parameter_without_citation_is_rejected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "parameters.yaml"
    bad.write_text(
        "parameters:\n  - {name: x, group: cshi, unit: days, quote_kk: q, citations: [],\n"
        "     description: {kk: a, ru: b, en: c}, values: [{from: act, value: 1}]}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("KEPIL_PARAMETERS_YAML", str(bad))
    with pytest.raises(InvalidInput, match="cites at least one clause"):
        parameters()


# --- the command ------------------------------------------------------------------------------------


def test_cli_shows_one_parameter_with_citation_and_quote() -> None:
    result = runner.invoke(app, ["params", "objection_deadline", "--date", "2026-04-01", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["value"] == 5 and data["citations"] == [{"act": "monitoring-rules", "clause": "26"}]
    assert "бес жұмыс күні ішінде" in data["quote_kk"]


def test_cli_boundary_of_2027_in_json() -> None:
    def on(day: str) -> object:
        result = runner.invoke(app, ["params", "post_mortem_donation_package", "--date", day, "--json"])
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)["value"]

    assert (on("2026-12-31"), on("2027-01-01")) == ("gvfmc", "cshi")


def test_cli_lists_all_parameters_with_reasons() -> None:
    result = runner.invoke(app, ["params", "--date", "2026-03-01", "--json", "--lang", "ru"])
    assert result.exit_code == 0
    rows = {r["name"]: r for r in json.loads(result.stdout)["parameters"]}
    assert len(rows) == len(parameters())
    assert rows["objection_deadline"]["value"] is None and "№ 19" in rows["objection_deadline"]["reason"]
    assert rows["ambulance_arrival_limit_minutes"]["value"] == {"1": 10, "2": 15, "3": 30}


def test_cli_table_lists_names_and_citations(monkeypatch: pytest.MonkeyPatch) -> None:
    from kepil.cli import common

    monkeypatch.setattr(common.console, "width", 200)  # the table must not fold names, whatever the terminal
    result = runner.invoke(app, ["params", "--date", "2026-06-01"])
    assert result.exit_code == 0
    assert "access_gp_panel_size" in result.stdout and "program-2026-2028 79.4" in result.stdout


def test_cli_unknown_parameter_exits_2() -> None:
    result = runner.invoke(app, ["params", "no_such_parameter"])
    assert result.exit_code == 2 and "no_such_parameter" in result.output and "Traceback" not in result.output


def test_cli_no_value_on_the_day_exits_2_with_the_reason() -> None:
    result = runner.invoke(app, ["params", "ambulance_arrival_limit_minutes", "--date", "2025-12-31"])
    assert result.exit_code == 2 and "1 January 2026" in result.output


def test_cli_bad_date_exits_2() -> None:
    result = runner.invoke(app, ["params", "--date", "2026-02-30"])
    assert result.exit_code == 2 and "2026-02-30" in result.output
