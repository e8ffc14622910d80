"""Logging for the service: IINs are masked wherever they appear in a log line (paths, messages)."""

from __future__ import annotations

import logging
import re

_IIN = re.compile(r"(?<!\d)\d{8}(\d{4})(?!\d)")


def mask_iins(text: str) -> str:
    """Every 12-digit run becomes ********NNNN (the last four digits, for support calls)."""
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
