//! Extraction quality on real pages, measured the way `../shared/eval/boilerplate/score.py`
//! measures it (4-token shingle F1 for the body; exact date; contained source; title token F1
//! ≥ 0.9), plus Reuters-21578 dates and titles. Thresholds are floors: a change that lowers a
//! score below them fails CI.

use crate::util::shared;
use dateline::extract;
use serde_json::Value;
use std::collections::HashMap;

fn tokens(text: &str) -> Vec<String> {
    // Python's \w+: letters, digits, underscore (Unicode-aware).
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

fn shingles(text: &str) -> HashMap<Vec<String>, usize> {
    let toks = tokens(text);
    let mut out = HashMap::new();
    if toks.is_empty() {
        return out;
    }
    for i in 0..toks.len().saturating_sub(3).max(1) {
        let end = (i + 4).min(toks.len());
        *out.entry(toks[i..end].to_vec()).or_insert(0) += 1;
    }
    out
}

/// Body precision, recall and F1 as the benchmark computes them.
fn body_f1(truth: &str, pred: &str) -> (f64, f64, f64) {
    let (t, p) = (shingles(truth), shingles(pred));
    let (mut tp, mut fp, mut fn_) = (0.0, 0.0, 0.0);
    for k in t.keys().chain(p.keys().filter(|k| !t.contains_key(*k))) {
        let (tc, pc) = (
            *t.get(k).unwrap_or(&0) as f64,
            *p.get(k).unwrap_or(&0) as f64,
        );
        tp += tc.min(pc);
        fp += (pc - tc).max(0.0);
        fn_ += (tc - pc).max(0.0);
    }
    let prec = if fp == 0.0 && fn_ == 0.0 {
        1.0
    } else if tp == 0.0 && fp == 0.0 {
        0.0
    } else {
        tp / (tp + fp)
    };
    let rec = if fp == 0.0 && fn_ == 0.0 {
        1.0
    } else if tp == 0.0 && fn_ == 0.0 {
        0.0
    } else {
        tp / (tp + fn_)
    };
    let f = if prec + rec > 0.0 {
        2.0 * prec * rec / (prec + rec)
    } else {
        0.0
    };
    (prec, rec, f)
}

fn alnum(s: &str) -> String {
    s.to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

fn source_ok(truth: &str, pred: Option<&str>) -> bool {
    let Some(pred) = pred else { return false };
    let (a, b) = (alnum(truth), alnum(pred));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    a == b || (short.chars().count() >= 3 && long.contains(short.as_str()))
}

fn title_ok(truth: &str, pred: Option<&str>) -> bool {
    let Some(pred) = pred else { return false };
    let count = |s: &str| {
        let mut m: HashMap<String, usize> = HashMap::new();
        for t in tokens(&s.to_lowercase()) {
            *m.entry(t).or_default() += 1;
        }
        m
    };
    let (t, p) = (count(truth), count(pred));
    let common: usize = t
        .iter()
        .map(|(k, n)| (*n).min(*p.get(k).unwrap_or(&0)))
        .sum();
    if common == 0 {
        return false;
    }
    let prec = common as f64 / p.values().sum::<usize>() as f64;
    let rec = common as f64 / t.values().sum::<usize>() as f64;
    2.0 * prec * rec / (prec + rec) >= 0.9
}

struct Scores {
    body_f1: f64,
    worst_f1: f64,
    date: f64,
    source: f64,
    title: f64,
}

fn score_dev_set() -> Scores {
    let dir = shared().join("eval/boilerplate/dev");
    let truth: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("truth.json")).unwrap()).unwrap();
    let (mut f1s, mut dates, mut sources, mut titles) = (vec![], vec![], vec![], vec![]);
    for rec in &truth {
        let path = dir.join(rec["file"].as_str().unwrap());
        let a = extract::read(&path, u64::MAX).expect("dev page reads");
        f1s.push(body_f1(rec["body"].as_str().unwrap_or(""), &a.body).2);
        if let Some(d) = rec["date"].as_str() {
            dates.push(a.date.map(|x| x.to_string()).as_deref() == Some(d));
        }
        if let Some(s) = rec["source"].as_str() {
            sources.push(source_ok(s, a.source.as_deref()));
        }
        if let Some(t) = rec["title"].as_str() {
            titles.push(title_ok(t, a.title.as_deref()));
        }
    }
    let share = |v: &[bool]| v.iter().filter(|x| **x).count() as f64 / v.len() as f64;
    Scores {
        body_f1: f1s.iter().sum::<f64>() / f1s.len() as f64,
        worst_f1: f1s.iter().cloned().fold(1.0, f64::min),
        date: share(&dates),
        source: share(&sources),
        title: share(&titles),
    }
}

#[test]
fn metric_matches_the_scorer_on_known_cases() {
    assert_eq!(body_f1("a b c d e", "a b c d e").2, 1.0);
    assert_eq!(body_f1("a b c d e", "x y z w").2, 0.0);
    let (p, r, _) = body_f1("a b c d e f", "a b c d");
    assert_eq!((p, r), (1.0, 1.0 / 3.0));
    assert!(source_ok("Thomson Reuters", Some("Reuters")));
    assert!(!source_ok("Reuters", None));
    assert!(title_ok("Putin tells Trump", Some("putin tells trump")));
}

#[test]
fn dev_set_scores_stay_above_floors() {
    let s = score_dev_set();
    eprintln!(
        "dev set: body_f1={:.3} worst={:.3} date={:.3} source={:.3} title={:.3}",
        s.body_f1, s.worst_f1, s.date, s.source, s.title
    );
    assert!(s.body_f1 >= 0.88, "body F1 {:.3}", s.body_f1);
    assert!(s.date >= 0.95, "date accuracy {:.3}", s.date);
    assert!(s.source >= 0.85, "source accuracy {:.3}", s.source);
    assert!(s.title >= 0.85, "title accuracy {:.3}", s.title);
}

/// Every Reuters-21578 story: the date line and the headline, against `truth.jsonl`.
#[test]
fn reuters_dates_and_titles() {
    let dir = shared().join("corpora/reuters21578");
    let truth = std::fs::read_to_string(dir.join("truth.jsonl")).unwrap();
    let records: Vec<Value> = truth
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let checks: Vec<(bool, bool, bool)> = {
        use rayon::prelude::*;
        records
            .par_iter()
            .map(|rec| {
                let a = extract::read(&dir.join(rec["file"].as_str().unwrap()), u64::MAX).unwrap();
                let date_ok = a.date.map(|d| d.to_string()).as_deref() == rec["date"].as_str();
                let title_ok = a.title.as_deref() == rec["title"].as_str();
                let source_ok = a.source.as_deref() == rec["source"].as_str();
                (date_ok, title_ok, source_ok)
            })
            .collect()
    };
    let n = checks.len() as f64;
    let dates = checks.iter().filter(|c| c.0).count() as f64 / n;
    let titles = checks.iter().filter(|c| c.1).count() as f64 / n;
    let sources = checks.iter().filter(|c| c.2).count() as f64 / n;
    eprintln!("reuters21578: n={n} date={dates:.4} title={titles:.4} source={sources:.4}");
    assert!(n > 19_000.0);
    assert!(dates >= 0.995, "date accuracy {dates:.4}");
    assert!(titles >= 0.99, "title accuracy {titles:.4}");
    assert!(sources >= 0.98, "source accuracy {sources:.4}");
}
