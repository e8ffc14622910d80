"""Registration and the national formulary (drug-rules, app. 1 — the Rules of provision — clause 22 as
worded by order No. 19 of 2025), checked on each line of need against lists given as files.

Clause 22:
- first part: the local representative bodies, on the proposal of the local health authorities, decide on
  providing certain categories of citizens with certain diseases with medicines, medical-purpose items and
  specialised therapeutic products *not included in the list* (free and preferential outpatient provision);
- second part: in giving the GVFMC, health subjects use medicines, medical devices and special therapeutic
  products *registered in the Republic of Kazakhstan*; medicines *must be included in the Kazakhstan
  National Drug Formulary*;
- third part: medicines not registered and not in the formulary, and unregistered medical devices, are
  allowed for *a specific patient's vital indications* or for a limited contingent of patients with
  *rare (orphan) diseases*, under order ҚР ДСМ-280/2020.

The lists (the State register of medicines and medical devices, the formulary of order ҚР ДСМ-41, the
local decisions) are not in the seeds. They are read from the folder named by KEPIL_REFERENCE_DIR, each
validated like every input (file, row, column; kk/ru/en):

- `medicine_register.csv` (or `.parquet`): `name`; optional `item_type`, `dosage_form` — registered in RK;
- `national_formulary.csv`: `inn`; optional `dosage_form` — in the national formulary;
- `local_decisions.csv`: `region`, `inn`, `decision`; optional `decided_on` — 22, first part.

Names are compared trimmed and case-insensitively; a blank `dosage_form` (or `item_type`) in a list row
matches every form. A list that is not given decides nothing: the line is `not_checked`, never lawful.

`formulary` (the code of each line):
- `exception_vital_indications`, `exception_orphan`: the line claims the third part (vital indications,
  orphan disease) — a medicine or a device (the third part does not name special therapeutic products);
  the permission under ҚР ДСМ-280/2020 is not checked;
- `not_checked`: the register is not given, or for a registered medicine the formulary is not given and
  no local decision covers it;
- `not_registered`: the register is given and the item is not on it (second part);
- `not_in_formulary`: a registered medicine off the formulary with no local decision (second part);
- `local_decision`: a registered medicine off the formulary (or the formulary not given) that a local
  decision of its region covers (first part);
- `registered_in_formulary`: a registered medicine in the formulary;
- `registered`: a registered device or special therapeutic product (the formulary holds medicines only).

Reading (22, first part): the local decision covers items "not included in the list" of outpatient
provision; that list is drawn from the formulary, so a local decision answers the formulary requirement of
the second part, never registration (only the third part lets an unregistered medicine be used).
Reading (the amending order's "22-тармақ алып тасталсын" after the new wording of 22): an amending item
does not give a clause a wording and delete it in the same breath; the deletion is read as striking another
item whose number the published text lost (the new wording of 22 is applied).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from kepil.i18n import Text
from kepil.law.drug_rules.need import DEVICE, ITEM_TYPES, MEDICINE, Col, TableSpec, read_table

REFERENCE_DIR_ENV = "KEPIL_REFERENCE_DIR"

REGISTER = TableSpec(
    "medicine_register",
    (
        Col("name", "text"),
        Col("item_type", "enum", required=False, values=ITEM_TYPES),
        Col("dosage_form", "text", required=False),
    ),
)
FORMULARY = TableSpec("national_formulary", (Col("inn", "text"), Col("dosage_form", "text", required=False)))
LOCAL_DECISIONS = TableSpec(
    "local_decisions",
    (
        Col("region", "region"),
        Col("inn", "text"),
        Col("decision", "text"),
        Col("decided_on", "date", required=False),
    ),
)

VITAL, ORPHAN = "exception_vital_indications", "exception_orphan"
NOT_CHECKED, NOT_REGISTERED, NOT_IN_FORMULARY = "not_checked", "not_registered", "not_in_formulary"
LOCAL, IN_FORMULARY, REGISTERED = "local_decision", "registered_in_formulary", "registered"
CODES: tuple[str, ...] = (VITAL, ORPHAN, NOT_CHECKED, NOT_REGISTERED, NOT_IN_FORMULARY, LOCAL, IN_FORMULARY,
                          REGISTERED)  # fmt: skip
# The codes that the second part forbids (a finding for the reviewer).
FINDINGS: tuple[str, ...] = (NOT_REGISTERED, NOT_IN_FORMULARY)

WORDS: dict[str, Text] = {
    VITAL: Text(
        "нақты пациенттің өмірлік көрсетілімдері (22, үшінші бөлік; ҚР ДСМ-280/2020 рұқсаты тексерілмеген)",
        "жизненные показания конкретного пациента (22, часть третья; разрешение по ҚР ДСМ-280/2020 не"
        " проверено)",
        "a specific patient's vital indications (22, third part; the permission under ҚР ДСМ-280/2020 is not"
        " checked)",
    ),
    ORPHAN: Text(
        "сирек (орфандық) ауру (22, үшінші бөлік; ҚР ДСМ-280/2020 рұқсаты тексерілмеген)",
        "редкое (орфанное) заболевание (22, часть третья; разрешение по ҚР ДСМ-280/2020 не проверено)",
        "a rare (orphan) disease (22, third part; the permission under ҚР ДСМ-280/2020 is not checked)",
    ),
    NOT_CHECKED: Text(
        "тексерілмеген: тізілім немесе формуляр тізімі берілмеген (KEPIL_REFERENCE_DIR)",
        "не проверено: реестр или формуляр не задан (KEPIL_REFERENCE_DIR)",
        "not checked: the register or the formulary list is not given (KEPIL_REFERENCE_DIR)",
    ),
    NOT_REGISTERED: Text(
        "Қазақстан Республикасында тіркелмеген (22, екінші бөлік)",
        "не зарегистрировано в Республике Казахстан (22, часть вторая)",
        "not registered in the Republic of Kazakhstan (22, second part)",
    ),
    NOT_IN_FORMULARY: Text(
        "Қазақстандық ұлттық дәрілік формулярда жоқ (22, екінші бөлік)",
        "не включено в Казахстанский национальный лекарственный формуляр (22, часть вторая)",
        "not in the Kazakhstan National Drug Formulary (22, second part)",
    ),
    LOCAL: Text(
        "жергілікті өкілді органның шешімі (22, бірінші бөлік)",
        "решение местного представительного органа (22, часть первая)",
        "a decision of the local representative body (22, first part)",
    ),
    IN_FORMULARY: Text(
        "тіркелген және формулярда бар (22, екінші бөлік)",
        "зарегистрировано и включено в формуляр (22, часть вторая)",
        "registered and in the formulary (22, second part)",
    ),
    REGISTERED: Text(
        "тіркелген (22, екінші бөлік)",
        "зарегистрировано (22, часть вторая)",
        "registered (22, second part)",
    ),
}


@dataclass(frozen=True, slots=True)
class Lists:
    """The validated lists (None: not given)."""

    register: pl.DataFrame | None = None
    formulary: pl.DataFrame | None = None
    local_decisions: pl.DataFrame | None = None


def _find(folder: Path, name: str) -> Path | None:
    for suffix in (".csv", ".parquet"):
        path = folder / f"{name}{suffix}"
        if path.is_file():
            return path
    return None


def reference_lists(folder: Path | None = None) -> Lists:
    """The lists found in `folder` (default KEPIL_REFERENCE_DIR; none when unset), validated; a bad list
    raises InputFileError naming its file, row and column."""
    if folder is None:
        env = os.environ.get(REFERENCE_DIR_ENV)
        if not env:
            return Lists()
        folder = Path(env)
    found = {spec.name: _find(folder, spec.name) for spec in (REGISTER, FORMULARY, LOCAL_DECISIONS)}
    read = {
        spec.name: read_table(path, spec)
        for spec in (REGISTER, FORMULARY, LOCAL_DECISIONS)
        if (path := found[spec.name]) is not None
    }
    return Lists(read.get(REGISTER.name), read.get(FORMULARY.name), read.get(LOCAL_DECISIONS.name))


def _key(column: str) -> pl.Expr:
    return pl.col(column).str.strip_chars().str.to_lowercase()


def _matched(rows: pl.LazyFrame, lst: pl.DataFrame, name: str, on_type: bool, flag: str) -> pl.LazyFrame:
    """`rows` (with `__i`) with boolean `flag`: some list row has the line's name and (when given) its
    dosage form and item type."""
    target = lst.lazy().select(
        _key(name).alias("__k"),
        _key("dosage_form").alias("__f")
        if "dosage_form" in lst.columns
        else pl.lit(None, pl.Utf8).alias("__f"),
        pl.col("item_type").alias("__t") if on_type else pl.lit(None, pl.Utf8).alias("__t"),
    )
    hits = (
        rows.select("__i", _key("inn").alias("__k"), _key("dosage_form").alias("__rf"), "item_type")
        .join(target, on="__k", how="inner")
        .filter(
            (pl.col("__f").is_null() | (pl.col("__f") == pl.col("__rf")))
            & (pl.col("__t").is_null() | (pl.col("__t") == pl.col("item_type")))
        )
        .select("__i")
        .unique()
        .with_columns(pl.lit(True).alias(flag))
    )
    return rows.join(hits, on="__i", how="left").with_columns(pl.col(flag).fill_null(False))


def check(lf: pl.LazyFrame, lists: Lists) -> pl.LazyFrame:
    """`lf` (validated need lines: item_type, region, inn, dosage_form, vital_indications, orphan) with the
    code `formulary` of each line (the table of the module's doc)."""
    item = pl.col("item_type")
    exception = item.is_in([MEDICINE, DEVICE])
    status: Any = (
        pl.when(exception & pl.col("vital_indications"))
        .then(pl.lit(VITAL))
        .when(exception & pl.col("orphan"))
        .then(pl.lit(ORPHAN))
    )
    if lists.register is None:
        return lf.with_columns(status.otherwise(pl.lit(NOT_CHECKED)).alias("formulary"))
    rows = lf.with_row_index("__i")
    rows = _matched(rows, lists.register, "name", True, "__reg")
    if lists.formulary is not None:
        rows = _matched(rows, lists.formulary, "inn", False, "__kndf")
        kndf: pl.Expr = pl.col("__kndf")
    else:
        kndf = pl.lit(None, pl.Boolean)
    if lists.local_decisions is not None:
        local = lists.local_decisions.lazy().select("region", _key("inn").alias("__k")).unique()
        rows = rows.join(
            local.with_columns(pl.lit(True).alias("__local")),
            left_on=["region", _key("inn")],
            right_on=["region", "__k"],
            how="left",
        ).with_columns(pl.col("__local").fill_null(False))
        local_hit: pl.Expr = pl.col("__local")
    else:
        local_hit = pl.lit(False)
    status = (
        status.when(~pl.col("__reg"))
        .then(pl.lit(NOT_REGISTERED))
        .when(item != MEDICINE)
        .then(pl.lit(REGISTERED))
        .when(kndf.fill_null(False))
        .then(pl.lit(IN_FORMULARY))
        .when(local_hit)
        .then(pl.lit(LOCAL))
        .when(kndf.is_null())
        .then(pl.lit(NOT_CHECKED))
        .otherwise(pl.lit(NOT_IN_FORMULARY))
    )
    drop = [c for c in ("__i", "__reg", "__kndf", "__local") if c in rows.collect_schema().names()]
    return rows.with_columns(status.alias("formulary")).sort("__i").drop(drop)
