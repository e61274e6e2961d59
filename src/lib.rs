//! dateline: full-text search for directories of saved news pages.
//!
//! The flow is extract → index → search → render:
//!
//! ```
//! use dateline::{extract, index, search};
//! let dir = tempfile::tempdir().unwrap();
//! let page = dir.path().join("page.txt");
//! std::fs::write(&page, "Talks resume\n\nReuters03-07-2025\nMOSCOW, July 3 (Reuters) - Sergei Lavrov said on \
//!     Thursday that talks with Kyiv would resume next week in Istanbul.\n").unwrap();
//! let idx = dir.path().join("index");
//! let (no_skips, no_progress) = (|_: &index::writer::Skipped| {}, |_: usize, _: usize| {});
//! index::writer::run(&idx, &[page], &Default::default(), &no_skips, &no_progress).unwrap();
//! let opened = index::open(&idx).unwrap();
//! let request = search::Request {
//!     query: "Lavrov’s".into(), limit: 10, offset: 0, per_article: 1,
//!     order: search::Order::Newest, sources: vec!["reuters".into()], sites: vec![],
//!     since: None, until: None,
//!     exact: false, script: None, all: false,
//! };
//! let results = search::search(&opened, &request).unwrap();
//! assert_eq!(results.total, 1);
//! assert_eq!(results.hits[0].date.as_deref(), Some("2025-07-03"));
//! ```
//!
//! Modules, each owning one room:
//! - [`extract`]: reading and cleaning one saved page (pure; no tantivy).
//! - [`index`]: the schema, the analyzer, near-duplicate clusters, opening and writing the index.
//! - [`search`]: the query language, spelling variants and other scripts, filters, grouping
//!   and ranking of passages, and the analyst views.
//! - [`render`]: terminal and JSON output.
//! - [`cli`] and [`app`]: the command line and the glue between it and the library.
//! - [`serve`]: the local web page and JSON API, over the same functions as the command line.

pub mod app;
pub mod cli;
pub mod error;
pub mod extract;
pub mod index;
pub mod render;
pub mod search;
pub mod serve;
