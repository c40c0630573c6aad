//! The create plan: exactly the target's requirements as Management API
//! writes (reference A.4, A.8, A.9), after looking for same-named things.

use super::action::{actions_named, read_bindings};
use super::client::{Ctx, MgmtClient};
use super::error::MgmtError;
use super::plan::{union, Change, Existing, Plan, PlanAction, PlanStep, Resource, ScopeNeed};
use super::progress::Progress;
use super::undo::BindingRef;
use crate::requirements::{ActionRequirement, AppRequirements, M2mRequirement, Requirements};
use serde_json::{json, Value};

/// Applications read per page when looking for a name.
const PER_PAGE: usize = 100;

/// What `create` would do for `reqs`, naming the application `name`.
/// Reads the tenant (same-named applications and Actions, the post-login
/// bindings); writes nothing.
pub async fn plan_create(
    client: &MgmtClient,
    reqs: &Requirements,
    name: &str,
    progress: Progress<'_>,
) -> Result<Plan, MgmtError> {
    let ctx = Ctx::new(client, progress);
    let mut existing = clients_named(&ctx, name).await?;
    let mut steps = vec![client_step(&reqs.application, name)];
    let mut notes = Vec::new();
    let mut scopes = vec![ScopeNeed::new(
        "read:clients",
        "look for an application of the same name",
    )];
    for (i, m) in reqs.m2m.iter().enumerate() {
        let (step, note) = m2m_step(i, m, name, &client.audience());
        notes.extend(note);
        steps.push(step);
    }
    if let Some(a) = &reqs.action {
        let action_name = action_name(a, name);
        scopes.push(ScopeNeed::new(
            "read:actions",
            "look for an Action of the same name",
        ));
        scopes.push(ScopeNeed::unverified(
            "read:triggers",
            "read the post-login trigger's bindings",
        ));
        for (id, n) in actions_named(&ctx, &action_name).await? {
            existing.push(Existing {
                resource: Resource::Action,
                id,
                name: n,
            });
        }
        let bindings = read_bindings(&ctx).await?;
        steps.push(action_step(a, &action_name, &bindings));
    }
    scopes.extend(steps.iter().flat_map(|s| s.scopes.clone()));
    Ok(Plan {
        action: PlanAction::Create,
        domain: client.domain(),
        client_id: None,
        name: name.to_owned(),
        scopes: union(scopes),
        undo_scopes: undo_scopes(!reqs.m2m.is_empty(), reqs.action.is_some()),
        steps,
        existing,
        unfixable: Vec::new(),
        notes,
    })
}

/// The Action's name: the requirement's, with the application's name so
/// that it says whose it is.
fn action_name(a: &ActionRequirement, app: &str) -> String {
    format!("{} ({app})", a.name)
}

fn undo_scopes(m2m: bool, action: bool) -> Vec<ScopeNeed> {
    let mut s = ScopeNeed::all(&[
        (
            "read:clients",
            "check the application is as the wizard made it",
        ),
        ("delete:clients", "delete the application"),
    ]);
    if m2m {
        s.extend(ScopeNeed::all(&[
            ("read:client_grants", "check the client grant"),
            ("delete:client_grants", "delete the client grant"),
        ]));
    }
    if action {
        s.extend(ScopeNeed::all_unverified(&[
            ("read:triggers", "check the post-login bindings"),
            ("update:triggers", "restore the post-login bindings"),
        ]));
        s.extend(ScopeNeed::all(&[
            ("read:actions", "check the Action"),
            ("delete:actions", "delete the Action"),
        ]));
    }
    s
}

/// Applications named exactly `name` (every page of the client list).
async fn clients_named(ctx: &Ctx<'_>, name: &str) -> Result<Vec<Existing>, MgmtError> {
    let mut found = Vec::new();
    let per_page = PER_PAGE.to_string();
    let doing = "looking for an application of the same name";
    for page in 0..50 {
        let page = page.to_string();
        let query = [
            ("fields", "client_id,name"),
            ("include_fields", "true"),
            ("page", page.as_str()),
            ("per_page", per_page.as_str()),
        ];
        let v = ctx.get(&["clients"], &query, doing).await?;
        let Some(items) = v.as_array() else {
            return Err(MgmtError::Malformed {
                doing: doing.to_owned(),
                reason: "the client list is not a JSON array".to_owned(),
            });
        };
        found.extend(
            items
                .iter()
                .filter(|c| c.get("name").and_then(Value::as_str) == Some(name))
                .map(|c| Existing {
                    resource: Resource::Client,
                    id: c
                        .get("client_id")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_owned(),
                    name: name.to_owned(),
                }),
        );
        if items.len() < PER_PAGE {
            break;
        }
    }
    Ok(found)
}

fn change(prefix: &str, resource: Resource, field: &str, to: Value) -> Change {
    let kind = match resource {
        Resource::Client => "client",
        Resource::ClientGrant => "client_grant",
        Resource::Action => "action",
        Resource::Binding => "binding",
    };
    let id = match prefix {
        "" => format!("{kind}.{field}"),
        p => format!("{p}.{kind}.{field}"),
    };
    Change {
        id,
        resource,
        field: field.to_owned(),
        from: Value::Null,
        to,
    }
}

/// The application users log in through, with every value of the Register
/// step; RS256 and OIDC conformance always sent (A.4).
fn client_step(app: &AppRequirements, name: &str) -> PlanStep {
    let c = |field: &str, to: Value| change("", Resource::Client, field, to);
    let mut changes = vec![
        c("name", json!(name)),
        c(
            "app_type",
            serde_json::to_value(&app.app_type).expect("an enum serializes"),
        ),
        c("callbacks", json!(app.callbacks)),
    ];
    if !app.logout_urls.is_empty() {
        changes.push(c("allowed_logout_urls", json!(app.logout_urls)));
    }
    if !app.web_origins.is_empty() {
        changes.push(c("web_origins", json!(app.web_origins)));
    }
    if let Some(uri) = &app.login_uri {
        changes.push(c("initiate_login_uri", json!(uri)));
    }
    changes.extend([
        c("grant_types", json!(app.grant_types)),
        c(
            "token_endpoint_auth_method",
            json!(app.token_endpoint_auth_method),
        ),
        c("jwt_configuration.alg", json!("RS256")),
        c("oidc_conformant", json!(true)),
    ]);
    PlanStep {
        id: "client".to_owned(),
        title: format!("Create the {} {name:?}", app.app_type_label),
        calls: vec!["POST /api/v2/clients".to_owned()],
        scopes: vec![ScopeNeed::new("create:clients", "create the application")],
        changes,
    }
}

/// A Machine to Machine application and its client grant (A.8). A grant for
/// the Management API goes to the API the token is for (the tenant's own).
fn m2m_step(
    i: usize,
    m: &M2mRequirement,
    app: &str,
    mgmt_audience: &str,
) -> (PlanStep, Option<String>) {
    let prefix = format!("m2m-{i}");
    let name = if i == 0 {
        format!("{app} M2M")
    } else {
        format!("{app} M2M {}", i + 1)
    };
    let mut note = None;
    let audience = if m.audience.ends_with("/api/v2/") && m.audience != mgmt_audience {
        note = Some(format!("The client grant is for the Management API the token is for ({mgmt_audience}), not {}.", m.audience));
        mgmt_audience.to_owned()
    } else {
        m.audience.clone()
    };
    let c = |field: &str, to: Value| change(&prefix, Resource::Client, field, to);
    let g = |field: &str, to: Value| change(&prefix, Resource::ClientGrant, field, to);
    let step = PlanStep {
        id: prefix.clone(),
        title: format!(
            "Create the Machine to Machine application {name:?} ({}) and authorize it for {}",
            m.purpose, m.api
        ),
        calls: vec![
            "POST /api/v2/clients".to_owned(),
            "POST /api/v2/client-grants".to_owned(),
        ],
        scopes: vec![
            ScopeNeed::new(
                "create:clients",
                "create the Machine to Machine application",
            ),
            ScopeNeed::new("create:client_grants", "authorize it for the API"),
        ],
        changes: vec![
            c("name", json!(name)),
            c("app_type", json!("non_interactive")),
            c("grant_types", json!(m.grant_types)),
            c("token_endpoint_auth_method", json!("client_secret_post")),
            c("jwt_configuration.alg", json!("RS256")),
            c("oidc_conformant", json!(true)),
            g("audience", json!(audience)),
            g("scope", json!(m.scopes)),
        ],
    };
    (step, note)
}

/// The post-login Action, built, deployed and bound after every existing binding.
fn action_step(a: &ActionRequirement, name: &str, bindings: &[BindingRef]) -> PlanStep {
    let labels: Vec<&str> = bindings.iter().map(|b| b.display_name.as_str()).collect();
    let mut after = labels.clone();
    after.push(name);
    PlanStep {
        id: "action".to_owned(),
        title: format!("Create the post-login Action {name:?} that puts the user's roles in {}, deploy it and add it to the Login flow", a.claim),
        calls: [
            "POST /api/v2/actions/actions",
            "GET /api/v2/actions/actions/{id} (until built)",
            "POST /api/v2/actions/actions/{id}/deploy",
            "GET /api/v2/actions/actions/{id} (until deployed)",
            "GET /api/v2/actions/triggers/post-login/bindings",
            "PATCH /api/v2/actions/triggers/post-login/bindings",
        ]
        .map(str::to_owned)
        .to_vec(),
        scopes: vec![
            ScopeNeed::new("create:actions", "create the Action"),
            ScopeNeed::new("read:actions", "wait for its build"),
            ScopeNeed::unverified("create:actions", "deploy it"),
            ScopeNeed::unverified("read:triggers", "read the post-login bindings"),
            ScopeNeed::unverified("update:triggers", "add it to the Login flow"),
        ],
        changes: vec![
            change("", Resource::Action, "name", json!(name)),
            change("", Resource::Action, "code", json!(a.code)),
            Change {
                from: json!(labels),
                ..change("", Resource::Binding, TRIGGER_FIELD, json!(after))
            },
        ],
    }
}

/// The binding change's field: the trigger whose flow it changes.
pub(crate) const TRIGGER_FIELD: &str = "post-login";
