"""`kepil coverage decide`: the coverage decision of shared/contracts/coverage.md from the command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer
from rich.panel import Panel
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from kepil.cli.common import LangOption, console, err_console, finish, handle_errors, parse_lang
from kepil.coverage.decision import decide, parse_line
from kepil.coverage.messages import INPUT_NOT_JSON, NO_FILE
from kepil.errors import InvalidInput
from kepil.i18n import Lang, Text
from kepil.limits import BOM, check_json_bounds

coverage_app = typer.Typer(
    help="Coverage decisions: is this care covered, by which package, why?", no_args_is_help=True
)

_FUNDING_NAMES = {
    "gvfmc": {"kk": "ТМККК", "ru": "ГОБМП", "en": "GVFMC"},
    "cshi": {"kk": "МӘМС", "ru": "ОСМС", "en": "CSHI"},
    "omi": {"kk": "ЖМС", "ru": "ОМС мигрантов", "en": "OMI"},
    "vhi": {"kk": "ЕМС", "ru": "ДМС", "en": "VHI"},
    "none": {"kk": "өтеусіз", "ru": "не покрывается", "en": "not covered"},
}


def _requests(text: str, lang: Lang) -> list[tuple[Any, dict[str, Any] | None]]:
    """One JSON request, or JSON Lines; each line that is not JSON gets its own error answer."""
    whole: InvalidInput | None = None
    try:
        check_json_bounds(text.encode(), "input")  # the bounds of one document; lines are each bounded
        return [(json.loads(text), None)]
    except InvalidInput as e:
        whole = e
    except json.JSONDecodeError:
        pass
    lines = [line for line in text.splitlines() if line.strip()]
    parsed = [parse_line(n + 1, line, lang) for n, line in enumerate(lines)]
    if not any(err is None for _, err in parsed):
        raise whole or InvalidInput("input", INPUT_NOT_JSON)
    return parsed


def _render(answer: dict[str, Any], lang: Lang) -> None:
    if "error" in answer:
        e = answer["error"]
        console.print(Panel(f"{e.get('field', '')}: {e['message']}", title=e["code"], border_style="red"))
        return
    colour = "green" if answer["covered"] else "red"
    head = _FUNDING_NAMES[answer["funding"]][lang]
    body = [answer["explanation"][lang], "", "  ".join(f"{b['act']} {b['clause']}" for b in answer["basis"])]
    if answer["requires"]:
        body.insert(1, f"requires: {', '.join(answer['requires'])}")
    console.print(Panel("\n".join(body), title=f"[bold]{head}[/]", border_style=colour))


@coverage_app.command("decide")
@handle_errors
def decide_command(
    file: Path | None = typer.Argument(
        None, help="A JSON request or JSON Lines file; standard input if absent or '-'."
    ),
    explain: bool = typer.Option(False, "--explain", help="Add the trace: every rule tried, its facts, why."),
    lang: str = LangOption,  # also the language of error objects' messages (issue 4)
    fmt: str = typer.Option(
        "json", "--format", help="json (one answer a line) or text (readable, in --lang)."
    ),
    input_path: Path | None = typer.Option(
        None, "--input", help="Batch: requests as .jsonl, .csv or .parquet."
    ),
    output_path: Path | None = typer.Option(
        None, "--output", help="Batch: answers as .jsonl, .csv or .parquet."
    ),
    carry_unknown: bool = typer.Option(
        False,
        "--carry-unknown",
        help="Batch (CSV, Parquet): carry columns that are not fields of the request to the output unchanged "
        "(otherwise they are an error listing them).",
    ),
) -> None:
    """Decide coverage for one request or many.

    Exit status: 0 every request got a decision, 1 some got an error object, 2 the input could not be read.
    """
    language = parse_lang(lang)
    if fmt not in ("json", "text"):
        raise InvalidInput(
            "--format",
            Text(
                f"{fmt!r} мыналардың бірі емес: json, text",
                f"{fmt!r} не из: json, text",
                f"{fmt!r} is not one of: json, text",
            ),
        )
    if input_path is not None or output_path is not None:
        if input_path is None or output_path is None:
            raise InvalidInput(
                "--input/--output",
                Text(
                    "топтама үшін --input пен --output екеуі де керек",
                    "для пакета нужны и --input, и --output",
                    "a batch needs both --input and --output",
                ),
            )
        _batch(input_path, output_path, language, carry_unknown)
        return
    if file is not None and str(file) == "-":
        file = None
    if file is not None and not file.is_file():
        raise InvalidInput("FILE", NO_FILE.format(path=file))
    text = file.read_text(encoding="utf-8") if file is not None else sys.stdin.read()
    text = text.removeprefix(BOM.decode())  # a byte order mark (Windows editors): RFC 8259 §8.1
    if not text.strip():
        raise InvalidInput(
            "input",
            Text(
                "бос: бір JSON сұраныс немесе JSON Lines керек",
                "пусто: ожидается один JSON-запрос или JSON Lines",
                "is empty: expected one JSON request or JSON Lines",
            ),
        )
    errors = 0
    for raw, err in _requests(text, language):
        answer = err if err is not None else decide(raw, explain=explain, lang=language)
        errors += "error" in answer
        if fmt == "text":
            _render(answer, language)
        else:
            sys.stdout.write(json.dumps(answer, ensure_ascii=False, separators=(",", ":")) + "\n")
    sys.stdout.flush()
    if errors:
        raise typer.Exit(1)


def _batch(source: Path, target: Path, lang: Lang, carry_unknown: bool) -> None:
    show = err_console.is_terminal
    with Progress(
        TextColumn(f"[bold]{BATCH_WORKING[lang]}[/]"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err_console, disable=not show,
    ) as bar:  # fmt: skip
        task = bar.add_task("decide", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        from kepil.coverage.files import decide_file  # polars, for the batch only

        n, errors = decide_file(source, target, progress, lang, carry_unknown)
    done = BATCH_DONE.format(n=f"{n:,}", target=target, decided=f"{n - errors:,}", errors=f"{errors:,}")
    err_console.print(done[lang], highlight=False)
    finish(1 if errors else 0)


BATCH_DONE = Text(
    "{n} сұраныс → {target}: {decided} шешім, {errors} қате",
    "{n} {n|запрос|запроса|запросов} → {target}: {decided} {decided|решение|решения|решений}, "
    "{errors} {errors|ошибка|ошибки|ошибок}",
    "{n} {n|request|requests} → {target}: {decided} {decided|decision|decisions}, "
    "{errors} {errors|error|errors}",
)
BATCH_WORKING = Text("шешілуде", "принимаются решения", "deciding")


_COLUMN_HEADS = {
    "column": Text("Баған", "Столбец", "Column"),
    "type": Text("Түрі", "Тип", "Type"),
    "required": Text("Міндетті", "Обязателен", "Required"),
    "values": Text("Мәндері", "Значения", "Values"),
    "meaning": Text("Мағынасы", "Значение", "Meaning"),
}
_YES = Text("иә", "да", "yes")


@coverage_app.command("columns")
@handle_errors
def columns_command(
    lang: str = LangOption,
    as_json: bool = typer.Option(False, "--json", help="Print the columns as JSON."),
) -> None:
    """Every field of the request: the columns of the CSV and Parquet batches (dotted paths), their types,
    allowed values and meaning. The types and the spellings each accepts are in docs/coverage.md."""
    from rich.table import Table

    from kepil.coverage.columns import describe

    language = parse_lang(lang)
    rows = describe(language)
    if as_json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    table = Table(*(h[language] for h in _COLUMN_HEADS.values()), show_lines=False)
    for r in rows:
        table.add_row(
            r["column"], r["type"], _YES[language] if r["required"] else "", r["values"], r["meaning"]
        )
    console.print(table)


def register(app: typer.Typer) -> None:
    app.add_typer(coverage_app, name="coverage")
