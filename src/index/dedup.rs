//! Near-duplicate articles: one story carried by several outlets under different page furniture.
//!
//! Owns an article's fingerprint — MinHash over 5-word shingles of its cleaned body, folded
//! into [`BANDS`] keys of [`ROWS`] minima each, so two bodies with shingle resemblance
//! (Jaccard) J share at least one of them with probability 1 − (1 − J³)¹¹: 0.9996 at J = 0.8,
//! 0.26 at J = 0.3; plus one key of the opening words, for bodies that open alike — and the
//! choice, at index time, of the duplicate cluster an article joins: the cluster of an
//! article already indexed (or in the writer's current batch) that shares a key with it, else a
//! cluster of its own. Only articles that join another's cluster store a cluster id; every other
//! document's cluster is derived from its article id and content hash ([`own_cluster`]), so a
//! changed file leaves its old cluster. Reads committed segments; never writes the index.

use super::columns::Columns;
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
use xxhash_rust::xxh3::{xxh3_64, xxh3_64_with_seed};

/// Keys per article: [`BANDS`] MinHash keys and one lede key.
pub const KEYS: usize = BANDS + 1;
/// MinHash keys per article.
const BANDS: usize = 11;
/// MinHash minima per key.
const ROWS: usize = 3;
/// Bits of hash in a key (below the key's number): small keys keep the index's term
/// dictionary compact (its terms share their leading bytes), and at 2^24 values a chance
/// match of two keys at once is negligible even among millions of articles.
const KEY_BITS: u32 = 24;
/// Bits of hash in the lede key.
const LEDE_BITS: u32 = 40;
/// Words of the opening that make the lede key.
const LEDE_WORDS: usize = 30;
/// Words per shingle.
const SHINGLE: usize = 5;
/// Bodies shorter than this (in words) are not fingerprinted: short templated items (dividend
/// notices, results tables) resemble each other without being one story.
pub const MIN_WORDS: usize = 40;

/// The fingerprint keys of an article's body (its passages), or `None` when it is too short.
pub fn keys(passages: &[String]) -> Option<[u64; KEYS]> {
    let mut words = Vec::new();
    let mut word = String::new();
    for passage in passages {
        for c in passage.chars().chain(std::iter::once(' ')) {
            if !crate::extract::lexicon::push_folded_char(&mut word, c) && !word.is_empty() {
                words.push(xxh3_64(word.as_bytes()));
                word.clear();
            }
        }
    }
    if words.len() < MIN_WORDS {
        return None;
    }
    let mut bytes = [0u8; SHINGLE * 8];
    let shingles: Vec<u64> = words
        .windows(SHINGLE)
        .map(|window| {
            for (chunk, w) in bytes.chunks_exact_mut(8).zip(window) {
                chunk.copy_from_slice(&w.to_le_bytes());
            }
            xxh3_64(&bytes)
        })
        .collect();
    let minima = minima(&shingles);
    let mut lede = [0u8; LEDE_WORDS * 8];
    for (chunk, w) in lede.chunks_exact_mut(8).zip(&words) {
        chunk.copy_from_slice(&w.to_le_bytes());
    }
    Some(std::array::from_fn(|k| {
        let hash = if k == BANDS {
            xxh3_64_with_seed(&lede, k as u64)
        } else {
            let mut rows = [0u8; ROWS * 8];
            for (chunk, m) in rows.chunks_exact_mut(8).zip(&minima[k * ROWS..]) {
                chunk.copy_from_slice(&m.to_le_bytes());
            }
            xxh3_64_with_seed(&rows, k as u64)
        };
        // The lede key alone decides, so it keeps more bits against chance matches.
        let bits = if k == BANDS { LEDE_BITS } else { KEY_BITS };
        ((k as u64) << LEDE_BITS) | (hash & ((1 << bits) - 1))
    }))
}

/// The MinHash minima of `shingles`: for each of [`BANDS`] × [`ROWS`] seeded hash functions,
/// the least hash of any shingle.
fn minima(shingles: &[u64]) -> [u64; BANDS * ROWS] {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has AVX2, checked just above.
        return unsafe { minima_avx2(shingles) };
    }
    minima_portable(shingles)
}

/// [`minima_portable`] compiled for AVX2, where the 33 hash functions run four at a time:
/// the same minima in about a sixth of the time.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn minima_avx2(shingles: &[u64]) -> [u64; BANDS * ROWS] {
    minima_portable(shingles)
}

#[inline(always)]
fn minima_portable(shingles: &[u64]) -> [u64; BANDS * ROWS] {
    let seeds: [u64; BANDS * ROWS] = std::array::from_fn(|i| splitmix(i as u64 + 1));
    let mut minima = [u64::MAX; BANDS * ROWS];
    for &shingle in shingles {
        for (m, seed) in minima.iter_mut().zip(seeds) {
            *m = (*m).min(splitmix(shingle ^ seed));
        }
    }
    minima
}

/// The cluster of an article that joined no other: derived from its id and content hash.
pub fn own_cluster(article: u64, content_hash: u64) -> u64 {
    splitmix(article ^ content_hash.rotate_left(29))
}

#[inline(always)]
fn splitmix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

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

    fn body(words: &str) -> Vec<String> {
        vec![words.to_owned()]
    }

    const STORY: &str =
        "The central bank raised its main interest rate by a quarter of a point on \
        Thursday, its third increase this year, saying inflation had stayed above its target for \
        longer than expected. The governor told reporters that further rises could follow if \
        wages kept growing at the current pace, while two members of the committee voted to \
        hold rates, citing signs that consumer spending was already slowing in the second half.";

    #[test]
    fn copies_share_keys_and_other_stories_do_not() {
        let a = keys(&body(STORY)).unwrap();
        let copy = keys(&body(&format!("{STORY} Follow us for more."))).unwrap();
        assert!(a.iter().any(|k| copy.contains(k)));
        let other = keys(&body(
            "The football club confirmed on Thursday that its manager had left after a run of \
             poor results, saying a successor would be named before the next league match. The \
             chairman thanked him for three seasons in charge and said the search for a new \
             coach had begun, with the assistant taking training for the rest of the week while \
             the board considered candidates from home and abroad for the job.",
        ))
        .unwrap();
        assert!(!a.iter().any(|k| other.contains(k)));
        assert_eq!(
            keys(&body("Too short to tell one story from another.")),
            None
        );
    }

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

    #[test]
    fn every_cpu_computes_the_same_minima() {
        let shingles: Vec<u64> = (0..500u64).map(|i| splitmix(i * 7919)).collect();
        let portable = minima_portable(&shingles);
        assert_eq!(minima(&shingles), portable);
        assert_eq!(minima(&shingles[..1]), minima_portable(&shingles[..1]));
        assert!(
            portable.iter().all(|&m| m < u64::MAX / 8),
            "500 draws keep small minima"
        );
    }

    #[test]
    fn case_and_punctuation_do_not_matter() {
        assert_eq!(
            keys(&body(STORY)),
            keys(&body(&STORY.to_uppercase().replace(',', " ")))
        );
    }
}
