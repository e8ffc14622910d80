"""Payment taken from the patient for covered care (`monitoring-rules` app1 rows 24-25, codes 12.0 and
12.1, found under 13): the coverage engine (`kepil.coverage`) decides whether the care was covered by the
GVFMC or the CSHI on its start date.

The coverage step is the same on both engines: one query selects the few judged claims the patient paid
for, with the registry's facts of the person; `kepil.coverage.batch.decide_frame` decides them on Polars;
its answers come back as a table of the engine, joined to the claims by claim_id.
"""

from __future__ import annotations

from collections.abc import Mapping

import ibis.expr.types as ir
import polars as pl
import pyarrow as pa

from kepil.coverage import columns as C
from kepil.coverage.batch import decide_frame
from kepil.i18n import Text
from kepil.law.monitoring_rules.algorithms.base import FOUND, MonitoringRule, Relation, Sources, Window

MEDICINES = "paid_by_patient_medicines"
PACKAGES = ("gvfmc", "cshi")
ANSWERS_SCHEMA = pa.schema(
    [("claim_id", pa.string()), ("covered", pa.bool_()), ("funding", pa.string()), ("basis", pa.string())]
)


def coverage_requests(src: Sources, w: Window) -> ir.Table:
    """Judged claims with money taken from the patient, and the facts the coverage engine needs.

    Reading: a person missing from the registry has no facts to decide on (no residency); such a claim
    is the unknown-person defect (5.0), not 12.0. Insured = a CSHI participation interval holds the
    start date (null insured_to = open)."""
    c = src.claims
    judged = c.filter(w.judged(c))
    # Two single-column filters (not one OR): each is pushed into the Parquet scan, which then decodes
    # the other columns of the few matching rows only.
    claims = judged.filter(judged.paid_by_patient > 0)
    if src.has_medicines:
        meds = judged.filter(judged[MEDICINES] > 0, ~(judged.paid_by_patient > 0).fill_null(False))
        claims = claims.union(meds, distinct=False)
    p = src.persons
    j = claims.join(p, claims.iin == p.iin)
    insured = (
        j.insured_from.notnull()
        & (j.insured_from <= j.start_date)
        & (j.insured_to.isnull() | (j.start_date <= j.insured_to))
    )
    return j.select(
        "claim_id",
        date=j.start_date,
        iin=claims.iin,
        birth_date=j.birth_date,
        sex=j.sex,
        residency=j.residency,
        state_paid_category=j.state_paid_category,
        insured=insured,
        kind=j.care_kind,
        form=j.form,
        icd10=j.icd10,
        referral=j.referral,
        life_threatening=j.life_threatening,
    )


def decide(requests: pl.DataFrame) -> pa.Table:
    """The coverage engine's answers (claim_id, covered, funding, basis as "act clause; ...")."""
    if requests.is_empty():
        return ANSWERS_SCHEMA.empty_table()
    flat = requests.select(
        pl.col("date"),
        pl.col("iin").alias("person.iin"),
        pl.col("birth_date").alias("person.birth_date"),
        pl.col("sex").alias("person.sex"),
        pl.col("residency").alias("person.residency"),
        pl.col("state_paid_category").alias("person.state_paid_category"),
        pl.col("insured").alias("person.insured"),
        pl.col("kind").alias("service.kind"),
        pl.col("form").alias("service.form"),
        pl.col("icd10").alias("service.icd10"),
        pl.col("referral").alias("service.referral"),
        pl.col("life_threatening").alias("service.life_threatening"),
    )
    answers = decide_frame(C.typed(flat))
    basis = answers["basis"].list.eval(
        pl.element().struct.field("act") + " " + pl.element().struct.field("clause")
    )
    out = pl.DataFrame(
        {
            "claim_id": requests["claim_id"].gather(answers[C.ROW].cast(pl.Int64)),
            "covered": answers["covered"].fill_null(False),
            "funding": answers["funding"],
            "basis": basis.list.join("; "),
        }
    )
    return out.to_arrow().cast(ANSWERS_SCHEMA)


def _charged(column: str) -> Relation:
    def relation(src: Sources, w: Window, p: Mapping[str, int]) -> ir.Table:
        """Judged claims with `column` > 0 that the coverage engine decided covered by a package."""
        assert src.coverage is not None
        c = src.claims
        paid = c.filter(w.judged(c)).filter(lambda t: t[column] > 0)  # pushed into the scan
        a = src.coverage
        a = a.filter(a.covered & a.funding.isin(PACKAGES))
        j = paid.join(a, paid.claim_id == a.claim_id)
        return j.select(*FOUND, j[column], start_date=j.start_date, funding=j.funding, basis=j.basis)

    return relation


def _finish(df: pl.DataFrame) -> pl.DataFrame:
    """The coverage engine's clauses as a list."""
    return df.with_columns(coverage_basis=pl.col("basis").str.split("; ")).drop("basis")


CHARGED_FOR_COVERED = MonitoringRule(
    id="charged_for_covered",
    version=1,
    code="12.0",
    clause="app1.24",
    description=Text(
        "ТМККК/МӘМС-ке кіретін медициналық көмекті ақылы негізде көрсету: пациент ақы төлеген көмекті "
        "қамту қозғалтқышы ТМККК немесе МӘМС есебінен деп шешеді.",
        "Оказание на платной основе помощи, входящей в ГОБМП/ОСМС: помощь, за которую заплатил пациент, "
        "по решению движка покрытия оплачивается из ГОБМП или ОСМС.",
        "Care within the GVFMC/CSHI given for a fee: the coverage engine decides that the care the patient "
        "paid for is covered by the GVFMC or the CSHI.",
    ),
    needs=frozenset({"coverage"}),
    relation=_charged("paid_by_patient"),
    finish=_finish,
)

CHARGED_FOR_OWN_MEDICINES = MonitoringRule(
    id="charged_for_own_medicines",
    version=1,
    code="12.1",
    clause="app1.25",
    description=Text(
        "ТМККК/МӘМС-ке кіретін көмек кезінде пациенттің өз дәрілік заттары мен медициналық бұйымдарын "
        "пайдалану (қамту қозғалтқышы көмекті ТМККК немесе МӘМС есебінен деп шешеді).",
        "Использование собственных лекарственных средств и медицинских изделий пациента при оказании "
        "помощи, входящей в ГОБМП/ОСМС (по решению движка покрытия).",
        "The patient's own medicines and medical devices used in care within the GVFMC/CSHI (as the "
        "coverage engine decides).",
    ),
    needs=frozenset({"coverage"}),
    relation=_charged(MEDICINES),
    finish=_finish,
    requires_columns=(MEDICINES,),
)
