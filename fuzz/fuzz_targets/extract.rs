//! Extraction of arbitrary bytes: decoding and cleaning never panic, and whatever comes out
//! (title, body, passages) holds only words of the decoded input.
#![no_main]

use dateline::extract::{corpus::CorpusStats, decode};
use libfuzzer_sys::fuzz_target;
use std::collections::HashSet;

fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = decode::decode(bytes) else {
        return;
    };
    let article = dateline::extract::extract_with(&text, "page.txt", &CorpusStats::default());
    let input: HashSet<String> = words(&text).collect();
    let title = article.title.as_deref().unwrap_or("");
    for w in words(&article.body).chain(words(title)) {
        assert!(input.contains(&w), "{w:?} is not in the input");
    }
    for p in &article.passages {
        assert!(!p.trim().is_empty(), "a blank passage");
        for w in words(p) {
            assert!(input.contains(&w), "{w:?} of a passage is not in the input");
        }
    }
});
