"""The monitoring workflow on the pages (`monitoring-rules` 26, 53, 53-1, 53-2; 13 and app1 for the review
worklist): a provider objects on its defect's page while the window is open; the Fund answers, notifies,
sets the amount of the unscheduled monitoring and records the refund; each step shows in the history; the
work queues; the worklist narrowed and a finding recorded. SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from kepil.law.monitoring_rules.deadlines import objection_deadline
from kepil.monitoring import workflow as wf
from stored_defects import craft, register, store, store_worklist

TODAY = dt.date.today()


def _ids(api: Any) -> dict[str, str]:
    _, rows = wf.list_defects(api.engine)
    return {r["claim_id"]: r["id"] for r in rows}


def test_the_provider_objects_on_the_page_and_the_fund_answers(api) -> None:  # type: ignore[no-untyped-def]
    register(api, "P1")
    register(api, "P2")
    store(api.engine, [craft("C1", "K1", "P1"), craft("C2", "K2", "P2")], on=TODAY)
    ids = _ids(api)
    p1 = api.page_client("provider", "P1", lang="en")
    html = p1.get(f"/monitoring/defect/{ids['C1']}").text
    deadline = f"{objection_deadline(TODAY):%d.%m.%Y}"
    assert f"until {deadline}" in html and f'action="/monitoring/defect/{ids["C1"]}/objection"' in html
    # reasons are required: the message beside the field, nothing recorded
    bad = p1.post(f"/monitoring/defect/{ids['C1']}/objection", data={"reason": "  "})
    assert bad.status_code == 422 and 'aria-invalid="true"' in bad.text and "no reasons given" in bad.text
    assert wf.get_defect(api.engine, ids["C1"])["status"] == "detected"
    # another provider's defect, or the Fund's step: refused
    assert p1.post(f"/monitoring/defect/{ids['C2']}/objection", data={"reason": "x"}).status_code == 403
    assert p1.post(f"/monitoring/defect/{ids['C1']}/decision", data={"reason": "x"}).status_code == 403
    ok = p1.post(f"/monitoring/defect/{ids['C1']}/objection", data={"reason": "transferred, not readmitted"})
    assert ok.status_code == 303 and ok.headers["location"].startswith(
        f"/monitoring/defect/{ids['C1']}?done="
    )
    after = p1.get(ok.headers["location"]).text
    assert "The objection is recorded" in after and "The objection awaits the Fund" in after
    assert "/objection" not in re.sub(r"<p[^>]*>.*?</p>", "", after.split('id="workflow-')[1])  # no form now
    # the Fund's queue, its answer with reasons; the provider sees it
    fund = api.page_client("fund", lang="en")
    queue = fund.get("/monitoring/inbox").text
    assert "Objections awaiting an answer (cl. 26)" in queue and "transferred, not readmitted" in queue
    page = fund.get(f"/monitoring/defect/{ids['C1']}").text
    assert f'action="/monitoring/defect/{ids["C1"]}/decision"' in page
    missing = fund.post(f"/monitoring/defect/{ids['C1']}/decision", data={"outcome": "upheld", "reason": ""})
    assert missing.status_code == 422 and 'id="decision-reason-' in missing.text
    future = (TODAY + dt.timedelta(days=3)).isoformat()
    late = fund.post(
        f"/monitoring/defect/{ids['C1']}/decision", data={"outcome": "upheld", "reason": "x", "date": future}
    )
    assert late.status_code == 422 and "in the future" in late.text
    done = fund.post(
        f"/monitoring/defect/{ids['C1']}/decision",
        data={"outcome": "withdrawn", "reason": "the transfer is in the record"},
    )
    assert done.status_code == 303
    seen = p1.get(f"/monitoring/defect/{ids['C1']}").text
    assert "the transfer is in the record" in seen and "withdrawn" in seen
    # the history: who (the key's role and organisation, not its id), what
    assert "objected" in seen and "provider (" in seen and "key:" not in seen
    analyst = api.page_client("analyst", lang="en")
    assert analyst.post(f"/monitoring/defect/{ids['C2']}/notice", data={}).status_code == 403
    assert api.page_client("registrar", "P1").get("/monitoring/inbox").status_code == 403


def test_a_closed_window_offers_no_objection_and_refuses_one(api) -> None:  # type: ignore[no-untyped-def]
    register(api, "P1")
    found = TODAY - dt.timedelta(days=40)
    store(api.engine, [craft("C1", "K1", "P1")], on=found)
    ids = _ids(api)
    p1 = api.page_client("provider", "P1", lang="ru")
    html = p1.get(f"/monitoring/defect/{ids['C1']}").text
    closed = objection_deadline(found)
    assert f"Срок возражения истёк {closed:%d.%m.%Y}" in html  # monitoring-rules 26
    assert "/objection" not in html.split('id="workflow-')[1]
    r = p1.post(f"/monitoring/defect/{ids['C1']}/objection", data={"reason": "поздно"})
    assert r.status_code == 422 and f"{closed:%d.%m.%Y}" in r.text


def test_the_hidden_defect_path_on_the_pages(api) -> None:  # type: ignore[no-untyped-def]
    register(api, "P1")
    wf.record_paid(api.engine, "2026-03", None, TODAY - dt.timedelta(days=3))
    store(api.engine, [craft("C1", "K1", "P1")], on=TODAY)
    ids = _ids(api)
    fund = api.page_client("fund", lang="en")
    queue = fund.get("/monitoring/inbox").text
    assert "Hidden defects to notify (cl. 53)" in queue
    assert "Hidden defects without an amount to refund" in queue
    d = ids["C1"]
    early = fund.post(f"/monitoring/defect/{d}/refund", data={})  # 53: the amount is set first
    assert early.status_code == 422 and "unscheduled monitoring" in early.text
    assert fund.post(f"/monitoring/defect/{d}/notice", data={}).status_code == 303
    bad = fund.post(f"/monitoring/defect/{d}/unscheduled", data={"amount": "-5"})
    assert (
        bad.status_code == 422 and 'id="unscheduled-amount-' in bad.text and 'aria-invalid="true"' in bad.text
    )
    assert fund.post(f"/monitoring/defect/{d}/unscheduled", data={"amount": ""}).status_code == 303
    page = fund.get(f"/monitoring/defect/{d}").text
    assert "2 500,00 ₸" in page.replace("\u00a0", " ") and "current payments continue" in page
    assert fund.post(f"/monitoring/defect/{d}/refund", data={"date": TODAY.isoformat()}).status_code == 303
    row = wf.get_defect(api.engine, d)
    assert (row["notified_on"], row["refund_amount"], row["refunded_on"]) == (
        TODAY.isoformat(),
        250_000,
        TODAY.isoformat(),
    )
    assert [h["action"] for h in wf.history(api.engine, d)] == ["notify", "unscheduled", "refund"]
    p1 = api.page_client("provider", "P1", lang="en")
    assert p1.post(f"/monitoring/defect/{d}/notice", data={}).status_code == 403
    assert fund.post(f"/monitoring/defect/{d}/nonsense", data={}).status_code == 404
    assert fund.post("/monitoring/defect/nope/notice", data={}).status_code == 404


def test_the_worklist_page_narrows_and_records_a_finding(api) -> None:  # type: ignore[no-untyped-def]
    register(api, "P1")
    store_worklist(api.engine)
    store(api.engine, [craft("C9", "K1", "P1")], on=TODAY)  # a stored period for the form's choices
    fund = api.page_client("fund", lang="en")
    html = fund.get("/monitoring/worklist?period=2026-03").text
    assert (
        "2 of 1\u00a0000 claims chosen" in html and "{'share'" not in html and "W1" in html and "W2" in html
    )
    only = fund.get("/monitoring/worklist?period=2026-03&reason=death").text
    assert ">W2<" in only and ">W1<" not in only
    wide = fund.get("/monitoring/worklist?period=2026-03&share=0.9")
    assert wide.status_code == 422 and 'aria-invalid="true"' in wide.text
    assert fund.get("/monitoring/worklist?period=2026-03&share=abc").status_code == 422
    na = fund.post(
        "/monitoring/worklist/finding",
        data={"period": "2026-03", "claim_id": "W1", "code": "3.3", "note": "dearer group"},
    )
    assert na.status_code == 422 and "does not apply" in na.text
    ok = fund.post(
        "/monitoring/worklist/finding",
        data={"period": "2026-03", "claim_id": "W1", "code": "8.0", "note": "a founded complaint"},
    )
    assert ok.status_code == 303 and "done=finding" in ok.headers["location"]
    card = fund.get(ok.headers["location"]).text
    assert (
        "The finding is recorded as a defect" in card
        and "an expert" in card
        and "a founded complaint" in card
    )
    analyst = api.page_client("analyst", lang="en")
    assert analyst.get("/monitoring/worklist?period=2026-03").status_code == 200
    assert analyst.post("/monitoring/worklist/finding", data={"period": "2026-03"}).status_code == 403
    assert api.page_client("provider", "P1").get("/monitoring/worklist").status_code == 403
    for lang in ("kk", "ru"):  # every word in the page's language
        assert (
            api.page_client("fund", lang=lang).get("/monitoring/worklist?period=2026-03").status_code == 200
        )


def test_the_dashboard_says_which_rows_the_latest_run_did_not_check(api) -> None:  # type: ignore[no-untyped-def]
    """13: "0 defects" of a row no algorithm checked means nothing; the page lists those rows and why."""
    import pyarrow as pa

    from kepil.monitoring.checks import run_checks
    from kepil.monitoring.store import SCOPED_COLUMNS, RunRecord, Scope, save_run

    types = {"rule_version": pa.int32(), "penalty": pa.int64(), "significant": pa.bool_()}
    schema = pa.schema([(c, types.get(c, pa.string())) for c in SCOPED_COLUMNS])
    checks = run_checks("2026-03", frozenset({"claim_id"}))
    record = RunRecord("duckdb", {}, TODAY, dt.datetime.now(dt.UTC), 10, checks=checks)
    save_run(api.engine, Scope("2026-03"), schema.empty_table(), record)
    html = api.page_client("analyst", lang="en").get("/monitoring?period=2026-03").text
    assert "Rows the latest run did not check automatically (cl. 13)" in html
    assert "practitioner_id" in html and "A complaint is the patient" in html  # rows 5 and 20
