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
count-registry = Persons in the registry of the dead
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

## The victim registry: linking lists, the review queue, pairs, decisions, capture histories, imports.

nav-registry = Registry
nav-review = Review queue
nav-capture = Capture histories

registry-title = Registry of the dead
registry-intro = One row per person, reconciled from the linked lists. A mark under a list means the list names the person.
registry-filters = Filter the registry
registry-place = Place of death
registry-any-place = Any place
registry-died-from = Died on or after
registry-died-to = Died on or before
registry-age-min = Age from
registry-age-max = Age to
registry-filter = Filter
registry-clear = Clear the filters
registry-count = { $total } persons match.
registry-caption = Persons, with the lists that name them
registry-empty = No person matches. Link the lists of the dead, or widen the filters.
registry-on-list = ✓
registry-lists-note = See also:
registry-status-active = in the registry
registry-status-merged = merged into another person
registry-status-empty = no records left

col-age = Age
col-records = Records
col-pair = Pair of records
col-sources = Lists
col-probability = Match probability
col-now = Now
col-priority = Priority
col-verdict = Decision
col-effect = Effect
col-when = When
col-status = Status
col-problem = Problem

link-title = Link the lists
link-intro = Linking compares every record of the chosen lists with the others, across scripts and spellings, and groups the records of one person. Decisions already taken are respected: records decided to be different people are never put together.
link-sources = Lists to link
link-source-label = { $name } ({ $shown }, { $total } records)
link-submit = Link into the registry
link-no-sources = No source holds records yet. Import a list first.
link-read-only = Your role may read the registry but not link lists.
link-choose-one = Choose at least one list.
link-latest = Latest link run
link-never = The lists have not been linked yet.
link-ran-at = Run at
link-lists = Lists
link-records = Records
link-candidates = Candidate pairs compared
link-pairs-kept = Pairs kept (probability of 1% or more)
link-persons = Persons
link-threshold = Clustering threshold
link-training = Training
link-em-converged = converged in { $total } iterations
link-em-not-converged = did not converge in { $total } iterations
link-conflicts = Same-person decisions that could not be kept
link-warnings = Warnings
link-queue = Pairs to review

queue-title = Review queue
queue-intro = { $total } pairs wait for a decision: pairs whose match probability lies between 5% and 99%. First come the pairs whose decision is expected to change the registry most: the chance that the decision reverses how the pair stands now (the match probability when the records are two persons, its complement when they are one), times the number of record links it would make or break.
queue-caption = Uncertain pairs, highest priority first
queue-empty = No pair waits for a decision.
queue-no-run = The lists have not been linked yet.
queue-one-person = one person ({ $total } records)
queue-two-persons = two persons ({ $shown } and { $total } records)

pair-heading = { $shown } and { $total }
pair-record-a = First record
pair-record-b = Second record
pair-side-by-side = The two records side by side
pair-verbatim = As imported
pair-verbatim-of = As imported: { $name }, row { $total }
pair-source-record-id = Record number in the list
pair-person = Person now
pair-weight = Match weight
pair-bits = { $total } bits
pair-not-scored = not scored by the latest link run
pair-now-same = the same person
pair-now-apart = two different persons
pair-decision = Decision
pair-question = Do these two records describe the same person?
pair-note = Note
pair-decide-help = "Same person" merges the two persons; "Different people" separates them and keeps them apart when the lists are linked again; "Unsure" only takes the pair off the queue. Every decision can be undone.
pair-read-only = Your role may read pairs but not decide on them.
pair-next = Next pair in the queue
pair-back-to-queue = Back to the queue
pair-message-decided = The decision was recorded.
pair-message-undone = The decision was undone and the registry restored.

verdict-same = same person
verdict-different = different people
verdict-unsure = unsure
verdict-same-button = Same person
verdict-different-button = Different people
verdict-unsure-button = Unsure

decision-text = Decided: { $name }, { $shown }. { $total }
decision-no-change = The registry did not change.
decision-moved = { $total } records moved to another person.
decision-undo = Undo this decision
decision-undone-at = undone { $name }
decision-in-force = in force
decisions-title = Decisions
decisions-intro = Every decision on a pair, newest first. Undoing a decision restores the registry as it was before it.
decisions-none = No decision has been taken yet.

waterfall-title = Why this score
waterfall-help = The match weight starts from the prior (how likely two records picked at random are one person) and adds the weight of every comparison: agreement pushes it up, disagreement down, a missing value leaves it. The bars show the running total.
waterfall-caption = Match weight in bits, comparison by comparison
waterfall-comparison = Comparison
waterfall-level = Level
waterfall-weight = Weight (bits)
waterfall-running = Running total
waterfall-chart = Chart
waterfall-prior = Prior
waterfall-prior-level = two records picked at random
waterfall-total = Total
waterfall-with-tf = { $shown } (frequency { $total })
waterfall-none = No link run scored this pair, so there is no explanation.

person-registry-status = Status
person-merged-into = Merged into
person-membership = Lists that name this person
person-membership-note = Named by { $total } lists.
person-matches = Possible matches
person-matches-note = Pairs that join a record of this person to a record of another person, most likely first.
person-decisions = Decisions on this person's records

capture-title = Capture histories
capture-intro = For every person of the registry, which lists name them: one column per list (1 on the list, 0 not), and the number of persons with each pattern. This is the input of multiple systems estimation.
capture-by = Strata
capture-by-none = none
capture-by-place = by place of death
capture-by-period = by week of death
capture-show = Show
capture-download = Download as CSV
capture-caption = Persons per capture pattern
capture-stratum = Stratum
capture-count = Persons
capture-summary = { $total } persons over { $shown } lists.
capture-no-run = The lists have not been linked yet.

import-title = Import a list
import-intro = Upload a list of the dead as CSV or XLSX. Every row is kept as it was, with the fields read from it; cells that cannot be read are reported by row and column. The same file is never imported twice.
import-source = Into the source
import-new-source = A new source (describe it below)
import-new-source-legend = New source
import-source-title = Title
import-file = File
import-file-help = CSV (comma, semicolon or tab) or XLSX, up to { $total } MB. The standard layout (record_id, full_name, surname, given_name, patronymic, birth_date, age, gender, death_date, place, circumstances) needs no column mapping; other headers are recognised in English, Russian and Kazakh, or set on the source's mapping page.
import-submit = Import
import-no-file = Choose a file to import.
import-heading = Import of { $name }
import-format = Format
import-sheet = Worksheet
import-size = Size
import-bytes = { $total } bytes
import-sha256 = SHA-256
import-at = Imported at
import-n-problems = Problems
import-mapping = Column mapping
import-mapping-link = view or change
import-problems = Problems found
import-no-problems = Every row was read without a problem.
import-rows-note = Rows are counted from 1 at the first row under the header. Each record is kept whatever its problems; the unreadable field is left empty.
import-whole-row = whole row
import-mapping-used = The columns read

problem-bad-date = not a date
problem-bad-age = not an age
problem-bad-gender = not a gender
problem-no-name = no name
problem-duplicate-record-id = record number used before
problem-ragged-row = cells do not match the header
problem-bad-encoding = not valid UTF-8
problem-blank-row = empty row (no record made)

mapping-title = Column mapping
mapping-heading = Column mapping of { $name }
mapping-intro = Which column of this source's files holds each field. Leave a field empty when the files do not give it.
mapping-column = Column
mapping-save = Save the mapping
mapping-saved = saved for this source
mapping-standard = the standard layout
mapping-back = Back to the source

victim-field-record_id = Record number
victim-field-full_name = Full name
victim-field-surname = Surname
victim-field-given_name = Given name
victim-field-patronymic = Patronymic
victim-field-birth_date = Date of birth
victim-field-age = Age
victim-field-gender = Gender
victim-field-death_date = Date of death
victim-field-place = Place
victim-field-circumstances = Circumstances

field-full-name = Full name
field-surname = Surname
field-given-name = Given name
field-patronymic = Patronymic
field-circumstances = Circumstances

section-imports = Imported files
source-mapping = Column mapping
source-import = Import a file

error-conflict-title = Not done
error-conflict-text = The request contradicts what is already recorded.
error-too-large-title = File too large
error-too-large-text = The file is larger than the server accepts. Split it, or import it from the command line.

## Levels and comparisons of the linkage engine's explanations (unknown ones are shown as the engine words them).

level-exact = exact
level-same-after-transliteration-and-morphology = same after transliteration and morphology
level-jaro-winkler-0-92-or-one-edit = very similar (one edit)
level-jaro-winkler-0-85-or-two-edits = similar (two edits)
level-initial-fits = the initial fits
level-swapped-with-the-surname = swapped with the surname
level-one-day-day-and-month-swapped-or-one-digit-apart = one day apart, day and month swapped, or one digit off
level-same-year = same year
level-within-a-year = within a year
level-within-5-years = within 5 years
level-within-3-days = within 3 days
level-same-place-after-transliteration = same place after transliteration
level-similar = similar
level-else = different
level-missing = missing on one side

comparison-name-surname = surname
comparison-name-given = given name
comparison-name-patronymic = father's name
comparison-birth-date = date of birth
comparison-death-date = date of death
comparison-gender = gender
comparison-place = place
