"""Every table of every page as CSV (UTF-8 with a BOM, so that Excel reads Kazakh letters) or XLSX.

Cells carry text others typed (a detachment's reason, an objection's reason, a provider's name, a claim's
details), so a file must not turn it into a spreadsheet formula (CSV/formula injection, OWASP): a CSV text
cell starting with = + - @ TAB or CR gets a leading apostrophe, and an XLSX text cell is always written as
text, never as a formula (openpyxl would store "=..." as one). Numbers stay numbers."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from fastapi import Response

from kepil.web.tables import Table, exported

FORMATS = ("csv", "xlsx")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filename(table: Table, ext: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", f"kepil_{table.name}") + f".{ext}"


def _sheet_title(table: Table, lang: str) -> str:
    """The table's title as a sheet name: Excel refuses []:*?/\\ and more than 31 characters."""
    title = re.sub(r"[\[\]:*?/\\]+", " ", table.title[lang]).strip(" '")[:31].strip()
    return title or table.name[:31]


def csv_cell(value: Any) -> Any:
    """A text that a spreadsheet would read as a formula, quoted with an apostrophe (OWASP's advice)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def xlsx_bytes(header: list[str], rows: list[list[Any]], title: str) -> bytes:
    """One sheet. A text starting with "=" is a text cell (openpyxl would write it as a formula); control
    characters XML cannot carry are replaced by U+FFFD (openpyxl would refuse the file); the rest as is.
    openpyxl is imported here: only a download needs it, not every server start."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=title)

    def cell(value: Any) -> Any:
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
        if isinstance(value, str) and value.startswith("="):
            text_cell = WriteOnlyCell(ws, value=value)
            text_cell.data_type = "s"
            return text_cell
        return value

    ws.append(header)
    for row in rows:
        ws.append([cell(v) for v in row])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def export_response(table: Table, file_format: str, lang: str) -> Response:
    header = [c.label[lang] for c in table.columns]
    rows = [[exported(c, r.get(c.key), lang) for c in table.columns] for r in table.rows]
    if file_format == "xlsx":
        body, media = xlsx_bytes(header, rows, _sheet_title(table, lang)), XLSX_TYPE
    else:
        text = io.StringIO()
        w = csv.writer(text)
        w.writerow(header)
        w.writerows([csv_cell(v) for v in row] for row in rows)
        body, media = ("\ufeff" + text.getvalue()).encode("utf-8"), "text/csv; charset=utf-8"
    disposition = f'attachment; filename="{_filename(table, file_format)}"'
    headers = {"Content-Disposition": disposition, "X-Content-Type-Options": "nosniff"}
    return Response(body, media_type=media, headers=headers)
