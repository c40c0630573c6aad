//! The Register step's "Create it for me" against the stateful fake of the
//! Management API (tests/src/mgmt) on loopback HTTPS: the plan and its scopes,
//! a yes, progress, the new application in the Credentials step, Undo; no
//! write without the yes; and "Fix these settings" after the audit.

use super::harness::*;
use super::{check_status, env_refs, keyring_items, PUBLIC_URL};
use auth0_wizard_tests::{MgmtConfig, MgmtStub, StubClient, ALL_SCOPES};

const CREATE: &str = "[data-testid=mgmt-create]";
const PANEL: &str = "[data-testid=mgmt-panel]";
const PLAN: &str = "[data-testid=mgmt-plan]";
const SCOPES: &str = "[data-testid=mgmt-scopes]";
const PROGRESS: &str = "[data-testid=mgmt-progress]";
const CONFIRM: &str = "[data-testid=mgmt-confirm]";
const CANCEL: &str = "[data-testid=mgmt-cancel]";
const UNDO: &str = "[data-testid=mgmt-undo]";
const ERROR: &str = "[data-testid=mgmt-error]";
const PROFILE: &str = "[data-testid='profile-auth0-wizard pachyderm']";

/// The app trusting the fake's CA (as the checks trust the test provider's).
fn mgmt_env(stub: &MgmtStub) -> Vec<(&'static str, String)> {
    vec![("AUTH0_WIZARD_CA_FILE", stub.ca_file.display().to_string())]
}

async fn phase(app: &App, want: &str) -> Result<String> {
    app.attr_where(PANEL, "data-phase", WAIT, |p| p == want)
        .await
        .with_context(|| format!("the Management API panel never reached {want:?}"))
}

/// Step 1 for Pachyderm, on to step 2, "Create it for me" with a pasted
/// token (and the new secret to the keyring if `remember`), and the plan shown.
async fn to_the_plan(app: &mut App, stub: &MgmtStub, token: &str, remember: bool) -> Result<()> {
    app.click(&ui::target("pachyderm")).await?;
    app.fill(ui::PUBLIC_URL, PUBLIC_URL).await?;
    app.click(ui::NEXT).await?;
    app.visible(&ui::step(2)).await?;
    // The manual checklist stays.
    app.visible(ui::REQUIREMENTS).await?;
    app.click(CREATE).await?;
    phase(app, "login").await?;
    app.fill("#mgmt-domain", &stub.domain).await?;
    app.click("[data-testid=mgmt-mode-token]").await?;
    app.fill("#mgmt-token", token).await?;
    if app
        .visible("#mgmt-token")
        .await?
        .attr("type")
        .await?
        .as_deref()
        != Some("password")
    {
        bail!("the token field is not a password field");
    }
    if remember {
        app.click("[data-testid=mgmt-remember]").await?;
    }
    app.shot("mgmt-credentials").await?;
    app.click("[data-testid=mgmt-show-plan]").await?;
    phase(app, "plan").await?;
    let callback = format!("{PUBLIC_URL}/dex/callback");
    let plan = app.text_contains(PLAN, &callback).await?;
    for field in [
        "callbacks",
        "token_endpoint_auth_method",
        "jwt_configuration.alg",
    ] {
        if !plan.contains(field) {
            bail!("the plan does not show {field}:\n{plan}");
        }
    }
    app.text_contains(SCOPES, "create:clients").await?;
    app.scroll_to(CONFIRM).await?;
    app.shot("mgmt-plan").await?;
    if !stub.writes().is_empty() {
        bail!("the plan wrote to the tenant: {:?}", stub.writes());
    }
    Ok(())
}

/// Create the application, see it in the Credentials step, go back, Undo:
/// the fake no longer has it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a display: run with make e2e"]
async fn register_create_then_undo() -> Result<()> {
    let stub = MgmtStub::start(MgmtConfig::default()).await?;
    let home = AppHome::new()?;
    let env = mgmt_env(&stub);
    let mut app = App::launch("register", &home, &env_refs(&env)).await?;
    let token = stub.token(ALL_SCOPES);
    let r = async {
        to_the_plan(&mut app, &stub, &token, true).await?;
        let before = stub.clients().len();
        app.click(CONFIRM).await?;
        phase(&app, "done").await?;
        app.text_contains(PROGRESS, "POST /api/v2/clients").await?;
        let id = app
            .visible("[data-testid=mgmt-created-id]")
            .await?
            .text()
            .await?;
        let Some(made) = stub.client(&id) else {
            bail!("the fake has no application {id:?}");
        };
        let callback = json!(format!("{PUBLIC_URL}/dex/callback"));
        if !made["callbacks"]
            .as_array()
            .is_some_and(|c| c.contains(&callback))
        {
            bail!("the created application's callbacks: {}", made["callbacks"]);
        }
        if stub.clients().len() != before + 1 {
            bail!("expected exactly one new application");
        }
        let secret = stub.client_secret(&id).context("its secret")?;
        if app.body_text().await.contains(&secret) {
            bail!("the new client secret is in the window's text");
        }
        // Remembered as asked: a profile named after the application, its secret in the keyring.
        let entry = [
            ("service", "auth0-wizard"),
            ("username", "auth0-wizard pachyderm/clientSecret"),
        ];
        wait_for(WAIT, "the new secret in the keyring", || async {
            Ok((keyring_items(&entry)? == 1).then_some(()))
        })
        .await?;
        app.visible(PROFILE).await?;
        app.scroll_to("[data-testid=mgmt-result]").await?;
        app.shot("mgmt-created").await?;

        // The Credentials step has the new application's ID and secret (a password field).
        app.click(ui::NEXT).await?;
        app.visible(&ui::step(3)).await?;
        if app.value(ui::CLIENT_ID).await? != id {
            bail!("the Credentials step's client ID is not {id}");
        }
        if app.value(ui::CLIENT_SECRET).await? != secret {
            bail!("the Credentials step's client secret is not the new one");
        }
        let kind = app.visible(ui::CLIENT_SECRET).await?.attr("type").await?;
        if kind.as_deref() != Some("password") {
            bail!("the client secret is shown as {kind:?}, not a password field");
        }
        app.shot("mgmt-credentials-filled").await?;

        // Back, Undo: the fake no longer has it, and the fields are emptied.
        app.click("[data-testid=back]").await?;
        app.visible(&ui::step(2)).await?;
        phase(&app, "done").await?;
        app.click(UNDO).await?;
        phase(&app, "undone").await?;
        app.text_contains("[data-testid=mgmt-undone]", "deleted")
            .await?;
        if stub.client(&id).is_some() {
            bail!("Undo left the application {id} in the tenant");
        }
        // Its profile and keyring entry go with it.
        wait_for(WAIT, "the keyring entry gone", || async {
            Ok((keyring_items(&entry)? == 0 && !app.exists(PROFILE).await?).then_some(()))
        })
        .await?;
        let deleted = stub
            .writes()
            .iter()
            .any(|w| w.method == "DELETE" && w.path.ends_with(&id));
        if !deleted {
            bail!("no DELETE of {id} reached the fake");
        }
        app.shot("mgmt-undone").await?;
        Ok(())
    }
    .await;
    app.finish(r).await
}

/// No write without the yes: Cancel at the confirmation sends nothing; a
/// token without `create:clients` is refused with the scope to add.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a display: run with make e2e"]
async fn register_cancel_writes_nothing() -> Result<()> {
    let stub = MgmtStub::start(MgmtConfig::default()).await?;
    let home = AppHome::new()?;
    let env = mgmt_env(&stub);
    let mut app = App::launch("register-cancel", &home, &env_refs(&env)).await?;
    let token = stub.token(ALL_SCOPES);
    let r = async {
        to_the_plan(&mut app, &stub, &token, false).await?;
        app.click(CANCEL).await?;
        phase(&app, "idle").await?;
        app.text_contains("[data-testid=mgmt-notice]", "Nothing was changed")
            .await?;
        let focus = app.focused().await?;
        if focus == "BODY" {
            bail!("the focus fell to <body> when the confirmation went away");
        }
        // The fake's own record: nothing but reads.
        if !stub.writes().is_empty() {
            bail!("Cancel still wrote: {:?}", stub.writes());
        }
        app.shot("mgmt-cancelled").await?;

        // A token that may read but not create: refused at the place, with the scope to add.
        let reader = stub.token(&["read:clients"]);
        app.click(CREATE).await?;
        phase(&app, "login").await?;
        app.fill("#mgmt-token", &reader).await?;
        app.click("[data-testid=mgmt-show-plan]").await?;
        phase(&app, "plan").await?;
        app.click(CONFIRM).await?;
        let text = app.text_contains(ERROR, "create:clients").await?;
        if !text.contains("Fix:") || !text.to_lowercase().contains("add scope create:clients") {
            bail!("the refusal does not say which scope to add: {text}");
        }
        let code = app.visible(ERROR).await?.attr("data-code").await?;
        if code.as_deref() != Some("mgmt.insufficient_scope") {
            bail!("the refusal's code is {code:?}");
        }
        if stub.clients().len() != 1 {
            bail!("a refused create left an application");
        }
        app.scroll_to(ERROR).await?;
        app.shot("mgmt-insufficient-scope").await?;
        Ok(())
    }
    .await;
    app.finish(r).await
}

/// "Fix these settings" after an audit with findings, with the audit's
/// Machine to Machine application: the user's other callback stays; Undo
/// restores the list as it was.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a display: run with make e2e"]
async fn register_fix_after_the_audit() -> Result<()> {
    const OTHER: &str = "https://other.example.com/callback";
    let web = StubClient::regular_web().with("callbacks", json!([OTHER]));
    let (id, secret) = (web.client_id(), web.secret.clone());
    let cfg = MgmtConfig {
        clients: vec![web],
        ..MgmtConfig::writer()
    };
    let stub = MgmtStub::start(cfg).await?;
    let home = AppHome::new()?;
    let env = mgmt_env(&stub);
    let mut app = App::launch("register-fix", &home, &env_refs(&env)).await?;
    let r = async {
        app.click(&ui::target("pachyderm")).await?;
        app.fill(ui::PUBLIC_URL, PUBLIC_URL).await?;
        app.click(ui::NEXT).await?;
        app.click(ui::NEXT).await?;
        app.visible(&ui::step(3)).await?;
        app.fill(ui::DOMAIN, &stub.domain).await?;
        app.fill(ui::CLIENT_ID, &id).await?;
        app.fill(ui::CLIENT_SECRET, &secret).await?;
        app.click("[data-testid=audit-section] summary").await?;
        app.fill("#audit-client-id", &stub.m2m_client.id).await?;
        app.fill("#audit-client-secret", &stub.m2m_client.secret)
            .await?;
        app.click(ui::NEXT).await?;
        app.click(ui::RUN_CHECKS).await?;
        let audit = check_status(&app, "app_audit").await?;
        if audit == "pass" {
            bail!("the audit found nothing to fix");
        }
        app.click("[data-testid=nav-step-2]").await?;
        app.click("[data-testid=mgmt-fix]").await?;
        phase(&app, "login").await?;
        // The audit's M2M application and the Credentials step's domain are taken as they are.
        if app.value("#mgmt-client-id").await? != stub.m2m_client.id {
            bail!("the M2M client ID of the audit is not offered");
        }
        app.click("[data-testid=mgmt-show-plan]").await?;
        phase(&app, "plan").await?;
        let callback = format!("{PUBLIC_URL}/dex/callback");
        let plan = app.text_contains(PLAN, &callback).await?;
        if !plan.contains(OTHER) {
            bail!("the plan drops the user's callback {OTHER}:\n{plan}");
        }
        app.scroll_to(CONFIRM).await?;
        app.shot("mgmt-fix-plan").await?;
        app.click(CONFIRM).await?;
        phase(&app, "done").await?;
        let now = stub.client(&id).context("the application")?["callbacks"].clone();
        if now
            .as_array()
            .map(|c| c.contains(&json!(OTHER)) && c.contains(&json!(callback)))
            != Some(true)
        {
            bail!("after the fix the callbacks are {now}");
        }
        app.shot("mgmt-fixed").await?;

        // Someone changes the callbacks since: Undo refuses, names the field, writes nothing.
        let theirs = json!([OTHER, "https://someone.example.com/cb"]);
        stub.set_client_field(&id, "callbacks", theirs.clone());
        let writes = stub.writes().len();
        app.click(UNDO).await?;
        app.text_contains(
            "[data-testid=mgmt-drift] [data-field=callbacks]",
            "someone.example.com",
        )
        .await?;
        let code = app.visible(ERROR).await?.attr("data-code").await?;
        if code.as_deref() != Some("mgmt.changed_since") || stub.writes().len() != writes {
            bail!("a refused Undo ended {code:?} or wrote to the tenant");
        }
        if stub.client(&id).context("the application")?["callbacks"] != theirs {
            bail!("a refused Undo changed the callbacks");
        }
        app.scroll_to(ERROR).await?;
        app.shot("mgmt-undo-refused").await?;
        // Put back what the wizard wrote: now Undo restores the list as it was.
        stub.set_client_field(&id, "callbacks", now.clone());
        app.click(UNDO).await?;
        phase(&app, "undone").await?;
        let back = stub.client(&id).context("the application")?["callbacks"].clone();
        if back != json!([OTHER]) {
            bail!("Undo left the callbacks at {back}");
        }
        Ok(())
    }
    .await;
    app.finish(r).await
}

/// A rate limit (HTTP 429) is waited out with the wait shown, and Cancel
/// stops the apply there: no application is made, and the step says so.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a display: run with make e2e"]
async fn register_rate_limit_wait_then_cancel() -> Result<()> {
    let stub = MgmtStub::start(MgmtConfig::default()).await?;
    let home = AppHome::new()?;
    let env = mgmt_env(&stub);
    let mut app = App::launch("register-429", &home, &env_refs(&env)).await?;
    let token = stub.token(ALL_SCOPES);
    let r = async {
        to_the_plan(&mut app, &stub, &token, false).await?;
        stub.rate_limit_next(1000);
        app.click(CONFIRM).await?;
        app.text_contains(PROGRESS, "rate limit (HTTP 429").await?;
        app.text_contains(PROGRESS, "Waiting").await?;
        app.shot("mgmt-rate-limited").await?;
        app.click("[data-testid=mgmt-cancel-run]").await?;
        let text = app.text_contains(ERROR, "cancelled").await?;
        let code = app.visible(ERROR).await?.attr("data-code").await?;
        if code.as_deref() != Some("mgmt.cancelled") {
            bail!("Cancel ended {code:?}: {text}");
        }
        if app.focused().await? == "BODY" {
            bail!("the focus fell to <body> when Cancel went away");
        }
        stub.rate_limit_next(0);
        if stub.clients().len() != 1 {
            bail!("a cancelled create left an application");
        }
        app.scroll_to(ERROR).await?;
        app.shot("mgmt-cancelled-while-waiting").await?;
        Ok(())
    }
    .await;
    app.finish(r).await
}
