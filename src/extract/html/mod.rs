//! Saved HTML and MHTML pages: the markup read into the text reader's blocks, and the facts
//! the markup states (JSON-LD, OpenGraph, `<meta>`, `<time>`) as the choosers' first answers.
//!
//! Owns which files are markup (by extension), taking the HTML part out of an MHTML file,
//! decoding with the page's declared charset, and parsing with html5ever (through
//! `scraper`). The page's text then goes through the same reader as a saved text page
//! (blocks, boilerplate, passages), so both inputs make the same articles; the markup's
//! facts win where it has them. Pure: bytes in, text and facts out; no index here.

pub mod charset;
pub mod dom;
pub mod meta;
pub mod mhtml;

use super::decode::DecodeError;
use meta::Markup;
use std::path::Path;

/// How a file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text.
    Text,
    /// An HTML document.
    Html,
    /// A browser's single-file save (MIME multipart holding the HTML).
    Mhtml,
}

/// The format of `path`, by its extension; `None` for a file that is not a saved page.
pub fn format_of(path: &Path) -> Option<Format> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "txt" => Some(Format::Text),
        "html" | "htm" | "xhtml" | "shtml" => Some(Format::Html),
        "mhtml" | "mht" => Some(Format::Mhtml),
        _ => None,
    }
}

/// Deepest nesting of container elements parsed: the HTML parser's time grows with the
/// square of the depth (20,000 nested `<div>`s: 0.7 s; 100,000: 17 s), and pages people
/// save nest a few dozen deep.
const MAX_NESTING: usize = 2_000;

/// Container elements, which the parser never closes on its own.
const CONTAINERS: &[&[u8]] = &[
    b"div",
    b"span",
    b"section",
    b"article",
    b"aside",
    b"main",
    b"nav",
    b"header",
    b"footer",
    b"blockquote",
    b"ul",
    b"ol",
    b"table",
    b"font",
    b"center",
    b"figure",
    b"form",
    b"a",
];

/// How deep container elements nest in `html`, by their tags alone (a lexical scan: no
/// parse, comments and scripts not told apart, which can only overcount).
fn nesting(html: &str) -> usize {
    let bytes = html.as_bytes();
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut at = 0;
    while let Some(found) = bytes[at..].iter().position(|&c| c == b'<') {
        let start = at + found + 1;
        let close = bytes.get(start) == Some(&b'/');
        let name_at = start + usize::from(close);
        let len = bytes[name_at..]
            .iter()
            .take(12)
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        let name = bytes[name_at..name_at + len].to_ascii_lowercase();
        if len > 0 && CONTAINERS.contains(&name.as_slice()) {
            if close {
                depth = depth.saturating_sub(1);
            } else {
                depth += 1;
                deepest = deepest.max(depth);
            }
        }
        at = name_at + len;
    }
    deepest
}

/// The date the whole page's text `all` shows below its headline (the date chooser over
/// every visible line, the body taken to start after the headline's line).
pub fn page_date(all: &str, title: Option<&str>) -> Option<chrono::NaiveDate> {
    let lines: Vec<&str> = all
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let at = title.and_then(|t| lines.iter().position(|l| *l == t));
    let body = at.map_or(0, |i| i + 1)..lines.len();
    super::date::choose(&lines, body, at, "")
}

/// A markup page read: its text as blocks, and what its markup says.
pub struct Read {
    /// One line per block, blank lines between.
    pub text: String,
    /// The markup's facts.
    pub markup: Markup,
    /// What the markup says of each line of `text`.
    pub structure: dom::Structure,
}

/// Reads an HTML (`mhtml` false) or MHTML page's bytes.
pub fn read(bytes: &[u8], mhtml: bool) -> Result<Read, DecodeError> {
    let html = if mhtml {
        let (part, charset) = mhtml::html_part(bytes).ok_or(DecodeError::NoHtmlPart)?;
        charset::decode(&part, charset.as_deref())?
    } else {
        charset::decode(bytes, None)?
    };
    let depth = nesting(&html);
    if depth > MAX_NESTING {
        return Err(DecodeError::TooDeep(depth));
    }
    let doc = scraper::Html::parse_document(&html);
    let (text, structure) = dom::text_and_structure(&doc);
    let mut markup = meta::read(&doc);
    // Read for a date only when the markup states none (its stated date wins otherwise), and
    // for a copyright notice only when it names no site.
    if markup.date.is_none() || markup.site.is_none() {
        let whole = dom::all_text(&doc);
        if markup.site.is_none() {
            markup.copyright_owner = copyright_owner(&whole);
        }
        if markup.date.is_none() {
            markup.whole_text = whole;
        }
    }
    if text.trim().is_empty() && markup.title.is_none() {
        return Err(DecodeError::Empty);
    }
    Ok(Read {
        text,
        markup,
        structure,
    })
}

/// The owner named by the last copyright notice of a page's text (a footer's, usually).
fn copyright_owner(whole: &str) -> Option<String> {
    let lex = super::lexicon::Lexicon::shared();
    whole
        .lines()
        .rev()
        .filter(|l| !l.trim().is_empty())
        .take(COPYRIGHT_LINES)
        .find_map(|l| super::source::copyright_owner(l, lex))
}

/// Lines from the end of a page searched for its copyright notice.
const COPYRIGHT_LINES: usize = 200;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_nesting_is_refused_before_parsing() {
        let deep = format!(
            "{}deep{}",
            "<div>".repeat(100_000),
            "</div>".repeat(100_000)
        );
        let t = std::time::Instant::now();
        assert!(matches!(
            read(deep.as_bytes(), false),
            Err(DecodeError::TooDeep(100_000))
        ));
        assert!(t.elapsed().as_secs() < 5);
        let fine = format!(
            "{}<p>deep</p>{}",
            "<div>".repeat(1_500),
            "</div>".repeat(1_500)
        );
        assert_eq!(read(fine.as_bytes(), false).unwrap().text, "deep\n");
        let siblings = "<div><p>One paragraph.</p></div>".repeat(5_000);
        assert_eq!(nesting(&siblings), 1);
    }
}
