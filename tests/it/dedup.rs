//! Near-duplicate clustering measured on a syndication set generated from real BBC stories:
//! each story is re-published by several made-up outlets under their own page furniture
//! (menus, bylines, "Related Articles" lists of other stories, promos), some copies cut short
//! or missing a paragraph, as aggregators do. Copies of one story must share a cluster;
//! different stories — many on the same topic, from the same section — must not.

use crate::util::{shared, Dir};
use std::collections::{BTreeMap, HashMap};

const OUTLETS: [&str; 6] = [
    "Daily Wire Digest",
    "NewsNow",
    "The Morning Ledger",
    "Yahoo News",
    "Inkl",
    "Metro Herald",
];

/// The BBC business and politics stories, title and paragraphs, without exact repeats
/// (the corpus holds a few stories twice).
fn stories() -> Vec<(String, Vec<String>)> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for section in ["business", "politics"] {
        for n in 1..=100 {
            let path = shared().join(format!("corpora/bbc/{section}/{n:03}.txt"));
            let text = std::fs::read_to_string(path).unwrap();
            let mut blocks = text
                .split("\n\n")
                .map(|b| b.trim().to_owned())
                .filter(|b| !b.is_empty());
            let title = blocks.next().unwrap();
            let paragraphs: Vec<String> = blocks.collect();
            if paragraphs.len() >= 3 && seen.insert(paragraphs.join("\n")) {
                out.push((title, paragraphs));
            }
        }
    }
    out
}

/// A deterministic stream of small numbers.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// One outlet's page carrying `story`, possibly cut short or missing a paragraph, with
/// other stories' titles under "Related Articles".
fn page(outlet: &str, story: &(String, Vec<String>), related: &[&str], rng: &mut Lcg) -> String {
    let (title, paragraphs) = story;
    let mut body: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
    match rng.below(4) {
        0 => body.truncate((body.len() * 2 / 3).max(3)),
        1 => {
            let drop = 1 + rng.below(body.len() - 1);
            body.remove(drop);
        }
        _ => {}
    }
    let mut p = format!("{outlet}\nHome | World | Business | Politics | Sport\n\n{title}\n\n");
    p += &format!("By Staff Reporter, {outlet}\n\n");
    p += &body.join("\n\n");
    p += "\n\nShare this article\n\nRelated Articles\n\n";
    for r in related {
        p += &format!("{r}\n\n");
    }
    p += &format!(
        "Download the {outlet} app for the latest news\n\n© 2025 {outlet}. All rights reserved.\n"
    );
    p
}

/// Path → cluster of every article in the index at `dir`.
fn clusters(dir: &std::path::Path) -> HashMap<String, u64> {
    use dateline::index::columns::Columns;
    let opened = dateline::index::open(dir).unwrap();
    let searcher = opened.reader.searcher();
    let mut out = HashMap::new();
    for segment in searcher.segment_readers() {
        let columns = Columns::open(segment).unwrap();
        for doc in segment.doc_ids_alive() {
            let path = columns.path(doc).unwrap().unwrap();
            out.insert(path, columns.cluster(doc).unwrap());
        }
    }
    out
}

#[test]
fn syndicated_copies_cluster_and_different_stories_do_not() {
    if crate::util::skip_without_shared() {
        return;
    }
    let stories = stories();
    assert!(stories.len() >= 100, "{} stories", stories.len());
    let d = Dir::new();
    let mut rng = Lcg(7);
    let mut truth: BTreeMap<String, usize> = BTreeMap::new();
    for (i, story) in stories.iter().enumerate() {
        let copies = 1 + rng.below(4);
        for c in 0..copies {
            let outlet = OUTLETS[(i + c) % OUTLETS.len()];
            let related: Vec<&str> = (1..=4)
                .map(|k| stories[(i + k * 7) % stories.len()].0.as_str())
                .collect();
            let name = format!("synd/{i:03}-{c}.txt");
            d.write(&name, page(outlet, story, &related, &mut rng));
            truth.insert(name, i);
        }
    }
    let r = d.run(&["index", "synd"]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    let got = clusters(&d.path().join("index"));
    let key = |name: &str| {
        d.path()
            .join(name)
            .canonicalize()
            .unwrap()
            .to_string_lossy()
            .into_owned()
    };
    let names: Vec<&String> = truth.keys().collect();
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    for (i, a) in names.iter().enumerate() {
        for b in &names[i + 1..] {
            let same_story = truth[*a] == truth[*b];
            let same_cluster = got[&key(a)] == got[&key(b)];
            match (same_story, same_cluster) {
                (true, true) => tp += 1,
                (false, true) => fp += 1,
                (true, false) => {
                    fn_ += 1;
                    eprintln!("FN {a} {b}");
                }
                _ => {}
            }
        }
    }
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fn_).max(1) as f64;
    eprintln!(
        "syndication set: {} stories, {} pages, {} copy pairs; pairwise precision {precision:.3}, \
         recall {recall:.3} (tp {tp}, fp {fp}, fn {fn_})",
        stories.len(),
        names.len(),
        tp + fn_
    );
    assert!(precision >= 0.99, "precision {precision:.3}");
    assert!(recall >= 0.95, "recall {recall:.3}");

    // Committing every 7 articles, the clusterer sees each commit's segments (those it had
    // read, those flushed since, and those merges made of them) and finds the same clusters.
    let r = d.run(&[
        "index",
        "synd",
        "--commit-every",
        "7",
        "--index",
        "small-commits",
    ]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    let small = clusters(&d.path().join("small-commits"));
    let segments = dateline::index::open(&d.path().join("small-commits"))
        .unwrap()
        .index
        .searchable_segment_ids()
        .unwrap()
        .len();
    assert!(segments > 1, "{segments} segments");
    for (i, a) in names.iter().enumerate() {
        for b in &names[i + 1..] {
            let (a, b) = (key(a), key(b));
            assert_eq!(got[&a] == got[&b], small[&a] == small[&b], "{a} {b}");
        }
    }

    // Search lists a story once, its copies under also_in; --all lists every copy.
    let phrase: Vec<&str> = stories[0].1[0].split_whitespace().take(6).collect();
    let q = format!("\"{}\"", phrase.join(" "));
    let copies = truth.values().filter(|&&s| s == 0).count();
    let one = d.search_json(&[q.as_str()]);
    assert_eq!(one["total"], 1, "{one}");
    assert_eq!(one["articles"], copies);
    assert_eq!(
        one["hits"][0]["also_in"].as_array().unwrap().len(),
        copies - 1
    );
    let all = d.search_json(&[q.as_str(), "--all"]);
    assert_eq!(all["total"], copies);
}

#[test]
fn copies_cluster_across_runs_and_a_changed_file_leaves_its_cluster() {
    if crate::util::skip_without_shared() {
        return;
    }
    let stories = stories();
    let d = Dir::new();
    let mut rng = Lcg(1);
    let (first, second) = (&stories[3], &stories[40]);
    d.write("c/a.txt", page("NewsNow", first, &[], &mut Lcg(2)));
    assert_eq!(d.run(&["index", "c"]).code(), 0);
    d.write("c/b.txt", page("Inkl", first, &[], &mut rng));
    assert_eq!(d.run(&["index", "c"]).code(), 0);
    let phrase: Vec<&str> = first.1[0].split_whitespace().take(6).collect();
    let q = format!("\"{}\"", phrase.join(" "));
    let r = d.search_json(&[q.as_str()]);
    assert_eq!(
        (r["total"].clone(), r["articles"].clone()),
        (1.into(), 2.into()),
        "{r}"
    );
    let stats: serde_json::Value =
        serde_json::from_str(&d.run(&["stats", "--json"]).stdout()).unwrap();
    assert_eq!(
        (stats["articles"].clone(), stats["stories"].clone()),
        (2.into(), 1.into())
    );
    // The first copy's file now carries another story: two stories, nothing grouped.
    d.write("c/a.txt", page("NewsNow", second, &[], &mut Lcg(2)));
    assert_eq!(d.run(&["index", "c"]).code(), 0);
    let stats: serde_json::Value =
        serde_json::from_str(&d.run(&["stats", "--json"]).stdout()).unwrap();
    assert_eq!(
        (stats["articles"].clone(), stats["stories"].clone()),
        (2.into(), 2.into())
    );
    let r = d.search_json(&[q.as_str()]);
    assert_eq!(r["total"], 1);
    assert!(
        r["hits"][0]["also_in"].as_array().unwrap().is_empty(),
        "{r}"
    );
}

#[test]
fn copies_in_earlier_runs_are_found_by_date_and_undated_ones_by_any_date() {
    if crate::util::skip_without_shared() {
        return;
    }
    let stories = stories();
    let story = &stories[7];
    let d = Dir::new();
    let dated = |outlet: &str, date: &str| {
        let p = page(outlet, story, &[], &mut Lcg(5));
        p.replacen("\n\n", &format!("\n\n{date}\n\n"), 1)
    };
    let stories_now = |d: &Dir| -> serde_json::Value {
        let stats: serde_json::Value =
            serde_json::from_str(&d.run(&["stats", "--json"]).stdout()).unwrap();
        stats["stories"].clone()
    };
    // Each run commits a segment of its own; later runs look copies up in earlier segments.
    d.write("c/2025/07/03/a.txt", dated("NewsNow", "3 July 2025"));
    assert_eq!(d.run(&["index", "c"]).code(), 0);
    d.write("c/2025/07/05/b.txt", dated("Inkl", "5 July 2025"));
    assert_eq!(d.run(&["index", "c"]).code(), 0);
    assert_eq!(stories_now(&d), 1, "two days apart: one story");
    d.write(
        "c/2025/09/20/c.txt",
        dated("Metro Herald", "20 September 2025"),
    );
    assert_eq!(d.run(&["index", "c"]).code(), 0);
    assert_eq!(stories_now(&d), 2, "eleven weeks later: a story of its own");
    // Within one run, each commit reopens what the lookups read: a copy committed earlier in
    // the run is found, one dated months away is not.
    let f = Dir::new();
    f.write("c/2025/07/03/a.txt", dated("NewsNow", "3 July 2025"));
    f.write("c/2025/07/05/b.txt", dated("Inkl", "5 July 2025"));
    f.write(
        "c/2025/09/20/c.txt",
        dated("Metro Herald", "20 September 2025"),
    );
    assert_eq!(f.run(&["index", "c", "--commit-every", "1"]).code(), 0);
    assert_eq!(stories_now(&f), 2);
    // An undated copy may be of any date: it joins, and a dated copy joins it across months.
    let e = Dir::new();
    e.write("c/x.txt", page("Yahoo News", story, &[], &mut Lcg(5)));
    assert_eq!(e.run(&["index", "c"]).code(), 0);
    e.write("c/y.txt", dated("Inkl", "20 September 2025"));
    assert_eq!(e.run(&["index", "c"]).code(), 0);
    assert_eq!(stories_now(&e), 1);
}
