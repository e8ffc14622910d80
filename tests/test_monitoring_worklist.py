"""The review worklist (`monitoring-rules` 13: what the algorithms cannot judge, a person does; app1 rows
marked for review): a random share by a seeded draw, a value threshold, the deviation from the average of
the claim's diagnosis (or clinical cost group), hospital deaths (row 21); made and stored by
`kepil monitor worklist`, findings by `kepil monitor finding`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from kepil.cli.main import app
from kepil.errors import InvalidInput
from kepil.monitoring import worklist as wl
from test_monitoring_algorithms import Claims

D = dt.date


def _claims(tmp: Path, ccg: bool = False) -> Any:
    c = Claims()
    for i in range(6):  # six I10 visits of 100 000 ₸ and one of 400 000 ₸: 400 000 / 142 857 ≈ 2.8
        c.claim(f"i10_{i}", iin=c.fresh(), icd10="I10", amount=100_000_00)
    c.claim("i10_dear", iin=c.fresh(), icd10="I10", amount=400_000_00)
    for i in range(3):  # a group of 4 is too small for an average (min_group 5)
        c.claim(f"e11_{i}", iin=c.fresh(), icd10="E11.9", amount=10_000_00)
    c.claim("e11_dear", iin=c.fresh(), icd10="E11.9", amount=900_000_00)
    c.claim(
        "death", care_kind="inpatient", form="emergency", iin=c.fresh(), outcome="died", amount=500_000_00
    )
    c.claim("april", iin=c.fresh(), start_date=D(2026, 4, 2), end_date=D(2026, 4, 2), amount=10**12)
    inputs = c.write(tmp / "in")
    if ccg:  # the optional clinical cost group: the dear I10 visit alone in its group
        t = pq.read_table(inputs.claims)
        groups = ["ST-001" if cid == "i10_dear" else None for cid in t["claim_id"].to_pylist()]
        pq.write_table(t.append_column("ccg", pa.array(groups, pa.string())), inputs.claims)
    return inputs


def test_value_deviation_deaths_and_the_groups_that_are_too_small(tmp_path: Path) -> None:
    inputs = _claims(tmp_path)
    s = wl.Selection(share=0.0, min_amount=450_000_00, deviation=2.5, min_group=5)
    t, judged = wl.select_claims(inputs.claims, "2026-03", None, s)
    assert judged == 12
    got = {r["claim_id"]: r["reasons"] for r in t.to_pylist()}
    assert got == {"i10_dear": ["deviation"], "e11_dear": ["value"], "death": ["value", "death"]}
    dear = next(r for r in t.to_pylist() if r["claim_id"] == "i10_dear")
    assert dear["group_key"] == "outpatient_specialized:I10" and dear["group_mean"] == 142_857_14
    assert round(dear["deviation"], 3) == 2.8
    # a deviation just above the claim's is not met; no deaths asked for
    t, _ = wl.select_claims(
        inputs.claims, "2026-03", None, wl.Selection(share=0.0, deviation=2.81, deaths=False)
    )
    assert t.num_rows == 0


def test_the_random_share_is_seeded_and_a_smaller_share_is_a_subset(tmp_path: Path) -> None:
    inputs = _claims(tmp_path)

    def pick(share: float, seed: int = 1) -> set[str]:
        s = wl.Selection(share, None, None, deaths=False, seed=seed)
        return {r["claim_id"] for r in wl.select_claims(inputs.claims, "2026-03", None, s)[0].to_pylist()}

    assert len(pick(1.0)) == 12  # every claim of March draws below 1
    assert pick(0.5) == pick(0.5) and pick(0.3) <= pick(0.5) <= pick(1.0)
    assert pick(0.0) == set() and pick(0.5, seed=2) != pick(0.5, seed=1)


def test_the_clinical_cost_group_when_the_claims_give_it(tmp_path: Path) -> None:
    inputs = _claims(tmp_path, ccg=True)
    t, _ = wl.select_claims(inputs.claims, "2026-03", None, wl.Selection(0.0, None, 1.0, 1, False))
    rows = {r["claim_id"]: r for r in t.to_pylist()}
    assert rows["i10_dear"]["group_key"] == "ccg:ST-001" and rows["i10_dear"]["deviation"] == 1.0


@pytest.mark.parametrize(
    ("field", "kw"),
    [
        ("share", {"share": 1.5}),
        ("share", {"share": float("nan")}),
        ("min_amount", {"min_amount": 0}),
        ("deviation", {"deviation": 0.5}),
        ("min_group", {"min_group": 0}),
        ("seed", {"seed": -1}),
    ],
)
def test_bad_parameters_are_named(field: str, kw: dict[str, Any]) -> None:
    with pytest.raises(InvalidInput) as e:
        wl.checked(wl.Selection(**kw))
    assert e.value.field == field and e.value.text("kk") and e.value.text("ru")


def test_the_commands_make_the_worklist_and_record_a_finding(store_url: str, tmp_path: Path) -> None:
    """`kepil monitor worklist` stores it; `kepil monitor finding` turns an expert's code into a defect."""
    inputs = _claims(tmp_path)
    runner = CliRunner()
    args = [
        "monitor",
        "worklist",
        "--claims",
        str(inputs.claims),
        "--persons",
        str(inputs.persons),
        "--contracts",
        str(inputs.contracts),
        "--period",
        "2026-03",
        "--share",
        "0",
        "--deviation",
        "2.5",
        "--database-url",
        store_url,
    ]
    r = runner.invoke(app, [*args, "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["selected"] == 2  # the dear I10 visit and the death
    bad = runner.invoke(app, [*args[:-2], "--share", "2", "--database-url", store_url, "--lang", "ru"])
    assert bad.exit_code == 2 and "доля" in bad.stderr
    f = runner.invoke(
        app,
        [
            "monitor",
            "finding",
            "i10_dear",
            "--period",
            "2026-03",
            "--code",
            "3.1",
            "--note",
            "six visits billed as one dear one",
            "--on",
            "2026-04-06",
            "--database-url",
            store_url,
            "--json",
        ],
    )
    assert f.exit_code == 0, f.output
    d = json.loads(f.stdout)
    assert (d["code"], d["clause"], d["source"], d["penalty"]) == ("3.1", "app1.6", "expert", 400_000_00)
    assert d["objection_deadline"] == "2026-04-13"  # 26: 5 working days after Mon 6 April
    again = runner.invoke(
        app,
        [
            "monitor",
            "finding",
            "i10_dear",
            "--period",
            "2026-03",
            "--code",
            "3.1",
            "--note",
            "x",
            "--database-url",
            store_url,
        ],
    )
    assert again.exit_code == 2 and "already" in again.stderr
