"""The Kazakhstan working-day calendar (five-day week) for the acts' deadlines in working days.

A year's days off are data with their source where kepil holds them (data/reference/kz_days_off.yaml:
2026 — holidays, religious days, carry-overs, each day kepil could not check marked `assumed`); other years
come from the `holidays` package (country "KZ"), whose Islamic days it marks "estimated" (assumed here).
The Government's yearly transfers of days off come from data/reference/kz_working_day_transfers.yaml. A
user replaces or extends either file with one of the same name in KEPIL_REFERENCE_DIR. A working day is
Monday–Friday, not a day off and not a transferred day off, or a weekend day made working by a transfer.

Counting convention (used by e.g. `monitoring-rules`' "5 working days to object"): the day of the
event is not counted; the n-th working day after it is the deadline.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from calendar import monthrange
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import holidays

from kepil.data import data_path
from kepil.errors import InvalidInput
from kepil.i18n import LANGS as LANGS_ALL
from kepil.i18n import Lang, Text
from kepil.reference import messages as M
from kepil.reference.disease_lists import read_reference_yaml, reference_date
from kepil.validation import EXPECTED_BOOL, NOT_ONE_OF, fill, shown

TRANSFERS_FILE = "kz_working_day_transfers.yaml"
DAYS_OFF_FILE = "kz_days_off.yaml"
DAY_KINDS = ("holiday", "religious", "carry_over")
_HOLIDAY_LANG = {"kk": "kk", "en": "en_US"}
# `holidays` has no Russian names for KZ: the Kazakh names it gives, in Russian.
_RU = {
    "Жаңа жыл": "Новый год",
    "Православиелік Рождество": "Православное Рождество",
    "Халықаралық әйелдер күні": "Международный женский день",
    "Наурыз мейрамы": "Наурыз мейрамы",
    "Қазақстан халқының бірлігі мерекесі": "Праздник единства народа Казахстана",
    "Отан Қорғаушы күні": "День защитника Отечества",
    "Жеңіс күні": "День Победы",
    "Астана күні": "День столицы",
    "Қазақстан Республикасының Конституциясы күні": "День Конституции Республики Казахстан",
    "Қазақстан Республикасы күні": "День Республики Казахстан",
    "Республика күні": "День Республики",
    "Тәуелсіздік күні": "День Независимости",
    "Құрбан айт": "Курбан айт",
    "Демалыс күні": "Выходной день",
}
_TRANSFERRED = {
    "kk": "Демалыс күні ({0} бастап ауыстырылды)",
    "ru": "Выходной день (перенесён с {0})",
    "en": "Day off (transferred from {0})",
}


def _flag(node: dict[str, Any], key: str, where: str) -> bool:
    """A true/false key of a calendar file, false when absent; anything else ("no", 1) is refused rather
    than read by its truthiness (a quoted "false" would otherwise be true)."""
    value = node.get(key, False)
    if not isinstance(value, bool):
        raise InvalidInput(f"{where}.{key}", fill(EXPECTED_BOOL, value=shown(value)))
    return value


def _year(node: Any) -> bool:
    return isinstance(node, dict) and isinstance(node.get("year"), int) and not isinstance(node["year"], bool)


@dataclass(frozen=True, slots=True)
class Transfer:
    year: int
    day_off: dt.date | None
    working_day: dt.date | None
    source: str
    certain: bool


def _read_transfers(path: Path) -> list[Transfer]:
    doc = read_reference_yaml(path) or {}
    rows = doc.get("transfers") if isinstance(doc, dict) else None
    if not isinstance(rows, list):
        raise InvalidInput(path.name, M.EXPECTED_KEYS.format(keys="transfers"))
    out = []
    for i, row in enumerate(rows):
        where = f"{path.name}:transfers[{i}]"
        if not _year(row):
            raise InvalidInput(
                where, M.EXPECTED_KEYS.format(keys="year, day_off, working_day, source, certain")
            )
        t = Transfer(
            row["year"],
            reference_date(row.get("day_off"), f"{where}.day_off", optional=True),
            reference_date(row.get("working_day"), f"{where}.working_day", optional=True),
            str(row.get("source", "")),
            _flag(row, "certain", where),
        )
        if t.day_off is None and t.working_day is None:
            raise InvalidInput(where, M.BOTH_MISSING.format(first="day_off", second="working_day"))
        if t.working_day is not None and t.working_day.weekday() < 5:
            raise InvalidInput(f"{where}.working_day", M.NOT_A_WEEKEND.format(day=t.working_day))
        out.append(t)
    return out


@cache
def _transfers(override_dir: str | None) -> tuple[dict[dt.date, Transfer], dict[dt.date, Transfer]]:
    """(days off, working days) by date; an override file replaces the years it covers."""
    rows = _read_transfers(data_path("reference", TRANSFERS_FILE))
    if override_dir and (Path(override_dir) / TRANSFERS_FILE).is_file():
        extra = _read_transfers(Path(override_dir) / TRANSFERS_FILE)
        years = {t.year for t in extra}
        rows = [t for t in rows if t.year not in years] + extra
    days_off = {t.day_off: t for t in rows if t.day_off is not None}
    working = {t.working_day: t for t in rows if t.working_day is not None}
    return days_off, working


def transfers() -> tuple[dict[dt.date, Transfer], dict[dt.date, Transfer]]:
    return _transfers(os.environ.get("KEPIL_REFERENCE_DIR") or None)


@dataclass(frozen=True, slots=True)
class DayOff:
    """A day off of a year kepil holds as data: its name, kind (holiday, religious, carry_over), source
    and whether kepil could check it (`assumed` when not, with the `note` why)."""

    date: dt.date
    name: Text
    kind: str
    source: str
    assumed: bool = False
    note: Text | None = None  # why it is assumed


@dataclass(frozen=True, slots=True)
class YearDays:
    """A year's days off as data, the weekdays it holds to be working though a reader might expect a day
    off (each with its note), and whether its Government transfers are assumed (none known)."""

    year: int
    source: str
    days_off: dict[dt.date, DayOff]
    working: dict[dt.date, DayOff]
    transfers_assumed: bool


def _read_day(d: Any, at: str, year: int, source: str, day_off: bool) -> DayOff:
    if not isinstance(d, dict):
        raise InvalidInput(at, M.EXPECTED_KEYS.format(keys="date, name, kind" if day_off else "date"))
    day = reference_date(d.get("date"), f"{at}.date")
    assert day is not None
    if day.year != year:
        raise InvalidInput(f"{at}.date", M.DAY_NOT_IN_YEAR.format(day=day, year=year))
    name, kind = d.get("name") or {}, d.get("kind", "working")
    if day_off and kind not in DAY_KINDS:
        raise InvalidInput(f"{at}.kind", fill(NOT_ONE_OF, value=shown(kind), allowed=", ".join(DAY_KINDS)))
    # A name that is not a mapping of kk, ru, en was a traceback (a working day's name too): refused.
    if not isinstance(name, dict) or (day_off and not all(name.get(k) for k in LANGS_ALL)):
        raise InvalidInput(f"{at}.name", M.EXPECTED_LANGS)
    text = Text(*(str(name.get(k, "")) for k in LANGS_ALL))
    note = d.get("note")
    if note is not None and not (isinstance(note, dict) and all(note.get(k) for k in LANGS_ALL)):
        raise InvalidInput(f"{at}.note", M.EXPECTED_LANGS)
    why = Text(*(str(note[k]) for k in LANGS_ALL)) if note else None
    return DayOff(day, text, kind, source, _flag(d, "assumed", at), why)


def _read_days_off(path: Path) -> dict[int, YearDays]:
    doc = read_reference_yaml(path) or {}
    rows = doc.get("years") if isinstance(doc, dict) else None
    if not isinstance(rows, list):
        raise InvalidInput(path.name, M.EXPECTED_KEYS.format(keys="years"))
    out: dict[int, YearDays] = {}
    for i, y in enumerate(rows):
        where = f"{path.name}:years[{i}]"
        if not (_year(y) and isinstance(y.get("source"), str)):
            raise InvalidInput(where, M.EXPECTED_KEYS.format(keys="year, source, days_off"))
        year, source = y["year"], y["source"]
        for key in ("days_off", "working_days"):  # a mapping or a number here was a traceback: refused
            if not isinstance(y.get(key) or [], list):
                raise InvalidInput(f"{where}.{key}", M.EXPECTED_LIST.format(extra=""))
        read = {
            key: {
                day.date: day
                for j, d in enumerate(y.get(key) or [])
                for day in [_read_day(d, f"{where}.{key}[{j}]", year, source, key == "days_off")]
            }
            for key in ("days_off", "working_days")
        }
        out[year] = YearDays(
            year, source, read["days_off"], read["working_days"], _flag(y, "transfers_assumed", where)
        )
    return out


@cache
def _years(override_dir: str | None) -> dict[int, YearDays]:
    """The years held as data; an override file replaces the years it covers."""
    years = _read_days_off(data_path("reference", DAYS_OFF_FILE))
    if override_dir and (Path(override_dir) / DAYS_OFF_FILE).is_file():
        years |= _read_days_off(Path(override_dir) / DAYS_OFF_FILE)
    return years


def years_known() -> tuple[int, int]:
    """The first and last year whose days off kepil knows: the `holidays` package's KZ calendar (1991-2100)
    and the years held as data. Outside them every weekday would read as a working day — unknown, not a
    working day."""
    kz = type(_kz())
    held = years_held()
    return min(kz.start_year, *held), max(kz.end_year, *held)


def known_day(d: dt.date, field: str) -> dt.date:
    """`d` when its year's days off are known (`years_known`); else InvalidInput naming `field`."""
    first, last = years_known()
    if not first <= d.year <= last:
        raise InvalidInput(field, M.YEAR_NOT_KNOWN.format(date=d.isoformat(), first=first, last=last))
    return d


def years_held() -> dict[int, YearDays]:
    return _years(os.environ.get("KEPIL_REFERENCE_DIR") or None)


@cache
def _kz(lang: str = "en_US") -> holidays.HolidayBase:
    return holidays.country_holidays("KZ", language=lang)


@lru_cache(maxsize=8192)
def _working(d: dt.date, override_dir: str | None) -> bool:
    days_off, working = _transfers(override_dir)
    if d in working:
        return True
    if d in days_off:
        return False
    held = _years(override_dir).get(d.year)
    if held is not None:  # the year's days off are data
        return d.weekday() < 5 and d not in held.days_off
    if d in _kz():
        return False
    return d.weekday() < 5 or d in _kz().weekend_workdays


def is_working_day(d: dt.date) -> bool:
    """Mon–Fri not a holiday nor a transferred day off, or a weekend day made working by a transfer."""
    return _working(d, os.environ.get("KEPIL_REFERENCE_DIR") or None)


def holiday_name(d: dt.date, lang: Lang = "en") -> str | None:
    """The name of the holiday or transferred day off on `d`, or None."""
    days_off, _ = transfers()
    t = days_off.get(d)
    if t is not None:
        source = t.working_day.isoformat() if t.working_day else "—"
        return _TRANSFERRED[lang].format(source)
    held = years_held().get(d.year)
    if held is not None:
        day = held.days_off.get(d)
        return None if day is None else day.name[lang]
    if lang == "ru":
        kk = _kz("kk").get(d)
        if kk is None:
            return None
        base, _, rest = str(kk).partition(" (")
        return _RU.get(base, base) + (" (перенесённый выходной)" if rest else "")
    name = _kz(_HOLIDAY_LANG[lang]).get(d)
    return None if name is None else str(name)


@dataclass(frozen=True, slots=True)
class DayStatus:
    """A day as `kepil calendar` shows it: working or not, the name of its day off, its source, and
    whether kepil assumed it (a date not checked against the notice that fixes it)."""

    date: dt.date
    working: bool
    name: str | None
    source: str | None
    assumed: bool
    note: str


def day_status(d: dt.date, lang: Lang = "en") -> DayStatus:
    """`d`'s status with its source and the `assumed` mark: kz_days_off.yaml's own marks, the `holidays`
    package's "estimated" days, a transfer entry not checked against its decree."""
    working, name = is_working_day(d), holiday_name(d, lang)
    days_off, working_days = transfers()
    t = days_off.get(d) or working_days.get(d)
    if t is not None:
        return DayStatus(d, working, name, t.source, not t.certain, "")
    held = years_held().get(d.year)
    if held is not None:
        entry = held.days_off.get(d) or held.working.get(d)
        if entry is not None:
            note = entry.note[lang] if entry.note else ""
            return DayStatus(d, working, name, entry.source, entry.assumed, note)
        return DayStatus(d, working, name, held.source, False, "")
    estimated = "estimated" in str(_kz().get(d) or "")
    return DayStatus(d, working, name, "holidays (python package), country KZ", estimated, "")


def days_off(year: int, lang: Lang = "en") -> list[DayStatus]:
    """Every weekday off and every weekend day worked of `year`, and each day kepil holds an entry for,
    in date order (with their sources and assumed marks)."""
    day, out = dt.date(year, 1, 1), []
    while day.year == year:
        status = day_status(day, lang)
        listed = status.name is not None or status.assumed or (day.weekday() < 5) != status.working
        if listed:
            out.append(status)
        day += dt.timedelta(days=1)
    return out


def add_working_days(d: dt.date, n: int) -> dt.date:
    """The n-th working day after `d` (`d` itself not counted); `d` when n is 0."""
    if n < 0:
        raise InvalidInput("n", M.NEGATIVE_WORKING_DAYS.format(count=n))
    day = d
    first, last_year = years_known()
    last = dt.date(last_year, 12, 31)
    while n:
        if day >= last:  # past the days off kepil knows (and, far on, past dt.date.max: OverflowError)
            after = (day + dt.timedelta(days=1)).isoformat()
            raise InvalidInput("n", M.YEAR_NOT_KNOWN.format(date=after, first=first, last=last_year))
        day += dt.timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


def working_days_between(d1: dt.date, d2: dt.date) -> int:
    """Working days after `d1` up to and including `d2`; negative (the count from d2 to d1) if d2 < d1.

    So `working_days_between(d, add_working_days(d, n)) == n`.
    """
    if d2 < d1:
        return -working_days_between(d2, d1)
    count = 0
    day = d1
    while day < d2:
        day += dt.timedelta(days=1)
        count += is_working_day(day)
    return count


def working_day_index(first: dt.date, last: dt.date) -> tuple[list[dt.date], list[bool], list[int]]:
    """Each day from `first` to `last`, whether it is a working day, and the running count of working days
    up to and including it: `count[d2] - count[d1]` is `working_days_between(d1, d2)`. The set-based rules
    (waiting times, access criteria) join on it instead of asking the calendar per row."""
    days: list[dt.date] = []
    working: list[bool] = []
    counts: list[int] = []
    count, day = 0, first
    while day <= last:  # one step a calendar day (a few hundred a year), not a row
        works = is_working_day(day)
        count += works
        days.append(day)
        working.append(works)
        counts.append(count)
        day += dt.timedelta(days=1)
    return days, working, counts


_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
BAD_MONTH = Text(
    "{value!r} кезең емес; ЖЖЖЖ-АА күтіледі (мысалы 2026-03)",
    "{value!r} не период; ожидается ГГГГ-ММ (например 2026-03)",
    "{value!r} is not a period; expected YYYY-MM (e.g. 2026-03)",
)


def month_bounds(value: str, field: str = "period") -> tuple[dt.date, dt.date]:
    """The first and last day of the calendar month `YYYY-MM` (the periods of monitoring runs, payments
    and synthetic months); InvalidInput naming `field` for anything else."""
    m = _MONTH.match(value.strip())
    if m is None:
        raise InvalidInput(field, BAD_MONTH.format(value=value))
    year, month = int(m[1]), int(m[2])
    return dt.date(year, month, 1), dt.date(year, month, monthrange(year, month)[1])


def add_months(d: dt.date, months: int) -> dt.date:
    """The same day of the month `months` later (or earlier, when negative); the month's last day when it
    has no such day: `add_months(31 Jan 2026, 1) == 28 Feb 2026`. The terms "in a month" of the acts
    (`phc-attachment-rules` 10.1, `monitoring-rules` 53, 53-1) are counted so."""
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return dt.date(year, month, min(d.day, monthrange(year, month)[1]))
