# ruff: noqa: E501  (a table of translated names: long string literals are clearer unbroken)
"""The structure of `program-2026-2028` appendix 2 (payment methods), declared once for the extractor.

The flattened PDF text keeps each table cell as a run of lines but loses the column boundaries. This spec
names, in published order, the first words of every cell (an *anchor*: the start of a line) and what the
cell is; `extract_payment_methods.py` cuts the seed at these anchors, so every Kazakh text in the data file
comes from the seed, and it fails if an anchor is missing, out of order, or a line is left over.

Each method: (code, anchor, kinds, ru, en, extra fields). Translations (ru, en) are ours, not the act's.
"""

from __future__ import annotations

from typing import Any

# Tariff kinds, each a payment mechanism named by the text (program-2026-2028 app2, column 3).
KINDS: dict[str, str] = {
    "per_capita_norm": "per-capita norm (ЖБН) × attached or served population",
    "comprehensive_per_capita_norm": "comprehensive per-capita norm (КЖН) × attached population",
    "incentive_component": "incentive component for results (PHC)",
    "driver_allowance": "supplement to drivers, a percentage of the base official salary (БЛЖ)",
    "per_service": "tariff per service actually rendered",
    "service_tariff": "tariff of the medical service named",
    "per_attached_pupil": "per attached pupil",
    "per_person_tariff": "tariff per person served",
    "per_case_ccg": "per treated case by clinical cost group: base rate × cost weight",
    "per_case_actual_cost": "per treated case at actual cost (list of diseases, operations, manipulations)",
    "per_bed_day": "per bed-day",
    "per_case_average_cost": "per treated case at the computed average cost",
    "per_case": "per treated case (tariff not named in the cell)",
    "admission_department": "services of the admission department",
    "additional_costs": "payment of additional costs on top of the case payment",
    "medical_economic_tariff": "medical-economic tariff by treatment block (scheme)",
    "complex_tariff": "complex tariff per patient",
    "actual_cost": "actual costs",
    "material_costs": "cost of materials given to the patient",
    "product_provision": "provision of specialised medical food products",
    "rule": "a payment rule or condition rather than a tariff",
    "not_stated": "the cell names what is paid for, not the method (see the Payment Rules, ҚР ДСМ-291/2020)",
}

ONCOLOGY_INCLUDE = "C00-C80, C97, D00-D09, D37-D44, D48"
ONCOLOGY_EXCLUDE = "C81-C96, D45-D47"

M = tuple[str, str, list[str], str, str, dict[str, Any]]


def m(code: str, anchor: str, kinds: list[str], ru: str, en: str, **extra: Any) -> M:
    return (code, anchor, kinds, ru, en, extra)


# Each direction: row (None: the unnumbered row printed after row 14), code, marker line, name anchor,
# ru, en, care kinds of the coverage contract, methods, notes.
DIRECTIONS: list[dict[str, Any]] = [
    {
        "row": 1,
        "code": "ambulance",
        "marker": None,  # the row number shares the line with the name: "1 Жедел медициналық жәрдем"
        "name": "1 Жедел медициналық жәрдем",
        "ru": "Оказание скорой медицинской помощи",
        "en": "Ambulance care",
        "care_kinds": ["ambulance"],
        "methods": [
            m(
                "per_capita_norm",
                "1 тұрғынға жан басына",
                ["per_capita_norm"],
                "Подушевой норматив на 1 жителя",
                "Per-capita norm per inhabitant",
            ),
            m(
                "driver_allowance",
                "Жүргізушілерге БЛЖ 200 %-ы",
                ["driver_allowance"],
                "Доплата водителям в размере 200 % БДО",
                "Supplement to drivers of 200 % of the base salary",
                percent_of_base_salary="200",
            ),
        ],
    },
    {
        "row": 2,
        "code": "phc",
        "marker": "2",
        "name": "Медициналық-санитариялық",
        "ru": "Первичная медико-санитарная помощь",
        "en": "Primary health care",
        "care_kinds": ["phc"],
        "methods": [
            m(
                "comprehensive_per_capita_norm",
                "Кодекстің 7-бабының 82)",
                ["comprehensive_per_capita_norm"],
                "Комплексный подушевой норматив на оказание услуг ПМСП",
                "Comprehensive per-capita norm for PHC services",
            ),
            m(
                "incentive_component",
                "Көтермелеу қағидаларында",
                ["incentive_component"],
                "Стимулирующий компонент за результаты деятельности субъектов ПМСП",
                "Incentive component for the results of PHC providers",
            ),
            m(
                "urgent_care_per_capita_norm",
                "Шақыртудың 4-ші жеделдік",
                ["per_capita_norm"],
                "Подушевой норматив на неотложную помощь прикреплённому населению (4-я категория срочности)",
                "Per-capita norm for urgent care of the attached population (calls of urgency category 4)",
                urgency_category=4,
            ),
            m(
                "pku_products",
                "Құрамында ақуыз аз арнайы емдік",
                ["product_provision"],
                "Обеспечение низкобелковыми и низкофенилаланиновыми лечебными продуктами",
                "Provision of low-protein and low-phenylalanine medical food products",
                care_kinds=["outpatient_drugs"],
            ),
            m(
                "rural_screening",
                "Ауыл халқы қатарындағы",
                ["per_service"],
                "За фактически оказанные услуги скрининга дополнительных целевых групп сельского населения",
                "Per service actually rendered: screening of additional target groups of the rural population",
                care_kinds=["screening"],
            ),
            m(
                "consolidation_per_capita_norm",
                "Қолжетімділікті қамтамасыз ету",
                ["per_capita_norm"],
                "Укрупнение субъектов ПМСП для обеспечения доступности (подушевой норматив)",
                "Consolidation of PHC providers to ensure access (per-capita norm)",
            ),
            m(
                "driver_allowance",
                "Жүргізушілерге БЛЖ 200 %-ы",
                ["driver_allowance"],
                "Доплата водителям в размере 200 % БДО",
                "Supplement to drivers of 200 % of the base salary",
                percent_of_base_salary="200",
            ),
        ],
    },
    {
        "row": 3,
        "code": "outpatient_specialized",
        "marker": "3",
        "name": "Амбулаториялық жағдайдағы",
        "ru": "Специализированная медицинская помощь в амбулаторных условиях",
        "en": "Specialised outpatient care",
        "care_kinds": ["outpatient_specialized"],
        "methods": [
            m(
                "consultative_diagnostic_per_service",
                "Көрсетілген қызмет фактісі",
                ["per_service"],
                "Консультативно-диагностические услуги по факту оказания",
                "Consultative and diagnostic services, paid per service rendered",
            ),
            m(
                "mobile_teams",
                "Мобильді бригадалардың",
                ["service_tariff"],
                "Медицинская помощь мобильными бригадами",
                "Care given by mobile teams",
            ),
            m(
                "school_pupils",
                "МСАК субъектілерінің",
                ["per_attached_pupil"],
                "Помощь учащимся организаций среднего образования (не интернатных), на одного прикреплённого",
                "Care for pupils of (non-boarding) secondary schools, per attached pupil",
            ),
            m(
                "medical_train",
                "Теміржол көлігі базасында",
                ["per_person_tariff"],
                "Передвижные медицинские комплексы на базе железнодорожного транспорта (медицинский поезд), "
                "по тарифу на одного человека",
                "Mobile medical complexes on railway transport (medical train), by the tariff per person",
            ),
            m(
                "mobile_complex_vehicle",
                "Арнайы автокөлік базасында",
                ["service_tariff"],
                "Передвижные медицинские комплексы на базе специального автотранспорта",
                "Mobile medical complexes on special vehicles",
            ),
            m(
                "preventive_examinations_screening",
                "Профилактикалық медициналық",
                ["service_tariff"],
                "Профилактические медицинские осмотры и скрининговые исследования",
                "Preventive medical examinations and screening",
                care_kinds=["screening"],
            ),
        ],
    },
    {
        "row": 4,
        "code": "specialized_hospital_care",
        "marker": "4",
        "name": "Стационарды алмастыратын, стационарлық жағдайларда",
        "ru": "Специализированная медицинская помощь в стационарозамещающих, стационарных условиях и на дому",
        "en": "Specialised care in day-hospital, inpatient and home settings",
        "care_kinds": ["day_hospital", "inpatient"],
        "methods": [
            m(
                "per_case_ccg",
                "Шығын сыйымдылығының",
                ["per_case_ccg"],
                "За пролеченный случай в круглосуточном стационаре по КЗГ с учётом коэффициента затратоёмкости",
                "Per treated case in round-the-clock inpatient care by clinical cost group, with the cost weight",
            ),
            m(
                "per_case_actual_cost_list",
                "Нақты шығыстар бойынша ақы",
                ["per_case_actual_cost"],
                "За пролеченный случай по перечню заболеваний, операций и манипуляций, оплачиваемых "
                "по фактическим расходам",
                "Per treated case from the list of diseases, operations and manipulations paid at actual cost",
            ),
            m("per_bed_day", "Бір төсек-күн үшін", ["per_bed_day"], "За один койко-день", "Per bed-day"),
            m(
                "per_case_average_cost",
                "Есепті орташа құны бойынша",
                ["per_case_average_cost"],
                "За пролеченный случай по расчётной средней стоимости",
                "Per treated case at the computed average cost",
            ),
            m(
                "admission_department",
                "Қабылдау бөлімшесінде",
                ["admission_department"],
                "За услуги в приёмном отделении",
                "Services of the admission department",
            ),
            m(
                "inpatient_per_case_actual_cost",
                "Аурулардың, операциялар мен",
                ["per_case_actual_cost"],
                "За пролеченный случай в круглосуточном стационаре по фактическим расходам по перечню "
                "заболеваний, операций и манипуляций",
                "Per treated case in round-the-clock inpatient care at actual cost, by the list of diseases, "
                "operations and manipulations",
            ),
            m(
                "per_case_with_additional_costs",
                "Қосымша шығыстардың ақысын",
                ["per_case", "additional_costs"],
                "За пролеченный случай в круглосуточном стационаре с оплатой дополнительных расходов",
                "Per treated case in round-the-clock inpatient care with payment of additional costs (row 5)",
            ),
            m(
                "severe_obstetric_neonatal_case",
                "Жүктілік пен босану ағымы ауыр",
                ["per_case"],
                "За пролеченный случай при тяжёлом течении беременности и родов, тяжёлых заболеваниях "
                "новорождённых",
                "Per treated case of severe pregnancy and childbirth, or severe disease of a newborn",
            ),
        ],
    },
    {
        "row": 5,
        "code": "additional_costs",
        "marker": "5",
        "name": "Стационарды алмастыратын, стационар жағдайында",
        "ru": "Оплата поставщикам за СМП в стационарозамещающих, стационарных условиях и на дому, "
        "оплачиваемую по фактическим расходам или по КЗГ: оплата дополнительных расходов",
        "en": "Additional costs paid on top of cases paid at actual cost or by clinical cost group "
        "(day-hospital, inpatient and home care)",
        "care_kinds": ["day_hospital", "inpatient"],
        "methods": [
            # Printed before the row number "5" at a page break, like the first line of row 13's cell: the
            # pages split rows so that a cell's first lines precede the row's number. Its wording
            # ("гемодиализ қызметтерін көрсету үшін") is that of row 5's additional costs, and row 4 already
            # names "payment of additional costs" as one of its methods. Read as row 5's first item.
            m(
                "hemodialysis_terminal_ckd",
                "Негізгі және қосарласқан диагноз",
                ["additional_costs"],
                "Гемодиализ в круглосуточном стационаре больным с терминальной ХПН (основной и сопутствующий "
                "диагноз)",
                "Haemodialysis in round-the-clock inpatient care for end-stage chronic kidney failure "
                "(main or concomitant diagnosis)",
                placement="inferred: printed before the row number",
            ),
            m(
                "hemodialysis_acute_kidney_failure",
                "Дәрі-дәрмек терапиясы тиімсіз",
                ["additional_costs"],
                "Гемодиализ в круглосуточном стационаре при тяжёлом заболевании, осложнённом острой почечной "
                "недостаточностью, при неэффективности медикаментозной терапии",
                "Haemodialysis in round-the-clock inpatient care for severe disease complicated by acute kidney "
                "failure when drug therapy failed",
            ),
            m(
                "nitric_oxide",
                "Өкпе гипертензиясын",
                ["additional_costs"],
                "Применение монооксида азота при лечении лёгочной гипертензии",
                "Nitric oxide for pulmonary hypertension",
            ),
            m(
                "off_list_drugs_devices",
                "Тәулік бойғы стационар жағдайында жүргізілетін",
                ["additional_costs"],
                "Лекарственные средства и медицинские изделия, не входящие в условия Правил оплаты, по жизненным "
                "показаниям",
                "Medicines and devices outside the Payment Rules' conditions, given on vital indications",
            ),
            m(
                "hematologic_chemotherapy",
                "Тәулік бойғы стационар жағдайында химиялық",
                ["additional_costs"],
                "Химиотерапия в круглосуточном стационаре при злокачественных новообразованиях лимфоидной и "
                "кроветворной тканей",
                "Chemotherapy in round-the-clock inpatient care for malignancies of lymphoid and haematopoietic "
                "tissue",
            ),
            m(
                "acute_leukaemia_aplasia",
                "лимфоидты және қан түзуші",
                ["additional_costs"],
                "Лечение острых форм злокачественных новообразований лимфоидной и кроветворной тканей и "
                "депрессии кроветворения",
                "Treatment of acute lymphoid and haematopoietic malignancies and of haematopoietic depression",
            ),
            m(
                "bone_marrow_transplant",
                "сүйек кемігін трансплантаттау",
                ["additional_costs"],
                "Трансплантация костного мозга",
                "Bone-marrow transplantation",
            ),
            m(
                "liver_cirrhosis_fibrosis",
                "бауыр циррозы мен фиброзын",
                ["additional_costs"],
                "Лечение цирроза и фиброза печени",
                "Treatment of liver cirrhosis and fibrosis",
            ),
            m(
                "myasthenia",
                "тәулік бойғы стационарларда миастенияны",
                ["additional_costs"],
                "Лечение миастении в круглосуточном стационаре",
                "Treatment of myasthenia in round-the-clock inpatient care",
            ),
            m(
                "mis_c",
                "тәулік бойғы стационар жағдайында балалар",
                ["additional_costs"],
                "Лечение мультисистемного воспалительного синдрома, ассоциированного с COVID-19, у детей и "
                "подростков",
                "Treatment of COVID-19-associated multisystem inflammatory syndrome in children and adolescents",
            ),
            m(
                "day_hospital_bed_day",
                "күндізгі стационардағы бір",
                ["per_bed_day"],
                "За один койко-день в дневном стационаре",
                "Per bed-day in a day hospital",
                care_kinds=["day_hospital"],
            ),
            m(
                "day_hospital_hematologic_therapy",
                "лимфоидты және қан түзуші",
                ["additional_costs"],
                "Химио- и (или) лучевая терапия в дневном стационаре при злокачественных новообразованиях "
                "лимфоидной и кроветворной тканей",
                "Chemo- and/or radiotherapy in a day hospital for lymphoid and haematopoietic malignancies",
                care_kinds=["day_hospital"],
            ),
            m(
                "home_hospital_case",
                "үйдегі стационарда бір рет",
                ["per_case"],
                "За пролеченный случай в стационаре на дому",
                "Per treated case in a hospital at home",
            ),
        ],
    },
    {
        "row": 6,
        "code": "paediatric_oncology",
        "marker": "6",
        "name": "Онкологиялық ауруларға",
        "ru": "Оплата по медико-экономическим тарифам СМП в стационарозамещающих и стационарных условиях "
        "детям с онкологическими заболеваниями",
        "en": "Medical-economic tariffs for specialised day-hospital and inpatient care of children with cancer",
        "care_kinds": ["day_hospital", "inpatient"],
        "methods": [
            m(
                "medical_economic_tariff",
                "Медициналық-экономикалық",
                ["medical_economic_tariff"],
                "Поэтапная оплата по медико-экономическим тарифам по блокам (схемам) курса лечения",
                "Staged payment by medical-economic tariffs per treatment block (scheme)",
            ),
            m(
                "short_block_withholding",
                "Егер өткізілген төсек-күндердің",
                ["rule"],
                "Удержание 30 % стоимости блока, если проведённые койко-дни составляют 50 % и менее срока блока",
                "30 % of the block's cost withheld when bed-days spent are 50 % or less of the block's term",
                condition={"measure": "bed_days_share_of_block_term", "comparison": "<=", "percent": "50"},
                withheld_percent="30",
            ),
            m(
                "between_blocks_day_hospital",
                "Емдеу блоктары (схемалары)",
                ["rule"],
                "Наблюдение между блоками лечения оплачивается в стационарозамещающих условиях",
                "Observation between treatment blocks is paid as day-hospital care",
                care_kinds=["day_hospital"],
            ),
            m(
                "rehabilitation_co_executors",
                "Онкологиялық аурулары бар",
                ["rule"],
                "Реабилитация: поставщик привлекает соисполнителей по согласованию с Фондом",
                "Rehabilitation: the provider engages co-executors in agreement with the Fund",
                care_kinds=["rehabilitation"],
            ),
            m(
                "outpatient_stage_drugs",
                "Амбулаториялық емдеу кезеңі бар",
                ["rule"],
                "Лекарства на амбулаторный этап выдаются после стационарного курса; оплата по накладной в ИС "
                "«Электронный регистр стационарных больных»",
                "Medicines for the outpatient stage are given after the inpatient course and paid on a scanned "
                "waybill in the 'Electronic register of inpatients'",
                care_kinds=["outpatient_drugs"],
            ),
        ],
    },
    {
        "row": 7,
        "code": "day_hospital_haemodialysis",
        "marker": "7",
        "name": "Күндізгі стационар жағдайында",
        "ru": "Оплата услуг гемодиализа в условиях дневного стационара",
        "en": "Haemodialysis in a day hospital",
        "care_kinds": ["day_hospital"],
        "methods": [
            m(
                "per_service",
                "Нақты көрсетілген қызметтерге",
                ["per_service"],
                "По тарифу за фактически оказанные услуги",
                "By the tariff per service actually rendered",
            ),
        ],
    },
    {
        "row": 8,
        "code": "peritoneal_dialysis",
        "marker": "8",
        "name": "Перитонеалды диализ қызметтері",
        "ru": "Оплата услуг перитонеального диализа",
        "en": "Peritoneal dialysis",
        "care_kinds": ["inpatient"],
        "methods": [
            m(
                "ccg_plus_sessions",
                "Тәулік бойғы стационар жағдайында альбуминді",
                ["per_case_ccg", "service_tariff", "material_costs"],
                "КЗГ основного диагноза или операции плюс сеансы по тарифу; стоимость материалов для "
                "самостоятельного перитонеального диализа",
                "Clinical cost group of the main diagnosis or operation plus sessions by tariff; cost of "
                "materials given for self-performed peritoneal dialysis",
            ),
        ],
    },
    {
        "row": 9,
        "code": "rural_population",
        "marker": "9",
        "name": "Ауыл халқына медициналық",
        "ru": "Оплата за оказание медицинской помощи сельскому населению",
        "en": "Care for the rural population",
        "care_kinds": ["phc", "outpatient_specialized", "day_hospital", "inpatient"],
        "methods": [
            m(
                "rural_care_package",
                '"Халық денсаулығы және',
                ["not_stated"],
                "Комплекс услуг ПМСП и СМП сельскому населению по перечню услуг ГОБМП",
                "The package of PHC and specialised care for the rural population, by the GVFMC list of services",
            ),
            m(
                "phc_staff_incentive",
                "МСАК жұмыскерлерін",
                ["incentive_component"],
                "Стимулирование работников ПМСП",
                "Incentives for PHC staff",
            ),
            m(
                "rural_urgent_care",
                "Шақыртудың 4-ші жеделдік",
                ["not_stated"],
                "Неотложная помощь прикреплённому сельскому населению (4-я категория срочности)",
                "Urgent care of the attached rural population (calls of urgency category 4)",
                urgency_category=4,
            ),
            m(
                "rural_pku_products",
                "Фенилкетонуриямен",
                ["product_provision"],
                "Обеспечение сельских субъектов низкобелковыми продуктами для больных фенилкетонурией",
                "Low-protein products for rural providers serving attached patients with phenylketonuria",
                care_kinds=["outpatient_drugs"],
            ),
        ],
    },
    {
        "row": 10,
        "code": "oncology",
        "marker": "10",
        "name": "Онкологиялық науқастарға",
        "ru": "Оплата за оказание медицинской помощи онкологическим больным",
        "en": "Care for cancer patients",
        "care_kinds": ["inpatient", "day_hospital", "outpatient_specialized", "palliative"],
        "methods": [
            m(
                "neoplasm_hospital_care",
                "Лимфоидты және қан түзуші тіндердің",
                ["not_stated"],
                "СМП в стационарных и стационарозамещающих условиях больным с новообразованиями, кроме "
                "лимфоидной и кроветворной тканей",
                "Specialised inpatient and day-hospital care for neoplasms other than lymphoid and "
                "haematopoietic",
                care_kinds=["inpatient", "day_hospital"],
                icd10_include=ONCOLOGY_INCLUDE,
                icd10_exclude=ONCOLOGY_EXCLUDE,
            ),
            m(
                "outpatient_oncology",
                "Онкологиялық науқастарды",
                ["not_stated"],
                "Амбулаторная СМП на втором и третьем уровнях онкопомощи: наблюдение, диагностика, лечение",
                "Outpatient specialised care at the second and third levels of cancer care: observation, "
                "diagnosis and treatment",
                care_kinds=["outpatient_specialized"],
            ),
            m(
                "mobile_palliative_teams",
                "Тарифтер бойынша өзіндік",
                ["service_tariff"],
                "Паллиативная помощь мобильными бригадами тяжёлым больным IV клинической группы",
                "Palliative care by mobile teams for severe patients of clinical group IV",
                care_kinds=["palliative"],
            ),
            m(
                "telepathology",
                "Жаңа өспелері бар науқастарға онкологиялық",
                ["not_stated"],
                "Международные телеконсультации биообразцов опухолей через систему телепатологии",
                "International teleconsultations of tumour biosamples through telepathology",
            ),
            m(
                "molecular_diagnostics",
                "Онкологиялық көмек көрсетудің",
                ["not_stated"],
                "Молекулярно-генетическая и молекулярно-биологическая диагностика",
                "Molecular-genetic and molecular-biological diagnostics",
            ),
            m(
                "radiotherapy_equipment_service",
                "Қазақстан Республикасы",
                ["not_stated"],
                "Перезарядка лучевого оборудования и сервис ионизирующего излучения (Комплексный план 2018–2022)",
                "Recharging of radiation equipment and ionising-radiation servicing (Comprehensive plan "
                "2018–2022)",
            ),
            m(
                "intraperitoneal_electrochemotherapy",
                "Онкологиялық аурулары негізгі",
                ["not_stated"],
                "Интраперитонеальная химиотерапия и электрохимиотерапия в круглосуточном стационаре",
                "Intraperitoneal chemotherapy and electrochemotherapy in round-the-clock inpatient care",
                care_kinds=["inpatient"],
            ),
            m(
                "nervous_system_tumours",
                "Ақы төлеу қағидаларына 70-13-",
                ["not_stated"],
                "СМП больным с опухолями нервной системы с хирургическим вмешательством (приложение 70-13 "
                "Правил оплаты)",
                "Specialised care for tumours of the nervous system with surgery (Payment Rules appendix 70-13)",
                care_kinds=["inpatient", "day_hospital"],
            ),
            m(
                "palliative_care",
                "Өзіндік ерекшелікті ем жүргізуге",
                ["not_stated"],
                "Паллиативная помощь тяжёлым онкологическим больным IV клинической группы",
                "Palliative care for severe cancer patients of clinical group IV",
                care_kinds=["palliative"],
            ),
        ],
    },
    {
        "row": 11,
        "code": "tuberculosis",
        "marker": "11",
        "name": "Туберкулезбен ауыратын",
        "ru": "Оплата за медико-социальную помощь больным туберкулёзом",
        "en": "Medical and social care for tuberculosis patients",
        "care_kinds": ["outpatient_specialized", "inpatient", "rehabilitation", "palliative"],
        "methods": [
            m(
                "complex_tariff",
                "Туберкулезбен ауыратын бір",
                ["complex_tariff"],
                "Комплексный тариф на одного больного туберкулёзом",
                "Complex tariff per tuberculosis patient",
            ),
            m(
                "tb_drugs",
                "Медициналық ұйымдардың",
                ["not_stated"],
                "Обеспечение противотуберкулёзными препаратами по лекарственному формуляру",
                "Anti-tuberculosis drugs per the organisation's formulary",
            ),
            m(
                "tb_surgery_interregional",
                "Туберкулез кезінде өңіраралық",
                ["not_stated"],
                "Хирургическая помощь при туберкулёзе на межрегиональном уровне",
                "Surgical care for tuberculosis at the inter-regional level",
                care_kinds=["inpatient"],
            ),
            m(
                "republican_tb_care",
                "Республикалық ұйымда",
                ["not_stated"],
                "Медико-социальная помощь больным туберкулёзом в республиканской организации",
                "Medical and social care of tuberculosis patients in the republican organisation",
            ),
        ],
    },
    {
        "row": 12,
        "code": "hiv",
        "marker": "12",
        "name": "АИТВ инфекциясын",
        "ru": "Оплата за медико-социальную помощь ВИЧ-инфицированным",
        "en": "Medical and social care for people living with HIV",
        "care_kinds": ["outpatient_specialized"],
        "methods": [
            m(
                "per_person_tariff",
                "АИТВ инфекциясын жұқтырған",
                ["complex_tariff"],
                "Тариф на одного ВИЧ-инфицированного (амбулаторная СМП, медико-социальная помощь, профилактика "
                "передачи от матери ребёнку)",
                "Tariff per person living with HIV (specialised outpatient care, medical and social care, "
                "prevention of mother-to-child transmission)",
            ),
            m(
                "friendly_cabinets",
                "Достық кабинеттеріне",
                ["per_person_tariff"],
                "Тариф на одного человека из ключевых групп, обратившегося в дружественный кабинет",
                "Tariff per person of the key populations who visit a friendly cabinet",
            ),
            m(
                "hiv_testing",
                "Халықты АИТВ",
                ["service_tariff"],
                "По тарифам обследования населения на ВИЧ",
                "By the tariffs of HIV testing of the population",
            ),
            m(
                "arv_drugs",
                "Медициналық ұйымдардың",
                ["not_stated"],
                "Обеспечение антиретровирусными препаратами по лекарственному формуляру",
                "Antiretroviral drugs per the organisation's formulary",
            ),
        ],
    },
    {
        "row": 13,
        "code": "mental_health",
        "marker": "13",
        "name": "Психикалық бұзылушылықтары",
        "ru": "Оплата за медико-социальную помощь лицам с психическими расстройствами (заболеваниями)",
        "en": "Medical and social care for people with mental disorders",
        "care_kinds": ["outpatient_specialized", "inpatient"],
        "methods": [
            # The cell's first line ("Стационарлық жағдайларда мамандандырылған медициналық") is printed
            # before the row number at a page break; the sentence continues after the direction's name.
            m(
                "complex_tariff",
                ("Стационарлық жағдайларда", "көмек көрсететін республикалық"),
                ["complex_tariff", "per_case_average_cost", "per_bed_day"],
                "Комплексный тариф на одного больного центров психического здоровья (кроме республиканских "
                "стационаров), за пролеченный случай по расчётной средней стоимости и за койко-день",
                "Complex tariff per patient of mental-health centres (except republican inpatient "
                "organisations); per case at the computed average cost and per bed-day",
            ),
            m(
                "monthly_patient_tariff",
                "психикалық денсаулық",
                ["complex_tariff"],
                "Тарифы на одного больного в месяц, состоящего в регистрах психических и наркологических больных",
                "Tariffs per registered mental-health or addiction patient per month",
            ),
            m(
                "republican_per_case_average_cost",
                "стационар жағдайларында",
                ["per_case_average_cost"],
                "Тарифы за пролеченный случай по расчётной средней стоимости для республиканских организаций",
                "Per case at the computed average cost for republican inpatient organisations",
            ),
            m(
                "per_bed_day",
                "бір төсек-күн үшін тарифтер",
                ["per_bed_day"],
                "Тарифы за один койко-день",
                "Tariffs per bed-day",
            ),
        ],
    },
    {
        "row": 14,
        "code": "blood_service",
        "marker": "14",
        "name": "Қан мен оның компоненттерін",
        "ru": "Оплата услуг по заготовке, переработке, хранению и реализации крови и её компонентов, "
        "производству препаратов крови",
        "en": "Procurement, processing, storage and supply of blood and its components; blood products",
        "care_kinds": ["blood"],
        "methods": [
            m(
                "service_tariffs",
                "Медициналық көрсетілетін",
                ["service_tariff"],
                "Тарифы на медицинские услуги: исследования компонентов крови, HLA-типирование, "
                "референс-исследования, выделение стволовых клеток пуповинной крови, получение компонентов",
                "Service tariffs: blood-component tests, HLA typing, reference tests, cord-blood stem cells, "
                "collection of donor components",
            ),
        ],
    },
    {
        # Printed after row 14 with no number of its own (see docs/payment-methods.md).
        "row": None,
        "code": "foreign_specialists",
        "marker": None,
        "name": '"Тегін медициналық көмектің',
        "ru": "Оплата услуг по оказанию медицинской помощи с привлечением зарубежных специалистов в "
        "отечественных медицинских организациях (приказ № ҚР ДСМ-45)",
        "en": "Care given with foreign specialists in domestic medical organisations (order ҚР ДСМ-45)",
        "care_kinds": ["treatment_abroad"],
        "methods": [
            m(
                "actual_cost",
                "Іс жүзіндегі шығыстар",
                ["actual_cost"],
                "По фактическим расходам",
                "At actual cost",
            ),
        ],
    },
]
