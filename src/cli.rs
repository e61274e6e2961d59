//! Command-line definitions (clap derive) and nothing else: flags, help texts, defaults.
//!
//! Values are validated and turned into library requests in `app`; clap types never reach
//! the extract, index or search modules.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Full-text search for directories of saved news pages.
///
/// `dateline index DIR` strips page boilerplate, extracts each article's title, date and
/// source, and indexes its passages; `dateline search QUERY` ranks matching passages.
#[derive(Debug, Parser)]
#[command(name = "dateline", version, max_term_width = 100)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// When to colour output: auto colours a terminal unless NO_COLOR is set.
    #[arg(long, value_enum, default_value_t = Color::Auto, global = true)]
    pub color: Color,
}

/// Colour choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    /// Colour when writing to a terminal and NO_COLOR is unset.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Index the saved pages (.txt, .html, .mhtml) under one or more directories (or files).
    Index(IndexArgs),
    /// Search the index and list matching passages.
    Search(SearchArgs),
    /// Show what extraction makes of one file (no index involved).
    Extract(ExtractArgs),
    /// Matching articles per day, week, month or year, as a bar chart.
    Timeline(TimelineArgs),
    /// For each name of a file: stories, dates, top sources, counts per period, best passage.
    Names(NamesArgs),
    /// Articles per source (all, or those matching a query), with date ranges.
    Sources(SourcesArgs),
    /// Totals of the index: articles, passages, dates, sources, size.
    Stats(StatsArgs),
    /// One indexed article as dateline cleaned it: metadata, then its passages.
    Show(ShowArgs),
    /// A local search page and JSON API over the index, until Ctrl-C (read-only).
    Serve(ServeArgs),
    /// Merge the index's small segments into a few large ones, for faster searches.
    ///
    /// Run it after a big build (hundreds of thousands of articles or more): every search
    /// opens every segment, and an indexing run keeps its segments small to bound its memory.
    /// The articles do not change; later runs of `dateline index` go on as before.
    Compact(CompactArgs),
}

/// `dateline compact`.
#[derive(Debug, Args)]
pub struct CompactArgs {
    #[command(flatten)]
    pub location: IndexLocation,
}

/// `dateline serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub location: IndexLocation,
    /// Address and port to listen on (port 0 picks a free one).
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:7700")]
    pub bind: std::net::SocketAddr,
    /// Allow an address other than loopback: anyone who can reach it can read the index.
    #[arg(long)]
    pub public: bool,
}

/// Filters shared by the views.
#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Keep only articles from this source (any case); repeat for several.
    #[arg(long, value_name = "NAME")]
    pub source: Vec<String>,
    /// Keep only articles saved from this site (any case); repeat for several.
    #[arg(long, value_name = "NAME")]
    pub site: Vec<String>,
    /// Keep only articles dated on or after this day (YYYY-MM-DD); undated ones are dropped.
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Keep only articles dated on or before this day (YYYY-MM-DD); undated ones are dropped.
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
}

/// How query words match.
#[derive(Debug, Args)]
pub struct MatchArgs {
    /// Match words only as spelled: no spelling variants (Zelenskyy for Zelensky, Kiev for
    /// Kyiv) and no other scripts (Лавров for Lavrov).
    #[arg(long)]
    pub exact: bool,
    /// Match only spellings in this script: a Latin query word also finds its Cyrillic and
    /// Greek spellings (Lavrov: Лавров, Лаврова), and a Cyrillic or Greek one its Latin ones.
    #[arg(long, value_enum, default_value_t = ScriptArg::Any)]
    pub script: ScriptArg,
    /// Count and list every copy of a syndicated story (near-duplicate articles) on its own;
    /// by default a story is one result, with its other copies listed under "also in".
    #[arg(long)]
    pub all: bool,
}

/// Scripts a query word's spellings may be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScriptArg {
    /// Every script.
    Any,
    /// Latin letters only.
    Latin,
    /// Cyrillic letters only (Russian, Ukrainian, Belarusian, Bulgarian, Serbian).
    Cyrillic,
    /// Greek letters only.
    Greek,
}

/// Period of a timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum By {
    /// Calendar days.
    Day,
    /// Weeks, from Monday.
    Week,
    /// Calendar months.
    Month,
    /// Calendar years.
    Year,
}

/// `dateline timeline`.
#[derive(Debug, Args)]
pub struct TimelineArgs {
    /// The query, as for `search`.
    #[arg(required = true, value_name = "QUERY")]
    pub query: Vec<String>,
    #[command(flatten)]
    pub location: IndexLocation,
    /// Length of a period.
    #[arg(long, value_enum, default_value_t = By::Month)]
    pub by: By,
    #[command(flatten)]
    pub filters: FilterArgs,
    #[command(flatten)]
    pub matching: MatchArgs,
    /// Print one JSON object: {"query", "by", "buckets": [{"period", "articles"}], "undated", "counting"}.
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Print CSV: period,articles.
    #[arg(long)]
    pub csv: bool,
}

/// `dateline names`.
#[derive(Debug, Args)]
pub struct NamesArgs {
    /// One name a line; a line may give alternatives split by | ("Sergei Lavrov | Sergey
    /// Lavrov | Лавров"); # starts a comment. Each is searched as a phrase, with its variants
    /// and its spellings in other scripts.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    #[command(flatten)]
    pub location: IndexLocation,
    /// Length of a period (default: one that fits every name's dates in 60 or fewer).
    #[arg(long, value_enum)]
    pub by: Option<By>,
    #[command(flatten)]
    pub filters: FilterArgs,
    #[command(flatten)]
    pub matching: MatchArgs,
    /// Print one JSON object: {"by", "counting", "names": [{"name", "alternatives", "line",
    /// "stories", "articles", "first_date", "last_date", "top_sources", "periods", "undated",
    /// "best", "variants"}]}.
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Print CSV, one row per name (with --by, one per name and period).
    #[arg(long)]
    pub csv: bool,
}

/// Which outlet fact `sources` counts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Outlet {
    /// The outlet that wrote the story (the wire, for re-hosted wire copy).
    Source,
    /// The site the page was saved from.
    Site,
}

/// `dateline sources`.
#[derive(Debug, Args)]
pub struct SourcesArgs {
    /// Count only articles matching this query (all articles when absent).
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,
    #[command(flatten)]
    pub location: IndexLocation,
    #[command(flatten)]
    pub filters: FilterArgs,
    #[command(flatten)]
    pub matching: MatchArgs,
    /// Count by the outlet that wrote each story, or by the site each page was saved from.
    #[arg(long, value_enum, default_value_t = Outlet::Source)]
    pub by: Outlet,
    /// Print one JSON object: {"sources": [{"source", "articles", "first_date", "last_date"}], "unknown_source", "undated", "articles", "by", "counting"}.
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Print CSV: source,articles,first_date,last_date.
    #[arg(long)]
    pub csv: bool,
}

/// `dateline stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub location: IndexLocation,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// `dateline show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The article's file, as given to `dateline index` or as `search` printed it.
    #[arg(value_name = "PATH")]
    pub path: std::path::PathBuf,
    #[command(flatten)]
    pub location: IndexLocation,
    /// Highlight the words of this query.
    #[arg(long, value_name = "QUERY")]
    pub highlight: Option<String>,
    /// Print one JSON object: {"id", "path", "title", "date", "source", "site", "passages"}.
    #[arg(long)]
    pub json: bool,
}

/// Where the index lives.
#[derive(Debug, Args)]
pub struct IndexLocation {
    /// Index directory.
    #[arg(
        long,
        env = "DATELINE_INDEX",
        default_value = "index",
        value_name = "PATH"
    )]
    pub index: PathBuf,
}

/// `dateline index`.
#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Directories or files to index; directories are walked recursively for .txt files,
    /// hidden files and directories skipped.
    #[arg(required = true, value_name = "DIR")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub location: IndexLocation,
    /// Delete the existing index first and build it anew.
    #[arg(long)]
    pub rebuild: bool,
    /// Memory budget of the index writer, in MB.
    #[arg(long, default_value_t = 128, value_name = "MB",
          value_parser = clap::value_parser!(u64).range(16..=16384))]
    pub memory: u64,
    /// Commit after this many articles: a crash or kill loses at most one batch.
    #[arg(long, default_value_t = 5_000, value_name = "N",
          value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub commit_every: u64,
    /// Skip files larger than this many MB.
    #[arg(long, default_value_t = 16, value_name = "MB",
          value_parser = clap::value_parser!(u64).range(1..=4096))]
    pub max_file_size: u64,
}

/// Result order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Sort {
    /// Best match first (BM25).
    Relevance,
    /// Latest article first; undated articles last.
    Newest,
    /// Earliest article first; undated articles last.
    Oldest,
}

/// `dateline search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query: words (all must match), "quoted phrases", OR, -word or NOT word to
    /// exclude, parentheses. Several arguments are joined with spaces; put `--` before a
    /// query that starts with `-`.
    #[arg(required = true, value_name = "QUERY")]
    pub query: Vec<String>,
    #[command(flatten)]
    pub location: IndexLocation,
    /// Articles to list at most.
    #[arg(long, default_value_t = 10, value_name = "N",
          value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub limit: u64,
    /// Passages to show per article, best first.
    #[arg(long, default_value_t = 1, value_name = "K",
          value_parser = clap::value_parser!(u64).range(1..=1000))]
    pub per_article: u64,
    /// Order of the articles.
    #[arg(long, value_enum, default_value_t = Sort::Relevance)]
    pub sort: Sort,
    #[command(flatten)]
    pub filters: FilterArgs,
    #[command(flatten)]
    pub matching: MatchArgs,
    /// Print one JSON object: {"query", "total", "articles", "hits": [...], "variants": [...], "query_words"}.
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Print CSV: date,source,title,path,score,passage (one row per hit).
    #[arg(long)]
    pub csv: bool,
}

/// `dateline extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// The saved page to read.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Print one JSON object: {"path", "title", "date", "source", "site", "body", "passages", "input"}.
    #[arg(long)]
    pub json: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
