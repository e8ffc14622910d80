"""Specialised outpatient care (GVFMC 24–27; CSHI 56.1, 58–59) and dental care (58.4, 59.2)."""

from __future__ import annotations

from kepil.engine.expr import Expr, one_of, true
from kepil.engine.rules import Rule
from kepil.law.program_2026_2028.coverage.common import (
    CHILD,
    CSHI,
    DANGEROUS,
    NO_CSHI,
    NOT_PLANNED,
    PLANNED,
    PREGNANT,
    REFERRAL,
    RESIDENT,
    SS,
    TRAUMA,
    p,
    rule,
)

# 24.2, 25: trauma, poisoning or another urgent state — no referral needed.
URGENT_OR_TRAUMA: Expr = NOT_PLANNED | TRAUMA
# What GVFMC pays in outpatient care (24): socially significant diseases (24.1), trauma/urgent (24.2), and
# for people outside CSHI diseases that worsen the epidemic situation (24.2, mobile teams).
GVFMC_OUTPATIENT: Expr = URGENT_OR_TRAUMA | SS | (DANGEROUS & NO_CSHI)
DERMATOVENEREOLOGY = true("dermatovenereology")
OBGYN = true("obgyn")
# 58.4: emergency dental care for "certain categories of the population" of order ҚР ДСМ-106/2020, whose
# list the seeds do not hold. Reading: children, pregnant women and persons the state pays CSHI for (55) —
# the groups that the Program itself singles out; replace with the order's list when it is loaded.
DENTAL_EMERGENCY_CATEGORIES: Expr = (
    CHILD
    | PREGNANT
    | one_of(
        "state_paid_category",
        {
            "disabled",
            "pension_recipient",
            "large_family_mother",
            "targeted_social_assistance",
            "pregnant_unemployed",
        },
    )
)


def rules() -> list[Rule]:
    return [
        # --- CSHI: specialists' care on the referral of a PHC doctor (58.2), GVFMC cases excepted (56.1).
        rule(
            "outpatient.cshi",
            "outpatient_specialized",
            p("56.1", "58.2"),
            "cshi",
            (
                "Амбулаториялық мамандандырылған көмек МӘМС жүйесінде МСАК дәрігерінің жолдамасы бойынша "
                "көрсетіледі.",
                "Специализированная амбулаторная помощь в системе ОСМС оказывается по направлению врача "
                "ПМСП.",
                "Specialised outpatient care within the CSHI is given on the referral of a PHC doctor.",
            ),
            when=RESIDENT,
            conditions=(("insurance", CSHI), ("referral", REFERRAL)),
        ),
        rule(
            "outpatient.gvfmc_urgent_or_trauma",
            "outpatient_specialized",
            p("24.2", "25"),
            "gvfmc",
            (
                "Жарақат, улану немесе кезек күттірмейтін жағдайда амбулаториялық көмек ТМККК шеңберінде "
                "жолдамасыз көрсетіледі.",
                "При травме, отравлении или неотложном состоянии амбулаторная помощь оказывается в рамках "
                "ГОБМП "
                "без направления.",
                "For a trauma, poisoning or another urgent condition outpatient care is given within the "
                "GVFMC "
                "without a referral.",
            ),
            when=URGENT_OR_TRAUMA,
            exception_of="outpatient.cshi",
        ),
        rule(
            "outpatient.gvfmc_socially_significant",
            "outpatient_specialized",
            p("24.1", "25"),
            "gvfmc",
            (
                "Әлеуметтік маңызы бар аурулардың диагностикасы мен емі ТМККК шеңберінде маман жолдамасы "
                "бойынша жүргізіледі.",
                "Диагностика и лечение социально значимых заболеваний проводятся в рамках ГОБМП по "
                "направлению "
                "специалиста.",
                "Diagnosis and treatment of socially significant diseases are given within the GVFMC on a "
                "specialist's referral.",
            ),
            when=SS & ~URGENT_OR_TRAUMA,
            exception_of="outpatient.cshi",
            conditions=(("referral", REFERRAL),),
        ),
        rule(
            "outpatient.gvfmc_epidemic",
            "outpatient_specialized",
            p("24.2"),
            "gvfmc",
            (
                "МӘМС-ке қатыспайтын адамдарға эпидемиологиялық ахуалды нашарлататын аурулар кезінде көмекті "
                "ТМККК шеңберінде мобильді бригада көрсетеді.",
                "Лицам, не являющимся потребителями ОСМС, при заболеваниях, ухудшающих эпидемиологическую "
                "ситуацию, помощь в рамках ГОБМП оказывает мобильная бригада.",
                "For people outside the CSHI with a disease that worsens the epidemic situation, mobile "
                "teams "
                "give care within the GVFMC.",
            ),
            when=DANGEROUS & NO_CSHI & ~SS & ~URGENT_OR_TRAUMA,
            exception_of="outpatient.cshi",
        ),
        rule(
            "outpatient.cshi_dermatovenereology",
            "outpatient_specialized",
            p("58.2", "59.3"),
            "cshi",
            (
                "Дерматовенерология бейініндегі аурулар бойынша бейінді маманға МӘМС жүйесінде жолдамасыз "
                "жүгінуге болады.",
                "К профильному специалисту по дерматовенерологическим заболеваниям в системе ОСМС можно "
                "обратиться без направления.",
                "A dermatovenereologist may be seen within the CSHI without a referral.",
            ),
            when=DERMATOVENEREOLOGY & ~GVFMC_OUTPATIENT,
            exception_of="outpatient.cshi",
            conditions=(("insurance", CSHI),),
            reading="59.3 is recognised from the diagnosis (ICD-10 L00–L99, A50–A64, B35–B36, B85–B89).",
        ),
        rule(
            "outpatient.cshi_obgyn",
            "outpatient_specialized",
            p("58.2", "59.4"),
            "cshi",
            (
                "Акушер-гинекологке МӘМС жүйесінде жолдамасыз жүгінуге болады (жүктілік бойынша есепке "
                "қоюдан "
                "басқа).",
                "К акушеру-гинекологу в системе ОСМС можно обратиться без направления (кроме постановки на "
                "учёт "
                "по беременности).",
                "An obstetrician-gynaecologist may be seen within the CSHI without a referral (except to "
                "register "
                "a pregnancy).",
            ),
            when=OBGYN & ~DERMATOVENEREOLOGY & ~GVFMC_OUTPATIENT,
            exception_of="outpatient.cshi",
            conditions=(("insurance", CSHI),),
            reading="59.4 is recognised from the diagnosis (ICD-10 N70–N98, O00–O99; Z34 registration is "
            "not).",
        ),
        # --- Dental care within CSHI (58.4), without referral (59.2).
        rule(
            "dental.not_covered",
            "dental",
            p("58.4"),
            "none",
            (
                "МӘМС жүйесінде стоматологиялық көмек тек ҚР ДСМ-106/2020 бұйрығындағы санаттарға (шұғыл) "
                "және "
                "балалар мен жүкті әйелдерге (жоспарлы) көрсетіледі.",
                "В системе ОСМС стоматологическая помощь оказывается только категориям приказа ҚР "
                "ДСМ-106/2020 "
                "(экстренная) и детям и беременным (плановая).",
                "Within the CSHI dental care is given only to the categories of order ҚР ДСМ-106/2020 "
                "(emergency) "
                "and to children and pregnant women (planned).",
            ),
            when=RESIDENT,
        ),
        rule(
            "dental.planned_children_pregnant",
            "dental",
            p("58.4", "59.2"),
            "cshi",
            (
                "Балалар мен жүкті әйелдерге жоспарлы стоматологиялық көмек (ортодонтия мен ортопедиядан "
                "басқа) "
                "МӘМС жүйесінде жолдамасыз көрсетіледі.",
                "Детям и беременным плановая стоматологическая помощь (кроме ортодонтии и ортопедии) "
                "оказывается "
                "в системе ОСМС без направления.",
                "Children and pregnant women get planned dental care (not orthodontics or prosthetics) "
                "within the "
                "CSHI without a referral.",
            ),
            when=PLANNED & (CHILD | PREGNANT),
            exception_of="dental.not_covered",
            conditions=(("insurance", CSHI),),
        ),
        rule(
            "dental.emergency_categories",
            "dental",
            p("58.4", "59.2"),
            "cshi",
            (
                "Халықтың жекелеген санаттарына шұғыл стоматологиялық көмек МӘМС жүйесінде жолдамасыз "
                "көрсетіледі.",
                "Отдельным категориям населения экстренная стоматологическая помощь оказывается в системе "
                "ОСМС "
                "без направления.",
                "Certain categories of the population get emergency dental care within the CSHI without a "
                "referral.",
            ),
            when=NOT_PLANNED & DENTAL_EMERGENCY_CATEGORIES,
            exception_of="dental.not_covered",
            conditions=(("insurance", CSHI),),
            reading="The categories of order ҚР ДСМ-106/2020 are not in the seeds: children, pregnant women "
            "and "
            "the socially protected state-paid categories are used.",
        ),
    ]
