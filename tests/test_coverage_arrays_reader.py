"""The HTTP batch's reader of JSON arrays (issue 17): Arrow's JSON reader against the request's schema reads
the common array; any other array is left to Polars' reader as before. Whichever reads it, every answer is
the single path's on the element as sent — invalid in the same way, the same error object at its position."""

from __future__ import annotations

import json
from typing import Any

import orjson
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kepil.coverage import columns as C
from kepil.coverage.arrays import _columns, _utf8, decide_json_array
from kepil.coverage.decision import decide

BASE: dict[str, Any] = {
    "id": "r-1",
    "date": "2026-05-10",
    "person": {"iin": "850412312347", "residency": "citizen", "insured": True, "policies": ["omi"]},
    "service": {"kind": "inpatient", "form": "planned", "icd10": "K80.1", "referral": True},
}


def _with(top: str | None, key: str, value: Any) -> dict[str, Any]:
    out = json.loads(json.dumps(BASE))
    (out if top is None else out[top])[key] = value
    return out


def _typed_equal(body: bytes) -> None:
    """Arrow's columns, typed, are Polars' (the reader before issue 17), typed."""
    fast, slow = _columns(body), pl.read_json(body, infer_schema_length=None)
    assert fast is not None
    a, b = C.typed(fast, C.JSON), C.typed(C.flatten(slow), C.JSON)
    for name in b.columns:
        assert a[name].to_list() == b[name].to_list(), name


def test_a_clean_array_is_read_by_arrow_as_polars_reads_it() -> None:
    items = [BASE, _with("person", "insured", None), _with("service", "urgency_category", 2), {"date": "x"}]
    items.append(_with("person", "policies", []))
    items.append({**BASE, "person": None})
    _typed_equal(orjson.dumps(items))


@pytest.mark.parametrize(
    "element",
    [
        _with("person", "insured", "yes"),  # a string where a boolean is meant
        _with("person", "insured", 1),
        _with("person", "insurd", True),  # a misspelt field
        _with(None, "foo", 1),  # a field the request does not define
        _with("service", "urgency_category", 99770521554464487285719040),  # past 64 bits
        _with("service", "urgency_category", 1.0),
        _with("service", "urgency_category", "2"),
        _with("person", "policies", "omi"),
        _with("person", "policies", ["omi", 1]),
        _with(None, "date", 20260510),
        _with(None, "id", 7),
        _with(None, "person", []),
        "not an object",
        None,
        [BASE],
    ],
)
def test_an_array_arrow_does_not_read_is_answered_as_before(element: Any) -> None:
    items = [BASE, element, BASE]
    body = json.dumps(items).encode()  # orjson refuses integers past 64 bits
    assert _columns(body) is None
    assert json.loads(decide_json_array(body)) == [decide(x) for x in items]


@pytest.mark.parametrize(
    "body",
    [
        b'[{"date":"2026-05-10","date":"2026-05-11"}]',  # a key given twice
        b'[{"id":"\xff"}]',  # not UTF-8
        b'[{"date":"2026-05-10"}] [{"date":"2026-05-10"}]',  # two values
        b'[{"date":"2026-05-10"}]} {"requests":[]',  # the wrapping cannot be escaped
        b'[{"date":"2026-05-10"}], "requests": []',
        b'{"date":"2026-05-10"}',
        b"null",
        b"",
    ],
)
def test_a_body_that_is_not_one_array_of_objects_is_not_read_by_arrow(body: bytes) -> None:
    assert _columns(body) is None


def test_whitespace_and_escapes_are_read() -> None:
    body = b' \n[ {"id" : "a\\"b\\u00e9\\ud83d\\ude00", "date":"2026-05-10",\n'
    body += b' "person":{"residency":"citizen"}} ]\n'
    table = _columns(body)
    assert table is not None and table["id"].to_list() == ['a"bé😀']
    _typed_equal(body)


# ------------------------------------------------------------------------------------------- properties
# Values a field may be sent with: its own type (valid and invalid values of it) and every other JSON type.
_TEXTS = st.sampled_from(
    ["2026-05-10", "2027-02-28", "2019-01-01", "10.05.2026", "citizen", "temporary_resident", "resident",
     "male", "planned", "emergency", "inpatient", "phc", "K80.1", "Z99.99", "I21.0", "850412312347",
     "850412312348", "1985-04-12", "omi", "vhi", "labour", "", "a\"b", "қазақ"]
)  # fmt: skip
_ANY = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 5),
    st.sampled_from([2**63, 99770521554464487285719040, 1.5, -0.0]),
    _TEXTS,
    st.lists(st.sampled_from(["omi", "vhi", "x"]), max_size=3),
    st.just({"a": 1}),
)
_PERSON = ["iin", "birth_date", "sex", "residency", "stay_purpose", "insured", "attached", "policies",
           "pregnant", "state_paid_category", "insurd"]  # fmt: skip
_SERVICE = ["kind", "form", "icd10", "referral", "life_threatening", "urgency_category",
            "rehabilitation_stage", "socially_significant", "refferal"]  # fmt: skip


@st.composite
def _element(draw: st.DrawFn) -> Any:
    """A request near the contract's: the base request with a few fields set to values of any type, some
    dropped, a misspelt one now and then; or, rarely, something that is not a request at all."""
    if draw(st.integers(0, 30)) == 0:
        return draw(st.one_of(st.none(), _TEXTS, st.just([]), st.integers()))
    out = json.loads(json.dumps(BASE))
    for _ in range(draw(st.integers(0, 3))):
        where = draw(st.sampled_from(["person", "service", None]))
        key = draw(st.sampled_from(_PERSON if where == "person" else _SERVICE if where else ["id", "date"]))
        target = out if where is None else out[where]
        if draw(st.booleans()) and key in target:
            del target[key]
        else:
            target[key] = draw(_ANY)
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_element(), max_size=12), st.sampled_from(["kk", "ru", "en"]))
def test_any_mix_of_requests_is_answered_as_the_single_path_answers_each(items: list[Any], lang: str) -> None:
    body = json.dumps(items).encode()
    got = json.loads(decide_json_array(body, lang=lang))
    assert got == [decide(json.loads(json.dumps(x)), lang=lang) for x in items]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_element(), min_size=1, max_size=8))
def test_arrow_reads_exactly_the_arrays_of_readable_elements(items: list[Any]) -> None:
    """`_columns` reads an array when every element is readable (`_readable`), and then as Polars does."""
    from kepil.coverage.arrays import _readable

    body = json.dumps(items).encode()
    readable = all(_readable(orjson.loads(orjson.dumps(x))) if _fits64(x) else False for x in items)
    assert (_columns(body) is not None) == readable
    if readable and any(isinstance(x, dict) and x for x in items):
        _typed_equal(body)


def _fits64(x: Any) -> bool:
    try:
        orjson.dumps(x)
    except TypeError:
        return False
    return True


@pytest.mark.parametrize(
    "element",
    [
        _with("service", "urgency_category", 2**63 - 1),  # the 64-bit bounds, inside …
        _with("service", "urgency_category", -(2**63)),
        _with("service", "urgency_category", 2**63),  # … and just outside (orjson still an integer)
        _with("service", "urgency_category", 2**64 - 1),
        _with("service", "urgency_category", -(2**63) - 1),
        _with("person", "policies", "omi"),  # a string where a list of strings is meant
        _with("person", "policies", [None, "vhi"]),
        _with(None, "person", None),
        _with(None, "person", []),
        _with(None, "service", "inpatient"),
        _with(None, "dat", "2026-05-10"),  # a top-level field the request does not define
        _with("service", "kindd", "inpatient"),
        _with("person", "insured", None),  # null: as if absent
        "not an object",
        None,
        BASE,
    ],
)
def test_an_element_is_readable_exactly_when_arrow_reads_it(element: Any) -> None:
    """`_readable` (the fallback's pre-filter, in Python) and Arrow's reader agree on each element."""
    from kepil.coverage.arrays import _readable

    body = json.dumps([element]).encode()
    assert _readable(orjson.loads(body)[0]) == (_columns(body) is not None)


def _decodes(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@settings(max_examples=500, deadline=None)
@given(
    body=st.one_of(
        st.binary(max_size=24), st.text(max_size=12).map(lambda t: t.encode("utf-8", "surrogatepass"))
    )
)
def test_the_utf8_check_is_decodings(body: bytes) -> None:
    """The body's UTF-8 check (Arrow's, over its bytes) accepts exactly what Python decodes: no surrogate,
    no overlong form, nothing past U+10FFFF, no sequence cut short."""
    assert _utf8(body) == _decodes(body)


def test_a_body_of_cyrillic_ids_is_read_in_columns_and_one_not_utf8_is_refused() -> None:
    pool = [{**BASE, "id": f"қазақ-{i}"} for i in range(3)]
    body = orjson.dumps(pool)
    assert _columns(body) is not None
    assert json.loads(decide_json_array(body)) == [decide(r) for r in pool]
    assert _columns(body.replace("қ".encode(), b"\xd2", 1)) is None
