//! Spelling variants of a query word: transliteration endings and letter pairs, and a
//! data-file list of established alternative spellings (`data/aliases.txt`).
//!
//! Owns the rules only. They work on analysed terms (lower case, ASCII-folded, so
//! "Erdoğan" is already "erdogan") and produce candidate spellings; the caller keeps those
//! the index actually holds. Nothing here reads the index or knows tantivy. The rules are
//! deliberately narrow — each one relates spellings that romanisation systems produce, not
//! English word forms — because a variant that is an ordinary word is a false match
//! ("sunny" is not "Sunni"); tests/it/variants.rs measures that on the corpora.

use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

const ALIASES: &str = include_str!("../../data/aliases.txt");

/// Shortest word the rules touch.
const MIN_WORD: usize = 4;
/// Shortest stem an ending rule leaves.
const MIN_STEM: usize = 3;

/// Other spellings of `term`, sorted, without `term` itself.
pub fn of(term: &str) -> Vec<String> {
    let mut out = BTreeSet::new();
    if let Some(group) = aliases().get(term) {
        out.extend(group.iter().cloned());
    }
    if term.len() >= MIN_WORD && term.bytes().all(|b| b.is_ascii_lowercase()) {
        for ending in endings(term) {
            out.extend(letters(&ending));
        }
    }
    out.remove(term);
    out.into_iter().collect()
}

fn aliases() -> &'static HashMap<String, Vec<String>> {
    static MAP: OnceLock<HashMap<String, Vec<String>>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut map = HashMap::new();
        for line in ALIASES.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let group: Vec<String> = line.split_whitespace().map(str::to_owned).collect();
            for word in &group {
                map.insert(word.clone(), group.clone());
            }
        }
        map
    })
}

fn ye_consonant(b: u8) -> bool {
    matches!(b, b'l' | b'v' | b'k' | b'g' | b'f')
}

fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

/// Spellings that differ from `term` in its ending (including `term`).
fn endings(term: &str) -> Vec<String> {
    let mut out = vec![term.to_owned()];
    let mut swap = |stem: &str, ends: &[&str]| {
        out.extend(ends.iter().map(|e| format!("{stem}{e}")));
    };
    let after_consonant =
        |stem: &str| stem.len() >= MIN_STEM && stem.bytes().last().is_some_and(|b| !is_vowel(b));
    // Gorbachev/Gorbachov/Gorbachyov (a Russian "yo" after ch, sh, zh).
    for soft in ["ch", "sh", "zh"] {
        for end in ["ev", "ov", "yov"] {
            if let Some(stem) = term.strip_suffix(&format!("{soft}{end}")[..]) {
                if stem.len() >= MIN_STEM {
                    swap(&format!("{stem}{soft}"), &["ev", "ov", "yov"]);
                }
                return out;
            }
        }
    }
    // Sergei/Sergey, Nikolai/Nikolay; Peskov/Peskoff; Yanukovych/Yanukovich;
    // Natalya/Natalia/Nataliya.
    let groups: [(&[&str], bool); 6] = [
        (&["ei", "ey"], false),
        (&["ai", "ay"], false),
        (&["off", "ov"], false),
        (&["eff", "ev"], false),
        (&["ych", "ich"], false),
        (&["iya", "ia", "ya"], true),
    ];
    for (group, consonant) in groups {
        if let Some(stem) = group.iter().find_map(|e| term.strip_suffix(e)) {
            if stem.len() >= MIN_STEM && (!consonant || after_consonant(stem)) {
                swap(stem, group);
            }
            return out;
        }
    }
    // Zelensky/Zelenskiy/Zelenskyy/Zelenski; Dmitry/Dmitriy. A plain -y/-i swap is English
    // ("sunny"/"Sunni", "Nicky"/"Nicki"), so -y and -i meet only after -sk and -zk.
    const ALL: [&str; 6] = ["y", "i", "iy", "yy", "ii", "yi"];
    let Some((stem, end)) = ["iy", "yy", "ii", "yi", "y", "i"]
        .iter()
        .find_map(|e| term.strip_suffix(e).map(|s| (s, *e)))
    else {
        return out;
    };
    if !after_consonant(stem) {
        return out;
    }
    if end.len() == 2 || ["sk", "zk"].iter().any(|s| stem.ends_with(s)) {
        swap(stem, &ALL);
    } else if end == "y" {
        swap(stem, &["iy", "yy"]);
    } else {
        swap(stem, &["iy", "ii"]);
    }
    out
}

/// Spellings that differ from `word` in letter pairs inside it (including `word`):
/// ks/x before a vowel (Aleksandr/Alexandr, Maksim/Maxim), and a leading Ye/E before a
/// consonant that follows it in Russian names (Yelena/Elena, Yevgeny/Evgeny, Yegor/Egor;
/// not "eras"/"yeras").
fn letters(word: &str) -> Vec<String> {
    let b = word.as_bytes();
    let before_vowel = |i: usize| b.get(i).is_some_and(|&c| is_vowel(c) && c != b'y');
    let (mut all_x, mut all_ks) = (String::new(), String::new());
    let mut i = 0;
    while i < b.len() {
        let ks = b[i] == b'k' && b.get(i + 1) == Some(&b's') && i > 0 && before_vowel(i + 2);
        let x = b[i] == b'x' && i > 0 && before_vowel(i + 1);
        if ks || x {
            all_x.push('x');
            all_ks.push_str("ks");
            i += if ks { 2 } else { 1 };
        } else {
            all_x.push(b[i] as char);
            all_ks.push(b[i] as char);
            i += 1;
        }
    }
    let mut out = vec![word.to_owned(), all_x, all_ks];
    out.dedup();
    let mut with_ye = Vec::new();
    for w in &out {
        let wb = w.as_bytes();
        if let Some(rest) = w.strip_prefix("ye") {
            if rest.bytes().next().is_some_and(ye_consonant) && rest.len() >= MIN_STEM {
                with_ye.push(format!("e{rest}"));
            }
        } else if wb.first() == Some(&b'e') && wb.get(1).copied().is_some_and(ye_consonant) {
            with_ye.push(format!("y{w}"));
        }
    }
    out.extend(with_ye);
    out
}

#[cfg(test)]
mod tests {
    use super::of;

    fn family(words: &[&str]) {
        for w in words {
            let v = of(w);
            for other in words.iter().filter(|o| *o != w) {
                assert!(
                    v.contains(&other.to_string()),
                    "{w} should reach {other}: {v:?}"
                );
            }
        }
    }

    #[test]
    fn transliteration_families_are_closed() {
        family(&["zelensky", "zelenskiy", "zelenskyy", "zelenski"]);
        family(&["sergei", "sergey"]);
        family(&["nikolai", "nikolay"]);
        family(&["alexei", "alexey", "aleksei", "aleksey"]);
        family(&["peskov", "peskoff"]);
        family(&["gorbachev", "gorbachov"]);
        family(&["yanukovych", "yanukovich"]);
        family(&["natalya", "natalia", "nataliya"]);
        family(&["aleksandr", "alexandr"]);
        family(&["yelena", "elena"]);
        family(&["yevgeny", "evgeny", "yevgeniy", "evgeniy"]);
        family(&["navalny", "navalniy"]);
        family(&["kyiv", "kiev"]);
        family(&["gaddafi", "qaddafi", "kadhafi"]);
    }

    #[test]
    fn ordinary_words_stay_themselves() {
        for (word, not) in [
            ("sunny", "sunni"),
            ("nicky", "nicki"),
            ("eras", "yeras"),
            ("industry", "industri"),
            ("years", "ears"),
            ("early", "yearly"),
            ("marks", "marx"),
        ] {
            assert!(!of(word).contains(&not.to_string()), "{word} reached {not}");
        }
        assert!(of("the").is_empty());
        assert!(of("putin").is_empty());
        assert!(of("1987").is_empty());
    }
}
