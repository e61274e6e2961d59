//! What the index holds: for every indexed article, the stamp of the file it was read from.
//!
//! The index is the only record of what was indexed (no side file to drift from it): each
//! article's document carries its file's size, modification time and content hash as fast
//! fields, and the catalog reads them back.
//! Owns that read and the comparison of a file on disk with its stamp; writes nothing.

use super::columns::Columns;
use super::Opened;
use rustc_hash::{FxHashMap, FxHashSet};
use std::path::Path;

/// The identity of a file's content as last indexed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    /// Size in bytes.
    pub size: u64,
    /// Modification time, nanoseconds since the epoch (0 when unknown).
    pub mtime: i64,
    /// First 8 bytes of the BLAKE3 hash of the content.
    pub hash: u64,
}

/// The size and modification time of `path` (hash left 0: computed only when they differ).
pub fn stat(path: &Path) -> std::io::Result<Stamp> {
    let meta = std::fs::metadata(path)?;
    let mtime = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as i64);
    Ok(Stamp {
        size: meta.len(),
        mtime,
        hash: 0,
    })
}

/// The content hash stored in a [`Stamp`].
pub fn hash(bytes: &[u8]) -> u64 {
    super::schema::hash64(bytes)
}

/// Every indexed article's stamp by article id ([`article_id`](super::schema::article_id) of its path), read
/// from the fast fields of the last commit. Paths are not held: a million of them would
/// cost more memory than everything else in an indexing run.
pub fn read(opened: &Opened) -> tantivy::Result<FxHashMap<u64, Stamp>> {
    let searcher = opened.reader.searcher();
    let mut out = FxHashMap::default();
    for segment in searcher.segment_readers() {
        let columns = Columns::open(segment)?;
        for doc in segment.doc_ids_alive() {
            if let Some(id) = columns.article(doc) {
                out.insert(id, columns.stamp(doc));
            }
        }
    }
    Ok(out)
}

/// The paths of the indexed articles whose ids are in `ids`.
pub fn paths(opened: &Opened, ids: &FxHashSet<u64>) -> tantivy::Result<Vec<String>> {
    let mut out = Vec::new();
    if ids.is_empty() {
        return Ok(out);
    }
    for segment in opened.reader.searcher().segment_readers() {
        let columns = Columns::open(segment)?;
        for doc in segment.doc_ids_alive() {
            if columns.article(doc).is_some_and(|id| ids.contains(&id)) {
                out.extend(columns.path(doc)?);
            }
        }
    }
    Ok(out)
}
