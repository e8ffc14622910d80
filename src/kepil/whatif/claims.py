"""The claims what-if: a month's payment (`program-2026-2028` app. 2, 77) and monitoring (`monitoring-rules`
13, app. 1) run under the law and under a reform, and what moves: money by payment method, region, provider
and package; defects that appear or disappear, with their penalties and clauses.

The money a package pays for a claim is the amount the payment methods price for it, when the coverage
engine decides the claim's care covered by that package on its start date (the registry's facts of the
person, as monitoring's 12.0 reads them: insured when a CSHI participation interval holds the start date);
a claim the engine decides not covered is paid by no package ("none": the Fund would not pay it, the patient
or another payer would). Both sides are computed the same way, so the difference is the reform's alone.
Per-capita and per-patient rows (no claim) keep their own package, "per_capita".

Payment and monitoring are the public functions of `kepil pay` and `kepil monitor run`, called twice; the
reform's tariff entries go into a copy of the tariff book; its rules, lists and parameters are active (a
context) while the second run decides coverage and reads parameters.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa

from kepil.coverage import columns as C
from kepil.coverage.batch import decide_frame
from kepil.engine.rules import NoRuleApplies, RuleConflict
from kepil.errors import InvalidInput
from kepil.whatif import messages as M
from kepil.whatif.coverage import person_fields
from kepil.whatif.reform import Applied, affected_kinds, applied_tariffs

DEFECT_KEY = ("claim_id", "contract_id", "code", "rule")
MONEY_DIMENSIONS = ("method", "region", "provider_id", "package")
MONEY_COLUMNS = ("law_tiyn", "reform_tiyn", "law_presented_tiyn", "reform_presented_tiyn")


@dataclass(frozen=True)
class ClaimsDiff:
    period: str
    claims: int
    money: pl.DataFrame  # dimension, value, law_tiyn, reform_tiyn, moved_tiyn
    moves: pl.DataFrame  # package_law → package_reform with claims and tiyn
    defects: pl.DataFrame  # one row per defect that appears or disappears (or whose penalty changes)
    defect_summary: pl.DataFrame  # by code: appear, disappear, penalty change
    changed_claims: pl.DataFrame  # claims whose package or amount changes, with both and the clauses


def _claims_of(claims: Path, period: str | None) -> pl.LazyFrame:
    c = pl.scan_parquet(claims)
    if period is not None:
        first = dt.date(int(period[:4]), int(period[5:7]), 1)
        nxt = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
        c = c.filter((pl.col("end_date") >= first) & (pl.col("end_date") < nxt))
    return c


def _coverage_frame(
    claims: Path, persons: Path, period: str | None, kinds: frozenset[str] | None = None
) -> pl.DataFrame:
    """Coverage requests of the claims (of the period when given; of `kinds` of care when given):
    `charges.coverage_requests`'s reading."""
    c = _claims_of(claims, period)
    if kinds is not None:
        c = c.filter(pl.col("care_kind").is_in(sorted(kinds)))
    p = pl.scan_parquet(persons).select(
        "iin", "birth_date", "sex", "residency", "state_paid_category", "insured_from", "insured_to"
    )
    j = c.select(
        "claim_id", "start_date", "iin", "care_kind", "form", "icd10", "referral", "life_threatening"
    ).join(p, on="iin", how="inner")
    return j.select(
        pl.col("claim_id"),
        pl.col("start_date").cast(pl.Utf8).alias("date"),
        *person_fields(pl.col("start_date")),
        pl.col("care_kind").alias("service.kind"),
        pl.col("form").alias("service.form"),
        pl.col("icd10").alias("service.icd10"),
        pl.col("referral").alias("service.referral"),
        pl.col("life_threatening").alias("service.life_threatening"),
    ).collect()


def _packages(requests: pl.DataFrame, applied: Applied | None) -> pl.DataFrame:
    """claim_id, package (the coverage engine's funding, or none), rule and clauses."""
    if requests.is_empty():
        return pl.DataFrame(
            schema={"claim_id": pl.Utf8, "package": pl.Utf8, "rule": pl.Utf8, "basis": pl.Utf8}
        )
    typed = C.typed(requests.drop("claim_id"), C.TABLE)
    if applied is None:
        answers = decide_frame(typed)
    else:
        with applied.active():
            try:
                answers = decide_frame(typed)
            except (NoRuleApplies, RuleConflict) as e:
                raise InvalidInput(
                    f"{applied.reform.file}:rules", M.REFORM_GAP.format(error=str(e))
                ) from None
    basis = (
        answers["basis"]
        .list.eval(pl.element().struct.field("act") + " " + pl.element().struct.field("clause"))
        .list.join("; ")
    )
    return answers.select(
        requests["claim_id"].gather(answers[C.ROW].cast(pl.Int64)).alias("claim_id"),
        pl.when(pl.col("covered").fill_null(False))
        .then(pl.col("funding"))
        .otherwise(pl.lit("none"))
        .alias("package"),
        pl.col("rule").cast(pl.Utf8),
        basis.alias("basis"),
    )


def compare_claims(
    claims: Path,
    persons: Path,
    contracts: Path,
    tariffs: Path,
    applied: Applied,
    *,
    period: str | None = None,
    attached: Path | pa.Table | None = None,
    engine: str = "duckdb",
    progress: Any = None,
) -> ClaimsDiff:
    from kepil.law.program_2026_2028.payment import pay_to_files
    from kepil.law.program_2026_2028.tariffs import load_tariffs
    from kepil.monitoring.run import default_period, find_defects, load_inputs, penalty_bases

    say = progress or (lambda _m: None)
    with tempfile.TemporaryDirectory(prefix="kepil-whatif-") as tmp:
        work = Path(tmp)
        reform_tariffs = applied_tariffs(applied.reform, tariffs, work)
        say("reading and checking the inputs")
        inputs = load_inputs(claims, persons, contracts, work / "inputs", None)
        period = period or default_period(inputs.claims)
        law_book, reform_book = load_tariffs(tariffs), load_tariffs(reform_tariffs, check_deadline=False)
        say("pricing under the law")
        pay_to_files(inputs.claims, law_book, work / "law.parquet", period=period, attached=attached)
        # Payment reads the claims and the tariff book only (app. 2, 77): without tariff entries the reform
        # prices every claim as the law does, and the law's amounts serve both sides.
        reform_file = work / "law.parquet"
        if applied.reform.tariffs:
            say("pricing under the reform")
            reform_file = work / "reform.parquet"
            with applied.active():
                pay_to_files(inputs.claims, reform_book, reform_file, period=period, attached=attached)
        say("coverage of the claims")
        kinds = affected_kinds(applied)
        requests = _coverage_frame(inputs.claims, inputs.persons, period, kinds)
        law_pk = _packages(requests, None)
        reform_pk = _packages(requests, applied)
        billed = (
            _claims_of(inputs.claims, period)
            .select(
                "claim_id",
                pl.col("funding").alias("billed"),
                (pl.col("care_kind").is_in(sorted(kinds)) if kinds is not None else pl.lit(True)).alias(
                    "decided"
                ),
            )
            .collect()
        )
        say("monitoring under the law")
        law_defects = find_defects(
            inputs, period, region=None, engine=engine, bases=penalty_bases(tariffs), progress=None
        )
        say("monitoring under the reform")
        with applied.active():
            reform_defects = find_defects(
                inputs, period, region=None, engine=engine, bases=penalty_bases(reform_tariffs), progress=None
            )
        law_amounts = pl.read_parquet(work / "law.parquet")
        reform_amounts = law_amounts if reform_file == work / "law.parquet" else pl.read_parquet(reform_file)
    money, moves, changed = _money(law_amounts, reform_amounts, law_pk, reform_pk, billed)
    defects, by_code = _defects(pl.from_arrow(law_defects), pl.from_arrow(reform_defects))  # type: ignore[arg-type]
    return ClaimsDiff(period, billed.height, money, moves, defects, by_code, changed)


def _priced(amounts: pl.DataFrame, packages: pl.DataFrame, billed: pl.DataFrame) -> pl.DataFrame:
    """Each priced row with the package that pays it (0 when none does). The coverage engine decides the
    claims of the kinds of care the reform can change; a claim of another kind keeps, on both sides, the
    package it is billed to (the reform cannot change its answer: `reform.affected_kinds`)."""
    a = amounts.join(packages.select("claim_id", "package", "rule", "basis"), on="claim_id", how="left")
    a = a.join(billed, on="claim_id", how="left")
    package = (
        pl.when(pl.col("claim_id").is_null())
        .then(pl.lit("per_capita"))
        .when(pl.col("package").is_not_null())
        .then(pl.col("package"))
        .when(pl.col("decided").fill_null(True))
        .then(pl.lit("unknown_person"))
        .otherwise(pl.col("billed"))
    )
    paid = pl.when(package == "none").then(0).otherwise(pl.col("amount_tiyn").fill_null(0))
    presented = pl.when(package == "none").then(0).otherwise(pl.col("presented_tiyn").fill_null(0))
    return a.with_columns(
        package.alias("package"),
        paid.cast(pl.Int64).alias("paid_tiyn"),
        presented.cast(pl.Int64).alias("presented_paid_tiyn"),
        pl.col("amount_tiyn").is_null().alias("unpriced"),
    )


def _money(
    law: pl.DataFrame,
    reform: pl.DataFrame,
    law_pk: pl.DataFrame,
    reform_pk: pl.DataFrame,
    billed: pl.DataFrame,
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    same_amounts = reform is law  # no tariff entry changed: only a decided claim's package can move
    lp, rp = _priced(law, law_pk, billed), _priced(reform, reform_pk, billed)
    parts = []
    for dim in MONEY_DIMENSIONS:
        # By package, "none" shows what no package pays any more (the amounts as priced and presented); by
        # method, region and provider, the money packages pay.
        raw = dim == "package"

        def sums(df: pl.DataFrame, side: str, dim: str = dim, raw: bool = raw) -> pl.DataFrame:
            paid = pl.col("amount_tiyn").fill_null(0) if raw else pl.col("paid_tiyn")
            presented = pl.col("presented_tiyn").fill_null(0) if raw else pl.col("presented_paid_tiyn")
            return df.group_by(pl.col(dim).fill_null("—").alias("value")).agg(
                paid.sum().cast(pl.Int64).alias(f"{side}_tiyn"),
                presented.sum().cast(pl.Int64).alias(f"{side}_presented_tiyn"),
            )

        j = sums(lp, "law").join(sums(rp, "reform"), on="value", how="full", coalesce=True)
        parts.append(j.select(pl.lit(dim).alias("dimension"), "value", *MONEY_COLUMNS).fill_null(0))
    money = pl.concat(parts).with_columns(
        (pl.col("reform_tiyn") - pl.col("law_tiyn")).alias("moved_tiyn"),
        (pl.col("reform_presented_tiyn") - pl.col("law_presented_tiyn")).alias("moved_presented_tiyn"),
    )
    money = money.sort(["dimension", "moved_tiyn", "value"], descending=[False, False, False])

    # per claim: package and amount on both sides (claims are priced once per row; sum rows per claim)
    def per(df: pl.DataFrame, p: str) -> pl.DataFrame:
        return (
            df.filter(pl.col("claim_id").is_not_null())
            .group_by("claim_id")
            .agg(
                pl.col("package").first().alias(f"{p}_package"),
                pl.col("rule").first().alias(f"{p}_rule"),
                pl.col("basis").first().alias(f"{p}_basis"),
                pl.col("paid_tiyn").sum().alias(f"{p}_tiyn"),
                pl.col("presented_paid_tiyn").sum().alias(f"{p}_presented_tiyn"),
                pl.col("method").first().alias("method"),
                pl.col("region").first().alias("region"),
                pl.col("provider_id").first().alias("provider_id"),
            )
        )

    if same_amounts:
        moved = law_pk.join(reform_pk, on="claim_id", suffix="_r").filter(
            pl.col("package").ne_missing(pl.col("package_r"))
        )
        ids = moved.select("claim_id")
        lp, rp = lp.join(ids, on="claim_id", how="semi"), rp.join(ids, on="claim_id", how="semi")
    both = per(lp, "law").join(
        per(rp, "reform").drop("method", "region", "provider_id"), on="claim_id", how="full", coalesce=True
    )
    changed = both.filter(
        pl.col("law_package").ne_missing(pl.col("reform_package"))
        | pl.col("law_tiyn").ne_missing(pl.col("reform_tiyn"))
        | pl.col("law_presented_tiyn").ne_missing(pl.col("reform_presented_tiyn"))
    ).with_columns(
        (pl.col("reform_tiyn").fill_null(0) - pl.col("law_tiyn").fill_null(0)).alias("moved_tiyn"),
        (pl.col("reform_presented_tiyn").fill_null(0) - pl.col("law_presented_tiyn").fill_null(0)).alias(
            "moved_presented_tiyn"
        ),
    )
    moves = (
        changed.group_by("law_package", "reform_package")
        .agg(
            pl.len().cast(pl.Int64).alias("claims"),
            pl.col("law_tiyn").sum(),
            pl.col("law_presented_tiyn").sum(),
            pl.col("moved_tiyn").sum(),
            pl.col("moved_presented_tiyn").sum(),
        )
        .sort("claims", descending=True)
    )
    changed = changed.select(
        "claim_id",
        "provider_id",
        "region",
        "method",
        "law_package",
        "reform_package",
        "law_tiyn",
        "reform_tiyn",
        "moved_tiyn",
        "law_presented_tiyn",
        "reform_presented_tiyn",
        "moved_presented_tiyn",
        "law_rule",
        "law_basis",
        "reform_rule",
        "reform_basis",
    ).sort("claim_id")
    return money, moves, changed


def _defects(law: pl.DataFrame, reform: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    keep = [*DEFECT_KEY, "act", "clause", "significant", "penalty"]
    a = law.select(keep).rename({"penalty": "law_penalty"})
    b = reform.select(keep).rename({"penalty": "reform_penalty"}).drop("act", "clause", "significant")
    j = a.join(b, on=list(DEFECT_KEY), how="full", coalesce=True, nulls_equal=True)
    in_law = pl.col("__in_law")
    a2 = a.select(*DEFECT_KEY).with_columns(pl.lit(True).alias("__in_law"))
    b2 = b.select(*DEFECT_KEY).with_columns(pl.lit(True).alias("__in_reform"))
    j = j.join(a2, on=list(DEFECT_KEY), how="left", nulls_equal=True).join(
        b2, on=list(DEFECT_KEY), how="left", nulls_equal=True
    )
    status = (
        pl.when(in_law.is_null())
        .then(pl.lit("appears"))
        .when(pl.col("__in_reform").is_null())
        .then(pl.lit("disappears"))
        .when(pl.col("law_penalty").ne_missing(pl.col("reform_penalty")))
        .then(pl.lit("penalty_changes"))
    )
    diff = (
        j.with_columns(status.alias("status"))
        .filter(pl.col("status").is_not_null())
        .drop("__in_law", "__in_reform")
    )
    # the act and clause of a defect that appears come from the reform's run
    if diff.height:
        clauses = reform.select(*DEFECT_KEY, pl.col("act").alias("__a"), pl.col("clause").alias("__c"))
        diff = (
            diff.join(clauses, on=list(DEFECT_KEY), how="left", nulls_equal=True)
            .with_columns(
                pl.coalesce("act", "__a").alias("act"), pl.coalesce("clause", "__c").alias("clause")
            )
            .drop("__a", "__c")
        )
    by_code = (
        diff.group_by("code")
        .agg(
            (pl.col("status") == "appears").sum().cast(pl.Int64).alias("appear"),
            (pl.col("status") == "disappears").sum().cast(pl.Int64).alias("disappear"),
            (pl.col("status") == "penalty_changes").sum().cast(pl.Int64).alias("penalty_changes"),
            (pl.col("reform_penalty").fill_null(0) - pl.col("law_penalty").fill_null(0))
            .sum()
            .alias("penalty_moved_tiyn"),
            pl.col("clause").first().alias("clause"),
        )
        .sort("code")
    )
    return diff.sort([*DEFECT_KEY], nulls_last=True), by_code
