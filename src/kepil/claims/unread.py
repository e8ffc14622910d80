"""Input columns kepil does not read (contracts/claims.md, amendments of December 2026: "an input column
kepil does not know is reported, not silently dropped"). They are carried through as the contract allows;
the commands name them, with the known column each most resembles, so that a misspelt optional column
(`servise_code`) cannot silently leave its claims unpriced or unchecked."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from pathlib import Path

from kepil.i18n import Text

UNREAD = Text(
    "{file}: kepil оқымайтын бағандар (өзгеріссіз өткізіледі): {columns}",
    "{file}: столбцы, которые kepil не читает (переносятся без изменений): {columns}",
    "{file}: columns kepil does not read (carried through unchanged): {columns}",
)

IGNORED = Text(
    "{file}: kepil оқымайтын бағандар (ескерілмейді, нәтижеге өтпейді): {columns}",
    "{file}: столбцы, которые kepil не читает (не учитываются и в результат не переносятся): {columns}",
    "{file}: columns kepil does not read (not used, not carried to the output): {columns}",
)


def known_columns(table: str) -> frozenset[str]:
    """Every column kepil reads in `table` (claims, persons, contracts): the contract's, the optional ones
    of docs/claims-data.md, and those payment reads (the same claims file serves both commands)."""
    from kepil.claims.schema import CLAIMS, CONTRACTS, PERSONS

    names = set({"claims": CLAIMS, "persons": PERSONS, "contracts": CONTRACTS}[table].names)
    if table == "claims":
        from kepil.law.monitoring_rules.algorithms.load import PRACTITIONER
        from kepil.law.program_2026_2028.payment.claims import CLAIM_COLUMNS

        names |= {c.name for c in CLAIM_COLUMNS} | {PRACTITIONER}
    return frozenset(names)


def header(path: Path) -> list[str]:
    """The column names of a Parquet or CSV file (its schema only; an unreadable file gives none — its
    reader reports it)."""
    import polars as pl

    try:
        lf = pl.scan_parquet(path) if path.suffix.lower() == ".parquet" else pl.scan_csv(path)
        return lf.collect_schema().names()
    except (pl.exceptions.PolarsError, OSError, ValueError):
        return []


def unread(columns: Sequence[str], known: frozenset[str]) -> list[str]:
    """The columns not in `known`, each with the known one it resembles: `servise_code (→ service_code?)`."""
    out = []
    for c in columns:
        if c in known or c.startswith("_"):
            continue
        close = difflib.get_close_matches(c, sorted(known), n=1, cutoff=0.75)
        out.append(f"{c} (→ {close[0]}?)" if close else c)
    return out


def unread_notes(files: Sequence[tuple[str | Iterable[str], Path]], carried: bool = True) -> list[Text]:
    """One note per file holding columns kepil does not read; `files` are (table, path) pairs, a table by
    its name (claims, persons, contracts) or by the columns its reader reads (e.g. the medicines' specs);
    `carried`: whether the command carries them to its output (else the note says they are left out)."""
    notes = []
    for table, path in files:
        known = known_columns(table) if isinstance(table, str) else frozenset(table)
        found = unread(header(path), known)
        if found:
            notes.append((UNREAD if carried else IGNORED).format(file=path.name, columns=", ".join(found)))
    return notes
