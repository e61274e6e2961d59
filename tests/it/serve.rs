//! `dateline serve`'s JSON API, over an index of the seeds: the command line's contracts,
//! errors as JSON, the safety headers, read-only and loopback-only by default, and new
//! commits seen without a restart.

use crate::util::{http, seed_ids, Dir, Server};

fn indexed() -> Dir {
    let d = Dir::with_seeds("seeds");
    assert_eq!(d.run(&["index", "seeds"]).code(), 0);
    d
}

#[test]
fn the_api_answers_as_the_command_line_does() {
    let d = indexed();
    let s = Server::start(&d, &[]);
    for (query, cli) in [
        ("api/search?q=Lavrov", vec!["Lavrov"]),
        (
            "api/search?q=Putin&sort=newest",
            vec!["Putin", "--sort", "newest"],
        ),
        (
            "api/search?q=Putin&source=reuters",
            vec!["Putin", "--source", "reuters"],
        ),
        (
            "api/search?q=Putin&site=daily8&per_article=3",
            vec!["Putin", "--site", "daily8", "--per-article", "3"],
        ),
    ] {
        let api = s.json(query, 200);
        let mine = d.search_json(&cli);
        assert_eq!(seed_ids(&api), seed_ids(&mine), "{query}");
        assert_eq!(api["total"], mine["total"], "{query}");
        assert_eq!(
            api["hits"][0]["passage"], mine["hits"][0]["passage"],
            "{query}"
        );
    }
    let r = s.json("api/search?q=Lavrov", 200);
    let mut ids = seed_ids(&r);
    ids.sort();
    assert_eq!(ids, ["000", "001"]);
    let page = s.json("api/search?q=Putin&limit=1&offset=1&sort=oldest", 200);
    assert_eq!(seed_ids(&page), ["002"], "the second story oldest first");

    let t = s.json("api/timeline?q=Putin&by=month", 200);
    let sum: u64 = t["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["articles"].as_u64().unwrap())
        .sum();
    assert_eq!(sum + t["undated"].as_u64().unwrap(), 3);
    assert_eq!(
        s.json("api/timeline?q=Putin", 200)["by"],
        "week",
        "auto fits Jan..Jul"
    );
    let sites = s.json("api/sources?q=Putin&by=site", 200);
    assert_eq!(sites["by"], "site");
    assert_eq!(sites["sources"][0]["source"], "Daily8");
    // Filters without words: every article under them.
    assert_eq!(s.json("api/sources", 200)["articles"], 3);
    assert_eq!(s.json("api/sources?since=2025-07-01", 200)["articles"], 1);
    let by_wire = s.json("api/sources?source=Reuters&by=site", 200);
    assert_eq!(by_wire["articles"], 1);
    assert_eq!(by_wire["sources"][0]["source"], "Daily8");
    assert_eq!(s.json("api/stats", 200)["articles"], 3);

    let id = r["hits"][0]["id"].as_str().unwrap().to_owned();
    let a = s.json(&format!("api/article/{id}?q=Lavrov"), 200);
    assert_eq!(a["id"], id.as_str());
    assert_eq!(a["path"], r["hits"][0]["path"]);
    let marked: Vec<String> = a["passages"]
        .as_array()
        .unwrap()
        .iter()
        .zip(a["marks"].as_array().unwrap())
        .flat_map(|(p, m)| {
            let p: Vec<u16> = p.as_str().unwrap().encode_utf16().collect();
            m.as_array()
                .unwrap()
                .iter()
                .map(move |r| {
                    let (x, y) = (
                        r[0].as_u64().unwrap() as usize,
                        r[1].as_u64().unwrap() as usize,
                    );
                    String::from_utf16(&p[x..y]).unwrap()
                })
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(
        !marked.is_empty() && marked.iter().all(|w| w == "Lavrov"),
        "{marked:?}"
    );
    let (status, kind, body) = s.get(&format!("api/article/{id}/raw"));
    assert_eq!((status, kind.as_str()), (200, "text/plain; charset=utf-8"));
    let file = std::fs::read_to_string(a["path"].as_str().unwrap()).unwrap();
    assert_eq!(body, file);
}

#[test]
fn bad_input_is_a_json_error_never_a_crash() {
    let d = indexed();
    let s = Server::start(&d, &[]);
    for (path, status, says) in [
        (
            "api/search?q=Putin&since=2025-13-01",
            400,
            "invalid value \"2025-13-01\" for since",
        ),
        ("api/search?q=", 400, "q parameter is missing"),
        ("api/search?q=%22%22", 400, "bad query"),
        ("api/search?q=-Putin", 400, "only excludes words"),
        (
            "api/search?q=Putin&sort=sideways",
            400,
            "expected relevance, newest or oldest",
        ),
        ("api/search?q=Putin&limit=100000", 400, "limit"),
        (
            "api/timeline?q=Putin&by=fortnight",
            400,
            "expected day, week",
        ),
        ("api/sources?by=planet", 400, "expected source or site"),
        ("api/article/zz", 400, "16 hex digits"),
        ("api/article/0123456789abcdef", 404, "no article"),
        ("api/article/0123456789abcdef/raw", 404, "no article"),
        ("api/nothing", 404, "no such"),
        ("../../etc/passwd", 404, "no such"),
    ] {
        let e = s.json(path, status);
        let message = e["error"].as_str().unwrap();
        assert!(message.contains(says), "{path}: {message}");
    }
    let long = format!("api/search?q={}", "a".repeat(20_000));
    assert_eq!(
        s.json(&long, 414)["error"]
            .as_str()
            .map(|m| m.contains("bytes")),
        Some(true)
    );
    // Only GET: the index is never written through the server.
    let r = http()
        .post(&format!("{}api/stats", s.url))
        .send("x")
        .unwrap();
    assert_eq!(r.status().as_u16(), 405);
}

#[test]
fn every_answer_carries_the_safety_headers() {
    let d = indexed();
    let s = Server::start(&d, &[]);
    let agent = http();
    for path in [
        "",
        "app.js",
        "style.css",
        "api/search?q=Putin",
        "api/nothing",
    ] {
        let r = agent.get(&format!("{}{path}", s.url)).call().unwrap();
        let h = |k: &str| r.headers().get(k).map(|v| v.to_str().unwrap().to_owned());
        assert_eq!(
            h("x-content-type-options").as_deref(),
            Some("nosniff"),
            "{path}"
        );
        let csp = h("content-security-policy").unwrap();
        assert!(csp.starts_with("default-src 'self'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe"), "{csp}");
    }
    let (_, kind, html) = s.get("");
    assert!(kind.starts_with("text/html"));
    assert!(html.contains("<script src=\"/app.js\""));
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "no CDN"
    );
}

#[test]
fn a_running_index_commit_is_seen_without_a_restart() {
    let d = indexed();
    let s = Server::start(&d, &[]);
    assert_eq!(s.json("api/stats", 200)["articles"], 3);
    assert_eq!(s.json("api/search?q=Stoltenberg", 200)["total"], 0);
    d.write(
        "seeds/extra.txt",
        "NATO chief visits Kyiv\n\nKYIV, March 3 (Reuters) - Jens Stoltenberg arrived in Kyiv on Monday for talks with the Ukrainian government about air defence, his office said.\n",
    );
    assert_eq!(d.run(&["index", "seeds"]).code(), 0);
    // The next request after the commit sees it.
    assert_eq!(s.json("api/stats", 200)["articles"], 4);
    assert_eq!(s.json("api/search?q=Stoltenberg", 200)["total"], 1);
}

#[test]
fn only_loopback_unless_public() {
    let d = indexed();
    let r = d.run(&["serve", "--bind", "0.0.0.0:0"]);
    assert_eq!(r.code(), 2);
    assert_eq!(r.stderr().lines().count(), 1, "{}", r.stderr());
    assert!(r.stderr().contains("--public"), "{}", r.stderr());
    let r = d.run(&["serve", "--index", "nowhere"]);
    assert_eq!(r.code(), 2);
    assert!(r.stderr().contains("no index"), "{}", r.stderr());
}
