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

/// Cuts a long paragraph into runs of sentences of at most about `MAX_WORDS` words; a
/// "sentence" of over twice that (a table, text without punctuation) is cut at word
/// boundaries, so no passage is unbounded whatever the input.
fn windows(text: &str) -> Vec<String> {
    if word_count(text) <= MAX_WORDS {
        return vec![text.to_owned()];
    }
    let mut out = Vec::new();
    let mut current = String::new();
    let mut current_words = 0;
    for sentence in sentences(text) {
        let n = word_count(sentence);
        if current_words > 0 && current_words + n > MAX_WORDS {
            out.push(std::mem::take(&mut current));
            current_words = 0;
        }
        if n > 2 * MAX_WORDS {
            out.extend(word_chunks(sentence, MAX_WORDS).map(str::to_owned));
            continue;
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(sentence);
        current_words += n;
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Consecutive slices of `text` holding `size` words each (the last one fewer).
fn word_chunks(text: &str, size: usize) -> impl Iterator<Item = &str> {
    let offset = |w: &str| w.as_ptr() as usize - text.as_ptr() as usize;
    let mut words = text.split_whitespace().peekable();
    std::iter::from_fn(move || {
        let first = words.next()?;
        let mut last = first;
        for _ in 1..size {
            match words.next() {
                Some(w) => last = w,
                None => break,
            }
        }
        Some(&text[offset(first)..offset(last) + last.len()])
    })
}

/// Sentences: cut after `.`, `!` or `?` (and any closing quote) before white space and a
/// capital letter or opening quote, but not after a single capital ("U.S.", "J. Smith").
/// Scans the text in place: no copy of it, whatever its length.
pub fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if !matches!(c, '.' | '!' | '?') || i < start {
            continue;
        }
        let mut after = text[i + 1..].char_indices();
        let mut end = text.len();
        let mut next = None;
        for (k, n) in after.by_ref() {
            if !matches!(n, '"' | '”' | '’' | '\'' | ')') {
                end = i + 1 + k;
                next = Some(n);
                break;
            }
        }
        let followed_by_space = next == Some(' ');
        let capital_next = followed_by_space
            && after
                .next()
                .is_some_and(|(_, n)| n.is_uppercase() || matches!(n, '"' | '“' | '‘'));
        let mut before = text[..i].chars().rev();
        let initial = before.next().is_some_and(char::is_uppercase)
            && before.next().is_none_or(|b| !b.is_alphanumeric());
        if capital_next && !initial {
            out.push(text[start..end].trim());
            start = end;
        }
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
    fn text_without_sentences_is_cut_into_bounded_passages() {
        let words: Vec<String> = (0..1000).map(|i| format!("w{i}")).collect();
        let text = words.join(" ");
        let passages = split(&[&text]);
        assert_eq!(passages.len(), 1000_usize.div_ceil(MAX_WORDS));
        assert!(passages.iter().all(|p| word_count(p) <= MAX_WORDS));
        assert_eq!(passages.join(" "), text, "nothing lost or reordered");
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
