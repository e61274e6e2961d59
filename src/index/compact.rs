//! Compaction: the index's many small segments merged into a few large ones.
//!
//! Owns `dateline compact`. An indexing run stops merging segments past
//! [`super::sink::MAX_DOCS_BEFORE_MERGE`] articles so that its memory does not grow with the
//! corpus; a large index therefore has hundreds of segments, and every search opens each one
//! (1M articles: 28 segments, a name search takes 17.5 ms; compacted to 5, 8.2 ms). Compaction merges them in groups of up to [`GROUP_DOCS`] articles, one group at a
//! time, so what it maps at once is one group's files, not the whole index. It changes no
//! article: the same documents, the same commit payload. It never touches extraction.

use std::path::Path;
use std::time::{Duration, Instant};

/// Most articles merged into one segment (about 250 MB of index files).
pub const GROUP_DOCS: u32 = 250_000;

/// What a compaction did.
#[derive(Debug, Default)]
pub struct Compacted {
    /// Segments before.
    pub before: usize,
    /// Segments after.
    pub after: usize,
    /// Articles in the index.
    pub articles: u64,
    /// Wall time.
    pub elapsed: Duration,
}

/// Merges the segments of the index at `dir` into groups of up to [`GROUP_DOCS`] articles.
/// Errors when another process is writing the index.
pub fn compact(dir: &Path) -> anyhow::Result<Compacted> {
    let started = Instant::now();
    // Only the index, not its reader: a reader would keep every merged-away segment mapped
    // (and its pages resident) until the end.
    let index = super::open(dir)?.index;
    let mut writer: tantivy::IndexWriter = index
        .writer_with_num_threads(1, 32 << 20)
        .map_err(|e| super::sink::busy_or(e, dir))?;
    // Only the merges asked for here.
    writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
    let metas = index.searchable_segment_metas()?;
    let mut done = Compacted {
        before: metas.len(),
        articles: metas.iter().map(|m| u64::from(m.num_docs())).sum(),
        ..Compacted::default()
    };
    // Ids only: a segment's meta held here would keep its files alive through the collection.
    let groups = groups(metas.iter().map(|m| (m.id(), m.num_docs())).collect());
    drop(metas);
    for ids in groups {
        writer.merge(&ids).wait()?;
        // The merged-away files go now, not at the next commit: the disk holds the index
        // and one group's merge, never two copies of the index.
        writer.garbage_collect_files().wait()?;
    }
    writer.wait_merging_threads()?;
    done.after = index.searchable_segment_ids()?.len();
    done.elapsed = started.elapsed();
    Ok(done)
}

/// The segments to merge, given as (id, articles), in groups: smallest first, each group as
/// many as fit in [`GROUP_DOCS`] articles; a group of one is left as it is.
fn groups<I: Copy>(mut segments: Vec<(I, u32)>) -> Vec<Vec<I>> {
    segments.sort_by_key(|&(_, docs)| docs);
    let mut out: Vec<Vec<I>> = Vec::new();
    let mut current = Vec::new();
    let mut docs = 0u32;
    for (id, n) in segments {
        if !current.is_empty() && docs + n > GROUP_DOCS {
            out.push(std::mem::take(&mut current));
            docs = 0;
        }
        docs += n;
        current.push(id);
    }
    out.push(current);
    out.retain(|g| g.len() > 1);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_group_up_to_the_cap_smallest_first() {
        let sizes = [200_000, 10_000, 10_000, 240_000, 30_000, 250_000, 5_000];
        let groups = groups(sizes.iter().copied().enumerate().collect());
        // 5k + 10k + 10k + 30k + 200k is 255k: the 200k segment starts the next group, and
        // stays alone with 240k and 250k beyond the cap.
        assert_eq!(groups, [vec![6, 1, 2, 4]]);
        let many = groups_of(vec![5_000; 120]);
        assert_eq!(many.len(), 3, "50 + 50 + 20 segments of 5,000");
        assert!(groups_of(vec![10; 1]).is_empty());
    }

    fn groups_of(sizes: Vec<u32>) -> Vec<Vec<usize>> {
        groups(sizes.into_iter().enumerate().collect())
    }
}
