"""Every benchmark of kepil against the floor of this machine, from one command (issue 17).

    .venv/bin/python benchmarks/run.py                      # all, full size (several minutes)
    .venv/bin/python benchmarks/run.py startup coverage     # a chosen few
    .venv/bin/python benchmarks/run.py coverage --rows 100000 --runs 3 --no-write   # while iterating

Each figure is a whole process timed from outside (wall and CPU seconds, peak memory: the operating
system's own accounting of the finished child, `os.wait4`), run --runs times after one warm-up, kepil and
its floor in turn (A B A B …) so that a drift of the shared machine hits both; the figure quoted is the
median, the ratio the median of the pairwise ratios. The floor is what this machine and the engines can do
at all on the same work (`python -c "import typer, rich"` for a command's start, DuckDB copying the same
Parquet file for the coverage batch, `find_defects` alone and the hand-written joins for monitoring, Polars
reading and writing the same prescriptions for medicines, one `decide()` in-process and the CLI batch per
decision for `kepil serve`, whose CPU is read from /proc by benchmarks/service.py). Writes
docs/performance.md: the machine, the load average before and after each benchmark, and a table per
benchmark; the text outside the generated section is kept. Exit status 0 whatever the figures (1 when a
command failed).
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import json
import os
import platform
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "performance.md"
PY = sys.executable
START, END = (
    "<!-- benchmarks/run.py: generated from here -->",
    "<!-- benchmarks/run.py: generated up to here -->",
)
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT / "benchmarks")])}
KEPIL = [PY, "-m", "kepil"]


@dataclass
class Run:
    wall: float
    cpu: float
    peak_mb: float
    code: int


@dataclass
class Figure:
    """One line of a table: kepil's command, its floor's, the target on the ratio (or on kepil's wall)."""

    work: str
    kepil: list[str]
    floor_name: str
    floor: list[str] | None
    target: str
    max_ratio: float | None = None  # kepil / floor, wall
    max_wall: float | None = None  # seconds
    max_peak_mb: float | None = None
    ok_codes: tuple[int, ...] = (0,)
    a: list[Run] = field(default_factory=list)
    b: list[Run] = field(default_factory=list)
    extra: str = ""

    def median(self, runs: list[Run], what: str) -> float:
        return statistics.median(getattr(r, what) for r in runs)

    def ratio(self, what: str = "wall") -> float | None:
        if not self.b:
            return None
        return statistics.median(
            getattr(x, what) / getattr(y, what) for x, y in zip(self.a, self.b, strict=False)
        )

    def met(self) -> bool:
        ok = all(r.code in self.ok_codes for r in self.a)
        ratio = self.ratio()
        if self.max_ratio is not None and (ratio is None or ratio > self.max_ratio):
            ok = False
        if self.max_wall is not None and self.median(self.a, "wall") > self.max_wall:
            ok = False
        if self.max_peak_mb is not None and self.median(self.a, "peak_mb") > self.max_peak_mb:
            ok = False
        return ok


def timed(cmd: list[str], cwd: Path | None = None) -> Run:
    """One run of `cmd` as a child process: wall seconds, user + system CPU seconds, peak resident MB."""
    t0 = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=ENV, cwd=cwd or ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        code = proc.returncode
        if code not in (0, 1):
            err.seek(0)
            print(f"  ! {shlex.join(cmd)[:120]} exited {code}: {err.read().decode()[-600:]}", file=sys.stderr)
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, code)


def measure(f: Figure, runs: int, warmup: int = 1) -> Figure:
    for i in range(warmup + runs):
        a = timed(f.kepil)
        b = timed(f.floor) if f.floor else None
        if i >= warmup:
            f.a.append(a)
            if b is not None:
                f.b.append(b)
    ratio = f.ratio()
    print(
        f"  {f.work}: {f.median(f.a, 'wall'):.3f} s ({f.median(f.a, 'cpu'):.3f} s CPU)"
        + (
            f" vs {f.floor_name} {f.median(f.b, 'wall'):.3f} s ({f.median(f.b, 'cpu'):.3f} s CPU)"
            f" → {ratio:.2f}×"
            if ratio
            else ""
        )
        + f"  ({'met' if f.met() else 'NOT met'}: {f.target})",
        flush=True,
    )
    return f


# ------------------------------------------------------------------------------------------- benchmarks
def startup(args: argparse.Namespace, data: Path) -> list[Figure]:
    request = data / "request.json"
    request.write_text(
        json.dumps(
            {
                "date": "2026-05-10",
                "person": {
                    "residency": "citizen",
                    "birth_date": "1985-04-12",
                    "sex": "male",
                    "insured": False,
                },
                "service": {"kind": "ambulance", "form": "emergency", "icd10": "I21.0"},
            }
        ),
        encoding="utf-8",
    )
    floor = [PY, "-c", "import typer, rich"]
    commands = {
        "`kepil iin 900101300123`": ["iin", "900101300123"],
        "`kepil acts`": ["acts"],
        "`kepil --help`": ["--help"],
        "`kepil coverage decide request.json` (one decision)": ["coverage", "decide", str(request)],
    }
    return [
        measure(
            Figure(
                work,
                [*KEPIL, *argv],
                '`python -c "import typer, rich"`',
                floor,
                "≤ 5× the floor",
                5.0,
                ok_codes=(0, 1),
            ),
            max(args.runs, 7),
        )
        for work, argv in commands.items()
    ]


def _once(path: Path, make: Callable[[Path], None]) -> Path:
    if not path.exists():
        print(f"  writing {path} …", flush=True)
        make(path)
    return path


def coverage(args: argparse.Namespace, data: Path) -> list[Figure]:
    rows = args.rows
    make = (
        "from kepil.coverage.synthetic import requests; requests({rows}, seed=2026).write_parquet({path!r})"
    )
    src = _once(data / f"requests-{rows}.parquet", lambda p: _python(make.format(rows=rows, path=str(p))))
    out, copy = data / "decisions.parquet", data / "copy.parquet"
    duck = f"import duckdb; duckdb.sql(\"COPY (SELECT * FROM '{src}') TO '{copy}' (FORMAT parquet)\")"
    batch = measure(
        Figure(
            f"{rows:,} coverage requests, Parquet → Parquet (whole CLI)",
            [*KEPIL, "coverage", "decide", "--input", str(src), "--output", str(out)],
            "DuckDB copying the same file",
            [PY, "-c", duck],
            "≤ 2× the copy; memory flat (≤ 1.5 GB at 10 M)",
            2.0,
            ok_codes=(0, 1),
        ),
        args.runs,
    )
    figures = [batch, jsonl(args, src, data)]
    big = args.memory_rows
    if big:  # memory flat in the number of rows: one run at 10× the rows, its peak against 1.5 GB
        make_big = make.format(rows=big, path="{path}")
        big_src = _once(data / f"requests-{big}.parquet", lambda p: _python(make_big.format(path=str(p))))
        big_duck = duck.replace(str(src), str(big_src))
        figures.append(
            measure(
                Figure(
                    f"{big:,} coverage requests, Parquet → Parquet (whole CLI): memory",
                    [*KEPIL, "coverage", "decide", "--input", str(big_src), "--output", str(out)],
                    "DuckDB copying the same file",
                    [PY, "-c", big_duck],
                    "peak ≤ 1.5 GB",
                    max_peak_mb=1.5 * 1024,
                    ok_codes=(0, 1),
                ),
                1,
                warmup=0,
            )
        )
    # The single path row by row: the median in-process decision (benchmarks/coverage.py) times the rows.
    probe = "import json, coverage as b; m, p99, mean = b.single(5000); print(json.dumps([m, p99, mean]))"
    result = subprocess.run([PY, "-c", probe], env=ENV, cwd=ROOT, capture_output=True, text=True, check=True)
    median_us, p99_us, _ = json.loads(result.stdout.strip().splitlines()[-1])
    row_by_row = median_us * rows / 1e6
    wall, cpu = batch.median(batch.a, "wall"), batch.median(batch.a, "cpu")
    single = Figure(
        f"the batch against the single path row by row ({rows:,} × the median single decision)",
        [],
        "single path row by row",
        None,
        "≥ 20×",
    )
    single.a, single.ok_codes = batch.a, batch.ok_codes  # the batch exits 1 when a request is invalid
    single.extra = (
        f"single decision in-process: median {median_us:.1f} µs, p99 {p99_us:.1f} µs → row by row "
        f"≈ {row_by_row:.1f} s; the batch is **{row_by_row / wall:.1f}×** faster by its wall time, "
        f"{row_by_row / cpu:.1f}× by its CPU time (the single path uses one core)"
    )
    single.max_ratio = None
    single.max_wall = row_by_row / 20
    print(f"  {single.extra} ({'met' if single.met() else 'NOT met'}: ≥ 20×)", flush=True)
    return [*figures, single]


NESTED = """
import polars as pl
f = pl.read_parquet({src!r})
groups = {{}}
for c in f.columns:
    if "." in c:
        top, leaf = c.split(".", 1)
        groups.setdefault(top, []).append(pl.col(c).alias(leaf))
tops = [c for c in f.columns if "." not in c]
f.select(*tops, *(pl.struct(v).alias(top) for top, v in groups.items())).write_ndjson({path!r})
"""


def jsonl_of(src: Path) -> Path:
    """The requests of the Parquet file `src` as JSON Lines beside it (written once)."""
    return _once(src.with_suffix(".jsonl"), lambda p: _python(NESTED.format(src=str(src), path=str(p))))


def jsonl(args: argparse.Namespace, src: Path, data: Path) -> Figure:
    """The same requests as JSON Lines (objects nested as the HTTP body's), decided into JSON Lines: streamed
    as Parquet is, so its memory must stay flat too; no ratio target (the floor: Polars copying the file)."""
    lines = jsonl_of(src)
    out, copy = data / "decisions.jsonl", data / "copy.jsonl"
    polars_copy = f"import polars as pl; pl.scan_ndjson({str(lines)!r}).sink_ndjson({str(copy)!r})"
    return measure(
        Figure(
            f"{args.rows:,} coverage requests, JSON Lines → JSON Lines (whole CLI)",
            [*KEPIL, "coverage", "decide", "--input", str(lines), "--output", str(out)],
            "Polars copying the same file (scan_ndjson → sink_ndjson)",
            [PY, "-c", polars_copy],
            "— (beside Parquet); peak ≤ 1.5 GB",
            max_peak_mb=1.5 * 1024,
            ok_codes=(0, 1),
        ),
        max(1, args.runs // 3),
    )


def monitoring(args: argparse.Namespace, data: Path) -> list[Figure]:
    claims = args.claims
    month = data / f"claims-{claims}"
    if not (month / "claims.parquet").exists():
        print(f"  writing {month} …", flush=True)
        subprocess.run([*KEPIL, "synth", "--claims", str(claims), "--out", str(month)], env=ENV, check=True)
    files = [f"--{n}" for n in ("claims", "persons", "contracts")]
    paths = [str(month / f"{n}.parquet") for n in ("claims", "persons", "contracts")]
    out = data / "monitor-out"
    run = [*KEPIL, "monitor", "run", *(x for pair in zip(files, paths, strict=True) for x in pair)]
    run += ["--out", str(out), "--no-store", "--period", "2026-03"]
    inputs = f"ClaimsInputs({paths[0]!r}, {paths[1]!r}, {paths[2]!r})"
    defects = (
        "from kepil.claims.inputs import ClaimsInputs;"
        " from kepil.law.monitoring_rules.defects import find_defects;"
        f" find_defects({inputs}, '2026-03', engine='duckdb')"
    )
    sql_out = str(data / "sql.parquet")
    joins = "import monitoring as m; from pathlib import Path;"
    joins += f" m.child_sql(Path({str(month)!r}), Path({sql_out!r}))"
    name = f"{claims:,} claims, `kepil monitor run` (whole CLI)"
    return [
        measure(Figure(name, run, "`find_defects` alone", [PY, "-c", defects], "≤ 1.5×", 1.5), args.runs),
        measure(
            Figure(name, run, "the hand-written joins the checks need", [PY, "-c", joins], "≤ 2×", 2.0),
            args.runs,
        ),
    ]


def medicines(args: argparse.Namespace, data: Path) -> list[Figure]:
    rows = args.prescriptions
    make = "from kepil.reports.medicines import synthetic_patients;"
    make += " synthetic_patients({rows}).write_parquet({path!r})"
    src = _once(data / f"patients-{rows}.parquet", lambda p: _python(make.format(rows=rows, path=str(p))))
    out, copy = data / "need.parquet", data / "patients-copy.parquet"
    floor = f"import polars as pl; pl.read_parquet({str(src)!r}).write_parquet({str(copy)!r})"
    need = [*KEPIL, "medicines", "need", "--patients", str(src), "--out", str(out), "--date", "2026-03-02"]
    return [
        measure(
            Figure(
                f"{rows:,} prescriptions, `kepil medicines need` (whole CLI)",
                need,
                "Polars reading and writing the same file",
                [PY, "-c", floor],
                "≤ 2 s",
                max_wall=2.0,
            ),
            args.runs,
        )
    ]


def service(args: argparse.Namespace, data: Path) -> str:
    """`kepil serve --workers 2` (benchmarks/service.py: loopback, keep-alive clients) against the same work
    in-process: the server's CPU per single decision at 32 clients against one `decide()` in-process, and
    per decision of the batch endpoint against the CLI batch (`kepil coverage decide --input`)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import service as S

    probe = "import json, coverage as b; print(json.dumps(b.single_cpu(10000)))"
    result = subprocess.run([PY, "-c", probe], env=ENV, cwd=ROOT, capture_output=True, text=True, check=True)
    in_process = float(result.stdout.strip().splitlines()[-1])
    rows = args.rows
    make = (
        "from kepil.coverage.synthetic import requests; requests({rows}, seed=2026).write_parquet({path!r})"
    )
    src = _once(data / f"requests-{rows}.parquet", lambda p: _python(make.format(rows=rows, path=str(p))))
    cli = [*KEPIL, "coverage", "decide", "--input", str(src), "--output", str(data / "decisions.parquet")]
    cli_runs = [timed(cli) for _ in range(max(1, args.runs - 1))]
    cli_us = statistics.median(r.cpu for r in cli_runs) / rows * 1e6
    # The same requests as JSON Lines (the body's JSON objects), CLI to JSON Lines: the like-for-like figure
    # beside the target's (which divides by the Parquet batch, the CLI's cheapest input).
    as_lines = jsonl_of(src)
    cli_jsonl = [*KEPIL, "coverage", "decide", "--input", str(as_lines), "--output", str(data / "out.jsonl")]
    jsonl_us = statistics.median(timed(cli_jsonl).cpu for _ in range(2)) / rows * 1e6
    ns = argparse.Namespace(
        workers=2, seconds=args.service_seconds, concurrency=32, batch_concurrency=4, ramp=1.0
    )
    with tempfile.TemporaryDirectory(prefix="kepil-bench-") as d:
        url = f"sqlite:///{Path(d) / 'kepil.db'}"
        S.kepil("db", "upgrade", "--database-url", url)
        key = S.kepil("keys", "create", "--role", "analyst", "--label", "benchmark", "--database-url", url)
        with S.serving(url, 2, Path(d) / "serve.log") as server:
            one = S.bench_single(server, key, ns)
            many = S.bench_batch(server, key, ns)
        # The other end of the memo: every fact combination decided as if never seen (a stream whose facts
        # never repeat; the synthetic requests' facts are drawn independently, so fresh arrays come close).
        no_memo = {"KEPIL_COVERAGE_MEMO_ROWS": "0"}
        with S.serving(url, 2, Path(d) / "serve-no-memo.log", env=no_memo) as server:
            cold = S.bench_batch(server, key, ns, arrow_too=False)
    single_load, batch_load, cold_load = one[0].load, many[0].load, cold[0].load
    assert single_load is not None and batch_load is not None and cold_load is not None
    r = single_load.result
    served_us = single_load.server_cores * r.elapsed / max(S.decided(r), 1) * 1e6
    batch_us, cold_us = S.batch_cpu_us(batch_load), S.batch_cpu_us(cold_load)
    lines = [
        "| work | kepil serve | floor | floor figure | ratio | target | met |",
        "|---|---:|---|---:|---:|---|---|",
        f"| one decision over HTTP, 32 clients: server CPU per decision | {served_us:.0f} µs | the same "
        f"`decide()` in-process, CPU per decision | {in_process:.0f} µs | {served_us / in_process:.2f}× | "
        f"≤ 3× | {'yes' if served_us <= 3 * in_process else 'no'} |",
        f"| one decision over HTTP, 32 clients: latency p99 | {r.p99:.1f} ms | | | | ≤ 20 ms | "
        f"{'yes' if r.p99 <= 20 else 'no'} |",
        f"| the batch endpoint (arrays of {S.BATCH_SIZE:,}): server CPU per decision | {batch_us:.1f} µs | "
        f"`kepil coverage decide --input` ({rows:,} rows, whole CLI), CPU per decision | {cli_us:.1f} µs | "
        f"{batch_us / cli_us:.2f}× | ≤ 2× | {'yes' if batch_us <= 2 * cli_us else 'no'} |",
        f"| the same, beside the CLI on the same requests as JSON Lines | {batch_us:.1f} µs | "
        f"`kepil coverage decide --input` (JSON Lines → JSON Lines), CPU per decision | {jsonl_us:.1f} µs | "
        f"{batch_us / jsonl_us:.2f}× | (context: the same input format) | — |",
        f"| the batch endpoint, no fact combination seen before (`KEPIL_COVERAGE_MEMO_ROWS=0`) | "
        f"{cold_us:.1f} µs | `kepil coverage decide --input` ({rows:,} rows), CPU per decision | "
        f"{cli_us:.1f} µs | {cold_us / cli_us:.2f}× | (the worst case of the row above) | "
        f"{'yes' if cold_us <= 2 * cli_us else 'no'} |",
        "",
        f"- single: {one[0].detail}",
        f"- batch: {many[0].detail}",
        f"- batch, memo off: {cold[0].detail}",
    ]
    print("\n".join(f"  {line}" for line in lines), flush=True)
    return "\n".join(lines) + "\n"


def _python(code: str) -> None:
    subprocess.run([PY, "-c", code], env=ENV, cwd=ROOT, check=True)


BENCHMARKS: dict[str, tuple[str, Callable[[argparse.Namespace, Path], list[Figure] | str]]] = {
    "startup": ("Start-up of a command", startup),
    "coverage": ("Coverage batch", coverage),
    "monitoring": ("Monitoring run", monitoring),
    "medicines": ("Medicines need", medicines),
    "service": ("HTTP service", service),
}


# ---------------------------------------------------------------------------------------------- report
def machine() -> str:
    model = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")),
        platform.processor() or "unknown",
    )  # fmt: skip
    mem = next(
        (int(line.split()[1]) / 1024**2 for line in Path("/proc/meminfo").read_text().splitlines()
         if line.startswith("MemTotal")),
        0.0,
    )  # fmt: skip
    versions = ", ".join(f"{p} {_version(p)}" for p in ("polars", "duckdb", "typer", "pydantic"))
    return (
        f"{os.cpu_count()} cores ({model}), {mem:.0f} GiB memory, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}; {versions}"
    )


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "(not found)"


def load() -> str:
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def section(title: str, figures: list[Figure], before: str, after: str, runs: int) -> str:
    lines = [
        f"### {title}",
        "",
        f"Load average (1/5/15 min) before: {before}; after: {after}. Medians of {runs} runs (start-up: at "
        "least 7) after one warm-up, kepil and the floor in turn.",
        "",
        "| work | kepil wall s | CPU s | peak MB | floor | floor wall s | ratio (wall) | ratio (CPU) "
        "| target | met |",
        "|---|---:|---:|---:|---|---:|---:|---:|---|---|",
    ]
    for f in figures:
        if f.extra:
            lines.append(
                f"| {f.work} | | | | {f.floor_name} | | | | {f.target} | {'yes' if f.met() else 'no'} |"
            )
            continue
        ratio, cpu_ratio = f.ratio(), f.ratio("cpu")
        lines.append(
            f"| {f.work} | {f.median(f.a, 'wall'):.3f} | {f.median(f.a, 'cpu'):.3f} | "
            f"{f.median(f.a, 'peak_mb'):,.0f} | {f.floor_name} | "
            + (f"{f.median(f.b, 'wall'):.3f} | {ratio:.2f}× | {cpu_ratio:.2f}× |" if ratio else " | | |")
            + f" {f.target} | {'yes' if f.met() else 'no'} |"
        )
    lines += [""] + [f"- {f.extra}" for f in figures if f.extra]
    return "\n".join(lines).rstrip() + "\n"


def write_doc(sections: dict[str, str]) -> None:
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else f"# Performance\n\n{START}\n{END}\n"
    head, _, rest = text.partition(START)
    old, _, tail = rest.partition(END)
    kept: dict[str, str] = {}
    for chunk in old.split("\n<!-- bench: ")[1:]:
        name, _, body = chunk.partition(" -->\n")
        kept[name] = body.strip("\n") + "\n"
    kept.update(sections)
    body = "\n".join(f"<!-- bench: {n} -->\n{kept[n]}" for n in BENCHMARKS if n in kept)
    stamp = f"Machine: {machine()}. Last written {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC.\n"
    DOC.write_text(f"{head}{START}\n{stamp}\n{body}{END}{tail}", encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("which", nargs="*", help=f"benchmarks to run: {', '.join(BENCHMARKS)} (default: all)")
    ap.add_argument("--runs", type=int, default=3, help="counted runs of each command (default 3)")
    ap.add_argument("--rows", type=int, default=1_000_000, help="coverage requests (default 1,000,000)")
    ap.add_argument("--memory-rows", type=int, default=10_000_000,
                    help="coverage requests of the memory figure (default 10,000,000; 0: none)")  # fmt: skip
    ap.add_argument("--claims", type=int, default=10_000_000, help="monitoring claims (default 10,000,000)")
    ap.add_argument("--prescriptions", type=int, default=1_000_000, help="medicines rows (default 1,000,000)")
    ap.add_argument("--data-dir", type=Path, default=Path(tempfile.gettempdir()) / "kepil-bench",
                    help="where the synthetic inputs are written once and reused")  # fmt: skip
    ap.add_argument("--service-seconds", type=float, default=10.0, help="each HTTP run (default 10)")
    ap.add_argument("--no-write", action="store_true", help=f"print only; do not rewrite {DOC.name}")
    args = ap.parse_args()
    chosen = args.which or list(BENCHMARKS)
    unknown = [n for n in chosen if n not in BENCHMARKS]
    if unknown:
        ap.error(f"no benchmark {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
    args.data_dir.mkdir(parents=True, exist_ok=True)
    # kepil's bytecode, as an installed package has it: with PYTHONDONTWRITEBYTECODE set (as in some
    # shells) every run would otherwise compile its modules from source again (~0.05 s CPU a start).
    compileall.compile_dir(ROOT / "src", quiet=1)
    print(f"machine: {machine()}", flush=True)
    sections: dict[str, str] = {}
    failed = False
    for name in chosen:
        title, bench = BENCHMARKS[name]
        before = load()
        print(f"{title} (load {before})", flush=True)
        figures = bench(args, args.data_dir)
        if isinstance(figures, str):  # a table of its own (the service: CPU per decision, latency)
            loads = f"Load average (1/5/15 min) before: {before}; after: {load()}."
            sections[name] = f"### {title}\n\n{loads}\n\n{figures}"
            continue
        sections[name] = section(title, figures, before, load(), args.runs)
        failed |= any(r.code not in f.ok_codes for f in figures for r in f.a)
    if not args.no_write:
        write_doc(sections)
        print(f"wrote {DOC}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
