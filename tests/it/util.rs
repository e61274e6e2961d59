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

/// `../shared` beside the repository.
pub fn shared() -> PathBuf {
    repo().join("..").join("shared")
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
    pub fn code(&self) -> i32 {
        self.output.status.code().unwrap_or(-1)
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
    results["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            let path = h["path"].as_str().unwrap();
            Path::new(path).file_name().unwrap().to_string_lossy()[..3].to_owned()
        })
        .collect()
}
