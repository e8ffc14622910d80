"""The dashboards' aggregate `monitoring_summary` and each defect's provider (issue 7), on SQLite and
PostgreSQL: after a run, an objection (`monitoring-rules` 26), a re-run that removes defects (13), a
payment and hidden defects (53, 53-1), the summary equals a GROUP BY over the stored defects; a defect's
provider is its contract's (claims contract: contracts.provider_id)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from kepil.cli.monitor import monitor_app
from kepil.law.monitoring_rules.defects import OUTPUT_SCHEMA
from kepil.monitoring import run as run_mod
from kepil.monitoring import workflow as wf
from kepil.monitoring.store import SUMMARY_KEYS, rebuild_summary

DETECTED = dt.date(2026, 4, 6)
CLAIMS = [  # claim_id, contract_id, region, end_date
    ("C1", "K1", "astana", dt.date(2026, 3, 10)),
    ("C2", "K1", "astana", dt.date(2026, 3, 12)),
    ("C3", "K2", "abai", dt.date(2026, 3, 15)),
    ("C4", "K2", "abai", dt.date(2026, 3, 20)),
    ("C5", "K9", "abai", dt.date(2026, 3, 21)),  # a contract that does not exist (11.0)
    ("C7", "K1", "astana", dt.date(2026, 4, 2)),  # next period
]
CONTRACTS = {"K1": "P-AST-1", "K2": "P-ABA-7"}


def defect(
    claim: str | None, contract: str, code: str = "4.0", rule: str = "readmission_30d", **kw: Any
) -> dict[str, Any]:
    row = {
        "claim_id": claim, "contract_id": contract, "code": code, "rule": rule, "rule_version": 1,
        "act": "monitoring-rules", "clause": f"app1.{code}", "significant": code != "7.0",
        "penalty": 100_000, "details": json.dumps({"threshold": 30}),
    }  # fmt: skip
    return row | kw


class Fake:
    def __init__(self, tmp: Path) -> None:
        self.claims, self.contracts = tmp / "claims.parquet", tmp / "contracts.parquet"
        cols = list(zip(*CLAIMS, strict=True))
        pq.write_table(
            pa.table({"claim_id": cols[0], "contract_id": cols[1], "region": cols[2],
                      "end_date": pa.array(cols[3], pa.date32())}),
            self.claims,
        )  # fmt: skip
        pq.write_table(
            pa.table({"contract_id": list(CONTRACTS), "provider_id": list(CONTRACTS.values())}),
            self.contracts,
        )
        self.found: list[dict[str, Any]] = []

    def load_inputs(self, *_: Any) -> Any:
        return SimpleNamespace(claims=self.claims, persons=None, contracts=self.contracts)

    def find_defects(self, inputs: Any, period: str, *, region: str | None, **_: Any) -> pa.Table:
        where = {c[0]: (c[2], c[3]) for c in CLAIMS}
        rows = [
            r for r in self.found
            if r["claim_id"] is None
            or (f"{where[r['claim_id']][1]:%Y-%m}" == period and region in (None, where[r["claim_id"]][0]))
        ]  # fmt: skip
        return pa.Table.from_pylist(rows, schema=OUTPUT_SCHEMA)


@pytest.fixture
def fake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Fake:
    f = Fake(tmp_path)
    monkeypatch.setattr(run_mod, "load_inputs", f.load_inputs)
    monkeypatch.setattr(run_mod, "find_defects", f.find_defects)
    monkeypatch.setattr(run_mod, "rule_versions", lambda _p, _c=None: {"readmission_30d": 1, "no_licence": 1})
    return f


@pytest.fixture
def engine(store):  # type: ignore[no-untyped-def]
    return store  # conftest's engine on the test store, under this module's name


def run(url: str, tmp: Path, period: str = "2026-03", on: dt.date = DETECTED, **kw: Any) -> Any:
    return run_mod.run_monitoring(
        tmp / "c", tmp / "p", tmp / "k", tmp / "out", database_url=url, detected_on=on, period=period, **kw
    )


KEYS = ", ".join(SUMMARY_KEYS)


def _norm(rows: Any) -> list[tuple[Any, ...]]:
    return sorted((tuple(r) for r in rows), key=lambda r: tuple("" if v is None else str(v) for v in r))


def summary(engine: Any) -> list[tuple[Any, ...]]:
    with engine.connect() as c:
        return _norm(c.execute(text(f"SELECT {KEYS}, defects, penalty FROM monitoring_summary")))


def grouped(engine: Any) -> list[tuple[Any, ...]]:
    """What the summary must be: a GROUP BY over monitoring_defects."""
    with engine.connect() as c:
        q = f"SELECT {KEYS}, count(*), coalesce(sum(penalty), 0) FROM monitoring_defects GROUP BY {KEYS}"
        return _norm(c.execute(text(q)))


def providers(engine: Any) -> dict[str | None, str | None]:
    with engine.connect() as c:
        q = text("SELECT coalesce(claim_id, contract_id), provider_id FROM monitoring_defects")
        return {k: v for k, v in c.execute(q)}


def test_a_run_stores_each_defects_provider_and_the_summary(engine, store_url, fake, tmp_path) -> None:  # type: ignore[no-untyped-def]
    fake.found = [
        defect("C1", "K1"), defect("C2", "K1", "7.0", "waiting_over_15_working_days", penalty=None),
        defect("C3", "K2"), defect("C5", "K9", "11.0", "outside_contract"),
        defect(None, "K2", "10", "no_licence", penalty=5_000_000),
    ]  # fmt: skip
    run(store_url, tmp_path)
    # the contract's provider, joined set-based; an unknown contract has none
    assert providers(engine) == {
        "C1": "P-AST-1",
        "C2": "P-AST-1",
        "C3": "P-ABA-7",
        "C5": None,
        "K2": "P-ABA-7",
    }
    assert summary(engine) == grouped(engine) != []
    by = {(r[1], r[2], r[3]): (r[7], r[8]) for r in summary(engine)}
    assert by[("astana", "P-AST-1", "7.0")] == (1, 0)  # an unknown penalty counts as 0 in the sum
    assert by[("abai", "P-ABA-7", "10")] == (1, 5_000_000)


def test_the_summary_follows_objections_and_the_funds_answer(engine, store_url, fake, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """26: the status moves from detected to objected to upheld; the summary moves with it."""
    fake.found = [defect("C1", "K1"), defect("C2", "K1"), defect("C3", "K2")]
    run(store_url, tmp_path)
    _, rows = wf.list_defects(engine, claim_id="C1")
    wf.object_defect(engine, rows[0]["id"], DETECTED + dt.timedelta(days=1), "transferred")
    assert summary(engine) == grouped(engine)
    statuses = {(r[1], r[5]): r[7] for r in summary(engine)}
    assert statuses[("astana", "objected")] == 1 and statuses[("astana", "detected")] == 1
    wf.resolve_objection(engine, rows[0]["id"], DETECTED + dt.timedelta(days=3), "withdrawn", "right")
    assert summary(engine) == grouped(engine)
    assert ("astana", "withdrawn") in {(r[1], r[5]) for r in summary(engine)}


def test_a_rerun_that_removes_defects_removes_them_from_the_summary(  # type: ignore[no-untyped-def]
    engine, store_url, fake, tmp_path
) -> None:
    """13: an unpaid period's defects no longer found are removed, and so are their counts."""
    fake.found = [defect("C1", "K1"), defect("C3", "K2"), defect("C4", "K2", "5.1", "duplicate_case")]
    run(store_url, tmp_path)
    fake.found = [defect("C1", "K1")]
    run(store_url, tmp_path, on=DETECTED + dt.timedelta(days=1))
    assert summary(engine) == grouped(engine)
    assert {(r[1], r[3]) for r in summary(engine)} == {("astana", "4.0")}


def test_a_region_run_rewrites_only_its_region(engine, store_url, fake, tmp_path) -> None:  # type: ignore[no-untyped-def]
    fake.found = [defect("C1", "K1"), defect("C3", "K2")]
    run(store_url, tmp_path)
    fake.found = [defect("C1", "K1"), defect("C2", "K1")]
    run(store_url, tmp_path, region="astana")
    assert summary(engine) == grouped(engine)
    assert {(r[1], r[7]) for r in summary(engine)} == {("astana", 2), ("abai", 1)}


def test_periods_are_summarised_apart(engine, store_url, fake, tmp_path) -> None:  # type: ignore[no-untyped-def]
    fake.found = [defect("C1", "K1"), defect("C7", "K1")]
    run(store_url, tmp_path)
    run(store_url, tmp_path, period="2026-04", on=dt.date(2026, 5, 6))
    assert summary(engine) == grouped(engine)
    assert {r[0] for r in summary(engine)} == {"2026-03", "2026-04"}


def test_hidden_defects_notices_and_refunds_keep_the_summary(engine, store_url, fake, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """53: a defect found after payment is hidden; 53, 53-1: notice and refund are recorded."""
    fake.found = [defect("C1", "K1")]
    run(store_url, tmp_path)
    wf.record_paid(engine, "2026-03", None, dt.date(2026, 4, 15))
    fake.found = [defect("C1", "K1"), defect("C3", "K2")]
    run(store_url, tmp_path, on=dt.date(2026, 5, 29))
    assert summary(engine) == grouped(engine)
    assert {(r[1], r[6]) for r in summary(engine)} == {("astana", False), ("abai", True)}
    _, rows = wf.list_defects(engine, claim_id="C3")
    wf.record_notice(engine, rows[0]["id"], dt.date(2026, 6, 1))
    wf.record_unscheduled(engine, rows[0]["id"], dt.date(2026, 6, 3))
    wf.record_refund(engine, rows[0]["id"], dt.date(2026, 6, 5))
    assert summary(engine) == grouped(engine)


def test_rebuild_summary_restores_rows_stored_before_0003(engine, store_url, fake, tmp_path) -> None:  # type: ignore[no-untyped-def]
    fake.found = [defect("C1", "K1"), defect("C3", "K2"), defect("C7", "K1")]
    run(store_url, tmp_path)
    run(store_url, tmp_path, period="2026-04", on=dt.date(2026, 5, 6))
    with engine.begin() as c:  # as a store migrated from 0002 would be: no provider, no summary
        c.execute(text("UPDATE monitoring_defects SET provider_id = NULL"))
        c.execute(text("DELETE FROM monitoring_summary"))
    assert rebuild_summary(engine, "2026-03") == 2
    assert {r[0] for r in summary(engine)} == {"2026-03"}
    assert rebuild_summary(engine) == 3
    assert summary(engine) == grouped(engine)


def test_kepil_monitor_summarize(engine, store_url, fake, tmp_path) -> None:  # type: ignore[no-untyped-def]
    fake.found = [defect("C1", "K1")]
    run(store_url, tmp_path)
    with engine.begin() as c:
        c.execute(text("DELETE FROM monitoring_summary"))
    cli = CliRunner()
    ok = cli.invoke(
        monitor_app, ["summarize", "--period", "2026-03", "--database-url", store_url, "--lang", "en"]
    )
    assert ok.exit_code == 0 and "rebuilt (2026-03): 1 row" in ok.output
    assert summary(engine) == grouped(engine)
    bad = cli.invoke(
        monitor_app, ["summarize", "--period", "2026-3", "--database-url", store_url, "--lang", "ru"]
    )
    assert bad.exit_code == 2 and "2026-3" in bad.output


@pytest.mark.parametrize(
    "store_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)  # planner statistics are PostgreSQL's
def test_a_run_on_postgresql_leaves_planner_statistics(engine, store_url, fake, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """After a run the defects table is analysed, so the dashboards' lists use their indexes at once."""
    from sqlalchemy import text

    query = "SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'monitoring_defects'"
    with engine.connect() as c:
        before = c.execute(text(query)).scalar()
    fake.found = [defect("C1", "K1")]
    run(store_url, tmp_path)
    with engine.connect() as c:
        after = c.execute(text(query)).scalar()
    assert after is not None and (before is None or after > before)
