//! First paint of the search page, in headless Chromium over WebDriver: start
//! `chromedriver --port=PORT` and `dateline serve`, then
//! `cargo run --release --example first_paint -- http://127.0.0.1:9515 URL [RUNS]`.
//! Prints the median first contentful paint (page only, and with a query's results) as the
//! browser's Performance API measures it from navigation start.

use fantoccini::ClientBuilder;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [driver, url, rest @ ..] = args.as_slice() else {
        anyhow::bail!("usage: first_paint DRIVER_URL PAGE_URL [RUNS]");
    };
    let runs: usize = rest.first().map_or(Ok(10), |r| r.parse())?;
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({"args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900"]}),
    );
    let c = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(driver)
        .await?;
    let script = "return performance.getEntriesByName('first-contentful-paint').map(e => e.startTime)[0] || null";
    for page in [url.clone(), format!("{url}?q=Putin")] {
        let mut ms = Vec::new();
        for _ in 0..runs {
            c.goto("about:blank").await?;
            c.goto(&page).await?;
            let v = c.execute(script, vec![]).await?;
            if let Some(t) = v.as_f64() {
                ms.push(t);
            }
        }
        ms.sort_by(f64::total_cmp);
        let median = ms.get(ms.len() / 2).copied().unwrap_or(f64::NAN);
        println!(
            "{page}: first contentful paint median {median:.0} ms over {} loads",
            ms.len()
        );
    }
    c.close().await?;
    Ok(())
}
