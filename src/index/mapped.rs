//! An index directory whose mapped files can be let go of between reads.
//!
//! Owns one thing: a tantivy [`Directory`] that maps segment files read-only (as tantivy's
//! own `MmapDirectory` does, which it wraps for everything but reading) and keeps the maps,
//! so that [`Mapped::release`] can drop the pages a run of lookups touched out of the
//! process's resident set (`MADV_DONTNEED`) without unmapping anything. Segment files never
//! change once written, so a released page comes back from the page cache on its next read.
//! It knows nothing of fields or articles; the near-duplicate clusterer decides when to
//! release.

use stable_deref_trait::StableDeref;
use std::collections::HashMap;
use std::fs::File;
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    DirectoryLock, FileHandle, Lock, MmapDirectory, OwnedBytes, WatchCallback, WatchHandle,
    WritePtr,
};
use tantivy::Directory;

/// A read-only map of one segment file, shared by every slice tantivy cuts from it.
#[derive(Clone)]
struct Map(Arc<memmap2::Mmap>);

impl Deref for Map {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.0
    }
}

// The bytes live in the mapping, which the `Arc` keeps at one address until the last clone
// is dropped: moving a `Map` never moves them.
unsafe impl StableDeref for Map {}

/// [`MmapDirectory`] for writing, locking and watching; maps of its own for reading.
#[derive(Clone)]
pub struct Mapped {
    inner: MmapDirectory,
    root: PathBuf,
    maps: Arc<Mutex<HashMap<PathBuf, Map>>>,
}

impl std::fmt::Debug for Mapped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Mapped({})", self.root.display())
    }
}

impl Mapped {
    /// The index directory `root`, opened for releasable reads.
    pub fn open(root: &Path) -> tantivy::Result<Mapped> {
        Ok(Mapped {
            inner: MmapDirectory::open(root)?,
            root: root.to_path_buf(),
            maps: Arc::default(),
        })
    }

    /// Drops every page read so far from the process's resident memory; the maps stay valid.
    pub fn release(&self) {
        let maps = self.maps.lock().unwrap_or_else(|e| e.into_inner());
        for map in maps.values() {
            // SAFETY: the maps are shared, read-only maps of files that are never written
            // again, so a dropped page reads back the same bytes from the file.
            let _ = unsafe { map.0.unchecked_advise(memmap2::UncheckedAdvice::DontNeed) };
        }
    }

    /// Forgets the maps of files whose name does not start with one of `segments` (segment
    /// ids as file names write them): files merged away, unmapped once no reader holds them.
    pub fn retain_segments(&self, segments: &std::collections::HashSet<String>) {
        let mut maps = self.maps.lock().unwrap_or_else(|e| e.into_inner());
        maps.retain(|path, _| {
            path.to_str()
                .and_then(|p| p.split('.').next())
                .is_some_and(|id| segments.contains(id))
        });
    }

    fn map(&self, path: &Path) -> Result<Option<Map>, OpenReadError> {
        let mut maps = self.maps.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(map) = maps.get(path) {
            return Ok(Some(map.clone()));
        }
        let full = self.root.join(path);
        let io = |e: std::io::Error| {
            if e.kind() == std::io::ErrorKind::NotFound {
                OpenReadError::FileDoesNotExist(full.clone())
            } else {
                OpenReadError::wrap_io_error(e, full.clone())
            }
        };
        let file = File::open(&full).map_err(io)?;
        if file.metadata().map_err(io)?.len() == 0 {
            // A zero-length file cannot be mapped.
            return Ok(None);
        }
        // SAFETY: segment files are written once, before any reader opens them, and never
        // truncated while a commit that lists them is open.
        let map = Map(Arc::new(unsafe { memmap2::Mmap::map(&file) }.map_err(io)?));
        maps.insert(path.to_path_buf(), map.clone());
        Ok(Some(map))
    }
}

impl Directory for Mapped {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        let bytes = self
            .map(path)?
            .map_or_else(OwnedBytes::empty, OwnedBytes::new);
        Ok(Arc::new(bytes))
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.maps
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(path);
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.inner.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> std::io::Result<()> {
        self.inner.atomic_write(path, data)
    }

    fn sync_directory(&self) -> std::io::Result<()> {
        self.inner.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        self.inner.acquire_lock(lock)
    }

    fn watch(&self, callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(callback)
    }
}

/// Reads how many pages of files mapped into this process are resident (Linux's
/// `/proc/self/statm`, kept open: one read a look).
pub struct Resident {
    statm: Option<File>,
}

impl Resident {
    /// Opens the count; where the system has none, every look says `None`.
    pub fn open() -> Resident {
        Resident {
            statm: File::open("/proc/self/statm").ok(),
        }
    }

    /// Resident pages of mapped files now.
    pub fn file_pages(&self) -> Option<u64> {
        use std::os::unix::fs::FileExt;
        let mut buf = [0u8; 128];
        let n = self.statm.as_ref()?.read_at(&mut buf, 0).ok()?;
        let text = std::str::from_utf8(&buf[..n]).ok()?;
        text.split_whitespace().nth(2)?.parse().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use tantivy::directory::TerminatingWrite;

    /// The resident kB of the mapping holding `at`, from `/proc/self/smaps`.
    #[cfg(target_os = "linux")]
    fn resident_kb(at: *const u8) -> Option<u64> {
        let at = at as usize;
        let smaps = std::fs::read_to_string("/proc/self/smaps").ok()?;
        let mut inside = false;
        for line in smaps.lines() {
            let head = line.split_whitespace().next().unwrap_or_default();
            if let Some((from, to)) = head.split_once('-') {
                if let (Ok(from), Ok(to)) = (
                    usize::from_str_radix(from, 16),
                    usize::from_str_radix(to, 16),
                ) {
                    inside = (from..to).contains(&at);
                    continue;
                }
            }
            if let Some(kb) = line.strip_prefix("Rss:").filter(|_| inside) {
                return kb.trim().trim_end_matches("kB").trim().parse().ok();
            }
        }
        None
    }

    #[test]
    fn released_pages_read_back_the_same_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let mapped = Mapped::open(dir.path()).unwrap();
        let data: Vec<u8> = (0..3 * 4096u32).map(|i| (i % 251) as u8).collect();
        let mut w = mapped.open_write(Path::new("a.idx")).unwrap();
        w.write_all(&data).unwrap();
        w.terminate().unwrap();
        let handle = mapped.get_file_handle(Path::new("a.idx")).unwrap();
        let bytes = handle.read_bytes(0..data.len()).unwrap();
        assert_eq!(bytes.as_slice(), &data[..]);
        #[cfg(target_os = "linux")]
        assert_eq!(resident_kb(bytes.as_slice().as_ptr()), Some(12));
        mapped.release();
        #[cfg(target_os = "linux")]
        {
            assert_eq!(resident_kb(bytes.as_slice().as_ptr()), Some(0));
            assert!(Resident::open().file_pages().is_some());
        }
        let again = handle.read_bytes(4000..9000).unwrap();
        assert_eq!(again.as_slice(), &data[4000..9000]);
        assert!(mapped.get_file_handle(Path::new("none.idx")).is_err());
    }
}
