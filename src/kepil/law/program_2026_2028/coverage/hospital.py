"""Day hospital (28–31; CSHI 56.2, 61) and round-the-clock inpatient care (32–36; CSHI 56.3–56.4, 62–63)."""

from __future__ import annotations

from kepil.engine.expr import Expr
from kepil.engine.rules import Rule
from kepil.law.program_2026_2028.coverage.common import (
    ADMISSION,
    BEFORE_2027,
    CHANGE_2027,
    CHILD,
    CRANIOFACIAL,
    CSHI,
    DANGEROUS,
    INFECTIOUS,
    ISOLATION,
    LIFE_THREATENING,
    NO_CSHI,
    NOT_PLANNED,
    OFF_DAY_HOSPITAL_LIST,
    OFF_INPATIENT_LIST,
    ON_DAY_HOSPITAL_LIST,
    ON_EMERGENCY_LIST,
    ON_INPATIENT_LIST,
    OVER_65,
    PLANNED,
    POSTPARTUM,
    PREGNANT,
    REFERRAL,
    RESIDENT,
    SS,
    in_precedence,
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
# Reading of 62 (the list of order ҚР ДСМ-258/2020) — see `inpatient.cshi_planned` / `cshi_emergency`.
_READING_62 = (
    "62's first paragraph puts CSHI inpatient care 'by the list of diseases of order ҚР ДСМ-258/2020'; its "
    "fourth gives children, pregnant and postpartum women and people over 65 emergency care 'whatever the "
    "list' — which would be void unless the list also governs the emergency care of everyone else. So the "
    "list decides planned CSHI care and emergency CSHI care outside those groups; GVFMC care (33) is not "
    "bound by it. A diagnosis off the list is sent to outpatient care (35, 62 third paragraph)."
)
# Reading of 34: "өмірге қауіп төндіретін жағдайлар кезінде ғана, сондай-ақ ... тізбесі бойынша".
_READING_34 = (
    "34 refers to '34.4', a slip for 33.4 (the only emergency-form clause). 'Only in life-threatening "
    "conditions, and also by the list of diagnoses and conditions for emergency admission the authorised "
    "body defines' is read as either ground: 'сондай-ақ' (and also) adds the list to life-threatening "
    "conditions, it does not narrow them. kepil holds no such list: without service.on_emergency_admission_"
    "list the answer is not 'covered' on its strength and names the fact. 34 narrows 33.4's care for people "
    "outside the CSHI; socially significant diseases are GVFMC for everyone (56.4 and 62 take 'the treatment "
    "of diseases within the GVFMC' out of the CSHI whoever the patient is), so 34 does not reach them."
)


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
            needs=ON_DAY_HOSPITAL_LIST,
            reading="61's list (order No. 106, appendix 3) is not in the seeds and kepil holds none: unless "
            "service.on_day_hospital_list is given, the answer is not 'covered' and names it.",
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
        rule(
            "day_hospital.not_on_list",
            "day_hospital",
            p("61"),
            "none",
            (
                "МӘМС жүйесінде стационарды алмастыратын көмек тек № 106 бұйрықтың 3-қосымшасындағы АХЖ-10 "
                "тізбесіндегі аурулар бойынша көрсетіледі; бұл диагноз онда жоқ.",
                "В системе ОСМС стационарозамещающая помощь оказывается только по заболеваниям перечня "
                "МКБ-10 "
                "приложения 3 приказа № 106; этого диагноза в нём нет.",
                "Within the CSHI day-hospital care is given only for the diseases of the ICD-10 list of "
                "appendix 3 of order No. 106; this diagnosis is not on it.",
            ),
            when=PLANNED & ~SS & OFF_DAY_HOSPITAL_LIST,
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
                "Жоспарлы стационарлық көмек МӘМС жүйесінде МСАК ұйымының жолдамасы бойынша ҚР ДСМ-258/2020 "
                "аурулар тізбесі бойынша көрсетіледі.",
                "Плановая стационарная помощь оказывается в системе ОСМС по направлению организации ПМСП по "
                "перечню заболеваний ҚР ДСМ-258/2020.",
                "Planned inpatient care is given within the CSHI on the referral of a PHC organisation, for "
                "the diseases of the list of order ҚР ДСМ-258/2020.",
            ),
            when=RESIDENT & PLANNED & ~_GVFMC_SPECIFIC & ~ADMISSION,
            conditions=(("insurance", CSHI), ("referral", REFERRAL)),
            needs=ON_INPATIENT_LIST,
            reading=_READING_62,
        ),
        *in_precedence(
            rule(
                "inpatient.gvfmc_planned",
                "inpatient",
                p("33.3"),
                "gvfmc",
                (
                    "Әлеуметтік маңызы бар ауру кезінде жоспарлы стационарлық көмек ТМККК шеңберінде жолдама "
                    "бойынша көрсетіледі.",
                    "При социально значимом заболевании плановая стационарная помощь оказывается в рамках "
                    "ГОБМП по направлению.",
                    "For a socially significant disease planned inpatient care is given within the GVFMC on "
                    "referral.",
                ),
                when=SS,
                exception_of="inpatient.cshi_planned",
                conditions=(("referral", REFERRAL),),
                reading=_READING_33_3,
            ),
            rule(
                "inpatient.cshi_child_reconstructive",
                "inpatient",
                p("56.3"),
                "cshi",
                (
                    "Бет сүйегі мен басының туа біткен анатомиялық кемістігі бар балаларға реконструктивтік, "
                    "пластикалық операциялар МӘМС жүйесінде жоспарлы нысанда жолдама бойынша жасалады.",
                    "Детям с врождёнными анатомическими дефектами костей лица и черепа реконструктивные и "
                    "пластические операции проводятся в системе ОСМС в плановой форме по направлению.",
                    "Children with congenital anatomical defects of the facial bones and skull get "
                    "reconstructive and plastic surgery within the CSHI, planned, on referral.",
                ),
                when=CHILD & CRANIOFACIAL,
                exception_of="inpatient.cshi_planned",
                conditions=(("insurance", CSHI), ("referral", REFERRAL)),
                reading="56.3 names this care itself, so it is in the CSHI package whatever the list of 62; "
                "the defects are recognised from the diagnosis (ICD-10 Q18, Q35–Q37, Q67.0–Q67.4, Q75).",
            ),
            rule(
                "inpatient.planned_not_on_list",
                "inpatient",
                p("62", "35"),
                "none",
                (
                    "МӘМС жүйесінде жоспарлы стационарлық көмек тек ҚР ДСМ-258/2020 тізбесіндегі аурулар "
                    "бойынша көрсетіледі; бұл диагноз онда жоқ, көмек амбулаториялық жағдайда көрсетіледі.",
                    "В системе ОСМС плановая стационарная помощь оказывается только по заболеваниям перечня "
                    "ҚР ДСМ-258/2020; этого диагноза в нём нет, помощь оказывается амбулаторно.",
                    "Within the CSHI planned inpatient care is given only for the diseases of the list of "
                    "order ҚР ДСМ-258/2020; this diagnosis is not on it, and the care is given as an "
                    "outpatient.",
                ),
                when=OFF_INPATIENT_LIST,
                exception_of="inpatient.cshi_planned",
            ),
        ),
        # --- Emergency: CSHI for its participants by the list (56.4, 62), the priority groups whatever the
        # list (62, 4th part); GVFMC for those outside it (33.4), from 2027-01-01 only in life-threatening
        # conditions or by the authorised body's list (34). Urgent hospital admissions are read as emergency
        # ones: chapter 2 §5 and chapter 3 §3 know only the emergency and planned forms.
        rule(
            "inpatient.cshi_emergency",
            "inpatient",
            p("56.4", "62"),
            "cshi",
            (
                "Шұғыл стационарлық көмек МӘМС жүйесінде оның қатысушыларына ҚР ДСМ-258/2020 тізбесі "
                "бойынша көрсетіледі.",
                "Экстренная стационарная помощь оказывается в системе ОСМС её участникам по перечню "
                "ҚР ДСМ-258/2020.",
                "Emergency inpatient care is given within the CSHI to its participants, by the list of order "
                "ҚР ДСМ-258/2020.",
            ),
            when=RESIDENT & NOT_PLANNED & ~_GVFMC_SPECIFIC & ~ADMISSION,
            conditions=(("insurance", CSHI),),
            needs=ON_INPATIENT_LIST,
            reading=_READING_62,
        ),
        *in_precedence(
            rule(
                "inpatient.gvfmc_emergency_socially_significant",
                "inpatient",
                # 33.4: emergency-form GVFMC care; 56.4 and 62 (2nd part): its exception of GVFMC diseases.
                p("33", "33.4", "56.4", "62"),
                "gvfmc",
                (
                    "ТМККК шеңберіндегі аурулар (әлеуметтік маңызы бар) МӘМС-тен алынып тасталады: шұғыл "
                    "көмек ТМККК шеңберінде көрсетіледі.",
                    "Заболевания в рамках ГОБМП (социально значимые) исключены из ОСМС: экстренная помощь "
                    "оказывается в рамках ГОБМП.",
                    "Diseases within the GVFMC (socially significant ones) are excluded from the CSHI: "
                    "emergency care is given within the GVFMC.",
                ),
                when=SS,
                exception_of="inpatient.cshi_emergency",
                reading=_READING_34,
            ),
            rule(
                "inpatient.cshi_emergency_priority_groups",
                "inpatient",
                p("62"),
                "cshi",
                (
                    "18 жасқа дейінгі балаларға, жүкті және босанған әйелдерге, 65 жастан асқан адамдарға "
                    "шұғыл "
                    "стационарлық көмек аурулар тізбесіне қарамастан МӘМС жүйесінде көрсетіледі.",
                    "Детям до 18 лет, беременным, родильницам и лицам старше 65 лет экстренная стационарная "
                    "помощь оказывается в системе ОСМС независимо от перечня заболеваний.",
                    "Children under 18, pregnant and postpartum women and people over 65 get emergency "
                    "inpatient care within the CSHI whatever the list of diseases.",
                ),
                when=CSHI & _PRIORITY_GROUPS,
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
                    "Лицам, не являющимся участниками ОСМС, экстренная стационарная помощь оказывается в "
                    "рамках ГОБМП.",
                    "People outside the CSHI get emergency inpatient care within the GVFMC.",
                ),
                when=NO_CSHI,
                exception_of="inpatient.cshi_emergency",
                valid_to=BEFORE_2027,
            ),
            rule(
                "inpatient.gvfmc_emergency_uninsured_life_threatening",
                "inpatient",
                p("33.4", "34"),
                "gvfmc",
                (
                    "2027 жылғы 1 қаңтардан бастап МӘМС-ке қатыспайтын адамдарға шұғыл стационарлық көмек "
                    "ТМККК шеңберінде өмірге қауіп төндіретін жағдайда не уәкілетті органның шұғыл емдеуге "
                    "жатқызу тізбесі бойынша көрсетіледі.",
                    "С 1 января 2027 года лицам вне ОСМС экстренная стационарная помощь оказывается в рамках "
                    "ГОБМП при угрожающих жизни состояниях или по перечню уполномоченного органа для "
                    "экстренной госпитализации.",
                    "From 1 January 2027 people outside the CSHI get emergency inpatient care within the "
                    "GVFMC "
                    "in life-threatening conditions or by the authorised body's list for emergency "
                    "admission.",
                ),
                when=NO_CSHI & (LIFE_THREATENING | ON_EMERGENCY_LIST),
                exception_of="inpatient.cshi_emergency",
                valid_from=CHANGE_2027,
                reading=_READING_34,
            ),
            rule(
                "inpatient.emergency_uninsured_not_life_threatening",
                "inpatient",
                p("34"),
                "none",
                (
                    "2027 жылғы 1 қаңтардан бастап МӘМС-ке қатыспайтын адамдарға шұғыл стационарлық көмек "
                    "ТМККК шеңберінде тек өмірге қауіп төнгенде не шұғыл емдеуге жатқызу тізбесі бойынша "
                    "көрсетіледі; басқа жағдайда МӘМС-ке қатысу қажет.",
                    "С 1 января 2027 года лицам вне ОСМС экстренная стационарная помощь в рамках ГОБМП "
                    "оказывается только при угрозе жизни или по перечню для экстренной госпитализации; в "
                    "остальных случаях необходимо участие в ОСМС.",
                    "From 1 January 2027 people outside the CSHI get emergency inpatient care within the "
                    "GVFMC "
                    "only when life is threatened or by the list for emergency admission; otherwise CSHI "
                    "participation is needed.",
                ),
                # Insurance would give it: to the priority groups whatever the list, to others on the list.
                when=NO_CSHI & (_PRIORITY_GROUPS | ~OFF_INPATIENT_LIST),
                exception_of="inpatient.cshi_emergency",
                valid_from=CHANGE_2027,
                missing=("insurance",),
            ),
            rule(
                "inpatient.emergency_not_on_list",
                "inpatient",
                p("62", "35"),
                "none",
                (
                    "МӘМС жүйесінде шұғыл стационарлық көмек ҚР ДСМ-258/2020 тізбесіндегі аурулар бойынша "
                    "көрсетіледі; бұл диагноз онда жоқ, қабылдау бөлімшесінен кейін пациент амбулаториялық "
                    "емдеуге жіберіледі.",
                    "В системе ОСМС экстренная стационарная помощь оказывается по заболеваниям перечня "
                    "ҚР ДСМ-258/2020; этого диагноза в нём нет, после приёмного отделения пациент "
                    "направляется на амбулаторное лечение.",
                    "Within the CSHI emergency inpatient care is given for the diseases of the list of order "
                    "ҚР ДСМ-258/2020; this diagnosis is not on it, and after the admission department the "
                    "patient is sent to outpatient care.",
                ),
                when=~_PRIORITY_GROUPS & OFF_INPATIENT_LIST,
                exception_of="inpatient.cshi_emergency",
            ),
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
            when=RESIDENT & ADMISSION & ~_GVFMC_SPECIFIC & CSHI & ~SS,
        ),
        # 56.4 takes the admission department's work out of the CSHI "ТМККК шеңберінде ауруларды емдеу
        # жағдайларын қоспағанда" as it does the rest of emergency care (audit, third pass): for a socially
        # significant disease of a participant it is GVFMC care (33), as the emergency admission itself is
        # (`inpatient.gvfmc_emergency_socially_significant`).
        rule(
            "inpatient.admission_department_gvfmc_socially_significant",
            "inpatient",
            p("33", "33.4", "35", "56.4"),
            "gvfmc",
            (
                "Әлеуметтік маңызы бар ауру кезінде қабылдау бөлімшесінде диагноз қойылғанға дейінгі "
                "іс-шаралар МӘМС қатысушыларына да ТМККК шеңберінде жүргізіледі: ТМККК шеңберіндегі "
                "аурулар МӘМС-тен алынып тасталады.",
                "При социально значимом заболевании мероприятия в приёмном отделении до установления "
                "диагноза и участникам ОСМС проводятся в рамках ГОБМП: заболевания в рамках ГОБМП исключены "
                "из ОСМС.",
                "For a socially significant disease the admission department's work until a diagnosis is "
                "given within the GVFMC to CSHI participants too: diseases within the GVFMC are excluded "
                "from the CSHI.",
            ),
            when=RESIDENT & ADMISSION & ~_GVFMC_SPECIFIC & CSHI & SS,
        ),
    ]
