"""The words a person reads for the acts' parameters (data/parameters.yaml): each unit, each key of a
structured value and each code a value carries, in kk, ru and en, and `value_text()` which writes a
parameter's value as a sentence fragment in one language (the law pages; the exports keep the codes).

A code with no name here is written as it is: `unnamed_codes()` lists them, and the tests require it to be
empty, so that a new parameter cannot bring an identifier onto a Kazakh or Russian page.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from typing import Any

from kepil.i18n import Text
from kepil.law.citation import clause_label

UNIT_NAMES: dict[str, Text] = {
    "count": Text("саны", "количество", "number"),
    "minutes": Text("минут", "минуты", "minutes"),
    "codes": Text("тізім", "перечень", "list"),
    "code": Text("мән", "значение", "value"),
    "residents_per_team": Text("тұрғын / бригада", "жителей на бригаду", "residents per team"),
    "percent": Text("%", "%", "%"),
    "attached_people_per_gp_position": Text(
        "бекітілген адам / ЖТД лауазымы", "прикреплённых на должность ВОП", "attached people per GP position"
    ),
    "calendar_days": Text("күнтізбелік күн", "календарных дней", "calendar days"),
    "beds_per_100000_residents": Text(
        "төсек / 100 000 тұрғын", "коек на 100 000 жителей", "beds per 100,000 residents"
    ),
    "working_days": Text("жұмыс күні", "рабочих дней", "working days"),
    "working_days_of_month": Text("айдың жұмыс күні", "рабочий день месяца", "working day of the month"),
    "month_day_interval": Text("кезең (күн.ай)", "период (день.месяц)", "period (day.month)"),
    "months": Text("ай", "месяцев", "months"),
    "percent_of_contract_sum": Text("шарт сомасының %", "% суммы договора", "% of the contract sum"),
    "month_day": Text("күн.ай", "день.месяц", "day.month"),
    "formula": Text("формула", "формула", "formula"),
}

KEY_NAMES: dict[str, Text] = {
    "phc_hours": Text("МСАК жұмыс уақытында", "в часы работы ПМСП", "during PHC hours"),
    "from": Text("бастап", "с", "from"),
    "to": Text("дейін", "до", "to"),
    "days": Text("күндері", "дни", "days"),
    "team": Text("бригада", "бригада", "team"),
    "otherwise": Text("басқа уақытта", "в остальное время", "otherwise"),
    "when": Text("қашан", "когда", "when"),
    "teams": Text("бригада", "бригад", "teams"),
    "residents": Text("тұрғын", "жителей", "residents"),
    "beds": Text("төсек", "коек", "beds"),
    "min": Text("кемінде", "не менее", "at least"),
    "max": Text("көп дегенде", "не более", "at most"),
    "excludes": Text("қоспағанда", "кроме", "except"),
    "start": Text("басы", "начало", "start"),
    "end": Text("соңы", "конец", "end"),
    "need": Text("қажеттілік", "потребность", "need"),
}

CODE_NAMES: dict[str, Text] = {
    "ambulance_station_paramedic": Text(
        "ЖМКС фельдшерлік бригадасы", "фельдшерская бригада ССМП", "ambulance station paramedic team"
    ),
    "ambulance_station_specialised": Text(
        "ЖМКС мамандандырылған (дәрігерлік) бригадасы",
        "специализированная (врачебная) бригада ССМП",
        "ambulance station specialised (doctor) team",
    ),
    "phc_paramedic": Text("МСАК фельдшерлік бригадасы", "фельдшерская бригада ПМСП", "PHC paramedic team"),
    "working_days": Text("жұмыс күндері", "рабочие дни", "working days"),
    "night_20_to_08": Text("түнде (20:00–08:00)", "ночью (20:00–08:00)", "at night (20:00–08:00)"),
    "weekend": Text("демалыс күндері", "выходные дни", "weekends"),
    "holiday": Text("мереке күндері", "праздничные дни", "holidays"),
    "rural_medical_organisations": Text(
        "ауылдық медициналық ұйымдар", "сельские медицинские организации", "rural medical organisations"
    ),
    "socially_significant_diseases": Text(
        "әлеуметтік мәні бар аурулар", "социально значимые заболевания", "socially significant diseases"
    ),
    "screening": Text("скринингтер", "скрининги", "screenings"),
    "first_contact": Text("алғашқы жүгіну", "первичное обращение", "first contact"),
    "any_emergency": Text("кез келген шұғыл жағдай", "любой экстренный случай", "any emergency"),
    "life_threatening_or_listed": Text(
        "өмірге қауіп төндіретін немесе тізімдегі жағдайлар",
        "угрожающие жизни или перечисленные состояния",
        "life-threatening or listed conditions",
    ),
    "gvfmc": Text("ТМККК", "ГОБМП", "GVFMC"),
    "cshi": Text("МӘМС", "ОСМС", "CSHI"),
    "every_working_day": Text("әр жұмыс күні", "каждый рабочий день", "every working day"),
}

# The factors of the drug-rules formulas (18, 19) read in words.
FACTOR_NAMES: dict[str, Text] = {
    "daily_dose": Text("тәуліктік доза", "суточная доза", "daily dose"),
    "course_duration": Text("курс ұзақтығы", "длительность курса", "course duration"),
    "intake_duration_per_year": Text(
        "жылына қабылдау ұзақтығы", "длительность приёма в год", "intake duration per year"
    ),
    "annual_need_per_patient": Text(
        "бір пациенттің жылдық қажеттілігі", "годовая потребность на пациента", "annual need per patient"
    ),
    "single_dose": Text("бір реттік доза", "разовая доза", "single dose"),
    "doses_per_day": Text("тәулігіне қабылдау саны", "приёмов в сутки", "doses per day"),
    "intake_days_per_month": Text("айына қабылдау күндері", "дней приёма в месяц", "intake days per month"),
    "courses_per_year": Text("жылына курс саны", "курсов в год", "courses per year"),
    "previous_year_actual_consumption": Text(
        "өткен жылғы нақты тұтыну", "фактическое потребление прошлого года", "previous year's consumption"
    ),
    "expected_year_end_balance": Text(
        "жыл соңына күтілетін қалдық", "ожидаемый остаток на конец года", "expected year-end balance"
    ),
    "previous_year_used_volume": Text(
        "өткен жылы пайдаланылған көлем", "использованный объём прошлого года", "volume used last year"
    ),
    "year_start_balance": Text("жыл басындағы қалдық", "остаток на начало года", "year-start balance"),
    "receipts": Text("түсім", "поступление", "receipts"),
    "expenditure": Text("шығыс", "расход", "expenditure"),
}

_NAMES = {**CODE_NAMES, **FACTOR_NAMES}
_KEYS = {**KEY_NAMES, **FACTOR_NAMES}
_MONTH_DAY = re.compile(r"(\d\d)-(\d\d)")
_FACTOR = re.compile(r"[a-z][a-z0-9_]*")
_OPERATORS = {"*": "×", "-": "−", "+": "+", "/": "÷"}


@cache
def _item_names() -> dict[str, Text]:
    """The names the parameters give their own items ({code, clause, kk, ru, en}: grounds, categories)."""
    from kepil.law.parameters import parameters

    found: dict[str, Text] = {}
    for p in parameters(None):
        for _start, _end, value in p.intervals():
            for item in value if isinstance(value, list | tuple) else ():
                if isinstance(item, dict) and {"code", "kk", "ru", "en"} <= set(item):
                    found[str(item["code"])] = Text(item["kk"], item["ru"], item["en"])
    return found


def _name(code: str) -> Text | None:
    return _NAMES.get(code) or _item_names().get(code)


def _word(code: str, lang: str) -> str:
    name = _name(code)
    return name[lang] if name is not None else code


def _is_formula(text: str) -> bool:
    return any(f" {op} " in text for op in _OPERATORS)


def value_text(value: Any, lang: str) -> str:
    """A parameter's value in `lang`: {1: 10, 2: 15} -> "1: 10; 2: 15"; an item of a list of grounds or
    categories ({code, clause, kk, ru, en}) as its name and clause; codes and formula factors by name;
    "09-15" (month-day) as "15.09"."""
    if isinstance(value, dict):
        if {"kk", "ru", "en"} <= set(value):
            clause = value.get("clause")
            return f"{value[lang]} ({clause_label(str(clause), lang)})" if clause else str(value[lang])
        return "; ".join(
            f"{_KEYS[str(k)][lang] if str(k) in _KEYS else k}: {value_text(v, lang)}"
            for k, v in value.items()
        )
    if isinstance(value, list | tuple):
        sep = "; " if any(isinstance(v, dict) for v in value) else ", "
        return sep.join(value_text(v, lang) for v in value)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10_000:
        return f"{value:,}".replace(",", "\u00a0")  # 10 000, as Kazakhstan groups digits
    if isinstance(value, Decimal):
        return format(value, "f").replace(".", "," if lang != "en" else ".")
    if isinstance(value, str):
        if m := _MONTH_DAY.fullmatch(value):
            return f"{m.group(2)}.{m.group(1)}"
        if _is_formula(value):
            words = _FACTOR.sub(lambda m: _word(m.group(0), lang), value)
            for op, sign in _OPERATORS.items():
                words = words.replace(f" {op} ", f" {sign} ")
            return words
        return _word(value, lang)
    return str(value)


def unit_text(unit: str, lang: str) -> str:
    name = UNIT_NAMES.get(unit)
    return name[lang] if name is not None else unit


def unnamed_codes() -> set[str]:
    """The units, keys and codes of the parameters that have no name here (the tests want none)."""
    from kepil.law.parameters import parameters

    missing: set[str] = set()

    def walk(v: Any) -> None:
        if isinstance(v, dict):
            if {"kk", "ru", "en"} <= set(v):
                return
            for k, x in v.items():
                if not str(k).isdigit() and str(k) not in _KEYS:
                    missing.add(str(k))
                walk(x)
        elif isinstance(v, list | tuple):
            for x in v:
                walk(x)
        elif isinstance(v, str) and not _MONTH_DAY.fullmatch(v) and not re.fullmatch(r"\d\d:\d\d", v):
            codes = _FACTOR.findall(v) if _is_formula(v) else [v]
            missing.update(c for c in codes if _name(c) is None)

    for p in parameters(None):
        if p.unit not in UNIT_NAMES:
            missing.add(p.unit)
        for _start, _end, value in p.intervals():
            walk(value)
    return missing
