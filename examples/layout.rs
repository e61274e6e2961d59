//! Prints each block of a page with the cleaner's verdict: a tool for tuning extraction.
//! `cargo run --release --example layout -- FILE` (text, HTML or MHTML). For markup, `R`
//! marks the blocks inside the content root, and `l` numbers the list or table a block is in.

use dateline::extract::{clean, lexicon::Lexicon, lines, page_text};

fn main() {
    let path = std::env::args().nth(1).expect("usage: layout FILE");
    let bytes = std::fs::read(&path).expect("readable file");
    let (text, hints) = page_text(&bytes, &path).expect("a readable page");
    let lex = Lexicon::builtin();
    let blocks = lines::page_blocks(&text, hints.is_some(), &lex);
    let structure = hints.map(|h| h.structure);
    let markup = dateline::extract::markup_of(structure.as_ref(), blocks.len());
    let layout = clean::layout_in(&blocks, &lex, &Default::default(), markup);
    for (i, b) in blocks.iter().enumerate() {
        let mark = if layout.keep.contains(&i) {
            "K"
        } else if layout.span.contains(&i) {
            "s"
        } else {
            " "
        };
        let root = match markup.in_root.get(i) {
            Some(true) => "R",
            Some(false) => ".",
            None => " ",
        };
        let kind = format!("{:?}", layout.kinds[i]);
        let text: String = b.text.chars().take(100).collect();
        let list = markup.list.get(i).copied().unwrap_or(0);
        println!(
            "{i:4} {mark}{root} {kind:<10} w{:<3} d{:.2} l{list:<3} {text}",
            b.words, b.stop_density
        );
    }
}
