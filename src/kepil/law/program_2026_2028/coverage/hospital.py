"""Day hospital (28–31; CSHI 56.2, 61) and round-the-clock inpatient care (32–36; CSHI 56.3–56.4, 62–63)."""

from __future__ import annotations

from kepil.engine.expr import Expr
from kepil.engine.rules import Rule
from kepil.law.program_2026_2028.coverage.common import (
    ADMISSION,
    BEFORE_2027,
    CHANGE_2027,
    CHILD,
    CSHI,
    DANGEROUS,
    INFECTIOUS,
    ISOLATION,
    LIFE_THREATENING,
    NO_CSHI,
    NOT_PLANNED,
    OVER_65,
    PLANNED,
    POSTPARTUM,
    PREGNANT,
    REFERRAL,
    RESIDENT,
    SS,
    p,
    rule,
)

# 33.2: infectious and parasitic diseases of order ҚР ДСМ-162/2020 and diseases dangerous to others.
INFECTIOUS_OR_DANGEROUS: Expr = INFECTIOUS | DANGEROUS
_GVFMC_SPECIFIC: Expr = ISOLATION | INFECTIOUS_OR_DANGEROUS
# Reading of 33.3 (planned inpatient care by referral) — see `inpatient.gvfmc_planned`.
_READING_33_3 = (
    "33.3 covers the GVFMC diseases only (socially significant, ҚР ДСМ-108/2020), not every disease: "
    "56.3 puts planned inpatient care into CSHI 'except the treatment of diseases within GVFMC', which "
    "would be void if 33.3 covered all; 24.1 and 29 draw the GVFMC line at the same list."
)
# 62, 4th part: emergency care for these groups whatever the ICD-10 list of diseases for round-the-clock care.
_PRIORITY_GROUPS: Expr = CHILD | PREGNANT | POSTPARTUM | OVER_65


def rules() -> list[Rule]:
    return [
        # --- Day hospital: CSHI by the ICD-10 list of order No. 106 (56.2, 61); GVFMC for socially
        # significant diseases (29); planned form only (31).
        rule(
            "day_hospital.cshi",
            "day_hospital",
            p("56.2", "61"),
            "cshi",
            (
                "Стационарды алмастыратын жағдайлардағы көмек МӘМС жүйесінде № 106 бұйрықтың АХЖ-10 тізбесі "
                "бойынша көрсетіледі.",
                "Помощь в стационарозамещающих условиях оказывается в системе ОСМС по перечню МКБ-10 "
                "приказа № 106.",
                "Day-hospital care is given within the CSHI by the ICD-10 list of order No. 106.",
            ),
            when=RESIDENT,
            conditions=(("insurance", CSHI),),
        ),
        rule(
            "day_hospital.gvfmc_socially_significant",
            "day_hospital",
            p("29", "31"),
            "gvfmc",
            (
                "Әлеуметтік маңызы бар аурулар кезінде стационарды алмастыратын көмек ТМККК шеңберінде "
                "көрсетіледі.",
                "При социально значимых заболеваниях стационарозамещающая помощь оказывается в рамках ГОБМП.",
                "For socially significant diseases day-hospital care is given within the GVFMC.",
            ),
            when=SS & PLANNED,
            exception_of="day_hospital.cshi",
        ),
        rule(
            "day_hospital.planned_only",
            "day_hospital",
            p("31"),
            "none",
            (
                "Стационарды алмастыратын жағдайлардағы көмек тек жоспарлы нысанда көрсетіледі.",
                "Помощь в стационарозамещающих условиях оказывается только в плановой форме.",
                "Day-hospital care is given in planned form only.",
            ),
            when=NOT_PLANNED,
            exception_of="day_hospital.cshi",
        ),
        # --- Inpatient: isolation of contacts (33.1) and infectious diseases (33.2) within GVFMC.
        rule(
            "inpatient.gvfmc_isolation",
            "inpatient",
            p("33.1"),
            "gvfmc",
            (
                "Айналасындағыларға қауіп төндіретін аурумен қарым-қатынаста болған адамдарды және бактерия "
                "таратушыларды оқшаулау ТМККК шеңберінде жүргізіледі.",
                "Изоляция контактных лиц и носителей заболеваний, опасных для окружающих, проводится в "
                "рамках "
                "ГОБМП.",
                "Isolation of contacts and carriers of diseases dangerous to others is done within the "
                "GVFMC.",
            ),
            when=RESIDENT & ISOLATION,
        ),
        rule(
            "inpatient.gvfmc_infectious",
            "inpatient",
            p("33.2"),
            "gvfmc",
            (
                "ҚР ДСМ-162/2020 тізбесіндегі инфекциялық, паразиттік және айналасындағыларға қауіп "
                "төндіретін "
                "ауруларды стационарда емдеу ТМККК шеңберінде жүргізіледі.",
                "Стационарное лечение инфекционных, паразитарных и опасных для окружающих заболеваний по "
                "перечню ҚР ДСМ-162/2020 проводится в рамках ГОБМП.",
                "Inpatient treatment of the infectious, parasitic and dangerous diseases of order ҚР "
                "ДСМ-162/2020 "
                "is given within the GVFMC.",
            ),
            when=RESIDENT & ~ISOLATION & INFECTIOUS_OR_DANGEROUS,
        ),
        # --- Planned: CSHI by the list of order ҚР ДСМ-258/2020 (56.3, 62), GVFMC for GVFMC diseases (33.3).
        rule(
            "inpatient.cshi_planned",
            "inpatient",
            p("56.3", "62", "20"),
            "cshi",
            (
                "Жоспарлы стационарлық көмек МӘМС жүйесінде МСАК ұйымының жолдамасы бойынша көрсетіледі.",
                "Плановая стационарная помощь оказывается в системе ОСМС по направлению организации ПМСП.",
                "Planned inpatient care is given within the CSHI on the referral of a PHC organisation.",
            ),
            when=RESIDENT & PLANNED & ~_GVFMC_SPECIFIC & ~ADMISSION,
            conditions=(("insurance", CSHI), ("referral", REFERRAL)),
        ),
        rule(
            "inpatient.gvfmc_planned",
            "inpatient",
            p("33.3"),
            "gvfmc",
            (
                "Әлеуметтік маңызы бар ауру кезінде жоспарлы стационарлық көмек ТМККК шеңберінде жолдама "
                "бойынша көрсетіледі.",
                "При социально значимом заболевании плановая стационарная помощь оказывается в рамках ГОБМП "
                "по "
                "направлению.",
                "For a socially significant disease planned inpatient care is given within the GVFMC on "
                "referral.",
            ),
            when=SS,
            exception_of="inpatient.cshi_planned",
            conditions=(("referral", REFERRAL),),
            reading=_READING_33_3,
        ),
        # --- Emergency: CSHI for its participants (56.4, 62); GVFMC for those outside it (33.4), from
        # 2027-01-01 only in life-threatening conditions (34). Urgent hospital admissions are read as
        # emergency ones: chapter 2 §5 and chapter 3 §3 know only the emergency and planned forms.
        rule(
            "inpatient.cshi_emergency",
            "inpatient",
            p("56.4", "62"),
            "cshi",
            (
                "Шұғыл стационарлық көмек МӘМС жүйесінде оның қатысушыларына көрсетіледі.",
                "Экстренная стационарная помощь оказывается в системе ОСМС её участникам.",
                "Emergency inpatient care is given within the CSHI to its participants.",
            ),
            when=RESIDENT & NOT_PLANNED & ~_GVFMC_SPECIFIC & ~ADMISSION,
            conditions=(("insurance", CSHI),),
        ),
        rule(
            "inpatient.gvfmc_emergency_socially_significant",
            "inpatient",
            p("33", "62"),
            "gvfmc",
            (
                "ТМККК шеңберіндегі аурулар (әлеуметтік маңызы бар) МӘМС-тен алынып тасталады: шұғыл көмек "
                "ТМККК шеңберінде көрсетіледі.",
                "Заболевания в рамках ГОБМП (социально значимые) исключены из ОСМС: экстренная помощь "
                "оказывается в рамках ГОБМП.",
                "Diseases within the GVFMC (socially significant ones) are excluded from the CSHI: emergency "
                "care "
                "is given within the GVFMC.",
            ),
            when=SS,
            exception_of="inpatient.cshi_emergency",
        ),
        rule(
            "inpatient.cshi_emergency_priority_groups",
            "inpatient",
            p("62"),
            "cshi",
            (
                "18 жасқа дейінгі балаларға, жүкті және босанған әйелдерге, 65 жастан асқан адамдарға шұғыл "
                "стационарлық көмек аурулар тізбесіне қарамастан МӘМС жүйесінде көрсетіледі.",
                "Детям до 18 лет, беременным, родильницам и лицам старше 65 лет экстренная стационарная "
                "помощь "
                "оказывается в системе ОСМС независимо от перечня заболеваний.",
                "Children under 18, pregnant and postpartum women and people over 65 get emergency inpatient "
                "care within the CSHI whatever the list of diseases.",
            ),
            when=CSHI & _PRIORITY_GROUPS & ~SS,
            exception_of="inpatient.cshi_emergency",
            conditions=(("insurance", CSHI),),
        ),
        rule(
            "inpatient.gvfmc_emergency_uninsured",
            "inpatient",
            p("33.4"),
            "gvfmc",
            (
                "МӘМС-ке қатыспайтын адамдарға шұғыл стационарлық көмек ТМККК шеңберінде көрсетіледі.",
                "Лицам, не являющимся участниками ОСМС, экстренная стационарная помощь оказывается в рамках "
                "ГОБМП.",
                "People outside the CSHI get emergency inpatient care within the GVFMC.",
            ),
            when=NO_CSHI & ~SS,
            exception_of="inpatient.cshi_emergency",
            valid_to=BEFORE_2027,
        ),
        rule(
            "inpatient.gvfmc_emergency_uninsured_life_threatening",
            "inpatient",
            p("33.4", "34"),
            "gvfmc",
            (
                "2027 жылғы 1 қаңтардан бастап МӘМС-ке қатыспайтын адамдарға шұғыл стационарлық көмек ТМККК "
                "шеңберінде өмірге қауіп төндіретін жағдайда көрсетіледі.",
                "С 1 января 2027 года лицам вне ОСМС экстренная стационарная помощь оказывается в рамках "
                "ГОБМП "
                "при угрожающих жизни состояниях.",
                "From 1 January 2027 people outside the CSHI get emergency inpatient care within the GVFMC "
                "in "
                "life-threatening conditions.",
            ),
            when=NO_CSHI & ~SS & LIFE_THREATENING,
            exception_of="inpatient.cshi_emergency",
            valid_from=CHANGE_2027,
            reading="34 refers to '34.4', a slip for 33.4 (the only emergency-form clause); the authorised "
            "body's list of diagnoses for emergency admission is not in the seeds, so life_threatening "
            "decides.",
        ),
        rule(
            "inpatient.emergency_uninsured_not_life_threatening",
            "inpatient",
            p("34"),
            "none",
            (
                "2027 жылғы 1 қаңтардан бастап МӘМС-ке қатыспайтын адамдарға шұғыл стационарлық көмек тек "
                "өмірге қауіп төндіретін жағдайда ТМККК шеңберінде көрсетіледі; басқа жағдайда МӘМС-ке "
                "қатысу "
                "қажет.",
                "С 1 января 2027 года лицам вне ОСМС экстренная стационарная помощь в рамках ГОБМП "
                "оказывается "
                "только при угрозе жизни; в остальных случаях необходимо участие в ОСМС.",
                "From 1 January 2027 people outside the CSHI get emergency inpatient care within the GVFMC "
                "only "
                "when life is threatened; otherwise CSHI participation is needed.",
            ),
            when=NO_CSHI & ~SS & ~LIFE_THREATENING,
            exception_of="inpatient.cshi_emergency",
            valid_from=CHANGE_2027,
            missing=("insurance",),
        ),
        # --- The admission department until a diagnosis (33.4, 35; CSHI 56.4, 62 3rd part).
        rule(
            "inpatient.admission_department_gvfmc",
            "inpatient",
            p("33.4", "35"),
            "gvfmc",
            (
                "Тәулік бойғы стационардың қабылдау бөлімшесінде диагноз қойылғанға дейінгі іс-шаралар "
                "МӘМС-ке "
                "қатыспайтын адамдарға ТМККК шеңберінде жүргізіледі.",
                "Лечебно-диагностические мероприятия в приёмном отделении круглосуточного стационара до "
                "установления диагноза лицам вне ОСМС проводятся в рамках ГОБМП.",
                "Diagnosis and treatment in the admission department until a diagnosis is made are given "
                "within "
                "the GVFMC to people outside the CSHI.",
            ),
            when=RESIDENT & ADMISSION & ~_GVFMC_SPECIFIC & NO_CSHI,
            reading="34 narrows the emergency-form care of 33.4, not the admission department's work before "
            "a "
            "diagnosis (35), which cannot know yet whether life is threatened.",
        ),
        rule(
            "inpatient.admission_department_cshi",
            "inpatient",
            p("56.4", "62"),
            "cshi",
            (
                "Қабылдау бөлімшесінде диагноз қойылғанға дейінгі іс-шаралар МӘМС қатысушыларына МӘМС "
                "жүйесінде "
                "жүргізіледі.",
                "Мероприятия в приёмном отделении до установления диагноза участникам ОСМС проводятся в "
                "системе ОСМС.",
                "The admission department's work until a diagnosis is given within the CSHI to its "
                "participants.",
            ),
            when=RESIDENT & ADMISSION & ~_GVFMC_SPECIFIC & CSHI,
        ),
    ]
