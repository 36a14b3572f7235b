## Тексты интерфейса веб-оболочки Aqiqat, русский язык.

app-name = Aqiqat
app-tagline = Ответственность за насилие против протестующих
skip-to-content = Перейти к основному содержимому
nav-label = Основная навигация
nav-home = Главная
nav-persons = Лица
nav-incidents = Инциденты
nav-units = Подразделения
nav-sources = Источники
language-label = Язык
language-change = Сменить
sign-out = Выйти
signed-in-as = Вы вошли как { $name }
footer-licence = Aqiqat — свободное программное обеспечение под лицензией GNU Affero General Public License версии 3 или более поздней.

login-title = Вход
login-intro = Войдите с учётной записью, которую для вас создал администратор.
login-username = Имя пользователя
login-password = Пароль
login-submit = Войти
login-failed = Неверное имя пользователя или пароль.

home-title = Обзор
home-intro = Что содержится в реестре на сегодня.
home-counts-caption = Количество по видам
count-kind = Вид
count-number = Количество
count-registry = Лица в реестре погибших
count-persons = Лица
count-records = Записи из списков-источников
count-sources = Источники
count-incidents = Инциденты
count-units = Подразделения
count-allegations = Жалобы
count-events = События в журнале изменений

persons-title = Лица
incidents-title = Инциденты
units-title = Подразделения
sources-title = Источники
list-empty = Здесь пока ничего не записано.
list-next = Следующая страница
list-first = Первая страница
list-pages = Страницы

col-name = Имя
col-birth-date = Дата рождения
col-gender = Пол
col-title = Название
col-date = Дата
col-place = Место
col-kind = Вид
col-base = Место дислокации
col-publisher = Издатель
col-row = Строка
col-id = Идентификатор
col-role = Должность
col-rank = Звание
col-start = С
col-end = По
col-unit = Подразделение
col-person = Лицо
col-script = Письменность
col-scheme = Транслитерация
col-incident = Инцидент
col-violation = Нарушение
col-victim = Пострадавший
col-victims = Пострадавшие
col-subject = Ответственный
col-confidence = Достоверность
col-source = Источник
col-provider = Кто предоставил
col-programme = Программа
col-recipient = Получатель
col-region-at-event = Регион на момент событий
col-current-region = Регион сейчас
col-field = Поле
col-value = Значение

field-id = Идентификатор
field-gender = Пол
field-birth-date = Дата рождения
field-death-date = Дата смерти
field-notes = Примечания
field-date = Дата
field-place = Место
field-region-at-event = Регион на момент событий
field-current-region = Регион сейчас
field-description = Описание
field-kind = Вид
field-base = Место дислокации
field-publisher = Издатель
field-published-on = Дата публикации
field-url = Адрес
field-reliability = Надёжность
field-n-records = Записи
field-records-shown = Показаны первые { $shown } из { $total } записей.

section-details = Сведения
section-names = Имена
section-records = Записи в списках-источниках
section-violations = Нарушения
section-postings = Места службы
section-members = Личный состав
section-attributions = Ответственные
section-sources = Источники
section-parents = Вышестоящие органы
section-children = Подчинённые подразделения
section-deployments = Развёртывания
section-assistance = Полученная помощь

none-recorded = Сведений нет.
unknown = неизвестно
victim-unnamed = без имени
ongoing = по настоящее время

error-not-found-title = Не найдено
error-not-found-text = По этому адресу ничего нет. Возможно, в нём опечатка или такой записи не существует.
error-denied-title = Доступ запрещён
error-denied-text = Ваша роль не позволяет просматривать эту страницу.
error-bad-request-title = Неверный запрос
error-bad-request-text = В адресе или форме есть данные, которые реестр не смог разобрать.
error-internal-title = Что-то пошло не так
error-internal-text = Сервер не смог выполнить запрос. Ошибка записана в журнал.
error-csrf-title = Форма отклонена
error-csrf-text = Срок действия формы истёк, или она была отправлена с другого сайта. Вернитесь назад, обновите страницу и попробуйте снова.
back-home = Вернуться к обзору

locale-en = English
locale-ru = Русский
locale-kk = Қазақша

gender-m = мужской
gender-f = женский

violation-killing = убийство
violation-injury = ранение
violation-arbitrary-detention = произвольное задержание
violation-torture = пытки
violation-death-in-custody = смерть под стражей
violation-enforced-disappearance = насильственное исчезновение

source-kind-official-list = официальный список
source-kind-ngo-list = список НКО
source-kind-media-list = список СМИ
source-kind-morgue-list = список морга
source-kind-family-report = сообщение семьи
source-kind-document = документ
source-kind-dataset = набор данных
source-kind-interview = интервью
source-kind-media-item = публикация СМИ

unit-kind-ministry = министерство
unit-kind-service = служба
unit-kind-command = командование
unit-kind-department = департамент
unit-kind-unit = подразделение
unit-kind-foreign-contingent = иностранный контингент

reliability-a = A: полностью надёжный
reliability-b = B: обычно надёжный
reliability-c = C: достаточно надёжный
reliability-d = D: обычно ненадёжный
reliability-e = E: ненадёжный
reliability-f = F: надёжность невозможно оценить

confidence-low = низкая
confidence-medium = средняя
confidence-high = высокая

assistance-kind-training = обучение
assistance-kind-equipment = снаряжение
assistance-kind-funding = финансирование

script-cyrl-kk = казахская кириллица
script-cyrl-ru = русская кириллица
script-latn = латиница

## Реестр погибших: связывание списков, очередь проверки, пары, решения, истории включения, импорт.

nav-registry = Реестр
nav-review = Очередь проверки
nav-capture = Истории включения

registry-title = Реестр погибших
registry-intro = Одна строка на человека, сведённая из связанных списков. Отметка под списком означает, что список называет этого человека.
registry-filters = Отбор в реестре
registry-place = Место гибели
registry-any-place = Любое место
registry-died-from = Погиб не ранее
registry-died-to = Погиб не позднее
registry-age-min = Возраст от
registry-age-max = Возраст до
registry-filter = Отобрать
registry-clear = Сбросить отбор
registry-count = Подходит лиц: { $total }.
registry-caption = Лица и списки, которые их называют
registry-empty = Никто не подходит. Свяжите списки погибших или расширьте отбор.
registry-on-list = ✓
registry-lists-note = См. также:
registry-status-active = в реестре
registry-status-merged = объединено с другим лицом
registry-status-empty = записей не осталось

col-age = Возраст
col-records = Записи
col-pair = Пара записей
col-sources = Списки
col-probability = Вероятность совпадения
col-now = Сейчас
col-priority = Приоритет
col-verdict = Решение
col-effect = Последствие
col-when = Когда
col-status = Состояние
col-problem = Проблема

link-title = Связать списки
link-intro = При связывании каждая запись выбранных списков сравнивается с остальными с учётом разных алфавитов и написаний, и записи об одном человеке объединяются. Принятые решения соблюдаются: записи, признанные разными людьми, никогда не объединяются.
link-sources = Какие списки связать
link-source-label = { $name } ({ $shown }, записей: { $total })
link-submit = Связать в реестр
link-no-sources = Ни в одном источнике пока нет записей. Сначала импортируйте список.
link-read-only = Ваша роль позволяет читать реестр, но не связывать списки.
link-choose-one = Выберите хотя бы один список.
link-latest = Последнее связывание
link-never = Списки ещё не связывались.
link-ran-at = Время
link-lists = Списки
link-records = Записи
link-candidates = Сравнено пар-кандидатов
link-pairs-kept = Сохранено пар (вероятность от 1%)
link-persons = Лица
link-threshold = Порог объединения
link-training = Обучение модели
link-em-converged = сошлось за { $total } итераций
link-em-not-converged = не сошлось за { $total } итераций
link-conflicts = Решения «один человек», которые не удалось соблюсти
link-warnings = Предупреждения
link-queue = Пары для проверки

queue-title = Очередь проверки
queue-intro = Ждут решения пар: { $total } — пары с вероятностью совпадения от 5% до 99%. Первыми идут пары, решение по которым, вероятно, сильнее всего изменит реестр: шанс, что решение изменит нынешнее положение пары (вероятность совпадения, если записи у двух лиц, и обратная ей, если у одного), умноженный на число связей между записями, которые оно создаст или разорвёт.
queue-caption = Неясные пары, сначала самые важные
queue-empty = Ни одна пара не ждёт решения.
queue-no-run = Списки ещё не связывались.
queue-one-person = одно лицо (записей: { $total })
queue-two-persons = два лица (записей: { $shown } и { $total })

pair-heading = { $shown } и { $total }
pair-record-a = Первая запись
pair-record-b = Вторая запись
pair-side-by-side = Две записи рядом
pair-verbatim = Как импортировано
pair-verbatim-of = Как импортировано: { $name }, строка { $total }
pair-source-record-id = Номер записи в списке
pair-person = Лицо сейчас
pair-weight = Вес совпадения
pair-bits = { $total } бит
pair-not-scored = не оценена последним связыванием
pair-now-same = одно и то же лицо
pair-now-apart = два разных лица
pair-decision = Решение
pair-question = Описывают ли эти две записи одного и того же человека?
pair-note = Примечание
pair-decide-help = «Один человек» объединяет два лица; «Разные люди» разделяет их и не даёт объединить при повторном связывании; «Не уверен» только убирает пару из очереди. Любое решение можно отменить.
pair-read-only = Ваша роль позволяет смотреть пары, но не принимать решения.
pair-next = Следующая пара в очереди
pair-back-to-queue = Вернуться к очереди
pair-message-decided = Решение записано.
pair-message-undone = Решение отменено, реестр восстановлен.

verdict-same = один человек
verdict-different = разные люди
verdict-unsure = не уверен
verdict-same-button = Один человек
verdict-different-button = Разные люди
verdict-unsure-button = Не уверен

decision-text = Решение: { $name }, { $shown }. { $total }
decision-no-change = Реестр не изменился.
decision-moved = Записей перенесено к другому лицу: { $total }.
decision-undo = Отменить решение
decision-undone-at = отменено { $name }
decision-in-force = действует
decisions-title = Решения
decisions-intro = Все решения по парам, сначала новые. Отмена решения возвращает реестр в состояние до него.
decisions-none = Решений пока нет.

waterfall-title = Откуда эта оценка
waterfall-help = Вес совпадения начинается с априорного значения (насколько вероятно, что две случайные записи — один человек) и прибавляет вес каждого сравнения: совпадение увеличивает его, расхождение уменьшает, отсутствующее значение не меняет. Полосы показывают нарастающий итог.
waterfall-caption = Вес совпадения в битах, сравнение за сравнением
waterfall-comparison = Сравнение
waterfall-level = Уровень
waterfall-weight = Вес (бит)
waterfall-running = Нарастающий итог
waterfall-chart = Диаграмма
waterfall-prior = Априори
waterfall-prior-level = две случайные записи
waterfall-total = Итого
waterfall-with-tf = { $shown } (частота { $total })
waterfall-none = Эту пару не оценивало ни одно связывание, поэтому объяснения нет.

person-registry-status = Статус
person-merged-into = Объединено с
person-membership = Списки, которые называют этого человека
person-membership-note = Называют списков: { $total }.
person-matches = Возможные совпадения
person-matches-note = Пары, связывающие запись этого человека с записью другого лица, сначала наиболее вероятные.
person-decisions = Решения по записям этого человека

capture-title = Истории включения
capture-intro = Для каждого человека из реестра — какие списки его называют: по столбцу на список (1 — есть в списке, 0 — нет) и число людей с каждым сочетанием. Это исходные данные для оценки по нескольким спискам (MSE).
capture-by = Слои
capture-by-none = без слоёв
capture-by-place = по месту гибели
capture-by-period = по неделе гибели
capture-show = Показать
capture-download = Скачать CSV
capture-caption = Число людей по сочетаниям списков
capture-stratum = Слой
capture-count = Люди
capture-summary = Людей: { $total }, списков: { $shown }.
capture-no-run = Списки ещё не связывались.

import-title = Импорт списка
import-intro = Загрузите список погибших в формате CSV или XLSX. Каждая строка сохраняется как есть вместе с прочитанными из неё полями; нечитаемые ячейки указываются по строке и столбцу. Один и тот же файл дважды не импортируется.
import-source = В источник
import-new-source = Новый источник (опишите ниже)
import-new-source-legend = Новый источник
import-source-title = Название
import-file = Файл
import-file-help = CSV (запятая, точка с запятой или табуляция) или XLSX, до { $total } МБ. Стандартная раскладка (record_id, full_name, surname, given_name, patronymic, birth_date, age, gender, death_date, place, circumstances) не требует сопоставления столбцов; другие заголовки распознаются на английском, русском и казахском или задаются на странице сопоставления источника.
import-submit = Импортировать
import-no-file = Выберите файл для импорта.
import-heading = Импорт файла { $name }
import-format = Формат
import-sheet = Лист
import-size = Размер
import-bytes = { $total } байт
import-sha256 = SHA-256
import-at = Импортировано
import-n-problems = Проблемы
import-mapping = Сопоставление столбцов
import-mapping-link = посмотреть или изменить
import-problems = Найденные проблемы
import-no-problems = Все строки прочитаны без проблем.
import-rows-note = Строки считаются с 1 от первой строки под заголовком. Запись сохраняется при любых проблемах; нечитаемое поле остаётся пустым.
import-whole-row = вся строка
import-mapping-used = Прочитанные столбцы

problem-bad-date = не дата
problem-bad-age = не возраст
problem-bad-gender = не пол
problem-no-name = нет имени
problem-duplicate-record-id = номер записи уже встречался
problem-ragged-row = ячейки не соответствуют заголовку
problem-bad-encoding = неверная кодировка UTF-8
problem-blank-row = пустая строка (запись не создана)

mapping-title = Сопоставление столбцов
mapping-heading = Сопоставление столбцов: { $name }
mapping-intro = В каком столбце файлов этого источника находится каждое поле. Оставьте поле пустым, если в файлах его нет.
mapping-column = Столбец
mapping-save = Сохранить сопоставление
mapping-saved = сохранено для этого источника
mapping-standard = стандартная раскладка
mapping-back = Вернуться к источнику

victim-field-record_id = Номер записи
victim-field-full_name = Полное имя
victim-field-surname = Фамилия
victim-field-given_name = Имя
victim-field-patronymic = Отчество
victim-field-birth_date = Дата рождения
victim-field-age = Возраст
victim-field-gender = Пол
victim-field-death_date = Дата смерти
victim-field-place = Место
victim-field-circumstances = Обстоятельства

field-full-name = Полное имя
field-surname = Фамилия
field-given-name = Имя
field-patronymic = Отчество
field-circumstances = Обстоятельства

section-imports = Импортированные файлы
source-mapping = Сопоставление столбцов
source-import = Импортировать файл

error-conflict-title = Не выполнено
error-conflict-text = Запрос противоречит тому, что уже записано.
error-too-large-title = Файл слишком большой
error-too-large-text = Файл больше, чем принимает сервер. Разделите его или импортируйте из командной строки.

## Levels and comparisons of the linkage engine's explanations (unknown ones are shown as the engine words them).

level-exact = совпадает точно
level-same-after-transliteration-and-morphology = совпадает после транслитерации и морфологии
level-jaro-winkler-0-92-or-one-edit = очень похоже (одна правка)
level-jaro-winkler-0-85-or-two-edits = похоже (две правки)
level-initial-fits = инициал подходит
level-swapped-with-the-surname = переставлено с фамилией
level-one-day-day-and-month-swapped-or-one-digit-apart = на день, день и месяц переставлены или одна цифра
level-same-year = тот же год
level-within-a-year = в пределах года
level-within-5-years = в пределах 5 лет
level-within-3-days = в пределах 3 дней
level-same-place-after-transliteration = то же место после транслитерации
level-similar = похоже
level-else = различается
level-missing = нет с одной стороны

comparison-name-surname = фамилия
comparison-name-given = имя
comparison-name-patronymic = отчество
comparison-birth-date = дата рождения
comparison-death-date = дата смерти
comparison-gender = пол
comparison-place = место
