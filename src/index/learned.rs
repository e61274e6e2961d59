//! The boilerplate lines an indexing run learned across the corpus, as the index records them.
//!
//! Owns one file beside tantivy's, `boilerplate-DIGEST.keys` (the learned lines' keys, sorted,
//! little-endian), and the commit payload's word for which of these files the committed
//! articles were extracted with. The file is written whole before the commit that names it,
//! so a reader of a commit always finds its set; files no commit names are removed after.
//! A missing or unreadable set reads as empty, which can only make a later run re-read more
//! pages, never fewer. It knows nothing of how lines are learned ([`crate::extract::corpus`]).

use crate::extract::corpus::CorpusStats;
use std::io::Write;
use std::path::{Path, PathBuf};

const PREFIX: &str = "boilerplate-";
const SUFFIX: &str = ".keys";

/// The digest that names a learned set: the hash of its sorted keys.
pub fn digest(set: &CorpusStats) -> u64 {
    xxhash_rust::xxh3::xxh3_64(&bytes(set))
}

fn bytes(set: &CorpusStats) -> Vec<u8> {
    set.keys().iter().flat_map(|k| k.to_le_bytes()).collect()
}

fn path(dir: &Path, digest: u64) -> PathBuf {
    dir.join(format!("{PREFIX}{digest:016x}{SUFFIX}"))
}

/// Whether `name` is one of these files (a rebuild removes them with tantivy's).
pub fn is_learned_file(name: &str) -> bool {
    name.starts_with(PREFIX) && name.ends_with(SUFFIX)
}

/// The set the committed articles were extracted with: the one the payload names, or empty.
pub fn read(dir: &Path, recorded: Option<u64>) -> CorpusStats {
    let Some(digest) = recorded else {
        return CorpusStats::default();
    };
    let Ok(bytes) = std::fs::read(path(dir, digest)) else {
        return CorpusStats::default();
    };
    let keys = bytes
        .chunks_exact(8)
        .map(|c| u64::from_le_bytes(c.try_into().expect("chunks of 8")));
    let set = CorpusStats::from_keys(keys);
    if self::digest(&set) == digest {
        set
    } else {
        CorpusStats::default()
    }
}

/// Writes `set` durably beside the index, for a commit to name; returns its digest.
pub fn write(dir: &Path, set: &CorpusStats) -> anyhow::Result<u64> {
    use anyhow::Context;
    let digest = digest(set);
    let target = path(dir, digest);
    let partial = dir.join(format!("{PREFIX}{digest:016x}.partial"));
    let write = || -> std::io::Result<()> {
        let mut f = std::fs::File::create(&partial)?;
        f.write_all(&bytes(set))?;
        f.sync_all()?;
        std::fs::rename(&partial, &target)
    };
    write().with_context(|| format!("cannot write {}", target.display()))?;
    Ok(digest)
}

/// Removes the learned sets no commit names any more (all but `keep`). Failing to is harmless.
pub fn prune(dir: &Path, keep: Option<u64>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let kept = keep.map(|d| path(dir, d));
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        let stale = (is_learned_file(&name) && Some(e.path()) != kept)
            || (name.starts_with(PREFIX) && name.ends_with(".partial"));
        if stale {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_round_trips_and_a_damaged_one_reads_empty() {
        let dir = tempfile::tempdir().unwrap();
        let set = CorpusStats::from_keys([3, 1, u64::MAX]);
        let d = write(dir.path(), &set).unwrap();
        assert_eq!(read(dir.path(), Some(d)).keys(), set.keys());
        assert!(read(dir.path(), None).is_empty());
        assert!(read(dir.path(), Some(d ^ 1)).is_empty());
        std::fs::write(path(dir.path(), d), [1u8, 2, 3]).unwrap();
        assert!(read(dir.path(), Some(d)).is_empty());
        let other = write(dir.path(), &CorpusStats::from_keys([7])).unwrap();
        prune(dir.path(), Some(other));
        assert!(!path(dir.path(), d).exists() && path(dir.path(), other).exists());
    }
}
