//! The headline: which line before the article is its title.
//!
//! Owns the choice among header lines: a headline is a few words to a long sentence's length,
//! does not end like a sentence, is not furniture or a date, and stands close above the body.
//! A line the page repeats (site title and headline both rendered) and a line set out less
//! indented than the body (a renderer's heading) score higher. Works on blocks and verdicts.

use super::clean::{Kind, Layout};
use super::lexicon::Lexicon;
use super::lines::Block;
use super::model::Candidates;
use rustc_hash::FxHashSet;
use std::hash::BuildHasher;

/// How far above the body a headline may stand, in blocks.
const REACH: usize = 80;
/// Words of a line holding a date for it to be a headline candidate too.
const DATED_HEADLINE: usize = 4;

/// The features of a title candidate, in the order [`features`] fills them and the weight file
/// names them.
pub const FEATURES: &[&str] = &[
    "words_half",
    "body_overlap",
    "opens_like_dateline",
    "first_line_over_date",
    "distance",
    "repeated",
    "outlet_name",
    "outdented",
    "few_words",
    "many_words",
    "prose",
    "above_text",
    "span_head",
    "title_case",
    "separator",
    "part",
    "markup",
    "digits",
    "byline",
    "has_date",
    "position",
    "question",
    "shouted",
    "prefix_of_line",
    "junk_marker",
    "first_line",
    "lead_overlap",
    "over_byline",
];

super::model::builtin_model!("title.tsv");

/// A possible headline: a block, or the longest part of one that carries the site's name
/// ("Headline | Site").
struct Candidate {
    block: usize,
    text: String,
    features: Vec<f32>,
}

/// The title: its block's index and its text (the block's own, or the headline part of it).
pub fn choose(blocks: &[Block], layout: &Layout) -> Option<(usize, String)> {
    let candidates = candidates(blocks, layout);
    // Certain: wire copy's first line stands over its date line ("26-FEB-1987 15:35:16.67").
    if let Some(c) = candidates
        .iter()
        .find(|c| c.features[3] > 0.0 && c.features[15] == 0.0)
    {
        return Some((c.block, c.text.clone()));
    }
    let best = model().best(candidates.iter().map(|c| c.features.as_slice()))?;
    let c = &candidates[best];
    Some((c.block, c.text.clone()))
}

/// Every candidate with its features, for fitting the weights.
pub fn explain(blocks: &[Block], layout: &Layout) -> Candidates {
    Candidates {
        names: FEATURES.to_vec(),
        rows: candidates(blocks, layout)
            .into_iter()
            .map(|c| (c.text, c.features))
            .collect(),
    }
}

/// What every candidate of a page is measured against.
struct Page<'a> {
    blocks: &'a [Block],
    kinds: &'a [Kind],
    body_start: usize,
    body_indent: usize,
    body_words: FxHashSet<u64>,
    lead_words: FxHashSet<u64>,
}

fn candidates(blocks: &[Block], layout: &Layout) -> Vec<Candidate> {
    let start = first_paragraph(blocks, layout);
    let opening = body_opening(blocks, layout, BODY_WORDS);
    let page = Page {
        blocks,
        kinds: &layout.kinds,
        body_start: start,
        body_indent: median_indent(blocks, layout),
        body_words: opening.iter().copied().collect(),
        lead_words: opening.iter().take(LEAD_WORDS).copied().collect(),
    };
    // Up to the body's first prose block, the span's short opening lines included (a lede
    // kept above the headline); nothing after it: that is the body (a crosshead, a link).
    let first_prose = layout
        .keep
        .iter()
        .copied()
        .find(|&i| layout.kinds[i] == Kind::Prose)
        .unwrap_or(start);
    let mut out = Vec::new();
    for (i, b) in blocks
        .iter()
        .enumerate()
        .take(start.max(first_prose))
        .skip(start.saturating_sub(REACH))
    {
        if is_candidate(b, layout.kinds[i], i == 0) {
            push_with_parts(&page, i, false, &mut out);
        }
    }
    if out.is_empty() {
        if let Some(i) = heading_of_span(blocks, layout) {
            push_with_parts(&page, i, true, &mut out);
        }
    }
    out
}

/// The block as a candidate, and its longest part when separators cut it ("Headline | Site").
fn push_with_parts(page: &Page, i: usize, span_head: bool, out: &mut Vec<Candidate>) {
    let text = page.blocks[i].text.as_str();
    let mut f = features(page, i, text);
    f[12] = f32::from(span_head);
    if let Some(part) = headline_part(text) {
        let mut g = features(page, i, part);
        g[12] = f[12];
        g[15] = 1.0;
        out.push(Candidate {
            block: i,
            text: part.to_owned(),
            features: g,
        });
    }
    // A breadcrumb trail is never a headline itself; its last part may be.
    if trail_separator(text).is_none() {
        out.push(Candidate {
            block: i,
            text: text.to_owned(),
            features: f,
        });
    }
}

/// The separator of the breadcrumb trail `text` is (two of it or more), if it is one.
fn trail_separator(text: &str) -> Option<&'static str> {
    TRAIL
        .iter()
        .copied()
        .find(|s| text.matches(*s).nth(1).is_some())
}

/// Separators between a headline and a site's or section's name.
const SEPARATORS: &[&str] = &[
    " | ", " - ", " – ", " — ", " :: ", " » ", " › ", " > ", " · ", " / ",
];

/// Separators of a breadcrumb trail ("Home » News » Headline"), which ends in the page's own.
const TRAIL: &[&str] = &[" » ", " › ", " > "];

/// The longest part of a line cut at separators, or the last of a breadcrumb trail (two
/// trail separators or more), when it has two words or more.
fn headline_part(text: &str) -> Option<&str> {
    let part = match trail_separator(text) {
        Some(sep) => text.rsplit(sep).next().map(str::trim),
        None => {
            let sep = SEPARATORS.iter().find(|s| text.contains(**s))?;
            text.split(sep).map(str::trim).max_by_key(|p| p.len())
        }
    };
    part.filter(|p| p.split_whitespace().nth(1).is_some() && p.len() < text.len())
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

/// Content words of the body's opening that header lines are compared with.
const BODY_WORDS: usize = 400;
/// Content words of the lede.
const LEAD_WORDS: usize = 40;

/// The first `words` content words of the body, in order, to see which header line speaks of
/// the same thing.
fn body_opening(blocks: &[Block], layout: &Layout, words: usize) -> Vec<u64> {
    let mut opening = Vec::with_capacity(words);
    for &i in &layout.keep {
        content_words(&blocks[i].text, words - opening.len(), &mut opening);
        if opening.len() == words {
            break;
        }
    }
    opening
}

/// Up to `most` content words of `text` onto `out`, as hashes of their lower-cased forms:
/// three letters or more, not function words.
fn content_words(text: &str, most: usize, out: &mut Vec<u64>) {
    let lex = Lexicon::shared();
    let mut lowered = String::new();
    let room = out.len().saturating_add(most);
    for w in text.split(|c: char| !c.is_alphanumeric()) {
        if out.len() == room {
            break;
        }
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
}

fn is_candidate(b: &Block, kind: Kind, first_line: bool) -> bool {
    let min_words = if first_line { 1 } else { 2 };
    let bullet = ["* ", "+ ", "o ", "• ", "- ", "# ", "@ "]
        .iter()
        .any(|p| b.text.starts_with(p));
    !bullet
        // A headline may hold a date ("Minutes of the board meeting of 10 October 2019").
        && (matches!(kind, Kind::Short | Kind::Sentence | Kind::Prose)
            || (kind == Kind::DateLine && b.words >= DATED_HEADLINE))
        && (min_words..=30).contains(&b.words)
        && b.text.chars().count() <= 250
        && (!b.text.ends_with('.')
            || b.text.ends_with("...")
            || !b.text.chars().any(char::is_lowercase))
        && !b.text.ends_with(':')
        && !b.text.ends_with(',')
        && !is_posting_label(&b.text)
        && !is_form_prompt(&b.text)
}

/// A form field's prompt ("Enter City and State or Zip Code", "Suchbegriff eingeben"): the
/// page's controls, never its headline.
fn is_form_prompt(text: &str) -> bool {
    const ASK: &[&str] = &[
        "enter",
        "entrez",
        "saisissez",
        "ingrese",
        "ingresa",
        "introduce",
    ];
    const ASK_LAST: &[&str] = &["eingeben"];
    const FIELDS: &[&str] = &[
        "zip",
        "code",
        "email",
        "e-mail",
        "search",
        "password",
        "keyword",
        "keywords",
        "term",
        "address",
        "suchbegriff",
        "postleitzahl",
        "plz",
        "adresse",
        "recherche",
        "búsqueda",
    ];
    let words = lower_words(text);
    let asks = words.first().is_some_and(|w| ASK.contains(&w.as_str()))
        || words.last().is_some_and(|w| ASK_LAST.contains(&w.as_str()));
    asks && words.len() <= 8 && words.iter().any(|w| FIELDS.contains(&w.as_str()))
}

/// A line that says who posted the story, when or where ("Veröffentlicht am 13. März 2019
/// von …", "Posted by …", "Published in Politics"): the story's record, never its headline.
fn is_posting_label(text: &str) -> bool {
    const LABELS: &[&str] = &[
        "published",
        "posted",
        "veröffentlicht",
        "erstellt",
        "geschrieben",
        "publié",
        "publicado",
        "pubblicato",
        "gepubliceerd",
    ];
    const LINKS: &[&str] = &[
        "by", "on", "in", "at", "am", "von", "unter", "le", "par", "el", "por", "il", "da", "op",
        "door",
    ];
    let words = lower_words(text);
    let (Some(first), Some(second)) = (words.first(), words.get(1)) else {
        return false;
    };
    LABELS.contains(&first.as_str()) && LINKS.contains(&second.as_str())
}

/// The words of `text` in lower case, without the punctuation around them (a hyphen kept:
/// "e-mail").
fn lower_words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-')
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// The candidate's features; `text` is the block's text or a part of it.
fn features(page: &Page, i: usize, text: &str) -> Vec<f32> {
    let (blocks, kinds) = (page.blocks, page.kinds);
    let b = &blocks[i];
    let mut own = Vec::new();
    content_words(text, usize::MAX, &mut own);
    let share = |set: &FxHashSet<u64>| {
        if own.is_empty() {
            0.0
        } else {
            own.iter().filter(|w| set.contains(*w)).count() as f32 / own.len() as f32
        }
    };
    let words: Vec<&str> = text.split_whitespace().collect();
    let n = words.len();
    let letters = |w: &str| w.chars().any(char::is_alphabetic);
    let capitalised = words
        .iter()
        .filter(|w| letters(w))
        .filter(|w| {
            w.chars()
                .find(|c| c.is_alphabetic())
                .is_some_and(char::is_uppercase)
        })
        .count();
    let worded = words.iter().filter(|w| letters(w)).count().max(1);
    // Distance in lines that are not furniture: share buttons and date lines between a
    // headline and its article do not separate them.
    let between = (i + 1..page.body_start)
        .filter(|&k| !matches!(kinds[k], Kind::Furniture | Kind::DateLine))
        .count();
    let chars = text.chars().count().max(1);
    let digits = text.chars().filter(char::is_ascii_digit).count();
    let mut f = vec![0.0; FEATURES.len()];
    f[0] = n.min(14) as f32 / 2.0;
    f[1] = share(&page.body_words);
    f[2] = f32::from(starts_with_dateline(text));
    f[3] = f32::from(i == 0 && kinds.get(1) == Some(&Kind::DateLine));
    f[4] = (between as f32 * 0.3).min(12.0);
    f[5] = f32::from(n >= 4 && blocks.iter().filter(|o| o.text == b.text).count() > 1);
    f[6] = f32::from(Lexicon::shared().outlet_by_name(text).is_some());
    f[7] = f32::from(page.body_indent > 0 && b.indent < page.body_indent);
    f[8] = f32::from(n < 3);
    f[9] = n.saturating_sub(20) as f32 * 0.5;
    f[10] = f32::from(kinds[i] == Kind::Prose || has_two_sentences(text));
    f[11] = f32::from(
        blocks.get(i + 1).is_some_and(|n| n.words >= 5)
            && kinds.get(i + 1) != Some(&Kind::Furniture),
    );
    f[13] = capitalised as f32 / worded as f32;
    f[14] = f32::from(SEPARATORS.iter().any(|s| text.contains(s)));
    f[16] = f32::from(text.contains('[') || text.contains("(BUTTON)") || text.contains("__"));
    f[17] = digits as f32 / chars as f32;
    f[18] = f32::from(super::lexicon::opens_with_by(text));
    f[19] = f32::from(!super::date::find_dates(text).is_empty());
    f[20] = i as f32 / page.body_start.max(1) as f32;
    f[21] = f32::from(text.ends_with('?') || text.ends_with('!'));
    f[22] = f32::from(n >= 2 && !text.chars().any(char::is_lowercase));
    f[23] = f32::from(
        n >= 2
            && blocks
                .iter()
                .any(|o| o.text.len() > text.len() + 3 && o.text.starts_with(text)),
    );
    f[24] = f32::from(Lexicon::shared().is_junk_marker(text));
    f[25] = f32::from(i == 0);
    f[26] = share(&page.lead_words);
    // Stands over the story's byline or date line ("By Jane Doe", "March 3, 2025").
    f[27] = f32::from(
        (i + 1..blocks.len().min(i + 4))
            .any(|j| kinds[j] == Kind::DateLine || blocks[j].is_byline()),
    );
    f
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

#[cfg(test)]
mod tests {
    use super::headline_part;
    use super::{is_form_prompt, is_posting_label};

    #[test]
    fn a_form_prompt_is_never_a_headline() {
        assert!(is_form_prompt("Enter City and State or Zip Code"));
        assert!(is_form_prompt("Suchbegriff eingeben"));
        assert!(is_form_prompt("Enter your email address"));
        assert!(!is_form_prompt(
            "Enter the dragon: China's navy sails past Taiwan"
        ));
        assert!(!is_form_prompt("Voters enter the booths as the polls open"));
    }

    #[test]
    fn a_posting_label_is_never_a_headline() {
        for label in [
            "Veröffentlicht am 13. März 2019 von Anna Beispiel",
            "Veröffentlicht von Anna Beispiel",
            "Posted by Jane Doe",
            "Published in Politics | Leave a comment",
            "Publié le 3 mai 2021 par Jean Exemple",
        ] {
            assert!(is_posting_label(label), "{label}");
        }
        for headline in [
            "Published works of Goethe go online",
            "Posted workers win equal pay",
            "Veröffentlichte Meinung und Öffentlichkeit",
        ] {
            assert!(!is_posting_label(headline), "{headline}");
        }
        let page = "Veröffentlicht am 13. März 2019 von Anna Beispiel\n\nWürde des Lebens: ein Projekt\n\n\
            Das Projekt fragt Schülerinnen und Schüler, was ihnen ein würdiges Leben bedeutet, und \
            sammelt ihre Antworten in einem Buch, das im Herbst in der Stadtbibliothek erscheinen \
            soll, wie die Schule am Montag mitteilte.\n\nDie Antworten reichen von der Familie bis zur \
            Arbeit, und viele Schüler nennen Freunde als das Wichtigste in ihrem Leben.\n";
        let title = crate::extract::extract(page, "p.txt").title;
        assert_ne!(
            title.as_deref(),
            Some("Veröffentlicht am 13. März 2019 von Anna Beispiel")
        );
    }

    #[test]
    fn a_headline_is_the_longest_part_or_the_end_of_a_trail() {
        assert_eq!(
            headline_part("Fuel tax to rise next year | The Daily Example"),
            Some("Fuel tax to rise next year")
        );
        assert_eq!(
            headline_part("Startseite » Aktuelles » DFV auf der Vorbereitungstagung"),
            Some("DFV auf der Vorbereitungstagung")
        );
        assert_eq!(
            headline_part("Mac & i > News > 2015 > Apple stellt neue Macs vor"),
            Some("Apple stellt neue Macs vor")
        );
        assert_eq!(headline_part("Home » News"), None);
    }
}
