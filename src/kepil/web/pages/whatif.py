"""/whatif: a stored what-if for analysts (issue 20) — the reform and what it cites, the totals, a chart and
the summary by the dimension chosen, the changed cases to drill into; every table downloads as CSV and
XLSX. The results are computed by `kepil whatif coverage|claims --store` (kinds whatif_coverage and
whatif_claims of the stored reports)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from kepil.i18n import Text
from kepil.store.keys import Principal
from kepil.web import format as fmt
from kepil.web.charts import bars
from kepil.web.pages.stored import TEXTS as STORED
from kepil.web.pages.stored import FieldError, bad_scope, bad_value, stored
from kepil.web.render import lang_of, page
from kepil.web.session import page_access
from kepil.web.tables import Column, Table
from kepil.whatif import messages as M

router = APIRouter(include_in_schema=False)

KINDS = {"coverage": "whatif_coverage", "claims": "whatif_claims"}
DIMENSIONS = {
    "coverage": ("kind", "region", "age_band", "residency", "package"),
    "claims": ("package", "method", "region", "provider_id"),
}
CASE_COLUMNS = {
    "coverage": (
        "id",
        "change",
        "kind",
        "region",
        "age_band",
        "residency",
        "package",
        "law_rule",
        "law_basis",
        "reform_rule",
        "reform_basis",
    ),
    "claims": (
        "claim_id",
        "provider_id",
        "region",
        "method",
        "law_package",
        "reform_package",
        "moved_presented_tiyn",
        "law_rule",
        "law_basis",
        "reform_rule",
        "reform_basis",
    ),
}

TEXTS: dict[str, Text] = STORED | {
    "whatif_title": Text(
        "Не болады, егер: заң өзгерісінің әсері",
        "Что если: последствия изменения закона",
        "What if: the effect of a change of the law",
    ),
    "intro": Text(
        "Бір сұраныстар заң бойынша да, реформа бойынша да шешіледі; кесте жауабы өзгеретіндерді және "
        "шешкен тармақтарды көрсетеді.",
        "Одни и те же запросы решаются по закону и по реформе; таблицы показывают, у кого меняется "
        "ответ, и решившие пункты.",
        "The same requests decided under the law and under the reform: who changes, and the clauses "
        "that decided.",
    ),
    "kind": Text("Нені өлшейді", "Что измеряется", "Measured on"),
    "kind_coverage": Text(
        "Өтеу (сұраныстар не халық)",
        "Покрытие (запросы или население)",
        "Coverage (requests or a population)",
    ),
    "kind_claims": Text(
        "Бір айдың жағдайлары (төлем, мониторинг)",
        "Случаи месяца (оплата, мониторинг)",
        "A month of claims (payment, monitoring)",
    ),
    "scope": Text("Сценарий", "Сценарий", "Scenario"),
    "dimension": Text("Бөлу", "Разрез", "Split by"),
    "reform": Text("Реформа", "Реформа", "The reform"),
    "cites": Text("Негізі", "Основание", "Stands for"),
    "as_of": Text("Заң күні: {date}", "Закон на дату: {date}", "The law as of {date}"),
    "changes": Text(
        "Өзгерістер: {parameters} параметр, {rules} ереже, {lists} тізбе, {tariffs} тариф",
        "Изменения: параметров {parameters}, правил {rules}, перечней {lists}, тарифов {tariffs}",
        "Changes: {parameters} parameter(s), {rules} rule(s), {lists} list(s), {tariffs} tariff(s)",
    ),
    "k_requests": Text("Сұраныстар", "Запросы", "Requests"),
    "k_changed": Text("Жауабы өзгереді", "Меняется ответ", "Answer changes"),
    "k_lost": Text("Өтеуден айырылады", "Теряют покрытие", "Lose coverage"),
    "k_lost_unknown": Text(
        "оның ішінде белгісіз фактіге байланысты",
        "из них зависит от неизвестного факта",
        "of which rest on an unknown fact",
    ),
    "k_gained": Text("Өтеу алады", "Получают покрытие", "Gain coverage"),
    "k_package": Text("Пакет ауысады", "Меняется пакет", "Package moves"),
    "k_claims": Text("Жағдайлар", "Случаи", "Claims"),
    "k_claims_changed": Text(
        "Пакеті не сомасы өзгереді", "Меняется пакет или сумма", "Package or amount changes"
    ),
    "summary": Text("Жиынтық", "Сводка", "Summary"),
    "money": Text(
        "Ақша, ₸ (ұсынылған сома; төлем әдістері бағалаған сома)",
        "Деньги, ₸ (предъявленная сумма; сумма по методам оплаты)",
        "Money, ₸ (presented; as priced by the payment methods)",
    ),
    "cases": Text(
        "Өзгерген жағдайлар (алғашқы {kept} / {total})",
        "Изменившиеся случаи (первые {kept} из {total})",
        "Changed cases (first {kept} of {total})",
    ),
    "chart": Text(
        "{dimension} бойынша: айырылатындар мен алатындар",
        "По разрезу «{dimension}»: теряют и получают",
        "By {dimension}: who loses and who gains",
    ),
    "chart_money": Text(
        "{dimension} бойынша ауысқан ақша, ₸",
        "Перемещённые деньги по разрезу «{dimension}», ₸",
        "Money moved by {dimension}, ₸",
    ),
    "moves": Text("Пакеттер арасындағы ауысулар", "Переходы между пакетами", "Moves between packages"),
    "defects": Text(
        "Ақаулар: пайда болады / жоғалады",
        "Дефекты: появляются / исчезают",
        "Defects that appear or disappear",
    ),
    "warnings": Text("Ескертулер", "Предупреждения", "Warnings"),
    "command": Text(
        "kepil whatif coverage --population PERSONS.parquet --reform program-2027 --out DIFF.parquet --store",
        "kepil whatif coverage --population PERSONS.parquet --reform program-2027 --out DIFF.parquet --store",
        "kepil whatif coverage --population PERSONS.parquet --reform program-2027 --out DIFF.parquet --store",
    ),
    "c_change": Text("Өзгеріс", "Изменение", "Change"),
    "c_words": Text("Сөзбен", "Словами", "In words"),
    "c_law": Text("Заң: ереже", "Закон: правило", "Law: rule"),
    "c_law_basis": Text("Заң: тармақтар", "Закон: пункты", "Law: clauses"),
    "c_reform": Text("Реформа: ереже", "Реформа: правило", "Reform: rule"),
    "c_reform_basis": Text("Реформа: тармақтар", "Реформа: пункты", "Reform: clauses"),
    "c_law_tiyn": Text("Заң, ₸", "Закон, ₸", "Law, ₸"),
    "c_reform_tiyn": Text("Реформа, ₸", "Реформа, ₸", "Reform, ₸"),
    "c_moved": Text("Ауысты, ₸", "Перемещено, ₸", "Moved, ₸"),
    "c_presented_moved": Text("Ұсынылған, ауысты, ₸", "Предъявлено, перемещено, ₸", "Presented, moved, ₸"),
    "c_claims": Text("Жағдайлар", "Случаи", "Claims"),
    "c_appear": Text("Пайда болады", "Появляются", "Appear"),
    "c_disappear": Text("Жоғалады", "Исчезают", "Disappear"),
    "c_penalty": Text("Айыппұл өзгерісі, ₸", "Изменение штрафов, ₸", "Penalty moved, ₸"),
    "c_code": Text("Код", "Код", "Code"),
    "c_clause": Text("Тармақ", "Пункт", "Clause"),
    "c_from": Text("Заң бойынша пакет", "Пакет по закону", "Package under the law"),
    "c_to": Text("Реформа бойынша пакет", "Пакет по реформе", "Package under the reform"),
}
COLUMN_WORDS: dict[str, Text] = {k: v for k, v in M.COLUMNS.items()} | {
    "lost_unknown": TEXTS["k_lost_unknown"],
    **{d: M.DIMENSIONS.get(d, Text(d, d, d)) for d in ("kind", "region", "age_band", "residency", "package")},
    "method": Text("Төлем әдісі", "Метод оплаты", "Payment method"),
    "provider_id": Text("Жеткізуші", "Поставщик", "Provider"),
    "id": Text("Сұраныс", "Запрос", "Request"),
    "claim_id": Text("Жағдай", "Случай", "Claim"),
    "change": TEXTS["c_change"],
    "law_rule": TEXTS["c_law"],
    "law_basis": TEXTS["c_law_basis"],
    "reform_rule": TEXTS["c_reform"],
    "reform_basis": TEXTS["c_reform_basis"],
    "law_package": TEXTS["c_from"],
    "reform_package": TEXTS["c_to"],
    "moved_presented_tiyn": TEXTS["c_presented_moved"],
}


MONEY_WORDS = {
    "law_presented_tiyn": Text("Ұсынылған, заң, ₸", "Предъявлено, закон, ₸", "Presented, law, ₸"),
    "reform_presented_tiyn": Text("Ұсынылған, реформа, ₸", "Предъявлено, реформа, ₸", "Presented, reform, ₸"),
    "moved_presented_tiyn": Text("Ұсынылған, ауысты, ₸", "Предъявлено, перемещено, ₸", "Presented, moved, ₸"),
    "law_tiyn": Text("Бағаланған, заң, ₸", "Оценено, закон, ₸", "Priced, law, ₸"),
    "reform_tiyn": Text("Бағаланған, реформа, ₸", "Оценено, реформа, ₸", "Priced, reform, ₸"),
    "moved_tiyn": Text("Бағаланған, ауысты, ₸", "Оценено, перемещено, ₸", "Priced, moved, ₸"),
}


def _coverage_tables(report: Any, dimension: str, lang: str) -> tuple[list[Table], Any]:
    rows = [r for r in report.records() if r["dimension"] in ("total", dimension)]
    summary = Table(
        "summary",
        TEXTS["summary"],
        [
            Column("value", M.DIMENSIONS[dimension]),
            *(
                Column(k, COLUMN_WORDS[k], "int")
                for k in ("requests", "changed", "lost", "lost_unknown", "gained", "package", "other")
            ),
        ],
        [r | {"value": M.NOT_GIVEN[lang] if r["value"] == "—" else r["value"]} for r in rows],
    )
    shown = [r for r in rows if r["dimension"] == dimension and (r["lost"] or r["gained"])][:20]
    chart = bars(
        [(f"{r['value']} −", float(r["lost"])) for r in shown]
        + [(f"{r['value']} +", float(r["gained"])) for r in shown],
        TEXTS["chart"][lang].format(dimension=M.DIMENSIONS[dimension][lang]),
        highlight=lambda label: label.endswith("−"),
    )
    return [summary], chart


def _claims_tables(report: Any, dimension: str, lang: str) -> tuple[list[Table], Any]:
    rows = [r for r in report.records() if r["dimension"] == dimension]
    money = Table(
        "summary",
        TEXTS["money"],
        [
            Column("value", COLUMN_WORDS.get(dimension, Text(dimension, dimension, dimension))),
            *(Column(k, MONEY_WORDS[k], "money") for k in MONEY_WORDS),
        ],
        [dict(r) for r in rows],
    )
    moves = Table(
        "moves",
        TEXTS["moves"],
        [
            Column("law_package", TEXTS["c_from"]),
            Column("reform_package", TEXTS["c_to"]),
            Column("claims", TEXTS["c_claims"], "int"),
            Column("law_presented_tiyn", TEXTS["c_law_tiyn"], "money"),
            Column("moved_presented_tiyn", TEXTS["c_presented_moved"], "money"),
        ],
        list(report.meta.get("moves", [])),
    )
    defects = Table(
        "defects",
        TEXTS["defects"],
        [
            Column("code", TEXTS["c_code"]),
            Column("appear", TEXTS["c_appear"], "int"),
            Column("disappear", TEXTS["c_disappear"], "int"),
            Column("penalty_moved_tiyn", TEXTS["c_penalty"], "money"),
            Column("clause", TEXTS["c_clause"]),
        ],
        list(report.meta.get("defects_by_code", [])),
    )
    shown = sorted(rows, key=lambda r: r["moved_presented_tiyn"])[:20]
    chart = bars(
        [(str(r["value"]), abs(r["moved_presented_tiyn"]) / 100) for r in shown if r["moved_presented_tiyn"]],
        TEXTS["chart_money"][lang].format(
            dimension=COLUMN_WORDS.get(dimension, Text(dimension, dimension, dimension))[lang]
        ),
        value_text=lambda v: fmt.number(v),
    )
    return [money, moves, defects], chart


def _cases(report: Any, kind: str, lang: str) -> Table:
    columns = report.meta.get("cases_columns", [])
    cases = [dict(zip(columns, row, strict=True)) for row in report.meta.get("cases", [])]
    words = f"change_{lang}"
    keys = [k for k in CASE_COLUMNS[kind] if k in columns]
    cols = [
        Column(k, COLUMN_WORDS.get(k, Text(k, k, k)), "money" if k.endswith("_tiyn") else "text")
        for k in keys
    ]
    if words in columns:
        cols.append(Column(words, TEXTS["c_words"]))
    rows = cases
    title = TEXTS["cases"].format(kept=len(cases), total=report.meta.get("cases_total", len(cases)))
    return Table("cases", title, cols, rows, total=report.meta.get("cases_total"))


@router.get("/whatif")
async def whatif_page(
    request: Request,
    kind: str = "coverage",
    scope: str | None = None,
    dimension: str | None = None,
    who: Principal = Depends(page_access("analyst")),
) -> Response:
    lang = lang_of(request)
    errors: list[FieldError] = []
    if kind not in KINDS:
        errors.append(bad_value("kind", kind, tuple(KINDS)))
        kind = "coverage"
    report, scopes = await stored(request, KINDS[kind], scope or None)
    if scope and report is None:
        errors.append(bad_scope(scope, scopes))
    dims = DIMENSIONS[kind]
    chosen = dimension or dims[0]
    if chosen not in dims:
        errors.append(bad_value("dimension", chosen, dims))
        chosen = dims[0]
    ctx: dict[str, Any] = {
        "kind": kind,
        "kinds": tuple(KINDS),
        "report": report,
        "scopes": scopes,
        "dimension": chosen,
        "dimensions": dims,
        "dimension_words": {d: COLUMN_WORDS.get(d, Text(d, d, d))[lang] for d in dims},
        "errors": {e.field: e.text[lang] for e in errors},
        "chart": None,
        "reform": None,
        "totals": None,
        "warnings": [],
    }
    if errors or report is None:
        return page(request, "whatif.html", TEXTS, who, "whatif_title", status=422 if errors else 200, **ctx)
    tables, chart = (_coverage_tables if kind == "coverage" else _claims_tables)(report, chosen, lang)
    tables.append(_cases(report, kind, lang))
    ctx |= {
        "chart": chart,
        "reform": report.meta["reform"],
        "totals": report.meta.get("totals", {}),
        "warnings": [w[lang] for w in report.meta.get("warnings", [])],
    }
    return page(request, "whatif.html", TEXTS, who, "whatif_title", tables=tables, **ctx)
