//! `dateline extract` on the seeds: the behaviour the foundation issue names.

use crate::util::{repo, Dir};
use serde_json::Value;

fn extract(name: &str) -> Value {
    let d = Dir::new();
    let path = repo().join("seeds").join(name);
    let r = d.run(&["extract", "--json", path.to_str().unwrap()]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    serde_json::from_str(&r.stdout()).unwrap()
}

#[test]
fn json_contract_has_every_field() {
    let a = extract("001_f9021680b6dcf0fa.txt");
    for key in ["path", "title", "date", "source", "body", "passages"] {
        assert!(a.get(key).is_some(), "missing {key}");
    }
    assert!(a["passages"].as_array().unwrap().len() >= 5);
}

#[test]
fn date_marker_glued_to_a_caption() {
    let a = extract("000_0136aecc8ac6458b.txt");
    assert_eq!(a["date"], "2025-01-20");
    let body = a["body"].as_str().unwrap();
    assert!(body.starts_with("Vladimir Putin has confirmed"));
    assert!(
        !body.contains("via Associated Press"),
        "the photo caption is not body"
    );
    assert!(body.ends_with("when it comes to the war."));
}

#[test]
fn page_without_metadata() {
    let a = extract("001_f9021680b6dcf0fa.txt");
    assert_eq!(a["date"], Value::Null);
    assert_eq!(a["source"], Value::Null);
    assert_eq!(a["title"], Value::Null);
    assert!(a["body"].as_str().unwrap().contains("Sergey Lavrov"));
}

#[test]
fn aggregator_page_with_glued_source_and_related_tail() {
    let a = extract("002_4a4254405e50acfe.txt");
    let title = "Putin tells Trump he won't back down from goals in Ukraine, Kremlin says";
    assert_eq!(a["date"], "2025-07-03");
    assert_eq!(a["source"], "Reuters");
    assert_eq!(a["title"], title);
    let body = a["body"].as_str().unwrap();
    assert!(
        !body.contains(title),
        "the title is not repeated in the body"
    );
    assert!(body.starts_with("MOSCOW, July 3 (Reuters) - Russian President Vladimir Putin"));
    assert!(body.ends_with("condemned by Moscow as unprovoked and illegal."));
    assert_eq!(
        body.split("\n\n").count(),
        11,
        "all eleven Reuters paragraphs"
    );
    for word in [
        "Daily8",
        "Related",
        "Telegraph",
        "Farage",
        "Dnipro",
        "app store",
        "Comments",
    ] {
        assert!(!body.contains(word), "{word} is boilerplate");
    }
}

#[test]
fn human_output_shows_metadata() {
    let d = Dir::new();
    let path = repo().join("seeds/002_4a4254405e50acfe.txt");
    let r = d.run(&["extract", path.to_str().unwrap()]);
    assert_eq!(r.code(), 0);
    let out = r.stdout();
    assert!(out.contains("source   Reuters"), "{out}");
    assert!(out.contains("date     2025-07-03"), "{out}");
    assert!(!out.contains('\x1b'), "no colour into a pipe");
}

#[test]
fn missing_and_binary_files_are_clear_errors() {
    let d = Dir::new();
    let r = d.run(&["extract", "nope.txt"]);
    assert_eq!(r.code(), 2);
    assert!(
        r.stderr().starts_with("dateline: nope.txt:"),
        "{}",
        r.stderr()
    );
    d.write("bin.txt", b"\x00\x01\x02ELF");
    let r = d.run(&["extract", "bin.txt"]);
    assert_eq!(r.code(), 2);
    assert!(
        r.stderr().contains("bin.txt: binary file"),
        "{}",
        r.stderr()
    );
}

/// A page whose headline stands over its byline and date, under a menu and another story's
/// teaser (a headline and its summary): the headline over the byline is the title, and the
/// date under it the date.
#[test]
fn the_headline_over_the_byline_is_the_title() {
    let page = repo().join("tests/fixtures/headline_over_byline.txt");
    let a = Dir::new().json(&["extract", "--json", page.to_str().unwrap()]);
    assert_eq!(a["title"], "Council approves new bridge over the river");
    assert_eq!(a["date"], "2025-03-03");
    let body = a["body"].as_str().unwrap();
    assert!(body.starts_with("The city council on Monday approved"));
    assert!(!body.contains("Markets rally"), "another story's teaser");
}
