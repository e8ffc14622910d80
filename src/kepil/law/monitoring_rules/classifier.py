"""The unified classifier of defects and violations: `monitoring-rules` appendix 1 (applied under 10 and 53).

Rows and cells come from `data/monitoring_rules/defect_classifier.yaml`, extracted from the seed by
`scripts/extract_defect_classifier.py`. The seed lost the column headers, so cells are stored by position
(L1..L9 left half, R12..R18 right half) and given a meaning by a column file: the shipped
`classifier_columns.yaml` (inferred, with evidence), or a user's file given as `columns_file` or in the
environment variable KEPIL_CLASSIFIER_COLUMNS. Significance: column 19, defined in 2.13 (significant) and
2.14 (insignificant).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml

from kepil.coverage.messages import NO_FILE
from kepil.data import data_path, load_yaml
from kepil.errors import InvalidInput
from kepil.i18n import Text
from kepil.law.citation import Citation
from kepil.reference import messages as M
from kepil.validation import fill, shown

ACT = "monitoring-rules"
ENV_COLUMNS = "KEPIL_CLASSIFIER_COLUMNS"
CellKind = Literal["multiple_of_base", "percent_of_cost", "applies", "not_applicable", "zero", "missing"]
Base = Literal["per_capita_norm", "comprehensive_per_capita_norm", "complex_tariff"]


@dataclass(frozen=True, slots=True)
class Penalty:
    """A parsed amount: `value` × `base` (multiple_of_base) or `value` % of the cost (percent_of_cost)."""

    kind: CellKind
    base: Base | None
    value: Decimal | None


@dataclass(frozen=True, slots=True)
class PenaltyCell:
    """One cell as published (`raw`) and parsed; `alternative` for "10 КЖН /ЖБН" or "1 КТ / 100 %"."""

    position: str
    column: str
    raw: str
    penalty: Penalty
    alternative: Penalty | None = None

    @property
    def kind(self) -> CellKind:
        return self.penalty.kind

    @property
    def applies(self) -> bool:
        """False for '-' (app1 legend: the code does not apply to this form/type of care) and lost cells."""
        return self.kind not in ("not_applicable", "missing")


@dataclass(frozen=True, slots=True)
class Column:
    position: str
    id: str
    name: Text
    care_kinds: tuple[str, ...]
    confidence: str
    evidence: tuple[str, ...]
    published_column: int | None


@dataclass(frozen=True, slots=True)
class DefectCode:
    """A row of the classifier. `code` is None where the row's own line was lost (see `inferred_code`)."""

    row: int
    code: str | None
    inferred_code: str | None
    name: Text | None  # kk as published; ru, en our translation
    name_complete: bool
    significant: bool
    footnotes: tuple[str, ...]
    cells: tuple[PenaltyCell, ...]
    citations: tuple[Citation, ...]

    @property
    def key(self) -> str:
        return self.code or f"row:{self.row}"

    def cell(self, column: str) -> PenaltyCell:
        for c in self.cells:
            if column in (c.column, c.position):
                return c
        known = ", ".join(c.column for c in self.cells)
        raise InvalidInput(
            "column", fill(M.NOT_A_COLUMN_OF, column=shown(column), code=self.key, known=known)
        )


@dataclass(frozen=True, slots=True)
class Classifier:
    entries: tuple[DefectCode, ...]
    columns: tuple[Column, ...]
    footnotes: dict[str, str]

    def defect(self, code: str) -> DefectCode:
        """A published code ("3.4", "1.2."), or `row:N` for a row whose code was lost."""
        key = code.strip().rstrip(".")
        for e in self.entries:
            if key in (e.code, e.key, f"row{e.row}", f"#{e.row}"):
                return e
        hint = next((e for e in self.entries if e.inferred_code == key), None)
        if hint is not None:
            raise InvalidInput("code", fill(M.CODE_NOT_PRINTED, code=shown(code), row=hint.row, key=key))
        raise InvalidInput("code", fill(M.UNKNOWN_DEFECT, code=shown(code)))

    def penalty_cell(self, code: str, column: str) -> PenaltyCell:
        """The cell of `code` in `column`: a column id (e.g. "inpatient") or a position ("L4")."""
        self.column(column)  # an unknown column is named before an unknown code
        return self.defect(code).cell(column)

    def column(self, column: str) -> Column:
        """A column by its id (e.g. "inpatient") or its position ("L4")."""
        for c in self.columns:
            if column in (c.id, c.position):
                return c
        known = ", ".join(c.id for c in self.columns)
        raise InvalidInput("column", fill(M.UNKNOWN_COLUMN, column=shown(column), known=known))


def _penalty(raw: dict[str, Any]) -> Penalty:
    value = raw.get("value")
    return Penalty(raw["kind"], raw.get("base"), None if value is None else Decimal(str(value)))


def _columns(path: Path) -> tuple[Column, ...]:
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))  # whole: a bad byte's offset is the file's
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:  # not UTF-8 was a traceback: refused
        raise InvalidInput(str(path), M.unreadable(e)) from None
    try:
        items = data["columns"]
        default = {c["position"]: c for c in load_yaml(_default_columns_path().read_text("utf-8"))["columns"]}
        merged = dict(default)
        for c in items:  # a user's file may give only the positions it changes; fields override the default
            merged[c["position"]] = {**default.get(c["position"], {}), **c}
        return tuple(
            Column(
                position=c["position"],
                id=c["id"],
                name=Text(c["name"]["kk"], c["name"]["ru"], c["name"]["en"]),
                care_kinds=tuple(c.get("care_kinds", ())),
                confidence=c.get("confidence", "user"),
                evidence=tuple(c.get("evidence", ())),
                published_column=c.get("published_column"),
            )
            for c in merged.values()
        )
    except KeyError as e:
        raise InvalidInput(str(path), fill(M.COLUMN_KEY_MISSING, key=shown(e.args[0]))) from None
    except (TypeError, AttributeError):  # a mapping where a list is, a text where a mapping is
        raise InvalidInput(str(path), M.NOT_A_COLUMN_FILE) from None


def _default_columns_path() -> Path:
    return data_path("monitoring_rules", "classifier_columns.yaml")


@cache
def _classifier(columns_path: Path) -> Classifier:
    with data_path("monitoring_rules", "defect_classifier.yaml").open(encoding="utf-8") as f:
        data = load_yaml(f)
    cols = _columns(columns_path)
    ids = [c.id for c in cols]
    twice = next((i for n, i in enumerate(ids) if i in ids[:n]), None)
    if twice is not None:
        raise InvalidInput(str(columns_path), fill(M.COLUMN_ID_TWICE, id=shown(twice)))
    by_pos = {c.position: c.id for c in cols}
    entries = []
    for e in data["entries"]:
        cells = tuple(
            PenaltyCell(
                position=pos,
                column=by_pos.get(pos, pos),
                raw=cell["raw"],
                penalty=_penalty(cell),
                alternative=_penalty(cell["alternative"]) if "alternative" in cell else None,
            )
            for pos, cell in e["cells"].items()
        )
        name = Text(e["name_kk"], e["name"]["ru"], e["name"]["en"]) if e["name_kk"] else None
        entries.append(
            DefectCode(
                row=e["row"],
                code=e["code"],
                inferred_code=e["inferred_code"],
                name=name,
                name_complete=e["name_complete"],
                significant=e["significance"] == "significant",
                footnotes=tuple(e["footnotes"]),
                cells=cells,
                citations=tuple(Citation(c["act"], c["clause"]) for c in e["citations"]),
            )
        )
    footnotes = {fn["mark"]: fn["text_kk"] for fn in data["footnotes"]}
    return Classifier(tuple(entries), cols, footnotes)


def classifier(columns_file: str | Path | None = None) -> Classifier:
    """The classifier; columns named by `columns_file`, else $KEPIL_CLASSIFIER_COLUMNS, else the default."""
    chosen = columns_file or os.environ.get(ENV_COLUMNS) or _default_columns_path()
    path = Path(chosen).expanduser().resolve()
    if not path.is_file():
        raise InvalidInput("columns", fill(NO_FILE, path=shown(str(chosen))))
    return _classifier(path)


def defects(columns_file: str | Path | None = None) -> tuple[DefectCode, ...]:
    """All 28 rows in published order."""
    return classifier(columns_file).entries


def defect(code: str, columns_file: str | Path | None = None) -> DefectCode:
    return classifier(columns_file).defect(code)


def penalty_cell(code: str, column: str, columns_file: str | Path | None = None) -> PenaltyCell:
    return classifier(columns_file).penalty_cell(code, column)


@cache
def _short_names() -> dict[str, Text]:
    data = load_yaml(data_path("monitoring_rules", "defect_short_names.yaml").read_text(encoding="utf-8"))
    return {str(code): Text(v["kk"], v["ru"], v["en"]) for code, v in data.items()}


def short_name(code: str) -> Text | None:
    """A defect code's short name (data/monitoring_rules/defect_short_names.yaml) for chart labels and
    narrow columns, or None (the page then shows the classifier's full name)."""
    return _short_names().get(code)
