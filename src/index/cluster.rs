//! The duplicate cluster an article joins at index time: that of an article already indexed
//! (or in the writer's current batch) sharing [`MIN_SHARED`] of its fingerprint keys
//! ([`super::dedup`]) and dated within [`MAX_DAYS_APART`] of it, else a cluster of its own.
//!
//! Owns the key lookups in the committed segments (through an index handle of its own, whose
//! segment readers it keeps from one commit to the next), skipping segments no copy can be
//! in by their dates, and how much of the index's pages those lookups keep resident. Only
//! articles that join another's cluster store a cluster id. Reads committed segments; never
//! writes the index.

use super::columns::Columns;
use super::dedup::{BANDS, KEYS};
use super::mapped::{self, Mapped};
use super::schema::Fields;
use rustc_hash::FxHashMap;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tantivy::columnar::Cardinality;
use tantivy::index::{SegmentId, SegmentReader};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocSet, Term, TERMINATED};

/// Evidence two articles need to be copies of one story: two shared MinHash keys, or the
/// lede key. One MinHash key is shared by chance between similar but different stories
/// (templated market reports) too often.
pub const MIN_SHARED: usize = 2;
/// Most days between two dated copies of one story. Wire copy is re-published within days;
/// templated reports (a daily market summary) repeat their wording on other days.
pub const MAX_DAYS_APART: i64 = 3;

/// How often (in segments looked up) the clusterer looks at how much of the index it holds
/// resident. The first lookup in a segment after a release maps ~1.5 MB of its term
/// dictionary back (each page fault maps its 64 KiB neighbourhood), and an undated article
/// is looked up in every segment: at 10M articles, one such article added 400 MB between
/// two looks once every 8 articles.
const CHECK_EVERY: u32 = 16;

/// Pages of mapped index files (64 MB of 4 KiB pages) the lookups may add to the resident
/// set before they are released.
const RELEASE_AFTER_PAGES: u64 = 16 * 1024;

/// What sharing key `i` counts for: the lede key (the same 30-word opening) alone is enough;
/// a MinHash key is one piece of evidence.
fn weight(i: usize) -> usize {
    if i == BANDS {
        MIN_SHARED
    } else {
        1
    }
}

/// The days a segment's articles are dated, for skipping segments no copy can be in.
enum Days {
    /// Some article is undated, so it may be a copy of an article of any date.
    Any,
    /// Every article is dated: the distinct day numbers, sorted.
    Only(Vec<i64>),
}

impl Days {
    fn of(columns: &Columns) -> Days {
        if columns.dates.get_cardinality() != Cardinality::Full {
            return Days::Any;
        }
        let mut days: Vec<i64> = columns.dates.values.iter().collect();
        days.sort_unstable();
        days.dedup();
        Days::Only(days)
    }

    /// Some article is dated `date` give or take [`MAX_DAYS_APART`], or undated.
    fn near(&self, date: Option<i64>) -> bool {
        match (self, date) {
            (Days::Only(days), Some(d)) => {
                let from = days.partition_point(|&x| x < d - MAX_DAYS_APART);
                days.get(from).is_some_and(|&x| x <= d + MAX_DAYS_APART)
            }
            _ => true,
        }
    }
}

/// A committed segment as the clusterer reads it.
struct Segment {
    /// The segment and the deletes its reader sees: a segment whose deletes changed is read
    /// again.
    id: SegmentId,
    deletes: Option<u64>,
    reader: SegmentReader,
    columns: Columns,
    days: Arc<Days>,
}

/// When the clusterer lets go of the index pages its lookups touched.
struct Pages {
    /// Resident pages of the process's mapped files.
    resident: mapped::Resident,
    /// How many there were after the last release.
    after_release: u64,
    /// Segments looked up since the last look.
    since_check: u32,
}

impl Pages {
    /// Every [`CHECK_EVERY`] segment lookups: drops the pages the lookups touched when the
    /// process's mapped files have grown by [`RELEASE_AFTER_PAGES`] since the last release.
    fn tick(&mut self, mapped: &Mapped) {
        self.since_check += 1;
        if self.since_check < CHECK_EVERY {
            return;
        }
        self.since_check = 0;
        if self
            .resident
            .file_pages()
            .is_some_and(|now| now > self.after_release + RELEASE_AFTER_PAGES)
        {
            self.release(mapped);
        }
    }

    fn release(&mut self, mapped: &Mapped) {
        mapped.release();
        self.after_release = self.resident.file_pages().unwrap_or(0);
    }
}

/// Attempts at reading a commit's segments while merges delete files of older commits.
const OPEN_ATTEMPTS: usize = 4;

/// Assigns clusters to the articles of an indexing run.
///
/// Reads the committed segments through an index handle of its own, opened once for the
/// run. At each commit it opens only the segments that are new (merged, flushed) or whose
/// deletes changed, and keeps the others' readers: at 10M articles, opening all ~250
/// segments at every commit touched ~100 MB of their files each time. Between commits, the
/// pages its key lookups touch are released once they add up to [`RELEASE_AFTER_PAGES`]: a
/// day's copies are spread over many segments, and one commit's lookups had touched
/// 500–800 MB of their files.
pub struct Clusterer {
    dir: PathBuf,
    /// The index, read through `mapped`, whose pages [`Mapped::release`] drops.
    index: Option<(tantivy::Index, Mapped)>,
    /// When to release the pages the lookups touched.
    pages: Pages,
    key_field: tantivy::schema::Field,
    segments: Vec<Segment>,
    /// Keys of the articles added since the last commit (not yet visible to a searcher):
    /// key → (article, cluster, date) of each article that has it.
    pending: HashMap<u64, Vec<(u64, u64, Option<i64>)>>,
}

impl Clusterer {
    /// A clusterer that sees the last commit of the index at `dir`.
    pub fn new(fields: &Fields, dir: &Path) -> anyhow::Result<Clusterer> {
        let mut c = Clusterer {
            dir: dir.to_path_buf(),
            index: None,
            pages: Pages {
                resident: mapped::Resident::open(),
                after_release: 0,
                since_check: 0,
            },
            key_field: fields.dupkey,
            segments: Vec::new(),
            pending: HashMap::new(),
        };
        c.committed()?;
        Ok(c)
    }

    /// The writer committed: the clusterer now sees the pending articles in the index.
    pub fn committed(&mut self) -> anyhow::Result<()> {
        if self.index.is_none() {
            // Opened once (index::open retries when a merge deletes files meanwhile); its
            // reader, which holds every segment, is let go at once.
            let (opened, mapped) = super::open_releasable(&self.dir)?;
            self.index = Some((opened.index, mapped));
        }
        // A merge may delete a segment's files between the listing and the opening: list again.
        let mut attempt = 1;
        while let Err(e) = self.reopen() {
            if attempt == OPEN_ATTEMPTS {
                return Err(e.into());
            }
            attempt += 1;
        }
        // Opening new segments read their columns' pages, which no lookup needs again soon.
        let (_, mapped) = self.index.as_ref().expect("opened above");
        self.pages.release(mapped);
        self.pending.clear();
        Ok(())
    }

    /// Reads the last commit's segments, keeping the readers of those already read.
    fn reopen(&mut self) -> tantivy::Result<()> {
        let (index, mapped) = self.index.as_ref().expect("opened before");
        let metas = index.searchable_segment_metas()?;
        let mut held: FxHashMap<SegmentId, Segment> =
            self.segments.drain(..).map(|s| (s.id, s)).collect();
        let mut segments = Vec::with_capacity(metas.len());
        for meta in metas {
            let (id, deletes) = (meta.id(), meta.delete_opstamp());
            let known = match held.remove(&id) {
                Some(s) if s.deletes == deletes => {
                    segments.push(s);
                    continue;
                }
                known => known,
            };
            let reader = match tantivy::SegmentReader::open(&index.segment(meta)) {
                Ok(reader) => reader,
                Err(e) => {
                    // Keep what was read, for the next attempt.
                    self.segments = segments.into_iter().chain(held.into_values()).collect();
                    return Err(e);
                }
            };
            let columns = Columns::open_numeric(&reader)?;
            // A segment's dates never change; its deletes may.
            let days = known.map_or_else(|| Arc::new(Days::of(&columns)), |s| s.days);
            segments.push(Segment {
                id,
                deletes,
                reader,
                columns,
                days,
            });
        }
        drop(held);
        let live = segments.iter().map(|s| s.id.uuid_string()).collect();
        mapped.retain_segments(&live);
        self.segments = segments;
        Ok(())
    }

    /// The cluster `article` (whose own cluster is `own`, dated `date` as a day number)
    /// belongs to, given its keys: that of the article sharing the most keys with it (at least
    /// [`MIN_SHARED`], and dated at most [`MAX_DAYS_APART`] from it when both are dated; ties
    /// to the smallest cluster id), else its own.
    pub fn assign(
        &mut self,
        article: u64,
        own: u64,
        date: Option<i64>,
        keys: &[u64; KEYS],
    ) -> tantivy::Result<u64> {
        let near = |other: Option<i64>| match (date, other) {
            (Some(a), Some(b)) => (a - b).abs() <= MAX_DAYS_APART,
            _ => true,
        };
        // (article, cluster) → shared keys
        let mut shared: HashMap<(u64, u64), usize> = HashMap::new();
        for (i, k) in keys.iter().enumerate() {
            for &(a, c, d) in self.pending.get(k).into_iter().flatten() {
                if a != article && near(d) {
                    *shared.entry((a, c)).or_default() += weight(i);
                }
            }
        }
        self.in_index(article, date, keys, &near, &mut shared)?;
        let cluster = shared
            .into_iter()
            .filter(|(_, n)| *n >= MIN_SHARED)
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0 .1.cmp(&a.0 .1)))
            .map_or(own, |((_, c), _)| c);
        for k in keys {
            self.pending
                .entry(*k)
                .or_default()
                .push((article, cluster, date));
        }
        Ok(cluster)
    }

    fn in_index(
        &mut self,
        article: u64,
        date: Option<i64>,
        keys: &[u64; KEYS],
        near: &dyn Fn(Option<i64>) -> bool,
        shared: &mut HashMap<(u64, u64), usize>,
    ) -> tantivy::Result<()> {
        let Some((_, mapped)) = &self.index else {
            return Ok(());
        };
        // Corpora are mostly filed by date, so most segments hold no article near this one's
        // date and need no key lookups (nor their term dictionaries in memory).
        for Segment {
            reader: segment,
            columns,
            ..
        } in self.segments.iter().filter(|s| s.days.near(date))
        {
            self.pages.tick(mapped);
            let inverted = segment.inverted_index(self.key_field)?;
            for (i, &k) in keys.iter().enumerate() {
                let term = Term::from_field_u64(self.key_field, k);
                let Some(mut postings) = inverted.read_postings(&term, IndexRecordOption::Basic)?
                else {
                    continue;
                };
                let mut doc = postings.doc();
                while doc != TERMINATED {
                    if !segment.is_deleted(doc) && near(columns.date(doc)) {
                        if let (Some(a), Some(c)) = (columns.article(doc), columns.cluster(doc)) {
                            if a != article {
                                *shared.entry((a, c)).or_default() += weight(i);
                            }
                        }
                    }
                    doc = postings.advance();
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_segment_is_near_a_date_within_the_window_or_when_it_holds_undated_articles() {
        let days = Days::Only(vec![100, 200]);
        assert!(days.near(Some(100 - MAX_DAYS_APART)));
        assert!(days.near(Some(200 + MAX_DAYS_APART)));
        assert!(!days.near(Some(100 - MAX_DAYS_APART - 1)));
        assert!(!days.near(Some(150)));
        assert!(!days.near(Some(200 + MAX_DAYS_APART + 1)));
        assert!(days.near(None), "an undated article may copy any");
        assert!(Days::Any.near(Some(150)));
        assert!(!Days::Only(Vec::new()).near(Some(150)));
    }
}
