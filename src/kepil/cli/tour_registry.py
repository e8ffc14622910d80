"""The tour's walk through the attachment registry, on an SQLite file (the embedded default store)."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from rich.table import Table

from kepil.cli.common import console
from kepil.law.phc_attachment_rules.application import parse_application
from kepil.law.phc_attachment_rules.panel import panel_report
from kepil.store import attachments as registry
from kepil.store.db import make_engine, reading
from kepil.store.migrate import upgrade
from kepil.store.providers import ContractIn, ProviderIn, attached_counts, put_provider
from kepil.store.providers import add_contract as add_contract_row

IIN = "850412312347"
_ORGS = (("EMHANA-1", "astana-esil"), ("EMHANA-2", "astana-esil"))
_STEPS: tuple[tuple[str, str, str], ...] = (
    ("EMHANA-1", "free_choice", "2026-05-04"),  # 10.2
    ("EMHANA-2", "attachment_campaign", "2026-09-15"),  # 10.3: the campaign's first day
)


def registry_example(database_url: str | None = None) -> None:
    """Register two PHC organisations, attach one person twice, print the history and the panel reports."""
    with tempfile.TemporaryDirectory(prefix="kepil-tour-") as tmp:
        url = database_url or f"sqlite:///{Path(tmp) / 'kepil.db'}"
        upgrade(url)
        engine = make_engine(url)
        for org_id, atu in _ORGS:
            put_provider(
                engine,
                ProviderIn(id=org_id, name=org_id, region="astana", atu=atu, phc=True, gp_positions=1),
                "tour",
            )
            contract = ContractIn(
                number=f"{org_id}/2026",
                start=dt.date(2026, 1, 1),
                end=dt.date(2026, 12, 31),
                care_kinds=["phc"],
                sum_tiyn=150_000_000_00,
            )
            add_contract_row(engine, org_id, contract, "tour")
        for org_id, ground, date in _STEPS:
            raw: dict[str, Any] = {
                "iin": IIN,
                "organisation_id": org_id,
                "ground": ground,
                "date": date,
                "person_category": "citizen",
                "residence_atu": "astana-esil",
            }
            registry.attach(engine, parse_application(raw), raw, "tour")
        table = Table("organisation", "ground", "start", "ended_on", "basis", expand=True)
        for a in registry.history(engine, IIN):
            basis = ", ".join(b["clause"] for b in a["basis"])
            table.add_row(a["organisation_id"], a["ground"], a["start"], a["ended_on"] or "—", basis)
        console.print(f"IIN {IIN[:6]}…, phc-attachment-rules:", highlight=False)
        console.print(table)
        on = dt.date(2026, 10, 1)
        with reading(engine) as s:
            counts = attached_counts(s, on)
        for org_id, _ in _ORGS:
            p = panel_report(org_id, counts.get(org_id, 0), 1, False, on)
            console.print(f"  {org_id} on {on}: {p.attached} attached per GP position → {p.status} (P 79.4)")
        engine.dispose()
