//! The four subcommands, each: connect, read, show, ask, write, say.

use super::args::{AppArgs, Resolved};
use super::render::{self, Doc};
use super::secret::{delete_profile, refused, the_data_dir, SecretSink};
use super::{agree, ask, on_terminal, session, sink};
use crate::cmd::Status;
use crate::error::CliError;
use crate::output::Output;
use auth0_wizard_core::mgmt::{self, Change, Consent, MgmtClient, MgmtError, Plan, PlanAction};
use auth0_wizard_core::Requirements;
use auth0_wizard_store::UndoStore;

fn reqs(r: &Resolved) -> Result<&Requirements, CliError> {
    r.requirements
        .as_ref()
        .ok_or_else(|| CliError::Usage("--target and --url are needed".to_owned()))
}

async fn make_plan(
    client: &MgmtClient,
    a: &AppArgs,
    r: &Resolved,
    out: &Output,
) -> Result<Plan, CliError> {
    let reqs = reqs(r)?;
    let plan = match &r.client_id {
        Some(id) => mgmt::plan_fix(client, reqs, id, sink(out)).await,
        None => mgmt::plan_create(client, reqs, &a.app_name(), sink(out)).await,
    };
    plan.map_err(CliError::from)
}

fn changes(plan: &Plan) -> Vec<Change> {
    plan.changes().cloned().collect()
}

/// `plan`: the plan on stdout; nothing written.
pub async fn plan(a: &AppArgs, r: &Resolved, out: &Output) -> Result<Status, CliError> {
    let client = session(a, r, out).await?;
    let p = make_plan(&client, a, r, out).await?;
    if out.json {
        out.json(&Doc::new(p.action, p.client_id.clone(), &changes(&p)))?;
    } else {
        out.stdout(&render::plan(&p))?;
    }
    Ok(Status::Ok)
}

fn undo_store() -> Result<UndoStore, CliError> {
    Ok(UndoStore::in_data_dir(&the_data_dir()?))
}

/// The consent to `p`: `--yes` or a terminal's yes; same-named things only on a terminal.
fn consent(p: &Plan, yes: bool) -> Result<Consent, CliError> {
    let mut consent = Consent::all();
    if !p.existing.is_empty() {
        let names: Vec<String> = p
            .existing
            .iter()
            .map(|e| format!("{:?} ({})", e.name, e.id))
            .collect();
        let what = format!("The tenant already has {}", names.join(", "));
        if !on_terminal() {
            return Err(refused("name_exists", format!("{what}: nothing was changed; --name picks another name (creating a second one of the same name needs a yes on a terminal)")));
        }
        if !ask(&format!("{what}. Create another one of the same name?"))? {
            return Err(refused(
                "refused",
                "you said no: nothing was changed".to_owned(),
            ));
        }
        consent.existing_ok = true;
    }
    let n = p.changes().count();
    agree(&format!("Make these {n} change(s) on {}?", p.domain), yes)?;
    Ok(consent)
}

/// `create`: plan, yes, apply, the secret stored where the flags say.
pub async fn create(a: &AppArgs, r: &Resolved, out: &Output) -> Result<Status, CliError> {
    let name = a.app_name();
    let secret_sink = SecretSink::prepare(a, &name)?;
    let store = undo_store()?;
    let client = session(a, r, out).await?;
    let p = make_plan(&client, a, r, out).await?;
    out.note(&render::plan(&p));
    let consent = consent(&p, a.yes)?;
    let applied = mgmt::apply(&client, &p, &consent, &store, sink(out)).await?;
    let id = applied.client_id.clone().unwrap_or_default();
    let undo_id = applied.undo_id.clone().unwrap_or_default();
    // The M2M applications made for the target fill its extras (service account, ingestion).
    let m2m = match &r.requirements {
        Some(reqs) => applied.m2m_extras(reqs),
        None => Default::default(),
    };
    let stored = match applied.client_secret() {
        Some(secret) => secret_sink.store(secret, &r.raw, &id, a.mgmt_client_id.as_deref(), m2m),
        None => Err(refused(
            "no_secret",
            "Auth0 returned no client secret".to_owned(),
        )),
    };
    if let Err(e) = stored {
        return Err(take_back(&client, &store, &undo_id, e, out).await);
    }
    if let Some(profile) = secret_sink.profile() {
        let mut record = store.load(&undo_id).map_err(store_err)?;
        record.profile = Some(profile.to_owned());
        store.save(&record).map_err(store_err)?;
    }
    let mut doc = Doc::new(
        PlanAction::Create,
        applied.client_id.clone(),
        &applied.changes,
    );
    doc.applied = true;
    doc.undo_id = applied.undo_id.clone();
    if out.json {
        out.json(&doc)?;
        return Ok(Status::Ok);
    }
    let mut text = format!(
        "Created {name:?}: client ID {id}. Its client secret is {}.\n",
        secret_sink.describe()
    );
    for c in applied.created.iter().filter(|c| c.step != "client") {
        text.push_str(&format!("Also created the Machine to Machine application {:?} (client ID {}): copy its secret from Applications > Applications > {} > Settings.\n", c.name, c.client_id, c.name));
    }
    text.push_str(&format!("Undo: auth0-wizard app undo --undo-id {undo_id} (with the same --domain and Management API flags).\n"));
    out.stdout(&text)?;
    Ok(Status::Ok)
}

fn store_err(e: auth0_wizard_store::StoreError) -> CliError {
    CliError::Failed {
        code: e.code(),
        message: e.to_string(),
    }
}

/// The secret could not be stored: delete what was created, and say so.
async fn take_back(
    client: &MgmtClient,
    store: &UndoStore,
    undo_id: &str,
    e: CliError,
    out: &Output,
) -> CliError {
    let reason = e.to_string();
    let undone = match store.load(undo_id) {
        Ok(mut record) => mgmt::undo(client, &mut record, store, sink(out))
            .await
            .map_err(|u| u.to_string()),
        Err(le) => Err(le.to_string()),
    };
    let message = match undone {
        Ok(_) => format!("the client secret could not be stored ({reason}), so the application was deleted again: nothing was left"),
        Err(u) => format!("the client secret could not be stored ({reason}), and deleting the application again failed ({u}): `auth0-wizard app undo --undo-id {undo_id}` removes it"),
    };
    CliError::Failed {
        code: "secret_not_stored",
        message,
    }
}

/// `fix`: plan from the audit, yes, one PATCH.
pub async fn fix(a: &AppArgs, r: &Resolved, out: &Output) -> Result<Status, CliError> {
    let store = undo_store()?;
    let client = session(a, r, out).await?;
    let p = make_plan(&client, a, r, out).await?;
    out.note(&render::plan(&p));
    let failing = p.unfixable.iter().any(|u| u.failing);
    let status = if failing { Status::Failed } else { Status::Ok };
    if p.is_empty() {
        if out.json {
            out.json(&Doc::new(PlanAction::Fix, p.client_id.clone(), &[]))?;
        }
        return Ok(status);
    }
    let consent = consent(&p, a.yes)?;
    let applied = mgmt::apply(&client, &p, &consent, &store, sink(out)).await?;
    let mut doc = Doc::new(PlanAction::Fix, applied.client_id.clone(), &applied.changes);
    doc.applied = applied.applied;
    doc.undo_id = applied.undo_id.clone();
    if out.json {
        out.json(&doc)?;
    } else {
        let undo_id = applied.undo_id.unwrap_or_default();
        out.stdout(&format!("Changed {} setting(s) of {:?}. Undo: auth0-wizard app undo --undo-id {undo_id} (or --client-id {}).\n", applied.changes.len(), p.name, p.client_id.unwrap_or_default()))?;
    }
    Ok(status)
}

/// `undo`: the record, checked against the tenant, yes, reverted.
pub async fn undo(a: &AppArgs, r: &Resolved, out: &Output) -> Result<Status, CliError> {
    let store = undo_store()?;
    let client = session(a, r, out).await?;
    let found = match (&a.undo_id, &r.client_id) {
        (Some(id), _) => Some(store.load(id).map_err(store_err)?),
        (None, Some(cid)) => store.latest(&client.domain(), cid).map_err(store_err)?,
        (None, None) => None,
    };
    let nothing = |why: String| -> Result<Status, CliError> {
        if out.json {
            out.json(&Doc::new(PlanAction::Undo, r.client_id.clone(), &[]))?;
        } else {
            out.stdout(&format!("{why}\n"))?;
        }
        Ok(Status::Ok)
    };
    let Some(mut record) = found else {
        return nothing(format!(
            "Nothing to undo: this machine made no change to {} on {} that is not undone yet.",
            r.client_id.as_deref().unwrap_or(""),
            client.domain()
        ));
    };
    if let (Some(cid), Some(_)) = (&r.client_id, &a.undo_id) {
        if !record.concerns(cid) {
            return Err(refused(
                "refused",
                format!(
                    "undo {} concerns {}, not {cid}",
                    record.id,
                    record.client_id.as_deref().unwrap_or("no application")
                ),
            ));
        }
    }
    if let Some(when) = &record.undone_at {
        return nothing(format!("Undo {} was already undone at {when}.", record.id));
    }
    let check = mgmt::undo_check(&client, &record, sink(out)).await?;
    if !check.drift.is_empty() {
        return Err(CliError::from(MgmtError::Changed { drift: check.drift }));
    }
    let mut text = format!(
        "Undo {} ({} of {:?} on {}, {}):\n",
        record.id,
        record.action.as_str(),
        record.name,
        record.domain,
        record.created_at
    );
    for c in &check.changes {
        text.push_str(&format!("  - {}\n", render::change_line(c)));
    }
    for n in &check.notes {
        text.push_str(&format!("note: {n}\n"));
    }
    out.note(text.trim_end());
    agree(
        &format!("Revert these {} change(s)?", check.changes.len()),
        a.yes,
    )?;
    let report = mgmt::undo(&client, &mut record, &store, sink(out)).await?;
    let profile_gone = match (&record.profile, record.action) {
        (Some(p), PlanAction::Create) => {
            delete_profile(p, record.client_id.as_deref()).unwrap_or(false)
        }
        _ => false,
    };
    let mut doc = Doc::new(PlanAction::Undo, record.client_id.clone(), &report.changes);
    doc.applied = true;
    doc.undo_id = Some(record.id.clone());
    if out.json {
        out.json(&doc)?;
    } else {
        let profile = if profile_gone {
            " Its profile and keyring entry are deleted too."
        } else {
            ""
        };
        out.stdout(&format!(
            "Reverted {} change(s) of undo {}.{profile}\n",
            report.changes.len(),
            record.id
        ))?;
    }
    Ok(Status::Ok)
}
