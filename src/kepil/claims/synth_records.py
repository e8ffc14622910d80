"""The segments of a synthetic month for the algorithms of issue 15 (`monitoring-rules` app1 rows 3, 4, 5, 6,
11, 22): each defect on rows of its own, with persons of their own, so that no other rule fires on them.

- overlapping_inpatient_stays (5.0): a person in two emergency stays at two hospitals sharing 1+ nights;
  both claims are the defect;
- stay_past_death (5.0): an emergency stay whose patient died after its start and before its end;
- practitioner_daily_load (3.0): one practitioner (an id of its own) recording 97..110 PHC visits of
  different people on one day; every one of them is the defect;
- practitioner_monthly_load (3.0): one practitioner with 1,057..1,100 PHC visits over 20 days (at most 55
  a day), injected in months of at least 20,000 claims only (it needs the volume);
- repeated_visits (3.1): a person's 5..7 PHC visits to one polyclinic for one diagnosis on different days;
  the visits from the 5th day on are the defect;
- referral_after_start (1.2): planned specialist visits whose referral is dated 1..10 days after them;
- referral_after_admission (2.0): planned stays whose referral is dated 1..3 days after the admission;
- diagnosis_not_confirmed_by_pathology (10.0): a stay ending in death and the person's autopsy on the day
  of death with a diagnosis of another three-character category.
Clean practitioners record about 300 visits a month (about 10 a day), far below the limits.
"""

from __future__ import annotations

import numpy as np

from kepil.claims import synth_catalog as cat
from kepil.claims.synth_claims import COMPLETED, DIED, ClaimMaker, Cols

DAILY_VISITS = (97, 110)  # an overloaded day: over the daily limit of 96
MONTHLY_VISITS = (1_057, 1_100)  # an overloaded month: over 1,056
MONTHLY_FROM = 20_000  # months smaller than this get no overloaded month (it needs the volume)
REPEATS = (5, 7)  # visits of one case: the 5th day on is beyond it
CLEAN_VISITS_PER_PRACTITIONER = 300
RULES = (
    "overlapping_inpatient_stays",
    "stay_past_death",
    "practitioner_daily_load",
    "practitioner_monthly_load",
    "repeated_visits",
    "referral_after_start",
    "referral_after_admission",
    "diagnosis_not_confirmed_by_pathology",
)


def sizes(rng: np.random.Generator, n: int, k: dict[str, int]) -> dict[str, np.ndarray]:
    """The shape of each injected segment, drawn before the clean pool is sized: for the load rules the
    visits of each overloaded day / month, for repeated_visits the visits of each person; for the rest
    one entry per claim (pairs for the overlaps)."""
    months = 1 if n >= MONTHLY_FROM else 0
    return {
        "practitioner_daily_load": rng.integers(*_inclusive(DAILY_VISITS), k["practitioner_daily_load"]),
        "practitioner_monthly_load": rng.integers(*_inclusive(MONTHLY_VISITS), months),
        "repeated_visits": rng.integers(*_inclusive(REPEATS), k["repeated_visits"]),
        **{r: np.ones(k[r], dtype=np.int64) for r in RULES if r not in _SHAPED},
    }


_SHAPED = ("practitioner_daily_load", "practitioner_monthly_load", "repeated_visits")


def _inclusive(bounds: tuple[int, int]) -> tuple[int, int]:
    return bounds[0], bounds[1] + 1


def claim_count(shape: dict[str, np.ndarray]) -> int:
    """How many claims of the period the segments make."""
    pairs = ("overlapping_inpatient_stays", "diagnosis_not_confirmed_by_pathology")
    return int(sum(int(v.sum()) * (2 if r in pairs else 1) for r, v in shape.items()))


def build(mk: ClaimMaker, shape: dict[str, np.ndarray], rule_ix: dict[str, int]) -> list[Cols]:
    rng = mk.rng
    p0, p1 = mk.p0, mk.p1
    segs: list[Cols] = []
    hospital = cat.TYPE_INDEX["hospital"]

    def stays(m: int, ends: np.ndarray) -> tuple[np.ndarray, Cols]:
        """`m` emergency stays ending on `ends`, each of a new person."""
        who = mk.add_persons(m)
        return who, mk.inpatient(ends, who, mk.region_of(who), forms={"emergency": 1.0})

    # -- 5.0 two stays at once: A ends in the period, B starts inside A at another hospital
    m = int(shape["overlapping_inpatient_stays"].sum())
    if m:
        who, a = stays(m, rng.integers(p0 + 8, p1 - 10, m))
        a["start"] = a["end"] - rng.integers(4, 12, m)
        b = mk.inpatient(a["end"], who, mk.region_of(who), forms={"emergency": 1.0})
        b["start"] = a["end"] - rng.integers(1, 3, m)  # shares 1..2 nights with A
        b["end"] = b["start"] + rng.integers(3, 9, m)
        reg = mk.provider_region[a["provider"]]
        other = mk.block_start[hospital, reg] + (
            (a["provider"] - mk.block_start[hospital, reg] + 1) % mk.block_size[hospital, reg]
        )
        b["provider"] = b["contract"] = other
        a["rule"] = b["rule"] = np.full(m, rule_ix["overlapping_inpatient_stays"])
        segs += [a, b]

    # -- 5.0 bed-days after the death: start <= death < end
    m = int(shape["stay_past_death"].sum())
    if m:
        who, c = stays(m, rng.integers(p0, p1 + 1, m))
        stay = rng.integers(2, 12, m)
        c["start"] = c["end"] - stay
        mk.set_death(who, c["start"] + (rng.random(m) * stay).astype(np.int64))
        c["outcome"] = np.full(m, COMPLETED)
        c["rule"] = np.full(m, rule_ix["stay_past_death"])
        segs.append(c)

    # -- 3.0 a practitioner's day, a practitioner's month (their own practitioner ids)
    practitioner = 0
    for rule in ("practitioner_daily_load", "practitioner_monthly_load"):
        for visits in shape[rule]:
            v = int(visits)
            if rule == "practitioner_daily_load":
                days = np.full(v, int(rng.integers(p0, p1 + 1)))
            else:
                first = int(rng.integers(p0, p1 - 19))
                days = first + np.arange(v) % 20  # 20 days, at most 55 visits each
            c = _phc_visits(mk, v, days)
            c["pract"] = np.full(v, practitioner)
            practitioner += 1
            c["rule"] = np.full(v, rule_ix[rule])
            segs.append(c)

    # -- 3.1 a case of 5..7 days of visits: the 5th day on
    visits = shape["repeated_visits"]
    if visits.size:
        m = int(visits.sum())
        person = np.repeat(mk.add_persons(visits.size), visits)
        head = np.repeat(np.cumsum(visits) - visits, visits)  # each visit's person's first row
        nth = np.arange(m) - head
        start_day = np.repeat(rng.integers(p0, p1 - 8, visits.size), visits)
        c = _phc_visits(mk, m, start_day + nth, person)
        # one polyclinic and one diagnosis per person
        c["provider"] = c["contract"] = c["provider"][head]
        c["icd"] = c["icd"][head]
        c["rule"] = np.where(nth >= REPEATS[0] - 1, rule_ix["repeated_visits"], -1)
        segs.append(c)

    # -- 1.2 planned specialist visits before their referral
    m = int(shape["referral_after_start"].sum())
    if m:
        who = mk.add_persons(m)
        c = mk.general(np.full(m, cat.KIND_INDEX["outpatient_specialized"]), rng.integers(p0, p1 + 1, m), who,
                       mk.region_of(who))  # fmt: skip
        c["form"] = np.full(m, cat.FORM_INDEX["planned"])
        c["ref"] = c["start"] + rng.integers(1, 11, m)
        c["referral"] = np.ones(m, dtype=c["referral"].dtype)
        c["rule"] = np.full(m, rule_ix["referral_after_start"])
        segs.append(c)

    # -- 2.0 planned stays whose referral is dated after the admission
    m = int(shape["referral_after_admission"].sum())
    if m:
        who = mk.add_persons(m)
        c = mk.inpatient(rng.integers(p0, p1 + 1, m), who, mk.region_of(who), forms={"planned": 1.0})
        c["ref"] = c["start"] + rng.integers(1, 4, m)
        c["referral"] = np.ones(m, dtype=c["referral"].dtype)
        c["rule"] = np.full(m, rule_ix["referral_after_admission"])
        segs.append(c)
    # -- 10.0 a death and its autopsy in another ICD-10 category, on the day of death
    m = int(shape["diagnosis_not_confirmed_by_pathology"].sum())
    if m:
        who, c = stays(m, rng.integers(p0, p1 + 1, m))
        c["outcome"] = np.full(m, DIED)
        mk.set_death(who, c["end"])
        c["rule"] = np.full(m, rule_ix["diagnosis_not_confirmed_by_pathology"])
        autopsy = mk.general(np.full(m, cat.KIND_INDEX["pathology"]), c["end"], who, mk.region_of(who))
        codes = cat.all_codes()
        pathology = next(s for s in cat.KINDS if s.kind == "pathology").icd10
        clinical = np.array([codes[i][:3] for i in c["icd"]])
        choices = [[mk.codes[x] for x in pathology if x[:3] != cl] for cl in clinical]
        autopsy["icd"] = np.array([ch[int(rng.integers(0, len(ch)))] for ch in choices])  # a few rows
        segs += [c, autopsy]
    return segs


def _phc_visits(mk: ClaimMaker, m: int, days: np.ndarray, who: np.ndarray | None = None) -> Cols:
    """`m` PHC visits on `days` at one polyclinic (of the first person's region), persons of their own."""
    if who is None:
        who = mk.add_persons(m)
    region = mk.region_of(who[:1])
    c = mk.general(np.full(m, cat.KIND_INDEX["phc"]), days, who, np.repeat(region, m))
    poly = mk.provider_for(np.array([cat.TYPE_INDEX["polyclinic"]]), region)
    c["provider"] = c["contract"] = np.full(m, int(poly[0]))
    c["start"] = days.copy()
    c["outcome"] = np.full(m, COMPLETED)
    return c


def practitioners(c: Cols, n_providers: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """(index, injected): each clean claim gets one of its provider's practitioners — as many as give about
    `CLEAN_VISITS_PER_PRACTITIONER` claims each; an injected practitioner keeps its own index."""
    injected = c["pract"] >= 0
    counts = np.bincount(c["provider"][~injected], minlength=n_providers)
    per = np.maximum(1, -(-counts // CLEAN_VISITS_PER_PRACTITIONER))
    drawn = (rng.random(c["provider"].shape[0]) * per[c["provider"]]).astype(np.int64)
    return np.where(injected, c["pract"], drawn), injected


__all__ = ["RULES", "build", "claim_count", "practitioners", "sizes"]
