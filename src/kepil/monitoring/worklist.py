"""The review worklist: the claims of a period chosen for expert review (`monitoring-rules` 13: what the
automated algorithms cannot judge — the medical record, a clinical judgement — a person does; app1 rows
marked `review` by kepil.law.monitoring_rules.rows).

A claim is chosen, set-based in one DuckDB query over the period's claims, for any of:
- `random`: its draw is below `share` — the draw is the first 32 bits of MD5(seed:claim_id) over 2**32,
  so the same (seed, claim) always draws the same number and a smaller share chooses a subset;
- `value`: its amount is at least `min_amount` (tiyn);
- `deviation`: its amount is at least `deviation` times the average amount of its group — the optional
  claims column `ccg` (clinical cost group) when the claim gives one, else its kind of care and diagnosis
  (`inpatient:I21.9`) — among the period's claims of every region; groups of fewer than `min_group` claims
  have no meaningful average and choose nothing;
- `death`: a round-the-clock case that ended in death (app1 row 21: whether a death in hospital is to be
  paid only the review of the lethal case can tell).

The worklist of a (period, region) is stored with its parameters and the tariff book's penalty bases (the
findings' penalties need them) and replaced when made again; the findings experts record on its claims are
defects (kepil.monitoring.findings) and stay whatever happens to the worklist. The pages and the API may
narrow a stored worklist (a smaller share, a higher threshold or deviation, some reasons) but not widen it.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
from sqlalchemy import Engine, delete, insert, select

from kepil.errors import InvalidInput
from kepil.i18n import Text
from kepil.reference.calendar import month_bounds
from kepil.store import audit
from kepil.store.db import reading, transaction
from kepil.store.models import MONITORING_ALL_REGIONS, MonitoringWorklist, MonitoringWorklistItem

REASONS = ("random", "value", "deviation", "death")
GROUP_COLUMN = "ccg"  # the optional claims column of the clinical cost group (docs/payment.md)
MAX_MONEY = 10**15  # tiyn: far above any claim, within every engine's integers


@dataclass(frozen=True, slots=True)
class Selection:
    """The parameters of a worklist. `share` in [0, 1]; `min_amount` tiyn or None (off); `deviation` a
    factor >= 1 or None (off); `min_group` claims; `deaths` includes hospital deaths; `seed` of the draw."""

    share: float = 0.01
    min_amount: int | None = None
    deviation: float | None = 3.0
    min_group: int = 5
    deaths: bool = True
    seed: int = 1

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


BAD = Text(
    "{value!r}: {expected}",
    "{value!r}: {expected}",
    "{value!r}: {expected}",
)
EXPECTED: dict[str, Text] = {
    "share": Text("0 мен 1 аралығындағы үлес күтіледі (мысалы 0.02)",
                  "ожидается доля от 0 до 1 (например 0.02)",
                  "expected a share between 0 and 1 (e.g. 0.02)"),
    "min_amount": Text("тиынмен оң бүтін сан күтіледі", "ожидается целое положительное число тиынов",
                       "expected a positive whole number of tiyn"),
    "deviation": Text("1-ден кем емес еселік күтіледі (мысалы 3)",
                      "ожидается кратность не меньше 1 (например 3)",
                      "expected a factor of at least 1 (e.g. 3)"),
    "min_group": Text("1-ден кем емес бүтін сан күтіледі", "ожидается целое число не меньше 1",
                      "expected a whole number of at least 1"),
    "seed": Text("теріс емес бүтін сан күтіледі", "ожидается неотрицательное целое число",
                 "expected a whole number of 0 or more"),
}  # fmt: skip


def _bad(field: str, value: object) -> InvalidInput:
    e = EXPECTED[field]
    return InvalidInput(field, Text(f"{value!r}: {e.kk}", f"{value!r}: {e.ru}", f"{value!r}: {e.en}"))


def checked(s: Selection) -> Selection:
    """`s` when every parameter is in range; InvalidInput naming the first that is not."""
    if not (isinstance(s.share, int | float) and math.isfinite(s.share) and 0 <= s.share <= 1):
        raise _bad("share", s.share)
    if s.min_amount is not None and not (isinstance(s.min_amount, int) and 0 < s.min_amount <= MAX_MONEY):
        raise _bad("min_amount", s.min_amount)
    if s.deviation is not None and not (
        isinstance(s.deviation, int | float) and math.isfinite(s.deviation) and 1 <= s.deviation <= 1e6
    ):
        raise _bad("deviation", s.deviation)
    if not (isinstance(s.min_group, int) and 1 <= s.min_group <= 10**9):
        raise _bad("min_group", s.min_group)
    if not (isinstance(s.seed, int) and 0 <= s.seed < 2**63):
        raise _bad("seed", s.seed)
    return s


def _path(p: Path) -> str:
    return str(p).replace("'", "''")


def select_claims(claims: Path, period: str, region: str | None, s: Selection) -> tuple[pa.Table, int]:
    """(the chosen claims with their facts, draw, group, average, deviation and reasons; the claims
    judged) — one DuckDB query over the normalised claims file."""
    first, last = month_bounds(period, "period")
    con = duckdb.connect()
    try:
        described = con.execute(f"DESCRIBE SELECT * FROM read_parquet('{_path(claims)}')").fetchall()
        columns = {r[0] for r in described}
        group = (
            f"coalesce('ccg:' || {GROUP_COLUMN}, care_kind || ':' || icd10)"
            if GROUP_COLUMN in columns
            else "care_kind || ':' || icd10"
        )
        params: dict[str, Any] = {
            "first": first, "last": last, "region": region, "share": float(s.share),
            "min_amount": s.min_amount, "deviation": s.deviation, "min_group": s.min_group,
            "deaths": s.deaths, "seed": str(s.seed),
        }  # fmt: skip
        n = con.execute(
            f"SELECT count(*) FROM read_parquet('{_path(claims)}') WHERE end_date BETWEEN $first AND $last "
            "AND ($region IS NULL OR region = $region)",
            {k: params[k] for k in ("first", "last", "region")},
        ).fetchall()[0]
        table = con.sql(
            f"""
            WITH period AS (
                SELECT claim_id, contract_id, provider_id, region, care_kind, icd10, outcome, start_date,
                       end_date, amount, {group} AS group_key
                FROM read_parquet('{_path(claims)}') WHERE end_date BETWEEN $first AND $last),
            grouped AS (
                SELECT *, avg(amount) OVER (PARTITION BY group_key) AS mean,
                       count(*) OVER (PARTITION BY group_key) AS members
                FROM period),
            judged AS (
                SELECT *,
                       ('0x' || substr(md5($seed || ':' || claim_id), 1, 8))::BIGINT / 4294967296.0 AS draw,
                       CASE WHEN mean > 0 THEN amount / mean ELSE 0 END AS deviation
                FROM grouped WHERE $region IS NULL OR region = $region),
            reasons AS (
                SELECT *, list_filter([
                    CASE WHEN draw < $share THEN 'random' END,
                    CASE WHEN $min_amount IS NOT NULL AND amount >= $min_amount THEN 'value' END,
                    CASE WHEN $deviation IS NOT NULL AND members >= $min_group AND mean > 0
                              AND amount >= $deviation * mean THEN 'deviation' END,
                    CASE WHEN $deaths AND care_kind = 'inpatient' AND outcome = 'died' THEN 'death' END
                ], lambda x: x IS NOT NULL) AS reasons
                FROM judged)
            SELECT claim_id, region AS claim_region, contract_id, provider_id, care_kind, icd10, outcome,
                   start_date, end_date, amount, group_key,
                   CAST(floor(mean + 0.5) AS BIGINT) AS group_mean, deviation, draw, reasons
            FROM reasons WHERE len(reasons) > 0 ORDER BY claim_id
            """,
            params=params,
        ).to_arrow_table()
    finally:
        con.close()
    return table, int(n[0])


def save(
    engine: Engine,
    period: str,
    region: str | None,
    s: Selection,
    chosen: pa.Table,
    judged: int,
    bases: list[dict[str, Any]],
    actor: str,
) -> dict[str, Any]:
    """Store the worklist of (period, region), replacing the one made before (one transaction, audited)."""
    key = region or MONITORING_ALL_REGIONS
    rows = chosen.to_pylist()
    with transaction(engine) as session:
        before = session.get(MonitoringWorklist, (period, key))
        session.execute(
            delete(MonitoringWorklistItem).where(
                MonitoringWorklistItem.period == period, MonitoringWorklistItem.region == key
            )
        )
        if before is not None:
            session.delete(before)
            session.flush()
        head = MonitoringWorklist(
            period=period, region=key, params=s.as_dict(), bases=bases, claims=judged, selected=len(rows),
            created_by=actor,
        )  # fmt: skip
        session.add(head)
        session.flush()
        if rows:
            session.execute(
                insert(MonitoringWorklistItem),
                [r | {"period": period, "region": key} for r in rows],
            )
        audit.record(session, actor, "worklist", "monitoring_worklist", f"{period}/{key}", None,
                     {"params": s.as_dict(), "claims": judged, "selected": len(rows)})  # fmt: skip
    return {"period": period, "region": key, "claims": judged, "selected": len(rows), "params": s.as_dict()}


def make(
    claims: Path,
    persons: Path,
    contracts: Path,
    period: str,
    region: str | None,
    s: Selection,
    engine: Engine,
    *,
    tariffs: Path | None = None,
    workdir: Path,
    actor: str = "cli",
) -> dict[str, Any]:
    """Validate the inputs (kepil.claims.inputs), choose the claims and store the worklist."""
    from kepil.claims.inputs import load_inputs
    from kepil.monitoring.run import penalty_bases

    checked(s)
    inputs = load_inputs(claims, persons, contracts, workdir)
    chosen, judged = select_claims(inputs.claims, period, region, s)
    bases = penalty_bases(tariffs).to_pylist() if tariffs is not None else []
    return save(engine, period, region, s, chosen, judged, bases, actor)


@dataclass(frozen=True, slots=True)
class Narrowing:
    """What a page or the API shows of a stored worklist: a share up to the stored one, a threshold and a
    deviation at least the stored ones, some of the reasons, one provider."""

    share: float | None = None
    min_amount: int | None = None
    deviation: float | None = None
    reasons: tuple[str, ...] = ()
    provider: str | None = None


NOT_WIDER = Text(
    "{field}: сақталған тізімнен кең болмайды (сақталғаны {stored}); кеңірек тізімді `kepil monitor "
    "worklist` жасайды",
    "{field}: не шире сохранённого списка (сохранён {stored}); более широкий список делает `kepil monitor "
    "worklist`",
    "{field}: cannot be wider than the stored worklist ({stored}); `kepil monitor worklist` makes a "
    "wider one",
)
NO_WORKLIST = Text(
    "{period} ({region}) кезеңінің тексеру тізімі жасалмаған (`kepil monitor worklist`)",
    "список экспертизы за {period} ({region}) не составлен (`kepil monitor worklist`)",
    "no review worklist of {period} ({region}) is stored (`kepil monitor worklist`)",
)


def header(engine: Engine, period: str, region: str | None) -> MonitoringWorklist | None:
    with reading(engine) as session:
        return session.get(MonitoringWorklist, (period, region or MONITORING_ALL_REGIONS))


def items(
    engine: Engine, period: str, region: str | None, n: Narrowing, limit: int = 100, offset: int = 0
) -> tuple[dict[str, Any], int, list[dict[str, Any]]]:
    """(the worklist's header, how many of its claims the narrowing keeps, one page of them)."""
    head = header(engine, period, region)
    if head is None:
        key = region or MONITORING_ALL_REGIONS
        raise InvalidInput("period", NO_WORKLIST.format(period=period, region=key))
    p = head.params
    if n.share is not None and n.share > p["share"]:
        raise InvalidInput("share", NOT_WIDER.format(field="share", stored=p["share"]))
    if n.min_amount is not None and p["min_amount"] is not None and n.min_amount < p["min_amount"]:
        raise InvalidInput("min_amount", NOT_WIDER.format(field="min_amount", stored=p["min_amount"]))
    if n.deviation is not None and p["deviation"] is not None and n.deviation < p["deviation"]:
        raise InvalidInput("deviation", NOT_WIDER.format(field="deviation", stored=p["deviation"]))
    bad = [r for r in n.reasons if r not in REASONS]
    if bad:
        raise InvalidInput("reason", Text(*(f"{bad[0]!r}: {x}" for x in (
            "күтіледі: " + ", ".join(REASONS), "ожидается: " + ", ".join(REASONS),
            "expected one of " + ", ".join(REASONS)))))  # fmt: skip
    W = MonitoringWorklistItem
    conds = [W.period == head.period, W.region == head.region]
    if n.provider is not None:
        conds.append(W.provider_id == n.provider)
    with reading(engine) as session:
        rows = [_item(i) for i in session.scalars(select(W).where(*conds).order_by(W.claim_id))]
    kept = [r for r in rows if _keeps(r, n, p)]
    out = {
        "period": head.period, "region": head.region, "params": p, "claims": head.claims,
        "selected": head.selected, "created_at": head.created_at, "created_by": head.created_by,
    }  # fmt: skip
    return out, len(kept), kept[offset : offset + limit]


def _keeps(r: dict[str, Any], n: Narrowing, p: dict[str, Any]) -> bool:
    """Whether a stored claim stays chosen under the narrower parameters (any of its reasons that still
    holds, among the reasons asked for)."""
    still = []
    for reason in r["reasons"]:
        if reason == "random":
            ok = n.share is None or r["draw"] < n.share
        elif reason == "value":
            ok = n.min_amount is None or r["amount"] >= n.min_amount
        elif reason == "deviation":
            ok = n.deviation is None or r["deviation"] >= n.deviation
        else:
            ok = True
        if ok and (not n.reasons or reason in n.reasons):
            still.append(reason)
    r["reasons_now"] = still
    return bool(still)


def _item(i: MonitoringWorklistItem) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for c in MonitoringWorklistItem.__table__.columns:
        v = getattr(i, c.key)
        out[c.key] = v.isoformat() if isinstance(v, dt.date) else v
    return out


def item(engine: Engine, period: str, claim_id: str) -> dict[str, Any] | None:
    """A claim of any stored worklist of `period` (its facts a finding needs), or None."""
    W = MonitoringWorklistItem
    with reading(engine) as session:
        found = session.scalars(select(W).where(W.period == period, W.claim_id == claim_id).limit(1)).first()
        return None if found is None else _item(found)


def stored_bases(engine: Engine, period: str, region: str) -> list[dict[str, Any]]:
    """The penalty bases stored with the worklist of (period, region key)."""
    with reading(engine) as session:
        head = session.get(MonitoringWorklist, (period, region))
        return [] if head is None else list(head.bases)


__all__ = ["REASONS", "Narrowing", "Selection", "checked", "item", "items", "make", "save", "select_claims"]


def providers(engine: Engine, period: str) -> list[str]:
    """The providers with claims on the period's worklists (the page's filter chooses among them)."""
    W = MonitoringWorklistItem
    with reading(engine) as s:
        found = s.scalars(select(W.provider_id).where(W.period == period).distinct())
        return sorted(p for p in found if p)
