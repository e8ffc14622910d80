"""/caps: the utilisation of the inpatient caps (`program-2026-2028` app1, bound by 73) as a heatmap of
region × bed profile, from the report `kepil caps utilisation --store` keeps (kind caps_utilisation)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from kepil.i18n import LANGS, Text
from kepil.law.citation import citation_label, clause_label
from kepil.law.program_2026_2028.inpatient_caps import NO_BED_FUND, profile, profiles
from kepil.law.program_2026_2028.volume_caps import AGE_GROUPS, POPULATIONS, STATUS_TEXT
from kepil.reference.regions import regions
from kepil.reports.caps import KIND, annualised
from kepil.store.keys import Principal
from kepil.web import format as fmt
from kepil.web.charts import heat_class
from kepil.web.pages.stored import TEXTS as STORED
from kepil.web.pages.stored import FieldError, bad_scope, bad_value, stored
from kepil.web.params import region_name
from kepil.web.render import lang_of, page
from kepil.web.session import page_access
from kepil.web.tables import Column, Table
from kepil.web.texts import MONTHS_SHORT

router = APIRouter(include_in_schema=False)

TEXTS: dict[str, Text] = STORED | {
    "caps_title": Text("Тәулік бойы стационардың шекті көлемдерін пайдалану",
                       "Использование предельных объёмов круглосуточного стационара",
                       "Utilisation of the inpatient caps"),
    "intro": Text("Өңір мен төсек бейіні бойынша нақты жағдайлар 1-қосымшадағы жоспарланған жағдайлармен "
                  "салыстырылады; 73-тармақ бойынша жоспарлау осы шекті көлемдерді ескереді.",
                  "Фактические случаи по регионам и профилям коек сравниваются с планируемыми случаями "
                  "приложения 1; по пункту 73 планирование учитывает эти предельные объёмы.",
                  "Actual cases by region and bed profile against the planned cases of appendix 1; clause 73 "
                  "makes planning take these caps into account."),
    "year": Text("Жыл", "Год", "Year"),
    "group": Text("Жас тобы", "Возрастная группа", "Age group"),
    "rural": Text("Халық", "Население", "Population"),
    "no_rural": Text("Бұл есепте ауыл/қала бөлінісі жоқ (шағымдарда да, жеткізушілерде де ауыл белгісі жоқ)",
                     "В этом отчёте нет разбивки село/город (нет отметки «село» ни в случаях, "
                     "ни у поставщиков)",
                     "This report has no rural/urban split (no rural mark in the claims or the providers)"),
    "region": Text("Өңір", "Регион", "Region"),
    "profile": Text("Бейін", "Профиль", "Profile"),
    "planned": Text("Жылдық жоспар (1-қосымша)", "План на год (прил. 1)", "Planned for the year (app. 1)"),
    "planned_to_date": Text("Өткен айларға жоспар ({months} ай)", "План на прошедшие месяцы ({months} мес.)",
                            "Planned for the months elapsed ({months})"),
    "pct_to_date": Text("Өткен айлар жоспарын пайдалану", "Использование плана прошедших месяцев",
                        "Utilisation of the plan for the months elapsed"),
    "status_year": Text("Жылдық шекке қатысты күйі (бүгінге дейін)", "Статус к годовому пределу (на дату)",
                        "Status against the year's cap (to date)"),
    "actual": Text("Нақты (бүгінге дейін)", "Факт (на дату)", "Actual (to date)"),
    "pct": Text("Пайдалану (бүгінге дейін)", "Использование (на дату)", "Utilisation (to date)"),
    "status": Text("Күйі (бүгінге дейін)", "Статус (на дату)", "Status (to date)"),
    "heatmap": Text("Жылу картасы: өңір × бейін, нақты / жоспар",
                    "Тепловая карта: регион × профиль, факт / план",
                    "Heatmap: region × profile, actual / planned"),
    "long": Text("Өңірлер мен бейіндер бойынша пайдалану", "Использование по регионам и профилям",
                 "Utilisation by region and profile"),
    "cell": Text("{region}, {profile}: {actual} / {planned} ({pct})",
                 "{region}, {profile}: {actual} / {planned} ({pct})",
                 "{region}, {profile}: {actual} of {planned} ({pct})"),
    "legend": Text("Шкала", "Шкала", "Legend"),
    "heat_0": Text("0–19 %", "0–19 %", "0–19 %"),
    "heat_1": Text("20–39 %", "20–39 %", "20–39 %"),
    "heat_2": Text("40–59 %", "40–59 %", "40–59 %"),
    "heat_3": Text("60–79 %", "60–79 %", "60–79 %"),
    "heat_4": Text("80–100 %", "80–100 %", "80–100 %"),
    "heat_5": Text("> 100 %: шектен асты ▲", "> 100 %: превышение ▲", "> 100 %: over the cap ▲"),
    "heat_5_to_date": Text("> 100 %: өткен айлар жоспарынан асты ▲",
                           "> 100 %: выше плана прошедших месяцев ▲",
                           "> 100 %: above the plan for the months elapsed ▲"),
    "heat_na": Text("* төсек қоры жоқ, — жоспар жоқ", "* коечного фонда нет, — нет плана",
                    "* no bed fund, — not planned"),
    "k_cases": Text("Жағдайлар (жыл, барлық өңір)", "Случаи (год, все регионы)", "Cases (year, all regions)"),
    "k_planned": Text("Жоспар (жыл, барлық өңір)", "План (год, все регионы)", "Planned (year, all regions)"),
    "k_over": Text("Шектен асқан ұяшықтар", "Ячеек с превышением", "Cells over the cap"),
    "k_warning": Text("≥ 90 % ұяшықтар", "Ячеек ≥ 90 %", "Cells at ≥ 90 %"),
    "k_over_to_date": Text("Өткен айлар жоспарынан асқан ұяшықтар", "Ячеек выше плана прошедших месяцев",
                           "Cells above the plan for the months elapsed"),
    "k_excluded": Text("2026–2028 жылдарынан тыс жағдайлар", "Случаи вне 2026–2028",
                       "Cases outside 2026–2028"),
    "readings": Text("Жыл — шығу күнінің жылы; балалар — түскен күні 18 жасқа толмағандар; "
                     "ауыл — ауылдық ұйым емдеген жағдай.",
                     "Год — год выписки; дети — моложе 18 лет в день поступления; "
                     "село — случай, пролеченный сельской организацией.",
                     "Year: the year of discharge; children: under 18 on admission; "
                     "rural: treated by a rural organisation (docs/volume-caps.md)."),
    "measure": Text("Өлшем", "Мера", "Measure"),
    "m_to_date": Text("Бүгінге дейінгі жағдайлар (шағымдар бойынша)", "Случаи на дату (по случаям в данных)",
                      "Cases to date (from the claims)"),
    "m_annualised": Text("Жылдық болжам (kepil есебі, актінің көрсеткіші емес)",
                         "Годовой прогноз (расчёт kepil, не показатель акта)",
                         "Annualised projection (kepil's, not a figure of the act)"),
    "projection_note": Text(
        "Болжамды kepil есептейді, ол 1-қосымшаның көрсеткіші емес: жылдық болжам = бүгінге дейінгі "
        "жағдайлар × 12 / шағымдар қамтыған айлар саны ({months}: {names}). 1-қосымша жағдайларды бүкіл "
        "жылға жоспарлайды; болжам қалған айлар қамтылған айлардың орташа деңгейінде өтеді деп есептейді. "
        "Шектен асу белгілері осы болжамға қатысты.",
        "Прогноз рассчитан kepil и не является показателем приложения 1: годовой прогноз = случаи на дату "
        "× 12 / число месяцев, охваченных данными ({months}: {names}). Приложение 1 планирует случаи на "
        "весь год; прогноз предполагает, что остальные месяцы пройдут на среднем уровне охваченных. "
        "Отметки превышения относятся к прогнозу.",
        "A projection by kepil, not a figure of appendix 1: annualised = cases to date × 12 / the months the "
        "claims cover ({months}: {names}). Appendix 1 plans cases for the whole year; the projection assumes "
        "the other months run at the average of those covered. The over-cap flags apply to the projection."),
    "to_date_note": Text(
        "Бүгінге дейінгі жағдайлар өткен айлардың жоспарымен салыстырылады: жылдық жоспар × {months} / 12 "
        "(шағымдар қамтыған айлар: {names}). Ұяшықта: пайдалану, астында — жағдайлар / өткен айлар жоспары.",
        "Случаи на дату сравниваются с планом на прошедшие месяцы: годовой план × {months} / 12 (месяцы в "
        "данных: {names}). В ячейке: использование, под ним — случаи / план прошедших месяцев.",
        "Cases to date against the plan for the months elapsed: the year's plan × {months} / 12 (the months "
        "the claims cover: {names}). In a cell: the utilisation, under it cases / the plan for those "
        "months."),
    "whole_year_note": Text(
        "Бұл есепте шағымдар қамтыған айлар сақталмаған: бүгінге дейінгі жағдайлар жылдық жоспармен "
        "салыстырылады.",
        "В этом отчёте не сохранены месяцы, охваченные данными: случаи на дату сравниваются с годовым "
        "планом.",
        "This report does not keep the months its claims cover: cases to date are compared with the plan for "
        "the whole year."),
    "no_months": Text(
        "Жылдық болжам жоқ: бұл есеп шағымдар қамтыған айларсыз сақталған. Оны kepil caps utilisation "
        "--store арқылы қайта сақтаңыз.",
        "Годовой прогноз недоступен: отчёт сохранён без месяцев, охваченных данными. Сохраните его заново "
        "командой kepil caps utilisation --store.",
        "The annualised projection is unavailable: this report was stored without the months its claims "
        "cover. Store it again with kepil caps utilisation --store."),
    "months_kpi": Text("Шағымдар қамтыған айлар", "Месяцев в данных", "Months the claims cover"),
    "projected_kpi": Text("Жылдық болжам (жағдайлар)", "Годовой прогноз (случаи)", "Projected cases (year)"),
    "projected": Text("Жылдық болжам (kepil)", "Годовой прогноз (kepil)", "Annualised (kepil)"),
    "projected_pct": Text("Болжам бойынша пайдалану", "Использование по прогнозу", "Utilisation, annualised"),
    "projected_status": Text("Болжам бойынша күйі", "Статус по прогнозу", "Status, annualised"),
    "in_force": Text("Күшінде: {start} – {end}", "Действует: {start} – {end}", "In force: {start} – {end}"),
    "command": Text("kepil caps utilisation --claims CLAIMS.parquet --persons PERSONS.parquet "
                    "[--providers PROVIDERS.csv] --store",
                    "kepil caps utilisation --claims CLAIMS.parquet --persons PERSONS.parquet "
                    "[--providers PROVIDERS.csv] --store",
                    "kepil caps utilisation --claims CLAIMS.parquet --persons PERSONS.parquet "
                    "[--providers PROVIDERS.csv] --store"),
}  # fmt: skip
# to date against the plan for the months elapsed: ahead of that plan is not yet over the year's cap
PACE_TEXT: dict[str, Text] = STATUS_TEXT | {
    "ok": Text("өткен айлар жоспарының шегінде", "в пределах плана прошедших месяцев",
               "within the plan for the months elapsed"),
    "warning": Text("≥ 90 %: өткен айлар жоспарына жақын", "≥ 90 %: близко к плану прошедших месяцев",
                    "≥ 90 %: near the plan for the months elapsed"),
    "over": Text("өткен айлар жоспарынан асты", "выше плана прошедших месяцев",
                 "above the plan for the months elapsed"),
}  # fmt: skip
GROUP_TEXT: dict[str, Text] = {
    "all": Text("барлығы", "все", "all"),
    "children": Text("балалар", "дети", "children"),
    "adults": Text("ересектер", "взрослые", "adults"),
}
MEASURES = ("to_date", "annualised")
RURAL_TEXT: dict[str, Text] = {
    "all": Text("барлығы", "всё", "all"),
    "rural": Text("ауыл", "село", "rural"),
    "urban": Text("қала", "город", "urban"),
}


def _ratio(row: dict[str, Any], key: str = "actual") -> float | None:
    """actual (or the projection, `key`) / planned for the heat colour; None when nothing is planned."""
    planned = row["planned"]
    if planned is None:
        return None
    if planned == 0:
        return 2.0 if row["actual"] else 0.0  # any case on a plan of 0 is over (volume_caps.judge)
    return float(row[key]) / planned


def _annualise(records: list[dict[str, Any]], months: int | None) -> list[dict[str, Any]]:
    """The rows' annualised measure (kepil's projection: actual × 12 / months; reports.caps reading)."""
    if not months:
        empty = {"projected": None, "projected_share": None, "projected_status": None,
                 "projected_status_text": None, "planned_to_date": None}  # fmt: skip
        return [empty] * len(records)
    planned = [r["planned"] for r in records]
    actual = [r["actual"] for r in records]
    projections = annualised(planned, actual, [bool(r["no_bed_fund"]) for r in records], months)
    return [{"projected": projected, "projected_share": None if pct is None else pct / 100,
             "projected_status": status, "projected_status_text": STATUS_TEXT[status],
             "planned_to_date": None if p is None else p * months / 12}
            for (projected, pct, status), p in zip(projections, planned, strict=True)]  # fmt: skip


def _long_table(rows: list[dict[str, Any]], measure: str, months: int | None) -> Table:
    """Like with like (issue 18): with the months the claims cover known, the cases to date beside the plan
    for those months, and kepil's projection beside the year's plan — one share, since actual / (planned ×
    months / 12) = (actual × 12 / months) / planned; the status against the year's cap as app1 judges it.
    Without the months, the cases to date against the year's plan, as the report stored them."""
    columns = [
        Column("region_name", TEXTS["region"]),
        Column("profile_name", TEXTS["profile"]),
        Column("planned", TEXTS["planned"], "int"),
    ]
    if months:
        columns += [
            Column("planned_to_date", TEXTS["planned_to_date"].format(months=months), "num"),
            Column("actual", TEXTS["actual"], "int"),
            Column("projected_share", TEXTS["pct_to_date"], "pct"),
            Column("projected", TEXTS["projected"], "int"),
            Column("projected_status_text", TEXTS["projected_status"]),
            Column("status_text", TEXTS["status_year"]),
            Column("share", TEXTS["pct"], "pct", on_page=False),  # to date / the year's plan: in the files
        ]
        heat_key, ratio_key = "projected_share", "projected"
    else:
        columns += [
            Column("actual", TEXTS["actual"], "int"),
            Column("share", TEXTS["pct"], "pct"),
            Column("status_text", TEXTS["status"]),
        ]
        heat_key, ratio_key = "share", "actual"
    caption = Text(
        *(
            f"{citation_label('program-2026-2028', 'app1', x)}, {clause_label('73', x)} · {NO_BED_FUND[x]}"
            for x in LANGS
        )
    )
    return Table(
        "utilisation", TEXTS["long"], columns, rows, caption=caption, sticky=2,
        cell_class=lambda c, r: f"heat {heat_class(_ratio(r, ratio_key))}" if c.key == heat_key else "",
    )  # fmt: skip


def _plan_text(value: float | None) -> str:
    """The plan for the months elapsed (planned × months / 12): whole from 100, else to one decimal (a plan of
    9 a year is 0,8 for one month, not 1)."""
    if value is None:
        return "—"
    return fmt.number(value, 0 if value >= 100 or float(value).is_integer() else 1)


def _projected_text(value: float) -> str:
    """A projected number of cases: whole when it is, else to one decimal (Kazakhstan's decimal comma)."""
    return fmt.number(value, 0 if float(value).is_integer() else 1)


def _heatmap(
    rows: list[dict[str, Any]], lang: str, measure: str = "to_date", months: int | None = None
) -> dict[str, Any]:
    """The grid: regions (in the registry's order) × profiles (app1's order, `all` first), coloured and
    flagged like with like: `to_date` the cases counted against the plan for the months the claims cover
    (the year's plan when the report does not know them), `annualised` kepil's projection against the
    year's plan. The cells' counts are written with the thousands' spaces."""
    if measure == "annualised":
        rows = [
            r | {"actual_text": "≈" + _projected_text(r["projected"]), "ratio": _ratio(r, "projected"),
                 "share": r["projected_share"], "status": r["projected_status"],
                 "planned_text": fmt.number(r["planned"])}
            for r in rows
        ]  # fmt: skip
    elif months:
        rows = [
            r | {"actual_text": fmt.number(r["actual"]), "ratio": _ratio(r, "projected"),
                 "share": r["projected_share"], "status": r["projected_status"],
                 "planned_text": _plan_text(r["planned_to_date"])}
            for r in rows
        ]  # fmt: skip
    else:
        rows = [r | {"actual_text": fmt.number(r["actual"]), "ratio": _ratio(r),
                     "planned_text": fmt.number(r["planned"])} for r in rows]  # fmt: skip
    words = PACE_TEXT if measure == "to_date" and months else STATUS_TEXT
    by_cell = {(r["region"], r["profile"]): r for r in rows}
    present_regions = [g for g in regions() if any(k[0] == g.code for k in by_cell)]
    present_profiles = [p for p in profiles() if any(k[1] == p.code for k in by_cell)]
    grid = []
    for g in present_regions:
        cells = []
        for p in present_profiles:
            r = by_cell.get((g.code, p.code))
            if r is None:
                cells.append(
                    {"text": "", "pct": "", "cls": "heat-na", "title": "", "over": False, "status": ""}
                )
                continue
            ratio = r["ratio"]
            pct = "—" if r["share"] is None else fmt.number(r["share"] * 100, 1) + " %"
            text = "*" if r["no_bed_fund"] and r["planned"] is None else (
                "—" if r["planned"] is None else f"{r['actual_text']} / {r['planned_text']}")  # fmt: skip
            if r["no_bed_fund"] and r["planned"] is None and r["actual"]:
                text = f"{r['actual_text']} / *"
            planned = "*" if r["planned"] is None else r["planned_text"]
            title = TEXTS["cell"].format(
                region=g.name[lang], profile=p.name[lang], actual=r["actual_text"], planned=planned, pct=pct
            )[lang]
            cells.append({
                "text": text, "pct": pct if r["planned"] else "", "cls": heat_class(ratio),
                "title": f"{title} — {words[r['status']][lang]}", "over": r["status"] == "over",
                "mark": words["over"][lang],
                "status": r["status"],
            })  # fmt: skip
        grid.append({"region": g, "cells": cells})
    return {"profiles": present_profiles, "grid": grid}


@router.get("/caps")
async def caps_page(
    request: Request,
    scope: str | None = None,
    year: str | None = None,
    group: str = "all",
    rural: str = "all",
    measure: str = "to_date",
    who: Principal = Depends(page_access("analyst")),
) -> Response:
    lang = lang_of(request)
    report, scopes = await stored(request, KIND, scope or None)
    errors: list[FieldError] = []
    if scope and report is None:
        errors.append(bad_scope(scope, scopes))
    if group not in AGE_GROUPS:
        errors.append(bad_value("group", group, AGE_GROUPS))
    rural_known = bool(report and report.meta.get("rural_known"))
    allowed_rural = POPULATIONS if rural_known else ("all",)
    if rural not in allowed_rural:
        errors.append(FieldError("rural", TEXTS["no_rural"]) if rural in POPULATIONS else
                      bad_value("rural", rural, allowed_rural))  # fmt: skip
    years: list[int] = list(report.meta.get("years", [])) if report else []
    chosen: int | None = years[-1] if years else None
    if year:
        if year in {str(y) for y in years}:  # compared as text: "²".isdigit() is true, int() refuses it
            chosen = int(year)
        else:
            errors.append(bad_value("year", year, [str(y) for y in years]))
    # the months the claims of the chosen year cover (meta["months"], kept since the annualised measure)
    covered: list[int] | None = None
    if report is not None and chosen is not None and "months" in report.meta:
        covered = [int(m) for m in report.meta["months"].get(str(chosen), [])]
    months = len(covered) if covered else None
    if measure not in MEASURES:
        errors.append(bad_value("measure", measure, MEASURES))
    elif measure == "annualised" and report is not None and not months:
        errors.append(FieldError("measure", TEXTS["no_months"]))
    month_names = ", ".join(MONTHS_SHORT[m - 1][lang] for m in covered or [])
    ctx: dict[str, Any] = {
        "report": report, "scopes": scopes, "errors": {e.field: e.text[lang] for e in errors},
        "group": group, "rural": rural, "year": chosen, "years": years, "groups": AGE_GROUPS,
        "rurals": allowed_rural, "group_text": GROUP_TEXT, "rural_text": RURAL_TEXT, "heat": None,
        "kpis": None, "measure": measure, "measures": MEASURES if months else ("to_date",),
        "months": months, "month_names": month_names, "no_months": report is not None and not months,
    }  # fmt: skip
    if errors or report is None:
        status = 422 if errors else 200
        return page(request, "caps.html", TEXTS, who, "caps_title", status=status, **ctx)
    chosen_rows = [
        r
        for r in report.records()
        if r["year"] == chosen and r["age_group"] == group and r["population"] == rural
    ]
    rows = [
        r | {"region_name": region_name(r["region"]), "profile_name": _profile_name(r["profile"]),
             "share": None if r["utilisation_pct"] is None else r["utilisation_pct"] / 100,
             "status_text": STATUS_TEXT[r["status"]]} | projection
        for r, projection in zip(chosen_rows, _annualise(chosen_rows, months), strict=True)
    ]  # fmt: skip
    whole = [r for r in rows if r["profile"] == "all"]
    status_key = "projected_status" if months else "status"  # flags of the comparison shown
    ctx["kpis"] = {
        "cases": sum(r["actual"] for r in whole),
        "planned": sum(r["planned"] or 0 for r in whole),
        "planned_to_date": sum(r["planned"] or 0 for r in whole) * months / 12 if months else None,
        "over": sum(1 for r in rows if r[status_key] == "over"),
        "warning": sum(1 for r in rows if r[status_key] == "warning"),
        "excluded": report.meta.get("totals", {}).get("excluded", 0),
        "projected": sum(r["projected"] or 0 for r in whole) if months else None,
    }
    ctx["heat"] = _heatmap(rows, lang, measure, months)
    table = _long_table(rows, measure, months)
    return page(request, "caps.html", TEXTS, who, "caps_title", tables=[table], **ctx)


def _profile_name(code: str) -> Text:
    return profile(code).name
