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
