"""Build the demonstration dataset into a directory (default `demo/`, gitignored):

- `kepil.db`: an SQLite store migrated to the code's head, holding
  - the providers of a synthetic national month (`kepil.claims.synth`) with realistic names and ATUs, and
    their purchase contracts with the Fund (`kepil.store.providers`);
  - a few hundred attachments (`phc-attachment-rules` 10.2 free choice, 10.3 the campaign) made by the
    registry's own `attach`, so the grounds and documents are checked as the API checks them;
  - two monitored months (`monitoring-rules` 13): 2026-02, run once on the claims presented in time, then
    paid (13, 53) and run again with the late claims, so hidden defects with notice and refund deadlines
    exist (53, 53-1); and 2026-03, with two objections (26), one withdrawn, and its review worklist (13);
  - the stored reports of the caps, access and medicines pages when `kepil.reports` provides them, and
    the latest month's payment (`kepil pay --store`: program-2026-2028 77, appendix 2) with the example
    tariff book and the month's attachments, for the payments page;
- `keys.json`: one API key per role (admin, analyst, the Fund's staff, a PHC registrar, a provider):
  [{role, organisation, key}];
- `about.json`: what the pages can be tried with (an attached IIN, a free one, a claim with defects, ...);
- `stamp.json`: what the build was made from; a later call reuses the directory while it matches.

Everything is deterministic for (claims, seed) except the API keys (secrets are drawn anew on a rebuild).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
from sqlalchemy import Engine, func, select

from kepil import __version__
from kepil.claims import synth_catalog as cat
from kepil.claims.synth import generate
from kepil.data import data_path
from kepil.demo.access_data import write_access_data
from kepil.demo.names import site
from kepil.errors import CommandFailed, InvalidInput
from kepil.i18n import Text
from kepil.law.phc_attachment_rules.application import parse_application
from kepil.law.program_2026_2028.payment.run import pay_to_files
from kepil.law.program_2026_2028.tariffs import load_tariffs
from kepil.monitoring import workflow
from kepil.monitoring import worklist as wl
from kepil.monitoring.run import run_monitoring
from kepil.reference.iin import parse_iin
from kepil.reference.regions import region as find_region
from kepil.reports.access import store_access
from kepil.reports.caps import store_utilisation
from kepil.reports.medicines import store_medicines, synthetic_patients
from kepil.reports.payment import store_payment
from kepil.store import attachments as registry
from kepil.store.db import make_engine, reading
from kepil.store.keys import create_key
from kepil.store.migrate import head, upgrade
from kepil.store.models import MonitoringDefect
from kepil.store.providers import ContractIn, ProviderIn, add_contract, put_provider

# Raise when what a build holds changes, so that `kepil demo` rebuilds an older directory by itself.
DEMO_VERSION = 4  # 2: the fund key, the review worklist and an open hidden defect (issue 15); 3: access
# data of all 20 regions, plausible medicine doses, the reports named the demonstration data (issue 18);
# 4: inpatient beds that fit the patient's age (kepil.claims.synth_catalog.CHILD_INPATIENT), the latest
# month's payment stored for the payments page (issues 16, 18)
DEFAULT_CLAIMS = 200_000
DEFAULT_SEED = 7
ACTOR = "demo"
PERIODS = ("2026-02", "2026-03")
# The Fund's days (the monitoring-rules text kepil holds applies from 15 March 2026): 2026-02 is monitored
# on the claims presented in time, paid, then monitored again with the late claims (53); 2026-03 is
# monitored the Monday after its claims were presented (26 counts from the day of detection).
FIRST_RUN = dt.date(2026, 3, 16)
PAID_ON = dt.date(2026, 3, 31)
SECOND_RUN = dt.date(2026, 4, 6)
LATE_SHARE = 10  # one claim of the period in LATE_SHARE is presented late
ATTACHMENTS = 300
TARIFFS = ("program_2026_2028", "tariffs_example_2026.yaml")
REGISTRAR_REGION = "astana"
MEDICINE_PATIENTS = 2_000
MEDICINES_YEAR = 2026

Step = Callable[[Text, float], None]

NOT_WRITABLE = Text(
    "{dir}: бұл қалтаға жазу мүмкін емес ({reason}); басқа --dir беріңіз",
    "{dir}: в эту папку нельзя писать ({reason}); укажите другой --dir",
    "{dir}: cannot write to this directory ({reason}); give another --dir",
)
STEPS: dict[str, Text] = {
    "reuse": Text("бұрынғы демо деректері қолданылады", "используются прежние демо-данные",
                  "reusing the demonstration data built before"),
    "synth": Text("{period} синтетикалық айы: {claims} жағдай",
                  "синтетический месяц {period}: {claims} {claims|случай|случая|случаев}",
                  "synthetic month {period}: {claims} {claims|claim|claims}"),
    "store": Text("дерекқор құрылды (көші-қон {head})", "база создана (миграция {head})",
                  "store created (migration {head})"),
    "providers": Text("{providers} медициналық ұйым, {contracts} сатып алу шарты",
                      "{providers} "
                      "{providers|медицинская организация|медицинские организации|медицинских организаций}, "
                      "{contracts} {contracts|договор|договора|договоров} закупа",
                      "{providers} {providers|provider|providers}, {contracts} purchase "
                      "{contracts|contract|contracts}"),
    "attachments": Text("{n} бекіту (phc-attachment-rules 10.2, 10.3)",
                        "{n} {n|прикрепление|прикрепления|прикреплений} (phc-attachment-rules 10.2, 10.3)",
                        "{n} {n|attachment|attachments} (phc-attachment-rules 10.2, 10.3)"),
    "monitoring": Text("{period} мониторингі: {defects} ақау, жасырын {hidden} (monitoring-rules 13, 53)",
                       "мониторинг {period}: {defects} {defects|дефект|дефекта|дефектов}, скрытых "
                       "{hidden} (monitoring-rules 13, 53)",
                       "monitoring {period}: {defects} {defects|defect|defects}, {hidden} hidden "
                       "(monitoring-rules 13, 53)"),
    "paid": Text("{period} төленді {on}", "{period} оплачен {on}", "{period} paid on {on}"),
    "objections": Text("{n} қарсылық (monitoring-rules 26)", "{n} "
    "{n|возражение|возражения|возражений} (monitoring-rules 26)",
                       "{n} {n|objection|objections} (monitoring-rules 26)"),
    "worklist": Text("{period} сараптама тізімі: {claims} жағдайдан {selected}",
                     "список экспертизы {period}: {selected} из {claims} {claims|случая|случаев|случаев}",
                     "review worklist {period}: {selected} of {claims} {claims|claim|claims}"),
    "report": Text("сақталған есеп: {kind} {scope}", "сохранённый отчёт: {kind} {scope}",
                   "stored report: {kind} {scope}"),
    "payment": Text("{period} ақы төлеу: {claims} жағдайдың {priced} бағаланды (2-қосымша)",
                    "оплата {period}: оценено {priced} из {claims} {claims|случая|случаев|случаев} "
                    "(приложение 2)",
                    "payment {period}: {priced} of {claims} {claims|claim|claims} priced (appendix 2)"),
    "keys": Text("{n} кілт: {path}", "{n} {n|ключ|ключа|ключей}: {path}", "{n} {n|key|keys}: {path}"),
}  # fmt: skip


@dataclass
class DemoInfo:
    dir: Path
    database_url: str
    keys_path: Path
    keys: list[dict[str, Any]]
    about: dict[str, Any]
    reused: bool
    seconds: float = 0.0
    steps: list[tuple[str, float]] = field(default_factory=list)


def stamp_of(claims: int, seed: int) -> dict[str, Any]:
    """What a build depends on: a directory whose stamp differs is rebuilt."""
    return {
        "demo_version": DEMO_VERSION,
        "kepil": __version__,
        "schema": head(),
        "claims": claims,
        "seed": seed,
        "reports": list(REPORTS),
    }


def check_writable(directory: Path) -> None:
    """The directory exists (made if missing) and a file can be written in it; else a CommandFailed."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        probe = directory / ".kepil-write-probe"
        probe.write_text("ok", encoding="utf-8")
        probe.unlink()
    except OSError as e:
        raise CommandFailed(
            NOT_WRITABLE.format(dir=directory, reason=e.strerror or type(e).__name__)
        ) from None


def build(
    directory: Path,
    claims: int = DEFAULT_CLAIMS,
    seed: int = DEFAULT_SEED,
    *,
    rebuild: bool = False,
    step: Step | None = None,
) -> DemoInfo:
    """Build the dataset into `directory`, or reuse it when its stamp matches (unless `rebuild`)."""
    t0 = time.perf_counter()
    directory = directory.resolve()
    check_writable(directory)
    if claims < 1_000:
        raise InvalidInput(
            "--claims",
            Text(f"{claims}: кемінде 1000 жағдай қажет", f"{claims}: нужно не менее 1000 случаев",
                 f"{claims}: at least 1000 claims are needed"),
        )  # fmt: skip
    say: Step = step or (lambda _t, _s: None)
    paths = _Paths(directory)
    want = stamp_of(claims, seed)
    if not rebuild and _reusable(paths, want):
        say(STEPS["reuse"], 0.0)
        return _info(paths, reused=True, seconds=time.perf_counter() - t0)
    _clean(paths)
    steps: list[tuple[str, float]] = []

    @contextmanager
    def timed(label: Callable[[], Text]) -> Iterator[None]:
        s0 = time.perf_counter()
        yield
        seconds = time.perf_counter() - s0
        text = label()
        steps.append((text.en, seconds))
        say(text, seconds)

    months: dict[str, Path] = {}
    for i, period in enumerate(PERIODS):
        months[period] = paths.data / period
        with timed(lambda period=period: STEPS["synth"].format(period=period, claims=f"{claims:,}")):  # type: ignore[misc]
            generate(claims, seed + i, months[period], period)
            if period != PERIODS[-1]:
                _distinct_claim_ids(months[period] / "claims.parquet", period)
    with timed(lambda: STEPS["store"].format(head=head())):
        upgrade(paths.url)
    engine = make_engine(paths.url)
    try:
        latest = months[PERIODS[-1]]
        counts: dict[str, int] = {}
        with timed(lambda: STEPS["providers"].format(**counts)):
            sites = _providers(engine, latest / "contracts.parquet", counts)
        attached: dict[str, Any] = {}
        with timed(lambda: STEPS["attachments"].format(n=attached["count"])):
            attached = _attachments(engine, latest / "persons.parquet", sites)
        monitored = _monitoring(engine, paths, months, timed)
        about = {"attachments": attached, "monitoring": monitored, "periods": list(PERIODS)}
        about["reports"] = _reports(engine, months[PERIODS[-1]], paths, timed)
        paid: dict[str, Any] = {}
        with timed(lambda: STEPS["payment"].format(**paid)):
            paid.update(_payment(engine, months[PERIODS[-1]], PERIODS[-1], paths))
        about["payment"] = paid
        keys: list[dict[str, Any]] = []
        with timed(lambda: STEPS["keys"].format(n=len(keys), path=paths.keys)):
            keys = _keys(engine, attached["registrar"], monitored["provider"])
            paths.keys.write_text(json.dumps(keys, ensure_ascii=False, indent=2), encoding="utf-8")
    finally:
        engine.dispose()  # SQLite: the last close folds the WAL into kepil.db
    paths.about.write_text(json.dumps(about, ensure_ascii=False, indent=2), encoding="utf-8")
    paths.stamp.write_text(json.dumps(want, indent=2), encoding="utf-8")  # last: a half build is not reused
    info = _info(paths, reused=False, seconds=time.perf_counter() - t0)
    info.steps = steps
    return info


# ------------------------------------------------------------------ the directory
class _Paths:
    def __init__(self, directory: Path) -> None:
        self.dir = directory
        self.db = directory / "kepil.db"
        self.url = f"sqlite:///{self.db}"
        self.keys = directory / "keys.json"
        self.about = directory / "about.json"
        self.stamp = directory / "stamp.json"
        self.data = directory / "data"
        self.runs = directory / "runs"


def _reusable(paths: _Paths, want: dict[str, Any]) -> bool:
    if not (paths.stamp.is_file() and paths.db.is_file() and paths.keys.is_file() and paths.about.is_file()):
        return False
    try:
        return bool(json.loads(paths.stamp.read_text(encoding="utf-8")) == want)
    except (OSError, ValueError):
        return False


def _clean(paths: _Paths) -> None:
    """Remove what an earlier build left (only kepil demo's own files; anything else stays)."""
    for p in (paths.stamp, paths.keys, paths.about, paths.db, *paths.dir.glob("kepil.db-*")):
        p.unlink(missing_ok=True)
    for d in (paths.data, paths.runs):
        shutil.rmtree(d, ignore_errors=True)


def _info(paths: _Paths, reused: bool, seconds: float) -> DemoInfo:
    return DemoInfo(
        dir=paths.dir,
        database_url=paths.url,
        keys_path=paths.keys,
        keys=json.loads(paths.keys.read_text(encoding="utf-8")),
        about=json.loads(paths.about.read_text(encoding="utf-8")),
        reused=reused,
        seconds=seconds,
    )


def _distinct_claim_ids(claims: Path, period: str) -> None:
    """The generator numbers every month's claims alike: an earlier month's ids get its period as a
    prefix, so that a claim id names one claim across the demonstration's months."""
    t = pl.read_parquet(claims)
    t = t.with_columns(
        pl.format("{}-{}", pl.lit(period.replace("-", "")), pl.col("claim_id")).alias("claim_id")
    )
    t.write_parquet(claims)


# ------------------------------------------------------------------ providers and contracts
def _providers(engine: Engine, contracts_file: Path, counts: dict[str, int]) -> dict[str, dict[str, Any]]:
    """Register the month's providers (type from their contract's kinds of care, region from the id's
    ISO 3166-2 number) and their contracts; returns {provider id: {kind, region, atu, name, rural}}."""
    contracts = pl.read_parquet(contracts_file).sort("contract_id")
    kind_of = {";".join(kinds): kind for kind, kinds in cat.CONTRACT_KINDS.items()}
    seen: dict[tuple[str, str], int] = {}
    sites: dict[str, dict[str, Any]] = {}
    for row in contracts.unique("provider_id", keep="first", maintain_order=True).iter_rows(named=True):
        pid = row["provider_id"]
        kind = kind_of[row["care_kinds"]]
        region_code = find_region(f"KZ-{pid[1:].split('-')[0]}").code
        k = seen.get((kind, region_code), 0)
        seen[(kind, region_code)] = k + 1
        s = site(kind, region_code, k)
        provider = ProviderIn(
            id=pid,
            name=s.name,
            region=region_code,
            atu=s.atu,
            rural=s.rural,
            phc=kind == "polyclinic",
            palliative=bool(row["palliative"]),
            mis_integrated=True,
            licence_number=f"KZ{zlib.crc32(pid.encode()) % 10**8:08d}DVB" if row["licensed"] else None,
            licence_valid_from=dt.date(2020, 1, 1) if row["licensed"] else None,
            gp_positions=12 if kind == "polyclinic" else None,
        )
        put_provider(engine, provider, ACTOR)
        sites[pid] = {"kind": kind, "region": region_code, "atu": s.atu, "name": s.name, "rural": s.rural}
    for row in contracts.iter_rows(named=True):
        contract = ContractIn(
            number=row["contract_id"],
            start=row["start_date"],
            end=row["end_date"],
            care_kinds=row["care_kinds"].split(";"),
            sum_tiyn=int(row["sum"]),
        )
        add_contract(engine, row["provider_id"], contract, ACTOR)
    counts.update(providers=len(sites), contracts=contracts.height)
    return sites


# ------------------------------------------------------------------ attachments
def _attachments(engine: Engine, persons_file: Path, sites: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Adult citizens of the month's persons attach by free choice (10.2) to PHC organisations in their
    ATU during the first half of 2026; one in six moves to another organisation of the same ATU in the
    attachment campaign (10.3, 15 September – 15 November). The registrar's organisation is the first PHC
    organisation of Astana, which gets a larger share."""
    phc = sorted(pid for pid, s in sites.items() if s["kind"] == "polyclinic")
    registrar = next(pid for pid in phc if sites[pid]["region"] == REGISTRAR_REGION)
    by_atu: dict[str, list[str]] = {}
    for pid in phc:
        by_atu.setdefault(sites[pid]["atu"], []).append(pid)
    persons = (
        pl.read_parquet(persons_file, columns=["iin", "birth_date", "residency", "death_date"])
        .filter(
            (pl.col("residency") == "citizen")
            & pl.col("death_date").is_null()
            & (pl.col("birth_date") < dt.date(1990, 1, 1))
        )
        .sort("iin")
    )
    iins = [i for i in persons["iin"].to_list() if parse_iin(i).valid][: ATTACHMENTS + 1]
    free_iin = iins.pop()  # not attached: the application form can be tried with it
    made = moved = 0
    sample: str | None = None
    for n, iin in enumerate(iins):
        org = registrar if n % 4 == 0 else phc[n % len(phc)]
        atu = sites[org]["atu"]
        start = dt.date(2026, 1, 5) + dt.timedelta(days=(n * 7) % 170)
        _attach(engine, iin, org, atu, "free_choice", start)
        made += 1
        others = [p for p in by_atu[atu] if p != org]
        if n % 6 == 0 and others:
            day = dt.date(2026, 9, 15) + dt.timedelta(days=n % 60)
            _attach(engine, iin, others[0], atu, "attachment_campaign", day)
            made += 1
            moved += 1
        if org == registrar and sample is None and not (n % 6 == 0 and others):
            sample = iin
    return {
        "count": made,
        "moved": moved,
        "registrar": registrar,
        "registrar_name": sites[registrar]["name"],
        "registrar_atu": sites[registrar]["atu"],
        "attached_iin": sample,
        "free_iin": free_iin,
    }


def _attach(engine: Engine, iin: str, org: str, atu: str, ground: str, day: dt.date) -> None:
    raw: dict[str, Any] = {
        "iin": iin,
        "organisation_id": org,
        "ground": ground,
        "date": day.isoformat(),
        "person_category": "citizen",
        "residence_atu": atu,
    }
    registry.attach(engine, parse_application(raw), raw, ACTOR)


# ------------------------------------------------------------------ monitoring
def _monitoring(
    engine: Engine, paths: _Paths, months: dict[str, Path], timed: Callable[..., Any]
) -> dict[str, Any]:
    tariffs = data_path(*TARIFFS)
    first, last = PERIODS
    feb = months[first]
    on_time = feb / "claims_on_time.parquet"
    # the claims presented in time: all but one in LATE_SHARE of the period's (by a hash of the id)
    start = dt.date.fromisoformat(f"{first}-01")
    claims = pl.read_parquet(feb / "claims.parquet")
    late = (pl.col("end_date") >= start) & (pl.col("claim_id").hash(7) % LATE_SHARE == 0)
    claims.filter(~late).write_parquet(on_time)
    done: dict[str, Any] = {}

    def run(period: str, claims_file: Path, detected: dt.date, out: str) -> Any:
        month = months[period]
        s = run_monitoring(
            claims_file, month / "persons.parquet", month / "contracts.parquet", paths.runs / out,
            period=period, tariffs=tariffs, database_url=paths.url, detected_on=detected,
        )  # fmt: skip
        done.update(period=period, defects=s.defects, hidden=(s.store or {}).get("hidden", 0))
        return s

    label = lambda: STEPS["monitoring"].format(**done)  # noqa: E731
    with timed(label):
        run(first, on_time, FIRST_RUN, f"{first}-on-time")
    with timed(lambda: STEPS["paid"].format(period=first, on=PAID_ON)):
        workflow.record_paid(engine, first, None, PAID_ON)
    with timed(label):
        run(first, feb / "claims.parquet", SECOND_RUN, first)
    with timed(label):
        run(last, months[last] / "claims.parquet", SECOND_RUN, last)
    provider, claim_id = _busiest_provider(engine, months[last] / "contracts.parquet", last)
    objected: list[str] = []
    with timed(lambda: STEPS["objections"].format(n=len(objected))):
        objected = _objections(engine, provider, last)
        hidden = _hidden(engine, first)
    chosen: dict[str, Any] = {}
    with timed(lambda: STEPS["worklist"].format(**chosen)):
        chosen.update(_worklist(engine, months[last], last, tariffs, paths))
    return {
        "provider": provider,
        "claim_id": claim_id,
        "objected": objected,
        "hidden_notified": hidden,
        "hidden_open": _hidden_open(engine, first, hidden),
        "worklist_period": last,
        "worklist_claims": _worklist_claims(engine, last, provider),
    }


WORKLIST = wl.Selection(share=0.05, min_amount=None, deviation=3.0, seed=DEFAULT_SEED)


def _worklist(engine: Engine, month: Path, period: str, tariffs: Path, paths: _Paths) -> dict[str, Any]:
    """The review worklist of the latest month (monitoring-rules 13): a 5 % random share, the claims of 3×
    their diagnosis's average or more, the hospital deaths."""
    claims, persons, contracts = (month / f"{name}.parquet" for name in ("claims", "persons", "contracts"))
    work = paths.runs / "worklist"
    out = wl.make(
        claims, persons, contracts, period, None, WORKLIST, engine, tariffs=tariffs, workdir=work, actor=ACTOR
    )
    return {"period": period, "selected": out["selected"], "claims": out["claims"]}


def _worklist_claims(engine: Engine, period: str, provider: str) -> list[str]:
    """A few worklist claims of the demonstration provider (a finding on them reaches its key)."""
    _, _, rows = wl.items(engine, period, None, wl.Narrowing(provider=provider), limit=5)
    return [r["claim_id"] for r in rows]


def _hidden_open(engine: Engine, period: str, notified: list[str]) -> str | None:
    """A hidden defect nobody acted on yet, with a known penalty: the Fund's notice, unscheduled monitoring
    and refund can be tried on it."""
    with reading(engine) as s:
        return s.scalar(
            select(MonitoringDefect.id)
            .where(
                MonitoringDefect.period == period,
                MonitoringDefect.hidden.is_(True),
                MonitoringDefect.penalty.is_not(None),
                MonitoringDefect.id.not_in(notified or [""]),
            )
            .order_by(MonitoringDefect.id)
            .limit(1)
        )


def _busiest_provider(engine: Engine, contracts_file: Path, period: str) -> tuple[str, str]:
    """The provider with the most claim defects in `period` (its key shows a full dashboard), and one
    of its claims with a defect."""
    owner = dict(pl.read_parquet(contracts_file, columns=["contract_id", "provider_id"]).iter_rows())
    with reading(engine) as s:
        rows = s.execute(
            select(MonitoringDefect.contract_id, func.count())
            .where(MonitoringDefect.period == period, MonitoringDefect.claim_id.is_not(None))
            .group_by(MonitoringDefect.contract_id)
        ).all()
        per: dict[str, int] = {}
        for contract_id, n in rows:
            if contract_id in owner:
                per[owner[contract_id]] = per.get(owner[contract_id], 0) + int(n)
        provider = max(sorted(per), key=lambda p: per[p])
        contracts = sorted(c for c, p in owner.items() if p == provider)
        claim_id = s.scalar(
            select(MonitoringDefect.claim_id)
            .where(
                MonitoringDefect.period == period,
                MonitoringDefect.contract_id.in_(contracts),
                MonitoringDefect.claim_id.is_not(None),
            )
            .order_by(MonitoringDefect.claim_id)
            .limit(1)
        )
    assert claim_id is not None
    return provider, str(claim_id)


def _objections(engine: Engine, provider: str, period: str) -> list[str]:
    """The provider objects to two of its defects the day after detection (26); the Fund withdraws one."""
    from kepil.store.models import PurchaseContract

    with reading(engine) as s:
        contracts = s.scalars(
            select(PurchaseContract.number).where(PurchaseContract.provider_id == provider)
        ).all()
        ids = s.scalars(
            select(MonitoringDefect.id)
            .where(MonitoringDefect.period == period, MonitoringDefect.contract_id.in_(contracts))
            .order_by(MonitoringDefect.id)
            .limit(2)
        ).all()
    reasons = (  # as a provider writes them, in Kazakh
        "Жолдама медициналық ақпараттық жүйеде тіркелген",
        "Науқас басқа медициналық ұйымға ауыстырылған",
    )
    for defect_id, reason in zip(ids, reasons, strict=False):
        workflow.object_defect(engine, defect_id, SECOND_RUN + dt.timedelta(days=1), reason)
    if ids:
        workflow.resolve_objection(
            engine, ids[0], SECOND_RUN + dt.timedelta(days=4), "withdrawn",
            "Жолдама тіркелгені расталды (Қордың жауабы)",
        )  # fmt: skip
    return list(ids)


def _hidden(engine: Engine, period: str) -> list[str]:
    """The Fund notifies the provider of two hidden defects (53); one of them is refunded (53-1)."""
    with reading(engine) as s:
        ids = s.scalars(
            select(MonitoringDefect.id)
            .where(MonitoringDefect.period == period, MonitoringDefect.hidden.is_(True))
            .order_by(MonitoringDefect.id)
            .limit(2)
        ).all()
    for defect_id in ids:
        workflow.record_notice(engine, defect_id, SECOND_RUN + dt.timedelta(days=2))
    if ids:  # the unscheduled monitoring sets the amount (2.6, 53), then it is refunded (53-1)
        found = workflow.get_defect(engine, ids[0])
        workflow.record_unscheduled(engine, ids[0], SECOND_RUN + dt.timedelta(days=5),
                                    None if found["penalty"] is not None else 0)  # fmt: skip
        workflow.record_refund(engine, ids[0], SECOND_RUN + dt.timedelta(days=9))
    return list(ids)


# ------------------------------------------------------------------ the month's payment
def _payment(engine: Engine, month: Path, period: str, paths: _Paths) -> dict[str, Any]:
    """The month priced by the example tariff book with its attachments counted by day (program-2026-2028
    77, app2) and stored for the payments page, as `kepil pay --store` does."""
    book = load_tariffs(data_path(*TARIFFS))
    out = paths.runs / f"payment-{period}.parquet"
    out.parent.mkdir(parents=True, exist_ok=True)
    attached = [month / "attachments.parquet", month / "population.parquet"]
    _rows, summary = pay_to_files(month / "claims.parquet", book, out, period=period, attached=attached)
    store_payment(engine, period, out, DEMO_SOURCE, book.year)
    claims = sum(summary.column("claims").to_pylist())
    unpriced = sum(summary.column("unpriced").to_pylist())
    return {"period": period, "claims": claims, "priced": claims - unpriced}


# ------------------------------------------------------------------ the stored reports of the pages
DEMO_SOURCE = "kepil demo"  # the stored reports' source: the pages call it "the demonstration data"
REPORTS = ("caps_utilisation", "access_criteria", "medicines")  # the stamp's names of what is stored


def _reports(engine: Engine, month: Path, paths: _Paths, timed: Callable[..., Any]) -> dict[str, Any]:
    stored: dict[str, Any] = {}
    makers: dict[str, Callable[[], Any]] = {
        "caps_utilisation": lambda: store_utilisation(
            engine, month / "claims.parquet", month / "persons.parquet", DEMO_SOURCE
        ),
        "access_criteria": lambda: store_access(
            engine, write_access_data(paths.data / "access"), source=DEMO_SOURCE
        ),
        "medicines": lambda: store_medicines(
            engine, _medicine_patients(paths), MEDICINES_YEAR, source=DEMO_SOURCE
        ),
    }
    for kind in REPORTS:
        with timed(lambda kind=kind: STEPS["report"].format(kind=kind, scope=_scope_text(stored[kind]))):
            stored[kind] = makers[kind]()
    return stored


def _scope_text(scope: Any) -> str:
    """A stored report's scope as the build's log says it: "2026", or the need's and the request's years
    joined ("2026, 2027"), never a Python tuple."""
    if isinstance(scope, tuple | list):
        return ", ".join(dict.fromkeys(str(s) for s in scope))
    return str(scope)


def _medicine_patients(paths: _Paths) -> Path:
    out = paths.data / "medicine_patients.csv"
    synthetic_patients(MEDICINE_PATIENTS).write_csv(out)
    return out


# ------------------------------------------------------------------ keys
def _keys(engine: Engine, registrar: str, provider: str) -> list[dict[str, Any]]:
    out = []
    for role, organisation in (
        ("admin", None),
        ("analyst", None),
        ("fund", None),
        ("registrar", registrar),
        ("provider", provider),
    ):
        _key_id, key = create_key(engine, role, organisation, label="kepil demo", actor=ACTOR)
        out.append({"role": role, "organisation": organisation, "key": key})
    return out
