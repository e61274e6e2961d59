//! A parsed page's DOM to the text reader's input: one line per block, blank lines between.
//!
//! Owns what markup says for certain about boilerplate: subtrees that are never article text
//! (scripts, styles, forms, navigation, page headers and footers, asides, captions, hidden
//! elements, ARIA landmarks of the page's frame), elements whose class or id names a widget
//! (related, promo, newsletter, share, comments, cookie…) unless it also names the content,
//! and elements that are mostly link text (menus, lists of other stories, "Read more"
//! teasers). Everything else becomes blocks of text, one per block-level element, for the
//! text reader to classify as it classifies a saved text page. Walks without recursion, so
//! hostile nesting depth cannot overflow the stack.

use ego_tree::{NodeId, NodeRef};
use rustc_hash::{FxHashMap, FxHashSet};
use scraper::node::Element;
use scraper::{Html, Node};

/// Elements whose subtree is never article text.
const SKIPPED: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "canvas",
    "iframe",
    "object",
    "embed",
    "head",
    "select",
    "option",
    "button",
    "input",
    "textarea",
    "label",
    "nav",
    "aside",
    "footer",
    "figcaption",
    "menu",
    "dialog",
    "video",
    "audio",
    "map",
    "math",
];

/// Elements that start and end a block of text.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "table",
    "thead",
    "tbody",
    "tr",
    "blockquote",
    "pre",
    "figure",
    "address",
    "hr",
    "br",
    "center",
    "details",
    "summary",
    "fieldset",
    "body",
];

/// ARIA roles of the page's frame, not its article.
const FRAME_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
    "dialog",
    "alertdialog",
    "menu",
    "menubar",
    "toolbar",
    "tablist",
    "alert",
];

/// Class and id words of widgets (whole words of the attribute, split at punctuation and
/// case changes).
const WIDGET_WORDS: &[&str] = &[
    "related",
    "relatedarticles",
    "promo",
    "promotion",
    "newsletter",
    "subscribe",
    "subscription",
    "signup",
    "share",
    "sharing",
    "sharebar",
    "social",
    "comment",
    "comments",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "advert",
    "advertisement",
    "ad",
    "ads",
    "adslot",
    "sponsor",
    "sponsored",
    "banner",
    "breadcrumb",
    "breadcrumbs",
    "popup",
    "modal",
    "overlay",
    "recommended",
    "recommendations",
    "recirculation",
    "trending",
    "popular",
    "mostread",
    "outbrain",
    "taboola",
    "sidebar",
    "widget",
    "footer",
    "masthead",
    "navbar",
    "nav",
    "navigation",
    "menu",
    "pagination",
    "pager",
    "tags",
    "teaser",
    "teasers",
    "more",
    "morestories",
    "readmore",
    "readnext",
    "upnext",
    "caption",
    "credit",
    "byline-social",
    "bio",
    "authorbio",
    "toolbar",
    "disqus",
    "paywall-promo",
    "skip",
    "hidden",
    "sr",
    "visually",
];

/// Class and id words of a slideshow of pictures and their captions.
const GALLERY_WORDS: &[&str] = &["gallery", "slideshow", "carousel", "lightbox"];

/// Class and id words of a box embedded in a page's text.
const EMBED_WORDS: &[&str] = &[
    "widget",
    "embed",
    "embedded",
    "inline",
    "module",
    "atom",
    "shortcode",
];

/// Characters of prose outside a slideshow that make it a box within an article, not the
/// page's content (a photo essay's captions are its text).
const ARTICLE_BESIDE_GALLERY: u32 = 1500;

/// Class and id words of the article itself: an element naming one is never a widget.
const CONTENT_WORDS: &[&str] = &[
    "article", "content", "story", "body", "main", "entry", "post", "text", "prose",
];

/// Share of the body's text outside links that the content root holds.
const ROOT_SHARE: f32 = 0.6;
/// Share of an element's text in links above which it is a list of links, not prose.
const LINK_SHARE: f32 = 0.6;
/// Linked headings that make an element a list of other stories.
const TEASER_LIST: u32 = 3;
/// Characters of text outside links above which an element is not a mere list of links.
const LINK_LIST_PROSE: u32 = 1000;

/// What the walk needs to know of an element's subtree.
#[derive(Debug, Clone, Copy, Default)]
struct Size {
    /// Characters of text.
    text: u32,
    /// Of those, characters inside links.
    links: u32,
    /// It holds the page's article: an `<article>`, `<main>` or `<h1>`.
    anchor: bool,
    /// Headings that are links (`<h3><a>…</a></h3>`, `<a><h3>…</h3></a>`): each a teaser's
    /// title in a list of other stories.
    teasers: u32,
    /// It is a link (`<a>`): a heading whose child this is, is a linked heading.
    linked: bool,
}

/// Elements whose items or rows are one list.
const LISTS: &[&str] = &["ul", "ol", "dl", "table"];

/// What the markup says of each line of [`text_and_structure`]'s text.
#[derive(Debug, Clone, Default)]
pub struct Structure {
    /// Whether the line is inside the page's content root: the smallest element that holds
    /// most of the page's text outside links. Empty when the page's text is spread so thinly
    /// that no element but the body holds most of it.
    pub in_root: Vec<bool>,
    /// The list or table (`ul`, `ol`, `dl`, `table`) the line is an item or row of, numbered
    /// from 1 in page order; 0 for a line in none.
    pub list: Vec<u32>,
}

/// The page's text as blocks (one line per block, blank lines between), and what the markup
/// says of each of its lines.
pub fn text_and_structure(doc: &Html) -> (String, Structure) {
    let page = Page::of(doc);
    let (text, mut structure) = write(doc, &page);
    if page.root.is_none() {
        structure.in_root.clear();
    }
    (text, structure)
}

/// Every visible line of the page, frame included (scripts, styles and hidden elements
/// left out): where a date the article's own blocks lack may still be written.
pub fn all_text(doc: &Html) -> String {
    write(doc, &Page::whole()).0
}

fn write(doc: &Html, page: &Page) -> (String, Structure) {
    let mut out = Writer::default();
    let mut stack: Vec<(NodeRef<Node>, bool)> = vec![(doc.tree.root(), true)];
    while let Some((node, entering)) = stack.pop() {
        match node.value() {
            Node::Text(t) if entering => out.push_str(t),
            Node::Element(el) => {
                let block = BLOCKS.contains(&el.name());
                let root = page.root == Some(node.id());
                let list = LISTS.contains(&el.name());
                if !entering {
                    if block {
                        out.end_block();
                    }
                    if list {
                        out.lists.pop();
                    }
                    if root {
                        out.end_block();
                        out.in_root = false;
                    }
                    continue;
                }
                if page.skipped(node, el) {
                    continue;
                }
                if block || root {
                    out.end_block();
                } else if matches!(el.name(), "td" | "th") {
                    out.push_str(" ");
                }
                out.in_root |= root;
                if list {
                    out.listed += 1;
                    let n = out.listed;
                    out.lists.push(n);
                }
                stack.push((node, false));
                push_children(&mut stack, node);
            }
            Node::Document | Node::Fragment if entering => push_children(&mut stack, node),
            _ => {}
        }
    }
    out.finish()
}

fn push_children<'a>(stack: &mut Vec<(NodeRef<'a, Node>, bool)>, node: NodeRef<'a, Node>) {
    let at = stack.len();
    stack.extend(node.children().map(|c| (c, true)));
    stack[at..].reverse();
}

/// What the walk knows of the whole page before it starts.
struct Page {
    sizes: FxHashMap<NodeId, Size>,
    /// Characters of the body's text outside links.
    prose: u32,
    /// The page's own `<article>` and the elements around it, when it has article elements:
    /// the first with at least half the prose of the longest (teaser cards have little; the
    /// next story of an endless page comes after). Other `<article>`s are other stories or
    /// comments. The lead's id, and the set of it and its ancestors.
    lead: Option<(NodeId, FxHashSet<NodeId>)>,
    /// Keep the frame too ([`all_text`]).
    whole: bool,
    /// The content root (see [`Structure::in_root`]).
    root: Option<NodeId>,
}

impl Page {
    /// A page whose frame is kept: only code and hidden elements are left out.
    fn whole() -> Page {
        Page {
            sizes: FxHashMap::default(),
            prose: 1,
            lead: None,
            whole: true,
            root: None,
        }
    }

    fn of(doc: &Html) -> Page {
        let sizes = text_sizes(doc);
        let prose_of = |id: NodeId| sizes.get(&id).map_or(0, |s| s.text - s.links);
        let prose = doc
            .root_element()
            .children()
            .filter(|c| c.value().as_element().is_some_and(|e| e.name() == "body"))
            .map(|b| prose_of(b.id()))
            .sum::<u32>()
            .max(1);
        let articles: Vec<NodeRef<Node>> = doc
            .tree
            .root()
            .descendants()
            .filter(|n| {
                n.value()
                    .as_element()
                    .is_some_and(|e| e.name() == "article")
            })
            .collect();
        let most = articles.iter().map(|a| prose_of(a.id())).max().unwrap_or(0);
        let lead = articles
            .iter()
            .find(|a| prose_of(a.id()) * 2 >= most && most > 0)
            .map(|a| {
                let around = std::iter::once(a.id())
                    .chain(a.ancestors().map(|x| x.id()))
                    .collect();
                (a.id(), around)
            });
        let mut page = Page {
            sizes,
            prose,
            lead,
            whole: false,
            root: None,
        };
        page.root = page.content_root(doc);
        page
    }

    /// The smallest element, not skipped, that holds [`ROOT_SHARE`] of the body's text
    /// outside links: descend from the body while one child holds that much.
    fn content_root(&self, doc: &Html) -> Option<NodeId> {
        let body = doc
            .root_element()
            .children()
            .find(|c| c.value().as_element().is_some_and(|e| e.name() == "body"))?;
        let need = (self.prose as f32 * ROOT_SHARE) as u32;
        let mut at = body;
        loop {
            let next = at.children().find(|c| {
                c.value()
                    .as_element()
                    .is_some_and(|e| self.prose_of(c.id()) >= need && !self.skipped(*c, e))
            });
            match next {
                Some(c) => at = c,
                None => break,
            }
        }
        (at.id() != body.id()).then_some(at.id())
    }

    /// Characters of text outside links under `id`.
    fn prose_of(&self, id: NodeId) -> u32 {
        self.sizes.get(&id).map_or(0, |s| s.text - s.links)
    }

    /// The element of `size` holds [`ROOT_SHARE`] of the page's text outside links.
    fn holds_most(&self, size: Size) -> bool {
        (size.text - size.links) as f32 >= ROOT_SHARE * self.prose as f32
    }

    /// An element whose subtree is left out. Class, role and link-share evidence never drops
    /// an element that holds the article (its `<article>`, `<main>` or headline): page
    /// builders name whole-page wrappers "widget-wrap", "ad-margins" or "sidebar-layout".
    fn skipped(&self, node: NodeRef<Node>, el: &Element) -> bool {
        let name = el.name();
        if self.whole {
            let code = matches!(
                name,
                "script" | "style" | "noscript" | "template" | "head" | "svg" | "select"
            );
            return code || el.attr("hidden").is_some() || el.attr("style").is_some_and(hides);
        }
        if name == "article" {
            // Not the lead, nor around it, nor the bulk of it (a template's `<article>`
            // within the article; a small one there is a box: an offer, a comment).
            return self.lead.as_ref().is_some_and(|(lead, around)| {
                let bulk = self.prose_of(node.id()) * 2 >= self.prose_of(*lead);
                let text_of_lead = bulk && node.ancestors().any(|a| a.id() == *lead);
                !(around.contains(&node.id()) || text_of_lead)
            });
        }
        if matches!(name, "html" | "body" | "main") {
            return false;
        }
        let size = self.sizes.get(&node.id()).copied().unwrap_or_default();
        if SKIPPED.contains(&name) || (name == "header" && !inside_article(node)) {
            // A page header around the article and most of the page's prose is the page
            // itself (templates that open a `<header>` and put everything in it).
            return !(name == "header" && size.anchor && self.holds_most(size));
        }
        if el.attr("hidden").is_some() || el.attr("aria-hidden") == Some("true") {
            return true;
        }
        if el.attr("style").is_some_and(hides) {
            return true;
        }
        // A slideshow embedded beside an article of its own: its slides are other pictures'
        // captions, however much text they hold (fifty slides of business news under a story
        // on hotels). A slideshow not named as embedded may be the page's content itself.
        if !size.anchor
            && names_any(el, GALLERY_WORDS)
            && names_any(el, EMBED_WORDS)
            && self.prose.saturating_sub(size.text - size.links) >= ARTICLE_BESIDE_GALLERY
        {
            return true;
        }
        // The article is in it: it holds the headline, or most of the page's prose.
        if size.anchor || (size.text - size.links) * 10 >= self.prose * 4 {
            return false;
        }
        if el
            .attr("role")
            .is_some_and(|r| FRAME_ROLES.contains(&r.trim()))
        {
            return true;
        }
        if names_any(el, WIDGET_WORDS) {
            return true;
        }
        // A list of other stories: the smallest element that holds three or more linked
        // headings (no child of it holds them all), with the article elsewhere.
        if size.teasers >= TEASER_LIST
            && node.children().all(|c| {
                self.sizes
                    .get(&c.id())
                    .is_none_or(|s| s.teasers < TEASER_LIST)
            })
        {
            return true;
        }
        BLOCKS.contains(&name)
            && size.text > 0
            && size.links as f32 >= LINK_SHARE * size.text as f32
            && size.text - size.links < LINK_LIST_PROSE
    }
}

fn hides(style: &str) -> bool {
    let s: String = style
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    s.contains("display:none") || s.contains("visibility:hidden")
}

fn inside_article(node: NodeRef<Node>) -> bool {
    node.ancestors().any(|a| {
        a.value()
            .as_element()
            .is_some_and(|e| matches!(e.name(), "article" | "main"))
    })
}

/// The element's class or id holds one of `wanted` and no word of the content.
fn names_any(el: &Element, wanted: &[&str]) -> bool {
    let mut found = false;
    for value in [el.attr("class"), el.attr("id")].into_iter().flatten() {
        for word in words(value) {
            if CONTENT_WORDS.contains(&word.as_str()) {
                return false;
            }
            found |= wanted.contains(&word.as_str());
        }
    }
    found
}

/// The words of a class or id value, lower case: split at punctuation, white space and a
/// lower-to-upper case change ("relatedStories" → related, stories).
fn words(value: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut prev_lower = false;
    for c in value.chars() {
        if !c.is_alphanumeric() {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
        prev_lower = c.is_lowercase();
        word.extend(c.to_lowercase());
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// For every element, the characters of text under it (scripts and styles are not text), how
/// many of them are inside links, and whether it holds the article (post-order, without
/// recursion).
fn text_sizes(doc: &Html) -> FxHashMap<NodeId, Size> {
    let mut sizes: FxHashMap<NodeId, Size> = FxHashMap::default();
    let mut stack: Vec<(NodeRef<Node>, bool)> = vec![(doc.tree.root(), true)];
    while let Some((node, entering)) = stack.pop() {
        let code = node
            .value()
            .as_element()
            .is_some_and(|e| matches!(e.name(), "script" | "style" | "noscript" | "template"));
        if code {
            continue;
        }
        if entering {
            stack.push((node, false));
            stack.extend(node.children().map(|c| (c, true)));
            continue;
        }
        let mut size = Size::default();
        if let Node::Text(t) = node.value() {
            size.text = t.trim().chars().count() as u32;
        }
        let mut holds_link = false;
        let mut holds_heading = false;
        for c in node.children() {
            if let Some(s) = sizes.get(&c.id()) {
                size.text += s.text;
                size.links += s.links;
                size.anchor |= s.anchor;
                size.teasers += s.teasers;
                holds_link |= s.linked;
            }
            holds_heading |= c
                .value()
                .as_element()
                .is_some_and(|e| matches!(e.name(), "h2" | "h3" | "h4" | "h5" | "h6"));
        }
        if let Some(el) = node.value().as_element() {
            let heading = matches!(el.name(), "h2" | "h3" | "h4" | "h5" | "h6");
            match el.name() {
                "a" => {
                    size.links = size.text;
                    size.linked = true;
                    if holds_heading {
                        size.teasers += 1;
                    }
                }
                "article" | "main" | "h1" => size.anchor = true,
                _ => {}
            }
            if heading && holds_link && size.links * 2 >= size.text {
                size.teasers += 1;
            }
        }
        if size.text > 0 || size.anchor {
            sizes.insert(node.id(), size);
        }
    }
    sizes
}

/// Builds the output text block by block, folding white space.
#[derive(Default)]
struct Writer {
    out: String,
    line: String,
    /// What the markup says of each line written.
    structure: Structure,
    /// The walk is inside the content root.
    in_root: bool,
    /// The lists the walk is inside, innermost last.
    lists: Vec<u32>,
    /// Lists entered so far.
    listed: u32,
}

impl Writer {
    fn push_str(&mut self, text: &str) {
        for (i, part) in text.split(char::is_whitespace).enumerate() {
            if i > 0 && !self.line.ends_with(' ') && !self.line.is_empty() {
                self.line.push(' ');
            }
            self.line.push_str(part);
        }
    }

    fn end_block(&mut self) {
        let line = self.line.trim();
        // A line of zero-width spaces is blank to the text reader too ([`fold_space`]).
        if !crate::extract::lines::fold_space(line).is_empty() {
            if !self.out.is_empty() {
                self.out.push_str("\n\n");
            }
            self.out.push_str(line);
            self.structure.in_root.push(self.in_root);
            self.structure
                .list
                .push(self.lists.last().copied().unwrap_or(0));
        }
        self.line.clear();
    }

    fn finish(mut self) -> (String, Structure) {
        self.end_block();
        self.out.push('\n');
        (self.out, self.structure)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(html: &str) -> Vec<String> {
        text_and_structure(&Html::parse_document(html))
            .0
            .split("\n\n")
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect()
    }

    #[test]
    fn blocks_of_the_article_and_not_of_its_frame() {
        let page = r#"<html><head><title>T</title><script>var x = "Lavrov";</script></head>
<body><header><a href="/">Home</a> <a href="/world">World</a></header>
<nav><ul><li><a href="/a">Politics</a></li></ul></nav>
<article><h1>Talks resume</h1><p>Foreign ministers met   on <b>Tuesday</b>
in Geneva.</p><figure><img src="x.jpg"><figcaption>Photo: Dnipro</figcaption></figure>
<p>They will meet again.<br>Next week.</p>
<div class="related-stories"><h3>Related</h3><p>Another story about Farage</p></div>
<p class="readMore">Read more: <a href="/b">Hegseth visits Kyiv</a></p></article>
<aside>Most read</aside><footer>© 2025 Daily Example</footer>
<div style="display: none">Hidden text</div><div aria-hidden="true">Pezeshkian</div>
</body></html>"#;
        assert_eq!(
            blocks(page),
            [
                "Talks resume",
                "Foreign ministers met on Tuesday in Geneva.",
                "They will meet again.",
                "Next week."
            ]
        );
    }

    #[test]
    fn a_page_header_around_the_whole_article_is_the_page() {
        let page = r#"<body><header id="branding"><nav><a href="/">Travel guide</a></nav>
<article><p>Emden grew up as a Frisian trading town around the year 800 and is still shaped by its harbour, its canals and the ships that come up the river.</p></article></header>
<footer>Imprint</footer></body>"#;
        let kept = blocks(page);
        assert_eq!(kept.len(), 1, "{kept:?}");
        assert!(kept[0].starts_with("Emden grew up"));
        // A header beside the article stays out, its headline too.
        let page = r#"<body><header><h1>Travel guide</h1><p>Trips and tips.</p></header>
<article><p>Emden grew up as a Frisian trading town around the year 800 and is still shaped by its harbour, its canals and the ships that come up the river.</p></article></body>"#;
        assert_eq!(blocks(page).len(), 1);
    }

    #[test]
    fn an_article_within_the_article_is_its_text_or_a_box() {
        let page = r#"<body><main><article class="story"><h1>Senator speaks</h1>
<div class="wrapper"><article><p>The senator said on Monday that the inquiry would go on, that every document would be published and that the committee would meet again in June.</p></article>
<article class="offer"><p>Subscribe to read on.</p></article></div></article>
<article class="teaser"><p>Other story</p></article></main></body>"#;
        assert_eq!(
            blocks(page),
            [
                "Senator speaks",
                "The senator said on Monday that the inquiry would go on, that every document would be published and that the committee would meet again in June."
            ]
        );
    }

    #[test]
    fn a_widget_word_does_not_drop_the_content_that_also_names_itself() {
        let page = r#"<div class="article-body has-share"><p>Kept paragraph of text.</p></div>
<ul class="share-tools"><li>Share on X</li></ul>"#;
        assert_eq!(blocks(page), ["Kept paragraph of text."]);
    }

    #[test]
    fn a_list_of_other_stories_is_left_out_but_not_the_article_around_it() {
        let page = r#"<div class="story"><h1>Talks resume</h1>
<p>Foreign ministers met on Tuesday in Geneva to talk about the border for the first time in years, and both sides said afterwards that the talks had gone better than expected, although no text was agreed and the hardest questions were left for later.</p>
<h2>What comes next</h2><p>They will meet again next month, officials said after the talks, when experts from both governments will bring maps of the disputed valleys and a first draft of the rules for the crossing points.</p>
<div class="rail"><h5>More stories</h5><ul>
<li><h3><a href="/a">Ghosn and the dark side of justice</a></h3><p>Our family always celebrates anniversaries, but not this week.</p></li>
<li><h3><a href="/b">Democrats descend on Georgia</a></h3><p>Wednesday night the most liberal Democrats will flood the airwaves.</p></li>
<li><a href="/c"><h3>Vindman testifies</h3></a><p>He made it clear in his testimony before Congress on Tuesday.</p></li>
</ul></div></div>"#;
        let got = blocks(page);
        // The list's own label stays for the text reader to judge; its stories go.
        assert_eq!(got.len(), 5, "{got:?}");
        assert_eq!(got[4], "More stories");
        assert!(got
            .iter()
            .all(|b| !b.contains("Ghosn") && !b.contains("Georgia") && !b.contains("Vindman")));
        assert_eq!(
            got[2], "What comes next",
            "an unlinked subheading is the article's"
        );
    }

    #[test]
    fn class_words() {
        assert_eq!(
            words("relatedStories js-Promo"),
            ["related", "stories", "js", "promo"]
        );
    }
}
