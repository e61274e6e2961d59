//! `dateline names` for a person (one block a name) and for a spreadsheet (CSV).

use super::{hit_header, sanitize, write_highlighted, DIM, SOURCE, TITLE};
use crate::search::names::{NameCount, NamesView};
use anstyle::Style;
use std::io::{self, Write};

/// Periods shown on one line of a name's block.
const PERIODS_SHOWN: usize = 12;

/// One block per name: counts, dates and top sources; the busiest periods; the best passage.
pub fn names_text(out: &mut dyn Write, view: &NamesView) -> io::Result<()> {
    for (i, n) in view.names.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        summary_line(out, n, view.counting)?;
        if n.stories == 0 {
            continue;
        }
        let busiest = busiest(n);
        if !busiest.is_empty() {
            writeln!(out, "  {DIM}busiest {}s:{DIM:#} {busiest}", view.by.name())?;
        }
        if let Some(hit) = &n.best {
            write!(out, "  ")?;
            hit_header(out, hit)?;
            write!(out, "    ")?;
            write_highlighted(out, &hit.passage, &hit.highlights, Style::new())?;
            writeln!(out)?;
        }
    }
    Ok(())
}

fn summary_line(out: &mut dyn Write, n: &NameCount, counting: &str) -> io::Result<()> {
    write!(out, "{TITLE}{}{TITLE:#}  ", sanitize(&n.name))?;
    if n.stories == 0 {
        return writeln!(out, "{DIM}no matching {counting}{DIM:#}");
    }
    let noun = match (n.stories, counting) {
        (1, "stories") => "story",
        (1, _) => "article",
        _ => counting,
    };
    write!(out, "{} {noun}", n.stories)?;
    if n.articles != n.stories {
        write!(out, " ({} articles)", n.articles)?;
    }
    if let (Some(a), Some(b)) = (&n.first_date, &n.last_date) {
        write!(out, "  {a} … {b}")?;
    }
    let sources: Vec<String> = n
        .top_sources
        .iter()
        .map(|s| format!("{} {}", sanitize(&s.source), s.stories))
        .collect();
    if !sources.is_empty() {
        write!(out, "  {SOURCE}{}{SOURCE:#}", sources.join(", "))?;
    }
    writeln!(out)
}

/// The periods with most stories, largest first, as "1987-03 12, 1987-04 9".
fn busiest(n: &NameCount) -> String {
    let mut periods: Vec<_> = n.periods.iter().filter(|b| b.articles > 0).collect();
    periods.sort_by(|a, b| b.articles.cmp(&a.articles).then(a.period.cmp(&b.period)));
    periods
        .iter()
        .take(PERIODS_SHOWN)
        .map(|b| format!("{} {}", b.period, b.articles))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One row per name, or with `per_period` one per name and period.
pub fn names_csv(out: &mut dyn Write, view: &NamesView, per_period: bool) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let mut header = vec![
        "name",
        "alternatives",
        "stories",
        "articles",
        "first_date",
        "last_date",
        "top_sources",
        "best_date",
        "best_source",
        "best_title",
        "best_path",
        "best_passage",
    ];
    if per_period {
        header.extend(["period", "period_count"]);
    }
    w.write_record(&header)?;
    for n in &view.names {
        let sources: Vec<String> = n
            .top_sources
            .iter()
            .map(|s| format!("{} {}", s.source, s.stories))
            .collect();
        let best = n.best.as_ref();
        let row = vec![
            n.name.clone(),
            n.alternatives.join(" | "),
            n.stories.to_string(),
            n.articles.to_string(),
            n.first_date.clone().unwrap_or_default(),
            n.last_date.clone().unwrap_or_default(),
            sources.join("; "),
            best.and_then(|h| h.date.clone()).unwrap_or_default(),
            best.and_then(|h| h.source.clone()).unwrap_or_default(),
            best.and_then(|h| h.title.clone()).unwrap_or_default(),
            best.map(|h| h.path.clone()).unwrap_or_default(),
            best.map(|h| h.passage.clone()).unwrap_or_default(),
        ];
        if !per_period {
            w.write_record(&row)?;
            continue;
        }
        if n.periods.is_empty() {
            let mut r = row.clone();
            r.extend([String::new(), String::new()]);
            w.write_record(&r)?;
        }
        for b in &n.periods {
            let mut r = row.clone();
            r.extend([b.period.clone(), b.articles.to_string()]);
            w.write_record(&r)?;
        }
    }
    w.flush()
}
