//! The one error type of the linkage engine. Variants carry data; the caller words the context
//! (file names, command names) around them.

/// Why a linkage could not be run.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// The settings name a field twice.
    #[error("field `{field}` is defined twice")]
    DuplicateField {
        /// The field.
        field: String,
    },
    /// The settings refer to a field they do not define.
    #[error("{context} refers to field `{field}`, which is not defined")]
    UnknownField {
        /// Where the reference is (a comparison, a blocking rule).
        context: String,
        /// The missing field.
        field: String,
    },
    /// A source lacks a column that a field reads.
    #[error("source `{source_name}` has no column `{column}` (needed by field `{field}`)")]
    MissingColumn {
        /// The source.
        source_name: String,
        /// The column.
        column: String,
        /// The field that reads it.
        field: String,
    },
    /// A column of a source has a different number of values than the source has records.
    #[error("source `{source_name}`: column `{column}` has {n_values} values for {n_records} records")]
    ColumnLength {
        /// The source.
        source_name: String,
        /// The column.
        column: String,
        /// Values in the column.
        n_values: usize,
        /// Records in the source.
        n_records: usize,
    },
    /// A value cannot be read as its field's kind.
    #[error("source `{source_name}`, record {record_index} (`{record_id}`), column `{column}`: {problem}")]
    BadValue {
        /// The source.
        source_name: String,
        /// The record's position in its source, from 1.
        record_index: usize,
        /// The record's id.
        record_id: String,
        /// The column.
        column: String,
        /// What is wrong, e.g. "`31.02.` is not a date".
        problem: String,
    },
    /// A level predicate does not apply to the kind of its field.
    #[error("comparison `{comparison}`: `{predicate}` does not apply to a field of kind `{kind}`")]
    PredicateMismatch {
        /// The comparison.
        comparison: String,
        /// The predicate.
        predicate: String,
        /// The field kind.
        kind: String,
    },
    /// A blocking key does not apply to the kind of its field.
    #[error("blocking rule {rule}: `{key}` does not apply to a field of kind `{kind}`")]
    KeyMismatch {
        /// The rule, from 1.
        rule: usize,
        /// The key as written.
        key: String,
        /// The field kind.
        kind: String,
    },
    /// Settings that cannot work together.
    #[error("invalid settings: {0}")]
    Settings(String),
    /// Link-only needs at least two sources.
    #[error("link type `link-only` needs at least two sources, got {n_sources}")]
    TooFewSources {
        /// How many sources there are.
        n_sources: usize,
    },
    /// More records than the engine indexes (u32 record indices).
    #[error("{n_records} records are more than the engine can index ({limit})")]
    TooManyRecords {
        /// How many records there are.
        n_records: usize,
        /// The most the engine takes.
        limit: usize,
    },
    /// The guard on candidate pairs: a blocking rule would generate too many pairs.
    #[error(
        "blocking rule {rule} ({description}) yields about {n_pairs} candidate pairs, over the limit of {limit}; \
         make the rule stricter, or allow oversized blocks to be skipped"
    )]
    TooManyCandidates {
        /// The rule, from 1.
        rule: usize,
        /// The rule as written.
        description: String,
        /// The estimated number of pairs.
        n_pairs: u64,
        /// The configured maximum.
        limit: u64,
    },
}
