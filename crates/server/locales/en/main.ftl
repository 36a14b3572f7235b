## User-interface text of the Aqiqat web shell, English.

app-name = Aqiqat
app-tagline = Accountability for violence against protesters
skip-to-content = Skip to main content
nav-label = Main navigation
nav-home = Home
nav-persons = Persons
nav-incidents = Incidents
nav-units = Units
nav-sources = Sources
language-label = Language
language-change = Change
sign-out = Sign out
signed-in-as = Signed in as { $name }
footer-licence = Aqiqat is free software under the GNU Affero General Public License, version 3 or later.

login-title = Sign in
login-intro = Sign in with the account an administrator created for you.
login-username = User name
login-password = Password
login-submit = Sign in
login-failed = Wrong user name or password.

home-title = Overview
home-intro = What the registry holds today.
home-counts-caption = Counts by kind
count-kind = Kind
count-number = Number
count-persons = Persons
count-records = Records from source lists
count-sources = Sources
count-incidents = Incidents
count-units = Units
count-allegations = Allegations
count-events = Events in the change log

persons-title = Persons
incidents-title = Incidents
units-title = Units
sources-title = Sources
list-empty = Nothing has been recorded here yet.
list-next = Next page
list-first = First page
list-pages = Pages

col-name = Name
col-birth-date = Date of birth
col-gender = Gender
col-title = Title
col-date = Date
col-place = Place
col-kind = Kind
col-base = Base
col-publisher = Publisher
col-row = Row
col-id = Identifier
col-role = Role
col-rank = Rank
col-start = From
col-end = To
col-unit = Unit
col-person = Person
col-script = Script
col-scheme = Transliteration
col-incident = Incident
col-violation = Violation
col-victim = Victim
col-victims = Victims
col-subject = Held responsible
col-confidence = Confidence
col-source = Source
col-provider = Provider
col-programme = Programme
col-recipient = Recipient
col-region-at-event = Region at the time
col-current-region = Region today
col-field = Field
col-value = Value

field-id = Identifier
field-gender = Gender
field-birth-date = Date of birth
field-death-date = Date of death
field-notes = Notes
field-date = Date
field-place = Place
field-region-at-event = Region at the time
field-current-region = Region today
field-description = Description
field-kind = Kind
field-base = Base
field-publisher = Publisher
field-published-on = Published on
field-url = Address
field-reliability = Reliability
field-n-records = Records
field-records-shown = The first { $shown } of { $total } records are shown.

section-details = Details
section-names = Names
section-records = Records in source lists
section-violations = Violations
section-postings = Postings
section-members = Members
section-attributions = Held responsible
section-sources = Sources
section-parents = Parent bodies
section-children = Subordinate units
section-deployments = Deployments
section-assistance = Assistance received

none-recorded = None recorded.
unknown = unknown
victim-unnamed = unnamed
ongoing = ongoing

error-not-found-title = Not found
error-not-found-text = There is nothing at this address. It may have been mistyped, or the item does not exist.
error-denied-title = Access denied
error-denied-text = Your role does not allow you to see this page.
error-bad-request-title = Bad request
error-bad-request-text = The address or form contained something the registry could not understand.
error-internal-title = Something went wrong
error-internal-text = The server could not complete the request. The problem has been logged.
error-csrf-title = Form rejected
error-csrf-text = The form had expired or came from another site. Go back, reload the page and try again.
back-home = Back to the overview

locale-en = English
locale-ru = Русский
locale-kk = Қазақша

gender-m = male
gender-f = female

violation-killing = killing
violation-injury = injury
violation-arbitrary-detention = arbitrary detention
violation-torture = torture
violation-death-in-custody = death in custody
violation-enforced-disappearance = enforced disappearance

source-kind-official-list = official list
source-kind-ngo-list = NGO list
source-kind-media-list = media list
source-kind-morgue-list = morgue list
source-kind-family-report = family report
source-kind-document = document
source-kind-dataset = dataset
source-kind-interview = interview
source-kind-media-item = media item

unit-kind-ministry = ministry
unit-kind-service = service
unit-kind-command = command
unit-kind-department = department
unit-kind-unit = unit
unit-kind-foreign-contingent = foreign contingent

reliability-a = A: completely reliable
reliability-b = B: usually reliable
reliability-c = C: fairly reliable
reliability-d = D: not usually reliable
reliability-e = E: unreliable
reliability-f = F: reliability cannot be judged

confidence-low = low
confidence-medium = medium
confidence-high = high

assistance-kind-training = training
assistance-kind-equipment = equipment
assistance-kind-funding = funding

script-cyrl-kk = Kazakh Cyrillic
script-cyrl-ru = Russian Cyrillic
script-latn = Latin
