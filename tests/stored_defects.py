"""Crafted monitoring defects stored as a run would store them (`kepil.monitoring.store.save_run`), and the
providers they name: the set-up of the monitoring pages' tests (test_web_monitoring, test_web_security)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pyarrow as pa

from kepil.monitoring.store import SCOPED_COLUMNS, RunRecord, Scope, save_run

DETECTED = dt.date(2026, 4, 6)  # Monday: objection window to Monday 13 April (monitoring-rules 26)


def register(api: Any, provider: str, region: str = "abai", phc: bool = False) -> None:
    """The provider in the registry (a provider key and the pages' names need it)."""
    body = {"id": provider, "name": provider, "region": region, "atu": region, "phc": phc}
    assert api.as_("admin").put(f"/v1/providers/{provider}", json=body).status_code in (200, 201)


def craft(
    claim: str | None, contract: str, provider: str, region: str = "abai", code: str = "4.0", **kw: Any
) -> dict[str, Any]:
    """A significant 4.0 defect (readmission within 30 days, app1.10) of `claim`; `kw` overrides columns."""
    row = {
        "id": f"{code}-{claim or contract}"[:16], "claim_id": claim, "contract_id": contract, "code": code,
        "rule": "readmission_30d", "rule_version": 1, "act": "monitoring-rules", "clause": "app1.10",
        "significant": True, "penalty": 250_000, "region": region, "provider_id": provider,
        "details": json.dumps({"previous_claim_id": "C0", "previous_end_date": "2026-03-01", "days": 12,
                               "threshold": 30}),
    }  # fmt: skip
    return row | kw


def store(engine: Any, rows: list[dict[str, Any]], on: dt.date = DETECTED, region: str | None = None) -> None:
    """`rows` saved as the run of 2026-03 (all regions, or `region`) detected on `on`."""
    types = {"rule_version": pa.int32(), "penalty": pa.int64(), "significant": pa.bool_()}
    schema = pa.schema([(c, types.get(c, pa.string())) for c in SCOPED_COLUMNS])
    table = pa.Table.from_pylist(rows, schema=schema)
    record = RunRecord("duckdb", {"readmission_30d": 1}, on, dt.datetime.now(dt.UTC), 1000)
    save_run(engine, Scope("2026-03", region), table, record)


def store_worklist(engine: Any) -> None:
    """A stored review worklist of 2026-03 (`kepil.monitoring.worklist`): P1's consultative visit W1 (its
    value and a deviation of 4) and its inpatient case W2 (a random draw and a death, app1 row 21)."""
    from kepil.monitoring import worklist as wl

    cols = {
        "claim_id": ["W1", "W2"], "claim_region": ["abai", "abai"], "contract_id": ["K1", "K1"],
        "provider_id": ["P1", "P1"], "care_kind": ["outpatient_specialized", "inpatient"],
        "icd10": ["I10", "I21.9"], "outcome": ["completed", "died"],
        "start_date": [dt.date(2026, 3, 2), dt.date(2026, 3, 1)],
        "end_date": [dt.date(2026, 3, 2), dt.date(2026, 3, 9)],
        "amount": [80_000_00, 900_000_00], "group_key": ["outpatient_specialized:I10", "inpatient:I21.9"],
        "group_mean": [20_000_00, 850_000_00], "deviation": [4.0, 1.06], "draw": [0.5, 0.004],
        "reasons": [["value", "deviation"], ["random", "death"]],
    }  # fmt: skip
    selection = wl.Selection(share=0.01, min_amount=50_000_00)
    wl.save(engine, "2026-03", None, selection, pa.table(cols), 1000, [], "cli")
