"""Every invalid request of the validation tests (`test_coverage_errors.ERRORS`) and its valid neighbours
at each check's boundary answered by the HTTP/JSON array's columns (`kepil.coverage.batch._validity`)
exactly as by the single path: the same error and field, or the same decision (issue 14: one reading in
every format). The neighbours are what a check moved by one would refuse: a newborn on its day of birth,
an `id` of exactly 200 characters, a man who says nothing of a pregnancy, a temporary resident's purpose."""

from __future__ import annotations

import json
from typing import Any

import orjson
import pytest

from kepil.coverage.arrays import decide_json_array
from kepil.coverage.decision import decide
from test_coverage_errors import AMBULANCE, ERRORS, _person, req, svc

CARIES = svc("dental", "planned", icd10="K02.1")
VALID_NEIGHBOURS: list[tuple[str, dict[str, Any]]] = [
    ("a newborn on its day of birth (only a birth after the care is refused)",
     req("2026-06-01", service=svc("inpatient", "emergency", icd10="P07.3"), birth_date="2026-06-01")),
    ("an id of exactly 200 characters (amendment 2: at most 200)", {**_person(), "id": "x" * 200}),
    ("an id of 201 characters", {**_person(), "id": "x" * 201}),
    ("a man who says nothing of pregnancy, birth or category", _person(sex="male")),
    ("a man whose pregnancy and birth are null", _person(sex="male", pregnant=None, postpartum=None)),
    ("a man in a category not only for women", _person(sex="male", state_paid_category="disabled")),
    ("a woman who is pregnant and postpartum", _person(sex="female", pregnant=True, postpartum=True)),
    ("a temporary resident's stay purpose",
     _person(residency="temporary_resident", stay_purpose="labour", insured=None)),
    ("a temporary resident without a stay purpose", _person(residency="temporary_resident")),
    ("the category child the day before the 18th birthday",
     req("2026-06-09", service=AMBULANCE, birth_date="2008-06-10", state_paid_category="child")),
    ("planned dental care the day before the 18th birthday (58.4: a child's)",
     req("2026-06-09", service=CARIES, birth_date="2008-06-10", insured=True)),
    ("planned dental care on the 18th birthday (an adult's)",
     req("2026-06-10", service=CARIES, birth_date="2008-06-10", insured=True)),
]  # fmt: skip
REFUSED = [
    ("the category child on the 18th birthday (55.1)",
     req("2026-06-10", service=AMBULANCE, birth_date="2008-06-10", state_paid_category="child")),
]  # fmt: skip

ALL = [(what, request) for what, request, _ in ERRORS] + VALID_NEIGHBOURS + REFUSED


@pytest.mark.parametrize(("what", "request_"), ALL, ids=[a[0] for a in ALL])
def test_the_array_answers_each_request_as_the_single_path(what: str, request_: Any) -> None:
    single = decide(request_)
    assert json.loads(decide_json_array(orjson.dumps([request_])))[0] == single, what


def test_one_array_of_all_of_them_answers_each_as_the_single_path() -> None:
    """The same requests in one array: the columns of the valid rows and the errors of the others never
    mix (each answer in its place)."""
    requests = [r for _, r in ALL]
    assert json.loads(decide_json_array(orjson.dumps(requests))) == [decide(r) for r in requests]


def test_the_neighbours_are_decided_where_the_single_path_decides() -> None:
    """The boundaries above are decisions, not errors, except the 201-character id."""
    for what, request in VALID_NEIGHBOURS:
        out = decide(request)
        assert ("error" in out) == ("201" in what), (what, out)
