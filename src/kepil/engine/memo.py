"""The rule book's outcomes of a kind's fact combinations, remembered across calls (issue 17, HTTP batch).

`engine.batch.evaluate` decides each distinct combination of the facts a kind's rules read once per call;
the outcome (winner, covered, funding, requires, the unknown facts that would change it and the error
flags) is a pure function of that combination — the date read by its interval between the dates where a
rule of the kind can change (`engine.batch._date_class`), or as the date itself when a rule reads it
otherwise — of the rule book, the kind, the unknown facts tried and whether errors are checked. The
memo is keyed by all of those: one table per (book, unknowns, check, the types of the facts' columns),
whose rows are the combinations — each as one text, `KEY`, its kind and columns (a null, an unknown fact,
is `null`) — and their outcomes. A call decides only the combinations not found, and every kind whose
combinations were all found plans nothing — planning, not the rows, is most of a small array's cost.

Bounded: at most `rows` combinations per table (the oldest dropped first) and the tables of at most
`books` rule books (a what-if's reform is a book of its own; the least recently used is dropped).
Thread-safe: a table is a Polars frame, never changed in place; reading and replacing it holds a lock.
"""

from __future__ import annotations

import os
import sys
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

MEMO_ROWS = 50_000
"""Combinations remembered per table (all kinds of one book, unknowns and check): ~0.43 KB each (the text
of a combination ~400 bytes), so ~21 MiB. The benchmark's synthetic requests, whose facts are drawn
independently, reach ~54,000 combinations after 300,000 requests and still grow; a real stream's facts
repeat more."""

MEMO_BOOKS = 2
"""The law's book and one reform's (a what-if builds a book per reform)."""

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

    def add(self, book: RuleBook, key: Hashable, decided: pl.DataFrame) -> None:
        """Remember `decided` (`HASH`, `KEY`, then the outcomes) under `key`, then only the newest `rows`.
        A hash is remembered once: a combination whose hash is remembered already — decided meanwhile by
        another thread, or another combination's hash — is not added (a hash found twice would answer a
        combination twice; a colliding combination stays a miss)."""
        if self.rows <= 0 or not decided.height:
            return
        decided = decided.unique(HASH, keep="first", maintain_order=True).with_columns(
            pl.lit(True).alias(HIT)
        )
        with self._lock:
            tables = self._tables.setdefault(book, {})
            self._tables.move_to_end(book)
            while len(self._tables) > self.books:
                self._tables.popitem(last=False)
            old = tables.get(key)
            if old is not None:
                decided = decided.join(old.select(HASH), on=HASH, how="anti")
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


ROWS_ENV = "KEPIL_COVERAGE_MEMO_ROWS"
"""Combinations remembered per table, instead of `MEMO_ROWS`; 0 turns the memo off (every combination is
decided anew: what a stream of requests whose facts never repeat costs, the benchmark's worst case)."""


def rows_from_env(value: str | None) -> int:
    """`ROWS_ENV`'s value read: unset or empty is `MEMO_ROWS`; else a whole number ≥ 0. Anything else is
    said on standard error, in kk, ru and en, and `MEMO_ROWS` kept: the variable changes only how much CPU
    a batch costs, never an answer, and it is read when the engine is first imported — where refusing would
    fail a command or a request (a traceback, a 500) that has nothing wrong with it."""
    if value is None or not value.strip():
        return MEMO_ROWS
    text = value.strip()
    if text.isdigit() and len(text) <= 9:
        return int(text)
    sys.stderr.write(
        f"{ROWS_ENV}={value!r}: бүтін сан емес (0–999999999), әдепкі {MEMO_ROWS} алынды / "
        f"не целое число (0–999999999), взято {MEMO_ROWS} по умолчанию / "
        f"not a whole number (0–999999999), the default {MEMO_ROWS} is used\n"
    )
    return MEMO_ROWS


MEMO = Memo(rows_from_env(os.environ.get(ROWS_ENV)))
"""The process's memo (`engine.batch.evaluate` reads it for arrays up to `STACKED_ROWS` rows)."""
