"""Providers from a file, for `kepil providers import` (issue 14: a new store gets its organisations without
the HTTP API, so `kepil keys create --organisation ID` works as the README says).

- CSV (UTF-8, a header row): a column per field of `ProviderIn` (docs/service.md); an empty cell is a field
  not given; booleans true/false, 1/0, yes/no; `border_neighbour_atus` several ATUs separated by `;`;
  `events` several `code:YYYY-MM-DD` separated by `;`. A column that is not a field is refused.
- JSON: an array of provider objects exactly as `PUT /v1/providers/{id}` takes them (kepil.limits bounds its
  size and depth).

Every row is validated by the API's own model before anything is stored; the first problem is reported
with file, row and column (field) in kk/ru/en; a file without rows is refused. The import is one
transaction: all rows or none.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kepil.claims import messages as M
from kepil.claims.inputs import InputFileError, problem
from kepil.errors import InvalidInput
from kepil.i18n import Text
from kepil.limits import MAX_JSON_BYTES, MAX_TEXT_CHARS, load_json, quoted, without_bom
from kepil.store.providers import ProviderIn
from kepil.store.validation import validation_message

FIELDS = tuple(ProviderIn.model_fields)
LISTS = ("border_neighbour_atus", "events")

NOT_A_FIELD = Text(
    "«{column}» провайдер өрісі емес; өрістер: {fields}",
    "«{column}» — не поле поставщика; поля: {fields}",
    "`{column}` is not a provider field; the fields are: {fields}",
)
NOT_AN_ARRAY = Text(
    "JSON файлы провайдер объектілерінің массиві болуы керек",
    "JSON-файл должен быть массивом объектов поставщиков",
    "a JSON file must be an array of provider objects",
)
BAD_EVENT = Text(
    "{value} оқиға емес; күтілетіні code:ЖЖЖЖ-АА-КК",
    "{value} — не событие; ожидается code:ГГГГ-ММ-ДД",
    "{value} is not an event; expected code:YYYY-MM-DD",
)
NO_PROVIDERS = Text(
    "файлда бірде-бір ұйым жоқ (тек тақырып жолы немесе бос массив)",
    "в файле нет ни одной организации (только заголовок или пустой массив)",
    "the file registers no organisation (a header only, or an empty array)",
)
CELLS = Text(
    "жолдағы ұяшықтар саны тақырып жолындағы бағандар санына тең емес",
    "число ячеек в строке не равно числу столбцов заголовка",
    "the row's cells do not match the header's columns in number",
)
CELL_TOO_LONG = Text(
    "ұяшық тым ұзын: ең көбі {limit} таңба",
    "ячейка слишком длинная: не более {limit} символов",
    "a cell is too long: at most {limit} characters",
)
SUFFIX = Text(
    "файл .csv немесе .json болуы керек",
    "ожидается файл .csv или .json",
    "expected a .csv or .json file",
)


def _events(cell: str) -> list[dict[str, str]]:
    out = []
    for item in filter(None, (part.strip() for part in cell.split(";"))):
        code, sep, day = item.partition(":")
        if not sep:
            raise ValueError(item)
        out.append({"code": code.strip(), "date": day.strip()})
    return out


def _csv_rows(path: Path, file: str) -> list[tuple[int, dict[str, Any]]]:
    text = path.read_text(encoding="utf-8-sig")
    # A longer cell is a csv.Error, reported with its row; the process-wide limit is restored after.
    limit = csv.field_size_limit(MAX_TEXT_CHARS * 4)
    try:
        return _read_csv(text, file)
    finally:
        csv.field_size_limit(limit)


def _read_csv(text: str, file: str) -> list[tuple[int, dict[str, Any]]]:
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    for column in header:
        if column not in FIELDS:
            raise InputFileError(
                problem(file, None, column, NOT_A_FIELD.format(column=column, fields=", ".join(FIELDS)))
            )
    rows: list[tuple[int, dict[str, Any]]] = []
    try:
        for n, raw in enumerate(reader, start=1):
            record: dict[str, Any] = {}
            for column, cell in raw.items():
                if column is None or cell is None:  # more cells than the header names, or fewer
                    raise InputFileError(problem(file, n, None, CELLS))
                cell = cell.strip()
                if not cell:
                    continue
                if column == "border_neighbour_atus":
                    record[column] = [a.strip() for a in cell.split(";") if a.strip()]
                elif column == "events":
                    try:
                        record[column] = _events(cell)
                    except ValueError:
                        raise InputFileError(
                            problem(file, n, column, BAD_EVENT.format(value=quoted(cell)))
                        ) from None
                else:
                    record[column] = cell
            rows.append((n, record))
    except csv.Error as e:
        # the csv module's words are English: the one fault a well-formed export meets is said in kk/ru/en
        reason = (
            CELL_TOO_LONG.format(limit=csv.field_size_limit())
            if "field limit" in str(e)
            else M.CANNOT_READ.format(reason=quoted(str(e), 120))
        )
        raise InputFileError(problem(file, len(rows) + 1, None, reason)) from None  # the data row
    return rows


def _json_rows(path: Path, file: str) -> list[tuple[int, dict[str, Any]]]:
    data = without_bom(path.read_bytes())
    if len(data) > MAX_JSON_BYTES:
        data = data[: MAX_JSON_BYTES + 1]  # load_json refuses it by size without reading more
    try:
        parsed = load_json(data, file)
    except InvalidInput as e:  # too large, too deep, not JSON
        raise InputFileError(problem(file, None, None, e.texts)) from None
    if not isinstance(parsed, list):
        raise InputFileError(problem(file, None, None, NOT_AN_ARRAY))
    return list(enumerate(parsed, start=1))


def read_providers(path: Path) -> list[ProviderIn]:
    """The providers of a CSV or JSON file, validated; InputFileError names the first problem."""
    file = str(path)
    if not path.is_file():
        raise InputFileError(problem(file, None, None, M.NOT_FOUND))
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".json"):
        raise InputFileError(problem(file, None, None, SUFFIX))
    try:
        rows = _csv_rows(path, file) if suffix == ".csv" else _json_rows(path, file)
    except UnicodeDecodeError as e:
        raise InputFileError(problem(file, None, None, M.cannot_read(e))) from None
    if not rows:
        raise InputFileError(problem(file, None, None, NO_PROVIDERS))
    out: list[ProviderIn] = []
    seen: dict[str, int] = {}
    for n, record in rows:
        try:
            provider = ProviderIn.model_validate(record)
        except ValidationError as e:
            err = e.errors()[0]
            loc = ".".join(str(p) for p in err.get("loc", ())) or "id"
            texts = Text(*(validation_message(dict(err), lang) for lang in ("kk", "ru", "en")))
            raise InputFileError(problem(file, n, loc, texts)) from None
        if provider.id in seen:
            repeated = M.DUPLICATE.format(value=quoted(provider.id), first=seen[provider.id])
            raise InputFileError(problem(file, n, "id", repeated))
        seen[provider.id] = n
        out.append(provider)
    return out
