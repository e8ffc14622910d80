"""Break the code one small change at a time and see whether the tests notice (the house standard:
"move a boundary by one, flip a comparison, drop a `not` — a test must fail").

    .venv/bin/python scripts/mutate.py src/kepil/law/drug_rules/need.py tests/test_medicines.py
    .venv/bin/python scripts/mutate.py FILE TESTS... --lines 120-180 --list   # only list the mutants

Each mutant is one edit of the source: a comparison flipped or moved by one (`<` ↔ `<=`, `>` ↔ `>=`,
`==` ↔ `!=`), `not` dropped, `and` ↔ `or`, `+` ↔ `-`, `*` ↔ `/` (`//`), an integer constant ± 1,
`True` ↔ `False`, `min` ↔ `max`. The file is rewritten in place for the run of the tests
(`pytest -x -q -n 0 -p no:cacheprovider`, 120 s each at most) and always restored, also on Ctrl-C.
Prints each surviving mutant (file:line, the edit) and the count killed / survived; exit status 1 when
any survived. Docstrings and type annotations are not mutated.
"""

from __future__ import annotations

import argparse
import ast
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

COMPARE = {
    ast.Lt: ("<", "<="), ast.LtE: ("<=", "<"), ast.Gt: (">", ">="), ast.GtE: (">=", ">"),
    ast.Eq: ("==", "!="), ast.NotEq: ("!=", "=="),
}  # fmt: skip
BINOP = {ast.Add: ("+", "-"), ast.Sub: ("-", "+"), ast.Mult: ("*", "/"), ast.FloorDiv: ("//", "*")}


@dataclass(frozen=True)
class Mutant:
    line: int
    start: int  # offset in the source
    end: int
    new: str
    what: str


def _offsets(src: str) -> list[int]:
    out, pos = [0], 0
    for line in src.splitlines(keepends=True):
        pos += len(line.encode())
        out.append(pos)
    return out


def _annotations(tree: ast.AST) -> set[int]:
    """ids of nodes inside annotations or docstrings (not mutated)."""
    skip: set[int] = set()

    def mark(n: ast.AST | None) -> None:
        if n is not None:
            skip.update(id(x) for x in ast.walk(n))

    for n in ast.walk(tree):
        if isinstance(n, ast.AnnAssign | ast.arg):
            mark(n.annotation)
        if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef):
            mark(n.returns)
        if isinstance(n, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = n.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                mark(body[0])
    return skip


def mutants(src: str) -> list[Mutant]:
    raw = src.encode()
    offs = _offsets(src)
    tree = ast.parse(src)
    skip = _annotations(tree)

    def at(line: int, col: int) -> int:
        return offs[line - 1] + col

    def find_op(a: int, b: int, op: str) -> int | None:
        """The first occurrence of `op` as an operator token between byte offsets a and b."""
        seg = raw[a:b].decode()
        i = seg.find(op)
        while i >= 0:
            before, after = seg[i - 1 : i], seg[i + len(op) : i + len(op) + 1]
            if before not in "<>=!*/" and after not in "<>=*/":
                return a + len(seg[:i].encode())
            i = seg.find(op, i + 1)
        return None

    out: list[Mutant] = []
    for n in ast.walk(tree):
        if id(n) in skip or not hasattr(n, "lineno"):
            continue
        if isinstance(n, ast.Compare):
            left = n.left
            for op, right in zip(n.ops, n.comparators, strict=True):
                pair = COMPARE.get(type(op))
                assert left.end_lineno is not None and left.end_col_offset is not None
                a, b = at(left.end_lineno, left.end_col_offset), at(right.lineno, right.col_offset)
                if pair and (i := find_op(a, b, pair[0])) is not None:
                    out.append(Mutant(n.lineno, i, i + len(pair[0]), pair[1], f"{pair[0]} → {pair[1]}"))
                left = right
        elif isinstance(n, ast.BinOp) and (pair := BINOP.get(type(n.op))):
            if isinstance(n.left, ast.Constant) and isinstance(n.left.value, str):
                continue  # string concatenation / formatting
            assert n.left.end_lineno is not None and n.left.end_col_offset is not None
            a, b = at(n.left.end_lineno, n.left.end_col_offset), at(n.right.lineno, n.right.col_offset)
            if (i := find_op(a, b, pair[0])) is not None:
                out.append(Mutant(n.lineno, i, i + len(pair[0]), pair[1], f"{pair[0]} → {pair[1]}"))
        elif isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.Not):
            a = at(n.lineno, n.col_offset)
            if raw[a : a + 4] == b"not ":
                out.append(Mutant(n.lineno, a, a + 4, "", "drop not"))
        elif isinstance(n, ast.BoolOp):
            word = "and" if isinstance(n.op, ast.And) else "or"
            other = "or" if word == "and" else "and"
            v0 = n.values[0]
            assert v0.end_lineno is not None and v0.end_col_offset is not None
            a, b = at(v0.end_lineno, v0.end_col_offset), at(n.values[1].lineno, n.values[1].col_offset)
            seg = raw[a:b].decode()
            if (i := seg.find(f" {word} ")) >= 0:
                s = a + len(seg[: i + 1].encode())
                out.append(Mutant(n.lineno, s, s + len(word), other, f"{word} → {other}"))
        elif isinstance(n, ast.Constant) and n.end_col_offset is not None:
            a, b = at(n.lineno, n.col_offset), at(n.lineno, n.end_col_offset)
            if isinstance(n.value, bool):
                new = "False" if n.value else "True"
                out.append(Mutant(n.lineno, a, b, new, f"{n.value} → {new}"))
            elif isinstance(n.value, int) and n.end_lineno == n.lineno:
                for d in (1, -1):
                    new = str(n.value + d)
                    out.append(Mutant(n.lineno, a, b, new, f"{n.value} → {new}"))
        elif isinstance(n, ast.Name) and n.id in ("min", "max") and isinstance(n.ctx, ast.Load):
            a, b = at(n.lineno, n.col_offset), at(n.lineno, n.end_col_offset or n.col_offset)
            new = "max" if n.id == "min" else "min"
            out.append(Mutant(n.lineno, a, b, new, f"{n.id} → {new}"))
    return sorted(set(out), key=lambda m: (m.start, m.what))


def _lines(spec: str | None) -> list[tuple[int, int]]:
    """`120-180,200,310-320` as ranges (none: every line)."""
    if not spec:
        return [(1, 10**9)]
    out = []
    for part in spec.split(","):
        a, _, b = part.strip().partition("-")
        out.append((int(a), int(b or a)))
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("source", type=Path)
    p.add_argument("tests", nargs="+")
    p.add_argument("--lines", help="only mutants on these lines, e.g. 120-180,200")
    p.add_argument("--list", action="store_true", help="list the mutants, run nothing")
    p.add_argument("--timeout", type=float, default=120.0)
    a = p.parse_args(argv)
    path: Path = a.source
    original = path.read_bytes()
    spans = _lines(a.lines)
    ms = [m for m in mutants(original.decode()) if any(lo <= m.line <= hi for lo, hi in spans)]
    lines = original.decode().splitlines()
    if a.list:
        for m in ms:
            print(f"{path}:{m.line}: {m.what}    {lines[m.line - 1].strip()[:90]}")
        print(f"{len(ms)} mutants")
        return 0
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    cmd = [sys.executable, "-m", "pytest", "-x", "-q", "-n", "0", "-p", "no:cacheprovider", *a.tests]
    survived: list[Mutant] = []
    t0 = time.monotonic()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # a kill restores the file too (finally)
    try:
        for k, m in enumerate(ms, 1):
            path.write_bytes(original[: m.start] + m.new.encode() + original[m.end :])
            try:
                r = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, timeout=a.timeout)
                killed = r.returncode != 0
            except subprocess.TimeoutExpired:
                killed = True
            if not killed:
                survived.append(m)
                print(f"SURVIVED {path}:{m.line}: {m.what}    {lines[m.line - 1].strip()[:90]}", flush=True)
            print(f"  {k}/{len(ms)} ({time.monotonic() - t0:.0f} s)", file=sys.stderr, flush=True)
    finally:
        path.write_bytes(original)
    print(f"{len(ms) - len(survived)} killed, {len(survived)} survived of {len(ms)}")
    return 1 if survived else 0


if __name__ == "__main__":
    raise SystemExit(main())
