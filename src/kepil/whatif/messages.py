"""The words of the what-if in kk, ru and en: reform-file errors, the change of an answer, the summary."""

from __future__ import annotations

from kepil.i18n import Text

# The shape of a YAML file and the look-ups the law's own readers share with the reform file.
from kepil.reference.messages import DID_YOU_MEAN as DID_YOU_MEAN
from kepil.reference.messages import EXPECTED_LANGS as EXPECTED_LANGS
from kepil.reference.messages import EXPECTED_LIST as EXPECTED_LIST
from kepil.reference.messages import EXPECTED_OBJECT as EXPECTED_OBJECT
from kepil.reference.messages import REQUIRED as REQUIRED
from kepil.reference.messages import SEE_LIST as SEE_LIST
from kepil.reference.messages import UNKNOWN_KEY as UNKNOWN_KEY
from kepil.reference.messages import UNKNOWN_LIST as UNKNOWN_LIST
from kepil.reference.messages import UNKNOWN_PARAMETER as UNKNOWN_PARAMETER

T = Text

# --------------------------------------------------------------------------- reform-file errors
NOT_A_MAPPING = T(
    "реформа файлы YAML-объект болуы керек (name, cites, ...)",
    "файл реформы должен быть объектом YAML (name, cites, ...)",
    "a reform file must be a YAML mapping (name, cites, ...)",
)
UNREADABLE = T(
    "реформа файлын оқу мүмкін емес: {error}",
    "не удаётся прочитать файл реформы: {error}",
    "cannot read the reform file: {error}",
)
TOO_BIG = T(
    "реформа файлы тым үлкен: {size} байт, шегі {limit} байт",
    "файл реформы слишком велик: {size} байт, предел {limit} байт",
    "the reform file is too large: {size} bytes, the limit is {limit} bytes",
)
EXPECTED_TEXT = T(
    "мәтін күтілді (бос емес, {limit} таңбадан аспайтын)",
    "ожидается текст (непустой, не длиннее {limit} символов)",
    "expected a text (not empty, at most {limit} characters)",
)
EXPECTED_DATE = T(
    "YYYY-MM-DD күні күтілді, берілгені {value}",
    "ожидается дата YYYY-MM-DD, дано {value}",
    "expected a date YYYY-MM-DD, got {value}",
)
EXPECTED_BOOL = T(
    "true не false күтілді, берілгені {value}",
    "ожидается true или false, дано {value}",
    "expected true or false, got {value}",
)
OUTSIDE_PROGRAM = T(
    "{value} Бағдарламаның қолданылу мерзімінен тыс ({start} – {end})",
    "{value} вне срока действия Программы ({start} – {end})",
    "{value} is outside the Program's dates in force ({start} – {end})",
)
CITES_EMPTY = T(
    "реформа өзі негізделген құжатқа сілтеме беруі керек (жоба бұйрық, ұсыныс): кемінде бір жазба",
    "реформа должна ссылаться на то, что она представляет (проект приказа, предложение): хотя бы одна запись",
    "a reform cites what it stands for (a draft order, a proposal): at least one entry",
)
NOTHING_TO_DO = T(
    "реформа ештеңені өзгертпейді: as_of, parameters, rules, lists не tariffs берілмеген",
    "реформа ничего не меняет: не заданы as_of, parameters, rules, lists или tariffs",
    "the reform changes nothing: none of as_of, parameters, rules, lists, tariffs is given",
)
UNKNOWN_RULE = T(
    "белгісіз ереже {name}; {hint}",
    "неизвестное правило {name}; {hint}",
    "unknown rule {name}; {hint}",
)
PARAMETER_TWICE = T(
    "{name} параметрі екі рет өзгертілген",
    "параметр {name} изменён дважды",
    "parameter {name} is changed twice",
)
BAD_VALUE = T(
    "{value} мәні {name} параметрі үшін жарамсыз; рұқсат етілгендер: {allowed}",
    "значение {value} недопустимо для параметра {name}; допустимы: {allowed}",
    "{value} is not a value of {name}; expected one of: {allowed}",
)
BAD_SHAPE = T(
    "{value} мәнінің түрі заңдағы мәннің түріне сәйкес емес ({expected})",
    "тип значения {value} не совпадает с типом значения в законе ({expected})",
    "{value} does not have the shape of the law's value ({expected})",
)
IN_PARAMETERS_YAML = T(
    "параметр мәнінің қатесі: {error}",
    "ошибка в значении параметра: {error}",
    "in the parameter's values: {error}",
)
IN_LIST = T(
    "тізбе нұсқасының қатесі: {error}", "ошибка в версии перечня: {error}", "in the list version: {error}"
)
TO_BEFORE_FROM = T(
    "to ({end}) from ({start}) күнінен бұрын",
    "to ({end}) раньше from ({start})",
    "to ({end}) is before from ({start})",
)
NO_TARIFF_ENTRY = T(
    "тарифтер кітабында {path} жазбасы жоқ (жаңа кілтті тек бар объектіге қосуға болады)",
    "в книге тарифов нет записи {path} (новый ключ можно добавить только в существующий объект)",
    "the tariff book has no entry {path} (a new key can be added only inside an existing mapping)",
)
IN_TARIFFS = T(
    "өзгертілген тарифтер кітабы жарамсыз: {error}",
    "изменённая книга тарифов недопустима: {error}",
    "the changed tariff book is not valid: {error}",
)
REFORM_GAP = T(
    "реформа ережелер кітабын бұзады: {error} (ережені өшірсеңіз, оның орнына басқасын қосыңыз)",
    "реформа ломает свод правил: {error} (выключая правило, включите другое на его место)",
    "the reform breaks the rule book: {error} (switching a rule off, switch another on in its place)",
)

# --------------------------------------------------------------------------- the change of one answer
PACKAGE = {
    "gvfmc": T("ТМККК", "ГОБМП", "GVFMC"),
    "cshi": T("МӘМС", "ОСМС", "CSHI"),
    "omi": T("ЖМС", "ОМС мигрантов", "OMI"),
    "vhi": T("ЕМС", "ДМС", "VHI"),
    "none": T("өтелмейді", "не покрывается", "not covered"),
    "error": T("қате", "ошибка", "error"),
}
CHANGE = {
    "lost": T("өтеуден айырылады", "теряет покрытие", "loses coverage"),
    "gained": T("өтеу алады", "получает покрытие", "gains coverage"),
    "package": T("төлейтін пакет ауысады", "меняется оплачивающий пакет", "another package pays"),
    "conditions": T("шарттары өзгереді", "меняются условия", "the conditions change"),
    "reasons": T("шешетін ереже өзгереді", "меняется решающее правило", "another rule decides"),
    "error": T("қате өзгереді", "меняется ошибка", "the error changes"),
}
SENTENCE = T(
    "{change}: заң бойынша — {before} ({before_rule}; {before_basis}), реформа бойынша — {after} "
    "({after_rule}; {after_basis})",
    "{change}: по закону — {before} ({before_rule}; {before_basis}), по реформе — {after} ({after_rule}; "
    "{after_basis})",
    "{change}: under the law — {before} ({before_rule}; {before_basis}); under the reform — {after} "
    "({after_rule}; {after_basis})",
)
REQUIRES = T("қажет: {what}", "требуется: {what}", "requires: {what}")

# --------------------------------------------------------------------------- the summary
DIMENSIONS = {
    "total": T("барлығы", "всего", "total"),
    "kind": T("көмек түрі", "вид помощи", "kind of care"),
    "region": T("өңір", "регион", "region"),
    "age_band": T("жас тобы", "возрастная группа", "age band"),
    "residency": T("мәртебесі", "статус", "residency"),
    "package": T("пакет (заң → реформа)", "пакет (закон → реформа)", "package (law → reform)"),
}
COLUMNS = {
    "dimension": T("Өлшем", "Измерение", "Dimension"),
    "value": T("Мәні", "Значение", "Value"),
    "requests": T("Сұраныстар", "Запросы", "Requests"),
    "changed": T("Өзгерген", "Изменилось", "Changed"),
    "lost": T("Айырылады", "Теряют", "Lose"),
    "gained": T("Алады", "Получают", "Gain"),
    "package": T("Пакет ауысады", "Меняется пакет", "Package moves"),
    "other": T("Басқа өзгеріс", "Другие изменения", "Other changes"),
}
NOT_GIVEN = T("көрсетілмеген", "не указано", "not given")
AGE_BANDS = {
    "0-17": T("0–17 (бала)", "0–17 (дети)", "0–17 (children)"),
    "18-64": T("18–64", "18–64", "18–64"),
    "65+": T("65 және одан жоғары", "65 и старше", "65 and over"),
}
TITLE = T(
    "«{name}»: {changed} / {requests} сұраныстың жауабы өзгереді",
    "«{name}»: меняется ответ {changed} из {requests} {requests|запроса|запросов|запросов}",
    "“{name}”: the answer changes for {changed} of {requests} {requests|request|requests}",
)
PARAMETER_UNREAD = T(
    "{name} параметрін өтеу ережелері де, төлем мен мониторинг те оқымайды: "
    "оның өзгерісі мұнда ештеңе өзгертпейді",
    "параметр {name} не читают ни правила покрытия, ни оплата и мониторинг: "
    "его изменение здесь ничего не меняет",
    "parameter {name} is read by no coverage rule, payment or monitoring: changing it changes nothing here",
)
