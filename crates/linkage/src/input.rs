//! The data a linkage reads: sources (tables), each with record ids and named columns of text.
//!
//! Values stay as the caller read them; the engine prepares each distinct value once
//! ([`crate::prepare`]) and never copies the columns.

/// One table of records: a list of the dead, one file of a benchmark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The source's name (the CLI uses the file stem); shown in errors and output.
    pub name: String,
    /// The id of each record, in order.
    pub record_ids: Vec<String>,
    /// The columns, each with one value per record (empty text is a missing value).
    pub columns: Vec<Column>,
}

/// A named column of text values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// The column's name (the CSV header).
    pub name: String,
    /// One value per record.
    pub values: Vec<String>,
}

impl Source {
    /// The values of a column by name.
    pub fn column(&self, name: &str) -> Option<&[String]> {
        self.columns.iter().find(|c| c.name == name).map(|c| c.values.as_slice())
    }

    /// How many records the source has.
    pub fn n_records(&self) -> usize {
        self.record_ids.len()
    }
}

/// A record by its position: source index and row within the source (both from 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RecordRef {
    /// Index of the source.
    pub source: usize,
    /// Index of the record within its source.
    pub row: usize,
}
