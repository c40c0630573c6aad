//! `/api/v2/clients`: list, get (fields / include_fields), create, PATCH, delete
//! (reference A.4 to A.7).

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Map, Value};

use super::answers::{bad_body, no_client, no_content};
use super::router::Call;
use super::{StubClient, Tenant};
use crate::auth0::{json_response, ClientCreds};

/// What a token without `read:clients`/`read:client_keys` sees of a client (A.5).
const ANY_SCOPE_FIELDS: [&str; 4] = ["client_id", "app_type", "name", "description"];

/// Fields Auth0 will not take in a write: immutable or server-owned (deploy-cli's
/// `stripUpdateFields`, A.6). `client_secret` needs `update:client_keys`.
const READ_ONLY: [&str; 10] = [
    "client_id",
    "signing_keys",
    "global",
    "tenant",
    "callback_url_template",
    "external_metadata_type",
    "external_metadata_created_by",
    "jwks_uri",
    "owners",
    "config_route",
];

fn scoped(c: &Call) -> bool {
    c.scopes
        .iter()
        .any(|s| s == "read:clients" || s == "read:client_keys")
}

/// The record as Auth0 shows it to this token, filtered by `fields`/`include_fields`.
fn view(client: &StubClient, c: &Call) -> Value {
    let mut record = client.record.as_object().cloned().unwrap_or_default();
    if c.scopes.iter().any(|s| s == "read:client_keys") {
        record.insert("client_secret".into(), Value::String(client.secret.clone()));
    }
    if !scoped(c) {
        record.retain(|k, _| ANY_SCOPE_FIELDS.contains(&k.as_str()));
    }
    if let Some(fields) = c.q("fields") {
        let fields: Vec<&str> = fields.split(',').map(str::trim).collect();
        let include = c.q("include_fields") != Some("false");
        record.retain(|k, _| fields.contains(&k.as_str()) == include);
    }
    Value::Object(record)
}

/// `GET /api/v2/clients?page&per_page`: an array (without `include_totals`).
pub(crate) fn list(t: &Tenant, c: &Call) -> Response {
    if let Some(denied) = c.need(&["read:clients", "read:client_keys"]) {
        return denied;
    }
    let per_page: usize = c
        .q("per_page")
        .and_then(|p| p.parse().ok())
        .unwrap_or(50)
        .clamp(1, 100);
    let page: usize = c.q("page").and_then(|p| p.parse().ok()).unwrap_or(0);
    let items: Vec<Value> = t
        .clients
        .iter()
        .skip(page * per_page)
        .take(per_page)
        .map(|cl| view(cl, c))
        .collect();
    if c.q("include_totals") == Some("true") {
        let body = json!({"total": t.clients.len(), "start": page * per_page, "limit": per_page, "clients": items});
        return json_response(StatusCode::OK, body);
    }
    json_response(StatusCode::OK, Value::Array(items))
}

pub(crate) fn get(t: &Tenant, c: &Call, id: &str) -> Response {
    match t.clients.iter().find(|cl| cl.client_id() == id) {
        None => no_client(),
        Some(cl) => json_response(StatusCode::OK, view(cl, c)),
    }
}

/// Checks a write's body the way Auth0's payload validation does, for the fields the
/// wizard sends: the 400 to answer, if any.
fn validate(body: &Map<String, Value>, c: &Call) -> Option<Response> {
    for k in body.keys() {
        if READ_ONLY.contains(&k.as_str()) {
            return Some(bad_body(&format!(
                "Payload validation error: 'Additional properties not allowed: {k}'."
            )));
        }
    }
    if body.contains_key("client_secret") && !c.scopes.iter().any(|s| s == "update:client_keys") {
        return Some(c.need(&["update:client_keys"]).expect("scope missing"));
    }
    if let Some(j) = body.get("jwt_configuration").and_then(Value::as_object) {
        if j.contains_key("secret_encoded") {
            return Some(bad_body("Payload validation error: 'Additional properties not allowed: secret_encoded' on property jwt_configuration."));
        }
    }
    for key in ["callbacks", "allowed_logout_urls", "web_origins"] {
        let Some(v) = body.get(key) else { continue };
        let Some(items) = v.as_array() else {
            return Some(bad_body(&format!("Payload validation error: 'Expected type array but found type {}' on property {key}.", type_name(v))));
        };
        for (i, item) in items.iter().enumerate() {
            let ok = item
                .as_str()
                .and_then(|s| url::Url::parse(s).ok())
                .is_some_and(|u| u.has_host());
            if !ok {
                let shown = item
                    .as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| item.to_string());
                return Some(bad_body(&format!("Payload validation error: 'Object didn't pass validation for format callback-url: {shown}' on property {key}[{i}].")));
            }
        }
    }
    if let Some(v) = body.get("initiate_login_uri") {
        let s = v.as_str().unwrap_or("-");
        if !(s.is_empty() || s.starts_with("https://")) {
            return Some(bad_body(&format!("Payload validation error: 'Object didn't pass validation for format absolute-uri-or-empty: {s}' on property initiate_login_uri (Initiate login uri, must be https and cannot contain a fragment).")));
        }
    }
    None
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// A public client (`none`) cannot have client_credentials (auth0.net#188, deploy-cli#205).
fn grants_fit(record: &Value) -> Option<Response> {
    let public = record["token_endpoint_auth_method"] == "none";
    let cc = record["grant_types"]
        .as_array()
        .is_some_and(|g| g.iter().any(|x| x == "client_credentials"));
    if public && cc {
        return Some(bad_body("Invalid grant types: client_credentials"));
    }
    None
}

/// Top level: partial. Arrays: replaced. Objects: merged key by key. `null`: removed (A.6).
fn merge(record: &mut Map<String, Value>, body: &Map<String, Value>) {
    for (k, v) in body {
        match (record.get_mut(k), v) {
            (_, Value::Null) => {
                record.remove(k);
            }
            (Some(Value::Object(now)), Value::Object(patch)) => merge(now, patch),
            _ => {
                record.insert(k.clone(), v.clone());
            }
        }
    }
}

/// `POST /api/v2/clients`: 201 with the full client, its generated secret included (A.4).
/// The defaults are those of the recorded create with only a name: no `alg` (HS256
/// server-side), `oidc_conformant` false, four grant types.
pub(crate) fn create(t: &mut Tenant, c: &Call) -> Response {
    if let Some(denied) = c.need(&["create:clients"]) {
        return denied;
    }
    let Some(body) = c.body.as_object() else {
        return bad_body("Payload validation error: 'Expected type object but found type null'.");
    };
    if !body.get("name").is_some_and(Value::is_string) {
        return bad_body("Payload validation error: 'Missing required property: name'.");
    }
    if let Some(r) = validate(body, c) {
        return r;
    }
    let creds = ClientCreds::random();
    let mut record = json!({
        "client_id": creds.id,
        "tenant": "fake-tenant",
        "global": false,
        "is_first_party": true,
        "oidc_conformant": false,
        "jwt_configuration": {"secret_encoded": false, "lifetime_in_seconds": 36000},
        "grant_types": ["authorization_code", "implicit", "refresh_token", "client_credentials"],
        "token_endpoint_auth_method": "client_secret_post",
        "sso_disabled": false,
        "custom_login_page_on": true,
        "callback_url_template": false,
        "refresh_token": {"rotation_type": "non-rotating", "expiration_type": "non-expiring"},
        "signing_keys": [{"cert": "-----BEGIN CERTIFICATE-----\nfake\n-----END CERTIFICATE-----", "subject": "/CN=fake-tenant"}],
    });
    merge(record.as_object_mut().expect("object"), body);
    if let Some(r) = grants_fit(&record) {
        return r;
    }
    t.clients.push(StubClient {
        record: record.clone(),
        secret: creds.secret.clone(),
        granted_audiences: vec![],
    });
    record["client_secret"] = Value::String(creds.secret);
    json_response(StatusCode::CREATED, record)
}

/// `PATCH /api/v2/clients/{id}`: 200 with the full updated client (A.6).
pub(crate) fn patch(t: &mut Tenant, c: &Call, id: &str) -> Response {
    if let Some(denied) = c.need(&["update:clients"]) {
        return denied;
    }
    let Some(body) = c.body.as_object() else {
        return bad_body("Payload validation error: 'Expected type object but found type null'.");
    };
    if let Some(r) = validate(body, c) {
        return r;
    }
    let Some(client) = t.clients.iter_mut().find(|cl| cl.client_id() == id) else {
        return no_client();
    };
    let mut record = client.record.clone();
    merge(record.as_object_mut().expect("records are objects"), body);
    if let Some(r) = grants_fit(&record) {
        return r;
    }
    client.record = record.clone();
    json_response(StatusCode::OK, record)
}

/// `DELETE /api/v2/clients/{id}`: 204, its client grants go with it (A.7).
pub(crate) fn delete(t: &mut Tenant, c: &Call, id: &str) -> Response {
    if let Some(denied) = c.need(&["delete:clients"]) {
        return denied;
    }
    let before = t.clients.len();
    t.clients.retain(|cl| cl.client_id() != id);
    if t.clients.len() == before {
        return no_client();
    }
    t.grants.retain(|g| g["client_id"] != id);
    no_content()
}
