//! What the index holds: for every indexed article, the stamp of the file it was read from.
//!
//! The index is the only record of what was indexed (no side file to drift from it): each
//! article's document carries its file's size, modification time and content hash as fast
//! fields, and the catalog reads them back, through a handle of its own that it drops (the
//! pages it read leave the process with it).
//! Owns that read (of the articles under the walked directories only), the comparison of a
//! file on disk with its stamp, and finding the articles whose files are gone; writes
//! nothing.

use super::columns::Columns;
use std::ops::Range;
use std::path::{Path, PathBuf};
use tantivy::columnar::StrColumn;
use tantivy::index::SegmentReader;

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

/// Every indexed article's stamp, by article id ([`article_id`](super::schema::article_id)
/// of its path). Paths are not held: ten million of them would cost more memory than
/// everything else in an indexing run.
///
/// A sorted vector, 32 bytes an article, sized once from the index's document count: a hash
/// map of ten million stamps took 530 MB, and twice that while it grew. A look-up is a binary
/// search, a few hundred nanoseconds against the `stat` of the file it is compared with.
#[derive(Debug, Default)]
pub struct Catalog {
    stamps: Vec<(u64, Stamp)>,
}

impl Catalog {
    /// The stamps of the articles under `roots` in the last commit of the index at `dir`
    /// (the only files a run that walks `roots` can look up: adding a directory to a large
    /// index reads none of the others'), and the paths of those whose files are gone
    /// (`present`: the sorted ids of the files there now). Only those paths are read: the
    /// articles under each root are a range of the path column's sorted dictionary, so an
    /// article elsewhere costs one ordinal compared, not a path decoded. Counted first, so
    /// the vector is allocated once.
    pub fn read(
        dir: &Path,
        roots: &[PathBuf],
        present: &[u64],
    ) -> anyhow::Result<(Catalog, Vec<String>)> {
        let (opened, mapped) = super::open_releasable(dir)?;
        let searcher = opened.reader.searcher();
        let mut rooted = Vec::new();
        let mut count = 0;
        for segment in searcher.segment_readers() {
            if let Some(r) = Rooted::open(segment, roots)? {
                count += segment.doc_ids_alive().filter(|&d| r.holds(d)).count();
                rooted.push((segment, r));
            }
            mapped.release();
        }
        let mut stamps = Vec::with_capacity(count);
        let mut vanished = Vec::new();
        for (segment, rooted) in rooted {
            let columns = Columns::open(segment)?;
            for doc in segment.doc_ids_alive().filter(|&d| rooted.holds(d)) {
                let Some(id) = columns.article(doc) else {
                    continue;
                };
                stamps.push((id, columns.stamp(doc)));
                if present.binary_search(&id).is_err() {
                    vanished.extend(columns.path(doc)?);
                }
            }
            // Each segment's columns are read once: 10M articles' stamps mapped 400 MB.
            mapped.release();
        }
        stamps.sort_unstable_by_key(|&(id, _)| id);
        Ok((Catalog { stamps }, vanished))
    }

    /// The stamp recorded for the article `id`.
    pub fn get(&self, id: u64) -> Option<Stamp> {
        let at = self.stamps.binary_search_by_key(&id, |&(i, _)| i).ok()?;
        Some(self.stamps[at].1)
    }

    /// The index holds the article `id`.
    pub fn contains(&self, id: u64) -> bool {
        self.get(id).is_some()
    }
}

/// A segment's path column with the ordinal ranges of the paths under the walked roots.
struct Rooted {
    paths: StrColumn,
    ranges: Vec<Range<u64>>,
}

impl Rooted {
    /// None when no path of the segment lies under a root.
    fn open(segment: &SegmentReader, roots: &[PathBuf]) -> anyhow::Result<Option<Rooted>> {
        let Some(paths) = segment.fast_fields().str("path")? else {
            return Ok(None);
        };
        let mut ranges = Vec::with_capacity(2 * roots.len());
        for root in roots {
            ranges.extend(under(&paths, root)?.into_iter().filter(|r| !r.is_empty()));
        }
        Ok((!ranges.is_empty()).then_some(Rooted { paths, ranges }))
    }

    /// The article `doc` was read from a file under a root.
    fn holds(&self, doc: tantivy::DocId) -> bool {
        self.paths
            .term_ords(doc)
            .next()
            .is_some_and(|ord| self.ranges.iter().any(|r| r.contains(&ord)))
    }
}

/// The ordinals of the paths at or under `root` in a segment's path column: the root itself
/// (a file given as a root), and everything from `root/` up to, not including, `root0` (`0`
/// follows `/`).
fn under(paths: &StrColumn, root: &Path) -> std::io::Result<[Range<u64>; 2]> {
    use std::ops::Bound::{Excluded, Included, Unbounded};
    let dict = paths.dictionary();
    let terms = dict.num_terms() as u64;
    let root = root.to_string_lossy();
    let mut prefix = root.as_bytes().to_vec();
    if prefix.last() != Some(&b'/') {
        prefix.push(b'/');
    }
    let mut end = prefix.clone();
    *end.last_mut().expect("not empty") += 1;
    let (lower, upper) = dict.term_bounds_to_ord(Included(&prefix[..]), Excluded(&end[..]))?;
    let start = match lower {
        Included(o) => o,
        Excluded(o) => o + 1,
        Unbounded => 0,
    };
    let stop = match upper {
        Included(o) => o + 1,
        Excluded(o) => o,
        Unbounded => terms,
    };
    let itself = match dict.term_ord(root.as_bytes())? {
        Some(o) => o..o + 1,
        None => 0..0,
    };
    Ok([itself, start.min(terms)..stop.min(terms)])
}
