"""The request's fields as typed columns: JSON Lines, CSV or Parquet in, one flat frame out.

Columns are named by the request's dotted paths (`person.iin`, `service.kind`; amendment 4 of the contract),
and their set and types come from the request's one definition (`kepil.coverage.model.FIELDS`). Values are
read as the contract's amendment 3 says, and nothing else is guessed:

- **JSON** (JSON Lines, the HTTP batch): booleans are `true` / `false` only. A value of another type is not
  converted: the row is marked and decided by the single path on its original value, which names the field
  exactly as it would for one request.
- **Tables** (CSV, Parquet): a boolean column may be of boolean type, an integer type holding 0 or 1,
  or text holding `true`, `false`, `1`, `0`, `yes`, `no` in any letter case (surrounding spaces ignored);
  an empty cell (or one of spaces only) is absent. Dates are `YYYY-MM-DD` text or a date type; integers
  are an integer type or their digits as text; lists are a list type or codes separated by `;`. Anything
  else is a row error naming the row and the column (`type_error_messages`), never a guess.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import polars as pl

from kepil.claims.messages import cannot_read
from kepil.coverage import messages as M
from kepil.coverage.model import BOOL, CODE, CODES, DATE, FIELDS, ICD10, IIN, INTEGER, TEXT, allowed_words
from kepil.coverage.request import similar_field, unknown_field_text
from kepil.errors import InvalidInput
from kepil.i18n import Text

JSON = "json"
TABLE = "table"

NAMES: tuple[str, ...] = tuple(f.path for f in FIELDS)
KIND_OF: dict[str, str] = {f.path: f.spec.kind for f in FIELDS}
STRINGS = tuple(f.path for f in FIELDS if f.spec.kind in (TEXT, CODE, DATE, IIN, ICD10))
BOOLS = tuple(f.path for f in FIELDS if f.spec.kind == BOOL)
LISTS = tuple(f.path for f in FIELDS if f.spec.kind == CODES)
INTS = tuple(f.path for f in FIELDS if f.spec.kind == INTEGER)
FIELD_NAMES = NAMES

ROW = "__row"
TYPE_ERROR = "__type_error"  # the first column whose value does not fit its type (null: every value fits)
TYPE_VALUE = "__type_value"  # that value, as text (tables: the message quotes it)
SOURCE = "__src."  # prefix of a JSON column kept as it was, for the single path (a value that did not fit)

TRUE_WORDS = ("true", "1", "yes")
FALSE_WORDS = ("false", "0", "no")

NOT_A_BOOLEAN = Text(
    "{value} логикалық мән емес: true немесе false, 1 немесе 0, yes немесе no (кез келген регистрде) жазыңыз "
    "не ұяшықты бос қалдырыңыз",
    "{value} — не логическое значение: напишите true или false, 1 или 0, yes или no (в любом регистре) "
    "либо оставьте ячейку пустой",
    "{value} is not a boolean: write true or false, 1 or 0, yes or no (any letter case), or leave the cell "
    "empty",
)
NOT_A_NUMBER = Text(
    "{value} рұқсат етілген мәндердің бірі емес: {allowed}",
    "{value} не входит в допустимые значения: {allowed}",
    "{value} is not one of: {allowed}",
)
NOT_TEXT = Text(
    "бағанның түрі {dtype}: мәтін күтілді",
    "тип столбца {dtype}: ожидался текст",
    "the column is of type {dtype}: text was expected",
)
NOT_A_DATE_CELL = Text(
    "бағанның түрі {dtype}: YYYY-MM-DD мәтіні немесе күн түрі күтілді",
    "тип столбца {dtype}: ожидался текст YYYY-MM-DD или тип даты",
    "the column is of type {dtype}: YYYY-MM-DD text or a date type was expected",
)
NOT_A_LIST = Text(
    "бағанның түрі {dtype}: тізім немесе «;» арқылы бөлінген кодтар күтілді",
    "тип столбца {dtype}: ожидался список или коды через «;»",
    "the column is of type {dtype}: a list or codes separated by ';' was expected",
)
UNKNOWN_COLUMNS = Text(
    "kepil білмейтін бағандар: {columns}. Бағандар — сұраныс өрістерінің нүктелі жолдары (kepil coverage "
    "columns); оларды нәтижеге өзгеріссіз өткізу үшін --carry-unknown қосыңыз",
    "столбцы, которых kepil не знает: {columns}. Столбцы — пути полей запроса через точку (kepil coverage "
    "columns); чтобы перенести их в результат без изменений, добавьте --carry-unknown",
    "columns kepil does not know: {columns}. Columns are the request's dotted field paths (kepil coverage "
    "columns); add --carry-unknown to carry them to the output unchanged",
)


def flatten(df: pl.DataFrame) -> pl.DataFrame:
    """Nested `person` / `service` structs become dotted columns."""
    for top in ("person", "service"):
        if top in df.columns and isinstance(df.schema[top], pl.Struct):
            inner = df.select(pl.col(top).struct.unnest())
            df = df.drop(top).hstack(inner.rename({c: f"{top}.{c}" for c in inner.columns}))
    return df


def unknown_columns(df: pl.DataFrame) -> list[str]:
    """The columns of a (flattened) frame that are not fields of the request, in the file's order."""
    return [c for c in df.columns if c not in KIND_OF]


def check_columns(df: pl.DataFrame, source: str, carry: bool) -> list[str]:
    """Amendment 4: unknown columns are an error listing them (with the field each most resembles), unless
    the caller carries them through; returns the columns to carry."""
    unknown = unknown_columns(df)
    if unknown and not carry:
        shown = [f"{c} (→ {s}?)" if (s := similar_field(c)) else c for c in unknown]
        raise InvalidInput(source, M.fill(UNKNOWN_COLUMNS, columns=", ".join(shown)))
    return unknown


@dataclass(frozen=True, slots=True)
class _Read:
    value: pl.Expr  # the typed value
    fits: pl.Expr | None = None  # false where a present value does not fit (None: every value fits)
    shown: pl.Expr | None = None  # the value as text, for the message


def _blank(src: pl.Expr) -> pl.Expr:
    return src.is_null() | (src.str.strip_chars() == "")


def _text_bool(src: pl.Expr) -> _Read:
    low = src.str.strip_chars().str.to_lowercase()
    value = pl.when(low.is_in(TRUE_WORDS)).then(True).when(low.is_in(FALSE_WORDS)).then(False).otherwise(None)
    return _Read(value, _blank(src) | value.is_not_null(), src)


def _as_text(src: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    """A value of any column type as text for a message: its text where it has one, else its type's name
    (a list or a struct cannot be cast to text)."""
    if dtype.is_nested() or dtype in (pl.Object, pl.Binary):
        return pl.lit(f"({dtype})")
    return src.cast(pl.Utf8, strict=False).fill_null(pl.lit(f"({dtype})"))


def _read(name: str, dtype: pl.DataType, src: pl.Expr, semantics: str) -> _Read:
    """How a column of `dtype` is read as the field `name`."""
    kind = KIND_OF[name]
    if dtype == pl.Null:
        return _Read(pl.lit(None, _dtype(name)))
    unfit = _Read(pl.lit(None, _dtype(name)), src.is_null(), _as_text(src, dtype))
    if kind == BOOL:
        if dtype == pl.Boolean:
            return _Read(src)
        if semantics == JSON:
            return unfit
        if dtype.is_integer():
            return _Read(
                pl.when(src == 1).then(True).when(src == 0).then(False).otherwise(None),
                src.is_in([0, 1]) | src.is_null(),
                src.cast(pl.Utf8),
            )
        if dtype == pl.Utf8:
            return _text_bool(src)
        return unfit
    if kind == INTEGER:
        if dtype.is_integer():
            return _Read(
                src.cast(pl.Int64, strict=False),
                src.is_null() | src.cast(pl.Int64, strict=False).is_not_null(),
                src.cast(pl.Utf8),
            )
        if dtype == pl.Utf8 and semantics == TABLE:
            digits = src.str.strip_chars()
            number = pl.when(digits.str.contains(r"^[0-9]{1,9}$")).then(digits.cast(pl.Int64, strict=False))
            return _Read(number, _blank(src) | number.is_not_null(), src)
        return unfit
    if kind == CODES:
        if dtype == pl.List(pl.Utf8) or dtype == pl.List(pl.Null):
            return _Read(src.cast(pl.List(pl.Utf8)))
        if dtype == pl.Utf8 and semantics == TABLE:
            codes = (
                pl.when(src.str.strip_chars() == "")
                .then(pl.lit([], pl.List(pl.Utf8)))
                .otherwise(src.str.split(";").list.eval(pl.element().str.strip_chars()))
            )
            return _Read(codes)
        return unfit
    # text: codes, dates, the IIN, ICD-10 codes, the id; in a table an empty cell is absent
    if dtype == pl.Utf8:
        return _Read(pl.when(~_blank(src)).then(src) if semantics == TABLE else src)
    if kind == DATE and dtype == pl.Date:
        return _Read(src.dt.strftime("%Y-%m-%d"))
    if kind == TEXT and dtype.is_integer() and semantics == TABLE:
        return _Read(src.cast(pl.Utf8))  # a Parquet id column of whole numbers: their decimal text
    return unfit


def typed(
    df: pl.DataFrame, semantics: str = JSON, carry: Iterable[str] = (), offset: int = 0
) -> pl.DataFrame:
    """Every field in its column type, a row index (from `offset`: a batch of a longer file), `TYPE_ERROR` /
    `TYPE_VALUE` for the first value that did not fit its column (in the fields' order), and — JSON only —
    the original of a column that did not fit (`SOURCE` + name), for the single path. `carry` are columns
    kept as they are (amendment 4)."""
    df = flatten(df)
    exprs = _typing(tuple(df.schema.items()), semantics, tuple(carry))
    return df.with_row_index(ROW, offset=offset).select(exprs)


@lru_cache(maxsize=64)
def _typing(
    schema: tuple[tuple[str, pl.DataType], ...], semantics: str, carry: tuple[str, ...]
) -> tuple[pl.Expr, ...]:
    """`typed`'s columns for a frame of `schema`: built once per schema (a file's batches, the HTTP batch's
    reader share one; building them cost more than applying them to 10,000 rows — issue 17)."""
    dtypes = dict(schema)
    cols: list[pl.Expr] = []
    errors: list[tuple[str, pl.Expr, pl.Expr]] = []
    keep: list[pl.Expr] = []
    for name in NAMES:
        if name not in dtypes:
            cols.append(pl.lit(None, _dtype(name)).alias(name))
            continue
        src = pl.col(name)
        r = _read(name, dtypes[name], src, semantics)
        cols.append(r.value.alias(name))
        if r.fits is not None:
            errors.append((name, ~r.fits.fill_null(True), r.shown if r.shown is not None else pl.lit(None)))
            if semantics == JSON:
                keep.append(src.alias(SOURCE + name))
    # A column the request does not define (not carried) holding a value: the first error of its row
    # (amendment 1). Callers of CSV and Parquet refuse such files whole first (`check_columns`).
    carried = set(carry)
    unknown = [
        (c, pl.col(c).is_not_null(), pl.lit(None, pl.Utf8))
        for c in dtypes
        if c not in KIND_OF and c not in carried and not c.startswith("__")
    ]
    if semantics == JSON:
        keep += [pl.col(c).alias(SOURCE + c) for c, _, _ in unknown]
    field: pl.Expr = pl.lit(None, pl.Utf8)
    shown: pl.Expr = pl.lit(None, pl.Utf8)
    for name, bad, value in reversed(unknown + errors):
        field = pl.when(bad).then(pl.lit(name)).otherwise(field)
        shown = pl.when(bad).then(value.cast(pl.Utf8, strict=False)).otherwise(shown)
    extra = [pl.col(c) for c in carry]
    return (pl.col(ROW), *cols, field.alias(TYPE_ERROR), shown.alias(TYPE_VALUE), *keep, *extra)


def type_error_messages(lang: str, dtypes: dict[str, pl.DataType]) -> pl.Expr:
    """The message of each table row's `TYPE_ERROR`, set-based, in `lang` (the value quoted, cut short)."""
    value = pl.col(TYPE_VALUE).str.slice(0, 80)
    quoted = pl.concat_str([pl.lit("'"), value, pl.lit("'")])
    out: pl.Expr = pl.lit(None, pl.Utf8)
    for name in NAMES:
        kind = KIND_OF[name]
        here = pl.col(TYPE_ERROR) == name
        dtype = str(dtypes.get(name, pl.Utf8))
        if kind == BOOL:
            msg = _templated(NOT_A_BOOLEAN[lang], quoted)
        elif kind == INTEGER:
            spec = next(f.spec for f in FIELDS if f.path == name)
            msg = _templated(NOT_A_NUMBER[lang].replace("{allowed}", allowed_words(spec)[lang]), quoted)
        elif kind == DATE:
            msg = pl.lit(NOT_A_DATE_CELL[lang].format(dtype=dtype))
        elif kind == CODES:
            msg = pl.lit(NOT_A_LIST[lang].format(dtype=dtype))
        else:
            msg = pl.lit(NOT_TEXT[lang].format(dtype=dtype))
        out = pl.when(here).then(msg).otherwise(out)
    for name in dtypes:
        if name not in KIND_OF:
            out = (
                pl.when(pl.col(TYPE_ERROR) == name)
                .then(pl.lit(unknown_field_text(name)[lang]))
                .otherwise(out)
            )
    return out


def _templated(template: str, value: pl.Expr) -> pl.Expr:
    before, _, after = template.partition("{value}")
    return pl.concat_str([pl.lit(before), value, pl.lit(after)])


def _dtype(name: str) -> pl.DataType:
    kind = KIND_OF[name]
    if kind == BOOL:
        return pl.Boolean()
    if kind == CODES:
        return pl.List(pl.Utf8)
    if kind == INTEGER:
        return pl.Int64()
    return pl.Utf8()


def raw_request(original: dict[str, Any]) -> dict[str, Any]:
    """A nested request dict from one row of dotted columns (null = absent), for the single path. A JSON
    column kept in its original form (`SOURCE`) wins over its typed value."""
    out: dict[str, Any] = {}
    sources = {k[len(SOURCE) :]: v for k, v in original.items() if k.startswith(SOURCE) and v is not None}
    values = {k: v for k, v in original.items() if k in KIND_OF}
    for key, value in {**values, **sources}.items():
        if value is None:
            continue
        top, _, leaf = key.partition(".")
        if leaf:
            out.setdefault(top, {})[leaf] = value
        else:
            out[top] = value
    for top in ("person", "service"):
        out.setdefault(top, {})
    return out


def read_table(path: Path) -> pl.DataFrame:
    """A CSV (every column as text, read by `typed`) or Parquet file of requests."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".parquet":
            return pl.read_parquet(path)
        if suffix == ".csv":
            return pl.read_csv(path, infer_schema=False)
    except (pl.exceptions.PolarsError, OSError) as e:
        raise InvalidInput(str(path), cannot_read(e)) from None
    raise InvalidInput(str(path), M.NOT_A_REQUESTS_FILE)


def scan_table(path: Path) -> pl.LazyFrame:
    """`read_table` as a lazy scan, read in batches (`table_batches`)."""
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return pl.scan_parquet(path)
    if suffix == ".csv":
        return pl.scan_csv(path, infer_schema=False)
    raise InvalidInput(str(path), M.NOT_A_REQUESTS_FILE)


def table_batches(
    path: Path, rows: int, first: int = 0
) -> tuple[dict[str, pl.DataType], Iterator[pl.DataFrame]]:
    """(the flattened columns' types, the file's rows `rows` at a time, flattened): a file of any size in
    bounded memory. With `first`, the first batch is the file's first `first` rows, read alone (a Parquet
    file's first row group, a CSV's first lines: the streaming reader reads further before it yields
    anything). A file that cannot be read is `read_table`'s error, whenever it is found."""
    try:
        lf = scan_table(path)
        schema = dict(flatten(pl.DataFrame(schema=lf.collect_schema())).schema)
    except (pl.exceptions.PolarsError, OSError) as e:
        raise InvalidInput(str(path), cannot_read(e)) from None

    def batches() -> Iterator[pl.DataFrame]:
        try:
            rest = lf
            if first:
                yield flatten(lf.head(first).collect())
                rest = lf.slice(first)
            for batch in rest.collect_batches(chunk_size=rows):
                yield flatten(batch)
        except (pl.exceptions.PolarsError, OSError) as e:
            raise InvalidInput(str(path), cannot_read(e)) from None

    return schema, batches()


# What each kind of column accepts in a CSV or Parquet batch (amendment 3), in words.
KIND_WORDS: dict[str, Text] = {
    BOOL: Text(
        "логикалық: true/false, 1/0, yes/no (кез келген регистр) не логикалық не бүтін (0/1) түр; бос — жоқ",
        "логическое: true/false, 1/0, yes/no (любой регистр) либо логический или целый (0/1) тип; "
        "пусто — нет",
        "boolean: true/false, 1/0, yes/no (any case), or a boolean or integer (0/1) type; empty is absent",
    ),
    TEXT: Text("мәтін (ең көбі 200 таңба)", "текст (не более 200 символов)", "text (at most 200 characters)"),
    CODE: Text("код (мәтін)", "код (текст)", "code (text)"),
    DATE: Text(
        "күн: YYYY-MM-DD не күн түрі", "дата: YYYY-MM-DD или тип даты", "date: YYYY-MM-DD or a date type"
    ),
    IIN: Text("ЖСН: 12 цифр (мәтін)", "ИИН: 12 цифр (текст)", "IIN: 12 digits (text)"),
    ICD10: Text("АХЖ-10 коды (мәтін)", "код МКБ-10 (текст)", "ICD-10 code (text)"),
    INTEGER: Text("бүтін сан", "целое число", "whole number"),
    CODES: Text(
        "кодтар тізімі: «;» арқылы не тізім түрі",
        "список кодов: через «;» или тип списка",
        "list of codes: separated by ';' or a list type",
    ),
}


def describe(lang: str) -> list[dict[str, Any]]:
    """Every column of the batch formats (`kepil coverage columns`): name, type, whether required, values,
    meaning — in `lang`."""
    rows = []
    for f in FIELDS:
        spec = f.spec
        rows.append(
            {
                "column": f.path,
                "type": KIND_WORDS[spec.kind][lang],
                "required": f.required,
                "values": allowed_words(spec)[lang] if spec.values else "",
                "meaning": spec.doc[lang],
            }
        )
    return rows
