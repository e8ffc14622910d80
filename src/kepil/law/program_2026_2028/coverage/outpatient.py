"""Specialised outpatient care (GVFMC 24–27; CSHI 56.1, 58–59) and dental care (58.4, 59.2)."""

from __future__ import annotations

from kepil.engine.expr import Expr, false, true
from kepil.engine.rules import Rule
from kepil.law.program_2026_2028.coverage.common import (
    CHILD,
    CRANIOFACIAL,
    CSHI,
    DANGEROUS,
    NO_CSHI,
    NOT_PLANNED,
    ON_DENTAL_LIST,
    PLANNED,
    PREGNANT,
    REFERRAL_OR_WAIVED,
    RESIDENT,
    SS,
    TRAUMA,
    activity,
    in_precedence,
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
# 58.4: planned dental care for children and pregnant women leaves out orthodontic and orthopaedic care;
# orthodontic care is given to children with congenital maxillofacial pathology.
_ORTHO = activity("orthodontic", "orthopaedic")
# 58.4's four parts, named once: the resident rules below and the CSHI care of temporary residents who take
# part in it (migrant_care_rules.coverage, phc-attachment-rules 3-1) read the same conditions.
DENTAL_EMERGENCY: Expr = NOT_PLANNED & ON_DENTAL_LIST
DENTAL_ORTHODONTIC_CONGENITAL: Expr = PLANNED & CHILD & activity("orthodontic") & CRANIOFACIAL
DENTAL_ORTHO_EXCLUDED: Expr = PLANNED & (CHILD | PREGNANT) & _ORTHO
DENTAL_PLANNED: Expr = PLANNED & (CHILD | PREGNANT)
# What the CSHI pays in dental care (58.4), and what it is known not to (conditions are two-valued: an
# unknown emergency category is in neither).
DENTAL_CSHI: Expr = (
    DENTAL_EMERGENCY | DENTAL_ORTHODONTIC_CONGENITAL | (DENTAL_PLANNED & ~DENTAL_ORTHO_EXCLUDED)
)
DENTAL_NOT_CSHI: Expr = (
    (PLANNED & ~(CHILD | PREGNANT))
    | (DENTAL_ORTHO_EXCLUDED & ~DENTAL_ORTHODONTIC_CONGENITAL)
    | (NOT_PLANNED & false("on_dental_emergency_list"))
)
# Why dental care is not the CSHI's (58.4): one text for residents and the CSHI's temporary residents.
DENTAL_NOT_CSHI_TEXT = (
    "МӘМС жүйесінде стоматологиялық көмек тек ҚР ДСМ-106/2020 бұйрығындағы санаттарға (шұғыл) және "
    "балалар мен жүкті әйелдерге (жоспарлы, ортодонтия мен ортопедиядан басқа) көрсетіледі.",
    "В системе ОСМС стоматологическая помощь оказывается только категориям приказа ҚР ДСМ-106/2020 "
    "(экстренная) и детям и беременным (плановая, кроме ортодонтии и ортопедии).",
    "Within the CSHI dental care is given only to the categories of order ҚР ДСМ-106/2020 "
    "(emergency) and to children and pregnant women (planned, not orthodontics or prosthetics).",
)
# 59.6 reading (the referral waiver inside one completed case and for the ҚР ДСМ-149/2020 list).
_READING_59_6 = (
    "59.6 waives the referral within one completed case and for the chronic diseases of order "
    "ҚР ДСМ-149/2020 (service.within_completed_case, service.on_dynamic_observation_list). It stands in "
    "chapter 3, but 26–27 put the dynamic observation of socially significant diseases under the same order "
    "into GVFMC: the observation's visits are scheduled by the order, not by new referrals, so the waiver is "
    "read for them too. A diagnosis kepil's partial list does not hold leaves the waiver unknown: the answer "
    "requires the referral and names the list. 59.5's self-referral to a youth health centre is read the "
    "same way: 58.2 names that care as the reproductive and mental health of minors and young people, and "
    "mental disorders are socially significant (GVFMC, 24.1) — a referral asked of them would void 59.5 for "
    "half of what it names."
)
# 59.5 (audit, third pass): "пациенттің жастар денсаулық орталықтарына жүгінуі (өздігінен жүгіну)" — the
# youth health centre is reached without a referral; 58.2 (third part) gives it the mental health of minors
# and young people, whose disorders are socially significant (24.1). Their GVFMC care there needs none.
_YOUTH_CENTRE = activity("youth_health_centre")


# Reading of 24.2's epidemic services (audit, third pass): "кезек күттірмейтін басқа жағдайларда көрсетілетін
# қызметтер, оның ішінде МӘМС ... тұтынушылары болып табылмайтын адамдар үшін елдегі эпидемиологиялық
# ахуалдың нашарлауына әкелетін аурулар кезінде ... мобильді бригада көрсететін қызметтер" — "оның ішінде"
# (including) makes them part of the urgent services, which 25 gives without a referral. So they precede
# 24.1 (socially significant, on referral): tuberculosis or HIV of a person outside the CSHI is the mobile
# team's GVFMC care without a referral, not a visit refused for want of one.
_READING_24_2_EPIDEMIC = (
    "24.2 names the mobile team's care for people outside the CSHI with a disease that worsens the epidemic "
    "situation (or is suspected of it) 'including' among the urgent services that 25 gives without a "
    "referral: no referral is asked, and it takes precedence over 24.1, so a disease that is both dangerous "
    "to others and socially significant (tuberculosis, HIV) is not refused for want of one."
)


def rules() -> list[Rule]:
    return [
        # --- CSHI: specialists' care on the referral of a PHC doctor (58.2), GVFMC cases excepted (56.1);
        # dynamic observation of chronic diseases (58.3) and a completed case without referral (59.6).
        rule(
            "outpatient.cshi",
            "outpatient_specialized",
            p("56.1", "58.2", "58.3", "59.6"),
            "cshi",
            (
                "Амбулаториялық мамандандырылған көмек МӘМС жүйесінде МСАК дәрігерінің жолдамасы бойынша "
                "көрсетіледі (бір аяқталған жағдай шеңберінде және динамикалық байқаудағы созылмалы аурулар "
                "бойынша жолдамасыз).",
                "Специализированная амбулаторная помощь в системе ОСМС оказывается по направлению врача "
                "ПМСП (в рамках одного законченного случая и по хроническим заболеваниям под динамическим "
                "наблюдением — без направления).",
                "Specialised outpatient care within the CSHI is given on the referral of a PHC doctor "
                "(within one completed case, and for chronic diseases under dynamic observation, without "
                "one).",
            ),
            when=RESIDENT,
            conditions=(("insurance", CSHI), ("referral", REFERRAL_OR_WAIVED)),
            reading=_READING_59_6,
        ),
        *in_precedence(
            rule(
                "outpatient.gvfmc_urgent_or_trauma",
                "outpatient_specialized",
                p("24.2", "25", "59.1"),
                "gvfmc",
                (
                    "Жарақат, улану немесе кезек күттірмейтін жағдайда амбулаториялық көмек ТМККК шеңберінде "
                    "жолдамасыз көрсетіледі.",
                    "При травме, отравлении или неотложном состоянии амбулаторная помощь оказывается в "
                    "рамках "
                    "ГОБМП без направления.",
                    "For a trauma, poisoning or another urgent condition outpatient care is given within the "
                    "GVFMC without a referral.",
                ),
                when=URGENT_OR_TRAUMA,
                exception_of="outpatient.cshi",
            ),
            rule(
                "outpatient.gvfmc_epidemic",
                "outpatient_specialized",
                p("24.2"),
                "gvfmc",
                (
                    "МӘМС-ке қатыспайтын адамдарға эпидемиологиялық ахуалды нашарлататын аурулар кезінде "
                    "көмекті ТМККК шеңберінде мобильді бригада көрсетеді.",
                    "Лицам, не являющимся потребителями ОСМС, при заболеваниях, ухудшающих "
                    "эпидемиологическую ситуацию, помощь в рамках ГОБМП оказывает мобильная бригада.",
                    "For people outside the CSHI with a disease that worsens the epidemic situation, mobile "
                    "teams give care within the GVFMC.",
                ),
                when=DANGEROUS & NO_CSHI,
                exception_of="outpatient.cshi",
                reading=_READING_24_2_EPIDEMIC,
            ),
            rule(
                "outpatient.gvfmc_socially_significant",
                "outpatient_specialized",
                p("24.1", "25", "26", "27"),
                "gvfmc",
                (
                    "Әлеуметтік маңызы бар аурулардың диагностикасы, емі және динамикалық байқауы ТМККК "
                    "шеңберінде маман жолдамасы бойынша не байқау кестесі бойынша жүргізіледі.",
                    "Диагностика, лечение и динамическое наблюдение социально значимых заболеваний "
                    "проводятся "
                    "в рамках ГОБМП по направлению специалиста или по графику наблюдения.",
                    "Diagnosis, treatment and dynamic observation of socially significant diseases are given "
                    "within the GVFMC on a specialist's referral or on the observation's schedule.",
                ),
                when=SS,
                exception_of="outpatient.cshi",
                conditions=(("referral", REFERRAL_OR_WAIVED | _YOUTH_CENTRE),),
                reading=_READING_59_6,
            ),
            rule(
                "outpatient.cshi_dermatovenereology",
                "outpatient_specialized",
                p("58.2", "59.3"),
                "cshi",
                (
                    "Дерматовенерология бейініндегі аурулар бойынша бейінді маманға МӘМС жүйесінде "
                    "жолдамасыз "
                    "жүгінуге болады.",
                    "К профильному специалисту по дерматовенерологическим заболеваниям в системе ОСМС можно "
                    "обратиться без направления.",
                    "A dermatovenereologist may be seen within the CSHI without a referral.",
                ),
                when=DERMATOVENEREOLOGY,
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
                    "қоюдан басқа).",
                    "К акушеру-гинекологу в системе ОСМС можно обратиться без направления (кроме постановки "
                    "на учёт по беременности).",
                    "An obstetrician-gynaecologist may be seen within the CSHI without a referral (except to "
                    "register a pregnancy).",
                ),
                when=OBGYN,
                exception_of="outpatient.cshi",
                conditions=(("insurance", CSHI),),
                reading="59.4 is recognised from the diagnosis (ICD-10 N70–N98, O00–O99, D25–D28, Z01.4, "
                "Z30–Z32, Z39; Z34–Z35 supervision, where registration is made, is not). 58.2's second "
                "part (pregnant, postpartum women, gynaecological "
                "pathology by order ҚР ДСМ-92) is this care.",
            ),
            rule(
                "outpatient.cshi_youth_health_centre",
                "outpatient_specialized",
                p("58.2", "59.5"),
                "cshi",
                (
                    "Жастар денсаулық орталығына (кәмелетке толмағандар мен жастардың репродуктивті және "
                    "психикалық денсаулығы) МӘМС жүйесінде жолдамасыз өздігінен жүгінуге болады.",
                    "В молодёжный центр здоровья (репродуктивное и психическое здоровье несовершеннолетних и "
                    "молодёжи) в системе ОСМС можно обратиться самостоятельно, без направления.",
                    "A youth health centre (reproductive and mental health of minors and young people) may "
                    "be "
                    "visited within the CSHI on one's own, without a referral.",
                ),
                when=_YOUTH_CENTRE,
                exception_of="outpatient.cshi",
                conditions=(("insurance", CSHI),),
                reading="58.2's third part gives minors aged 10 to 18 and young people this care under order "
                "No. 12; 'young people' has no age in the seeds, so no age is checked.",
            ),
            rule(
                "outpatient.cshi_laboratory",
                "outpatient_specialized",
                p("58.5", "56.1"),
                "cshi",
                (
                    "ҚР ДСМ-257/2020 тізбесі бойынша зертханалық диагностика МӘМС жүйесінде жолдама бойынша "
                    "жүргізіледі.",
                    "Лабораторная диагностика по перечню ҚР ДСМ-257/2020 проводится в системе ОСМС по "
                    "направлению.",
                    "Laboratory diagnostics by the list of order ҚР ДСМ-257/2020 is done within the CSHI on "
                    "referral.",
                ),
                when=activity("laboratory"),
                exception_of="outpatient.cshi",
                conditions=(("insurance", CSHI), ("referral", REFERRAL_OR_WAIVED)),
            ),
            rule(
                "outpatient.cshi_procedure",
                "outpatient_specialized",
                p("58.6", "56.1"),
                "cshi",
                (
                    "ҚР ДСМ-136/2020 тізбесі бойынша емшаралар мен манипуляциялар МӘМС жүйесінде жолдама "
                    "бойынша жүргізіледі.",
                    "Процедуры и манипуляции по перечню ҚР ДСМ-136/2020 проводятся в системе ОСМС по "
                    "направлению.",
                    "Procedures and manipulations by the list of order ҚР ДСМ-136/2020 are done within the "
                    "CSHI on referral.",
                ),
                when=activity("procedure"),
                exception_of="outpatient.cshi",
                conditions=(("insurance", CSHI), ("referral", REFERRAL_OR_WAIVED)),
            ),
        ),
        # --- Dental care within CSHI (58.4), without referral (59.2).
        rule(
            "dental.not_covered",
            "dental",
            p("58.4"),
            "none",
            DENTAL_NOT_CSHI_TEXT,
            when=RESIDENT,
        ),
        *in_precedence(
            rule(
                "dental.emergency_categories",
                "dental",
                p("58.4", "59.2"),
                "cshi",
                (
                    "Халықтың жекелеген санаттарына шұғыл стоматологиялық көмек МӘМС жүйесінде жолдамасыз "
                    "көрсетіледі.",
                    "Отдельным категориям населения экстренная стоматологическая помощь оказывается в "
                    "системе "
                    "ОСМС без направления.",
                    "Certain categories of the population get emergency dental care within the CSHI without "
                    "a "
                    "referral.",
                ),
                when=DENTAL_EMERGENCY,
                exception_of="dental.not_covered",
                conditions=(("insurance", CSHI),),
                reading="The categories of order ҚР ДСМ-106/2020 are not in the seeds: kepil holds children "
                "and pregnant women as certainly on it (58.4 gives them planned care too); for anyone else "
                "person.on_dental_emergency_list decides, and without it the answer names it.",
            ),
            rule(
                "dental.orthodontic_congenital_child",
                "dental",
                p("58.4"),
                "cshi",
                (
                    "Жақ-бетінің туа біткен патологиясы бар балаларға ортодонтиялық көмек МӘМС жүйесінде "
                    "ҚР ДСМ-37 тізбесі бойынша көрсетіледі.",
                    "Детям с врождённой челюстно-лицевой патологией ортодонтическая помощь оказывается в "
                    "системе ОСМС по перечню ҚР ДСМ-37.",
                    "Children with congenital maxillofacial pathology get orthodontic care within the CSHI "
                    "by "
                    "the list of order ҚР ДСМ-37.",
                ),
                when=DENTAL_ORTHODONTIC_CONGENITAL,
                exception_of="dental.not_covered",
                conditions=(("insurance", CSHI),),
                reading="The congenital maxillofacial pathology is recognised from the diagnosis (ICD-10 "
                "Q18, Q35–Q37, Q67.0–Q67.4, Q75).",
            ),
            rule(
                "dental.orthodontic_orthopaedic_excluded",
                "dental",
                p("58.4"),
                "none",
                (
                    "Балалар мен жүкті әйелдерге жоспарлы стоматологиялық көмек ортодонтиялық және "
                    "ортопедиялық көмекті қамтымайды.",
                    "Плановая стоматологическая помощь детям и беременным не включает ортодонтическую и "
                    "ортопедическую помощь.",
                    "Planned dental care for children and pregnant women leaves out orthodontic and "
                    "orthopaedic care.",
                ),
                when=DENTAL_ORTHO_EXCLUDED,
                exception_of="dental.not_covered",
            ),
            rule(
                "dental.planned_children_pregnant",
                "dental",
                p("58.4", "59.2"),
                "cshi",
                (
                    "Балалар мен жүкті әйелдерге жоспарлы стоматологиялық көмек (ортодонтия мен ортопедиядан "
                    "басқа) МӘМС жүйесінде жолдамасыз көрсетіледі.",
                    "Детям и беременным плановая стоматологическая помощь (кроме ортодонтии и ортопедии) "
                    "оказывается в системе ОСМС без направления.",
                    "Children and pregnant women get planned dental care (not orthodontics or prosthetics) "
                    "within the CSHI without a referral.",
                ),
                when=DENTAL_PLANNED,
                exception_of="dental.not_covered",
                conditions=(("insurance", CSHI),),
            ),
        ),
    ]
