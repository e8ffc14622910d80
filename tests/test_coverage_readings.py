"""Every coverage rule's reading in kk, ru and en (issue 18): the Kazakh and Russian exist for each rule
that has one, are not the English, and hold no identifier a reader cannot read (a field name, a code)."""

from __future__ import annotations

import re

from kepil.coverage.readings import reading_text, translated_rules
from kepil.coverage.rulebook import rulebook

# a word with a lowercase Latin letter other than the product's name; Kazakh-only letters
LATIN = re.compile(r"[A-Za-z0-9_./\\-]*[a-z][A-Za-z0-9_./\\-]*")
KAZAKH_ONLY = set("әіңғүұқөһ")


def _identifiers(text: str) -> list[str]:
    return [w for w in LATIN.findall(text) if w.rstrip("-") != "kepil" and len(w) > 1]


def test_every_rule_with_a_reading_has_it_in_kk_ru_and_en() -> None:
    rules = [r for r in rulebook().by_id.values() if r.reading]
    assert len(rules) >= 60  # the program's and the migrants' readings
    for rule in rules:
        text = reading_text(rule.id, rule.reading)
        assert text is not None
        assert text.en == rule.reading, rule.id  # the English is the rule's own (the API's trace carries it)
        assert text.kk != text.en and text.ru != text.en, f"{rule.id}: no Kazakh or Russian"
        assert set(text.kk) & KAZAKH_ONLY, f"{rule.id}: the Kazakh has no Kazakh letter"
        assert not set(text.ru) & KAZAKH_ONLY, f"{rule.id}: the Russian has Kazakh letters"
        for lang in ("kk", "ru"):
            assert not _identifiers(text[lang]), f"{rule.id} ({lang}): {_identifiers(text[lang])}"


def test_no_translation_outlives_its_rule() -> None:
    with_reading = {r.id for r in rulebook().by_id.values() if r.reading}
    assert translated_rules() == with_reading


def test_a_rule_without_a_reading_has_none() -> None:
    rule = next(r for r in rulebook().by_id.values() if not r.reading)
    assert reading_text(rule.id, rule.reading) is None
