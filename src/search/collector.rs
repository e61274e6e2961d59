//! Groups matching passages by article in one pass over the matches.
//!
//! Each article keeps its best `per_article` passages and its date (from the `date` fast
//! field). The number of groups is the exact number of matching articles; ordering and
//! cutting to the limit happen afterwards, so every order sees every match.

use crate::index::dedup::ClusterColumn;
use std::collections::{HashMap, HashSet};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::index::SegmentReader;
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal};

/// An article's best passages, best first.
#[derive(Debug, Clone)]
pub struct ArticleGroup {
    /// Article id (hash of the path).
    pub article: u64,
    /// The article's duplicate cluster.
    pub cluster: u64,
    /// Day number of the article's date.
    pub date: Option<i64>,
    /// Best passages, best first.
    pub passages: Vec<(Score, DocAddress)>,
}

/// Collects [`ArticleGroup`]s.
pub struct GroupCollector {
    /// Passages kept per article.
    pub per_article: usize,
}

impl Collector for GroupCollector {
    type Fruit = Vec<ArticleGroup>;
    type Child = GroupSegmentCollector;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<GroupSegmentCollector> {
        Ok(GroupSegmentCollector {
            segment,
            per_article: self.per_article,
            columns: ClusterColumn::open(reader)?,
            groups: HashMap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Vec<ArticleGroup>>) -> tantivy::Result<Vec<ArticleGroup>> {
        let mut merged: HashMap<u64, ArticleGroup> = HashMap::new();
        for group in fruits.into_iter().flatten() {
            match merged.get_mut(&group.article) {
                Some(existing) => {
                    for p in group.passages {
                        insert_best(&mut existing.passages, p, self.per_article);
                    }
                }
                None => {
                    merged.insert(group.article, group);
                }
            }
        }
        Ok(merged.into_values().collect())
    }
}

/// Per-segment part of [`GroupCollector`].
pub struct GroupSegmentCollector {
    segment: SegmentOrdinal,
    per_article: usize,
    columns: ClusterColumn,
    groups: HashMap<u64, ArticleGroup>,
}

impl SegmentCollector for GroupSegmentCollector {
    type Fruit = Vec<ArticleGroup>;

    fn collect(&mut self, doc: DocId, score: Score) {
        let Some(article) = self.columns.article(doc) else {
            return;
        };
        let address = DocAddress::new(self.segment, doc);
        let group = self.groups.entry(article).or_insert_with(|| ArticleGroup {
            article,
            cluster: self.columns.cluster(doc).unwrap_or(article),
            date: self.columns.date(doc),
            passages: Vec::new(),
        });
        insert_best(&mut group.passages, (score, address), self.per_article);
    }

    fn harvest(self) -> Vec<ArticleGroup> {
        self.groups.into_values().collect()
    }
}

/// Inserts `p` into `list` (sorted best first, ties by document order), keeping at most `k`.
fn insert_best(list: &mut Vec<(Score, DocAddress)>, p: (Score, DocAddress), k: usize) {
    let at = list
        .iter()
        .position(|q| p.0 > q.0 || (p.0 == q.0 && p.1 < q.1))
        .unwrap_or(list.len());
    if at < k {
        list.insert(at, p);
        list.truncate(k);
    }
}

/// Collects the set of article ids of the matching passages (no scoring).
pub struct ArticleIds;

impl Collector for ArticleIds {
    type Fruit = HashSet<u64>;
    type Child = ArticleIdsSegment;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<ArticleIdsSegment> {
        Ok(ArticleIdsSegment {
            articles: reader.fast_fields().u64("article")?,
            ids: HashSet::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<HashSet<u64>>) -> tantivy::Result<HashSet<u64>> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

/// Per-segment part of [`ArticleIds`].
pub struct ArticleIdsSegment {
    articles: Column<u64>,
    ids: HashSet<u64>,
}

impl SegmentCollector for ArticleIdsSegment {
    type Fruit = HashSet<u64>;

    fn collect(&mut self, doc: DocId, _: Score) {
        self.ids.extend(self.articles.first(doc));
    }

    fn harvest(self) -> HashSet<u64> {
        self.ids
    }
}
