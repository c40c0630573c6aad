//! The post-login Action (reference A.9): create, wait until built, deploy,
//! wait until deployed, then bind it after every existing binding, in order.

use super::client::Ctx;
use super::error::MgmtError;
use super::undo::BindingRef;
use serde_json::{json, Value};

pub(crate) const TRIGGER: &str = "post-login";
/// Bindings read per page.
const PER_PAGE: usize = 50;

fn str_of<'v>(v: &'v Value, k: &str) -> &'v str {
    v.get(k).and_then(Value::as_str).unwrap_or("")
}

/// Every binding of the post-login trigger, in execution order.
pub(crate) async fn read_bindings(ctx: &Ctx<'_>) -> Result<Vec<BindingRef>, MgmtError> {
    let mut out = Vec::new();
    let doing = "reading the post-login trigger's bindings";
    for page in 0..20 {
        let page = page.to_string();
        let per_page = PER_PAGE.to_string();
        let v = ctx
            .get(
                &["actions", "triggers", TRIGGER, "bindings"],
                &[("page", &page), ("per_page", &per_page)],
                doing,
            )
            .await?;
        let Some(items) = v.get("bindings").and_then(Value::as_array) else {
            return Err(MgmtError::Malformed {
                doing: doing.to_owned(),
                reason: "no bindings list in the answer".to_owned(),
            });
        };
        out.extend(items.iter().map(|b| {
            BindingRef {
                action_id: b
                    .get("action")
                    .map(|a| str_of(a, "id"))
                    .unwrap_or("")
                    .to_owned(),
                display_name: str_of(b, "display_name").to_owned(),
            }
        }));
        let total = v.get("total").and_then(Value::as_u64).map(|t| t as usize);
        if items.len() < PER_PAGE || total.is_some_and(|t| out.len() >= t) {
            break;
        }
    }
    Ok(out)
}

/// Replace the trigger's bindings with `list` (the whole flow, in order).
pub(crate) async fn write_bindings(
    ctx: &Ctx<'_>,
    list: &[BindingRef],
    doing: &str,
) -> Result<(), MgmtError> {
    let bindings: Vec<Value> = list
        .iter()
        .map(|b| json!({"ref": {"type": "action_id", "value": b.action_id}, "display_name": b.display_name}))
        .collect();
    ctx.patch(
        &["actions", "triggers", TRIGGER, "bindings"],
        json!({ "bindings": bindings }),
        doing,
    )
    .await
    .map(|_| ())
}

/// Actions named exactly `name`: `(id, name)`.
pub(crate) async fn actions_named(
    ctx: &Ctx<'_>,
    name: &str,
) -> Result<Vec<(String, String)>, MgmtError> {
    let v = ctx
        .get(
            &["actions", "actions"],
            &[("actionName", name)],
            "looking for an Action of the same name",
        )
        .await?;
    let items = v
        .get("actions")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    Ok(items
        .iter()
        .filter(|a| str_of(a, "name") == name)
        .map(|a| (str_of(a, "id").to_owned(), name.to_owned()))
        .collect())
}

/// Create the Action; its id.
pub(crate) async fn create(ctx: &Ctx<'_>, name: &str, code: &str) -> Result<String, MgmtError> {
    let body = json!({
        "name": name,
        "supported_triggers": [{"id": TRIGGER, "version": "v3"}],
        "code": code,
        "runtime": "node22",
    });
    let doing = "creating the post-login Action";
    let v = ctx.post(&["actions", "actions"], Some(body), doing).await?;
    match str_of(&v, "id") {
        "" => Err(MgmtError::Malformed {
            doing: doing.to_owned(),
            reason: "no id in the created Action".to_owned(),
        }),
        id => Ok(id.to_owned()),
    }
}

/// Poll the Action until `done` says so; each wait is shown and counted
/// against the timeout.
async fn poll(
    ctx: &Ctx<'_>,
    id: &str,
    what: &str,
    doing: &str,
    done: impl Fn(&Value) -> Result<bool, MgmtError>,
) -> Result<(), MgmtError> {
    let call = format!("GET /api/v2/actions/actions/{id}");
    loop {
        let v = ctx.get(&["actions", "actions", id], &[], doing).await?;
        if done(&v)? {
            return Ok(());
        }
        ctx.wait(&call, what, ctx.client.opts.poll_interval, doing)
            .await?;
    }
}

/// Wait until built, deploy, wait until deployed (A.9 steps 2 to 4).
pub(crate) async fn build_and_deploy(ctx: &Ctx<'_>, id: &str, name: &str) -> Result<(), MgmtError> {
    poll(
        ctx,
        id,
        "the Action's build",
        "waiting for the Action to build",
        |v| match str_of(v, "status") {
            "built" => Ok(true),
            "failed" => Err(MgmtError::ActionBuildFailed {
                name: name.to_owned(),
                status: "failed".to_owned(),
            }),
            _ => Ok(false),
        },
    )
    .await?;
    ctx.post(
        &["actions", "actions", id, "deploy"],
        None,
        "deploying the Action",
    )
    .await?;
    poll(
        ctx,
        id,
        "the Action's deployment",
        "waiting for the Action to deploy",
        |v| {
            Ok(v.pointer("/deployed_version/deployed")
                .and_then(Value::as_bool)
                == Some(true))
        },
    )
    .await
}
