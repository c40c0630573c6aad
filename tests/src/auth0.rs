//! Auth0's answers (shared/reference/targets.md §5.1, §5.2, §5.4), for the in-process servers.

use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use rand::distributions::{Alphanumeric, DistString};
use serde_json::{json, Map, Value};

/// A client id and secret.
#[derive(Clone, PartialEq, Eq)]
pub struct ClientCreds {
    pub id: String,
    pub secret: String,
}

impl std::fmt::Debug for ClientCreds {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientCreds")
            .field("id", &self.id)
            .field("secret", &"[redacted]")
            .finish()
    }
}

impl ClientCreds {
    /// A random Auth0-like pair: a 32-character id and a 64-character secret.
    pub fn random() -> Self {
        let mut rng = rand::thread_rng();
        Self {
            id: Alphanumeric.sample_string(&mut rng, 32),
            secret: Alphanumeric.sample_string(&mut rng, 64),
        }
    }
}

const JWKS_JSON: &str = include_str!("../idp/jwks.json");
const SIGNING_KEY_PEM: &[u8] = include_bytes!("../idp/signing-key.pem");
pub(crate) const KID: &str = "test-key-1";

/// The public part of the fixed test signing key (tests/idp/jwks.json), as a JWKS.
pub fn public_jwks() -> Value {
    let all: Value = serde_json::from_str(JWKS_JSON).expect("tests/idp/jwks.json is JSON");
    let keys = all["keys"]
        .as_array()
        .expect("keys")
        .iter()
        .map(|k| {
            let mut public = Map::new();
            for f in ["kty", "n", "e", "kid", "alg", "use"] {
                if let Some(v) = k.get(f) {
                    public.insert(f.to_string(), v.clone());
                }
            }
            Value::Object(public)
        })
        .collect::<Vec<_>>();
    json!({ "keys": keys })
}

/// The discovery document Auth0 serves for `domain` ("host:port"): issuer with a trailing slash.
pub fn auth0_discovery(domain: &str) -> Value {
    let b = format!("https://{domain}");
    json!({
        "issuer": format!("{b}/"),
        "authorization_endpoint": format!("{b}/authorize"),
        "token_endpoint": format!("{b}/oauth/token"),
        "device_authorization_endpoint": format!("{b}/oauth/device/code"),
        "userinfo_endpoint": format!("{b}/userinfo"),
        "mfa_challenge_endpoint": format!("{b}/mfa/challenge"),
        "jwks_uri": format!("{b}/.well-known/jwks.json"),
        "registration_endpoint": format!("{b}/oidc/register"),
        "revocation_endpoint": format!("{b}/oauth/revoke"),
        "scopes_supported": ["openid", "profile", "offline_access", "name", "given_name", "family_name",
            "nickname", "email", "email_verified", "picture", "created_at", "identities", "phone", "address"],
        "response_types_supported": ["code", "token", "id_token", "code token", "code id_token",
            "token id_token", "code token id_token"],
        "code_challenge_methods_supported": ["S256", "plain"],
        "response_modes_supported": ["query", "fragment", "form_post"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["HS256", "RS256", "PS256"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "private_key_jwt"],
        "claims_supported": ["aud", "auth_time", "created_at", "email", "email_verified", "exp",
            "family_name", "given_name", "iat", "identities", "iss", "name", "nickname",
            "phone_number", "picture", "sub"],
        "request_uri_parameter_supported": false,
        "request_parameter_supported": false,
    })
}

pub(crate) fn json_response(status: StatusCode, body: Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

/// A client the fake token endpoint knows.
#[derive(Clone, Debug)]
pub(crate) struct TokenClient {
    pub creds: ClientCreds,
    pub grant_types: Vec<String>,
    /// Audiences this client has a client grant for.
    pub granted: Vec<String>,
    pub scope: String,
}

/// A token the fake token endpoint issued.
#[derive(Clone, Debug)]
pub(crate) struct Issued {
    pub access_token: String,
    pub scope: String,
}

fn params(headers: &HeaderMap, body: &[u8]) -> Map<String, Value> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    let mut out = Map::new();
    if is_json {
        if let Ok(Value::Object(m)) = serde_json::from_slice(body) {
            out = m;
        }
    } else {
        for (k, v) in url::form_urlencoded::parse(body) {
            out.insert(k.into_owned(), Value::String(v.into_owned()));
        }
    }
    // client_secret_basic: the id and secret are form-encoded, then base64 (RFC 6749 §2.3.1).
    if let Some(basic) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
    {
        if let Ok(raw) = base64::engine::general_purpose::STANDARD.decode(basic.trim()) {
            let raw = String::from_utf8_lossy(&raw).into_owned();
            if let Some((id, secret)) = raw.split_once(':') {
                let dec = |s: &str| {
                    url::form_urlencoded::parse(format!("x={s}").as_bytes())
                        .next()
                        .map(|(_, v)| v.into_owned())
                        .unwrap_or_default()
                };
                out.insert("client_id".into(), Value::String(dec(id)));
                out.insert("client_secret".into(), Value::String(dec(secret)));
            }
        }
    }
    out
}

fn access_denied(description: &str) -> Response {
    json_response(
        StatusCode::FORBIDDEN,
        json!({ "error": "access_denied", "error_description": description }),
    )
}

/// `POST /oauth/token` as Auth0 answers it, for client_credentials only (a code is never valid).
pub(crate) fn token_endpoint(
    domain: &str,
    served_audiences: &[String],
    clients: &[TokenClient],
    headers: &HeaderMap,
    body: &[u8],
) -> (Response, Option<Issued>) {
    let p = params(headers, body);
    let s = |k: &str| {
        p.get(k)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let (client_id, secret, grant_type, audience) = (
        s("client_id"),
        s("client_secret"),
        s("grant_type"),
        s("audience"),
    );
    if grant_type.is_empty() {
        let body = json!({ "error": "invalid_request", "error_description": "Missing required parameter: grant_type" });
        return (json_response(StatusCode::BAD_REQUEST, body), None);
    }
    let Some(client) = clients
        .iter()
        .find(|c| c.creds.id == client_id && c.creds.secret == secret)
    else {
        let body = json!({ "error": "access_denied", "error_description": "Unauthorized" });
        return (json_response(StatusCode::UNAUTHORIZED, body), None);
    };
    if !client.grant_types.contains(&grant_type) {
        let body = json!({
            "error": "unauthorized_client",
            "error_description": format!("Grant type '{grant_type}' not allowed for the client."),
            "error_uri": "https://auth0.com/docs/clients/client-grant-types",
        });
        return (json_response(StatusCode::FORBIDDEN, body), None);
    }
    if grant_type != "client_credentials" {
        let body =
            json!({ "error": "invalid_grant", "error_description": "Invalid authorization code" });
        return (json_response(StatusCode::FORBIDDEN, body), None);
    }
    if audience.is_empty() {
        return (
            access_denied(
                "No audience parameter was provided, and no default audience has been configured",
            ),
            None,
        );
    }
    if !served_audiences.contains(&audience) {
        return (
            access_denied(&format!("Service not found: {audience}")),
            None,
        );
    }
    if !client.granted.contains(&audience) {
        return (
            access_denied(&format!(
                "Client is not authorized to access \"{audience}\". You might probably want to create a \"client-grant\" associated to this API. See: https://auth0.com/docs/api/v2#!/Client_Grants/post_client_grants"
            )),
            None,
        );
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default();
    let claims = json!({
        "iss": format!("https://{domain}/"),
        "sub": format!("{}@clients", client.creds.id),
        "aud": audience,
        "iat": now,
        "exp": now + 86400,
        "scope": client.scope,
        "gty": "client-credentials",
        "azp": client.creds.id,
    });
    let token = sign_jwt(&claims);
    let issued = Issued {
        access_token: token.clone(),
        scope: client.scope.clone(),
    };
    let body = json!({
        "access_token": token,
        "expires_in": 86400,
        "scope": client.scope,
        "token_type": "Bearer",
    });
    (json_response(StatusCode::OK, body), Some(issued))
}

/// An RS256 JWT signed with the fixed test key (kid `test-key-1`).
pub(crate) fn sign_jwt(claims: &Value) -> String {
    let key = jsonwebtoken::EncodingKey::from_rsa_pem(SIGNING_KEY_PEM)
        .expect("tests/idp/signing-key.pem");
    let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256);
    header.kid = Some(KID.to_string());
    jsonwebtoken::encode(&header, claims, &key).expect("signing a test JWT")
}
