"""What if (issue 20): the reform file — validated with errors naming the key in kk/ru/en — and what it does
to the rule book: rules switched by id from a date, parameters of 34 and 51 moving their rules, lists
replaced from a date, tariff entries changed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from kepil.coverage import columns as C
from kepil.errors import InvalidInput
from kepil.reference import disease_lists
from kepil.whatif import coverage as W
from kepil.whatif.reform import affected_kinds, applied_tariffs, apply, load_reform, parse_reform

CITE = [{"document": "Draft order", "clause": "34"}]
TARIFFS = Path(__file__).parents[1] / "src/kepil/data/program_2026_2028/tariffs_example_2026.yaml"


def _reform(**extra: Any) -> dict[str, Any]:
    return {"name": "test", "cites": CITE, **extra}


def _error(tree: Any) -> InvalidInput:
    with pytest.raises(InvalidInput) as e:
        parse_reform(tree, "r.yaml")
    return e.value


@pytest.mark.parametrize(
    ("tree", "field", "words"),
    [
        ([], "r.yaml:(top)", "must be a YAML mapping"),
        ({"cites": CITE}, "r.yaml:name", "required key is missing"),
        (_reform(nme="x"), "r.yaml:nme", "unknown key"),
        ({"name": "x", "cites": []}, "r.yaml:cites", "cites what it stands for"),
        (_reform(), "r.yaml:(top)", "changes nothing"),
        (_reform(as_of="2027-13-01"), "r.yaml:as_of", "expected a date"),
        (_reform(as_of="2029-01-01"), "r.yaml:as_of", "outside the Program"),
        (_reform(as_of=dt.date(2025, 12, 31)), "r.yaml:as_of", "outside the Program"),
        (
            _reform(rules=[{"id": "organ_donation.gvfmcc", "in_force": False, "from": "2026-05-01"}]),
            "r.yaml:rules[0].id",
            "did you mean organ_donation.gvfmc",
        ),
        (
            _reform(rules=[{"id": "organ_donation.gvfmc", "in_force": "no", "from": "2026-05-01"}]),
            "r.yaml:rules[0].in_force",
            "expected true or false",
        ),
        (
            _reform(
                rules=[
                    {
                        "id": "organ_donation.gvfmc",
                        "in_force": False,
                        "from": "2026-05-01",
                        "to": "2026-04-01",
                    }
                ]
            ),
            "r.yaml:rules[0].to",
            "is before",
        ),
        (
            _reform(rules=[{"id": "organ_donation.gvfmc", "from": "2026-05-01"}]),
            "r.yaml:rules[0].in_force",
            "required key",
        ),
        (
            _reform(parameters=[{"name": "emergency_scope", "citations": CITE, "values": []}]),
            "r.yaml:parameters[0].name",
            "unknown parameter",
        ),
        (
            _reform(
                parameters=[
                    {
                        "name": "emergency_inpatient_outside_cshi_scope",
                        "citations": [{"act": "program-2026-2028", "clause": "34"}],
                        "values": [{"from": dt.date(2026, 5, 1), "value": "everyone"}],
                    }
                ]
            ),
            "r.yaml:parameters[0].values[0].value",
            "life_threatening_or_listed",
        ),
        (
            _reform(
                parameters=[
                    {
                        "name": "objection_deadline",
                        "citations": [{"act": "monitoring-rules", "clause": "26"}],
                        "values": [{"from": dt.date(2026, 5, 1), "value": "ten"}],
                    }
                ]
            ),
            "r.yaml:parameters[0].values[0].value",
            "shape",
        ),
        (
            _reform(
                parameters=[
                    {
                        "name": "post_mortem_donation_package",
                        "citations": [{"act": "no-such-act", "clause": "51"}],
                        "values": [{"from": dt.date(2026, 5, 1), "value": "cshi"}],
                    }
                ]
            ),
            "r.yaml:parameters[0].citations[0].act",
            "is not one of",
        ),
        (
            _reform(
                lists=[
                    {
                        "id": "emergency_admissions",
                        "from": "2026-05-01",
                        "source": "s",
                        "certainty": "c",
                        "entries": [],
                    }
                ]
            ),
            "r.yaml:lists[0].id",
            "unknown list",
        ),
        (
            _reform(
                lists=[
                    {
                        "id": "emergency_admission",
                        "from": "2026-05-01",
                        "source": "s",
                        "certainty": "c",
                        "entries": [{"name": {"kk": "a", "ru": "a", "en": "a"}, "icd10": "ZZZ"}],
                    }
                ]
            ),
            "r.yaml:lists[0].name",
            "required",
        ),
        (_reform(tariffs=[{"entry": "bed_day_tiyn.round_the_clock"}]), "r.yaml:tariffs[0].value", "required"),
    ],
)
def test_reform_errors_name_the_key(tree: Any, field: str, words: str) -> None:
    e = _error(tree)
    assert e.field == field
    assert words in e.text("en")
    assert e.text("kk") != e.text("en") or "{" not in e.text("kk")
    assert e.text("ru")


def test_errors_speak_three_languages() -> None:
    e = _error(_reform(nme="x"))
    assert "белгісіз кілт" in e.text("kk") and "неизвестный ключ" in e.text("ru")


def test_a_bad_list_entry_is_named() -> None:
    e = _error(
        _reform(
            lists=[
                {
                    "id": "emergency_admission",
                    "from": "2026-05-01",
                    "source": "s",
                    "certainty": "c",
                    "name": {"kk": "т", "ru": "п", "en": "l"},
                    "entries": [
                        {"name": {"kk": "a", "ru": "a", "en": "a"}, "icd10": "ZZZ", "certainty": "high"}
                    ],
                }
            ]
        )
    )
    assert e.field.startswith("r.yaml:lists[0].entries[0].icd10")


def test_the_builtin_scenario_loads_and_moves_34_and_51() -> None:
    applied = apply(load_reform("program-2027"))
    assert applied.reform.warnings == ()
    assert applied.spans("inpatient.gvfmc_emergency_uninsured") == []  # 33.4's 2026 rule: never
    assert applied.spans("organ_donation.cshi") == [(dt.date(2026, 1, 1), dt.date(2028, 12, 31))]  # 51
    assert affected_kinds(applied) == frozenset({"inpatient", "organ_donation"})


def test_a_file_that_is_not_yaml_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "r.yaml"
    bad.write_text("name: [unclosed", encoding="utf-8")
    with pytest.raises(InvalidInput) as e:
        load_reform(bad)
    assert e.value.field == "r.yaml" and "cannot read" in e.value.text("en")


def test_a_parameter_nothing_reads_is_a_warning() -> None:
    r = parse_reform(
        _reform(
            parameters=[
                {
                    "name": "medicine_stock_months",
                    "citations": [{"act": "drug-rules", "clause": "4"}],
                    "values": [{"from": dt.date(2026, 6, 1), "value": {"min": 1, "max": 3}}],
                }
            ]
        )
    )
    if r.warnings:
        assert "changes nothing here" in r.warnings[0].en


def _requests(dates: list[str], **columns: list[Any]) -> pl.DataFrame:
    n = len(dates)
    base = {
        "date": dates,
        "person.residency": ["citizen"] * n,
        "person.birth_date": ["1980-02-02"] * n,
        "person.insured": [True] * n,
        "service.kind": ["organ_donation"] * n,
        "service.icd10": ["N18.5"] * n,
    }
    return C.typed(pl.DataFrame({**base, **columns}))


def test_a_rule_switched_on_from_a_date_decides_from_that_day_only() -> None:
    """51 moved to 2026-05-01 by switching rules: the day before stays 50's GVFMC, the day itself is 51's
    CSHI (a boundary day on each side)."""
    r = parse_reform(
        _reform(
            rules=[
                {"id": "organ_donation.gvfmc", "in_force": False, "from": "2026-05-01"},
                {"id": "organ_donation.cshi", "in_force": True, "from": "2026-05-01"},
            ]
        )
    )
    t = _requests(["2026-04-30", "2026-05-01", "2026-12-31"])
    out = W._decide(t, apply(r), "en").sort(C.ROW)
    assert out["funding"].to_list() == ["gvfmc", "cshi", "cshi"]
    assert W._decide(t, None, "en").sort(C.ROW)["funding"].to_list() == ["gvfmc", "gvfmc", "gvfmc"]


def test_a_gap_left_by_a_reform_is_an_error_not_a_default() -> None:
    """Switching off a base rule with nothing in its place leaves requests without a rule: refused."""
    r = parse_reform(_reform(rules=[{"id": "organ_donation.gvfmc", "in_force": False, "from": "2026-05-01"}]))
    with pytest.raises(InvalidInput) as e:
        W.compare(_requests(["2026-06-01"]), apply(r))
    assert e.value.field == "reform:rules" and "breaks the rule book" in e.value.text("en")


def test_a_list_replaced_from_a_date() -> None:
    """34's list of the authorised body (kepil holds none): given from 2026-06-01, an emergency admission of
    a non-participant on it is covered under the 2027 rule from that day; before, the list is unknown."""
    r = parse_reform(
        _reform(
            as_of="2027-01-01",
            lists=[
                {
                    "id": "emergency_admission",
                    "name": {"kk": "тізбе", "ru": "перечень", "en": "list"},
                    "from": "2026-06-01",
                    "source": "draft order",
                    "certainty": "draft",
                    "completeness": "complete",
                    "entries": [
                        {"name": {"kk": "a", "ru": "a", "en": "a"}, "icd10": "K35-K37", "certainty": "high"}
                    ],
                }
            ],
        )
    )
    applied = apply(r)
    t = C.typed(
        pl.DataFrame(
            {
                "date": ["2026-05-31", "2026-06-01", "2026-06-01"],
                "person.residency": ["citizen"] * 3,
                "person.birth_date": ["1980-02-02"] * 3,
                "person.insured": [False] * 3,
                "service.kind": ["inpatient"] * 3,
                "service.form": ["emergency"] * 3,
                "service.icd10": ["K35.8", "K35.8", "J18.9"],
                "service.life_threatening": [False] * 3,
            }
        )
    )
    out = W._decide(t, applied, "en").sort(C.ROW)
    assert out["covered"].to_list() == [False, True, False]
    assert out["unknown"].to_list()[0] == ["service.on_emergency_admission_list"]
    assert out["unknown"].to_list()[2] == []  # a complete list: J18.9 is known not to be on it
    assert disease_lists.in_force_on(dt.date(2026, 6, 1)).get("emergency_admission") is None  # law untouched


def test_tariff_entries_changed(tmp_path: Path) -> None:
    r = parse_reform(_reform(tariffs=[{"entry": "bed_day_tiyn.round_the_clock", "value": 2600000}]))
    path = applied_tariffs(r, TARIFFS, tmp_path)
    assert "2600000" in path.read_text(encoding="utf-8")
    bad = parse_reform(_reform(tariffs=[{"entry": "bed_day_tiyn.round_the_clock", "value": -5}]))
    with pytest.raises(InvalidInput) as e:
        applied_tariffs(bad, TARIFFS, tmp_path)
    assert e.value.field == "reform:tariffs"
    missing = parse_reform(_reform(tariffs=[{"entry": "no_such.entry", "value": 1}]))
    with pytest.raises(InvalidInput) as e:
        applied_tariffs(missing, TARIFFS, tmp_path)
    assert e.value.field == "reform:tariffs[0].entry"


def test_the_reform_stays_in_its_context() -> None:
    """The law is never changed: outside `active()`, and in another thread during it, decisions read it."""
    import threading

    from kepil.coverage.rulebook import law_rulebook, rulebook
    from kepil.law.parameters import value

    applied = apply(load_reform("program-2027"))
    seen: list[object] = []
    with applied.active():
        assert rulebook() is applied.book
        assert value("post_mortem_donation_package", dt.date(2026, 5, 1)) == "cshi"  # 51 moved to 2026
        worker = threading.Thread(target=lambda: seen.append(rulebook()))
        worker.start()
        worker.join()
    assert seen == [law_rulebook()]
    assert rulebook() is law_rulebook()
    assert value("post_mortem_donation_package", dt.date(2026, 5, 1)) == "gvfmc"  # 50
