//! Prints the text the reader sees in a saved page (for HTML: the DOM's blocks) and the
//! markup's facts: `cargo run --release --example page_text -- FILE`.

fn main() -> anyhow::Result<()> {
    let path = std::env::args()
        .nth(1)
        .ok_or_else(|| anyhow::anyhow!("usage: page_text FILE"))?;
    let bytes = std::fs::read(&path)?;
    let (text, hints) = dateline::extract::page_text(&bytes, &path)?;
    if let Some(h) = hints {
        eprintln!("markup: {h:?}");
    }
    print!("{text}");
    Ok(())
}
