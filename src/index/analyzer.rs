//! The text analyzer shared by indexing, query parsing and highlighting.
//!
//! Owns what a "word" is: runs of letters, digits and combining marks, in Unicode's
//! compatibility form (NFKC: decomposed accents composed, full-width letters and ligatures
//! plain), lower-cased, diacritics folded (Élysée = elysee), a possessive `'s` / `’s` dropped
//! (Lavrov’s = Lavrov). No stemming: a
//! name must match itself only, and "Putin" must not meet "putting". Everything that turns
//! text into terms goes through [`analyzer`], so the index and the query always agree.

use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, TextAnalyzer, Token, TokenStream, Tokenizer,
};
use unicode_normalization::UnicodeNormalization;

/// Name under which the analyzer is registered with the index.
pub const NAME: &str = "dateline";

/// The analyzer: [`WordTokenizer`], lower-casing, ASCII folding, tokens over 60 bytes dropped.
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer::default())
        .filter(RemoveLongFilter::limit(60))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// The terms of `text` with their byte ranges, as the index sees them.
pub fn tokens(text: &str) -> Vec<(String, std::ops::Range<usize>)> {
    let mut analyzer = analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(t) = stream.next() {
        out.push((t.text.clone(), t.offset_from..t.offset_to));
    }
    out
}

/// Splits on anything that is not a letter or digit; skips the `s` of a possessive.
#[derive(Clone, Default)]
pub struct WordTokenizer {
    token: Token,
}

/// Token stream of [`WordTokenizer`].
pub struct WordStream<'a> {
    text: &'a str,
    offset: usize,
    token: &'a mut Token,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordStream<'a>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream<'a> {
        self.token.reset();
        WordStream {
            text,
            offset: 0,
            token: &mut self.token,
        }
    }
}

/// A letter, digit or combining mark (the accent of a decomposed "é" belongs to its word).
fn in_word(c: char) -> bool {
    c.is_alphanumeric() || (!c.is_ascii() && unicode_normalization::char::is_combining_mark(c))
}

impl WordStream<'_> {
    /// Byte length of a possessive `'s` / `’s` standing at `at`, if one does.
    fn possessive_len(&self, at: usize) -> usize {
        let rest = &self.text[at..];
        for apostrophe in ['\'', '’'] {
            if let Some(after) = rest.strip_prefix(apostrophe) {
                if let Some(tail) = after.strip_prefix(['s', 'S']) {
                    if !tail.starts_with(char::is_alphanumeric) {
                        return apostrophe.len_utf8() + 1;
                    }
                }
            }
        }
        0
    }
}

impl TokenStream for WordStream<'_> {
    fn advance(&mut self) -> bool {
        let rest = &self.text[self.offset..];
        let Some(start) = rest.find(char::is_alphanumeric).map(|i| self.offset + i) else {
            self.offset = self.text.len();
            return false;
        };
        let end = self.text[start..]
            .find(|c: char| !in_word(c))
            .map_or(self.text.len(), |i| start + i);
        self.offset = end + self.possessive_len(end);
        self.token.text.clear();
        let word = &self.text[start..end];
        if word.is_ascii() {
            self.token.text.push_str(word);
        } else {
            self.token.text.extend(word.nfkc());
        }
        self.token.offset_from = start;
        self.token.offset_to = end;
        self.token.position = self.token.position.wrapping_add(1);
        true
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        tokens(text).into_iter().map(|(t, _)| t).collect()
    }

    #[test]
    fn folds_case_diacritics_and_possessives() {
        assert_eq!(terms("Lavrov’s aide"), ["lavrov", "aide"]);
        assert_eq!(terms("LAVROV'S"), ["lavrov"]);
        assert_eq!(terms("the Élysée Palace"), ["the", "elysee", "palace"]);
        assert_eq!(terms("Erdoğan"), ["erdogan"]);
        assert_eq!(
            terms("Kim Jong-un, won't"),
            ["kim", "jong", "un", "won", "t"]
        );
        assert_eq!(terms("it's 'scare' quotes"), ["it", "scare", "quotes"]);
    }

    #[test]
    fn every_unicode_form_of_a_word_is_one_term() {
        // Composed, decomposed (NFD), and compatibility forms.
        assert_eq!(terms("Z\u{fc}rich \u{c9}lys\u{e9}e"), ["zurich", "elysee"]);
        assert_eq!(
            terms("Zu\u{308}rich E\u{301}lyse\u{301}e"),
            ["zurich", "elysee"]
        );
        assert_eq!(
            terms("\u{ff2c}\u{ff41}\u{ff56}\u{ff52}\u{ff4f}\u{ff56} of\u{fb01}ce"),
            ["lavrov", "office"]
        );
        let t = tokens("Zu\u{308}rich!");
        assert_eq!(t[0].1, 0..8, "offsets cover the combining mark");
    }

    #[test]
    fn no_stemming() {
        assert_eq!(terms("Putin putting puts"), ["putin", "putting", "puts"]);
    }

    #[test]
    fn offsets_point_at_the_original_text() {
        let text = "Zelensky’s «Élysée»";
        let t = tokens(text);
        assert_eq!(&text[t[0].1.clone()], "Zelensky");
        assert_eq!(&text[t[1].1.clone()], "Élysée");
    }
}
