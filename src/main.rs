//! The `dateline` binary: parse the command line, run it, map the outcome to an exit code
//! (0 found, 1 nothing found, 2 error — as grep and ripgrep do).

use clap::Parser;
use dateline::app::{self, Outcome};
use dateline::cli::Cli;
use std::process::ExitCode;

fn main() -> ExitCode {
    match app::run(Cli::parse()) {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::NoMatch) => ExitCode::from(1),
        Ok(Outcome::Interrupted) => ExitCode::from(130),
        Err(err) if app::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("dateline: {err:#}");
            ExitCode::from(2)
        }
    }
}
