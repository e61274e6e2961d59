//! The index schema: one tantivy document per article.
//!
//! The body is the `text` field with one value per passage: tantivy leaves a position gap
//! between values, so a phrase never matches across two passages, while the words of a query
//! may meet anywhere in the article. Passages are cut again at query time from the stored
//! values ([`crate::search`] ranks them). Stored (document store) is only what fast fields
//! cannot give back: the passages and the headline. Path, date, source, site, passage count,
//! the file's size, modification time and hash are fast fields. Nothing is scored but title
//! and text, so nothing else has field norms.
//!
//! Owns field names and options, the format version written into every commit, and the
//! conversions between an [`Article`](crate::extract::Article)'s metadata and field values
//! (dates as days since 1970-01-01, sources as a lower-cased key). Reading and writing
//! documents is for `writer` and `search`; this module only describes them.

use chrono::NaiveDate;
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, STORED,
};

/// Version of the on-disk layout; an index written with another version must be rebuilt.
pub const FORMAT_VERSION: u32 = 7;

/// Handles to every field of the schema.
#[derive(Debug, Clone)]
pub struct Fields {
    /// The article's file path (exact term to delete an article; fast field to list what is
    /// indexed).
    pub path: Field,
    /// Stable 64-bit id of the article (hash of the path); indexed, to find an article by id.
    pub article: Field,
    /// The headline, analysed; not stored.
    pub title: Field,
    /// The headline as shown, stored.
    pub headline: Field,
    /// The body, one value per passage in order, analysed with positions (phrases) and stored.
    pub text: Field,
    /// Publication date in days since 1970-01-01; absent when undated.
    pub date: Field,
    /// The source as extracted, for display (a fast field for per-source counts).
    pub source: Field,
    /// The source lower-cased, for exact filtering.
    pub source_key: Field,
    /// The site the page was saved from, for display and per-site counts.
    pub site: Field,
    /// The site lower-cased, for exact filtering.
    pub site_key: Field,
    /// Number of passages of the article.
    pub passages: Field,
    /// Size of the article's file when indexed.
    pub size: Field,
    /// Modification time of the article's file when indexed (ns since the epoch).
    pub mtime: Field,
    /// Content hash of the article's file when indexed.
    pub hash: Field,
    /// Near-duplicate fingerprint keys of the article.
    pub dupkey: Field,
    /// Duplicate cluster, stored only when the article joined another article's cluster
    /// (see [`super::dedup`]).
    pub cluster: Field,
}

impl Fields {
    /// Looks up the fields in `schema`.
    pub fn from_schema(schema: &Schema) -> tantivy::Result<Fields> {
        let f = |name| schema.get_field(name);
        Ok(Fields {
            path: f("path")?,
            article: f("article")?,
            title: f("title")?,
            headline: f("headline")?,
            text: f("text")?,
            date: f("date")?,
            source: f("source")?,
            source_key: f("source_key")?,
            site: f("site")?,
            site_key: f("site_key")?,
            passages: f("passages")?,
            size: f("size")?,
            mtime: f("mtime")?,
            hash: f("hash")?,
            dupkey: f("dupkey")?,
            cluster: f("cluster")?,
        })
    }
}

/// Builds the schema.
pub fn schema() -> Schema {
    let analyzed = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(super::analyzer::NAME)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let exact = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("raw")
                .set_index_option(IndexRecordOption::Basic)
                .set_fieldnorms(false),
        )
        .set_fast("raw");
    let fast = || NumericOptions::default().set_fast();
    let mut b = Schema::builder();
    b.add_text_field("path", exact.clone());
    b.add_u64_field("article", fast().set_indexed());
    b.add_text_field("title", analyzed.clone());
    b.add_text_field("headline", STORED);
    b.add_text_field("text", analyzed.set_stored());
    b.add_i64_field("date", fast().set_indexed());
    b.add_text_field("source", exact.clone());
    b.add_text_field("source_key", exact.clone());
    b.add_text_field("site", exact.clone());
    b.add_text_field("site_key", exact);
    b.add_u64_field("passages", fast());
    b.add_u64_field("size", fast());
    b.add_i64_field("mtime", fast());
    b.add_u64_field("hash", fast());
    b.add_u64_field("dupkey", NumericOptions::default().set_indexed());
    b.add_u64_field("cluster", fast());
    b.build()
}

/// The id of the article stored at `path`.
pub fn article_id(path: &str) -> u64 {
    hash64(path.as_bytes())
}

/// The first 8 bytes of the BLAKE3 hash of `bytes`: article ids and content stamps.
pub fn hash64(bytes: &[u8]) -> u64 {
    let hash = blake3::hash(bytes);
    u64::from_le_bytes(hash.as_bytes()[..8].try_into().expect("8 bytes"))
}

fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date")
}

/// A date as the stored day number.
pub fn day_number(date: NaiveDate) -> i64 {
    (date - epoch()).num_days()
}

/// A stored day number as a date.
pub fn from_day_number(days: i64) -> Option<NaiveDate> {
    epoch().checked_add_signed(chrono::TimeDelta::try_days(days)?)
}

/// The filter key of a source name: lower case, white space folded.
pub fn source_key(source: &str) -> String {
    source
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The commit payload: the format version, and the digest of the boilerplate lines the
/// committed articles were extracted with ([`super::learned`]), if any were recorded.
pub fn payload(boilerplate: Option<u64>) -> String {
    let mut p = serde_json::json!({ "dateline_format": FORMAT_VERSION });
    if let Some(d) = boilerplate {
        p["boilerplate"] = format!("{d:016x}").into();
    }
    p.to_string()
}

/// The format version recorded in a commit payload, if any.
pub fn version_of(payload: Option<&str>) -> Option<u32> {
    let value: serde_json::Value = serde_json::from_str(payload?).ok()?;
    value.get("dateline_format")?.as_u64()?.try_into().ok()
}

/// The learned boilerplate's digest recorded in a commit payload, if any.
pub fn boilerplate_of(payload: Option<&str>) -> Option<u64> {
    let value: serde_json::Value = serde_json::from_str(payload?).ok()?;
    u64::from_str_radix(value.get("boilerplate")?.as_str()?, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_round_trip() {
        let d = NaiveDate::from_ymd_opt(2025, 7, 3).unwrap();
        assert_eq!(from_day_number(day_number(d)), Some(d));
        assert_eq!(day_number(epoch()), 0);
        assert!(day_number(NaiveDate::from_ymd_opt(1987, 2, 26).unwrap()) > 0);
    }

    #[test]
    fn payload_round_trips() {
        assert_eq!(version_of(Some(&payload(None))), Some(FORMAT_VERSION));
        assert_eq!(boilerplate_of(Some(&payload(None))), None);
        let with = payload(Some(u64::MAX - 5));
        assert_eq!(version_of(Some(&with)), Some(FORMAT_VERSION));
        assert_eq!(boilerplate_of(Some(&with)), Some(u64::MAX - 5));
        assert_eq!(version_of(Some("garbage")), None);
        assert_eq!(version_of(None), None);
    }

    #[test]
    fn article_ids_are_stable() {
        assert_eq!(article_id("/a/b.txt"), article_id("/a/b.txt"));
        assert_ne!(article_id("/a/b.txt"), article_id("/a/c.txt"));
    }
}
