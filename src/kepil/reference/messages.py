"""The refusals of the readers of reference files and of their look-ups, in kk, ru and en.

The files: the disease lists and the working-day calendar (data/reference, KEPIL_REFERENCE_DIR), ICD-10 range
expressions, the acts registry (acts.yaml, KEPIL_ACTS_YAML), the parameters (parameters.yaml,
KEPIL_PARAMETERS_YAML), the defect classifier's column file (KEPIL_CLASSIFIER_COLUMNS), the coverage clause
map, and the tables of appendices 1 and 2 looked up by code. The field a message is about (`file:key[i].key`)
is named beside it by `InvalidInput`; keys, codes and the values a file holds stay as they are in every
language (they are what the file holds). Terms follow shared/GLOSSARY.md (АХЖ-10 / МКБ-10 / ICD-10, ДДСҰ / ВОЗ
/ WHO, тізбе / перечень / list, бейін / профиль / bed profile).

The messages a reader shares with the JSON bodies (a date, one of a set, a string, true or false) are
`kepil.validation`'s; an unreadable file is the claims readers' CANNOT_READ; a date before another is their
DATE_ORDER.
"""

from __future__ import annotations

from kepil.claims.messages import NOT_FOUND, cannot_read

# check_icd10's: the claims readers' words for a code that is no diagnosis, the same on every path.
from kepil.claims.messages import NOT_ICD10 as NOT_ICD10
from kepil.i18n import Text
from kepil.limits import quoted
from kepil.validation import NOT_A_DATE

# --------------------------------------------------------------------------- the shape of a YAML file
# (also the what-if reform file's: kepil.whatif.messages names them)
EXPECTED_OBJECT = Text("объект күтілді", "ожидается объект", "expected a mapping")
EXPECTED_KEYS = Text(
    "{keys} кілттері бар объект күтілді",
    "ожидается объект с ключами {keys}",
    "expected a mapping with {keys}",
)
REQUIRED = Text("міндетті кілт жоқ", "обязательный ключ отсутствует", "a required key is missing")
EXPECTED_LANGS = Text(
    "kk, ru және en мәтіндері бар объект күтілді",
    "ожидается объект с текстами kk, ru и en",
    "expected a mapping with kk, ru and en texts",
)
EXPECTED_LIST = Text("тізім күтілді{extra}", "ожидается список{extra}", "expected a list{extra}")
NON_EMPTY_LIST = Text("бос емес тізім күтілді", "ожидается непустой список", "expected a non-empty list")
UNKNOWN_KEY = Text(
    "белгісіз кілт {key}; рұқсат етілгендер: {allowed}",
    "неизвестный ключ {key}; допустимы: {allowed}",
    "unknown key {key}; expected one of: {allowed}",
)
DEFINED_TWICE = Text("екі рет анықталған", "определён дважды", "defined twice")
NOT_A_FOLDER = Text("{path} қалта емес", "{path} — не папка", "{path} is not a folder")

# --------------------------------------------------------------------------- disease lists
UNKNOWN_LIST = Text(
    "белгісіз тізбе {name}; рұқсат етілгендер: {allowed}",
    "неизвестный перечень {name}; допустимы: {allowed}",
    "unknown list {name}; expected one of: {allowed}",
)
VERSIONS_OVERLAP = Text(
    "{first} және {second} күндерінен бастап қолданылатын нұсқалардың мерзімдері қабаттасады",
    "сроки версий, действующих с {first} и с {second}, пересекаются",
    "versions from {first} and {second} overlap",
)

# --------------------------------------------------------------------------- ICD-10 codes and ranges
NOT_CODE_OR_RANGE = Text(
    "{item} код та емес, екі кодтың аралығы да емес",
    "{item} — не код и не диапазон из двух кодов",
    "{item} is not a code or a range of two codes",
)
NOT_ICD10_IN = Text(
    "{item} ішіндегі {code} АХЖ-10 (ДДСҰ 2019) коды емес",
    "{code} в {item} — не код МКБ-10 (ВОЗ 2019)",
    "{code} in {item} is not an ICD-10 (WHO 2019) code",
)
RANGE_BACKWARDS = Text(
    "{item} аралығы кері жазылған: басы соңынан кейін тұр",
    "диапазон {item} записан наоборот: начало стоит после конца",
    "range {item} runs backwards",
)
NO_ICD10_CODE = Text(
    "{expr} ішінде бірде-бір АХЖ-10 коды жоқ",
    "в {expr} нет ни одного кода МКБ-10",
    "{expr} holds no ICD-10 code",
)

# --------------------------------------------------------------------------- the working-day calendar
BOTH_MISSING = Text(
    "{first} және {second} екеуі де берілмеген",
    "не задан ни {first}, ни {second}",
    "neither {first} nor {second} is given",
)
NOT_A_WEEKEND = Text(
    "{day} сенбі де, жексенбі де емес",
    "{day} — не суббота и не воскресенье",
    "{day} is not a Saturday or Sunday",
)
DAY_NOT_IN_YEAR = Text(
    "{day} күні {year} жылға жатпайды",
    "{day} не относится к {year} году",
    "{day} is not in {year}",
)
NEGATIVE_WORKING_DAYS = Text(
    "{count} теріс сан; жұмыс күндерінің саны ≥ 0 болуы керек",
    "{count} — отрицательное число; ожидается число рабочих дней ≥ 0",
    "{count} is negative; expected a number of working days ≥ 0",
)
YEAR_NOT_KNOWN = Text(
    "{date}: kepil тек {first}–{last} жылдардың демалыс күндерін біледі; бұл күн туралы жауап жоқ",
    "{date}: kepil знает выходные дни только {first}–{last} годов; ответа об этом дне нет",
    "{date}: kepil knows the days off of {first}–{last} only; it has no answer for this day",
)
NOT_WORKING_DAYS = Text(
    "{value} бүтін сан емес; жұмыс күндерінің саны (≥ 0) күтіледі",
    "{value} — не целое число; ожидается число рабочих дней ≥ 0",
    "{value} is not a whole number; expected a number of working days ≥ 0",
)

# --------------------------------------------------------------------------- the acts registry, parameters
ASSUMPTION_NEEDS_NOTE = Text(
    "болжамның негіздемесі (kk, ru, en) берілуі керек",
    "у допущения должно быть обоснование (kk, ru, en)",
    "an assumption needs its reasoning (kk, ru, en)",
)
DATE_FOR_RULE = Text(
    "жоқ: {rule} ережесі үшін `date` немесе `published` керек",
    "отсутствует: правилу {rule} нужен `date` или `published`",
    "missing (rule {rule} needs `date` or `published`)",
)
EACH_ACT_ONCE = Text(
    "әр акт идентификаторы бір реттен күтілді ({expected}); берілгені: {got}",
    "ожидается каждый идентификатор акта по одному разу ({expected}); получено: {got}",
    "expected each act id of GLOSSARY.md once ({expected}); got {got}",
)
NOT_SNAKE_CASE = Text(
    "{name} snake_case атауы емес (кіші латын әріптері, цифрлар және _)",
    "{name} — не имя в snake_case (строчные латинские буквы, цифры и _)",
    "{name} is not a snake_case name (lower-case Latin letters, digits and _)",
)
NO_CITATION = Text(
    "әр параметр кемінде бір тармаққа сілтеме жасауы керек",
    "каждый параметр должен ссылаться хотя бы на один пункт",
    "every parameter cites at least one clause",
)
EXPECTED_CITATION = Text(
    "act (акт идентификаторы) және clause (тармақ) кілттері бар объект күтілді",
    "ожидается объект с ключами act (идентификатор акта) и clause (пункт)",
    "expected an act id and a clause (act, clause)",
)
EXPECTED_STEP = Text(
    "`from` (YYYY-MM-DD немесе `act`) және `value` күтілді",
    "ожидаются `from` (YYYY-MM-DD или `act`) и `value`",
    "expected `from` (YYYY-MM-DD or `act`) and `value`",
)
STEP_ORDER = Text(
    "{start}: қадам алдыңғы қадамнан кейін келуі және {act} мәтіні қолданыла бастаған күннен ({text_from}) "
    "ерте болмауы керек",
    "{start}: шаг должен идти после предыдущего и не раньше начала применения текста {act} ({text_from})",
    "{start} must follow the previous step and not precede the text of {act} ({text_from})",
)
UNKNOWN_GROUP = Text(
    "{group} деген топ жоқ; мыналардың бірі күтілді: {groups}",
    "неизвестная группа {group}; ожидается одна из: {groups}",
    "unknown group {group}; expected one of {groups}",
)
UNKNOWN_PARAMETER = Text(
    "белгісіз параметр {name}; {hint}",
    "неизвестный параметр {name}; {hint}",
    "unknown parameter {name}; {hint}",
)
DID_YOU_MEAN = Text("мүмкін, {names}?", "возможно, {names}?", "did you mean {names}?")
SEE_LIST = Text("тізімі: {command}", "список: {command}", "{command} lists them")
NO_VALUE_ON = Text(
    "{name}: {on} күні мәні жоқ: {act} {reason}",
    "{name}: нет значения на {on}: {act} {reason}",
    "{name}: no value on {on}: {act} {reason}",
)

# --------------------------------------------------------------------------- the clause map
EXPECTED_RULE_IDS = Text(
    "ереже идентификаторларының тізімі күтілді",
    "ожидается список идентификаторов правил",
    "expected a list of rule ids",
)
DECIDED_BY_NEEDS_RULES = Text(
    "why: decided_by болса, шешетін ережелер аталуы керек (кемінде біреуі)",
    "при why: decided_by нужно назвать решающие правила (хотя бы одно)",
    "decided_by names the rules that decide (at least one)",
)

# ---------------------------------------------------- the defect classifier (monitoring-rules app1)
UNKNOWN_DEFECT = Text(
    "{code} — белгісіз ақау коды; 3.4 сияқты код немесе row:N (1–28) күтіледі",
    "{code} — неизвестный код дефекта; ожидается код вида 3.4 или row:N (1–28)",
    "unknown defect code {code}; expected a code such as 3.4 or row:N (1-28)",
)
CODE_NOT_PRINTED = Text(
    "{code} коды акт мәтінінде басылмаған; row:{row} жолы {key} деп болжанады: row:{row} деп сұраңыз",
    "код {code} не напечатан в тексте акта; строка row:{row} предположительно {key}: запросите row:{row}",
    "{code} is not printed in the act's text; row:{row} is inferred to be {key}: ask for row:{row}",
)
UNKNOWN_COLUMN = Text(
    "{column} — белгісіз баған; мыналардың бірі күтіледі: {known} немесе L1–L9, R12–R18",
    "{column} — неизвестная графа; ожидается одна из: {known} или L1–L9, R12–R18",
    "unknown column {column}; expected one of {known} or L1-L9, R12-R18",
)
NOT_A_COLUMN_OF = Text(
    "{column} — {code} жолының бағаны емес; мыналардың бірі күтіледі: {known}",
    "{column} — не графа строки {code}; ожидается одна из: {known}",
    "{column} is not a column of {code}; expected one of {known}",
)
NOT_A_COLUMN_FILE = Text(
    "сыныптама бағандарының файлы емес: columns — position, id және name (kk, ru, en) кілттері бар "
    "объектілер тізімі; үлгісі: classifier_columns.yaml",
    "не файл граф классификатора: columns — список объектов с ключами position, id и name (kk, ru, en); "
    "образец: classifier_columns.yaml",
    "not a classifier column file: `columns` is a list of mappings with position, id and name (kk, ru, en); "
    "see classifier_columns.yaml",
)
COLUMN_KEY_MISSING = Text(
    "бір бағанда {key} кілті жоқ; үлгісі: classifier_columns.yaml",
    "у одной из граф нет ключа {key}; образец: classifier_columns.yaml",
    "a column lacks the key {key}; see classifier_columns.yaml",
)
COLUMN_ID_TWICE = Text(
    "баған идентификаторлары қайталанбауы керек; {id} екі рет кездеседі",
    "идентификаторы граф должны быть уникальны; {id} встречается дважды",
    "column ids must be unique; {id} is given twice",
)

# --------------------------------------------------------------------------- appendices 1 and 2, regions
UNKNOWN_REGION = Text(
    "{value} деген өңір жоқ; код ({codes}) немесе қазақша атауы күтілді",
    "неизвестный регион {value}; ожидается код ({codes}) или казахское название",
    "unknown region {value}; expected a code ({codes}) or a Kazakh name",
)
UNKNOWN_PROFILE = Text(
    "{value} деген төсек бейіні жоқ; код ({codes}) немесе 1-қосымшадағы қазақша атауы күтілді",
    "неизвестный профиль коек {value}; ожидается код ({codes}) или казахское название из приложения 1",
    "unknown bed profile {value}; expected a code ({codes}) or a Kazakh name as in app1",
)
UNKNOWN_DIRECTION = Text(
    "{value} деген бағыт жоқ; 1–14 жол нөмірі немесе мыналардың бірі күтілді: {codes}",
    "неизвестное направление {value}; ожидается номер строки 1–14 или одно из: {codes}",
    "unknown direction {value}; expected a row 1-14 or one of {codes}",
)
NO_APP2_ROW = Text(
    "2-қосымшада {row} жолы жоқ; 1–14 күтілді",
    "в приложении 2 нет строки {row}; ожидается 1–14",
    "app2 has no row {row}; expected 1-14",
)
UNKNOWN_METHOD = Text(
    "{direction} бағытында {code} деген төлем әдісі жоқ; мыналардың бірі күтілді: {known}",
    "у направления {direction} нет способа оплаты {code}; ожидается один из: {known}",
    "unknown method {code} of {direction}; expected one of {known}",
)
NO_CCG = Text(
    "{year} жылғы тарифтер кітабында {code} клиникалық шығындық тобы (немесе базалық мөлшерлеме) жоқ",
    "в книге тарифов {year} года нет клинико-затратной группы {code} (или базовой ставки)",
    "no clinical cost group {code} (or no base rate) in the {year} book",
)

# --------------------------------------------------------------------------- a file that cannot be read
# reading: the YAML parser's own (English) words are not repeated: the line and column point at the fault
# in every language, as the claims readers name a row and a column.
NOT_YAML_AT = Text(
    "YAML ретінде оқылмайды: {line}-жол, {column}-баған",
    "не читается как YAML: строка {line}, столбец {column}",
    "cannot be read as YAML: line {line}, column {column}",
)
KEY_TWICE = Text(
    "{key} кілті екі рет берілген",
    "ключ {key} указан дважды",
    "the key {key} is given twice",
)
NOT_UTF8 = Text(
    "UTF-8 мәтіні емес ({position}-байт)",
    "не текст в UTF-8 (байт {position})",
    "is not UTF-8 text (byte {position})",
)


def unreadable(error: Exception) -> Text:
    """Why a reference file cannot be read: where YAML stops, the first byte that is not UTF-8, a missing
    file; any other error (the system's words) as the claims readers' CANNOT_READ."""
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    if mark is not None:
        at = NOT_YAML_AT.format(line=mark.line + 1, column=mark.column + 1)
        from kepil.data.yaml_loader import DuplicateKey, ImpossibleDate  # a YAML error: yaml is imported

        said = None
        if isinstance(error, ImpossibleDate):
            said = NOT_A_DATE.format(value=quoted(error.value))
        elif isinstance(error, DuplicateKey):
            said = KEY_TWICE.format(key=quoted(error.key))
        if said is not None:
            return Text(f"{at.kk}: {said.kk}", f"{at.ru}: {said.ru}", f"{at.en}: {said.en}")
        return at
    if isinstance(error, UnicodeDecodeError):
        return NOT_UTF8.format(position=error.start + 1)
    if isinstance(error, FileNotFoundError):
        return NOT_FOUND
    return cannot_read(error)
