"""A request that says two things that cannot both be true is refused naming the field, never decided on
one of them (issue 14): the state-paid category `child` (program-2026-2028 55.1, under 18) of a person 18 or
older on the day of care; a pregnancy, a birth given, or a women's category of 55 (pregnant unemployed
women, mothers of many children) for a person whose given sex is male. The single path, a CSV batch and the
HTTP array answer alike."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import orjson
import polars as pl
import pytest

from kepil.coverage.arrays import decide_json_array
from kepil.coverage.decision import decide
from kepil.coverage.files import decide_file


def request(date: str, **person: Any) -> dict[str, Any]:
    return {
        "date": date,
        "person": {"residency": "citizen", **person},
        "service": {"kind": "outpatient_specialized", "form": "planned", "icd10": "J18.9", "referral": True},
    }


CATEGORY = "person.state_paid_category"


def adult(**person: Any) -> dict[str, Any]:
    return request("2026-06-10", birth_date="1990-01-01", **person)


CASES = [
    # (request, the field refused or None when it is decided)
    (request("2026-06-09", birth_date="2008-06-10", state_paid_category="child"), None),  # 17: the day before
    (request("2026-06-10", birth_date="2008-06-10", state_paid_category="child"), CATEGORY),
    (request("2026-02-27", birth_date="2008-02-29", state_paid_category="child"), None),  # 29 Feb: 28 Feb
    (request("2026-02-28", birth_date="2008-02-29", state_paid_category="child"), CATEGORY),
    (request("2026-06-10", birth_date="1985-01-01", sex="male", pregnant=True), "person.pregnant"),
    (request("2026-06-10", birth_date="1985-01-01", sex="male", postpartum=True), "person.postpartum"),
    (request("2026-06-10", birth_date="1985-01-01", sex="male", state_paid_category="pregnant_unemployed"),
     "person.state_paid_category"),
    (request("2026-06-10", birth_date="1985-01-01", sex="male", state_paid_category="large_family_mother"),
     "person.state_paid_category"),
    (request("2026-06-10", birth_date="1985-01-01", sex="male", pregnant=False), None),
    (request("2026-06-10", birth_date="1985-01-01", sex="female", pregnant=True), None),
    # sex not given: the IIN's digits (a man's, 7th digit 3) are not held against a pregnancy
    (request("2026-06-10", iin="850101300015", pregnant=True), None),
    # 55.2: unemployed pregnant women with pregnant false; pregnant not said is no contradiction
    (adult(sex="female", state_paid_category="pregnant_unemployed", pregnant=False), CATEGORY),
    (adult(sex="female", state_paid_category="pregnant_unemployed"), None),
    # 55.10: unemployed kandas — a kandas, not a citizen
    (adult(state_paid_category="kandas_unemployed"), CATEGORY),
    (adult(state_paid_category="kandas_unemployed", residency="kandas"), None),
    # 55.8 a convict serves in a penal institution; 55.9 a detainee is in pre-trial detention or at home
    (adult(state_paid_category="convict", custody="house_arrest"), CATEGORY),
    (adult(state_paid_category="convict", custody="penitentiary"), None),
    (adult(state_paid_category="detainee", custody="penitentiary"), CATEGORY),
    (adult(state_paid_category="detainee", custody="house_arrest"), None),
    (adult(state_paid_category="detainee"), None),
    # phc-attachment-rules 2.6: an EAEU labour migrant is neither a citizen nor a permanent resident; a family
    # member may be a citizen, and a kandas or a temporary resident may be a worker
    (request("2026-06-10", birth_date="1985-01-01", eaeu_worker=True), "person.eaeu_worker"),
    (request("2026-06-10", birth_date="1985-01-01", eaeu_worker=True, residency="permanent_resident"),
     "person.eaeu_worker"),
    (request("2026-06-10", birth_date="1985-01-01", eaeu_family=True), None),
    (request("2026-06-10", birth_date="1985-01-01", eaeu_worker=True, residency="kandas"), None),
    (request("2026-06-10", birth_date="1985-01-01", eaeu_worker=True, residency="temporary_resident"), None),
]  # fmt: skip


@pytest.mark.parametrize(("req", "field"), CASES)
def test_a_contradiction_is_refused_naming_the_field(req: dict[str, Any], field: str | None) -> None:
    out = decide(req)
    if field is None:
        assert "error" not in out, out
    else:
        assert (out["error"]["code"], out["error"]["field"]) == ("invalid_input", field)
        assert len({decide(req, lang=x)["error"]["message"] for x in ("kk", "ru", "en")}) == 3


def test_the_batches_answer_as_the_single_path(tmp_path: Path) -> None:
    reqs = [r for r, _ in CASES]
    single = [decide(r) for r in reqs]
    assert json.loads(decide_json_array(orjson.dumps(reqs))) == single
    rows = [
        {"date": r["date"], **{f"person.{k}": str(v).lower() for k, v in r["person"].items()},
         **{f"service.{k}": str(v).lower() if isinstance(v, bool) else v for k, v in r["service"].items()}}
        for r in reqs
    ]  # fmt: skip
    names = sorted({k for row in rows for k in row})
    path = tmp_path / "in.csv"
    pl.DataFrame(
        [{n: row.get(n) for n in names} for row in rows], schema=dict.fromkeys(names, pl.Utf8)
    ).write_csv(path)
    decide_file(path, tmp_path / "out.jsonl")
    got = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert [a.get("error", {}).get("field") for a in got] == [a.get("error", {}).get("field") for a in single]
    assert [a.get("covered") for a in got] == [a.get("covered") for a in single]
