"""`kepil classifier`: the unified classifier of defects and violations (`monitoring-rules` app1, 10)."""

from __future__ import annotations

import typer
from rich.table import Table

from kepil.cli.common import JsonOption, LangOption, console, handle_errors, parse_lang, print_json
from kepil.i18n import Lang, Text
from kepil.law.monitoring_rules.classifier import Classifier, DefectCode, classifier
from kepil.law.monitoring_rules.rows import RowCheck, row_checks
from kepil.law.views import classifier_view, defect_view

TITLE = Text(
    "Ақаулар мен бұзушылықтардың бірыңғай сыныптамасы",
    "Единый классификатор дефектов и нарушений",
    "Unified classifier of defects and violations",
)
HEADINGS: dict[str, Text] = {
    "row": Text("Р/с №", "№ п/п", "Row"),
    "code": Text("Код", "Код", "Code"),
    "name": Text("Атауы", "Наименование", "Name"),
    "significance": Text("Бұзушылық", "Нарушение", "Violation"),
    "column": Text("Баған", "Графа", "Column"),
    "cell": Text("Ұяшық", "Ячейка", "Cell"),
    "checked": Text("Кім тексереді (13)", "Кто проверяет (13)", "Checked by (13)"),
}
REVIEW = Text("сарапшы", "эксперт", "expert review")
WHY = Text("Неге сарапшы", "Почему эксперт", "Why an expert")
SIGNIFICANCE = {
    True: Text("елеулі", "существенное", "significant"),
    False: Text("елеусіз", "несущественное", "insignificant"),
}
LOST = Text("(жол атауы жоғалған)", "(наименование строки утрачено)", "(row name lost in the text)")
INFERRED = Text("болжам", "предположительно", "inferred")


def _name(e: DefectCode, lang: Lang) -> str:
    if e.name:
        return e.name[lang]
    guess = f" [{INFERRED[lang]}: {e.inferred_code}]" if e.inferred_code else ""
    return LOST[lang] + guess


def _checked(check: RowCheck, lang: Lang) -> str:
    """The row's algorithms (with their versions) and, where a person must judge it, "expert review"."""
    parts = [f"{r.id} v{r.version}" for r in check.automated_by]
    if check.review is not None:
        parts.append(REVIEW[lang])
    return "; ".join(parts)


def _list_table(clf: Classifier, lang: Lang) -> Table:
    table = Table(title=TITLE[lang], caption="monitoring-rules app1 (10, 2.13, 2.14)", caption_justify="left")
    for key in ("row", "code", "name", "significance", "checked"):
        table.add_column(HEADINGS[key][lang])
    checks = {c.row: c for c in row_checks()}
    for e in clf.entries:
        table.add_row(
            str(e.row),
            e.code or "—",
            _name(e, lang),
            SIGNIFICANCE[e.significant][lang],
            _checked(checks[e.row], lang),
        )
    return table


def _detail_table(clf: Classifier, e: DefectCode, lang: Lang) -> Table:
    cites = ", ".join(str(c) for c in e.citations)
    title = f"{e.key} — {_name(e, lang)} ({SIGNIFICANCE[e.significant][lang]})"
    table = Table(title=title, caption=cites, caption_justify="left")
    table.add_column(HEADINGS["column"][lang])
    table.add_column(HEADINGS["cell"][lang], justify="right")
    for c in e.cells:
        col = next((k for k in clf.columns if k.position == c.position), None)
        label = f"{c.position} {col.name[lang]}" if col else c.position
        table.add_row(label, c.raw or "∅")
    check = next(c for c in row_checks() if c.row == e.row)
    table.add_row(HEADINGS["checked"][lang], _checked(check, lang))
    if check.review is not None:
        table.add_row(WHY[lang], check.review[lang])
    return table


@handle_errors
def classifier_command(
    code: str | None = typer.Argument(
        None, metavar="[CODE]", help="Defect code (e.g. 3.4) or row:N for a row whose code was lost."
    ),
    columns: str | None = typer.Option(
        None, "--columns", help="YAML file mapping column positions to forms of care (overrides the default)."
    ),
    as_json: bool = JsonOption,
    lang: str = LangOption,
) -> None:
    """The unified classifier of defects and violations and its penalties (monitoring-rules app1)."""
    language = parse_lang(lang)
    if as_json:
        print_json(
            classifier_view(language, columns) if code is None else defect_view(code, language, columns)
        )
        return
    clf = classifier(columns)
    if code is None:
        console.print(_list_table(clf, language))
    else:
        console.print(_detail_table(clf, clf.defect(code), language))


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command("classifier")(classifier_command)
