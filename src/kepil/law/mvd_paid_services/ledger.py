"""Checking an institution's ledger of paid-services money against `mvd-paid-services` 5, 9 and 14.

The ledger is a CSV (UTF-8, a header row) or Parquet file, one line per receipt or spending:

| column | type | required | meaning |
|---|---|---|---|
| `line_id` | text, unique | yes | the line's id in the institution's books |
| `date` | YYYY-MM-DD | yes | the day of the receipt or spending |
| `kind` | `income` / `expense` | yes | money received for paid services, or money spent |
| `amount` | integer tiyn, ≥ 0 | yes | the sum |
| `condition` | text | income | where the services were given (5): `rules.CONDITION_CODES` |
| `payer` | text | income | who paid: `fund` is the only payer 9 allows |
| `tariff_amount` | integer tiyn | income | the sum the services come to at the Fund's tariffs (9) |
| `purpose` | text | expense | one of the seven purposes of 14 (`rules.PURPOSE_CODES`) |
| `purchase` | true/false | no | whether it buys goods, works or services; blank: as the purpose says |
| `procurement_ref` | text | purchases | the public procurement (or contract) reference (14, last part) |

Input errors (a missing column, a value that does not parse, a repeated `line_id`) stop the check with the
file, row and column (`kepil.claims.inputs.InputFileError`, kk/ru/en). A value that parses but breaks the
rules (an unknown purpose, another payer) is a finding of the line, not an input error.

Each line gets `status` (`valid`, `violation`, `not_in_force`), the first violated `clause` in the order
5, 9, 14 and its `message_kk/ru/en`. Reading: a line dated outside the interval in which kepil holds the
act's text (from the entry into force of order No. 191 to the day before the repeal by order No. 393,
`kepil.law.acts`) is answered `not_in_force` with the reason (the repealing order named) and is not
checked against the rules: the rules do not apply to it.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import polars as pl

from kepil.claims.inputs import TARGET, InputFileError, problem, validate_file
from kepil.claims.schema import Column, Table
from kepil.errors import InvalidInput
from kepil.files import write_table
from kepil.i18n import LANGS, Text
from kepil.law import acts
from kepil.law.mvd_paid_services import rules as R

KINDS: tuple[str, ...] = ("income", "expense")
STATUSES: tuple[str, ...] = ("valid", "violation", "not_in_force")

LEDGER = Table(
    "ledger",
    "line_id",
    (
        Column("line_id", "string", unique=True),
        Column("date", "date"),
        Column("kind", "enum", values=KINDS),
        Column("amount", "money"),
        Column("condition", "string", required=False, nullable=True),
        Column("payer", "string", required=False, nullable=True),
        Column("tariff_amount", "money", required=False, nullable=True),
        Column("purpose", "string", required=False, nullable=True),
        Column("purchase", "bool", required=False, nullable=True),
        Column("procurement_ref", "string", required=False, nullable=True),
    ),
)


# A violation: code, clause, message with at most one `{}` (the line's value, shown as given).
_CODES = ", ".join(R.CONDITION_CODES)
_CONDITION = Text(
    "«{}» — 5-тармақта көзделген жағдай емес (" + _CODES + ")",
    "«{}» — не условие пункта 5 (" + _CODES + ")",
    "`{}` is not a condition of paragraph 5 (" + _CODES + ")",
)
_PAYER = Text(
    "төлеуші «{}»: 9-тармақ бойынша ақылы қызметтерге ақыны тек Қор төлейді",
    "плательщик «{}»: по пункту 9 платные услуги оплачивает только Фонд",
    "payer `{}`: under paragraph 9 only the Fund pays for the paid services",
)
_TARIFF = Text(
    "сома Қордың тарифтері бойынша сомаға ({}) тең емес (9-тармақ)",
    "сумма не равна сумме по тарифам Фонда ({}) (пункт 9)",
    "the amount is not the sum at the Fund's tariffs ({}) (paragraph 9)",
)
_PURPOSE = Text(
    "«{}» — 14-тармақтың жеті мақсатының бірі емес",
    "«{}» — не одно из семи направлений пункта 14",
    "`{}` is not one of the seven purposes of paragraph 14",
)
_PROCUREMENT = Text(
    "сатып алу мемлекеттік сатып алу туралы заңнамаға сәйкес жүргізілмеген: procurement_ref жоқ "
    "(14-тармақтың соңғы бөлігі)",
    "закупка не проведена по законодательству о государственных закупках: нет procurement_ref "
    "(пункт 14, последняя часть)",
    "a purchase not made under the public procurement law: no procurement_ref (paragraph 14, last part)",
)
OUTPUT_SUFFIX = Text(
    "шығыс файлы .csv немесе .parquet болуы керек",
    "выходной файл должен быть .csv или .parquet",
    "the output file must be .csv or .parquet",
)
_VALID = Text(
    "5, 9 және 14-тармақтарға сәйкес",
    "соответствует пунктам 5, 9 и 14",
    "complies with paragraphs 5, 9 and 14",
)


def read_ledger(path: Path, allow_empty: bool = False) -> pl.DataFrame:
    """The validated ledger, normalised (dates, int64 tiyn, booleans), with `row` (1-based data row).

    Raises InputFileError (file, row, column; kk/ru/en) for the first problem of the file."""
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="kepil-mvd-") as tmp:
        stage = Path(tmp) / "ledger.text.parquet"  # a directory of its own: no unique name needed
        lf, plan, _ = validate_file(LEDGER, path, stage, lambda _msg: None, allow_empty)
        cols = [
            plan.norm[c.name] if c.name in plan.norm else pl.lit(None, TARGET[c.type]).alias(c.name)
            for c in LEDGER.columns
        ]
        try:
            return lf.with_row_index("row", offset=1).select(pl.col("row").cast(pl.Int64), *cols).collect()
        except pl.exceptions.PolarsError as e:  # pragma: no cover - validate_file has read the file already
            message = Text(str(e), str(e), str(e))
            raise InputFileError(problem(str(path), None, None, message)) from None


def _filled(template: Text, value: pl.Expr | None) -> dict[str, pl.Expr]:
    if value is None:
        return {lang: pl.lit(template[lang]) for lang in LANGS}
    shown = value.cast(pl.Utf8).fill_null("")
    return {lang: pl.format(template[lang], shown) for lang in LANGS}


def _reasons(dates: pl.Series) -> pl.DataFrame:
    """The reason the act's text does not apply, per distinct date outside it (a handful of dates)."""
    rows: dict[str, list[object]] = {"date": [], **{f"reason_{lang}": [] for lang in LANGS}}
    short = acts.act(R.ACT).short_title
    for day in dates.to_list():
        reason = acts.text_not_in_force_reason(R.ACT, day)
        assert reason is not None
        rows["date"].append(day)
        for lang in LANGS:
            rows[f"reason_{lang}"].append(f"{short[lang]} ({R.ACT}): {reason[lang]}")
    return pl.DataFrame(rows, schema={"date": pl.Date, **{f"reason_{lang}": pl.Utf8 for lang in LANGS}})


def check_ledger(ledger: pl.DataFrame) -> pl.DataFrame:
    """Every line of `read_ledger`'s frame with `status`, `violation`, `act`, `clause`, `message_kk/ru/en`."""
    act = acts.act(R.ACT)
    date = pl.col("date")
    outside = (date < act.text_from) | (date > act.end) if act.end is not None else date < act.text_from
    out_dates = ledger.filter(outside).get_column("date").unique().sort()
    reasons = _reasons(out_dates)
    lf = ledger.lazy().join(reasons.lazy(), on="date", how="left")

    income, expense = pl.col("kind") == "income", pl.col("kind") == "expense"
    purchase = pl.col("purchase").fill_null(pl.col("purpose").is_in(list(R.PURCHASE_PURPOSES)))
    no_ref = pl.col("procurement_ref").is_null() | (pl.col("procurement_ref").str.strip_chars() == "")
    # (code, clause, the line breaks it, message parts), in the order of the clauses.
    checks: list[tuple[str, str, pl.Expr, dict[str, pl.Expr]]] = [
        (
            "condition_not_allowed",
            "5",
            income & ~pl.col("condition").is_in(list(R.CONDITION_CODES)).fill_null(False),
            _filled(_CONDITION, pl.col("condition")),
        ),
        (
            "payer_not_fund",
            R.PAYER_CLAUSE,
            income & (pl.col("payer").ne_missing(pl.lit(R.PAYER))),
            _filled(_PAYER, pl.col("payer")),
        ),
        (
            "not_at_tariff",
            R.PAYER_CLAUSE,
            income & pl.col("amount").ne_missing(pl.col("tariff_amount")),
            _filled(_TARIFF, pl.col("tariff_amount")),
        ),
        (
            "purpose_not_allowed",
            "14",
            expense & ~pl.col("purpose").is_in(list(R.PURPOSE_CODES)).fill_null(False),
            _filled(_PURPOSE, pl.col("purpose")),
        ),
        ("not_procured", R.PROCUREMENT_CLAUSE, expense & purchase & no_ref, _filled(_PROCUREMENT, None)),
    ]
    not_in_force = pl.col("reason_en").is_not_null()
    valid_clause = pl.lit(None, pl.Utf8)

    def chain(pick: str | None, lang: str | None, otherwise: pl.Expr) -> pl.Expr:
        expr: pl.Expr | None = None
        for code, clause, bad, parts in reversed(checks):
            value = (
                pl.lit(code) if pick == "code" else pl.lit(clause) if pick == "clause" else parts[lang or ""]
            )
            expr = pl.when(bad).then(value).otherwise(expr if expr is not None else otherwise)
        assert expr is not None
        return expr

    clause = pl.when(not_in_force).then(pl.lit(None, pl.Utf8)).otherwise(chain("clause", None, valid_clause))
    code = pl.when(not_in_force).then(pl.lit("law_not_in_force")).otherwise(chain("code", None, valid_clause))
    messages = [
        pl.when(not_in_force)
        .then(pl.col(f"reason_{lang}"))
        .otherwise(chain(None, lang, pl.lit(_VALID[lang])))
        .alias(f"message_{lang}")
        for lang in LANGS
    ]
    status = (
        pl.when(not_in_force)
        .then(pl.lit("not_in_force"))
        .when(code.is_not_null())
        .then(pl.lit("violation"))
        .otherwise(pl.lit("valid"))
    )
    return (
        lf.select(
            "row",
            "line_id",
            "date",
            "kind",
            "amount",
            status.alias("status"),
            code.alias("violation"),
            pl.lit(R.ACT).alias("act"),
            clause.alias("clause"),
            *messages,
        )
        .sort("row")
        .collect()
    )


def check_ledger_file(path: Path, allow_empty: bool = False) -> pl.DataFrame:
    """`check_ledger(read_ledger(path))`; a ledger without lines is refused unless `allow_empty`."""
    return check_ledger(read_ledger(path, allow_empty))


def write_result(result: pl.DataFrame, out: Path) -> None:
    """The checked lines as CSV (formula-safe) or Parquet by the suffix, whole or not at all (kepil.files)."""
    out = Path(out)
    if out.suffix.lower() not in (".csv", ".parquet"):
        raise InvalidInput(str(out), OUTPUT_SUFFIX)
    write_table(result, out)


def summary(result: pl.DataFrame) -> pl.DataFrame:
    """Lines per status, violation and clause."""
    return (
        result.group_by("status", "violation", "clause")
        .agg(pl.len().alias("lines"), pl.col("amount").sum().alias("amount"))
        .sort("status", "clause", "violation", nulls_last=True)
    )


def repeal_day() -> dt.date | None:
    """The first day the act is no longer in force (the repealing order's entry into force)."""
    r = acts.act(R.ACT).repealed_by
    return r.effective if r else None
