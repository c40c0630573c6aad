//! `fix` and its undo against the stateful Management API fake: lists merged, the
//! previous values restored, nothing restored over someone else's change, rate
//! limits waited out, a missing scope named with where to add it.

mod mgmt_common;

use auth0_wizard_core::checks::{self, CheckStatus};
use auth0_wizard_core::mgmt::{self, Cleanup, Consent, MgmtAuth, MgmtError, ProgressKind};
use auth0_wizard_tests::{MgmtConfig, MgmtStub, StubClient};
use mgmt_common::*;
use serde_json::{json, Value};

const OTHER: &str = "https://other.example.com/callback";

/// An application with the user's own callback and logout URL, HS256 and OIDC
/// conformance off: three findings to fix.
fn wrong_app() -> StubClient {
    StubClient::regular_web()
        .with("callbacks", json!([OTHER]))
        .with(
            "allowed_logout_urls",
            json!(["https://other.example.com/bye"]),
        )
        .with("oidc_conformant", json!(false))
        .with(
            "jwt_configuration",
            json!({"alg": "HS256", "lifetime_in_seconds": 600, "secret_encoded": false}),
        )
}

async fn stub_with(app: &StubClient) -> MgmtStub {
    MgmtStub::start(MgmtConfig {
        clients: vec![app.clone()],
        ..MgmtConfig::writer()
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn fix_adds_what_is_missing_keeps_the_users_callbacks_and_undo_restores() {
    let app = wrong_app();
    let id = app.client_id();
    let stub = stub_with(&app).await;
    let client = connect(&stub).await;
    let reqs = dex(&stub);
    let plan = mgmt::plan_fix(&client, &reqs, &id, &mgmt::quiet)
        .await
        .unwrap();
    let fields: Vec<&str> = plan.changes().map(|c| c.field.as_str()).collect();
    assert_eq!(
        fields,
        ["callbacks", "jwt_configuration.alg", "oidc_conformant"]
    );
    let cb = plan.changes().next().unwrap();
    assert_eq!(
        (&cb.from, &cb.to),
        (&json!([OTHER]), &json!([OTHER, DEX_CALLBACK]))
    );
    assert!(stub.writes().is_empty(), "a plan writes nothing");

    let journal = MemJournal::default();
    let applied = mgmt::apply(&client, &plan, &Consent::all(), &journal, &mgmt::quiet)
        .await
        .unwrap();
    assert!(applied.applied);
    let now = stub.client(&id).unwrap();
    assert_eq!(now["callbacks"], json!([OTHER, DEX_CALLBACK]));
    assert_eq!(
        now["allowed_logout_urls"],
        json!(["https://other.example.com/bye"])
    );
    assert_eq!(
        now["jwt_configuration"],
        json!({"alg": "RS256", "lifetime_in_seconds": 600, "secret_encoded": false})
    );
    assert_eq!(audit(&stub, &id, &reqs).await.status, CheckStatus::Pass);
    // One PATCH, with only the fields changed (never a read-only one).
    let writes = stub.writes();
    assert_eq!(writes.len(), 1, "{writes:?}");
    let sent: Value = serde_json::from_str(&writes[0].body).unwrap();
    assert_eq!(
        sent,
        json!({"callbacks": [OTHER, DEX_CALLBACK], "jwt_configuration": {"alg": "RS256"}, "oidc_conformant": true})
    );

    let mut record = journal.last();
    let check = mgmt::undo_check(&client, &record, &mgmt::quiet)
        .await
        .unwrap();
    assert_eq!(check.changes.len(), 3);
    assert!(check.drift.is_empty());
    mgmt::undo(&client, &mut record, &journal, &mgmt::quiet)
        .await
        .unwrap();
    assert_eq!(
        stub.client(&id).unwrap(),
        app.record,
        "exactly the previous values"
    );
    assert!(journal.last().undone_at.is_some());
}

#[tokio::test]
async fn undo_refuses_after_a_concurrent_change_and_names_each_field() {
    let app = wrong_app();
    let id = app.client_id();
    let stub = stub_with(&app).await;
    let client = connect(&stub).await;
    let plan = mgmt::plan_fix(&client, &dex(&stub), &id, &mgmt::quiet)
        .await
        .unwrap();
    let journal = MemJournal::default();
    mgmt::apply(&client, &plan, &Consent::all(), &journal, &mgmt::quiet)
        .await
        .unwrap();

    // Someone adds a callback and switches OIDC conformance off again, in the dashboard.
    let theirs = json!([OTHER, DEX_CALLBACK, "https://third.example.com/cb"]);
    stub.set_client_field(&id, "callbacks", theirs.clone());
    stub.set_client_field(&id, "oidc_conformant", json!(false));
    let writes = stub.writes().len();
    let mut record = journal.last();
    let e = mgmt::undo(&client, &mut record, &journal, &mgmt::quiet)
        .await
        .unwrap_err();
    let MgmtError::Changed { drift } = &e else {
        panic!("{e}")
    };
    let named: Vec<(&str, &Value)> = drift.iter().map(|d| (d.field.as_str(), &d.now)).collect();
    assert_eq!(
        named,
        [("callbacks", &theirs), ("oidc_conformant", &json!(false))]
    );
    assert_eq!(stub.writes().len(), writes, "undo changed nothing");
    assert_eq!(stub.client(&id).unwrap()["callbacks"], theirs);
    assert!(journal.last().undone_at.is_none());
}

#[tokio::test]
async fn a_value_that_was_absent_is_removed_again_by_undo() {
    // An application created without alg (HS256 server-side, A.4): GET shows no alg.
    let app = StubClient::regular_web()
        .with("callbacks", json!([DEX_CALLBACK]))
        .with(
            "jwt_configuration",
            json!({"lifetime_in_seconds": 36000, "secret_encoded": false}),
        );
    let id = app.client_id();
    let stub = stub_with(&app).await;
    let client = connect(&stub).await;
    let plan = mgmt::plan_fix(&client, &dex(&stub), &id, &mgmt::quiet)
        .await
        .unwrap();
    let alg = plan
        .changes()
        .find(|c| c.field == "jwt_configuration.alg")
        .unwrap();
    assert_eq!((&alg.from, &alg.to), (&Value::Null, &json!("RS256")));
    let journal = MemJournal::default();
    mgmt::apply(
        &client,
        &plan,
        &Consent::only(["client.jwt_configuration.alg"]),
        &journal,
        &mgmt::quiet,
    )
    .await
    .unwrap();
    assert_eq!(
        stub.client(&id).unwrap()["jwt_configuration"]["alg"],
        "RS256"
    );
    mgmt::undo(&client, &mut journal.last(), &journal, &mgmt::quiet)
        .await
        .unwrap();
    assert_eq!(stub.client(&id).unwrap(), app.record);
}

#[tokio::test]
async fn a_fix_refuses_when_the_application_changed_since_the_plan() {
    let app = wrong_app();
    let id = app.client_id();
    let stub = stub_with(&app).await;
    let client = connect(&stub).await;
    let plan = mgmt::plan_fix(&client, &dex(&stub), &id, &mgmt::quiet)
        .await
        .unwrap();
    stub.set_client_field(&id, "callbacks", json!(["https://new.example.com/cb"]));
    let e = mgmt::apply(
        &client,
        &plan,
        &Consent::all(),
        &MemJournal::default(),
        &mgmt::quiet,
    )
    .await
    .unwrap_err();
    assert!(matches!(e.error, MgmtError::Changed { .. }), "{e}");
    assert!(matches!(e.cleanup, Cleanup::NothingWritten));
    assert!(stub.writes().is_empty());
}

#[tokio::test]
async fn rate_limits_are_waited_out_and_shown() {
    let app = wrong_app();
    let stub = stub_with(&app).await;
    let client = connect(&stub).await;
    let plan = mgmt::plan_fix(&client, &dex(&stub), &app.client_id(), &mgmt::quiet)
        .await
        .unwrap();
    stub.rate_limit_next(2);
    let events = Events::default();
    let sink = events.sink();
    let applied = mgmt::apply(
        &client,
        &plan,
        &Consent::all(),
        &MemJournal::default(),
        &sink,
    )
    .await
    .unwrap();
    assert!(applied.applied);
    let waits: Vec<String> = events
        .all()
        .into_iter()
        .filter_map(|e| match e.kind {
            ProgressKind::Waiting { what, seconds } => Some(format!("{what} {seconds}")),
            _ => None,
        })
        .collect();
    assert_eq!(waits.len(), 2, "{waits:?}");
    assert!(waits[0].contains("rate limit (HTTP 429"), "{waits:?}");
}

#[tokio::test]
async fn a_missing_scope_says_which_and_where_to_add_it() {
    let app = wrong_app();
    let cfg = MgmtConfig {
        clients: vec![app.clone()],
        m2m_scopes: vec!["read:clients".into()],
        ..MgmtConfig::default()
    };
    let stub = MgmtStub::start(cfg).await.unwrap();
    let client = connect(&stub).await;
    let plan = mgmt::plan_fix(&client, &dex(&stub), &app.client_id(), &mgmt::quiet)
        .await
        .unwrap();
    let e = mgmt::apply(
        &client,
        &plan,
        &Consent::all(),
        &MemJournal::default(),
        &mgmt::quiet,
    )
    .await
    .unwrap_err();
    let MgmtError::InsufficientScope { scopes, fix, .. } = &e.error else {
        panic!("{e}")
    };
    assert_eq!(scopes, &["update:clients"]);
    assert!(fix.starts_with(&format!("Add scope update:clients to application {}, here: Applications > APIs > Auth0 Management API > Machine To Machine Applications", stub.m2m_client.id)), "{fix}");
    assert!(matches!(e.cleanup, Cleanup::NothingWritten), "{e}");
    assert_eq!(stub.client(&app.client_id()).unwrap(), app.record);
}

#[tokio::test]
async fn a_pasted_token_works_and_an_unknown_client_is_auth0s_404() {
    let stub = MgmtStub::start(MgmtConfig::writer()).await.unwrap();
    let domain = checks::parse_domain(&stub.domain).unwrap();
    let token = stub.token(&["read:clients"]);
    let auth = MgmtAuth::Token(token.clone().into());
    let client = mgmt::connect(&http(&stub), &domain, auth, opts(), &mgmt::quiet)
        .await
        .unwrap();
    let e = mgmt::plan_fix(&client, &dex(&stub), "no-such-client", &mgmt::quiet)
        .await
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "reading the application: HTTP 404 inexistent_client: The client does not exist"
    );
    assert!(e.fix().contains("Client ID"), "{}", e.fix());
    assert!(!format!("{e:?}").contains(&token));

    let auth = MgmtAuth::Token("expired-token".into());
    let client = mgmt::connect(&http(&stub), &domain, auth, opts(), &mgmt::quiet)
        .await
        .unwrap();
    let e = mgmt::plan_fix(&client, &dex(&stub), "any", &mgmt::quiet)
        .await
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "reading the application: HTTP 401: Invalid token"
    );
    assert!(e.fix().contains("API Explorer"), "{}", e.fix());
}
