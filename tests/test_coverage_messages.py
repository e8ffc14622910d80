"""Issue 4: a coverage request's error answers speak the request's language (kk, ru, en), on the single
path, the batch path and the CLI alike; the English stays the contract's (coverage.md, "Codes")."""

from __future__ import annotations

import datetime as dt
import json
import re
import string
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kepil.cli.main import app
from kepil.coverage import columns as C
from kepil.coverage import messages as M
from kepil.coverage.batch import as_answer, decide_frame
from kepil.coverage.decision import decide
from kepil.coverage.files import decide_file
from kepil.coverage.synthetic import requests
from kepil.i18n import LANGS, Text
from kepil.law import acts
from test_coverage_errors import ERRORS
from test_coverage_rules import req, svc

AMBULANCE = svc("ambulance", "emergency")
BASE = req(service=AMBULANCE)
CYRILLIC = re.compile("[а-яА-ЯёЁәғқңөұүһіӘҒҚҢӨҰҮҺІ]")


def _person(**kw: Any) -> dict[str, Any]:
    return req(service=AMBULANCE, **kw)


# (what, request, field, values the English names and every language must name too)
KINDS: list[tuple[str, dict[str, Any], str, tuple[str, ...]]] = [
    ("missing date", {k: v for k, v in BASE.items() if k != "date"}, "date", ()),
    ("bad date", {**BASE, "date": "2026-13-40"}, "date", ("'2026-13-40'", "YYYY-MM-DD")),
    ("bad IIN check digit", _person(iin="850412312348"), "person.iin", ("850412312348",)),
    ("unknown residency", _person(residency="resident"), "person.residency", ("'resident'", "kandas")),
    ("unknown kind", req(service=svc("surgery", "planned")), "service.kind", ("'surgery'", "inpatient")),
    ("bad ICD-10 code", req(service=svc("inpatient", "planned", icd10="Z99.99")), "service.icd10",
     ("'Z99.99'", "K80.1")),
    ("wrong type boolean", _person(insured="yes"), "person.insured", ("'yes'", "true", "false")),
    ("birth date after date", _person(birth_date="2026-06-02"), "person.birth_date",
     ("2026-06-02", "2026-06-01")),
    ("stay_purpose on a citizen", _person(stay_purpose="labour"), "person.stay_purpose",
     ("temporary_resident", "citizen")),
    ("policy twice", _person(policies=["vhi", "vhi"]), "person.policies", ()),
]  # fmt: skip


def _messages(request: Any) -> dict[str, dict[str, Any]]:
    return {lang: decide(request, lang=lang)["error"] for lang in LANGS}


@pytest.mark.parametrize(("what", "request_", "field", "values"), KINDS, ids=[k[0] for k in KINDS])
def test_invalid_input_message_in_three_languages(
    what: str, request_: dict[str, Any], field: str, values: tuple[str, ...]
) -> None:
    """Issue 4: `invalid_input` names the same field in every language and says it in kk, ru and en:
    each non-empty, no two alike, kk and ru in Cyrillic, each naming the value the English names."""
    errors = _messages(request_)
    assert {e["code"] for e in errors.values()} == {"invalid_input"}
    assert {e["field"] for e in errors.values()} == {field}
    texts = {lang: e["message"] for lang, e in errors.items()}
    assert all(t.strip() for t in texts.values()), texts
    assert len(set(texts.values())) == 3, texts
    assert CYRILLIC.search(texts["kk"]) and CYRILLIC.search(texts["ru"]), texts
    assert not CYRILLIC.search(texts["en"]), texts
    for value in values:
        assert all(value in t for t in texts.values()), (value, texts)


def test_kazakh_is_not_russian() -> None:
    """The kk messages use Kazakh words and terms (GLOSSARY: ЖСН, not ИИН), not the Russian ones."""
    kk = decide(_person(iin="850412312348"), lang="kk")["error"]["message"]
    ru = decide(_person(iin="850412312348"), lang="ru")["error"]["message"]
    assert "ЖСН" in kk and "ИИН" not in kk and "ИИН" in ru
    icd_kk = decide(req(service=svc("inpatient", "planned", icd10="XYZ")), lang="kk")["error"]["message"]
    assert "АХЖ-10" in icd_kk


def test_english_is_unchanged() -> None:
    """The English the contract's clients already read stays word for word (coverage.md examples)."""
    assert decide({**BASE, "date": "2026-13-40"})["error"]["message"] == (
        "'2026-13-40' is not a date; expected YYYY-MM-DD"
    )
    assert decide(_person(policies=["vhi", "vhi"]), lang="en")["error"]["message"] == "lists a policy twice"
    assert decide(_person(iin="850412312348"))["error"]["message"] == (
        "850412312348 is not a valid IIN: its check digit does not match"
    )


@pytest.mark.parametrize(("what", "request_", "field"), ERRORS, ids=[e[0] for e in ERRORS])
def test_every_invalid_input_speaks_three_languages(what: str, request_: Any, field: str) -> None:
    """Every kind of invalid input of the validation tests, not only the ten above, in kk, ru and en."""
    errors = _messages(request_)
    assert {e["field"] for e in errors.values()} == {field}
    texts = [e["message"] for e in errors.values()]
    assert all(t.strip() for t in texts) and len(set(texts)) == 3, texts


def test_templates_agree_on_placeholders() -> None:
    """Each catalogue entry has the same {placeholders} in kk, ru and en, so no language drops a value."""
    templates = [v for v in vars(M).values() if isinstance(v, Text)]
    assert len(templates) >= 20
    for t in templates:
        fields = [{f for _, f, _, _ in string.Formatter().parse(t[lang]) if f} for lang in LANGS]
        assert fields[0] == fields[1] == fields[2], t
        assert len({t.kk, t.ru, t.en}) == 3, t


@pytest.mark.parametrize("date", ["2025-12-31", "2029-01-01"])
def test_law_not_in_force_in_three_languages(date: str) -> None:
    """program-2026-2028 is in force 2026-01-01..2028-12-31: outside it `law_not_in_force`, its reason in
    the request's language (kepil.law.acts.not_in_force_reason)."""
    out = {lang: decide(req(date, service=AMBULANCE), lang=lang)["error"] for lang in LANGS}
    assert {e["code"] for e in out.values()} == {"law_not_in_force"}
    assert {e["field"] for e in out.values()} == {"date"}
    reason = acts.not_in_force_reason("program-2026-2028", dt.date.fromisoformat(date))
    assert reason is not None
    assert {lang: e["message"] for lang, e in out.items()} == reason.as_dict()
    assert len({e["message"] for e in out.values()}) == 3


def test_unknown_language_is_refused() -> None:
    """Only kk, ru and en: anything else is the caller's mistake (ValueError), on both paths."""
    with pytest.raises(ValueError):
        decide(BASE, lang="de")
    with pytest.raises(ValueError):
        decide_frame(C.typed(requests(3, seed=1)), lang="EN")


def test_decisions_do_not_depend_on_the_language() -> None:
    """A decision is the same whatever `lang`: its explanation already holds kk, ru and en."""
    answers = [decide(BASE, lang=lang) for lang in LANGS]
    assert answers[0] == answers[1] == answers[2] and "error" not in answers[0]


def test_batch_and_single_agree_in_russian() -> None:
    """Issue 3 and 4: the batch path's error rows are the single path's answers in the same language."""
    t = C.typed(requests(1500, seed=11, invalid_share=0.2))
    out = decide_frame(t, lang="ru")
    single = [decide(C.raw_request(r), lang="ru") for r in t.iter_rows(named=True)]
    batch = [as_answer(r) for r in out.iter_rows(named=True)]
    errors = [a for a in single if "error" in a]
    assert len(errors) > 100
    assert all(CYRILLIC.search(a["error"]["message"]) for a in errors)
    diffs = [(i, s, b) for i, (s, b) in enumerate(zip(single, batch, strict=True)) if s != b]
    assert not diffs, diffs[:3]


def test_batch_file_errors_in_kazakh(tmp_path: Path) -> None:
    """A batch file's error rows, a line that is not JSON among them, in the chosen language."""
    bad = _person(iin="850412312348")
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(BASE) + "\n{not json\n" + json.dumps(bad) + "\n")
    assert decide_file(src, tmp_path / "out.jsonl", lang="kk") == (3, 2)
    lines = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert lines[0]["funding"] == "gvfmc"
    assert lines[1]["error"]["field"] == "line 2" and lines[1]["error"]["message"].startswith("JSON емес")
    assert lines[2]["error"] == {**decide(bad, lang="kk")["error"], "row": 3}


runner = CliRunner()


def test_cli_lang_ru_gives_the_russian_message() -> None:
    """`kepil coverage decide --lang ru`: the JSON error object's message in Russian; default English."""
    bad = json.dumps({**BASE, "date": "2026-13-40"})
    r = runner.invoke(app, ["coverage", "decide", "--lang", "ru"], input=bad)
    assert r.exit_code == 1
    error = json.loads(r.stdout)["error"]
    assert error == {
        "code": "invalid_input",
        "field": "date",
        "message": "'2026-13-40' — не дата; ожидается YYYY-MM-DD",
    }
    r = runner.invoke(app, ["coverage", "decide"], input=bad)
    assert json.loads(r.stdout)["error"]["message"] == "'2026-13-40' is not a date; expected YYYY-MM-DD"


def test_cli_text_format_error_in_kazakh() -> None:
    """--format text --lang kk: the error panel in Kazakh, as the decisions already are."""
    r = runner.invoke(
        app,
        ["coverage", "decide", "--format", "text", "--lang", "kk"],
        input=json.dumps(_person(iin="850412312348")),
    )
    assert r.exit_code == 1 and "бақылау цифры" in r.stdout


def test_cli_batch_lang_ru(tmp_path: Path) -> None:
    """--input/--output with --lang ru: the error rows of the written file in Russian."""
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text(json.dumps(BASE) + "\n" + json.dumps(_person(stay_purpose="labour")) + "\n")
    r = runner.invoke(app, ["coverage", "decide", "--lang", "ru", "--input", str(src), "--output", str(dst)])
    assert r.exit_code == 1, r.output
    lines = [json.loads(x) for x in dst.read_text().splitlines()]
    assert lines[1]["error"]["message"] == "применяется только к temporary_resident, а не к citizen"
