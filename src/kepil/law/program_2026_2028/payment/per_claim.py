"""Pricing each claim (`price_claims`): the method its care is paid by under app2 and the amount due
under the tariff book, with the app2 row and item it is cited by."""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from kepil.law.program_2026_2028.payment.arithmetic import (
    WITHHOLD_PERCENT,
    ccg_amount,
    short_block,
    withheld,
)
from kepil.law.program_2026_2028.payment.book import book_tables
from kepil.law.program_2026_2028.payment.claims import (
    _M,
    CLAIM_COLUMNS,
    _complex_kinds,
    _method_kinds,
    claim_checks,
)
from kepil.law.program_2026_2028.payment.expr import _int, _str, json_object
from kepil.law.program_2026_2028.payment.inputs import first_bad, input_checks
from kepil.law.program_2026_2028.payment.methods import ACT, COMPLEX_CLAUSES, HOSPITAL_KINDS, METHODS
from kepil.law.program_2026_2028.payment.oncology import in_ranges, oncology_ranges
from kepil.law.program_2026_2028.tariffs import TariffBook


def price_claims(claims: ir.Table, book: TariffBook, file: str = "claims") -> ir.Table:
    """One row per claim: its method and amount under `book` (`OUTPUT_COLUMNS` and `_row`; `inputs` JSON).

    Codes the book does not know and cases outside the book's year are `BatchInputError`s naming the row;
    a claim whose method cannot be told or whose tariff input is missing gets a null amount and a reason.
    """
    bt = book_tables(book)
    c, p, b, r = bt["ccg"], bt["prices"], bt["blocks"], bt["regions"]
    mk, ck = _method_kinds(), _complex_kinds()
    # The oncology test is computed before the joins: a column there, not an expression the SQL repeats.
    base = claims.mutate(_onco=in_ranges(claims.icd10, oncology_ranges()))

    def joined(t: ir.Table) -> ir.Table:
        return (
            t.left_join(c, t.ccg == c._ccg)
            .left_join(p, t.tariff_code == p._code)
            .left_join(b, t.block == b._block)
            .left_join(r, t.region == r._reg)
            .left_join(mk, (t.method == mk._m) & (t.care_kind == mk._k))
            .left_join(ck, (t.complex_tariff == ck._cd) & (t.care_kind == ck._ck))
        )

    j = joined(base)
    first_bad(
        j,
        input_checks(j, CLAIM_COLUMNS) + claim_checks(j, book.year),
        file,
        unique=("claim_id", _M["duplicate"]),
    )
    kind = j.care_kind
    hosp = kind.isin(HOSPITAL_KINDS)
    bed_days = j.bed_days.coalesce(ibis.greatest(j.end_date.delta(j.start_date, unit="day"), 1))
    onco = hosp & j._onco
    inferred = ibis.cases(
        (kind == "ambulance", "per_capita_norm"),
        (kind == "phc", "comprehensive_per_capita_norm"),
        (kind == "treatment_abroad", "actual_cost"),
        (j.complex_tariff.notnull(), "complex_tariff"),
        (j.block.notnull() & hosp, "medical_economic_tariff"),
        (onco, "oncology"),
        (j.sessions.notnull() & (kind == "day_hospital"), "dialysis_session"),
        (j.sessions.notnull() & j.ccg.notnull() & (kind == "inpatient"), "ccg_plus_sessions"),
        (j.ccg.notnull() & hosp, "per_case_ccg"),
        (j.bed_day_tiyn.notnull() & kind.isin(METHODS["per_bed_day"].care_kinds), "per_bed_day"),
        (
            j.average_case_cost_tiyn.notnull() & kind.isin(METHODS["per_case_average_cost"].care_kinds),
            "per_case_average_cost",
        ),
        (
            j.admission_department_tiyn.notnull() & kind.isin(METHODS["admission_department"].care_kinds),
            "admission_department",
        ),
        else_=_str(None),
    )
    j = j.mutate(_method=j.method.coalesce(inferred), _bed_days=bed_days)
    m = j._method
    base_rate = _int(book.base_rate_tiyn)
    ccg_tiyn = ccg_amount(base_rate, j._w)
    block_withheld = ibis.cases(
        ((m == "medical_economic_tariff") & short_block(j._bed_days, j._term), withheld(j._block_tiyn)),
        else_=_int(0),
    )
    per_capita = m.isin([k for k, v in METHODS.items() if v.basis != "case"])
    amount = ibis.cases(
        (m == "per_case_ccg", ccg_tiyn),
        (m == "ccg_plus_sessions", ccg_tiyn + j.sessions * j.dialysis_session_tiyn),
        (m == "per_bed_day", j._bed_days * j.bed_day_tiyn),
        (m == "per_case_average_cost", j.average_case_cost_tiyn),
        (m == "admission_department", j.admission_department_tiyn),
        (m == "dialysis_session", j.sessions * j.dialysis_session_tiyn),
        (m == "oncology", j.oncology_tiyn),
        (m == "medical_economic_tariff", j._block_tiyn - block_withheld),
        (m.isin(["per_case_actual_cost", "actual_cost"]), j.amount),
        (per_capita, _int(0)),
        else_=_int(None),
    )
    j = j.mutate(_amount=amount, _withheld=block_withheld)
    clause, item = _clause(j)
    uses = {
        "ccg": m.isin(["per_case_ccg", "ccg_plus_sessions"]),
        "tariff": m.isin(
            ["ccg_plus_sessions", "per_bed_day", "per_case_average_cost", "admission_department",
             "dialysis_session", "oncology"]
        ),
        "bed_days": m.isin(["per_bed_day", "medical_economic_tariff"]),
        "sessions": m.isin(["ccg_plus_sessions", "dialysis_session"]),
        "block": m == "medical_economic_tariff",
    }  # fmt: skip
    tariff = ibis.cases(
        (m == "per_bed_day", j.bed_day_tiyn),
        (m == "per_case_average_cost", j.average_case_cost_tiyn),
        (m == "admission_department", j.admission_department_tiyn),
        (m.isin(["dialysis_session", "ccg_plus_sessions"]), j.dialysis_session_tiyn),
        (m == "oncology", j.oncology_tiyn),
        else_=_int(None),
    )
    reason = ibis.cases(
        (m.isnull(), "no_method"),
        (j._amount.isnull(), "missing_tariff_input"),
        (m.isin(["per_capita_norm", "comprehensive_per_capita_norm"]), "paid_per_capita"),
        (m == "complex_tariff", "paid_per_patient"),
        else_=_str(None),
    )
    inputs = json_object(
        {
            "ccg": ibis.ifelse(uses["ccg"], j.ccg, _str(None)),
            "cost_weight": ibis.ifelse(uses["ccg"], j._wtxt, _str(None)),
            "base_rate_tiyn": ibis.ifelse(uses["ccg"], base_rate, _int(None)),
            "tariff_code": ibis.ifelse(uses["tariff"], j.tariff_code, _str(None)),
            "tariff_tiyn": tariff,
            "bed_days": ibis.ifelse(uses["bed_days"], j._bed_days, _int(None)),
            "sessions": ibis.ifelse(uses["sessions"], j.sessions, _int(None)),
            "block": ibis.ifelse(uses["block"], j.block, _str(None)),
            "block_term_days": ibis.ifelse(uses["block"], j._term, _int(None)),
            "block_tiyn": ibis.ifelse(uses["block"], j._block_tiyn, _int(None)),
            "withheld_percent": ibis.ifelse(
                uses["block"] & (j._withheld > 0), _int(WITHHOLD_PERCENT), _int(None)
            ),
            "complex_tariff": ibis.ifelse(m == "complex_tariff", j.complex_tariff, _str(None)),
            "icd10": ibis.ifelse(m == "oncology", j.icd10.re_replace(r"[^0-9A-Za-z.]", ""), _str(None)),
            "reason": reason,
        }
    )
    return j.select(
        claim_id=j.claim_id,
        provider_id=j.provider_id,
        region=j.region,
        care_kind=j.care_kind,
        method=m,
        act=_str(ACT),
        clause=clause,
        item=item,
        presented_tiyn=j.amount,
        amount_tiyn=j._amount,
        withheld_tiyn=ibis.ifelse(j._amount.isnull(), _int(None), j._withheld),
        inputs=inputs,
        _row=j._row,  # the order of the output
    )


def _clause(j: ir.Table) -> tuple[ir.StringValue, ir.IntegerValue]:
    """The app2 row and item each claim's method is cited by (the item the claim's care falls under)."""
    m = j._method
    pairs: list[tuple[ir.BooleanValue, tuple[str, int]]] = [
        ((m == "per_bed_day") & (j.care_kind == "day_hospital"), ("app2.5", 11)),
        ((m == "complex_tariff") & (j.complex_tariff == "hiv"), COMPLEX_CLAUSES["hiv"]),
        ((m == "complex_tariff") & (j.complex_tariff == "mental_health"), COMPLEX_CLAUSES["mental_health"]),
    ]
    pairs += [(m == code, method.citation[1:]) for code, method in METHODS.items()]
    clause = ibis.cases(*((cond, ci[0]) for cond, ci in pairs), else_=_str(None))
    item = ibis.cases(*((cond, ci[1]) for cond, ci in pairs), else_=_int(None))
    return clause, item.cast("int64")
