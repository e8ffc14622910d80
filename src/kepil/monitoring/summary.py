"""The summary of a monitoring run: counts and penalty sums by code, rule, region and significance, the
deadlines the run starts (`monitoring-rules` 26; 53, 53-1, 53-2 for hidden defects), what the store
changed (13, 53) — as summary.json and a readable summary.md. Aggregation is one SQL pass per grouping
(DuckDB over the Arrow table), never a loop over defects."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from kepil.law.monitoring_rules import deadlines as dl
from kepil.monitoring.checks import markdown_lines

GROUPINGS = ("code", "rule", "region", "significant")


@dataclass(frozen=True, slots=True)
class Group:
    """Defects of one key: how many, the penalty sum (tiyn) of those whose penalty is known, and how many
    have no penalty (the base is not known: no tariff book, or no base for the region)."""

    key: str
    defects: int
    penalty: int
    penalty_unknown: int


@dataclass(frozen=True, slots=True)
class RunSummary:
    period: str
    region: str | None
    engine: str
    detected_on: str
    claims: int
    defects: int
    penalty: int
    penalty_unknown: int
    by: dict[str, list[Group]]
    rule_versions: dict[str, int]
    deadlines: dict[str, Any]
    store: dict[str, Any] | None
    files: dict[str, str]
    seconds: float
    notes: list[dict[str, Any]] = field(default_factory=list)
    kind: str = "current"  # current (21) or unscheduled (2.6, 53)
    # what was checked: rows with their algorithms and versions, rows not checked and why (monitoring.checks)
    checks: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def group_counts(defects: pa.Table) -> tuple[dict[str, list[Group]], int, int]:
    """({grouping: groups in key order}, penalty total, defects without a penalty)."""
    con = duckdb.connect()
    con.register("d", defects)
    by: dict[str, list[Group]] = {}
    for g in GROUPINGS:
        order = "TRY_CAST(k AS DOUBLE) NULLS LAST, k" if g == "code" else "k NULLS LAST"  # 4.0 < 10
        rows = con.execute(
            f"SELECT CAST({g} AS VARCHAR) AS k, count(*), coalesce(sum(penalty), 0), "
            f"count(*) - count(penalty) FROM d GROUP BY k ORDER BY {order}"
        ).fetchall()
        by[g] = [
            Group(str(k).lower() if g == "significant" else str(k), int(n), int(p), int(u))
            for k, n, p, u in rows
        ]
    total, unknown = con.execute(
        "SELECT coalesce(sum(penalty), 0), count(*) - count(penalty) FROM d"
    ).fetchone() or (0, 0)
    con.close()
    return by, int(total), int(unknown)


def run_deadlines(detected_on: Any, hidden: int) -> dict[str, Any]:
    """The deadlines the run starts: objection (26) for every new defect; notice and refund (53, 53-1)
    for hidden ones, with 53-2's note."""
    out = dl.deadlines(detected_on, hidden=True).as_dict()
    del out["hidden"]
    if not hidden:
        out = {k: v for k, v in out.items() if k.startswith(("detected_on", "objection"))}
    return out | {"hidden_defects": hidden}


def _money(tiyn: int) -> str:
    tenge, rest = divmod(tiyn, 100)
    return f"{tenge:,}".replace(",", " ") + f".{rest:02d} ₸"


def markdown(s: RunSummary) -> str:
    """A readable summary.md (English; the CLI shows the same figures in --lang)."""
    region = s.region or "all regions"
    lines = [
        f"# Monitoring run {s.period}, {region}",
        "",
        f"- {s.kind} monitoring; engine: {s.engine}; detected on {s.detected_on}; {s.seconds:.1f} s",
        f"- claims judged: {s.claims}; defects: {s.defects}; penalties: {_money(s.penalty)}"
        + (f" (+{s.penalty_unknown} defects with no known base)" if s.penalty_unknown else ""),
        f"- rule versions: {', '.join(f'{k} v{v}' for k, v in sorted(s.rule_versions.items()))}",
        f"- objection deadline (monitoring-rules 26): {s.deadlines['objection_deadline']}",
    ]
    if s.deadlines.get("hidden_defects"):
        lines += [
            f"- hidden defects (53): {s.deadlines['hidden_defects']}; "
            f"notice by {s.deadlines['notice_deadline']} (53), "
            f"refund by {s.deadlines['refund_deadline']} (53-1); {dl.PAYMENTS_CONTINUE_TEXT.en}",
        ]
    if s.store is not None:
        st = s.store
        lines.append(
            f"- stored as run {st['run_id']}: {st['stored']} defects in scope; added {st['added']}, "
            f"removed {st['removed']} (unpaid, 13), kept {st['kept_paid']} of paid regions (13)"
        )
        for rule, (old, new) in st.get("reevaluated", {}).items():
            lines.append(f"  - {rule}: re-evaluated, version {', '.join(map(str, old))} → {new} (13)")
    for g in GROUPINGS:
        lines += ["", f"## By {g}", "", f"| {g} | defects | penalty | no base |", "|---|---:|---:|---:|"]
        lines += [f"| {x.key} | {x.defects} | {_money(x.penalty)} | {x.penalty_unknown} |" for x in s.by[g]]
    if s.checks:
        lines += markdown_lines(s.checks)
    return "\n".join(lines) + "\n"


def write(s: RunSummary, json_path: Path, md_path: Path) -> None:
    json_path.write_text(json.dumps(s.as_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    md_path.write_text(markdown(s), encoding="utf-8")
