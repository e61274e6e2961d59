//! Text to blocks: one block per paragraph, with the measurements the cleaner decides on.
//!
//! Owns the shape of a page: white-space normalisation, joining hard-wrapped lines back into
//! paragraphs (wire copy wrapped at ~65 columns), and per-block features (words, function-word
//! density, closing punctuation, indentation). It does not decide what is boilerplate.

use super::lexicon::{Lexicon, LANGUAGE_SAMPLE};

/// One paragraph of the page as the saved file shows it.
#[derive(Debug, Clone)]
pub struct Block {
    /// The paragraph, trimmed, inner runs of white space folded to one space.
    pub text: String,
    /// Leading spaces of its first line (tabs count as four).
    pub indent: usize,
    /// Words: white-space separated runs holding a letter; CJK text counts two characters a word.
    pub words: usize,
    /// Share of words that are function words of the page's language.
    pub stop_density: f32,
    /// Ends like a sentence (`.`, `!`, `?`, `…`, a closing quote after one of those).
    pub sentence_end: bool,
}

impl Block {
    fn new(text: String, indent: usize, stops: u32) -> Block {
        let words = count_words(&text);
        let stop_density = if words == 0 {
            0.0
        } else {
            stops as f32 / words as f32
        };
        let sentence_end = ends_like_sentence(&text);
        Block {
            text,
            indent,
            words,
            stop_density,
            sentence_end,
        }
    }

    /// "By Jane Doe", "Von Tim Ehlers": a byline of a few words.
    pub fn is_byline(&self) -> bool {
        self.words <= 8 && super::lexicon::opens_with_by(&self.text)
    }
}

/// Splits `text` into blocks: one per non-blank line, after hard-wrapped paragraphs are joined.
pub fn blocks(text: &str, lexicon: &Lexicon) -> Vec<Block> {
    let raw: Vec<(usize, String)> = text.lines().map(split_indent).collect();
    let raw = if is_hard_wrapped(&raw) {
        unwrap(raw)
    } else {
        rejoin_broken_lines(raw)
    };
    measure(raw, lexicon)
}

/// Width of a line that may have been broken at a margin.
const BROKEN_AT: usize = 50;

/// A page of one-line paragraphs may still hold text broken into lines where it was written
/// (a `<pre>` block, mail quoted into a blog): a long line that stops in mid-sentence and a
/// next line at the same indent that goes on in lower case, to the margin again or to the
/// sentence's end, are one paragraph.
fn rejoin_broken_lines(lines: Vec<(usize, String)>) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::with_capacity(lines.len());
    // The line before stopped in mid-sentence, as long as a line broken at a margin.
    let mut broken = false;
    for (indent, text) in lines {
        // The continuation is broken again or ends the sentence: a short line that does
        // neither under a headline is its byline ("von Stefan Niggemeier").
        let long = text.chars().count() >= BROKEN_AT;
        let ends = ends_like_sentence(&text);
        let opens_lower = text.chars().next().is_some_and(char::is_lowercase);
        let goes_on = opens_lower && (long || ends);
        let breaks = long && !ends;
        if let Some(cap) = opens_lower.then(|| drop_cap(&mut out)).flatten() {
            cap.push_str(&text);
            continue;
        }
        match out.last_mut() {
            Some((prev_indent, prev)) if broken && goes_on && *prev_indent == indent => {
                join_wrapped(prev, &text);
            }
            _ => out.push((indent, text)),
        }
        broken = breaks;
    }
    out
}

/// The drop cap a line opening in lower case goes on from: the paragraph's first letter set
/// large in the page and saved as a line of its own ("T", then "urkey, Poland and …"). It is
/// the last line with text so far, one capital letter and nothing else.
fn drop_cap(out: &mut [(usize, String)]) -> Option<&mut String> {
    let (_, prev) = out.iter_mut().rev().find(|(_, t)| !t.is_empty())?;
    let mut chars = prev.chars();
    let is_cap = chars.next().is_some_and(char::is_uppercase) && chars.next().is_none();
    is_cap.then_some(prev)
}

/// [`blocks`] of the text read from a page's markup, where every line is one element's
/// text: never joined, however short the lines of a table or list run.
fn markup_blocks(text: &str, lexicon: &Lexicon) -> Vec<Block> {
    measure(text.lines().map(split_indent).collect(), lexicon)
}

/// The blocks of a page's text as `extract::page_text` gives it: [`markup_blocks`] when it
/// was read from markup, else [`blocks`].
pub fn page_blocks(text: &str, markup: bool, lexicon: &Lexicon) -> Vec<Block> {
    if markup {
        markup_blocks(text, lexicon)
    } else {
        blocks(text, lexicon)
    }
}

fn measure(raw: Vec<(usize, String)>, lexicon: &Lexicon) -> Vec<Block> {
    // Each block's function words are counted once, for every language; the page's
    // language is the one most frequent in its opening.
    let raw: Vec<(usize, String, [u32; 16])> = raw
        .into_iter()
        .filter(|(_, t)| !t.is_empty())
        .map(|(indent, t)| {
            let counts = lexicon.stopword_counts(&t);
            (indent, t, counts)
        })
        .collect();
    let mut page = [0u32; 16];
    let (mut read, mut words) = (0, 0);
    for (_, t, counts) in &raw {
        if read >= LANGUAGE_SAMPLE {
            break;
        }
        read += t.len();
        let n = count_words(t);
        if n >= PARAGRAPH_WORDS {
            words += n;
            page.iter_mut().zip(counts).for_each(|(p, c)| *p += c);
        }
    }
    let lang = lexicon.most_likely(&page);
    // A language none of the lists knows matches a few short words of some list by chance:
    // its paragraphs would all read as too thin for prose. Density is no evidence there.
    let known = page[lang] as f32 >= KNOWN_LANGUAGE * words as f32;
    raw.into_iter()
        .map(|(indent, t, counts)| Block::new(t, indent, if known { counts[lang] } else { 0 }))
        .collect()
}

/// Words of a block long enough to be a paragraph when the page's language is measured.
const PARAGRAPH_WORDS: usize = 12;
/// Share of a page's paragraph words that are function words of its language, below which
/// the language is none of those listed (English prose runs at 0.4, Czech read as Polish
/// at 0.07).
const KNOWN_LANGUAGE: f32 = 0.1;

fn split_indent(line: &str) -> (usize, String) {
    let indent = line
        .chars()
        .take_while(|c| c.is_whitespace())
        .map(|c| if c == '\t' { 4 } else { 1 })
        .sum();
    (indent, fold_space(line))
}

/// Trims and folds runs of white space (including no-break and zero-width spaces) to one space.
pub fn fold_space(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for word in line
        .split(|c: char| c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}')
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Hard-wrapped copy: the long lines end near one column (≤ 90) and many of them stop in
/// mid-sentence, which one-line paragraphs never do.
fn is_hard_wrapped(lines: &[(usize, String)]) -> bool {
    let long: Vec<&(usize, String)> = lines
        .iter()
        .filter(|(i, t)| i + t.chars().count() >= 30)
        .collect();
    if long.len() < 2 {
        return false;
    }
    let width = |(i, t): &&(usize, String)| i + t.chars().count();
    let max = long.iter().map(width).max().unwrap_or(0);
    let near_margin = long.iter().filter(|l| width(l) + 20 >= max).count();
    let mid_sentence = long.iter().filter(|(_, t)| !ends_like_sentence(t)).count();
    let shaped = near_margin * 10 >= long.len() * 6 && mid_sentence * 10 >= long.len() * 4;
    max <= 90 && (shaped || continued(lines, max) >= 2)
}

/// Lines that reach the margin mid-sentence and go on, at the margin, in lower case or with a
/// figure on the next line: wrapped text even where tables of short rows fill the rest of the
/// page.
fn continued(lines: &[(usize, String)], margin: usize) -> usize {
    lines
        .windows(2)
        .filter(|pair| {
            let [(i, t), (next_indent, next)] = pair else {
                return false;
            };
            let goes_on = next
                .chars()
                .next()
                .is_some_and(|c| c.is_lowercase() || c.is_ascii_digit());
            i + t.chars().count() + 20 >= margin
                && !ends_like_sentence(t)
                && *next_indent == 0
                && goes_on
        })
        .count()
}

/// Joins a wrapped line with the next one when the next starts at the margin (wire copy
/// indents each new paragraph and its " Reuter" sign-off), unless the line itself stopped
/// well short of the margin (a heading, a date line, a paragraph's end). A short line that
/// stops mid-sentence is joined too when the next goes on in lower case, or when the page
/// marks its paragraphs by indenting them (a line at the margin then always goes on).
fn unwrap(lines: Vec<(usize, String)>) -> Vec<(usize, String)> {
    let margin = lines
        .iter()
        .map(|(i, t)| i + t.chars().count())
        .max()
        .unwrap_or(0);
    let indented = indents_paragraphs(&lines);
    let mut out: Vec<(usize, String)> = Vec::new();
    let (mut open, mut dangling) = (false, false);
    for (indent, text) in lines {
        let width = indent + text.chars().count();
        let goes_on = text.chars().next().is_some_and(char::is_lowercase);
        // A line with no lower case (a date line, a headline) never continues a short one.
        let prose = text.chars().any(char::is_lowercase);
        match out.last_mut() {
            Some((_, prev))
                if (open || (dangling && prose && (goes_on || indented)))
                    && !text.is_empty()
                    && indent == 0 =>
            {
                join_wrapped(prev, &text);
            }
            _ => out.push((indent, text.clone())),
        }
        let headline = !text.chars().any(char::is_lowercase);
        open = !text.is_empty() && !headline && width * 4 >= margin * 3;
        dangling = !text.is_empty() && !headline && !ends_like_sentence(&text);
    }
    out
}

/// The page starts its paragraphs with an indent: at least two indented lines follow a line
/// that ends a sentence.
fn indents_paragraphs(lines: &[(usize, String)]) -> bool {
    lines
        .windows(2)
        .filter(|pair| {
            let [(_, t), (next_indent, next)] = pair else {
                return false;
            };
            ends_like_sentence(t) && *next_indent > 0 && !next.is_empty()
        })
        .count()
        >= 2
}

/// Appends a wrapped line's continuation. A line that ends in a hyphen after a letter was
/// broken inside a word: the continuation follows with no space. The hyphen goes when the
/// broken word is a name and goes on in lower case ("Lav-" / "rov"); it stays in a compound
/// ("long-" / "term", "Rimsky-" / "Korsakov").
fn join_wrapped(prev: &mut String, next: &str) {
    let stem = prev.strip_suffix('-').map(|p| {
        let start = p
            .rfind(|c: char| !c.is_alphabetic())
            .map_or(0, |i| i + p[i..].chars().next().map_or(1, char::len_utf8));
        &p[start..]
    });
    match stem {
        Some(word) if !word.is_empty() => {
            let name = word.chars().next().is_some_and(char::is_uppercase)
                && word.chars().skip(1).all(char::is_lowercase);
            if name && next.chars().next().is_some_and(char::is_lowercase) {
                prev.pop();
            }
        }
        _ => prev.push(' '),
    }
    prev.push_str(next);
}

fn count_words(text: &str) -> usize {
    let cjk = text.chars().filter(|&c| is_cjk(c)).count();
    let spaced = text
        .split_whitespace()
        .filter(|w| w.chars().any(|c| c.is_alphabetic() && !is_cjk(c)))
        .count();
    spaced + cjk / 2
}

/// Of `chars`, how many are Chinese, Japanese or Korean, and how many there are.
pub(crate) fn cjk_count(chars: impl Iterator<Item = char>) -> (usize, usize) {
    chars.fold((0, 0), |(cjk, all), c| {
        (cjk + usize::from(is_cjk(c)), all + 1)
    })
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30ff | 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xac00..=0xd7af)
}

pub(crate) fn ends_like_sentence(text: &str) -> bool {
    let trimmed = text.trim_end_matches(['"', '”', '’', '\'', ')', '»', ']', ' ']);
    trimmed.ends_with(['.', '!', '?', '…', '。', '！', '？', ':', ';'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexicon() -> Lexicon {
        Lexicon::builtin()
    }

    #[test]
    fn a_name_broken_at_the_line_end_is_rejoined() {
        let mut line = String::from("talks with Foreign Minister Sergei Lav-");
        join_wrapped(&mut line, "rov on Thursday");
        assert_eq!(
            line,
            "talks with Foreign Minister Sergei Lavrov on Thursday"
        );
        let mut line = String::from("a long-");
        join_wrapped(&mut line, "term plan by Rimsky-");
        join_wrapped(&mut line, "Korsakov and");
        join_wrapped(&mut line, "others -");
        join_wrapped(&mut line, "all");
        assert_eq!(line, "a long-term plan by Rimsky-Korsakov and others - all");
    }

    #[test]
    fn a_drop_cap_saved_on_its_own_line_opens_its_paragraph_again() {
        let text = "01 October 2020\n\nT\n\nurkey, Poland and the Caribbean islands of Bonaire have been removed from the list.\n\nA\n\nB\n\nIndex\n\nI\n\nThe next paragraph opens in capitals.\n";
        let b = blocks(text, &lexicon());
        let texts: Vec<&str> = b.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "01 October 2020",
                "Turkey, Poland and the Caribbean islands of Bonaire have been removed from the list.",
                "A",
                "B",
                "Index",
                "I",
                "The next paragraph opens in capitals.",
            ]
        );
    }

    #[test]
    fn wire_copy_is_unwrapped_into_paragraphs() {
        let text = [
            "BAHIA COCOA REVIEW",
            "26-FEB-1987 15:01:01.79",
            "",
            "SALVADOR, Feb 26 - Showers continued throughout the week in the",
            "Bahia cocoa zone, alleviating the drought since early January and",
            "improving prospects for the coming temporao, although normal",
            "humidity levels have not been restored, Comissaria Smith said.",
            "    The dry period means the temporao will be late this year.",
            "    Arrivals for the week ended February 22 were 155,221 bags of",
            "60 kilos making a cumulative total for the season of 5.93 mln",
            "against 5.81 at the same stage last year.",
            " Reuter",
        ]
        .join("\n");
        let text = text.as_str();
        let b = blocks(text, &lexicon());
        let texts: Vec<&str> = b.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts[0], "BAHIA COCOA REVIEW");
        assert_eq!(texts[1], "26-FEB-1987 15:01:01.79");
        assert!(texts[2].starts_with("SALVADOR, Feb 26 - Showers"));
        assert!(texts[2].ends_with("Comissaria Smith said."));
        assert_eq!(
            texts[3],
            "The dry period means the temporao will be late this year."
        );
        assert!(texts[4].ends_with("same stage last year."));
        assert_eq!(texts[5], "Reuter");
    }

    #[test]
    fn a_wrapped_paragraph_goes_on_past_a_short_line() {
        // Wire copy: paragraphs start indented, lines wrap near 60 columns, and a line may
        // stop short (before a long word) in mid-sentence; a results table follows.
        let text = concat!(
            "FIRMS SELL GENERATORS FOR DAM\n\n",
            "TOKYO, March 16 - A Japanese consortium will supply 10\n",
            "generators worth 10 billion yen to a\n",
            "joint Argentine/Paraguay dam project, an official said.\n",
            "    The presidents of the three firms in the consortium will\n",
            "sign the contract later this month, the official said.\n",
            "    Net 4.48 billion vs 4.19 billion\n",
            "    Sales 103.53 billion vs 94.39 billion\n",
        );
        let b = blocks(text, &lexicon());
        let texts: Vec<&str> = b.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts.len(), 5, "{texts:?}");
        assert!(texts[1].starts_with("TOKYO") && texts[1].ends_with("an official said."));
        assert!(texts[2].ends_with("later this month, the official said."));
    }

    #[test]
    fn text_broken_where_it_was_written_is_one_paragraph_and_a_byline_stays_apart() {
        let text = concat!(
            "Meetings of the harbour board resume after the long winter break\n",
            "von Anna Beispiel\n",
            "\n",
            "   The board said on Monday that the talks with the ferry company were\n",
            "   going well, and that a new tariff for cargo ships could be agreed\n",
            "   before the summer.\n",
            "   Another paragraph is one line, however long, as the rest of this page is: it goes on past any margin a renderer might break at.\n",
        );
        let b = blocks(text, &lexicon());
        let texts: Vec<&str> = b.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts.len(), 4, "{texts:?}");
        assert_eq!(texts[1], "von Anna Beispiel");
        assert!(texts[2].starts_with("The board said") && texts[2].ends_with("before the summer."));
    }

    #[test]
    fn unwrapped_pages_keep_one_block_per_line() {
        let text = "Short title\n\nA long paragraph that is one line however long it is, with the words of a real sentence in it.\nAnother.\n";
        assert_eq!(blocks(text, &lexicon()).len(), 3);
    }

    #[test]
    fn features() {
        let b = &blocks(
            "   The minister said that the talks were over.\n",
            &lexicon(),
        )[0];
        assert_eq!(b.indent, 3);
        assert_eq!(b.words, 8);
        assert!(b.sentence_end);
        assert!(b.stop_density > 0.3);
        let menu = &blocks("Home News Sport Weather\n", &lexicon())[0];
        assert!(!menu.sentence_end);
        assert_eq!(menu.stop_density, 0.0);
    }
}
