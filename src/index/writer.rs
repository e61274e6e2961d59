//! The only code that writes the index: walk the inputs, extract articles, add their passages.
//!
//! Owns the indexing run: which files are articles (`.txt`, not hidden), reading and cleaning
//! them in parallel in bounded batches, replacing each article's passages (delete by path,
//! then add, in one operation batch so an article is never half-present), committing every
//! batch with the format version, learning lines that recur across many pages of the corpus
//! (boilerplate no single page reveals), skipping files unchanged since the last run and removing
//! articles whose files are gone, and counting what was skipped and why. One bad file is
//! skipped and reported; it never stops the run.

use super::catalog::{self, Stamp};
use super::dedup::{self, Clusterer};
use super::schema::{self, Fields};
use super::Opened;
use crate::error::Error;
use crate::extract::corpus::{CorpusStats, Learner};
use crate::extract::{self, decode, Article, ReadError};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tantivy::indexer::UserOperation;
use tantivy::{IndexWriter, TantivyDocument, Term};

/// Settings of an indexing run.
#[derive(Debug, Clone)]
pub struct Options {
    /// Memory budget of the tantivy writer, in bytes.
    pub memory_bytes: usize,
    /// Files larger than this are skipped.
    pub max_file_bytes: u64,
    /// Start from an empty index.
    pub rebuild: bool,
    /// Articles per commit.
    pub batch: usize,
    /// Set (by a Ctrl-C handler) to stop after the current article: what is done is
    /// committed, the rest is left for the next run.
    pub stop: Option<Arc<AtomicBool>>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            memory_bytes: 128 << 20,
            max_file_bytes: 16 << 20,
            rebuild: false,
            batch: 5_000,
            stop: None,
        }
    }
}

/// A file that was not indexed, and why.
#[derive(Debug, Clone)]
pub struct Skipped {
    /// The file or directory.
    pub path: PathBuf,
    /// One-line reason.
    pub reason: String,
}

/// What an indexing run did.
#[derive(Debug, Default)]
pub struct Summary {
    /// Articles new to the index.
    pub added: usize,
    /// Articles whose file changed and were indexed again.
    pub updated: usize,
    /// Articles whose file is gone from the indexed directories.
    pub removed: usize,
    /// Files unchanged since the last run (not read again).
    pub unchanged: usize,
    /// Passages indexed in this run.
    pub passages: usize,
    /// Bytes of the files read and indexed.
    pub bytes: u64,
    /// Files and directories skipped, with reasons.
    pub skipped: Vec<Skipped>,
    /// Lines learned as boilerplate across the corpus in this run.
    pub boilerplate_lines: usize,
    /// The run was stopped before every file was seen (what was done is committed).
    pub interrupted: bool,
    /// Wall time.
    pub elapsed: Duration,
}

impl Summary {
    /// Articles indexed in this run (added or updated).
    pub fn articles(&self) -> usize {
        self.added + self.updated
    }
}

/// What became of one file.
enum FileOutcome {
    /// Same size and time, or same content hash, as when last indexed.
    Unchanged,
    /// Read and extracted.
    Indexed {
        /// [`schema::article_id`] of the path.
        id: u64,
        article: Article,
        stamp: Stamp,
        keys: Option<Box<[u64; dedup::KEYS]>>,
    },
    /// Not usable; the reason.
    Skipped(String),
}

/// Indexes every article under `inputs` into the index at `dir`, creating it if needed.
///
/// Incremental: files whose size and modification time (or, when those differ, content hash)
/// match what the index recorded are not read again; changed files are re-indexed; articles
/// whose files are gone from under `inputs` are removed. `on_skip` is called as soon as a
/// file is skipped; `progress` after every file.
pub fn run(
    dir: &Path,
    inputs: &[PathBuf],
    opts: &Options,
    on_skip: &(dyn Fn(&Skipped) + Sync),
    progress: &(dyn Fn(usize, usize) + Sync),
) -> anyhow::Result<Summary> {
    let started = Instant::now();
    let mut summary = Summary::default();
    let roots = roots(inputs, &mut summary.skipped, on_skip);
    let present = list(&roots, &mut summary.skipped, on_skip);
    let opened = open_for_writing(dir, opts.rebuild)?;
    let known = if opts.rebuild {
        FxHashMap::default()
    } else {
        catalog::read(&opened)?
    };
    // One indexing thread: extraction already keeps every core busy, and each tantivy thread
    // builds its own in-memory segment with its own copy of every term (100k articles on 2
    // cores, a commit per 10,000: peak 129 vs 188 MB with two threads, build time within
    // noise). With one thread, a commit per 5,000 articles makes segments of ~23,000
    // passages, small enough to merge (see MAX_DOCS_BEFORE_MERGE).
    let mut writer: IndexWriter = opened
        .index
        .writer_with_num_threads(1, opts.memory_bytes.max(15 << 20))
        .map_err(|e| busy_or(e, dir))?;
    writer.set_merge_policy(Box::new(merge_policy()));
    if opts.rebuild {
        writer.delete_all_documents()?;
    }
    summary.removed = remove_vanished(&writer, &opened, &known, &roots, &present)?;
    let total = present.len();
    let mut clusterer = Clusterer::new(&opened.fields, dir)?;
    let mut done = 0;
    let stopped = || {
        opts.stop
            .as_ref()
            .is_some_and(|s| s.load(Ordering::Relaxed))
    };
    let mut since_commit = 0;
    // Two stages: the rayon pool reads and extracts chunks of files while this thread feeds
    // earlier chunks to the writer. The channel holds AHEAD chunks, so extraction goes on
    // while a commit writes its segment, and at most AHEAD + 2 chunks of articles are ever in
    // memory.
    let chunk_len = opts.batch.clamp(1, EXTRACT_CHUNK);
    std::thread::scope(|scope| -> anyhow::Result<()> {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<(PathBuf, FileOutcome)>>(AHEAD);
        let (roots, known) = (&roots, &known);
        let extractor = scope.spawn(move || {
            // Boilerplate is learned when the first file needs reading: a run with nothing
            // to do never reads a file.
            let mut corpus: Option<CorpusStats> = None;
            let unlearned = CorpusStats::default();
            let mut paths = walk(roots).filter_map(Result::ok);
            loop {
                let chunk: Vec<PathBuf> = paths.by_ref().take(chunk_len).collect();
                if chunk.is_empty() || stopped() {
                    break;
                }
                let looks: Vec<Look> = chunk.par_iter().map(|p| look(p, known)).collect();
                if corpus.is_none() && looks.iter().any(|l| !l.unchanged()) {
                    corpus = Some(learn_boilerplate(roots, total));
                }
                let corpus = corpus.as_ref().unwrap_or(&unlearned);
                let results = chunk
                    .into_par_iter()
                    .zip(looks)
                    .map(|(path, look)| {
                        let outcome = if look.unchanged() {
                            FileOutcome::Unchanged
                        } else {
                            process(&path, look, opts.max_file_bytes, corpus)
                        };
                        (path, outcome)
                    })
                    .collect();
                if tx.send(results).is_err() {
                    break;
                }
            }
            corpus.map_or(0, |c| c.len())
        });
        'feed: for results in &rx {
            for (path, outcome) in results {
                match outcome {
                    FileOutcome::Unchanged => summary.unchanged += 1,
                    FileOutcome::Indexed {
                        id,
                        article,
                        stamp,
                        keys,
                    } => {
                        let replaces = known.contains_key(&id);
                        if replaces {
                            summary.updated += 1;
                        } else {
                            summary.added += 1;
                        }
                        summary.bytes += stamp.size;
                        summary.passages += article.passages.len().max(1);
                        let own = dedup::own_cluster(id, stamp.hash);
                        let cluster = match &keys {
                            Some(k) => {
                                let date = article.date.map(schema::day_number);
                                clusterer.assign(id, own, date, k)?
                            }
                            None => own,
                        };
                        let dup = Dup {
                            keys: keys.as_deref(),
                            joined: (cluster != own).then_some(cluster),
                        };
                        let ops = operations(&opened.fields, id, &article, &stamp, &dup, replaces);
                        writer.run(ops)?;
                        since_commit += 1;
                    }
                    FileOutcome::Skipped(reason) => {
                        skip(&mut summary.skipped, on_skip, path, reason)
                    }
                }
                done += 1;
                progress(done, total.max(done));
                if stopped() {
                    summary.interrupted = true;
                    break 'feed;
                }
            }
            if since_commit >= opts.batch {
                commit(&mut writer)?;
                opened.reader.reload()?;
                clusterer.committed()?;
                since_commit = 0;
            }
        }
        drop(rx);
        summary.boilerplate_lines = extractor.join().expect("the extractor does not panic");
        Ok(())
    })?;
    summary.interrupted |= stopped() && done < total;
    commit(&mut writer)?;
    writer.wait_merging_threads()?;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// Files read and extracted together.
const EXTRACT_CHUNK: usize = 256;
/// Chunks extracted ahead of the writer: enough to keep both stages busy through a commit
/// (100k articles, two pairs: 15.9 and 16.2 s with 8, 19.1 and 17.4 s with none; 32 gained
/// nothing), a few MB of text. While the writer takes chunk k, no file past chunk
/// k + AHEAD + 1 has been read.
pub const AHEAD: usize = 8;

/// Segments (of passages) above this size are not merged further: a merge maps every page
/// of the segments it reads, so unbounded merges make peak memory grow with the corpus
/// (1.2 GB RSS at a million articles). Merged segments stay under ~8 times this.
const MAX_DOCS_BEFORE_MERGE: usize = 40_000;

fn merge_policy() -> tantivy::indexer::LogMergePolicy {
    let mut policy = tantivy::indexer::LogMergePolicy::default();
    policy.set_max_docs_before_merge(MAX_DOCS_BEFORE_MERGE);
    // Re-indexing deletes old passages; a segment that is a third deleted is merged anyway.
    policy.set_del_docs_ratio_before_merge(0.3);
    policy
}

/// Smallest corpus worth learning boilerplate from.
const LEARN_MIN_FILES: usize = 20;
/// Most files read to learn boilerplate (an even spread over the corpus).
const LEARN_SAMPLE: usize = 10_000;

/// Learns the lines that recur across many different pages, from an even sample of the `total`
/// files under `roots`. A line must be on at least 5 pages, or 1 in 500 of the sample, that
/// are not copies.
fn learn_boilerplate(roots: &[PathBuf], total: usize) -> CorpusStats {
    if total < LEARN_MIN_FILES {
        return CorpusStats::default();
    }
    let step = total.div_ceil(LEARN_SAMPLE);
    let sample: Vec<PathBuf> = walk(roots).filter_map(Result::ok).step_by(step).collect();
    let mut learner = Learner::new((sample.len() / 500).max(5));
    for chunk in sample.chunks(512) {
        let texts: Vec<String> = chunk
            .par_iter()
            .filter_map(|p| std::fs::read(p).ok())
            .filter_map(|b| decode::decode(&b).ok())
            .collect();
        texts.iter().for_each(|t| learner.observe(t));
    }
    learner.finish()
}

/// A file as its metadata shows it before it is read.
struct Look {
    /// [`schema::article_id`] of the path.
    id: u64,
    /// Size and modification time now.
    stat: std::io::Result<Stamp>,
    /// The stamp the index holds for it, if indexed.
    previous: Option<Stamp>,
}

impl Look {
    /// Size and modification time are what the index recorded.
    fn unchanged(&self) -> bool {
        match (&self.stat, &self.previous) {
            (Ok(now), Some(then)) => now.size == then.size && now.mtime == then.mtime,
            _ => false,
        }
    }
}

fn look(path: &Path, known: &FxHashMap<u64, Stamp>) -> Look {
    let id = schema::article_id(&path.to_string_lossy());
    Look {
        id,
        stat: catalog::stat(path),
        previous: known.get(&id).copied(),
    }
}

/// Deletes the articles whose files lay under one of `roots` and are not there any more
/// (`present` holds the sorted ids of the files there now).
fn remove_vanished(
    writer: &IndexWriter,
    opened: &Opened,
    known: &FxHashMap<u64, Stamp>,
    roots: &[PathBuf],
    present: &[u64],
) -> tantivy::Result<usize> {
    let gone: FxHashSet<u64> = known
        .keys()
        .filter(|id| present.binary_search(id).is_err())
        .copied()
        .collect();
    let mut removed = 0;
    for path in catalog::paths(opened, &gone)? {
        if roots.iter().any(|r| Path::new(&path).starts_with(r)) {
            writer.delete_term(Term::from_field_text(opened.fields.path, &path));
            removed += 1;
        }
    }
    Ok(removed)
}

/// Decides whether `path` needs indexing, and reads and extracts it if so. A file that was
/// indexed before and is now unusable keeps its indexed passages (nothing is lost).
fn process(path: &Path, look: Look, max_bytes: u64, corpus: &CorpusStats) -> FileOutcome {
    let stat = match look.stat {
        Ok(s) => s,
        Err(e) => return FileOutcome::Skipped(e.to_string()),
    };
    if stat.size > max_bytes {
        return FileOutcome::Skipped(
            ReadError::TooLarge {
                size: stat.size,
                cap: max_bytes,
            }
            .to_string(),
        );
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => return FileOutcome::Skipped(e.to_string()),
    };
    let stamp = Stamp {
        hash: catalog::hash(&bytes),
        ..stat
    };
    if look.previous.is_some_and(|p| p.hash == stamp.hash) {
        return FileOutcome::Unchanged;
    }
    match extract::from_bytes(&bytes, &path.to_string_lossy(), corpus) {
        Ok(a) if a.passages.is_empty() && a.title.is_none() => {
            FileOutcome::Skipped("no article text found".into())
        }
        Ok(article) => FileOutcome::Indexed {
            id: look.id,
            keys: dedup::keys(&article.passages).map(Box::new),
            article,
            stamp,
        },
        Err(e) => FileOutcome::Skipped(e.to_string()),
    }
}

fn skip(
    list: &mut Vec<Skipped>,
    on_skip: &(dyn Fn(&Skipped) + Sync),
    path: PathBuf,
    reason: String,
) {
    let s = Skipped { path, reason };
    on_skip(&s);
    list.push(s);
}

fn open_for_writing(dir: &Path, rebuild: bool) -> anyhow::Result<Opened> {
    if rebuild {
        super::remove(dir)?;
    }
    match super::open(dir) {
        Ok(opened) => Ok(opened),
        Err(Error::NoIndex(_)) => super::create(dir),
        Err(e) => Err(e.into()),
    }
}

fn busy_or(e: tantivy::TantivyError, dir: &Path) -> anyhow::Error {
    match e {
        tantivy::TantivyError::LockFailure(tantivy::directory::error::LockError::LockBusy, _) => {
            Error::Busy(dir.to_path_buf()).into()
        }
        other => other.into(),
    }
}

fn commit(writer: &mut IndexWriter) -> tantivy::Result<()> {
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(&schema::payload());
    prepared.commit()?;
    Ok(())
}

/// The inputs resolved to canonical paths, sorted, without any that lies under another
/// (so every file is walked once). Links below a root are not followed, so the walk's paths
/// are canonical too (one realpath per input, not one per file).
fn roots(
    inputs: &[PathBuf],
    skipped: &mut Vec<Skipped>,
    on_skip: &(dyn Fn(&Skipped) + Sync),
) -> Vec<PathBuf> {
    let mut roots: Vec<PathBuf> = Vec::new();
    for input in inputs {
        match input.canonicalize() {
            Ok(r) => roots.push(r),
            Err(err) => skip(skipped, on_skip, input.clone(), err.to_string()),
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
fn list(
    roots: &[PathBuf],
    skipped: &mut Vec<Skipped>,
    on_skip: &(dyn Fn(&Skipped) + Sync),
) -> Vec<u64> {
    let mut ids = Vec::new();
    for entry in walk(roots) {
        match entry {
            Ok(path) => ids.push(schema::article_id(&path.to_string_lossy())),
            Err(s) => skip(skipped, on_skip, s.path, s.reason),
        }
    }
    ids.sort_unstable();
    ids
}

/// The `.txt` files under `roots` in path order (hidden files and directories skipped), or
/// what could not be walked.
fn walk(roots: &[PathBuf]) -> impl Iterator<Item = Result<PathBuf, Skipped>> + '_ {
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

/// An article's near-duplicate data: its fingerprint keys and the cluster it joined, if any.
struct Dup<'a> {
    keys: Option<&'a [u64; dedup::KEYS]>,
    joined: Option<u64>,
}

/// Delete the article's old passages (when the index holds it: a delete costs a term lookup
/// in every segment at commit, a million of them on a clean build), then add the new ones:
/// one batch, one segment.
fn operations(
    fields: &Fields,
    id: u64,
    article: &Article,
    stamp: &Stamp,
    dup: &Dup,
    replaces: bool,
) -> Vec<UserOperation> {
    let mut ops = Vec::with_capacity(article.passages.len() + 1);
    if replaces {
        ops.push(UserOperation::Delete(Term::from_field_text(
            fields.path,
            &article.path,
        )));
    }
    let passages: Vec<&str> = if article.passages.is_empty() {
        vec![""]
    } else {
        article.passages.iter().map(String::as_str).collect()
    };
    let source_key = article.source.as_deref().map(schema::source_key);
    let site_key = article.site.as_deref().map(schema::source_key);
    let shared = Shared {
        id,
        article,
        stamp,
        source_key: source_key.as_deref(),
        site_key: site_key.as_deref(),
    };
    for (i, passage) in passages.into_iter().enumerate() {
        let mut doc = document(fields, &shared, i, passage);
        if let Some(c) = dup.joined {
            doc.add_u64(fields.cluster, c);
        }
        if i == 0 {
            for &k in dup.keys.into_iter().flatten() {
                doc.add_u64(fields.dupkey, k);
            }
        }
        ops.push(UserOperation::Add(doc));
    }
    ops
}

/// What every passage document of one article carries, computed once per article.
struct Shared<'a> {
    /// [`schema::article_id`] of the path.
    id: u64,
    article: &'a Article,
    stamp: &'a Stamp,
    source_key: Option<&'a str>,
    site_key: Option<&'a str>,
}

fn document(fields: &Fields, shared: &Shared, index: usize, passage: &str) -> TantivyDocument {
    let Shared {
        id,
        article,
        stamp,
        source_key,
        site_key,
    } = *shared;
    let mut doc = TantivyDocument::default();
    if index == 0 {
        doc.add_u64(fields.size, stamp.size);
        doc.add_i64(fields.mtime, stamp.mtime);
        if let Some(title) = &article.title {
            doc.add_text(fields.headline, title);
        }
    }
    doc.add_u64(fields.hash, stamp.hash);
    doc.add_text(fields.path, &article.path);
    doc.add_u64(fields.article, id);
    doc.add_text(fields.title, article.title.as_deref().unwrap_or_default());
    doc.add_text(fields.text, passage);
    doc.add_u64(fields.passage, index as u64);
    if let Some(date) = article.date {
        doc.add_i64(fields.date, schema::day_number(date));
    }
    if let (Some(source), Some(key)) = (&article.source, source_key) {
        doc.add_text(fields.source, source);
        doc.add_text(fields.source_key, key);
    }
    if let (Some(site), Some(key)) = (&article.site, site_key) {
        doc.add_text(fields.site, site);
        doc.add_text(fields.site_key, key);
    }
    doc
}
