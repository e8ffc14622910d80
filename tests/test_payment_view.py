"""The payment view (issue 16): a stored month's payment by method, region and organisation in the API
and the page, the Fund's analyst seeing all and a provider its own, with the monitoring's penalties beside
the amounts they reduce (`monitoring-rules` 53-2: never subtracted from the current payment)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from kepil.data import data_path
from kepil.law.program_2026_2028.payment import pay
from kepil.law.program_2026_2028.tariffs import load_tariffs
from kepil.reference.iin import make_iin
from kepil.reports.payment import store_payment
from stored_defects import craft, register, store

EXAMPLE = data_path("program_2026_2028", "tariffs_example_2026.yaml")
D = dt.date


def _claims(path: Path) -> Path:
    rows = [
        ("a", "P1", "A01.001", None), ("b", "P1", None, "ST-002"), ("c", "P2", "B03.001", None),
    ]  # fmt: skip
    table = pa.table({
        "claim_id": [r[0] for r in rows], "provider_id": [r[1] for r in rows], "region": ["abai"] * 3,
        "iin": [make_iin(D(1980, 1, 1), "male", serial=10 * i) for i in range(3)],
        "care_kind": ["outpatient_specialized", "inpatient", "outpatient_specialized"],
        "icd10": ["J18.9"] * 3, "start_date": pa.array([D(2026, 3, 2)] * 3),
        "end_date": pa.array([D(2026, 3, 9)] * 3),
        "amount": [1, 1, 1], "service_code": [r[2] for r in rows], "ccg": [r[3] for r in rows],
    })  # fmt: skip
    pq.write_table(table, path)
    return path


def _stored(api: Any, tmp_path: Path) -> None:
    amounts = tmp_path / "amounts.parquet"
    pq.write_table(pay(_claims(tmp_path / "c.parquet"), load_tariffs(EXAMPLE), period="2026-03"), amounts)
    assert store_payment(api.engine, "2026-03", amounts, "test", 2026) == 3


def test_api_payment_view_fund_sees_all_provider_its_own(api, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert api.as_("analyst").get("/v1/payments").json()["stored"] is None
    _stored(api, tmp_path)
    register(api, "P1")
    register(api, "P2")
    store(api.engine, [craft("b", "K1", "P1")])
    view = api.as_("analyst").get("/v1/payments", params={"period": "2026-03"}).json()
    by_method = {r["method"]: r for r in view["by_method"]}
    assert by_method["item_tariff"]["amount_tiyn"] == 420_000 + 185_000  # app2.3 item 1, per service
    assert by_method["per_case_ccg"]["amount_tiyn"] == 15_675_050  # app2.4 item 1
    p1 = next(p for p in view["by_provider"] if p["provider_id"] == "P1")
    # the penalty is beside the amount due, which it does not reduce (53-2)
    assert p1["amount_tiyn"] == 420_000 + 15_675_050 and p1["penalty_tiyn"] > 0
    assert p1["net_of_deductions_tiyn"] == p1["amount_tiyn"] - p1["penalty_tiyn"]
    assert {(r["clause"], r["item"]) for r in view["rows"]} == {("app2.3", 1), ("app2.4", 1)}
    mine = api.as_("provider", "P2").get("/v1/payments").json()
    assert [p["provider_id"] for p in mine["by_provider"]] == ["P2"]
    assert api.as_("provider", "P2").get("/v1/payments", params={"provider": "P1"}).status_code == 403
    unknown = api.as_("analyst", lang="en").get("/v1/payments", params={"period": "2026-02"})
    assert unknown.status_code == 422 and "2026-03" in unknown.text  # names the months stored
    assert api.as_("registrar", "P1").get("/v1/payments").status_code == 403
    assert api.client.get("/v1/payments").status_code == 401


def test_payment_page_in_three_languages_and_download(api, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    register(api, "P2")
    empty = api.page_client("analyst", lang="en").get("/payments")
    assert empty.status_code == 200 and "kepil pay" in empty.text
    _stored(api, tmp_path)
    for lang, word in (("kk", "Ақы төлеу"), ("ru", "Оплата"), ("en", "Payment")):
        r = api.page_client("analyst", lang=lang).get("/payments")
        # the item of appendix 2 as the language writes it, never its code (issue 18)
        item = {"kk": "2-қосымша, 3.1-тармақ", "ru": "прил. 2, п. 3.1", "en": "app. 2, item 3.1"}[lang]
        assert r.status_code == 200 and word in r.text and item in r.text and ">app2.3.1<" not in r.text
        assert 'href="/law/program-2026-2028/clause/app2.3.1"' in r.text  # the item links to its text
    csv = api.page_client("analyst", lang="en").get("/payments", params={"export": "by_provider"})
    assert csv.status_code == 200 and "P1" in csv.text and "P2" in csv.text
    own = api.page_client("provider", "P2", lang="en").get("/payments", params={"export": "by_provider"})
    assert "P2" in own.text and "P1" not in own.text
    bad = api.page_client("analyst", lang="en").get("/payments", params={"scope": "1999-01"})
    assert bad.status_code == 422
