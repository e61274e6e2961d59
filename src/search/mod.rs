//! Search and ranking: from a query and filters to ranked, highlighted passages.
//!
//! Owns the search request (query, filters, order, limits), the collector that groups matching
//! passages by article (keeping each article's best `per_article` passages and counting
//! matching articles exactly), the orders (BM25 relevance, newest, oldest, undated last),
//! and highlight ranges. It reads the index through [`crate::index::open`] and never writes
//! it; it knows nothing of file formats or terminals.

pub mod query;
pub mod variants;
pub mod views;

mod collector;

use crate::error::Error;
use crate::index::schema::{self, Fields};
use crate::index::{analyzer, Opened};
use chrono::NaiveDate;
use collector::{ArticleGroup, GroupCollector};
use serde::Serialize;
use std::ops::{Bound, Range};
use tantivy::index::SegmentReader;
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, DocId, Searcher, TantivyDocument, Term};

/// Order of results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Order {
    /// Best BM25 score first.
    #[default]
    Relevance,
    /// Latest article date first; undated last.
    Newest,
    /// Earliest article date first; undated last.
    Oldest,
}

/// What to look for and how to list it.
#[derive(Debug, Clone)]
pub struct Request {
    /// The query as typed.
    pub query: String,
    /// Articles to list at most.
    pub limit: usize,
    /// Passages to show per article.
    pub per_article: usize,
    /// Order of the articles.
    pub order: Order,
    /// Keep only these sources (any case); empty keeps all.
    pub sources: Vec<String>,
    /// Keep only articles saved from these sites (any case); empty keeps all.
    pub sites: Vec<String>,
    /// Keep only articles dated on or after this day (excludes undated).
    pub since: Option<NaiveDate>,
    /// Keep only articles dated on or before this day (excludes undated).
    pub until: Option<NaiveDate>,
    /// Match words only as spelled, without their spelling variants.
    pub exact: bool,
    /// List every copy of a syndicated story as its own result, instead of each duplicate
    /// cluster once.
    pub all: bool,
}

/// One passage shown as a result.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// The article's file.
    pub path: String,
    /// The article's headline.
    pub title: Option<String>,
    /// The article's date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The article's source.
    pub source: Option<String>,
    /// The site the article's page was saved from.
    pub site: Option<String>,
    /// The passage text.
    pub passage: String,
    /// BM25 score of the passage (title matches included).
    pub score: f32,
    /// Position of the passage in its article, from 0.
    pub passage_index: u64,
    /// Other matching copies of the same story (near-duplicate articles), by path; empty
    /// with `all`.
    pub also_in: Vec<String>,
    /// Byte ranges of `passage` to highlight.
    #[serde(skip)]
    pub highlights: Vec<Range<usize>>,
    /// Byte ranges of `title` to highlight.
    #[serde(skip)]
    pub title_highlights: Vec<Range<usize>>,
}

/// The result of a search.
#[derive(Debug, Clone, Serialize)]
pub struct Results {
    /// The query as typed.
    pub query: String,
    /// Number of results before `limit`: matching stories (a syndicated story's copies
    /// count once), or matching articles with `all`.
    pub total: usize,
    /// Number of matching articles, every copy counted.
    pub articles: usize,
    /// The passages shown, article by article in the requested order.
    pub hits: Vec<Hit>,
    /// Query words that were also looked for under other spellings, and which of those
    /// spellings the shown passages contain.
    pub variants: Vec<VariantUse>,
}

/// A query word and the other spellings of it found in the results.
#[derive(Debug, Clone, Serialize)]
pub struct VariantUse {
    /// The word as analysed (lower case, ASCII-folded).
    pub word: String,
    /// Other spellings searched too (those the index holds), sorted.
    pub searched: Vec<String>,
    /// Those of `searched` that occur in the shown passages or titles.
    pub matched: Vec<String>,
}

/// Runs `request` against an open index.
pub fn search(opened: &Opened, request: &Request) -> Result<Results, anyhow::Error> {
    let fields = &opened.fields;
    let searcher = opened.reader.searcher();
    let compiled = compile(&searcher, fields, request)?;
    let full = with_filters(compiled.query, request, fields);
    let collector = GroupCollector {
        per_article: request.per_article.max(1),
    };
    let mut groups = searcher.search(&full, &collector)?;
    let drop = excluded_articles(&searcher, compiled.excluded.as_deref())?;
    groups.retain(|g| !drop.contains(&g.article));
    let articles = groups.len();
    let stories = if request.all {
        groups.into_iter().map(|g| (g, Vec::new())).collect()
    } else {
        collapse(groups, request.order)
    };
    let total = stories.len();
    let ranked = rank(stories, request.order, request.limit);
    let mut hits = Vec::new();
    for (group, copies) in ranked {
        let mut also_in = copies
            .iter()
            .filter_map(|c| c.passages.first())
            .map(|(_, address)| stored_path(&searcher, *address))
            .collect::<tantivy::Result<Vec<String>>>()?;
        also_in.sort();
        for (score, address) in group.passages {
            let mut hit = load_hit(&searcher, fields, address, score, &compiled.highlight)?;
            hit.also_in = also_in.clone();
            hits.push(hit);
        }
    }
    let shown = if compiled.variants.is_empty() {
        Default::default()
    } else {
        highlighted_terms(&hits)
    };
    let variants = compiled
        .variants
        .into_iter()
        .map(|(word, searched)| {
            let matched = searched
                .iter()
                .filter(|v| shown.contains(*v))
                .cloned()
                .collect();
            VariantUse {
                word,
                searched,
                matched,
            }
        })
        .collect();
    Ok(Results {
        query: request.query.clone(),
        total,
        articles,
        hits,
        variants,
    })
}

/// Compiles the request's query; unless it asks for exact spellings, each word is also
/// looked for under its spelling variants that occur in the index.
pub fn compile(
    searcher: &Searcher,
    fields: &Fields,
    request: &Request,
) -> Result<query::Compiled, Error> {
    if request.exact {
        return query::compile(&request.query, fields, &query::exact);
    }
    let in_index = |v: &String| {
        [fields.text, fields.title].iter().any(|&field| {
            searcher
                .doc_freq(&Term::from_field_text(field, v))
                .is_ok_and(|n| n > 0)
        })
    };
    let expand = |t: &str| -> Vec<String> {
        variants::of(t)
            .into_iter()
            .filter(|v| in_index(v))
            .collect()
    };
    query::compile(&request.query, fields, &expand)
}

/// The analysed forms of the words highlighted in `hits` (passages and titles).
fn highlighted_terms(hits: &[Hit]) -> std::collections::HashSet<String> {
    let words = |text: &str, ranges: &[Range<usize>]| -> Vec<String> {
        ranges
            .iter()
            .flat_map(|r| analyzer::tokens(&text[r.clone()]))
            .map(|(t, _)| t)
            .collect()
    };
    hits.iter()
        .flat_map(|h| {
            let mut w = words(&h.passage, &h.highlights);
            if let Some(title) = &h.title {
                w.extend(words(title, &h.title_highlights));
            }
            w
        })
        .collect()
}

/// Ids of the articles that a top-level exclusion (`-word`) drops whole.
fn excluded_articles(
    searcher: &Searcher,
    excluded: Option<&dyn Query>,
) -> tantivy::Result<std::collections::HashSet<u64>> {
    match excluded {
        Some(q) => searcher.search(q, &collector::ArticleIds),
        None => Ok(Default::default()),
    }
}

/// Adds the source, site and date filters as non-scoring clauses.
fn with_filters(text: Box<dyn Query>, request: &Request, f: &Fields) -> Box<dyn Query> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text)];
    for (names, field) in [
        (&request.sources, f.source_key),
        (&request.sites, f.site_key),
    ] {
        if names.is_empty() {
            continue;
        }
        let any: Vec<(Occur, Box<dyn Query>)> = names
            .iter()
            .map(|s| {
                let term = Term::from_field_text(field, &schema::source_key(s));
                let q: Box<dyn Query> = Box::new(TermQuery::new(term, IndexRecordOption::Basic));
                (Occur::Should, q)
            })
            .collect();
        clauses.push((Occur::Must, filter(Box::new(BooleanQuery::new(any)))));
    }
    if request.since.is_some() || request.until.is_some() {
        let bound = |d: Option<NaiveDate>, default: i64| {
            Bound::Included(Term::from_field_i64(
                f.date,
                d.map_or(default, schema::day_number),
            ))
        };
        let range = RangeQuery::new(
            bound(request.since, i64::MIN),
            bound(request.until, i64::MAX),
        );
        clauses.push((Occur::Must, filter(Box::new(range))));
    }
    if clauses.len() == 1 {
        return clauses.pop().expect("one clause").1;
    }
    Box::new(BooleanQuery::new(clauses))
}

fn filter(q: Box<dyn Query>) -> Box<dyn Query> {
    Box::new(ConstScoreQuery::new(q, 0.0))
}

/// A story: its best copy under the order, and the other matching copies.
type Story = (ArticleGroup, Vec<ArticleGroup>);

/// Groups articles by duplicate cluster; each cluster's first copy under `order` leads it.
fn collapse(groups: Vec<ArticleGroup>, order: Order) -> Vec<Story> {
    let mut clusters: std::collections::HashMap<u64, Vec<ArticleGroup>> = Default::default();
    for g in groups {
        clusters.entry(g.cluster).or_default().push(g);
    }
    clusters
        .into_values()
        .map(|mut copies| {
            copies.sort_by(|a, b| compare(a, b, order));
            let lead = copies.remove(0);
            (lead, copies)
        })
        .collect()
}

/// Orders the stories by their leading copies and keeps the first `limit`.
fn rank(mut stories: Vec<Story>, order: Order, limit: usize) -> Vec<Story> {
    stories.sort_by(|a, b| compare(&a.0, &b.0, order));
    stories.truncate(limit);
    stories
}

fn compare(a: &ArticleGroup, b: &ArticleGroup, order: Order) -> std::cmp::Ordering {
    let best = |g: &ArticleGroup| g.passages.first().map_or(0.0, |p| p.0);
    let by_score = best(b).total_cmp(&best(a)).then(a.article.cmp(&b.article));
    let undated_last = a.date.is_none().cmp(&b.date.is_none());
    match order {
        Order::Relevance => by_score,
        Order::Newest => undated_last.then(b.date.cmp(&a.date)).then(by_score),
        Order::Oldest => undated_last.then(a.date.cmp(&b.date)).then(by_score),
    }
}

/// An article's metadata as fast fields hold it, read for one of its passages.
struct DocMeta {
    path: String,
    date: Option<NaiveDate>,
    source: Option<String>,
    site: Option<String>,
    passage: u64,
}

fn doc_meta(searcher: &Searcher, address: DocAddress) -> tantivy::Result<DocMeta> {
    let segment = searcher.segment_reader(address.segment_ord);
    let ff = segment.fast_fields();
    let doc = address.doc_id;
    Ok(DocMeta {
        path: fast_str(segment, "path", doc)?.unwrap_or_default(),
        date: ff.i64("date")?.first(doc).and_then(schema::from_day_number),
        source: fast_str(segment, "source", doc)?,
        site: fast_str(segment, "site", doc)?,
        passage: ff.u64("passage")?.first(doc).unwrap_or(0),
    })
}

/// The headline stored on the first passage of the article at `path`.
fn headline(searcher: &Searcher, f: &Fields, path: &str) -> tantivy::Result<Option<String>> {
    let q = TermQuery::new(
        Term::from_field_text(f.path, path),
        IndexRecordOption::Basic,
    );
    for address in searcher.search(&q, &tantivy::collector::DocSetCollector)? {
        let doc: TantivyDocument = searcher.doc(address)?;
        if let Some(title) = doc.get_first(f.headline).and_then(|v| v.as_str()) {
            return Ok(Some(title.to_owned()).filter(|t| !t.is_empty()));
        }
    }
    Ok(None)
}

fn stored_path(searcher: &Searcher, address: DocAddress) -> tantivy::Result<String> {
    let segment = searcher.segment_reader(address.segment_ord);
    Ok(fast_str(segment, "path", address.doc_id)?.unwrap_or_default())
}

/// The value of a string fast field for `doc`.
fn fast_str(segment: &SegmentReader, name: &str, doc: DocId) -> tantivy::Result<Option<String>> {
    let Some(column) = segment.fast_fields().str(name)? else {
        return Ok(None);
    };
    let Some(ord) = column.term_ords(doc).next() else {
        return Ok(None);
    };
    let mut out = String::new();
    column.ord_to_str(ord, &mut out)?;
    Ok(Some(out))
}

fn load_hit(
    searcher: &Searcher,
    f: &Fields,
    address: DocAddress,
    score: f32,
    terms: &[String],
) -> tantivy::Result<Hit> {
    let doc: TantivyDocument = searcher.doc(address)?;
    let passage = doc
        .get_first(f.text)
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_owned();
    let meta = doc_meta(searcher, address)?;
    let title = match doc.get_first(f.headline).and_then(|v| v.as_str()) {
        Some(t) => Some(t.to_owned()).filter(|t| !t.is_empty()),
        None if meta.passage == 0 => None,
        None => headline(searcher, f, &meta.path)?,
    };
    Ok(Hit {
        highlights: highlight_ranges(&passage, terms),
        title_highlights: title
            .as_deref()
            .map(|t| highlight_ranges(t, terms))
            .unwrap_or_default(),
        title,
        date: meta.date.map(|d| d.format("%Y-%m-%d").to_string()),
        source: meta.source,
        site: meta.site,
        passage,
        score,
        passage_index: meta.passage,
        path: meta.path,
        also_in: Vec::new(),
    })
}

/// Byte ranges of the words of `text` whose analysed form is one of `terms`.
pub fn highlight_ranges(text: &str, terms: &[String]) -> Vec<Range<usize>> {
    analyzer::tokens(text)
        .into_iter()
        .filter(|(t, _)| terms.binary_search(t).is_ok())
        .map(|(_, r)| r)
        .collect()
}

/// Parses a `YYYY-MM-DD` filter value, naming the flag in the error.
pub fn parse_day(flag: &'static str, value: &str) -> Result<NaiveDate, Error> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").map_err(|_| Error::BadValue {
        flag,
        value: value.to_owned(),
        reason: "expected a date as YYYY-MM-DD".into(),
    })
}
