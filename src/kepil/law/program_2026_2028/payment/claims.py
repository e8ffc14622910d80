"""The claims file payment reads (`CLAIM_COLUMNS`) and what each claim must satisfy (`claim_checks`),
with the messages of a bad claim in kk, ru and en."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from kepil.claims.messages import NOT_ICD10
from kepil.i18n import Text
from kepil.law.care import CARE_FORMS, CARE_KINDS
from kepil.law.program_2026_2028.payment.inputs import _EMPTY, Col, normalise_region, read_input
from kepil.law.program_2026_2028.payment.methods import METHODS, complex_kinds
from kepil.law.program_2026_2028.tariffs import PER_PERSON_KEYS

CLAIM_COLUMNS: tuple[Col, ...] = (
    Col("claim_id"),
    Col("provider_id"),
    Col("region"),
    Col("iin"),
    Col("care_kind"),
    Col("icd10"),
    Col("start_date", "date"),
    Col("end_date", "date"),
    Col("amount", "int"),
    Col("method", required=False, nullable=True),
    Col("ccg", required=False, nullable=True),
    Col("tariff_code", required=False, nullable=True),
    Col("block", required=False, nullable=True),
    Col("complex_tariff", required=False, nullable=True),
    Col("bed_days", "int", required=False, nullable=True),
    Col("sessions", "int", required=False, nullable=True),
    Col("service_code", required=False, nullable=True),
    Col("quantity", "int", required=False, nullable=True),
    Col("additional", required=False, nullable=True),
    Col("additional_tiyn", "int", required=False, nullable=True),
    Col("form", required=False, nullable=True),
    Col("funding", required=False, nullable=True),
)
MAX_QUANTITY = 100_000  # services of one claim: keeps quantity × tariff (≤ 10¹¹) within int64
FUNDINGS = ("gvfmc", "cshi")

_M = {
    "region": Text("белгісіз өңір: {value}", "неизвестный регион: {value}", "unknown region: {value}"),
    "care_kind": Text(
        "белгісіз көмек түрі: {value}", "неизвестный вид помощи: {value}", "unknown kind of care: {value}"
    ),
    "negative": Text("теріс сан: {value}", "отрицательное число: {value}", "a negative number: {value}"),
    "dates": Text(
        "end_date start_date-тен ерте", "end_date раньше start_date", "end_date is before start_date"
    ),
    "duplicate": Text(
        "claim_id қайталанады: {value}", "claim_id повторяется: {value}", "claim_id is repeated: {value}"
    ),
    "method": Text(
        "белгісіз төлем әдісі: {value}; мүмкіндері: " + ", ".join(METHODS),
        "неизвестный метод оплаты: {value}; допустимы: " + ", ".join(METHODS),
        "unknown payment method: {value}; expected one of " + ", ".join(METHODS),
    ),
    "method_kind": Text(
        "бұл әдіс бұл көмек түріне қолданылмайды (program-2026-2028 2-қосымша): {value}",
        "этот метод не применяется к этому виду помощи (program-2026-2028 прил. 2): {value}",
        "this method does not pay for this kind of care (program-2026-2028 app2): {value}",
    ),
    "complex": Text(
        "бір адамға тариф болуы керек (" + ", ".join(PER_PERSON_KEYS) + "): {value}",
        "ожидается тариф на одного человека (" + ", ".join(PER_PERSON_KEYS) + "): {value}",
        "expected a per-person tariff (" + ", ".join(PER_PERSON_KEYS) + "): {value}",
    ),
    "ccg": Text(
        "тарифтер кітабында мұндай КШТ жоқ: {value}",
        "такой КЗГ нет в книге тарифов: {value}",
        "no such clinical cost group in the tariff book: {value}",
    ),
    "block": Text(
        "тарифтер кітабында мұндай емдеу блогы жоқ: {value}",
        "такого блока лечения нет в книге тарифов: {value}",
        "no such treatment block in the tariff book: {value}",
    ),
    "tariff_code": Text(
        "тарифтер кітабында мұндай тариф коды жоқ: {value}",
        "такого кода тарифа нет в книге тарифов: {value}",
        "no such tariff code in the tariff book: {value}",
    ),
    "service_code": Text(
        "тарифтер кітабында мұндай қызмет коды жоқ (service_tariffs_tiyn): {value}",
        "такого кода услуги нет в книге тарифов (service_tariffs_tiyn): {value}",
        "no such service code in the tariff book (service_tariffs_tiyn): {value}",
    ),
    "quantity": Text(
        "саны 0-ден " + f"{MAX_QUANTITY:,}".replace(",", " ") + "-ге дейін болуы керек: {value}",
        "количество должно быть от 0 до " + f"{MAX_QUANTITY:,}".replace(",", " ") + ": {value}",
        "the quantity must be from 0 to " + f"{MAX_QUANTITY:,}".replace(",", " ") + ": {value}",
    ),
    "additional": Text(
        "2-қосымшаның 5-жолындағы қосымша шығыс тармағы болуы керек (1-10, 12 немесе оның коды): {value}",
        "ожидается пункт дополнительных затрат строки 5 приложения 2 (1-10, 12 или его код): {value}",
        "expected an additional-cost item of appendix 2 row 5 (1-10, 12 or its code): {value}",
    ),
    "form": Text(
        "нысаны: emergency, urgent немесе planned болуы керек: {value}",
        "форма: ожидается emergency, urgent или planned: {value}",
        "form: expected emergency, urgent or planned: {value}",
    ),
    "funding": Text(
        "қаржыландыру: gvfmc немесе cshi болуы керек: {value}",
        "финансирование: ожидается gvfmc или cshi: {value}",
        "funding: expected gvfmc or cshi: {value}",
    ),
    "year": Text(
        "жағдай тарифтер кітабының жылынан тыс аяқталған: {value}",
        "случай завершён вне года книги тарифов: {value}",
        "the case ended outside the tariff book's year: {value}",
    ),
}


def read_claims(con: ibis.BaseBackend, path: Path, workdir: Path) -> ir.Table:
    """The claims file with the columns payment reads, typed (`read_input`), region as its code (null when
    unknown), `_row` kept. Its values are checked by `price_claims` (`input_checks` and `claim_checks`,
    in one scan)."""
    return normalise_region(read_input(con, path, CLAIM_COLUMNS, workdir, check=False))


PAIR = "|"  # joins the two keys of a pair (`pair_key`); no method, tariff key or kind of care holds it


def pair_key(a: ir.StringValue, b: ir.StringValue) -> ir.StringValue:
    """One key for a pair of keys (null when either is): what `_method_kinds` and `_complex_kinds` are
    looked up by. A value holding `PAIR` makes a key with two of them, which no pair has."""
    return a + PAIR + b


def _pairs(key: str, names: tuple[str, str], pairs: list[tuple[str, str]]) -> pa.Table:
    return pa.table(
        {
            key: [a + PAIR + b for a, b in pairs],
            names[0]: [a for a, _b in pairs],
            names[1]: [b for _a, b in pairs],
        },
        schema=pa.schema([(key, pa.string()), (names[0], pa.string()), (names[1], pa.string())]),
    )


def _method_kinds() -> pa.Table:
    """(method, kind of care) pairs a claim's `method` may name, keyed by `pair_key`."""
    pairs = [(m, k) for m in METHODS for k in METHODS[m].care_kinds]
    return _pairs("_mk", ("_m", "_k"), pairs)


def _complex_kinds() -> pa.Table:
    """(per-person tariff key, kind of care) pairs, keyed by `pair_key`."""
    pairs = [(d, k) for d, kinds in complex_kinds().items() for k in kinds]
    return _pairs("_cdk", ("_cd", "_ck"), pairs)


def unreadable_codes(values: Iterable[str | None]) -> tuple[str, ...]:
    """The values among `values` (a claims file's distinct `icd10`) that are not ICD-10 (WHO 2019) diagnosis
    codes. A claim's diagnosis decides its method (app2 rows 10–13: oncology, tuberculosis, HIV, mental
    health; the PKU foods): a code kepil cannot read would be priced as "none of those" — a confident
    answer resting on nothing — so its claim is refused, naming row and value, as `kepil monitor run`
    refuses it. Blank values are `input_checks`' (the column is required)."""
    from kepil.reference.icd10 import is_valid

    return tuple(sorted(v for v in values if v is not None and v.strip() and not is_valid(v)))


def claim_checks(
    j: ir.Table, year: int, bad_codes: tuple[str, ...] = ()
) -> list[tuple[str, ir.BooleanValue, Text]]:
    """What a claim must satisfy, over `j` = claims joined with the book (`price_claims`), the method and
    complex-tariff kinds of care (`_m`, `_cd`). Repeated claim_ids are found by `first_bad(unique=...)`;
    `bad_codes`: the file's `unreadable_codes` (found once, from its distinct values)."""
    codes = [("icd10", j.icd10.isin(bad_codes), NOT_ICD10)] if bad_codes else []
    return [
        ("region", j.region.isnull(), _M["region"]),
        ("care_kind", ~j.care_kind.isin(CARE_KINDS), _M["care_kind"]),
        *codes,
        ("end_date", j.end_date < j.start_date, _M["dates"]),
        ("end_date", j.end_date.year() != year, _M["year"]),
        ("amount", j.amount < 0, _M["negative"]),
        ("bed_days", j.bed_days < 0, _M["negative"]),
        ("sessions", j.sessions < 0, _M["negative"]),
        ("method", j.method.notnull() & ~j.method.isin(tuple(METHODS)), _M["method"]),
        ("method", j.method.isin(tuple(METHODS)) & j._m.isnull(), _M["method_kind"]),
        (
            "complex_tariff",
            j.complex_tariff.notnull() & ~j.complex_tariff.isin(PER_PERSON_KEYS),
            _M["complex"],
        ),
        (
            "complex_tariff",
            j.complex_tariff.isin(PER_PERSON_KEYS) & j._cd.isnull(),
            _M["method_kind"],
        ),
        ("complex_tariff", (j.method == "complex_tariff") & j.complex_tariff.isnull(), _EMPTY),
        ("ccg", j.ccg.notnull() & j._ccg.isnull(), _M["ccg"]),
        ("tariff_code", j.tariff_code.notnull() & j._code.isnull(), _M["tariff_code"]),
        ("block", j.block.notnull() & j._block.isnull(), _M["block"]),
        ("service_code", j.service_code.notnull() & j._svc.isnull(), _M["service_code"]),
        ("quantity", (j.quantity < 0) | (j.quantity > MAX_QUANTITY), _M["quantity"]),
        ("additional", j.additional.notnull() & j._add_item.isnull(), _M["additional"]),
        ("additional_tiyn", j.additional_tiyn < 0, _M["negative"]),
        ("form", j.form.notnull() & ~j.form.isin(CARE_FORMS), _M["form"]),
        ("funding", j.funding.notnull() & ~j.funding.isin(FUNDINGS), _M["funding"]),
    ]
