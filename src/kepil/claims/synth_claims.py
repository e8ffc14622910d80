"""The claims of `kepil synth`, segment by segment, as numpy columns (see `synth.py` for the whole).

Internal columns (int64 arrays, -1 = null): person (index into the registry; negative = a person unknown
to the registry), provider, contract (-1 = a contract id that does not exist), kind, form, funding, icd,
profile, start, end, ref (days since 1970-01-01), outcome, amount, paid, paid_med (tiyn), referral, life
(-1/0/1), rule (index into CLAIM_RULES; -1 clean), pract (an injected practitioner's index; -1: the
provider's own practitioners, drawn at the end: synth_records.practitioners).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import cache

import numpy as np
import polars as pl

from kepil.claims import synth_catalog as cat
from kepil.claims import synth_people as people
from kepil.data import data_path
from kepil.law.care import CARE_KINDS
from kepil.reference import calendar
from kepil.reference.icd10 import CodeRanges

Cols = dict[str, np.ndarray]
COLUMNS = (
    "person", "provider", "contract", "kind", "form", "funding", "icd", "profile", "start", "end", "ref",
    "outcome", "amount", "paid", "paid_med", "referral", "life", "rule", "pract",
)  # fmt: skip
COMPLETED, TRANSFERRED, DIED = 0, 1, 2
WAIT_LIMIT = 15  # working days, monitoring-rules app1 code 7.0
READMISSION_DAYS = 30  # calendar days, monitoring-rules app1 code 4.0
SHORT_STAY = 3  # days, the issue-5 parameter of rule 2 (3.4)
REFERRAL_KINDS = ("outpatient_specialized", "day_hospital", "inpatient", "rehabilitation")
# Kinds whose classifier column is unambiguous and applies for the code injected (see docs/claims-data.md).
OUTPATIENT_DEFECT_KINDS = ("phc", "outpatient_specialized", "ambulance")
DAY_HOSPITAL_FILE = ("monitoring_rules", "day_hospital_indicated.csv")


MONEY = ("amount", "paid", "paid_med")


def dtype_of(col: str) -> type[np.signedinteger]:
    """int64 for money (tiyn), int32 for the rest (days, indices, codes): half the memory at 10 M rows."""
    return np.int64 if col in MONEY else np.int32


def empty_cols(m: int, filled: Sequence[str] = COLUMNS) -> Cols:
    """`m` rows: the `filled` columns null (-1) or money 0; the others uninitialised (caller sets them)."""
    return {
        col: np.full(m, 0 if col in MONEY else -1, dtype=dtype_of(col))
        if col in filled or col == "pract"
        else np.empty(m, dtype=dtype_of(col))
        for col in COLUMNS
    }


def concat_cols(parts: Sequence[Cols]) -> Cols:
    return {c: np.concatenate([p[c] for p in parts]).astype(dtype_of(c), copy=False) for c in COLUMNS}


@cache
def day_hospital_list() -> CodeRanges | None:
    """The day-hospital-indicated ICD-10 list the rules ship (rule 2), or None while it is absent.

    Read tolerantly: a column named icd10 / code / codes / range / ranges, else the first column; each
    value a code or a range ("K40-K46").
    """
    path = data_path(*DAY_HOSPITAL_FILE)
    if not path.is_file():
        return None
    t = pl.read_csv(path, infer_schema=False, comment_prefix="#")
    names = [c for c in t.columns if c.strip().lower() in ("icd10", "code", "codes", "range", "ranges")]
    col = names[0] if names else t.columns[0]
    values = [v for v in t[col].drop_nulls().to_list() if v.strip()]
    return CodeRanges.parse(", ".join(values)) if values else None


class Calendar:
    """Working-day index over a span of days: wi[d] = working days from the span's start up to d."""

    def __init__(self, first: int, last: int) -> None:
        self.first = first
        n = last - first + 1
        dates = [people.EPOCH + dt.timedelta(days=first + i) for i in range(n)]
        self.working = np.array([calendar.is_working_day(d) for d in dates], dtype=bool)
        self.wi = np.cumsum(self.working)

    def referral_for(self, rng: np.random.Generator, start: np.ndarray, waits: np.ndarray) -> np.ndarray:
        """A referral day with exactly `waits` working days after it up to and including `start`."""
        target = self.wi[start - self.first] - waits
        lo = np.searchsorted(self.wi, target, side="left")
        hi = np.minimum(np.searchsorted(self.wi, target, side="right"), start - self.first + 1)
        pick = lo + (rng.random(start.shape[0]) * np.maximum(hi - lo, 1)).astype(np.int64)
        # the day must hold index `target`: wi[lo] == target is the working day itself; later days until
        # the next working day keep it. (When target <= 0 the span is too short: a programming error.)
        if (lo <= 0).any():
            raise ValueError("calendar span too short for the referral dates")
        return pick + self.first

    def waited(self, ref: np.ndarray, start: np.ndarray) -> np.ndarray:
        return self.wi[start - self.first] - self.wi[ref - self.first]


class ClaimMaker:
    """Holds the generator, period, providers, contracts and the person registry while segments are made."""

    def __init__(self, rng: np.random.Generator, n: int, start: dt.date, end: dt.date, hist: dt.date) -> None:
        self.rng = rng
        self.n = n
        self.start, self.end, self.hist = start, end, hist
        self.p0, self.p1, self.h0 = people.days(start), people.days(end), people.days(hist)
        self.days_in_month = self.p1 - self.p0 + 1
        self.cal = Calendar(self.h0 - 200, self.p1)
        self.codes = {c: i for i, c in enumerate(cat.all_codes())}
        self.profiles = [p for p, _ in cat.INPATIENT]
        self.weights = people.region_weights()
        self.region_codes = people.region_codes()
        self._blocks: list[Cols] = []
        self._n_persons = 0
        self.person_iins = np.zeros(0, dtype=np.int64)
        self.unknown_iins = np.zeros(0, dtype=np.int64)
        self._view: Cols | None = None
        self._deaths: list[tuple[np.ndarray, np.ndarray]] = []

    # -- providers and contracts ---------------------------------------------------------------------
    def make_providers(self, unlicensed_share: float) -> None:
        n, w = self.n, self.weights
        per_type = {
            "polyclinic": np.maximum(2, np.round(n * w / 8_000)),
            "hospital": np.maximum(1, np.round(n * w / 30_000)),
            "ambulance_station": np.maximum(1, np.round(n * w / 200_000)),
            "palliative_centre": np.maximum(1, np.round(n * w / 500_000)),
            "national": np.array([1 if c in ("astana", "almaty") else 0 for c in self.region_codes]),
        }
        types, regions = [], []
        for t in cat.PROVIDER_TYPES:
            counts = per_type[t].astype(np.int64)
            types.append(np.full(int(counts.sum()), cat.TYPE_INDEX[t]))
            regions.append(np.repeat(np.arange(len(self.region_codes)), counts))
        self.provider_type = np.concatenate(types)
        self.provider_region = np.concatenate(regions)
        np_ = self.provider_type.shape[0]
        # block lookup: providers are sorted by (type, region)
        key = self.provider_type * 100 + self.provider_region
        assert (np.diff(key) >= 0).all()
        self.block_start = np.zeros((len(cat.PROVIDER_TYPES), len(self.region_codes)), dtype=np.int64)
        self.block_size = np.zeros_like(self.block_start)
        for ti in range(len(cat.PROVIDER_TYPES)):
            for ri in range(len(self.region_codes)):
                idx = np.flatnonzero((self.provider_type == ti) & (self.provider_region == ri))
                if idx.size:
                    self.block_start[ti, ri], self.block_size[ti, ri] = idx[0], idx.size
        nat = np.flatnonzero(self.provider_type == cat.TYPE_INDEX["national"])
        self.block_start[cat.TYPE_INDEX["national"], :] = nat[0]
        self.block_size[cat.TYPE_INDEX["national"], :] = nat.size
        iso = [r.split("-")[1] for r in _isos()]
        seq = np.arange(np_)
        self.provider_ids = [f"P{iso[r]}-{i + 1:05d}" for r, i in zip(self.provider_region, seq, strict=True)]
        self.provider_region_codes = [self.region_codes[r] for r in self.provider_region]
        # one contract per provider for the contract year(s) covering the history month and the period,
        # and the longest stay before them (60 days, treatment abroad): a clean case lies within its
        # contract's term (monitoring-rules app1.23), also one that began before 1 January
        year0 = dt.date((self.hist - dt.timedelta(days=60)).year, 1, 1)
        licensed: np.ndarray = np.greater_equal(self.rng.random(np_), unlicensed_share)
        if licensed.all():
            licensed[self.rng.integers(0, np_)] = False
        # the national centres and the only provider of a (type, region) block stay licensed, so that
        # unlicensed care stays a small share
        licensed[nat] = True
        self.contracts: Cols = {
            "provider": seq,
            "type": self.provider_type.copy(),
            "start": np.full(np_, people.days(year0)),
            "end": np.full(np_, people.days(dt.date(self.end.year, 12, 31))),
            "licensed": licensed,
            "margin": np.divide(self.rng.integers(100_000, 130_000, np_), 100_000),
        }
        self.contract_ids = [f"K{self.start.year}-{i + 1:06d}" for i in seq]

    def add_expired_contracts(self, providers: np.ndarray) -> np.ndarray:
        """A contract per provider whose term ended the day before the period (rule 8, term); their ids."""
        m = providers.shape[0]
        first = len(self.contract_ids)
        c = self.contracts
        c["provider"] = np.r_[c["provider"], providers]
        c["type"] = np.r_[c["type"], self.provider_type[providers]]
        c["start"] = np.r_[c["start"], np.full(m, self.p0 - 365)]
        c["end"] = np.r_[c["end"], np.full(m, self.p0 - 1)]
        c["licensed"] = np.r_[c["licensed"], np.ones(m, dtype=bool)]
        c["margin"] = np.r_[c["margin"], np.ones(m)]
        self.contract_ids += [f"K{self.start.year}-{first + i + 1:06d}" for i in range(m)]
        return first + np.arange(m)

    def provider_for(
        self, ptype: np.ndarray, region: np.ndarray, rng: np.random.Generator | None = None
    ) -> np.ndarray:
        size = self.block_size[ptype, region]
        if (size == 0).any():
            raise ValueError("a (type, region) block without providers")
        u = (rng or self.rng).random(ptype.shape[0])
        return self.block_start[ptype, region] + (u * size).astype(np.int64)

    # -- persons -------------------------------------------------------------------------------------
    def add_persons(self, m: int, **kw: float) -> np.ndarray:
        """`m` new living persons of the registry; their global indices."""
        region = self.rng.choice(len(self.region_codes), m, p=self.weights).astype(np.int32)
        block = people.persons(self.rng, m, region, self.hist, **kw)
        self._blocks.append(block)
        first = self._n_persons
        self._n_persons += m
        return (first + np.arange(m)).astype(np.int32)

    def add_unknown(self, m: int) -> np.ndarray:
        """`m` people unknown to the registry (valid IINs from serials 9000+); negative indices -1, -2..."""
        born = people.birth_days(self.rng, m, self.hist)
        female = self.rng.random(m) < 0.5
        first = self.unknown_iins.shape[0]
        self.unknown_iins = np.r_[self.unknown_iins, people.make_iins(born, female, serial_base=9_000)]
        if np.unique(self.unknown_iins).shape[0] != self.unknown_iins.shape[0]:
            raise ValueError("unknown people must be added in one call")
        return -(first + np.arange(m)) - 1

    def registry_view(self) -> Cols:
        """The registry so far (no IINs yet), concatenated once per change."""
        if self._view is None or self._view["birth"].shape[0] != self._n_persons:
            self._view = {c: np.concatenate([b[c] for b in self._blocks]) for c in self._blocks[0]}
        return self._view

    def _lookup(self, col: str, person: np.ndarray) -> np.ndarray:
        # persons are indexed block by block: only the blocks the indices fall in are read
        starts = np.cumsum([0] + [b["birth"].shape[0] for b in self._blocks])
        lo, hi = int(person.min()), int(person.max())
        first = int(np.searchsorted(starts, lo, side="right")) - 1
        last = int(np.searchsorted(starts, hi, side="right")) - 1
        values = np.concatenate([b[col] for b in self._blocks[first : last + 1]])
        return values[person - starts[first]]

    def region_of(self, person: np.ndarray) -> np.ndarray:
        return self._lookup("region", person)

    def birth_of(self, person: np.ndarray) -> np.ndarray:
        return self._lookup("birth", person)

    def set_death(self, person: np.ndarray, day: np.ndarray) -> None:
        self._deaths.append((person, day))

    def registry(self) -> Cols:
        p = self.registry_view()
        self._view, self._blocks = None, [p]
        for who, day in self._deaths:
            p["death"][who] = day
        p["iin"] = people.make_iins(p["birth"], p["female"])
        self.person_iins = p["iin"]
        return p

    # -- claim columns -------------------------------------------------------------------------------
    def general(
        self,
        kind: np.ndarray,
        end: np.ndarray,
        person: np.ndarray,
        region: np.ndarray,
        rng: np.random.Generator | None = None,
    ) -> Cols:
        """Clean claims of non-inpatient kinds ending on `end`: form, diagnosis, stay, amount, provider...

        `rng`: a generator of the caller's (chunks made in parallel each have their own); default the
        maker's."""
        rng = rng or self.rng
        m = kind.shape[0]
        c = empty_cols(m, filled=("profile", "rule", "paid", "paid_med"))
        c["person"][:], c["kind"][:], c["end"][:] = person, kind, end
        c["outcome"][:] = np.where(rng.random(m) < 0.985, COMPLETED, TRANSFERRED)
        u = rng.random(m)
        order = np.argsort(kind, kind="stable")
        bounds = np.searchsorted(kind[order], np.arange(len(CARE_KINDS) + 1))
        general = [cat.KIND_INDEX[spec.kind] for spec in cat.KINDS]
        if sum(int(bounds[k + 1] - bounds[k]) for k in general) != m:  # every row is filled below
            raise ValueError("general() is for the kinds of the catalogue; inpatient has its own")
        for spec in cat.KINDS:
            ki = cat.KIND_INDEX[spec.kind]
            sel = order[bounds[ki] : bounds[ki + 1]]  # the rows of this kind
            s = sel.shape[0]
            if not s:
                continue
            icd = np.array([self.codes[x] for x in spec.icd10])
            c["icd"][sel] = icd[rng.integers(0, icd.size, s)]
            forms = list(spec.forms)
            fi = rng.choice(len(forms), s, p=list(spec.forms.values()))
            c["form"][sel] = np.array([-1 if f is None else cat.FORM_INDEX[f] for f in forms])[fi]
            c["start"][sel] = end[sel] - rng.integers(spec.stay[0], spec.stay[1] + 1, s)
            c["amount"][sel] = _tenge(rng, spec.tenge, s)
            c["funding"][sel] = np.less(rng.random(s), spec.funding_cshi)
            types = list(spec.providers)
            ti = rng.choice(len(types), s, p=list(spec.providers.values()))
            ptype = np.array([cat.TYPE_INDEX[t] for t in types])[ti]
            c["provider"][sel] = self.provider_for(ptype, region[sel], rng)
        c["contract"][:] = c["provider"]
        emergency = c["form"] == cat.FORM_INDEX["emergency"]
        c["life"][:] = np.where(emergency, np.less(u, 0.5), np.where(u < 0.95, 0, -1))
        self._referrals(c, rng)
        return c

    def fit_beds(self, c: Cols, person: np.ndarray, pick: np.ndarray, codes: Sequence[str] = ()) -> None:
        """The bed fits the age (cat.CHILD_INPATIENT): a child under 18 on admission (the caps' age group)
        on a child's bed, an adult never on a paediatric one. The same draw `pick` is read in the age's
        list, so no other draw moves; a person not in the registry (negative index) is read as an adult.
        `codes`: only these diagnoses (a rule's list); an age none of them fits keeps the whole list."""
        known = person >= 0
        if not known.any():
            child = known
        else:
            born = np.where(known, self.birth_of(np.where(known, person, person[known][0])), 0)
            adult_on = pl.Series(born, dtype=pl.Int32).cast(pl.Date).dt.offset_by("18y").cast(pl.Int32)
            child = known & (c["start"] < adult_on.to_numpy())
        everything = cat.inpatient_codes()
        for chosen, fit in ((child, cat.CHILD_INPATIENT), (~child, cat.adult_inpatient_codes())):
            pairs = [pair for pair in fit if not codes or pair[1] in codes]
            pairs = pairs or [pair for pair in everything if pair[1] in codes]
            at = pick[chosen] % len(pairs)
            c["icd"][chosen] = np.array([self.codes[code] for _, code in pairs])[at]
            c["profile"][chosen] = np.array([self.profiles.index(p) for p, _ in pairs])[at]

    def inpatient(
        self,
        end: np.ndarray,
        person: np.ndarray,
        region: np.ndarray,
        *,
        forms: dict[str, float] | None = None,
        palliative: np.ndarray | None = None,
    ) -> Cols:
        """Clean round-the-clock cases ending on `end` (planned stays >= 4 days: rule 2 cannot fire)."""
        rng, m = self.rng, end.shape[0]
        c = empty_cols(m)
        c["person"][:], c["end"][:] = person, end
        c["kind"][:] = cat.KIND_INDEX["inpatient"]
        pick = np.asarray(rng.integers(0, len(cat.inpatient_codes()), m))
        form_p = forms or cat.INPATIENT_FORMS
        names = list(form_p)
        pick_form = rng.choice(len(names), m, p=list(form_p.values()))
        c["form"][:] = np.array([cat.FORM_INDEX[f] for f in names])[pick_form]
        planned = c["form"] == cat.FORM_INDEX["planned"]
        stay = np.where(planned, rng.integers(SHORT_STAY + 1, 15, m), rng.integers(1, 13, m))
        c["start"][:] = end - stay
        self.fit_beds(c, person, pick)
        c["amount"][:] = _tenge(rng, cat.INPATIENT_TENGE, m)
        c["funding"][:] = np.where(planned & (rng.random(m) < 0.7), 1, 0)
        c["outcome"][:] = np.where(rng.random(m) < 0.95, COMPLETED, TRANSFERRED)
        ptype = np.full(m, cat.TYPE_INDEX["hospital"])
        if palliative is not None:
            ptype = np.where(palliative, cat.TYPE_INDEX["palliative_centre"], ptype)
        c["provider"][:] = self.provider_for(ptype, region)
        c["contract"][:] = c["provider"]
        u = rng.random(m)
        emergency = c["form"] == cat.FORM_INDEX["emergency"]
        c["life"][:] = np.where(emergency, np.less(u, 0.6), np.where(u < 0.95, 0, -1))
        self._referrals(c, rng)
        return c

    def _referrals(self, c: Cols, rng: np.random.Generator) -> None:
        """Planned care of the referral kinds: a referral issued 0..15 working days before the start
        (15 included: the boundary of 7.0); a tenth of urgent specialist visits carry an older one."""
        m = c["kind"].shape[0]
        kinds = np.isin(c["kind"], [cat.KIND_INDEX[k] for k in REFERRAL_KINDS])
        planned = kinds & (c["form"] == cat.FORM_INDEX["planned"]) & (rng.random(m) < 0.9)
        waits = np.where(rng.random(m) < 0.1, WAIT_LIMIT, rng.integers(0, WAIT_LIMIT + 1, m))
        urgent = (
            (c["kind"] == cat.KIND_INDEX["outpatient_specialized"])
            & (c["form"] == cat.FORM_INDEX["urgent"])
            & (rng.random(m) < 0.1)
        )
        waits = np.where(urgent, rng.integers(WAIT_LIMIT + 1, 40, m), waits)
        has = planned | urgent
        c["ref"][:] = np.where(has, self.cal.referral_for(rng, c["start"], waits), -1)
        c["referral"][:] = np.where(has, 1, np.where(kinds & (rng.random(m) < 0.5), 0, -1))


def _tenge(rng: np.random.Generator, bounds: tuple[int, int], m: int) -> np.ndarray:
    """Amounts in tiyn, whole tenge, log-uniform between the bounds (in tenge)."""
    lo, hi = np.log(bounds[0]), np.log(bounds[1])
    return (np.exp(rng.uniform(lo, hi, m)).astype(np.int64)) * 100


@cache
def _isos() -> tuple[str, ...]:
    from kepil.reference.regions import regions

    return tuple(r.iso_3166_2 for r in regions())
