//! Boilerplate-proof matching, end to end: names that a page carries only in its furniture
//! (other stories under "Related Articles", a "Most read" list, "Recommended for you"
//! teasers, a newsletter promo, "Trending" tags, app promos) do not make it match; the
//! story's own names do. Fixtures: tests/fixtures/outlets, three outlet layouts (an
//! aggregator re-hosting AP, a newspaper page, a portal carrying Reuters).

use crate::util::{hit_files, repo, Dir};

fn indexed() -> Dir {
    let d = Dir::new();
    for e in std::fs::read_dir(repo().join("tests/fixtures/outlets")).unwrap() {
        let e = e.unwrap();
        d.write(
            &format!("pages/{}", e.file_name().to_string_lossy()),
            std::fs::read(e.path()).unwrap(),
        );
    }
    let r = d.run(&["index", "pages"]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    d
}

fn files(d: &Dir, query: &str) -> Vec<String> {
    let mut v = hit_files(&d.search_json(&["--all", "--", query]));
    v.sort();
    v
}

#[test]
fn names_only_in_furniture_do_not_match() {
    let d = indexed();
    for q in [
        "Orban",           // Related Articles headline
        "Modi",            // Related Articles headline
        "Lula",            // Related Articles headline
        "Politico",        // an outlet credited under a related headline
        "Netanyahu",       // Most read list and newsletter promo
        "Erdogan",         // newsletter promo
        "Meloni",          // Most read list
        "Macron",          // Recommended teaser (a full paragraph) and Trending tags
        "Sunak",           // Recommended teaser
        "\"Google Play\"", // app promo
        "newsletter",
        "Wlodarczyk",       // reporting credit
        "Keller",           // byline
        "Brancusiu",        // "… contributed reporting from Brussels." between paragraphs
        "ChronicleVasaris", // a "Follow … on Instagram, Facebook" line between paragraphs
    ] {
        assert!(files(&d, q).is_empty(), "{q} matched {:?}", files(&d, q));
    }
}

#[test]
fn the_stories_own_names_match() {
    let d = indexed();
    assert_eq!(files(&d, "Blinken"), ["aggregator.txt"]);
    assert_eq!(files(&d, "\"Red Sea\""), ["aggregator.txt"]);
    assert_eq!(files(&d, "Scholz pensions"), ["newspaper.txt"]);
    assert_eq!(files(&d, "Duda"), ["wire-on-portal.txt"]);
    // A spelling variant finds the Reuters story too.
    assert_eq!(files(&d, "Zelensky"), ["wire-on-portal.txt"]);
    let r = d.search_json(&["Blinken"]);
    assert_eq!(
        r["hits"][0]["source"], "Associated Press",
        "the wire, not the aggregator"
    );
    assert_eq!(r["hits"][0]["date"], "2024-02-12");
    let r = d.search_json(&["Duda"]);
    assert_eq!(r["hits"][0]["source"], "Reuters");
    assert_eq!(r["hits"][0]["date"], "2024-06-03", "published, not updated");
}

/// Teaser lines set between paragraphs ("READ MORE: …", "Read also: …") are links to other
/// stories: their names do not make the page match, the story's own words do.
#[test]
fn inline_teasers_do_not_make_a_page_match() {
    let d = Dir::new();
    d.write(
        "pages/inline-teasers.txt",
        std::fs::read(repo().join("tests/fixtures/teasers/inline-teasers.txt")).unwrap(),
    );
    assert_eq!(d.run(&["index", "pages"]).code(), 0);
    assert_eq!(files(&d, "Lavrov"), Vec::<String>::new());
    assert_eq!(files(&d, "Glencore"), Vec::<String>::new());
    assert_eq!(files(&d, "Kansas"), vec!["inline-teasers.txt"]);
}
