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
