//! Indexing the seeds and searching them: ranking, filters, orders, the query language.

use crate::util::{seed_ids, Dir};

fn indexed_seeds() -> Dir {
    let d = Dir::with_seeds("seeds");
    let r = d.run(&["index", "seeds"]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    assert!(r.stdout().contains("indexed 3 articles"), "{}", r.stdout());
    d
}

fn ids(d: &Dir, args: &[&str]) -> Vec<String> {
    seed_ids(&d.search_json(args))
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

#[test]
fn names_in_the_article_match() {
    let d = indexed_seeds();
    assert_eq!(sorted(ids(&d, &["Lavrov"])), ["000", "001"]);
    assert_eq!(sorted(ids(&d, &["Lavrov’s"])), ["000", "001"]);
    assert_eq!(sorted(ids(&d, &["LAVROV's"])), ["000", "001"]);
}

#[test]
fn words_only_in_boilerplate_find_nothing() {
    let d = indexed_seeds();
    for q in [
        "Dnipro",
        "Farage",
        "Telegraph",
        "Daily8",
        "\"app store\"",
        "Hegseth",
        "Pezeshkian",
        "Hiram",
    ] {
        let r = d.run(&["search", q]);
        assert_eq!(r.code(), 1, "{q} should find nothing: {}", r.stdout());
        assert_eq!(d.search_json(&[q])["total"], 0, "{q}");
    }
}

#[test]
fn sort_by_date_puts_undated_last() {
    let d = indexed_seeds();
    assert_eq!(
        ids(&d, &["Putin", "--sort", "oldest"]),
        ["000", "002", "001"]
    );
    assert_eq!(
        ids(&d, &["Putin", "--sort", "newest"]),
        ["002", "000", "001"]
    );
}

#[test]
fn filters() {
    let d = indexed_seeds();
    assert_eq!(ids(&d, &["Putin", "--source", "Reuters"]), ["002"]);
    assert_eq!(ids(&d, &["Putin", "--source", "reuters"]), ["002"]);
    assert_eq!(
        ids(&d, &["Putin", "--source", "Thomson Reuters"]),
        ["002"],
        "aliases"
    );
    assert_eq!(ids(&d, &["Putin", "--since", "2025-03-01"]), ["002"]);
    assert_eq!(ids(&d, &["Putin", "--until", "2025-02-01"]), ["000"]);
    assert_eq!(
        ids(
            &d,
            &["Putin", "--since", "2025-01-20", "--until", "2025-01-20"]
        ),
        ["000"]
    );
    assert!(ids(&d, &["Putin", "--source", "Telegraph"]).is_empty());
}

#[test]
fn phrases_diacritics_and_boolean_operators() {
    let d = indexed_seeds();
    assert_eq!(sorted(ids(&d, &["\"root causes\""])), ["000", "002"]);
    assert_eq!(ids(&d, &["Élysée"]), ["001"]);
    assert_eq!(ids(&d, &["elysee"]), ["001"]);
    assert_eq!(ids(&d, &["Putin AND NOT Lavrov"]), ["002"]);
    assert_eq!(ids(&d, &["--", "Putin -Lavrov"]), ["002"]);
    assert_eq!(sorted(ids(&d, &["Kompas OR Ushakov"])), ["001", "002"]);
    assert_eq!(ids(&d, &["Kompas Lavrov"]), ["001"]);
    assert!(ids(&d, &["Kompas Ushakov"]).is_empty());
}

#[test]
fn json_shape_and_counts() {
    let d = indexed_seeds();
    let r = d.search_json(&["Putin", "--limit", "2"]);
    assert_eq!(r["query"], "Putin");
    assert_eq!(
        r["total"], 3,
        "total counts matching articles, not the limit"
    );
    let hits = r["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 2);
    for key in [
        "path",
        "title",
        "date",
        "source",
        "passage",
        "score",
        "passage_index",
    ] {
        assert!(hits[0].get(key).is_some(), "missing {key}");
    }
    assert!(hits[0]["score"].as_f64().unwrap() >= hits[1]["score"].as_f64().unwrap());
    let r = d.search_json(&["Putin", "--per-article", "3"]);
    assert_eq!(r["hits"].as_array().unwrap().len(), 9);
}

/// Seed 002 is Reuters copy re-hosted by Daily8: the source is the wire, the site the host;
/// `--source` keeps matching the source, `--site` the site, and `sources --by site` counts sites.
#[test]
fn source_and_site_are_two_facts_and_two_filters() {
    let d = indexed_seeds();
    let r = d.search_json(&["Ushakov"]);
    assert_eq!(r["hits"][0]["source"], "Reuters");
    assert_eq!(r["hits"][0]["site"], "Daily8");
    assert_eq!(d.search_json(&["Putin", "--site", "DAILY8"])["total"], 1);
    assert_eq!(d.search_json(&["Putin", "--source", "daily8"])["total"], 0);
    assert_eq!(d.search_json(&["Putin", "--source", "reuters"])["total"], 1);
    let by_site = d.run(&["sources", "--by", "site", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&by_site.stdout()).unwrap();
    assert_eq!(v["by"], "site");
    assert_eq!(v["sources"][0]["source"], "Daily8");
    let by_source = d.run(&["sources", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&by_source.stdout()).unwrap();
    assert_eq!(v["sources"][0]["source"], "Reuters");
    let text = d.run(&["sources", "--by", "site"]).stdout();
    assert!(text.starts_with("site"), "{text}");
}

#[test]
fn terminal_output_highlights_only_when_asked() {
    let d = indexed_seeds();
    let plain = d.run(&["search", "Ushakov"]);
    assert_eq!(plain.code(), 0);
    let out = plain.stdout();
    assert!(!out.contains('\x1b'), "no colour into a pipe");
    assert!(
        out.contains("2025-07-03  Reuters  on Daily8  Putin tells Trump"),
        "{out}"
    );
    assert!(out.contains("seeds/002_4a4254405e50acfe.txt"), "{out}");
    assert!(out.contains("1 matching article, 1 shown"), "{out}");
    let coloured = d.run(&["search", "--color", "always", "Ushakov"]).stdout();
    assert!(coloured.contains("\x1b[1m\x1b[31mUshakov"), "{coloured}");
    assert!(d.run(&["search", "Lavrov"]).stdout().contains("undated"));
}

#[test]
fn reindexing_replaces_instead_of_duplicating() {
    let d = indexed_seeds();
    let before = d.search_json(&["Putin", "--per-article", "100"]);
    assert_eq!(d.run(&["index", "seeds"]).code(), 0);
    let after = d.search_json(&["Putin", "--per-article", "100"]);
    assert_eq!(before["total"], after["total"]);
    assert_eq!(
        before["hits"].as_array().unwrap().len(),
        after["hits"].as_array().unwrap().len()
    );
}

#[test]
fn index_location_from_flag_and_environment() {
    let d = Dir::with_seeds("seeds");
    assert_eq!(d.run(&["index", "seeds", "--index", "elsewhere"]).code(), 0);
    assert!(d.path().join("elsewhere/meta.json").is_file());
    assert_eq!(
        d.search_json(&["Lavrov", "--index", "elsewhere"])["total"],
        2
    );
    let r = std::process::Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args(["search", "--json", "Lavrov"])
        .current_dir(d.path())
        .env("DATELINE_INDEX", "elsewhere")
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(0));
}

#[test]
fn errors_exit_2_with_one_line_messages() {
    let d = Dir::new();
    let r = d.run(&["search", "Lavrov"]);
    assert_eq!(r.code(), 2);
    assert_eq!(
        r.stderr().trim(),
        "dateline: no index at index — run `dateline index DIR` first"
    );
    let d = indexed_seeds();
    for (args, needle) in [
        (
            vec!["search", "Putin", "--since", "2025-13-01"],
            "\"2025-13-01\" for --since",
        ),
        (
            vec!["search", "Putin", "--until", "yesterday"],
            "\"yesterday\" for --until",
        ),
        (vec!["search", "((("], "has no words"),
        (vec!["search", "--", "-Putin"], "only excludes"),
        (vec!["search", "Putin", "--limit", "0"], "--limit"),
        (vec!["search", "Putin", "--limit", "ten"], "--limit"),
        (
            vec!["index", "no-such-dir"],
            "no-such-dir: no such file or directory",
        ),
    ] {
        let r = d.run(&args);
        assert_eq!(r.code(), 2, "{args:?}");
        assert!(r.stderr().contains(needle), "{args:?}: {}", r.stderr());
    }
}
