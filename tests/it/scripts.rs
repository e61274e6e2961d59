//! Names across scripts: the judged pairs (precision and recall of the rules), the false
//! pairs ordinary words would make (measured against the hunspell dictionaries and the
//! corpora's English), and search over Russian, Ukrainian and Greek fixtures where some names
//! appear only in page furniture.

use crate::util::{hit_files, repo, shared, skip_without_shared, Dir};
use dateline::search::scripts::{self, collisions};
use std::collections::BTreeSet;
use std::path::Path;

/// (latin, other, same name) from tests/fixtures/script-pairs.tsv.
fn judged() -> Vec<(String, String, bool)> {
    let text = std::fs::read_to_string(repo().join("tests/fixtures/script-pairs.tsv")).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert_eq!(cols.len(), 3, "{l:?}");
            (cols[0].into(), cols[1].into(), cols[2] == "1")
        })
        .collect()
}

#[test]
fn judged_pairs_precision_and_recall() {
    let pairs = judged();
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    let mut missed = Vec::new();
    let mut wrong = Vec::new();
    for (latin, other, same) in &pairs {
        // The index holds analysed terms: lower case, Greek accents kept.
        let other = other.to_lowercase();
        match (scripts::same_name(latin, &other), same) {
            (true, true) => tp += 1,
            (true, false) => {
                fp += 1;
                wrong.push(format!("{latin}/{other}"));
            }
            (false, true) => {
                fn_ += 1;
                missed.push(format!("{latin}/{other}"));
            }
            (false, false) => {}
        }
    }
    let positives = pairs.iter().filter(|p| p.2).count();
    assert!(
        pairs.len() >= 150 && positives >= 150,
        "{} pairs",
        pairs.len()
    );
    let precision = tp as f64 / (tp + fp) as f64;
    let recall = tp as f64 / (tp + fn_) as f64;
    eprintln!(
        "script pairs: {} judged ({positives} same name): precision {precision:.3}, recall \
         {recall:.3}; missed {missed:?}; wrongly paired {wrong:?}",
        pairs.len()
    );
    assert!(precision >= 0.97, "precision {precision:.3}: {wrong:?}");
    assert!(recall >= 0.95, "recall {recall:.3}: {missed:?}");
}

/// Debian's hunspell-ru and hunspell-uk (.ci/run installs them).
/// The term-dictionary walk ([`scripts::KeyPrefixes`]) skips a stretch only when no term in
/// it can have the key: every prefix of every judged spelling, and of the inflected forms the
/// fixtures hold, must let the walk through.
#[test]
fn the_term_walk_reaches_every_judged_spelling() {
    let mut forms: Vec<(String, String)> = judged()
        .into_iter()
        .filter(|(latin, other, same)| *same && scripts::same_name(latin, &other.to_lowercase()))
        .map(|(latin, other, _)| (latin, other.to_lowercase()))
        .collect();
    for (latin, other) in [
        ("lavrov", "лаврова"),
        ("lavrov", "лавровым"),
        ("zelensky", "зеленського"),
        ("zelensky", "зеленским"),
        ("kyiv", "києва"),
        ("kharkiv", "харкова"),
        ("tsipras", "τσίπρα"),
    ] {
        forms.push((latin.into(), other.into()));
    }
    assert!(forms.len() >= 190, "{} forms", forms.len());
    let mut blocked = Vec::new();
    for (latin, other) in &forms {
        let keys: Vec<String> = std::iter::once(latin.clone())
            .chain(dateline::search::variants::of(latin))
            .map(|v| scripts::key(&v))
            .collect();
        let script = scripts::Script::of(other);
        let walk = scripts::KeyPrefixes::new(script, &keys).expect("a script with a table");
        let chars: Vec<char> = other.chars().collect();
        if let Some(n) = (1..=chars.len()).find(|&n| {
            let prefix: String = chars[..n].iter().collect();
            !walk.may_lead(&prefix)
        }) {
            blocked.push(format!("{latin}/{other} at {n}"));
        }
    }
    assert!(blocked.is_empty(), "the walk stops short of {blocked:?}");
    // And it does skip: no Cyrillic term under б or луг can be Lavrov.
    let keys = [scripts::key("lavrov")];
    let walk = scripts::KeyPrefixes::new(scripts::Script::Cyrillic, &keys).unwrap();
    assert!(walk.may_lead("л") && walk.may_lead("лавр"));
    assert!(!walk.may_lead("б") && !walk.may_lead("луг"));
}

fn dictionaries() -> Option<&'static Path> {
    let dir = Path::new("/usr/share/hunspell");
    if dir.join("ru_RU.dic").is_file() && dir.join("uk_UA.dic").is_file() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI needs hunspell-ru and hunspell-uk in /usr/share/hunspell"
    );
    eprintln!("skipped: hunspell-ru and hunspell-uk are not installed");
    None
}

#[test]
fn no_rule_pairs_an_ordinary_word_that_the_collision_list_does_not_hold() {
    if skip_without_shared() {
        return;
    }
    let Some(dicts) = dictionaries() else {
        return;
    };
    let english = collisions::english_vocabulary(&shared().join("corpora")).unwrap();
    let words = collisions::dictionary_words(dicts).unwrap();
    let found = collisions::find(&words, &english);
    let listed: BTreeSet<String> =
        std::fs::read_to_string(repo().join("data/script-collisions.txt"))
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split('\t').next().map(str::to_owned))
            .collect();
    let new: Vec<String> = found
        .iter()
        .filter(|c| !listed.contains(&c.key))
        .map(|c| format!("{} ({} / {})", c.key, c.word, c.english))
        .collect();
    eprintln!(
        "collisions: {} dictionary words, {} English keys, {} shared keys ({:.2}% of the \
         dictionary words' keys)",
        words.len(),
        english.len(),
        found.len(),
        100.0 * found.len() as f64 / words.len() as f64
    );
    assert!(
        new.is_empty(),
        "{} new false pairs; regenerate data/script-collisions.txt if they are meant: {:?}",
        new.len(),
        &new[..new.len().min(20)]
    );
    // And each listed key keeps its ordinary words apart unless typed as a name.
    for c in found.iter().take(200) {
        assert!(scripts::collides(&c.key), "{c:?}");
    }
}

/// The fixtures of tests/fixtures/scripts, indexed.
pub fn fixtures() -> Dir {
    let d = Dir::new();
    for entry in std::fs::read_dir(repo().join("tests/fixtures/scripts")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        d.write(&format!("pages/{name}"), std::fs::read(&path).unwrap());
    }
    let r = d.run(&["index", "pages"]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    d
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

#[test]
fn a_name_is_found_in_every_script_and_case() {
    let d = fixtures();
    let found = |args: &[&str]| sorted(hit_files(&d.search_json(args)));
    let lavrov = ["en-reuters-lavrov.txt", "ru-tass-lavrov.txt"];
    assert_eq!(found(&["Lavrov"]), lavrov);
    assert_eq!(found(&["lavrov"]), lavrov);
    assert_eq!(found(&["Лавров"]), lavrov);
    assert_eq!(found(&["Лаврова"]), lavrov, "an inflected query word");
    let zelensky = [
        "en-reuters-lavrov.txt",
        "ru-ria-zelensky.txt",
        "uk-ukrinform-zelensky.txt",
    ];
    for q in [
        "Zelensky",
        "Zelenskyy",
        "Zelenskiy",
        "Зеленський",
        "Зеленский",
    ] {
        assert_eq!(found(&[q]), zelensky, "{q}");
    }
    assert_eq!(found(&["Kyiv"]), zelensky, "Київ, Києві, Киев, Kyiv");
    assert_eq!(found(&["Tsipras"]), ["el-kathimerini-tsipras.txt"]);
    assert_eq!(found(&["ΤΣΙΠΡΑΣ"]), ["el-kathimerini-tsipras.txt"]);
    assert_eq!(found(&["Mitsotakis"]), ["el-kathimerini-tsipras.txt"]);
    assert_eq!(
        found(&["\"Sergei Lavrov\""]),
        lavrov,
        "a phrase in each script"
    );
    assert_eq!(found(&["\"Сергей Лавров\""]), lavrov);
    let r = d.search_json(&["Lavrov"]);
    let variants = &r["variants"][0];
    assert_eq!(variants["word"], "lavrov");
    let searched: Vec<&str> = variants["searched"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    for form in ["лавров", "лаврова", "лавровым"] {
        assert!(searched.contains(&form), "{searched:?}");
    }
    let text = d.run(&["search", "Lavrov", "--color", "never"]).stdout();
    assert!(text.contains("also spelled: лавров"), "{text}");
}

#[test]
fn a_name_only_in_page_furniture_does_not_match() {
    let d = fixtures();
    let found = |q: &str| sorted(hit_files(&d.search_json(&[q])));
    // Шойгу is in the Ukrainian page's "Читайте також" block and the TASS page's; only the
    // RIA article has him in its text.
    assert_eq!(found("Shoigu"), ["ru-ria-zelensky.txt"]);
    assert_eq!(found("Шойгу"), ["ru-ria-zelensky.txt"]);
    assert!(!found("Ζελένσκι").contains(&"el-kathimerini-tsipras.txt".to_string()));
}

#[test]
fn script_and_exact_choose_the_spellings() {
    let d = fixtures();
    let found = |args: &[&str]| sorted(hit_files(&d.search_json(args)));
    assert_eq!(
        found(&["Lavrov", "--script", "cyrillic"]),
        ["ru-tass-lavrov.txt"]
    );
    assert_eq!(
        found(&["Лавров", "--script", "latin"]),
        ["en-reuters-lavrov.txt"]
    );
    assert_eq!(
        found(&["Lavrov", "--script", "latin"]),
        ["en-reuters-lavrov.txt"]
    );
    assert_eq!(found(&["Lavrov", "--exact"]), ["en-reuters-lavrov.txt"]);
    assert_eq!(found(&["Лавров", "--exact"]), ["ru-tass-lavrov.txt"]);
    assert!(found(&["Lavrov", "--script", "greek"]).is_empty());
    // The typed word is ruled out by the script: what was searched is reported for it.
    let r = d.search_json(&["Lavrov", "--script", "cyrillic"]);
    assert_eq!(r["variants"][0]["word"], "lavrov", "{r}");
    assert_eq!(r["variants"][0]["searched"][0], "лавров", "{r}");
    let r = d.run(&["search", "Lavrov", "--script", "arabic"]);
    assert_eq!(r.code(), 2, "{}", r.stderr());
    assert!(r.stderr().contains("cyrillic"), "{}", r.stderr());
}

#[test]
fn an_outlet_written_in_cyrillic_is_the_outlet() {
    let d = fixtures();
    // Wire credits as the Russian and Ukrainian agencies print them: "/ТАСС/.", "- РИА Новости."
    for (q, file, source) in [
        ("Лавров", "ru-tass-lavrov.txt", "TASS"),
        ("Зеленский", "ru-ria-zelensky.txt", "RIA Novosti"),
        ("Зеленський", "uk-ukrinform-zelensky.txt", "Ukrinform"),
    ] {
        let r = d.search_json(&[q, "--source", source, "--script", "cyrillic"]);
        assert_eq!(hit_files(&r), [file], "{q} {source}: {r}");
    }
}

#[test]
fn ordinary_words_do_not_cross_scripts_unless_typed_as_names() {
    let d = fixtures();
    let found = |q: &str| hit_files(&d.search_json(&[q]));
    // банк and парк are the Russian for bank and park: a lower-case word stays English.
    assert!(found("bank").is_empty());
    assert!(found("park").is_empty());
    assert!(found("банк").iter().all(|f| f == "ru-bank-park.txt"));
    assert!(!found("банк").is_empty());
    // Capitalised, it is taken for a name and crosses.
    assert_eq!(found("Bank"), ["ru-bank-park.txt"]);
}
