//! Corpus-level boilerplate: lines that recur across many different pages.
//!
//! A promo, a footer or a widget's text repeats on every page of a site or aggregator, and
//! can look like prose to a single-page cleaner. [`Learner`] counts, over a sample of the
//! corpus being indexed, how many *different* pages carry each line; a line carried by at
//! least [`Learner::finish`]'s threshold of pages that are not copies of one another becomes
//! boilerplate. Pages are told apart by a key (the hash of their two longest lines), so a
//! syndicated story carried by many outlets is one page here and its paragraphs stay.
//! Pure data in, data out; no files, no index.

use rustc_hash::{FxHashMap, FxHashSet};

/// Lines shorter than this many words are left to the page-level cleaner.
const MIN_WORDS: usize = 4;
/// Lines considered per page, from the top.
const MAX_LINES: usize = 400;

/// The learned boilerplate lines.
#[derive(Debug, Clone, Default)]
pub struct CorpusStats {
    boilerplate: FxHashSet<u64>,
}

impl CorpusStats {
    /// `line` (a block's text) recurs across the corpus.
    pub fn is_boilerplate(&self, line: &str) -> bool {
        !self.boilerplate.is_empty() && self.boilerplate.contains(&line_key(line))
    }

    /// How many lines were learned.
    pub fn len(&self) -> usize {
        self.boilerplate.len()
    }

    /// Nothing was learned.
    pub fn is_empty(&self) -> bool {
        self.boilerplate.is_empty()
    }

    /// The learned lines' keys, sorted: what an index records of a run's learning.
    pub fn keys(&self) -> Vec<u64> {
        let mut keys: Vec<u64> = self.boilerplate.iter().copied().collect();
        keys.sort_unstable();
        keys
    }

    /// The set recorded as [`CorpusStats::keys`].
    pub fn from_keys(keys: impl IntoIterator<Item = u64>) -> CorpusStats {
        CorpusStats {
            boilerplate: keys.into_iter().collect(),
        }
    }

    /// The lines learned in one set and not the other: a page holding none of them is
    /// extracted the same under both.
    pub fn changed_from(&self, before: &CorpusStats) -> CorpusStats {
        let (a, b) = (&self.boilerplate, &before.boilerplate);
        CorpusStats {
            boilerplate: a.symmetric_difference(b).copied().collect(),
        }
    }
}

/// Counts lines across pages.
#[derive(Debug, Default)]
pub struct Learner {
    /// line key -> distinct page keys seen with it (kept only up to the threshold).
    lines: FxHashMap<u64, Vec<u64>>,
    cap: usize,
}

impl Learner {
    /// A learner that stops counting a line's pages at `cap` (the threshold to be used).
    pub fn new(cap: usize) -> Learner {
        Learner {
            lines: FxHashMap::default(),
            cap: cap.max(2),
        }
    }

    /// Adds one page's text.
    pub fn observe(&mut self, text: &str) {
        let lines: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| l.split_whitespace().count() >= MIN_WORDS)
            .take(MAX_LINES)
            .collect();
        if lines.is_empty() {
            return;
        }
        let page = page_key(&lines);
        let distinct: FxHashSet<u64> = lines.iter().map(|l| line_key(l)).collect();
        for key in distinct {
            let pages = self.lines.entry(key).or_default();
            if pages.len() < self.cap && !pages.contains(&page) {
                pages.push(page);
            }
        }
    }

    /// The lines carried by at least `cap` different pages.
    pub fn finish(self) -> CorpusStats {
        let cap = self.cap;
        CorpusStats {
            boilerplate: self
                .lines
                .into_iter()
                .filter(|(_, pages)| pages.len() >= cap)
                .map(|(k, _)| k)
                .collect(),
        }
    }
}

/// A page's identity: its two longest lines. Copies of one story under different page
/// furniture share them; different stories that carry the same long promo do not.
fn page_key(lines: &[&str]) -> u64 {
    let mut by_length: Vec<&str> = lines.to_vec();
    by_length.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    let top: Vec<&str> = by_length.into_iter().take(2).collect();
    line_key(&top.join("\n"))
}

/// A line's identity: lower case, white space folded, hashed (one buffer, no per-word
/// allocation: every block of every page is looked up).
fn line_key(line: &str) -> u64 {
    let mut folded = String::with_capacity(line.len());
    for word in line.split_whitespace() {
        if !folded.is_empty() {
            folded.push(' ');
        }
        super::lexicon::push_lowercase(&mut folded, word);
    }
    xxhash_rust::xxh3::xxh3_64(folded.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROMO: &str = "Download the Daily8 app today and start exploring the news.";

    #[test]
    fn a_line_on_many_different_pages_is_boilerplate() {
        let mut l = Learner::new(3);
        for i in 0..4 {
            l.observe(&format!(
                "Story number {i} is about something else entirely here.\n{PROMO}\n"
            ));
        }
        let stats = l.finish();
        assert!(stats.is_boilerplate(PROMO));
        assert!(stats.is_boilerplate(&format!("  {}  ", PROMO.to_uppercase())));
        assert!(!stats.is_boilerplate("Story number 1 is about something else entirely here."));
    }

    #[test]
    fn a_syndicated_story_is_one_page() {
        let mut l = Learner::new(3);
        let story = "MOSCOW (Reuters) - The Kremlin said on Thursday that talks would resume next week, officials said.";
        for outlet in ["Daily8", "MSN", "Yahoo", "NewsBreak", "Inkl"] {
            l.observe(&format!(
                "{outlet} front page menu item\n{story}\nSecond paragraph of the story.\n"
            ));
        }
        let stats = l.finish();
        assert!(!stats.is_boilerplate(story));
        assert!(stats.is_empty());
    }

    #[test]
    fn a_change_of_learning_names_the_lines_it_moved() {
        let line = |s: &str| line_key(s);
        let before = CorpusStats::from_keys([line("kept both times"), line("only before")]);
        let after = CorpusStats::from_keys([line("kept both times"), line("only after")]);
        let changed = after.changed_from(&before);
        assert_eq!(changed.len(), 2);
        assert!(changed.is_boilerplate("only before") && changed.is_boilerplate("Only  After"));
        assert!(!changed.is_boilerplate("kept both times"));
        assert_eq!(CorpusStats::from_keys(after.keys()).keys(), after.keys());
        assert!(after.changed_from(&after).is_empty());
    }
}
