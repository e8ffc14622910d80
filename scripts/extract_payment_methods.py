"""Extract `program-2026-2028` appendix 2 (payment methods) from the seed into package data.

    python scripts/extract_payment_methods.py [--out DIR] [--check]

Writes DIR/program_2026_2028/payment_methods.yaml (DIR defaults to src/kepil/data). `--check` compares with
the committed file and exits 1 when they differ. The cell boundaries are declared in
`payment_methods_spec.py`; every Kazakh text is cut from the seed at those anchors.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from payment_methods_spec import DIRECTIONS, KINDS
from seedlib import PACKAGE_DATA, SEED_FILES, read_seed

ACT = "program-2026-2028"
OUT_PARTS = ("program_2026_2028", "payment_methods.yaml")
HEADER = "бағдарламасына 2-қосымша"  # the appendix's heading ends with this line
_KK_LETTER = "А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі"
# Justified PDF text spreads some words letter by letter ("н а у қ а с т а р ғ а"); we close them up.
_SPACED = re.compile(rf"(?<!\S)((?:[{_KK_LETTER}] ){{3,}}[{_KK_LETTER}])(?!\S)")


def normalise(lines: list[str]) -> str:
    """Join a cell's lines as one text: a line ending in "-" or an opening quote joins without a space."""
    out = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        glue = "" if not out or out.endswith("-") or (out.endswith('"') and out.count('"') % 2) else " "
        out += glue + line
    out = _SPACED.sub(lambda mt: mt.group(1).replace(" ", ""), out)
    out = re.sub(r"\(\s+", "(", out)
    return re.sub(r"\s+", " ", out).strip()


def table_lines(text: str) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(line number, text) of the table body and of the note after it."""
    lines = text.splitlines()
    start = max(i for i, ln in enumerate(lines) if ln.strip() == HEADER)
    header = next(i for i in range(start, len(lines)) if lines[i].strip() == "1 2 3")
    note = next(i for i in range(header, len(lines)) if lines[i].strip() == "Ескертпе:")
    body = [(i + 1, ln.strip()) for i, ln in enumerate(lines[header + 1 : note], header + 1) if ln.strip()]
    tail = [(i + 1, ln.strip()) for i, ln in enumerate(lines[note + 1 :], note + 1) if ln.strip()]
    return body, tail


def anchors() -> list[tuple[str, str]]:
    """(piece id, anchor) in published order; a marker is a whole line, other anchors start a line."""
    seq: list[tuple[str, str]] = []
    for d in DIRECTIONS:
        key = str(d["row"] or d["code"])
        methods = d["methods"]
        # Pieces printed before the row's marker (row 5's first item, row 13's first line) come first.
        for j, (code, anchor, *_rest) in enumerate(methods):
            if d["row"] == 5 and j == 0:
                seq.append((f"{key}/m/{code}", anchor))
            if d["row"] == 13 and j == 0:
                seq.append((f"{key}/m/{code}/0", anchor[0]))
        if d["marker"]:
            seq.append((f"{key}/marker", "=" + d["marker"]))
        seq.append((f"{key}/name", d["name"]))
        for j, (code, anchor, *_rest) in enumerate(methods):
            if d["row"] == 5 and j == 0:
                continue
            if isinstance(anchor, tuple):
                seq.append((f"{key}/m/{code}/1", anchor[1]))
            else:
                seq.append((f"{key}/m/{code}", anchor))
    return seq


def cut(body: list[tuple[int, str]]) -> dict[str, tuple[int, int, list[str]]]:
    """Split the body at the anchors: piece id -> (first line, last line, lines)."""
    pieces: dict[str, tuple[int, int, list[str]]] = {}
    pos = 0
    seq = anchors()
    for k, (pid, anchor) in enumerate(seq):
        while pos < len(body) and not _matches(body, pos, anchor):
            if k == 0:
                raise SystemExit(f"error: text before the first anchor at line {body[pos][0]}")
            pos += 1
        if pos == len(body):
            raise SystemExit(f"error: anchor {anchor!r} ({pid}) not found in order")
        begin = pos
        pos += 1
        nxt = seq[k + 1][1] if k + 1 < len(seq) else None
        while pos < len(body) and (nxt is None or not _matches(body, pos, nxt)):
            pos += 1
        pieces[pid] = (body[begin][0], body[pos - 1][0], [ln for _, ln in body[begin:pos]])
        # the next anchor must be the very next unclaimed line: nothing is skipped
    return pieces


def _matches(body: list[tuple[int, str]], pos: int, anchor: str) -> bool:
    """A marker ("=N") is a whole line; another anchor starts at this line (it may run onto the next ones)."""
    if anchor.startswith("="):
        return body[pos][1] == anchor[1:]
    return normalise([ln for _, ln in body[pos : pos + 4]]).startswith(anchor)


_INCLUDES = re.compile(r"(?:^|\s)(\d)\)\s")


def includes(text: str) -> list[str]:
    """The numbered components after "мыналар кіреді:" (what a complex tariff includes), if any."""
    if "мыналар кіреді:" not in text:
        return []
    tail = text.split("мыналар кіреді:", 1)[1]
    parts = _INCLUDES.split(tail)
    return [p.strip().rstrip(";") for p in parts[2::2]] if len(parts) > 1 else [tail.strip()]


def build() -> dict[str, Any]:
    text = read_seed(ACT)
    body, tail = table_lines(text)
    pieces = cut(body)
    directions: list[dict[str, Any]] = []
    for d in DIRECTIONS:
        key = str(d["row"] or d["code"])
        first, last, name_lines = pieces[f"{key}/name"]
        name_kk = normalise(name_lines)
        if d["row"] == 1:
            name_kk = name_kk.removeprefix("1 ")
        clause = f"app2.{d['row']}" if d["row"] else "app2"
        methods = []
        for j, (code, anchor, kinds, ru, en, extra) in enumerate(d["methods"], 1):
            if isinstance(anchor, tuple):
                parts = [pieces[f"{key}/m/{code}/0"], pieces[f"{key}/m/{code}/1"]]
            else:
                parts = [pieces[f"{key}/m/{code}"]]
            text_kk = normalise([ln for p in parts for ln in p[2]])
            unknown = [k for k in kinds if k not in KINDS]
            if unknown:
                raise SystemExit(f"error: unknown kinds {unknown} in {key}/{code}")
            method: dict[str, Any] = {
                "code": code,
                "item": j,
                "kinds": kinds,
                "text_kk": text_kk,
                "name": {"ru": ru, "en": en},
                "seed_lines": [[p[0], p[1]] for p in parts],
            }
            inc = includes(text_kk)
            if inc:
                method["includes_kk"] = inc
            method.update(extra)
            methods.append(method)
            first = min(first, *(p[0] for p in parts))
            last = max(last, *(p[1] for p in parts))
        entry: dict[str, Any] = {
            "row": d["row"],
            "code": d["code"],
            "citation": {"act": ACT, "clause": clause},
            "name": {"kk": name_kk, "ru": d["ru"], "en": d["en"]},
            "care_kinds": d["care_kinds"],
            "seed_lines": [first, last],
            "methods": methods,
        }
        if d["row"] is None:
            entry["note"] = (
                "Printed after row 14 without a row number of its own; kept as a separate, unnumbered "
                "direction (program-2026-2028 53 is the clause on foreign specialists)."
            )
        directions.append(entry)
    return {
        "act": ACT,
        "appendix": "app2",
        "title_kk": normalise([ln for _, ln in _title(text)]),
        "referred_from": [{"act": ACT, "clause": "77"}],
        "source": {
            "seed": SEED_FILES[ACT],
            "lines": [_heading_line(text), tail[-1][0] if tail else body[-1][0]],
        },
        "kinds": KINDS,
        "directions": directions,
        "note_kk": normalise([ln for _, ln in tail]),
        "note_status": "The note ('Ескертпе') is cut off in the seed after 'сәйкес'; kept as published.",
    }


def _heading_line(text: str) -> int:
    return max(i for i, ln in enumerate(text.splitlines(), 1) if ln.strip() == HEADER)


def _title(text: str) -> list[tuple[int, str]]:
    lines = text.splitlines()
    start = max(i for i, ln in enumerate(lines) if ln.strip() == HEADER)
    out = []
    for i in range(start + 1, len(lines)):
        if lines[i].strip().startswith("Р/с №"):
            break
        if lines[i].strip():
            out.append((i + 1, lines[i].strip()))
    return out


def dump(data: dict[str, Any]) -> str:
    head = (
        "# program-2026-2028 appendix 2: payment methods. Generated by scripts/extract_payment_methods.py "
        "from the seed; do not edit.\n"
    )
    return head + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=PACKAGE_DATA, help="data folder (default: the package's)")
    ap.add_argument("--check", action="store_true", help="compare with the files in --out; exit 1 if stale")
    args = ap.parse_args(argv)
    target = args.out.joinpath(*OUT_PARTS)
    content = dump(build())
    if args.check:
        if not target.is_file() or target.read_text(encoding="utf-8") != content:
            print(f"stale: {target} (re-run scripts/extract_payment_methods.py)", file=sys.stderr)
            return 1
        print(f"up to date: {target}")
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(content, encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
