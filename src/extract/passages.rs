//! Passages: the units search ranks and shows.
//!
//! Owns the split of a body into passages: one per paragraph; a paragraph longer than
//! [`MAX_WORDS`] is cut into windows of whole sentences; a very short paragraph (a crosshead, a
//! one-line quote) is merged into the next one so no passage is a fragment. Pure text in, text out.

/// A paragraph longer than this is split into windows of sentences.
pub const MAX_WORDS: usize = 90;
/// A paragraph shorter than this is merged into the following one.
pub const MIN_WORDS: usize = 8;

/// Splits `paragraphs` into passages.
pub fn split(paragraphs: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    let mut carry = String::new();
    for para in paragraphs {
        let para = para.trim();
        if para.is_empty() {
            continue;
        }
        let text = if carry.is_empty() {
            para.to_owned()
        } else {
            format!("{carry} {para}")
        };
        if word_count(&text) < MIN_WORDS {
            carry = text;
            continue;
        }
        carry.clear();
        out.extend(windows(&text));
    }
    if !carry.is_empty() {
        match out.last_mut() {
            Some(last) => {
                last.push(' ');
                last.push_str(&carry);
            }
            None => out.push(carry),
        }
    }
    out
}

fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

/// Cuts a long paragraph into runs of sentences of at most about `MAX_WORDS` words.
fn windows(text: &str) -> Vec<String> {
    if word_count(text) <= MAX_WORDS {
        return vec![text.to_owned()];
    }
    let mut out = Vec::new();
    let mut current = String::new();
    for sentence in sentences(text) {
        if !current.is_empty() && word_count(&current) + word_count(sentence) > MAX_WORDS {
            out.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(sentence);
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Sentences: cut after `.`, `!` or `?` (and any closing quote) before white space and a
/// capital letter or opening quote, but not after a single capital ("U.S.", "J. Smith").
pub fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let mut j = k + 1;
        while j < chars.len() && matches!(chars[j].1, '"' | '”' | '’' | '\'' | ')') {
            j += 1;
        }
        let followed_by_space = j < chars.len() && chars[j].1 == ' ';
        let next = chars.get(j + 1).map(|&(_, c)| c);
        let capital_next = next.is_some_and(|n| n.is_uppercase() || matches!(n, '"' | '“' | '‘'));
        let initial =
            k >= 1 && chars[k - 1].1.is_uppercase() && (k < 2 || !chars[k - 2].1.is_alphanumeric());
        if followed_by_space && capital_next && !initial {
            let end = chars.get(j).map_or(text.len(), |&(p, _)| p);
            out.push(text[start..end].trim());
            start = end;
        }
        let _ = i;
    }
    let rest = text[start..].trim();
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_respect_initials_and_quotes() {
        let s =
            sentences("Putin met U.S. envoys. \"We agreed,\" he said. J. Smith left! Then what?");
        assert_eq!(
            s,
            vec![
                "Putin met U.S. envoys.",
                "\"We agreed,\" he said.",
                "J. Smith left!",
                "Then what?"
            ]
        );
    }

    #[test]
    fn short_paragraphs_merge_into_the_next() {
        let p = split(&[
            "What next?",
            "The ministers will meet again on Friday to discuss it.",
        ]);
        assert_eq!(
            p,
            vec!["What next? The ministers will meet again on Friday to discuss it."]
        );
        let p = split(&[
            "A full first paragraph with more than eight words in it.",
            "Ends.",
        ]);
        assert_eq!(
            p,
            vec!["A full first paragraph with more than eight words in it. Ends."]
        );
    }

    #[test]
    fn long_paragraphs_split_into_sentence_windows() {
        let sentence = "This sentence has exactly ten words in it, the test.";
        let para = vec![sentence; 25].join(" ");
        let p = split(&[&para]);
        assert_eq!(p.len(), 3);
        assert!(p.iter().all(|w| word_count(w) <= MAX_WORDS));
        assert_eq!(p.join(" "), para);
    }
}
