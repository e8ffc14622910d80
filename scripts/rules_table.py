"""Print the coverage rule book as Markdown (for docs/coverage.md), straight from `rulebook()`.

.venv/bin/python scripts/rules_table.py            # the table of rules
.venv/bin/python scripts/rules_table.py --readings # the readings of ambiguous text
"""

from __future__ import annotations

import sys

from kepil.coverage.rulebook import rulebook
from kepil.engine.expr import ALWAYS
from kepil.engine.rules import Rule

ACT_SHORT = {
    "program-2026-2028": "P",
    "migrant-care-rules": "MCR",
    "phc-attachment-rules": "PAR",
    "phc-rules": "PR",
}


def clauses(rule: Rule) -> str:
    return ", ".join(f"{ACT_SHORT.get(c.act, c.act)} {c.clause}" for c in rule.basis)


def table() -> str:
    lines = [
        "| rule | kinds | package | clauses | in force | exception of | needs |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rulebook().rules:
        parent = f"`{r.exception_of}`" if r.exception_of else ""
        needs = f"`{r.needs}`" if r.needs != ALWAYS else ""
        lines.append(
            f"| `{r.id}` | {', '.join(sorted(r.kinds))} | {r.funding} | {clauses(r)} | "
            f"{r.valid_from or '…'} – {r.valid_to or '…'} | {parent} | {needs} |"
        )
    return "\n".join(lines)


def readings() -> str:
    return "\n".join(
        f"- `{r.id}` ({clauses(r)}): {r.reading}" for r in rulebook().rules if r.reading is not None
    )


def main(argv: list[str]) -> None:
    print(readings() if "--readings" in argv else table())


if __name__ == "__main__":
    main(sys.argv[1:])
