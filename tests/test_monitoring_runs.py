"""Monitoring runs stored on SQLite and PostgreSQL (`monitoring-rules` 13, 26, 53, 53-1, 53-2): a run is
idempotent per (period, region), a run that fails half-way leaves the previous state whole, a changed
algorithm re-evaluates unpaid periods only, defects found after payment are hidden.

The inputs and the algorithms are small fakes here (kepil.monitoring.run binds them late); the real
modules are exercised end to end in test_monitoring_cli.py."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from sqlalchemy import select, text

from kepil.errors import InvalidInput
from kepil.law.monitoring_rules.defects import OUTPUT_SCHEMA
from kepil.monitoring import run as run_mod
from kepil.monitoring import store as store_mod
from kepil.monitoring import workflow as wf
from kepil.store.db import make_engine, reading
from kepil.store.models import MonitoringClaim, MonitoringDefect, MonitoringJudged, MonitoringRun

CONTRACT = list(store_mod.CONTRACT_COLUMNS)
DETECTED = dt.date(2026, 4, 6)  # a Monday; objection window to Mon 13 April (26)


@pytest.fixture
def mstore(store_url: str):  # type: ignore[no-untyped-def]
    """The store, with the monitoring tables emptied (conftest empties the older tables)."""
    engine = make_engine(store_url)
    if engine.dialect.name == "postgresql":
        with engine.begin() as c:
            c.execute(
                text(
                    "TRUNCATE monitoring_defects, monitoring_runs, monitoring_periods_paid, audit_log, "
                    "monitoring_claims, monitoring_judged "
                    "RESTART IDENTITY CASCADE"
                )
            )
    yield engine
    engine.dispose()


CLAIMS = [  # claim_id, contract_id, region, end_date
    ("C1", "K1", "astana", dt.date(2026, 3, 10)),
    ("C2", "K1", "astana", dt.date(2026, 3, 12)),
    ("C3", "K2", "abai", dt.date(2026, 3, 15)),
    ("C4", "K2", "abai", dt.date(2026, 3, 20)),
    ("C6", "K2", "astana", dt.date(2026, 3, 5)),
    ("C5", "K3", "astana", dt.date(2026, 2, 25)),  # history: the previous month
]


def defect(
    claim: str | None,
    contract: str,
    rule: str = "readmission_30d",
    code: str = "4.0",
    version: int = 1,
    **kw: Any,
) -> dict[str, Any]:
    row = {
        "claim_id": claim,
        "contract_id": contract,
        "code": code,
        "rule": rule,
        "rule_version": version,
        "act": "monitoring-rules",
        "clause": f"app1.{code}",
        "significant": True,
        "penalty": 100_000,
        "details": json.dumps({"threshold": 30}),
    }
    return row | kw


class Fake:
    """find_defects / load_inputs / rule_versions stand-ins: `found` is what the algorithms return."""

    def __init__(self, tmp: Path) -> None:
        self.claims = tmp / "claims.parquet"
        pq.write_table(
            pa.table(
                {
                    "claim_id": [c[0] for c in CLAIMS],
                    "contract_id": [c[1] for c in CLAIMS],
                    "region": [c[2] for c in CLAIMS],
                    "end_date": pa.array([c[3] for c in CLAIMS], pa.date32()),
                }
            ),
            self.claims,
        )
        self.found: list[dict[str, Any]] = []
        self.versions = {"readmission_30d": 1, "duplicate_case": 1, "no_licence": 1}

    def load_inputs(
        self, claims: Path, persons: Path, contracts: Path, workdir: Path, progress: Any, *_: Any
    ) -> Any:
        return SimpleNamespace(claims=self.claims, persons=persons, contracts=None)  # no provider_id then

    def find_defects(self, inputs: Any, period: str, *, region: str | None, **_: Any) -> pa.Table:
        where = {c[0]: c[2] for c in CLAIMS}
        by_contract = {c[1] for c in CLAIMS if region is None or c[2] == region}
        rows = [
            r
            for r in self.found
            if (r["claim_id"] is None and r["contract_id"] in by_contract)
            or (r["claim_id"] is not None and (region is None or where[r["claim_id"]] == region))
        ]
        schema = OUTPUT_SCHEMA
        return pa.Table.from_pylist(rows, schema=schema)


def install_fake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Fake:
    """A Fake put in place of the run's inputs, algorithms and rule versions."""
    f = Fake(tmp_path)
    monkeypatch.setattr(run_mod, "load_inputs", f.load_inputs)
    monkeypatch.setattr(run_mod, "find_defects", f.find_defects)
    monkeypatch.setattr(run_mod, "rule_versions", lambda _period, _columns=None: dict(f.versions))
    return f


@pytest.fixture
def fake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Fake:
    return install_fake(tmp_path, monkeypatch)


def run(url: str, tmp: Path, on: dt.date = DETECTED, **kw: Any) -> Any:
    p = tmp / "in"
    return run_mod.run_monitoring(
        p / "c", p / "p", p / "k", tmp / "out", database_url=url, detected_on=on, period="2026-03", **kw
    )


def stored(engine: Any, without: tuple[str, ...] = ("run_id",)) -> list[dict[str, Any]]:
    with reading(engine) as s:
        rows = s.scalars(select(MonitoringDefect).order_by(MonitoringDefect.id))
        return [{k: v for k, v in wf.view(d).items() if k not in without} for d in rows]


def runs(engine: Any) -> int:
    with reading(engine) as s:
        return len(s.scalars(select(MonitoringRun.id)).all())


def test_a_rerun_gives_the_same_rows_and_no_duplicates(mstore, store_url, fake, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`monitoring-rules` 21 runs every working day: the same period run again stores the same rows."""
    fake.found = [
        defect("C1", "K1"),
        defect("C4", "K2", "duplicate_case", "5.1"),
        defect(None, "K2", "no_licence", "10"),
    ]
    first = run(store_url, tmp_path)
    before = stored(mstore)
    assert first.store["added"] == 3 and first.store["stored"] == 3
    second = run(store_url, tmp_path, on=DETECTED + dt.timedelta(days=1))
    assert stored(mstore) == before  # same rows; detection day and deadlines of the first run kept
    assert second.store | {"run_id": 0} == first.store | {"run_id": 0, "added": 0}
    assert second.store["added"] == 0 and second.store["removed"] == 0
    assert runs(mstore) == 2
    assert {r["detected_on"] for r in before} == {"2026-04-06"}
    assert {r["objection_deadline"] for r in before} == {"2026-04-13"}  # 26: 5 working days after


def test_regions_of_defects_and_region_runs_match_an_all_regions_run(
    mstore, store_url, fake, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """A claim's defect is its region's; a contract-level one (10) goes where most of its claims are."""
    fake.found = [
        defect("C1", "K1"),
        defect("C6", "K2"),
        defect("C3", "K2"),
        defect(None, "K2", "no_licence", "10"),
    ]
    run(store_url, tmp_path)
    every = stored(mstore)
    assert {(r["claim_id"], r["region"]) for r in every} == {
        ("C1", "astana"),
        ("C6", "astana"),
        ("C3", "abai"),
        (None, "abai"),  # K2: 2 claims in abai, 1 in astana
    }
    astana = run(store_url, tmp_path, region="astana")
    assert astana.defects == 2 and astana.store["added"] == 0 and astana.store["stored"] == 2
    abai = run(store_url, tmp_path, region="Абай облысы")  # a Kazakh name is accepted
    assert abai.region == "abai" and abai.defects == 2 and abai.store["added"] == 0
    assert stored(mstore) == every


def test_a_run_that_fails_while_loading_leaves_the_previous_state_whole(  # type: ignore[no-untyped-def]
    mstore, store_url, fake, tmp_path, monkeypatch
) -> None:
    fake.found = [defect("C1", "K1"), defect("C3", "K2")]
    run(store_url, tmp_path)
    before, files = stored(mstore, ()), sorted((tmp_path / "out").iterdir())
    parquet = (tmp_path / "out" / "defects.parquet").read_bytes()
    real = store_mod.bulk_load

    def half_then_die(conn: Any, table: pa.Table) -> None:
        real(conn, table.slice(0, table.num_rows // 2))
        raise RuntimeError("killed half-way")

    monkeypatch.setattr(store_mod, "bulk_load", half_then_die)
    fake.found = [defect(f"C{i}", "K1", "duplicate_case", "5.1") for i in (1, 2)] + [defect("C4", "K2")]
    with pytest.raises(RuntimeError, match="killed"):
        run(store_url, tmp_path, on=DETECTED + dt.timedelta(days=7))
    assert stored(mstore, ()) == before
    assert runs(mstore) == 1
    assert sorted((tmp_path / "out").iterdir()) == files  # no temporary files left, no half-written run
    assert (tmp_path / "out" / "defects.parquet").read_bytes() == parquet


def test_a_run_that_fails_after_deleting_leaves_the_previous_state_whole(
    mstore, store_url, fake, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """The final insert fails on a bad row in the middle (code null): the delete before it is undone."""
    fake.found = [defect("C1", "K1"), defect("C3", "K2")]
    run(store_url, tmp_path)
    before = stored(mstore, ())
    fake.found = [defect("C1", "K1"), defect("C2", "K1", code=None), defect("C4", "K2")]
    with pytest.raises(Exception, match=r"(?i)null"):
        run(store_url, tmp_path)
    assert stored(mstore, ()) == before and runs(mstore) == 1


def test_a_changed_algorithm_re_evaluates_unpaid_periods(mstore, store_url, fake, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """13: defects an algorithm assigned are corrected while the period is not paid; one found again keeps
    its detection day and objection."""
    fake.found = [defect("C1", "K1"), defect("C2", "K1")]
    run(store_url, tmp_path)
    c1 = next(r for r in stored(mstore) if r["claim_id"] == "C1")
    wf.object_defect(mstore, c1["id"], DETECTED + dt.timedelta(days=2), "the patient was transferred")
    fake.versions["readmission_30d"] = 2
    fake.found = [defect("C1", "K1", version=2, penalty=50_000), defect("C3", "K2", version=2)]
    later = run(store_url, tmp_path, on=dt.date(2026, 4, 20))
    assert later.store["removed"] == 1 and later.store["added"] == 1
    assert later.store["reevaluated"] == {"readmission_30d": ([1], 2)}
    rows = {r["claim_id"]: r for r in stored(mstore)}
    assert set(rows) == {"C1", "C3"}
    assert rows["C1"]["rule_version"] == 2 and rows["C1"]["penalty"] == 50_000
    assert rows["C1"]["status"] == "objected" and rows["C1"]["detected_on"] == "2026-04-06"
    assert rows["C3"]["detected_on"] == "2026-04-20" and rows["C3"]["status"] == "detected"
    assert not any(r["hidden"] for r in rows.values())


def test_a_paid_period_keeps_its_defects_and_later_ones_are_hidden(mstore, store_url, fake, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """13: no correction once paid; 53: a defect found after payment is hidden, notified within a month,
    refunded within 6 months (53-1), current payments go on (53-2)."""
    fake.found = [defect("C1", "K1"), defect("C2", "K1")]
    run(store_url, tmp_path)
    wf.record_paid(mstore, "2026-03", None, dt.date(2026, 4, 15))
    fake.versions["readmission_30d"] = 2
    fake.found = [defect("C1", "K1", version=2), defect("C3", "K2", version=2)]
    on = dt.date(2026, 5, 29)  # Friday; +1 month = Mon 29 June; +6 months = Sun 29 Nov → Mon 30 Nov
    s = run(store_url, tmp_path, on=on)
    assert s.store["kept_paid"] == 2 and s.store["hidden"] == 1 and s.store["removed"] == 0
    assert s.store["reevaluated"] == {}
    assert s.deadlines["hidden_defects"] == 1 and s.deadlines["current_payments_continue"] is True
    rows = {r["claim_id"]: r for r in stored(mstore)}
    assert set(rows) == {"C1", "C2", "C3"}
    assert rows["C1"]["rule_version"] == 1 and rows["C2"]["rule_version"] == 1  # kept as paid
    assert not rows["C1"]["hidden"] and rows["C1"]["notice_deadline"] is None
    c3 = rows["C3"]
    assert c3["hidden"] and c3["notice_deadline"] == "2026-06-29" and c3["refund_deadline"] == "2026-11-30"
    again = run(store_url, tmp_path, on=on + dt.timedelta(days=3))
    assert again.store["hidden"] == 0 and again.store["added"] == 0 and len(stored(mstore)) == 3
    assert stored(mstore) == list(rows[k] for k in sorted(rows, key=lambda k: rows[k]["id"]))


def test_a_payment_after_the_day_of_detection_does_not_make_a_defect_hidden(
    mstore, store_url, fake, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    wf.record_paid(mstore, "2026-03", None, dt.date(2026, 4, 30))
    fake.found = [defect("C1", "K1")]
    s = run(store_url, tmp_path)  # detected 6 April, before the payment
    assert s.store["hidden"] == 0 and s.store["paid_regions"] == []
    assert not stored(mstore)[0]["hidden"]


def test_a_payment_of_one_region_protects_that_region_only(mstore, store_url, fake, tmp_path) -> None:  # type: ignore[no-untyped-def]
    fake.found = [defect("C1", "K1"), defect("C3", "K2")]
    run(store_url, tmp_path)
    wf.record_paid(mstore, "2026-03", "abai", dt.date(2026, 4, 10))
    fake.found = [defect("C2", "K1"), defect("C4", "K2")]
    s = run(store_url, tmp_path, on=dt.date(2026, 4, 20))
    assert s.store["paid_regions"] == ["abai"]
    rows = {r["claim_id"]: r["hidden"] for r in stored(mstore)}
    assert rows == {"C2": False, "C3": False, "C4": True}  # astana corrected; abai kept + hidden


def test_objection_within_the_window_then_refused_after_it(mstore, store_url, fake, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """26: 5 working days after the day of detection; the refusal names the deadline."""
    fake.found = [defect("C1", "K1"), defect("C2", "K1")]
    run(store_url, tmp_path, on=dt.date(2026, 3, 20))  # Fri before Nauryz: 26 Mar is the 1st working day
    ids = [r["id"] for r in stored(mstore)]
    ok = wf.object_defect(mstore, ids[0], dt.date(2026, 4, 1), "not a readmission")
    assert ok["status"] == "objected" and ok["objection_deadline"] == "2026-04-01"
    with pytest.raises(InvalidInput) as e:
        wf.object_defect(mstore, ids[1], dt.date(2026, 4, 2), "late")
    assert "2026-04-01" in e.value.message and "26" in e.value.message
    assert "2026-04-01" in e.value.text("kk") and "2026-04-01" in e.value.text("ru")
    with pytest.raises(InvalidInput, match="objected"):
        wf.object_defect(mstore, ids[0], dt.date(2026, 3, 30), "again")
    answer = wf.resolve_objection(mstore, ids[0], dt.date(2026, 4, 3), "withdrawn", "a transfer indeed")
    assert answer["status"] == "withdrawn" and answer["resolution_reason"] == "a transfer indeed"
    with pytest.raises(InvalidInput):
        wf.object_defect(mstore, "nope", dt.date(2026, 3, 30), "?")
    with reading(mstore) as s:
        from kepil.store import audit

        assert [e.action for e in audit.entries(s, "monitoring_defect", ids[0])] == ["withdrawn", "object"]


def test_what_is_due_and_refunds_of_hidden_defects(mstore, store_url, fake, tmp_path) -> None:  # type: ignore[no-untyped-def]
    wf.record_paid(mstore, "2026-03", None, dt.date(2026, 4, 15))
    fake.found = [defect("C1", "K1"), defect("C3", "K2", penalty=None)]
    run(store_url, tmp_path, on=dt.date(2026, 12, 1))  # +1 month: Fri 1 Jan 2027 → Tue 5 Jan (holidays)
    due = wf.due(mstore, dt.date(2026, 12, 2))
    kinds = {(r["kind"], r["deadline"]) for r in due}
    assert kinds == {("objection", "2026-12-08"), ("notice", "2027-01-05"), ("refund", "2027-06-01")}
    assert all(not r["overdue"] for r in due)
    refund = [r for r in due if r["kind"] == "refund"]
    assert sum(r["defects"] for r in refund) == 2 and sum(r["penalty_unknown"] for r in refund) == 1
    assert all(r["current_payments_continue"] for r in refund)  # 53-2
    c1 = next(r for r in stored(mstore) if r["claim_id"] == "C1")
    wf.record_notice(mstore, c1["id"], dt.date(2026, 12, 10))
    with pytest.raises(InvalidInput, match="unscheduled monitoring"):  # 53: the amount is set first
        wf.record_refund(mstore, c1["id"], dt.date(2027, 2, 1))
    assert wf.record_unscheduled(mstore, c1["id"], dt.date(2027, 1, 20))["refund_amount"] == c1["penalty"]
    wf.record_refund(mstore, c1["id"], dt.date(2027, 2, 1))
    with pytest.raises(InvalidInput, match="already"):
        wf.record_refund(mstore, c1["id"], dt.date(2027, 2, 2))
    late = wf.due(mstore, dt.date(2027, 1, 6))
    assert [(r["kind"], r["overdue"], r["region"]) for r in late] == [
        ("notice", True, "abai"),
        ("refund", False, "abai"),
    ]


def test_notice_of_a_defect_found_before_payment_is_refused(mstore, store_url, fake, tmp_path) -> None:  # type: ignore[no-untyped-def]
    fake.found = [defect("C1", "K1")]
    run(store_url, tmp_path)
    with pytest.raises(InvalidInput, match="not hidden"):
        wf.record_notice(mstore, stored(mstore)[0]["id"], dt.date(2026, 4, 7))


def test_a_payment_recorded_twice_with_another_day_is_refused(mstore) -> None:  # type: ignore[no-untyped-def]
    wf.record_paid(mstore, "2026-03", "astana", dt.date(2026, 4, 15))
    wf.record_paid(mstore, "2026-03", "Астана қаласы", dt.date(2026, 4, 15))  # the same: nothing changes
    with pytest.raises(InvalidInput, match="already recorded as paid on 2026-04-15"):
        wf.record_paid(mstore, "2026-03", "astana", dt.date(2026, 4, 16))
    with pytest.raises(InvalidInput, match="not a period"):
        wf.record_paid(mstore, "2026-13", None, dt.date(2026, 4, 16))
    assert wf.list_paid(mstore) == [{"period": "2026-03", "region": "astana", "paid_on": "2026-04-15"}]


def test_listing_and_filters(mstore, store_url, fake, tmp_path) -> None:  # type: ignore[no-untyped-def]
    fake.found = [
        defect("C1", "K1"),
        defect("C4", "K2", "duplicate_case", "5.1"),
        defect(None, "K2", "no_licence", "10"),
    ]
    run(store_url, tmp_path)
    assert wf.list_defects(mstore)[0] == 3
    assert [r["claim_id"] for r in wf.list_defects(mstore, region="abai")[1]] == ["C4", None]
    assert wf.list_defects(mstore, code="5.1")[1][0]["rule"] == "duplicate_case"
    assert wf.list_defects(mstore, status="objected")[0] == 0
    assert wf.list_defects(mstore, hidden=False, limit=1)[0] == 3
    with pytest.raises(InvalidInput):
        wf.list_defects(mstore, status="open")
    # found by the sweep: a misspelt code or rule matched nothing, "0 defects" as if none were found
    assert wf.list_defects(mstore, code="10")[0] == 1 and wf.list_defects(mstore, code="5.1.")[0] == 1
    assert wf.list_defects(mstore, rule="expert_review")[0] == 0
    with pytest.raises(InvalidInput, match=r"unknown defect code '99\.9'"):
        wf.list_defects(mstore, code="99.9")
    with pytest.raises(InvalidInput, match="unknown algorithm 'duplicate_cases'") as e:
        wf.list_defects(mstore, rule="duplicate_cases")
    assert "неизвестный алгоритм" in e.value.text("ru")


def test_files_and_summary_without_a_store(fake, tmp_path) -> None:  # type: ignore[no-untyped-def]
    fake.found = [
        defect("C1", "K1"),
        defect("C4", "K2", "duplicate_case", "5.1", significant=False, penalty=None),
        defect(None, "K2", "no_licence", "10", penalty=5_000_000),
    ]
    s = run(None, tmp_path)  # type: ignore[arg-type]
    assert s.store is None and s.claims == 5 and s.defects == 3
    assert s.penalty == 5_100_000 and s.penalty_unknown == 1
    out = tmp_path / "out"
    assert sorted(p.name for p in out.iterdir()) == ["defects.parquet", "summary.json", "summary.md"]
    t = pq.read_table(out / "defects.parquet")
    assert t.column_names == [*CONTRACT, "region", "defect_id"]
    assert t.column("claim_id").to_pylist() == ["C1", "C4", None]
    doc = json.loads((out / "summary.json").read_text())
    assert {g["key"]: g["defects"] for g in doc["by"]["code"]} == {"10": 1, "4.0": 1, "5.1": 1}
    assert {g["key"]: g["penalty"] for g in doc["by"]["significant"]} == {"false": 0, "true": 5_100_000}
    assert doc["deadlines"]["objection_deadline"] == "2026-04-13"
    assert "objection deadline (monitoring-rules 26): 2026-04-13" in (out / "summary.md").read_text()


def test_default_period_is_the_month_of_the_latest_end_date(fake, tmp_path) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / "in"
    s = run_mod.run_monitoring(p / "c", p / "p", p / "k", tmp_path / "out", detected_on=DETECTED)
    assert s.period == "2026-03" and s.claims == 5


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"period": "2026-3"}, "--period"),
        ({"engine": "pandas"}, "--engine"),
        ({"region": "atlantis"}, "--region"),
    ],
)
def test_bad_options_name_their_field_and_write_nothing(fake, tmp_path, kw, field) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / "in"
    with pytest.raises(InvalidInput) as e:
        run_mod.run_monitoring(p / "c", p / "p", p / "k", tmp_path / "out", detected_on=DETECTED, **kw)
    assert e.value.field == field
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_a_store_behind_the_code_is_refused_before_the_work(fake, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from kepil.store.db import StoreNotReady
    from kepil.store.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0002")
    with pytest.raises(StoreNotReady, match="kepil db upgrade"):
        run(url, tmp_path)
    assert not (tmp_path / "out").exists()


# ------------------------------------------------------------------ end to end with the real modules
@pytest.fixture(scope="module")
def synth(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from kepil.claims.synth import generate

    out = tmp_path_factory.mktemp("synth")
    generate(1_000, 7, out)
    return out


def test_a_real_run_stores_the_injected_defects_and_a_rerun_changes_nothing(
    mstore, store_url, synth, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """The synthetic month's ground truth is found, stored once, and stored once again after a re-run."""
    from kepil.data import data_path

    files = [synth / f"{t}.parquet" for t in ("claims", "persons", "contracts")]
    book = data_path("program_2026_2028", "tariffs_example_2026.yaml")
    first = run_mod.run_monitoring(
        *files, tmp_path / "out", tariffs=book, database_url=store_url, detected_on=DETECTED
    )
    found = pq.read_table(tmp_path / "out" / "defects.parquet").to_pylist()
    truth = pq.read_table(synth / "ground_truth.parquet").to_pylist()

    def keys(rows: list[dict[str, Any]]) -> set[tuple[str, str | None, str | None]]:
        return {(r["rule"], r["claim_id"], r["contract_id"] if r["claim_id"] is None else None) for r in rows}

    assert keys(found) == keys(truth)
    assert first.period == "2026-03" and first.store["added"] == first.defects == len(found)
    # every algorithm ran (the synthetic claims carry practitioner_id); a month of 1,000 claims has no
    # overloaded practitioner-month to find
    assert set(first.rule_versions) == {r["rule"] for r in truth} | {"practitioner_monthly_load"}
    assert first.checks["not_run"] == []
    before = stored(mstore)
    again = run_mod.run_monitoring(*files, tmp_path / "out", tariffs=book, database_url=store_url)
    assert again.store["added"] == again.store["removed"] == 0 and stored(mstore) == before


KILLER = """
import os, signal, sys, datetime as dt
from pathlib import Path
sys.path.insert(0, {tests!r})
from test_monitoring_runs import Fake, defect
from kepil.monitoring import run as run_mod, store as store_mod
fake = Fake(Path({tmp!r}) / "kill")
fake.found = [defect("C2", "K1"), defect("C4", "K2"), defect("C6", "K2")]
run_mod.load_inputs, run_mod.find_defects = fake.load_inputs, fake.find_defects
run_mod.rule_versions = lambda _p, _c=None: dict(fake.versions)
real = store_mod.bulk_load
def half_then_killed(conn, table):
    real(conn, table.slice(0, table.num_rows // 2))
    os.kill(os.getpid(), signal.SIGKILL)
store_mod.bulk_load = half_then_killed
p = Path({tmp!r}) / "in"
run_mod.run_monitoring(p / "c", p / "p", p / "k", Path({tmp!r}) / "out", database_url={url!r},
                       detected_on=dt.date(2026, 4, 7), period="2026-03")
"""


def test_a_run_killed_half_way_leaves_the_previous_state_whole(mstore, store_url, fake, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A process killed (SIGKILL) while loading its defects: the database rolls the transaction back and
    the files of the previous run stay as they were."""
    import signal
    import subprocess
    import sys

    fake.found = [defect("C1", "K1"), defect("C3", "K2")]
    run(store_url, tmp_path)
    before, parquet = stored(mstore, ()), (tmp_path / "out" / "defects.parquet").read_bytes()
    (tmp_path / "kill").mkdir()
    script = KILLER.format(tests=str(Path(__file__).parent), tmp=str(tmp_path), url=store_url)
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert r.returncode == -signal.SIGKILL, r.stderr
    assert stored(mstore, ()) == before and runs(mstore) == 1
    assert (tmp_path / "out" / "defects.parquet").read_bytes() == parquet
    fake.found = [defect("C2", "K1")]
    assert run(store_url, tmp_path).store["removed"] == 2  # the store is usable again (no lock left)


def test_rule_versions_name_the_algorithms_in_force_in_the_period() -> None:
    """monitoring-rules 13: a run records the version of every algorithm in force in its period; before the
    rules' start (2026-01-01) none is."""
    from kepil.law.monitoring_rules.defects import ALGORITHMS

    assert run_mod.rule_versions("2026-03") == {a.id: a.version for a in ALGORITHMS}
    assert run_mod.rule_versions("2025-12") == {}


# ------------------------------------------------------------------ nothing a person recorded is erased
def test_a_run_never_removes_a_defect_under_objection_or_decided(mstore, store_url, fake, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Issue 14: the objection (26) and the Fund's answer are a person's record; a later run that no
    longer finds the defect removes only those nobody acted on (13 corrects the detections)."""
    fake.found = [defect("C1", "K1"), defect("C2", "K1"), defect("C3", "K2"), defect("C4", "K2")]
    run(store_url, tmp_path)
    ids = {r["claim_id"]: r["id"] for r in stored(mstore)}
    wf.object_defect(mstore, ids["C1"], DETECTED, "the patient was readmitted for another disease")
    wf.object_defect(mstore, ids["C2"], DETECTED, "planned")
    wf.resolve_objection(
        mstore, ids["C2"], DETECTED + dt.timedelta(days=2), "upheld", "the readmission was planned"
    )
    wf.object_defect(mstore, ids["C3"], DETECTED, "a different disease")
    wf.resolve_objection(
        mstore, ids["C3"], DETECTED + dt.timedelta(days=2), "withdrawn", "the record shows a new case"
    )
    fake.found = []  # an algorithm now finds nothing: C4 (merely detected) goes, the others stay
    result = run(store_url, tmp_path, allow_empty=True)
    left = {r["claim_id"]: r["status"] for r in stored(mstore)}
    assert left == {"C1": "objected", "C2": "upheld", "C3": "withdrawn"}
    assert result.store["removed"] == 1


def test_a_claims_file_without_the_periods_claims_is_refused_and_the_store_kept(  # type: ignore[no-untyped-def]
    mstore, store_url, fake, tmp_path
) -> None:
    fake.found = [defect("C1", "K1"), defect("C3", "K2")]
    run(store_url, tmp_path)
    before = stored(mstore, ())
    fake.found = []
    with pytest.raises(InvalidInput) as e:
        run_mod.run_monitoring(  # a month of which the file holds no claim: nothing to judge
            *(tmp_path / "in" / n for n in "cpk"),
            tmp_path / "out",
            database_url=store_url,
            detected_on=DETECTED,
            period="2026-05",
        )
    assert e.value.field == "--claims" and "--allow-empty" in e.value.message
    assert stored(mstore, ()) == before and runs(mstore) == 1


def test_runs_clean_what_killed_runs_left_in_the_output_folder(fake, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A run killed half-way leaves its work folder and temporary files; the next run removes those whose
    process is gone, and leaves a live writer's alone."""
    import os
    import subprocess

    out = tmp_path / "out"
    out.mkdir()
    gone = subprocess.run(["true"], check=True)  # a process that has ended: its id is free
    dead = subprocess.Popen(["true"])
    dead.wait()
    assert gone.returncode == 0
    (out / f".kepil-monitor-{dead.pid}-abc123").mkdir()
    (out / f".kepil-monitor-{dead.pid}-abc123" / "claims.normalised.parquet").write_bytes(b"x" * 10)
    (out / f".defects.parquet.kepil{dead.pid}.q1w2e3").write_bytes(b"half")
    (out / ".kepil-monitor-a1b2c3d4").mkdir()  # made before work folders named their process
    live = f".summary.json.kepil{os.getppid()}.zzz"  # a live process's: not touched
    (out / live).write_bytes(b"")
    (out / "notes.txt").write_text("mine")
    run_mod.run_monitoring(*(tmp_path / "in" / n for n in "cpk"), out, detected_on=DETECTED, period="2026-03")
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [live, "notes.txt", "defects.parquet", "summary.json", "summary.md"]
    )


def test_an_empty_or_truncated_claims_file_never_erases_the_stored_defects(
    mstore, store_url, synth, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """Issue 14: an empty claims Parquet file for a stored, unpaid period used to exit 0 and delete every
    stored defect of the period, an objection's state with it. Refused now; the store keeps what it had."""
    files = [synth / f"{t}.parquet" for t in ("claims", "persons", "contracts")]
    run_mod.run_monitoring(*files, tmp_path / "out", database_url=store_url, detected_on=DETECTED)
    before = stored(mstore, ())
    assert before
    claims = pq.read_table(files[0])
    empty = tmp_path / "empty.parquet"
    pq.write_table(claims.slice(0, 0), empty)
    truncated = tmp_path / "truncated.parquet"
    truncated.write_bytes(files[0].read_bytes()[: files[0].stat().st_size // 2])
    for bad in (empty, truncated):
        with pytest.raises(InvalidInput) as e:
            run_mod.run_monitoring(
                bad,
                *files[1:],
                tmp_path / "out",
                database_url=store_url,
                detected_on=DETECTED,
                period="2026-03",
            )
        assert str(bad) in str(e.value)
    assert stored(mstore, ()) == before and runs(mstore) == 1


# ------------------------------------------------------------------ the claims behind the defects (issue 18)
def kept_claims(engine: Any) -> dict[str, dict[str, Any]]:
    with reading(engine) as s:
        return {
            c.claim_id: {"iin": c.iin, "amount": c.amount, "start_date": c.start_date, "region": c.region}
            for c in s.scalars(select(MonitoringClaim))
        }


def judged(engine: Any) -> dict[tuple[str, str | None], int]:
    with reading(engine) as s:
        J = MonitoringJudged
        rows = s.execute(select(J.region, J.provider_id, J.claims))
        return {(r, p): int(n) for r, p, n in rows}


def test_a_run_keeps_the_claims_its_defects_touch_and_the_claims_judged(
    mstore, store_url, fake, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """monitoring-rules 13 (issue 18): the claim page shows the claim itself, so a run keeps the claims its
    defects touch — the defective claim and the claim a finding names (4.0's previous stay, from another
    month) — with the patient, dates and amounts as the file gave them; and the claims it judged by region
    and provider, whose sum is the run's claims judged. A re-run rewrites both, never adding twice, and
    leaves what a person recorded (an objection) as it was."""
    claims = pq.read_table(fake.claims)
    n = claims.num_rows
    claims = claims.append_column("iin", pa.array([f"8001011234{i:02d}" for i in range(n)]))
    claims = claims.append_column("provider_id", pa.array(["P1", "P1", "P2", "P2", "P1", "P3"]))
    claims = claims.append_column("amount", pa.array([100_00 * (i + 1) for i in range(n)], pa.int64()))
    pq.write_table(claims, fake.claims)
    fake.found = [
        defect("C1", "K1", details=json.dumps({"previous_claim_id": "C5", "threshold": 30})),
        defect("C3", "K2", "duplicate_case", "5.1"),
    ]
    summary = run(store_url, tmp_path)
    kept = kept_claims(mstore)
    assert set(kept) == {"C1", "C3", "C5"}  # C5: the previous stay, of February, not judged itself
    assert kept["C1"] == {"iin": "800101123400", "amount": 100_00, "start_date": None, "region": "astana"}
    assert kept["C5"]["iin"] == "800101123405" and kept["C5"]["amount"] == 600_00
    # judged: the March claims by region and (no contracts file here) the claim's own provider
    assert judged(mstore) == {("astana", "P1"): 3, ("abai", "P2"): 2}
    assert sum(judged(mstore).values()) == summary.claims == 5
    c1 = next(r for r in stored(mstore) if r["claim_id"] == "C1")
    wf.object_defect(mstore, c1["id"], DETECTED + dt.timedelta(days=2), "the patient was transferred")
    run(store_url, tmp_path, on=DETECTED + dt.timedelta(days=3))
    assert kept_claims(mstore) == kept and judged(mstore) == {("astana", "P1"): 3, ("abai", "P2"): 2}
    again = next(r for r in stored(mstore) if r["claim_id"] == "C1")
    assert again["status"] == "objected" and again["objection_reason"] == "the patient was transferred"
    # a region's run replaces that region's counts only
    run(store_url, tmp_path, region="abai", on=DETECTED + dt.timedelta(days=3))
    assert judged(mstore) == {("astana", "P1"): 3, ("abai", "P2"): 2}
