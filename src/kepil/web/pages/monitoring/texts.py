"""The monitoring pages' words in kk/ru/en and the names they show: a defect code's name and clause in the
unified classifier (`monitoring-rules` 10, app1) and a region's name."""

from __future__ import annotations

import re
from functools import cache

from kepil.errors import InvalidInput
from kepil.i18n import LANGS, Lang, Text
from kepil.law.citation import clause_label
from kepil.web import params
from kepil.web.nav import clause_href
from kepil.web.pages.monitoring.workflow_texts import WF

ACT = "monitoring-rules"


TEXTS: dict[str, Text] = {
    "monitoring": Text(
        "Шарттардың орындалу мониторингі",
        "Мониторинг исполнения договоров",
        "Monitoring of purchase contracts",
    ),
    "defects_title": Text("{code} кодты ақаулар", "Дефекты с кодом {code}", "Defects with code {code}"),
    "claim_title": Text("{claim} жағдайының ақаулары", "Дефекты случая {claim}", "Defects of claim {claim}"),
    "defect_title": Text("{id} ақауы", "Дефект {id}", "Defect {id}"),
    "defect_of_claim": Text(
        "{code} ақауы, {claim} жағдайы", "Дефект {code} случая {claim}", "Defect {code} of claim {claim}"
    ),
    "defect_of_contract": Text(
        "{code} ақауы, {contract} шарты",
        "Дефект {code} по договору {contract}",
        "Defect {code} of contract {contract}",
    ),
    "intro": Text(
        "Қор автоматтандырылған алгоритмдермен анықтаған ақаулар, бірыңғай жіктеуіштің кодтары мен "
        "айыппұлдары (1-қосымша), қарсылықтар және жасырын ақаулар:",
        "Дефекты, выявленные Фондом автоматизированными алгоритмами, с кодами и неустойками единого "
        "классификатора (приложение 1), возражения и скрытые дефекты:",
        "Defects the Fund's automated algorithms found, with the unified classifier's codes and penalties "
        "(appendix 1), objections and hidden defects:",
    ),
    "filters": Text("Сүзгілер", "Фильтры", "Filters"),
    "period": Text("Кезең", "Период", "Period"),
    "region": Text("Өңір", "Регион", "Region"),
    "provider": Text("Өнім беруші", "Поставщик", "Provider"),
    "on": Text("Мерзімдер есептелетін күн", "День, на который считаются сроки", "Deadlines as of"),
    "on_help": Text(
        "Осы күннен кейін өткен мерзім кешіктірілген болып саналады",
        "Срок, истёкший до этого дня, считается просроченным",
        "A deadline before this day counts as overdue",
    ),
    "provider_help": Text(
        "Атауы бойынша таңдаңыз (тізімде теріп іздеуге болады)",
        "Выберите по наименованию (в списке можно искать, набирая)",
        "Choose by name (type in the list to search it)",
    ),
    "all_providers": Text("Барлық өнім берушілер", "Все поставщики", "All providers"),
    "all_regions": Text("Барлық өңірлер", "Все регионы", "All regions"),
    "own_provider": Text("Тек өз ұйымыңыз", "Только ваша организация", "Your organisation only"),
    "no_runs": Text(
        "Сақталған мониторинг нәтижелері жоқ: оларды Қордың талдаушысы мониторинг жүргізіп сақтайды.",
        "Сохранённых результатов мониторинга нет: их сохраняет аналитик Фонда, проводя мониторинг.",
        "No monitoring results are stored: the Fund's analyst stores them by running the monitoring.",
    ),
    "bad_code": Text(
        "«{value}» ақау коды емес", "«{value}» — не код дефекта", "“{value}” is not a defect code"
    ),
    "bad_page": Text(
        "«{value}» бет нөмірі емес", "«{value}» — не номер страницы", "“{value}” is not a page number"
    ),
    "page_beyond": Text(
        "{value}-бет жоқ: барлығы {pages} бет",
        "Страницы {value} нет: всего страниц {pages}",
        "There is no page {value}: there are {pages} pages",
    ),
    "fix_filters": Text("Сүзгілерді түзетіңіз", "Исправьте фильтры", "Correct the filters"),
    # KPI cards
    "k_claims": Text("Тексерілген жағдайлар", "Проверено случаев", "Claims judged"),
    "k_defects": Text("Ақаулар", "Дефекты", "Defects"),
    "k_rate": Text(
        "1 000 тексерілген жағдайға шаққандағы ақаулар",
        "Дефектов на 1 000 проверенных случаев",
        "Defects per 1,000 claims judged",
    ),
    "k_significant": Text("Елеулі (2.13)", "Существенные (2.13)", "Significant (2.13)"),
    "k_penalty": Text("Айыппұл сомасы", "Сумма неустоек", "Penalty total"),
    "k_objections": Text(
        "Қаралмаған қарсылықтар (26)", "Нерассмотренные возражения (26)", "Objections awaiting an answer (26)"
    ),
    "k_notices": Text(
        "Мерзімі өткен хабарламалар (53)", "Просроченные уведомления (53)", "Notices overdue (53)"
    ),
    "k_refunds": Text(
        "Мерзімі өткен қайтарулар (53-1)", "Просроченные возвраты (53-1)", "Refunds overdue (53-1)"
    ),
    # tables and charts
    "t_by_code": Text(
        "Ақаулар коды мен маңыздылығы бойынша",
        "Дефекты по кодам и существенности",
        "Defects by code and significance",
    ),
    "t_over_time": Text("Ақаулар кезеңдер бойынша", "Дефекты по периодам", "Defects over time"),
    "t_by_region": Text("Ақаулар өңірлер бойынша", "Дефекты по регионам", "Defects by region"),
    "t_by_provider": Text("Ақаулар өнім берушілер бойынша", "Дефекты по поставщикам", "Defects by provider"),
    "t_objections": Text("Қарсылықтар (26)", "Возражения (26)", "Objections (26)"),
    "t_hidden": Text("Жасырын ақаулар (53, 53-1)", "Скрытые дефекты (53, 53-1)", "Hidden defects (53, 53-1)"),
    "t_defects": Text("Ақаулар", "Дефекты", "Defects"),
    "t_claim_defects": Text("Жағдайдың ақаулары", "Дефекты случая", "The claim's defects"),
    "t_details": Text(
        "Шешім қабылдаған деректер: {code} · {rule}",
        "Данные, на которых основано решение: {code} · {rule}",
        "The inputs that decided: {code} · {rule}",
    ),
    "c_chart": Text("Ақаулар саны коды бойынша", "Число дефектов по кодам", "Defects by code"),
    "c_over_time": Text(
        "Ақаулар кезеңдер бойынша: елеулі және басқалары",
        "Дефекты по периодам: существенные и прочие",
        "Defects over time: significant and other",
    ),
    "c_ranked": Text("Ақаулар саны, көбінен бастап", "Число дефектов, по убыванию", "Defects, most first"),
    "s_significant": Text("елеулі", "существенные", "significant"),
    "s_other": Text("елеулі емес", "несущественные", "not significant"),
    "hidden_caption": Text(
        "Хабарлау — анықталған күннен бастап бір ай ішінде (53), қайтару — 6 айдан кешіктірмей (53-1); "
        "мерзімнің соңғы күні кешіктірілген емес. Қайтару міндеттемесі ағымдағы төлемдерді "
        "тоқтатпайды (53-2).",
        "Уведомление — в течение месяца со дня выявления (53), возврат — не позднее 6 месяцев (53-1); "
        "последний день срока не просрочен. Обязательство возврата не приостанавливает текущие "
        "платежи (53-2).",
        "Notice within one month of detection (53), refund within 6 months (53-1); the last day of a term is "
        "not overdue. The obligation to refund does not stop current payments (53-2).",
    ),
    "objections_caption": Text(
        "Қарсылық анықталған күннен кейін 5 жұмыс күні ішінде беріледі (26).",
        "Возражение подаётся в течение 5 рабочих дней после дня выявления (26).",
        "An objection is made within 5 working days after the day of detection (26).",
    ),
    "page_of": Text("{page}-бет / {pages}", "Страница {page} из {pages}", "Page {page} of {pages}"),
    "prev": Text("Алдыңғы бет", "Предыдущая страница", "Previous page"),
    "next": Text("Келесі бет", "Следующая страница", "Next page"),
    "pages": Text("Беттер", "Страницы", "Pages"),
    "back": Text("Мониторингке оралу", "Назад к мониторингу", "Back to monitoring"),
    "no_defects_claim": Text(
        "Бұл жағдайдың сақталған ақаулары жоқ",
        "У этого случая нет сохранённых дефектов",
        "This claim has no stored defects",
    ),
    "overdue": Text("мерзімі өтті", "просрочено", "overdue"),
    # columns
    "h_code": Text("Код", "Код", "Code"),
    "h_name": Text("Ақау (1-қосымша)", "Дефект (приложение 1)", "Defect (appendix 1)"),
    "h_clause": Text("Тармақ", "Пункт", "Clause"),
    "h_defects": Text("Ақаулар", "Дефекты", "Defects"),
    "h_rate": Text("1 000 жағдайға", "На 1 000 случаев", "Per 1,000 claims"),
    "h_claims": Text("Тексерілген жағдайлар", "Проверено случаев", "Claims judged"),
    "h_significant": Text("Елеулі", "Существенные", "Significant"),
    "h_is_significant": Text("Елеулі ме", "Существенный", "Significant"),
    "h_penalty": Text("Айыппұл", "Неустойка", "Penalty"),
    "h_period": Text("Кезең", "Период", "Period"),
    "h_other": Text("Елеулі емес", "Несущественные", "Not significant"),
    "h_region": Text("Өңір", "Регион", "Region"),
    "h_provider": Text("Өнім беруші", "Поставщик", "Provider"),
    "h_provider_name": Text("Атауы", "Наименование", "Name"),
    "h_provider_id": Text("Өнім беруші коды", "Код поставщика", "Provider code"),
    "h_claim": Text("Жағдай", "Случай", "Claim"),
    "h_contract": Text("Шарт", "Договор", "Contract"),
    "h_rule": Text("Алгоритм", "Алгоритм", "Rule"),
    "h_version": Text("Нұсқа", "Версия", "Version"),
    "h_status": Text("Күйі", "Статус", "Status"),
    "h_detected": Text("Анықталды", "Выявлен", "Detected"),
    "h_objection_deadline": Text("Қарсылық мерзімі (26)", "Срок возражения (26)", "Objection by (26)"),
    "h_objected": Text("Қарсылық берілді", "Возражение подано", "Objected on"),
    "h_reason": Text("Қарсылық себебі", "Причина возражения", "Reason"),
    "h_resolved": Text("Шешілді", "Рассмотрено", "Resolved on"),
    "h_hidden": Text("Жасырын (53)", "Скрытый (53)", "Hidden (53)"),
    "h_notice_deadline": Text("Хабарлау мерзімі (53)", "Срок уведомления (53)", "Notice by (53)"),
    "h_notified": Text("Хабарланды", "Уведомлён", "Notified on"),
    "h_notice_overdue": Text("Хабарлау мерзімі өтті", "Уведомление просрочено", "Notice overdue"),
    "h_refund_deadline": Text("Қайтару мерзімі (53-1)", "Срок возврата (53-1)", "Refund by (53-1)"),
    "h_refunded": Text("Қайтарылды", "Возвращено", "Refunded on"),
    "h_refund_overdue": Text("Қайтару мерзімі өтті", "Возврат просрочен", "Refund overdue"),
    "h_profile": Text("Төсек бейіні", "Профиль койки", "Bed profile"),
    "claim_card": Text("Жағдай", "Случай", "The claim"),
    "claim_not_kept": Text(
        "Жағдайдың өзі сақталмаған: оның ақауларын тапқан іске қосу жағдайларды әлі сақтамаған. Жағдайды "
        "көру үшін мониторингті қайта іске қосыңыз.",
        "Сам случай не сохранён: запуск, выявивший его дефекты, ещё не сохранял случаи. Чтобы увидеть "
        "случай, "
        "проведите мониторинг заново.",
        "The claim itself is not stored: the run that found its defects did not yet keep the claims. Run the "
        "monitoring again to see the claim.",
    ),
    "h_key": Text("Дерек", "Показатель", "Input"),
    "h_value": Text("Мәні", "Значение", "Value"),
    "h_id": Text("ID", "ID", "ID"),
    # statuses
    "st_detected": Text("анықталды", "выявлен", "detected"),
    "st_objected": Text("қарсылық берілді", "возражение подано", "objected"),
    "st_upheld": Text("расталды", "подтверждён", "upheld"),
    "st_withdrawn": Text("алынып тасталды", "снят", "withdrawn"),
}

TEXTS.update(WF)  # the workflow's pages' words (workflow_texts)

# A clause in brackets ("Significant (2.13)", "Objections (26)") reads as a count: it is written as a
# clause of the monitoring rules in the viewer's language ("(п. 2.13)"). A defect's code ("death (9.0)")
# is not a clause and keeps its number.
_CLAUSE_IN_BRACKETS = re.compile(r"\((\d+(?:\.\d+)?(?:-\d+)?)\)")
_CODES_NOT_CLAUSES = frozenset({"r_death"})


def _clauses_named(text: Text) -> Text:
    def named(lang: str) -> str:
        return _CLAUSE_IN_BRACKETS.sub(lambda m: f"({clause_label(m.group(1), lang)})", text[lang])

    return Text(*(named(x) for x in LANGS))


TEXTS.update({k: _clauses_named(v) for k, v in TEXTS.items() if k not in _CODES_NOT_CLAUSES})

NO_LICENCE = Text(
    "Лицензиясыз (қосымшасыз) қызмет: шарт сомасының 10 % (10-тармақ)",
    "Деятельность без лицензии (приложения): 10 % суммы договора (пункт 10)",
    "Activity without a licence (or its annex): 10 % of the contract sum (clause 10)",
)


@cache
def _code_info() -> dict[str, tuple[Text | None, str]]:
    """{code: (the classifier's name, the clause)} of the algorithms' codes (`monitoring-rules` app1, 10)."""
    from kepil.law.monitoring_rules import classifier
    from kepil.law.monitoring_rules.defects import ALGORITHMS

    out: dict[str, tuple[Text | None, str]] = {}
    for a in ALGORITHMS:
        try:
            name: Text | None = classifier.defect(a.code).name
        except InvalidInput:
            name = NO_LICENCE if a.code == "10" else None
        out.setdefault(a.code, (name, a.clause))
    return out


def code_name(code: str, lang: Lang) -> str:
    name = _code_info().get(code, (None, ""))[0]
    if name is None:
        try:
            from kepil.law.monitoring_rules import classifier

            name = classifier.defect(code).name
        except InvalidInput:
            name = None
    return name[lang] if name is not None else code


def code_short(code: str, lang: Lang) -> str:
    """A code's short name (chart labels), else its name in the classifier."""
    from kepil.law.monitoring_rules.classifier import short_name

    name = short_name(code)
    return name[lang] if name is not None else code_name(code, lang)


def code_clause(code: str) -> str:
    return _code_info().get(code, (None, f"app1.{code}"))[1]


def law_href(clause: str) -> str:
    """A monitoring-rules clause's page."""
    return clause_href(ACT, clause)


def region_name(code: str | None, lang: Lang) -> str:
    return "—" if code is None else params.region_name(code)[lang]
