//! Where extracted articles go: the [`Sink`] trait, and the tantivy index as one.
//!
//! Owns turning an [`Article`] into index operations (delete the old document when the article
//! is re-indexed, then add its one document, in one batch, so an article is never absent
//! after a commit), the near-duplicate cluster it joins, commits with the format version and
//! the learned boilerplate's record ([`super::learned`]), and removing articles whose files
//! are gone. The pipeline knows nothing of tantivy; an export or
//! another engine would be another `Sink`.

use super::catalog::Stamp;
use super::cluster::Clusterer;
use super::dedup;
use super::learned;
use super::schema::{self, Fields};
use crate::extract::corpus::CorpusStats;
use crate::extract::Article;
use std::path::{Path, PathBuf};
use tantivy::indexer::UserOperation;
use tantivy::{Index, IndexWriter, TantivyDocument, Term};

/// One article as the pipeline hands it over.
pub struct Extracted {
    /// [`schema::article_id`] of the path.
    pub id: u64,
    /// The cleaned article.
    pub article: Article,
    /// The file's stamp when read.
    pub stamp: Stamp,
    /// Near-duplicate fingerprint keys (none for a text too short to fingerprint).
    pub keys: Option<Box<[u64; dedup::KEYS]>>,
}

/// Where extracted articles go.
pub trait Sink {
    /// Adds one article, replacing what the sink holds for its path when `replaces`.
    fn put(&mut self, item: &Extracted, replaces: bool) -> anyhow::Result<()>;
    /// Makes everything put so far durable.
    fn commit(&mut self) -> anyhow::Result<()>;
}

/// The tantivy index as a sink: one writer thread, the near-duplicate clusterer beside it.
pub struct TantivySink {
    fields: Fields,
    dir: PathBuf,
    writer: IndexWriter,
    clusterer: Clusterer,
    /// The learned boilerplate the committed articles were extracted with: what every commit
    /// records until [`TantivySink::finish`] records a new set.
    boilerplate: Option<u64>,
}

impl TantivySink {
    /// Opens the writer on `index` (at `dir`) with a memory budget; `rebuild` empties it.
    pub fn new(
        index: &Index,
        dir: &Path,
        memory_bytes: usize,
        rebuild: bool,
    ) -> anyhow::Result<Self> {
        // One indexing thread: extraction already keeps every core busy, and each tantivy
        // thread builds its own in-memory segment with its own copy of every term (100k
        // articles on 2 cores, a commit per 10,000: peak 129 vs 188 MB with two threads, build
        // time within noise). With one thread, a commit per 5,000 articles makes segments of
        // 5,000 documents, small enough to merge (see MAX_DOCS_BEFORE_MERGE).
        let writer: IndexWriter = index
            .writer_with_num_threads(1, memory_bytes.max(15 << 20))
            .map_err(|e| busy_or(e, dir))?;
        writer.set_merge_policy(Box::new(merge_policy()));
        let fields = Fields::from_schema(&index.schema())?;
        let boilerplate = if rebuild {
            writer.delete_all_documents()?;
            None
        } else {
            schema::boilerplate_of(index.load_metas()?.payload.as_deref())
        };
        Ok(TantivySink {
            clusterer: Clusterer::new(&fields, dir)?,
            fields,
            dir: dir.to_path_buf(),
            writer,
            boilerplate,
        })
    }

    /// The learned boilerplate the committed articles were extracted with.
    pub fn recorded_boilerplate(&self) -> CorpusStats {
        learned::read(&self.dir, self.boilerplate)
    }

    /// Deletes the articles read from `paths` (whose files are gone); returns how many.
    pub fn remove(&self, paths: &[String]) -> usize {
        for path in paths {
            let term = Term::from_field_text(self.fields.path, path);
            self.writer.delete_term(term);
        }
        paths.len()
    }

    /// Commits what is pending, recording `learned` as the boilerplate every article is now
    /// extracted with (when the run learned anew and saw every file), and waits for merges.
    pub fn finish(mut self, learned: Option<&CorpusStats>) -> anyhow::Result<()> {
        if let Some(set) = learned {
            self.boilerplate = match set.is_empty() {
                true => None,
                false => Some(learned::write(&self.dir, set)?),
            };
        }
        commit(&mut self.writer, self.boilerplate)?;
        learned::prune(&self.dir, self.boilerplate);
        self.writer.wait_merging_threads()?;
        Ok(())
    }
}

impl Sink for TantivySink {
    fn put(&mut self, item: &Extracted, replaces: bool) -> anyhow::Result<()> {
        let Extracted {
            id,
            article,
            stamp,
            keys,
        } = item;
        let own = dedup::own_cluster(*id, stamp.hash);
        let cluster = match keys {
            Some(k) => {
                let date = article.date.map(schema::day_number);
                self.clusterer.assign(*id, own, date, k)?
            }
            None => own,
        };
        let dup = Dup {
            keys: keys.as_deref(),
            joined: (cluster != own).then_some(cluster),
        };
        let ops = operations(&self.fields, *id, article, stamp, &dup, replaces);
        self.writer.run(ops)?;
        Ok(())
    }

    fn commit(&mut self) -> anyhow::Result<()> {
        commit(&mut self.writer, self.boilerplate)?;
        self.clusterer.committed()?;
        Ok(())
    }
}

/// Segments (of articles) above this size are not merged further: a merge maps every page
/// of the segments it reads, so unbounded merges make peak memory grow with the corpus
/// (1.2 GB RSS at a million articles). Merged segments stay under ~8 times this.
pub(crate) const MAX_DOCS_BEFORE_MERGE: usize = 10_000;

fn merge_policy() -> tantivy::indexer::LogMergePolicy {
    let mut policy = tantivy::indexer::LogMergePolicy::default();
    policy.set_max_docs_before_merge(MAX_DOCS_BEFORE_MERGE);
    // Re-indexing deletes old documents; a segment that is a third deleted is merged anyway.
    policy.set_del_docs_ratio_before_merge(0.3);
    policy
}

pub(crate) fn busy_or(e: tantivy::TantivyError, dir: &Path) -> anyhow::Error {
    match e {
        tantivy::TantivyError::LockFailure(tantivy::directory::error::LockError::LockBusy, _) => {
            crate::error::Error::Busy(dir.to_path_buf()).into()
        }
        other => other.into(),
    }
}

fn commit(writer: &mut IndexWriter, boilerplate: Option<u64>) -> tantivy::Result<()> {
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(&schema::payload(boilerplate));
    prepared.commit()?;
    Ok(())
}

/// An article's near-duplicate data: its fingerprint keys and the cluster it joined, if any.
struct Dup<'a> {
    keys: Option<&'a [u64; dedup::KEYS]>,
    joined: Option<u64>,
}

/// Delete the article's old document (when the index holds it: a delete costs a term lookup
/// in every segment at commit, a million of them on a clean build), then add the new one, in
/// one batch.
fn operations(
    fields: &Fields,
    id: u64,
    article: &Article,
    stamp: &Stamp,
    dup: &Dup,
    replaces: bool,
) -> Vec<UserOperation> {
    let mut ops = Vec::with_capacity(2);
    if replaces {
        ops.push(UserOperation::Delete(Term::from_field_text(
            fields.path,
            &article.path,
        )));
    }
    ops.push(UserOperation::Add(document(
        fields, id, article, stamp, dup,
    )));
    ops
}

/// The article's one document: metadata, stamp, fingerprint, and each passage as a value of
/// the text field.
fn document(
    fields: &Fields,
    id: u64,
    article: &Article,
    stamp: &Stamp,
    dup: &Dup,
) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.path, &article.path);
    doc.add_u64(fields.article, id);
    doc.add_u64(fields.size, stamp.size);
    doc.add_i64(fields.mtime, stamp.mtime);
    doc.add_u64(fields.hash, stamp.hash);
    if let Some(title) = &article.title {
        doc.add_text(fields.headline, title);
        doc.add_text(fields.title, title);
    }
    for passage in &article.passages {
        doc.add_text(fields.text, passage);
    }
    doc.add_u64(fields.passages, article.passages.len() as u64);
    if let Some(date) = article.date {
        doc.add_i64(fields.date, schema::day_number(date));
    }
    if let Some(source) = &article.source {
        doc.add_text(fields.source, source);
        doc.add_text(fields.source_key, schema::source_key(source));
    }
    if let Some(site) = &article.site {
        doc.add_text(fields.site, site);
        doc.add_text(fields.site_key, schema::source_key(site));
    }
    if let Some(c) = dup.joined {
        doc.add_u64(fields.cluster, c);
    }
    for &k in dup.keys.into_iter().flatten() {
        doc.add_u64(fields.dupkey, k);
    }
    doc
}
