//! Publication dates: finding written dates in a line, and choosing the page's date.
//!
//! Owns date syntax (ISO, "July 3, 2025", "3 July 2025", "03.07.2025", "Reuters03-07-2025",
//! "26-FEB-1987 15:01:51.79", several languages' month names) and the choice among the dates a
//! page shows (publication over "Updated", the header over related stories and footers,
//! day/month order resolved from a dateline or a weekday on the page, day-first otherwise).
//! It is told where the article body lies; it does not decide that.

use super::model::Candidates;
use chrono::{Datelike, NaiveDate, Weekday};
use regex::Regex;
use std::sync::OnceLock;

/// One date written in a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    /// The date as read (day-first when the order is ambiguous).
    pub date: NaiveDate,
    /// The month-first reading of an ambiguous numeric date ("03-07-2025": 7 March).
    pub alternative: Option<NaiveDate>,
    /// Byte offset of the date in the line.
    pub start: usize,
}

const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("jan", 1),
    ("januar", 1),
    ("janvier", 1),
    ("enero", 1),
    ("janeiro", 1),
    ("gennaio", 1),
    ("января", 1),
    ("jänner", 1),
    ("february", 2),
    ("feb", 2),
    ("februar", 2),
    ("février", 2),
    ("fevrier", 2),
    ("febrero", 2),
    ("fevereiro", 2),
    ("febbraio", 2),
    ("февраля", 2),
    ("march", 3),
    ("mar", 3),
    ("märz", 3),
    ("mars", 3),
    ("marzo", 3),
    ("março", 3),
    ("марта", 3),
    ("april", 4),
    ("apr", 4),
    ("avril", 4),
    ("abril", 4),
    ("aprile", 4),
    ("апреля", 4),
    ("may", 5),
    ("mai", 5),
    ("mayo", 5),
    ("maio", 5),
    ("maggio", 5),
    ("мая", 5),
    ("june", 6),
    ("jun", 6),
    ("juni", 6),
    ("juin", 6),
    ("junio", 6),
    ("junho", 6),
    ("giugno", 6),
    ("июня", 6),
    ("july", 7),
    ("jul", 7),
    ("juli", 7),
    ("juillet", 7),
    ("julio", 7),
    ("julho", 7),
    ("luglio", 7),
    ("июля", 7),
    ("august", 8),
    ("aug", 8),
    ("août", 8),
    ("aout", 8),
    ("agosto", 8),
    ("августа", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("septembre", 9),
    ("septiembre", 9),
    ("setiembre", 9),
    ("setembro", 9),
    ("settembre", 9),
    ("сентября", 9),
    ("october", 10),
    ("oct", 10),
    ("oktober", 10),
    ("octobre", 10),
    ("octubre", 10),
    ("outubro", 10),
    ("ottobre", 10),
    ("октября", 10),
    ("november", 11),
    ("nov", 11),
    ("novembre", 11),
    ("noviembre", 11),
    ("novembro", 11),
    ("ноября", 11),
    ("december", 12),
    ("dec", 12),
    ("dezember", 12),
    ("décembre", 12),
    ("decembre", 12),
    ("diciembre", 12),
    ("dezembro", 12),
    ("dicembre", 12),
    ("декабря", 12),
];

const WEEKDAYS: &[(&str, Weekday)] = &[
    ("monday", Weekday::Mon),
    ("mon", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("tue", Weekday::Tue),
    ("tues", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("wed", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("thu", Weekday::Thu),
    ("thurs", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("fri", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sat", Weekday::Sat),
    ("sunday", Weekday::Sun),
    ("sun", Weekday::Sun),
];

struct Patterns {
    numeric: Regex,
    day_month_year: Regex,
    month_day_year: Regex,
    cjk: Regex,
    month_day: Regex,
    day_month: Regex,
    weekday: Regex,
}

fn month_alternation() -> String {
    let mut names: Vec<&str> = MONTHS.iter().map(|(n, _)| *n).collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.chars().count()));
    names.join("|")
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let m = month_alternation();
        let re = |s: &str| Regex::new(s).expect("date pattern compiles");
        Patterns {
            numeric: re(r"(\d{1,4})([-./])(\d{1,2})[-./](\d{1,4})"),
            day_month_year: re(&format!(
                r"(?i)\b(\d{{1,2}})(?:st|nd|rd|th|er|º)?\.?[\s-]+(?:de\s+|of\s+)?({m})\b\.?,?[\s-]+(?:de\s+)?(\d{{4}})"
            )),
            month_day_year: re(&format!(
                r"(?i)\b({m})\b\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})"
            )),
            cjk: re(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"),
            month_day: re(&format!(r"(?i)\b({m})\b\.?\s+(\d{{1,2}})\b")),
            day_month: re(&format!(r"(?i)\b(\d{{1,2}})\s+({m})\b")),
            weekday: re(r"(?i)\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thu(?:rs)?|fri|sat|sun)\b"),
        }
    })
}

/// `name` is a month's name or its abbreviation, in any language the date patterns read.
pub(crate) fn is_month_name(name: &str) -> bool {
    month_number(name).is_some()
}

fn month_number(name: &str) -> Option<u32> {
    let lower = name.to_lowercase();
    MONTHS.iter().find(|(n, _)| *n == lower).map(|&(_, m)| m)
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    if !(1900..=2100).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m, d)
}

fn num(s: &str) -> u32 {
    s.parse().unwrap_or(0)
}

/// Every full date (day, month and year) written in `line`, in order of appearance.
pub fn find_dates(line: &str) -> Vec<Found> {
    if !has_year(line) {
        return Vec::new();
    }
    let p = patterns();
    let mut found: Vec<(usize, Found)> = Vec::new();
    for c in p.numeric.captures_iter(line) {
        let whole = c.get(0).expect("match");
        let digit_before = line[..whole.start()].ends_with(|ch: char| ch.is_ascii_digit());
        let digit_after = line[whole.end()..].starts_with(|ch: char| ch.is_ascii_digit());
        if digit_before || digit_after {
            continue;
        }
        if let Some(f) = read_numeric(&c[1], &c[2], &c[3], &c[4]) {
            found.push((whole.start(), f));
        }
    }
    for c in p.day_month_year.captures_iter(line) {
        if let Some(date) = month_number(&c[2]).and_then(|m| ymd(num(&c[3]) as i32, m, num(&c[1])))
        {
            found.push((c.get(0).expect("match").start(), plain(date)));
        }
    }
    for c in p.month_day_year.captures_iter(line) {
        if let Some(date) = month_number(&c[1]).and_then(|m| ymd(num(&c[3]) as i32, m, num(&c[2])))
        {
            found.push((c.get(0).expect("match").start(), plain(date)));
        }
    }
    for c in p.cjk.captures_iter(line) {
        if let Some(date) = ymd(num(&c[1]) as i32, num(&c[2]), num(&c[3])) {
            found.push((c.get(0).expect("match").start(), plain(date)));
        }
    }
    found.sort_by_key(|(pos, _)| *pos);
    found.dedup_by_key(|(pos, _)| *pos);
    found
        .into_iter()
        .map(|(start, f)| Found { start, ..f })
        .collect()
}

/// Every full date has a year: four digits in a row, or "dd/dd/dd". A line without one is
/// skipped before any pattern runs (most lines of a page).
fn has_year(line: &str) -> bool {
    let bytes = line.as_bytes();
    let mut run = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b.is_ascii_digit() {
            run += 1;
            if run == 4 {
                return true;
            }
        } else {
            let short_year = run == 2 && (b == b'/' || b == b'.') && i >= 5;
            if short_year && bytes[i - 3] == b {
                return true;
            }
            run = 0;
        }
    }
    run == 2 && bytes.len() >= 8 && matches!(bytes[bytes.len() - 3], b'/' | b'.')
}

fn plain(date: NaiveDate) -> Found {
    Found {
        date,
        alternative: None,
        start: 0,
    }
}

fn read_numeric(a: &str, sep: &str, b: &str, c: &str) -> Option<Found> {
    let (x, y, z) = (num(a), num(b), num(c));
    if a.len() == 4 {
        return ymd(x as i32, y, z).map(plain);
    }
    // "11/18/19": a two-digit year only in the strict dd/dd/dd shape with / or .
    let short_year = c.len() == 2 && a.len() == 2 && b.len() == 2 && sep != "-";
    if !(c.len() == 4 || short_year) || a.len() > 2 || (sep == "." && b.len() != 2 && a.len() != 2)
    {
        return None;
    }
    // Two-digit years pivot at 50: "11/18/19" is 2019, "04/09/87" is 1987.
    let year = match (short_year, z) {
        (true, 0..=49) => 2000 + z as i32,
        (true, _) => 1900 + z as i32,
        (false, _) => z as i32,
    };
    let day_first = ymd(year, y, x);
    let month_first = ymd(year, x, y);
    match (day_first, month_first) {
        (Some(d), Some(m)) if d != m => Some(Found {
            date: d,
            alternative: Some(m),
            start: 0,
        }),
        (Some(d), _) => Some(plain(d)),
        (None, Some(m)) => Some(plain(m)),
        (None, None) => None,
    }
}

/// Month-day pairs written without a year ("July 3", "3 July"): evidence for day/month order.
pub fn month_days(line: &str) -> Vec<(u32, u32)> {
    let p = patterns();
    let mut out = Vec::new();
    for c in p.month_day.captures_iter(line) {
        if let Some(m) = month_number(&c[1]) {
            out.push((m, num(&c[2])));
        }
    }
    for c in p.day_month.captures_iter(line) {
        if let Some(m) = month_number(&c[2]) {
            out.push((m, num(&c[1])));
        }
    }
    out
}

/// Weekdays named in a line ("Thursday", "Thu").
pub fn weekdays(line: &str) -> Vec<Weekday> {
    patterns()
        .weekday
        .captures_iter(line)
        .filter_map(|c| {
            let w = c[1].to_lowercase();
            WEEKDAYS.iter().find(|(n, _)| *n == w).map(|&(_, d)| d)
        })
        .collect()
}

/// A date in a file path: `/2025/07/03/`, `2025-07-03`, `20250703`.
pub fn from_path(path: &str) -> Option<NaiveDate> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"(?:^|[^\d])((?:19|20)\d{2})[-/_]?(0[1-9]|1[0-2])[-/_]?(0[1-9]|[12]\d|3[01])(?:[^\d]|$)")
            .expect("path date pattern compiles")
    });
    re.captures(path)
        .and_then(|c| ymd(num(&c[1]) as i32, num(&c[2]), num(&c[3])))
}

/// A line that says its date is the publication's: "Published Monday, November 18, 2019".
fn is_publication_line(line: &str) -> bool {
    let lower = line.trim_start().to_lowercase();
    [
        "published",
        "posted",
        "publié",
        "publicado",
        "pubblicato",
        "veröffentlicht",
        "опубликовано",
    ]
    .iter()
    .any(|w| lower.starts_with(w))
}

/// The day a line near the headline says the story was posted, written without a year
/// ("Updated Nov 19, 9:41 AM; Posted Nov 18, 8:19 PM"), read in the year that puts it
/// nearest `stated` (a timestamp the markup gives, whose calendar day may be UTC's).
pub fn posted_near(lines: &[&str], title: usize, stated: NaiveDate) -> Option<NaiveDate> {
    const WORDS: &[&str] = &[
        "posted",
        "published",
        "veröffentlicht",
        "publié",
        "publicado",
    ];
    let near = lines.iter().skip(title + 1).take(POSTED_LINES);
    near.filter(|l| l.len() < 200).find_map(|line| {
        let lower = line.to_lowercase();
        let at = WORDS.iter().filter_map(|w| lower.find(w)).min()?;
        let &(m, d) = month_days(&lower[at..]).first()?;
        let y = chrono::Datelike::year(&stated);
        (y - 1..=y + 1)
            .filter_map(|y| ymd(y, m, d))
            .min_by_key(|d| (*d - stated).num_days().abs())
    })
}

/// Lines under the headline read for a posting day.
const POSTED_LINES: usize = 4;

/// A line that says its date is a revision, not the publication.
fn is_update_line(line: &str) -> bool {
    let lower = line.to_lowercase();
    [
        "updated",
        "modified",
        "aktualisiert",
        "mis à jour",
        "actualizado",
        "atualizado",
        "last edited",
    ]
    .iter()
    .any(|w| lower.contains(w))
        && !["published", "posted", "veröffentlicht", "publié"]
            .iter()
            .any(|w| lower.contains(w))
}

/// The features of a date candidate, in the order [`features`] fills them and the weight file
/// names them.
pub const FEATURES: &[&str] = &[
    "under_title",
    "publication_line",
    "header",
    "opening",
    "body",
    "after_body",
    "far_after",
    "update_line",
    "header_date_line",
    "header_distance",
    "line_words",
    "repeats",
    "copyright_line",
    "ambiguous",
    "latest",
    "earliest",
    "from_path",
    "has_time",
    "month_named",
    "date_line",
    "byline_line",
];

super::model::builtin_model!("date.tsv");

/// Chooses the publication date among the page's lines.
///
/// `lines` is the whole page in order; `body` the range of line indexes holding the article;
/// `title` the headline's line. Every full date written on the page, and one in the file's
/// path, is a candidate; the fitted weights ([`FEATURES`]) say which is the publication's:
/// where it stands against the body and the headline, what its line says ("Published",
/// "Updated", ©), how often the page repeats it. Ambiguous numeric dates are then settled by a
/// "July 3"-style mention or a weekday anywhere in the header or body, else read day-first.
pub fn choose(
    lines: &[&str],
    body: std::ops::Range<usize>,
    title: Option<usize>,
    path: &str,
) -> Option<NaiveDate> {
    let candidates = candidates(lines, &body, title, path);
    let best = model().best(candidates.iter().map(|(_, f)| f.as_slice()))?;
    let evidence = &lines[..body.end.min(lines.len())];
    Some(resolve(candidates[best].0, evidence))
}

/// Every candidate with its features, for fitting the weights.
pub fn explain(
    lines: &[&str],
    body: std::ops::Range<usize>,
    title: Option<usize>,
    path: &str,
) -> Candidates {
    let evidence = &lines[..body.end.min(lines.len())];
    Candidates {
        names: FEATURES.to_vec(),
        rows: candidates(lines, &body, title, path)
            .into_iter()
            .map(|(found, f)| (resolve(found, evidence).to_string(), f))
            .collect(),
    }
}

/// A date as found, with the line it stands in.
struct Seen<'a> {
    line: usize,
    text: &'a str,
    found: Found,
}

fn candidates(
    lines: &[&str],
    body: &std::ops::Range<usize>,
    title: Option<usize>,
    path: &str,
) -> Vec<(Found, Vec<f32>)> {
    let seen: Vec<Seen> = lines
        .iter()
        .enumerate()
        .flat_map(|(i, text)| {
            find_dates(text).into_iter().map(move |found| Seen {
                line: i,
                text,
                found,
            })
        })
        .collect();
    // The newest and oldest of the dates around the headline and on lines of their own (a
    // page's "Updated" and "Published" stamps); dates inside sentences further down do not
    // take part, so a copy that lacks a paragraph compares the same dates.
    let near_top = |s: &&Seen| s.line < body.start + 3 || is_date_line(s.text, s.found.start);
    let latest = seen.iter().filter(near_top).map(|s| s.found.date).max();
    let earliest = seen.iter().filter(near_top).map(|s| s.found.date).min();
    let mut out: Vec<(Found, Vec<f32>)> = seen
        .iter()
        .map(|s| {
            let mut f = features(s, body, title);
            let near = near_top(&s);
            f[11] = (seen.iter().filter(|o| o.found.date == s.found.date).count() - 1).min(3)
                as f32
                / 3.0;
            f[14] = f32::from(near && Some(s.found.date) == latest && latest != earliest);
            f[15] = f32::from(near && Some(s.found.date) == earliest && latest != earliest);
            (s.found, f)
        })
        .collect();
    if let Some(date) = from_path(path) {
        let mut f = vec![0.0; FEATURES.len()];
        f[16] = 1.0;
        out.push((plain(date), f));
    }
    out
}

fn features(s: &Seen, body: &std::ops::Range<usize>, title: Option<usize>) -> Vec<f32> {
    let (i, line, at) = (s.line, s.text, s.found.start);
    let update = is_update_line(line);
    let date_line = is_date_line(line, at);
    let mut f = vec![0.0; FEATURES.len()];
    f[0] = f32::from(title.is_some_and(|t| i > t && i <= t + 3) && date_line);
    f[1] = f32::from(i < body.end && is_publication_line(line) && !update);
    f[2] = f32::from(i < body.start);
    f[3] = f32::from((body.start..body.start + 3).contains(&i));
    f[4] = f32::from((body.start + 3..body.end).contains(&i));
    f[5] = f32::from((body.end..body.end + 3).contains(&i) && i >= body.start + 3);
    f[6] = f32::from(i >= body.end + 3 && i >= body.start + 3);
    f[7] = f32::from(update);
    f[8] = f32::from(i < body.start && date_line);
    f[9] = if i < body.start {
        ((body.start - i) as f32 / 10.0).min(5.0)
    } else {
        0.0
    };
    f[10] = (line.split_whitespace().count() as f32 / 10.0).min(5.0);
    f[12] = f32::from(line.contains('©') || line.to_lowercase().contains("copyright"));
    f[13] = f32::from(s.found.alternative.is_some());
    f[17] = f32::from(has_time(line));
    f[18] =
        f32::from(line[at..].starts_with(|c: char| c.is_ascii_digit()) && !numeric_at(line, at))
            + f32::from(line[at..].starts_with(|c: char| c.is_alphabetic()));
    f[19] = f32::from(date_line);
    f[20] = f32::from(is_byline(line));
    f
}

/// "By Jane Doe, March 3, 2022", "Von Jule Radeck Vom 3. Februar 2022": the author's line,
/// whose date is the story's.
fn is_byline(line: &str) -> bool {
    line.split_whitespace().count() <= 16 && super::lexicon::opens_with_by(line)
}

/// "12:30", "9:05": a clock time, which publication stamps carry and prose dates rarely do.
fn has_time(line: &str) -> bool {
    let b = line.as_bytes();
    (1..b.len().saturating_sub(2)).any(|i| {
        b[i] == b':'
            && b[i - 1].is_ascii_digit()
            && b[i + 1].is_ascii_digit()
            && b[i + 2].is_ascii_digit()
    })
}

/// The date at `at` is written in figures only ("03.07.2025", "2025-07-03").
fn numeric_at(line: &str, at: usize) -> bool {
    line[at..]
        .bytes()
        .take_while(|b| !b.is_ascii_whitespace())
        .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'.' | b'/' | b','))
}

/// A short line that opens with its date (a few words such as "Published" may precede it)
/// and does not read as a sentence.
fn is_date_line(line: &str, at: usize) -> bool {
    line.split_whitespace().count() <= 10
        && line[..at].split_whitespace().count() <= 3
        && !line.trim_end().ends_with(['.', '!', '?'])
}

fn resolve(found: Found, evidence: &[&str]) -> NaiveDate {
    let Some(alt) = found.alternative else {
        return found.date;
    };
    let mut votes = (0i32, 0i32);
    for line in evidence {
        for (m, d) in month_days(line) {
            if (m, d) == (found.date.month(), found.date.day()) {
                votes.0 += 1;
            } else if (m, d) == (alt.month(), alt.day()) {
                votes.1 += 1;
            }
        }
        for w in weekdays(line) {
            votes.0 += i32::from(w == found.date.weekday());
            votes.1 += i32::from(w == alt.weekday());
        }
    }
    if votes.1 > votes.0 {
        alt
    } else {
        found.date
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn first(line: &str) -> Option<NaiveDate> {
        find_dates(line).first().map(|f| f.date)
    }

    #[test]
    fn formats() {
        assert_eq!(
            first("date 2025-01-20 Russian President"),
            Some(d(2025, 1, 20))
        );
        assert_eq!(first("2019-11-19T14:02:00Z"), Some(d(2019, 11, 19)));
        assert_eq!(first("November 19, 2019 / 12:21 AM"), Some(d(2019, 11, 19)));
        assert_eq!(
            first("Published Thu 3 Jul 2025 14.02 BST"),
            Some(d(2025, 7, 3))
        );
        assert_eq!(first("19 November 2019"), Some(d(2019, 11, 19)));
        assert_eq!(first("Nov. 18, 2019"), Some(d(2019, 11, 18)));
        assert_eq!(first("26-FEB-1987 15:01:51.79"), Some(d(1987, 2, 26)));
        assert_eq!(first(" 3-MAR-1987  09:15:05.40"), Some(d(1987, 3, 3)));
        assert_eq!(first("19.11.2019"), Some(d(2019, 11, 19)));
        assert_eq!(first("11/19/2019"), Some(d(2019, 11, 19)));
        assert_eq!(
            first("By Justine Coleman - 11/18/19 11:04 PM EST"),
            Some(d(2019, 11, 18))
        );
        assert_eq!(first("19 de noviembre de 2019"), Some(d(2019, 11, 19)));
        assert_eq!(first("19. November 2019"), Some(d(2019, 11, 19)));
        assert_eq!(first("2018年8月16日"), Some(d(2018, 8, 16)));
        assert_eq!(first("12 октября 2018"), Some(d(2018, 10, 12)));
    }

    #[test]
    fn an_author_s_line_is_a_byline_and_a_sentence_is_not() {
        for line in [
            "Von Jule Radeck Vom 3. Februar 2022",
            "By Steven Mufson March 18 at 12:22 PM",
            "Par Jean Dupont, le 3 février 2022",
        ] {
            assert!(is_byline(line), "{line}");
        }
        for line in [
            "Published March 18, 2015",
            "Thursday, November 9th 2023",
            "By the end of March 2022 the council had spent more than it had raised in the whole of the previous year.",
        ] {
            assert!(!is_byline(line), "{line}");
        }
    }

    #[test]
    fn glued_source_and_date_reads_day_first_with_alternative() {
        let f = find_dates("Reuters03-07-2025")[0];
        assert_eq!(f.date, d(2025, 7, 3));
        assert_eq!(f.alternative, Some(d(2025, 3, 7)));
    }

    #[test]
    fn not_dates() {
        assert!(find_dates("time9 minutes ago").is_empty());
        assert!(find_dates("Call 555-12-1234 now").is_empty());
        assert!(find_dates("version 1.2.3").is_empty());
        assert!(find_dates("score 10-12-15").is_empty());
        assert!(find_dates("in February 2022").is_empty());
        assert!(find_dates("2019-13-45").is_empty());
    }

    #[test]
    fn dateline_resolves_day_month_order() {
        let lines = [
            "Title",
            "Reuters07-03-2025",
            "MOSCOW, July 3 (Reuters) - text",
        ];
        assert_eq!(choose(&lines, 2..3, None, "x.txt"), Some(d(2025, 7, 3)));
        let lines = [
            "Title",
            "Reuters03-07-2025",
            "MOSCOW, July 3 (Reuters) - text",
        ];
        assert_eq!(choose(&lines, 2..3, None, "x.txt"), Some(d(2025, 7, 3)));
        let lines = ["Title", "03-07-2025", "Nothing decides here."];
        assert_eq!(choose(&lines, 2..3, None, "x.txt"), Some(d(2025, 7, 3)));
    }

    #[test]
    fn publication_beats_update_and_tail() {
        let lines = [
            "Updated 20 November 2019",
            "Published 19 November 2019",
            "Body text.",
            "Related: story of 1 January 2020",
        ];
        assert_eq!(choose(&lines, 2..3, None, "x"), Some(d(2019, 11, 19)));
        let lines = ["Title", "Body text.", "Published 1 January 2020"];
        assert_eq!(choose(&lines, 1..2, None, "x"), Some(d(2020, 1, 1)));
        let lines = [
            "Title",
            "3 March 2019",
            "Body text.",
            "Related",
            "a",
            "b",
            "Story of 1 January 2020",
        ];
        assert_eq!(choose(&lines, 2..3, Some(0), "x"), Some(d(2019, 3, 3)));
    }

    #[test]
    fn a_yearless_posting_day_under_the_headline_takes_the_stated_year() {
        let lines = [
            "Talks resume in Geneva",
            "Updated Nov 19, 9:41 AM; Posted Nov 18, 8:19 PM",
            "The talks resumed on Monday.",
        ];
        assert_eq!(
            posted_near(&lines, 0, d(2019, 11, 19)),
            Some(d(2019, 11, 18))
        );
        let new_year = ["Talks resume", "Posted Dec 31, 11:30 PM"];
        assert_eq!(
            posted_near(&new_year, 0, d(2020, 1, 1)),
            Some(d(2019, 12, 31))
        );
        let unlabelled = ["Talks resume", "Nov 18, 8:19 PM"];
        assert_eq!(posted_near(&unlabelled, 0, d(2019, 11, 19)), None);
        assert_eq!(
            posted_near(&lines, 2, d(2019, 11, 19)),
            None,
            "only under the headline"
        );
    }

    #[test]
    fn path_fallback() {
        assert_eq!(
            choose(&["no date"], 0..1, None, "news/2025/07/03/story.txt"),
            Some(d(2025, 7, 3))
        );
        assert_eq!(from_path("a/20191119-story.txt"), Some(d(2019, 11, 19)));
        assert_eq!(from_path("a/123.txt"), None);
    }
}
