//! Which spellings a query word is searched under: its Latin variants ([`super::variants`])
//! and its spellings in other scripts ([`super::scripts`]), each kept only when the index
//! holds it, then cut to one script when the request asks (`--script`).
//!
//! Owns looking spellings up in the index. A Latin word's Cyrillic and Greek forms cannot be
//! generated (Зеленський drops a soft sign the Latin never had, and a case ending may follow),
//! so they are found: the terms that start with a letter the word's key can start with are
//! read from each segment's term dictionary once per request (a stretch of the dictionary;
//! none at all in an index with no Cyrillic or Greek), keyed, and those sharing a key kept.
//! A Cyrillic or Greek word's Latin forms are generated, scheme by scheme. Reads term
//! dictionaries and document frequencies only.

use super::scripts::{self, Script};
use super::variants;
use crate::index::schema::Fields;
use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::sync::Mutex;
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

/// Keys to the Cyrillic and Greek terms that have them.
type KeyMap = HashMap<String, Vec<String>>;

/// Finds the spellings of query words in one index.
pub struct Spellings<'a> {
    searcher: &'a Searcher,
    fields: [Field; 2],
    exact: bool,
    script: Option<Script>,
    every_word_a_name: bool,
    /// The Cyrillic and Greek terms found so far, by the key looked for.
    read: Mutex<KeyMap>,
}

impl<'a> Spellings<'a> {
    /// Spellings in `searcher`'s index; `exact`: the word as typed only; `script`: only
    /// spellings in that script (digits in any).
    pub fn new(
        searcher: &'a Searcher,
        fields: &Fields,
        exact: bool,
        script: Option<Script>,
    ) -> Self {
        Spellings {
            searcher,
            fields: [fields.text, fields.title],
            exact,
            script,
            every_word_a_name: false,
            read: Mutex::new(KeyMap::new()),
        }
    }

    /// Treats every word as a name, capitalised or not (the entries of a names file).
    pub fn all_names(mut self) -> Self {
        self.every_word_a_name = true;
        self
    }

    /// The forms to search `term` under (the contract of [`super::query::Expand`]): the term,
    /// its variants and its other scripts' spellings that the index holds, sorted, the term
    /// itself first; `name` when it was typed capitalised.
    pub fn of(&self, term: &str, name: bool) -> Vec<String> {
        let name = name || self.every_word_a_name;
        let mut found = BTreeSet::new();
        if !self.exact {
            match Script::of(term) {
                Script::Latin => self.latin(term, name, &mut found),
                Script::Cyrillic | Script::Greek => self.non_latin(term, name, &mut found),
                Script::Other => {}
            }
        }
        found.remove(term);
        let mut out = vec![term.to_owned()];
        out.extend(found);
        if let Some(script) = self.script {
            out.retain(|f| matches!(Script::of(f), Script::Other) || Script::of(f) == script);
        }
        out
    }

    fn latin(&self, term: &str, name: bool, found: &mut BTreeSet<String>) {
        let family: Vec<String> = std::iter::once(term.to_owned())
            .chain(variants::of(term))
            .collect();
        found.extend(family[1..].iter().filter(|v| self.in_index(v)).cloned());
        let letters = term.chars().count();
        if letters < scripts::MIN_LETTERS || !term.bytes().all(|b| b.is_ascii_lowercase()) {
            return;
        }
        let keys: Vec<String> = family
            .iter()
            .map(|v| scripts::key(v))
            .filter(|k| name || !scripts::collides(k))
            .collect();
        found.extend(self.keyed(&keys));
    }

    fn non_latin(&self, term: &str, name: bool, found: &mut BTreeSet<String>) {
        let keys: Vec<String> = scripts::keys(term)
            .into_iter()
            .filter(|k| name || !scripts::collides(k))
            .collect();
        if keys.is_empty() {
            return;
        }
        found.extend(self.keyed(&keys));
        if !self.wants(Script::Latin) {
            return;
        }
        for base in scripts::bases(term) {
            for latin in scripts::romanised(&base) {
                if !keys.contains(&scripts::key(&latin)) {
                    continue;
                }
                let spellings = std::iter::once(latin.clone()).chain(variants::of(&latin));
                found.extend(spellings.filter(|s| self.in_index(s)));
            }
        }
    }

    /// Whether `--script` (if given) keeps spellings in `script`: the others are not looked up.
    fn wants(&self, script: Script) -> bool {
        self.script.is_none_or(|s| s == script)
    }

    /// The Cyrillic and Greek terms of the index that have one of `keys`, cached by key.
    fn keyed(&self, keys: &[String]) -> Vec<String> {
        let mut read = self.read.lock().unwrap_or_else(|p| p.into_inner());
        let missing: Vec<String> = keys
            .iter()
            .filter(|k| !read.contains_key(*k))
            .cloned()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        if !missing.is_empty() {
            let mut found = self.walk(&missing);
            for k in missing {
                read.insert(k.clone(), found.remove(&k).unwrap_or_default());
            }
        }
        let keys: BTreeSet<&String> = keys.iter().collect();
        keys.into_iter()
            .flat_map(|k| read.get(k).into_iter().flatten().cloned())
            .collect()
    }

    /// Walks each segment's title and text term dictionaries for the Cyrillic and Greek terms
    /// that have one of `keys`, skipping every stretch whose first letters spell something
    /// else ([`scripts::KeyPrefixes`]).
    fn walk(&self, keys: &[String]) -> KeyMap {
        let mut terms = BTreeSet::new();
        for script in [Script::Cyrillic, Script::Greek] {
            if !self.wants(script) {
                continue;
            }
            let Some(prefixes) = scripts::KeyPrefixes::new(script, keys) else {
                continue;
            };
            // Segments and fields share their prefixes: each is decided once.
            let decided = RefCell::new(FxHashMap::default());
            for segment in self.searcher.segment_readers() {
                for &field in &self.fields {
                    let Ok(inverted) = segment.inverted_index(field) else {
                        continue;
                    };
                    let walk = PrefixWalk::new(&prefixes, &decided);
                    let Ok(mut stream) = inverted.terms().search(&walk).into_stream() else {
                        continue;
                    };
                    while stream.advance() {
                        if let Ok(t) = std::str::from_utf8(stream.key()) {
                            if !terms.contains(t) {
                                terms.insert(t.to_owned());
                            }
                        }
                    }
                }
            }
        }
        let mut map = KeyMap::new();
        for t in terms {
            for k in scripts::keys(&t) {
                if keys.contains(&k) {
                    map.entry(k).or_default().push(t.clone());
                }
            }
        }
        map
    }

    fn in_index(&self, term: &str) -> bool {
        self.fields.iter().any(|&field| {
            self.searcher
                .doc_freq(&Term::from_field_text(field, term))
                .is_ok_and(|n| n > 0)
        })
    }
}

/// A term-dictionary automaton over UTF-8 bytes that lets through the prefixes a
/// [`scripts::KeyPrefixes`] may lead from. Its states index the prefixes seen, each decided
/// once as the walk reaches it.
struct PrefixWalk<'p, 'k> {
    prefixes: &'p scripts::KeyPrefixes<'k>,
    /// Prefixes decided by earlier walks over other segments and fields.
    decided: &'p RefCell<FxHashMap<String, bool>>,
    nodes: RefCell<Vec<Prefix>>,
}

struct Prefix {
    /// The whole characters read.
    text: String,
    /// The bytes of a character not yet whole.
    pending: Vec<u8>,
    alive: bool,
}

impl<'p, 'k> PrefixWalk<'p, 'k> {
    fn new(
        prefixes: &'p scripts::KeyPrefixes<'k>,
        decided: &'p RefCell<FxHashMap<String, bool>>,
    ) -> Self {
        let root = Prefix {
            text: String::new(),
            pending: Vec::new(),
            alive: true,
        };
        PrefixWalk {
            prefixes,
            decided,
            nodes: RefCell::new(vec![root]),
        }
    }
}

impl tantivy_fst::Automaton for PrefixWalk<'_, '_> {
    type State = usize;

    fn start(&self) -> usize {
        0
    }

    fn is_match(&self, state: &usize) -> bool {
        let nodes = self.nodes.borrow();
        nodes[*state].alive && nodes[*state].pending.is_empty() && *state != 0
    }

    fn can_match(&self, state: &usize) -> bool {
        self.nodes.borrow()[*state].alive
    }

    fn accept(&self, state: &usize, byte: u8) -> usize {
        let mut nodes = self.nodes.borrow_mut();
        let parent = &nodes[*state];
        if !parent.alive {
            return *state;
        }
        let mut pending = parent.pending.clone();
        pending.push(byte);
        let mut text = parent.text.clone();
        let alive = match std::str::from_utf8(&pending) {
            Ok(c) => {
                text.push_str(c);
                pending.clear();
                let mut decided = self.decided.borrow_mut();
                match decided.get(&text) {
                    Some(&alive) => alive,
                    None => {
                        let alive = self.prefixes.may_lead(&text);
                        decided.insert(text.clone(), alive);
                        alive
                    }
                }
            }
            // A character still being read: decided when it is whole.
            Err(e) if e.error_len().is_none() => true,
            Err(_) => false,
        };
        nodes.push(Prefix {
            text,
            pending,
            alive,
        });
        nodes.len() - 1
    }
}
