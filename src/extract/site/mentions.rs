//! Where and how often a page shows each site candidate's name: one pass over the page's words
//! finds every candidate and every spelling of it, and each mention is
//! tallied by zone (header, text, footer) and use (own line, label, byline, credit, legal
//! name). Knows candidates only by their spellings; the features are the parent's.

use super::Frame;
use rustc_hash::{FxHashMap, FxHashSet};
use std::ops::Range;
use xxhash_rust::xxh3::xxh3_64;

/// Where and how often the page shows one name.
#[derive(Default, Clone)]
pub(super) struct Count {
    pub(super) furniture: u32,
    pub(super) body: u32,
    pub(super) header: u32,
    pub(super) footer: u32,
    pub(super) own_line: u32,
    pub(super) label: u32,
    pub(super) byline: u32,
    pub(super) credit: u32,
    pub(super) headline: u32,
    pub(super) legal: u32,
    pub(super) bracketed: u32,
    pub(super) first: Option<usize>,
}

/// One word of a line as names are matched: the hash of its lower-cased letters and digits
/// (other characters dropped), and the byte range in the line from its first to its last
/// letter or digit. Words are what whitespace separates, so names match whatever their
/// punctuation ("Mein-MMO.de" and "meinmmode"; "mein mmo de" is three words).
struct Word {
    hash: u64,
    start: usize,
    end: usize,
}

/// The words of `text`, into `out` (`buf` is scratch space).
fn words(text: &str, out: &mut Vec<Word>, buf: &mut String) {
    out.clear();
    for (offset, token) in split_whitespace_indices(text) {
        buf.clear();
        let (mut start, mut end) = (usize::MAX, 0);
        for (at, c) in token.char_indices() {
            if crate::extract::lexicon::push_folded_char(buf, c) {
                start = start.min(offset + at);
                end = offset + at + c.len_utf8();
            }
        }
        if !buf.is_empty() {
            out.push(Word {
                hash: xxh3_64(buf.as_bytes()),
                start,
                end,
            });
        }
    }
}

/// The whitespace-separated tokens of `text`, with their byte offsets.
fn split_whitespace_indices(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(char::is_whitespace)
        .filter(|t| !t.is_empty())
        .map(move |t| (t.as_ptr() as usize - text.as_ptr() as usize, t))
}

/// Folds one more word's hash into the hash of a run of words (order matters; the run's
/// length is kept beside it in the lookup key).
fn run_key(hash: u64, word: u64) -> u64 {
    (hash ^ word)
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .rotate_left(29)
}

/// Each name's mentions, found in one pass over the page.
pub(super) struct Counts;

impl Counts {
    /// Every run of whole words on a line that spells a candidate's name (or one of its other
    /// spellings) is a mention, overlapping runs included ("Daily8" counts inside "Download
    /// Daily8" too): names are looked up as word runs, so a page costs one hash per word
    /// whatever the number of names.
    #[allow(clippy::new_ret_no_self)]
    pub(super) fn new<'n>(
        frame: &Frame,
        names: impl Iterator<Item = (&'n str, &'n [String])>,
    ) -> Vec<Count> {
        let (mut buf, mut line_words) = (String::new(), Vec::new());
        // Each spelling, keyed by its word run, with the candidates it counts for.
        let mut owners: FxHashMap<(usize, u64), Vec<usize>> = FxHashMap::default();
        let mut first_words: FxHashSet<u64> = FxHashSet::default();
        let mut longest = 0;
        let mut candidates = 0;
        for (c, (name, spellings)) in names.enumerate() {
            candidates += 1;
            for n in std::iter::once(name).chain(spellings.iter().map(String::as_str)) {
                words(n, &mut line_words, &mut buf);
                let Some(first) = line_words.first() else {
                    continue;
                };
                first_words.insert(first.hash);
                longest = longest.max(line_words.len());
                let key = line_words.iter().fold(0, |h, w| run_key(h, w.hash));
                let entry = owners.entry((line_words.len(), key)).or_default();
                if !entry.contains(&c) {
                    entry.push(c);
                }
            }
        }
        let mut per = vec![Count::default(); candidates];
        for (i, line) in frame.lines.iter().enumerate() {
            if line.len() > 2000 {
                continue;
            }
            words(line, &mut line_words, &mut buf);
            let furniture = frame.kept.binary_search(&i).is_err() && Some(i) != frame.title;
            for (at, word) in line_words.iter().enumerate() {
                if !first_words.contains(&word.hash) {
                    continue;
                }
                let mut key = 0;
                for (len, last) in line_words[at..].iter().take(longest).enumerate() {
                    key = run_key(key, last.hash);
                    for &c in owners.get(&(len + 1, key)).into_iter().flatten() {
                        tally(&mut per[c], frame, i, line, word.start..last.end, furniture);
                    }
                }
            }
        }
        per
    }
}

fn tally(c: &mut Count, frame: &Frame, i: usize, line: &str, at: Range<usize>, furniture: bool) {
    let (start, end) = (at.start, at.end);
    if furniture {
        c.furniture += 1;
    } else {
        c.body += 1;
    }
    c.header += u32::from(i < frame.body.start);
    c.footer += u32::from(i >= frame.body.end);
    c.headline += u32::from(Some(i) == frame.title);
    let rest = line[end..].trim_start();
    let before = line[..start].trim_end();
    c.own_line += u32::from(rest.is_empty() && before.is_empty());
    c.bracketed += u32::from(
        (before.ends_with('[') || before.ends_with('('))
            && (rest.starts_with(']') || rest.starts_with(')')),
    );
    c.label += u32::from(rest.starts_with(':') && !rest.starts_with("://"));
    let before_lower = before.to_lowercase();
    c.byline += u32::from(
        ["by", "von", "par", "por", "di", "from"]
            .iter()
            .any(|w| before_lower.ends_with(w) && before_lower.len() <= w.len() + 12),
    );
    c.credit += u32::from(crate::extract::source::is_credit(line));
    let after_word = rest
        .trim_start_matches([',', '.'])
        .split_whitespace()
        .next()
        .unwrap_or("");
    c.legal += u32::from(
        [
            "gmbh", "inc", "inc.", "ltd", "ltd.", "llc", "ag", "plc", "s.a.", "corp", "corp.",
        ]
        .contains(&after_word.to_lowercase().as_str()),
    );
    if c.first.is_none() {
        c.first = Some(i);
    }
}
