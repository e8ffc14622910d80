"""kepil.validation, the field checks the coverage request and the attachment application share (issue 4:
HTTP 422 in the request's language): each refusal names the dotted field path it was given and says why in
kk, ru and en, quoting the value sent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from kepil import validation as V
from kepil.coverage.arrays import decide_json_array
from kepil.errors import InvalidInput
from kepil.i18n import Text
from kepil.reference.iin import make_iin

IIN = make_iin(dt.date(1990, 5, 1), "male")
BAD_CHECK = IIN[:11] + str((int(IIN[11]) + 1) % 10)
AB = ("a", "b")

# (what, the check, field path expected, kk, ru, en)
REFUSALS: list[tuple[str, Callable[[], Any], str, str, str, str]] = [
    ("object", lambda: V.json_object([1], "person"), "person",
     "объект күтілді, берілгені: [1]", "ожидался объект, получено: [1]", "expected an object, got [1]"),
    ("date not a string", lambda: V.iso_date(None, "insurance.start"), "insurance.start",
     "YYYY-MM-DD түріндегі жол ретінде күн күтілді, берілгені: бос мән (null)",
     "ожидалась дата строкой вида YYYY-MM-DD, получено: пустое значение (null)",
     "expected a date as a string YYYY-MM-DD, got nothing"),
    ("not a date", lambda: V.iso_date("2026-13-40", "date"), "date",
     "'2026-13-40' жарамды күн емес; YYYY-MM-DD түрі күтіледі",
     "'2026-13-40' — не дата; ожидается YYYY-MM-DD", "'2026-13-40' is not a date; expected YYYY-MM-DD"),
    ("enum", lambda: V.enum(None, "ground", AB), "ground",
     "бос мән (null) рұқсат етілген мәндердің бірі емес: a, b",
     "пустое значение (null) не входит в допустимые значения: a, b", "nothing is not one of: a, b"),
    ("nullable enum", lambda: V.nullable_enum("c", "person.sex", AB), "person.sex",
     "'c' рұқсат етілген мәндердің бірі емес: a, b", "'c' не входит в допустимые значения: a, b",
     "'c' is not one of: a, b"),
    ("flag", lambda: V.flag("yes", "border_area"), "border_area",
     "true немесе false күтілді, берілгені: 'yes'", "ожидалось true или false, получено: 'yes'",
     "expected true or false, got 'yes'"),
    ("nullable bool", lambda: V.nullable_bool(1, "person.insured"), "person.insured",
     "true, false немесе null күтілді, берілгені: 1", "ожидалось true, false или null, получено: 1",
     "expected true or false or null, got 1"),
    ("string", lambda: V.string("  ", "organisation_id"), "organisation_id",
     "бос емес жол күтілді, берілгені: '  '", "ожидалась непустая строка, получено: '  '",
     "expected a non-empty string, got '  '"),
    ("list", lambda: V.codes("a", "person.policies", AB), "person.policies",
     "a, b мәндерінің тізімі күтілді, берілгені: 'a'", "ожидался список из значений a, b, получено: 'a'",
     "expected a list of a, b, got 'a'"),
    ("list item", lambda: V.codes(["a", "c"], "documents", AB), "documents[1]",
     "'c' рұқсат етілген мәндердің бірі емес: a, b", "'c' не входит в допустимые значения: a, b",
     "'c' is not one of: a, b"),
    ("listed twice", lambda: V.codes(["b", "a", "b"], "categories", AB, once=True), "categories[2]",
     "'b' екі рет көрсетілген", "'b' указано дважды", "lists 'b' twice"),
    ("IIN digits", lambda: V.valid_iin("12345", "person.iin"), "person.iin",
     "'12345' ЖСН емес; 12 цифр күтіледі", "'12345' — не ИИН; ожидается 12 цифр",
     "'12345' is not an IIN; expected 12 digits"),
    ("IIN check digit", lambda: V.valid_iin(BAD_CHECK, "legal_representative_iin"),
     "legal_representative_iin",
     f"{BAD_CHECK} жарамды ЖСН емес: бақылау цифры сәйкес келмейді",
     f"{BAD_CHECK} — недействительный ИИН: контрольная цифра не совпадает",
     f"{BAD_CHECK} is not a valid IIN: its check digit does not match"),
]  # fmt: skip


@pytest.mark.parametrize(("what", "check", "field", "kk", "ru", "en"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_refusal_names_the_field_in_three_languages(
    what: str, check: Callable[[], Any], field: str, kk: str, ru: str, en: str
) -> None:
    """Issue 4: the field path as given (list items at `field[i]`) and the message word for word."""
    with pytest.raises(InvalidInput) as e:
        check()
    assert e.value.field == field
    assert e.value.texts == Text(kk, ru, en)


def test_accepted_values_and_null() -> None:
    """What passes comes back typed; null is None, false or the empty list as each check says."""
    assert V.json_object({"a": 1}, "f") == {"a": 1}
    assert V.iso_date("2026-02-28", "f") == dt.date(2026, 2, 28)
    assert V.enum("b", "f", AB) == "b" and V.nullable_enum(None, "f", AB) is None
    assert V.flag(None, "f") is False and V.flag(True, "f") is True
    assert V.nullable_bool(None, "f") is None and V.nullable_bool(False, "f") is False
    assert V.string(" P1 ", "f") == "P1"
    assert V.codes(None, "f", AB) == [] and V.codes(["a", "a"], "f", AB) == ["a", "a"]
    info = V.valid_iin(IIN, "f")
    assert (info.birth_date, info.sex) == (dt.date(1990, 5, 1), "male")


def test_fill_puts_a_text_in_each_language() -> None:
    assert V.fill(V.NOT_ONE_OF, value=V.shown(None), allowed="x") == Text(
        "бос мән (null) рұқсат етілген мәндердің бірі емес: x",
        "пустое значение (null) не входит в допустимые значения: x",
        "nothing is not one of: x",
    )


def test_body_not_json_in_three_languages() -> None:
    """The one answer to a body that is not JSON (the coverage array here; also the routes' single request,
    attachments and FHIR)."""
    with pytest.raises(InvalidInput) as e:
        decide_json_array(b"{not json")
    assert e.value.field == "body"
    assert e.value.texts == V.BODY_NOT_JSON
    assert V.BODY_NOT_JSON.as_dict() == {
        "kk": "Сұраныс денесі JSON емес",
        "ru": "Тело запроса — не JSON",
        "en": "The request body is not JSON",
    }
