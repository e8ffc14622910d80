"""A JSON file saved by a Windows editor starts with UTF-8's byte order mark; RFC 8259 §8.1 lets a parser
ignore it. Every JSON file kepil reads whole (providers, a tariff book) reads the same with it as without;
the coverage files are in tests/test_coverage_cli.py."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from kepil.data import data_path
from kepil.law.program_2026_2028.tariffs import load_tariffs
from kepil.limits import BOM, without_bom
from kepil.store.provider_files import read_providers

PROVIDERS = [
    {"id": "PHC-1", "name": "Polyclinic 1", "region": "astana", "atu": "astana-esil", "phc": True},
    {"id": "PHC-2", "name": "Polyclinic 2", "region": "abai", "atu": "semey", "phc": True},
]


def test_only_a_leading_mark_is_dropped() -> None:
    assert without_bom(BOM + b"[1]") == b"[1]"
    assert without_bom(b"[1]" + BOM) == b"[1]" + BOM
    assert without_bom(BOM + BOM + b"1") == BOM + b"1"  # one mark; a second is the text's own


def test_providers_json_with_a_mark(tmp_path: Path) -> None:
    plain, marked = tmp_path / "plain.json", tmp_path / "marked.json"
    plain.write_text(json.dumps(PROVIDERS), encoding="utf-8")
    marked.write_bytes(BOM + json.dumps(PROVIDERS).encode())
    assert read_providers(marked) == read_providers(plain)
    assert [p.id for p in read_providers(marked)] == ["PHC-1", "PHC-2"]


def test_a_tariff_book_in_json_with_a_mark(tmp_path: Path) -> None:
    book = yaml.safe_load(data_path("program_2026_2028", "tariffs_example_2026.yaml").read_text("utf-8"))
    plain, marked = tmp_path / "plain.json", tmp_path / "marked.json"
    plain.write_text(json.dumps(book, default=str), encoding="utf-8")
    marked.write_bytes(BOM + json.dumps(book, default=str).encode())
    assert load_tariffs(marked, check_deadline=False) == load_tariffs(plain, check_deadline=False)
