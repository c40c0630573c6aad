//! Auth0's error body and headers (reference A.2, A.3).

use axum::http::{HeaderValue, StatusCode};
use axum::response::Response;
use serde_json::{json, Map, Value};

use crate::auth0::json_response;

/// `{statusCode, error, message, errorCode?}`: `errorCode` is not always there (A.2).
pub(crate) fn mgmt_error(
    status: StatusCode,
    error: &str,
    message: &str,
    code: Option<&str>,
) -> Response {
    let mut body = Map::new();
    body.insert("statusCode".into(), json!(status.as_u16()));
    body.insert("error".into(), json!(error));
    body.insert("message".into(), json!(message));
    if let Some(code) = code {
        body.insert("errorCode".into(), json!(code));
    }
    json_response(status, Value::Object(body))
}

/// 400 `invalid_body`, the shape of Auth0's payload validation errors.
pub(crate) fn bad_body(message: &str) -> Response {
    mgmt_error(
        StatusCode::BAD_REQUEST,
        "Bad Request",
        message,
        Some("invalid_body"),
    )
}

/// The recorded 404 for an unknown client id.
pub(crate) fn no_client() -> Response {
    mgmt_error(
        StatusCode::NOT_FOUND,
        "Not Found",
        "The client does not exist",
        Some("inexistent_client"),
    )
}

pub(crate) fn rate_headers(r: &mut Response, remaining: u32, reset: u64) {
    let h = r.headers_mut();
    h.insert("x-ratelimit-limit", HeaderValue::from_static("10"));
    h.insert("x-ratelimit-remaining", HeaderValue::from(remaining));
    h.insert("x-ratelimit-reset", HeaderValue::from(reset));
}

pub(crate) fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default()
}

/// An ISO 8601 time as Auth0 writes them (the fake's clock is coarse: whole seconds).
pub(crate) fn timestamp() -> String {
    format!("{}", unix_now())
}

/// A random id with a prefix, e.g. `cgr_...`.
pub(crate) fn new_id(prefix: &str) -> String {
    let r = crate::auth0::ClientCreds::random();
    format!("{prefix}{}", &r.id[..16])
}

pub(crate) fn no_content() -> Response {
    let mut r = json_response(StatusCode::NO_CONTENT, Value::Null);
    *r.body_mut() = axum::body::Body::empty();
    r.headers_mut().remove(axum::http::header::CONTENT_TYPE);
    r
}
