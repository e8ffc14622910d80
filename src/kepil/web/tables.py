"""A table a page shows and lets people download (CSV, XLSX): columns with kk/ru/en headers and a kind
that decides how a value is written on the page and in the file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from kepil.i18n import Text
from kepil.law.citation import clause_label
from kepil.web import format as fmt
from kepil.web.texts import COMMON

Kind = Literal["text", "int", "num", "money", "date", "bool", "pct", "clause"]


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    label: Text
    kind: Kind = "text"
    # A link for the cell (drill-down), from the row; None for plain text.
    href: Callable[[dict[str, Any]], str | None] | None = None
    # The language of the cells when it is not the page's (the acts' Kazakh text on a ru/en page: WCAG 3.1.2).
    lang: str | None = None
    # False: a code the downloads carry but a person does not read on the page.
    on_page: bool = True


@dataclass(slots=True)
class Table:
    name: str  # unique on its page: the `export` query parameter names it
    title: Text
    columns: list[Column]
    rows: list[dict[str, Any]]
    total: int | None = None  # rows in all when `rows` is one page of them
    caption: Text | None = None
    cell_class: Callable[[Column, dict[str, Any]], str] | None = None  # e.g. heatmap colours
    sticky: int = 0  # the first shown columns that stay in view when the table scrolls sideways

    @property
    def shown_columns(self) -> list[Column]:
        """The columns the page shows (the downloads carry them all)."""
        return [c for c in self.columns if c.on_page]


def shown(col: Column, value: Any, lang: str) -> str:
    """A cell as the page writes it."""
    if value is None:
        return "—"
    if col.kind == "int":
        return fmt.number(value)
    if col.kind == "num":  # a quantity: whole when it is (25 680 mg, not 25 680,00), else to two decimals
        return fmt.number(value, 0 if float(value).is_integer() else 2)
    if col.kind == "money":
        return fmt.money(value)
    if col.kind == "pct":
        return fmt.percent(value)
    if col.kind == "date":
        return fmt.date(value)
    if col.kind == "bool":
        return (COMMON["yes"] if value else COMMON["no"])[lang]
    if col.kind == "clause":
        return clause_label(str(value), lang)
    if isinstance(value, Text):
        return value[lang]
    return str(value)


def exported(col: Column, value: Any, lang: str) -> Any:
    """A cell as the files carry it: numbers as numbers (money in tenge), dates ISO, texts in `lang`."""
    if value is None:
        return None
    if col.kind == "money":
        return round(int(value) / 100, 2)
    if col.kind in ("int", "num", "pct"):
        return value
    if col.kind == "bool":
        return bool(value)
    if col.kind == "date":
        return str(value)[:10]
    if isinstance(value, Text):
        return value[lang]
    return value


PAGE_SIZE = 50  # rows a long table shows at a time (issue 18: long tables page instead of being cut)


@dataclass(frozen=True, slots=True)
class TablePage:
    """One page of a table's rows, from the query's `<table>_page` (1-based); out of range reads as the
    nearest page. The downloads carry every row whatever page is shown."""

    rows: list[dict[str, Any]]
    number: int
    pages: int
    first: int  # 1-based position of the page's first row
    last: int
    total: int
    param: str


def table_page(table: Table, query: Any, size: int = PAGE_SIZE) -> TablePage:
    param = f"{table.name}_page"
    total = len(table.rows)
    pages = max(1, -(-total // size))
    raw = str(query.get(param) or "1")
    number = min(pages, max(1, int(raw))) if raw.isascii() and raw.isdigit() else 1
    start = (number - 1) * size
    rows = table.rows[start : start + size]
    return TablePage(rows, number, pages, start + 1 if rows else 0, start + len(rows), total, param)
