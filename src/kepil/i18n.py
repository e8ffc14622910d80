"""Three languages for every user-facing text (DESIGN.md principle 8)."""

from __future__ import annotations

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
        return Text(self.kk.format(**kwargs), self.ru.format(**kwargs), self.en.format(**kwargs))
