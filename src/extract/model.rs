//! Fitted choosers: a linear score over a candidate's features, with weights kept as data.
//!
//! Owns the weight files (`data/weights/*.tsv`, written by `cargo run --release --example fit`)
//! and the arithmetic of choosing: each candidate's score is a sum of linear weights
//! (`feature<TAB>weight` lines) and of small boosted trees (`tree<TAB>…` lines, see [`Tree`]),
//! and the best-scoring candidate wins (a conditional logit, fitted by that example on the dev
//! sets). It knows nothing of what the features mean; the title, date and site choosers name
//! and compute them.

/// `fn model() -> &'static Model` for a chooser: its weight file in `data/weights/`, read into
/// the binary and parsed at first use for the chooser's `FEATURES`.
macro_rules! builtin_model {
    ($file:literal) => {
        fn model() -> &'static $crate::extract::model::Model {
            static M: std::sync::OnceLock<$crate::extract::model::Model> =
                std::sync::OnceLock::new();
            M.get_or_init(|| {
                $crate::extract::model::Model::builtin(
                    FEATURES,
                    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/weights/", $file)),
                )
            })
        }
    };
}
pub(crate) use builtin_model;

/// One fitted chooser: a weight per named feature.
#[derive(Debug, Clone)]
pub struct Model {
    names: &'static [&'static str],
    weights: Vec<f32>,
    trees: Vec<Tree>,
}

/// A regression tree of depth two: a split on one feature, then one split on each side, four
/// leaf values. Written as `tree<TAB>root<TAB>at<TAB>left<TAB>at<TAB>right<TAB>at<TAB>` and the
/// four leaves (left-left, left-right, right-left, right-right); a feature goes left when it is
/// at most the threshold.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tree {
    /// Feature index and threshold of the root, its left child and its right child.
    pub splits: [(usize, f32); 3],
    /// Leaf values.
    pub leaves: [f32; 4],
}

impl Tree {
    /// The tree's value for a candidate.
    pub fn value(&self, x: &[f32]) -> f32 {
        let [(r, rt), (l, lt), (rr, rrt)] = self.splits;
        match (x[r] <= rt, x[l] <= lt, x[rr] <= rrt) {
            (true, true, _) => self.leaves[0],
            (true, false, _) => self.leaves[1],
            (false, _, true) => self.leaves[2],
            (false, _, false) => self.leaves[3],
        }
    }

    /// The tree as a weight-file line.
    pub fn line(&self, names: &[&str]) -> String {
        let mut out = String::from("tree");
        for (f, t) in self.splits {
            out.push_str(&format!("\t{}\t{t}", names[f]));
        }
        for v in self.leaves {
            out.push_str(&format!("\t{v}"));
        }
        out
    }
}

impl Model {
    /// Reads `text` (a weight file) for the features `names`. A feature the file does not name
    /// weighs nothing; a name the chooser does not have is an error, so renamed features cannot
    /// silently lose their weight.
    pub fn parse(names: &'static [&'static str], text: &str) -> Result<Model, String> {
        let mut weights = vec![0.0; names.len()];
        let mut trees = Vec::new();
        let at = |name: &str| {
            names
                .iter()
                .position(|n| *n == name.trim())
                .ok_or_else(|| format!("unknown feature {name:?}"))
        };
        let number = |v: &str| {
            v.trim()
                .parse::<f32>()
                .map_err(|_| format!("bad number {v:?}"))
        };
        for line in text.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let cells: Vec<&str> = line.split('\t').collect();
            match cells.as_slice() {
                ["tree", rest @ ..] if rest.len() == 10 => {
                    let split =
                        |k: usize| Ok::<_, String>((at(rest[2 * k])?, number(rest[2 * k + 1])?));
                    trees.push(Tree {
                        splits: [split(0)?, split(1)?, split(2)?],
                        leaves: [
                            number(rest[6])?,
                            number(rest[7])?,
                            number(rest[8])?,
                            number(rest[9])?,
                        ],
                    });
                }
                [name, value] => weights[at(name)?] = number(value)?,
                _ => return Err(format!("weight line of neither shape: {line:?}")),
            }
        }
        Ok(Model {
            names,
            weights,
            trees,
        })
    }

    /// A model of the given linear weights and trees (for the fitting example).
    pub fn new(names: &'static [&'static str], weights: Vec<f32>, trees: Vec<Tree>) -> Model {
        Model {
            names,
            weights,
            trees,
        }
    }

    /// A model built into the binary; panics (at first use, and in the unit tests) when the
    /// shipped file does not match the chooser's features.
    pub fn builtin(names: &'static [&'static str], text: &str) -> Model {
        Model::parse(names, text).unwrap_or_else(|e| panic!("built-in weights: {e}"))
    }

    /// The model's trees.
    pub fn trees(&self) -> Vec<Tree> {
        self.trees.clone()
    }

    /// The feature names, in the order the chooser fills them.
    pub fn names(&self) -> &'static [&'static str] {
        self.names
    }

    /// The candidate's score.
    pub fn score(&self, features: &[f32]) -> f32 {
        debug_assert_eq!(features.len(), self.weights.len());
        let linear: f32 = features.iter().zip(&self.weights).map(|(x, w)| x * w).sum();
        linear + self.trees.iter().map(|t| t.value(features)).sum::<f32>()
    }

    /// The index of the best-scoring candidate; the first among equals.
    pub fn best<'a>(&self, candidates: impl IntoIterator<Item = &'a [f32]>) -> Option<usize> {
        let mut best: Option<(usize, f32)> = None;
        for (i, f) in candidates.into_iter().enumerate() {
            let s = self.score(f);
            if best.is_none_or(|(_, b)| s > b) {
                best = Some((i, s));
            }
        }
        best.map(|(i, _)| i)
    }
}

/// Candidates for one field of one page, as the fitting example sees them: each value with its
/// features, in the chooser's order.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Candidates {
    /// The feature names.
    pub names: Vec<&'static str>,
    /// Each candidate's value as it would be reported, and its features.
    pub rows: Vec<(String, Vec<f32>)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAMES: &[&str] = &["a", "b"];

    #[test]
    fn weights_are_read_by_name_and_unknown_names_refused() {
        let m = Model::parse(NAMES, "# fitted\nb\t2.0\na\t-1\n").unwrap();
        assert_eq!(m.score(&[1.0, 1.0]), 1.0);
        assert_eq!(m.best([&[1.0, 0.0][..], &[0.0, 1.0][..]]), Some(1));
        assert!(Model::parse(NAMES, "c\t1\n")
            .unwrap_err()
            .contains("unknown feature"));
        assert!(Model::parse(NAMES, "a 1\n").is_err());
        let t = Model::parse(NAMES, "tree\ta\t0.5\tb\t0\tb\t1\t1\t2\t3\t4\n").unwrap();
        assert_eq!(t.score(&[0.0, 0.0]), 1.0);
        assert_eq!(t.score(&[0.0, 1.0]), 2.0);
        assert_eq!(t.score(&[1.0, 1.0]), 3.0);
        assert_eq!(t.score(&[1.0, 2.0]), 4.0);
        let line = t.trees[0].line(NAMES);
        assert_eq!(Model::parse(NAMES, &line).unwrap().trees, t.trees);
    }
}
