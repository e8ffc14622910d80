"""The law pages (issue 7), public: the acts (kepil.law.acts), each act's parameters and tables as the
reference API gives them (docs/service-reference.md), and the Kazakh text of any clause kepil cites
(kepil.law.texts, the seeds vendored in data/acts_text/).

- `/law`: the seven acts of GLOSSARY.md with their dates in force and status today;
- `/law/{act}`: the act's citation and dates, its parameters (parameters.yaml), its tables
  (`program-2026-2028` app1 inpatient caps and app2 payment methods, `monitoring-rules` app1 the defect
  classifier) and the clauses whose text kepil holds — every table downloadable (CSV, XLSX);
- `/law/{act}/clause/{clause}`: the paragraph in a `<blockquote class="clause" lang="kk">`; 404 in the
  viewer's language for an unknown act or clause.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from kepil.coverage.readings import reading_text
from kepil.coverage.rulebook import rulebook
from kepil.errors import InvalidInput
from kepil.i18n import LANGS, Text
from kepil.law.acts import act as act_of
from kepil.law.acts import acts, not_in_force_reason
from kepil.law.citation import clause_label
from kepil.law.monitoring_rules.classifier import classifier
from kepil.law.parameter_words import unit_text, value_text
from kepil.law.parameters import parameters
from kepil.law.program_2026_2028.inpatient_caps import caps
from kepil.law.program_2026_2028.payment_methods import directions
from kepil.law.texts import ClauseText, clause_texts, normalise, paragraph_numbers
from kepil.web import format as fmt
from kepil.web.nav import clause_href
from kepil.web.render import lang_of, page
from kepil.web.session import viewer
from kepil.web.tables import Column, Table

router = APIRouter(include_in_schema=False)

TEXTS: dict[str, Text] = {
    "law": Text("Заң", "Право", "The law"),
    "intro": Text(
        "kepil орындайтын актілер: күшіне енген және күші жойылған күндері, параметрлері, кестелері және "
        "әр тармақтың қазақша мәтіні.",
        "Акты, которые исполняет kepil: даты вступления в силу и утраты силы, параметры, таблицы и "
        "казахский текст каждого пункта.",
        "The acts kepil executes: the dates they are in force, their parameters, tables and the Kazakh "
        "text of each clause.",
    ),
    "acts": Text("Актілер", "Акты", "The acts"),
    "acts_caption": Text("Мәртебесі {on} күнгі", "Статус на {on}", "Status on {on}"),
    "act_id": Text("Код", "Код", "Id"),
    "short_title": Text("Атауы", "Название", "Title"),
    "number": Text("Нөмірі", "Номер", "Number"),
    "signed": Text("Қол қойылды", "Подписан", "Signed"),
    "in_force_from": Text("Күшіне енді", "Действует с", "In force from"),
    "in_force_until": Text("Соңғы күні", "Действует по", "In force until"),
    "text_from": Text("kepil мәтіні бастап", "Текст kepil с", "kepil's text from"),
    "status": Text("Мәртебесі", "Статус", "Status"),
    "reason": Text("Неге", "Почему", "Why"),
    "status_in_force": Text("күшінде", "действует", "in force"),
    "status_repealed": Text("күші жойылған", "утратил силу", "repealed"),
    "status_not_yet": Text("әлі күшіне енбеген", "ещё не вступил в силу", "not yet in force"),
    "status_expired": Text("мерзімі өткен", "срок истёк", "expired"),
    "assumed": Text("болжам", "допущение", "assumed"),
    "citation": Text("Дереккөз", "Источник", "Citation"),
    "issuer": Text("Шығарған", "Издан", "Issued by"),
    "registration": Text("Әділет министрлігінде тіркелген", "Зарегистрирован в Минюсте",
                         "Registered with the Ministry of Justice"),
    "amended_by": Text("Өзгертулер енгізген", "Изменён", "Amended by"),
    "repealed_by": Text("Күшін жойған", "Отменён", "Repealed by"),
    "effective": Text("қолданылады", "действует с", "effective"),
    "dates": Text("Күшінде болу мерзімі", "Срок действия", "Dates in force"),
    "parameters": Text("Параметрлер", "Параметры", "Parameters"),
    "name": Text("Атауы", "Имя", "Name"),
    "description": Text("Сипаттамасы", "Описание", "Description"),
    "value": Text("Мәні", "Значение", "Value"),
    "unit": Text("Бірлігі", "Единица", "Unit"),
    "clause": Text("Тармақ", "Пункт", "Clause"),
    "valid_from": Text("Бастап", "С", "From"),
    "valid_to": Text("Дейін", "По", "Until"),
    "caps": Text("Тәулік бойы стационардың шекті көлемі (1-қосымша)",
                 "Предельные объёмы круглосуточного стационара (приложение 1)",
                 "Caps on round-the-clock inpatient cases (appendix 1)"),
    "region": Text("Өңір", "Регион", "Region"),
    "profile": Text("Бейін", "Профиль", "Bed profile"),
    "total": Text("Барлығы", "Всего", "Total"),
    "children": Text("Балалар", "Дети", "Children"),
    "adults": Text("Ересектер", "Взрослые", "Adults"),
    "rural_total": Text("Ауыл, барлығы", "Село, всего", "Rural, total"),
    "rural_children": Text("Ауыл, балалар", "Село, дети", "Rural, children"),
    "rural_adults": Text("Ауыл, ересектер", "Село, взрослые", "Rural, adults"),
    "rules_here": Text("kepil-дің осы тармаққа сүйенетін қамту ережелері",
                       "Правила покрытия kepil, опирающиеся на этот пункт",
                       "kepil's coverage rules that rest on this clause"),
    "reading_label": Text("Оқылуы", "Толкование", "Reading"),
    "payment_methods": Text("Ақы төлеу әдістері (2-қосымша)", "Методы оплаты (приложение 2)",
                            "Payment methods (appendix 2)"),
    "direction": Text("Бағыт", "Направление", "Direction"),
    "row": Text("Жол", "Строка", "Row"),
    "method": Text("Төлем әдісі", "Метод оплаты", "Payment method"),
    "classifier": Text("Ақаулар мен бұзушылықтардың бірыңғай сыныптамасы (1-қосымша)",
                       "Единый классификатор дефектов и нарушений (приложение 1)",
                       "Unified classifier of defects and violations (appendix 1)"),
    "code": Text("Коды", "Код", "Code"),
    "significant": Text("Елеулі", "Существенное", "Significant"),
    "clauses": Text("kepil мәтінін ұстайтын тармақтар", "Пункты, текст которых есть в kepil",
                    "Clauses whose text kepil holds"),
    "clauses_caption": Text(
        "Бағдарламадан басқа актілер сидтерде тек өзгертулер енгізетін бұйрықтар арқылы берілген: "
        "тек жаңа редакцияда жазылған тармақтар бар.",
        "Кроме Программы, акты даны в исходных текстах только через изменяющие приказы: есть лишь "
        "пункты в новой редакции.",
        "Except for the Program, the seeds give the acts only through amending orders: only the paragraphs "
        "given a new wording are there.",
    ),
    "beginning": Text("Басы", "Начало", "Beginning"),
    "clause_title": Text("{act}, {clause}", "{act}, {clause}", "{act}, {clause}"),
    "kazakh_only": Text(
        "Заң мәтіні ресми жарияланған тілде — қазақ тілінде келтірілген.",
        "Текст закона приводится на казахском языке, как он опубликован.",
        "The text of the law is quoted in Kazakh, as published.",
    ),
    "enclosing": Text(
        "{clause} мәтінде бөлек белгіленбеген: оны қамтитын {found} толық көрсетілді.",
        "{clause} в тексте отдельно не выделен: показан весь охватывающий {found}.",
        "{clause} is not marked separately in the text: the whole of {found}, which "
        "holds it, is shown.",
    ),
    "appendix_row": Text(
        "{clause} — қосымшаның жолы; қосымша кесте болғандықтан, мұнда оның тақырыбы көрсетілді, жолдары — "
        "актінің бетінде.",
        "{clause} — строка приложения; приложение — таблица, здесь показан его заголовок, строки — на "
        "странице акта.",
        "{clause} is a row of an appendix, which is a table: its heading is shown here, its rows on the "
        "act's page.",
    ),
    "twice": Text(
        "Бұл нөмір актінің мәтінінде {n} рет кездеседі (бұйрық бірнеше қағидаға өзгерту енгізеді): "
        "барлығы көрсетілді.",
        "Этот номер встречается в тексте акта {n} раза (приказ изменяет несколько правил): показаны все.",
        "This number occurs {n} times in the act's text (the order amends more than one set of rules): "
        "all are shown.",
    ),
    "seed_line": Text("Актінің бастапқы мәтіні, {line}-жол", "Исходный текст акта, строка {line}",
                      "The act's source text, line {line}"),
    "row_in_kepil": Text("kepil-дегі жол", "Строка в kepil", "The row in kepil"),
    "whole_act": Text("Актінің беті", "Страница акта", "The act's page"),
    "unknown_act": Text(
        "{act} деген акт жоқ. Актілер: {acts}.",
        "Акта {act} нет. Акты: {acts}.",
        "There is no act {act}. The acts: {acts}.",
    ),
    "unknown_clause": Text(
        "kepil ұстайтын {act} мәтінінде {clause} деген тармақ жоқ.",
        "В тексте {act}, который есть в kepil, нет пункта {clause}.",
        "The text of {act} kepil holds has no clause {clause}.",
    ),
}  # fmt: skip


def _href_act(row: dict[str, Any]) -> str:
    return f"/law/{row['id']}"


def acts_table(on: dt.date) -> Table:
    rows = []
    for a in acts():
        reason = not_in_force_reason(a.id, on)
        rows.append(
            {
                "id": a.id,
                "short_title": a.short_title,
                "number": a.number,
                "signed": a.signed,
                "in_force_from": a.start,
                "in_force_until": a.end,
                "text_from": a.text_from,
                "status": TEXTS[f"status_{a.status(on)}"],
                "reason": reason,
            }
        )
    cols = [
        Column("id", TEXTS["act_id"], href=_href_act, on_page=False),  # the code: in the files
        Column("short_title", TEXTS["short_title"], href=_href_act),
        Column("number", TEXTS["number"]),
        Column("signed", TEXTS["signed"], "date"),
        Column("in_force_from", TEXTS["in_force_from"], "date"),
        Column("in_force_until", TEXTS["in_force_until"], "date"),
        Column("text_from", TEXTS["text_from"], "date"),
        Column("status", TEXTS["status"]),
        Column("reason", TEXTS["reason"]),
    ]
    return Table("acts", TEXTS["acts"], cols, rows, caption=TEXTS["acts_caption"].format(on=fmt.date(on)))


@router.get("/law")
async def law_index(request: Request) -> Response:
    today = dt.date.today()
    return page(request, "law_index.html", TEXTS, await viewer(request), "law", tables=[acts_table(today)])


# --- one act ----------------------------------------------------------------------------------------


def _cite_href(act: str) -> Any:
    def href(row: dict[str, Any]) -> str | None:
        return clause_href(row.get("clause_act") or act, row["clause"]) if row.get("clause") else None

    return href


def parameters_table(act: str) -> Table:
    rows = []
    for p in parameters(None):
        if p.act != act:
            continue
        first = p.citations[0]
        for start, end, value in p.intervals():
            rows.append(
                {
                    "name": p.name,
                    "description": p.description,
                    "value": Text(*(value_text(value, lang) for lang in LANGS)),
                    "unit": Text(*(unit_text(p.unit, lang) for lang in LANGS)),
                    "clause": first.clause,
                    "clause_act": first.act,
                    "also": ", ".join(str(c) for c in p.citations[1:]) or None,
                    "valid_from": start,
                    "valid_to": end,
                }
            )
    cols = [
        Column("name", TEXTS["name"], on_page=False),  # the code: in the files, not on the page
        Column("description", TEXTS["description"]),
        Column("value", TEXTS["value"]),
        Column("unit", TEXTS["unit"]),
        Column("clause", TEXTS["clause"], "clause", href=_cite_href(act)),
        Column("valid_from", TEXTS["valid_from"], "date"),
        Column("valid_to", TEXTS["valid_to"], "date"),
    ]
    return Table("parameters", TEXTS["parameters"], cols, rows)


def caps_table() -> Table:
    """program-2026-2028 app1 (bound by 73): every region × profile row."""
    rows = [
        {
            "region": c.region.name,
            "profile": c.profile.name,
            **{f: getattr(c, f) for f in ("total", "children", "adults", "rural_total", "rural_children",
                                          "rural_adults")},
            "clause": c.citations[0].clause,
            "clause_act": c.citations[0].act,
        }
        for c in caps()
    ]  # fmt: skip
    cols = [Column("region", TEXTS["region"]), Column("profile", TEXTS["profile"])]
    cols += [Column(f, TEXTS[f], "int") for f in ("total", "children", "adults")]
    cols += [Column(f, TEXTS[f], "int") for f in ("rural_total", "rural_children", "rural_adults")]
    cols.append(Column("clause", TEXTS["clause"], "clause", href=_cite_href("program-2026-2028")))
    return Table("caps", TEXTS["caps"], cols, rows)


def payment_methods_table() -> Table:
    """program-2026-2028 app2 (77): one row per payment method of each direction."""
    rows = [
        {
            "row": d.row,
            "direction": d.name,
            "method": m.name,
            "clause": d.citation.clause,
            "clause_act": d.citation.act,
        }
        for d in directions(include_unnumbered=True)
        for m in d.methods
    ]
    cols = [
        Column("row", TEXTS["row"], "int"),
        Column("direction", TEXTS["direction"]),
        Column("method", TEXTS["method"]),
        Column("clause", TEXTS["clause"], "clause", href=_cite_href("program-2026-2028")),
    ]
    return Table("payment_methods", TEXTS["payment_methods"], cols, rows)


def classifier_table() -> Table:
    """monitoring-rules app1 (10): the 28 rows of the unified classifier of defects."""
    rows = [
        {
            "row": e.row,
            "code": e.code or (f"({e.inferred_code})" if e.inferred_code else None),
            "name": e.name,
            "significant": e.significant,
            "clause": e.citations[0].clause if e.citations else None,
            "clause_act": e.citations[0].act if e.citations else None,
        }
        for e in classifier().entries
    ]
    cols = [
        Column("row", TEXTS["row"], "int"),
        Column("code", TEXTS["code"]),
        Column("name", TEXTS["name"]),
        Column("significant", TEXTS["significant"], "bool"),
        Column("clause", TEXTS["clause"], "clause", href=_cite_href("monitoring-rules")),
    ]
    return Table("classifier", TEXTS["classifier"], cols, rows)


def clauses_table(act: str) -> Table:
    """The paragraphs of the act the seed text holds, each linked to its page."""
    seen: set[str] = set()
    rows = []
    for number in paragraph_numbers(act):
        if number in seen:
            continue
        seen.add(number)
        first = clause_texts(act, number)[0]
        beginning = first.text.split("\n", 1)[0]
        rows.append({"clause": number, "beginning": beginning[:140] + ("…" if len(beginning) > 140 else "")})
    cols = [
        Column("clause", TEXTS["clause"], "clause", href=_cite_href(act)),
        Column("beginning", TEXTS["beginning"], lang="kk"),
    ]
    return Table("clauses", TEXTS["clauses"], cols, rows, caption=TEXTS["clauses_caption"])


TABLES_OF_ACT = {
    "program-2026-2028": (caps_table, payment_methods_table),
    "monitoring-rules": (classifier_table,),
}
SHOWN_ROWS = 50  # rows a page of a long table shows (the caps table has 720: its pages, the download all)


async def _not_found(request: Request, detail: Text) -> Response:
    return page(request, "message.html", TEXTS, await viewer(request), "not_found", status=404,
                detail=detail[lang_of(request)])  # fmt: skip


def _unknown_act(act: str) -> Text:
    known = {lang: "; ".join(a.short_title[lang] for a in acts()) for lang in LANGS}
    return Text(*(TEXTS["unknown_act"][lang].format(act=act, acts=known[lang]) for lang in LANGS))


@router.get("/law/{act}")
async def law_act(request: Request, act: str) -> Response:
    try:
        a = act_of(act)
    except InvalidInput:
        return await _not_found(request, _unknown_act(act))
    today = dt.date.today()
    tables = [parameters_table(a.id), *(make() for make in TABLES_OF_ACT.get(a.id, ())), clauses_table(a.id)]
    texts = {**TEXTS, "page_title": a.short_title}
    return page(request, "law_act.html", texts, await viewer(request), "page_title", tables=tables, act=a,
                status_key=f"status_{a.status(today)}", reason=not_in_force_reason(a.id, today),
                limit=SHOWN_ROWS)  # fmt: skip


# --- one clause -------------------------------------------------------------------------------------


def appendix_row(act: str, clause: str) -> Text | None:
    """What kepil's own table holds for an appendix row it cites (monitoring-rules app1.N: the classifier
    row N; program-2026-2028 app2.N: the payment direction N), or None."""
    parts = clause.split(".")
    if len(parts) < 2 or not (parts[1].isascii() and parts[1].isdigit()):  # "²".isdigit(), int() refuses
        return None
    n = int(parts[1])
    if act == "monitoring-rules" and parts[0] == "app1":
        for e in classifier().entries:
            if e.row == n and e.name is not None:
                code = e.code or e.inferred_code or ""
                return Text(f"{code} {e.name.kk}", f"{code} {e.name.ru}", f"{code} {e.name.en}")
    if act == "program-2026-2028" and parts[0] == "app2":
        for d in directions(include_unnumbered=True):
            if d.row == n:
                return d.name
    return None


@router.get("/law/{act}/clause/{clause}")
async def law_clause(request: Request, act: str, clause: str) -> Response:
    try:
        a = act_of(act)
    except InvalidInput:
        return await _not_found(request, _unknown_act(act))
    c = normalise(clause)
    found: list[ClauseText] = clause_texts(a.id, c)
    if not found:
        return await _not_found(request, Text(*(TEXTS["unknown_clause"][lang].format(act=a.short_title[lang],
                                                clause=clause) for lang in LANGS)))  # fmt: skip
    title = Text(*(f"{a.short_title[lang]}, {clause_label(c, lang)}" for lang in LANGS))
    texts = {**TEXTS, "page_title": title}
    today = dt.date.today()
    return page(request, "law_clause.html", texts, await viewer(request), "page_title", act=a, clause=c,
                found=found, row=appendix_row(a.id, c), status_key=f"status_{a.status(today)}",
                reason=not_in_force_reason(a.id, today), rules=rules_citing(a.id, c))  # fmt: skip


def rules_citing(act: str, clause: str) -> list[dict[str, Text | None]]:
    """kepil's coverage rules that cite this clause: what each decides and, where the text left a choice,
    how kepil read it (kepil.coverage.readings), in the viewer's language."""
    return [
        {"text": r.text, "reading": reading_text(r.id, r.reading)}
        for r in rulebook().by_id.values()
        if any(b.act == act and b.clause == clause for b in r.basis)
    ]
