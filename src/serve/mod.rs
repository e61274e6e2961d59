//! `dateline serve`: a local web page and JSON API over the index, read-only.
//!
//! Owns the HTTP layer: binding (loopback unless `--public`), the routes of the JSON API and
//! the embedded page ([`api`], [`page`]), the response headers that keep hostile page text
//! inert (a `Content-Security-Policy` allowing only the page's own files, `nosniff`), size
//! bounds on what a request may ask, and seeing new commits of a running `dateline index`.
//! Every answer comes from the same functions the command line calls (`search::search`, the
//! views); nothing here ranks, extracts or writes the index.

mod api;
mod page;

use crate::error::Error;
use crate::index::{self, Opened};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

/// What `serve` was asked for.
#[derive(Debug, Clone)]
pub struct Options {
    /// The index directory.
    pub index: PathBuf,
    /// Where to listen (port 0: any free port).
    pub bind: SocketAddr,
    /// Allow a non-loopback address.
    pub public: bool,
}

/// The open index, and the commit it was last reloaded at.
pub struct State {
    dir: PathBuf,
    opened: Opened,
    seen: Mutex<Option<SystemTime>>,
}

impl State {
    /// The index, moved to its newest commit when `meta.json` changed since the last request.
    fn index(&self) -> &Opened {
        let now = std::fs::metadata(self.dir.join("meta.json"))
            .and_then(|m| m.modified())
            .ok();
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        if *seen != now {
            // A commit in progress may leave the newest commit unreadable for a moment; the
            // previous one keeps answering and the next request tries again.
            if self.opened.reader.reload().is_ok() {
                *seen = now;
            }
        }
        &self.opened
    }
}

/// Serves until Ctrl-C. Prints `serving INDEX (N articles) at URL` on `out` once listening.
pub fn run(options: &Options, out: &mut dyn std::io::Write) -> anyhow::Result<()> {
    if !options.bind.ip().is_loopback() && !options.public {
        return Err(Error::BadValue {
            flag: "--bind",
            value: options.bind.to_string(),
            reason:
                "not a loopback address; add --public to let anyone who can reach it read the index"
                    .into(),
        }
        .into());
    }
    let opened = index::open(&options.index)?;
    let articles = opened.reader.searcher().num_docs();
    let state = Arc::new(State {
        dir: options.index.clone(),
        opened,
        seen: Mutex::new(None),
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(options.bind)
            .await
            .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", options.bind))?;
        let addr = listener.local_addr()?;
        if options.public {
            eprintln!(
                "warning: serving on {addr}: anyone who can reach this port can read the whole index"
            );
        }
        writeln!(
            out,
            "serving {} ({articles} articles) at http://{addr}/",
            options.index.display()
        )?;
        out.flush()?;
        axum::serve(listener, page::router(state))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await?;
        Ok(())
    })
}
