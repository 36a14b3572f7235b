//! Importing lists of the dead from CSV and XLSX files into a source.
//!
//! Reading is pure ([`read_table`], [`parse_records`]): bytes in, a table of text cells out, then
//! records with their parsed fields and the problems found, by row and column. Nothing is ever
//! dropped silently: a cell that does not parse leaves its field empty and becomes a problem, and
//! the row is kept verbatim. The use case hashes the file, refuses a file imported before, and
//! writes the import, the records and the source's mapping in one transaction.

use std::collections::HashMap;
use std::io::Cursor;
use std::sync::Arc;

use domain::access::{Action, Actor, authorize};
use domain::change::Change;
use domain::date::{FuzzyDate, Timestamp};
use domain::entity::{Gender, Record, Reliability, Source, SourceKind, VictimFields};
use domain::id::{ImportId, RecordId, SourceId};
use domain::registry::{ColumnMapping, Import, ImportFormat, ImportProblem, ProblemKind, VictimField};
use sha2::Digest;

use crate::classified::Withhold;
use crate::{App, Error, Progress, Result};

/// Records per `ImportRecordsAdded` change, so that no event payload grows past a few megabytes.
const RECORDS_PER_CHANGE: usize = 1000;

/// A file read into text cells: the header and one row per line or spreadsheet row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub format: ImportFormat,
    pub sheet: Option<String>,
    pub headers: Vec<String>,
    pub rows: Vec<TableRow>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRow {
    pub cells: Vec<String>,
    /// The row was not valid UTF-8 and was read with replacement characters.
    pub bad_encoding: bool,
}

/// What the file's rows became.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedRecord {
    /// From 1 at the first row under the header.
    pub row_number: u32,
    pub source_record_id: Option<String>,
    pub verbatim: Vec<(String, String)>,
    pub fields: VictimFields,
}

/// Where an import goes: an existing source, or a new one registered in the same transaction.
#[derive(Debug, Clone)]
pub enum ImportTarget {
    Existing(SourceId),
    New(NewSource),
}

/// A source described by the importer.
#[derive(Debug, Clone)]
pub struct NewSource {
    pub title: String,
    pub kind: SourceKind,
    pub publisher: String,
    pub reliability: Reliability,
}

/// One file to import.
#[derive(Debug, Clone)]
pub struct ImportRequest {
    pub target: ImportTarget,
    pub file_name: String,
    pub bytes: Vec<u8>,
    /// The mapping to use (and save for the source); `None` uses the source's saved mapping, or
    /// recognises the columns by their headers.
    pub mapping: Option<ColumnMapping>,
}

/// What an import did.
#[derive(Debug, Clone)]
pub struct ImportReport {
    pub import: Import,
    pub source: Source,
}

/// An import with its source, for the import page.
#[derive(Debug, Clone)]
pub struct ImportDetail {
    pub import: Import,
    pub source: Source,
}

fn unreadable(file_name: &str, detail: impl std::fmt::Display) -> Error {
    Error::UnreadableFile { file_name: file_name.to_owned(), detail: detail.to_string() }
}

/// Headers as users see them: trimmed, without a byte-order mark, never empty, never repeated.
fn clean_headers(raw: Vec<String>) -> Vec<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    raw.into_iter()
        .enumerate()
        .map(|(index, header)| {
            let header = header.trim().trim_start_matches('\u{feff}').trim().to_owned();
            let header = if header.is_empty() { format!("column {}", index + 1) } else { header };
            let n = seen.entry(header.clone()).or_insert(0);
            *n += 1;
            if *n == 1 { header } else { format!("{header} ({n})") }
        })
        .collect()
}

/// The delimiter of a CSV file: the most frequent of `,`, `;` and tab in its first line.
fn sniff_delimiter(bytes: &[u8]) -> u8 {
    let first_line = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| (first_line.iter().filter(|b| *b == d).count(), *d == b','))
        .unwrap_or(b',')
}

fn read_csv(file_name: &str, bytes: &[u8]) -> Result<Table> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sniff_delimiter(bytes))
        .from_reader(bytes);
    let mut records = reader.byte_records();
    let header = match records.next() {
        Some(Ok(header)) => header,
        Some(Err(error)) => return Err(unreadable(file_name, format!("header: {error}"))),
        None => return Err(unreadable(file_name, "the file is empty")),
    };
    let headers = clean_headers(header.iter().map(|cell| String::from_utf8_lossy(cell).into_owned()).collect());
    let mut rows = Vec::new();
    for (index, record) in records.enumerate() {
        let record = record.map_err(|error| unreadable(file_name, format!("row {}: {error}", index + 1)))?;
        let mut bad_encoding = false;
        let cells = record
            .iter()
            .map(|cell| match std::str::from_utf8(cell) {
                Ok(text) => text.to_owned(),
                Err(_) => {
                    bad_encoding = true;
                    String::from_utf8_lossy(cell).into_owned()
                }
            })
            .collect();
        rows.push(TableRow { cells, bad_encoding });
    }
    Ok(Table { format: ImportFormat::Csv, sheet: None, headers, rows })
}

/// A spreadsheet cell as text: whole numbers without a decimal point, dates as `YYYY-MM-DD`.
fn cell_text(cell: &calamine::Data) -> String {
    use calamine::Data;
    match cell {
        Data::Empty => String::new(),
        Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => text.clone(),
        Data::Int(n) => n.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        Data::DateTime(excel) => {
            let (year, month, day, hour, minute, second, _) = excel.to_ymd_hms_milli();
            if hour == 0 && minute == 0 && second == 0 {
                format!("{year:04}-{month:02}-{day:02}")
            } else {
                format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}:{second:02}")
            }
        }
        Data::Error(error) => format!("#{error:?}"),
    }
}

fn read_xlsx(file_name: &str, bytes: &[u8]) -> Result<Table> {
    use calamine::Reader;
    let mut workbook: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|error| unreadable(file_name, error))?;
    let sheet = workbook.sheet_names().first().cloned().ok_or_else(|| unreadable(file_name, "no worksheet"))?;
    let range = workbook.worksheet_range(&sheet).map_err(|error| unreadable(file_name, error))?;
    let mut rows = range.rows();
    let header = rows.next().ok_or_else(|| unreadable(file_name, format!("worksheet `{sheet}` is empty")))?;
    let headers = clean_headers(header.iter().map(cell_text).collect());
    let rows = rows
        .map(|row| {
            let mut cells: Vec<String> = row.iter().map(cell_text).collect();
            // A worksheet's range is as wide as its widest row; trailing empty cells are not data.
            while cells.len() > headers.len() && cells.last().is_some_and(String::is_empty) {
                cells.pop();
            }
            TableRow { cells, bad_encoding: false }
        })
        .collect();
    Ok(Table { format: ImportFormat::Xlsx, sheet: Some(sheet), headers, rows })
}

/// Reads a CSV or XLSX file (XLSX by its zip signature or `.xlsx` name).
pub fn read_table(file_name: &str, bytes: &[u8]) -> Result<Table> {
    let is_zip = bytes.starts_with(b"PK\x03\x04");
    let named_xlsx = file_name.to_lowercase().ends_with(".xlsx");
    match (is_zip, named_xlsx) {
        (true, _) => read_xlsx(file_name, bytes),
        (false, true) => Err(unreadable(file_name, "not an XLSX workbook")),
        (false, false) => read_csv(file_name, bytes),
    }
}

/// A header reduced for recognition: lower case, no dots, spaces for `_` and `-`.
fn header_key(header: &str) -> String {
    let lower = header.to_lowercase().replace('.', "").replace(['_', '-', ':'], " ");
    lower.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Headers recognised for each field, in English, Russian and Kazakh.
fn known_headers(field: VictimField) -> &'static [&'static str] {
    match field {
        VictimField::RecordId => &["record id", "id", "№", "no", "номер", "№ п/п", "нөмір"],
        VictimField::FullName => {
            &["full name", "name", "фио", "полное имя", "имя фамилия", "аты жөні", "толық аты жөні"]
        }
        VictimField::Surname => &["surname", "last name", "family name", "фамилия", "тегі"],
        VictimField::GivenName => &["given name", "first name", "имя", "аты"],
        VictimField::Patronymic => &["patronymic", "middle name", "отчество", "әкесінің аты"],
        VictimField::BirthDate => &["birth date", "date of birth", "dob", "дата рождения", "туған күні"],
        VictimField::Age => &["age", "возраст", "жасы", "жас"],
        VictimField::Gender => &["gender", "sex", "пол", "жынысы"],
        VictimField::DeathDate => {
            &["death date", "date of death", "дата смерти", "дата гибели", "қайтыс болған күні", "қаза тапқан күні"]
        }
        VictimField::Place => &["place", "place of death", "city", "место", "место гибели", "город", "орны", "қала"],
        VictimField::Circumstances => &["circumstances", "обстоятельства", "обстоятельства гибели", "мән жайы"],
    }
}

/// Recognises the columns of a file by their headers (the standard layout maps fully).
pub fn detect_mapping(headers: &[String]) -> ColumnMapping {
    ColumnMapping::from_pairs(VictimField::ALL.iter().filter_map(|&field| {
        let known = known_headers(field);
        headers.iter().find(|h| known.contains(&header_key(h).as_str())).map(|h| (field, h.clone()))
    }))
}

/// Checks that a mapping fits a file: its columns exist and some column gives a name.
pub fn check_mapping(mapping: &ColumnMapping, headers: &[String]) -> Result<()> {
    for column in &mapping.columns {
        if !headers.contains(&column.column) {
            return Err(Error::BadInput {
                what: "column mapping",
                detail: format!(
                    "the file has no column `{}` (mapped to {}); its columns are {}",
                    column.column,
                    column.field,
                    headers.join(", ")
                ),
            });
        }
    }
    let names = [VictimField::FullName, VictimField::Surname, VictimField::GivenName];
    if !names.iter().any(|f| mapping.column(*f).is_some()) {
        return Err(Error::BadInput {
            what: "column mapping",
            detail: format!(
                "no column gives a name: map full_name, surname or given_name (the file's columns are {})",
                headers.join(", ")
            ),
        });
    }
    Ok(())
}

/// Parses a date cell: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, ranges `FROM..TO`, day first with dots,
/// slashes or hyphens (`05.01.2022`), `MM.YYYY`, `YYYYMMDD`, and a date with a time.
pub fn parse_date_cell(text: &str) -> Option<FuzzyDate> {
    let text = text.trim();
    if let Ok(date) = text.parse::<FuzzyDate>() {
        return Some(date);
    }
    // A date with a time: keep the day.
    if let Some((day, _)) = text.split_once([' ', 'T'])
        && day.len() == 10
        && let Ok(date) = day.parse::<FuzzyDate>()
    {
        return Some(date);
    }
    if text.len() == 8 && text.bytes().all(|b| b.is_ascii_digit()) {
        let date = jiff::civil::Date::new(text[..4].parse().ok()?, text[4..6].parse().ok()?, text[6..].parse().ok()?);
        return date.ok().map(FuzzyDate::exact);
    }
    let parts: Vec<&str> = text.split(['.', '/', '-']).collect();
    let number = |s: &str, max_len: usize| -> Option<i16> {
        (!s.is_empty() && s.len() <= max_len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())?
    };
    match parts.as_slice() {
        [d, m, y] if y.len() == 4 => {
            let date = jiff::civil::Date::new(number(y, 4)?, number(m, 2)? as i8, number(d, 2)? as i8).ok()?;
            Some(FuzzyDate::exact(date))
        }
        [m, y] if y.len() == 4 => FuzzyDate::month(number(y, 4)?, number(m, 2)? as i8),
        _ => None,
    }
}

/// Parses an age in whole years (0 to 120), with an optional unit word (`35 лет`, `35 years`).
pub fn parse_age_cell(text: &str) -> Option<u8> {
    let text = text.trim().to_lowercase();
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    let rest = text[digits.len()..].trim();
    let rest = rest.strip_prefix(".0").unwrap_or(rest).trim();
    let unit_ok = matches!(rest, "" | "лет" | "год" | "года" | "г" | "жас" | "жаста" | "years" | "year" | "y" | "yrs");
    let age: u8 = digits.parse().ok()?;
    (unit_ok && age <= 120).then_some(age)
}

/// Parses a gender: `m`/`f` and their spellings in English, Russian and Kazakh.
pub fn parse_gender_cell(text: &str) -> Option<Gender> {
    let text = text.trim().trim_end_matches('.').to_lowercase();
    match text.as_str() {
        "m" | "male" | "man" | "м" | "муж" | "мужской" | "мужчина" | "ер" | "еркек" | "ер адам" => {
            Some(Gender::Male)
        }
        "f" | "female" | "woman" | "w" | "ж" | "жен" | "женский" | "женщина" | "әйел" => {
            Some(Gender::Female)
        }
        _ => None,
    }
}

/// Turns the rows of a table into records, with the problems found. Blank rows make no record
/// (each is reported); every other row makes one, whatever is wrong in it.
pub fn parse_records(table: &Table, mapping: &ColumnMapping) -> (Vec<ParsedRecord>, Vec<ImportProblem>) {
    let index = |field: VictimField| mapping.column(field).and_then(|c| table.headers.iter().position(|h| h == c));
    let columns: Vec<(VictimField, Option<usize>)> = VictimField::ALL.iter().map(|&f| (f, index(f))).collect();
    let mut records = Vec::with_capacity(table.rows.len());
    let mut problems = Vec::new();
    let mut seen_ids: HashMap<String, u32> = HashMap::new();
    for (position, row) in table.rows.iter().enumerate() {
        let row_number = (position + 1) as u32;
        if row.cells.iter().all(|c| c.trim().is_empty()) {
            problems.push(ImportProblem {
                row: row_number,
                column: String::new(),
                value: String::new(),
                kind: ProblemKind::BlankRow,
            });
            continue;
        }
        if row.bad_encoding {
            problems.push(ImportProblem {
                row: row_number,
                column: String::new(),
                value: String::new(),
                kind: ProblemKind::BadEncoding,
            });
        }
        if row.cells.len() != table.headers.len() {
            problems.push(ImportProblem {
                row: row_number,
                column: String::new(),
                value: format!("{} / {}", row.cells.len(), table.headers.len()),
                kind: ProblemKind::RaggedRow,
            });
        }
        let width = row.cells.len().max(table.headers.len());
        let verbatim: Vec<(String, String)> = (0..width)
            .map(|i| {
                let header = table.headers.get(i).cloned().unwrap_or_else(|| format!("column {}", i + 1));
                (header, row.cells.get(i).cloned().unwrap_or_default())
            })
            .collect();
        let cell = |field: VictimField| -> Option<(String, String)> {
            let (_, column) = columns.iter().find(|(f, _)| *f == field)?;
            let i = (*column)?;
            let value = row.cells.get(i)?.trim();
            (!value.is_empty()).then(|| (table.headers[i].clone(), value.to_owned()))
        };
        let text = |field: VictimField| cell(field).map(|(_, v)| v.split_whitespace().collect::<Vec<_>>().join(" "));
        let mut problem = |field: VictimField, kind: ProblemKind| {
            if let Some((column, value)) = cell(field) {
                problems.push(ImportProblem { row: row_number, column, value, kind });
            }
        };
        let mut date = |field: VictimField| {
            let (_, value) = cell(field)?;
            let parsed = parse_date_cell(&value);
            if parsed.is_none() {
                problem(field, ProblemKind::BadDate);
            }
            parsed
        };
        let birth_date = date(VictimField::BirthDate);
        let death_date = date(VictimField::DeathDate);
        let age = cell(VictimField::Age).and_then(|(_, value)| {
            let age = parse_age_cell(&value);
            if age.is_none() {
                problem(VictimField::Age, ProblemKind::BadAge);
            }
            age
        });
        let gender = cell(VictimField::Gender).and_then(|(_, value)| {
            let gender = parse_gender_cell(&value);
            if gender.is_none() {
                problem(VictimField::Gender, ProblemKind::BadGender);
            }
            gender
        });
        let source_record_id = text(VictimField::RecordId);
        if let Some(id) = &source_record_id
            && seen_ids.insert(id.clone(), row_number).is_some()
        {
            problem(VictimField::RecordId, ProblemKind::DuplicateRecordId);
        }
        let fields = VictimFields {
            full_name: text(VictimField::FullName),
            surname: text(VictimField::Surname),
            given_name: text(VictimField::GivenName),
            patronymic: text(VictimField::Patronymic),
            birth_date,
            age,
            gender,
            death_date,
            place: text(VictimField::Place),
            circumstances: text(VictimField::Circumstances),
        };
        if fields.full_name.is_none() && fields.surname.is_none() && fields.given_name.is_none() {
            problems.push(ImportProblem {
                row: row_number,
                column: String::new(),
                value: String::new(),
                kind: ProblemKind::NoName,
            });
        }
        records.push(ParsedRecord { row_number, source_record_id, verbatim, fields });
    }
    // Problems in row order; within a row, whole-row problems first, then in column order.
    let position = |column: &str| table.headers.iter().position(|h| h == column).map_or(0, |i| i + 1);
    problems.sort_by_key(|p| (p.row, position(&p.column)));
    (records, problems)
}

/// Lower-case hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(sha2::Sha256::digest(bytes))
}

impl App {
    /// Imports one file into a source, in one transaction, or refuses it whole.
    pub async fn import_list(
        &self,
        actor: &Actor,
        now: Timestamp,
        request: ImportRequest,
        progress: Arc<dyn Progress>,
    ) -> Result<ImportReport> {
        authorize(actor, Action::ImportSources)?;
        let file_name = request.file_name.trim().to_owned();
        if file_name.is_empty() {
            return Err(Error::BadInput { what: "file", detail: "the file has no name".to_owned() });
        }
        let sha256 = sha256_hex(&request.bytes);
        if let Some(earlier) = self.store.import_by_sha256(&sha256).await? {
            return Err(Error::DuplicateImport {
                file_name,
                earlier: earlier.id,
                earlier_file_name: earlier.file_name,
            });
        }
        let (source, new_source) = match request.target {
            ImportTarget::Existing(id) => {
                let source = self
                    .store
                    .source(&id)
                    .await?
                    .ok_or_else(|| Error::NotFound { what: "source", id: id.to_string() })?;
                (source, false)
            }
            ImportTarget::New(new) => {
                if new.title.trim().is_empty() {
                    return Err(Error::BadInput { what: "source title", detail: "must not be empty".to_owned() });
                }
                let source = Source {
                    id: SourceId::from_bits(crypto::token::random_bits()),
                    kind: new.kind,
                    title: new.title.trim().to_owned(),
                    publisher: new.publisher.trim().to_owned(),
                    published_on: None,
                    url: None,
                    reliability: new.reliability,
                    notes: String::new(),
                };
                (source, true)
            }
        };
        let saved = if new_source { None } else { self.store.column_mapping(&source.id).await? };
        let requested = request.mapping;
        let size_bytes = request.bytes.len() as u64;
        let bytes = request.bytes;
        let name = file_name.clone();
        let reading = progress.clone();
        let (table, mapping, records, problems) = tokio::task::spawn_blocking(move || -> Result<_> {
            reading.stage("reading the file", 0);
            let table = read_table(&name, &bytes)?;
            let mapping = requested.or(saved).unwrap_or_else(|| detect_mapping(&table.headers));
            check_mapping(&mapping, &table.headers)?;
            reading.stage("parsing rows", table.rows.len() as u64);
            let (records, problems) = parse_records(&table, &mapping);
            reading.advance(table.rows.len() as u64);
            Ok((table, mapping, records, problems))
        })
        .await
        .map_err(|error| Error::BadInput { what: "file", detail: error.to_string() })??;
        let import = Import {
            id: ImportId::from_bits(crypto::token::random_bits()),
            source_id: source.id.clone(),
            file_name,
            sha256,
            size_bytes,
            format: table.format,
            sheet: table.sheet.clone(),
            n_records: records.len() as u32,
            mapping,
            problems,
            imported_at: now,
        };
        let records: Vec<Record> = records
            .into_iter()
            .map(|parsed| Record {
                id: RecordId::from_bits(crypto::token::random_bits()),
                source_id: source.id.clone(),
                row_number: parsed.row_number,
                source_record_id: parsed.source_record_id,
                verbatim: parsed.verbatim,
                fields: parsed.fields,
            })
            .collect();
        let mut changes = Vec::with_capacity(2 + records.len() / RECORDS_PER_CHANGE);
        if new_source {
            changes.push(Change::SourceRegistered { source: source.clone() });
        }
        changes.push(Change::ListImported { import: import.clone() });
        for chunk in records.chunks(RECORDS_PER_CHANGE) {
            changes.push(Change::ImportRecordsAdded {
                import_id: import.id.clone(),
                source_id: source.id.clone(),
                records: chunk.to_vec(),
            });
        }
        progress.stage("writing records", records.len() as u64);
        self.commit_all(actor, now, Action::ImportSources, changes, &|change| {
            if let Change::ImportRecordsAdded { records, .. } = change {
                progress.advance(records.len() as u64);
            }
        })
        .await?;
        Ok(ImportReport { import, source })
    }

    /// Saves the column mapping a source's next imports use.
    pub async fn set_column_mapping(
        &self,
        actor: &Actor,
        now: Timestamp,
        source_id: &str,
        mapping: ColumnMapping,
    ) -> Result<()> {
        authorize(actor, Action::ImportSources)?;
        let source_id = SourceId::parse(source_id)?;
        if self.store.source(&source_id).await?.is_none() {
            return Err(Error::NotFound { what: "source", id: source_id.to_string() });
        }
        let names = [VictimField::FullName, VictimField::Surname, VictimField::GivenName];
        if !names.iter().any(|f| mapping.column(*f).is_some()) {
            return Err(Error::BadInput {
                what: "column mapping",
                detail: "map at least one of full_name, surname and given_name".to_owned(),
            });
        }
        self.commit(actor, now, Action::ImportSources, Change::ColumnMappingSet { source_id, mapping }).await.map(drop)
    }

    /// The mapping a source's next import uses: the saved one, else the standard layout.
    pub async fn column_mapping(&self, actor: &Actor, source_id: &str) -> Result<(Source, ColumnMapping, bool)> {
        authorize(actor, Action::ReadRegistry)?;
        let source_id = SourceId::parse(source_id)?;
        let source = self
            .store
            .source(&source_id)
            .await?
            .ok_or_else(|| Error::NotFound { what: "source", id: source_id.to_string() })?;
        let saved = self.store.column_mapping(&source_id).await?;
        let is_saved = saved.is_some();
        Ok((source.withhold(actor)?, saved.unwrap_or_else(ColumnMapping::standard), is_saved))
    }

    pub async fn import_detail(&self, actor: &Actor, id: &str) -> Result<ImportDetail> {
        authorize(actor, Action::ReadRegistry)?;
        let id = ImportId::parse(id)?;
        let import =
            self.store.import(&id).await?.ok_or_else(|| Error::NotFound { what: "import", id: id.to_string() })?;
        let source = self
            .store
            .source(&import.source_id)
            .await?
            .ok_or_else(|| Error::NotFound { what: "source", id: import.source_id.to_string() })?;
        Ok(ImportDetail { import: import.withhold(actor)?, source: source.withhold(actor)? })
    }
}

#[cfg(test)]
mod tests {
    use expect_test::{Expect, expect};

    use super::*;

    /// Regression (fuzzing, 2026-11-29): a cell reference of many letters overflowed calamine's
    /// column arithmetic, a panic in builds with overflow checks. Calamine is built without them
    /// in every profile (as in release), so the file is refused as unreadable, naming it.
    #[test]
    fn an_overflowing_cell_reference_is_an_unreadable_file_not_a_panic() {
        let bytes = include_bytes!("../../../fuzz/seeds/import_xlsx/overflowing-cell-reference.xlsx");
        let Err(error) = read_table("list.xlsx", bytes) else { panic!("the workbook is refused") };
        assert!(error.to_string().starts_with("list.xlsx cannot be read"), "{error}");
    }

    #[track_caller]
    fn check(csv: &str, expect: Expect) {
        let table = read_table("list.csv", csv.as_bytes()).unwrap();
        let mapping = detect_mapping(&table.headers);
        let (records, problems) = parse_records(&table, &mapping);
        let mut out = Vec::new();
        for record in &records {
            let f = &record.fields;
            out.push(format!(
                "{} {:?} name={:?} birth={:?} age={:?} gender={:?} death={:?} place={:?}",
                record.row_number,
                record.source_record_id,
                f.full_name.as_deref().or(f.surname.as_deref()),
                f.birth_date.map(|d| d.to_string()),
                f.age,
                f.gender.map(|g| g.as_str()),
                f.death_date.map(|d| d.to_string()),
                f.place,
            ));
        }
        for p in &problems {
            out.push(format!("problem row {} column {:?} value {:?}: {}", p.row, p.column, p.value, p.kind));
        }
        expect.assert_eq(&out.join("\n"));
    }

    #[test]
    fn the_standard_layout_needs_no_mapping() {
        check(
            "record_id,full_name,surname,given_name,patronymic,birth_date,age,gender,death_date,place,circumstances\n\
             A-1,Серікбаев Ерлан,,,,1985-03-02,,m,2022-01-05,Алматы,\n\
             A-2,Aigerim Nurlanova,,,,,36 лет,ж,05.01.2022,Almaty,\n",
            expect![[r#"
                1 Some("A-1") name=Some("Серікбаев Ерлан") birth=Some("1985-03-02") age=None gender=Some("m") death=Some("2022-01-05") place=Some("Алматы")
                2 Some("A-2") name=Some("Aigerim Nurlanova") birth=None age=Some(36) gender=Some("f") death=Some("2022-01-05") place=Some("Almaty")"#]],
        );
    }

    #[test]
    fn bad_cells_are_reported_and_their_rows_kept() {
        check(
            "ФИО;Дата рождения;Возраст;Пол;Дата смерти;№\n\
             Иванов Иван;31.02.1980;сто;x;2022-01-05;7\n\
             ;;;;;\n\
             ;;40;;2022-01-06;7\n\
             Петров;1980;;;2022-13-01\n",
            expect![[r#"
                1 Some("7") name=Some("Иванов Иван") birth=None age=None gender=None death=Some("2022-01-05") place=None
                3 Some("7") name=None birth=None age=Some(40) gender=None death=Some("2022-01-06") place=None
                4 None name=Some("Петров") birth=Some("1980") age=None gender=None death=None place=None
                problem row 1 column "Дата рождения" value "31.02.1980": bad-date
                problem row 1 column "Возраст" value "сто": bad-age
                problem row 1 column "Пол" value "x": bad-gender
                problem row 2 column "" value "": blank-row
                problem row 3 column "" value "": no-name
                problem row 3 column "№" value "7": duplicate-record-id
                problem row 4 column "" value "5 / 6": ragged-row
                problem row 4 column "Дата смерти" value "2022-13-01": bad-date"#]],
        );
    }

    #[test]
    fn dates_in_the_forms_lists_use() {
        let read = |s: &str| parse_date_cell(s).map(|d| d.to_string());
        assert_eq!(read("2022-01-05"), Some("2022-01-05".to_owned()));
        assert_eq!(read("5.1.2022"), Some("2022-01-05".to_owned()));
        assert_eq!(read("05/01/2022"), Some("2022-01-05".to_owned()));
        assert_eq!(read("20220105"), Some("2022-01-05".to_owned()));
        assert_eq!(read("01.2022"), Some("2022-01".to_owned()));
        assert_eq!(read("2022-01-05 14:30:00"), Some("2022-01-05".to_owned()));
        assert_eq!(read("1971"), Some("1971".to_owned()));
        assert_eq!(read("2022-01-04..2022-01-07"), Some("2022-01-04..2022-01-07".to_owned()));
        assert_eq!(read("5 января 2022"), None);
        assert_eq!(read("31.02.2022"), None);
    }

    #[test]
    fn ages_and_genders() {
        assert_eq!(parse_age_cell("35"), Some(35));
        assert_eq!(parse_age_cell("35 лет"), Some(35));
        assert_eq!(parse_age_cell("4 years"), Some(4));
        assert_eq!(parse_age_cell("200"), None);
        assert_eq!(parse_age_cell("-3"), None);
        assert_eq!(parse_age_cell("about 30"), None);
        assert_eq!(parse_gender_cell("Ж"), Some(Gender::Female));
        assert_eq!(parse_gender_cell("муж."), Some(Gender::Male));
        assert_eq!(parse_gender_cell("әйел"), Some(Gender::Female));
        assert_eq!(parse_gender_cell("?"), None);
    }

    #[test]
    fn a_mapping_must_fit_the_file() {
        let headers = vec!["Name".to_owned(), "Town".to_owned()];
        let mapping = detect_mapping(&headers);
        assert_eq!(mapping.column(VictimField::FullName), Some("Name"));
        assert!(check_mapping(&mapping, &headers).is_ok());
        let wrong = ColumnMapping::from_pairs([(VictimField::FullName, "ФИО".to_owned())]);
        assert!(check_mapping(&wrong, &headers).unwrap_err().to_string().contains("the file has no column `ФИО`"));
        let nameless = ColumnMapping::from_pairs([(VictimField::Place, "Town".to_owned())]);
        assert!(check_mapping(&nameless, &headers).unwrap_err().to_string().contains("no column gives a name"));
    }
}
