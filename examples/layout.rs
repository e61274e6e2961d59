//! Prints each block of a page with the cleaner's verdict: a tool for tuning extraction.
//! `cargo run --release --example layout -- FILE` (text, HTML or MHTML). For markup, `R`
//! marks the blocks inside the content root, and `l` numbers the list or table a block is in.

use dateline::extract::{clean, lexicon::Lexicon, lines, page_text};

fn main() {
    let path = std::env::args().nth(1).expect("usage: layout FILE");
    let bytes = std::fs::read(&path).expect("readable file");
    let (text, hints) = page_text(&bytes, &path).expect("a readable page");
    let lex = Lexicon::builtin();
    let blocks = match hints {
        Some(_) => lines::markup_blocks(&text, &lex),
        None => lines::blocks(&text, &lex),
    };
    let structure = hints
        .map(|h| h.structure)
        .filter(|s| s.list.len() == blocks.len());
    let in_root = structure
        .as_ref()
        .map(|s| s.in_root.clone())
        .filter(|r| !r.is_empty());
    let layout = clean::layout_in(
        &blocks,
        &lex,
        &Default::default(),
        structure.as_ref().map(|s| clean::Markup {
            in_root: &s.in_root,
            list: &s.list,
        }),
    );
    for (i, b) in blocks.iter().enumerate() {
        let mark = if layout.keep.contains(&i) {
            "K"
        } else if layout.span.contains(&i) {
            "s"
        } else {
            " "
        };
        let root = match in_root.as_ref().map(|r| r[i]) {
            Some(true) => "R",
            Some(false) => ".",
            None => " ",
        };
        let kind = format!("{:?}", layout.kinds[i]);
        let text: String = b.text.chars().take(100).collect();
        let list = structure.as_ref().map_or(0, |s| s.list[i]);
        println!(
            "{i:4} {mark}{root} {kind:<10} w{:<3} d{:.2} l{list:<3} {text}",
            b.words, b.stop_density
        );
    }
}
