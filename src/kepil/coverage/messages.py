"""The coverage request's validation messages in kk, ru and en (issue 4: HTTP 422 in the request's language).

Each template is a `Text` with `{placeholders}`; `fill` puts the values in. Field names, enumeration
values and the values a person sent stay as they are in every language (they are what the request holds);
terms follow shared/GLOSSARY.md (ЖСН / ИИН / IIN, АХЖ-10 / МКБ-10 / ICD-10). The English is the text the
coverage contract's examples and the existing tests show, word for word.
"""

from __future__ import annotations

from kepil.i18n import Text

# kepil.reference.icd10.check_icd10's, which the batch path uses for the same check.
from kepil.reference.messages import NOT_ICD10 as NOT_ICD10

# The templates and helpers both JSON body parsers share, defined once in kepil.validation; named here too
# so that this stays the whole catalogue of the coverage request's messages.
from kepil.validation import BIRTH_DATE_NOT_IN_IIN as BIRTH_DATE_NOT_IN_IIN
from kepil.validation import EXPECTED_BOOL as EXPECTED_BOOL
from kepil.validation import EXPECTED_BOOL_OR_NULL as EXPECTED_BOOL_OR_NULL
from kepil.validation import EXPECTED_DATE as EXPECTED_DATE
from kepil.validation import EXPECTED_LIST as EXPECTED_LIST
from kepil.validation import EXPECTED_OBJECT as EXPECTED_OBJECT
from kepil.validation import EXPECTED_STRING as EXPECTED_STRING
from kepil.validation import IIN_CHECK_DIGIT as IIN_CHECK_DIGIT
from kepil.validation import NOT_A_DATE as NOT_A_DATE
from kepil.validation import NOT_AN_IIN as NOT_AN_IIN
from kepil.validation import NOT_ONE_OF as NOT_ONE_OF
from kepil.validation import NOTHING as NOTHING
from kepil.validation import REQUIRED as REQUIRED
from kepil.validation import REQUIRED_ONE_OF as REQUIRED_ONE_OF
from kepil.validation import fill as fill
from kepil.validation import same as same
from kepil.validation import shown as shown

FORM_REQUIRED = Text(
    "{kind} үшін міндетті өріс; рұқсат етілген мәндер: {allowed}",
    "обязательное поле для {kind}; допустимые значения: {allowed}",
    "is required for {kind}; one of: {allowed}",
)
BIRTH_DATE_REQUIRED = Text(
    "person.iin берілмесе, міндетті өріс",
    "обязательное поле, если не указан person.iin",
    "is required when there is no person.iin",
)
BIRTH_AFTER_CARE = Text(
    "{birth_date} көмек көрсетілетін {date} күнінен кейін",
    "{birth_date} позже даты оказания помощи {date}",
    "{birth_date} is after the date of care {date}",
)
CHILD_NOT_UNDER_18 = Text(
    "child санаты — 18 жасқа толмағандар (55.1); {birth_date} туған адам көмек күні 18-ге толған",
    "категория child — лица до 18 лет (55.1); родившийся {birth_date} в день помощи уже достиг 18 лет",
    "the category child is for those under 18 (55.1); a person born {birth_date} is 18 or older on the day",
)
WOMEN_ONLY_FOR_MALE = Text(
    "тек әйелдерге қатысты, ал person.sex — male",
    "относится только к женщинам, а person.sex — male",
    "applies to women only, and person.sex is male",
)
EAEU_WORKER_RESIDENT = Text(
    "ЕАЭО еңбекші көшіп-қонушысы өзі азаматы болып табылмайтын және тұрақты тұрмайтын мемлекетте жұмыс "
    "істейді (phc-attachment-rules 2.6), ал person.residency — {residency}",
    "трудящийся-мигрант ЕАЭС работает в государстве, гражданином которого не является и в котором постоянно "
    "не проживает (phc-attachment-rules 2.6), а person.residency — {residency}",
    "an EAEU labour migrant works in a state of which they are not a citizen and where they do not reside "
    "permanently (phc-attachment-rules 2.6), and person.residency is {residency}",
)
PREGNANT_CATEGORY_NOT_PREGNANT = Text(
    "pregnant_unemployed санаты — жұмыс істемейтін жүкті әйелдер (55.2), ал person.pregnant — false",
    "категория pregnant_unemployed — неработающие беременные женщины (55.2), а person.pregnant — false",
    "the category pregnant_unemployed is unemployed pregnant women (55.2), and person.pregnant is false",
)
KANDAS_CATEGORY_NOT_KANDAS = Text(
    "kandas_unemployed санаты — жұмыс істемейтін қандастар (55.10), ал person.residency — {residency}",
    "категория kandas_unemployed — неработающие кандасы (55.10), а person.residency — {residency}",
    "the category kandas_unemployed is unemployed kandas (55.10), and person.residency is {residency}",
)
CONVICT_NOT_IN_PENITENTIARY = Text(
    "convict санаты — қылмыстық-атқару (пенитенциарлық) жүйесі мекемелерінде сот үкімі бойынша жазасын өтеп "
    "жүрген адамдар (55.8), ал person.custody — {custody}",
    "категория convict — отбывающие наказание по приговору суда в учреждениях уголовно-исполнительной "
    "(пенитенциарной) системы (55.8), а person.custody — {custody}",
    "the category convict is those serving a court's sentence in a penal (penitentiary) institution (55.8), "
    "and person.custody is {custody}",
)
DETAINEE_IN_PENITENTIARY = Text(
    "detainee санаты — тергеу изоляторларында ұсталатын немесе үй қамағындағы адамдар (55.9), ал "
    "person.custody — {custody}",
    "категория detainee — содержащиеся в следственных изоляторах или под домашним арестом (55.9), а "
    "person.custody — {custody}",
    "the category detainee is those held in pre-trial detention or under house arrest (55.9), and "
    "person.custody is {custody}",
)
STAY_PURPOSE_NOT_TEMPORARY = Text(
    "тек temporary_resident үшін қолданылады, {residency} үшін емес",
    "применяется только к temporary_resident, а не к {residency}",
    "applies to temporary_resident only, not to {residency}",
)
NOT_FOR_KIND = Text(
    "{value} мәні тек мына көмек түрлері үшін қолданылады: {kinds}; {kind} үшін емес",
    "значение {value} применяется только к видам помощи: {kinds}; не к {kind}",
    "{value} applies to these kinds of care only: {kinds}; not to {kind}",
)
POLICY_TWICE = Text(
    "бір полис екі рет көрсетілген",
    "один и тот же полис указан дважды",
    "lists a policy twice",
)
EXPECTED_ICD10_STRING = Text(
    "АХЖ-10 коды жол ретінде күтілді, берілгені: {value}",
    "ожидался код МКБ-10 строкой, получено: {value}",
    "expected an ICD-10 code as a string, got {value}",
)
# Used only when kepil.law.acts gives no reason of its own.
LAW_NOT_IN_FORCE = Text(
    "{act} {date} күні күшінде емес",
    "{act} не действует на {date}",
    "{act} is not in force on {date}",
)
# reading: `detail` is the JSON decoder's own (English) words; they point at the fault and are kept as
# they are rather than guessed at in other languages.
NOT_JSON = Text(
    "JSON емес: {detail}, {column}-позиция",
    "не JSON: {detail}, позиция {column}",
    "not JSON: {detail} at column {column}",
)

# Amendment 1 (December 2026): a field the request does not define is an error naming it.
UNKNOWN_FIELD = Text(
    "сұраныста мұндай өріс жоқ",
    "такого поля в запросе нет",
    "is not a field of the request",
)
UNKNOWN_FIELD_LIKE = Text(
    "сұраныста мұндай өріс жоқ; {known} деп жазу керек пе?",
    "такого поля в запросе нет; возможно, имелось в виду {known}?",
    "is not a field of the request; did you mean {known}?",
)
TEXT_TOO_LONG = Text(
    "ең көбі {limit} таңба; берілгені {length}",
    "не более {limit} символов; получено {length}",
    "at most {limit} characters; got {length}",
)

# The files of a batch (`kepil coverage decide`, kepil.coverage.files and .columns)
NO_FILE = Text("{path} жоқ", "{path} не существует", "{path} does not exist")
NO_REQUESTS = Text("{path} ішінде сұраныс жоқ", "в {path} нет запросов", "{path} holds no requests")
NOT_A_REQUESTS_FILE = Text(
    ".jsonl, .csv немесе .parquet файлы керек",
    "нужен файл .jsonl, .csv или .parquet",
    "expected a .jsonl, .csv or .parquet file",
)
INPUT_NOT_JSON = Text(
    "JSON емес: бір JSON сұраныс немесе JSON Lines керек",
    "не JSON: ожидается один JSON-запрос или JSON Lines",
    "is not JSON: expected one JSON request or JSON Lines",
)
