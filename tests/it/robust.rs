//! Bad input never stops a run: odd encodings are decoded, unusable files are skipped with a
//! reason, a damaged or busy index is a clear error, odd queries never panic.

use crate::util::Dir;

const ARTICLE: &str = "Le président a reçu à l’Élysée le chancelier allemand pour parler de la guerre en Ukraine et de la défense européenne, a indiqué la présidence mardi.";

fn corpus() -> Dir {
    let d = Dir::new();
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(ARTICLE.encode_utf16().flat_map(|u| u.to_le_bytes()));
    d.write("pages/utf16.txt", utf16);
    let mut utf16be = vec![0xFE, 0xFF];
    utf16be.extend(ARTICLE.encode_utf16().flat_map(|u| u.to_be_bytes()));
    d.write("pages/utf16be.txt", utf16be);
    let (latin, _, _) = encoding_rs::WINDOWS_1252.encode(ARTICLE);
    d.write("pages/cp1252.txt", latin.as_ref());
    d.write("pages/crlf.txt", ARTICLE.replace(", a ", ",\r\na "));
    d.write(
        "pages/bom.txt",
        [&[0xEF, 0xBB, 0xBF][..], ARTICLE.as_bytes()].concat(),
    );
    d.write("pages/empty.txt", "");
    d.write("pages/blank.txt", " \n\t\n");
    d.write("pages/binary.txt", b"\x7fELF\x02\x01\x01\x00\x00\x00\x00");
    d.write("pages/big.txt", "word ".repeat(300_000));
    d.write("pages/.hidden.txt", ARTICLE);
    d.write("pages/notes.md", ARTICLE);
    d
}

#[test]
fn encodings_are_decoded_and_bad_files_skipped_with_reasons() {
    let d = corpus();
    let r = d.run(&["index", "pages", "--max-file-size", "1"]);
    assert_eq!(
        r.code(),
        0,
        "a run with skips still succeeds: {}",
        r.stderr()
    );
    let err = r.stderr();
    for (file, reason) in [
        ("empty.txt", "empty file"),
        ("blank.txt", "empty file"),
        ("binary.txt", "binary file"),
        ("big.txt", "over the 1048576-byte limit"),
    ] {
        assert!(
            err.lines().any(|l| l.contains(file) && l.contains(reason)),
            "{file}: {reason} in {err}"
        );
    }
    assert!(!err.contains(".hidden.txt") && !err.contains("notes.md"));
    let out = r.stdout();
    assert!(out.contains("indexed 5 articles"), "{out}");
    assert!(out.contains("skipped 4 files"), "{out}");
    assert!(out.contains("skipped 2: empty file"), "{out}");
    let hits = d.search_json(&["Élysée", "--all"]);
    assert_eq!(
        hits["total"], 5,
        "UTF-16 LE and BE, Windows-1252, CRLF and BOM files all match"
    );
    let hits = d.search_json(&["\"chancelier allemand\"", "--all"]);
    assert_eq!(hits["total"], 5);
    // Windows-1252's curly apostrophe (0x92) and accents come out as the characters they are.
    for file in ["cp1252.txt", "utf16be.txt", "crlf.txt"] {
        let r = d.run(&["extract", "--json", &format!("pages/{file}")]);
        let body: serde_json::Value = serde_json::from_str(&r.stdout()).unwrap();
        let body = body["body"].as_str().unwrap();
        assert!(body.contains("à l’Élysée le chancelier"), "{file}: {body}");
        assert!(!body.contains('\r'), "{file}");
    }
}

#[test]
fn very_deep_trees_are_walked() {
    let d = Dir::new();
    let deep: String = (0..300).map(|i| format!("level{i}/")).collect();
    d.write(&format!("pages/{deep}story.txt"), ARTICLE);
    d.write("pages/top.txt", ARTICLE.replace("mardi", "lundi"));
    let r = d.run(&["index", "pages"]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    assert!(r.stdout().contains("indexed 2 articles"), "{}", r.stdout());
    let hits = d.search_json(&["mardi"]);
    assert_eq!(hits["total"], 1);
    assert!(hits["hits"][0]["path"]
        .as_str()
        .unwrap()
        .ends_with("level299/story.txt"));
}

#[test]
fn damaged_index_is_an_error_that_suggests_rebuild() {
    let d = corpus();
    assert_eq!(d.run(&["index", "pages"]).code(), 0);
    std::fs::write(d.path().join("index/meta.json"), "{ not json").unwrap();
    let r = d.run(&["search", "Élysée"]);
    assert_eq!(r.code(), 2);
    assert!(r.stderr().contains("--rebuild"), "{}", r.stderr());
    assert_eq!(r.stderr().lines().count(), 1);
    let r = d.run(&["index", "--rebuild", "pages"]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    assert_eq!(d.search_json(&["Élysée"])["total"], 5);
    // A segment file gone missing.
    for e in std::fs::read_dir(d.path().join("index")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "store") {
            std::fs::remove_file(p).unwrap();
        }
    }
    let r = d.run(&["search", "Élysée"]);
    assert_eq!(r.code(), 2);
    let err = r.stderr();
    assert!(
        err.contains("is damaged") && err.contains("--rebuild"),
        "{err}"
    );
    // In dateline's words: the missing file by its path, no tantivy debug form.
    assert!(err.contains(".store is missing"), "{err}");
    assert!(
        !err.contains("FileDoesNotExist") && !err.contains("(\""),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

/// An index directory that cannot be made: the message names the path and what dateline was
/// doing, not only the system's "Not a directory (os error 20)".
#[test]
fn an_index_directory_that_cannot_be_made_is_named() {
    let d = Dir::with_seeds("pages");
    d.write("taken", "a file where the index would go");
    for (index, said) in [
        ("taken", "taken is a file, not an index directory"),
        (
            "taken/index",
            "cannot create the index directory taken/index: Not a directory",
        ),
    ] {
        let r = d.run(&["index", "pages", "--index", index]);
        assert_eq!(r.code(), 2);
        assert!(r.stderr().contains(said), "{}", r.stderr());
        assert_eq!(r.stderr().lines().count(), 1, "{}", r.stderr());
    }
    for args in [
        &["stats", "--index", "taken"][..],
        &["search", "Putin", "--index", "taken"],
    ] {
        let r = d.run(args);
        assert_eq!(r.code(), 2, "{args:?}");
        assert!(r.stderr().contains("no index at taken"), "{}", r.stderr());
    }
}

#[test]
fn a_second_writer_is_told_the_index_is_busy() {
    let d = corpus();
    assert_eq!(d.run(&["index", "pages"]).code(), 0);
    let opened = dateline::index::open(&d.path().join("index")).unwrap();
    let _writer: tantivy::IndexWriter = opened.index.writer(50_000_000).unwrap();
    let r = d.run(&["index", "pages"]);
    assert_eq!(r.code(), 2);
    assert!(
        r.stderr()
            .contains("index is being updated by another process"),
        "{}",
        r.stderr()
    );
    assert_eq!(d.search_json(&["Élysée"])["total"], 5, "search still works");
}

#[test]
fn odd_queries_never_panic() {
    let d = corpus();
    assert_eq!(d.run(&["index", "pages"]).code(), 0);
    let long = "guerre ".repeat(700);
    for q in [
        "",
        "   ",
        "\"unclosed phrase",
        "((guerre",
        "guerre)",
        "AND",
        "guerre OR",
        "OR OR OR",
        "title:guerre",
        "guerre:",
        "!!!",
        "\u{1b}[31m",
        long.as_str(),
        "NOT NOT guerre",
    ] {
        let r = d.run(&["search", "--", q]);
        assert!(r.code() <= 2, "{q:?}");
        assert!(!r.stderr().contains("panicked"), "{q:?}: {}", r.stderr());
        if r.code() == 2 {
            assert_eq!(r.stderr().lines().count(), 1, "{q:?}: {}", r.stderr());
        }
    }
    assert_eq!(d.search_json(&[long.as_str()])["total"], 5);
}

/// A long prose paragraph about `topic`, enough to be an article.
fn story(topic: &str) -> String {
    format!(
        "{topic} talks resume\n\nPublished 3 March 2025\n\nOfficials said on Monday that the talks \
         about {topic} would resume next week, after a pause of several months in which both \
         sides had accused each other of stalling.\n"
    )
}

#[test]
fn files_that_vanish_or_change_during_the_run_are_handled() {
    use dateline::index::writer::{self, Options, Skipped};
    use std::sync::Mutex;
    // Extraction runs at most AHEAD + 1 batches ahead of the writer (one file per batch
    // here): the last two files are beyond its reach when the first is written.
    const FILES: usize = writer::AHEAD + 6;
    let d = Dir::new();
    let names: Vec<String> = (0..FILES).map(|i| format!("f{i:02}")).collect();
    for name in &names {
        d.write(&format!("pages/{name}.txt"), story(name));
    }
    let (gone, changed) = (&names[FILES - 2], &names[FILES - 1]);
    let pages = d.path().join("pages");
    let idx = d.path().join("index");
    let skipped = Mutex::new(Vec::new());
    let on_skip = |s: &Skipped| skipped.lock().unwrap().push(s.clone());
    // After the first file, one file disappears and another is rewritten, after the walk
    // listed them and before they are read.
    let progress = |done: usize, _total: usize| {
        if done == 1 {
            std::fs::remove_file(pages.join(format!("{gone}.txt"))).unwrap();
            std::fs::write(pages.join(format!("{changed}.txt")), story("Gdansk")).unwrap();
        }
    };
    let opts = Options {
        batch: 1,
        ..Options::default()
    };
    let summary = writer::run(
        &idx,
        std::slice::from_ref(&pages),
        &opts,
        &on_skip,
        &progress,
    )
    .unwrap();
    assert_eq!(summary.added, FILES - 1, "{summary:?}");
    let skipped = skipped.into_inner().unwrap();
    assert_eq!(skipped.len(), 1);
    assert!(
        skipped[0].path.ends_with(format!("{gone}.txt")),
        "{skipped:?}"
    );
    assert!(skipped[0].reason.contains("No such file"), "{skipped:?}");
    assert_eq!(
        d.search_json(&["Gdansk"])["total"],
        1,
        "the rewritten file indexed as it is now"
    );
    assert_eq!(d.search_json(&["talks", "--all"])["total"], FILES - 1);
    // The next run sees the rewritten file's content as indexed: nothing to do.
    let r = d.run(&["index", "pages"]);
    assert!(
        r.stdout().contains(&format!(
            "added 0, updated 0, removed 0, unchanged {}",
            FILES - 1
        )),
        "{}",
        r.stdout()
    );
}

#[test]
fn a_single_line_of_megabytes_is_indexed_in_bounded_passages() {
    let d = Dir::new();
    let words = [
        "the",
        "minister",
        "said",
        "talks",
        "would",
        "resume",
        "in",
        "Istanbul",
        "officials",
    ];
    let mut line = String::new();
    for i in 0..600_000 {
        line.push_str(words[i % words.len()]);
        line.push(' ');
    }
    line.push_str("Gdansk");
    d.write("pages/line.txt", &line);
    let r = d.run(&["index", "pages"]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    assert!(r.stdout().contains("indexed 1 articles"), "{}", r.stdout());
    let shown = d.run(&["show", "--json", "pages/line.txt"]).stdout();
    let shown: serde_json::Value = serde_json::from_str(&shown).unwrap();
    let passages = shown["passages"].as_array().unwrap();
    assert!(passages.len() > 1000, "{} passages", passages.len());
    assert!(passages
        .iter()
        .all(|p| p.as_str().unwrap().split_whitespace().count() <= 90));
    assert_eq!(d.search_json(&["Gdansk"])["total"], 1);
}

#[cfg(unix)]
#[test]
fn unreadable_files_and_directories_are_skipped_with_a_reason() {
    use std::os::unix::fs::PermissionsExt;
    let d = Dir::new();
    d.write("pages/open.txt", story("Gdansk"));
    let secret = d.write("pages/secret.txt", story("Lublin"));
    d.write("pages/locked/inner.txt", story("Torun"));
    let locked = d.path().join("pages/locked");
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let r = d.run(&["index", "pages"]);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(r.code(), 0, "{}", r.stderr());
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        // Permissions do not bind root: everything is read.
        assert!(r.stdout().contains("indexed 3 articles"), "{}", r.stdout());
        return;
    }
    let err = r.stderr();
    for name in ["secret.txt", "locked"] {
        assert!(
            err.lines()
                .any(|l| l.contains(name) && l.contains("ermission denied")),
            "{name} in {err}"
        );
    }
    assert!(r.stdout().contains("indexed 1 articles"), "{}", r.stdout());
    assert_eq!(d.search_json(&["Gdansk"])["total"], 1);
}

/// A page whose extraction panics is skipped and counted; the pages around it are indexed and
/// the run exits 0. (`DATELINE_TEST_PANIC_ON` is the pipeline's test hook.)
#[test]
fn a_page_that_panics_is_skipped_and_the_run_goes_on() {
    let d = Dir::with_seeds("seeds");
    let r = d.run_with(
        &["index", "seeds"],
        &[("DATELINE_TEST_PANIC_ON", "001_f9021680b6dcf0fa.txt")],
    );
    assert_eq!(r.code(), 0, "{}", r.stderr());
    assert!(r.stdout().contains("indexed 2 articles"), "{}", r.stdout());
    assert!(r.stdout().contains("skipped 1 file"), "{}", r.stdout());
    assert!(
        r.stderr().contains("001_f9021680b6dcf0fa.txt") && r.stderr().contains("extraction failed"),
        "{}",
        r.stderr()
    );
    assert!(
        !r.stderr().contains("panicked"),
        "one line, no panic report: {}",
        r.stderr()
    );
    assert_eq!(d.search_json(&["Putin"])["total"], 2);
    // The next run, without the fault, picks the page up.
    let again = d.run(&["index", "seeds"]);
    assert!(again.stdout().contains("added 1"), "{}", again.stdout());
    assert_eq!(d.search_json(&["Putin"])["total"], 3);
}
