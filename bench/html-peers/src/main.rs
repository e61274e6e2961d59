//! Two Rust HTML extractors beside dateline's, on the same saved pages.
//!
//! ```text
//! html-peers extract ENGINE FILE    one page's article as score.py reads it (JSON)
//! html-peers speed ROUNDS FILE...   pages per second of each engine, rounds alternating
//! ```
//!
//! `ENGINE` is `rs-trafilatura` or `dom_smoothie`; dateline's own answer is `dateline
//! extract --json`. Speed: files read into memory first, one thread, each engine runs over
//! every page once per round, the engines in turn, so a noisy machine slows them alike.

use std::time::Instant;

type Engine = fn(&[u8]) -> Option<serde_json::Value>;

const ENGINES: &[(&str, Engine)] = &[
    ("dateline", dateline_page),
    ("rs-trafilatura", trafilatura_page),
    ("dom_smoothie", smoothie_page),
];

fn dateline_page(bytes: &[u8]) -> Option<serde_json::Value> {
    let corpus = dateline::extract::corpus::CorpusStats::default();
    let a = dateline::extract::from_bytes(bytes, "page.html", &corpus).ok()?;
    Some(serde_json::json!({
        "title": a.title, "source": a.source, "body": a.body,
        "date": a.date.map(|d| d.to_string()),
    }))
}

fn trafilatura_page(bytes: &[u8]) -> Option<serde_json::Value> {
    let r = rs_trafilatura::extract_bytes(bytes).ok()?;
    let m = r.metadata;
    Some(serde_json::json!({
        "title": m.title, "source": m.sitename, "body": r.content_text,
        "date": m.date.map(|d| d.date_naive().to_string()),
    }))
}

fn smoothie_page(bytes: &[u8]) -> Option<serde_json::Value> {
    let html = String::from_utf8_lossy(bytes);
    let mut r = dom_smoothie::Readability::new(html.as_ref(), None, None).ok()?;
    let a = r.parse().ok()?;
    let date = a
        .published_time
        .as_deref()
        .and_then(|t| t.get(..10))
        .map(str::to_owned);
    Some(serde_json::json!({
        "title": a.title, "source": a.site_name, "body": a.text_content.to_string(),
        "date": date,
    }))
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("extract") if args.len() == 3 => {
            let engine = ENGINES
                .iter()
                .find(|(n, _)| *n == args[1])
                .unwrap_or_else(|| panic!("no engine {}", args[1]));
            let bytes = std::fs::read(&args[2]).expect("readable page");
            let out = (engine.1)(&bytes).unwrap_or(serde_json::json!({"body": ""}));
            println!("{out}");
        }
        Some("speed") if args.len() >= 3 => {
            let rounds: usize = args[1].parse().expect("a number of rounds");
            let pages: Vec<Vec<u8>> = args[2..]
                .iter()
                .map(|f| std::fs::read(f).expect("readable page"))
                .collect();
            for round in 1..=rounds {
                let rates: Vec<String> = ENGINES
                    .iter()
                    .map(|(name, engine)| {
                        let start = Instant::now();
                        let failed = pages.iter().filter(|p| engine(p).is_none()).count();
                        let rate = pages.len() as f64 / start.elapsed().as_secs_f64();
                        format!("{name} {rate:.1} pages/s ({failed} failed)")
                    })
                    .collect();
                println!("round {round}: {}", rates.join(", "));
            }
        }
        _ => {
            eprintln!("usage: html-peers extract ENGINE FILE | html-peers speed ROUNDS FILE...");
            std::process::exit(2);
        }
    }
}
