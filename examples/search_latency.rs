//! In-process latency of `search::search` and its JSON (what `dateline search --json` does
//! after opening the index): `cargo run --release --example search_latency -- INDEX QUERY [RUNS]`. Prints
//! the median and 99th percentile over RUNS searches (default 200) after 20 warm-ups, and
//! the share of it spent choosing passages (BENCHMARKS.md).

/// The allocator `dateline serve` runs with (mimalloc, its default purge delay), so the
/// figures compare with the server's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let usage = || anyhow::anyhow!("usage: search_latency INDEX QUERY [RUNS]");
    let dir = std::path::PathBuf::from(args.next().ok_or_else(usage)?);
    let query = args.next().ok_or_else(usage)?;
    let runs: usize = args.next().map_or(Ok(200), |r| r.parse())?;
    let opened = dateline::index::open(&dir)?;
    let request = |per_article| dateline::search::Request {
        query: query.clone(),
        limit: 10,
        offset: 0,
        per_article,
        order: dateline::search::Order::Relevance,
        sources: vec![],
        sites: vec![],
        since: None,
        until: None,
        exact: false,
        script: None,
        all: false,
    };
    let r = request(1);
    for _ in 0..20 {
        dateline::search::search(&opened, &r)?;
    }
    let (mut all, mut passages) = (Vec::with_capacity(runs), Vec::with_capacity(runs));
    let mut total = 0;
    for _ in 0..runs {
        let t = std::time::Instant::now();
        let results = dateline::search::search(&opened, &r)?;
        std::hint::black_box(serde_json::to_vec(&results)?);
        all.push(t.elapsed().as_secs_f64() * 1e3);
        passages.push(results.timings.passages.as_secs_f64() * 1e3);
        total = results.total;
    }
    let q = |v: &mut Vec<f64>, p: f64| {
        v.sort_by(f64::total_cmp);
        v[((v.len() - 1) as f64 * p) as usize]
    };
    println!(
        "{query:?}: {total} matches; search + JSON p50 {:.2} ms, p99 {:.2} ms; of it, passages p50 {:.2} ms ({runs} runs, --limit 10)",
        q(&mut all, 0.5),
        q(&mut all, 0.99),
        q(&mut passages, 0.5)
    );
    Ok(())
}
