//! Reading and cleaning one saved page: bytes in, an [`Article`] out.
//!
//! Owns the whole extraction pipeline — decode, split into blocks, strip boilerplate, pick the
//! title, date and source, cut passages — as a pure function of the page's text and path
//! ([`extract`]; [`extract_with`] also takes lines learned as boilerplate across the corpus),
//! plus [`read`], which adds the file read and decode. It must not know about
//! the index or search: nothing here touches tantivy.
//!
//! ```
//! let page = "Wheat prices rise\n\nChicago Grain 03-07-2025\n\n\
//!     CHICAGO, July 3 (Reuters) - Wheat futures rose on Thursday as dry weather in the \
//!     plains threatened the harvest, traders said.\n";
//! let a = dateline::extract::extract(page, "wheat.txt");
//! assert_eq!(a.title.as_deref(), Some("Wheat prices rise"));
//! assert_eq!(a.date.unwrap().to_string(), "2025-07-03");
//! assert_eq!(a.source.as_deref(), Some("Reuters"));
//! assert!(a.body.starts_with("CHICAGO, July 3 (Reuters)"));
//! ```

pub mod clean;
pub mod corpus;
pub mod date;
pub mod decode;
pub mod html;
pub mod lexicon;
pub mod lines;
pub mod model;
pub mod passages;
pub mod prune;
pub mod site;
pub mod source;
pub mod title;

use chrono::NaiveDate;
use corpus::CorpusStats;
use lexicon::Lexicon;
use serde::Serialize;
use std::path::Path;

pub use decode::DecodeError;

/// One cleaned article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Article {
    /// The file it came from, as given.
    pub path: String,
    /// The headline, once.
    pub title: Option<String>,
    /// The publication date.
    #[serde(serialize_with = "serialize_date")]
    pub date: Option<NaiveDate>,
    /// The outlet that wrote the story (not an aggregator that re-hosted it).
    pub source: Option<String>,
    /// The site the page was saved from, by the name its header, footer or notices show.
    pub site: Option<String>,
    /// The article's paragraphs, separated by blank lines.
    pub body: String,
    /// The body cut into the passages that are indexed and shown.
    pub passages: Vec<String>,
    /// How the page was read.
    pub input: Input,
}

/// How a page was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Input {
    /// A saved text page.
    #[default]
    Text,
    /// Saved HTML or MHTML: the markup was parsed.
    Html,
}

/// What a page's markup states, given to the choosers as their first answers.
#[derive(Debug, Clone, Default)]
pub struct Hints {
    /// The headline.
    pub title: Option<String>,
    /// The publication date.
    pub date: Option<NaiveDate>,
    /// The site's name.
    pub site: Option<String>,
    /// The publisher the markup names (JSON-LD): the source when it is a wire.
    pub publisher: Option<String>,
    /// The part of the page's title bar that names the site.
    pub title_site: Option<String>,
    /// The page's whole visible text, frame included: searched for a date when nothing else
    /// gives one.
    pub whole_text: String,
    /// The host of the page's address: the site when nothing else names it.
    pub host: Option<String>,
    /// The owner a copyright notice on the page names, when the markup names no site.
    pub copyright_owner: Option<String>,
    /// The article's text as the markup states it (JSON-LD `articleBody`, else the page's
    /// description): the body when the page shows none.
    pub summary: Option<String>,
    /// What the markup says of each line of the page's text: inside the element holding
    /// most of the page's text or not, item of which list.
    pub structure: html::dom::Structure,
}

fn serialize_date<S: serde::Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_str(&d.format("%Y-%m-%d").to_string()),
        None => s.serialize_none(),
    }
}

/// Why a file could not be read as an article.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file could not be opened or read.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The bytes are not text.
    #[error("{0}")]
    Decode(#[from] DecodeError),
    /// The file is larger than the configured cap.
    #[error("file is {size} bytes, over the {cap}-byte limit")]
    TooLarge {
        /// Size of the file.
        size: u64,
        /// The cap in force.
        cap: u64,
    },
}

/// Reads, decodes and extracts the file at `path`, refusing files over `max_bytes`.
pub fn read(path: &Path, max_bytes: u64) -> Result<Article, ReadError> {
    let bytes = read_bytes(path, max_bytes)?;
    from_bytes(&bytes, &path.to_string_lossy(), &CorpusStats::default())
}

/// The bytes of the file at `path`, refusing files over `max_bytes` before reading them.
pub fn read_bytes(path: &Path, max_bytes: u64) -> Result<Vec<u8>, ReadError> {
    let size = std::fs::metadata(path)?.len();
    if size > max_bytes {
        return Err(ReadError::TooLarge {
            size,
            cap: max_bytes,
        });
    }
    Ok(std::fs::read(path)?)
}

/// Decodes and extracts a page already read into memory, with corpus statistics; the
/// path's extension says whether it is text or markup.
pub fn from_bytes(bytes: &[u8], path: &str, corpus: &CorpusStats) -> Result<Article, ReadError> {
    let (text, hints) = page_text(bytes, path)?;
    Ok(from_page_text(&text, hints.as_ref(), path, corpus))
}

/// Extracts an article from what [`page_text`] read of a page.
pub fn from_page_text(
    text: &str,
    hints: Option<&Hints>,
    path: &str,
    corpus: &CorpusStats,
) -> Article {
    match hints {
        Some(h) => extract_hinted(text, path, corpus, Input::Html, h),
        None => extract_with(text, path, corpus),
    }
}

/// The text the reader sees in a page's bytes, and the markup's facts for an HTML page
/// (`None` for text). The corpus learner reads pages through this too.
pub fn page_text(bytes: &[u8], path: &str) -> Result<(String, Option<Hints>), DecodeError> {
    let mhtml = match html::format_of(Path::new(path)) {
        Some(html::Format::Html) => false,
        Some(html::Format::Mhtml) => true,
        Some(html::Format::Text) | None => return Ok((decode::decode(bytes)?, None)),
    };
    let read = html::read(bytes, mhtml)?;
    let m = read.markup;
    let hints = Hints {
        title: m.title,
        date: m.date,
        site: m.site,
        publisher: m.publisher,
        title_site: m.title_site,
        whole_text: m.whole_text,
        host: m.host,
        copyright_owner: m.copyright_owner,
        summary: m.summary,
        structure: read.structure,
    };
    Ok((read.text, Some(hints)))
}

/// Whether one of a page's blocks is among `lines`: a page with none is extracted the same
/// whether those lines are learned as boilerplate or not. `text` and `hints` are
/// [`page_text`]'s.
pub fn holds_any(text: &str, hints: Option<&Hints>, lines: &CorpusStats) -> bool {
    if lines.is_empty() {
        return false;
    }
    lines::page_blocks(text, hints.is_some(), Lexicon::shared())
        .iter()
        .any(|b| lines.is_boilerplate(&b.text))
}

/// Words below which a page shows no article of its own.
const SHOWN_NO_BODY: usize = 25;
/// Words the markup's statement of the article must hold to stand for it.
const STATED_BODY: usize = 12;

/// The article as the markup states it (`summary`, split at its lines), when the page shows
/// almost none of its own (`paragraphs`: a story its scripts were to load, a paywall) and the
/// statement is more than a line: a page that names a person in its summary is found by that
/// name, as it is on the web.
fn stated_body<'a>(paragraphs: &[&str], summary: Option<&'a str>) -> Option<Vec<&'a str>> {
    let shown: usize = paragraphs
        .iter()
        .map(|p| p.split_whitespace().count())
        .sum();
    let summary = summary?;
    if shown >= SHOWN_NO_BODY || summary.split_whitespace().nth(STATED_BODY - 1).is_none() {
        return None;
    }
    Some(
        summary
            .lines()
            .map(|l| l.trim_end_matches(" […]").trim_end_matches(" [...]"))
            .collect(),
    )
}

/// Extracts an article from a page's text. Pure: the same text and path give the same article.
pub fn extract(text: &str, path: &str) -> Article {
    extract_with(text, path, &CorpusStats::default())
}

/// [`extract`], with lines learned as boilerplate across the corpus treated as furniture.
pub fn extract_with(text: &str, path: &str, corpus: &CorpusStats) -> Article {
    extract_hinted(text, path, corpus, Input::Text, &Hints::default())
}

/// [`extract_with`], the markup's facts taken before the choosers' own.
pub fn extract_hinted(
    text: &str,
    path: &str,
    corpus: &CorpusStats,
    input: Input,
    hints: &Hints,
) -> Article {
    let structure = (input == Input::Html).then_some(&hints.structure);
    with_page(text, corpus, structure, |page| {
        let (blocks, title_at) = (page.blocks, page.frame.title);
        // The block the text chooser took for the headline is left out of the body, unless
        // the markup names another headline: then it may be the story's first line.
        let chosen = title_at.filter(|&t| {
            hints
                .title
                .as_deref()
                .is_none_or(|h| mostly_within(&blocks[t].text, h))
        });
        let paragraphs: Vec<&str> = page
            .layout
            .keep
            .iter()
            .filter(|&&i| chosen.is_none_or(|t| blocks[i].text != blocks[t].text))
            .map(|&i| blocks[i].text.as_str())
            .collect();
        // Guessed from the text, a name must agree with the page's address when the markup
        // gives one; else the address names the site.
        let agrees = |name: &String| hints.host.as_deref().is_none_or(|h| names_host(name, h));
        let (shown_site, shown_platform) = match hints.site {
            Some(_) => (None, None),
            None => site::choose(&page.frame),
        };
        let site = hints.site.clone().or_else(|| {
            shown_site
                .filter(agrees)
                .or_else(|| hints.title_site.clone().filter(agrees))
                .or_else(|| hints.copyright_owner.clone().filter(agrees))
                .or_else(|| hints.host.clone())
        });
        // The source is the credit when the page has one (the wire, on a re-hosted story),
        // else a wire the markup names as publisher, else the site itself.
        let wire = hints.publisher.as_deref().and_then(|p| {
            let outlet = Lexicon::shared().outlet_by_name(p)?;
            (outlet.kind == lexicon::OutletKind::Wire).then(|| outlet.name.clone())
        });
        let source = page
            .frame
            .credit
            .map(str::to_owned)
            .or(wire)
            .or_else(|| site.clone());
        // A blog on a publishing platform: the blog is the source, the platform the site. The
        // page's address says which; without one, its furniture or the name it shows most.
        let platform = match hints.host.as_deref() {
            Some(host) => site::platform_of(host),
            None => site::platform_named(&page.frame).or(shown_platform),
        };
        let site = platform.map(str::to_owned).or(site);
        let shown = date::choose(page.frame.lines, page.layout.span.clone(), title_at, path)
            .or_else(|| {
                // The markup's headline where the page shows it, else the chosen title.
                let lines = page.frame.lines;
                let headline = hints
                    .title
                    .as_deref()
                    .and_then(|h| lines.iter().position(|l| l.trim() == h));
                date::posted_near(lines, headline.or(title_at)?, hints.date?)
            });
        let title_hint = hints.title.as_deref().or(page.title.as_deref());
        let date = match (hints.date, shown) {
            // A timestamp's calendar day is the publisher's or UTC; a day either side of the
            // date the page shows is that shift, and the page's own date is the reader's.
            (Some(stated), Some(shown)) if (stated - shown).num_days().abs() == 1 => Some(shown),
            (Some(stated), _) => Some(stated),
            (None, None) if !hints.whole_text.is_empty() => {
                html::page_date(&hints.whole_text, title_hint)
            }
            (None, shown) => shown,
        };
        let title = hints.title.clone().or_else(|| page.title.clone());
        // The headline the markup names is not body text either.
        let paragraphs: Vec<&str> = paragraphs
            .into_iter()
            .filter(|p| hints.title.as_deref() != Some(*p))
            .collect();
        let paragraphs = match stated_body(&paragraphs, hints.summary.as_deref()) {
            Some(stated) => stated,
            None => paragraphs,
        };
        Article {
            path: path.to_owned(),
            date,
            source,
            site,
            passages: passages::split(&paragraphs),
            body: paragraphs.join("\n\n"),
            title,
            input,
        }
    })
}

/// Most of `line`'s words (lower case) are words of `headline`: the same headline, written
/// with or without the site's name or a kicker.
fn mostly_within(line: &str, headline: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let (own, other) = (words(line), words(headline));
    let shared = own.iter().filter(|w| other.contains(w)).count();
    !own.is_empty() && shared * 2 >= own.len()
}

/// A page read as far as every chooser needs: its blocks and layout, its title, and where the
/// site chooser looks.
struct Page<'a> {
    blocks: &'a [lines::Block],
    layout: &'a clean::Layout,
    title: Option<String>,
    frame: site::Frame<'a>,
}

/// `name` could be the site at `host`: its letters are in the host's ("Mitteldeutsche
/// Zeitung" is not mz-web.de; "Example Times" is exampletimes.com), or its initials are the
/// host's first label ("Wall Street Journal", wsj.com).
fn names_host(name: &str, host: &str) -> bool {
    let fold = site::key;
    let (n, h) = (fold(name), fold(host));
    if n.len() >= 3 && h.contains(&n) {
        return true;
    }
    let label = host
        .split('.')
        .find(|l| !matches!(*l, "www" | "m" | "amp"))
        .unwrap_or(host);
    let label = fold(label);
    let initials: String = name
        .split_whitespace()
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_lowercase)
        .collect();
    (label.len() >= 3 && n.contains(&label)) || (initials.len() >= 2 && initials == label)
}

/// What the markup says of a page's `blocks` blocks, for the cleaner: nothing for a text
/// page, or when the marks do not fit the blocks one to one (a guard: the markup's text is
/// one block a line).
pub fn markup_of(structure: Option<&html::dom::Structure>, blocks: usize) -> clean::Markup<'_> {
    structure
        .filter(|s| s.list.len() == blocks)
        .map_or_else(clean::Markup::default, |s| clean::Markup {
            in_root: &s.in_root,
            list: &s.list,
        })
}

/// Reads `text` into a [`Page`] and hands it to `f`.
fn with_page<R>(
    text: &str,
    corpus: &CorpusStats,
    structure: Option<&html::dom::Structure>,
    f: impl FnOnce(&Page) -> R,
) -> R {
    let lex = Lexicon::shared();
    let blocks = lines::page_blocks(text, structure.is_some(), lex);
    let layout = clean::layout_in(&blocks, lex, corpus, markup_of(structure, blocks.len()));
    let chosen = title::choose(&blocks, &layout);
    let title_at = chosen.as_ref().map(|(i, _)| *i);
    let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
    let evidence = source::evidence(&texts, layout.span.clone(), &layout.keep, title_at, lex);
    let page = Page {
        blocks: &blocks,
        layout: &layout,
        title: chosen.map(|(_, t)| t),
        frame: site::Frame {
            lines: &texts,
            body: layout.span.clone(),
            kept: &layout.keep,
            title: title_at,
            named: evidence.named.as_deref(),
            credit: evidence.credit.as_deref(),
        },
    };
    f(&page)
}

/// Each chooser's candidates and their features on one page, for fitting the weights
/// (`examples/fit.rs`).
#[derive(Debug, Clone, Serialize)]
pub struct Explained {
    /// Title candidates.
    pub title: model::Candidates,
    /// Date candidates.
    pub date: model::Candidates,
    /// Site candidates.
    pub site: model::Candidates,
    /// The blocks the span keeps, before the block model's second look.
    pub blocks: model::Candidates,
    /// The runs the article may be, each with the text it would keep.
    pub span: model::Candidates,
}

/// The candidates [`extract`] chooses among on `text`.
pub fn explain(text: &str, path: &str) -> Explained {
    let lex = Lexicon::shared();
    with_page(text, &CorpusStats::default(), None, |page| Explained {
        title: title::explain(page.blocks, page.layout),
        date: date::explain(
            page.frame.lines,
            page.layout.span.clone(),
            page.frame.title,
            path,
        ),
        site: site::explain(&page.frame),
        blocks: prune::explain(
            page.blocks,
            &clean::rules_layout(page.blocks, lex, &CorpusStats::default()),
        ),
        span: clean::explain_span(page.blocks, lex),
    })
}

#[cfg(test)]
mod tests {
    use super::{mostly_within, names_host};

    #[test]
    fn a_line_is_the_markup_s_headline_when_most_of_its_words_are() {
        let headline = "Talks resume in Geneva";
        assert!(mostly_within(
            "Talks resume in Geneva | Daily Example",
            headline
        ));
        assert!(mostly_within("GENEVA: Talks resume", headline));
        assert!(!mostly_within(
            "Remember the last time the two sides met in Geneva?",
            headline
        ));
    }

    #[test]
    fn a_guessed_site_name_must_fit_the_address() {
        assert!(names_host("Example Times", "exampletimes.com"));
        assert!(names_host("Wall Street Journal", "wsj.com"));
        assert!(names_host("Heise Online", "heise.de"));
        assert!(!names_host("Mitteldeutsche Zeitung", "mz-web.de"));
        assert!(!names_host("Privatkredit", "smava.de"));
        assert!(!names_host("26 Mai, 2008", "web.archive.org"));
    }
}
