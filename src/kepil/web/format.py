"""Numbers, money and dates as Kazakhstan writes them (ST RK 1.5 / common usage): digits grouped by a
no-break space, a decimal comma, dates DD.MM.YYYY, money in tenge with the sign after the amount."""

from __future__ import annotations

import datetime as dt
from typing import Any

NBSP = "\u00a0"


def number(value: Any, decimals: int = 0) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(value)
    v = float(value) if decimals else round(float(value))
    text = f"{v:,.{decimals}f}" if decimals else f"{v:,}"
    return text.replace(",", NBSP).replace(".", ",")


def money(tiyn: Any) -> str:
    """An amount in tiyn (1/100 tenge), written in tenge: 1 234 567,89 ₸."""
    if tiyn is None or tiyn == "":
        return "—"
    sign = "−" if int(tiyn) < 0 else ""
    tenge, rest = divmod(abs(int(tiyn)), 100)
    return f"{sign}{number(tenge)},{rest:02d}{NBSP}₸"


def percent(value: Any, decimals: int = 1) -> str:
    """A share (0.125) as a percent (12,5 %)."""
    if value is None or value == "":
        return "—"
    return f"{number(float(value) * 100, decimals)}{NBSP}%"


def date(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    if isinstance(value, dt.datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    return f"{value.day:02d}.{value.month:02d}.{value.year}"
