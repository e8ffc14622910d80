"""Prove the coverage rule book (docs/coverage.md, "Proven, not sampled") and print the proof's size, its
time and any counter-example request; exit 1 when the proof fails. Needs the dev extra (z3-solver).

.venv/bin/python scripts/prove_coverage.py            # enumeration for small spaces, Z3 for the rest
.venv/bin/python scripts/prove_coverage.py smt        # Z3 for every space
"""

from __future__ import annotations

import sys

from kepil.coverage.proof import prove_book


def main() -> int:
    method = sys.argv[1] if len(sys.argv) > 1 else None
    proof = prove_book(method=method)
    print(proof.report())
    if proof.holds():
        print("No gap, no conflict; every rule decides some request and every paying rule covers one.")
        return 0
    print(proof.counter_examples())
    return 1


if __name__ == "__main__":
    sys.exit(main())
