"""`mvd-paid-services` as data: where paid services are given (5), who pays (9), what the money may be
spent on (14.1–14.7), and that purchases follow the public procurement law (14, its last part).

The seed is order No. 191 of 28 Feb 2023, which gives paragraphs 3, 4, 5, 8, 9 and 14 of the rules
(order No. 931) a new wording; the act is repealed by order No. 393 of 29 May 2025 (kepil.law.acts).
"""

from __future__ import annotations

from dataclasses import dataclass

from kepil.i18n import Text

ACT = "mvd-paid-services"


@dataclass(frozen=True, slots=True)
class Condition:
    """A condition in which paid services are given (5.1–5.3)."""

    code: str
    clause: str
    name: Text


@dataclass(frozen=True, slots=True)
class Purpose:
    """A purpose the money earned from paid services may be spent on (14.1–14.7).

    `purchase`: spending on it buys goods, works or services, which the last part of 14 puts under the
    public procurement law. Reading: 14.7 (differentiated additional pay of the institution's staff) is
    pay, not a purchase; every other purpose is spent by buying something (14.5's travel expenses and
    bank fees included: tickets, lodging and bank services are services bought)."""

    code: str
    clause: str
    name: Text
    purchase: bool


# 5: "Медициналық көрсетілетін қызметтердің ақылы түрлері мынадай жағдайларда көрсетіледі".
CONDITIONS: tuple[Condition, ...] = (
    Condition(
        "outpatient",
        "5.1",
        Text(
            "амбулаториялық жағдайлар",
            "амбулаторные условия",
            "outpatient conditions (no round-the-clock observation and treatment)",
        ),
    ),
    # Reading: 5.1 names the admission departments of round-the-clock hospitals as outpatient conditions.
    Condition(
        "admission_department",
        "5.1",
        Text(
            "тәулік бойы жұмыс істейтін стационардың қабылдау бөлімшесі",
            "приёмное отделение круглосуточного стационара",
            "the admission department of a round-the-clock hospital",
        ),
    ),
    # Reading: 5.2 includes "one-day" therapy and surgery; they are given as `inpatient`.
    Condition(
        "inpatient",
        "5.2",
        Text(
            "стационарлық жағдайлар (оның ішінде «бір күннің» терапиясы мен хирургиясы)",
            "стационарные условия (в том числе терапия и хирургия «одного дня»)",
            "inpatient (round-the-clock) conditions, one-day therapy and surgery included",
        ),
    ),
    Condition(
        "day_hospital",
        "5.3",
        Text(
            "стационарды алмастыратын жағдайлар",
            "стационарозамещающие условия",
            "day hospital (inpatient-substituting) conditions",
        ),
    ),
)

# 9: payment "... Ақы төлеу қағидаларына сәйкес Қор жүзеге асырады" at the tariffs of ҚР ДСМ-170/2020.
PAYER = "fund"
PAYER_CLAUSE = "9"
PAYER_NAME = Text(
    "Қор (ТМККК және МӘМС тарифтері бойынша)",
    "Фонд (по тарифам ГОБМП и ОСМС)",
    "the Fund (at the GVFMC and CSHI tariffs)",
)

# 14.1–14.7, in the order of the text.
PURPOSES: tuple[Purpose, ...] = (
    Purpose(
        "medicines",
        "14.1",
        Text(
            "дәрілік заттар, медициналық бұйымдар, шығыс материалдары, дәрі қобдишалары, "
            "арнайы емдік өнімдер",
            "лекарственные средства, медицинские изделия, расходные материалы, аптечки, "
            "специализированные лечебные продукты",
            "medicines, medical devices, consumables, first-aid kits and special medical foods",
        ),
        purchase=True,
    ),
    Purpose(
        "food_and_soft_inventory",
        "14.2",
        Text(
            "пациенттерді тамақтандыру және жұмсақ мүкәммал",
            "питание пациентов и оснащение мягким инвентарём",
            "patients' food and soft inventory",
        ),
        purchase=True,
    ),
    Purpose(
        "staff_training",
        "14.3",
        Text(
            "кадрлардың біліктілігін арттыру және қайта даярлау",
            "повышение квалификации и переподготовка кадров",
            "staff training and retraining",
        ),
        purchase=True,
    ),
    Purpose(
        "utilities",
        "14.4",
        Text(
            "коммуналдық қызметтер: жылу, электр қуаты, ыстық және суық су",
            "коммунальные услуги: тепло, электроэнергия, горячая и холодная вода",
            "utilities: heat, electricity, hot and cold water",
        ),
        purchase=True,
    ),
    Purpose(
        "other_costs",
        "14.5",
        Text(
            "өзге шығыстар: байланыс (интернет), іссапар, ағымдағы жөндеу, жалға алу, кеңсе және шаруашылық "
            "тауарлары, жанар-жағармай, ақпараттық жүйелер мен медициналық техникаға қызмет, банк қызметтері",
            "прочие расходы: связь (интернет), командировки, текущий ремонт, аренда, канцелярские и "
            "хозяйственные товары, ГСМ, обслуживание ИС и медтехники, банковские услуги",
            "other costs: communications (internet), travel, current repairs, rent, office and household "
            "goods, fuel, servicing of information systems and medical equipment, bank services",
        ),
        purchase=True,
    ),
    Purpose(
        "fixed_assets",
        "14.6",
        Text(
            "тарифтерді қалыптастыру жөніндегі жұмыс жоспарында көзделген жағдайларда "
            "негізгі құралдарды жаңарту",
            "обновление основных средств в случаях, предусмотренных планом работ по формированию тарифов",
            "renewal of fixed assets where the work plan on forming the tariffs provides for it",
        ),
        purchase=True,
    ),
    Purpose(
        "staff_bonus",
        "14.7",
        Text(
            "ІІО ММ қызметкерлеріне сараланған қосымша ақы",
            "дифференцированная доплата работникам ГУ ОВД",
            "differentiated additional pay of the institution's staff",
        ),
        purchase=False,
    ),
)

# The last part of 14: purchases "Қазақстан Республикасының мемлекеттік сатып алу туралы заңнамасына сәйкес".
PROCUREMENT_CLAUSE = "14"
PROCUREMENT_NAME = Text(
    "тауарларды (жұмыстарды, көрсетілетін қызметтерді) сатып алу мемлекеттік сатып алу туралы "
    "заңнамаға сәйкес",
    "закупки товаров (работ, услуг) — в соответствии с законодательством о государственных закупках",
    "goods (works, services) are bought under the public procurement law",
)

CONDITION_CODES: tuple[str, ...] = tuple(c.code for c in CONDITIONS)
PURPOSE_CODES: tuple[str, ...] = tuple(p.code for p in PURPOSES)
PURCHASE_PURPOSES: tuple[str, ...] = tuple(p.code for p in PURPOSES if p.purchase)


# 3: "... Қор мен ІІО ММ арасында жасалған медициналық қызметтерді сатып алу келісім шарттар негізінде ...
# көрсетіледі" — every income line rests on a purchase contract with the Fund (`contract_ref`).
CONTRACT_CLAUSE = "3"
CONTRACT_NAME = Text(
    "ақылы қызметтер Қор мен ІІО ММ арасындағы медициналық қызметтерді сатып алу шарты негізінде көрсетіледі",
    "платные услуги оказываются на основании договора закупа медицинских услуг между Фондом и ГУ ОВД",
    "paid services are given under a contract of purchase of medical services between the Fund and the"
    " institution",
)

# 14, preamble: the money is spent on costs "connected with giving medical care within the GVFMC and CSHI"
# (as defined by clause 4 of the tariff methodology, ҚР ДСМ-309/2020).
CARE_LINK_CLAUSE = "14"
CARE_LINK_NAME = Text(
    "шығыс ТМККК және МӘМС шеңберінде медициналық көмек көрсету қызметіне байланысты (14, кіріспе)",
    "расход связан с оказанием медицинской помощи в рамках ГОБМП и ОСМС (14, вводная часть)",
    "the spending is connected with giving medical care within the GVFMC and CSHI (14, preamble)",
)


@dataclass(frozen=True, slots=True)
class PurposeCondition:
    """The condition a purpose puts beyond its code: the document the spending rests on (`basis_ref`)."""

    purpose: str
    clause: str
    basis: Text


# 14.1, 14.2, 14.6, 14.7: the document each purpose's spending must rest on (a line without it breaks it).
PURPOSE_CONDITIONS: tuple[PurposeCondition, ...] = (
    PurposeCondition(
        "medicines",
        "14.1",
        Text(
            "клиникалық хаттама (және бірыңғай дистрибьютордың тиісті жылға арналған тізімі)",
            "клинический протокол (и список единого дистрибьютора на соответствующий год)",
            "the clinical protocol (and the single distributor's list for the year)",
        ),
    ),
    PurposeCondition(
        "food_and_soft_inventory",
        "14.2",
        Text(
            "ҚР Үкіметінің 2002 жылғы 26 қаңтардағы № 128 қаулысының нормасы",
            "норма постановления Правительства РК от 26 января 2002 года № 128",
            "the norm of Government decree No. 128 of 26 January 2002",
        ),
    ),
    PurposeCondition(
        "fixed_assets",
        "14.6",
        Text(
            "тарифтерді қалыптастыру жөніндегі жұмыс жоспарының тармағы",
            "пункт плана работ по формированию тарифов",
            "the item of the work plan on forming the tariffs",
        ),
    ),
    PurposeCondition(
        "staff_bonus",
        "14.7",
        Text(
            "ҚР ДСМ-278/2020 көтермелеу қағидалары бойынша шешім",
            "решение по правилам поощрения ҚР ДСМ-278/2020",
            "the decision under the bonus rules ҚР ДСМ-278/2020",
        ),
    ),
)
CONDITION_OF: dict[str, PurposeCondition] = {c.purpose: c for c in PURPOSE_CONDITIONS}

# 14.5: the items the text lists ("оның ішінде" — including), each a code of `item_kind`. The list ends with
# "басқа тауарлар ... қызметтерді сатып алу" (other goods and services bought), so it is closed only up to
# those catch-alls: a kind outside it is a finding, "other goods"/"other services" are within it.
OTHER_COST_ITEMS: tuple[str, ...] = (
    "communications", "travel", "current_repairs", "rent", "office_goods", "household_goods", "fuel",
    "other_goods", "information_systems_services", "other_services", "medical_equipment_service",
    "bank_services",
)  # fmt: skip

# 14, last part: the methods of the public procurement law (Law No. 434-VI of 1 July 2024 and the law before
# it); a purchase line names its method and a procurement that the register of contracts holds.
PROCUREMENT_METHODS: tuple[str, ...] = (
    "open_tender", "auction", "price_quotations", "single_source", "commodity_exchange", "electronic_shop",
    "framework_agreement", "without_procurement_procedure",
)  # fmt: skip
