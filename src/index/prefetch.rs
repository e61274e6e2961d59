//! Reading ahead of the extractors: saved pages are small files, and on a cold disk each read
//! waits for the device while a core that could extract sits idle.
//!
//! Owns the reading threads ([`READERS`] of them, apart from the extracting pool): they look at
//! each file of the chunks ahead (its stamp against the index's, which reads its inode) and
//! ask the kernel to start reading every file that will be read (`posix_fadvise`
//! `WILLNEED`), so many reads are in flight while the extractors work on earlier chunks. A
//! file the index already holds unchanged is never asked for, so a run with nothing to do
//! reads no content. It changes no outcome: only when the bytes arrive.

use super::inputs::{self, Look};
use super::pipeline::Stage;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{sync_channel, Receiver};
use std::sync::OnceLock;
use std::thread::Scope;

/// Threads that wait on the disk. They use almost no CPU: enough requests in flight to keep a
/// device's queue full (cold 10M corpus: one month of 38,000 files, see BENCHMARKS.md).
const READERS: usize = 16;
/// Chunks looked at and asked for ahead of the extractors.
const CHUNKS_AHEAD: usize = 4;

fn readers() -> &'static rayon::ThreadPool {
    static POOL: OnceLock<rayon::ThreadPool> = OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(READERS)
            .thread_name(|i| format!("dateline-read-{i}"))
            .build()
            .expect("reading threads start")
    })
}

/// The walk's chunks with each file's [`Look`], made [`CHUNKS_AHEAD`] chunks ahead on the
/// reading threads, which also start reading every file that will be read.
/// `chunks` makes the walk on the looking thread.
pub fn looked_chunks<'s, 'a: 's, I: Iterator<Item = Vec<PathBuf>>>(
    scope: &'s Scope<'s, '_>,
    stage: &'s Stage<'a>,
    chunks: impl FnOnce() -> I + Send + 's,
) -> Receiver<(Vec<PathBuf>, Vec<Look>)> {
    let (tx, rx) = sync_channel(CHUNKS_AHEAD);
    scope.spawn(move || {
        for chunk in chunks() {
            let looks = looks(stage, &chunk, false);
            if tx.send((chunk, looks)).is_err() {
                return;
            }
        }
    });
    rx
}

/// Each file's [`Look`] of `chunk`, on the reading threads, starting to read each file that
/// will be read: those changed, or all of them when `all` (a second look at unchanged files
/// for lines whose learning changed).
pub fn looks(stage: &Stage, chunk: &[PathBuf], all: bool) -> Vec<Look> {
    readers().install(|| {
        chunk
            .par_iter()
            .map(|p| {
                let look = inputs::look(p, stage.known);
                if all || !look.unchanged() {
                    start_reading(p);
                }
                look
            })
            .collect()
    })
}

/// Starts reading all of `paths` on the reading threads, and returns when every read is asked
/// for (the boilerplate sample, read at random across the corpus).
pub fn start_reading_all(paths: &[PathBuf]) {
    readers().install(|| paths.par_iter().for_each(|p| start_reading(p)));
}

/// Asks the kernel to read `path` into the page cache, without waiting for it. A file that
/// cannot be opened is left to the reader to report.
fn start_reading(path: &Path) {
    #[cfg(target_os = "linux")]
    if let Ok(file) = std::fs::File::open(path) {
        use std::os::fd::AsRawFd;
        // SAFETY: the descriptor is open for the call's duration; the call reads no memory of
        // ours.
        unsafe {
            libc::posix_fadvise(file.as_raw_fd(), 0, 0, libc::POSIX_FADV_WILLNEED);
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = path;
}
