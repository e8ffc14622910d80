"""`kepil synth`: a deterministic, realistic national month of claims with defects injected at known rates.

Writes claims.parquet, persons.parquet, contracts.parquet (shared/contracts/claims.md), ground_truth.parquet
(claim_id nullable, contract_id, code, rule: one row per defect the algorithms of `monitoring-rules` must
find, ids and definitions of the lead's design for issue 5) and README.txt (the counts and rates).

Everything is drawn column-wise from one numpy PCG64 generator seeded by `seed`, so (n, seed, period) give
the same rows and the same bytes. Clean rows are made so that no algorithm fires on them *by construction*
(e.g. a person's clean outpatient claims end on distinct days; clean re-admissions are more than 30 days
apart, or after a transfer, or under a palliative contract); each defect is injected on its own rows.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl

from kepil.claims import synth_catalog as cat
from kepil.claims import synth_payment, synth_records, synth_segments
from kepil.claims import synth_people as people
from kepil.claims.synth_claims import ClaimMaker, Cols, concat_cols
from kepil.coverage.request import RESIDENCIES, SEXES, STATE_PAID_CATEGORIES
from kepil.errors import InvalidInput
from kepil.files import written_together
from kepil.i18n import Text
from kepil.law.care import CARE_FORMS, CARE_KINDS
from kepil.reference.calendar import month_bounds

# The algorithms of issue 5 (ids, classifier codes): the ground truth names them exactly so.
RULE_CODES: dict[str, str] = {
    "readmission_30d": "4.0",
    "round_the_clock_instead_of_day_hospital": "3.4",
    "service_after_death": "5.0",
    "duplicate_case": "5.1",
    "unknown_person": "5.0",
    "waiting_over_15_working_days": "7.0",
    "death_not_payable": "9.0",
    "outside_contract": "11.0",
    "charged_for_covered": "12.0",
    "charged_for_own_medicines": "12.1",
    # issue 15 (kepil.claims.synth_records)
    "overlapping_inpatient_stays": "5.0",
    "stay_past_death": "5.0",
    "practitioner_daily_load": "3.0",
    "practitioner_monthly_load": "3.0",
    "repeated_visits": "3.1",
    "referral_after_start": "1.2",
    "referral_after_admission": "2.0",
    "diagnosis_not_confirmed_by_pathology": "10.0",
    # `monitoring-rules` 10 (third paragraph): 10 % of the contract sum; the classifier has no code for it.
    "no_licence": "10",
}
CLAIM_RULES: tuple[str, ...] = tuple(r for r in RULE_CODES if r != "no_licence")
# Share of the period's claims carrying each defect; no_licence: share of the contracts.
DEFAULT_RATES: dict[str, float] = {
    "readmission_30d": 0.003,
    "round_the_clock_instead_of_day_hospital": 0.002,
    "service_after_death": 0.0005,
    "duplicate_case": 0.002,
    "unknown_person": 0.001,
    "waiting_over_15_working_days": 0.003,
    "death_not_payable": 0.0003,
    "outside_contract": 0.002,
    "charged_for_covered": 0.0005,
    "charged_for_own_medicines": 0.0003,
    # issue 15: pairs of stays; overloaded practitioner-days; persons with repeated visits; claims
    "overlapping_inpatient_stays": 0.0002,
    "stay_past_death": 0.0002,
    "practitioner_daily_load": 0.000001,
    "practitioner_monthly_load": 0.0,  # one overloaded month in months of 20,000 claims or more
    "repeated_visits": 0.0003,
    "referral_after_start": 0.0005,
    "referral_after_admission": 0.0003,
    "diagnosis_not_confirmed_by_pathology": 0.0001,
    "no_licence": 0.015,
}
# Rules whose rate counts something other than their ground-truth rows (pairs, days, persons, months).
SHAPED_RATES = ("overlapping_inpatient_stays", "practitioner_daily_load", "practitioner_monthly_load",
                "repeated_visits", "diagnosis_not_confirmed_by_pathology")  # fmt: skip
MIN_PER_RULE = 2  # so that a small test dataset still carries every defect
MIN_CLAIMS = 1_000


@dataclass(frozen=True, slots=True)
class Period:
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        return f"{self.start:%Y-%m}"

    @property
    def previous(self) -> Period:
        last = self.start - dt.timedelta(days=1)
        return Period(last.replace(day=1), last)


def parse_period(value: str, field: str = "--period") -> Period:
    """A calendar month `YYYY-MM` from 2026-01 (the acts' start) on."""
    start, end = month_bounds(value, field)
    if start < dt.date(2026, 1, 1):
        raise InvalidInput(
            field,
            Text(
                f"{value}: кезең 2026-01-ден басталады (актілер күшіне енген күн)",
                f"{value}: период не ранее 2026-01 (вступление актов в силу)",
                f"{value}: the period must be 2026-01 or later (the acts are in force from 2026-01-01)",
            ),
        )
    return Period(start, end)


@dataclass
class SynthResult:
    out: Path
    claims: int  # rows of claims.parquet (period + history)
    period_claims: int
    persons: int
    contracts: int
    defects: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def _counts(n: int, rates: dict[str, float]) -> dict[str, int]:
    return {r: max(MIN_PER_RULE, round(n * rates[r])) for r in CLAIM_RULES}


def generate(
    n: int,
    seed: int,
    out: Path,
    period: str = "2026-03",
    *,
    rates: dict[str, float] | None = None,
    progress: Callable[[str], None] | None = None,
) -> SynthResult:
    """Write the dataset of `n` claims ending in `period` (plus previous-month history) to `out`."""
    t0 = time.perf_counter()
    if n < MIN_CLAIMS:
        raise InvalidInput(
            "--claims",
            Text(
                f"{n}: кемінде {MIN_CLAIMS} жағдай қажет",
                f"{n}: нужно не менее {MIN_CLAIMS} случаев",
                f"{n}: at least {MIN_CLAIMS} claims are needed",
            ),
        )
    per = parse_period(period)
    say = progress or (lambda _msg: None)
    rates = {**DEFAULT_RATES, **(rates or {})}
    rng = np.random.default_rng(seed)
    maker = ClaimMaker(rng, n, per.start, per.end, per.previous.start)
    k = _counts(n, rates)

    say("providers and contracts")
    maker.make_providers(rates["no_licence"])
    say("claims")
    segments, persons = synth_segments.build(maker, n, k, CLAIM_RULES)
    cols = concat_cols(segments)
    del segments
    say("tables")
    claims, ground = _claim_table(maker, cols, rng)
    contracts = _contract_table(maker, claims)
    ground = pl.concat([ground, _no_licence_truth(claims, contracts, per)], how="vertical").sort(
        "rule", "claim_id", "contract_id", nulls_last=True
    )
    persons_t = _person_table(persons)
    say("attachments")
    claims = synth_payment.with_payment_columns(claims)
    providers = synth_payment.provider_frame(
        maker.provider_ids, maker.provider_type, maker.provider_region_codes
    )
    attached = synth_payment.attachments(claims, persons_t, providers, per.start, per.end)
    population = synth_payment.population(providers, attached, persons_t, per.start)
    say("writing")
    _write_all(
        out,
        claims,
        persons_t,
        contracts,
        ground,
        _readme(n, seed, per, k, claims, ground, contracts),
        {"attachments.parquet": attached, "population.parquet": population},
    )
    defects = dict(ground.group_by("rule").len().sort("rule").iter_rows())
    return SynthResult(
        out=out,
        claims=claims.height,
        period_claims=n,
        persons=persons_t.height,
        contracts=contracts.height,
        defects={r: int(defects.get(r, 0)) for r in RULE_CODES},
        seconds=time.perf_counter() - t0,
    )


def _gather(values: list[str] | tuple[str, ...], idx: np.ndarray) -> pl.Series:
    """values[idx] as a string column; a negative index is null."""
    s = pl.Series(list(values), dtype=pl.Utf8)
    if (idx < 0).any():
        return s.gather(pl.Series(np.where(idx >= 0, idx, 0))).set(pl.Series(idx < 0), None)
    return s.gather(pl.Series(idx))


def _days(values: np.ndarray) -> pl.Series:
    """Days since 1970-01-01 as dates; a negative value is null."""
    s = pl.Series(np.where(values >= 0, values, 0), dtype=pl.Int32).cast(pl.Date)
    return s.set(pl.Series(values < 0), None) if (values < 0).any() else s


def _claim_table(maker: ClaimMaker, c: Cols, rng: np.random.Generator) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The claims in the contract's columns, and the claim-level ground truth."""
    rows = c["kind"].shape[0]
    # claim ids: a random order of the non-duplicate rows; duplicates come last so that the kept claim
    # (the first by claim_id) is the original (issue 5, rule 4).
    dup = c["rule"] == CLAIM_RULES.index("duplicate_case")
    ids = np.empty(rows, dtype=np.int64)
    ids[~dup] = rng.permutation(int((~dup).sum()))
    ids[dup] = (~dup).sum() + np.arange(int(dup.sum()))
    pract, injected = synth_records.practitioners(c, len(maker.provider_ids), rng)
    person = c["person"]
    iin = np.where(person >= 0, maker.person_iins[np.maximum(person, 0)], 0)
    if maker.unknown_iins.size:
        iin = np.where(person < 0, maker.unknown_iins[np.maximum(-person - 1, 0)], iin)
    contract = _gather(maker.contract_ids, np.where(c["contract"] >= 0, c["contract"], 0))
    claim_id = pl.Series(ids + 10**10, dtype=pl.Int64).cast(pl.Utf8).str.slice(1)  # 10 digits
    claims = pl.DataFrame(
        {
            "claim_id": claim_id,
            "provider_id": _gather(maker.provider_ids, c["provider"]),
            "contract_id": contract,
            "region": _gather(maker.provider_region_codes, c["provider"]),
            "iin": people.iin_strings(iin),
            "care_kind": _gather(CARE_KINDS, c["kind"]),
            "form": _gather(CARE_FORMS, c["form"]),
            "funding": _gather(("gvfmc", "cshi"), c["funding"]),
            "icd10": _gather(cat.all_codes(), c["icd"]),
            "profile": _gather(maker.profiles, c["profile"]),
            "start_date": _days(c["start"]),
            "end_date": _days(c["end"]),
            "referral_date": _days(c["ref"]),
            "outcome": _gather(("completed", "transferred", "died"), c["outcome"]),
            "amount": pl.Series(c["amount"], dtype=pl.Int64),
            "paid_by_patient": pl.Series(c["paid"], dtype=pl.Int64),
            "referral": _tri(c["referral"]),
            "life_threatening": _tri(c["life"]),
            "paid_by_patient_medicines": pl.Series(c["paid_med"], dtype=pl.Int64),
            "__unknown_contract": c["contract"] < 0,
            "__pract": pl.Series(pract, dtype=pl.Int64),
            "__injected": pl.Series(injected, dtype=pl.Boolean),
        }
    )
    # a contract id that no contract has: the year's prefix and an X
    claims = claims.with_columns(
        pl.format("C{}", pl.col("claim_id")).alias("claim_id"),
        pl.when(pl.col("__unknown_contract"))
        .then(pl.format("K{}-X{}", pl.lit(maker.start.year), pl.col("claim_id")))
        .otherwise(pl.col("contract_id"))
        .alias("contract_id"),
        # the practitioner (contracts/claims.md, December 2026): the provider's own, or an injected one
        pl.format(
            "{}-{}{}",
            pl.col("provider_id"),
            pl.when(pl.col("__injected")).then(pl.lit("X")).otherwise(pl.lit("D")),
            pl.col("__pract").cast(pl.Utf8).str.zfill(3),
        ).alias("practitioner_id"),
    ).drop("__unknown_contract", "__pract", "__injected")
    mask = pl.Series(c["rule"] >= 0)
    ground = pl.DataFrame(
        {
            "claim_id": claims["claim_id"].filter(mask),
            "contract_id": claims["contract_id"].filter(mask),
            "code": _gather([RULE_CODES[r] for r in CLAIM_RULES], c["rule"][c["rule"] >= 0]),
            "rule": _gather(CLAIM_RULES, c["rule"][c["rule"] >= 0]),
        }
    )
    return claims, ground.sort("rule", "claim_id")


def _tri(values: np.ndarray) -> pl.Series:
    """-1/0/1 as a nullable boolean."""
    s = pl.Series(values == 1, dtype=pl.Boolean)
    return s.set(pl.Series(values < 0), None) if (values < 0).any() else s


def _contract_table(maker: ClaimMaker, claims: pl.DataFrame) -> pl.DataFrame:
    """Contracts; the sum is a year of the month's presented amounts with a margin (at least 1 M tenge)."""
    c = maker.contracts
    month = (
        claims.lazy()
        .select("contract_id", "amount", "end_date")
        .filter(pl.col("end_date") >= maker.start)
        .group_by("contract_id")
        .agg(pl.col("amount").sum())
        .collect()
    )
    t = pl.DataFrame(
        {
            "contract_id": maker.contract_ids,
            "provider_id": pl.Series(maker.provider_ids, dtype=pl.Utf8).gather(pl.Series(c["provider"])),
            "start_date": pl.Series(c["start"], dtype=pl.Int32).cast(pl.Date),
            "end_date": pl.Series(c["end"], dtype=pl.Int32).cast(pl.Date),
            "care_kinds": pl.Series(
                [";".join(cat.CONTRACT_KINDS[t]) for t in cat.PROVIDER_TYPES], dtype=pl.Utf8
            ).gather(pl.Series(c["type"])),
            "margin": c["margin"],
            "licensed": pl.Series(c["licensed"], dtype=pl.Boolean),
            "palliative": pl.Series(c["type"] == cat.TYPE_INDEX["palliative_centre"], dtype=pl.Boolean),
        }
    )
    t = t.join(month, on="contract_id", how="left", maintain_order="left")
    total = (pl.col("amount").fill_null(0) * 12 * pl.col("margin") / 100_000).cast(pl.Int64) * 100_000
    return t.with_columns(pl.max_horizontal(total, pl.lit(100_000_000, pl.Int64)).alias("sum")).select(
        "contract_id", "provider_id", "start_date", "end_date", "care_kinds", "sum", "licensed", "palliative"
    )


def _no_licence_truth(claims: pl.DataFrame, contracts: pl.DataFrame, per: Period) -> pl.DataFrame:
    """Rule 10: every unlicensed contract that has a claim ending in the period (`monitoring-rules` 10)."""
    used = (
        claims.lazy()
        .select("contract_id", "end_date")
        .filter(pl.col("end_date").is_between(per.start, per.end))
        .select("contract_id")
        .unique()
        .collect()
    )
    bad = contracts.filter(~pl.col("licensed")).select("contract_id").join(used, on="contract_id")
    return bad.sort("contract_id").select(
        pl.lit(None, pl.Utf8).alias("claim_id"),
        pl.col("contract_id"),
        pl.lit(RULE_CODES["no_licence"]).alias("code"),
        pl.lit("no_licence").alias("rule"),
    )


def _person_table(p: dict[str, np.ndarray]) -> pl.DataFrame:
    day = _days
    return pl.DataFrame(
        {
            "iin": people.iin_strings(p["iin"]),
            "birth_date": pl.Series(p["birth"], dtype=pl.Int32).cast(pl.Date),
            "sex": _gather(SEXES, p["female"].astype(np.int64)),
            "residency": _gather(RESIDENCIES, p["residency"]),
            "insured_from": day(p["insured_from"]),
            "insured_to": day(p["insured_to"]),
            "state_paid_category": _gather(STATE_PAID_CATEGORIES, p["category"]),
            "death_date": day(p["death"]),
        }
    )


def _readme(
    n: int,
    seed: int,
    per: Period,
    k: dict[str, int],
    claims: pl.DataFrame,
    ground: pl.DataFrame,
    contracts: pl.DataFrame,
) -> str:
    found = dict(ground.group_by("rule").len().iter_rows())
    lines = [
        "kepil synthetic claims (illustrative data; not real people, providers or amounts)",
        f"period {per.label} ({per.start} .. {per.end}); seed {seed}; claims ending in the period {n};",
        f"rows in claims.parquet {claims.height} (the rest: history claims ending in {per.previous.label});",
        f"contracts {contracts.height}, of them unlicensed {contracts.filter(~pl.col('licensed')).height}.",
        "",
        "Defects injected (ground_truth.parquet, one row each); rate = rows / claims of the period",
        f"{'rule':44} {'code':>5} {'rows':>9} {'rate':>9}",
    ]
    for r, code in RULE_CODES.items():
        rows = int(found.get(r, 0))
        lines.append(f"{r:44} {code:>5} {rows:>9} {rows / n:>9.5f}")
    lines += ["", "Definitions: shared/contracts/claims.md and the issue-5 design (see docs/claims-data.md)."]
    return "\n".join(lines) + "\n"


def _write_all(
    out: Path,
    claims: pl.DataFrame,
    persons: pl.DataFrame,
    contracts: pl.DataFrame,
    ground: pl.DataFrame,
    readme: str,
    extra: dict[str, pl.DataFrame] | None = None,
) -> None:
    """Each file written under a temporary name in `out`, then renamed: no half-written file is left."""
    files = {
        "claims.parquet": claims,
        "persons.parquet": persons,
        "contracts.parquet": contracts,
        "ground_truth.parquet": ground,
        **(extra or {}),
    }
    with written_together(*(out / name for name in files), out / "README.txt") as temps:
        # the files are written at once (Polars releases the GIL): claims and persons take the time
        with ThreadPoolExecutor(max_workers=2) as pool:
            jobs = [
                pool.submit(frame.write_parquet, tmp, compression="zstd", statistics=True)
                for frame, tmp in zip(files.values(), temps[:-1], strict=True)
            ]
            for job in jobs:
                job.result()
        temps[-1].write_text(readme, encoding="utf-8")
