"""Logging for the service: IINs are masked wherever they appear in a log line (paths, queries, messages),
also when a client percent-encoded some of their digits (`/persons/85041231234%37`): the server decodes the
path before it serves it, so the log masks what it decoded, not what it received."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any

import uvicorn.logging

_IIN = re.compile(r"(?<!\d)\d{8}(\d{4})(?!\d)")
# %30-%39 are the digits; %25 is "%" itself (a doubly encoded digit). Only these are decoded: a log line
# keeps every other escape (a decoded %0A would write a line of the client's choosing into the log).
_DIGIT_ESCAPE = re.compile(r"%(3[0-9]|25)", re.IGNORECASE)
# what mask_iins could change: a run of 12 digits or more, or an escape it decodes
_MAYBE = re.compile(r"\d{12}|%(3[0-9]|25)", re.IGNORECASE)


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
        msg = record.msg if isinstance(record.msg, str) else str(record.msg)
        args = record.args
        values = args.values() if isinstance(args, Mapping) else args or ()
        texts = [msg, *(a for a in values if isinstance(a, str))]
        # one search over the line's texts (kept apart by a character that is no digit) finds whether any
        # holds an IIN or an escape at all: most lines — every access log line of a decision — hold none
        # (issue 17: the access log's cost per request)
        if not _MAYBE.search("\0".join(texts)):
            record.msg = msg
            return True
        record.msg = mask_iins(msg)
        if isinstance(args, Mapping):
            record.args = {k: mask_iins(a) if isinstance(a, str) else a for k, a in args.items()}
        elif args:
            record.args = tuple(mask_iins(a) if isinstance(a, str) else a for a in args)
        return True


class AccessFormatter(uvicorn.logging.AccessFormatter):
    """uvicorn's access log formatter, its lines unchanged, without its two copies of every record and its
    status phrase looked up per line (issue 17: they were most of the ~20 µs an access log line cost).
    Coloured lines (a terminal) are uvicorn's own."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._statuses: dict[int, str] = {}

    def formatMessage(self, record: logging.LogRecord) -> str:
        if self.use_colors:
            return super().formatMessage(record)
        client_addr, method, full_path, http_version, status_code = record.args  # type: ignore[misc]
        code = int(status_code)  # type: ignore[arg-type]
        status = self._statuses.get(code)
        if status is None:
            status = self._statuses[code] = self.get_status_code(code)
        fields = dict(record.__dict__)
        fields["client_addr"] = client_addr
        fields["request_line"] = f"{method} {full_path} HTTP/{http_version}"
        fields["status_code"] = status
        fields["levelprefix"] = record.levelname + ":" + " " * (8 - len(record.levelname))
        view = _Fields()
        view.__dict__ = fields
        return self._style.format(view)


class _Fields:
    """A record's fields as the formatter's style reads them (`record.__dict__`)."""


def install_masking() -> None:
    """IINs masked on the service's loggers; uvicorn's access log lines formatted by `AccessFormatter`
    (the handlers uvicorn's default logging configuration made; any other formatter is left as it is)."""
    for name in ("uvicorn.access", "uvicorn.error", "kepil", "kepil.api"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, MaskIins) for f in logger.filters):
            logger.addFilter(MaskIins())
    for handler in logging.getLogger("uvicorn.access").handlers:
        old = handler.formatter
        if type(old) is uvicorn.logging.AccessFormatter:
            lean = AccessFormatter(old._fmt, old.datefmt, use_colors=old.use_colors)
            lean._style = old._style
            handler.setFormatter(lean)
