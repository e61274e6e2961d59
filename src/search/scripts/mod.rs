//! Names across scripts: the Latin spellings of a Cyrillic or Greek word, and the key that
//! the spellings of one name share in every script (Лавров, Лаврова, Lavrov: "lavrov").
//!
//! Owns the transliteration schemes (data: `data/scripts/cyrillic.tsv` and `greek.tsv`, one
//! column a scheme), the matching key, the case endings of names in Russian, Ukrainian and
//! Greek text, and the keys that would pair ordinary words across scripts
//! (`data/script-collisions.txt`). Works on analysed terms (lower case, Latin letters
//! ASCII-folded); it reads no index: `expand` looks the keys up there.
//!
//! The key is a Latin spelling with the differences between romanisations taken out: the
//! digraphs of each scheme become one letter (zh, kh, ch, sh, shch, ts), i/y/j are one
//! vowel, g/h/kh one consonant (Russian г is g, Ukrainian г is h), doubled letters and the
//! signs are dropped, ie is e (Yelena/Elena, Dmitriev/Dmitriyev). Two words match across
//! scripts when they share a key; a Cyrillic or Greek word has one key for each scheme and
//! for each case ending taken off (Зеленського: "zelenski").

pub mod collisions;

use rustc_hash::FxHashMap;
use std::collections::{BTreeSet, HashSet};
use std::sync::OnceLock;

const CYRILLIC: &str = include_str!("../../../data/scripts/cyrillic.tsv");
const GREEK: &str = include_str!("../../../data/scripts/greek.tsv");
const COLLISIONS: &str = include_str!("../../../data/script-collisions.txt");
const INITIALS: &str = include_str!("../../../data/scripts/initials.tsv");

/// Shortest Latin word matched across scripts (Kim, Ким).
pub const MIN_LETTERS: usize = 3;
/// Letters spelled as at the start of a word after a vowel too, in the schemes that do so
/// (BGN/PCGN: Sergeyev, Mayakovsky's "ya" after a vowel).
const IOTATED: &str = "еёєюя";
/// Shortest stem a case ending leaves.
const MIN_STEM: usize = 3;

/// The writing system of a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Script {
    /// Latin letters (after folding: a–z).
    Latin,
    /// Cyrillic letters (Russian, Ukrainian, Belarusian, Bulgarian, Serbian, Macedonian).
    Cyrillic,
    /// Greek letters.
    Greek,
    /// Digits, or letters of another script.
    Other,
}

impl Script {
    /// The script of `word`: that of its first letter.
    pub fn of(word: &str) -> Script {
        match word.chars().find(|c| c.is_alphabetic()) {
            Some(c) if c.is_ascii_alphabetic() || is_latin(c) => Script::Latin,
            Some('\u{0400}'..='\u{052F}') => Script::Cyrillic,
            Some('\u{0370}'..='\u{03FF}' | '\u{1F00}'..='\u{1FFF}') => Script::Greek,
            _ => Script::Other,
        }
    }
}

impl std::str::FromStr for Script {
    type Err = String;
    /// `latin`, `cyrillic` or `greek` (any case).
    fn from_str(name: &str) -> Result<Script, String> {
        match name.to_ascii_lowercase().as_str() {
            "latin" => Ok(Script::Latin),
            "cyrillic" => Ok(Script::Cyrillic),
            "greek" => Ok(Script::Greek),
            _ => Err("expected latin, cyrillic, greek or any".into()),
        }
    }
}

fn is_latin(c: char) -> bool {
    matches!(c, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}')
}

/// One scheme's table: letters (one or two) to their spellings.
struct Scheme {
    /// Ending rows ("ий" → "y"), longest first.
    endings: Vec<(Vec<char>, Cell)>,
    /// Letter and digraph rows.
    letters: FxHashMap<Vec<char>, Cell>,
    /// Whether the initial form of an [`IOTATED`] letter also applies after a vowel or a
    /// sign (Russian е: "ye").
    initial_after_vowel: bool,
    /// Whether its spellings give the matching key (ISO 9 folded loses č/c, š/s: it does not).
    keyed: bool,
}

/// A cell: the spelling elsewhere and at the start of a word.
#[derive(Debug, Clone)]
struct Cell {
    medial: String,
    initial: String,
}

/// The schemes of one script's data file, by column.
struct Table {
    schemes: Vec<Scheme>,
    vowels: HashSet<char>,
    /// Longest row key (letters).
    longest: usize,
}

fn cyrillic() -> &'static Table {
    static T: OnceLock<Table> = OnceLock::new();
    T.get_or_init(|| {
        let keyed = ["ru", "uk", "bg", "iso", "press"].map(|c| c != "iso");
        let after_vowel = ["ru", "uk", "bg", "iso", "press"].map(|c| c == "ru" || c == "press");
        Table::parse(CYRILLIC, &keyed, &after_vowel, "аеёиоуыэюяєіїъь")
    })
}

fn greek() -> &'static Table {
    static T: OnceLock<Table> = OnceLock::new();
    T.get_or_init(|| Table::parse(GREEK, &[true, true], &[false, false], "αεηιουω"))
}

impl Table {
    fn parse(data: &str, keyed: &[bool], after_vowel: &[bool], vowels: &str) -> Table {
        let mut schemes: Vec<Scheme> = keyed
            .iter()
            .zip(after_vowel)
            .map(|(&keyed, &initial_after_vowel)| Scheme {
                endings: Vec::new(),
                letters: FxHashMap::default(),
                initial_after_vowel,
                keyed,
            })
            .collect();
        let mut longest = 1;
        for line in data.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut cols = line.split('\t');
            let head = cols.next().expect("a row has its letters");
            let cells: Vec<&str> = cols.collect();
            assert_eq!(cells.len(), schemes.len(), "script table row {line:?}");
            let (ending, letters) = match head.strip_prefix('-') {
                Some(e) => (true, e.chars().collect::<Vec<char>>()),
                None => (false, head.chars().collect()),
            };
            longest = longest.max(letters.len());
            for (i, scheme) in schemes.iter_mut().enumerate() {
                let raw = if cells[i] == "=" { cells[0] } else { cells[i] };
                let (medial, initial) = raw.split_once('/').unwrap_or((raw, raw));
                let nothing = |s: &str| {
                    if s == "0" {
                        String::new()
                    } else {
                        s.to_owned()
                    }
                };
                let cell = Cell {
                    medial: nothing(medial),
                    initial: nothing(initial),
                };
                if ending {
                    scheme.endings.push((letters.clone(), cell));
                } else {
                    scheme.letters.insert(letters.clone(), cell);
                }
            }
        }
        for s in &mut schemes {
            s.endings.sort_by_key(|(e, _)| std::cmp::Reverse(e.len()));
        }
        Table {
            schemes,
            vowels: vowels.chars().collect(),
            longest,
        }
    }

    /// `word` in Latin letters under `scheme`; `None` when a letter is not in the table.
    fn romanise(&self, scheme: &Scheme, word: &[char]) -> Option<String> {
        let mut body = word;
        let mut tail = "";
        for (ending, cell) in &scheme.endings {
            if word.len() > ending.len() + 1 && word.ends_with(ending) {
                body = &word[..word.len() - ending.len()];
                tail = &cell.medial;
                break;
            }
        }
        let mut out = self.spell_units(scheme, body)?.concat();
        out.push_str(tail);
        Some(out)
    }

    /// The spelling of each unit of `letters` (a letter or digraph row) under `scheme`, in
    /// order, no ending rows; `None` when a letter has no row.
    fn spell_units<'s>(&self, scheme: &'s Scheme, letters: &[char]) -> Option<Vec<&'s str>> {
        let mut out = Vec::with_capacity(letters.len());
        let mut i = 0;
        while i < letters.len() {
            let (len, cell) = (1..=self.longest.min(letters.len() - i))
                .rev()
                .find_map(|n| scheme.letters.get(&letters[i..i + n]).map(|c| (n, c)))?;
            let initial = i == 0
                || (scheme.initial_after_vowel
                    && IOTATED.contains(letters[i])
                    && self.vowels.contains(&letters[i - 1]));
            out.push(if initial {
                cell.initial.as_str()
            } else {
                cell.medial.as_str()
            });
            i += len;
        }
        Some(out)
    }

    /// The spelling of the start of a word under `scheme` that more letters cannot change: the
    /// whole of `prefix` but its last unit (a letter or digraph row, which a following letter
    /// may join), with no ending rows. `None` when a letter has no row.
    fn romanise_settled(&self, scheme: &Scheme, prefix: &[char]) -> Option<String> {
        let units = self.spell_units(scheme, prefix)?;
        Some(units[..units.len().saturating_sub(1)].concat())
    }
}

/// For a walk over a sorted term dictionary: whether a Cyrillic or Greek term that begins with
/// a given prefix can have one of `keys` (see [`keys`]). `false` is certain, `true` may be
/// wrong (the whole term is keyed at the end), so a walk skips every stretch whose prefix
/// already spells something else, and keys only the few terms left.
pub struct KeyPrefixes<'k> {
    script: Script,
    table: &'static Table,
    endings: Vec<Vec<char>>,
    /// The letters a term with one of the keys can start with.
    initials: Vec<char>,
    keys: &'k [String],
}

impl<'k> KeyPrefixes<'k> {
    /// `None` for a script with no table (Latin, other scripts).
    pub fn new(script: Script, keys: &'k [String]) -> Option<Self> {
        let endings = match script {
            Script::Cyrillic => CYRILLIC_ENDINGS,
            _ => GREEK_ENDINGS,
        };
        Some(KeyPrefixes {
            script,
            table: table(script)?,
            endings: endings.iter().map(|(e, _)| letters_of(e, script)).collect(),
            initials: initials_for(keys)
                .into_iter()
                .flat_map(|c| letters_of(&c.to_string(), script))
                .collect(),
            keys,
        })
    }

    /// Whether a term starting with `prefix` may have one of the keys: its settled spelling
    /// starts one of them, or it may be a stem and the start of a case ending whose
    /// nominative has one.
    pub fn may_lead(&self, prefix: &str) -> bool {
        let letters = letters_of(prefix, self.script);
        match letters.len() {
            0 => true,
            _ if Script::of(prefix) != self.script => false,
            1 => self.initials.contains(&letters[0]),
            _ => self.starts_a_key(&letters) || self.ends_in_a_case_ending(&letters),
        }
    }

    /// Whether the settled spelling of `letters` (under some keyed scheme) starts a key.
    fn starts_a_key(&self, letters: &[char]) -> bool {
        self.table
            .schemes
            .iter()
            .filter(|s| s.keyed)
            .filter_map(|s| self.table.romanise_settled(s, letters))
            .any(|latin| {
                let mut settled = key(&latin);
                // A following letter may still fold the last symbol with it (t + s is T, s + h
                // is S, i + e is e, o + u is u).
                if settled.ends_with(['s', 't', 'k', 'z', 'c', 'p', 'o', 'i', 'S']) {
                    settled.pop();
                }
                self.keys.iter().any(|k| k.starts_with(&settled))
            })
    }

    /// Whether `letters` may be a stem and the start of a case ending, the word so ended
    /// having a nominative ([`bases`]) with one of the keys.
    fn ends_in_a_case_ending(&self, letters: &[char]) -> bool {
        let keyed = || self.table.schemes.iter().filter(|s| s.keyed);
        let mut tried = HashSet::new();
        for ending in &self.endings {
            for n in 1..=ending.len().min(letters.len().saturating_sub(MIN_STEM)) {
                if !letters.ends_with(&ending[..n]) {
                    continue;
                }
                let stem = &letters[..letters.len() - n];
                if !tried.insert(stem.len()) {
                    continue;
                }
                // A nominative is its stem and a few letters: the stem must start a key (the
                // Ukrainian Харкова → Харків changes the stem's last two letters).
                let oblique = [['о', 'в'], ['е', 'в'], ['є', 'в']];
                let leads = self.starts_a_key(stem)
                    || (oblique.iter().any(|o| stem.ends_with(o))
                        && self.starts_a_key(&stem[..stem.len() - 2]));
                if !leads {
                    continue;
                }
                for ending in self
                    .endings
                    .iter()
                    .filter(|e| e.starts_with(&letters[stem.len()..]))
                {
                    let word: String = stem.iter().chain(ending).collect();
                    for base in bases(&word).into_iter().skip(1) {
                        let base = letters_of(&base, self.script);
                        let hit = keyed()
                            .filter_map(|s| self.table.romanise(s, &base))
                            .any(|latin| self.keys.contains(&key(&latin)));
                        if hit {
                            return true;
                        }
                    }
                }
            }
        }
        false
    }
}

/// `word` with Greek accents and diaeresis taken off, final sigma as sigma.
fn plain_greek(word: &str) -> Vec<char> {
    use unicode_normalization::UnicodeNormalization;
    word.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| if c == 'ς' { 'σ' } else { c })
        .collect()
}

fn letters_of(word: &str, script: Script) -> Vec<char> {
    match script {
        Script::Greek => plain_greek(word),
        _ => word.chars().collect(),
    }
}

fn table(script: Script) -> Option<&'static Table> {
    match script {
        Script::Cyrillic => Some(cyrillic()),
        Script::Greek => Some(greek()),
        _ => None,
    }
}

/// The Latin spellings of a Cyrillic or Greek `word` under each scheme, ASCII as the index
/// folds them, sorted; empty for other words.
pub fn romanised(word: &str) -> Vec<String> {
    let script = Script::of(word);
    let Some(table) = table(script) else {
        return Vec::new();
    };
    let letters = letters_of(word, script);
    let out: BTreeSet<String> = table
        .schemes
        .iter()
        .filter_map(|s| table.romanise(s, &letters))
        .filter(|s| !s.is_empty())
        .collect();
    out.into_iter().collect()
}

/// The matching key of a Latin spelling (see the module's introduction).
pub fn key(latin: &str) -> String {
    let mut s = latin.to_owned();
    for (from, to) in [
        ("shch", "W"),
        ("zh", "Z"),
        ("kh", "H"),
        ("ch", "C"),
        ("sh", "S"),
        ("ts", "T"),
        ("tz", "T"),
        ("ph", "f"),
        ("x", "ks"),
        ("ou", "u"),
    ] {
        // Words are short: a window scan beats the substring searcher's set-up.
        if s.as_bytes()
            .windows(from.len())
            .any(|w| w == from.as_bytes())
        {
            s = s.replace(from, to);
        }
    }
    let mapped = s.chars().map(|c| match c {
        // A lone c is Serbian and Croatian č or ć with the accent folded off (Vučić, Vucic).
        'c' => 'C',
        'j' | 'y' => 'i',
        'w' => 'v',
        'h' | 'g' => 'H',
        other => other,
    });
    let once = undoubled(mapped);
    if once.as_bytes().windows(2).any(|w| w == b"ie") {
        undoubled(once.replace("ie", "e").chars())
    } else {
        once
    }
}

fn undoubled(chars: impl Iterator<Item = char>) -> String {
    let mut out = String::new();
    for c in chars {
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

/// The word itself and its nominative forms when it carries a case ending of a name:
/// Лаврова, Лавровым → лавров; Зеленського → зеленський; Києва → київ; Τσίπρα → τσίπρας.
/// No general stemming: only the endings surnames, first names and places take.
pub fn bases(word: &str) -> Vec<String> {
    let mut out = vec![word.to_owned()];
    let script = Script::of(word);
    let endings: &[(&str, &[&str])] = match script {
        Script::Cyrillic => CYRILLIC_ENDINGS,
        Script::Greek => GREEK_ENDINGS,
        _ => return out,
    };
    let greek_word: String;
    let word = if script == Script::Greek {
        greek_word = plain_greek(word).into_iter().collect();
        &greek_word
    } else {
        word
    };
    for (ending, nominatives) in endings {
        let Some(stem) = word.strip_suffix(ending) else {
            continue;
        };
        if stem.chars().count() < MIN_STEM {
            continue;
        }
        for n in *nominatives {
            out.push(format!("{stem}{n}"));
            // Ukrainian і in the nominative's last syllable is о or е before an ending
            // (Харків, Харкова; Львів, Львова; Київ, Києва).
            if n.is_empty() {
                for (oblique, nominative) in [("ов", "ів"), ("ев", "ів"), ("єв", "їв")]
                {
                    if let Some(s) = stem.strip_suffix(oblique) {
                        out.push(format!("{s}{nominative}"));
                    }
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Case endings of Russian and Ukrainian names, each with the nominative endings it may
/// replace (empty: the bare stem, Лавров).
const CYRILLIC_ENDINGS: &[(&str, &[&str])] = &[
    ("ого", &["ий", "ый", "ой"]),
    ("его", &["ий"]),
    ("ому", &["ий", "ый", "ой"]),
    ("ему", &["ий"]),
    ("ым", &["", "ый"]),
    ("им", &["", "ий"]),
    ("ім", &["ий"]),
    ("ом", &[""]),
    ("ой", &["а"]),
    ("ою", &["а"]),
    ("ую", &["ая"]),
    ("ої", &["а"]),
    ("ій", &["а"]),
    ("ові", &[""]),
    ("ем", &["", "й"]),
    ("єм", &["й"]),
    ("ея", &["ей"]),
    ("ею", &["ей"]),
    ("ія", &["ій"]),
    ("ію", &["ій"]),
    ("ии", &["ия"]),
    ("ию", &["ия"]),
    ("ией", &["ия"]),
    ("а", &[""]),
    ("у", &[""]),
    ("е", &["", "а"]),
    ("ы", &["а"]),
    ("и", &["а"]),
    ("я", &["ь"]),
    ("і", &["", "а"]),
];

/// Case endings of Greek names (accents off), with the nominative endings they replace.
const GREEK_ENDINGS: &[(&str, &[&str])] = &[
    ("ου", &["ος", "ης", "ας"]),
    ("α", &["ας"]),
    ("η", &["ης"]),
    ("ο", &["ος"]),
    ("ε", &["ος"]),
];

/// The matching keys of a word: of a Latin word, its key; of a Cyrillic or Greek word, the
/// keys of its spellings under each keyed scheme, for the word and each of its [`bases`].
pub fn keys(word: &str) -> Vec<String> {
    let script = Script::of(word);
    let Some(table) = table(script) else {
        return match script {
            Script::Latin => vec![key(word)],
            _ => Vec::new(),
        };
    };
    let mut out = BTreeSet::new();
    for base in bases(word) {
        let letters = letters_of(&base, script);
        for scheme in table.schemes.iter().filter(|s| s.keyed) {
            if let Some(latin) = table.romanise(scheme, &letters) {
                out.insert(key(&latin));
            }
        }
    }
    out.into_iter().collect()
}

/// Whether `latin` and `other` (a word of any script) are one name: whether a key of `latin`
/// or of one of its spelling variants is a key of `other`. What search does for a word typed
/// as a name, without the index.
pub fn same_name(latin: &str, other: &str) -> bool {
    let theirs = keys(other);
    std::iter::once(latin.to_owned())
        .chain(super::variants::of(latin))
        .any(|v| theirs.contains(&key(&v)))
}

/// The first letter of the keys of words that start with `letter`, for every letter of
/// the Cyrillic and Greek tables: which stretch of the index to read for a key. Read from
/// `data/scripts/initials.tsv`, which [`computed_initials`] derives from the schemes (a
/// unit test keeps the two equal); deriving it at each start would cost a search's time.
fn initial_keys() -> &'static Vec<(char, Vec<char>)> {
    static MAP: OnceLock<Vec<(char, Vec<char>)>> = OnceLock::new();
    MAP.get_or_init(|| {
        INITIALS
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .filter_map(|l| {
                let (letter, firsts) = l.split_once('\t')?;
                Some((letter.chars().next()?, firsts.chars().collect()))
            })
            .collect()
    })
}

/// The text of `data/scripts/initials.tsv`: for each letter of the Cyrillic and Greek
/// tables, the first letters of the keys of every word it can start (it and any second
/// letter, by every keyed scheme).
pub fn computed_initials() -> String {
    let mut out = String::from(INITIALS_HEADER);
    for (table, script) in [(cyrillic(), Script::Cyrillic), (greek(), Script::Greek)] {
        let mut singles: Vec<char> = table
            .schemes
            .iter()
            .flat_map(|s| s.letters.keys())
            .filter(|k| k.len() == 1)
            .map(|k| k[0])
            .collect();
        singles.sort();
        singles.dedup();
        for &first in &singles {
            let mut firsts = BTreeSet::new();
            for &second in singles.iter().chain(&[' ']) {
                let letters: Vec<char> =
                    [first, second].into_iter().filter(|c| *c != ' ').collect();
                debug_assert_eq!(Script::of(&letters.iter().collect::<String>()), script);
                for scheme in table.schemes.iter().filter(|s| s.keyed) {
                    if let Some(first_key) = table
                        .romanise(scheme, &letters)
                        .and_then(|l| key(&l).chars().next())
                    {
                        firsts.insert(first_key);
                    }
                }
            }
            out.push(first);
            out.push('\t');
            out.extend(firsts);
            out.push('\n');
        }
    }
    out
}

const INITIALS_HEADER: &str = "\
# For each Cyrillic and Greek letter, the first letters of the matching keys of the words it
# can start. Derived from cyrillic.tsv and greek.tsv; regenerate with
# `DATELINE_BLESS=1 cargo test --release --lib initials`.
";

/// The Cyrillic and Greek letters that words whose key is one of `keys` may start with,
/// with accented Greek capitals' plain forms; sorted.
pub fn initials_for(keys: &[String]) -> Vec<char> {
    let wanted: HashSet<char> = keys.iter().filter_map(|k| k.chars().next()).collect();
    let mut out: Vec<char> = initial_keys()
        .iter()
        .filter(|(_, firsts)| firsts.iter().any(|f| wanted.contains(f)))
        .map(|(c, _)| *c)
        .collect();
    // Greek words may start with an accented vowel (Αθήνα is "αθήνα", Έβρος "έβρος").
    let accented: Vec<char> = ['ά', 'έ', 'ή', 'ί', 'ό', 'ύ', 'ώ']
        .into_iter()
        .filter(|a| {
            let plain = plain_greek(&a.to_string())[0];
            out.contains(&plain)
        })
        .collect();
    out.extend(accented);
    out.sort();
    out
}

/// Whether `key` pairs an ordinary Russian or Ukrainian word with an English one (банк,
/// bank): such a key is matched across scripts only for a word typed as a name.
pub fn collides(key: &str) -> bool {
    sorted_lines_hold(COLLISIONS, key)
}

/// Whether one of `text`'s lines (sorted in byte order after its `#` header) has `key` as its
/// first tab-separated field: a binary search over the text itself, so a search that asks
/// builds nothing.
fn sorted_lines_hold(text: &'static str, key: &str) -> bool {
    let bytes = text.as_bytes();
    let line_at = |start: usize| {
        let end = bytes[start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |i| start + i);
        (&text[start..end], end + 1)
    };
    let field = |line: &'static str| -> &'static str { line.split('\t').next().unwrap_or("") };
    let mut lo = 0;
    while lo < bytes.len() && bytes[lo] == b'#' {
        lo = line_at(lo).1;
    }
    let mut hi = bytes.len();
    // Invariant: every line starting in [lo, hi) is a candidate; lo is a line start.
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let start = bytes[lo..mid]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(lo, |i| lo + i + 1);
        let (line, next) = line_at(start);
        match field(line).cmp(key) {
            std::cmp::Ordering::Equal => return true,
            std::cmp::Ordering::Less => lo = next,
            std::cmp::Ordering::Greater => hi = start,
        }
    }
    false
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_collision_list_is_searched_as_written() {
        let keys: Vec<&str> = COLLISIONS
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .map(|l| l.split('\t').next().unwrap())
            .collect();
        assert!(
            keys.is_sorted(),
            "data/script-collisions.txt must stay sorted"
        );
        assert!(keys.iter().all(|k| collides(k)));
        for absent in ["", "zzzzzz", "0", "lavrov", "CaC0"] {
            assert!(!collides(absent), "{absent}");
        }
        let text = "# header\nb\tx\nd\ty\n";
        for (k, held) in [
            ("a", false),
            ("b", true),
            ("c", false),
            ("d", true),
            ("e", false),
        ] {
            assert_eq!(sorted_lines_hold(text, k), held, "{k}");
        }
    }

    #[test]
    fn initials_file_is_derived_from_the_schemes() {
        let computed = computed_initials();
        if std::env::var_os("DATELINE_BLESS").is_some() {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/scripts/initials.tsv");
            std::fs::write(path, &computed).unwrap();
            return;
        }
        assert!(
            INITIALS == computed,
            "data/scripts/initials.tsv is stale: regenerate it with \
             DATELINE_BLESS=1 cargo test --release --lib initials"
        );
    }

    fn share_a_key(a: &str, b: &str) -> bool {
        let (ka, kb) = (keys(a), keys(b));
        ka.iter().any(|k| kb.contains(k))
    }

    #[test]
    fn schemes_spell_names_as_the_press_and_the_states_do() {
        assert!(romanised("лавров").contains(&"lavrov".to_string()));
        let z = romanised("зеленський");
        assert!(z.contains(&"zelenskyi".to_string()), "{z:?}");
        assert!(romanised("зеленский").contains(&"zelensky".to_string()));
        assert!(romanised("київ").contains(&"kyiv".to_string()));
        assert!(romanised("шойгу").contains(&"shoigu".to_string()));
        assert!(romanised("τσίπρας").contains(&"tsipras".to_string()));
        assert!(romanised("μητσοτάκης").contains(&"mitsotakis".to_string()));
        assert!(romanised("γιάννης").contains(&"yannis".to_string()));
        assert!(romanised("lavrov").is_empty());
    }

    #[test]
    fn one_name_shares_a_key_across_scripts_and_cases() {
        for (latin, other) in [
            ("lavrov", "лавров"),
            ("lavrov", "лаврова"),
            ("lavrov", "лавровым"),
            ("zelensky", "зеленський"),
            ("zelensky", "зеленский"),
            ("zelensky", "зеленського"),
            ("zelenskyy", "зеленским"),
            ("kyiv", "київ"),
            ("kyiv", "києва"),
            ("kiev", "киев"),
            ("kharkiv", "харкова"),
            ("shoigu", "шойгу"),
            ("tsipras", "τσίπρας"),
            ("tsipras", "τσίπρα"),
            ("mitsotakis", "μητσοτάκη"),
            ("navalny", "навальный"),
            ("khodorkovsky", "ходорковского"),
            ("yelena", "елена"),
            ("sergei", "сергея"),
            ("serhiy", "сергій"),
            ("oleh", "олег"),
            ("donetsk", "донецк"),
            ("luhansk", "луганск"),
        ] {
            assert!(
                share_a_key(latin, other),
                "{latin} / {other}: {:?} {:?}",
                keys(latin),
                keys(other)
            );
        }
    }

    #[test]
    fn different_names_keep_different_keys() {
        for (a, b) in [
            ("lavrov", "лавр"),
            ("vladimir", "володимир"),
            ("putin", "путь"),
            ("ivanov", "иванович"),
            ("tsipras", "τσίπουρο"),
            ("kyiv", "кило"),
        ] {
            assert!(!share_a_key(a, b), "{a} / {b}: {:?} {:?}", keys(a), keys(b));
        }
    }

    #[test]
    fn the_initials_to_read_cover_every_spelling() {
        let i = initials_for(&keys("tsipras"));
        assert!(
            i.contains(&'τ') && i.contains(&'ц') && i.contains(&'т'),
            "{i:?}"
        );
        let i = initials_for(&keys("yelena"));
        assert!(i.contains(&'е') && i.contains(&'є'), "{i:?}");
        let i = initials_for(&keys("kharkiv"));
        assert!(
            i.contains(&'х') && i.contains(&'г') && !i.contains(&'л'),
            "{i:?}"
        );
    }
}
