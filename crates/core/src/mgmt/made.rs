//! The writes of a create, step by step: the application, each Machine to
//! Machine application and its grant, the Action and its binding.

use super::action::{self, read_bindings, write_bindings, TRIGGER};
use super::apply::{body_of, Applied, CreatedClient, Journaled};
use super::client::Ctx;
use super::error::MgmtError;
use super::fix::current;
use super::plan::{Change, PlanStep, Resource};
use super::undo::{BindingRef, Write};
use crate::secret::Secret;
use serde_json::{json, Map, Value};

pub(crate) async fn create(
    ctx: &mut Ctx<'_>,
    steps: &[(&PlanStep, Vec<Change>)],
    j: &mut Journaled<'_>,
    applied: &mut Applied,
) -> Result<(), MgmtError> {
    for (step, changes) in steps {
        ctx.step(&step.id);
        match step.id.as_str() {
            "client" => {
                let id = new_client(ctx, &step.id, changes, j, applied).await?;
                applied.client_id = Some(id.clone());
                j.record.client_id = Some(id);
                j.save()?;
            }
            "action" => new_action(ctx, changes, j, applied).await?,
            s if s.starts_with("m2m-") => {
                let id = new_client(ctx, &step.id, changes, j, applied).await?;
                new_grant(ctx, &id, changes, j, applied).await?;
            }
            other => return Err(MgmtError::Consent(format!("unknown plan step {other:?}"))),
        }
    }
    Ok(())
}

fn of(changes: &[Change], resource: Resource) -> Vec<&Change> {
    changes.iter().filter(|c| c.resource == resource).collect()
}

fn to_of(changes: &[&Change], field: &str) -> Value {
    changes
        .iter()
        .find(|c| c.field == field)
        .map(|c| c.to.clone())
        .unwrap_or(Value::Null)
}

fn malformed(doing: &str, what: &str) -> MgmtError {
    MgmtError::Malformed {
        doing: doing.to_owned(),
        reason: format!("no {what} in the answer"),
    }
}

/// `POST /api/v2/clients` with the step's client fields; the new client ID.
async fn new_client(
    ctx: &Ctx<'_>,
    step: &str,
    changes: &[Change],
    j: &mut Journaled<'_>,
    applied: &mut Applied,
) -> Result<String, MgmtError> {
    let fields = of(changes, Resource::Client);
    let name = to_of(&fields, "name")
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let sent: Map<String, Value> = fields
        .iter()
        .map(|c| (c.field.clone(), c.to.clone()))
        .collect();
    let i = j.plan(Write::ClientCreated {
        client_id: None,
        name: name.clone(),
        written: sent.clone(),
    })?;
    let doing = format!("creating the application {name:?}");
    let body = body_of(fields.iter().map(|c| (c.field.as_str(), c.to.clone())));
    let answer = ctx.post(&["clients"], Some(body), &doing).await?;
    let id = answer
        .get("client_id")
        .and_then(Value::as_str)
        .ok_or_else(|| malformed(&doing, "client_id"))?
        .to_owned();
    // The secret goes to the caller only: never to the record or a change.
    if let Some(secret) = answer.get("client_secret").and_then(Value::as_str) {
        applied.secrets.push((id.clone(), Secret::new(secret)));
    }
    let stored: Map<String, Value> = sent
        .iter()
        .map(|(f, v)| match current(&answer, f) {
            Value::Null => (f.clone(), v.clone()),
            now => (f.clone(), now),
        })
        .collect();
    j.done(
        i,
        Write::ClientCreated {
            client_id: Some(id.clone()),
            name: name.clone(),
            written: stored.clone(),
        },
    )?;
    applied.created.push(CreatedClient {
        client_id: id.clone(),
        name,
        step: step.to_owned(),
    });
    applied.changes.extend(fields.iter().map(|c| Change {
        to: stored[&c.field].clone(),
        ..(*c).clone()
    }));
    Ok(id)
}

/// `POST /api/v2/client-grants` for the Machine to Machine application `client_id`.
async fn new_grant(
    ctx: &Ctx<'_>,
    client_id: &str,
    changes: &[Change],
    j: &mut Journaled<'_>,
    applied: &mut Applied,
) -> Result<(), MgmtError> {
    let fields = of(changes, Resource::ClientGrant);
    let audience = to_of(&fields, "audience")
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let scope: Vec<String> = serde_json::from_value(to_of(&fields, "scope")).unwrap_or_default();
    let planned = |grant_id| Write::GrantCreated {
        grant_id,
        client_id: client_id.to_owned(),
        audience: audience.clone(),
        scope: scope.clone(),
    };
    let i = j.plan(planned(None))?;
    let doing = format!("authorizing {client_id} for {audience}");
    let body = json!({"client_id": client_id, "audience": audience, "scope": scope});
    let answer = ctx.post(&["client-grants"], Some(body), &doing).await?;
    let gid = answer
        .get("id")
        .and_then(Value::as_str)
        .ok_or_else(|| malformed(&doing, "id"))?;
    j.done(i, planned(Some(gid.to_owned())))?;
    applied.changes.extend(fields.into_iter().cloned());
    Ok(())
}

/// The Action: created, built, deployed, then bound after every existing
/// binding (the trigger's list is read again just before it is replaced).
async fn new_action(
    ctx: &Ctx<'_>,
    changes: &[Change],
    j: &mut Journaled<'_>,
    applied: &mut Applied,
) -> Result<(), MgmtError> {
    let fields = of(changes, Resource::Action);
    let name = to_of(&fields, "name")
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let code = to_of(&fields, "code")
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let created = |action_id| Write::ActionCreated {
        action_id,
        name: name.clone(),
        code: code.clone(),
    };
    let i = j.plan(created(None))?;
    let id = action::create(ctx, &name, &code).await?;
    j.done(i, created(Some(id.clone())))?;
    applied.changes.extend(fields.into_iter().cloned());
    action::build_and_deploy(ctx, &id, &name).await?;

    let before = read_bindings(ctx).await?;
    let mut written = before.clone();
    written.push(BindingRef {
        action_id: id,
        display_name: name,
    });
    let replaced = Write::BindingsReplaced {
        trigger: TRIGGER.to_owned(),
        before: before.clone(),
        written: written.clone(),
    };
    let i = j.plan(replaced.clone())?;
    write_bindings(
        ctx,
        &written,
        "adding the Action to the Login flow (post-login bindings)",
    )
    .await?;
    j.done(i, replaced)?;
    let labels =
        |l: &[BindingRef]| json!(l.iter().map(|b| b.display_name.clone()).collect::<Vec<_>>());
    if let Some(c) = changes.iter().find(|c| c.resource == Resource::Binding) {
        applied.changes.push(Change {
            from: labels(&before),
            to: labels(&written),
            ..c.clone()
        });
    }
    Ok(())
}
