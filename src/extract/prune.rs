//! A second look at the blocks the span kept: which of them are not the article's own text.
//!
//! Owns the per-block features (length, function-word density, its verdict and position among
//! the kept blocks, the gaps of dropped lines around it, bullets, label prefixes such as
//! "Read more:", handles and links, an author bio's shape, a headline's shape) and the fitted
//! weights (`data/weights/block.tsv`) that keep a block when its score is above zero. The span
//! chooser in `clean` decides where the article is; this only drops from what it kept, so an
//! inline teaser ("READ MORE: …"), an author box or a related headline between paragraphs does
//! not make the page match. Works on [`Block`]s and verdicts only.

use super::clean::{Kind, Layout};
use super::lexicon::Lexicon;
use super::lines::Block;
use super::model::Candidates;

/// The features of a kept block, in the order [`features`] fills them.
pub const FEATURES: &[&str] = &[
    "words",
    "stop_density",
    "sentence_end",
    "prose",
    "sentence",
    "short",
    "position",
    "first",
    "last",
    "prose_distance",
    "previous_words",
    "next_words",
    "bullet",
    "ends_with_colon",
    "handle",
    "link",
    "title_case",
    "digits",
    "separator",
    "junk_marker",
    "section_label",
    "clock_in_brackets",
    "byline",
    "social",
    "question",
    "gap_before",
    "gap_after",
    "headline_shape",
    "quote",
    "page_position",
    "tail_share",
    "bio_shape",
    "label_prefix",
    "shouted_prefix",
    "bias",
    "page_furniture",
    "page_blocks",
];

super::model::builtin_model!("block.tsv");

/// The kept blocks the model keeps. Certain: a line a marker labels as a link to another
/// story ("READ MORE: …", "Lire aussi : …") is never the article's. The model was fitted on
/// text, where a short line inside the article is most often furniture; inside the markup's
/// content root (`in_root`, one flag a block, empty for text) the frame is already gone,
/// and only the teaser rule applies.
pub fn prune(blocks: &[Block], layout: &Layout, in_root: &[bool]) -> Vec<usize> {
    let rows = rows(blocks, layout);
    layout
        .keep
        .iter()
        .zip(&rows)
        .filter(|(&i, f)| {
            let inside = in_root.get(i) == Some(&true);
            !is_teaser(&blocks[i].text) && (inside || model().score(f) > 0.0)
        })
        .map(|(&i, _)| i)
        .collect()
}

/// "READ MORE: Lavrov meets Wang Yi": a label that is a tail or junk marker
/// (data/markers.txt), a colon, and a headline; or another story's excerpt cut short and its
/// link ("Ever wondered why you bought it? As it… Read more").
fn is_teaser(text: &str) -> bool {
    let lex = Lexicon::shared();
    if !label_prefix(text) {
        return is_cut_excerpt(text, lex);
    }
    let head = text.split_once(':').map_or("", |(h, _)| h);
    lex.is_tail_marker(head) || lex.is_junk_marker(head)
}

/// Text, an ellipsis, and after it nothing but a link on to the rest: a marker or a control's
/// word (data/markers.txt), once or repeated ("… Read more Read more", "… mehr").
fn is_cut_excerpt(text: &str, lex: &Lexicon) -> bool {
    let text = text.trim_end();
    let Some(cut) = text.rfind('…').or_else(|| text.rfind("...")) else {
        return false;
    };
    if text[..cut].split_whitespace().count() < 6 {
        return false;
    }
    let link: Vec<&str> = text[cut..]
        .trim_start_matches(['…', '.'])
        .split_whitespace()
        .collect();
    let is_link = |words: &[&str]| {
        let phrase = words.join(" ");
        lex.is_tail_marker(&phrase)
            || lex.is_junk_marker(&phrase)
            || lex.is_interface_word(&super::site::key(&phrase))
    };
    // Once or twice over (a text link and the same words on a button).
    (1..=2).any(|times| {
        let n = link.len() / times;
        n > 0
            && n <= 4
            && n * times == link.len()
            && link.chunks(n).all(|c| c == &link[..n])
            && is_link(&link[..n])
    })
}

/// Every kept block with its features, for fitting the weights.
pub fn explain(blocks: &[Block], layout: &Layout) -> Candidates {
    Candidates {
        names: FEATURES.to_vec(),
        rows: layout
            .keep
            .iter()
            .zip(rows(blocks, layout))
            .map(|(&i, f)| (blocks[i].text.clone(), f))
            .collect(),
    }
}

fn rows(blocks: &[Block], layout: &Layout) -> Vec<Vec<f32>> {
    let keep = &layout.keep;
    let total_chars: usize = keep.iter().map(|&i| blocks[i].text.len()).sum();
    let mut before_chars = 0;
    let prose: Vec<usize> = keep
        .iter()
        .copied()
        .filter(|&i| layout.kinds[i] == Kind::Prose)
        .collect();
    keep.iter()
        .enumerate()
        .map(|(j, &i)| {
            let context = Context {
                j,
                n: keep.len(),
                previous: j.checked_sub(1).map(|p| keep[p]),
                next: keep.get(j + 1).copied(),
                prose_distance: prose.iter().map(|&p| p.abs_diff(i)).min(),
                tail_share: before_chars as f32 / total_chars.max(1) as f32,
            };
            before_chars += blocks[i].text.len();
            features(blocks, layout, i, &context)
        })
        .collect()
}

/// Where a kept block stands among the others.
struct Context {
    j: usize,
    n: usize,
    previous: Option<usize>,
    next: Option<usize>,
    prose_distance: Option<usize>,
    tail_share: f32,
}

fn features(blocks: &[Block], layout: &Layout, i: usize, c: &Context) -> Vec<f32> {
    let lex = Lexicon::shared();
    let b = &blocks[i];
    let text = b.text.as_str();
    let kind = layout.kinds[i];
    let words: Vec<&str> = text.split_whitespace().collect();
    let worded: Vec<&&str> = words
        .iter()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .collect();
    let capitalised = worded
        .iter()
        .filter(|w| {
            w.chars()
                .find(|c| c.is_alphabetic())
                .is_some_and(char::is_uppercase)
        })
        .count();
    let title_case = capitalised as f32 / worded.len().max(1) as f32;
    let chars = text.chars().count().max(1);
    let digits = text.chars().filter(char::is_ascii_digit).count();
    let lower = text.to_lowercase();
    let ln = |n: usize| (n as f32).ln_1p();
    let mut f = vec![0.0; FEATURES.len()];
    f[0] = ln(b.words);
    f[1] = b.stop_density;
    f[2] = f32::from(b.sentence_end);
    f[3] = f32::from(kind == Kind::Prose);
    f[4] = f32::from(kind == Kind::Sentence);
    f[5] = f32::from(kind == Kind::Short);
    f[6] = c.j as f32 / c.n.max(1) as f32;
    f[7] = f32::from(c.j == 0);
    f[8] = f32::from(c.j + 1 == c.n);
    f[9] = c.prose_distance.map_or(10.0, |d| d.min(10) as f32);
    f[10] = c.previous.map_or(0.0, |p| ln(blocks[p].words));
    f[11] = c.next.map_or(0.0, |n| ln(blocks[n].words));
    f[12] = f32::from(
        ["* ", "• ", "- ", "» ", "+ ", "o ", "› ", "> ", "– "]
            .iter()
            .any(|p| text.starts_with(p)),
    );
    f[13] = f32::from(text.ends_with(':'));
    f[14] = f32::from(
        words
            .iter()
            .any(|w| w.starts_with('@') || (w.contains('@') && w.contains('.'))),
    );
    f[15] = f32::from(lower.contains("http") || lower.contains("www."));
    f[16] = title_case;
    f[17] = digits as f32 / chars as f32;
    f[18] = f32::from(text.contains(" | ") || text.contains(" · "));
    f[19] = f32::from(lex.is_junk_marker(text));
    f[20] = f32::from(lex.is_section_label(text));
    f[21] = f32::from(has_clock_in_brackets(text));
    f[22] = f32::from(
        [
            "by ",
            "von ",
            "par ",
            "por ",
            "di ",
            "reporting by",
            "editing by",
        ]
        .iter()
        .any(|p| lower.starts_with(p)),
    );
    f[23] = f32::from(
        [
            "twitter",
            "facebook",
            "instagram",
            "youtube",
            "whatsapp",
            "linkedin",
            "telegram",
            "tiktok",
        ]
        .iter()
        .any(|s| lower.contains(s)),
    );
    f[24] = f32::from(text.ends_with('?'));
    f[25] = ln(c
        .previous
        .map_or(i.saturating_sub(layout.span.start), |p| i - p - 1));
    f[26] = ln(c
        .next
        .map_or(layout.span.end.saturating_sub(i + 1), |n| n - i - 1));
    f[27] = f32::from(!b.sentence_end && b.words <= 16 && title_case >= 0.6);
    f[28] = f32::from(text.starts_with(['"', '“', '„', '«', '\'', '‘']));
    f[29] = i as f32 / blocks.len().max(1) as f32;
    f[30] = c.tail_share;
    f[31] = f32::from(is_bio(&words));
    f[32] = f32::from(label_prefix(text));
    f[33] = f32::from(
        words.len() >= 3
            && words[..2].iter().all(|w| {
                w.chars().filter(|c| c.is_alphabetic()).count() >= 2
                    && !w.chars().any(char::is_lowercase)
            }),
    );
    f[34] = 1.0;
    // How much of the page the rules left out: nothing, on bare wire copy.
    f[35] = 1.0 - layout.keep.len() as f32 / blocks.len().max(1) as f32;
    f[36] = ln(blocks.len());
    f
}

/// "(3:05)", "[2:41]": a video's running time.
fn has_clock_in_brackets(text: &str) -> bool {
    let b = text.as_bytes();
    (0..b.len().saturating_sub(5)).any(|i| {
        matches!(b[i], b'(' | b'[')
            && b[i + 1].is_ascii_digit()
            && b[i + 1..].iter().take(5).any(|&c| c == b':')
            && b[i + 1..].iter().take(7).any(|&c| c == b')' || c == b']')
    })
}

/// "Jane Doe is a freelance writer based in …", "Über Jane Doe": an author box.
fn is_bio(words: &[&str]) -> bool {
    let opens_with_name = words.len() >= 4
        && words[..2]
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase));
    let says_is = words
        .iter()
        .take(5)
        .skip(1)
        .any(|w| matches!(*w, "is" | "ist" | "est" | "es" | "è" | "was"));
    let about = words.len() <= 4
        && words
            .first()
            .is_some_and(|w| matches!(w.to_lowercase().as_str(), "about" | "über" | "à" | "sobre"));
    (opens_with_name && says_is) || about
}

/// "Read more: …", "ALSO READ: …", "Lesen Sie auch: …": one to four words and a colon, then a
/// headline that does not end like a sentence.
fn label_prefix(text: &str) -> bool {
    let Some((head, rest)) = text.split_once(':') else {
        return false;
    };
    let head_words = head.split_whitespace().count();
    (1..=4).contains(&head_words)
        && !rest.trim().is_empty()
        && !rest.starts_with("//")
        && !head.chars().any(|c| c.is_ascii_digit())
        && !super::lines::ends_like_sentence(rest.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_excerpt_cut_short_with_its_link_is_a_teaser() {
        let lex = Lexicon::shared();
        for t in [
            "Ever come home from a day of shopping and wondered why you bought it? As it… Read more Read more",
            "Die Stadt plant neue Wohnungen am Rand des alten Hafens und … mehr",
            "Le conseil a voté hier soir un nouveau budget pour les écoles... Lire la suite",
        ] {
            assert!(is_teaser(t), "{t}");
        }
        for t in [
            "He paused and said that it was… more or less over, and then he left the room.",
            "Prices rose, wages fell, and the city waited for news from the capital…",
            "… Read more",
        ] {
            assert!(!is_cut_excerpt(t, lex), "{t}");
        }
    }

    #[test]
    fn shapes_of_teasers_and_bios() {
        assert!(label_prefix("READ MORE: Putin meets Xi in Beijing"));
        assert!(label_prefix("Lesen Sie auch: Die Wahl in Berlin"));
        assert!(!label_prefix("He said: \"We will win.\""));
        assert!(!label_prefix("12:30 on Monday"));
        assert!(is_bio(
            &"Brigit Katz is a freelance writer based in Toronto."
                .split(' ')
                .collect::<Vec<_>>()
        ));
        assert!(is_bio(&["About", "Brigit", "Katz"]));
        assert!(!is_bio(
            &"The minister said on Monday that talks would resume."
                .split(' ')
                .collect::<Vec<_>>()
        ));
        assert!(has_clock_in_brackets(
            "These Atomic Bomb Tests Used U.S. Troops (3:29)"
        ));
        assert!(!has_clock_in_brackets("Tests (in 1953) used troops"));
    }
}
