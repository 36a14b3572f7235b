## Aqiqat веб-қабығының интерфейс мәтіндері, қазақ тілі.

app-name = Aqiqat
app-tagline = Наразылық білдірушілерге қарсы зорлық-зомбылық үшін жауапкершілік
skip-to-content = Негізгі мазмұнға өту
nav-label = Негізгі навигация
nav-home = Басты бет
nav-persons = Тұлғалар
nav-incidents = Оқиғалар
nav-units = Бөлімшелер
nav-sources = Дереккөздер
language-label = Тіл
language-change = Ауыстыру
sign-out = Шығу
signed-in-as = Сіз { $name } ретінде кірдіңіз
footer-licence = Aqiqat — GNU Affero General Public License 3-нұсқасы немесе одан кейінгі нұсқасы бойынша таратылатын еркін бағдарлама.

login-title = Кіру
login-intro = Әкімші сізге ашқан тіркелгімен кіріңіз.
login-username = Пайдаланушы аты
login-password = Құпиясөз
login-submit = Кіру
login-failed = Пайдаланушы аты немесе құпиясөз қате.

home-title = Шолу
home-intro = Тізілімде бүгін не бар.
home-counts-caption = Түрлері бойынша саны
count-kind = Түрі
count-number = Саны
count-persons = Тұлғалар
count-records = Дереккөз тізімдеріндегі жазбалар
count-sources = Дереккөздер
count-incidents = Оқиғалар
count-units = Бөлімшелер
count-allegations = Шағымдар
count-events = Өзгерістер журналындағы оқиғалар

persons-title = Тұлғалар
incidents-title = Оқиғалар
units-title = Бөлімшелер
sources-title = Дереккөздер
list-empty = Мұнда әзірге ештеңе тіркелмеген.
list-next = Келесі бет
list-first = Бірінші бет
list-pages = Беттер

col-name = Аты-жөні
col-birth-date = Туған күні
col-gender = Жынысы
col-title = Атауы
col-date = Күні
col-place = Орны
col-kind = Түрі
col-base = Орналасқан жері
col-publisher = Жариялаушы
col-row = Жол
col-id = Сәйкестендіргіш
col-role = Лауазымы
col-rank = Атағы
col-start = Басы
col-end = Соңы
col-unit = Бөлімше
col-person = Тұлға
col-script = Жазу жүйесі
col-scheme = Транслитерация
col-incident = Оқиға
col-violation = Бұзушылық
col-victim = Зардап шегуші
col-victims = Зардап шегушілер
col-subject = Жауапты
col-confidence = Сенімділік
col-source = Дереккөз
col-provider = Берген тарап
col-programme = Бағдарлама
col-recipient = Алушы
col-region-at-event = Оқиға кезіндегі өңір
col-current-region = Қазіргі өңір
col-field = Өріс
col-value = Мәні

field-id = Сәйкестендіргіш
field-gender = Жынысы
field-birth-date = Туған күні
field-death-date = Қайтыс болған күні
field-notes = Ескертпелер
field-date = Күні
field-place = Орны
field-region-at-event = Оқиға кезіндегі өңір
field-current-region = Қазіргі өңір
field-description = Сипаттамасы
field-kind = Түрі
field-base = Орналасқан жері
field-publisher = Жариялаушы
field-published-on = Жарияланған күні
field-url = Мекенжайы
field-reliability = Сенімділігі
field-n-records = Жазбалар
field-records-shown = { $total } жазбаның алғашқы { $shown } жазбасы көрсетілген.

section-details = Мәліметтер
section-names = Есімдері
section-records = Дереккөз тізімдеріндегі жазбалар
section-violations = Бұзушылықтар
section-postings = Қызмет орындары
section-members = Жеке құрамы
section-attributions = Жауаптылар
section-sources = Дереккөздер
section-parents = Жоғары тұрған органдар
section-children = Бағынышты бөлімшелер
section-deployments = Орналастырулар
section-assistance = Алынған көмек

none-recorded = Мәлімет жоқ.
unknown = белгісіз
victim-unnamed = аты белгісіз
ongoing = қазірге дейін

error-not-found-title = Табылмады
error-not-found-text = Бұл мекенжайда ештеңе жоқ. Мекенжай қате терілген болуы мүмкін немесе мұндай жазба жоқ.
error-denied-title = Рұқсат жоқ
error-denied-text = Сіздің рөліңіз бұл бетті көруге рұқсат бермейді.
error-bad-request-title = Қате сұрау
error-bad-request-text = Мекенжайда немесе формада тізілім түсінбеген дерек бар.
error-internal-title = Бірдеңе дұрыс болмады
error-internal-text = Сервер сұрауды орындай алмады. Қате журналға жазылды.
error-csrf-title = Форма қабылданбады
error-csrf-text = Форманың мерзімі өтіп кеткен немесе ол басқа сайттан жіберілген. Артқа оралып, бетті жаңартып, қайталап көріңіз.
back-home = Шолуға оралу

locale-en = English
locale-ru = Русский
locale-kk = Қазақша

gender-m = ер
gender-f = әйел

violation-killing = кісі өлтіру
violation-injury = жарақат
violation-arbitrary-detention = заңсыз ұстау
violation-torture = азаптау
violation-death-in-custody = қамауда қайтыс болу
violation-enforced-disappearance = күштеп жоғалту

source-kind-official-list = ресми тізім
source-kind-ngo-list = ҮЕҰ тізімі
source-kind-media-list = БАҚ тізімі
source-kind-morgue-list = мәйітхана тізімі
source-kind-family-report = отбасының хабарламасы
source-kind-document = құжат
source-kind-dataset = деректер жиыны
source-kind-interview = сұхбат
source-kind-media-item = БАҚ материалы

unit-kind-ministry = министрлік
unit-kind-service = қызмет
unit-kind-command = қолбасшылық
unit-kind-department = департамент
unit-kind-unit = бөлімше
unit-kind-foreign-contingent = шетелдік контингент

reliability-a = A: толық сенімді
reliability-b = B: әдетте сенімді
reliability-c = C: біршама сенімді
reliability-d = D: әдетте сенімсіз
reliability-e = E: сенімсіз
reliability-f = F: сенімділігін бағалау мүмкін емес

confidence-low = төмен
confidence-medium = орташа
confidence-high = жоғары

assistance-kind-training = оқыту
assistance-kind-equipment = жабдық
assistance-kind-funding = қаржыландыру

script-cyrl-kk = қазақ кириллицасы
script-cyrl-ru = орыс кириллицасы
script-latn = латын жазуы
