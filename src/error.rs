//! Errors callers match on: the index is missing, incompatible, corrupt or busy; the query or a
//! filter value is bad. Every message says what to do next. Anything else travels as `anyhow`.

use std::path::PathBuf;

/// An error the user can act on.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No index at the path.
    #[error("no index at {} — run `dateline index DIR` first", .0.display())]
    NoIndex(PathBuf),
    /// The index was written by another format version of dateline.
    #[error("the index at {} has format {found}, this dateline reads format {expected} — run `dateline index --rebuild DIR`", .path.display())]
    Incompatible {
        /// Index directory.
        path: PathBuf,
        /// Version found (`unknown` when none is recorded).
        found: String,
        /// Version this build reads.
        expected: u32,
    },
    /// The index files cannot be read.
    #[error("the index at {} is damaged ({reason}) — run `dateline index --rebuild DIR`", .path.display())]
    Corrupt {
        /// Index directory.
        path: PathBuf,
        /// What went wrong, in tantivy's words.
        reason: String,
    },
    /// Another process holds the writer lock.
    #[error("index is being updated by another process ({}); try again when it finishes", .0.display())]
    Busy(PathBuf),
    /// The query cannot be understood.
    #[error("bad query: {0}")]
    BadQuery(String),
    /// A command-line value is invalid.
    #[error("invalid value {value:?} for {flag}: {reason}")]
    BadValue {
        /// The flag.
        flag: &'static str,
        /// The value given.
        value: String,
        /// What is expected instead.
        reason: String,
    },
}
