"""The columns of a defect's row, named once for the dashboard's objections (`monitoring-rules` 26) and
hidden defects (53, 53-1) and the drill-down's and claim's tables, with the link to a defect's claim page
and the overdue mark of a notice (53) or a refund (53-1) past its deadline."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from kepil.web.pages.monitoring.texts import TEXTS, law_href
from kepil.web.tables import Column


def claim_href(row: dict[str, Any]) -> str | None:
    if row.get("claim_id"):
        return f"/monitoring/claims/{quote(str(row['claim_id']), safe='')}"
    return f"/monitoring/defect/{quote(str(row['id']), safe='')}"


def overdue_class(col: Column, row: dict[str, Any]) -> str:
    if col.key in ("notice_deadline", "notice_overdue") and row.get("notice_overdue"):
        return "overdue"
    if col.key in ("refund_deadline", "refund_overdue") and row.get("refund_overdue"):
        return "overdue"
    return ""


t = TEXTS
COLUMNS: dict[str, Column] = {
    "claim_id": Column("claim_id", t["h_claim"], href=claim_href),
    "code": Column("code", t["h_code"]),
    "name": Column("name", t["h_name"]),
    "short": Column("short", t["h_name"]),  # the code's short name (its section gives the full one)
    "clause": Column("clause", t["h_clause"], "clause", href=lambda r: law_href(r["clause"])),
    "contract_id": Column("contract_id", t["h_contract"]),
    # the provider by name on the page (kepil.web.render fills `provider_name`), its code in the files
    "provider_id": Column("provider_name", t["h_provider"]),
    "provider_code": Column("provider_id", t["h_provider_id"], on_page=False),
    "region_name": Column("region_name", t["h_region"]),
    "period": Column("period", t["h_period"]),
    "rule": Column("rule", t["h_rule"], on_page=False),  # the algorithm's code and version: in the files
    "rule_version": Column("rule_version", t["h_version"], "int", on_page=False),
    "is_significant": Column("significant", t["h_is_significant"], "bool"),
    "penalty": Column("penalty", t["h_penalty"], "money"),
    "status_text": Column("status_text", t["h_status"]),
    "detected_on": Column("detected_on", t["h_detected"], "date"),
    "objection_deadline": Column("objection_deadline", t["h_objection_deadline"], "date"),
    "objected_on": Column("objected_on", t["h_objected"], "date"),
    "objection_reason": Column("objection_reason", t["h_reason"]),
    "resolved_on": Column("resolved_on", t["h_resolved"], "date"),
    "hidden": Column("hidden", t["h_hidden"], "bool"),
    "notice_deadline": Column("notice_deadline", t["h_notice_deadline"], "date"),
    "notified_on": Column("notified_on", t["h_notified"], "date"),
    "notice_overdue": Column("notice_overdue", t["h_notice_overdue"], "bool"),
    "refund_deadline": Column("refund_deadline", t["h_refund_deadline"], "date"),
    "refunded_on": Column("refunded_on", t["h_refunded"], "date"),
    "refund_amount": Column("refund_amount", t["h_refund_amount"], "money"),
    "resolution_reason": Column("resolution_reason", t["h_resolution"]),
    "source_text": Column("source_text", t["h_source"]),
    "refund_overdue": Column("refund_overdue", t["h_refund_overdue"], "bool"),
    "id": Column("id", t["h_id"], on_page=False),
}


def defect_columns(*names: str) -> list[Column]:
    """The named columns, in that order (a provider by name, its code beside it in the files only)."""
    out: list[Column] = []
    for n in names:
        out.append(COLUMNS[n])
        if n == "provider_id":
            out.append(COLUMNS["provider_code"])
    return out
