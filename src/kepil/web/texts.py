"""The words every page shares (kk, ru, en). Each page module keeps its own words beside its code."""

from __future__ import annotations

from kepil.i18n import Text

COMMON: dict[str, Text] = {
    "app": Text("kepil — медициналық көмек кепілдіктері", "kepil — гарантии медицинской помощи",
                "kepil — guarantees of medical care"),
    "skip": Text("Мазмұнға өту", "Перейти к содержанию", "Skip to content"),
    "nav_home": Text("Басты бет", "Главная", "Home"),
    "nav_coverage": Text("Қамтуды тексеру", "Проверка покрытия", "Coverage check"),
    "nav_persons": Text("Адам", "Человек", "A person"),
    "nav_monitoring": Text("Мониторинг", "Мониторинг", "Monitoring"),
    "nav_payments": Text("Ақы төлеу", "Оплата", "Payments"),
    "nav_caps": Text("Стационар көлемдері", "Объёмы стационара", "Inpatient caps"),
    "nav_access": Text("Қолжетімділік", "Доступность", "Access criteria"),
    "nav_medicines": Text("Дәрілер", "Лекарства", "Medicines"),
    "nav_whatif": Text("Не болады, егер", "Что если", "What if"),
    "nav_law": Text("Заң", "Право", "The law"),
    "language": Text("Тіл", "Язык", "Language"),
    "sign_in": Text("Кіру", "Войти", "Sign in"),
    "sign_out": Text("Шығу", "Выйти", "Sign out"),
    "signed_in_as": Text("Кірген", "Вход выполнен", "Signed in as"),
    "api_key": Text("API кілті", "API-ключ", "API key"),
    "api_key_help": Text("Әкімші берген кілт (оны мына команда жасайды:",
                         "Ключ, выданный администратором (его создаёт команда",
                         "The key an administrator gave you (made by the command"),
    "bad_key": Text("Кілт жарамсыз немесе қайтарып алынған", "Ключ недействителен или отозван",
                    "The key is not valid or was revoked"),
    "demo_sign_in": Text("Демонстрациялық кіру", "Демонстрационный вход", "Demonstration sign-in"),
    "demo_intro": Text("Бұл демонстрациялық сервер: синтетикалық деректер. Рөлді таңдап кіріңіз.",
                       "Это демонстрационный сервер с синтетическими данными. Войдите, выбрав роль.",
                       "This is a demonstration server with synthetic data. Sign in as a role."),
    "forbidden": Text("Бұл бет сіздің рөліңізге қолжетімсіз", "Эта страница недоступна вашей роли",
                      "This page is not open to your role"),
    "not_found": Text("Табылмады", "Не найдено", "Not found"),
    "export": Text("Жүктеп алу", "Скачать", "Download"),
    "no_rows": Text("Деректер жоқ", "Нет данных", "No data"),
    "rows_shown": Text("{shown} / {total} жол көрсетілді", "показано {shown} из {total} "
    "{total|строки|строк|строк}",
                       "{shown} of {total} {total|row|rows} shown"),
    "export_all": Text("толығы CSV және XLSX файлдарында", "полностью — в файлах CSV и XLSX",
                       "all of them in the CSV and XLSX files"),
    "show": Text("Көрсету", "Показать", "Show"),
    # a long table's pages (kepil.web.tables.table_page)
    "rows_range": Text("{total} жолдың {first}–{last}", "строки {first}–{last} из {total}",
                       "rows {first}–{last} of {total}"),
    "table_pages": Text("Кесте беттері", "Страницы таблицы", "Table pages"),
    "table_page_of": Text("{page}-бет / {pages}", "страница {page} из {pages}", "page {page} of {pages}"),
    "table_prev": Text("← Алдыңғы", "← Предыдущие", "← Previous"),
    "table_next": Text("Келесі →", "Следующие →", "Next →"),
    "table_first": Text("Бірінші бет", "Первая страница", "First page"),
    "table_last": Text("Соңғы бет", "Последняя страница", "Last page"),
    "yes": Text("иә", "да", "yes"),
    "no": Text("жоқ", "нет", "no"),
    "role_registrar": Text("тіркеуші", "регистратор", "registrar"),
    "role_provider": Text("жеткізуші", "поставщик", "provider"),
    "role_analyst": Text("талдаушы", "аналитик", "analyst"),
    "role_fund": Text("Қор маманы", "сотрудник Фонда", "Fund staff"),
    "role_admin": Text("әкімші", "администратор", "administrator"),
    "clause": Text("тармақ", "пункт", "clause"),
    "in_force": Text("күшінде", "действует", "in force"),
    "error": Text("Қате", "Ошибка", "Error"),
}  # fmt: skip


# The months' short names (1–12 → index 0–11): the caps page names the months its claims cover, the
# medicines page heads the need's monthly columns (drug-rules: need by month).
MONTHS_SHORT: tuple[Text, ...] = tuple(
    Text(kk, ru, en)
    for kk, ru, en in zip(
        ["қаң", "ақп", "нау", "сәу", "мам", "мау", "шіл", "там", "қыр", "қаз", "қар", "жел"],
        ["янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"],
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
        strict=True,
    )
)
