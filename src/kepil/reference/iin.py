"""The individual identification number (ЖСН / ИИН): 12 digits, a check digit, birth date and sex.

Structure of an individual's IIN: digits 1–6 the birth date YYMMDD, digit 7 the century and sex
(1/2 = 1800s, 3/4 = 1900s, 5/6 = 2000s; odd male, even female), digits 8–11 a registration serial,
digit 12 the check digit. The check digit is sum(digit_i * w_i) mod 11 over the first 11 digits with
weights 1..11; when that is 10, the weights 3..11, 1, 2 are used; when that is 10 again no valid IIN
has these first 11 digits.

The date digits are informative only (contract `coverage.md`, `person.iin`): a number whose check digit
holds is valid even if its date does not exist — then birth_date and sex are None.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from kepil.errors import InvalidInput
from kepil.i18n import Text

Sex = Literal["male", "female"]

# The two weight sets of the check digit (public: the vectorised checks use them too).
WEIGHTS_1 = tuple(range(1, 12))
WEIGHTS_2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
_DIGITS_12 = re.compile(r"[0-9]{12}")
# 7th digit → first year of the century; odd digits are male, even female.
CENTURY = {1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000}


@dataclass(frozen=True, slots=True)
class IinInfo:
    valid: bool
    birth_date: dt.date | None
    sex: Sex | None


_INVALID = IinInfo(valid=False, birth_date=None, sex=None)


def check_digit(first11: str) -> int | None:
    """The check digit for the first 11 digits, or None when both weight sets give 10."""
    digits = [int(c) for c in first11]
    for weights in (WEIGHTS_1, WEIGHTS_2):
        r = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if r != 10:
            return r
    return None


def _birth(number: str) -> tuple[dt.date | None, Sex | None]:
    century = CENTURY.get(int(number[6]))
    if century is None:
        return None, None
    sex: Sex = "male" if int(number[6]) % 2 else "female"
    try:
        born = dt.date(century + int(number[0:2]), int(number[2:4]), int(number[4:6]))
    except ValueError:
        return None, None
    return born, sex


NOT_12_DIGITS = Text(
    "{value} ЖСН емес: дәл 12 цифр күтіледі",
    "{value} — не ИИН: ожидается ровно 12 цифр",
    "{value} is not an IIN: expected exactly 12 digits",
)
NO_CHECK_DIGIT = Text(
    "{value} ЖСН емес: алғашқы 11 цифры үшін бақылау цифры болмайды (екі салмақ тізбегі де 10 береді)",
    "{value} — не ИИН: для первых 11 цифр контрольной цифры нет (оба ряда весов дают 10)",
    "{value} is not an IIN: no check digit exists for its first 11 digits (both weights give 10)",
)
CHECK_DIGIT_FAILS = Text(
    "{value} ЖСН емес: бақылау цифры сәйкес келмейді (12-цифры {digit}, болуы керегі {expected})",
    "{value} — не ИИН: контрольная цифра не совпадает (12-я цифра {digit}, должна быть {expected})",
    "{value} is not an IIN: check digit fails (12th digit is {digit}, expected {expected})",
)


def _problem(value: str) -> Text | None:
    """Why `value` is not a valid IIN (in kk, ru and en), or None when it is."""
    shown = repr(value)
    if not _DIGITS_12.fullmatch(value):
        return NOT_12_DIGITS.format(value=shown)
    expected = check_digit(value[:11])
    if expected is None:
        return NO_CHECK_DIGIT.format(value=shown)
    if expected != int(value[11]):
        return CHECK_DIGIT_FAILS.format(value=shown, digit=value[11], expected=expected)
    return None


@lru_cache(maxsize=1 << 16)
def parse_iin(value: str) -> IinInfo:
    """Validity, birth date and sex of `value` (surrounding whitespace ignored). Cached: the same person's
    IIN comes again and again, and a request reads it twice (its check, then its birth date)."""
    number = value.strip()
    if _problem(number) is not None:
        return _INVALID
    born, sex = _birth(number)
    return IinInfo(valid=True, birth_date=born, sex=sex)


def is_valid_iin(value: str) -> bool:
    return parse_iin(value).valid


def check_iin(value: str, field: str = "person.iin") -> IinInfo:
    """Like parse_iin, but an invalid number raises InvalidInput naming `field` and the reason."""
    problem = _problem(value.strip())
    if problem is not None:
        raise InvalidInput(field, problem)
    return parse_iin(value)


def invalid_reason(value: str) -> Text | None:
    """One line saying why `value` is not a valid IIN (in kk, ru and en), or None when it is."""
    return _problem(value.strip())


def make_iin(birth_date: dt.date, sex: Sex, serial: int = 0) -> str:
    """A valid IIN for `birth_date` and `sex` with the registration serial `serial` (digits 8–11).

    When no check digit exists for a serial (both weight sets give 10) the next serial is used.
    For tests and synthetic data; the serials of real numbers are assigned by the registry.
    """
    base = {1800: 1, 1900: 3, 2000: 5}.get(birth_date.year // 100 * 100)
    if base is None:
        raise ValueError(f"IINs encode years 1800–2099 only, not {birth_date.year}")
    if sex not in ("male", "female"):
        raise ValueError(f"sex must be 'male' or 'female', not {sex!r}")
    digit7 = base if sex == "male" else base + 1
    for s in range(serial, 10_000):
        first11 = f"{birth_date:%y%m%d}{digit7}{s:04d}"
        check = check_digit(first11)
        if check is not None:
            return f"{first11}{check}"
    raise ValueError(f"no valid IIN with a serial from {serial} to 9999")
