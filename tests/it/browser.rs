//! The search page as a person uses it, in headless Chromium driven over WebDriver
//! (Debian's `chromium` and `chromium-driver`; `.ci/run` installs them): typing a query,
//! filtering by source, sorting, clicking the timeline, opening an article, and hostile
//! page text that must stay text.

use crate::util::{http, Dir, Server};
use fantoccini::{Client, ClientBuilder, Locator};
use std::time::Duration;

/// A running chromedriver, stopped when dropped.
struct Driver {
    child: std::process::Child,
    url: String,
}

impl Driver {
    fn start() -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let binary = ["chromedriver", "/usr/lib/chromium/chromedriver"]
            .into_iter()
            .find(|b| std::process::Command::new(b).arg("--version").output().is_ok())
            .expect("chromedriver is missing: apt-get install -y chromium chromium-driver (.ci/run does)");
        let child = std::process::Command::new(binary)
            .arg(format!("--port={port}"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let url = format!("http://127.0.0.1:{port}");
        // Ready when it answers its status endpoint.
        let agent = http();
        let started = std::time::Instant::now();
        while agent.get(&format!("{url}/status")).call().is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "chromedriver did not start"
            );
            std::thread::yield_now();
        }
        Driver { child, url }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn browser(driver: &Driver) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({"args": ["--headless=new", "--no-sandbox", "--disable-gpu",
            "--disable-dev-shm-usage", "--window-size=1280,900"]}),
    );
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector)
        .capabilities(caps)
        .connect(&driver.url)
        .await
        .expect("start headless chromium")
}

/// The seeds, the passage fixtures, and a page whose title and body are markup.
fn corpus() -> Dir {
    let d = Dir::with_seeds("pages");
    d.write(
        "pages/hostile.txt",
        "<img src=x onerror=alert(1)>\n\nWednesday 12 June 2024\n\n\
         Ministers met in Vilnius on Wednesday to discuss <script>alert(2)</script> the grain \
         corridor and the sanctions on Lavrov's ministry, officials said after the talks.\n\n\
         <b onmouseover=alert(3)>Officials</b> said the next round would be held in July in Riga.\n",
    );
    let r = d.run(&["index", "pages"]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    d
}

/// The text of every element `css` selects, read in one script, at one moment: element by
/// element, the page may render the list again between two reads.
async fn texts(c: &Client, css: &str) -> Vec<String> {
    let script = format!("return [...document.querySelectorAll({css:?})].map(e => e.textContent);");
    let found = c.execute(&script, vec![]).await.unwrap();
    found
        .as_array()
        .expect("a list of texts")
        .iter()
        .map(|t| t.as_str().unwrap_or("").to_owned())
        .collect()
}

/// The seed ids (or fixture names) of the results shown, in order.
async fn shown(c: &Client) -> Vec<String> {
    texts(c, "#results .result .path")
        .await
        .iter()
        .map(|path| {
            let name = path.rsplit('/').next().unwrap_or("");
            name.split('_')
                .next()
                .unwrap_or("")
                .trim_end_matches(".txt")
                .to_owned()
        })
        .collect()
}

/// Clicks the element `at` finds, once it is there, and returns its `data-period`. The page
/// may render a facet list or the timeline again while it is read (its counts arrive after
/// the results); a stale element is found again, for up to 10 s.
async fn click(c: &Client, at: Locator<'_>) -> Option<String> {
    let started = std::time::Instant::now();
    loop {
        let tried = async {
            let e = c.find(at).await?;
            let period = e.attr("data-period").await?;
            e.click().await?;
            Ok::<_, fantoccini::error::CmdError>(period)
        }
        .await;
        match tried {
            Ok(period) => return period,
            Err(e) => assert!(
                started.elapsed() < Duration::from_secs(10),
                "cannot click {at:?}: {e}"
            ),
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits until the page has loaded its results and they are `want` (the page fetches
/// asynchronously), in order or, with `any_order`, as a set.
async fn until_listed(c: &Client, want: &[&str], any_order: bool) {
    let started = std::time::Instant::now();
    loop {
        let loading = !c
            .find_all(Locator::Css("#results.loading"))
            .await
            .unwrap()
            .is_empty();
        let mut now = shown(c).await;
        if any_order {
            now.sort();
        }
        if !loading && now == want {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "shown {now:?}, wanted {want:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn until_shown(c: &Client, want: &[&str]) {
    until_listed(c, want, false).await
}

#[tokio::test(flavor = "multi_thread")]
async fn searching_filtering_sorting_and_reading_in_a_browser() {
    let d = corpus();
    let server = Server::start(&d, &[]);
    let driver = Driver::start();
    let c = browser(&driver).await;
    c.goto(&server.url).await.unwrap();

    // `/` focuses the box; Enter searches. Lavrov is in seeds 000 and 001 and the fixture,
    // not in seed 002.
    c.find(Locator::Css("body"))
        .await
        .unwrap()
        .send_keys("/")
        .await
        .unwrap();
    let q = c.find(Locator::Id("q")).await.unwrap();
    q.send_keys("Lavrov\u{E007}").await.unwrap();
    // Relevance order is the server's: the set is what the page must show.
    until_listed(&c, &["000", "001", "hostile"], true).await;
    assert!(
        c.current_url().await.unwrap().as_str().contains("q=Lavrov"),
        "state in the URL"
    );
    let marks = texts(&c, "#results mark").await;
    assert!(!marks.is_empty());
    for m in marks {
        assert_eq!(
            m.to_lowercase()
                .trim_end_matches("’s")
                .trim_end_matches("'s"),
            "lavrov"
        );
    }

    // A date sort changes the order: newest first, undated last.
    c.goto(&format!("{}?q=Putin", server.url)).await.unwrap();
    let sort = c.find(Locator::Id("sort")).await.unwrap();
    sort.select_by_value("newest").await.unwrap();
    until_shown(&c, &["002", "000", "001"]).await;
    sort.select_by_value("oldest").await.unwrap();
    until_shown(&c, &["000", "002", "001"]).await;

    // A source facet filters to that source.
    click(
        &c,
        Locator::XPath("//ul[@id='source-list']//button[.//span[text()='Reuters']]"),
    )
    .await;
    until_shown(&c, &["002"]).await;
    assert!(c
        .current_url()
        .await
        .unwrap()
        .as_str()
        .contains("source=Reuters"));
    // Back goes to the unfiltered list.
    c.back().await.unwrap();
    until_shown(&c, &["000", "002", "001"]).await;

    // A timeline bar filters to its period.
    let period = click(&c, Locator::Css("#timeline .bar:not(.zero)"))
        .await
        .expect("a bar has a period");
    until_shown(&c, &["000"]).await;
    assert!(c
        .current_url()
        .await
        .unwrap()
        .as_str()
        .contains(&format!("since={period}")));
    assert_eq!(
        c.find(Locator::Id("since"))
            .await
            .unwrap()
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some(period.as_str())
    );

    // An article opens with its passages and a link to the saved file.
    c.find(Locator::Css("#results .result h3 a"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let article = c
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("#article .passages p"))
        .await
        .unwrap();
    assert!(!article.text().await.unwrap().is_empty());
    let raw = c.find(Locator::Css("#article a.raw")).await.unwrap();
    assert!(raw
        .attr("href")
        .await
        .unwrap()
        .unwrap()
        .starts_with("/api/article/"));
    c.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn markup_in_a_page_renders_as_text() {
    let d = corpus();
    let server = Server::start(&d, &[]);
    let driver = Driver::start();
    let c = browser(&driver).await;
    c.goto(&format!("{}?q=Vilnius", server.url)).await.unwrap();
    until_shown(&c, &["hostile"]).await;
    let title = c.find(Locator::Css("#results .result h3")).await.unwrap();
    assert_eq!(title.text().await.unwrap(), "<img src=x onerror=alert(1)>");
    let passage = c
        .find(Locator::Css("#results .passage"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(passage.contains("<script>alert(2)</script>"), "{passage}");
    assert!(c
        .find_all(Locator::Css("#results img, #results script, #results b"))
        .await
        .unwrap()
        .is_empty());
    c.find(Locator::Css("#results .result h3 a"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("#article .passages p"))
        .await
        .unwrap();
    assert!(c
        .find_all(Locator::Css("#article img, #article script, #article b"))
        .await
        .unwrap()
        .is_empty());
    let heading = c
        .find(Locator::Css("#article h2"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(heading, "<img src=x onerror=alert(1)>");
    // No script ran: no alert is open.
    assert!(c.get_alert_text().await.is_err(), "an alert opened");
    c.close().await.unwrap();
}
