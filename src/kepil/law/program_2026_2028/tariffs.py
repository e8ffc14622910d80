"""Tariff books: the tariffs one year's payments use (`program-2026-2028` 74, 77 and appendix 2).

Tariffs are not in the acts (74 sends them to the methodology of ҚР ДСМ-309/2020, 77 to the order
ҚР ДСМ-170/2020): they are user data, one book per year, in YAML or JSON. Money is **integer tiyn**
(1 tenge = 100 tiyn) in every field whose name ends in `_tiyn`; a float, a string or a bool there is an
error, so no amount is ever rounded on the way in. Cost weights are decimals (at most 6 places, written
as numbers or strings) and are kept exact as `Decimal`.

Clause 77 (second part): the tariffs of the next year are approved or changed "ағымдағы қаржы жылының
31 наурызына дейін" — until 31 March of the current year — and not after, "except the cases of
allocating additional funds from the republican budget for medical services, for financing new medical
technologies or for changes to tariffs by decision of the Government". A book for year Y approved after
31 March of Y-1 is rejected unless it names one of these cases (`Exception77`).

Reading: "31 наурызына дейін" is read inclusively (a book approved on 31 March is in time; 1 April is
late). The deadline is a calendar date, not a term in working days: 31 March of 2025, 2026 and 2027 (the
deadlines of the Program's three years) are all working days, so no transfer question arises.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import Any, NoReturn, TypeVar

import pyarrow as pa
import yaml

from kepil.data import TooDeep, load_bounded_yaml
from kepil.errors import InvalidInput
from kepil.i18n import Text
from kepil.law.citation import Citation
from kepil.limits import (
    MAX_JSON_BYTES,
    MAX_JSON_DEPTH,
    TOO_DEEP,
    TOO_LARGE,
    load_json,
    quoted,
    without_bom,
)
from kepil.reference.messages import NO_CCG
from kepil.reference.regions import region as region_of
from kepil.reference.regions import regions as all_regions
from kepil.validation import fill, shown

ACT = "program-2026-2028"
CLAUSE_77 = Citation(ACT, "77")
PROGRAM_YEARS = (2026, 2027, 2028)
WEIGHT_PLACES = 6  # cost weights: at most 6 decimal places, kept exact
WEIGHT_SCALE = 10**WEIGHT_PLACES
MAX_WEIGHT = Decimal(100)
# Bounds that keep set-based arithmetic exact: base rate × fractional millionths of a weight < 10**15 < 2**53
# (engines divide integers in floating point; below 2**53 that is exact), every product within int64.
MAX_BASE_RATE_TIYN = 10**9
MAX_TARIFF_TIYN = 10**11
MAX_TERM_DAYS = 366

T = TypeVar("T")
_UNSAFE = re.compile(r'["\\\x00-\x1f]')


class Exception77(StrEnum):
    """The cases in which 77 allows tariffs to be approved or changed after 31 March: the allocation of
    additional funds from the republican budget ..."""

    MEDICAL_SERVICES = "additional_funds_medical_services"  # ... for medical services
    NEW_TECHNOLOGIES = "additional_funds_new_technologies"  # ... for financing new medical technologies
    GOVERNMENT_DECISION = (
        "additional_funds_government_decision"  # ... for tariff changes the Government decides
    )

    @property
    def text(self) -> Text:
        return _EXCEPTION_TEXT[self]


_EXCEPTION_TEXT: dict[Exception77, Text] = {
    Exception77.MEDICAL_SERVICES: Text(
        "республикалық бюджеттен медициналық қызметтерге қосымша қаражат бөлу",
        "выделение дополнительных средств из республиканского бюджета на медицинские услуги",
        "additional funds from the republican budget for medical services",
    ),
    Exception77.NEW_TECHNOLOGIES: Text(
        "республикалық бюджеттен жаңа медициналық технологияларды қаржыландыруға қосымша қаражат бөлу",
        "выделение дополнительных средств из республиканского бюджета на финансирование новых "
        "медицинских технологий",
        "additional funds from the republican budget for financing new medical technologies",
    ),
    Exception77.GOVERNMENT_DECISION: Text(
        "Қазақстан Республикасы Үкіметінің шешімі бойынша тарифтерге өзгерістер енгізуге қосымша "
        "қаражат бөлу",
        "выделение дополнительных средств на изменение тарифов по решению Правительства Республики Казахстан",
        "additional funds for changes to tariffs by decision of the Government of Kazakhstan",
    ),
}

# Complex tariffs per patient (app2 rows 11-13); the keys are also the classifier's column ids for
# penalties in multiples of КТ (monitoring-rules app1 columns 14-16; see
# data/monitoring_rules/classifier_columns.yaml).
COMPLEX_TARIFF_DIRECTIONS = ("tuberculosis", "hiv", "mental_health")
# Other tariffs per person served in a month (not penalty bases), each with its app2 row and item; kept in
# the same region section `complex_tariffs_tiyn` and named in a claim's `complex_tariff` column.
PER_PERSON_TARIFFS: dict[str, tuple[str, int]] = {
    "medical_train": ("app2.3", 4),  # mobile complexes on railway transport: tariff per person
    "republican_tuberculosis": ("app2.11", 4),  # TB care in the republican organisation, per patient
    "friendly_cabinet": ("app2.12", 2),  # key populations in friendly cabinets, per person
    "mental_health_registered": ("app2.13", 2),  # per registered patient per month
}
PER_PERSON_KEYS = (*COMPLEX_TARIFF_DIRECTIONS, *PER_PERSON_TARIFFS)
# Items of app2 priced by the tariff of the service (or case) a claim names in `service_code`, times its
# `quantity`: `service_tariffs_tiyn: {"3.1": {code: tiyn}}`. A code belongs to one item only.
SERVICE_ITEMS: tuple[str, ...] = (
    "2.4", "2.5", "3.1", "3.2", "3.5", "3.6", "4.8", "5.13", "10.2", "10.3", "10.4", "10.5", "10.6",
    "10.7", "10.8", "10.9", "11.3", "12.3", "14.1",
)  # fmt: skip
# Per-capita norms of a region (per person per month), the app2 items each pays, the population it is
# multiplied by (see payment/per_capita.py).
REGION_NORMS: dict[str, tuple[str, ...]] = {
    "per_capita_norm_tiyn": ("1.1",),  # ЖБН, per inhabitant served by the ambulance
    "comprehensive_per_capita_norm_tiyn": ("2.1",),  # КЖН, per attached person
    "incentive_per_capita_tiyn": ("2.2", "9.2"),  # incentive component (СКПН), per attached person
    "urgent_care_per_capita_norm_tiyn": ("2.3", "9.3"),  # urgent care (urgency category 4), per attached
    "consolidation_per_capita_norm_tiyn": ("2.6",),  # consolidated PHC providers, per attached person
    "school_pupil_norm_tiyn": ("3.3",),  # per attached pupil
    "rural_comprehensive_per_capita_norm_tiyn": ("9.1",),  # the rural package, per attached rural person
}
# Penalty bases (monitoring-rules app1): ЖБН, КЖН, КТ.
PENALTY_BASES = ("per_capita_norm", "comprehensive_per_capita_norm", "complex_tariff")

# Sections of code → amount in tiyn, each with the app2 row it serves.
PRICE_SECTIONS: dict[str, str] = {
    "bed_day_tiyn": "app2.4",  # per bed-day (item 3; also 5.11 day hospital, 13.4 mental health)
    "average_case_cost_tiyn": "app2.4",  # per case at the computed average cost (item 4; 13.3)
    "admission_department_tiyn": "app2.4",  # services of the admission department (item 5)
    "dialysis_session_tiyn": "app2.7",  # haemodialysis sessions (row 7; sessions of row 8)
    "oncology_tiyn": "app2.10",  # oncology cases in the ranges of row 10
}
TOP_FIELDS = (
    "year",
    "approved_on",
    "exception",
    "exception_basis",
    "illustrative",
    "title",
    "source",
    "base_rate_tiyn",
    "clinical_cost_groups",
    *PRICE_SECTIONS,
    "paediatric_oncology_blocks",
    "service_tariffs_tiyn",
    "base_official_salary_tiyn",
    "regions",
)
REGION_FIELDS = (*REGION_NORMS, "complex_tariffs_tiyn")
BLOCK_FIELDS = ("term_days", "amount_tiyn", "name")


@dataclass(frozen=True, slots=True)
class BlockTariff:
    """A treatment block (scheme) of children's oncology and its medical-economic tariff (app2.6)."""

    code: str
    term_days: int
    amount_tiyn: int
    name: str | None = None


@dataclass(frozen=True, slots=True)
class RegionTariffs:
    """A region's per-capita norms (per person per month) and complex tariffs (per patient per month)."""

    region: str
    per_capita_norm_tiyn: int | None = None  # ЖБН (app2.1)
    comprehensive_per_capita_norm_tiyn: int | None = None  # КЖН (app2.2 item 1; app2.9)
    complex_tariffs_tiyn: Mapping[str, int] = field(default_factory=dict)  # КТ (app2.11-13), per person
    norms_tiyn: Mapping[str, int] = field(default_factory=dict)  # every REGION_NORMS field given


@dataclass(frozen=True, slots=True)
class TariffBook:
    """One year's tariffs, validated. Mappings are read-only."""

    year: int
    approved_on: dt.date
    exception: Exception77 | None = None
    exception_basis: str | None = None
    illustrative: bool = False
    title: str | None = None
    source: str | None = None
    base_rate_tiyn: int | None = None
    clinical_cost_groups: Mapping[str, Decimal] = field(default_factory=dict)
    prices: Mapping[str, Mapping[str, int]] = field(default_factory=dict)  # PRICE_SECTIONS → code → tiyn
    paediatric_oncology_blocks: Mapping[str, BlockTariff] = field(default_factory=dict)
    regions: Mapping[str, RegionTariffs] = field(default_factory=dict)
    # app2 item ("3.1") → service code → tiyn (SERVICE_ITEMS)
    service_tariffs: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    # БЛЖ (base official salary, per month): drivers' supplement of 200 % of it (app2.1 item 2, 2.7)
    base_official_salary_tiyn: int | None = None

    @property
    def deadline(self) -> dt.date:
        """The last day (77) on which this year's tariffs may be approved or changed: 31 March of Y-1."""
        return approval_deadline(self.year)

    def price(self, section: str, code: str) -> int | None:
        return self.prices.get(section, {}).get(code)

    def ccg_amount(self, code: str) -> int:
        """Base rate × cost weight of a clinical cost group, rounded half up to the tiyn (app2.4 item 1)."""
        if self.base_rate_tiyn is None or code not in self.clinical_cost_groups:
            raise InvalidInput("ccg", fill(NO_CCG, code=shown(code), year=self.year))
        return ccg_amount_tiyn(self.base_rate_tiyn, weight_micro(self.clinical_cost_groups[code]))

    def penalty_bases(self) -> pa.Table:
        """The bases of penalties in multiples (monitoring-rules app1): one row per region and base.

        Columns: `region` (code), `base` (per_capita_norm = ЖБН, comprehensive_per_capita_norm = КЖН,
        complex_tariff = КТ), `value` (int64 tiyn), `column`: null for ЖБН and КЖН, and for КТ the
        classifier column it belongs to (`tuberculosis`, `hiv`, `mental_health` — app2 rows 11-13 and
        classifier columns 14-16), since a region has one complex tariff per direction. Bases the book
        does not give are absent (a penalty on them is unknown: null). Sorted by region, base, column.
        """
        rows: list[tuple[str, str, int, str | None]] = []
        for code in sorted(self.regions):
            r = self.regions[code]
            if r.per_capita_norm_tiyn is not None:
                rows.append((code, "per_capita_norm", r.per_capita_norm_tiyn, None))
            if r.comprehensive_per_capita_norm_tiyn is not None:
                rows.append(
                    (code, "comprehensive_per_capita_norm", r.comprehensive_per_capita_norm_tiyn, None)
                )
            for direction in COMPLEX_TARIFF_DIRECTIONS:
                if direction in r.complex_tariffs_tiyn:
                    rows.append((code, "complex_tariff", r.complex_tariffs_tiyn[direction], direction))
        rows.sort(key=lambda x: (x[0], x[1], x[3] or ""))
        return pa.table(
            {
                "region": pa.array([x[0] for x in rows], pa.string()),
                "base": pa.array([x[1] for x in rows], pa.string()),
                "value": pa.array([x[2] for x in rows], pa.int64()),
                "column": pa.array([x[3] for x in rows], pa.string()),
            }
        )


def approval_deadline(year: int) -> dt.date:
    """77: tariffs of `year` are approved or changed until 31 March of the year before (inclusive)."""
    return dt.date(year - 1, 3, 31)


def weight_micro(weight: Decimal) -> int:
    """A cost weight as an integer number of millionths (exact: weights have at most 6 places)."""
    return int(weight * WEIGHT_SCALE)


def ccg_amount_tiyn(base_rate_tiyn: int, weight_millionths: int) -> int:
    """Base rate × cost weight in tiyn, rounded half up (both are non-negative, so floor of x + ½)."""
    return (base_rate_tiyn * weight_millionths + WEIGHT_SCALE // 2) // WEIGHT_SCALE


# --- loading and validation ------------------------------------------------------------------------


class TariffBookError(InvalidInput):
    """A tariff book that cannot be used; `field` is `FILE:PATH`, e.g.
    `t.yaml:regions.abai.per_capita_norm_tiyn`; `.file` and `.path` hold the two parts."""

    def __init__(self, file: str, path: str, message: Text) -> None:
        self.file = file
        self.path = path
        super().__init__(f"{file}:{path}" if path else file, message)


_M = {
    "missing": Text("міндетті өріс жоқ", "обязательное поле отсутствует", "a required field is missing"),
    "unknown": Text(
        "белгісіз өріс; мүмкін өрістер: {allowed}",
        "неизвестное поле; допустимые поля: {allowed}",
        "unknown field; expected one of {allowed}",
    ),
    "mapping": Text(
        "кілт: мән жұптары (mapping) болуы керек",
        "ожидается словарь (ключ: значение)",
        "expected a mapping (key: value)",
    ),
    "tiyn": Text(
        "тиынмен 0-ден {max}-ға дейінгі бүтін сан болуы керек (1 теңге = 100 тиын); берілгені: {value}",
        "ожидается целое число тиынов от 0 до {max} (1 тенге = 100 тиынов); дано: {value}",
        "expected a whole number of tiyn from 0 to {max} (1 tenge = 100 tiyn); got {value}",
    ),
    "date": Text(
        "ЖЖЖЖ-АА-КК түріндегі күн болуы керек; берілгені: {value}",
        "ожидается дата ГГГГ-ММ-ДД; дано: {value}",
        "expected a date YYYY-MM-DD; got {value}",
    ),
    "year": Text(
        "Бағдарлама жылы болуы керек ({years}); берілгені: {value}",
        "ожидается год Программы ({years}); дано: {value}",
        "expected a year of the Program ({years}); got {value}",
    ),
    "weight": Text(
        "0-ден асатын, {max}-ден аспайтын, ең көбі {places} ондық таңбасы бар сан болуы керек; "
        "берілгені: {value}",
        "ожидается число больше 0 и не больше {max}, не более {places} знаков после запятой; дано: {value}",
        "expected a number above 0 and at most {max}, with at most {places} decimal places; got {value}",
    ),
    "term": Text(
        "1-ден {max}-ға дейінгі бүтін күн саны болуы керек; берілгені: {value}",
        "ожидается целое число дней от 1 до {max}; дано: {value}",
        "expected a whole number of days from 1 to {max}; got {value}",
    ),
    "code": Text(
        'код бос емес мәтін болуы керек (санды тырнақшаға алыңыз), 64 таңбадан аспайды, " және \\ жоқ; '
        "берілгені: {value}",
        'код должен быть непустой строкой (число возьмите в кавычки) до 64 знаков, без " и \\; дано: {value}',
        'a code must be a non-empty string (quote numbers) of up to 64 characters, without " or \\; '
        "got {value}",
    ),
    "text": Text("мәтін болуы керек", "ожидается строка", "expected a string"),
    "bool": Text("true немесе false болуы керек", "ожидается true или false", "expected true or false"),
    "exception": Text(
        "77-тармақтағы жағдайлардың бірі болуы керек: {allowed}; берілгені: {value}",
        "ожидается один из случаев пункта 77: {allowed}; дано: {value}",
        "expected one of the cases of clause 77: {allowed}; got {value}",
    ),
    "region": Text(
        "белгісіз өңір {value}; өңір коды ({codes}) немесе қазақша атауы болуы керек",
        "неизвестный регион {value}; ожидается код ({codes}) или казахское название",
        "unknown region {value}; expected a code ({codes}) or a Kazakh name",
    ),
    "region_twice": Text(
        "өңір екі рет берілген ({code})",
        "регион указан дважды ({code})",
        "the region is given twice ({code})",
    ),
    "service_item": Text(
        "2-қосымшаның тармағы тырнақшадағы мәтін болуы керек: {allowed}",
        "ожидается пункт приложения 2 строкой в кавычках: {allowed}",
        "expected an item of appendix 2 as a quoted string: {allowed}",
    ),
    "service_twice": Text(
        "бұл қызмет коды 2-қосымшаның басқа тармағында да бар ({other}): код бір тармаққа ғана тиесілі",
        "этот код услуги есть и в другом пункте приложения 2 ({other}): код относится к одному пункту",
        "this service code is also under another item of appendix 2 ({other}): a code belongs to one item",
    ),
    "base_rate": Text(
        "клиникалық-шығынды топтар бар, бірақ базалық мөлшерлеме (base_rate_tiyn) жоқ",
        "есть клинико-затратные группы, но нет базовой ставки (base_rate_tiyn)",
        "clinical cost groups are given but the base rate (base_rate_tiyn) is not",
    ),
    "late": Text(
        "{year} жылғы тарифтер {deadline} дейін бекітіледі немесе өзгертіледі "
        "(program-2026-2028, 77-тармақ); {approved_on} күнгі кітап тек 77-тармақтағы жағдайды "
        "(exception) атаса қабылданады: {allowed}",
        "тарифы на {year} год утверждаются или изменяются до {deadline} (program-2026-2028, п. 77); "
        "книга от {approved_on} принимается, только если указан случай из п. 77 (exception): {allowed}",
        "the tariffs of {year} are approved or changed until {deadline} (program-2026-2028, 77); a book "
        "approved on {approved_on} is accepted only if it names one of the cases of 77 (exception): "
        "{allowed}",
    ),
    "format": Text(
        "YAML (.yaml, .yml) немесе JSON (.json) файлы болуы керек",
        "ожидается файл YAML (.yaml, .yml) или JSON (.json)",
        "expected a YAML (.yaml, .yml) or JSON (.json) file",
    ),
}


class _Reader:
    """Walks the parsed document; every error names the file and the dotted path of the field."""

    def __init__(self, file: str) -> None:
        self.file = file

    def fail(self, path: str, key: str, **kw: object) -> NoReturn:
        raise TariffBookError(self.file, path, _M[key].format(**{k: str(v) for k, v in kw.items()}))

    def mapping(self, value: Any, path: str, allowed: tuple[str, ...] | None = None) -> dict[Any, Any]:
        if not isinstance(value, dict):
            self.fail(path, "mapping")
        if allowed is not None:
            for key in value:
                if key not in allowed:
                    self.fail(_join(path, str(key)), "unknown", allowed=", ".join(allowed))
        return value

    def tiyn(self, value: Any, path: str, maximum: int = MAX_TARIFF_TIYN) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= maximum:
            self.fail(path, "tiyn", max=maximum, value=quoted(value))
        return value

    def code(self, value: Any, path: str) -> str:
        # Codes are written into JSON as they are (payment inputs): no quote, backslash or control character.
        if not isinstance(value, str) or not value.strip() or len(value) > 64 or _UNSAFE.search(value):
            self.fail(path, "code", value=quoted(value))
        return value.strip()

    def text(self, value: Any, path: str) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str):
            self.fail(path, "text")
        return value

    def codes(self, value: Any, path: str, read: Callable[[Any, str], T]) -> dict[str, T]:
        out: dict[str, T] = {}
        for key, item in self.mapping({} if value is None else value, path).items():
            code = self.code(key, _join(path, str(key)))
            out[code] = read(item, _join(path, code))
        return out

    def date(self, value: Any, path: str) -> dt.date:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.fail(path, "date", value=quoted(value))

    def weight(self, value: Any, path: str) -> Decimal:
        bad = isinstance(value, bool) or not isinstance(value, int | float | str | Decimal)
        try:
            w = Decimal(str(value).strip()) if not bad else Decimal(0)
        except InvalidOperation:
            w, bad = Decimal(0), True
        exponent = w.as_tuple().exponent
        if bad or not w.is_finite() or not isinstance(exponent, int) or -exponent > WEIGHT_PLACES:
            bad = True
        if bad or not Decimal(0) < w <= MAX_WEIGHT:
            self.fail(path, "weight", max=MAX_WEIGHT, places=WEIGHT_PLACES, value=quoted(value))
        return w

    def services(self, value: Any) -> dict[str, MappingProxyType[str, int]]:
        """`service_tariffs_tiyn`: app2 item (SERVICE_ITEMS) → code → tiyn; a code in one item only."""
        path = "service_tariffs_tiyn"
        out: dict[str, MappingProxyType[str, int]] = {}
        seen: dict[str, str] = {}
        for key, raw in self.mapping({} if value is None else value, path).items():
            item = key.strip() if isinstance(key, str) else None  # 3.10 unquoted would read as 3.1
            if item not in SERVICE_ITEMS:
                self.fail(_join(path, str(key)), "service_item", allowed=", ".join(SERVICE_ITEMS))
            assert item is not None
            codes = self.codes(raw, _join(path, item), self.tiyn)
            for code in codes:
                if code in seen:
                    self.fail(_join(_join(path, item), code), "service_twice", other=seen[code])
                seen[code] = item
            out[item] = MappingProxyType(codes)
        return out

    def block(self, value: Any, path: str) -> tuple[int, int, str | None]:
        raw = self.mapping(value, path, BLOCK_FIELDS)
        for key in ("term_days", "amount_tiyn"):
            if key not in raw:
                self.fail(_join(path, key), "missing")
        term = raw["term_days"]
        if isinstance(term, bool) or not isinstance(term, int) or not 1 <= term <= MAX_TERM_DAYS:
            self.fail(_join(path, "term_days"), "term", max=MAX_TERM_DAYS, value=quoted(term))
        return (
            term,
            self.tiyn(raw["amount_tiyn"], _join(path, "amount_tiyn")),
            self.text(raw.get("name"), _join(path, "name")),
        )


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def parse_tariffs(data: Any, file: str = "<tariffs>", *, check_deadline: bool = True) -> TariffBook:
    """Validate a parsed document (see `load_tariffs`)."""
    rd = _Reader(file)
    doc = rd.mapping(data, "", TOP_FIELDS)
    for key in ("year", "approved_on"):
        if key not in doc:
            rd.fail(key, "missing")
    year = doc["year"]
    if isinstance(year, bool) or year not in PROGRAM_YEARS:
        rd.fail("year", "year", years=", ".join(map(str, PROGRAM_YEARS)), value=quoted(year))
    approved_on = rd.date(doc["approved_on"], "approved_on")
    exception: Exception77 | None = None
    if doc.get("exception") is not None:
        try:
            exception = Exception77(doc["exception"])
        except ValueError:
            allowed = ", ".join(e.value for e in Exception77)
            rd.fail("exception", "exception", allowed=allowed, value=quoted(doc["exception"]))
    illustrative = doc.get("illustrative", False)
    if not isinstance(illustrative, bool):
        rd.fail("illustrative", "bool")

    base_rate = (
        None
        if doc.get("base_rate_tiyn") is None
        else rd.tiyn(doc["base_rate_tiyn"], "base_rate_tiyn", MAX_BASE_RATE_TIYN)
    )
    groups = rd.codes(doc.get("clinical_cost_groups"), "clinical_cost_groups", rd.weight)
    if groups and base_rate is None:
        rd.fail("base_rate_tiyn", "base_rate")
    prices = {s: MappingProxyType(rd.codes(doc.get(s), s, rd.tiyn)) for s in PRICE_SECTIONS}
    blocks = {
        code: BlockTariff(code, *parts)
        for code, parts in rd.codes(
            doc.get("paediatric_oncology_blocks"), "paediatric_oncology_blocks", rd.block
        ).items()
    }
    services = rd.services(doc.get("service_tariffs_tiyn"))
    regions: dict[str, RegionTariffs] = {}
    for key, raw in rd.mapping(doc.get("regions") or {}, "regions").items():
        path = _join("regions", str(key))
        try:
            code = region_of(str(key), path).code
        except InvalidInput:
            rd.fail(path, "region", value=quoted(key), codes=", ".join(r.code for r in all_regions()))
        if code in regions:
            rd.fail(path, "region_twice", code=code)
        item = rd.mapping(raw, path, REGION_FIELDS)
        complex_raw = rd.mapping(
            item.get("complex_tariffs_tiyn") or {},
            _join(path, "complex_tariffs_tiyn"),
            PER_PERSON_KEYS,
        )
        norms = {f: rd.tiyn(item[f], _join(path, f)) for f in REGION_NORMS if item.get(f) is not None}
        regions[code] = RegionTariffs(
            region=code,
            per_capita_norm_tiyn=None
            if item.get("per_capita_norm_tiyn") is None
            else rd.tiyn(item["per_capita_norm_tiyn"], _join(path, "per_capita_norm_tiyn")),
            comprehensive_per_capita_norm_tiyn=None
            if item.get("comprehensive_per_capita_norm_tiyn") is None
            else rd.tiyn(
                item["comprehensive_per_capita_norm_tiyn"], _join(path, "comprehensive_per_capita_norm_tiyn")
            ),
            complex_tariffs_tiyn=MappingProxyType(
                {d: rd.tiyn(v, f"{path}.complex_tariffs_tiyn.{d}") for d, v in complex_raw.items()}
            ),
            norms_tiyn=MappingProxyType(norms),
        )

    book = TariffBook(
        year=year,
        approved_on=approved_on,
        exception=exception,
        exception_basis=rd.text(doc.get("exception_basis"), "exception_basis"),
        illustrative=illustrative,
        title=rd.text(doc.get("title"), "title"),
        source=rd.text(doc.get("source"), "source"),
        base_rate_tiyn=base_rate,
        clinical_cost_groups=MappingProxyType(groups),
        prices=MappingProxyType(prices),
        paediatric_oncology_blocks=MappingProxyType(blocks),
        regions=MappingProxyType(regions),
        service_tariffs=MappingProxyType(services),
        base_official_salary_tiyn=None
        if doc.get("base_official_salary_tiyn") is None
        else rd.tiyn(doc["base_official_salary_tiyn"], "base_official_salary_tiyn", MAX_BASE_RATE_TIYN),
    )
    if check_deadline:
        check_clause_77(book, file)
    return book


def check_clause_77(book: TariffBook, file: str = "<tariffs>") -> None:
    """77: a book approved after 31 March of Y-1 is rejected unless it names one of the listed cases."""
    if book.approved_on > book.deadline and book.exception is None:
        raise TariffBookError(
            file,
            "approved_on",
            _M["late"].format(
                year=book.year,
                deadline=book.deadline.isoformat(),
                approved_on=book.approved_on.isoformat(),
                allowed=", ".join(e.value for e in Exception77),
            ),
        )


def load_tariffs(path: str | Path, *, check_deadline: bool = True) -> TariffBook:
    """Read and validate a tariff book (`.yaml`/`.yml` or `.json`).

    Raises `TariffBookError` (an `InvalidInput`) whose field is `FILE:PATH`, with the message in kk, ru
    and en: unknown or missing fields, money that is not whole tiyn, a bad cost weight or date, an
    unknown region or exception, and (77) a book approved after 31 March of the year before its year
    that names none of the cases 77 lists.
    """
    p = Path(path)
    name = p.name
    suffix = p.suffix.lower()
    if suffix not in (".yaml", ".yml", ".json"):
        raise TariffBookError(name, "", _M["format"])
    try:
        raw = without_bom(p.read_bytes())
        if len(raw) > MAX_JSON_BYTES:
            raise TariffBookError(name, "", TOO_LARGE.format(size=len(raw), limit=MAX_JSON_BYTES))
        # each bounded in depth (kepil.limits; YAML as JSON is)
        data = load_json(raw, name) if suffix == ".json" else load_bounded_yaml(raw.decode("utf-8"))
    except InvalidInput as e:
        if isinstance(e, TariffBookError):
            raise
        raise TariffBookError(name, "", e.texts) from None
    except TooDeep:
        raise TariffBookError(name, "", TOO_DEEP.format(limit=MAX_JSON_DEPTH)) from None
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as e:
        from kepil.reference.messages import unreadable  # a missing file, YAML's line, a byte: in kk/ru/en

        raise TariffBookError(name, "", unreadable(e)) from None
    return parse_tariffs(data, name, check_deadline=check_deadline)
