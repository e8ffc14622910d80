"""The rule book's outcomes of a kind's fact combinations, remembered across calls (issue 17, HTTP batch).

`engine.batch.evaluate` decides each distinct combination of the facts a kind's rules read once per call;
the outcome (winner, covered, funding, requires, the unknown facts that would change it and the error
flags) is a pure function of that combination — the date read by its interval between the dates where a
rule of the kind can change (`engine.batch._date_class`), or as the date itself when a rule reads it
otherwise — of the rule book, the kind, the unknown facts tried and whether errors are checked. The
memo is keyed by all of those: one table per (book, kind, unknowns, check, the combination's columns and
types), whose rows are the combinations (nulls equal: a null is an unknown fact) and their outcomes. A
call decides only the combinations not found, and every kind whose combinations were all found plans
nothing — planning, not the rows, is most of a small array's cost.

Bounded: at most `rows` combinations per table (the oldest dropped first) and the tables of at most
`books` rule books (a what-if's reform is a book of its own; the least recently used is dropped).
Thread-safe: a table is a Polars frame, never changed in place; reading and replacing it holds a lock.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable

import polars as pl

from kepil.engine.rules import RuleBook

KEY = "__memo_key"
"""A combination: its kind and the columns its rules read (the date by its class), as JSON text
(`struct.json_encode`, one text per combination and one combination per text, for the columns' types,
which the memo's key holds) — one column to join on, whatever the kind's facts."""

HASH = "__memo_hash"
"""The hash of `KEY` (`Expr.hash`): the memo is joined on it, then `KEY` compared, so a collision is a
miss and never another combination's answer."""

HIT = "__memo"
"""True on every remembered row: a left join of a call's combinations finds it null where they are new."""

MEMO_ROWS = 100_000
"""Combinations remembered per table (all kinds of one book, unknowns and check; ~300 bytes each). The
benchmark's synthetic requests, whose facts are drawn independently, reach ~54,000 after 300,000 requests
and still grow; a real stream's facts repeat more."""

MEMO_BOOKS = 4
_CHUNKS = 32


class Memo:
    """Tables of remembered outcomes (module docstring), bounded and shared by a process's threads."""

    def __init__(self, rows: int = MEMO_ROWS, books: int = MEMO_BOOKS) -> None:
        self.rows, self.books = rows, books
        self._lock = threading.Lock()
        self._tables: OrderedDict[RuleBook, dict[Hashable, pl.DataFrame]] = OrderedDict()

    def table(self, book: RuleBook, key: Hashable) -> pl.DataFrame | None:
        """The remembered combinations and outcomes of `key` in `book` (`HASH`, `KEY`, the outcomes,
        `HIT`), None when none. The frame is never changed: `add` replaces it."""
        with self._lock:
            tables = self._tables.get(book)
            if tables is None:
                return None
            self._tables.move_to_end(book)
            return tables.get(key)

    def add(self, book: RuleBook, key: Hashable, seen: pl.DataFrame | None, decided: pl.DataFrame) -> None:
        """Remember `decided` (`HASH`, `KEY`, then the outcomes: combinations not in `seen`, the table this
        caller looked them up in) under `key`, then only the newest `rows`. When another thread replaced
        the table meanwhile, only the combinations it does not hold are added (a combination remembered
        twice would answer its rows twice)."""
        if self.rows <= 0 or not decided.height:
            return
        decided = decided.with_columns(pl.lit(True).alias(HIT))
        with self._lock:
            tables = self._tables.setdefault(book, {})
            self._tables.move_to_end(book)
            while len(self._tables) > self.books:
                self._tables.popitem(last=False)
            old = tables.get(key)
            if old is not None and old is not seen:
                decided = decided.join(old.select(KEY), on=KEY, how="anti")
            if old is not None:
                # appended as a chunk of its own (no copy of the table), gathered into one now and then
                decided = pl.concat([old, decided], rechunk=old.n_chunks() >= _CHUNKS)
            tables[key] = decided.tail(self.rows) if decided.height > self.rows else decided

    def size(self) -> int:
        """Combinations remembered in all tables."""
        with self._lock:
            return sum(t.height for tables in self._tables.values() for t in tables.values())

    def clear(self) -> None:
        with self._lock:
            self._tables.clear()


MEMO = Memo()
"""The process's memo (`engine.batch.evaluate` reads it for arrays up to `STACKED_ROWS` rows)."""
