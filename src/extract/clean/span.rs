//! Where the article is on the page: the span of blocks between the page's header and its
//! tail.
//!
//! Owns the densest-run search (a maximum-sum segment over per-block scores, where prose counts
//! its length and every other line costs), the parts of the page cut at tail markers, and,
//! for text, the candidate runs and the fitted weights (`data/weights/span.tsv`) that choose
//! among them: a page may hold a long comment thread, a questions box or a list of teasers
//! beside a shorter article, and the run under the headline and its byline is the article.
//! Widening a chosen run to the sentences against its ends and to a list its last line
//! announces is here too. Works on [`Block`]s and their verdicts only.

use super::{Kind, Markup};
use crate::extract::lines::{cjk_count, Block};
use crate::extract::model::Candidates;
use std::ops::Range;

/// Weight of prose outside the markup's content root in the densest-run search.
const OUTSIDE_ROOT: f32 = 0.5;

/// Minimum score of a page part for it to hold the article when parts come before it.
const SUBSTANTIAL: f32 = 250.0;

/// Every block's score for the densest-run search, worked out once for the page: the runs of
/// each part, of what is left beside them and the lines between runs all add them up.
fn scores(blocks: &[Block], kinds: &[Kind], in_root: &[bool]) -> Vec<f32> {
    blocks
        .iter()
        .zip(kinds)
        .enumerate()
        .map(|(i, (b, &k))| score(b, k, in_root.get(i).copied()))
        .collect()
}

/// Score of one block for the densest-run search: prose counts its length, the rest costs.
/// `in_root` is whether the markup puts the block inside its content root (`None` for text).
fn score(b: &Block, kind: Kind, in_root: Option<bool>) -> f32 {
    let len = b.text.chars().count() as f32;
    match (kind, in_root) {
        // A list item or crosshead of the content root: free to cross, but no reason to
        // stretch the article past its prose either (lists of other stories end many roots).
        (Kind::Short, Some(true)) => return 0.0,
        // Prose the markup sets apart from most of the page's text (a comment, a teaser's
        // summary, a bio) counts half.
        (Kind::Prose | Kind::Sentence, Some(false)) => return score(b, kind, None) * OUTSIDE_ROOT,
        _ => {}
    }
    match kind {
        Kind::Prose => len,
        Kind::Sentence => len * 0.5,
        Kind::Short => -(len.min(60.0)) - 10.0,
        Kind::Furniture => -40.0,
        Kind::DateLine => -150.0,
        Kind::SectionLabel => -300.0,
        Kind::TailMarker => f32::NEG_INFINITY,
    }
}

/// The span of the article. From markup, the best run of the first substantial part of the
/// page; from text, where no content root narrows the page, the fitted model's pick among the
/// page's dense runs ([`candidates`]).
pub(super) fn choose_span(blocks: &[Block], kinds: &[Kind], markup: Markup) -> Range<usize> {
    let run = if markup.in_root.is_empty() {
        let runs = candidates(kinds, &scores(blocks, kinds, &[]));
        let rows = features(blocks, kinds, &runs);
        model()
            .best(rows.iter().map(Vec::as_slice))
            .map(|i| runs[i].range.clone())
    } else {
        rule_run(kinds, &scores(blocks, kinds, markup.in_root))
    };
    let span = match run {
        Some(run) => widen(blocks, kinds, run, markup),
        None => fallback_span(kinds),
    };
    list_root(blocks, kinds, markup.in_root).map_or(span.clone(), |root| {
        span.start.min(root.start)..span.end.max(root.end)
    })
}

/// The rules' run: the best run of the first part of the page that holds substantial prose.
fn rule_run(kinds: &[Kind], scores: &[f32]) -> Option<Range<usize>> {
    let bests: Vec<(Range<usize>, f32)> = split_at_markers(kinds)
        .into_iter()
        .map(|p| best_run(scores, p))
        .collect();
    substantial(&bests).map(|p| bests[p].0.clone())
}

/// Which part's best run the rules take, given each part's best run and its score: the first
/// that holds substantial prose.
fn substantial(bests: &[(Range<usize>, f32)]) -> Option<usize> {
    let top = bests.iter().map(|(_, s)| *s).fold(0.0, f32::max);
    bests
        .iter()
        .position(|(_, s)| *s >= SUBSTANTIAL.min(top) && *s >= top * 0.15 && *s > 0.0)
}

/// The content root, when it is a list more than prose (a changelog, a meal plan, a table of
/// results): its short lines hold at least [`LIST_ROOT`] times the words of its prose. Such
/// a page's article is the whole root, not its one or two paragraphs. Not in scripts written
/// without spaces, where a short line is as often a sentence (a comment thread's replies).
fn list_root(blocks: &[Block], kinds: &[Kind], in_root: &[bool]) -> Option<Range<usize>> {
    let start = in_root.iter().position(|&r| r)?;
    let end = in_root.iter().rposition(|&r| r)? + 1;
    let (mut short, mut prose) = (0, 0);
    for i in start..end {
        match kinds[i] {
            Kind::Short => short += blocks[i].words,
            Kind::Prose | Kind::Sentence => prose += blocks[i].words,
            _ => {}
        }
    }
    if short < LIST_ROOT * prose.max(1) {
        return None;
    }
    let (cjk, chars) = cjk_count(blocks[start..end].iter().flat_map(|b| b.text.chars()));
    (cjk * 5 < chars).then_some(start..end)
}

/// How many times its prose's words a content root's short lines must hold for the root to
/// be a list article.
const LIST_ROOT: usize = 2;

fn split_at_markers(kinds: &[Kind]) -> Vec<Range<usize>> {
    let mut parts = Vec::new();
    let mut start = 0;
    for (i, k) in kinds.iter().enumerate() {
        if *k == Kind::TailMarker {
            parts.push(start..i);
            start = i + 1;
        }
    }
    parts.push(start..kinds.len());
    parts
}

/// Maximum-sum contiguous run of block scores within `part` (Kadane).
fn best_run(scores: &[f32], part: Range<usize>) -> (Range<usize>, f32) {
    let mut best = (part.start..part.start, 0.0f32);
    let mut start = part.start;
    let mut sum = 0.0f32;
    for i in part {
        if sum <= 0.0 {
            start = i;
            sum = 0.0;
        }
        sum += scores[i];
        if sum > best.1 {
            best = (start..i + 1, sum);
        }
    }
    best
}

/// Takes in sentences that sit right against the run's ends (a one-line lead, a closing line).
/// From markup, a list or table the run's last line announces is taken in too.
fn widen(blocks: &[Block], kinds: &[Kind], run: Range<usize>, markup: Markup) -> Range<usize> {
    let sentence = |i: usize| matches!(kinds[i], Kind::Sentence | Kind::Prose);
    let mut start = run.start;
    while start > 0 && sentence(start - 1) && blocks[start - 1].words >= 6 {
        start -= 1;
    }
    let mut end = run.end;
    while end < kinds.len() && sentence(end) && blocks[end].words >= 6 {
        end += 1;
    }
    start..announced_list(blocks, markup.list, end)
}

/// Where a list or table that the article's last line announces ("… after 36 races:"), or
/// the line right after it does ("Dare to Play 3:"), ends: the markup's list that starts
/// right after that line.
fn announced_list(blocks: &[Block], list: &[u32], end: usize) -> usize {
    let list_after = |at: usize| announced_items(blocks, list, at).map(|items| items.end);
    end.checked_sub(1)
        .and_then(list_after)
        .or_else(|| (end < blocks.len() && list.get(end) == Some(&0)).then(|| list_after(end))?)
        .unwrap_or(end)
}

/// The items of the markup's list that block `at` announces, if it announces one.
pub(super) fn announced_items(blocks: &[Block], list: &[u32], at: usize) -> Option<Range<usize>> {
    let id = *list.get(at + 1).filter(|&&id| id != 0)?;
    announces(blocks, list, at).then(|| {
        let run = list[at + 1..].iter().take_while(|&&l| l == id).count();
        at + 1..at + 1 + run
    })
}

/// Block `at` ends in a colon and is not itself an item of the list after it: what follows
/// is its list. Only markup says for certain where such a list ends (in text, "Read more:"
/// and the like announce other stories as often as a table).
fn announces(blocks: &[Block], list: &[u32], at: usize) -> bool {
    blocks[at].text.trim_end().ends_with(':') && list.get(at) != list.get(at + 1)
}

/// No part holds prose: everything that is not furniture, up to the first tail marker.
fn fallback_span(kinds: &[Kind]) -> Range<usize> {
    let end = kinds
        .iter()
        .position(|k| *k == Kind::TailMarker)
        .unwrap_or(kinds.len());
    let start = kinds[..end]
        .iter()
        .position(|k| *k != Kind::Furniture)
        .unwrap_or(end);
    start..end
}

/// The features of a candidate run, in the order [`features`] fills them.
pub const FEATURES: &[&str] = &[
    "rule",
    "share_of_top",
    "score",
    "prose_blocks",
    "prose_words",
    "start",
    "end",
    "later_part",
    "date_above",
    "headline_above",
    "headline_repeated",
    "byline_above",
    "alternation",
    "questions",
    "joined",
    "gap",
    "prose_share",
    "prose_before",
    "prose_after",
    "marker_after",
    "holds_rule",
    "dates_inside",
];

crate::extract::model::builtin_model!("span.tsv");

/// A candidate run's score by the built-in weights (for the explain example).
pub fn run_score(features: &[f32]) -> f32 {
    model().score(features)
}

/// A dense run of blocks the article may be.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub range: Range<usize>,
    /// Sum of its blocks' scores.
    pub score: f32,
    /// Which part of the page (cut at tail markers) it is in.
    pub part: usize,
    /// What the lines between the runs it joins cost (0 for a run of its own).
    pub gap: f32,
    /// The rules' own choice.
    pub rule: bool,
}

/// Dense runs of one part at most, best first.
const RUNS_PER_PART: usize = 6;
/// Score a run needs to be a candidate: about a paragraph.
const MIN_RUN: f32 = 100.0;
/// Most blocks between two runs that a joined candidate bridges.
const MAX_GAP: usize = 12;
/// Most runs a joined candidate spans.
const MAX_JOINED: usize = 3;

/// The candidate runs of a text page: in each part, the densest run, then the densest runs
/// left and right of it, and so on; then each run joined to the next one or two when few lines
/// part them (an article broken by a lyric, a fact box, a byline). The rules' run is always
/// among them, marked. `scores` are the blocks' ([`scores`], no content root).
pub fn candidates(kinds: &[Kind], scores: &[f32]) -> Vec<Run> {
    let parts = split_at_markers(kinds);
    let bests: Vec<(Range<usize>, f32)> =
        parts.iter().map(|p| best_run(scores, p.clone())).collect();
    let mut runs = Vec::new();
    for (p, part) in parts.into_iter().enumerate() {
        let mut dense = dense_runs(scores, part, bests[p].clone());
        dense.sort_by_key(|(r, _)| r.start);
        for (a, (range, own)) in dense.iter().enumerate() {
            runs.push(Run {
                range: range.clone(),
                score: *own,
                part: p,
                gap: 0.0,
                rule: false,
            });
            let (mut total, mut gap, mut end) = (*own, 0.0, range.end);
            for (next, s) in dense.iter().skip(a + 1).take(MAX_JOINED - 1) {
                if next.start - end > MAX_GAP {
                    break;
                }
                let between: f32 = scores[end..next.start].iter().sum();
                gap += between;
                total += between + s;
                end = next.end;
                runs.push(Run {
                    range: range.start..end,
                    score: total,
                    part: p,
                    gap,
                    rule: false,
                });
            }
        }
    }
    // The rules' run is its part's best; below [`MIN_RUN`] it is no dense run, and joins in.
    if let Some(p) = substantial(&bests) {
        let (rule, total) = bests[p].clone();
        match runs.iter_mut().find(|r| r.range == rule) {
            Some(r) => r.rule = true,
            None => runs.push(Run {
                range: rule,
                score: total,
                part: p,
                gap: 0.0,
                rule: true,
            }),
        }
    }
    runs
}

/// Up to [`RUNS_PER_PART`] disjoint runs of `part` scoring [`MIN_RUN`] or more: the densest
/// (`best_of_part`, already found), then the densest of what is left on either side, best
/// first.
fn dense_runs(
    scores: &[f32],
    part: Range<usize>,
    best_of_part: (Range<usize>, f32),
) -> Vec<(Range<usize>, f32)> {
    // Each pending stretch of the part with its own densest run.
    let best = |r: Range<usize>| (r.clone(), best_run(scores, r));
    let mut pending = vec![(part, best_of_part)];
    let mut out = Vec::new();
    while out.len() < RUNS_PER_PART {
        let Some(top) =
            (0..pending.len()).max_by(|&a, &b| pending[a].1 .1.total_cmp(&pending[b].1 .1))
        else {
            break;
        };
        let (within, (run, s)) = pending.swap_remove(top);
        if s < MIN_RUN || run.is_empty() {
            break;
        }
        for side in [within.start..run.start, run.end..within.end] {
            if !side.is_empty() {
                pending.push(best(side));
            }
        }
        out.push((run, s));
    }
    out
}

/// Each candidate's features (see [`FEATURES`]).
pub fn features(blocks: &[Block], kinds: &[Kind], runs: &[Run]) -> Vec<Vec<f32>> {
    let ln = |n: usize| (n as f32).ln_1p();
    let prose = |i: usize| kinds[i] == Kind::Prose;
    let top = runs.iter().map(|r| r.score).fold(1.0, f32::max);
    let page_prose: usize = (0..blocks.len())
        .filter(|&i| prose(i))
        .map(|i| blocks[i].text.len())
        .sum();
    let n = blocks.len().max(1) as f32;
    // prose_upto[i]: the prose blocks before block i.
    let prose_upto: Vec<usize> = std::iter::once(0)
        .chain((0..blocks.len()).scan(0, |seen, i| {
            *seen += usize::from(prose(i));
            Some(*seen)
        }))
        .collect();
    let rule = runs.iter().find(|r| r.rule).map(|r| r.range.clone());
    runs.iter()
        .map(|run| {
            let r = run.range.clone();
            let prose_in: Vec<usize> = r.clone().filter(|&i| prose(i)).collect();
            let prose_words: usize = prose_in.iter().map(|&i| blocks[i].words).sum();
            let prose_chars: usize = prose_in.iter().map(|&i| blocks[i].text.len()).sum();
            let entries = r
                .clone()
                .skip(1)
                .filter(|&i| prose(i) && !prose(i - 1))
                .count();
            let questions = r
                .clone()
                .filter(|&i| blocks[i].text.trim_end().ends_with('?'))
                .count();
            let after = (r.end..blocks.len()).find(|&i| kinds[i] != Kind::Furniture);
            let mut f = vec![0.0; FEATURES.len()];
            f[0] = f32::from(run.rule);
            f[1] = run.score / top;
            f[2] = run.score.max(0.0).ln_1p();
            f[3] = ln(prose_in.len());
            f[4] = ln(prose_words / prose_in.len().max(1));
            f[5] = r.start as f32 / n;
            f[6] = r.end as f32 / n;
            f[7] = run.part.min(3) as f32;
            f[8..12].copy_from_slice(&head_features(blocks, kinds, r.clone()));
            f[12] = entries as f32 / prose_in.len().max(1) as f32;
            f[13] = questions as f32 / r.len().max(1) as f32;
            f[14] = f32::from(run.gap != 0.0);
            f[15] = (-run.gap).max(0.0).ln_1p();
            f[16] = prose_chars as f32 / page_prose.max(1) as f32;
            f[17] = ln(prose_upto[r.start]);
            f[18] = ln(prose_upto[blocks.len()] - prose_upto[r.end]);
            f[19] = f32::from(
                after.is_some_and(|i| matches!(kinds[i], Kind::TailMarker | Kind::SectionLabel)),
            );
            f[20] = f32::from(
                rule.as_ref()
                    .is_some_and(|q| r.start <= q.start && q.end <= r.end),
            );
            f[21] = r.clone().filter(|&i| kinds[i] == Kind::DateLine).count() as f32
                / prose_in.len().max(1) as f32;
            f
        })
        .collect()
}

/// What heads a run, as features 8 to 11: a date line just above it or at its top, a
/// headline-shaped line in the four blocks above it, whether the page shows that headline
/// again, and a byline above it or at its top.
fn head_features(blocks: &[Block], kinds: &[Kind], r: Range<usize>) -> [f32; 4] {
    let headline = (r.start.saturating_sub(4)..r.start)
        .rev()
        .find(|&i| is_headline(&blocks[i], kinds[i]));
    let top = (r.start + 2).min(r.end);
    [
        f32::from((r.start.saturating_sub(5)..top).any(|i| kinds[i] == Kind::DateLine)),
        f32::from(headline.is_some()),
        f32::from(headline.is_some_and(|h| repeated(blocks, h))),
        f32::from((r.start.saturating_sub(4)..top).any(|i| blocks[i].is_byline())),
    ]
}

/// A headline's shape: a short line of three to 25 words that does not end like a sentence.
fn is_headline(b: &Block, kind: Kind) -> bool {
    matches!(kind, Kind::Short | Kind::Sentence) && (3..=25).contains(&b.words) && !b.sentence_end
}

/// The page shows the line again elsewhere, whole or inside a longer line (a headline that
/// is also the page's title, its breadcrumb's last step, a share line's text).
fn repeated(blocks: &[Block], at: usize) -> bool {
    let text = blocks[at].text.as_str();
    blocks
        .iter()
        .enumerate()
        .any(|(i, b)| i != at && b.words <= 40 && b.text.contains(text))
}

/// Every candidate run of a text page with its features, each shown as the text the rules would
/// keep under it (for fitting the weights).
pub fn explain(
    blocks: &[Block],
    kinds: &[Kind],
    kept: impl Fn(Range<usize>) -> String,
) -> Candidates {
    let runs = candidates(kinds, &scores(blocks, kinds, &[]));
    let rows = features(blocks, kinds, &runs);
    Candidates {
        names: FEATURES.to_vec(),
        rows: runs
            .iter()
            .zip(rows)
            .map(|(run, f)| {
                let span = widen(blocks, kinds, run.range.clone(), Markup::default());
                (kept(span), f)
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::clean::kinds_of;
    use crate::extract::corpus::CorpusStats;
    use crate::extract::lexicon::Lexicon;
    use crate::extract::lines::blocks;

    const PROSE: [&str; 4] = [
        "The council voted on Tuesday to close the old bridge to all traffic for a year, starting in the first week of May.",
        "Engineers found that two of its stone piers had been badly weakened by the spring floods and could give way.",
        "A ferry will run every half hour while the piers are rebuilt, and fares will be waived for residents, the council said.",
        "Shops on both banks said they feared losing trade for the whole of the summer, when most of their visitors come.",
    ];

    fn runs_of(page: &str) -> (Vec<Block>, Vec<Run>) {
        let lex = Lexicon::builtin();
        let b = blocks(page, &lex);
        let kinds = kinds_of(&b, &lex, &CorpusStats::default());
        let runs = candidates(&kinds, &scores(&b, &kinds, &[]));
        (b, runs)
    }

    #[test]
    fn runs_are_disjoint_the_rules_run_is_marked_and_near_runs_are_joined() {
        let menu = "Home\nNews\nSport\nWeather\nTravel\nCulture\nMore";
        let verse = "Over the river and down by the mill\nThe water comes in and the water stands still\nWe waited for morning, we waited in vain\nThe boats never came and the bells rang again\nSo we walked to the bridge with our lanterns alight\nAnd we sang to the river the whole of the night";
        let [a, b2, c, d] = PROSE;
        let page = format!(
            "{menu}\n\nBridge to close\n\n{a}\n\n{b2}\n\n{verse}\n\n{c}\n\n{menu}\n{menu}\n\n{d}\n"
        );
        let (b, runs) = runs_of(&page);
        let own: Vec<&Run> = runs.iter().filter(|r| r.gap == 0.0).collect();
        for (i, a) in own.iter().enumerate() {
            for c in &own[i + 1..] {
                assert!(
                    a.range.end <= c.range.start || c.range.end <= a.range.start,
                    "{runs:?}"
                );
            }
        }
        assert_eq!(runs.iter().filter(|r| r.rule).count(), 1, "{runs:?}");
        // The two paragraphs before the verse, the one after it, joined across the verse.
        let text = |r: &Run| {
            b[r.range.clone()]
                .iter()
                .map(|b| b.text.as_str())
                .collect::<Vec<_>>()
        };
        let joined = runs
            .iter()
            .find(|r| r.gap < 0.0 && text(r).contains(&c))
            .expect("a run joined across the verse");
        assert!(text(joined).contains(&a) && text(joined).contains(&b2));
        // Fourteen menu lines are too many to bridge.
        assert!(!runs
            .iter()
            .any(|r| text(r).contains(&c) && text(r).contains(&d)));
    }

    #[test]
    fn a_page_without_prose_has_no_run() {
        let (_, runs) = runs_of("Home\nNews\nSport\n");
        assert!(runs.is_empty());
    }
}
