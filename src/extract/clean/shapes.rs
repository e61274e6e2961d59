//! Line shapes that mark furniture whatever the page's language: renderer residue (lynx
//! buttons, form fields, bare image names, server error messages), the legal footer's copyright notice, photo
//! captions and credits. Shapes only; the verdicts and the span are `clean`'s.

use regex::Regex;
use std::sync::OnceLock;

/// Renderer residue: lynx buttons and form fields, bracketed image names, bullets of links.
pub(super) fn is_markup_residue(text: &str) -> bool {
    text.starts_with("(BUTTON)")
        || (text.ends_with("(BUTTON)") && text.split_whitespace().count() <= 6)
        || only_image_names(text)
        || text.starts_with("IFRAME:")
        || text.starts_with('#')
        || text.contains("____")
        || (text.starts_with('[') && text.ends_with(']') && !text.contains(' '))
        || text.starts_with("http://")
        || text.starts_with("https://")
        || is_server_diagnostic(text)
}

/// A web server's error message printed into the page: "Warning: Use of undefined constant
/// comments … in /homepages/…/get-recent-comments.php on line 928" (PHP's format: a level,
/// a message, the script's path and line).
fn is_server_diagnostic(text: &str) -> bool {
    const LEVELS: &[&str] = &[
        "Warning:",
        "Notice:",
        "Deprecated:",
        "Strict Standards:",
        "Fatal error:",
        "Parse error:",
    ];
    LEVELS.iter().any(|l| text.starts_with(l))
        && text.rsplit_once(" on line ").is_some_and(|(before, line)| {
            before.contains(" in /") && line.trim().bytes().all(|b| b.is_ascii_digit())
        })
}

/// The heading a blog engine puts over a post's comments: a count, the word for comments,
/// replies or thoughts, and the post's title ("12 thoughts on “Title”", "11 Antworten zu
/// „Titel“", "3 Kommentare zu", "2 réponses à", "One Response to “Title”"). A sentence
/// ("One response to the crisis was …", "12 comments on the plan came in.") is not one: a
/// count in words must be followed by the quoted title, and the line must not end with a
/// full stop.
pub(super) fn is_comment_heading(text: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(
            r"(?i)^(?:(\d+)|one|ein|eine|un|une|uno|una|um|uma)\s+(?:responses?|comments?|thoughts?|repl(?:y|ies)|antworten|kommentare?|gedanken|réponses?|commentaires?|respuestas?|comentarios?|respostas?|comentários?|commenti|risposte)\s+(?:to|on|zu|à|a|sur|en|para|em|su)\s+(\S)",
        )
        .expect("the comment heading's pattern compiles")
    });
    let text = text.trim();
    let Some(caps) = re.captures(text) else {
        return false;
    };
    let quoted = caps[2].starts_with(['"', '“', '„', '«', '‘', '\'', '‚', '»']);
    text.split_whitespace().count() <= 30
        && !text.ends_with('.')
        && (caps.get(1).is_some() || quoted)
}

/// A line of bracketed image names and nothing else ("[logo.png] [del.png]").
fn only_image_names(text: &str) -> bool {
    let mut names = 0;
    for word in text.split_whitespace() {
        let name = word.strip_prefix('[').and_then(|w| w.strip_suffix(']'));
        match name {
            Some(n) if n.contains('.') => names += 1,
            _ => return false,
        }
    }
    names >= 2
}

/// The page's legal footer: "© Copyright Gannett 2018", "Copyright © 2019 The Paradigm. All
/// Rights Reserved.", "(c) 2020 Kyiv Chronicle". A sentence that merely starts with the word
/// ("Copyright law in the EU ...") has neither the sign, a year nor the reservation.
pub(crate) fn is_copyright_line(text: &str) -> bool {
    let text = text.trim_start();
    let opens_with = |word: &str| {
        text.get(..word.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(word))
    };
    // "(с)" with a Cyrillic es, as Russian pages write it.
    let opens = ["©", "(c)", "(с)", "(С)", "copyright"]
        .iter()
        .any(|w| opens_with(w));
    if !opens || text.split_whitespace().nth(40).is_some() {
        return false;
    }
    let reserved = text.to_lowercase().contains("rights reserved");
    // A long notice goes on to the terms of use: it still opens with the owner and year and
    // reserves the rights.
    if text.split_whitespace().nth(20).is_some() {
        return reserved && has_year(text);
    }
    text.contains('©') || reserved || has_year(text)
}

/// Whether `text` holds a year of the last two centuries as a number of its own ("2019").
pub(crate) fn has_year(text: &str) -> bool {
    text.split(|c: char| !c.is_ascii_digit())
        .any(|d| d.len() == 4 && (d.starts_with("19") || d.starts_with("20")))
}

fn caption_patterns() -> &'static (Regex, Regex) {
    static P: OnceLock<(Regex, Regex)> = OnceLock::new();
    P.get_or_init(|| {
        let prefix = Regex::new(
            r"(?i)^(?:file photo|image caption|media caption|image copyright|in this (?:[A-Za-z0-9.,]+ ){0,5}(?:file )?photo(?-u:\b)|(?:photo|image|picture|pictured|caption|credit|photograph|foto|bild)[ \t]*[:|])",
        )
        .expect("caption prefix compiles");
        let suffix = Regex::new(
            r"(?:[.!?][ \t]+via (?:the )?[A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*){0,4}|\([^)]*(?i:photo|image|picture|credit|fotos?(?-u:\b)|bild[ \t]*:|imagen|immagine)[^)]*\)|(?i:getty images)|(?-u:\b)[A-Z]{2,}(?: Photo)?/[A-Z][a-z][A-Za-z.]*(?: [A-Z][a-z][A-Za-z.]*)*|(?i:shutterstock)|[.!?][ \t]*©[ \t]*[A-Za-z0-9 /.&-]{2,40})[ \t]*\.?[ \t]*$",
        )
        .expect("caption suffix compiles");
        (prefix, suffix)
    })
}

/// "FILE PHOTO: ...", "Image caption ...", "... REUTERS/Brendan McDermid", "... via Associated Press".
pub(crate) fn is_caption_or_credit(text: &str) -> bool {
    let (prefix, suffix) = caption_patterns();
    // Credits stand at the ends of a line: only those ends are searched, which keeps the
    // patterns' cost independent of the line's length.
    let end = tail(text, 96);
    prefix.is_match(head(text, 48)) || (may_end_in_credit(end) && suffix.is_match(end))
}

/// What every credit the suffix pattern knows holds somewhere in its last bytes: a bracket, a
/// slash, a copyright sign, "via ", or an agency's name. Most lines have none, and skip the
/// pattern.
fn may_end_in_credit(end: &str) -> bool {
    let b = end.as_bytes();
    let named = |name: &[u8]| b.windows(name.len()).any(|w| w.eq_ignore_ascii_case(name));
    b.iter().any(|&c| matches!(c, b'(' | b'/' | 0xA9))
        || end.contains("via ")
        || named(b"getty")
        || named(b"shutterstock")
}

fn head(text: &str, bytes: usize) -> &str {
    let mut end = bytes.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

fn tail(text: &str, bytes: usize) -> &str {
    let mut start = text.len().saturating_sub(bytes);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    &text[start..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blog_s_comment_heading_but_not_a_sentence_about_comments() {
        for heading in [
            "10 thoughts on “Business Focus: It’s Why Some People Triumph Online”",
            "11 Antworten zu “Sunday Thoughts: Ein wenig lost, aber immer noch da!”",
            "45 Gedanken zu „„Das wird man ja wohl noch sagen dürfen!““",
            "3 Responses to SW082 – 82 Gründe zum weiter hören",
            "3 Kommentare zu \"Grenzschließungen: Deutschland, Frankreich\"",
            "One Response to “Spring in the valley”",
            "2 réponses à « La grève continue »",
        ] {
            assert!(is_comment_heading(heading), "{heading}");
        }
        for sentence in [
            "One response to the crisis was to raise taxes, the minister said",
            "12 comments on the plan came in before the deadline.",
            "Comments on “Spring in the valley”",
        ] {
            assert!(!is_comment_heading(sentence), "{sentence}");
        }
    }

    #[test]
    fn renderer_residue_and_server_errors_but_not_sentences() {
        for residue in [
            "(BUTTON) Anmelden",
            "[logo.png] [del.png]",
            "Warning: Use of undefined constant comments - assumed 'comments' in /homepages/15/htdocs/wp-content/plugins/recent.php on line 928",
            "Strict Standards: Redefining already defined constructor for class wpdb in /www/htdocs/wp-db.php on line 306",
        ] {
            assert!(is_markup_residue(residue), "{residue}");
        }
        for prose in [
            "Warning: this story contains scenes some readers may find upsetting.",
            "Notice: the meeting in /r/Python moved on line 4 of the agenda",
            "Deprecated: the old tariff in force since 2019 goes on line 2.",
        ] {
            assert!(!is_markup_residue(prose), "{prose}");
        }
    }

    #[test]
    fn credits_in_brackets_at_a_captions_end_in_several_languages() {
        for credit in [
            "Er verlor die Kontrolle über das Auto. (Bild: Kantonspolizei Aargau)",
            "La policía cerró la calle. (Foto: EFE)",
            "The bridge at dawn. (Photo by Jane Doe)",
        ] {
            assert!(is_caption_or_credit(credit), "{credit}");
        }
        for prose in [
            "Der Rat beschloss mehr Geld für Schulen (Bildung).",
            "Die Ausstellung zeigt Werke der Fotografen (Fotografie, Film).",
        ] {
            assert!(!is_caption_or_credit(prose), "{prose}");
        }
    }
}
