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
count-registry = Қаза тапқандар тізіліміндегі адамдар
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

## Қаза тапқандар тізілімі: тізімдерді байланыстыру, тексеру кезегі, жұптар, шешімдер, енгізу тарихы, импорт.

nav-registry = Тізілім
nav-review = Тексеру кезегі
nav-capture = Енгізу тарихы

registry-title = Қаза тапқандар тізілімі
registry-intro = Байланыстырылған тізімдерден жинақталған, әр адамға бір жол. Тізім астындағы белгі сол тізімде адамның аты бар екенін білдіреді.
registry-filters = Тізілімді сүзу
registry-place = Қаза тапқан жері
registry-any-place = Кез келген жер
registry-died-from = Қаза тапқан күні, бастап
registry-died-to = Қаза тапқан күні, дейін
registry-age-min = Жасы, бастап
registry-age-max = Жасы, дейін
registry-filter = Сүзу
registry-clear = Сүзгіні тазарту
registry-count = Сәйкес адамдар: { $total }.
registry-caption = Адамдар және оларды атаған тізімдер
registry-empty = Ешкім сәйкес келмейді. Қаза тапқандар тізімдерін байланыстырыңыз немесе сүзгіні кеңейтіңіз.
registry-on-list = ✓
registry-lists-note = Сондай-ақ қараңыз:
registry-status-active = тізілімде
registry-status-merged = басқа адаммен біріктірілді
registry-status-empty = жазбалар қалмады

col-age = Жасы
col-records = Жазбалар
col-pair = Жазбалар жұбы
col-sources = Тізімдер
col-probability = Сәйкестік ықтималдығы
col-now = Қазір
col-priority = Басымдық
col-verdict = Шешім
col-effect = Салдары
col-when = Қашан
col-status = Күйі
col-problem = Мәселе

link-title = Тізімдерді байланыстыру
link-intro = Байланыстыру кезінде таңдалған тізімдердің әр жазбасы әр түрлі әліпби мен жазылуды ескере отырып басқаларымен салыстырылады, бір адам туралы жазбалар біріктіріледі. Қабылданған шешімдер сақталады: әр түрлі адамдар деп танылған жазбалар ешқашан біріктірілмейді.
link-sources = Қай тізімдерді байланыстыру
link-source-label = { $name } ({ $shown }, жазбалар: { $total })
link-submit = Тізілімге байланыстыру
link-no-sources = Әзірге ешбір дереккөзде жазба жоқ. Алдымен тізімді импорттаңыз.
link-read-only = Сіздің рөліңіз тізілімді оқуға рұқсат береді, бірақ тізімдерді байланыстыруға емес.
link-choose-one = Кемінде бір тізімді таңдаңыз.
link-latest = Соңғы байланыстыру
link-never = Тізімдер әлі байланыстырылған жоқ.
link-ran-at = Уақыты
link-lists = Тізімдер
link-records = Жазбалар
link-candidates = Салыстырылған үміткер жұптар
link-pairs-kept = Сақталған жұптар (ықтималдығы 1% және одан жоғары)
link-persons = Адамдар
link-threshold = Біріктіру шегі
link-training = Модельді оқыту
link-em-converged = { $total } қайталауда жинақталды
link-em-not-converged = { $total } қайталауда жинақталмады
link-conflicts = Орындалмаған «бір адам» шешімдері
link-warnings = Ескертулер
link-queue = Тексеруге арналған жұптар

queue-title = Тексеру кезегі
queue-intro = Шешім күтіп тұрған жұптар: { $total } — сәйкестік ықтималдығы 5%-дан 99%-ға дейінгі жұптар. Алдымен шешімі тізілімді ең көп өзгертуі ықтимал жұптар тұр: шешімнің жұптың қазіргі күйін өзгерту мүмкіндігі (жазбалар екі адамда болса — сәйкестік ықтималдығы, бір адамда болса — оның толықтауышы), ол жасайтын немесе үзетін жазба байланыстарының санына көбейтілген.
queue-caption = Анық емес жұптар, алдымен ең маңыздылары
queue-empty = Шешім күтіп тұрған жұп жоқ.
queue-no-run = Тізімдер әлі байланыстырылған жоқ.
queue-one-person = бір адам (жазбалар: { $total })
queue-two-persons = екі адам (жазбалар: { $shown } және { $total })

pair-heading = { $shown } және { $total }
pair-record-a = Бірінші жазба
pair-record-b = Екінші жазба
pair-side-by-side = Екі жазба қатар
pair-verbatim = Импортталған күйі
pair-verbatim-of = Импортталған күйі: { $name }, { $total }-жол
pair-source-record-id = Тізімдегі жазба нөмірі
pair-person = Қазіргі адам
pair-weight = Сәйкестік салмағы
pair-bits = { $total } бит
pair-not-scored = соңғы байланыстыру бағаламаған
pair-now-same = бір адам
pair-now-apart = екі түрлі адам
pair-decision = Шешім
pair-question = Бұл екі жазба бір адам туралы ма?
pair-note = Ескертпе
pair-decide-help = «Бір адам» екі адамды біріктіреді; «Әр түрлі адамдар» оларды бөледі және қайта байланыстырғанда біріктірмейді; «Сенімді емеспін» жұпты кезектен ғана алады. Кез келген шешімді болдырмауға болады.
pair-read-only = Сіздің рөліңіз жұптарды қарауға рұқсат береді, бірақ шешім қабылдауға емес.
pair-next = Кезектегі келесі жұп
pair-back-to-queue = Кезекке оралу
pair-message-decided = Шешім жазылды.
pair-message-undone = Шешім болдырылмады, тізілім қалпына келтірілді.

verdict-same = бір адам
verdict-different = әр түрлі адамдар
verdict-unsure = сенімді емеспін
verdict-same-button = Бір адам
verdict-different-button = Әр түрлі адамдар
verdict-unsure-button = Сенімді емеспін

decision-text = Шешім: { $name }, { $shown }. { $total }
decision-no-change = Тізілім өзгерген жоқ.
decision-moved = Басқа адамға ауыстырылған жазбалар: { $total }.
decision-undo = Шешімді болдырмау
decision-undone-at = болдырылмады { $name }
decision-in-force = күшінде
decisions-title = Шешімдер
decisions-intro = Жұптар бойынша барлық шешімдер, алдымен жаңалары. Шешімді болдырмау тізілімді оған дейінгі күйіне қайтарады.
decisions-none = Әзірге шешім жоқ.

waterfall-title = Бұл баға қайдан шықты
waterfall-help = Сәйкестік салмағы априорлық мәннен басталады (кездейсоқ екі жазбаның бір адам болу ықтималдығы) және әр салыстырудың салмағын қосады: сәйкестік оны арттырады, айырмашылық азайтады, жоқ мән өзгертпейді. Жолақтар жинақталған қорытындыны көрсетеді.
waterfall-caption = Сәйкестік салмағы битпен, салыстырудан салыстыруға
waterfall-comparison = Салыстыру
waterfall-level = Деңгей
waterfall-weight = Салмақ (бит)
waterfall-running = Жинақталған қорытынды
waterfall-chart = Диаграмма
waterfall-prior = Априорлы
waterfall-prior-level = кездейсоқ екі жазба
waterfall-total = Барлығы
waterfall-with-tf = { $shown } (жиілік { $total })
waterfall-none = Бұл жұпты ешбір байланыстыру бағаламаған, сондықтан түсіндірме жоқ.

person-registry-status = Күйі
person-merged-into = Біріктірілді
person-membership = Бұл адамды атаған тізімдер
person-membership-note = Атаған тізімдер: { $total }.
person-matches = Ықтимал сәйкестіктер
person-matches-note = Бұл адамның жазбасын басқа адамның жазбасымен байланыстыратын жұптар, алдымен ең ықтималдары.
person-decisions = Бұл адамның жазбалары бойынша шешімдер

capture-title = Енгізу тарихы
capture-intro = Тізілімдегі әр адамды қай тізімдер атайды: әр тізімге бір баған (1 — тізімде бар, 0 — жоқ) және әр үйлесімдегі адамдар саны. Бұл бірнеше тізім бойынша бағалаудың (MSE) бастапқы деректері.
capture-by = Қабаттар
capture-by-none = қабатсыз
capture-by-place = қаза тапқан жері бойынша
capture-by-period = қаза тапқан аптасы бойынша
capture-show = Көрсету
capture-download = CSV жүктеп алу
capture-caption = Тізімдер үйлесімі бойынша адамдар саны
capture-stratum = Қабат
capture-count = Адамдар
capture-summary = Адамдар: { $total }, тізімдер: { $shown }.
capture-no-run = Тізімдер әлі байланыстырылған жоқ.

import-title = Тізімді импорттау
import-intro = Қаза тапқандар тізімін CSV немесе XLSX пішімінде жүктеңіз. Әр жол оқылған өрістерімен бірге сол күйінде сақталады; оқылмаған ұяшықтар жолы мен бағаны бойынша көрсетіледі. Бір файл екі рет импортталмайды.
import-source = Дереккөзге
import-new-source = Жаңа дереккөз (төменде сипаттаңыз)
import-new-source-legend = Жаңа дереккөз
import-source-title = Атауы
import-file = Файл
import-file-help = CSV (үтір, нүктелі үтір немесе табуляция) немесе XLSX, { $total } МБ-қа дейін. Стандартты пішім (record_id, full_name, surname, given_name, patronymic, birth_date, age, gender, death_date, place, circumstances) бағандарды сәйкестендіруді қажет етпейді; басқа тақырыптар ағылшын, орыс және қазақ тілдерінде танылады немесе дереккөздің сәйкестендіру бетінде беріледі.
import-submit = Импорттау
import-no-file = Импорттайтын файлды таңдаңыз.
import-heading = { $name } файлын импорттау
import-format = Пішімі
import-sheet = Парақ
import-size = Көлемі
import-bytes = { $total } байт
import-sha256 = SHA-256
import-at = Импортталды
import-n-problems = Мәселелер
import-mapping = Бағандарды сәйкестендіру
import-mapping-link = қарау немесе өзгерту
import-problems = Табылған мәселелер
import-no-problems = Барлық жолдар мәселесіз оқылды.
import-rows-note = Жолдар тақырыптың астындағы бірінші жолдан бастап 1-ден саналады. Жазба кез келген мәселеде сақталады; оқылмаған өріс бос қалады.
import-whole-row = бүкіл жол
import-mapping-used = Оқылған бағандар

problem-bad-date = күн емес
problem-bad-age = жас емес
problem-bad-gender = жыныс емес
problem-no-name = аты жоқ
problem-duplicate-record-id = жазба нөмірі бұрын кездескен
problem-ragged-row = ұяшықтар тақырыпқа сәйкес емес
problem-bad-encoding = UTF-8 кодтауы жарамсыз
problem-blank-row = бос жол (жазба жасалмады)

mapping-title = Бағандарды сәйкестендіру
mapping-heading = Бағандарды сәйкестендіру: { $name }
mapping-intro = Бұл дереккөз файлдарының қай бағанында әр өріс тұр. Файлдарда өріс болмаса, оны бос қалдырыңыз.
mapping-column = Баған
mapping-save = Сәйкестендіруді сақтау
mapping-saved = осы дереккөз үшін сақталған
mapping-standard = стандартты пішім
mapping-back = Дереккөзге оралу

victim-field-record_id = Жазба нөмірі
victim-field-full_name = Толық аты-жөні
victim-field-surname = Тегі
victim-field-given_name = Аты
victim-field-patronymic = Әкесінің аты
victim-field-birth_date = Туған күні
victim-field-age = Жасы
victim-field-gender = Жынысы
victim-field-death_date = Қайтыс болған күні
victim-field-place = Жері
victim-field-circumstances = Мән-жайы

field-full-name = Толық аты-жөні
field-surname = Тегі
field-given-name = Аты
field-patronymic = Әкесінің аты
field-circumstances = Мән-жайы

section-imports = Импортталған файлдар
source-mapping = Бағандарды сәйкестендіру
source-import = Файлды импорттау

error-conflict-title = Орындалмады
error-conflict-text = Сұрау бұрын жазылған мәліметке қайшы келеді.
error-too-large-title = Файл тым үлкен
error-too-large-text = Файл сервер қабылдайтыннан үлкен. Оны бөліңіз немесе пәрмен жолынан импорттаңыз.

## Levels and comparisons of the linkage engine's explanations (unknown ones are shown as the engine words them).

level-exact = дәл сәйкес
level-same-after-transliteration-and-morphology = транслитерация мен морфологиядан кейін сәйкес
level-jaro-winkler-0-92-or-one-edit = өте ұқсас (бір түзету)
level-jaro-winkler-0-85-or-two-edits = ұқсас (екі түзету)
level-initial-fits = инициал сәйкес
level-swapped-with-the-surname = тегімен орын ауыстырған
level-one-day-day-and-month-swapped-or-one-digit-apart = бір күн, күн мен ай ауысқан немесе бір цифр
level-same-year = сол жыл
level-within-a-year = бір жыл ішінде
level-within-5-years = 5 жыл ішінде
level-within-3-days = 3 күн ішінде
level-same-place-after-transliteration = транслитерациядан кейін сол жер
level-similar = ұқсас
level-else = әр түрлі
level-missing = бір жағында жоқ

comparison-name-surname = тегі
comparison-name-given = аты
comparison-name-patronymic = әкесінің аты
comparison-birth-date = туған күні
comparison-death-date = қайтыс болған күні
comparison-gender = жынысы
comparison-place = жері
