//! `/api/v2/actions`: Actions that build and deploy over a few looks, and the
//! post-login trigger's bindings, replaced as a whole (reference A.9).

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Value};

use super::answers::{bad_body, mgmt_error, new_id, no_content, timestamp};
use super::router::Call;
use super::{ActionBuild, Deploy, FakeAction, Tenant};
use crate::auth0::json_response;

const TRIGGER: &str = "post-login";

/// The recorded 404 (no `errorCode`).
fn no_action() -> Response {
    mgmt_error(
        StatusCode::NOT_FOUND,
        "Not Found",
        "That action does not exist.",
        None,
    )
}

pub(crate) fn new_action(name: &str, code: &str) -> FakeAction {
    let now = timestamp();
    FakeAction {
        record: json!({
            "id": new_id("act-"),
            "name": name,
            "supported_triggers": [{"id": TRIGGER, "version": "v3"}],
            "code": code,
            "runtime": "node22",
            "dependencies": [],
            "secrets": [],
            "status": "pending",
            "all_changes_deployed": false,
            "created_at": now,
            "updated_at": now,
        }),
        looks: 0,
        deploy: Deploy::No,
    }
}

/// The record's `status` and `deployed_version` for the looks so far.
pub(crate) fn refresh(a: &mut FakeAction, build: ActionBuild) {
    let status = match build {
        _ if a.looks == 0 => "pending",
        ActionBuild::Fails => "failed",
        ActionBuild::After(n) if a.looks >= n => "built",
        ActionBuild::After(_) => "building",
    };
    a.record["status"] = json!(status);
    if a.deploy != Deploy::No {
        let deployed = a.deploy == Deploy::Done;
        a.record["deployed_version"] = json!({"id": format!("{}-v1", a.record["id"].as_str().unwrap_or("")), "number": 1, "deployed": deployed, "status": "built"});
        a.record["all_changes_deployed"] = json!(deployed);
    }
}

/// A binding as `GET .../bindings` lists it.
pub(crate) fn binding_of(action: &Value, display_name: &str) -> Value {
    let now = timestamp();
    json!({
        "id": new_id("bnd-"),
        "trigger_id": TRIGGER,
        "action": {"id": action["id"], "name": action["name"], "supported_triggers": action["supported_triggers"]},
        "display_name": display_name,
        "created_at": now,
        "updated_at": now,
    })
}

pub(crate) fn binding_pair(b: &Value) -> (String, String) {
    let s = |v: &Value| v.as_str().unwrap_or_default().to_string();
    (s(&b["action"]["id"]), s(&b["display_name"]))
}

/// `GET /api/v2/actions/actions?actionName`.
pub(crate) fn list(t: &Tenant, c: &Call) -> Response {
    if let Some(denied) = c.need(&["read:actions"]) {
        return denied;
    }
    let items: Vec<Value> = t
        .actions
        .iter()
        .filter(|a| c.q("actionName").is_none_or(|n| a.record["name"] == n))
        .map(|a| a.record.clone())
        .collect();
    json_response(
        StatusCode::OK,
        json!({"total": items.len(), "page": 0, "per_page": 50, "actions": items}),
    )
}

/// `POST /api/v2/actions/actions`: 201, `status: pending` (recorded `TestActionManager_Create`).
pub(crate) fn create(t: &mut Tenant, c: &Call) -> Response {
    if let Some(denied) = c.need(&["create:actions"]) {
        return denied;
    }
    let (Some(name), Some(_)) = (
        c.body["name"].as_str(),
        c.body["supported_triggers"].as_array(),
    ) else {
        return bad_body(
            "Payload validation error: 'Missing required property: supported_triggers'.",
        );
    };
    let a = new_action(name, c.body["code"].as_str().unwrap_or_default());
    let record = a.record.clone();
    t.actions.push(a);
    json_response(StatusCode::CREATED, record)
}

/// `GET /api/v2/actions/actions/{id}`: each look moves the build (and a requested
/// deployment) along.
pub(crate) fn get(t: &mut Tenant, c: &Call, id: &str) -> Response {
    if let Some(denied) = c.need(&["read:actions"]) {
        return denied;
    }
    let build = t.action_build;
    let Some(a) = t.actions.iter_mut().find(|a| a.record["id"] == id) else {
        return no_action();
    };
    a.looks = a.looks.saturating_add(1);
    refresh(a, build);
    if a.deploy == Deploy::Requested {
        // Deployed from the next look on: the caller has to poll.
        a.deploy = Deploy::Done;
    }
    json_response(StatusCode::OK, a.record.clone())
}

/// `POST /api/v2/actions/actions/{id}/deploy`: 200 with a version object
/// (recorded `TestActionManager_Deploy`). Deploying before the build is done is refused.
pub(crate) fn deploy(t: &mut Tenant, c: &Call, id: &str) -> Response {
    if let Some(denied) = c.need(&["create:actions"]) {
        return denied;
    }
    let Some(a) = t.actions.iter_mut().find(|a| a.record["id"] == id) else {
        return no_action();
    };
    if a.record["status"] != "built" {
        // Not from a recording: the fake's way of saying "too early".
        return bad_body("The action must be built before it is deployed.");
    }
    a.deploy = Deploy::Requested;
    let version = json!({"id": format!("{id}-v1"), "deployed": false, "number": 1, "status": "built", "action": a.record.clone()});
    json_response(StatusCode::OK, version)
}

/// `DELETE /api/v2/actions/actions/{id}[?force=true]`: 204, or 409 while bound.
pub(crate) fn delete(t: &mut Tenant, c: &Call, id: &str) -> Response {
    if let Some(denied) = c.need(&["delete:actions"]) {
        return denied;
    }
    if !t.actions.iter().any(|a| a.record["id"] == id) {
        return no_action();
    }
    let bound = t.bindings.iter().any(|b| b["action"]["id"] == id);
    if bound && c.q("force") != Some("true") {
        // terraform-provider-auth0#64 / #1550.
        return mgmt_error(
            StatusCode::CONFLICT,
            "Conflict",
            "Unable to delete an action bound to a trigger.",
            None,
        );
    }
    t.bindings.retain(|b| b["action"]["id"] != id);
    t.actions.retain(|a| a.record["id"] != id);
    no_content()
}

/// `GET /api/v2/actions/triggers/post-login/bindings?page&per_page`.
pub(crate) fn bindings(t: &Tenant, c: &Call) -> Response {
    if let Some(denied) = c.need(&["read:triggers"]) {
        return denied;
    }
    let per_page: usize = c
        .q("per_page")
        .and_then(|p| p.parse().ok())
        .unwrap_or(20)
        .clamp(1, 50);
    let page: usize = c.q("page").and_then(|p| p.parse().ok()).unwrap_or(0);
    let items: Vec<Value> = t
        .bindings
        .iter()
        .skip(page * per_page)
        .take(per_page)
        .cloned()
        .collect();
    json_response(
        StatusCode::OK,
        json!({"bindings": items, "total": t.bindings.len(), "page": page, "per_page": per_page}),
    )
}

/// `PATCH /api/v2/actions/triggers/post-login/bindings`: the list sent replaces the whole
/// flow, in its order (recorded `TestActionManager_Bindings`).
pub(crate) fn bind(t: &mut Tenant, c: &Call) -> Response {
    if let Some(denied) = c.need(&["update:triggers"]) {
        return denied;
    }
    let Some(refs) = c.body["bindings"].as_array() else {
        return bad_body("Payload validation error: 'Missing required property: bindings'.");
    };
    let mut list = Vec::new();
    for r in refs {
        let value = &r["ref"]["value"];
        let found = match r["ref"]["type"].as_str() {
            Some("action_id") => t.actions.iter().find(|a| a.record["id"] == *value),
            Some("action_name") => t.actions.iter().find(|a| a.record["name"] == *value),
            _ => return bad_body("Payload validation error: 'No enum match for: ref.type'."),
        };
        let Some(a) = found else { return no_action() };
        if a.deploy != Deploy::Done {
            // terraform-provider-auth0 PR #1590.
            return bad_body("action not deployed yet");
        }
        let name = r["display_name"]
            .as_str()
            .or(a.record["name"].as_str())
            .unwrap_or_default();
        // An unchanged binding keeps its id.
        let kept = t
            .bindings
            .iter()
            .find(|b| b["action"]["id"] == a.record["id"] && b["display_name"] == name);
        list.push(kept.cloned().unwrap_or_else(|| binding_of(&a.record, name)));
    }
    t.bindings = list.clone();
    json_response(StatusCode::OK, json!({ "bindings": list }))
}
