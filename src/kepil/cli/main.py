"""The `kepil` command. Each command group lives in its own module and registers itself here."""

from __future__ import annotations

import typer

from kepil import __version__
from kepil.cli import (
    access,
    acts,
    calendar,
    caps,
    classifier,
    coverage,
    db,
    demo,
    iin,
    keys,
    medicines,
    monitor,
    mvd,
    params,
    pay,
    payment_methods,
    providers,
    serve,
    synth,
    tour,
    whatif,
)

app = typer.Typer(
    name="kepil",
    help="Kazakhstan's guarantees of medical care (GVFMC / CSHI 2026-2028), executable and cited.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for module in (
    demo,
    tour,
    acts,
    params,
    access,
    caps,
    classifier,
    payment_methods,
    pay,
    iin,
    calendar,
    coverage,
    medicines,
    monitor,
    synth,
    mvd,
    db,
    providers,
    keys,
    serve,
    whatif,
):
    module.register(app)


def _version(value: bool) -> None:
    if value:
        typer.echo(__version__)
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version."
    ),
) -> None:
    """kepil: is this care covered, by which package, under which clause?"""


if __name__ == "__main__":
    app()
