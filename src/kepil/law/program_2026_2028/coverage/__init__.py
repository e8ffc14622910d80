"""Coverage rules of `program-2026-2028` ch. 2 (GVFMC, 3–53) and ch. 3 (CSHI, 54–71), a module a section."""
