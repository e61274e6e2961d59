//! The index on disk: schema, analyzer, opening and writing.
//!
//! Owns the index directory: creating it, opening it (checking the format version and
//! mapping tantivy's failures to [`Error`]s the user can act on), and — in `writer` only —
//! changing it. Search opens it read-only through [`open`]. Nothing here reads article files'
//! meaning; it receives [`Article`](crate::extract::Article)s.

pub mod analyzer;
pub mod catalog;
pub mod cluster;
pub mod columns;
pub mod compact;
pub mod dedup;
pub mod inputs;
pub mod learned;
pub mod mapped;
pub mod pipeline;
pub mod prefetch;
pub mod schema;
pub mod sink;
pub mod writer;

use crate::error::Error;
use std::path::Path;
use tantivy::directory::MmapDirectory;
use tantivy::{Index, IndexReader};

/// An open index with its field handles.
pub struct Opened {
    /// The tantivy index, with the dateline analyzer registered.
    pub index: Index,
    /// Field handles.
    pub fields: schema::Fields,
    /// A reader on the last commit (opening it checks that every segment file is there).
    pub reader: IndexReader,
}

/// Opens the index at `dir` for reading or updating.
///
/// A writer in another process may commit (and then delete segment files merged away)
/// while this opens the previous commit: a failure to open is reported as damage only if
/// `meta.json` did not change meanwhile; otherwise the new commit is opened.
pub fn open(dir: &Path) -> Result<Opened, Error> {
    open_with(dir, |dir| Ok(Box::new(MmapDirectory::open(dir)?)))
}

/// [`open`], reading through the directory `directory` makes of `dir` (at each attempt).
pub fn open_with(
    dir: &Path,
    mut directory: impl FnMut(&Path) -> tantivy::Result<Box<dyn tantivy::Directory>>,
) -> Result<Opened, Error> {
    let meta = || std::fs::read(dir.join("meta.json")).ok();
    let mut attempts = 0;
    loop {
        let before = meta();
        match open_once(dir, &mut directory) {
            Err(Error::Corrupt { .. }) if attempts < 3 && meta() != before => attempts += 1,
            result => return result,
        }
    }
}

/// [`open`] through a [`mapped::Mapped`] directory, returned with it so that the pages read
/// can be dropped ([`mapped::Mapped::release`]).
pub fn open_releasable(dir: &Path) -> Result<(Opened, mapped::Mapped), Error> {
    let mut last = None;
    let opened = open_with(dir, |dir| {
        let m = mapped::Mapped::open(dir)?;
        last = Some(m.clone());
        Ok(Box::new(m))
    })?;
    Ok((opened, last.expect("opened through a Mapped directory")))
}

fn open_once(
    dir: &Path,
    directory: &mut impl FnMut(&Path) -> tantivy::Result<Box<dyn tantivy::Directory>>,
) -> Result<Opened, Error> {
    if !dir.join("meta.json").is_file() {
        return Err(Error::NoIndex(dir.to_path_buf()));
    }
    let corrupt = |e: &tantivy::TantivyError| Error::Corrupt {
        path: dir.to_path_buf(),
        reason: first_line(&crate::error::tantivy_reason(e)),
    };
    let index = directory(dir)
        .and_then(Index::open)
        .map_err(|e| corrupt(&e))?;
    let metas = index.load_metas().map_err(|e| corrupt(&e))?;
    match schema::version_of(metas.payload.as_deref()) {
        Some(schema::FORMAT_VERSION) => {}
        // Created, then stopped before its first commit: an empty index of this format.
        None if metas.segments.is_empty() && index.schema() == schema::schema() => {}
        found => {
            return Err(Error::Incompatible {
                path: dir.to_path_buf(),
                found: found.map_or("unknown".into(), |v| v.to_string()),
                expected: schema::FORMAT_VERSION,
            })
        }
    }
    let fields = schema::Fields::from_schema(&index.schema()).map_err(|e| corrupt(&e))?;
    register(&index);
    let reader = manual_reader(&index).map_err(|e| corrupt(&e))?;
    Ok(Opened {
        index,
        fields,
        reader,
    })
}

/// Passage text is most of the index: it is stored zstd-compressed (level 3) in 32 KiB
/// blocks: a third smaller than tantivy's lz4 in 16 KiB blocks, at the same search latency
/// (a hit's block is decompressed only when the hit is shown; BENCHMARKS.md).
fn settings() -> tantivy::IndexSettings {
    tantivy::IndexSettings {
        docstore_compression: tantivy::store::Compressor::Zstd(tantivy::store::ZstdCompressor {
            compression_level: Some(3),
        }),
        docstore_blocksize: 32 * 1024,
        ..Default::default()
    }
}

/// Creates a new, empty index at `dir` (the directory is created if missing).
pub fn create(dir: &Path) -> anyhow::Result<Opened> {
    use anyhow::Context;
    if dir.exists() && !dir.is_dir() {
        anyhow::bail!(
            "{} is a file, not an index directory: give --index a directory",
            dir.display()
        );
    }
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create the index directory {}", dir.display()))?;
    let directory = MmapDirectory::open(dir)?;
    let index = Index::create(directory, schema::schema(), settings())?;
    let fields = schema::Fields::from_schema(&index.schema())?;
    register(&index);
    let reader = manual_reader(&index)?;
    Ok(Opened {
        index,
        fields,
        reader,
    })
}

/// A reader that moves to a newer commit only when told (`reload`): tantivy's default
/// watches `meta.json` from a thread of its own, which every search would start for nothing.
fn manual_reader(index: &Index) -> tantivy::Result<IndexReader> {
    index
        .reader_builder()
        .reload_policy(tantivy::ReloadPolicy::Manual)
        .try_into()
}

fn register(index: &Index) {
    index
        .tokenizers()
        .register(analyzer::NAME, analyzer::analyzer());
}

fn first_line(s: &str) -> String {
    s.lines()
        .next()
        .unwrap_or_default()
        .chars()
        .take(200)
        .collect()
}

/// Removes the files of a tantivy index from `dir`, leaving anything else there alone.
pub fn remove(dir: &Path) -> anyhow::Result<()> {
    use anyhow::Context;
    if !dir.join("meta.json").is_file() {
        return Ok(());
    }
    let listing = || format!("cannot list the index directory {}", dir.display());
    for entry in std::fs::read_dir(dir).with_context(listing)? {
        let entry = entry.with_context(listing)?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let is_index_file = learned::is_learned_file(&name)
            || name == "meta.json"
            || name == ".managed.json"
            || name.starts_with(".tantivy-")
            || [
                ".store",
                ".idx",
                ".pos",
                ".term",
                ".fast",
                ".fieldnorm",
                ".del",
            ]
            .iter()
            .any(|ext| name.ends_with(ext));
        if is_index_file && entry.file_type().with_context(listing)?.is_file() {
            std::fs::remove_file(entry.path())
                .with_context(|| format!("cannot remove {} to rebuild", entry.path().display()))?;
        }
    }
    Ok(())
}
