//! The source: which outlet wrote the story, from the evidence a page carries.
//!
//! Owns the page's credits: a wire dateline in the body's opening ("MOSCOW (Reuters) -"), an
//! outlet name glued to a date in the header ("Reuters03-07-2025"), an explicit "Source:" line
//! (certain: [`Evidence::credit`]); and, as a clue for the site chooser, the known outlet or
//! copyright owner the header and footer name most ([`Evidence::named`]). Aggregators
//! (data/outlets.tsv) are named only when nothing else is. Photo credits ("via Associated
//! Press", "REUTERS/Name") are not evidence. It is told where the body lies.

use super::lexicon::{Lexicon, OutletKind};
use regex::Regex;
use std::sync::OnceLock;

struct Patterns {
    dateline_tag: Regex,
    glued_date: Regex,
    labelled: Regex,
    notice_mark: Regex,
    copyright: Regex,
    entity: Regex,
    trailing_years: Regex,
    credit: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let re = |s: &str| Regex::new(s).expect("source pattern compiles");
        Patterns {
            dateline_tag: re(r"\(([A-Z][\w.&' -]{0,40}?)\)\s*[-–—:]"),
            glued_date: re(
                r"^([A-Za-z][\w.&' -]{0,40}?[A-Za-z.])\s*(?:\d{1,2}[-./]\d{1,2}[-./]\d{4}|\d{4}-\d{2}-\d{2})\b",
            ),
            labelled: re(r"(?i)^(?:source|quelle|fuente|fonte|источник)\s*:\s*(.{2,60})$"),
            // "© 2019 X", "Copyright © X", "© Copyright X 2018", "Copyright 2019 X", "(c) X".
            notice_mark: re(r"(?i)©|\(c\)|\(с\)|copyright"),
            copyright: re(
                r"(?i)(?:copyright\s*)?(?:©|\(c\)|\(с\)|copyright)\s*(?:copyright\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?,?\s*([^.|©]{2,60})",
            ),
            entity: re(
                r"^([\p{L}][\p{L}\p{N}&.' -]{0,40}?),? (?:GmbH|Inc\.?|Ltd\.?|LLC|AG|S\.A\.|SA|plc|SE|S\.r\.l\.|B\.V\.)(?: Logo)?$",
            ),
            trailing_years: re(r"[\s,]*\d{4}(?:\s*[-–]\s*\d{4})?\s*$"),
            credit: re(r"(?i)(?-u:\b)(?:photo|image|credit|courtesy)"),
        }
    })
}

/// What the page says of who wrote it: a certain credit, else the outlet its furniture names.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Evidence {
    /// A wire dateline in the body's opening, an outlet glued to a date in the header, or a
    /// "Source:" line: certain, and it names the source even on another site's page.
    pub credit: Option<String>,
    /// The known outlet or copyright owner the furniture names most: a clue to the site (an
    /// input of the site chooser), not a fact.
    pub named: Option<String>,
}

/// Reads the page's evidence of its source. `lines` is the whole page; `body` the article's
/// line range, `kept` the lines of the article itself (lines inside the range that were
/// dropped, such as an author box, count as page furniture) and `title` the headline's line.
pub fn evidence(
    lines: &[&str],
    body: std::ops::Range<usize>,
    kept: &[usize],
    title: Option<usize>,
    lex: &Lexicon,
) -> Evidence {
    let opening = &lines[body.start..(body.start + 3).min(body.end)];
    let header = &lines[..body.start];
    // The headline names outlets as the story's subject ("..., China Daily says").
    let furniture: Vec<&str> = (0..lines.len())
        .filter(|&i| kept.binary_search(&i).is_err() && Some(i) != title)
        .map(|i| lines[i])
        .collect();
    let credit = opening
        .iter()
        .find_map(|l| dateline_source(l, lex))
        .or_else(|| header.iter().find_map(|l| glued_source(l, lex)))
        .or_else(|| furniture.iter().find_map(|l| labelled_source(l, lex)));
    Evidence {
        credit,
        named: named(lines, kept, title, &furniture, lex),
    }
}

/// The outlet the page's furniture names: known outlets against the copyright owner.
fn named(
    lines: &[&str],
    kept: &[usize],
    title: Option<usize>,
    furniture: &[&str],
    lex: &Lexicon,
) -> Option<String> {
    // A byline the cleaner kept under the headline ("Elliot Brownstein Florida Today").
    let bylines: Vec<&str> = kept
        .iter()
        .filter(|&&i| title.is_some_and(|t| i > t && i <= t + 3))
        .map(|&i| lines[i])
        .filter(|l| l.split_whitespace().count() <= 8 && !l.trim_end().ends_with(['.', '!', '?']))
        .collect();
    let known = mentioned_outlet(furniture, &bylines, lex);
    let owner = furniture
        .iter()
        .find_map(|l| copyright_owner(l, lex))
        .or_else(|| site_entity(furniture));
    match (known, owner) {
        // An aggregator's name (often a share button) gives way to the site's own notice.
        (Some(known), Some(owner)) if known.aggregator => Some(owner),
        (Some(known), Some(owner)) => {
            // A copyright owner the lists do not know wins only when the page names it more
            // often than any known outlet ("The Paradigm" five times against one "CNN").
            let owner_count = mentions_of(&owner, furniture);
            Some(if owner_count > known.count {
                owner
            } else {
                known.name
            })
        }
        (Some(known), None) => Some(known.name),
        (None, owner) => owner,
    }
}

/// A known outlet the page's furniture names, with its weighted count.
struct Mentioned {
    name: String,
    count: usize,
    aggregator: bool,
}

/// The company that runs the site, from a line that is its legal name and nothing else
/// ("comwrap GmbH", "comwrap GmbH Logo"), shown at least twice (header and footer): a
/// company named once is as likely a subject as the publisher.
fn site_entity(lines: &[&str]) -> Option<String> {
    let mut names: Vec<(String, usize)> = Vec::new();
    for line in lines {
        let Some(c) = patterns().entity.captures(line.trim()) else {
            continue;
        };
        let name = c[1].trim().to_owned();
        match names.iter_mut().find(|(n, _)| *n == name) {
            Some(entry) => entry.1 += 1,
            None => names.push((name, 1)),
        }
    }
    names
        .into_iter()
        .filter(|&(_, n)| n >= 2)
        .max_by_key(|&(_, n)| n)
        .map(|(name, _)| name)
}

fn mentions_of(name: &str, lines: &[&str]) -> usize {
    let needle = name.to_lowercase();
    lines
        .iter()
        .filter(|l| l.to_lowercase().contains(&needle))
        .count()
}

/// "MOSCOW, July 3 (Reuters) -": a parenthesised known outlet followed by a dash.
fn dateline_source(line: &str, lex: &Lexicon) -> Option<String> {
    let c = patterns().dateline_tag.captures(line)?;
    if c.get(0)?.start() > 80 {
        return None;
    }
    let outlet = lex.outlet_by_name(&c[1])?;
    (outlet.kind != OutletKind::Aggregator).then(|| outlet.name.clone())
}

/// "Reuters03-07-2025", "Reuters 03-07-2025": a short header line of a name and a date.
fn glued_source(line: &str, lex: &Lexicon) -> Option<String> {
    let line = line.trim();
    if line.len() > 60 {
        return None;
    }
    let c = patterns().glued_date.captures(line)?;
    let name = c[1].trim();
    match lex.outlet_by_name(name) {
        Some(o) if o.kind == OutletKind::Aggregator => None,
        Some(o) => Some(o.name.clone()),
        None if name.split_whitespace().count() <= 4 && !is_date_word(name) => {
            Some(name.to_owned())
        }
        None => None,
    }
}

fn is_date_word(name: &str) -> bool {
    let lower = name.to_lowercase();
    ["published", "updated", "posted", "date", "on", "am", "pm"]
        .iter()
        .any(|w| lower.split_whitespace().any(|x| x == *w))
        || !super::date::weekdays(name).is_empty()
}

/// "Source: Reuters", "Quelle: dpa".
fn labelled_source(line: &str, lex: &Lexicon) -> Option<String> {
    let raw = patterns().labelled.captures(line.trim())?;
    owner_name(&raw[1], lex)
}

/// "© 2019 Inexhibit", "Copyright 2019 The Associated Press." — the owner is often a parent
/// company, so this is the last resort, after known outlets named on the page.
pub(crate) fn copyright_owner(line: &str, lex: &Lexicon) -> Option<String> {
    // The notice may close a long disclaimer line ("... affiliated sites. ©The Anti-June
    // Cleaver 2011-2019"), but there only the sign marks it: the bare word in a long line is
    // more likely prose ("a copyright infringement lawsuit").
    let long = line.split_whitespace().nth(20).is_some();
    let mark = patterns()
        .notice_mark
        .find_iter(line)
        .find(|m| !long || !m.as_str().eq_ignore_ascii_case("copyright"))?;
    let notice: String = line[mark.start()..].chars().take(160).collect();
    // "Pictured here. © Reuters" credits a photo; a notice with a year is the site's own.
    if is_credit(line) && !super::clean::has_year(&notice) {
        return None;
    }
    let after = patterns()
        .copyright
        .captures(&notice)
        .and_then(|raw| owner_name(&raw[1], lex));
    after.or_else(|| owner_before(&line[..mark.start()], &notice, lex))
}

/// The owner named before the mark, when the line opens with it: "Antary © 2020. Alle
/// Rechte vorbehalten." A name of one to four words, capitalised, and a year after the mark.
fn owner_before(before: &str, notice: &str, lex: &Lexicon) -> Option<String> {
    let name = before
        .trim()
        .trim_end_matches(|c: char| !c.is_alphanumeric());
    let words = name.split_whitespace().count();
    let capitalised = name.chars().next().is_some_and(char::is_uppercase);
    let year_follows = notice
        .chars()
        .skip(1)
        .skip_while(|c| !c.is_ascii_digit())
        .take(4)
        .filter(char::is_ascii_digit)
        .count()
        == 4;
    ((1..=4).contains(&words) && capitalised && year_follows)
        .then(|| owner_name(name, lex))
        .flatten()
}

fn owner_name(raw: &str, lex: &Lexicon) -> Option<String> {
    let name = clean_owner(raw);
    if name.is_empty() || !name.chars().next().is_some_and(char::is_alphabetic) {
        return None;
    }
    if let Some(o) = lex.outlet_by_name(&name) {
        return (o.kind != OutletKind::Aggregator).then(|| o.name.clone());
    }
    if let Some(known) = known_in(&name, lex) {
        return Some(known);
    }
    let lower = name.to_lowercase();
    // "All rights reserved" in the languages of the stop-word lists.
    if [
        "rights reserved",
        "getty",
        "photo",
        "image",
        "rechte vorbehalten",
        "droits réservés",
        "derechos reservados",
        "diritti riservati",
        "direitos reservados",
    ]
    .iter()
    .any(|w| lower.contains(w))
    {
        return None;
    }
    let words = name.split_whitespace().count();
    (1..=5).contains(&words).then_some(name)
}

/// Drops legal suffixes and filler from a copyright owner: "Hearst Newspapers, LLC. All rights".
fn clean_owner(raw: &str) -> String {
    let mut name = raw.trim();
    for stop in [
        " all rights",
        " all right",
        ",",
        " inc",
        " ltd",
        " llc",
        " gmbh",
        " - ",
        " | ",
    ] {
        // The stops are ASCII: matched on the original bytes, a match starts on a character
        // boundary (offsets into a lower-cased copy need not: 'Ⱥ' grows when lower-cased).
        if let Some(i) = name
            .as_bytes()
            .windows(stop.len())
            .position(|w| w.eq_ignore_ascii_case(stop.as_bytes()))
        {
            name = &name[..i];
        }
    }
    let name = patterns().trailing_years.replace(name, "");
    // A legal form before the name: "ООО «Хёрст Шкулёв Паблишинг»".
    let name = name.trim_start();
    let name = ["ООО ", "ОАО ", "ЗАО ", "АО "]
        .iter()
        .find_map(|form| name.strip_prefix(form))
        .unwrap_or(name);
    name.trim()
        .trim_matches(|c: char| !c.is_alphanumeric())
        .trim()
        .to_owned()
}

/// The best known outlet named as whole words in `text` (aggregators only if nothing else).
fn known_in(text: &str, lex: &Lexicon) -> Option<String> {
    let mut hits = Vec::new();
    collect_mentions(text, lex, &mut hits);
    hits.into_iter()
        .min_by_key(|&i| lex.outlets[i].kind == OutletKind::Aggregator)
        .map(|i| lex.outlets[i].name.clone())
}

/// The known outlet named most often in page furniture and `bylines`, with its weighted count;
/// photo credits do not count, bylines and copyright lines count double.
fn mentioned_outlet(lines: &[&str], bylines: &[&str], lex: &Lexicon) -> Option<Mentioned> {
    let mut counts: Vec<(usize, usize, usize)> = Vec::new(); // (outlet, count, first seen)
    let mut seen = 0;
    let lines = lines.iter().map(|l| (*l, false));
    for (line, byline) in lines.chain(bylines.iter().map(|l| (*l, true))) {
        if line.len() > 300 || is_credit(line) {
            continue;
        }
        let weight = if byline || is_byline_or_copyright(line) {
            2
        } else {
            1
        };
        let mut hits = Vec::new();
        collect_mentions(line, lex, &mut hits);
        for outlet in hits {
            seen += 1;
            match counts.iter_mut().find(|(o, _, _)| *o == outlet) {
                Some(entry) => entry.1 += weight,
                None => counts.push((outlet, weight, seen)),
            }
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(o, n, first)| {
            let not_aggregator = lex.outlets[o].kind != OutletKind::Aggregator;
            (not_aggregator, n, std::cmp::Reverse(first))
        })
        .map(|(o, count, _)| Mentioned {
            name: lex.outlets[o].name.clone(),
            count,
            aggregator: lex.outlets[o].kind == OutletKind::Aggregator,
        })
}

fn is_byline_or_copyright(line: &str) -> bool {
    let lower = line.trim_start().to_lowercase();
    lower.starts_with("by ") || lower.contains('©') || lower.contains("copyright")
}

/// Photo captions and credits name agencies that took the picture, not the story's source.
pub(crate) fn is_credit(line: &str) -> bool {
    super::clean::is_caption_or_credit(line) || patterns().credit.is_match(line)
}

/// Appends the outlet index of every known name standing as whole words in `line`.
pub(crate) fn collect_mentions(line: &str, lex: &Lexicon, hits: &mut Vec<usize>) {
    hits.extend(mention_spans(line, lex).into_iter().map(|(_, o)| o));
}

/// Every known name standing as whole words in `line`: its byte range and outlet index.
pub(crate) fn mention_spans(line: &str, lex: &Lexicon) -> Vec<(std::ops::Range<usize>, usize)> {
    let mut taken: Vec<(std::ops::Range<usize>, usize)> = Vec::new();
    let mut found = lex.outlet_matches(line);
    // Longest first, so "The Times of India" wins over the "The Times" inside it.
    found.sort_by_key(|(r, _)| std::cmp::Reverse(r.len()));
    for (range, outlet) in found {
        let (start, end) = (range.start, range.end);
        if !is_word_edge(line, start, end)
            || taken.iter().any(|(r, _)| r.start < end && start < r.end)
        {
            continue;
        }
        if line[end..].starts_with('/') {
            continue; // "REUTERS/Brendan McDermid": a photographer's credit
        }
        taken.push((range, outlet));
    }
    taken.sort_by_key(|(r, _)| r.start);
    taken
}

/// The match is not glued to other letters (digits after it are allowed: "Reuters03-07-2025").
fn is_word_edge(hay: &str, start: usize, end: usize) -> bool {
    let before = hay[..start].chars().next_back();
    let after = hay[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphabetic)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rules' own answer, without the site chooser: the credit, else the named outlet.
    fn choose(
        lines: &[&str],
        body: std::ops::Range<usize>,
        kept: &[usize],
        title: Option<usize>,
        lex: &Lexicon,
    ) -> Option<String> {
        let e = evidence(lines, body, kept, title, lex);
        e.credit.or(e.named)
    }

    fn pick(lines: &[&str], body: std::ops::Range<usize>) -> Option<String> {
        let kept: Vec<usize> = body.clone().collect();
        choose(lines, body, &kept, None, &Lexicon::builtin())
    }

    #[test]
    fn owner_suffixes_are_cut_where_lower_casing_changes_lengths() {
        // 'Ⱥ' is two bytes and its lower case three: offsets of a lower-cased copy miss.
        assert_eq!(clean_owner("ȺȺȺ Daily Brief, Inc. 2019"), "ȺȺȺ Daily Brief");
        assert_eq!(
            clean_owner("Hearst Newspapers, LLC. All rights"),
            "Hearst Newspapers"
        );
    }

    #[test]
    fn wire_dateline_wins_over_aggregator_and_related_outlets() {
        let lines = [
            "logo",
            "Reuters03-07-2025",
            "MOSCOW, July 3 (Reuters) - Russian President Vladimir Putin told U.S. President.",
            "Related Articles",
            "Telegraph",
            "The Guardian",
            "Download Daily8 app today",
        ];
        assert_eq!(pick(&lines, 2..3).as_deref(), Some("Reuters"));
        let lines = ["WASHINGTON (AP) — The Senate voted on Tuesday to approve the bill."];
        assert_eq!(pick(&lines, 0..1).as_deref(), Some("Associated Press"));
    }

    #[test]
    fn glued_unknown_outlet_and_copyright_lines() {
        let lines = ["Headline", "Kyiv Chronicle 12-03-2024", "Body."];
        assert_eq!(pick(&lines, 2..3).as_deref(), Some("Kyiv Chronicle"));
        let lines = [
            "Headline",
            "Body.",
            "© 2019 Inexhibit. All rights reserved.",
        ];
        assert_eq!(pick(&lines, 1..2).as_deref(), Some("Inexhibit"));
        let lines = ["Headline", "Body.", "Copyright 2019 The Associated Press."];
        assert_eq!(pick(&lines, 1..2).as_deref(), Some("Associated Press"));
        let lines = ["Source: Agence France-Presse", "Body."];
        assert_eq!(pick(&lines, 1..2).as_deref(), Some("Agence France-Presse"));
        // The owner before the mark, and "all rights reserved" in German is nobody.
        let lines = [
            "Headline",
            "Body.",
            "Antary © 2020. Alle Rechte vorbehalten.",
        ];
        assert_eq!(pick(&lines, 1..2).as_deref(), Some("Antary"));
        let lines = ["Headline", "Body.", "© 2020 Alle Rechte vorbehalten"];
        assert_eq!(pick(&lines, 1..2), None);
    }

    #[test]
    fn credits_and_body_mentions_are_not_sources() {
        let lines = [
            "date 2025-01-20 Putin at the Kremlin, Jan. 17, 2025. via Associated Press",
            "According to Russian state news agency TASS, Putin told his Security Council.",
        ];
        assert_eq!(pick(&lines, 1..2), None);
        let lines = [
            "Body.",
            "Image copyright Getty Images",
            "© 2019 Getty Images",
        ];
        assert_eq!(pick(&lines, 0..1), None);
        let lines = ["FILE PHOTO: Traders. REUTERS/Brendan McDermid", "Body."];
        assert_eq!(pick(&lines, 1..2), None);
    }

    #[test]
    fn site_name_in_header_or_footer() {
        let lines = [
            "Sky News",
            "Menu",
            "Headline",
            "Body.",
            "Sky News",
            "About Sky News",
        ];
        assert_eq!(pick(&lines, 3..4).as_deref(), Some("Sky News"));
        let lines = ["MSN", "Headline", "Body."];
        assert_eq!(pick(&lines, 2..3).as_deref(), Some("MSN"));
        let lines = ["Body.", "USA TODAY", "© 2019 Gannett Co., Inc."];
        assert_eq!(pick(&lines, 0..1).as_deref(), Some("USA Today"));
        let lines = [
            "Subscribe to The Paradigm",
            "Body.",
            "Boko Haram story - CNN",
            "About The Paradigm",
            "Copyright © 2019 The Paradigm. All Rights Reserved.",
        ];
        assert_eq!(pick(&lines, 1..2).as_deref(), Some("The Paradigm"));
    }

    #[test]
    fn a_sites_own_notice_beats_an_aggregators_share_button() {
        let disclaimer = "We are a participant in the Amazon Services LLC Associates Program, an affiliate advertising program designed to provide a means for us to earn fees by linking to Amazon.com and affiliated sites. ©The Anti-June Cleaver 2011-2019";
        let lines = [
            "Headline",
            "Pinterest",
            "Flipboard",
            "Body.",
            "Flipboard",
            disclaimer,
        ];
        assert_eq!(pick(&lines, 3..4).as_deref(), Some("The Anti-June Cleaver"));
        // The bare word inside a long line is prose, not a notice.
        let prose = "The publisher said the ruling in the copyright infringement case brought by the authors against the search company would be appealed next year.";
        assert_eq!(pick(&["Body.", prose], 0..1), None);
        let lines = ["Headline", "Body.", "© Copyright Gannett 2018"];
        assert_eq!(pick(&lines, 1..2).as_deref(), Some("Gannett"));
    }

    #[test]
    fn a_company_named_alone_in_header_and_footer_runs_the_site() {
        let lines = [
            "comwrap GmbH Logo",
            "Headline",
            "Body.",
            "comwrap GmbH",
            "Impressum",
        ];
        assert_eq!(pick(&lines, 2..3).as_deref(), Some("comwrap"));
        // Named once, a company is as likely the story's subject.
        let lines = ["Headline", "Body.", "Apple, Inc."];
        assert_eq!(pick(&lines, 1..2), None);
    }

    #[test]
    fn a_byline_under_the_headline_names_the_paper() {
        let lines = [
            "Welcome to USA TODAY NETWORK'S EUROPEAN UNION EXPERIENCE",
            "Roundup: Viera defeats Rockledge",
            "Elliot Brownstein Florida Today",
            "Body.",
        ];
        let kept: Vec<usize> = (0..4).collect();
        let lex = Lexicon::builtin();
        assert_eq!(
            choose(&lines, 0..4, &kept, Some(1), &lex).as_deref(),
            Some("Florida Today")
        );
        // A headline that names an outlet names the story's subject.
        let story = ["MOBIL TO OPEN PEKING OFFICE, CHINA DAILY SAYS", "Body."];
        assert_eq!(choose(&story, 1..2, &[1], Some(0), &lex), None);
        // Without the headline to anchor it, the banner above is all there is.
        let kept = [1, 2, 3];
        assert_eq!(
            choose(&lines, 1..4, &kept, None, &lex).as_deref(),
            Some("USA Today")
        );
    }
}
