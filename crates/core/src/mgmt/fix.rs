//! The fix plan: the audit's findings on the application as it is now, each
//! turned into one field's change. Lists are merged: what the user has stays,
//! only what is missing is added.

use super::client::{Ctx, MgmtClient};
use super::error::MgmtError;
use super::plan::{Change, Plan, PlanAction, PlanStep, Resource, ScopeNeed, Unfixable};
use super::progress::Progress;
use crate::checks::audit::{self, AuditInput};
use crate::checks::{CheckStatus, Finding, MgmtCredentials};
use crate::model::Domain;
use crate::requirements::{AppRequirements, Requirements};
use serde_json::{json, Value};
use std::time::Duration;

/// What `fix` would do to the application `client_id`: reads it (the fields
/// the audit reads), audits it against `reqs`, and plans a change per
/// finding. Writes nothing.
pub async fn plan_fix(
    client: &MgmtClient,
    reqs: &Requirements,
    client_id: &str,
    progress: Progress<'_>,
) -> Result<Plan, MgmtError> {
    let ctx = Ctx::new(client, progress);
    let app = read_client(&ctx, client_id).await?;
    Ok(plan_for(&client.domain, &app, reqs, client_id))
}

/// The application's record with the fields the audit reads.
pub(crate) async fn read_client(ctx: &Ctx<'_>, client_id: &str) -> Result<Value, MgmtError> {
    let query = [("fields", audit::FIELDS), ("include_fields", "true")];
    let doing = "reading the application";
    let app = ctx.get(&["clients", client_id], &query, doing).await?;
    if !app.is_object() || app.get("callbacks").is_none() && app.get("grant_types").is_none() {
        // Without read:clients Auth0 shows only client_id, app_type, name, description.
        return Err(MgmtError::InsufficientScope {
            doing: doing.to_owned(),
            scopes: vec!["read:clients".to_owned()],
            fix: super::error::scope_fix(
                &["read:clients".to_owned()],
                &ctx.client.grantee,
                &crate::requirements::dashboard_url(Some(&ctx.client.domain)),
            ),
        });
    }
    Ok(app)
}

/// The findings of the audit on `app` (warnings and failures).
fn findings(domain: &Domain, app: &Value, reqs: &Requirements, client_id: &str) -> Vec<Finding> {
    let unused = MgmtCredentials {
        domain: None,
        client_id: String::new(),
        client_secret: Default::default(),
        audience: None,
    };
    let input = AuditInput {
        mgmt_domain: domain,
        mgmt: &unused,
        client_id,
        requirements: Some(&reqs.application),
        login_test_callback: reqs.login_test_callback.as_deref(),
        secret_used: reqs.application.token_endpoint_auth_method != "none",
        max_retries: 0,
        max_retry_wait: Duration::ZERO,
    };
    let result = audit::compare(app, &input);
    result
        .findings
        .into_iter()
        .filter(|f| f.status >= CheckStatus::Warn)
        .collect()
}

/// The plan for `app` as read: one change per field with findings.
pub(crate) fn plan_for(domain: &Domain, app: &Value, reqs: &Requirements, client_id: &str) -> Plan {
    let mut changes: Vec<Change> = Vec::new();
    let mut unfixable = Vec::new();
    for f in findings(domain, app, reqs, client_id) {
        if changes.iter().any(|c| c.field == f.field) {
            continue;
        }
        match wanted(app, &reqs.application, &f.field) {
            Some(to) => changes.push(Change {
                id: format!("client.{}", f.field),
                resource: Resource::Client,
                from: current(app, &f.field),
                field: f.field.clone(),
                to,
            }),
            None => unfixable.push(Unfixable {
                failing: f.status == CheckStatus::Fail,
                field: f.field,
                message: f.message,
                fix: f.fix,
            }),
        }
    }
    changes.retain(|c| c.from != c.to);
    let name = app
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or(client_id)
        .to_owned();
    let steps = if changes.is_empty() {
        Vec::new()
    } else {
        vec![PlanStep {
            id: "client".to_owned(),
            title: format!("Change {} setting(s) of {name:?}", changes.len()),
            calls: vec![format!("PATCH /api/v2/clients/{client_id}")],
            scopes: vec![ScopeNeed::new(
                "update:clients",
                "change the application's settings",
            )],
            changes,
        }]
    };
    Plan {
        action: PlanAction::Fix,
        domain: domain.authority(),
        client_id: Some(client_id.to_owned()),
        name,
        scopes: vec![
            ScopeNeed::new("read:clients", "read the application"),
            ScopeNeed::new("update:clients", "change the application's settings"),
        ],
        undo_scopes: vec![
            ScopeNeed::new(
                "read:clients",
                "check the settings are as the wizard wrote them",
            ),
            ScopeNeed::new("update:clients", "write the previous values back"),
        ],
        steps,
        existing: Vec::new(),
        unfixable,
        notes: Vec::new(),
    }
}

/// The value of a dotted field (`null` when absent).
pub(crate) fn current(app: &Value, field: &str) -> Value {
    let pointer = format!("/{}", field.replace('.', "/"));
    app.pointer(&pointer).cloned().unwrap_or(Value::Null)
}

/// `now` plus each of `add` it lacks, in order: the user's entries stay.
fn merged(now: &Value, add: &[String]) -> Value {
    let mut list: Vec<Value> = now.as_array().cloned().unwrap_or_default();
    for a in add {
        if !list.iter().any(|v| v.as_str() == Some(a)) {
            list.push(json!(a));
        }
    }
    Value::Array(list)
}

/// The value that fixes `field`, or `None` when the API cannot fix it.
fn wanted(app: &Value, req: &AppRequirements, field: &str) -> Option<Value> {
    let now = current(app, field);
    Some(match field {
        "callbacks" => merged(&now, &req.callbacks),
        "allowed_logout_urls" => merged(&now, &req.logout_urls),
        "grant_types" => merged(&now, &req.grant_types),
        "token_endpoint_auth_method" => json!(req.token_endpoint_auth_method),
        "jwt_configuration.alg" => json!("RS256"),
        "oidc_conformant" => json!(true),
        "initiate_login_uri" => json!(req.login_uri.clone().unwrap_or_default()),
        // The type and first-party status are not changed in place.
        _ => return None,
    })
}
