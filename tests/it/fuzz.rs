//! Property tests (proptest) for the two parsers of untrusted input: page extraction and the
//! query language. Extraction never panics, on arbitrary bytes or on generated pages made of
//! news-page pieces (headlines, date lines, glued outlet+date tokens, bylines, markers,
//! captions, long lines, odd Unicode), and its title and body hold only words of the input.
//! Query parsing and compiling never panic. Cases: 256 per property by default; run longer
//! with `PROPTEST_CASES=20000 cargo test --release --test it fuzz`. Failures proptest finds
//! are kept in `tests/proptest-regressions/fuzz.txt` and replayed first.

use dateline::extract::{self, corpus::CorpusStats};
use dateline::search::query;
use proptest::prelude::*;

/// Pieces of saved news pages.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        // prose from a small vocabulary, with punctuation
        prop::collection::vec(
            prop::sample::select(vec![
                "the",
                "minister",
                "said",
                "on",
                "Tuesday",
                "Lavrov",
                "Kyiv",
                "talks",
                "would",
                "resume",
                "in",
                "Istanbul,",
                "officials",
                "told",
                "Reuters.",
                "«Élysée»",
                "—",
                "“quoted”",
                "don’t",
                "$1.5bn",
                "3.4%",
                "U.S.",
                "e.g.",
                "(AP)",
                "...",
                "Zelenskyy",
            ]),
            1..60
        )
        .prop_map(|w| w.join(" ")),
        prop::sample::select(vec![
            "Related Articles",
            "Advertisement",
            "Most read",
            "Share this article",
            "Reuters03-07-2025",
            "MOSCOW, July 3 (Reuters) -",
            "Published 3 July 2025",
            "Updated: 2025-07-04 08:30",
            "By Jane Doe, Reuters",
            "© 2025 Daily Brief",
            "Photo: Getty Images",
            "Source: AP",
            "26-FEB-1987 15:01:51.79",
            "9 minutes ago",
            "Sign up for our newsletter",
            "Download the app",
            "Home | World | Business",
            "Thu 3 Jul 2025 14.02 BST",
            "03.07.2025",
            "July 3, 2025",
            "2025/07/03",
        ])
        .prop_map(str::to_owned),
        // anything at all, including control characters and other scripts
        "\\PC{0,80}",
        any::<String>(),
        // a long line without spaces, or with few
        "[a-zA-Z]{200,3000}",
    ]
}

fn page() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            piece(),
            prop::sample::select(vec!["\n", "\n\n", "\r\n", " ", "\n\n\n"]),
        ),
        0..40,
    )
    .prop_map(|parts| parts.into_iter().map(|(p, sep)| p + sep).collect())
}

/// The input lower-cased with its line breaks taken out, and a hyphen before one: a word
/// the extractor joins across a break ("Lav-" / "rov", a drop cap "T" / "urkey") is in it.
fn unbroken(text: &str) -> String {
    let mut out = String::new();
    for line in text.to_lowercase().lines() {
        let kept = out.trim_end().trim_end_matches('-').len();
        out.truncate(kept);
        out.push_str(line.trim());
    }
    out
}

/// Words as the containment check sees them: maximal runs of letters and digits.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

proptest! {
    #[test]
    fn extraction_never_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..4000)) {
        let _ = extract::from_bytes(&bytes, "page.txt", &CorpusStats::default());
    }

    #[test]
    fn extraction_keeps_only_input_words(text in page()) {
        let article = extract::extract(&text, "page.txt");
        let input: std::collections::HashSet<String> = words(&text).into_iter().collect();
        let joined = unbroken(&text);
        let known = |w: &str| input.contains(w) || joined.contains(w);
        for w in words(&article.body).iter().chain(words(article.title.as_deref().unwrap_or("")).iter()) {
            prop_assert!(known(w), "{w:?} is not in the input");
        }
        for p in &article.passages {
            prop_assert!(!p.trim().is_empty());
            for w in words(p) {
                prop_assert!(known(&w), "passage word {w:?} is not in the input");
            }
        }
    }

    #[test]
    fn query_parsing_never_panics(q in "\\PC{0,200}") {
        let _ = query::parse(&q);
        let schema = dateline::index::schema::schema();
        let fields = dateline::index::schema::Fields::from_schema(&schema).unwrap();
        let _ = query::compile(&q, &fields, &query::exact);
    }

    /// Groups and NOTs nested thousands deep (the parser recurses once a level) are refused
    /// with a message past the limit, never a stack overflow, however they are closed.
    #[test]
    fn deep_nesting_is_refused_not_overflowed(
        opens in prop::collection::vec(
            prop::sample::select(vec!["(", "NOT ", "-(", "( NOT ", "(Kyiv OR "]),
            0..6000,
        ),
        closes in 0usize..6000,
    ) {
        let q = format!("{}Putin{}", opens.concat(), ")".repeat(closes));
        let schema = dateline::index::schema::schema();
        let fields = dateline::index::schema::Fields::from_schema(&schema).unwrap();
        let compiled = query::compile(&q, &fields, &query::exact);
        // Past the limit, refused: for its depth, or first for its length (10,000 characters).
        if opens.len() > 100 {
            let refused = match &compiled {
                Err(dateline::error::Error::BadQuery(m)) => {
                    m.contains("nests") || (q.len() > 10_000 && m.contains("characters long"))
                }
                _ => false,
            };
            prop_assert!(refused, "{} levels: {:?}", opens.len(), compiled.err());
        }
    }

    #[test]
    fn query_operators_never_panic(
        parts in prop::collection::vec(
            prop::sample::select(vec![
                "Putin", "\"", "(", ")", "AND", "OR", "NOT", "-", "+", "-Lavrov", "title:",
                "\"root causes", "Kyiv)", "&&", "||", "“", "”", ":", "Erdoğan",
            ]),
            0..30,
        )
    ) {
        let q = parts.join(" ");
        let schema = dateline::index::schema::schema();
        let fields = dateline::index::schema::Fields::from_schema(&schema).unwrap();
        let expand = |t: &str, _: bool| {
            std::iter::once(t.to_owned())
                .chain(dateline::search::variants::of(t))
                .collect::<Vec<_>>()
        };
        let _ = query::compile(&q, &fields, &expand);
        let _ = query::compile(&parts.concat(), &fields, &expand);
    }
}
