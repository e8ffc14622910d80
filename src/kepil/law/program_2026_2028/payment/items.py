"""How kepil computes each item of `program-2026-2028` appendix 2 (`ITEMS`), and, given a tariff book,
which named inputs of the book an item lacks (`item_status`): `kepil payment-methods --json`.

Calculations:
- `org_per_capita`: an organisation's row per month: the region's norm × the population it is paid for
  (attached people counted by day, served people, pupils; payment/per_capita.py);
- `org_drivers`: an organisation's row: drivers × 200 % of the base official salary (БЛЖ);
- `org_per_person`: an organisation's row: the region's tariff × distinct persons served in the month;
- `claim_*`: per claim (payment/per_claim.py): `claim_ccg`, `claim_ccg_additional`, `claim_ccg_sessions`,
  `claim_service_tariff` (tariff of the service or case named × quantity), `claim_bed_day`,
  `claim_case_tariff`, `claim_block`, `claim_sessions`, `claim_actual_cost` (the presented amount);
- `rule`: a rule of payment applied inside another item, with no amount of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kepil.law.program_2026_2028 import payment_methods as pm
from kepil.law.program_2026_2028.tariffs import SERVICE_ITEMS, TariffBook


@dataclass(frozen=True, slots=True)
class Item:
    calculation: str
    method: str | None  # the `method` of the output rows (and of a claim's `method` column)
    book: tuple[str, ...] = ()  # fields of the tariff book it needs ("regions.*.x": every region's)
    claims: tuple[str, ...] = ()  # claims columns it reads beyond the contract's
    population: tuple[str, ...] = ()  # population bases (--attached, the registry)
    note: str | None = None  # the reading, where the text leaves a choice


def _norm(field: str, base: str, note: str | None = None) -> Item:
    from kepil.law.program_2026_2028.payment.per_capita import PER_CAPITA_ITEMS

    method = next(x[2] for x in PER_CAPITA_ITEMS[base] if x[3] == field)
    return Item("org_per_capita", method, (f"regions.*.{field}",), (), (base,), note)


def _service(item: str, note: str | None = None) -> Item:
    return Item(
        "claim_service_tariff",
        "item_tariff",
        (f"service_tariffs_tiyn.{item}",),
        ("service_code", "quantity"),
        note=note,
    )


def _per_person(key: str) -> Item:
    return Item(
        "org_per_person", "complex_tariff", (f"regions.*.complex_tariffs_tiyn.{key}",), ("complex_tariff",)
    )


_CCG = ("base_rate_tiyn", "clinical_cost_groups")
_ADDITIONAL = Item(
    "claim_ccg_additional",
    "ccg_plus_additional",
    _CCG,
    ("ccg", "additional", "additional_tiyn"),
    note="the case's cost group (4.1) plus the additional cost presented at its actual cost "
    "(`additional_tiyn`), or haemodialysis sessions × the session tariff (items 1-2)",
)
ATTACHED = "comprehensive_per_capita_norm"

ITEMS: dict[str, Item] = {
    "1.1": _norm("per_capita_norm_tiyn", "per_capita_norm"),
    "1.2": Item(
        "org_drivers", "driver_allowance", ("base_official_salary_tiyn",), (), ("ambulance_drivers",)
    ),
    "2.1": _norm("comprehensive_per_capita_norm_tiyn", ATTACHED),
    "2.2": _norm(
        "incentive_per_capita_tiyn",
        ATTACHED,
        "the component per attached person the Fund sets (Incentive Rules, not in the seeds)",
    ),
    "2.3": _norm("urgent_care_per_capita_norm_tiyn", ATTACHED),
    "2.4": _service("2.4"),
    "2.5": _service("2.5"),
    "2.6": _norm("consolidation_per_capita_norm_tiyn", "consolidation"),
    "2.7": Item("org_drivers", "driver_allowance", ("base_official_salary_tiyn",), (), ("phc_drivers",)),
    "3.1": _service("3.1", "with dental care (58.4), diagnostics (58.5) and pathology (56.6)"),
    "3.2": _service("3.2"),
    "3.3": _norm("school_pupil_norm_tiyn", "school_pupils"),
    "3.4": _per_person("medical_train"),
    "3.5": _service("3.5"),
    "3.6": _service("3.6"),
    "4.1": Item("claim_ccg", "per_case_ccg", _CCG, ("ccg",)),
    "4.2": Item(
        "claim_actual_cost",
        "per_case_actual_cost",
        (),
        ("method",),
        note="the list of diseases paid at actual cost is in the Payment Rules, not the seeds: the claim "
        "names the method",
    ),
    "4.3": Item("claim_bed_day", "per_bed_day", ("bed_day_tiyn",), ("tariff_code", "bed_days")),
    "4.4": Item("claim_case_tariff", "per_case_average_cost", ("average_case_cost_tiyn",), ("tariff_code",)),
    "4.5": Item(
        "claim_case_tariff", "admission_department", ("admission_department_tiyn",), ("tariff_code",)
    ),
    "4.6": Item("claim_actual_cost", "per_case_actual_cost", (), ("method",)),
    "4.7": _ADDITIONAL,
    "4.8": _service("4.8"),
    **{f"5.{i}": _ADDITIONAL for i in (*range(1, 11), 12)},
    "5.11": Item("claim_bed_day", "per_bed_day", ("bed_day_tiyn",), ("tariff_code", "bed_days")),
    "5.13": _service("5.13"),
    "6.1": Item(
        "claim_block", "medical_economic_tariff", ("paediatric_oncology_blocks",), ("block", "bed_days")
    ),
    "6.2": Item(
        "rule",
        "medical_economic_tariff",
        ("paediatric_oncology_blocks",),
        ("block", "bed_days"),
        note="applied within 6.1: 30 % withheld when bed-days ≤ 50 % of the block's term",
    ),
    "6.3": Item(
        "rule", None, note="observation between blocks is a day-hospital claim, priced by 4.1 or 5.11"
    ),
    "6.4": Item("rule", None, note="the provider pays its co-executors: no amount of its own"),
    "6.5": Item(
        "claim_actual_cost",
        "actual_cost",
        (),
        ("block",),
        note="the medicines on the scanned waybill: the amount presented",
    ),
    "7.1": Item(
        "claim_sessions", "dialysis_session", ("dialysis_session_tiyn",), ("tariff_code", "sessions")
    ),
    "8.1": Item(
        "claim_ccg_sessions",
        "ccg_plus_sessions",
        (*_CCG, "dialysis_session_tiyn"),
        ("ccg", "tariff_code", "sessions", "additional_tiyn"),
        note="materials given for self-performed dialysis: `additional_tiyn`, at their cost",
    ),
    "9.1": _norm("rural_comprehensive_per_capita_norm_tiyn", ATTACHED),
    "9.2": _norm("incentive_per_capita_tiyn", ATTACHED),
    "9.3": _norm("urgent_care_per_capita_norm_tiyn", ATTACHED),
    "9.4": Item(
        "claim_service_tariff",
        "item_tariff",
        ("service_tariffs_tiyn.2.4",),
        ("service_code",),
        note="the products of 2.4 given by a rural organisation",
    ),
    "10.1": Item("claim_case_tariff", "oncology", ("oncology_tiyn",), ("tariff_code",)),
    **{k: _service(k) for k in ("10.2", "10.3", "10.4", "10.5", "10.6", "10.7", "10.8", "10.9")},
    "11.1": _per_person("tuberculosis"),
    "11.2": Item(
        "claim_actual_cost", "actual_cost", (), (), note="anti-TB drugs given: the amount presented"
    ),
    "11.3": _service("11.3"),
    "11.4": _per_person("republican_tuberculosis"),
    "12.1": _per_person("hiv"),
    "12.2": _per_person("friendly_cabinet"),
    "12.3": _service("12.3"),
    "12.4": Item("claim_actual_cost", "actual_cost", (), (), note="ARV drugs given: the amount presented"),
    "13.1": _per_person("mental_health"),
    "13.2": _per_person("mental_health_registered"),
    "13.3": Item("claim_case_tariff", "per_case_average_cost", ("average_case_cost_tiyn",), ("tariff_code",)),
    "13.4": Item("claim_bed_day", "per_bed_day", ("bed_day_tiyn",), ("tariff_code", "bed_days")),
    "14.1": _service("14.1"),
    "unnumbered.1": Item("claim_actual_cost", "actual_cost", (), ()),
}
assert all(k in ITEMS for k in SERVICE_ITEMS)


def item_key(direction: pm.Direction, method: pm.PaymentMethod) -> str:
    return f"{direction.row if direction.row is not None else 'unnumbered'}.{method.item}"


def _missing(book: TariffBook, field: str) -> list[str]:
    """The book's fields an input names that the book does not give (every region's, for `regions.*`)."""
    if field.startswith("regions.*."):
        key = field.removeprefix("regions.*.")
        if key.startswith("complex_tariffs_tiyn."):
            sub = key.removeprefix("complex_tariffs_tiyn.")
            lacking = [r for r, t in book.regions.items() if sub not in t.complex_tariffs_tiyn]
        else:
            lacking = [r for r, t in book.regions.items() if key not in t.norms_tiyn]
        if not book.regions or len(lacking) == len(book.regions):
            return [field]
        return [f"regions.{r}.{key}" for r in sorted(lacking)]
    if field.startswith("service_tariffs_tiyn."):
        return [] if book.service_tariffs.get(field.split(".", 1)[1]) else [field]
    value: Any = {
        "base_rate_tiyn": book.base_rate_tiyn,
        "clinical_cost_groups": book.clinical_cost_groups,
        "paediatric_oncology_blocks": book.paediatric_oncology_blocks,
        "base_official_salary_tiyn": book.base_official_salary_tiyn,
    }.get(field, book.prices.get(field))
    return [] if value else [field]


def item_status(key: str, book: TariffBook | None = None) -> dict[str, Any]:
    """What `kepil payment-methods --json` says of one item: `computed` (with a book: and the book gives
    every input), the calculation and its inputs, and `missing` (the book's fields it lacks)."""
    it = ITEMS[key]
    out: dict[str, Any] = {
        "computed": True,
        "calculation": it.calculation,
        "method": it.method,
        "inputs": {
            "tariff_book": list(it.book),
            "claims": list(it.claims),
            "population": list(it.population),
        },
    }
    if it.note:
        out["reading"] = it.note
    if book is not None:
        missing = [m for f in it.book for m in _missing(book, f)]
        out["computed"] = not missing
        if missing:
            out["missing"] = missing
    return out
