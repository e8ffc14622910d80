"""Coverage rules of `program-2026-2028` chapters 2 (GVFMC, 3–53) and 3 (CSHI, 54–71), one module a section."""
