//! Gathers the matching articles in one pass over the matches.
//!
//! Every document is one article, so a match is an article: its score, address, date and
//! duplicate cluster (from fast fields). The number of matches is the exact number of
//! matching articles; ordering and cutting to the limit happen afterwards, so every order sees
//! every match.

use crate::index::columns::Columns;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::index::SegmentReader;
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal};

/// One matching article.
#[derive(Debug, Clone)]
pub struct ArticleMatch {
    /// Article id (hash of the path).
    pub article: u64,
    /// The article's duplicate cluster.
    pub cluster: u64,
    /// Day number of the article's date.
    pub date: Option<i64>,
    /// BM25 score of the article (title and whole body).
    pub score: Score,
    /// Where its document is.
    pub address: DocAddress,
}

/// Collects [`ArticleMatch`]es.
pub struct MatchCollector;

impl Collector for MatchCollector {
    type Fruit = Vec<ArticleMatch>;
    type Child = MatchSegmentCollector;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<MatchSegmentCollector> {
        Ok(MatchSegmentCollector {
            segment,
            columns: Columns::open(reader)?,
            matches: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Vec<ArticleMatch>>) -> tantivy::Result<Vec<ArticleMatch>> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

/// Per-segment part of [`MatchCollector`].
pub struct MatchSegmentCollector {
    segment: SegmentOrdinal,
    columns: Columns,
    matches: Vec<ArticleMatch>,
}

impl SegmentCollector for MatchSegmentCollector {
    type Fruit = Vec<ArticleMatch>;

    fn collect(&mut self, doc: DocId, score: Score) {
        let Some(article) = self.columns.article(doc) else {
            return;
        };
        self.matches.push(ArticleMatch {
            article,
            cluster: self.columns.cluster(doc).unwrap_or(article),
            date: self.columns.date(doc),
            score,
            address: DocAddress::new(self.segment, doc),
        });
    }

    fn harvest(self) -> Vec<ArticleMatch> {
        self.matches
    }
}
