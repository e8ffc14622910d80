# ruff: noqa: E501  (translated names and data-file notes read better as unbroken strings)
"""Extract the unified classifier of defects and violations (`monitoring-rules` appendix 1) from the seed.

    python scripts/extract_defect_classifier.py [--out DIR] [--check]

Writes DIR/monitoring_rules/defect_classifier.yaml (rows and cells by position, as published, each cell
parsed) and DIR/monitoring_rules/classifier_columns.yaml (the inferred meaning of each column, with its
evidence; see classifier_columns_spec.py). DIR defaults to src/kepil/data. `--check` exits 1 when a
committed file differs.
"""

from __future__ import annotations

import argparse
import re
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from classifier_columns_spec import COLUMNS
from seedlib import PACKAGE_DATA, SEED_FILES, read_seed

ACT = "monitoring-rules"
HEADER = "қағидаларына 1-қосымша"
RIGHT_NUMBERS = ["1", "12", "13", "14", "15", "16", "17", "18", "19"]
RIGHT_POSITIONS = [f"R{n}" for n in range(12, 19)]
CODE = re.compile(r"^\d+\.\d+\.?$")

# Names the text cuts off (their other lines were lost): "start" or "end" is missing.
TRUNCATED = {"1.2": "start", "5.1": "end", "12.1": "end"}

# Codes of rows whose own line was lost, inferred from their neighbours (see docs/defect-classifier.md):
# codes run N.0, N.1, ...; row 3 is 1.2, so rows 1-2 are 1.0-1.1; rows 13-18 lie between 5.1 (row 12) and
# 7.0 (row 19): the footnote names 5.2, row 14 carries figures like every N.0 row, rows 15-18 are '+' rows.
INFERRED_CODES = {1: "1.0", 2: "1.1", 13: "5.2", 14: "6.0", 15: "6.1", 16: "6.2", 17: "6.3", 18: "6.4"}

# Our translations of the published names (the seed gives kk only).
NAMES: dict[str, tuple[str, str]] = {
    "1.2": (
        "Необоснованное направление на / оказание клинико-диагностических услуг (начало текста утрачено)",
        "Unjustified referral to / provision of clinical-diagnostic services (start of the text lost)",
    ),
    "2.0": (
        "Дефекты оформления медицинской документации: неверный, несвоевременный, некачественный ввод данных в информационные системы здравоохранения",
        "Defects in medical records: wrong, late or poor data entry in the health information systems",
    ),
    "3.0": (
        "Необоснованное завышение объёма оказанной медицинской помощи (услуг)",
        "Unjustified inflation of the volume of care (services) provided",
    ),
    "3.1": (
        "Необоснованное увеличение количества лечебных и диагностических услуг",
        "Unjustified increase in the number of treatment and diagnostic services",
    ),
    "3.2": (
        "Удорожание клинико-диагностических услуг за счёт наиболее дорогих услуг при наличии альтернатив",
        "Dearer clinical-diagnostic services by choosing the most expensive ones when alternatives exist",
    ),
    "3.3": ("Удорожание стоимости оказанной медицинской помощи", "Higher cost of the care provided"),
    "3.4": (
        "Повышение стоимости случая лечением в круглосуточном стационаре при показаниях к стационарозамещающей помощи",
        "Higher cost of a case treated round-the-clock when day-hospital care was indicated",
    ),
    "4.0": (
        "Необоснованная повторная госпитализация (30 календарных дней после окончания стационарного лечения), кроме поставщиков паллиативной помощи",
        "Unjustified readmission (within 30 calendar days after inpatient treatment ended), except palliative-care providers",
    ),
    "5.0": (
        "Неподтверждённый случай оказания медицинской помощи (услуги)",
        "Unconfirmed case of care (service)",
    ),
    "5.1": (
        "Неподтверждённые случаи медицинских услуг, ЛС и МИ в счетах-реестрах на оплату (конец текста утрачен)",
        "Unconfirmed cases of services, medicines and devices in the invoice registers (end of the text lost)",
    ),
    "7.0": ("Ожидание услуг более 15 рабочих дней", "Waiting for services longer than 15 working days"),
    "8.0": (
        "Жалобы на качество и объём оказанной медицинской помощи (услуг)",
        "Complaints about the quality and volume of the care (services) provided",
    ),
    "9.0": (
        "Летальный исход, не подлежащий оплате на уровне стационара / летальный исход на уровне АПП / скорой помощи",
        "Death not payable at inpatient level / death at outpatient-polyclinic or ambulance level",
    ),
    "10.0": (
        "Расхождение клинического диагноза с морфологическим или патологоанатомическим",
        "Clinical diagnosis not matching the morphological or pathological diagnosis",
    ),
    "11.0": (
        "Медицинские услуги (помощь), не включённые в договор закупа",
        "Services (care) not included in the purchase contract",
    ),
    "12.0": (
        "Оказание на платной основе медицинской помощи, входящей в ГОБМП/ОСМС",
        "Charging for care that belongs to the GVFMC / CSHI",
    ),
    "12.1": (
        "Лекарственные средства, медицинские изделия пациента при оказании помощи в рамках ГОБМП/ОСМС (конец текста утрачен)",
        "The patient's medicines, devices ... when giving GVFMC / CSHI care (end of the text lost)",
    ),
}

_MULT = re.compile(r"^(\d+(?:,\d+)?)\s*(КЖН|ЖБН|КТ)$")
_PCT = re.compile(r"^(\d+(?:,\d+)?)\s*%$")
BASES = {"ЖБН": "per_capita_norm", "КЖН": "comprehensive_per_capita_norm", "КТ": "complex_tariff"}


def parse_cell(raw: str) -> dict[str, Any]:
    """A penalty cell as published -> {raw, kind, base, value[, alternative]} (legend: app1 note)."""
    text = raw.strip()
    simple = {"+": "applies", "-": "not_applicable", "0": "zero", "": "missing"}
    if text in simple:
        return {"raw": raw, "kind": simple[text], "base": None, "value": None}
    first, _, second = (p.strip() for p in text.partition("/"))
    cell = _parse_amount(first)
    if cell is None:
        raise SystemExit(f"error: cannot read penalty cell {raw!r}")
    cell = {"raw": raw, **cell}
    if second:
        # "10 КЖН /ЖБН": the same multiple of whichever norm pays the provider; "1 КТ / 100 %": a complex
        # tariff or a percentage of the cost.
        alt = _parse_amount(second) or (
            {"kind": "multiple_of_base", "base": BASES[second], "value": cell["value"]}
            if second in BASES
            else None
        )
        if alt is None:
            raise SystemExit(f"error: cannot read penalty cell {raw!r}")
        cell["alternative"] = alt
    return cell


def _parse_amount(text: str) -> dict[str, Any] | None:
    text = text.replace("КТ", " КТ").replace("  ", " ").strip()
    if mt := _MULT.match(text):
        return {"kind": "multiple_of_base", "base": BASES[mt.group(2)], "value": _dec(mt.group(1))}
    if mt := _PCT.match(text):
        return {"kind": "percent_of_cost", "base": None, "value": _dec(mt.group(1))}
    return None


def _dec(text: str) -> str:
    return str(Decimal(text.replace(",", ".")))


def _lines(text: str) -> tuple[list[tuple[int, str]], int, int]:
    lines = text.splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.strip() == HEADER)
    note = next(i for i in range(start, len(lines)) if lines[i].strip() == "Ескертпе:")
    return [(i + 1, lines[i]) for i in range(start + 1, note)], start + 1, note + 1


def parse_left(lines: list[tuple[int, str]]) -> tuple[dict[int, dict[str, Any]], list[dict[str, Any]]]:
    """Left half: rows by row number, and the fragments no row can claim."""
    rows: dict[int, dict[str, Any]] = {}
    order: list[int] = []
    pending_prefix: list[tuple[int, list[str]]] = []
    fragments: list[dict[str, Any]] = []
    blanks = 0
    for n, line in lines:
        if "\t" not in line:
            blanks += 1 if not line.strip() else 0
            continue
        f = line.split("\t")
        if len(f) == 9 and (f == RIGHT_NUMBERS or not f[0].strip()):
            break  # the right half starts (its header fragments, then "1 12 13 ... 19")
        if f[0].strip().isdigit() and CODE.match(f[1].strip()):
            row = int(f[0])
            cells = [c.strip() for c in f[3:]]
            name = f[2].strip()
            lines_used = [n]
            for pn, pf in pending_prefix:  # a capitalised continuation printed above its row
                name = f"{pf[2].strip()} {name}"
                lines_used.insert(0, pn)
            pending_prefix = []
            rows[row] = {
                "row": row,
                "code": f[1].strip().rstrip("."),
                "code_published": f[1].strip(),
                "name_kk": name,
                "cells": cells,
                "unplaced": [],
                "lines": lines_used,
            }
            order.append(row)
        else:
            # A continuation line: the rest of a name and cells printed lower in a tall row. Lower-case text
            # ends the row above when at most one blank line separates them; capitalised text begins the row
            # below; after a longer gap (lost lines) it is an orphan fragment.
            text = f[2].strip()
            if text[:1].isupper():
                pending_prefix.append((n, f))
            elif order and blanks <= 1:
                _continue(rows[order[-1]], f, n)
            else:
                fragments.append(
                    {
                        "line": n,
                        "text_kk": text,
                        "cells": [c.strip() for c in f[3:]],
                        "after_row": order[-1] if order else None,
                    }
                )
        blanks = 0
    return rows, fragments


def _continue(row: dict[str, Any], f: list[str], n: int) -> None:
    row["name_kk"] = f"{row['name_kk']} {f[2].strip()}"
    row["lines"].append(n)
    for i, c in enumerate(c.strip() for c in f[3:]):
        if not c:
            continue
        while len(row["cells"]) <= i:
            row["cells"].append("")
        if row["cells"][i]:
            row["unplaced"].append({"position": f"L{i + 1}", "raw": c, "line": n})
        else:
            row["cells"][i] = c


def parse_right(lines: list[tuple[int, str]]) -> tuple[dict[int, dict[str, Any]], dict[str, str]]:
    rows: dict[int, dict[str, Any]] = {}
    header: dict[str, str] = {}
    seen_numbers = False
    for n, line in lines:
        f = line.split("\t")
        if f[:9] == RIGHT_NUMBERS:
            seen_numbers = True
            continue
        if len(f) == 9 and not f[0].strip() and not seen_numbers:
            header = {
                p: v.strip() for p, v in zip([*RIGHT_POSITIONS, "R19"], f[1:], strict=True) if v.strip()
            }
        elif seen_numbers and len(f) == 9 and f[0].strip().isdigit():
            sig_raw = f[8].strip()
            squeezed = sig_raw.replace(" ", "")
            significance = {"елеулібұзушылықтар": "significant", "елеусізбұзушылықтар": "insignificant"}
            if squeezed not in significance:
                raise SystemExit(f"error: line {n}: unknown significance {sig_raw!r}")
            rows[int(f[0])] = {
                "cells": [c.strip() for c in f[1:8]],
                "significance": significance[squeezed],
                "significance_raw": sig_raw,
                "line": n,
            }
    return rows, header


def parse_note(text: str, note_line: int) -> dict[str, Any]:
    lines = [ln.strip() for ln in text.splitlines()[note_line:] if ln.strip()]
    footnote = next(ln for ln in lines if ln.startswith("\\*") or ln.startswith("*"))
    fn_text = footnote.lstrip("\\").lstrip("*").strip()
    legend = [ln for ln in lines if ln.startswith('"+"') or ln.startswith('"-"')]
    abbreviations = {}
    for ln in lines:
        if mt := re.match(r"^([А-ЯӘҒҚҢӨҰҮҺІ]{2,})\s+[–-]\s+(.+?)[;.]?$", ln):
            abbreviations[mt.group(1)] = mt.group(2).strip()
    return {
        "footnotes": [
            {
                "mark": "*",
                "text_kk": fn_text,
                "applies_to_codes": re.findall(r"\d+\.\d+", fn_text),
                "anchor": "lost: the column or header that carried '*' is not in the text",
            }
        ],
        "legend_kk": {"+": legend[0], "-": legend[1]},
        "abbreviations_kk": abbreviations,
    }


def build() -> tuple[dict[str, Any], dict[str, Any]]:
    text = read_seed(ACT)
    lines, first, note_line = _lines(text)
    left, fragments = parse_left(lines)
    right, right_header = parse_right(lines)
    note = parse_note(text, note_line)
    fn_codes = set(note["footnotes"][0]["applies_to_codes"])
    entries = []
    for row in sorted(set(left) | set(right)):
        lrow, rrow = left.get(row), right.get(row)
        code = lrow["code"] if lrow else None
        inferred = None if code else INFERRED_CODES.get(row)
        if rrow is None:
            raise SystemExit(f"error: row {row} has no right-half cells")
        sig = rrow["significance"]
        entry: dict[str, Any] = {
            "row": row,
            "code": code,
            "code_published": lrow["code_published"] if lrow else None,
            "inferred_code": inferred,
            "name_kk": lrow["name_kk"] if lrow else None,
            "name_complete": (TRUNCATED.get(code) is None) if code else False,
            "name": {"ru": NAMES[code][0], "en": NAMES[code][1]} if code else None,
            "significance": sig,
            "significance_raw": rrow["significance_raw"],
            "footnotes": ["*"] if (code or inferred) in fn_codes else [],
            "citations": [
                {"act": ACT, "clause": f"app1.{row}"},
                {"act": ACT, "clause": "10"},
                {"act": ACT, "clause": "2.13" if sig == "significant" else "2.14"},
            ],
            "left_layout": len(lrow["cells"]) if lrow else None,
            "cells": {},
            "seed_lines": sorted([*(lrow["lines"] if lrow else []), rrow["line"]]),
        }
        if code in TRUNCATED:
            entry["name_lost"] = TRUNCATED[code]
        if lrow:
            entry["cells"].update({f"L{i + 1}": parse_cell(c) for i, c in enumerate(lrow["cells"])})
            if lrow["unplaced"]:
                entry["unplaced_cells"] = lrow["unplaced"]
        entry["cells"].update({p: parse_cell(c) for p, c in zip(RIGHT_POSITIONS, rrow["cells"], strict=True)})
        entries.append(entry)
    data = {
        "act": ACT,
        "appendix": "app1",
        "amended_by": "MoH order No. 19 of 27 Feb 2026 (appendix 1 in a new wording)",
        "source": {"seed": SEED_FILES[ACT], "lines": [first, len(text.splitlines())]},
        "clauses": {
            "10": "codes of defects and violations are assigned by the unified classifier; penalties under the purchase contract",
            "2.13": "definition of significant violations",
            "2.14": "definition of insignificant violations",
            "53": "hidden defects: economic measures by the unified classifier",
        },
        "layout": {
            "left": "L1..L9: the left half's penalty cells by position (published columns 4-11; rows 19-22 have 9)",
            "right": "R12..R18: the right half's penalty cells by their published column number; 19 = significance",
            "columns_file": "classifier_columns.yaml (the inferred meaning of each position, with evidence)",
        },
        "right_header_fragments_kk": right_header,
        **note,
        "fragments": fragments,
        "entries": entries,
    }
    columns = {
        "act": ACT,
        "appendix": "app1",
        "about": "Inferred meaning of each penalty column of the unified classifier (headers lost in the seed). "
        "Override with a file of the same shape: KEPIL_CLASSIFIER_COLUMNS=/path/to.yaml or --columns.",
        "columns": COLUMNS,
    }
    return data, columns


def dump(data: dict[str, Any], what: str) -> str:
    head = (
        f"# monitoring-rules app1: {what}. Generated by scripts/extract_defect_classifier.py; do not edit.\n"
    )
    return head + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--out", type=Path, default=PACKAGE_DATA, help="data folder (default: the package's)")
    ap.add_argument("--check", action="store_true", help="compare with the files in --out; exit 1 if stale")
    args = ap.parse_args(argv)
    data, columns = build()
    outputs = {
        args.out / "monitoring_rules" / "defect_classifier.yaml": dump(data, "unified classifier of defects"),
        args.out / "monitoring_rules" / "classifier_columns.yaml": dump(columns, "inferred column mapping"),
    }
    stale = 0
    for path, content in outputs.items():
        if args.check:
            if not path.is_file() or path.read_text(encoding="utf-8") != content:
                print(f"stale: {path} (re-run scripts/extract_defect_classifier.py)", file=sys.stderr)
                stale = 1
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
        print(f"wrote {path}")
    return stale


if __name__ == "__main__":
    raise SystemExit(main())
