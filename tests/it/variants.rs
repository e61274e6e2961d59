//! Spelling variants measured on the real corpora (BBC, Reuters-21578): every pair of words
//! the rules relate that both occur in the corpora must be judged in
//! `tests/fixtures/variant-pairs.tsv` (built from these corpora), and the rules' precision
//! on those pairs, their recall on the true families there, and the articles they add to
//! ordinary words' results are held to floors. End-to-end search behaviour is tested on
//! small fixtures at the bottom.

use crate::util::{hit_files, repo, shared, Dir};
use dateline::index::analyzer;
use dateline::search::variants;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Word → ids of the corpus files it occurs in.
fn corpus_words() -> HashMap<String, Vec<u32>> {
    let mut words: HashMap<String, Vec<u32>> = HashMap::new();
    let mut id = 0u32;
    for root in ["bbc", "reuters21578"] {
        for entry in walkdir::WalkDir::new(shared().join("corpora").join(root))
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
        {
            let name = entry.file_name().to_string_lossy();
            if name.ends_with(".md") || name.ends_with(".jsonl") {
                continue;
            }
            let bytes = std::fs::read(entry.path()).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            let unique: BTreeSet<String> = analyzer::tokens(&text)
                .into_iter()
                .map(|(t, _)| t)
                .collect();
            for w in unique {
                words.entry(w).or_default().push(id);
            }
            id += 1;
        }
    }
    words
}

/// The judged pairs: `word<TAB>variant<TAB>same|different`.
fn judged() -> BTreeMap<(String, String), bool> {
    let text = std::fs::read_to_string(repo().join("tests/fixtures/variant-pairs.tsv")).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 3, "bad line {l:?}");
            let (a, b) = if f[0] < f[1] {
                (f[0], f[1])
            } else {
                (f[1], f[0])
            };
            ((a.to_owned(), b.to_owned()), f[2] == "same")
        })
        .collect()
}

#[test]
fn variant_precision_and_recall_on_the_corpora() {
    if crate::util::skip_without_shared() {
        return;
    }
    let words = corpus_words();
    let judged = judged();
    let mut produced = BTreeSet::new();
    for w in words.keys() {
        for v in variants::of(w) {
            if words.contains_key(&v) {
                produced.insert(if *w < v {
                    (w.clone(), v)
                } else {
                    (v, w.clone())
                });
            }
        }
    }
    let unjudged: Vec<_> = produced
        .iter()
        .filter(|p| !judged.contains_key(*p))
        .collect();
    assert!(
        unjudged.is_empty(),
        "judge these pairs in tests/fixtures/variant-pairs.tsv: {unjudged:?}"
    );
    let true_pos = produced.iter().filter(|p| judged[*p]).count();
    let precision = true_pos as f64 / produced.len().max(1) as f64;
    let in_corpus: Vec<_> = judged
        .iter()
        .filter(|((a, b), same)| **same && words.contains_key(a) && words.contains_key(b))
        .collect();
    let found = in_corpus
        .iter()
        .filter(|(p, _)| produced.contains(*p))
        .count();
    let recall = found as f64 / in_corpus.len().max(1) as f64;

    // Ordinary words: the 2,000 most widespread words; articles a variant adds to each.
    let mut common: Vec<(&String, &Vec<u32>)> = words.iter().collect();
    common.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
    let (mut exact, mut added) = (0usize, 0usize);
    for (w, docs) in common.iter().take(2000) {
        let mut all: BTreeSet<u32> = docs.iter().copied().collect();
        exact += all.len();
        for v in variants::of(w) {
            all.extend(words.get(&v).into_iter().flatten());
        }
        added += all.len() - docs.len();
    }
    let added_share = added as f64 / exact as f64;
    eprintln!(
        "variants on the corpora: {} pairs produced, precision {precision:.3}, recall {recall:.3} \
         ({found}/{} true pairs), ordinary words +{added} articles on {exact} ({:.4}%)",
        produced.len(),
        in_corpus.len(),
        100.0 * added_share
    );
    assert!(precision >= 0.8, "precision {precision:.3}");
    assert!(recall >= 0.6, "recall {recall:.3}");
    assert!(
        added_share < 0.0005,
        "ordinary words gained {added} articles"
    );
}

/// A small news page: headline, date line, two paragraphs of prose around `sentence`.
fn page(title: &str, day: u32, sentence: &str) -> String {
    format!(
        "{title}\n\nPublished {day} March 2025\n\n{sentence} Officials said the talks would go on \
         through the week, and that a further meeting was planned for the end of the month.\n\n\
         The statement gave no further details about the schedule, and neither side commented \
         on the reports when they were asked about them later in the day.\n"
    )
}

fn variant_corpus() -> Dir {
    let d = Dir::new();
    let pages = [
        (
            "a",
            "Zelensky meets envoys",
            "President Volodymyr Zelensky met the envoys in the capital.",
        ),
        (
            "b",
            "Zelenskyy on the talks",
            "Ukraine's leader Volodymyr Zelenskyy spoke about the talks.",
        ),
        (
            "c",
            "Zelenskiy warns",
            "Volodymyr Zelenskiy warned that the talks could fail.",
        ),
        (
            "d",
            "Sergey Lavrov in Ankara",
            "Foreign minister Sergey Lavrov arrived in Ankara for the talks.",
        ),
        (
            "e",
            "Erdoğan hosts",
            "President Recep Tayyip Erdoğan hosted the delegations at the palace.",
        ),
        (
            "f",
            "Erdogan speaks",
            "Turkish President Tayyip Erdogan spoke to reporters after the talks.",
        ),
        (
            "g",
            "Kim Jong-un letter",
            "North Korean leader Kim Jong-un sent a letter about the talks.",
        ),
        (
            "h",
            "Kim Jong Un visit",
            "Kim Jong Un visited a factory, state media said about the talks.",
        ),
        (
            "i",
            "Strikes on Kyiv",
            "Drones struck Kyiv overnight, the city's mayor said before the talks.",
        ),
        (
            "j",
            "Kiev archive",
            "The Kiev archive was opened to researchers ahead of the talks.",
        ),
        (
            "k",
            "Peskoff quoted",
            "Dmitry Peskoff, the spokesman, was quoted on the talks.",
        ),
        (
            "l",
            "Peskov comments",
            "Kremlin spokesman Dmitry Peskov commented on the talks.",
        ),
        (
            "m",
            "Sunny weather",
            "It was sunny across the region on the day of the talks.",
        ),
        (
            "n",
            "Sunni leaders",
            "Sunni leaders met Shia clerics on the day of the talks.",
        ),
    ];
    for (name, title, sentence) in pages {
        d.write(&format!("news/{name}.txt"), page(title, 3, sentence));
    }
    let r = d.run(&["index", "news"]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    d
}

fn files(results: &serde_json::Value) -> Vec<String> {
    let mut v: Vec<String> = hit_files(results)
        .into_iter()
        .map(|f| f.trim_end_matches(".txt").to_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn each_family_finds_every_spelling_and_exact_turns_it_off() {
    let d = variant_corpus();
    for (query, all, exact) in [
        ("Zelensky", vec!["a", "b", "c"], vec!["a"]),
        ("zelenskyy", vec!["a", "b", "c"], vec!["b"]),
        ("\"Sergei Lavrov\"", vec!["d"], vec![]),
        ("Erdogan", vec!["e", "f"], vec!["e", "f"]),
        ("\"Kim Jong Un\"", vec!["g", "h"], vec!["g", "h"]),
        ("Kyiv", vec!["i", "j"], vec!["i"]),
        ("Peskov", vec!["k", "l"], vec!["l"]),
        ("sunny", vec!["m"], vec!["m"]),
        ("Sunni", vec!["n"], vec!["n"]),
    ] {
        // The fixture pages share their filler paragraphs, so they are near-duplicates of
        // one another: list every copy.
        assert_eq!(files(&d.search_json(&[query, "--all"])), all, "{query}");
        assert_eq!(
            files(&d.search_json(&[query, "--exact", "--all"])),
            exact,
            "{query} --exact"
        );
    }
    // Timeline and sources count what search finds, variants included.
    let t = d.run(&["timeline", "Zelensky", "--all", "--json"]).stdout();
    let t: serde_json::Value = serde_json::from_str(&t).unwrap();
    assert_eq!(t["buckets"][0]["articles"], 3, "{t}");
    let t = d
        .run(&["timeline", "Zelensky", "--exact", "--all", "--json"])
        .stdout();
    let t: serde_json::Value = serde_json::from_str(&t).unwrap();
    assert_eq!(t["buckets"][0]["articles"], 1, "{t}");
}

#[test]
fn variants_are_highlighted_and_reported() {
    let d = variant_corpus();
    let r = d.search_json(&["Zelensky", "--all"]);
    let v = &r["variants"][0];
    assert_eq!(v["word"], "zelensky");
    assert_eq!(v["matched"], serde_json::json!(["zelenskiy", "zelenskyy"]));
    let out = d
        .run(&["search", "--color", "always", "--all", "Zelensky"])
        .stdout();
    for word in ["Zelensky", "Zelenskyy", "Zelenskiy"] {
        assert!(
            out.contains(&format!("\x1b[1m\x1b[31m{word}\x1b[0m")),
            "{word} in {out}"
        );
    }
    assert!(
        out.contains("also spelled: zelenskiy, zelenskyy for zelensky"),
        "{out}"
    );
    let exact = d.run(&["search", "Zelensky", "--exact"]).stdout();
    assert!(!exact.contains("also spelled"), "{exact}");
    // Excluding a name excludes its spellings too.
    assert_eq!(
        files(&d.search_json(&["--all", "--", "talks -Kyiv -Zelensky"])),
        ["d", "e", "f", "g", "h", "k", "l", "m", "n"]
    );
}
