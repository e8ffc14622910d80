"""`kepil tour`: a short walk through what kepil holds, on the embedded defaults (no server, no files)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import typer
from rich.panel import Panel
from rich.rule import Rule as Heading
from rich.table import Table

from kepil.cli import acts as acts_cli
from kepil.cli import caps as caps_cli
from kepil.cli.common import DateOption, LangOption, console, handle_errors, parse_date, parse_lang
from kepil.cli.tour_monitoring import monitoring_example
from kepil.cli.tour_registry import registry_example
from kepil.coverage.decision import decide
from kepil.i18n import Lang, Text
from kepil.law.acts import acts_in_force
from kepil.law.program_2026_2028.inpatient_caps import ALL_PROFILES, caps
from kepil.reference.calendar import add_working_days, holiday_name, working_days_between
from kepil.reference.iin import make_iin, parse_iin

_HEADINGS = {
    "acts": Text("Күшіндегі актілер", "Действующие акты", "The acts in force"),
    "caps": Text(
        "Тәулік бойғы стационардың шекті көлемдері",
        "Предельные объёмы круглосуточного стационара",
        "Caps on round-the-clock inpatient cases",
    ),
    "iin": Text("ЖСН", "ИИН", "IIN"),
    "calendar": Text("Жұмыс күндерінің күнтізбесі", "Календарь рабочих дней", "The working-day calendar"),
    "coverage": Text("Қамту туралы шешімдер", "Решения о покрытии", "Coverage decisions"),
    "monitoring": Text(
        "Автоматтандырылған мониторинг (синтетикалық ай, DuckDB)",
        "Автоматизированный мониторинг (синтетический месяц, DuckDB)",
        "Automated monitoring (a synthetic month, DuckDB)",
    ),
    "registry": Text(
        "МСАК-қа бекіту тізілімі (SQLite файлы)",
        "Регистр прикрепления к ПМСП (файл SQLite)",
        "The PHC attachment registry (an SQLite file)",
    ),
}

# The same person asks for the same care on both sides of 1 January 2027 (program-2026-2028 33.4, 34).
_EMERGENCY: dict[str, Any] = {
    "person": {"residency": "citizen", "birth_date": "1985-04-12", "insured": False},
    "service": {"kind": "inpatient", "form": "emergency", "icd10": "K35.8", "life_threatening": False},
}
_EXAMPLES: list[tuple[str, dict[str, Any]]] = [
    ("2026-12-31", _EMERGENCY),
    ("2027-01-01", _EMERGENCY),
    (
        "2026-10-05",
        {
            "person": {
                "residency": "temporary_resident",
                "stay_purpose": "education",
                "birth_date": "2001-02-03",
            },
            "service": {"kind": "inpatient", "form": "planned", "icd10": "A15.0", "referral": True},
        },
    ),
    (
        "2026-07-20",
        {
            "person": {"residency": "citizen", "birth_date": "1990-01-01", "insured": True},
            "service": {"kind": "outpatient_specialized", "form": "planned", "icd10": "M54.5"},
        },
    ),
]


def _section(key: str, lang: Lang) -> None:
    console.print(Heading(f"[bold]{_HEADINGS[key][lang]}[/]"))


def _iin_example(lang: Lang) -> None:
    number = make_iin(dt.date(1985, 4, 12), "male", 312)
    info = parse_iin(number)
    console.print(f"{number}: valid={info.valid}, birth_date={info.birth_date}, sex={info.sex}")
    wrong = number[:-1] + str((int(number[-1]) + 1) % 10)
    console.print(f"{wrong}: valid={parse_iin(wrong).valid}  (check digit)")


def _calendar_example(lang: Lang) -> None:
    start = dt.date(2026, 3, 19)
    end = add_working_days(start, 5)
    console.print(f"{start} + 5 working days = {end}  ({working_days_between(start, end)} working days)")
    for d in (start + dt.timedelta(days=i) for i in range(2, 7)):
        console.print(f"  {d}: {holiday_name(d, lang) or '—'}")


def _coverage_examples(lang: Lang) -> None:
    table = Table(show_lines=True, expand=True, caption="P = program-2026-2028", caption_justify="left")
    for head, ratio in (
        ("date", 2),
        ("care", 3),
        ("package", 1),
        ("requires", 2),
        ("clauses", 2),
        ("why", 6),
    ):
        table.add_column(head, overflow="fold", ratio=ratio)
    for date, req in _EXAMPLES:
        a = decide({"date": date, **req})
        clauses = ", ".join(f"{b['act']} {b['clause']}".replace("program-2026-2028", "P") for b in a["basis"])
        care = f"{req['service']['kind']} / {req['service'].get('form')} / {req['service'].get('icd10')}"
        colour = "green" if a["covered"] else "red"
        table.add_row(
            date,
            care,
            f"[{colour}]{a['funding']}[/]",
            ", ".join(a["requires"]),
            clauses,
            a["explanation"][lang],
        )
    console.print(table)


@handle_errors
def tour_command(date: str | None = DateOption, lang: str = LangOption) -> None:
    """A short tour: the acts in force, the inpatient caps, an IIN, the calendar, coverage decisions, the
    attachment registry and a monitoring run of a synthetic month, on temporary SQLite and DuckDB files."""
    language = parse_lang(lang)
    on = parse_date(date)
    _section("acts", language)
    console.print(acts_cli.acts_table(acts_in_force(on), on, language, with_status=False))
    _section("caps", language)
    console.print(caps_cli.caps_table(caps(None, ALL_PROFILES), language))
    _section("iin", language)
    _iin_example(language)
    _section("calendar", language)
    _calendar_example(language)
    _section("coverage", language)
    _coverage_examples(language)
    _section("registry", language)
    registry_example()
    _section("monitoring", language)
    monitoring_example(language)
    console.print(
        Panel(
            "kepil --help · kepil coverage decide --help · kepil serve --help · kepil monitor --help · docs/",
            border_style="dim",
        )
    )


def register(app: typer.Typer) -> None:
    app.command("tour")(tour_command)
