//! Re-running `dateline index` after files are added, changed, deleted and renamed leaves the
//! same index as a clean build of the final state, and unchanged files are not read again.

use crate::util::{repo, Dir};
use serde_json::Value;

/// (path, passage index, passage) of every hit, sorted: scores aside, what the index holds.
fn holdings(d: &Dir, index: &str, query: &str) -> Vec<(String, u64, String)> {
    let r = d.search_json(&[
        query,
        "--index",
        index,
        "--limit",
        "1000",
        "--per-article",
        "1000",
    ]);
    let mut out: Vec<(String, u64, String)> = r["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h: &Value| {
            (
                h["path"].as_str().unwrap().to_owned(),
                h["passage_index"].as_u64().unwrap(),
                h["passage"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    out.sort();
    out
}

/// "added A, updated U, removed R, unchanged C" from the index summary.
fn summary_line(out: &str) -> &str {
    let line = out
        .lines()
        .find(|l| l.trim_start().starts_with("added"))
        .unwrap_or("");
    line.split(';').next().unwrap_or("")
}

#[test]
fn incremental_runs_match_a_clean_build() {
    let d = Dir::with_seeds("pages");
    let seeds = repo().join("seeds");
    let run = |args: &[&str]| {
        let r = d.run(args);
        assert_eq!(r.code(), 0, "{}", r.stderr());
        r.stdout()
    };
    let out = run(&["index", "pages"]);
    assert_eq!(
        summary_line(&out).trim(),
        "added 3, updated 0, removed 0, unchanged 0"
    );

    let out = run(&["index", "pages"]);
    assert_eq!(
        summary_line(&out).trim(),
        "added 0, updated 0, removed 0, unchanged 3"
    );

    // Modify one, rename one, add one in a subdirectory.
    let p001 = d.path().join("pages/001_f9021680b6dcf0fa.txt");
    let mut text = std::fs::read_to_string(&p001).unwrap();
    text.push_str(
        "\nSergey Lavrov later met Wang Yi in Beijing to discuss the Ukrainian settlement.\n",
    );
    std::fs::write(&p001, text).unwrap();
    std::fs::rename(
        d.path().join("pages/000_0136aecc8ac6458b.txt"),
        d.path().join("pages/000_moved.txt"),
    )
    .unwrap();
    std::fs::create_dir_all(d.path().join("pages/new")).unwrap();
    std::fs::copy(
        seeds.join("002_4a4254405e50acfe.txt"),
        d.path().join("pages/new/003.txt"),
    )
    .unwrap();
    let out = run(&["index", "pages"]);
    assert_eq!(
        summary_line(&out).trim(),
        "added 2, updated 1, removed 1, unchanged 1"
    );

    // Delete one.
    std::fs::remove_file(d.path().join("pages/002_4a4254405e50acfe.txt")).unwrap();
    let out = run(&["index", "pages"]);
    assert_eq!(
        summary_line(&out).trim(),
        "added 0, updated 0, removed 1, unchanged 3"
    );

    run(&["index", "pages", "--index", "clean"]);
    for q in [
        "Putin",
        "Lavrov",
        "\"Wang Yi\"",
        "Ushakov",
        "Kremlin OR Kyiv",
    ] {
        let incremental = holdings(&d, "index", q);
        assert!(!incremental.is_empty(), "{q}");
        assert_eq!(incremental, holdings(&d, "clean", q), "{q}");
    }
    let total = |index: &str| d.search_json(&["Putin", "--index", index])["total"].clone();
    assert_eq!(total("index"), 3);
    assert_eq!(total("index"), total("clean"));
}

#[test]
fn directories_indexed_separately_do_not_remove_each_other() {
    let d = Dir::with_seeds("a");
    d.copy_seed("001_f9021680b6dcf0fa.txt", "b/one.txt");
    assert_eq!(d.run(&["index", "a"]).code(), 0);
    let r = d.run(&["index", "b/one.txt"]);
    assert_eq!(
        summary_line(&r.stdout()).trim(),
        "added 1, updated 0, removed 0, unchanged 0"
    );
    let r = d.search_json(&["Lavrov"]);
    assert_eq!(r["articles"], 3, "a's articles stay, b's single file added");
    assert_eq!(r["total"], 2, "b's file is a copy of one of a's: one story");
}

#[test]
fn a_directory_removes_what_vanished_under_it_not_under_its_namesakes() {
    // `news-2`, `news.d` and `newsroom` sort around `news/` in the path column.
    let d = Dir::with_seeds("news");
    let siblings = ["news-2", "news.d", "newsroom"];
    for s in siblings {
        d.copy_seed("000_0136aecc8ac6458b.txt", &format!("{s}/page.txt"));
    }
    let r = d.run(&["index", "news", "news-2", "news.d", "newsroom"]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    assert_eq!(d.search_json(&["Lavrov", "--all"])["articles"], 5);

    std::fs::remove_file(d.path().join("news/000_0136aecc8ac6458b.txt")).unwrap();
    std::fs::remove_file(d.path().join("newsroom/page.txt")).unwrap();
    let r = d.run(&["index", "news"]);
    assert_eq!(
        summary_line(&r.stdout()).trim(),
        "added 0, updated 0, removed 1, unchanged 2"
    );
    let paths: Vec<String> = d.search_json(&["Lavrov", "--all", "--limit", "100"])["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["path"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(paths.len(), 4, "{paths:?}");
    for s in siblings {
        let page = format!("/{s}/page.txt");
        assert!(
            paths.iter().any(|p| p.ends_with(&page)),
            "{page}: {paths:?}"
        );
    }
    let r = d.run(&["index", "newsroom"]);
    assert_eq!(
        summary_line(&r.stdout()).trim(),
        "added 0, updated 0, removed 1, unchanged 0"
    );
}

#[test]
fn an_index_of_another_format_asks_for_rebuild() {
    let d = Dir::with_seeds("pages");
    assert_eq!(d.run(&["index", "pages"]).code(), 0);
    let meta = d.path().join("index/meta.json");
    let text = std::fs::read_to_string(&meta).unwrap();
    let current = format!(
        "dateline_format\\\":{}",
        dateline::index::schema::FORMAT_VERSION
    );
    let old = text.replace(&current, "dateline_format\\\":1");
    assert_ne!(old, text, "payload found in meta.json");
    std::fs::write(&meta, old).unwrap();
    let r = d.run(&["search", "Putin"]);
    assert_eq!(r.code(), 2);
    assert!(
        r.stderr().contains("format 1") && r.stderr().contains("--rebuild"),
        "{}",
        r.stderr()
    );
    assert_eq!(d.run(&["index", "--rebuild", "pages"]).code(), 0);
    assert_eq!(d.search_json(&["Putin"])["total"], 3);
}

#[test]
fn overlapping_inputs_index_each_file_once() {
    let d = Dir::with_seeds("pages");
    d.copy_seed("001_f9021680b6dcf0fa.txt", "pages/sub/copy.txt");
    let r = d.run(&[
        "index",
        "pages/sub",
        "pages",
        "pages/001_f9021680b6dcf0fa.txt",
        "pages/",
    ]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    assert_eq!(
        summary_line(&r.stdout()).trim(),
        "added 4, updated 0, removed 0, unchanged 0"
    );
    // A run over the subdirectory alone leaves the rest of the directory indexed.
    let r = d.run(&["index", "pages/sub"]);
    assert_eq!(
        summary_line(&r.stdout()).trim(),
        "added 0, updated 0, removed 0, unchanged 1"
    );
    assert_eq!(d.search_json(&["Lavrov", "--all"])["articles"], 3);
}

const PROMO: &str =
    "Listen to the Quillfeather Hour podcast for more business news every weekday morning.";

/// Writes `pages/NNN.txt`: BBC business story n + 1, with [`PROMO`] as its third paragraph
/// when `promo`, and `tail` after it.
fn promoted_page(d: &Dir, n: usize, promo: bool, tail: &str) {
    let bbc = crate::util::shared().join("corpora/bbc/business");
    let text = std::fs::read_to_string(bbc.join(format!("{:03}.txt", n + 1))).unwrap();
    let mut paras: Vec<&str> = text.split("\n\n").collect();
    if promo {
        paras.insert(2, PROMO);
    }
    paras.push(tail);
    d.write(&format!("pages/{n:03}.txt"), paras.join("\n\n"));
}

/// A page over `--max-file-size` is neither indexed nor read to learn boilerplate: the line
/// it shares with 4 pages stays theirs (on 5 pages it would be boilerplate).
#[test]
fn pages_over_the_size_cap_teach_nothing() {
    if crate::util::skip_without_shared() {
        return;
    }
    let d = Dir::new();
    for n in 0..30 {
        promoted_page(&d, n, n % 7 == 0 && n < 28, "");
    }
    let filler: String = (0..40_000)
        .map(|i| format!("Archive entry {i} of the trade figures was filed. "))
        .collect();
    promoted_page(&d, 30, true, &filler);
    let r = d.run(&["index", "pages", "--max-file-size", "1"]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    assert!(r.stdout().contains("skipped 1 file"), "{}", r.stdout());
    let found = d.search_json(&["Quillfeather", "--all"]);
    assert_eq!(found["articles"], 4, "{found}");
}

/// A line on 4 pages is kept, on 6 it is boilerplate (5 different pages make it so): runs
/// that add and remove pages move it across, and the pages that did not change follow, as a
/// clean build of the same files has them.
#[test]
fn lines_learned_as_boilerplate_follow_the_corpus() {
    if crate::util::skip_without_shared() {
        return;
    }
    let d = Dir::new();
    let page = |n: usize, promo: bool| promoted_page(&d, n, promo, "");
    for n in 0..30 {
        page(n, n % 7 == 0 && n < 28); // 0, 7, 14, 21
    }
    let run = |args: &[&str]| {
        let r = d.run(args);
        assert_eq!(r.code(), 0, "{}", r.stderr());
        r.stdout()
    };
    let promoted = |index: &str| {
        let r = d.search_json(&["Quillfeather", "--all", "--index", index]);
        r["articles"].as_u64().unwrap()
    };
    let same_as_clean = |step: &str| {
        run(&["index", "pages", "--index", "clean", "--rebuild"]);
        for q in ["Quillfeather", "profit OR sales", "\"chief executive\""] {
            assert_eq!(
                holdings(&d, "index", q),
                holdings(&d, "clean", q),
                "{step}: {q}"
            );
        }
    };
    // Chunks of 5 files: the new pages come last, after the unchanged ones were walked.
    run(&["index", "pages", "--commit-every", "5"]);
    assert_eq!(promoted("index"), 4);

    page(30, true);
    page(31, true);
    let out = run(&["index", "pages", "--commit-every", "5"]);
    assert!(
        out.contains("added 2, updated 0, removed 0, unchanged 26")
            && out.contains("4 unchanged pages extracted again"),
        "{out}"
    );
    assert_eq!(
        promoted("index"),
        0,
        "the line is boilerplate on every page now"
    );
    same_as_clean("two pages added");

    let out = run(&["index", "pages"]);
    assert!(out.contains("unchanged 32;"), "nothing moves twice: {out}");

    for n in [0, 7, 30] {
        std::fs::remove_file(d.path().join(format!("pages/{n:03}.txt"))).unwrap();
    }
    let out = run(&["index", "pages"]);
    assert!(
        out.contains("removed 3") && out.contains("3 unchanged pages"),
        "{out}"
    );
    assert_eq!(
        promoted("index"),
        3,
        "on 3 pages the line is the pages' own again"
    );
    same_as_clean("three pages removed");
}

/// `dateline compact` merges the segments that small commits left, changes no article, and
/// the index goes on being updated incrementally after it.
#[test]
fn compaction_merges_segments_and_keeps_every_article() {
    let d = Dir::with_seeds("pages");
    d.copy_seed("000_0136aecc8ac6458b.txt", "pages/copy/000.txt");
    let r = d.run(&["index", "pages", "--commit-every", "1"]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    let segments = || {
        let meta = std::fs::read_to_string(d.path().join("index/meta.json")).unwrap();
        let meta: Value = serde_json::from_str(&meta).unwrap();
        meta["segments"].as_array().unwrap().len()
    };
    assert_eq!(segments(), 4, "one segment a commit");
    let queries = ["Putin", "Lavrov", "\"Wang Yi\"", "Kremlin OR Kyiv"];
    let before: Vec<_> = queries.iter().map(|q| holdings(&d, "index", q)).collect();
    let stories = d.search_json(&["Lavrov"])["total"].clone();

    let r = d.run(&["compact"]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    assert!(
        r.stdout()
            .contains("compacted 4 segments into 1 (4 articles)"),
        "{}",
        r.stdout()
    );
    assert_eq!(segments(), 1);
    let stores = std::fs::read_dir(d.path().join("index"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "store")
        })
        .count();
    assert_eq!(stores, 1, "the merged-away files are gone");
    let after: Vec<_> = queries.iter().map(|q| holdings(&d, "index", q)).collect();
    assert_eq!(before, after);
    assert_eq!(
        d.search_json(&["Lavrov"])["total"],
        stories,
        "copies still one story"
    );

    let out = d.run(&["index", "pages"]).stdout();
    assert_eq!(
        summary_line(&out).trim(),
        "added 0, updated 0, removed 0, unchanged 4"
    );
    std::fs::remove_file(d.path().join("pages/copy/000.txt")).unwrap();
    let out = d.run(&["index", "pages"]).stdout();
    assert_eq!(
        summary_line(&out).trim(),
        "added 0, updated 0, removed 1, unchanged 3"
    );
}
