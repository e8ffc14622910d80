"""The `kepil` command. Each command group lives in its own module and registers itself here — lazily.

Start-up is part of the interface (issue 17): `kepil iin …` must not pay for SQLAlchemy, Alembic, Ibis,
DuckDB, Polars or FastAPI, which only other commands use. So the main group knows each command by name and
one line of help (`COMMANDS`, enough for `kepil --help`) and imports a command's module only when that
command runs, or when its own `--help` is asked for. The one-line help here is checked against the
module's own help by tests/test_cli_startup.py, so the two cannot drift apart.
"""

from __future__ import annotations

import importlib
from typing import Any, NamedTuple

import typer
from typer.core import TyperCommand, TyperGroup, TyperOption

from kepil import __version__

_display_type_rich = TyperOption.display_type_rich


def _shown_type(self: TyperOption, ctx: Any) -> str | None:
    """A flag (`--json`, `--help`) takes no value, so its help shows no type: Typer 0.29's Rich help showed
    `--json <bool>`, as if a value were expected (its plain help already leaves flags without one). A
    repeatable option shows the type of one value (`--attached <path>`, not Python's `<list[Path]>`)."""
    if self.is_flag and not self.count:
        return None
    shown = _display_type_rich(self, ctx)
    if self.multiple and shown is not None and shown.startswith("<list[") and shown.endswith("]>"):
        return f"<{shown[6:-2].lower()}>"
    return shown


TyperOption.display_type_rich = _shown_type  # type: ignore[method-assign]


class Entry(NamedTuple):
    """A command of `kepil`: the module whose `register(app)` adds it, and its help's first paragraph."""

    module: str
    help: str


COMMANDS: dict[str, Entry] = {
    "demo": Entry(
        "demo",
        "Build the demonstration dataset (providers, attachments, two monitored months, the stored reports,\n"
        "one key per role) and serve the pages on it until Ctrl-C.",
    ),
    "tour": Entry(
        "tour",
        "A short tour: the acts in force, the inpatient caps, an IIN, the calendar, coverage decisions, the\n"
        "attachment registry and a monitoring run of a synthetic month, on temporary SQLite and DuckDB "
        "files.",
    ),
    "acts": Entry(
        "acts",
        "The acts in force on a day (default today): id, title, interval in force, and assumed dates (*).",
    ),
    "params": Entry(
        "params",
        "Parameters of the acts on a day (default today), or one of them with its citation and quote.",
    ),
    "classifier": Entry(
        "classifier",
        "The unified classifier of defects and violations and its penalties (monitoring-rules app1).",
    ),
    "payment-methods": Entry(
        "payment_methods",
        "Payment methods and tariff kinds by direction of care (program-2026-2028 appendix 2), and how "
        "kepil\ncomputes each (`payment`: computed, or the input it lacks).",
    ),
    "pay": Entry(
        "pay",
        "Amounts due for claims by the payment methods of program-2026-2028 appendix 2 (clause 77).",
    ),
    "iin": Entry(
        "iin", "Check an IIN's check digit and read its birth date and sex. Exit 1 when it is not valid."
    ),
    "synth": Entry(
        "synth",
        "Write claims, persons, contracts (shared/contracts/claims.md) and ground_truth.parquet, with the\n"
        "defects of the monitoring algorithms (`monitoring-rules` app1) injected at known rates.",
    ),
    "serve": Entry(
        "serve",
        "Serve the API: /v1 (JSON), /fhir (FHIR R4), /docs (OpenAPI), and the pages. Run `kepil db upgrade`\n"
        "first (or `kepil demo --no-serve` for --demo).",
    ),
    "access": Entry("access", "Access criteria of medical care (program-2026-2028 79 and 4)."),
    "caps": Entry(
        "caps", "Caps on round-the-clock inpatient cases (program-2026-2028 app1) and their utilisation."
    ),
    "calendar": Entry(
        "calendar", "Kazakhstan working days: five-day week, public holidays, carry-overs and transfers."
    ),
    "coverage": Entry("coverage", "Coverage decisions: is this care covered, by which package, why?"),
    "whatif": Entry(
        "whatif",
        "What if: a reform (or the law of another day) measured on coverage and on a month of claims.",
    ),
    "medicines": Entry(
        "medicines", "Medicines: personalised need (drug-rules 19–22) and budget request (18)."
    ),
    "monitor": Entry(
        "monitor",
        "Monitoring of purchase contracts (monitoring-rules): runs, defects, objections, hidden defects.",
    ),
    "mvd": Entry("mvd", "Paid services of internal-affairs medical institutions (mvd-paid-services)."),
    "db": Entry("db", "The database: apply migrations, show the schema revision."),
    "providers": Entry(
        "providers", "Health organisations (providers): register them from a CSV or JSON file, list them."
    ),
    "keys": Entry("keys", "API keys: create (printed once), list, revoke."),
}


def load_command(name: str) -> Any:
    """The click command `name`, built by importing its module and letting it register on a fresh app."""
    module = importlib.import_module(f"kepil.cli.{COMMANDS[name].module}")
    holder = typer.Typer()
    module.register(holder)
    return flowed(typer.main.get_group(holder).commands[name])


def one_line(help_text: str) -> str:
    """A help's first paragraph as one line: what a command list shows, wrapped to the terminal by Rich
    (Typer's Rich mode keeps a docstring's line breaks there, which broke lines mid-sentence)."""
    return " ".join(help_text.split("\n\n")[0].split())


def flowed(command: Any) -> Any:
    """`command` and every subcommand with its `short_help` set to `one_line` of its help."""
    if command.help and not command.short_help:
        command.short_help = one_line(command.help)
    for sub in getattr(command, "commands", {}).values():
        flowed(sub)
    return command


class LazyGroup(TyperGroup):
    """The main group: every command listed from `COMMANDS`, a command's module imported only when used."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        loaded = self.commands.get(cmd_name)
        if loaded is not None or cmd_name not in COMMANDS:
            return loaded
        # For the main `--help` listing only: a stand-in carrying the name and the help's first paragraph.
        help_text = COMMANDS[cmd_name].help
        return TyperCommand(name=cmd_name, help=help_text, short_help=one_line(help_text))

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and args[0] in COMMANDS and args[0] not in self.commands:
            self.commands[args[0]] = load_command(args[0])
        return super().resolve_command(ctx, args)


app = typer.Typer(
    name="kepil",
    cls=LazyGroup,
    help="Kazakhstan's guarantees of medical care (GVFMC / CSHI 2026-2028), executable and cited.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


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
