"""The Kazakh text of a clause, found in the seed texts vendored in `kepil/data/acts_text/` (SOURCES.md).

A clause is cited as kepil cites it (GLOSSARY.md): a numbered paragraph `26`, an amended-in paragraph
`53-1`, a sub-point `79.4` (paragraph 79, sub-point "4)"), an appendix `app1` / `app.1` ("1-қосымша") or a
row of one `app1.11`. Each act's text is a *section* of its seed file: the Program (Decree No. 840) is the
whole text; the other acts are known only through the amending orders in the seeds, so their paragraphs are
the new wordings those orders quote ("N-тармақ мынадай редакцияда жазылсын: "N. ...""). Order No. 141
amends three acts (items 1, 2, 3 of its list: migrant-care-rules, phc-attachment-rules, phc-rules) and
one file holds them all; the drug-rules order amends two sets of rules, so a paragraph number may occur
twice in that act: every occurrence is returned.

Where the exact sub-point (or an appendix row) cannot be found the enclosing paragraph (or the appendix's
heading) is returned with `exact=False`, for the page to say so. Parsed once per process (functools.cache).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kepil.data import data_path

# --- where each act's text is ------------------------------------------------------------------------

ORDER_141 = "order-141-migrant-care-rules-phc-attachment-rules-phc-rules.txt"


@dataclass(frozen=True, slots=True)
class Section:
    """Lines of `file` after the first line matching `start` (None: from the top) up to (not including)
    the first later line matching `end` (None: to the end); appendices as (number, heading regex)."""

    file: str
    start: str | None
    end: str | None
    appendices: tuple[tuple[str, str], ...] = ()


# The order's own items ("2. ... департаменті", "4. Осы бұйрық ... қолданысқа енгізіледі") follow the item
# that amends the act and are left out; so is the item's own heading (the order's "1. "..." бұйрығына").
SECTIONS: dict[str, Section] = {
    "program-2026-2028": Section(
        "program-2026-2028.txt",
        None,
        r"^\s*1-қосымша\s*$",
        (("1", r"^\s*1-қосымша\s*$"), ("2", r"бағдарламасына 2-қосымша\s*$")),
    ),
    "monitoring-rules": Section(
        "monitoring-rules.txt",
        r"^1\. \"Тегін",
        r"^2\. Қазақстан Республикасы Денсаулық сақтау министрлігінің",
        (("1", r"қағидаларына 1-қосымша\s*$"),),
    ),
    "migrant-care-rules": Section(ORDER_141, r"^\s*1\. \"Көшіп келушілерге", r"^\s*2\. \"Медициналық"),
    # Item 2 ends with a row of the public-service standard (its appendix), which is no paragraph.
    "phc-attachment-rules": Section(ORDER_141, r"^\s*2\. \"Медициналық", r"реттік нөмірі \d+ - жол"),
    "phc-rules": Section(ORDER_141, r"^\s*3\. \"Медициналық", r"^©"),
    "drug-rules": Section(
        "drug-rules.txt",
        r"^\s*1\. \"Тегін",
        r"^\s*2\. Қазақстан Республикасы Денсаулық сақтау министрлігінің",
    ),
    "mvd-paid-services": Section(
        "mvd-paid-services.txt", r"^\s*1\. \"Қазақстан", r"^\s*2\. Қазақстан Республикасы Ішкі істер"
    ),
}

# A paragraph starts a line: optional indentation, a markdown bullet or emphasis, an opening quote (the
# new wording an amending order quotes), the number ("53-1"), then ". " — or, where the seed lost the dot
# ("8  МСАК шұғыл ..."), two spaces and a letter.
_PARAGRAPH = re.compile(
    r"^[ \t]*(?:[-*]+[ \t]*)?[*\"«“]*[ \t]*(\d{1,3}(?:-\d{1,2})?)(?:\.[ \t]+(?=\S)|[ \t]{2,}(?=[^\d\W]))"
)
_SUBPOINT = re.compile(r"^[ \t]*(?:[-*]+[ \t]*)?[*\"«“]*[ \t]*(\d{1,2}(?:-\d{1,2})?)\)[ \t]+\S")
_CLAUSE = re.compile(r"^(\d{1,3}(?:-\d{1,2})?)(?:\.(\d{1,2}(?:-\d{1,2})?))?$")
_APPENDIX = re.compile(r"^app\.?(\d{1,2})(?:\.(.+))?$")
APPENDIX_HEAD_CHARS = 1500  # an appendix is a table: the page shows its heading, the rows are on /law/{act}


@dataclass(frozen=True, slots=True)
class ClauseText:
    """The words found for a cited clause. `found` is the clause actually shown (the enclosing paragraph
    when `exact` is False); `text` is the seed's Kazakh, lines joined, sub-points on lines of their own."""

    act: str
    clause: str
    found: str
    text: str
    exact: bool
    file: str
    line: int  # 1-based line of the seed file where `found` starts


@dataclass(frozen=True, slots=True)
class _Paragraph:
    number: str
    line: int
    lines: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _ActText:
    paragraphs: tuple[_Paragraph, ...]
    appendices: dict[str, _Paragraph]


@cache
def _lines(file: str) -> tuple[str, ...]:
    return tuple(data_path("acts_text", file).read_text(encoding="utf-8").splitlines())


def _find(lines: tuple[str, ...], pattern: str, after: int) -> int | None:
    rx = re.compile(pattern)
    return next((i for i in range(after, len(lines)) if rx.search(lines[i])), None)


@cache
def _act_text(act: str) -> _ActText:
    section = SECTIONS[act]
    lines = _lines(section.file)
    first = 0 if section.start is None else (_find(lines, section.start, 0) or 0) + 1
    last = len(lines) if section.end is None else (_find(lines, section.end, first) or len(lines))
    paragraphs: list[_Paragraph] = []
    current: tuple[str, int, list[str]] | None = None
    for i in range(first, last):
        m = _PARAGRAPH.match(lines[i])
        if m:
            if current:
                paragraphs.append(_Paragraph(current[0], current[1], tuple(current[2])))
            current = (m.group(1), i + 1, [lines[i]])
        elif current:
            current[2].append(lines[i])
    if current:
        paragraphs.append(_Paragraph(current[0], current[1], tuple(current[2])))
    appendices: dict[str, _Paragraph] = {}
    heads = [(n, _find(lines, rx, 0)) for n, rx in section.appendices]
    for n, at in heads:
        if at is None:
            continue
        # The heading runs up from the "N-қосымша" line to the blank line before it (the "... бекітілген"
        # lines above it belong to it), then the title: the next block of lines. The rows are not prose.
        top = at
        while top > 0 and lines[top - 1].strip():
            top -= 1
        title = at + 1
        while title < len(lines) and not lines[title].strip():
            title += 1
        bottom = title
        while bottom < len(lines) and lines[bottom].strip() and "\t" not in lines[bottom]:
            bottom += 1
        appendices[n] = _Paragraph(f"app{n}", top + 1, (*lines[top : at + 1], "", *lines[title:bottom]))
    return _ActText(tuple(paragraphs), appendices)


def _clean(line: str) -> str:
    line = line.replace("**", "").replace("*", "").strip()
    return line[2:] if line.startswith("- ") else line


def _joined(lines: tuple[str, ...], limit: int | None = None) -> str:
    """The hard-wrapped lines as running text: a paragraph or sub-point starts a new line."""
    out: list[str] = []
    for raw in lines:
        text = _clean(raw)
        if not text:
            continue
        starts = bool(_SUBPOINT.match(raw) or _PARAGRAPH.match(raw)) or raw.startswith("      ")
        if out and not starts:
            out[-1] = f"{out[-1]} {text}"
        else:
            out.append(text)
    joined = "\n".join(re.sub(r"[ \t]{2,}", " ", s) for s in out)
    if limit is not None and len(joined) > limit:
        joined = joined[:limit].rsplit(" ", 1)[0] + " …"
    return joined


def _subpoint(p: _Paragraph, sub: str) -> tuple[str, int] | None:
    """The sub-point `sub)` of the paragraph: its lines up to the next sub-point (or the paragraph's end)."""
    start = None
    for i, raw in enumerate(p.lines):
        m = _SUBPOINT.match(raw) if i > 0 else None
        if start is None and m and m.group(1) == sub:
            start = i
        elif start is not None and m:
            return _joined(p.lines[start:i]), p.line + start
    if start is not None:
        return _joined(p.lines[start:]), p.line + start
    return None


def normalise(clause: str) -> str:
    """A clause id as kepil writes it: "app.1" -> "app1", "79.4)" -> "79.4", surrounding space dropped."""
    c = clause.strip().rstrip(")").replace(" ", "")
    return "app" + c[4:] if c.startswith("app.") else c


def clause_texts(act: str, clause: str) -> list[ClauseText]:
    """Every place of the act's text that `clause` names (usually one; none when the text has no such
    clause or the act is unknown). Sub-points and appendix rows fall back to what encloses them."""
    if act not in SECTIONS:  # its keys are the acts (ACT_IDS)
        return []
    c = normalise(clause)
    text = _act_text(act)
    file = SECTIONS[act].file
    app = _APPENDIX.match(c)
    if app:
        head = text.appendices.get(app.group(1))
        if head is None:
            return []
        body = _joined(head.lines, APPENDIX_HEAD_CHARS)
        return [ClauseText(act, c, head.number, body, app.group(2) is None, file, head.line)]
    m = _CLAUSE.match(c)
    if not m:
        return []
    number, sub = m.group(1), m.group(2)
    found: list[ClauseText] = []
    for p in text.paragraphs:
        if p.number != number:
            continue
        if sub is not None:
            hit = _subpoint(p, sub)
            if hit is not None:
                found.append(ClauseText(act, c, c, hit[0], True, file, hit[1]))
                continue
        found.append(ClauseText(act, c, number, _joined(p.lines), sub is None, file, p.line))
    return found


def clause_text(act: str, clause: str) -> ClauseText | None:
    """The first place `clause_texts` finds, or None."""
    found = clause_texts(act, clause)
    return found[0] if found else None


def paragraph_numbers(act: str) -> list[str]:
    """The paragraph numbers the act's text holds, in the order of the text (for the law page's index)."""
    if act not in SECTIONS:
        return []
    return [p.number for p in _act_text(act).paragraphs]


_CHAPTER = re.compile(r"^\s*(\d{1,2})-тарау\.")


def sub_points(act: str, number: str) -> list[str]:
    """The sub-points ("1)", "2)" …) the text numbers in paragraph `number`, in order (every occurrence of
    the paragraph; none when it has none or the act has no such paragraph)."""
    if act not in SECTIONS:
        return []
    found: list[str] = []
    for p in _act_text(act).paragraphs:
        if p.number == number:
            found += [
                m.group(1) for raw in p.lines[1:] if (m := _SUBPOINT.match(raw)) and m.group(1) not in found
            ]
    return found


def chapter_paragraphs(act: str) -> dict[str, list[str]]:
    """The paragraph numbers under each chapter heading ("2-тарау.") of the act's text, in order; the
    paragraphs before the first heading are under "" (an amending order's text has no chapters)."""
    if act not in SECTIONS:
        return {}
    lines = _lines(SECTIONS[act].file)
    heads = [(i + 1, m.group(1)) for i, line in enumerate(lines) if (m := _CHAPTER.match(line))]
    out: dict[str, list[str]] = {}
    for p in _act_text(act).paragraphs:
        chapter = next((c for at, c in reversed(heads) if at < p.line), "")
        out.setdefault(chapter, []).append(p.number)
    return out
