//! The hostile faults' answers: a provider that lies in its discovery document,
//! echoes secrets back and sends terminal escape sequences.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use crate::fault::Fault;

/// What a terminal would act on: set the window title, clear the screen, a line break.
pub const ESCAPES: &str = "\u{1b}]0;pwned\u{7}\u{1b}[2J\r\nX-Injected: 1";

/// `s` with every character JSON-escaped (`\u0061`...), so only a JSON parser sees it.
fn json_escaped(s: &str) -> String {
    s.chars().map(|c| format!("\\u{:04x}", c as u32)).collect()
}

/// The hostile fault's changes to the discovery document.
pub(crate) fn discovery(fault: &Fault, domain: &str, doc: &mut Value) {
    let port = domain.rsplit(':').next().unwrap_or_default();
    match fault {
        Fault::EndpointOtherHost => {
            doc["token_endpoint"] = format!("https://localhost:{port}/oauth/token").into()
        }
        Fault::EndpointNotHttps => {
            doc["userinfo_endpoint"] = format!("http://{domain}/userinfo").into()
        }
        Fault::ControlCharsInDiscovery => {
            doc["userinfo_endpoint"] = format!("https://{domain}/userinfo{ESCAPES}").into()
        }
        _ => {}
    }
}

/// The hostile fault's own answer to a request, when it has one.
pub(crate) fn answer(
    fault: &Fault,
    domain: &str,
    method: &str,
    path: &str,
    secret: &str,
) -> Option<Response> {
    let token = method == "POST" && path == "/oauth/token";
    let json = |status: StatusCode, text: String| {
        (status, [(header::CONTENT_TYPE, "application/json")], text).into_response()
    };
    match fault {
        Fault::ServiceNotEnabled if token => Some(json(
            StatusCode::FORBIDDEN,
            serde_json::json!({
                "error": "access_denied",
                "error_description": format!("Service not enabled within domain: https://{domain}/api/v2/"),
            })
            .to_string(),
        )),
        Fault::EchoSecretInErrorDescription if token => {
            let esc = serde_json::to_string(ESCAPES).unwrap_or_default();
            let esc = esc.trim_matches('"');
            let described = format!(
                "Unauthorized: the secret {secret} (that is, {}) is wrong {esc}",
                json_escaped(secret)
            );
            let body = format!("{{\"error\":\"access_denied\",\"error_description\":\"{described}\"}}");
            Some(json(StatusCode::UNAUTHORIZED, body))
        }
        Fault::EchoSecretInHtml if path.starts_with("/api/v2/clients/") => Some(
            (
                StatusCode::FORBIDDEN,
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                format!("<!DOCTYPE html><html><body><h1>Forbidden</h1><p>client_secret={secret}</p><pre>{ESCAPES}</pre></body></html>"),
            )
                .into_response(),
        ),
        Fault::EchoSecretInHeader if token => Some(
            (
                StatusCode::FOUND,
                [
                    (header::LOCATION, format!("https://{domain}/login?echo={secret}&x=%1B%5B2J")),
                    (header::WWW_AUTHENTICATE, format!("Basic realm=\"{secret}\"")),
                ],
                "",
            )
                .into_response(),
        ),
        _ => None,
    }
}
