"""Nothing a person acted on is lost by a run (`monitoring-rules` 13, 26, 53; contracts/claims.md December
2026): a re-run of an unpaid period keeps each defect it no longer finds that was objected to, answered,
notified, priced by an unscheduled monitoring or refunded — marked as not found again — and removes only the
untouched ones; an expert's finding is never touched; an empty or truncated input is refused; the licence
penalty is read once per established fact (10, third part); an unscheduled run sets the amounts to refund
(2.6, 53). SQLite and PostgreSQL."""

# ruff: noqa: F811 — the fixtures `mstore` and `fake` of test_monitoring_runs are imported to be used here

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from kepil.errors import InvalidInput
from kepil.monitoring import workflow as wf
from test_monitoring_runs import DETECTED, defect, fake, mstore, run, stored  # noqa: F401 (fixtures)

ON = dt.date(2026, 4, 7)


def run_of(period: str, url: str, tmp: Path, on: dt.date = DETECTED, **kw: Any) -> Any:
    from kepil.monitoring import run as run_mod

    p = tmp / "in"
    return run_mod.run_monitoring(
        p / "c", p / "p", p / "k", tmp / "out", database_url=url, detected_on=on, period=period, **kw
    )


def by_claim(engine: Any) -> dict[str | None, dict[str, Any]]:
    return {r["claim_id"] or r["contract_id"]: r for r in stored(engine)}


def test_a_rerun_keeps_what_a_person_acted_on_and_removes_the_rest(mstore, store_url, fake, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """13 corrects an unpaid period, but an objection (26) and the Fund's answer are never lost."""
    fake.found = [defect("C1", "K1"), defect("C2", "K1"), defect("C3", "K2"), defect("C4", "K2")]
    first = run(store_url, tmp_path)
    d = by_claim(mstore)
    wf.object_defect(mstore, d["C1"]["id"], ON, "the patient was transferred")
    wf.object_defect(mstore, d["C2"]["id"], ON, "planned second stage")
    wf.resolve_objection(mstore, d["C2"]["id"], ON, "upheld", "no second stage in the record")
    # the next day's run finds only C4 (e.g. the algorithm changed, or the claims were corrected)
    fake.found = [defect("C4", "K2")]
    second = run(store_url, tmp_path, on=DETECTED + dt.timedelta(days=1))
    after = by_claim(mstore)
    assert set(after) == {"C1", "C2", "C4"}  # C3, untouched, is gone (13)
    assert second.store["removed"] == 1 and second.store["kept_acted"] == 2
    assert (
        after["C1"]["status"] == "objected"
        and after["C1"]["objection_reason"] == "the patient was transferred"
    )
    assert after["C2"]["resolution_reason"] == "no second stage in the record"
    run_ids = {after["C1"]["not_found_since"], after["C2"]["not_found_since"]}
    assert run_ids == {second.store["run_id"]} and after["C4"]["not_found_since"] is None
    # found again: the mark goes, the state stays
    fake.found = [defect("C1", "K1"), defect("C4", "K2")]
    third = run(store_url, tmp_path, on=DETECTED + dt.timedelta(days=2))
    again = by_claim(mstore)
    assert again["C1"]["not_found_since"] is None and again["C1"]["status"] == "objected"
    assert again["C2"]["not_found_since"] == second.store["run_id"]  # still not found: still kept
    assert third.store["kept_acted"] == 0  # C2 was marked already
    assert first.store["run_id"] < second.store["run_id"] < third.store["run_id"]


def test_an_expert_finding_is_never_touched_by_a_run(mstore, store_url, fake, tmp_path) -> None:  # type: ignore[no-untyped-def]
    fake.found = [defect("C1", "K1")]
    run(store_url, tmp_path)
    with mstore.begin() as c:  # a finding as kepil.monitoring.findings stores one
        c.execute(
            text(
                "INSERT INTO monitoring_defects (id, claim_id, contract_id, code, rule, rule_version, act, "
                "clause, significant, penalty, details, period, region, run_id, detected_on, status, "
                "objection_deadline, hidden, source) VALUES ('expert1', 'C2', 'K1', '3.3', 'expert_review', "
                "1, 'monitoring-rules', 'app1.8', :t, 5, '{}', '2026-03', 'astana', 0, :d, 'detected', :d, "
                ":f, 'expert')"
            ),
            {"t": True, "f": False, "d": DETECTED},
        )
    fake.found = []
    r = run(store_url, tmp_path, on=DETECTED + dt.timedelta(days=1), allow_fewer=True)
    assert r.store["removed"] == 1
    assert [x["id"] for x in stored(mstore)] == ["expert1"]


def test_an_empty_input_is_refused_unless_expected(mstore, store_url, fake, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """contracts/claims.md: an input with no rows is refused unless the caller says an empty period is
    expected; nothing is written."""
    fake.found = [defect("C1", "K1")]
    run(store_url, tmp_path)
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pq.read_table(fake.claims).slice(0, 0), fake.claims)  # a header-only claims file
    fake.found = []
    with pytest.raises(InvalidInput) as e:
        run(store_url, tmp_path, on=DETECTED + dt.timedelta(days=1))
    assert e.value.field == "--claims" and "--allow-empty" in e.value.text("kk")
    assert len(stored(mstore)) == 1  # the period is whole
    r = run(store_url, tmp_path, on=DETECTED + dt.timedelta(days=1), allow_empty=True, allow_fewer=True)
    assert r.claims == 0 and stored(mstore) == []
    assert pa  # (imported for the slice's schema)


def test_a_truncated_input_is_refused_unless_asked_for(mstore, store_url, fake, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Fewer than half the claims of the scope's last run: the input may be cut short; nothing is stored."""
    import pyarrow.parquet as pq

    fake.found = [defect("C1", "K1"), defect("C3", "K2")]
    run(store_url, tmp_path)  # 5 claims of March judged
    whole = pq.read_table(fake.claims)
    pq.write_table(whole.slice(0, 2), fake.claims)  # 2 of them: fewer than half
    fake.found = [defect("C1", "K1")]
    with pytest.raises(InvalidInput) as e:
        run(store_url, tmp_path, on=DETECTED + dt.timedelta(days=1))
    assert "--allow-fewer" in e.value.text("ru") and "5" in e.value.message
    assert len(stored(mstore)) == 2
    pq.write_table(whole.slice(0, 3), fake.claims)  # 3 of 5: not fewer than half
    assert run(store_url, tmp_path, on=DETECTED + dt.timedelta(days=1)).store["removed"] == 1


def test_the_licence_penalty_is_read_once_per_established_fact(mstore, store_url, fake, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """10 (third part): 10 % of the contract sum when the fact of unlicensed activity is established — once,
    not again in each month the contract is monitored."""
    fake.found = [defect(None, "K2", rule="no_licence", code="10", clause="10", penalty=5_000_000)]
    march = run_of("2026-03", store_url, tmp_path)
    assert march.store["added"] == 1
    fake.found = [defect(None, "K2", rule="no_licence", code="10", clause="10", penalty=5_000_000)]
    april = run_of("2026-04", store_url, tmp_path, allow_empty=True)
    assert april.store["added"] == 0 and april.store["facts_known"] == 1
    rows = stored(mstore)
    assert [(r["period"], r["rule"]) for r in rows] == [("2026-03", "no_licence")]
    again = run_of("2026-03", store_url, tmp_path, on=DETECTED + dt.timedelta(days=1))
    assert again.store["removed"] == 0 and len(stored(mstore)) == 1  # found again in its own period


def test_an_unscheduled_run_sets_the_refunds_of_the_hidden_defects_it_finds(
    mstore, store_url, fake, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """2.6, 53: after payment the unscheduled monitoring sets the amount to refund (the penalty); a
    defect without a known penalty is left for the Fund to price."""
    wf.record_paid(mstore, "2026-03", None, dt.date(2026, 4, 15))
    fake.found = [defect("C1", "K1"), defect("C3", "K2", penalty=None)]
    run(store_url, tmp_path, on=dt.date(2026, 5, 4))  # current: both hidden (53)
    assert all(r["hidden"] and r["refund_amount"] is None for r in stored(mstore))
    r = run(store_url, tmp_path, on=dt.date(2026, 5, 6), kind="unscheduled")
    assert r.kind == "unscheduled" and r.store["refunds_set"] == 1
    rows = by_claim(mstore)
    assert (rows["C1"]["refund_amount"], rows["C1"]["unscheduled_on"]) == (100_000, "2026-05-06")
    assert rows["C3"]["refund_amount"] is None
    with pytest.raises(InvalidInput) as e:
        wf.record_unscheduled(mstore, rows["C3"]["id"], dt.date(2026, 5, 7))
    assert e.value.field == "amount"
    assert (
        wf.record_unscheduled(mstore, rows["C3"]["id"], dt.date(2026, 5, 7), 42_00)["refund_amount"] == 4200
    )
    with pytest.raises(InvalidInput):
        run(store_url, tmp_path, kind="scheduled")


def test_the_run_summary_says_what_was_checked(tmp_path: Path) -> None:
    """The summary names each row checked with its algorithms' versions, and the rows not checked with
    why: "0 defects" of a row means "0 of these"."""
    from kepil.monitoring.checks import run_checks

    c = run_checks("2026-03", frozenset({"claim_id"}))
    checked = {x["row"]: x for x in c["checked"]}
    assert [r["rule"] for r in checked[10]["rules"]] == ["readmission_30d"]
    assert {"rule": "service_after_death", "version": 2} in checked[11]["rules"]
    not_checked = {x["row"]: x for x in c["not_checked"]}
    assert set(not_checked) >= {1, 2, 5, 7, 8, 13, 20, 25, 26, 27, 28}
    assert (
        "practitioner_id" in not_checked[5]["reason"]["en"]
        and "medical record" in not_checked[5]["reason"]["en"]
    )
    assert "paid_by_patient_medicines" in not_checked[25]["reason"]["ru"]
    assert [r["rule"] for r in c["not_run"]] == [
        "charged_for_own_medicines",
        "practitioner_daily_load",
        "practitioner_monthly_load",
    ]
    assert c["contract_level"][0]["rule"] == "no_licence"
