"""Structured citations of the acts (GLOSSARY.md ids, clauses as `paragraph[.subparagraph]`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

ActId = Literal[
    "program-2026-2028",
    "monitoring-rules",
    "migrant-care-rules",
    "phc-attachment-rules",
    "phc-rules",
    "drug-rules",
    "mvd-paid-services",
]
ACT_IDS: tuple[str, ...] = get_args(ActId)


@dataclass(frozen=True, slots=True, order=True)
class Citation:
    """A clause of an act: `Citation("program-2026-2028", "33.4")`; appendix rows as `app1`, `app2.4`."""

    act: str
    clause: str

    def __post_init__(self) -> None:
        if self.act not in ACT_IDS:
            raise ValueError(f"unknown act id {self.act!r}; expected one of {', '.join(ACT_IDS)}")

    def as_dict(self) -> dict[str, str]:
        return {"act": self.act, "clause": self.clause}

    def __str__(self) -> str:
        return f"{self.act} {self.clause}"


def cite(act: str, clause: str) -> Citation:
    return Citation(act, clause)


# How a clause id reads for a person: "33.4" is "п. 33.4" in Russian, "app1" the first appendix, "app2.4"
# item 4 of appendix 2 ("app.8.1.4": item 1.4 of appendix 8). The act's own numbering is kept as written.
_CLAUSE = {"kk": "{c}-тармақ", "ru": "п. {c}", "en": "cl. {c}"}
_APPENDIX = {"kk": "{n}-қосымша", "ru": "прил. {n}", "en": "app. {n}"}
_APPENDIX_ITEM = {"kk": "{n}-қосымша, {c}-тармақ", "ru": "прил. {n}, п. {c}", "en": "app. {n}, item {c}"}


def clause_label(clause: str, lang: str) -> str:
    """A clause id as the page writes it in `lang` (kk, ru, en): "app1.5" -> "прил. 1, п. 5"."""
    c = clause.strip()
    if c.startswith("app"):
        rest = c[3:].lstrip(".")
        number, _, item = rest.partition(".")
        if number:
            template = _APPENDIX_ITEM[lang] if item else _APPENDIX[lang]
            return template.format(n=number, c=item)
    return _CLAUSE[lang].format(c=c)


def citation_label(act: str, clause: str, lang: str) -> str:
    """'<the act's short title>, <clause>' in `lang`: how a citation reads on a page or in a message."""
    from kepil.law.acts import act as act_of

    return f"{act_of(act).short_title[lang]}, {clause_label(clause, lang)}"
