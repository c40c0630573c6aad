//! What each system sends, per reference B and the source it cites: pachd's
//! `dex_web.go` (`http.Error`), the Dex fork's `handlers.go`, `oauth2.go` and
//! templates (`login.html`, `error.html`), Pomerium's
//! `well_known_pomerium.go`, OpenMetadata's `VersionResource` and `ConfigResource`.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};
use url::form_urlencoded;

use crate::system::{Answers, Ctx, OTHER_CLIENT_ID};

/// Go's `http.Error`: text/plain, nosniff, the message and a newline.
pub(crate) fn go_http_error(status: StatusCode, msg: &str) -> Response {
    let mut r = (status, format!("{msg}\n")).into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    r
}

fn html(status: StatusCode, body: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response()
}

fn json_body(status: StatusCode, v: Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        v.to_string(),
    )
        .into_response()
}

/// Go's `http.Redirect` for a GET: 302, Location, and a small HTML body.
fn go_redirect(location: &str, extra_body: &str) -> Response {
    let body = format!("<a href=\"{location}\">Found</a>.\n\n{extra_body}");
    let mut r = html(StatusCode::FOUND, body);
    let loc = HeaderValue::from_str(location).expect("a URL is a header value");
    r.headers_mut().insert(header::LOCATION, loc);
    r
}

fn query_encode(pairs: &[(&str, &str)]) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        s.append_pair(k, v);
    }
    s.finish()
}

fn is_pachd(a: Answers) -> bool {
    !matches!(a, Answers::DexTwoConnectors | Answers::DexConnectorMissing)
}

fn issuer(ctx: &Ctx) -> String {
    match ctx.answers {
        Answers::PachdInternalIssuer => "http://pachd:30658/dex".to_owned(),
        _ => format!("https://{}/dex", ctx.host),
    }
}

/// (id, name, type), sorted by name as Dex's login page sorts them.
fn connectors(a: Answers) -> Vec<(&'static str, &'static str, &'static str)> {
    match a {
        Answers::PachdNoConnector => vec![("placeholder", "No IDPs Configured", "placeholder")],
        Answers::DexTwoConnectors => {
            vec![("auth0", "Auth0", "oidc"), ("github", "GitHub", "github")]
        }
        Answers::DexConnectorMissing => vec![("github", "GitHub", "github")],
        _ => vec![("auth0", "Auth0", "oidc")],
    }
}

/// The fork's discovery keys (`server/handlers.go` `type discovery struct`).
fn discovery(issuer: &str) -> Value {
    json!({
        "issuer": issuer,
        "authorization_endpoint": format!("{issuer}/auth"),
        "token_endpoint": format!("{issuer}/token"),
        "jwks_uri": format!("{issuer}/keys"),
        "userinfo_endpoint": format!("{issuer}/userinfo"),
        "device_authorization_endpoint": format!("{issuer}/device/code"),
        "grant_types_supported": ["authorization_code", "refresh_token", "urn:ietf:params:oauth:grant-type:device_code"],
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "code_challenge_methods_supported": ["S256", "plain"],
        "scopes_supported": ["openid", "email", "groups", "profile", "offline_access"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "claims_supported": ["iss", "sub", "aud", "iat", "exp", "email", "email_verified", "locale", "name", "preferred_username", "at_hash"],
    })
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
}

/// `header.html` + a panel + `footer.html`.
fn dex_page(web_issuer: &str, panel: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html>\n  <head>\n    <meta charset=\"utf-8\">\n    <meta http-equiv=\"X-UA-Compatible\" content=\"IE=edge,chrome=1\">\n    <title>{web_issuer}</title>\n    <meta name=\"viewport\" content=\"width=device-width, initial-scale=1.0\">\n    <link href=\"static/main.css\" rel=\"stylesheet\">\n    <link href=\"theme/styles.css\" rel=\"stylesheet\">\n  </head>\n\n  <body class=\"theme-body\">\n    <div class=\"theme-navbar\">\n      <div class=\"theme-navbar__logo-wrap\">\n        <img class=\"theme-navbar__logo\" src=\"theme/logo.png\">\n      </div>\n    </div>\n\n    <div class=\"dex-container\">\n{panel}\n    </div>\n  </body>\n</html>\n"
    )
}

fn web_issuer(a: Answers) -> &'static str {
    if is_pachd(a) {
        "Pachyderm"
    } else {
        "dex"
    }
}

/// `login.html`: one button per connector.
fn login_page(a: Answers) -> String {
    let buttons: String = connectors(a)
        .iter()
        .map(|(id, name, kind)| format!("\n      <div class=\"theme-form-row\">\n        <a href=\"/dex/auth/{id}\" target=\"_self\">\n          <button class=\"dex-btn theme-btn-provider\">\n            <span class=\"dex-btn-icon dex-btn-icon--{kind}\"></span>\n            <span class=\"dex-btn-text\">Log in with {}</span>\n          </button>\n        </a>\n      </div>\n    ", escape(name)))
        .collect();
    let panel = format!("<div class=\"theme-panel\">\n  <h2 class=\"theme-heading\">Log in to {} </h2>\n  <div>\n    {buttons}\n  </div>\n</div>", web_issuer(a));
    dex_page(web_issuer(a), &panel)
}

/// `error.html` through `renderError`: the status text and the message.
fn dex_error(a: Answers, status: StatusCode, msg: &str) -> Response {
    let panel = format!(
        "<div class=\"theme-panel\">\n  <h2 class=\"theme-heading\">{}</h2>\n  <p>{}</p>\n</div>",
        status.canonical_reason().unwrap_or(""),
        escape(msg)
    );
    html(status, dex_page(web_issuer(a), &panel))
}

pub(crate) fn dex(ctx: &Ctx, path: &str, query: &str) -> Response {
    let a = ctx.answers;
    let cs = connectors(a);
    match path {
        "/dex/.well-known/openid-configuration" => {
            json_body(StatusCode::OK, discovery(&issuer(ctx)))
        }
        "/dex/auth" | "/dex/auth/" if cs.len() == 1 => {
            let loc = format!(
                "/dex/auth/{}{}{query}",
                cs[0].0,
                if query.is_empty() { "" } else { "?" }
            );
            // The fork does not return after this redirect: the page follows (B.2).
            let page = if is_pachd(a) {
                login_page(a)
            } else {
                String::new()
            };
            go_redirect(&loc, &page)
        }
        "/dex/auth" | "/dex/auth/" => html(StatusCode::OK, login_page(a)),
        _ => match path.strip_prefix("/dex/auth/") {
            Some(id) => connector_login(ctx, id, query),
            None => go_http_error(StatusCode::NOT_FOUND, "404 page not found"),
        },
    }
}

/// `handleConnectorLogin`: the Dex client first, then the connector, then its `LoginURL`.
fn connector_login(ctx: &Ctx, id: &str, query: &str) -> Response {
    let a = ctx.answers;
    let q: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    let get = |k: &str| {
        q.iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let (client, redirect) = (get("client_id"), get("redirect_uri"));
    if redirect.is_empty() {
        return dex_error(a, StatusCode::BAD_REQUEST, "No redirect_uri provided.");
    }
    if client != "pachd" {
        return dex_error(
            a,
            StatusCode::NOT_FOUND,
            &format!("Invalid client_id ({client:?})."),
        );
    }
    if redirect != format!("https://{}/authorization-code/callback", ctx.host) {
        return dex_error(
            a,
            StatusCode::BAD_REQUEST,
            &format!("Unregistered redirect_uri ({redirect:?})."),
        );
    }
    if !connectors(a).iter().any(|(c, _, _)| *c == id) {
        return dex_error(
            a,
            StatusCode::BAD_REQUEST,
            "Requested resource does not exist",
        );
    }
    if a == Answers::PachdLoginError {
        return dex_error(a, StatusCode::INTERNAL_SERVER_ERROR, "Login error.");
    }
    let client_id = match a {
        Answers::PachdOtherClientId => OTHER_CLIENT_ID.to_owned(),
        _ => ctx.auth0.client_id.clone(),
    };
    let callback = match a {
        Answers::PachdRedirectWithoutDex => format!("https://{}/callback", ctx.host),
        _ => format!("https://{}/dex/callback", ctx.host),
    };
    // golang.org/x/oauth2 AuthCodeURL: url.Values.Encode, keys sorted.
    let qs = query_encode(&[
        ("client_id", &client_id),
        ("redirect_uri", &callback),
        ("response_type", "code"),
        ("scope", "openid profile email"),
        ("state", "q4kzvbn3o6yd3y4dxtvy4pk2r"),
    ]);
    go_redirect(&format!("https://{}/authorize?{qs}", ctx.auth0.domain), "")
}

pub(crate) fn pomerium(ctx: &Ctx, path: &str) -> Response {
    let host = &ctx.host;
    match path {
        "/.well-known/pomerium" => {
            let authenticate = match ctx.answers {
                Answers::PomeriumHosted => "https://authenticate.pomerium.app".to_owned(),
                _ => format!("https://{host}"),
            };
            json_body(StatusCode::OK, json!({
                "issuer": format!("https://{host}/"),
                "authentication_callback_endpoint": format!("{authenticate}/oauth2/callback"),
                "jwks_uri": format!("https://{host}/.well-known/pomerium/jwks.json"),
                "frontchannel_logout_uri": format!("https://{host}/.pomerium/sign_out"),
            }))
        }
        "/" => go_redirect("/.pomerium/", ""),
        "/.pomerium/" if ctx.answers == Answers::PomeriumSignInFails => html(
            StatusCode::INTERNAL_SERVER_ERROR,
            "<!DOCTYPE html><html lang=\"en\"><head><title>Internal Server Error</title></head><body><h1>Internal Server Error</h1></body></html>".to_owned(),
        ),
        "/.pomerium/" => {
            let qs = query_encode(&[
                ("client_id", &ctx.auth0.client_id),
                ("code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"),
                ("code_challenge_method", "S256"),
                ("redirect_uri", &format!("https://{host}/oauth2/callback")),
                ("response_type", "code"),
                ("scope", "openid profile email offline_access"),
                ("state", "c3RhdGUtZnJvbS1wb21lcml1bQ"),
            ]);
            go_redirect(&format!("https://{}/authorize?{qs}", ctx.auth0.domain), "")
        }
        _ => go_http_error(StatusCode::NOT_FOUND, "404 page not found"),
    }
}

pub(crate) fn openmetadata(ctx: &Ctx, path: &str) -> Response {
    let authority = match ctx.answers {
        Answers::OpenMetadataTrailingSlash => format!("https://{}/", ctx.auth0.domain),
        _ => format!("https://{}", ctx.auth0.domain),
    };
    let callback = format!("https://{}/callback", ctx.host);
    match path {
        "/api/v1/system/version" => json_body(
            StatusCode::OK,
            json!({"version": "1.5.6", "revision": "d3b6f2a", "timestamp": 1717171717171_u64}),
        ),
        "/api/v1/system/config/auth" if ctx.answers == Answers::OpenMetadataOldShape => json_body(
            StatusCode::OK,
            json!({
                "provider": "auth0", "providerName": "", "clientType": "public",
                "publicKeyUrls": [format!("https://{}/api/v1/system/config/jwks", ctx.host)],
                "authority": authority, "clientId": ctx.auth0.client_id, "callbackUrl": callback,
                "jwtPrincipalClaims": ["email", "preferred_username", "sub"], "enableSelfSignup": true,
                "responseType": "id_token", "tokenValidationAlgorithm": "RS256",
            }),
        ),
        "/api/v1/system/config/auth" => json_body(
            StatusCode::OK,
            json!({
                "provider": "auth0", "providerName": "", "clientType": "public", "enableSelfSignup": true,
                "jwtPrincipalClaims": ["email", "preferred_username", "sub"], "jwtPrincipalClaimsMapping": [],
                "clientId": ctx.auth0.client_id, "authority": authority, "callbackUrl": callback,
                "ldapConfiguration": null, "oidcConfiguration": null,
            }),
        ),
        _ => json_body(
            StatusCode::NOT_FOUND,
            json!({"code": 404, "message": "HTTP 404 Not Found"}),
        ),
    }
}
