//! Extraction alone, on one thread: files read into memory first, then extracted and
//! fingerprinted, with no index. Separates the extractor's cost from tantivy's when profiling.
//! `cargo run --release --example extract_rate -- DIR [LIMIT]`

use dateline::extract::{self, corpus::CorpusStats};
use dateline::index::dedup;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().expect("usage: extract_rate DIR [LIMIT]");
    let limit: usize = args
        .next()
        .map_or(usize::MAX, |n| n.parse().expect("a number"));
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "txt"))
        .take(limit)
        .map(|e| {
            let path = e.path().to_string_lossy().into_owned();
            let bytes = std::fs::read(e.path()).expect("readable file");
            (path, bytes)
        })
        .collect();
    files.shrink_to_fit();
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    let corpus = CorpusStats::default();
    let started = Instant::now();
    let (mut passages, mut keyed) = (0, 0);
    for (path, b) in &files {
        if let Ok(article) = extract::from_bytes(b, path, &corpus) {
            passages += article.passages.len();
            keyed += usize::from(dedup::keys(&article.passages).is_some());
        }
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{} files, {:.1} MB, {passages} passages, {keyed} fingerprinted: {secs:.2} s, {:.1} MB/s",
        files.len(),
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / secs
    );
}
