//! The extractor's word lists, loaded from the data files in `data/` at compile time.
//!
//! Owns parsing of `stopwords.txt`, `markers.txt` and `outlets.tsv` into lookup tables, and the
//! small questions asked of them (which language, is this line furniture, which outlet is this
//! name). Lists are data, not code: adding an outlet or a marker never needs a code change.
//! It knows nothing of where in a page a line stands.

use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::OnceLock;

const STOPWORDS: &str = include_str!("../../data/stopwords.txt");
const MARKERS: &str = include_str!("../../data/markers.txt");
const OUTLETS: &str = include_str!("../../data/outlets.tsv");

/// What kind of publisher an outlet is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutletKind {
    /// A news agency whose stories other sites carry under its dateline.
    Wire,
    /// A publisher of its own stories.
    Outlet,
    /// A site that re-hosts other publishers' stories; never the source while another is known.
    Aggregator,
}

/// One known outlet.
#[derive(Debug, Clone)]
pub struct Outlet {
    /// The canonical name reported as the source.
    pub name: String,
    /// Kind of publisher.
    pub kind: OutletKind,
}

/// One spelling of an outlet's name and how it must be matched.
#[derive(Debug, Clone)]
pub struct OutletName {
    /// The spelling as written in the data file.
    pub text: String,
    /// Single plain words (`Reuters`, `WSJ`) match only with the case written; longer names
    /// (`the guardian`) match in any case.
    pub case_sensitive: bool,
    /// Index into [`Lexicon::outlets`].
    pub outlet: usize,
    /// The capitals form of a name not written in capitals ("REUTER" for "Reuter"), or a
    /// short acronym ("AP"): it counts only on a line of its own (a sign-off, a logo), not
    /// inside an all-caps headline or a table.
    pub shouted: bool,
}

/// All word lists the extractor uses.
#[derive(Debug)]
pub struct Lexicon {
    /// Function word -> bit set of the languages that have it.
    stopwords: FxHashMap<String, u16>,
    languages: usize,
    tail_markers: FxHashSet<String>,
    junk_markers: FxHashSet<String>,
    /// Most words in any tail marker and in any junk marker: longer lines are not looked up.
    tail_words: usize,
    junk_words: usize,
    /// Social networks and the words a "follow us" line opens with.
    social: FxHashSet<String>,
    social_cues: FxHashSet<String>,
    /// Words that make a block naming cookies a consent notice.
    consent: FxHashSet<String>,
    /// A reader asked to subscribe, or to download an app ([`Lexicon::is_reader_promo`]).
    subscription: FxHashSet<String>,
    reader_cues: FxHashSet<String>,
    app_stores: FxHashSet<String>,
    download: FxHashSet<String>,
    /// A reader asked about the page itself ([`Lexicon::is_reader_promo`]).
    page_self: FxHashSet<String>,
    reader_address: FxHashSet<String>,
    /// Any subscription, download or page-self word, in any case: most lines hold none.
    promo_finder: aho_corasick::AhoCorasick,
    /// The words of a site's controls and sections, as letters and digits in lower case.
    interface: FxHashSet<String>,
    /// How a staff credit line opens and closes.
    credit_open: Vec<String>,
    credit_close: Vec<String>,
    /// Any network name, and any credit opening or closing, in any case: most lines hold
    /// none, and skip the checks that split and lower-case them.
    social_finder: aho_corasick::AhoCorasick,
    credit_finder: aho_corasick::AhoCorasick,
    pub(crate) outlets: Vec<Outlet>,
    by_key: FxHashMap<String, usize>,
    /// One automaton per case rule over `outlet_names`, with the outlet of each pattern.
    finders: Vec<(aho_corasick::AhoCorasick, Vec<NamePattern>)>,
}

impl Lexicon {
    /// The lists compiled into the binary (parsed once per process).
    pub fn builtin() -> Lexicon {
        let tail_markers = parse_markers(MARKERS, "[tail]");
        let junk_markers = parse_markers(MARKERS, "[junk]");
        let social = parse_markers(MARKERS, "[social]");
        let subscription = parse_markers(MARKERS, "[subscription]");
        let download = parse_markers(MARKERS, "[download]");
        let page_self = parse_markers(MARKERS, "[page-self]");
        let credit_open: Vec<String> = parse_markers(MARKERS, "[credit-open]")
            .into_iter()
            .collect();
        let credit_close: Vec<String> = parse_markers(MARKERS, "[credit-close]")
            .into_iter()
            .collect();
        Lexicon {
            languages: data_lines(STOPWORDS).count().min(16),
            stopwords: parse_stopwords(STOPWORDS),
            tail_words: most_words(&tail_markers),
            junk_words: most_words(&junk_markers),
            tail_markers,
            junk_markers,
            social_finder: finder(&social),
            credit_finder: finder(credit_open.iter().chain(&credit_close)),
            social,
            social_cues: parse_markers(MARKERS, "[social-cue]"),
            consent: parse_markers(MARKERS, "[consent]"),
            promo_finder: finder(subscription.iter().chain(&download).chain(&page_self)),
            page_self,
            reader_address: parse_markers(MARKERS, "[reader-address]"),
            subscription,
            reader_cues: parse_markers(MARKERS, "[reader-cue]"),
            app_stores: parse_markers(MARKERS, "[app-store]"),
            download,
            interface: parse_markers(MARKERS, "[interface]")
                .iter()
                .map(|m| m.chars().filter(|c| c.is_alphanumeric()).collect())
                .collect(),
            credit_open,
            credit_close,
            ..parse_outlets(OUTLETS)
        }
    }

    /// A shared instance of [`Lexicon::builtin`].
    pub fn shared() -> &'static Lexicon {
        static LEXICON: OnceLock<Lexicon> = OnceLock::new();
        LEXICON.get_or_init(Lexicon::builtin)
    }

    /// The language (index into the stop-word lists) whose function words are most frequent.
    pub fn guess_language(&self, text: &str) -> usize {
        let sample = &text[..floor_boundary(text, LANGUAGE_SAMPLE)];
        self.most_likely(&self.stopword_counts(sample))
    }

    /// How many words of `text` are function words of each language (index as in
    /// [`Lexicon::guess_language`]).
    pub fn stopword_counts(&self, text: &str) -> [u32; 16] {
        let mut counts = [0u32; 16];
        for_each_word(text, |w| {
            if let Some(&langs) = self.stopwords.get(w) {
                for (lang, count) in counts.iter_mut().enumerate() {
                    *count += u32::from(langs >> lang & 1);
                }
            }
        });
        counts
    }

    /// The language with the most function words in `counts` (see
    /// [`Lexicon::stopword_counts`]); ties go to the first listed.
    pub fn most_likely(&self, counts: &[u32; 16]) -> usize {
        (0..self.languages)
            .max_by_key(|&lang| (counts[lang], std::cmp::Reverse(lang)))
            .unwrap_or(0)
    }

    /// `word` (lower case) is a function word of any language.
    pub fn is_stopword(&self, word: &str) -> bool {
        self.stopwords.contains_key(word)
    }

    /// The line is exactly a marker that opens a boilerplate tail ("Related Articles").
    pub fn is_tail_marker(&self, line: &str) -> bool {
        short_marker_key(line, self.tail_words).is_some_and(|k| self.tail_markers.contains(&k))
    }

    /// "More Washington Examiner", "More in World", "Related: Hong Kong": a short label that
    /// opens with a tail phrase. Such labels also head boxes inside an article, so they weigh
    /// against the text around them without ending it.
    pub fn is_section_label(&self, line: &str) -> bool {
        let Some(key) = short_marker_key(line, 5) else {
            return false;
        };
        let words: Vec<&str> = key.split(' ').collect();
        !line.trim_end().ends_with(['.', '!', '?'])
            && (words[0] == "more"
                || any_opening(&words, words.len() - 1, |_, p| {
                    self.tail_markers.contains(p)
                }))
    }

    /// The line is page furniture: exactly a junk marker, or a short line opening with one
    /// ("Share this with Facebook", "Image copyright EPA", "Updated 14 hours ago").
    pub fn is_junk_marker(&self, line: &str) -> bool {
        let Some(key) = short_marker_key(line, self.junk_words.max(8)) else {
            return false;
        };
        if self.junk_markers.contains(&key) {
            return true;
        }
        let words: Vec<&str> = key
            .split(' ')
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .collect();
        if words.len() > 8 {
            return false;
        }
        // "Image copyright EPA", "Share this with Facebook": a marker of two words or more
        // opening a short line. A one-word marker counts only before a colon ("Photo: AP"),
        // so headlines such as "Search for ferry's cargo continues" stay.
        let colon_after = |first: &str| {
            line.to_lowercase()
                .trim_start()
                .starts_with(&format!("{first}:"))
        };
        let most = words.len().min(6).saturating_sub(1);
        any_opening(&words, most, |n, p| {
            self.junk_markers.contains(p) && (n >= 1 || colon_after(p))
        })
    }

    /// A cookie consent notice: a block naming cookies that asks for consent or says how
    /// the site uses them (a word of `[consent]` in data/markers.txt).
    pub fn is_consent_notice(&self, text: &str) -> bool {
        if !text.contains("ookie") && !text.contains("OOKIE") {
            return false;
        }
        let words: Vec<String> = text
            .split_whitespace()
            .map(|w| {
                w.trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase()
            })
            .collect();
        words.iter().any(|w| w == "cookie" || w == "cookies")
            && words.iter().any(|w| self.consent.contains(w))
    }

    /// A line of up to 30 words that asks the reader to subscribe (a word of
    /// `[subscription]` and one of `[reader-cue]` in data/markers.txt) or to download an app
    /// (`[download]` and `[app-store]` with "app"), or of up to 20 that asks the reader about
    /// the page itself (`[page-self]` with `[reader-address]` or a question mark), and is not
    /// quoted speech.
    pub fn is_reader_promo(&self, line: &str) -> bool {
        let line = line.trim_start();
        if !self.promo_finder.is_match(line) || line.starts_with(['"', '“', '„', '«', '\'', '‘'])
        {
            return false;
        }
        let words: Vec<String> = line
            .split_whitespace()
            .take(31)
            .map(|w| {
                w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
                    .replace('’', "'")
                    .to_lowercase()
            })
            .filter(|w| !w.is_empty())
            .collect();
        if words.len() > 30 {
            return false;
        }
        let any = |set: &FxHashSet<String>| {
            words.iter().enumerate().any(|(i, w)| {
                set.contains(w)
                    || words
                        .get(i + 1)
                        .is_some_and(|n| set.contains(&format!("{w} {n}")))
            })
        };
        let app = words.iter().any(|w| w == "app" || w == "apps");
        let asks = line.trim_end().ends_with('?') || any(&self.reader_address);
        (any(&self.subscription) && any(&self.reader_cues))
            || (app && any(&self.download) && any(&self.app_stores))
            || (words.len() <= 20 && asks && any(&self.page_self))
    }

    /// `key` (a name's letters and digits, lower case) is a word of a site's controls or
    /// sections (`[interface]` in data/markers.txt): "suche", "startseite", "politics".
    pub fn is_interface_word(&self, key: &str) -> bool {
        self.interface.contains(key)
    }

    /// A "follow us" promo: a line of up to 30 words that names a social network and opens
    /// with a cue ("Follow …", "Folgen Sie …"), or names two with a cue anywhere, or gives an
    /// @handle, or names two or more and nothing else (a share bar). A sentence that merely
    /// mentions Facebook has none of these.
    pub fn is_social_promo(&self, line: &str) -> bool {
        if !self.social_finder.is_match(line) {
            return false;
        }
        let words: Vec<String> = line
            .split_whitespace()
            .take(31)
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '@'))
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        if words.len() > 30 {
            return false;
        }
        let networks = words
            .iter()
            .filter(|w| self.social.contains(w.trim_start_matches('@')))
            .count();
        if networks == 0 {
            return false;
        }
        let cue_at = |i: usize| {
            (1..=2).any(|n| {
                words
                    .get(i..i + n)
                    .is_some_and(|ws| self.social_cues.contains(&ws.join(" ")))
            })
        };
        let handle = words
            .iter()
            .any(|w| w.len() > 2 && w.starts_with('@') && !w[1..].contains('@'));
        // A row of network names and nothing else is a share bar ("Youtube Twitter Facebook").
        let bar = networks >= 2 && networks == words.len();
        cue_at(0) || handle || bar || (networks >= 2 && (0..words.len()).any(cue_at))
    }

    /// The story's staff credit: a line of up to 40 words that opens like "Reporting by …"
    /// ("(Reporting by …)" too) or closes like "… contributed reporting from Hong Kong."
    pub fn is_reporting_credit(&self, line: &str) -> bool {
        if !self.credit_finder.is_match(line) || line.split_whitespace().nth(40).is_some() {
            return false;
        }
        let key = marker_key(line);
        // A list of names: short, or cut by semicolons or a second credit ("; Editing by").
        // "Reporting by the ministry showed that …" is a sentence.
        let listed = line.split_whitespace().nth(12).is_none()
            || line.contains(';')
            || self
                .credit_open
                .iter()
                .any(|o| key.match_indices(o.as_str()).any(|(at, _)| at > 0));
        let opens = listed
            && self.credit_open.iter().any(|o| {
                key.strip_prefix(o.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', ':']))
            });
        // "… contributed reporting from Hong Kong": the close may be followed by a place.
        let closes = self.credit_close.iter().any(|c| {
            key.match_indices(c.as_str()).any(|(at, _)| {
                let before = at == 0 || key.as_bytes()[at - 1] == b' ';
                let rest = &key[at + c.len()..];
                before && (rest.is_empty() || rest.split_whitespace().count() <= 4)
            })
        });
        opens || closes
    }

    /// Every known outlet name in `line` as (byte range, outlet index), longest names first
    /// where they overlap; word edges are the caller's to check.
    pub fn outlet_matches(&self, line: &str) -> Vec<(std::ops::Range<usize>, usize)> {
        let mut out = Vec::new();
        let own_line = line.split_whitespace().count() <= 3;
        for (finder, patterns) in &self.finders {
            for m in finder.find_iter(line) {
                let p = &patterns[m.pattern().as_usize()];
                if (!p.shouted || own_line) && p.capitals_hold(&line[m.range()]) {
                    out.push((m.start()..m.end(), p.outlet));
                }
            }
        }
        out
    }

    /// The outlet a name stands for, if it is a known outlet's name or alias (any case).
    pub fn outlet_by_name(&self, name: &str) -> Option<&Outlet> {
        self.by_key
            .get(&name.trim().to_lowercase())
            .map(|&i| &self.outlets[i])
    }
}

/// One spelling in an outlet automaton.
#[derive(Debug)]
struct NamePattern {
    outlet: usize,
    /// Only alone on a short line (a short acronym, a name in capitals).
    shouted: bool,
    /// A name of several words, matched in any case: its spelling, whose capitals the text
    /// must keep ("El mundo", a Spanish section, is not El Mundo; "EL MUNDO" is).
    capitals: Option<Box<[u8]>>,
}

impl NamePattern {
    fn capitals_hold(&self, found: &str) -> bool {
        let Some(spelling) = &self.capitals else {
            return true;
        };
        spelling
            .iter()
            .zip(found.as_bytes())
            .all(|(s, f)| !s.is_ascii_uppercase() || f.is_ascii_uppercase())
    }
}

/// Lower case, punctuation at both ends and inner runs of space folded.
fn marker_key(line: &str) -> String {
    let trimmed = line.trim_matches(|c: char| !c.is_alphanumeric());
    let mut key = String::with_capacity(trimmed.len());
    for word in trimmed.split_whitespace() {
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(&word.to_lowercase().replace('’', "'"));
    }
    key
}

/// Whether `f` holds for one of the first 1, 2, … `most` of `words` joined by spaces (with the
/// number of words less one), each built on the last in one buffer.
fn any_opening(words: &[&str], most: usize, mut f: impl FnMut(usize, &str) -> bool) -> bool {
    let mut joined = String::new();
    words.iter().take(most).enumerate().any(|(n, w)| {
        if n > 0 {
            joined.push(' ');
        }
        joined.push_str(w);
        f(n, &joined)
    })
}

/// The marker key of `line` if it has words and at most `max_words` of them (counted without
/// allocating, so long lines cost one scan of their first words).
fn short_marker_key(line: &str, max_words: usize) -> Option<String> {
    let trimmed = line.trim_matches(|c: char| !c.is_alphanumeric());
    let words = trimmed.split_whitespace().take(max_words + 1).count();
    (words > 0 && words <= max_words).then(|| marker_key(trimmed))
}

fn most_words(markers: &FxHashSet<String>) -> usize {
    markers
        .iter()
        .map(|m| m.split(' ').count())
        .max()
        .unwrap_or(0)
}

fn data_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
}

fn parse_stopwords(text: &str) -> FxHashMap<String, u16> {
    let mut out: FxHashMap<String, u16> = FxHashMap::default();
    for (lang, (_, words)) in data_lines(text)
        .filter_map(|l| l.split_once(':'))
        .take(16)
        .enumerate()
    {
        for w in words.split_whitespace() {
            *out.entry(w.to_owned()).or_default() |= 1 << lang;
        }
    }
    out
}

/// "By Jane Doe", "Von Tim Ehlers", "Par …": the line opens with the word a byline opens
/// with, in the languages of the stop-word lists.
pub(crate) fn opens_with_by(text: &str) -> bool {
    let lower = text.trim_start().to_lowercase();
    ["by ", "von ", "par ", "por ", "di ", "door ", "av ", "af "]
        .iter()
        .any(|p| lower.starts_with(p))
}

/// Appends `word` lower-cased to `out`, byte by byte when it is ASCII (most words of most
/// pages), char by char otherwise.
pub(crate) fn push_lowercase(out: &mut String, word: &str) {
    if word.is_ascii() {
        out.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    } else {
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
}

/// Pushes `c` onto `out` lower-cased when it is a letter or digit (ASCII without a table
/// look-up) and says whether it was one: words as hashed by the name and fingerprint scans.
pub(crate) fn push_folded_char(out: &mut String, c: char) -> bool {
    if c.is_ascii() {
        if !c.is_ascii_alphanumeric() {
            return false;
        }
        out.push(c.to_ascii_lowercase());
    } else if c.is_alphanumeric() {
        out.extend(c.to_lowercase());
    } else {
        return false;
    }
    true
}

/// Bytes of a page's opening that decide its language.
pub const LANGUAGE_SAMPLE: usize = 20_000;

/// Calls `f` with every word of `text` (letters, digits, apostrophes), lower-cased; words
/// longer than any function word are skipped unread.
fn for_each_word(text: &str, mut f: impl FnMut(&str)) {
    let mut lowered = String::new();
    for w in text.split(|c: char| !c.is_alphanumeric() && c != '\'') {
        if w.is_empty() || w.len() > 16 {
            continue;
        }
        if w.chars().any(char::is_uppercase) {
            lowered.clear();
            push_lowercase(&mut lowered, w);
            f(&lowered);
        } else {
            f(w);
        }
    }
}

fn floor_boundary(text: &str, at: usize) -> usize {
    let mut i = at.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// An ASCII-case-insensitive automaton over `words`.
fn finder<'a>(words: impl IntoIterator<Item = &'a String>) -> aho_corasick::AhoCorasick {
    aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(words)
        .expect("marker words build an automaton")
}

fn parse_markers(text: &str, section: &str) -> FxHashSet<String> {
    let mut current = "";
    let mut out = FxHashSet::default();
    for line in data_lines(text) {
        if line.starts_with('[') {
            current = line.trim();
        } else if current == section {
            out.insert(marker_key(line));
        }
    }
    out
}

fn parse_outlets(text: &str) -> Lexicon {
    let mut outlets = Vec::new();
    let mut outlet_names = Vec::new();
    let mut by_key = FxHashMap::default();
    for line in data_lines(text) {
        let mut cols = line.split('\t');
        let name = cols.next().unwrap_or_default().trim().to_owned();
        let kind = match cols.next().map(str::trim) {
            Some("wire") => OutletKind::Wire,
            Some("aggregator") => OutletKind::Aggregator,
            _ => OutletKind::Outlet,
        };
        let aliases = cols.next().unwrap_or_default();
        let index = outlets.len();
        for spelling in std::iter::once(name.as_str()).chain(aliases.split('|')) {
            let spelling = spelling.trim();
            if spelling.is_empty() {
                continue;
            }
            by_key.entry(spelling.to_lowercase()).or_insert(index);
            let single_word = spelling.chars().all(char::is_alphanumeric);
            let upper = spelling.to_uppercase();
            // A single word matches as written and in capitals ("Reuter", "REUTER").
            let extra = (single_word && upper != spelling).then_some(upper);
            // Short acronyms ("AP", "RT", "IGN") are common tokens: alone on a line only.
            let acronym = single_word && spelling.len() <= 3;
            let forms =
                std::iter::once((spelling.to_owned(), acronym)).chain(extra.map(|u| (u, true)));
            for (text, shouted) in forms {
                outlet_names.push(OutletName {
                    text,
                    case_sensitive: single_word,
                    outlet: index,
                    shouted,
                });
            }
        }
        outlets.push(Outlet { name, kind });
    }
    // Longest spellings first, so "Thomson Reuters" is tried before "Reuters".
    outlet_names.sort_by_key(|n| std::cmp::Reverse(n.text.len()));
    let finders = [true, false]
        .into_iter()
        .map(|case_sensitive| {
            let names: Vec<&OutletName> = outlet_names
                .iter()
                .filter(|n| n.case_sensitive == case_sensitive)
                .collect();
            let finder = aho_corasick::AhoCorasick::builder()
                .ascii_case_insensitive(!case_sensitive)
                .match_kind(aho_corasick::MatchKind::LeftmostLongest)
                .build(names.iter().map(|n| n.text.as_str()))
                .expect("outlet names build an automaton");
            let patterns = names
                .iter()
                .map(|n| NamePattern {
                    outlet: n.outlet,
                    shouted: n.shouted,
                    capitals: (!case_sensitive).then(|| n.text.as_bytes().into()),
                })
                .collect();
            (finder, patterns)
        })
        .collect();
    Lexicon {
        stopwords: FxHashMap::default(),
        languages: 0,
        tail_markers: FxHashSet::default(),
        junk_markers: FxHashSet::default(),
        tail_words: 0,
        junk_words: 0,
        social: FxHashSet::default(),
        social_cues: FxHashSet::default(),
        consent: FxHashSet::default(),
        subscription: FxHashSet::default(),
        reader_cues: FxHashSet::default(),
        app_stores: FxHashSet::default(),
        download: FxHashSet::default(),
        page_self: FxHashSet::default(),
        reader_address: FxHashSet::default(),
        promo_finder: finder(&FxHashSet::default()),
        interface: FxHashSet::default(),
        credit_open: Vec::new(),
        credit_close: Vec::new(),
        social_finder: finder(&FxHashSet::default()),
        credit_finder: finder(&FxHashSet::default()),
        outlets,
        by_key,
        finders,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers() {
        let lex = Lexicon::builtin();
        assert!(lex.is_tail_marker("Related Articles"));
        assert!(lex.is_tail_marker("  MOST READ:  "));
        assert!(!lex.is_tail_marker("Related Articles about the war in Ukraine and more"));
        assert!(lex.is_junk_marker("Share this with Facebook"));
        type Check = fn(&Lexicon, &str) -> bool;
        let (promo, credit): (Check, Check) =
            (Lexicon::is_social_promo, Lexicon::is_reporting_credit);
        let cases = [
            (promo, "Follow Newsbeat on Instagram, Facebook, Twitter and YouTube.", true),
            (promo, "Have a tip? Amy Kuperinsky may be reached at the paper. Follow her on Twitter @AmyKup or on Facebook.", true),
            (promo, "Welcome to our Daily Deals. Follow us at Twitter @deals.", true),
            (promo, "Folgen Sie uns auf Facebook und Instagram", true),
            (promo, "Youtube Twitter Facebook", true),
            (promo, "Twitter and Facebook", false),
            (promo, "The minister said on Facebook that talks would resume in Istanbul next week.", false),
            (promo, "He had posted on Twitter and Facebook before the vote, his office said.", false),
            (promo, "Facebook shares fell 4% after the company said it would follow new rules in the EU.", false),
            (promo, "Write to jane@example.com about Twitter.", false),
            (credit, "Reporting by Rodrigo Campos; additional reporting by Stephanie Kelly; Editing by Nick Zieminski", true),
            (credit, "(Reporting by Olena Harmash; Editing by Mark Trevelyan)", true),
            (credit, "Keith Bradsher contributed reporting from Hong Kong.", true),
            (credit, "Anna Smith contributed to this report.", true),
            (credit, "Reporting by the ministry showed that exports fell by a third in March, well below what analysts had expected, and the central bank said it would act.", false),
            (credit, "She contributed reporting for years before she became the paper's editor in 2015, and she ran its newsroom through two elections and a pandemic that emptied it.", false),
        ];
        for (check, line, want) in cases {
            assert_eq!(check(&lex, line), want, "{line}");
        }
        assert!(lex.is_junk_marker("Advertisement"));
        for ui in [
            "Wird geladen …",
            "Gefällt mir",
            "Bewerten:",
            "Quelle: Landesregierung",
        ] {
            assert!(lex.is_junk_marker(ui), "{ui}");
        }
        assert!(lex.is_junk_marker("Image copyright EPA"));
        assert!(!lex.is_junk_marker(
            "Share prices fell sharply on Tuesday after the bank warned on profits."
        ));
    }

    #[test]
    fn cookie_notices_but_not_articles_about_cookies() {
        let lex = Lexicon::builtin();
        for notice in [
            "Diese Webseite verwendet Cookies. Indem Sie weiter die Seite besuchen, stimmen Sie der Verwendung von Cookies zu.",
            "We use cookies and similar technologies to improve your browsing experience. By clicking Accept you agree.",
            "Nous utilisons des cookies pour mesurer l'audience.",
        ] {
            assert!(lex.is_consent_notice(notice), "{notice}");
        }
        for article in [
            "Nearly every website that has a Like button tells Facebook about your visit, through cookies it sets in your browser.",
            "The bakery sold 4,000 cookies on Saturday, its owner said.",
            "Trade ministers agreed on Tuesday to accept the new tariffs.",
        ] {
            assert!(!lex.is_consent_notice(article), "{article}");
        }
    }

    #[test]
    fn paywall_and_app_promos_but_not_sentences_about_subscribing() {
        let lex = Lexicon::builtin();
        for promo in [
            "Subscribe now to our eNATION edition for the full story.",
            "To view the full story, please subscribe to The Harbour Times.",
            "If you’re seeing this message but you’re already a subscriber, you can log in for immediate access to this story.",
            "For the latest stories and breaking news updates download the Harbour apps for iOS and Android.",
            "Jetzt abonnieren und den ganzen Artikel lesen",
            "War der Artikel nützlich?",
            "We want to hear what you think about this article.",
        ] {
            assert!(lex.is_reader_promo(promo), "{promo}");
        }
        for sentence in [
            "If you were to subscribe to all three services separately, you'd be paying around $17.97.",
            "“Please subscribe now,” the streamer begged his viewers on Tuesday.",
            "The service lost 2 million subscribers in the quarter, the company said.",
            "Download speeds on Android phones rose by a third last year.",
            "This article was amended on 3 May to correct the minister's name.",
            "Sie kritisierte den Artikel scharf.",
        ] {
            assert!(!lex.is_reader_promo(sentence), "{sentence}");
        }
    }

    #[test]
    fn outlets_and_languages() {
        let lex = Lexicon::builtin();
        assert_eq!(lex.outlet_by_name("AP").unwrap().name, "Associated Press");
        assert_eq!(
            lex.outlet_by_name("daily8").unwrap().kind,
            OutletKind::Aggregator
        );
        let en = lex.guess_language("the cat sat on the mat and it was there");
        let de = lex.guess_language("der Hund und die Katze sind nicht mit dem Auto");
        assert_ne!(en, de);
    }

    #[test]
    fn a_name_of_several_words_keeps_its_capitals() {
        let lex = Lexicon::builtin();
        let named = |line: &str| -> Vec<String> {
            lex.outlet_matches(line)
                .into_iter()
                .map(|(_, o)| lex.outlets[o].name.clone())
                .collect()
        };
        assert_eq!(named("Noticias de El Mundo"), ["El Mundo"]);
        assert_eq!(named("EL MUNDO"), ["El Mundo"]);
        // A section of a Spanish paper, and a German sentence.
        assert!(named("Economía Sociedad El mundo Cultura").is_empty());
        assert!(!named("Wer rettet die Welt?").contains(&"Die Welt".to_owned()));
    }
}
