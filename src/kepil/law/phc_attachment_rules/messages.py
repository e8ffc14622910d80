"""Messages of the attachment checks in kk, ru and en (`phc-attachment-rules`; issue 4).

Each template is a `Text` with `{placeholders}`; `fill` puts the values in. Field names, codes (grounds,
categories, channels) and the values a person sent stay as they are in every language; clauses are named
as `phc-attachment-rules` clauses (GLOSSARY.md), appendix rows as `app.8.1.N` (docs/attachment.md).
"""

from __future__ import annotations

from collections.abc import Iterable

from kepil.i18n import LANGS, Text
from kepil.law.citation import Citation

# The templates and helpers both JSON body parsers share, defined once in kepil.validation; named here too
# so that this stays the whole catalogue of the attachment checks' messages.
from kepil.validation import BIRTH_DATE_NOT_IN_IIN as BIRTH_DATE_NOT_IN_IIN
from kepil.validation import EXPECTED_BOOL as EXPECTED_BOOL
from kepil.validation import EXPECTED_DATE as EXPECTED_DATE
from kepil.validation import EXPECTED_LIST as EXPECTED_LIST
from kepil.validation import EXPECTED_OBJECT as EXPECTED_OBJECT
from kepil.validation import EXPECTED_STRING as EXPECTED_STRING
from kepil.validation import IIN_CHECK_DIGIT as IIN_CHECK_DIGIT
from kepil.validation import LISTED_TWICE as LISTED_TWICE
from kepil.validation import NOT_A_DATE as NOT_A_DATE
from kepil.validation import NOT_AN_IIN as NOT_AN_IIN
from kepil.validation import NOT_ONE_OF as NOT_ONE_OF
from kepil.validation import NOTHING as NOTHING
from kepil.validation import REQUIRED as REQUIRED
from kepil.validation import REQUIRED_ONE_OF as REQUIRED_ONE_OF
from kepil.validation import fill as fill
from kepil.validation import same as same
from kepil.validation import shown as shown

ACT = "phc-attachment-rules"


def cite(clause: str) -> Citation:
    return Citation(ACT, clause)


def join(items: Iterable[Text], sep: Text) -> Text:
    parts = list(items)
    return Text(*(sep[lang].join(p[lang] for p in parts) for lang in LANGS))


SEMICOLON = Text("; ", "; ", "; ")
OR = Text(" немесе ", " или ", " or ")

# --------------------------------------------------------------------------- the body (parse_application)
UNKNOWN_FIELD = Text(
    "белгісіз өріс; рұқсат етілген өрістер: {allowed}",
    "неизвестное поле; допустимые поля: {allowed}",
    "unknown field; expected one of: {allowed}",
)
BIRTH_AFTER_DATE = Text(
    "{birth_date} өтініш күнінен ({date}) кейін",
    "{birth_date} позже даты заявления {date}",
    "{birth_date} is after the date of the application {date}",
)
REPRESENTATIVE_IS_PERSON = Text(
    "заңды өкілдің ЖСН-і бекітілетін адамның ЖСН-іне тең",
    "ИИН законного представителя совпадает с ИИН прикрепляемого",
    "the legal representative's IIN is the person's own IIN",
)
CONTRACT_ENDS_BEFORE_START = Text(
    "шарт {end} аяқталады, бұл оның басталу күнінен ({start}) бұрын",
    "договор заканчивается {end}, раньше своего начала {start}",
    "the contract ends on {end}, before it starts on {start}",
)
MOVE_UNTIL_BEFORE_MOVE = Text(
    "{until} көшу күнінен ({moved_on}) бұрын",
    "{until} раньше дня переезда {moved_on}",
    "{until} is before the day of the move {moved_on}",
)

# --------------------------------------------------------------------------- the law (admit)
LAW_NOT_IN_FORCE = Text(
    "phc-attachment-rules: {reason}",
    "phc-attachment-rules: {reason}",
    "phc-attachment-rules: {reason}",
)
GROUND_NOT_ON_DATE = Text(
    "{ground} негіздемесі {date} күні phc-attachment-rules 10-тармағында жоқ",
    "основания {ground} на {date} нет в пункте 10 phc-attachment-rules",
    "{ground} is not a ground of phc-attachment-rules 10 on {date}",
)
ORGANISATION_MISMATCH = Text(
    "ұйым туралы мәліметтер {given} ұйымына қатысты, ал өтініште {expected} көрсетілген",
    "сведения об организации относятся к {given}, а в заявлении указана {expected}",
    "the organisation facts are of {given}, the application names {expected}",
)
NOT_PHC = Text(
    "{org} ұйымы медициналық-санитариялық алғашқы көмек көрсетпейді (phc-attachment-rules 4)",
    "организация {org} не оказывает первичную медико-санитарную помощь (phc-attachment-rules 4)",
    "organisation {org} does not provide primary health care (phc-attachment-rules 4)",
)
NO_CONTRACT_NOR_MIS = Text(
    "{org} ұйымында {date} күні қолданыстағы МСАК-ты қамтитын Қормен сатып алу шарты да, уәкілетті органның "
    "ақпараттық жүйесімен интеграцияланған медициналық ақпараттық жүйесі де жоқ (phc-attachment-rules 4)",
    "у организации {org} нет ни договора закупа с Фондом на ПМСП, действующего на {date}, ни медицинской "
    "информационной системы, интегрированной с информационной системой уполномоченного органа "
    "(phc-attachment-rules 4)",
    "organisation {org} has neither a purchase contract with the Fund covering PHC in force on {date} nor a "
    "medical information system integrated with the authorised body's information system "
    "(phc-attachment-rules 4)",
)
ALREADY_ATTACHED = Text(
    "адам {start} бастап {org} ұйымына бекітілген ({ground} негіздемесі): адам бір МСАК ұйымына бекітіледі "
    "(phc-attachment-rules 4), сол ұйымға қайта бекіту ештеңені өзгертпейді",
    "лицо уже прикреплено к {org} с {start} (основание {ground}): прикрепление — к одной организации ПМСП "
    "(phc-attachment-rules 4), повторное прикрепление к той же организации ничего не меняет",
    "the person is already attached to {org} since {start} (ground {ground}): a person is attached to one "
    "PHC organisation (phc-attachment-rules 4), and attaching again to the same one changes nothing",
)
VHI_OMI_ONLY_FOR_TEMPORARY = Text(
    "vhi_omi_contract негіздемесі (10.4) Қазақстанда уақытша болатын шетелдіктер мен азаматтығы жоқ "
    "адамдарға және баспана іздеген адамдарға ғана қолданылады (phc-attachment-rules 3-1, 9-1, 11); "
    "{category} 10.1–10.3, 10.5–10.9 негіздемелері бойынша ТМККК және МӘМС шеңберінде бекітіледі",
    "основание vhi_omi_contract (10.4) — только для временно пребывающих в Казахстане иностранцев и лиц без "
    "гражданства и лиц, ищущих убежище (phc-attachment-rules 3-1, 9-1, 11); {category} прикрепляется в "
    "рамках ГОБМП и ОСМС по основаниям 10.1–10.3, 10.5–10.9",
    "ground vhi_omi_contract (10.4) is for foreigners and stateless persons staying temporarily in "
    "Kazakhstan and asylum seekers only (phc-attachment-rules 3-1, 9-1, 11); a {category} is attached "
    "within the GVFMC and the CSHI on grounds 10.1–10.3, 10.5–10.9",
)
TEMPORARY_ONLY_VHI_OMI = Text(
    "{category} МСАК ұйымына тек ЕМС немесе ЖМС шарты бойынша бекітіледі: vhi_omi_contract негіздемесі "
    "(phc-attachment-rules 3-1, 9-1, 10.4, 11); {ground} негіздемесі оған қолданылмайды",
    "{category} прикрепляется к организации ПМСП только по договору ДМС или ОМС мигрантов: основание "
    "vhi_omi_contract (phc-attachment-rules 3-1, 9-1, 10.4, 11); основание {ground} к нему не применяется",
    "a {category} is attached to a PHC organisation only under a VHI or OMI contract: ground "
    "vhi_omi_contract (phc-attachment-rules 3-1, 9-1, 10.4, 11); ground {ground} does not apply",
)
MINOR_NEEDS_REPRESENTATIVE = Text(
    "адам {date} күні 18 жасқа толмаған (туған күні {birth_date}): бала заңды өкілі арқылы бекітіледі "
    "(phc-attachment-rules 2.3, 2.4, 9-1; қосымшаның 8-жолы); {applicant} өтініш беруші бола алмайды",
    "на {date} лицу нет 18 лет (дата рождения {birth_date}): ребёнок прикрепляется через законного "
    "представителя (phc-attachment-rules 2.3, 2.4, 9-1; строка 8 приложения); заявитель {applicant} не "
    "допускается",
    "the person is under 18 on {date} (born {birth_date}): a child is attached through a legal "
    "representative (phc-attachment-rules 2.3, 2.4, 9-1; appendix row 8); applicant {applicant} cannot "
    "apply",
)
REPRESENTATIVE_IIN_REQUIRED = Text(
    "міндетті өріс: заңды өкілдің ЖСН-і (phc-attachment-rules 2.4, 9-1)",
    "обязательное поле: ИИН законного представителя (phc-attachment-rules 2.4, 9-1)",
    "is required: the legal representative's IIN (phc-attachment-rules 2.4, 9-1)",
)
APPLICANT_ONLY_VHI_OMI = Text(
    "{applicant} тек vhi_omi_contract негіздемесі бойынша өтініш береді (phc-attachment-rules 9-1, 11), "
    "{ground} бойынша емес",
    "заявитель {applicant} подаёт заявление только по основанию vhi_omi_contract (phc-attachment-rules 9-1, "
    "11), не по {ground}",
    "applicant {applicant} applies only on ground vhi_omi_contract (phc-attachment-rules 9-1, 11), not on "
    "{ground}",
)
INSTITUTION_NOT_ALLOWED = Text(
    "institution өтініш берушісі тек сотталғандар, мерзімді қызметтегі әскери қызметшілер, студенттер "
    "және үйлердің қамқорлығындағы адамдар үшін, ТМККК шеңберіндегі негіздемелер бойынша өтініш береді "
    "(қосымшаның 8-жолы, 1-тармағының 5), 6), 7), 9) тармақшалары)",
    "заявитель institution подаёт заявление только за осуждённых, военнослужащих срочной службы, студентов "
    "и лиц на попечении домов, по основаниям в рамках ГОБМП (строка 8 приложения, подпункты 5), 6), 7), 9) "
    "пункта 1)",
    "applicant institution applies only for convicts, conscripts, students and residents of care homes, on "
    "the grounds within the GVFMC (appendix row 8, item 1, sub-items 5, 6, 7, 9)",
)
EGOV_APPLICANT = Text(
    "ЭҮП арқылы электрондық өтінішті адамның өзі немесе оның заңды өкілі береді (phc-attachment-rules 11; "
    "қосымшаның 8-жолы, 2-тармағы); {applicant} МСАК ұйымына жазбаша жүгінеді: written_application арнасы",
    "электронную заявку через портал подаёт само лицо или его законный представитель (phc-attachment-rules "
    "11; строка 8 приложения, пункт 2); заявитель {applicant} обращается в организацию ПМСП письменно: "
    "канал written_application",
    "on the e-government portal the person or their legal representative applies electronically "
    "(phc-attachment-rules 11; appendix row 8, item 2); applicant {applicant} applies in writing at the "
    "PHC organisation: channel written_application",
)
VHI_OMI_WRITTEN_ONLY = Text(
    "vhi_omi_contract негіздемесі (10.4) бойынша бекіту адамның немесе сақтандыру ұйымының қазақ немесе орыс "
    "тіліндегі еркін нысандағы жазбаша өтініші арқылы жүзеге асырылады (phc-attachment-rules 9-1, 11), "
    "{channel} арқылы емес",
    "по основанию vhi_omi_contract (10.4) прикрепление — по письменному заявлению лица или страховой "
    "организации в произвольной форме на казахском или русском языке (phc-attachment-rules 9-1, 11), не "
    "через {channel}",
    "on ground vhi_omi_contract (10.4) attachment is by a free-form written application of the person or "
    "the insurer in Kazakh or Russian (phc-attachment-rules 9-1, 11), not through {channel}",
)
EGOV_GROUND_WRITTEN = Text(
    "{ground} негіздемесі ({clause}) бойынша бекіту ЭҮП арқылы электрондық өтінішпен жүзеге асырылады "
    "(phc-attachment-rules 11); МСАК ұйымына тек қосымшаның 8-жолында аталған контингент жүгінеді "
    "(зейнеткерлер, мүгедектігі бар адамдар, қорғаншылар мен қамқоршылар, сотталғандар, мерзімді қызметтегі "
    "әскери қызметшілер, студенттер, шет мемлекеттерде туған балалар, үйлердің қамқорлығындағы адамдар, "
    "сенімхат бойынша ресімдейтіндер)",
    "по основанию {ground} ({clause}) прикрепление — электронной заявкой через портал электронного "
    "правительства (phc-attachment-rules 11); в организацию ПМСП обращается только контингент строки 8 "
    "приложения (пенсионеры, лица с инвалидностью, опекуны и попечители, осуждённые, военнослужащие срочной "
    "службы, студенты, дети, рождённые за рубежом, лица на попечении домов, оформляющие по доверенности)",
    "on ground {ground} ({clause}) attachment is by an electronic application on the e-government portal "
    "(phc-attachment-rules 11); only the contingents of appendix row 8 apply at the PHC organisation "
    "(pensioners, persons with disabilities, guardians and trustees, convicts, conscripts, students, "
    "children born abroad, residents of care homes, those acting by power of attorney)",
)
CHILD_CATEGORY_ADULT = Text(
    "{category} — 18 жасқа толмаған балалардың санаты (phc-attachment-rules 2.3; {row}); адам {date} күні "
    "{age} жаста",
    "{category} — категория детей до 18 лет (phc-attachment-rules 2.3; {row}); на {date} лицу {age} лет",
    "{category} is a category of children under 18 (phc-attachment-rules 2.3; {row}); the person is {age} "
    "on {date}",
)
RESIDENCE_ATU_REQUIRED = Text(
    "{ground} негіздемесі бойынша міндетті өріс: ТМККК шеңберінде бекіту тұрақты немесе уақытша тұратын жері "
    "бойынша бір әкімшілік-аумақтық бірлік шегінде жүзеге асырылады (phc-attachment-rules 8)",
    "обязательное поле для основания {ground}: прикрепление в рамках ГОБМП — по месту постоянного или "
    "временного проживания в пределах одной административно-территориальной единицы (phc-attachment-rules 8)",
    "is required on ground {ground}: attachment within the GVFMC is by the place of permanent or temporary "
    "residence within one administrative-territorial unit (phc-attachment-rules 8)",
)
OUTSIDE_ATU = Text(
    "{org} ұйымы {org_atu} әкімшілік-аумақтық бірлігінде, ал адам {atu} бірлігінде тұрады: бекіту бір "
    "әкімшілік-аумақтық бірлік шегінде жүзеге асырылады (phc-attachment-rules 8)",
    "организация {org} находится в АТЕ {org_atu}, а лицо проживает в {atu}: прикрепление — в пределах одной "
    "административно-территориальной единицы (phc-attachment-rules 8)",
    "organisation {org} is in administrative-territorial unit {org_atu}, the person lives in {atu}: "
    "attachment is within one administrative-territorial unit (phc-attachment-rules 8)",
)
OUTSIDE_ATU_BORDER = Text(
    "{org} ұйымы {org_atu} әкімшілік-аумақтық бірлігінде, ал адам {atu} бірлігінің шекара маңындағы "
    "аумағында тұрады: {org} ұйымы {atu} бірлігінің жақын маңдағы ұйымдарының қатарында жоқ "
    "(phc-attachment-rules 8)",
    "организация {org} находится в АТЕ {org_atu}, а лицо проживает в приграничной территории {atu}: {org} "
    "не относится к организациям ближайшей АТЕ для жителей {atu} (phc-attachment-rules 8)",
    "organisation {org} is in administrative-territorial unit {org_atu}, the person lives in a border area "
    "of {atu}: {org} is not an organisation of a nearby unit for residents of {atu} "
    "(phc-attachment-rules 8)",
)
RESIDENCE_CHANGE_REQUIRED = Text(
    "residence_change негіздемесі бойынша міндетті өріс: бұрынғы әкімшілік-аумақтық бірлік және көшкен күн "
    "(phc-attachment-rules 10.1)",
    "обязательное поле для основания residence_change: прежняя административно-территориальная единица и "
    "день переезда (phc-attachment-rules 10.1)",
    "is required on ground residence_change: the previous administrative-territorial unit and the day of "
    "the move (phc-attachment-rules 10.1)",
)
MOVE_AFTER_DATE = Text(
    "{moved_on} өтініш күнінен ({date}) кейін: тұратын жер әлі өзгермеген (phc-attachment-rules 10.1)",
    "{moved_on} позже даты заявления {date}: место жительства ещё не изменилось (phc-attachment-rules 10.1)",
    "{moved_on} is after the date of the application {date}: the residence has not changed yet "
    "(phc-attachment-rules 10.1)",
)
MOVE_ENDED = Text(
    "жаңа жерде тұру {until} аяқталды, бұл өтініш күнінен ({date}) бұрын (phc-attachment-rules 10.1)",
    "проживание на новом месте закончилось {until}, до даты заявления {date} (phc-attachment-rules 10.1)",
    "the residence at the new place ended on {until}, before the date of the application {date} "
    "(phc-attachment-rules 10.1)",
)
MOVE_TOO_SHORT = Text(
    "{previous} бірлігінің шегінен тыс жерге көшу бір айдан астам мерзімге болғанда ғана негіздеме болады "
    "(phc-attachment-rules 10.1): {moved_on} бастап бір ай {month_end} аяқталады, ал тұру {until} аяқталады",
    "переезд за пределы АТЕ {previous} является основанием только на срок более одного месяца "
    "(phc-attachment-rules 10.1): месяц с {moved_on} истекает {month_end}, а проживание заканчивается "
    "{until}",
    "a move beyond administrative-territorial unit {previous} is a ground only for more than one month "
    "(phc-attachment-rules 10.1): the month from {moved_on} ends on {month_end}, the stay ends on {until}",
)
CAMPAIGN_CLOSED = Text(
    "бекіту науқаны {start} бастап {end} дейін жүргізіледі (phc-attachment-rules 10.3); {date} одан тыс",
    "кампания прикрепления проводится с {start} по {end} (phc-attachment-rules 10.3); {date} вне её",
    "the attachment campaign runs from {start} to {end} (phc-attachment-rules 10.3); {date} is outside it",
)
INSURANCE_REQUIRED = Text(
    "vhi_omi_contract негіздемесі бойынша міндетті өріс: ЕМС немесе ЖМС шарты "
    "(phc-attachment-rules 9-1, 10.4)",
    "обязательное поле для основания vhi_omi_contract: договор ДМС или ОМС (phc-attachment-rules 9-1, 10.4)",
    "is required on ground vhi_omi_contract: the VHI or OMI contract (phc-attachment-rules 9-1, 10.4)",
)
INSURANCE_NOT_FOR_GROUND = Text(
    "ЕМС немесе ЖМС шарты тек vhi_omi_contract негіздемесі (10.4) бойынша ескеріледі; {ground} негіздемесі "
    "ТМККК және МӘМС шеңберінде бекітеді (phc-attachment-rules 3-1)",
    "договор ДМС или ОМС учитывается только по основанию vhi_omi_contract (10.4); основание {ground} — "
    "прикрепление в рамках ГОБМП и ОСМС (phc-attachment-rules 3-1)",
    "a VHI or OMI contract counts only on ground vhi_omi_contract (10.4); ground {ground} attaches within "
    "the GVFMC and the CSHI (phc-attachment-rules 3-1)",
)
CONTRACT_OTHER_ORGANISATION = Text(
    "шартта {named} МСАК ұйымы көрсетілген, ал өтініште {org}: ЕМС немесе ЖМС бойынша бекіту шартта "
    "көзделген ұйымға жүзеге асырылады (phc-attachment-rules 8, 13)",
    "в договоре указана организация ПМСП {named}, а в заявлении {org}: прикрепление по ДМС или ОМС — к "
    "организации, предусмотренной договором (phc-attachment-rules 8, 13)",
    "the contract names PHC organisation {named}, the application {org}: attachment under VHI or OMI is to "
    "the organisation the contract names (phc-attachment-rules 8, 13)",
)
CONTRACT_NOT_STARTED = Text(
    "шарт {start} басталады, бұл өтініш күнінен ({date}) кейін: бекіту шарттың қолданылу мерзіміне жүзеге "
    "асырылады (phc-attachment-rules 9-1)",
    "договор начинается {start}, после даты заявления {date}: прикрепление — на срок действия договора "
    "(phc-attachment-rules 9-1)",
    "the contract starts on {start}, after the date of the application {date}: attachment is for the "
    "contract's term (phc-attachment-rules 9-1)",
)
CONTRACT_ENDED = Text(
    "шарт {end} аяқталды, бұл өтініш күнінен ({date}) бұрын: бекіту шарттың қолданылу мерзіміне жүзеге "
    "асырылады (phc-attachment-rules 9-1)",
    "договор закончился {end}, до даты заявления {date}: прикрепление — на срок действия договора "
    "(phc-attachment-rules 9-1)",
    "the contract ended on {end}, before the date of the application {date}: attachment is for the "
    "contract's term (phc-attachment-rules 9-1)",
)
NOT_COMMISSION_ATTACHMENT = Text(
    "regional_commission_disagreement негіздемесі (10.5) — өңірлік комиссия айқындаған бекітумен келіспеу; "
    "{current}",
    "основание regional_commission_disagreement (10.5) — несогласие с прикреплением, определённым "
    "региональной комиссией; {current}",
    "ground regional_commission_disagreement (10.5) is a disagreement with an attachment the regional "
    "commission decided; {current}",
)
CURRENT_NOT_BY_COMMISSION = Text(
    "адамның {org} ұйымына ағымдағы бекітуін өңірлік комиссия айқындамаған",
    "текущее прикрепление лица к {org} определено не региональной комиссией",
    "the person's current attachment to {org} was not decided by it",
)
NO_CURRENT_ATTACHMENT = Text(
    "адамның ағымдағы бекітуі жоқ",
    "у лица нет текущего прикрепления",
    "the person has no current attachment",
)
ORGANISATION_EVENT_REQUIRED = Text(
    "{ground} негіздемесі ({clause}) {event} ұйымға бекітілген адамға қолданылады; {current}",
    "основание {ground} ({clause}) применяется к лицу, прикреплённому к организации, которая {event}; "
    "{current}",
    "ground {ground} ({clause}) applies to a person attached to an organisation that {event}; {current}",
)
CURRENT_WITHOUT_EVENT = Text(
    "тізілімде ағымдағы {org} ұйымы туралы мұндай оқиға жоқ",
    "в регистре нет такого события у текущей организации {org}",
    "the registry shows no such event for the current organisation {org}",
)
EVENTS = {
    "phc_refusal_or_reorganisation": Text(
        "МСАК көрсетуден бас тартқан, соның ішінде Қормен сатып алу шартын бұзуға немесе өзгертуге әкеп "
        "соққан қайта ұйымдастырылған немесе таратылған",
        "отказалась от оказания ПМСП, в том числе реорганизована или ликвидирована с расторжением или "
        "изменением договора закупа с Фондом",
        "stopped providing PHC, including a reorganisation or liquidation that ended or changed its purchase "
        "contract with the Fund",
    ),
    "volume_not_placed": Text(
        "медициналық көрсетілетін қызметтердің көлемі орналастырылмаған",
        "не получила размещения объёма медицинских услуг",
        "was placed no volume of medical services",
    ),
    "privatisation": Text(
        "мемлекеттік кәсіпорын ретінде жекешелендіру арқылы иеліктен шығарылған",
        "будучи государственным предприятием, отчуждена путём приватизации",
        "was a state enterprise and was alienated by privatisation",
    ),
}
NOT_NEW_FACILITY = Text(
    "{org} ұйымы жаңадан пайдалануға берілетін МСАК объектісі емес (phc-attachment-rules 2.8, 10.8)",
    "организация {org} не является вновь вводимым в эксплуатацию объектом ПМСП (phc-attachment-rules 2.8, "
    "10.8)",
    "organisation {org} is not a newly commissioned PHC facility (phc-attachment-rules 2.8, 10.8)",
)
FAMILY_CONSENT_REQUIRED = Text(
    "отбасы мүшелерін бекіту отбасы мүшелерінің біреуінің жазбаша келісімі болған кезде жүзеге асырылады "
    "(phc-attachment-rules 9-1)",
    "прикрепление членов семьи — при наличии письменного согласия одного из членов семьи "
    "(phc-attachment-rules 9-1)",
    "family members are attached with the written consent of one of the family members "
    "(phc-attachment-rules 9-1)",
)
DOCUMENTS_MISSING = Text(
    "МСАК ұйымына жүгінген кезде қажетті құжаттар жоқ: {items}",
    "не представлены документы, необходимые при обращении в организацию ПМСП: {items}",
    "documents missing for the application at the PHC organisation: {items}",
)
