//! Where and how often a page shows each site candidate's name: one pass of an automaton over
//! the lower-cased page finds every candidate and every spelling of it, and each mention is
//! tallied by zone (header, text, footer) and use (own line, label, byline, credit, legal
//! name). Knows candidates only by their spellings; the features are the parent's.

use super::Frame;
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use std::ops::Range;

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

/// Lower-cased letters and digits of `text`, one gap mark between words, and for each byte of
/// the result the byte offset in `text` of the character it came from: names match whatever their punctuation ("Mein-MMO.de", "mein mmo de").
fn squeeze(text: &str, out: &mut String, offsets: &mut Vec<usize>) {
    out.clear();
    offsets.clear();
    for (at, c) in text.char_indices() {
        if c.is_alphanumeric() {
            for l in c.to_lowercase() {
                out.push(l);
                // One offset per byte of `out`, as matches are found at byte offsets.
                offsets.extend(std::iter::repeat_n(at, l.len_utf8()));
            }
        } else if c.is_whitespace() && !out.is_empty() && !out.ends_with(GAP) {
            out.push(GAP);
            offsets.push(at);
        }
    }
    if out.ends_with(GAP) {
        out.pop();
        offsets.pop();
    }
}

const GAP: char = '\u{1}';

/// Each name's mentions, found in one pass over the page.
pub(super) struct Counts;

impl Counts {
    #[allow(clippy::new_ret_no_self)]
    pub(super) fn new<'n>(
        frame: &Frame,
        names: impl Iterator<Item = (&'n str, &'n [String])>,
    ) -> Vec<Count> {
        let (mut buf, mut offsets) = (String::new(), Vec::new());
        // Patterns, each with the candidate it counts for (a name and its other spellings).
        let mut patterns: Vec<String> = Vec::new();
        let mut owners: Vec<Vec<usize>> = Vec::new();
        let mut candidates = 0;
        for (c, (name, spellings)) in names.enumerate() {
            candidates += 1;
            for n in std::iter::once(name).chain(spellings.iter().map(String::as_str)) {
                squeeze(n, &mut buf, &mut offsets);
                if buf.is_empty() {
                    continue;
                }
                match patterns.iter().position(|p| *p == buf) {
                    Some(at) if !owners[at].contains(&c) => owners[at].push(c),
                    Some(_) => {}
                    None => {
                        patterns.push(buf.clone());
                        owners.push(vec![c]);
                    }
                }
            }
        }
        let mut per = vec![Count::default(); candidates];
        // Overlapping matches: "Daily8" counts inside "Download Daily8" too.
        let Ok(finder) = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            // Built for one page and a few dozen names: a DFA costs more to build than it
            // saves (4.5% of extraction time at 10k pages), a contiguous NFA is cheap.
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(&patterns)
        else {
            return per;
        };
        for (i, line) in frame.lines.iter().enumerate() {
            if line.len() > 2000 {
                continue;
            }
            squeeze(line, &mut buf, &mut offsets);
            let furniture = frame.kept.binary_search(&i).is_err() && Some(i) != frame.title;
            for m in finder.find_overlapping_iter(&buf) {
                let edge_before = m.start() == 0 || buf[..m.start()].ends_with(GAP);
                let edge_after = m.end() == buf.len() || buf[m.end()..].starts_with(GAP);
                if !edge_before || !edge_after {
                    continue;
                }
                let start = offsets.get(m.start()).copied().unwrap_or(0);
                // The byte after the match's last character.
                let last = offsets.get(m.end() - 1).copied().unwrap_or(0);
                let end = last + line[last..].chars().next().map_or(0, char::len_utf8);
                for &c in &owners[m.pattern().as_usize()] {
                    tally(&mut per[c], frame, i, line, start..end, furniture);
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
