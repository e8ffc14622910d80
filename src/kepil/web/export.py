"""Every table of every page as CSV (UTF-8 with a BOM, so that Excel reads Kazakh letters) or XLSX.

Cells carry text others typed (a detachment's reason, an objection's reason, a provider's name, a claim's
details): they are written by kepil.files' formula-safe cells (`csv_cell`, `write_xlsx`), the same the
commands' files use — a text is never a spreadsheet formula (OWASP)."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from fastapi import Response

from kepil.files import csv_cell, write_xlsx
from kepil.web.tables import Table, exported

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filename(table: Table, ext: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", f"kepil_{table.name}") + f".{ext}"


def _sheet_title(table: Table, lang: str) -> str:
    """The table's title as a sheet name: Excel refuses []:*?/\\ and more than 31 characters."""
    title = re.sub(r"[\[\]:*?/\\]+", " ", table.title[lang]).strip(" '")[:31].strip()
    return title or table.name[:31]


def xlsx_bytes(header: list[str], rows: list[list[Any]], title: str) -> bytes:
    """One sheet of formula-safe cells (kepil.files.write_xlsx), as bytes for a download."""
    out = io.BytesIO()
    write_xlsx(header, rows, out, title)
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
