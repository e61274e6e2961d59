//! The site: the name of the site a page was saved from, as its header, footer and notices show it.
//!
//! Owns the candidates (known outlets the page names, copyright owners, the names of domains
//! written on the page, the short part of a "Headline | Site" line, and capitalised names the
//! page's furniture repeats) and their features: how often and where the page shows each name,
//! whether a domain on the page spells it, whether it is used as a label ("Bild:") or a byline.
//! The fitted weights (`data/weights/site.tsv`) choose. It is told where the body lies; it does
//! not decide the source (the wire that wrote re-hosted copy), which `source` owns.

mod mentions;

use super::lexicon::{Lexicon, OutletKind};
use super::model::Candidates;
use mentions::{Count, Counts};
use regex::Regex;
use rustc_hash::FxHashMap;
use std::ops::Range;
use std::sync::OnceLock;

/// The features of a site candidate, in the order [`features`] fills them and the weight file
/// names them.
pub const FEATURES: &[&str] = &[
    "known_outlet",
    "aggregator",
    "wire",
    "copyright_owner",
    "domain_spelled",
    "from_domain",
    "title_part",
    "furniture_mentions",
    "body_mentions",
    "in_header",
    "in_footer",
    "own_line",
    "words",
    "one_word",
    "label_use",
    "byline_use",
    "in_headline",
    "legal_form",
    "function_word",
    "lower_case_use",
    "first_at",
    "credit_use",
    "shouted",
    "repeated_name",
    "bias",
    "domain_mentions",
    "email_domain",
    "service",
    "bracketed",
    "never_written",
    "spelled_and_written",
    "spelled_in_header",
    "header_own_line",
    "opening_lines",
    "publishing_host",
    "named_by_rules",
    "credited",
    "interface_word",
];

crate::extract::model::builtin_model!("site.tsv");

/// Where the article lies on the page.
pub struct Frame<'a> {
    /// Every line of the page.
    pub lines: &'a [&'a str],
    /// The article's line range.
    pub body: Range<usize>,
    /// The lines of the article itself, sorted.
    pub kept: &'a [usize],
    /// The headline's line.
    pub title: Option<usize>,
    /// The outlet the source rules find named in the furniture ([`super::source::Evidence`]).
    pub named: Option<&'a str>,
    /// The certain credit of the story, if any (the wire of re-hosted copy).
    pub credit: Option<&'a str>,
}

/// The site's name the page shows, if any, and the publishing platform it is on when the
/// name the page shows most strongly is a platform's own ("WordPress.com" in the footer of a
/// blog saved as text): the platform is the site, and the best other name the blog's.
pub fn choose(frame: &Frame) -> (Option<String>, Option<&'static str>) {
    let cands = candidates(frame);
    // Certain: a story credited to another outlet, on a page whose furniture names an
    // aggregator (data/outlets.tsv: a site that re-hosts others' stories), was re-hosted there.
    if frame.credit.is_some() {
        if let Some(c) = cands.iter().find(|c| c.aggregator_in_furniture) {
            return (Some(c.name.clone()), None);
        }
    }
    let mut scored: Vec<(f32, &Candidate)> = cands
        .iter()
        .map(|c| (score(&c.features), c))
        .filter(|(s, _)| *s > 0.0)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.name.cmp(&b.1.name)));
    let platform = scored.first().and_then(|(_, c)| platform_spelled(&c.name));
    let name = scored
        .iter()
        .map(|(_, c)| c)
        .find(|c| platform.is_none() || platform_spelled(&c.name).is_none())
        .map(|c| c.name.clone());
    (name, platform)
}

/// The publishing platform whose host label or own name `name` spells ("wordpress",
/// "WordPress.com", "Blogger").
fn platform_spelled(name: &str) -> Option<&'static str> {
    let k = key(name);
    platforms()
        .1
        .iter()
        .find(|(label, own)| key(label) == k || key(own) == k)
        .map(|(_, own)| *own)
}

/// A candidate's score under the fitted weights (for showing why one won).
pub fn score(features: &[f32]) -> f32 {
    model().score(features)
}

/// Every candidate with its features, for fitting the weights.
pub fn explain(frame: &Frame) -> Candidates {
    Candidates {
        names: FEATURES.to_vec(),
        rows: candidates(frame)
            .into_iter()
            .map(|c| (c.name, c.features))
            .collect(),
    }
}

/// How a name came to be a candidate.
#[derive(Default, Clone, Copy)]
struct Origin {
    outlet: Option<OutletKind>,
    copyright: bool,
    domain: bool,
    title_part: bool,
    repeated: bool,
    named: bool,
}

struct Candidate {
    name: String,
    features: Vec<f32>,
    /// A known aggregator the page's furniture names.
    aggregator_in_furniture: bool,
}

/// A host name written on the page, by the label that names its site.
struct Domain {
    stem: String,
    count: u32,
    /// Seen after an "@": the site's own mail.
    email: bool,
    /// A third-party service ([services] in data/platforms.txt).
    service: bool,
    /// A publishing host's own name ([hosts]), with no site's label before it.
    host: bool,
}

/// The lists of data/platforms.txt: services, then publishing hosts (label, platform's name).
type Platforms = (Vec<&'static str>, Vec<(&'static str, &'static str)>);

fn platforms() -> &'static Platforms {
    static P: OnceLock<Platforms> = OnceLock::new();
    P.get_or_init(|| {
        let (mut services, mut hosts) = (Vec::new(), Vec::new());
        let mut into_hosts = false;
        for line in include_str!("../../../data/platforms.txt")
            .lines()
            .map(str::trim)
        {
            match line {
                "" => {}
                l if l.starts_with('#') => {}
                "[services]" => into_hosts = false,
                "[hosts]" => into_hosts = true,
                l if into_hosts => {
                    let (label, name) = l.split_once('\t').unwrap_or((l, l));
                    hosts.push((label, name.trim()));
                }
                l => services.push(l),
            }
        }
        (services, hosts)
    })
}

/// The own name of the publishing platform whose host label `label` is (lower case).
fn platform_named_by(label: &str) -> Option<&'static str> {
    platforms()
        .1
        .iter()
        .find(|(l, _)| *l == label)
        .map(|(_, name)| *name)
}

fn is_publishing_host(label: &str) -> bool {
    platform_named_by(label).is_some()
}

/// The publishing platform a page's address is on, by the platform's own name ("Blogger"
/// for siliconexposed.blogspot.com), when it is one of data/platforms.txt's hosts.
pub fn platform_of(host: &str) -> Option<&'static str> {
    let mut labels = host.rsplit('.');
    labels.next()?;
    platform_named_by(&labels.next()?.to_lowercase())
}

/// The publishing platform a page's furniture says it is on: a short line outside the article
/// that ends in the platform's own name ("Powered by Blogger", "Bloggen auf WordPress.com"),
/// and is not a "follow us" line ("Follow us on Tumblr": a site with an account there).
pub fn platform_named(frame: &Frame) -> Option<&'static str> {
    let lex = Lexicon::shared();
    frame
        .lines
        .iter()
        .enumerate()
        .filter(|(i, _)| !frame.body.contains(i))
        .map(|(_, l)| l.trim())
        .filter(|l| (2..=6).contains(&l.split_whitespace().count()))
        .find_map(|l| {
            let named = platforms().1.iter().map(|(_, name)| *name).find(|name| {
                l.strip_suffix(name)
                    .is_some_and(|before| before.ends_with(' '))
            });
            // The automaton only for the rare line that names a platform.
            named.filter(|_| !lex.is_social_promo(l))
        })
}

/// The label naming a host's site: the one before its top-level domain, or, on a publishing
/// host, the one before that ("gormulus" for gormulus.wordpress.com).
fn domain_stem(before: &str, label: &str) -> Option<String> {
    let label = label.to_lowercase();
    if is_publishing_host(&label) {
        let sub = before
            .trim_end_matches('.')
            .rsplit('.')
            .next()
            .filter(|s| !s.is_empty() && !s.eq_ignore_ascii_case("www"));
        return Some(sub.map_or(label, str::to_lowercase));
    }
    (label.len() >= 2 && label != "www").then_some(label)
}

fn patterns() -> &'static (Regex,) {
    static P: OnceLock<(Regex,)> = OnceLock::new();
    P.get_or_init(|| {
        let re = |s: &str| Regex::new(s).expect("site pattern compiles");
        (
            // A host name: its last label before a top-level domain is the site's name.
            re(r"(?i)(@)?(?-u:\b)((?:[a-z0-9-]+\.)*?)([a-z0-9][a-z0-9-]{0,40})\.(?:com?|de|org|net|fr|it|es|uk|at|ch|nl|be|info|tv|ru|pl|cl|in|au|ca|io|news|media|blog|eu|us|jp|pt|br|mx|ar|se|no|dk|fi|cz|hu|ro|gr|tr|ie|nz|za|world|ly)(?:\.[a-z]{2})?(?-u:\b)"),
        )
    })
}

/// Candidates by [`key`]: the name as first shown, how it came up, and other spellings the
/// page uses for it.
type Found = FxHashMap<String, Entry>;

/// A candidate as found: its name as first shown, its origins, its other spellings.
type Entry = (String, Origin, Vec<String>);

fn add(found: &mut Found, name: &str, set: impl Fn(&mut Origin)) {
    let name = name.trim().trim_matches(|c: char| !c.is_alphanumeric());
    let k = key(name);
    if k.chars().count() < 2 || k.chars().all(|c| c.is_ascii_digit()) {
        return;
    }
    let entry = found
        .entry(k)
        .or_insert_with(|| (name.to_owned(), Origin::default(), Vec::new()));
    set(&mut entry.1);
}

/// A name as its letters and digits, lower case: "The Hill", "TheHill" and "thehill" are one.
pub(crate) fn key(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The text after a name goes on with a lower-case word in the same sentence.
fn runs_on(after: &str) -> bool {
    let mut chars = after.chars();
    chars.next() == Some(' ') && chars.next().is_some_and(char::is_lowercase)
}

fn candidates(frame: &Frame) -> Vec<Candidate> {
    let lex = Lexicon::shared();
    let mut found: Found = FxHashMap::default();
    let furniture = |i: usize| frame.kept.binary_search(&i).is_err() && Some(i) != frame.title;
    let mut domains: Vec<Domain> = Vec::new();
    for (i, line) in frame.lines.iter().enumerate() {
        // Known outlets named only inside the text are never the site (see `in_text_only`
        // below): only the furniture and the text's short lines (a " Reuter" sign-off) are
        // searched for them.
        let short = line.split_whitespace().nth(3).is_none();
        let names = if furniture(i) || short {
            super::source::mention_spans(line, lex)
        } else {
            Vec::new()
        };
        for (range, o) in names {
            // "Bild herunterladen", "Salon Zur Wilden Renate": a word of the sentence, not
            // the outlet's name, when a lower-case word runs on from it.
            if runs_on(&line[range.end..]) {
                continue;
            }
            let kind = lex.outlets[o].kind;
            add(&mut found, &lex.outlets[o].name, |g| g.outlet = Some(kind));
            // The page's own spelling of it ("Reuter") counts as a mention of it.
            let written = &line[range];
            if let Some(entry) = found.get_mut(&key(&lex.outlets[o].name)) {
                if !entry.2.iter().any(|w| w == written) && written != entry.0 {
                    entry.2.push(written.to_owned());
                }
            }
        }
        if has_host_shape(line) {
            for c in patterns().0.captures_iter(line) {
                let before = c.get(2).map_or("", |m| m.as_str());
                let Some(stem) = domain_stem(before, &c[3]) else {
                    continue;
                };
                let email = c.get(1).is_some();
                match domains.iter_mut().find(|d| d.stem == stem) {
                    Some(d) => {
                        d.count += 1;
                        d.email |= email;
                    }
                    None => domains.push(Domain {
                        service: platforms().0.iter().any(|p| *p == stem),
                        host: is_publishing_host(&stem),
                        stem,
                        count: 1,
                        email,
                    }),
                }
            }
        }
        if !furniture(i) {
            continue;
        }
        if let Some(owner) = super::source::copyright_owner(line, lex) {
            add(&mut found, &owner, |g| g.copyright = true);
        }
        if i < frame.body.start.max(1) + 2 {
            for part in title_parts(line) {
                add(&mut found, part, |g| g.title_part = true);
            }
        }
        if line.len() <= 200 {
            for words in capitalised_names(line) {
                // Each run of one to three words of the name ("Get Quanta Magazine" holds
                // "Quanta Magazine").
                for a in 0..words.len() {
                    for b in a + 1..=words.len() {
                        let first = words[a].chars().next().is_some_and(char::is_uppercase);
                        let last = words[b - 1].chars().next().is_some_and(char::is_uppercase);
                        if first && last {
                            add(&mut found, &words[a..b].join(" "), |g| g.repeated = true);
                        }
                    }
                }
            }
        }
    }
    if let Some(name) = frame.named {
        add(&mut found, name, |g| g.named = true);
    }
    // A domain's name, as the page writes it elsewhere ("agrarheute" for agrarheute.com).
    for d in domains.iter().filter(|d| !d.service) {
        let spelled = d.stem.replace('-', "");
        match found.get_mut(&spelled) {
            Some(entry) => entry.1.domain = true,
            None => {
                let shown = written_form(frame.lines, &d.stem).unwrap_or_else(|| d.stem.clone());
                add(&mut found, &shown, |g| g.domain = true);
            }
        }
    }
    let found: Vec<(String, Entry)> = found.into_iter().collect();
    let counts = Counts::new(
        frame,
        found
            .iter()
            .map(|(_, (name, _, spellings))| (name.as_str(), spellings.as_slice())),
    );
    let mut out: Vec<Candidate> = found
        .into_iter()
        .zip(counts)
        .filter_map(|((k, (name, origin, _)), c)| {
            let c = &c;
            // A repeated name must be repeated; other origins stand on their own.
            // A name the page shows only in photo credits ("via Associated Press") is the
            // picture's, never the page's.
            let credited_only = c.credit > 0 && c.credit == c.furniture + c.body;
            // The story's credit (the wire of re-hosted copy) is the source already; it is
            // the site too only where the site's own marks say so: its domain, its copyright
            // notice, its title bar.
            let own_marks =
                origin.domain || origin.copyright || origin.title_part || spells(&k, &domains);
            let credit_only = frame.credit.is_some_and(|cr| key(cr) == k) && !own_marks;
            // A name the headline and the text are about is the story's subject.
            let subject = c.headline > 0 && c.body >= c.furniture && !own_marks;
            // The site shows its name in its header, footer or notices, not only in the text.
            // (A name on a line of its own is a sign-off, " Reuter", not a mention.)
            let in_text_only = c.furniture == 0 && c.own_line == 0 && !own_marks && c.body > 0;
            // A month ("November", "Juni") is the date the furniture shows, never a name.
            let month = super::date::is_month_name(&name);
            let kept = !credited_only
                && !month
                && !credit_only
                && !subject
                && !in_text_only
                && (origin.outlet.is_some()
                    || origin.named
                    || origin.copyright
                    || origin.domain
                    || origin.title_part
                    || c.furniture >= 2);
            kept.then(|| Candidate {
                features: features(&name, &k, origin, c, &domains, frame, lex),
                aggregator_in_furniture: origin.outlet == Some(OutletKind::Aggregator)
                    && c.furniture > 0,
                name,
            })
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// Capitalised names of one to three words ("Live Science", "Folha de S.Paulo"; not
/// "agrarheute"): words that open with a capital, one space apart, the middle one possibly a
/// connector ("of", "de", "&"). Found by hand: a Unicode regex here was 9% of extraction time.
fn capitalised_names(line: &str) -> Vec<Vec<&str>> {
    const CONNECTORS: &[&str] = &["&", "of", "de", "der", "die", "du", "la", "le", "el"];
    let in_word = |c: char| c.is_alphanumeric() || "&'’.-".contains(c);
    // Words with whether a single space follows them.
    let mut words: Vec<(&str, bool)> = Vec::new();
    let mut start = None;
    for (i, c) in line
        .char_indices()
        .chain(std::iter::once((line.len(), '\0')))
    {
        match (start, i < line.len() && in_word(c)) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                let single_space = c == ' ' && line[i + 1..].starts_with(|n: char| in_word(n));
                words.push((&line[s..i], single_space));
                start = None;
            }
            _ => {}
        }
        if start.is_none() && i < line.len() && !in_word(c) && c != ' ' {
            if let Some(last) = words.last_mut() {
                last.1 = false;
            }
        }
    }
    let capital = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if !capital(words[i].0) {
            i += 1;
            continue;
        }
        let mut name = vec![words[i].0];
        let mut j = i;
        if words[j].1 && j + 1 < words.len() {
            let next = words[j + 1].0;
            if capital(next) || CONNECTORS.contains(&next) {
                name.push(next);
                j += 1;
                if words[j].1 && j + 1 < words.len() && capital(words[j + 1].0) {
                    name.push(words[j + 1].0);
                    j += 1;
                }
            }
        }
        out.push(name);
        i = j + 1;
    }
    out
}

/// A letter or digit, a dot, two lower-case letters: what every host name holds ("taz.de"),
/// and sentences rarely do ("end. Next", "U.S."); the host pattern runs only on such lines.
fn has_host_shape(line: &str) -> bool {
    let b = line.as_bytes();
    (1..b.len().saturating_sub(2)).any(|i| {
        b[i] == b'.'
            && b[i - 1].is_ascii_alphanumeric()
            && b[i + 1].is_ascii_lowercase()
            && b[i + 2].is_ascii_lowercase()
    })
}

/// The domain spells the name: the same letters, or one holds the other ("agrarheute").
fn spelled_by(key: &str, d: &Domain) -> bool {
    let d = d.stem.replace('-', "");
    d == key || (key.len() >= 4 && d.contains(key)) || (d.len() >= 4 && key.contains(&d))
}

fn spells(key: &str, domains: &[Domain]) -> bool {
    domains.iter().any(|d| spelled_by(key, d))
}

/// The page's own spelling of a domain's name: a word that reads the same, whatever its case.
fn written_form(lines: &[&str], stem: &str) -> Option<String> {
    let want = stem.replace('-', "");
    lines.iter().find_map(|l| {
        l.split(|c: char| c.is_whitespace() || ",;:()[]|".contains(c))
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .find(|w| !w.contains('.') && key(w) == want)
            .map(str::to_owned)
    })
}

/// The short parts of a "Headline | Site" or "Site - Section" line.
fn title_parts(line: &str) -> Vec<&str> {
    const SEPARATORS: &[&str] = &[" | ", " - ", " – ", " — ", " :: ", " » ", " · "];
    let Some(sep) = SEPARATORS.iter().find(|s| line.contains(**s)) else {
        return Vec::new();
    };
    let parts: Vec<&str> = line.split(sep).map(str::trim).collect();
    if parts.len() < 2 || line.len() > 250 {
        return Vec::new();
    }
    let longest = parts.iter().map(|p| p.len()).max().unwrap_or(0);
    parts
        .into_iter()
        .filter(|p| p.len() < longest && p.split_whitespace().count() <= 5)
        .collect()
}

fn features(
    name: &str,
    key: &str,
    origin: Origin,
    c: &Count,
    domains: &[Domain],
    frame: &Frame,
    lex: &Lexicon,
) -> Vec<f32> {
    let words = name.split_whitespace().count();
    let spelling: Vec<&Domain> = domains.iter().filter(|d| spelled_by(key, d)).collect();
    let spelled = !spelling.is_empty();
    let mentions = c.furniture + c.body;
    let share = |n: u32| n as f32 / mentions.max(1) as f32;
    let lower_use = words == 1
        && frame
            .kept
            .iter()
            .take(60)
            .any(|&i| frame.lines[i].split_whitespace().any(|w| w == key));
    let mut f = vec![0.0; FEATURES.len()];
    f[0] = f32::from(origin.outlet.is_some());
    f[1] = f32::from(origin.outlet == Some(OutletKind::Aggregator));
    f[2] = f32::from(origin.outlet == Some(OutletKind::Wire));
    f[3] = f32::from(origin.copyright);
    f[4] = f32::from(spelled);
    f[5] = f32::from(origin.domain);
    f[6] = f32::from(origin.title_part);
    f[7] = (1.0 + c.furniture as f32).ln();
    f[8] = (1.0 + c.body as f32).ln();
    f[9] = f32::from(c.header > 0);
    f[10] = f32::from(c.footer > 0);
    f[11] = f32::from(c.own_line > 0);
    f[12] = words.min(6) as f32 / 3.0;
    f[13] = f32::from(words == 1);
    f[14] = share(c.label);
    f[15] = share(c.byline);
    f[16] = f32::from(c.headline > 0);
    f[17] = f32::from(c.legal > 0);
    f[18] = f32::from(words == 1 && lex.is_stopword(key));
    f[19] = f32::from(lower_use);
    f[20] = c
        .first
        .map_or(1.0, |i| i as f32 / frame.lines.len().max(1) as f32);
    f[21] = share(c.credit);
    f[22] = f32::from(
        name.chars().filter(|c| c.is_alphabetic()).count() >= 3
            && !name.chars().any(char::is_lowercase),
    );
    f[23] = f32::from(origin.repeated);
    f[24] = 1.0;
    f[25] = (spelling.iter().map(|d| d.count).max().unwrap_or(0) as f32).ln_1p();
    f[26] = f32::from(spelling.iter().any(|d| d.email));
    f[27] = f32::from(spelled && spelling.iter().all(|d| d.service));
    f[28] = share(c.bracketed);
    f[29] = f32::from(mentions == 0);
    f[30] = f32::from(spelled && mentions > 0);
    f[31] = f32::from(spelled && c.header > 0);
    f[32] = f32::from(c.header > 0 && c.own_line > 0);
    f[33] = f32::from(c.first.is_some_and(|i| i < 8));
    f[34] = f32::from(spelled && spelling.iter().all(|d| d.host));
    f[35] = f32::from(origin.named);
    f[36] = f32::from(frame.credit.is_some_and(|c| self::key(c) == key));
    f[37] = f32::from(lex.is_interface_word(key));
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_outlet_s_name_used_as_a_word_is_no_mention_of_the_outlet() {
        let known = |lines: &[&str]| {
            let frame = Frame {
                lines,
                body: 0..0,
                kept: &[],
                title: None,
                named: None,
                credit: None,
            };
            candidates(&frame)
                .into_iter()
                .any(|c| c.name == "Bild" && c.features[0] > 0.0)
        };
        // German for "download picture", under every photo of a press release.
        assert!(!known(&["Bild herunterladen", "Drucken"]));
        assert!(known(&["Quelle: Bild", "Drucken"]));
        assert!(known(&["© Bild 2022"]));
        assert!(runs_on(" herunterladen") && !runs_on(" 29.12.10") && !runs_on(": dpa"));
    }

    #[test]
    fn a_month_the_furniture_repeats_is_no_name() {
        let lines = [
            "Harbour Gazette",
            "November",
            "Body.",
            "November",
            "Harbour Gazette",
        ];
        let frame = Frame {
            lines: &lines,
            body: 2..3,
            kept: &[2],
            title: None,
            named: None,
            credit: None,
        };
        let names: Vec<String> = candidates(&frame).into_iter().map(|c| c.name).collect();
        assert!(names.contains(&"Harbour Gazette".to_owned()), "{names:?}");
        assert!(!names.contains(&"November".to_owned()), "{names:?}");
    }

    #[test]
    fn capitalised_names_are_runs_of_up_to_three_words() {
        assert_eq!(
            capitalised_names("Get Quanta Magazine in your inbox"),
            vec![vec!["Get", "Quanta", "Magazine"]]
        );
        assert_eq!(
            capitalised_names("© 2019 Folha de S.Paulo. Todos"),
            vec![vec!["Folha", "de", "S.Paulo."], vec!["Todos"]]
        );
        assert_eq!(
            capitalised_names("agrarheute, Download Daily8 app"),
            vec![vec!["Download", "Daily8"]]
        );
        assert!(capitalised_names("all lower case words").is_empty());
    }

    #[test]
    fn host_shapes() {
        assert!(has_host_shape("mail us at info@taz.de today"));
        assert!(!has_host_shape("The end. Next sentence in the U.S. today."));
    }
}
