"""What every command shares: parsing of dates and languages, JSON output, one-line errors (exit 2), a
spinner on a terminal and tenge amounts."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Any, NoReturn, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from kepil.errors import CommandFailed, InvalidInput, KepilError, LawNotInForce
from kepil.i18n import LANGS, Lang, Text

console = Console()
err_console = Console(stderr=True)

P = ParamSpec("P")
R = TypeVar("R")

LangOption = typer.Option("en", "--lang", help="Language of names and messages: kk, ru or en.")
JsonOption = typer.Option(False, "--json", help="Print JSON for programs instead of a table.")
DateOption = typer.Option(None, "--date", help="The day the law is read for (YYYY-MM-DD); default today.")


@contextmanager
def spinner(label: str, enabled: bool = True) -> Iterator[Callable[[str], None] | None]:
    """A spinner with the current step and the elapsed time, on a terminal only (else None)."""
    if not enabled or not err_console.is_terminal:
        yield None
        return
    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=err_console, transient=True) as bar:
        task = bar.add_task(label, total=None)
        yield lambda message: bar.update(task, description=message)


def tenge(tiyn: int | None) -> str:
    """An amount in tiyn (1/100 tenge) as tenge for the terminal: 1 234 567.89; — when unknown."""
    if tiyn is None:
        return "—"
    whole, rest = divmod(abs(tiyn), 100)
    return ("-" if tiyn < 0 else "") + f"{whole:,}".replace(",", " ") + f".{rest:02d}"


def fail(message: str, code: int = 2) -> NoReturn:
    """Print a one-line error on stderr and exit with `code` (2: bad input, by convention)."""
    # escaped: a field such as `acts[program-2026-2028].signed` is text, not Rich markup (it was swallowed)
    err_console.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def parse_date(value: str | None, field: str = "--date") -> dt.date:
    """An ISO date, or today when None. A value that does not parse is an InvalidInput naming `field`."""
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(
            field,
            Text(
                f"{value!r} күн емес; күтілетіні ЖЖЖЖ-АА-КК",
                f"{value!r} не дата; ожидается ГГГГ-ММ-ДД",
                f"{value!r} is not a date; expected YYYY-MM-DD",
            ),
        ) from None


def parse_lang(value: str) -> Lang:
    if value not in LANGS:
        raise InvalidInput(
            "--lang",
            Text(
                f"{value!r} тіл емес; kk, ru, en біреуі керек",
                f"{value!r} не язык; ожидается один из kk, ru, en",
                f"{value!r} is not a language; expected one of kk, ru, en",
            ),
        )
    return value


def print_json(obj: Any) -> None:
    """JSON on stdout, UTF-8, dates as ISO strings."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2, default=_json_default) + "\n")


def _json_default(o: object) -> Any:
    if isinstance(o, dt.date):
        return o.isoformat()
    raise TypeError(f"not JSON serialisable: {type(o).__name__}")


def user_lang() -> Lang:
    """The language of a command without `--lang`: KEPIL_LANG, else the locale (LC_ALL, LC_MESSAGES, LANG:
    kk_KZ…, ru_RU…), else English."""
    for name in ("KEPIL_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")[:2].lower()
        if value in LANGS:
            return value
    return "en"


def finish(code: int) -> NoReturn:
    """End a command whose work is written and printed with exit status `code`. In a process of its own
    (`_own_process`) it leaves at once, without the interpreter's teardown — freeing every module and object
    one by one, ~0.1 s after a batch of a million requests (issue 17); nothing is left to do then: the files
    are in place and the streams are flushed here."""
    sys.stdout.flush()
    sys.stderr.flush()
    if _own_process():
        os._exit(code)
    raise typer.Exit(code)


def _own_process() -> bool:
    """The command runs as the program `kepil` (or `python -m kepil`) with the process's own streams — not
    inside a test runner or a script that calls `app()` and goes on afterwards."""
    program = sys.argv[0] if sys.argv else ""
    ours = Path(program).name == "kepil" or program.endswith(os.path.join("kepil", "__main__.py"))
    return ours and sys.stdout is sys.__stdout__ and sys.stderr is sys.__stderr__


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn kepil's input errors into a one-line message and exit status 2, never a traceback. The message
    is in the command's `--lang` when it has one (kk, ru, en), else in the user's language (`user_lang`)."""

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        chosen = kwargs.get("lang")
        lang = chosen if isinstance(chosen, str) and chosen in LANGS else user_lang()
        try:
            return func(*args, **kwargs)
        except InvalidInput as e:
            if getattr(e, "problems", None):  # an input file's (InputFileError): it names file, row, column
                fail(e.text(lang))
            fail(f"{e.field}: {e.text(lang)}")
        except (LawNotInForce, CommandFailed) as e:
            fail(e.text(lang))
        except KepilError as e:
            fail(str(e))

    return wrapper
