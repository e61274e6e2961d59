//! One line per saved page under the given directories: its path and a hash of everything
//! extraction made of it (title, date, source, site, body, passages, fingerprint keys), so two
//! builds can be compared page by page: a speed change must leave every line the same.
//! `cargo run --release --example extract_digest -- DIR... > digest.txt`

use dateline::extract::{self, corpus::CorpusStats};
use dateline::index::dedup;
use rayon::prelude::*;
use xxhash_rust::xxh3::xxh3_64;

fn main() {
    let mut files: Vec<std::path::PathBuf> = std::env::args()
        .skip(1)
        .flat_map(|dir| {
            walkdir::WalkDir::new(dir)
                .sort_by_file_name()
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
                .map(|e| e.into_path())
                .collect::<Vec<_>>()
        })
        .collect();
    files.sort();
    let corpus = CorpusStats::default();
    let lines: Vec<String> = files
        .par_iter()
        .map(|path| {
            let name = path.to_string_lossy();
            let digest = std::fs::read(path)
                .ok()
                .and_then(|bytes| extract::from_bytes(&bytes, &name, &corpus).ok())
                .map_or(0, |article| {
                    let keys = dedup::keys(&article.passages);
                    let json = serde_json::to_string(&article).unwrap_or_default();
                    xxh3_64(format!("{json}{keys:?}").as_bytes())
                });
            format!("{digest:016x} {name}")
        })
        .collect();
    for line in lines {
        println!("{line}");
    }
}
