//! Output rendering: what the user sees on the terminal, and the JSON contracts.
//!
//! Owns formatting only: search hits with highlighted words (colour only when the stream
//! allows it — `anstream` drops styles for pipes and honours `NO_COLOR`), extraction results,
//! indexing summaries, and the JSON objects scripts rely on. Text from saved pages is
//! sanitised before it reaches a terminal. It computes nothing about articles or the index.

mod names;

pub use names::{names_csv, names_text};

use crate::extract::Article;
use crate::index::writer::Summary;
use crate::search::views::{Bucket, Shown, SourceCount, Stats};
use crate::search::{Hit, Results};
use anstyle::{AnsiColor, Style};
use std::io::{self, Write};
use std::ops::Range;
use std::path::Path;
use unicode_width::UnicodeWidthStr;

const MATCH: Style = AnsiColor::Red.on_default().bold();
const DATE: Style = AnsiColor::Green.on_default();
const SOURCE: Style = AnsiColor::Cyan.on_default();
const TITLE: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();

/// Replaces control characters (escape sequences from a hostile page) and bidirectional
/// overrides and isolates (U+202E turns "txt.exe" around on screen) with U+FFFD.
pub fn sanitize(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() || is_bidi_control(c) {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect()
}

/// The characters that reorder the text around them when shown.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` followed by spaces up to `width` columns as a terminal shows it (a CJK character
/// takes two), so that columns line up whatever the script.
pub fn pad(text: &str, width: usize) -> String {
    let shown = text.width();
    format!("{text}{}", " ".repeat(width.saturating_sub(shown)))
}

/// A path as the user would type it: relative to the working directory when inside it.
pub fn display_path(path: &str) -> String {
    let p = Path::new(path);
    std::env::current_dir()
        .ok()
        .and_then(|cwd| p.strip_prefix(cwd).ok().map(|r| r.display().to_string()))
        .unwrap_or_else(|| path.to_owned())
}

/// Writes `text` with the byte `ranges` styled as matches.
fn write_highlighted(
    out: &mut dyn Write,
    text: &str,
    ranges: &[Range<usize>],
    base: Style,
) -> io::Result<()> {
    let mut at = 0;
    for r in ranges {
        if r.start < at || r.end > text.len() {
            continue;
        }
        write!(out, "{base}{}{base:#}", sanitize(&text[at..r.start]))?;
        write!(out, "{MATCH}{}{MATCH:#}", sanitize(&text[r.clone()]))?;
        at = r.end;
    }
    write!(out, "{base}{}{base:#}", sanitize(&text[at..]))
}

/// Search results for a person at a terminal.
pub fn search_text(out: &mut dyn Write, results: &Results) -> io::Result<()> {
    let mut previous: Option<&str> = None;
    for hit in &results.hits {
        if previous != Some(hit.path.as_str()) {
            if previous.is_some() {
                writeln!(out)?;
            }
            hit_header(out, hit)?;
        }
        write!(out, "  ")?;
        write_highlighted(out, &hit.passage, &hit.highlights, Style::new())?;
        writeln!(out)?;
        previous = Some(&hit.path);
    }
    let shown = results
        .hits
        .iter()
        .map(|h| h.path.as_str())
        .collect::<std::collections::HashSet<_>>()
        .len();
    if !results.hits.is_empty() {
        writeln!(out)?;
    }
    let plural = |n: usize, one: &'static str, many: &'static str| if n == 1 { one } else { many };
    if results.total == results.articles {
        let noun = plural(results.total, "article", "articles");
        writeln!(
            out,
            "{DIM}{} matching {noun}, {shown} shown{DIM:#}",
            results.total
        )?;
    } else {
        writeln!(
            out,
            "{DIM}{} matching {} ({} articles: copies of one story are listed once; --all lists \
             each), {shown} shown{DIM:#}",
            results.total,
            plural(results.total, "story", "stories"),
            results.articles
        )?;
    }
    let matched: Vec<String> = results
        .variants
        .iter()
        .filter(|v| !v.matched.is_empty())
        .map(|v| format!("{} for {}", v.matched.join(", "), v.word))
        .collect();
    if !matched.is_empty() {
        writeln!(
            out,
            "{DIM}also spelled: {} (--exact to match only as typed){DIM:#}",
            sanitize(&matched.join("; "))
        )?;
    }
    Ok(())
}

fn hit_header(out: &mut dyn Write, hit: &Hit) -> io::Result<()> {
    let date = hit.date.as_deref().unwrap_or("undated");
    let source = hit.source.as_deref().unwrap_or("unknown source");
    write!(
        out,
        "{DATE}{date}{DATE:#}  {SOURCE}{}{SOURCE:#}  ",
        sanitize(source)
    )?;
    if let Some(site) = other_site(&hit.source, &hit.site) {
        write!(out, "{DIM}on {}{DIM:#}  ", sanitize(site))?;
    }
    match &hit.title {
        Some(t) => write_highlighted(out, t, &hit.title_highlights, TITLE)?,
        None => write!(out, "{DIM}(no title){DIM:#}")?,
    }
    writeln!(out)?;
    writeln!(out, "{DIM}{}{DIM:#}", sanitize(&display_path(&hit.path)))?;
    if !hit.also_in.is_empty() {
        let copies: Vec<String> = hit.also_in.iter().map(|p| display_path(p)).collect();
        writeln!(out, "{DIM}also in: {}{DIM:#}", sanitize(&copies.join(", ")))?;
    }
    Ok(())
}

/// The site, when it is not the source ("Reuters on Daily8").
fn other_site<'a>(source: &Option<String>, site: &'a Option<String>) -> Option<&'a str> {
    let site = site.as_deref()?;
    let same = source
        .as_deref()
        .is_some_and(|s| s.to_lowercase() == site.to_lowercase());
    (!same).then_some(site)
}

/// An extraction for a person: metadata, then the passages.
pub fn article_text(out: &mut dyn Write, a: &Article) -> io::Result<()> {
    let field = |v: &Option<String>| v.as_deref().map(sanitize).unwrap_or_else(|| "-".into());
    writeln!(out, "{DIM}path{DIM:#}     {}", sanitize(&a.path))?;
    writeln!(
        out,
        "{DIM}title{DIM:#}    {TITLE}{}{TITLE:#}",
        field(&a.title)
    )?;
    let date = a.date.map(|d| d.to_string());
    writeln!(out, "{DIM}date{DIM:#}     {DATE}{}{DATE:#}", field(&date))?;
    writeln!(
        out,
        "{DIM}source{DIM:#}   {SOURCE}{}{SOURCE:#}",
        field(&a.source)
    )?;
    writeln!(out, "{DIM}site{DIM:#}     {}", field(&a.site))?;
    writeln!(out, "{DIM}passages{DIM:#} {}", a.passages.len())?;
    for (i, p) in a.passages.iter().enumerate() {
        writeln!(out, "\n{DIM}[{i}]{DIM:#} {}", sanitize(p))?;
    }
    Ok(())
}

/// Segments from which an index summary suggests `dateline compact` (1M articles: 28
/// segments; compacted to 5, a name search takes 8.2 ms instead of 17.5).
const COMPACT_HINT_SEGMENTS: usize = 20;

/// The end-of-run summary of `dateline index`.
pub fn index_summary(out: &mut dyn Write, s: &Summary, index: &Path) -> io::Result<()> {
    let secs = s.elapsed.as_secs_f64();
    let mb = s.bytes as f64 / 1e6;
    writeln!(
        out,
        "indexed {} articles ({} passages, {:.1} MB) into {} in {:.2} s ({:.1} MB/s); skipped {} files",
        s.articles(),
        s.passages,
        mb,
        index.display(),
        secs,
        if secs > 0.0 { mb / secs } else { 0.0 },
        s.skipped.len()
    )?;
    write!(
        out,
        "  added {}, updated {}, removed {}, unchanged {}; {} lines learned as boilerplate",
        s.added, s.updated, s.removed, s.unchanged, s.boilerplate_lines
    )?;
    if s.relearned > 0 {
        write!(
            out,
            " (a change: {} unchanged pages extracted again)",
            s.relearned
        )?;
    }
    writeln!(out)?;
    for (reason, count) in skip_counts(s) {
        writeln!(out, "  skipped {count}: {reason}")?;
    }
    if !s.other_types.is_empty() {
        writeln!(out, "  {}", other_types(&s.other_types))?;
    }
    if s.segments >= COMPACT_HINT_SEGMENTS {
        writeln!(
            out,
            "  the index has {} segments: `dateline compact` merges them for faster searches",
            s.segments
        )?;
    }
    Ok(())
}

/// "skipped 12 files of other types (.pdf 10, .jpg 2)": most common first.
fn other_types(counts: &std::collections::BTreeMap<String, usize>) -> String {
    let total: usize = counts.values().sum();
    let mut by: Vec<(&String, &usize)> = counts.iter().collect();
    by.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let mut parts: Vec<String> = by.iter().take(6).map(|(e, n)| format!("{e} {n}")).collect();
    if by.len() > 6 {
        parts.push(format!("{} more types", by.len() - 6));
    }
    let files = if total == 1 { "file" } else { "files" };
    format!(
        "skipped {total} {files} of other types ({})",
        parts.join(", ")
    )
}

fn skip_counts(s: &Summary) -> Vec<(String, usize)> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for sk in &s.skipped {
        let key = sk
            .reason
            .split(" (")
            .next()
            .unwrap_or(&sk.reason)
            .to_owned();
        match counts.iter_mut().find(|(r, _)| *r == key) {
            Some(entry) => entry.1 += 1,
            None => counts.push((key, 1)),
        }
    }
    counts
}

/// Search hits as CSV: `date,source,title,path,score,passage,site`, one row per hit (columns
/// are only ever added at the end).
pub fn search_csv(out: &mut dyn Write, results: &Results) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "date", "source", "title", "path", "score", "passage", "site",
    ])?;
    for h in &results.hits {
        let score = format!("{:.4}", h.score);
        w.write_record([
            h.date.as_deref().unwrap_or(""),
            h.source.as_deref().unwrap_or(""),
            h.title.as_deref().unwrap_or(""),
            h.path.as_str(),
            score.as_str(),
            h.passage.as_str(),
            h.site.as_deref().unwrap_or(""),
        ])?;
    }
    w.flush()
}

/// A timeline as a bar chart: one row per period, bars scaled to `width` columns.
pub fn timeline_text(
    out: &mut dyn Write,
    buckets: &[Bucket],
    undated: usize,
    width: usize,
) -> io::Result<()> {
    let label_width = buckets.iter().map(|b| b.period.len()).max().unwrap_or(0);
    let top = buckets.iter().map(|b| b.articles).max().unwrap_or(0).max(1);
    let count_width = top.to_string().len();
    let room = width.saturating_sub(label_width + count_width + 3).max(10);
    for b in buckets {
        let bar = "█".repeat((b.articles * room).div_ceil(top).min(room));
        writeln!(
            out,
            "{:<label_width$} {:>count_width$} {SOURCE}{bar}{SOURCE:#}",
            b.period, b.articles
        )?;
    }
    let total: usize = buckets.iter().map(|b| b.articles).sum();
    writeln!(out, "{DIM}{total} dated, {undated} undated{DIM:#}")
}

/// A timeline as CSV: `period,articles`.
pub fn timeline_csv(out: &mut dyn Write, buckets: &[Bucket]) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(["period", "articles"])?;
    for b in buckets {
        w.write_record([b.period.clone(), b.articles.to_string()])?;
    }
    w.flush()
}

/// Articles per source as a table.
/// Articles per source (or per site: `label` names the column) for a person.
pub fn sources_text(
    out: &mut dyn Write,
    rows: &[SourceCount],
    unknown: usize,
    label: &str,
) -> io::Result<()> {
    let names: Vec<String> = rows.iter().map(|r| sanitize(&r.source)).collect();
    let name_width = names.iter().map(|n| n.width()).max().unwrap_or(6).max(6);
    writeln!(
        out,
        "{DIM}{:<name_width$} {:>8}  first       last{DIM:#}",
        label, "articles"
    )?;
    for (r, name) in rows.iter().zip(&names) {
        writeln!(
            out,
            "{SOURCE}{}{SOURCE:#} {:>8}  {:<10}  {}",
            pad(name, name_width),
            r.articles,
            r.first_date.as_deref().unwrap_or("-"),
            r.last_date.as_deref().unwrap_or("-")
        )?;
    }
    writeln!(out, "{DIM}{unknown} articles without a {label}{DIM:#}")
}

/// Articles per source as CSV: `source,articles,first_date,last_date`.
pub fn sources_csv(out: &mut dyn Write, rows: &[SourceCount]) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(["source", "articles", "first_date", "last_date"])?;
    for r in rows {
        w.write_record([
            r.source.as_str(),
            &r.articles.to_string(),
            r.first_date.as_deref().unwrap_or(""),
            r.last_date.as_deref().unwrap_or(""),
        ])?;
    }
    w.flush()
}

/// Index totals for a person.
pub fn stats_text(out: &mut dyn Write, s: &Stats) -> io::Result<()> {
    let d = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
    writeln!(out, "articles        {}", s.articles)?;
    writeln!(
        out,
        "stories         {} (copies of a story counted once)",
        s.stories
    )?;
    writeln!(out, "passages        {}", s.passages)?;
    writeln!(out, "undated         {}", s.undated)?;
    writeln!(out, "unknown source  {}", s.unknown_source)?;
    writeln!(
        out,
        "dates           {} .. {}",
        d(&s.first_date),
        d(&s.last_date)
    )?;
    writeln!(out, "sources         {}", s.sources)?;
    writeln!(out, "index size      {:.1} MB", s.index_bytes as f64 / 1e6)?;
    writeln!(out, "last updated    {}", d(&s.last_updated))
}

/// One indexed article for a person, with `terms` highlighted.
pub fn shown_text(out: &mut dyn Write, a: &Shown, terms: &[String]) -> io::Result<()> {
    let field = |v: &Option<String>| v.as_deref().map(sanitize).unwrap_or_else(|| "-".into());
    writeln!(
        out,
        "{DIM}path{DIM:#}     {}",
        sanitize(&display_path(&a.path))
    )?;
    writeln!(
        out,
        "{DIM}title{DIM:#}    {TITLE}{}{TITLE:#}",
        field(&a.title)
    )?;
    writeln!(out, "{DIM}date{DIM:#}     {DATE}{}{DATE:#}", field(&a.date))?;
    writeln!(
        out,
        "{DIM}source{DIM:#}   {SOURCE}{}{SOURCE:#}",
        field(&a.source)
    )?;
    writeln!(out, "{DIM}site{DIM:#}     {}", field(&a.site))?;
    for (i, p) in a.passages.iter().enumerate() {
        write!(out, "\n{DIM}[{i}]{DIM:#} ")?;
        write_highlighted(
            out,
            p,
            &crate::search::highlight_ranges(p, terms),
            Style::new(),
        )?;
        writeln!(out)?;
    }
    Ok(())
}

/// Any serialisable value as one line of JSON.
pub fn json(out: &mut dyn Write, value: &impl serde::Serialize) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padding_counts_columns_not_characters() {
        assert_eq!(pad("Reuters", 9), "Reuters  ");
        assert_eq!(pad("新华社", 9), "新华社   ");
        assert_eq!(pad("新华社", 9).width(), pad("Reuters", 9).width());
    }

    #[test]
    fn sanitize_removes_escapes() {
        assert_eq!(sanitize("a\x1b[31mb"), "a\u{fffd}[31mb");
        assert_eq!(sanitize("a\x1b]0;pwned\x07b"), "a\u{fffd}]0;pwned\u{fffd}b");
        assert_eq!(sanitize("report\u{202e}txt.exe"), "report\u{fffd}txt.exe");
        assert_eq!(
            sanitize("\u{2067}x\u{2069} Zürich"),
            "\u{fffd}x\u{fffd} Zürich"
        );
    }

    #[test]
    fn highlights_without_colour_are_plain_text() {
        let mut out = anstream::StripStream::new(Vec::new());
        write_highlighted(
            &mut out,
            "Lavrov’s aide",
            &[Range { start: 0, end: 6 }],
            Style::new(),
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out.into_inner()).unwrap(),
            "Lavrov’s aide"
        );
    }
}
