//! Inputs of an indexing run: which files are articles, and what changed since the index
//! last saw them.
//!
//! Owns the roots (canonical, none under another), the walk (saved pages — `.txt`, `.html`
//! and its kin, `.mhtml` — in path order, hidden files and directories skipped, links followed
//! and each target read once), the listing of the ids of every file present (to spot vanished
//! articles) and the count of files of other types, and a file's [`Look`]: its stamp now
//! against the one the index holds. It reads no file's content and never touches the index.

use super::catalog::{self, Catalog, Stamp};
use super::schema;
use super::writer::Skipped;
use std::collections::BTreeMap;
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

pub fn look(path: &Path, known: &Catalog) -> Look {
    let id = schema::article_id(&path.to_string_lossy());
    Look {
        id,
        stat: catalog::stat(path),
        previous: known.get(id),
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
/// saved pages there (8 bytes a file; the paths themselves are walked again, never held),
/// counting the files of other types by extension into `other`.
pub fn list(
    roots: &[PathBuf],
    skipped: &mut Vec<Skipped>,
    on_skip: &(dyn Fn(&Skipped) + Sync),
    other: &mut BTreeMap<String, usize>,
) -> Vec<u64> {
    let mut ids = Vec::new();
    for entry in entries(roots) {
        match entry {
            Ok((path, true)) => ids.push(schema::article_id(&path.to_string_lossy())),
            Ok((path, false)) => *other.entry(extension(&path)).or_default() += 1,
            Err(s) => super::writer::skip(skipped, on_skip, s.path, s.reason),
        }
    }
    ids.sort_unstable();
    ids
}

/// How a file of another type is counted: `.pdf`, or "no extension".
fn extension(path: &Path) -> String {
    match path.extension() {
        Some(e) => format!(".{}", e.to_string_lossy().to_lowercase()),
        None => "no extension".into(),
    }
}

/// The saved pages under `roots` in path order (hidden files and directories skipped), or
/// what could not be walked. A file given as a root is read whatever its name.
pub fn walk(roots: &[PathBuf]) -> impl Iterator<Item = Result<PathBuf, Skipped>> + '_ {
    entries(roots).filter_map(|e| match e {
        Ok((path, true)) => Some(Ok(path)),
        Ok((_, false)) => None,
        Err(s) => Some(Err(s)),
    })
}

/// Every file under `roots` in path order, with whether it is a saved page, or what could
/// not be walked. Symbolic links are followed (walkdir reports loops); a link whose target
/// lies under a root is left to the walk that reaches the target at its own path, and a
/// target reached by two links is read once.
fn entries(roots: &[PathBuf]) -> impl Iterator<Item = Result<(PathBuf, bool), Skipped>> + '_ {
    let links = std::rc::Rc::new(std::cell::RefCell::new(Links {
        roots,
        seen: Default::default(),
    }));
    roots.iter().flat_map(move |root| {
        let links = links.clone();
        // Siblings share their parent's path, so comparing whole paths compares names: one
        // memcmp, where `sort_by_file_name` parses both paths on every comparison (30% of a
        // no-op re-index at 100k files).
        walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()))
            .into_iter()
            .filter_entry(move |e| {
                e.depth() == 0
                    || (!(is_hidden(e.file_name()) || is_page_assets(e))
                        && links.borrow_mut().first_visit(e))
            })
            .filter_map(move |entry| match entry {
                Ok(e) if e.file_type().is_file() => {
                    let page = e.depth() == 0 || is_page(e.path());
                    Some(Ok((e.into_path(), page)))
                }
                Ok(_) => None,
                Err(err) => Some(Err(Skipped {
                    path: err.path().unwrap_or(root).to_path_buf(),
                    reason: walk_reason(&err),
                })),
            })
    })
}

/// The targets of the symbolic links met so far in a walk.
struct Links<'a> {
    roots: &'a [PathBuf],
    seen: rustc_hash::FxHashSet<PathBuf>,
}

impl Links<'_> {
    /// Whether the walk should take `e`: anything that is not a link; a link whose target is
    /// outside every root and was not reached before.
    fn first_visit(&mut self, e: &walkdir::DirEntry) -> bool {
        if !e.path_is_symlink() {
            return true;
        }
        let Ok(target) = std::fs::canonicalize(e.path()) else {
            return true; // broken: the walk reports it
        };
        !self.roots.iter().any(|r| target.starts_with(r)) && self.seen.insert(target)
    }
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

/// A browser's "Save page, complete" folder (`Page_files/` beside `Page.html`): the page's
/// scripts, styles, images and ad frames, not articles.
fn is_page_assets(e: &walkdir::DirEntry) -> bool {
    if !e.file_type().is_dir() {
        return false;
    }
    let name = e.file_name().to_string_lossy();
    let Some(stem) = name.strip_suffix("_files") else {
        return false;
    };
    let parent = e.path().parent().unwrap_or(Path::new(""));
    ["html", "htm"]
        .iter()
        .any(|ext| parent.join(format!("{stem}.{ext}")).is_file())
}

fn is_page(path: &Path) -> bool {
    crate::extract::html::format_of(path).is_some()
}
