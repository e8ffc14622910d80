# ruff: noqa: E501  (evidence sentences read better unbroken)
"""Which form or type of care each column of the unified classifier is (`monitoring-rules` app1).

The seed lost the column headers. The table was printed in two halves that repeat the row number: the left
half (row, code, name and 8 penalty cells, 9 in rows 19-22) and the right half, whose header numbers its
columns "1 12 13 14 15 16 17 18 19" (so the left half held columns 1-11: row, code, name, 4-11) and whose
column 19 says significant / insignificant. Positions: L1..L9 (left, by order), R12..R18 (right, by number).
Each inference below cites the cells it rests on; `classifier_columns.yaml` is written from this and can be
replaced by a user's file (KEPIL_CLASSIFIER_COLUMNS, or `--columns` on the command line).
"""

from __future__ import annotations

from typing import Any

HOSPITAL_EVIDENCE = [
    "In every row the text shows, this column has the same cell as the other hospital-type columns L5-L8 (3.0: 50 %, 3.3: +, 4.0: 100 %, 5.0: 300 %, 9.0: 100 %, 10.0: 50 %, 11.0: 100 %, 12.0: 50 %), so the content cannot tell them apart.",
    "Inpatient-type defects apply (3.3 +, 4.0 100 % readmission, 9.0 100 % death, 10.0 50 % diagnosis mismatch) and outpatient referral defects (1.2, 3.1, 3.2) do not: a hospital-type form of care paid per case as a % of its cost.",
    "3.4 (round-the-clock care instead of day hospital) is '-' here: not the round-the-clock column L4.",
]


def col(
    position: str,
    cid: str,
    kk: str,
    ru: str,
    en: str,
    care_kinds: list[str],
    confidence: str,
    evidence: list[str],
    published_column: int | None,
    **extra: Any,
) -> dict[str, Any]:
    return {
        "position": position,
        "id": cid,
        "published_column": published_column,
        "name": {"kk": kk, "ru": ru, "en": en},
        "care_kinds": care_kinds,
        "confidence": confidence,
        "evidence": evidence,
        **extra,
    }


COLUMNS: list[dict[str, Any]] = [
    col(
        "L1",
        "phc",
        "МСАК (КЖН/ЖБН еселігінде)",
        "ПМСП (в кратности КПН/ПН)",
        "PHC (multiples of the comprehensive / per-capita norm)",
        ["phc"],
        "high",
        [
            "Its penalties are multiples of 'КЖН /ЖБН' (3.0: 10, 5.0: 100, 8.0: 30, 9.0: 50, 10.0: 20, 11.0: 30, 12.0: 50): PHC is paid by the comprehensive per-capita norm, plus a per-capita norm for urgent calls of category 4 (program-2026-2028 app2.2).",
            "9.0 names death 'at the АЕК (outpatient-polyclinic) level' and fills this column (50 КЖН /ЖБН) while L2 and L3 are '-'.",
            "Inpatient-only defects 3.3, 3.4 and 4.0 are '-'.",
        ],
        4,
    ),
    col(
        "L2",
        "consultative_diagnostic",
        "Консультациялық-диагностикалық қызметтер (құнынан %)",
        "Консультативно-диагностические услуги (% от стоимости)",
        "Consultative-diagnostic services (% of the service cost)",
        ["outpatient_specialized"],
        "medium",
        [
            "1.2 (unjustified referral to / provision of clinical-diagnostic services), 3.1 (more treatment and diagnostic services) and 3.2 (dearer clinical-diagnostic services) are '+'.",
            "Inpatient defects 3.3, 3.4, 4.0 and deaths 9.0 are '-'; penalties are % of cost (3.0: 100 %, 5.0: 300 %): a form paid per service, as consultative-diagnostic services are (program-2026-2028 app2.3 item 1).",
        ],
        5,
    ),
    col(
        "L3",
        "outpatient_other",
        "Амбулаториялық жағдайдағы өзге мамандандырылған көмек (құнынан %)",
        "Иная специализированная помощь в амбулаторных условиях (% от стоимости)",
        "Other specialised outpatient care (% of cost)",
        ["outpatient_specialized", "screening"],
        "low",
        [
            "Same pattern as L2 (1.2, 3.1, 3.2 '+'; 3.3, 3.4, 4.0, 9.0, 10.0 '-'), so an outpatient form paid per service or case, but 3.0 is 50 % here against 100 % in L2: a different outpatient form.",
            "Read as the other outpatient methods of program-2026-2028 app2.3 (mobile teams, school pupils, mobile complexes, preventive examinations and screening); the text does not name it.",
        ],
        6,
    ),
    col(
        "L4",
        "inpatient",
        "Тәулік бойғы стационар (құнынан %)",
        "Круглосуточный стационар (% от стоимости)",
        "Round-the-clock inpatient care (% of cost)",
        ["inpatient"],
        "high",
        [
            "3.4 (a case treated round-the-clock when day-hospital care was indicated) fills this column only among L1-L8 (60 %): the defect is charged to the round-the-clock case.",
            "3.3 '+', 4.0 100 % (readmission within 30 days of inpatient treatment), 9.0 100 % (death), 10.0 50 % (clinical vs pathological diagnosis).",
        ],
        7,
    ),
    col(
        "L5",
        "hospital_form_a",
        "Стационарлық типтегі көмек (A), бағаны анықталмаған",
        "Стационарный вид помощи (A), графа не определена",
        "Hospital-type care (A), column not identified",
        [],
        "low",
        HOSPITAL_EVIDENCE,
        8,
        candidates=["day_hospital", "inpatient", "rehabilitation", "palliative"],
    ),
    col(
        "L6",
        "hospital_form_b",
        "Стационарлық типтегі көмек (B), бағаны анықталмаған",
        "Стационарный вид помощи (B), графа не определена",
        "Hospital-type care (B), column not identified",
        [],
        "low",
        HOSPITAL_EVIDENCE,
        9,
        candidates=["day_hospital", "inpatient", "rehabilitation", "palliative"],
    ),
    col(
        "L7",
        "hospital_form_c",
        "Стационарлық типтегі көмек (C), бағаны анықталмаған",
        "Стационарный вид помощи (C), графа не определена",
        "Hospital-type care (C), column not identified",
        [],
        "low",
        HOSPITAL_EVIDENCE,
        10,
        candidates=["day_hospital", "inpatient", "rehabilitation", "palliative"],
    ),
    col(
        "L8",
        "hospital_form_d",
        "Стационарлық типтегі көмек (D), бағаны анықталмаған",
        "Стационарный вид помощи (D), графа не определена",
        "Hospital-type care (D), column not identified",
        [],
        "low",
        HOSPITAL_EVIDENCE,
        11,
        candidates=["day_hospital", "inpatient", "rehabilitation", "palliative"],
    ),
    col(
        "L9",
        "left_extra",
        "Сол жақ бөліктің 9-ұяшығы (тек 19-22-жолдар)",
        "9-я ячейка левой части (только строки 19-22)",
        "Ninth left-half cell (rows 19-22 only)",
        [],
        "low",
        [
            "Only rows 19-22 (7.0, 8.0, 9.0, 10.0) and one orphan fragment have a 9th left-half cell, while the right half's numbering leaves room for 8 (columns 4-11).",
            "Its cells equal the hospital-type cells of their rows (0, 50 %, 100 %, 50 %); kept as published, unmapped.",
        ],
        None,
    ),
    col(
        "R12",
        "ambulance",
        "Жедел медициналық жәрдем (ЖБН еселігінде)",
        "Скорая медицинская помощь (в кратности ПН)",
        "Ambulance (multiples of the per-capita norm)",
        ["ambulance"],
        "medium",
        [
            "Header fragment '...ндағы нор мативінің еселігінде)' ('in multiples of the ... per-capita norm'); cells are ЖБН multiples (20, 100, 15, 25, 100, 50 ЖБН). Ambulance is paid by the per-capita norm per inhabitant (program-2026-2028 app2.1).",
            "9.0 names death 'at the ambulance level': 100 ЖБН here.",
            "Volume and inpatient defects 3.0, 3.3, 3.4, 4.0 are '-': a per-capita payment has no volume to inflate.",
        ],
        12,
    ),
    col(
        "R13",
        "rural_comprehensive",
        "Ауыл халқына көмек (КЖН еселігінде)",
        "Помощь сельскому населению (в кратности КПН)",
        "Care for the rural population (multiples of the comprehensive per-capita norm)",
        ["phc", "outpatient_specialized", "day_hospital", "inpatient"],
        "medium",
        [
            "Cells are КЖН multiples, yet inpatient defects apply: 3.3 '+', 3.4 10 КЖН, 4.0 15 КЖН. The one comprehensive per-capita payment that covers inpatient care is the rural one (PHC, day-hospital, inpatient and home care for the rural population, program-2026-2028 app2.9).",
            "Header fragment '...(БЖН)': read as БЖЖБН, the basic comprehensive per-capita norm of the abbreviation list.",
        ],
        13,
        population="rural",
    ),
    col(
        "R14",
        "tuberculosis",
        "Туберкулез (КТ еселігінде)",
        "Туберкулёз (в кратности КТ)",
        "Tuberculosis (multiples of the complex tariff)",
        ["outpatient_specialized", "inpatient", "rehabilitation", "palliative"],
        "low",
        [
            "Header fragment 'тарифтің (К Т) еселігі' and КТ cells: complex tariffs pay for TB, HIV and mental health (program-2026-2028 app2.11-13); R14-R16 are read in app2's order.",
            "The largest multiples for deaths (9.0: 6 КТ) and diagnosis mismatch (10.0: 3 КТ) fit TB care, which includes inpatient treatment and surgery (app2.11).",
        ],
        14,
    ),
    col(
        "R15",
        "hiv",
        "АИТВ инфекциясы (КТ еселігінде)",
        "ВИЧ-инфекция (в кратности КТ)",
        "HIV (multiples of the complex tariff)",
        ["outpatient_specialized"],
        "low",
        [
            "Header fragment 'тарифтің еселігі (К Т)' and КТ cells; second of the three complex-tariff directions in app2's order (app2.12).",
            "Smaller multiples (9.0: 1 КТ, 10.0: 0,5 КТ, row 14: 0,3 КТ) fit an outpatient per-person tariff.",
        ],
        15,
    ),
    col(
        "R16",
        "mental_health",
        "Психикалық денсаулық (КТ / құнынан %)",
        "Психическое здоровье (КТ / % от стоимости)",
        "Mental health (complex tariff / % of cost)",
        ["outpatient_specialized", "inpatient"],
        "medium",
        [
            "Cells like '1 КТ / 100 %' and '3 КТ / 300 %' (header fragment '/қызмет құнынан)'): a complex tariff or a % of the service cost. Mental health is the direction paid both by a complex tariff (centres) and per case / bed-day (republican organisations), program-2026-2028 app2.13.",
            "Volume inflation 3.0 is 100 % (possible in per-case payment), unlike the per-patient tariffs R14-R15.",
        ],
        16,
    ),
    col(
        "R17",
        "pathology",
        "Патологиялық-анатомиялық диагностика (құнынан %)",
        "Патологоанатомическая диагностика (% от стоимости)",
        "Pathology (% of the service cost)",
        ["pathology"],
        "low",
        [
            "Cells are % of the service cost; diagnostic-service defects 1.2, 3.1, 3.2 apply, deaths 9.0 and diagnosis mismatch 10.0 do not (a pathology provider establishes the reference diagnosis, it is not judged by it); waiting 7.0 applies (0).",
            "Not named by the text; pathology is a care kind of program-2026-2028 47-49 without a row of its own elsewhere in this table.",
        ],
        17,
    ),
    col(
        "R18",
        "blood",
        "Қан қызметі (құнынан %)",
        "Служба крови (% от стоимости)",
        "Blood service (% of the service cost)",
        ["blood"],
        "low",
        [
            "Cells are % of the service cost; diagnostic-service defects 1.2, 3.1, 3.2 apply (blood-component tests, HLA and reference tests, program-2026-2028 app2.14), deaths 9.0 and mismatch 10.0 do not.",
            "Waiting 7.0 is '-' here only: no patient waits for blood-service products.",
        ],
        18,
    ),
]
