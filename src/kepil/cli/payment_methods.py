"""`kepil payment-methods` — placeholder until its issue-2 module lands."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
