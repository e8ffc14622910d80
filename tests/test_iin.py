"""IIN check digit, birth date and sex (contract coverage.md `person.iin`), and `kepil iin`."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from kepil.cli.main import app
from kepil.errors import InvalidInput
from kepil.reference.iin import IinInfo, check_digit, check_iin, is_valid_iin, make_iin, parse_iin

runner = CliRunner()

# 8,5,0,4,1,2,3,1,2,3,4 · 1..11 = 172; 172 mod 11 = 7 → 850412312347 (first weight set).
KNOWN = "850412312347"
# 8,5,0,4,1,2,3,0,0,7,0 · 1..11 = 120 → 10; · 3..11,1,2 = 147 → 4 (second weight set).
SECOND_WEIGHTS = "850412300704"
# First 11 digits for which both weight sets give 10: no valid IIN exists.
NO_CHECK_DIGIT = "85041230073"


def test_check_digit_first_weight_set() -> None:
    assert parse_iin(KNOWN) == IinInfo(True, dt.date(1985, 4, 12), "male")


def test_check_digit_second_weight_set() -> None:
    assert sum(int(c) * w for c, w in zip(SECOND_WEIGHTS[:11], range(1, 12), strict=True)) % 11 == 10
    assert check_digit(SECOND_WEIGHTS[:11]) == 4
    assert is_valid_iin(SECOND_WEIGHTS)
    assert not is_valid_iin(SECOND_WEIGHTS[:11] + "0")  # the first set's 10 is not a check digit


def test_ten_twice_is_never_valid() -> None:
    assert check_digit(NO_CHECK_DIGIT) is None
    for last in "0123456789":
        assert not is_valid_iin(NO_CHECK_DIGIT + last)
    with pytest.raises(InvalidInput, match="no check digit exists"):
        check_iin(NO_CHECK_DIGIT + "0")


def test_wrong_check_digit_names_expected_digit() -> None:
    with pytest.raises(InvalidInput) as e:
        check_iin("850412312348")
    assert e.value.field == "person.iin"
    assert "expected 7" in e.value.message


@pytest.mark.parametrize("value", ["", "85041231234", "8504123123477", "85041231234a", "8504 1231234"])
def test_not_twelve_digits(value: str) -> None:
    assert parse_iin(value) == IinInfo(False, None, None)
    with pytest.raises(InvalidInput, match="12 digits"):
        check_iin(value, field="iin")


@pytest.mark.parametrize(
    ("digit7", "year", "sex"),
    [("1", 1885, "male"), ("2", 1885, "female"), ("3", 1985, "male"), ("4", 1985, "female"),
     ("5", 2085, "male"), ("6", 2085, "female")],
)  # fmt: skip
def test_century_and_sex_digit(digit7: str, year: int, sex: str) -> None:
    first11 = f"850412{digit7}1234"
    number = first11 + str(check_digit(first11))
    assert parse_iin(number) == IinInfo(True, dt.date(year, 4, 12), sex)  # type: ignore[arg-type]


@pytest.mark.parametrize("first7", ["8502303", "8513013", "0000003", "8504120", "8504127", "8504129"])
def test_odd_date_or_century_never_rejects_valid_number(first7: str) -> None:
    """30 February, month 13, day 0 and century digits 0/7/9: valid number, date and sex unknown."""
    first11 = first7 + "0001"
    check = check_digit(first11)
    if check is None:  # pragma: no cover - the serials above were chosen to have a digit
        pytest.skip("no check digit")
    assert parse_iin(first11 + str(check)) == IinInfo(True, None, None)


@pytest.mark.parametrize("sex", ["male", "female"])
@pytest.mark.parametrize("born", [dt.date(1899, 12, 31), dt.date(1985, 4, 12), dt.date(2024, 2, 29)])
def test_make_iin_round_trips(born: dt.date, sex: str) -> None:
    for serial in range(0, 200, 7):
        number = make_iin(born, sex, serial)  # type: ignore[arg-type]
        assert parse_iin(number) == IinInfo(True, born, sex)  # type: ignore[arg-type]


def test_make_iin_skips_a_serial_without_check_digit() -> None:
    assert make_iin(dt.date(1985, 4, 12), "male", 73) == "850412300741"  # serial 0073 has none


def test_make_iin_rejects_years_outside_1800_2099() -> None:
    with pytest.raises(ValueError):
        make_iin(dt.date(2100, 1, 1), "male")


def test_cli_valid_json() -> None:
    r = runner.invoke(app, ["iin", KNOWN, "--json"])
    assert r.exit_code == 0
    assert json.loads(r.stdout) == {"valid": True, "birth_date": "1985-04-12", "sex": "male"}


def test_cli_invalid_exit_1_and_reason() -> None:
    r = runner.invoke(app, ["iin", "850412312348", "--json"])
    assert r.exit_code == 1
    assert json.loads(r.stdout) == {"valid": False, "birth_date": None, "sex": None}
    r = runner.invoke(app, ["iin", "850412312348"])
    assert r.exit_code == 1
    assert "expected 7" in r.output


def test_cli_usage_error_exit_2() -> None:
    assert runner.invoke(app, ["iin"]).exit_code == 2


@pytest.mark.parametrize(
    ("lang", "valid", "wrong_digit", "short"),
    [
        ("kk", "жарамды ЖСН; туған күні 1936-02-02; жынысы әйел",
         "жарамсыз: '900101300123' ЖСН емес: бақылау цифры сәйкес келмейді (12-цифры 3, болуы керегі 6)",
         "жарамсыз: '12ab' ЖСН емес: дәл 12 цифр күтіледі"),
        ("ru", "действительный ИИН; дата рождения 1936-02-02; пол женский",
         "недействителен: '900101300123' — не ИИН: контрольная цифра не совпадает "
         "(12-я цифра 3, должна быть 6)",
         "недействителен: '12ab' — не ИИН: ожидается ровно 12 цифр"),
        ("en", "valid IIN; birth date 1936-02-02; sex female",
         "not valid: '900101300123' is not an IIN: check digit fails (12th digit is 3, expected 6)",
         "not valid: '12ab' is not an IIN: expected exactly 12 digits"),
    ],
)  # fmt: skip
def test_the_iin_command_speaks_each_language(lang: str, valid: str, wrong_digit: str, short: str) -> None:
    """`kepil iin --lang`: the answer and each reason a registrar reads, in kk, ru and en; exit 1 when not
    valid (the 7th digit 4: a woman born in the 1900s, 02.02.1936)."""
    from typer.testing import CliRunner

    from kepil.cli.main import app

    def said(number: str) -> tuple[int, str]:
        r = CliRunner().invoke(app, ["iin", number, "--lang", lang])
        return r.exit_code, " ".join(r.output.split())

    assert said("360202400008") == (0, valid)
    assert said("900101300123") == (1, wrong_digit)
    assert said("12ab") == (1, short)
    ten_twice = CliRunner().invoke(app, ["iin", NO_CHECK_DIGIT + "0", "--lang", lang])
    assert ten_twice.exit_code == 1 and "10" in ten_twice.output
    assert CliRunner().invoke(app, ["iin", "360202400008", "--lang", "de"]).exit_code == 2
