//! Every request: recorded, then the well-known documents, the token endpoint, or the
//! Management API (rate limit first, then the token, then the route).

use std::sync::atomic::Ordering;
use std::sync::Arc;

use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};

use super::answers::{mgmt_error, rate_headers, unix_now};
use super::{actions, clients, grants, RecordedRequest, StubState, Tenant};
use crate::auth0::{auth0_discovery, json_response, public_jwks, token_endpoint, TokenClient};

/// One Management API call, parsed.
pub(crate) struct Call {
    pub method: String,
    /// The path after `/api/v2/`, split on `/`.
    pub segments: Vec<String>,
    pub query: Vec<(String, String)>,
    /// The JSON body (`null` when there is none or it is not JSON).
    pub body: Value,
    pub scopes: Vec<String>,
}

impl Call {
    pub fn q(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// A 403 `insufficient_scope` unless the token has one of `any_of`.
    pub fn need(&self, any_of: &[&str]) -> Option<Response> {
        if any_of.iter().any(|s| self.scopes.iter().any(|t| t == s)) {
            return None;
        }
        // Auth0's wording (auth0-cli PR #538, auth0-deploy-cli#178).
        let message = format!("Insufficient scope, expected any of: {}", any_of.join(","));
        Some(mgmt_error(
            StatusCode::FORBIDDEN,
            "Forbidden",
            &message,
            Some("insufficient_scope"),
        ))
    }
}

pub(crate) async fn handle(st: Arc<StubState>, req: Request) -> Response {
    let domain = st.domain.get().cloned().unwrap_or_default();
    let method = req.method().as_str().to_string();
    let path = req.uri().path().to_string();
    let query = req.uri().query().map(str::to_string);
    let headers = req.headers().clone();
    let hv = |h: header::HeaderName| {
        headers
            .get(h)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let body = axum::body::to_bytes(req.into_body(), 1 << 20)
        .await
        .unwrap_or_default();
    st.requests
        .lock()
        .expect("requests lock")
        .push(RecordedRequest {
            method: method.clone(),
            path: path.clone(),
            query: query.clone(),
            authorization: hv(header::AUTHORIZATION),
            content_type: hv(header::CONTENT_TYPE),
            body: String::from_utf8_lossy(&body).into_owned(),
        });

    match (method.as_str(), path.as_str()) {
        ("GET", "/.well-known/openid-configuration") => {
            return json_response(StatusCode::OK, auth0_discovery(&domain))
        }
        ("GET", "/.well-known/jwks.json") => return json_response(StatusCode::OK, public_jwks()),
        ("POST", "/oauth/token") => return token(&st, &domain, &headers, &body),
        _ => {}
    }
    let Some(rest) = path.strip_prefix("/api/v2/") else {
        return json_response(StatusCode::NOT_FOUND, json!({"error": "not_found"}));
    };

    let limited = st
        .limited_left
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
        .is_ok();
    let reset = unix_now() + 1;
    if limited {
        let mut r = json_response(
            StatusCode::TOO_MANY_REQUESTS,
            json!({"statusCode": 429, "error": "Too Many Requests", "message": "Global limit has been reached."}),
        );
        rate_headers(&mut r, 0, reset);
        r.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        return r;
    }

    let bearer =
        hv(header::AUTHORIZATION).and_then(|v| v.strip_prefix("Bearer ").map(str::to_string));
    let Some(token) = bearer else {
        return mgmt_error(
            StatusCode::UNAUTHORIZED,
            "Unauthorized",
            "Missing authentication",
            None,
        );
    };
    let Some(scope) = st.tokens.lock().expect("tokens lock").get(&token).cloned() else {
        return mgmt_error(
            StatusCode::UNAUTHORIZED,
            "Unauthorized",
            "Invalid token",
            None,
        );
    };
    let call = Call {
        method,
        segments: rest.split('/').map(percent_decode).collect(),
        query: url::form_urlencoded::parse(query.as_deref().unwrap_or_default().as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect(),
        body: serde_json::from_slice(&body).unwrap_or(Value::Null),
        scopes: scope.split_whitespace().map(str::to_string).collect(),
    };
    let mut resp = route(&mut st.tenant(), &call);
    rate_headers(&mut resp, 9, reset);
    resp
}

fn percent_decode(s: &str) -> String {
    url::form_urlencoded::parse(format!("x={}", s.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

fn route(t: &mut Tenant, c: &Call) -> Response {
    let seg: Vec<&str> = c.segments.iter().map(String::as_str).collect();
    match (c.method.as_str(), seg.as_slice()) {
        ("GET", ["clients"]) => clients::list(t, c),
        ("POST", ["clients"]) => clients::create(t, c),
        ("GET", ["clients", id]) => clients::get(t, c, id),
        ("PATCH", ["clients", id]) => clients::patch(t, c, id),
        ("DELETE", ["clients", id]) => clients::delete(t, c, id),
        ("GET", ["client-grants"]) => grants::list(t, c),
        ("POST", ["client-grants"]) => grants::create(t, c),
        ("DELETE", ["client-grants", id]) => grants::delete(t, c, id),
        ("GET", ["actions", "actions"]) => actions::list(t, c),
        ("POST", ["actions", "actions"]) => actions::create(t, c),
        ("GET", ["actions", "actions", id]) => actions::get(t, c, id),
        ("DELETE", ["actions", "actions", id]) => actions::delete(t, c, id),
        ("POST", ["actions", "actions", id, "deploy"]) => actions::deploy(t, c, id),
        ("GET", ["actions", "triggers", "post-login", "bindings"]) => actions::bindings(t, c),
        ("PATCH", ["actions", "triggers", "post-login", "bindings"]) => actions::bind(t, c),
        _ => mgmt_error(StatusCode::NOT_FOUND, "Not Found", "Not Found", None),
    }
}

/// `POST /oauth/token`: the M2M application, and every application of the tenant with the
/// grant types of its record and the client grants it has.
fn token(st: &StubState, domain: &str, headers: &axum::http::HeaderMap, body: &[u8]) -> Response {
    let api = format!("https://{domain}/api/v2/");
    let (clients, served) = {
        let t = st.tenant();
        let mut clients = vec![TokenClient {
            creds: st.m2m.clone(),
            grant_types: vec!["client_credentials".into()],
            granted: if t.m2m_granted {
                vec![api.clone()]
            } else {
                vec![]
            },
            scope: t.m2m_scopes.join(" "),
        }];
        let mut served = vec![api.clone()];
        for c in &t.clients {
            let grant_types = c.record["grant_types"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|g| g.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            let id = c.client_id();
            let mine: Vec<&Value> = t.grants.iter().filter(|g| g["client_id"] == id).collect();
            let mut granted = c.granted_audiences.clone();
            granted.extend(
                mine.iter()
                    .filter_map(|g| g["audience"].as_str().map(str::to_string)),
            );
            let scope: Vec<String> = mine
                .iter()
                .filter(|g| g["audience"] == api)
                .flat_map(|g| g["scope"].as_array().cloned().unwrap_or_default())
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect();
            served.extend(c.granted_audiences.iter().cloned());
            clients.push(TokenClient {
                creds: c.creds(),
                grant_types,
                granted,
                scope: scope.join(" "),
            });
        }
        (clients, served)
    };
    let (resp, issued) = token_endpoint(domain, &served, &clients, headers, body);
    if let Some(t) = issued {
        st.tokens
            .lock()
            .expect("tokens lock")
            .insert(t.access_token, t.scope);
    }
    resp
}
