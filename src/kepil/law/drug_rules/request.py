"""The Fund's three-year budget request from the personalised need (drug-rules 18, 12).

drug-rules 18: the Fund forms, from the personalised need of the Republic, the budget request for a
three-year period by region, showing nosologies, medicine names and the number of patients, and sends it
to the authorised body not later than 15 April of the current financial year. drug-rules 12: the local
health authorities agree the region's personalised need by 20 March of the current financial year. Dates
after these deadlines are warnings (the request is still formed). The deadlines are read from
kepil.law.parameters (`personalised_need_agreement_deadline`, `budget_request_deadline`).

Quantities are int64 thousandths of the row's `dose_unit` (see need.py); sums are exact.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from kepil.i18n import Text
from kepil.law.drug_rules import formulary as F
from kepil.law.drug_rules.need import (
    BASIS_20,
    BASIS_32_NOT_COMPUTED,
    ITEM_TYPES,
    MEDICINE,
    NEED_BASES,
    Col,
    TableSpec,
    read_table,
)
from kepil.law.parameters import value

# The need file: the output of `kepil medicines need` (or any file with these columns).
NEED = TableSpec(
    "need",
    (
        Col("patient_id", "text"),
        Col("region", "region"),
        Col("icd10", "icd10"),
        Col("inn", "text"),
        Col("dosage_form", "text", required=False),
        Col("dose_unit", "text"),
        Col("annual_need", "quantity"),
        Col("narcotic_psychotropic", "bool", required=False, default=False),
        Col("agreed_on", "date", required=False),
        Col("item_type", "enum", required=False, default=MEDICINE, values=ITEM_TYPES),  # 11, 18
        Col("trade_name", "text", required=False),  # 26: kept through the request
        Col("need_basis", "enum", required=False, values=NEED_BASES),  # 22
        Col("formulary", "enum", required=False, default=F.NOT_CHECKED, values=F.CODES),  # app. 1, 22
    ),
)
# drug-rules 18: region, nosology, the item (type, INN or a device's characteristics, form, unit; the trade
# name of 26 when one was prescribed), and what the figure is (22) and the formulary check (app. 1, 22).
KEYS = ["region", "icd10", "item_type", "inn", "dosage_form", "dose_unit", "trade_name",
        "narcotic_psychotropic", "need_basis", "formulary"]  # fmt: skip

AGREED_LATE = Text(
    "{region}: дербестендірілген қажеттілік {last} келісілген ({rows} жол), {deadline} мерзімнен кейін"
    " (drug-rules 12)",
    "{region}: персонифицированная потребность согласована {last} ({rows} "
    "{rows|строка|строки|строк}), позже срока {deadline}"
    " (drug-rules 12)",
    "{region}: the personalised need was agreed on {last} ({rows} {rows|row|rows}), after the "
    "deadline {deadline}"
    " (drug-rules 12)",
)
SENT_LATE = Text(
    "бюджеттік өтінім {sent} күні, {deadline} мерзімнен кейін жіберіледі (drug-rules 18)",
    "бюджетная заявка направляется {sent}, позже срока {deadline} (drug-rules 18)",
    "the budget request is dated {sent}, after the deadline {deadline} (drug-rules 18)",
)


@dataclass(frozen=True, slots=True)
class DeadlineWarning:
    clause: str  # "drug-rules 12" or "drug-rules 18"
    region: str | None
    text: Text
    # the figures `text` was made of (AGREED_LATE: region, last, rows, deadline; SENT_LATE: sent, deadline;
    # dates ISO, the region its code), so a page can word them again (region names, DD.MM.YYYY)
    values: dict[str, str] = field(default_factory=dict)


def load_need(path: Path, allow_empty: bool = False) -> pl.DataFrame:
    """The need file validated (`NEED`); raises InputFileError with file, row and column (a file without
    rows too, unless `allow_empty`). A line without `need_basis` is clause 20's need, or, for a
    narcotic/psychotropic line, not computed (drug-rules 22)."""
    df = read_table(path, NEED, allow_empty=allow_empty)
    return df.with_columns(
        pl.col("need_basis").fill_null(
            pl.when(pl.col("narcotic_psychotropic"))
            .then(pl.lit(BASIS_32_NOT_COMPUTED))
            .otherwise(pl.lit(BASIS_20))
        )
    )


def computed() -> pl.Expr:
    """The lines whose figure is a need kepil computed (not a narcotic line left to order No. 32)."""
    return pl.col("need_basis") != BASIS_32_NOT_COMPUTED


def _deadline(name: str, year: int, on: dt.date) -> dt.date:
    """The deadline's day in `year`, as the parameter in force on `on` gives it (LawNotInForce outside the
    dates of the text kepil holds). Reading: the rule is read on the day the request is dated."""
    month, day = str(value(name, on)).split("-")
    return dt.date(year, int(month), int(day))


def agreement_deadline(year: int, on: dt.date) -> dt.date:
    """drug-rules 12: 20 March of the financial year."""
    return _deadline("personalised_need_agreement_deadline", year, on)


def request_deadline(year: int, on: dt.date) -> dt.date:
    """drug-rules 18: 15 April of the financial year."""
    return _deadline("budget_request_deadline", year, on)


def budget_request(need: pl.LazyFrame, year: int) -> pl.LazyFrame:
    """drug-rules 18: one row per region × nosology (ICD-10) × medicine (INN, dosage form, unit) ×
    narcotic/psychotropic flag (drug-rules 22), with the number of distinct patients and the need for each
    year of the three-year period year+1..year+3.

    Reading (18): the act asks for a request "for a three-year period" formed in the current financial
    year and gives no growth rule; the period is the three years after `year` (the budget's planning
    period), and each year carries the personalised annual need as formed (no forecast is invented).
    Drug-rules 22: a narcotic/psychotropic row whose need was not computed under order No. 32 keeps
    clause 20's product in `annual_need` (labelled by `need_basis`) and has no figure for the years.
    """
    agg = need.group_by(KEYS).agg(
        pl.col("patient_id").n_unique().alias("patients"),
        pl.col("annual_need").sum().alias("annual_need"),
    )
    years = [pl.when(computed()).then(pl.col("annual_need")).alias(name) for name in request_years(year)]
    return agg.with_columns(years).sort(KEYS, nulls_last=True)


def request_years(year: int) -> list[str]:
    """The request's columns: the three years of the planning period after `year`."""
    return [f"need_{year + k}" for k in (1, 2, 3)]


def deadline_warnings(need: pl.LazyFrame, year: int, sent_on: dt.date) -> list[DeadlineWarning]:
    """Warnings of drug-rules 12 (rows agreed after 20 March, one per region) and 18 (the request dated
    after 15 April).

    Reading (12, 18): "by 20 March" and "not later than 15 April" include the day itself; the days are
    calendar days and are not moved off weekends or holidays (the act does not say so), so a need agreed
    on 21 March — Nauryz — is late. Rows without `agreed_on` are not judged (their date is unknown).
    """
    agreed_by = agreement_deadline(year, sent_on)
    late = (
        need.filter(pl.col("agreed_on") > agreed_by)
        .group_by("region")
        .agg(pl.col("agreed_on").max().alias("last"), pl.len().alias("rows"))
        .sort("region")
        .collect()
    )
    out = []
    for r in late.iter_rows(named=True):  # one row per late region (at most 20), not per prescription
        values = {"region": r["region"], "last": r["last"].isoformat(), "rows": str(r["rows"]),
                  "deadline": agreed_by.isoformat()}  # fmt: skip
        out.append(DeadlineWarning("drug-rules 12", r["region"], AGREED_LATE.format(**values), values))
    sent_by = request_deadline(year, sent_on)
    if sent_on > sent_by:
        values = {"sent": sent_on.isoformat(), "deadline": sent_by.isoformat()}
        out.append(DeadlineWarning("drug-rules 18", None, SENT_LATE.format(**values), values))
    return out
