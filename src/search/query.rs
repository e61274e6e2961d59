//! The query language: parsing what the user typed, and turning it into a tantivy query.
//!
//! Owns the grammar — words are ANDed, `"quoted phrases"`, `OR`, `AND`, `-word` and `NOT word`
//! exclude, parentheses group — and its lenient handling of mistakes (an unclosed quote runs
//! to the end, an unclosed parenthesis closes at the end, a dangling `AND`/`OR` is ignored,
//! field syntax and other punctuation are just punctuation). `a AND NOT b` means `a -b`.
//! An excluded word drops the whole article. Every word goes through
//! the index's analyzer. It never panics on input; a query with
//! nothing to look for is a [`Error::BadQuery`].

use super::scripts::Script;
use crate::error::Error;
use crate::index::analyzer;
use crate::index::schema::Fields;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, EmptyQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::IndexRecordOption;
use tantivy::Term;

/// Weight of a title match relative to a match in the passage.
const TITLE_BOOST: f32 = 1.5;
/// Longest query accepted, in characters; longer input is an error, not a slow search.
const MAX_QUERY_CHARS: usize = 10_000;

/// A parsed query.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// One word as typed (it may analyse into several terms: "Jong-un").
    Word(String),
    /// A quoted phrase as typed.
    Phrase(String),
    /// All of these.
    And(Vec<Node>),
    /// Any of these.
    Or(Vec<Node>),
    /// Not this.
    Not(Box<Node>),
}

#[derive(Debug, Clone, PartialEq)]
enum Lex {
    Word(String),
    Phrase(String),
    Open,
    Close,
    And,
    Or,
    Not,
}

fn lex(input: &str) -> Vec<Lex> {
    let mut out = Vec::new();
    let mut chars = input.chars().peekable();
    while let Some(&c) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '(' | ')' => {
                chars.next();
                out.push(if c == '(' { Lex::Open } else { Lex::Close });
            }
            '"' | '“' | '”' => {
                chars.next();
                let phrase: String = chars
                    .by_ref()
                    .take_while(|&c| !matches!(c, '"' | '“' | '”'))
                    .collect();
                out.push(Lex::Phrase(phrase));
            }
            '-' | '+' => {
                chars.next();
                let next_is_atom = chars.peek().is_some_and(|n| !n.is_whitespace());
                if c == '-' && next_is_atom {
                    out.push(Lex::Not);
                }
            }
            _ => {
                let mut word = String::new();
                while let Some(&c) = chars.peek() {
                    if c.is_whitespace() || matches!(c, '(' | ')' | '"' | '“' | '”') {
                        break;
                    }
                    word.push(c);
                    chars.next();
                }
                out.push(match word.as_str() {
                    "AND" | "&&" => Lex::And,
                    "OR" | "||" => Lex::Or,
                    "NOT" => Lex::Not,
                    _ => Lex::Word(strip_field_prefix(&word).to_owned()),
                });
            }
        }
    }
    out
}

/// "title:Putin" and similar field syntax is not part of the language: the word is looked up
/// as if the prefix were not there.
fn strip_field_prefix(word: &str) -> &str {
    match word.split_once(':') {
        Some((field, rest))
            if !rest.is_empty()
                && ["title", "text", "body", "source", "date", "path"]
                    .contains(&field.to_lowercase().as_str()) =>
        {
            rest
        }
        _ => word,
    }
}

struct Parser {
    tokens: Vec<Lex>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Lex> {
        self.tokens.get(self.pos)
    }

    fn or(&mut self) -> Option<Node> {
        let mut alternatives = Vec::new();
        loop {
            alternatives.extend(self.and());
            if self.peek() == Some(&Lex::Or) {
                self.pos += 1;
            } else {
                break;
            }
        }
        match alternatives.len() {
            0 => None,
            1 => alternatives.pop(),
            _ => Some(Node::Or(alternatives)),
        }
    }

    fn and(&mut self) -> Option<Node> {
        let mut items = Vec::new();
        while let Some(tok) = self.peek() {
            match tok {
                Lex::Or | Lex::Close => break,
                Lex::And => self.pos += 1,
                _ => items.extend(self.unary()),
            }
        }
        match items.len() {
            0 => None,
            1 => items.pop(),
            _ => Some(Node::And(items)),
        }
    }

    fn unary(&mut self) -> Option<Node> {
        match self.peek() {
            Some(Lex::Not) => {
                self.pos += 1;
                // "NOT NOT x" cancels; a dangling NOT is ignored.
                match self.unary()? {
                    Node::Not(inner) => Some(*inner),
                    node => Some(Node::Not(Box::new(node))),
                }
            }
            _ => self.atom(),
        }
    }

    fn atom(&mut self) -> Option<Node> {
        let tok = self.tokens.get(self.pos)?.clone();
        self.pos += 1;
        match tok {
            Lex::Word(w) => Some(Node::Word(w)),
            Lex::Phrase(p) => Some(Node::Phrase(p)),
            Lex::Open => {
                let inner = self.or();
                if self.peek() == Some(&Lex::Close) {
                    self.pos += 1;
                }
                inner
            }
            // A stray ")" or an operator where a word should be: skip it.
            Lex::Close | Lex::And | Lex::Or | Lex::Not => None,
        }
    }
}

/// Deepest nesting of groups and NOTs a query may have: the parser recurses once per level,
/// and no one writes more than a few.
const MAX_NESTING: usize = 100;

/// How deep `tokens` nest, as the parser recurses: each open group, each NOT before it, and
/// the NOTs in a row at the deepest point (`NOT (NOT (` is four levels, not two).
fn nesting(tokens: &[Lex]) -> usize {
    // Levels each open group added: itself and the NOTs that led to it.
    let mut groups: Vec<usize> = Vec::new();
    let (mut depth, mut nots, mut deepest) = (0usize, 0usize, 0usize);
    for t in tokens {
        match t {
            Lex::Open => {
                groups.push(nots + 1);
                depth += nots + 1;
                nots = 0;
            }
            Lex::Close => {
                depth -= groups.pop().unwrap_or(0);
                nots = 0;
            }
            Lex::Not => nots += 1,
            _ => nots = 0,
        }
        deepest = deepest.max(depth + nots);
    }
    deepest
}

/// Parses `input`; `None` when it holds no word, phrase or group at all.
pub fn parse(input: &str) -> Option<Node> {
    parse_lexed(lex(input))
}

fn parse_lexed(tokens: Vec<Lex>) -> Option<Node> {
    let mut parser = Parser { tokens, pos: 0 };
    let mut parts = Vec::new();
    while parser.pos < parser.tokens.len() {
        parts.extend(parser.or());
        parser.pos += 1; // past a stray ")"
    }
    match parts.len() {
        0 => None,
        1 => parts.pop(),
        _ => Some(Node::And(parts)),
    }
}

/// The spellings to search a term under: given an analysed term and whether it was typed as a
/// name (capitalised), every form to look for, the term itself included unless it is ruled
/// out (`--script`). An empty list matches nothing.
pub type Expand<'a> = &'a dyn Fn(&str, bool) -> Vec<String>;

/// No spelling variants: every term matches only itself.
pub fn exact(term: &str, _: bool) -> Vec<String> {
    vec![term.to_owned()]
}

/// Most spellings a phrase is searched under in one script (the product of its words'
/// variants in that script).
const MAX_PHRASE_FORMS: usize = 32;

/// A query ready for tantivy, and the terms to highlight.
pub struct Compiled {
    /// The tantivy query (text part only; filters are added by the caller).
    pub query: Box<dyn Query>,
    /// The top-level exclusions (`-word`, `NOT word`): an article matching this is dropped.
    pub excluded: Option<Box<dyn Query>>,
    /// Analysed terms of the positive (not excluded) words and phrases, variants included.
    pub highlight: Vec<String>,
    /// Each positive word (phrases word by word) once, as its spellings: the analysed form
    /// as typed first, then its variants. Passages are scored and matched against these.
    pub words: Vec<Vec<String>>,
    /// Each positive term that has variants, with the variants searched, sorted.
    pub variants: Vec<(String, Vec<String>)>,
}

/// Parses and compiles `input` against `fields`; every term is also looked for under the
/// spellings `expand` gives (excluded words too: `-Kiev` drops "Kyiv" articles as well).
pub fn compile(input: &str, fields: &Fields, expand: Expand) -> Result<Compiled, Error> {
    if input.chars().count() > MAX_QUERY_CHARS {
        return Err(Error::BadQuery(format!(
            "the query is {} characters long; the limit is {MAX_QUERY_CHARS}",
            input.chars().count()
        )));
    }
    let tokens = lex(input);
    let depth = nesting(&tokens);
    if depth > MAX_NESTING {
        return Err(Error::BadQuery(format!(
            "the query nests {depth} groups or NOTs deep; the limit is {MAX_NESTING}"
        )));
    }
    let node = parse_lexed(tokens).ok_or_else(|| nothing_to_find(input))?;
    if !has_positive(&node) {
        return Err(Error::BadQuery(format!(
            "{input:?} only excludes words; add a word to look for"
        )));
    }
    let (positive, negative) = split_exclusions(node);
    let mut b = Builder {
        fields,
        expand,
        highlight: Vec::new(),
        variants: Vec::new(),
        words: Vec::new(),
    };
    let query = b
        .build(&positive, false)
        .ok_or_else(|| nothing_to_find(input))?;
    let excluded: Vec<(Occur, Box<dyn Query>)> = negative
        .iter()
        .filter_map(|n| b.build(n, true))
        .map(|q| (Occur::Should, q))
        .collect();
    let Builder {
        mut highlight,
        mut variants,
        mut words,
        ..
    } = b;
    let mut seen = std::collections::HashSet::new();
    words.retain(|forms| seen.insert(forms[0].clone()));
    highlight.sort();
    highlight.dedup();
    variants.sort();
    variants.dedup();
    Ok(Compiled {
        query,
        excluded: (!excluded.is_empty()).then(|| Box::new(BooleanQuery::new(excluded)) as _),
        highlight,
        variants,
        words,
    })
}

/// Separates the top-level exclusions of an AND from its positive parts.
fn split_exclusions(node: Node) -> (Node, Vec<Node>) {
    let Node::And(items) = node else {
        return (node, Vec::new());
    };
    let (neg, pos): (Vec<Node>, Vec<Node>) =
        items.into_iter().partition(|n| matches!(n, Node::Not(_)));
    let neg = neg
        .into_iter()
        .map(|n| match n {
            Node::Not(inner) => *inner,
            other => other,
        })
        .collect();
    let pos = if pos.len() == 1 {
        pos.into_iter().next().expect("one item")
    } else {
        Node::And(pos)
    };
    (pos, neg)
}

fn nothing_to_find(input: &str) -> Error {
    Error::BadQuery(format!("{input:?} has no words to look for"))
}

fn has_positive(node: &Node) -> bool {
    match node {
        Node::Word(w) => !analyzer::tokens(w).is_empty(),
        Node::Phrase(p) => !analyzer::tokens(p).is_empty(),
        Node::And(items) => items.iter().any(has_positive),
        Node::Or(items) => items.iter().all(has_positive),
        Node::Not(_) => false,
    }
}

struct Builder<'a> {
    fields: &'a Fields,
    expand: Expand<'a>,
    highlight: Vec<String>,
    variants: Vec<(String, Vec<String>)>,
    words: Vec<Vec<String>>,
}

impl Builder<'_> {
    /// Builds the tantivy query of `node`; `None` when it analyses to no terms at all.
    fn build(&mut self, node: &Node, negated: bool) -> Option<Box<dyn Query>> {
        match node {
            Node::Word(text) | Node::Phrase(text) => {
                let mut forms: Vec<Vec<String>> = Vec::new();
                for (t, range) in analyzer::tokens(text) {
                    let name = text[range].starts_with(char::is_uppercase);
                    let mut searched = (self.expand)(&t, name);
                    if searched.is_empty() {
                        return Some(Box::new(EmptyQuery));
                    }
                    match searched.iter().position(|f| *f == t) {
                        Some(typed) => {
                            let head = searched.remove(typed);
                            if !negated && !searched.is_empty() {
                                self.variants.push((head.clone(), searched.clone()));
                            }
                            searched.insert(0, head);
                        }
                        // The typed form is ruled out (`--script`): every searched form is a
                        // variant of it, and the first stands for it in passages.
                        None if !negated => self.variants.push((t.clone(), searched.clone())),
                        None => {}
                    }
                    forms.push(searched);
                }
                if !negated {
                    self.highlight.extend(forms.iter().flatten().cloned());
                    self.words.extend(forms.iter().cloned());
                }
                words_query(&forms, self.fields)
            }
            Node::Not(inner) => self.build(inner, !negated),
            Node::And(items) => {
                let mut clauses = Vec::new();
                for item in items {
                    let (occur, inner) = match item {
                        Node::Not(inner) => (Occur::MustNot, inner.as_ref()),
                        other => (Occur::Must, other),
                    };
                    let neg = negated ^ (occur == Occur::MustNot);
                    if let Some(q) = self.build(inner, neg) {
                        clauses.push((occur, q));
                    }
                }
                with_positive_clause(clauses)
            }
            Node::Or(items) => {
                let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                for item in items {
                    let q = match item {
                        Node::Not(inner) => self.build(inner, !negated).map(|q| {
                            let all_but: Box<dyn Query> = Box::new(BooleanQuery::new(vec![
                                (Occur::Must, Box::new(AllQuery)),
                                (Occur::MustNot, q),
                            ]));
                            all_but
                        }),
                        other => self.build(other, negated),
                    };
                    clauses.extend(q.map(|q| (Occur::Should, q)));
                }
                (!clauses.is_empty())
                    .then(|| Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>)
            }
        }
    }
}

/// A group made only of exclusions matches nothing in tantivy; anchor it on all documents.
fn with_positive_clause(mut clauses: Vec<(Occur, Box<dyn Query>)>) -> Option<Box<dyn Query>> {
    if clauses.is_empty() {
        return None;
    }
    if clauses.iter().all(|(o, _)| *o == Occur::MustNot) {
        clauses.push((Occur::Must, Box::new(AllQuery)));
    }
    Some(Box::new(BooleanQuery::new(clauses)))
}

/// A word or phrase, in the passage or in the title. `forms` holds, for each word, its
/// spellings (the word as typed first).
fn words_query(forms: &[Vec<String>], f: &Fields) -> Option<Box<dyn Query>> {
    if forms.is_empty() {
        return None;
    }
    let spellings = spellings(forms);
    let in_field = |field| -> Box<dyn Query> {
        let mut any: Vec<(Occur, Box<dyn Query>)> = spellings
            .iter()
            .map(|words| {
                let ts: Vec<Term> = words
                    .iter()
                    .map(|t| Term::from_field_text(field, t))
                    .collect();
                let q: Box<dyn Query> = if ts.len() == 1 {
                    Box::new(TermQuery::new(ts[0].clone(), IndexRecordOption::WithFreqs))
                } else {
                    Box::new(PhraseQuery::new(ts))
                };
                (Occur::Should, q)
            })
            .collect();
        if any.len() == 1 {
            any.pop().expect("one spelling").1
        } else {
            Box::new(BooleanQuery::new(any))
        }
    };
    Some(Box::new(BooleanQuery::new(vec![
        (Occur::Should, in_field(f.text)),
        (
            Occur::Should,
            Box::new(BoostQuery::new(in_field(f.title), TITLE_BOOST)),
        ),
    ])))
}

/// The word sequences a phrase stands for, the spelling as typed first. The words of one
/// sequence are all of one script (a Russian page writes "Сергей Лавров", never "Sergei
/// Лавров"; digits go with any); at most [`MAX_PHRASE_FORMS`] per script (later
/// combinations are dropped, never the typed one).
fn spellings(forms: &[Vec<String>]) -> Vec<Vec<&str>> {
    let typed: Vec<&str> = forms.iter().map(|w| w[0].as_str()).collect();
    let mut scripts: Vec<Script> = Vec::new();
    for f in forms.iter().flatten() {
        let s = Script::of(f);
        if s != Script::Other && !scripts.contains(&s) {
            scripts.push(s);
        }
    }
    if scripts.is_empty() {
        scripts.push(Script::Other);
    }
    let mut out = vec![typed.clone()];
    for script in scripts {
        let fits = |w: &&String| {
            let s = Script::of(w);
            s == Script::Other || s == script
        };
        let mut these: Vec<Vec<&str>> = vec![Vec::new()];
        for word in forms {
            these = these
                .iter()
                .flat_map(|prefix| {
                    word.iter().filter(fits).map(move |w| {
                        let mut next = prefix.clone();
                        next.push(w.as_str());
                        next
                    })
                })
                .take(MAX_PHRASE_FORMS)
                .collect();
        }
        out.extend(these.into_iter().filter(|s| *s != typed));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use Node::*;

    fn w(s: &str) -> Node {
        Word(s.into())
    }

    #[test]
    fn grammar() {
        assert_eq!(
            parse("putin lavrov"),
            Some(And(vec![w("putin"), w("lavrov")]))
        );
        assert_eq!(
            parse("a OR b c"),
            Some(Or(vec![w("a"), And(vec![w("b"), w("c")])]))
        );
        assert_eq!(parse("\"root causes\""), Some(Phrase("root causes".into())));
        assert_eq!(
            parse("a -b"),
            Some(And(vec![w("a"), Not(Box::new(w("b")))]))
        );
        assert_eq!(parse("a AND NOT b"), parse("a -b"));
        assert_eq!(
            parse("(a OR b) c"),
            Some(And(vec![Or(vec![w("a"), w("b")]), w("c")]))
        );
        assert_eq!(parse("a-b"), Some(w("a-b")));
    }

    #[test]
    fn lenient_on_mistakes() {
        assert_eq!(parse("\"root causes"), Some(Phrase("root causes".into())));
        assert_eq!(parse("(a OR b"), Some(Or(vec![w("a"), w("b")])));
        assert_eq!(parse("a) b"), Some(And(vec![w("a"), w("b")])));
        assert_eq!(parse("a AND"), Some(w("a")));
        assert_eq!(parse("OR a OR"), Some(w("a")));
        assert_eq!(parse("NOT"), None);
        assert_eq!(parse(""), None);
        assert_eq!(parse("  ( ) "), None);
        assert_eq!(parse("title:putin"), Some(w("putin")));
        assert_eq!(parse("Lavrov:"), Some(w("Lavrov:")));
    }

    fn compile_exact(input: &str, f: &Fields) -> Result<Compiled, Error> {
        compile(input, f, &exact)
    }

    #[test]
    fn compile_errors() {
        let schema = crate::index::schema::schema();
        let f = Fields::from_schema(&schema).unwrap();
        assert!(matches!(compile_exact("", &f), Err(Error::BadQuery(_))));
        let deep = format!("{}lavrov", "(".repeat(5000));
        assert!(
            matches!(compile_exact(&deep, &f), Err(Error::BadQuery(m)) if m.contains("nests 5000"))
        );
        let nots = format!("{}lavrov", "NOT ".repeat(2000));
        assert!(matches!(compile_exact(&nots, &f), Err(Error::BadQuery(m)) if m.contains("nests")));
        assert!(
            compile_exact(&format!("{}lavrov{}", "(".repeat(100), ")".repeat(100)), &f).is_ok()
        );
        // A NOT before each group is a level of its own.
        let alternating = format!("putin {}lavrov{}", "NOT (".repeat(51), ")".repeat(51));
        assert!(
            matches!(compile_exact(&alternating, &f), Err(Error::BadQuery(m)) if m.contains("nests 102"))
        );
        assert!(matches!(
            compile_exact("?!  ...", &f),
            Err(Error::BadQuery(_))
        ));
        assert!(matches!(
            compile_exact("-putin", &f),
            Err(Error::BadQuery(_))
        ));
        assert!(matches!(
            compile_exact(&"x ".repeat(6000), &f),
            Err(Error::BadQuery(_))
        ));
        let c = compile_exact("Lavrov’s \"Root causes\" -Trump lavrov", &f).unwrap();
        assert_eq!(c.highlight, ["causes", "lavrov", "root"]);
        assert_eq!(c.words, [["lavrov"], ["root"], ["causes"]]);
    }
}

#[cfg(test)]
mod variant_tests {
    use super::*;

    #[test]
    fn variants_are_searched_and_highlighted_but_not_reported_when_excluded() {
        let schema = crate::index::schema::schema();
        let f = Fields::from_schema(&schema).unwrap();
        let expand = |t: &str, _: bool| -> Vec<String> {
            let others = match t {
                "kyiv" => vec!["kiev".into()],
                "sergei" => vec!["sergey".into()],
                "lavrov" => vec![],
                other => vec![format!("{other}x")],
            };
            std::iter::once(t.to_owned()).chain(others).collect()
        };
        let c = compile("\"Sergei Lavrov\" Kyiv -Moscow", &f, &expand).unwrap();
        assert_eq!(c.highlight, ["kiev", "kyiv", "lavrov", "sergei", "sergey"]);
        assert_eq!(
            c.variants,
            [
                ("kyiv".to_string(), vec!["kiev".to_string()]),
                ("sergei".to_string(), vec!["sergey".to_string()])
            ]
        );
        let forms: Vec<Vec<String>> = (0..4)
            .map(|i| (0..6).map(|j| format!("w{i}x{j}")).collect())
            .collect();
        assert_eq!(spellings(&forms).len(), MAX_PHRASE_FORMS);
    }

    #[test]
    fn a_phrase_is_spelled_in_one_script_at_a_time() {
        let forms = vec![
            vec!["sergei".to_string(), "sergey".into(), "сергей".into()],
            vec!["lavrov".to_string(), "лавров".into(), "лаврова".into()],
            vec!["2024".to_string()],
        ];
        let all = spellings(&forms);
        assert_eq!(all[0], ["sergei", "lavrov", "2024"]);
        assert!(all.contains(&vec!["сергей", "лаврова", "2024"]));
        assert!(!all.iter().any(|s| s[0] == "sergey" && s[1] == "лавров"));
        assert_eq!(all.len(), 4);
    }
}
