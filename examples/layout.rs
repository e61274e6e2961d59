//! Prints each block of a page with the cleaner's verdict: a tool for tuning extraction.
//! `cargo run --release --example layout -- FILE`

use dateline::extract::{clean, decode, lexicon::Lexicon, lines};

fn main() {
    let path = std::env::args().nth(1).expect("usage: layout FILE");
    let text = decode::decode(&std::fs::read(&path).expect("readable file")).expect("text file");
    let lex = Lexicon::builtin();
    let blocks = lines::blocks(&text, &lex);
    let layout = clean::layout(&blocks, &lex, &Default::default());
    for (i, b) in blocks.iter().enumerate() {
        let mark = if layout.keep.contains(&i) {
            "K"
        } else if layout.span.contains(&i) {
            "s"
        } else {
            " "
        };
        let kind = format!("{:?}", layout.kinds[i]);
        let text: String = b.text.chars().take(110).collect();
        println!(
            "{i:4} {mark} {kind:<10} w{:<3} d{:.2} {text}",
            b.words, b.stop_density
        );
    }
}
