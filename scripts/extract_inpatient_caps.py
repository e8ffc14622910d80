"""Extract the inpatient volume caps of `program-2026-2028` appendix 1 from the seed text.

Appendix 1 ("тәулік бойы стационардың шекті көлемі", bound by paragraph 73 of the Program) gives, per
region and bed profile, the planned cases in total, of which children and adults, and for the 17
oblasts the planned rural cases (total, children, adults). The flattened PDF text splits numbers into
thousands groups and breaks profile names across lines; this script rebuilds both:

- names: fragments are joined with a space when the line ended in whitespace, glued otherwise
  ("Аллерголог" + "ия"); letter-spaced justification ("т у ғ а н") is collapsed;
- numbers: every way of grouping the digit tokens into the row's 6 (oblasts) or 3 (cities) values is
  enumerated; the grouping that best satisfies total = children + adults (and the same for the rural
  columns) wins, and ties are broken by the region's column sums against its "all profiles" row.

The published figures are kept as published; every place where they disagree with those invariants is
listed in inpatient_caps_notes.md. Usage:

    python scripts/extract_inpatient_caps.py [--out DIR] [--check]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import itertools
import re
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kepil.reference.regions import Region, regions
from seedlib import PACKAGE_DATA, SEED_FILES, read_seed

ACT = "program-2026-2028"
OUT_DIR = PACKAGE_DATA / "program_2026_2028"
CAPS_FILE = "inpatient_caps.csv"
PROFILES_FILE = "bed_profiles.csv"
NOTES_FILE = "inpatient_caps_notes.md"

# Stable codes and unofficial translations of the 36 rows of app1, in the order of the seed.
# The Kazakh names are not typed here: they are read from the seed (see `_profile_names`).
PROFILES: tuple[tuple[str, str, str], ...] = (
    ("all", "All profiles", "Все профили"),
    ("allergology", "Allergology", "Аллергология"),
    ("gastroenterology", "Gastroenterology", "Гастроэнтерология"),
    ("hematology", "Hematology", "Гематология"),
    ("gynecology", "Gynecology", "Гинекология"),
    ("purulent_surgery", "Purulent surgery", "Гнойная хирургия"),
    ("dermatovenereology", "Dermatovenereology", "Дерматовенерология"),
    ("stroke", "Stroke", "Инсульт"),
    ("cardiology", "Cardiology", "Кардиологический"),
    ("cardiac_surgery", "Cardiac surgery", "Кардиохирургия"),
    ("neurology", "Neurology", "Неврология"),
    ("neurovascular", "Neurovascular", "Нейрососудистый"),
    ("neurosurgery", "Neurosurgery", "Нейрохирургия"),
    ("nephrology", "Nephrology", "Нефрология"),
    ("burns", "Burns (combustiology)", "Ожоговый (комбустиология)"),
    ("orthopedics", "Orthopedics", "Ортопедия"),
    ("otorhinolaryngology", "Otorhinolaryngology", "Оториноларингология"),
    ("ophthalmology", "Ophthalmology", "Офтальмология"),
    ("pregnancy_pathology", "Pathology of pregnancy", "Патология беременности"),
    (
        "neonatal_pathology",
        "Pathology of newborns and premature newborns",
        "Патология новорожденных и недоношенных детей",
    ),
    ("pediatrics", "Pediatrics", "Педиатрия"),
    ("proctology", "Proctology", "Проктология"),
    ("pulmonology", "Pulmonology", "Пульмонология"),
    ("radiology", "Radiology", "Радиология"),
    ("rheumatology", "Rheumatology", "Ревматология"),
    ("vascular_surgery", "Vascular surgery", "Сосудистая хирургия"),
    ("therapy", "Therapy (internal medicine)", "Терапевтический"),
    ("toxicology", "Toxicology", "Токсикология"),
    ("thoracic_surgery", "Thoracic surgery", "Торакальная хирургия"),
    ("traumatology", "Traumatology", "Травматология"),
    ("urology", "Urology", "Урология"),
    ("surgery", "Surgery", "Хирургия"),
    ("neonatal_surgery", "Surgery of newborns", "Хирургия новорожденных"),
    (
        "maxillofacial_surgery",
        "Maxillofacial surgery (dentistry)",
        "Челюстно-лицевая хирургия (стоматология)",
    ),
    ("endocrinology", "Endocrinology", "Эндокринология"),
    ("transplantology", "Transplantology", "Трансплантология"),
)
COLUMNS = ("total", "children", "adults", "rural_total", "rural_children", "rural_adults")
CAPS_HEADER = ("region", "profile", "status", *COLUMNS, "seed_line")

APPENDIX_MARK = "1-қосымша"
HEADER_MARK = "Бейіні"  # first cell of the column header, once for the oblasts and once for the cities
FOOTNOTE_MARK = "Ескертпе:"
NUM_TOKEN = re.compile(r"\d+|\*")

Value = int | None  # None: `*`, "no bed fund for this profile" (footnote of app1)


# --- reading the text ----------------------------------------------------------------------------


@dataclass
class Event:
    line: int  # 1-based line of the seed
    text: str = ""  # a raw fragment of a profile name (trailing whitespace kept: it means "a space follows")
    tokens: tuple[str, ...] = ()  # the digit groups / `*` of a figures row


@dataclass
class Row:
    fragments: list[str] = field(default_factory=list)
    parts: list[tuple[str, ...]] = field(default_factory=list)  # figures, one tuple per printed line
    line: int = 0

    @property
    def tokens(self) -> tuple[str, ...]:
        return tuple(t for part in self.parts for t in part)


def _split_line(raw: str, lineno: int) -> list[Event]:
    """A line is a name fragment, a figures row, or a name followed by its figures ("Инсульт 1 966 ...")."""
    words = raw.split()
    n = len(words)
    while n > 0 and NUM_TOKEN.fullmatch(words[n - 1]):
        n -= 1
    if n == len(words):
        return [Event(lineno, text=raw)]
    events = []
    if n > 0:
        events.append(Event(lineno, text=" ".join(words[:n]) + " "))
    events.append(Event(lineno, tokens=tuple(words[n:])))
    return events


def _collapse_spaced(fragment: str) -> str:
    """Justified PDF text spaces out letters ("т у ғ а н  "): glue them, keep the trailing space."""
    words = fragment.split()
    if len(words) >= 3 and all(len(w) == 1 for w in words):
        return "".join(words) + (" " if fragment[-1:].isspace() else "")
    return fragment


def join_fragments(fragments: Sequence[str]) -> str:
    """Join the lines of a broken name: a space where the line ended in whitespace, nothing otherwise."""
    out = ""
    for frag in map(_collapse_spaced, fragments):
        if out and not out[-1].isspace():
            out += frag.lstrip()
        else:
            out += frag
    return " ".join(out.split())


def _letters(s: str) -> str:
    return re.sub(r"\W", "", _collapse_spaced(s)).casefold()


@dataclass
class Block:
    region: Region
    header_line: int
    events: list[Event]


def _blocks(lines: list[str]) -> tuple[list[Block], dict[str, object]]:
    """Cut appendix 1 into one block per region, in the order of `regions()`; also return its texts."""
    start = next(i for i, line in enumerate(lines) if line.strip() == APPENDIX_MARK)
    headers = [i for i in range(start, len(lines)) if lines[i].strip() == HEADER_MARK][:2]
    foot = next(i for i in range(start, len(lines)) if lines[i].strip() == FOOTNOTE_MARK)
    starts: list[int] = []
    pos = start
    for r in regions():
        target = f"{r.name.kk} бойынша"
        pos = next(i for i in range(pos, foot) if " ".join(lines[i].split()) == target)
        starts.append(pos)
    blocks = []
    for k, (r, s) in enumerate(zip(regions(), starts, strict=True)):
        if k + 1 < len(starts):
            end = starts[k + 1]
            if s < headers[1] < end:  # the cities' column header follows the last oblast
                end = headers[1]
        else:
            end = foot
        events = [ev for i in range(s + 1, end) if lines[i].strip() for ev in _split_line(lines[i], i + 1)]
        blocks.append(Block(r, s + 1, events))
    footnote = []
    for line in lines[foot + 1 :]:
        if not line.strip():
            break
        footnote.append(line.strip())
    title_at = start + 2
    while not lines[title_at].strip():
        title_at += 1
    title_end = title_at
    while lines[title_end].strip():
        title_end += 1
    title = " ".join(" ".join(lines[title_at:title_end]).split())
    texts = {
        "title": title,
        "appendix_line": start + 1,
        "footnote": " ".join(footnote),
        "footnote_line": foot + 2,
        "first_line": starts[0] + 1,
        "last_line": foot,
    }
    return blocks, texts


def _naive_rows(block: Block) -> list[Row]:
    """Rows as laid out: each figures row closes the name fragments before it."""
    rows: list[Row] = []
    pending: list[str] = []
    for ev in block.events:
        if ev.tokens:
            rows.append(Row(pending, [ev.tokens], ev.line))
            pending = []
        else:
            pending.append(ev.text)
    if pending:
        raise SystemExit(f"{block.region.code}: name without figures at the end: {pending!r}")
    return rows


def _profile_names(first: Block) -> list[str]:
    """The Kazakh names of the profiles, from the first region, where every name precedes its figures."""
    names = [join_fragments(r.fragments) for r in _naive_rows(first)]
    if len(names) != len(PROFILES):
        raise SystemExit(f"expected {len(PROFILES)} profile rows in {first.region.code}, found {len(names)}")
    return names


def _rows(block: Block, names: list[str]) -> list[Row]:
    """Assign fragments and figures to the known profiles in order. A page break may put part of a name
    after its figures (Almaty city, "Жаңа туған нәрестелер ... патологиясысы")."""
    rows = [Row() for _ in names]
    i = 0
    for ev in block.events:
        row = rows[i]
        if ev.tokens:
            if not row.fragments:
                raise SystemExit(f"{block.region.code} line {ev.line}: figures without a profile name")
            # a page break may cut a figures row too (West Kazakhstan, maxillofacial surgery)
            row.parts.append(ev.tokens)
            row.line = row.line or ev.line
            continue
        done = _letters("".join(row.fragments)) == _letters(names[i])
        if done and row.tokens:
            i += 1
            if i == len(names):
                raise SystemExit(f"{block.region.code} line {ev.line}: text after the last profile")
            row = rows[i]
        row.fragments.append(ev.text)
        if not _letters(names[i]).startswith(_letters("".join(row.fragments))):
            raise SystemExit(
                f"{block.region.code} line {ev.line}: {ev.text.strip()!r} is not in {names[i]!r}"
            )
    if i != len(names) - 1 or not rows[-1].tokens:
        raise SystemExit(f"{block.region.code}: {i + 1} of {len(names)} profiles found")
    return rows


# --- numbers ------------------------------------------------------------------------------------


def groupings(tokens: Sequence[str], k: int) -> Iterator[tuple[Value, ...]]:
    """Every reading of the tokens as k values: `*`, or a number written as a leading group of 1-3 digits
    (no leading zero) followed by groups of exactly 3 digits; a token longer than 3 digits stands alone."""
    if k == 0:
        if not tokens:
            yield ()
        return
    if not tokens:
        return
    head = tokens[0]
    if head == "*":
        for rest in groupings(tokens[1:], k - 1):
            yield (None, *rest)
        return
    yield from ((int(head), *rest) for rest in groupings(tokens[1:], k - 1))
    if len(head) > 3 or head.startswith("0"):
        return
    digits = head
    for j in range(1, len(tokens)):
        if not re.fullmatch(r"\d{3}", tokens[j]):
            break
        digits += tokens[j]
        yield from ((int(digits), *rest) for rest in groupings(tokens[j + 1 :], k - 1))


def token_orders(parts: Sequence[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """The printed order first, then every order with a later line's figures put back between earlier
    ones: a page break inside a row can print a cell after the cells to its right (Kostanay, neonatal
    pathology: "3 050 3 050 0 38 0" ... "38")."""
    orders: list[tuple[str, ...]] = [tuple(parts[0])] if parts else [()]
    for part in parts[1:]:
        orders = [o[:j] + part + o[j:] for o in orders for j in range(len(o), -1, -1)]
    return list(dict.fromkeys(orders))


def _sum_gap(total: Value, *parts: Value) -> int:
    if total is None or any(p is None for p in parts):
        return 0
    return abs(total - sum(p for p in parts if p is not None))


def row_error(values: Sequence[Value]) -> int:
    """How far a row is from total = children + adults (and the same for the rural columns)."""
    err = _sum_gap(values[0], values[1], values[2])
    if len(values) == 6:
        err += _sum_gap(values[3], values[4], values[5])
    return err


def column_error(rows: Sequence[Sequence[Value]]) -> int:
    """How far the profiles' sums are from the "all profiles" row (rows[0])."""
    return sum(abs((rows[0][c] or 0) - sum(r[c] or 0 for r in rows[1:])) for c in range(len(rows[0])))


@dataclass
class Resolved:
    values: list[tuple[Value, ...]]
    ambiguous: list[tuple[int, list[tuple[Value, ...]]]]  # row index, the tied candidates
    short: list[tuple[int, int]]  # row index, number of cells printed: rows of zeros missing cells
    moved: list[int]  # rows cut by a page break whose figures are read in another order than printed
    margins: list[int]  # per row with several readings: how much worse the next-best reading fits


def resolve(rows: Sequence[Row], k: int, where: str) -> Resolved:
    best: list[list[tuple[Value, ...]]] = []
    short: list[tuple[int, int]] = []
    in_print: list[set[tuple[Value, ...]]] = []
    margins: list[int] = []
    for i, row in enumerate(rows):
        printed = set(groupings(row.tokens, k))
        cands = sorted(printed | {c for order in token_orders(row.parts)[1:] for c in groupings(order, k)})
        if not cands and set(row.tokens) == {"0"} and len(row.tokens) < k:
            # Pavlodar, thoracic surgery prints "0 0 0 0" for six cells: a printed total of 0 leaves no
            # room for children, adults or rural cases (parts of it), so the missing cells are 0 too.
            cands = [(0,) * k]
            short.append((i, len(row.tokens)))
        if not cands:
            raise SystemExit(
                f"{where} line {row.line}: {' '.join(row.tokens)!r} cannot be read as {k} values"
            )
        errors = sorted({row_error(c) for c in cands})
        best.append(sorted(c for c in cands if row_error(c) == errors[0]))
        if len(errors) > 1:
            margins.append(errors[1] - errors[0])
        in_print.append(printed)
    tied = [i for i, c in enumerate(best) if len(c) > 1]
    choice = [c[0] for c in best]
    if tied:
        if len(list(itertools.product(*(best[i] for i in tied)))) > 100_000:
            raise SystemExit(f"{where}: too many ambiguous groupings")
        options = []
        for combo in itertools.product(*(best[i] for i in tied)):
            trial = list(choice)
            for i, c in zip(tied, combo, strict=True):
                trial[i] = c
            options.append((column_error(trial), trial))
        choice = min(options, key=lambda o: o[0])[1]
    moved = [i for i, c in enumerate(choice) if in_print[i] and c not in in_print[i]]
    return Resolved(choice, [(i, best[i]) for i in tied], short, moved, margins)


# --- the whole table ----------------------------------------------------------------------------


@dataclass
class Extraction:
    names: list[str]
    caps: list[list[str]]
    notes: str


def _fmt(v: Value) -> str:
    return "*" if v is None else f"{v:,}".replace(",", " ")


def extract(text: str, seed_name: str) -> Extraction:
    lines = text.split("\n")
    blocks, texts = _blocks(lines)
    names = _profile_names(blocks[0])
    caps: list[list[str]] = []
    issues: list[str] = []
    groupings_note: list[str] = []
    margins: list[int] = []
    for block in blocks:
        r = block.region
        k = 3 if r.is_city else 6
        rows = _rows(block, names)
        for (code, _, _), row, name in zip(PROFILES, rows, names, strict=True):
            published = join_fragments(row.fragments)
            if published != name:  # the same letters (checked by _rows), other spacing
                issues.append(
                    f"| {r.code} | {code} | name as in the first region | printed as «{published}» |"
                )
        res = resolve(rows, k, r.code)
        margins += res.margins
        for i, cands in res.ambiguous:
            shown = "; ".join("(" + ", ".join(_fmt(v) for v in c) + ")" for c in cands)
            groupings_note.append(
                f"| {r.code} | {PROFILES[i][0]} | {rows[i].line} | `{' '.join(rows[i].tokens)}` | {shown} "
                f"| ({', '.join(_fmt(v) for v in res.values[i])}) |"
            )
        for i in res.moved:
            issues.append(
                f"| {r.code} | {PROFILES[i][0]} | column order | a page break cuts the row "
                f"(`{' ⏎ '.join(' '.join(p) for p in rows[i].parts)}`, line {rows[i].line}); read as "
                f"({', '.join(_fmt(v) for v in res.values[i])}), the order that fits the invariants |"
            )
        for i, printed in res.short:
            issues.append(
                f"| {r.code} | {PROFILES[i][0]} | {k} cells per row | only {printed} printed "
                f"(`{' '.join(rows[i].tokens)}`, line {rows[i].line}); all read as 0 |"
            )
        for i, vals in enumerate(res.values):
            code = PROFILES[i][0]
            stars = sum(v is None for v in vals)
            if 0 < stars < k:
                issues.append(
                    f"| {r.code} | {code} | `*` in some columns only | {' / '.join(map(_fmt, vals))} |"
                )
            status = "no_bed_fund" if stars == k else "planned"
            cells = ["" if v is None else str(v) for v in vals] + [""] * (6 - k)
            caps.append([r.code, code, status, *cells, str(rows[i].line)])
            if _sum_gap(vals[0], vals[1], vals[2]):
                issues.append(
                    f"| {r.code} | {code} | total = children + adults | "
                    f"{_fmt(vals[0])} ≠ {_fmt(vals[1])} + {_fmt(vals[2])} "
                    f"(= {_fmt(vals[1] + vals[2])}, {vals[0] - vals[1] - vals[2]:+d}) |"  # type: ignore[operator]
                )
            if k == 6 and _sum_gap(vals[3], vals[4], vals[5]):
                issues.append(
                    f"| {r.code} | {code} | rural total = rural children + rural adults | "
                    f"{_fmt(vals[3])} ≠ {_fmt(vals[4])} + {_fmt(vals[5])} "
                    f"(= {_fmt(vals[4] + vals[5])}, {vals[3] - vals[4] - vals[5]:+d}) |"  # type: ignore[operator]
                )
        for c in range(k):
            head = res.values[0][c]
            summed = sum(v[c] or 0 for v in res.values[1:])
            if head != summed:
                issues.append(
                    f"| {r.code} | all | sum of the profiles ({COLUMNS[c]}) | "
                    f"{_fmt(head)} ≠ {_fmt(summed)} ({(head or 0) - summed:+d}) |"
                )
    margin_note = (
        f"{len(margins)} rows could be read in more than one way; apart from the ties below, the best "
        f"reading fits the row invariants better than the next one by at least "
        f"{min(m for m in margins if m)} (a sum off by that much), so the groupings are not in doubt."
    )
    notes = _notes(seed_name, text, texts, issues, groupings_note, margin_note)
    return Extraction(names, caps, notes)


def _notes(
    seed: str, text: str, texts: dict[str, object], issues: list[str], amb: list[str], margin_note: str
) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    out = [
        "# Inpatient volume caps (`program-2026-2028` app1): data notes",
        "",
        "Generated by `scripts/extract_inpatient_caps.py`; do not edit by hand.",
        "",
        f"- Source: seed `{seed}` (sha256 `{digest[:16]}…`), appendix 1 (line {texts['appendix_line']}), "
        f"table rows at lines {texts['first_line']}–{texts['last_line']}.",
        f"- Title: «{texts['title']}».",
        "- Binding clause: paragraph 73, second part — planning of inpatient volumes "
        "«осы Бағдарламаға 1-қосымшаға сәйкес ... тәулік бойғы стационардың шекті көлемдерін ескере "
        "отырып жүзеге асырылады».",
        f"- Footnote (line {texts['footnote_line']}): «* {str(texts['footnote']).lstrip('* ')}» — "
        "`*` is kept as status `no_bed_fund` with empty figures, distinct from 0.",
        "- The cities (almaty, astana, shymkent) have no rural columns: they are empty in the CSV.",
        "- Figures are kept as published. The places below are where the published figures disagree "
        "with the table's own invariants; nothing was altered.",
        "",
        "## Where the published figures disagree",
        "",
        f"{len(issues)} places: "
        + "; ".join(f"{n} × {kind}" for kind, n in Counter(i.split(" | ")[2] for i in issues).most_common())
        + ".",
        "",
        "| region | profile | invariant | figures |",
        "| --- | --- | --- | --- |",
        *issues,
        "",
        "## Digit groupings",
        "",
        margin_note,
        "",
        "Ties — rows that the row invariants read equally well in more than one way; the reading that best "
        'fits the region\'s "all profiles" row was chosen:',
        "",
    ]
    if amb:
        out += [
            "| region | profile | seed line | tokens | candidates | chosen |",
            "| --- | --- | --- | --- | --- | --- |",
            *amb,
        ]
    else:
        out.append("None.")
    return "\n".join(out) + "\n"


def render(ex: Extraction) -> dict[str, str]:
    """The three output files' contents."""
    caps = io.StringIO()
    w = csv.writer(caps, lineterminator="\n")
    w.writerow(CAPS_HEADER)
    w.writerows(ex.caps)
    prof = io.StringIO()
    w = csv.writer(prof, lineterminator="\n")
    w.writerow(("code", "order", "name_kk", "name_ru", "name_en"))
    for i, ((code, en, ru), kk) in enumerate(zip(PROFILES, ex.names, strict=True)):
        w.writerow((code, i, kk, ru, en))
    return {CAPS_FILE: caps.getvalue(), PROFILES_FILE: prof.getvalue(), NOTES_FILE: ex.notes}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    ap.add_argument("--out", type=Path, default=OUT_DIR, help="output folder (default: the package data)")
    ap.add_argument("--check", action="store_true", help="exit 1 if the files in --out differ")
    args = ap.parse_args(argv)
    files = render(extract(read_seed(ACT), SEED_FILES[ACT]))
    if args.check:
        stale = [
            n
            for n, body in files.items()
            if not (args.out / n).is_file() or (args.out / n).read_text(encoding="utf-8") != body
        ]
        for n in stale:
            print(f"differs: {args.out / n}", file=sys.stderr)
        return 1 if stale else 0
    args.out.mkdir(parents=True, exist_ok=True)
    for n, body in files.items():
        (args.out / n).write_text(body, encoding="utf-8")
        print(f"wrote {args.out / n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
