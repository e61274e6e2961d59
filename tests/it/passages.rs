//! One document per article, passages chosen at query time: the words of a query meet
//! anywhere in an article, phrases never across two passages, the passage shown holds the
//! words, and an article about the query outranks one that mentions it in passing.

use crate::util::{hit_files as files, repo, Dir};
use serde_json::Value;

/// The two passage fixtures indexed, beside the seeds.
fn indexed() -> Dir {
    let d = Dir::with_seeds("pages");
    for name in ["mediation.txt", "budget.txt"] {
        let text = std::fs::read(repo().join("tests/fixtures/passages").join(name)).unwrap();
        d.write(&format!("pages/{name}"), text);
    }
    let r = d.run(&["index", "pages"]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    d
}

fn words(v: &Value) -> Vec<&str> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect()
}

#[test]
fn words_in_different_paragraphs_match_and_each_shown_passage_says_which_it_holds() {
    let d = indexed();
    let r = d.search_json(&["Ouattara Bamako", "--per-article", "3"]);
    assert_eq!(r["total"], 1, "{r}");
    assert_eq!(files(&r), ["budget.txt", "budget.txt"]);
    assert_eq!(words(&r["query_words"]), ["ouattara", "bamako"]);
    let mut held: Vec<Vec<&str>> = r["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| words(&h["matched_words"]))
        .collect();
    held.sort();
    assert_eq!(held, [vec!["bamako"], vec!["ouattara"]]);
    for h in r["hits"].as_array().unwrap() {
        let passage = h["passage"].as_str().unwrap().to_lowercase();
        for w in words(&h["matched_words"]) {
            assert!(passage.contains(w), "{w} not in {passage}");
        }
    }
}

#[test]
fn a_phrase_never_matches_across_two_passages() {
    let d = indexed();
    assert_eq!(d.search_json(&["Koulibaly Traore"])["total"], 1);
    assert_eq!(d.search_json(&["\"Koulibaly Traore\""])["total"], 0);
    assert_eq!(d.search_json(&["\"Mamadou Koulibaly\""])["total"], 1);
}

#[test]
fn an_article_about_the_query_outranks_a_passing_mention() {
    let d = indexed();
    let r = d.search_json(&["Keita"]);
    assert_eq!(files(&r), ["mediation.txt", "budget.txt"], "{r}");
    let scores: Vec<f64> = r["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["score"].as_f64().unwrap())
        .collect();
    assert!(scores[0] > scores[1], "{scores:?}");
    // The passing mention's shown passage is the one that holds the name.
    let budget = &r["hits"][1];
    assert_eq!(
        budget["passage"],
        "The envoy Keita was also in the chamber."
    );
    assert_eq!(budget["passage_index"], 3);
}

#[test]
fn passages_shown_hold_a_query_word_best_first() {
    let d = indexed();
    let r = d.search_json(&["Keita mediation", "--per-article", "10"]);
    let hits = r["hits"].as_array().unwrap();
    let mediation: Vec<&Value> = hits
        .iter()
        .filter(|h| h["path"].as_str().unwrap().ends_with("mediation.txt"))
        .collect();
    // Passages 0, 1, 3 and 6 hold "Keita" or "mediation"; 2, 4 and 5 neither.
    let mut shown: Vec<u64> = mediation
        .iter()
        .map(|h| h["passage_index"].as_u64().unwrap())
        .collect();
    let scores: Vec<f64> = mediation
        .iter()
        .map(|h| h["passage_score"].as_f64().unwrap())
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    shown.sort();
    assert_eq!(shown, [0, 1, 3, 6]);
    // Both words in one passage: it is shown first.
    assert_eq!(
        words(&mediation[0]["matched_words"]),
        ["keita", "mediation"]
    );
}
