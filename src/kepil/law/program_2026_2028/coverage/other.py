"""Rehabilitation (37–39; 56.5, 64–65), palliative care (41–45), blood (46), pathology (47–49; 56.6, 66–68),
post-mortem donation and transplantation (50–51; 56.7, 69), medicines (52; 70–71), treatment abroad (53)."""

from __future__ import annotations

from kepil.engine.expr import eq, one_of
from kepil.engine.rules import Rule
from kepil.law.program_2026_2028.coverage.common import (
    BEFORE_2027,
    CHANGE_2027,
    CITIZEN,
    CSHI,
    DANGEROUS,
    RESIDENT,
    SS,
    p,
    rule,
)

_PENITENTIARY = one_of("state_paid_category", {"convict", "detainee"})
_STAGE_1 = eq("rehabilitation_stage", "1")


def rules() -> list[Rule]:
    return [
        # --- Rehabilitation: stages II–III within CSHI (56.5, 64, 65); within the treatment of the main
        # disease (stage I, 37–38) and for detainees and convicts (39) within GVFMC.
        rule(
            "rehabilitation.cshi",
            "rehabilitation",
            p("56.5", "64", "65"),
            "cshi",
            (
                "II–III кезеңдердегі медициналық оңалту МӘМС жүйесінде ҚР ДСМ-116/2020 АХЖ-10 тізбесі "
                "бойынша "
                "жүргізіледі.",
                "Медицинская реабилитация II–III этапов проводится в системе ОСМС по перечню МКБ-10 "
                "ҚР ДСМ-116/2020.",
                "Rehabilitation at stages II–III is given within the CSHI by the ICD-10 list of order "
                "ҚР ДСМ-116/2020.",
            ),
            when=RESIDENT,
            conditions=(("insurance", CSHI),),
            reading="Without service.rehabilitation_stage the request is read as stages II–III, the CSHI "
            "part.",
        ),
        rule(
            "rehabilitation.gvfmc_main_treatment",
            "rehabilitation",
            p("37", "38"),
            "gvfmc",
            (
                "Негізгі ауруды емдеу кезіндегі медициналық оңалту (I кезең) ТМККК шеңберінде жүргізіледі.",
                "Медицинская реабилитация при лечении основного заболевания (I этап) проводится в рамках "
                "ГОБМП.",
                "Rehabilitation during the treatment of the main disease (stage I) is given within the "
                "GVFMC.",
            ),
            when=_STAGE_1,
            exception_of="rehabilitation.cshi",
        ),
        rule(
            "rehabilitation.gvfmc_penitentiary",
            "rehabilitation",
            p("39"),
            "gvfmc",
            (
                "Тергеу изоляторлары мен қылмыстық-атқару жүйесі мекемелеріндегі адамдарға медициналық "
                "оңалту "
                "ТМККК шеңберінде ҚР ДСМ-47 тізбесі бойынша көрсетіледі.",
                "Лицам в следственных изоляторах и учреждениях уголовно-исполнительной системы медицинская "
                "реабилитация оказывается в рамках ГОБМП по перечню ҚР ДСМ-47.",
                "People held in pre-trial detention or penal institutions get rehabilitation within the "
                "GVFMC by "
                "the list of order ҚР ДСМ-47.",
            ),
            when=_PENITENTIARY & ~_STAGE_1,
            exception_of="rehabilitation.cshi",
        ),
        rule(
            "palliative.gvfmc",
            "palliative",
            p("41", "42", "44"),
            "gvfmc",
            (
                "Паллиативтік медициналық көмек амбулаториялық, стационарды алмастыратын және стационарлық "
                "жағдайларда ТМККК шеңберінде көрсетіледі.",
                "Паллиативная медицинская помощь оказывается в амбулаторных, стационарозамещающих и "
                "стационарных условиях в рамках ГОБМП.",
                "Palliative care is given in outpatient, day-hospital and inpatient settings within the "
                "GVFMC.",
            ),
            when=RESIDENT,
        ),
        rule(
            "blood.gvfmc",
            "blood",
            p("46"),
            "gvfmc",
            (
                "Қан препараттарымен және компоненттерімен қамтамасыз ету стационарлық және стационарды "
                "алмастыратын көмек кезінде ТМККК шеңберінде жүргізіледі.",
                "Обеспечение препаратами и компонентами крови при стационарной и стационарозамещающей помощи "
                "осуществляется в рамках ГОБМП.",
                "Blood products and components for inpatient and day-hospital care are provided within the "
                "GVFMC.",
            ),
            when=RESIDENT,
        ),
        # --- Pathology is listed in both packages (47, 56.6): it follows the person's package.
        rule(
            "pathology.gvfmc",
            "pathology",
            p("47", "48"),
            "gvfmc",
            (
                "Патологиялық-анатомиялық диагностика ТМККК шеңберінде жүргізіледі.",
                "Патологоанатомическая диагностика проводится в рамках ГОБМП.",
                "Pathology is done within the GVFMC.",
            ),
            when=RESIDENT,
            reading="Pathology appears in GVFMC (47) and in CSHI (56.6): CSHI pays for its participants "
            "except "
            "for GVFMC diseases; GVFMC pays for the rest.",
        ),
        rule(
            "pathology.cshi",
            "pathology",
            p("56.6", "66", "67"),
            "cshi",
            (
                "МӘМС қатысушыларына патологиялық-анатомиялық диагностика МӘМС жүйесінде жүргізіледі.",
                "Участникам ОСМС патологоанатомическая диагностика проводится в системе ОСМС.",
                "For CSHI participants pathology is done within the CSHI.",
            ),
            when=CSHI & ~SS & ~DANGEROUS,
            exception_of="pathology.gvfmc",
        ),
        # --- Post-mortem donation and transplantation: GVFMC in 2026 (50), CSHI from 2027 (51, 56.7, 69).
        rule(
            "organ_donation.gvfmc",
            "organ_donation",
            p("50"),
            "gvfmc",
            (
                "Қайтыс болғаннан кейінгі донорды дайындау, ағзаларды алу және транспланттау 2026 жылы ТМККК "
                "шеңберінде ҚР ДСМ-207/2020 бойынша жүргізіледі.",
                "Подготовка посмертного донора, изъятие органов и трансплантация в 2026 году проводятся в "
                "рамках "
                "ГОБМП по ҚР ДСМ-207/2020.",
                "Post-mortem donor preparation, organ retrieval and transplantation are done within the "
                "GVFMC in "
                "2026, under order ҚР ДСМ-207/2020.",
            ),
            when=RESIDENT,
            valid_to=BEFORE_2027,
        ),
        rule(
            "organ_donation.cshi",
            "organ_donation",
            p("51", "56.7", "69"),
            "cshi",
            (
                "2027 жылғы 1 қаңтардан бастап қайтыс болғаннан кейінгі донорлық және транспланттау МӘМС "
                "жүйесінде жүргізіледі.",
                "С 1 января 2027 года посмертное донорство и трансплантация проводятся в системе ОСМС.",
                "From 1 January 2027 post-mortem donation and transplantation are done within the CSHI.",
            ),
            when=RESIDENT,
            valid_from=CHANGE_2027,
            conditions=(("insurance", CSHI),),
        ),
        # --- Outpatient medicines by the list of order ҚР ДСМ-75: GVFMC for socially significant diseases
        # (21, 52.3), CSHI otherwise (70).
        rule(
            "outpatient_drugs.cshi",
            "outpatient_drugs",
            p("70"),
            "cshi",
            (
                "Амбулаториялық дәрілік қамтамасыз ету ҚР ДСМ-75 тізбесі бойынша МӘМС жүйесінде жүргізіледі.",
                "Амбулаторное лекарственное обеспечение по перечню ҚР ДСМ-75 осуществляется в системе ОСМС.",
                "Outpatient medicines by the list of order ҚР ДСМ-75 are provided within the CSHI.",
            ),
            when=RESIDENT,
            conditions=(("insurance", CSHI),),
            reading="The list of order ҚР ДСМ-75 splits diseases between the packages; the seeds do not, so "
            "socially significant diseases go to GVFMC (52.3) and the rest to CSHI (70). 52.3's 'citizens' "
            "names the list; 3 and 71 give the right to kandas, refugees and permanent residents too.",
        ),
        rule(
            "outpatient_drugs.gvfmc",
            "outpatient_drugs",
            p("21", "52.3"),
            "gvfmc",
            (
                "Әлеуметтік маңызы бар аурулар кезінде амбулаториялық дәрілік қамтамасыз ету ТМККК "
                "шеңберінде "
                "жүргізіледі.",
                "При социально значимых заболеваниях амбулаторное лекарственное обеспечение осуществляется в "
                "рамках ГОБМП.",
                "For socially significant diseases outpatient medicines are provided within the GVFMC.",
            ),
            when=SS,
            exception_of="outpatient_drugs.cshi",
        ),
        # --- 53: treatment abroad, for citizens only.
        rule(
            "treatment_abroad.gvfmc",
            "treatment_abroad",
            p("53"),
            "gvfmc",
            (
                "Шетелге емделуге жіберу ТМККК шеңберінде ҚР ДСМ-45 бұйрығы бойынша тек Қазақстан "
                "Республикасының азаматтарына жүргізіледі.",
                "Направление на лечение за рубеж в рамках ГОБМП по приказу ҚР ДСМ-45 проводится только для "
                "граждан Республики Казахстан.",
                "Treatment abroad within the GVFMC, under order ҚР ДСМ-45, is for citizens of Kazakhstan "
                "only.",
            ),
            when=CITIZEN,
        ),
        rule(
            "treatment_abroad.not_citizen",
            "treatment_abroad",
            p("53"),
            "none",
            (
                "Шетелге емделуге тек Қазақстан Республикасының азаматтары жіберіледі.",
                "На лечение за рубеж направляются только граждане Республики Казахстан.",
                "Only citizens of Kazakhstan are sent for treatment abroad.",
            ),
            when=~CITIZEN,
        ),
    ]
