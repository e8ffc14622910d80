"""Payments per organisation rather than per case: per-capita norms × attached people (ambulance ЖБН,
app2.1; PHC КЖН, app2.2) and complex tariffs × distinct patients (app2.11-13)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import ibis
import ibis.expr.types as ir
import pyarrow as pa
from ibis import _

from kepil.i18n import Text
from kepil.law.program_2026_2028.payment.book import book_tables
from kepil.law.program_2026_2028.payment.claims import _M
from kepil.law.program_2026_2028.payment.expr import _int, _str, json_object
from kepil.law.program_2026_2028.payment.inputs import Col, first_bad, normalise_region, read_input
from kepil.law.program_2026_2028.payment.methods import ACT, COMPLEX_CLAUSES, METHODS
from kepil.law.program_2026_2028.tariffs import COMPLEX_TARIFF_DIRECTIONS, TariffBook

ATTACHED_COLUMNS: tuple[Col, ...] = (
    Col("provider_id"),
    Col("region"),
    Col("attached", "int"),
    Col("base", required=False, nullable=True),
)
PER_CAPITA_BASES = ("comprehensive_per_capita_norm", "per_capita_norm")
_ATTACHED = {
    "base": Text(
        "base: comprehensive_per_capita_norm (КЖН, МСАК) немесе per_capita_norm (ЖБН) болуы керек: {value}",
        "base: ожидается comprehensive_per_capita_norm (КПН, ПМСП) или per_capita_norm (ПН): {value}",
        "base: expected comprehensive_per_capita_norm (PHC) or per_capita_norm (ambulance): {value}",
    ),
    "twice": Text(
        "ұйым мен база екі рет берілген: {value}",
        "организация и база указаны дважды: {value}",
        "the organisation and base are given twice: {value}",
    ),
}


def read_attached(con: ibis.BaseBackend, source: Path | pa.Table, workdir: Path) -> ir.Table:
    """Attached (or served) people per organisation: `provider_id`, `region`, `attached`, optional `base`
    (default comprehensive_per_capita_norm: PHC's КЖН, app2.2 item 1; per_capita_norm: ambulance's ЖБН,
    app2.1 item 1). From a Parquet/CSV file or an Arrow table (e.g. `attached_from_store`)."""
    if isinstance(source, pa.Table):
        path = workdir / "attached.parquet"
        import pyarrow.parquet as pq

        pq.write_table(source, path)
        name = "attached"
    else:
        path, name = source, source.name
    t = read_input(con, path, ATTACHED_COLUMNS, workdir)
    t = normalise_region(t).mutate(base=_.base.coalesce("comprehensive_per_capita_norm"))
    first_bad(
        t,
        [
            ("region", t.region.isnull(), _M["region"]),
            ("attached", t.attached < 0, _M["negative"]),
            ("base", ~t.base.isin(PER_CAPITA_BASES), _ATTACHED["base"]),
        ],
        name,
    )
    # a small table: a window finds a repeated (organisation, base) directly
    dup = t.mutate(_n=ibis.row_number().over(group_by=[t.provider_id, t.base], order_by=t._row))
    first_bad(dup, [("provider_id", dup._n > 0, _ATTACHED["twice"])], name)
    return t


def per_capita_rows(attached: ir.Table, book: TariffBook, month: str) -> ir.Table:
    """One row per organisation and base for `month`: norm of its region × attached people (app2.1, 2.2)."""
    r = book_tables(book)["regions"]
    j = attached.left_join(r, attached.region == r._reg)
    ambulance = j.base == "per_capita_norm"
    norm = ibis.ifelse(ambulance, j._pcn, j._cpcn)
    amount = norm * j.attached
    return j.select(
        claim_id=_str(None),
        provider_id=j.provider_id,
        region=j.region,
        care_kind=ibis.ifelse(ambulance, "ambulance", "phc"),
        method=j.base,
        act=_str(ACT),
        clause=ibis.ifelse(
            ambulance, METHODS["per_capita_norm"].citation[1], METHODS[PER_CAPITA_BASES[0]].citation[1]
        ),
        item=_int(1),
        presented_tiyn=_int(None),
        amount_tiyn=amount,
        withheld_tiyn=ibis.ifelse(amount.isnull(), _int(None), _int(0)),
        inputs=json_object(
            {
                "attached": j.attached,
                "norm_tiyn": norm,
                "month": _str(month),
                "reason": ibis.ifelse(norm.isnull(), "no_norm_in_book", _str(None)),
            }
        ),
    )


def paid_by_complex_tariff(t: ir.Table) -> ir.BooleanValue:
    """The claims `price_claims` gives the method `complex_tariff`: named in `method`, or no method given,
    a `complex_tariff` named and a kind of care the order does not decide before it (ambulance, PHC and
    treatment abroad come first). Kept equal to that order; a test checks them against each other."""
    earlier = ("ambulance", "phc", "treatment_abroad")
    named = t.method == "complex_tariff"
    inferred = t.method.isnull() & t.complex_tariff.notnull() & ~t.care_kind.isin(earlier)
    return named.fill_null(False) | inferred


def per_patient_rows(claims: ir.Table, book: TariffBook) -> ir.Table:
    """Complex tariffs (app2.11-13): per organisation, direction and month, tariff of the region × the
    distinct patients (IINs) whose claims are paid by that complex tariff and ended in the month."""
    r = book_tables(book)["regions"]
    x = claims.filter(paid_by_complex_tariff(claims))
    g = x.group_by(
        provider_id=x.provider_id,
        region=x.region,
        direction=x.complex_tariff,
        month=x.end_date.strftime("%Y-%m"),
    ).aggregate(patients=x.iin.nunique().cast("int64"))
    j = g.left_join(r, g.region == r._reg)
    tariff = ibis.cases(
        *((j.direction == d, j[f"_ct_{d}"]) for d in COMPLEX_TARIFF_DIRECTIONS), else_=_int(None)
    )
    amount = tariff * j.patients
    return j.select(
        claim_id=_str(None),
        provider_id=j.provider_id,
        region=j.region,
        care_kind=_str(None),
        method=_str("complex_tariff"),
        act=_str(ACT),
        clause=ibis.cases(
            *((j.direction == d, c) for d, (c, _i) in COMPLEX_CLAUSES.items()), else_=_str(None)
        ),
        item=_int(1),
        presented_tiyn=_int(None),
        amount_tiyn=amount,
        withheld_tiyn=ibis.ifelse(amount.isnull(), _int(None), _int(0)),
        inputs=json_object(
            {
                "complex_tariff": j.direction,
                "patients": j.patients,
                "norm_tiyn": tariff,
                "month": j.month,
                "reason": ibis.ifelse(tariff.isnull(), "no_tariff_in_book", _str(None)),
            }
        ),
    )


def attached_from_store(database_url: str, on: dt.date) -> pa.Table:
    """People attached to each organisation on `on` (the attachment registry, `attached_counts`) with the
    organisation's region: the КЖН base of PHC payment (app2.2 item 1)."""
    from sqlalchemy import select

    from kepil.store.db import reading
    from kepil.store.migrate import open_store
    from kepil.store.models import Provider
    from kepil.store.providers import attached_counts

    engine = open_store(database_url)
    with reading(engine) as s:
        counts = attached_counts(s, on)
        region_of = {str(i): str(r) for i, r in s.execute(select(Provider.id, Provider.region)).all()}
    ids = sorted(counts)
    return pa.table(
        {
            "provider_id": pa.array(ids, pa.string()),
            "region": pa.array([region_of.get(i) for i in ids], pa.string()),
            "attached": pa.array([counts[i] for i in ids], pa.int64()),
            "base": pa.array(["comprehensive_per_capita_norm"] * len(ids), pa.string()),
        }
    )
