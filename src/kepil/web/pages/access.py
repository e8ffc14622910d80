"""/access: the scorecard of the access criteria (`program-2026-2028` 79.1–79.9 and the ambulance rules of
4) by region, from the report `kepil access report --store` keeps (kind access_criteria)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from kepil.i18n import Text
from kepil.law.program_2026_2028.access_criteria import ACT, CRITERIA, Words, value_decimals
from kepil.reports.access import KIND, words_of
from kepil.store.keys import Principal
from kepil.web import charts
from kepil.web import format as fmt
from kepil.web.pages.stored import TEXTS as STORED
from kepil.web.pages.stored import FieldError, bad_scope, stored
from kepil.web.params import region_name
from kepil.web.render import lang_of, page
from kepil.web.session import page_access
from kepil.web.tables import Column, Table

router = APIRouter(include_in_schema=False)
NAMES: dict[str, Text] = {code: name for code, _, name in CRITERIA}
# the clause of program-2026-2028 alone ("79.1"): the page cites it by the act's name
CLAUSES: dict[str, str] = {code: clause.split()[-1] for code, clause, _ in CRITERIA}

TEXTS: dict[str, Text] = STORED | {
    "access_title": Text("Медициналық көмектің қолжетімділік өлшемшарттары",
                         "Критерии доступности медицинской помощи", "Access criteria of medical care"),
    "intro": Text("Әр өңір бойынша Бағдарламаның 79-тармағының тоғыз өлшемшарты және 4-тармақтағы "
                  "жедел жәрдем талаптары: мәні, шегі, орындалды ма.",
                  "По каждому региону девять критериев пункта 79 Программы и требования к скорой помощи "
                  "пункта 4: значение, порог, выполнен ли.",
                  "For each region the nine criteria of the Program's clause 79 and the ambulance rules of "
                  "clause 4: value, threshold, met or not."),
    "on": Text("Есеп күні: {day}", "Дата отчёта: {day}", "Report day: {day}"),
    "scorecard": Text("Өлшемшарттар картасы", "Карта критериев", "Scorecard"),
    "region": Text("Өңір", "Регион", "Region"),
    "criterion": Text("Өлшемшарт", "Критерий", "Criterion"),
    "clause_col": Text("Тармақ", "Пункт", "Clause"),
    "citation_col": Text("Акт және тармақ", "Акт и пункт", "Act and clause"),
    "value": Text("Мәні", "Значение", "Value"),
    "unit": Text("Өлшем бірлігі", "Единица", "Unit"),
    "threshold": Text("Шегі", "Порог", "Threshold"),
    "met_col": Text("Орындалды", "Выполнен", "Met"),
    "cases": Text("Негіз (бөлгіш)", "База (знаменатель)", "Cases (denominator)"),
    "met": Text("орындалды", "выполнен", "met"),
    "unmet": Text("орындалмады", "не выполнен", "not met"),
    "no_data": Text("дерек жоқ", "нет данных", "no data"),
    "met_count": Text("Орындалған өлшемшарттар", "Выполнено критериев", "Criteria met"),
    "judged": Text("Бағаланған өлшемшарттар", "Оценено критериев", "Criteria judged"),
    "of": Text("{met} / {all}", "{met} из {all}", "{met} of {all}"),
    "ranking": Text("Өңірлер орындалған өлшемшарттар саны бойынша", "Регионы по числу выполненных критериев",
                    "Regions ranked by criteria met"),
    "long": Text("Өңірлер мен өлшемшарттар", "Регионы и критерии", "Regions and criteria"),
    "readings": Text("Әр өлшемшарттың шегі бағанның тақырыбында, тармағы — сілтемеде.",
                     "Порог каждого критерия — в заголовке столбца, пункт — по ссылке.",
                     "Each criterion's threshold is in its column's heading, its clause behind the link."),
    "command": Text("kepil access report --data DIR --date YYYY-MM-DD --store",
                    "kepil access report --data DIR --date YYYY-MM-DD --store",
                    "kepil access report --data DIR --date YYYY-MM-DD --store"),
}  # fmt: skip


def _words(words: dict[str, Words], r: dict[str, Any]) -> Words:
    """The row's unit and threshold in kk/ru/en from the report's meta (the law layer's words, stored when
    the report was made); a report stored before they were kept shows its own words as they are."""
    found = words.get(r["criterion"])
    if found is not None:
        return found
    unit, threshold = str(r.get("unit") or ""), str(r.get("threshold") or "")
    return Words(Text(unit, unit, unit), Text(threshold, threshold, threshold))


def _cell(r: dict[str, Any], lang: str, words: Words) -> dict[str, Any]:
    met = r["met"]
    state = "no_data" if met is None else ("met" if met else "unmet")
    value = "—" if r["value"] is None else fmt.number(r["value"], value_decimals(r["value"]))
    return {"state": state, "mark": {"met": "✓", "unmet": "✗", "no_data": "–"}[state], "value": value,
            "unit": words.unit[lang], "cases": r["cases"]}  # fmt: skip


@router.get("/access")
async def access_page(
    request: Request, scope: str | None = None, who: Principal = Depends(page_access("analyst"))
) -> Response:
    lang = lang_of(request)
    report, scopes = await stored(request, KIND, scope or None)
    errors: list[FieldError] = [bad_scope(scope, scopes)] if scope and report is None else []
    ctx: dict[str, Any] = {
        "report": report, "scopes": scopes, "errors": {e.field: e.text[lang] for e in errors}, "act": ACT,
        "criteria": [], "grid": [], "chart": None,
    }  # fmt: skip
    if report is None:
        return page(request, "access.html", TEXTS, who, "access_title", status=422 if errors else 200, **ctx)
    records = report.records()
    words = words_of(report.meta)
    codes = [c for c in report.meta.get("criteria", [code for code, _, _ in CRITERIA]) if c in NAMES]
    first: dict[str, dict[str, Any]] = {}
    for r in records:
        first.setdefault(r["criterion"], r)
    ctx["criteria"] = [
        {"code": c, "name": NAMES[c][lang], "clause": CLAUSES[c],
         "threshold": _words(words, first[c]).threshold[lang] if c in first else ""}
        for c in codes
    ]  # fmt: skip
    by_region: dict[str, dict[str, dict[str, Any]]] = {}
    for r in records:
        by_region.setdefault(r["region"], {})[r["criterion"]] = r
    ranking: list[dict[str, Any]] = []
    for code, cells in by_region.items():
        met = sum(1 for r in cells.values() if r["met"])
        judged = sum(1 for r in cells.values() if r["met"] is not None)
        ranking.append({"region": code, "region_name": region_name(code), "met": met, "judged": judged,
                        "criteria": len(cells)})  # fmt: skip
    ranking.sort(key=lambda x: (-x["met"], x["region_name"][lang]))
    ctx["grid"] = [
        {"name": x["region_name"][lang], "met": x["met"], "criteria": x["criteria"],
         "cells": [_cell(cells[c], lang, _words(words, cells[c])) if c in cells else None for c in codes]}
        for x in ranking
        for cells in [by_region[x["region"]]]
    ]  # fmt: skip
    total = len(codes)
    ctx["chart"] = charts.bars(
        [(x["region_name"][lang], float(x["met"])) for x in ranking],
        TEXTS["ranking"][lang],
        value_text=lambda v: TEXTS["of"].format(met=int(v), all=total)[lang],
    )
    rank_table = Table(
        "ranking", TEXTS["ranking"],
        [Column("region_name", TEXTS["region"]), Column("met", TEXTS["met_count"], "int"),
         Column("judged", TEXTS["judged"], "int")],
        ranking,
    )  # fmt: skip
    long_rows = [
        r | {"region_name": region_name(r["region"]), "name": NAMES.get(r["criterion"], r["criterion"]),
             "clause": CLAUSES.get(r["criterion"], r["clause"]), "citation": r["clause"],
             "unit_text": w.unit, "threshold_text": w.threshold}
        for r in records
        for w in [_words(words, r)]
    ]  # fmt: skip
    long_table = Table(
        "criteria", TEXTS["long"],
        [Column("region_name", TEXTS["region"]), Column("name", TEXTS["criterion"]),
         Column("clause", TEXTS["clause_col"], "clause"),
         Column("citation", TEXTS["citation_col"], on_page=False),  # the act and clause, in the files
         Column("value", TEXTS["value"], "num"),
         Column("unit_text", TEXTS["unit"]), Column("threshold_text", TEXTS["threshold"]),
         Column("met", TEXTS["met_col"], "bool"), Column("cases", TEXTS["cases"], "int")],
        long_rows,
    )  # fmt: skip
    return page(request, "access.html", TEXTS, who, "access_title", tables=[rank_table, long_table], **ctx)
