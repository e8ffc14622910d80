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
import os
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
# valid: every rule that applies was checked and holds; incomplete: none broken, but the ledger does not let
# some be checked (`unchecked` names them); reconciliation: the Fund paid less than the tariff sum (9).
STATUSES: tuple[str, ...] = ("valid", "incomplete", "reconciliation", "violation", "not_in_force")

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
        Column("contract_ref", "string", required=False, nullable=True),  # 3
        Column("gvfmc_cshi", "bool", required=False, nullable=True),  # 14, preamble
        Column("basis_ref", "string", required=False, nullable=True),  # 14.1, 14.2, 14.6, 14.7
        Column("item_kind", "string", required=False, nullable=True),  # 14.5
        Column(
            "item", "string", required=False, nullable=True
        ),  # 14.1: checked against the distributor's list
        Column("procurement_method", "string", required=False, nullable=True),  # 14, last part
    ),
)

# The register of procurement contracts (`--procurements`): what a purchase line's reference must match.
PROCUREMENTS = Table(
    "procurements",
    "procurement_ref",
    (
        Column("procurement_ref", "string", unique=True),
        Column("contract_date", "date"),
        Column("amount", "money"),
        Column("method", "string", required=False, nullable=True),
    ),
)
# 14.1: the single distributor's list for the year (`distributor_list.csv` in KEPIL_REFERENCE_DIR).
DISTRIBUTOR_LIST = Table(
    "distributor_list",
    "name",
    (Column("name", "string"), Column("year", "string")),
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
_NOT_YEAR = Text(
    "жыл төрт цифрмен жазылмаған (мысалы 2024)",
    "год не записан четырьмя цифрами (например 2024)",
    "the year is not written as four digits (e.g. 2024)",
)
_CONTRACT = Text(
    "кіріс Қормен жасалған сатып алу шартына сілтемесіз (contract_ref жоқ; 3-тармақ)",
    "поступление без договора закупа с Фондом (нет contract_ref; пункт 3)",
    "income without a purchase contract with the Fund (no contract_ref; paragraph 3)",
)
_CARE_LINK = Text(
    "шығыс ТМККК және МӘМС шеңберінде медициналық көмек көрсетуге байланысты емес (14-тармақ, кіріспе)",
    "расход не связан с оказанием медицинской помощи в рамках ГОБМП и ОСМС (пункт 14, вводная часть)",
    "the spending is not connected with medical care within the GVFMC and CSHI (paragraph 14, preamble)",
)
_BASIS = Text(
    "шығыс негіздеме құжатына сілтемесіз (basis_ref жоқ; {}-тармақша)",
    "расход без документа-основания (нет basis_ref; подпункт {})",
    "spending without the document it must rest on (no basis_ref; subparagraph {})",
)
_ITEM_KIND = Text(
    "«{}» — 14.5-тармақшада аталған шығыс түрі емес",
    "«{}» — не вид расходов, названный в подпункте 14.5",
    "`{}` is not a kind of cost subparagraph 14.5 names",
)
_DISTRIBUTOR = Text(
    "«{}» бірыңғай дистрибьютордың осы жылғы тізімінде жоқ (14.1)",
    "«{}» нет в списке единого дистрибьютора на этот год (14.1)",
    "`{}` is not on the single distributor's list for the year (14.1)",
)
_METHOD = Text(
    "«{}» — мемлекеттік сатып алу тәсілі емес (14-тармақтың соңғы бөлігі)",
    "«{}» — не способ государственных закупок (пункт 14, последняя часть)",
    "`{}` is not a method of public procurement (paragraph 14, last part)",
)
_NOT_FOUND = Text(
    "«{}» сатып алу шарттарының тізілімінде жоқ (14-тармақтың соңғы бөлігі)",
    "«{}» нет в реестре договоров закупок (пункт 14, последняя часть)",
    "`{}` is not in the register of procurement contracts (paragraph 14, last part)",
)
_BEFORE_CONTRACT = Text(
    "шығыс сатып алу шартының күнінен ({}) бұрын (14-тармақтың соңғы бөлігі)",
    "расход раньше даты договора закупки ({}) (пункт 14, последняя часть)",
    "spent before the procurement contract's date ({}) (paragraph 14, last part)",
)
_OVER_CONTRACT = Text(
    "осы сатып алу бойынша шығыстар шарт сомасынан ({} тиын) асады (14-тармақтың соңғы бөлігі)",
    "расходы по этой закупке превышают сумму договора ({} тиын) (пункт 14, последняя часть)",
    "the spending under this procurement exceeds the contract's amount ({} tiyn) (paragraph 14, last part)",
)
_BELOW_TARIFF = Text(
    "Қор тарифтер бойынша сомадан {} тиын кем төледі: салыстыру тармағы (Ақы төлеу қағидалары шегерімдерге"
    " жол береді), мекеменің бұзушылығы емес (9-тармақ)",
    "Фонд оплатил на {} тиын меньше суммы по тарифам: предмет сверки (Правила оплаты допускают удержания),"
    " не нарушение учреждения (пункт 9)",
    "the Fund paid {} tiyn less than the sum at the tariffs: a reconciliation item (the Payment Rules allow"
    " deductions), not the institution's violation (paragraph 9)",
)
_INCOMPLETE = Text(
    "бұзушылық табылмады, бірақ кітапта деректер жоқ, тексерілмеген тармақтар: {}",
    "нарушений не найдено, но книга не позволяет проверить пункты: {}",
    "no violation found, but the ledger does not let these be checked: {}",
)
OUTPUT_SUFFIX = Text(
    "шығыс файлы .csv немесе .parquet болуы керек",
    "выходной файл должен быть .csv или .parquet",
    "the output file must be .csv or .parquet",
)
_VALID = Text(
    "3, 5, 9 және 14-тармақтарға сәйкес",
    "соответствует пунктам 3, 5, 9 и 14",
    "complies with paragraphs 3, 5, 9 and 14",
)


def read_table(table: Table, path: Path, allow_empty: bool = False) -> tuple[pl.DataFrame, frozenset[str]]:
    """A validated file of `table`, normalised (dates, int64 tiyn, booleans), with `row` (1-based data row),
    and the names of the columns the file has. Raises InputFileError (file, row, column; kk/ru/en)."""
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="kepil-mvd-") as tmp:
        stage = Path(tmp) / f"{table.name}.text.parquet"  # a directory of its own: no unique name needed
        lf, plan, _ = validate_file(table, path, stage, lambda _msg: None, allow_empty)
        cols = [
            plan.norm[c.name] if c.name in plan.norm else pl.lit(None, TARGET[c.type]).alias(c.name)
            for c in table.columns
        ]
        try:
            df = lf.with_row_index("row", offset=1).select(pl.col("row").cast(pl.Int64), *cols).collect()
        except pl.exceptions.PolarsError as e:  # pragma: no cover - validate_file has read the file already
            message = Text(str(e), str(e), str(e))
            raise InputFileError(problem(str(path), None, None, message)) from None
        return df, frozenset(plan.norm)


def read_ledger(path: Path, allow_empty: bool = False) -> pl.DataFrame:
    """The validated ledger, normalised (dates, int64 tiyn, booleans), with `row` (1-based data row).

    Raises InputFileError (file, row, column; kk/ru/en) for the first problem of the file."""
    return read_table(LEDGER, path, allow_empty)[0]


def distributor_list(folder: Path | None = None) -> pl.DataFrame | None:
    """14.1: the single distributor's list (`distributor_list.csv`/`.parquet`: name, year) in `folder`
    (default KEPIL_REFERENCE_DIR), validated; None when there is none."""
    if folder is None:
        env = os.environ.get("KEPIL_REFERENCE_DIR")
        if not env:
            return None
        folder = Path(env)
    for suffix in (".csv", ".parquet"):
        path = folder / f"distributor_list{suffix}"
        if path.is_file():
            df = read_table(DISTRIBUTOR_LIST, path)[0]
            bad = df.filter(~pl.col("year").str.strip_chars().str.contains(r"^\d{4}$"))
            if bad.height:
                raise InputFileError(problem(str(path), int(bad["row"][0]), "year", _NOT_YEAR))
            return df
    return None


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


def _procurement_facts(
    lf: pl.LazyFrame, purchase: pl.Expr, ref: pl.Expr, procurements: pl.DataFrame
) -> pl.LazyFrame:
    """`lf` with, per line, the register's contract of its `procurement_ref` (`__contract_date`,
    `__contract_amount`, `__found`) and the sum of the purchase lines under that reference (`__spent`)."""
    register = procurements.lazy().select(
        pl.col("procurement_ref").str.strip_chars().alias("__ref"),
        pl.col("contract_date").alias("__contract_date"),
        pl.col("amount").alias("__contract_amount"),
        pl.lit(True).alias("__found"),
    )
    spent = (
        lf.filter(purchase & ref.is_not_null())
        .group_by(ref.alias("__ref"))
        .agg(pl.col("amount").sum().alias("__spent"))
    )
    return (
        lf.with_columns(ref.alias("__ref"))
        .join(register, on="__ref", how="left", maintain_order="left")
        .join(spent, on="__ref", how="left", maintain_order="left")
        .with_columns(pl.col("__found").fill_null(False))
    )


def check_ledger(
    ledger: pl.DataFrame,
    present: frozenset[str] | None = None,
    procurements: pl.DataFrame | None = None,
    distributor: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Every line of `read_ledger`'s frame with `status`, `violation`, `act`, `clause`, `unchecked`,
    `message_kk/ru/en`.

    `present`: the columns the ledger file has (None: all); a rule whose column the ledger lacks is not
    checked and is named in `unchecked` (the line is `incomplete`, never `valid`). `procurements`: the
    register of procurement contracts (`PROCUREMENTS`; None: only the reference and the method are checked,
    and "14 (procurement register)" is unchecked). `distributor`: the single distributor's list for 14.1
    (`DISTRIBUTOR_LIST`; None: unchecked)."""
    has = (lambda name: True) if present is None else (lambda name: name in present)
    act = acts.act(R.ACT)
    date = pl.col("date")
    outside = (date < act.text_from) | (date > act.end) if act.end is not None else date < act.text_from
    out_dates = ledger.filter(outside).get_column("date").unique().sort()
    reasons = _reasons(out_dates)
    lf = ledger.lazy().join(reasons.lazy(), on="date", how="left", maintain_order="left")

    income, expense = pl.col("kind") == "income", pl.col("kind") == "expense"
    purpose = pl.col("purpose")
    purchase = pl.col("purchase").fill_null(purpose.is_in(list(R.PURCHASE_PURPOSES)))

    def blank(name: str) -> pl.Expr:
        return pl.col(name).is_null() | (pl.col(name).str.strip_chars() == "")

    ref = pl.when(~blank("procurement_ref")).then(pl.col("procurement_ref").str.strip_chars())
    if procurements is not None:
        lf = _procurement_facts(lf, expense & purchase, ref, procurements)
    if distributor is not None:
        listed = (
            distributor.lazy()
            .select(
                pl.col("name").str.strip_chars().str.to_lowercase().alias("__item"),
                pl.col("year").str.strip_chars().alias("__year"),
                pl.lit(True).alias("__listed"),
            )
            .unique()
        )
        lf = lf.with_columns(
            pl.col("item").str.strip_chars().str.to_lowercase().alias("__item"),
            date.dt.year().cast(pl.Utf8).alias("__year"),
        ).join(listed, on=["__item", "__year"], how="left", maintain_order="left")

    needs_basis = expense & purpose.is_in([c.purpose for c in R.PURPOSE_CONDITIONS])
    basis_clause = purpose.replace_strict(
        {c.purpose: c.clause for c in R.PURPOSE_CONDITIONS}, default=None, return_dtype=pl.Utf8
    )
    other_costs = expense & (purpose == "other_costs")
    medicines = expense & (purpose == "medicines")
    # (code, clause, the line breaks it, message parts), in the order of the clauses.
    checks: list[tuple[str, pl.Expr | str, pl.Expr, dict[str, pl.Expr]]] = []
    if has("contract_ref"):
        checks.append(("no_purchase_contract", "3", income & blank("contract_ref"), _filled(_CONTRACT, None)))
    checks += [
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
            income & (pl.col("tariff_amount").is_null() | (pl.col("amount") > pl.col("tariff_amount"))),
            _filled(_TARIFF, pl.col("tariff_amount")),
        ),
        (
            "not_gvfmc_cshi_care",
            R.CARE_LINK_CLAUSE,
            expense & (pl.col("gvfmc_cshi") == False),  # noqa: E712 - null (unknown) is not false
            _filled(_CARE_LINK, None),
        ),
        (
            "purpose_not_allowed",
            "14",
            expense & ~purpose.is_in(list(R.PURPOSE_CODES)).fill_null(False),
            _filled(_PURPOSE, purpose),
        ),
    ]
    if has("basis_ref"):
        checks.append(
            ("no_basis", basis_clause, needs_basis & blank("basis_ref"), _filled(_BASIS, basis_clause))
        )
    if has("item_kind"):
        checks.append(
            (
                "item_not_listed",
                "14.5",
                other_costs & ~pl.col("item_kind").is_in(list(R.OTHER_COST_ITEMS)).fill_null(False),
                _filled(_ITEM_KIND, pl.col("item_kind")),
            )
        )
    if distributor is not None:
        checks.append(
            (
                "not_on_distributor_list",
                "14.1",
                medicines & ~blank("item") & pl.col("__listed").is_null(),
                _filled(_DISTRIBUTOR, pl.col("item")),
            )
        )
    procured = expense & purchase
    checks.append(
        (
            "not_procured",
            R.PROCUREMENT_CLAUSE,
            procured & blank("procurement_ref"),
            _filled(_PROCUREMENT, None),
        )
    )
    if has("procurement_method"):
        checks.append(
            (
                "procurement_method_unknown",
                R.PROCUREMENT_CLAUSE,
                procured & ~pl.col("procurement_method").is_in(list(R.PROCUREMENT_METHODS)).fill_null(False),
                _filled(_METHOD, pl.col("procurement_method")),
            )
        )
    if procurements is not None:
        with_ref = procured & ref.is_not_null()
        checks += [
            (
                "procurement_not_found",
                R.PROCUREMENT_CLAUSE,
                with_ref & ~pl.col("__found"),
                _filled(_NOT_FOUND, ref),
            ),
            (
                "before_contract",
                R.PROCUREMENT_CLAUSE,
                with_ref & pl.col("__found") & (date < pl.col("__contract_date")),
                _filled(_BEFORE_CONTRACT, pl.col("__contract_date")),
            ),
            (
                "over_contract",
                R.PROCUREMENT_CLAUSE,
                with_ref & pl.col("__found") & (pl.col("__spent") > pl.col("__contract_amount")),
                _filled(_OVER_CONTRACT, pl.col("__contract_amount")),
            ),
        ]
    # 9 (reading): the Fund paying less than the tariff sum is a reconciliation item, not a violation.
    below = income & (pl.col("amount") < pl.col("tariff_amount")).fill_null(False)
    # The rules the ledger does not let be checked, per line (each a clause).
    gaps: list[tuple[pl.Expr, str]] = [
        (income, "3") if not has("contract_ref") else (pl.lit(False), ""),
        (expense & pl.col("gvfmc_cshi").is_null(), "14"),
        (needs_basis, "14.x") if not has("basis_ref") else (pl.lit(False), ""),
        (other_costs, "14.5") if not has("item_kind") else (pl.lit(False), ""),
        (medicines, "14.1") if distributor is None else (medicines & blank("item"), "14.1"),
        (procured, "14 (procurement register)") if procurements is None else (pl.lit(False), ""),
        (procured, "14 (procurement method)") if not has("procurement_method") else (pl.lit(False), ""),
    ]
    parts = [
        pl.when(bad.fill_null(False)).then(basis_clause if label == "14.x" else pl.lit(label))
        for bad, label in gaps
        if label
    ]
    unchecked = pl.concat_list(parts).list.drop_nulls().list.join("; ")
    unchecked = pl.when(unchecked == "").then(None).otherwise(unchecked)
    not_in_force = pl.col("reason_en").is_not_null()
    valid_clause = pl.lit(None, pl.Utf8)

    def chain(pick: str | None, lang: str | None, otherwise: pl.Expr) -> pl.Expr:
        expr: pl.Expr | None = None
        for code, clause, bad, msg in reversed(checks):
            clause_expr = pl.lit(clause) if isinstance(clause, str) else clause
            value = pl.lit(code) if pick == "code" else clause_expr if pick == "clause" else msg[lang or ""]
            expr = (
                pl.when(bad.fill_null(False)).then(value).otherwise(expr if expr is not None else otherwise)
            )
        assert expr is not None
        return expr

    reconcile_code = pl.when(below).then(pl.lit("paid_below_tariff")).otherwise(valid_clause)
    reconcile_clause = pl.when(below).then(pl.lit(R.PAYER_CLAUSE)).otherwise(valid_clause)
    clause = (
        pl.when(not_in_force).then(pl.lit(None, pl.Utf8)).otherwise(chain("clause", None, reconcile_clause))
    )
    code = (
        pl.when(not_in_force).then(pl.lit("law_not_in_force")).otherwise(chain("code", None, reconcile_code))
    )
    below_text = _filled(_BELOW_TARIFF, pl.col("tariff_amount") - pl.col("amount"))
    incomplete_text = _filled(_INCOMPLETE, pl.col("__unchecked"))
    messages = [
        pl.when(not_in_force)
        .then(pl.col(f"reason_{lang}"))
        .otherwise(
            chain(
                None,
                lang,
                pl.when(below)
                .then(below_text[lang])
                .when(pl.col("__unchecked").is_not_null())
                .then(incomplete_text[lang])
                .otherwise(pl.lit(_VALID[lang])),
            )
        )
        .alias(f"message_{lang}")
        for lang in LANGS
    ]
    status = (
        pl.when(not_in_force)
        .then(pl.lit("not_in_force"))
        .when(code == "paid_below_tariff")
        .then(pl.lit("reconciliation"))
        .when(code.is_not_null())
        .then(pl.lit("violation"))
        .when(pl.col("__unchecked").is_not_null())
        .then(pl.lit("incomplete"))
        .otherwise(pl.lit("valid"))
    )
    return (
        lf.with_columns(pl.when(~not_in_force).then(unchecked).alias("__unchecked"))
        .select(
            "row",
            "line_id",
            "date",
            "kind",
            "amount",
            status.alias("status"),
            code.alias("violation"),
            pl.lit(R.ACT).alias("act"),
            clause.alias("clause"),
            pl.col("__unchecked").alias("unchecked"),
            *messages,
        )
        .sort("row")
        .collect()
    )


def check_ledger_file(
    path: Path, allow_empty: bool = False, procurements: Path | None = None, reference: Path | None = None
) -> pl.DataFrame:
    """`check_ledger` of the ledger file, with the register of procurements `procurements` (a file) and the
    distributor's list of `reference` (default KEPIL_REFERENCE_DIR); a ledger without lines is refused
    unless `allow_empty`. Every file is validated before anything is checked."""
    ledger, present = read_table(LEDGER, path, allow_empty)
    register = read_table(PROCUREMENTS, procurements)[0] if procurements is not None else None
    return check_ledger(ledger, present, register, distributor_list(reference))


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
