"""Payments per organisation rather than per case: per-capita norms × the population each is paid for
(app2.1, 2.1-2.3, 2.6, 3.3, 9.1-9.3), drivers' supplements (1.2, 2.7) and tariffs per person served in
a month (complex tariffs 11-13 item 1, and 3.4, 11.4, 12.2, 13.2).

The population comes from the attachment registry (`attachments_from_store`) or from files
(`read_population`): person-level attachments (`iin`, `start`, `ended_on` ...), counted by day over the
month, or counts per organisation (`attached`, optional `person_days`). A reconciliation table says who
was paid for whom, on which days (`reconciliation`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from pathlib import Path

import ibis
import ibis.expr.types as ir
import pyarrow as pa
from ibis import _

from kepil.claims.messages import NOT_IIN
from kepil.i18n import Text
from kepil.law.program_2026_2028.payment.book import book_tables
from kepil.law.program_2026_2028.payment.claims import _M
from kepil.law.program_2026_2028.payment.expr import _int, _str, json_object
from kepil.law.program_2026_2028.payment.inputs import (
    Col,
    first_bad,
    input_checks,
    normalise_region,
    read_input,
)
from kepil.law.program_2026_2028.payment.methods import ACT, COMPLEX_CLAUSES
from kepil.law.program_2026_2028.tariffs import PER_PERSON_KEYS, TariffBook
from kepil.limits import quoted
from kepil.reference.iin_arrays import invalid_values

# The population kinds (`base`) and what each pays: (clause, item, method, book field, rural) where rural
# None pays any organisation, True only rural ones (row 9), False only the others. Drivers are paid a
# supplement of 200 % of the base official salary (БЛЖ) each (1.2, 2.7), not a norm.
PER_CAPITA_ITEMS: dict[str, tuple[tuple[str, int, str, str, bool | None], ...]] = {
    "comprehensive_per_capita_norm": (
        ("app2.2", 1, "comprehensive_per_capita_norm", "comprehensive_per_capita_norm_tiyn", False),
        ("app2.9", 1, "rural_care_package", "rural_comprehensive_per_capita_norm_tiyn", True),
        ("app2.2", 2, "incentive_component", "incentive_per_capita_tiyn", False),
        ("app2.9", 2, "incentive_component", "incentive_per_capita_tiyn", True),
        ("app2.2", 3, "urgent_care_per_capita_norm", "urgent_care_per_capita_norm_tiyn", False),
        ("app2.9", 3, "urgent_care_per_capita_norm", "urgent_care_per_capita_norm_tiyn", True),
    ),
    "per_capita_norm": (("app2.1", 1, "per_capita_norm", "per_capita_norm_tiyn", None),),
    "consolidation": (
        ("app2.2", 6, "consolidation_per_capita_norm", "consolidation_per_capita_norm_tiyn", None),
    ),
    "school_pupils": (("app2.3", 3, "school_pupils", "school_pupil_norm_tiyn", None),),
    "ambulance_drivers": (("app2.1", 2, "driver_allowance", "base_official_salary_tiyn", None),),
    "phc_drivers": (("app2.2", 7, "driver_allowance", "base_official_salary_tiyn", None),),
}
PER_CAPITA_BASES = tuple(PER_CAPITA_ITEMS)
DRIVER_SUPPLEMENT_PERCENT = 200  # app2.1 item 2, 2.7: "БЛЖ 200 %-ы мөлшеріндегі қосымша ақы"

ATTACHED_COLUMNS: tuple[Col, ...] = (
    Col("provider_id"),
    Col("region"),
    Col("attached", "int"),
    Col("base", required=False, nullable=True),
    Col("person_days", "int", required=False, nullable=True),
    Col("rural", "bool", required=False, nullable=True),
)
ATTACHMENT_COLUMNS: tuple[Col, ...] = (
    Col("provider_id"),
    Col("region"),
    Col("iin"),
    Col("start", "date"),
    Col("ended_on", "date", required=False, nullable=True),
    Col("valid_until", "date", required=False, nullable=True),
    Col("rural", "bool", required=False, nullable=True),
)
_ATTACHED = {
    "base": Text(
        "base: " + ", ".join(PER_CAPITA_BASES) + " болуы керек: {value}",
        "base: ожидается " + ", ".join(PER_CAPITA_BASES) + ": {value}",
        "base: expected " + ", ".join(PER_CAPITA_BASES) + ": {value}",
    ),
    "twice": Text(
        "ұйым мен база екі рет берілген: {value}",
        "организация и база указаны дважды: {value}",
        "the organisation and base are given twice: {value}",
    ),
    "days": Text(
        "person_days айдағы күндер × attached-тен аспауы керек: {value}",
        "person_days не может превышать attached × дней месяца: {value}",
        "person_days cannot exceed attached × the days of the month: {value}",
    ),
    "ended": Text(
        "ended_on start-тан ерте: {value}",
        "ended_on раньше start: {value}",
        "ended_on is before start: {value}",
    ),
}
POPULATION_COLUMNS = ("provider_id", "region", "base", "attached", "person_days", "rural")


def _as_path(source: Path | pa.Table, workdir: Path, name: str) -> tuple[Path, str]:
    if isinstance(source, pa.Table):
        import pyarrow.parquet as pq

        path = workdir / f"{name}.parquet"
        pq.write_table(source, path)
        return path, name
    return source, source.name


def _columns_of(con: ibis.BaseBackend, path: Path) -> set[str]:
    if path.suffix.lower() == ".parquet":
        import pyarrow.parquet as pq

        try:
            return set(pq.read_schema(path).names)
        except (OSError, pa.ArrowInvalid):
            return set()
    try:
        with path.open(encoding="utf-8-sig") as f:
            return {c.strip() for c in f.readline().split(",")}
    except (OSError, UnicodeDecodeError):
        return set()


def read_population(
    con: ibis.BaseBackend,
    sources: Sequence[Path | pa.Table],
    workdir: Path,
    month: str,
) -> tuple[ir.Table, ir.Table | None]:
    """(population, attachments): the population each organisation is paid for in `month`
    (`POPULATION_COLUMNS`; a temporary table of `con`, counted once), and the person-level attachments
    counted by day (`reconciliation` columns) when a source is person-level. A source with an `iin`
    column is person-level (the registry's attachments, base comprehensive_per_capita_norm); otherwise
    counts (`ATTACHED_COLUMNS`)."""
    first, last = _month(month)
    counts: list[ir.Table] = []
    persons: list[ir.Table] = []
    for n, source in enumerate(sources):
        path, name = _as_path(source, workdir, f"population{n}")
        if "iin" in _columns_of(con, path):
            # the registry's month may have no one attached (a new installation): not an error there
            from_store = isinstance(source, pa.Table)
            persons.append(_read_attachments(con, path, name, workdir, first, last, from_store))
        else:
            counts.append(_read_counts(con, path, name, workdir, days=(last - first).days + 1))
    recon = ibis.union(*persons) if persons else None
    if recon is not None:
        # the distinct people of each organisation in two steps, each person's rows first: the same counts
        # as a distinct count per organisation, in parallel (DuckDB's DISTINCT aggregate is not; 10 M
        # claims' 6.3 M attachments: ≈ 2.2 s → 1.6 s)
        by_person = recon.group_by("provider_id", "region", "iin").aggregate(
            days=recon.days.sum(), rural=recon.rural.max()
        )
        g = by_person.group_by("provider_id", "region").aggregate(
            attached=by_person.iin.count().cast("int64"),
            person_days=by_person.days.sum().cast("int64"),
            rural=by_person.rural.max(),
        )
        counts.append(
            g.select(
                "provider_id", "region", base=_str("comprehensive_per_capita_norm"),
                attached=g.attached, person_days=g.person_days, rural=g.rural,
            )
        )  # fmt: skip
    if not counts:
        raise ValueError("no population source")
    population = ibis.union(*(c.select(*POPULATION_COLUMNS) for c in counts))
    # counted once, into a small table: the check below and the run read it, not the attachments again
    population = con.create_table(f"_kepil_population_{uuid.uuid4().hex[:12]}", population, temp=True)
    twice = population.group_by("provider_id", "base").aggregate(n=population.count())
    twice = twice.filter(twice.n > 1).limit(1).to_pyarrow().to_pylist()
    if twice:
        from kepil.errors import InvalidInput

        value = f"{twice[0]['provider_id']} / {twice[0]['base']}"
        raise InvalidInput("--attached", _ATTACHED["twice"].format(value=quoted(value)))
    return population, recon


def _month(month: str) -> tuple[dt.date, dt.date]:
    from kepil.reference.calendar import month_bounds

    return month_bounds(month, "--period")


def _read_counts(con: ibis.BaseBackend, path: Path, name: str, workdir: Path, days: int) -> ir.Table:
    t = read_input(con, path, ATTACHED_COLUMNS, workdir)
    t = normalise_region(t).mutate(base=_.base.coalesce("comprehensive_per_capita_norm"))
    first_bad(
        t,
        [
            ("region", t.region.isnull(), _M["region"]),
            ("attached", t.attached < 0, _M["negative"]),
            ("attached", t.attached > 10**9, _M["negative"]),
            ("person_days", t.person_days < 0, _M["negative"]),
            ("person_days", t.person_days > t.attached * days, _ATTACHED["days"]),
            ("base", ~t.base.isin(PER_CAPITA_BASES), _ATTACHED["base"]),
        ],
        name,
    )
    # a small table: a window finds a repeated (organisation, base) directly
    dup = t.mutate(_n=ibis.row_number().over(group_by=[t.provider_id, t.base], order_by=t._row))
    first_bad(dup, [("provider_id", dup._n > 0, _ATTACHED["twice"])], name)
    return t


def _read_attachments(
    con: ibis.BaseBackend,
    path: Path,
    name: str,
    workdir: Path,
    first: dt.date,
    last: dt.date,
    allow_empty: bool = False,
) -> ir.Table:
    """Person-level attachments → one row per attachment with days in the month (≥ 1): the first day
    attached is `start`; the last is the day before `ended_on` (the registry's first day no longer
    attached) and not after `valid_until` (a VHI/OMI contract's last day, phc-attachment-rules 9-1)."""
    # the values' checks, then the region's and the dates' (only when every value is good): one scan
    t = normalise_region(
        read_input(con, path, ATTACHMENT_COLUMNS, workdir, check=False, allow_empty=allow_empty)
    )
    given = [c for c in t.columns if c.startswith("_raw_") and c != "_raw_region"]
    typed = t.drop(*given)
    first_bad(
        t,
        input_checks(t, ATTACHMENT_COLUMNS),
        name,
        then=[
            ("region", t.region.isnull(), _M["region"]),
            ("ended_on", t.ended_on < t.start, _ATTACHED["ended"]),
        ],
        then_values_of=typed,
    )
    t = typed
    # each attached person is paid for (КЖН per capita): an IIN that is not one would be a person of its own
    bad = invalid_values(t.iin.to_pyarrow())
    if bad:
        first_bad(t, [("iin", t.iin.isin(bad), NOT_IIN)], name)
    lo = ibis.greatest(t.start, ibis.literal(first))
    hi = ibis.least(
        # date − interval is a timestamp on DuckDB though Ibis types it a date: cast there and back
        (t.ended_on - ibis.interval(days=1)).cast("timestamp").cast("date").coalesce(last),
        t.valid_until.coalesce(last),
        ibis.literal(last),
    )
    x = t.mutate(from_date=lo.cast("date"), to_date=hi.cast("date"))
    x = x.mutate(days=(x.to_date.delta(x.from_date, unit="day") + 1).cast("int64"))
    x = x.filter(x.days >= 1)
    return x.select("provider_id", "region", "iin", "from_date", "to_date", "days", "rural")


def organisations(population: ir.Table) -> ir.Table:
    """What is known of each organisation for pricing its claims: `_org`, `_rural` (null: not given)."""
    g = population.group_by(_org=population.provider_id).aggregate(_rural=population.rural.max())
    return g


def per_capita_rows(population: ir.Table, book: TariffBook, month: str) -> ir.Table:
    """One row per organisation and item for `month`: norm of its region × the population it is paid for
    (person-days / days of the month when counted by day, rounded half up to the tiyn), or drivers ×
    200 % of the base official salary. A norm the book lacks: a null amount naming it (`missing`)."""
    first, last = _month(month)
    days = (last - first).days + 1
    r = book_tables(book)["regions"]
    spec = [(b, *it) for b, items in PER_CAPITA_ITEMS.items() for it in items]
    items = ibis.memtable(
        {
            "_base": [x[0] for x in spec],
            "_clause": [x[1] for x in spec],
            "_item": [x[2] for x in spec],
            "_method": [x[3] for x in spec],
            "_field": [x[4] for x in spec],
            "_when_rural": pa.array([x[5] for x in spec], pa.bool_()),
        }
    )
    p = population.join(items, population.base == items._base)
    # rural organisations are paid by row 9, the others by rows 2 (unknown: not rural, said in inputs)
    p = p.filter(p._when_rural.isnull() | (p._when_rural == p.rural.fill_null(False)))
    j = p.left_join(r, p.region == r._reg)
    salary = _int(book.base_official_salary_tiyn)
    norm = ibis.cases(
        *(
            (j._field == f, j[f"_n_{f}"])
            for f in sorted({x[4] for x in spec} - {"base_official_salary_tiyn"})
        ),
        else_=_int(None),
    )
    drivers = j._field == "base_official_salary_tiyn"
    supplement = salary * DRIVER_SUPPLEMENT_PERCENT // 100  # 200 %: exact
    pd = j.person_days
    by_day = norm * (pd // days) + ((norm * (pd % days) * 2 + days) // (2 * days))  # half up, exact
    amount = ibis.cases(
        (drivers, supplement * j.attached),
        (pd.notnull(), by_day),
        else_=norm * j.attached,
    )
    rate = ibis.ifelse(drivers, supplement, norm)
    missing = ibis.ifelse(drivers, "base_official_salary_tiyn", "regions." + j.region + "." + j._field)
    return j.select(
        claim_id=_str(None),
        provider_id=j.provider_id,
        region=j.region,
        care_kind=ibis.cases(
            (j._base == "per_capita_norm", "ambulance"),
            (j._base == "ambulance_drivers", "ambulance"),
            (j._base == "school_pupils", "outpatient_specialized"),
            else_="phc",
        ),
        method=j._method,
        act=_str(ACT),
        clause=j._clause,
        item=j._item.cast("int64"),
        presented_tiyn=_int(None),
        amount_tiyn=amount,
        withheld_tiyn=ibis.ifelse(amount.isnull(), _int(None), _int(0)),
        inputs=json_object(
            {
                "base": j._base,
                "attached": ibis.ifelse(drivers, _int(None), j.attached),
                "drivers": ibis.ifelse(drivers, j.attached, _int(None)),
                "person_days": pd,
                "days_in_month": ibis.ifelse(pd.notnull() & ~drivers, _int(days), _int(None)),
                "norm_tiyn": ibis.ifelse(drivers, _int(None), norm),
                "base_official_salary_tiyn": ibis.ifelse(drivers, salary, _int(None)),
                "percent": ibis.ifelse(drivers, _int(DRIVER_SUPPLEMENT_PERCENT), _int(None)),
                "rural": ibis.cases((j.rural, "true"), (~j.rural, "false"), else_="unknown"),
                "month": _str(month),
                "reason": ibis.ifelse(rate.isnull(), "missing_tariff_input", _str(None)),
                "missing": ibis.ifelse(rate.isnull(), missing, _str(None)),
            }
        ),
    )


_PP = tuple(COMPLEX_CLAUSES.items())


def per_patient_rows(priced: ir.Table, book: TariffBook) -> ir.Table:
    """Tariffs per person (complex tariffs 11-13 item 1; 3.4, 11.4, 12.2, 13.2): per organisation, tariff
    key and month, the region's tariff × the distinct patients (IINs) whose claims are paid by it and
    ended in the month. `priced`: the priced claims (`method`), with `_ckey`, `_iin` and `_end` (the
    tariff key, IIN and end date of a claim paid by a complex tariff; a run keeps them from its stream)."""
    r = book_tables(book)["regions"]
    x = priced.filter(priced.method == "complex_tariff")
    g = x.group_by(
        provider_id=x.provider_id,
        region=x.region,
        direction=x._ckey,
        month=x._end.strftime("%Y-%m"),
    ).aggregate(patients=x._iin.nunique().cast("int64"))
    j = g.left_join(r, g.region == r._reg)
    tariff = ibis.cases(*((j.direction == d, j[f"_ct_{d}"]) for d in PER_PERSON_KEYS), else_=_int(None))
    amount = tariff * j.patients
    return j.select(
        claim_id=_str(None),
        provider_id=j.provider_id,
        region=j.region,
        care_kind=_str(None),
        method=_str("complex_tariff"),
        act=_str(ACT),
        clause=ibis.cases(*((j.direction == d, c) for d, (c, _) in _PP), else_=_str(None)),
        item=ibis.cases(*((j.direction == d, i) for d, (_, i) in _PP), else_=_int(None)),
        presented_tiyn=_int(None),
        amount_tiyn=amount,
        withheld_tiyn=ibis.ifelse(amount.isnull(), _int(None), _int(0)),
        inputs=json_object(
            {
                "complex_tariff": j.direction,
                "patients": j.patients,
                "norm_tiyn": tariff,
                "month": j.month,
                "reason": ibis.ifelse(tariff.isnull(), "missing_tariff_input", _str(None)),
                "missing": ibis.ifelse(
                    tariff.isnull(),
                    "regions." + j.region + ".complex_tariffs_tiyn." + j.direction,
                    _str(None),
                ),
            }
        ),
    )  # fmt: skip


def attachments_from_store(database_url: str, month: str) -> pa.Table:
    """The registry's attachments that hold on some day of `month` (person level: `ATTACHMENT_COLUMNS`),
    with each organisation's region and rural flag: the base of PHC per-capita payment, counted by day
    (app2.2 item 1, 9.1). One query; the people are never loaded one by one."""
    from sqlalchemy import and_, or_, select

    from kepil.store.db import reading
    from kepil.store.migrate import open_store
    from kepil.store.models import Attachment, Provider

    first, last = _month(month)
    engine = open_store(database_url)
    q = (
        select(
            Attachment.organisation_id,
            Provider.region,
            Attachment.iin,
            Attachment.start,
            Attachment.ended_on,
            Attachment.valid_until,
            Provider.rural,
        )
        .join(Provider, Provider.id == Attachment.organisation_id)
        .where(
            and_(
                Attachment.start <= last,
                or_(Attachment.ended_on.is_(None), Attachment.ended_on > first),
                or_(Attachment.valid_until.is_(None), Attachment.valid_until >= first),
            )
        )
        .order_by(Attachment.organisation_id, Attachment.iin, Attachment.start)
    )
    import polars as pl

    schema: dict[str, pl.DataType | type[pl.DataType]] = {
        "provider_id": pl.Utf8, "region": pl.Utf8, "iin": pl.Utf8, "start": pl.Date,
        "ended_on": pl.Date, "valid_until": pl.Date, "rural": pl.Boolean,
    }  # fmt: skip
    with reading(engine) as s:
        frame = pl.read_database(q, s.connection(), schema_overrides=schema)
    frame.columns = list(schema)
    return frame.cast(schema).to_arrow()  # type: ignore[arg-type]


def attached_from_store(database_url: str, on: dt.date) -> pa.Table:
    """The registry's attachments for the month of `on` (kept for callers of the first version)."""
    return attachments_from_store(database_url, on.strftime("%Y-%m"))


def reconciliation_schema() -> pa.Schema:
    return pa.schema(
        [
            ("provider_id", pa.string()),
            ("region", pa.string()),
            ("iin", pa.string()),
            ("from_date", pa.date32()),
            ("to_date", pa.date32()),
            ("days", pa.int64()),
        ]
    )
