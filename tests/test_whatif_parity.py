"""What if (issue 20): parity. A reform that changes nothing gives an empty difference; a reform equal to the
law in force on a later date gives the answers of evaluating on that date; the law's own parameters
(parameters.yaml, group changes_2027) give the law's rule dates (program-2026-2028 22, 33.4, 34, 50, 51)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kepil.coverage import columns as C
from kepil.coverage.batch import decide_frame, validate
from kepil.coverage.facts import is_newborn, is_over_65
from kepil.coverage.request import is_child
from kepil.coverage.rulebook import law_rulebook
from kepil.coverage.synthetic import requests
from kepil.whatif import coverage as W
from kepil.whatif.reform import BINDINGS, _days, apply, as_of_reform, parse_reform, rule_days_of_parameter

CITE = [{"document": "test", "clause": "34"}]
ANSWER = ["covered", "funding", "rule", "requires", "unknown", "error"]


def _typed(n: int, seed: int, year: int = 2026) -> pl.DataFrame:
    raw = requests(n, seed=seed, invalid_share=0.0)
    raw = raw.with_columns(pl.lit(f"{year}-03-16").alias("date"))
    return C.typed(raw)


def _answers(frame: pl.DataFrame) -> list[dict[str, Any]]:
    return frame.select(C.ROW, *ANSWER).sort(C.ROW).to_dicts()


@pytest.mark.parametrize("name", sorted(BINDINGS))
def test_law_parameters_give_the_law_rule_dates(name: str) -> None:
    """22, 33.4, 34, 50, 51: the rules bound to a parameter are in force exactly on the days the law's own
    parameter value puts them on (parameters.yaml and the rules agree)."""
    book = law_rulebook()
    for rid, days in rule_days_of_parameter(name).items():
        r = book.by_id[rid]
        assert days == _days(r.valid_from, r.valid_to), rid


def test_a_reform_that_changes_nothing_gives_an_empty_difference() -> None:
    """The law's own values restated from its first day, and a rule switched on on its own days."""
    reform = parse_reform(
        {
            "name": "nothing",
            "cites": CITE,
            "parameters": [
                {
                    "name": "emergency_inpatient_outside_cshi_scope",
                    "citations": [{"act": "program-2026-2028", "clause": "34"}],
                    "values": [
                        {"from": dt.date(2026, 1, 1), "value": "any_emergency"},
                        {"from": dt.date(2027, 1, 1), "value": "life_threatening_or_listed"},
                    ],
                }
            ],
            "rules": [{"id": "organ_donation.cshi", "in_force": True, "from": dt.date(2027, 1, 1)}],
        }
    )
    applied = apply(reform)
    assert applied.changed_rules == ()
    t = _typed(3000, seed=5)
    diff = W.compare(t, applied)
    assert diff.changes.height == 0
    assert diff.summary.filter(pl.col("dimension") == "total")["changed"].item() == 0


def test_the_2027_change_as_parameters_equals_the_law_as_of_2027() -> None:
    """34 and 51 (the built-in scenario) plus 22 moved to 2026 give, on 2026 requests, the answers of the
    law in force on 2027-03-16 — a reform equal to the later law is that law."""
    tree = {
        "name": "2027 law from 2026",
        "cites": CITE,
        "parameters": [
            {
                "name": name,
                "citations": [{"act": "program-2026-2028", "clause": "34"}],
                "values": [{"from": dt.date(2026, 1, 1), "value": value}],
            }
            for name, value in (
                ("emergency_inpatient_outside_cshi_scope", "life_threatening_or_listed"),
                ("post_mortem_donation_package", "cshi"),
                ("phc_gvfmc_scope", ["socially_significant_diseases", "screening", "first_contact"]),
            )
        ],
    }
    t = _typed(20_000, seed=11)
    by_parameters = W._decide(t, apply(parse_reform(tree)), "en")
    as_of = W._decide(t, apply(as_of_reform(dt.date(2027, 3, 16))), "en")
    assert _answers(by_parameters) == _answers(as_of)
    # and it does change something: the scenario is not vacuous
    assert W.compare(t, apply(parse_reform(tree))).changes.height > 0


def _same_age_facts(t: pl.DataFrame, later: dt.date) -> pl.Series:
    """Rows whose child / over-65 / newborn facts are the same on the request's date and on `later`."""
    v = validate(t).select(pl.col("__date"), pl.col("__birth"))
    keep = []
    for d, b in v.iter_rows():
        if d is None or b is None:
            keep.append(True)
            continue
        keep.append(all(f(b, d) == f(b, later) for f in (is_child, is_over_65, is_newborn)))
    return pl.Series(keep)


def _law_on(t: pl.DataFrame, later: dt.date) -> pl.DataFrame:
    return decide_frame(t.with_columns(pl.lit(later.isoformat()).alias("date")))


def test_as_of_a_later_date_gives_the_answers_of_that_date() -> None:
    """`as_of: 2027-03-16` on requests of 2026-03-16 answers as the law does for the same requests dated
    2027-03-16 (rows whose age facts differ between the two days are left out: the reform moves the law, not
    the people)."""
    later = dt.date(2027, 3, 16)
    t = _typed(20_000, seed=3)
    keep = _same_age_facts(t, later)
    reform = _answers(W._decide(t, apply(as_of_reform(later)), "en"))
    law = _answers(_law_on(t, later))
    pairs = [(a, b) for a, b, k in zip(reform, law, keep, strict=True) if k]
    assert len(pairs) > 15_000
    assert [a for a, _ in pairs] == [b for _, b in pairs]


def test_precedence_follows_moved_dates() -> None:
    """34: a non-participant in a life-threatening condition keeps GVFMC emergency care when the 2027 rule
    is moved into 2026 — the rule must not give way to 33.4's 2026 rule, which the reform switched off."""
    reform = apply(as_of_reform(dt.date(2027, 1, 1)))
    frame = C.typed(
        pl.DataFrame(
            {
                "date": ["2026-05-04", "2026-05-04"],
                "person.residency": ["citizen", "citizen"],
                "person.birth_date": ["1980-02-02", "1980-02-02"],
                "person.insured": [False, False],
                "service.kind": ["inpatient", "inpatient"],
                "service.form": ["emergency", "emergency"],
                "service.icd10": ["S06.5", "K35.8"],
                "service.life_threatening": [True, False],
            }
        )
    )
    out = W._decide(frame, reform, "en").sort(C.ROW)
    assert out["rule"].cast(pl.Utf8).to_list() == [
        "inpatient.gvfmc_emergency_uninsured_life_threatening",
        "inpatient.emergency_uninsured_not_life_threatening",
    ]
    assert out["covered"].to_list() == [True, False]
    assert out["unknown"].to_list()[1] == ["service.on_emergency_admission_list"]


_KINDS = ("inpatient", "organ_donation", "phc", "outpatient_specialized", "day_hospital")


@st.composite
def _request(draw: Any) -> dict[str, Any]:
    kind = draw(st.sampled_from(_KINDS))
    birth = draw(st.dates(dt.date(1935, 1, 1), dt.date(2025, 12, 31)))
    return {
        "date": draw(st.sampled_from(["2026-02-10", "2026-08-31", "2026-12-31"])),
        "person.residency": draw(
            st.sampled_from(["citizen", "kandas", "temporary_resident", "asylum_seeker"])
        ),
        "person.birth_date": birth.isoformat(),
        "person.insured": draw(st.sampled_from([True, False, None])),
        "service.kind": kind,
        "service.form": None if kind == "organ_donation" else draw(st.sampled_from(["emergency", "planned"])),
        "service.icd10": draw(st.sampled_from(["K35.8", "I21.9", "J18.9", "C50.9", "A15.0", "N18.5"])),
        "service.life_threatening": draw(st.sampled_from([True, False, None])),
        "service.first_contact": draw(st.sampled_from([True, False, None])) if kind == "phc" else None,
    }


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_request(), min_size=1, max_size=40))
def test_hypothesis_later_law_parity(rows: list[dict[str, Any]]) -> None:
    """Any requests of 2026 decided `as_of` 2027-03-16 answer as the explicit 2027 parameters reform does."""
    t = C.typed(pl.DataFrame(rows, infer_schema_length=None))
    params = {
        "name": "2027 law from 2026",
        "cites": CITE,
        "parameters": [
            {
                "name": name,
                "citations": [{"act": "program-2026-2028", "clause": "34"}],
                "values": [{"from": dt.date(2026, 1, 1), "value": value}],
            }
            for name, value in (
                ("emergency_inpatient_outside_cshi_scope", "life_threatening_or_listed"),
                ("post_mortem_donation_package", "cshi"),
                ("phc_gvfmc_scope", ["socially_significant_diseases", "screening", "first_contact"]),
            )
        ],
    }
    a = _answers(W._decide(t, apply(parse_reform(params)), "en"))
    b = _answers(W._decide(t, apply(as_of_reform(dt.date(2027, 3, 16))), "en"))
    assert a == b
