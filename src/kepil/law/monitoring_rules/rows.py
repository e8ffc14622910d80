"""Which rows of the unified classifier (`monitoring-rules` app1) the automated algorithms check (13), and
why a person must judge the rest.

`monitoring-rules` 13 finds *possible* defects by automated algorithms; what they cannot see — the medical
record, a complaint, a clinical judgement, a row whose text was lost — an expert of the Fund judges and
records as a finding (kepil.monitoring.findings). Every row is `automated_by` its algorithms (those whose
clause is `app1.<row>`), or marked `review` with the reason, or both where the algorithms cover part of the
row. The readings behind each algorithm are in docs/monitoring-algorithms.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kepil.i18n import Text
from kepil.law.monitoring_rules.classifier import DefectCode, classifier

if TYPE_CHECKING:
    from kepil.law.monitoring_rules.algorithms import MonitoringRule

LOST = Text(
    "Жолдың атауы жарияланған мәтінде жоғалған: ол нені қамтитыны белгісіз, сондықтан алгоритм жазылмайды; "
    "сарапшы оны жолдың нөмірі бойынша ({row}-жол) тағайындай алады.",
    "Наименование строки утрачено в опубликованном тексте: что она охватывает, неизвестно, поэтому "
    "алгоритма нет; эксперт может назначить её по номеру строки (строка {row}).",
    "The row's name was lost in the published text: what it covers is not known, so no algorithm can be "
    "written; an expert may assign it as row:{row}.",
)

# Why a person must judge a row, or the part of it the algorithms do not cover (row number → reason).
REVIEW: dict[int, Text] = {
    3: Text(
        "Жолдаманың немесе клиникалық-диагностикалық қызметтің негізділігін (жолдама уақтылы болса да) тек "
        "медициналық құжат пен клиникалық хаттамалар көрсетеді.",
        "Обоснованность направления или клинико-диагностической услуги (при своевременном направлении) "
        "видна только из медицинской документации и клинических протоколов.",
        "Whether a referral or a clinical-diagnostic service was justified (when the referral came in time) "
        "shows only in the medical record against the clinical protocols.",
    ),
    4: Text(
        "Медициналық құжаттың өзінің сапасы мен толықтығын оны оқу арқылы ғана бағалауға болады.",
        "Качество и полноту самой медицинской документации можно оценить, только прочитав её.",
        "The quality and completeness of the medical record itself can be judged only by reading it.",
    ),
    5: Text(
        "Көлемді басқаша асыру (қажетсіз жазылған қызметтер) медициналық құжатты қажет етеді; тексеру "
        "тізімі сомасы диагноз бен топтың орташасынан ауытқыған жағдайларды іріктейді.",
        "Иное завышение объёма (ненужные записанные услуги) требует медицинской документации; список "
        "экспертизы отбирает случаи, сумма которых отклоняется от средней по диагнозу или группе.",
        "Other inflation of the volume (services recorded but not needed) needs the medical record; the "
        "review worklist selects cases whose amount deviates from the average of their diagnosis or group.",
    ),
    6: Text(
        "Бір жағдайға рұқсат етілгеннен аз қызметтің де қажеттілігін медициналық құжат көрсетеді.",
        "Нужность услуг и в пределах допустимого на случай показывает медицинская документация.",
        "Whether the services were needed, within what a case allows too, shows in the medical record.",
    ),
    7: Text(
        "Балама арзан қызметтің болғаны — клиникалық хаттамалар бойынша клиникалық баға; шағымдарда "
        "қызмет кодтары мен олардың баламалары жоқ.",
        "Наличие более дешёвой альтернативы — клиническое суждение по протоколам; в случаях нет кодов услуг "
        "и их альтернатив.",
        "Whether a cheaper alternative existed is a clinical judgement against the protocols; the claims "
        "carry no service codes and their alternatives.",
    ),
    8: Text(
        "Жағдайдың тобын құжатта негізделгеннен жоғары таңдау медициналық құжатты және "
        "диагноз бен топты байланыстыратын топтағышты қажет етеді, олар Қор деректерінде жоқ; тексеру "
        "тізімі сомасы диагноз бен топтың орташасынан ауытқыған жағдайларды іріктейді.",
        "Выбор группы случая выше обоснованной документацией требует медицинской документации и "
        "группировщика диагноз → группа, которых нет в данных Фонда; список экспертизы отбирает случаи, "
        "сумма которых отклоняется от средней по диагнозу или группе.",
        "A case's group chosen higher than its record supports (upcoding) needs the medical record and a "
        "grouper of diagnoses to groups, which the Fund's data does not carry; the review worklist selects "
        "cases whose amount deviates from the average of their diagnosis or group.",
    ),
    9: Text(
        "Күндізгі стационар тізбесі иллюстрациялық; тізбеден тыс күндізгі стационарға көрсетілімді "
        "медициналық құжат көрсетеді.",
        "Перечень дневного стационара иллюстративен; показания к дневному стационару вне перечня видны из "
        "медицинской документации.",
        "The day-hospital list is illustrative; an indication for day-hospital care beyond it shows in the "
        "medical record.",
    ),
    11: Text(
        "Басқа расталмаған жағдайларды (пациент келмеген қабылдау) пациентпен немесе құжатпен тексеру қажет.",
        "Иные неподтверждённые случаи (приём, на который пациент не приходил) требуют проверки у пациента "
        "или по документации.",
        "Other unconfirmed cases (a visit the patient never made) need a check with the patient or the "
        "record.",
    ),
    12: Text(
        "Дәрілік заттар мен медициналық бұйымдардың расталмаған жағдайлары шағымдарда жоқ деректерді қажет "
        "етеді (жолдың соңы мәтінде жоғалған).",
        "Неподтверждённые случаи по лекарственным средствам и медицинским изделиям требуют данных, которых "
        "нет в случаях (конец наименования утрачен).",
        "Unconfirmed cases of medicines and medical devices need data the claims do not carry (the end of "
        "the row's name was lost).",
    ),
    20: Text(
        "Шағым — пациенттің өтініші; оны қарау және негізділігін бағалау адамның ісі, шағымдар Қордың "
        "шағымдар деректерінде емес.",
        "Жалоба — обращение пациента; её рассмотрение и оценка обоснованности — дело человека, жалоб нет "
        "в данных о случаях.",
        "A complaint is the patient's application; examining it and judging whether it is founded is a "
        "person's work, and complaints are not in the claims data.",
    ),
    21: Text(
        "Стационардағы өлімнің төлеуге жатпайтынын өлім жағдайын сараптау ғана анықтайды: стационардағы "
        "әр өлім тексеру тізіміне енеді.",
        "Что смерть в стационаре не подлежит оплате, устанавливает только экспертиза летального случая: "
        "каждая смерть в стационаре попадает в список экспертизы.",
        "That a death in hospital is not to be paid only the expert review of the lethal case can find: "
        "every death in hospital enters the review worklist.",
    ),
    22: Text(
        "Тірі пациенттің морфологиялық диагнозын (биопсия) шағымдардан өз жағдайына байланыстыру мүмкін "
        "емес.",
        "Морфологический диагноз живого пациента (биопсия) по случаям нельзя связать с его случаем.",
        "A morphological diagnosis of a living patient (a biopsy) cannot be tied to its case from the "
        "claims.",
    ),
}


@dataclass(frozen=True, slots=True)
class RowCheck:
    """A classifier row: the algorithms that check it (13) and, where a person must judge it or a part of
    it, why."""

    entry: DefectCode
    automated_by: tuple[MonitoringRule, ...]
    review: Text | None

    @property
    def row(self) -> int:
        return self.entry.row

    @property
    def clause(self) -> str:
        return f"app1.{self.entry.row}"


def _review(entry: DefectCode) -> Text | None:
    if entry.code is None:
        return LOST.format(row=entry.row)
    return REVIEW.get(entry.row)


def row_checks(rules: tuple[MonitoringRule, ...] | None = None) -> tuple[RowCheck, ...]:
    """Every row of the classifier in published order, with the algorithms among `rules` (default: all)
    that cite it."""
    if rules is None:
        from kepil.law.monitoring_rules.algorithms import ALGORITHMS  # the engines' imports: only here

        rules = ALGORITHMS
    out = []
    for e in classifier().entries:
        clause = f"app1.{e.row}"
        out.append(RowCheck(e, tuple(r for r in rules if r.clause == clause), _review(e)))
    return tuple(out)


__all__ = ["LOST", "REVIEW", "RowCheck", "row_checks"]
