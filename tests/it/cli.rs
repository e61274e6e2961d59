//! The command line itself: help text pinned, version, subcommand list.

use crate::util::{repo, Dir};

#[test]
fn help_lists_the_commands() {
    let r = Dir::new().run(&["--help"]);
    assert_eq!(r.code(), 0);
    let out = r.stdout();
    // The subcommand names as the "Commands:" list gives them (the about text above it also
    // says "index" and "search"; only the list counts).
    let listed: Vec<&str> = out
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(
        listed,
        [
            "index", "search", "extract", "timeline", "names", "sources", "stats", "show", "serve",
            "compact", "help"
        ],
        "{out}"
    );
}

/// `dateline search --help` is pinned in tests/snapshots/search-help.txt; a change in flags
/// or help text shows as a diff there (regenerate with DATELINE_BLESS=1).
#[test]
fn search_help_is_pinned() {
    let out = Dir::new().run(&["search", "--help"]).stdout();
    let pinned = repo().join("tests/snapshots/search-help.txt");
    if std::env::var_os("DATELINE_BLESS").is_some() {
        std::fs::create_dir_all(pinned.parent().unwrap()).unwrap();
        std::fs::write(&pinned, &out).unwrap();
    }
    let expected = std::fs::read_to_string(&pinned).expect("snapshot exists");
    assert_eq!(out, expected);
}
