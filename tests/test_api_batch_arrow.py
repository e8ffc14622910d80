"""The batch endpoint's columnar body (issue 17): an Arrow IPC stream of requests, a column per field's
dotted path, read as a Parquet batch file is (amendments 3 and 4), answered as an Arrow IPC stream of the
answer's columns — or as the JSON array when Accept asks for JSON. Each answer is the single path's."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import polars as pl
import pyarrow as pa
import pytest

from kepil.coverage import columns as C
from kepil.coverage.arrays import ARROW_STREAM
from kepil.coverage.batch import as_answer
from kepil.coverage.decision import decide
from kepil.coverage.synthetic import requests
from serving import serving

PATH = "/v1/coverage/decisions:batch"


def _frame() -> pl.DataFrame:
    """Varied requests with ids, and three rows a table cannot hold as asked: a boolean cell 'maybe', a
    residency that is not one, a date before the Program."""
    frame = requests(300, seed=41).with_columns(pl.format("case-{}", pl.int_range(pl.len())).alias("id"))
    frame = frame.with_columns(pl.col("person.insured").cast(pl.Utf8).str.to_lowercase())
    at = pl.int_range(pl.len())
    return frame.with_columns(
        pl.when(at == 3).then(pl.lit("maybe")).otherwise("person.insured").alias("person.insured"),
        pl.when(at == 5).then(pl.lit("resident")).otherwise("person.residency").alias("person.residency"),
        pl.when(at == 7).then(pl.lit("2019-01-01")).otherwise("date").alias("date"),
    )


def _stream(frame: pl.DataFrame) -> bytes:
    table = frame.to_arrow()
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def _single(frame: pl.DataFrame, lang: str = "en") -> list[dict[str, Any]]:
    """The single path's answer to each row (its cells as the table reads them), but a row the table
    cannot hold, which is that row's error naming the column."""
    typed = C.typed(frame, C.TABLE)
    out = []
    for row in typed.iter_rows(named=True):
        if row[C.TYPE_ERROR] is not None:
            out.append({"id": row["id"], "error": {"code": "invalid_input", "field": row[C.TYPE_ERROR]}})
        else:
            out.append(decide(C.raw_request(row), lang=lang))
    return out


def _same(got: list[dict[str, Any]], want: list[dict[str, Any]]) -> None:
    assert len(got) == len(want)
    for g, w in zip(got, want, strict=True):
        if "error" in w and "message" not in w["error"]:  # a cell the table cannot hold: named, in words
            assert g["id"] == w["id"] and g["error"]["field"] == w["error"]["field"] and g["error"]["message"]
        else:
            assert g == w


def _rows(answer: bytes) -> list[dict[str, Any]]:
    table = pa.ipc.open_stream(answer).read_all()
    assert table.schema.field("rule").type == pa.large_string()  # plain strings, not dictionaries
    return [as_answer(r) for r in table.to_pylist()]


def test_an_arrow_stream_is_answered_by_a_real_server_in_arrow_or_json(tmp_path: Path) -> None:
    """httpx and pyarrow against `kepil serve`, as a medical information system would call it."""
    frame = _frame()
    want = _single(frame, "ru")
    with serving(tmp_path) as served, httpx.Client(base_url=served.url, timeout=60) as client:
        headers = {
            "Authorization": f"Bearer {served.key}",
            "Content-Type": ARROW_STREAM,
            "Accept-Language": "ru",
        }
        r = client.post(PATH, content=_stream(frame), headers=headers)
        assert r.status_code == 200 and r.headers["content-type"] == ARROW_STREAM
        _same(_rows(r.content), want)
        r = client.post(PATH, content=_stream(frame), headers={**headers, "Accept": "application/json"})
        assert r.status_code == 200 and r.headers["content-type"] == "application/json"
        _same(r.json(), want)
        assert sum("error" in a for a in r.json()) >= 3
        # the JSON body is read as before
        body = [C.raw_request(row) for row in C.typed(frame.head(20), C.TABLE).iter_rows(named=True)]
        r = client.post(PATH, json=body, headers={"Authorization": f"Bearer {served.key}"})
        assert r.status_code == 200 and r.json() == [decide(x) for x in body]


def test_person_and_service_may_be_structs(api) -> None:  # type: ignore[no-untyped-def]
    frame = requests(40, seed=3)
    typed = C.typed(frame, C.TABLE)

    def inner(top: str) -> pl.Expr:
        return pl.struct(pl.col(c).alias(c.split(".")[1]) for c in frame.columns if c.startswith(f"{top}."))

    nested = typed.select("date", inner("person").alias("person"), inner("service").alias("service"))
    client = api.as_("analyst")
    r = client.post(PATH, content=_stream(nested), headers={"Content-Type": ARROW_STREAM})
    assert r.status_code == 200
    assert _rows(r.content) == _single(frame)


def test_an_empty_stream_has_an_empty_answer(api) -> None:  # type: ignore[no-untyped-def]
    client = api.as_("analyst")
    r = client.post(
        PATH, content=_stream(requests(5, seed=1).head(0)), headers={"Content-Type": ARROW_STREAM}
    )
    assert r.status_code == 200 and pa.ipc.open_stream(r.content).read_all().num_rows == 0
    headers = {"Content-Type": ARROW_STREAM, "Accept": "application/json"}
    r = client.post(PATH, content=_stream(requests(5, seed=1).head(0)), headers=headers)
    assert r.status_code == 200 and r.json() == []


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_a_column_that_is_not_a_field_is_refused_naming_it(api, lang: str) -> None:  # type: ignore[no-untyped-def]
    frame = requests(3, seed=2).rename({"person.insured": "person.insurd"})
    r = api.as_("analyst", lang=lang).post(
        PATH, content=_stream(frame), headers={"Content-Type": ARROW_STREAM}
    )
    assert r.status_code == 422
    error = r.json()["error"]
    assert error["field"] == "body" and "person.insurd (→ person.insured?)" in error["message"]


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_a_body_that_is_not_an_arrow_stream_is_refused(api, lang: str) -> None:  # type: ignore[no-untyped-def]
    from kepil.coverage.arrays import NOT_AN_ARROW_STREAM

    headers = {"Content-Type": f"{ARROW_STREAM}; charset=binary"}
    r = api.as_("analyst", lang=lang).post(PATH, content=b'[{"date": "2026-05-10"}]', headers=headers)
    assert r.status_code == 422
    error = r.json()["error"]
    assert error["field"] == "body"
    assert error["message"].startswith(NOT_AN_ARROW_STREAM[lang].split("{reason}")[0])


def test_too_many_rows_is_413(api, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from kepil.coverage import arrays

    monkeypatch.setattr(arrays, "MAX_ITEMS", 2)
    r = api.as_("analyst").post(
        PATH, content=_stream(requests(3, seed=1)), headers={"Content-Type": ARROW_STREAM}
    )
    assert r.status_code == 413


def test_the_openapi_document_declares_the_arrow_body_and_answer(api) -> None:  # type: ignore[no-untyped-def]
    operation = api.client.get("/openapi.json").json()["paths"][PATH]["post"]
    assert ARROW_STREAM in operation["requestBody"]["content"]
    assert ARROW_STREAM in operation["responses"]["200"]["content"]
    assert json.dumps(operation).count("application/json") >= 2
