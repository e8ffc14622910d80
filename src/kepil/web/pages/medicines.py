"""/medicines: the regional need for medicines (`drug-rules` 19–20, 11, 22, 26) and the Fund's three-year
budget request (18, deadlines 12 and 18), from the reports `kepil medicines need --store --year Y` and
`kepil medicines request --store` keep (kinds medicines_need, medicines_request; scope the year)."""

from __future__ import annotations

import re
from typing import Any

import polars as pl
from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from kepil.api.threads import in_store_thread
from kepil.i18n import LANGS, Text
from kepil.law.drug_rules.need import MONTHS
from kepil.law.drug_rules.request import AGREED_LATE, SENT_LATE
from kepil.law.drug_rules.words import (
    FORMULARY_NAMES,
    ITEM_TYPE_NAMES,
    NEED_BASIS_NAMES,
    form_name,
    unit_name,
)
from kepil.reference.regions import regions
from kepil.reports.medicines import ACT
from kepil.reports.medicines import NEED_KIND as NEED
from kepil.reports.medicines import REQUEST_KIND as REQUEST
from kepil.store.keys import Principal
from kepil.store.reports import Report, load_report, report_scopes
from kepil.web import charts
from kepil.web import format as fmt
from kepil.web.charts import heat_class
from kepil.web.pages.stored import TEXTS as STORED
from kepil.web.pages.stored import FieldError, bad_value
from kepil.web.params import region_name
from kepil.web.render import lang_of, page
from kepil.web.session import page_access
from kepil.web.tables import Column, Table
from kepil.web.texts import MONTHS_SHORT

router = APIRouter(include_in_schema=False)

TEXTS: dict[str, Text] = STORED | {
    "medicines_title": Text("Дәрілік заттарға қажеттілік және бюджеттік өтінім",
                            "Потребность в лекарственных средствах и бюджетная заявка",
                            "The need for medicines and the budget request"),
    "intro": Text("Өңірлік қажеттілік — пациенттердің дербестендірілген жылдық қажеттілігінің өңір мен дәрі "
                  "бойынша айлық жиыны; бюджеттік өтінім — Қордың үш жылға өтінімі.",
                  "Региональная потребность — сумма персонифицированной годовой потребности пациентов по "
                  "региону и лекарству по месяцам; бюджетная заявка — заявка Фонда на три года.",
                  "The regional need is the patients' personalised annual need summed by region and "
                  "medicine, by month; the budget request is the Fund's request for three years."),
    "year": Text("Қаржы жылы", "Финансовый год", "Financial year"),
    "need": Text("Өңірлік қажеттілік (айлар бойынша)", "Региональная потребность (по месяцам)",
                 "Regional need (by month)"),
    "request": Text("Бюджеттік өтінім: {first}–{last}", "Бюджетная заявка: {first}–{last}",
                    "Budget request: {first}–{last}"),
    "request_table": Text("Бюджеттік өтінім", "Бюджетная заявка", "Budget request"),
    "region": Text("Өңір", "Регион", "Region"),
    "icd10": Text("Нозология (АХЖ-10)", "Нозология (МКБ-10)", "Nosology (ICD-10)"),
    "inn": Text("ХПА", "МНН", "INN"),
    "dosage_form": Text("Дәрілік түрі", "Лекарственная форма", "Dosage form"),
    "dose_unit": Text("Өлшем бірлігі", "Единица", "Unit"),
    "narcotic": Text("Есірткі/психотроп (22)", "Наркотическое/психотропное (22)",
                     "Narcotic/psychotropic (22)"),
    "patients": Text("Пациенттер", "Пациенты", "Patients"),
    "item_type": Text("Түрі (11, 18)", "Вид (11, 18)", "Item (11, 18)"),
    "trade_name": Text("Саудалық атауы (26)", "Торговое наименование (26)", "Trade name (26)"),
    "need_basis": Text("Қажеттілік негізі (20, 22)", "Основа потребности (20, 22)", "Need basis (20, 22)"),
    "formulary": Text("Тіркеу және формуляр (қос. 1, 22)", "Регистрация и формуляр (прил. 1, 22)",
                      "Registration and formulary (app. 1, 22)"),
    "annual_need": Text("Жылдық қажеттілік", "Годовая потребность", "Annual need"),
    "need_year": Text("{year} жылғы қажеттілік", "Потребность {year}", "Need {year}"),
    "k_patients": Text("Пациенттер", "Пациенты", "Patients"),
    "k_prescriptions": Text("Тағайындау жолдары", "Строк назначений", "Prescription lines"),
    "k_regions": Text("Өңірлер", "Регионы", "Regions"),
    "k_medicines": Text("Дәрілер", "Лекарства", "Medicines"),
    "k_nosologies": Text("Нозологиялар", "Нозологии", "Nosologies"),
    "deadlines": Text("Мерзімдер: қажеттілікті келісу {agreed} дейін (12), өтінім {sent} кешіктірмей (18); "
                      "өтінім күні {dated}",
                      "Сроки: согласование потребности до {agreed} (12), заявка не позднее {sent} (18); "
                      "дата заявки {dated}",
                      "Deadlines: the need agreed by {agreed} (12), the request sent by {sent} (18); "
                      "the request is dated {dated}"),
    "warnings": Text("Ескертулер", "Предупреждения", "Warnings"),
    "narcotic_note": Text("Есірткі және психотроптық заттардың қажеттілігі ДСӘДМ 2015 жылғы № 32 бұйрығы "
                          "бойынша есептеледі (22); ол бұйрықтың әдісі берілмесе, қажеттілік есептелмейді: "
                          "бөлек жолдарда 20-тармақтың көбейтіндісі ғана көрсетіледі, жиындарға кірмейді.",
                          "Потребность в наркотических и психотропных средствах рассчитывается по приказу "
                          "МЗСР № 32 от 2015 года (22); без метода этого приказа она не рассчитана: в "
                          "отдельных строках показано лишь произведение пункта 20, в итоги они не входят.",
                          "The need for narcotic and psychotropic medicines follows MoHSD order No. 32 of "
                          "2015 (22); without that order's method it is not computed: rows of their own show "
                          "only clause 20's product, and they are left out of the totals."),
    "no_need": Text("Бұл жылға өңірлік қажеттілік сақталмаған.", "Региональная потребность за этот год не "
                    "сохранена.", "No regional need is stored for this year."),
    "no_request": Text("Бұл жылға бюджеттік өтінім сақталмаған.",
                       "Бюджетная заявка за этот год не сохранена.",
                       "No budget request is stored for this year."),
    "bad_year": Text("{value}: бұл жылға есеп сақталмаған (барлары: {known})",
                     "{value}: отчёта за этот год нет (есть: {known})",
                     "{value}: no report is stored for this year (stored: {known})"),
    "medicine": Text("Дәрі (ХПА, түрі, бірлігі)", "Лекарство (МНН, форма, единица)",
                     "Medicine (INN, form, unit)"),
    "need_chart": Text("{medicine}: қажеттілік айлар мен өңірлер бойынша, {unit}",
                       "{medicine}: потребность по месяцам и регионам, {unit}",
                       "{medicine}: the need by month and region, {unit}"),
    "month_total": Text("Барлық өңір, айлар бойынша", "Все регионы, по месяцам", "All regions, by month"),
    "grid_help": Text("Түсі — өңірдің ең көп айына қатысты үлес; әр түрлі дәрілер мен бірліктер қосылмайды.",
                      "Цвет — доля от самого большого месяца региона; разные лекарства и единицы не "
                      "складываются.",
                      "The colour is the share of the region's largest month; different medicines and units "
                      "are never added."),
    "total": Text("Жыл", "Год", "Year"),
    "narcotic_chart": Text("есірткі/психотроп: 20-тармақтың көбейтіндісі ғана, қажеттілік есептелмеген (22)",
                           "наркотическое/психотропное: лишь произведение пункта 20, потребность не "
                           "рассчитана (22)",
                           "narcotic/psychotropic: clause 20's product only, the need is not computed (22)"),
    "all_regions": Text("Барлық өңір", "Все регионы", "All regions"),
    "request_totals": Text("Өтінімнің жиыны: дәрі бойынша, барлық өңір мен нозология",
                           "Итоги заявки: по лекарствам, все регионы и нозологии",
                           "The request's totals: by medicine, all regions and nosologies"),
    "totals_caption": Text(
        "Әр дәрі өз бірлігінде; қажеттілігі есептелмеген жолдар (22) жиынға кірмейді.",
        "Каждое лекарство в своей единице; строки без рассчитанной потребности (22) в итоги не входят.",
        "Each medicine in its own unit; rows whose need is not computed (22) are left out."),
    "regions_n": Text("Өңірлер", "Регионов", "Regions"),
    "bad_medicine": Text("{value}: бұл жылдың қажеттілігінде мұндай дәрі жоқ",
                         "{value}: такого лекарства нет в потребности этого года",
                         "{value}: no such medicine in this year's need"),
    "command": Text("kepil medicines need --patients PATIENTS.csv --year YYYY --store",
                    "kepil medicines need --patients PATIENTS.csv --year YYYY --store",
                    "kepil medicines need --patients PATIENTS.csv --year YYYY --store"),
}  # fmt: skip


ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def _warning_text(w: dict[str, Any], lang: str) -> str:
    """A stored deadline warning (drug-rules 12, 18) for people: the region's name in `lang` and the dates
    as DD.MM.YYYY. The stored text (the CLI's words: the region's code, ISO dates) stays as it is; the
    warning's `values` are worded again. A report stored before the values were kept: its text with the
    ISO dates rewritten and a leading region code named."""
    values: dict[str, str] = w.get("values") or {}
    template = {"drug-rules 12": AGREED_LATE, "drug-rules 18": SENT_LATE}.get(str(w.get("clause")))
    if values and template is not None:
        shown = {k: fmt.date(v) if k in ("last", "deadline", "sent") else v for k, v in values.items()}
        if "region" in shown:
            shown["region"] = region_name(shown["region"])[lang]
        try:
            return ACT_CLAUSE.sub("", template.format(**shown)[lang])
        except KeyError:  # values of another shape: the stored words below
            pass
    text = str(w["text"][lang])
    region_code = w.get("region")
    if region_code and text.startswith(f"{region_code}:"):
        text = region_name(region_code)[lang] + text[len(region_code) :]
    return ISO_DATE.sub(lambda m: f"{m[3]}.{m[2]}.{m[1]}", ACT_CLAUSE.sub("", text))


# " (drug-rules 12)" in a stored warning: the page cites the clause by the act's name beside it
ACT_CLAUSE = re.compile(r" \((?:drug-rules) [\d.\-]+\)")


def _quantities(rows: list[dict[str, Any]], keys: list[str], scale: int) -> list[dict[str, Any]]:
    """Stored thousandths of the row's unit → the unit (the page and the files show units)."""
    return [
        r
        | {k: None if r[k] is None else r[k] / scale for k in keys}
        | {
            "region_name": region_name(r["region"]),
            "form_name": form_name(r.get("dosage_form")),
            "unit_name": unit_name(r.get("dose_unit")),
            **{f"{k}_name": names.get(str(r.get(k)), r.get(k)) for k, names in CODE_NAMES.items()},
        }
        for r in rows
    ]


MEDICINE_COLUMNS = [
    Column("region_name", TEXTS["region"]),
    Column("inn", TEXTS["inn"]),
    Column("form_name", TEXTS["dosage_form"]),
    Column("dosage_form", TEXTS["dosage_form"], on_page=False),  # the file's codes: in the downloads
    Column("unit_name", TEXTS["dose_unit"]),
    Column("dose_unit", TEXTS["dose_unit"], on_page=False),
    Column("narcotic_psychotropic", TEXTS["narcotic"], "bool"),
    Column("patients", TEXTS["patients"], "int"),
]


def _need_table(report: Report) -> Table:
    scale = int(report.meta.get("quantity_scale", 1000))
    rows = _quantities(report.records(), ["annual_need", *MONTHS], scale)
    months = [Column(m, MONTHS_SHORT[i], "num") for i, m in enumerate(MONTHS)]
    extra = [c for c in EXTRA_COLUMNS if _source_column(c.key) in report.columns]
    annual = Column("annual_need", TEXTS["annual_need"], "num")
    columns = [*MEDICINE_COLUMNS[:-1], *extra, MEDICINE_COLUMNS[-1], annual, *months]
    return Table("need", TEXTS["need"], columns, rows, sticky=2)


def _medicines(need: Report) -> list[str]:
    """The need's medicines as "INN|form|unit" (different units are never added), the most patients first."""
    frame = pl.DataFrame(need.rows, schema=need.columns, orient="row")
    keys = pl.concat_str(
        [pl.col("inn"), pl.col("dosage_form").fill_null(""), pl.col("dose_unit").fill_null("")], separator="|"
    )
    ranked = (
        frame.group_by(keys.alias("key"))
        .agg(pl.col("patients").sum(), pl.col("narcotic_psychotropic").fill_null(False).any().alias("narc"))
        .sort(["narc", "patients", "key"], descending=[False, True, False])
    )  # drug-rules 22: a narcotic's need is not computed by 20, so it is never the one shown first
    return [str(k) for k in ranked["key"]]


def _medicine_label(key: str, lang: str) -> str:
    inn, form, unit = key.split("|")
    parts = [inn, _word(form_name(form or None), lang), _word(unit_name(unit or None), lang)]
    return ", ".join(p for p in parts if p)


def _word(value: Text | str | None, lang: str) -> str:
    return "" if value is None else value if isinstance(value, str) else value[lang]


def _need_chart(need: Report, chosen: str, lang: str) -> dict[str, Any]:
    """One medicine's need by month (a column chart of all regions) and by region × month (a grid shaded
    by each region's largest month): drug-rules 19's monthly need, in the medicine's own unit."""
    scale = int(need.meta.get("quantity_scale", 1000))
    frame = pl.DataFrame(need.rows, schema=need.columns, orient="row")
    inn, form, unit = chosen.split("|")
    mine = frame.filter(
        (pl.col("inn") == inn)
        & (pl.col("dosage_form").fill_null("") == form)
        & (pl.col("dose_unit").fill_null("") == unit)
    )
    by_region = mine.group_by("region").agg(pl.col(m).sum() / scale for m in [*MONTHS, "annual_need"])
    found = {r["region"]: r for r in by_region.iter_rows(named=True)}
    months = [MONTHS_SHORT[i][lang] for i in range(12)]
    totals = [float(mine[m].sum() or 0) / scale for m in MONTHS]
    grid = []
    for g in regions():  # the registry's order; a region without the medicine is not a row
        r = found.get(g.code)
        if r is None:
            continue
        top = max((r[m] or 0 for m in MONTHS), default=0)
        grid.append({
            "region": g.name[lang], "annual": fmt.number(r["annual_need"], 0),
            "cells": [{"text": fmt.number(r[m] or 0, 0),
                       "cls": heat_class(0.8 * (r[m] or 0) / top if top else None)} for m in MONTHS],
        })  # fmt: skip
    unit_text = _word(unit_name(unit or None), lang)
    name = _medicine_label(chosen, lang).rsplit(", ", 1)[0]  # the unit is the title's own
    title = TEXTS["need_chart"].format(medicine=name, unit=unit_text)
    if mine["narcotic_psychotropic"].fill_null(False).any():
        title = Text(*(f"{title[x]} · {TEXTS['narcotic_chart'][x]}" for x in LANGS))
    return {
        "title": title[lang],
        "chart": charts.columns(months, [(TEXTS["month_total"][lang], totals)], title[lang]),
        "months": months,
        "totals": [fmt.number(v, 0) for v in totals],
        "annual": fmt.number(sum(totals), 0),
        "grid": grid,
    }


def _request_totals(report: Report) -> Table:
    """The request summed by medicine over the regions and nosologies, per year (drug-rules 18); rows whose
    need is not computed (22) have no figure and are left out, as in the totals by unit."""
    scale = int(report.meta.get("quantity_scale", 1000))
    keys = [f"need_{y}" for y in report.meta.get("years", [])]
    frame = pl.DataFrame(report.rows, schema=report.columns, orient="row").filter(
        pl.all_horizontal(pl.col(k).is_not_null() for k in keys) if keys else pl.lit(True)
    )
    summed = (
        frame.group_by("inn", "dosage_form", "dose_unit")
        .agg(pl.col("region").n_unique().alias("regions"), *(pl.col(k).sum() / scale for k in keys))
        .sort("inn", "dosage_form", "dose_unit")
    )
    rows = [
        r | {"form_name": form_name(r["dosage_form"]), "unit_name": unit_name(r["dose_unit"])}
        for r in summed.iter_rows(named=True)
    ]
    years = [int(y) for y in report.meta.get("years", [])]
    columns = [
        Column("inn", TEXTS["inn"]),
        Column("form_name", TEXTS["dosage_form"]),
        Column("unit_name", TEXTS["dose_unit"]),
        Column("regions", TEXTS["regions_n"], "int"),
    ]
    columns += [Column(k, TEXTS["need_year"].format(year=y), "int") for k, y in zip(keys, years, strict=True)]
    return Table("request_totals", TEXTS["request_totals"], columns, rows, caption=TEXTS["totals_caption"])


# issue 19: the columns a report stored since carries (an older report shows without them)
EXTRA_COLUMNS = [
    Column("item_type_name", TEXTS["item_type"]),
    Column("item_type", TEXTS["item_type"], on_page=False),  # the codes: in the downloads
    Column("trade_name", TEXTS["trade_name"]),
    Column("need_basis_name", TEXTS["need_basis"]),
    Column("need_basis", TEXTS["need_basis"], on_page=False),
    Column("formulary_name", TEXTS["formulary"]),
    Column("formulary", TEXTS["formulary"], on_page=False),
]
CODE_NAMES = {"item_type": ITEM_TYPE_NAMES, "need_basis": NEED_BASIS_NAMES, "formulary": FORMULARY_NAMES}


def _source_column(key: str) -> str:
    """The stored column a page column shows: a code's name column shows its code's column."""
    code = key.removesuffix("_name")
    return code if code in CODE_NAMES else key


def _request_table(report: Report) -> Table:
    scale = int(report.meta.get("quantity_scale", 1000))
    years = [int(y) for y in report.meta.get("years", [])]
    keys = [f"need_{y}" for y in years]
    rows = _quantities(report.records(), ["annual_need", *keys], scale)
    extra = [c for c in EXTRA_COLUMNS if _source_column(c.key) in report.columns]
    columns = [MEDICINE_COLUMNS[0], Column("icd10", TEXTS["icd10"]), *MEDICINE_COLUMNS[1:-1], *extra,
               MEDICINE_COLUMNS[-1]]  # fmt: skip
    columns += [Column(k, TEXTS["need_year"].format(year=y), "num") for k, y in zip(keys, years, strict=True)]
    return Table("request", TEXTS["request_table"], columns, rows, sticky=2)


def _load(engine: Any, year: str | None) -> tuple[Report | None, Report | None, list[str]]:
    """The need and the request of `year` (else of the newest year either has) and every stored year."""
    years = sorted(set(report_scopes(engine, NEED)) | set(report_scopes(engine, REQUEST)), reverse=True)
    if year is None:
        if not years:
            return None, None, years
        year = years[0]
    if year not in years:
        return None, None, years
    return load_report(engine, NEED, year), load_report(engine, REQUEST, year), years


@router.get("/medicines")
async def medicines_page(
    request: Request,
    year: str | None = None,
    medicine: str | None = None,
    who: Principal = Depends(page_access("analyst")),
) -> Response:
    lang = lang_of(request)
    need, req, years = await in_store_thread(_load, request.app.state.engine, year or None)
    errors: list[FieldError] = []
    if year and need is None and req is None:
        errors.append(
            FieldError("year", TEXTS["bad_year"].format(value=repr(year), known=", ".join(years) or "—"))
            if year.isdigit() or not years
            else bad_value("year", year, years)
        )
    either = need or req
    shown_year = either.scope if either is not None else None
    ctx: dict[str, Any] = {
        "need": need, "req": req, "years": years, "year": shown_year, "act": ACT,
        "errors": {}, "warnings": [], "medicines": [], "medicine": None, "need_chart": None,
    }  # fmt: skip
    tables: list[Table] = []
    if need is not None:
        tables.append(_need_table(need))
        keys = _medicines(need)
        ctx["medicines"] = [{"key": k, "label": _medicine_label(k, lang)} for k in keys]
        if medicine and medicine not in keys:
            errors.append(FieldError("medicine", TEXTS["bad_medicine"].format(value=repr(medicine))))
        chosen = medicine if medicine in keys else (keys[0] if keys else None)
        if chosen is not None:
            ctx["medicine"] = chosen
            ctx["need_chart"] = _need_chart(need, chosen, lang)
    if req is not None:
        tables.append(_request_table(req))
        tables.append(_request_totals(req))
        ctx["warnings"] = [
            {"clause": w["clause"].split()[-1], "text": _warning_text(w, lang)}
            for w in req.meta.get("warnings", [])
        ]
    ctx["errors"] = {e.field: e.text[lang] for e in errors}
    status = 422 if errors else 200
    return page(request, "medicines.html", TEXTS, who, "medicines_title", tables=tables, status=status, **ctx)
