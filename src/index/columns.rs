//! The index's columns, read for everyone: one article's metadata from fast fields.
//!
//! Owns the names of the fast fields and how a document's values come back from them: its
//! article id, duplicate cluster (stored only when it joined another article's, else derived
//! from the id and content hash), date, source, site, path, passage count and file stamp.
//! Search, the views, the catalog and the duplicate clusterer all read through [`Columns`];
//! nothing here reads the document store or writes the index.

use super::catalog::Stamp;
use super::dedup::own_cluster;
use super::schema;
use chrono::NaiveDate;
use tantivy::columnar::{Column, StrColumn};
use tantivy::index::SegmentReader;
use tantivy::DocId;

/// The fast-field columns of one segment.
pub struct Columns {
    articles: Column<u64>,
    hashes: Column<u64>,
    clusters: Column<u64>,
    /// Day numbers of the articles' dates.
    pub dates: Column<i64>,
    passages: Column<u64>,
    sizes: Column<u64>,
    mtimes: Column<i64>,
    /// Sources as extracted (by ordinal, for counting without reading strings).
    pub sources: Option<StrColumn>,
    /// Sites as extracted (by ordinal).
    pub sites: Option<StrColumn>,
    paths: Option<StrColumn>,
}

impl Columns {
    /// Opens the columns of `segment`.
    pub fn open(segment: &SegmentReader) -> tantivy::Result<Columns> {
        Columns::open_with(segment, true)
    }

    /// Opens the numeric columns of `segment` only: paths, sources and sites read as none.
    /// Opening a string column reads its dictionary's index, which a reader of ids and dates
    /// (the duplicate clusterer, in every segment at every commit) never needs.
    pub fn open_numeric(segment: &SegmentReader) -> tantivy::Result<Columns> {
        Columns::open_with(segment, false)
    }

    fn open_with(segment: &SegmentReader, strings: bool) -> tantivy::Result<Columns> {
        let ff = segment.fast_fields();
        let str_column = |name: &str| match strings {
            true => ff.str(name),
            false => Ok(None),
        };
        Ok(Columns {
            articles: ff.u64("article")?,
            hashes: ff.u64("hash")?,
            clusters: ff.u64("cluster")?,
            dates: ff.i64("date")?,
            passages: ff.u64("passages")?,
            sizes: ff.u64("size")?,
            mtimes: ff.i64("mtime")?,
            sources: str_column("source")?,
            sites: str_column("site")?,
            paths: str_column("path")?,
        })
    }

    /// The article id of `doc`.
    pub fn article(&self, doc: DocId) -> Option<u64> {
        self.articles.first(doc)
    }

    /// The date (day number) of `doc`.
    pub fn date(&self, doc: DocId) -> Option<i64> {
        self.dates.first(doc)
    }

    /// The date of `doc`.
    pub fn day(&self, doc: DocId) -> Option<NaiveDate> {
        self.date(doc).and_then(schema::from_day_number)
    }

    /// The duplicate cluster of `doc`.
    pub fn cluster(&self, doc: DocId) -> Option<u64> {
        if let Some(c) = self.clusters.first(doc) {
            return Some(c);
        }
        Some(own_cluster(
            self.articles.first(doc)?,
            self.hashes.first(doc).unwrap_or(0),
        ))
    }

    /// The number of passages of `doc`.
    pub fn passages(&self, doc: DocId) -> u64 {
        self.passages.first(doc).unwrap_or(0)
    }

    /// The stamp of the file `doc` was read from.
    pub fn stamp(&self, doc: DocId) -> Stamp {
        Stamp {
            size: self.sizes.first(doc).unwrap_or(0),
            mtime: self.mtimes.first(doc).unwrap_or(0),
            hash: self.hashes.first(doc).unwrap_or(0),
        }
    }

    /// The file path of `doc`.
    pub fn path(&self, doc: DocId) -> tantivy::Result<Option<String>> {
        first_str(self.paths.as_ref(), doc)
    }

    /// The source of `doc`.
    pub fn source(&self, doc: DocId) -> tantivy::Result<Option<String>> {
        first_str(self.sources.as_ref(), doc)
    }

    /// The site of `doc`.
    pub fn site(&self, doc: DocId) -> tantivy::Result<Option<String>> {
        first_str(self.sites.as_ref(), doc)
    }
}

/// The first value of a string column for `doc`.
fn first_str(column: Option<&StrColumn>, doc: DocId) -> tantivy::Result<Option<String>> {
    let Some(column) = column else {
        return Ok(None);
    };
    let Some(ord) = column.term_ords(doc).next() else {
        return Ok(None);
    };
    let mut out = String::new();
    column.ord_to_str(ord, &mut out)?;
    Ok(Some(out))
}
