//! The headline: which line before the article is its title.
//!
//! Owns the choice among header lines: a headline is a few words to a long sentence's length,
//! does not end like a sentence, is not furniture or a date, and stands close above the body.
//! A line the page repeats (site title and headline both rendered) and a line set out less
//! indented than the body (a renderer's heading) score higher. Works on blocks and verdicts.

use super::clean::{Kind, Layout};
use super::lexicon::Lexicon;
use super::lines::Block;
use rustc_hash::FxHashSet;
use std::hash::BuildHasher;

/// How far above the body a headline may stand, in blocks.
const REACH: usize = 80;

/// The index of the title block, if the page has one.
pub fn choose(blocks: &[Block], layout: &Layout) -> Option<usize> {
    let start = first_paragraph(blocks, layout);
    let body_indent = median_indent(blocks, layout);
    let body_words = body_vocabulary(blocks, layout);
    // Nothing after the body's first prose block: that is the body (a crosshead, a link).
    let first_prose = layout
        .keep
        .iter()
        .copied()
        .find(|&i| layout.kinds[i] == Kind::Prose)
        .unwrap_or(start);
    let best = (start.saturating_sub(REACH)..start.min(first_prose + 1))
        .filter(|&i| is_candidate(&blocks[i], layout.kinds[i], i == 0))
        .map(|i| {
            (
                i,
                score(blocks, &layout.kinds, i, start, body_indent, &body_words),
            )
        })
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| i);
    best.or_else(|| heading_of_span(blocks, layout))
}

/// Where the article's text surely starts: its first kept paragraph of 25 words or more (the
/// span may open with a caption or with the headline itself); the span's start otherwise.
fn first_paragraph(blocks: &[Block], layout: &Layout) -> usize {
    layout
        .keep
        .iter()
        .copied()
        .find(|&i| blocks[i].words >= 25)
        .unwrap_or(layout.span.start)
}

/// A page that opens straight with its span (wire copy: headline, date line, text) may still
/// have a headline as the span's first block: a short line that does not end a sentence.
fn heading_of_span(blocks: &[Block], layout: &Layout) -> Option<usize> {
    let first = layout.span.start;
    let rest_has_text = layout.keep.iter().any(|&i| i > first);
    (first < blocks.len()
        && rest_has_text
        && layout.kinds[first] == Kind::Short
        && is_candidate(&blocks[first], layout.kinds[first], true))
    .then_some(first)
}

/// Lower-cased words of the body's opening, to see which header line speaks of the same thing.
fn body_vocabulary(blocks: &[Block], layout: &Layout) -> FxHashSet<u64> {
    let mut vocabulary = FxHashSet::default();
    let mut room = 400;
    for &i in &layout.keep {
        let words = content_words(&blocks[i].text);
        let take = words.len().min(room);
        vocabulary.extend(&words[..take]);
        room -= take;
        if room == 0 {
            break;
        }
    }
    vocabulary
}

/// Content words, as hashes of their lower-cased forms: three letters or more, not function
/// words.
fn content_words(text: &str) -> Vec<u64> {
    let lex = Lexicon::shared();
    let mut lowered = String::new();
    let mut out = Vec::new();
    for w in text.split(|c: char| !c.is_alphanumeric()) {
        if w.len() < 3 || w.chars().nth(2).is_none() {
            continue;
        }
        let w = if w
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        {
            w
        } else {
            lowered.clear();
            super::lexicon::push_lowercase(&mut lowered, w);
            lowered.as_str()
        };
        if !lex.is_stopword(w) {
            out.push(rustc_hash::FxBuildHasher.hash_one(w));
        }
    }
    out
}

fn is_candidate(b: &Block, kind: Kind, first_line: bool) -> bool {
    let min_words = if first_line { 1 } else { 2 };
    let bullet = ["* ", "+ ", "o ", "• ", "- ", "# ", "@ "]
        .iter()
        .any(|p| b.text.starts_with(p));
    !bullet
        && matches!(kind, Kind::Short | Kind::Sentence | Kind::Prose)
        && (min_words..=30).contains(&b.words)
        && b.text.chars().count() <= 250
        && (!b.text.ends_with('.')
            || b.text.ends_with("...")
            || !b.text.chars().any(char::is_lowercase))
        && !b.text.ends_with(':')
        && !b.text.ends_with(',')
}

fn score(
    blocks: &[Block],
    kinds: &[Kind],
    i: usize,
    body_start: usize,
    body_indent: usize,
    body_words: &FxHashSet<u64>,
) -> f32 {
    let b = &blocks[i];
    let own = content_words(&b.text);
    let shared = own.iter().filter(|w| body_words.contains(*w)).count();
    let overlap = if own.is_empty() {
        0.0
    } else {
        shared as f32 / own.len() as f32
    };
    let mut s = (b.words.min(14) as f32) / 2.0 + overlap * 12.0;
    if starts_with_dateline(&b.text) {
        s -= 10.0;
    }
    if i == 0 && kinds.get(1) == Some(&Kind::DateLine) {
        s += 25.0;
    }
    // Distance in lines that are not furniture: share buttons and date lines between a
    // headline and its article do not separate them.
    let between = (i + 1..body_start)
        .filter(|&k| !matches!(kinds[k], Kind::Furniture | Kind::DateLine))
        .count();
    s -= (between as f32 * 0.3).min(12.0);
    if b.words >= 4 && blocks.iter().filter(|o| o.text == b.text).count() > 1 {
        s += 6.0;
    }
    if Lexicon::shared().outlet_by_name(&b.text).is_some() {
        s -= 20.0;
    }
    if body_indent > 0 && b.indent < body_indent {
        s += 4.0;
    }
    if b.words < 3 {
        s -= 3.0;
    }
    if b.words > 20 {
        s -= (b.words - 20) as f32 * 0.5;
    }
    if kinds[i] == Kind::Prose || has_two_sentences(&b.text) {
        s -= 5.0; // a standfirst or a caption, not a headline
    }
    if blocks.get(i + 1).is_some_and(|n| n.words >= 5) && kinds.get(i + 1) != Some(&Kind::Furniture)
    {
        s += 3.0; // a headline sits right above its standfirst or its first paragraph
    }
    s
}

fn median_indent(blocks: &[Block], layout: &Layout) -> usize {
    let mut indents: Vec<usize> = layout.keep.iter().map(|&i| blocks[i].indent).collect();
    indents.sort_unstable();
    indents.get(indents.len() / 2).copied().unwrap_or(0)
}

/// "ORLANDO, Fla., June 1 - ...": the opening of a wire story, not a headline.
fn starts_with_dateline(text: &str) -> bool {
    text.split_once(" - ")
        .or_else(|| text.split_once(" — "))
        .is_some_and(|(head, _)| {
            head.len() < 60 && head.contains(',') && !super::date::month_days(head).is_empty()
        })
}

fn has_two_sentences(text: &str) -> bool {
    super::passages::sentences(text).len() > 1
}
