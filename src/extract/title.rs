//! The headline: which line before the article is its title.
//!
//! Owns the choice among header lines: a headline is a few words to a long sentence's length,
//! does not end like a sentence, is not furniture or a date, and stands close above the body.
//! A line the page repeats (site title and headline both rendered) and a line set out less
//! indented than the body (a renderer's heading) score higher. Works on blocks and verdicts.

use super::clean::{Kind, Layout};
use super::lines::Block;

/// How far above the body a headline may stand, in blocks.
const REACH: usize = 40;

/// The index of the title block, if the page has one.
pub fn choose(blocks: &[Block], layout: &Layout) -> Option<usize> {
    let start = layout.span.start;
    let body_indent = median_indent(blocks, layout);
    (start.saturating_sub(REACH)..start)
        .filter(|&i| is_candidate(&blocks[i], layout.kinds[i], i == 0))
        .map(|i| (i, score(blocks, i, start, body_indent)))
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| i)
}

fn is_candidate(b: &Block, kind: Kind, first_line: bool) -> bool {
    let min_words = if first_line { 1 } else { 2 };
    matches!(kind, Kind::Short | Kind::Sentence | Kind::Prose)
        && (min_words..=30).contains(&b.words)
        && b.text.chars().count() <= 250
        && (!b.text.ends_with('.') || b.text.ends_with("..."))
        && !b.text.ends_with(':')
        && !b.text.ends_with(',')
}

fn score(blocks: &[Block], i: usize, body_start: usize, body_indent: usize) -> f32 {
    let b = &blocks[i];
    let mut s = (b.words.min(14) as f32) / 2.0;
    s -= (body_start - i) as f32 * 0.6;
    if blocks.iter().filter(|o| o.text == b.text).count() > 1 {
        s += 6.0;
    }
    if body_indent > 0 && b.indent < body_indent {
        s += 4.0;
    }
    if b.words < 3 {
        s -= 3.0;
    }
    s
}

fn median_indent(blocks: &[Block], layout: &Layout) -> usize {
    let mut indents: Vec<usize> = layout.keep.iter().map(|&i| blocks[i].indent).collect();
    indents.sort_unstable();
    indents.get(indents.len() / 2).copied().unwrap_or(0)
}
