//! Unicode forms: a page saved with decomposed accents, or written in full-width or
//! compatibility characters, matches a query in any form, and reads in composed form.

use crate::util::Dir;

#[test]
fn decomposed_and_compatibility_forms_match_every_form() {
    let d = Dir::new();
    // Decomposed (NFD) accents, as macOS saves them, and full-width letters.
    d.write(
        "pages/nfd.txt",
        "Talks in Zu\u{308}rich\n\nWednesday 12 June 2024\n\n\
         Ministers met at the E\u{301}lyse\u{301}e and in Zu\u{308}rich on Wednesday to discuss \
         the grain corridor, officials said after the talks ended late in the evening.\n\n\
         A statement from \u{ff2c}\u{ff41}\u{ff56}\u{ff52}\u{ff4f}\u{ff56}'s office followed.\n",
    );
    let r = d.run(&["index", "pages"]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    for q in [
        "Élysée",
        "E\u{301}lyse\u{301}e",
        "elysee",
        "Zürich",
        "Zu\u{308}rich",
        "zurich",
        "Lavrov",
        "\u{ff2c}\u{ff41}\u{ff56}\u{ff52}\u{ff4f}\u{ff56}",
    ] {
        let found = d.search_json(&[q]);
        assert_eq!(found["total"], 1, "{q:?}: {found}");
    }
    // Shown composed.
    let found = d.search_json(&["zurich"]);
    let shown = found.to_string();
    assert!(
        shown.contains("Zürich") && !shown.contains("u\u{308}"),
        "{shown}"
    );
}
