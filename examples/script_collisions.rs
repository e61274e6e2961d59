//! Ordinary Russian and Ukrainian words that share a matching key with an English word of the
//! BBC and Reuters-21578 corpora (банк, bank): the list `data/script-collisions.txt` holds.
//!
//! `cargo run --release --example script_collisions [SHARED] [DICT_DIR] > data/script-collisions.txt`
//! (SHARED defaults to ../shared, DICT_DIR to /usr/share/hunspell, where Debian's
//! hunspell-ru and hunspell-uk put ru_RU.dic and uk_UA.dic). Prints the list with its header,
//! and a summary on stderr.

use dateline::search::scripts::collisions;
use std::path::PathBuf;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let shared = PathBuf::from(args.next().unwrap_or_else(|| "../shared".into()));
    let dicts = PathBuf::from(args.next().unwrap_or_else(|| "/usr/share/hunspell".into()));
    let english = collisions::english_vocabulary(&shared.join("corpora"))?;
    let words = collisions::dictionary_words(&dicts)?;
    let found = collisions::find(&words, &english);
    print!("{}", collisions::HEADER);
    for c in &found {
        println!("{}\t{}\t{}", c.key, c.word, c.english);
    }
    let keys: std::collections::BTreeSet<&str> = found.iter().map(|c| c.key.as_str()).collect();
    eprintln!(
        "{} dictionary words, {} English words: {} colliding words, {} keys",
        words.len(),
        english.len(),
        found.len(),
        keys.len()
    );
    Ok(())
}
