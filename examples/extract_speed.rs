//! Pages per second of extraction alone, one thread, files read into memory first:
//! `cargo run --release --example extract_speed -- FILE...` (BENCHMARKS.md compares it with
//! trafilatura on the dev sets' HTML).

fn main() -> anyhow::Result<()> {
    let files: Vec<(String, Vec<u8>)> = std::env::args()
        .skip(1)
        .map(|f| Ok((f.clone(), std::fs::read(&f)?)))
        .collect::<anyhow::Result<_>>()?;
    let corpus = dateline::extract::corpus::CorpusStats::default();
    let start = std::time::Instant::now();
    let mut failed = 0;
    for (path, bytes) in &files {
        if dateline::extract::from_bytes(bytes, path, &corpus).is_err() {
            failed += 1;
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let mb = files.iter().map(|(_, b)| b.len()).sum::<usize>() as f64 / 1e6;
    println!(
        "{} pages, {mb:.1} MB in {secs:.2} s: {:.1} pages/s, one thread ({failed} failed)",
        files.len(),
        files.len() as f64 / secs
    );
    Ok(())
}
