"""Payment methods by direction of care: `program-2026-2028` appendix 2 (referred to by paragraph 77).

The table is extracted from the seed by `scripts/extract_payment_methods.py` into
`data/program_2026_2028/payment_methods.yaml`. Rows 1–14 are the published directions; a 15th entry, printed
after row 14 without a number (care with foreign specialists, paid at actual cost), is kept as an
unnumbered direction cited as `app2`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from kepil.data import data_path, load_yaml
from kepil.errors import InvalidInput
from kepil.i18n import Text
from kepil.law.care import CARE_KINDS
from kepil.law.citation import Citation
from kepil.reference import messages as M
from kepil.validation import NOT_ONE_OF, fill, shown

ACT = "program-2026-2028"


@dataclass(frozen=True, slots=True)
class Condition:
    """A threshold the text states, e.g. bed-days ≤ 50 % of the block's term (app2.6)."""

    measure: str
    comparison: str
    percent: Decimal


@dataclass(frozen=True, slots=True)
class PaymentMethod:
    """One item of column 3: a method or tariff kind (or a payment rule) of a direction."""

    code: str
    item: int
    kinds: tuple[str, ...]
    name: Text  # kk: the cell as published; ru, en: our translation
    care_kinds: tuple[str, ...]
    citation: Citation
    includes_kk: tuple[str, ...] = ()
    condition: Condition | None = None
    withheld_percent: Decimal | None = None
    percent_of_base_salary: Decimal | None = None
    urgency_category: int | None = None
    icd10_include: str | None = None
    icd10_exclude: str | None = None
    placement: str | None = None


@dataclass(frozen=True, slots=True)
class Direction:
    """A row of appendix 2: a direction (kind) of care and its payment methods."""

    row: int | None
    code: str
    name: Text
    care_kinds: tuple[str, ...]
    citation: Citation
    methods: tuple[PaymentMethod, ...]
    note: str | None = None

    def method(self, code: str) -> PaymentMethod:
        for m in self.methods:
            if m.code == code:
                return m
        known = ", ".join(m.code for m in self.methods)
        raise InvalidInput(
            "method", fill(M.UNKNOWN_METHOD, code=shown(code), direction=self.code, known=known)
        )


def _dec(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _method(raw: dict[str, Any], direction: dict[str, Any], citation: Citation) -> PaymentMethod:
    cond = raw.get("condition")
    return PaymentMethod(
        code=raw["code"],
        item=raw["item"],
        kinds=tuple(raw["kinds"]),
        name=Text(raw["text_kk"], raw["name"]["ru"], raw["name"]["en"]),
        # A method names its own care kinds where they narrow the direction's (e.g. screening in row 3).
        care_kinds=tuple(raw.get("care_kinds") or direction["care_kinds"]),
        citation=citation,
        includes_kk=tuple(raw.get("includes_kk", ())),
        condition=Condition(cond["measure"], cond["comparison"], Decimal(cond["percent"])) if cond else None,
        withheld_percent=_dec(raw.get("withheld_percent")),
        percent_of_base_salary=_dec(raw.get("percent_of_base_salary")),
        urgency_category=raw.get("urgency_category"),
        icd10_include=raw.get("icd10_include"),
        icd10_exclude=raw.get("icd10_exclude"),
        placement=raw.get("placement"),
    )


@cache
def _load() -> tuple[Direction, ...]:
    with data_path("program_2026_2028", "payment_methods.yaml").open(encoding="utf-8") as f:
        data = load_yaml(f)
    out = []
    for d in data["directions"]:
        cit = Citation(d["citation"]["act"], d["citation"]["clause"])
        out.append(
            Direction(
                row=d["row"],
                code=d["code"],
                name=Text(d["name"]["kk"], d["name"]["ru"], d["name"]["en"]),
                care_kinds=tuple(d["care_kinds"]),
                citation=cit,
                methods=tuple(_method(m, d, cit) for m in d["methods"]),
                note=d.get("note"),
            )
        )
    return tuple(out)


def directions(include_unnumbered: bool = False) -> tuple[Direction, ...]:
    """The 14 numbered directions of app2 in published order (plus the unnumbered one if asked)."""
    return tuple(d for d in _load() if include_unnumbered or d.row is not None)


def direction(code_or_row: str | int) -> Direction:
    """A direction by its code (e.g. `"oncology"`), or by its row number 1–14 (`6`, `"6"`, `"app2.6"`)."""
    key = str(code_or_row).strip().removeprefix("app2.")
    for d in _load():
        if d.code == key or (d.row is not None and str(d.row) == key):
            return d
    codes = ", ".join(d.code for d in _load())
    raise InvalidInput("direction", fill(M.UNKNOWN_DIRECTION, value=shown(code_or_row), codes=codes))


def by_row(row: int) -> Direction:
    """The direction printed in row `row` (1–14) of app2."""
    for d in _load():
        if d.row == row:
            return d
    raise InvalidInput("row", fill(M.NO_APP2_ROW, row=shown(row)))


def by_care_kind(kind: str) -> tuple[Direction, ...]:
    """The directions whose methods pay for care of this kind (coverage contract's `service.kind`)."""
    if kind not in CARE_KINDS:
        raise InvalidInput("care_kind", fill(NOT_ONE_OF, value=shown(kind), allowed=", ".join(CARE_KINDS)))
    return tuple(d for d in _load() if kind in d.care_kinds or any(kind in m.care_kinds for m in d.methods))
