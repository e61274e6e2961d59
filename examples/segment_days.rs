//! Per segment of an index: documents, distinct publication days, first and last day, and
//! how many other segments are "near" (hold an article within three days) each day of it.
//! A tool for checking the duplicate-key lookup's pruning. `cargo run --release --example
//! segment_days -- INDEX_DIR`

use dateline::index::schema::from_day_number;

fn main() {
    let dir = std::env::args()
        .nth(1)
        .expect("usage: segment_days INDEX_DIR");
    let opened = dateline::index::open(std::path::Path::new(&dir)).expect("an index");
    let searcher = opened.reader.searcher();
    let mut all: Vec<Vec<i64>> = Vec::new();
    for segment in searcher.segment_readers() {
        let dates = segment.fast_fields().i64("date").expect("date column");
        let mut days: Vec<i64> = dates.values.iter().collect();
        days.sort_unstable();
        days.dedup();
        println!(
            "{:>8} docs {:>6} days {:?} .. {:?}",
            segment.max_doc(),
            days.len(),
            days.first().and_then(|&d| from_day_number(d)),
            days.last().and_then(|&d| from_day_number(d)),
        );
        all.push(days);
    }
    let near = |days: &[i64], d: i64| {
        let from = days.partition_point(|&x| x < d - 3);
        days.get(from).is_some_and(|&x| x <= d + 3)
    };
    let probes: Vec<i64> = all.iter().flat_map(|d| d.iter().copied()).collect();
    let searched: usize = probes
        .iter()
        .map(|&d| all.iter().filter(|s| near(s, d)).count())
        .sum();
    println!(
        "{} segments; a day present in the index has {:.1} segments near it on average",
        all.len(),
        searched as f64 / probes.len() as f64
    );
}
