//! Boilerplate stripping: which blocks of a page are the article.
//!
//! Owns the per-block verdict (prose, furniture, tail marker, crosshead) and the choice of the
//! article's span: the densest run of prose (a maximum-sum segment over per-block scores),
//! taken from the first part of the page, where parts are cut at tail markers such as "Related
//! Articles", that holds substantial prose. Other stories listed after such a marker, menus,
//! captions, credits, share and promo lines fall outside or are dropped inside the span.
//! Lines the corpus repeats across many pages ([`CorpusStats`]) are furniture too.
//! Works on [`Block`]s only; knows nothing of dates, sources or files.

mod shapes;
mod span;

pub use span::run_score as span_score;

use super::corpus::CorpusStats;
use super::lexicon::Lexicon;
use super::lines::{cjk_count, Block};
use super::model::Candidates;
use rustc_hash::FxHashMap;
pub(crate) use shapes::{has_year, is_caption_or_credit, is_copyright_line};
use shapes::{is_comment_heading, is_markup_residue};
use std::hash::BuildHasher;
use std::ops::Range;

/// What a block is, before its position is considered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Running prose: long, with function words.
    Prose,
    /// A sentence too short to be sure of on its own.
    Sentence,
    /// A short line: heading, menu item, label.
    Short,
    /// Known page furniture: share lines, captions, credits, markup residue.
    Furniture,
    /// A line that is a date and little else: a byline's date above the article, but between
    /// paragraphs the mark of a list of teasers.
    DateLine,
    /// Opens the boilerplate tail ("Related Articles", "Comments").
    TailMarker,
    /// Heads a box of links ("More in World"): costly to cross, but not an end.
    SectionLabel,
}

/// The article's place in the page.
#[derive(Debug, Clone)]
pub struct Layout {
    /// Per-block verdicts.
    pub kinds: Vec<Kind>,
    /// Blocks from the first to the last of the article (header before, tail after).
    pub span: Range<usize>,
    /// Blocks inside `span` that are the article's text.
    pub keep: Vec<usize>,
}

/// Classifies every block, locates the article, and lets the fitted block model
/// ([`super::prune`]) drop kept blocks that are not the article's.
pub fn layout(blocks: &[Block], lex: &Lexicon, corpus: &CorpusStats) -> Layout {
    layout_in(blocks, lex, corpus, Markup::default())
}

/// What a page's markup says of its blocks (HTML and MHTML input); empty for a text page,
/// where none of the rules that read it applies.
#[derive(Debug, Clone, Copy, Default)]
pub struct Markup<'a> {
    /// One flag a block: inside the element that holds most of the page's text outside
    /// links. Empty when no element but the body does.
    pub in_root: &'a [bool],
    /// One number a block: the list or table it is an item or row of (0: none). Empty when
    /// unknown.
    pub list: &'a [u32],
}

/// [`layout`] of a page read from markup.
pub fn layout_in(blocks: &[Block], lex: &Lexicon, corpus: &CorpusStats, markup: Markup) -> Layout {
    let mut layout = rules_layout_in(blocks, lex, corpus, markup);
    layout.keep = super::prune::prune(blocks, &layout, markup.in_root);
    layout
}

/// [`layout`] by the rules alone, before the block model's second look.
pub fn rules_layout(blocks: &[Block], lex: &Lexicon, corpus: &CorpusStats) -> Layout {
    rules_layout_in(blocks, lex, corpus, Markup::default())
}

fn rules_layout_in(
    blocks: &[Block],
    lex: &Lexicon,
    corpus: &CorpusStats,
    markup: Markup,
) -> Layout {
    let kinds = kinds_of(blocks, lex, corpus);
    let span = span::choose_span(blocks, &kinds, markup);
    let keep = kept(blocks, &kinds, markup, span.clone());
    Layout { kinds, span, keep }
}

/// Every block's verdict, before the span is chosen.
pub(super) fn kinds_of(blocks: &[Block], lex: &Lexicon, corpus: &CorpusStats) -> Vec<Kind> {
    let has_stopwords = blocks.iter().any(|b| b.stop_density > 0.0);
    let mut kinds: Vec<Kind> = blocks
        .iter()
        .map(|b| {
            if corpus.is_boilerplate(&b.text) && !lex.is_tail_marker(&b.text) {
                Kind::Furniture
            } else {
                classify(b, lex, has_stopwords)
            }
        })
        .collect();
    mark_repeats(blocks, &mut kinds);
    soften_inline_markers(blocks, &mut kinds);
    kinds
}

/// The blocks of `span` that are the article's text.
fn kept(blocks: &[Block], kinds: &[Kind], markup: Markup, span: Range<usize>) -> Vec<usize> {
    let verdicts = Verdicts::new(blocks, kinds, markup, span.clone());
    let keep: Vec<usize> = span.filter(|&i| verdicts.keeps(i)).collect();
    drop_restatements(blocks, keep)
}

/// The candidate runs of a text page and their features, each shown as the text it would keep
/// (for fitting the span chooser's weights).
pub fn explain_span(blocks: &[Block], lex: &Lexicon) -> Candidates {
    let kinds = kinds_of(blocks, lex, &CorpusStats::default());
    span::explain(blocks, &kinds, |span| {
        let keep = kept(blocks, &kinds, Markup::default(), span);
        let texts: Vec<&str> = keep.iter().map(|&i| blocks[i].text.as_str()).collect();
        texts.join("\n")
    })
}

/// A line the page repeats is widget text (a teaser shown in several lists, a promo): a
/// second showing of a line is furniture, and a line shown three times or more is furniture
/// everywhere. Short lines (headlines, labels) are left to the title chooser and the span.
fn mark_repeats(blocks: &[Block], kinds: &mut [Kind]) {
    let mut counts: FxHashMap<&str, usize> = FxHashMap::default();
    for b in blocks.iter().filter(|b| b.words >= 3) {
        *counts.entry(b.text.as_str()).or_default() += 1;
    }
    let mut seen: FxHashMap<&str, usize> = FxHashMap::default();
    for (b, kind) in blocks.iter().zip(kinds.iter_mut()) {
        let Some(&count) = counts.get(b.text.as_str()) else {
            continue;
        };
        let nth = seen.entry(b.text.as_str()).or_default();
        *nth += 1;
        let text_like = matches!(*kind, Kind::Prose | Kind::Sentence);
        if text_like && (count >= 3 || *nth >= 2) {
            *kind = Kind::Furniture;
        }
    }
}

/// Drops a kept block whose text the article has already given (a page that repeats its
/// story in a summary or metadata block): four-word shingles, 80% already seen. Shingles are
/// kept as 64-bit hashes, so a page of one enormous paragraph costs a few bytes per word.
fn drop_restatements(blocks: &[Block], keep: Vec<usize>) -> Vec<usize> {
    let hasher = rustc_hash::FxBuildHasher;
    let mut seen = rustc_hash::FxHashSet::<u64>::default();
    let mut out = Vec::with_capacity(keep.len());
    for i in keep {
        let words: Vec<u64> = blocks[i]
            .text
            .split_whitespace()
            .map(|w| hasher.hash_one(w))
            .collect();
        let shingles: Vec<u64> = words.windows(4).map(|w| hasher.hash_one(w)).collect();
        if shingles.len() >= 16 {
            let repeated = shingles.iter().filter(|s| seen.contains(s)).count();
            if repeated * 10 >= shingles.len() * 8 {
                continue;
            }
        }
        seen.extend(shingles);
        out.push(i);
    }
    out
}

/// Blocks after a tail marker within which the article may resume.
const INLINE_BOX: usize = 12;
/// Words of the first paragraph after a marker for the article to have resumed there.
const RESUMED_PARAGRAPH: usize = 60;

/// A "Related articles" box set inside the article: the marker follows a paragraph (directly,
/// or past furniture such as "Continue reading the main story") and prose resumes within a
/// few lines. It weighs against its links but ends nothing.
fn soften_inline_markers(blocks: &[Block], kinds: &mut [Kind]) {
    let text = |k: Kind| matches!(k, Kind::Prose | Kind::Sentence);
    for i in 1..kinds.len() {
        // A comment thread's heading ends the article wherever it stands: the replies under
        // it are prose too, and must not read as the article resuming.
        if kinds[i] != Kind::TailMarker || is_comment_heading(&blocks[i].text) {
            continue;
        }
        let near =
            text(kinds[i - 1]) && kinds[i + 1..(i + 6).min(kinds.len())].contains(&Kind::Prose);
        // A longer box, or one after a "Continue reading" line: the article resumes with a
        // full paragraph, where a list of other stories has short summaries at most.
        let before = kinds[..i].iter().rposition(|&k| k != Kind::Furniture);
        let resumes = || {
            (i + 1..(i + 1 + INLINE_BOX).min(kinds.len()))
                .find(|&j| kinds[j] == Kind::Prose)
                .is_some_and(|j| blocks[j].words >= RESUMED_PARAGRAPH)
        };
        if near || (before.is_some_and(|b| text(kinds[b])) && resumes()) {
            kinds[i] = Kind::SectionLabel;
        }
    }
}

fn classify(b: &Block, lex: &Lexicon, has_stopwords: bool) -> Kind {
    if lex.is_tail_marker(&b.text) || is_comment_heading(&b.text) {
        return Kind::TailMarker;
    }
    if lex.is_section_label(&b.text) {
        return Kind::SectionLabel;
    }
    if lex.is_junk_marker(&b.text)
        || lex.is_social_promo(&b.text)
        || lex.is_reader_promo(&b.text)
        || lex.is_reporting_credit(&b.text)
        || lex.is_consent_notice(&b.text)
        || is_markup_residue(&b.text)
        || is_caption_or_credit(&b.text)
        || is_copyright_line(&b.text)
    {
        return Kind::Furniture;
    }
    if is_bare_date(b) {
        return Kind::DateLine;
    }
    let dense = !has_stopwords || b.stop_density >= 0.12;
    if b.words >= 12 && dense && (b.sentence_end || b.words >= 20) {
        Kind::Prose
    } else if (b.words >= 4 && b.sentence_end && dense) || is_cjk_clause_line(b) {
        Kind::Sentence
    } else {
        Kind::Short
    }
}

/// A line of Chinese or Japanese of 24 characters or more: a writer who breaks lines at each
/// clause ends none of them with a full stop, and such a line is a sentence all the same
/// (the labels and teaser titles of page furniture are shorter).
fn is_cjk_clause_line(b: &Block) -> bool {
    b.words >= 12 && {
        let (cjk, all) = cjk_count(b.text.chars().filter(|c| !c.is_whitespace()));
        cjk * 10 >= all * 8
    }
}

/// A line that is a date or time and little else ("November 19, 2019 / 12:21 AM").
fn is_bare_date(b: &Block) -> bool {
    b.words <= 10 && !b.sentence_end && !super::date::find_dates(&b.text).is_empty()
}

/// What deciding each block of the span needs, worked out once for the page.
struct Verdicts<'a> {
    blocks: &'a [Block],
    kinds: &'a [Kind],
    in_root: &'a [bool],
    span: Range<usize>,
    /// The span holds no prose: its short lines are all that the page has.
    fallback: bool,
    /// Blocks that are items of a list of the markup that a line of the span announces
    /// (empty for text).
    listed: Vec<bool>,
}

impl<'a> Verdicts<'a> {
    fn new(blocks: &'a [Block], kinds: &'a [Kind], markup: Markup<'a>, span: Range<usize>) -> Self {
        let list = markup.list;
        let mut listed = vec![false; list.len()];
        for items in span
            .clone()
            .filter_map(|at| span::announced_items(blocks, list, at))
        {
            listed[items].fill(true);
        }
        Verdicts {
            blocks,
            kinds,
            in_root: markup.in_root,
            fallback: !kinds[span.clone()].contains(&Kind::Prose),
            span,
            listed,
        }
    }

    /// Inside the span, prose and sentences stay; a short line stays as a crosshead when
    /// prose follows it and it is not a one-word label.
    fn keeps(&self, i: usize) -> bool {
        let (blocks, kinds) = (self.blocks, self.kinds);
        match kinds[i] {
            Kind::Prose | Kind::Sentence => true,
            // Menus and lists of links were left out of the text with the frame: inside the
            // content root, a short line is a list item, a table row or a crosshead.
            Kind::Short if self.in_root.get(i) == Some(&true) => blocks[i].words >= 1,
            Kind::Short => {
                // A crosshead heads the prose after it, unless it closes a box of links the
                // article was interrupted by.
                let in_box = || {
                    kinds[self.span.start..i]
                        .iter()
                        .rev()
                        .take_while(|k| !matches!(k, Kind::Prose | Kind::Sentence))
                        .any(|&k| k == Kind::SectionLabel)
                };
                let next_is_prose =
                    i + 1 < self.span.end && kinds[i + 1] == Kind::Prose && !in_box();
                let listed = self.listed.get(i) == Some(&true);
                blocks[i].words >= 2 && (next_is_prose || self.fallback) || listed
            }
            Kind::Furniture | Kind::DateLine | Kind::SectionLabel | Kind::TailMarker => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::lines::blocks;

    fn body_of(text: &str) -> Vec<String> {
        let lex = Lexicon::builtin();
        let b = blocks(text, &lex);
        let l = layout(&b, &lex, &CorpusStats::default());
        l.keep.iter().map(|&i| b[i].text.clone()).collect()
    }

    #[test]
    fn a_chinese_line_of_a_clause_a_line_is_a_sentence_and_a_short_label_is_not() {
        let lex = Lexicon::builtin();
        let kind = |text: &str| classify(&blocks(text, &lex)[0], &lex, false);
        assert_eq!(
            kind("一波波接續性低溫寒流報到 已將新竹尖石鄉後山一帶層層山巒披上嫣紅的彩衣"),
            Kind::Sentence
        );
        assert_eq!(kind("部落格全站分類：休閒旅遊"), Kind::Short);
    }

    const PROSE_A: &str = "The government said on Tuesday that it would raise the tax on fuel by two percent from next year, a move that was criticised by the opposition.";
    const PROSE_B: &str = "Officials said the measure was needed to close a budget gap that has widened since the start of the year, and that it would be reviewed in the spring.";
    const OTHER_STORY: &str = "In other news, a separate report said that the city council had voted to close two libraries, a decision that was taken after a long and heated debate in the chamber that lasted for most of the night and into the morning.";

    #[test]
    fn menus_and_related_tail_are_dropped() {
        let page = format!(
            "Home\nNews\nSport\nWeather\n\nFuel tax to rise\n\n{PROSE_A}\n\n{PROSE_B}\n\nShare this with Facebook\n\nRelated Articles\n\n{OTHER_STORY}\n\n{OTHER_STORY}\n\n{OTHER_STORY}\n"
        );
        assert_eq!(body_of(&page), vec![PROSE_A, PROSE_B]);
    }

    #[test]
    fn a_related_box_inside_the_article_ends_nothing_but_a_related_tail_does() {
        let long = "The plan had been discussed for months before it reached the cabinet, and several ministers had argued in private that a rise in fuel duty would hit rural voters hardest, since they have no train or bus to turn to when the price at the pump goes up, and that the money could be found elsewhere in the budget.";
        let last = "Opposition leaders said they would table an amendment next week to exempt farmers and hauliers from the rise, and several backbenchers from the governing party said they were minded to support it unless the ministry produced a full assessment of what the change would cost households outside the big cities.";
        let resumed = "After the vote, the finance committee met again to go through the figures line by line, and its chairman said that the savings promised by the ministry had been counted twice in the draft, once in the transport budget and once in the general reserve, which the ministry denied in a statement issued late on Wednesday evening, saying that the committee had misread a table in the annex.".to_string();
        let teasers = "Ministers meet in Vienna\n\nJohn Smith\n\nTalks stall over tariffs\n\nJane Doe\n\nWhy the port strike matters\n\nAnna Lee";
        let page = format!(
            "{PROSE_A}\n\n{PROSE_B}\n\n{long}\n\nContinue reading the main story\n\nRelated Articles\n\n{teasers}\n\n{resumed}\n\n{last}\n"
        );
        let got = body_of(&page);
        assert_eq!(got.len(), 5, "{got:?}");
        assert_eq!(got[3], resumed, "the article goes on after the box");
        // Short summaries after the marker are other stories: the article ends there.
        let page =
            format!("{PROSE_A}\n\n{PROSE_B}\n\nRelated Articles\n\n{teasers}\n\n{OTHER_STORY}\n");
        assert_eq!(body_of(&page), vec![PROSE_A, PROSE_B]);
    }

    #[test]
    fn captions_and_credits_inside_the_body_are_dropped() {
        let page = format!(
            "{PROSE_A}\n\nFILE PHOTO: Traders work on the floor at the New York Stock Exchange in New York, November 18, 2019. REUTERS/Brendan McDermid\n\n{PROSE_B}\n"
        );
        assert_eq!(body_of(&page), vec![PROSE_A, PROSE_B]);
    }

    #[test]
    fn a_comment_thread_under_its_heading_is_not_the_article() {
        let reply = "Great piece, thank you. I have lived near the river for thirty years and I have never seen the council act this quickly on anything, so I am glad someone finally wrote about it.";
        let page = format!(
            "{PROSE_A}\n\n{PROSE_B}\n\n2 thoughts on “Fuel tax to rise”\n\nAnna Example\n\n{reply}\n\n{reply} Really.\n"
        );
        assert_eq!(body_of(&page), vec![PROSE_A, PROSE_B]);
    }

    #[test]
    fn crossheads_stay_labels_go() {
        let page = format!("{PROSE_A}\n\nWhat happens next\n\n{PROSE_B}\n\nTags\n");
        assert_eq!(body_of(&page), vec![PROSE_A, "What happens next", PROSE_B]);
    }

    #[test]
    fn a_short_page_keeps_its_text() {
        assert_eq!(
            body_of("Tiny headline\n\nOne short sentence here.\n"),
            vec!["One short sentence here."]
        );
    }

    #[test]
    fn copyright_footers_are_furniture_but_copyright_prose_is_not() {
        for line in [
            "© Copyright Gannett 2018",
            "Copyright © 2019 The Paradigm. All Rights Reserved.",
            "(c) 2020 Kyiv Chronicle",
            "Copyright (с) ООО «Хёрст Шкулёв Паблишинг», 2019.",
            "© 2016 Example News Network. A Sample Media Company. All Rights Reserved. Terms under which this service is provided to you. Privacy Policy. Cookie settings. Ad choices.",
        ] {
            assert!(is_copyright_line(line), "{line}");
        }
        let prose = "Copyright law in the European Union is changing, and publishers say the new rules will help them.";
        assert!(!is_copyright_line(prose));
        let long = "Copyright holders of the 1990s, the court said on Monday, could not have foreseen how the recordings would be sold decades later, nor how little of the money would reach the musicians who made them.";
        assert!(!is_copyright_line(long));
        let page = format!("{PROSE_A}\n\n{PROSE_B}\n\n© Copyright Gannett 2018\n");
        assert_eq!(body_of(&page), vec![PROSE_A, PROSE_B]);
    }
}
