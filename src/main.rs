//! The `dateline` binary: parse the command line, run it, map the outcome to an exit code
//! (0 found, 1 nothing found, 2 error — as grep and ripgrep do).

use clap::Parser;
use dateline::app::{self, Outcome};
use dateline::cli::Cli;
use std::process::ExitCode;

/// mimalloc: indexing allocates and frees many small strings on every core, and glibc's
/// per-thread arenas both contended for them and kept what was freed (100k articles, 2 cores,
/// one pair of runs: 52.6 s and 235 MB peak with glibc limited to one arena per core, 27.3 s
/// and 209 MB with this; BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Option numbers of mimalloc's `mi_option_e` (the same in its v2 and v3 headers).
#[cfg(target_os = "linux")]
const MI_OPTION_ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
#[cfg(target_os = "linux")]
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Hands freed memory back to the system at once (mimalloc waits a second by default) and
/// commits arena memory only when used: together 286 → 209 MB peak at 100k articles. Runs
/// from `.init_array`, before the first allocation reserves an arena.
#[cfg(target_os = "linux")]
extern "C" fn tune_allocator() {
    // SAFETY: mi_option_set only stores an option value; nothing else runs yet.
    unsafe {
        libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0);
        libmimalloc_sys::mi_option_set(MI_OPTION_ARENA_EAGER_COMMIT, 0);
    }
}

#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static TUNE_ALLOCATOR: extern "C" fn() = tune_allocator;

/// A server lives long and answers many searches: it keeps freed memory for a while, as
/// mimalloc does by default (10 ms), instead of handing it back and faulting it in again on
/// the next request (`"interest rates"` at 100k articles over HTTP: p50 5.2 → 3.0 ms).
#[cfg(target_os = "linux")]
fn tune_allocator_for_serving() {
    // SAFETY: mi_option_set only stores an option value.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 10) };
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    #[cfg(target_os = "linux")]
    if matches!(cli.command, dateline::cli::Command::Serve(_)) {
        tune_allocator_for_serving();
    }
    match app::run(cli) {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::NoMatch) => ExitCode::from(1),
        Ok(Outcome::Interrupted) => ExitCode::from(130),
        Err(err) if app::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("dateline: {}", dateline::error::message(&err));
            ExitCode::from(2)
        }
    }
}
