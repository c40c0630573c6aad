//! What `app` prints: the plan, each call as it happens, the result; and the
//! one `--json` document.

use auth0_wizard_core::mgmt::{
    Change, Plan, PlanAction, ProgressEvent, ProgressKind, Resource, ScopeNeed,
};
use auth0_wizard_core::text::escape_controls;
use serde::Serialize;
use serde_json::Value;
use std::io::Write;

/// `--json`: `{"action", "client_id", "changes": [{"resource", "field", "from", "to"}],
/// "applied", "undo_id"}`.
#[derive(Serialize)]
pub struct Doc {
    pub action: &'static str,
    pub client_id: Option<String>,
    pub changes: Vec<DocChange>,
    pub applied: bool,
    pub undo_id: Option<String>,
}

#[derive(Serialize)]
pub struct DocChange {
    pub resource: Resource,
    pub field: String,
    pub from: Value,
    pub to: Value,
}

impl Doc {
    pub fn new(action: PlanAction, client_id: Option<String>, changes: &[Change]) -> Self {
        Doc {
            action: action.as_str(),
            client_id,
            changes: changes
                .iter()
                .map(|c| DocChange {
                    resource: c.resource,
                    field: c.field.clone(),
                    from: c.from.clone(),
                    to: c.to.clone(),
                })
                .collect(),
            applied: false,
            undo_id: None,
        }
    }
}

fn resource(r: Resource) -> &'static str {
    match r {
        Resource::Client => "application",
        Resource::ClientGrant => "client grant",
        Resource::Action => "Action",
        Resource::Binding => "Login flow",
    }
}

/// A value for a person: JSON, an Action's code as its first line.
fn value(field: &str, v: &Value) -> String {
    match (field, v) {
        (_, Value::Null) => "(none)".to_owned(),
        ("code", Value::String(code)) => {
            let lines = code.lines().count();
            // Data read back from the tenant: shown with control characters escaped.
            let first = escape_controls(code.lines().next().unwrap_or(""));
            format!("{first} … ({lines} lines of JavaScript)")
        }
        _ => v.to_string(),
    }
}

/// One change as a line: `application callbacks: [..] -> [..]`.
pub fn change_line(c: &Change) -> String {
    match &c.from {
        Value::Null => format!(
            "{} {}: {}",
            resource(c.resource),
            c.field,
            value(&c.field, &c.to)
        ),
        from => format!(
            "{} {}: {} -> {}",
            resource(c.resource),
            c.field,
            value(&c.field, from),
            value(&c.field, &c.to)
        ),
    }
}

fn scopes(list: &[ScopeNeed]) -> String {
    let items: Vec<String> = list
        .iter()
        .map(|s| {
            let unverified = if s.verified { "" } else { ", not verified" };
            format!("{} ({}{unverified})", s.scope, s.why)
        })
        .collect();
    items.join(", ")
}

/// The whole plan, for a person.
pub fn plan(p: &Plan) -> String {
    let mut s = match p.action {
        PlanAction::Create => format!(
            "Plan: create the application {:?} on {}.\n",
            p.name, p.domain
        ),
        _ => format!(
            "Plan: fix the application {:?} ({}) on {}.\n",
            p.name,
            p.client_id.as_deref().unwrap_or(""),
            p.domain
        ),
    };
    if p.is_empty() {
        s.push_str("Nothing to change: the application has every setting the target needs that the Management API can set.\n");
    }
    for (n, step) in p.steps.iter().enumerate() {
        s.push_str(&format!(
            "\n{}. {}\n   calls: {}\n",
            n + 1,
            step.title,
            step.calls.join(", ")
        ));
        for c in &step.changes {
            s.push_str(&format!("   - {}\n", change_line(c)));
        }
    }
    for e in &p.existing {
        s.push_str(&format!(
            "\nwarning: the tenant already has {} {:?} ({}): creating another one of the same name needs your confirmation on a terminal; --name picks another name.\n",
            resource(e.resource),
            e.name,
            e.id
        ));
    }
    for u in &p.unfixable {
        let level = if u.failing { "error" } else { "warning" };
        s.push_str(&format!(
            "\n{level}: {} cannot be changed through the Management API: {}\n  fix: {}\n",
            u.field, u.message, u.fix
        ));
    }
    for note in &p.notes {
        s.push_str(&format!("\nnote: {note}\n"));
    }
    if !p.is_empty() {
        s.push_str(&format!("\nThe token needs: {}.\n", scopes(&p.scopes)));
        s.push_str(&format!("Undo will need: {}.\n", scopes(&p.undo_scopes)));
    }
    s
}

/// One progress line on stderr (nothing for a call that starts).
pub fn progress(e: &ProgressEvent) {
    let line = match &e.kind {
        ProgressKind::Started => return,
        ProgressKind::Done { status } => format!("  {} -> {status}", e.call),
        ProgressKind::Waiting { what, seconds } => format!("  waiting {seconds} s for {what}"),
        ProgressKind::Failed { message } => format!("  {} failed: {message}", e.call),
    };
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}
