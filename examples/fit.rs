//! Fits the title, date and site choosers', the block model's and the span chooser's weights
//! on the dev sets and writes them to `data/weights/`.
//!
//! ```text
//! cargo run --release --example fit -- [EVAL_DIR] [--write[=FIELD,…]] [--errors=FIELD]
//!     [--without=SET] [--fold=K/N] [--cv=N] [--rounds=R]
//! ```
//!
//! `EVAL_DIR` (default `../shared/eval/boilerplate`) holds the three dev collections (`dev/`,
//! `readability/`, `trafilatura/`, each with `truth.json`). Each chooser is a conditional logit
//! scored by boosted depth-two trees: on every page, a softmax over its candidates, fitted to put the mass on the candidates that
//! match the truth (the scorer's rules: title token F1 ≥ 0.9, the same calendar date, a site
//! name that contains or is contained in the label). It first fits on two collections and
//! reports the top candidate's accuracy on the third, for each rotation, then fits on all three
//! and, with `--write`, stores those weights (`--write=site` only the site chooser's, when a
//! change touched only its features). Deterministic: the same pages give the same file.
//! `--cv=N` also reports each field's accuracy cross-validated by page (N folds by the hash of
//! the file name, every collection in every fold), and `--fold=K/N` leaves fold K out of the
//! stored fit so that `score.py` can score those pages held out.

use dateline::extract::{
    self,
    model::{Candidates, Model, Tree},
};
use std::path::{Path, PathBuf};

const SETS: &[&str] = &["dev", "readability", "trafilatura"];

/// Every this-many-th story of Reuters-21578 joins every fit (never held out): wire copy,
/// whose every line after the headline is the story, with true titles and dates.
const REUTERS_EVERY: usize = 40;
const FIELDS: &[&str] = &["title", "date", "site", "block", "span"];

/// Fields whose model may answer "none": the site (a page may not show one), and each kept
/// block (one group per block: its only candidate is keeping it).
fn has_null(field: &str) -> bool {
    matches!(field, "site" | "block")
}

/// One page's candidates for one field: features, and which match the truth.
struct Group {
    rows: Vec<Vec<f32>>,
    good: Vec<bool>,
    /// "No answer" is right (a block that is not the article's).
    null_good: bool,
    /// The group's weight in the loss (a block's: the square root of its length in words,
    /// as body F1 weighs long paragraphs more).
    weight: f64,
    values: Vec<String>,
    page: String,
    want: String,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // --write: every field; --write=site,title: those.
    let write: Option<Vec<&str>> = args.iter().find_map(|a| match a.as_str() {
        "--write" => Some(FIELDS.to_vec()),
        a => a.strip_prefix("--write=").map(|f| f.split(',').collect()),
    });
    let dir = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared/eval/boilerplate"));
    // groups[set][field]: the pages with a truth for that field.
    let mut names: Vec<&'static [&'static str]> = vec![&[]; FIELDS.len()];
    let mut groups: Vec<Vec<Vec<Option<Group>>>> =
        SETS.iter().map(|set| load(&dir, set, &mut names)).collect();
    groups.push(load_reuters(
        &dir.join("../../corpora/reuters21578"),
        &mut names,
    ));
    let reuters = SETS.len();
    for (f, field) in FIELDS.iter().enumerate() {
        println!("== {field}");
        for (held, set) in SETS.iter().enumerate() {
            let train: Vec<&Option<Group>> = (0..=SETS.len())
                .filter(|&s| s != held)
                .flat_map(|s| &groups[s][f])
                .collect();
            let w = fit(&train, names[f], has_null(field), rounds(field));
            let in_sample: Vec<f32> = (0..SETS.len())
                .map(|s| accuracy(&groups[s][f], &w, has_null(field)))
                .collect();
            println!(
                "  fit on the others, {set:<12} held out: {:.3}   (dev {:.3}, readability {:.3}, trafilatura {:.3})",
                in_sample[held], in_sample[0], in_sample[1], in_sample[2]
            );
        }
        let reach: Vec<String> = (0..SETS.len())
            .map(|s| {
                let pages: Vec<&Group> = groups[s][f].iter().flatten().collect();
                let some = pages.iter().filter(|g| g.good.iter().any(|&b| b)).count();
                format!("{} {:.3}", SETS[s], some as f32 / pages.len().max(1) as f32)
            })
            .collect();
        println!("  a right candidate exists: {}", reach.join(", "));
        if *field == "span" {
            // The rules' own choice, for comparison: a model that weighs only that mark.
            let mut weights = vec![0.0; names[f].len()];
            weights[0] = 1.0;
            let rules = Model::new(names[f], weights, Vec::new());
            let acc: Vec<String> = (0..SETS.len())
                .map(|s| {
                    let pages = groups[s][f].iter().flatten().count();
                    let acc = accuracy(&groups[s][f], &rules, false);
                    format!("{} {acc:.3} of {pages}", SETS[s])
                })
                .collect();
            println!("  the rules' run: {}", acc.join(", "));
        }
        // --cv=N: accuracy cross-validated by page, N folds; --rounds=R overrides the
        // field's boosting rounds (to compare).
        let arg = |name: &str| {
            args.iter()
                .find_map(|a| a.strip_prefix(name)?.parse::<u64>().ok())
        };
        let field_rounds = arg("--rounds=").map_or(rounds(field), |r| r as usize);
        if let Some(n) = arg("--cv=") {
            let acc = cross_validated(&groups, f, names[f], n, field_rounds);
            let shown: Vec<String> = (0..SETS.len())
                .map(|s| format!("{} {:.3}", SETS[s], acc[s]))
                .collect();
            println!(
                "  cross-validated by page, {n} folds, {field_rounds} rounds: {}",
                shown.join(", ")
            );
        }
        // --without=SET leaves a collection out of the stored fit, to score it held out.
        let without = args.iter().find_map(|a| a.strip_prefix("--without="));
        // --fold=K/N leaves out every page whose name hashes to K of N, to score those pages
        // held out (cross-validation by page within the collections).
        let fold = args
            .iter()
            .find_map(|a| a.strip_prefix("--fold="))
            .map(|k| {
                let (k, n) = k.split_once('/').expect("--fold=K/N");
                (k.parse::<u64>().expect("K"), n.parse::<u64>().expect("N"))
            });
        let all: Vec<&Option<Group>> = (0..=SETS.len())
            .filter(|&s| s == reuters || Some(SETS[s]) != without)
            .flat_map(|s| &groups[s][f])
            .filter(|g| match (fold, g) {
                (Some((k, n)), Some(g)) => fold_of(&g.page, n) != k,
                _ => true,
            })
            .collect();
        let w = fit(&all, names[f], has_null(field), field_rounds);
        let acc: Vec<String> = (0..SETS.len())
            .map(|s| {
                format!(
                    "{} {:.3}",
                    SETS[s],
                    accuracy(&groups[s][f], &w, has_null(field))
                )
            })
            .collect();
        // Wire copy has no span to choose: all of it is the story.
        let wire = if groups[reuters][f].iter().any(Option::is_some) {
            format!("{:.3}", accuracy(&groups[reuters][f], &w, has_null(field)))
        } else {
            "-".to_owned()
        };
        println!(
            "  fit on all three: {}; reuters sample {wire}",
            acc.join(", ")
        );
        if args.iter().any(|a| *a == format!("--errors={field}")) {
            errors(&groups, f, &w, has_null(field));
        }
        if write.as_ref().is_some_and(|w| w.contains(field)) {
            let path = Path::new("data/weights").join(format!("{field}.tsv"));
            let mut out = format!(
                "# {field} chooser weights, fitted by `cargo run --release --example fit -- --write`\n\
                 # on dev, readability and trafilatura ({} pages with a {field} truth).\n",
                all.iter().filter(|g| g.is_some()).count()
            );
            for tree in &w.trees() {
                out.push_str(&tree.line(names[f]));
                out.push('\n');
            }
            std::fs::write(&path, out).expect("weights written");
            println!("  wrote {}", path.display());
        }
    }
}

/// The fold (of `n`) a page falls in: FNV-1a of its file name.
fn fold_of(page: &str, n: u64) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in page.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h % n
}

/// Per field, each page's group (None when the page has no truth for the field).
fn load(dir: &Path, set: &str, names: &mut [&'static [&'static str]]) -> Vec<Vec<Option<Group>>> {
    let truth_path = dir.join(set).join("truth.json");
    let text = std::fs::read_to_string(&truth_path)
        .unwrap_or_else(|e| panic!("{}: {e}", truth_path.display()));
    let truth: Vec<serde_json::Value> = serde_json::from_str(&text).expect("truth.json is JSON");
    load_records(&dir.join(set), &truth, names)
}

/// The Reuters-21578 sample: its truth has titles, dates and the source; every kept line is
/// the story's.
fn load_reuters(dir: &Path, names: &mut [&'static [&'static str]]) -> Vec<Vec<Option<Group>>> {
    let text = std::fs::read_to_string(dir.join("truth.jsonl"))
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let truth: Vec<serde_json::Value> = text
        .lines()
        .step_by(REUTERS_EVERY)
        .map(|l| {
            let mut v: serde_json::Value = serde_json::from_str(l).expect("truth line is JSON");
            v["all_body"] = true.into();
            v
        })
        .collect();
    load_records(dir, &truth, names)
}

fn load_records(
    dir: &Path,
    truth: &[serde_json::Value],
    names: &mut [&'static [&'static str]],
) -> Vec<Vec<Option<Group>>> {
    let mut out: Vec<Vec<Option<Group>>> = FIELDS.iter().map(|_| Vec::new()).collect();
    for rec in truth {
        let file = dir.join(rec["file"].as_str().expect("file"));
        let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let page = extract::decode::decode(&bytes).expect("page decodes");
        let explained = extract::explain(&page, &file.to_string_lossy());
        let fields: [(&Candidates, Option<&str>); 3] = [
            (&explained.title, rec["title"].as_str()),
            (&explained.date, rec["date"].as_str()),
            (&explained.site, rec["source"].as_str()),
        ];
        if names[3].is_empty() {
            names[3] = Box::leak(explained.blocks.names.clone().into_boxed_slice());
        }
        out[3].extend(block_groups(rec, &explained.blocks));
        if names[4].is_empty() {
            names[4] = Box::leak(explained.span.names.clone().into_boxed_slice());
        }
        out[4].push(span_group(rec, &explained.span));
        for (f, (cands, want)) in fields.into_iter().enumerate() {
            if names[f].is_empty() {
                names[f] = Box::leak(cands.names.clone().into_boxed_slice());
            }
            out[f].push(want.map(|want| {
                Group {
                    rows: cands.rows.iter().map(|(_, x)| x.clone()).collect(),
                    good: cands
                        .rows
                        .iter()
                        .map(|(v, _)| matches(f, v, want))
                        .collect(),
                    null_good: false,
                    weight: 1.0,
                    values: cands.rows.iter().map(|(v, _)| v.clone()).collect(),
                    page: rec["file"].as_str().unwrap_or("").to_owned(),
                    want: want.to_owned(),
                }
            }));
        }
    }
    out
}

/// Says whether a block's text is the article's (None: not known).
type Labeller = Box<dyn Fn(&str) -> Option<bool>>;

/// One group per kept block, labelled by the truth: a block whose 4-word shingles are mostly
/// in the true body (dev, readability), or that holds a snippet to keep or to drop
/// (trafilatura; other blocks there are not labelled). A block weighs the square root of its
/// words, [`LEAK_WEIGHT`] times that when it is not the article's and names what the article
/// never does.
fn block_groups(rec: &serde_json::Value, blocks: &Candidates) -> Vec<Option<Group>> {
    let page = rec["file"].as_str().unwrap_or("").to_owned();
    let leaks = leaks_in(rec);
    let label: Labeller = if rec["all_body"].as_bool() == Some(true) {
        Box::new(|_: &str| Some(true))
    } else if let Some(body) = rec["body"].as_str() {
        let truth: std::collections::HashSet<Vec<String>> = shingles(body).into_iter().collect();
        let words: std::collections::HashSet<String> = tokens(body).into_iter().collect();
        Box::new(move |text: &str| {
            let own = shingles(text);
            if own.is_empty() {
                let t = tokens(text);
                let inside = t.iter().filter(|w| words.contains(*w)).count();
                return Some(!t.is_empty() && inside * 5 >= t.len() * 4);
            }
            let inside = own.iter().filter(|s| truth.contains(*s)).count();
            Some(inside * 2 >= own.len())
        })
    } else {
        let (with, without) = (snippets(rec, "with"), snippets(rec, "without"));
        Box::new(move |text: &str| {
            let text = fold_space(text);
            if with
                .iter()
                .any(|w| !w.is_empty() && text.contains(w.as_str()))
            {
                Some(true)
            } else if without
                .iter()
                .any(|w| !w.is_empty() && text.contains(w.as_str()))
            {
                Some(false)
            } else {
                None
            }
        })
    };
    blocks
        .rows
        .iter()
        .filter_map(|(text, x)| {
            let good = label(text)?;
            let length = (text.split_whitespace().count() as f64).sqrt();
            let leak = if !good && leaks(text) {
                LEAK_WEIGHT
            } else {
                1.0
            };
            Some(Some(Group {
                rows: vec![x.clone()],
                good: vec![good],
                null_good: !good,
                weight: length * leak,
                values: vec![text.clone()],
                page: page.clone(),
                want: String::from(if good { "keep" } else { "drop" }),
            }))
        })
        .collect()
}

/// How much more a block not of the article costs when kept if it names someone or something
/// the article never does: such a name makes the page match a search for it (what
/// `leaked_names.py` counts), a worse error than its words' share of body F1.
const LEAK_WEIGHT: f64 = 3.0;

/// Whether a text holds a capitalised word of four or more letters, not opening a sentence,
/// that the page's true body lacks (`leaked_names.py`'s test); never, on pages with no full
/// body truth.
fn leaks_in(rec: &serde_json::Value) -> Box<dyn Fn(&str) -> bool> {
    let Some(body) = rec["body"].as_str() else {
        return Box::new(|_: &str| false);
    };
    let truth: std::collections::HashSet<String> = tokens(body).into_iter().collect();
    Box::new(move |text: &str| {
        let words: Vec<&str> = text.split_whitespace().collect();
        words.iter().enumerate().skip(1).any(|(i, w)| {
            let after_stop = words[i - 1].ends_with(['.', '!', '?']);
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            let mut chars = w.chars();
            !after_stop
                && chars.next().is_some_and(|c| c.is_ascii_uppercase())
                && w.len() >= 4
                && chars.all(|c| c.is_ascii_lowercase())
                && !truth.contains(&w.to_lowercase())
        })
    })
}

/// One page's candidate runs, the right ones those whose kept text scores within
/// [`SPAN_SLACK`] of the best: bag-of-words F1 against the true body (dev, readability), or
/// the snippets it keeps less those it should drop, over the snippets to keep (trafilatura).
/// Wire copy (all of it the story) and pages where no run keeps any of the article teach
/// nothing.
fn span_group(rec: &serde_json::Value, runs: &Candidates) -> Option<Group> {
    if rec["all_body"].as_bool() == Some(true) || runs.rows.len() < 2 {
        return None;
    }
    let quality: Vec<f32> = if let Some(body) = rec["body"].as_str() {
        let truth = bag(body);
        runs.rows
            .iter()
            .map(|(text, _)| bag_f1(&bag(text), &truth))
            .collect()
    } else {
        let (with, without) = (snippets(rec, "with"), snippets(rec, "without"));
        if with.is_empty() {
            return None;
        }
        runs.rows
            .iter()
            .map(|(text, _)| {
                let text = fold_space(text);
                let hits = |s: &[String]| s.iter().filter(|w| text.contains(w.as_str())).count();
                (hits(&with) as f32 - hits(&without) as f32) / with.len() as f32
            })
            .collect()
    };
    let best = quality.iter().copied().fold(f32::MIN, f32::max);
    if best <= 0.0 {
        return None;
    }
    Some(Group {
        rows: runs.rows.iter().map(|(_, x)| x.clone()).collect(),
        good: quality.iter().map(|&q| q >= best - SPAN_SLACK).collect(),
        null_good: false,
        weight: 1.0,
        values: runs.rows.iter().map(|(v, _)| v.clone()).collect(),
        page: rec["file"].as_str().unwrap_or("").to_owned(),
        want: format!("quality {best:.2}"),
    })
}

/// How far below the best run's quality a run may score and still be right.
const SPAN_SLACK: f32 = 0.02;

/// The scorer's tokens with their counts.
fn bag(text: &str) -> std::collections::HashMap<String, usize> {
    let mut out = std::collections::HashMap::new();
    for t in tokens(text) {
        *out.entry(t).or_default() += 1;
    }
    out
}

/// Token F1 of two bags.
fn bag_f1(
    a: &std::collections::HashMap<String, usize>,
    b: &std::collections::HashMap<String, usize>,
) -> f32 {
    let common: usize = a
        .iter()
        .map(|(t, n)| (*n).min(b.get(t).copied().unwrap_or(0)))
        .sum();
    let (na, nb): (usize, usize) = (a.values().sum(), b.values().sum());
    if common == 0 {
        return 0.0;
    }
    let (p, r) = (common as f32 / na as f32, common as f32 / nb as f32);
    2.0 * p * r / (p + r)
}

/// White space folded to single spaces, as score.py compares snippets.
fn fold_space(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A trafilatura record's snippets to keep ("with") or to drop ("without"), space-folded.
fn snippets(rec: &serde_json::Value, key: &str) -> Vec<String> {
    rec[key]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str())
        .map(fold_space)
        .collect()
}

/// The scorer's tokens (`\w+`, case kept) as overlapping runs of four.
fn shingles(text: &str) -> Vec<Vec<String>> {
    let t: Vec<String> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect();
    t.windows(4).map(<[String]>::to_vec).collect()
}

fn matches(field: usize, value: &str, want: &str) -> bool {
    match FIELDS[field] {
        "title" => token_f1(value, want) >= 0.9,
        "date" => value == want,
        _ => {
            let norm = |s: &str| -> String {
                s.chars()
                    .filter(|c| c.is_alphanumeric())
                    .flat_map(char::to_lowercase)
                    .collect()
            };
            // The scorer's rule (either contains the other), but a fragment ("In" for
            // "Indiatimes") is not taught as right: the shorter must be half the longer.
            let (a, b) = (norm(value), norm(want));
            let (short, long) = if a.len() <= b.len() {
                (&a, &b)
            } else {
                (&b, &a)
            };
            short.chars().count() >= 2
                && short.len() * 2 >= long.len()
                && long.contains(short.as_str())
        }
    }
}

fn tokens(s: &str) -> Vec<String> {
    s.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Token F1 of two strings, as the scorer judges a title.
fn token_f1(a: &str, b: &str) -> f32 {
    bag_f1(&bag(a), &bag(b))
}

/// Boosting rounds, shrinkage, and the leaves' L2 penalty.
const ROUNDS: usize = 150;

/// Boosting rounds for a field: fewer for the span, whose pages are few (one group a page,
/// where a block gives one a paragraph) and whose rules' choice is most often right.
fn rounds(field: &str) -> usize {
    if field == "span" {
        40
    } else {
        ROUNDS
    }
}
const SHRINK: f32 = 0.1;
const LAMBDA: f64 = 1.0;
/// Candidate thresholds per feature: cut points between its distinct values, at most this many.
const BINS: usize = 16;

/// Fits boosted depth-two trees to the conditional logit by Newton steps: each round, every
/// candidate's gradient is its softmax share minus its share of the right candidates' mass,
/// and a tree is grown on those. With `null`, each page also has a candidate of score 0 ("no
/// answer"), never right on a page with a truth, so the trees also set the threshold.
fn fit(
    groups: &[&Option<Group>],
    names: &'static [&'static str],
    null: bool,
    rounds: usize,
) -> Model {
    let groups: Vec<&Group> = groups
        .iter()
        .filter_map(|g| g.as_ref())
        .filter(|g| g.null_good || g.good.iter().any(|&b| b))
        .collect();
    let n = names.len();
    let rows: Vec<&Vec<f32>> = groups.iter().flat_map(|g| &g.rows).collect();
    let cuts: Vec<Vec<f32>> = (0..n)
        .map(|f| cut_points(rows.iter().map(|r| r[f])))
        .collect();
    let bins: Vec<Vec<u8>> = rows
        .iter()
        .map(|r| {
            (0..n)
                .map(|f| cuts[f].iter().filter(|&&c| r[f] > c).count() as u8)
                .collect()
        })
        .collect();
    let mut score = vec![0.0f32; rows.len()];
    let mut trees = Vec::new();
    for _ in 0..rounds {
        let (mut grad, mut hess) = (vec![0.0f64; rows.len()], vec![0.0f64; rows.len()]);
        let mut at = 0;
        for g in &groups {
            let s = &score[at..at + g.rows.len()];
            let top = s
                .iter()
                .copied()
                .fold(if null { 0.0 } else { f32::MIN }, f32::max);
            let e: Vec<f64> = s.iter().map(|x| f64::from(x - top).exp()).collect();
            let z = e.iter().sum::<f64>() + if null { f64::from(-top).exp() } else { 0.0 };
            let zg: f64 = e
                .iter()
                .zip(&g.good)
                .filter(|(_, &b)| b)
                .map(|(e, _)| e)
                .sum();
            for k in 0..g.rows.len() {
                let p = e[k] / z;
                let q = if g.good[k] { e[k] / zg } else { 0.0 };
                grad[at + k] = (p - q) * g.weight;
                hess[at + k] = (p * (1.0 - p)).max(1e-6) * g.weight;
            }
            at += g.rows.len();
        }
        let all: Vec<usize> = (0..rows.len()).collect();
        let Some((root, rt, left, right)) = split(&all, &bins, &grad, &hess, n) else {
            break;
        };
        let mut splits = [(root, cuts[root][rt]), (0, f32::MAX), (0, f32::MAX)];
        let mut leaves = [0.0f32; 4];
        for (side, part) in [left, right].into_iter().enumerate() {
            let (l, r) = match split(&part, &bins, &grad, &hess, n) {
                Some((f, t, l, r)) => {
                    splits[1 + side] = (f, cuts[f][t]);
                    (l, r)
                }
                None => (part, Vec::new()),
            };
            for (leaf, rows) in [l, r].into_iter().enumerate() {
                let g: f64 = rows.iter().map(|&i| grad[i]).sum();
                let h: f64 = rows.iter().map(|&i| hess[i]).sum();
                leaves[2 * side + leaf] = (-g / (h + LAMBDA)) as f32 * SHRINK;
            }
        }
        let tree = Tree { splits, leaves };
        for (s, r) in score.iter_mut().zip(&rows) {
            *s += tree.value(r);
        }
        trees.push(tree);
    }
    Model::new(names, vec![0.0; n], trees)
}

/// Up to [`BINS`] thresholds between a feature's distinct values, spread over its quantiles.
fn cut_points(values: impl Iterator<Item = f32>) -> Vec<f32> {
    let mut v: Vec<f32> = values.collect();
    v.sort_by(f32::total_cmp);
    v.dedup();
    if v.len() <= 1 {
        return Vec::new();
    }
    let step = (v.len() - 1) as f32 / BINS.min(v.len() - 1) as f32;
    let mut cuts: Vec<f32> = (0..BINS.min(v.len() - 1))
        .map(|k| {
            let i = ((k as f32 + 0.5) * step) as usize;
            (v[i] + v[i + 1]) / 2.0
        })
        .collect();
    cuts.dedup();
    cuts
}

/// The best split of `rows` (feature, cut index, left rows, right rows) by Newton gain.
#[allow(clippy::needless_range_loop)] // feature and bin indexes address three arrays at once
fn split(
    rows: &[usize],
    bins: &[Vec<u8>],
    grad: &[f64],
    hess: &[f64],
    n: usize,
) -> Option<(usize, usize, Vec<usize>, Vec<usize>)> {
    let (gt, ht): (f64, f64) = rows
        .iter()
        .fold((0.0, 0.0), |(g, h), &i| (g + grad[i], h + hess[i]));
    let base = gt * gt / (ht + LAMBDA);
    let mut best: Option<(f64, usize, usize)> = None;
    for f in 0..n {
        let mut hist = [(0.0f64, 0.0f64); BINS + 1];
        for &i in rows {
            let b = bins[i][f] as usize;
            hist[b].0 += grad[i];
            hist[b].1 += hess[i];
        }
        let (mut gl, mut hl) = (0.0, 0.0);
        for t in 0..BINS {
            gl += hist[t].0;
            hl += hist[t].1;
            let (gr, hr) = (gt - gl, ht - hl);
            if hl < 1e-3 || hr < 1e-3 {
                continue;
            }
            let gain = gl * gl / (hl + LAMBDA) + gr * gr / (hr + LAMBDA) - base;
            if gain > 1e-6 && best.is_none_or(|(b, _, _)| gain > b) {
                best = Some((gain, f, t));
            }
        }
    }
    let (_, f, t) = best?;
    let (left, right) = rows.iter().partition(|&&i| (bins[i][f] as usize) <= t);
    Some((f, t, left, right))
}

/// The index of the best candidate and its score.
fn top(g: &Group, model: &Model) -> Option<(usize, f32)> {
    g.rows
        .iter()
        .map(|x| model.score(x))
        .enumerate()
        .fold(None, |b, (i, s)| match b {
            Some((_, bs)) if bs >= s => b,
            _ => Some((i, s)),
        })
}

/// Share of pages with a truth whose best candidate matches it (no answer counts as wrong).
fn accuracy(groups: &[Option<Group>], model: &Model, null: bool) -> f32 {
    let pages: Vec<&Group> = groups.iter().flatten().collect();
    let right = pages.iter().filter(|g| is_right(g, model, null)).count();
    right as f32 / pages.len().max(1) as f32
}

/// The model's best candidate for the page matches the truth.
fn is_right(g: &Group, model: &Model, null: bool) -> bool {
    match top(g, model) {
        Some((i, s)) if !null || s > 0.0 => g.good[i],
        _ => g.null_good,
    }
}

/// Accuracy on each collection, each page scored by weights fitted without its fold: pages
/// fall in `n` folds by their name's hash, and each fold is held out in turn. The closest
/// stand-in here for pages of the same collections that nobody has seen.
fn cross_validated(
    groups: &[Vec<Vec<Option<Group>>>],
    f: usize,
    names: &'static [&'static str],
    n: u64,
    rounds: usize,
) -> Vec<f32> {
    let field = FIELDS[f];
    let mut right = vec![0usize; SETS.len()];
    let mut total = vec![0usize; SETS.len()];
    for k in 0..n {
        let train: Vec<&Option<Group>> = groups
            .iter()
            .flat_map(|g| &g[f])
            .filter(|g| g.as_ref().is_none_or(|g| fold_of(&g.page, n) != k))
            .collect();
        let w = fit(&train, names, has_null(field), rounds);
        for s in 0..SETS.len() {
            for g in groups[s][f]
                .iter()
                .flatten()
                .filter(|g| fold_of(&g.page, n) == k)
            {
                total[s] += 1;
                right[s] += usize::from(is_right(g, &w, has_null(field)));
            }
        }
    }
    (0..SETS.len())
        .map(|s| right[s] as f32 / total[s].max(1) as f32)
        .collect()
}

/// Prints each page the fitted weights get wrong: the truth, the chosen candidate and the best
/// right one, with the features where they differ.
fn errors(groups: &[Vec<Vec<Option<Group>>>], f: usize, model: &Model, null: bool) {
    let names = model.names();
    for (s, set) in SETS.iter().enumerate() {
        for g in groups[s][f].iter().flatten() {
            let best = top(g, model);
            let right = match best {
                Some((b, s)) if !null || s > 0.0 => g.good[b],
                _ => g.null_good,
            };
            if right {
                continue;
            }
            let right = (0..g.rows.len())
                .filter(|&i| g.good[i])
                .max_by(|&a, &b| model.score(&g.rows[a]).total_cmp(&model.score(&g.rows[b])));
            println!(
                "{set} {} want {:?}",
                &g.page[..g.page.len().min(16)],
                g.want
            );
            for (label, i) in [("  chose", best.map(|b| b.0)), ("  right", right)] {
                let Some(i) = i else {
                    println!("{label}: none");
                    continue;
                };
                let shown: Vec<String> = names
                    .iter()
                    .zip(&g.rows[i])
                    .filter(|(_, x)| **x != 0.0)
                    .map(|(n, x)| format!("{n}={x:.2}"))
                    .collect();
                let value: String = g.values[i].chars().take(90).collect();
                println!(
                    "{label} {:.2} {value:?} [{}]",
                    model.score(&g.rows[i]),
                    shown.join(" ")
                );
            }
        }
    }
}
