//! Lists of names: for each name of a file, its matching stories and articles, first and
//! last date, top sources, counts per period and best passage (`dateline names`).
//!
//! Owns reading a names file (one name a line, alternatives split by `|`, `#` comments) and
//! counting each name. A name is searched as its alternatives, each a phrase, with their
//! variants and other scripts' spellings, every word taken for a name (so a name that is also
//! an ordinary word in Russian still crosses scripts). One pass over a name's matches gives
//! both the ranked best passage and the facts the counts come from. Reads the index only.

use super::expand::Spellings;
use super::views::{self, Bucket, Fact, FactCollector, Period};
use super::{compile_with, run, Hit, Order, Request, VariantUse};
use crate::error::Error;
use crate::index::Opened;
use rayon::prelude::*;
use serde::Serialize;
use std::path::Path;

/// Sources listed per name.
const TOP_SOURCES: usize = 3;

/// One line of a names file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Its line number, from 1.
    pub line: usize,
    /// The spellings given, the first naming the entry.
    pub alternatives: Vec<String>,
}

impl Entry {
    /// The query the entry is searched as: its alternatives as phrases, any of them.
    pub fn query(&self) -> String {
        self.alternatives
            .iter()
            .map(|a| format!("\"{a}\""))
            .collect::<Vec<_>>()
            .join(" OR ")
    }
}

/// The entries of a names file's text; `file` names it in errors.
pub fn parse(file: &Path, text: &str) -> Result<Vec<Entry>, Error> {
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw
            .split_once(" #")
            .map_or(raw, |(before, _)| before)
            .trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let alternatives: Vec<String> = line
            .split('|')
            .map(|a| {
                a.replace('"', " ")
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .filter(|a| !a.is_empty())
            .collect();
        if alternatives.is_empty() {
            continue;
        }
        out.push(Entry {
            line: i + 1,
            alternatives,
        });
    }
    if out.is_empty() {
        return Err(Error::BadValue {
            flag: "FILE",
            value: file.display().to_string(),
            reason: "it holds no names: write one a line, alternatives split by |".into(),
        });
    }
    Ok(out)
}

/// One source's share of a name's stories.
#[derive(Debug, Clone, Serialize)]
pub struct SourceShare {
    /// The source.
    pub source: String,
    /// Its stories (articles with `all`) that match the name.
    pub stories: usize,
}

/// What the index holds of one name.
#[derive(Debug, Clone, Serialize)]
pub struct NameCount {
    /// The entry's first spelling.
    pub name: String,
    /// Every spelling the entry gives.
    pub alternatives: Vec<String>,
    /// Its line in the names file.
    pub line: usize,
    /// Matching stories (a syndicated story's copies count once), or articles with `all`.
    pub stories: usize,
    /// Matching articles, every copy counted.
    pub articles: usize,
    /// Earliest matching date.
    pub first_date: Option<String>,
    /// Latest matching date.
    pub last_date: Option<String>,
    /// The sources with most matching stories, largest first.
    pub top_sources: Vec<SourceShare>,
    /// Matching stories per period, first to last date (zeros kept).
    pub periods: Vec<Bucket>,
    /// Matching stories without a date.
    pub undated: usize,
    /// The best matching passage.
    pub best: Option<Hit>,
    /// Words also found under other spellings, as `search --json` reports them.
    pub variants: Vec<VariantUse>,
}

/// `names --json`.
#[derive(Debug, Clone, Serialize)]
pub struct NamesView {
    /// The period of `periods`.
    pub by: Period,
    /// What the counts count: "stories" or "articles".
    pub counting: &'static str,
    /// One per entry, in the file's order.
    pub names: Vec<NameCount>,
}

/// Counts every entry over the index, with `base`'s filters and matching options (its query,
/// limit and order are not used); `by`: the period, or one that fits every name's dates.
pub fn count(
    opened: &Opened,
    entries: &[Entry],
    base: &Request,
    by: Option<Period>,
) -> anyhow::Result<NamesView> {
    let searcher = opened.reader.searcher();
    let fields = &opened.fields;
    let spellings = Spellings::new(&searcher, fields, base.exact, base.script).all_names();
    let counted: Vec<(NameCount, Vec<Fact>)> = entries
        .par_iter()
        .map(|entry| {
            let request = Request {
                query: entry.query(),
                limit: 1,
                offset: 0,
                per_article: 1,
                order: Order::Relevance,
                ..base.clone()
            };
            let compiled = compile_with(&spellings, fields, &request.query).map_err(|e| {
                anyhow::anyhow!("line {}: {:?}: {e}", entry.line, entry.alternatives[0])
            })?;
            let (results, facts) = run(&searcher, fields, &request, compiled, FactCollector)?;
            let facts = if base.all {
                facts
            } else {
                views::stories(facts)
            };
            Ok((name_count(entry, results, &facts), facts))
        })
        .collect::<anyhow::Result<_>>()?;
    let dates = counted
        .iter()
        .flat_map(|(_, f)| f.iter().filter_map(|f| f.date));
    let by = by
        .or_else(|| Period::fitting_dates(dates))
        .unwrap_or(Period::Month);
    let names = counted
        .into_iter()
        .map(|(mut n, facts)| {
            (n.periods, n.undated) = views::timeline(&facts, by);
            n
        })
        .collect();
    Ok(NamesView {
        by,
        counting: views::counting(base.all),
        names,
    })
}

fn name_count(entry: &Entry, results: super::Results, facts: &[Fact]) -> NameCount {
    let dates = facts.iter().filter_map(|f| f.date);
    let (first, last) = (dates.clone().min(), dates.max());
    let top: Vec<SourceShare> = views::sources(facts)
        .0
        .into_iter()
        .take(TOP_SOURCES)
        .map(|s| SourceShare {
            source: s.source,
            stories: s.articles,
        })
        .collect();
    NameCount {
        name: entry.alternatives[0].clone(),
        alternatives: entry.alternatives.clone(),
        line: entry.line,
        stories: results.total,
        articles: results.articles,
        first_date: first.map(|d| d.to_string()),
        last_date: last.map(|d| d.to_string()),
        top_sources: top,
        periods: Vec::new(),
        undated: 0,
        best: results.hits.into_iter().next(),
        variants: results.variants,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_names_file_has_one_name_a_line_with_alternatives_and_comments() {
        let text = "# people\nSergei Lavrov | Sergey Lavrov | Лавров\n\n  Zelensky  # the president\n| |\nSay \"no\" | \n";
        let e = parse(Path::new("n.txt"), text).unwrap();
        assert_eq!(e.len(), 3);
        assert_eq!(e[0].line, 2);
        assert_eq!(
            e[0].alternatives,
            ["Sergei Lavrov", "Sergey Lavrov", "Лавров"]
        );
        assert_eq!(
            e[0].query(),
            "\"Sergei Lavrov\" OR \"Sergey Lavrov\" OR \"Лавров\""
        );
        assert_eq!(e[1].alternatives, ["Zelensky"]);
        assert_eq!(e[2].alternatives, ["Say no"]);
        let err = parse(Path::new("empty.txt"), "# nothing\n\n").unwrap_err();
        assert!(err.to_string().contains("empty.txt"), "{err}");
    }
}
