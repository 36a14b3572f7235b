//! The one error type of the estimation engine. Variants carry data; the caller words the context
//! (file names, command names) around them.

/// Why a table could not be read or an estimate could not be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// The table text has no header line.
    #[error("the table is empty (expected a header with one column per list and `count`)")]
    EmptyTable,
    /// The header names no list column.
    #[error("the header names no list (expected one 0/1 column per list, e.g. `a,b,c,count`)")]
    NoLists,
    /// The header names a column twice.
    #[error("column `{column}` appears twice in the header")]
    DuplicateColumn {
        /// The column.
        column: String,
    },
    /// More lists than a table or a method takes.
    #[error("{what} takes at most {max} lists; this table has {n_lists}")]
    TooManyLists {
        /// The table or the method.
        what: &'static str,
        /// Lists in the table.
        n_lists: usize,
        /// The most allowed here.
        max: usize,
    },
    /// Fewer lists than the method needs.
    #[error("{method} needs at least {min} lists, the table has {n_lists}")]
    TooFewLists {
        /// The method.
        method: &'static str,
        /// Lists in the table.
        n_lists: usize,
        /// The fewest the method accepts.
        min: usize,
    },
    /// A line has more or fewer fields than the header.
    #[error("line {line}: found {found} fields, but the header has {expected}")]
    FieldCount {
        /// 1-based line number in the text.
        line: usize,
        /// Fields on the line.
        found: usize,
        /// Fields in the header.
        expected: usize,
    },
    /// A cell of a list column is not 0 or 1, or a count is not a whole number.
    #[error("line {line}, column `{column}`: `{value}` is not {expected}")]
    BadCell {
        /// 1-based line number in the text.
        line: usize,
        /// The column's header.
        column: String,
        /// The cell as written.
        value: String,
        /// What the column holds.
        expected: &'static str,
    },
    /// A quoted field is not closed before the end of the text.
    #[error("line {line}: a quoted field is not closed")]
    UnclosedQuote {
        /// 1-based line where the field starts.
        line: usize,
    },
    /// The counts given are not one per observable pattern.
    #[error("expected {expected} counts (one per observable pattern of {n_lists} lists), got {found}")]
    PatternCount {
        /// Lists in the table.
        n_lists: usize,
        /// `2^J - 1`.
        expected: usize,
        /// Counts given.
        found: usize,
    },
    /// A pattern outside `1 ..= 2^J - 1`.
    #[error("pattern {pattern} is not an observable pattern of {n_lists} lists")]
    BadPattern {
        /// The pattern (bit j is list j).
        pattern: u64,
        /// Lists in the table.
        n_lists: usize,
    },
    /// Nobody is on any list.
    #[error("the table counts nobody")]
    NoRecords,
    /// A list names nobody, so nothing can be learnt about it.
    #[error("list `{list}` names nobody (leave it out)")]
    EmptyList {
        /// The list.
        list: String,
    },
    /// Strata disagree about the lists.
    #[error("stratum `{stratum}` has lists {found:?}, the first stratum has {expected:?}")]
    StrataLists {
        /// The stratum.
        stratum: String,
        /// Its lists.
        found: Vec<String>,
        /// The first stratum's lists.
        expected: Vec<String>,
    },
    /// A setting outside its range.
    #[error("setting `{setting}` = {value}: {reason}")]
    BadSetting {
        /// The setting's name.
        setting: &'static str,
        /// Its value as given.
        value: String,
        /// What it must be.
        reason: &'static str,
    },
    /// No log-linear model could be fitted (every candidate's maximum-likelihood estimate lies on
    /// the boundary or does not exist).
    #[error("no log-linear model could be fitted: the table is too sparse")]
    NoEstimableModel,
    /// The named log-linear model cannot be fitted to this table.
    #[error("log-linear model {model} cannot be fitted: {reason}")]
    ModelNotEstimable {
        /// The model in bracket notation.
        model: String,
        /// Why.
        reason: &'static str,
    },
    /// A log-linear model names a list the table does not have, or a term twice.
    #[error("log-linear model `{model}` is not a model of {n_lists} lists")]
    BadModel {
        /// The model as written.
        model: String,
        /// Lists in the table.
        n_lists: usize,
    },
}

/// The engine's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
