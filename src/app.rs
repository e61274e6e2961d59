//! The application layer: validated settings from the command line, calls into the library,
//! output through `render`. The only module that sees both clap types and library types.

use crate::cli::{self, Cli, Command};
use crate::index::writer;
use crate::{extract, index, render, search};
use std::io::Write;

/// How a successful command ended, for the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Something was found or done (exit 0).
    Success,
    /// A search found nothing (exit 1).
    NoMatch,
    /// Indexing was interrupted by Ctrl-C after committing what was done (exit 130).
    Interrupted,
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    let stdout = std::io::stdout();
    let choice = match cli.color {
        // Decided on the terminal itself (and NO_COLOR, CLICOLOR), before it is buffered.
        cli::Color::Auto => anstream::AutoStream::choice(&stdout),
        cli::Color::Always => anstream::ColorChoice::Always,
        cli::Color::Never => anstream::ColorChoice::Never,
    };
    // One write for the whole output, not one per line (a search printed ~40 lines in ~40
    // system calls).
    let buffered: Box<dyn Write> = Box::new(std::io::BufWriter::new(stdout.lock()));
    let mut out = anstream::AutoStream::new(buffered, choice);
    let outcome = match cli.command {
        Command::Index(args) => run_index(args, &mut out),
        Command::Search(args) => run_search(args, &mut out),
        Command::Extract(args) => run_extract(args, &mut out),
        Command::Timeline(args) => run_timeline(args, &mut out),
        Command::Names(args) => run_names(args, &mut out),
        Command::Sources(args) => run_sources(args, &mut out),
        Command::Stats(args) => run_stats(args, &mut out),
        Command::Show(args) => run_show(args, &mut out),
        Command::Serve(args) => run_serve(args, &mut out),
        Command::Compact(args) => run_compact(args, &mut out),
    }?;
    out.flush()?;
    Ok(outcome)
}

fn run_index(args: cli::IndexArgs, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    for path in &args.paths {
        if !path.exists() {
            anyhow::bail!("{}: no such file or directory", path.display());
        }
    }
    let opts = writer::Options {
        memory_bytes: (args.memory as usize) << 20,
        max_file_bytes: args.max_file_size << 20,
        rebuild: args.rebuild,
        batch: args.commit_every as usize,
        stop: Some(stop_on_ctrl_c()),
    };
    let bar = progress_bar();
    let warn = |s: &writer::Skipped| {
        bar.suspend(|| eprintln!("dateline: skipped {}: {}", s.path.display(), s.reason));
    };
    let tick = |done: usize, total: usize| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    };
    let summary = writer::run(&args.location.index, &args.paths, &opts, &warn, &tick)?;
    bar.finish_and_clear();
    render::index_summary(out, &summary, &args.location.index)?;
    if summary.interrupted {
        eprintln!(
            "dateline: interrupted — {} articles committed; run `dateline index` again to finish",
            summary.articles()
        );
        return Ok(Outcome::Interrupted);
    }
    Ok(Outcome::Success)
}

/// A flag that Ctrl-C sets; a second Ctrl-C while the first is handled ends the process.
fn stop_on_ctrl_c() -> std::sync::Arc<std::sync::atomic::AtomicBool> {
    use std::sync::atomic::{AtomicBool, Ordering};
    let flag = std::sync::Arc::new(AtomicBool::new(false));
    let seen = flag.clone();
    let _ = ctrlc::set_handler(move || {
        if seen.swap(true, Ordering::Relaxed) {
            std::process::exit(130);
        }
    });
    flag
}

/// Files done / total, rate and ETA on stderr when it is a terminal; hidden otherwise.
fn progress_bar() -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files  {per_sec}  ETA {eta}")
            .expect("valid progress template"),
    );
    bar
}

fn run_search(args: cli::SearchArgs, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let request = search::Request {
        limit: args.limit as usize,
        per_article: args.per_article as usize,
        order: match args.sort {
            cli::Sort::Relevance => search::Order::Relevance,
            cli::Sort::Newest => search::Order::Newest,
            cli::Sort::Oldest => search::Order::Oldest,
        },
        ..request(args.query.join(" "), &args.filters, &args.matching)?
    };
    // A bad query is reported before the index is opened.
    let probe = index::schema::Fields::from_schema(&index::schema::schema())?;
    search::query::compile(&request.query, &probe, &search::query::exact)?;
    let opened = open_for_reading(&args.location.index)?;
    let results = search::search(opened, &request)?;
    if args.json {
        render::json(out, &results)?;
    } else if args.csv {
        render::search_csv(out, &results)?;
    } else {
        render::search_text(out, &results)?;
    }
    Ok(if results.total == 0 {
        Outcome::NoMatch
    } else {
        Outcome::Success
    })
}

fn run_extract(args: cli::ExtractArgs, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let article = extract::read(&args.file, u64::MAX)
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.file.display()))?;
    if args.json {
        render::json(out, &article)?;
    } else {
        render::article_text(out, &article)?;
    }
    Ok(Outcome::Success)
}

/// Opens the index for a command that only reads it. The handle is never dropped: the
/// process ends after the command, and the kernel releases the index's ~40 file mappings
/// at exit for less than unmapping them one by one (`search gorbachev` at 100k: task-clock
/// 9.0–11.4 ms with, 6.9–7.6 ms without; `perf stat -r 100`, three alternating pairs).
fn open_for_reading(dir: &std::path::Path) -> Result<&'static index::Opened, crate::error::Error> {
    Ok(Box::leak(Box::new(index::open(dir)?)))
}

pub fn no_filters() -> cli::FilterArgs {
    cli::FilterArgs {
        source: vec![],
        site: vec![],
        since: None,
        until: None,
    }
}

/// A request with the query and filters; no limit, one passage per article, by relevance.
pub fn request(
    query: String,
    filters: &cli::FilterArgs,
    matching: &cli::MatchArgs,
) -> anyhow::Result<search::Request> {
    let parse =
        |flag, v: &Option<String>| v.as_deref().map(|s| search::parse_day(flag, s)).transpose();
    Ok(search::Request {
        query,
        limit: usize::MAX,
        offset: 0,
        per_article: 1,
        order: search::Order::Relevance,
        sources: filters.source.iter().map(|s| canonical_source(s)).collect(),
        sites: filters.site.iter().map(|s| canonical_source(s)).collect(),
        since: parse("--since", &filters.since)?,
        until: parse("--until", &filters.until)?,
        exact: matching.exact,
        script: match matching.script {
            cli::ScriptArg::Any => None,
            cli::ScriptArg::Latin => Some(search::scripts::Script::Latin),
            cli::ScriptArg::Cyrillic => Some(search::scripts::Script::Cyrillic),
            cli::ScriptArg::Greek => Some(search::scripts::Script::Greek),
        },
        all: matching.all,
    })
}

fn period(by: cli::By) -> search::views::Period {
    use search::views::Period;
    match by {
        cli::By::Day => Period::Day,
        cli::By::Week => Period::Week,
        cli::By::Month => Period::Month,
        cli::By::Year => Period::Year,
    }
}

fn run_names(args: cli::NamesArgs, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let text = std::fs::read_to_string(&args.file)
        .map_err(|e| anyhow::anyhow!("{}: cannot read the names file: {e}", args.file.display()))?;
    let entries = search::names::parse(&args.file, &text)?;
    let base = request(String::new(), &args.filters, &args.matching)?;
    let opened = open_for_reading(&args.location.index)?;
    let view = search::names::count(opened, &entries, &base, args.by.map(period))?;
    if args.json {
        render::json(out, &view)?;
    } else if args.csv {
        render::names_csv(out, &view, args.by.is_some())?;
    } else {
        render::names_text(out, &view)?;
    }
    Ok(if view.names.iter().all(|n| n.stories == 0) {
        Outcome::NoMatch
    } else {
        Outcome::Success
    })
}

fn run_timeline(args: cli::TimelineArgs, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    use search::views;
    let request = request(args.query.join(" "), &args.filters, &args.matching)?;
    let opened = open_for_reading(&args.location.index)?;
    let view = views::timeline_view(opened, &request, Some(period(args.by)))?;
    if args.json {
        render::json(out, &view)?;
    } else if args.csv {
        render::timeline_csv(out, &view.buckets)?;
    } else {
        render::timeline_text(out, &view.buckets, view.undated, terminal_width())?;
        if !request.all {
            writeln!(
                out,
                "(counting stories: copies of one syndicated story count once; --all counts each)"
            )?;
        }
    }
    let matched = view.undated + view.buckets.iter().map(|b| b.articles).sum::<usize>();
    Ok(if matched == 0 {
        Outcome::NoMatch
    } else {
        Outcome::Success
    })
}

/// Columns to draw in: `$COLUMNS` when set (an explicit choice), else the terminal's own
/// width, else 80 (output to a file or a pipe).
fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .or_else(|| terminal_size::terminal_size().map(|(w, _)| usize::from(w.0)))
        .unwrap_or(80)
}

fn run_sources(args: cli::SourcesArgs, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let opened = open_for_reading(&args.location.index)?;
    // No query: every article, under the filters.
    let request = request(args.query.join(" "), &args.filters, &args.matching)?;
    let by_site = args.by == cli::Outlet::Site;
    let view = search::views::sources_view(opened, &request, by_site, args.matching.all)?;
    if args.json {
        render::json(out, &view)?;
    } else if args.csv {
        render::sources_csv(out, &view.sources)?;
    } else {
        let label = if by_site { "site" } else { "source" };
        render::sources_text(out, &view.sources, view.unknown_source, label)?;
    }
    Ok(if view.articles == 0 {
        Outcome::NoMatch
    } else {
        Outcome::Success
    })
}

fn run_serve(args: cli::ServeArgs, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let options = crate::serve::Options {
        index: args.location.index,
        bind: args.bind,
        public: args.public,
    };
    crate::serve::run(&options, out)?;
    Ok(Outcome::Success)
}

fn run_compact(args: cli::CompactArgs, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let done = index::compact::compact(&args.location.index)?;
    writeln!(
        out,
        "compacted {} segments into {} ({} articles) in {:.1} s",
        done.before,
        done.after,
        done.articles,
        done.elapsed.as_secs_f64()
    )?;
    Ok(Outcome::Success)
}

fn run_stats(args: cli::StatsArgs, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let opened = open_for_reading(&args.location.index)?;
    let stats = search::views::stats(opened, &args.location.index)?;
    if args.json {
        render::json(out, &stats)?;
    } else {
        render::stats_text(out, &stats)?;
    }
    Ok(Outcome::Success)
}

fn run_show(args: cli::ShowArgs, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let opened = open_for_reading(&args.location.index)?;
    let path = args
        .path
        .canonicalize()
        .unwrap_or_else(|_| args.path.clone());
    let shown = search::views::show(opened, &path.to_string_lossy())?
        .or(search::views::show(opened, &args.path.to_string_lossy())?);
    let Some(shown) = shown else {
        anyhow::bail!(
            "{} is not in the index — run `dateline index` on its directory",
            args.path.display()
        );
    };
    let terms = match &args.highlight {
        Some(q) => {
            let request = request(
                q.clone(),
                &no_filters(),
                &cli::MatchArgs {
                    exact: false,
                    script: cli::ScriptArg::Any,
                    all: true,
                },
            )?;
            search::compile(&opened.reader.searcher(), &opened.fields, &request)?.highlight
        }
        None => Vec::new(),
    };
    if args.json {
        render::json(out, &shown)?;
    } else {
        render::shown_text(out, &shown, &terms)?;
    }
    Ok(Outcome::Success)
}

/// `--source AP` means the source the extractor calls "Associated Press": known outlets'
/// aliases are mapped to their canonical names; other names are kept as typed.
pub fn canonical_source(name: &str) -> String {
    extract::lexicon::Lexicon::shared()
        .outlet_by_name(name)
        .map_or_else(|| name.to_owned(), |o| o.name.clone())
}

/// True when `err` is a closed stdout (`dateline search x | head`), which is not a failure.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
