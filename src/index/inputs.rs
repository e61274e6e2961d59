//! Inputs of an indexing run: which files are articles, and what changed since the index
//! last saw them.
//!
//! Owns the roots (canonical, none under another), the walk (`.txt` files in path order,
//! hidden files and directories skipped, links below a root not followed), the listing of the
//! ids of every file present (to spot vanished articles), and a file's [`Look`]: its stamp now
//! against the one the index holds. It reads no file's content and never touches the index.

use super::catalog::{self, Stamp};
use super::schema;
use super::writer::Skipped;
use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};

/// A file as its metadata shows it before it is read.
pub struct Look {
    /// [`schema::article_id`] of the path.
    pub id: u64,
    /// Size and modification time now.
    pub stat: std::io::Result<Stamp>,
    /// The stamp the index holds for it, if indexed.
    pub previous: Option<Stamp>,
}

impl Look {
    /// Size and modification time are what the index recorded.
    pub fn unchanged(&self) -> bool {
        match (&self.stat, &self.previous) {
            (Ok(now), Some(then)) => now.size == then.size && now.mtime == then.mtime,
            _ => false,
        }
    }
}

pub fn look(path: &Path, known: &FxHashMap<u64, Stamp>) -> Look {
    let id = schema::article_id(&path.to_string_lossy());
    Look {
        id,
        stat: catalog::stat(path),
        previous: known.get(&id).copied(),
    }
}

/// The inputs resolved to canonical paths, sorted, without any that lies under another
/// (so every file is walked once). Links below a root are not followed, so the walk's paths
/// are canonical too (one realpath per input, not one per file).
pub fn roots(
    inputs: &[PathBuf],
    skipped: &mut Vec<Skipped>,
    on_skip: &(dyn Fn(&Skipped) + Sync),
) -> Vec<PathBuf> {
    let mut roots: Vec<PathBuf> = Vec::new();
    for input in inputs {
        match input.canonicalize() {
            Ok(r) => roots.push(r),
            Err(err) => super::writer::skip(skipped, on_skip, input.clone(), err.to_string()),
        }
    }
    roots.sort();
    let mut kept: Vec<PathBuf> = Vec::new();
    for root in roots {
        if !kept.iter().any(|k| root.starts_with(k)) {
            kept.push(root);
        }
    }
    kept
}

/// Walks the roots once, reporting what cannot be walked, for the sorted article ids of the
/// files there (8 bytes a file; the paths themselves are walked again, never held).
pub fn list(
    roots: &[PathBuf],
    skipped: &mut Vec<Skipped>,
    on_skip: &(dyn Fn(&Skipped) + Sync),
) -> Vec<u64> {
    let mut ids = Vec::new();
    for entry in walk(roots) {
        match entry {
            Ok(path) => ids.push(schema::article_id(&path.to_string_lossy())),
            Err(s) => super::writer::skip(skipped, on_skip, s.path, s.reason),
        }
    }
    ids.sort_unstable();
    ids
}

/// The `.txt` files under `roots` in path order (hidden files and directories skipped), or
/// what could not be walked.
pub fn walk(roots: &[PathBuf]) -> impl Iterator<Item = Result<PathBuf, Skipped>> + '_ {
    roots.iter().flat_map(|root| {
        // Siblings share their parent's path, so comparing whole paths compares names: one
        // memcmp, where `sort_by_file_name` parses both paths on every comparison (30% of a
        // no-op re-index at 100k files).
        walkdir::WalkDir::new(root)
            .sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()))
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()))
            .filter_map(move |entry| match entry {
                Ok(e) if e.file_type().is_file() && (e.depth() == 0 || is_txt(e.path())) => {
                    Some(Ok(e.into_path()))
                }
                Ok(_) => None,
                Err(err) => Some(Err(Skipped {
                    path: err.path().unwrap_or(root).to_path_buf(),
                    reason: walk_reason(&err),
                })),
            })
    })
}

fn walk_reason(err: &walkdir::Error) -> String {
    if err.loop_ancestor().is_some() {
        return "symbolic link loop".into();
    }
    match err.io_error() {
        Some(io) if io.kind() == std::io::ErrorKind::NotFound => "no such file or directory".into(),
        Some(io) => io.to_string(),
        None => err.to_string(),
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

fn is_txt(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("txt"))
}
