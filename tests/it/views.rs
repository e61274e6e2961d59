//! The analyst views on Reuters-21578 (19,043 stories dated 1987-02-26 .. 1987-10-20):
//! stats, timeline totals equal search totals, sources, show, CSV that a CSV reader parses.

use crate::util::{shared, Dir};
use serde_json::Value;

fn json(d: &Dir, args: &[&str]) -> Value {
    d.json(args)
}

/// The Reuters-21578 stories whose extracted title or body holds every one of `words`
/// anywhere (read with the extractor, not the index).
fn articles_holding(words: &[String]) -> Vec<std::path::PathBuf> {
    use rayon::prelude::*;
    let files: Vec<std::path::PathBuf> =
        walkdir::WalkDir::new(shared().join("corpora/reuters21578"))
            .into_iter()
            .filter_map(Result::ok)
            .map(|e| e.into_path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
    files
        .into_par_iter()
        .filter(|p| {
            let a = dateline::extract::read(p, u64::MAX).unwrap();
            let text = format!("{} {}", a.title.unwrap_or_default(), a.passages.join(" "));
            let tokens: std::collections::HashSet<String> =
                dateline::index::analyzer::tokens(&text)
                    .into_iter()
                    .map(|(t, _)| t)
                    .collect();
            words.iter().all(|w| tokens.contains(w))
        })
        .collect()
}

#[test]
fn views_on_reuters() {
    if crate::util::skip_without_shared() {
        return;
    }
    let d = Dir::new();
    let corpus = shared().join("corpora/reuters21578");
    let corpus = corpus.to_str().unwrap();
    assert_eq!(d.run(&["index", corpus]).code(), 0);

    let stats = json(&d, &["stats", "--json"]);
    assert_eq!(stats["articles"], 19043);
    assert_eq!(stats["undated"], 0);
    assert_eq!(stats["first_date"], "1987-02-26");
    assert_eq!(stats["last_date"], "1987-10-20");
    assert!(stats["passages"].as_u64().unwrap() > 19043);
    assert!(stats["unknown_source"].as_u64().unwrap() < 400);
    assert!(stats["index_bytes"].as_u64().unwrap() > 1_000_000);

    for (query, by) in [
        ("gorbachev", "month"),
        ("\"interest rates\"", "week"),
        ("opec -iran", "day"),
        ("yen OR dollar", "year"),
    ] {
        let total = json(&d, &["search", "--json", "--", query])["total"]
            .as_u64()
            .unwrap();
        let t = json(&d, &["timeline", "--json", "--by", by, "--", query]);
        let buckets = t["buckets"].as_array().unwrap();
        let sum: u64 = buckets
            .iter()
            .map(|b| b["articles"].as_u64().unwrap())
            .sum();
        assert_eq!(
            sum + t["undated"].as_u64().unwrap(),
            total,
            "{query} by {by}"
        );
        assert!(total > 0, "{query}");
    }
    for query in ["Reagan Gorbachev", "yen tokyo"] {
        let r = json(
            &d,
            &["search", "--json", "--all", "--limit", "5000", "--", query],
        );
        let mut found: Vec<&str> = r["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["path"].as_str().unwrap())
            .collect();
        found.dedup();
        let words: Vec<String> = query.split(' ').map(str::to_lowercase).collect();
        let holding = articles_holding(&words);
        assert_eq!(
            r["articles"].as_u64().unwrap() as usize,
            holding.len(),
            "{query}"
        );
        assert_eq!(found.len(), holding.len(), "{query}");
    }

    let t = json(&d, &["timeline", "--json", "gorbachev"]);
    let periods: Vec<&str> = t["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["period"].as_str().unwrap())
        .collect();
    assert_eq!(periods.first(), Some(&"1987-03"));
    assert!(
        periods.windows(2).all(|w| w[0] < w[1]),
        "one row per month, in order"
    );
    let filtered = json(
        &d,
        &["timeline", "--json", "gorbachev", "--since", "1987-04-01"],
    );
    assert!(filtered["buckets"][0]["period"].as_str().unwrap() >= "1987-04");

    crate::names::match_search_on(&d);

    let s = json(&d, &["sources", "--json"]);
    let first = &s["sources"][0];
    assert_eq!(first["source"], "Reuters");
    assert!(first["articles"].as_u64().unwrap() > 18_000);
    assert_eq!(first["first_date"], "1987-02-26");
    let matching = json(&d, &["sources", "--json", "gorbachev"]);
    assert!(matching["articles"].as_u64().unwrap() < 100);
    // Dates without a query: every article of those days, as a search with the same filters.
    let april = json(
        &d,
        &[
            "sources",
            "--json",
            "--all",
            "--since",
            "1987-04-01",
            "--until",
            "1987-04-30",
        ],
    );
    let day = |k: &str| april["sources"][0][k].as_str().unwrap().to_owned();
    assert!(
        day("first_date").as_str() >= "1987-04-01" && day("last_date").as_str() <= "1987-04-30"
    );
    let april_articles = april["articles"].as_u64().unwrap();
    assert!(april_articles > 1_000 && april_articles < s["articles"].as_u64().unwrap());
    let april_gorbachev = |command: &str| {
        let args = [
            command,
            "--json",
            "--all",
            "gorbachev",
            "--since",
            "1987-04-01",
        ];
        json(&d, &[&args[..], &["--until", "1987-04-30"]].concat())["articles"].clone()
    };
    assert_eq!(april_gorbachev("sources"), april_gorbachev("search"));

    let story = shared().join("corpora/reuters21578/reut2-000/00001.txt");
    let shown = json(&d, &["show", "--json", story.to_str().unwrap()]);
    assert_eq!(shown["title"], "BAHIA COCOA REVIEW");
    assert_eq!(shown["date"], "1987-02-26");
    assert!(shown["passages"][0]
        .as_str()
        .unwrap()
        .starts_with("SALVADOR, Feb 26 - Showers continued"));
    let missing = d.run(&["show", "nope.txt"]);
    assert_eq!(missing.code(), 2);
    assert!(missing.stderr().contains("not in the index"));

    let csv_out = d
        .run(&["search", "--csv", "--limit", "50", "\"interest rates\""])
        .stdout();
    let mut reader = csv::Reader::from_reader(csv_out.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        ["date", "source", "title", "path", "score", "passage", "site"]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 50);
    let mentions = |r: &csv::StringRecord| {
        format!("{} {}", &r[2], &r[5])
            .to_lowercase()
            .contains("interest")
    };
    assert!(rows.iter().all(|r| mentions(r) && r[3].ends_with(".txt")));
    let timeline_csv = d
        .run(&["timeline", "--csv", "--by", "month", "yen"])
        .stdout();
    let mut reader = csv::Reader::from_reader(timeline_csv.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        ["period", "articles"]
    );
    assert!(reader.records().count() >= 8);
}

#[test]
fn timeline_chart_fits_the_terminal() {
    if crate::util::skip_without_shared() {
        return;
    }
    let d = Dir::with_seeds("seeds");
    assert_eq!(d.run(&["index", "seeds"]).code(), 0);
    let r = d.run(&["timeline", "--by", "month", "Putin"]);
    assert_eq!(r.code(), 0);
    let out = r.stdout();
    assert!(out.starts_with("2025-01 1 "), "{out}");
    assert!(out.contains("2025-04 0"), "empty months shown: {out}");
    assert!(out.contains("2 dated, 1 undated"), "{out}");
    assert!(out.lines().all(|l| l.chars().count() <= 80), "{out}");
    assert_eq!(d.run(&["timeline", "Dnipro"]).code(), 1);
}
