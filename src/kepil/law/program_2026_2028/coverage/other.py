"""Rehabilitation (37–39; 56.5, 64–65), palliative care (41–45), blood (46; 63.3), pathology (47–49; 56.6,
63.5, 66–68), post-mortem donation and transplantation (50–51; 56.7, 69), medicines (52; 70–71), treatment
abroad (53)."""

from __future__ import annotations

from kepil.engine.expr import Expr, eq, false, true
from kepil.engine.rules import Rule
from kepil.law.program_2026_2028.coverage.common import (
    ATTACHED,
    BEFORE_2027,
    CHANGE_2027,
    CITIZEN,
    CSHI,
    DANGEROUS,
    HELD,
    NEWBORN,
    NOT_HELD,
    OFF_ABROAD_LIST,
    OFF_DRUG_LIST,
    OFF_REHABILITATION_LIST,
    ON_ABROAD_LIST,
    ON_DRUG_LIST,
    ON_REHABILITATION_LIST,
    RESIDENT,
    SS,
    STAGE_1,
    STAGES_2_3,
    activity,
    in_precedence,
    p,
    rule,
)

_STAY_GVFMC = eq("within_stay_of", "gvfmc")
_STAY_CSHI = eq("within_stay_of", "cshi")
_NO_STAY = eq("within_stay_of", "none")
_NEWBORN_KIT = activity("newborn_kit")
NEWBORN_KIT = _NEWBORN_KIT  # 71, 2nd part: the mother-and-baby kit
# 70, 71: what the CSHI's outpatient medicines need — the disease on the ҚР ДСМ-75 list and, for those held,
# attachment at the place of serving. One definition: residents here, temporary residents who take part in
# the CSHI in migrant_care_rules.coverage.
DRUG_CSHI_NEEDS: Expr = ON_DRUG_LIST & (ATTACHED | NOT_HELD)
_ON_CUSTODY_LIST = true("on_custody_rehabilitation_list")
_OFF_CUSTODY_LIST = false("on_custody_rehabilitation_list")


def rules() -> list[Rule]:
    return [
        # --- Rehabilitation: stages II–III within CSHI by the list of order ҚР ДСМ-116/2020 (56.5, 64, 65);
        # within the treatment of the main disease (stage I, 37–38) and for those held in pre-trial
        # detention or penal institutions (39) within GVFMC.
        rule(
            "rehabilitation.cshi",
            "rehabilitation",
            p("56.5", "64", "65"),
            "cshi",
            (
                "II–III кезеңдердегі медициналық оңалту МӘМС жүйесінде ҚР ДСМ-116/2020 АХЖ-10 тізбесі "
                "бойынша жүргізіледі.",
                "Медицинская реабилитация II–III этапов проводится в системе ОСМС по перечню МКБ-10 "
                "ҚР ДСМ-116/2020.",
                "Rehabilitation at stages II–III is given within the CSHI by the ICD-10 list of order "
                "ҚР ДСМ-116/2020.",
            ),
            when=RESIDENT,
            conditions=(("insurance", CSHI),),
            needs=STAGES_2_3 & ON_REHABILITATION_LIST,
            reading="64 pays stages II–III only: a request without service.rehabilitation_stage is not read "
            "as stages II–III — the answer is not 'covered' and names the stage (stage I is GVFMC, 37–38).",
        ),
        *in_precedence(
            rule(
                "rehabilitation.gvfmc_main_treatment",
                "rehabilitation",
                p("37", "38"),
                "gvfmc",
                (
                    "Негізгі ауруды емдеу кезіндегі медициналық оңалту (I кезең) ТМККК шеңберінде "
                    "жүргізіледі.",
                    "Медицинская реабилитация при лечении основного заболевания (I этап) проводится в рамках "
                    "ГОБМП.",
                    "Rehabilitation during the treatment of the main disease (stage I) is given within the "
                    "GVFMC.",
                ),
                when=STAGE_1,
                exception_of="rehabilitation.cshi",
            ),
            rule(
                "rehabilitation.gvfmc_penitentiary",
                "rehabilitation",
                p("39"),
                "gvfmc",
                (
                    "Тергеу изоляторлары мен қылмыстық-атқару жүйесі мекемелеріндегі адамдарға медициналық "
                    "оңалту ТМККК шеңберінде ҚР ДСМ-47 тізбесі бойынша көрсетіледі.",
                    "Лицам в следственных изоляторах и учреждениях уголовно-исполнительной системы "
                    "медицинская реабилитация оказывается в рамках ГОБМП по перечню ҚР ДСМ-47.",
                    "People held in pre-trial detention or penal institutions get rehabilitation within the "
                    "GVFMC by the list of order ҚР ДСМ-47.",
                ),
                when=HELD,
                exception_of="rehabilitation.cshi",
                needs=_ON_CUSTODY_LIST,
                reading="39 speaks of those held in pre-trial detention and penal institutions, not of "
                "detainees under house arrest (55.9 pays their contributions too): person.custody says "
                "which; a detainee without it is not known to be held. The list of order ҚР ДСМ-47 is not in "
                "the seeds and kepil holds none.",
            ),
            rule(
                "rehabilitation.not_on_list",
                "rehabilitation",
                p("64"),
                "none",
                (
                    "II–III кезеңдердегі оңалту МӘМС жүйесінде тек ҚР ДСМ-116/2020 тізбесіндегі аурулар "
                    "бойынша жүргізіледі; бұл диагноз онда жоқ.",
                    "Реабилитация II–III этапов в системе ОСМС проводится только по заболеваниям перечня "
                    "ҚР ДСМ-116/2020; этого диагноза в нём нет.",
                    "Rehabilitation at stages II–III within the CSHI is given only for the diseases of the "
                    "list of order ҚР ДСМ-116/2020; this diagnosis is not on it.",
                ),
                when=STAGES_2_3 & OFF_REHABILITATION_LIST,
                exception_of="rehabilitation.cshi",
            ),
        ),
        rule(
            "rehabilitation.penitentiary_not_on_list",
            "rehabilitation",
            p("39"),
            "none",
            (
                "Ұсталатын адамдарға оңалту ТМККК шеңберінде тек ҚР ДСМ-47 тізбесі бойынша көрсетіледі; бұл "
                "диагноз онда жоқ.",
                "Содержащимся под стражей реабилитация в рамках ГОБМП оказывается только по перечню ҚР "
                "ДСМ-47; "
                "этого диагноза в нём нет.",
                "People held get rehabilitation within the GVFMC only by the list of order ҚР ДСМ-47; this "
                "diagnosis is not on it.",
            ),
            when=_OFF_CUSTODY_LIST,
            exception_of="rehabilitation.gvfmc_penitentiary",
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
        # --- Blood belongs to the stay it is given in: GVFMC (46), CSHI (63.3); never outside a stay.
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
            reading="46 (GVFMC) and 63.3 (CSHI) both name blood within a stay: it follows the package of "
            "the stay (service.within_stay_of). Without it the answer is GVFMC's and names the stay as "
            "unknown, since a CSHI stay would move it to the CSHI.",
        ),
        *in_precedence(
            rule(
                "blood.cshi_stay",
                "blood",
                p("63.3", "70"),
                "cshi",
                (
                    "МӘМС жүйесіндегі стационарлық емдеу кезінде қанмен және оның компоненттерімен "
                    "қамтамасыз "
                    "ету сол емдеудің құрамында МӘМС жүйесінде жүргізіледі.",
                    "Обеспечение кровью и её компонентами в ходе стационарного лечения в системе ОСМС "
                    "входит в "
                    "это лечение и оплачивается ОСМС.",
                    "Blood and its components given within a CSHI stay belong to that stay and are paid by "
                    "the CSHI.",
                ),
                when=_STAY_CSHI,
                exception_of="blood.gvfmc",
                conditions=(("insurance", CSHI),),
            ),
            rule(
                "blood.outside_stay",
                "blood",
                p("46", "63.3"),
                "none",
                (
                    "Қан препараттары тек стационарлық және стационарды алмастыратын көмек кезінде беріледі.",
                    "Препараты крови предоставляются только при стационарной и стационарозамещающей помощи.",
                    "Blood products are provided only within inpatient or day-hospital care.",
                ),
                when=_NO_STAY,
                exception_of="blood.gvfmc",
            ),
        ),
        # --- Pathology is listed in both packages (47, 56.6): within a stay it follows the stay (63.5),
        # outside a stay the person's package.
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
            reading="Pathology appears in GVFMC (47) and in CSHI (56.6): within a stay it follows the "
            "stay's package (63.5 puts it into CSHI inpatient care); outside a stay CSHI pays for its "
            "participants except for GVFMC diseases, GVFMC for the rest.",
        ),
        *in_precedence(
            rule(
                "pathology.gvfmc_stay",
                "pathology",
                p("47", "49"),
                "gvfmc",
                (
                    "ТМККК шеңберіндегі емдеу кезіндегі патологиялық-анатомиялық диагностика ТМККК "
                    "шеңберінде "
                    "жүргізіледі.",
                    "Патологоанатомическая диагностика в ходе лечения в рамках ГОБМП проводится в рамках "
                    "ГОБМП.",
                    "Pathology within a GVFMC stay is done within the GVFMC.",
                ),
                when=_STAY_GVFMC,
                exception_of="pathology.gvfmc",
            ),
            rule(
                "pathology.cshi_stay",
                "pathology",
                p("63.5", "66", "68"),
                "cshi",
                (
                    "МӘМС жүйесіндегі стационарлық емдеу кезіндегі патологиялық-анатомиялық диагностика сол "
                    "емдеудің құрамында МӘМС жүйесінде жүргізіледі.",
                    "Патологоанатомическая диагностика в ходе стационарного лечения в системе ОСМС входит в "
                    "это лечение и оплачивается ОСМС.",
                    "Pathology within a CSHI stay belongs to that stay and is paid by the CSHI.",
                ),
                when=_STAY_CSHI,
                exception_of="pathology.gvfmc",
                conditions=(("insurance", CSHI),),
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
                "рамках ГОБМП по ҚР ДСМ-207/2020.",
                "Post-mortem donor preparation, organ retrieval and transplantation are done within the "
                "GVFMC in 2026, under order ҚР ДСМ-207/2020.",
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
        # (21, 52.3), CSHI otherwise (70); for those held, through attachment at the place of serving (71);
        # the newborn's kit (71).
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
            needs=DRUG_CSHI_NEEDS,
            reading="The list of order ҚР ДСМ-75 splits diseases between the packages; the seeds do not, so "
            "socially significant diseases go to GVFMC (52.3) and the rest to CSHI (70). 52.3's 'citizens' "
            "names the list; 3 and 71 give the right to kandas, refugees and permanent residents too. A "
            "disease kepil's partial list does not hold is not known to be on it: the answer says so. An "
            "unattached person who may be held (a detainee without person.custody) is not answered "
            "'covered': held, 71 gives the medicines only through attachment at the place of serving.",
        ),
        *in_precedence(
            rule(
                "outpatient_drugs.newborn_kit",
                "outpatient_drugs",
                p("71"),
                "cshi",
                (
                    "Жаңа туған нәрестелерге ана мен баланың дәрі қобдишасы босандыру ұйымынан шығарылғанда "
                    "тегін беріледі.",
                    "Новорождённым аптечка матери и ребёнка выдаётся бесплатно при выписке из родильной "
                    "организации.",
                    "Newborns get the mother-and-baby medicine kit free on discharge from the maternity "
                    "organisation.",
                ),
                when=_NEWBORN_KIT & NEWBORN,
                exception_of="outpatient_drugs.cshi",
                conditions=(("insurance", CSHI),),
                reading="71 is in chapter 3 (CSHI); a resident newborn is a state-paid child (55.1), so the "
                "insurance condition always holds. 'Newborn' is read as the first 28 days of life.",
            ),
            rule(
                "outpatient_drugs.newborn_kit_not_newborn",
                "outpatient_drugs",
                p("71"),
                "none",
                (
                    "Ана мен баланың дәрі қобдишасы тек жаңа туған нәрестеге (өмірінің алғашқы 28 күні) "
                    "беріледі.",
                    "Аптечка матери и ребёнка выдаётся только новорождённому (первые 28 дней жизни).",
                    "The mother-and-baby kit is given to a newborn only (the first 28 days of life).",
                ),
                when=_NEWBORN_KIT,
                exception_of="outpatient_drugs.cshi",
            ),
            rule(
                "outpatient_drugs.not_on_list",
                "outpatient_drugs",
                p("21", "52.3", "70"),
                "none",
                (
                    "Амбулаториялық дәрілік қамтамасыз ету тек ҚР ДСМ-75 тізбесіндегі аурулар бойынша "
                    "жүргізіледі; бұл ауру онда жоқ.",
                    "Амбулаторное лекарственное обеспечение осуществляется только по заболеваниям перечня "
                    "ҚР ДСМ-75; этого заболевания в нём нет.",
                    "Outpatient medicines are provided only for the diseases of the list of order ҚР ДСМ-75; "
                    "this disease is not on it.",
                ),
                when=OFF_DRUG_LIST,
                exception_of="outpatient_drugs.cshi",
            ),
            rule(
                "outpatient_drugs.gvfmc",
                "outpatient_drugs",
                p("21", "52.3"),
                "gvfmc",
                (
                    "Әлеуметтік маңызы бар аурулар кезінде амбулаториялық дәрілік қамтамасыз ету ТМККК "
                    "шеңберінде ҚР ДСМ-75 тізбесі бойынша жүргізіледі.",
                    "При социально значимых заболеваниях амбулаторное лекарственное обеспечение по перечню "
                    "ҚР ДСМ-75 осуществляется в рамках ГОБМП.",
                    "For socially significant diseases outpatient medicines by the list of order ҚР ДСМ-75 "
                    "are provided within the GVFMC.",
                ),
                when=SS,
                exception_of="outpatient_drugs.cshi",
                needs=ON_DRUG_LIST,
            ),
            rule(
                "outpatient_drugs.cshi_held",
                "outpatient_drugs",
                p("71", "70"),
                "cshi",
                (
                    "Бас бостандығынан айыру орындарында жазасын өтеп жүрген, ұсталған, қамауға алынған "
                    "адамдар дәрілерді МӘМС жүйесінде жазасын өтеп жатқан жеріндегі медициналық ұйымға "
                    "бекітілу арқылы алады.",
                    "Отбывающие наказание в местах лишения свободы, задержанные и арестованные получают "
                    "лекарства в системе ОСМС через прикрепление к медицинской организации по месту "
                    "отбывания.",
                    "People serving a sentence, detained or arrested get their medicines within the CSHI "
                    "through attachment to the medical organisation where they are held.",
                ),
                when=HELD,
                exception_of="outpatient_drugs.cshi",
                conditions=(("insurance", CSHI), ("attachment", ATTACHED)),
                needs=ON_DRUG_LIST,
                reading="71: person.attached is read as attachment to the medical organisation at the place "
                "of serving; house arrest is not 'held' (55.9 distinguishes it), so it follows 70.",
            ),
        ),
        # --- 53: treatment abroad, for citizens only, by the lists of order ҚР ДСМ-45.
        rule(
            "treatment_abroad.gvfmc",
            "treatment_abroad",
            p("53"),
            "gvfmc",
            (
                "Шетелге емделуге жіберу ТМККК шеңберінде ҚР ДСМ-45 бұйрығының аурулар мен санаттар "
                "тізбелері бойынша тек Қазақстан Республикасының азаматтарына жүргізіледі.",
                "Направление на лечение за рубеж в рамках ГОБМП по перечням заболеваний и категорий приказа "
                "ҚР ДСМ-45 проводится только для граждан Республики Казахстан.",
                "Treatment abroad within the GVFMC, by the lists of diseases and categories of order "
                "ҚР ДСМ-45, is for citizens of Kazakhstan only.",
            ),
            when=CITIZEN,
            needs=ON_ABROAD_LIST,
            reading="53.1 (the list of diseases, appendix 3) and 53.2 (the list of categories of citizens) "
            "are read as either ground; service.on_treatment_abroad_list says whether the case is on "
            "them. kepil's partial reconstruction of appendix 3 holds acute leukaemias only.",
        ),
        rule(
            "treatment_abroad.not_on_list",
            "treatment_abroad",
            p("53"),
            "none",
            (
                "Шетелге емделуге тек ҚР ДСМ-45 тізбелеріндегі аурулар мен санаттар бойынша жіберіледі; бұл "
                "жағдай оларда жоқ.",
                "На лечение за рубеж направляют только по заболеваниям и категориям перечней ҚР ДСМ-45; этот "
                "случай в них не входит.",
                "Treatment abroad is given only for the diseases and categories of order ҚР ДСМ-45's lists; "
                "this case is not on them.",
            ),
            when=OFF_ABROAD_LIST,
            exception_of="treatment_abroad.gvfmc",
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
