//! Corpus-level boilerplate on real stories: a promo that every page of an aggregator carries
//! is learned and dropped at index time; a story syndicated to several sites keeps its text.

use crate::util::{shared, Dir};

const PROMO: &str = "Get the NewsNow app for all the stories you care about, in one place, free on your phone and your tablet today.";

fn bbc_story(n: usize) -> String {
    let path = shared().join(format!("corpora/bbc/business/{n:03}.txt"));
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn a_promo_on_every_page_is_learned_and_stripped() {
    if crate::util::skip_without_shared() {
        return;
    }
    let d = Dir::new();
    for n in 1..=30 {
        let story = bbc_story(n);
        d.write(
            &format!("site/{n:03}.txt"),
            format!("NewsNow\nHome | World | Business\n\n{story}\n\n{PROMO}\n\nRelated Articles\n"),
        );
    }
    // One page alone cannot tell the promo from prose: extract keeps it.
    let one = d.run(&["extract", "--json", "site/001.txt"]);
    assert!(one.stdout().contains("NewsNow app"), "{}", one.stdout());
    assert_eq!(d.run(&["index", "site"]).code(), 0);
    assert_eq!(
        d.search_json(&["NewsNow"])["total"],
        0,
        "promo learned as boilerplate"
    );
    assert_eq!(d.search_json(&["\"your tablet\""])["total"], 0);
    // The stories themselves are all there.
    let first_line = bbc_story(1).lines().nth(2).unwrap().to_owned();
    let phrase: Vec<&str> = first_line.split_whitespace().take(4).collect();
    let q = format!("\"{}\"", phrase.join(" "));
    assert!(
        d.search_json(&[q.as_str()])["total"].as_u64().unwrap() >= 1,
        "{q}"
    );
}

#[test]
fn a_syndicated_story_keeps_its_paragraphs() {
    if crate::util::skip_without_shared() {
        return;
    }
    let d = Dir::new();
    let shared_story = bbc_story(7);
    for (i, outlet) in ["Daily8", "MSN", "Yahoo", "NewsBreak", "Inkl", "Flipboard"]
        .iter()
        .enumerate()
    {
        d.write(
            &format!("agg/{i}.txt"),
            format!("{outlet}\nMenu\n\n{shared_story}\n\nDownload the {outlet} app today\n"),
        );
    }
    for n in 10..=30 {
        d.write(&format!("agg/other{n}.txt"), bbc_story(n));
    }
    assert_eq!(d.run(&["index", "agg"]).code(), 0);
    let body_line = shared_story
        .lines()
        .filter(|l| l.split_whitespace().count() > 12)
        .nth(1)
        .unwrap()
        .to_owned();
    let words: Vec<&str> = body_line.split_whitespace().take(5).collect();
    let q = format!("\"{}\"", words.join(" "));
    let r = d.search_json(&[q.as_str()]);
    assert_eq!(r["articles"], 6, "all six copies keep {q}");
    assert_eq!(r["total"], 1, "the six copies are one story");
    let also_in = r["hits"][0]["also_in"].as_array().unwrap();
    assert_eq!(also_in.len(), 5, "{r}");
    assert_eq!(d.search_json(&[q.as_str(), "--all"])["total"], 6);
}
