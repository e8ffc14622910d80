"""Ambulance (4–5), primary health care (6–22, 60) and screening (13, 24.3, 58.1) — `program-2026-2028`."""

from __future__ import annotations

from kepil.engine.expr import Expr, eq, one_of
from kepil.engine.rules import Rule
from kepil.law.citation import Citation
from kepil.law.program_2026_2028.coverage.common import (
    ATTACHED,
    CHANGE_2027,
    CHILD,
    CSHI,
    DANGEROUS,
    EMERGENCY,
    FIRST_CONTACT,
    ISOLATION,
    NOT_TARGET_GROUP,
    PLANNED,
    POSTPARTUM,
    RESIDENT,
    SS,
    TARGET_GROUP,
    activity,
    in_precedence,
    p,
    rule,
)

_INFECTION_RISK: Expr = DANGEROUS | ISOLATION
_STATION_CATEGORY = one_of("urgency_category", {"1", "2", "3"})
_CATEGORY_4 = eq("urgency_category", "4")
_PHC_RULES_3_2 = Citation("phc-rules", "3.2")
# Reading of 22 (GVFMC PHC from 2026, and from 2027 "on first contact").
_READING_22 = (
    "22 sits in chapter 2 (GVFMC) and names what GVFMC PHC is: in 2026 the whole PHC of 6–21 (including "
    "socially significant diseases and the screenings of order ҚР ДСМ-174/2020); from 1 January 2027, under "
    "the Law of 14 July 2025 it cites, the first contact for medical help and socially significant diseases. "
    "PHC beyond them is given by the PHC organisation within the CSHI (phc-rules 3.2) from 2027. The "
    "guarantees chapter 2 spells out for PHC itself — emergencies without attachment (7), the postpartum "
    "visit (16.3), infections (16.4, 18.5), category-4 calls (4, 18.4), immunisation (14, 52.2) — stay "
    "GVFMC. "
    "Whether a visit is a first contact is a fact only the caller knows (service.first_contact); without it "
    "a 2027 answer names it."
)


# 58.1: a child's preventive examination not due (residents here; CSHI participants staying temporarily in
# migrant_care_rules.coverage).
CHILDREN_NOT_DUE = (
    "Балаларды профилактикалық қарап-тексеру ҚР ДСМ-264/2020 бұйрығындағы тәртіппен және кезеңділікпен "
    "жүргізіледі; бұл қарап-тексерудің мерзімі емес.",
    "Профилактические осмотры детей проводятся в порядке и с периодичностью приказа ҚР ДСМ-264/2020; этот "
    "осмотр не в срок.",
    "Children's preventive examinations follow the order and periodicity of order ҚР ДСМ-264/2020; this one "
    "is not due.",
)


def rules() -> list[Rule]:
    return [
        # --- 4: ambulance, in emergency and urgent form, within GVFMC; the call's urgency category decides
        # who serves it, not whether it is paid.
        rule(
            "ambulance.gvfmc",
            "ambulance",
            p("4"),
            "gvfmc",
            (
                "Жедел медициналық жәрдем жіті аурулар мен өмірге қауіп төнген жағдайларда шұғыл және кезек "
                "күттірмейтін нысанда ТМККК шеңберінде көрсетіледі.",
                "Скорая медицинская помощь оказывается в экстренной и неотложной форме при острых "
                "заболеваниях и угрожающих жизни состояниях в рамках ГОБМП.",
                "Ambulance care is given in emergency and urgent form for acute illness and life-threatening "
                "conditions within the GVFMC.",
            ),
            when=RESIDENT,
            reading="4's urgency categories decide who serves a call and how fast (categories 1–3: the "
            "station's teams within 10, 15, 30 minutes; 4: PHC teams 08:00–20:00 on working days), not "
            "whether it is paid: every category is ambulance care within the GVFMC.",
        ),
        *in_precedence(
            rule(
                "ambulance.not_planned",
                "ambulance",
                p("4"),
                "none",
                (
                    "Жедел медициналық жәрдем тек шұғыл және кезек күттірмейтін нысанда көрсетіледі; "
                    "жоспарлы "
                    "көмек жедел жәрдемге жатпайды.",
                    "Скорая медицинская помощь оказывается только в экстренной и неотложной форме; плановая "
                    "помощь к ней не относится.",
                    "Ambulance care is given only in emergency and urgent form; planned care is not "
                    "ambulance "
                    "care.",
                ),
                when=PLANNED,
                exception_of="ambulance.gvfmc",
            ),
            rule(
                "ambulance.station_categories",
                "ambulance",
                p("4"),
                "gvfmc",
                (
                    "1–3 жеделдік санатындағы шақыртуларға ЖМЖС-ның фельдшерлік және мамандандырылған "
                    "бригадалары ТМККК шеңберінде қызмет көрсетеді (жету уақыты 10, 15, 30 минуттан "
                    "аспайды).",
                    "Вызовы 1–3 категорий срочности обслуживают фельдшерские и специализированные бригады "
                    "станции скорой помощи в рамках ГОБМП (время доезда не более 10, 15, 30 минут).",
                    "Calls of urgency categories 1, 2 and 3 are served by the ambulance station's feldsher "
                    "and "
                    "specialised teams within the GVFMC (arrival within 10, 15, 30 minutes).",
                ),
                when=_STATION_CATEGORY,
                exception_of="ambulance.gvfmc",
            ),
            rule(
                "ambulance.category_4",
                "ambulance",
                p("4", "18.4"),
                "gvfmc",
                (
                    "4-санаттағы шақыртуға МСАК жұмыс уақытында (жұмыс күндері 08.00-ден 20.00-ге дейін) "
                    "МСАК "
                    "ұйымының фельдшерлік бригадасы, кешкі 20.00-ден таңғы 08.00-ге дейін және демалыс, "
                    "мереке "
                    "күндері ЖМЖС бригадасы ТМККК шеңберінде қызмет көрсетеді.",
                    "Вызов 4 категории в рабочее время ПМСП (в рабочие дни с 8.00 до 20.00) обслуживает "
                    "фельдшерская бригада организации ПМСП, с 20.00 до 8.00, в выходные и праздничные дни — "
                    "бригада станции скорой помощи, в рамках ГОБМП.",
                    "A category-4 call is served by a PHC feldsher team in PHC working hours (08:00 to "
                    "20:00 on "
                    "working days) and by the ambulance station's team from 20:00 to 08:00 and on days off "
                    "and "
                    "holidays, within the GVFMC.",
                ),
                when=_CATEGORY_4,
                exception_of="ambulance.gvfmc",
                reading="The request gives the day, not the hour of the call: the answer says who serves in "
                "working hours and who otherwise; either way the call is GVFMC ambulance care.",
            ),
        ),
        # --- 5: air ambulance on the grounds of order ҚР ДСМ-225/2020.
        rule(
            "air_ambulance.gvfmc",
            "air_ambulance",
            p("5"),
            "gvfmc",
            (
                "Медициналық авиация ҚР ДСМ-225/2020 бұйрығындағы негіздер болғанда ТМККК шеңберінде маманды "
                "жеткізу немесе пациентті тасымалдау арқылы көрсетіледі.",
                "Санитарная авиация при наличии оснований приказа ҚР ДСМ-225/2020 оказывается в рамках ГОБМП "
                "доставкой специалиста или транспортировкой пациента.",
                "Air ambulance, on the grounds of order ҚР ДСМ-225/2020, is given within the GVFMC by flying "
                "a specialist in or the patient out.",
            ),
            when=RESIDENT,
        ),
        # --- 6, 7, 22: PHC within GVFMC, on condition of attachment (phc-attachment-rules 3-1, 4).
        rule(
            "phc.gvfmc",
            "phc",
            (*p("6", "7", "22"), Citation("phc-attachment-rules", "3-1"), Citation("phc-rules", "3")),
            "gvfmc",
            (
                "МСАК ТМККК шеңберінде көрсетіледі; оны алудың шарты — тұрғылықты жері бойынша МСАК ұйымына "
                "бекітілу.",
                "ПМСП оказывается в рамках ГОБМП; условие её получения — прикрепление к организации ПМСП по "
                "месту жительства.",
                "PHC is given within the GVFMC; its condition is attachment to a PHC organisation at the "
                "place of residence.",
            ),
            when=RESIDENT,
            conditions=(("attachment", ATTACHED),),
            reading=_READING_22,
        ),
        *in_precedence(
            rule(
                "phc.emergency",
                "phc",
                p("7"),
                "gvfmc",
                (
                    "Шұғыл жағдайда жүгінгенде МСАК бекітілуге қарамастан ТМККК шеңберінде көрсетіледі.",
                    "При обращении в экстренном случае ПМСП оказывается в рамках ГОБМП независимо от "
                    "прикрепления.",
                    "In an emergency PHC is given within the GVFMC whether or not the person is attached.",
                ),
                when=EMERGENCY,
                exception_of="phc.gvfmc",
            ),
            rule(
                "phc.category_4_call",
                "phc",
                p("18.4", "4"),
                "gvfmc",
                (
                    "Жедел жәрдемнен берілген 4-санаттағы шақыртуға МСАК ұйымының мобильді бригадасы жұмыс "
                    "уақытында бекітілуге қарамастан ТМККК шеңберінде шығады.",
                    "На вызов 4 категории, переданный скорой помощью, мобильная бригада ПМСП выезжает в "
                    "рабочее "
                    "время в рамках ГОБМП независимо от прикрепления.",
                    "A PHC mobile team answers a category-4 call passed on by the ambulance service, in "
                    "working "
                    "hours, within the GVFMC whatever the attachment.",
                ),
                when=_CATEGORY_4,
                exception_of="phc.gvfmc",
                reading="18.4 calls category-4 calls 'шұғыл' (emergency): the ambulance service's care (4), "
                "given whatever the attachment, as 7 gives emergencies.",
            ),
            rule(
                "phc.station_category",
                "phc",
                p("4"),
                "none",
                (
                    "1–3 санаттағы шақыртуларға МСАК емес, ЖМЖС бригадалары қызмет көрсетеді: бұл жедел "
                    "медициналық жәрдем.",
                    "Вызовы 1–3 категорий обслуживает не ПМСП, а бригады станции скорой помощи: это скорая "
                    "медицинская помощь.",
                    "Calls of categories 1, 2 and 3 are served not by PHC but by the ambulance station's "
                    "teams: ask "
                    "about ambulance care.",
                ),
                when=_STATION_CATEGORY,
                exception_of="phc.gvfmc",
            ),
            rule(
                "phc.postpartum_home_visit",
                "phc",
                p("16.3"),
                "gvfmc",
                (
                    "Босанған әйелге МСАК үйде оның бекітілу мәртебесіне қарамастан көрсетіледі.",
                    "Родильнице ПМСП на дому оказывается независимо от статуса её прикрепления.",
                    "A woman after childbirth gets PHC at home whatever her attachment status.",
                ),
                when=POSTPARTUM,
                exception_of="phc.gvfmc",
            ),
            rule(
                "phc.infection_outbreak",
                "phc",
                p("16.4", "18.5"),
                "gvfmc",
                (
                    "Айналасындағыларға қауіп төндіретін инфекция кезінде МСАК үйде және мобильді бригадамен "
                    "бекітілуге қарамастан көрсетіледі.",
                    "При инфекции, опасной для окружающих, ПМСП оказывается на дому и мобильной бригадой "
                    "независимо от прикрепления.",
                    "For an infection dangerous to others PHC is given at home and by mobile teams whatever "
                    "the "
                    "attachment.",
                ),
                when=_INFECTION_RISK,
                exception_of="phc.gvfmc",
                reading="16.4 (door-to-door rounds) and 18.5 (mobile team) reach the infected and contacts "
                "without regard to attachment.",
            ),
            rule(
                "phc.immunisation",
                "phc",
                p("14", "52.2"),
                "gvfmc",
                (
                    "Міндетті профилактикалық екпелер Үкіметтің № 612 қаулысында белгіленген мерзімдерде "
                    "тіркелген жерінде ТМККК шеңберінде салынады.",
                    "Обязательные профилактические прививки проводятся в сроки постановления Правительства "
                    "№ 612 по месту прикрепления в рамках ГОБМП.",
                    "Mandatory preventive vaccinations are given at the place of attachment, on the schedule "
                    "of Government decree No. 612, within the GVFMC.",
                ),
                when=activity("immunisation"),
                exception_of="phc.gvfmc",
                conditions=(("attachment", ATTACHED),),
            ),
            rule(
                "phc.health_certificate_child",
                "phc",
                p("60"),
                "cshi",
                (
                    "МСАК ұйымдары 18 жасқа дейінгі балаларға денсаулық жағдайы туралы анықтамаларды және "
                    "оқуға, "
                    "жұмысқа орналасуға медициналық құжаттаманы тіркелген жері бойынша тегін береді.",
                    "Организации ПМСП бесплатно выдают детям до 18 лет справки о состоянии здоровья и "
                    "медицинскую документацию для учёбы и трудоустройства по месту прикрепления.",
                    "PHC organisations give children under 18 health certificates, and medical papers for "
                    "admission to study or work, free at the place of attachment.",
                ),
                when=activity("health_certificate") & CHILD,
                exception_of="phc.gvfmc",
                conditions=(("insurance", CSHI), ("attachment", ATTACHED)),
                reading="60 stands in chapter 3, so the certificates are CSHI care (a resident child is a "
                "state-paid participant, 55.1). Its one beneficiary is 'children under 18': the papers for "
                "admission to study and work that follow 'сондай-ақ' are read as theirs too, not as free "
                "papers for adults.",
            ),
            rule(
                "phc.health_certificate_adult",
                "phc",
                p("60"),
                "none",
                (
                    "Денсаулық жағдайы туралы анықтамалар тегін тек 18 жасқа дейінгі балаларға беріледі.",
                    "Справки о состоянии здоровья выдаются бесплатно только детям до 18 лет.",
                    "Health certificates are free for children under 18 only.",
                ),
                when=activity("health_certificate"),
                exception_of="phc.gvfmc",
            ),
            rule(
                "phc.gvfmc_socially_significant",
                "phc",
                p("22", "19"),
                "gvfmc",
                (
                    "2027 жылғы 1 қаңтардан бастап әлеуметтік маңызы бар аурулардың профилактикасы, "
                    "диагностикасы, емі және динамикалық байқауы МСАК деңгейінде ТМККК шеңберінде "
                    "жүргізіледі.",
                    "С 1 января 2027 года профилактика, диагностика, лечение и динамическое наблюдение "
                    "социально значимых заболеваний на уровне ПМСП проводятся в рамках ГОБМП.",
                    "From 1 January 2027 prevention, diagnosis, treatment and dynamic observation of "
                    "socially "
                    "significant diseases in PHC are given within the GVFMC.",
                ),
                when=SS,
                exception_of="phc.gvfmc",
                valid_from=CHANGE_2027,
                conditions=(("attachment", ATTACHED),),
            ),
            rule(
                "phc.gvfmc_first_contact",
                "phc",
                p("22"),
                "gvfmc",
                (
                    "2027 жылғы 1 қаңтардан бастап медициналық көмекке алғаш жүгінгенде МСАК ТМККК "
                    "шеңберінде "
                    "көрсетіледі.",
                    "С 1 января 2027 года при первичном обращении за медицинской помощью ПМСП оказывается в "
                    "рамках ГОБМП.",
                    "From 1 January 2027 PHC on a first contact for medical help is given within the GVFMC.",
                ),
                when=FIRST_CONTACT,
                exception_of="phc.gvfmc",
                valid_from=CHANGE_2027,
                conditions=(("attachment", ATTACHED),),
            ),
            rule(
                "phc.cshi",
                "phc",
                (*p("22"), _PHC_RULES_3_2),
                "cshi",
                (
                    "2027 жылғы 1 қаңтардан бастап алғашқы жүгінуден және әлеуметтік маңызы бар аурулардан "
                    "басқа МСАК бекітілген ұйымда МӘМС жүйесінде көрсетіледі.",
                    "С 1 января 2027 года ПМСП, кроме первичного обращения и социально значимых заболеваний, "
                    "оказывается организацией прикрепления в системе ОСМС.",
                    "From 1 January 2027 PHC other than a first contact or a socially significant disease is "
                    "given by the organisation of attachment within the CSHI.",
                ),
                when=RESIDENT,
                exception_of="phc.gvfmc",
                valid_from=CHANGE_2027,
                conditions=(("attachment", ATTACHED), ("insurance", CSHI)),
                reading=_READING_22,
            ),
        ),
        # --- Screening: target groups within GVFMC at the PHC (13, 24.3); children's preventive exams in
        # CSHI (58.1, order ҚР ДСМ-264/2020). Being in the target group and due is the order's, not the
        # request's: service.screening_target_group.
        rule(
            "screening.gvfmc",
            "screening",
            p("13", "24.3", "7"),
            "gvfmc",
            (
                "Нысаналы топтарды скринингтік зерттеу (ҚР ДСМ-174/2020) ТМККК шеңберінде бекітілген МСАК "
                "ұйымында жүргізіледі.",
                "Скрининговые исследования целевых групп (ҚР ДСМ-174/2020) проводятся в рамках ГОБМП в "
                "организации ПМСП по прикреплению.",
                "Screening of target groups (order ҚР ДСМ-174/2020) is done within the GVFMC at the PHC "
                "organisation the person is attached to.",
            ),
            when=RESIDENT & ~CHILD,
            conditions=(("attachment", ATTACHED),),
            needs=TARGET_GROUP,
            reading="The target groups and their periodicity are order ҚР ДСМ-174/2020's (not in the seeds): "
            "without service.screening_target_group the answer is not 'covered' and names it.",
        ),
        rule(
            "screening.not_target_group",
            "screening",
            p("13", "24.3"),
            "none",
            (
                "ТМККК шеңберінде скринингтік зерттеулер тек ҚР ДСМ-174/2020 нысаналы топтарына белгіленген "
                "мерзімде жүргізіледі.",
                "Скрининговые исследования в рамках ГОБМП проводятся только целевым группам ҚР ДСМ-174/2020 "
                "в "
                "установленные сроки.",
                "Screening within the GVFMC is done only for the target groups of order ҚР ДСМ-174/2020, "
                "when due.",
            ),
            when=NOT_TARGET_GROUP,
            exception_of="screening.gvfmc",
        ),
        rule(
            "screening.children_cshi",
            "screening",
            p("58.1"),
            "cshi",
            (
                "Балаларды профилактикалық медициналық қарап-тексеру (скринингтер) МӘМС жүйесінде "
                "жүргізіледі.",
                "Профилактические медицинские осмотры (скрининги) детей проводятся в системе ОСМС.",
                "Preventive examinations (screenings) of children are done within the CSHI.",
            ),
            when=RESIDENT & CHILD,
            conditions=(("insurance", CSHI),),
            needs=TARGET_GROUP,
        ),
        rule(
            "screening.children_not_due",
            "screening",
            p("58.1"),
            "none",
            CHILDREN_NOT_DUE,
            when=NOT_TARGET_GROUP,
            exception_of="screening.children_cshi",
        ),
    ]
