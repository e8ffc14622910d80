"""Messages of the batch inputs' validation (shared/contracts/claims.md), in kk, ru and en."""

from __future__ import annotations

from kepil.i18n import Text

WHERE = Text(
    "{file}, {row}-жол, «{column}» бағаны: ",
    "{file}, строка {row}, столбец «{column}»: ",
    "{file}, row {row}, column `{column}`: ",
)
WHERE_FILE = Text("{file}: ", "{file}: ", "{file}: ")
WHERE_ROW = Text("{file}, {row}-жол: ", "{file}, строка {row}: ", "{file}, row {row}: ")

MISSING_COLUMN = Text(
    "«{column}» міндетті бағаны жоқ (тақырып жолында: {present})",
    "нет обязательного столбца «{column}» (в заголовке: {present})",
    "the required column `{column}` is missing (the header has: {present})",
)
CANNOT_READ = Text(
    "файл оқылмайды: {reason}",
    "файл не читается: {reason}",
    "the file cannot be read: {reason}",
)
EMPTY_FILE = Text(
    "файл бос: тақырып жолы да жоқ",
    "файл пуст: нет даже строки заголовка",
    "the file is empty: not even a header row",
)


def cannot_read(error: Exception) -> Text:
    """Why a CSV or Parquet reader gave up: an empty file in kk/ru/en (polars' `NoDataError`, "empty CSV");
    anything else as CANNOT_READ with the reader's first line."""
    if type(error).__name__ == "NoDataError":
        return EMPTY_FILE
    text = str(error).strip()
    return CANNOT_READ.format(reason=text.splitlines()[0][:200] if text else type(error).__name__)


NO_ROWS = Text(
    "файлда тақырып жолы бар, бірақ деректер жолы жоқ; бос кіріс күтілсе, --allow-empty беріңіз",
    "в файле есть заголовок, но нет ни одной строки данных; если пустой вход ожидаем, укажите --allow-empty",
    "the file has no data rows (a header at most); give --allow-empty when an empty input is expected",
)
NO_ROWS_PLAIN = Text(
    "файлда деректер жолы жоқ (ең көбі тақырып жолы)",
    "в файле нет строк данных (в лучшем случае заголовок)",
    "the file has no data rows (a header at most)",
)
TOO_LONG = Text(
    "{value} тым ұзын: ең көбі {limit} таңба",
    "{value} слишком длинное: не более {limit} символов",
    "{value} is too long: at most {limit} characters",
)
NOT_FOUND = Text("файл жоқ", "файл не найден", "the file does not exist")
BAD_SUFFIX = Text(
    "файл .csv (UTF-8, тақырып жолымен) немесе .parquet болуы керек",
    "ожидается файл .csv (UTF-8, со строкой заголовка) или .parquet",
    "expected a .csv (UTF-8, with a header row) or .parquet file",
)
REQUIRED_VALUE = Text(
    "мән бос; бұл баған толтырылуы керек",
    "значение пусто; столбец обязателен к заполнению",
    "the value is empty; this column must be filled",
)
WRONG_TYPE = Text(
    "{expected} күтілді, баған түрі {dtype}",
    "ожидается {expected}, тип столбца {dtype}",
    "expected {expected}, the column's type is {dtype}",
)
IIN_AS_NUMBER = Text(
    "ЖСН мәтін болуы керек (сан ретінде алдыңғы нөлдер жоғалады), баған түрі {dtype}",
    "ИИН должен быть текстом (в числе теряются ведущие нули), тип столбца {dtype}",
    "an IIN must be text (as a number it loses its leading zeros), the column's type is {dtype}",
)
NOT_DATE = Text(
    "{value} күн емес; күтілетіні ЖЖЖЖ-АА-КК",
    "{value} не дата; ожидается ГГГГ-ММ-ДД",
    "{value} is not a date; expected YYYY-MM-DD",
)
NOT_INTEGER = Text(
    "{value} бүтін сан емес (сома бүтін тиынмен беріледі)",
    "{value} не целое число (сумма задаётся целыми тиынами)",
    "{value} is not an integer (money is given in whole tiyn)",
)
NEGATIVE = Text(
    "{value} теріс сан; сома 0-ден кем болмайды",
    "{value} отрицательное; сумма не может быть меньше 0",
    "{value} is negative; an amount cannot be below 0",
)
NOT_BOOL = Text(
    "{value} логикалық мән емес; күтілетіні true немесе false",
    "{value} не логическое значение; ожидается true или false",
    "{value} is not a boolean; expected true or false",
)
NOT_ONE_OF = Text(
    "{value} рұқсат етілген мәндердің бірі емес: {allowed}",
    "{value} не из допустимых значений: {allowed}",
    "{value} is not one of: {allowed}",
)
NOT_IIN = Text(
    "{value} ЖСН емес: 12 цифр және дұрыс бақылау цифры керек",
    "{value} не ИИН: нужны 12 цифр и верная контрольная цифра",
    "{value} is not an IIN: 12 digits with a valid check digit are expected",
)
# Also kepil.reference.icd10.check_icd10's (one request's code), so the same words on both paths.
NOT_ICD10 = Text(
    "{value} АХЖ-10 (ДДСҰ 2019) диагноз коды емес; мысалы, K80 немесе K80.1 күтіледі",
    "{value} — не код диагноза МКБ-10 (ВОЗ 2019); ожидается, например, K80 или K80.1",
    "{value} is not an ICD-10 (WHO 2019) diagnosis code; expected e.g. K80 or K80.1",
)
UNKNOWN_REGION = Text(
    "{value} белгісіз өңір; өңір коды (мысалы astana) немесе оның қазақша атауы күтілді",
    "{value} неизвестный регион; ожидается код региона (например astana) или его казахское название",
    "{value} is not a region; expected a region code (e.g. astana) or its Kazakh name",
)
DUPLICATE = Text(
    "{value} қайталанады: ол {first}-жолда бар; бұл бағанның мәндері бірегей болуы керек",
    "{value} повторяется: уже есть в строке {first}; значения столбца должны быть уникальны",
    "{value} is repeated: row {first} has it already; the column's values must be unique",
)
DATE_ORDER = Text(
    "{value} «{earlier}» күнінен ({earlier_value}) бұрын",
    "{value} раньше, чем «{earlier}» ({earlier_value})",
    "{value} is before `{earlier}` ({earlier_value})",
)
EXPECTED = {
    "string": Text("мәтін", "текст", "text"),
    "date": Text("күн", "дата", "a date"),
    "money": Text("бүтін сан (тиын)", "целое число (тиыны)", "an integer (tiyn)"),
    "bool": Text("логикалық мән", "логическое значение", "a boolean"),
}
