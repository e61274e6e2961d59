//! The JSON API: the command line's answers over HTTP, with the same contracts (fields only
//! added) and the same one-line messages for bad input, as `{"error": "..."}` with 400 (bad
//! value or query) or 404 (no such article). Parameters come from the query string only;
//! articles are found by id, never by a path, so nothing outside the index is reachable.

use super::State;
use crate::error::Error;
use crate::search::{self, views, Order, Request};
use axum::extract::{Path, RawQuery, State as Shared};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use std::sync::Arc;

/// Most results one request lists.
const MAX_LIMIT: usize = 100;
/// Deepest page of results.
const MAX_OFFSET: usize = 10_000;
/// Most passages per article.
const MAX_PER_ARTICLE: usize = 20;

/// A JSON error answer.
pub fn error(status: StatusCode, message: &str) -> Response {
    (status, Json(serde_json::json!({ "error": message }))).into_response()
}

/// What went wrong with a request.
enum Failure {
    /// The request's fault: a bad query or value.
    Bad(String),
    /// Nothing there.
    Missing(String),
    /// The server's fault.
    Internal(String),
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        match self {
            Failure::Bad(m) => error(StatusCode::BAD_REQUEST, &m),
            Failure::Missing(m) => error(StatusCode::NOT_FOUND, &m),
            Failure::Internal(m) => error(StatusCode::INTERNAL_SERVER_ERROR, &m),
        }
    }
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Failure {
        match e.downcast_ref::<Error>() {
            Some(Error::BadQuery(_) | Error::BadValue { .. }) => Failure::Bad(e.to_string()),
            _ => Failure::Internal(e.to_string()),
        }
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Failure {
        Failure::from(anyhow::Error::from(e))
    }
}

/// The query string's parameters, in order (a name may repeat: `source=a&source=b`).
struct Params(Vec<(String, String)>);

impl Params {
    fn parse(raw: Option<String>) -> Params {
        let raw = raw.unwrap_or_default();
        Params(
            form_urlencoded::parse(raw.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    }

    fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, v)| k == name && !v.is_empty())
            .map(|(_, v)| crate::app::canonical_source(v))
            .collect()
    }

    fn flag(&self, name: &'static str) -> Result<bool, Error> {
        match self.get(name) {
            None | Some("0" | "false" | "no") => Ok(false),
            Some("1" | "true" | "yes" | "on") => Ok(true),
            Some(other) => Err(bad(name, other, "expected 1 or 0")),
        }
    }

    /// The `script` parameter: `latin`, `cyrillic`, `greek`, or `any` (the default).
    fn script(&self) -> Result<Option<search::scripts::Script>, Error> {
        match self.get("script") {
            None | Some("any") => Ok(None),
            Some(v) => v
                .parse()
                .map(Some)
                .map_err(|e: String| bad("script", v, &e)),
        }
    }

    fn number(&self, name: &'static str, default: usize, max: usize) -> Result<usize, Error> {
        match self.get(name) {
            None => Ok(default),
            Some(v) => match v.parse::<usize>() {
                Ok(n) if n <= max => Ok(n),
                _ => Err(bad(
                    name,
                    v,
                    &format!("expected a whole number from 0 to {max}"),
                )),
            },
        }
    }

    fn day(&self, name: &'static str) -> Result<Option<chrono::NaiveDate>, Error> {
        self.get(name)
            .map(|v| search::parse_day(name, v))
            .transpose()
    }

    /// The search request these parameters describe; without `q` (where it is `optional`),
    /// a request for every article under the filters.
    fn request(&self, optional: bool) -> Result<Request, Error> {
        let query = match self.get("q") {
            Some(q) => q.to_owned(),
            None if optional => String::new(),
            None => return Err(Error::BadQuery("the q parameter is missing".into())),
        };
        let order = match self.get("sort").unwrap_or("relevance") {
            "relevance" => Order::Relevance,
            "newest" => Order::Newest,
            "oldest" => Order::Oldest,
            other => return Err(bad("sort", other, "expected relevance, newest or oldest")),
        };
        Ok(Request {
            query,
            limit: self.number("limit", 10, MAX_LIMIT)?,
            offset: self.number("offset", 0, MAX_OFFSET)?,
            per_article: self.number("per_article", 1, MAX_PER_ARTICLE)?.max(1),
            order,
            sources: self.all("source"),
            sites: self.all("site"),
            since: self.day("since")?,
            until: self.day("until")?,
            exact: self.flag("exact")?,
            script: self.script()?,
            all: self.flag("all")?,
        })
    }
}

fn bad(name: &'static str, value: &str, reason: &str) -> Error {
    Error::BadValue {
        flag: name,
        value: value.chars().take(200).collect(),
        reason: reason.into(),
    }
}

/// Runs `work` off the async threads: views of the whole index and file reads, which may
/// take long.
async fn off_thread<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, Failure> + Send + 'static,
) -> Result<T, Failure> {
    tokio::task::spawn_blocking(work)
        .await
        .unwrap_or_else(|_| Err(panicked()))
}

/// The answer for work that panicked.
fn panicked() -> Failure {
    Failure::Internal("the request failed inside the server".into())
}

/// [`off_thread`], its answer as JSON: for work that may take long (a view of the whole index).
async fn blocking<T: Serialize + Send + 'static>(
    work: impl FnOnce() -> Result<T, Failure> + Send + 'static,
) -> Response {
    json(off_thread(work).await)
}

/// Runs `work` on the async worker that took the request, its answer as JSON. For the short
/// work of a search, a timeline or an article (in memory, 0.3–3 ms at 100k articles): handing
/// it to the blocking pool and back cost two thread wake-ups, as much as a name search itself
/// (`bench/serve 100000`, /api/search p50 0.56–0.78 ms against 0.26–0.48 ms in process). Every
/// worker is a core, so a long search holds one core either way. A panic is an error answer,
/// as off the thread.
fn at_once<T: Serialize>(work: impl FnOnce() -> Result<T, Failure>) -> Response {
    json(
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(work))
            .unwrap_or_else(|_| Err(panicked())),
    )
}

fn json<T: Serialize>(answer: Result<T, Failure>) -> Response {
    match answer {
        Ok(v) => Json(v).into_response(),
        Err(f) => f.into_response(),
    }
}

/// `GET /api/search`: the `search --json` object.
pub async fn search(Shared(state): Shared<Arc<State>>, RawQuery(raw): RawQuery) -> Response {
    at_once(move || {
        let request = Params::parse(raw).request(false)?;
        Ok(search::search(state.index(), &request)?)
    })
}

/// `GET /api/timeline`: the `timeline --json` object; `by=day|week|month|year`, or the
/// period that fits the matches' dates when absent (`auto`).
pub async fn timeline(Shared(state): Shared<Arc<State>>, RawQuery(raw): RawQuery) -> Response {
    at_once(move || {
        let params = Params::parse(raw);
        let request = params.request(false)?;
        let by = match params.get("by").unwrap_or("auto") {
            "auto" => None,
            "day" => Some(views::Period::Day),
            "week" => Some(views::Period::Week),
            "month" => Some(views::Period::Month),
            "year" => Some(views::Period::Year),
            other => return Err(bad("by", other, "expected day, week, month, year or auto").into()),
        };
        Ok(views::timeline_view(state.index(), &request, by)?)
    })
}

/// `GET /api/sources`: the `sources --json` object, for the query when `q` is given, else for
/// the whole index, under the filters given (`source`, `site`, `since`, `until`);
/// `by=source|site`.
pub async fn sources(Shared(state): Shared<Arc<State>>, RawQuery(raw): RawQuery) -> Response {
    blocking(move || {
        let params = Params::parse(raw);
        let request = params.request(true)?;
        let by_site = match params.get("by").unwrap_or("source") {
            "source" => false,
            "site" => true,
            other => return Err(bad("by", other, "expected source or site").into()),
        };
        let all = params.flag("all")?;
        Ok(views::sources_view(state.index(), &request, by_site, all)?)
    })
    .await
}

/// `GET /api/stats`: the `stats --json` object.
pub async fn stats(Shared(state): Shared<Arc<State>>) -> Response {
    blocking(move || Ok(views::stats(state.index(), &state.dir)?)).await
}

/// An article as `show --json` prints it, with the query's words marked when `q` is given.
#[derive(Serialize)]
struct ArticleView {
    #[serde(flatten)]
    shown: views::Shown,
    /// For each passage, the highlighted words as UTF-16 `[start, end)` offsets.
    marks: Vec<Vec<[usize; 2]>>,
    /// The title's highlighted words.
    title_marks: Vec<[usize; 2]>,
}

fn parse_id(id: &str) -> Result<u64, Failure> {
    if id.len() != 16 {
        return Err(Failure::Bad(format!(
            "invalid article id {:?}: expected 16 hex digits",
            id.chars().take(40).collect::<String>()
        )));
    }
    u64::from_str_radix(id, 16)
        .map_err(|_| Failure::Bad(format!("invalid article id {id:?}: expected 16 hex digits")))
}

fn find(state: &State, id: &str) -> Result<views::Shown, Failure> {
    let id = parse_id(id)?;
    views::show_by_id(state.index(), id)?
        .ok_or_else(|| Failure::Missing(format!("no article {} in the index", search::id_text(id))))
}

/// `GET /api/article/{id}`: one article, as `show --json` prints it (plus marks for `q`).
pub async fn article(
    Shared(state): Shared<Arc<State>>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    at_once(move || {
        let shown = find(&state, &id)?;
        let params = Params::parse(raw);
        let terms = match params.get("q") {
            Some(q) => {
                let request = crate::app::request(
                    q.to_owned(),
                    &crate::app::no_filters(),
                    &crate::cli::MatchArgs {
                        exact: params.flag("exact")?,
                        script: crate::cli::ScriptArg::Any,
                        all: true,
                    },
                )?;
                let opened = state.index();
                search::compile(&opened.reader.searcher(), &opened.fields, &request)?.highlight
            }
            None => Vec::new(),
        };
        let mark = |t: &str| search::utf16_marks(t, &search::highlight_ranges(t, &terms));
        Ok(ArticleView {
            marks: shown.passages.iter().map(|p| mark(p)).collect(),
            title_marks: shown.title.as_deref().map(mark).unwrap_or_default(),
            shown,
        })
    })
}

/// `GET /api/article/{id}/raw`: the saved file, as UTF-8 text, to download.
pub async fn raw(Shared(state): Shared<Arc<State>>, Path(id): Path<String>) -> Response {
    let work = move || -> Result<(String, String), Failure> {
        let shown = find(&state, &id)?;
        let bytes = std::fs::read(&shown.path)
            .map_err(|e| Failure::Missing(format!("the saved file is gone ({e})")))?;
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => crate::extract::decode::decode(e.as_bytes())
                .unwrap_or_else(|_| String::from_utf8_lossy(e.as_bytes()).into_owned()),
        };
        let name = std::path::Path::new(&shown.path)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "article.txt".into());
        Ok((text, name))
    };
    match off_thread(work).await {
        Ok((text, name)) => {
            let safe: String = name
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{safe}\""))
                .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
            (
                [
                    (
                        header::CONTENT_TYPE,
                        HeaderValue::from_static("text/plain; charset=utf-8"),
                    ),
                    (header::CONTENT_DISPOSITION, disposition),
                ],
                text,
            )
                .into_response()
        }
        Err(f) => f.into_response(),
    }
}
