//! Test harness: a temp dir with copies of fixtures, and the built `dateline` binary run in it
//! with a clean environment.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A temporary working directory for one test.
pub struct Dir {
    pub tmp: tempfile::TempDir,
}

/// The repository root (where Cargo.toml is).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shared corpora and eval sets: `$DATELINE_SHARED`, else `../shared` beside the
/// repository.
pub fn shared() -> PathBuf {
    std::env::var_os("DATELINE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("..").join("shared"))
}

/// True when a test that reads [`shared`] must be skipped: it is not there and `CI` is unset
/// (a clone on its own still runs every other test). The first test to skip says why, once.
/// Under `CI` a missing directory fails the test instead, so CI runs them all.
pub fn skip_without_shared() -> bool {
    let dir = shared();
    if dir.join("corpora").is_dir() && dir.join("eval").is_dir() {
        return false;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI is set but {} holds no corpora/ and eval/: check out the shared data beside the repository or set DATELINE_SHARED",
        dir.display()
    );
    static SAID: std::sync::Once = std::sync::Once::new();
    // Written to the process's stderr itself: the harness captures `eprintln!` of passing
    // tests, and this must be seen.
    SAID.call_once(|| {
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "skipping the tests that read the BBC and Reuters-21578 corpora and the eval sets: {} is not there (set DATELINE_SHARED to where they are)",
            dir.display()
        );
    });
    true
}

impl Dir {
    pub fn new() -> Dir {
        Dir {
            tmp: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.tmp.path()
    }

    /// A directory `name` holding copies of the repository's seeds.
    pub fn with_seeds(name: &str) -> Dir {
        let d = Dir::new();
        let dest = d.path().join(name);
        std::fs::create_dir_all(&dest).unwrap();
        for e in std::fs::read_dir(repo().join("seeds")).unwrap() {
            let e = e.unwrap();
            std::fs::copy(e.path(), dest.join(e.file_name())).unwrap();
        }
        d
    }

    /// Copies the repository's seed page `seed` to `rel` under this directory.
    pub fn copy_seed(&self, seed: &str, rel: &str) -> PathBuf {
        let contents = std::fs::read(repo().join("seeds").join(seed)).unwrap();
        self.write(rel, contents)
    }

    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, contents).unwrap();
        p
    }

    /// Runs `dateline ARGS` in this directory with no DATELINE_* or colour variables set.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with(args, &[])
    }

    /// [`Dir::run`] with extra environment variables.
    pub fn run_with(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_dateline"))
            .args(args)
            .envs(env.iter().copied())
            .current_dir(self.path())
            .env_remove("DATELINE_INDEX")
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .output()
            .expect("run dateline");
        Run { output }
    }

    /// Runs a search with `--json` and parses the result.
    /// The JSON a command prints; it must succeed or find nothing (exit 0 or 1).
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let r = self.run(args);
        assert!(r.code() <= 1, "{args:?}: {}", r.stderr());
        serde_json::from_str(&r.stdout())
            .unwrap_or_else(|e| panic!("{args:?}: {e}: {}", r.stdout()))
    }

    pub fn search_json(&self, args: &[&str]) -> serde_json::Value {
        let mut all = vec!["search", "--json"];
        all.extend_from_slice(args);
        let r = self.run(&all);
        assert!(r.code() <= 1, "search failed: {}", r.stderr());
        serde_json::from_str(&r.stdout()).expect("search --json prints JSON")
    }
}

/// A finished run of the binary.
pub struct Run {
    pub output: Output,
}

impl Run {
    /// The exit code; a death by a signal (a crash) fails the test here, so that no check such
    /// as `code() <= 2` can pass on one.
    pub fn code(&self) -> i32 {
        use std::os::unix::process::ExitStatusExt;
        match self.output.status.code() {
            Some(code) => code,
            None => panic!(
                "dateline died by signal {:?}: {}",
                self.output.status.signal(),
                self.stderr()
            ),
        }
    }
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }
}

/// The seed numbers ("000", ...) of the hits' files, in order.
pub fn seed_ids(results: &serde_json::Value) -> Vec<String> {
    hit_files(results)
        .into_iter()
        .map(|f| f[..3].to_owned())
        .collect()
}

/// The file names (last path component) of a search's hits, in order.
pub fn hit_files(results: &serde_json::Value) -> Vec<String> {
    results["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            let path = h["path"].as_str().unwrap();
            path.rsplit('/').next().unwrap().to_owned()
        })
        .collect()
}

/// An HTTP client that reports error statuses as answers, not failures.
pub fn http() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

/// A running `dateline serve`, stopped when dropped.
pub struct Server {
    child: std::process::Child,
    /// `http://127.0.0.1:PORT/`.
    pub url: String,
}

impl Server {
    /// Starts `dateline serve --bind 127.0.0.1:0 ARGS` in `d` and waits for its
    /// `serving … at URL` line.
    pub fn start(d: &Dir, args: &[&str]) -> Server {
        use std::io::BufRead;
        let mut child = Command::new(env!("CARGO_BIN_EXE_dateline"))
            .arg("serve")
            .args(["--bind", "127.0.0.1:0"])
            .args(args)
            .current_dir(d.path())
            .env_remove("DATELINE_INDEX")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start dateline serve");
        let stdout = child.stdout.take().unwrap();
        let mut line = String::new();
        std::io::BufReader::new(stdout)
            .read_line(&mut line)
            .unwrap();
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no URL in {line:?}"))
            .to_owned();
        Server { child, url }
    }

    /// GETs `path` (relative to the server's root): status, content type and body.
    pub fn get(&self, path: &str) -> (u16, String, String) {
        let mut r = http()
            .get(&format!("{}{}", self.url, path.trim_start_matches('/')))
            .call()
            .unwrap();
        let kind = r
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default();
        let status = r.status().as_u16();
        (status, kind, r.body_mut().read_to_string().unwrap())
    }

    /// GETs a JSON answer, asserting its status.
    pub fn json(&self, path: &str, status: u16) -> serde_json::Value {
        let (got, kind, body) = self.get(path);
        assert_eq!(got, status, "{path}: {body}");
        assert!(kind.starts_with("application/json"), "{path}: {kind}");
        serde_json::from_str(&body).unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
#[should_panic(expected = "died by signal Some(11)")]
fn a_run_killed_by_a_signal_fails_the_test() {
    use std::os::unix::process::ExitStatusExt;
    let run = Run {
        output: Output {
            status: std::process::ExitStatus::from_raw(11),
            stdout: Vec::new(),
            stderr: Vec::new(),
        },
    };
    let _ = run.code() <= 2;
}
