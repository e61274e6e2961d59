//! Prints what the title, date and site choosers see on one page: the blocks at its top with
//! their verdicts, the article's span, and every candidate with its features and score.
//!
//! ```text
//! cargo run --release --example explain -- PAGE.txt
//! ```

use dateline::extract::{self, clean, corpus::CorpusStats, lexicon::Lexicon, lines, site};

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: explain PAGE.txt");
        std::process::exit(2);
    };
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let text = extract::decode::decode(&bytes).unwrap_or_else(|e| panic!("{path}: {e}"));
    let lex = Lexicon::shared();
    let blocks = lines::blocks(&text, lex);
    let layout = clean::layout(&blocks, lex, &CorpusStats::default());
    for (i, b) in blocks.iter().enumerate().take(layout.span.start + 4) {
        let shown: String = b.text.chars().take(70).collect();
        println!("{i:>4} {:<12} {shown}", format!("{:?}", layout.kinds[i]));
    }
    println!("span {:?}, {} blocks kept", layout.span, layout.keep.len());
    let e = extract::explain(&text, &path);
    // The span chooser's candidates, each with its score.
    println!("== span");
    for (value, features) in &e.span.rows {
        let score = clean::span_score(features);
        println!("{score:>7.3} {}", row(value, &e.span.names, features));
    }
    for (field, cands) in [("title", &e.title), ("date", &e.date), ("site", &e.site)] {
        println!("== {field}");
        let mut rows: Vec<_> = cands.rows.iter().collect();
        if field == "site" {
            // Best first, with each score, so the winner and its rivals come first.
            rows.sort_by(|a, b| site::score(&b.1).total_cmp(&site::score(&a.1)));
        }
        for (value, features) in rows {
            if field == "site" {
                print!("{:>7.3}", site::score(features));
            }
            println!("  {}", row(value, &cands.names, features));
        }
    }
}

/// A candidate's value, cut short, and its features that are not zero.
fn row(value: &str, names: &[&str], features: &[f32]) -> String {
    let set: Vec<String> = names
        .iter()
        .zip(features)
        .filter(|(_, x)| **x != 0.0)
        .map(|(n, x)| format!("{n}={x:.2}"))
        .collect();
    let value: String = value.chars().take(70).collect();
    format!("{value:?} [{}]", set.join(" "))
}
