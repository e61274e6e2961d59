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
    /// The terms read so far, by initial letter, under their keys.
    read: Mutex<HashMap<char, KeyMap>>,
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
            read: Mutex::new(HashMap::new()),
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

    /// The Cyrillic and Greek terms of the index that have one of `keys`.
    fn keyed(&self, keys: &[String]) -> Vec<String> {
        let mut read = self.read.lock().unwrap_or_else(|p| p.into_inner());
        let mut out = Vec::new();
        for initial in scripts::initials_for(keys) {
            let map = read
                .entry(initial)
                .or_insert_with(|| self.read_initial(initial));
            for k in keys {
                out.extend(map.get(k).into_iter().flatten().cloned());
            }
        }
        out
    }

    /// Every term of the text and title fields that starts with `initial`, under its keys.
    fn read_initial(&self, initial: char) -> KeyMap {
        let mut from = [0u8; 4];
        let from = initial.encode_utf8(&mut from).as_bytes().to_vec();
        let next = char::from_u32(initial as u32 + 1).unwrap_or(char::MAX);
        let mut to = [0u8; 4];
        let to = next.encode_utf8(&mut to).as_bytes().to_vec();
        let mut terms = BTreeSet::new();
        for segment in self.searcher.segment_readers() {
            for &field in &self.fields {
                let Ok(inverted) = segment.inverted_index(field) else {
                    continue;
                };
                let Ok(mut stream) = inverted.terms().range().ge(&from).lt(&to).into_stream()
                else {
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
        let mut map = KeyMap::new();
        for t in terms {
            for k in scripts::keys(&t) {
                map.entry(k).or_default().push(t.clone());
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
