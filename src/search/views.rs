//! Analyst views over articles: per-period counts (timeline), per-source counts (sources),
//! index totals (stats), one article as indexed (show).
//!
//! Owns counting articles: a collector gathers, for every matching article (one document
//! each), its date, source, site and duplicate cluster from fast fields (no stored-field
//! reads). By default the copies of one syndicated story count once ([`stories`]), as
//! `search` lists them, so the counts equal the `total` it reports for the same query,
//! filters and `--all`.
//! Reads the index only.

use super::{with_filters, Request};
use crate::index::columns::Columns;
use crate::index::schema::{self, Fields};
use crate::index::Opened;
use chrono::{Datelike, NaiveDate};
use rustc_hash::{FxHashMap as HashMap, FxHashSet};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::index::SegmentReader;
use tantivy::query::{AllQuery, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocId, Score, SegmentOrdinal, TantivyDocument, Term};

/// What is known of one article without reading its stored text.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    /// Publication date.
    pub date: Option<NaiveDate>,
    /// Source as extracted (shared: a million articles have a few hundred sources).
    pub source: Option<Arc<str>>,
    /// The site the page was saved from (shared likewise).
    pub site: Option<Arc<str>>,
    /// Duplicate cluster (copies of one story share it).
    pub cluster: u64,
}

/// One fact per story: of each duplicate cluster's copies, the earliest dated one (the
/// story's first appearance), or an undated one when none is dated.
pub fn stories(facts: Vec<Fact>) -> Vec<Fact> {
    fold_copies(
        facts,
        |f| (f.cluster, None),
        |f, kept| match (f.date, kept.date) {
            (Some(a), Some(b)) => a < b || (a == b && f.source < kept.source),
            (Some(_), None) => true,
            _ => false,
        },
    )
}

/// One fact per story and source: an outlet that carried a story twice counts it once;
/// different outlets carrying it each count it.
pub fn stories_per_source(facts: Vec<Fact>) -> Vec<Fact> {
    fold_copies(
        facts,
        |f| (f.cluster, f.source.clone()),
        |f, kept| f.date.is_some() && (kept.date.is_none() || f.date < kept.date),
    )
}

/// Keeps one fact per `key` among facts whose cluster has several members (`better` says
/// whether a fact replaces the one kept); facts alone in their cluster pass straight
/// through, which is nearly all of them.
fn fold_copies(
    facts: Vec<Fact>,
    key: impl Fn(&Fact) -> (u64, Option<Arc<str>>),
    better: impl Fn(&Fact, &Fact) -> bool,
) -> Vec<Fact> {
    let mut seen_once = FxHashSet::default();
    let mut shared = FxHashSet::default();
    seen_once.reserve(facts.len());
    for f in &facts {
        if !seen_once.insert(f.cluster) {
            shared.insert(f.cluster);
        }
    }
    drop(seen_once);
    let mut out = Vec::with_capacity(facts.len());
    let mut kept: HashMap<(u64, Option<Arc<str>>), Fact> = HashMap::default();
    for f in facts {
        if !shared.contains(&f.cluster) {
            out.push(f);
            continue;
        }
        match kept.get_mut(&key(&f)) {
            Some(k) => {
                if better(&f, k) {
                    *k = f;
                }
            }
            None => {
                kept.insert(key(&f), f);
            }
        }
    }
    out.extend(kept.into_values());
    out
}

/// The facts of every article matching `request` (its query and filters), or of every
/// article when `request` is `None`.
pub fn facts(opened: &Opened, request: Option<&Request>) -> anyhow::Result<Vec<Fact>> {
    let searcher = opened.reader.searcher();
    let Some(r) = request else {
        return Ok(searcher.search(&AllQuery, &FactCollector)?);
    };
    // No words: every article, under the request's filters (`sources --since DATE`).
    let (text, excluded): (Box<dyn tantivy::query::Query>, _) = if r.query.trim().is_empty() {
        (Box::new(AllQuery), None)
    } else {
        let compiled = super::compile(&searcher, &opened.fields, r)?;
        (compiled.query, compiled.excluded)
    };
    let q = with_filters(text, excluded, r, &opened.fields);
    Ok(searcher.search(q.as_ref(), &FactCollector)?)
}

/// Collects one [`Fact`] per matching document (one document is one article).
pub struct FactCollector;

/// A fact's raw values: date, source ordinal, site ordinal, cluster.
type RawFact = (Option<i64>, Option<u64>, Option<u64>, u64);

/// Per-segment part of [`FactCollector`].
pub struct FactSegment {
    columns: Columns,
    raw: Vec<RawFact>,
}

impl Collector for FactCollector {
    type Fruit = Vec<Fact>;
    type Child = FactSegment;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<FactSegment> {
        Ok(FactSegment {
            columns: Columns::open(reader)?,
            raw: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<Fact>>) -> tantivy::Result<Vec<Fact>> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

impl SegmentCollector for FactSegment {
    type Fruit = Vec<Fact>;

    fn collect(&mut self, doc: DocId, _: Score) {
        let Some(article) = self.columns.article(doc) else {
            return;
        };
        let c = &self.columns;
        let source = c.sources.as_ref().and_then(|s| s.term_ords(doc).next());
        let site = c.sites.as_ref().and_then(|s| s.term_ords(doc).next());
        let cluster = c.cluster(doc).unwrap_or(article);
        self.raw.push((c.date(doc), source, site, cluster));
    }

    fn harvest(self) -> Vec<Fact> {
        let mut sources = Names::new(self.columns.sources.as_ref());
        let mut sites = Names::new(self.columns.sites.as_ref());
        self.raw
            .into_iter()
            .map(|(date, source, site, cluster)| Fact {
                date: date.and_then(schema::from_day_number),
                source: source.and_then(|o| sources.get(o)),
                site: site.and_then(|o| sites.get(o)),
                cluster,
            })
            .collect()
    }
}

/// A string column's values by ordinal, each read once and shared.
struct Names<'a> {
    column: Option<&'a StrColumn>,
    read: HashMap<u64, Arc<str>>,
    buf: String,
}

impl<'a> Names<'a> {
    fn new(column: Option<&'a StrColumn>) -> Names<'a> {
        Names {
            column,
            read: HashMap::default(),
            buf: String::new(),
        }
    }

    fn get(&mut self, ord: u64) -> Option<Arc<str>> {
        if let Some(n) = self.read.get(&ord) {
            return Some(n.clone());
        }
        self.buf.clear();
        self.column?.ord_to_str(ord, &mut self.buf).ok()?;
        let shared: Arc<str> = Arc::from(self.buf.as_str());
        self.read.insert(ord, shared.clone());
        Some(shared)
    }
}

/// Length of a timeline period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    /// Calendar days.
    Day,
    /// ISO weeks, labelled by their Monday.
    Week,
    /// Calendar months.
    Month,
    /// Calendar years.
    Year,
}

impl Period {
    /// Its name, as `--by` takes it.
    pub fn name(self) -> &'static str {
        match self {
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
            Period::Year => "year",
        }
    }

    /// The period [`Period::fitting`] the first and last of `dates`; `None` without dates.
    pub fn fitting_dates(dates: impl Iterator<Item = NaiveDate> + Clone) -> Option<Period> {
        Some(Period::fitting(dates.clone().min()?, dates.max()?))
    }

    /// The shortest period that draws `first..=last` in at most 60 bars.
    pub fn fitting(first: NaiveDate, last: NaiveDate) -> Period {
        let days = (last - first).num_days();
        match days {
            ..=60 => Period::Day,
            61..=420 => Period::Week,
            421..=1825 => Period::Month,
            _ => Period::Year,
        }
    }
}

/// One period of a timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bucket {
    /// "1987-03-02" (day, week's Monday), "1987-03" (month), "1987" (year).
    pub period: String,
    /// Matching articles dated in it.
    pub articles: usize,
}

/// Articles per period, every period between the first and last date present (zeros kept);
/// undated articles are counted apart.
pub fn timeline(facts: &[Fact], by: Period) -> (Vec<Bucket>, usize) {
    let dates: Vec<NaiveDate> = facts.iter().filter_map(|f| f.date).collect();
    let undated = facts.len() - dates.len();
    let (Some(&first), Some(&last)) = (dates.iter().min(), dates.iter().max()) else {
        return (Vec::new(), undated);
    };
    let mut counts: BTreeMap<NaiveDate, usize> = BTreeMap::new();
    for d in &dates {
        *counts.entry(period_start(*d, by)).or_default() += 1;
    }
    let mut buckets = Vec::new();
    let mut at = period_start(first, by);
    while at <= last {
        buckets.push(Bucket {
            period: label(at, by),
            articles: counts.get(&at).copied().unwrap_or(0),
        });
        at = next_period(at, by);
    }
    (buckets, undated)
}

fn period_start(d: NaiveDate, by: Period) -> NaiveDate {
    match by {
        Period::Day => d,
        Period::Week => d - chrono::Days::new(u64::from(d.weekday().num_days_from_monday())),
        Period::Month => d.with_day(1).expect("day 1 exists"),
        Period::Year => NaiveDate::from_ymd_opt(d.year(), 1, 1).expect("1 January exists"),
    }
}

fn next_period(d: NaiveDate, by: Period) -> NaiveDate {
    match by {
        Period::Day => d + chrono::Days::new(1),
        Period::Week => d + chrono::Days::new(7),
        Period::Month => d + chrono::Months::new(1),
        Period::Year => d + chrono::Months::new(12),
    }
}

fn label(d: NaiveDate, by: Period) -> String {
    match by {
        Period::Day | Period::Week => d.format("%Y-%m-%d").to_string(),
        Period::Month => d.format("%Y-%m").to_string(),
        Period::Year => d.format("%Y").to_string(),
    }
}

/// One source's share of the articles.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceCount {
    /// The source.
    pub source: String,
    /// Its articles.
    pub articles: usize,
    /// Its earliest dated article.
    pub first_date: Option<String>,
    /// Its latest dated article.
    pub last_date: Option<String>,
}

/// Articles per source, largest first (ties by name); articles without a source counted apart.
pub fn sources(facts: &[Fact]) -> (Vec<SourceCount>, usize) {
    let mut by: HashMap<&str, (usize, Option<NaiveDate>, Option<NaiveDate>)> = HashMap::default();
    let mut unknown = 0;
    for f in facts {
        let Some(source) = f.source.as_deref() else {
            unknown += 1;
            continue;
        };
        let e = by.entry(source).or_insert((0, None, None));
        e.0 += 1;
        if let Some(d) = f.date {
            e.1 = Some(e.1.map_or(d, |x: NaiveDate| x.min(d)));
            e.2 = Some(e.2.map_or(d, |x: NaiveDate| x.max(d)));
        }
    }
    let mut out: Vec<SourceCount> = by
        .into_iter()
        .map(|(source, (articles, first, last))| SourceCount {
            source: source.to_owned(),
            articles,
            first_date: first.map(|d| d.to_string()),
            last_date: last.map(|d| d.to_string()),
        })
        .collect();
    out.sort_by(|a, b| b.articles.cmp(&a.articles).then(a.source.cmp(&b.source)));
    (out, unknown)
}

/// Index totals, for `dateline stats`.
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    /// Articles.
    pub articles: usize,
    /// Passages.
    pub passages: u64,
    /// Articles without a date.
    pub undated: usize,
    /// Articles without a source.
    pub unknown_source: usize,
    /// Earliest article date.
    pub first_date: Option<String>,
    /// Latest article date.
    pub last_date: Option<String>,
    /// Distinct sources.
    pub sources: usize,
    /// Distinct stories: articles with the copies of a syndicated story counted once.
    pub stories: usize,
    /// Bytes of the index directory's files.
    pub index_bytes: u64,
    /// When the index was last committed (RFC 3339, UTC).
    pub last_updated: Option<String>,
}

/// Totals over the whole index at `dir`.
pub fn stats(opened: &Opened, dir: &std::path::Path) -> anyhow::Result<Stats> {
    let all = facts(opened, None)?;
    let (by_source, unknown_source) = sources(&all);
    let dates: Vec<NaiveDate> = all.iter().filter_map(|f| f.date).collect();
    let mut index_bytes = 0;
    use anyhow::Context;
    let listing = || format!("cannot list the index directory {}", dir.display());
    for e in std::fs::read_dir(dir).with_context(listing)? {
        let meta = e.and_then(|e| e.metadata()).with_context(listing)?;
        if meta.is_file() {
            index_bytes += meta.len();
        }
    }
    let last_updated = std::fs::metadata(dir.join("meta.json"))
        .and_then(|m| m.modified())
        .ok()
        .map(|t| {
            chrono::DateTime::<chrono::Utc>::from(t)
                .format("%Y-%m-%dT%H:%M:%SZ")
                .to_string()
        });
    Ok(Stats {
        articles: all.len(),
        passages: passage_count(opened)?,
        undated: all.len() - dates.len(),
        unknown_source,
        first_date: dates.iter().min().map(|d| d.to_string()),
        last_date: dates.iter().max().map(|d| d.to_string()),
        sources: by_source.len(),
        stories: all
            .iter()
            .map(|f| f.cluster)
            .collect::<FxHashSet<u64>>()
            .len(),
        index_bytes,
        last_updated,
    })
}

/// The number of passages of every article.
fn passage_count(opened: &Opened) -> tantivy::Result<u64> {
    let mut n = 0;
    for segment in opened.reader.searcher().segment_readers() {
        let columns = Columns::open(segment)?;
        n += segment
            .doc_ids_alive()
            .map(|doc| columns.passages(doc))
            .sum::<u64>();
    }
    Ok(n)
}

/// One article as indexed: metadata and passages in order.
#[derive(Debug, Clone, Serialize)]
pub struct Shown {
    /// The article's id (16 hex digits).
    pub id: String,
    /// The file.
    pub path: String,
    /// Headline.
    pub title: Option<String>,
    /// Date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Source.
    pub source: Option<String>,
    /// The site the page was saved from.
    pub site: Option<String>,
    /// Passages in order.
    pub passages: Vec<String>,
}

/// The article stored for `path` (as indexed: absolute), if any.
pub fn show(opened: &Opened, path: &str) -> anyhow::Result<Option<Shown>> {
    let term = Term::from_field_text(opened.fields.path, path);
    shown(opened, term)
}

/// The article whose id ([`crate::index::schema::article_id`] of its path) is `id`, if any.
pub fn show_by_id(opened: &Opened, id: u64) -> anyhow::Result<Option<Shown>> {
    shown(opened, Term::from_field_u64(opened.fields.article, id))
}

fn shown(opened: &Opened, term: Term) -> anyhow::Result<Option<Shown>> {
    let f: &Fields = &opened.fields;
    let searcher = opened.reader.searcher();
    let q = TermQuery::new(term, IndexRecordOption::Basic);
    let docs = searcher.search(&q, &tantivy::collector::DocSetCollector)?;
    let Some(&address) = docs.iter().next() else {
        return Ok(None);
    };
    let doc: TantivyDocument = searcher.doc(address)?;
    let columns = Columns::open(searcher.segment_reader(address.segment_ord))?;
    let at = address.doc_id;
    Ok(Some(Shown {
        id: super::id_text(columns.article(at).unwrap_or(0)),
        path: columns.path(at)?.unwrap_or_default(),
        title: doc
            .get_first(f.headline)
            .and_then(|v| v.as_str())
            .filter(|s| !s.is_empty())
            .map(str::to_owned),
        date: columns.day(at).map(|d| d.to_string()),
        source: columns.source(at)?,
        site: columns.site(at)?,
        passages: doc
            .get_all(f.text)
            .filter_map(|v| v.as_str())
            .map(str::to_owned)
            .collect(),
    }))
}

/// Articles per period for a query, as `timeline --json` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineView {
    /// The query.
    pub query: String,
    /// The period.
    pub by: Period,
    /// Every period between the first and last date, zeros kept.
    pub buckets: Vec<Bucket>,
    /// Matching articles without a date.
    pub undated: usize,
    /// "stories" (copies of a syndicated story once) or "articles" (`all`).
    pub counting: &'static str,
}

/// The timeline of `request`'s matches, by `by`, or by the period that fits their dates
/// ([`Period::fitting`]) when `by` is `None`.
pub fn timeline_view(
    opened: &Opened,
    request: &Request,
    by: Option<Period>,
) -> anyhow::Result<TimelineView> {
    let mut facts = facts(opened, Some(request))?;
    if !request.all {
        facts = stories(facts);
    }
    let by = by
        .or_else(|| Period::fitting_dates(facts.iter().filter_map(|f| f.date)))
        .unwrap_or(Period::Day);
    let (buckets, undated) = timeline(&facts, by);
    Ok(TimelineView {
        query: request.query.clone(),
        by,
        buckets,
        undated,
        counting: counting(request.all),
    })
}

/// What the views' counts count.
pub fn counting(all: bool) -> &'static str {
    if all {
        "articles"
    } else {
        "stories"
    }
}

/// Articles per source or site, as `sources --json` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct SourcesView {
    /// One row per source (or site), largest first.
    pub sources: Vec<SourceCount>,
    /// Articles with no source (or site).
    pub unknown_source: usize,
    /// Counted articles without a date.
    pub undated: usize,
    /// Matching articles, every copy counted.
    pub articles: usize,
    /// "source" or "site".
    pub by: &'static str,
    /// "stories per source" or "articles" (`all`).
    pub counting: &'static str,
}

/// Articles per source (`by_site`: per site) among `request`'s matches (an empty query: every
/// article under its filters); `all` counts every copy of a syndicated story.
pub fn sources_view(
    opened: &Opened,
    request: &Request,
    by_site: bool,
    all: bool,
) -> anyhow::Result<SourcesView> {
    let mut facts = facts(opened, Some(request))?;
    let articles = facts.len();
    if by_site {
        for f in &mut facts {
            f.source = f.site.take();
        }
    }
    if !all {
        facts = stories_per_source(facts);
    }
    let (rows, unknown) = sources(&facts);
    Ok(SourcesView {
        undated: facts.iter().filter(|f| f.date.is_none()).count(),
        sources: rows,
        unknown_source: unknown,
        articles,
        by: if by_site { "site" } else { "source" },
        counting: if all {
            "articles"
        } else {
            "stories per source"
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fact(date: Option<&str>, source: Option<&str>) -> Fact {
        in_cluster(date, source, rand_cluster())
    }

    fn rand_cluster() -> u64 {
        use std::sync::atomic::{AtomicU64, Ordering};
        static NEXT: AtomicU64 = AtomicU64::new(1000);
        NEXT.fetch_add(1, Ordering::Relaxed)
    }

    fn in_cluster(date: Option<&str>, source: Option<&str>, cluster: u64) -> Fact {
        Fact {
            date: date.map(|d| d.parse().unwrap()),
            source: source.map(Arc::from),
            site: None,
            cluster,
        }
    }

    #[test]
    fn a_story_counts_once_at_its_first_appearance_and_once_per_outlet() {
        let f = vec![
            in_cluster(Some("1987-03-02"), Some("AP"), 1),
            in_cluster(Some("1987-02-27"), Some("Reuters"), 1),
            in_cluster(None, Some("Yahoo"), 1),
            in_cluster(Some("1987-03-05"), Some("AP"), 1),
            in_cluster(None, None, 2),
        ];
        let mut s = stories(f.clone());
        s.sort_by_key(|f| f.cluster);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].source.as_deref(), Some("Reuters"));
        let (rows, unknown) = sources(&stories_per_source(f));
        let got: Vec<(&str, usize)> = rows
            .iter()
            .map(|r| (r.source.as_str(), r.articles))
            .collect();
        assert_eq!(got, [("AP", 1), ("Reuters", 1), ("Yahoo", 1)]);
        assert_eq!(unknown, 1);
        assert_eq!(rows[0].first_date.as_deref(), Some("1987-03-02"));
    }

    #[test]
    fn timeline_fills_empty_periods() {
        let f = [
            fact(Some("1987-02-26"), None),
            fact(Some("1987-04-01"), None),
            fact(Some("1987-04-30"), None),
            fact(None, None),
        ];
        let (b, undated) = timeline(&f, Period::Month);
        assert_eq!(undated, 1);
        let got: Vec<(&str, usize)> = b.iter().map(|b| (b.period.as_str(), b.articles)).collect();
        assert_eq!(got, [("1987-02", 1), ("1987-03", 0), ("1987-04", 2)]);
        let (w, _) = timeline(&f[..1], Period::Week);
        assert_eq!(w[0].period, "1987-02-23", "weeks start on Monday");
    }

    #[test]
    fn sources_largest_first_with_ranges() {
        let f = [
            fact(Some("1987-03-01"), Some("Reuters")),
            fact(Some("1987-02-01"), Some("Reuters")),
            fact(None, Some("AP")),
            fact(None, None),
        ];
        let (s, unknown) = sources(&f);
        assert_eq!(unknown, 1);
        assert_eq!(s[0].source, "Reuters");
        assert_eq!(s[0].first_date.as_deref(), Some("1987-02-01"));
        assert_eq!(s[0].last_date.as_deref(), Some("1987-03-01"));
        assert_eq!(s[1].first_date, None);
    }
}
