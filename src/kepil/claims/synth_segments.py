"""The segments of a synthetic month: clean claims by construction, each defect of issue 5 on its own rows.

Rule definitions (issue 5 design, `monitoring-rules` app1 codes) and how each segment respects them:
- clean outpatient claims (pool A): a person's claims end on distinct days, so no two share the key of
  `duplicate_case` (5.1); outcome never `died` (9.0); planned referrals wait <= 15 working days (7.0).
- clean inpatient claims (pool B): one person, one episode; pairs of stays are > 30 days apart, or the
  earlier ended by transfer, or the later is under a palliative contract (4.0 does not apply);
  planned stays are >= 4 days (3.4 needs <= 3).
- injected rows use persons of their own (single-use), so they cannot disturb any other rule.
Injected kinds of care are those whose classifier column applies to the code (docs/claims-data.md).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import polars as pl

from kepil.claims import synth_catalog as cat
from kepil.claims import synth_records
from kepil.claims.synth_claims import (
    COMPLETED,
    DIED,
    OUTPATIENT_DEFECT_KINDS,
    READMISSION_DAYS,
    SHORT_STAY,
    TRANSFERRED,
    WAIT_LIMIT,
    ClaimMaker,
    Cols,
    concat_cols,
    day_hospital_list,
)
from kepil.coverage import columns as C
from kepil.coverage.batch import decide_frame
from kepil.coverage.request import RESIDENCIES, SEXES, STATE_PAID_CATEGORIES
from kepil.law.care import CARE_FORMS, CARE_KINDS

PAID_KINDS = ("inpatient", "outpatient_specialized", "ambulance", "dental", "day_hospital", "rehabilitation")
COVERED_DEFECT_KINDS = ("inpatient", "outpatient_specialized", "ambulance")
CHUNK = 1 << 20  # rows generated at a time for the big clean pool


def _share(n: int, share: float, least: int = 2) -> int:
    return max(least, round(n * share))


def build(mk: ClaimMaker, n: int, k: dict[str, int], rules: tuple[str, ...]) -> tuple[list[Cols], Cols]:
    rng = mk.rng
    rule_ix = {r: i for i, r in enumerate(rules)}
    dh = day_hospital_list()
    dh_codes = [] if dh is None else [c for _, c in cat.inpatient_codes() if dh.contains(c)]
    if not dh_codes:
        k = {**k, "round_the_clock_instead_of_day_hospital": 0}
    n_cp, n_cpm, n_db = _share(n, 0.002), _share(n, 0.001), _share(n, 0.0002)
    n_short = _share(n, 0.001) if dh is not None and len(dh_codes) < len(cat.inpatient_codes()) else 0
    n_inp = round(n * 0.09)
    s2, s3, s4, s6 = _share(n_inp, 0.02), _share(n_inp, 0.01), _share(n_inp, 0.01), _share(n_inp, 0.02)
    s1 = n_inp - s2 - s3 - s4 - s6
    n_hist = round(n_inp * 0.5)
    shape = synth_records.sizes(rng, n, k)  # the segments of issue 15's rules (synth_records)
    classic = sum(v for r, v in k.items() if r not in synth_records.RULES)
    n_a = n - n_inp - classic - n_cp - n_cpm - n_db - n_short - synth_records.claim_count(shape)
    if n_a < n // 2 or s1 < 0:
        raise ValueError(f"{n} claims are too few for the defect rates asked")

    segs: list[Cols] = []
    p0, p1, h0 = mk.p0, mk.p1, mk.h0
    h1 = p0 - 1

    # -- pool A: clean outpatient and other non-inpatient claims --------------------------------------
    per_person: np.ndarray = rng.choice(
        np.arange(1, 5), int(n_a / 1.9 * 1.2) + 10, p=[0.45, 0.30, 0.15, 0.10]
    )
    last = int(np.searchsorted(np.cumsum(per_person), n_a))
    per_person = per_person[: last + 1].copy()
    per_person[-1] -= int(per_person.sum()) - n_a
    pa = mk.add_persons(per_person.shape[0])
    person = np.repeat(pa, per_person)
    first = np.repeat(np.cumsum(per_person) - per_person, per_person)
    j = np.arange(n_a) - first
    offsets = np.asarray(rng.integers(0, mk.days_in_month, pa.shape[0]))
    offset = offsets[person - pa[0]]
    end = (p0 + (offset + 7 * j) % mk.days_in_month).astype(np.int32)  # j < 4: distinct days of a person
    kinds_p = np.array([s.share for s in cat.KINDS])
    kind = np.array([cat.KIND_INDEX[s.kind] for s in cat.KINDS], dtype=np.int32)[
        rng.choice(len(cat.KINDS), n_a, p=kinds_p / kinds_p.sum())
    ]
    every = np.repeat(np.array([cat.KIND_INDEX[s.kind] for s in cat.KINDS]), 2)
    kind[rng.choice(n_a, every.shape[0], replace=False)] = every  # even the rarest kinds occur
    region = mk.region_of(person)
    # in chunks: temporaries of ~1 M rows stay in the allocator's heap (no page faults per array)
    # two at a time, each chunk with a generator of its own (numpy releases the GIL): deterministic
    seeds = rng.integers(0, 2**63, (n_a + CHUNK - 1) // CHUNK)
    parts = [
        (kind[i : i + CHUNK], end[i : i + CHUNK], person[i : i + CHUNK], region[i : i + CHUNK], seed)
        for i, seed in zip(range(0, n_a, CHUNK), seeds, strict=True)
    ]
    with ThreadPoolExecutor(max_workers=2) as pool:
        made = pool.map(lambda p: mk.general(p[0], p[1], p[2], p[3], np.random.default_rng(p[4])), parts)
        pool_a = list(made)  # kept as chunks: concatenated once, with every segment, at the end
    del person, first, j, offset, end, kind, region, parts
    segs.extend(pool_a)

    # -- pool B: inpatient episodes -------------------------------------------------------------------
    def period_ends(m: int) -> np.ndarray:
        return rng.integers(p0, p1 + 1, m)

    pb = mk.add_persons(s1 + s6)
    single = mk.inpatient(period_ends(s1 + s6), pb, mk.region_of(pb))
    died = np.zeros(s1 + s6, dtype=bool)
    died[rng.choice(s1 + s6, s6, replace=False)] = True
    single["outcome"] = np.where(died, DIED, single["outcome"])
    mk.set_death(pb[died], single["end"][died])
    segs.append(single)
    ph = mk.add_persons(n_hist)
    segs.append(mk.inpatient(rng.integers(h0, h1 + 1, n_hist), ph, mk.region_of(ph)))

    def pair(m: int, gaps: np.ndarray, earlier_outcome: int, palliative: bool, rule: int) -> None:
        """An earlier stay ending in the history month and a later emergency/urgent stay `gaps` days after."""
        who = mk.add_persons(m)
        reg = mk.region_of(who)
        spread = 14 if gaps.max() > READMISSION_DAYS else 5
        e1 = h1 - spread + rng.integers(0, 3, m)
        earlier = mk.inpatient(e1, who, reg)
        earlier["outcome"] = np.full(m, earlier_outcome)
        ls = e1 + gaps
        le = np.minimum(np.maximum(ls + rng.integers(1, 12, m), p0), p1)
        later = mk.inpatient(
            le, who, reg, forms={"emergency": 0.7, "urgent": 0.3}, palliative=np.full(m, palliative)
        )
        later["start"] = ls
        later["rule"] = np.full(m, rule)
        segs.extend([earlier, later])

    def gaps(m: int, lo: int, hi: int, edge: int) -> np.ndarray:
        g = rng.integers(lo, hi + 1, m)
        g[: max(1, m // 5)] = edge  # the boundary day itself
        return g

    pair(s2, gaps(s2, READMISSION_DAYS + 1, READMISSION_DAYS + 8, READMISSION_DAYS + 1), COMPLETED, False, -1)
    pair(s3, gaps(s3, 0, READMISSION_DAYS, READMISSION_DAYS), TRANSFERRED, False, -1)
    pair(s4, gaps(s4, 0, READMISSION_DAYS, READMISSION_DAYS), COMPLETED, True, -1)
    kr = k["readmission_30d"]
    g = gaps(kr, 0, READMISSION_DAYS, READMISSION_DAYS)
    g[-max(1, kr // 5) :] = 0
    pair(kr, g, COMPLETED, False, rule_ix["readmission_30d"])

    # -- single-use persons: injected defects and clean boundary cases --------------------------------
    def outpatient(m: int, kinds: tuple[str, ...], who: np.ndarray | None = None) -> Cols:
        kind = np.array([cat.KIND_INDEX[x] for x in kinds])[rng.integers(0, len(kinds), m)]
        if who is None:
            who = mk.add_persons(m)
            reg = mk.region_of(who)
        else:
            reg = rng.choice(len(mk.region_codes), m, p=mk.weights)
        return mk.general(kind, period_ends(m), who, reg)

    # rule 3, service after death (5.0): died 1..200 days before the service
    m = k["service_after_death"]
    c = outpatient(m, OUTPATIENT_DEFECT_KINDS)
    mk.set_death(c["person"], np.maximum(c["start"] - rng.integers(1, 201, m), mk.birth_of(c["person"])))
    c["rule"] = np.full(m, rule_ix["service_after_death"])
    segs.append(c)
    # clean boundary: an autopsy (pathology) on the day of death
    c = outpatient(n_db, ("pathology",))
    mk.set_death(c["person"], c["start"])
    segs.append(c)

    # rule 5, unknown person (5.0): valid IINs the registry does not hold
    m = k["unknown_person"]
    c = outpatient(m, OUTPATIENT_DEFECT_KINDS, who=mk.add_unknown(m))
    c["rule"] = np.full(m, rule_ix["unknown_person"])
    segs.append(c)

    # rule 7, death at the outpatient or ambulance level (9.0): phc and ambulance (their columns apply)
    m = k["death_not_payable"]
    c = outpatient(m, ("phc", "ambulance"))
    c["outcome"] = np.full(m, DIED)
    mk.set_death(c["person"], c["end"])
    c["rule"] = np.full(m, rule_ix["death_not_payable"])
    segs.append(c)

    # rule 6, waiting over 15 working days (7.0): planned, referral 16..40 working days before
    m = k["waiting_over_15_working_days"]
    who = mk.add_persons(m)
    half = m // 2
    a = mk.general(np.full(half, cat.KIND_INDEX["outpatient_specialized"]), period_ends(half), who[:half],
                   mk.region_of(who[:half]))  # fmt: skip
    b = mk.inpatient(period_ends(m - half), who[half:], mk.region_of(who[half:]), forms={"planned": 1.0})
    c = concat_cols([a, b])
    c["form"] = np.full(m, cat.FORM_INDEX["planned"])
    waits = rng.integers(WAIT_LIMIT + 1, 41, m)
    waits[: max(1, m // 4)] = WAIT_LIMIT + 1
    c["ref"] = mk.cal.referral_for(rng, c["start"], waits)
    c["referral"] = np.ones(m, dtype=np.int64)
    c["rule"] = np.full(m, rule_ix["waiting_over_15_working_days"])
    segs.append(c)

    # rule 8, outside the contract (11.0): unknown id, another provider's, kind not bought, term ended
    m = k["outside_contract"]
    c = outpatient(m, ("phc",))
    variant = np.arange(m) % 4
    poly = cat.TYPE_INDEX["polyclinic"]
    reg = mk.provider_region[c["provider"]]
    c["contract"] = np.where(variant == 0, -1, c["contract"])
    other = (
        mk.block_start[poly, reg] + (c["provider"] - mk.block_start[poly, reg] + 1) % mk.block_size[poly, reg]
    )
    c["contract"] = np.where(variant == 1, other, c["contract"])
    hosp = mk.provider_for(np.full(m, cat.TYPE_INDEX["hospital"]), reg)
    c["provider"] = np.where(variant == 2, hosp, c["provider"])
    c["contract"] = np.where(variant == 2, hosp, c["contract"])
    expired = np.flatnonzero(variant == 3)
    if expired.size:
        c["contract"][expired] = mk.add_expired_contracts(c["provider"][expired])
    c["rule"] = np.full(m, rule_ix["outside_contract"])
    segs.append(c)

    # rule 2, round-the-clock instead of day hospital (3.4): planned, listed diagnosis, stay <= 3 days
    m = k["round_the_clock_instead_of_day_hospital"]
    if m:
        segs.append(_short_stays(mk, m, dh_codes, rule_ix["round_the_clock_instead_of_day_hospital"]))
    if n_short:
        listed = set(dh_codes)
        others = [code for _, code in cat.inpatient_codes() if code not in listed]
        segs.append(_short_stays(mk, n_short, others, -1))

    # rule 9 / 12.1, charged for covered care: decided by the coverage engine (set-based, few rows)
    segs.extend(_paid(mk, k, n_cp, n_cpm, rule_ix))

    # issue 15: overlapping stays, bed-days after death, practitioners' loads, repeated visits, late
    # referrals, stays without a profile, a clinical diagnosis the autopsy does not confirm
    segs.extend(synth_records.build(mk, shape, rule_ix))

    # rule 4, duplicate case (5.1): copies of clean outpatient claims, later in claim_id order
    m = k["duplicate_case"]
    defect_kinds = [cat.KIND_INDEX[x] for x in OUTPATIENT_DEFECT_KINDS]
    sizes = np.array([part["kind"].shape[0] for part in pool_a])
    starts = np.r_[0, np.cumsum(sizes)[:-1]]
    eligible = np.concatenate(
        [
            start + np.flatnonzero(np.isin(part["kind"], defect_kinds))
            for start, part in zip(starts, pool_a, strict=True)
        ]
    )
    rows = np.sort(rng.choice(eligible, m, replace=False))
    which = np.searchsorted(starts, rows, side="right") - 1
    dup = concat_cols(
        [{col: v[rows[which == i] - starts[i]] for col, v in part.items()} for i, part in enumerate(pool_a)]
    )
    dup["rule"] = np.full(m, rule_ix["duplicate_case"])
    segs.append(dup)
    return segs, mk.registry()


def _short_stays(mk: ClaimMaker, m: int, codes: list[str], rule: int) -> Cols:
    rng = mk.rng
    who = mk.add_persons(m)
    c = mk.inpatient(rng.integers(mk.p0, mk.p1 + 1, m), who, mk.region_of(who), forms={"planned": 1.0})
    stay = rng.integers(1, SHORT_STAY + 1, m)
    stay[: max(1, m // 4)] = SHORT_STAY
    c["start"] = c["end"] - stay
    pick = rng.integers(0, len(codes), m)
    mk.fit_beds(c, who, pick, codes)  # the listed diagnoses, on a bed that fits the age
    # the referral was drawn for the 4+ day stay's start; draw it again for the new start
    has = c["ref"] >= 0
    c["ref"] = np.where(has, mk.cal.referral_for(rng, c["start"], rng.integers(0, WAIT_LIMIT + 1, m)), -1)
    c["rule"] = np.full(m, rule)
    return c


def _paid(mk: ClaimMaker, k: dict[str, int], n_cp: int, n_cpm: int, rule_ix: dict[str, int]) -> list[Cols]:
    """Paid-by-patient rows: covered ones carry 12.0 / 12.1, not-covered ones are clean.

    Candidates (single-use persons, half insured, half with a lapsed insurance) are decided by
    `decide_frame` exactly as the rule asks: date = start_date; person birth_date, sex, residency,
    insured (insured_from <= start_date <= insured_to, open end when null), state_paid_category; service
    kind, form, icd10, referral, life_threatening. Both are given explicitly (never unknown).
    """
    rng = mk.rng
    k9, k121 = k["charged_for_covered"], k["charged_for_own_medicines"]
    parts: list[Cols] = []
    yes_n = no_n = 0
    for _ in range(20):  # candidates in rounds until both kinds of answer are numerous enough
        if yes_n >= k9 + k121 and no_n >= n_cp + n_cpm:
            break
        part = _paid_candidates(mk, 3 * (k9 + k121) + 3 * (n_cp + n_cpm) + 40)
        parts.append(part)
        yes_n += int((part["covered"] == 1).sum())
        no_n += int((part["covered"] == 0).sum())
    else:
        raise ValueError("too few covered / not covered candidates for the paid-by-patient rows")
    c = {col: np.concatenate([p[col] for p in parts]) for col in parts[0]}
    covered = c.pop("covered")
    yes = np.flatnonzero(covered == 1)
    no = np.flatnonzero(covered == 0)
    yes, no = rng.permutation(yes), rng.permutation(no)
    pick = {"paid": yes[:k9], "med": yes[k9 : k9 + k121], "cp": no[:n_cp], "cpm": no[n_cp : n_cp + n_cpm]}
    out = []
    for key, rows in pick.items():
        s = {col: v[rows].copy() for col, v in c.items()}
        m = rows.shape[0]
        if key in ("paid", "cp"):
            s["paid"] = _tenge_paid(rng, m, (5_000, 50_000))
        else:
            s["paid_med"] = _tenge_paid(rng, m, (2_000, 30_000))
        if key == "paid":
            s["rule"] = np.full(m, rule_ix["charged_for_covered"])
        elif key == "med":
            s["rule"] = np.full(m, rule_ix["charged_for_own_medicines"])
        out.append(s)
    return out


def _paid_candidates(mk: ClaimMaker, m: int) -> Cols:
    """`m` candidate claims with `covered` (1 / 0 / -1 error); covered ones only of the defect kinds."""
    rng = mk.rng
    who = mk.add_persons(m, insured_share=0.5, lapsed_share=0.5)
    kind = np.array([cat.KIND_INDEX[x] for x in PAID_KINDS])[rng.integers(0, len(PAID_KINDS), m)]
    inp = kind == cat.KIND_INDEX["inpatient"]
    ends = rng.integers(mk.p0, mk.p1 + 1, m)
    reg = mk.region_of(who)
    g = mk.general(np.where(inp, cat.KIND_INDEX["outpatient_specialized"], kind), ends, who, reg)
    h = mk.inpatient(ends, who, reg)
    c = {col: np.where(inp, h[col], g[col]) for col in g}
    c["life"] = np.where(c["life"] < 0, 0, c["life"])
    c["referral"] = np.where(c["referral"] < 0, 0, c["referral"])
    covered = _covered(mk, c)
    mapped = np.isin(c["kind"], [cat.KIND_INDEX[x] for x in COVERED_DEFECT_KINDS])
    c["covered"] = np.where((covered == 1) & ~mapped, -1, covered)
    return c


def _tenge_paid(rng: np.random.Generator, m: int, bounds: tuple[int, int]) -> np.ndarray:
    return rng.integers(bounds[0], bounds[1], m).astype(np.int64) * 100


def _covered(mk: ClaimMaker, c: Cols) -> np.ndarray:
    """1 covered by gvfmc or cshi, 0 not covered, -1 an error, per candidate (one decide_frame call)."""
    p = mk.registry_view()
    who = c["person"]
    start = c["start"]
    ins_from, ins_to = p["insured_from"][who], p["insured_to"][who]
    insured = (ins_from >= 0) & (ins_from <= start) & ((ins_to < 0) | (start <= ins_to))
    cats = pl.Series(STATE_PAID_CATEGORIES, dtype=pl.Utf8)
    category = p["category"][who]

    def iso(d: np.ndarray) -> pl.Series:
        return pl.Series(d, dtype=pl.Int32).cast(pl.Date).dt.strftime("%Y-%m-%d")

    def gather(values: tuple[str, ...] | pl.Series, idx: np.ndarray) -> pl.Series:
        s = values if isinstance(values, pl.Series) else pl.Series(list(values), dtype=pl.Utf8)
        i = pl.Series(np.where(idx >= 0, idx, 0), dtype=pl.Int64)
        return s.gather(i).set(pl.Series(idx < 0), None)

    def tri(v: np.ndarray) -> pl.Series:
        return pl.Series(v == 1, dtype=pl.Boolean).set(pl.Series(v < 0), None)

    frame = pl.DataFrame(
        {
            "date": iso(start),
            "person.birth_date": iso(p["birth"][who]),
            "person.sex": gather(SEXES, p["female"][who].astype(np.int64)),
            "person.residency": gather(RESIDENCIES, p["residency"][who]),
            "person.insured": pl.Series(insured, dtype=pl.Boolean),
            "person.state_paid_category": gather(cats, category),
            "service.kind": gather(CARE_KINDS, c["kind"]),
            "service.form": gather(CARE_FORMS, c["form"]),
            "service.icd10": gather(cat.all_codes(), c["icd"]),
            "service.referral": tri(c["referral"]),
            "service.life_threatening": tri(c["life"]),
        }
    )
    d = decide_frame(C.typed(frame))
    ok = d["error"].is_null().to_numpy()
    yes = (d["covered"].fill_null(False) & d["funding"].is_in(["gvfmc", "cshi"])).to_numpy()
    return np.where(~ok, -1, np.where(yes, 1, 0))
