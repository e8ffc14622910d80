"""Coverage decisions for a whole table at once: the same rule book as `decide`, set-based on Polars.

Rows whose values fail the fast, strict vectorised checks (or fall outside the law's dates) are decided by
the single path, so that every error object is exactly the one a single request gets; the valid rows —
nearly all of a real batch — never leave the columnar path.
"""

from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass
from functools import cache
from typing import Any

import polars as pl

from kepil.coverage import columns as C
from kepil.coverage.decision import PROGRAM, check_lang, date_not_in_force, decide, explanation
from kepil.coverage.facts import (
    CHILD_CATEGORY_RESIDENCIES,
    CUSTODY_CATEGORY,
    EAEU_WORKER_PURPOSE,
    GIVEN_LIST_FACTS,
    LIST_FACTS,
    NEWBORN_DAYS,
    NO_STAY_PURPOSE,
    UNKNOWABLE,
    UNKNOWN_VALUES,
)
from kepil.coverage.model import FIELD_BY_PATH, ID_MAX
from kepil.coverage.request import (
    CATEGORY_CUSTODIES,
    EAEU_WORKER_NOT,
    FORMS,
    KINDS,
    KINDS_OF_FIELD,
    KINDS_WITHOUT_FORM,
    POLICIES,
    RESIDENCIES,
    SEXES,
    STATE_PAID_CATEGORIES,
    STAY_PURPOSES,
    WOMEN_ONLY,
)
from kepil.coverage.rulebook import rulebook
from kepil.coverage.vocabulary import ACTIVITY_KINDS
from kepil.engine.batch import RULE, UNKNOWN, Stages, evaluate, plan, staged
from kepil.engine.rules import REQUIREMENTS, RuleBook
from kepil.errors import InvalidInput
from kepil.law import acts
from kepil.law.program_2026_2028.coverage.icd_groups import ICD_GROUPS, group_ranges
from kepil.reference import disease_lists
from kepil.reference.icd10 import check_icd10


def _iin_table(iins: pl.Series) -> pl.DataFrame:
    """(`person.iin`, `__iin_valid`, `__iin_birth`) for each distinct IIN (`_iin_columns` of each)."""
    u = pl.DataFrame({"person.iin": iins.drop_nulls().unique()}, schema={"person.iin": pl.Utf8})
    return u.hstack(_iin_columns(u["person.iin"]))


def _iin_columns(iins: pl.Series) -> pl.DataFrame:
    """(`__iin_valid`, `__iin_birth`) of each IIN (null for a null IIN), as `kepil.reference.iin` decides
    one at a time: by the claims readers' column check (`kepil.claims.columns.iin_birth`, one vectorised
    copy of the rule, on numpy: a fifth of the Polars expressions' cost — issue 17)."""
    from kepil.claims.columns import iin_birth

    valid, days, born = iin_birth(iins)
    given = iins.is_not_null()
    return pl.DataFrame(
        {
            "__iin_valid": pl.Series(valid, dtype=pl.Boolean).set(~given, None),
            "__iin_birth": pl.Series(days, dtype=pl.Int32).cast(pl.Date).set(pl.Series(~born), None),
        }
    )


def _iso_date(col: pl.Expr) -> pl.Expr:
    # Strict: exactly YYYY-MM-DD; anything else goes to the single path, which names the field.
    return pl.when(col.str.contains(r"^\d{4}-\d{2}-\d{2}$")).then(col.str.to_date("%Y-%m-%d", strict=False))


def _iso_dates(dates: pl.Series) -> pl.Series:
    """`_iso_date` of each distinct value once, mapped back to the rows: a batch's requests share a few
    hundred dates, and parsing is a quarter of `validate`'s work (issue 17)."""
    distinct = dates.unique()
    parsed = pl.select(_iso_date(pl.lit(distinct))).to_series()
    return dates.replace_strict(distinct, parsed, default=None, return_dtype=pl.Date)


def _enum(col: pl.Expr, values: tuple[str, ...]) -> pl.Expr:
    return col.is_null() | col.is_in(list(values))


@cache
def _program_interval() -> tuple[dt.date, dt.date | None]:
    a = acts.act(PROGRAM)
    return a.start, a.end


def _icd_map(codes: pl.Series) -> dict[str, str | None]:
    """Each distinct code given → its normalised form, or None when it is not a WHO ICD-10 code."""
    out: dict[str, str | None] = {}
    for code in codes.drop_nulls().unique().to_list():
        try:
            out[code] = check_icd10(code)
        except InvalidInput:
            out[code] = None
    return out


def validate(t: pl.DataFrame) -> pl.DataFrame:
    """Add the parsed columns and `__valid`: the row passes every check of `parse_request`."""
    icd = _icd_map(t["service.icd10"])
    # Per distinct IIN, joined on the IIN column alone (a join of the whole frame gathers every column):
    # a file's chunk repeats its people (250,000 rows, 20,000 IINs: 15 ms against 31 ms row by row).
    iin = t.select("person.iin").join(
        _iin_table(t["person.iin"]), on="person.iin", how="left", nulls_equal=False, maintain_order="left"
    )
    t = t.hstack(iin.select("__iin_valid", "__iin_birth")).with_columns(
        _iso_dates(t["date"]).alias("__date"),
        t["service.icd10"].replace_strict(icd, default=None, return_dtype=pl.Utf8).alias("__icd"),
    )
    return staged(t.lazy(), _validity()).drop("__others", "__icd_ok").collect(engine="in-memory")


# `request.is_child` on columns: the 18th birthday ends it (a 29 February birth's on 28 February)
_UNDER_18 = pl.col("__date") < pl.col("__birth").dt.offset_by("18y")


@cache
def _validity() -> Stages:
    """`validate`'s expressions on the frame with its parsed IIN, date and code: the same every call, built
    once (building them cost about as much as evaluating them on 10,000 rows — issue 17)."""
    start, end = _program_interval()
    given_birth = _iso_date(pl.col("person.birth_date"))
    policies = pl.col("person.policies")
    checks = [
        pl.col(C.TYPE_ERROR).is_null(),
        pl.col("id").is_null() | (pl.col("id").str.len_chars() <= ID_MAX),
        pl.col("__date").is_not_null(),
        pl.col("person.residency").is_in(list(RESIDENCIES)).fill_null(False),
        pl.col("person.iin").is_null() | pl.col("__iin_valid"),
        pl.col("person.birth_date").is_null() | pl.col("__given_birth").is_not_null(),
        (pl.col("__birth") <= pl.col("__date")).fill_null(False),
        _enum(pl.col("person.sex"), SEXES),
        _enum(pl.col("person.state_paid_category"), STATE_PAID_CATEGORIES),
        # `request._contradiction`: `child` (55.1) of a person 18 or older; women's facts of a given male
        pl.col("person.state_paid_category").ne_missing("child") | _UNDER_18,
        pl.col("person.sex").ne_missing("male")
        | ~(
            pl.col("person.pregnant").fill_null(False)
            | pl.col("person.postpartum").fill_null(False)
            | pl.col("person.state_paid_category").is_in(list(WOMEN_ONLY)).fill_null(False)
        ),
        # `request._contradiction`: an EAEU labour migrant who is a citizen or a permanent resident
        ~(
            pl.col("person.eaeu_worker").fill_null(False)
            & pl.col("person.residency").is_in(list(EAEU_WORKER_NOT)).fill_null(False)
        ),
        # `request._contradiction`: a category against pregnancy, residency, custody (55.2, 55.10, 55.8–55.9)
        pl.col("person.state_paid_category").ne_missing("pregnant_unemployed")
        | pl.col("person.pregnant").ne_missing(False),
        pl.col("person.state_paid_category").ne_missing("kandas_unemployed")
        | pl.col("person.residency").eq_missing("kandas"),
        *(
            pl.col("person.state_paid_category").ne_missing(category)
            | pl.col("person.custody").is_null()
            | pl.col("person.custody").is_in(list(held))
            for category, held in CATEGORY_CUSTODIES.items()
        ),
        pl.col("person.stay_purpose").is_null()
        | (
            pl.col("person.stay_purpose").is_in(list(STAY_PURPOSES))
            & (pl.col("person.residency") == "temporary_resident")
        ),
        policies.is_null()
        | (
            policies.list.eval(pl.element().is_in(list(POLICIES))).list.all()
            & (policies.list.n_unique() == policies.list.len())
        ),
        pl.col("service.kind").is_in(list(KINDS)).fill_null(False),
        _enum(pl.col("service.form"), FORMS),
        pl.col("service.form").is_not_null() | pl.col("service.kind").is_in(sorted(KINDS_WITHOUT_FORM)),
        *(
            pl.col(name).is_null() | pl.col(name).is_in(list(FIELD_BY_PATH[name].spec.values))
            for name in C.INTS
        ),
        *(_enum(pl.col(name), FIELD_BY_PATH[name].spec.values) for name in _OTHER_CODES),
        # `parse_request`: values valid for some kinds of care only (`request.kinds_of`).
        pl.col("service.activity").is_null()
        | pl.concat_str(pl.col("service.activity"), pl.col("service.kind"), separator="|").is_in(
            [f"{a}|{k}" for a, kinds in ACTIVITY_KINDS.items() for k in kinds]
        ),
        *(
            pl.col(f"service.{name}").is_null() | pl.col("service.kind").is_in(sorted(kinds))
            for name, kinds in KINDS_OF_FIELD.items()
        ),
    ]
    # Valid as `parse_request` reads it; then `__valid` also inside the Program's term (`law_not_in_force`).
    # `__bad_icd`: valid but for a diagnosis that is not a WHO ICD-10 code (answered once per distinct code).
    others = pl.all_horizontal(checks).fill_null(False)
    icd_ok = pl.col("service.icd10").is_null() | pl.col("__icd").is_not_null()
    in_term = (pl.col("__date") >= start) & (pl.col("__date") <= (end or dt.date.max))
    return (
        (given_birth.alias("__given_birth"),),
        (pl.coalesce("__given_birth", "__iin_birth").alias("__birth"),),  # the birth date parsed once
        (others.alias("__others"), icd_ok.alias("__icd_ok")),
        ((pl.col("__others") & pl.col("__icd_ok")).alias("__parsed"),),
        (
            (pl.col("__parsed") & in_term).fill_null(False).alias("__valid"),
            (pl.col("__others") & ~pl.col("__icd_ok")).fill_null(False).alias("__bad_icd"),
        ),
    )


# The code fields checked by their Spec's values alone (the others have checks of their own above).
_OTHER_CODES = ("person.custody", "service.activity", "service.within_stay_of")


def _listed(list_id: str, versions: tuple[disease_lists.DiseaseList, ...]) -> pl.Expr:
    """The reference list in force on each row's date, as `disease_lists.membership` decides one row: a
    code a partial version does not hold, a date no version covers, a list kepil has none of — null. Reads
    the code's membership of each version of `versions` from its column (`_code_column`)."""
    expr: pl.Expr = pl.lit(None, pl.Boolean)
    for k, version in enumerate(versions):
        if version.id != list_id:
            continue
        in_force = pl.col("date") >= version.effective_from
        if version.effective_to is not None:
            in_force = in_force & (pl.col("date") <= version.effective_to)
        member = pl.col(_code_column(k))
        if version.completeness == disease_lists.PARTIAL:
            member = pl.when(member).then(True)
        expr = pl.when(in_force).then(member).otherwise(expr)
    return pl.when(pl.col("__icd").is_null()).then(None).otherwise(expr)


def _code_column(k: int) -> str:
    """The column of a code's membership of the k-th of `_Coded.versions`, then of the ICD groups."""
    return f"__code{k}"


@dataclass(frozen=True, slots=True)
class _Coded:
    """`facts`' plan for one set of reference lists (`disease_lists.lists()`, which a what-if replaces in
    its own context): built once, not per call — building it cost about as much as evaluating it on
    10,000 rows (issue 17). Each code's membership of every version of a list and of every ICD group is
    decided once (`known`) and joined to the rows by code."""

    versions: tuple[disease_lists.DiseaseList, ...]
    base: tuple[pl.Expr, ...]  # the columns `facts` reads, then the code's membership columns
    stages: Stages  # the facts derived from them
    known: list[pl.DataFrame]  # the one table of every code decided so far

    def table(self, codes: pl.Series) -> pl.DataFrame:
        """(`__icd`, one column per version, then per group) for each of `codes` (and those before)."""
        known = self.known[0]  # read once: another thread may add codes
        new = codes.filter(~codes.is_in(known["__icd"].implode())).to_list()
        if new:
            rows = [self._flags(c) for c in new]
            columns = {_code_column(k): [r[k] for r in rows] for k in range(len(rows[0]))}
            known = pl.concat([known, pl.DataFrame({"__icd": new, **columns}, schema=known.schema)])
            self.known[0] = known
        return known

    def _flags(self, code: str) -> tuple[bool, ...]:
        return (
            *(v.contains(code) for v in self.versions),
            *(group_ranges(g).contains(code) for g in ICD_GROUPS),
        )


_CODED: list[_Coded] = []


def _coded() -> _Coded:
    """The `_Coded` of the reference lists in force in this context (read once: another thread's context
    may hold others)."""
    versions = disease_lists.lists()
    entry = _CODED[0] if _CODED else None
    if (
        entry is not None
        and len(entry.versions) == len(versions)
        and all(map(operator.is_, entry.versions, versions))
    ):
        return entry
    columns = {_code_column(k): pl.Boolean for k in range(len(versions) + len(ICD_GROUPS))}
    entry = _Coded(versions, *_facts_plan(versions), [pl.DataFrame(schema={"__icd": pl.Utf8, **columns})])
    _CODED[:] = [entry]
    return entry


def facts(v: pl.DataFrame) -> pl.DataFrame:
    """The facts of `kepil.coverage.facts.facts_of`, for every valid row (`__valid`) of `validate`'s frame
    at once (only the columns the facts read are gathered for those rows)."""
    coded = _coded()
    valid = v.lazy().filter(pl.col("__valid"))
    codes = valid.select(pl.col("__icd").drop_nulls().unique()).collect()["__icd"]
    joined = valid.join(coded.table(codes).lazy(), on="__icd", how="left", maintain_order="left")
    lf = staged(joined.select(coded.base), coded.stages)
    return lf.drop(_code_column(k) for k in range(len(coded.versions) + len(ICD_GROUPS))).collect(
        engine="in-memory"
    )


def _facts_plan(versions: tuple[disease_lists.DiseaseList, ...]) -> tuple[tuple[pl.Expr, ...], Stages]:
    """`facts`' columns of the valid rows joined to their code's `_Coded.table`, and the stages deriving
    the facts from them."""
    icd = pl.col("__icd")
    b = pl.col("__birth")
    groups = len(versions)  # the first group's column
    base = (
        pl.col(C.ROW),
        pl.col("id"),
        pl.col("__date").alias("date"),
        pl.col("service.kind").alias("kind"),
        pl.col("service.form").alias("form"),
        pl.col("person.residency").alias("residency"),
        # facts.NO_STAY_PURPOSE, facts.EAEU_WORKER_PURPOSE
        pl.when(pl.col("person.residency") != "temporary_resident")
        .then(pl.lit(NO_STAY_PURPOSE))
        .otherwise(
            pl.coalesce(
                pl.col("person.stay_purpose"),
                pl.when(pl.col("person.eaeu_worker").fill_null(False)).then(pl.lit(EAEU_WORKER_PURPOSE)),
            )
        )
        .alias("stay_purpose"),
        _UNDER_18.alias("child"),
        (pl.col("__date") > b.dt.offset_by("65y")).alias("over_65"),
        (pl.col("person.eaeu_worker").fill_null(False) | pl.col("person.eaeu_family").fill_null(False)).alias(
            "eaeu"
        ),
        pl.col("person.insured"),
        pl.col("person.state_paid_category"),
        pl.col("person.pregnant").fill_null(False).alias("pregnant"),
        pl.col("person.postpartum").fill_null(False).alias("postpartum"),
        pl.col("person.policies").list.contains("omi").fill_null(False).alias("omi"),
        pl.col("person.policies").list.contains("vhi").fill_null(False).alias("vhi"),
        pl.col("person.attached").fill_null(False).alias("attached"),
        pl.col("service.referral").fill_null(False).alias("referral"),
        pl.col("service.life_threatening").alias("life_threatening"),
        pl.col("service.socially_significant").alias("__ss_given"),
        pl.col("service.dangerous_to_others").alias("__dangerous_given"),
        pl.col("service.contact_isolation").fill_null(False).alias("contact_isolation"),
        pl.col("service.admission_department").fill_null(False).alias("admission_department"),
        pl.col("service.rehabilitation_stage").cast(pl.Utf8).alias("rehabilitation_stage"),
        pl.col("service.urgency_category").cast(pl.Utf8).alias("urgency_category"),
        (pl.col("__date") < b + pl.duration(days=NEWBORN_DAYS)).alias("newborn"),
        pl.col("person.on_dental_emergency_list").alias("__dental_given"),
        pl.col("person.custody").alias("__custody_given"),
        pl.col("service.screening_target_group").alias("screening_target_group"),
        pl.col("service.first_contact").alias("first_contact"),
        pl.col("service.within_completed_case").fill_null(False).alias("within_completed_case"),
        pl.col("service.activity").alias("activity"),
        pl.col("service.within_stay_of").alias("within_stay_of"),
        *(pl.col(f"service.{f}").alias(f"__{f}_given") for f in GIVEN_LIST_FACTS),
        icd.alias("__icd"),
    )
    category = pl.coalesce(
        pl.col("person.state_paid_category"),
        pl.when(pl.col("child") & pl.col("residency").is_in(sorted(CHILD_CATEGORY_RESIDENCIES))).then(
            pl.lit("child")
        ),
        # facts.CUSTODY_CATEGORY
        pl.col("__custody_given").replace_strict(CUSTODY_CATEGORY, default=None, return_dtype=pl.Utf8),
    )
    category_col = pl.col("state_paid_category")
    pregnant = pl.col("pregnant") | (category_col == "pregnant_unemployed").fill_null(False)
    derived = (
        ((pl.col("person.insured") == True) | category_col.is_not_null())  # noqa: E712
        .fill_null(category_col.is_not_null())
        .alias("cshi"),
        pregnant.alias("pregnant"),
        # facts.dental_emergency: given wins; children and pregnant women are in the categories; else null.
        pl.coalesce(pl.col("__dental_given"), pl.when(pl.col("child") | pregnant).then(True)).alias(
            "on_dental_emergency_list"
        ),
        # facts.custody_of
        pl.coalesce(
            pl.col("__custody_given"),
            pl.when(category_col == "convict")
            .then(pl.lit("penitentiary"))
            .when(category_col == "detainee")
            .then(pl.lit(None, pl.Utf8))
            .otherwise(pl.lit("none")),
        ).alias("custody"),
        *(
            pl.coalesce(pl.col(f"__{f}_given"), _listed(LIST_FACTS[f], versions)).alias(f)
            for f in GIVEN_LIST_FACTS
        ),
        pl.coalesce(pl.col("__ss_given"), _listed(LIST_FACTS["socially_significant"], versions)).alias(
            "socially_significant"
        ),
        pl.coalesce(pl.col("__dangerous_given"), _listed(LIST_FACTS["dangerous_to_others"], versions)).alias(
            "dangerous_to_others"
        ),
        _listed(LIST_FACTS["infectious"], versions).alias("infectious"),
        *(
            pl.when(icd.is_null()).then(None).otherwise(pl.col(_code_column(groups + i))).alias(g)
            for i, g in enumerate(ICD_GROUPS)
        ),
    )
    codes = tuple(pl.col(_code_column(k)) for k in range(groups + len(ICD_GROUPS)))
    return (*base, *codes), ((category.alias("state_paid_category"),), derived)


_UNKNOWN_FIELDS = tuple(dict.fromkeys(UNKNOWABLE.values()))


# (fact, bit of its field, the values it is tried with), for `evaluate`'s unknown-fact variants.
_UNKNOWNS = tuple(
    (fact, 1 << _UNKNOWN_FIELDS.index(field), tuple(UNKNOWN_VALUES.get(fact, (True, False))))
    for fact, field in UNKNOWABLE.items()
)


def _bits(mask: int, names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(name for b, name in enumerate(names) if mask & (1 << b))


_TEXT = pl.Struct({"kk": pl.Categorical, "ru": pl.Categorical, "en": pl.Categorical})


_KEYS = [RULE, "__mask", "__unknown"]
ANSWER_KEYS = tuple(_KEYS)


def _decisions(f: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The answers of valid rows: (`C.ROW`, id, covered, funding and the keys `_KEYS` of each row; the rest
    of the answer — requires, basis, explanation, rule, unknown — for each of the few distinct keys, built
    once, joined by `decide_frame` when the rows are in order)."""
    book = rulebook()
    # `decision.unknown_facts` on columns: each unknown fact tried as true and as false (or each of its
    # values), in the same plans as the answer.
    base = evaluate(book, f, unknowns=_UNKNOWNS).rename({UNKNOWN: "__unknown"})
    keys = pl.concat([f.select(C.ROW, "id"), base], how="horizontal")
    return keys.select(C.ROW, "id", "covered", "funding", *_KEYS), _answers(book, keys.select(_KEYS).unique())


# The answers' table of every key decided so far, with the book it was built from: the keys of one batch
# are nearly all those of the one before, and building a row (its texts in three languages, the nested
# columns from Python objects) costs more than deciding it.
_KNOWN: list[tuple[RuleBook, pl.DataFrame]] = []


def _answers(book: RuleBook, combos: pl.DataFrame) -> pl.DataFrame:
    """requires, basis, explanation, rule and unknown for each key (`_KEYS`) of `combos` (and the keys
    decided before, which `decide_frame`'s left join ignores)."""
    entry = _KNOWN[0] if _KNOWN else None  # read once: another thread may decide with another book
    known = entry[1] if entry is not None and entry[0] is book else None
    new = combos if known is None else combos.join(known.select(_KEYS), on=_KEYS, how="anti")
    if known is not None and not new.height:
        return known
    rows = []
    for rule_i, mask, unknown_mask in new.iter_rows():
        rule = book.rules[rule_i]
        requires, unknown = _bits(mask, REQUIREMENTS), _bits(unknown_mask, _UNKNOWN_FIELDS)
        rows.append(
            {
                RULE: rule_i,
                "__mask": mask,
                "__unknown": unknown_mask,
                "requires": list(requires),
                "basis": [c.as_dict() for c in rule.basis],
                "explanation": explanation(rule.id, requires, unknown),
                "rule": rule.id,
                "unknown": list(unknown),
            }
        )
    table = pl.DataFrame(
        rows,
        schema={
            RULE: pl.Int32,
            "__mask": pl.Int8,
            "__unknown": pl.Int64,
            "requires": OUTPUT_SCHEMA["requires"],
            "basis": OUTPUT_SCHEMA["basis"],
            "explanation": _TEXT,
            "rule": pl.Categorical,
            "unknown": OUTPUT_SCHEMA["unknown"],
        },
    )
    if known is not None:
        table = pl.concat([known, table], rechunk=True)
    _KNOWN[:] = [(book, table)]
    return table


OUTPUT_SCHEMA: dict[str, Any] = {
    C.ROW: pl.UInt32,
    "id": pl.Utf8,
    "covered": pl.Boolean,
    "funding": pl.Utf8,
    "requires": pl.List(pl.Utf8),
    "basis": pl.List(pl.Struct({"act": pl.Utf8, "clause": pl.Utf8})),
    "explanation": _TEXT,
    "rule": pl.Categorical,
    "unknown": pl.List(pl.Utf8),
    "error": pl.Struct({"code": pl.Utf8, "message": pl.Utf8, "field": pl.Utf8}),
}


def answers_frame(answers: list[tuple[int, dict[str, Any]]]) -> pl.DataFrame:
    """Answers of the single path (rarely many: invalid rows) in the batch's output columns."""
    rows = [
        {
            C.ROW: i,
            **({k: a.get(k) for k in OUTPUT_SCHEMA if k not in (C.ROW, "error")}),
            "error": a.get("error"),
        }
        for i, a in answers
    ]
    return pl.DataFrame(rows, schema=OUTPUT_SCHEMA)


Prepared = tuple[pl.DataFrame, pl.DataFrame | None]
"""`prepare`'s (validated frame, facts of its valid rows or None)."""


def prepare(t: pl.DataFrame) -> Prepared:
    """The part of `decide_frame` that reads no rule book: `validate`, and the facts of the valid rows. A
    batch file prepares its next chunk while this one is decided (`files.ahead`)."""
    v = validate(t)
    return v, facts(v) if v["__valid"].any() else None


def warm() -> None:
    """The rule book and its plans for every kind of care, built before the first chunk needs them
    (`files._decide_table` calls it while that chunk is read, on the core that would wait)."""
    plan(rulebook(), KINDS, _UNKNOWNS)


def decide_frame(
    t: pl.DataFrame,
    raw_of_row: Any = None,
    lang: str = "en",
    table_dtypes: dict[str, pl.DataType] | None = None,
    prepared: Prepared | None = None,
) -> pl.DataFrame:
    """Decisions for a frame from `columns.typed`, in row order. `raw_of_row(row)` returns the original
    request of an invalid row (default: rebuilt from its columns); `lang` (kk, ru, en) is the language of
    the error rows' messages, as `decide`'s. `table_dtypes` (the input's column types) says the frame came
    from a CSV or Parquet table: a value that did not fit its column is then answered here, set-based, with
    the row error of amendment 3 (a JSON value that did not fit goes to the single path, which names it).
    `prepared` is `prepare(t)` when the caller made it already."""
    frame, table = decided_rows(t, raw_of_row, lang, table_dtypes, prepared)
    if table is not None:
        frame = frame.join(table, on=_KEYS, how="left", maintain_order="left", suffix="__t")
    return frame.select(_column(frame, k).cast(dtype).alias(k) for k, dtype in OUTPUT_SCHEMA.items())


def decided_rows(
    t: pl.DataFrame,
    raw_of_row: Any = None,
    lang: str = "en",
    table_dtypes: dict[str, pl.DataType] | None = None,
    prepared: Prepared | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame | None]:
    """`decide_frame`'s rows before the valid rows' answers are joined: (the rows in order — a valid row
    its `covered`, `funding` and keys (`ANSWER_KEYS`), any other its answer's columns —, the table of each
    key's rest of the answer, None when no row was valid). The HTTP batch writes each key's text once
    (`kepil.coverage.arrays`)."""
    check_lang(lang)
    v, f = prepared if prepared is not None else prepare(t)
    out_of_term = v.filter(pl.col("__parsed") & ~pl.col("__valid"))
    bad_rows = v.filter(~pl.col("__parsed") & ~pl.col("__bad_icd"))
    bad_icd = v.filter(pl.col("__bad_icd"))
    parts = []
    table = None
    if f is not None:
        keys, table = _decisions(f)
        parts.append(keys)
    if out_of_term.height:
        parts.append(_not_in_force(out_of_term, lang))
    if bad_icd.height:
        answered, bad_icd = _by_code(bad_icd, t, lang)
        parts.append(answered)
        bad_rows = pl.concat([bad_rows, bad_icd], how="vertical_relaxed") if bad_icd.height else bad_rows
    if table_dtypes is not None and bad_rows.height:
        typing = bad_rows.filter(pl.col(C.TYPE_ERROR).is_not_null())
        bad_rows = bad_rows.filter(pl.col(C.TYPE_ERROR).is_null())
        if typing.height:
            parts.append(_type_errors(typing, lang, table_dtypes))
    if bad_rows.height:
        ids = bad_rows[C.ROW].to_list()
        if raw_of_row is None:
            originals = t.filter(pl.col(C.ROW).is_in(ids)).iter_rows(named=True)
            raws = [(row[C.ROW], C.raw_request(row)) for row in originals]
        else:
            raws = [(i, raw_of_row(i)) for i in ids]
        parts.append(answers_frame([(i, decide(raw, lang=lang)) for i, raw in raws]))
    if not parts:
        return pl.DataFrame(schema=OUTPUT_SCHEMA), None
    # The rows in order while narrow (valid rows: their keys; the others: their answers, nearly all null),
    # then the valid rows' answers joined from the table of distinct keys — no wide column is reordered.
    return pl.concat([_output_types(p) for p in parts], how="diagonal").sort(C.ROW), table


def _output_types(part: pl.DataFrame) -> pl.DataFrame:
    """`part` with its columns of `OUTPUT_SCHEMA` in their output types (cast only where they differ)."""
    casts = {k: v for k, v in part.schema.items() if k in OUTPUT_SCHEMA and v != OUTPUT_SCHEMA[k]}
    return part.cast({k: OUTPUT_SCHEMA[k] for k in casts}) if casts else part


def _column(frame: pl.DataFrame, name: str) -> pl.Expr:
    """The output column `name` of `decide_frame`'s joined frame (null where no part had it)."""
    if f"{name}__t" in frame.columns:
        return pl.coalesce(name, f"{name}__t")
    return pl.col(name) if name in frame.columns else pl.lit(None)


def _by_code(rows: pl.DataFrame, t: pl.DataFrame, lang: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Rows valid but for their diagnosis code: the single path answers one request per distinct code and
    its error object (which names the field and quotes the code, nothing else of the row) is every such
    row's. Returns (the answered rows, the rows left to the single path: none unless an answer was not the
    expected error on `service.icd10`).

    The request is the row's columns (`columns.raw_request`), not the original of a JSON element: a row
    valid but for its code has every value in its column's type, and holds its values but explicit nulls,
    which the request's model reads as absent — the original would cost parsing the whole body (issue
    17)."""
    first = rows.group_by("service.icd10").agg(pl.col(C.ROW).first())
    errors: dict[str, Any] = {}
    for row in t.join(first.select(C.ROW), on=C.ROW, how="semi").iter_rows(named=True):
        answer = decide(C.raw_request(row), lang=lang)
        if answer.get("error", {}).get("field") == "service.icd10":
            errors[row["service.icd10"]] = answer["error"]
    table = pl.DataFrame(
        {"service.icd10": list(errors), "error": list(errors.values())},
        schema={"service.icd10": pl.Utf8, "error": OUTPUT_SCHEMA["error"]},
    )
    answered = rows.select(C.ROW, "id", "service.icd10").join(table, on="service.icd10", how="inner")
    left = rows.filter(~pl.col("service.icd10").is_in(list(errors)))
    return _error_rows(answered), left


def _error_rows(rows: pl.DataFrame) -> pl.DataFrame:
    """Rows (`C.ROW`, `id`, `error`) in the output's columns, the decision's columns null."""
    return rows.select(_ERROR_ROW)


_ERROR_ROW = (
    pl.col(C.ROW),
    pl.col("id"),
    *(pl.lit(None, dtype).alias(k) for k, dtype in OUTPUT_SCHEMA.items() if k not in (C.ROW, "id", "error")),
    pl.col("error"),
)


def _not_in_force(rows: pl.DataFrame, lang: str) -> pl.DataFrame:
    """Valid requests dated outside the Program's term: `decision.law_not_in_force`'s error object, built
    once per distinct date and joined — set-based, the same words as the single path's."""
    dates = rows["__date"].unique().to_list()
    answers = {d: date_not_in_force(d, lang) for d in dates}
    table = pl.DataFrame(
        {
            "__date": dates,
            "error": [a["error"] if a is not None else None for a in answers.values()],
        },
        schema={"__date": pl.Date, "error": OUTPUT_SCHEMA["error"]},
    )
    return _error_rows(rows.select(C.ROW, "id", "__date").join(table, on="__date", how="left"))


def _type_errors(rows: pl.DataFrame, lang: str, dtypes: dict[str, pl.DataType]) -> pl.DataFrame:
    """The error objects of table rows holding a value their column cannot hold (amendment 3), set-based."""
    err = pl.struct(
        pl.lit("invalid_input").alias("code"),
        C.type_error_messages(lang, dtypes).alias("message"),
        pl.col(C.TYPE_ERROR).alias("field"),
    )
    return _error_rows(rows.select(C.ROW, "id", err.alias("error")))


DECISION_KEYS = ("covered", "funding", "requires", "basis", "explanation", "rule", "unknown")


def as_answer(row: dict[str, Any]) -> dict[str, Any]:
    """One output row as the single path's answer: the `id` when there is one, then the decision or the
    error object (what `files.to_jsonl` writes, for one row in Python)."""
    out: dict[str, Any] = {} if row.get("id") is None else {"id": row["id"]}
    if row.get("error") is not None:
        out["error"] = {k: v for k, v in row["error"].items() if v is not None}
    else:
        out.update((k, row[k]) for k in DECISION_KEYS)
    return out
