"""Never silently wrong (issue 13 part 1; coverage.md, amendments of December 2026 1–4): a field the request
does not define is refused naming it, the caller's `id` comes back, and every format reads a value the one
way the contract's table says — or refuses it naming row and column."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kepil.cli.main import app
from kepil.coverage import columns as C
from kepil.coverage.batch import as_answer, decide_frame
from kepil.coverage.decision import decide
from kepil.coverage.files import decide_file
from kepil.coverage.model import FIELDS, request_schema
from kepil.errors import InvalidInput

runner = CliRunner()

BASE: dict[str, Any] = {
    "date": "2026-05-10",
    "person": {"residency": "citizen", "birth_date": "1985-04-12", "insured": True},
    "service": {"kind": "inpatient", "form": "planned", "icd10": "K80.1", "referral": True},
}


def _with(top: str, **fields: Any) -> dict[str, Any]:
    return {**BASE, top: {**BASE[top], **fields}}


# --------------------------------------------------------------------------- amendment 1: unknown fields


@pytest.mark.parametrize(
    ("request_", "field", "like"),
    [
        (_with("person", insurd=True), "person.insurd", "person.insured"),
        (_with("person", Insured=True), "person.Insured", "person.insured"),
        (_with("service", refferal=True), "service.refferal", "service.referral"),
        (_with("service", life_threatning=True), "service.life_threatning", "service.life_threatening"),
        ({**BASE, "dat": "2026-05-10"}, "dat", "date"),
        # the same name in the wrong object: the field it would be in the right one
        (_with("person", kind="phc"), "person.kind", "service.kind"),
        (_with("service", insured=False), "service.insured", "person.insured"),
        (_with("person", nationality="KZ"), "person.nationality", None),
    ],
)
def test_a_field_the_request_does_not_define_is_refused_naming_it(
    request_: dict[str, Any], field: str, like: str | None
) -> None:
    """Amendment 1: `person.insurd` is not read as "not insured" — it is an error naming it, with the known
    field it most resembles."""
    got = decide(request_)
    assert got["error"]["code"] == "invalid_input" and got["error"]["field"] == field
    if like is None:
        assert got["error"]["message"] == "is not a field of the request"
    else:
        assert got["error"]["message"].endswith(f"did you mean {like}?")
    for lang in ("kk", "ru"):
        assert like is None or like in decide(request_, lang=lang)["error"]["message"]


def test_an_unknown_field_comes_before_the_missing_one_it_misspells() -> None:
    """`residence` is reported (suggesting `residency`), not "residency is required"."""
    person = {k: v for k, v in BASE["person"].items() if k != "residency"} | {"residence": "citizen"}
    got = decide({**BASE, "person": person})
    assert got["error"]["field"] == "person.residence" and "person.residency" in got["error"]["message"]


def test_unknown_fields_are_refused_over_http_and_in_the_batch(api) -> None:  # type: ignore[no-untyped-def]
    bad = _with("person", insurd=True)
    r = api.as_("analyst").post("/v1/coverage/decisions", json=bad)
    assert r.status_code == 422 and r.json()["error"]["field"] == "person.insurd"
    r = api.as_("analyst").post("/v1/coverage/decisions:batch", json=[BASE, bad, {**BASE, "id": "x"}])
    answers = r.json()
    assert r.status_code == 200 and answers[0]["covered"] is True
    assert answers[1]["error"]["field"] == "person.insurd" and answers[2]["id"] == "x"


def test_unknown_fields_are_refused_by_the_cli() -> None:
    r = runner.invoke(app, ["coverage", "decide"], input=json.dumps(_with("service", refferal=True)))
    assert r.exit_code == 1
    assert json.loads(r.stdout)["error"]["field"] == "service.refferal"


def test_a_json_lines_file_refuses_the_line_with_an_unknown_field(tmp_path: Path) -> None:
    """Only the line holding the field is refused; the others are decided as they would be alone."""
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in (BASE, _with("person", insurd=None), BASE)) + "\n")
    assert decide_file(src, tmp_path / "out.jsonl") == (3, 1)
    lines = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text().splitlines()]
    message = "is not a field of the request; did you mean person.insured?"
    assert lines[1]["error"] == {
        "code": "invalid_input",
        "field": "person.insurd",
        "row": 2,
        "message": message,
    }
    assert lines[0] == lines[2] == decide(BASE)


def test_the_served_schema_forbids_unknown_fields() -> None:
    """kepil's own schema (the API serves it): every object closed, every field of the model in it."""
    import jsonschema

    schema = request_schema()
    assert schema["additionalProperties"] is False
    assert schema["properties"]["person"]["additionalProperties"] is False
    assert schema["properties"]["service"]["additionalProperties"] is False
    jsonschema.validate(BASE, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(_with("person", insurd=True), schema)
    listed = {f"{t}.{n}" for t in ("person", "service") for n in schema["properties"][t]["properties"]}
    assert listed | set(schema["properties"]) - {"person", "service"} == {f.path for f in FIELDS}


# --------------------------------------------------------------------------- amendment 2: id


def test_the_id_comes_back_with_the_decision_and_with_the_error() -> None:
    assert decide({**BASE, "id": "MIS-42"})["id"] == "MIS-42"
    bad = {**_with("person", iin="850412312348"), "id": "MIS-43"}
    assert decide(bad) == {"id": "MIS-43", "error": decide(bad)["error"]}
    assert "id" not in decide(BASE)


@pytest.mark.parametrize("value", [17, "x" * 201, True, ["a"]])
def test_an_id_that_is_not_a_string_of_at_most_200_characters_is_refused(value: Any) -> None:
    got = decide({**BASE, "id": value})
    assert got["error"]["field"] == "id" and "id" not in got
    assert decide({**BASE, "id": "x" * 200})["id"] == "x" * 200


# --------------------------------------------------------------------------- amendment 3: one reading


def _csv(tmp_path: Path, rows: list[dict[str, str]]) -> Path:
    path = tmp_path / "in.csv"
    pl.DataFrame(rows, schema=dict.fromkeys(rows[0], pl.Utf8)).write_csv(path)
    return path


def _row(**cells: str) -> dict[str, str]:
    return {"date": "2026-05-10", "person.birth_date": "1985-04-12", "person.residency": "citizen",
            "service.kind": "inpatient", "service.form": "planned", "service.icd10": "K80.1",
            "service.referral": "true", **cells}  # fmt: skip


def _decide_rows(tmp_path: Path, rows: list[dict[str, str]]) -> list[dict[str, Any]]:
    decide_file(_csv(tmp_path, rows), tmp_path / "out.jsonl")
    return [json.loads(x) for x in (tmp_path / "out.jsonl").read_text().splitlines()]


@pytest.mark.parametrize(
    ("cell", "insured"),
    [("true", True), ("TRUE", True), ("True", True), ("1", True), ("yes", True), ("Yes", True),
     (" yes ", True), ("false", False), ("FALSE", False), ("0", False), ("no", False), ("No", False),
     ("", None)],
)  # fmt: skip
def test_a_csv_boolean_is_read_by_the_contracts_table(
    tmp_path: Path, cell: str, insured: bool | None
) -> None:
    """Amendment 3: `1` and `yes` are true — an MIS export's spelling is never read as false."""
    (got,) = _decide_rows(tmp_path, [_row(**{"person.insured": cell})])
    want = decide(BASE if insured else _with("person", insured=insured))
    assert got == want


@pytest.mark.parametrize("cell", ["2", "-1", "y", "n", "t", "on", "oui", "истина", "1.0", "=TRUE()"])
def test_a_csv_boolean_outside_the_table_is_a_row_error(tmp_path: Path, cell: str) -> None:
    """Amendment 3: anything else is an error naming the row and the column — never read as false."""
    answers = _decide_rows(tmp_path, [_row(**{"person.insured": "1"}), _row(**{"person.insured": cell})])
    assert answers[0]["covered"] is True
    err = answers[1]["error"]
    assert err["field"] == "person.insured" and err["row"] == 2
    assert err["message"].startswith(f"'{cell}' is not a boolean")


def test_a_bad_cell_is_named_in_the_language_asked(tmp_path: Path) -> None:
    decide_file(_csv(tmp_path, [_row(**{"service.referral": "да"})]), tmp_path / "o.jsonl", lang="kk")
    (line,) = (tmp_path / "o.jsonl").read_text().splitlines()
    assert json.loads(line)["error"]["message"].startswith("'да' логикалық мән емес")


@pytest.mark.parametrize(
    ("column", "dtype"),
    [(pl.Series([1, 0, None], dtype=pl.Int64), "int"), (pl.Series([1, 0, None], dtype=pl.UInt8), "uint"),
     (pl.Series([True, False, None]), "bool"), (pl.Series(["yes", "No", None]), "text")],
)  # fmt: skip
def test_a_parquet_boolean_column_of_any_accepted_type(tmp_path: Path, column: pl.Series, dtype: str) -> None:
    """An integer column holding 0/1 (an MIS's typical export) means what it says, like true/false."""
    frame = pl.DataFrame([_row()] * 3).with_columns(column.alias("person.insured"))
    frame.write_parquet(tmp_path / "in.parquet")
    decide_file(tmp_path / "in.parquet", tmp_path / "out.jsonl")
    got = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert got == [
        decide(BASE),
        decide(_with("person", insured=False)),
        decide(_with("person", insured=None)),
    ]


@pytest.mark.parametrize(
    "column",
    [pl.Series([2, 1], dtype=pl.Int64), pl.Series([1.0, 1.0]), pl.Series([b"1", b"1"], dtype=pl.Binary)],
)
def test_a_parquet_boolean_column_of_another_type_is_refused_row_by_row(
    tmp_path: Path, column: pl.Series
) -> None:
    frame = pl.DataFrame([_row()] * 2).with_columns(column.alias("person.insured"))
    frame.write_parquet(tmp_path / "in.parquet")
    _, errors = decide_file(tmp_path / "in.parquet", tmp_path / "out.jsonl")
    got = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert errors >= 1 and all(g["error"]["field"] == "person.insured" for g in got if "error" in g)
    if column.dtype == pl.Int64:  # the 1 is read, the 2 refused
        assert got[1] == decide(BASE) and got[0]["error"]["row"] == 1


def test_json_booleans_are_only_true_and_false(tmp_path: Path) -> None:
    """Amendment 3: in JSON (single, JSON Lines, HTTP arrays) `1` or `"yes"` is not a boolean."""
    for value in (1, 0, "yes", "true"):
        assert decide(_with("person", insured=value))["error"]["field"] == "person.insured"
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(_with("person", insured=v)) for v in (1, 0, 1)) + "\n")
    assert decide_file(src, tmp_path / "out.jsonl") == (3, 3)


def test_a_table_date_of_another_type_names_the_real_problem(tmp_path: Path) -> None:
    """Issue 14: a `date` column of integers is said to be of the wrong type, not "date is required"."""
    frame = pl.DataFrame([_row()]).with_columns(pl.lit(20260510).alias("date"))
    frame.write_parquet(tmp_path / "in.parquet")
    decide_file(tmp_path / "in.parquet", tmp_path / "out.jsonl")
    err = json.loads((tmp_path / "out.jsonl").read_text())["error"]
    assert err["field"] == "date" and err["message"].startswith("the column is of type Int32")


def test_an_integer_iin_column_is_refused_as_such(tmp_path: Path) -> None:
    frame = pl.DataFrame([_row()]).with_columns(pl.lit(850412312347).alias("person.iin"))
    frame.write_parquet(tmp_path / "in.parquet")
    decide_file(tmp_path / "in.parquet", tmp_path / "out.jsonl")
    err = json.loads((tmp_path / "out.jsonl").read_text())["error"]
    assert err["field"] == "person.iin" and "text was expected" in err["message"]


# The request written every way the contract allows: each boolean's JSON value and its table spellings.
_SPELLINGS = {True: ("true", "TRUE", "1", "yes", "Yes"), False: ("false", "False", "0", "no", "NO")}
_BOOLS = [f.path for f in FIELDS if f.spec.kind == "boolean"]


@st.composite
def _requests(draw: st.DrawFn) -> dict[str, Any]:
    flat: dict[str, Any] = {
        "id": draw(st.text(alphabet="abc-123", min_size=1, max_size=8)),
        "date": draw(st.sampled_from(["2026-01-01", "2026-12-31", "2027-01-01", "2028-03-22"])),
        "person.birth_date": draw(st.sampled_from(["1960-03-21", "2009-01-01", "2008-12-31", "1990-02-28"])),
        "person.residency": draw(st.sampled_from(["citizen", "kandas", "temporary_resident", "refugee"])),
        "service.kind": draw(st.sampled_from(["inpatient", "day_hospital", "outpatient_specialized", "phc"])),
        "service.form": draw(st.sampled_from(["planned", "emergency", "urgent"])),
        "service.icd10": draw(st.sampled_from([None, "K80.1", "A15.0", "S52.5", "C50.9"])),
    }
    for name in _BOOLS:
        flat[name] = draw(st.sampled_from([None, True, False]))
    return flat


def _nested(flat: dict[str, Any]) -> dict[str, Any]:
    return C.raw_request(flat) | {"id": flat["id"]}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(requests=st.lists(_requests(), min_size=1, max_size=6), data=st.data())
def test_every_format_gives_the_single_answer(
    tmp_path: Path, requests: list[dict[str, Any]], data: Any
) -> None:
    """Amendment 3: the same requests as JSON (single), JSON Lines, an HTTP-style array frame, CSV with any
    accepted spelling of each boolean, and Parquet with each boolean column as boolean, 0/1 integers or
    spelt text — one answer per request, the single path's."""
    want = [decide(_nested(f)) for f in requests]
    jsonl = tmp_path / "in.jsonl"
    jsonl.write_text("".join(json.dumps(_nested(f)) + "\n" for f in requests))
    csv_rows = [
        {k: ("" if v is None else data.draw(st.sampled_from(_SPELLINGS[v])) if k in _BOOLS else v)
         for k, v in f.items()}
        for f in requests
    ]  # fmt: skip
    pl.DataFrame(csv_rows, schema=dict.fromkeys(csv_rows[0], pl.Utf8)).write_csv(tmp_path / "in.csv")
    frame = pl.DataFrame(requests, schema={k: (pl.Boolean if k in _BOOLS else pl.Utf8) for k in requests[0]})
    for name in _BOOLS:
        as_type = data.draw(st.sampled_from(["bool", "int", "text"]))
        if as_type == "int":
            frame = frame.with_columns(pl.col(name).cast(pl.Int8))
        elif as_type == "text":
            frame = frame.with_columns(pl.col(name).replace_strict({True: "Yes", False: "no"}, default=None))
    frame.write_parquet(tmp_path / "in.parquet")
    for src in ("in.jsonl", "in.csv", "in.parquet"):
        decide_file(tmp_path / src, tmp_path / "out.jsonl")
        got = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text().splitlines()]
        for g in got:
            if "error" in g:
                g["error"].pop("row")
        assert got == want, src
    arrays = decide_frame(C.typed(pl.DataFrame(requests), C.JSON))
    assert [as_answer(r) for r in arrays.iter_rows(named=True)] == want


# --------------------------------------------------------------------------- the columns


def test_coverage_columns_lists_every_field_in_three_languages() -> None:
    r = runner.invoke(app, ["coverage", "columns", "--json", "--lang", "ru"])
    assert r.exit_code == 0
    rows = json.loads(r.stdout)
    assert [x["column"] for x in rows] == [f.path for f in FIELDS]
    by = {x["column"]: x for x in rows}
    assert by["person.insured"]["type"].startswith("логическое: true/false, 1/0, yes/no")
    assert "citizen (Гражданин Республики Казахстан)" in by["person.residency"]["values"]
    assert by["date"]["required"] is True and by["service.icd10"]["required"] is False


def test_an_unknown_code_names_the_allowed_values_in_words() -> None:
    """Bad input: a misspelt enumeration value lists the allowed values with their kk/ru/en names."""
    got = decide(_with("person", residency="resident"), lang="kk")["error"]
    assert got["field"] == "person.residency"
    assert "citizen (Қазақстан Республикасының азаматы)" in got["message"]
    assert "asylum_seeker (Пана іздеген адам)" in got["message"]


def test_a_huge_value_is_quoted_short() -> None:
    got = decide(_with("person", residency="x" * 5_000_000))["error"]
    assert len(got["message"]) < 1_000


def test_a_table_with_an_unknown_column_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as e:
        decide_file(_csv(tmp_path, [_row(**{"person.insurd": "1", "foo": "x"})]), tmp_path / "out.csv")
    assert "person.insurd (→ person.insured?), foo" in e.value.message
    assert not (tmp_path / "out.csv").exists()
