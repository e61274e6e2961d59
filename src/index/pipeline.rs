//! The extraction stage of an indexing run: read → decode → extract → fingerprint, in
//! parallel, bounded, one file at a time safe.
//!
//! Owns what becomes of one file ([`FileOutcome`]: unchanged by stamp or content hash, indexed
//! with its article and near-duplicate keys, or skipped with a reason), the corpus-boilerplate
//! sample learned before the first file is read, and the stage itself: the rayon pool extracts
//! chunks of files up to [`AHEAD`] chunks ahead of the consumer, through a bounded channel. A
//! page whose extraction panics is caught (`catch_unwind`), skipped and counted; the run goes
//! on. It never touches the index: a [`super::sink::Sink`] takes what it produces.

use super::catalog::{self, Catalog, Stamp};
use super::dedup;
use super::inputs::{self, Look};
use super::prefetch;
use super::schema;
use crate::extract::corpus::{CorpusStats, Learner};
use crate::extract::{self, ReadError};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::mpsc::SyncSender;

pub use super::sink::Extracted;

/// What became of one file.
pub enum FileOutcome {
    /// Same size and time, or same content hash, as when last indexed.
    Unchanged,
    /// Read and extracted.
    Indexed(Extracted),
    /// Unchanged, but holding a line whose learning changed since it was indexed: extracted
    /// again with the new set, as a clean build would extract it.
    Relearned(Extracted),
    /// Not usable; the reason.
    Skipped(String),
}

/// One chunk's outcomes, in path order.
pub struct Chunk {
    /// Each file and what became of it.
    pub outcomes: Vec<(PathBuf, FileOutcome)>,
    /// A second look at files already sent as unchanged (the learned boilerplate changed
    /// after they were walked): only those that are not unchanged after all are here, and each
    /// replaces its earlier count.
    pub again: bool,
}

/// Files read and extracted together.
pub const EXTRACT_CHUNK: usize = 256;
/// Chunks extracted ahead of the writer: enough to keep both stages busy through a commit
/// (100k articles, two pairs: 15.9 and 16.2 s with 8, 19.1 and 17.4 s with none; 32 gained
/// nothing), a few MB of text. While the writer takes chunk k, no file past chunk
/// k + AHEAD + 1 has been read.
pub const AHEAD: usize = 8;

/// Smallest corpus worth learning boilerplate from.
const LEARN_MIN_FILES: usize = 20;
/// Most files read to learn boilerplate (an even spread over the corpus).
const LEARN_SAMPLE: usize = 10_000;

/// Learns the lines that recur across many different pages, from a sample of about
/// [`LEARN_SAMPLE`] of the `total` files under `roots` (files over `max_bytes` left out, as the
/// run skips them). A line must be on at least 5 pages, or 1 in 500 of the sample, that are
/// not copies. The sample is chosen by each path's hash, not its place in the walk, so the
/// same files give the same set and a file added or removed changes the sample by itself
/// alone: an incremental run learns what a clean build of the same files learns.
pub fn learn_boilerplate(roots: &[PathBuf], total: usize, max_bytes: u64) -> CorpusStats {
    if total < LEARN_MIN_FILES {
        return CorpusStats::default();
    }
    let step = total.div_ceil(LEARN_SAMPLE) as u64;
    let sample: Vec<PathBuf> = inputs::walk(roots)
        .filter_map(Result::ok)
        .filter(|p| step == 1 || schema::article_id(&p.to_string_lossy()) % step == 0)
        .collect();
    prefetch::start_reading_all(&sample);
    let mut learner = Learner::new((sample.len() / 500).max(5));
    for chunk in sample.chunks(512) {
        let texts: Vec<String> = chunk
            .par_iter()
            .filter_map(|p| {
                let bytes = extract::read_bytes(p, max_bytes).ok()?;
                extract::page_text(&bytes, &p.to_string_lossy()).ok()
            })
            .map(|(text, _)| text)
            .collect();
        texts.iter().for_each(|t| learner.observe(t));
    }
    learner.finish()
}

/// Decides whether `path` needs indexing, and reads and extracts it if so. A file that was
/// indexed before and is now unusable keeps its indexed passages (nothing is lost). `changed`
/// holds the lines whose learning changed since the index's articles were extracted: an
/// unchanged file holding one of them is extracted again ([`FileOutcome::Relearned`]).
pub fn process(
    path: &Path,
    look: Look,
    max_bytes: u64,
    corpus: &CorpusStats,
    changed: &CorpusStats,
) -> FileOutcome {
    if look.unchanged() && changed.is_empty() {
        return FileOutcome::Unchanged;
    }
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
    let same = look.previous.is_some_and(|p| p.hash == stamp.hash);
    if same && changed.is_empty() {
        return FileOutcome::Unchanged;
    }
    let name = path.to_string_lossy();
    // One page must not take the run down: a panic in its extraction skips it, and the skip
    // line says so (the panic's own report is kept quiet).
    quiet_extraction_panics();
    let extracted = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let _quiet = Extracting::enter();
        panic_hook_for_tests(&name);
        let (text, hints) = extract::page_text(&bytes, &name)?;
        if same && !extract::holds_any(&text, hints.as_ref(), changed) {
            return Ok(None);
        }
        let article = extract::from_page_text(&text, hints.as_ref(), &name, corpus);
        let keys = dedup::keys(&article.passages).map(Box::new);
        Ok::<_, ReadError>(Some((article, keys)))
    }));
    match extracted {
        Err(_) => FileOutcome::Skipped(
            "extraction failed (an internal error; please report the file)".into(),
        ),
        Ok(Ok(None)) => FileOutcome::Unchanged,
        Ok(Ok(Some((a, _)))) if a.passages.is_empty() && a.title.is_none() => {
            FileOutcome::Skipped("no article text found".into())
        }
        Ok(Ok(Some((article, keys)))) => {
            let item = Extracted {
                id: look.id,
                keys,
                article,
                stamp,
            };
            if same {
                FileOutcome::Relearned(item)
            } else {
                FileOutcome::Indexed(item)
            }
        }
        Ok(Err(e)) => FileOutcome::Skipped(e.to_string()),
    }
}

thread_local! {
    static EXTRACTING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Marks the current thread as extracting a page while it lives.
struct Extracting;

impl Extracting {
    fn enter() -> Extracting {
        EXTRACTING.with(|e| e.set(true));
        Extracting
    }
}

impl Drop for Extracting {
    fn drop(&mut self) {
        EXTRACTING.with(|e| e.set(false));
    }
}

/// Installs, once, a panic hook that stays silent for a panic inside a page's extraction
/// (caught, and reported as that file's skip) and reports every other panic as before.
fn quiet_extraction_panics() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !EXTRACTING.with(|e| e.get()) {
                previous(info);
            }
        }));
    });
}

/// Test hook: `DATELINE_TEST_PANIC_ON=NAME` makes the extraction of files whose path ends in
/// NAME panic, so tests can show that one such page is skipped and counted.
fn panic_hook_for_tests(path: &str) {
    static TARGET: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    let target = TARGET.get_or_init(|| std::env::var("DATELINE_TEST_PANIC_ON").ok());
    if let Some(t) = target {
        if !t.is_empty() && path.ends_with(t.as_str()) {
            panic!("DATELINE_TEST_PANIC_ON matched {path}");
        }
    }
}

/// What the extraction stage needs to know of the run.
pub struct Stage<'a> {
    /// The roots to walk.
    pub roots: &'a [PathBuf],
    /// The index's stamps by article id.
    pub known: &'a Catalog,
    /// Files under the roots.
    pub total: usize,
    /// Files larger than this are skipped.
    pub max_bytes: u64,
    /// Files per chunk.
    pub chunk_len: usize,
    /// True when the run should stop.
    pub stopped: &'a (dyn Fn() -> bool + Sync),
    /// The learned boilerplate the index's articles were extracted with.
    pub recorded: &'a CorpusStats,
    /// Learn before the first file even if every file is unchanged (articles were removed,
    /// which can change what a clean build learns).
    pub learn_first: bool,
}

/// Runs the stage: walks the roots, extracts chunk after chunk in the rayon pool and sends
/// each chunk's outcomes, in path order, until the walk ends, `stopped` says so or the
/// receiver hangs up. Boilerplate is learned when the first file needs reading (a run with
/// nothing to do never reads a file). When the set learned differs from the one recorded,
/// every unchanged file is checked for the lines that moved, those walked before the learning
/// in a second pass. Returns the set learned, if the run learned one.
pub fn extract_all(stage: &Stage, tx: SyncSender<Chunk>) -> Option<CorpusStats> {
    std::thread::scope(|scope| {
        let looked = prefetch::looked_chunks(scope, stage, || chunks(stage));
        let learn = || learn_boilerplate(stage.roots, stage.total, stage.max_bytes);
        let mut learned = stage.learn_first.then(learn);
        let mut changed = learned
            .as_ref()
            .map(|l| l.changed_from(stage.recorded))
            .unwrap_or_default();
        // Chunks walked before learning: all unchanged, checked against `changed` after the
        // walk.
        let mut before_learning = 0;
        for (chunk, looks) in looked {
            if learned.is_none() && looks.iter().any(|l| !l.unchanged()) {
                let set = learn();
                changed = set.changed_from(stage.recorded);
                learned = Some(set);
            }
            if learned.is_none() {
                before_learning += 1;
            }
            let corpus = learned.as_ref().unwrap_or(stage.recorded);
            if !send_chunk(stage, chunk, looks, (corpus, &changed), &tx, false) {
                return learned;
            }
        }
        if !changed.is_empty() && before_learning > 0 {
            let corpus = learned.as_ref().unwrap_or(stage.recorded);
            // The same walk gives the same chunks.
            for chunk in chunks(stage).take(before_learning) {
                let looks = prefetch::looks(stage, &chunk, true);
                if !send_chunk(stage, chunk, looks, (corpus, &changed), &tx, true) {
                    break;
                }
            }
        }
        learned
    })
}

/// The walk's saved pages in chunks of `stage.chunk_len`, until the walk ends or the run is
/// stopped.
fn chunks<'a>(stage: &'a Stage) -> impl Iterator<Item = Vec<PathBuf>> + 'a {
    let mut paths = inputs::walk(stage.roots).filter_map(Result::ok);
    std::iter::from_fn(move || {
        let chunk: Vec<PathBuf> = paths.by_ref().take(stage.chunk_len).collect();
        (!chunk.is_empty() && !(stage.stopped)()).then_some(chunk)
    })
}

/// Extracts one chunk in the rayon pool with the boilerplate learned and the lines `changed`
/// since the index's articles were extracted, and sends its outcomes (on a second look, only
/// the files not unchanged after all); false when the receiver has hung up.
fn send_chunk(
    stage: &Stage,
    chunk: Vec<PathBuf>,
    looks: Vec<Look>,
    (corpus, changed): (&CorpusStats, &CorpusStats),
    tx: &SyncSender<Chunk>,
    again: bool,
) -> bool {
    let outcomes = chunk
        .into_par_iter()
        .zip(looks)
        .map(|(path, look)| {
            let outcome = process(&path, look, stage.max_bytes, corpus, changed);
            (path, outcome)
        })
        .filter(|(_, o)| !(again && matches!(o, FileOutcome::Unchanged)))
        .collect();
    tx.send(Chunk { outcomes, again }).is_ok()
}
