//! The routes: the embedded page (HTML, CSS, JS compiled into the binary: no CDN, no build
//! step) and the API, behind headers that keep hostile text inert and bounds on request size.

use super::{api, State};
use axum::body::Body;
use axum::http::{header, HeaderValue, Request, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::sync::Arc;

const INDEX_HTML: &str = include_str!("assets/index.html");
const APP_JS: &str = include_str!("assets/app.js");
const STYLE_CSS: &str = include_str!("assets/style.css");

/// Longest query string accepted, in bytes.
const MAX_QUERY_STRING: usize = 16 * 1024;

/// Every route; anything but GET (and HEAD) is refused by the router.
pub fn router(state: Arc<State>) -> Router {
    Router::new()
        .route(
            "/",
            get(|| async { asset(INDEX_HTML, "text/html; charset=utf-8") }),
        )
        .route(
            "/app.js",
            get(|| async { asset(APP_JS, "text/javascript; charset=utf-8") }),
        )
        .route(
            "/style.css",
            get(|| async { asset(STYLE_CSS, "text/css; charset=utf-8") }),
        )
        .route("/api/search", get(api::search))
        .route("/api/timeline", get(api::timeline))
        .route("/api/sources", get(api::sources))
        .route("/api/stats", get(api::stats))
        .route("/api/article/{id}", get(api::article))
        .route("/api/article/{id}/raw", get(api::raw))
        .fallback(|| async { api::error(StatusCode::NOT_FOUND, "no such page or API route") })
        .layer(middleware::from_fn(guard))
        .with_state(state)
}

fn asset(body: &'static str, kind: &'static str) -> Response {
    ([(header::CONTENT_TYPE, kind)], body).into_response()
}

/// Refuses oversized requests, and adds the headers every answer carries.
async fn guard(request: Request<Body>, next: Next) -> Response {
    let long = request
        .uri()
        .query()
        .is_some_and(|q| q.len() > MAX_QUERY_STRING);
    let mut response = if long {
        api::error(
            StatusCode::URI_TOO_LONG,
            &format!("the request's parameters are over {MAX_QUERY_STRING} bytes"),
        )
    } else {
        next.run(request).await
    };
    let headers = response.headers_mut();
    let set = |h: &mut axum::http::HeaderMap, k: header::HeaderName, v: &'static str| {
        h.insert(k, HeaderValue::from_static(v));
    };
    set(
        headers,
        header::CONTENT_SECURITY_POLICY,
        "default-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
    set(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(headers, header::REFERRER_POLICY, "no-referrer");
    set(headers, header::X_FRAME_OPTIONS, "DENY");
    response
}
