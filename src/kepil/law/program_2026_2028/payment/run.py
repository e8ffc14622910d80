"""A whole payment run: the claims file read and validated, priced, with the per-patient and
per-capita rows of the month, as an Arrow table (`pay`) or written to a file (`pay_to_files`)."""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn, TypeAlias

import ibis
import ibis.expr.types as ir
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from kepil.claims.messages import NOT_IIN
from kepil.engine.backends import ENV_DUCKDB_MEMORY, connect
from kepil.errors import InvalidInput
from kepil.files import ahead
from kepil.i18n import Text
from kepil.law.program_2026_2028.payment.claims import _M, read_claims, unreadable_codes
from kepil.law.program_2026_2028.payment.expr import _str
from kepil.law.program_2026_2028.payment.inputs import first_bad
from kepil.law.program_2026_2028.payment.output import (
    DICTIONARY_COLUMNS,
    OUTPUT_COLUMNS,
    file_schema,
    output_schema,
    summary_expr,
    summary_schema,
)
from kepil.law.program_2026_2028.payment.per_capita import (
    organisations,
    per_capita_rows,
    per_patient_rows,
    read_population,
    reconciliation_schema,
)
from kepil.law.program_2026_2028.payment.per_claim import (
    joined_claims,
    method_checks,
    priced_columns,
    priced_rows,
    with_method,
)
from kepil.law.program_2026_2028.tariffs import TariffBook
from kepil.reference.calendar import month_bounds
from kepil.reference.iin_arrays import invalid_values

PAY_DUCKDB_MEMORY = "1400MB"  # a payment run's DuckDB share when KEPIL_DUCKDB_MEMORY_LIMIT is not set


@contextmanager
def batch_session(
    con: ibis.BaseBackend | None, workdir: Path | None, memory: str | None = None
) -> Iterator[tuple[ibis.BaseBackend, Path]]:
    """A backend (default: DuckDB from `kepil.engine.backends.connect`, spilling to the work directory;
    `memory`: its memory limit unless KEPIL_DUCKDB_MEMORY_LIMIT sets one) and a work directory (default: a
    temporary one, removed afterwards)."""
    with tempfile.TemporaryDirectory(prefix="kepil-pay-") as tmp:
        wd = workdir or Path(tmp)
        if con is not None:
            yield con, wd
            return
        backend = connect("duckdb", wd)
        if memory is not None and ENV_DUCKDB_MEMORY not in os.environ:
            backend.raw_sql(f"SET memory_limit = '{memory}'")
        yield backend, wd


Population: TypeAlias = Path | pa.Table | Sequence[Path | pa.Table] | None


def _sources(attached: Population) -> list[Path | pa.Table]:
    if attached is None:
        return []
    if isinstance(attached, Path | pa.Table):
        return [attached]
    return list(attached)


def _needs_period(attached: Population, period: str | None) -> None:
    if _sources(attached) and period is None:
        raise InvalidInput(
            "--attached",
            Text(
                "жан басына шаққандағы төлем үшін --period (ай) керек",
                "для подушевой оплаты нужен --period (месяц)",
                "per-capita payment needs --period (a month)",
            ),
        )


@dataclass
class PricedRun:
    """A run's expressions, valid inside `priced_run`'s `with` block; `batches()` computes its rows."""

    backend: ibis.BaseBackend
    book: TariffBook
    file: str
    joined: ir.Table  # the claims with the book looked up (a view): what a bad claim is reported from
    checks: list[tuple[str, ir.BooleanValue, Text]]  # `method_checks` over `joined`
    priced: ir.Table  # every claim's output row in file order, with `_bad` and what a per-person row needs
    population: ir.Table | None
    month: str | None
    reconciliation: ir.Table | None
    repeated: bool  # a claim_id is repeated or empty (`_screen`)

    def batches(self) -> Iterator[pa.RecordBatch]:
        """Every output row (`file_schema`): the claims in file order, then the per-patient and per-capita
        rows. The claims are checked before a row is given (a repeated claim_id) and as they stream (the
        first batch holding a claim that fails a check stops the run): a bad claim raises the error
        `first_bad` names, the same as a check of every claim before pricing would."""
        if self.repeated:
            self._refuse()
        schema = file_schema()
        per_patient: list[pa.RecordBatch] = []
        sql = str(self.backend.compile(self.priced))
        reader = self.backend.con.sql(sql).to_arrow_reader(BATCH_ROWS)
        for b in reader:
            if b.column("_bad").null_count != b.num_rows:
                reader.close()
                self._refuse()
            ckey = b.column("_ckey")
            if ckey.null_count != b.num_rows:
                per_patient.append(b.select(_PER_PATIENT).filter(pc.is_valid(ckey)))
            yield pa.RecordBatch.from_arrays([b.column(c) for c in OUTPUT_COLUMNS], schema=schema)
        kept = pa.Table.from_batches(per_patient, schema=_per_patient_schema(self.priced))
        self._patients_checked(kept)
        parts = [per_patient_rows(ibis.memtable(kept), self.book)]
        if self.population is not None and self.month is not None:
            parts.append(per_capita_rows(self.population, self.book, self.month))
        # the organisations' rows after the claims, in a fixed order (few rows: a sort of their own)
        rest = ibis.union(*(part.select(*OUTPUT_COLUMNS).mutate(_k=k + 1) for k, part in enumerate(parts)))
        rest = rest.order_by(
            [rest._k, rest.provider_id, rest.clause, rest.item, rest.method, rest.region, rest.inputs]
        ).select(*OUTPUT_COLUMNS)
        yield from self.backend.to_pyarrow(rest).cast(schema).to_batches()

    def _patients_checked(self, kept: pa.Table) -> None:
        """A complex tariff is paid per person, by the distinct IINs of its claims (11-13 item 1): a claim
        paid by one whose IIN is not an IIN would be paid as a person of its own, so it is refused, naming
        its row — after the claims have streamed (it is found among the few kept aside; the file written
        so far is removed, as for any bad claim)."""
        bad = invalid_values(kept.column("_iin"))
        if bad:
            p = self.priced
            first_bad(p, [("iin", p._iin.isin(bad), NOT_IIN)], self.file, values_of=self.joined)
            raise AssertionError("an invalid IIN that first_bad did not find")

    def _refuse(self) -> NoReturn:
        """Raise the error of the first bad claim (`first_bad`: its row, column and message)."""
        first_bad(self.joined, self.checks, self.file, unique=("claim_id", _M["duplicate"]))
        raise AssertionError("a claim failed a check that first_bad did not find")


BATCH_ROWS = 122_880  # rows of a batch the claims stream in (DuckDB's row group)
_PER_PATIENT = ("provider_id", "region", "method", "_ckey", "_iin", "_end")


def _per_patient_schema(priced: ir.Table) -> pa.Schema:
    return priced.select(*_PER_PATIENT).schema().to_pyarrow()


@contextmanager
def priced_run(
    claims: Path,
    book: TariffBook,
    *,
    period: str | None = None,
    attached: Population = None,
    con: ibis.BaseBackend | None = None,
    workdir: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> Iterator[PricedRun]:
    """A run (`PricedRun`) over `claims`: its `batches()` are every output row (`OUTPUT_COLUMNS`): claims
    in file order, then the per-patient and per-capita rows. Valid inside the `with` block.

    One scan of the claims file checks, prices and cites every claim at once (`_bad`: the index of the
    first check a claim fails), streamed out as it is computed — written straight to the output, never
    staged and read again. A bad claim stops the stream and is reported by `first_bad` over the claims
    (bad input only: a second scan). The population is counted once, into a small table."""
    say = progress or (lambda _msg: None)
    _needs_period(attached, period)
    # issue 16: a 10 M-claim month within 2 GB in all
    with batch_session(con, workdir, PAY_DUCKDB_MEMORY) as (backend, wd):
        tag = uuid.uuid4().hex[:12]
        say(f"reading {claims.name}")
        t = read_claims(backend, claims, wd)
        month: str | None = None
        if period is not None:
            first, last = month_bounds(period, "--period")
            month = period.strip()
            t = t.filter((t.end_date >= first) & (t.end_date <= last))
        population = recon = orgs = None
        sources = _sources(attached)
        if sources and month is not None:
            say("population")
            population, recon = read_population(backend, sources, wd, month)  # a temporary table
            orgs = organisations(population)
        say("pricing claims")
        repeated, bad_codes = _screen(t)
        # three views, each compiled on its own (Ibis's compile time grows faster than the expression)
        joined = _view(backend, f"_kepil_joined_{tag}", joined_claims(t, book, orgs))
        checks = method_checks(joined, book, bad_codes)
        flagged = with_method(joined, book, claims.name, check=False, bad_codes=bad_codes)
        j = _view(backend, f"_kepil_claims_{tag}", flagged)
        p = _view(backend, f"_kepil_priced_{tag}", priced_columns(j, book))
        complex_ = p._method == "complex_tariff"
        priced = priced_rows(
            p,
            book,
            _bad=p._bad,
            _ckey=ibis.ifelse(complex_, p._ckey, _str(None)),
            _iin=ibis.ifelse(complex_, p.iin, _str(None)),
            _end=ibis.ifelse(complex_, p.end_date, ibis.null("date")),
        )
        if recon is not None:
            recon = recon.select(*reconciliation_schema().names).order_by("provider_id", "iin", "from_date")
        yield PricedRun(
            backend, book, claims.name, joined, checks, priced, population, month, recon, repeated
        )


def _screen(t: ir.Table) -> tuple[bool, tuple[str, ...]]:
    """Whether a claim_id is repeated (or empty: the count of claims against the distinct count of ids,
    two columns read; `first_bad` finds the row only when they differ) and the file's `unreadable_codes`
    (from its distinct ICD-10 values: a few thousand, checked in Python once each) — one aggregate."""
    found = t.aggregate(n=t.count(), d=t.claim_id.nunique(), codes=t.icd10.collect(distinct=True))
    row = found.to_pyarrow().to_pylist()[0]
    return row["n"] != row["d"], unreadable_codes(row["codes"] or [])


def pay(
    claims: Path,
    book: TariffBook,
    *,
    period: str | None = None,
    attached: Population = None,
    con: ibis.BaseBackend | None = None,
    workdir: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> pa.Table:
    """Amounts due as an Arrow table (`OUTPUT_COLUMNS`; `inputs` a JSON string): the claims in file order,
    then the per-patient and per-capita rows. With `period` (YYYY-MM) only claims whose end_date is in
    that month are priced, and `attached` (needs `period`) adds the month's per-capita payments."""
    kw: dict[str, Any] = {"period": period, "attached": attached, "con": con, "workdir": workdir}
    with priced_run(claims, book, progress=progress, **kw) as run:
        if progress:
            progress("collecting the amounts")
        return pa.Table.from_batches(list(run.batches()), schema=file_schema()).cast(output_schema())


def pay_to_files(
    claims: Path,
    book: TariffBook,
    amounts: Path,
    *,
    period: str | None = None,
    attached: Population = None,
    progress: Callable[[str], None] | None = None,
    reconciliation: Path | None = None,
) -> tuple[int, pa.Table]:
    """Write the amounts to `amounts` (Parquet, or CSV by the suffix) as the engine computes them — they
    are never held whole in Python — and return (rows written, summary). A bad claim leaves no file
    behind; the caller writes under a temporary name and renames at the end (see `kepil pay`)."""
    kw: dict[str, Any] = {"period": period, "attached": attached, "progress": progress}
    with priced_run(claims, book, **kw) as run:
        backend = run.backend
        if progress:
            progress(f"writing {amounts.name}")
        _write_batches(run.batches(), amounts)
        if reconciliation is not None:
            if progress:
                progress(f"writing {reconciliation.name}")
            # no person-level population: an empty table of the same columns (no one was paid by day)
            empty = ibis.memtable(reconciliation_schema().empty_table())
            recon = run.reconciliation
            _write(backend, recon if recon is not None else empty, reconciliation)
        if progress:
            progress("summary")
        # from the file just written: a scan of five columns, not a second pricing
        csv = amounts.suffix.lower() == ".csv"
        written = backend.read_csv(amounts) if csv else backend.read_parquet(amounts)
        summary = backend.to_pyarrow(summary_expr(written))
        n = int(sum(summary.column("rows").to_pylist()))
    return n, summary.cast(summary_schema())


def _view(backend: ibis.BaseBackend, name: str, expr: ir.Table) -> ir.Table:
    """`expr` as a view, and the view as a table: what is built over it is compiled on its own, so the
    engine computes each column once (Ibis inlines a column's expression everywhere it is used — a
    method's CASE into every branch of the JSON that tests it)."""
    return backend.create_view(name, expr, overwrite=True)


def _write_batches(batches: Iterator[pa.RecordBatch], path: Path) -> None:
    """Record batches (`file_schema`) to Parquet, or to formula-safe CSV through Parquet (kepil.files), by
    the suffix; nothing is left at `path` when the batches raise (a bad claim)."""
    csv = path.suffix.lower() == ".csv"
    if csv:
        from kepil.files import temp_beside

        target = temp_beside(path, ".parquet")
    else:
        target = path
    # the engine computes the next batches in a thread of their own while this one is written (a streamed
    # result waits for its reader: written in turn, the pricing and the writing would take a core each)
    made = ahead(batches, depth=2)
    try:
        with pq.ParquetWriter(target, file_schema(), use_dictionary=list(DICTIONARY_COLUMNS)) as writer:
            for batch in made:
                writer.write_batch(batch)
        if csv:
            import polars as pl

            from kepil.files import sink_csv

            sink_csv(pl.scan_parquet(target), path)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    finally:
        made.close()
        if csv:
            target.unlink(missing_ok=True)


def _write(backend: ibis.BaseBackend, expr: ir.Table, path: Path) -> None:
    """`expr` to Parquet, or to formula-safe CSV through Parquet (kepil.files), by the suffix."""
    if path.suffix.lower() == ".csv":
        from kepil.files import sink_csv, temp_beside

        staged = temp_beside(path, ".parquet")
        try:
            backend.to_parquet(expr, staged)
            import polars as pl

            sink_csv(pl.scan_parquet(staged), path)
        finally:
            staged.unlink(missing_ok=True)
    else:
        backend.to_parquet(expr, path)
