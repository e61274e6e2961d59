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

/// What a failure inside tantivy means, in dateline's words: the file it concerns by its
/// path and the system's own message for an I/O error, never a Rust debug form.
pub fn tantivy_reason(e: &tantivy::TantivyError) -> String {
    use tantivy::directory::error::{OpenDirectoryError, OpenReadError, OpenWriteError};
    use tantivy::TantivyError as T;
    match e {
        T::OpenReadError(OpenReadError::FileDoesNotExist(p)) => {
            format!("{} is missing", p.display())
        }
        T::OpenReadError(OpenReadError::IoError { io_error, filepath }) => {
            format!("cannot read {}: {io_error}", filepath.display())
        }
        T::OpenWriteError(OpenWriteError::FileAlreadyExists(p)) => {
            format!("{} already exists", p.display())
        }
        T::OpenWriteError(OpenWriteError::IoError { io_error, filepath }) => {
            format!("cannot write {}: {io_error}", filepath.display())
        }
        T::OpenDirectoryError(OpenDirectoryError::DoesNotExist(p)) => {
            format!("{} does not exist", p.display())
        }
        T::OpenDirectoryError(OpenDirectoryError::NotADirectory(p)) => {
            format!("{} is not a directory", p.display())
        }
        T::OpenDirectoryError(OpenDirectoryError::IoError {
            io_error,
            directory_path,
        }) => format!("cannot open {}: {io_error}", directory_path.display()),
        T::IoError(io) => io.to_string(),
        T::LockFailure(..) => "another process holds the index's lock".to_owned(),
        // The rest quote paths and values in a debug form: keep the words, not the quoting.
        other => other.to_string().replace(['\'', '`', '"'], ""),
    }
}

/// What to type next after a tantivy failure.
fn tantivy_next(e: &tantivy::TantivyError) -> &'static str {
    use tantivy::TantivyError as T;
    match e {
        T::OpenReadError(_) | T::DataCorruption(_) | T::IncompatibleIndex(_) => {
            "the index is damaged: run `dateline index --rebuild DIR`"
        }
        T::OpenWriteError(_) | T::IoError(_) | T::OpenDirectoryError(_) => {
            "check the disk has room and the index directory is writable, then run `dateline \
             index` again (what was committed is kept)"
        }
        T::LockFailure(..) => "try again when it finishes",
        _ => "an internal error: please report it",
    }
}

/// The one line `dateline` prints for an error: anyhow's chain of contexts (as `{:#}` joins
/// them), with a tantivy failure in it told in [`tantivy_reason`]'s words and what to do next.
pub fn message(err: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in err.chain() {
        if let Some(t) = cause.downcast_ref::<tantivy::TantivyError>() {
            parts.push(format!("{} — {}", tantivy_reason(t), tantivy_next(t)));
            break;
        }
        parts.push(cause.to_string());
    }
    parts.join(": ")
}
