//! Saved HTML and MHTML pages: metadata from the markup, charsets, MHTML parts, a mixed
//! directory, boilerplate-proof matching, and one story saved as HTML and as text.

use crate::util::{hit_files, repo, Dir};
use serde_json::Value;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(repo().join("tests/fixtures/html").join(name)).unwrap()
}

fn extract(d: &Dir, rel: &str) -> Value {
    let r = d.run(&["extract", "--json", rel]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    serde_json::from_str(&r.stdout()).unwrap()
}

/// The body `extract` gives `page` saved as `name`.
fn body_of(name: &str, page: impl AsRef<[u8]>) -> String {
    let d = Dir::new();
    d.write(name, page);
    extract(&d, name)["body"].as_str().unwrap().to_owned()
}

fn assert_holds(body: &str, lines: &[&str]) {
    for line in lines {
        assert!(body.contains(line), "{line}: {body}");
    }
}

#[test]
fn metadata_comes_from_whichever_markup_the_page_has() {
    let d = Dir::new();
    for (name, title, date, site) in [
        (
            "jsonld.html",
            "Ministers agree on a Black Sea grain corridor",
            "2024-03-05",
            "Harbour Gazette",
        ),
        (
            "opengraph.html",
            "Rail strike ends after pay offer",
            "2023-09-14",
            "The Northern Post",
        ),
        (
            "time.html",
            "Library reopens after flood repairs",
            "2023-11-03",
            "Valley Courier",
        ),
        (
            "conflicting.html",
            "Port workers end stoppage",
            "2024-01-10",
            "Coastal Times",
        ),
    ] {
        d.write(name, fixture(name));
        let a = extract(&d, name);
        assert_eq!(a["input"], "html", "{name}");
        assert_eq!(a["title"], title, "{name}");
        assert_eq!(a["date"], date, "{name}: published, never modified");
        assert_eq!(a["site"], site, "{name}");
        let body = a["body"].as_str().unwrap();
        assert!(
            !body.contains(title),
            "{name}: the headline is not body text"
        );
        assert!(
            !body.contains("Updated") && !body.contains("©"),
            "{name}: {body}"
        );
    }
    // A re-hosted wire story: the site names itself in og:site_name, its JSON-LD names the
    // wire that wrote it, and the body carries no credit line.
    d.write("rehosted-wire.html", fixture("rehosted-wire.html"));
    let a = extract(&d, "rehosted-wire.html");
    assert_eq!(a["site"], "Bay City Gate", "{a}");
    assert_eq!(a["source"], "Associated Press", "{a}");
    // No site in the markup and no address: the copyright notice's owner names it.
    d.write("copyright-only.html", fixture("copyright-only.html"));
    let a = extract(&d, "copyright-only.html");
    assert_eq!(a["site"], "Riverside Herald", "{a}");
    assert!(!a["body"].as_str().unwrap().contains("Riverside"), "{a}");
    // A publisher that is no wire is not the source: the site is.
    assert_eq!(extract(&d, "jsonld.html")["source"], "Harbour Gazette");
    let text = extract(&d, &{
        d.write(
            "plain.txt",
            "Plain page\n\nA paragraph of plain text that is long enough to be kept as the body.\n",
        );
        "plain.txt".to_string()
    });
    assert_eq!(text["input"], "text");
}

#[test]
fn a_name_only_in_related_links_teasers_captions_or_comments_never_matches() {
    let d = Dir::new();
    d.write("pages/related-only.html", fixture("related-only.html"));
    assert_eq!(d.run(&["index", "pages"]).code(), 0);
    assert_eq!(d.search_json(&["fishing quotas"])["total"], 1);
    for name in [
        "Farage",
        "Hegseth",
        "Dnipro",
        "Pezeshkian",
        "Hiram",
        "lifeboat",
    ] {
        assert_eq!(d.search_json(&[name])["total"], 0, "{name}");
    }
}

#[test]
fn list_items_and_an_announced_table_stay_and_a_list_after_the_article_goes() {
    let body = &body_of("list-in-article.html", fixture("list-in-article.html"));
    assert_holds(
        body,
        &[
            "Raise the east bank by half a metre",
            "Replace the sluice at Welney Cut",
            "Build a pumping station near Hundred Foot Drain",
            "Plant reed beds on the washland",
        ],
    );
    assert!(body.contains("cost of each stage"), "{body}");
    // A table the last paragraph announces is the article's; the list after it is not.
    assert!(body.contains("Pumping station 3.4 million"), "{body}");
    assert!(
        !body.contains("Mitsotakis") && !body.contains("Saturday"),
        "{body}"
    );
}

#[test]
fn a_page_whose_article_is_a_list_keeps_the_list() {
    let body = &body_of("list-article.html", fixture("list-article.html"));
    assert_holds(
        body,
        &[
            "Tide tables for this year",
            "+ Added tide tables for Lowestoft and Southwold",
            "* Fixed the Walton backwaters chart",
            "- Removed support for version 1 bookmarks",
        ],
    );
    // The prose beside the list is not the article.
    assert!(!body.contains("floppy disk"), "{body}");
}

#[test]
fn a_list_announced_by_its_own_line_after_the_article_stays() {
    let page = r#"<html><head><title>Harbour app 3</title></head><body>
<div class="top"><a href="/">Home</a> <a href="/apps">Apps</a></div>
<div class="post"><h1>Harbour app 3</h1>
<p>The third version of the harbour app is out today, two years after the second, and it is free for everyone who bought either of the earlier ones.</p>
<p>It was written with the help of the pilots and harbour masters of the east coast, who tried it on their own boats all through the summer.</p>
<p>Harbour app 3:</p>
<ul><li>Tide tables for every port from Lowestoft to Harwich</li>
<li>Warnings for spring tides and storm surges</li>
<li>Charts that work without a signal</li></ul>
</div>
<ul class="more"><li><a href="/x">Mitsotakis meets Orban</a></li><li><a href="/y">Markets close higher</a></li></ul>
</body></html>"#;
    let body = &body_of("announced.html", page);
    assert_holds(
        body,
        &[
            "Harbour app 3:",
            "Tide tables for every port from Lowestoft to Harwich",
            "Charts that work without a signal",
        ],
    );
    assert!(!body.contains("Mitsotakis"), "{body}");
}

#[test]
fn a_blog_on_a_publishing_platform_is_the_source_and_the_platform_the_site() {
    let d = Dir::new();
    let page = r#"<html><head><title>Silicon Exposed: Open Verilog flow</title>
<meta property="og:site_name" content="Silicon Exposed">
<link rel="canonical" href="http://siliconexposed.blogspot.com/2016/05/open-verilog-flow.html"></head>
<body><div class="post"><h1>Open Verilog flow</h1>
<p>The synthesis flow for the small programmable parts now runs from Verilog to a bitstream with nothing but open tools, after a year of work on the place-and-route step.</p></div></body></html>"#;
    d.write("blog.html", page);
    let a = extract(&d, "blog.html");
    assert_eq!(a["source"], "Silicon Exposed");
    assert_eq!(a["site"], "Blogger");
    // The same page at the blog's own address: no platform, the blog is both.
    d.write(
        "own.html",
        page.replace("siliconexposed.blogspot.com", "siliconexposed.org"),
    );
    let a = extract(&d, "own.html");
    assert_eq!(a["site"], "Silicon Exposed");
    // Saved as text, the page has no address: its footer names the platform.
    let text = "Silicon Exposed\n\nOpen Verilog flow\n\nThe synthesis flow for the small programmable parts now runs from Verilog to a bitstream with nothing but open tools, after a year of work on the place-and-route step.\n\nThe next step is timing analysis, which the team expects to finish before the end of the year, once the models of the slower parts are measured.\n\nPowered by Blogger\n";
    d.write("blog.txt", text);
    assert_eq!(extract(&d, "blog.txt")["site"], "Blogger");
    d.write(
        "plain.txt",
        text.replace("Powered by Blogger", "Contact us"),
    );
    assert_ne!(extract(&d, "plain.txt")["site"], "Blogger");
    // A site with an account on a platform is not on it.
    d.write(
        "follow.txt",
        text.replace("Powered by Blogger", "Follow us on Tumblr"),
    );
    assert_ne!(extract(&d, "follow.txt")["site"], "Tumblr");
    // A platform's name the page shows more than any other is the platform, not the blog.
    let text = "Gnaur\n\nMenü\n\nDie Möglichkeit nichts zu tun\n\nVeröffentlicht am 14. Juni 2013\n\nManchmal ist es das Beste, nichts zu tun und die Dinge laufen zu lassen, denn wer immer etwas tut, hat keine Zeit mehr, darüber nachzudenken, was er eigentlich tun wollte.\n\nDie Möglichkeit, nichts zu tun, ist auch eine Möglichkeit, und oft die klügste, die man an einem langen Nachmittag im Sommer haben kann.\n\nDu kommentierst mit Deinem WordPress.com-Konto.\n\nGnaur\n\nWordPress.com\n\nBloggen auf WordPress.com.\n";
    d.write("wordpress.txt", text);
    let a = extract(&d, "wordpress.txt");
    assert_eq!(
        (&a["source"], &a["site"]),
        (&"Gnaur".into(), &"WordPress.com".into())
    );
}

/// `html` as a browser's MHTML save: quoted-printable HTML part, then an image part.
fn mhtml(html: &[u8]) -> Vec<u8> {
    let mut qp = String::new();
    let mut line = 0;
    for &b in html {
        let piece = match b {
            b'\n' => {
                qp.push_str("\r\n");
                line = 0;
                continue;
            }
            b'=' | 0x80..=0xff => format!("={b:02X}"),
            _ => (b as char).to_string(),
        };
        if line + piece.len() > 75 {
            qp.push_str("=\r\n");
            line = 0;
        }
        line += piece.len();
        qp.push_str(&piece);
    }
    format!(
        "From: <Saved by Blink>\r\nSnapshot-Content-Location: https://northernpost.example/news/rail\r\n\
Subject: Rail strike ends\r\nMIME-Version: 1.0\r\n\
Content-Type: multipart/related;\r\n\ttype=\"text/html\";\r\n\tboundary=\"----MultipartBoundary--x1----\"\r\n\r\n\
------MultipartBoundary--x1----\r\nContent-Type: text/html\r\nContent-ID: <frame-1@mhtml.blink>\r\n\
Content-Transfer-Encoding: quoted-printable\r\nContent-Location: https://northernpost.example/news/rail\r\n\r\n\
{qp}\r\n------MultipartBoundary--x1----\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\
Content-Location: https://northernpost.example/logo.png\r\n\r\niVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==\r\n\
------MultipartBoundary--x1------\r\n"
    )
    .into_bytes()
}

#[test]
fn a_mixed_directory_indexes_text_html_and_mhtml_and_counts_the_rest() {
    let d = Dir::with_seeds("saved/text");
    d.write("saved/web/jsonld.html", fixture("jsonld.html"));
    d.write("saved/web/rail.mhtml", mhtml(&fixture("opengraph.html")));
    // Windows-1251, declared in a <meta>; Windows-1252, declared nowhere.
    let (cyrillic, _, _) = encoding_rs::WINDOWS_1251.encode(
        "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">\
<title>Лавров провёл переговоры в Анкаре</title></head><body><article><h1>Лавров провёл переговоры в Анкаре</h1>\
<p>Министр иностранных дел Сергей Лавров провёл в среду переговоры со своим турецким коллегой в Анкаре, сообщили в министерстве.</p>\
</article></body></html>",
    );
    d.write("saved/web/ankara.htm", cyrillic);
    let (latin, _, _) = encoding_rs::WINDOWS_1252.encode(
        "<html><body><article><h1>Le président à l’Élysée</h1><p>Le président de la République a reçu mardi à l’Élysée les représentants des syndicats agricoles, qui réclament une baisse des charges.</p></article></body></html>",
    );
    d.write("saved/web/elysee.shtml", latin);
    d.write("saved/web/report.pdf", b"%PDF-1.4 not a page");
    d.write("saved/web/photo.jpg", [0xff, 0xd8, 0xff, 0xe0]);
    d.write("saved/web/second.pdf", b"%PDF-1.4");
    // A browser's "complete" save: Page.html beside Page_files/, whose frames are not articles.
    d.write("saved/web/Page.html", fixture("time.html"));
    d.write(
        "saved/web/Page_files/ad-frame.html",
        "<html><body><p>Buy one get one free on every frame.</p></body></html>",
    );

    let r = d.run(&["index", "saved"]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    assert!(r.stdout().contains("indexed 8 articles"), "{}", r.stdout());
    assert!(r.stdout().contains("skipped 0 files\n"), "{}", r.stdout());
    assert!(
        r.stdout()
            .contains("skipped 3 files of other types (.pdf 2, .jpg 1)"),
        "{}",
        r.stdout()
    );
    let found = |q: &str| hit_files(&d.search_json(&[q]));
    assert_eq!(found("grain corridor"), ["jsonld.html"]);
    assert_eq!(found("rail strike"), ["rail.mhtml"]);
    let cyrillic = hit_files(&d.search_json(&["Лавров", "--script", "cyrillic"]));
    assert_eq!(cyrillic, ["ankara.htm"]);
    // Without --script the Latin spellings of the seeds match too.
    assert_eq!(found("Лавров").len(), 3);
    assert_eq!(found("Élysée syndicats"), ["elysee.shtml"]);
    assert_eq!(found("flood library"), ["Page.html"]);
    assert!(found("frame").is_empty());
    let rail = d.search_json(&["rail strike"]);
    assert_eq!(rail["hits"][0]["site"], "The Northern Post");
    assert_eq!(rail["hits"][0]["date"], "2023-09-14");
    let mut lavrov = hit_files(&d.search_json(&["Lavrov", "--script", "latin"]));
    lavrov.sort();
    assert_eq!(
        lavrov.len(),
        2,
        "the seeds' two Lavrov articles: {lavrov:?}"
    );
    assert_eq!(found("Lavrov").len(), 3, "and the Russian page as Лавров");
}

#[test]
fn one_story_saved_as_html_and_as_text_is_one_story() {
    let d = Dir::with_seeds("pages");
    let seed = repo().join("seeds/002_4a4254405e50acfe.txt");
    let article = dateline::extract::read(&seed, u64::MAX).unwrap();
    let paragraphs: String = article
        .passages
        .iter()
        .map(|p| format!("<p>{}</p>\n", p.replace('&', "&amp;").replace('<', "&lt;")))
        .collect();
    let html = format!(
        "<html><head><title>{} | Example Wire Desk</title>\
<meta property=\"og:site_name\" content=\"Example Wire Desk\"></head><body>\
<nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav><article><h1>{}</h1>{paragraphs}</article>\
<footer>© Example Wire Desk</footer></body></html>",
        article.title.clone().unwrap(),
        article.title.clone().unwrap()
    );
    d.write("pages/copy.html", html);
    assert_eq!(d.run(&["index", "pages"]).code(), 0);
    let r = d.search_json(&["\"root causes\" Kremlin"]);
    assert_eq!(r["articles"], 2, "{r}");
    assert_eq!(r["total"], 1, "one story: {r}");
    assert_eq!(r["hits"][0]["also_in"].as_array().unwrap().len(), 1);
}

/// An article of some 1,600 characters with, after its text, a slideshow of `slides` captions in an element
/// of class `class`.
fn page_with_slideshow(class: &str, slides: usize) -> String {
    let mut page = String::from(
        r#"<html><head><title>Harbour dues rise</title></head><body><article class="full">
<h1>Harbour dues rise for the first time in ten years</h1><div class="text">"#,
    );
    for p in [
        "The harbour board voted on Tuesday to raise the dues paid by fishing boats and yachts, the first rise since the quays were rebuilt.",
        "Owners of the smaller boats say they will appeal, and their association has written to every member of the board.",
        "The board says the money will pay for dredging the channel, which has silted up since the storms of the winter before last.",
        "Fishermen landing at the north quay will pay a third more a year; visiting yachts will pay by the night, as before.",
        "A public meeting is called for next month in the old customs house, where the plans for the channel can be seen.",
        "The last rise, ten years ago, was followed by two years in which fewer boats used the harbour, the board's own figures show.",
        "Two of the board's nine members voted against the rise, saying the dredging could wait until the spring survey is done.",
        "The ferry company, which pays the largest share of the dues, said it had not yet seen the new tariff and would not comment.",
        "Harbour masters along the coast have raised their dues too this year, most of them by less than a tenth, a survey found.",
        "The board's chair said the harbour could not go on without dredging, and that the rise was the smallest that would pay for it.",
        "Yacht clubs on the estuary have asked for a lower rate for boats that stay the whole season, as other harbours offer.",
        "The new dues take effect on the first of April, unless the appeal to the county council succeeds before then.",
        "Until then the old tariff stands, and boats that pay for the year before the end of March will pay at the old rate.",
        "The board meets again in May, when it will hear the result of the survey and decide how far the dredging should go.",
    ] {
        page.push_str(&format!("<p>{p}</p>\n"));
    }
    page.push_str(&format!(r#"<div class="{class}"><ul>"#));
    for i in 1..=slides {
        page.push_str(&format!(
            "<li><h2>{i}/{slides} Quillfeather opens a new mill</h2><p>Slide {i}: the chief executive of a paper company spoke about the mill, the jobs it brings and the river it stands on, in a caption of another story.</p><p>Getty</p></li>\n"
        ));
    }
    page.push_str("</ul></div></div></article></body></html>");
    page
}

#[test]
fn a_slideshow_embedded_beside_the_article_is_left_out_however_long() {
    // Forty slides hold more text than the story itself.
    let body = body_of(
        "embedded.html",
        page_with_slideshow("dnd-widget-wrapper type-gallery", 40),
    );
    assert_holds(
        &body,
        &["The harbour board voted", "The last rise, ten years ago"],
    );
    assert!(!body.contains("Quillfeather"), "{body}");
    // A slideshow that is not named as embedded may be the page's content: kept.
    let body = body_of("package.html", page_with_slideshow("slideshowPackage", 40));
    assert_holds(
        &body,
        &["The harbour board voted", "Quillfeather opens a new mill"],
    );
}

/// A story its scripts were to load: the page shows a headline and its menus, the markup states
/// the text.
fn scripted_story(markup: &str) -> String {
    format!(
        r#"<!doctype html><html><head><title>Harbour talks resume - The Example Post</title>
        <meta property="og:title" content="Harbour talks resume">{markup}</head>
        <body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
        <h1>Harbour talks resume</h1><div id="story-root"></div>
        <footer>© 2024 The Example Post</footer></body></html>"#
    )
}

#[test]
fn a_page_that_shows_no_story_is_read_from_what_its_markup_states() {
    let ld = r#"<script type="application/ld+json">{"@type": "NewsArticle",
        "headline": "Harbour talks resume",
        "articleBody": "Negotiators led by Minister Aurelia Voss met in Valletta on Monday to settle the harbour dispute.\nA second round is planned for June, officials said."}</script>"#;
    let body = body_of("scripted.html", scripted_story(ld));
    assert_holds(
        &body,
        &[
            "Negotiators led by Minister Aurelia Voss met in Valletta",
            "A second round is planned for June",
        ],
    );
    let og = r#"<meta property="og:description" content="Negotiators led by Minister Aurelia Voss met in Valletta on Monday to settle the harbour dispute [&hellip;]">"#;
    let body = body_of("described.html", scripted_story(og));
    assert_eq!(
        body.trim(),
        "Negotiators led by Minister Aurelia Voss met in Valletta on Monday to settle the harbour dispute"
    );
    // A page that shows its story keeps it, and a name only in the description is not in it.
    let shown = scripted_story(
        r#"<meta property="og:description" content="Minister Aurelia Voss comments on the talks in Valletta, and a dozen more words of summary here.">"#,
    )
    .replace(
        r#"<div id="story-root"></div>"#,
        "<article><p>Negotiators met in the capital on Monday to settle the dispute over the harbour, \
         which has closed the port to cargo ships for most of the spring.</p><p>A second round \
         of talks is planned for June, officials said after the meeting ended late in the evening.</p></article>",
    );
    let body = body_of("shown.html", shown);
    assert_holds(&body, &["Negotiators met in the capital on Monday"]);
    assert!(!body.contains("Voss"), "{body}");
}
