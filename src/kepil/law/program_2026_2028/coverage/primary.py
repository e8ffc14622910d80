"""Ambulance (4–5), primary health care (6–22) and screening (13, 24.3, 58.1) — `program-2026-2028`."""

from __future__ import annotations

from kepil.engine.expr import Expr
from kepil.engine.rules import Rule
from kepil.law.citation import Citation
from kepil.law.program_2026_2028.coverage.common import (
    ATTACHED,
    CHILD,
    CSHI,
    DANGEROUS,
    EMERGENCY,
    ISOLATION,
    PLANNED,
    POSTPARTUM,
    RESIDENT,
    p,
    rule,
)

# 7: attachment is the condition of PHC, "шұғыл жағдайларда жүгінгенде бұл шарт қолданылмайды".
_NOT_EMERGENCY: Expr = ~EMERGENCY
_INFECTION_RISK: Expr = DANGEROUS | ISOLATION


def rules() -> list[Rule]:
    return [
        # --- 4: ambulance, in emergency and urgent form, within GVFMC.
        rule(
            "ambulance.gvfmc",
            "ambulance",
            p("4"),
            "gvfmc",
            (
                "Жедел медициналық жәрдем жіті аурулар мен өмірге қауіп төнген жағдайларда шұғыл және кезек "
                "күттірмейтін нысанда ТМККК шеңберінде көрсетіледі.",
                "Скорая медицинская помощь оказывается в экстренной и неотложной форме при острых "
                "заболеваниях "
                "и угрожающих жизни состояниях в рамках ГОБМП.",
                "Ambulance care is given in emergency and urgent form for acute illness and life-threatening "
                "conditions within the GVFMC.",
            ),
            when=RESIDENT,
        ),
        rule(
            "ambulance.not_planned",
            "ambulance",
            p("4"),
            "none",
            (
                "Жедел медициналық жәрдем тек шұғыл және кезек күттірмейтін нысанда көрсетіледі; жоспарлы "
                "көмек "
                "жедел жәрдемге жатпайды.",
                "Скорая медицинская помощь оказывается только в экстренной и неотложной форме; плановая "
                "помощь "
                "к ней не относится.",
                "Ambulance care is given only in emergency and urgent form; planned care is not ambulance "
                "care.",
            ),
            when=PLANNED,
            exception_of="ambulance.gvfmc",
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
                "a "
                "specialist in or the patient out.",
            ),
            when=RESIDENT,
        ),
        # --- 6, 7: PHC within GVFMC, on condition of attachment (phc-attachment-rules 3-1, 4).
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
                "place "
                "of residence.",
            ),
            when=RESIDENT,
            conditions=(("attachment", ATTACHED),),
            reading="22 is read as describing the scope of GVFMC PHC from 2026 and from 2027 (first "
            "contact); "
            "it moves no PHC into CSHI, since chapter 3 holds no PHC.",
        ),
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
            "phc.postpartum_home_visit",
            "phc",
            p("16.3"),
            "gvfmc",
            (
                "Босанған әйелге МСАК үйде оның бекітілу мәртебесіне қарамастан көрсетіледі.",
                "Родильнице ПМСП на дому оказывается независимо от статуса её прикрепления.",
                "A woman after childbirth gets PHC at home whatever her attachment status.",
            ),
            when=POSTPARTUM & _NOT_EMERGENCY,
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
                "For an infection dangerous to others PHC is given at home and by mobile teams whatever the "
                "attachment.",
            ),
            when=_INFECTION_RISK & _NOT_EMERGENCY & ~POSTPARTUM,
            exception_of="phc.gvfmc",
            reading="16.4 (door-to-door rounds) and 18.5 (mobile team) reach the infected and contacts "
            "without "
            "regard to attachment.",
        ),
        # --- Screening: target groups within GVFMC at the PHC (13, 24.3); children's preventive exams in
        # CSHI (58.1, order ҚР ДСМ-264/2020).
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
        ),
    ]
