"""Errors that user input can cause. They are ordinary outcomes, never tracebacks."""

from __future__ import annotations


class KepilError(Exception):
    """Base of kepil's own errors."""


class InvalidInput(KepilError):
    """A value given by the user is not acceptable.

    `field` names where it came from (a dotted path, a CLI option, or `file:row:column`).
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class LawNotInForce(KepilError):
    """No loaded act covers the requested date."""

    def __init__(self, message: str, field: str = "date") -> None:
        super().__init__(message)
        self.field = field
        self.message = message
