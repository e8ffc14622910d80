"""Logging for the service: IINs are masked wherever they appear in a log line (paths, queries, messages),
also when a client percent-encoded some of their digits (`/persons/85041231234%37`): the server decodes the
path before it serves it, so the log masks what it decoded, not what it received."""

from __future__ import annotations

import logging
import re

_IIN = re.compile(r"(?<!\d)\d{8}(\d{4})(?!\d)")
# %30-%39 are the digits; %25 is "%" itself (a doubly encoded digit). Only these are decoded: a log line
# keeps every other escape (a decoded %0A would write a line of the client's choosing into the log).
_DIGIT_ESCAPE = re.compile(r"%(3[0-9]|25)", re.IGNORECASE)


def _digits_decoded(text: str) -> str:
    for _ in range(3):
        decoded = _DIGIT_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
        if decoded == text:
            break
        text = decoded
    return text


def mask_iins(text: str) -> str:
    """Every 12-digit run, after percent-encoded digits are decoded, becomes ********NNNN (the last four
    digits, for support calls)."""
    if "%" in text:
        text = _digits_decoded(text)
    return _IIN.sub(r"********\1", text)


class MaskIins(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = mask_iins(str(record.msg))
        if record.args:
            args = record.args if isinstance(record.args, tuple) else (record.args,)
            record.args = tuple(mask_iins(a) if isinstance(a, str) else a for a in args)
        return True


def install_masking() -> None:
    for name in ("uvicorn.access", "uvicorn.error", "kepil", "kepil.api"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, MaskIins) for f in logger.filters):
            logger.addFilter(MaskIins())
