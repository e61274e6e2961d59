//! The indexing run: inputs → pipeline → sink, and nothing else.
//!
//! Owns the run's order and its accounting: resolve the inputs and list what is there
//! ([`super::inputs`]), read the index's stamps, remove articles whose files are gone, run the
//! extraction stage ([`super::pipeline`]) on the rayon pool while this thread hands its
//! articles to the [`Sink`] (the tantivy index), commit every `batch` articles and at the end,
//! stop cleanly on Ctrl-C, and count what was added, updated, unchanged and skipped, and why.
//! One bad file is skipped and reported; it never stops the run.

use super::catalog::Catalog;
use super::inputs;
use super::pipeline::{self, Chunk, FileOutcome, Stage};
use super::sink::{Sink, TantivySink};
use super::Opened;
use crate::error::Error;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub use super::pipeline::AHEAD;

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
    /// Unchanged files extracted again because they hold a line whose learning as
    /// boilerplate changed since they were indexed.
    pub relearned: usize,
    /// Passages indexed in this run.
    pub passages: usize,
    /// Bytes of the files read and indexed.
    pub bytes: u64,
    /// Files and directories skipped, with reasons.
    pub skipped: Vec<Skipped>,
    /// Files that are not saved pages (by extension: `.pdf`, `.jpg`), counted, not read.
    pub other_types: std::collections::BTreeMap<String, usize>,
    /// Lines learned as boilerplate across the corpus in this run.
    pub boilerplate_lines: usize,
    /// The run was stopped before every file was seen (what was done is committed).
    pub interrupted: bool,
    /// Segments the index has after the run (`dateline compact` merges them).
    pub segments: usize,
    /// Wall time.
    pub elapsed: Duration,
}

impl Summary {
    /// Articles indexed in this run (added, updated, or extracted again for the boilerplate).
    pub fn articles(&self) -> usize {
        self.added + self.updated + self.relearned
    }
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
    let roots = inputs::roots(inputs, &mut summary.skipped, on_skip);
    let present = inputs::list(
        &roots,
        &mut summary.skipped,
        on_skip,
        &mut summary.other_types,
    );
    // The reader that opening checks the index with holds every segment's maps: let go of.
    let super::Opened { index, .. } = open_for_writing(dir, opts.rebuild)?;
    let (known, vanished) = match opts.rebuild {
        true => Default::default(),
        false => Catalog::read(dir, &roots, &present)?,
    };
    let mut sink = TantivySink::new(&index, dir, opts.memory_bytes, opts.rebuild)?;
    summary.removed = sink.remove(&vanished);
    let recorded = sink.recorded_boilerplate();
    let stopped = || {
        opts.stop
            .as_ref()
            .is_some_and(|s| s.load(Ordering::Relaxed))
    };
    let stage = Stage {
        roots: &roots,
        known: &known,
        total: present.len(),
        max_bytes: opts.max_file_bytes,
        chunk_len: opts.batch.clamp(1, pipeline::EXTRACT_CHUNK),
        stopped: &stopped,
        recorded: &recorded,
        learn_first: summary.removed > 0,
    };
    // The channel holds AHEAD chunks, so extraction goes on while a commit writes its
    // segment, and at most AHEAD + 2 chunks of articles are ever in memory.
    let (done, learned) = std::thread::scope(|scope| -> anyhow::Result<_> {
        let (tx, rx) = std::sync::mpsc::sync_channel(AHEAD);
        let extractor = scope.spawn(|| pipeline::extract_all(&stage, tx));
        let feed = Feed {
            sink: &mut sink,
            known: &known,
            opts,
            on_skip,
            progress,
            total: present.len(),
        };
        let fed = feed.run(rx, &mut summary, &stopped);
        let learned = extractor.join().expect("the extractor does not panic");
        Ok((fed?, learned))
    })?;
    summary.boilerplate_lines = learned.as_ref().map_or(0, |l| l.len());
    summary.interrupted |= stopped() && done < present.len();
    // A set is recorded only when every file was seen with it: after an interrupted run, the
    // next one compares with the old set and re-reads what this one did not reach.
    sink.finish(learned.as_ref().filter(|_| !summary.interrupted))?;
    summary.segments = index.searchable_segment_ids()?.len();
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// The consuming end of the pipeline: each outcome counted, each article put to the sink.
struct Feed<'a, S: Sink> {
    sink: &'a mut S,
    known: &'a Catalog,
    opts: &'a Options,
    on_skip: &'a (dyn Fn(&Skipped) + Sync),
    progress: &'a (dyn Fn(usize, usize) + Sync),
    total: usize,
}

impl<S: Sink> Feed<'_, S> {
    /// Takes chunks until the stage ends or the run is stopped; commits every `batch`
    /// articles. Returns the files seen.
    fn run(
        self,
        rx: std::sync::mpsc::Receiver<Chunk>,
        summary: &mut Summary,
        stopped: &dyn Fn() -> bool,
    ) -> anyhow::Result<usize> {
        let (mut done, mut since_commit) = (0, 0);
        for Chunk { outcomes, again } in &rx {
            for (path, outcome) in outcomes {
                if again {
                    // Counted as unchanged on the first look.
                    summary.unchanged = summary.unchanged.saturating_sub(1);
                }
                let put = match outcome {
                    FileOutcome::Unchanged => {
                        summary.unchanged += 1;
                        None
                    }
                    FileOutcome::Relearned(item) => {
                        summary.relearned += 1;
                        Some((item, true))
                    }
                    FileOutcome::Indexed(item) => {
                        let replaces = self.known.contains(item.id);
                        *if replaces {
                            &mut summary.updated
                        } else {
                            &mut summary.added
                        } += 1;
                        Some((item, replaces))
                    }
                    FileOutcome::Skipped(reason) => {
                        skip(&mut summary.skipped, self.on_skip, path, reason);
                        None
                    }
                };
                if let Some((item, replaces)) = put {
                    summary.bytes += item.stamp.size;
                    summary.passages += item.article.passages.len().max(1);
                    self.sink.put(&item, replaces)?;
                    since_commit += 1;
                }
                if !again {
                    done += 1;
                    (self.progress)(done, self.total.max(done));
                }
                if stopped() {
                    summary.interrupted = true;
                    return Ok(done);
                }
            }
            if since_commit >= self.opts.batch {
                self.sink.commit()?;
                since_commit = 0;
            }
        }
        Ok(done)
    }
}

pub(crate) fn skip(
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
