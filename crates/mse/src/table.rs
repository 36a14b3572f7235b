//! Capture-history tables: how many persons each combination of lists names.
//!
//! A pattern is a bit set over the lists, bit j for list j, so the first list is the least
//! significant bit. This is the row order of the data sets in `shared/data/mse/` (row r is
//! pattern r) and of the registry's capture-history export. The all-zero pattern (on no list) is
//! the one the estimators extrapolate; a table never holds it.
//!
//! Tables come from counts per pattern ([`CaptureTable::new`]), from per-record histories
//! ([`CaptureTable::from_patterns`], which adds up repeated patterns), or from CSV text
//! ([`parse_csv`]); [`StratifiedTable::to_csv`] writes the canonical form back.

use crate::error::{Error, Result};

/// The most lists a table may have: `2^16 - 1` patterns per stratum.
pub const MAX_LISTS: usize = 16;

/// Counts of persons per capture pattern over a fixed set of lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaptureTable {
    lists: Vec<String>,
    // Invariant: `counts.len() == 1 << lists.len()` and `counts[0] == 0`.
    counts: Vec<u64>,
}

impl CaptureTable {
    /// A table from its lists' names and one count per observable pattern, patterns 1 to
    /// `2^J - 1` in order (the first list varying fastest).
    pub fn new(lists: Vec<String>, counts: &[u64]) -> Result<CaptureTable> {
        check_lists(&lists)?;
        let expected = (1usize << lists.len()) - 1;
        if counts.len() != expected {
            return Err(Error::PatternCount { n_lists: lists.len(), expected, found: counts.len() });
        }
        let mut all = Vec::with_capacity(expected + 1);
        all.push(0);
        all.extend_from_slice(counts);
        Ok(CaptureTable { lists, counts: all })
    }

    /// A table from per-record (or per-group) histories: each item is a pattern (bit j set when
    /// list j names the person) and how many persons have it. Repeated patterns add up.
    pub fn from_patterns(lists: Vec<String>, patterns: impl IntoIterator<Item = (u64, u64)>) -> Result<CaptureTable> {
        check_lists(&lists)?;
        let n_lists = lists.len();
        let mut counts = vec![0u64; 1 << n_lists];
        for (pattern, count) in patterns {
            if pattern == 0 || pattern >= (1u64 << n_lists) {
                return Err(Error::BadPattern { pattern, n_lists });
            }
            counts[pattern as usize] += count;
        }
        Ok(CaptureTable { lists, counts })
    }

    /// The lists' names, in bit order.
    pub fn lists(&self) -> &[String] {
        &self.lists
    }

    /// J, the number of lists.
    pub fn n_lists(&self) -> usize {
        self.lists.len()
    }

    /// Persons with this pattern (0 for the unobservable all-zero pattern).
    pub fn count(&self, pattern: usize) -> u64 {
        self.counts[pattern]
    }

    /// Counts of all `2^J` patterns, pattern 0 (always 0) first.
    pub fn counts(&self) -> &[u64] {
        &self.counts
    }

    /// n, the persons on at least one list.
    pub fn n_observed(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// Persons named by list `list`.
    pub fn list_size(&self, list: usize) -> u64 {
        self.patterns().filter(|(pattern, _)| pattern >> list & 1 == 1).map(|(_, count)| count).sum()
    }

    /// The patterns some person has, with their counts, in pattern order.
    pub fn patterns(&self) -> impl Iterator<Item = (usize, u64)> + '_ {
        self.counts.iter().enumerate().filter(|(_, count)| **count > 0).map(|(pattern, count)| (pattern, *count))
    }

    /// Observable patterns nobody has.
    pub fn n_empty_patterns(&self) -> usize {
        self.counts[1..].iter().filter(|count| **count == 0).count()
    }

    /// Lists that name nobody, by index.
    pub fn empty_lists(&self) -> Vec<usize> {
        (0..self.n_lists()).filter(|list| self.list_size(*list) == 0).collect()
    }

    /// Persons named by both lists `a` and `b`.
    pub fn overlap(&self, a: usize, b: usize) -> u64 {
        let both = (1 << a) | (1 << b);
        self.patterns().filter(|(pattern, _)| pattern & both == both).map(|(_, count)| count).sum()
    }

    /// The table over the lists kept (indices, in their order): patterns that differ only in the
    /// lists left out add up, and persons named only by lists left out drop out.
    pub fn keep_lists(&self, kept: &[usize]) -> Result<CaptureTable> {
        let lists: Vec<String> = kept.iter().map(|list| self.lists[*list].clone()).collect();
        check_lists(&lists)?;
        let mut counts = vec![0u64; 1 << kept.len()];
        for (pattern, count) in self.patterns() {
            let reduced = kept.iter().enumerate().fold(0, |acc, (new, old)| acc | ((pattern >> old) & 1) << new);
            counts[reduced] += count;
        }
        counts[0] = 0;
        Ok(CaptureTable { lists, counts })
    }

    /// Checks what every estimator needs: somebody on some list, and every list naming somebody.
    pub fn check_estimable(&self) -> Result<()> {
        if self.n_observed() == 0 {
            return Err(Error::NoRecords);
        }
        if let Some(list) = self.empty_lists().first() {
            return Err(Error::EmptyList { list: self.lists[*list].clone() });
        }
        Ok(())
    }
}

fn check_lists(lists: &[String]) -> Result<()> {
    if lists.is_empty() {
        return Err(Error::NoLists);
    }
    if lists.len() > MAX_LISTS {
        return Err(Error::TooManyLists { what: "a capture-history table", n_lists: lists.len(), max: MAX_LISTS });
    }
    for (index, list) in lists.iter().enumerate() {
        if lists[..index].contains(list) {
            return Err(Error::DuplicateColumn { column: list.clone() });
        }
    }
    Ok(())
}

/// One stratum (a place, a period) and its table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stratum {
    /// The stratum's label as written in the `stratum` column.
    pub label: String,
    /// Its capture histories.
    pub table: CaptureTable,
}

/// Tables over the same lists, one per stratum; an unstratified table is one stratum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StratifiedTable {
    lists: Vec<String>,
    // Invariant: every stratum's table has `lists`; at least one stratum; labels distinct.
    strata: Vec<Stratum>,
    stratified: bool,
}

/// The label of the one stratum of an unstratified table.
pub const WHOLE_TABLE: &str = "all";

impl StratifiedTable {
    /// An unstratified table.
    pub fn single(table: CaptureTable) -> StratifiedTable {
        StratifiedTable {
            lists: table.lists.clone(),
            strata: vec![Stratum { label: WHOLE_TABLE.to_owned(), table }],
            stratified: false,
        }
    }

    /// Strata over the same lists, in the order given (at least one).
    pub fn new(strata: Vec<Stratum>) -> Result<StratifiedTable> {
        let Some(first) = strata.first() else { return Err(Error::NoRecords) };
        let lists = first.table.lists.clone();
        for stratum in &strata {
            if stratum.table.lists != lists {
                return Err(Error::StrataLists {
                    stratum: stratum.label.clone(),
                    found: stratum.table.lists.clone(),
                    expected: lists,
                });
            }
        }
        Ok(StratifiedTable { lists, strata, stratified: true })
    }

    /// The lists' names, in bit order.
    pub fn lists(&self) -> &[String] {
        &self.lists
    }

    /// The strata, in the order first seen.
    pub fn strata(&self) -> &[Stratum] {
        &self.strata
    }

    /// Whether the table came with a `stratum` column.
    pub fn is_stratified(&self) -> bool {
        self.stratified
    }

    /// All strata added up.
    pub fn total(&self) -> CaptureTable {
        let mut counts = vec![0u64; 1 << self.lists.len()];
        for stratum in &self.strata {
            for (total, count) in counts.iter_mut().zip(&stratum.table.counts) {
                *total += count;
            }
        }
        CaptureTable { lists: self.lists.clone(), counts }
    }

    /// The same strata over the lists kept (see [`CaptureTable::keep_lists`]).
    pub fn keep_lists(&self, kept: &[usize]) -> Result<StratifiedTable> {
        let strata = self
            .strata
            .iter()
            .map(|stratum| Ok(Stratum { label: stratum.label.clone(), table: stratum.table.keep_lists(kept)? }))
            .collect::<Result<Vec<_>>>()?;
        let lists = kept.iter().map(|list| self.lists[*list].clone()).collect();
        Ok(StratifiedTable { lists, strata, stratified: self.stratified })
    }

    /// The canonical CSV form: a `stratum` column first when stratified, one 0/1 column per list,
    /// `count`; every observable pattern of every stratum, the first list varying fastest.
    pub fn to_csv(&self) -> String {
        let mut out = String::new();
        let mut header: Vec<String> = Vec::new();
        if self.stratified {
            header.push("stratum".to_owned());
        }
        header.extend(self.lists.iter().map(|list| quote(list)));
        header.push("count".to_owned());
        out.push_str(&header.join(","));
        out.push('\n');
        for stratum in &self.strata {
            for pattern in 1..stratum.table.counts.len() {
                if self.stratified {
                    out.push_str(&quote(&stratum.label));
                    out.push(',');
                }
                for list in 0..self.lists.len() {
                    out.push(if pattern >> list & 1 == 1 { '1' } else { '0' });
                    out.push(',');
                }
                out.push_str(&stratum.table.counts[pattern].to_string());
                out.push('\n');
            }
        }
        out
    }
}

fn quote(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) || text.trim() != text {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// Something the reader did to the input that the user should know about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// Rows with the all-zero pattern (on no list) were left out: nobody can be observed so.
    AllZeroRowsDropped {
        /// Rows left out.
        n_rows: usize,
        /// Persons they counted.
        n_persons: u64,
    },
}

/// A table read from CSV, with what the reader did to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    /// The table.
    pub table: StratifiedTable,
    /// Notes about the input.
    pub notes: Vec<Note>,
}

/// Reads a capture-history table from CSV text (RFC 4180 quoting).
///
/// Columns: one 0/1 column per list; `count` (optional: without it every line is one person, so
/// per-record histories can be read directly); `stratum` (optional). Lines with the same stratum
/// and pattern add up; all-zero lines are left out with a note.
pub fn parse_csv(text: &str) -> Result<Parsed> {
    let lines = csv_records(text)?;
    let mut lines = lines.into_iter().filter(|(_, fields)| !(fields.len() == 1 && fields[0].trim().is_empty()));
    let Some((_, header)) = lines.next() else { return Err(Error::EmptyTable) };
    let header: Vec<String> = header.iter().map(|name| name.trim().to_owned()).collect();
    for (index, name) in header.iter().enumerate() {
        if header[..index].contains(name) {
            return Err(Error::DuplicateColumn { column: name.clone() });
        }
    }
    let count_column = header.iter().position(|name| name == "count");
    let stratum_column = header.iter().position(|name| name == "stratum");
    let list_columns: Vec<usize> =
        (0..header.len()).filter(|index| Some(*index) != count_column && Some(*index) != stratum_column).collect();
    let lists: Vec<String> = list_columns.iter().map(|index| header[*index].clone()).collect();
    check_lists(&lists)?;

    let mut strata: Vec<(String, Vec<u64>)> = Vec::new();
    let mut n_zero_rows = 0;
    let mut n_zero_persons = 0;
    for (line, fields) in lines {
        if fields.len() != header.len() {
            return Err(Error::FieldCount { line, found: fields.len(), expected: header.len() });
        }
        let mut pattern = 0usize;
        for (bit, column) in list_columns.iter().enumerate() {
            match fields[*column].trim() {
                "0" => {}
                "1" => pattern |= 1 << bit,
                other => {
                    return Err(Error::BadCell {
                        line,
                        column: header[*column].clone(),
                        value: other.to_owned(),
                        expected: "0 or 1",
                    });
                }
            }
        }
        let count = match count_column {
            None => 1,
            Some(column) => fields[column].trim().parse::<u64>().map_err(|_| Error::BadCell {
                line,
                column: "count".to_owned(),
                value: fields[column].clone(),
                expected: "a whole number of persons",
            })?,
        };
        let label = stratum_column.map_or_else(|| WHOLE_TABLE.to_owned(), |column| fields[column].clone());
        let index = match strata.iter().position(|(existing, _)| *existing == label) {
            Some(index) => index,
            None => {
                strata.push((label, vec![0; 1 << lists.len()]));
                strata.len() - 1
            }
        };
        if pattern == 0 {
            n_zero_rows += 1;
            n_zero_persons += count;
            continue;
        }
        strata[index].1[pattern] += count;
    }
    if strata.is_empty() {
        return Err(Error::NoRecords);
    }
    let strata: Vec<Stratum> = strata
        .into_iter()
        .map(|(label, counts)| Stratum { label, table: CaptureTable { lists: lists.clone(), counts } })
        .collect();
    let table = StratifiedTable { lists, strata, stratified: stratum_column.is_some() };
    let notes = if n_zero_rows > 0 {
        vec![Note::AllZeroRowsDropped { n_rows: n_zero_rows, n_persons: n_zero_persons }]
    } else {
        Vec::new()
    };
    Ok(Parsed { table, notes })
}

/// Splits CSV text into records of fields, each with the 1-based line it starts on. Quoted fields
/// may hold commas, doubled quotes and line breaks.
fn csv_records(text: &str) -> Result<Vec<(usize, Vec<String>)>> {
    let mut records = Vec::new();
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut line = 1;
    let mut record_line = 1;
    let mut chars = text.strip_prefix('\u{feff}').unwrap_or(text).chars().peekable();
    let mut in_quotes = false;
    let mut quote_line = 0;
    while let Some(c) = chars.next() {
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => in_quotes = false,
                '\n' => {
                    line += 1;
                    field.push(c);
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => {
                in_quotes = true;
                quote_line = line;
            }
            ',' => fields.push(std::mem::take(&mut field)),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                fields.push(std::mem::take(&mut field));
                records.push((record_line, std::mem::take(&mut fields)));
                line += 1;
                record_line = line;
            }
            _ => field.push(c),
        }
    }
    if in_quotes {
        return Err(Error::UnclosedQuote { line: quote_line });
    }
    if !field.is_empty() || !fields.is_empty() {
        fields.push(field);
        records.push((record_line, fields));
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_reference_layout() {
        let parsed = parse_csv("a,b,count\n1,0,5\n0,1,3\n1,1,2\n").unwrap();
        let table = &parsed.table.strata()[0].table;
        assert_eq!(table.counts(), [0, 5, 3, 2]);
        assert_eq!((table.n_observed(), table.list_size(0), table.overlap(0, 1)), (10, 7, 2));
        assert!(!parsed.table.is_stratified());
    }

    #[test]
    fn reads_per_record_histories_and_strata() {
        let parsed = parse_csv("stratum,a,b\n\"x, y\",1,0\nz,1,1\n\"x, y\",1,0\nz,0,0\n").unwrap();
        let strata = parsed.table.strata();
        assert_eq!(strata.len(), 2);
        assert_eq!((strata[0].label.as_str(), strata[0].table.counts()), ("x, y", &[0, 2, 0, 0][..]));
        assert_eq!(strata[1].table.counts(), [0, 0, 0, 1]);
        assert_eq!(parsed.notes, [Note::AllZeroRowsDropped { n_rows: 1, n_persons: 1 }]);
        assert_eq!(parse_csv(&parsed.table.to_csv()).unwrap().table, parsed.table);
    }

    #[test]
    fn names_the_bad_cell() {
        assert_eq!(
            parse_csv("a,b,count\n1,2,5\n"),
            Err(Error::BadCell { line: 2, column: "b".into(), value: "2".into(), expected: "0 or 1" })
        );
        assert_eq!(parse_csv("a,b,count\n1,0\n"), Err(Error::FieldCount { line: 2, found: 2, expected: 3 }));
        assert_eq!(parse_csv("count\n5\n"), Err(Error::NoLists));
        assert_eq!(parse_csv(""), Err(Error::EmptyTable));
    }

    #[test]
    fn keeping_lists_merges_patterns() {
        let table = CaptureTable::new(vec!["a".into(), "b".into()], &[5, 3, 2]).unwrap();
        let kept = table.keep_lists(&[1]).unwrap();
        assert_eq!(kept.counts(), [0, 5]);
        assert_eq!(kept.lists(), ["b"]);
    }
}
