//! `/api/v2/client-grants` (reference A.8).

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Value};

use super::answers::{bad_body, mgmt_error, new_id, no_client, no_content};
use super::router::Call;
use super::Tenant;
use crate::auth0::json_response;

/// `GET /api/v2/client-grants?client_id&audience`: an array.
pub(crate) fn list(t: &Tenant, c: &Call) -> Response {
    if let Some(denied) = c.need(&["read:client_grants"]) {
        return denied;
    }
    let items: Vec<Value> = t
        .grants
        .iter()
        .filter(|g| c.q("client_id").is_none_or(|id| g["client_id"] == id))
        .filter(|g| c.q("audience").is_none_or(|a| g["audience"] == a))
        .cloned()
        .collect();
    json_response(StatusCode::OK, Value::Array(items))
}

/// `POST /api/v2/client-grants`: 201 `{id: "cgr_...", client_id, audience, scope}`.
pub(crate) fn create(t: &mut Tenant, c: &Call) -> Response {
    if let Some(denied) = c.need(&["create:client_grants"]) {
        return denied;
    }
    let (Some(client_id), Some(audience)) =
        (c.body["client_id"].as_str(), c.body["audience"].as_str())
    else {
        return bad_body("Payload validation error: 'Missing required property: audience'.");
    };
    if !t.clients.iter().any(|cl| cl.client_id() == client_id) {
        return no_client();
    }
    if t.grants
        .iter()
        .any(|g| g["client_id"] == client_id && g["audience"] == audience)
    {
        // One grant per (client, audience); the real text is unverified (reference F).
        return mgmt_error(
            StatusCode::CONFLICT,
            "Conflict",
            "A client grant for this client and audience already exists.",
            Some("conflict"),
        );
    }
    let grant = json!({
        "id": new_id("cgr_"),
        "client_id": client_id,
        "audience": audience,
        "scope": c.body.get("scope").cloned().unwrap_or(json!([])),
    });
    t.grants.push(grant.clone());
    json_response(StatusCode::CREATED, grant)
}

/// `DELETE /api/v2/client-grants/{id}`: 204; a second delete is the recorded 404.
pub(crate) fn delete(t: &mut Tenant, c: &Call, id: &str) -> Response {
    if let Some(denied) = c.need(&["delete:client_grants"]) {
        return denied;
    }
    let before = t.grants.len();
    t.grants.retain(|g| g["id"] != id);
    if t.grants.len() == before {
        return mgmt_error(
            StatusCode::NOT_FOUND,
            "Not Found",
            "The grant does not exist.",
            Some("inexistent_client_grant"),
        );
    }
    no_content()
}
