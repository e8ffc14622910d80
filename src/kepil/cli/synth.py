"""`kepil synth --claims N --seed S --out DIR [--period YYYY-MM]`: a synthetic national month of claims."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from kepil.claims.synth import RULE_CODES, generate
from kepil.cli.common import console, err_console, handle_errors


@handle_errors
def synth_command(
    claims: int = typer.Option(..., "--claims", min=1, help="Claims ending in the period (e.g. 10000000)."),
    seed: int = typer.Option(2026, "--seed", help="Random seed: the same seed gives the same files."),
    out: Path = typer.Option(..., "--out", help="Directory for the Parquet files, ground truth and README."),
    period: str = typer.Option("2026-03", "--period", help="The month judged, YYYY-MM (default 2026-03)."),
) -> None:
    """Write claims, persons, contracts (shared/contracts/claims.md) and ground_truth.parquet, with the
    defects of the monitoring algorithms (`monitoring-rules` app1) injected at known rates."""
    with Progress(
        SpinnerColumn(), TextColumn("[bold]synth[/] {task.description}"), TimeElapsedColumn(),
        console=err_console, disable=not err_console.is_terminal, transient=True,
    ) as bar:  # fmt: skip
        task = bar.add_task("starting", total=None)
        result = generate(claims, seed, out, period, progress=lambda step: bar.update(task, description=step))
    table = Table(title=f"{result.out} — {result.period_claims:,} claims in {period}, seed {seed}")
    table.add_column("rule")
    table.add_column("code", justify="right")
    table.add_column("defects", justify="right")
    for rule, code in RULE_CODES.items():
        table.add_row(rule, code, f"{result.defects.get(rule, 0):,}")
    console.print(table)
    console.print(
        f"claims.parquet {result.claims:,} rows (with the previous month's history), "
        f"persons {result.persons:,}, contracts {result.contracts:,}; {result.seconds:.1f} s",
        highlight=False,
    )


def register(app: typer.Typer) -> None:
    """Add `kepil synth` to the main app."""
    app.command("synth")(synth_command)
