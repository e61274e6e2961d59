//! Ordering matching articles into results: duplicate clusters, the orders, and the blend of
//! an article's score with its best passage's.
//!
//! Relevance ranks each story by its leading copy's article score (tantivy's BM25 over title
//! and whole body) plus [`PASSAGE_WEIGHT`] × its best passage's query-time score
//! ([`super::passages`]): an article about the query has the words often and close together,
//! one that mentions them in passing has neither. The blend is computed for the best
//! [`candidates`] stories by article score, so the work is bounded by the limit, not by the
//! number of matches. Date orders sort by date and score only the articles shown. Owns
//! reading a shown article's document (headline, passages) and its metadata columns.

use super::collector::ArticleMatch;
use super::passages::{Scored, Scorer};
use super::{highlight_ranges, Copy, Hit, Order, Request};
use crate::index::columns::Columns;
use crate::index::schema::Fields;
use std::cmp::Ordering;
use std::collections::HashMap;
use tantivy::schema::Value;
use tantivy::{DocAddress, Searcher, TantivyDocument};

/// Weight of the best passage's score in an article's relevance.
const PASSAGE_WEIGHT: f32 = 0.5;

/// One story: its leading copy under the order, the other matching copies, and its score.
pub struct Story {
    /// The copy shown.
    pub lead: ArticleMatch,
    /// The other copies (listed as `also_in`).
    pub copies: Vec<ArticleMatch>,
    /// The score results are ordered by under relevance: article score blended with the best
    /// passage's (the article score until the passages are read).
    pub score: f32,
}

/// An article as read for showing: metadata, its other copies, and its best passages with
/// their text.
pub struct Loaded {
    id: String,
    copies: Vec<Copy>,
    path: String,
    title: Option<String>,
    date: Option<String>,
    source: Option<String>,
    site: Option<String>,
    best: Vec<(Scored, String)>,
}

/// Groups matches by duplicate cluster; each cluster's first copy under `order` leads it.
pub fn collapse(matches: Vec<ArticleMatch>, order: Order) -> Vec<Story> {
    let mut clusters: HashMap<u64, Vec<ArticleMatch>> = HashMap::new();
    for m in matches {
        clusters.entry(m.cluster).or_default().push(m);
    }
    clusters
        .into_values()
        .map(|mut copies| {
            copies.sort_by(|a, b| compare(a, b, order));
            let lead = copies.remove(0);
            Story {
                score: lead.score,
                lead,
                copies,
            }
        })
        .collect()
}

/// Stories as results without collapsing: every copy its own story.
pub fn every_copy(matches: Vec<ArticleMatch>) -> Vec<Story> {
    matches
        .into_iter()
        .map(|lead| Story {
            score: lead.score,
            lead,
            copies: Vec::new(),
        })
        .collect()
}

/// Stories whose passages are read to blend their scores, of the best by article score.
fn candidates(limit: usize) -> usize {
    limit.saturating_add(5)
}

/// The `request.limit` stories after the first `request.offset` in order, each with its
/// article read and its best `per_article` passages chosen.
pub fn rank(
    searcher: &Searcher,
    fields: &Fields,
    scorer: &Scorer,
    mut stories: Vec<Story>,
    request: &Request,
    per_article: usize,
) -> tantivy::Result<Vec<(Story, Loaded)>> {
    let order = request.order;
    stories.sort_by(|a, b| compare(&a.lead, &b.lead, order));
    let wanted = request.limit.saturating_add(request.offset);
    let read = match order {
        Order::Relevance => candidates(wanted),
        Order::Newest | Order::Oldest => wanted,
    };
    stories.truncate(read);
    let mut reader = Reader::new(searcher, fields);
    let mut out = Vec::with_capacity(stories.len());
    for mut story in stories {
        let loaded = reader.load(story.lead.address, scorer, per_article)?;
        let best = loaded.best.first().map_or(0.0, |(s, _)| s.score);
        story.score = story.lead.score + PASSAGE_WEIGHT * best;
        out.push((story, loaded));
    }
    if order == Order::Relevance {
        out.sort_by(|(a, _), (b, _)| {
            b.score
                .total_cmp(&a.score)
                .then(a.lead.article.cmp(&b.lead.article))
        });
    }
    out.truncate(wanted);
    let mut shown: Vec<(Story, Loaded)> = out.into_iter().skip(request.offset).collect();
    for (story, loaded) in &mut shown {
        loaded.copies = story
            .copies
            .iter()
            .map(|c| reader.copy(c.address))
            .collect::<tantivy::Result<_>>()?;
        loaded.copies.sort_by(|a, b| a.path.cmp(&b.path));
    }
    Ok(shown)
}

/// Orders two matches: by score, or by date (undated last) then score.
fn compare(a: &ArticleMatch, b: &ArticleMatch, order: Order) -> Ordering {
    let by_score = b.score.total_cmp(&a.score).then(a.article.cmp(&b.article));
    let undated_last = a.date.is_none().cmp(&b.date.is_none());
    match order {
        Order::Relevance => by_score,
        Order::Newest => undated_last.then(b.date.cmp(&a.date)).then(by_score),
        Order::Oldest => undated_last.then(a.date.cmp(&b.date)).then(by_score),
    }
}

/// Reads shown articles, opening each segment's columns once.
struct Reader<'a> {
    searcher: &'a Searcher,
    fields: &'a Fields,
    columns: HashMap<u32, Columns>,
}

impl<'a> Reader<'a> {
    fn new(searcher: &'a Searcher, fields: &'a Fields) -> Self {
        Reader {
            searcher,
            fields,
            columns: HashMap::new(),
        }
    }

    fn load(
        &mut self,
        address: DocAddress,
        scorer: &Scorer,
        per_article: usize,
    ) -> tantivy::Result<Loaded> {
        let doc: TantivyDocument = self.searcher.doc(address)?;
        let passages: Vec<String> = doc
            .get_all(self.fields.text)
            .filter_map(|v| v.as_str())
            .map(str::to_owned)
            .collect();
        let title = doc
            .get_first(self.fields.headline)
            .and_then(|v| v.as_str())
            .filter(|t| !t.is_empty())
            .map(str::to_owned);
        let best = if passages.is_empty() {
            Vec::new()
        } else {
            scorer
                .best(&passages, per_article)
                .into_iter()
                .map(|s| {
                    let text = passages[s.index].clone();
                    (s, text)
                })
                .collect()
        };
        let columns = self.columns(address.segment_ord)?;
        let doc = address.doc_id;
        Ok(Loaded {
            id: super::id_text(columns.article(doc).unwrap_or(0)),
            copies: Vec::new(),
            path: columns.path(doc)?.unwrap_or_default(),
            title,
            date: columns.day(doc).map(|d| d.format("%Y-%m-%d").to_string()),
            source: columns.source(doc)?,
            site: columns.site(doc)?,
            best,
        })
    }

    /// Another copy's metadata, from the columns alone.
    fn copy(&mut self, address: DocAddress) -> tantivy::Result<Copy> {
        let columns = self.columns(address.segment_ord)?;
        let doc = address.doc_id;
        Ok(Copy {
            id: super::id_text(columns.article(doc).unwrap_or(0)),
            path: columns.path(doc)?.unwrap_or_default(),
            source: columns.source(doc)?,
            site: columns.site(doc)?,
            date: columns.day(doc).map(|d| d.format("%Y-%m-%d").to_string()),
        })
    }

    /// The columns of segment `ord`, opened on first use.
    fn columns(&mut self, ord: u32) -> tantivy::Result<&Columns> {
        match self.columns.entry(ord) {
            std::collections::hash_map::Entry::Occupied(e) => Ok(e.into_mut()),
            std::collections::hash_map::Entry::Vacant(e) => {
                Ok(e.insert(Columns::open(self.searcher.segment_reader(ord))?))
            }
        }
    }
}

impl Loaded {
    /// The article's hits: one per passage shown (one with an empty passage when the article
    /// has no text), scored `score`, its title's words in `terms` highlighted.
    pub fn into_hits(self, score: f32, terms: &[String]) -> Vec<Hit> {
        let title_highlights = self
            .title
            .as_deref()
            .map(|t| highlight_ranges(t, terms))
            .unwrap_or_default();
        let title_marks = self
            .title
            .as_deref()
            .map(|t| super::utf16_marks(t, &title_highlights))
            .unwrap_or_default();
        let also_in: Vec<String> = self.copies.iter().map(|c| c.path.clone()).collect();
        let hit = |passage: String, scored: Option<&Scored>| {
            let (passage_index, passage_score, matched_words, highlights) = match scored {
                Some(s) => (
                    s.index as u64,
                    s.score,
                    s.matched.clone(),
                    s.highlights.clone(),
                ),
                None => (0, 0.0, Vec::new(), Vec::new()),
            };
            Hit {
                id: self.id.clone(),
                copies: self.copies.clone(),
                marks: super::utf16_marks(&passage, &highlights),
                title_marks: title_marks.clone(),
                path: self.path.clone(),
                title: self.title.clone(),
                date: self.date.clone(),
                source: self.source.clone(),
                site: self.site.clone(),
                passage,
                score,
                passage_score,
                passage_index,
                matched_words,
                also_in: also_in.clone(),
                highlights,
                title_highlights: title_highlights.clone(),
            }
        };
        if self.best.is_empty() {
            return vec![hit(String::new(), None)];
        }
        self.best
            .iter()
            .map(|(s, text)| hit(text.clone(), Some(s)))
            .collect()
    }
}
