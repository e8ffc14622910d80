"""A coverage rule's condition (kepil.engine.expr) read as a sentence in kk, ru or en, for the decision's
trace on the pages: "Status: citizen of Kazakhstan, kandas or refugee; and not (form of care: planned)".

Each fact is named by the request field it comes from (the words of kepil.coverage.model's Spec), or, for a
fact kepil derives, by its own name below; each value by the vocabulary's name (kepil.coverage.vocabulary).
`unnamed_facts()` lists the facts of the rulebook with no name, and the tests want none.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from kepil.engine import expr as E
from kepil.i18n import Text

# Facts kepil derives (from the IIN's age, the ICD-10 code, the policies), not a request field of their own.
DERIVED_FACTS: dict[str, Text] = {
    "child": Text("Бала (18 жасқа толмаған)", "Ребёнок (до 18 лет)", "A child (under 18)"),
    "newborn": Text("Жаңа туған нәресте", "Новорождённый", "A newborn"),
    "over_65": Text("65 жастан асқан", "Старше 65 лет", "Over 65"),
    "cshi": Text("МӘМС қатысушысы", "Участник ОСМС", "A CSHI participant"),
    "omi": Text("ЖМС полисі бар", "Есть полис ОМС мигранта", "Holds an OMI policy"),
    "vhi": Text("ЕМС полисі бар", "Есть полис ДМС", "Holds a VHI policy"),
    "eaeu": Text("ЕАЭО еңбекшісі не оның отбасы мүшесі", "Трудящийся ЕАЭС или член его семьи",
                 "An EAEU worker or family member"),
    "infectious": Text("Жұқпалы ауру (АХЖ-10)", "Инфекционное заболевание (МКБ-10)",
                       "An infectious disease (ICD-10)"),
    "trauma": Text("Жарақат (АХЖ-10)", "Травма (МКБ-10)", "An injury (ICD-10)"),
    "dermatovenereology": Text("Тері-венерологиялық ауру (АХЖ-10)",
                               "Дерматовенерологическое заболевание (МКБ-10)",
                               "A dermatovenereological disease (ICD-10)"),
    "obgyn": Text("Акушерлік-гинекологиялық жағдай (АХЖ-10)", "Акушерско-гинекологическое состояние (МКБ-10)",
                  "An obstetric or gynaecological condition (ICD-10)"),
    "congenital_craniofacial": Text("Бет-жақ сүйегінің туа біткен ақауы (АХЖ-10)",
                                    "Врождённый порок челюстно-лицевой области (МКБ-10)",
                                    "A congenital craniofacial defect (ICD-10)"),
    "date": Text("Көмек көрсетілетін күн", "Дата оказания помощи", "Date of care"),
}  # fmt: skip

WORDS: dict[str, Text] = {
    "and": Text("және", "и", "and"),
    "or": Text("немесе", "или", "or"),
    "not": Text("емес", "не", "not"),
    "yes": Text("иә", "да", "yes"),
    "no": Text("жоқ", "нет", "no"),
    "always": Text("әрқашан", "всегда", "always"),
    "never": Text("ешқашан", "никогда", "never"),
    "from": Text("бастап", "с", "from"),
    "until": Text("дейін", "по", "until"),
}


@cache
def _fields() -> dict[str, Text]:
    from kepil.coverage.model import FIELD_BY_PATH

    out: dict[str, Text] = {}
    for path, f in FIELD_BY_PATH.items():
        out.setdefault(path.rsplit(".", 1)[-1], Text(*(_label(f.spec.doc[x]) for x in ("kk", "ru", "en"))))
    return out


def _label(doc: str) -> str:
    """A field's description cut to its name: "Форма: экстренная, …" -> "Форма"."""
    cut = min((i for i in (doc.find(":"), doc.find(";")) if i > 0), default=len(doc))
    return doc[:cut].strip()


@cache
def _values() -> dict[str, dict[str, Text]]:
    from kepil.coverage.model import FIELD_BY_PATH

    return {path.rsplit(".", 1)[-1]: dict(f.spec.names) for path, f in FIELD_BY_PATH.items() if f.spec.names}


def fact_name(name: str) -> Text | None:
    return DERIVED_FACTS.get(name) or _fields().get(name)


def _fact(name: str, lang: str) -> str:
    found = fact_name(name)
    return found[lang] if found is not None else name


def _value(name: str, value: str, lang: str) -> str:
    found = _values().get(name, {}).get(value)
    return found[lang] if found is not None else value


def _day(d: dt.date | None) -> str:
    return "…" if d is None else f"{d.day:02d}.{d.month:02d}.{d.year}"


def describe(e: E.Expr, lang: str, nested: bool = False) -> str:
    """The condition in words, in `lang`."""
    w = {k: v[lang] for k, v in WORDS.items()}
    if isinstance(e, E.Const):
        return w["always"] if e.value else w["never"]
    if isinstance(e, E.IsTrue):
        return f"{_fact(e.name, lang)}: {w['yes']}"
    if isinstance(e, E.IsFalse):
        return f"{_fact(e.name, lang)}: {w['no']}"
    if isinstance(e, E.In):
        values = [_value(e.name, v, lang) for v in sorted(e.values)]
        joined = ", ".join(values[:-1]) + f" {w['or']} {values[-1]}" if len(values) > 1 else "".join(values)
        return f"{_fact(e.name, lang)}: {joined}"
    if isinstance(e, E.DateBetween):
        if lang == "kk":  # Kazakh puts the postpositions after the day
            return f"{_fact(e.name, lang)}: {_day(e.start)} {w['from']} {_day(e.end)} {w['until']}"
        return f"{_fact(e.name, lang)}: {w['from']} {_day(e.start)} {w['until']} {_day(e.end)}"
    if isinstance(e, E.Not):
        if lang == "kk":  # "(…) емес": the negation follows
            return f"({describe(e.part, lang)}) {w['not']}"
        return f"{w['not']} ({describe(e.part, lang)})"
    if isinstance(e, E.All | E.Any_):
        sep = f"; {w['and']} " if isinstance(e, E.All) else f"; {w['or']} "
        text = sep.join(describe(p, lang, True) for p in e.parts)
        return f"({text})" if nested and len(e.parts) > 1 else text
    return str(e)


def described(e: E.Expr) -> Text:
    return Text(describe(e, "kk"), describe(e, "ru"), describe(e, "en"))


def unnamed_facts() -> set[str]:
    """The facts the rulebook's conditions use that have no name (the tests want none)."""
    from kepil.coverage.rulebook import rulebook

    found: set[str] = set()

    def walk(e: E.Expr) -> None:
        if isinstance(e, E.IsTrue | E.IsFalse | E.In | E.DateBetween):
            found.add(e.name)
        elif isinstance(e, E.Not):
            walk(e.part)
        elif isinstance(e, E.All | E.Any_):
            for p in e.parts:
                walk(p)

    for r in rulebook().rules:
        walk(r.when)
        walk(r.needs)
    return {f for f in found if fact_name(f) is None}
