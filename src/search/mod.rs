//! Search and ranking: from a query and filters to ranked, highlighted passages.
//!
//! Owns the search request (query, filters, order, limits), the collector of matching
//! articles (one document each, counted exactly), duplicate clusters and the orders (relevance,
//! newest, oldest, undated last; [`rank`]), the passages shown, chosen at query time
//! ([`passages`]), and highlight ranges. It reads the index through [`crate::index::open`] and never writes
//! it; it knows nothing of file formats or terminals.

pub mod expand;
pub mod names;
pub mod query;
pub mod scripts;
pub mod variants;
pub mod views;

mod collector;
mod passages;
mod rank;

use crate::error::Error;
use crate::index::schema::{self, Fields};
use crate::index::{analyzer, Opened};
use chrono::NaiveDate;
use collector::MatchCollector;
use passages::Scorer;
use rank::{collapse, every_copy, rank};
use serde::Serialize;
use std::ops::{Bound, Range};
use tantivy::collector::{Collector, Count};
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{Searcher, Term};

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
    /// Stories to pass over before listing (the next page of results).
    pub offset: usize,
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
    /// Match words only as spelled, without their spelling variants or other scripts.
    pub exact: bool,
    /// Match only spellings in this script (digits in any); `None` matches every script.
    pub script: Option<scripts::Script>,
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
    /// The article's id: [`crate::index::schema::article_id`] of its path, 16 hex digits (the
    /// web API's `/api/article/{id}`).
    pub id: String,
    /// The passage text.
    pub passage: String,
    /// The article's relevance: its BM25 score (title and whole body) blended with its best
    /// passage's score; the same for every passage of one article.
    pub score: f32,
    /// The passage's own query-time score (BM25 over its words, and their closeness).
    pub passage_score: f32,
    /// Position of the passage in its article, from 0.
    pub passage_index: u64,
    /// The query's words (analysed, as typed) that this passage holds, itself or under a
    /// variant spelling; fewer than `query_words` when no passage of the article holds them
    /// all.
    pub matched_words: Vec<String>,
    /// Other matching copies of the same story (near-duplicate articles), by path; empty
    /// with `all`.
    pub also_in: Vec<String>,
    /// The paths of `also_in` with each copy's source, site and date.
    pub copies: Vec<Copy>,
    /// The highlighted words of `passage`, as `[start, end)` offsets in UTF-16 code units
    /// (what a browser's string functions count).
    pub marks: Vec<[usize; 2]>,
    /// The highlighted words of `title`, likewise.
    pub title_marks: Vec<[usize; 2]>,
    /// Byte ranges of `passage` to highlight.
    #[serde(skip)]
    pub highlights: Vec<Range<usize>>,
    /// Byte ranges of `title` to highlight.
    #[serde(skip)]
    pub title_highlights: Vec<Range<usize>>,
}

/// Another matching copy of a story.
#[derive(Debug, Clone, Serialize)]
pub struct Copy {
    /// Its article id.
    pub id: String,
    /// Its file.
    pub path: String,
    /// Its source.
    pub source: Option<String>,
    /// Its site.
    pub site: Option<String>,
    /// Its date, `YYYY-MM-DD`.
    pub date: Option<String>,
}

/// Byte ranges of `text` as `[start, end)` offsets in UTF-16 code units.
pub fn utf16_marks(text: &str, ranges: &[Range<usize>]) -> Vec<[usize; 2]> {
    let at = |byte: usize| text[..byte].encode_utf16().count();
    ranges.iter().map(|r| [at(r.start), at(r.end)]).collect()
}

/// An article id as shown: 16 hex digits.
pub fn id_text(id: u64) -> String {
    format!("{id:016x}")
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
    /// The query's positive words, analysed, as typed (phrases word by word).
    pub query_words: Vec<String>,
    /// Where the time went (not part of the JSON).
    #[serde(skip)]
    pub timings: Timings,
}

/// Time spent in each phase of a search.
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    /// Compiling the query, matching, collecting every matching article, folding copies.
    pub matching: std::time::Duration,
    /// Ordering the stories, reading the shown articles and choosing their passages.
    pub passages: std::time::Duration,
}

impl Timings {
    /// Both phases.
    pub fn total(&self) -> std::time::Duration {
        self.matching + self.passages
    }
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
    let started = std::time::Instant::now();
    let searcher = opened.reader.searcher();
    let compiled = compile(&searcher, &opened.fields, request)?;
    let (mut results, _) = run(&searcher, &opened.fields, request, compiled, Count)?;
    results.timings.matching += started.elapsed() - results.timings.total();
    Ok(results)
}

/// Runs a compiled query with the request's filters; `also` collects over the same matches
/// in the same pass (the facts of the views).
pub(crate) fn run<C: Collector>(
    searcher: &Searcher,
    fields: &Fields,
    request: &Request,
    compiled: query::Compiled,
    also: C,
) -> Result<(Results, C::Fruit), anyhow::Error> {
    let started = std::time::Instant::now();
    let full = with_filters(compiled.query, compiled.excluded, request, fields);
    let (matches, fruit) = searcher.search(&full, &(MatchCollector, also))?;
    let articles = matches.len();
    let stories = if request.all {
        every_copy(matches)
    } else {
        collapse(matches, request.order)
    };
    let total = stories.len();
    let matched = std::time::Instant::now();
    let scorer = Scorer::new(searcher, fields.text, &compiled.words);
    let per_article = request.per_article.max(1);
    let shown = rank(searcher, fields, &scorer, stories, request, per_article)?;
    let mut hits = Vec::new();
    for (story, loaded) in shown {
        hits.extend(loaded.into_hits(story.score, &compiled.highlight));
    }
    let variants = variant_uses(compiled.variants, &hits);
    let timings = Timings {
        matching: matched - started,
        passages: matched.elapsed(),
    };
    let results = Results {
        timings,
        query: request.query.clone(),
        total,
        articles,
        hits,
        variants,
        query_words: compiled.words.iter().map(|w| w[0].clone()).collect(),
    };
    Ok((results, fruit))
}

/// Which of each word's variants the shown passages and titles contain.
fn variant_uses(variants: Vec<(String, Vec<String>)>, hits: &[Hit]) -> Vec<VariantUse> {
    if variants.is_empty() {
        return Vec::new();
    }
    let shown = highlighted_terms(hits);
    variants
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
        .collect()
}

/// Compiles the request's query; unless it asks for exact spellings, each word is also
/// looked for under its spelling variants and other scripts' spellings that occur in the
/// index ([`expand`]).
pub fn compile(
    searcher: &Searcher,
    fields: &Fields,
    request: &Request,
) -> Result<query::Compiled, Error> {
    let spellings = expand::Spellings::new(searcher, fields, request.exact, request.script);
    compile_with(&spellings, fields, &request.query)
}

/// Compiles `query` with the spellings `spellings` finds.
pub fn compile_with(
    spellings: &expand::Spellings,
    fields: &Fields,
    query: &str,
) -> Result<query::Compiled, Error> {
    query::compile(query, fields, &|t, name| spellings.of(t, name))
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

/// Adds the exclusions, and the source, site and date filters as non-scoring clauses.
fn with_filters(
    text: Box<dyn Query>,
    excluded: Option<Box<dyn Query>>,
    request: &Request,
    f: &Fields,
) -> Box<dyn Query> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text)];
    clauses.extend(excluded.map(|q| (Occur::MustNot, q)));
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
