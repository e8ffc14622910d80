"""Errors that user input can cause. They are ordinary outcomes, never tracebacks.

A message is either plain English (most internal checks) or a `Text` in kk, ru and en (what reaches a
person through the HTTP API or the CLI's `--lang`); `message` is always the English, `text(lang)` the
person's language.
"""

from __future__ import annotations

from kepil.i18n import Text


def _as_text(message: str | Text) -> Text:
    return message if isinstance(message, Text) else Text(message, message, message)


class KepilError(Exception):
    """Base of kepil's own errors."""


class InvalidInput(KepilError):
    """A value given by the user is not acceptable.

    `field` names where it came from (a dotted path, a CLI option, or `file:row:column`).
    """

    def __init__(self, field: str, message: str | Text) -> None:
        self.field = field
        self.texts = _as_text(message)
        self.message = self.texts.en
        super().__init__(f"{field}: {self.message}")

    def text(self, lang: str = "en") -> str:
        return self.texts[lang]


class CommandFailed(KepilError):
    """A command cannot do what was asked for a reason outside its input (the port is taken, a directory
    cannot be written, no demonstration was built); the message in kk, ru and en."""

    def __init__(self, message: Text) -> None:
        self.texts = message
        super().__init__(message.en)

    def text(self, lang: str = "en") -> str:
        return self.texts[lang]


class LawNotInForce(KepilError):
    """No loaded act covers the requested date."""

    def __init__(self, message: str | Text, field: str = "date") -> None:
        self.field = field
        self.texts = _as_text(message)
        self.message = self.texts.en
        super().__init__(self.message)

    def text(self, lang: str = "en") -> str:
        return self.texts[lang]
