//! Output rendering: what the user sees on the terminal, and the JSON contracts.
//!
//! Owns formatting only: search hits with highlighted words (colour only when the stream
//! allows it — `anstream` drops styles for pipes and honours `NO_COLOR`), extraction results,
//! indexing summaries, and the JSON objects scripts rely on. Text from saved pages is
//! sanitised before it reaches a terminal. It computes nothing about articles or the index.

use crate::extract::Article;
use crate::index::writer::Summary;
use crate::search::{Hit, Results};
use anstyle::{AnsiColor, Style};
use std::io::{self, Write};
use std::ops::Range;
use std::path::Path;

const MATCH: Style = AnsiColor::Red.on_default().bold();
const DATE: Style = AnsiColor::Green.on_default();
const SOURCE: Style = AnsiColor::Cyan.on_default();
const TITLE: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();

/// Replaces control characters (escape sequences from a hostile page) with U+FFFD.
pub fn sanitize(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect()
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
    let noun = if results.total == 1 {
        "article"
    } else {
        "articles"
    };
    writeln!(
        out,
        "{DIM}{} matching {noun}, {shown} shown{DIM:#}",
        results.total
    )
}

fn hit_header(out: &mut dyn Write, hit: &Hit) -> io::Result<()> {
    let date = hit.date.as_deref().unwrap_or("undated");
    let source = hit.source.as_deref().unwrap_or("unknown source");
    write!(
        out,
        "{DATE}{date}{DATE:#}  {SOURCE}{}{SOURCE:#}  ",
        sanitize(source)
    )?;
    match &hit.title {
        Some(t) => write_highlighted(out, t, &hit.title_highlights, TITLE)?,
        None => write!(out, "{DIM}(no title){DIM:#}")?,
    }
    writeln!(out)?;
    writeln!(out, "{DIM}{}{DIM:#}", sanitize(&display_path(&hit.path)))
}

/// Search results as the JSON contract: `{"query", "total", "hits": [...]}`.
pub fn search_json(out: &mut dyn Write, results: &Results) -> io::Result<()> {
    serde_json::to_writer(&mut *out, results)?;
    writeln!(out)
}

/// An extraction as the JSON contract: `{"path", "title", "date", "source", "body", "passages"}`.
pub fn article_json(out: &mut dyn Write, article: &Article) -> io::Result<()> {
    serde_json::to_writer(&mut *out, article)?;
    writeln!(out)
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
    writeln!(out, "{DIM}passages{DIM:#} {}", a.passages.len())?;
    for (i, p) in a.passages.iter().enumerate() {
        writeln!(out, "\n{DIM}[{i}]{DIM:#} {}", sanitize(p))?;
    }
    Ok(())
}

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
    writeln!(
        out,
        "  added {}, updated {}, removed {}, unchanged {}; {} lines learned as boilerplate",
        s.added, s.updated, s.removed, s.unchanged, s.boilerplate_lines
    )?;
    for (reason, count) in skip_counts(s) {
        writeln!(out, "  skipped {count}: {reason}")?;
    }
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitize_removes_escapes() {
        assert_eq!(sanitize("a\x1b[31mb"), "a\u{fffd}[31mb");
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
