//! Passages ranked at query time: which of a matching article's passages to show.
//!
//! An article is one document; its passages are the stored values of its text field. For a
//! query, each passage gets a score: BM25 over the passage's words (each query word with its
//! spelling variants counts as one word, weighted by the index's document frequencies; the
//! length normalised against [`AVG_WORDS`]), plus a bonus when the query words it holds sit
//! close together ([`PROXIMITY`] × the summed weights × how tight the smallest window that
//! holds one of each is). Owns that score, the choice of the best passages and their
//! highlight ranges; reads document frequencies from a searcher and nothing else.

use crate::index::analyzer;
use std::collections::HashMap;
use std::ops::Range;
use tantivy::{Searcher, Term};

/// BM25 term-frequency saturation.
const K1: f32 = 1.2;
/// BM25 length normalisation.
const B: f32 = 0.75;
/// Words in an average passage: paragraphs of news copy, cut at 90 words and merged below 8
/// (300 stories sampled: 28 words a passage on Reuters-21578, 56 on the BBC corpus).
const AVG_WORDS: f32 = 40.0;
/// Weight of the proximity bonus relative to one word's BM25 weight.
const PROXIMITY: f32 = 0.5;

/// One query word: its spellings and its weight.
#[derive(Debug, Clone)]
struct Word {
    /// Inverse document frequency of the word (its spellings pooled).
    idf: f32,
}

/// Scores passages for one query.
#[derive(Debug, Clone)]
pub struct Scorer {
    words: Vec<Word>,
    /// Each spelling's word.
    word_of: HashMap<String, usize>,
    /// Each word's analysed form as typed, in query order.
    heads: Vec<String>,
}

/// A passage as scored.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    /// Position of the passage in the article, from 0.
    pub index: usize,
    /// Its score.
    pub score: f32,
    /// The query words it holds (as typed, analysed), in query order.
    pub matched: Vec<String>,
    /// Byte ranges of the query words and their spellings.
    pub highlights: Vec<Range<usize>>,
}

impl Scorer {
    /// A scorer for the query words `words` (each its spellings, typed form first), weighted
    /// by their document frequencies in `field` of `searcher`.
    pub fn new(searcher: &Searcher, field: tantivy::schema::Field, words: &[Vec<String>]) -> Self {
        let docs = searcher.num_docs() as f32;
        let df = |t: &str| {
            searcher
                .doc_freq(&Term::from_field_text(field, t))
                .unwrap_or(0) as f32
        };
        Scorer::with_frequencies(words, docs, df)
    }

    /// A scorer over `docs` documents whose document frequencies `df` gives.
    pub fn with_frequencies(words: &[Vec<String>], docs: f32, df: impl Fn(&str) -> f32) -> Self {
        let mut word_of = HashMap::new();
        let mut out = Vec::new();
        for (i, forms) in words.iter().enumerate() {
            let n = forms.iter().map(|f| df(f)).sum::<f32>().min(docs);
            out.push(Word {
                idf: (1.0 + (docs - n + 0.5) / (n + 0.5)).ln(),
            });
            for f in forms {
                word_of.entry(f.clone()).or_insert(i);
            }
        }
        Scorer {
            words: out,
            word_of,
            heads: words.iter().map(|f| f[0].clone()).collect(),
        }
    }

    /// Scores one passage.
    pub fn score(&self, index: usize, passage: &str) -> Scored {
        let tokens = analyzer::tokens(passage);
        let mut tf = vec![0u32; self.words.len()];
        let mut hits: Vec<(usize, usize)> = Vec::new();
        let mut highlights = Vec::new();
        for (position, (term, range)) in tokens.iter().enumerate() {
            if let Some(&w) = self.word_of.get(term) {
                tf[w] += 1;
                hits.push((position, w));
                highlights.push(range.clone());
            }
        }
        let norm = K1 * (1.0 - B + B * tokens.len() as f32 / AVG_WORDS);
        let mut score = 0.0;
        let mut held = 0.0;
        for (word, &f) in self.words.iter().zip(&tf) {
            if f > 0 {
                let f = f as f32;
                score += word.idf * f * (K1 + 1.0) / (f + norm);
                held += word.idf;
            }
        }
        let distinct = tf.iter().filter(|&&f| f > 0).count();
        if distinct > 1 {
            let span = smallest_window(&hits, self.words.len(), distinct);
            score += PROXIMITY * held * distinct as f32 / span as f32;
        }
        Scored {
            index,
            score,
            matched: self
                .heads
                .iter()
                .zip(&tf)
                .filter(|(_, &f)| f > 0)
                .map(|(h, _)| h.clone())
                .collect(),
            highlights,
        }
    }

    /// The best `k` passages of `passages` (at least one: the first passage when none holds
    /// a query word), best first, ties in article order.
    pub fn best(&self, passages: &[String], k: usize) -> Vec<Scored> {
        let mut scored: Vec<Scored> = passages
            .iter()
            .enumerate()
            .map(|(i, p)| self.score(i, p))
            .collect();
        scored.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.index.cmp(&b.index)));
        let holding = scored.iter().filter(|s| !s.matched.is_empty()).count();
        scored.truncate(k.min(holding).max(1));
        scored
    }
}

/// Length in words of the smallest stretch of `hits` (positions and words, in position
/// order) that holds one of each of the `distinct` words present.
fn smallest_window(hits: &[(usize, usize)], words: usize, distinct: usize) -> usize {
    let mut count = vec![0usize; words];
    let mut covered = 0;
    let mut best = usize::MAX;
    let mut left = 0;
    for &(position, w) in hits {
        count[w] += 1;
        if count[w] == 1 {
            covered += 1;
        }
        while covered == distinct {
            let (start, lw) = hits[left];
            best = best.min(position - start + 1);
            count[lw] -= 1;
            if count[lw] == 0 {
                covered -= 1;
            }
            left += 1;
        }
    }
    best.max(distinct)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scorer(words: &[&[&str]]) -> Scorer {
        let words: Vec<Vec<String>> = words
            .iter()
            .map(|w| w.iter().map(|s| s.to_string()).collect())
            .collect();
        Scorer::with_frequencies(&words, 1000.0, |t| if t == "said" { 900.0 } else { 10.0 })
    }

    #[test]
    fn a_passage_with_more_of_the_words_closer_together_wins() {
        let s = scorer(&[&["reagan"], &["gorbachev"]]);
        let passages = [
            "Reagan spoke in Washington about the budget and the deficit today.",
            "Reagan and Gorbachev met in Geneva.",
            "Reagan said that after a long talk in a cold room, Gorbachev left.",
        ]
        .map(String::from);
        let best = s.best(&passages, 3);
        assert_eq!(best.iter().map(|b| b.index).collect::<Vec<_>>(), [1, 2, 0]);
        assert_eq!(best[0].matched, ["reagan", "gorbachev"]);
        assert_eq!(best[2].matched, ["reagan"]);
        let p = &passages[1];
        let words: Vec<&str> = best[0].highlights.iter().map(|r| &p[r.clone()]).collect();
        assert_eq!(words, ["Reagan", "Gorbachev"]);
    }

    #[test]
    fn variants_count_as_their_word_and_the_shown_passage_holds_one() {
        let s = scorer(&[&["kyiv", "kiev"]]);
        let passages = ["Nothing here.", "Talks in Kiev went on."].map(String::from);
        let best = s.best(&passages, 2);
        assert_eq!(best.len(), 1, "only passages holding a word are shown");
        assert_eq!(best[0].index, 1);
        assert_eq!(best[0].matched, ["kyiv"]);
        let none = s.best(&["No match at all.".to_string()], 2);
        assert_eq!((none.len(), none[0].index), (1, 0));
        assert!(none[0].matched.is_empty());
    }

    #[test]
    fn windows() {
        // word 0 at 0 and 9, word 1 at 7: the window 7..=9 is 3 words long.
        assert_eq!(smallest_window(&[(0, 0), (7, 1), (9, 0)], 2, 2), 3);
        assert_eq!(smallest_window(&[(4, 0), (5, 1)], 2, 2), 2);
    }
}
