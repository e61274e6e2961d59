//! Killing `dateline index` with SIGKILL at any moment leaves an index that opens, answers
//! from its last commit and holds every article whole or not at all; re-running finishes
//! the job and equals a clean build. Symbolic link trouble is skipped, not fatal.

use crate::util::{shared, Dir};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

/// Passages per article path in the index at `dir` (empty when there is no index yet); an
/// article indexed twice would count its passages twice.
fn passages_per_article(dir: &Path) -> BTreeMap<String, u64> {
    let mut out = BTreeMap::new();
    let Ok(opened) = dateline::index::open(dir) else {
        return out;
    };
    for segment in opened.reader.searcher().segment_readers() {
        let columns = dateline::index::columns::Columns::open(segment).unwrap();
        for doc in segment.doc_ids_alive() {
            let path = columns.path(doc).unwrap().unwrap();
            *out.entry(path).or_default() += columns.passages(doc);
        }
    }
    out
}

/// The opstamp of the last commit of the index at `dir` (`None` before the first, or while
/// `meta.json` is being replaced).
fn commit_stamp(dir: &Path) -> Option<u64> {
    let text = std::fs::read_to_string(dir.join("meta.json")).ok()?;
    serde_json::from_str::<serde_json::Value>(&text).ok()?["opstamp"].as_u64()
}

/// Waits until the index at `dir` has a commit newer than `before`, written by `child`.
fn until_committed(child: &mut std::process::Child, dir: &Path, before: Option<u64>) {
    let started = std::time::Instant::now();
    while commit_stamp(dir).is_none_or(|now| Some(now) == before) {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the run ended before a commit was seen"
        );
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no commit seen in 60 s"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Starts `dateline ARGS` in `d`, its output thrown away (`quiet`) or kept for reading.
fn spawn(d: &Dir, args: &[&str], quiet: bool) -> std::process::Child {
    let stdio = || {
        if quiet {
            std::process::Stdio::null()
        } else {
            std::process::Stdio::piped()
        }
    };
    std::process::Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args(args)
        .current_dir(d.path())
        .stdout(stdio())
        .stderr(stdio())
        .spawn()
        .unwrap()
}

fn corpus(d: &Dir, files: usize) {
    let bbc = shared().join("corpora/bbc");
    let mut n = 0;
    for section in ["business", "politics", "tech", "sport", "entertainment"] {
        for e in std::fs::read_dir(bbc.join(section)).unwrap() {
            if n == files {
                return;
            }
            let p = e.unwrap().path();
            std::fs::copy(
                &p,
                d.path().join(format!(
                    "pages/{section}-{}",
                    p.file_name().unwrap().to_string_lossy()
                )),
            )
            .unwrap();
            n += 1;
        }
    }
}

#[test]
fn sigkill_at_any_moment_loses_nothing_committed() {
    if crate::util::skip_without_shared() {
        return;
    }
    let d = Dir::new();
    std::fs::create_dir_all(d.path().join("pages")).unwrap();
    corpus(&d, 2225);
    assert_eq!(d.run(&["index", "pages", "--index", "clean"]).code(), 0);
    let clean = passages_per_article(&d.path().join("clean"));
    assert_eq!(clean.len(), 2225);

    // The first kill lands at once (before any commit); each of the others right after the
    // run is seen to commit a batch, so it falls between two commits of a resumed run.
    let mut partial = 0;
    for round in 0..4 {
        let args = [
            "index",
            "pages",
            "--index",
            "killed",
            "--commit-every",
            "100",
        ];
        let before = commit_stamp(&d.path().join("killed"));
        let mut child = spawn(&d, &args, true);
        if round > 0 {
            until_committed(&mut child, &d.path().join("killed"), before);
        }
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        let now = passages_per_article(&d.path().join("killed"));
        partial += usize::from(!now.is_empty() && now.len() < clean.len());
        for (path, count) in &now {
            assert_eq!(
                Some(count),
                clean.get(path),
                "{path} whole after kill {round}"
            );
        }
        if d.path().join("killed/meta.json").exists() {
            let r = d.run(&["search", "--index", "killed", "government"]);
            assert!(
                r.code() <= 1,
                "index answers after kill {round}: {}",
                r.stderr()
            );
        }
    }
    assert!(partial > 0, "at least one kill landed between commits");
    let r = d.run(&["index", "pages", "--index", "killed"]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    assert_eq!(passages_per_article(&d.path().join("killed")), clean);
}

#[cfg(unix)]
#[test]
fn ctrl_c_commits_what_is_done_and_says_so() {
    if crate::util::skip_without_shared() {
        return;
    }
    let d = Dir::new();
    std::fs::create_dir_all(d.path().join("pages")).unwrap();
    corpus(&d, 2225);
    let child = spawn(&d, &["index", "pages", "--commit-every", "100"], false);
    // Wait until a first batch is committed (a segment store file exists), then interrupt.
    let started = std::time::Instant::now();
    let has_segment = || {
        std::fs::read_dir(d.path().join("index")).is_ok_and(|mut it| {
            it.any(|e| e.is_ok_and(|e| e.path().extension().is_some_and(|x| x == "store")))
        })
    };
    while !has_segment() && started.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(20));
    }
    let sent = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{stderr}");
    assert!(
        stderr.contains("interrupted") && stderr.contains("run `dateline index` again"),
        "{stderr}"
    );
    let partial = passages_per_article(&d.path().join("index"));
    assert!(
        !partial.is_empty() && partial.len() < 2225,
        "{} articles",
        partial.len()
    );
    let r = d.run(&["index", "pages"]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    assert!(
        r.stdout().contains(&format!("unchanged {}", partial.len())),
        "{}",
        r.stdout()
    );
    assert_eq!(passages_per_article(&d.path().join("index")).len(), 2225);
}

#[cfg(unix)]
#[test]
fn broken_links_and_link_loops_are_skipped() {
    let d = Dir::with_seeds("pages");
    std::os::unix::fs::symlink("nowhere.txt", d.path().join("pages/broken.txt")).unwrap();
    std::fs::create_dir_all(d.path().join("pages/sub")).unwrap();
    std::os::unix::fs::symlink("..", d.path().join("pages/sub/loop")).unwrap();
    let r = d.run(&["index", "pages"]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    assert!(r.stdout().contains("indexed 3 articles"), "{}", r.stdout());
    assert_eq!(d.search_json(&["Lavrov"])["total"], 2);
}

#[cfg(unix)]
#[test]
fn links_are_followed_and_each_target_indexed_once() {
    let d = Dir::with_seeds("pages");
    let outside = d.path().join("elsewhere");
    std::fs::create_dir_all(outside.join("dir")).unwrap();
    let seed = std::fs::read_dir(d.path().join("pages"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains("000_"))
        .unwrap();
    let text = std::fs::read_to_string(&seed).unwrap();
    // A file and a directory outside the indexed directory, each linked from inside it; the
    // file linked twice; a seed inside it linked too.
    std::fs::write(
        outside.join("far.txt"),
        text.replace("Lavrov", "Shoigu").replace("000", "far"),
    )
    .unwrap();
    std::fs::write(
        outside.join("dir/deep.txt"),
        text.replace("Lavrov", "Gerasimov"),
    )
    .unwrap();
    let link = |target: &std::path::Path, name: &str| {
        std::os::unix::fs::symlink(target, d.path().join("pages").join(name)).unwrap()
    };
    link(&outside.join("far.txt"), "far.txt");
    link(&outside.join("far.txt"), "far-again.txt");
    link(&outside.join("dir"), "linked-dir");
    link(&seed, "seed-again.txt");
    let r = d.run(&["index", "pages"]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    assert!(r.stdout().contains("indexed 5 articles"), "{}", r.stdout());
    assert_eq!(d.search_json(&["Shoigu"])["total"], 1);
    assert_eq!(d.search_json(&["Gerasimov"])["total"], 1);
}

#[cfg(unix)]
#[test]
fn file_names_that_are_not_utf8_are_indexed() {
    use std::os::unix::ffi::OsStrExt;
    let d = Dir::with_seeds("pages");
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9-story.txt");
    std::fs::copy(
        d.path().join("pages/001_f9021680b6dcf0fa.txt"),
        d.path().join("pages").join(name),
    )
    .unwrap();
    let r = d.run(&["index", "pages"]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    assert_eq!(d.search_json(&["Lavrov", "--all"])["total"], 3);
}

#[test]
fn search_answers_from_the_last_commit_while_indexing_runs() {
    if crate::util::skip_without_shared() {
        return;
    }
    let d = Dir::new();
    std::fs::create_dir_all(d.path().join("pages")).unwrap();
    corpus(&d, 2225);
    let mut child = spawn(&d, &["index", "pages", "--commit-every", "100"], true);
    let mut seen: Vec<u64> = Vec::new();
    while child.try_wait().unwrap().is_none() {
        let r = d.run(&["search", "government", "--all", "--json", "--limit", "1"]);
        match r.code() {
            // Before the first commit there is no index yet; a query then says so.
            2 => assert!(r.stderr().contains("no index"), "{}", r.stderr()),
            0 | 1 => {
                let total = if r.code() == 0 {
                    serde_json::from_str::<serde_json::Value>(&r.stdout()).unwrap()["total"]
                        .as_u64()
                        .unwrap()
                } else {
                    0
                };
                seen.push(total);
            }
            code => panic!("search exited {code} during indexing: {}", r.stderr()),
        }
    }
    assert!(child.wait().unwrap().success());
    let last = d.search_json(&["government", "--all"])["total"]
        .as_u64()
        .unwrap();
    assert!(
        seen.windows(2).all(|w| w[0] <= w[1]),
        "commits only add: {seen:?}"
    );
    assert!(
        seen.iter().any(|&n| n > 0 && n < last),
        "a search saw a partial index ({seen:?} before {last})"
    );
}
