//! What the index holds: for every indexed article, the stamp of the file it was read from.
//!
//! The index is the only record of what was indexed (no side file to drift from it): each
//! passage document carries its file's size, modification time and content hash as fast
//! fields, and the catalog reads them back from the first passage of each live article.
//! Owns that read and the comparison of a file on disk with its stamp; writes nothing.

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
        let ff = segment.fast_fields();
        let article = ff.u64("article")?;
        let passage = ff.u64("passage")?;
        let size = ff.u64("size")?;
        let mtime = ff.i64("mtime")?;
        let hash = ff.u64("hash")?;
        for doc in segment.doc_ids_alive() {
            if passage.first(doc) != Some(0) {
                continue;
            }
            let Some(id) = article.first(doc) else {
                continue;
            };
            let stamp = Stamp {
                size: size.first(doc).unwrap_or(0),
                mtime: mtime.first(doc).unwrap_or(0),
                hash: hash.first(doc).unwrap_or(0),
            };
            out.insert(id, stamp);
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
        let ff = segment.fast_fields();
        let Some(paths) = ff.str("path")? else {
            continue;
        };
        let article = ff.u64("article")?;
        let passage = ff.u64("passage")?;
        for doc in segment.doc_ids_alive() {
            let wanted = article.first(doc).is_some_and(|id| ids.contains(&id));
            if !wanted || passage.first(doc) != Some(0) {
                continue;
            }
            if let Some(ord) = paths.term_ords(doc).next() {
                let mut path = String::new();
                paths.ord_to_str(ord, &mut path)?;
                out.push(path);
            }
        }
    }
    Ok(out)
}
