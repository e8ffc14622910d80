"""Pricing each claim (`price_claims`): the method its care is paid by under app2 and the amount due
under the tariff book, with the app2 row and item it is cited by.

Which method (app2 names the methods of each kind of care, not which claim falls under which): the
claim's `method` column when given; otherwise `derive_method`, from the claim's kind and form of care,
its funding, its diagnosis (rows 10-13 name their diseases), the organisation (rural, app2 row 9) and the
tariff inputs it carries. The order and its readings are in docs/payment.md ("Which method").
"""

from __future__ import annotations

from functools import cache
from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from kepil.i18n import Text
from kepil.law.program_2026_2028.payment.arithmetic import (
    WITHHOLD_PERCENT,
    ccg_amount,
    short_block,
    withheld,
)
from kepil.law.program_2026_2028.payment.book import book_arrays
from kepil.law.program_2026_2028.payment.claims import (
    _M,
    CLAIM_COLUMNS,
    _complex_kinds,
    _method_kinds,
    claim_checks,
    pair_key,
    unreadable_codes,
)
from kepil.law.program_2026_2028.payment.expr import Lookup, _int, _str, json_object, lookup, lookups
from kepil.law.program_2026_2028.payment.inputs import bad_index, first_bad, input_checks
from kepil.law.program_2026_2028.payment.methods import (
    ACT,
    COMPLEX_CLAUSES,
    HOSPITAL_KINDS,
    METHODS,
    complex_kinds,
)
from kepil.law.program_2026_2028.payment.oncology import icd_key, key_in_ranges, oncology_ranges
from kepil.law.program_2026_2028.tariffs import TariffBook
from kepil.reference.icd10 import CodeRanges

# Diseases the rows name (ICD-10, WHO): tuberculosis (row 11), HIV disease (row 12), mental and
# behavioural disorders including addiction (row 13: "психикалық және наркологиялық"), phenylketonuria
# (2.4, 9.4: low-phenylalanine products).
DISEASES: dict[str, str] = {
    "tuberculosis": "A15-A19",
    "hiv": "B20-B24",
    "mental_health": "F00-F99",
    "pku": "E70.0-E70.1",
}
# Kinds paid by a service tariff (row 3 item 1 and the other SERVICE_ITEMS) when no other input decides:
# specialised outpatient care with dental care (58.4) and diagnostics (58.5), pathology (56.6) as a
# diagnostic service, screening (3.6, 2.5), the blood service (14).
SERVICE_KINDS = ("outpatient_specialized", "dental", "pathology", "screening", "blood")
# Kinds paid per case by a cost group when no other input decides (row 4 item 1): hospital care, and
# rehabilitation and palliative care given in hospital conditions (Program 64, 38).
CASE_KINDS = (*HOSPITAL_KINDS, "rehabilitation", "palliative")
# The reason a claim of a method paid per organisation, not per claim, carries (its amount is 0): the
# per-capita rows and the per-patient rows of the run pay for it.
PAID_ELSEWHERE: dict[str, str] = {
    code: "paid_per_patient" if m.basis == "per_patient" else "paid_per_capita"
    for code, m in METHODS.items()
    if m.basis != "case"
}


@cache
def disease_ranges() -> dict[str, CodeRanges]:
    return {k: CodeRanges.parse(v) for k, v in DISEASES.items()}


def _joined(t: ir.Table, bt: dict[str, pa.Table], orgs: ir.Table | pa.Table | None) -> ir.Table:
    """The claims with the book's tables, the method and complex-tariff kinds of care and `orgs` looked up
    (`expr.lookup`: a left join each, as a projection, so the claims keep their order) — the columns
    pricing and the checks read (the book's regions are not: the region is checked when read)."""
    tables: list[Lookup] = [
        (bt["ccg"], t.ccg, "_p_ccg", None),
        (bt["prices"], t.tariff_code, "_p_code", None),
        (bt["blocks"], t.block, "_p_block", None),
        (bt["services"], t.service_code, "_p_svc", None),
        (bt["additional"], t.additional, "_p_add", ("_add_item",)),
        (_method_kinds(), pair_key(t.method, t.care_kind), "_p_mk", ("_m",)),
    ]
    if orgs is not None:
        # what is known of the organisations: one row each, small (their number, not the claims')
        known = orgs if isinstance(orgs, pa.Table) else orgs.select("_org", "_rural").to_pyarrow()
        tables.append((known, t.provider_id, "_p_org", ("_rural",)))
    j = lookups(t, tables)
    if orgs is None:
        j = j.mutate(_rural=ibis.literal(None, type="boolean"))
    # the per-person tariff the claim names, or the one its diagnosis and funding give (rows 11-13)
    gvfmc = j.funding == "gvfmc"
    explicit = j.ccg.notnull() | j.tariff_code.notnull() | j.service_code.notnull() | j.block.notnull()
    flag = {"tuberculosis": j._tb, "hiv": j._hiv, "mental_health": j._mental}
    derived = ibis.cases(
        *(
            (gvfmc & ~explicit & j.care_kind.isin(_complex_kinds_of(d)) & flag[d], d)
            for d in ("tuberculosis", "hiv", "mental_health")
        ),
        else_=_str(None),
    )
    j = j.mutate(
        _ckey=j.complex_tariff.coalesce(
            ibis.ifelse(j.method.isnull() | (j.method == "complex_tariff"), derived, _str(None))
        )
    )
    j = lookup(j, _complex_kinds(), pair_key(j._ckey, j.care_kind), position="_p_ck", columns=("_cd",))
    return j.drop(*(c for c in j.columns if c.startswith("_p_")))


def _complex_kinds_of(key: str) -> tuple[str, ...]:
    return complex_kinds()[key]


def derive_method(j: ir.Table) -> ir.StringValue:
    """The method of each claim (over `_joined`): `method` when given, else the first that applies."""
    kind = j.care_kind
    hosp = kind.isin(HOSPITAL_KINDS)
    onco = hosp & j._onco
    inferred = ibis.cases(
        (kind.isin(["ambulance", "air_ambulance"]), "per_capita_norm"),
        (kind == "treatment_abroad", "actual_cost"),
        (j._ckey.notnull(), "complex_tariff"),
        (j.block.notnull() & hosp, "medical_economic_tariff"),
        (j.block.notnull() & (kind == "outpatient_drugs"), "actual_cost"),
        (j.service_code.notnull(), "item_tariff"),
        (onco, "oncology"),
        (j.ccg.notnull() & j.additional.notnull() & hosp, "ccg_plus_additional"),
        (j.sessions.notnull() & (kind == "day_hospital"), "dialysis_session"),
        (j.sessions.notnull() & j.ccg.notnull() & (kind == "inpatient"), "ccg_plus_sessions"),
        (j.ccg.notnull() & kind.isin(CASE_KINDS), "per_case_ccg"),
        (j.bed_day_tiyn.notnull() & kind.isin(METHODS["per_bed_day"].care_kinds), "per_bed_day"),
        (
            j.average_case_cost_tiyn.notnull() & kind.isin(METHODS["per_case_average_cost"].care_kinds),
            "per_case_average_cost",
        ),
        (
            j.admission_department_tiyn.notnull() & kind.isin(METHODS["admission_department"].care_kinds),
            "admission_department",
        ),
        (kind == "phc", "comprehensive_per_capita_norm"),
        ((kind == "outpatient_drugs") & (j._tb | j._hiv), "actual_cost"),
        ((kind == "outpatient_drugs") & j._pku, "item_tariff"),
        (kind.isin(SERVICE_KINDS), "item_tariff"),
        (kind.isin(CASE_KINDS), "per_case_ccg"),
        else_=_str(None),
    )
    return j.method.coalesce(inferred)


def price_claims(
    claims: ir.Table, book: TariffBook, file: str = "claims", orgs: ir.Table | pa.Table | None = None
) -> ir.Table:
    """One row per claim: its method and amount under `book` (`OUTPUT_COLUMNS` and `_row`; `inputs` JSON).

    Codes the book does not know and cases outside the book's year are `BatchInputError`s naming the row;
    a claim whose method cannot be told or whose tariff input is missing gets a null amount and a reason
    (`missing` names the input). `orgs` (`_org`, `_rural`): what is known of the organisations (row 9).
    """
    j = method_table(claims, book, file, orgs)
    return _priced(j, book)


def method_table(
    claims: ir.Table,
    book: TariffBook,
    file: str = "claims",
    orgs: ir.Table | pa.Table | None = None,
    *,
    check: bool = True,
) -> ir.Table:
    """The claims joined with the book, with `_method` and `_bed_days`; checked at once (one scan), or
    with `check=False` flagged (`with_method`)."""
    codes = claims.icd10.collect(distinct=True).to_pyarrow().as_py() or []
    bad = unreadable_codes(codes)
    return with_method(joined_claims(claims, book, orgs), book, file, check=check, bad_codes=bad)


def joined_claims(claims: ir.Table, book: TariffBook, orgs: ir.Table | pa.Table | None = None) -> ir.Table:
    """The claims with their diagnosis's tests (rows 10-13, PKU) and joined with the book, the method and
    complex-tariff kinds of care and `orgs` (`_joined`)."""
    bt = book_arrays(book)
    # The ICD-10 tests are computed before the joins, from one key per claim: columns there, not
    # expressions the SQL repeats (each key is a dozen string replacements).
    keyed = claims.mutate(_icd=icd_key(claims.icd10))
    ranges = disease_ranges()
    base = keyed.mutate(
        _onco=key_in_ranges(keyed._icd, oncology_ranges()),
        _tb=key_in_ranges(keyed._icd, ranges["tuberculosis"]),
        _hiv=key_in_ranges(keyed._icd, ranges["hiv"]),
        _mental=key_in_ranges(keyed._icd, ranges["mental_health"]),
        _pku=key_in_ranges(keyed._icd, ranges["pku"]),
    ).drop("_icd")
    return _joined(base, bt, orgs)


def with_method(
    j: ir.Table,
    book: TariffBook,
    file: str = "claims",
    *,
    check: bool = True,
    bad_codes: tuple[str, ...] = (),
) -> ir.Table:
    """`joined_claims` with `_method` and `_bed_days`, checked at once (one scan), or with `check=False`
    flagged: `_bad` holds the index of the first of `method_checks` a claim fails (a run stops at the
    first such claim and `first_bad` names it), and such a claim has no method, so nothing is computed
    from its bad values. `bad_codes`: the file's `unreadable_codes`."""
    checks = method_checks(j, book, bad_codes)
    if check:
        first_bad(j, checks, file, unique=("claim_id", _M["duplicate"]))
        method = derive_method(j)
    else:
        j = j.mutate(_bad=bad_index(checks))
        method = ibis.ifelse(j._bad.isnull(), derive_method(j), _str(None))
    bed_days = j.bed_days.coalesce(ibis.greatest(j.end_date.delta(j.start_date, unit="day"), 1))
    return j.mutate(_method=method, _bed_days=bed_days)


def method_checks(
    j: ir.Table, book: TariffBook, bad_codes: tuple[str, ...] = ()
) -> list[tuple[str, ir.BooleanValue, Text]]:
    """Every check of a claim (over `_joined`): its values' types and presence, then `claim_checks`."""
    return input_checks(j, CLAIM_COLUMNS) + claim_checks(j, book.year, bad_codes)


def _priced(j: ir.Table, book: TariffBook) -> ir.Table:
    """Each claim's output row (`OUTPUT_COLUMNS`, `_row`): `priced_rows(priced_columns(j, book), book)`."""
    return priced_rows(priced_columns(j, book), book)


def priced_columns(j: ir.Table, book: TariffBook) -> ir.Table:
    """`method_table`'s claims with the amount, withholding, cited row and item, tariff, reason and the
    missing input of each, as columns (`_amount`, `_withheld`, `_clause`, `_item`, `_tariff`, `_reason`,
    `_missing`). A run computes them once (a view) before `priced_rows` writes them out: Ibis would
    otherwise inline each expression into every place the JSON of `inputs` uses it."""
    m = j._method
    kind = j.care_kind
    base_rate = _int(book.base_rate_tiyn)
    ccg_tiyn = ccg_amount(base_rate, j._w)
    qty = j.quantity.coalesce(1)
    block_withheld = ibis.cases(
        ((m == "medical_economic_tariff") & short_block(j._bed_days, j._term), withheld(j._block_tiyn)),
        else_=_int(0),
    )
    sessions_tiyn = j.sessions * j.dialysis_session_tiyn
    per_capita = m.isin([k for k, v in METHODS.items() if v.basis != "case"])
    amount = ibis.cases(
        (m == "per_case_ccg", ccg_tiyn),
        (m == "ccg_plus_sessions", ccg_tiyn + sessions_tiyn + j.additional_tiyn.coalesce(0)),
        (m == "ccg_plus_additional", ccg_tiyn + j.additional_tiyn.coalesce(sessions_tiyn)),
        (m == "per_bed_day", j._bed_days * j.bed_day_tiyn),
        (m == "per_case_average_cost", j.average_case_cost_tiyn),
        (m == "admission_department", j.admission_department_tiyn),
        (m == "dialysis_session", sessions_tiyn),
        (m == "oncology", j.oncology_tiyn),
        (m == "medical_economic_tariff", j._block_tiyn - block_withheld),
        (m == "item_tariff", j._svc_tiyn * qty),
        (m.isin(["per_case_actual_cost", "actual_cost"]), j.amount),
        (per_capita, _int(0)),
        else_=_int(None),
    )
    j = j.mutate(_amount=amount, _withheld=block_withheld)
    clause, item = _clause(j)
    # the input a priced method lacks (named, never a silent zero)
    missing = ibis.cases(
        ((m == "item_tariff") & j.service_code.isnull(), "service_code"),
        (m.isin(["per_case_ccg", "ccg_plus_sessions", "ccg_plus_additional"]) & j.ccg.isnull(), "ccg"),
        (
            m.isin(["per_case_ccg", "ccg_plus_sessions", "ccg_plus_additional"]) & base_rate.isnull(),
            "base_rate_tiyn",
        ),
        ((m == "ccg_plus_additional") & j.additional.isnull(), "additional"),
        ((m == "ccg_plus_additional") & j.additional_tiyn.isnull() & j.sessions.isnull(), "additional_tiyn"),
        (m.isin(["dialysis_session", "ccg_plus_sessions"]) & j.sessions.isnull(), "sessions"),
        (m.isin(["dialysis_session", "ccg_plus_sessions", "oncology"]) & j.tariff_code.isnull(),
         "tariff_code"),
        ((m == "oncology") & j.oncology_tiyn.isnull(), "oncology_tiyn." + j.tariff_code),
        (m.isin(["dialysis_session", "ccg_plus_sessions"]) & j.dialysis_session_tiyn.isnull(),
         "dialysis_session_tiyn." + j.tariff_code),
        ((m == "per_bed_day") & j.bed_day_tiyn.isnull(), "bed_day_tiyn"),
        ((m == "per_case_average_cost") & j.average_case_cost_tiyn.isnull(), "average_case_cost_tiyn"),
        ((m == "admission_department") & j.admission_department_tiyn.isnull(), "admission_department_tiyn"),
        ((m == "medical_economic_tariff") & j.block.isnull(), "block"),
        else_=_str(None),
    )  # fmt: skip
    tariff = ibis.cases(
        (m == "per_bed_day", j.bed_day_tiyn),
        (m == "per_case_average_cost", j.average_case_cost_tiyn),
        (m == "admission_department", j.admission_department_tiyn),
        (m.isin(["dialysis_session", "ccg_plus_sessions", "ccg_plus_additional"]), j.dialysis_session_tiyn),
        (m == "oncology", j.oncology_tiyn),
        (m == "item_tariff", j._svc_tiyn),
        else_=_int(None),
    )
    reason = ibis.cases(
        (m.isnull() & (kind == "outpatient_drugs"), "outside_appendix_2"),
        (m.isnull(), "no_method"),
        (j._amount.isnull(), "missing_tariff_input"),
        *((m == code, why) for code, why in PAID_ELSEWHERE.items()),
        else_=_str(None),
    )
    return j.mutate(
        _clause=clause, _item=item, _tariff=tariff, _reason=reason,
        _missing=ibis.ifelse(j._amount.isnull() & m.notnull(), missing, _str(None)),
    )  # fmt: skip


def priced_rows(j: ir.Table, book: TariffBook, **extra: ir.Value) -> ir.Table:
    """One output row per claim from `priced_columns`: the columns of `OUTPUT_COLUMNS`, `inputs` the JSON
    of the method's own inputs, `_row` (the order of the output) and the `extra` columns given."""
    m = j._method
    base_rate = _int(book.base_rate_tiyn)
    qty = j.quantity.coalesce(1)
    # Each method's JSON holds only its own fields: one CASE branch per row, not every field's condition
    # (DuckDB evaluates a THEN only for the rows its WHEN selects).
    ccg3 = ("per_case_ccg", "ccg_plus_sessions", "ccg_plus_additional")
    fields: dict[str, tuple[tuple[str, ...], ir.Value]] = {
        "ccg": (ccg3, j.ccg),
        "cost_weight": (ccg3, j._wtxt),
        "base_rate_tiyn": (ccg3, base_rate),
        "tariff_code": (
            ("ccg_plus_sessions", "per_bed_day", "per_case_average_cost", "admission_department",
             "dialysis_session", "oncology"),
            j.tariff_code,
        ),
        "service_code": (("item_tariff",), j.service_code),
        "quantity": (("item_tariff",), ibis.ifelse(j.service_code.notnull(), qty, _int(None))),
        "tariff_tiyn": (
            ("per_bed_day", "per_case_average_cost", "admission_department", "dialysis_session",
             "ccg_plus_sessions", "ccg_plus_additional", "oncology", "item_tariff"),
            j._tariff,
        ),
        "bed_days": (("per_bed_day", "medical_economic_tariff"), j._bed_days),
        "sessions": (("ccg_plus_sessions", "dialysis_session", "ccg_plus_additional"), j.sessions),
        "additional_item": (("ccg_plus_additional", "ccg_plus_sessions"), j._add_item),
        "additional_tiyn": (("ccg_plus_additional", "ccg_plus_sessions"), j.additional_tiyn),
        "case_item": (("ccg_plus_additional",), _str("app2.4.7")),
        "block": (("medical_economic_tariff",), j.block),
        "block_term_days": (("medical_economic_tariff",), j._term),
        "block_tiyn": (("medical_economic_tariff",), j._block_tiyn),
        "withheld_percent": (
            ("medical_economic_tariff",), ibis.ifelse(j._withheld > 0, _int(WITHHOLD_PERCENT), _int(None))
        ),
        "complex_tariff": (("complex_tariff",), j._ckey),
        "icd10": (("oncology",), j.icd10.re_replace(r"[^0-9A-Za-z.]", "")),
        "rural": (
            ("comprehensive_per_capita_norm",),
            ibis.cases((j._rural, "true"), (~j._rural, "false"), else_="unknown"),
        ),
    }  # fmt: skip
    tail = {"reason": j._reason, "missing": j._missing}

    def of(code: str) -> ir.StringValue:
        # a method paid per organisation: its claims' amount is 0, never null, so their reason is known
        # and nothing is missing — constants in the text, not values joined in per row
        known = tail
        if code in PAID_ELSEWHERE:
            known = {"reason": _str(PAID_ELSEWHERE[code]), "missing": _str(None)}
        own = {k: v for k, (ms, v) in fields.items() if code in ms}
        return json_object(own | known, optional=tuple(tail))

    inputs = ibis.cases(*((m == code, of(code)) for code in METHODS), else_=json_object(tail))
    return j.select(
        claim_id=j.claim_id,
        provider_id=j.provider_id,
        region=j.region,
        care_kind=j.care_kind,
        method=m,
        act=_str(ACT),
        clause=j._clause,
        item=j._item,
        presented_tiyn=j.amount,
        amount_tiyn=j._amount,
        withheld_tiyn=ibis.ifelse(j._amount.isnull(), _int(None), j._withheld),
        inputs=inputs,
        _row=j._row,  # the order of the output
        **extra,
    )


def _clause(j: ir.Table) -> tuple[ir.StringValue, ir.IntegerValue]:
    """The app2 row and item each claim's method is cited by (the item the claim's care falls under)."""
    m = j._method
    rural = j._rural.fill_null(False)
    urgent = j.form == "urgent"
    phc = m == "comprehensive_per_capita_norm"
    pairs: list[tuple[ir.BooleanValue, tuple[str | ir.StringValue, int | ir.IntegerValue]]] = [
        ((m == "per_bed_day") & (j.care_kind == "day_hospital"), ("app2.5", 11)),
        # row 9 for rural organisations; urgent care (the 4th urgency category) under 2.3 / 9.3
        (phc & rural & urgent, ("app2.9", 3)),
        (phc & rural, ("app2.9", 1)),
        (phc & urgent, ("app2.2", 3)),
        ((m == "item_tariff") & rural & (j._svc_clause == "app2.2") & (j._svc_item == 4), ("app2.9", 4)),
        ((m == "item_tariff") & j._svc.notnull(), (j._svc_clause, j._svc_item)),
        ((m == "item_tariff") & (j.care_kind == "outpatient_drugs"), ("app2.2", 4)),
        ((m == "item_tariff") & (j.care_kind == "screening"), ("app2.3", 6)),
        ((m == "item_tariff") & (j.care_kind == "blood"), ("app2.14", 1)),
        ((m == "item_tariff") & (j.care_kind == "outpatient_specialized") & j._onco, ("app2.10", 2)),
        ((m == "ccg_plus_additional") & j._add_item.notnull(), ("app2.5", j._add_item)),
        ((m == "actual_cost") & j.block.notnull(), ("app2.6", 5)),
        ((m == "actual_cost") & (j.care_kind == "outpatient_drugs") & j._tb, ("app2.11", 2)),
        ((m == "actual_cost") & (j.care_kind == "outpatient_drugs") & j._hiv, ("app2.12", 4)),
    ]
    pairs += [((m == "complex_tariff") & (j._ckey == k), ci) for k, ci in COMPLEX_CLAUSES.items()]
    pairs += [(m == "item_tariff", ("app2.3", 1))]
    pairs += [(m == code, method.citation[1:]) for code, method in METHODS.items()]
    # the first pair that applies, found once: its clause and item picked by its position
    at = ibis.cases(*((cond, _int(i)) for i, (cond, _) in enumerate(pairs)), else_=_int(None))
    clause = _pick(at, [ci[0] for _, ci in pairs], "string")
    item = _pick(at, [ci[1] for _, ci in pairs], "int64")
    return clause, item.cast("int64")


def _pick(at: ir.IntegerValue, values: list[Any], dtype: str) -> ir.Value:
    """The value at position `at` of `values` (constants, or expressions of the row); null at null."""
    consts = [None if isinstance(v, ir.Value) else v for v in values]
    picked = ibis.literal([*consts, None], type=f"array<{dtype}>")[at]
    exprs = [(at == i, v) for i, v in enumerate(values) if isinstance(v, ir.Value)]
    return ibis.cases(*exprs, else_=picked) if exprs else picked
