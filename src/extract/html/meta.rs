//! What a page's markup says about its article: headline, publication date, site, address.
//!
//! Owns reading JSON-LD (`NewsArticle`, `Article`, `ReportageNewsArticle` and their kin:
//! `headline`, `datePublished`, `publisher.name`, CDATA-wrapped too), OpenGraph (`og:title`,
//! `og:site_name`, `article:published_time`, `og:url`), `<meta name="date|pubdate|dc.date…">`,
//! `itemprop="datePublished"`, `<time datetime>`, `<title>` (without its " | Site" part),
//! `application-name` (the site's name, when it is not the headline) and
//! `rel=canonical`. Each fact takes the first source that has it, in that order, except the
//! headline: the page's own `og:title` comes before JSON-LD's, which is often a search
//! engine's variant or the same with author and site appended. Modified dates are never
//! read. The text reader's choices fill what the markup leaves out.

use crate::extract::date;
use chrono::NaiveDate;
use scraper::{Html, Selector};
use serde_json::Value;
use std::sync::OnceLock;

/// The facts the markup gives.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Markup {
    /// The headline.
    pub title: Option<String>,
    /// The publication date.
    pub date: Option<NaiveDate>,
    /// The site's name as it names itself (`og:site_name`; else the JSON-LD publisher).
    pub site: Option<String>,
    /// The JSON-LD publisher: the site's own organisation, or on a re-hosted story the wire
    /// that wrote it (SFGate's pages of Associated Press copy name the AP).
    pub publisher: Option<String>,
    /// The host of the page's address (`rel=canonical`, `og:url`), without `www.`.
    pub host: Option<String>,
    /// The part of `<title>` that names the site ("Headline - Valley Courier").
    pub title_site: Option<String>,
    /// The page's whole visible text, frame included: where a date may be written that
    /// neither the markup nor the article's blocks give.
    pub whole_text: String,
    /// The owner a copyright notice anywhere on the page names ("©2005-2015 WebMD, LLC"),
    /// read only when the markup names no site: the footer that holds it is not article text.
    pub copyright_owner: Option<String>,
    /// The article's text as the markup states it for machines: JSON-LD `articleBody`, else
    /// its description (`og:description`, `twitter:description`, `description`). The body
    /// when the page shows none (a story its scripts were to load).
    pub summary: Option<String>,
}

/// The site's name from `og:site_name` and the JSON-LD publisher. The site as it names
/// itself comes first (a re-hosted story's JSON-LD may name the wire that wrote it), but when
/// the two are one name written two ways ("TheHill", "The Hill"; "Sky News", "Sky"), the
/// publisher's spelling, which is usually the written-out one.
fn site_name(og: Option<String>, publisher: Option<String>) -> Option<String> {
    match (og, publisher) {
        (Some(o), Some(p)) => {
            let (fo, fp) = (super::super::site::key(&o), super::super::site::key(&p));
            let same = !fo.is_empty() && !fp.is_empty() && (fo.contains(&fp) || fp.contains(&fo));
            Some(if same { p } else { o })
        }
        (o, p) => o.or(p),
    }
}

/// JSON-LD types of an article.
const ARTICLE_TYPES: &[&str] = &[
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "ReviewNewsArticle",
    "BlogPosting",
    "LiveBlogPosting",
    "Report",
    "TechArticle",
    "SocialMediaPosting",
    "ScholarlyArticle",
];

/// `<meta name=…>` (or `property=`) values that carry the publication date, best first.
const DATE_NAMES: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "dc.date",
    "dc.date.issued",
    "dc.date.created",
    "dcterms.date",
    "dcterms.issued",
    "dcterms.created",
    "article.published",
    "article_date_original",
    "sailthru.date",
    "parsely-pub-date",
    "citation_publication_date",
    "cxenseparse:recs:publishtime",
    "originalpublicationdate",
];

struct Selectors {
    ld: Selector,
    meta: Selector,
    item_date: Selector,
    time: Selector,
    title: Selector,
    canonical: Selector,
}

fn selectors() -> &'static Selectors {
    static S: OnceLock<Selectors> = OnceLock::new();
    S.get_or_init(|| {
        let s = |css: &str| Selector::parse(css).expect("valid selector");
        Selectors {
            ld: s(r#"script[type="application/ld+json"]"#),
            meta: s("meta[content]"),
            item_date: s(r#"[itemprop="datePublished"]"#),
            time: s("time[datetime]"),
            title: s("title"),
            canonical: s(r#"link[rel="canonical"]"#),
        }
    })
}

/// Reads the markup's facts from `doc`.
pub fn read(doc: &Html) -> Markup {
    let s = selectors();
    let mut ld = LinkedData::default();
    for script in doc.select(&s.ld) {
        let raw: String = script.text().collect();
        if let Ok(v) = serde_json::from_str::<Value>(without_cdata(&raw)) {
            ld.visit(&v, 0);
        }
    }
    let metas: Vec<(String, String)> = doc
        .select(&s.meta)
        .filter_map(|m| {
            let el = m.value();
            let key = el
                .attr("property")
                .or(el.attr("name"))
                .or(el.attr("itemprop"))?;
            Some((
                key.trim().to_ascii_lowercase(),
                el.attr("content")?.trim().to_owned(),
            ))
        })
        .filter(|(_, v)| !v.is_empty())
        .collect();
    let meta = |key: &str| {
        metas
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    };
    let publisher = ld.publisher.clone().filter(|s| !s.is_empty());
    let page_title = doc
        .select(&s.title)
        .next()
        .map(|t| clean(&t.text().collect::<String>()));
    // The name a site gives its pages when pinned as an app: its own name, unless it is the
    // page's headline (the headline the title bar shows).
    let headline_bar = page_title.as_deref().map(|t| without_site(t, None).0);
    let app_name = meta("application-name")
        .map(clean)
        .filter(|n| n.chars().filter(|c| c.is_alphanumeric()).count() >= 2)
        .filter(|n| headline_bar.as_deref().is_none_or(|h| !same_words(h, n)));
    let site = site_name(
        meta("og:site_name").map(clean).filter(|s| !s.is_empty()),
        publisher.clone(),
    )
    .or_else(|| app_name.clone());
    let date = ld
        .published
        .as_deref()
        .and_then(parse_date)
        .or_else(|| DATE_NAMES.iter().find_map(|n| meta(n).and_then(parse_date)))
        .or_else(|| {
            doc.select(&s.item_date).find_map(|e| {
                let v = e.value();
                let raw = v.attr("content").or(v.attr("datetime")).map(str::to_owned);
                parse_date(&raw.unwrap_or_else(|| e.text().collect()))
            })
        })
        .or_else(|| {
            doc.select(&s.time)
                .find_map(|e| e.value().attr("datetime").and_then(parse_date))
        });
    // A headline the markup states may still carry the site's name as the title bar does
    // ("Issue 85 – Firefox Nightly News"): only that exact name is taken off it.
    let stated: Vec<String> = [
        meta("og:title").map(clean),
        ld.headline.clone(),
        meta("twitter:title").map(clean),
    ]
    .into_iter()
    .flatten()
    // A front page's title stated for a story (the app's name, "Yahoo News - Latest News")
    // is not its headline.
    .filter(|t| {
        !t.is_empty()
            && app_name
                .as_deref()
                .is_none_or(|n| !t.eq_ignore_ascii_case(n))
    })
    .collect();
    let title = stated
        .first()
        .map(|first| undecorated(first, &stated))
        .map(|t| without_named_site(t, site.as_deref()))
        .or_else(|| {
            page_title
                .as_deref()
                .map(|t| without_site(t, site.as_deref()).0)
        })
        .filter(|t| !t.is_empty());
    let title_site = page_title
        .as_deref()
        .and_then(|t| without_site(t, site.as_deref()).1);
    let url = doc
        .select(&s.canonical)
        .find_map(|l| l.value().attr("href").map(str::to_owned))
        .or(meta("og:url").map(str::to_owned));
    let summary = ld
        .body
        .clone()
        .or_else(|| {
            ["og:description", "twitter:description", "description"]
                .iter()
                .find_map(|k| meta(k))
                .map(clean)
        })
        .filter(|s| !s.is_empty());
    Markup {
        title,
        date,
        site,
        publisher,
        host: url.as_deref().and_then(host),
        title_site,
        whole_text: String::new(),
        copyright_owner: None,
        summary,
    }
}

/// A script's JSON without the CDATA wrapper some pages put around it (`<![CDATA[ … ]]>`,
/// also behind `//` or inside `/* */` comments).
fn without_cdata(raw: &str) -> &str {
    let mut s = raw.trim();
    for open in ["//<![CDATA[", "/*<![CDATA[*/", "<![CDATA["] {
        if let Some(rest) = s.strip_prefix(open) {
            s = rest.trim();
            break;
        }
    }
    for close in ["//]]>", "/*]]>*/", "]]>"] {
        if let Some(rest) = s.strip_suffix(close) {
            s = rest.trim();
            break;
        }
    }
    s
}

/// Facts found in JSON-LD: the first article object's.
#[derive(Default)]
struct LinkedData {
    headline: Option<String>,
    published: Option<String>,
    publisher: Option<String>,
    /// `articleBody`, paragraphs kept apart, else `description`.
    body: Option<String>,
}

impl LinkedData {
    fn visit(&mut self, v: &Value, depth: usize) {
        if depth > 8 {
            return;
        }
        match v {
            Value::Array(items) => items.iter().for_each(|i| self.visit(i, depth + 1)),
            Value::Object(o) => {
                if let Some(graph) = o.get("@graph") {
                    self.visit(graph, depth + 1);
                }
                if is_article(o.get("@type")) {
                    self.take(o);
                }
            }
            _ => {}
        }
    }

    fn take(&mut self, o: &serde_json::Map<String, Value>) {
        let text = |k: &str| o.get(k).and_then(Value::as_str).map(clean);
        if self.headline.is_none() {
            self.headline = text("headline").or_else(|| text("name"));
        }
        if self.published.is_none() {
            self.published = text("datePublished").or_else(|| text("dateCreated"));
        }
        if self.publisher.is_none() {
            self.publisher = o.get("publisher").and_then(name_of);
        }
        if self.body.is_none() {
            self.body = ["articleBody", "description"].iter().find_map(|k| {
                let raw = o.get(*k)?.as_str()?;
                let paragraphs: Vec<String> =
                    raw.lines().map(clean).filter(|l| !l.is_empty()).collect();
                (!paragraphs.is_empty()).then(|| paragraphs.join("\n"))
            });
        }
    }
}

fn is_article(t: Option<&Value>) -> bool {
    match t {
        Some(Value::String(s)) => ARTICLE_TYPES.contains(&s.as_str()),
        Some(Value::Array(a)) => a.iter().any(|t| is_article(Some(t))),
        _ => false,
    }
}

/// An organisation's name: a string, `{"name": …}`, or the first of a list.
fn name_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(clean(s)),
        Value::Object(o) => o.get("name").and_then(Value::as_str).map(clean),
        Value::Array(a) => a.iter().find_map(name_of),
        _ => None,
    }
    .filter(|s| !s.is_empty())
}

/// White space folded, HTML entities already decoded by the parser (JSON-LD text may carry
/// them again).
fn clean(s: &str) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    s.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#039;", "'")
        .replace("&apos;", "'")
}

/// A date value: an ISO date or timestamp (its calendar date as written, in the publisher's
/// time zone), else the first full date written in it.
fn parse_date(v: &str) -> Option<NaiveDate> {
    let v = v.trim();
    if let Some(d) = v
        .get(..10)
        .and_then(|p| NaiveDate::parse_from_str(p, "%Y-%m-%d").ok())
    {
        return Some(d).filter(|d| (1990..=2100).contains(&chrono::Datelike::year(d)));
    }
    if v.len() >= 8 && v[..8].bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(d) = NaiveDate::parse_from_str(&v[..8], "%Y%m%d") {
            return Some(d);
        }
    }
    date::find_dates(v).first().map(|f| f.date)
}

/// `a` and `b` begin with the same words (one is the other, or cut short of it).
fn same_words(a: &str, b: &str) -> bool {
    let (a, b) = (crate::extract::site::key(a), crate::extract::site::key(b));
    !a.is_empty() && !b.is_empty() && (a.starts_with(&b) || b.starts_with(&a))
}

/// Separators between a page's title and its site's name in a title bar.
const SEPARATORS: &[&str] = &[" | ", " - ", " – ", " — ", " :: ", " · ", " « ", " » "];

/// `part` is the site's name.
fn is_named(part: &str, site: Option<&str>) -> bool {
    site.is_some_and(|s| part.trim().eq_ignore_ascii_case(s.trim()))
}

/// `title`, or another stated headline that is its beginning, cut at a separator: the
/// same headline without the author and site the first one appends ("Samantha and The
/// Great Big Lie - John C. Welch - Medium" and "Samantha and The Great Big Lie").
fn undecorated<'a>(title: &'a str, stated: &'a [String]) -> &'a str {
    stated
        .iter()
        .filter(|other| other.len() < title.len())
        .find(|other| {
            title.strip_prefix(other.as_str()).is_some_and(|rest| {
                SEPARATORS
                    .iter()
                    .any(|sep| rest.starts_with(sep.trim_end()))
            })
        })
        .map_or(title, String::as_str)
}

/// A stated headline without the site's name at either end, when it carries it.
fn without_named_site(title: &str, site: Option<&str>) -> String {
    for sep in SEPARATORS {
        if let Some((head, tail)) = title.rsplit_once(sep) {
            if is_named(tail, site) && !head.trim().is_empty() {
                return head.trim().to_owned();
            }
        }
        if let Some((head, tail)) = title.split_once(sep) {
            if is_named(head, site) && !tail.trim().is_empty() {
                return tail.trim().to_owned();
            }
        }
    }
    title.to_owned()
}

/// A `<title>` without the part that names the site, and that part: the site's name when
/// known, else the shorter side of the last separator when that side is a few words.
fn without_site(title: &str, site: Option<&str>) -> (String, Option<String>) {
    let named = |part: &str| is_named(part, site);
    for sep in SEPARATORS {
        if let Some((head, tail)) = title.rsplit_once(sep) {
            if named(tail) || tail.split_whitespace().count() <= 3 {
                return (head.trim().to_owned(), Some(tail.trim().to_owned()));
            }
            if let Some((head, tail)) = title.split_once(sep) {
                if named(head) {
                    return (tail.trim().to_owned(), Some(head.trim().to_owned()));
                }
            }
        }
    }
    (title.trim().to_owned(), None)
}

/// The host of an absolute URL, without `www.`.
fn host(url: &str) -> Option<String> {
    let url = url.trim();
    // Absolute, or relative to the page's protocol ("//us.example.com/news/").
    let rest = url
        .split_once("://")
        .map(|(_, rest)| rest)
        .or_else(|| url.strip_prefix("//"))?;
    let host = rest
        .split(['/', '?', '#', ':'])
        .next()?
        .to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_owned();
    Some(host).filter(|h| h.contains('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_site_names_itself_unless_the_publisher_writes_the_same_name_out() {
        let name = |o: Option<&str>, p: Option<&str>| {
            site_name(o.map(str::to_owned), p.map(str::to_owned))
        };
        assert_eq!(
            name(Some("SFGate"), Some("Associated Press")).unwrap(),
            "SFGate"
        );
        assert_eq!(
            name(Some("WSJ"), Some("Wall Street Journal")).unwrap(),
            "WSJ"
        );
        assert_eq!(name(Some("TheHill"), Some("The Hill")).unwrap(), "The Hill");
        assert_eq!(name(Some("Sky News"), Some("Sky")).unwrap(), "Sky");
        assert_eq!(
            name(None, Some("Harbour Gazette")).unwrap(),
            "Harbour Gazette"
        );
        assert_eq!(
            name(Some("Valley Courier"), None).unwrap(),
            "Valley Courier"
        );
        assert_eq!(name(None, None), None);
    }

    fn markup(html: &str) -> Markup {
        read(&Html::parse_document(html))
    }

    #[test]
    fn json_ld_alone() {
        let m = markup(
            r#"<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
            {"@type":"WebSite","name":"Not this"},
            {"@type":["NewsArticle"],"headline":"Talks resume in Geneva",
             "datePublished":"2024-06-12T23:30:00-05:00","dateModified":"2024-06-14T08:00:00Z",
             "publisher":{"@type":"Organization","name":"Daily Example"}}]}</script>"#,
        );
        assert_eq!(m.title.as_deref(), Some("Talks resume in Geneva"));
        assert_eq!(m.date.map(|d| d.to_string()).as_deref(), Some("2024-06-12"));
        assert_eq!(m.site.as_deref(), Some("Daily Example"));
    }

    #[test]
    fn opengraph_alone() {
        let m = markup(
            r#"<head><meta property="og:title" content="Talks resume">
            <meta property="og:site_name" content="The Example Times">
            <meta property="article:modified_time" content="2024-06-14T08:00:00Z">
            <meta property="article:published_time" content="2024-06-12T10:00:00Z">
            <meta property="og:url" content="https://www.example.com/world/talks"></head>"#,
        );
        assert_eq!(m.title.as_deref(), Some("Talks resume"));
        assert_eq!(m.date.map(|d| d.to_string()).as_deref(), Some("2024-06-12"));
        assert_eq!(m.site.as_deref(), Some("The Example Times"));
        assert_eq!(m.host.as_deref(), Some("example.com"));
    }

    #[test]
    fn a_stated_headline_loses_the_site_name_it_carries_and_nothing_else() {
        let m = markup(
            r#"<head><meta property="og:title" content="Issue 85 – Kyiv Review | Weekly Notes">
            <meta property="og:site_name" content="Weekly Notes"></head>"#,
        );
        assert_eq!(m.title.as_deref(), Some("Issue 85 – Kyiv Review"));
        let m = markup(
            r#"<head><meta property="og:title" content="Lavrov - Wang talks | Day two">
            <meta property="og:site_name" content="Weekly Notes"></head>"#,
        );
        assert_eq!(m.title.as_deref(), Some("Lavrov - Wang talks | Day two"));
    }

    #[test]
    fn time_element_and_title_suffix() {
        let m = markup(
            r#"<head><title>Talks resume in Geneva | Example News</title></head>
            <body><time datetime="2024-06-12">12 June</time></body>"#,
        );
        assert_eq!(m.title.as_deref(), Some("Talks resume in Geneva"));
        assert_eq!(m.date.map(|d| d.to_string()).as_deref(), Some("2024-06-12"));
        assert_eq!(m.site, None);
    }

    #[test]
    fn json_ld_wrapped_in_cdata_is_read() {
        let m = markup(
            r#"<script type="application/ld+json">
            <![CDATA[
            {"@type":"NewsArticle","headline":"Talks resume","datePublished":"2015-10-15T02:19:15Z"}
            ]]></script>"#,
        );
        assert_eq!(m.title.as_deref(), Some("Talks resume"));
        assert_eq!(m.date.map(|d| d.to_string()).as_deref(), Some("2015-10-15"));
    }

    #[test]
    fn the_page_s_own_headline_wins_over_a_decorated_or_seo_one() {
        let m = markup(
            r#"<script type="application/ld+json">{"@type":"NewsArticle",
            "headline":"Talks resume - Jane Doe - Medium"}</script>"#,
        );
        assert_eq!(m.title.as_deref(), Some("Talks resume - Jane Doe - Medium"));
        let m = markup(
            r#"<meta property="og:title" content="Talks resume">
            <script type="application/ld+json">{"@type":"NewsArticle",
            "headline":"Talks resume - Jane Doe - Medium"}</script>"#,
        );
        assert_eq!(m.title.as_deref(), Some("Talks resume"));
        assert_eq!(
            undecorated(
                "Talks resume - Jane Doe",
                &["Talks resume - Jane Doe".into(), "Talks resume".into()]
            ),
            "Talks resume"
        );
        assert_eq!(
            undecorated("Talks resumed", &["Talks resumed".into(), "Talks".into()]),
            "Talks resumed",
            "a shorter headline counts only when a separator follows it"
        );
    }

    #[test]
    fn the_app_s_name_is_the_site_and_never_the_headline() {
        let m = markup(
            r#"<head><title>Talks resume in Geneva</title>
            <meta name="application-name" content="Example News - Latest Headlines">
            <meta property="og:title" content="Example News - Latest Headlines">
            <link rel="canonical" href="//us.example.com/news/"></head>"#,
        );
        assert_eq!(m.title.as_deref(), Some("Talks resume in Geneva"));
        assert_eq!(m.site.as_deref(), Some("Example News - Latest Headlines"));
        assert_eq!(m.host.as_deref(), Some("us.example.com"));
        let m = markup(
            r#"<head><title>Talks resume in Geneva | Example News</title>
            <meta name="application-name" content="Talks resume in Geneva"></head>"#,
        );
        assert_eq!(m.title.as_deref(), Some("Talks resume in Geneva"));
        assert_eq!(m.site, None, "a headline put in the app's name is no site");
    }

    #[test]
    fn published_wins_over_modified_in_any_order() {
        let m = markup(
            r#"<meta name="dcterms.modified" content="2024-07-01">
            <meta itemprop="dateModified" content="2024-07-01">
            <span itemprop="datePublished" content="2024-06-12">12 June</span>"#,
        );
        assert_eq!(m.date.map(|d| d.to_string()).as_deref(), Some("2024-06-12"));
    }
}
