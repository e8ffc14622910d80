"""The access criteria (`program-2026-2028` 79, and the ambulance rules of 4) as a stored report, and the
reading of their operational tables (docs/access-criteria.md), which `kepil access report` shares.

Reading is set-based (Polars): every check is one boolean expression over a file, and one aggregation
per file gives the first bad row of each check; `read_tables` raises InputFileError with every file's
first problems (file, row, column; kk/ru/en). The criteria are `access_report`'s; `store_access` stores
them (kind `access_criteria`, scope the report day) with each criterion's unit and threshold in kk/ru/en
(`criterion_words` of the law layer, for the report day) in `meta["words"]`; the rows carry the code.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import polars as pl
from sqlalchemy import Engine

from kepil.claims import messages as M
from kepil.claims.inputs import InputFileError, Problem, problem
from kepil.errors import InvalidInput
from kepil.i18n import Text
from kepil.law.program_2026_2028.access_criteria import (
    ACT,
    CRITERIA,
    OPTIONAL_TABLES,
    TABLES,
    TEAM_KINDS,
    Col,
    Words,
    access_report,
    criterion_words,
)
from kepil.limits import MAX_TEXT_CHARS, quoted
from kepil.reference.regions import region_codes
from kepil.store.reports import save_report

KIND = "access_criteria"

NOT_COUNT = Text(
    "{value} теріс емес бүтін сан емес",
    "{value} не целое неотрицательное число",
    "{value} is not a whole number of 0 or more",
)
NOT_NUMBER = Text(
    "{value} теріс емес сан емес",
    "{value} не неотрицательное число",
    "{value} is not a number of 0 or more",
)
NOT_DATETIME = Text(
    "{value} уақыт емес; күтілетіні ЖЖЖЖ-АА-КК СС:ММ[:СС]",
    "{value} не дата и время; ожидается ГГГГ-ММ-ДД ЧЧ:ММ[:СС]",
    "{value} is not a date and time; expected YYYY-MM-DD HH:MM[:SS]",
)
BEFORE = Text(
    "{value} «{earlier}» мәнінен бұрын",
    "{value} раньше значения столбца «{earlier}»",
    "{value} is before the value of `{earlier}`",
)
ORDER = {"calls": ("received_at", "arrived_at"), "diagnoses": ("diagnosed_on", "treatment_started_on"),
         "green_corridor": ("referred_on", "completed_on")}  # fmt: skip
ROW = "__row"


def _parse(col: Col, s: pl.Expr) -> tuple[pl.Expr, Text]:
    """(the typed value, or null when the text does not parse; the message for a value that does not)."""
    t = s.str.strip_chars()
    if col.kind == "region":
        return t.str.to_lowercase().replace_strict(
            region_codes(), default=None, return_dtype=pl.Utf8
        ), M.UNKNOWN_REGION
    if col.kind == "count":
        n = t.str.to_integer(strict=False)
        return pl.when(n >= 0).then(n), NOT_COUNT
    if col.kind == "number":
        x = t.cast(pl.Float64, strict=False)
        return pl.when(x >= 0).then(x), NOT_NUMBER
    if col.kind == "category":
        n = t.str.to_integer(strict=False)
        return pl.when(n.is_between(1, 4)).then(n), M.NOT_ONE_OF.format(value="{value}", allowed="1, 2, 3, 4")
    if col.kind == "criterion":
        codes = [code for code, _, _ in CRITERIA]
        return pl.when(t.is_in(codes)).then(t), M.NOT_ONE_OF.format(value="{value}", allowed=", ".join(codes))
    if col.kind == "team_kind":
        return pl.when(t.is_in(TEAM_KINDS)).then(t), M.NOT_ONE_OF.format(
            value="{value}", allowed=", ".join(TEAM_KINDS)
        )
    if col.kind == "bool":
        low = t.str.to_lowercase()
        flags = {"true": True, "1": True, "false": False, "0": False}
        return low.replace_strict(flags, default=None, return_dtype=pl.Boolean), M.NOT_BOOL
    if col.kind == "date":
        return t.str.to_date("%Y-%m-%d", strict=False), M.NOT_DATE
    if col.kind == "datetime":
        u = t.str.replace("T", " ")
        return pl.coalesce(
            u.str.to_datetime("%Y-%m-%d %H:%M:%S", strict=False, time_unit="us"),
            u.str.to_datetime("%Y-%m-%d %H:%M", strict=False, time_unit="us"),
        ), NOT_DATETIME
    return t, M.REQUIRED_VALUE


def _read(path: Path) -> pl.DataFrame:
    if path.suffix == ".parquet":
        df = pl.read_parquet(path)
        return df.with_columns(
            pl.col(c).dt.strftime("%Y-%m-%d %H:%M:%S")
            if df.schema[c] == pl.Datetime
            else pl.col(c).cast(pl.Utf8)
            for c in df.columns
        )
    return pl.read_csv(path, infer_schema=False, encoding="utf8")


def _table(
    directory: Path, name: str, allow_empty: bool = False
) -> tuple[pl.DataFrame | None, list[Problem]]:
    found = [p for p in (directory / f"{name}.csv", directory / f"{name}.parquet") if p.is_file()]
    file = found[0].name if found else f"{name}.csv"
    if not found:
        return None, [problem(file, None, None, M.NOT_FOUND)]
    try:
        raw = _read(found[0])
    except Exception as e:  # polars raises many kinds for a malformed file
        return None, [problem(file, None, None, M.cannot_read(e))]
    cols = TABLES[name]
    missing = [c.name for c in cols if c.required and c.name not in raw.columns]
    if missing:
        present = ", ".join(raw.columns)
        return None, [
            problem(file, None, c, M.MISSING_COLUMN.format(column=c, present=present)) for c in missing
        ]
    if raw.height == 0 and not allow_empty:
        return None, [problem(file, None, None, M.NO_ROWS)]
    raw = raw.with_columns(pl.lit(None, pl.Utf8).alias(c.name) for c in cols if c.name not in raw.columns)
    raw = raw.with_row_index(ROW, offset=1)
    typed: dict[str, pl.Expr] = {}
    checks: list[tuple[str, pl.Expr, Text]] = []
    for c in cols:
        src = pl.col(c.name)
        blank = src.is_null() | (src.str.strip_chars() == "")
        value, message = _parse(c, src)
        typed[c.name] = pl.when(blank).then(None).otherwise(value)
        long = M.TOO_LONG.format(value="{value}", limit=MAX_TEXT_CHARS)
        checks.append((c.name, src.str.len_chars() > MAX_TEXT_CHARS, long))
        if c.required:
            checks.append((c.name, blank, M.REQUIRED_VALUE))
        checks.append((c.name, ~blank & value.is_null(), message))
    if name in ORDER:
        a, b = ORDER[name]
        checks.append((b, typed[b] < typed[a], BEFORE.format(value="{value}", earlier=a)))
    firsts = raw.select(
        pl.col(ROW).filter(bad.fill_null(False)).first().alias(str(i)) for i, (_, bad, _) in enumerate(checks)
    ).row(0)
    problems = []
    for (column, _, message), row in zip(checks, firsts, strict=True):
        if row is not None:
            shown = raw[column][row - 1]
            text = message.format(value=quoted(shown)) if "{value}" in message.en else message
            problems.append(problem(file, row, column, text))
    problems.sort(key=lambda p: p.row or 0)
    return raw.select(**typed), problems


def read_tables(directory: Path, allow_empty: bool = False) -> dict[str, pl.DataFrame]:
    """The tables of TABLES from `directory`, typed; InputFileError with every file's first problems (a
    file without rows is one, unless `allow_empty`)."""
    if not directory.is_dir():
        raise InvalidInput(
            "--data",
            Text(f"{directory} каталог емес", f"{directory} не каталог", f"{directory} is not a directory"),
        )
    tables: dict[str, pl.DataFrame] = {}
    problems: list[Problem] = []
    for name in TABLES:
        if name in OPTIONAL_TABLES and not any(
            (directory / f"{name}{x}").is_file() for x in (".csv", ".parquet")
        ):
            continue  # 80: the agreement's targets are optional
        df, found = _table(directory, name, allow_empty)
        problems += found
        if df is not None:
            tables[name] = df
    if problems:
        raise InputFileError(problems[0], problems)
    return tables


# --- the stored report ------------------------------------------------------------------------------

COLUMNS = ["region", "criterion", "clause", "value", "met", "cases"]
# The columns the command prints and writes: the unit and the threshold in the chosen language.
WORDED_COLUMNS = ["region", "criterion", "clause", "value", "unit", "threshold", "met", "cases"]


def words_meta(words: dict[str, Words]) -> dict[str, dict[str, dict[str, str]]]:
    """`criterion_words` as JSON for a report's meta: {code: {"unit": {kk, ru, en}, "threshold": {...}}}."""
    return {code: {"unit": w.unit.as_dict(), "threshold": w.threshold.as_dict()} for code, w in words.items()}


def words_of(meta: dict[str, Any]) -> dict[str, Words]:
    """A stored report's words (`words_meta`); {} for a report stored before they were kept."""
    return {
        code: Words(Text(**w["unit"]), Text(**w["threshold"])) for code, w in meta.get("words", {}).items()
    }


def worded(report: pl.DataFrame, words: dict[str, Words], lang: str) -> pl.DataFrame:
    """`access_report`'s rows with the unit and the threshold of each row's criterion in `lang`
    (WORDED_COLUMNS): what `kepil access report` prints and writes with `--out`."""
    unit = {code: w.unit[lang] for code, w in words.items()}
    threshold = {code: w.threshold[lang] for code, w in words.items()}
    return report.with_columns(
        unit=pl.col("criterion").replace_strict(unit, default=None, return_dtype=pl.Utf8),
        threshold=pl.col("criterion").replace_strict(threshold, default=None, return_dtype=pl.Utf8),
    ).select(WORDED_COLUMNS)


def save_access(engine: Engine, report: pl.DataFrame, on: dt.date, source: str) -> str:
    """Store `access_report`'s rows for the report day `on`; the scope (the day, ISO) is returned."""
    scope = on.isoformat()
    met = report.group_by("region", maintain_order=True).agg(
        met=pl.col("met").fill_null(False).sum(), judged=pl.col("met").is_not_null().sum()
    )
    meta: dict[str, Any] = {
        "act": ACT,
        "clauses": sorted({c for _, c, _ in CRITERIA}, key=lambda c: (c != "4", c)),
        "on": scope,
        "criteria": [code for code, _, _ in CRITERIA],
        # each criterion's unit and threshold in kk/ru/en, for the report day (the rows carry the code)
        "words": words_meta(criterion_words(on)),
        "totals": {
            "regions": met.height,
            "criteria": len(CRITERIA),
            "met": {r["region"]: int(r["met"]) for r in met.iter_rows(named=True)},
            "judged": {r["region"]: int(r["judged"]) for r in met.iter_rows(named=True)},
        },
    }
    rows = [list(r) for r in report.select(COLUMNS).rows()]
    save_report(engine, KIND, scope, source, COLUMNS, rows, meta)
    return scope


def store_access(
    engine: Engine,
    data_dir: Path,
    on: dt.date | None = None,
    region: str | None = None,
    source: str | None = None,
) -> str:
    """Read the operational tables of `data_dir`, compute the criteria of 79 and 4 for the report day `on`
    (default today) and store them; returns the scope (the day, ISO). InputFileError on a bad file."""
    day = on or dt.date.today()
    report = access_report(read_tables(data_dir), day, region)
    return save_access(engine, report, day, source or str(data_dir))
