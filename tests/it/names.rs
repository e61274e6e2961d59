//! `dateline names`: on Reuters-21578 its counts equal `search` totals for the same names
//! (called from the views test, which has the index), and on the cross-script fixtures a
//! list finds each name in every script, in text, JSON and CSV.

use crate::scripts::fixtures;
use crate::util::Dir;
use serde_json::Value;

const REUTERS_NAMES: &str = "\
# people of 1987
Ronald Reagan | President Reagan
Mikhail Gorbachev | Gorbachov
James Baker
Paul Volcker
Yasuhiro Nakasone   # Japan's prime minister
Nobody Herenamed
";

fn json(d: &Dir, args: &[&str]) -> Value {
    d.json(args)
}

/// Each name's counts, dates and best passage against `search` and `timeline` for its query.
pub fn match_search_on(d: &Dir) {
    d.write("people.txt", REUTERS_NAMES);
    let view = json(d, &["names", "--json", "people.txt"]);
    let names = view["names"].as_array().unwrap();
    assert_eq!(names.len(), 6);
    assert_eq!(view["counting"], "stories");
    for n in names {
        let alternatives: Vec<&str> = n["alternatives"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap())
            .collect();
        let query = alternatives
            .iter()
            .map(|a| format!("\"{a}\""))
            .collect::<Vec<_>>()
            .join(" OR ");
        let s = json(d, &["search", "--json", "--", &query]);
        assert_eq!(n["stories"], s["total"], "{query}");
        assert_eq!(n["articles"], s["articles"], "{query}");
        let dated: u64 = n["periods"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["articles"].as_u64().unwrap())
            .sum();
        assert_eq!(
            dated + n["undated"].as_u64().unwrap(),
            s["total"].as_u64().unwrap()
        );
        if s["total"] == 0 {
            assert!(n["best"].is_null());
            continue;
        }
        assert_eq!(n["best"]["path"], s["hits"][0]["path"], "{query}");
        let t = json(d, &["timeline", "--json", "--by", "month", "--", &query]);
        let buckets = t["buckets"].as_array().unwrap();
        let first = buckets[0]["period"].as_str().unwrap();
        assert!(
            n["first_date"].as_str().unwrap().starts_with(first),
            "{query}"
        );
        assert_eq!(n["top_sources"][0]["source"], "Reuters");
    }
    assert!(names[0]["stories"].as_u64().unwrap() > 100, "Reagan");
    assert!(names[1]["stories"].as_u64().unwrap() > 20, "Gorbachev");
    assert_eq!(names[4]["line"], 6);
    assert_eq!(names[5]["stories"], 0);

    // One CSV row per name; with --by, one per name and period (a name without matches
    // keeps one row).
    let rows = |args: &[&str]| -> Vec<csv::StringRecord> {
        let out = d.run(args).stdout();
        let mut r = csv::Reader::from_reader(out.as_bytes());
        r.records().map(Result::unwrap).collect()
    };
    assert_eq!(rows(&["names", "--csv", "people.txt"]).len(), 6);
    let by_month = rows(&["names", "--csv", "--by", "month", "people.txt"]);
    let expected: usize = names
        .iter()
        .map(|n| n["periods"].as_array().unwrap().len().max(1))
        .sum();
    let monthly = json(d, &["names", "--json", "--by", "month", "people.txt"]);
    assert_eq!(monthly["by"], "month");
    let expected_monthly: usize = monthly["names"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["periods"].as_array().unwrap().len().max(1))
        .sum();
    assert_eq!(by_month.len(), expected_monthly);
    assert!(expected >= 6);
    let reagan_months: Vec<&csv::StringRecord> = by_month
        .iter()
        .filter(|r| &r[0] == "Ronald Reagan")
        .collect();
    let sum: usize = reagan_months
        .iter()
        .map(|r| r[13].parse::<usize>().unwrap())
        .sum();
    assert_eq!(sum as u64, names[0]["stories"].as_u64().unwrap());
}

#[test]
fn a_list_finds_each_name_in_every_script() {
    let d = fixtures();
    d.write(
        "names.txt",
        "Sergei Lavrov | Sergey Lavrov\nzelensky\nШойгу\nτσίπρας\nbank\n",
    );
    let view = json(&d, &["names", "--json", "names.txt"]);
    let stories: Vec<u64> = view["names"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["stories"].as_u64().unwrap())
        .collect();
    // Lavrov: the Reuters and TASS pages (Сергей Лавров); Zelensky typed in lower case is
    // still a name in a list; Шойгу only where he is in the article, not the "read also"
    // blocks; банк is a name here, being in the list.
    assert_eq!(stories, [2, 3, 1, 1, 1]);
    let lavrov = &view["names"][0];
    assert_eq!(lavrov["first_date"], "2024-03-14");
    let sources: Vec<&str> = lavrov["top_sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["source"].as_str().unwrap())
        .collect();
    // ТАСС is TASS's own name in Russian: data/outlets.tsv knows it as TASS, so the outlet is
    // one source in either script.
    assert_eq!(sources, ["Reuters", "TASS"]);
    let latin = json(&d, &["names", "--json", "--script", "latin", "names.txt"]);
    assert_eq!(latin["names"][0]["stories"], 1);
    assert_eq!(latin["names"][2]["stories"], 0);

    let text = d.run(&["names", "names.txt", "--color", "never"]);
    assert_eq!(text.code(), 0, "{}", text.stderr());
    let out = text.stdout();
    assert!(
        out.contains("Sergei Lavrov  2 stories  2024-03-14 … 2024-03-14"),
        "{out}"
    );
    assert!(out.contains("Шойгу  1 story"), "{out}");
}

#[test]
fn a_bad_names_file_is_one_clear_line() {
    let d = fixtures();
    let r = d.run(&["names", "missing.txt"]);
    assert_eq!(r.code(), 2, "{}", r.stderr());
    assert!(r.stderr().contains("missing.txt"), "{}", r.stderr());
    assert_eq!(r.stderr().lines().count(), 1, "{}", r.stderr());
    d.write("empty.txt", "# only a comment\n\n");
    let r = d.run(&["names", "empty.txt"]);
    assert_eq!(r.code(), 2, "{}", r.stderr());
    assert!(r.stderr().contains("holds no names"), "{}", r.stderr());
    d.write("nothing.txt", "Nobody Herenamed\n");
    assert_eq!(d.run(&["names", "nothing.txt"]).code(), 1, "nothing found");
}
