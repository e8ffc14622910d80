"""Three languages for every user-facing text (DESIGN.md principle 8)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Lang = Literal["kk", "ru", "en"]
LANGS: tuple[Lang, ...] = ("kk", "ru", "en")
DEFAULT_LANG: Lang = "kk"


@dataclass(frozen=True, slots=True)
class Text:
    """One message in kk, ru and en; the three say the same thing."""

    kk: str
    ru: str
    en: str

    def __getitem__(self, lang: str) -> str:
        if lang not in LANGS:
            raise KeyError(lang)
        value: str = getattr(self, lang)
        return value

    def as_dict(self) -> dict[str, str]:
        return {"kk": self.kk, "ru": self.ru, "en": self.en}

    def format(self, **kwargs: object) -> Text:
        """str.format in each language; `{name|form|form…}` is the word agreeing with the number `name`
        (`agree`), e.g. en "{n} {n|row|rows}", ru "{n} {n|строка|строки|строк}"."""
        kk, ru, en = (
            _format(t, lang, kwargs) for lang, t in zip(LANGS, (self.kk, self.ru, self.en), strict=True)
        )
        return Text(kk, ru, en)


# The plural forms a template lists, in the order of the CLDR cardinal categories the language uses
# (Unicode CLDR 46 plural rules, checked against Babel's in tests/test_i18n_plural.py): Kazakh and English
# one|other; Russian one|few|many, a fraction taking the "few" form (1,5 строки). A Kazakh noun after a
# number stays singular ("5 жол"), so Kazakh templates rarely need a form.
_AGREE = re.compile(r"\{(\w+)\|([^{}]*)\}")
_NUMBER = re.compile(r"[\s\u00a0\u202f,']")


def plural_index(lang: Lang, value: object) -> int:
    """Which of a template's forms agrees with `value` (an int, or a number already written with
    thousands separators such as "1 000 000" or "1,000,000"; anything else takes the last form)."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        return 1
    text = _NUMBER.sub("", str(value))
    if not text.lstrip("-").isdigit():
        return 1  # a fraction or a word: en/kk "other", ru "few" (the genitive singular)
    i = abs(int(text))
    if lang != "ru":
        return 0 if i == 1 else 1
    if i % 10 == 1 and i % 100 != 11:
        return 0
    if 2 <= i % 10 <= 4 and not 12 <= i % 100 <= 14:
        return 1
    return 2


def agree(lang: Lang, value: object, forms: str) -> str:
    """The form of `forms` ("row|rows", "строка|строки|строк") that agrees with `value`."""
    options = forms.split("|")
    return options[min(plural_index(lang, value), len(options) - 1)]


def _format(template: str, lang: Lang, kwargs: dict[str, object]) -> str:
    if "|" in template:
        template = _AGREE.sub(lambda m: agree(lang, kwargs[m.group(1)], m.group(2)), template)
    return template.format(**kwargs)
