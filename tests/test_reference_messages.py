"""The refusals of the reference files' readers in kk, ru and en, through the entry point a person hits.

A bad disease list or ICD-10 range (KEPIL_REFERENCE_DIR, read by `kepil coverage decide` and the API), a
bad calendar file (`kepil calendar`), acts registry (KEPIL_ACTS_YAML, `kepil acts`), parameters file
(KEPIL_PARAMETERS_YAML, `kepil params`), classifier column file (`kepil classifier --columns`), and the
look-ups of codes (regions, bed profiles, app2 directions, defect codes, parameters): each is one line
naming the file and key (exit 2, or HTTP 422), said in the command's --lang (or KEPIL_LANG), and its Kazakh
and Russian hold no English word (only the keys, codes and values the file holds).
"""

from __future__ import annotations

import datetime as dt
import re
import string
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from kepil.cli.main import app
from kepil.data import data_path
from kepil.i18n import LANGS, Text
from kepil.reference import messages as M

runner = CliRunner()

# The keys, codes and machine formats a message may name in every language (what the files hold).
KEYS = {
    *("kk", "ru", "en", "id", "name", "versions", "entries", "source", "certainty", "completeness", "icd10"),
    *("transfers", "years", "year", "certain", "date", "kind", "note", "why", "rules", "act", "clause"),
    *("from", "value", "published", "stated", "decree", "order", "law", "holiday", "complete", "partial"),
    *("columns", "position", "classifier", "method", "inn", "row", "kepil", "params", "true", "false"),
    *("YYYY", "MM", "DD", "YAML", "UTF", "WHO"),
    *("Bad", "Name", "nope", "Atlantis", "xx", "yes", "zz", "feast", "weekly", "Saturday"),  # values sent
}
_FIELD = re.compile(r"^(?:error: )?\S+?: ")  # the field a one-line error starts with
_QUOTED = re.compile(r"'[^']*'|`[^`]*`|\([^()]*\.yaml\)")
_CODES = re.compile(r"[a-z][\w-]*(?:, [a-z][\w-]*)+")  # a list of the codes allowed: "decree, order"
_IDENT = re.compile(r"\S*[_\d./\\:\[\]-]\S*")  # codes, keys with _, paths, dates, ranges


def english_words(message: str) -> set[str]:
    """The Latin words of a kk/ru message that are not a key, code or value the file holds."""
    rest = _CODES.sub(" ", _QUOTED.sub(" ", _FIELD.sub("", message.strip(), count=1)))
    rest = _IDENT.sub(" ", rest)
    return {w for w in re.findall(r"[A-Za-z]{2,}", rest) if w not in KEYS}


def one_line(output: str) -> str:
    return " ".join(output.split())


def cli_said(args: list[str], env: dict[str, str], lang_option: bool = True) -> dict[str, str]:
    """`kepil ARGS` in kk, ru and en (--lang, or KEPIL_LANG for a command without it): the error line of
    each, exit 2, no traceback."""
    out: dict[str, str] = {}
    for lang in LANGS:
        full = [*args, "--lang", lang] if lang_option else args
        result = runner.invoke(app, full, env={**env, "KEPIL_LANG": lang})
        assert result.exit_code == 2, (lang, result.output, result.exception)
        assert "Traceback" not in result.output
        out[lang] = one_line(result.output)
    return out


def check_three(said: Mapping[Any, str], field: str, words: tuple[str, str, str]) -> None:
    """The error names `field` in every language, says `words` (kk, ru, en), and its kk and ru are not
    English."""
    assert len(set(said.values())) == 3, said
    for lang, word in zip(LANGS, words, strict=True):
        assert f"{field}: " in said[lang], (lang, said[lang])
        assert word in said[lang], (lang, said[lang])
    for lang in ("kk", "ru"):
        assert not english_words(said[lang]), (lang, english_words(said[lang]), said[lang])


# --------------------------------------------------------------------------- the catalogue itself


def test_every_entry_speaks_three_languages_with_the_same_placeholders() -> None:
    entries = {name: t for name, t in vars(M).items() if isinstance(t, Text)}
    assert len(entries) >= 45
    for name, t in entries.items():
        fields = [
            {f.split("|")[0] for _, f, _, _ in string.Formatter().parse(t[lang]) if f} for lang in LANGS
        ]
        assert fields[0] == fields[1] == fields[2], name
        assert len({t.kk, t.ru, t.en}) == 3, name
        for lang in ("kk", "ru"):
            text = re.sub(r"\{[^}]*\}", " ", t[lang])
            assert not english_words(f"x: {text}"), (name, lang)


# ---------------------------------------------------------------------- disease lists and ICD-10 ranges

REQUEST = (
    '{"date": "2026-05-10", "person": {"residency": "citizen", "birth_date": "1985-04-12", "sex": "male", '
    '"insured": false}, "service": {"kind": "outpatient_specialized", "form": "planned", "icd10": "A15.0"}}'
)


def disease_list(**version: Any) -> str:
    entry = {"name": {"kk": "а", "ru": "а", "en": "a"}, "icd10": "A15-A19", "certainty": "c"}
    v = {"source": "s", "effective_from": "2020-01-01", "certainty": "c", "entries": [entry], **version}
    return yaml.safe_dump(
        {"id": "socially_significant", "name": {"kk": "а", "ru": "а", "en": "a"}, "versions": [v]}
    )


def _icd(codes: str) -> str:
    return disease_list(
        entries=[{"name": {"kk": "а", "ru": "а", "en": "a"}, "icd10": codes, "certainty": "c"}]
    )


LISTS = [
    (
        "- x\n",
        "bad.yaml",
        ("кілттері бар объект", "ожидается объект с ключами id, name", "expected a mapping with id"),
    ),
    (
        "id: [\n",
        "bad.yaml",
        ("YAML ретінде оқылмайды: 2-жол", "не читается как YAML: строка 2", "as YAML: line 2"),
    ),
    (
        "id: x\nname: {kk: а}\nversions: []\n",
        "bad.yaml:name",
        ("kk, ru және en мәтіндері", "с текстами kk, ru и en", "with kk, ru and en texts"),
    ),
    (
        "id: x\nname: {kk: а, ru: а, en: a}\nversions: []\n",
        "bad.yaml:versions",
        ("бос емес тізім", "непустой список", "a non-empty list"),
    ),
    (
        disease_list(source=" "),
        "bad.yaml:versions[0].source",
        ("бос емес жол", "непустая строка", "non-empty string"),
    ),
    (
        disease_list(entries=["x"]),
        "bad.yaml:versions[0].entries[0]",
        ("name, icd10, certainty кілттері", "с ключами name, icd10, certainty", "a mapping with name, icd10"),
    ),
    (
        disease_list(effective_from="2020-13-01"),
        "bad.yaml:versions[0].effective_from",
        ("жарамды күн емес", "не дата", "is not a date"),
    ),
    (
        disease_list(effective_to="2019-01-01"),
        "bad.yaml:versions[0].effective_to",
        (
            "«effective_from» күнінен (2020-01-01) бұрын",
            "раньше, чем «effective_from»",
            "is before `effective_from`",
        ),
    ),
    (
        disease_list(completeness="some"),
        "bad.yaml:versions[0].completeness",
        ("рұқсат етілген мәндердің бірі емес", "не входит в допустимые", "is not one of: complete, partial"),
    ),
    (
        _icd("B20-A00"),
        "bad.yaml:versions[0].entries[0].icd10 (a)",
        ("аралығы кері жазылған", "записан наоборот", "runs backwards"),
    ),
    (
        _icd("A00-B00-C00"),
        "bad.yaml:versions[0].entries[0].icd10 (a)",
        ("код та емес, екі кодтың аралығы да емес", "не код и не диапазон", "not a code or a range"),
    ),
    (
        _icd("A00-Q99.99"),
        "bad.yaml:versions[0].entries[0].icd10 (a)",
        ("АХЖ-10 (ДДСҰ 2019) коды емес", "не код МКБ-10 (ВОЗ 2019)", "is not an ICD-10 (WHO 2019) code"),
    ),
    (
        _icd(", ;"),
        "bad.yaml:versions[0].entries[0].icd10 (a)",
        ("бірде-бір АХЖ-10 коды жоқ", "нет ни одного кода МКБ-10", "holds no ICD-10 code"),
    ),
]


def _overlapping() -> str:
    first = yaml.safe_load(disease_list(effective_to="2026-12-31"))
    second = yaml.safe_load(disease_list(effective_from="2026-06-01"))
    first["versions"] += second["versions"]
    return yaml.safe_dump(first)


LISTS.append(
    (
        _overlapping(),
        "bad.yaml",
        ("нұсқалардың мерзімдері қабаттасады", "пересекаются", "versions from 2020-01-01"),
    )
)


@pytest.mark.parametrize(("text", "field", "words"), LISTS)
def test_a_bad_disease_list_is_refused_in_three_languages(
    text: str, field: str, words: tuple[str, str, str], tmp_path: Path
) -> None:
    (tmp_path / "ref").mkdir()
    (tmp_path / "ref" / "bad.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "r.json").write_text(REQUEST, encoding="utf-8")
    env = {"KEPIL_REFERENCE_DIR": str(tmp_path / "ref")}
    check_three(cli_said(["coverage", "decide", str(tmp_path / "r.json")], env), field, words)


def test_a_reference_dir_that_is_no_folder_is_refused_in_three_languages(tmp_path: Path) -> None:
    (tmp_path / "r.json").write_text(REQUEST, encoding="utf-8")
    env = {"KEPIL_REFERENCE_DIR": str(tmp_path / "r.json")}
    said = cli_said(["coverage", "decide", str(tmp_path / "r.json")], env)
    check_three(said, "KEPIL_REFERENCE_DIR", ("қалта емес", "не папка", "is not a folder"))


def test_a_bad_disease_list_over_http_in_the_requests_language(
    api: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "bad.yaml").write_text(_icd("B20-A00"), encoding="utf-8")
    monkeypatch.setenv("KEPIL_REFERENCE_DIR", str(tmp_path))
    import json

    said: dict[str, str] = {}
    for lang in LANGS:
        response = api.as_("analyst", lang=lang).post("/v1/coverage/decisions", json=json.loads(REQUEST))
        assert response.status_code == 422, response.text
        error = response.json()["error"]
        assert error["field"] == "bad.yaml:versions[0].entries[0].icd10 (a)"
        said[lang] = f"{error['field']}: {error['message']}"
    check_three(said, "(a)", ("аралығы кері жазылған", "записан наоборот", "runs backwards"))


# --------------------------------------------------------------------------- the working-day calendar


def _transfers(row: Any) -> str:
    return yaml.safe_dump({"transfers": [row]})


def _days_off(year: dict[str, Any]) -> str:
    return yaml.safe_dump({"years": [{"year": 2026, "source": "s", **year}]})


_DAY = {"date": "2026-05-28", "kind": "holiday", "name": {"kk": "а", "ru": "а", "en": "a"}}
_FILE = "kz_working_day_transfers.yaml"
_DAYS = "kz_days_off.yaml"
CALENDAR = [
    (
        _FILE,
        "transfers: 1\n",
        _FILE,
        ("transfers кілттері бар", "с ключами transfers", "a mapping with transfers"),
    ),
    (
        _FILE,
        _transfers({"day_off": "2026-03-09"}),
        f"{_FILE}:transfers[0]",
        ("year, day_off, working_day", "с ключами year, day_off", "a mapping with year, day_off"),
    ),
    (
        _FILE,
        _transfers({"year": 2026}),
        f"{_FILE}:transfers[0]",
        (
            "day_off және working_day екеуі де берілмеген",
            "не задан ни day_off, ни working_day",
            "neither day_off nor working_day",
        ),
    ),
    (
        _FILE,
        _transfers({"year": 2026, "working_day": "2026-03-09"}),
        f"{_FILE}:transfers[0].working_day",
        ("сенбі де, жексенбі де емес", "не суббота и не воскресенье", "is not a Saturday or Sunday"),
    ),
    # Read wrongly before: a quoted "false" was true (bool of a non-empty text); now refused.
    (
        _FILE,
        _transfers({"year": 2026, "day_off": "2026-03-09", "certain": "false"}),
        f"{_FILE}:transfers[0].certain",
        ("true немесе false күтілді", "ожидалось true или false", "expected true or false"),
    ),
    (_DAYS, "years: {}\n", _DAYS, ("years кілттері бар", "с ключами years", "a mapping with years")),
    (
        _DAYS,
        yaml.safe_dump({"years": [{"year": 2026}]}),
        f"{_DAYS}:years[0]",
        ("year, source, days_off кілттері", "с ключами year, source", "a mapping with year, source"),
    ),
    (
        _DAYS,
        _days_off({"days_off": [{**_DAY, "kind": "feast"}]}),
        f"{_DAYS}:years[0].days_off[0].kind",
        ("рұқсат етілген мәндердің бірі емес", "не входит в допустимые", "is not one of: holiday"),
    ),
    (
        _DAYS,
        _days_off({"days_off": [{**_DAY, "date": "2027-05-28"}]}),
        f"{_DAYS}:years[0].days_off[0].date",
        ("2026 жылға жатпайды", "не относится к 2026 году", "is not in 2026"),
    ),
    (
        _DAYS,
        _days_off({"days_off": [{**_DAY, "note": {"kk": "а"}}]}),
        f"{_DAYS}:years[0].days_off[0].note",
        ("kk, ru және en мәтіндері", "с текстами kk, ru и en", "with kk, ru and en texts"),
    ),
    (
        _DAYS,
        _days_off({"days_off": ["2026-05-28"]}),
        f"{_DAYS}:years[0].days_off[0]",
        ("date, name, kind кілттері", "с ключами date, name, kind", "a mapping with date, name, kind"),
    ),
    # A traceback before (a name that is no mapping; a list that is a number): now refused.
    (
        _DAYS,
        _days_off({"working_days": [{"date": "2026-05-30", "name": "Saturday"}]}),
        f"{_DAYS}:years[0].working_days[0].name",
        ("kk, ru және en", "с текстами kk, ru и en", "with kk, ru and en"),
    ),
    (
        _DAYS,
        _days_off({"days_off": 5}),
        f"{_DAYS}:years[0].days_off",
        ("тізім күтілді", "ожидается список", "expected a list"),
    ),
    (
        _DAYS,
        _days_off({"transfers_assumed": "no"}),
        f"{_DAYS}:years[0].transfers_assumed",
        ("true немесе false", "true или false", "expected true or false"),
    ),
]


@pytest.mark.parametrize(("name", "text", "field", "words"), CALENDAR)
def test_a_bad_calendar_file_is_refused_in_three_languages(
    name: str, text: str, field: str, words: tuple[str, str, str], tmp_path: Path
) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    said = cli_said(["calendar", "is-working-day", "2026-06-01"], {"KEPIL_REFERENCE_DIR": str(tmp_path)})
    check_three(said, field, words)


@pytest.mark.parametrize(
    ("n", "words"),
    [
        ("x", ("бүтін сан емес", "не целое число", "is not a whole number")),
        ("-3", ("теріс сан", "отрицательное число", "is negative")),
    ],
)
def test_a_bad_number_of_working_days_in_the_users_language(n: str, words: tuple[str, str, str]) -> None:
    """`kepil calendar add-working-days` has no --lang: KEPIL_LANG chooses."""
    said = cli_said(["calendar", "add-working-days", "2026-03-19", "--", n], {}, lang_option=False)
    check_three(said, "N", words)


# --------------------------------------------------------------------------- the acts registry


def _acts(change: Any) -> str:
    tree = yaml.safe_load(data_path("acts.yaml").read_text(encoding="utf-8"))
    change(tree)
    return yaml.safe_dump(tree, allow_unicode=True)


def _act(tree: dict[str, Any], key: str, value: Any) -> None:
    tree["acts"][0][key] = value


def _entry(tree: dict[str, Any], **values: Any) -> None:
    tree["acts"][0]["in_force_from"] = values


PROGRAM = "acts.yaml:acts[program-2026-2028]"
ACTS = [
    (
        lambda t: _act(t, "signed", "2025-13-09"),
        f"{PROGRAM}.signed",
        ("жарамды күн емес", "не дата", "not a date"),
    ),
    (
        lambda t: _act(t, "kind", "law"),
        f"{PROGRAM}.kind",
        ("мәндердің бірі емес", "не входит в допустимые", "'law' is not one of: decree, order"),
    ),
    (
        lambda t: _act(t, "title", {"kk": "а"}),
        f"{PROGRAM}.title",
        ("kk, ru және en", "kk, ru и en", "kk, ru and en"),
    ),
    (
        lambda t: t["acts"][0].pop("number"),
        f"{PROGRAM}.number",
        ("міндетті кілт жоқ", "обязательный ключ", "a required key is missing"),
    ),
    (
        lambda t: _act(t, "id", "no-such-act"),
        "acts.yaml:acts[0].id",
        ("мәндердің бірі емес", "не входит в допустимые", "is not one of"),
    ),
    (
        lambda t: _act(t, "amended_by", 5),
        f"{PROGRAM}.amended_by",
        ("тізім күтілді", "ожидается список", "expected a list"),
    ),
    (
        lambda t: _entry(t, rule="stated", assumption=False),
        f"{PROGRAM}.in_force_from.date",
        ("`date` немесе `published` керек", "нужен `date` или `published`", "needs `date` or `published`"),
    ),
    (
        lambda t: _entry(t, rule="weekly", date=dt.date(2026, 1, 1), assumption=False),
        f"{PROGRAM}.in_force_from.rule",
        ("мәндердің бірі емес", "не входит в допустимые", "is not one of: program_period"),
    ),
    (
        lambda t: _entry(t, rule="stated", date=dt.date(2026, 1, 1), assumption="yes"),
        f"{PROGRAM}.in_force_from.assumption",
        ("true немесе false", "true или false", "expected true or false"),
    ),
    (
        lambda t: _entry(t, rule="stated", date=dt.date(2026, 1, 1), assumption=True),
        f"{PROGRAM}.in_force_from.note",
        ("болжамның негіздемесі", "обоснование", "needs its reasoning"),
    ),
    (lambda t: t["acts"].append(t["acts"][0]), "acts.yaml:acts", ("бір реттен", "по одному разу", "once")),
    (lambda t: t.update(acts=5), "acts.yaml:acts", ("тізім күтілді", "ожидается список", "expected a list")),
]


@pytest.mark.parametrize(("change", "field", "words"), ACTS)
def test_a_bad_acts_registry_is_refused_in_three_languages(
    change: Any, field: str, words: tuple[str, str, str], tmp_path: Path
) -> None:
    (tmp_path / "acts.yaml").write_text(_acts(change), encoding="utf-8")
    said = cli_said(["acts"], {"KEPIL_ACTS_YAML": str(tmp_path / "acts.yaml")})
    check_three(said, field, words)


def test_an_unreadable_acts_registry_in_three_languages(tmp_path: Path) -> None:
    (tmp_path / "acts.yaml").write_text("acts: [\n", encoding="utf-8")
    said = cli_said(["acts"], {"KEPIL_ACTS_YAML": str(tmp_path / "acts.yaml")})
    check_three(
        said, str(tmp_path / "acts.yaml"), ("2-жол, 1-баған", "строка 2, столбец 1", "line 2, column 1")
    )


# --------------------------------------------------------------------------- parameters


def _params(change: Any) -> str:
    tree = yaml.safe_load(data_path("parameters.yaml").read_text(encoding="utf-8"))
    change(tree)
    return yaml.safe_dump(tree, allow_unicode=True)


def _first(tree: dict[str, Any], key: str, value: Any) -> None:
    tree["parameters"][0][key] = value


FIRST = "parameters.yaml:parameters[{}]"
PARAMS = [
    (
        lambda t: _first(t, "name", "Bad-Name"),
        "parameters.yaml:parameters[0].name",
        ("snake_case атауы емес", "не имя в snake_case", "is not a snake_case name"),
    ),
    (
        lambda t: _first(t, "group", "zz"),
        ".group",
        ("мәндердің бірі емес", "не входит в допустимые", "is not one of"),
    ),
    (lambda t: _first(t, "unit", ""), ".unit", ("міндетті кілт жоқ", "обязательный ключ", "a required key")),
    (
        lambda t: _first(t, "citations", []),
        ".citations",
        ("кемінде бір тармаққа", "хотя бы на один пункт", "at least one clause"),
    ),
    (
        lambda t: _first(t, "citations", ["x"]),
        ".citations[0]",
        (
            "act (акт идентификаторы) және clause",
            "ключами act (идентификатор акта)",
            "expected an act id and a clause",
        ),
    ),
    (
        lambda t: _first(t, "citations", [{"act": "nope", "clause": "1"}]),
        ".citations[0].act",
        ("мәндердің бірі емес", "не входит в допустимые", "'nope' is not one of"),
    ),
    (
        lambda t: _first(t, "description", {"en": "a"}),
        ".description",
        ("kk, ru және en", "kk, ru и en", "kk, ru and en"),
    ),
    (
        lambda t: _first(t, "values", [{"value": 1}]),
        ".values[0]",
        ("`from` (YYYY-MM-DD немесе `act`)", "ожидаются `from`", "expected `from`"),
    ),
    (
        lambda t: _first(t, "values", [{"from": "act", "value": 1}, {"from": "act", "value": 2}]),
        ".values[1].from",
        ("алдыңғы қадамнан кейін", "шаг должен идти после предыдущего", "must follow the previous step"),
    ),
    (lambda t: _first(t, "values", []), ".values", ("бос емес тізім", "непустой список", "a non-empty list")),
    # A traceback before (a number), or read as its keys (a mapping): now refused.
    (lambda t: _first(t, "values", 5), ".values", ("тізім күтілді", "ожидается список", "expected a list")),
    (
        lambda t: _first(t, "values", {"from": "act"}),
        ".values",
        ("тізім күтілді", "ожидается список", "a list"),
    ),
    (
        lambda t: t["parameters"].append(t["parameters"][0]),
        "]",
        ("екі рет анықталған", "определён дважды", "defined twice"),
    ),
    (
        lambda t: t["parameters"].insert(0, "x"),
        "parameters.yaml:parameters[0]",
        ("объект күтілді", "ожидается объект", "expected a mapping"),
    ),
    (
        lambda t: t.update(parameters={}),
        "parameters.yaml:parameters",
        ("тізім күтілді", "ожидается список", "expected a list"),
    ),
]


@pytest.mark.parametrize(("change", "field", "words"), PARAMS)
def test_a_bad_parameters_file_is_refused_in_three_languages(
    change: Any, field: str, words: tuple[str, str, str], tmp_path: Path
) -> None:
    (tmp_path / "parameters.yaml").write_text(_params(change), encoding="utf-8")
    said = cli_said(["params"], {"KEPIL_PARAMETERS_YAML": str(tmp_path / "parameters.yaml")})
    check_three(said, field, words)


@pytest.mark.parametrize(
    ("args", "field", "words"),
    [
        (
            ["params", "objection_deadlin"],
            "NAME",
            ("белгісіз параметр", "неизвестный параметр", "did you mean objection_deadline"),
        ),
        (
            ["params", "zzzzzz"],
            "NAME",
            ("тізімі: `kepil params`", "список: `kepil params`", "`kepil params` lists them"),
        ),
        (
            ["params", "post_mortem_donation_package", "--date", "2025-12-31"],
            "post_mortem_donation_package",
            (
                "2025-12-31 күні мәні жоқ: program-2026-2028",
                "нет значения на 2025-12-31: program-2026-2028",
                "no value on 2025-12-31: program-2026-2028 not yet in force",
            ),
        ),
        (
            ["caps", "--region", "Atlantis"],
            "--region",
            ("деген өңір жоқ", "неизвестный регион", "unknown region 'Atlantis'"),
        ),
        (
            ["caps", "--profile", "xx"],
            "--profile",
            ("төсек бейіні жоқ", "неизвестный профиль коек", "unknown bed profile 'xx'"),
        ),
        (
            ["payment-methods", "99"],
            "direction",
            ("деген бағыт жоқ", "неизвестное направление", "unknown direction '99'"),
        ),
        (
            ["classifier", "99.9"],
            "code",
            ("белгісіз ақау коды", "неизвестный код дефекта", "unknown defect code"),
        ),
        (["classifier", "5.2"], "code", ("row:13 деп сұраңыз", "запросите row:13", "ask for row:13")),
    ],
)
def test_a_look_up_that_names_nothing_is_refused_in_three_languages(
    args: list[str], field: str, words: tuple[str, str, str]
) -> None:
    check_three(cli_said(args, {}), field, words)


def test_the_params_group_over_http_in_the_requests_language(api: Any) -> None:
    said: dict[str, str] = {}
    for lang in LANGS:
        response = api.as_("analyst", lang=lang).get("/v1/parameters", params={"group": "zz"})
        assert response.status_code == 422, response.text
        error = response.json()["error"]
        said[lang] = f"{error['field']}: {error['message']}"
    check_three(said, "group", ("деген топ жоқ", "неизвестная группа", "unknown group 'zz'"))


# --------------------------------------------------------------------------- the classifier's column file


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (None, ("жоқ", "не существует", "does not exist")),
        (
            "columns: x\n",
            ("бағандарының файлы емес", "не файл граф классификатора", "not a classifier column file"),
        ),
        (
            "columns: [{position: L1, id: inpatient}]\n",
            ("inpatient' екі рет кездеседі", "встречается дважды", "is given twice"),
        ),
    ],
)
def test_a_bad_column_file_is_refused_in_three_languages(
    text: str | None, words: tuple[str, str, str], tmp_path: Path
) -> None:
    path = tmp_path / "columns.yaml"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    said = cli_said(["classifier", "--columns", str(path)], {})
    check_three(said, "columns" if text is None else str(path.resolve()), words)


def test_an_unknown_column_is_said_in_three_languages() -> None:
    """`monitoring-rules` app1: a column of the classifier by id or position (the penalties' look-up)."""
    from kepil.errors import InvalidInput
    from kepil.law.monitoring_rules.classifier import penalty_cell

    with pytest.raises(InvalidInput) as e:
        penalty_cell("3.0", "dentistry")
    said = {lang: f"column: {e.value.text(lang)}" for lang in LANGS}
    check_three(said, "column", ("белгісіз баған", "неизвестная графа", "unknown column 'dentistry'"))


# ------------------------------------------------------------------ the clause map, order 32's method


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ("x", "57", ("why, note, rules кілттері", "с ключами why, note, rules", "a mapping with why, note")),
        (
            {"why": "x", "note": "n"},
            "57.why",
            ("мәндердің бірі емес", "не входит в допустимые", "is not one of"),
        ),
        ({"why": "heading", "note": 1}, "57.note", ("бос емес жол", "непустая строка", "non-empty string")),
        (
            {"why": "heading", "note": "n", "rules": "r"},
            "57.rules",
            ("ереже идентификаторларының тізімі", "список идентификаторов правил", "a list of rule ids"),
        ),
        (
            {"why": "decided_by", "note": "n"},
            "57.rules",
            ("шешетін ережелер аталуы керек", "нужно назвать решающие правила", "names the rules"),
        ),
        (
            {"why": "heading", "note": "n", "reason": "r"},
            "57.reason",
            ("белгісіз кілт", "неизвестный ключ", "unknown key 'reason'"),
        ),
    ],
)
def test_a_bad_clause_map_entry_is_said_in_three_languages(
    body: Any, field: str, words: tuple[str, str, str]
) -> None:
    """The map is a shipped file with no command of its own: its reader's refusals, in each language."""
    from kepil.coverage import clause_map as C
    from kepil.errors import InvalidInput

    with pytest.raises(InvalidInput) as e:
        C._entry("program-2026-2028", "57", body, "map.yaml:program-2026-2028:57")
    assert e.value.field == f"map.yaml:program-2026-2028:{field}"
    check_three({lang: f"{field}: {e.value.text(lang)}" for lang in LANGS}, field, words)


@pytest.mark.parametrize(
    ("text", "column", "words"),
    [
        ("- x\n", "source", ("source, method кілттері", "с ключами source, method", "a mapping with source")),
        (
            "source: ''\nmethod: clause_20\n",
            "source",
            ("№ 32 бұйрықтың мәтіні", "текст приказа № 32", "the text of order No. 32"),
        ),
        (
            "source: s\nmethod: clause_20\ninn: []\n",
            "inn",
            ("бос емес ХПА", "непустой список МНН", "a non-empty list of INNs"),
        ),
    ],
)
def test_a_bad_order_32_method_file_is_said_in_three_languages(
    text: str, column: str, words: tuple[str, str, str], tmp_path: Path
) -> None:
    from kepil.claims.inputs import InputFileError
    from kepil.law.drug_rules import method

    path = tmp_path / method.FILE
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputFileError) as e:
        method.load(path)
    assert e.value.column == column
    check_three({lang: f"{column}: {e.value.text(lang)}" for lang in LANGS}, column, words)


@pytest.mark.parametrize(
    ("name", "env", "args"),
    [
        ("ref/bad.yaml", "KEPIL_REFERENCE_DIR", ["coverage", "decide", "r.json"]),
        ("ref/kz_days_off.yaml", "KEPIL_REFERENCE_DIR", ["calendar", "is-working-day", "2026-06-01"]),
        ("acts.yaml", "KEPIL_ACTS_YAML", ["acts"]),
        ("parameters.yaml", "KEPIL_PARAMETERS_YAML", ["params"]),
        ("columns.yaml", "", ["classifier", "--columns", "columns.yaml"]),
    ],
)
def test_a_file_that_is_not_utf8_is_refused_not_a_traceback(
    name: str, env: str, args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found here: a reference file with a byte that is not UTF-8 ended in UnicodeDecodeError's traceback
    (only OSError and YAML's errors were caught); it is now refused naming the file and the byte."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ref").mkdir()
    (tmp_path / "r.json").write_text(REQUEST, encoding="utf-8")
    (tmp_path / name).write_bytes(b"id: \xff\n")
    where = tmp_path / name
    variables = {env: str(where.parent if env == "KEPIL_REFERENCE_DIR" else where)} if env else {}
    said = cli_said(args, variables)
    field = where.name if env == "KEPIL_REFERENCE_DIR" else str(where.resolve() if not env else where)
    check_three(
        said, field, ("UTF-8 мәтіні емес (5-байт)", "не текст в UTF-8 (байт 5)", "is not UTF-8 text (byte 5)")
    )


def test_a_reform_file_that_is_not_yaml_names_its_line_in_three_languages(tmp_path: Path) -> None:
    """The what-if's reform file: where YAML stops, not the parser's English."""
    (tmp_path / "bad.yaml").write_text("name: x\ncites: [\n", encoding="utf-8")
    args = [
        "whatif",
        "coverage",
        "--requests",
        str(tmp_path / "r.csv"),
        "--reform",
        str(tmp_path / "bad.yaml"),
    ]
    said = cli_said([*args, "--out", str(tmp_path / "o.parquet")], {})
    words = ("реформа файлын оқу мүмкін емес: YAML ретінде оқылмайды: 3-жол",
             "не удаётся прочитать файл реформы: не читается как YAML: строка 3",
             "cannot read the reform file: cannot be read as YAML: line 3")  # fmt: skip
    check_three(said, "bad.yaml", words)


def test_an_order_32_method_file_that_is_not_yaml_names_its_line(tmp_path: Path) -> None:
    from kepil.claims.inputs import InputFileError
    from kepil.law.drug_rules import method

    path = tmp_path / method.FILE
    path.write_text("source: [\n", encoding="utf-8")
    with pytest.raises(InputFileError) as e:
        method.load(path)
    said = {lang: f"{path.name}: {e.value.text(lang)}" for lang in LANGS}
    check_three(said, path.name, ("2-жол, 1-баған", "строка 2, столбец 1", "line 2, column 1"))


@pytest.mark.parametrize(
    ("name", "env", "args", "text"),
    [
        ("acts.yaml", "KEPIL_ACTS_YAML", ["acts"], "acts:\n  - id: x\n    signed: 2025-02-30\n"),
        ("reform.yaml", "", ["whatif", "check", "reform.yaml"],
         "name: x\ncites: [{document: d}]\nrules: [{id: phc.gvfmc, in_force: false, from: 2026-02-30}]\n"),
    ],
)  # fmt: skip
def test_an_impossible_yaml_date_names_its_line_not_a_traceback(
    name: str, env: str, args: list[str], text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found by the sweep: PyYAML reads an unquoted 2026-02-30 as a date and lets its ValueError out (a
    traceback from `kepil acts`/`whatif check`, an HTTP 500 from POST /v1/whatif/coverage); it is now the
    YAML error of that line and column, saying the value is not a date."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_text(text, encoding="utf-8")
    said = cli_said(args, {env: str(tmp_path / name)} if env else {})
    line = text.count("\n", 0, text.index("-02-30"))
    words = (f"{line + 1}-жол", f"строка {line + 1}", f"line {line + 1}")
    check_three(said, name, words)
    assert "2-30' is not a date" in said["en"] and "жарамды күн емес" in said["kk"]


@pytest.mark.parametrize(
    ("name", "env", "args", "text", "line"),
    [
        ("acts.yaml", "KEPIL_ACTS_YAML", ["acts"], "acts: []\nacts: []\n", 2),
        ("reform.yaml", "", ["whatif", "check", "reform.yaml"],
         "name: x\ncites: [{document: d}]\nrules: [{id: phc.gvfmc, in_force: false, from: 2026-07-01}]\n"
         "rules: [{id: organ_donation.gvfmc, in_force: false, from: 2026-07-01}]\n", 4),
        ("ref/kz_days_off.yaml", "KEPIL_REFERENCE_DIR", ["calendar", "is-working-day", "2026-06-01"],
         "years: []\nyears: []\n", 2),
    ],
)  # fmt: skip
def test_a_key_given_twice_names_its_line_not_the_last_one_silently(
    name: str, env: str, args: list[str], text: str, line: int, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """Found by the sweep: PyYAML keeps the last of two equal keys, so a reform's first `rules:` list (or an
    acts registry's first `acts:`) was dropped without a word; the second key is now refused at its line."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ref").mkdir()
    (tmp_path / name).write_text(text, encoding="utf-8")
    where = tmp_path / name
    said = cli_said(args, {env: str(where.parent if env == "KEPIL_REFERENCE_DIR" else where)} if env else {})
    check_three(said, where.name, (f"{line}-жол", f"строка {line}", f"line {line}"))
    assert "is given twice" in said["en"] and "указан дважды" in said["ru"] and "екі рет" in said["kk"]
